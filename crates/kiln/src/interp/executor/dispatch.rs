//! The dispatch loop: one `match` arm per instruction, with the register
//! state ([`Regs`]) in locals. Everything that is more than a few machine
//! instructions (calls, returns, bulk operations, general memory access) is
//! a method of [`Executor`] in `mod.rs`.

use super::regs::Regs;
use super::{Executor, Exit, GrowRequest, numeric, simd};
use crate::interp::access::AccessKind;
use crate::interp::ops::{Op, Slot};
use crate::trap::Trap;

/// A check point: stops, suspends or continues as fuel, interruption and
/// epochs require (see `Executor::stop`).
macro_rules! check {
    ($s:ident, $r:ident) => {
        if $s.must_stop() {
            $s.spill = $r;
            if let Some(exit) = $s.stop()? {
                return Ok(exit);
            }
            $r = $s.spill;
        }
    };
}

/// Returns to the caller frame, or leaves the loop if the activation is done.
macro_rules! return_from_call {
    ($s:ident, $r:ident) => {{
        $s.spill = $r;
        if $s.return_from_call() {
            return Ok(Exit::Finished);
        }
        $r = $s.spill;
        continue;
    }};
}

/// Calls a store function: enters a wasm callee (a check point) or leaves
/// the loop for a host callee.
macro_rules! call_store_func {
    ($s:ident, $r:ident, $f:expr, $base:expr) => {{
        $s.spill = $r;
        if let Some(exit) = $s.call_store_func($f, $base)? {
            return Ok(exit);
        }
        $r = $s.spill;
        check!($s, $r);
        continue;
    }};
}

macro_rules! unop {
    ($s:ident, $dst:ident, $src:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.fp.read($src);
        $s.fp.write($dst, ($f)(a));
    }};
}

macro_rules! unop_trap {
    ($s:ident, $dst:ident, $src:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.fp.read($src);
        $s.fp.write($dst, ($f)(a)?);
    }};
}

macro_rules! binop {
    ($s:ident, $dst:ident, $lhs:ident, $rhs:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.fp.read($lhs);
        let b: $t = $s.fp.read($rhs);
        $s.fp.write($dst, ($f)(a, b));
    }};
}

macro_rules! binop_imm {
    ($s:ident, $dst:ident, $lhs:ident, $imm:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.fp.read($lhs);
        $s.fp.write($dst, ($f)(a, $imm as $t));
    }};
}

macro_rules! binop_trap {
    ($s:ident, $dst:ident, $lhs:ident, $rhs:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.fp.read($lhs);
        let b: $t = $s.fp.read($rhs);
        $s.fp.write($dst, ($f)(a, b)?);
    }};
}

macro_rules! v128_unop {
    ($s:ident, $dst:ident, $src:ident, $f:expr) => {{
        let v = ($f)($s.fp.read_v128($src));
        $s.fp.write_v128($dst, v);
    }};
}

macro_rules! v128_binop {
    ($s:ident, $dst:ident, $lhs:ident, $rhs:ident, $f:expr) => {{
        let v = ($f)($s.fp.read_v128($lhs), $s.fp.read_v128($rhs));
        $s.fp.write_v128($dst, v);
    }};
}

/// A load from memory 0 with a 32-bit address and offset; `$kind` names the
/// [`AccessKind`], whose constant evaluation removes all dispatch on it.
macro_rules! fast_load {
    ($s:ident, $dst:ident, $ptr:ident, $offset:ident, $kind:ident) => {
        fast_load!($s, $dst, $ptr, $offset, $kind, 0, 0)
    };
    ($s:ident, $dst:ident, $ptr:ident, $offset:ident, $kind:ident, $vec:expr, $lane:expr) => {{
        const KIND: AccessKind = AccessKind::$kind;
        let addr = u64::from($s.fp.read::<u32>($ptr)) + u64::from($offset);
        let bytes: [u8; KIND.size()] = $s.mem.load(addr)?;
        let v = KIND.load(&bytes, $vec, $lane);
        if KIND.loads_v128() { $s.fp.write_v128($dst, v) } else { $s.fp.write($dst, v as u64) }
    }};
}

/// A store to memory 0 with a 32-bit address and offset.
macro_rules! fast_store {
    ($s:ident, $ptr:ident, $src:ident, $offset:ident, $kind:ident) => {
        fast_store!($s, $ptr, $src, $offset, $kind, 0)
    };
    ($s:ident, $ptr:ident, $src:ident, $offset:ident, $kind:ident, $lane:expr) => {{
        const KIND: AccessKind = AccessKind::$kind;
        let addr = u64::from($s.fp.read::<u32>($ptr)) + u64::from($offset);
        let value = if KIND.stores_v128() { $s.fp.read_v128($src) } else { u128::from($s.fp.read::<u64>($src)) };
        let all = KIND.store(value, $lane);
        let mut bytes = [0u8; KIND.size()];
        bytes.copy_from_slice(&all[..KIND.size()]);
        $s.mem.store(addr, bytes)?;
    }};
}

