//! Translation of one validated wasm function body into register-style
//! bytecode ([`Op`]).
//!
//! The translator walks the operators once, in lock-step with wasmparser's
//! function validator (each operator is validated before it is translated),
//! keeping a model of the operand stack ([`stack`]) and of the open control
//! constructs ([`control`]). Locals are read in place, constants become
//! immediates where an instruction has an immediate form, and a result
//! written to a temporary that is immediately stored to a local is
//! retargeted to write the local directly. Code after an unconditional
//! branch is skipped.

mod atomic;
mod control;
mod exceptions;
mod forward;
mod func_refs;
mod fuse;
mod pairs;
mod relocate;
mod stack;
mod tail_call;
#[cfg(test)]
mod tests;
mod thread;
mod visit;
mod wide;

use anyhow::{Context as _, Result, bail};
use wasmparser::{BlockType, FuncValidator, FuncValidatorAllocations, FunctionBody, Operator, ValidatorResources};

use self::control::{Control, ControlKind, DepthLabels, Label, Labels, block_types};
use self::stack::{Entry, OperandStack, Src, Ty};
use self::wide::Wide;
use super::access::{AccessKind, MemArg};
use super::code::{CodePools, CompiledFunc};
use super::divide;
use super::executor::HandlerSet;
use super::ops::{BranchOffset, Cost, Op, Slot};
use crate::module::{ModuleInfo, limits};
use crate::runtime::signals::is_guardable;
use crate::types::ValType;

pub(crate) use self::stack::MAX_FRAME_SLOTS;

/// The condition of a conditional branch.
enum Condition {
    /// The `i32` in a slot (branch if non-zero).
    Slot(Slot),
    /// A comparison to fuse into the branch (see [`fuse`]).
    Compare(Op),
    /// A comparison whose failure is the condition (`i32.eqz` of it), to
    /// fuse into the branch likewise.
    Failed(Op),
}

/// Translation settings derived from the engine configuration.
#[derive(Copy, Clone, Debug, Default)]
pub(crate) struct TranslateOptions {
    /// Canonicalise the NaN results of float arithmetic (`Config::deterministic`).
    pub deterministic: bool,
    /// Charge executed instructions to the store's counter
    /// (`Config::counts_instructions`): selects the counting handlers.
    pub count_instructions: bool,
    /// Memories are guarded where their type allows
    /// (`Config::signals_based_traps`): a module whose memory 0 is guarded
    /// runs on the handlers without bounds checks.
    pub guard_memories: bool,
}

/// Translates the body of defined function `func_index` (an index in the
/// module's function space), validating it with `validator` on the way, or
/// without one if the body was validated before (lazy translation).
/// Returns the validator's allocations for reuse.
pub(crate) fn translate_function(
    info: &ModuleInfo,
    options: TranslateOptions,
    func_index: u32,
    mut validator: Option<FuncValidator<ValidatorResources>>,
    body: &FunctionBody<'_>,
) -> Result<(CompiledFunc, Option<FuncValidatorAllocations>)> {
    let ty = info.func_type(func_index);
    let mut locals: Vec<(Slot, Ty)> = Vec::new();
    let mut next_slot = 0u32;
    let mut add_local = |ty: Ty, locals: &mut Vec<(Slot, Ty)>| -> Result<()> {
        let slot = Slot(u16::try_from(next_slot).ok().context("function has too many locals")?);
        next_slot += ty.width();
        if next_slot > MAX_FRAME_SLOTS {
            bail!("function has too many locals");
        }
        locals.push((slot, ty));
        Ok(())
    };
    for param in ty.param_slice() {
        add_local(Ty::of(param), &mut locals)?;
    }
    let num_param_slots = locals.iter().map(|(_, t)| t.width()).sum::<u32>();

    let mut locals_reader = body.get_locals_reader()?;
    for _ in 0..locals_reader.get_count() {
        let offset = locals_reader.original_position();
        let (count, ty) = locals_reader.read()?;
        if let Some(validator) = validator.as_mut() {
            validator.define_locals(offset, count, ty)?;
        }
        let ty = Ty::of_wasmparser(&ty);
        for _ in 0..count {
            add_local(ty, &mut locals)?;
        }
    }
    let num_local_slots = locals.iter().map(|(_, t)| t.width()).sum::<u32>();

    let results: Box<[Ty]> = ty.result_slice().iter().map(Ty::of).collect();
    let func_ty = BlockType::FuncType(info.funcs[func_index as usize]);
    let mut reader = body.get_operators_reader()?;
    // About one instruction for every three bytes of body: reserving that
    // spares most functions the code vector's regrowths.
    let code = Vec::with_capacity(usize::try_from(body.range().end - body.range().start).unwrap_or(0) / 3);
    let mut translator = Translator::new(info, options, locals, func_ty, results, code);
    let mut visitor = visit::Visitor { translator: &mut translator, validator: validator.as_mut(), offset: 0 };
    while !reader.eof() {
        visitor.offset = reader.original_position();
        reader.visit_operator(&mut visitor)??;
        limits::check_nesting(visitor.translator.controls.len())?;
    }
    reader.finish()?;
    let compiled = translator.finish(num_param_slots, num_local_slots - num_param_slots)?;
    Ok((compiled, validator.map(FuncValidator::into_allocations)))
}

impl Ty {
    fn of(ty: &ValType) -> Ty {
        match ty {
            ValType::I32 => Ty::I32,
            ValType::I64 => Ty::I64,
            ValType::F32 => Ty::F32,
            ValType::F64 => Ty::F64,
            ValType::V128 => Ty::V128,
            ValType::Ref(_) => Ty::Ref,
        }
    }

    fn of_wasmparser(ty: &wasmparser::ValType) -> Ty {
        match ty {
            wasmparser::ValType::I32 => Ty::I32,
            wasmparser::ValType::I64 => Ty::I64,
            wasmparser::ValType::F32 => Ty::F32,
            wasmparser::ValType::F64 => Ty::F64,
            wasmparser::ValType::V128 => Ty::V128,
            wasmparser::ValType::Ref(_) => Ty::Ref,
        }
    }
}

/// Constructor of an instruction with an immediate operand (bits in a u64).
type ImmCtor = fn(Slot, Slot, u64) -> Op;
/// Constructor of a two-operand instruction.
type BinCtor = fn(Slot, Slot, Slot) -> Op;
/// Constructor of a one-operand instruction.
type UnCtor = fn(Slot, Slot) -> Op;

/// Immediate forms available for a binary operator.
#[derive(Copy, Clone)]
struct ImmForms {
    /// `op(x, c)` with a constant right operand.
    rhs: Option<ImmCtor>,
    /// `op(c, x)` with a constant left operand, expressed with `x` first.
    lhs: Option<ImmCtor>,
}

const NO_IMM: ImmForms = ImmForms { rhs: None, lhs: None };

/// The immediate form of a vector shift: the amount is an `i32`.
macro_rules! shift_imm {
    ($op:ident) => {
        ImmForms { rhs: Some(|dst, lhs, c| Op::$op { dst, lhs, amount: c as u32 }), lhs: None }
    };
}

macro_rules! imm32 {
    ($op:ident) => {
        Some(|dst, lhs, c| Op::$op { dst, lhs, imm: c as u32 as i32 })
    };
}
macro_rules! imm64 {
    ($op:ident) => {
        Some(|dst, lhs, c| Op::$op { dst, lhs, imm: c as i64 })
    };
}
macro_rules! commutative32 {
    ($op:ident) => {
        ImmForms { rhs: imm32!($op), lhs: imm32!($op) }
    };
}
macro_rules! commutative64 {
    ($op:ident) => {
        ImmForms { rhs: imm64!($op), lhs: imm64!($op) }
    };
}
macro_rules! mirrored32 {
    ($op:ident, $mirror:ident) => {
        ImmForms { rhs: imm32!($op), lhs: imm32!($mirror) }
    };
}
macro_rules! mirrored64 {
    ($op:ident, $mirror:ident) => {
        ImmForms { rhs: imm64!($op), lhs: imm64!($mirror) }
    };
}
macro_rules! rhs32 {
    ($op:ident) => {
        ImmForms { rhs: imm32!($op), lhs: None }
    };
}
macro_rules! rhs64 {
    ($op:ident) => {
        ImmForms { rhs: imm64!($op), lhs: None }
    };
}
/// Unsigned division or remainder by a constant: with the multiplier and
/// shift that replace the division, unless the constant is zero (which
/// the handler traps on).
macro_rules! by_constant {
    ($op:ident) => {
        ImmForms {
            rhs: Some(|dst, lhs, c| {
                let divisor = c as u32;
                let (magic, shift) = if divisor == 0 { (0, 0) } else { divide::magic_u32(divisor) };
                Op::$op { dst, lhs, shift, magic, divisor }
            }),
            lhs: None,
        }
    };
}
macro_rules! bin {
    ($op:ident) => {
        |dst, lhs, rhs| Op::$op { dst, lhs, rhs }
    };
}
macro_rules! un {
    ($op:ident) => {
        |dst, src| Op::$op { dst, src }
    };
}
macro_rules! load {
    ($op:ident) => {
        |dst, ptr, offset| Op::$op { dst, ptr, offset }
    };
}
macro_rules! store {
    ($op:ident) => {
        |ptr, src, offset| Op::$op { ptr, src, offset }
    };
}

struct Translator<'a> {
    info: &'a ModuleInfo,
    /// Immediates too large for an instruction, referenced by index.
    pools: CodePools,
    options: TranslateOptions,
    code: Vec<Op>,
    stack: OperandStack,
    controls: Vec<Control>,
    labels: Labels,
    /// Scratch for `br_table`: the label of each target depth.
    br_table_labels: DepthLabels,
    /// Slot and type of every local, parameters first.
    locals: Vec<(Slot, Ty)>,
    results: Box<[Ty]>,
    reachable: bool,
    /// The last instruction, if it wrote a single result to this temporary
    /// and nothing (no label) separates it from the current position.
    last_result: Option<(usize, Slot)>,
    /// Cost of the wasm instructions translated since the last instruction
    /// that charged: the next segment-ending instruction carries it.
    pending: Cost,
    /// Where the last label was placed: no instruction before it may be
    /// fused with one after it.
    pinned_at: usize,
    /// Exception handlers found so far.
    handlers: exceptions::HandlerBuilder,
}

impl<'a> Translator<'a> {
    fn new(
        info: &'a ModuleInfo,
        options: TranslateOptions,
        locals: Vec<(Slot, Ty)>,
        func_ty: BlockType,
        results: Box<[Ty]>,
        code: Vec<Op>,
    ) -> Self {
        let temps_base = locals.iter().map(|(_, t)| t.width()).sum::<u32>();
        let stack = OperandStack::new(temps_base, locals.len());
        let mut labels = Labels::default();
        let function = Control {
            kind: ControlKind::Function,
            label: labels.new_label(),
            height: 0,
            base: stack.top_slot(),
            ty: func_ty,
            reachable_at_entry: true,
            end_reachable: false,
        };
        Translator {
            info,
            pools: CodePools::default(),
            options,
            code,
            stack,
            controls: vec![function],
            labels,
            br_table_labels: DepthLabels::default(),
            locals,
            results,
            reachable: true,
            last_result: None,
            pending: Cost::ZERO,
            pinned_at: 0,
            handlers: exceptions::HandlerBuilder::default(),
        }
    }

    fn finish(mut self, num_param_slots: u32, num_local_slots: u32) -> Result<CompiledFunc> {
        if !self.controls.is_empty() {
            bail!("internal error: unterminated control frames");
        }
        self.emit_catch_returns()?;
        let handlers = std::mem::take(&mut self.handlers).build(&self.labels)?;
        let result_slots = self.results.iter().map(|t| t.width()).sum::<u32>();
        let used = self.stack.high_water().max(result_slots).max(num_param_slots);
        let mut code = self.code;
        thread::thread_branches(&mut code);
        // Exception handler tables hold code positions: code with any is
        // not moved.
        let movable = handlers.is_empty();
        if movable {
            pairs::fuse_pairs(&mut code);
        }
        forward::forward_results(&mut code, &handlers.targets().collect::<Vec<_>>(), movable);
        CompiledFunc::new(
            code.into_boxed_slice(),
            self.pools,
            handlers,
            num_param_slots,
            num_local_slots,
            result_slots,
            used,
            HandlerSet {
                counting: self.options.count_instructions,
                guarded: self.options.guard_memories && self.info.memories.first().is_some_and(is_guardable),
            },
        )
    }

    // ---- emission ----

    fn emit(&mut self, op: Op) -> usize {
        self.last_result = None;
        self.code.push(op);
        self.code.len() - 1
    }

    fn emit_result(&mut self, op: Op, dst: Slot) {
        self.code.push(op);
        self.last_result = Some((self.code.len() - 1, dst));
    }

    /// Where the instruction that just computed `entry` into its home is,
    /// if the last instruction emitted (with no label since) did: fusions
    /// take it back out of the code, retargeting moves its result.
    fn producer_of(&self, entry: Entry) -> Option<usize> {
        match (entry.src, self.last_result) {
            (Src::Home, Some((at, dst))) if dst == entry.home => Some(at),
            _ => None,
        }
    }

    /// The cost charged by the next segment-ending instruction; resets it.
    fn take_pending(&mut self) -> Cost {
        std::mem::take(&mut self.pending)
    }

    /// Adds one reachable wasm instruction to the open segment's cost.
    /// Code for an engine that does not count instructions has no costs:
    /// every segment is free, so no `charge` instruction is ever emitted.
    fn add_cost(&mut self, counted: bool) {
        if !counted || !self.options.count_instructions {
            return;
        }
        if self.pending.0 == u16::MAX {
            // An enormous straight line: charge what we have and go on.
            let cost = self.take_pending();
            self.emit(Op::Charge { cost });
        }
        self.pending.0 += 1;
    }

    /// Emits branch `op` to `label`.
    fn emit_branch_to(&mut self, label: Label, op: Op) -> Result<()> {
        let at = self.emit(op);
        self.labels.use_label(label, at, &mut self.code)
    }

