//! [`Memory`]: a linear memory as the embedder sees it.

use std::fmt;

use anyhow::{Result, anyhow};

use crate::error::InstantiationError;
use crate::limits;
use crate::runtime::{LinearMemory, StoreMemory, StoreOpaque};
use crate::store::{AsContext, AsContextMut, StoreContext, StoreContextMut, Stored};
use crate::types::MemoryType;

/// A linear memory in a store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Memory(pub(crate) Stored);

/// An access outside a memory's bounds, from [`Memory::read`] or
/// [`Memory::write`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct MemoryAccessError {
    _private: (),
}

impl fmt::Display for MemoryAccessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("out of bounds memory access")
    }
}

impl std::error::Error for MemoryAccessError {}

impl MemoryAccessError {
    pub(crate) fn new() -> MemoryAccessError {
        MemoryAccessError { _private: () }
    }
}

impl Memory {
    /// A new memory of type `ty`, owned by `store`. Shared memories are made
    /// with [`SharedMemory::new`](crate::SharedMemory::new) instead.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        if ty.is_shared() {
            anyhow::bail!("`Memory::new` cannot create the shared memory type {ty}: use `SharedMemory::new`");
        }
        let store = &mut store.as_context_mut().0.opaque;
        let memory = LinearMemory::new(ty.clone(), store.engine.config().signals_based_traps).map_err(|e| {
            anyhow::Error::new(InstantiationError::Resource(format!("cannot allocate memory of type {ty}: {e}")))
        })?;
        store.memories.push(StoreMemory::Owned(memory));
        Ok(Memory(Stored::new(store, u32::try_from(store.memories.len() - 1)?)))
    }

    fn entry<'a>(&self, store: &'a StoreOpaque) -> &'a StoreMemory {
        &store.memories[self.0.expect_in(store)]
    }

    fn get<'a>(&self, store: &'a StoreOpaque) -> &'a LinearMemory {
        owned(self.entry(store))
    }

    /// The memory's type, with its current size as the minimum.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store (as do the other methods
    /// without a `Result`).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        self.entry(&store.as_context().0.opaque).current_ty()
    }

    /// Current size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entry(&store.as_context().0.opaque).size_pages()
    }

    /// Current size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        self.entry(&store.as_context().0.opaque).len()
    }

    /// The memory's bytes.
    pub fn data<'a, T: 'static>(&self, store: impl Into<StoreContext<'a, T>>) -> &'a [u8] {
        let inner = store.into().0;
        self.get(&inner.opaque).data()
    }

    /// The memory's bytes, mutably.
    pub fn data_mut<'a, T: 'static>(&self, store: impl Into<StoreContextMut<'a, T>>) -> &'a mut [u8] {
        let inner = store.into().0;
        let index = self.0.expect_in(&inner.opaque);
        owned_mut(&mut inner.opaque.memories[index]).data_mut()
    }

    /// The memory's bytes and the host data, both mutably.
    pub fn data_and_store_mut<'a, T: 'static>(
        &self,
        store: impl Into<StoreContextMut<'a, T>>,
    ) -> (&'a mut [u8], &'a mut T) {
        let inner = store.into().0;
        let index = self.0.expect_in(&inner.opaque);
        (owned_mut(&mut inner.opaque.memories[index]).data_mut(), &mut inner.data)
    }

    /// Copies `buffer.len()` bytes starting at `offset` into `buffer`.
    pub fn read(&self, store: impl AsContext, offset: usize, buffer: &mut [u8]) -> Result<(), MemoryAccessError> {
        let data = self.get(&store.as_context().0.opaque).data();
        let end = offset.checked_add(buffer.len()).ok_or(MemoryAccessError { _private: () })?;
        buffer.copy_from_slice(data.get(offset..end).ok_or(MemoryAccessError { _private: () })?);
        Ok(())
    }

    /// Copies `buffer` into the memory starting at `offset`.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buffer: &[u8]) -> Result<(), MemoryAccessError> {
        let store = &mut store.as_context_mut().0.opaque;
        let index = self.0.expect_in(store);
        let data = owned_mut(&mut store.memories[index]).data_mut();
        let end = offset.checked_add(buffer.len()).ok_or(MemoryAccessError { _private: () })?;
        data.get_mut(offset..end).ok_or(MemoryAccessError { _private: () })?.copy_from_slice(buffer);
        Ok(())
    }

    /// Grows the memory by `delta` pages, returning the previous size in
    /// pages, or an error if the maximum or the host's resources are exceeded.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        let (store, limiter) = store.as_context_mut().0.opaque_and_limiter();
        let index = self.0.index_in(store)?;
        limits::grow_memory(store, limiter, index as u32, delta)?
            .ok_or_else(|| anyhow!("failed to grow memory by {delta} pages"))
    }
}

/// The memory a [`Memory`] handle names. Handles are only made for owned
/// memories (`Memory::new` refuses shared types and instances export shared
/// memories as [`SharedMemory`](crate::SharedMemory)), so the other case is
/// an internal error.
fn owned(memory: &StoreMemory) -> &LinearMemory {
    match memory {
        StoreMemory::Owned(m) => m,
        StoreMemory::Shared(_) => unreachable!("a `Memory` handle names a shared memory"),
    }
}

/// As [`owned`], mutably.
fn owned_mut(memory: &mut StoreMemory) -> &mut LinearMemory {
    match memory {
        StoreMemory::Owned(m) => m,
        StoreMemory::Shared(_) => unreachable!("a `Memory` handle names a shared memory"),
    }
}
