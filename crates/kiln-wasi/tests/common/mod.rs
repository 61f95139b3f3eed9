//! A test guest: a wasm module with one wrapper per WASI function (so that
//! the calls come from wasm, as in a real program) and helpers to put
//! strings in its memory and call WASI from Rust.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use kiln::{Engine, Instance, Linker, Memory, Module, Store, Val};
use kiln_wasi::types::rights;
use kiln_wasi::{Errno, WasiCtx};

/// `(name, parameter types, has an i32 result)` of the wrapped functions.
const FUNCTIONS: &[(&str, &str, bool)] = &[
    ("args_get", "i32 i32", true),
    ("args_sizes_get", "i32 i32", true),
    ("environ_get", "i32 i32", true),
    ("environ_sizes_get", "i32 i32", true),
    ("fd_close", "i32", true),
    ("fd_fdstat_get", "i32 i32", true),
    ("fd_fdstat_set_rights", "i32 i64 i64", true),
    ("fd_prestat_get", "i32 i32", true),
    ("fd_prestat_dir_name", "i32 i32 i32", true),
    ("fd_read", "i32 i32 i32 i32", true),
    ("fd_readdir", "i32 i32 i32 i64 i32", true),
    ("fd_renumber", "i32 i32", true),
    ("fd_seek", "i32 i64 i32 i32", true),
    ("fd_write", "i32 i32 i32 i32", true),
    ("path_create_directory", "i32 i32 i32", true),
    ("path_filestat_get", "i32 i32 i32 i32 i32", true),
    ("path_link", "i32 i32 i32 i32 i32 i32 i32", true),
    ("path_open", "i32 i32 i32 i32 i32 i64 i64 i32 i32", true),
    ("path_readlink", "i32 i32 i32 i32 i32 i32", true),
    ("path_remove_directory", "i32 i32 i32", true),
    ("path_rename", "i32 i32 i32 i32 i32 i32", true),
    ("path_symlink", "i32 i32 i32 i32 i32", true),
    ("path_unlink_file", "i32 i32 i32", true),
    ("poll_oneoff", "i32 i32 i32 i32", true),
    ("proc_exit", "i32", false),
    ("proc_raise", "i32", true),
    ("random_get", "i32 i32", true),
    ("sched_yield", "", true),
    ("sock_shutdown", "i32 i32", true),
];

/// Where the helpers put things in guest memory.
pub const OUT: u32 = 0;
pub const IOVECS: u32 = 64;
pub const PATH_A: u32 = 1024;
pub const PATH_B: u32 = 2048;
pub const DATA: u32 = 4096;

/// The first preopened directory.
pub const PREOPEN: i32 = 3;

/// The rights tests ask for when opening files.
pub const READ_WRITE: u64 = rights::FD_READ | rights::FD_WRITE | rights::FD_SEEK | rights::FD_TELL;

fn module_text() -> String {
    let mut wat = String::from("(module\n");
    for (name, params, result) in FUNCTIONS {
        let result = if *result { "(result i32)" } else { "" };
        wat += &format!("  (import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param {params}) {result}))\n");
    }
    wat += "  (memory (export \"memory\") 2)\n";
    for (name, params, result) in FUNCTIONS {
        let gets: String = (0..params.split_whitespace().count()).map(|i| format!("local.get {i} ")).collect();
        let result = if *result { "(result i32)" } else { "" };
        wat += &format!("  (func (export \"{name}\") (param {params}) {result} {gets}call ${name})\n");
    }
    wat + ")"
}

/// An instance of the test guest with its store.
pub struct Guest {
    pub store: Store<WasiCtx>,
    instance: Instance,
    memory: Memory,
}

impl Guest {
    pub fn new(ctx: WasiCtx) -> Guest {
        let engine = Engine::default();
        let module = Module::new(&engine, module_text()).unwrap();
        let mut linker = Linker::new(&engine);
        kiln_wasi::add_to_linker(&mut linker, |cx| cx).unwrap();
        let mut store = Store::new(&engine, ctx);
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let memory = instance.get_memory(&mut store, "memory").unwrap();
        Guest { store, instance, memory }
    }

    /// Calls a wrapped function; returns its errno (or the call's error).
    pub fn try_call(&mut self, name: &str, args: &[Val]) -> kiln::Result<i32> {
        let func = self.instance.get_func(&mut self.store, name).unwrap();
        let has_result = func.ty(&self.store).results().len() == 1;
        let mut results = if has_result { vec![Val::I32(0)] } else { vec![] };
        func.call(&mut self.store, args, &mut results)?;
        Ok(results.first().map_or(0, Val::unwrap_i32))
    }

