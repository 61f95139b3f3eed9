//! [`ZeroRegion`]: an owned, fixed-size block of bytes that starts zeroed and
//! is committed lazily, for linear memories.
//!
//! On Unix it is an anonymous private mapping of its own, so untouched pages
//! cost nothing and [`ZeroRegion::discard`] can hand written pages back to
//! the kernel (on Linux, `MADV_DONTNEED` makes them read as zero again, at a
//! cost proportional to the pages that were touched). Elsewhere it is a
//! zeroed heap allocation and `discard` writes zeros.

use std::ptr::NonNull;

/// A zero-initialised region of `len` bytes at a stable address.
pub(crate) struct ZeroRegion {
    ptr: NonNull<u8>,
    len: usize,
}

// SAFETY: the region is exclusively owned (like a `Box<[u8]>`); the raw
// pointer is never shared beyond the owner's borrows.
unsafe impl Send for ZeroRegion {}
// SAFETY: a shared reference only gives out the raw pointer. An owned
// memory writes through it only while its owner is borrowed mutably; a
// shared memory, which threads use at once, only with atomic operations
// (see `shared_memory`).
unsafe impl Sync for ZeroRegion {}

impl ZeroRegion {
    /// A region of no bytes.
    pub(crate) fn empty() -> ZeroRegion {
        ZeroRegion { ptr: NonNull::dangling(), len: 0 }
    }

    /// The first byte; valid for `len()` bytes while the region lives.
    pub(crate) fn ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// A zeroed region of `len` bytes, or `None` if it cannot be had.
    pub(crate) fn new(len: usize) -> Option<ZeroRegion> {
        if len == 0 {
            return Some(ZeroRegion::empty());
        }
        platform::allocate(len).map(|ptr| ZeroRegion { ptr, len })
    }

    /// A zeroed region of `len` bytes of address space, none of them
    /// accessible until [`ZeroRegion::protect`] makes them so; any access
    /// to the rest faults. `None` if the address space cannot be had, or
    /// the platform has no such regions.
    pub(crate) fn reserve(len: usize) -> Option<ZeroRegion> {
        platform::reserve(len).map(|ptr| ZeroRegion { ptr, len })
    }

    /// Makes the pages of `range` (page-aligned, within the region)
    /// accessible or not. `false` if the system refused.
    pub(crate) fn protect(&mut self, range: std::ops::Range<usize>, accessible: bool) -> bool {
        debug_assert!(range.start <= range.end && range.end <= self.len);
        range.is_empty() || platform::protect(self.ptr, range, accessible)
    }

    /// Grows the region to `len` bytes (at least its current length),
    /// keeping its contents; the region may move. Only its first `keep`
    /// bytes may be nonzero (a linear memory's bytes past its size are
    /// zero), so only those need keeping when they must be copied. `false`
    /// if the memory cannot be had, leaving the region as it was.
    ///
    /// On Linux the pages move to the new place (`mremap`), so growing
    /// neither copies the contents nor touches their pages again.
    pub(crate) fn grow(&mut self, len: usize, keep: usize) -> bool {
        debug_assert!(len >= self.len && keep <= self.len);
        if self.len > 0
            && let Some(ptr) = platform::resize(self.ptr, self.len, len)
        {
            self.ptr = ptr;
            self.len = len;
            return true;
        }
        let Some(grown) = ZeroRegion::new(len) else { return false };
        // SAFETY: the old region holds `keep <= self.len` initialised bytes,
        // the new one has room for `len >= self.len` of them, and they are
        // distinct allocations.
        unsafe { std::ptr::copy_nonoverlapping(self.ptr(), grown.ptr(), keep) };
        *self = grown;
        true
    }

    /// Asks for the pages holding `range` to be committed now, in one
    /// request, because they are about to be written: faulting them in one
    /// by one on first write costs several times as much. Only a hint (on
    /// Linux; nothing elsewhere): the pages still commit on demand if it
    /// fails.
    pub(crate) fn prefault(&self, range: std::ops::Range<usize>) {
        let range = range.start.min(self.len)..range.end.min(self.len);
        if !range.is_empty() {
            platform::prefault(self.ptr, range);
        }
    }

    /// Makes the first `len` bytes zero again (clamped to the region).
    pub(crate) fn discard(&mut self, len: usize) {
        let len = len.min(self.len);
        if len > 0 {
            platform::discard(self.ptr, len);
        }
    }
}

