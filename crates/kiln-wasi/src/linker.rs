//! [`add_to_linker`]: defines every `wasi_snapshot_preview1` function in a
//! [`Linker`], as host functions that find the caller's exported `memory`
//! and the [`WasiCtx`] in the store's data.

use kiln::guest::GuestMemory;
use kiln::{Caller, Extern, Linker};

use crate::I32Exit;
use crate::ctx::WasiCtx;
use crate::types::WasiResult;

/// The import module name of WASI preview 1.
const MODULE: &str = "wasi_snapshot_preview1";

/// Runs one WASI function with the caller's memory (empty if the caller
/// exports none: every pointer is then `EFAULT`) and context; returns the
/// error number.
fn call<T: 'static>(
    caller: &mut Caller<'_, T>,
    get_cx: impl Fn(&mut T) -> &mut WasiCtx,
    f: impl FnOnce(&mut WasiCtx, &GuestMemory<'_>) -> WasiResult,
) -> i32 {
    let memory = match caller.get_export("memory") {
        Some(Extern::Memory(memory)) => Some(memory),
        _ => None,
    };
    let (bytes, data): (&mut [u8], &mut T) = match memory {
        Some(memory) => memory.data_and_store_mut(&mut *caller),
        None => (&mut [], caller.data_mut()),
    };
    let mem = GuestMemory::new(bytes);
    match f(get_cx(data), &mem) {
        Ok(()) => 0,
        Err(errno) => i32::from(errno as u16),
    }
}

/// Defines one function: its wasm parameters (as Rust integer types) and
/// how it calls into the context.
macro_rules! wasi {
    ($linker:ident, $get:ident, $name:literal, |$cx:ident, $mem:pat_param $(, $arg:ident : $ty:ty)*| $body:expr) => {
        $linker.func_wrap(MODULE, $name, move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> i32 {
            call(&mut caller, $get, |$cx, $mem| $body)
        })?;
    };
}

