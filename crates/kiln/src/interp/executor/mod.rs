//! The dispatch loop: runs the activation on a [`Stack`] until it finishes,
//! traps, or calls a host function (which the generic driver in `func.rs`
//! performs before resuming the loop).
//!
//! Hot state lives in the [`Executor`]'s fields: the instruction pointer, the
//! frame pointer, and the base and length of the current instance's memory 0.
//! Slots are accessed through the frame pointer without bounds checks; this
//! is sound because [`CompiledFunc::new`](super::code::CompiledFunc::new)
//! verified every slot operand against the function's frame size and every
//! call reserves that many slots before the frame becomes current.

mod numeric;

use std::ptr;

use super::ops::{Op, Slot};
use super::stack::{Frame, Stack};
use crate::module::Module;
use crate::runtime::{FuncKind, StoreOpaque};
use crate::trap::Trap;

/// Why the dispatch loop stopped without trapping.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// The activation's entry function returned; its results are in slots
    /// `0..n` of the stack.
    Finished,
    /// Wasm called host function `func` (a store function index); its
    /// arguments start at slot `args` and its results go to the same place.
    /// Run the loop again to continue after the call.
    HostCall { func: u32, args: usize },
}

/// A Rust value stored in a 64-bit slot.
trait SlotValue: Sized {
    fn from_slot(bits: u64) -> Self;
    fn into_slot(self) -> u64;
}

macro_rules! slot_value {
    ($($t:ty => |$b:ident| $from:expr, |$v:ident| $into:expr;)*) => {$(
        impl SlotValue for $t {
            #[inline(always)]
            fn from_slot($b: u64) -> Self { $from }
            #[inline(always)]
            fn into_slot(self) -> u64 { let $v = self; $into }
        }
    )*};
}

slot_value! {
    i32 => |b| b as u32 as i32, |v| u64::from(v as u32);
    u32 => |b| b as u32, |v| u64::from(v);
    i64 => |b| b as i64, |v| v as u64;
    u64 => |b| b, |v| v;
    f32 => |b| f32::from_bits(b as u32), |v| u64::from(v.to_bits());
    f64 => |b| f64::from_bits(b), |v| v.to_bits();
    bool => |b| b != 0, |v| u64::from(v);
}

/// Runs the activation whose top frame is the last one on `stack`.
pub(crate) fn execute(store: &mut StoreOpaque, stack: &mut Stack) -> Result<Exit, Trap> {
    let Some(top) = stack.frames.last().copied() else { return Ok(Exit::Finished) };
    let module = store.instances[top.instance as usize].module.clone();
    let fp = stack.slots.as_mut_ptr().wrapping_add(top.fp);
    let mut executor = Executor {
        ip: top.ip,
        fp,
        fp_off: top.fp,
        inst: top.instance,
        module,
        mem_base: ptr::null_mut(),
        mem_len: 0,
        mem_epoch: 0,
        store,
        stack,
    };
    executor.refresh_memory();
    executor.run()
}

/// Prepares `stack` to run defined function `def` of store instance
/// `instance` as a new activation: reserves its frame, zeroes its locals and
/// pushes the frame. The caller then writes the arguments to slots `0..`.
pub(crate) fn push_entry_frame(store: &StoreOpaque, stack: &mut Stack, instance: u32, def: u32) -> Result<(), Trap> {
    let module = &store.instances[instance as usize].module;
    let callee = &module.info().code[def as usize];
    if !stack.ensure_slots(callee.frame_size as usize, 1) {
        return Err(Trap::StackOverflow);
    }
    let locals = callee.num_params as usize..(callee.num_params + callee.num_locals) as usize;
    stack.slots[locals].fill(0);
    stack.frames.push(Frame { ip: callee.code.as_ptr(), fp: 0, instance, func: def });
    Ok(())
}

struct Executor<'a> {
    ip: *const Op,
    fp: *mut u64,
    fp_off: usize,
    inst: u32,
    module: Module,
    mem_base: *mut u8,
    mem_len: u64,
    mem_epoch: u64,
    store: &'a mut StoreOpaque,
    stack: &'a mut Stack,
}

macro_rules! unop {
    ($s:ident, $dst:ident, $src:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.read($src);
        $s.write($dst, ($f)(a));
    }};
}

macro_rules! unop_trap {
    ($s:ident, $dst:ident, $src:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.read($src);
        $s.write($dst, ($f)(a)?);
    }};
}

macro_rules! binop {
    ($s:ident, $dst:ident, $lhs:ident, $rhs:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.read($lhs);
        let b: $t = $s.read($rhs);
        $s.write($dst, ($f)(a, b));
    }};
}

macro_rules! binop_imm {
    ($s:ident, $dst:ident, $lhs:ident, $imm:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.read($lhs);
        $s.write($dst, ($f)(a, $imm as $t));
    }};
}