    /// Emits an unconditional branch to `label`, charging `cost`. A constant
    /// just put into a slot, with no label between it and the branch, goes
    /// into the branch (`br_const32`).
    fn emit_br(&mut self, label: Label, cost: Cost) -> Result<()> {
        let offset = BranchOffset(0);
        if let Some(&Op::Const32 { dst, value }) = self.code.last()
            && self.pinned_at < self.code.len()
        {
            let at = self.code.len() - 1;
            self.code[at] = Op::BrConst32 { dst, value, offset, cost };
            self.last_result = None;
            return self.labels.use_label(label, at, &mut self.code);
        }
        self.emit_branch_to(label, Op::Br { offset, cost })
    }

    /// Pops the condition of a `br_if` or `if`. A comparison just computed
    /// into a temporary is taken back out of the code, to be fused into the
    /// branch; so is one that `i32.eqz` negated just after (with no label
    /// between), when that is how a comparison without a complement (a
    /// floating-point ordering) comes negated.
    fn pop_condition(&mut self) -> Result<Condition> {
        let entry = self.stack.pop()?;
        if let Some(at) = self.producer_of(entry)
            && fuse::is_fusable(self.code[at])
        {
            self.last_result = None;
            let compare = self.code.remove(at);
            if let Op::I32Eqz { dst, src } = compare
                && src == dst
                && self.is_temporary(src)
                && let Some(before) = at.checked_sub(1).filter(|&before| before >= self.pinned_at)
                && fuse::is_fusable(self.code[before])
                && self.code[before].dst() == Some(src)
            {
                return Ok(Condition::Failed(self.code.remove(before)));
            }
            return Ok(Condition::Compare(compare));
        }
        Ok(Condition::Slot(self.slot_of(entry)))
    }

    /// Emits a branch to `label` taken when `cond` holds (or fails, if
    /// `if_zero`), charging the open segment.
    fn emit_br_if(&mut self, cond: Condition, if_zero: bool, label: Label) -> Result<()> {
        let (offset, cost) = (BranchOffset(0), self.take_pending());
        let op = match cond {
            Condition::Compare(compare) => fuse::fused_branch(compare, if_zero, offset, cost)
                .context("internal error: a comparison taken for fusion has no fused branch")?,
            Condition::Failed(compare) => fuse::fused_branch(compare, !if_zero, offset, cost)
                .context("internal error: a comparison taken for fusion has no fused branch")?,
            Condition::Slot(cond) if if_zero => Op::BrIfEqz { cond, offset, cost },
            Condition::Slot(cond) => Op::BrIfNez { cond, offset, cost },
        };
        self.emit_branch_to(label, op)
    }

    /// Places the forward-branch target `label` here. If nothing branches to
    /// it, it is no boundary at all and the straight line goes on.
    fn pin(&mut self, label: Label) -> Result<()> {
        if !self.labels.is_used(label) {
            return self.labels.pin(label, self.code.len(), &mut self.code);
        }
        self.pin_target(label)
    }

    /// Places `label` here as a branch target (a loop header's is pinned
    /// before its branches are known). Code falling through into it first
    /// charges the open segment, since the label starts a new one.
    fn pin_target(&mut self, label: Label) -> Result<()> {
        if !self.pending.is_zero() {
            let cost = self.take_pending();
            if !self.fold_charge(cost) {
                self.emit(Op::Charge { cost });
            }
        }
        self.last_result = None;
        self.pinned_at = self.code.len();
        self.labels.pin(label, self.code.len(), &mut self.code)
    }

    /// Makes the instruction just emitted also charge `cost`, if it has a
    /// form that does and no label lies between it and here: one dispatch
    /// instead of it and a `charge`.
    fn fold_charge(&mut self, cost: Cost) -> bool {
        if self.pinned_at >= self.code.len() {
            return false;
        }
        let Some(last) = self.code.last_mut() else { return false };
        *last = match *last {
            Op::Copy { dst, src } => Op::CopyCharge { dst, src, cost },
            Op::Const32 { dst, value } => Op::Const32Charge { dst, value, cost },
            Op::I32AddImm { dst, lhs, imm } => Op::I32AddImmCharge { dst, lhs, imm, cost },
            _ => return false,
        };
        true
    }

    fn emit_copy(&mut self, dst: Slot, src: Slot, ty: Ty) {
        if dst != src {
            self.emit(if ty == Ty::V128 { Op::Copy128 { dst, src } } else { Op::Copy { dst, src } });
        }
    }

    fn emit_const(&mut self, dst: Slot, ty: Ty, bits: u64) {
        match ty {
            Ty::I32 | Ty::F32 => self.emit(Op::Const32 { dst, value: bits as u32 }),
            _ => self.emit(Op::Const64 { dst, value: bits }),
        };
    }

    /// The slot holding `entry`'s value, materialising a constant into the
    /// entry's home if needed.
    fn slot_of(&mut self, entry: Entry) -> Slot {
        match entry.src {
            Src::Home => entry.home,
            Src::Local(l) => self.locals[l as usize].0,
            Src::Const(bits) => {
                self.emit_const(entry.home, entry.ty, bits);
                entry.home
            }
        }
    }

    /// Emits code that puts `entry`'s value into `dst`.
    fn copy_entry_to(&mut self, entry: Entry, dst: Slot) {
        match entry.src {
            Src::Home => self.emit_copy(dst, entry.home, entry.ty),
            Src::Local(l) => {
                let src = self.locals[l as usize].0;
                self.emit_copy(dst, src, entry.ty)
            }
            Src::Const(bits) => self.emit_const(dst, entry.ty, bits),
        }
    }

    /// Moves the top `n` operands into their homes (unconditional code only).
    fn materialize_top(&mut self, n: usize) -> Result<()> {
        for depth in (0..n).rev() {
            let entry = self.stack.peek(depth)?;
            if entry.src != Src::Home {
                self.copy_entry_to(entry, entry.home);
            }
        }
        self.stack.set_top_home(n)
    }

    fn emit_preserves(&mut self, copies: Vec<stack::Preserve>) {
        for c in copies {
            let src = self.locals[c.local as usize].0;
            self.emit_copy(c.home, src, c.ty);
        }
    }

    fn push_result(&mut self, ty: Ty, op: impl FnOnce(Slot) -> Op) -> Result<()> {
        let dst = self.stack.push_home(ty)?;
        let op = op(dst);
        self.emit_result(op, dst);
        if self.options.deterministic
            && let Some(canon) = nan_canonicalisation(&op)
        {
            // Emitting clears `last_result`: the pair is never retargeted.
            self.emit(canon(dst));
        }
        Ok(())
    }

    /// Adds a 128-bit constant to the module's pool; its index.
    fn v128_const(&mut self, value: u128) -> Result<u32> {
        self.pools.v128_consts.push(value);
        Ok(u32::try_from(self.pools.v128_consts.len() - 1)?)
    }

    // ---- operator families ----

    fn unary(&mut self, out: Ty, ctor: UnCtor) -> Result<()> {
        self.unary_with(out, ctor)
    }

    fn unary_with(&mut self, out: Ty, ctor: impl FnOnce(Slot, Slot) -> Op) -> Result<()> {
        let src = self.stack.pop()?;
        let s = self.slot_of(src);
        self.push_result(out, |dst| ctor(dst, s))
    }

    /// A two-operand instruction without immediate forms.
    fn binary_with(&mut self, out: Ty, ctor: impl FnOnce(Slot, Slot, Slot) -> Op) -> Result<()> {
        let rhs = self.stack.pop()?;
        let lhs = self.stack.pop()?;
        let l = self.slot_of(lhs);
        let r = self.slot_of(rhs);
        self.push_result(out, |dst| ctor(dst, l, r))
    }

    fn ternary(&mut self, out: Ty, ctor: impl FnOnce(Slot, Slot, Slot, Slot) -> Op) -> Result<()> {
        let (a, b, c) = self.pop3()?;
        self.push_result(out, |dst| ctor(dst, a, b, c))
    }

    fn binary(&mut self, out: Ty, rr: BinCtor, imm: ImmForms) -> Result<()> {
        let rhs = self.stack.pop()?;
        let lhs = self.stack.pop()?;
        if let (Src::Const(c), Some(ctor)) = (rhs.src, imm.rhs) {
            let l = self.slot_of(lhs);
            return self.push_result(out, |dst| ctor(dst, l, c));
        }
        if let (Src::Const(c), Some(ctor)) = (lhs.src, imm.lhs) {
            let r = self.slot_of(rhs);
            return self.push_result(out, |dst| ctor(dst, r, c));
        }
        let l = self.slot_of(lhs);
        let r = self.slot_of(rhs);
        self.push_result(out, |dst| rr(dst, l, r))
    }

    /// The memory index a memory immediate refers to.
    fn memory_of(memarg: &wasmparser::MemArg) -> Result<u32> {
        match memarg.target {
            wasmparser::MemArgTarget::Memory(mem) => Ok(mem),
            wasmparser::MemArgTarget::Array(_) => {
                bail!("array memory operations (garbage collection) are not supported")
            }
        }
    }

    fn memory_is_64(&self, mem: u32) -> bool {
        self.info.memories.get(mem as usize).is_some_and(|m| m.is_64())
    }

    /// Whether memory 0 can be accessed by the fast instructions, which
    /// reach it through the executor's registers: it is unshared, with
    /// 32-bit addresses. Shared memories use the general instructions,
    /// which access them atomically (see `runtime::shared_memory`).
    fn fast_memory0(&self) -> bool {
        self.info.memories.first().is_some_and(|m| !m.is_64() && !m.is_shared())
    }

    /// The static offset if the access can use the fast instructions
    /// (memory 0 as [`Translator::fast_memory0`] says, offset below 4 GiB),
    /// else `None`.
    fn fast_offset(&self, memarg: &wasmparser::MemArg) -> Result<Option<u32>> {
        if Self::memory_of(memarg)? != 0 || !self.fast_memory0() {
            return Ok(None);
        }
        Ok(u32::try_from(memarg.offset).ok())
    }

    /// Adds a general memory argument to the module's pool; its index.
    fn mem_arg(&mut self, kind: AccessKind, memarg: &wasmparser::MemArg, lane: u8) -> Result<u32> {
        let mem = Self::memory_of(memarg)?;
        self.pools.mem_args.push(MemArg { kind, mem, offset: memarg.offset, lane });
        Ok(u32::try_from(self.pools.mem_args.len() - 1)?)
    }

    /// How the memory access consuming `ptr` can take its address: a
    /// constant, or the `i32.add` (or `i32.add_imm`) that just computed it
    /// into a temporary, taken back out of the code to be fused into the
    /// access. Only slot plus constant (the one form stores of constants
    /// have) unless `all_forms`.
    fn take_address_add(&mut self, ptr: Entry, all_forms: bool) -> Option<AddressAdd> {
        if let Src::Const(addr) = ptr.src {
            return all_forms.then_some(AddressAdd::Const(addr as u32));
        }
        let add = self.take_producer(ptr, |op| match op {
            Op::I32AddImm { lhs, imm, .. } => Some(AddressAdd::Imm(lhs, imm)),
            Op::I32Add { lhs, rhs, .. } if all_forms => Some(AddressAdd::Slot(lhs, rhs)),
            _ => None,
        })?;
        Some(self.take_index_shift(add))
    }

    /// What `fold` makes of the instruction that just computed `entry` into
    /// its home (see [`Translator::producer_of`]), which is then taken back
    /// out of the code: the instruction consuming `entry` does its work.
    fn take_producer<T>(&mut self, entry: Entry, fold: impl FnOnce(Op) -> Option<T>) -> Option<T> {
        let at = self.producer_of(entry)?;
        let folded = fold(self.code[at])?;
        self.code.remove(at);
        self.last_result = None;
        Some(folded)
    }

    /// Whether `slot` is one of the operand stack's temporaries, which come
    /// after the locals.
    fn is_temporary(&self, slot: Slot) -> bool {
        let locals_end = self.locals.last().map_or(0, |&(s, ty)| u32::from(s.0) + ty.width());
        u32::from(slot.0) >= locals_end
    }

    /// `add` with the `i32.shl_imm` that computed its index folded in, when
    /// that shift is the instruction just before (with no label between)
    /// and wrote a temporary only the addition read.
    fn take_index_shift(&mut self, add: AddressAdd) -> AddressAdd {
        let AddressAdd::Slot(lhs, rhs) = add else { return add };
        let Some(at) = self.code.len().checked_sub(1).filter(|&at| at >= self.pinned_at) else { return add };
        let Op::I32ShlImm { dst, lhs: index, imm } = self.code[at] else { return add };
        if !self.is_temporary(dst) || lhs == rhs {
            return add;
        }
        let base = match dst {
            _ if dst == rhs => lhs,
            _ if dst == lhs => rhs,
            _ => return add,
        };
        self.code.pop();
        AddressAdd::Shifted { base, index, shift: (imm & 31) as u8 }
    }

    fn load(&mut self, kind: AccessKind, out: Ty, memarg: &wasmparser::MemArg) -> Result<()> {
        let fast = self.fast_offset(memarg)?;
        let ptr = self.stack.pop()?;
        if let Some(offset) = fast
            && is_fusable_access(kind)
            && let Some(add) = self.take_address_add(ptr, true)
        {
            let dst = self.stack.push_home(out)?;
            let op = add.load(kind, dst, offset)?;
            self.emit_result(op, dst);
            return Ok(());
        }
        let p = self.slot_of(ptr);
        match fast.zip(fast_load(kind)) {
            Some((offset, ctor)) => self.push_result(out, |dst| ctor(dst, p, offset)),
            None => {
                let arg = self.mem_arg(kind, memarg, 0)?;
                self.push_result(out, |dst| Op::LoadGeneric { dst, ptr: p, arg })
            }
        }
    }

