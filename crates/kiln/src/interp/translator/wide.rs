//! Translation of the wide-arithmetic proposal's instructions
//! (`i64.add128`, `i64.sub128`, `i64.mul_wide_s`, `i64.mul_wide_u`): each
//! pops its `i64` operands and pushes two `i64` results, the low half then
//! the high half. The two result entries get consecutive homes, so one
//! instruction writes both (see `ops`).

use anyhow::{Result, bail};

use super::Translator;
use super::stack::Ty;
use crate::interp::ops::{Op, Slot};

/// Which 128-bit operation.
#[derive(Copy, Clone, Debug)]
pub(super) enum Wide {
    /// `i64.add128`.
    Add128,
    /// `i64.sub128`.
    Sub128,
    /// `i64.mul_wide_s`.
    MulWideS,
    /// `i64.mul_wide_u`.
    MulWideU,
}

impl Translator<'_> {
    /// Translates one wide-arithmetic instruction.
    pub(super) fn wide_arithmetic(&mut self, op: Wide) -> Result<()> {
        let arity = match op {
            Wide::Add128 | Wide::Sub128 => 4,
            Wide::MulWideS | Wide::MulWideU => 2,
        };
        let mut operands = [Slot(0); 4];
        for i in (0..arity).rev() {
            let entry = self.stack.pop()?;
            operands[i] = self.slot_of(entry);
        }
        let dst = self.stack.push_home(Ty::I64)?;
        let hi = self.stack.push_home(Ty::I64)?;
        if u32::from(hi.0) != u32::from(dst.0) + 1 {
            bail!("internal error: the halves of a 128-bit result are not in consecutive slots");
        }
        let [a, b, c, d] = operands;
        // Not `emit_result`: the instruction has two results, so neither may
        // be retargeted to a local on its own.
        self.emit(match op {
            Wide::Add128 => Op::I64Add128 { dst, lhs_lo: a, lhs_hi: b, rhs_lo: c, rhs_hi: d },
            Wide::Sub128 => Op::I64Sub128 { dst, lhs_lo: a, lhs_hi: b, rhs_lo: c, rhs_hi: d },
            Wide::MulWideS => Op::I64MulWideS { dst, lhs: a, rhs: b },
            Wide::MulWideU => Op::I64MulWideU { dst, lhs: a, rhs: b },
        });
        Ok(())
    }
}
