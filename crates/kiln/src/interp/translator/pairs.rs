//! Pair fusion: two adjacent instructions that often run together become
//! one instruction, saving a dispatch. A pass over a function's finished
//! code (before result forwarding): the second instruction must not be a
//! place anything jumps to, so that nothing can run it alone.
//!
//! - two `i32.add_imm`s with 16-bit immediates (loop counters and pointers
//!   stepped together): `i32.add_imm2`;
//! - an `i32.add_imm` with a 16-bit immediate and a `br_if` on its result
//!   (a count-down loop): `i32.add_imm_br_nez` / `i32.add_imm_br_eqz`;
//! - two `i32.load`s with 16-bit offsets (fields of a structure):
//!   `i32.load2`;
//! - two `copy`s (arguments put in place for a call): `copy2`;
//! - an arithmetic instruction and one taking its result as an operand
//!   (the chains listed in [`chained`], see `ops`).
//!
//! Otherwise not when the second instruction reads the first's result:
//! result forwarding passes that in a register between two instructions,
//! and in one of these instructions it would go through its slot. (A chain
//! passes it in a register itself.)

use super::super::ops::{Op, Slot};
use super::relocate::retarget;

/// Fuses the pairs in `code` (which must have no exception handlers, as
/// their tables hold code positions).
pub(super) fn fuse_pairs(code: &mut Vec<Op>) {
    if code.len() < 2 {
        return;
    }
    // Most functions have no candidate: find that out before any work.
    if !code.windows(2).any(|pair| fused(pair[0], pair[1]).is_some()) {
        return;
    }
    let targets = jump_targets(code);
    let mut out = Vec::with_capacity(code.len());
    // `moved[i]`: the position of the instruction that does old
    // instruction `i`'s work (`moved[len]`: the end).
    let mut moved = Vec::with_capacity(code.len() + 1);
    let mut at = 0;
    while at < code.len() {
        let pair = fusable(code, &targets, at).filter(|_| {
            // A step and test after this pair's second instruction is
            // worth more (it runs every iteration of its loop).
            !matches!(fusable(code, &targets, at + 1), Some(Op::I32AddImmBrNez { .. } | Op::I32AddImmBrEqz { .. }))
        });
        moved.push(out.len());
        if let Some(op) = pair {
            moved.push(out.len());
            out.push(op);
            at += 2;
        } else {
            out.push(code[at]);
            at += 1;
        }
    }
    if out.len() == code.len() {
        return;
    }
    moved.push(out.len());
    retarget(code, &mut out, &moved);
    *code = out;
}

/// Which instructions something can jump to: branch targets and
/// `br_table` entries.
fn jump_targets(code: &[Op]) -> Vec<bool> {
    let mut targets = vec![false; code.len() + 1];
    for (at, op) in code.iter().enumerate() {
        if let Some(target) = op.branch_target(at).and_then(|t| targets.get_mut(t)) {
            *target = true;
        }
        if let Some(entries) = op.table_entries() {
            for entry in targets.iter_mut().skip(at + 1).take(entries) {
                *entry = true;
            }
        }
    }
    targets
}

/// The instructions at `at` and `at + 1` as one, if they have a fused form
/// and nothing jumps to the second.
fn fusable(code: &[Op], targets: &[bool], at: usize) -> Option<Op> {
    let (&first, &second) = (code.get(at)?, code.get(at + 1)?);
    if targets[at + 1] {
        return None;
    }
    fused(first, second)
}

