//! Translation of the threads proposal's instructions: atomic loads,
//! stores and read-modify-writes, `memory.atomic.wait/notify` and
//! `atomic.fence`, each to one instruction whose immediates go to the
//! module's pool ([`AtomicArg`]).

use anyhow::Result;
use wasmparser::{MemArg, Operator};

use super::Translator;
use super::stack::Ty;
use crate::interp::atomics::{AtomicArg, RmwOp};
use crate::interp::ops::{Op, Slot};

/// What an atomic instruction does, with its access width and result type.
enum Kind {
    Load,
    Store,
    Rmw(RmwOp),
    Cmpxchg,
    Notify,
    Wait,
}

/// The kind, width in bytes, value type and memory immediate of a threads
/// instruction other than `atomic.fence`.
fn classify(op: &Operator<'_>) -> Option<(Kind, u8, Ty, MemArg)> {
    use Kind::*;
    use Operator as O;
    use RmwOp::*;
    use Ty::{I32, I64};
    let (kind, width, ty, memarg) = match *op {
        O::MemoryAtomicNotify { memarg } => (Notify, 4, I32, memarg),
        O::MemoryAtomicWait32 { memarg } => (Wait, 4, I32, memarg),
        O::MemoryAtomicWait64 { memarg } => (Wait, 8, I64, memarg),
        O::I32AtomicLoad { memarg } => (Load, 4, I32, memarg),
        O::I64AtomicLoad { memarg } => (Load, 8, I64, memarg),
        O::I32AtomicLoad8U { memarg } => (Load, 1, I32, memarg),
        O::I32AtomicLoad16U { memarg } => (Load, 2, I32, memarg),
        O::I64AtomicLoad8U { memarg } => (Load, 1, I64, memarg),
        O::I64AtomicLoad16U { memarg } => (Load, 2, I64, memarg),
        O::I64AtomicLoad32U { memarg } => (Load, 4, I64, memarg),
        O::I32AtomicStore { memarg } => (Store, 4, I32, memarg),
        O::I64AtomicStore { memarg } => (Store, 8, I64, memarg),
        O::I32AtomicStore8 { memarg } | O::I64AtomicStore8 { memarg } => (Store, 1, I32, memarg),
        O::I32AtomicStore16 { memarg } | O::I64AtomicStore16 { memarg } => (Store, 2, I32, memarg),
        O::I64AtomicStore32 { memarg } => (Store, 4, I64, memarg),
        O::I32AtomicRmwAdd { memarg } => (Rmw(Add), 4, I32, memarg),
        O::I64AtomicRmwAdd { memarg } => (Rmw(Add), 8, I64, memarg),
        O::I32AtomicRmw8AddU { memarg } => (Rmw(Add), 1, I32, memarg),
        O::I32AtomicRmw16AddU { memarg } => (Rmw(Add), 2, I32, memarg),
        O::I64AtomicRmw8AddU { memarg } => (Rmw(Add), 1, I64, memarg),
        O::I64AtomicRmw16AddU { memarg } => (Rmw(Add), 2, I64, memarg),
        O::I64AtomicRmw32AddU { memarg } => (Rmw(Add), 4, I64, memarg),
        O::I32AtomicRmwSub { memarg } => (Rmw(Sub), 4, I32, memarg),
        O::I64AtomicRmwSub { memarg } => (Rmw(Sub), 8, I64, memarg),
        O::I32AtomicRmw8SubU { memarg } => (Rmw(Sub), 1, I32, memarg),
        O::I32AtomicRmw16SubU { memarg } => (Rmw(Sub), 2, I32, memarg),
        O::I64AtomicRmw8SubU { memarg } => (Rmw(Sub), 1, I64, memarg),
        O::I64AtomicRmw16SubU { memarg } => (Rmw(Sub), 2, I64, memarg),
        O::I64AtomicRmw32SubU { memarg } => (Rmw(Sub), 4, I64, memarg),
        O::I32AtomicRmwAnd { memarg } => (Rmw(And), 4, I32, memarg),
        O::I64AtomicRmwAnd { memarg } => (Rmw(And), 8, I64, memarg),
        O::I32AtomicRmw8AndU { memarg } => (Rmw(And), 1, I32, memarg),
        O::I32AtomicRmw16AndU { memarg } => (Rmw(And), 2, I32, memarg),
        O::I64AtomicRmw8AndU { memarg } => (Rmw(And), 1, I64, memarg),
        O::I64AtomicRmw16AndU { memarg } => (Rmw(And), 2, I64, memarg),
        O::I64AtomicRmw32AndU { memarg } => (Rmw(And), 4, I64, memarg),
        O::I32AtomicRmwOr { memarg } => (Rmw(Or), 4, I32, memarg),
        O::I64AtomicRmwOr { memarg } => (Rmw(Or), 8, I64, memarg),
        O::I32AtomicRmw8OrU { memarg } => (Rmw(Or), 1, I32, memarg),
        O::I32AtomicRmw16OrU { memarg } => (Rmw(Or), 2, I32, memarg),
        O::I64AtomicRmw8OrU { memarg } => (Rmw(Or), 1, I64, memarg),
        O::I64AtomicRmw16OrU { memarg } => (Rmw(Or), 2, I64, memarg),
        O::I64AtomicRmw32OrU { memarg } => (Rmw(Or), 4, I64, memarg),
        O::I32AtomicRmwXor { memarg } => (Rmw(Xor), 4, I32, memarg),
        O::I64AtomicRmwXor { memarg } => (Rmw(Xor), 8, I64, memarg),
        O::I32AtomicRmw8XorU { memarg } => (Rmw(Xor), 1, I32, memarg),
        O::I32AtomicRmw16XorU { memarg } => (Rmw(Xor), 2, I32, memarg),
        O::I64AtomicRmw8XorU { memarg } => (Rmw(Xor), 1, I64, memarg),
        O::I64AtomicRmw16XorU { memarg } => (Rmw(Xor), 2, I64, memarg),
        O::I64AtomicRmw32XorU { memarg } => (Rmw(Xor), 4, I64, memarg),
        O::I32AtomicRmwXchg { memarg } => (Rmw(Xchg), 4, I32, memarg),
        O::I64AtomicRmwXchg { memarg } => (Rmw(Xchg), 8, I64, memarg),
        O::I32AtomicRmw8XchgU { memarg } => (Rmw(Xchg), 1, I32, memarg),
        O::I32AtomicRmw16XchgU { memarg } => (Rmw(Xchg), 2, I32, memarg),
        O::I64AtomicRmw8XchgU { memarg } => (Rmw(Xchg), 1, I64, memarg),
        O::I64AtomicRmw16XchgU { memarg } => (Rmw(Xchg), 2, I64, memarg),
        O::I64AtomicRmw32XchgU { memarg } => (Rmw(Xchg), 4, I64, memarg),
        O::I32AtomicRmwCmpxchg { memarg } => (Cmpxchg, 4, I32, memarg),
        O::I64AtomicRmwCmpxchg { memarg } => (Cmpxchg, 8, I64, memarg),
        O::I32AtomicRmw8CmpxchgU { memarg } => (Cmpxchg, 1, I32, memarg),
        O::I32AtomicRmw16CmpxchgU { memarg } => (Cmpxchg, 2, I32, memarg),
        O::I64AtomicRmw8CmpxchgU { memarg } => (Cmpxchg, 1, I64, memarg),
        O::I64AtomicRmw16CmpxchgU { memarg } => (Cmpxchg, 2, I64, memarg),
        O::I64AtomicRmw32CmpxchgU { memarg } => (Cmpxchg, 4, I64, memarg),
        _ => return None,
    };
    Some((kind, width, ty, memarg))
}

