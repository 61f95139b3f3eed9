//! The `fd_*` functions: reading, writing, seeking and inspecting open
//! descriptors, directory listing, and the descriptor table itself.

use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::os::unix::fs::FileExt as _;

use cap_fs_ext::FileTypeExt as _;
use kiln::guest::{GuestMemory, GuestPtr};
use rustix::fs::{Advice, OFlags};

use crate::ctx::{Entry, Kind, WasiCtx};
use crate::error::{from_os, io_errno};
use crate::types::{
    Dirent, Errno, Fdstat, Filestat, Iovec, PREOPENTYPE_DIR, Prestat, WasiResult, fdflags, filetype, fstflags, rights,
    whence,
};

/// The I/O vectors at `iovs`.
pub(crate) fn iovecs(mem: &GuestMemory<'_>, iovs: u32, len: u32) -> WasiResult<Vec<Iovec>> {
    Ok(mem.to_vec(GuestPtr::<[Iovec]>::new_slice(iovs.into(), len.into()))?)
}

/// The bytes an I/O vector designates.
fn buffer(iov: &Iovec) -> GuestPtr<[u8]> {
    GuestPtr::new_slice(iov.buf.into(), iov.buf_len.into())
}

/// Transfers the buffers `iovs` in order with `step`, stopping at the first
/// short transfer; returns the total. An error after some bytes moved ends
/// the transfer without an error, as `readv` and `writev` do, and so does a
/// total that would no longer fit the guest's 32-bit result.
fn each_iovec(iovs: &[Iovec], mut step: impl FnMut(&Iovec, u64) -> WasiResult<usize>) -> WasiResult<u32> {
    let mut total: u64 = 0;
    for iov in iovs.iter().filter(|iov| iov.buf_len > 0) {
        if total + u64::from(iov.buf_len) > u64::from(u32::MAX) {
            break;
        }
        let n = match step(iov, total) {
            Ok(n) => n,
            Err(_) if total > 0 => break,
            Err(e) => return Err(e),
        };
        total += n as u64;
        if n < iov.buf_len as usize {
            break;
        }
    }
    u32::try_from(total).map_err(|_| Errno::Overflow)
}

/// Fills the guest buffers `iovs` with `read(buffer, bytes so far)`.
pub(crate) fn read_into(
    mem: &GuestMemory<'_>,
    iovs: &[Iovec],
    mut read: impl FnMut(&mut [u8], u64) -> WasiResult<usize>,
) -> WasiResult<u32> {
    each_iovec(iovs, |iov, done| read(&mut mem.slice_mut(buffer(iov))?, done))
}

/// Writes the guest buffers `iovs` with `write(buffer, bytes so far)`.
pub(crate) fn write_from(
    mem: &GuestMemory<'_>,
    iovs: &[Iovec],
    mut write: impl FnMut(&[u8], u64) -> WasiResult<usize>,
) -> WasiResult<u32> {
    each_iovec(iovs, |iov, done| write(&mem.slice(buffer(iov))?, done))
}

/// The WASI file type of host metadata.
pub(crate) fn file_type(ty: cap_std::fs::FileType) -> u8 {
    if ty.is_dir() {
        filetype::DIRECTORY
    } else if ty.is_file() {
        filetype::REGULAR_FILE
    } else if ty.is_symlink() {
        filetype::SYMBOLIC_LINK
    } else if ty.is_char_device() {
        filetype::CHARACTER_DEVICE
    } else if ty.is_block_device() {
        filetype::BLOCK_DEVICE
    } else if ty.is_socket() {
        filetype::SOCKET_STREAM
    } else {
        filetype::UNKNOWN
    }
}

/// The file type of a standard stream: a character device if it is a
/// terminal (so that `isatty` works), otherwise unknown (as in Wasmtime).
fn stream_type(is_terminal: bool) -> u8 {
    if is_terminal { filetype::CHARACTER_DEVICE } else { filetype::UNKNOWN }
}

