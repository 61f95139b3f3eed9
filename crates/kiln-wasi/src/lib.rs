//! WASI preview 1 (`wasi_snapshot_preview1`) for Kiln.
//!
//! Every function of the snapshot is implemented on top of Kiln's public
//! API: host functions defined with [`kiln::Linker::func_wrap`] that reach guest
//! memory only through [`kiln::guest`]'s checked views. A bad guest pointer
//! is `EFAULT` (misaligned: `EINVAL`), never undefined behaviour.
//!
//! ```no_run
//! use kiln::{Engine, Linker, Module, Store};
//! use kiln_wasi::{DirPerms, FilePerms, I32Exit, WasiCtx};
//!
//! fn main() -> kiln::Result<()> {
//!     let engine = Engine::default();
//!     let module = Module::from_file(&engine, "hello.wasm")?;
//!     let mut linker = Linker::new(&engine);
//!     kiln_wasi::add_to_linker(&mut linker, |cx: &mut WasiCtx| cx)?;
//!     let wasi = WasiCtx::builder()
//!         .args(["hello.wasm", "--greeting", "hi"])
//!         .env("LANG", "C")
//!         .inherit_stdio()
//!         .preopened_dir("data", "/data", DirPerms::READ, FilePerms::READ)?
//!         .build();
//!     let mut store = Store::new(&engine, wasi);
//!     let instance = linker.instantiate(&mut store, &module)?;
//!     let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
//!     match start.call(&mut store, ()) {
//!         Ok(()) => Ok(()),
//!         Err(e) => match e.downcast_ref::<I32Exit>() {
//!             Some(exit) => std::process::exit(exit.0),
//!             None => Err(e),
//!         },
//!     }
//! }
//! ```
//!
//! # What the guest sees
//!
//! - Descriptors 0, 1 and 2 are standard input, output and error
//!   (inherited, in memory, or empty/discarded: see [`WasiCtxBuilder`]);
//!   preopened directories follow from 3 in the order they were added.
//! - `proc_exit` unwinds the whole wasm stack by returning an [`I32Exit`]
//!   error from the host function; the embedder turns it into an exit code.
//! - Rights are tracked per descriptor as the specification describes:
//!   `fd_fdstat_set_rights` can only drop them, `path_open` grants the
//!   requested rights limited to the directory's inheriting rights and to
//!   those that apply to what was opened, and every call checks the rights
//!   it needs (`ENOTCAPABLE` otherwise). A read-only preopen
//!   ([`DirPerms::READ`], [`FilePerms::READ`]) has no right that changes
//!   anything, and its files are opened read-only on the host.
//! - `proc_raise` is `ENOTSUP`; the `sock_*` functions are `ENOTSOCK` (no
//!   socket is ever preopened) or `EBADF`.
//! - Clocks are the host's (`CLOCK_REALTIME`, `CLOCK_MONOTONIC` and the CPU
//!   time clocks); `random_get` uses the host's `getrandom`.
//!
//! # The sandbox
//!
//! The guest can reach only what is below its preopened directories. Every
//! path is resolved by [cap-std](https://docs.rs/cap-std) relative to an
//! open directory handle, never by the host's path lookup from `/` or the
//! current directory. On Linux cap-std uses `openat2` with
//! `RESOLVE_BENEATH` (falling back, on older kernels, to resolving one
//! component at a time with `openat` and `O_NOFOLLOW`, following symlinks
//! itself). Either way:
//!
//! - absolute paths and `..` components that would climb above the
//!   directory are refused (`ENOTCAPABLE`); `..` that stays inside is fine;
//! - symlinks — including ones the guest created, chains of them, and ones
//!   with absolute contents placed there by the host — are followed only
//!   while they stay inside; a link leaving the directory is
//!   `ENOTCAPABLE`, a loop `ELOOP`;
//! - `path_symlink` refuses absolute link contents, and `path_link` refuses
//!   to follow symlinks.
//!
//! Descriptors of directories opened by the guest are sandboxes in the same
//! way (they cannot be escaped with `..` either).
//!
//! This crate needs a Unix host (it uses `rustix` for descriptor flags,
//! clocks, `poll` and `getrandom`).

#[cfg(not(unix))]
compile_error!("kiln-wasi needs a Unix host (it uses rustix for descriptor flags, clocks, poll and getrandom)");

mod ctx;
mod error;
mod fd;
mod linker;
mod misc;
mod path;
mod poll;
pub mod types;

use std::fmt;

pub use ctx::{DirPerms, FilePerms, MemoryInputPipe, MemoryOutputPipe, WasiCtx, WasiCtxBuilder};
pub use linker::add_to_linker;
pub use types::Errno;

/// The error a host function returns for `proc_exit(code)`: it unwinds the
/// whole wasm stack, and the embedder (such as `kiln run`) exits with `code`.
///
/// Find it with `error.downcast_ref::<I32Exit>()` on the error of the call
/// that started the guest.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct I32Exit(pub i32);

impl fmt::Display for I32Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exited with i32 exit status {}", self.0)
    }
}

impl std::error::Error for I32Exit {}
