//! Result forwarding: an instruction that uses the result of the one just
//! before it takes it from the executor's accumulator, a machine register
//! holding the last result, instead of reloading it from its slot. That
//! takes a store-to-load round trip (several cycles) out of every chain of
//! dependent instructions.
//!
//! A pass over a function's finished code. It first works out which slot
//! the accumulator holds when each instruction starts (a forward data-flow
//! over the code's edges: at a branch target, the slot every edge into it
//! agrees on), then switches an instruction to its accumulator form (see
//! `ops::define_ops`) when the operand that form takes from the accumulator
//! is that slot, swapping the operands of a commutative or mirrorable
//! instruction first if that helps. So a loop whose back-edge leaves the
//! loop variable in the accumulator, and which is entered with it there
//! too, starts each iteration without reloading it. Nothing is known about
//! the accumulator at a function's entry, at an exception handler's landing,
//! after a call, or after an instruction that can leave the executor and
//! come back there. (A check point can leave and come back anywhere a
//! backward branch lands; the executor keeps the accumulator across that.)

use super::super::ops::{Op, Slot};
use super::relocate::retarget;

/// Rewrites `code` to take forwarded results from the accumulator.
/// `landings` are the instructions exception handlers continue at;
/// instructions are only added if the code is `movable` (it has no
/// exception handler tables, which hold code positions).
pub(super) fn forward_results(code: &mut Vec<Op>, landings: &[usize], movable: bool) {
    if u32::try_from(code.len()).is_err() {
        return;
    }
    let steps: Vec<Step> = code.iter().enumerate().map(|(at, op)| Step::of(at, op)).collect();
    let mut known = accumulator_on_entry(&steps, landings);
    let loops = steps.iter().enumerate().any(|(at, step)| step.target.is_some_and(|t| t as usize <= at));
    if movable && loops {
        load_before_loops(code, &steps, &mut known);
    }
    for (op, known) in code.iter_mut().zip(known) {
        if let Known::Slot(slot) = known
            && let Some(forwarded) = in_accumulator_form(*op, slot)
        {
            *op = forwarded;
        }
    }
}

/// What is known about the accumulator when an instruction starts.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Known {
    /// No path reaching the instruction has been seen yet.
    Unreached,
    /// Every path leaves this slot's value in the accumulator.
    Slot(Slot),
    /// Paths disagree, or one leaves it unknown.
    Nothing,
}

impl Known {
    /// What is known where paths knowing `self` and `other` meet.
    fn meet(self, other: Known) -> Known {
        match (self, other) {
            (Known::Unreached, k) | (k, Known::Unreached) => k,
            (a, b) if a == b => a,
            _ => Known::Nothing,
        }
    }
}

/// What an instruction does to the accumulator and where control goes
/// after it, worked out once per instruction for the sweeps below.
#[derive(Copy, Clone)]
struct Step {
    /// What it leaves for the next instruction, if control can fall
    /// through to it.
    fall: Option<Effect>,
    /// The branch target, if any (code is far shorter than 2^32
    /// instructions: see `forward_results`).
    target: Option<u32>,
    /// What a taken branch leaves in the accumulator.
    taken: Taken,
    /// A `br_table`'s entry count (its entries follow it).
    entries: u32,
}

impl Step {
    fn of(at: usize, op: &Op) -> Step {
        let entries = op.table_entries().unwrap_or(0) as u32;
        let target = op.branch_target(at).map(|t| t as u32);
        let fall = (!op.is_terminator() && entries == 0).then(|| effect(op));
        let taken = match (target, *op) {
            (None, _) => Taken::Keeps,
            (Some(_), Op::BrConst32 { dst, .. }) => Taken::Clobbers(dst),
            (Some(_), op) => op.dst().map_or(Taken::Keeps, Taken::Holds),
        };
        Step { fall, target, taken, entries }
    }

    /// What the accumulator holds after the step, on the fall-through edge.
    fn after(self, before: Known) -> Option<Known> {
        Some(match self.fall? {
            Effect::Keep => before,
            Effect::Forget => Known::Nothing,
            Effect::Hold(slot) => Known::Slot(slot),
        })
    }

    /// What it holds on the branch edge.
    fn on_branch(self, before: Known) -> Known {
        match (self.taken, before) {
            (Taken::Clobbers(written), Known::Slot(slot)) if written == slot => Known::Nothing,
            (Taken::Holds(slot), _) => Known::Slot(slot),
            _ => before,
        }
    }
}