/// `first` and `second` as one instruction, if they have a fused form.
fn fused(first: Op, second: Op) -> Option<Op> {
    match (first, second) {
        (Op::I32AddImm { dst: first_dst, lhs: first_lhs, imm: first_imm }, second) => {
            step_and(first_dst, first_lhs, first_imm, second)
        }
        // The second's operand must not be the first's result: the
        // accumulator forwards it, which the fused form could not.
        (Op::I32Load { dst: first_dst, ptr: first_ptr, offset: first_offset }, Op::I32Load { dst, ptr, offset })
            if ptr != first_dst =>
        {
            let (first_offset, offset) = (u16::try_from(first_offset).ok()?, u16::try_from(offset).ok()?);
            Some(Op::I32Load2 { dst, first_ptr, first_offset, first_dst, ptr, offset })
        }
        (Op::Copy { dst: first_dst, src: first_src }, Op::Copy { dst, src }) if src != first_dst => {
            Some(Op::Copy2 { dst, first_src, first_dst, src })
        }
        _ => chained(first, second),
    }
}

/// Defines [`chained`] for the chains listed, each by the shapes of its two
/// instructions: `slot` for `{ dst, lhs, rhs }`, `imm` for `{ dst, lhs,
/// imm }`. Every second instruction with two slot operands listed is
/// commutative, so the first's result may be either of them.
macro_rules! chains {
    (
        slot slot: [$($ss1:ident, $ss2:ident => $ss:ident;)*]
        slot imm: [$($si1:ident, $si2:ident => $si:ident;)*]
        imm slot: [$($is1:ident, $is2:ident => $is:ident;)*]
        imm imm: [$($ii1:ident, $ii2:ident => $ii:ident;)*]
    ) => {
        /// `first` and `second` as one chain instruction, if `second` takes
        /// `first`'s result as an operand and the pair has a chain form.
        fn chained(first: Op, second: Op) -> Option<Op> {
            match (first, second) {
                $( (Op::$ss1 { dst: mid, lhs, rhs }, Op::$ss2 { dst, lhs: a, rhs: b }) => {
                    let other = other_operand(mid, a, b)?;
                    Some(Op::$ss { dst, lhs, rhs, mid, other })
                } )*
                $( (Op::$si1 { dst: mid, lhs, rhs }, Op::$si2 { dst, lhs: a, imm }) if a == mid => {
                    Some(Op::$si { dst, lhs, rhs, mid, imm: i32::try_from(imm).ok()? })
                } )*
                $( (Op::$is1 { dst: mid, lhs, imm: first_imm }, Op::$is2 { dst, lhs: a, rhs: b }) => {
                    let other = other_operand(mid, a, b)?;
                    Some(Op::$is { dst, lhs, mid, other, first_imm: i32::try_from(first_imm).ok()? })
                } )*
                $( (Op::$ii1 { dst: mid, lhs, imm: first_imm }, Op::$ii2 { dst, lhs: a, imm }) if a == mid => {
                    Some(Op::$ii { dst, lhs, mid, first_imm: i32::try_from(first_imm).ok()?, imm: i32::try_from(imm).ok()? })
                } )*
                _ => None,
            }
        }
    };
}

chains! {
    slot slot: [
        I32Add, I32Xor => I32AddXor;
        I32Xor, I32Xor => I32XorXor;
        I64Add, I64Xor => I64AddXor;
        I64Xor, I64Xor => I64XorXor;
        I64And, I64Xor => I64AndXor;
        I64Mul, I64Add => I64MulAdd;
    ]
    slot imm: [
        I32Xor, I32RotlImm => I32XorRotlImm;
        I32And, I32ShlImm => I32AndShlImm;
        I64Xor, I64RotlImm => I64XorRotlImm;
        I64Add, I64ShrUImm => I64AddShrUImm;
    ]
    imm slot: [
        I32RotlImm, I32Add => I32RotlImmAdd;
        I32ShlImm, I32Xor => I32ShlImmXor;
        I32ShlImm, I32Add => I32ShlImmAdd;
        I32LtUImm, I32Add => I32LtUImmAdd;
        I32LtUImm, I32Or => I32LtUImmOr;
        I64RotlImm, I64Add => I64RotlImmAdd;
        I64RotlImm, I64Xor => I64RotlImmXor;
        I64ShrUImm, I64Add => I64ShrUImmAdd;
        I64XorImm, I64And => I64XorImmAnd;
    ]
    imm imm: [
        I32MulImm, I32AddImm => I32MulImmAddImm;
    ]
}

