//! Statically typed calls: Rust types that map to wasm value types
//! ([`WasmTy`]), tuples of them ([`WasmParams`], [`WasmResults`]) and
//! [`TypedFunc`], which calls wasm without going through [`Val`](crate::Val).

use std::marker::PhantomData;

use anyhow::{Result, anyhow, bail};

use super::{Func, invoke};
use crate::runtime::{StoreId, StoreOpaque};
use crate::store::{AsContextMut, Stored};
use crate::types::{FuncType, HeapType, RefType, ValType};
use crate::values::{ExternRef, Ref, V128, Val};

mod private {
    /// Seals the typed-value traits: only Kiln implements them.
    pub trait Sealed {}
}

/// A Rust type that corresponds to one wasm value type.
pub trait WasmTy: private::Sealed + Send + 'static {
    /// The wasm type.
    #[doc(hidden)]
    fn valtype() -> ValType;
    /// Slots the value occupies.
    #[doc(hidden)]
    fn width() -> usize {
        1
    }
    /// Encodes the value into slots (`out` is at least `width()` long).
    #[doc(hidden)]
    fn store_raw(self, store: StoreId, out: &mut [u64]) -> Result<()>;
    /// Decodes the value from slots.
    #[doc(hidden)]
    fn load_raw(store: StoreId, raw: &[u64]) -> Result<Self>
    where
        Self: Sized;
}

fn first(raw: &[u64]) -> Result<u64> {
    raw.first().copied().ok_or_else(|| anyhow!("internal error: missing value slot"))
}

fn put(out: &mut [u64], v: u64) -> Result<()> {
    *out.first_mut().ok_or_else(|| anyhow!("internal error: missing value slot"))? = v;
    Ok(())
}

macro_rules! scalar_ty {
    ($($t:ty => $vt:expr, |$v:ident| $to:expr, |$b:ident| $from:expr;)*) => {$(
        impl private::Sealed for $t {}
        impl WasmTy for $t {
            fn valtype() -> ValType { $vt }
            fn store_raw(self, _store: StoreId, out: &mut [u64]) -> Result<()> {
                let $v = self;
                put(out, $to)
            }
            fn load_raw(_store: StoreId, raw: &[u64]) -> Result<Self> {
                let $b = first(raw)?;
                Ok($from)
            }
        }
    )*};
}

scalar_ty! {
    i32 => ValType::I32, |v| u64::from(v as u32), |b| b as u32 as i32;
    u32 => ValType::I32, |v| u64::from(v), |b| b as u32;
    i64 => ValType::I64, |v| v as u64, |b| b as i64;
    u64 => ValType::I64, |v| v, |b| b;
    f32 => ValType::F32, |v| u64::from(v.to_bits()), |b| f32::from_bits(b as u32);
    f64 => ValType::F64, |v| v.to_bits(), |b| f64::from_bits(b);
}

impl private::Sealed for V128 {}
impl WasmTy for V128 {
    fn valtype() -> ValType {
        ValType::V128
    }
    fn width() -> usize {
        2
    }
    fn store_raw(self, _store: StoreId, out: &mut [u64]) -> Result<()> {
        let bits = self.as_u128();
        match out {
            [lo, hi, ..] => {
                (*lo, *hi) = (bits as u64, (bits >> 64) as u64);
                Ok(())
            }
            _ => bail!("internal error: missing value slot"),
        }
    }
    fn load_raw(_store: StoreId, raw: &[u64]) -> Result<Self> {
        match raw {
            [lo, hi, ..] => Ok(V128::from(u128::from(*lo) | (u128::from(*hi) << 64))),
            _ => bail!("internal error: missing value slot"),
        }
    }
}

fn handle_raw(store: StoreId, handle: Stored) -> Result<u64> {
    if handle.store != store {
        bail!("object used with the wrong store");
    }
    Ok(u64::from(handle.index) + 1)
}

fn raw_handle(store: StoreId, raw: u64) -> Option<Stored> {
    raw.checked_sub(1).map(|i| Stored { store, index: i as u32 })
}

impl private::Sealed for Option<Func> {}
impl WasmTy for Option<Func> {
    fn valtype() -> ValType {
        ValType::FUNCREF
    }
    fn store_raw(self, store: StoreId, out: &mut [u64]) -> Result<()> {
        put(out, self.map_or(Ok(0), |f| handle_raw(store, f.0))?)
    }
    fn load_raw(store: StoreId, raw: &[u64]) -> Result<Self> {
        Ok(raw_handle(store, first(raw)?).map(Func))
    }
}

