//! [`GuestMemory`]: the checked view of one linear memory during a host
//! call, and the views it lends out ([`GuestSlice`], [`GuestSliceMut`],
//! [`GuestStr`]).
//!
//! The memory's bytes are held as a raw pointer and length taken from an
//! exclusive borrow (`&'a mut [u8]`), so the `GuestMemory` is the only way to
//! reach them for `'a`. Views are sub-slices made from that pointer; the
//! borrow tracker guarantees that a mutable sub-slice never overlaps any
//! other live sub-slice, which is exactly what Rust's aliasing rules need.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut, Range};
use std::ptr::NonNull;

use super::{GuestError, GuestPtr, GuestType};
use crate::Memory;
use crate::store::StoreContextMut;

/// One live view: the byte range it covers and whether it is mutable.
#[derive(Debug)]
struct Borrow {
    id: u64,
    start: u64,
    end: u64,
    mutable: bool,
}

/// The live views of a [`GuestMemory`].
#[derive(Debug, Default)]
struct Borrows {
    next_id: u64,
    live: Vec<Borrow>,
}

impl Borrows {
    /// Whether a new access to `start..end` conflicts with a live view: any
    /// overlapping view conflicts with a mutable access, only a mutable one
    /// with a shared access. Empty ranges overlap nothing.
    fn conflicts(&self, start: u64, end: u64, mutable: bool) -> bool {
        start < end && self.live.iter().any(|b| (mutable || b.mutable) && b.start < end && start < b.end)
    }

    fn take(&mut self, start: u64, end: u64, mutable: bool) -> Result<Option<u64>, GuestError> {
        if self.conflicts(start, end, mutable) {
            return Err(GuestError::BorrowConflict { offset: start, len: end - start });
        }
        if start == end {
            return Ok(None);
        }
        let id = self.next_id;
        self.next_id += 1;
        self.live.push(Borrow { id, start, end, mutable });
        Ok(Some(id))
    }
}

/// Releases a view's range when the view is dropped.
#[derive(Debug)]
struct BorrowGuard<'m> {
    borrows: &'m RefCell<Borrows>,
    id: Option<u64>,
}

impl Drop for BorrowGuard<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            self.borrows.borrow_mut().live.retain(|b| b.id != id);
        }
    }
}

/// Checked access to the bytes of one linear memory.
///
/// Made from an exclusive borrow of the memory's bytes (usually
/// [`Memory::data_mut`] or [`Memory::data_and_store_mut`] on the `Caller`),
/// so it lives at most until the host function next lends the store out —
/// to call wasm or grow the memory. Every access is checked; see the
/// [module documentation](super) for the rules.
#[derive(Debug)]
pub struct GuestMemory<'a> {
    base: NonNull<u8>,
    len: usize,
    borrows: RefCell<Borrows>,
    _bytes: PhantomData<&'a mut [u8]>,
}