/// What a taken branch leaves in the accumulator.
#[derive(Copy, Clone)]
enum Taken {
    /// What it held before (most branches).
    Keeps,
    /// What it held before, unless that was this slot, which the branch
    /// writes without the accumulator (`br_const32`).
    Clobbers(Slot),
    /// This slot's value: a fused instruction's result, which it leaves in
    /// the accumulator before it branches.
    Holds(Slot),
}

/// The accumulator's contents at the start of each instruction: the
/// fixed point of propagating each instruction's [`Step`] along its
/// edges, from nothing known at the entry and at `landings`. Each state
/// only moves down (unreached, a slot, nothing), and a sweep in code
/// order settles every forward edge, so sweeping again, from the first
/// place a backward edge changed, ends after a few sweeps; a sweep visits
/// only the instructions whose state changed since their last visit.
fn accumulator_on_entry(steps: &[Step], landings: &[usize]) -> Vec<Known> {
    let mut known = vec![Known::Unreached; steps.len()];
    // `Nothing` is the bottom of the order: these stay as they are.
    for &at in std::iter::once(&0).chain(landings) {
        if let Some(k) = known.get_mut(at) {
            *k = Known::Nothing;
        }
    }
    // Only an instruction whose state changed since it was last visited
    // can change what follows it.
    let mut changed = vec![true; steps.len()];
    let mut sweep_from = Some(0);
    while let Some(first) = sweep_from.take() {
        for (at, step) in steps.iter().enumerate().skip(first) {
            let before = known[at];
            if !std::mem::take(&mut changed[at]) || before == Known::Unreached {
                continue;
            }
            let mut merge = |to: usize, incoming: Known| {
                if let Some(k) = known.get_mut(to) {
                    let met = k.meet(incoming);
                    if met != *k {
                        *k = met;
                        changed[to] = true;
                        if to <= at {
                            sweep_from = Some(sweep_from.map_or(to, |from: usize| from.min(to)));
                        }
                    }
                }
            };
            // `br_table` jumps onto the branches that follow it.
            for entry in at + 1..=at + step.entries as usize {
                merge(entry, before);
            }
            if let Some(target) = step.target {
                merge(target as usize, step.on_branch(before));
            }
            if let Some(after) = step.after(before) {
                merge(at + 1, after);
            }
        }
    }
    known
}

/// Puts the loop variable into the accumulator on the way into a loop: at
/// a backward branch's target where every branch leaves the same slot in
/// the accumulator and the first instruction would take it from there, but
/// the code falling into it leaves something else, inserts a `copy` of
/// the slot to itself (which loads the accumulator) before it. The copy
/// runs once per entry into the loop; every iteration then starts with
/// its variable in a register. Branches keep landing on the instruction
/// they landed on, after the copy.
fn load_before_loops(code: &mut Vec<Op>, steps: &[Step], known: &mut Vec<Known>) {
    let mut via_branches = vec![Known::Unreached; code.len()];
    let mut table_entry = vec![false; code.len()];
    let mut loop_header = vec![false; code.len()];
    for (at, step) in steps.iter().enumerate() {
        let before = known[at];
        if before == Known::Unreached {
            continue;
        }
        for entry in table_entry.iter_mut().skip(at + 1).take(step.entries as usize) {
            *entry = true;
        }
        if let Some(target) = step.target.map(|t| t as usize) {
            let Some(k) = via_branches.get_mut(target) else { return };
            *k = k.meet(step.on_branch(before));
            loop_header[target] |= target <= at;
        }
    }
    let loads: Vec<(usize, Slot)> = (1..code.len())
        .filter_map(|at| {
            let Known::Slot(slot) = via_branches[at] else { return None };
            let falls_in = known[at - 1] != Known::Unreached && !code[at - 1].is_terminator();
            let useful = known[at] == Known::Nothing && in_accumulator_form(code[at], slot).is_some();
            (loop_header[at] && falls_in && useful && !table_entry[at]).then_some((at, slot))
        })
        .collect();
    if loads.is_empty() {
        return;
    }
    // `moved[i]`: where instruction `i` goes (`moved[len]`: the end). What
    // is known at each instruction stays true; a loaded loop header now
    // knows its variable. (Knowing it can only make more known downstream,
    // which this pass leaves unused rather than sweep again.)
    let mut moved = Vec::with_capacity(code.len() + 1);
    let mut out = Vec::with_capacity(code.len() + loads.len());
    let mut out_known = Vec::with_capacity(code.len() + loads.len());
    let mut pending = loads.iter().peekable();
    for (at, op) in code.iter().enumerate() {
        let mut known_here = known[at];
        if let Some(&(_, slot)) = pending.next_if(|(load_at, _)| *load_at == at) {
            out.push(Op::Copy { dst: slot, src: slot });
            out_known.push(Known::Nothing);
            known_here = Known::Slot(slot);
        }
        moved.push(out.len());
        out.push(*op);
        out_known.push(known_here);
    }
    moved.push(out.len());
    retarget(code, &mut out, &moved);
    *code = out;
    *known = out_known;
}