impl Executor<'_> {
    /// Runs from the registers in `spill` until the activation finishes,
    /// traps, or calls the host.
    pub(super) fn run(&mut self) -> Result<Exit, Trap> {
        let mut r: Regs = self.spill;
        loop {
            match r.op() {
                Op::Unreachable => return Err(Trap::UnreachableCodeReached),
                Op::Charge { cost } => self.charge(cost),
                Op::ChargeCheck { cost } => {
                    self.charge(cost);
                    r.next();
                    check!(self, r);
                    continue;
                }
                Op::Br { offset, cost } => {
                    self.charge(cost);
                    r.jump(offset.0);
                    continue;
                }
                Op::BrBack { offset, cost } => {
                    self.charge(cost);
                    r.jump(offset.0);
                    check!(self, r);
                    continue;
                }
                Op::BrIfNez { cond, offset, cost } => {
                    self.charge(cost);
                    if r.fp.read::<u32>(cond) != 0 {
                        r.jump(offset.0);
                        continue;
                    }
                }
                Op::BrIfEqz { cond, offset, cost } => {
                    self.charge(cost);
                    if r.fp.read::<u32>(cond) == 0 {
                        r.jump(offset.0);
                        continue;
                    }
                }
                Op::BrIfNezBack { cond, offset, cost } => {
                    self.charge(cost);
                    if r.fp.read::<u32>(cond) != 0 {
                        r.jump(offset.0);
                        check!(self, r);
                        continue;
                    }
                }
                Op::BrIfEqzBack { cond, offset, cost } => {
                    self.charge(cost);
                    if r.fp.read::<u32>(cond) == 0 {
                        r.jump(offset.0);
                        check!(self, r);
                        continue;
                    }
                }
                Op::BrTable { index, len, cost } => {
                    self.charge(cost);
                    let i = r.fp.read::<u32>(index).min(len);
                    r.ip = r.ip.wrapping_add(1 + i as usize);
                    continue;
                }
                Op::Return { cost } => {
                    self.charge(cost);
                    return_from_call!(self, r);
                }
                Op::ReturnSlot { src, cost } => {
                    self.charge(cost);
                    let v: u64 = r.fp.read(src);
                    r.fp.write(Slot(0), v);
                    return_from_call!(self, r);
                }
                Op::ReturnSlots { src, count, cost } => {
                    self.charge(cost);
                    r.fp.copy_to_start(src, count);
                    return_from_call!(self, r);
                }
                Op::CallInternal { func, base, cost } => {
                    self.charge(cost);
                    self.spill = r;
                    self.call_wasm(self.inst, func, base)?;
                    r = self.spill;
                    check!(self, r);
                    continue;
                }
                Op::CallImported { func, base, cost } => {
                    self.charge(cost);
                    let f = self.instance().funcs[func as usize];
                    call_store_func!(self, r, f, base);
                }
                Op::CallIndirect { table, ty, index, base, cost } => {
                    self.charge(cost);
                    let t = self.table_index(u32::from(table));
                    let table = &self.store.tables[t as usize];
                    let i = r.fp.read_index(index, table.ty().is_64());
                    let raw = table.get(i).ok_or(Trap::TableOutOfBounds)?;
                    let f = raw.checked_sub(1).ok_or(Trap::IndirectCallToNull)? as u32;
                    if self.store.funcs[f as usize].sig != self.module.info().sigs[ty as usize] {
                        return Err(Trap::BadSignature);
                    }
                    call_store_func!(self, r, f, base);
                }

                Op::Copy { dst, src } => {
                    let v: u64 = r.fp.read(src);
                    r.fp.write(dst, v);
                }
                Op::Copy128 { dst, src } => {
                    let v = r.fp.read_v128(src);
                    r.fp.write_v128(dst, v);
                }
                Op::Const32 { dst, value } => r.fp.write(dst, value),
                Op::Const64 { dst, value } => r.fp.write(dst, value),
                Op::Select { dst, cond, if_true, if_false } => {
                    let pick = if r.fp.read::<u32>(cond) != 0 { if_true } else { if_false };
                    let v: u64 = r.fp.read(pick);
                    r.fp.write(dst, v);
                }
                Op::Select128 { dst, cond, if_true, if_false } => {
                    let pick = if r.fp.read::<u32>(cond) != 0 { if_true } else { if_false };
                    let v = r.fp.read_v128(pick);
                    r.fp.write_v128(dst, v);
                }

                Op::GlobalGet { dst, global } => {
                    let v = self.store.globals[self.global_index(global)].value as u64;
                    r.fp.write(dst, v);
                }
                Op::GlobalSet { src, global } => {
                    let v: u64 = r.fp.read(src);
                    let g = self.global_index(global);
                    self.store.globals[g].value = u128::from(v);
                }
                Op::GlobalGet128 { dst, global } => {
                    let v = self.store.globals[self.global_index(global)].value;
                    r.fp.write_v128(dst, v);
                }
                Op::GlobalSet128 { src, global } => {
                    let v = r.fp.read_v128(src);
                    let g = self.global_index(global);
                    self.store.globals[g].value = v;
                }

                Op::I32Load { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I32Load),
                Op::I64Load { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I64Load),
                Op::I32Load8S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I32Load8S),
                Op::I32Load8U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I32Load8U),
                Op::I32Load16S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I32Load16S),
                Op::I32Load16U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I32Load16U),
                Op::I64Load8S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I64Load8S),
                Op::I64Load8U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I64Load8U),
                Op::I64Load16S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I64Load16S),
                Op::I64Load16U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I64Load16U),
                Op::I64Load32S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I64Load32S),
                Op::I64Load32U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, I64Load32U),
                Op::I32Store { ptr, src, offset } => fast_store!(r, ptr, src, offset, I32Store),
                Op::I64Store { ptr, src, offset } => fast_store!(r, ptr, src, offset, I64Store),
                Op::Store8 { ptr, src, offset } => fast_store!(r, ptr, src, offset, Store8),
                Op::Store16 { ptr, src, offset } => fast_store!(r, ptr, src, offset, Store16),
                Op::Store32 { ptr, src, offset } => fast_store!(r, ptr, src, offset, Store32),
                Op::LoadGeneric { dst, ptr, arg } => {
                    let arg = self.mem_arg(arg);
                    let v = self.generic_load(r.fp, ptr, &arg, 0)?;
                    if arg.kind.loads_v128() { r.fp.write_v128(dst, v) } else { r.fp.write(dst, v as u64) }
                }
                Op::LoadLaneGeneric { dst, ptr, vec, arg } => {
                    let arg = self.mem_arg(arg);
                    let v = self.generic_load(r.fp, ptr, &arg, r.fp.read_v128(vec))?;
                    r.fp.write_v128(dst, v);
                }
                Op::StoreGeneric { ptr, src, arg } => {
                    let arg = self.mem_arg(arg);
                    let value =
                        if arg.kind.stores_v128() { r.fp.read_v128(src) } else { u128::from(r.fp.read::<u64>(src)) };
                    self.generic_store(r.fp, ptr, &arg, value)?;
                }

                Op::MemorySize { dst, mem } => {
                    let pages = self.store.memories[self.memory_index(mem) as usize].size_pages();
                    r.fp.write(dst, pages);
                }
                Op::MemoryGrow { dst, delta, mem } => {
                    let m = self.memory_index(mem);
                    let is_64 = self.store.memories[m as usize].ty().is_64();
                    let delta = r.fp.read_index(delta, is_64);
                    if self.store.has_limiter {
                        self.spill = r;
                        let dst = self.fp_off + dst.index();
                        let request = GrowRequest { memory: true, index: m, delta, init: 0, dst, is_64 };
                        return Ok(self.grow_exit(request));
                    }
                    let old = self.store.grow_memory(m, delta).unwrap_or(u64::MAX);
                    r.fp.write(dst, if is_64 { old } else { u64::from(old as u32) });
                    r.mem = self.memory0();
                }
                Op::MemoryFill { dst_addr, value, len, mem } => {
                    let m = self.memory_index(mem);
                    let is_64 = self.store.memories[m as usize].ty().is_64();
                    let (d, n) = (r.fp.read_index(dst_addr, is_64), r.fp.read_index(len, is_64));
                    let byte = r.fp.read::<u32>(value) as u8;
                    self.store.memory_fill(m, d, byte, n)?;
                }
                Op::MemoryCopy { dst_addr, src_addr, len, dst_mem, src_mem } => {
                    let (dm, sm) = (self.memory_index(dst_mem), self.memory_index(src_mem));
                    let d64 = self.store.memories[dm as usize].ty().is_64();
                    let s64 = self.store.memories[sm as usize].ty().is_64();
                    let d = r.fp.read_index(dst_addr, d64);
                    let s = r.fp.read_index(src_addr, s64);
                    let n = r.fp.read_index(len, d64 && s64);
                    self.store.memory_copy(dm, sm, d, s, n)?;
                }
                Op::MemoryInit { dst_addr, src_offset, len, data, mem } => {
                    let m = self.memory_index(mem);
                    let is_64 = self.store.memories[m as usize].ty().is_64();
                    let d = r.fp.read_index(dst_addr, is_64);
                    let s = u64::from(r.fp.read::<u32>(src_offset));
                    let n = u64::from(r.fp.read::<u32>(len));
                    self.store.memory_init(self.inst, data, m, d, s, n)?;
                }
                Op::DataDrop { data } => self.store.data_drop(self.inst, data),

                Op::TableGet { dst, index, table } => {
                    let t = &self.store.tables[self.table_index(table) as usize];
                    let i = r.fp.read_index(index, t.ty().is_64());
                    let v = t.get(i).ok_or(Trap::TableOutOfBounds)?;
                    r.fp.write(dst, v);
                }
                Op::TableSet { index, value, table } => {
                    let t = self.table_index(table) as usize;
                    let i = r.fp.read_index(index, self.store.tables[t].ty().is_64());
                    let v: u64 = r.fp.read(value);
                    if !self.store.tables[t].set(i, v) {
                        return Err(Trap::TableOutOfBounds);
                    }
                }
                Op::TableSize { dst, table } => {
                    let size = self.store.tables[self.table_index(table) as usize].size();
                    r.fp.write(dst, size);
                }
                Op::TableGrow { dst, init, delta, table } => {
                    let t = self.table_index(table);
                    let is_64 = self.store.tables[t as usize].ty().is_64();
                    let delta = r.fp.read_index(delta, is_64);
                    let init: u64 = r.fp.read(init);
                    if self.store.has_limiter {
                        self.spill = r;
                        let dst = self.fp_off + dst.index();
                        let request = GrowRequest { memory: false, index: t, delta, init, dst, is_64 };
                        return Ok(self.grow_exit(request));
                    }
                    let old = self.store.tables[t as usize].grow(delta, init).unwrap_or(u64::MAX);
                    r.fp.write(dst, if is_64 { old } else { u64::from(old as u32) });
                }
                Op::TableFill { dst_index, value, len, table } => {
                    let t = self.table_index(table);
                    let is_64 = self.store.tables[t as usize].ty().is_64();
                    let (d, n) = (r.fp.read_index(dst_index, is_64), r.fp.read_index(len, is_64));
                    let v: u64 = r.fp.read(value);
                    self.store.table_fill(t, d, v, n)?;
                }
                Op::TableCopy { dst_index, src_index, len, dst_table, src_table } => {
                    let (dt, st) = (self.table_index(dst_table), self.table_index(src_table));
                    let d64 = self.store.tables[dt as usize].ty().is_64();
                    let s64 = self.store.tables[st as usize].ty().is_64();
                    let d = r.fp.read_index(dst_index, d64);
                    let s = r.fp.read_index(src_index, s64);
                    let n = r.fp.read_index(len, d64 && s64);
                    self.store.table_copy(dt, st, d, s, n)?;
                }
                Op::TableInit { dst_index, src_offset, len, elem, table } => {
                    let t = self.table_index(table);
                    let is_64 = self.store.tables[t as usize].ty().is_64();
                    let d = r.fp.read_index(dst_index, is_64);
                    let s = u64::from(r.fp.read::<u32>(src_offset));
                    let n = u64::from(r.fp.read::<u32>(len));
                    self.store.table_init(self.inst, elem, t, d, s, n)?;
                }
                Op::ElemDrop { elem } => self.store.elem_drop(self.inst, elem),
                Op::RefFunc { dst, func } => {
                    let f = self.instance().funcs[func as usize];
                    r.fp.write(dst, u64::from(f) + 1);
                }

                Op::I32Eqz { dst, src } => unop!(r, dst, src, u32, |a| a == 0),
                Op::I32Eq { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, |a, b| a == b),
                Op::I32Ne { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, |a, b| a != b),
                Op::I32LtS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i32, |a, b| a < b),
                Op::I32LtU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, |a, b| a < b),
                Op::I32GtS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i32, |a, b| a > b),
                Op::I32GtU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, |a, b| a > b),
                Op::I32LeS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i32, |a, b| a <= b),
                Op::I32LeU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, |a, b| a <= b),
                Op::I32GeS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i32, |a, b| a >= b),
                Op::I32GeU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, |a, b| a >= b),
                Op::I32Clz { dst, src } => unop!(r, dst, src, u32, u32::leading_zeros),
                Op::I32Ctz { dst, src } => unop!(r, dst, src, u32, u32::trailing_zeros),
                Op::I32Popcnt { dst, src } => unop!(r, dst, src, u32, u32::count_ones),
                Op::I32Add { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, u32::wrapping_add),
                Op::I32Sub { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, u32::wrapping_sub),
                Op::I32Mul { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, u32::wrapping_mul),
                Op::I32DivS { dst, lhs, rhs } => binop_trap!(r, dst, lhs, rhs, i32, numeric::i32_div_s),
                Op::I32DivU { dst, lhs, rhs } => binop_trap!(r, dst, lhs, rhs, u32, numeric::i32_div_u),
                Op::I32RemS { dst, lhs, rhs } => binop_trap!(r, dst, lhs, rhs, i32, numeric::i32_rem_s),
                Op::I32RemU { dst, lhs, rhs } => binop_trap!(r, dst, lhs, rhs, u32, numeric::i32_rem_u),
                Op::I32And { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, |a, b| a & b),
                Op::I32Or { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, |a, b| a | b),
                Op::I32Xor { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, |a, b| a ^ b),
                Op::I32Shl { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, u32::wrapping_shl),
                Op::I32ShrS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i32, |a: i32, b| a.wrapping_shr(b as u32)),
                Op::I32ShrU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, u32::wrapping_shr),
                Op::I32Rotl { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, u32::rotate_left),
                Op::I32Rotr { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u32, u32::rotate_right),
                Op::I32Extend8S { dst, src } => unop!(r, dst, src, u32, |a| i32::from(a as i8)),
                Op::I32Extend16S { dst, src } => unop!(r, dst, src, u32, |a| i32::from(a as i16)),

                Op::I32EqImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, |a, b| a == b),
                Op::I32NeImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, |a, b| a != b),
                Op::I32LtSImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, i32, |a, b| a < b),
                Op::I32LtUImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, |a, b| a < b),
                Op::I32GtSImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, i32, |a, b| a > b),
                Op::I32GtUImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, |a, b| a > b),
                Op::I32LeSImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, i32, |a, b| a <= b),
                Op::I32LeUImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, |a, b| a <= b),
                Op::I32GeSImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, i32, |a, b| a >= b),
                Op::I32GeUImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, |a, b| a >= b),
                Op::I32AddImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, u32::wrapping_add),
                Op::I32MulImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, u32::wrapping_mul),
                Op::I32AndImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, |a, b| a & b),
                Op::I32OrImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, |a, b| a | b),
                Op::I32XorImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, |a, b| a ^ b),
                Op::I32ShlImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, u32::wrapping_shl),
                Op::I32ShrSImm { dst, lhs, imm } => {
                    binop_imm!(r, dst, lhs, imm, i32, |a: i32, b| a.wrapping_shr(b as u32))
                }
                Op::I32ShrUImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, u32::wrapping_shr),
                Op::I32RotlImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, u32::rotate_left),
                Op::I32RotrImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u32, u32::rotate_right),

                Op::I64Eqz { dst, src } => unop!(r, dst, src, u64, |a| a == 0),
                Op::I64Eq { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a, b| a == b),
                Op::I64Ne { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a, b| a != b),
                Op::I64LtS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i64, |a, b| a < b),
                Op::I64LtU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a, b| a < b),
                Op::I64GtS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i64, |a, b| a > b),
                Op::I64GtU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a, b| a > b),
                Op::I64LeS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i64, |a, b| a <= b),
                Op::I64LeU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a, b| a <= b),
                Op::I64GeS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i64, |a, b| a >= b),
                Op::I64GeU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a, b| a >= b),
                Op::I64Clz { dst, src } => unop!(r, dst, src, u64, |a: u64| u64::from(a.leading_zeros())),
                Op::I64Ctz { dst, src } => unop!(r, dst, src, u64, |a: u64| u64::from(a.trailing_zeros())),
                Op::I64Popcnt { dst, src } => unop!(r, dst, src, u64, |a: u64| u64::from(a.count_ones())),
                Op::I64Add { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, u64::wrapping_add),
                Op::I64Sub { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, u64::wrapping_sub),
                Op::I64Mul { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, u64::wrapping_mul),
                Op::I64DivS { dst, lhs, rhs } => binop_trap!(r, dst, lhs, rhs, i64, numeric::i64_div_s),
                Op::I64DivU { dst, lhs, rhs } => binop_trap!(r, dst, lhs, rhs, u64, numeric::i64_div_u),
                Op::I64RemS { dst, lhs, rhs } => binop_trap!(r, dst, lhs, rhs, i64, numeric::i64_rem_s),
                Op::I64RemU { dst, lhs, rhs } => binop_trap!(r, dst, lhs, rhs, u64, numeric::i64_rem_u),
                Op::I64And { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a, b| a & b),
                Op::I64Or { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a, b| a | b),
                Op::I64Xor { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a, b| a ^ b),
                Op::I64Shl { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a: u64, b| a.wrapping_shl(b as u32)),
                Op::I64ShrS { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, i64, |a: i64, b| a.wrapping_shr(b as u32)),
                Op::I64ShrU { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a: u64, b| a.wrapping_shr(b as u32)),
                Op::I64Rotl { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, u64, |a: u64, b| a.rotate_left(b as u32)),
                Op::I64Rotr { dst, lhs, rhs } => {
                    binop!(r, dst, lhs, rhs, u64, |a: u64, b| a.rotate_right(b as u32))
                }
                Op::I64Extend8S { dst, src } => unop!(r, dst, src, u64, |a| i64::from(a as i8)),
                Op::I64Extend16S { dst, src } => unop!(r, dst, src, u64, |a| i64::from(a as i16)),
                Op::I64Extend32S { dst, src } => unop!(r, dst, src, u64, |a| i64::from(a as i32)),

                Op::I64EqImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, |a, b| a == b),
                Op::I64NeImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, |a, b| a != b),
                Op::I64LtSImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, i64, |a, b| a < b),
                Op::I64LtUImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, |a, b| a < b),
                Op::I64GtSImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, i64, |a, b| a > b),
                Op::I64GtUImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, |a, b| a > b),
                Op::I64LeSImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, i64, |a, b| a <= b),
                Op::I64LeUImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, |a, b| a <= b),
                Op::I64GeSImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, i64, |a, b| a >= b),
                Op::I64GeUImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, |a, b| a >= b),
                Op::I64AddImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, u64::wrapping_add),
                Op::I64MulImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, u64::wrapping_mul),
                Op::I64AndImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, |a, b| a & b),
                Op::I64OrImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, |a, b| a | b),
                Op::I64XorImm { dst, lhs, imm } => binop_imm!(r, dst, lhs, imm, u64, |a, b| a ^ b),
                Op::I64ShlImm { dst, lhs, imm } => {
                    binop_imm!(r, dst, lhs, imm, u64, |a: u64, b| a.wrapping_shl(b as u32))
                }
                Op::I64ShrSImm { dst, lhs, imm } => {
                    binop_imm!(r, dst, lhs, imm, i64, |a: i64, b| a.wrapping_shr(b as u32))
                }
                Op::I64ShrUImm { dst, lhs, imm } => {
                    binop_imm!(r, dst, lhs, imm, u64, |a: u64, b| a.wrapping_shr(b as u32))
                }
                Op::I64RotlImm { dst, lhs, imm } => {
                    binop_imm!(r, dst, lhs, imm, u64, |a: u64, b| a.rotate_left(b as u32))
                }
                Op::I64RotrImm { dst, lhs, imm } => {
                    binop_imm!(r, dst, lhs, imm, u64, |a: u64, b| a.rotate_right(b as u32))
                }

                Op::F32Eq { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a == b),
                Op::F32Ne { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a != b),
                Op::F32Lt { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a < b),
                Op::F32Gt { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a > b),
                Op::F32Le { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a <= b),
                Op::F32Ge { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a >= b),
                Op::F32Abs { dst, src } => unop!(r, dst, src, u32, |a| a & 0x7fff_ffff),
                Op::F32Neg { dst, src } => unop!(r, dst, src, u32, |a| a ^ 0x8000_0000),
                Op::F32Ceil { dst, src } => unop!(r, dst, src, f32, numeric::f32_ceil),
                Op::F32Floor { dst, src } => unop!(r, dst, src, f32, numeric::f32_floor),
                Op::F32Trunc { dst, src } => unop!(r, dst, src, f32, numeric::f32_trunc),
                Op::F32Nearest { dst, src } => unop!(r, dst, src, f32, numeric::f32_nearest),
                Op::F32Sqrt { dst, src } => unop!(r, dst, src, f32, numeric::f32_sqrt),
                Op::F32Add { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a + b),
                Op::F32Sub { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a - b),
                Op::F32Mul { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a * b),
                Op::F32Div { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a / b),
                Op::F32Min { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, numeric::f32_min),
                Op::F32Max { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, numeric::f32_max),
                Op::F32Copysign { dst, lhs, rhs } => {
                    binop!(r, dst, lhs, rhs, u32, |a, b| (a & 0x7fff_ffff) | (b & 0x8000_0000))
                }

                Op::F64Eq { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a == b),
                Op::F64Ne { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a != b),
                Op::F64Lt { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a < b),
                Op::F64Gt { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a > b),
                Op::F64Le { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a <= b),
                Op::F64Ge { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a >= b),
                Op::F64Abs { dst, src } => unop!(r, dst, src, u64, |a| a & 0x7fff_ffff_ffff_ffff),
                Op::F64Neg { dst, src } => unop!(r, dst, src, u64, |a| a ^ 0x8000_0000_0000_0000),
                Op::F64Ceil { dst, src } => unop!(r, dst, src, f64, numeric::f64_ceil),
                Op::F64Floor { dst, src } => unop!(r, dst, src, f64, numeric::f64_floor),
                Op::F64Trunc { dst, src } => unop!(r, dst, src, f64, numeric::f64_trunc),
                Op::F64Nearest { dst, src } => unop!(r, dst, src, f64, numeric::f64_nearest),
                Op::F64Sqrt { dst, src } => unop!(r, dst, src, f64, numeric::f64_sqrt),
                Op::F64Add { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a + b),
                Op::F64Sub { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a - b),
                Op::F64Mul { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a * b),
                Op::F64Div { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a / b),
                Op::F64Min { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, numeric::f64_min),
                Op::F64Max { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, numeric::f64_max),
                Op::F64Copysign { dst, lhs, rhs } => {
                    binop!(r, dst, lhs, rhs, u64, |a, b| (a & 0x7fff_ffff_ffff_ffff) | (b & 0x8000_0000_0000_0000))
                }

                Op::I32WrapI64 { dst, src } => unop!(r, dst, src, u64, |a| a as u32),
                Op::I32TruncF32S { dst, src } => {
                    unop_trap!(r, dst, src, f32, |a: f32| numeric::trunc_i32(f64::from(a)))
                }
                Op::I32TruncF32U { dst, src } => {
                    unop_trap!(r, dst, src, f32, |a: f32| numeric::trunc_u32(f64::from(a)))
                }
                Op::I32TruncF64S { dst, src } => unop_trap!(r, dst, src, f64, numeric::trunc_i32),
                Op::I32TruncF64U { dst, src } => unop_trap!(r, dst, src, f64, numeric::trunc_u32),
                Op::I64ExtendI32S { dst, src } => unop!(r, dst, src, i32, i64::from),
                Op::I64ExtendI32U { dst, src } => unop!(r, dst, src, u32, u64::from),
                Op::I64TruncF32S { dst, src } => {
                    unop_trap!(r, dst, src, f32, |a: f32| numeric::trunc_i64(f64::from(a)))
                }
                Op::I64TruncF32U { dst, src } => {
                    unop_trap!(r, dst, src, f32, |a: f32| numeric::trunc_u64(f64::from(a)))
                }
                Op::I64TruncF64S { dst, src } => unop_trap!(r, dst, src, f64, numeric::trunc_i64),
                Op::I64TruncF64U { dst, src } => unop_trap!(r, dst, src, f64, numeric::trunc_u64),
                Op::F32ConvertI32S { dst, src } => unop!(r, dst, src, i32, |a| a as f32),
                Op::F32ConvertI32U { dst, src } => unop!(r, dst, src, u32, |a| a as f32),
                Op::F32ConvertI64S { dst, src } => unop!(r, dst, src, i64, |a| a as f32),
                Op::F32ConvertI64U { dst, src } => unop!(r, dst, src, u64, |a| a as f32),
                Op::F32DemoteF64 { dst, src } => unop!(r, dst, src, f64, |a| a as f32),
                Op::F64ConvertI32S { dst, src } => unop!(r, dst, src, i32, f64::from),
                Op::F64ConvertI32U { dst, src } => unop!(r, dst, src, u32, f64::from),
                Op::F64ConvertI64S { dst, src } => unop!(r, dst, src, i64, |a| a as f64),
                Op::F64ConvertI64U { dst, src } => unop!(r, dst, src, u64, |a| a as f64),
                Op::F64PromoteF32 { dst, src } => unop!(r, dst, src, f32, f64::from),
                Op::I32TruncSatF32S { dst, src } => unop!(r, dst, src, f32, |a| a as i32),
                Op::I32TruncSatF32U { dst, src } => unop!(r, dst, src, f32, |a| a as u32),
                Op::I32TruncSatF64S { dst, src } => unop!(r, dst, src, f64, |a| a as i32),
                Op::I32TruncSatF64U { dst, src } => unop!(r, dst, src, f64, |a| a as u32),
                Op::I64TruncSatF32S { dst, src } => unop!(r, dst, src, f32, |a| a as i64),
                Op::I64TruncSatF32U { dst, src } => unop!(r, dst, src, f32, |a| a as u64),
                Op::I64TruncSatF64S { dst, src } => unop!(r, dst, src, f64, |a| a as i64),
                Op::I64TruncSatF64U { dst, src } => unop!(r, dst, src, f64, |a| a as u64),

                Op::V128Const { dst, index } => {
                    let v = self.v128_const(index);
                    r.fp.write_v128(dst, v);
                }
                Op::I8x16Shuffle { dst, lhs, rhs, mask } => {
                    let v = simd::i8x16_shuffle(r.fp.read_v128(lhs), r.fp.read_v128(rhs), self.v128_const(mask));
                    r.fp.write_v128(dst, v);
                }
                Op::I8x16Splat { dst, src } => {
                    let v = simd::splat::<u8, 16>(r.fp.read::<u32>(src) as u8);
                    r.fp.write_v128(dst, v);
                }
                Op::I16x8Splat { dst, src } => {
                    let v = simd::splat::<u16, 8>(r.fp.read::<u32>(src) as u16);
                    r.fp.write_v128(dst, v);
                }
                Op::I32x4Splat { dst, src } => {
                    let v = simd::splat::<u32, 4>(r.fp.read::<u32>(src));
                    r.fp.write_v128(dst, v);
                }
                Op::I64x2Splat { dst, src } => {
                    let v = simd::splat::<u64, 2>(r.fp.read::<u64>(src));
                    r.fp.write_v128(dst, v);
                }
                Op::I8x16ExtractLaneS { dst, src, lane } => {
                    let v = simd::extract::<i8, 16>(r.fp.read_v128(src), lane);
                    r.fp.write(dst, i32::from(v));
                }
                Op::I8x16ExtractLaneU { dst, src, lane } => {
                    let v = simd::extract::<u8, 16>(r.fp.read_v128(src), lane);
                    r.fp.write(dst, u32::from(v));
                }
                Op::I16x8ExtractLaneS { dst, src, lane } => {
                    let v = simd::extract::<i16, 8>(r.fp.read_v128(src), lane);
                    r.fp.write(dst, i32::from(v));
                }
                Op::I16x8ExtractLaneU { dst, src, lane } => {
                    let v = simd::extract::<u16, 8>(r.fp.read_v128(src), lane);
                    r.fp.write(dst, u32::from(v));
                }
                Op::I32x4ExtractLane { dst, src, lane } => {
                    let v = simd::extract::<u32, 4>(r.fp.read_v128(src), lane);
                    r.fp.write(dst, v);
                }
                Op::I64x2ExtractLane { dst, src, lane } => {
                    let v = simd::extract::<u64, 2>(r.fp.read_v128(src), lane);
                    r.fp.write(dst, v);
                }
                Op::I8x16ReplaceLane { dst, src, value, lane } => {
                    let v = simd::replace::<u8, 16>(r.fp.read_v128(src), lane, r.fp.read::<u32>(value) as u8);
                    r.fp.write_v128(dst, v);
                }
                Op::I16x8ReplaceLane { dst, src, value, lane } => {
                    let v = simd::replace::<u16, 8>(r.fp.read_v128(src), lane, r.fp.read::<u32>(value) as u16);
                    r.fp.write_v128(dst, v);
                }
                Op::I32x4ReplaceLane { dst, src, value, lane } => {
                    let v = simd::replace::<u32, 4>(r.fp.read_v128(src), lane, r.fp.read::<u32>(value));
                    r.fp.write_v128(dst, v);
                }
                Op::I64x2ReplaceLane { dst, src, value, lane } => {
                    let v = simd::replace::<u64, 2>(r.fp.read_v128(src), lane, r.fp.read::<u64>(value));
                    r.fp.write_v128(dst, v);
                }
                Op::V128Load { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load),
                Op::V128Load8x8S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load8x8S),
                Op::V128Load8x8U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load8x8U),
                Op::V128Load16x4S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load16x4S),
                Op::V128Load16x4U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load16x4U),
                Op::V128Load32x2S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load32x2S),
                Op::V128Load32x2U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load32x2U),
                Op::V128Load8Splat { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load8Splat),
                Op::V128Load16Splat { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load16Splat),
                Op::V128Load32Splat { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load32Splat),
                Op::V128Load64Splat { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load64Splat),
                Op::V128Load32Zero { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load32Zero),
                Op::V128Load64Zero { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load64Zero),
                Op::V128Store { ptr, src, offset } => fast_store!(r, ptr, src, offset, V128Store),
                Op::V128Load8Lane { dst, ptr, vec, offset, lane } => {
                    fast_load!(r, dst, ptr, offset, V128Load8Lane, r.fp.read_v128(vec), lane)
                }
                Op::V128Load16Lane { dst, ptr, vec, offset, lane } => {
                    fast_load!(r, dst, ptr, offset, V128Load16Lane, r.fp.read_v128(vec), lane)
                }
                Op::V128Load32Lane { dst, ptr, vec, offset, lane } => {
                    fast_load!(r, dst, ptr, offset, V128Load32Lane, r.fp.read_v128(vec), lane)
                }
                Op::V128Load64Lane { dst, ptr, vec, offset, lane } => {
                    fast_load!(r, dst, ptr, offset, V128Load64Lane, r.fp.read_v128(vec), lane)
                }
                Op::V128Store8Lane { ptr, src, offset, lane } => {
                    fast_store!(r, ptr, src, offset, V128Store8Lane, lane)
                }
                Op::V128Store16Lane { ptr, src, offset, lane } => {
                    fast_store!(r, ptr, src, offset, V128Store16Lane, lane)
                }
                Op::V128Store32Lane { ptr, src, offset, lane } => {
                    fast_store!(r, ptr, src, offset, V128Store32Lane, lane)
                }
                Op::V128Store64Lane { ptr, src, offset, lane } => {
                    fast_store!(r, ptr, src, offset, V128Store64Lane, lane)
                }
                Op::CanonF32 { slot } => {
                    let v = simd::canon_f32(r.fp.read::<u32>(slot));
                    r.fp.write(slot, v);
                }
                Op::CanonF64 { slot } => {
                    let v = simd::canon_f64(r.fp.read::<u64>(slot));
                    r.fp.write(slot, v);
                }
                Op::CanonF32x4 { slot } => v128_unop!(r, slot, slot, simd::canon_f32x4),
                Op::CanonF64x2 { slot } => v128_unop!(r, slot, slot, simd::canon_f64x2),
                Op::I8x16Swizzle { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_swizzle),
                Op::I8x16Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_eq),
                Op::I8x16Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_ne),
                Op::I8x16LtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_lt_s),
                Op::I8x16LtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_lt_u),
                Op::I8x16GtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_gt_s),
                Op::I8x16GtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_gt_u),
                Op::I8x16LeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_le_s),
                Op::I8x16LeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_le_u),
                Op::I8x16GeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_ge_s),
                Op::I8x16GeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_ge_u),
                Op::I16x8Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_eq),
                Op::I16x8Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_ne),
                Op::I16x8LtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_lt_s),
                Op::I16x8LtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_lt_u),
                Op::I16x8GtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_gt_s),
                Op::I16x8GtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_gt_u),
                Op::I16x8LeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_le_s),
                Op::I16x8LeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_le_u),
                Op::I16x8GeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_ge_s),
                Op::I16x8GeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_ge_u),
                Op::I32x4Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_eq),
                Op::I32x4Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_ne),
                Op::I32x4LtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_lt_s),
                Op::I32x4LtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_lt_u),
                Op::I32x4GtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_gt_s),
                Op::I32x4GtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_gt_u),
                Op::I32x4LeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_le_s),
                Op::I32x4LeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_le_u),
                Op::I32x4GeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_ge_s),
                Op::I32x4GeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_ge_u),
                Op::I64x2Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_eq),
                Op::I64x2Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_ne),
                Op::I64x2LtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_lt_s),
                Op::I64x2GtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_gt_s),
                Op::I64x2LeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_le_s),
                Op::I64x2GeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_ge_s),
                Op::F32x4Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_eq),
                Op::F32x4Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_ne),
                Op::F32x4Lt { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_lt),
                Op::F32x4Gt { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_gt),
                Op::F32x4Le { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_le),
                Op::F32x4Ge { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_ge),
                Op::F64x2Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_eq),
                Op::F64x2Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_ne),
                Op::F64x2Lt { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_lt),
                Op::F64x2Gt { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_gt),
                Op::F64x2Le { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_le),
                Op::F64x2Ge { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_ge),
                Op::V128And { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::v128_and),
                Op::V128AndNot { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::v128_andnot),
                Op::V128Or { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::v128_or),
                Op::V128Xor { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::v128_xor),
                Op::I8x16NarrowI16x8S { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_narrow_i16x8_s),
                Op::I8x16NarrowI16x8U { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_narrow_i16x8_u),
                Op::I8x16Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_add),
                Op::I8x16AddSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_add_sat_s),
                Op::I8x16AddSatU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_add_sat_u),
                Op::I8x16Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_sub),
                Op::I8x16SubSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_sub_sat_s),
                Op::I8x16SubSatU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_sub_sat_u),
                Op::I8x16MinS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_min_s),
                Op::I8x16MinU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_min_u),
                Op::I8x16MaxS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_max_s),
                Op::I8x16MaxU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_max_u),
                Op::I8x16AvgrU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_avgr_u),
                Op::I16x8Q15MulrSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_q15mulr_sat_s),
                Op::I16x8NarrowI32x4S { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_narrow_i32x4_s),
                Op::I16x8NarrowI32x4U { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_narrow_i32x4_u),
                Op::I16x8Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_add),
                Op::I16x8AddSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_add_sat_s),
                Op::I16x8AddSatU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_add_sat_u),
                Op::I16x8Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_sub),
                Op::I16x8SubSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_sub_sat_s),
                Op::I16x8SubSatU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_sub_sat_u),
                Op::I16x8Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_mul),
                Op::I16x8MinS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_min_s),
                Op::I16x8MinU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_min_u),
                Op::I16x8MaxS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_max_s),
                Op::I16x8MaxU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_max_u),
                Op::I16x8AvgrU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_avgr_u),
                Op::I16x8ExtMulLowI8x16S { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i16x8_extmul_low_i8x16_s)
                }
                Op::I16x8ExtMulHighI8x16S { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i16x8_extmul_high_i8x16_s)
                }
                Op::I16x8ExtMulLowI8x16U { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i16x8_extmul_low_i8x16_u)
                }
                Op::I16x8ExtMulHighI8x16U { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i16x8_extmul_high_i8x16_u)
                }
                Op::I32x4Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_add),
                Op::I32x4Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_sub),
                Op::I32x4Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_mul),
                Op::I32x4MinS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_min_s),
                Op::I32x4MinU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_min_u),
                Op::I32x4MaxS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_max_s),
                Op::I32x4MaxU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_max_u),
                Op::I32x4DotI16x8S { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_dot_i16x8_s),
                Op::I32x4ExtMulLowI16x8S { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i32x4_extmul_low_i16x8_s)
                }
                Op::I32x4ExtMulHighI16x8S { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i32x4_extmul_high_i16x8_s)
                }
                Op::I32x4ExtMulLowI16x8U { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i32x4_extmul_low_i16x8_u)
                }
                Op::I32x4ExtMulHighI16x8U { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i32x4_extmul_high_i16x8_u)
                }
                Op::I64x2Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_add),
                Op::I64x2Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_sub),
                Op::I64x2Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_mul),
                Op::I64x2ExtMulLowI32x4S { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i64x2_extmul_low_i32x4_s)
                }
                Op::I64x2ExtMulHighI32x4S { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i64x2_extmul_high_i32x4_s)
                }
                Op::I64x2ExtMulLowI32x4U { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i64x2_extmul_low_i32x4_u)
                }
                Op::I64x2ExtMulHighI32x4U { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i64x2_extmul_high_i32x4_u)
                }
                Op::F32x4Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_add),
                Op::F32x4Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_sub),
                Op::F32x4Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_mul),
                Op::F32x4Div { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_div),
                Op::F32x4Min { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_min),
                Op::F32x4Max { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_max),
                Op::F32x4PMin { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_pmin),
                Op::F32x4PMax { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_pmax),
                Op::F64x2Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_add),
                Op::F64x2Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_sub),
                Op::F64x2Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_mul),
                Op::F64x2Div { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_div),
                Op::F64x2Min { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_min),
                Op::F64x2Max { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_max),
                Op::F64x2PMin { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_pmin),
                Op::F64x2PMax { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_pmax),
                Op::I16x8RelaxedDotI8x16I7x16S { dst, lhs, rhs } => {
                    v128_binop!(r, dst, lhs, rhs, simd::i16x8_relaxed_dot_i8x16_i7x16_s)
                }
                Op::V128Not { dst, src } => v128_unop!(r, dst, src, simd::v128_not),
                Op::I8x16Abs { dst, src } => v128_unop!(r, dst, src, simd::i8x16_abs),
                Op::I8x16Neg { dst, src } => v128_unop!(r, dst, src, simd::i8x16_neg),
                Op::I8x16Popcnt { dst, src } => v128_unop!(r, dst, src, simd::i8x16_popcnt),
                Op::I16x8ExtAddPairwiseI8x16S { dst, src } => {
                    v128_unop!(r, dst, src, simd::i16x8_extadd_pairwise_i8x16_s)
                }
                Op::I16x8ExtAddPairwiseI8x16U { dst, src } => {
                    v128_unop!(r, dst, src, simd::i16x8_extadd_pairwise_i8x16_u)
                }
                Op::I16x8Abs { dst, src } => v128_unop!(r, dst, src, simd::i16x8_abs),
                Op::I16x8Neg { dst, src } => v128_unop!(r, dst, src, simd::i16x8_neg),
                Op::I16x8ExtendLowI8x16S { dst, src } => v128_unop!(r, dst, src, simd::i16x8_extend_low_i8x16_s),
                Op::I16x8ExtendHighI8x16S { dst, src } => v128_unop!(r, dst, src, simd::i16x8_extend_high_i8x16_s),
                Op::I16x8ExtendLowI8x16U { dst, src } => v128_unop!(r, dst, src, simd::i16x8_extend_low_i8x16_u),
                Op::I16x8ExtendHighI8x16U { dst, src } => v128_unop!(r, dst, src, simd::i16x8_extend_high_i8x16_u),
                Op::I32x4ExtAddPairwiseI16x8S { dst, src } => {
                    v128_unop!(r, dst, src, simd::i32x4_extadd_pairwise_i16x8_s)
                }
                Op::I32x4ExtAddPairwiseI16x8U { dst, src } => {
                    v128_unop!(r, dst, src, simd::i32x4_extadd_pairwise_i16x8_u)
                }
                Op::I32x4Abs { dst, src } => v128_unop!(r, dst, src, simd::i32x4_abs),
                Op::I32x4Neg { dst, src } => v128_unop!(r, dst, src, simd::i32x4_neg),
                Op::I32x4ExtendLowI16x8S { dst, src } => v128_unop!(r, dst, src, simd::i32x4_extend_low_i16x8_s),
                Op::I32x4ExtendHighI16x8S { dst, src } => v128_unop!(r, dst, src, simd::i32x4_extend_high_i16x8_s),
                Op::I32x4ExtendLowI16x8U { dst, src } => v128_unop!(r, dst, src, simd::i32x4_extend_low_i16x8_u),
                Op::I32x4ExtendHighI16x8U { dst, src } => v128_unop!(r, dst, src, simd::i32x4_extend_high_i16x8_u),
                Op::I64x2Abs { dst, src } => v128_unop!(r, dst, src, simd::i64x2_abs),
                Op::I64x2Neg { dst, src } => v128_unop!(r, dst, src, simd::i64x2_neg),
                Op::I64x2ExtendLowI32x4S { dst, src } => v128_unop!(r, dst, src, simd::i64x2_extend_low_i32x4_s),
                Op::I64x2ExtendHighI32x4S { dst, src } => v128_unop!(r, dst, src, simd::i64x2_extend_high_i32x4_s),
                Op::I64x2ExtendLowI32x4U { dst, src } => v128_unop!(r, dst, src, simd::i64x2_extend_low_i32x4_u),
                Op::I64x2ExtendHighI32x4U { dst, src } => v128_unop!(r, dst, src, simd::i64x2_extend_high_i32x4_u),
                Op::F32x4Ceil { dst, src } => v128_unop!(r, dst, src, simd::f32x4_ceil),
                Op::F32x4Floor { dst, src } => v128_unop!(r, dst, src, simd::f32x4_floor),
                Op::F32x4Trunc { dst, src } => v128_unop!(r, dst, src, simd::f32x4_trunc),
                Op::F32x4Nearest { dst, src } => v128_unop!(r, dst, src, simd::f32x4_nearest),
                Op::F32x4Abs { dst, src } => v128_unop!(r, dst, src, simd::f32x4_abs),
                Op::F32x4Neg { dst, src } => v128_unop!(r, dst, src, simd::f32x4_neg),
                Op::F32x4Sqrt { dst, src } => v128_unop!(r, dst, src, simd::f32x4_sqrt),
                Op::F64x2Ceil { dst, src } => v128_unop!(r, dst, src, simd::f64x2_ceil),
                Op::F64x2Floor { dst, src } => v128_unop!(r, dst, src, simd::f64x2_floor),
                Op::F64x2Trunc { dst, src } => v128_unop!(r, dst, src, simd::f64x2_trunc),
                Op::F64x2Nearest { dst, src } => v128_unop!(r, dst, src, simd::f64x2_nearest),
                Op::F64x2Abs { dst, src } => v128_unop!(r, dst, src, simd::f64x2_abs),
                Op::F64x2Neg { dst, src } => v128_unop!(r, dst, src, simd::f64x2_neg),
                Op::F64x2Sqrt { dst, src } => v128_unop!(r, dst, src, simd::f64x2_sqrt),
                Op::I32x4TruncSatF32x4S { dst, src } => v128_unop!(r, dst, src, simd::i32x4_trunc_sat_f32x4_s),
                Op::I32x4TruncSatF32x4U { dst, src } => v128_unop!(r, dst, src, simd::i32x4_trunc_sat_f32x4_u),
                Op::F32x4ConvertI32x4S { dst, src } => v128_unop!(r, dst, src, simd::f32x4_convert_i32x4_s),
                Op::F32x4ConvertI32x4U { dst, src } => v128_unop!(r, dst, src, simd::f32x4_convert_i32x4_u),
                Op::I32x4TruncSatF64x2SZero { dst, src } => {
                    v128_unop!(r, dst, src, simd::i32x4_trunc_sat_f64x2_s_zero)
                }
                Op::I32x4TruncSatF64x2UZero { dst, src } => {
                    v128_unop!(r, dst, src, simd::i32x4_trunc_sat_f64x2_u_zero)
                }
                Op::F64x2ConvertLowI32x4S { dst, src } => v128_unop!(r, dst, src, simd::f64x2_convert_low_i32x4_s),
                Op::F64x2ConvertLowI32x4U { dst, src } => v128_unop!(r, dst, src, simd::f64x2_convert_low_i32x4_u),
                Op::F32x4DemoteF64x2Zero { dst, src } => v128_unop!(r, dst, src, simd::f32x4_demote_f64x2_zero),
                Op::F64x2PromoteLowF32x4 { dst, src } => v128_unop!(r, dst, src, simd::f64x2_promote_low_f32x4),
                Op::V128AnyTrue { dst, src } => {
                    let v = simd::v128_any_true(r.fp.read_v128(src));
                    r.fp.write(dst, v);
                }
                Op::I8x16AllTrue { dst, src } => {
                    let v = simd::i8x16_all_true(r.fp.read_v128(src));
                    r.fp.write(dst, v);
                }
                Op::I8x16Bitmask { dst, src } => {
                    let v = simd::i8x16_bitmask(r.fp.read_v128(src));
                    r.fp.write(dst, v);
                }
                Op::I16x8AllTrue { dst, src } => {
                    let v = simd::i16x8_all_true(r.fp.read_v128(src));
                    r.fp.write(dst, v);
                }
                Op::I16x8Bitmask { dst, src } => {
                    let v = simd::i16x8_bitmask(r.fp.read_v128(src));
                    r.fp.write(dst, v);
                }
                Op::I32x4AllTrue { dst, src } => {
                    let v = simd::i32x4_all_true(r.fp.read_v128(src));
                    r.fp.write(dst, v);
                }
                Op::I32x4Bitmask { dst, src } => {
                    let v = simd::i32x4_bitmask(r.fp.read_v128(src));
                    r.fp.write(dst, v);
                }
                Op::I64x2AllTrue { dst, src } => {
                    let v = simd::i64x2_all_true(r.fp.read_v128(src));
                    r.fp.write(dst, v);
                }
                Op::I64x2Bitmask { dst, src } => {
                    let v = simd::i64x2_bitmask(r.fp.read_v128(src));
                    r.fp.write(dst, v);
                }
                Op::I8x16Shl { dst, lhs, rhs } => {
                    let v = simd::i8x16_shl(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I8x16ShrS { dst, lhs, rhs } => {
                    let v = simd::i8x16_shr_s(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I8x16ShrU { dst, lhs, rhs } => {
                    let v = simd::i8x16_shr_u(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I16x8Shl { dst, lhs, rhs } => {
                    let v = simd::i16x8_shl(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I16x8ShrS { dst, lhs, rhs } => {
                    let v = simd::i16x8_shr_s(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I16x8ShrU { dst, lhs, rhs } => {
                    let v = simd::i16x8_shr_u(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I32x4Shl { dst, lhs, rhs } => {
                    let v = simd::i32x4_shl(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I32x4ShrS { dst, lhs, rhs } => {
                    let v = simd::i32x4_shr_s(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I32x4ShrU { dst, lhs, rhs } => {
                    let v = simd::i32x4_shr_u(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I64x2Shl { dst, lhs, rhs } => {
                    let v = simd::i64x2_shl(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I64x2ShrS { dst, lhs, rhs } => {
                    let v = simd::i64x2_shr_s(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::I64x2ShrU { dst, lhs, rhs } => {
                    let v = simd::i64x2_shr_u(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
                    r.fp.write_v128(dst, v);
                }
                Op::V128Bitselect { dst, a, b, c } => {
                    let v = simd::v128_bitselect(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
                    r.fp.write_v128(dst, v);
                }
                Op::F32x4RelaxedMadd { dst, a, b, c } => {
                    let v = simd::f32x4_relaxed_madd(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
                    r.fp.write_v128(dst, v);
                }
                Op::F32x4RelaxedNmadd { dst, a, b, c } => {
                    let v = simd::f32x4_relaxed_nmadd(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
                    r.fp.write_v128(dst, v);
                }
                Op::F64x2RelaxedMadd { dst, a, b, c } => {
                    let v = simd::f64x2_relaxed_madd(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
                    r.fp.write_v128(dst, v);
                }
                Op::F64x2RelaxedNmadd { dst, a, b, c } => {
                    let v = simd::f64x2_relaxed_nmadd(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
                    r.fp.write_v128(dst, v);
                }
                Op::I32x4RelaxedDotI8x16I7x16AddS { dst, a, b, c } => {
                    let v = simd::i32x4_relaxed_dot_i8x16_i7x16_add_s(
                        r.fp.read_v128(a),
                        r.fp.read_v128(b),
                        r.fp.read_v128(c),
                    );
                    r.fp.write_v128(dst, v);
                }
            }
            r.next();
        }
    }
}
