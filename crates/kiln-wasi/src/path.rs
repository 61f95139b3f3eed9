//! The `path_*` functions. Every path is resolved by cap-std beneath the
//! directory descriptor it is relative to (see the crate documentation
//! for how the sandbox works).

use cap_fs_ext::OpenOptionsSyncExt as _;
use cap_fs_ext::{DirExt as _, FollowSymlinks, OpenOptionsFollowExt as _, OpenOptionsMaybeDirExt as _};
use cap_std::fs::{Dir, OpenOptions};
use kiln::guest::{GuestMemory, GuestPtr};

use crate::ctx::{Entry, Kind, WasiCtx};
use crate::error::{from_os, io_errno};
use crate::fd::{SetTime, filestat, times};
use crate::types::{Errno, WasiResult, fdflags, lookupflags, oflags, rights};

/// The path argument at `ptr` (UTF-8; `EILSEQ` otherwise).
fn read_path(mem: &GuestMemory<'_>, ptr: u32, len: u32) -> WasiResult<String> {
    let path = mem.str(GuestPtr::new_str(ptr.into(), len.into()))?;
    if path.contains('\0') {
        return Err(Errno::Inval);
    }
    Ok(path.to_owned())
}

/// Whether lookup flags ask to follow a final symlink.
fn follow(flags: u32) -> WasiResult<bool> {
    if flags & !lookupflags::SYMLINK_FOLLOW != 0 {
        return Err(Errno::Inval);
    }
    Ok(flags & lookupflags::SYMLINK_FOLLOW != 0)
}

impl WasiCtx {
    /// The directory of descriptor `fd`, if it has the rights `needed`.
    fn dir(&self, fd: u32, needed: u64) -> WasiResult<&Dir> {
        let entry = self.entry(fd)?;
        let Kind::Dir(dir) = &entry.kind else { return Err(Errno::Notdir) };
        entry.check(needed)?;
        Ok(dir)
    }

    /// `path_create_directory`.
    pub(crate) fn path_create_directory(&mut self, mem: &GuestMemory<'_>, fd: u32, path: u32, len: u32) -> WasiResult {
        let dir = self.dir(fd, rights::PATH_CREATE_DIRECTORY)?;
        dir.create_dir(read_path(mem, path, len)?).map_err(io_errno)
    }

    /// `path_filestat_get`.
    pub(crate) fn path_filestat_get(
        &mut self,
        mem: &GuestMemory<'_>,
        fd: u32,
        flags: u32,
        path: u32,
        len: u32,
        out: u32,
    ) -> WasiResult {
        let dir = self.dir(fd, rights::PATH_FILESTAT_GET)?;
        let path = read_path(mem, path, len)?;
        let meta = if follow(flags)? { dir.metadata(path) } else { dir.symlink_metadata(path) };
        Ok(mem.write(GuestPtr::new(out.into()), filestat(&meta.map_err(io_errno)?))?)
    }

