//! [`Instance`]: an instantiated module, its exports, and reset.
//!
//! [`init`] instantiates in the spec's order; [`reset`] brings an instance
//! back to its state right after instantiation.

mod init;
mod reset;

pub(crate) use init::instantiate;

use std::sync::Arc;

use anyhow::{Result, anyhow};

use crate::Extern;
use crate::func::{Func, TypedFunc, WasmParams, WasmResults};
use crate::global::Global;
use crate::memory::Memory;
use crate::module::{EntityIndex, Module};
use crate::runtime::{InstanceData, StoreOpaque};
use crate::shared_memory::SharedMemory;
use crate::store::{AsContextMut, StoreContextMut, Stored};
use crate::table::Table;
use crate::tag::Tag;

/// An instantiated module.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Instance(pub(crate) Stored);

/// One export of an instance.
#[derive(Clone, Debug)]
pub struct Export<'instance> {
    name: &'instance str,
    definition: Extern,
}

impl<'instance> Export<'instance> {
    /// The export's name.
    pub fn name(&self) -> &'instance str {
        self.name
    }

    /// The exported item.
    pub fn into_extern(self) -> Extern {
        self.definition
    }

    /// The exported function, if it is one.
    pub fn into_func(self) -> Option<Func> {
        self.definition.into_func()
    }

    /// The exported memory, if it is one.
    pub fn into_memory(self) -> Option<Memory> {
        self.definition.into_memory()
    }

    /// The exported table, if it is one.
    pub fn into_table(self) -> Option<Table> {
        self.definition.into_table()
    }

    /// The exported global, if it is one.
    pub fn into_global(self) -> Option<Global> {
        self.definition.into_global()
    }

    /// The exported tag, if it is one.
    pub fn into_tag(self) -> Option<Tag> {
        self.definition.into_tag()
    }
}

impl Instance {
    /// Instantiates `module` with `imports` given in the module's import order.
    pub fn new(mut store: impl AsContextMut, module: &Module, imports: &[Extern]) -> Result<Instance> {
        instantiate(store.as_context_mut(), module, imports)
    }

    pub(crate) fn from_index(store: &StoreOpaque, index: u32) -> Instance {
        Instance(Stored::new(store, index))
    }

    /// The module this instance was created from.
    ///
    /// # Panics
    ///
    /// If the instance belongs to another store.
    pub fn module<'a, T: 'static>(&self, store: impl Into<crate::StoreContext<'a, T>>) -> &'a Module {
        let inner = store.into().0;
        let store = &inner.opaque;
        &store.instances[self.0.expect_in(store)].module
    }

    /// The export called `name`, if any.
    ///
    /// # Panics
    ///
    /// If the instance belongs to another store.
    pub fn get_export(&self, store: impl AsContextMut, name: &str) -> Option<Extern> {
        let store = &store.as_context().0.opaque;
        let data = &store.instances[self.0.expect_in(store)];
        let info = data.module.info();
        let export = &info.exports[*info.export_names.get(name)?];
        Some(entity_extern(store, data, export.index))
    }

    /// All exports, in the module's order.
    ///
    /// # Panics
    ///
    /// If the instance belongs to another store.
    pub fn exports<'a, T: 'static>(
        &self,
        store: impl Into<StoreContextMut<'a, T>>,
    ) -> impl ExactSizeIterator<Item = Export<'a>> + 'a {
        let inner: &'a crate::store::StoreInner<T> = store.into().0;
        let store = &inner.opaque;
        let data = &store.instances[self.0.expect_in(store)];
        let info = data.module.info();
        info.exports.iter().map(move |e| Export { name: &e.name, definition: entity_extern(store, data, e.index) })
    }

    /// The exported function called `name`, if any.
    pub fn get_func(&self, store: impl AsContextMut, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function called `name`, with its type checked against
    /// `Params -> Results`.
    pub fn get_typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        mut store: impl AsContextMut,
        name: &str,
    ) -> Result<TypedFunc<Params, Results>> {
        let func = self.get_func(&mut store, name).ok_or_else(|| anyhow!("failed to find function export `{name}`"))?;
        func.typed(&store)
    }

    /// The exported memory called `name`, if any.
    pub fn get_memory(&self, store: impl AsContextMut, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported shared memory called `name`, if any.
    pub fn get_shared_memory(&self, store: impl AsContextMut, name: &str) -> Option<SharedMemory> {
        self.get_export(store, name)?.into_shared_memory()
    }

    /// The exported table called `name`, if any.
    pub fn get_table(&self, store: impl AsContextMut, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported global called `name`, if any.
    pub fn get_global(&self, store: impl AsContextMut, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported tag called `name`, if any.
    pub fn get_tag(&self, store: impl AsContextMut, name: &str) -> Option<Tag> {
        self.get_export(store, name)?.into_tag()
    }
}

fn entity_extern(store: &StoreOpaque, data: &InstanceData, index: EntityIndex) -> Extern {
    match index {
        EntityIndex::Func(i) => Extern::Func(Func(Stored::new(store, data.funcs[i as usize]))),
        EntityIndex::Table(i) => Extern::Table(Table(Stored::new(store, data.tables[i as usize]))),
        EntityIndex::Memory(i) => {
            let index = data.memories[i as usize];
            match store.memories[index as usize].shared() {
                Some(shared) => {
                    Extern::SharedMemory(SharedMemory { data: Arc::clone(shared), engine: store.engine.clone() })
                }
                None => Extern::Memory(Memory(Stored::new(store, index))),
            }
        }
        EntityIndex::Global(i) => Extern::Global(Global(Stored::new(store, data.globals[i as usize]))),
        EntityIndex::Tag(i) => Extern::Tag(Tag(Stored::new(store, data.tags[i as usize]))),
    }
}
