//! Result forwarding: an instruction that uses the result of the one just
//! before it takes it from the executor's accumulator, a machine register
//! holding the last result, instead of reloading it from its slot. That
//! takes a store-to-load round trip (several cycles) out of every chain of
//! dependent instructions.
//!
//! A pass over a function's finished code: it follows which slot the
//! accumulator holds before each instruction and switches an instruction to
//! its accumulator form (see `ops::define_ops`) when the operand that form
//! takes from the accumulator is that slot, swapping the operands of a
//! commutative or mirrorable instruction first if that helps. Nothing is
//! known about the accumulator at a branch target (catch clauses' targets
//! included), after a call, or after an instruction that can leave the
//! executor and come back.

use super::super::ops::{Op, Slot};

/// Rewrites `code` to take forwarded results from the accumulator.
/// `landings` are the instructions exception handlers continue at.
pub(super) fn forward_results(code: &mut [Op], landings: impl Iterator<Item = usize>) {
    let mut targets = branch_targets(code);
    for at in landings {
        if let Some(target) = targets.get_mut(at) {
            *target = true;
        }
    }
    let mut acc: Option<Slot> = None;
    for (at, is_target) in targets.iter().enumerate().take(code.len()) {
        if *is_target {
            acc = None;
        }
        if let Some(slot) = acc
            && let Some(op) = in_accumulator_form(code[at], slot)
        {
            code[at] = op;
        }
        acc = accumulator_after(&code[at], acc);
    }
}

/// Which instructions a branch can land on (out-of-range offsets are left
/// for the code verifier to reject).
fn branch_targets(code: &[Op]) -> Vec<bool> {
    let mut targets = vec![false; code.len()];
    for (at, op) in code.iter().enumerate() {
        if let Some(offset) = op.branch_offset()
            && let Some(target) = at.checked_add_signed(offset.0 as isize).and_then(|t| targets.get_mut(t))
        {
            *target = true;
        }
        if let Op::BrTable { len, .. } = *op {
            // `br_table` jumps onto the branches that follow it.
            for entry in targets.iter_mut().skip(at + 1).take(len as usize + 1) {
                *entry = true;
            }
        }
    }
    targets
}

/// The operand an accumulator form takes from the accumulator: the first
/// slot after `dst`, or the first slot if there is no `dst`.
fn forwarded_operand(op: &Op) -> Option<Slot> {
    let has_dst = { *op }.dst_mut().is_some();
    let mut slots = Vec::with_capacity(4);
    op.visit_slots(&mut |s| slots.push(s));
    slots.get(usize::from(has_dst)).copied()
}

/// `op` in accumulator form, taking `slot` from the accumulator, if it has
/// such a form.
fn in_accumulator_form(op: Op, slot: Slot) -> Option<Op> {
    let op = if forwarded_operand(&op) == Some(slot) { op } else { swapped(op)? };
    if forwarded_operand(&op) != Some(slot) {
        return None;
    }
    op.accumulator_form()
}

/// What the accumulator holds after `op`, given that it held `acc` before.
fn accumulator_after(op: &Op, acc: Option<Slot>) -> Option<Slot> {
    match op {
        // Calls and growth can leave the executor and resume after the
        // instruction; canonicalization rewrites a slot in place.
        Op::CallInternal { .. }
        | Op::CallImported { .. }
        | Op::CallIndirect { .. }
        | Op::ReturnCallImported { .. }
        | Op::ReturnCallIndirect { .. }
        | Op::CallRef { .. }
        | Op::ReturnCallRef { .. }
        | Op::MemoryGrow { .. }
        | Op::TableGrow { .. }
        | Op::CanonF32 { .. }
        | Op::CanonF64 { .. }
        | Op::CanonF32x4 { .. }
        | Op::CanonF64x2 { .. } => None,
        // Every other instruction with a result leaves it in the accumulator.
        _ => { *op }.dst_mut().map(|dst| *dst).or(acc),
    }
}

