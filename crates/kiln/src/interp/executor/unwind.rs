//! Throwing: how an exception leaves the instruction that raised it and
//! finds its handler among the activation's frames.
//!
//! Frames are data, so unwinding is a search over [`Stack::frames`] from the
//! top: each frame's function has a handler table (see `interp::handlers`)
//! consulted at the instruction the frame stopped at, and the frames above
//! the one that catches are dropped. Nothing runs while the search goes on,
//! and code that does not throw never pays for it. The same search serves an
//! exception a host function throws into the wasm that called it (the call
//! driver runs it, see `func::invoke`).

use super::regs::{Mem, Regs};
use super::{Executor, Exit};
use crate::interp::code::{CompiledFunc, Instr};
use crate::interp::ops::{Op, Slot};
use crate::interp::stack::Stack;
use crate::module::FuncCode;
use crate::runtime::StoreOpaque;
use crate::trap::Trap;

/// Searches `stack`'s frames, innermost first, for a clause that catches
/// exception `exn`. Every frame's saved instruction pointer must be the one
/// after the instruction that threw or called (as calls leave it).
///
/// If a clause catches it, pops the frames above the clause's, writes the
/// payload (and the exception reference, if the clause keeps it) into that
/// frame, points its instruction pointer at the clause's target and returns
/// `true`. Otherwise leaves the stack as it was (for the backtrace) and
/// returns `false`.
///
/// `fresh`: `throw` just created the exception and nothing else refers to
/// it, so a clause that does not keep the reference frees it.
pub(crate) fn unwind(store: &mut StoreOpaque, stack: &mut Stack, exn: u32, fresh: bool) -> bool {
    let Some(tag) = store.exns.tag(exn) else { return false };
    for depth in (0..stack.frames.len()).rev() {
        let frame = stack.frames[depth];
        let instance = &store.instances[frame.instance as usize];
        let info = instance.module.info();
        // Every frame's function was translated to be entered.
        let Some(func) = info.code.get(frame.func as usize).and_then(FuncCode::get) else { continue };
        let handlers = &func.handlers;
        if handlers.is_empty() {
            continue;
        }
        let Some(pc) = pc_before(func, frame.ip) else { continue };
        if stopped_at_tail_call(func, pc) {
            // The frame waits for a host function it tail-called: the tail
            // call replaced it, so its handlers no longer apply (see `tail`).
            continue;
        }
        let Some(clause) = handlers.find(pc, |t| instance.tags.get(t as usize) == Some(&tag)) else { continue };
        let target = func.code.as_ptr().wrapping_add(clause.target as usize);
        let payload = store.exns.payload(exn);
        let start = frame.fp + clause.payload.index();
        if let Some(dst) = stack.slots.get_mut(start..start + usize::from(clause.width)) {
            dst.iter_mut().zip(payload).for_each(|(d, s)| *d = *s);
        }
        match clause.exn {
            Some(slot) => {
                if let Some(dst) = stack.slots.get_mut(frame.fp + slot.index()) {
                    *dst = u64::from(exn) + 1;
                }
            }
            None if fresh => store.exns.reclaim(exn),
            None => {}
        }
        stack.frames.truncate(depth + 1);
        if let Some(top) = stack.frames.last_mut() {
            top.ip = target;
        }
        return true;
    }
    false
}

/// Is instruction `pc` of `func` a tail call? A frame stopped there waits
/// for a host function it tail-called.
fn stopped_at_tail_call(func: &CompiledFunc, pc: u32) -> bool {
    func.code.get(pc as usize).is_some_and(|instr| {
        matches!(
            instr.op,
            Op::ReturnCallInternal { .. }
                | Op::ReturnCallImported { .. }
                | Op::ReturnCallIndirect { .. }
                | Op::ReturnCallRef { .. }
        )
    })
}

/// The index in `func`'s code of the instruction before `ip`.
fn pc_before(func: &CompiledFunc, ip: *const Instr) -> Option<u32> {
    let offset = (ip as usize).checked_sub(func.code.as_ptr() as usize)? / size_of::<Instr>();
    u32::try_from(offset.checked_sub(1)?).ok()
}

impl Executor<'_> {
    /// Runs the `throw` or `throw_ref` at `spill.ip`. `true`: a handler in
    /// this activation caught the exception and `spill` holds where it
    /// continues; `false`: nothing did, and `exit` says so. Scalars only,
    /// for the tail calls of the handlers that come here (see `dispatch`).
    #[inline(never)]
    pub(super) fn raise(&mut self) -> Result<bool, Trap> {
        let (exn, fresh) = match self.spill.op() {
            Op::Throw { tag, base, count, .. } => (self.new_exception(tag, base, count)?, true),
            Op::ThrowRef { exn, .. } => {
                let raw: u64 = self.spill.fp.read(exn);
                (raw.checked_sub(1).ok_or(Trap::NullReference)? as u32, false)
            }
            // Only the handlers of the two instructions above come here.
            _ => return Err(Trap::UnreachableCodeReached),
        };
        if let Some(frame) = self.stack.frames.last_mut() {
            frame.ip = self.spill.ip.wrapping_add(1);
        }
        if !unwind(self.store, &mut self.stack, exn, fresh) {
            self.exit = Some(Exit::Thrown(exn));
            return Ok(false);
        }
        let Some(frame) = self.stack.frames.last().copied() else {
            self.exit = Some(Exit::Thrown(exn));
            return Ok(false);
        };
        self.fp_off = frame.fp;
        let fp = self.frame_ptr(frame.fp);
        let mem: Mem = if frame.instance != self.inst { self.switch_instance(frame.instance) } else { self.memory0() };
        self.spill = Regs { ip: frame.ip, fp, mem, acc: self.spill.acc };
        Ok(true)
    }

    /// A new exception of the running instance's tag `tag` whose payload is
    /// the `count` slots from `base` of the running frame.
    fn new_exception(&mut self, tag: u32, base: Slot, count: u16) -> Result<u32, Trap> {
        let t = self.instance().tags[tag as usize];
        let start = self.fp_off + base.index();
        let payload = self.stack.slots.get(start..start + usize::from(count)).unwrap_or(&[]);
        self.store.exns.alloc(t, payload)
    }
}