impl private::Sealed for Func {}
impl WasmTy for Func {
    fn valtype() -> ValType {
        ValType::Ref(RefType::new(false, HeapType::Func))
    }
    fn store_raw(self, store: StoreId, out: &mut [u64]) -> Result<()> {
        put(out, handle_raw(store, self.0)?)
    }
    fn load_raw(store: StoreId, raw: &[u64]) -> Result<Self> {
        raw_handle(store, first(raw)?).map(Func).ok_or_else(|| anyhow!("unexpected null function reference"))
    }
}

impl private::Sealed for Option<ExternRef> {}
impl WasmTy for Option<ExternRef> {
    fn valtype() -> ValType {
        ValType::EXTERNREF
    }
    fn store_raw(self, store: StoreId, out: &mut [u64]) -> Result<()> {
        put(out, self.map_or(Ok(0), |e| handle_raw(store, e.0))?)
    }
    fn load_raw(store: StoreId, raw: &[u64]) -> Result<Self> {
        Ok(raw_handle(store, first(raw)?).map(ExternRef))
    }
}

impl private::Sealed for ExternRef {}
impl WasmTy for ExternRef {
    fn valtype() -> ValType {
        ValType::Ref(RefType::new(false, HeapType::Extern))
    }
    fn store_raw(self, store: StoreId, out: &mut [u64]) -> Result<()> {
        put(out, handle_raw(store, self.0)?)
    }
    fn load_raw(store: StoreId, raw: &[u64]) -> Result<Self> {
        raw_handle(store, first(raw)?).map(ExternRef).ok_or_else(|| anyhow!("unexpected null extern reference"))
    }
}

/// A list of wasm values as Rust: `()`, a single [`WasmTy`], or a tuple of them.
pub trait WasmParams: Send + Sized {
    /// The wasm types, in order.
    #[doc(hidden)]
    fn valtypes() -> Vec<ValType>;
    /// Total slots.
    #[doc(hidden)]
    fn width() -> usize;
    /// Encodes the values into consecutive slots.
    #[doc(hidden)]
    fn store_raw(self, store: StoreId, out: &mut [u64]) -> Result<()>;
    /// Decodes the values from consecutive slots.
    #[doc(hidden)]
    fn load_raw(store: StoreId, raw: &[u64]) -> Result<Self>;
}

/// Results of a typed call: the same shapes as [`WasmParams`].
pub trait WasmResults: WasmParams {}
impl<T: WasmParams> WasmResults for T {}

impl<T: WasmTy> WasmParams for T {
    fn valtypes() -> Vec<ValType> {
        vec![T::valtype()]
    }
    fn width() -> usize {
        <T as WasmTy>::width()
    }
    fn store_raw(self, store: StoreId, out: &mut [u64]) -> Result<()> {
        WasmTy::store_raw(self, store, out)
    }
    fn load_raw(store: StoreId, raw: &[u64]) -> Result<Self> {
        <T as WasmTy>::load_raw(store, raw)
    }
}

macro_rules! tuple_params {
    ($($t:ident)*) => {
        #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
        impl<$($t: WasmTy),*> WasmParams for ($($t,)*) {
            fn valtypes() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            fn width() -> usize {
                0 $(+ <$t as WasmTy>::width())*
            }
            fn store_raw(self, store: StoreId, out: &mut [u64]) -> Result<()> {
                let ($($t,)*) = self;
                let mut at = 0;
                $(
                    let Some(slots) = out.get_mut(at..) else { bail!("internal error: missing value slot") };
                    $t.store_raw(store, slots)?;
                    at += <$t as WasmTy>::width();
                )*
                Ok(())
            }
            fn load_raw(store: StoreId, raw: &[u64]) -> Result<Self> {
                let mut at = 0;
                $(
                    let $t = <$t as WasmTy>::load_raw(store, raw.get(at..).unwrap_or_default())?;
                    at += <$t as WasmTy>::width();
                )*
                Ok(($($t,)*))
            }
        }
    };
}

