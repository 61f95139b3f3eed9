//! A translated function body and the verifier that establishes the facts
//! the executor's unchecked slot accesses rely on.

use std::fmt;

use anyhow::{Context, Result, bail};

use super::access::MemArg;
use super::atomics::AtomicArg;
use super::executor::{Handler, HandlerSet, handler_of};
use super::handlers::HandlerTable;
use super::ops::{BranchOffset, INSTR_BYTES, Op};

/// A function's immediates too large for an instruction, referenced by index.
#[derive(Debug, Default)]
pub(crate) struct CodePools {
    /// 128-bit constants (`v128.const`, shuffle masks).
    pub v128_consts: Vec<u128>,
    /// Memory immediates of the general memory instructions.
    pub mem_args: Vec<MemArg>,
    /// Immediates of the atomic memory instructions (threads proposal).
    pub atomic_args: Vec<AtomicArg>,
}

/// One executable instruction: the handler that runs it, looked up once
/// here so that the executor jumps straight to it, and its operands.
///
/// A `br_table` entry is the exception: nothing dispatches to it (the
/// verifier checks that no branch, fall-through or exception handler
/// lands on one), only the `br_table` handler reads it, and its `handler`
/// is its *target's* handler. The `br_table` handler loads it together
/// with the entry's offset and jumps on at once, instead of first finding
/// the target and then loading the target's handler.
#[derive(Copy, Clone)]
pub(crate) struct Instr {
    pub handler: Handler,
    pub op: Op,
}

impl fmt::Debug for Instr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.op.fmt(f)
    }
}

/// The bytecode of one function plus the frame facts the executor needs.
///
/// Its branch offsets count bytes, not instructions (see
/// [`BranchOffset::in_bytes`]): a taken branch adds its offset to the
/// instruction pointer in one machine instruction, which is on the
/// critical path of every loop.
#[derive(Debug)]
pub(crate) struct CompiledFunc {
    pub code: Box<[Instr]>,
    /// Immediates the code references by index.
    pub pools: CodePools,
    /// Where exceptions thrown in the code are caught (most are empty).
    pub handlers: HandlerTable,
    /// Slots taken by parameters (frame slots `0..num_params`).
    pub num_params: u32,
    /// Slots taken by declared locals, after the parameters; zeroed on entry.
    pub num_locals: u32,
    /// Slots taken by results (written to `0..num_results` on return).
    pub num_results: u32,
    /// Total slots a frame of this function may touch: every slot operand is
    /// below `frame_size - 1` and the last slot is spare so 128-bit accesses
    /// at any verified slot stay in bounds.
    pub frame_size: u32,
}

impl CompiledFunc {
    /// Wraps translated code after verifying it.
    ///
    /// `used` is one past the highest slot the translator handed out. The
    /// verifier checks that every slot operand and 128-bit operand lies within
    /// the frame, every branch lands inside the function, every `br_table` is
    /// followed by its targets and the code cannot run off its end.
    /// `set` selects the form of the handlers (see [`HandlerSet`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        code: Box<[Op]>,
        pools: CodePools,
        handlers: HandlerTable,
        num_params: u32,
        num_locals: u32,
        num_results: u32,
        used: u32,
        set: HandlerSet,
    ) -> Result<CompiledFunc> {
        let frame_size = used + 1;
        let entries = verify(&code, frame_size, num_results)?;
        handlers.verify(code.len(), frame_size - 1)?;
        if let Some(landing) = handlers.targets().find(|&at| entries.contains(at)) {
            bail!("internal error: an exception handler lands on br_table entry {landing}");
        }
        let mut built = Vec::with_capacity(code.len());
        for &op in code.iter() {
            let mut op = op;
            if let Some(offset) = op.branch_offset() {
                op.set_branch_offset(
                    offset.in_bytes().context("function too large: a branch spans over 2 GiB of code")?,
                );
            }
            built.push(Instr { handler: handler_of(&op, set), op });
        }
        for at in entries.iter() {
            // Verified: an entry's target is in the function.
            if let Some(target) = code[at].branch_target(at).and_then(|t| code.get(t)) {
                built[at].handler = handler_of(target, set);
            }
        }
        Ok(CompiledFunc {
            code: built.into_boxed_slice(),
            pools,
            handlers,
            num_params,
            num_locals,
            num_results,
            frame_size,
        })
    }
}

/// The positions of a function's `br_table` entries.
#[derive(Default)]
struct TableEntries {
    /// Each table's entries: `start..end`, in code order.
    ranges: Vec<(usize, usize)>,
}

impl TableEntries {
    fn contains(&self, at: usize) -> bool {
        let after = self.ranges.partition_point(|&(start, _)| start <= at);
        after > 0 && at < self.ranges[after - 1].1
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.ranges.iter().flat_map(|&(start, end)| start..end)
    }
}

