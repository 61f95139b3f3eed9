//! [`StoreMemory`]: a linear memory as a store holds it, either its own
//! ([`LinearMemory`]) or a shared one ([`SharedMemoryData`], held by every
//! store that imports it), and the operations that work on both: size,
//! growth, plain byte access and the atomic instructions.

use std::ops::Range;
use std::sync::Arc;
use std::time::Instant;

use super::memory::{GrowError, LinearMemory};
use super::parking::WaitOutcome;
use super::shared_memory::SharedMemoryData;
use crate::trap::Trap;
use crate::types::MemoryType;

/// A linear memory in a store.
pub(crate) enum StoreMemory {
    /// The store's own memory.
    Owned(LinearMemory),
    /// A shared memory (threads proposal).
    Shared(Arc<SharedMemoryData>),
}

/// `addr..addr + len` if it lies within `size` bytes.
fn checked_range(addr: u64, len: usize, size: usize) -> Result<Range<usize>, Trap> {
    let end = addr.checked_add(len as u64).ok_or(Trap::MemoryOutOfBounds)?;
    if end > size as u64 {
        return Err(Trap::MemoryOutOfBounds);
    }
    Ok(addr as usize..end as usize)
}

impl StoreMemory {
    /// A new memory of type `ty`: shared if the type says so, guarded if
    /// `guard` and it can be (see `LinearMemory::new`).
    pub(crate) fn new(ty: MemoryType, guard: bool) -> Result<StoreMemory, GrowError> {
        Ok(if ty.is_shared() {
            StoreMemory::Shared(Arc::new(SharedMemoryData::new(ty)?))
        } else {
            StoreMemory::Owned(LinearMemory::new(ty, guard)?)
        })
    }

    pub(crate) fn ty(&self) -> &MemoryType {
        match self {
            StoreMemory::Owned(m) => m.ty(),
            StoreMemory::Shared(m) => m.ty(),
        }
    }

    /// The current type: the declared one with the current size as minimum.
    pub(crate) fn current_ty(&self) -> MemoryType {
        let ty = self.ty();
        MemoryType::from_parts(self.size_pages(), ty.maximum(), ty.is_64(), ty.is_shared(), ty.page_size_log2())
    }

    /// Visible size in bytes (of a shared memory: as this thread sees it).
    pub(crate) fn len(&self) -> usize {
        match self {
            StoreMemory::Owned(m) => m.len(),
            StoreMemory::Shared(m) => m.len(),
        }
    }

    /// Visible size in pages.
    pub(crate) fn size_pages(&self) -> u64 {
        match self {
            StoreMemory::Owned(m) => m.size_pages(),
            StoreMemory::Shared(m) => m.size_pages(),
        }
    }

    /// Grows by `delta` pages; returns the previous size in pages.
    pub(crate) fn grow(&mut self, delta: u64) -> Result<u64, GrowError> {
        match self {
            StoreMemory::Owned(m) => m.grow(delta),
            StoreMemory::Shared(m) => m.grow(delta),
        }
    }

    /// The shared memory, if this is one.
    pub(crate) fn shared(&self) -> Option<&Arc<SharedMemoryData>> {
        match self {
            StoreMemory::Owned(_) => None,
            StoreMemory::Shared(m) => Some(m),
        }
    }

    /// The base of the memory's reservation, if it is guarded (see
    /// `signals`).
    pub(crate) fn guarded_base(&self) -> Option<*mut u8> {
        match self {
            StoreMemory::Owned(m) => m.guarded_base(),
            StoreMemory::Shared(_) => None,
        }
    }

    /// Base and length for the interpreter's unchecked memory-0 accesses:
    /// only an owned memory has them (shared ones are accessed through
    /// atomics, see `shared_memory`).
    pub(crate) fn unshared_view(&self) -> Option<(*mut u8, usize)> {
        match self {
            StoreMemory::Owned(m) => Some((m.base(), m.len())),
            StoreMemory::Shared(_) => None,
        }
    }

    /// Copies the bytes at `addr` into `buf`.
    pub(crate) fn read(&self, addr: u64, buf: &mut [u8]) -> Result<(), Trap> {
        match self {
            StoreMemory::Owned(m) => {
                let data = m.data();
                buf.copy_from_slice(&data[checked_range(addr, buf.len(), data.len())?]);
                Ok(())
            }
            StoreMemory::Shared(m) => m.read(addr, buf),
        }
    }

