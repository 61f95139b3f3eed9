//! Runtime values as the embedder sees them ([`Val`], [`Ref`], [`V128`],
//! [`ExternRef`]) and their conversion to and from interpreter slots.

use std::any::Any;
use std::fmt;

use anyhow::{Result, bail};

use crate::exception::ExnRef;
use crate::func::Func;
use crate::runtime::{StoreId, StoreOpaque};
use crate::store::{AsContext, AsContextMut, StoreContext, Stored};
use crate::types::{HeapType, RefType, ValType};

/// A 128-bit SIMD vector value.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct V128(u128);

impl V128 {
    /// The vector's bits as a little-endian `u128`.
    pub fn as_u128(&self) -> u128 {
        self.0
    }
}

impl From<u128> for V128 {
    fn from(bits: u128) -> V128 {
        V128(bits)
    }
}

impl From<V128> for u128 {
    fn from(v: V128) -> u128 {
        v.0
    }
}

/// Kiln's references live as long as their store, so no rooting is needed;
/// this alias keeps signatures written against Wasmtime compiling.
pub type Rooted<T> = T;

/// An opaque host value passed to and from wasm as an `externref`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExternRef(pub(crate) Stored);

impl ExternRef {
    /// Wraps `value` in a new extern reference owned by `store`.
    ///
    /// The value lives until the store is dropped.
    pub fn new<T: Any + Send + Sync>(mut store: impl AsContextMut, value: T) -> Result<Rooted<ExternRef>> {
        let store = &mut store.as_context_mut().0.opaque;
        store.externrefs.push(Box::new(value));
        let index = u32::try_from(store.externrefs.len() - 1)?;
        Ok(ExternRef(Stored::new(store, index)))
    }

    /// The host value inside the reference.
    pub fn data<'a, T: 'static>(
        &self,
        store: impl Into<StoreContext<'a, T>>,
    ) -> Result<Option<&'a (dyn Any + Send + Sync)>> {
        let store = store.into().0;
        let index = self.0.index_in(&store.opaque)?;
        Ok(Some(&*store.opaque.externrefs[index]))
    }
}

/// A reference value: a function, a host reference, an exception, or null.
#[derive(Clone, Debug, PartialEq)]
pub enum Ref {
    /// A function reference, or null.
    Func(Option<Func>),
    /// An extern reference, or null.
    Extern(Option<ExternRef>),
    /// An exception reference, or null.
    Exn(Option<ExnRef>),
}

impl Ref {
    /// Is this reference null?
    pub fn is_null(&self) -> bool {
        matches!(self, Ref::Func(None) | Ref::Extern(None) | Ref::Exn(None))
    }

    /// The function, if this is a non-null function reference.
    pub fn as_func(&self) -> Option<&Func> {
        match self {
            Ref::Func(Some(f)) => Some(f),
            _ => None,
        }
    }

    /// The extern reference, if this is a non-null one.
    pub fn as_extern(&self) -> Option<&ExternRef> {
        match self {
            Ref::Extern(Some(e)) => Some(e),
            _ => None,
        }
    }

    /// The exception reference, if this is a non-null one.
    pub fn as_exn(&self) -> Option<&ExnRef> {
        match self {
            Ref::Exn(Some(e)) => Some(e),
            _ => None,
        }
    }

    /// A null reference of the given heap type's hierarchy.
    pub(crate) fn null_of(heap: &HeapType) -> Ref {
        match heap.top() {
            HeapType::Extern => Ref::Extern(None),
            HeapType::Exn => Ref::Exn(None),
            _ => Ref::Func(None),
        }
    }