/// The operand of a commutative instruction with operands `a` and `b` that
/// is not `mid`, if one of them is.
fn other_operand(mid: Slot, a: Slot, b: Slot) -> Option<Slot> {
    if a == mid {
        Some(b)
    } else if b == mid {
        Some(a)
    } else {
        None
    }
}

/// `first_dst = first_lhs + first_imm` and `second` as one instruction.
fn step_and(first_dst: Slot, first_lhs: Slot, first_imm: i32, second: Op) -> Option<Op> {
    match second {
        Op::I32AddImm { dst, lhs, imm } => Some(Op::I32AddImm2 {
            dst,
            lhs,
            imm: i16::try_from(imm).ok()?,
            first_dst,
            first_lhs,
            first_imm: i16::try_from(first_imm).ok()?,
        }),
        Op::BrIfNez { cond, offset, cost } if cond == first_dst => {
            let imm = i16::try_from(first_imm).ok()?;
            Some(Op::I32AddImmBrNez { dst: first_dst, lhs: first_lhs, imm, offset, cost })
        }
        Op::BrIfEqz { cond, offset, cost } if cond == first_dst => {
            let imm = i16::try_from(first_imm).ok()?;
            Some(Op::I32AddImmBrEqz { dst: first_dst, lhs: first_lhs, imm, offset, cost })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::ops::{BranchOffset, Cost};

    fn add_imm(dst: u16, lhs: u16, imm: i32) -> Op {
        Op::I32AddImm { dst: Slot(dst), lhs: Slot(lhs), imm }
    }

    #[test]
    fn a_count_down_loop_steps_and_tests_in_one_instruction() {
        let back = Op::BrIfNez { cond: Slot(1), offset: BranchOffset(-2), cost: Cost(4) };
        let mut code = vec![add_imm(2, 2, 3), add_imm(1, 1, -1), back, Op::Return { cost: Cost::ZERO }];
        fuse_pairs(&mut code);
        // The loop starts at the first add: the pair after it fuses and the
        // branch, now one instruction earlier, still lands on it.
        let step = Op::I32AddImmBrNez { dst: Slot(1), lhs: Slot(1), imm: -1, offset: BranchOffset(-1), cost: Cost(4) };
        assert_eq!(code, [add_imm(2, 2, 3), step, Op::Return { cost: Cost::ZERO }]);
    }

    #[test]
    fn two_steps_fuse_unless_something_jumps_between_them() {
        let mut code = vec![add_imm(1, 1, 1), add_imm(2, 2, 4), Op::Return { cost: Cost::ZERO }];
        fuse_pairs(&mut code);
        let both =
            Op::I32AddImm2 { dst: Slot(2), lhs: Slot(2), imm: 4, first_dst: Slot(1), first_lhs: Slot(1), first_imm: 1 };
        assert_eq!(code, [both, Op::Return { cost: Cost::ZERO }]);

        // A branch to the second add, or an immediate past 16 bits: no fusion.
        let skip = Op::BrIfNez { cond: Slot(0), offset: BranchOffset(2), cost: Cost::ZERO };
        let unfused = vec![skip, add_imm(1, 1, 1), add_imm(2, 2, 4), Op::Return { cost: Cost::ZERO }];
        let mut code = unfused.clone();
        fuse_pairs(&mut code);
        assert_eq!(code, unfused);
        let wide = vec![add_imm(1, 1, 1), add_imm(2, 2, 1 << 20), Op::Return { cost: Cost::ZERO }];
        let mut code = wide.clone();
        fuse_pairs(&mut code);
        assert_eq!(code, wide);
    }

    #[test]
    fn loads_and_copies_pair_up_unless_the_second_reads_the_first() {
        let load = |dst: u16, ptr: u16, offset: u32| Op::I32Load { dst: Slot(dst), ptr: Slot(ptr), offset };
        let copy = |dst: u16, src: u16| Op::Copy { dst: Slot(dst), src: Slot(src) };
        let ret = Op::Return { cost: Cost::ZERO };
        let mut code = vec![load(3, 1, 8), load(4, 1, 12), copy(5, 0), copy(6, 2), ret];
        fuse_pairs(&mut code);
        let loads = Op::I32Load2 {
            dst: Slot(4),
            first_ptr: Slot(1),
            first_offset: 8,
            first_dst: Slot(3),
            ptr: Slot(1),
            offset: 12,
        };
        let copies = Op::Copy2 { dst: Slot(6), first_src: Slot(0), first_dst: Slot(5), src: Slot(2) };
        assert_eq!(code, [loads, copies, ret]);
        // A pointer chased, a value moved on, an offset past 16 bits: unfused.
        let unfused =
            vec![load(3, 1, 8), load(4, 3, 0), copy(5, 0), copy(6, 5), load(7, 1, 1 << 16), load(8, 1, 0), ret];
        let mut code = unfused.clone();
        fuse_pairs(&mut code);
        assert_eq!(code, unfused);
    }

    #[test]
    fn an_instruction_and_the_next_taking_its_result_chain() {
        let ret = Op::Return { cost: Cost::ZERO };
        // The sum is the xor's right operand: the xor's left is the other.
        let add = Op::I32Add { dst: Slot(3), lhs: Slot(1), rhs: Slot(2) };
        let mut code = vec![add, Op::I32Xor { dst: Slot(4), lhs: Slot(0), rhs: Slot(3) }, ret];
        fuse_pairs(&mut code);
        let chain = Op::I32AddXor { dst: Slot(4), lhs: Slot(1), rhs: Slot(2), mid: Slot(3), other: Slot(0) };
        assert_eq!(code, [chain, ret]);
        // Immediates on either side.
        let shl = Op::I32ShlImm { dst: Slot(3), lhs: Slot(1), imm: 5 };
        let mut code = vec![shl, Op::I32Add { dst: Slot(4), lhs: Slot(3), rhs: Slot(2) }, ret];
        fuse_pairs(&mut code);
        let chain = Op::I32ShlImmAdd { dst: Slot(4), lhs: Slot(1), mid: Slot(3), other: Slot(2), first_imm: 5 };
        assert_eq!(code, [chain, ret]);
        let xor = Op::I64Xor { dst: Slot(3), lhs: Slot(1), rhs: Slot(2) };
        let mut code = vec![xor, Op::I64RotlImm { dst: Slot(3), lhs: Slot(3), imm: 41 }, ret];
        fuse_pairs(&mut code);
        let chain = Op::I64XorRotlImm { dst: Slot(3), lhs: Slot(1), rhs: Slot(2), mid: Slot(3), imm: 41 };
        assert_eq!(code, [chain, ret]);
        // A second that does not read the first's result, or an immediate
        // past 32 bits: unfused.
        let unfused = vec![add, Op::I32Xor { dst: Slot(4), lhs: Slot(1), rhs: Slot(2) }, ret];
        let mut code = unfused.clone();
        fuse_pairs(&mut code);
        assert_eq!(code, unfused);
        let wide = Op::I64XorImm { dst: Slot(3), lhs: Slot(1), imm: 1 << 40 };
        let unfused = vec![wide, Op::I64And { dst: Slot(4), lhs: Slot(3), rhs: Slot(2) }, ret];
        let mut code = unfused.clone();
        fuse_pairs(&mut code);
        assert_eq!(code, unfused);
    }

    #[test]
    fn a_branch_on_another_slot_is_left_alone() {
        let test = Op::BrIfEqz { cond: Slot(5), offset: BranchOffset(2), cost: Cost::ZERO };
        let code0 = vec![add_imm(1, 1, -1), test, Op::Unreachable {}, Op::Return { cost: Cost::ZERO }];
        let mut code = code0.clone();
        fuse_pairs(&mut code);
        assert_eq!(code, code0);
    }
}
