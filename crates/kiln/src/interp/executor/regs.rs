//! The dispatch loop's register state: instruction pointer, frame pointer
//! and the cached base and length of memory 0. They are small `Copy` values
//! kept in locals of the loop, so the compiler can hold them in machine
//! registers; slow paths take them by value and hand back updated ones.
//!
//! All unchecked memory access of the interpreter is here, in four methods
//! whose safety rests on facts established elsewhere:
//! - every slot operand was verified to lie below the function's
//!   `frame_size - 1` ([`CompiledFunc::new`](crate::interp::CompiledFunc)),
//!   and a frame is only entered after `frame_size` slots were reserved;
//! - [`Mem`] is refreshed after every event that can move or resize memory 0;
//! - code built for guarded memory (`HandlerSet::guarded`) runs only on
//!   instances whose memory 0 is a guarded reservation, and only inside
//!   `runtime::signals::run_guarded`, which turns a fault in it into a trap.

use std::ptr;

use crate::interp::code::Instr;
use crate::interp::ops::{Op, Operand, Slot};
use crate::trap::Trap;

/// A Rust value stored in a 64-bit slot.
pub(super) trait SlotValue: Sized {
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

/// Where an operand's value comes from: a frame slot, or the accumulator.
pub(super) trait Source: Copy {
    /// The operand's 64-bit slot representation.
    fn get(self, fp: FramePtr) -> u64;
}

impl Source for Slot {
    #[inline(always)]
    fn get(self, fp: FramePtr) -> u64 {
        // SAFETY: `self` lies within the running function's verified frame,
        // all of whose slots are reserved while it runs (see the module docs).
        unsafe { *fp.0.add(self.index()) }
    }
}

/// The accumulator's value standing in for a slot operand (see `Regs::acc`).
#[derive(Copy, Clone)]
pub(super) struct Acc(pub(super) u64);

/// Not a slot: an accumulator operand is never a result's destination.
impl Operand for Acc {}

impl Source for Acc {
    #[inline(always)]
    fn get(self, _: FramePtr) -> u64 {
        self.0
    }
}

/// Pointer to slot 0 of the running function's frame.
#[derive(Copy, Clone)]
pub(crate) struct FramePtr(pub(super) *mut u64);

impl FramePtr {
    #[inline(always)]
    pub(super) fn read<T: SlotValue>(self, s: impl Source) -> T {
        T::from_slot(s.get(self))
    }

    #[inline(always)]
    pub(super) fn write<T: SlotValue>(self, s: Slot, v: T) {
        // SAFETY: as in `read`.
        unsafe { *self.0.add(s.index()) = v.into_slot() }
    }

    /// Reads a 128-bit value as two 64-bit loads, even where the compiler
    /// would rather use one 128-bit load: many SIMD handlers compute in
    /// general-purpose registers and store a result as two 64-bit halves,
    /// and the processor cannot forward two stores to one load (the load
    /// waits until both reach the cache, a dozen cycles or more), while it
    /// forwards each half, from either kind of store.
    #[inline(always)]
    pub(super) fn read_v128(self, s: Slot) -> u128 {
        // SAFETY: `s` is below `frame_size - 1`, so `s + 1` is in the frame
        // too. (Volatile only keeps the two loads apart.)
        let (lo, hi) =
            unsafe { (ptr::read_volatile(self.0.add(s.index())), ptr::read_volatile(self.0.add(s.index() + 1))) };
        u128::from(lo) | (u128::from(hi) << 64)
    }

    #[inline(always)]
    pub(super) fn write_v128(self, s: Slot, v: u128) {
        // SAFETY: as in `read_v128`.
        unsafe {
            *self.0.add(s.index()) = v as u64;
            *self.0.add(s.index() + 1) = (v >> 64) as u64;
        }
    }

    /// Copies `count` slots from `src` to slot 0 (the ranges may overlap).
    #[inline(always)]
    pub(super) fn copy_to_start(self, src: Slot, count: u16) {
        // SAFETY: the verifier checked `src + count` against the frame and
        // `ptr::copy` allows overlapping ranges.
        unsafe { ptr::copy(self.0.add(src.index()), self.0, usize::from(count)) }
    }

    /// Zeroes `count` slots from `start`: a new frame's declared locals.
    /// They are stored one by one, with volatile stores, which the compiler
    /// cannot turn into a call to `memset`: for the usual few locals its
    /// overhead would dominate, and a call would make the call handler
    /// save and restore registers on every call.
    #[inline(always)]
    pub(super) fn zero_locals(self, start: usize, count: usize) {
        // SAFETY: called right after reserving the callee's frame, and
        // `params + locals < frame_size` for every compiled function.
        unsafe {
            let first = self.0.add(start);
            for i in 0..count {
                ptr::write_volatile(first.add(i), 0);
            }
        }
    }