/// `op` with its two operands exchanged, for an instruction where that
/// changes nothing (commutative) or only the comparison (mirrored).
fn swapped(op: Op) -> Option<Op> {
    macro_rules! swaps {
        (
            commutative: $($c:ident),*;
            mirrored: $($a:ident <-> $b:ident),*;
            commutative branches: $($cb:ident),*;
            mirrored branches: $($ba:ident <-> $bb:ident),*;
        ) => {
            match op {
                $( Op::$c { dst, lhs, rhs } => Some(Op::$c { dst, lhs: rhs, rhs: lhs }), )*
                $( Op::$cb { lhs, rhs, offset, cost } => Some(Op::$cb { lhs: rhs, rhs: lhs, offset, cost }), )*
                $(
                    Op::$a { dst, lhs, rhs } => Some(Op::$b { dst, lhs: rhs, rhs: lhs }),
                    Op::$b { dst, lhs, rhs } => Some(Op::$a { dst, lhs: rhs, rhs: lhs }),
                )*
                $(
                    Op::$ba { lhs, rhs, offset, cost } => Some(Op::$bb { lhs: rhs, rhs: lhs, offset, cost }),
                    Op::$bb { lhs, rhs, offset, cost } => Some(Op::$ba { lhs: rhs, rhs: lhs, offset, cost }),
                )*
                _ => None,
            }
        };
    }
    swaps! {
        commutative: I32Add, I32Mul, I32And, I32Or, I32Xor, I32Eq, I32Ne,
            I64Add, I64Mul, I64And, I64Or, I64Xor, I64Eq, I64Ne;
        mirrored: I32LtS <-> I32GtS, I32LtU <-> I32GtU, I32LeS <-> I32GeS, I32LeU <-> I32GeU,
            I64LtS <-> I64GtS, I64LtU <-> I64GtU, I64LeS <-> I64GeS, I64LeU <-> I64GeU;
        commutative branches: BrI32Eq, BrI32Ne, BrI64Eq, BrI64Ne;
        mirrored branches: BrI32LtS <-> BrI32GtS, BrI32LtU <-> BrI32GtU, BrI32LeS <-> BrI32GeS, BrI32LeU <-> BrI32GeU,
            BrI64LtS <-> BrI64GtS, BrI64LtU <-> BrI64GtU, BrI64LeS <-> BrI64GeS, BrI64LeU <-> BrI64GeU;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::ops::{BranchOffset, Cost};

    fn add(dst: u16, lhs: u16, rhs: u16) -> Op {
        Op::I32Add { dst: Slot(dst), lhs: Slot(lhs), rhs: Slot(rhs) }
    }

    #[test]
    fn a_result_used_next_comes_from_the_accumulator() {
        let mut code = [add(3, 1, 2), add(4, 3, 1), add(5, 1, 4), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, std::iter::empty());
        assert_eq!(code[0], add(3, 1, 2));
        assert_eq!(code[1], Op::I32AddAcc { dst: Slot(4), lhs: Slot(3), rhs: Slot(1) });
        // Commutative: the operands are swapped to put the forwarded one first.
        assert_eq!(code[2], Op::I32AddAcc { dst: Slot(5), lhs: Slot(4), rhs: Slot(1) });
    }

    #[test]
    fn comparisons_mirror_and_other_operands_stay_in_slots() {
        let lt = Op::I32LtU { dst: Slot(6), lhs: Slot(1), rhs: Slot(3) };
        let sub = Op::I32Sub { dst: Slot(7), lhs: Slot(1), rhs: Slot(3) };
        let mut code = [add(3, 1, 2), lt, add(3, 1, 2), sub, Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, std::iter::empty());
        assert_eq!(code[1], Op::I32GtUAcc { dst: Slot(6), lhs: Slot(3), rhs: Slot(1) });
        // `sub` cannot swap: its operand stays in its slot.
        assert_eq!(code[3], sub);
    }

    #[test]
    fn branch_targets_and_calls_forget_the_accumulator() {
        let back = Op::BrIfNez { cond: Slot(3), offset: BranchOffset(-1), cost: Cost::ZERO };
        let call = Op::CallInternal { func: 0, base: Slot(8), cost: Cost::ZERO };
        let mut code = [add(3, 1, 2), back, add(4, 3, 3), call, add(5, 4, 4), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, std::iter::empty());
        // The branch's target (index 0) is not what forgets: the branch
        // itself reads the accumulator, and so does the next instruction
        // (a branch keeps the accumulator on the way through).
        assert_eq!(code[1], Op::BrIfNezAcc { cond: Slot(3), offset: BranchOffset(-1), cost: Cost::ZERO });
        assert_eq!(code[2], Op::I32AddAcc { dst: Slot(4), lhs: Slot(3), rhs: Slot(3) });
        // After the call the accumulator is unknown.
        assert_eq!(code[4], add(5, 4, 4));
    }

    #[test]
    fn a_branch_target_starts_with_an_unknown_accumulator() {
        let jump = Op::Br { offset: BranchOffset(2), cost: Cost::ZERO };
        let mut code = [add(3, 1, 2), jump, add(9, 9, 9), add(4, 3, 3), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, std::iter::empty());
        assert_eq!(code[3], add(4, 3, 3));
    }
}