impl<'a> GuestMemory<'a> {
    /// Checked access to `bytes`.
    pub fn new(bytes: &'a mut [u8]) -> GuestMemory<'a> {
        let len = bytes.len();
        GuestMemory { base: NonNull::from(bytes).cast(), len, borrows: RefCell::default(), _bytes: PhantomData }
    }

    /// Checked access to `memory`, borrowing `store` for `'a`.
    ///
    /// # Panics
    ///
    /// If `memory` belongs to another store.
    pub fn from_memory<T: 'static>(memory: Memory, store: impl Into<StoreContextMut<'a, T>>) -> GuestMemory<'a> {
        GuestMemory::new(memory.data_mut(store))
    }

    /// Size of the memory in bytes.
    pub fn size(&self) -> u64 {
        self.len as u64
    }

    /// Checks that `len` bytes at `offset` are aligned to `align` and inside
    /// the memory; returns them as a `usize` range.
    fn range(&self, offset: u64, len: u64, align: u32) -> Result<Range<usize>, GuestError> {
        if !offset.is_multiple_of(u64::from(align)) {
            return Err(GuestError::Misaligned { offset, align });
        }
        let end = offset.checked_add(len).ok_or(GuestError::Overflow)?;
        if end > self.size() {
            return Err(GuestError::OutOfBounds { offset, len, memory_size: self.size() });
        }
        // Both fit in `usize` because they are at most `self.len`.
        Ok(offset as usize..end as usize)
    }

    /// Registers a view of `range` (already checked to be in bounds).
    fn borrow(&self, range: &Range<usize>, mutable: bool) -> Result<BorrowGuard<'_>, GuestError> {
        let id = self.borrows.borrow_mut().take(range.start as u64, range.end as u64, mutable)?;
        Ok(BorrowGuard { borrows: &self.borrows, id })
    }

    /// The bytes of `range`, shared.
    fn bytes(&self, range: &Range<usize>, _guard: &BorrowGuard<'_>) -> &[u8] {
        // SAFETY: `range` lies inside the `len` bytes at `base`, which were
        // exclusively borrowed for `'a` when `self` was made and are only
        // reached through `self`. The guard registered `range` as shared, so
        // no mutable sub-slice of an overlapping range is alive (the tracker
        // refuses one while the guard lives), and the result is tied to the
        // guard's owner by the caller. An empty range yields an empty slice
        // at an in-bounds (or one-past-the-end) address.
        unsafe { std::slice::from_raw_parts(self.base.as_ptr().add(range.start), range.len()) }
    }

    /// The bytes of `range`, mutably.
    #[allow(clippy::mut_from_ref)]
    fn bytes_mut(&self, range: &Range<usize>, _guard: &BorrowGuard<'_>) -> &mut [u8] {
        // SAFETY: as in `bytes`; the guard registered `range` as mutable, so
        // no other sub-slice overlapping it is alive or can be made while
        // the guard lives (empty ranges contain no bytes to alias).
        unsafe { std::slice::from_raw_parts_mut(self.base.as_ptr().add(range.start), range.len()) }
    }

    /// Reads a `T` at `ptr`.
    ///
    /// Fails if `ptr` is misaligned or out of bounds, or the value overlaps a
    /// live mutable view.
    pub fn read<T: GuestType>(&self, ptr: GuestPtr<T>) -> Result<T, GuestError> {
        let range = self.range(ptr.offset(), u64::from(T::SIZE), T::ALIGN)?;
        let guard = self.borrow(&range, false)?;
        Ok(T::read_le(self.bytes(&range, &guard)))
    }

    /// Writes `value` at `ptr`.
    ///
    /// Fails if `ptr` is misaligned or out of bounds, or the value overlaps
    /// any live view.
    pub fn write<T: GuestType>(&self, ptr: GuestPtr<T>, value: T) -> Result<(), GuestError> {
        let range = self.range(ptr.offset(), u64::from(T::SIZE), T::ALIGN)?;
        let guard = self.borrow(&range, true)?;
        value.write_le(self.bytes_mut(&range, &guard));
        Ok(())
    }

    /// A shared view of the slice `ptr`.
    ///
    /// Fails if the slice is misaligned, out of bounds or overlaps a live
    /// mutable view. Other shared views may overlap it.
    pub fn slice<T: GuestType>(&self, ptr: GuestPtr<[T]>) -> Result<GuestSlice<'_, T>, GuestError> {
        let range = self.range(ptr.offset(), ptr.byte_len()?, T::ALIGN)?;
        let guard = self.borrow(&range, false)?;
        let bytes = self.bytes(&range, &guard);
        Ok(GuestSlice { bytes, _guard: guard, _ty: PhantomData })
    }

    /// A mutable view of the slice `ptr`.
    ///
    /// Fails if the slice is misaligned, out of bounds or overlaps any live
    /// view.
    pub fn slice_mut<T: GuestType>(&self, ptr: GuestPtr<[T]>) -> Result<GuestSliceMut<'_, T>, GuestError> {
        let range = self.range(ptr.offset(), ptr.byte_len()?, T::ALIGN)?;
        let guard = self.borrow(&range, true)?;
        let bytes = self.bytes_mut(&range, &guard);
        Ok(GuestSliceMut { bytes, _guard: guard, _ty: PhantomData })
    }

    /// A shared view of the string `ptr`, checked to be UTF-8.
    pub fn str(&self, ptr: GuestPtr<str>) -> Result<GuestStr<'_>, GuestError> {
        let range = self.range(ptr.offset(), ptr.len(), 1)?;
        let guard = self.borrow(&range, false)?;
        let text = std::str::from_utf8(self.bytes(&range, &guard))
            .map_err(|error| GuestError::InvalidUtf8 { offset: ptr.offset(), error })?;
        Ok(GuestStr { text, _guard: guard })
    }

    /// Copies the slice `ptr` out of guest memory.
    pub fn to_vec<T: GuestType>(&self, ptr: GuestPtr<[T]>) -> Result<Vec<T>, GuestError> {
        Ok(self.slice(ptr)?.iter().collect())
    }

    /// Copies `bytes` into guest memory at `ptr`.
    pub fn copy_from_slice(&self, ptr: GuestPtr<u8>, bytes: &[u8]) -> Result<(), GuestError> {
        self.slice_mut(ptr.as_slice(bytes.len() as u64))?.copy_from_slice(bytes);
        Ok(())
    }
}

