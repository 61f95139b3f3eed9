//! Suspending and resuming wasm calls (Lucet's `yield_val`/`resume_with_val`
//! and wasmi's resumable calls in one mechanism).
//!
//! Start a call with [`Func::call_resumable`]. It runs like
//! [`Func::call`] until it finishes, fails, or *suspends*:
//!
//! - a host function returns `Err(Suspend::new(value).into())`: the value
//!   (any `'static + Send + Sync` type) is handed to the embedder, and the
//!   values given to [`ResumableCall::resume`] become the host function's
//!   results, checked against its result types;
//! - fuel runs out, with [`Store::suspend_on_out_of_fuel`](crate::Store::suspend_on_out_of_fuel);
//! - an epoch deadline callback returns [`UpdateDeadline::Yield`](crate::UpdateDeadline).
//!
//! The whole wasm call stack is data (frames and value slots on the heap), so
//! suspension works at any depth of wasm-to-wasm calls, and the store can run
//! other calls while one is suspended. What cannot be suspended is a host
//! function's Rust frame: if wasm called a host function that called back
//! into wasm (a nested activation, started with a plain call), a suspension
//! request inside that inner call fails it with an error instead.
//!
//! ```
//! use kiln::{Caller, Engine, Linker, Module, Store, Suspend, Val, CallStatus, SuspendReason};
//!
//! # fn main() -> kiln::Result<()> {
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module
//!     (import "host" "ask" (func $ask (param i32) (result i32)))
//!     (func (export "run") (result i32)
//!       (i32.add (call $ask (i32.const 1)) (call $ask (i32.const 2)))))"#)?;
//! let mut linker = Linker::new(&engine);
//! // The host function hands the question out and gets its answer on resume.
//! linker.func_wrap("host", "ask", |question: i32| -> kiln::Result<i32> {
//!     Err(Suspend::new(question).into())
//! })?;
//! let mut store = Store::new(&engine, ());
//! let run = linker.instantiate(&mut store, &module)?.get_func(&mut store, "run").unwrap();
//! let mut call = run.call_resumable(&mut store, &[])?;
//! while let CallStatus::Suspended(SuspendReason::Yield) = call.status() {
//!     let question = *call.take_yielded().unwrap().downcast::<i32>().unwrap();
//!     call.resume(&mut store, &[Val::I32(question * 10)])?;
//! }
//! assert_eq!(call.results(), Some(&[Val::I32(30)][..]));
//! # Ok(())
//! # }
//! ```

use std::any::Any;
use std::fmt;

use anyhow::{Result, bail};

use crate::func::invoke::{self, Mode, Outcome, Suspended};
use crate::func::{Func, WasmParams};
use crate::runtime::StoreId;
use crate::store::{AsContextMut, StoreInner};
use crate::trap::Trap;
use crate::types::ValType;
use crate::values::Val;

/// The error a host function returns to suspend a resumable call, carrying
/// a value out to the embedder.
pub struct Suspend {
    value: Box<dyn Any + Send + Sync>,
}

impl Suspend {
    /// A suspension request handing `value` to the embedder.
    pub fn new<V: Any + Send + Sync>(value: V) -> Suspend {
        Suspend { value: Box::new(value) }
    }

    pub(crate) fn into_value(self) -> Box<dyn Any + Send + Sync> {
        self.value
    }
}

impl fmt::Debug for Suspend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Suspend").finish_non_exhaustive()
    }
}

impl fmt::Display for Suspend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a host function suspended the wasm call")
    }
}

impl std::error::Error for Suspend {}

/// Why a call is suspended.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum SuspendReason {
    /// A host function returned [`Suspend`]; resume with its results.
    Yield,
    /// Fuel ran out; add fuel and resume with no values.
    OutOfFuel,
    /// The epoch deadline callback asked to yield; resume with no values.
    EpochDeadline,
}

/// Where a resumable call stands.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum CallStatus {
    /// Stopped part-way; [`ResumableCall::resume`] continues it.
    Suspended(SuspendReason),
    /// Returned; see [`ResumableCall::results`].
    Finished,
    /// Stopped by a trap (the error was returned by the call that ran it).
    Trapped(Trap),
    /// Stopped by another error, for example one a host function returned.
    Failed,
}

/// A call that can stop part-way and be continued (see the module docs).
///
/// While running, a call has no handle (it is mutably borrowed); a watchdog
/// thread can see whether wasm is running in a store with
/// [`InterruptHandle::is_running`](crate::InterruptHandle::is_running).
pub struct ResumableCall {
    store: StoreId,
    func: Func,
    result_types: Box<[ValType]>,
    status: CallStatus,
    suspended: Option<Box<Suspended>>,
    yielded: Option<Box<dyn Any + Send + Sync>>,
    results: Vec<Val>,
}

impl fmt::Debug for ResumableCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResumableCall").field("func", &self.func).field("status", &self.status).finish_non_exhaustive()
    }
}

