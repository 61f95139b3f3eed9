//! The call driver: runs wasm activations to completion or suspension,
//! performing what the executor hands back (host calls, growth with a
//! resource limiter, epoch deadlines), calling call hooks at every
//! host/wasm transition, turning traps into errors with a wasm backtrace,
//! and carrying exceptions across host frames (see `crate::exception`): an
//! exception nothing in an activation catches leaves it as a
//! [`ThrownException`] error, and one a host function throws is looked for
//! a handler in the wasm frames below it.
//!
//! An activation is one entry from the host into wasm; its frames live on a
//! [`Stack`]. A *resumable* activation may stop part-way and be continued
//! later: its stack is then kept in a [`Suspended`] value instead of going
//! back to the store's pool.

use std::any::Any;
use std::sync::atomic::Ordering;

use anyhow::{Result, anyhow};

use super::{Caller, HostFunc};
use crate::controls::{CallHook, UpdateDeadline};
use crate::exception::ThrownException;
use crate::interp::{Exit, GrowRequest, Signals, Stack, execute, push_entry_frame, unwind};
use crate::limits;
use crate::module::limits::MAX_ACTIVATIONS;
use crate::resumable::{Suspend, SuspendReason};
use crate::runtime::FuncKind;
use crate::store::{StoreContextMut, StoreInner};
use crate::trap::{FrameInfo, Trap, WasmBacktrace};
use crate::types::ValType;

/// Whether an activation may suspend.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Suspension requests are errors (plain `call`).
    Plain,
    /// The activation may suspend (`call_resumable`, `resume`).
    Resumable,
}

/// A host call a suspended activation is waiting on: the resume values
/// become its results.
pub(crate) struct PendingHostCall {
    /// Absolute slot of the host call's arguments and results.
    pub args: usize,
    pub results: Box<[ValType]>,
}

/// An activation stopped part-way.
pub(crate) struct Suspended {
    pub stack: Stack,
    pub reason: SuspendReason,
    /// For [`SuspendReason::Yield`], the host call to complete on resume.
    pub pending: Option<PendingHostCall>,
    /// Slots of the entry function's results.
    pub result_slots: usize,
}

/// How an activation ended, if it did not fail.
pub(crate) enum Outcome {
    Finished,
    Suspended(Box<Suspended>, Option<Box<dyn Any + Send + Sync>>),
}

/// Calls store function `func`. `raw` holds the arguments in slot form on
/// entry and receives the results; it must be as long as the larger of the
/// two. Suspension requests are errors.
pub(crate) fn invoke<T: 'static>(store: &mut StoreInner<T>, func: u32, raw: &mut [u64]) -> Result<()> {
    match invoke_with(store, func, raw, Mode::Plain)? {
        Outcome::Finished => Ok(()),
        Outcome::Suspended(..) => Err(anyhow!("internal error: a plain call suspended")),
    }
}

/// Calls store function `func` in `mode` (see [`invoke`] for `raw`).
pub(crate) fn invoke_with<T: 'static>(
    store: &mut StoreInner<T>,
    func: u32,
    raw: &mut [u64],
    mode: Mode,
) -> Result<Outcome> {
    match store.opaque.funcs[func as usize].kind {
        FuncKind::Host { host } => {
            let host = store.host_funcs[host as usize].clone();
            store.call_hook(CallHook::CallingHost)?;
            let result = call_host(store, &host, None, raw);
            store.call_hook(CallHook::ReturningFromHost)?;
            result.map(|()| Outcome::Finished)
        }
        FuncKind::Wasm { instance, def } => {
            let (params, result_slots) = {
                let module = &store.opaque.instances[instance as usize].module;
                let code = module.info().compiled(def).map_err(|e| anyhow!("{e}"))?;
                (code.num_params as usize, code.num_results as usize)
            };
            let mut stack = store.opaque.take_stack();
            let prepared = push_entry_frame(&store.opaque, &mut stack, instance, def)
                .map_err(|e| with_backtrace(e, store, &stack))
                .and_then(|()| {
                    let (Some(args), Some(dst)) = (raw.get(..params), stack.slots.get_mut(..params)) else {
                        return Err(anyhow!("internal error: argument buffer too small"));
                    };
                    dst.copy_from_slice(args);
                    Ok(())
                });
            if let Err(e) = prepared {
                store.opaque.return_stack(stack);
                return Err(e);
            }
            activation(store, stack, result_slots, raw, mode)
        }
    }
}

