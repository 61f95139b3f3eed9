//! The threads proposal's atomic instructions: slow paths of the executor,
//! like the general memory instructions, taking and returning scalars so
//! that the handlers calling them keep their tail calls (see `dispatch`).
//!
//! The memory semantics (alignment and bounds checks, sequentially
//! consistent word operations on shared memories, the wait queue) are the
//! store memory's; see `runtime::store_memory` and `runtime::shared_memory`.

use super::Executor;
use super::regs::FramePtr;
use crate::interp::atomics::AtomicArg;
use crate::interp::ops::Slot;
use crate::runtime::WaitOutcome;
use crate::trap::Trap;

impl Executor<'_> {
    /// The running function's atomic immediate `index`.
    fn atomic_arg(&self, index: u32) -> AtomicArg {
        self.pools().atomic_args[index as usize]
    }

    /// The store memory and effective address of an atomic access.
    fn atomic_addr(&self, fp: FramePtr, ptr: Slot, arg: &AtomicArg) -> Result<(usize, u64), Trap> {
        let m = self.memory_index(arg.mem) as usize;
        let base = fp.read_index(ptr, self.store.memories[m].ty().is_64());
        Ok((m, base.checked_add(arg.offset).ok_or(Trap::MemoryOutOfBounds)?))
    }

    #[inline(never)]
    pub(super) fn atomic_load(&self, fp: FramePtr, dst: Slot, ptr: Slot, arg: u32) -> Result<(), Trap> {
        let arg = self.atomic_arg(arg);
        let (m, addr) = self.atomic_addr(fp, ptr, &arg)?;
        fp.write(dst, self.store.memories[m].atomic_load(addr, arg.width())?);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn atomic_store(&mut self, fp: FramePtr, ptr: Slot, src: Slot, arg: u32) -> Result<(), Trap> {
        let arg = self.atomic_arg(arg);
        let value: u64 = fp.read(src);
        let (m, addr) = self.atomic_addr(fp, ptr, &arg)?;
        self.store.memories[m].atomic_rmw(addr, arg.width(), |_| Some(value))?;
        Ok(())
    }

    #[inline(never)]
    pub(super) fn atomic_rmw(&mut self, fp: FramePtr, dst: Slot, ptr: Slot, src: Slot, arg: u32) -> Result<(), Trap> {
        let arg = self.atomic_arg(arg);
        let operand: u64 = fp.read(src);
        let (m, addr) = self.atomic_addr(fp, ptr, &arg)?;
        let old = self.store.memories[m].atomic_rmw(addr, arg.width(), |old| Some(arg.rmw.apply(old, operand)))?;
        fp.write(dst, old);
        Ok(())
    }

    /// `cmpxchg`; the operands are `(expected, replacement)` (a pair, so the
    /// call's arguments all fit in registers).
    #[inline(never)]
    pub(super) fn atomic_cmpxchg(
        &mut self,
        fp: FramePtr,
        dst: Slot,
        ptr: Slot,
        operands: (Slot, Slot),
        arg: u32,
    ) -> Result<(), Trap> {
        let arg = self.atomic_arg(arg);
        let expected = arg.wrap(fp.read(operands.0));
        let replacement: u64 = fp.read(operands.1);
        let (m, addr) = self.atomic_addr(fp, ptr, &arg)?;
        let old =
            self.store.memories[m].atomic_rmw(addr, arg.width(), |old| (old == expected).then_some(replacement))?;
        fp.write(dst, old);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn atomic_notify(&self, fp: FramePtr, dst: Slot, ptr: Slot, count: Slot, arg: u32) -> Result<(), Trap> {
        let arg = self.atomic_arg(arg);
        let count: u32 = fp.read(count);
        let (m, addr) = self.atomic_addr(fp, ptr, &arg)?;
        fp.write(dst, self.store.memories[m].atomic_notify(addr, count)?);
        Ok(())
    }

    /// `memory.atomic.wait32/64`; the operands are `(expected, timeout)`.
    /// Blocks this thread; the store's kill switch ends the wait with
    /// [`Trap::Interrupt`] (the wait polls it, see `runtime::parking`).
    #[inline(never)]
    pub(super) fn atomic_wait(
        &mut self,
        fp: FramePtr,
        dst: Slot,
        ptr: Slot,
        operands: (Slot, Slot),
        arg: u32,
    ) -> Result<(), Trap> {
        let arg = self.atomic_arg(arg);
        let expected = arg.wrap(fp.read(operands.0));
        let timeout: i64 = fp.read(operands.1);
        let (m, addr) = self.atomic_addr(fp, ptr, &arg)?;
        let interrupt = self.interrupt;
        let interrupted = || interrupt.kill_requested();
        let result = match self.store.memories[m].atomic_wait(addr, arg.width(), expected, timeout, &interrupted)? {
            WaitOutcome::Woken => 0u32,
            WaitOutcome::NotEqual => 1,
            WaitOutcome::TimedOut => 2,
            WaitOutcome::Interrupted => {
                self.interrupt.take_kill(self.next_stop());
                return Err(Trap::Interrupt);
            }
        };
        fp.write(dst, result);
        Ok(())
    }
}
