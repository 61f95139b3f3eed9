//! Exceptions as the embedder sees them, with Wasmtime's API.
//!
//! - [`ExnRef`] is an exception object: a [`Tag`] and the payload values
//!   its type declares. Wasm creates one with each `throw`; the host creates
//!   one with [`ExnRef::new`].
//! - An exception travels through host code as the error
//!   [`ThrownException`], while the exception itself waits in the store's
//!   *pending exception* slot. An exception that wasm throws and nothing
//!   catches makes the call fail with `ThrownException`; the embedder takes
//!   the exception with [`Store::take_pending_exception`] and inspects its
//!   tag and payload. A host function throws by returning the error
//!   [`StoreContextMut::throw`] makes (`caller.as_context_mut().throw(exn)`);
//!   wasm `try_table`s (and legacy `try`s) on the way up can catch it like an
//!   exception thrown in wasm.
//!
//! The store stays usable whatever happens: an exception that is caught, or
//! taken by the embedder, leaves no state behind.

use std::fmt;

use anyhow::{Result, bail};

use crate::runtime::StoreOpaque;
use crate::store::{AsContext, AsContextMut, Store, StoreContextMut, Stored};
use crate::tag::{Tag, TagType};
use crate::types::ValType;
use crate::values::{Rooted, Val};

/// The error a call returns while an exception propagates: the exception
/// itself is the store's pending exception (see the module docs). Find it in
/// an error with `error.downcast_ref::<ThrownException>()` (the error also
/// carries a [`WasmBacktrace`](crate::WasmBacktrace) of the frames the
/// exception left).
#[derive(Debug)]
pub struct ThrownException;

impl std::error::Error for ThrownException {}

impl fmt::Display for ThrownException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("thrown Wasm exception")
    }
}

/// The type of an exception object: the type of its tag.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExnType {
    tag: TagType,
}

impl ExnType {
    /// The type of exceptions of tags of type `tag`.
    pub fn from_tag_type(tag: &TagType) -> Result<ExnType> {
        Ok(ExnType { tag: tag.clone() })
    }

    /// The type of the tags exceptions of this type carry.
    pub fn tag_type(&self) -> TagType {
        self.tag.clone()
    }

    /// The payload's field types.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = ValType> + '_ {
        self.tag.ty().params()
    }
}

/// What [`ExnRef::new`] needs to allocate exceptions of one type (kept for
/// source compatibility with Wasmtime, where it pre-registers the layout).
#[derive(Clone, Debug)]
pub struct ExnRefPre {
    ty: ExnType,
}

impl ExnRefPre {
    /// An allocator for exceptions of type `ty`.
    pub fn new(_store: impl AsContextMut, ty: ExnType) -> ExnRefPre {
        ExnRefPre { ty }
    }
}

/// A reference to an exception object in a store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExnRef(pub(crate) Stored);

impl ExnRef {
    /// A new exception of `tag` carrying `fields`, which must match the
    /// tag's parameter types (and `allocator`'s type).
    pub fn new(
        mut store: impl AsContextMut,
        allocator: &ExnRefPre,
        tag: &Tag,
        fields: &[Val],
    ) -> Result<Rooted<ExnRef>> {
        let store = &mut store.as_context_mut().0.opaque;
        let t = tag.0.index_in(store)?;
        let ty = store.tags[t].clone();
        if ty != allocator.ty.tag {
            bail!("the tag's type {ty} differs from the allocator's exception type {}", allocator.ty.tag);
        }
        let params = ty.ty().param_slice();
        if params.len() != fields.len() {
            bail!("the tag's payload has {} fields, {} values were given", params.len(), fields.len());
        }
        let width = params.iter().map(Val::slot_width).sum::<usize>();
        let mut payload = vec![0u64; width];
        let mut at = 0;
        for (i, (value, ty)) in fields.iter().zip(params).enumerate() {
            value.check(store, ty, format_args!("exception field {i}"))?;
            let w = Val::slot_width(ty);
            value.write_raw(store, &mut payload[at..at + w])?;
            at += w;
        }
        let index = store.exns.alloc(t as u32, &payload)?;
        Ok(ExnRef(Stored::new(store, index)))
    }