impl Drop for ZeroRegion {
    fn drop(&mut self) {
        if self.len > 0 {
            platform::release(self.ptr, self.len);
        }
    }
}

#[cfg(unix)]
mod platform {
    use std::ptr::NonNull;

    use rustix::mm::{MapFlags, MprotectFlags, ProtFlags, mmap_anonymous, mprotect, munmap};

    pub(super) fn allocate(len: usize) -> Option<NonNull<u8>> {
        // SAFETY: a fresh anonymous mapping aliases nothing; the kernel picks
        // the address.
        let ptr = unsafe {
            mmap_anonymous(
                std::ptr::null_mut(),
                len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::PRIVATE | MapFlags::NORESERVE,
            )
        };
        ptr.ok().and_then(|p| NonNull::new(p.cast::<u8>()))
    }

    pub(super) fn reserve(len: usize) -> Option<NonNull<u8>> {
        // SAFETY: as in `allocate`; no page of it is accessible yet.
        let ptr = unsafe {
            mmap_anonymous(std::ptr::null_mut(), len, ProtFlags::empty(), MapFlags::PRIVATE | MapFlags::NORESERVE)
        };
        ptr.ok().and_then(|p| NonNull::new(p.cast::<u8>()))
    }

    pub(super) fn protect(ptr: NonNull<u8>, range: std::ops::Range<usize>, accessible: bool) -> bool {
        let flags = if accessible { MprotectFlags::READ | MprotectFlags::WRITE } else { MprotectFlags::empty() };
        // SAFETY: `range` lies in a private anonymous mapping we own, at page
        // boundaries; this only changes which of its pages may be accessed,
        // and the owner accesses only the ones it made accessible.
        unsafe { mprotect(ptr.as_ptr().add(range.start).cast(), range.len(), flags) }.is_ok()
    }

    pub(super) fn discard(ptr: NonNull<u8>, len: usize) {
        #[cfg(target_os = "linux")]
        {
            use rustix::mm::{Advice, madvise};
            // SAFETY: `ptr..ptr + len` lies in a private anonymous mapping we
            // own, starting at its (page-aligned) base; the caller holds it
            // exclusively. On Linux the pages read as zero afterwards.
            if unsafe { madvise(ptr.as_ptr().cast(), len, Advice::LinuxDontNeed) }.is_ok() {
                return;
            }
        }
        // SAFETY: the region is valid for `len` writable bytes, held exclusively.
        unsafe { std::ptr::write_bytes(ptr.as_ptr(), 0, len) };
    }

    pub(super) fn prefault(ptr: NonNull<u8>, range: std::ops::Range<usize>) {
        #[cfg(target_os = "linux")]
        {
            use rustix::mm::{Advice, madvise};
            // `madvise` starts at a page boundary: the 64 KiB boundary
            // before the range is one for every page size Linux uses (the
            // region's base is one too). The kernel rounds the length up.
            let start = range.start - range.start % 65536;
            // SAFETY: `start..range.end` lies in a private anonymous mapping
            // we own, which this only populates; its contents do not change.
            // Kernels without `MADV_POPULATE_WRITE` (before 5.14) refuse it,
            // which is fine.
            let _ = unsafe { madvise(ptr.as_ptr().add(start).cast(), range.end - start, Advice::LinuxPopulateWrite) };
        }
        #[cfg(not(target_os = "linux"))]
        let _ = (ptr, range);
    }

    /// The mapping at `ptr` of `len` bytes resized to `new_len`, possibly
    /// moved, with its contents (Linux); `None` leaves it as it was.
    #[cfg(target_os = "linux")]
    pub(super) fn resize(ptr: NonNull<u8>, len: usize, new_len: usize) -> Option<NonNull<u8>> {
        use rustix::mm::{MremapFlags, mremap};
        // SAFETY: `ptr` is the base of a private anonymous mapping of `len`
        // bytes that we own exclusively; on success the old range is no
        // longer mapped and the caller uses only the returned one, whose
        // pages past `len` are zero like any fresh anonymous pages.
        let moved = unsafe { mremap(ptr.as_ptr().cast(), len, new_len, MremapFlags::MAYMOVE) };
        moved.ok().and_then(|p| NonNull::new(p.cast::<u8>()))
    }

