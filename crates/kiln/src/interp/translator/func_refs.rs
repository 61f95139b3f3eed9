//! Translation of the typed function references instructions: `call_ref`
//! and `return_call_ref` (calls through a reference, which traps if null),
//! `ref.as_non_null` (a null check that leaves the operand in place) and
//! `br_on_null` / `br_on_non_null` (conditional branches comparing the
//! reference's slot form with 0, the null reference).

use anyhow::{Context as _, Result};

use super::stack::Ty;
use super::{Condition, Translator};
use crate::interp::ops::Op;

impl Translator<'_> {
    pub(super) fn call_ref(&mut self, type_index: u32) -> Result<()> {
        let ty = self.info.types.get(type_index as usize).context("unknown type")?.clone();
        let entry = self.stack.pop()?;
        let callee = self.slot_of(entry);
        let base = self.prepare_call_args(ty.param_slice().len())?;
        let cost = self.take_pending();
        self.emit(Op::CallRef { callee, base, cost });
        self.push_call_results(ty.result_slice(), base)
    }

    pub(super) fn return_call_ref(&mut self, type_index: u32) -> Result<()> {
        let ty = self.info.types.get(type_index as usize).context("unknown type")?.clone();
        let entry = self.stack.pop()?;
        let callee = self.slot_of(entry);
        let (base, params) = self.prepare_tail_call_args(&ty)?;
        let cost = self.take_pending();
        self.emit(Op::ReturnCallRef { callee, base, params, cost });
        self.emit_host_tail_return()?;
        self.reachable = false;
        Ok(())
    }

    pub(super) fn ref_as_non_null(&mut self) -> Result<()> {
        let entry = self.stack.peek(0)?;
        let src = self.slot_of(entry);
        self.emit(Op::RefAsNonNull { src });
        Ok(())
    }

    /// `br_on_null`: branches (without the reference) if it is null, else
    /// leaves it on the stack.
    pub(super) fn br_on_null(&mut self, depth: u32) -> Result<()> {
        let entry = self.stack.pop()?;
        let s = self.slot_of(entry);
        self.branch_if(Condition::Compare(Op::I64Eqz { dst: s, src: s }), depth)?;
        self.push_again(entry, Ty::Ref)
    }

    /// `br_on_non_null`: branches with the reference if it is not null,
    /// else drops it.
    pub(super) fn br_on_non_null(&mut self, depth: u32) -> Result<()> {
        let entry = self.stack.peek(0)?;
        let s = self.slot_of(entry);
        self.branch_if(Condition::Compare(Op::I64NeImm { dst: s, lhs: s, imm: 0 }), depth)?;
        self.stack.pop().map(drop)
    }
}