/// `op` in accumulator form, taking `slot` from the accumulator, if it has
/// such a form.
fn in_accumulator_form(op: Op, slot: Slot) -> Option<Op> {
    // Most instructions have no accumulator form: find that out first.
    // (Swapping operands cannot give one either: every instruction
    // `swapped` rewrites has an accumulator form, and so does its swap.)
    if !op.facts().has_accumulator_form() {
        return None;
    }
    if op.forwarded_operand() == Some(slot) {
        return op.accumulator_form();
    }
    let op = swapped(op)?;
    if op.forwarded_operand() != Some(slot) {
        return None;
    }
    op.accumulator_form()
}

/// What an instruction leaves in the accumulator for the next one.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Effect {
    /// What it held before.
    Keep,
    /// Nothing known.
    Forget,
    /// This slot's value (the instruction's result).
    Hold(Slot),
}

fn effect(op: &Op) -> Effect {
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
        | Op::CanonF64x2 { .. } => Effect::Forget,
        // Every other instruction with a result leaves it in the accumulator.
        _ => op.dst().map_or(Effect::Keep, Effect::Hold),
    }
}

/// Defines `swapped` for the instructions listed, and for tests, one
/// example of each.
macro_rules! swaps {
    (
        commutative: $($c:ident),*;
        mirrored: $($a:ident <-> $b:ident),*;
        commutative branches: $($cb:ident),*;
        mirrored branches: $($ba:ident <-> $bb:ident),*;
        commutative chains: $($cc:ident),*;
        commutative chains with an immediate: $($ci:ident),*;
    ) => {
        /// `op` with its two operands exchanged, for an instruction where
        /// that changes nothing (commutative) or only the comparison
        /// (mirrored); for a chain (see `ops`), its first instruction's.
        fn swapped(op: Op) -> Option<Op> {
            match op {
                $( Op::$c { dst, lhs, rhs } => Some(Op::$c { dst, lhs: rhs, rhs: lhs }), )*
                $( Op::$cb { lhs, rhs, offset, cost } => Some(Op::$cb { lhs: rhs, rhs: lhs, offset, cost }), )*
                $( Op::$cc { dst, lhs, rhs, mid, other } => Some(Op::$cc { dst, lhs: rhs, rhs: lhs, mid, other }), )*
                $( Op::$ci { dst, lhs, rhs, mid, imm } => Some(Op::$ci { dst, lhs: rhs, rhs: lhs, mid, imm }), )*
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
        }

        /// One instance of every instruction `swapped` rewrites.
        #[cfg(test)]
        fn swappable() -> Vec<Op> {
            use super::super::ops::{BranchOffset, Cost};
            let (dst, lhs, rhs, offset, cost) = (Slot(0), Slot(1), Slot(2), BranchOffset(0), Cost::ZERO);
            let (mid, other, imm) = (Slot(3), Slot(4), 5);
            vec![
                $( Op::$c { dst, lhs, rhs }, )*
                $( Op::$cb { lhs, rhs, offset, cost }, )*
                $( Op::$cc { dst, lhs, rhs, mid, other }, )*
                $( Op::$ci { dst, lhs, rhs, mid, imm }, )*
                $( Op::$a { dst, lhs, rhs }, Op::$b { dst, lhs, rhs }, )*
                $( Op::$ba { lhs, rhs, offset, cost }, Op::$bb { lhs, rhs, offset, cost }, )*
            ]
        }
    };
}

swaps! {
    commutative: I32Add, I32Mul, I32And, I32Or, I32Xor, I32Eq, I32Ne,
        I64Add, I64Mul, I64And, I64Or, I64Xor, I64Eq, I64Ne;
    mirrored: I32LtS <-> I32GtS, I32LtU <-> I32GtU, I32LeS <-> I32GeS, I32LeU <-> I32GeU,
        I64LtS <-> I64GtS, I64LtU <-> I64GtU, I64LeS <-> I64GeS, I64LeU <-> I64GeU;
    commutative branches: BrI32Eq, BrI32Ne, BrI64Eq, BrI64Ne, BrF32Eq, BrF32Ne, BrF64Eq, BrF64Ne;
    mirrored branches: BrI32LtS <-> BrI32GtS, BrI32LtU <-> BrI32GtU, BrI32LeS <-> BrI32GeS, BrI32LeU <-> BrI32GeU,
        BrI64LtS <-> BrI64GtS, BrI64LtU <-> BrI64GtU, BrI64LeS <-> BrI64GeS, BrI64LeU <-> BrI64GeU,
        BrF32Lt <-> BrF32Gt, BrF32Le <-> BrF32Ge, BrF32NotLt <-> BrF32NotGt, BrF32NotLe <-> BrF32NotGe,
        BrF64Lt <-> BrF64Gt, BrF64Le <-> BrF64Ge, BrF64NotLt <-> BrF64NotGt, BrF64NotLe <-> BrF64NotGe;
    commutative chains: I32AddXor, I32XorXor, I64AddXor, I64XorXor, I64AndXor, I64MulAdd;
    commutative chains with an immediate: I32XorRotlImm, I32AndShlImm, I64XorRotlImm, I64AddShrUImm;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::ops::{BranchOffset, Cost};

    fn add(dst: u16, lhs: u16, rhs: u16) -> Op {
        Op::I32Add { dst: Slot(dst), lhs: Slot(lhs), rhs: Slot(rhs) }
    }

    #[test]
    fn every_swappable_instruction_and_its_swap_have_accumulator_forms() {
        // `in_accumulator_form` relies on this to reject early.
        for op in swappable() {
            assert!(op.facts().has_accumulator_form(), "{op}");
            assert!(swapped(op).unwrap().facts().has_accumulator_form(), "{op}");
        }
    }

    #[test]
    fn a_result_used_next_comes_from_the_accumulator() {
        let mut code = vec![add(3, 1, 2), add(4, 3, 1), add(5, 1, 4), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(code[0], add(3, 1, 2));
        assert_eq!(code[1], Op::I32AddAcc { dst: Slot(4), lhs: Slot(3), rhs: Slot(1) });
        // Commutative: the operands are swapped to put the forwarded one first.
        assert_eq!(code[2], Op::I32AddAcc { dst: Slot(5), lhs: Slot(4), rhs: Slot(1) });
    }

    #[test]
    fn comparisons_mirror_and_other_operands_stay_in_slots() {
        let lt = Op::I32LtU { dst: Slot(6), lhs: Slot(1), rhs: Slot(3) };
        let sub = Op::I32Sub { dst: Slot(7), lhs: Slot(1), rhs: Slot(3) };
        let mut code = vec![add(3, 1, 2), lt, add(3, 1, 2), sub, Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(code[1], Op::I32GtUAcc { dst: Slot(6), lhs: Slot(3), rhs: Slot(1) });
        // `sub` cannot swap: its operand stays in its slot.
        assert_eq!(code[3], sub);
    }

    #[test]
    fn branch_targets_and_calls_forget_the_accumulator() {
        let back = Op::BrIfNez { cond: Slot(3), offset: BranchOffset(-1), cost: Cost::ZERO };
        let call = Op::CallInternal { func: 0, base: Slot(8), cost: Cost::ZERO };
        let mut code = vec![add(3, 1, 2), back, add(4, 3, 3), call, add(5, 4, 4), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        // The branch's target (index 0) is not what forgets: the branch
        // itself reads the accumulator, and so does the next instruction
        // (a branch keeps the accumulator on the way through).
        assert_eq!(code[1], Op::BrIfNezAcc { cond: Slot(3), offset: BranchOffset(-1), cost: Cost::ZERO });
        assert_eq!(code[2], Op::I32AddAcc { dst: Slot(4), lhs: Slot(3), rhs: Slot(3) });
        // After the call the accumulator is unknown.
        assert_eq!(code[4], add(5, 4, 4));
    }

    #[test]
    fn a_branch_target_knows_the_slot_all_its_edges_agree_on() {
        let skip = Op::BrIfNez { cond: Slot(0), offset: BranchOffset(2), cost: Cost::ZERO };
        // Edges into index 3 leave s3 (the branch) and s9 (index 2): nothing known.
        let mut code = vec![add(3, 1, 2), skip, add(9, 9, 9), add(4, 3, 3), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(code[3], add(4, 3, 3));
        // Both edges leave s3: index 3 takes it from the accumulator.
        let mut code = vec![add(3, 1, 2), skip, add(3, 9, 9), add(4, 3, 3), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(code[3], Op::I32AddAcc { dst: Slot(4), lhs: Slot(3), rhs: Slot(3) });
    }

    #[test]
    fn a_loop_entered_and_repeated_with_its_variable_in_the_accumulator_starts_with_it() {
        // s1 = s1 + s2 before the loop and at its end, which branches back.
        let back = Op::BrIfNez { cond: Slot(1), offset: BranchOffset(-2), cost: Cost::ZERO };
        let mut code = vec![add(1, 1, 2), add(5, 1, 1), add(1, 1, 2), back, Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(code[1], Op::I32AddAcc { dst: Slot(5), lhs: Slot(1), rhs: Slot(1) });
        // Entered from the function's start instead: unknown on entry.
        let mut code =
            vec![add(5, 1, 1), add(1, 1, 2), Op::BrIfNez { cond: Slot(1), offset: BranchOffset(-2), cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(code[0], add(5, 1, 1));
    }

    #[test]
    fn a_loop_entered_with_another_slot_in_the_accumulator_loads_its_variable_first() {
        // s1 = 0 and s5 = 0 before the loop, whose back-edge leaves s1.
        let zero = |dst: u16| Op::Const32 { dst: Slot(dst), value: 0 };
        let back = Op::BrIfNez { cond: Slot(1), offset: BranchOffset(-2), cost: Cost::ZERO };
        let mut code = vec![zero(1), zero(5), add(6, 1, 1), add(1, 1, 2), back, Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        let copy = Op::Copy { dst: Slot(1), src: Slot(1) };
        let header = Op::I32AddAcc { dst: Slot(6), lhs: Slot(1), rhs: Slot(1) };
        let back = Op::BrIfNezAcc { cond: Slot(1), offset: BranchOffset(-2), cost: Cost::ZERO };
        assert_eq!(code[2..6], [copy, header, add(1, 1, 2), back]);
        // With exception handlers (code positions in tables), nothing moves.
        let mut code = vec![zero(1), zero(5), add(6, 1, 1), add(1, 1, 2), back, Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[5], false);
        assert_eq!(code.len(), 6);
    }

    #[test]
    fn a_chain_takes_its_first_instruction_s_operand_from_the_accumulator_from_either_side() {
        let square = Op::I32Mul { dst: Slot(3), lhs: Slot(1), rhs: Slot(1) };
        let chain = Op::I32AddXor { dst: Slot(5), lhs: Slot(2), rhs: Slot(3), mid: Slot(4), other: Slot(0) };
        let mut code = vec![square, chain, Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(
            code[1],
            Op::I32AddXorAcc { dst: Slot(5), lhs: Slot(3), rhs: Slot(2), mid: Slot(4), other: Slot(0) }
        );
    }

    #[test]
    fn a_global_set_to_a_result_just_computed_takes_it_from_the_accumulator() {
        let set = Op::GlobalSet { src: Slot(3), global: 0 };
        let mut code = vec![add(3, 1, 2), set, Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(code[1], Op::GlobalSetAcc { src: Slot(3), global: 0 });
    }

    #[test]
    fn a_table_index_just_computed_comes_from_the_accumulator() {
        let table = Op::BrTable { index: Slot(3), len: 1, cost: Cost::ZERO };
        let entry = |offset| Op::Br { offset: BranchOffset(offset), cost: Cost::ZERO };
        let mut code = vec![add(3, 1, 2), table, entry(2), entry(1), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(code[1], Op::BrTableAcc { index: Slot(3), len: 1, cost: Cost::ZERO });
    }

    #[test]
    fn landings_and_constant_branches_forget_the_accumulator() {
        let mut code = vec![add(3, 1, 2), add(4, 3, 3), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[1], true);
        assert_eq!(code[1], add(4, 3, 3));
        // `br_const32` writes s3 on its way to index 3, so s3 is not in the
        // accumulator there, although the fall-through edge agrees on it.
        let skip = Op::BrIfNez { cond: Slot(0), offset: BranchOffset(3), cost: Cost::ZERO };
        let constant = Op::BrConst32 { dst: Slot(3), value: 7, offset: BranchOffset(2), cost: Cost::ZERO };
        let mut code = vec![add(3, 1, 2), skip, constant, add(3, 1, 2), add(4, 3, 3), Op::Return { cost: Cost::ZERO }];
        forward_results(&mut code, &[], true);
        assert_eq!(code[4], add(4, 3, 3));
    }
}
