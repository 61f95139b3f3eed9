//! WASI functions as a guest sees them: standard streams, arguments and
//! environment, `proc_exit`, bad pointers, directory listing, polling,
//! sockets, and the descriptor table.

mod common;

use common::{DATA, Guest, IOVECS, OUT, PREOPEN, errno, temp_dir};
use kiln::{Engine, Linker, Module, Store, Val};
use kiln_wasi::{DirPerms, Errno, FilePerms, I32Exit, MemoryInputPipe, MemoryOutputPipe, WasiCtx};

#[test]
fn standard_streams_can_be_captured_and_fed() {
    let (stdout, stderr) = (MemoryOutputPipe::new(), MemoryOutputPipe::new());
    let ctx = WasiCtx::builder()
        .stdin(MemoryInputPipe::new("typed input"))
        .stdout(stdout.clone())
        .stderr(stderr.clone())
        .build();
    let mut guest = Guest::new(ctx);
    assert_eq!(guest.write(1, b"to stdout"), 0);
    assert_eq!(guest.u32_at(OUT), 9);
    assert_eq!(guest.write(2, b"to stderr"), 0);
    assert_eq!(guest.read(0, 5).unwrap(), b"typed");
    assert_eq!(guest.read(0, 100).unwrap(), b" input");
    assert_eq!(guest.read(0, 100).unwrap(), b"", "end of file");
    assert_eq!(stdout.contents(), b"to stdout");
    assert_eq!(stderr.contents(), b"to stderr");
    // Standard input is not writable, standard output not readable.
    assert_eq!(guest.write(0, b"x"), errno(Errno::Notcapable));
    assert_eq!(guest.read(1, 1), Err(errno(Errno::Notcapable)));
}

#[test]
fn several_io_vectors_are_written_in_order() {
    let stdout = MemoryOutputPipe::new();
    let mut guest = Guest::new(WasiCtx::builder().stdout(stdout.clone()).build());
    guest.put(DATA, b"hello, world");
    let iovs: Vec<u8> = [(DATA, 5u32), (DATA + 5, 0), (DATA + 5, 7)]
        .iter()
        .flat_map(|(p, l)| [p.to_le_bytes(), l.to_le_bytes()].concat())
        .collect();
    guest.put(IOVECS, &iovs);
    let args = [Val::I32(1), Val::I32(IOVECS as i32), Val::I32(3), Val::I32(OUT as i32)];
    assert_eq!(guest.call("fd_write", &args), 0);
    assert_eq!(guest.u32_at(OUT), 12);
    assert_eq!(stdout.contents(), b"hello, world");
}

#[test]
fn arguments_and_environment() {
    let ctx = WasiCtx::builder().args(["prog", "a b", ""]).env("K", "v=1").env("EMPTY", "").env("K", "v2").build();
    let mut guest = Guest::new(ctx);
    assert_eq!(guest.call("args_sizes_get", &[Val::I32(0), Val::I32(4)]), 0);
    assert_eq!((guest.u32_at(0), guest.u32_at(4)), (3, 5 + 4 + 1));
    assert_eq!(guest.call("args_get", &[Val::I32(16), Val::I32(DATA as i32)]), 0);
    let pointers: Vec<u32> = (0..3).map(|i| guest.u32_at(16 + 4 * i)).collect();
    assert_eq!(pointers, [DATA, DATA + 5, DATA + 9]);
    assert_eq!(guest.get(DATA, 10), b"prog\0a b\0\0");
    assert_eq!(guest.call("environ_sizes_get", &[Val::I32(0), Val::I32(4)]), 0);
    assert_eq!((guest.u32_at(0), guest.u32_at(4)), (2, 7 + 5));
    assert_eq!(guest.call("environ_get", &[Val::I32(16), Val::I32(DATA as i32)]), 0);
    assert_eq!(guest.get(DATA, 12), b"EMPTY=\0K=v2\0", "a later value replaces an earlier one");
}

