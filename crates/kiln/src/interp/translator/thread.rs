//! Branch threading: an unconditional branch whose target is another
//! unconditional branch goes straight to that one's target, and one that
//! lands on a `br_const32` takes the constant along. A `switch` whose cases
//! each yield a constant then costs one dispatch per case instead of three
//! (`br_table` entry, `const32`, `br`).
//!
//! Costs are added, so fuel and instruction counts are exactly as before.
//! Check points stay sufficient: every cycle through the code still contains
//! a branch with an offset of 0 or less, since positions only grow along
//! forward branches.

use super::super::ops::{BranchOffset, Cost, Op};

/// How many branches one branch is threaded through at most, which also
/// ends the walk around a cycle of unconditional branches.
const MAX_HOPS: usize = 8;

/// Rewrites each unconditional branch in `code` to skip the unconditional
/// branches it lands on.
pub(super) fn thread_branches(code: &mut [Op]) {
    for at in 0..code.len() {
        for _ in 0..MAX_HOPS {
            match threaded(code, at) {
                Some(op) => code[at] = op,
                None => break,
            }
        }
    }
}

/// The branch at `at` taken one hop further, if it lands on an
/// unconditional branch it can absorb.
fn threaded(code: &[Op], at: usize) -> Option<Op> {
    let (offset, cost) = unconditional(code[at])?;
    let target = code[at].branch_target(at)?;
    if target == at {
        return None;
    }
    let (next_offset, next_cost) = unconditional(*code.get(target)?)?;
    let offset = BranchOffset(offset.0.checked_add(next_offset.0)?);
    let cost = Cost(cost.0.checked_add(next_cost.0)?);
    match (code[at], code[target]) {
        (Op::Br { .. }, Op::Br { .. }) => Some(Op::Br { offset, cost }),
        (Op::Br { .. }, Op::BrConst32 { dst, value, .. }) => Some(Op::BrConst32 { dst, value, offset, cost }),
        (Op::BrConst32 { dst, value, .. }, Op::Br { .. }) => Some(Op::BrConst32 { dst, value, offset, cost }),
        // Two constants cannot share one instruction.
        _ => None,
    }
}

fn unconditional(op: Op) -> Option<(BranchOffset, Cost)> {
    match op {
        Op::Br { offset, cost } | Op::BrConst32 { offset, cost, .. } => Some((offset, cost)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::ops::Slot;

    fn br(offset: i32, cost: u16) -> Op {
        Op::Br { offset: BranchOffset(offset), cost: Cost(cost) }
    }

    fn br_const(value: u32, offset: i32, cost: u16) -> Op {
        Op::BrConst32 { dst: Slot(2), value, offset: BranchOffset(offset), cost: Cost(cost) }
    }

    const RET: Op = Op::Return { cost: Cost::ZERO };

    #[test]
    fn chains_collapse_and_costs_add_up() {
        let mut code = [br(2, 1), RET, br(2, 3), RET, br(-4, 5)];
        thread_branches(&mut code);
        // 0 -> 2 -> 4 -> 0: a loop onto itself, charging what the three
        // branches charged on the way round.
        assert_eq!(code[0], br(0, 9));
        let mut code = [br(2, 1), RET, br(2, 3), RET, RET];
        thread_branches(&mut code);
        assert_eq!(code[0], br(4, 4));
    }

    #[test]
    fn a_case_takes_its_constant_along() {
        let mut code = [br(2, 0), RET, br_const(7, 2, 3), RET, RET];
        thread_branches(&mut code);
        assert_eq!(code[0], br_const(7, 4, 3));
        let mut code = [br_const(7, 2, 1), RET, br(2, 3), RET, RET];
        thread_branches(&mut code);
        assert_eq!(code[0], br_const(7, 4, 4));
    }

    #[test]
    fn two_constants_and_overflowing_costs_stay_apart() {
        let mut code = [br_const(1, 2, 0), RET, br_const(2, 2, 0), RET, RET];
        thread_branches(&mut code);
        assert_eq!(code[0], br_const(1, 2, 0));
        let mut code = [br(2, u16::MAX), RET, br(2, 1), RET, RET];
        thread_branches(&mut code);
        assert_eq!(code[0], br(2, u16::MAX));
    }

    #[test]
    fn a_branch_to_itself_is_left_alone() {
        let mut code = [br(0, 1)];
        thread_branches(&mut code);
        assert_eq!(code[0], br(0, 1));
    }
}