macro_rules! binop_trap {
    ($s:ident, $dst:ident, $lhs:ident, $rhs:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.read($lhs);
        let b: $t = $s.read($rhs);
        $s.write($dst, ($f)(a, b)?);
    }};
}

macro_rules! load {
    ($s:ident, $dst:ident, $ptr:ident, $offset:ident, $n:literal, $f:expr) => {{
        let addr = u64::from($s.read::<u32>($ptr)) + u64::from($offset);
        let bytes: [u8; $n] = $s.mem_load(addr)?;
        $s.write($dst, ($f)(bytes));
    }};
}

macro_rules! store {
    ($s:ident, $ptr:ident, $src:ident, $offset:ident, $t:ty) => {{
        let addr = u64::from($s.read::<u32>($ptr)) + u64::from($offset);
        let value = $s.read::<u64>($src) as $t;
        $s.mem_store(addr, value.to_le_bytes())?;
    }};
}

impl Executor<'_> {
    #[inline(always)]
    fn read<T: SlotValue>(&self, s: Slot) -> T {
        // SAFETY: `s` was verified to lie within the current function's frame
        // and `fp_off + frame_size <= slots.len()` holds while it runs.
        T::from_slot(unsafe { *self.fp.add(s.index()) })
    }

    #[inline(always)]
    fn write<T: SlotValue>(&mut self, s: Slot, v: T) {
        // SAFETY: as in `read`.
        unsafe { *self.fp.add(s.index()) = v.into_slot() }
    }

    #[inline(always)]
    fn mem_load<const N: usize>(&self, addr: u64) -> Result<[u8; N], Trap> {
        if addr + N as u64 > self.mem_len {
            return Err(Trap::MemoryOutOfBounds);
        }
        // SAFETY: `addr + N <= mem_len`, and `mem_base` is valid for `mem_len`
        // bytes: both were read from memory 0 of the current instance after
        // the last event that could move or resize it (`refresh_memory`).
        Ok(unsafe { ptr::read_unaligned(self.mem_base.add(addr as usize).cast::<[u8; N]>()) })
    }

    #[inline(always)]
    fn mem_store<const N: usize>(&mut self, addr: u64, bytes: [u8; N]) -> Result<(), Trap> {
        if addr + N as u64 > self.mem_len {
            return Err(Trap::MemoryOutOfBounds);
        }
        // SAFETY: as in `mem_load`.
        unsafe { ptr::write_unaligned(self.mem_base.add(addr as usize).cast::<[u8; N]>(), bytes) };
        Ok(())
    }

    /// Reloads the cached base and length of memory 0.
    fn refresh_memory(&mut self) {
        self.mem_epoch = self.store.memory_epoch;
        match self.store.instances[self.inst as usize].memories.first() {
            Some(&m) => {
                let memory = &self.store.memories[m as usize];
                self.mem_base = memory.base();
                self.mem_len = memory.len() as u64;
            }
            None => {
                self.mem_base = ptr::null_mut();
                self.mem_len = 0;
            }
        }
    }

    fn switch_instance(&mut self, instance: u32) {
        self.inst = instance;
        self.module = self.store.instances[instance as usize].module.clone();
        self.refresh_memory();
    }

    fn instance(&self) -> &crate::runtime::InstanceData {
        &self.store.instances[self.inst as usize]
    }

    fn memory_index(&self, mem: u32) -> u32 {
        self.instance().memories[mem as usize]
    }

    fn table_index(&self, table: u32) -> u32 {
        self.instance().tables[table as usize]
    }

    fn global_index(&self, global: u32) -> usize {
        self.instance().globals[global as usize] as usize
    }

    /// Reads an address or size operand for memory or table `index64`.
    fn read_index(&self, s: Slot, is_64: bool) -> u64 {
        if is_64 { self.read::<u64>(s) } else { u64::from(self.read::<u32>(s)) }
    }

    /// Saves the return address in the current frame.
    fn save_ip(&mut self, ip: *const Op) {
        if let Some(frame) = self.stack.frames.last_mut() {
            frame.ip = ip;
        }
    }

    /// Calls store function `func` with arguments at `base`.
    fn call_store_func(&mut self, func: u32, base: Slot) -> Result<Option<Exit>, Trap> {
        match self.store.funcs[func as usize].kind {
            FuncKind::Wasm { instance, def } => {
                self.call_wasm(instance, def, base)?;
                Ok(None)
            }
            FuncKind::Host { .. } => {
                self.save_ip(self.ip.wrapping_add(1));
                Ok(Some(Exit::HostCall { func, args: self.fp_off + base.index() }))
            }
        }
    }

    /// Enters defined function `def` of store instance `instance`, whose
    /// frame starts at `base` in the current frame.
    fn call_wasm(&mut self, instance: u32, def: u32, base: Slot) -> Result<(), Trap> {
        let module = if instance == self.inst { &self.module } else { &self.store.instances[instance as usize].module };
        let callee = &module.info().code[def as usize];
        let (code, frame_size, params, locals) =
            (callee.code.as_ptr(), callee.frame_size as usize, callee.num_params as usize, callee.num_locals as usize);
        let new_fp = self.fp_off + base.index();
        let depth = self.stack.frames.len() + 1;
        if !self.stack.ensure_slots(new_fp + frame_size, depth) {
            return Err(Trap::StackOverflow);
        }
        self.save_ip(self.ip.wrapping_add(1));
        self.stack.frames.push(Frame { ip: code, fp: new_fp, instance, func: def });
        self.fp_off = new_fp;
        self.fp = self.stack.slots.as_mut_ptr().wrapping_add(new_fp);
        // SAFETY: `ensure_slots` made `new_fp + frame_size` slots available
        // and `params + locals < frame_size` for every compiled function.
        unsafe { ptr::write_bytes(self.fp.add(params), 0, locals) };
        self.ip = code;
        if instance != self.inst {
            self.switch_instance(instance);
        }
        Ok(())
    }

    /// Pops the current frame. `true` if the activation is finished.
    fn return_from_call(&mut self) -> bool {
        self.stack.frames.pop();
        let Some(frame) = self.stack.frames.last().copied() else { return true };
        self.ip = frame.ip;
        self.fp_off = frame.fp;
        self.fp = self.stack.slots.as_mut_ptr().wrapping_add(frame.fp);
        if frame.instance != self.inst {
            self.switch_instance(frame.instance);
        } else if self.mem_epoch != self.store.memory_epoch {
            self.refresh_memory();
        }
        false
    }

    fn run(&mut self) -> Result<Exit, Trap> {
        loop {
            // SAFETY: `ip` points at an instruction of the current function:
            // it starts at a function's first instruction or a saved return
            // address (the instruction after a call, which exists because
            // code never ends in a call), and every branch target was verified
            // to lie within the function.
            let op = unsafe { *self.ip };
            match op {
                Op::Unreachable => return Err(Trap::UnreachableCodeReached),
                Op::Br { offset } => {
                    self.ip = self.ip.wrapping_offset(offset.0 as isize);
                    continue;
                }
                Op::BrIfNez { cond, offset } => {
                    if self.read::<u32>(cond) != 0 {
                        self.ip = self.ip.wrapping_offset(offset.0 as isize);
                        continue;
                    }
                }
                Op::BrIfEqz { cond, offset } => {
                    if self.read::<u32>(cond) == 0 {
                        self.ip = self.ip.wrapping_offset(offset.0 as isize);
                        continue;
                    }
                }
                Op::BrTable { index, len } => {
                    let i = self.read::<u32>(index).min(len);
                    self.ip = self.ip.wrapping_add(1 + i as usize);
                    continue;
                }
                Op::Return => {
                    if self.return_from_call() {
                        return Ok(Exit::Finished);
                    }
                    continue;
                }
                Op::ReturnSlot { src } => {
                    let v: u64 = self.read(src);
                    self.write(Slot(0), v);
                    if self.return_from_call() {
                        return Ok(Exit::Finished);
                    }
                    continue;
                }
                Op::ReturnSlots { src, count } => {
                    // SAFETY: the verifier checked `src + count` against the
                    // frame; `ptr::copy` allows the ranges to overlap.
                    unsafe { ptr::copy(self.fp.add(src.index()), self.fp, usize::from(count)) };
                    if self.return_from_call() {
                        return Ok(Exit::Finished);
                    }
                    continue;
                }
                Op::CallInternal { func, base } => {
                    self.call_wasm(self.inst, func, base)?;
                    continue;
                }
                Op::CallImported { func, base } => {
                    let f = self.instance().funcs[func as usize];
                    if let Some(exit) = self.call_store_func(f, base)? {
                        return Ok(exit);
                    }
                    continue;
                }
                Op::CallIndirect { table, ty, index, base } => {
                    let t = self.table_index(table);
                    let table = &self.store.tables[t as usize];
                    let i = self.read_index(index, table.ty().is_64());
                    let raw = table.get(i).ok_or(Trap::TableOutOfBounds)?;
                    let f = raw.checked_sub(1).ok_or(Trap::IndirectCallToNull)? as u32;
                    if self.store.funcs[f as usize].sig != self.module.info().sigs[ty as usize] {
                        return Err(Trap::BadSignature);
                    }
                    if let Some(exit) = self.call_store_func(f, base)? {
                        return Ok(exit);
                    }
                    continue;
                }

                Op::Copy { dst, src } => {
                    let v: u64 = self.read(src);
                    self.write(dst, v);
                }
                Op::Copy128 { dst, src } => {
                    let lo: u64 = self.read(src);
                    let hi: u64 = self.read(src.offset(1));
                    self.write(dst, lo);
                    self.write(dst.offset(1), hi);
                }
                Op::Const32 { dst, value } => self.write(dst, value),
                Op::Const64 { dst, value } => self.write(dst, value),
                Op::Select { dst, cond, if_true, if_false } => {
                    let pick = if self.read::<u32>(cond) != 0 { if_true } else { if_false };
                    let v: u64 = self.read(pick);
                    self.write(dst, v);
                }
                Op::Select128 { dst, cond, if_true, if_false } => {
                    let pick = if self.read::<u32>(cond) != 0 { if_true } else { if_false };
                    let lo: u64 = self.read(pick);
                    let hi: u64 = self.read(pick.offset(1));
                    self.write(dst, lo);
                    self.write(dst.offset(1), hi);
                }

                Op::GlobalGet { dst, global } => {
                    let v = self.store.globals[self.global_index(global)].value as u64;
                    self.write(dst, v);
                }
                Op::GlobalSet { src, global } => {
                    let v: u64 = self.read(src);
                    let g = self.global_index(global);
                    self.store.globals[g].value = u128::from(v);
                }
                Op::GlobalGet128 { dst, global } => {
                    let v = self.store.globals[self.global_index(global)].value;
                    self.write(dst, v as u64);
                    self.write(dst.offset(1), (v >> 64) as u64);
                }
                Op::GlobalSet128 { src, global } => {
                    let lo: u64 = self.read(src);
                    let hi: u64 = self.read(src.offset(1));
                    let g = self.global_index(global);
                    self.store.globals[g].value = u128::from(lo) | (u128::from(hi) << 64);
                }

                Op::I32Load { dst, ptr, offset } => load!(self, dst, ptr, offset, 4, u32::from_le_bytes),
                Op::I64Load { dst, ptr, offset } => load!(self, dst, ptr, offset, 8, u64::from_le_bytes),
                Op::I32Load8S { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 1, |b| i32::from(i8::from_le_bytes(b)))
                }
                Op::I32Load8U { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 1, |b| u32::from(u8::from_le_bytes(b)))
                }
                Op::I32Load16S { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 2, |b| i32::from(i16::from_le_bytes(b)))
                }
                Op::I32Load16U { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 2, |b| u32::from(u16::from_le_bytes(b)))
                }
                Op::I64Load8S { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 1, |b| i64::from(i8::from_le_bytes(b)))
                }
                Op::I64Load8U { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 1, |b| u64::from(u8::from_le_bytes(b)))
                }
                Op::I64Load16S { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 2, |b| i64::from(i16::from_le_bytes(b)))
                }
                Op::I64Load16U { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 2, |b| u64::from(u16::from_le_bytes(b)))
                }
                Op::I64Load32S { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 4, |b| i64::from(i32::from_le_bytes(b)))
                }
                Op::I64Load32U { dst, ptr, offset } => {
                    load!(self, dst, ptr, offset, 4, |b| u64::from(u32::from_le_bytes(b)))
                }
                Op::I32Store { ptr, src, offset } => store!(self, ptr, src, offset, u32),
                Op::I64Store { ptr, src, offset } => store!(self, ptr, src, offset, u64),
                Op::Store8 { ptr, src, offset } => store!(self, ptr, src, offset, u8),
                Op::Store16 { ptr, src, offset } => store!(self, ptr, src, offset, u16),
                Op::Store32 { ptr, src, offset } => store!(self, ptr, src, offset, u32),

                Op::MemorySize { dst, mem } => {
                    let pages = self.store.memories[self.memory_index(mem) as usize].size_pages();
                    self.write(dst, pages);
                }
                Op::MemoryGrow { dst, delta, mem } => {
                    let m = self.memory_index(mem);
                    let is_64 = self.store.memories[m as usize].ty().is_64();
                    let delta = self.read_index(delta, is_64);
                    let old = self.store.grow_memory(m, delta).unwrap_or(u64::MAX);
                    self.write(dst, if is_64 { old } else { u64::from(old as u32) });
                    self.refresh_memory();
                }
                Op::MemoryFill { dst_addr, value, len, mem } => {
                    let m = self.memory_index(mem);
                    let is_64 = self.store.memories[m as usize].ty().is_64();
                    let (d, n) = (self.read_index(dst_addr, is_64), self.read_index(len, is_64));
                    let byte = self.read::<u32>(value) as u8;
                    self.store.memory_fill(m, d, byte, n)?;
                }
                Op::MemoryCopy { dst_addr, src_addr, len, dst_mem, src_mem } => {
                    let (dm, sm) = (self.memory_index(dst_mem), self.memory_index(src_mem));
                    let d64 = self.store.memories[dm as usize].ty().is_64();
                    let s64 = self.store.memories[sm as usize].ty().is_64();
                    let d = self.read_index(dst_addr, d64);
                    let s = self.read_index(src_addr, s64);
                    let n = self.read_index(len, d64 && s64);
                    self.store.memory_copy(dm, sm, d, s, n)?;
                }
                Op::MemoryInit { dst_addr, src_offset, len, data, mem } => {
                    let m = self.memory_index(mem);
                    let is_64 = self.store.memories[m as usize].ty().is_64();
                    let d = self.read_index(dst_addr, is_64);
                    let s = u64::from(self.read::<u32>(src_offset));
                    let n = u64::from(self.read::<u32>(len));
                    self.store.memory_init(self.inst, data, m, d, s, n)?;
                }
                Op::DataDrop { data } => self.store.data_drop(self.inst, data),

                Op::TableGet { dst, index, table } => {
                    let t = &self.store.tables[self.table_index(table) as usize];
                    let i = self.read_index(index, t.ty().is_64());
                    let v = t.get(i).ok_or(Trap::TableOutOfBounds)?;
                    self.write(dst, v);
                }
                Op::TableSet { index, value, table } => {
                    let t = self.table_index(table) as usize;
                    let i = self.read_index(index, self.store.tables[t].ty().is_64());
                    let v: u64 = self.read(value);
                    if !self.store.tables[t].set(i, v) {
                        return Err(Trap::TableOutOfBounds);
                    }
                }
                Op::TableSize { dst, table } => {
                    let size = self.store.tables[self.table_index(table) as usize].size();
                    self.write(dst, size);
                }
                Op::TableGrow { dst, init, delta, table } => {
                    let t = self.table_index(table) as usize;
                    let is_64 = self.store.tables[t].ty().is_64();
                    let delta = self.read_index(delta, is_64);
                    let init: u64 = self.read(init);
                    let old = self.store.tables[t].grow(delta, init).unwrap_or(u64::MAX);
                    self.write(dst, if is_64 { old } else { u64::from(old as u32) });
                }
                Op::TableFill { dst_index, value, len, table } => {
                    let t = self.table_index(table);
                    let is_64 = self.store.tables[t as usize].ty().is_64();
                    let (d, n) = (self.read_index(dst_index, is_64), self.read_index(len, is_64));
                    let v: u64 = self.read(value);
                    self.store.table_fill(t, d, v, n)?;
                }
                Op::TableCopy { dst_index, src_index, len, dst_table, src_table } => {
                    let (dt, st) = (self.table_index(dst_table), self.table_index(src_table));
                    let d64 = self.store.tables[dt as usize].ty().is_64();
                    let s64 = self.store.tables[st as usize].ty().is_64();
                    let d = self.read_index(dst_index, d64);
                    let s = self.read_index(src_index, s64);
                    let n = self.read_index(len, d64 && s64);
                    self.store.table_copy(dt, st, d, s, n)?;
                }
                Op::TableInit { dst_index, src_offset, len, elem, table } => {
                    let t = self.table_index(table);
                    let is_64 = self.store.tables[t as usize].ty().is_64();
                    let d = self.read_index(dst_index, is_64);
                    let s = u64::from(self.read::<u32>(src_offset));
                    let n = u64::from(self.read::<u32>(len));
                    self.store.table_init(self.inst, elem, t, d, s, n)?;
                }
                Op::ElemDrop { elem } => self.store.elem_drop(self.inst, elem),
                Op::RefFunc { dst, func } => {
                    let f = self.instance().funcs[func as usize];
                    self.write(dst, u64::from(f) + 1);
                }

                Op::I32Eqz { dst, src } => unop!(self, dst, src, u32, |a| a == 0),
                Op::I32Eq { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, |a, b| a == b),
                Op::I32Ne { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, |a, b| a != b),
                Op::I32LtS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i32, |a, b| a < b),
                Op::I32LtU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, |a, b| a < b),
                Op::I32GtS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i32, |a, b| a > b),
                Op::I32GtU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, |a, b| a > b),
                Op::I32LeS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i32, |a, b| a <= b),
                Op::I32LeU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, |a, b| a <= b),
                Op::I32GeS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i32, |a, b| a >= b),
                Op::I32GeU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, |a, b| a >= b),
                Op::I32Clz { dst, src } => unop!(self, dst, src, u32, u32::leading_zeros),
                Op::I32Ctz { dst, src } => unop!(self, dst, src, u32, u32::trailing_zeros),
                Op::I32Popcnt { dst, src } => unop!(self, dst, src, u32, u32::count_ones),
                Op::I32Add { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, u32::wrapping_add),
                Op::I32Sub { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, u32::wrapping_sub),
                Op::I32Mul { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, u32::wrapping_mul),
                Op::I32DivS { dst, lhs, rhs } => binop_trap!(self, dst, lhs, rhs, i32, numeric::i32_div_s),
                Op::I32DivU { dst, lhs, rhs } => binop_trap!(self, dst, lhs, rhs, u32, numeric::i32_div_u),
                Op::I32RemS { dst, lhs, rhs } => binop_trap!(self, dst, lhs, rhs, i32, numeric::i32_rem_s),
                Op::I32RemU { dst, lhs, rhs } => binop_trap!(self, dst, lhs, rhs, u32, numeric::i32_rem_u),
                Op::I32And { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, |a, b| a & b),
                Op::I32Or { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, |a, b| a | b),
                Op::I32Xor { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, |a, b| a ^ b),
                Op::I32Shl { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, u32::wrapping_shl),
                Op::I32ShrS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i32, |a: i32, b| a.wrapping_shr(b as u32)),
                Op::I32ShrU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, u32::wrapping_shr),
                Op::I32Rotl { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, u32::rotate_left),
                Op::I32Rotr { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u32, u32::rotate_right),
                Op::I32Extend8S { dst, src } => unop!(self, dst, src, u32, |a| i32::from(a as i8)),
                Op::I32Extend16S { dst, src } => unop!(self, dst, src, u32, |a| i32::from(a as i16)),

                Op::I32EqImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, |a, b| a == b),
                Op::I32NeImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, |a, b| a != b),
                Op::I32LtSImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, i32, |a, b| a < b),
                Op::I32LtUImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, |a, b| a < b),
                Op::I32GtSImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, i32, |a, b| a > b),
                Op::I32GtUImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, |a, b| a > b),
                Op::I32LeSImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, i32, |a, b| a <= b),
                Op::I32LeUImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, |a, b| a <= b),
                Op::I32GeSImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, i32, |a, b| a >= b),
                Op::I32GeUImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, |a, b| a >= b),
                Op::I32AddImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, u32::wrapping_add),
                Op::I32MulImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, u32::wrapping_mul),
                Op::I32AndImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, |a, b| a & b),
                Op::I32OrImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, |a, b| a | b),
                Op::I32XorImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, |a, b| a ^ b),
                Op::I32ShlImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, u32::wrapping_shl),
                Op::I32ShrSImm { dst, lhs, imm } => {
                    binop_imm!(self, dst, lhs, imm, i32, |a: i32, b| a.wrapping_shr(b as u32))
                }
                Op::I32ShrUImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, u32::wrapping_shr),
                Op::I32RotlImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, u32::rotate_left),
                Op::I32RotrImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u32, u32::rotate_right),

                Op::I64Eqz { dst, src } => unop!(self, dst, src, u64, |a| a == 0),
                Op::I64Eq { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a, b| a == b),
                Op::I64Ne { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a, b| a != b),
                Op::I64LtS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i64, |a, b| a < b),
                Op::I64LtU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a, b| a < b),
                Op::I64GtS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i64, |a, b| a > b),
                Op::I64GtU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a, b| a > b),
                Op::I64LeS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i64, |a, b| a <= b),
                Op::I64LeU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a, b| a <= b),
                Op::I64GeS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i64, |a, b| a >= b),
                Op::I64GeU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a, b| a >= b),
                Op::I64Clz { dst, src } => unop!(self, dst, src, u64, |a: u64| u64::from(a.leading_zeros())),
                Op::I64Ctz { dst, src } => unop!(self, dst, src, u64, |a: u64| u64::from(a.trailing_zeros())),
                Op::I64Popcnt { dst, src } => unop!(self, dst, src, u64, |a: u64| u64::from(a.count_ones())),
                Op::I64Add { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, u64::wrapping_add),
                Op::I64Sub { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, u64::wrapping_sub),
                Op::I64Mul { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, u64::wrapping_mul),
                Op::I64DivS { dst, lhs, rhs } => binop_trap!(self, dst, lhs, rhs, i64, numeric::i64_div_s),
                Op::I64DivU { dst, lhs, rhs } => binop_trap!(self, dst, lhs, rhs, u64, numeric::i64_div_u),
                Op::I64RemS { dst, lhs, rhs } => binop_trap!(self, dst, lhs, rhs, i64, numeric::i64_rem_s),
                Op::I64RemU { dst, lhs, rhs } => binop_trap!(self, dst, lhs, rhs, u64, numeric::i64_rem_u),
                Op::I64And { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a, b| a & b),
                Op::I64Or { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a, b| a | b),
                Op::I64Xor { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a, b| a ^ b),
                Op::I64Shl { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a: u64, b| a.wrapping_shl(b as u32)),
                Op::I64ShrS { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, i64, |a: i64, b| a.wrapping_shr(b as u32)),
                Op::I64ShrU { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a: u64, b| a.wrapping_shr(b as u32)),
                Op::I64Rotl { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, u64, |a: u64, b| a.rotate_left(b as u32)),
                Op::I64Rotr { dst, lhs, rhs } => {
                    binop!(self, dst, lhs, rhs, u64, |a: u64, b| a.rotate_right(b as u32))
                }
                Op::I64Extend8S { dst, src } => unop!(self, dst, src, u64, |a| i64::from(a as i8)),
                Op::I64Extend16S { dst, src } => unop!(self, dst, src, u64, |a| i64::from(a as i16)),
                Op::I64Extend32S { dst, src } => unop!(self, dst, src, u64, |a| i64::from(a as i32)),

                Op::I64EqImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, |a, b| a == b),
                Op::I64NeImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, |a, b| a != b),
                Op::I64LtSImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, i64, |a, b| a < b),
                Op::I64LtUImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, |a, b| a < b),
                Op::I64GtSImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, i64, |a, b| a > b),
                Op::I64GtUImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, |a, b| a > b),
                Op::I64LeSImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, i64, |a, b| a <= b),
                Op::I64LeUImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, |a, b| a <= b),
                Op::I64GeSImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, i64, |a, b| a >= b),
                Op::I64GeUImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, |a, b| a >= b),
                Op::I64AddImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, u64::wrapping_add),
                Op::I64MulImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, u64::wrapping_mul),
                Op::I64AndImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, |a, b| a & b),
                Op::I64OrImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, |a, b| a | b),
                Op::I64XorImm { dst, lhs, imm } => binop_imm!(self, dst, lhs, imm, u64, |a, b| a ^ b),
                Op::I64ShlImm { dst, lhs, imm } => {
                    binop_imm!(self, dst, lhs, imm, u64, |a: u64, b| a.wrapping_shl(b as u32))
                }
                Op::I64ShrSImm { dst, lhs, imm } => {
                    binop_imm!(self, dst, lhs, imm, i64, |a: i64, b| a.wrapping_shr(b as u32))
                }
                Op::I64ShrUImm { dst, lhs, imm } => {
                    binop_imm!(self, dst, lhs, imm, u64, |a: u64, b| a.wrapping_shr(b as u32))
                }
                Op::I64RotlImm { dst, lhs, imm } => {
                    binop_imm!(self, dst, lhs, imm, u64, |a: u64, b| a.rotate_left(b as u32))
                }
                Op::I64RotrImm { dst, lhs, imm } => {
                    binop_imm!(self, dst, lhs, imm, u64, |a: u64, b| a.rotate_right(b as u32))
                }

                Op::F32Eq { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a == b),
                Op::F32Ne { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a != b),
                Op::F32Lt { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a < b),
                Op::F32Gt { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a > b),
                Op::F32Le { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a <= b),
                Op::F32Ge { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a >= b),
                Op::F32Abs { dst, src } => unop!(self, dst, src, u32, |a| a & 0x7fff_ffff),
                Op::F32Neg { dst, src } => unop!(self, dst, src, u32, |a| a ^ 0x8000_0000),
                Op::F32Ceil { dst, src } => unop!(self, dst, src, f32, numeric::f32_ceil),
                Op::F32Floor { dst, src } => unop!(self, dst, src, f32, numeric::f32_floor),
                Op::F32Trunc { dst, src } => unop!(self, dst, src, f32, numeric::f32_trunc),
                Op::F32Nearest { dst, src } => unop!(self, dst, src, f32, numeric::f32_nearest),
                Op::F32Sqrt { dst, src } => unop!(self, dst, src, f32, numeric::f32_sqrt),
                Op::F32Add { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a + b),
                Op::F32Sub { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a - b),
                Op::F32Mul { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a * b),
                Op::F32Div { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, |a, b| a / b),
                Op::F32Min { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, numeric::f32_min),
                Op::F32Max { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f32, numeric::f32_max),
                Op::F32Copysign { dst, lhs, rhs } => {
                    binop!(self, dst, lhs, rhs, u32, |a, b| (a & 0x7fff_ffff) | (b & 0x8000_0000))
                }

                Op::F64Eq { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a == b),
                Op::F64Ne { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a != b),
                Op::F64Lt { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a < b),
                Op::F64Gt { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a > b),
                Op::F64Le { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a <= b),
                Op::F64Ge { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a >= b),
                Op::F64Abs { dst, src } => unop!(self, dst, src, u64, |a| a & 0x7fff_ffff_ffff_ffff),
                Op::F64Neg { dst, src } => unop!(self, dst, src, u64, |a| a ^ 0x8000_0000_0000_0000),
                Op::F64Ceil { dst, src } => unop!(self, dst, src, f64, numeric::f64_ceil),
                Op::F64Floor { dst, src } => unop!(self, dst, src, f64, numeric::f64_floor),
                Op::F64Trunc { dst, src } => unop!(self, dst, src, f64, numeric::f64_trunc),
                Op::F64Nearest { dst, src } => unop!(self, dst, src, f64, numeric::f64_nearest),
                Op::F64Sqrt { dst, src } => unop!(self, dst, src, f64, numeric::f64_sqrt),
                Op::F64Add { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a + b),
                Op::F64Sub { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a - b),
                Op::F64Mul { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a * b),
                Op::F64Div { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, |a, b| a / b),
                Op::F64Min { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, numeric::f64_min),
                Op::F64Max { dst, lhs, rhs } => binop!(self, dst, lhs, rhs, f64, numeric::f64_max),
                Op::F64Copysign { dst, lhs, rhs } => {
                    binop!(self, dst, lhs, rhs, u64, |a, b| (a & 0x7fff_ffff_ffff_ffff) | (b & 0x8000_0000_0000_0000))
                }

                Op::I32WrapI64 { dst, src } => unop!(self, dst, src, u64, |a| a as u32),
                Op::I32TruncF32S { dst, src } => {
                    unop_trap!(self, dst, src, f32, |a: f32| numeric::trunc_i32(f64::from(a)))
                }
                Op::I32TruncF32U { dst, src } => {
                    unop_trap!(self, dst, src, f32, |a: f32| numeric::trunc_u32(f64::from(a)))
                }
                Op::I32TruncF64S { dst, src } => unop_trap!(self, dst, src, f64, numeric::trunc_i32),
                Op::I32TruncF64U { dst, src } => unop_trap!(self, dst, src, f64, numeric::trunc_u32),
                Op::I64ExtendI32S { dst, src } => unop!(self, dst, src, i32, i64::from),
                Op::I64ExtendI32U { dst, src } => unop!(self, dst, src, u32, u64::from),
                Op::I64TruncF32S { dst, src } => {
                    unop_trap!(self, dst, src, f32, |a: f32| numeric::trunc_i64(f64::from(a)))
                }
                Op::I64TruncF32U { dst, src } => {
                    unop_trap!(self, dst, src, f32, |a: f32| numeric::trunc_u64(f64::from(a)))
                }
                Op::I64TruncF64S { dst, src } => unop_trap!(self, dst, src, f64, numeric::trunc_i64),
                Op::I64TruncF64U { dst, src } => unop_trap!(self, dst, src, f64, numeric::trunc_u64),
                Op::F32ConvertI32S { dst, src } => unop!(self, dst, src, i32, |a| a as f32),
                Op::F32ConvertI32U { dst, src } => unop!(self, dst, src, u32, |a| a as f32),
                Op::F32ConvertI64S { dst, src } => unop!(self, dst, src, i64, |a| a as f32),
                Op::F32ConvertI64U { dst, src } => unop!(self, dst, src, u64, |a| a as f32),
                Op::F32DemoteF64 { dst, src } => unop!(self, dst, src, f64, |a| a as f32),
                Op::F64ConvertI32S { dst, src } => unop!(self, dst, src, i32, f64::from),
                Op::F64ConvertI32U { dst, src } => unop!(self, dst, src, u32, f64::from),
                Op::F64ConvertI64S { dst, src } => unop!(self, dst, src, i64, |a| a as f64),
                Op::F64ConvertI64U { dst, src } => unop!(self, dst, src, u64, |a| a as f64),
                Op::F64PromoteF32 { dst, src } => unop!(self, dst, src, f32, f64::from),
                Op::I32TruncSatF32S { dst, src } => unop!(self, dst, src, f32, |a| a as i32),
                Op::I32TruncSatF32U { dst, src } => unop!(self, dst, src, f32, |a| a as u32),
                Op::I32TruncSatF64S { dst, src } => unop!(self, dst, src, f64, |a| a as i32),
                Op::I32TruncSatF64U { dst, src } => unop!(self, dst, src, f64, |a| a as u32),
                Op::I64TruncSatF32S { dst, src } => unop!(self, dst, src, f32, |a| a as i64),
                Op::I64TruncSatF32U { dst, src } => unop!(self, dst, src, f32, |a| a as u64),
                Op::I64TruncSatF64S { dst, src } => unop!(self, dst, src, f64, |a| a as i64),
                Op::I64TruncSatF64U { dst, src } => unop!(self, dst, src, f64, |a| a as u64),
            }
            self.ip = self.ip.wrapping_add(1);
        }
    }
}