impl Func {
    /// Calls the function so that it may suspend (see [`crate::resumable`]
    /// in the crate docs). An error means the call failed before
    /// suspending or finishing.
    pub fn call_resumable(&self, mut store: impl AsContextMut, params: &[Val]) -> Result<ResumableCall> {
        let store = store.as_context_mut().0;
        let (index, ty, mut raw) = self.prepare_call(&store.opaque, params)?;
        let mut call = ResumableCall {
            store: store.opaque.id,
            func: *self,
            result_types: ty.result_slice().into(),
            status: CallStatus::Finished,
            suspended: None,
            yielded: None,
            results: Vec::new(),
        };
        let outcome = invoke::invoke_with(store, index, &mut raw, Mode::Resumable);
        call.record(store, outcome, &raw)?;
        Ok(call)
    }
}

impl ResumableCall {
    /// Where the call stands.
    pub fn status(&self) -> CallStatus {
        self.status
    }

    /// The results, once finished.
    pub fn results(&self) -> Option<&[Val]> {
        (self.status == CallStatus::Finished).then_some(&self.results[..])
    }

    /// The value a host function handed out with [`Suspend`], if not taken yet.
    pub fn yielded(&self) -> Option<&(dyn Any + Send + Sync)> {
        self.yielded.as_deref()
    }

    /// Takes the value a host function handed out with [`Suspend`].
    pub fn take_yielded(&mut self) -> Option<Box<dyn Any + Send + Sync>> {
        self.yielded.take()
    }

    /// The types [`resume`](Self::resume) expects: the suspended host
    /// function's results for a yield, nothing otherwise (`None` unless
    /// suspended).
    pub fn resume_types(&self) -> Option<&[ValType]> {
        let suspended = self.suspended.as_ref()?;
        Some(suspended.pending.as_ref().map_or(&[][..], |p| &p.results[..]))
    }

    /// Continues a suspended call. `values` become the results of the host
    /// function that yielded (they must match its result types; give none
    /// after fuel or epoch suspension).
    ///
    /// Refusing the values (wrong count or types, another store, a call that
    /// is not suspended) is an error that leaves the call as it was, so it can
    /// be retried. Otherwise the call runs; the new status says how it
    /// stopped, and an error is returned if it trapped or failed.
    pub fn resume(&mut self, mut store: impl AsContextMut, values: &[Val]) -> Result<CallStatus> {
        let store = store.as_context_mut().0;
        if store.opaque.id != self.store {
            bail!("object used with the wrong store");
        }
        let Some(expected) = self.resume_types() else {
            bail!("the call is not suspended (status: {:?})", self.status);
        };
        if values.len() != expected.len() {
            bail!("resuming needs {} values, got {}", expected.len(), values.len());
        }
        let mut slots = vec![0u64; expected.iter().map(Val::slot_width).sum()];
        let mut at = 0;
        for (i, (value, ty)) in values.iter().zip(expected).enumerate() {
            value.check(&store.opaque, ty, format_args!("resume value {i}"))?;
            value.write_raw(&store.opaque, &mut slots[at..])?;
            at += Val::slot_width(ty);
        }
        let Some(suspended) = self.suspended.take() else { bail!("internal error: lost suspended state") };
        self.yielded = None;
        let mut raw = vec![0u64; self.result_types.iter().map(Val::slot_width).sum()];
        let outcome = invoke::resume(store, *suspended, &slots, &mut raw);
        self.record(store, outcome, &raw)?;
        Ok(self.status)
    }

    /// [`resume`](Self::resume) with typed values, e.g. `resume_with(&mut store, 42i32)`.
    pub fn resume_with<V: WasmParams>(&mut self, mut store: impl AsContextMut, value: V) -> Result<CallStatus> {
        let ctx = store.as_context_mut().0;
        let mut raw = vec![0u64; V::width()];
        value.store_raw(ctx.opaque.id, &mut raw)?;
        let mut values = Vec::new();
        let mut at = 0;
        for ty in V::valtypes() {
            values.push(Val::read_raw(ctx.opaque.id, &ty, &raw[at..]));
            at += Val::slot_width(&ty);
        }
        self.resume(store, &values)
    }

    /// Updates the status from a run's outcome; returns the run's error.
    fn record<T: 'static>(&mut self, store: &StoreInner<T>, outcome: Result<Outcome>, raw: &[u64]) -> Result<()> {
        match outcome {
            Ok(Outcome::Finished) => {
                self.status = CallStatus::Finished;
                let mut at = 0;
                self.results = self
                    .result_types
                    .iter()
                    .map(|ty| {
                        let v = Val::read_raw(store.opaque.id, ty, &raw[at..]);
                        at += Val::slot_width(ty);
                        v
                    })
                    .collect();
                Ok(())
            }
            Ok(Outcome::Suspended(suspended, yielded)) => {
                self.status = CallStatus::Suspended(suspended.reason);
                self.suspended = Some(suspended);
                self.yielded = yielded;
                Ok(())
            }
            Err(e) => {
                self.status = match e.downcast_ref::<Trap>() {
                    Some(trap) => CallStatus::Trapped(*trap),
                    None => CallStatus::Failed,
                };
                Err(e)
            }
        }
    }
}