tuple_params!();
tuple_params!(A1);
tuple_params!(A1 A2);
tuple_params!(A1 A2 A3);
tuple_params!(A1 A2 A3 A4);
tuple_params!(A1 A2 A3 A4 A5);
tuple_params!(A1 A2 A3 A4 A5 A6);
tuple_params!(A1 A2 A3 A4 A5 A6 A7);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8 A9);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15 A16);

/// A function whose type was checked once, called with Rust values.
///
/// A parameter of a concrete function reference type (`(ref $t)`,
/// `(ref null $t)`) may be given as `Func` (or `Option<Func>` if nullable);
/// such arguments are then checked against the type at each call, as in
/// Wasmtime.
pub struct TypedFunc<Params, Results> {
    func: Func,
    width: usize,
    /// Does a parameter of a concrete function reference type take an
    /// abstract Rust type (`Func`, `Option<Func>`)? Then each call checks
    /// the argument's type, as Wasmtime does.
    check_refs: bool,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, R> Copy for TypedFunc<P, R> {}

impl<P, R> std::fmt::Debug for TypedFunc<P, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedFunc").field("func", &self.func).finish()
    }
}

/// Can a Rust value of type `rust` be passed where wasm expects `wasm`
/// after a check at each call? Yes for an abstract function reference
/// (`Func`, `Option<Func>`) passed as a concrete one of compatible
/// nullability.
fn checked_at_call(rust: &ValType, wasm: &ValType) -> bool {
    match (rust, wasm) {
        (ValType::Ref(rust), ValType::Ref(wasm)) => {
            rust.heap_type() == &HeapType::Func
                && wasm.heap_type().is_concrete()
                && (wasm.is_nullable() || !rust.is_nullable())
        }
        _ => false,
    }
}

/// Checks the arguments in `raw` of a concrete function reference type
/// against store function `index`'s parameter types.
fn check_concrete_args(store: &StoreOpaque, index: usize, raw: &[u64]) -> Result<()> {
    let ty = store.engine.sig_type(store.funcs[index].sig);
    let mut at = 0;
    for (i, param) in ty.param_slice().iter().enumerate() {
        if let ValType::Ref(r) = param
            && r.heap_type().is_concrete()
        {
            let value = Ref::from_raw(store.id, r, raw.get(at).copied().unwrap_or_default());
            if !value.matches(store, r)? {
                bail!("type mismatch: argument {i} does not fit {r}");
            }
        }
        at += Val::slot_width(param);
    }
    Ok(())
}

fn describe(tys: &[ValType]) -> String {
    let names: Vec<String> = tys.iter().map(ToString::to_string).collect();
    format!("({})", names.join(", "))
}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    pub(crate) fn new(func: Func, ty: &FuncType) -> Result<Self> {
        let params = P::valtypes();
        let results = R::valtypes();
        let params_ok = params.len() == ty.param_slice().len()
            && params
                .iter()
                .zip(ty.param_slice())
                .all(|(rust, wasm)| rust.matches(wasm) || checked_at_call(rust, wasm));
        let results_ok = results.len() == ty.result_slice().len()
            && results.iter().zip(ty.result_slice()).all(|(rust, wasm)| wasm.matches(rust));
        if !params_ok || !results_ok {
            bail!(
                "type mismatch: function has type {ty}, but was used as {} -> {}",
                describe(&params),
                describe(&results)
            );
        }
        let check_refs = params.iter().zip(ty.param_slice()).any(|(rust, wasm)| !rust.matches(wasm));
        Ok(TypedFunc { func, width: P::width().max(R::width()), check_refs, _marker: PhantomData })
    }

    /// The underlying function.
    pub fn func(&self) -> &Func {
        &self.func
    }

    /// Calls the function.
    pub fn call(&self, mut store: impl AsContextMut, params: P) -> Result<R> {
        let store = store.as_context_mut().0;
        let index = self.func.0.index_in(&store.opaque)?;
        let id = store.opaque.id;
        let mut small = [0u64; 8];
        let mut large = Vec::new();
        let raw: &mut [u64] = if self.width <= small.len() {
            &mut small[..self.width]
        } else {
            large.resize(self.width, 0);
            &mut large
        };
        params.store_raw(id, raw)?;
        if self.check_refs {
            check_concrete_args(&store.opaque, index, raw)?;
        }
        invoke(store, index as u32, raw)?;
        R::load_raw(id, raw)
    }
}
