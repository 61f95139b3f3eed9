//! Linear memory storage.
//!
//! A memory is one zero-initialised heap allocation (`capacity` bytes, of
//! which the first `size` are visible to wasm). Bytes beyond `size` are never
//! written, so they stay zero and growing within the capacity is just a size
//! change. Growing beyond it allocates a larger zeroed block (lazily
//! committed by the allocator for large sizes) and copies the visible bytes.
//! The allocation is held as a raw pointer rather than a `Vec` so that the
//! interpreter may keep a copy of the base pointer while it borrows other
//! parts of the store; every such copy is refreshed after anything that can
//! grow the memory.

use std::alloc::{Layout, alloc_zeroed, dealloc};
use std::ptr::NonNull;

use crate::types::MemoryType;

const ALIGN: usize = 16;

/// Why a memory could not be created or grown.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum GrowError {
    /// The new size exceeds the memory's maximum or the address space.
    TooLarge,
    /// The host could not allocate the memory.
    OutOfMemory,
}

pub(crate) struct LinearMemory {
    ty: MemoryType,
    ptr: NonNull<u8>,
    capacity: usize,
    size: usize,
    /// Maximum size in pages: the declared maximum or the index type's limit.
    max_pages: u64,
}

// SAFETY: `LinearMemory` owns its allocation exclusively (like a `Vec<u8>`);
// the raw pointer is not shared with anything that outlives it.
unsafe impl Send for LinearMemory {}
// SAFETY: shared references only allow reads of the owned bytes.
unsafe impl Sync for LinearMemory {}

impl LinearMemory {
    /// A memory of the type's minimum size.
    pub(crate) fn new(ty: MemoryType) -> Result<LinearMemory, GrowError> {
        let max_pages = ty.maximum().unwrap_or(u64::MAX).min(ty.max_pages_for_index());
        let mut memory = LinearMemory { ty, ptr: NonNull::dangling(), capacity: 0, size: 0, max_pages };
        memory.grow(memory.ty.minimum())?;
        Ok(memory)
    }

    pub(crate) fn ty(&self) -> &MemoryType {
        &self.ty
    }

    /// The current type: the declared one with the current size as minimum.
    pub(crate) fn current_ty(&self) -> MemoryType {
        MemoryType::from_parts(
            self.size_pages(),
            self.ty.maximum(),
            self.ty.is_64(),
            self.ty.is_shared(),
            self.ty.page_size_log2(),
        )
    }

    /// Visible size in bytes.
    pub(crate) fn len(&self) -> usize {
        self.size
    }

    /// Visible size in pages.
    pub(crate) fn size_pages(&self) -> u64 {
        (self.size as u64) >> self.ty.page_size_log2()
    }

    /// Base pointer; valid for `len()` bytes until the next `grow`.
    pub(crate) fn base(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    pub(crate) fn data(&self) -> &[u8] {
        // SAFETY: `ptr` is valid for `capacity >= size` initialised bytes
        // (or dangling with `size == 0`), owned by `self`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.size) }
    }

    pub(crate) fn data_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `data`, and `&mut self` guarantees exclusivity.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.size) }
    }

    /// Grows by `delta` pages; returns the previous size in pages.
    pub(crate) fn grow(&mut self, delta: u64) -> Result<u64, GrowError> {
        let old_pages = self.size_pages();
        let new_pages = old_pages.checked_add(delta).ok_or(GrowError::TooLarge)?;
        if new_pages > self.max_pages {
            return Err(GrowError::TooLarge);
        }
        let new_size = new_pages
            .checked_mul(self.ty.page_size())
            .and_then(|b| usize::try_from(b).ok())
            .filter(|&b| b <= isize::MAX as usize - ALIGN)
            .ok_or(GrowError::TooLarge)?;
        if new_size > self.capacity {
            let max_bytes = self.max_pages.saturating_mul(self.ty.page_size());
            let doubled = (self.capacity as u64).saturating_mul(2).min(max_bytes);
            let capacity = usize::try_from(doubled).unwrap_or(new_size).max(new_size);
            self.reallocate(capacity).or_else(|_| self.reallocate(new_size))?;
        }
        self.size = new_size;
        Ok(old_pages)
    }

    fn reallocate(&mut self, capacity: usize) -> Result<(), GrowError> {
        let layout = Layout::from_size_align(capacity, ALIGN).map_err(|_| GrowError::TooLarge)?;
        // SAFETY: `layout` has non-zero size: `capacity > self.capacity >= 0`
        // because callers only reallocate to grow.
        let ptr = unsafe { alloc_zeroed(layout) };
        let ptr = NonNull::new(ptr).ok_or(GrowError::OutOfMemory)?;
        if self.capacity > 0 {
            // SAFETY: the old block holds `size <= capacity` initialised bytes,
            // the new one has room for `capacity > size` bytes and the two
            // allocations are distinct.
            unsafe { std::ptr::copy_nonoverlapping(self.ptr.as_ptr(), ptr.as_ptr(), self.size) };
            // SAFETY: the old block was allocated with exactly this layout.
            unsafe { dealloc(self.ptr.as_ptr(), Layout::from_size_align_unchecked(self.capacity, ALIGN)) };
        }
        self.ptr = ptr;
        self.capacity = capacity;
        Ok(())
    }
}

impl Drop for LinearMemory {
    fn drop(&mut self) {
        if self.capacity > 0 {
            // SAFETY: allocated in `reallocate` with this exact layout.
            unsafe { dealloc(self.ptr.as_ptr(), Layout::from_size_align_unchecked(self.capacity, ALIGN)) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_within_maximum_and_keeps_contents() {
        let mut m = LinearMemory::new(MemoryType::new(1, Some(3))).unwrap();
        assert_eq!(m.len(), 65536);
        m.data_mut()[65535] = 7;
        assert_eq!(m.grow(1), Ok(1));
        assert_eq!(m.data()[65535], 7);
        assert!(m.data()[65536..].iter().all(|&b| b == 0));
        assert_eq!(m.grow(2), Err(GrowError::TooLarge));
        assert_eq!(m.grow(1), Ok(2));
        assert_eq!(m.size_pages(), 3);
    }

    #[test]
    fn zero_sized_memory_is_valid() {
        let mut m = LinearMemory::new(MemoryType::new(0, None)).unwrap();
        assert_eq!(m.data(), &[] as &[u8]);
        assert_eq!(m.grow(0), Ok(0));
        assert_eq!(m.grow(1), Ok(0));
    }

    #[test]
    fn index_type_limits_growth() {
        let mut m = LinearMemory::new(MemoryType::new(0, None)).unwrap();
        assert_eq!(m.grow(65537), Err(GrowError::TooLarge));
    }
}