/// Defines all of `wasi_snapshot_preview1` in `linker`. `get_cx` finds the
/// [`WasiCtx`] in the store's data (`|cx| cx` if the data is the context).
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get_cx: impl Fn(&mut T) -> &mut WasiCtx + Copy + Send + Sync + 'static,
) -> kiln::Result<()> {
    wasi!(linker, get_cx, "args_get", |cx, mem, argv: u32, buf: u32| cx.args_get(mem, argv, buf));
    wasi!(linker, get_cx, "args_sizes_get", |cx, mem, argc: u32, size: u32| cx.args_sizes_get(mem, argc, size));
    wasi!(linker, get_cx, "environ_get", |cx, mem, env: u32, buf: u32| cx.environ_get(mem, env, buf));
    wasi!(linker, get_cx, "environ_sizes_get", |cx, mem, n: u32, size: u32| cx.environ_sizes_get(mem, n, size));
    wasi!(linker, get_cx, "clock_res_get", |cx, mem, id: u32, out: u32| cx.clock_res_get(mem, id, out));
    wasi!(linker, get_cx, "clock_time_get", |cx, mem, id: u32, precision: u64, out: u32| {
        cx.clock_time_get(mem, id, precision, out)
    });
    wasi!(linker, get_cx, "fd_advise", |cx, _, fd: u32, offset: u64, len: u64, advice: u32| {
        cx.fd_advise(fd, offset, len, advice)
    });
    wasi!(linker, get_cx, "fd_allocate", |cx, _, fd: u32, offset: u64, len: u64| cx.fd_allocate(fd, offset, len));
    wasi!(linker, get_cx, "fd_close", |cx, _, fd: u32| cx.fd_close(fd));
    wasi!(linker, get_cx, "fd_datasync", |cx, _, fd: u32| cx.fd_datasync(fd));
    wasi!(linker, get_cx, "fd_fdstat_get", |cx, mem, fd: u32, out: u32| cx.fd_fdstat_get(mem, fd, out));
    wasi!(linker, get_cx, "fd_fdstat_set_flags", |cx, _, fd: u32, flags: u32| cx.fd_fdstat_set_flags(fd, flags));
    wasi!(linker, get_cx, "fd_fdstat_set_rights", |cx, _, fd: u32, base: u64, inheriting: u64| {
        cx.fd_fdstat_set_rights(fd, base, inheriting)
    });
    wasi!(linker, get_cx, "fd_filestat_get", |cx, mem, fd: u32, out: u32| cx.fd_filestat_get(mem, fd, out));
    wasi!(linker, get_cx, "fd_filestat_set_size", |cx, _, fd: u32, size: u64| cx.fd_filestat_set_size(fd, size));
    wasi!(linker, get_cx, "fd_filestat_set_times", |cx, _, fd: u32, atim: u64, mtim: u64, flags: u32| {
        cx.fd_filestat_set_times(fd, atim, mtim, flags)
    });
    wasi!(linker, get_cx, "fd_pread", |cx, mem, fd: u32, iovs: u32, len: u32, offset: u64, out: u32| {
        cx.fd_pread(mem, fd, iovs, len, offset, out)
    });
    wasi!(linker, get_cx, "fd_prestat_get", |cx, mem, fd: u32, out: u32| cx.fd_prestat_get(mem, fd, out));
    wasi!(linker, get_cx, "fd_prestat_dir_name", |cx, mem, fd: u32, path: u32, len: u32| {
        cx.fd_prestat_dir_name(mem, fd, path, len)
    });
    wasi!(linker, get_cx, "fd_pwrite", |cx, mem, fd: u32, iovs: u32, len: u32, offset: u64, out: u32| {
        cx.fd_pwrite(mem, fd, iovs, len, offset, out)
    });
    wasi!(linker, get_cx, "fd_read", |cx, mem, fd: u32, iovs: u32, len: u32, out: u32| {
        cx.fd_read(mem, fd, iovs, len, out)
    });
    wasi!(linker, get_cx, "fd_readdir", |cx, mem, fd: u32, buf: u32, len: u32, cookie: u64, out: u32| {
        cx.fd_readdir(mem, fd, buf, len, cookie, out)
    });
    wasi!(linker, get_cx, "fd_renumber", |cx, _, from: u32, to: u32| cx.fd_renumber(from, to));
    wasi!(linker, get_cx, "fd_seek", |cx, mem, fd: u32, offset: i64, whence: u32, out: u32| {
        cx.fd_seek(mem, fd, offset, whence, out)
    });
    wasi!(linker, get_cx, "fd_sync", |cx, _, fd: u32| cx.fd_sync(fd));
    wasi!(linker, get_cx, "fd_tell", |cx, mem, fd: u32, out: u32| cx.fd_tell(mem, fd, out));
    wasi!(linker, get_cx, "fd_write", |cx, mem, fd: u32, iovs: u32, len: u32, out: u32| {
        cx.fd_write(mem, fd, iovs, len, out)
    });
    wasi!(linker, get_cx, "path_create_directory", |cx, mem, fd: u32, path: u32, len: u32| {
        cx.path_create_directory(mem, fd, path, len)
    });
    wasi!(linker, get_cx, "path_filestat_get", |cx, mem, fd: u32, flags: u32, path: u32, len: u32, out: u32| {
        cx.path_filestat_get(mem, fd, flags, path, len, out)
    });
    wasi!(linker, get_cx, "path_filestat_set_times", |cx,
                                                      mem,
                                                      fd: u32,
                                                      flags: u32,
                                                      path: u32,
                                                      len: u32,
                                                      atim: u64,
                                                      mtim: u64,
                                                      fst: u32| {
        cx.path_filestat_set_times(mem, fd, flags, path, len, atim, mtim, fst)
    });
    wasi!(linker, get_cx, "path_link", |cx,
                                        mem,
                                        old_fd: u32,
                                        flags: u32,
                                        old: u32,
                                        old_len: u32,
                                        new_fd: u32,
                                        new: u32,
                                        new_len: u32| {
        cx.path_link(mem, old_fd, flags, old, old_len, new_fd, new, new_len)
    });
    wasi!(linker, get_cx, "path_open", |cx,
                                        mem,
                                        fd: u32,
                                        dirflags: u32,
                                        path: u32,
                                        len: u32,
                                        oflags: u32,
                                        base: u64,
                                        inheriting: u64,
                                        fdflags: u32,
                                        out: u32| {
        cx.path_open(mem, fd, dirflags, path, len, oflags, base, inheriting, fdflags, out)
    });
    wasi!(linker, get_cx, "path_readlink", |cx,
                                            mem,
                                            fd: u32,
                                            path: u32,
                                            len: u32,
                                            buf: u32,
                                            buf_len: u32,
                                            out: u32| {
        cx.path_readlink(mem, fd, path, len, buf, buf_len, out)
    });
    wasi!(linker, get_cx, "path_remove_directory", |cx, mem, fd: u32, path: u32, len: u32| {
        cx.path_remove_directory(mem, fd, path, len)
    });
    wasi!(linker, get_cx, "path_rename", |cx,
                                          mem,
                                          old_fd: u32,
                                          old: u32,
                                          old_len: u32,
                                          new_fd: u32,
                                          new: u32,
                                          new_len: u32| {
        cx.path_rename(mem, old_fd, old, old_len, new_fd, new, new_len)
    });
    wasi!(linker, get_cx, "path_symlink", |cx, mem, old: u32, old_len: u32, fd: u32, new: u32, new_len: u32| {
        cx.path_symlink(mem, old, old_len, fd, new, new_len)
    });
    wasi!(linker, get_cx, "path_unlink_file", |cx, mem, fd: u32, path: u32, len: u32| {
        cx.path_unlink_file(mem, fd, path, len)
    });
    wasi!(linker, get_cx, "poll_oneoff", |cx, mem, subs: u32, events: u32, n: u32, out: u32| {
        cx.poll_oneoff(mem, subs, events, n, out)
    });
    linker.func_wrap(MODULE, "proc_exit", |code: i32| -> kiln::Result<()> { Err(I32Exit(code).into()) })?;
    wasi!(linker, get_cx, "proc_raise", |cx, _, signal: u32| cx.proc_raise(signal));
    wasi!(linker, get_cx, "sched_yield", |cx, _| cx.sched_yield());
    wasi!(linker, get_cx, "random_get", |cx, mem, buf: u32, len: u32| cx.random_get(mem, buf, len));
    wasi!(linker, get_cx, "sock_accept", |cx, _, fd: u32, _flags: u32, _out: u32| cx.not_a_socket(fd));
    wasi!(linker, get_cx, "sock_recv", |cx, _, fd: u32, _iovs: u32, _len: u32, _flags: u32, _n: u32, _oflags: u32| {
        cx.not_a_socket(fd)
    });
    wasi!(linker, get_cx, "sock_send", |cx, _, fd: u32, _iovs: u32, _len: u32, _flags: u32, _n: u32| {
        cx.not_a_socket(fd)
    });
    wasi!(linker, get_cx, "sock_shutdown", |cx, _, fd: u32, _how: u32| cx.not_a_socket(fd));
    Ok(())
}
