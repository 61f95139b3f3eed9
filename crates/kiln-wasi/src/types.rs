//! The `wasi_snapshot_preview1` ABI: error numbers, flag and right bits,
//! and the structs exchanged through guest memory, with the layouts of the
//! WASI specification (`witx`) for wasm32.

use std::fmt;

use kiln::guest::GuestError;
use kiln::guest_struct;

macro_rules! errnos {
    ($($name:ident = $value:literal, $text:literal;)*) => {
        /// A WASI error number (`errno`), returned by every function as its
        /// result; [`Errno::Success`] means no error.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        #[allow(missing_docs)]
        pub enum Errno {
            $($name = $value,)*
        }

        impl Errno {
            /// The specification's description.
            pub fn description(self) -> &'static str {
                match self {
                    $(Errno::$name => $text,)*
                }
            }
        }
    };
}

errnos! {
    Success = 0, "no error occurred";
    TooBig = 1, "argument list too long";
    Acces = 2, "permission denied";
    Addrinuse = 3, "address in use";
    Addrnotavail = 4, "address not available";
    Afnosupport = 5, "address family not supported";
    Again = 6, "resource unavailable, or operation would block";
    Already = 7, "connection already in progress";
    Badf = 8, "bad file descriptor";
    Badmsg = 9, "bad message";
    Busy = 10, "device or resource busy";
    Canceled = 11, "operation canceled";
    Child = 12, "no child processes";
    Connaborted = 13, "connection aborted";
    Connrefused = 14, "connection refused";
    Connreset = 15, "connection reset";
    Deadlk = 16, "resource deadlock would occur";
    Destaddrreq = 17, "destination address required";
    Dom = 18, "mathematics argument out of domain of function";
    Dquot = 19, "reserved";
    Exist = 20, "file exists";
    Fault = 21, "bad address";
    Fbig = 22, "file too large";
    Hostunreach = 23, "host is unreachable";
    Idrm = 24, "identifier removed";
    Ilseq = 25, "illegal byte sequence";
    Inprogress = 26, "operation in progress";
    Intr = 27, "interrupted function";
    Inval = 28, "invalid argument";
    Io = 29, "I/O error";
    Isconn = 30, "socket is connected";
    Isdir = 31, "is a directory";
    Loop = 32, "too many levels of symbolic links";
    Mfile = 33, "file descriptor value too large";
    Mlink = 34, "too many links";
    Msgsize = 35, "message too large";
    Multihop = 36, "reserved";
    Nametoolong = 37, "filename too long";
    Netdown = 38, "network is down";
    Netreset = 39, "connection aborted by network";
    Netunreach = 40, "network unreachable";
    Nfile = 41, "too many files open in system";
    Nobufs = 42, "no buffer space available";
    Nodev = 43, "no such device";
    Noent = 44, "no such file or directory";
    Noexec = 45, "executable file format error";
    Nolck = 46, "no locks available";
    Nolink = 47, "reserved";
    Nomem = 48, "not enough space";
    Nomsg = 49, "no message of the desired type";
    Noprotoopt = 50, "protocol not available";
    Nospc = 51, "no space left on device";
    Nosys = 52, "function not supported";
    Notconn = 53, "the socket is not connected";
    Notdir = 54, "not a directory or a symbolic link to a directory";
    Notempty = 55, "directory not empty";
    Notrecoverable = 56, "state not recoverable";
    Notsock = 57, "not a socket";
    Notsup = 58, "not supported, or operation not supported on socket";
    Notty = 59, "inappropriate I/O control operation";
    Nxio = 60, "no such device or address";
    Overflow = 61, "value too large to be stored in data type";
    Ownerdead = 62, "previous owner died";
    Perm = 63, "operation not permitted";
    Pipe = 64, "broken pipe";
    Proto = 65, "protocol error";
    Protonosupport = 66, "protocol not supported";
    Prototype = 67, "protocol wrong type for socket";
    Range = 68, "result too large";
    Rofs = 69, "read-only file system";
    Spipe = 70, "invalid seek";
    Srch = 71, "no such process";
    Stale = 72, "reserved";
    Timedout = 73, "connection timed out";
    Txtbsy = 74, "text file busy";
    Xdev = 75, "cross-device link";
    Notcapable = 76, "capabilities insufficient";
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (errno {})", self.description(), *self as u16)
    }
}

