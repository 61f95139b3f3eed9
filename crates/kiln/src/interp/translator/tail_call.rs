//! Translation of the tail calls (`return_call`, `return_call_indirect`):
//! the arguments go to consecutive slots as for a call, and the executor
//! moves them to slot 0 when the callee replaces the frame (see
//! `executor/tail.rs`). A callee that may be a host function is followed by
//! a return of the function's results from slot 0, where the host leaves
//! them.

use anyhow::{Context as _, Result};

use super::Translator;
use super::stack::Ty;
use crate::interp::ops::{Cost, Op, Slot};
use crate::types::FuncType;

impl Translator<'_> {
    pub(super) fn return_call(&mut self, func: u32) -> Result<()> {
        let ty = self.info.func_type(func).clone();
        let (base, params) = self.prepare_tail_call_args(&ty)?;
        let cost = self.take_pending();
        match func.checked_sub(self.info.num_imported_funcs) {
            Some(def) => {
                self.emit(Op::ReturnCallInternal { func: def, base, params, cost });
            }
            None => {
                self.emit(Op::ReturnCallImported { func, base, params, cost });
                self.emit_host_tail_return()?;
            }
        }
        self.reachable = false;
        Ok(())
    }

    pub(super) fn return_call_indirect(&mut self, type_index: u32, table: u32) -> Result<()> {
        let ty = self.info.types.get(type_index as usize).context("unknown type")?.clone();
        let callee = self.stack.pop()?;
        let index = self.slot_of(callee);
        let (base, params) = self.prepare_tail_call_args(&ty)?;
        let table = u16::try_from(table).context("table index too large")?;
        let cost = self.take_pending();
        self.emit(Op::ReturnCallIndirect { table, ty: type_index, index, base, params, cost });
        self.emit_host_tail_return()?;
        self.reachable = false;
        Ok(())
    }

    /// Puts the arguments of a tail call to a function of type `ty` in
    /// consecutive slots: the first one and how many slots they take.
    pub(super) fn prepare_tail_call_args(&mut self, ty: &FuncType) -> Result<(Slot, u16)> {
        let base = self.prepare_call_args(ty.param_slice().len())?;
        let params = ty.param_slice().iter().map(|t| Ty::of(t).width()).sum::<u32>();
        Ok((base, u16::try_from(params).context("too many parameters")?))
    }

    /// The return a host callee of a tail call comes back to: its results
    /// are the function's, at slot 0. Free, as the tail call was charged.
    pub(super) fn emit_host_tail_return(&mut self) -> Result<()> {
        let count = u16::try_from(self.results.iter().map(|t| t.width()).sum::<u32>())?;
        self.emit(match count {
            0 => Op::Return { cost: Cost::ZERO },
            count => Op::ReturnSlots { src: Slot(0), count, cost: Cost::ZERO },
        });
        Ok(())
    }
}
