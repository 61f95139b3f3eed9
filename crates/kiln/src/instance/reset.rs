//! [`Instance::reset`]: back to the state right after instantiation without
//! re-instantiating (Lucet's instance reset).
//!
//! The instance's own memories are zeroed and shrunk to their minimum (on
//! Linux the cost is proportional to the pages touched since instantiation,
//! not to the memory's size), its own tables refilled and shrunk, its own
//! globals given their initial values, its segments restored (passive ones
//! re-resolved, active ones re-applied to its own tables and memories) and
//! its start function run again. Imported memories, tables and globals are
//! not the instance's to reset and are left as they are. An instance that
//! defines a shared memory cannot be reset (other threads may be using it).

use anyhow::{Result, bail};

use super::Instance;
use super::init::{Targets, initialize_segments, resolve_elems};
use crate::error::InstantiationError;
use crate::func::invoke;
use crate::runtime::{StoreMemory, StoreOpaque};
use crate::store::AsContextMut;

impl Instance {
    /// Restores the instance's memories, tables and globals to their state
    /// right after instantiation and runs its start function again.
    ///
    /// Functions of the instance stay the same objects (references to them
    /// held in tables or by the host remain valid).
    ///
    /// ```
    /// # fn main() -> kiln::Result<()> {
    /// let engine = kiln::Engine::default();
    /// let module = kiln::Module::new(&engine, r#"(module (global $n (mut i32) (i32.const 0))
    ///     (func (export "next") (result i32)
    ///       (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))"#)?;
    /// let mut store = kiln::Store::new(&engine, ());
    /// let instance = kiln::Instance::new(&mut store, &module, &[])?;
    /// let next = instance.get_typed_func::<(), i32>(&mut store, "next")?;
    /// assert_eq!(next.call(&mut store, ())?, 1);
    /// assert_eq!(next.call(&mut store, ())?, 2);
    /// instance.reset(&mut store)?;
    /// assert_eq!(next.call(&mut store, ())?, 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn reset(&self, mut store: impl AsContextMut) -> Result<()> {
        let store = store.as_context_mut().0;
        let index = self.0.index_in(&store.opaque)? as u32;
        let start = reset_state(&mut store.opaque, index)?;
        if let Some(start) = start {
            invoke(store, start, &mut []).map_err(|e| e.context(InstantiationError::Start))?;
        }
        Ok(())
    }
}

/// Resets everything but the start function; returns its store index.
fn reset_state(store: &mut StoreOpaque, instance: u32) -> Result<Option<u32>> {
    let data = &store.instances[instance as usize];
    let module = data.module.clone();
    let info = module.info();
    let defined_memories = &data.memories[info.num_imported_memories as usize..];
    if defined_memories.iter().any(|&m| store.memories[m as usize].shared().is_some()) {
        bail!("cannot reset an instance that defines a shared memory: other threads may be using it");
    }

    let defined_globals = &data.globals[info.num_imported_globals as usize..];
    for (&g, &value) in defined_globals.iter().zip(data.initial_globals.iter()) {
        store.globals[g as usize].value = value;
    }
    let defined_tables = data.tables[info.num_imported_tables as usize..].to_vec();
    for (t, &init) in defined_tables.into_iter().zip(data.table_inits.clone().iter()) {
        store.tables[t as usize].reset(init);
    }
    let defined_memories = data.memories[info.num_imported_memories as usize..].to_vec();
    for m in defined_memories {
        if let StoreMemory::Owned(memory) = &mut store.memories[m as usize] {
            memory.reset().map_err(|e| anyhow::anyhow!("cannot reset memory {m}: {e}"))?;
        }
    }
    store.memory_epoch = store.memory_epoch.wrapping_add(1);

    let data = &store.instances[instance as usize];
    let elems = resolve_elems(store, &module, &data.globals, &data.funcs)?;
    let data = &mut store.instances[instance as usize];
    data.elems = elems;
    // All segments as before instantiation applied them; applying drops the
    // active ones again.
    data.data_dropped.fill(false);
    initialize_segments(store, instance, Targets::Owned)?;

    let data = &store.instances[instance as usize];
    Ok(info.start.map(|f| data.funcs[f as usize]))
}