/// Continues a suspended activation; `values` (slot form) become the results
/// of the host call it waits on, if any.
pub(crate) fn resume<T: 'static>(
    store: &mut StoreInner<T>,
    suspended: Suspended,
    values: &[u64],
    raw: &mut [u64],
) -> Result<Outcome> {
    let Suspended { mut stack, pending, result_slots, .. } = suspended;
    if let Some(pending) = pending {
        let Some(dst) = stack.slots.get_mut(pending.args..pending.args + values.len()) else {
            return Err(anyhow!("internal error: resume values outside the stack"));
        };
        dst.copy_from_slice(values);
    }
    activation(store, stack, result_slots, raw, Mode::Resumable)
}

/// Runs an activation whose frames are on `stack`, with the bookkeeping
/// around it: the nesting limit, the store's running flag and call hooks.
fn activation<T: 'static>(
    store: &mut StoreInner<T>,
    mut stack: Stack,
    result_slots: usize,
    raw: &mut [u64],
    mode: Mode,
) -> Result<Outcome> {
    if store.opaque.activations >= MAX_ACTIVATIONS {
        store.opaque.return_stack(stack);
        return Err(anyhow::Error::new(Trap::StackOverflow)
            .context(format!("more than {MAX_ACTIVATIONS} nested host-to-wasm calls")));
    }
    if let Err(e) = store.call_hook(CallHook::CallingWasm) {
        store.opaque.return_stack(stack);
        return Err(e);
    }
    store.opaque.activations += 1;
    store.opaque.interrupt.running.store(true, Ordering::Relaxed);
    let result = drive(store, &mut stack, mode);
    store.opaque.activations -= 1;
    if store.opaque.activations == 0 {
        store.opaque.interrupt.running.store(false, Ordering::Relaxed);
    }
    let outcome = match result {
        Ok(Step::Finished) => {
            let copied = match (raw.get_mut(..result_slots), stack.slots.get(..result_slots)) {
                (Some(out), Some(src)) => {
                    out.copy_from_slice(src);
                    Ok(Outcome::Finished)
                }
                _ => Err(anyhow!("internal error: result buffer too small")),
            };
            store.opaque.return_stack(stack);
            copied
        }
        Ok(Step::Suspend { reason, pending, yielded }) => {
            Ok(Outcome::Suspended(Box::new(Suspended { stack, reason, pending, result_slots }), yielded))
        }
        Err(e) => {
            store.opaque.return_stack(stack);
            Err(e)
        }
    };
    store.call_hook(CallHook::ReturningFromWasm)?;
    outcome
}

/// How [`drive`] stopped without failing.
enum Step {
    Finished,
    Suspend { reason: SuspendReason, pending: Option<PendingHostCall>, yielded: Option<Box<dyn Any + Send + Sync>> },
}

fn call_host<T: 'static>(
    store: &mut StoreInner<T>,
    host: &HostFunc<T>,
    caller: Option<u32>,
    raw: &mut [u64],
) -> Result<()> {
    (host.call)(Caller::new(store, caller), raw)
}