impl std::error::Error for Errno {}

impl From<GuestError> for Errno {
    /// Bad guest pointers are `EFAULT`, misaligned ones `EINVAL` and
    /// invalid UTF-8 `EILSEQ` (as in Wasmtime).
    fn from(e: GuestError) -> Errno {
        match e {
            GuestError::Misaligned { .. } => Errno::Inval,
            GuestError::InvalidUtf8 { .. } => Errno::Ilseq,
            _ => Errno::Fault,
        }
    }
}

/// What a WASI function returns to the glue: success, or an error number.
pub type WasiResult<T = ()> = Result<T, Errno>;

/// File descriptor rights (`rights`): what operations a descriptor allows.
pub mod rights {
    #![allow(missing_docs)]
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    pub const SOCK_SHUTDOWN: u64 = 1 << 28;
    pub const SOCK_ACCEPT: u64 = 1 << 29;
    /// Every right.
    pub const ALL: u64 = (1 << 30) - 1;

    /// Rights that read a directory (and what is in it).
    pub const DIR_READ: u64 = FD_READDIR | PATH_OPEN | PATH_READLINK | PATH_FILESTAT_GET | FD_FILESTAT_GET;
    /// Rights that change a directory (and what is in it).
    pub const DIR_MUTATE: u64 = PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_FILESTAT_SET_SIZE
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_SET_TIMES
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE;
    /// Rights on a directory that are neither reading nor changing it.
    pub const DIR_OTHER: u64 = FD_FDSTAT_SET_FLAGS | FD_SYNC | FD_DATASYNC;
    /// Rights that read a file.
    pub const FILE_READ: u64 =
        FD_READ | FD_SEEK | FD_TELL | FD_ADVISE | FD_FILESTAT_GET | POLL_FD_READWRITE | FD_FDSTAT_SET_FLAGS;
    /// Rights that change a file.
    pub const FILE_WRITE: u64 =
        FD_WRITE | FD_DATASYNC | FD_SYNC | FD_ALLOCATE | FD_FILESTAT_SET_SIZE | FD_FILESTAT_SET_TIMES;
    /// Rights that need the host file open for writing.
    pub const NEED_WRITE_ACCESS: u64 = FD_WRITE | FD_ALLOCATE | FD_FILESTAT_SET_SIZE;
}