    /// Elsewhere mappings are not resized: the caller copies.
    #[cfg(not(target_os = "linux"))]
    pub(super) fn resize(_: NonNull<u8>, _: usize, _: usize) -> Option<NonNull<u8>> {
        None
    }

    pub(super) fn release(ptr: NonNull<u8>, len: usize) {
        // SAFETY: the mapping was created by `allocate` with this length and
        // nothing refers into it any more. A failure leaks address space only.
        let _ = unsafe { munmap(ptr.as_ptr().cast(), len) };
    }
}

#[cfg(not(unix))]
mod platform {
    use std::alloc::{Layout, alloc_zeroed, dealloc};
    use std::ptr::NonNull;

    const ALIGN: usize = 16;

    pub(super) fn allocate(len: usize) -> Option<NonNull<u8>> {
        let layout = Layout::from_size_align(len, ALIGN).ok()?;
        // SAFETY: `layout` has a non-zero size (callers never ask for 0).
        NonNull::new(unsafe { alloc_zeroed(layout) })
    }

    pub(super) fn discard(ptr: NonNull<u8>, len: usize) {
        // SAFETY: the region is valid for `len` writable bytes, held exclusively.
        unsafe { std::ptr::write_bytes(ptr.as_ptr(), 0, len) };
    }

    /// No reservations without virtual memory.
    pub(super) fn reserve(_: usize) -> Option<NonNull<u8>> {
        None
    }

    pub(super) fn protect(_: NonNull<u8>, _: std::ops::Range<usize>, _: bool) -> bool {
        false
    }

    /// Heap regions are not resized in place: the caller copies.
    pub(super) fn resize(_: NonNull<u8>, _: usize, _: usize) -> Option<NonNull<u8>> {
        None
    }

    /// Heap allocations are committed already.
    pub(super) fn prefault(_: NonNull<u8>, _: std::ops::Range<usize>) {}

    pub(super) fn release(ptr: NonNull<u8>, len: usize) {
        // SAFETY: allocated by `allocate` with exactly this layout.
        unsafe { dealloc(ptr.as_ptr(), Layout::from_size_align_unchecked(len, ALIGN)) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(r: &ZeroRegion) -> &[u8] {
        // SAFETY: the region is valid for `len` initialised bytes.
        unsafe { std::slice::from_raw_parts(r.ptr(), r.len()) }
    }

    #[test]
    fn growing_keeps_the_contents_and_adds_zeros() {
        let mut r = ZeroRegion::new(2 * 65536).unwrap();
        // SAFETY: in bounds of the region, exclusively held.
        unsafe {
            *r.ptr().add(3) = 7;
            *r.ptr().add(65536 + 9) = 8;
        }
        assert!(r.grow(5 * 65536, 65536 + 10));
        assert_eq!(r.len(), 5 * 65536);
        let b = bytes(&r);
        assert_eq!((b[3], b[65536 + 9]), (7, 8));
        assert_eq!(b.iter().filter(|&&x| x != 0).count(), 2);
        // From nothing, too.
        let mut e = ZeroRegion::empty();
        assert!(e.grow(65536, 0));
        assert!(bytes(&e).iter().all(|&x| x == 0));
    }

    #[test]
    fn starts_zero_and_discard_zeroes() {
        let mut r = ZeroRegion::new(3 * 65536).unwrap();
        assert!(bytes(&r).iter().all(|&b| b == 0));
        // SAFETY: in bounds of the region, exclusively held.
        unsafe {
            *r.ptr().add(5) = 1;
            *r.ptr().add(2 * 65536 + 7) = 2;
        }
        r.discard(usize::MAX);
        assert!(bytes(&r).iter().all(|&b| b == 0));
        assert_eq!(ZeroRegion::new(0).unwrap().len(), 0);
    }

    #[test]
    fn prefaulting_changes_no_byte() {
        let r = ZeroRegion::new(4 * 65536).unwrap();
        // SAFETY: in bounds of the region, exclusively held.
        unsafe { *r.ptr().add(65536 + 1) = 5 };
        // Unaligned, across pages, and past the end (clamped).
        r.prefault(65536 + 3..3 * 65536 + 11);
        r.prefault(3 * 65536..usize::MAX);
        r.prefault(9..9);
        let b = bytes(&r);
        assert_eq!(b[65536 + 1], 5);
        assert_eq!(b.iter().filter(|&&x| x != 0).count(), 1);
        ZeroRegion::empty().prefault(0..100);
    }
}
