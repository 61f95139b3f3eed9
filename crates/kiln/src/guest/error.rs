//! [`GuestError`]: why a guest memory access was refused.

use std::fmt;
use std::str::Utf8Error;

/// A refused guest memory access. Host functions turn these into an error
/// code for the guest (WASI uses `EFAULT`, or `EINVAL` for misalignment) or
/// into a trap; they never cause undefined behaviour.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GuestError {
    /// The range `offset .. offset + len` is not inside the memory of
    /// `memory_size` bytes.
    OutOfBounds {
        /// First byte of the access.
        offset: u64,
        /// Length of the access in bytes.
        len: u64,
        /// Current size of the memory in bytes.
        memory_size: u64,
    },
    /// Computing an address or a length overflowed 64 bits.
    Overflow,
    /// `offset` is not a multiple of the required alignment `align`.
    Misaligned {
        /// The address.
        offset: u64,
        /// The alignment the pointee type requires.
        align: u32,
    },
    /// The range overlaps a live view that forbids the access: a mutable
    /// view (for any access) or a shared view (for a mutable access).
    BorrowConflict {
        /// First byte of the refused access.
        offset: u64,
        /// Length of the refused access in bytes.
        len: u64,
    },
    /// A guest string is not valid UTF-8.
    InvalidUtf8 {
        /// Address of the string.
        offset: u64,
        /// What is wrong with it.
        error: Utf8Error,
    },
}

impl fmt::Display for GuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuestError::OutOfBounds { offset, len, memory_size } => write!(
                f,
                "guest memory access out of bounds: {len} bytes at {offset:#x} in a memory of {memory_size} bytes"
            ),
            GuestError::Overflow => f.write_str("guest address computation overflowed"),
            GuestError::Misaligned { offset, align } => {
                write!(f, "guest pointer {offset:#x} is not aligned to {align} bytes")
            }
            GuestError::BorrowConflict { offset, len } => {
                write!(f, "guest memory range of {len} bytes at {offset:#x} is already borrowed")
            }
            GuestError::InvalidUtf8 { offset, error } => write!(f, "guest string at {offset:#x}: {error}"),
        }
    }
}

impl std::error::Error for GuestError {}
