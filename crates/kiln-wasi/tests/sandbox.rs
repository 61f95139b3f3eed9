//! Escape attempts: a guest must reach nothing outside its preopened
//! directory — not with `..`, absolute paths, symlinks it creates (alone,
//! in chains or in loops), symlinks the host left there, or through
//! renames and links, nor by writing through symlinked directories or
//! embedding NUL bytes — and hostile pointers handed to WASI functions fail
//! with `EFAULT` without touching guest memory, files or the descriptor
//! table. After every attempt the file outside is checked to be untouched,
//! and a directory next to the sandbox to be unchanged.

mod common;

use std::path::{Path, PathBuf};

use common::{Guest, PREOPEN, READ_WRITE, errno, temp_dir};
use kiln::Val;
use kiln_wasi::types::rights;
use kiln_wasi::{DirPerms, Errno, FilePerms, WasiCtx};

const O_CREAT: i32 = 1;
const O_DIRECTORY: i32 = 2;

/// `<tmp>/secret` (outside) and `<tmp>/sandbox` (preopened as `/sandbox`,
/// holding `inside.txt` and the directory `sub`).
struct Setup {
    root: PathBuf,
    guest: Guest,
}

impl Setup {
    fn new(name: &str) -> Setup {
        let root = temp_dir(name);
        std::fs::write(root.join("secret"), "host secret").unwrap();
        std::fs::create_dir_all(root.join("sandbox/sub")).unwrap();
        std::fs::write(root.join("sandbox/inside.txt"), "inside").unwrap();
        let ctx = WasiCtx::builder()
            .preopened_dir(root.join("sandbox"), "/sandbox", DirPerms::all(), FilePerms::all())
            .unwrap()
            .build();
        Setup { guest: Guest::new(ctx), root }
    }

    fn sandbox(&self) -> PathBuf {
        self.root.join("sandbox")
    }

    /// The outside world is as it was.
    fn assert_untouched(&self) {
        assert_eq!(std::fs::read_to_string(self.root.join("secret")).unwrap(), "host secret");
        let mut outside: Vec<_> =
            std::fs::read_dir(&self.root).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        outside.sort();
        assert_eq!(outside, ["sandbox", "secret"]);
    }

