//! [`Table`]: a table of references as the embedder sees it.

use anyhow::{Result, anyhow, bail};

use crate::error::InstantiationError;
use crate::func::{Func, TypedFunc, WasmParams, WasmResults};
use crate::limits;
use crate::runtime::{StoreOpaque, TableInstance};
use crate::store::{AsContext, AsContextMut, Stored};
use crate::types::TableType;
use crate::values::{Ref, Val};

/// A table in a store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Table(pub(crate) Stored);

fn check_ref(store: &StoreOpaque, table: &TableInstance, value: &Ref) -> Result<u64> {
    let raw = value.to_raw(store)?;
    if !value.matches(store, table.ty().element())? {
        bail!("type mismatch: table elements are {}", table.ty().element());
    }
    Ok(raw)
}

impl Table {
    /// A new table of type `ty` with every element set to `init`.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Ref) -> Result<Table> {
        let store = &mut store.as_context_mut().0.opaque;
        let raw = init.to_raw(store)?;
        if !init.matches(store, ty.element())? {
            bail!("type mismatch: initial value does not fit {}", ty.element());
        }
        let table = TableInstance::new(ty.clone(), raw).map_err(|e| {
            anyhow::Error::new(InstantiationError::Resource(format!("cannot allocate table of type {ty}: {e}")))
        })?;
        store.tables.push(table);
        Ok(Table(Stored::new(store, u32::try_from(store.tables.len() - 1)?)))
    }

    /// The table's type, with its current size as the minimum.
    ///
    /// # Panics
    ///
    /// If the table belongs to another store (as do the other methods
    /// without a `Result`).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        let store = &store.as_context().0.opaque;
        store.tables[self.0.expect_in(store)].current_ty()
    }

    /// Current size in elements.
    pub fn size(&self, store: impl AsContext) -> u64 {
        let store = &store.as_context().0.opaque;
        store.tables[self.0.expect_in(store)].size()
    }

    /// The element at `index`, or `None` if out of bounds.
    pub fn get(&self, mut store: impl AsContextMut, index: u64) -> Option<Ref> {
        let store = &store.as_context_mut().0.opaque;
        let table = &store.tables[self.0.expect_in(store)];
        let raw = table.get(index)?;
        Some(Ref::from_raw(store.id, table.ty().element(), raw))
    }

    /// Sets the element at `index`.
    pub fn set(&self, mut store: impl AsContextMut, index: u64, value: Ref) -> Result<()> {
        let store = &mut store.as_context_mut().0.opaque;
        let t = self.0.index_in(store)?;
        let raw = check_ref(store, &store.tables[t], &value)?;
        if !store.tables[t].set(index, raw) {
            bail!("table index {index} out of bounds");
        }
        Ok(())
    }

    /// Grows the table by `delta` elements set to `init`; the previous size.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Ref) -> Result<u64> {
        let (store, limiter) = store.as_context_mut().0.opaque_and_limiter();
        let t = self.0.index_in(store)?;
        let raw = check_ref(store, &store.tables[t], &init)?;
        limits::grow_table(store, limiter, t as u32, delta, raw)?
            .ok_or_else(|| anyhow!("failed to grow table by {delta} elements"))
    }

    /// Sets `len` elements starting at `dst` to `value`.
    pub fn fill(&self, mut store: impl AsContextMut, dst: u64, value: Ref, len: u64) -> Result<()> {
        let store = &mut store.as_context_mut().0.opaque;
        let t = self.0.index_in(store)?;
        let raw = check_ref(store, &store.tables[t], &value)?;
        Ok(store.table_fill(t as u32, dst, raw, len)?)
    }

    /// Calls the function in slot `index` (Lucet's `run_func_idx`). The
    /// arguments and result count are checked against the function's type;
    /// the function may belong to any instance of the store or be a host
    /// function.
    pub fn call(&self, mut store: impl AsContextMut, index: u64, params: &[Val], results: &mut [Val]) -> Result<()> {
        self.func_at(&mut store, index)?.call(store, params, results)
    }

    /// A typed view of the function in slot `index`, after checking its type
    /// is `Params -> Results`.
    pub fn typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        mut store: impl AsContextMut,
        index: u64,
    ) -> Result<TypedFunc<Params, Results>> {
        self.func_at(&mut store, index)?.typed(&store)
    }

    fn func_at(&self, mut store: impl AsContextMut, index: u64) -> Result<Func> {
        let ctx = store.as_context_mut();
        self.0.index_in(&ctx.0.opaque)?;
        match self.get(ctx, index) {
            None => bail!("table index {index} out of bounds"),
            Some(Ref::Func(Some(f))) => Ok(f),
            Some(Ref::Func(None)) => bail!("table slot {index} is null"),
            Some(Ref::Extern(_) | Ref::Exn(_)) => bail!("table slot {index} does not hold a function"),
        }
    }

    /// Copies `len` elements from `src_table[src_index..]` to
    /// `dst_table[dst_index..]` (the ranges may overlap).
    pub fn copy(
        mut store: impl AsContextMut,
        dst_table: &Table,
        dst_index: u64,
        src_table: &Table,
        src_index: u64,
        len: u64,
    ) -> Result<()> {
        let store = &mut store.as_context_mut().0.opaque;
        let d = dst_table.0.index_in(store)?;
        let s = src_table.0.index_in(store)?;
        let (dty, sty) = (store.tables[d].ty().element(), store.tables[s].ty().element());
        if !sty.matches(dty) {
            bail!("type mismatch: cannot copy {sty} elements into a table of {dty}");
        }
        Ok(store.table_copy(d as u32, s as u32, dst_index, src_index, len)?)
    }
}