impl Translator<'_> {
    /// Translates `op` if it is a threads instruction; `false` if it is not.
    pub(super) fn translate_atomic(&mut self, op: &Operator<'_>) -> Result<bool> {
        if let Operator::AtomicFence { .. } = op {
            self.emit(Op::AtomicFence {});
            return Ok(true);
        }
        let Some((kind, width, ty, memarg)) = classify(op) else { return Ok(false) };
        let rmw = if let Kind::Rmw(rmw) = kind { rmw } else { RmwOp::Xchg };
        let mem = Self::memory_of(&memarg)?;
        self.pools.atomic_args.push(AtomicArg { mem, offset: memarg.offset, width, rmw });
        let arg = u32::try_from(self.pools.atomic_args.len() - 1)?;
        match kind {
            Kind::Load => {
                let ptr = self.pop_slots::<1>()?[0];
                self.push_result(ty, |dst| Op::AtomicLoad { dst, ptr, arg })?;
            }
            Kind::Store => {
                let [ptr, src] = self.pop_slots()?;
                self.emit(Op::AtomicStore { ptr, src, arg });
            }
            Kind::Rmw(_) => {
                let [ptr, src] = self.pop_slots()?;
                self.push_result(ty, |dst| Op::AtomicRmw { dst, ptr, src, arg })?;
            }
            Kind::Cmpxchg => {
                let [ptr, expected, replacement] = self.pop_slots()?;
                self.push_result(ty, |dst| Op::AtomicCmpxchg { dst, ptr, expected, replacement, arg })?;
            }
            Kind::Notify => {
                let [ptr, count] = self.pop_slots()?;
                self.push_result(Ty::I32, |dst| Op::AtomicNotify { dst, ptr, count, arg })?;
            }
            Kind::Wait => {
                let [ptr, expected, timeout] = self.pop_slots()?;
                self.push_result(Ty::I32, |dst| Op::AtomicWait { dst, ptr, expected, timeout, arg })?;
            }
        }
        Ok(true)
    }

    /// Pops `N` operands (lowest first) and returns their slots.
    fn pop_slots<const N: usize>(&mut self) -> Result<[Slot; N]> {
        let mut entries = Vec::with_capacity(N);
        for _ in 0..N {
            entries.push(self.stack.pop()?);
        }
        let mut slots = [Slot(0); N];
        for (slot, entry) in slots.iter_mut().zip(entries.into_iter().rev()) {
            *slot = self.slot_of(entry);
        }
        Ok(slots)
    }
}
