//! [`Extern`]: any importable or exportable item.

use anyhow::Result;

use crate::func::Func;
use crate::global::Global;
use crate::memory::Memory;
use crate::runtime::StoreOpaque;
use crate::shared_memory::SharedMemory;
use crate::store::AsContext;
use crate::table::Table;
use crate::tag::Tag;
use crate::types::ExternType;

/// A function, global, table, memory, shared memory or tag: what imports and
/// exports refer to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A global.
    Global(Global),
    /// A table.
    Table(Table),
    /// A linear memory.
    Memory(Memory),
    /// A shared linear memory (threads proposal).
    SharedMemory(SharedMemory),
    /// An exception tag.
    Tag(Tag),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        if let Extern::Func(f) = self { Some(f) } else { None }
    }

    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        if let Extern::Global(g) = self { Some(g) } else { None }
    }

    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        if let Extern::Table(t) = self { Some(t) } else { None }
    }

    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        if let Extern::Memory(m) = self { Some(m) } else { None }
    }

    /// The shared memory, if this is one.
    pub fn into_shared_memory(self) -> Option<SharedMemory> {
        if let Extern::SharedMemory(m) = self { Some(m) } else { None }
    }

    /// The tag, if this is one.
    pub fn into_tag(self) -> Option<Tag> {
        if let Extern::Tag(t) = self { Some(t) } else { None }
    }

    /// The item's current type.
    ///
    /// # Panics
    ///
    /// If the item belongs to another store.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        let store = &store.as_context().0.opaque;
        match self.ty_in(store) {
            Ok(ty) => ty,
            Err(e) => panic!("{e}"),
        }
    }

    /// The item's current type, or an error if it belongs to another store.
    pub(crate) fn ty_in(&self, store: &StoreOpaque) -> Result<ExternType> {
        Ok(match self {
            Extern::Func(f) => {
                let sig = store.funcs[f.0.index_in(store)?].sig;
                ExternType::Func(store.engine.sig_type(sig))
            }
            Extern::Global(g) => ExternType::Global(store.globals[g.0.index_in(store)?].ty.clone()),
            Extern::Table(t) => ExternType::Table(store.tables[t.0.index_in(store)?].current_ty()),
            Extern::Memory(m) => ExternType::Memory(store.memories[m.0.index_in(store)?].current_ty()),
            Extern::SharedMemory(m) => ExternType::Memory(m.ty()),
            Extern::Tag(t) => ExternType::Tag(store.tags[t.0.index_in(store)?].clone()),
        })
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Extern {
        Extern::Func(f)
    }
}

impl From<Global> for Extern {
    fn from(g: Global) -> Extern {
        Extern::Global(g)
    }
}

impl From<Table> for Extern {
    fn from(t: Table) -> Extern {
        Extern::Table(t)
    }
}

impl From<Memory> for Extern {
    fn from(m: Memory) -> Extern {
        Extern::Memory(m)
    }
}

impl From<SharedMemory> for Extern {
    fn from(m: SharedMemory) -> Extern {
        Extern::SharedMemory(m)
    }
}

impl From<Tag> for Extern {
    fn from(t: Tag) -> Extern {
        Extern::Tag(t)
    }
}
