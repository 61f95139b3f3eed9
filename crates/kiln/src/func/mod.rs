//! Functions: [`Func`] (a wasm or host function in a store), [`Caller`]
//! (what a host function sees of its caller) and the host-function glue.
//!
//! Internally every host function is a closure over raw slots: it reads its
//! arguments from a slice of 64-bit slots and writes its results back to the
//! same slice, so calls from wasm need no allocation. Typed host functions
//! ([`Func::wrap`]) decode slots straight into Rust values; dynamic ones
//! ([`Func::new`]) go through [`Val`]s.

mod into_func;
pub(crate) mod invoke;
mod typed;

use std::sync::Arc;

use anyhow::{Result, bail};

pub(crate) use self::into_func::host_func;
pub use self::into_func::{HostFuncParts, IntoFunc, WasmRet};
pub use self::typed::{TypedFunc, WasmParams, WasmResults, WasmTy};

pub(crate) use self::invoke::invoke;
use crate::Extern;
use crate::engine::{Engine, SigId};
use crate::instance::Instance;
use crate::runtime::{FuncEntity, FuncKind, StoreOpaque};
use crate::store::{AsContext, AsContextMut, StoreContext, StoreContextMut, StoreInner, Stored};
use crate::types::FuncType;
use crate::values::Val;

/// The raw calling convention of host functions: arguments in, results out.
pub(crate) type RawHostFn<T> = dyn Fn(Caller<'_, T>, &mut [u64]) -> Result<()> + Send + Sync;

/// A host function definition, independent of any store.
pub(crate) struct HostFunc<T: 'static> {
    pub ty: FuncType,
    pub sig: SigId,
    pub call: Box<RawHostFn<T>>,
}

impl<T: 'static> HostFunc<T> {
    pub(crate) fn new(engine: &Engine, ty: FuncType, call: Box<RawHostFn<T>>) -> Result<HostFunc<T>> {
        let sig = engine.sig_id(&ty)?;
        Ok(HostFunc { ty, sig, call })
    }

    /// Slots the raw argument/result buffer needs.
    pub(crate) fn raw_width(&self) -> usize {
        raw_width(&self.ty)
    }

    /// Adds this definition to a store, returning the store function index
    /// (an error, changing nothing, if the store's 32-bit indices run out).
    pub(crate) fn register(self: &Arc<Self>, store: &mut StoreInner<T>) -> Result<u32> {
        let Ok(host) = u32::try_from(store.host_funcs.len()) else {
            bail!("store host function count exceeds the limit of 2^32");
        };
        let index = store.opaque.push_func(FuncEntity { sig: self.sig, kind: FuncKind::Host { host } })?;
        store.host_funcs.push(self.clone());
        Ok(index)
    }
}

/// Slots needed to hold either the parameters or the results of `ty`.
pub(crate) fn raw_width(ty: &FuncType) -> usize {
    let width = |tys: &[crate::ValType]| tys.iter().map(Val::slot_width).sum::<usize>();
    width(ty.param_slice()).max(width(ty.result_slice()))
}

/// A WebAssembly or host function in a store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Func(pub(crate) Stored);

impl Func {
    /// A host function of type `ty` taking and returning [`Val`]s.
    ///
    /// The closure must write a value of the declared type to every element
    /// of its results slice; a mismatch is reported as an error from the call.
    ///
    /// # Panics
    ///
    /// If the store already holds 2^32 - 1 functions or the engine has seen
    /// 2^32 distinct function types (indices are 32-bit); [`Linker::func_new`]
    /// reports these as errors.
    ///
    /// [`Linker::func_new`]: crate::Linker::func_new
    pub fn new<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        let store = store.as_context_mut().0;
        let host = host_func_from_vals(&store.opaque.engine, ty, func).map(Arc::new);
        let index = host.and_then(|host| host.register(store)).unwrap_or_else(|e| panic!("Func::new: {e:#}"));
        Func(Stored::new(&store.opaque, index))
    }

    /// A host function from a Rust closure with typed parameters and results,
    /// optionally taking a [`Caller`] first.
    ///
    /// # Panics
    ///
    /// If the store already holds 2^32 - 1 functions or the engine has seen
    /// 2^32 distinct function types (indices are 32-bit); [`Linker::func_wrap`]
    /// reports these as errors.
    ///
    /// [`Linker::func_wrap`]: crate::Linker::func_wrap
    pub fn wrap<T: 'static, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        func: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let store = store.as_context_mut().0;
        let host = host_func(&store.opaque.engine, func).map(Arc::new);
        let index = host.and_then(|host| host.register(store)).unwrap_or_else(|e| panic!("Func::wrap: {e:#}"));
        Func(Stored::new(&store.opaque, index))
    }

    /// The function's type.
    ///
    /// # Panics
    ///
    /// If the function belongs to another store.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let store = &store.as_context().0.opaque;
        let sig = store.funcs[self.0.expect_in(store)].sig;
        store.engine.sig_type(sig)
    }

    /// Calls the function with dynamically typed arguments.
    ///
    /// Arguments are type-checked; `results` must have exactly as many
    /// elements as the function has results.
    pub fn call(&self, mut store: impl AsContextMut, params: &[Val], results: &mut [Val]) -> Result<()> {
        let store = store.as_context_mut().0;
        let (index, ty, mut raw) = self.prepare_call(&store.opaque, params)?;
        if results.len() != ty.result_slice().len() {
            bail!("expected {} results, got {}", ty.result_slice().len(), results.len());
        }
        invoke(store, index, &mut raw)?;
        let mut at = 0;
        for (result, rty) in results.iter_mut().zip(ty.result_slice()) {
            *result = Val::read_raw(store.opaque.id, rty, &raw[at..]);
            at += Val::slot_width(rty);
        }
        Ok(())
    }

    /// Checks `params` against the function's type and encodes them: the
    /// store function index, the type and the raw argument/result buffer.
    pub(crate) fn prepare_call(&self, store: &StoreOpaque, params: &[Val]) -> Result<(u32, FuncType, Vec<u64>)> {
        let index = self.0.index_in(store)?;
        let ty = store.engine.sig_type(store.funcs[index].sig);
        if params.len() != ty.param_slice().len() {
            bail!("expected {} arguments, got {}", ty.param_slice().len(), params.len());
        }
        let mut raw = vec![0u64; raw_width(&ty)];
        let mut at = 0;
        for (i, (param, pty)) in params.iter().zip(ty.param_slice()).enumerate() {
            param.check(store, pty, format_args!("argument {i}"))?;
            param.write_raw(store, &mut raw[at..])?;
            at += Val::slot_width(pty);
        }
        Ok((index as u32, ty, raw))
    }

    /// A typed view of the function, after checking its type matches
    /// `Params -> Results`.
    pub fn typed<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<Params, Results>> {
        let store = &store.as_context().0.opaque;
        let index = self.0.index_in(store)?;
        let ty = store.engine.sig_type(store.funcs[index].sig);
        TypedFunc::new(*self, &ty)
    }

    pub(crate) fn from_index(store: &StoreOpaque, index: u32) -> Func {
        Func(Stored::new(store, index))
    }
}

