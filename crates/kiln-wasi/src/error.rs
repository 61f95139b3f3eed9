//! Translating host I/O errors into WASI error numbers.

use std::io;

use rustix::io::Errno as Host;

use crate::types::Errno;

/// The WASI error number for a host I/O error.
///
/// OS errors map one to one. cap-std reports a path that would leave its
/// directory (an absolute path, too many `..`, a symlink pointing outside)
/// as `PermissionDenied` without an OS error; that is `ENOTCAPABLE`.
pub(crate) fn from_io(error: &io::Error) -> Errno {
    match error.raw_os_error() {
        Some(code) => from_os(Host::from_raw_os_error(code)),
        None => match error.kind() {
            io::ErrorKind::NotFound => Errno::Noent,
            io::ErrorKind::PermissionDenied => Errno::Notcapable,
            io::ErrorKind::AlreadyExists => Errno::Exist,
            io::ErrorKind::InvalidInput => Errno::Inval,
            io::ErrorKind::WouldBlock => Errno::Again,
            io::ErrorKind::Interrupted => Errno::Intr,
            io::ErrorKind::Unsupported => Errno::Notsup,
            io::ErrorKind::OutOfMemory => Errno::Nomem,
            io::ErrorKind::NotADirectory => Errno::Notdir,
            io::ErrorKind::IsADirectory => Errno::Isdir,
            io::ErrorKind::DirectoryNotEmpty => Errno::Notempty,
            io::ErrorKind::ReadOnlyFilesystem => Errno::Rofs,
            io::ErrorKind::InvalidFilename => Errno::Inval,
            _ => Errno::Io,
        },
    }
}

/// The WASI error number for a host `errno`.
pub(crate) fn from_os(e: Host) -> Errno {
    match e {
        Host::TOOBIG => Errno::TooBig,
        Host::ACCESS => Errno::Acces,
        Host::ADDRINUSE => Errno::Addrinuse,
        Host::ADDRNOTAVAIL => Errno::Addrnotavail,
        Host::AFNOSUPPORT => Errno::Afnosupport,
        Host::AGAIN => Errno::Again,
        Host::ALREADY => Errno::Already,
        Host::BADF => Errno::Badf,
        Host::BADMSG => Errno::Badmsg,
        Host::BUSY => Errno::Busy,
        Host::CANCELED => Errno::Canceled,
        Host::CHILD => Errno::Child,
        Host::CONNABORTED => Errno::Connaborted,
        Host::CONNREFUSED => Errno::Connrefused,
        Host::CONNRESET => Errno::Connreset,
        Host::DEADLK => Errno::Deadlk,
        Host::DESTADDRREQ => Errno::Destaddrreq,
        Host::DOM => Errno::Dom,
        Host::DQUOT => Errno::Dquot,
        Host::EXIST => Errno::Exist,
        Host::FAULT => Errno::Fault,
        Host::FBIG => Errno::Fbig,
        Host::HOSTUNREACH => Errno::Hostunreach,
        Host::IDRM => Errno::Idrm,
        Host::ILSEQ => Errno::Ilseq,
        Host::INPROGRESS => Errno::Inprogress,
        Host::INTR => Errno::Intr,
        Host::INVAL => Errno::Inval,
        Host::IO => Errno::Io,
        Host::ISCONN => Errno::Isconn,
        Host::ISDIR => Errno::Isdir,
        Host::LOOP => Errno::Loop,
        Host::MFILE => Errno::Mfile,
        Host::MLINK => Errno::Mlink,
        Host::MSGSIZE => Errno::Msgsize,
        Host::MULTIHOP => Errno::Multihop,
        Host::NAMETOOLONG => Errno::Nametoolong,
        Host::NETDOWN => Errno::Netdown,
        Host::NETRESET => Errno::Netreset,
        Host::NETUNREACH => Errno::Netunreach,
        Host::NFILE => Errno::Nfile,
        Host::NOBUFS => Errno::Nobufs,
        Host::NODEV => Errno::Nodev,
        Host::NOENT => Errno::Noent,
        Host::NOEXEC => Errno::Noexec,
        Host::NOLCK => Errno::Nolck,
        Host::NOLINK => Errno::Nolink,
        Host::NOMEM => Errno::Nomem,
        Host::NOMSG => Errno::Nomsg,
        Host::NOPROTOOPT => Errno::Noprotoopt,
        Host::NOSPC => Errno::Nospc,
        Host::NOSYS => Errno::Nosys,
        Host::NOTCONN => Errno::Notconn,
        Host::NOTDIR => Errno::Notdir,
        Host::NOTEMPTY => Errno::Notempty,
        Host::NOTRECOVERABLE => Errno::Notrecoverable,
        Host::NOTSOCK => Errno::Notsock,
        Host::NOTSUP => Errno::Notsup,
        Host::NOTTY => Errno::Notty,
        Host::NXIO => Errno::Nxio,
        Host::OVERFLOW => Errno::Overflow,
        Host::OWNERDEAD => Errno::Ownerdead,
        Host::PERM => Errno::Perm,
        Host::PIPE => Errno::Pipe,
        Host::PROTO => Errno::Proto,
        Host::PROTONOSUPPORT => Errno::Protonosupport,
        Host::PROTOTYPE => Errno::Prototype,
        Host::RANGE => Errno::Range,
        Host::ROFS => Errno::Rofs,
        Host::SPIPE => Errno::Spipe,
        Host::SRCH => Errno::Srch,
        Host::STALE => Errno::Stale,
        Host::TIMEDOUT => Errno::Timedout,
        Host::TXTBSY => Errno::Txtbsy,
        Host::XDEV => Errno::Xdev,
        _ => Errno::Io,
    }
}

/// Shorthand: `result.map_err(io_errno)`.
pub(crate) fn io_errno(error: io::Error) -> Errno {
    from_io(&error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_and_sandbox_escapes_map_to_wasi_errnos() {
        assert_eq!(from_io(&io::Error::from_raw_os_error(Host::NOENT.raw_os_error())), Errno::Noent);
        assert_eq!(from_io(&io::Error::from_raw_os_error(Host::LOOP.raw_os_error())), Errno::Loop);
        let escape = io::Error::new(io::ErrorKind::PermissionDenied, "a path led outside of the filesystem");
        assert_eq!(from_io(&escape), Errno::Notcapable);
        assert_eq!(from_io(&io::Error::other("strange")), Errno::Io);
    }
}
