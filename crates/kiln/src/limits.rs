//! Resource limits, as in Wasmtime: [`ResourceLimiter`] decides whether
//! memories and tables may grow and how many instances, tables and memories a
//! store may hold; [`StoreLimits`] is a ready-made limiter.
//!
//! Install one with [`Store::limiter`](crate::Store::limiter). It is
//! consulted when instantiation creates memories and tables, when wasm
//! executes `memory.grow` or `table.grow`, and when the host calls
//! [`Memory::grow`](crate::Memory::grow) or [`Table::grow`](crate::Table::grow).

use anyhow::{Result, bail};

use crate::runtime::StoreOpaque;

/// Default limit on instances in a store.
pub const DEFAULT_INSTANCE_LIMIT: usize = 10_000;
/// Default limit on tables in a store.
pub const DEFAULT_TABLE_LIMIT: usize = 10_000;
/// Default limit on memories in a store.
pub const DEFAULT_MEMORY_LIMIT: usize = 10_000;

/// Decides on the growth of memories and tables and on store-wide counts.
///
/// Sizes are in bytes for memories and in elements for tables. Returning
/// `Ok(false)` denies a growth: `memory.grow`/`table.grow` return -1 and
/// instantiation fails with a resource error. Returning an error makes the
/// operation fail with that error (a trap, for wasm instructions).
pub trait ResourceLimiter {
    /// A memory wants to grow from `current` to `desired` bytes (`maximum`:
    /// the memory type's maximum, if any). Also called with `current == 0`
    /// when a memory is created.
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> Result<bool>;

    /// A growth that `memory_growing` allowed failed anyway (beyond the
    /// type's maximum, or out of host memory). An error here becomes the
    /// operation's error.
    fn memory_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        let _ = error;
        Ok(())
    }

    /// A table wants to grow from `current` to `desired` elements.
    fn table_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> Result<bool>;

    /// A growth that `table_growing` allowed failed anyway.
    fn table_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        let _ = error;
        Ok(())
    }

    /// Most instances the store may hold.
    fn instances(&self) -> usize {
        DEFAULT_INSTANCE_LIMIT
    }

    /// Most tables the store may hold.
    fn tables(&self) -> usize {
        DEFAULT_TABLE_LIMIT
    }

    /// Most memories the store may hold.
    fn memories(&self) -> usize {
        DEFAULT_MEMORY_LIMIT
    }
}

/// A [`ResourceLimiter`] with fixed limits; build one with
/// [`StoreLimitsBuilder`].
#[derive(Clone, Debug)]
pub struct StoreLimits {
    memory_size: Option<usize>,
    table_elements: Option<usize>,
    instances: usize,
    tables: usize,
    memories: usize,
    trap_on_grow_failure: bool,
}

impl Default for StoreLimits {
    fn default() -> StoreLimits {
        StoreLimits {
            memory_size: None,
            table_elements: None,
            instances: DEFAULT_INSTANCE_LIMIT,
            tables: DEFAULT_TABLE_LIMIT,
            memories: DEFAULT_MEMORY_LIMIT,
            trap_on_grow_failure: false,
        }
    }
}

impl ResourceLimiter for StoreLimits {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> Result<bool> {
        let allow = self.memory_size.is_none_or(|limit| desired <= limit);
        if !allow && self.trap_on_grow_failure {
            bail!("forcing a trap when growing memory to {desired} bytes");
        }
        Ok(allow)
    }

    fn memory_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        if self.trap_on_grow_failure {
            Err(error.context("forcing a memory growth failure to be a trap"))
        } else {
            Ok(())
        }
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> Result<bool> {
        let allow = self.table_elements.is_none_or(|limit| desired <= limit);
        if !allow && self.trap_on_grow_failure {
            bail!("forcing a trap when growing a table to {desired} elements");
        }
        Ok(allow)
    }

    fn table_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        if self.trap_on_grow_failure {
            Err(error.context("forcing a table growth failure to be a trap"))
        } else {
            Ok(())
        }
    }

    fn instances(&self) -> usize {
        self.instances
    }

    fn tables(&self) -> usize {
        self.tables
    }

    fn memories(&self) -> usize {
        self.memories
    }
}

/// Builds [`StoreLimits`].
#[derive(Clone, Debug, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

impl StoreLimitsBuilder {
    /// Limits with no size limits and the default count limits.
    pub fn new() -> StoreLimitsBuilder {
        StoreLimitsBuilder(StoreLimits::default())
    }