    fn store(&mut self, kind: AccessKind, memarg: &wasmparser::MemArg) -> Result<()> {
        let fast = self.fast_offset(memarg)?;
        let value = self.stack.pop()?;
        let ptr = self.stack.pop()?;
        if let Some(offset) = fast
            && let Some(op) = self.take_moved_load(kind, value, ptr, offset)
        {
            self.emit(op);
            return Ok(());
        }
        if let (Some(offset), Src::Const(bits)) = (fast, value.src)
            && let Some(value) = store_imm_value(kind, bits)
        {
            let op = match self.take_address_add(ptr, false) {
                Some(AddressAdd::Imm(p, imm)) => store_imm_add_imm(kind, p, value, imm, offset),
                _ => store_imm(kind, self.slot_of(ptr), value, offset),
            };
            self.emit(op);
            return Ok(());
        }
        if let Some(offset) = fast
            && is_fusable_access(kind)
            && let Some(add) = self.take_address_add(ptr, true)
        {
            let v = self.slot_of(value);
            self.emit(add.store(kind, v, offset)?);
            return Ok(());
        }
        let p = self.slot_of(ptr);
        let v = self.slot_of(value);
        let op = match fast.zip(fast_store(kind)) {
            Some((offset, ctor)) => ctor(p, v, offset),
            None => Op::StoreGeneric { ptr: p, src: v, arg: self.mem_arg(kind, memarg, 0)? },
        };
        self.emit(op);
        Ok(())
    }

    /// A store (of `kind`, at `offset`) of `value` to `ptr` as a `moveN`,
    /// when `value` is a temporary that the plain load just before (with
    /// no label between) produced, with the store's width: takes the load
    /// back out of the code, and gives the instruction doing both.
    fn take_moved_load(&mut self, kind: AccessKind, value: Entry, ptr: Entry, offset: u32) -> Option<Op> {
        let at = self.producer_of(value)?;
        if at + 1 != self.code.len() || !self.is_temporary(value.home) {
            return None;
        }
        let plain_store = matches!(
            kind,
            AccessKind::Store8
                | AccessKind::Store16
                | AccessKind::I32Store
                | AccessKind::Store32
                | AccessKind::I64Store
        );
        // A constant address would have to be put into a slot first, after
        // the load: leave that to the store's own forms.
        if matches!(ptr.src, Src::Const(_)) || !plain_store {
            return None;
        }
        let (from, from_offset, width) = match self.code[at] {
            Op::I32Load8U { ptr, offset, .. }
            | Op::I32Load8S { ptr, offset, .. }
            | Op::I64Load8U { ptr, offset, .. }
            | Op::I64Load8S { ptr, offset, .. } => (ptr, offset, 1),
            Op::I32Load16U { ptr, offset, .. }
            | Op::I32Load16S { ptr, offset, .. }
            | Op::I64Load16U { ptr, offset, .. }
            | Op::I64Load16S { ptr, offset, .. } => (ptr, offset, 2),
            Op::I32Load { ptr, offset, .. }
            | Op::I64Load32U { ptr, offset, .. }
            | Op::I64Load32S { ptr, offset, .. } => (ptr, offset, 4),
            Op::I64Load { ptr, offset, .. } => (ptr, offset, 8),
            _ => return None,
        };
        if width != kind.size() {
            return None;
        }
        self.code.pop();
        self.last_result = None;
        // Neither a local's slot nor one below the temporary: not its home.
        let to = self.slot_of(ptr);
        Some(match width {
            1 => Op::Move8 { from, to, from_offset, to_offset: offset },
            2 => Op::Move16 { from, to, from_offset, to_offset: offset },
            4 => Op::Move32 { from, to, from_offset, to_offset: offset },
            _ => Op::Move64 { from, to, from_offset, to_offset: offset },
        })
    }

    /// `v128.loadN_lane`: reads memory into one lane of a vector operand.
    fn load_lane(&mut self, kind: AccessKind, memarg: &wasmparser::MemArg, lane: u8) -> Result<()> {
        let fast = self.fast_offset(memarg)?;
        let vec = self.stack.pop()?;
        let ptr = self.stack.pop()?;
        let (ptr, vec) = (self.slot_of(ptr), self.slot_of(vec));
        let arg = if fast.is_none() { self.mem_arg(kind, memarg, lane)? } else { 0 };
        let dst = self.stack.push_home(Ty::V128)?;
        let op = match (fast, kind) {
            (None, _) => Op::LoadLaneGeneric { dst, ptr, vec, arg },
            (Some(offset), AccessKind::V128Load8Lane) => Op::V128Load8Lane { dst, ptr, vec, offset, lane },
            (Some(offset), AccessKind::V128Load16Lane) => Op::V128Load16Lane { dst, ptr, vec, offset, lane },
            (Some(offset), AccessKind::V128Load32Lane) => Op::V128Load32Lane { dst, ptr, vec, offset, lane },
            (Some(offset), AccessKind::V128Load64Lane) => Op::V128Load64Lane { dst, ptr, vec, offset, lane },
            (Some(_), other) => bail!("internal error: {other:?} is not a lane load"),
        };
        self.emit_result(op, dst);
        Ok(())
    }

    /// `v128.storeN_lane`: writes one lane of a vector operand.
    fn store_lane(&mut self, kind: AccessKind, memarg: &wasmparser::MemArg, lane: u8) -> Result<()> {
        let fast = self.fast_offset(memarg)?;
        let value = self.stack.pop()?;
        let ptr = self.stack.pop()?;
        let p = self.slot_of(ptr);
        let v = self.slot_of(value);
        let op = match fast {
            Some(offset) => match kind {
                AccessKind::V128Store8Lane => Op::V128Store8Lane { ptr: p, src: v, offset, lane },
                AccessKind::V128Store16Lane => Op::V128Store16Lane { ptr: p, src: v, offset, lane },
                AccessKind::V128Store32Lane => Op::V128Store32Lane { ptr: p, src: v, offset, lane },
                AccessKind::V128Store64Lane => Op::V128Store64Lane { ptr: p, src: v, offset, lane },
                other => bail!("internal error: {other:?} is not a lane store"),
            },
            None => Op::StoreGeneric { ptr: p, src: v, arg: self.mem_arg(kind, memarg, lane)? },
        };
        self.emit(op);
        Ok(())
    }

    /// Pops three operands (lowest first) and returns their slots.
    fn pop3(&mut self) -> Result<(Slot, Slot, Slot)> {
        let c = self.stack.pop()?;
        let b = self.stack.pop()?;
        let a = self.stack.pop()?;
        Ok((self.slot_of(a), self.slot_of(b), self.slot_of(c)))
    }

    fn index_ty(is_64: bool) -> Ty {
        if is_64 { Ty::I64 } else { Ty::I32 }
    }

    fn table_index_ty(&self, table: u32) -> Ty {
        Self::index_ty(self.info.tables.get(table as usize).is_some_and(|t| t.is_64()))
    }

    // ---- locals ----

    fn local_set(&mut self, l: u32, keep: bool) -> Result<()> {
        let entry = if keep { self.stack.peek(0)? } else { self.stack.pop()? };
        if entry.src == Src::Local(l) {
            return Ok(());
        }
        let (local_slot, ty) = self.locals[l as usize];
        let needs_preserve = self.stack.refers_to_local(l);
        if needs_preserve {
            let copies = self.stack.preserve_local(l);
            self.emit_preserves(copies);
        }
        let mut retargeted = false;
        if let Some(at) = self.producer_of(entry)
            && !needs_preserve
            && self.code[at].set_dst(local_slot)
        {
            retargeted = true;
        }
        if retargeted {
            self.last_result = None;
            if keep {
                // The temporary was never written: the value now lives in the local.
                self.stack.pop()?;
                self.stack.push_local(l, ty)?;
            }
        } else {
            self.copy_entry_to(entry, local_slot);
        }
        Ok(())
    }

    // ---- control ----

    fn enter(&mut self, kind: ControlKind, ty: BlockType) -> Result<()> {
        let num_params = block_types(self.info, ty, false)?.len();
        let label = self.labels.new_label();
        if !self.reachable {
            self.controls.push(Control {
                kind,
                label,
                height: self.stack.len(),
                base: self.stack.top_slot(),
                ty,
                reachable_at_entry: false,
                end_reachable: false,
            });
            return Ok(());
        }
        let copies = self.stack.preserve_all_locals();
        self.emit_preserves(copies);
        self.materialize_top(num_params)?;
        let height = self.stack.len() - num_params;
        let base = match num_params {
            0 => self.stack.top_slot(),
            n => self.stack.peek(n - 1)?.home,
        };
        if kind == ControlKind::Loop {
            self.pin_target(label)?;
        }
        self.controls.push(Control { kind, label, height, base, ty, reachable_at_entry: true, end_reachable: false });
        Ok(())
    }

    fn translate_if(&mut self, bt: BlockType) -> Result<()> {
        let else_label = self.labels.new_label();
        let kind = ControlKind::If { else_label, has_else: false };
        if !self.reachable {
            return self.enter(kind, bt);
        }
        let cond = self.pop_condition()?;
        self.enter(kind, bt)?;
        self.emit_br_if(cond, true, else_label)
    }

    fn frame_index(&self, depth: u32) -> Result<usize> {
        self.controls.len().checked_sub(depth as usize + 1).context("internal error: branch depth out of range")
    }

    /// The moves that put the values a branch to frame `idx` carries into
    /// place: `(source entry, destination slot)`, lowest first. Sources are
    /// never below their destinations, so emitting them in order is safe.
    fn branch_moves(&self, idx: usize) -> Result<Vec<(Entry, Slot)>> {
        let frame = &self.controls[idx];
        let entries = self.stack.top_entries(frame.branch_types(self.info)?.len())?;
        let mut dst = u32::from(frame.base.0);
        let mut moves = Vec::new();
        for entry in entries {
            let slot = Slot(u16::try_from(dst)?);
            if !(entry.src == Src::Home && entry.home == slot) {
                moves.push((*entry, slot));
            }
            dst += entry.ty.width();
        }
        Ok(moves)
    }

    fn emit_moves(&mut self, moves: &[(Entry, Slot)]) {
        for &(entry, dst) in moves {
            self.copy_entry_to(entry, dst);
        }
    }

    /// Emits an unconditional branch to frame `idx` (leaves the operand
    /// stack model untouched: callers decide reachability).
    fn branch_to(&mut self, idx: usize) -> Result<()> {
        if self.controls[idx].kind == ControlKind::Function {
            return self.emit_return();
        }
        let moves = self.branch_moves(idx)?;
        self.emit_moves(&moves);
        let frame = &mut self.controls[idx];
        if frame.kind != ControlKind::Loop {
            frame.end_reachable = true;
        }
        let label = frame.label;
        let cost = self.take_pending();
        self.emit_br(label, cost)
    }

    /// Emits a return of the top operands (does not change the stack model).
    fn emit_return(&mut self) -> Result<()> {
        let n = self.results.len();
        match n {
            0 => {
                let cost = self.take_pending();
                self.emit(Op::Return { cost });
            }
            1 if self.results[0] != Ty::V128 => {
                let entry = self.stack.peek(0)?;
                let src = self.slot_of(entry);
                let cost = self.take_pending();
                self.emit(Op::ReturnSlot { src, cost });
            }
            _ => {
                let entries = self.stack.top_entries(n)?.to_vec();
                for entry in &entries {
                    self.copy_entry_to(*entry, entry.home);
                }
                let count = u16::try_from(self.results.iter().map(|t| t.width()).sum::<u32>())?;
                let cost = self.take_pending();
                self.emit(Op::ReturnSlots { src: entries[0].home, count, cost });
            }
        }
        Ok(())
    }

    fn br_if(&mut self, depth: u32) -> Result<()> {
        let c = self.pop_condition()?;
        self.branch_if(c, depth)
    }

    /// A branch to the frame `depth` levels out, taken when `c` holds,
    /// carrying the top operands (which stay on the stack).
    fn branch_if(&mut self, c: Condition, depth: u32) -> Result<()> {
        let idx = self.frame_index(depth)?;
        let direct = self.controls[idx].kind != ControlKind::Function && self.branch_moves(idx)?.is_empty();
        if direct {
            let frame = &mut self.controls[idx];
            if frame.kind != ControlKind::Loop {
                frame.end_reachable = true;
            }
            let label = frame.label;
            return self.emit_br_if(c, false, label);
        }
        let skip = self.labels.new_label();
        self.emit_br_if(c, true, skip)?;
        self.branch_to(idx)?;
        self.pin(skip)
    }

    /// `br_table`: a jump table of unconditional branches, each straight to
    /// its target's label or, when values must move first, to a trampoline
    /// shared by all targets of the same depth.
    fn br_table(&mut self, table: &wasmparser::BrTable<'_>) -> Result<()> {
        let index = self.stack.pop()?;
        let (len, cost) = (table.len(), self.take_pending());
        // An `i32.add_imm` just computing the index (a `match` on values
        // not starting at 0) is folded into the table.
        let index_add = self.take_producer(index, |op| match op {
            Op::I32AddImm { lhs, imm, .. } => Some((lhs, imm)),
            _ => None,
        });
        match index_add {
            Some((index, imm)) => self.emit(Op::BrTableAddImm { index, imm, len, cost }),
            None => {
                let index = self.slot_of(index);
                self.emit(Op::BrTable { index, len, cost })
            }
        };
        let mut trampolines: Vec<(u32, Label)> = Vec::new();
        for depth in table.targets().chain([Ok(table.default())]) {
            let depth = depth?;
            let label = match self.br_table_labels.get(depth) {
                Some(label) => label,
                None => {
                    #[cfg(test)]
                    tests::BR_TABLE_FRAMES_RESOLVED.with(|n| n.set(n.get() + 1));
                    let idx = self.frame_index(depth)?;
                    let direct = self.controls[idx].kind != ControlKind::Function && self.branch_moves(idx)?.is_empty();
                    let label = if direct {
                        let frame = &mut self.controls[idx];
                        if frame.kind != ControlKind::Loop {
                            frame.end_reachable = true;
                        }
                        frame.label
                    } else {
                        let label = self.labels.new_label();
                        trampolines.push((depth, label));
                        label
                    };
                    self.br_table_labels.insert(depth, label);
                    label
                }
            };
            self.emit_br(label, Cost::ZERO)?;
        }
        self.br_table_labels.clear();
        for (depth, label) in trampolines {
            self.pin(label)?;
            let idx = self.frame_index(depth)?;
            self.branch_to(idx)?;
        }
        self.reachable = false;
        Ok(())
    }