/// The loop around the executor.
fn drive<T: 'static>(store: &mut StoreInner<T>, stack: &mut Stack, mode: Mode) -> Result<Step> {
    let interrupt = store.opaque.interrupt.clone();
    let engine = store.opaque.engine.clone();
    let signals = Signals { interrupt: &interrupt, epoch: engine.epoch_counter() };
    loop {
        let exit =
            execute(&mut store.opaque, stack, &signals).map_err(|trap| with_backtrace(trap.into(), store, stack))?;
        match exit {
            Exit::Finished => return Ok(Step::Finished),
            Exit::HostCall { func, args } => {
                let FuncKind::Host { host } = store.opaque.funcs[func as usize].kind else {
                    return Err(anyhow!("internal error: host call to a wasm function"));
                };
                let host = store.host_funcs[host as usize].clone();
                let caller = stack.frames.last().map(|f| f.instance);
                let Some(slots) = stack.slots.get_mut(args..args + host.raw_width()) else {
                    return Err(anyhow!("internal error: host call arguments outside the stack"));
                };
                let result = store
                    .call_hook(CallHook::CallingHost)
                    .and_then(|()| call_host(store, &host, caller, slots))
                    .and_then(|()| store.call_hook(CallHook::ReturningFromHost));
                match result {
                    Ok(()) => {}
                    Err(e) if e.is::<Suspend>() => {
                        if mode == Mode::Plain {
                            let e = e.context(
                                "a host function suspended a call that is not resumable (use `Func::call_resumable`)",
                            );
                            return Err(with_backtrace(e, store, stack));
                        }
                        let value = e.downcast::<Suspend>().map(Suspend::into_value).ok();
                        let pending = PendingHostCall { args, results: host.ty.result_slice().into() };
                        return Ok(Step::Suspend {
                            reason: SuspendReason::Yield,
                            pending: Some(pending),
                            yielded: value,
                        });
                    }
                    Err(e) if e.is::<ThrownException>() && catch_host_exception(store, stack) => {}
                    Err(e) => return Err(with_backtrace(e, store, stack)),
                }
            }
            Exit::TranslationFailed { instance, def } => {
                let module = &store.opaque.instances[instance as usize].module;
                let e = match module.info().compiled(def) {
                    Err(why) => anyhow!("{why}"),
                    Ok(_) => anyhow!("internal error: function {def} reported untranslatable"),
                };
                return Err(with_backtrace(e, store, stack));
            }
            Exit::Thrown(exn) => {
                store.opaque.pending_exception = Some(exn);
                return Err(with_backtrace(ThrownException.into(), store, stack));
            }
            Exit::Grow(request) => grow(store, stack, request).map_err(|e| with_backtrace(e, store, stack))?,
            Exit::OutOfFuel => {
                if mode == Mode::Plain {
                    return Err(with_backtrace(Trap::OutOfFuel.into(), store, stack));
                }
                return Ok(Step::Suspend { reason: SuspendReason::OutOfFuel, pending: None, yielded: None });
            }
            Exit::EpochDeadline => {
                let Some(mut callback) = store.hooks.epoch_callback.take() else {
                    return Err(with_backtrace(Trap::Interrupt.into(), store, stack));
                };
                let decision = callback(StoreContextMut(store));
                store.hooks.epoch_callback = Some(callback);
                let epoch = store.opaque.engine.current_epoch();
                match decision.map_err(|e| with_backtrace(e, store, stack))? {
                    UpdateDeadline::Continue(ticks) => store.opaque.epoch_deadline = epoch.saturating_add(ticks),
                    UpdateDeadline::Yield(ticks) => {
                        store.opaque.epoch_deadline = epoch.saturating_add(ticks);
                        if mode == Mode::Resumable {
                            return Ok(Step::Suspend {
                                reason: SuspendReason::EpochDeadline,
                                pending: None,
                                yielded: None,
                            });
                        }
                    }
                    UpdateDeadline::Interrupt => return Err(with_backtrace(Trap::Interrupt.into(), store, stack)),
                }
            }
        }
    }
}

/// A host function called from the top frame of `stack` failed with
/// [`ThrownException`]: if a handler in the activation catches the pending
/// exception, takes it from the store and continues there (`true`).
fn catch_host_exception<T: 'static>(store: &mut StoreInner<T>, stack: &mut Stack) -> bool {
    let Some(exn) = store.opaque.pending_exception else { return false };
    let caught = unwind(&mut store.opaque, stack, exn, false);
    if caught {
        store.opaque.pending_exception = None;
    }
    caught
}

/// Performs a `memory.grow` or `table.grow` for the executor, asking the
/// resource limiter, and writes the result (old size or -1) to its slot.
fn grow<T: 'static>(store: &mut StoreInner<T>, stack: &mut Stack, request: GrowRequest) -> Result<()> {
    let (opaque, limiter) = store.opaque_and_limiter();
    let old = if request.memory {
        limits::grow_memory(opaque, limiter, request.index, request.delta)?
    } else {
        limits::grow_table(opaque, limiter, request.index, request.delta, request.init)?
    };
    let value = match (old, request.is_64) {
        (Some(old), true) => old,
        (Some(old), false) => u64::from(old as u32),
        (None, true) => u64::MAX,
        (None, false) => u64::from(u32::MAX),
    };
    let slot =
        stack.slots.get_mut(request.dst).ok_or_else(|| anyhow!("internal error: growth result outside the stack"))?;
    *slot = value;
    Ok(())
}

/// Attaches the wasm frames on `stack` (innermost first) to `error`.
fn with_backtrace<T: 'static>(error: anyhow::Error, store: &StoreInner<T>, stack: &Stack) -> anyhow::Error {
    let frames = stack
        .frames
        .iter()
        .rev()
        .map(|frame| {
            let info = store.opaque.instances[frame.instance as usize].module.info();
            let index = info.num_imported_funcs + frame.func;
            FrameInfo::new(info.name.clone(), index, info.func_names.get(&index).cloned())
        })
        .collect();
    error.context(WasmBacktrace::new(frames))
}