    /// Does this reference fit type `ty` in `store`?
    pub(crate) fn matches(&self, store: &StoreOpaque, ty: &RefType) -> Result<bool> {
        Ok(match self {
            Ref::Func(None) | Ref::Extern(None) | Ref::Exn(None) => {
                ty.is_nullable() && ty.heap_type().top() == self.hierarchy()
            }
            Ref::Func(Some(f)) => {
                let sig = store.funcs[f.0.index_in(store)?].sig;
                match ty.heap_type() {
                    HeapType::Func => true,
                    HeapType::ConcreteFunc(expected) => store.engine.sig_type(sig).matches(expected),
                    _ => false,
                }
            }
            Ref::Extern(Some(e)) => {
                e.0.index_in(store)?;
                ty.heap_type() == &HeapType::Extern
            }
            Ref::Exn(Some(e)) => {
                e.index_in(store)?;
                ty.heap_type() == &HeapType::Exn
            }
        })
    }

    fn hierarchy(&self) -> HeapType {
        match self {
            Ref::Func(_) => HeapType::Func,
            Ref::Extern(_) => HeapType::Extern,
            Ref::Exn(_) => HeapType::Exn,
        }
    }

    /// The slot representation: 0 for null, otherwise store index plus one.
    pub(crate) fn to_raw(&self, store: &StoreOpaque) -> Result<u64> {
        Ok(match self {
            Ref::Func(None) | Ref::Extern(None) | Ref::Exn(None) => 0,
            Ref::Func(Some(f)) => f.0.index_in(store)? as u64 + 1,
            Ref::Extern(Some(e)) => e.0.index_in(store)? as u64 + 1,
            Ref::Exn(Some(e)) => u64::from(e.index_in(store)?) + 1,
        })
    }

    /// Decodes the slot representation of a reference of type `ty`.
    pub(crate) fn from_raw(store: StoreId, ty: &RefType, raw: u64) -> Ref {
        let handle = raw.checked_sub(1).map(|i| Stored { store, index: i as u32 });
        match ty.heap_type().top() {
            HeapType::Extern => Ref::Extern(handle.map(ExternRef)),
            HeapType::Exn => Ref::Exn(handle.map(ExnRef)),
            _ => Ref::Func(handle.map(Func)),
        }
    }
}

impl From<Func> for Ref {
    fn from(f: Func) -> Ref {
        Ref::Func(Some(f))
    }
}

impl From<Option<Func>> for Ref {
    fn from(f: Option<Func>) -> Ref {
        Ref::Func(f)
    }
}

impl From<ExternRef> for Ref {
    fn from(e: ExternRef) -> Ref {
        Ref::Extern(Some(e))
    }
}

impl From<Option<ExternRef>> for Ref {
    fn from(e: Option<ExternRef>) -> Ref {
        Ref::Extern(e)
    }
}

/// A WebAssembly value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`, as its bit pattern (so NaN payloads are preserved).
    F32(u32),
    /// An `f64`, as its bit pattern.
    F64(u64),
    /// A `v128`.
    V128(V128),
    /// A `funcref` (or any function reference type).
    FuncRef(Option<Func>),
    /// An `externref`.
    ExternRef(Option<ExternRef>),
    /// An `exnref`.
    ExnRef(Option<ExnRef>),
}

impl Val {
    /// A null `funcref`.
    pub fn null_func_ref() -> Val {
        Val::FuncRef(None)
    }

    /// A null `externref`.
    pub fn null_extern_ref() -> Val {
        Val::ExternRef(None)
    }

