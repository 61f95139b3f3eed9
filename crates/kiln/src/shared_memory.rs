//! [`SharedMemory`]: a linear memory that instances in different stores,
//! on different threads, use at the same time (threads proposal).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};

use crate::engine::Engine;
use crate::error::InstantiationError;
use crate::memory::MemoryAccessError;
use crate::runtime::{SharedMemoryData, StoreMemory, WaitOutcome};
use crate::trap::Trap;
use crate::types::MemoryType;

/// A shared linear memory, as in Wasmtime: not owned by any store, cheap to
/// clone (reference counted), `Send` and `Sync`.
///
/// Give it to instances in as many stores as you like (through a
/// [`Linker`](crate::Linker) or [`Instance::new`](crate::Instance::new) as an
/// [`Extern::SharedMemory`](crate::Extern)); each store runs on one thread at
/// a time, and all of them see the same bytes. Instances export their shared
/// memories as `Extern::SharedMemory` too
/// ([`Instance::get_shared_memory`](crate::Instance::get_shared_memory)).
///
/// Its bytes never move: the maximum size (which shared memory types must
/// declare) is reserved up front, and growth, from any thread, makes more of
/// it visible. Every access Kiln makes to them is atomic at the level of
/// Rust's memory model (see [`read`](SharedMemory::read)), so concurrent
/// wasm and host accesses are data races only in the WebAssembly sense.
///
/// ```
/// # fn main() -> kiln::Result<()> {
/// let engine = kiln::Engine::default();
/// let memory = kiln::SharedMemory::new(&engine, kiln::MemoryType::shared(1, 2))?;
/// let module = kiln::Module::new(&engine, r#"(module
///     (import "env" "memory" (memory 1 2 shared))
///     (func (export "bump") (result i32)
///       (i32.atomic.rmw.add (i32.const 0) (i32.const 1))))"#)?;
/// let worker = {
///     let (engine, memory, module) = (engine.clone(), memory.clone(), module.clone());
///     std::thread::spawn(move || -> kiln::Result<i32> {
///         let mut store = kiln::Store::new(&engine, ());
///         let instance = kiln::Instance::new(&mut store, &module, &[memory.into()])?;
///         instance.get_typed_func::<(), i32>(&mut store, "bump")?.call(&mut store, ())
///     })
/// };
/// worker.join().unwrap()?;
/// let mut bytes = [0u8; 4];
/// memory.read(0, &mut bytes)?;
/// assert_eq!(u32::from_le_bytes(bytes), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct SharedMemory {
    pub(crate) data: Arc<SharedMemoryData>,
    pub(crate) engine: Engine,
}

/// How [`SharedMemory::atomic_wait32`] or
/// [`atomic_wait64`](SharedMemory::atomic_wait64) ended (wasm's `0`, `1`
/// and `2`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum WaitResult {
    /// Woken by a notify.
    Ok,
    /// The value was not the expected one, so the thread did not block.
    Mismatch,
    /// The timeout elapsed.
    TimedOut,
}

impl SharedMemory {
    /// A new shared memory of type `ty`, which must be shared (see
    /// [`MemoryType::shared`]), for `engine`, which must have the threads
    /// proposal enabled ([`Config::wasm_threads`](crate::Config::wasm_threads)).
    pub fn new(engine: &Engine, ty: MemoryType) -> Result<SharedMemory> {
        if !engine.features().threads() {
            bail!("shared memories need the threads proposal: enable `Config::wasm_threads`");
        }
        if !ty.is_shared() {
            bail!("`SharedMemory::new` needs a shared memory type, got {ty}: use `Memory::new`");
        }
        let data = SharedMemoryData::new(ty.clone()).map_err(|e| {
            anyhow::Error::new(InstantiationError::Resource(format!("cannot allocate memory of type {ty}: {e}")))
        })?;
        Ok(SharedMemory { data: Arc::new(data), engine: engine.clone() })
    }

    /// The memory's type, with its current size as the minimum.
    pub fn ty(&self) -> MemoryType {
        self.entry().current_ty()
    }

    /// Current size in pages.
    pub fn size(&self) -> u64 {
        self.data.size_pages()
    }

    /// Current size in bytes.
    pub fn data_size(&self) -> usize {
        self.data.len()
    }

    /// Grows the memory by `delta` pages, returning the previous size in
    /// pages, or an error beyond its maximum. Other threads see the new size
    /// at their next size check; the bytes stay where they are.
    pub fn grow(&self, delta: u64) -> Result<u64> {
        self.data.grow(delta).map_err(|e| anyhow!("failed to grow memory by {delta} pages: {e}"))
    }