/// A shared view of a slice of guest memory. Other shared views may overlap
/// it; no mutable one can while it lives. A view of `u8`s dereferences to
/// `[u8]`.
#[derive(Debug)]
pub struct GuestSlice<'m, T> {
    bytes: &'m [u8],
    _guard: BorrowGuard<'m>,
    _ty: PhantomData<T>,
}

/// The element accessors shared by [`GuestSlice`] and [`GuestSliceMut`].
macro_rules! element_access {
    () => {
        /// Number of elements.
        pub fn len(&self) -> usize {
            self.bytes.len() / T::SIZE as usize
        }

        /// Whether the slice has no elements.
        pub fn is_empty(&self) -> bool {
            self.bytes.is_empty()
        }

        /// Element `index`, or `None` past the end.
        pub fn get(&self, index: usize) -> Option<T> {
            self.bytes.get(element_range::<T>(index)?).map(T::read_le)
        }
    };
}

/// The byte range of element `index` of a slice of `T`s.
fn element_range<T: GuestType>(index: usize) -> Option<Range<usize>> {
    let size = T::SIZE as usize;
    let start = index.checked_mul(size)?;
    Some(start..start.checked_add(size)?)
}

impl<T: GuestType> GuestSlice<'_, T> {
    element_access!();

    /// The elements in order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.bytes.chunks_exact(T::SIZE as usize).map(T::read_le)
    }

    /// The raw little-endian bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes
    }
}

impl Deref for GuestSlice<'_, u8> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.bytes
    }
}

/// A mutable view of a slice of guest memory: no other view overlaps it
/// while it lives. A view of `u8`s dereferences to `[u8]`.
#[derive(Debug)]
pub struct GuestSliceMut<'m, T> {
    bytes: &'m mut [u8],
    _guard: BorrowGuard<'m>,
    _ty: PhantomData<T>,
}

impl<T: GuestType> GuestSliceMut<'_, T> {
    element_access!();

    /// Stores `value` as element `index`; returns `false` (and stores
    /// nothing) past the end.
    pub fn set(&mut self, index: usize, value: T) -> bool {
        match element_range::<T>(index).and_then(|range| self.bytes.get_mut(range)) {
            Some(bytes) => {
                value.write_le(bytes);
                true
            }
            None => false,
        }
    }
}

impl Deref for GuestSliceMut<'_, u8> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.bytes
    }
}

impl DerefMut for GuestSliceMut<'_, u8> {
    fn deref_mut(&mut self) -> &mut [u8] {
        self.bytes
    }
}

/// A shared view of a UTF-8 string in guest memory.
#[derive(Debug)]
pub struct GuestStr<'m> {
    text: &'m str,
    _guard: BorrowGuard<'m>,
}

impl Deref for GuestStr<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}
