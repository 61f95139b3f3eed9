//! [`Global`]: a global variable as the embedder sees it.

use anyhow::{Result, bail};

use crate::runtime::GlobalInstance;
use crate::store::{AsContext, AsContextMut, Stored};
use crate::types::{GlobalType, Mutability};
use crate::values::Val;

/// A global in a store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Global(pub(crate) Stored);

impl Global {
    /// A new global of type `ty` holding `value`.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, value: Val) -> Result<Global> {
        let store = &mut store.as_context_mut().0.opaque;
        value.check(store, ty.content(), "global initial value")?;
        let raw = value.to_raw128(store)?;
        store.globals.push(GlobalInstance { ty, value: raw });
        Ok(Global(Stored::new(store, u32::try_from(store.globals.len() - 1)?)))
    }

    /// The global's type.
    ///
    /// # Panics
    ///
    /// If the global belongs to another store (as does `get`).
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let store = &store.as_context().0.opaque;
        store.globals[self.0.expect_in(store)].ty.clone()
    }

    /// The current value.
    pub fn get(&self, mut store: impl AsContextMut) -> Val {
        let store = &store.as_context_mut().0.opaque;
        let global = &store.globals[self.0.expect_in(store)];
        Val::from_raw128(store.id, global.ty.content(), global.value)
    }

    /// Sets the value; fails for immutable globals and mismatched types.
    pub fn set(&self, mut store: impl AsContextMut, value: Val) -> Result<()> {
        let store = &mut store.as_context_mut().0.opaque;
        let g = self.0.index_in(store)?;
        let ty = store.globals[g].ty.clone();
        if ty.mutability() == Mutability::Const {
            bail!("immutable global cannot be set");
        }
        value.check(store, ty.content(), "global value")?;
        store.globals[g].value = value.to_raw128(store)?;
        Ok(())
    }
}
