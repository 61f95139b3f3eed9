//! Linear memory storage.
//!
//! A memory is one zero-initialised [`ZeroRegion`] (`capacity` bytes, of
//! which the first `size` are visible to wasm). Bytes beyond `size` are never
//! written, so they stay zero and growing within the capacity is just a size
//! change. Growing beyond it makes the region larger (committed lazily),
//! which on Linux moves its pages instead of copying the visible bytes (see
//! [`ZeroRegion::grow`]). The interpreter keeps a copy of the base pointer
//! while it borrows other parts of the store; every such copy is refreshed
//! after anything that can grow or reset the memory.
//!
//! A *guarded* memory (see `signals`) is instead a fixed reservation of
//! address space whose first `size` bytes are accessible: growing makes
//! more pages accessible, and the memory never moves.

use super::region::ZeroRegion;
use super::signals::{GUARDED_RESERVATION, is_guardable};
use crate::module::limits::MAX_MEMORY_BYTES;
use crate::types::MemoryType;

/// Writes of at least this many bytes commit their pages before copying
/// (see `ZeroRegion::prefault`); below it the one request costs more than
/// the few page faults it saves.
const PREFAULT_BYTES: usize = 64 * 1024;

/// Why a memory could not be created or grown.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum GrowError {
    /// The new size exceeds the memory's maximum or the address space.
    TooLarge,
    /// The host could not allocate the memory.
    OutOfMemory,
    /// The host could not reserve the address space of a guarded memory
    /// (see `Config::signals_based_traps`).
    NoReservation,
}

impl std::fmt::Display for GrowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GrowError::TooLarge => "the size exceeds the maximum or the address space",
            GrowError::OutOfMemory => "the host is out of memory",
            GrowError::NoReservation => {
                "the host could not reserve the 8 GiB of address space a memory takes with \
                 `Config::signals_based_traps` (turn it off to use bounds checks instead)"
            }
        })
    }
}

/// The most pages a memory of type `ty` may have: the declared maximum, the
/// index type's limit or Kiln's [`MAX_MEMORY_BYTES`], whichever is lowest.
pub(crate) fn max_pages(ty: &MemoryType) -> u64 {
    ty.maximum().unwrap_or(u64::MAX).min(ty.max_pages_for_index()).min(MAX_MEMORY_BYTES >> ty.page_size_log2())
}

pub(crate) struct LinearMemory {
    ty: MemoryType,
    region: ZeroRegion,
    size: usize,
    /// Maximum size in pages (see [`max_pages`]).
    max_pages: u64,
    /// Is `region` a guarded reservation, accessible up to `size` only?
    guarded: bool,
}

impl LinearMemory {
    /// A memory of the type's minimum size, guarded if `guard` and the type
    /// allows it (see [`is_guardable`]).
    pub(crate) fn new(ty: MemoryType, guard: bool) -> Result<LinearMemory, GrowError> {
        let max_pages = max_pages(&ty);
        let guarded = guard && is_guardable(&ty);
        let region = if guarded {
            ZeroRegion::reserve(GUARDED_RESERVATION).ok_or(GrowError::NoReservation)?
        } else {
            ZeroRegion::empty()
        };
        let mut memory = LinearMemory { ty, region, size: 0, max_pages, guarded };
        memory.grow(memory.ty.minimum())?;
        Ok(memory)
    }

    /// The base of the memory's reservation, if it is guarded: accessing
    /// it anywhere past the size faults (see `signals`).
    pub(crate) fn guarded_base(&self) -> Option<*mut u8> {
        self.guarded.then(|| self.region.ptr())
    }

    pub(crate) fn ty(&self) -> &MemoryType {
        &self.ty
    }

    /// Visible size in bytes.
    pub(crate) fn len(&self) -> usize {
        self.size
    }

    /// Visible size in pages.
    pub(crate) fn size_pages(&self) -> u64 {
        (self.size as u64) >> self.ty.page_size_log2()
    }

    /// Base pointer; valid for `len()` bytes until the next `grow` or `reset`.
    pub(crate) fn base(&self) -> *mut u8 {
        self.region.ptr()
    }