    /// The most bytes any one linear memory may grow to.
    pub fn memory_size(mut self, limit: usize) -> Self {
        self.0.memory_size = Some(limit);
        self
    }

    /// The most elements any one table may grow to.
    pub fn table_elements(mut self, limit: usize) -> Self {
        self.0.table_elements = Some(limit);
        self
    }

    /// The most instances the store may hold.
    pub fn instances(mut self, limit: usize) -> Self {
        self.0.instances = limit;
        self
    }

    /// The most tables the store may hold.
    pub fn tables(mut self, limit: usize) -> Self {
        self.0.tables = limit;
        self
    }

    /// The most memories the store may hold.
    pub fn memories(mut self, limit: usize) -> Self {
        self.0.memories = limit;
        self
    }

    /// Make denied or failed growth a trap instead of returning -1.
    pub fn trap_on_grow_failure(mut self, trap: bool) -> Self {
        self.0.trap_on_grow_failure = trap;
        self
    }

    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

/// Grows memory `mem` (a store index) by `delta` pages, asking `limiter`
/// first: the previous size in pages, `None` if the growth was denied or
/// failed, or the limiter's error.
pub(crate) fn grow_memory(
    store: &mut StoreOpaque,
    limiter: Option<&mut dyn ResourceLimiter>,
    mem: u32,
    delta: u64,
) -> Result<Option<u64>> {
    let memory = &store.memories[mem as usize];
    let page = memory.ty().page_size();
    let current = memory.len();
    let desired = memory.size_pages().checked_add(delta).and_then(|p| p.checked_mul(page));
    let maximum = memory.ty().maximum().and_then(|m| m.checked_mul(page)).and_then(|b| usize::try_from(b).ok());
    let Some(limiter) = limiter else {
        return Ok(store.grow_memory(mem, delta).ok());
    };
    let Some(desired) = desired.and_then(|d| usize::try_from(d).ok()) else {
        limiter.memory_grow_failed(anyhow::anyhow!("memory size overflows"))?;
        return Ok(None);
    };
    if !limiter.memory_growing(current, desired, maximum)? {
        return Ok(None);
    }
    match store.grow_memory(mem, delta) {
        Ok(old) => Ok(Some(old)),
        Err(e) => {
            limiter.memory_grow_failed(anyhow::anyhow!("failed to grow memory to {desired} bytes: {e}"))?;
            Ok(None)
        }
    }
}

/// Grows table `table` (a store index) by `delta` elements set to `init`,
/// asking `limiter` first; as [`grow_memory`].
pub(crate) fn grow_table(
    store: &mut StoreOpaque,
    limiter: Option<&mut dyn ResourceLimiter>,
    table: u32,
    delta: u64,
    init: u64,
) -> Result<Option<u64>> {
    let t = &mut store.tables[table as usize];
    let current = t.size();
    let maximum = t.ty().maximum().and_then(|m| usize::try_from(m).ok());
    let Some(limiter) = limiter else {
        return Ok(t.grow(delta, init).ok());
    };
    let Some(desired) = current.checked_add(delta).and_then(|d| usize::try_from(d).ok()) else {
        limiter.table_grow_failed(anyhow::anyhow!("table size overflows"))?;
        return Ok(None);
    };
    if !limiter.table_growing(current as usize, desired, maximum)? {
        return Ok(None);
    }
    match t.grow(delta, init) {
        Ok(old) => Ok(Some(old)),
        Err(e) => {
            limiter.table_grow_failed(anyhow::anyhow!("failed to grow table to {desired} elements: {e}"))?;
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_limits_deny_or_trap() {
        let mut limits = StoreLimitsBuilder::new().memory_size(1 << 16).table_elements(10).build();
        assert!(limits.memory_growing(0, 1 << 16, None).unwrap());
        assert!(!limits.memory_growing(1 << 16, 2 << 16, None).unwrap());
        assert!(!limits.table_growing(10, 11, None).unwrap());
        let mut trapping = StoreLimitsBuilder::new().memory_size(0).trap_on_grow_failure(true).build();
        assert!(trapping.memory_growing(0, 1, None).is_err());
        assert!(trapping.memory_grow_failed(anyhow::anyhow!("too big")).is_err());
        assert_eq!(StoreLimitsBuilder::new().instances(3).build().instances(), 3);
    }
}