    /// Opening `path` (following symlinks) reads the secret?
    fn open_fails(&mut self, path: &str, expected: Errno) {
        let result = self.guest.open(PREOPEN, true, path, 0, READ_WRITE);
        assert_eq!(result, Err(errno(expected)), "opening {path:?}");
        self.assert_untouched();
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn notcapable() -> Errno {
    Errno::Notcapable
}

#[test]
fn dot_dot_cannot_climb_out() {
    let mut s = Setup::new("dotdot");
    s.open_fails("../secret", notcapable());
    s.open_fails("sub/../../secret", notcapable());
    s.open_fails("sub/../sub/../../secret", notcapable());
    s.open_fails("..", notcapable());
    // `..` that stays inside is fine.
    let fd = s.guest.open(PREOPEN, true, "sub/../inside.txt", 0, READ_WRITE).unwrap();
    assert_eq!(s.guest.read(fd, 100).unwrap(), b"inside");
    // Nor can any other path function use `..` to get out.
    assert_eq!(s.guest.stat(PREOPEN, true, "../secret"), errno(notcapable()));
    assert_eq!(s.guest.at_path("path_unlink_file", PREOPEN, "../secret"), errno(notcapable()));
    assert_eq!(s.guest.at_path("path_create_directory", PREOPEN, "../made"), errno(notcapable()));
    assert_eq!(s.guest.at_path("path_remove_directory", PREOPEN, "../sandbox"), errno(notcapable()));
    s.assert_untouched();
}

#[test]
fn absolute_paths_are_refused() {
    let mut s = Setup::new("absolute");
    let secret = s.root.join("secret").display().to_string();
    s.open_fails(&secret, notcapable());
    s.open_fails("/etc/passwd", notcapable());
    s.open_fails("/", notcapable());
    // Even the guest path of the preopen itself is not a path inside it.
    s.open_fails("/sandbox/inside.txt", notcapable());
    assert_eq!(s.guest.stat(PREOPEN, true, &secret), errno(notcapable()));
    assert_eq!(s.guest.at_path("path_unlink_file", PREOPEN, &secret), errno(notcapable()));
    s.assert_untouched();
}

#[test]
fn guest_made_symlinks_cannot_point_out() {
    let mut s = Setup::new("symlink");
    // A relative symlink pointing outside may exist, but never resolves.
    assert_eq!(s.guest.symlink("../secret", PREOPEN, "out"), 0);
    s.open_fails("out", notcapable());
    assert_eq!(s.guest.stat(PREOPEN, true, "out"), errno(notcapable()));
    // Not following it is fine: it is just a link inside the sandbox.
    assert_eq!(s.guest.stat(PREOPEN, false, "out"), 0);
    // A symlink to a directory outside cannot be walked through.
    assert_eq!(s.guest.symlink("..", PREOPEN, "up"), 0);
    s.open_fails("up/secret", notcapable());
    s.open_fails("sub/../up/secret", notcapable());
    assert_eq!(s.guest.open(PREOPEN, true, "up", O_DIRECTORY, 0), Err(errno(notcapable())));
    // Absolute contents are refused when the link is made.
    let secret = s.root.join("secret").display().to_string();
    assert_eq!(s.guest.symlink(&secret, PREOPEN, "abs"), errno(notcapable()));
    assert!(!s.sandbox().join("abs").exists());
    // Writing through the link does not reach the file either.
    assert_eq!(s.guest.open(PREOPEN, true, "out", O_CREAT, READ_WRITE), Err(errno(notcapable())));
    s.assert_untouched();
}

#[test]
fn symlink_chains_are_followed_only_while_inside() {
    let mut s = Setup::new("chain");
    // a -> b -> c -> inside.txt stays inside.
    assert_eq!(s.guest.symlink("inside.txt", PREOPEN, "c"), 0);
    assert_eq!(s.guest.symlink("c", PREOPEN, "b"), 0);
    assert_eq!(s.guest.symlink("sub/../b", PREOPEN, "a"), 0);
    let fd = s.guest.open(PREOPEN, true, "a", 0, READ_WRITE).unwrap();
    assert_eq!(s.guest.read(fd, 100).unwrap(), b"inside");
    // x -> sub/y, sub/y -> ../z, z -> ../secret leaves on the last step.
    assert_eq!(s.guest.symlink("../secret", PREOPEN, "z"), 0);
    assert_eq!(s.guest.symlink("../z", PREOPEN, "sub/y"), 0);
    assert_eq!(s.guest.symlink("sub/y", PREOPEN, "x"), 0);
    s.open_fails("x", notcapable());
    s.assert_untouched();
}

#[test]
fn symlink_loops_end_in_eloop() {
    let mut s = Setup::new("loop");
    assert_eq!(s.guest.symlink("loop2", PREOPEN, "loop1"), 0);
    assert_eq!(s.guest.symlink("loop1", PREOPEN, "loop2"), 0);
    assert_eq!(s.guest.symlink("self", PREOPEN, "self"), 0);
    s.open_fails("loop1", Errno::Loop);
    s.open_fails("self", Errno::Loop);
    s.open_fails("loop1/anything", Errno::Loop);
    assert_eq!(s.guest.stat(PREOPEN, true, "loop2"), errno(Errno::Loop));
    // Without following, the final symlink itself is reported.
    assert_eq!(s.guest.open(PREOPEN, false, "loop1", 0, READ_WRITE), Err(errno(Errno::Loop)));
    s.assert_untouched();
}

#[test]
fn host_symlinks_pointing_outside_do_not_resolve() {
    let mut s = Setup::new("hostlink");
    std::os::unix::fs::symlink(s.root.join("secret"), s.sandbox().join("abs")).unwrap();
    std::os::unix::fs::symlink(Path::new("../../secret"), s.sandbox().join("sub/rel")).unwrap();
    std::os::unix::fs::symlink(&s.root, s.sandbox().join("rootdir")).unwrap();
    s.open_fails("abs", notcapable());
    s.open_fails("sub/rel", notcapable());
    s.open_fails("rootdir/secret", notcapable());
    s.assert_untouched();
}

#[test]
fn renames_and_links_cannot_move_things_out_or_in() {
    let mut s = Setup::new("rename");
    let [a, alen] = s.guest.path(common::PATH_A, "inside.txt");
    let [b, blen] = s.guest.path(common::PATH_B, "../stolen");
    let fd = Val::I32(PREOPEN);
    assert_eq!(
        s.guest.call("path_rename", &[fd.clone(), a.clone(), alen.clone(), fd.clone(), b.clone(), blen.clone()]),
        errno(notcapable())
    );
    assert_eq!(
        s.guest.call("path_link", &[fd.clone(), Val::I32(0), a, alen, fd.clone(), b, blen]),
        errno(notcapable())
    );
    let [a, alen] = s.guest.path(common::PATH_A, "../secret");
    let [b, blen] = s.guest.path(common::PATH_B, "stolen");
    assert_eq!(
        s.guest.call("path_rename", &[fd.clone(), a.clone(), alen.clone(), fd.clone(), b.clone(), blen.clone()]),
        errno(notcapable())
    );
    assert_eq!(s.guest.call("path_link", &[fd.clone(), Val::I32(0), a, alen, fd, b, blen]), errno(notcapable()));
    assert!(s.sandbox().join("inside.txt").exists());
    s.assert_untouched();
}

#[test]
fn opened_subdirectories_are_sandboxes_too() {
    let mut s = Setup::new("subdir");
    // Every right except those that need the directory open for writing.
    let rights = rights::ALL & !rights::NEED_WRITE_ACCESS;
    let sub = s.guest.open(PREOPEN, true, "sub", O_DIRECTORY, rights).unwrap();
    // `..` from `sub` reaches the preopen, but not above it.
    let fd = s.guest.open(sub, true, "../inside.txt", 0, READ_WRITE);
    assert_eq!(fd, Err(errno(notcapable())), "a directory descriptor is its own sandbox");
    assert_eq!(s.guest.open(sub, true, "../../secret", 0, READ_WRITE), Err(errno(notcapable())));
    s.assert_untouched();
}

#[test]
fn read_only_preopens_change_nothing() {
    let root = temp_dir("readonly");
    std::fs::write(root.join("file.txt"), "original").unwrap();
    let ctx = WasiCtx::builder().preopened_dir(&root, "/ro", DirPerms::READ, FilePerms::READ).unwrap().build();
    let mut guest = Guest::new(ctx);
    // Reading works.
    let fd = guest.open(PREOPEN, true, "file.txt", 0, READ_WRITE).unwrap();
    assert_eq!(guest.read(fd, 100).unwrap(), b"original");
    // The descriptor was opened without write rights (and read-only on the host).
    assert_eq!(guest.write(fd, b"changed"), errno(Errno::Notcapable));
    // Creating, truncating, removing, renaming, linking and making directories are refused.
    assert_eq!(guest.open(PREOPEN, true, "new.txt", O_CREAT, READ_WRITE), Err(errno(Errno::Notcapable)));
    assert_eq!(guest.open(PREOPEN, true, "file.txt", 8, READ_WRITE), Err(errno(Errno::Notcapable)));
    assert_eq!(guest.at_path("path_unlink_file", PREOPEN, "file.txt"), errno(Errno::Notcapable));
    assert_eq!(guest.at_path("path_create_directory", PREOPEN, "dir"), errno(Errno::Notcapable));
    assert_eq!(guest.symlink("file.txt", PREOPEN, "link"), errno(Errno::Notcapable));
    // Rights cannot be granted back.
    let args = [Val::I32(fd), Val::I64(-1), Val::I64(-1)];
    assert_eq!(guest.call("fd_fdstat_set_rights", &args), errno(Errno::Notcapable));
    assert_eq!(std::fs::read_to_string(root.join("file.txt")).unwrap(), "original");
    let names: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["file.txt"]);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn symlinked_directories_cannot_be_written_through() {
    let mut s = Setup::new("writethrough");
    assert_eq!(s.guest.symlink("..", PREOPEN, "up"), 0);
    assert_eq!(s.guest.symlink("../..", PREOPEN, "sub/upup"), 0);
    for dir in ["up", "sub/upup", "sub/../up"] {
        assert_eq!(s.guest.at_path("path_create_directory", PREOPEN, &format!("{dir}/made")), errno(notcapable()));
        assert_eq!(s.guest.at_path("path_unlink_file", PREOPEN, &format!("{dir}/secret")), errno(notcapable()));
        assert_eq!(s.guest.symlink("inside.txt", PREOPEN, &format!("{dir}/planted")), errno(notcapable()));
        assert_eq!(s.guest.stat(PREOPEN, true, &format!("{dir}/secret")), errno(notcapable()));
        let created = s.guest.open(PREOPEN, true, &format!("{dir}/new.txt"), O_CREAT, READ_WRITE);
        assert_eq!(created, Err(errno(notcapable())));
        let [a, alen] = s.guest.path(common::PATH_A, "inside.txt");
        let [b, blen] = s.guest.path(common::PATH_B, &format!("{dir}/stolen"));
        let fd = Val::I32(PREOPEN);
        assert_eq!(s.guest.call("path_rename", &[fd.clone(), a, alen, fd, b, blen]), errno(notcapable()));
        s.assert_untouched();
    }
    assert!(s.sandbox().join("inside.txt").exists());
}

#[test]
fn paths_with_nul_bytes_are_refused() {
    let mut s = Setup::new("nul");
    let result = s.guest.open(PREOPEN, true, "inside.txt\0../secret", 0, READ_WRITE);
    assert!(result.is_err(), "a path with a NUL byte opened {result:?}");
    assert_ne!(s.guest.at_path("path_create_directory", PREOPEN, "made\0"), 0);
    assert!(!s.sandbox().join("made").exists());
    s.assert_untouched();
}

/// Size of the test guest's memory.
const MEMORY_END: i32 = 2 * 65536;

impl Setup {
    /// Calls WASI function `name`, which must fail with `EFAULT` and change
    /// neither guest memory nor anything outside the sandbox.
    fn faults(&mut self, name: &str, args: &[Val]) {
        let before = self.guest.get(0, MEMORY_END as usize);
        assert_eq!(self.guest.call(name, args), errno(Errno::Fault), "{name}{args:?}");
        assert!(self.guest.get(0, MEMORY_END as usize) == before, "{name}{args:?} changed guest memory");
        self.assert_untouched();
    }
}

#[test]
fn hostile_pointers_touch_neither_memory_nor_files() {
    let mut s = Setup::new("pointers");
    let fd = s.guest.open(PREOPEN, true, "inside.txt", 0, READ_WRITE).unwrap();
    let i = Val::I32;
    // I/O vector arrays past the end, or so long their size wraps 32 bits.
    s.faults("fd_read", &[i(fd), i(MEMORY_END - 4), i(1), i(0)]);
    s.faults("fd_read", &[i(fd), i(8), i(-1), i(0)]);
    s.faults("fd_read", &[i(fd), i(8), i(0x2000_0000), i(0)]);
    // A buffer straddling the end: nothing is read into memory, and the
    // file position does not move.
    s.guest.put(common::IOVECS, &[(MEMORY_END as u32 - 2).to_le_bytes(), 3u32.to_le_bytes()].concat());
    s.faults("fd_read", &[i(fd), i(common::IOVECS as i32), i(1), i(0)]);
    assert_eq!(s.guest.read(fd, 100).unwrap(), b"inside");
    // Subscriptions past the end, or too many to fit memory.
    s.faults("poll_oneoff", &[i(MEMORY_END - 8), i(0), i(1), i(0)]);
    s.faults("poll_oneoff", &[i(0), i(0), i(-1), i(0)]);
    // Paths, link targets, result and directory buffers past the end or wrapping.
    let open =
        |path: i32, len: i32| [i(PREOPEN), i(0), i(path), i(len), i(O_CREAT), Val::I64(-1), Val::I64(-1), i(0), i(0)];
    s.faults("path_open", &open(MEMORY_END - 1, 2));
    s.faults("path_open", &open(-1, 2));
    s.faults("path_open", &open(8, -1));
    s.faults("path_symlink", &[i(MEMORY_END), i(1), i(PREOPEN), i(8), i(1)]);
    s.faults("fd_readdir", &[i(PREOPEN), i(MEMORY_END - 4), i(8), Val::I64(0), i(0)]);
    s.faults("fd_prestat_dir_name", &[i(PREOPEN), i(MEMORY_END - 2), i(100)]);
    s.faults("fd_prestat_get", &[i(PREOPEN), i(MEMORY_END - 4)]);
    s.faults("random_get", &[i(-1), i(2)]);
    let names: Vec<_> = std::fs::read_dir(s.sandbox()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "nothing was created in the sandbox: {names:?}");
}

#[test]
fn a_failed_result_write_leaks_no_descriptor() {
    let mut s = Setup::new("fdleak");
    let [p, len] = s.guest.path(common::PATH_A, "inside.txt");
    let rights = Val::I64(READ_WRITE as i64);
    let args = [Val::I32(PREOPEN), Val::I32(0), p, len, Val::I32(0), rights.clone(), rights, Val::I32(0)];
    for out in [MEMORY_END, MEMORY_END - 2, 1] {
        let mut args = args.to_vec();
        args.push(Val::I32(out));
        assert_ne!(s.guest.call("path_open", &args), 0, "result pointer {out:#x}");
    }
    // The descriptors opened for those calls were closed again: the next
    // open gets the lowest number after the preopen.
    assert_eq!(s.guest.open(PREOPEN, true, "inside.txt", 0, READ_WRITE), Ok(PREOPEN + 1));
    s.assert_untouched();
}
