//! [`GuestPtr<T>`]: a guest address tagged with the type it points to.

use std::fmt;
use std::marker::PhantomData;

use super::{GuestError, GuestType};

mod private {
    pub trait Sealed {}
}

/// What a [`GuestPtr`] can point to: a [`GuestType`] value (no metadata), a
/// slice `[T]` (metadata: the element count) or a `str` (metadata: the
/// length in bytes).
pub trait Pointee: private::Sealed {
    /// What the pointer carries besides the address.
    type Metadata: Copy + fmt::Debug + PartialEq + Eq;
}

impl<T: GuestType> private::Sealed for T {}
impl<T: GuestType> Pointee for T {
    type Metadata = ();
}
impl<T: GuestType> private::Sealed for [T] {}
impl<T: GuestType> Pointee for [T] {
    type Metadata = u64;
}
impl private::Sealed for str {}
impl Pointee for str {
    type Metadata = u64;
}

/// A pointer into guest memory: a 64-bit address plus, for slices and
/// strings, a length. Creating one never fails; [`GuestMemory`](super::GuestMemory)
/// checks it when it is used.
pub struct GuestPtr<T: ?Sized + Pointee> {
    offset: u64,
    meta: T::Metadata,
    _pointee: PhantomData<fn() -> *const T>,
}

impl<T: ?Sized + Pointee> Clone for GuestPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized + Pointee> Copy for GuestPtr<T> {}

impl<T: ?Sized + Pointee> PartialEq for GuestPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        self.offset == other.offset && self.meta == other.meta
    }
}

impl<T: ?Sized + Pointee> Eq for GuestPtr<T> {}

impl<T: ?Sized + Pointee> fmt::Debug for GuestPtr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GuestPtr({:#x}, {:?})", self.offset, self.meta)
    }
}

impl<T: ?Sized + Pointee> GuestPtr<T> {
    /// The guest address.
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl<T: GuestType> GuestPtr<T> {
    /// A pointer to a `T` at guest address `offset`.
    pub fn new(offset: u64) -> GuestPtr<T> {
        GuestPtr { offset, meta: (), _pointee: PhantomData }
    }

    /// The pointer `n` elements further on (`offset + n * T::SIZE`).
    pub fn add_elements(self, n: u64) -> Result<GuestPtr<T>, GuestError> {
        let delta = n.checked_mul(u64::from(T::SIZE)).ok_or(GuestError::Overflow)?;
        Ok(GuestPtr::new(self.offset.checked_add(delta).ok_or(GuestError::Overflow)?))
    }

    /// A slice of `len` elements starting here.
    pub fn as_slice(self, len: u64) -> GuestPtr<[T]> {
        GuestPtr::new_slice(self.offset, len)
    }

    /// The same address, pointing to a `U`.
    pub fn cast<U: GuestType>(self) -> GuestPtr<U> {
        GuestPtr::new(self.offset)
    }
}

impl<T: GuestType> GuestPtr<[T]> {
    /// A slice of `len` elements of type `T` at guest address `offset`.
    pub fn new_slice(offset: u64, len: u64) -> GuestPtr<[T]> {
        GuestPtr { offset, meta: len, _pointee: PhantomData }
    }

    /// Number of elements.
    pub fn len(&self) -> u64 {
        self.meta
    }

    /// Whether the slice has no elements.
    pub fn is_empty(&self) -> bool {
        self.meta == 0
    }

    /// Size in bytes (`len * T::SIZE`).
    pub fn byte_len(&self) -> Result<u64, GuestError> {
        self.meta.checked_mul(u64::from(T::SIZE)).ok_or(GuestError::Overflow)
    }

    /// Pointer to the first element.
    pub fn as_ptr(&self) -> GuestPtr<T> {
        GuestPtr::new(self.offset)
    }

    /// Pointer to element `index`, or `None` if `index >= len`.
    pub fn element(&self, index: u64) -> Option<Result<GuestPtr<T>, GuestError>> {
        (index < self.meta).then(|| self.as_ptr().add_elements(index))
    }

    /// Pointers to each element in order.
    pub fn iter(&self) -> impl Iterator<Item = Result<GuestPtr<T>, GuestError>> + use<T> {
        let this = *self;
        (0..self.meta).map(move |i| this.as_ptr().add_elements(i))
    }
}

impl GuestPtr<str> {
    /// A string of `len` bytes at guest address `offset`.
    pub fn new_str(offset: u64, len: u64) -> GuestPtr<str> {
        GuestPtr { offset, meta: len, _pointee: PhantomData }
    }

    /// Length in bytes.
    pub fn len(&self) -> u64 {
        self.meta
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.meta == 0
    }

    /// The string's bytes.
    pub fn as_bytes(&self) -> GuestPtr<[u8]> {
        GuestPtr::new_slice(self.offset, self.meta)
    }
}