    fn translate_else(&mut self) -> Result<()> {
        let idx = self.controls.len() - 1;
        if self.reachable {
            self.branch_to(idx)?;
        }
        let frame = &mut self.controls[idx];
        let ControlKind::If { else_label, .. } = frame.kind else { bail!("internal error: `else` outside `if`") };
        frame.kind = ControlKind::If { else_label, has_else: true };
        let (frame, reachable) = (*frame, frame.reachable_at_entry);
        self.pin(else_label)?;
        self.stack.truncate(frame.height)?;
        // Unreachable code never reads the operand stack: push nothing there,
        // so that skipped code cannot make it grow.
        if reachable {
            for ty in frame.params(self.info)?.iter() {
                self.stack.push_home(ty)?;
            }
        }
        self.reachable = reachable;
        Ok(())
    }

    fn translate_end(&mut self) -> Result<()> {
        let idx = self.controls.len() - 1;
        if self.controls[idx].kind == ControlKind::Function {
            if self.reachable {
                self.emit_return()?;
            }
            self.controls.pop();
            return Ok(());
        }
        self.close_handler(idx)?;
        if self.reachable {
            let moves = {
                let frame = &self.controls[idx];
                let entries = self.stack.top_entries(frame.results(self.info)?.len())?;
                let mut dst = u32::from(frame.base.0);
                let mut moves = Vec::new();
                for entry in entries {
                    moves.push((*entry, Slot(u16::try_from(dst)?)));
                    dst += entry.ty.width();
                }
                moves
            };
            self.emit_moves(&moves);
            self.controls[idx].end_reachable = true;
        }
        let Some(frame) = self.controls.pop() else { bail!("internal error: control stack underflow") };
        let mut end_reachable = frame.end_reachable;
        if let ControlKind::If { else_label, has_else: false } = frame.kind {
            self.pin(else_label)?;
            end_reachable |= frame.reachable_at_entry;
        }
        if frame.kind != ControlKind::Loop {
            self.pin(frame.label)?;
        }
        self.stack.truncate(frame.height)?;
        if end_reachable {
            for ty in frame.results(self.info)?.iter() {
                self.stack.push_home(ty)?;
            }
        }
        self.reachable = end_reachable;
        Ok(())
    }

    fn call(&mut self, func: u32) -> Result<()> {
        let ty = self.info.func_type(func).clone();
        let num_imported = self.info.num_imported_funcs;
        let base = self.prepare_call_args(ty.param_slice().len())?;
        let cost = self.take_pending();
        let op = match func.checked_sub(num_imported) {
            Some(def) => Op::CallInternal { func: def, base, cost },
            None => Op::CallImported { func, base, cost },
        };
        self.emit(op);
        self.push_call_results(ty.result_slice(), base)
    }

    fn call_indirect(&mut self, type_index: u32, table: u32) -> Result<()> {
        let ty = self.info.types.get(type_index as usize).context("unknown type")?.clone();
        let callee = self.stack.pop()?;
        let index = self.slot_of(callee);
        let base = self.prepare_call_args(ty.param_slice().len())?;
        let table = u16::try_from(table).context("table index too large")?;
        let cost = self.take_pending();
        self.emit(Op::CallIndirect { table, ty: type_index, index, base, cost });
        self.push_call_results(ty.result_slice(), base)
    }

    /// Puts the top `n` operands into consecutive home slots and pops them;
    /// returns the first slot (the callee's frame base).
    fn prepare_call_args(&mut self, n: usize) -> Result<Slot> {
        self.materialize_top(n)?;
        let base = match n {
            0 => self.stack.top_slot(),
            n => self.stack.peek(n - 1)?.home,
        };
        // The base is a frame operand even when no value is passed.
        self.stack.reserve_until(u32::from(base.0) + 1)?;
        self.stack.truncate(self.stack.len() - n)?;
        Ok(base)
    }

    /// Pushes a call's results, which the callee leaves at `base` (the slot
    /// the popped arguments started at, so the next home).
    fn push_call_results(&mut self, results: &[ValType], base: Slot) -> Result<()> {
        if self.stack.top_slot() != base {
            bail!("internal error: call results not at the argument base");
        }
        for ty in results {
            self.stack.push_home(Ty::of(ty))?;
        }
        Ok(())
    }

    // ---- the operator switch ----