/// Checks the facts listed at [`CompiledFunc::new`] and returns where the
/// `br_table` entries are.
fn verify(code: &[Op], frame_size: u32, num_results: u32) -> Result<TableEntries> {
    let limit = frame_size - 1;
    let len = code.len();
    let mut entries = TableEntries::default();
    let mut table_entries_left = 0u64;
    for (at, op) in code.iter().enumerate() {
        if let Some(s) = op.max_slot().filter(|s| u32::from(s.0) >= limit) {
            bail!("internal error: {op} at {at} uses {s} outside a frame of {limit} slots");
        }
        if op.branch_offset().is_some() && op.branch_target(at).is_none_or(|target| target >= len) {
            bail!("internal error: {op} at {at} branches outside the function");
        }
        if table_entries_left > 0 {
            if !matches!(op, Op::Br { .. } | Op::BrConst32 { .. }) {
                bail!("internal error: br_table entry at {at} is not a branch");
            }
            table_entries_left -= 1;
        }
        if let Some(count) = op.table_entries() {
            table_entries_left = count as u64;
            entries.ranges.push((at + 1, at + 1 + count));
        }
        match *op {
            Op::ReturnSlots { src, count, .. }
                if u32::from(src.0) + u32::from(count) > limit || u32::from(count) != num_results =>
            {
                bail!("internal error: {op} at {at} returns outside the frame");
            }
            Op::ReturnSlot { .. } | Op::ReturnSlotAcc { .. } if num_results != 1 => {
                bail!("internal error: {op} at {at} in a function with {num_results} result slots")
            }
            Op::Return { .. } if num_results != 0 => {
                bail!("internal error: {op} at {at} in a function with {num_results} result slots")
            }
            Op::ReturnCallInternal { base, params, .. }
            | Op::ReturnCallImported { base, params, .. }
            | Op::ReturnCallIndirect { base, params, .. }
            | Op::ReturnCallRef { base, params, .. }
                if u32::from(base.0) + u32::from(params) > limit =>
            {
                bail!("internal error: {op} at {at} passes arguments from outside the frame");
            }
            Op::Throw { base, count, .. } if u32::from(base.0) + u32::from(count) > limit => {
                bail!("internal error: {op} at {at} throws a payload outside the frame");
            }
            _ => {}
        }
    }
    if table_entries_left > 0 {
        bail!("internal error: truncated br_table");
    }
    if !entries.ranges.is_empty() {
        // Entries are reached from their `br_table` only: not by a branch,
        // and not by falling through (a `br_table` and its entries are
        // unconditional jumps, checked above).
        for (at, op) in code.iter().enumerate() {
            if let Some(target) = op.branch_target(at).filter(|&t| entries.contains(t)) {
                bail!("internal error: {op} at {at} branches to br_table entry {target}");
            }
        }
    }
    match code.last() {
        Some(op) if op.is_terminator() => Ok(entries),
        other => bail!("internal error: function code ends with {other:?}, not a terminator"),
    }
}

impl fmt::Display for CompiledFunc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            ";; params={} locals={} results={} frame={}",
            self.num_params, self.num_locals, self.num_results, self.frame_size
        )?;
        for (at, instr) in self.code.iter().enumerate() {
            let mut op = instr.op;
            if let Some(offset) = op.branch_offset() {
                op.set_branch_offset(BranchOffset(offset.0 / INSTR_BYTES));
            }
            writeln!(f, "{at:5}: {op}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::ops::{BranchOffset, Cost, Slot};

    /// `code` built with no pools, handlers, locals or results, on the
    /// default handlers.
    fn compile(code: Vec<Op>, num_params: u32, used: u32) -> Result<CompiledFunc> {
        let pools = CodePools::default();
        CompiledFunc::new(code.into(), pools, HandlerTable::default(), num_params, 0, 0, used, HandlerSet::default())
    }

    #[test]
    fn rejects_slots_outside_the_frame() {
        let ret = Op::Return { cost: Cost::ZERO };
        let code = vec![Op::Copy { dst: Slot(3), src: Slot(0) }, ret];
        assert!(compile(code, 1, 3).is_err());
        let code = vec![Op::Copy { dst: Slot(2), src: Slot(0) }, ret];
        assert!(compile(code, 1, 3).is_ok());
    }

    #[test]
    fn rejects_wild_branches_and_fallthrough() {
        let code = vec![Op::Br { offset: BranchOffset(5), cost: Cost::ZERO }];
        assert!(compile(code, 0, 0).is_err());
        let code = vec![Op::Copy { dst: Slot(0), src: Slot(0) }];
        assert!(compile(code, 0, 1).is_err());
        let code = vec![
            Op::BrTable { index: Slot(0), len: 1, cost: Cost::ZERO },
            Op::Br { offset: BranchOffset(0), cost: Cost::ZERO },
        ];
        assert!(compile(code, 1, 1).is_err());
    }

    #[test]
    fn table_entries_are_reached_from_their_table_only_and_hold_their_targets_handler() {
        let br = |offset| Op::Br { offset: BranchOffset(offset), cost: Cost::ZERO };
        let table = Op::BrTable { index: Slot(0), len: 1, cost: Cost::ZERO };
        let ret = Op::Return { cost: Cost::ZERO };
        let new = |code: Vec<Op>| compile(code, 1, 1);
        let func = new(vec![table, br(2), br(2), ret, Op::Unreachable {}]).unwrap();
        assert!(std::ptr::fn_addr_eq(func.code[1].handler, handler_of(&ret, HandlerSet::default())));
        assert!(std::ptr::fn_addr_eq(func.code[2].handler, handler_of(&Op::Unreachable {}, HandlerSet::default())));
        // A branch onto an entry would run the entry with its target's handler.
        assert!(new(vec![br(2), table, br(2), br(1), ret]).is_err());
    }

    #[test]
    fn built_code_branches_by_bytes_and_shows_instructions() {
        let code = vec![
            Op::Br { offset: BranchOffset(2), cost: Cost::ZERO },
            Op::Unreachable {},
            Op::Br { offset: BranchOffset(-2), cost: Cost::ZERO },
        ];
        let func = compile(code, 0, 0).unwrap();
        assert_eq!(func.code[0].op.branch_offset(), Some(BranchOffset(2 * INSTR_BYTES)));
        assert_eq!(func.code[2].op.branch_offset(), Some(BranchOffset(-2 * INSTR_BYTES)));
        let text = func.to_string();
        assert!(text.contains("0: br offset=+2"), "{text}");
        assert!(text.contains("2: br offset=-2"), "{text}");
    }
}