    pub(crate) fn data(&self) -> &[u8] {
        // SAFETY: the region is valid for `capacity >= size` initialised
        // bytes (or dangling with `size == 0`) and owned by `self`.
        unsafe { std::slice::from_raw_parts(self.region.ptr(), self.size) }
    }

    pub(crate) fn data_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `data`, and `&mut self` guarantees exclusivity.
        unsafe { std::slice::from_raw_parts_mut(self.region.ptr(), self.size) }
    }

    /// Writes `src` at `at`, which the caller checked is in bounds.
    /// Writes of many pages commit them all first, in one request.
    pub(crate) fn write_at(&mut self, at: usize, src: &[u8]) {
        let range = at..at + src.len();
        if src.len() >= PREFAULT_BYTES {
            self.region.prefault(range.clone());
        }
        self.data_mut()[range].copy_from_slice(src);
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
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or(GrowError::TooLarge)?;
        if self.guarded {
            // Within the reservation: a 32-bit memory has at most 4 GiB.
            if !self.region.protect(self.size..new_size, true) {
                return Err(GrowError::OutOfMemory);
            }
        } else if new_size > self.region.len() {
            let max_bytes = self.max_pages.saturating_mul(self.ty.page_size());
            let doubled = (self.region.len() as u64).saturating_mul(2).min(max_bytes);
            let capacity = usize::try_from(doubled).unwrap_or(new_size).max(new_size);
            // Bytes past `size` are zero: only `size` of them need keeping.
            if !self.region.grow(capacity, self.size) && !self.region.grow(new_size, self.size) {
                return Err(GrowError::OutOfMemory);
            }
        }
        self.size = new_size;
        Ok(old_pages)
    }

    /// Back to the type's minimum size with every byte zero. Costs in
    /// proportion to the pages touched since the memory was created (on
    /// Linux; elsewhere to its size). Fails only if a guarded memory's pages
    /// past the minimum cannot be made inaccessible again; the memory then
    /// keeps its size, zeroed.
    pub(crate) fn reset(&mut self) -> Result<(), GrowError> {
        self.region.discard(self.size);
        let min = self.ty.minimum().saturating_mul(self.ty.page_size());
        let min = usize::try_from(min).unwrap_or(self.size).min(self.size);
        if self.guarded && !self.region.protect(min..self.size, false) {
            return Err(GrowError::OutOfMemory);
        }
        self.size = min;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_within_maximum_and_keeps_contents() {
        let mut m = LinearMemory::new(MemoryType::new(1, Some(3)), false).unwrap();
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
        let mut m = LinearMemory::new(MemoryType::new(0, None), false).unwrap();
        assert_eq!(m.data(), &[] as &[u8]);
        assert_eq!(m.grow(0), Ok(0));
        assert_eq!(m.grow(1), Ok(0));
    }

    #[test]
    fn reset_zeroes_and_shrinks_to_the_minimum() {
        let mut m = LinearMemory::new(MemoryType::new(1, None), false).unwrap();
        m.grow(2).unwrap();
        m.data_mut()[10] = 1;
        m.data_mut()[3 * 65536 - 1] = 2;
        m.reset().unwrap();
        assert_eq!(m.size_pages(), 1);
        assert!(m.data().iter().all(|&b| b == 0));
        m.grow(2).unwrap();
        assert!(m.data().iter().all(|&b| b == 0), "bytes beyond the size stay zero");
    }

    #[test]
    fn large_and_small_writes_land() {
        let mut m = LinearMemory::new(MemoryType::new(4, None), false).unwrap();
        let big: Vec<u8> = (0..PREFAULT_BYTES + 70_000).map(|i| (i % 251) as u8 + 1).collect();
        m.write_at(1000, &big);
        m.write_at(5, &[9, 9]);
        assert_eq!(&m.data()[1000..1000 + big.len()], &big[..]);
        assert_eq!(&m.data()[4..8], &[0, 9, 9, 0]);
        assert!(m.data()[1000 + big.len()..].iter().all(|&b| b == 0));
    }

    #[test]
    fn index_type_limits_growth() {
        let mut m = LinearMemory::new(MemoryType::new(0, None), false).unwrap();
        assert_eq!(m.grow(65537), Err(GrowError::TooLarge));
    }
}