    fn translate(&mut self, op: Operator<'_>) -> Result<()> {
        if !self.reachable {
            return match op {
                Operator::Block { blockty } => self.enter(ControlKind::Block, blockty),
                Operator::Loop { blockty } => self.enter(ControlKind::Loop, blockty),
                Operator::If { blockty } => self.translate_if(blockty),
                Operator::Else => self.translate_else(),
                Operator::End => self.translate_end(),
                Operator::TryTable { try_table } => self.try_table(&try_table),
                Operator::Try { blockty } => self.legacy_try(blockty),
                Operator::Catch { tag_index } => self.legacy_catch(Some(tag_index)),
                Operator::CatchAll => self.legacy_catch(None),
                Operator::Delegate { relative_depth } => self.delegate(relative_depth),
                _ => Ok(()),
            };
        }
        self.add_cost(is_counted(&op));
        use Operator as O;
        use Ty::*;
        match op {
            O::Unreachable => {
                // Trapping: the open segment is never charged.
                self.pending = Cost::ZERO;
                self.emit(Op::Unreachable {});
                self.reachable = false;
            }
            O::Nop => {}
            O::Block { blockty } => self.enter(ControlKind::Block, blockty)?,
            O::Loop { blockty } => self.enter(ControlKind::Loop, blockty)?,
            O::If { blockty } => self.translate_if(blockty)?,
            O::Else => self.translate_else()?,
            O::End => self.translate_end()?,
            O::Br { relative_depth } => {
                let idx = self.frame_index(relative_depth)?;
                self.branch_to(idx)?;
                self.reachable = false;
            }
            O::BrIf { relative_depth } => self.br_if(relative_depth)?,
            O::BrTable { targets } => self.br_table(&targets)?,
            O::Return => {
                self.emit_return()?;
                self.reachable = false;
            }
            O::Call { function_index } => self.call(function_index)?,
            O::CallIndirect { type_index, table_index } => self.call_indirect(type_index, table_index)?,
            O::ReturnCall { function_index } => self.return_call(function_index)?,
            O::ReturnCallIndirect { type_index, table_index } => self.return_call_indirect(type_index, table_index)?,
            O::CallRef { type_index } => self.call_ref(type_index)?,
            O::ReturnCallRef { type_index } => self.return_call_ref(type_index)?,
            O::RefAsNonNull => self.ref_as_non_null()?,
            O::BrOnNull { relative_depth } => self.br_on_null(relative_depth)?,
            O::BrOnNonNull { relative_depth } => self.br_on_non_null(relative_depth)?,
            O::Drop => {
                self.stack.pop()?;
            }
            O::Select | O::TypedSelect { .. } => {
                let cond = self.stack.pop()?;
                let if_false = self.stack.pop()?;
                let if_true = self.stack.pop()?;
                let ty = if_true.ty;
                let c = self.slot_of(cond);
                let f = self.slot_of(if_false);
                let t = self.slot_of(if_true);
                self.push_result(ty, |dst| {
                    if ty == V128 {
                        Op::Select128 { dst, cond: c, if_true: t, if_false: f }
                    } else {
                        Op::Select { dst, cond: c, if_true: t, if_false: f }
                    }
                })?;
            }
            O::LocalGet { local_index } => {
                let ty = self.locals[local_index as usize].1;
                self.stack.push_local(local_index, ty)?;
            }
            O::LocalSet { local_index } => self.local_set(local_index, false)?,
            O::LocalTee { local_index } => self.local_set(local_index, true)?,
            O::GlobalGet { global_index } => {
                let ty = Ty::of(self.info.globals[global_index as usize].content());
                self.push_result(ty, |dst| {
                    if ty == V128 {
                        Op::GlobalGet128 { dst, global: global_index }
                    } else {
                        Op::GlobalGet { dst, global: global_index }
                    }
                })?;
            }
            O::GlobalSet { global_index } => {
                let value = self.stack.pop()?;
                let src = self.slot_of(value);
                self.emit(if value.ty == V128 {
                    Op::GlobalSet128 { src, global: global_index }
                } else {
                    Op::GlobalSet { src, global: global_index }
                });
            }

            O::I32Load { memarg } => self.load(AccessKind::I32Load, I32, &memarg)?,
            O::I64Load { memarg } => self.load(AccessKind::I64Load, I64, &memarg)?,
            O::F32Load { memarg } => self.load(AccessKind::I32Load, F32, &memarg)?,
            O::F64Load { memarg } => self.load(AccessKind::I64Load, F64, &memarg)?,
            O::I32Load8S { memarg } => self.load(AccessKind::I32Load8S, I32, &memarg)?,
            O::I32Load8U { memarg } => self.load(AccessKind::I32Load8U, I32, &memarg)?,
            O::I32Load16S { memarg } => self.load(AccessKind::I32Load16S, I32, &memarg)?,
            O::I32Load16U { memarg } => self.load(AccessKind::I32Load16U, I32, &memarg)?,
            O::I64Load8S { memarg } => self.load(AccessKind::I64Load8S, I64, &memarg)?,
            O::I64Load8U { memarg } => self.load(AccessKind::I64Load8U, I64, &memarg)?,
            O::I64Load16S { memarg } => self.load(AccessKind::I64Load16S, I64, &memarg)?,
            O::I64Load16U { memarg } => self.load(AccessKind::I64Load16U, I64, &memarg)?,
            O::I64Load32S { memarg } => self.load(AccessKind::I64Load32S, I64, &memarg)?,
            O::I64Load32U { memarg } => self.load(AccessKind::I64Load32U, I64, &memarg)?,
            O::I32Store { memarg } | O::F32Store { memarg } => self.store(AccessKind::I32Store, &memarg)?,
            O::I64Store { memarg } | O::F64Store { memarg } => self.store(AccessKind::I64Store, &memarg)?,
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.store(AccessKind::Store8, &memarg)?,
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.store(AccessKind::Store16, &memarg)?,
            O::I64Store32 { memarg } => self.store(AccessKind::Store32, &memarg)?,
            O::MemorySize { mem } => {
                let ty = Self::index_ty(self.memory_is_64(mem));
                self.push_result(ty, |dst| Op::MemorySize { dst, mem })?;
            }
            O::MemoryGrow { mem } => {
                let delta = self.stack.pop()?;
                let d = self.slot_of(delta);
                let ty = Self::index_ty(self.memory_is_64(mem));
                self.push_result(ty, |dst| Op::MemoryGrow { dst, delta: d, mem })?;
            }
            O::MemoryFill { mem } => {
                let (dst_addr, value, len) = self.pop3()?;
                self.emit(if mem == 0 && self.fast_memory0() {
                    Op::Memory0Fill { dst_addr, value, len }
                } else {
                    Op::MemoryFill { dst_addr, value, len, mem }
                });
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                let (dst_addr, src_addr, len) = self.pop3()?;
                self.emit(if (dst_mem, src_mem) == (0, 0) && self.fast_memory0() {
                    Op::Memory0Copy { dst_addr, src_addr, len }
                } else {
                    Op::MemoryCopy { dst_addr, src_addr, len, dst_mem, src_mem }
                });
            }
            O::MemoryInit { data_index, mem } => {
                let (dst_addr, src_offset, len) = self.pop3()?;
                self.emit(Op::MemoryInit { dst_addr, src_offset, len, data: data_index, mem });
            }
            O::DataDrop { data_index } => {
                self.emit(Op::DataDrop { data: data_index });
            }

            O::I32Const { value } => self.stack.push_const(I32, u64::from(value as u32))?,
            O::I64Const { value } => self.stack.push_const(I64, value as u64)?,
            O::F32Const { value } => self.stack.push_const(F32, u64::from(value.bits()))?,
            O::F64Const { value } => self.stack.push_const(F64, value.bits())?,

            O::RefNull { .. } => self.stack.push_const(Ref, 0)?,
            O::RefIsNull => self.unary(I32, un!(I64Eqz))?,
            O::RefFunc { function_index } => self.push_result(Ref, |dst| Op::RefFunc { dst, func: function_index })?,
            O::TableGet { table } => {
                let index = self.stack.pop()?;
                let i = self.slot_of(index);
                self.push_result(Ref, |dst| Op::TableGet { dst, index: i, table })?;
            }
            O::TableSet { table } => {
                let value = self.stack.pop()?;
                let index = self.stack.pop()?;
                let i = self.slot_of(index);
                let v = self.slot_of(value);
                self.emit(Op::TableSet { index: i, value: v, table });
            }
            O::TableSize { table } => {
                let ty = self.table_index_ty(table);
                self.push_result(ty, |dst| Op::TableSize { dst, table })?;
            }
            O::TableGrow { table } => {
                let delta = self.stack.pop()?;
                let init = self.stack.pop()?;
                let i = self.slot_of(init);
                let d = self.slot_of(delta);
                let ty = self.table_index_ty(table);
                self.push_result(ty, |dst| Op::TableGrow { dst, init: i, delta: d, table })?;
            }
            O::TableFill { table } => {
                let (dst_index, value, len) = self.pop3()?;
                self.emit(Op::TableFill { dst_index, value, len, table });
            }
            O::TableCopy { dst_table, src_table } => {
                let (dst_index, src_index, len) = self.pop3()?;
                self.emit(Op::TableCopy { dst_index, src_index, len, dst_table, src_table });
            }
            O::TableInit { elem_index, table } => {
                let (dst_index, src_offset, len) = self.pop3()?;
                self.emit(Op::TableInit { dst_index, src_offset, len, elem: elem_index, table });
            }
            O::ElemDrop { elem_index } => {
                self.emit(Op::ElemDrop { elem: elem_index });
            }

            O::I32Eqz => self.unary(I32, un!(I32Eqz))?,
            O::I32Eq => self.binary(I32, bin!(I32Eq), commutative32!(I32EqImm))?,
            O::I32Ne => self.binary(I32, bin!(I32Ne), commutative32!(I32NeImm))?,
            O::I32LtS => self.binary(I32, bin!(I32LtS), mirrored32!(I32LtSImm, I32GtSImm))?,
            O::I32LtU => self.binary(I32, bin!(I32LtU), mirrored32!(I32LtUImm, I32GtUImm))?,
            O::I32GtS => self.binary(I32, bin!(I32GtS), mirrored32!(I32GtSImm, I32LtSImm))?,
            O::I32GtU => self.binary(I32, bin!(I32GtU), mirrored32!(I32GtUImm, I32LtUImm))?,
            O::I32LeS => self.binary(I32, bin!(I32LeS), mirrored32!(I32LeSImm, I32GeSImm))?,
            O::I32LeU => self.binary(I32, bin!(I32LeU), mirrored32!(I32LeUImm, I32GeUImm))?,
            O::I32GeS => self.binary(I32, bin!(I32GeS), mirrored32!(I32GeSImm, I32LeSImm))?,
            O::I32GeU => self.binary(I32, bin!(I32GeU), mirrored32!(I32GeUImm, I32LeUImm))?,
            O::I32Clz => self.unary(I32, un!(I32Clz))?,
            O::I32Ctz => self.unary(I32, un!(I32Ctz))?,
            O::I32Popcnt => self.unary(I32, un!(I32Popcnt))?,
            O::I32Add => self.binary(I32, bin!(I32Add), commutative32!(I32AddImm))?,
            O::I32Sub => self.binary(
                I32,
                bin!(I32Sub),
                ImmForms {
                    rhs: Some(|dst, lhs, c| Op::I32AddImm { dst, lhs, imm: (c as u32 as i32).wrapping_neg() }),
                    lhs: None,
                },
            )?,
            O::I32Mul => self.binary(I32, bin!(I32Mul), commutative32!(I32MulImm))?,
            O::I32DivS => self.binary(I32, bin!(I32DivS), rhs32!(I32DivSImm))?,
            O::I32DivU => self.binary(I32, bin!(I32DivU), by_constant!(I32DivUImm))?,
            O::I32RemS => self.binary(I32, bin!(I32RemS), rhs32!(I32RemSImm))?,
            O::I32RemU => self.binary(I32, bin!(I32RemU), by_constant!(I32RemUImm))?,
            O::I32And => self.binary(I32, bin!(I32And), commutative32!(I32AndImm))?,
            O::I32Or => self.binary(I32, bin!(I32Or), commutative32!(I32OrImm))?,
            O::I32Xor => self.binary(I32, bin!(I32Xor), commutative32!(I32XorImm))?,
            O::I32Shl => self.binary(I32, bin!(I32Shl), rhs32!(I32ShlImm))?,
            O::I32ShrS => self.binary(I32, bin!(I32ShrS), rhs32!(I32ShrSImm))?,
            O::I32ShrU => self.binary(I32, bin!(I32ShrU), rhs32!(I32ShrUImm))?,
            O::I32Rotl => self.binary(I32, bin!(I32Rotl), rhs32!(I32RotlImm))?,
            O::I32Rotr => self.binary(I32, bin!(I32Rotr), rhs32!(I32RotrImm))?,

            O::I64Eqz => self.unary(I32, un!(I64Eqz))?,
            O::I64Eq => self.binary(I32, bin!(I64Eq), commutative64!(I64EqImm))?,
            O::I64Ne => self.binary(I32, bin!(I64Ne), commutative64!(I64NeImm))?,
            O::I64LtS => self.binary(I32, bin!(I64LtS), mirrored64!(I64LtSImm, I64GtSImm))?,
            O::I64LtU => self.binary(I32, bin!(I64LtU), mirrored64!(I64LtUImm, I64GtUImm))?,
            O::I64GtS => self.binary(I32, bin!(I64GtS), mirrored64!(I64GtSImm, I64LtSImm))?,
            O::I64GtU => self.binary(I32, bin!(I64GtU), mirrored64!(I64GtUImm, I64LtUImm))?,
            O::I64LeS => self.binary(I32, bin!(I64LeS), mirrored64!(I64LeSImm, I64GeSImm))?,
            O::I64LeU => self.binary(I32, bin!(I64LeU), mirrored64!(I64LeUImm, I64GeUImm))?,
            O::I64GeS => self.binary(I32, bin!(I64GeS), mirrored64!(I64GeSImm, I64LeSImm))?,
            O::I64GeU => self.binary(I32, bin!(I64GeU), mirrored64!(I64GeUImm, I64LeUImm))?,
            O::I64Clz => self.unary(I64, un!(I64Clz))?,
            O::I64Ctz => self.unary(I64, un!(I64Ctz))?,
            O::I64Popcnt => self.unary(I64, un!(I64Popcnt))?,
            O::I64Add => self.binary(I64, bin!(I64Add), commutative64!(I64AddImm))?,
            O::I64Sub => self.binary(
                I64,
                bin!(I64Sub),
                ImmForms {
                    rhs: Some(|dst, lhs, c| Op::I64AddImm { dst, lhs, imm: (c as i64).wrapping_neg() }),
                    lhs: None,
                },
            )?,
            O::I64Mul => self.binary(I64, bin!(I64Mul), commutative64!(I64MulImm))?,
            O::I64DivS => self.binary(I64, bin!(I64DivS), rhs64!(I64DivSImm))?,
            O::I64DivU => self.binary(I64, bin!(I64DivU), rhs64!(I64DivUImm))?,
            O::I64RemS => self.binary(I64, bin!(I64RemS), rhs64!(I64RemSImm))?,
            O::I64RemU => self.binary(I64, bin!(I64RemU), rhs64!(I64RemUImm))?,
            O::I64And => self.binary(I64, bin!(I64And), commutative64!(I64AndImm))?,
            O::I64Or => self.binary(I64, bin!(I64Or), commutative64!(I64OrImm))?,
            O::I64Xor => self.binary(I64, bin!(I64Xor), commutative64!(I64XorImm))?,
            O::I64Shl => self.binary(I64, bin!(I64Shl), rhs64!(I64ShlImm))?,
            O::I64ShrS => self.binary(I64, bin!(I64ShrS), rhs64!(I64ShrSImm))?,
            O::I64ShrU => self.binary(I64, bin!(I64ShrU), rhs64!(I64ShrUImm))?,
            O::I64Rotl => self.binary(I64, bin!(I64Rotl), rhs64!(I64RotlImm))?,
            O::I64Rotr => self.binary(I64, bin!(I64Rotr), rhs64!(I64RotrImm))?,
            // --- wide-arithmetic proposal ---
            O::I64Add128 => self.wide_arithmetic(Wide::Add128)?,
            O::I64Sub128 => self.wide_arithmetic(Wide::Sub128)?,
            O::I64MulWideS => self.wide_arithmetic(Wide::MulWideS)?,
            O::I64MulWideU => self.wide_arithmetic(Wide::MulWideU)?,

            O::F32Eq => self.binary(I32, bin!(F32Eq), NO_IMM)?,
            O::F32Ne => self.binary(I32, bin!(F32Ne), NO_IMM)?,
            O::F32Lt => self.binary(I32, bin!(F32Lt), NO_IMM)?,
            O::F32Gt => self.binary(I32, bin!(F32Gt), NO_IMM)?,
            O::F32Le => self.binary(I32, bin!(F32Le), NO_IMM)?,
            O::F32Ge => self.binary(I32, bin!(F32Ge), NO_IMM)?,
            O::F64Eq => self.binary(I32, bin!(F64Eq), NO_IMM)?,
            O::F64Ne => self.binary(I32, bin!(F64Ne), NO_IMM)?,
            O::F64Lt => self.binary(I32, bin!(F64Lt), NO_IMM)?,
            O::F64Gt => self.binary(I32, bin!(F64Gt), NO_IMM)?,
            O::F64Le => self.binary(I32, bin!(F64Le), NO_IMM)?,
            O::F64Ge => self.binary(I32, bin!(F64Ge), NO_IMM)?,
            O::F32Abs => self.unary(F32, un!(F32Abs))?,
            O::F32Neg => self.unary(F32, un!(F32Neg))?,
            O::F32Ceil => self.unary(F32, un!(F32Ceil))?,
            O::F32Floor => self.unary(F32, un!(F32Floor))?,
            O::F32Trunc => self.unary(F32, un!(F32Trunc))?,
            O::F32Nearest => self.unary(F32, un!(F32Nearest))?,
            O::F32Sqrt => self.unary(F32, un!(F32Sqrt))?,
            O::F32Add => self.binary(F32, bin!(F32Add), NO_IMM)?,
            O::F32Sub => self.binary(F32, bin!(F32Sub), NO_IMM)?,
            O::F32Mul => self.binary(F32, bin!(F32Mul), NO_IMM)?,
            O::F32Div => self.binary(F32, bin!(F32Div), NO_IMM)?,
            O::F32Min => self.binary(F32, bin!(F32Min), NO_IMM)?,
            O::F32Max => self.binary(F32, bin!(F32Max), NO_IMM)?,
            O::F32Copysign => self.binary(F32, bin!(F32Copysign), NO_IMM)?,
            O::F64Abs => self.unary(F64, un!(F64Abs))?,
            O::F64Neg => self.unary(F64, un!(F64Neg))?,
            O::F64Ceil => self.unary(F64, un!(F64Ceil))?,
            O::F64Floor => self.unary(F64, un!(F64Floor))?,
            O::F64Trunc => self.unary(F64, un!(F64Trunc))?,
            O::F64Nearest => self.unary(F64, un!(F64Nearest))?,
            O::F64Sqrt => self.unary(F64, un!(F64Sqrt))?,
            O::F64Add => self.binary(F64, bin!(F64Add), NO_IMM)?,
            O::F64Sub => self.binary(F64, bin!(F64Sub), NO_IMM)?,
            O::F64Mul => self.binary(F64, bin!(F64Mul), NO_IMM)?,
            O::F64Div => self.binary(F64, bin!(F64Div), NO_IMM)?,
            O::F64Min => self.binary(F64, bin!(F64Min), NO_IMM)?,
            O::F64Max => self.binary(F64, bin!(F64Max), NO_IMM)?,
            O::F64Copysign => self.binary(F64, bin!(F64Copysign), NO_IMM)?,

            O::I32WrapI64 => self.unary(I32, un!(I32WrapI64))?,
            O::I32TruncF32S => self.unary(I32, un!(I32TruncF32S))?,
            O::I32TruncF32U => self.unary(I32, un!(I32TruncF32U))?,
            O::I32TruncF64S => self.unary(I32, un!(I32TruncF64S))?,
            O::I32TruncF64U => self.unary(I32, un!(I32TruncF64U))?,
            O::I64ExtendI32S => self.unary(I64, un!(I64ExtendI32S))?,
            O::I64ExtendI32U => self.unary(I64, un!(I64ExtendI32U))?,
            O::I64TruncF32S => self.unary(I64, un!(I64TruncF32S))?,
            O::I64TruncF32U => self.unary(I64, un!(I64TruncF32U))?,
            O::I64TruncF64S => self.unary(I64, un!(I64TruncF64S))?,
            O::I64TruncF64U => self.unary(I64, un!(I64TruncF64U))?,
            O::F32ConvertI32S => self.unary(F32, un!(F32ConvertI32S))?,
            O::F32ConvertI32U => self.unary(F32, un!(F32ConvertI32U))?,
            O::F32ConvertI64S => self.unary(F32, un!(F32ConvertI64S))?,
            O::F32ConvertI64U => self.unary(F32, un!(F32ConvertI64U))?,
            O::F32DemoteF64 => self.unary(F32, un!(F32DemoteF64))?,
            O::F64ConvertI32S => self.unary(F64, un!(F64ConvertI32S))?,
            O::F64ConvertI32U => self.unary(F64, un!(F64ConvertI32U))?,
            O::F64ConvertI64S => self.unary(F64, un!(F64ConvertI64S))?,
            O::F64ConvertI64U => self.unary(F64, un!(F64ConvertI64U))?,
            O::F64PromoteF32 => self.unary(F64, un!(F64PromoteF32))?,
            O::I32ReinterpretF32 => self.retype(I32)?,
            O::I64ReinterpretF64 => self.retype(I64)?,
            O::F32ReinterpretI32 => self.retype(F32)?,
            O::F64ReinterpretI64 => self.retype(F64)?,
            O::I32Extend8S => self.unary(I32, un!(I32Extend8S))?,
            O::I32Extend16S => self.unary(I32, un!(I32Extend16S))?,
            O::I64Extend8S => self.unary(I64, un!(I64Extend8S))?,
            O::I64Extend16S => self.unary(I64, un!(I64Extend16S))?,
            O::I64Extend32S => self.unary(I64, un!(I64Extend32S))?,
            O::I32TruncSatF32S => self.unary(I32, un!(I32TruncSatF32S))?,
            O::I32TruncSatF32U => self.unary(I32, un!(I32TruncSatF32U))?,
            O::I32TruncSatF64S => self.unary(I32, un!(I32TruncSatF64S))?,
            O::I32TruncSatF64U => self.unary(I32, un!(I32TruncSatF64U))?,
            O::I64TruncSatF32S => self.unary(I64, un!(I64TruncSatF32S))?,
            O::I64TruncSatF32U => self.unary(I64, un!(I64TruncSatF32U))?,
            O::I64TruncSatF64S => self.unary(I64, un!(I64TruncSatF64S))?,
            O::I64TruncSatF64U => self.unary(I64, un!(I64TruncSatF64U))?,

            O::V128Const { value } => {
                let value = u128::from_le_bytes(*value.bytes());
                let (low, high) = (value as u64, (value >> 64) as u64);
                if low == high {
                    self.push_result(V128, |dst| Op::V128ConstSplat64 { dst, half: low })?;
                } else {
                    let index = self.v128_const(value)?;
                    self.push_result(V128, |dst| Op::V128Const { dst, index })?;
                }
            }
            O::I8x16Shuffle { lanes } => {
                let mask = self.v128_const(u128::from_le_bytes(lanes))?;
                self.binary_with(V128, |dst, lhs, rhs| Op::I8x16Shuffle { dst, lhs, rhs, mask })?;
            }
            O::I8x16Splat => self.unary(V128, un!(I8x16Splat))?,
            O::I16x8Splat => self.unary(V128, un!(I16x8Splat))?,
            O::I32x4Splat | O::F32x4Splat => self.unary(V128, un!(I32x4Splat))?,
            O::I64x2Splat | O::F64x2Splat => self.unary(V128, un!(I64x2Splat))?,
            O::I8x16ExtractLaneS { lane } => {
                self.unary_with(I32, |dst, src| Op::I8x16ExtractLaneS { dst, src, lane })?
            }
            O::I8x16ExtractLaneU { lane } => {
                self.unary_with(I32, |dst, src| Op::I8x16ExtractLaneU { dst, src, lane })?
            }
            O::I16x8ExtractLaneS { lane } => {
                self.unary_with(I32, |dst, src| Op::I16x8ExtractLaneS { dst, src, lane })?
            }
            O::I16x8ExtractLaneU { lane } => {
                self.unary_with(I32, |dst, src| Op::I16x8ExtractLaneU { dst, src, lane })?
            }
            O::I32x4ExtractLane { lane } => self.unary_with(I32, |dst, src| Op::I32x4ExtractLane { dst, src, lane })?,
            O::F32x4ExtractLane { lane } => self.unary_with(F32, |dst, src| Op::I32x4ExtractLane { dst, src, lane })?,
            O::I64x2ExtractLane { lane } => self.unary_with(I64, |dst, src| Op::I64x2ExtractLane { dst, src, lane })?,
            O::F64x2ExtractLane { lane } => self.unary_with(F64, |dst, src| Op::I64x2ExtractLane { dst, src, lane })?,
            O::I8x16ReplaceLane { lane } => {
                self.binary_with(V128, |dst, src, value| Op::I8x16ReplaceLane { dst, src, value, lane })?
            }
            O::I16x8ReplaceLane { lane } => {
                self.binary_with(V128, |dst, src, value| Op::I16x8ReplaceLane { dst, src, value, lane })?
            }
            O::I32x4ReplaceLane { lane } | O::F32x4ReplaceLane { lane } => {
                self.binary_with(V128, |dst, src, value| Op::I32x4ReplaceLane { dst, src, value, lane })?
            }
            O::I64x2ReplaceLane { lane } | O::F64x2ReplaceLane { lane } => {
                self.binary_with(V128, |dst, src, value| Op::I64x2ReplaceLane { dst, src, value, lane })?
            }
            O::V128Load { memarg } => self.load(AccessKind::V128Load, V128, &memarg)?,
            O::V128Load8x8S { memarg } => self.load(AccessKind::V128Load8x8S, V128, &memarg)?,
            O::V128Load8x8U { memarg } => self.load(AccessKind::V128Load8x8U, V128, &memarg)?,
            O::V128Load16x4S { memarg } => self.load(AccessKind::V128Load16x4S, V128, &memarg)?,
            O::V128Load16x4U { memarg } => self.load(AccessKind::V128Load16x4U, V128, &memarg)?,
            O::V128Load32x2S { memarg } => self.load(AccessKind::V128Load32x2S, V128, &memarg)?,
            O::V128Load32x2U { memarg } => self.load(AccessKind::V128Load32x2U, V128, &memarg)?,
            O::V128Load8Splat { memarg } => self.load(AccessKind::V128Load8Splat, V128, &memarg)?,
            O::V128Load16Splat { memarg } => self.load(AccessKind::V128Load16Splat, V128, &memarg)?,
            O::V128Load32Splat { memarg } => self.load(AccessKind::V128Load32Splat, V128, &memarg)?,
            O::V128Load64Splat { memarg } => self.load(AccessKind::V128Load64Splat, V128, &memarg)?,
            O::V128Load32Zero { memarg } => self.load(AccessKind::V128Load32Zero, V128, &memarg)?,
            O::V128Load64Zero { memarg } => self.load(AccessKind::V128Load64Zero, V128, &memarg)?,
            O::V128Store { memarg } => self.store(AccessKind::V128Store, &memarg)?,
            O::V128Load8Lane { memarg, lane } => self.load_lane(AccessKind::V128Load8Lane, &memarg, lane)?,
            O::V128Load16Lane { memarg, lane } => self.load_lane(AccessKind::V128Load16Lane, &memarg, lane)?,
            O::V128Load32Lane { memarg, lane } => self.load_lane(AccessKind::V128Load32Lane, &memarg, lane)?,
            O::V128Load64Lane { memarg, lane } => self.load_lane(AccessKind::V128Load64Lane, &memarg, lane)?,
            O::V128Store8Lane { memarg, lane } => self.store_lane(AccessKind::V128Store8Lane, &memarg, lane)?,
            O::V128Store16Lane { memarg, lane } => self.store_lane(AccessKind::V128Store16Lane, &memarg, lane)?,
            O::V128Store32Lane { memarg, lane } => self.store_lane(AccessKind::V128Store32Lane, &memarg, lane)?,
            O::V128Store64Lane { memarg, lane } => self.store_lane(AccessKind::V128Store64Lane, &memarg, lane)?,
            O::I8x16Swizzle => self.binary(V128, bin!(I8x16Swizzle), NO_IMM)?,
            O::I8x16Eq => self.binary(V128, bin!(I8x16Eq), NO_IMM)?,
            O::I8x16Ne => self.binary(V128, bin!(I8x16Ne), NO_IMM)?,
            O::I8x16LtS => self.binary(V128, bin!(I8x16LtS), NO_IMM)?,
            O::I8x16LtU => self.binary(V128, bin!(I8x16LtU), NO_IMM)?,
            O::I8x16GtS => self.binary(V128, bin!(I8x16GtS), NO_IMM)?,
            O::I8x16GtU => self.binary(V128, bin!(I8x16GtU), NO_IMM)?,
            O::I8x16LeS => self.binary(V128, bin!(I8x16LeS), NO_IMM)?,
            O::I8x16LeU => self.binary(V128, bin!(I8x16LeU), NO_IMM)?,
            O::I8x16GeS => self.binary(V128, bin!(I8x16GeS), NO_IMM)?,
            O::I8x16GeU => self.binary(V128, bin!(I8x16GeU), NO_IMM)?,
            O::I16x8Eq => self.binary(V128, bin!(I16x8Eq), NO_IMM)?,
            O::I16x8Ne => self.binary(V128, bin!(I16x8Ne), NO_IMM)?,
            O::I16x8LtS => self.binary(V128, bin!(I16x8LtS), NO_IMM)?,
            O::I16x8LtU => self.binary(V128, bin!(I16x8LtU), NO_IMM)?,
            O::I16x8GtS => self.binary(V128, bin!(I16x8GtS), NO_IMM)?,
            O::I16x8GtU => self.binary(V128, bin!(I16x8GtU), NO_IMM)?,
            O::I16x8LeS => self.binary(V128, bin!(I16x8LeS), NO_IMM)?,
            O::I16x8LeU => self.binary(V128, bin!(I16x8LeU), NO_IMM)?,
            O::I16x8GeS => self.binary(V128, bin!(I16x8GeS), NO_IMM)?,
            O::I16x8GeU => self.binary(V128, bin!(I16x8GeU), NO_IMM)?,
            O::I32x4Eq => self.binary(V128, bin!(I32x4Eq), NO_IMM)?,
            O::I32x4Ne => self.binary(V128, bin!(I32x4Ne), NO_IMM)?,
            O::I32x4LtS => self.binary(V128, bin!(I32x4LtS), NO_IMM)?,
            O::I32x4LtU => self.binary(V128, bin!(I32x4LtU), NO_IMM)?,
            O::I32x4GtS => self.binary(V128, bin!(I32x4GtS), NO_IMM)?,
            O::I32x4GtU => self.binary(V128, bin!(I32x4GtU), NO_IMM)?,
            O::I32x4LeS => self.binary(V128, bin!(I32x4LeS), NO_IMM)?,
            O::I32x4LeU => self.binary(V128, bin!(I32x4LeU), NO_IMM)?,
            O::I32x4GeS => self.binary(V128, bin!(I32x4GeS), NO_IMM)?,
            O::I32x4GeU => self.binary(V128, bin!(I32x4GeU), NO_IMM)?,
            O::I64x2Eq => self.binary(V128, bin!(I64x2Eq), NO_IMM)?,
            O::I64x2Ne => self.binary(V128, bin!(I64x2Ne), NO_IMM)?,
            O::I64x2LtS => self.binary(V128, bin!(I64x2LtS), NO_IMM)?,
            O::I64x2GtS => self.binary(V128, bin!(I64x2GtS), NO_IMM)?,
            O::I64x2LeS => self.binary(V128, bin!(I64x2LeS), NO_IMM)?,
            O::I64x2GeS => self.binary(V128, bin!(I64x2GeS), NO_IMM)?,
            O::F32x4Eq => self.binary(V128, bin!(F32x4Eq), NO_IMM)?,
            O::F32x4Ne => self.binary(V128, bin!(F32x4Ne), NO_IMM)?,
            O::F32x4Lt => self.binary(V128, bin!(F32x4Lt), NO_IMM)?,
            O::F32x4Gt => self.binary(V128, bin!(F32x4Gt), NO_IMM)?,
            O::F32x4Le => self.binary(V128, bin!(F32x4Le), NO_IMM)?,
            O::F32x4Ge => self.binary(V128, bin!(F32x4Ge), NO_IMM)?,
            O::F64x2Eq => self.binary(V128, bin!(F64x2Eq), NO_IMM)?,
            O::F64x2Ne => self.binary(V128, bin!(F64x2Ne), NO_IMM)?,
            O::F64x2Lt => self.binary(V128, bin!(F64x2Lt), NO_IMM)?,
            O::F64x2Gt => self.binary(V128, bin!(F64x2Gt), NO_IMM)?,
            O::F64x2Le => self.binary(V128, bin!(F64x2Le), NO_IMM)?,
            O::F64x2Ge => self.binary(V128, bin!(F64x2Ge), NO_IMM)?,
            O::V128And => self.binary(V128, bin!(V128And), NO_IMM)?,
            O::V128AndNot => self.binary(V128, bin!(V128AndNot), NO_IMM)?,
            O::V128Or => self.binary(V128, bin!(V128Or), NO_IMM)?,
            O::V128Xor => self.binary(V128, bin!(V128Xor), NO_IMM)?,
            O::I8x16NarrowI16x8S => self.binary(V128, bin!(I8x16NarrowI16x8S), NO_IMM)?,
            O::I8x16NarrowI16x8U => self.binary(V128, bin!(I8x16NarrowI16x8U), NO_IMM)?,
            O::I8x16Add => self.binary(V128, bin!(I8x16Add), NO_IMM)?,
            O::I8x16AddSatS => self.binary(V128, bin!(I8x16AddSatS), NO_IMM)?,
            O::I8x16AddSatU => self.binary(V128, bin!(I8x16AddSatU), NO_IMM)?,
            O::I8x16Sub => self.binary(V128, bin!(I8x16Sub), NO_IMM)?,
            O::I8x16SubSatS => self.binary(V128, bin!(I8x16SubSatS), NO_IMM)?,
            O::I8x16SubSatU => self.binary(V128, bin!(I8x16SubSatU), NO_IMM)?,
            O::I8x16MinS => self.binary(V128, bin!(I8x16MinS), NO_IMM)?,
            O::I8x16MinU => self.binary(V128, bin!(I8x16MinU), NO_IMM)?,
            O::I8x16MaxS => self.binary(V128, bin!(I8x16MaxS), NO_IMM)?,
            O::I8x16MaxU => self.binary(V128, bin!(I8x16MaxU), NO_IMM)?,
            O::I8x16AvgrU => self.binary(V128, bin!(I8x16AvgrU), NO_IMM)?,
            O::I16x8Q15MulrSatS => self.binary(V128, bin!(I16x8Q15MulrSatS), NO_IMM)?,
            O::I16x8NarrowI32x4S => self.binary(V128, bin!(I16x8NarrowI32x4S), NO_IMM)?,
            O::I16x8NarrowI32x4U => self.binary(V128, bin!(I16x8NarrowI32x4U), NO_IMM)?,
            O::I16x8Add => self.binary(V128, bin!(I16x8Add), NO_IMM)?,
            O::I16x8AddSatS => self.binary(V128, bin!(I16x8AddSatS), NO_IMM)?,
            O::I16x8AddSatU => self.binary(V128, bin!(I16x8AddSatU), NO_IMM)?,
            O::I16x8Sub => self.binary(V128, bin!(I16x8Sub), NO_IMM)?,
            O::I16x8SubSatS => self.binary(V128, bin!(I16x8SubSatS), NO_IMM)?,
            O::I16x8SubSatU => self.binary(V128, bin!(I16x8SubSatU), NO_IMM)?,
            O::I16x8Mul => self.binary(V128, bin!(I16x8Mul), NO_IMM)?,
            O::I16x8MinS => self.binary(V128, bin!(I16x8MinS), NO_IMM)?,
            O::I16x8MinU => self.binary(V128, bin!(I16x8MinU), NO_IMM)?,
            O::I16x8MaxS => self.binary(V128, bin!(I16x8MaxS), NO_IMM)?,
            O::I16x8MaxU => self.binary(V128, bin!(I16x8MaxU), NO_IMM)?,
            O::I16x8AvgrU => self.binary(V128, bin!(I16x8AvgrU), NO_IMM)?,
            O::I16x8ExtMulLowI8x16S => self.binary(V128, bin!(I16x8ExtMulLowI8x16S), NO_IMM)?,
            O::I16x8ExtMulHighI8x16S => self.binary(V128, bin!(I16x8ExtMulHighI8x16S), NO_IMM)?,
            O::I16x8ExtMulLowI8x16U => self.binary(V128, bin!(I16x8ExtMulLowI8x16U), NO_IMM)?,
            O::I16x8ExtMulHighI8x16U => self.binary(V128, bin!(I16x8ExtMulHighI8x16U), NO_IMM)?,
            O::I32x4Add => self.binary(V128, bin!(I32x4Add), NO_IMM)?,
            O::I32x4Sub => self.binary(V128, bin!(I32x4Sub), NO_IMM)?,
            O::I32x4Mul => self.binary(V128, bin!(I32x4Mul), NO_IMM)?,
            O::I32x4MinS => self.binary(V128, bin!(I32x4MinS), NO_IMM)?,
            O::I32x4MinU => self.binary(V128, bin!(I32x4MinU), NO_IMM)?,
            O::I32x4MaxS => self.binary(V128, bin!(I32x4MaxS), NO_IMM)?,
            O::I32x4MaxU => self.binary(V128, bin!(I32x4MaxU), NO_IMM)?,
            O::I32x4DotI16x8S => self.binary(V128, bin!(I32x4DotI16x8S), NO_IMM)?,
            O::I32x4ExtMulLowI16x8S => self.binary(V128, bin!(I32x4ExtMulLowI16x8S), NO_IMM)?,
            O::I32x4ExtMulHighI16x8S => self.binary(V128, bin!(I32x4ExtMulHighI16x8S), NO_IMM)?,
            O::I32x4ExtMulLowI16x8U => self.binary(V128, bin!(I32x4ExtMulLowI16x8U), NO_IMM)?,
            O::I32x4ExtMulHighI16x8U => self.binary(V128, bin!(I32x4ExtMulHighI16x8U), NO_IMM)?,
            O::I64x2Add => self.binary(V128, bin!(I64x2Add), NO_IMM)?,
            O::I64x2Sub => self.binary(V128, bin!(I64x2Sub), NO_IMM)?,
            O::I64x2Mul => self.binary(V128, bin!(I64x2Mul), NO_IMM)?,
            O::I64x2ExtMulLowI32x4S => self.binary(V128, bin!(I64x2ExtMulLowI32x4S), NO_IMM)?,
            O::I64x2ExtMulHighI32x4S => self.binary(V128, bin!(I64x2ExtMulHighI32x4S), NO_IMM)?,
            O::I64x2ExtMulLowI32x4U => self.binary(V128, bin!(I64x2ExtMulLowI32x4U), NO_IMM)?,
            O::I64x2ExtMulHighI32x4U => self.binary(V128, bin!(I64x2ExtMulHighI32x4U), NO_IMM)?,
            O::F32x4Add => self.binary(V128, bin!(F32x4Add), NO_IMM)?,
            O::F32x4Sub => self.binary(V128, bin!(F32x4Sub), NO_IMM)?,
            O::F32x4Mul => self.binary(V128, bin!(F32x4Mul), NO_IMM)?,
            O::F32x4Div => self.binary(V128, bin!(F32x4Div), NO_IMM)?,
            O::F32x4Min => self.binary(V128, bin!(F32x4Min), NO_IMM)?,
            O::F32x4Max => self.binary(V128, bin!(F32x4Max), NO_IMM)?,
            O::F32x4PMin => self.binary(V128, bin!(F32x4PMin), NO_IMM)?,
            O::F32x4PMax => self.binary(V128, bin!(F32x4PMax), NO_IMM)?,
            O::F64x2Add => self.binary(V128, bin!(F64x2Add), NO_IMM)?,
            O::F64x2Sub => self.binary(V128, bin!(F64x2Sub), NO_IMM)?,
            O::F64x2Mul => self.binary(V128, bin!(F64x2Mul), NO_IMM)?,
            O::F64x2Div => self.binary(V128, bin!(F64x2Div), NO_IMM)?,
            O::F64x2Min => self.binary(V128, bin!(F64x2Min), NO_IMM)?,
            O::F64x2Max => self.binary(V128, bin!(F64x2Max), NO_IMM)?,
            O::F64x2PMin => self.binary(V128, bin!(F64x2PMin), NO_IMM)?,
            O::F64x2PMax => self.binary(V128, bin!(F64x2PMax), NO_IMM)?,
            O::I16x8RelaxedDotI8x16I7x16S => self.binary(V128, bin!(I16x8RelaxedDotI8x16I7x16S), NO_IMM)?,
            O::V128Not => self.unary(V128, un!(V128Not))?,
            O::I8x16Abs => self.unary(V128, un!(I8x16Abs))?,
            O::I8x16Neg => self.unary(V128, un!(I8x16Neg))?,
            O::I8x16Popcnt => self.unary(V128, un!(I8x16Popcnt))?,
            O::I16x8ExtAddPairwiseI8x16S => self.unary(V128, un!(I16x8ExtAddPairwiseI8x16S))?,
            O::I16x8ExtAddPairwiseI8x16U => self.unary(V128, un!(I16x8ExtAddPairwiseI8x16U))?,
            O::I16x8Abs => self.unary(V128, un!(I16x8Abs))?,
            O::I16x8Neg => self.unary(V128, un!(I16x8Neg))?,
            O::I16x8ExtendLowI8x16S => self.unary(V128, un!(I16x8ExtendLowI8x16S))?,
            O::I16x8ExtendHighI8x16S => self.unary(V128, un!(I16x8ExtendHighI8x16S))?,
            O::I16x8ExtendLowI8x16U => self.unary(V128, un!(I16x8ExtendLowI8x16U))?,
            O::I16x8ExtendHighI8x16U => self.unary(V128, un!(I16x8ExtendHighI8x16U))?,
            O::I32x4ExtAddPairwiseI16x8S => self.unary(V128, un!(I32x4ExtAddPairwiseI16x8S))?,
            O::I32x4ExtAddPairwiseI16x8U => self.unary(V128, un!(I32x4ExtAddPairwiseI16x8U))?,
            O::I32x4Abs => self.unary(V128, un!(I32x4Abs))?,
            O::I32x4Neg => self.unary(V128, un!(I32x4Neg))?,
            O::I32x4ExtendLowI16x8S => self.unary(V128, un!(I32x4ExtendLowI16x8S))?,
            O::I32x4ExtendHighI16x8S => self.unary(V128, un!(I32x4ExtendHighI16x8S))?,
            O::I32x4ExtendLowI16x8U => self.unary(V128, un!(I32x4ExtendLowI16x8U))?,
            O::I32x4ExtendHighI16x8U => self.unary(V128, un!(I32x4ExtendHighI16x8U))?,
            O::I64x2Abs => self.unary(V128, un!(I64x2Abs))?,
            O::I64x2Neg => self.unary(V128, un!(I64x2Neg))?,
            O::I64x2ExtendLowI32x4S => self.unary(V128, un!(I64x2ExtendLowI32x4S))?,
            O::I64x2ExtendHighI32x4S => self.unary(V128, un!(I64x2ExtendHighI32x4S))?,
            O::I64x2ExtendLowI32x4U => self.unary(V128, un!(I64x2ExtendLowI32x4U))?,
            O::I64x2ExtendHighI32x4U => self.unary(V128, un!(I64x2ExtendHighI32x4U))?,
            O::F32x4Ceil => self.unary(V128, un!(F32x4Ceil))?,
            O::F32x4Floor => self.unary(V128, un!(F32x4Floor))?,
            O::F32x4Trunc => self.unary(V128, un!(F32x4Trunc))?,
            O::F32x4Nearest => self.unary(V128, un!(F32x4Nearest))?,
            O::F32x4Abs => self.unary(V128, un!(F32x4Abs))?,
            O::F32x4Neg => self.unary(V128, un!(F32x4Neg))?,
            O::F32x4Sqrt => self.unary(V128, un!(F32x4Sqrt))?,
            O::F64x2Ceil => self.unary(V128, un!(F64x2Ceil))?,
            O::F64x2Floor => self.unary(V128, un!(F64x2Floor))?,
            O::F64x2Trunc => self.unary(V128, un!(F64x2Trunc))?,
            O::F64x2Nearest => self.unary(V128, un!(F64x2Nearest))?,
            O::F64x2Abs => self.unary(V128, un!(F64x2Abs))?,
            O::F64x2Neg => self.unary(V128, un!(F64x2Neg))?,
            O::F64x2Sqrt => self.unary(V128, un!(F64x2Sqrt))?,
            O::I32x4TruncSatF32x4S => self.unary(V128, un!(I32x4TruncSatF32x4S))?,
            O::I32x4TruncSatF32x4U => self.unary(V128, un!(I32x4TruncSatF32x4U))?,
            O::F32x4ConvertI32x4S => self.unary(V128, un!(F32x4ConvertI32x4S))?,
            O::F32x4ConvertI32x4U => self.unary(V128, un!(F32x4ConvertI32x4U))?,
            O::I32x4TruncSatF64x2SZero => self.unary(V128, un!(I32x4TruncSatF64x2SZero))?,
            O::I32x4TruncSatF64x2UZero => self.unary(V128, un!(I32x4TruncSatF64x2UZero))?,
            O::F64x2ConvertLowI32x4S => self.unary(V128, un!(F64x2ConvertLowI32x4S))?,
            O::F64x2ConvertLowI32x4U => self.unary(V128, un!(F64x2ConvertLowI32x4U))?,
            O::F32x4DemoteF64x2Zero => self.unary(V128, un!(F32x4DemoteF64x2Zero))?,
            O::F64x2PromoteLowF32x4 => self.unary(V128, un!(F64x2PromoteLowF32x4))?,
            O::V128AnyTrue => self.unary(I32, un!(V128AnyTrue))?,
            O::I8x16AllTrue => self.unary(I32, un!(I8x16AllTrue))?,
            O::I8x16Bitmask => self.unary(I32, un!(I8x16Bitmask))?,
            O::I16x8AllTrue => self.unary(I32, un!(I16x8AllTrue))?,
            O::I16x8Bitmask => self.unary(I32, un!(I16x8Bitmask))?,
            O::I32x4AllTrue => self.unary(I32, un!(I32x4AllTrue))?,
            O::I32x4Bitmask => self.unary(I32, un!(I32x4Bitmask))?,
            O::I64x2AllTrue => self.unary(I32, un!(I64x2AllTrue))?,
            O::I64x2Bitmask => self.unary(I32, un!(I64x2Bitmask))?,
            O::I8x16Shl => self.binary(V128, bin!(I8x16Shl), shift_imm!(I8x16ShlImm))?,
            O::I8x16ShrS => self.binary(V128, bin!(I8x16ShrS), shift_imm!(I8x16ShrSImm))?,
            O::I8x16ShrU => self.binary(V128, bin!(I8x16ShrU), shift_imm!(I8x16ShrUImm))?,
            O::I16x8Shl => self.binary(V128, bin!(I16x8Shl), shift_imm!(I16x8ShlImm))?,
            O::I16x8ShrS => self.binary(V128, bin!(I16x8ShrS), shift_imm!(I16x8ShrSImm))?,
            O::I16x8ShrU => self.binary(V128, bin!(I16x8ShrU), shift_imm!(I16x8ShrUImm))?,
            O::I32x4Shl => self.binary(V128, bin!(I32x4Shl), shift_imm!(I32x4ShlImm))?,
            O::I32x4ShrS => self.binary(V128, bin!(I32x4ShrS), shift_imm!(I32x4ShrSImm))?,
            O::I32x4ShrU => self.binary(V128, bin!(I32x4ShrU), shift_imm!(I32x4ShrUImm))?,
            O::I64x2Shl => self.binary(V128, bin!(I64x2Shl), shift_imm!(I64x2ShlImm))?,
            O::I64x2ShrS => self.binary(V128, bin!(I64x2ShrS), shift_imm!(I64x2ShrSImm))?,
            O::I64x2ShrU => self.binary(V128, bin!(I64x2ShrU), shift_imm!(I64x2ShrUImm))?,
            O::V128Bitselect => self.ternary(V128, |dst, a, b, c| Op::V128Bitselect { dst, a, b, c })?,
            O::F32x4RelaxedMadd => self.ternary(V128, |dst, a, b, c| Op::F32x4RelaxedMadd { dst, a, b, c })?,
            O::F32x4RelaxedNmadd => self.ternary(V128, |dst, a, b, c| Op::F32x4RelaxedNmadd { dst, a, b, c })?,
            O::F64x2RelaxedMadd => self.ternary(V128, |dst, a, b, c| Op::F64x2RelaxedMadd { dst, a, b, c })?,
            O::F64x2RelaxedNmadd => self.ternary(V128, |dst, a, b, c| Op::F64x2RelaxedNmadd { dst, a, b, c })?,
            O::I32x4RelaxedDotI8x16I7x16AddS => {
                self.ternary(V128, |dst, a, b, c| Op::I32x4RelaxedDotI8x16I7x16AddS { dst, a, b, c })?
            }
            O::I8x16RelaxedSwizzle => self.binary(V128, bin!(I8x16Swizzle), NO_IMM)?,
            O::I32x4RelaxedTruncF32x4S => self.unary(V128, un!(I32x4TruncSatF32x4S))?,
            O::I32x4RelaxedTruncF32x4U => self.unary(V128, un!(I32x4TruncSatF32x4U))?,
            O::I32x4RelaxedTruncF64x2SZero => self.unary(V128, un!(I32x4TruncSatF64x2SZero))?,
            O::I32x4RelaxedTruncF64x2UZero => self.unary(V128, un!(I32x4TruncSatF64x2UZero))?,
            O::I8x16RelaxedLaneselect => self.ternary(V128, |dst, a, b, c| Op::V128Bitselect { dst, a, b, c })?,
            O::I16x8RelaxedLaneselect => self.ternary(V128, |dst, a, b, c| Op::V128Bitselect { dst, a, b, c })?,
            O::I32x4RelaxedLaneselect => self.ternary(V128, |dst, a, b, c| Op::V128Bitselect { dst, a, b, c })?,
            O::I64x2RelaxedLaneselect => self.ternary(V128, |dst, a, b, c| Op::V128Bitselect { dst, a, b, c })?,
            O::F32x4RelaxedMin => self.binary(V128, bin!(F32x4Min), NO_IMM)?,
            O::F32x4RelaxedMax => self.binary(V128, bin!(F32x4Max), NO_IMM)?,
            O::F64x2RelaxedMin => self.binary(V128, bin!(F64x2Min), NO_IMM)?,
            O::F64x2RelaxedMax => self.binary(V128, bin!(F64x2Max), NO_IMM)?,
            O::I16x8RelaxedQ15mulrS => self.binary(V128, bin!(I16x8Q15MulrSatS), NO_IMM)?,

            // ---- exception-handling proposal ----
            O::Throw { tag_index } => self.throw(tag_index)?,
            O::ThrowRef => self.throw_ref()?,
            O::TryTable { try_table } => self.try_table(&try_table)?,
            O::Try { blockty } => self.legacy_try(blockty)?,
            O::Catch { tag_index } => self.legacy_catch(Some(tag_index))?,
            O::CatchAll => self.legacy_catch(None)?,
            O::Delegate { relative_depth } => self.delegate(relative_depth)?,
            O::Rethrow { relative_depth } => self.rethrow(relative_depth)?,

            other => {
                if !self.translate_atomic(&other)? {
                    bail!("instruction `{}` is not supported yet", operator_name(&other));
                }
            }
        }
        Ok(())
    }