    /// The exception's index, checking that it belongs to `store`.
    pub(crate) fn index_in(&self, store: &StoreOpaque) -> Result<u32> {
        let index = self.0.index_in(store)? as u32;
        if !store.exns.contains(index) {
            bail!("internal error: dangling exception reference");
        }
        Ok(index)
    }

    /// The exception's tag.
    pub fn tag(&self, store: impl AsContext) -> Result<Tag> {
        let store = &store.as_context().0.opaque;
        let exn = self.index_in(store)?;
        let Some(tag) = store.exns.tag(exn) else { bail!("internal error: dangling exception reference") };
        Ok(Tag(Stored::new(store, tag)))
    }

    /// The exception's type.
    pub fn ty(&self, store: impl AsContext) -> Result<ExnType> {
        let store = store.as_context();
        let tag = self.tag(&store)?;
        ExnType::from_tag_type(&tag.ty(&store))
    }

    /// The payload values, in order.
    pub fn fields(&self, store: impl AsContext) -> Result<impl ExactSizeIterator<Item = Val> + 'static> {
        let store = &store.as_context().0.opaque;
        let exn = self.index_in(store)?;
        let Some(tag) = store.exns.tag(exn) else { bail!("internal error: dangling exception reference") };
        let payload = store.exns.payload(exn);
        let mut at = 0;
        let mut values = Vec::new();
        for ty in store.tags[tag as usize].ty().params() {
            let w = Val::slot_width(&ty);
            values.push(Val::read_raw(store.id, &ty, payload.get(at..at + w).unwrap_or(&[])));
            at += w;
        }
        Ok(values.into_iter())
    }

    /// Payload value number `index`.
    pub fn field(&self, store: impl AsContext, index: usize) -> Result<Val> {
        let mut fields = self.fields(store)?;
        let count = fields.len();
        match fields.nth(index) {
            Some(value) => Ok(value),
            None => bail!("exception field {index} out of range: the exception has {count} fields"),
        }
    }
}

/// The store side of throwing and catching across host frames.
impl StoreOpaque {
    /// Makes `exn` the pending exception and returns the error that carries
    /// it up the host stack.
    pub(crate) fn throw_exn(&mut self, exn: &ExnRef) -> Result<anyhow::Error> {
        let index = exn.index_in(self)?;
        self.pending_exception = Some(index);
        Ok(anyhow::Error::new(ThrownException))
    }

    /// Takes the pending exception.
    pub(crate) fn take_pending_exception(&mut self) -> Option<ExnRef> {
        let index = self.pending_exception.take()?;
        Some(ExnRef(Stored::new(self, index)))
    }
}

impl<T: 'static> Store<T> {
    /// Makes `exception` the pending exception and returns the error that
    /// throws it: return that error from a host function to throw the
    /// exception into the wasm that called it. (`Err` always; the `R` lets
    /// it stand for any result, as in Wasmtime.)
    pub fn throw<R>(&mut self, exception: Rooted<ExnRef>) -> Result<R> {
        StoreContextMut(self.inner_mut()).throw(exception)
    }

    /// Takes the pending exception: after a call failed with
    /// [`ThrownException`], the exception nothing caught.
    pub fn take_pending_exception(&mut self) -> Option<Rooted<ExnRef>> {
        self.inner_mut().opaque.take_pending_exception()
    }

    /// Is an exception pending (a [`ThrownException`] error on its way up,
    /// or one nobody took yet)?
    pub fn has_pending_exception(&self) -> bool {
        self.inner().opaque.pending_exception.is_some()
    }
}

impl<T: 'static> StoreContextMut<'_, T> {
    /// See [`Store::throw`].
    pub fn throw<R>(&mut self, exception: Rooted<ExnRef>) -> Result<R> {
        Err(self.0.opaque.throw_exn(&exception)?)
    }

    /// See [`Store::take_pending_exception`].
    pub fn take_pending_exception(&mut self) -> Option<Rooted<ExnRef>> {
        self.0.opaque.take_pending_exception()
    }

    /// See [`Store::has_pending_exception`].
    pub fn has_pending_exception(&self) -> bool {
        self.0.opaque.pending_exception.is_some()
    }
}
