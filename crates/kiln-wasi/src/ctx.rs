//! [`WasiCtx`]: the state of one WASI instance (arguments, environment, the
//! descriptor table) and [`WasiCtxBuilder`], how embedders configure it.

use std::io::{self, Write as _};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context as _, Result, bail};
use cap_std::ambient_authority;
use cap_std::fs::Dir;

use crate::types::{Errno, WasiResult, rights};

/// Captured output: a clonable handle to a growing byte buffer, for
/// [`WasiCtxBuilder::stdout`] and [`WasiCtxBuilder::stderr`].
#[derive(Clone, Debug, Default)]
pub struct MemoryOutputPipe(Arc<Mutex<Vec<u8>>>);

impl MemoryOutputPipe {
    /// An empty buffer.
    pub fn new() -> MemoryOutputPipe {
        MemoryOutputPipe::default()
    }

    /// Everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn write(&self, bytes: &[u8]) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
    }
}

/// Standard input from memory, for [`WasiCtxBuilder::stdin`]: the guest
/// reads these bytes and then end-of-file.
#[derive(Clone, Debug, Default)]
pub struct MemoryInputPipe {
    bytes: Arc<[u8]>,
    at: usize,
}

impl MemoryInputPipe {
    /// A pipe holding `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> MemoryInputPipe {
        MemoryInputPipe { bytes: bytes.into().into(), at: 0 }
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn read(&mut self, buf: &mut [u8]) -> usize {
        let n = buf.len().min(self.remaining());
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        n
    }
}

/// Where the guest's standard input comes from.
#[derive(Debug)]
pub(crate) enum Input {
    /// The host process's standard input.
    Inherit,
    /// Bytes in memory.
    Memory(MemoryInputPipe),
}

impl Input {
    /// Reads what is available. The host's standard input is read without
    /// buffering, so `poll_oneoff` (which polls the host descriptor) never
    /// misses bytes held in a buffer.
    pub(crate) fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Inherit => loop {
                match rustix::io::read(io::stdin(), &mut *buf) {
                    Err(rustix::io::Errno::INTR) => {}
                    result => return result.map_err(io::Error::from),
                }
            },
            Input::Memory(pipe) => Ok(pipe.read(buf)),
        }
    }

    /// Whether the host side is a terminal.
    pub(crate) fn is_terminal(&self) -> bool {
        use std::io::IsTerminal as _;
        matches!(self, Input::Inherit) && io::stdin().is_terminal()
    }
}

/// Where the guest's standard output or error goes.
#[derive(Debug)]
pub(crate) enum Output {
    /// The host process's standard output.
    InheritStdout,
    /// The host process's standard error.
    InheritStderr,
    /// A buffer the embedder can read.
    Memory(MemoryOutputPipe),
    /// Nowhere.
    Discard,
}

impl Output {
    /// Writes all of `bytes` (and flushes, so that interleaved stdout and
    /// stderr keep their order).
    pub(crate) fn write(&self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Output::InheritStdout => {
                let mut out = io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()
            }
            Output::InheritStderr => io::stderr().lock().write_all(bytes),
            Output::Memory(pipe) => {
                pipe.write(bytes);
                Ok(())
            }
            Output::Discard => Ok(()),
        }
    }

    /// Whether the host side is a terminal.
    pub(crate) fn is_terminal(&self) -> bool {
        use std::io::IsTerminal as _;
        match self {
            Output::InheritStdout => io::stdout().is_terminal(),
            Output::InheritStderr => io::stderr().is_terminal(),
            Output::Memory(_) | Output::Discard => false,
        }
    }
}

/// What a descriptor refers to.
#[derive(Debug)]
pub(crate) enum Kind {
    /// Standard input.
    Input(Input),
    /// Standard output or error.
    Output(Output),
    /// A file (or other non-directory) opened in a preopened directory.
    File(std::fs::File),
    /// A directory: every path operation resolves beneath it.
    Dir(Dir),
}

/// One open descriptor.
#[derive(Debug)]
pub(crate) struct Entry {
    pub kind: Kind,
    /// Rights of operations on this descriptor.
    pub base: u64,
    /// Rights of descriptors opened through this one.
    pub inheriting: u64,
    /// The guest path, if this is a preopened directory.
    pub preopen: Option<String>,
}

impl Entry {
    /// `Ok` if the descriptor has every right in `needed`.
    pub(crate) fn check(&self, needed: u64) -> WasiResult {
        if self.base & needed == needed { Ok(()) } else { Err(Errno::Notcapable) }
    }
}

