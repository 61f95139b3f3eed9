//! Turning Rust closures into host functions: [`IntoFunc`] is implemented
//! for closures of up to 16 [`WasmTy`] parameters, with or without a leading
//! [`Caller`], returning a [`WasmRet`] (values or `Result` of values).

use anyhow::Result;

use super::typed::{WasmParams, WasmResults, WasmTy};
use super::{Caller, HostFunc};
use crate::engine::Engine;
use crate::types::{FuncType, ValType};

/// What a host closure may return: results, or `Result` of results (an
/// error becomes a trap-like failure of the wasm call).
pub trait WasmRet: Send {
    /// The results carried.
    #[doc(hidden)]
    type Results: WasmResults;
    /// Separates success from failure.
    #[doc(hidden)]
    fn into_result(self) -> Result<Self::Results>;
}

impl<R: WasmResults> WasmRet for R {
    type Results = R;
    fn into_result(self) -> Result<R> {
        Ok(self)
    }
}

impl<R: WasmResults> WasmRet for Result<R> {
    type Results = R;
    fn into_result(self) -> Result<R> {
        self
    }
}

/// The pieces of a host function: parameter types, result types and the
/// raw-slot closure.
#[doc(hidden)]
pub type HostFuncParts<T> =
    (Vec<ValType>, Vec<ValType>, Box<dyn Fn(Caller<'_, T>, &mut [u64]) -> Result<()> + Send + Sync>);

/// Closures usable as host functions (see [`Func::wrap`](super::Func::wrap)
/// and [`Linker::func_wrap`](crate::Linker::func_wrap)).
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// Splits the closure into its type and raw calling convention.
    #[doc(hidden)]
    fn into_parts(self) -> HostFuncParts<T>;
}

/// Builds the host function definition of a closure.
pub(crate) fn host_func<T: 'static, P, R>(engine: &Engine, func: impl IntoFunc<T, P, R>) -> Result<HostFunc<T>> {
    let (params, results, call) = func.into_parts();
    HostFunc::new(engine, FuncType::from_parts(params, results), call)
}

macro_rules! into_func {
    ($($a:ident)*) => {
        #[allow(non_snake_case, unused_variables)]
        impl<T: 'static, F, $($a: WasmTy,)* R: WasmRet> IntoFunc<T, ($($a,)*), R> for F
        where
            F: Fn($($a),*) -> R + Send + Sync + 'static,
        {
            fn into_parts(self) -> HostFuncParts<T> {
                let call = move |caller: Caller<'_, T>, raw: &mut [u64]| -> Result<()> {
                    let id = caller.store.0.opaque.id;
                    let ($($a,)*) = <($($a,)*) as WasmParams>::load_raw(id, raw)?;
                    let results = (self)($($a),*).into_result()?;
                    results.store_raw(id, raw)
                };
                (vec![$(<$a as WasmTy>::valtype()),*], <R::Results as WasmParams>::valtypes(), Box::new(call))
            }
        }

        #[allow(non_snake_case, unused_variables)]
        impl<T: 'static, F, $($a: WasmTy,)* R: WasmRet> IntoFunc<T, (Caller<'static, T>, $($a,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
        {
            fn into_parts(self) -> HostFuncParts<T> {
                let call = move |caller: Caller<'_, T>, raw: &mut [u64]| -> Result<()> {
                    let (store, who) = caller.into_parts();
                    let id = store.opaque.id;
                    let ($($a,)*) = <($($a,)*) as WasmParams>::load_raw(id, raw)?;
                    let results = (self)(Caller::new(store, who), $($a),*).into_result()?;
                    results.store_raw(id, raw)
                };
                (vec![$(<$a as WasmTy>::valtype()),*], <R::Results as WasmParams>::valtypes(), Box::new(call))
            }
        }
    };
}

into_func!();
into_func!(A1);
into_func!(A1 A2);
into_func!(A1 A2 A3);
into_func!(A1 A2 A3 A4);
into_func!(A1 A2 A3 A4 A5);
into_func!(A1 A2 A3 A4 A5 A6);
into_func!(A1 A2 A3 A4 A5 A6 A7);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15 A16);
