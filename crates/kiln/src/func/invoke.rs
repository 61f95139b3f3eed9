//! The call driver: runs a store function to completion, performing the
//! host calls the interpreter hands back, and turns traps into errors with a
//! wasm backtrace.

use anyhow::{Result, anyhow};

use super::{Caller, HostFunc};
use crate::interp::{Exit, Stack, execute, push_entry_frame};
use crate::runtime::{FuncKind, MAX_ACTIVATIONS};
use crate::store::StoreInner;
use crate::trap::{FrameInfo, Trap, WasmBacktrace};

/// Calls store function `func`. `raw` holds the arguments in slot form on
/// entry and receives the results; it must be as long as the larger of the
/// two.
pub(crate) fn invoke<T: 'static>(store: &mut StoreInner<T>, func: u32, raw: &mut [u64]) -> Result<()> {
    match store.opaque.funcs[func as usize].kind {
        FuncKind::Host { host } => {
            let host = store.host_funcs[host as usize].clone();
            call_host(store, &host, None, raw)
        }
        FuncKind::Wasm { instance, def } => run_wasm(store, instance, def, raw),
    }
}

fn call_host<T: 'static>(
    store: &mut StoreInner<T>,
    host: &HostFunc<T>,
    caller: Option<u32>,
    raw: &mut [u64],
) -> Result<()> {
    (host.call)(Caller::new(store, caller), raw)
}

fn run_wasm<T: 'static>(store: &mut StoreInner<T>, instance: u32, def: u32, raw: &mut [u64]) -> Result<()> {
    if store.opaque.activations >= MAX_ACTIVATIONS {
        return Err(anyhow::Error::new(Trap::StackOverflow)
            .context(format!("more than {MAX_ACTIVATIONS} nested host-to-wasm calls")));
    }
    let mut stack = store.opaque.take_stack();
    store.opaque.activations += 1;
    let result = drive(store, &mut stack, instance, def, raw);
    store.opaque.activations -= 1;
    store.opaque.return_stack(stack);
    result
}

fn drive<T: 'static>(
    store: &mut StoreInner<T>,
    stack: &mut Stack,
    instance: u32,
    def: u32,
    raw: &mut [u64],
) -> Result<()> {
    let (params, results) = {
        let code = &store.opaque.instances[instance as usize].module.info().code[def as usize];
        (code.num_params as usize, code.num_results as usize)
    };
    push_entry_frame(&store.opaque, stack, instance, def).map_err(|trap| with_backtrace(trap.into(), store, stack))?;
    let (Some(args), Some(dst)) = (raw.get(..params), stack.slots.get_mut(..params)) else {
        return Err(anyhow!("internal error: argument buffer too small"));
    };
    dst.copy_from_slice(args);
    loop {
        match execute(&mut store.opaque, stack) {
            Ok(Exit::Finished) => {
                let (Some(out), Some(src)) = (raw.get_mut(..results), stack.slots.get(..results)) else {
                    return Err(anyhow!("internal error: result buffer too small"));
                };
                out.copy_from_slice(src);
                return Ok(());
            }
            Ok(Exit::HostCall { func, args }) => {
                let FuncKind::Host { host } = store.opaque.funcs[func as usize].kind else {
                    return Err(anyhow!("internal error: host call to a wasm function"));
                };
                let host = store.host_funcs[host as usize].clone();
                let caller = stack.frames.last().map(|f| f.instance);
                let width = host.raw_width();
                let Some(slots) = stack.slots.get_mut(args..args + width) else {
                    return Err(anyhow!("internal error: host call arguments outside the stack"));
                };
                call_host(store, &host, caller, slots).map_err(|e| with_backtrace(e, store, stack))?;
            }
            Err(trap) => return Err(with_backtrace(trap.into(), store, stack)),
        }
    }
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