    /// A reinterpretation: same bits, new type, no code.
    fn retype(&mut self, ty: Ty) -> Result<()> {
        let entry = self.stack.pop()?;
        self.push_again(entry, ty)
    }

    /// Pushes the value of `entry`, just popped, back with type `ty`.
    fn push_again(&mut self, entry: Entry, ty: Ty) -> Result<()> {
        match entry.src {
            Src::Home => self.stack.push_home(ty).map(drop),
            Src::Local(l) => {
                // Keep reading the local in place; only the static type changes.
                self.stack.push_local(l, ty)
            }
            Src::Const(bits) => self.stack.push_const(ty, bits),
        }
    }
}

/// The fast (memory 0, 32-bit offset) instruction for a load kind.
fn fast_load(kind: AccessKind) -> Option<fn(Slot, Slot, u32) -> Op> {
    use AccessKind as K;
    Some(match kind {
        K::I32Load => load!(I32Load),
        K::I64Load => load!(I64Load),
        K::I32Load8S => load!(I32Load8S),
        K::I32Load8U => load!(I32Load8U),
        K::I32Load16S => load!(I32Load16S),
        K::I32Load16U => load!(I32Load16U),
        K::I64Load8S => load!(I64Load8S),
        K::I64Load8U => load!(I64Load8U),
        K::I64Load16S => load!(I64Load16S),
        K::I64Load16U => load!(I64Load16U),
        K::I64Load32S => load!(I64Load32S),
        K::I64Load32U => load!(I64Load32U),
        K::V128Load => load!(V128Load),
        K::V128Load8x8S => load!(V128Load8x8S),
        K::V128Load8x8U => load!(V128Load8x8U),
        K::V128Load16x4S => load!(V128Load16x4S),
        K::V128Load16x4U => load!(V128Load16x4U),
        K::V128Load32x2S => load!(V128Load32x2S),
        K::V128Load32x2U => load!(V128Load32x2U),
        K::V128Load8Splat => load!(V128Load8Splat),
        K::V128Load16Splat => load!(V128Load16Splat),
        K::V128Load32Splat => load!(V128Load32Splat),
        K::V128Load64Splat => load!(V128Load64Splat),
        K::V128Load32Zero => load!(V128Load32Zero),
        K::V128Load64Zero => load!(V128Load64Zero),
        _ => return None,
    })
}

