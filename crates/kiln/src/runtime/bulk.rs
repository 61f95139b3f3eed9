//! Bulk memory and table operations, growth and segment drops, on store
//! indices. Each checks the whole range first, so an operation that traps
//! writes nothing.

use std::ops::Range;
use std::sync::Arc;

use super::{GrowError, StoreMemory, StoreOpaque, TableInstance};
use crate::trap::Trap;

/// `offset..offset + len` if it lies within `size`.
fn range(offset: u64, len: u64, size: usize) -> Option<Range<usize>> {
    let end = offset.checked_add(len)?;
    if end > size as u64 {
        return None;
    }
    Some(offset as usize..end as usize)
}

/// The bytes of an owned memory (callers have checked that it is one; a
/// shared memory lends none).
fn owned_bytes(memory: &mut StoreMemory) -> &mut [u8] {
    match memory {
        StoreMemory::Owned(m) => m.data_mut(),
        StoreMemory::Shared(_) => &mut [],
    }
}

/// Two distinct mutable elements of a slice.
fn two_mut<T>(items: &mut [T], a: usize, b: usize) -> (&mut T, &mut T) {
    debug_assert_ne!(a, b);
    if a < b {
        let (lo, hi) = items.split_at_mut(b);
        (&mut lo[a], &mut hi[0])
    } else {
        let (lo, hi) = items.split_at_mut(a);
        (&mut hi[0], &mut lo[b])
    }
}

/// Copies `len` items from `containers[src_c][src..]` to
/// `containers[dst_c][dst..]` (the same container allowed, ranges may
/// overlap), after checking both ranges.
#[allow(clippy::too_many_arguments)]
fn copy_items<C, T: Copy>(
    containers: &mut [C],
    dst_c: usize,
    src_c: usize,
    dst: u64,
    src: u64,
    len: u64,
    items: fn(&mut C) -> &mut [T],
    trap: Trap,
) -> Result<(), Trap> {
    if dst_c == src_c {
        let data = items(&mut containers[dst_c]);
        let s = range(src, len, data.len()).ok_or(trap)?;
        let d = range(dst, len, data.len()).ok_or(trap)?;
        data.copy_within(s, d.start);
    } else {
        let (d_c, s_c) = two_mut(containers, dst_c, src_c);
        let s_items = items(s_c);
        let d_items = items(d_c);
        let s = range(src, len, s_items.len()).ok_or(trap)?;
        let d = range(dst, len, d_items.len()).ok_or(trap)?;
        d_items[d].copy_from_slice(&s_items[s]);
    }
    Ok(())
}

impl StoreOpaque {
    /// Grows memory `mem` by `delta` pages; the old size in pages.
    pub(crate) fn grow_memory(&mut self, mem: u32, delta: u64) -> Result<u64, GrowError> {
        let result = self.memories[mem as usize].grow(delta);
        self.memory_epoch = self.memory_epoch.wrapping_add(1);
        result
    }

    pub(crate) fn memory_fill(&mut self, mem: u32, dst: u64, value: u8, len: u64) -> Result<(), Trap> {
        match &mut self.memories[mem as usize] {
            StoreMemory::Owned(m) => {
                let data = m.data_mut();
                let r = range(dst, len, data.len()).ok_or(Trap::MemoryOutOfBounds)?;
                data[r].fill(value);
                Ok(())
            }
            StoreMemory::Shared(m) => m.fill(dst, value, len),
        }
    }

    pub(crate) fn memory_copy(&mut self, dst_mem: u32, src_mem: u32, dst: u64, src: u64, len: u64) -> Result<(), Trap> {
        let (d, s) = (dst_mem as usize, src_mem as usize);
        match (&self.memories[d], &self.memories[s]) {
            (StoreMemory::Owned(_), StoreMemory::Owned(_)) => {
                copy_items(&mut self.memories, d, s, dst, src, len, owned_bytes, Trap::MemoryOutOfBounds)
            }
            (StoreMemory::Shared(a), StoreMemory::Shared(b)) if Arc::ptr_eq(a, b) => a.copy_within(dst, src, len),
            _ => self.copy_between_memories(d, s, dst, src, len),
        }
    }

    /// `memory.copy` between two memories at least one of which is shared
    /// (so they are distinct byte ranges), through a buffer.
    fn copy_between_memories(&mut self, d: usize, s: usize, dst: u64, src: u64, len: u64) -> Result<(), Trap> {
        range(src, len, self.memories[s].len()).ok_or(Trap::MemoryOutOfBounds)?;
        range(dst, len, self.memories[d].len()).ok_or(Trap::MemoryOutOfBounds)?;
        let mut chunk = [0u8; 4096];
        let mut done = 0;
        while done < len {
            let n = (len - done).min(chunk.len() as u64);
            let buf = &mut chunk[..n as usize];
            self.memories[s].read(src + done, buf)?;
            self.memories[d].write(dst + done, buf)?;
            done += n;
        }
        Ok(())
    }

    /// `memory.init` of data segment `data` of store instance `instance`.
    pub(crate) fn memory_init(
        &mut self,
        instance: u32,
        data: u32,
        mem: u32,
        dst: u64,
        src: u64,
        len: u64,
    ) -> Result<(), Trap> {
        let inst = &self.instances[instance as usize];
        let bytes: &[u8] =
            if inst.data_dropped[data as usize] { &[] } else { &inst.module.info().datas[data as usize].bytes };
        let s = range(src, len, bytes.len()).ok_or(Trap::MemoryOutOfBounds)?;
        self.memories[mem as usize].write(dst, &bytes[s])
    }

    pub(crate) fn table_fill(&mut self, table: u32, dst: u64, value: u64, len: u64) -> Result<(), Trap> {
        let elems = self.tables[table as usize].elems_mut();
        let r = range(dst, len, elems.len()).ok_or(Trap::TableOutOfBounds)?;
        elems[r].fill(value);
        Ok(())
    }

    pub(crate) fn table_copy(&mut self, dst_t: u32, src_t: u32, dst: u64, src: u64, len: u64) -> Result<(), Trap> {
        let (d, s) = (dst_t as usize, src_t as usize);
        copy_items(&mut self.tables, d, s, dst, src, len, TableInstance::elems_mut, Trap::TableOutOfBounds)
    }

    /// `table.init` from element segment `elem` of store instance `instance`.
    pub(crate) fn table_init(
        &mut self,
        instance: u32,
        elem: u32,
        table: u32,
        dst: u64,
        src: u64,
        len: u64,
    ) -> Result<(), Trap> {
        let items = &self.instances[instance as usize].elems[elem as usize];
        let s = range(src, len, items.len()).ok_or(Trap::TableOutOfBounds)?;
        let elems = self.tables[table as usize].elems_mut();
        let d = range(dst, len, elems.len()).ok_or(Trap::TableOutOfBounds)?;
        elems[d].copy_from_slice(&items[s]);
        Ok(())
    }

    pub(crate) fn data_drop(&mut self, instance: u32, data: u32) {
        self.instances[instance as usize].data_dropped[data as usize] = true;
    }

    pub(crate) fn elem_drop(&mut self, instance: u32, elem: u32) {
        self.instances[instance as usize].elems[elem as usize] = Box::new([]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_reject_overflow_and_overrun() {
        assert_eq!(range(0, 0, 0), Some(0..0));
        assert_eq!(range(4, 0, 4), Some(4..4));
        assert_eq!(range(5, 0, 4), None);
        assert_eq!(range(u64::MAX, 2, 10), None);
        assert_eq!(range(2, 2, 4), Some(2..4));
    }
}
