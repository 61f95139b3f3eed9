//! Tail calls (`return_call`, `return_call_indirect`, `return_call_ref`):
//! the callee's frame replaces the running one, so a chain of tail calls of
//! any length runs in the space of one frame.
//!
//! The arguments move from the call's base to slot 0 of the running frame,
//! where the callee's frame then begins. A wasm callee takes over the frame
//! record (code, instance, function) and returns straight to the caller of
//! the function that tail-called it. A host callee cannot own a frame: the
//! running frame stays and its return address becomes the instruction after
//! the tail call, a return of the function's results, which the host leaves
//! at slot 0 (see `ops`, "tail-call proposal").

use super::regs::FramePtr;
use super::{Executor, Exit};
use crate::interp::code::Instr;
use crate::interp::ops::Slot;
use crate::runtime::FuncKind;
use crate::trap::Trap;

impl Executor<'_> {
    /// Tail-calls store function `func` with `params` argument slots at
    /// `base`. Continues in a wasm callee (updating `spill`) or returns the
    /// host call to perform.
    pub(super) fn tail_call_store_func(&mut self, func: u32, base: Slot, params: u16) -> Result<Option<Exit>, Trap> {
        match self.store.funcs[func as usize].kind {
            FuncKind::Wasm { instance, def } => self.tail_call_wasm(instance, def, base, params),
            FuncKind::Host { .. } => {
                self.move_args_to_frame_start(base, params);
                self.save_return_address();
                Ok(Some(Exit::HostCall { func, args: self.fp_off }))
            }
        }
    }

    /// Tail-calls defined function `def` of store instance `instance`, with
    /// `params` argument slots at `base` (updating `spill`). Returns the exit
    /// to take if the callee cannot be translated.
    pub(super) fn tail_call_wasm(
        &mut self,
        instance: u32,
        def: u32,
        base: Slot,
        params: u16,
    ) -> Result<Option<Exit>, Trap> {
        self.move_args_to_frame_start(base, params);
        self.enter_wasm(instance, def, self.fp_off, true)
    }

    /// The fast path of `return_call` to defined function `def` of the
    /// running instance, when the callee's frame fits the slots reserved
    /// (the frame record is reused, so no frame room is needed): moves the
    /// arguments, takes over the frame record and gives the callee's first
    /// instruction. The frame pointer `fp` stays.
    #[inline(always)]
    pub(super) fn tail_call_within_instance(
        &mut self,
        def: u32,
        base: Slot,
        params: u16,
        fp: FramePtr,
    ) -> Option<*const Instr> {
        // Not yet translated: the general path translates it.
        let callee = self.module.info().code[def as usize].get()?;
        if self.fp_off + callee.frame_size as usize > self.stack.slots.len() {
            return None;
        }
        let code = callee.code.as_ptr();
        let (callee_params, locals) = (callee.num_params as usize, callee.num_locals as usize);
        let running = self.stack.frames.last_mut()?;
        running.ip = code;
        running.func = def;
        fp.copy_to_start(base, params);
        fp.zero_locals(callee_params, locals);
        Some(code)
    }

    /// Moves `count` argument slots from `base` to slot 0 of the running
    /// frame (the code verifier checked that `base + count` lies in it).
    fn move_args_to_frame_start(&mut self, base: Slot, count: u16) {
        let src = self.fp_off + base.index();
        self.stack.slots.copy_within(src..src + usize::from(count), self.fp_off);
    }
}