/// File types (`filetype`).
pub mod filetype {
    #![allow(missing_docs)]
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    pub const SOCKET_DGRAM: u8 = 5;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// Descriptor flags (`fdflags`).
pub mod fdflags {
    #![allow(missing_docs)]
    pub const APPEND: u16 = 1 << 0;
    pub const DSYNC: u16 = 1 << 1;
    pub const NONBLOCK: u16 = 1 << 2;
    pub const RSYNC: u16 = 1 << 3;
    pub const SYNC: u16 = 1 << 4;
    pub const ALL: u16 = (1 << 5) - 1;
}

/// Open flags (`oflags`).
pub mod oflags {
    #![allow(missing_docs)]
    pub const CREAT: u16 = 1 << 0;
    pub const DIRECTORY: u16 = 1 << 1;
    pub const EXCL: u16 = 1 << 2;
    pub const TRUNC: u16 = 1 << 3;
    pub const ALL: u16 = (1 << 4) - 1;
}

/// Path lookup flags (`lookupflags`).
pub mod lookupflags {
    #![allow(missing_docs)]
    pub const SYMLINK_FOLLOW: u32 = 1 << 0;
}

/// Which timestamps to set (`fstflags`).
pub mod fstflags {
    #![allow(missing_docs)]
    pub const ATIM: u16 = 1 << 0;
    pub const ATIM_NOW: u16 = 1 << 1;
    pub const MTIM: u16 = 1 << 2;
    pub const MTIM_NOW: u16 = 1 << 3;
    pub const ALL: u16 = (1 << 4) - 1;
}

/// Clocks (`clockid`).
pub mod clockid {
    #![allow(missing_docs)]
    pub const REALTIME: u32 = 0;
    pub const MONOTONIC: u32 = 1;
    pub const PROCESS_CPUTIME_ID: u32 = 2;
    pub const THREAD_CPUTIME_ID: u32 = 3;
}

/// Seek origins (`whence`).
pub mod whence {
    #![allow(missing_docs)]
    pub const SET: u32 = 0;
    pub const CUR: u32 = 1;
    pub const END: u32 = 2;
}

/// Subscription and event types (`eventtype`).
pub mod eventtype {
    #![allow(missing_docs)]
    pub const CLOCK: u8 = 0;
    pub const FD_READ: u8 = 1;
    pub const FD_WRITE: u8 = 2;
}

/// Clock subscription flags (`subclockflags`).
pub const SUBSCRIPTION_CLOCK_ABSTIME: u16 = 1;
/// Event flag (`eventrwflags`): the peer hung up.
pub const EVENT_FD_READWRITE_HANGUP: u16 = 1;
/// The only preopen type (`preopentype`): a directory.
pub const PREOPENTYPE_DIR: u8 = 0;

guest_struct! {
    /// A buffer to read into (`iovec`) or write from (`ciovec`).
    pub struct Iovec (size = 8, align = 4) {
        /// Address of the buffer.
        pub buf: u32 = 0,
        /// Length of the buffer.
        pub buf_len: u32 = 4,
    }
}

guest_struct! {
    /// A descriptor's attributes (`fdstat`).
    pub struct Fdstat (size = 24, align = 8) {
        /// File type.
        pub fs_filetype: u8 = 0,
        /// Descriptor flags.
        pub fs_flags: u16 = 2,
        /// Rights of the descriptor.
        pub fs_rights_base: u64 = 8,
        /// Rights of descriptors opened through it.
        pub fs_rights_inheriting: u64 = 16,
    }
}

guest_struct! {
    /// A file's attributes (`filestat`).
    pub struct Filestat (size = 64, align = 8) {
        /// Device ID.
        pub dev: u64 = 0,
        /// Inode.
        pub ino: u64 = 8,
        /// File type.
        pub filetype: u8 = 16,
        /// Number of hard links.
        pub nlink: u64 = 24,
        /// Size in bytes.
        pub size: u64 = 32,
        /// Last access time (ns since the epoch).
        pub atim: u64 = 40,
        /// Last modification time.
        pub mtim: u64 = 48,
        /// Last status change time.
        pub ctim: u64 = 56,
    }
}

guest_struct! {
    /// A directory entry header (`dirent`), followed by the name.
    pub struct Dirent (size = 24, align = 8) {
        /// Cookie of the next entry.
        pub d_next: u64 = 0,
        /// Inode.
        pub d_ino: u64 = 8,
        /// Length of the name.
        pub d_namlen: u32 = 16,
        /// File type.
        pub d_type: u8 = 20,
    }
}

guest_struct! {
    /// A preopened resource (`prestat`): always a directory here.
    pub struct Prestat (size = 8, align = 4) {
        /// Preopen type ([`PREOPENTYPE_DIR`]).
        pub tag: u8 = 0,
        /// Length of the directory's guest path.
        pub pr_name_len: u32 = 4,
    }
}

guest_struct! {
    /// A `poll_oneoff` subscription (`subscription`), with the union of
    /// `subscription_clock` and `subscription_fd_readwrite` flattened.
    pub struct Subscription (size = 48, align = 8) {
        /// Returned unchanged in the event.
        pub userdata: u64 = 0,
        /// [`eventtype`] of the subscription.
        pub tag: u8 = 8,
        /// The clock (`clockid`) or the file descriptor.
        pub clock_id_or_fd: u32 = 16,
        /// Clock: the timeout or absolute deadline, in ns.
        pub timeout: u64 = 24,
        /// Clock: the requested precision.
        pub precision: u64 = 32,
        /// Clock: [`SUBSCRIPTION_CLOCK_ABSTIME`] or 0.
        pub flags: u16 = 40,
    }
}

guest_struct! {
    /// A `poll_oneoff` result (`event`).
    pub struct Event (size = 32, align = 8) {
        /// The subscription's user data.
        pub userdata: u64 = 0,
        /// Error of the subscription, as an [`Errno`] value.
        pub error: u16 = 8,
        /// [`eventtype`] of the subscription.
        pub event_type: u8 = 10,
        /// Bytes available to read or write.
        pub nbytes: u64 = 16,
        /// [`EVENT_FD_READWRITE_HANGUP`] or 0.
        pub flags: u16 = 24,
    }
}