/// Nanoseconds since the epoch from seconds and nanoseconds (0 before the
/// epoch).
fn nanos(secs: i64, nsecs: i64) -> u64 {
    u64::try_from(secs).map_or(0, |s| s.saturating_mul(1_000_000_000).saturating_add(nsecs as u64))
}

/// A WASI `filestat` from host metadata.
pub(crate) fn filestat(meta: &cap_std::fs::Metadata) -> Filestat {
    use cap_std::fs::MetadataExt as _;
    Filestat {
        dev: meta.dev(),
        ino: meta.ino(),
        filetype: file_type(meta.file_type()),
        nlink: meta.nlink(),
        size: meta.len(),
        atim: nanos(meta.atime(), meta.atime_nsec()),
        mtim: nanos(meta.mtime(), meta.mtime_nsec()),
        ctim: nanos(meta.ctime(), meta.ctime_nsec()),
    }
}

/// A timestamp to set: the current time or nanoseconds since the epoch.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum SetTime {
    Now,
    At(u64),
}

impl SetTime {
    /// For cap-std's path operations.
    pub(crate) fn spec(time: Option<SetTime>) -> Option<cap_fs_ext::SystemTimeSpec> {
        time.map(|time| match time {
            SetTime::Now => cap_fs_ext::SystemTimeSpec::SymbolicNow,
            SetTime::At(ns) => cap_fs_ext::SystemTimeSpec::Absolute(cap_std::time::SystemTime::from_std(
                std::time::UNIX_EPOCH + std::time::Duration::from_nanos(ns),
            )),
        })
    }

    /// For `futimens`.
    fn timespec(time: Option<SetTime>) -> rustix::fs::Timespec {
        match time {
            None => rustix::fs::Timespec { tv_sec: 0, tv_nsec: rustix::fs::UTIME_OMIT },
            Some(SetTime::Now) => rustix::fs::Timespec { tv_sec: 0, tv_nsec: rustix::fs::UTIME_NOW },
            Some(SetTime::At(ns)) => {
                rustix::fs::Timespec { tv_sec: (ns / 1_000_000_000) as i64, tv_nsec: (ns % 1_000_000_000) as _ }
            }
        }
    }

    /// Sets the times of an open file or directory.
    fn set(fd: impl rustix::fd::AsFd, atime: Option<SetTime>, mtime: Option<SetTime>) -> WasiResult {
        let times = rustix::fs::Timestamps {
            last_access: SetTime::timespec(atime),
            last_modification: SetTime::timespec(mtime),
        };
        rustix::fs::futimens(fd, &times).map_err(from_os)
    }
}

/// The timestamps `fstflags` asks for: `None` leaves a time unchanged.
/// Asking for both a time and "now" is `EINVAL`.
pub(crate) fn times(atim: u64, mtim: u64, flags: u32) -> WasiResult<(Option<SetTime>, Option<SetTime>)> {
    let flags = u16::try_from(flags).map_err(|_| Errno::Inval)?;
    if flags & !fstflags::ALL != 0 {
        return Err(Errno::Inval);
    }
    let pick = |set: u16, now: u16, ns: u64| match (flags & set != 0, flags & now != 0) {
        (true, true) => Err(Errno::Inval),
        (false, true) => Ok(Some(SetTime::Now)),
        (true, false) => Ok(Some(SetTime::At(ns))),
        (false, false) => Ok(None),
    };
    Ok((pick(fstflags::ATIM, fstflags::ATIM_NOW, atim)?, pick(fstflags::MTIM, fstflags::MTIM_NOW, mtim)?))
}

/// The file of a descriptor, for operations that need one: directories are
/// `EISDIR`, standard streams `ESPIPE` (they cannot seek) or `EBADF`.
fn file_of(entry: &Entry, stream_errno: Errno) -> WasiResult<&std::fs::File> {
    match &entry.kind {
        Kind::File(file) => Ok(file),
        Kind::Dir(_) => Err(Errno::Isdir),
        Kind::Input(_) | Kind::Output(_) => Err(stream_errno),
    }
}