/// The fast (memory 0, 32-bit offset) instruction for a store kind.
fn fast_store(kind: AccessKind) -> Option<fn(Slot, Slot, u32) -> Op> {
    use AccessKind as K;
    Some(match kind {
        K::I32Store => store!(I32Store),
        K::I64Store => store!(I64Store),
        K::Store8 => store!(Store8),
        K::Store16 => store!(Store16),
        K::Store32 => store!(Store32),
        K::V128Store => store!(V128Store),
        _ => return None,
    })
}

/// The immediate of a store of the constant `bits` (as held in a slot), if
/// the constant fits: any value for the narrow stores, a sign-extended
/// `i32` for 64-bit ones.
fn store_imm_value(kind: AccessKind, bits: u64) -> Option<i32> {
    use AccessKind as K;
    match kind {
        K::Store8 | K::Store16 | K::I32Store | K::Store32 => Some(bits as u32 as i32),
        K::I64Store => i32::try_from(bits as i64).ok(),
        _ => None,
    }
}

/// A store of the immediate `value` (see `store_imm_value`).
fn store_imm(kind: AccessKind, ptr: Slot, value: i32, offset: u32) -> Op {
    use AccessKind as K;
    match kind {
        K::Store8 => Op::Store8Imm { ptr, value, offset },
        K::Store16 => Op::Store16Imm { ptr, value, offset },
        K::I64Store => Op::Store64Imm { ptr, value, offset },
        _ => Op::Store32Imm { ptr, value, offset },
    }
}