    /// Calls a wrapped function that must not fail with a trap.
    pub fn call(&mut self, name: &str, args: &[Val]) -> i32 {
        self.try_call(name, args).unwrap()
    }

    pub fn put(&mut self, at: u32, bytes: &[u8]) {
        self.memory.write(&mut self.store, at as usize, bytes).unwrap();
    }

    pub fn get(&self, at: u32, len: usize) -> Vec<u8> {
        self.memory.data(&self.store)[at as usize..][..len].to_vec()
    }

    pub fn u32_at(&self, at: u32) -> u32 {
        u32::from_le_bytes(self.get(at, 4).try_into().unwrap())
    }

    /// Puts `path` at `at`; returns the (pointer, length) arguments.
    pub fn path(&mut self, at: u32, path: &str) -> [Val; 2] {
        self.put(at, path.as_bytes());
        [Val::I32(at as i32), Val::I32(path.len() as i32)]
    }

    /// `path_open` in directory `dir`; the new descriptor or the errno.
    pub fn open(&mut self, dir: i32, follow: bool, path: &str, oflags: i32, rights: u64) -> Result<i32, i32> {
        self.open_with_fdflags(dir, follow, path, oflags, rights, 0)
    }

    /// `path_open` with descriptor flags.
    pub fn open_with_fdflags(
        &mut self,
        dir: i32,
        follow: bool,
        path: &str,
        oflags: i32,
        rights: u64,
        fdflags: i32,
    ) -> Result<i32, i32> {
        let [p, len] = self.path(PATH_A, path);
        let args = [
            Val::I32(dir),
            Val::I32(follow.into()),
            p,
            len,
            Val::I32(oflags),
            Val::I64(rights as i64),
            Val::I64(rights as i64),
            Val::I32(fdflags),
            Val::I32(OUT as i32),
        ];
        match self.call("path_open", &args) {
            0 => Ok(self.u32_at(OUT) as i32),
            errno => Err(errno),
        }
    }

    /// A path function taking `(fd, path, len)`.
    pub fn at_path(&mut self, name: &str, dir: i32, path: &str) -> i32 {
        let [p, len] = self.path(PATH_A, path);
        self.call(name, &[Val::I32(dir), p, len])
    }

    /// `path_symlink(target, dir, link)`.
    pub fn symlink(&mut self, target: &str, dir: i32, link: &str) -> i32 {
        let [t, tlen] = self.path(PATH_A, target);
        let [l, llen] = self.path(PATH_B, link);
        self.call("path_symlink", &[t, tlen, Val::I32(dir), l, llen])
    }

    /// `path_filestat_get`; the errno.
    pub fn stat(&mut self, dir: i32, follow: bool, path: &str) -> i32 {
        let [p, len] = self.path(PATH_A, path);
        self.call("path_filestat_get", &[Val::I32(dir), Val::I32(follow.into()), p, len, Val::I32(OUT as i32)])
    }

    /// Writes `bytes` to `fd` with one I/O vector; the errno.
    pub fn write(&mut self, fd: i32, bytes: &[u8]) -> i32 {
        self.put(DATA, bytes);
        self.put(IOVECS, &[DATA.to_le_bytes(), (bytes.len() as u32).to_le_bytes()].concat());
        self.call("fd_write", &[Val::I32(fd), Val::I32(IOVECS as i32), Val::I32(1), Val::I32(OUT as i32)])
    }

    /// Reads up to `len` bytes from `fd`; the bytes or the errno.
    pub fn read(&mut self, fd: i32, len: u32) -> Result<Vec<u8>, i32> {
        self.put(IOVECS, &[DATA.to_le_bytes(), len.to_le_bytes()].concat());
        match self.call("fd_read", &[Val::I32(fd), Val::I32(IOVECS as i32), Val::I32(1), Val::I32(OUT as i32)]) {
            0 => {
                let n = self.u32_at(OUT) as usize;
                Ok(self.get(DATA, n))
            }
            errno => Err(errno),
        }
    }
}

/// The raw value of an errno, as guests see it.
pub fn errno(e: Errno) -> i32 {
    e as i32
}

/// A fresh directory under the system temporary directory.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-wasi-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