    /// Writes `src` at `addr`.
    pub(crate) fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), Trap> {
        match self {
            StoreMemory::Owned(m) => {
                let range = checked_range(addr, src.len(), m.data().len())?;
                m.write_at(range.start, src);
                Ok(())
            }
            StoreMemory::Shared(m) => m.write(addr, src),
        }
    }

    /// The index of the `width`-byte atomic access at `addr` after the
    /// alignment check (first, as in the reference interpreter) and the
    /// bounds check.
    fn check_atomic(&self, addr: u64, width: usize) -> Result<usize, Trap> {
        if !addr.is_multiple_of(width as u64) {
            return Err(Trap::HeapMisaligned);
        }
        Ok(checked_range(addr, width, self.len())?.start)
    }

    /// An atomic load of `width` bytes (1, 2, 4 or 8), zero-extended.
    pub(crate) fn atomic_load(&self, addr: u64, width: usize) -> Result<u64, Trap> {
        let at = self.check_atomic(addr, width)?;
        Ok(match self {
            StoreMemory::Owned(m) => le_value(&m.data()[at..at + width]),
            StoreMemory::Shared(m) => m.atomic_load(at, width),
        })
    }

    /// An atomic read-modify-write of `width` bytes at `addr`: writes
    /// `f(old)` unless it is `None`, and returns `old` (zero-extended).
    pub(crate) fn atomic_rmw(
        &mut self,
        addr: u64,
        width: usize,
        mut f: impl FnMut(u64) -> Option<u64>,
    ) -> Result<u64, Trap> {
        let at = self.check_atomic(addr, width)?;
        Ok(match self {
            StoreMemory::Owned(m) => {
                let bytes = &mut m.data_mut()[at..at + width];
                let old = le_value(bytes);
                if let Some(new) = f(old) {
                    bytes.copy_from_slice(&new.to_le_bytes()[..width]);
                }
                old
            }
            StoreMemory::Shared(m) => m.atomic_rmw(at, width, f),
        })
    }

    /// `memory.atomic.notify` at `addr`: how many waiters it woke (none on
    /// an unshared memory, which no one can wait on).
    pub(crate) fn atomic_notify(&self, addr: u64, count: u32) -> Result<u32, Trap> {
        let at = self.check_atomic(addr, 4)?;
        Ok(self.shared().map_or(0, |m| m.notify(at, count)))
    }

    /// `memory.atomic.wait32/64` (`width` 4 or 8) at `addr`. A negative
    /// `timeout_ns` waits forever. Traps on an unshared memory.
    pub(crate) fn atomic_wait(
        &self,
        addr: u64,
        width: usize,
        expected: u64,
        timeout_ns: i64,
        interrupted: &dyn Fn() -> bool,
    ) -> Result<WaitOutcome, Trap> {
        let at = self.check_atomic(addr, width)?;
        let memory = self.shared().ok_or(Trap::AtomicWaitNonSharedMemory)?;
        let deadline = u64::try_from(timeout_ns)
            .ok()
            .and_then(|ns| Instant::now().checked_add(std::time::Duration::from_nanos(ns)));
        Ok(memory.wait(at, width, expected, deadline, interrupted))
    }
}

/// The little-endian value of up to 8 bytes.
fn le_value(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomics_check_alignment_before_bounds() {
        for ty in [MemoryType::new(1, Some(1)), MemoryType::shared(1, 1)] {
            let mut m = StoreMemory::new(ty, false).unwrap();
            assert_eq!(m.atomic_load(65535, 2), Err(Trap::HeapMisaligned));
            assert_eq!(m.atomic_load(65536, 4), Err(Trap::MemoryOutOfBounds));
            assert_eq!(m.atomic_rmw(4, 4, |v| Some(v + 5)), Ok(0));
            assert_eq!(m.atomic_load(4, 4), Ok(5));
            assert_eq!(m.atomic_notify(4, 1), Ok(0));
            assert_eq!(m.atomic_notify(2, 1), Err(Trap::HeapMisaligned));
        }
    }

    #[test]
    fn wait_traps_on_unshared_memory_and_times_out_on_shared() {
        let owned = StoreMemory::new(MemoryType::new(1, None), false).unwrap();
        assert_eq!(owned.atomic_wait(0, 4, 0, 0, &|| false), Err(Trap::AtomicWaitNonSharedMemory));
        let shared = StoreMemory::new(MemoryType::shared(1, 1), false).unwrap();
        assert_eq!(shared.atomic_wait(0, 8, 1, -1, &|| false), Ok(WaitOutcome::NotEqual));
        assert_eq!(shared.atomic_wait(0, 4, 0, 0, &|| false), Ok(WaitOutcome::TimedOut));
        assert_eq!(shared.atomic_wait(0, 4, 0, -1, &|| true), Ok(WaitOutcome::Interrupted));
    }
}