    /// The zero / null value of a type.
    pub fn default_for_ty(ty: &ValType) -> Option<Val> {
        Some(match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(V128(0)),
            ValType::Ref(r) if r.is_nullable() => Ref::null_of(r.heap_type()).into(),
            ValType::Ref(_) => return None,
        })
    }

    /// The value's type (reference values report `funcref` / `externref`).
    pub fn ty(&self, store: impl AsContext) -> Result<ValType> {
        let store = &store.as_context().0.opaque;
        Ok(match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(f) => {
                if let Some(f) = f {
                    f.0.index_in(store)?;
                }
                ValType::FUNCREF
            }
            Val::ExternRef(e) => {
                if let Some(e) = e {
                    e.0.index_in(store)?;
                }
                ValType::EXTERNREF
            }
            Val::ExnRef(e) => {
                if let Some(e) = e {
                    e.index_in(store)?;
                }
                ValType::EXNREF
            }
        })
    }

    /// The `i32`, if this is one.
    pub fn i32(&self) -> Option<i32> {
        if let Val::I32(v) = self { Some(*v) } else { None }
    }

    /// The `i64`, if this is one.
    pub fn i64(&self) -> Option<i64> {
        if let Val::I64(v) = self { Some(*v) } else { None }
    }

    /// The `f32`, if this is one.
    pub fn f32(&self) -> Option<f32> {
        if let Val::F32(v) = self { Some(f32::from_bits(*v)) } else { None }
    }

    /// The `f64`, if this is one.
    pub fn f64(&self) -> Option<f64> {
        if let Val::F64(v) = self { Some(f64::from_bits(*v)) } else { None }
    }

    /// The `v128`, if this is one.
    pub fn v128(&self) -> Option<V128> {
        if let Val::V128(v) = self { Some(*v) } else { None }
    }

    /// The function reference, if this is one (`Some(None)` for null).
    pub fn func_ref(&self) -> Option<Option<&Func>> {
        if let Val::FuncRef(f) = self { Some(f.as_ref()) } else { None }
    }

    /// The extern reference, if this is one (`Some(None)` for null).
    pub fn extern_ref(&self) -> Option<Option<&ExternRef>> {
        if let Val::ExternRef(e) = self { Some(e.as_ref()) } else { None }
    }

    /// The exception reference, if this is one (`Some(None)` for null).
    pub fn exn_ref(&self) -> Option<Option<&ExnRef>> {
        if let Val::ExnRef(e) = self { Some(e.as_ref()) } else { None }
    }

    /// The reference, if this is one.
    pub fn ref_(&self) -> Option<Ref> {
        match self {
            Val::FuncRef(f) => Some(Ref::Func(*f)),
            Val::ExternRef(e) => Some(Ref::Extern(*e)),
            Val::ExnRef(e) => Some(Ref::Exn(*e)),
            _ => None,
        }
    }

    /// The `i32`; panics if this is not one.
    pub fn unwrap_i32(&self) -> i32 {
        self.i32().expect("expected an i32 value")
    }

    /// The `i64`; panics if this is not one.
    pub fn unwrap_i64(&self) -> i64 {
        self.i64().expect("expected an i64 value")
    }

    /// The `f32`; panics if this is not one.
    pub fn unwrap_f32(&self) -> f32 {
        self.f32().expect("expected an f32 value")
    }

    /// The `f64`; panics if this is not one.
    pub fn unwrap_f64(&self) -> f64 {
        self.f64().expect("expected an f64 value")
    }

    /// Does this value fit type `ty` in `store`?
    pub(crate) fn matches(&self, store: &StoreOpaque, ty: &ValType) -> Result<bool> {
        Ok(match (self, ty) {
            (Val::I32(_), ValType::I32)
            | (Val::I64(_), ValType::I64)
            | (Val::F32(_), ValType::F32)
            | (Val::F64(_), ValType::F64)
            | (Val::V128(_), ValType::V128) => true,
            (Val::FuncRef(_) | Val::ExternRef(_) | Val::ExnRef(_), ValType::Ref(r)) => self.ref_().is_some_and(|v| {
                // `matches` only errs for foreign handles; treat those as a mismatch here
                // and let the caller's `to_raw` report the precise error.
                v.matches(store, r).unwrap_or(false)
            }),
            _ => false,
        })
    }

    /// Checks the value against `ty`, with an error naming what was expected.
    pub(crate) fn check(&self, store: &StoreOpaque, ty: &ValType, what: impl fmt::Display) -> Result<()> {
        if let Some(r) = self.ref_() {
            r.to_raw(store)?;
        }
        if !self.matches(store, ty)? {
            bail!("type mismatch for {what}: expected {ty}, got {}", self.kind_name());
        }
        Ok(())
    }

    fn kind_name(&self) -> &'static str {
        match self {
            Val::I32(_) => "i32",
            Val::I64(_) => "i64",
            Val::F32(_) => "f32",
            Val::F64(_) => "f64",
            Val::V128(_) => "v128",
            Val::FuncRef(None) => "null funcref",
            Val::FuncRef(Some(_)) => "funcref",
            Val::ExternRef(None) => "null externref",
            Val::ExternRef(Some(_)) => "externref",
            Val::ExnRef(None) => "null exnref",
            Val::ExnRef(Some(_)) => "exnref",
        }
    }

    /// Number of slots a value of type `ty` occupies.
    pub(crate) fn slot_width(ty: &ValType) -> usize {
        if *ty == ValType::V128 { 2 } else { 1 }
    }

    /// Writes the slot representation into `out` (one slot, two for `v128`).
    pub(crate) fn write_raw(&self, store: &StoreOpaque, out: &mut [u64]) -> Result<()> {
        let Some(first) = out.first_mut() else { bail!("internal error: no room for a value") };
        *first = match self {
            Val::I32(v) => u64::from(*v as u32),
            Val::I64(v) => *v as u64,
            Val::F32(v) => u64::from(*v),
            Val::F64(v) => *v,
            Val::V128(v) => {
                let Some(second) = out.get_mut(1) else { bail!("internal error: no room for a v128") };
                *second = (v.0 >> 64) as u64;
                out[0] = v.0 as u64;
                return Ok(());
            }
            Val::FuncRef(f) => Ref::Func(*f).to_raw(store)?,
            Val::ExternRef(e) => Ref::Extern(*e).to_raw(store)?,
            Val::ExnRef(e) => Ref::Exn(*e).to_raw(store)?,
        };
        Ok(())
    }

    /// Reads a value of type `ty` from its slot representation.
    pub(crate) fn read_raw(store: StoreId, ty: &ValType, raw: &[u64]) -> Val {
        let lo = raw.first().copied().unwrap_or(0);
        match ty {
            ValType::I32 => Val::I32(lo as u32 as i32),
            ValType::I64 => Val::I64(lo as i64),
            ValType::F32 => Val::F32(lo as u32),
            ValType::F64 => Val::F64(lo),
            ValType::V128 => {
                let hi = raw.get(1).copied().unwrap_or(0);
                Val::V128(V128(u128::from(lo) | (u128::from(hi) << 64)))
            }
            ValType::Ref(r) => Ref::from_raw(store, r, lo).into(),
        }
    }

    /// The value as a `u128` in the global representation.
    pub(crate) fn to_raw128(&self, store: &StoreOpaque) -> Result<u128> {
        let mut raw = [0u64; 2];
        self.write_raw(store, &mut raw)?;
        Ok(u128::from(raw[0]) | (u128::from(raw[1]) << 64))
    }

    /// Reads a value from the global representation.
    pub(crate) fn from_raw128(store: StoreId, ty: &ValType, raw: u128) -> Val {
        Val::read_raw(store, ty, &[raw as u64, (raw >> 64) as u64])
    }
}

impl From<Ref> for Val {
    fn from(r: Ref) -> Val {
        match r {
            Ref::Func(f) => Val::FuncRef(f),
            Ref::Extern(e) => Val::ExternRef(e),
            Ref::Exn(e) => Val::ExnRef(e),
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}

impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}

impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}

impl From<V128> for Val {
    fn from(v: V128) -> Val {
        Val::V128(v)
    }
}

impl From<Func> for Val {
    fn from(f: Func) -> Val {
        Val::FuncRef(Some(f))
    }
}

impl From<Option<Func>> for Val {
    fn from(f: Option<Func>) -> Val {
        Val::FuncRef(f)
    }
}

impl From<ExternRef> for Val {
    fn from(e: ExternRef) -> Val {
        Val::ExternRef(Some(e))
    }
}

impl From<Option<ExternRef>> for Val {
    fn from(e: Option<ExternRef>) -> Val {
        Val::ExternRef(e)
    }
}

impl From<ExnRef> for Val {
    fn from(e: ExnRef) -> Val {
        Val::ExnRef(Some(e))
    }
}

impl From<Option<ExnRef>> for Val {
    fn from(e: Option<ExnRef>) -> Val {
        Val::ExnRef(e)
    }
}
