//! [`Store<T>`]: owns all runtime state (instances, memories, tables,
//! globals, functions) plus the embedder's data `T`; and the context traits
//! through which the API borrows it.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{Result, bail};

use crate::controls::StoreHooks;
use crate::engine::Engine;
use crate::func::HostFunc;
use crate::runtime::{StoreId, StoreOpaque};

/// A handle to an item in a store: which store, and the item's index there.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Stored {
    pub store: StoreId,
    pub index: u32,
}

impl Stored {
    pub(crate) fn new(store: &StoreOpaque, index: u32) -> Stored {
        Stored { store: store.id, index }
    }

    /// The index, or an error if the handle belongs to another store.
    pub(crate) fn index_in(&self, store: &StoreOpaque) -> Result<usize> {
        if self.store != store.id {
            bail!("object used with the wrong store");
        }
        Ok(self.index as usize)
    }

    /// The index; for APIs that cannot return an error (as in Wasmtime).
    ///
    /// # Panics
    ///
    /// If the handle belongs to another store.
    pub(crate) fn expect_in(&self, store: &StoreOpaque) -> usize {
        assert!(self.store == store.id, "object used with the wrong store");
        self.index as usize
    }
}

pub(crate) struct StoreInner<T: 'static> {
    pub opaque: StoreOpaque,
    /// Host functions by `FuncKind::Host` index.
    pub host_funcs: Vec<Arc<HostFunc<T>>>,
    /// Linker host functions already added to this store, by definition
    /// address (the store keeps each definition alive, so addresses are
    /// never reused while the entry exists).
    pub linked_host_funcs: HashMap<usize, u32>,
    /// Call hook, epoch callback and resource limiter.
    pub hooks: StoreHooks<T>,
    pub data: T,
}

/// All WebAssembly state of one logical "world": instances and everything
/// they own, plus host data of type `T` that host functions can reach.
///
/// Objects (`Func`, `Memory`, `Instance`, ...) are handles into a store and
/// are only valid with the store that created them. Everything in a store is
/// freed when the store is dropped.
pub struct Store<T: 'static> {
    inner: StoreInner<T>,
}

impl<T: 'static> Store<T> {
    /// A new store for `engine`, holding `data`.
    pub fn new(engine: &Engine, data: T) -> Store<T> {
        Store {
            inner: StoreInner {
                opaque: StoreOpaque::new(engine),
                host_funcs: Vec::new(),
                linked_host_funcs: HashMap::new(),
                hooks: StoreHooks::default(),
                data,
            },
        }
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.inner.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.inner.data
    }

    /// Consumes the store, returning its host data.
    pub fn into_data(self) -> T {
        self.inner.data
    }

    /// The engine this store belongs to.
    pub fn engine(&self) -> &Engine {
        &self.inner.opaque.engine
    }

    pub(crate) fn inner(&self) -> &StoreInner<T> {
        &self.inner
    }

    pub(crate) fn inner_mut(&mut self) -> &mut StoreInner<T> {
        &mut self.inner
    }
}

impl<T: std::fmt::Debug + 'static> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("data", &self.inner.data).finish_non_exhaustive()
    }
}

/// A shared borrow of a store.
pub struct StoreContext<'a, T: 'static>(pub(crate) &'a StoreInner<T>);

/// An exclusive borrow of a store.
pub struct StoreContextMut<'a, T: 'static>(pub(crate) &'a mut StoreInner<T>);

impl<'a, T: 'static> StoreContext<'a, T> {
    /// The host data.
    pub fn data(&self) -> &'a T {
        &self.0.data
    }

    /// The engine.
    pub fn engine(&self) -> &'a Engine {
        &self.0.opaque.engine
    }
}

impl<'a, T: 'static> StoreContextMut<'a, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        &self.0.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.0.data
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.0.opaque.engine
    }
}

/// Types that can lend out a shared borrow of a store: `Store<T>`,
/// `Caller<'_, T>`, the context types, and references to them.
pub trait AsContext {
    /// The store's host data type.
    type Data: 'static;
    /// Borrows the store.
    fn as_context(&self) -> StoreContext<'_, Self::Data>;
}

/// Types that can lend out an exclusive borrow of a store.
pub trait AsContextMut: AsContext {
    /// Borrows the store exclusively.
    fn as_context_mut(&mut self) -> StoreContextMut<'_, Self::Data>;
}

impl<T: 'static> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(&self.inner)
    }
}

impl<T: 'static> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut(&mut self.inner)
    }
}

impl<T: 'static> AsContext for StoreContext<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self.0)
    }
}

impl<T: 'static> AsContext for StoreContextMut<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self.0)
    }
}

impl<T: 'static> AsContextMut for StoreContextMut<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut(self.0)
    }
}

impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}

impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}

impl<C: AsContextMut + ?Sized> AsContextMut for &mut C {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, C::Data> {
        (**self).as_context_mut()
    }
}

impl<'a, T: 'static> From<StoreContextMut<'a, T>> for StoreContext<'a, T> {
    fn from(ctx: StoreContextMut<'a, T>) -> StoreContext<'a, T> {
        StoreContext(ctx.0)
    }
}

impl<'a, T: 'static> From<&'a Store<T>> for StoreContext<'a, T> {
    fn from(store: &'a Store<T>) -> StoreContext<'a, T> {
        StoreContext(&store.inner)
    }
}

impl<'a, T: 'static> From<&'a mut Store<T>> for StoreContext<'a, T> {
    fn from(store: &'a mut Store<T>) -> StoreContext<'a, T> {
        StoreContext(&store.inner)
    }
}

impl<'a, T: 'static> From<&'a mut Store<T>> for StoreContextMut<'a, T> {
    fn from(store: &'a mut Store<T>) -> StoreContextMut<'a, T> {
        StoreContextMut(&mut store.inner)
    }
}