#[test]
fn proc_exit_unwinds_the_whole_wasm_stack() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
             (global $after (export "after") (mut i32) (i32.const 0))
             (func $inner (call $exit (i32.const 7)) (global.set $after (i32.const 1)))
             (func (export "_start") (call $inner) (global.set $after (i32.const 2))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    kiln_wasi::add_to_linker(&mut linker, |cx| cx).unwrap();
    let mut store = Store::new(&engine, WasiCtx::builder().build());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start").unwrap();
    let error = start.call(&mut store, ()).unwrap_err();
    assert_eq!(error.downcast_ref::<I32Exit>(), Some(&I32Exit(7)));
    assert!(error.downcast_ref::<kiln::Trap>().is_none(), "an exit is not a trap");
    let after = instance.get_global(&mut store, "after").unwrap();
    assert_eq!(after.get(&mut store).unwrap_i32(), 0, "no wasm code ran after proc_exit");
}

#[test]
fn bad_guest_pointers_are_efault_or_einval() {
    let root = temp_dir("pointers");
    let ctx = WasiCtx::builder().preopened_dir(&root, "/", DirPerms::all(), FilePerms::all()).unwrap().build();
    let mut guest = Guest::new(ctx);
    let end = 2 * 65536;
    // The I/O vector array itself out of bounds.
    let args = [Val::I32(1), Val::I32(end - 4), Val::I32(1), Val::I32(OUT as i32)];
    assert_eq!(guest.call("fd_write", &args), errno(Errno::Fault));
    // A buffer that runs past the end, and one that ends exactly at it.
    guest.put(IOVECS, &[(end as u32 - 8).to_le_bytes(), 9u32.to_le_bytes()].concat());
    let args = [Val::I32(1), Val::I32(IOVECS as i32), Val::I32(1), Val::I32(OUT as i32)];
    assert_eq!(guest.call("fd_write", &args), errno(Errno::Fault));
    guest.put(IOVECS, &[(end as u32 - 8).to_le_bytes(), 8u32.to_le_bytes()].concat());
    assert_eq!(guest.call("fd_write", &args), 0);
    // A length that would wrap around 32 bits.
    guest.put(IOVECS, &[(end as u32 - 8).to_le_bytes(), u32::MAX.to_le_bytes()].concat());
    assert_eq!(guest.call("fd_write", &args), errno(Errno::Fault));
    // Result pointers out of bounds and misaligned.
    assert_eq!(guest.call("args_sizes_get", &[Val::I32(end), Val::I32(0)]), errno(Errno::Fault));
    assert_eq!(guest.call("args_sizes_get", &[Val::I32(2), Val::I32(0)]), errno(Errno::Inval));
    assert_eq!(guest.call("random_get", &[Val::I32(end - 4), Val::I32(5)]), errno(Errno::Fault));
    assert_eq!(guest.call("random_get", &[Val::I32(end - 4), Val::I32(4)]), 0);
    // Paths that are not UTF-8.
    guest.put(common::PATH_A, b"\xff");
    let args = [Val::I32(PREOPEN), Val::I32(common::PATH_A as i32), Val::I32(1)];
    assert_eq!(guest.call("path_create_directory", &args), errno(Errno::Ilseq));
    // A path running past the end of memory.
    let args = [Val::I32(PREOPEN), Val::I32(end - 1), Val::I32(2)];
    assert_eq!(guest.call("path_create_directory", &args), errno(Errno::Fault));
    assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_module_without_memory_can_still_call_wasi() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
             (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
             (func (export "yield") (result i32) (call $yield))
             (func (export "write") (result i32) (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 0))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    kiln_wasi::add_to_linker(&mut linker, |cx| cx).unwrap();
    let mut store = Store::new(&engine, WasiCtx::builder().build());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let call = |store: &mut Store<WasiCtx>, name| {
        instance.get_typed_func::<(), i32>(&mut *store, name).unwrap().call(&mut *store, ()).unwrap()
    };
    assert_eq!(call(&mut store, "yield"), 0);
    assert_eq!(call(&mut store, "write"), errno(Errno::Fault));
}

#[test]
fn readdir_lists_dot_entries_and_resumes_from_cookies() {
    let root = temp_dir("readdir");
    for name in ["a", "bb", "ccc"] {
        std::fs::write(root.join(name), name).unwrap();
    }
    let ctx = WasiCtx::builder().preopened_dir(&root, "/d", DirPerms::all(), FilePerms::all()).unwrap().build();
    let mut guest = Guest::new(ctx);
    // Reads a listing from `cookie` into a buffer of `len` bytes.
    let mut readdir = |cookie: u64, len: i32| {
        let args = [Val::I32(PREOPEN), Val::I32(DATA as i32), Val::I32(len), Val::I64(cookie as i64), Val::I32(0)];
        assert_eq!(guest.call("fd_readdir", &args), 0);
        let used = guest.u32_at(0) as usize;
        let bytes = guest.get(DATA, used);
        let mut entries = Vec::new();
        let mut at = 0;
        while at + 24 <= bytes.len() {
            let next = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
            let namlen = u32::from_le_bytes(bytes[at + 16..at + 20].try_into().unwrap()) as usize;
            let name = bytes.get(at + 24..at + 24 + namlen).map(|n| String::from_utf8(n.to_vec()).unwrap());
            entries.push((next, bytes[at + 20], name));
            at += 24 + namlen;
        }
        (used, entries)
    };
    let (used, all) = readdir(0, 4096);
    assert!(used < 4096);
    let mut names: Vec<_> = all.iter().map(|(_, _, n)| n.clone().unwrap()).collect();
    assert_eq!(&names[..2], [".", ".."]);
    names.sort();
    assert_eq!(names, [".", "..", "a", "bb", "ccc"]);
    assert!(all.iter().all(|(_, ty, n)| *ty == if n.as_deref().unwrap().starts_with('.') { 3 } else { 4 }));
    // Resuming after the third entry gives the last two.
    let (_, rest) = readdir(all[2].0, 4096);
    assert_eq!(rest, all[3..]);
    // A buffer that is too small is filled completely, cutting the last entry.
    let (used, cut) = readdir(0, 24 + 1 + 10);
    assert_eq!(used, 35);
    assert_eq!(cut.len(), 1);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn poll_reports_expired_clocks_and_ready_descriptors() {
    let mut guest = Guest::new(WasiCtx::builder().stdin(MemoryInputPipe::new("abc")).build());
    // Subscription layout: userdata u64, tag u8 @8, clock id / fd @16,
    // timeout @24, precision @32, flags u16 @40 (48 bytes each).
    let subscription = |userdata: u64, tag: u8, id: u32, timeout: u64| {
        let mut s = vec![0u8; 48];
        s[..8].copy_from_slice(&userdata.to_le_bytes());
        s[8] = tag;
        s[16..20].copy_from_slice(&id.to_le_bytes());
        s[24..32].copy_from_slice(&timeout.to_le_bytes());
        s
    };
    let poll = |guest: &mut Guest, subs: &[Vec<u8>]| {
        guest.put(DATA, &subs.concat());
        let args = [Val::I32(DATA as i32), Val::I32(8192), Val::I32(subs.len() as i32), Val::I32(0)];
        assert_eq!(guest.call("poll_oneoff", &args), 0);
        let n = guest.u32_at(0) as usize;
        (0..n)
            .map(|i| {
                let e = guest.get(8192 + 32 * i as u32, 32);
                let userdata = u64::from_le_bytes(e[..8].try_into().unwrap());
                let error = u16::from_le_bytes(e[8..10].try_into().unwrap());
                let nbytes = u64::from_le_bytes(e[16..24].try_into().unwrap());
                (userdata, error, e[10], nbytes)
            })
            .collect::<Vec<_>>()
    };
    // A zero timeout expires at once.
    assert_eq!(poll(&mut guest, &[subscription(1, 0, 1, 0)]), [(1, 0, 0, 0)]);
    // Ready descriptors are reported without waiting for the clock.
    let events =
        poll(&mut guest, &[subscription(1, 0, 1, u64::MAX), subscription(2, 1, 0, 0), subscription(3, 2, 1, 0)]);
    assert_eq!(events, [(2, 0, 1, 3), (3, 0, 2, 0)]);
    // Bad descriptors and clocks are events with an error.
    let events = poll(&mut guest, &[subscription(4, 1, 42, 0), subscription(5, 0, 99, 0)]);
    assert_eq!(events, [(4, errno(Errno::Badf) as u16, 1, 0), (5, errno(Errno::Inval) as u16, 0, 0)]);
    // No subscriptions at all is an error.
    let args = [Val::I32(DATA as i32), Val::I32(8192), Val::I32(0), Val::I32(0)];
    assert_eq!(guest.call("poll_oneoff", &args), errno(Errno::Inval));
}

#[test]
fn sockets_signals_and_the_descriptor_table() {
    let root = temp_dir("table");
    let ctx = WasiCtx::builder().preopened_dir(&root, "/data", DirPerms::all(), FilePerms::all()).unwrap().build();
    let mut guest = Guest::new(ctx);
    assert_eq!(guest.call("sock_shutdown", &[Val::I32(1), Val::I32(3)]), errno(Errno::Notsock));
    assert_eq!(guest.call("sock_shutdown", &[Val::I32(99), Val::I32(3)]), errno(Errno::Badf));
    assert_eq!(guest.call("proc_raise", &[Val::I32(9)]), errno(Errno::Notsup));
    // The preopen is descriptor 3, with its guest path.
    assert_eq!(guest.call("fd_prestat_get", &[Val::I32(PREOPEN), Val::I32(0)]), 0);
    assert_eq!((guest.get(0, 1)[0], guest.u32_at(4)), (0, 5));
    assert_eq!(guest.call("fd_prestat_dir_name", &[Val::I32(PREOPEN), Val::I32(DATA as i32), Val::I32(5)]), 0);
    assert_eq!(guest.get(DATA, 5), b"/data");
    assert_eq!(
        guest.call("fd_prestat_dir_name", &[Val::I32(PREOPEN), Val::I32(DATA as i32), Val::I32(4)]),
        errno(Errno::Nametoolong)
    );
    assert_eq!(guest.call("fd_prestat_get", &[Val::I32(1), Val::I32(0)]), errno(Errno::Badf));
    // New descriptors take the lowest free number; renumbering moves them.
    let file = guest.open(PREOPEN, true, "f", 1, common::READ_WRITE).unwrap();
    assert_eq!(file, 4);
    assert_eq!(guest.call("fd_renumber", &[Val::I32(file), Val::I32(9)]), errno(Errno::Badf), "9 is not open");
    assert_eq!(guest.call("fd_renumber", &[Val::I32(file), Val::I32(1)]), 0);
    assert_eq!(guest.write(1, b"into the file"), 0);
    assert_eq!(std::fs::read_to_string(root.join("f")).unwrap(), "into the file");
    assert_eq!(guest.call("fd_close", &[Val::I32(file)]), errno(Errno::Badf));
    assert_eq!(guest.open(PREOPEN, true, "f", 0, common::READ_WRITE), Ok(4));
    std::fs::remove_dir_all(&root).unwrap();
}

/// Regression: `O_TRUNC` with `FDFLAGS_APPEND` failed with `EINVAL`
/// (cap-std, like std, refuses to open for append and truncate at once).
#[test]
fn open_truncating_in_append_mode() {
    let root = temp_dir("append");
    std::fs::write(root.join("log"), "old contents").unwrap();
    let ctx = WasiCtx::builder().preopened_dir(&root, "/", DirPerms::all(), FilePerms::all()).unwrap().build();
    let mut guest = Guest::new(ctx);
    let (creat_trunc, append) = (1 | 8, 1);
    let fd = guest.open_with_fdflags(PREOPEN, true, "log", creat_trunc, common::READ_WRITE, append).unwrap();
    assert_eq!(guest.write(fd, b"ab"), 0);
    let seek = [Val::I32(fd), Val::I64(0), Val::I32(0), Val::I32(OUT as i32)];
    assert_eq!(guest.call("fd_seek", &seek), 0);
    assert_eq!(guest.write(fd, b"cd"), 0, "appends despite the seek");
    assert_eq!(guest.call("fd_fdstat_get", &[Val::I32(fd), Val::I32(OUT as i32)]), 0);
    assert_eq!(u16::from_le_bytes(guest.get(OUT + 2, 2).try_into().unwrap()), 1, "APPEND is reported");
    assert_eq!(std::fs::read_to_string(root.join("log")).unwrap(), "abcd");
    std::fs::remove_dir_all(&root).unwrap();
}