/// The host descriptor flags of `file` as WASI `fdflags`.
fn host_fdflags(file: &std::fs::File) -> WasiResult<u16> {
    let flags = rustix::fs::fcntl_getfl(file).map_err(from_os)?;
    let mut out = 0;
    for (host, wasi) in [
        (OFlags::APPEND, fdflags::APPEND),
        (OFlags::NONBLOCK, fdflags::NONBLOCK),
        (OFlags::DSYNC, fdflags::DSYNC),
        (OFlags::SYNC, fdflags::SYNC),
    ] {
        if flags.contains(host) {
            out |= wasi;
        }
    }
    // Linux defines `O_RSYNC` as `O_SYNC`, so `RSYNC` is reported with it.
    if flags.contains(OFlags::SYNC) {
        out |= fdflags::RSYNC;
    }
    Ok(out)
}

impl WasiCtx {
    /// `fd_advise`: advice on how the file will be accessed.
    pub(crate) fn fd_advise(&mut self, fd: u32, offset: u64, len: u64, advice: u32) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_ADVISE)?;
        let advice = match advice {
            0 => Advice::Normal,
            1 => Advice::Sequential,
            2 => Advice::Random,
            3 => Advice::WillNeed,
            4 => Advice::DontNeed,
            5 => Advice::NoReuse,
            _ => return Err(Errno::Inval),
        };
        let file = file_of(entry, Errno::Badf)?;
        let len = std::num::NonZeroU64::new(len);
        rustix::fs::fadvise(file, offset, len, advice).map_err(from_os)
    }

    /// `fd_allocate`: makes sure `offset .. offset + len` is allocated,
    /// growing the file if needed.
    pub(crate) fn fd_allocate(&mut self, fd: u32, offset: u64, len: u64) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_ALLOCATE)?;
        let file = file_of(entry, Errno::Badf)?;
        let end = offset.checked_add(len).ok_or(Errno::Fbig)?;
        if end > i64::MAX as u64 {
            return Err(Errno::Fbig);
        }
        if file.metadata().map_err(io_errno)?.len() < end {
            file.set_len(end).map_err(io_errno)?;
        }
        Ok(())
    }

    /// `fd_close`.
    pub(crate) fn fd_close(&mut self, fd: u32) -> WasiResult {
        self.remove(fd).map(drop)
    }

    /// `fd_datasync`: flushes the file's data.
    pub(crate) fn fd_datasync(&mut self, fd: u32) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_DATASYNC)?;
        match &entry.kind {
            Kind::File(file) => file.sync_data().map_err(io_errno),
            Kind::Dir(dir) => rustix::fs::fdatasync(dir).map_err(from_os),
            Kind::Input(_) | Kind::Output(_) => Err(Errno::Inval),
        }
    }

    /// `fd_sync`: flushes the file's data and metadata.
    pub(crate) fn fd_sync(&mut self, fd: u32) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_SYNC)?;
        match &entry.kind {
            Kind::File(file) => file.sync_all().map_err(io_errno),
            Kind::Dir(dir) => rustix::fs::fsync(dir).map_err(from_os),
            Kind::Input(_) | Kind::Output(_) => Err(Errno::Inval),
        }
    }

    /// `fd_fdstat_get`.
    pub(crate) fn fd_fdstat_get(&mut self, mem: &GuestMemory<'_>, fd: u32, out: u32) -> WasiResult {
        let entry = self.entry(fd)?;
        let (fs_filetype, fs_flags) = match &entry.kind {
            Kind::File(file) => {
                let meta = cap_std::fs::Metadata::from_file(file).map_err(io_errno)?;
                (file_type(meta.file_type()), host_fdflags(file)?)
            }
            Kind::Dir(_) => (filetype::DIRECTORY, 0),
            Kind::Input(input) => (stream_type(input.is_terminal()), 0),
            Kind::Output(output) => (stream_type(output.is_terminal()), 0),
        };
        let stat = Fdstat { fs_filetype, fs_flags, fs_rights_base: entry.base, fs_rights_inheriting: entry.inheriting };
        Ok(mem.write(GuestPtr::new(out.into()), stat)?)
    }

    /// `fd_fdstat_set_flags`: switches `APPEND` and `NONBLOCK`; the
    /// synchronisation flags can only be chosen when opening.
    pub(crate) fn fd_fdstat_set_flags(&mut self, fd: u32, flags: u32) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_FDSTAT_SET_FLAGS)?;
        let flags = u16::try_from(flags).map_err(|_| Errno::Inval)?;
        if flags & !fdflags::ALL != 0 {
            return Err(Errno::Inval);
        }
        let Kind::File(file) = &entry.kind else {
            // Standard streams and directories have no changeable flags.
            return if flags & !fdflags::NONBLOCK == 0 { Ok(()) } else { Err(Errno::Notsup) };
        };
        let sync = fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC;
        if flags & sync != host_fdflags(file)? & sync {
            return Err(Errno::Notsup);
        }
        let mut host = rustix::fs::fcntl_getfl(file).map_err(from_os)?;
        host.set(OFlags::APPEND, flags & fdflags::APPEND != 0);
        host.set(OFlags::NONBLOCK, flags & fdflags::NONBLOCK != 0);
        rustix::fs::fcntl_setfl(file, host).map_err(from_os)
    }

    /// `fd_fdstat_set_rights`: rights can only be dropped.
    pub(crate) fn fd_fdstat_set_rights(&mut self, fd: u32, base: u64, inheriting: u64) -> WasiResult {
        let entry = self.entry_mut(fd)?;
        if base & !entry.base != 0 || inheriting & !entry.inheriting != 0 {
            return Err(Errno::Notcapable);
        }
        entry.base = base;
        entry.inheriting = inheriting;
        Ok(())
    }

    /// `fd_filestat_get`.
    pub(crate) fn fd_filestat_get(&mut self, mem: &GuestMemory<'_>, fd: u32, out: u32) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_FILESTAT_GET)?;
        let stat = match &entry.kind {
            Kind::File(file) => filestat(&cap_std::fs::Metadata::from_file(file).map_err(io_errno)?),
            Kind::Dir(dir) => filestat(&dir.dir_metadata().map_err(io_errno)?),
            Kind::Input(input) => Filestat { filetype: stream_type(input.is_terminal()), ..Filestat::default() },
            Kind::Output(output) => Filestat { filetype: stream_type(output.is_terminal()), ..Filestat::default() },
        };
        Ok(mem.write(GuestPtr::new(out.into()), stat)?)
    }

    /// `fd_filestat_set_size`: truncates or extends the file.
    pub(crate) fn fd_filestat_set_size(&mut self, fd: u32, size: u64) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_FILESTAT_SET_SIZE)?;
        let file = file_of(entry, Errno::Badf)?;
        if size > i64::MAX as u64 {
            return Err(Errno::Fbig);
        }
        file.set_len(size).map_err(io_errno)
    }

    /// `fd_filestat_set_times`.
    pub(crate) fn fd_filestat_set_times(&mut self, fd: u32, atim: u64, mtim: u64, flags: u32) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_FILESTAT_SET_TIMES)?;
        let (atime, mtime) = times(atim, mtim, flags)?;
        match &entry.kind {
            Kind::File(file) => SetTime::set(file, atime, mtime),
            Kind::Dir(dir) => SetTime::set(dir, atime, mtime),
            Kind::Input(_) | Kind::Output(_) => Err(Errno::Badf),
        }
    }

    /// `fd_pread`: reads at `offset` without moving the file position.
    pub(crate) fn fd_pread(
        &mut self,
        mem: &GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        nread: u32,
    ) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_READ | rights::FD_SEEK)?;
        let file = file_of(entry, Errno::Spipe)?;
        let iovs = iovecs(mem, iovs, iovs_len)?;
        let n = read_into(mem, &iovs, |buf, done| {
            let at = offset.checked_add(done).ok_or(Errno::Overflow)?;
            file.read_at(buf, at).map_err(io_errno)
        })?;
        Ok(mem.write(GuestPtr::new(nread.into()), n)?)
    }

    /// `fd_pwrite`: writes at `offset` without moving the file position.
    pub(crate) fn fd_pwrite(
        &mut self,
        mem: &GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        nwritten: u32,
    ) -> WasiResult {
        let entry = self.entry(fd)?;
        entry.check(rights::FD_WRITE | rights::FD_SEEK)?;
        let file = file_of(entry, Errno::Spipe)?;
        let iovs = iovecs(mem, iovs, iovs_len)?;
        let n = write_from(mem, &iovs, |buf, done| {
            let at = offset.checked_add(done).ok_or(Errno::Overflow)?;
            file.write_at(buf, at).map_err(io_errno)
        })?;
        Ok(mem.write(GuestPtr::new(nwritten.into()), n)?)
    }

    /// `fd_prestat_get`: describes a preopened directory.
    pub(crate) fn fd_prestat_get(&mut self, mem: &GuestMemory<'_>, fd: u32, out: u32) -> WasiResult {
        let name = self.entry(fd)?.preopen.as_ref().ok_or(Errno::Badf)?;
        let pr_name_len = u32::try_from(name.len()).map_err(|_| Errno::Nametoolong)?;
        Ok(mem.write(GuestPtr::new(out.into()), Prestat { tag: PREOPENTYPE_DIR, pr_name_len })?)
    }

    /// `fd_prestat_dir_name`: the guest path of a preopened directory.
    pub(crate) fn fd_prestat_dir_name(&mut self, mem: &GuestMemory<'_>, fd: u32, path: u32, len: u32) -> WasiResult {
        let name = self.entry(fd)?.preopen.as_ref().ok_or(Errno::Badf)?;
        if (len as usize) < name.len() {
            return Err(Errno::Nametoolong);
        }
        Ok(mem.copy_from_slice(GuestPtr::new(path.into()), name.as_bytes())?)
    }

    /// `fd_read`: reads at the file position (or from standard input).
    pub(crate) fn fd_read(
        &mut self,
        mem: &GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        nread: u32,
    ) -> WasiResult {
        let entry = self.entry_mut(fd)?;
        entry.check(rights::FD_READ)?;
        let iovs = iovecs(mem, iovs, iovs_len)?;
        let n = match &mut entry.kind {
            Kind::File(file) => read_into(mem, &iovs, |buf, _| file.read(buf).map_err(io_errno))?,
            Kind::Input(input) => read_into(mem, &iovs, |buf, _| input.read(buf).map_err(io_errno))?,
            Kind::Dir(_) => return Err(Errno::Isdir),
            Kind::Output(_) => return Err(Errno::Badf),
        };
        Ok(mem.write(GuestPtr::new(nread.into()), n)?)
    }

    /// `fd_write`: writes at the file position (or the end, in append
    /// mode), or to standard output or error.
    pub(crate) fn fd_write(
        &mut self,
        mem: &GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        nwritten: u32,
    ) -> WasiResult {
        let entry = self.entry_mut(fd)?;
        entry.check(rights::FD_WRITE)?;
        let iovs = iovecs(mem, iovs, iovs_len)?;
        let n = match &mut entry.kind {
            Kind::File(file) => write_from(mem, &iovs, |buf, _| file.write(buf).map_err(io_errno))?,
            Kind::Output(output) => write_from(mem, &iovs, |buf, _| {
                output.write(buf).map_err(io_errno)?;
                Ok(buf.len())
            })?,
            Kind::Dir(_) => return Err(Errno::Isdir),
            Kind::Input(_) => return Err(Errno::Badf),
        };
        Ok(mem.write(GuestPtr::new(nwritten.into()), n)?)
    }

    /// `fd_readdir`: fills `buf` with directory entries starting after
    /// `cookie`. Cookies are positions in the listing: `.` is 1, `..` is 2,
    /// then the host's entries in the host's order. The last entry is cut
    /// off if the buffer is full, which tells the guest to call again.
    pub(crate) fn fd_readdir(
        &mut self,
        mem: &GuestMemory<'_>,
        fd: u32,
        buf: u32,
        buf_len: u32,
        cookie: u64,
        bufused: u32,
    ) -> WasiResult {
        use rustix::fs::DirEntryExt as _;
        let entry = self.entry(fd)?;
        entry.check(rights::FD_READDIR)?;
        let Kind::Dir(dir) = &entry.kind else { return Err(Errno::Notdir) };
        let this = dir.dir_metadata().map_err(io_errno)?;
        let mut listing: Vec<(Vec<u8>, u64, u8)> = vec![
            (b".".to_vec(), cap_std::fs::MetadataExt::ino(&this), filetype::DIRECTORY),
            (b"..".to_vec(), 0, filetype::DIRECTORY),
        ];
        for item in dir.entries().map_err(io_errno)? {
            let item = item.map_err(io_errno)?;
            let ty = item.file_type().map_err(io_errno)?;
            listing.push((item.file_name().into_encoded_bytes(), item.ino(), file_type(ty)));
        }
        let mut out = mem.slice_mut(GuestPtr::<[u8]>::new_slice(buf.into(), buf_len.into()))?;
        let mut used = 0usize;
        let skip = usize::try_from(cookie).unwrap_or(usize::MAX);
        for (index, (name, ino, d_type)) in listing.iter().enumerate().skip(skip) {
            let d_namlen = u32::try_from(name.len()).map_err(|_| Errno::Nametoolong)?;
            let header = Dirent { d_next: index as u64 + 1, d_ino: *ino, d_namlen, d_type: *d_type };
            let mut bytes = [0u8; 24];
            kiln::guest::GuestType::write_le(&header, &mut bytes);
            for chunk in [&bytes[..], name] {
                let n = chunk.len().min(out.len() - used);
                out[used..used + n].copy_from_slice(&chunk[..n]);
                used += n;
            }
            if used == out.len() {
                break;
            }
        }
        drop(out);
        Ok(mem.write(GuestPtr::new(bufused.into()), used as u32)?)
    }

    /// `fd_renumber`: moves descriptor `from` to number `to`, closing what
    /// `to` was.
    pub(crate) fn fd_renumber(&mut self, from: u32, to: u32) -> WasiResult {
        self.entry(from)?;
        self.entry(to)?;
        if from == to {
            return Ok(());
        }
        let entry = self.remove(from)?;
        self.fds[to as usize] = Some(entry);
        Ok(())
    }

    /// `fd_seek`: moves the file position; returns the new one.
    pub(crate) fn fd_seek(&mut self, mem: &GuestMemory<'_>, fd: u32, offset: i64, how: u32, out: u32) -> WasiResult {
        let entry = self.entry_mut(fd)?;
        let needed = if offset == 0 && how == whence::CUR { rights::FD_TELL } else { rights::FD_SEEK };
        entry.check(needed)?;
        let pos = match how {
            whence::SET => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
            whence::CUR => SeekFrom::Current(offset),
            whence::END => SeekFrom::End(offset),
            _ => return Err(Errno::Inval),
        };
        let mut file = file_of(entry, Errno::Spipe)?;
        let new = file.seek(pos).map_err(io_errno)?;
        Ok(mem.write(GuestPtr::new(out.into()), new)?)
    }

    /// `fd_tell`: the file position.
    pub(crate) fn fd_tell(&mut self, mem: &GuestMemory<'_>, fd: u32, out: u32) -> WasiResult {
        let entry = self.entry_mut(fd)?;
        entry.check(rights::FD_TELL)?;
        let mut file = file_of(entry, Errno::Spipe)?;
        let pos = file.stream_position().map_err(io_errno)?;
        Ok(mem.write(GuestPtr::new(out.into()), pos)?)
    }
}