/// Builds the raw host function for a closure over [`Val`]s.
pub(crate) fn host_func_from_vals<T: 'static>(
    engine: &Engine,
    ty: FuncType,
    func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
) -> Result<HostFunc<T>> {
    let fty = ty.clone();
    let call = move |caller: Caller<'_, T>, raw: &mut [u64]| -> Result<()> {
        let (store, who) = caller.into_parts();
        let id = store.opaque.id;
        let mut at = 0;
        let mut params = Vec::with_capacity(fty.param_slice().len());
        for pty in fty.param_slice() {
            params.push(Val::read_raw(id, pty, raw.get(at..).unwrap_or_default()));
            at += Val::slot_width(pty);
        }
        let mut results: Vec<Val> =
            fty.result_slice().iter().map(|t| Val::default_for_ty(t).unwrap_or(Val::FuncRef(None))).collect();
        func(Caller::new(&mut *store, who), &params, &mut results)?;
        let mut at = 0;
        for (i, (result, rty)) in results.iter().zip(fty.result_slice()).enumerate() {
            result.check(&store.opaque, rty, format_args!("host function result {i}"))?;
            let Some(out) = raw.get_mut(at..) else { bail!("internal error: result buffer too small") };
            result.write_raw(&store.opaque, out)?;
            at += Val::slot_width(rty);
        }
        Ok(())
    };
    HostFunc::new(engine, ty, Box::new(call))
}

/// The context of a host function call: the store (with the host data) and
/// the instance that made the call.
pub struct Caller<'a, T: 'static> {
    pub(crate) store: StoreContextMut<'a, T>,
    caller: Option<u32>,
}

impl<'a, T: 'static> Caller<'a, T> {
    pub(crate) fn new(store: &'a mut StoreInner<T>, caller: Option<u32>) -> Caller<'a, T> {
        Caller { store: StoreContextMut(store), caller }
    }

    /// Splits the caller into the store borrow and the calling instance, so
    /// glue code can lend the store to the user's closure and use it again
    /// afterwards.
    pub(crate) fn into_parts(self) -> (&'a mut StoreInner<T>, Option<u32>) {
        (self.store.0, self.caller)
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.store.0.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.store.0.data
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.store.0.opaque.engine
    }

    /// An export of the calling instance (`None` when called from the host,
    /// or if there is no such export).
    pub fn get_export(&mut self, name: &str) -> Option<Extern> {
        let instance = self.caller?;
        Instance::from_index(&self.store.0.opaque, instance).get_export(&mut *self, name)
    }
}

impl<T: 'static> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self.store.0)
    }
}

impl<T: 'static> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut(self.store.0)
    }
}

impl<'a, T: 'static> From<&'a Caller<'_, T>> for StoreContext<'a, T> {
    fn from(caller: &'a Caller<'_, T>) -> StoreContext<'a, T> {
        StoreContext(caller.store.0)
    }
}

impl<'a, T: 'static> From<&'a mut Caller<'_, T>> for StoreContext<'a, T> {
    fn from(caller: &'a mut Caller<'_, T>) -> StoreContext<'a, T> {
        StoreContext(caller.store.0)
    }
}

impl<'a, T: 'static> From<&'a mut Caller<'_, T>> for StoreContextMut<'a, T> {
    fn from(caller: &'a mut Caller<'_, T>) -> StoreContextMut<'a, T> {
        StoreContextMut(caller.store.0)
    }
}