/// Rights of standard input.
const STDIN_RIGHTS: u64 = rights::FD_READ | rights::POLL_FD_READWRITE | rights::FD_FILESTAT_GET;
/// Rights of standard output and error.
const STDOUT_RIGHTS: u64 = rights::FD_WRITE | rights::POLL_FD_READWRITE | rights::FD_FILESTAT_GET;

/// Declares a set of permission bits with two members.
macro_rules! perms {
    ($(#[$meta:meta])* $name:ident { $(#[$a_meta:meta])* $a:ident, $(#[$b_meta:meta])* $b:ident }) => {
        $(#[$meta])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq)]
        pub struct $name(u8);

        impl $name {
            $(#[$a_meta])*
            pub const $a: $name = $name(1);
            $(#[$b_meta])*
            pub const $b: $name = $name(2);

            /// Every permission.
            pub fn all() -> $name {
                $name(3)
            }

            /// Whether `self` includes all of `other`.
            pub fn contains(self, other: $name) -> bool {
                self.0 & other.0 == other.0
            }
        }

        impl std::ops::BitOr for $name {
            type Output = $name;
            fn bitor(self, other: $name) -> $name {
                $name(self.0 | other.0)
            }
        }
    };
}

perms! {
    /// Permissions on a preopened directory itself: list and look up
    /// ([`DirPerms::READ`]), create, rename and remove entries
    /// ([`DirPerms::MUTATE`]).
    DirPerms {
        /// Read the directory and look up paths in it.
        READ,
        /// Create, rename, link and remove entries; set sizes and times.
        MUTATE
    }
}

perms! {
    /// Permissions on the files opened inside a preopened directory.
    FilePerms {
        /// Read files.
        READ,
        /// Write, resize and otherwise change files.
        WRITE
    }
}

/// The rights of a preopen with these permissions: `(base, inheriting)`.
fn preopen_rights(dir: DirPerms, file: FilePerms) -> (u64, u64) {
    let mut base = rights::DIR_OTHER;
    if dir.contains(DirPerms::READ) {
        base |= rights::DIR_READ;
    }
    if dir.contains(DirPerms::MUTATE) {
        base |= rights::DIR_MUTATE;
    }
    let mut inheriting = base;
    if file.contains(FilePerms::READ) {
        inheriting |= rights::FILE_READ;
    }
    if file.contains(FilePerms::WRITE) {
        inheriting |= rights::FILE_WRITE;
    }
    (base, inheriting)
}

/// The state of one WASI instance; put it in the store's data and give
/// [`add_to_linker`](crate::add_to_linker) a way to reach it.
#[derive(Debug)]
pub struct WasiCtx {
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<(String, String)>,
    /// Descriptor table, indexed by descriptor number.
    pub(crate) fds: Vec<Option<Entry>>,
}

impl WasiCtx {
    /// A builder for a context.
    pub fn builder() -> WasiCtxBuilder {
        WasiCtxBuilder::new()
    }

    /// The open descriptor `fd`.
    pub(crate) fn entry(&self, fd: u32) -> WasiResult<&Entry> {
        self.fds.get(fd as usize).and_then(Option::as_ref).ok_or(Errno::Badf)
    }

    /// The open descriptor `fd`, mutably.
    pub(crate) fn entry_mut(&mut self, fd: u32) -> WasiResult<&mut Entry> {
        self.fds.get_mut(fd as usize).and_then(Option::as_mut).ok_or(Errno::Badf)
    }

    /// Adds `entry` under the lowest free descriptor number.
    pub(crate) fn insert(&mut self, entry: Entry) -> WasiResult<u32> {
        let fd = match self.fds.iter().position(Option::is_none) {
            Some(free) => {
                self.fds[free] = Some(entry);
                free
            }
            None => {
                self.fds.push(Some(entry));
                self.fds.len() - 1
            }
        };
        u32::try_from(fd).map_err(|_| Errno::Mfile)
    }

    /// Closes `fd`, returning its entry.
    pub(crate) fn remove(&mut self, fd: u32) -> WasiResult<Entry> {
        let entry = self.fds.get_mut(fd as usize).and_then(Option::take).ok_or(Errno::Badf)?;
        while self.fds.last().is_some_and(Option::is_none) {
            self.fds.pop();
        }
        Ok(entry)
    }
}

/// Configures a [`WasiCtx`]. By default the guest has no arguments, no
/// environment, no files, an empty standard input, and its output is
/// discarded.
#[derive(Debug)]
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Input,
    stdout: Output,
    stderr: Output,
    preopens: Vec<Entry>,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        WasiCtxBuilder::new()
    }
}

impl WasiCtxBuilder {
    /// A builder with the defaults above.
    pub fn new() -> WasiCtxBuilder {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            stdin: Input::Memory(MemoryInputPipe::default()),
            stdout: Output::Discard,
            stderr: Output::Discard,
            preopens: Vec::new(),
        }
    }

    /// Appends a command-line argument (the first is the program name).
    pub fn arg(&mut self, arg: impl AsRef<str>) -> &mut Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Appends command-line arguments.
    pub fn args(&mut self, args: impl IntoIterator<Item = impl AsRef<str>>) -> &mut Self {
        for arg in args {
            self.arg(arg);
        }
        self
    }

    /// Sets environment variable `name` (replacing an earlier value).
    pub fn env(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> &mut Self {
        let name = name.as_ref();
        self.env.retain(|(n, _)| n != name);
        self.env.push((name.to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Passes the host's environment variables (those that are UTF-8).
    pub fn inherit_env(&mut self) -> &mut Self {
        for (name, value) in std::env::vars_os() {
            if let (Some(name), Some(value)) = (name.to_str(), value.to_str()) {
                self.env(name, value);
            }
        }
        self
    }

    /// Reads standard input from the host's.
    pub fn inherit_stdin(&mut self) -> &mut Self {
        self.stdin = Input::Inherit;
        self
    }

    /// Writes standard output to the host's.
    pub fn inherit_stdout(&mut self) -> &mut Self {
        self.stdout = Output::InheritStdout;
        self
    }

    /// Writes standard error to the host's.
    pub fn inherit_stderr(&mut self) -> &mut Self {
        self.stderr = Output::InheritStderr;
        self
    }

    /// Inherits all three standard streams.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.inherit_stdin().inherit_stdout().inherit_stderr()
    }

    /// Reads standard input from `pipe`.
    pub fn stdin(&mut self, pipe: MemoryInputPipe) -> &mut Self {
        self.stdin = Input::Memory(pipe);
        self
    }

    /// Captures standard output in `pipe`.
    pub fn stdout(&mut self, pipe: MemoryOutputPipe) -> &mut Self {
        self.stdout = Output::Memory(pipe);
        self
    }

    /// Captures standard error in `pipe`.
    pub fn stderr(&mut self, pipe: MemoryOutputPipe) -> &mut Self {
        self.stderr = Output::Memory(pipe);
        self
    }

    /// Makes the host directory `host_path` available to the guest as
    /// `guest_path`, with `dir_perms` on the directory tree and `file_perms`
    /// on the files in it. `DirPerms::READ, FilePerms::READ` is a read-only
    /// preopen. Guest paths never resolve outside `host_path` (see the
    /// crate documentation).
    pub fn preopened_dir(
        &mut self,
        host_path: impl AsRef<Path>,
        guest_path: impl AsRef<str>,
        dir_perms: DirPerms,
        file_perms: FilePerms,
    ) -> Result<&mut Self> {
        let host_path = host_path.as_ref();
        let guest_path = guest_path.as_ref();
        if guest_path.contains('\0') {
            bail!("guest path `{}` contains a NUL byte", guest_path.escape_debug());
        }
        let dir = Dir::open_ambient_dir(host_path, ambient_authority())
            .with_context(|| format!("failed to open directory `{}`", host_path.display()))?;
        let (base, inheriting) = preopen_rights(dir_perms, file_perms);
        self.preopens.push(Entry { kind: Kind::Dir(dir), base, inheriting, preopen: Some(guest_path.to_owned()) });
        Ok(self)
    }

    /// The context. The builder is left with the defaults.
    pub fn build(&mut self) -> WasiCtx {
        let this = std::mem::take(self);
        let stdio = [
            Entry { kind: Kind::Input(this.stdin), base: STDIN_RIGHTS, inheriting: 0, preopen: None },
            Entry { kind: Kind::Output(this.stdout), base: STDOUT_RIGHTS, inheriting: 0, preopen: None },
            Entry { kind: Kind::Output(this.stderr), base: STDOUT_RIGHTS, inheriting: 0, preopen: None },
        ];
        let fds = stdio.into_iter().chain(this.preopens).map(Some).collect();
        WasiCtx { args: this.args, env: this.env, fds }
    }
}