    /// Copies `buffer.len()` bytes starting at `offset` into `buffer`. Bytes
    /// that wasm writes at the same time may be seen written or not, each
    /// aligned 8-byte word either entirely before or entirely after a write
    /// to it (Kiln reads and writes the bytes through atomic words).
    pub fn read(&self, offset: usize, buffer: &mut [u8]) -> Result<(), MemoryAccessError> {
        self.data.read(offset as u64, buffer).map_err(|_| MemoryAccessError::new())
    }

    /// Copies `buffer` into the memory starting at `offset` (see
    /// [`read`](SharedMemory::read) for concurrent accesses).
    pub fn write(&self, offset: usize, buffer: &[u8]) -> Result<(), MemoryAccessError> {
        self.data.write(offset as u64, buffer).map_err(|_| MemoryAccessError::new())
    }

    /// `memory.atomic.notify` from the host: wakes up to `count` threads
    /// waiting on `addr`; how many it woke. Traps if `addr` is unaligned or
    /// out of bounds.
    pub fn atomic_notify(&self, addr: u64, count: u32) -> Result<u32, Trap> {
        self.entry().atomic_notify(addr, count)
    }

    /// `memory.atomic.wait32` from the host: blocks the calling thread while
    /// the `u32` at `addr` is `expected`, until a notify or the `timeout`
    /// (`None`: none).
    pub fn atomic_wait32(&self, addr: u64, expected: u32, timeout: Option<Duration>) -> Result<WaitResult, Trap> {
        self.wait(addr, 4, u64::from(expected), timeout)
    }

    /// `memory.atomic.wait64` from the host (see
    /// [`atomic_wait32`](SharedMemory::atomic_wait32)).
    pub fn atomic_wait64(&self, addr: u64, expected: u64, timeout: Option<Duration>) -> Result<WaitResult, Trap> {
        self.wait(addr, 8, expected, timeout)
    }

    fn wait(&self, addr: u64, width: usize, expected: u64, timeout: Option<Duration>) -> Result<WaitResult, Trap> {
        let timeout_ns = timeout.map_or(-1, |t| i64::try_from(t.as_nanos()).unwrap_or(i64::MAX));
        Ok(match self.entry().atomic_wait(addr, width, expected, timeout_ns, &|| false)? {
            WaitOutcome::Woken | WaitOutcome::Interrupted => WaitResult::Ok,
            WaitOutcome::NotEqual => WaitResult::Mismatch,
            WaitOutcome::TimedOut => WaitResult::TimedOut,
        })
    }

    /// The memory as a store entry, for the operations `StoreMemory` has.
    fn entry(&self) -> StoreMemory {
        StoreMemory::Shared(Arc::clone(&self.data))
    }
}

impl PartialEq for SharedMemory {
    /// The same memory (not equal contents).
    fn eq(&self, other: &SharedMemory) -> bool {
        Arc::ptr_eq(&self.data, &other.data)
    }
}

impl Eq for SharedMemory {}

impl std::hash::Hash for SharedMemory {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.data).hash(state);
    }
}

impl fmt::Debug for SharedMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedMemory").field("ty", &self.ty()).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<SharedMemory>();
    }

    #[test]
    fn needs_a_shared_type_and_threads() {
        let engine = Engine::default();
        assert!(SharedMemory::new(&engine, MemoryType::new(1, Some(1))).is_err());
        let mut config = crate::Config::new();
        config.wasm_threads(false);
        let no_threads = Engine::new(&config).unwrap();
        assert!(SharedMemory::new(&no_threads, MemoryType::shared(1, 1)).is_err());
    }

    #[test]
    fn host_access_grow_and_wait() {
        let memory = SharedMemory::new(&Engine::default(), MemoryType::shared(1, 2)).unwrap();
        memory.write(65532, &[1, 0, 0, 0]).unwrap();
        assert!(memory.write(65534, &[0; 4]).is_err());
        assert_eq!(memory.grow(1).unwrap(), 1);
        assert_eq!((memory.size(), memory.data_size()), (2, 131072));
        assert!(memory.grow(1).is_err());
        assert_eq!(memory.ty(), MemoryType::shared(2, 2));
        assert_eq!(memory.atomic_wait32(65532, 0, None), Ok(WaitResult::Mismatch));
        assert_eq!(memory.atomic_wait64(8, 0, Some(Duration::ZERO)), Ok(WaitResult::TimedOut));
        assert_eq!(memory.atomic_wait32(1, 0, None), Err(Trap::HeapMisaligned));
        assert_eq!(memory.atomic_notify(65532, 1), Ok(0));
        assert_eq!(memory.clone(), memory);
    }
}