/// A store of the immediate `value` at `ptr + imm` (see `AddressAdd`).
fn store_imm_add_imm(kind: AccessKind, ptr: Slot, value: i32, imm: i32, offset: u32) -> Op {
    use AccessKind as K;
    match kind {
        K::Store8 => Op::Store8ImmAddImm { ptr, value, imm, offset },
        K::Store16 => Op::Store16ImmAddImm { ptr, value, imm, offset },
        K::I64Store => Op::Store64ImmAddImm { ptr, value, imm, offset },
        _ => Op::Store32ImmAddImm { ptr, value, imm, offset },
    }
}

/// An address computation fused into the memory access using its result.
#[derive(Copy, Clone)]
enum AddressAdd {
    /// The constant `addr`.
    Const(u32),
    /// `base + (index << shift)`.
    Shifted { base: Slot, index: Slot, shift: u8 },
    /// `ptr + imm`.
    Imm(Slot, i32),
    /// `ptr + index`.
    Slot(Slot, Slot),
}

/// The fused forms of each access `is_fusable_access` accepts.
macro_rules! fused_accesses {
    (
        loads: [$($load:ident $load_imm:ident $load_slot:ident $load_abs:ident $load_shl:ident;)*]
        stores: [$($store:ident $store_imm:ident $store_slot:ident $store_abs:ident $store_shl:ident;)*]
    ) => {
        /// Whether the scalar access `kind` has forms with a fused address
        /// addition.
        fn is_fusable_access(kind: AccessKind) -> bool {
            matches!(kind, $(AccessKind::$load)|* | $(AccessKind::$store)|*)
        }

        impl AddressAdd {
            /// The load `kind` into `dst` at this address plus `offset`.
            fn load(self, kind: AccessKind, dst: Slot, offset: u32) -> Result<Op> {
                Ok(match (kind, self) {
                    $(
                        (AccessKind::$load, AddressAdd::Imm(ptr, imm)) => Op::$load_imm { dst, ptr, imm, offset },
                        (AccessKind::$load, AddressAdd::Slot(ptr, index)) => Op::$load_slot { dst, ptr, index, offset },
                        (AccessKind::$load, AddressAdd::Const(addr)) => Op::$load_abs { dst, addr, offset },
                        (AccessKind::$load, AddressAdd::Shifted { base, index, shift }) => {
                            Op::$load_shl { dst, ptr: base, index, shift, offset }
                        }
                    )*
                    _ => bail!("internal error: {kind:?} is not a fusable load"),
                })
            }

            /// The store `kind` of `src` at this address plus `offset`.
            fn store(self, kind: AccessKind, src: Slot, offset: u32) -> Result<Op> {
                Ok(match (kind, self) {
                    $(
                        (AccessKind::$store, AddressAdd::Imm(ptr, imm)) => Op::$store_imm { ptr, src, imm, offset },
                        (AccessKind::$store, AddressAdd::Slot(ptr, index)) => Op::$store_slot { ptr, index, src, offset },
                        (AccessKind::$store, AddressAdd::Const(addr)) => Op::$store_abs { src, addr, offset },
                        (AccessKind::$store, AddressAdd::Shifted { base, index, shift }) => {
                            Op::$store_shl { ptr: base, index, src, shift, offset }
                        }
                    )*
                    _ => bail!("internal error: {kind:?} is not a fusable store"),
                })
            }
        }
    };
}

fused_accesses! {
    loads: [
        I32Load I32LoadAddImm I32LoadAdd I32LoadAbs I32LoadAddShl;
        I64Load I64LoadAddImm I64LoadAdd I64LoadAbs I64LoadAddShl;
        I32Load8S I32Load8SAddImm I32Load8SAdd I32Load8SAbs I32Load8SAddShl;
        I32Load8U I32Load8UAddImm I32Load8UAdd I32Load8UAbs I32Load8UAddShl;
        I32Load16S I32Load16SAddImm I32Load16SAdd I32Load16SAbs I32Load16SAddShl;
        I32Load16U I32Load16UAddImm I32Load16UAdd I32Load16UAbs I32Load16UAddShl;
        I64Load8S I64Load8SAddImm I64Load8SAdd I64Load8SAbs I64Load8SAddShl;
        I64Load8U I64Load8UAddImm I64Load8UAdd I64Load8UAbs I64Load8UAddShl;
        I64Load16S I64Load16SAddImm I64Load16SAdd I64Load16SAbs I64Load16SAddShl;
        I64Load16U I64Load16UAddImm I64Load16UAdd I64Load16UAbs I64Load16UAddShl;
        I64Load32S I64Load32SAddImm I64Load32SAdd I64Load32SAbs I64Load32SAddShl;
        I64Load32U I64Load32UAddImm I64Load32UAdd I64Load32UAbs I64Load32UAddShl;
    ]
    stores: [
        I32Store I32StoreAddImm I32StoreAdd I32StoreAbs I32StoreAddShl;
        I64Store I64StoreAddImm I64StoreAdd I64StoreAbs I64StoreAddShl;
        Store8 Store8AddImm Store8Add Store8Abs Store8AddShl;
        Store16 Store16AddImm Store16Add Store16Abs Store16AddShl;
        Store32 Store32AddImm Store32Add Store32Abs Store32AddShl;
    ]
}

/// The in-place canonicalisation deterministic mode/// The in-place canonicalisation deterministic mode adds after `op`, if `op`
/// is float arithmetic whose NaN results may differ between hosts. Bit
/// operations (abs, neg, copysign, pmin/pmax, loads, stores, selects) pass
/// NaN bits through unchanged and need none.
fn nan_canonicalisation(op: &Op) -> Option<fn(Slot) -> Op> {
    use Op::*;
    Some(match op {
        F32Add { .. }
        | F32Sub { .. }
        | F32Mul { .. }
        | F32Div { .. }
        | F32Min { .. }
        | F32Max { .. }
        | F32Sqrt { .. }
        | F32Ceil { .. }
        | F32Floor { .. }
        | F32Trunc { .. }
        | F32Nearest { .. }
        | F32DemoteF64 { .. } => |slot| CanonF32 { slot },
        F64Add { .. }
        | F64Sub { .. }
        | F64Mul { .. }
        | F64Div { .. }
        | F64Min { .. }
        | F64Max { .. }
        | F64Sqrt { .. }
        | F64Ceil { .. }
        | F64Floor { .. }
        | F64Trunc { .. }
        | F64Nearest { .. }
        | F64PromoteF32 { .. } => |slot| CanonF64 { slot },
        F32x4Add { .. }
        | F32x4Sub { .. }
        | F32x4Mul { .. }
        | F32x4Div { .. }
        | F32x4Min { .. }
        | F32x4Max { .. }
        | F32x4Sqrt { .. }
        | F32x4Ceil { .. }
        | F32x4Floor { .. }
        | F32x4Trunc { .. }
        | F32x4Nearest { .. }
        | F32x4DemoteF64x2Zero { .. }
        | F32x4RelaxedMadd { .. }
        | F32x4RelaxedNmadd { .. } => |slot| CanonF32x4 { slot },
        F64x2Add { .. }
        | F64x2Sub { .. }
        | F64x2Mul { .. }
        | F64x2Div { .. }
        | F64x2Min { .. }
        | F64x2Max { .. }
        | F64x2Sqrt { .. }
        | F64x2Ceil { .. }
        | F64x2Floor { .. }
        | F64x2Trunc { .. }
        | F64x2Nearest { .. }
        | F64x2PromoteLowF32x4 { .. }
        | F64x2RelaxedMadd { .. }
        | F64x2RelaxedNmadd { .. } => |slot| CanonF64x2 { slot },
        _ => return None,
    })
}

/// Does an operator count (as an instruction executed, and one unit of fuel)?
/// Wasmtime's fuel table: instructions that generate no code (`nop`, `drop`)
/// and structural control (`block`, `loop`, `unreachable`, `return`, `else`,
/// `end`) are free; everything else costs one.
fn is_counted(op: &Operator<'_>) -> bool {
    use Operator as O;
    !matches!(
        op,
        O::Nop
            | O::Drop
            | O::Block { .. }
            | O::Loop { .. }
            | O::Unreachable
            | O::Return
            | O::Else
            | O::End
            // Legacy exception handling's structure, free like `block` and
            // `else` (Wasmtime has no fuel table entry for it).
            | O::Try { .. }
            | O::Catch { .. }
            | O::CatchAll
            | O::Delegate { .. }
    )
}

/// A readable name for an operator in error messages.
fn operator_name(op: &Operator<'_>) -> String {
    let debug = format!("{op:?}");
    let name = debug.split([' ', '{', '(']).next().unwrap_or_default();
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