    /// `path_filestat_set_times`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_filestat_set_times(
        &mut self,
        mem: &GuestMemory<'_>,
        fd: u32,
        flags: u32,
        path: u32,
        len: u32,
        atim: u64,
        mtim: u64,
        fst_flags: u32,
    ) -> WasiResult {
        let dir = self.dir(fd, rights::PATH_FILESTAT_SET_TIMES)?;
        let path = read_path(mem, path, len)?;
        let (atime, mtime) = times(atim, mtim, fst_flags)?;
        let (atime, mtime) = (SetTime::spec(atime), SetTime::spec(mtime));
        if follow(flags)? { dir.set_times(path, atime, mtime) } else { dir.set_symlink_times(path, atime, mtime) }
            .map_err(io_errno)
    }

    /// `path_link`: a hard link `new_path` (in `new_fd`) to `old_path`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_link(
        &mut self,
        mem: &GuestMemory<'_>,
        old_fd: u32,
        old_flags: u32,
        old_path: u32,
        old_len: u32,
        new_fd: u32,
        new_path: u32,
        new_len: u32,
    ) -> WasiResult {
        let old_dir = self.dir(old_fd, rights::PATH_LINK_SOURCE)?;
        let new_dir = self.dir(new_fd, rights::PATH_LINK_TARGET)?;
        if follow(old_flags)? {
            // Linking what a symlink points to could name a file outside
            // the sandbox; like Wasmtime, refuse.
            return Err(Errno::Inval);
        }
        let (old, new) = (read_path(mem, old_path, old_len)?, read_path(mem, new_path, new_len)?);
        old_dir.hard_link(old, new_dir, new).map_err(io_errno)
    }

    /// `path_open`: opens (and maybe creates) a file or directory.
    ///
    /// The new descriptor's rights are the requested ones limited to the
    /// directory's inheriting rights and to what applies to the kind of
    /// file opened; the host file is opened for writing only if those
    /// rights include writing (or `O_TRUNC`/`O_CREAT` need it).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_open(
        &mut self,
        mem: &GuestMemory<'_>,
        fd: u32,
        dirflags: u32,
        path: u32,
        path_len: u32,
        open_flags: u32,
        base: u64,
        inheriting: u64,
        fd_flags: u32,
        out: u32,
    ) -> WasiResult {
        let open_flags = u16::try_from(open_flags).ok().filter(|f| f & !oflags::ALL == 0).ok_or(Errno::Inval)?;
        let fd_flags = u16::try_from(fd_flags).ok().filter(|f| f & !fdflags::ALL == 0).ok_or(Errno::Inval)?;
        let has = |flag: u16| open_flags & flag != 0;
        let mut needed = rights::PATH_OPEN;
        if has(oflags::CREAT) {
            needed |= rights::PATH_CREATE_FILE;
        }
        if has(oflags::TRUNC) {
            needed |= rights::PATH_FILESTAT_SET_SIZE;
        }
        let dir = self.dir(fd, needed)?;
        let parent = self.entry(fd)?;
        let (base, inheriting) = (base & parent.inheriting, inheriting & parent.inheriting);
        let path = read_path(mem, path, path_len)?;
        let follow = follow(dirflags)?;
        let write = base & rights::NEED_WRITE_ACCESS != 0;

        let kind = if has(oflags::DIRECTORY) {
            if has(oflags::CREAT) || has(oflags::EXCL) || has(oflags::TRUNC) {
                return Err(Errno::Inval);
            }
            let opened = if follow { dir.open_dir(&path) } else { dir.open_dir_nofollow(&path) };
            let opened = opened.map_err(io_errno)?;
            if write {
                return Err(Errno::Isdir);
            }
            Kind::Dir(opened)
        } else {
            let mut options = OpenOptions::new();
            let host_write = write || has(oflags::TRUNC) || has(oflags::CREAT);
            let append = write && fd_flags & fdflags::APPEND != 0;
            options
                .read(!host_write || base & rights::FD_READ != 0)
                .write(host_write)
                // cap-std (like std) refuses append with truncate; append is
                // switched on after opening in that case.
                .append(append && !has(oflags::TRUNC))
                .truncate(has(oflags::TRUNC))
                .create(has(oflags::CREAT) && !has(oflags::EXCL))
                .create_new(has(oflags::CREAT) && has(oflags::EXCL))
                .follow(if follow { FollowSymlinks::Yes } else { FollowSymlinks::No })
                .maybe_dir(true)
                .sync(fd_flags & fdflags::SYNC != 0)
                .dsync(fd_flags & fdflags::DSYNC != 0)
                .rsync(fd_flags & fdflags::RSYNC != 0)
                .nonblock(fd_flags & fdflags::NONBLOCK != 0);
            let file = dir.open_with(&path, &options).map_err(io_errno)?;
            if append && has(oflags::TRUNC) {
                let flags = rustix::fs::fcntl_getfl(&file).map_err(from_os)?;
                rustix::fs::fcntl_setfl(&file, flags | rustix::fs::OFlags::APPEND).map_err(from_os)?;
            }
            if file.metadata().map_err(io_errno)?.is_dir() {
                if write {
                    return Err(Errno::Isdir);
                }
                Kind::Dir(Dir::from_std_file(file.into_std()))
            } else {
                Kind::File(file.into_std())
            }
        };
        let applicable = match kind {
            Kind::Dir(_) => rights::DIR_READ | rights::DIR_MUTATE | rights::DIR_OTHER,
            _ => rights::FILE_READ | rights::FILE_WRITE,
        };
        let new_fd = self.insert(Entry { kind, base: base & applicable, inheriting, preopen: None })?;
        mem.write(GuestPtr::new(out.into()), new_fd).inspect_err(|_| drop(self.remove(new_fd)))?;
        Ok(())
    }

    /// `path_readlink`: the contents of a symlink, truncated to the buffer.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_readlink(
        &mut self,
        mem: &GuestMemory<'_>,
        fd: u32,
        path: u32,
        len: u32,
        buf: u32,
        buf_len: u32,
        bufused: u32,
    ) -> WasiResult {
        let dir = self.dir(fd, rights::PATH_READLINK)?;
        let target = dir.read_link_contents(read_path(mem, path, len)?).map_err(io_errno)?;
        let target = target.into_os_string().into_encoded_bytes();
        let n = target.len().min(buf_len as usize);
        mem.copy_from_slice(GuestPtr::new(buf.into()), &target[..n])?;
        Ok(mem.write(GuestPtr::new(bufused.into()), n as u32)?)
    }

    /// `path_remove_directory`: removes an empty directory.
    pub(crate) fn path_remove_directory(&mut self, mem: &GuestMemory<'_>, fd: u32, path: u32, len: u32) -> WasiResult {
        let dir = self.dir(fd, rights::PATH_REMOVE_DIRECTORY)?;
        dir.remove_dir(read_path(mem, path, len)?).map_err(io_errno)
    }

    /// `path_rename`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_rename(
        &mut self,
        mem: &GuestMemory<'_>,
        old_fd: u32,
        old_path: u32,
        old_len: u32,
        new_fd: u32,
        new_path: u32,
        new_len: u32,
    ) -> WasiResult {
        let old_dir = self.dir(old_fd, rights::PATH_RENAME_SOURCE)?;
        let new_dir = self.dir(new_fd, rights::PATH_RENAME_TARGET)?;
        let (old, new) = (read_path(mem, old_path, old_len)?, read_path(mem, new_path, new_len)?);
        old_dir.rename(old, new_dir, new).map_err(io_errno)
    }

    /// `path_symlink`: a symlink `new_path` (in `fd`) whose contents are
    /// `old_path`. Absolute contents are refused: they could only ever
    /// point outside the sandbox.
    pub(crate) fn path_symlink(
        &mut self,
        mem: &GuestMemory<'_>,
        old_path: u32,
        old_len: u32,
        fd: u32,
        new_path: u32,
        new_len: u32,
    ) -> WasiResult {
        let dir = self.dir(fd, rights::PATH_SYMLINK)?;
        let (target, link) = (read_path(mem, old_path, old_len)?, read_path(mem, new_path, new_len)?);
        dir.symlink(target, link).map_err(io_errno)
    }

    /// `path_unlink_file`: removes a file or symlink.
    pub(crate) fn path_unlink_file(&mut self, mem: &GuestMemory<'_>, fd: u32, path: u32, len: u32) -> WasiResult {
        let dir = self.dir(fd, rights::PATH_UNLINK_FILE)?;
        dir.remove_file(read_path(mem, path, len)?).map_err(io_errno)
    }
}