    /// Reads an address or size operand of a memory or table with the given
    /// index type.
    #[inline(always)]
    pub(super) fn read_index(self, s: impl Source, is_64: bool) -> u64 {
        if is_64 { self.read::<u64>(s) } else { u64::from(self.read::<u32>(s)) }
    }
}

/// Base and length of the running instance's memory 0.
#[derive(Copy, Clone)]
pub(super) struct Mem {
    pub(super) base: *mut u8,
    pub(super) len: u64,
}

impl Mem {
    /// No memory: every access traps.
    pub(super) const NONE: Mem = Mem { base: ptr::null_mut(), len: 0 };

    /// Reads `N` bytes at `addr` (at most 2^33, a 32-bit address plus a
    /// 32-bit offset). `GUARDED` code skips the bounds check: its memory 0
    /// is a guarded reservation (see `runtime::signals`), in which `addr +
    /// N` always lies and which faults past `len`, and the fault becomes the
    /// same trap.
    #[inline(always)]
    pub(super) fn load<const GUARDED: bool, const N: usize>(self, addr: u64) -> Result<[u8; N], Trap> {
        if !GUARDED && addr + N as u64 > self.len {
            return Err(Trap::MemoryOutOfBounds);
        }
        // SAFETY: unguarded, `addr + N <= len`, and `base` is valid for `len`
        // bytes: both were read from memory 0 after the last event that could
        // move or resize it (`addr` is at most 2^33, so the sum cannot
        // overflow). Guarded, `base` is the start of a reservation of
        // `GUARDED_RESERVATION > 2^33 + 16` bytes that stays mapped while the
        // memory lives, so the pointer stays inside it; past `len` the access
        // faults and the fault handler ends the run with a trap
        // (`runtime::signals`) before anything uses the value.
        Ok(unsafe { ptr::read_unaligned(self.base.add(addr as usize).cast::<[u8; N]>()) })
    }

    /// Writes `bytes` at `addr` (see [`Mem::load`]).
    #[inline(always)]
    pub(super) fn store<const GUARDED: bool, const N: usize>(self, addr: u64, bytes: [u8; N]) -> Result<(), Trap> {
        if !GUARDED && addr + N as u64 > self.len {
            return Err(Trap::MemoryOutOfBounds);
        }
        // SAFETY: as in `load`; a faulting store writes nothing.
        unsafe { ptr::write_unaligned(self.base.add(addr as usize).cast::<[u8; N]>(), bytes) };
        Ok(())
    }

    /// `memory.copy` of `len` bytes from `src` to `dst` (each at most
    /// 2^32, so the sums cannot overflow): nothing is written unless both
    /// ranges lie inside the memory. Guarded or not, the length is checked
    /// here, since a fault partway through would leave a partial copy.
    #[inline(always)]
    pub(super) fn copy(self, dst: u64, src: u64, len: u64) -> Result<(), Trap> {
        if dst + len > self.len || src + len > self.len {
            return Err(Trap::MemoryOutOfBounds);
        }
        if len != 0 {
            // SAFETY: both ranges lie within the `len` bytes at `base` (see
            // `load`), which is not null since they are not empty, and
            // `ptr::copy` allows them to overlap.
            unsafe { ptr::copy(self.base.add(src as usize), self.base.add(dst as usize), len as usize) };
        }
        Ok(())
    }

    /// `memory.fill` of `len` bytes at `dst` with `byte` (see [`Mem::copy`]).
    #[inline(always)]
    pub(super) fn fill(self, dst: u64, byte: u8, len: u64) -> Result<(), Trap> {
        if dst + len > self.len {
            return Err(Trap::MemoryOutOfBounds);
        }
        if len != 0 {
            // SAFETY: as in `copy`.
            unsafe { ptr::write_bytes(self.base.add(dst as usize), byte, len as usize) };
        }
        Ok(())
    }
}

/// Everything the dispatch loop keeps in registers.
#[derive(Copy, Clone)]
pub(super) struct Regs {
    /// The next instruction to run.
    pub(super) ip: *const Instr,
    pub(super) fp: FramePtr,
    pub(super) mem: Mem,
    /// The accumulator: the result of the last instruction that had one
    /// (in its slot form), so the next instruction can take it from here
    /// instead of from memory. The translator decides when it is valid.
    pub(super) acc: u64,
}

impl Regs {
    /// The current instruction. The caller upholds that `ip` points at an
    /// instruction of the running function (see `Dispatch`'s loop).
    #[inline(always)]
    pub(super) fn op(&self) -> Op {
        // SAFETY: `ip` starts at a function's first instruction or a saved
        // return address (the instruction after a call, which exists because
        // verified code never ends in a call), and every branch target was
        // verified to lie within the function.
        unsafe { (*self.ip).op }
    }

    /// Advances to the next instruction.
    #[inline(always)]
    pub(super) fn next(&mut self) {
        self.ip = self.ip.wrapping_add(1);
    }

    /// Moves `offset` bytes relative to the current instruction: built
    /// code's branch offsets count bytes (see `CompiledFunc`).
    #[inline(always)]
    pub(super) fn jump(&mut self, offset: i32) {
        self.ip = self.ip.wrapping_byte_offset(offset as isize);
    }
}
