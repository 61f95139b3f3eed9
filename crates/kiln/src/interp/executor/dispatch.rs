//! The instruction handlers and how control passes between them.
//!
//! Every instruction has a handler: a function named after its [`Op`]
//! variant that decodes its operands, does its work and passes control on by
//! calling the handler of the next instruction to run, which each
//! instruction carries ([`Instr`]). That call is the last thing a handler does; in optimized
//! builds the compiler turns it into a jump, so handlers run in constant
//! native stack and each ends in its own indirect jump (threaded code),
//! with the register state ([`Regs`]: instruction pointer, frame pointer,
//! memory 0) passed in machine registers. Unoptimized builds, where the
//! calls would be real, return to a loop in [`Executor::run`] instead (see
//! `build.rs`). Everything that is more than a few machine instructions
//! (calls, returns, bulk operations, general memory access) is a method of
//! [`Executor`] in `mod.rs`.
//!
//! Every handler comes in four forms ([`HandlerSet`]), generic over
//! `COUNTING`, whether it charges the instruction counter at branches,
//! calls and returns (`Config::count_instructions`, fuel or epochs), and
//! `GUARDED`, whether its memory-0 accesses skip the bounds check because
//! memory 0 is guarded (`Config::signals_based_traps`). A function's code
//! holds the forms its engine and module need (see [`handler_of`]).
//!
//! Rules that keep the tail calls tail calls: a handler never passes the
//! address of one of its locals to a function that is not inlined, nor
//! calls one whose result is too big for registers (it would be returned
//! through a local), and it returns only through `go!`, `exit!` or an
//! error. Slow paths are therefore methods taking and returning scalars.
//! Test builds check that the native stack stays flat at every check point
//! (`Executor::assert_stack_flat`), and `tests/tail_calls.rs` inspects the
//! machine code of every handler.

use std::cmp::Ordering::{Equal, Greater, Less};

use super::regs::{Acc, FramePtr, Mem, Regs};
use super::{Executor, Exit, numeric, simd};
use crate::interp::access::AccessKind;
use crate::interp::code::Instr;
use crate::interp::divide;
use crate::interp::ops::{OP_COUNT, Op, OpCode, Operand, Slot, is_dst};
use crate::trap::Trap;

/// An instruction handler: the executor, then the registers ([`Regs`]) as
/// separate arguments so that they travel in machine registers. It returns
/// `Ok` when it stops running instructions (with `Executor::exit` set) or,
/// in unoptimized builds, after each instruction (with the registers in
/// `Executor::spill`). The result is one byte: a handler whose result did
/// not fit one register could not pass it on with a tail call.
pub(crate) type Handler = fn(&mut Executor<'_>, *const Instr, FramePtr, *mut u8, u64, u64) -> Result<(), Trap>;

/// The handler of the instruction at `ip`.
#[inline(always)]
fn handler_at(ip: *const Instr) -> Handler {
    // SAFETY: `ip` points at an instruction (see `Regs::op`).
    unsafe { (*ip).handler }
}

/// Which form of every handler a function's code runs on, chosen when the
/// code is built from the engine's configuration and the module.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct HandlerSet {
    /// Charge the instruction counter (`Config::count_instructions`).
    pub counting: bool,
    /// Access memory 0 without comparing addresses with its length: it is
    /// guarded, and an access past its end faults (see `runtime::signals`).
    pub guarded: bool,
}

impl HandlerSet {
    /// Index of the set in [`HANDLERS`].
    const fn index(self) -> usize {
        self.counting as usize | (self.guarded as usize) << 1
    }
}

/// The handler that runs `op` (looked up once, when code is built), in the
/// form `set` selects.
pub(crate) fn handler_of(op: &Op, set: HandlerSet) -> Handler {
    HANDLERS[set.index()][op.opcode() as usize]
}

/// Runs the instruction at `r.ip` next (see the module docs).
macro_rules! go {
    ($ex:ident, $r:ident) => {
        go!($ex, $r, handler_at($r.ip))
    };
    // `$handler`: the handler of the instruction at `r.ip`, already loaded.
    ($ex:ident, $r:ident, $handler:expr) => {{
        #[cfg(kiln_tail_dispatch)]
        {
            return $handler($ex, $r.ip, $r.fp, $r.mem.base, $r.mem.len, $r.acc);
        }
        #[cfg(not(kiln_tail_dispatch))]
        {
            // The loop in `Executor::run` finds the handler itself.
            let _ = $handler;
            $ex.spill = $r;
            return Ok(());
        }
    }};
}

/// Stops running with `exit`.
macro_rules! exit {
    ($ex:ident, $exit:expr) => {{
        $ex.exit = Some($exit);
        return Ok(());
    }};
}

/// A check point: if fuel, interruption or epochs require a look, leaves
/// for [`check_point`], which stops, suspends or continues at `r.ip`.
macro_rules! check {
    ($ex:ident, $r:ident) => {
        #[cfg(kiln_stack_guard)]
        $ex.assert_stack_flat();
        if $ex.must_stop() {
            return check_point($ex, $r.ip, $r.fp, $r.mem.base, $r.mem.len, $r.acc);
        }
    };
}

/// Defines a function entered by tail call with the registers as separate
/// arguments, so that they travel in machine registers (a handler, or a
/// slow path that handlers enter without a stack frame for the call),
/// bound to `$r` in `$body`.
macro_rules! register_fn {
    ($(#[$attr:meta])* fn $name:ident $(<$(const $generic:ident: bool),+>)? ($ex:ident, $r:ident) $body:block) => {
        $(#[$attr])*
        fn $name $(<$(const $generic: bool),+>)? (
            $ex: &mut Executor<'_>,
            ip: *const Instr,
            fp: FramePtr,
            base: *mut u8,
            len: u64,
            acc: u64,
        ) -> Result<(), Trap> {
            #[allow(unused_mut)]
            let mut $r = Regs { ip, fp, mem: Mem { base, len }, acc };
            $body
        }
    };
}

register_fn! {
    /// The slow path of a check point (see `Executor::stop`), continuing with
    /// the instruction at `ip` unless it stops. Entered and left by tail calls,
    /// so that check points need no stack frame in the handlers that have them.
    #[cold]
    #[inline(never)]
    fn check_point(ex, r) {
        ex.spill = r;
        if let Some(exit) = ex.stop()? {
            exit!(ex, exit);
        }
        r = ex.spill;
        go!(ex, r)
    }
}

/// A (conditional) branch: charges `cost`, then jumps by `offset` if
/// `cond` holds, checking if it jumps back to a loop header (an offset of 0
/// is a loop whose first instruction branches back to it).
macro_rules! branch {
    ($ex:ident, $r:ident, $cost:expr, $offset:expr, $cond:expr) => {{
        $ex.charge::<COUNTING>($cost);
        if $cond {
            $r.jump($offset.0);
            if $offset.0 <= 0 {
                check!($ex, $r);
            }
        } else {
            $r.next();
        }
        go!($ex, $r)
    }};
}

/// Jumps through the table of `$len + 1` entries after the instruction, by
/// `$index` (an `u32`; past the last entry, the last: the default).
macro_rules! br_table {
    ($ex:ident, $r:ident, $cost:expr, $len:expr, $index:expr) => {{
        $ex.charge::<COUNTING>($cost);
        let i = $index.min($len);
        $r.ip = $r.ip.wrapping_add(1 + i as usize);
        // The entry holds its target's handler (see `Instr`), loaded here
        // alongside its offset rather than after it.
        let target_handler = handler_at($r.ip);
        // The entry is a `br` or `br_const32` (see `CompiledFunc::new`):
        // take it here; nothing dispatches to it.
        let offset = match $r.op() {
            Op::Br { offset, cost } => {
                $ex.charge::<COUNTING>(cost);
                offset
            }
            Op::BrConst32 { dst, value, offset, cost } => {
                $ex.charge::<COUNTING>(cost);
                $r.fp.write(dst, value);
                offset
            }
            // SAFETY: the verifier rejects code with any other entry.
            _ => unsafe { std::hint::unreachable_unchecked() },
        };
        $r.jump(offset.0);
        if offset.0 <= 0 {
            check!($ex, $r);
        }
        go!($ex, $r, target_handler)
    }};
}

/// Returns to the caller frame, or stops if the activation is done.
macro_rules! return_from_call {
    ($ex:ident, $r:ident) => {{
        if let Some((ip, fp)) = $ex.return_within_instance() {
            $r.ip = ip;
            $r.fp = fp;
            go!($ex, $r)
        }
        return return_general($ex, $r.ip, $r.fp, $r.mem.base, $r.mem.len, $r.acc);
    }};
}

register_fn! {
    /// The slow path of a return (results already in place): to another
    /// instance, after memory 0 moved, or out of the activation. Entered by
    /// tail call, like `check_point`, so that return handlers call nothing.
    #[cold]
    #[inline(never)]
    fn return_general(ex, r) {
        ex.spill = r;
        if ex.return_from_call() {
            exit!(ex, Exit::Finished);
        }
        r = ex.spill;
        go!(ex, r)
    }
}

/// Calls a store function with `$call`, an `Executor` method
/// (`call_store_func` or `tail_call_store_func`) and its arguments: enters a
/// wasm callee (a check point) or stops for a host callee.
macro_rules! call_store_func {
    ($ex:ident, $r:ident, $call:ident($($arg:expr),*)) => {{
        $ex.spill = $r;
        if let Some(exit) = $ex.$call($($arg),*)? {
            exit!($ex, exit);
        }
        $r = $ex.spill;
        check!($ex, $r);
        go!($ex, $r)
    }};
}

register_fn! {
    /// The slow path of `call` (already charged): the general call, which grows
    /// the stack or traps on overflow. Entered by tail call, like `check_point`.
    #[cold]
    #[inline(never)]
    fn call_growing_stack(ex, r) {
        let Op::CallInternal { func, base, .. } = r.op() else {
            // SAFETY: only the `CallInternal` handler enters here, with its `ip`.
            unsafe { std::hint::unreachable_unchecked() }
        };
        ex.spill = r;
        if let Some(exit) = ex.call_wasm(ex.inst, func, base)? {
            exit!(ex, exit);
        }
        r = ex.spill;
        check!(ex, r);
        go!(ex, r)
    }
}

register_fn! {
    /// The slow path of `throw` and `throw_ref` (already charged): finds the
    /// handler and continues there (a check point, since a handler can be a
    /// loop header), or stops with the uncaught exception. Entered by tail
    /// call, like `check_point`.
    #[cold]
    #[inline(never)]
    fn throw_exception(ex, r) {
        ex.spill = r;
        if !ex.raise()? {
            return Ok(());
        }
        r = ex.spill;
        check!(ex, r);
        go!(ex, r)
    }
}

/// Defines one handler per instruction and the [`HANDLERS`] table. An arm
/// `Name { operands } => body;` runs `body` and continues with the next
/// instruction; `Name { operands } => @jump body;` leaves through `go!`,
/// `exit!` or an error itself. `Name { operands } + NameAcc => ...` also
/// defines the handler of the accumulator form, the same body with the
/// first operand after `dst` (or the first) bound to [`Acc`] instead of its
/// slot. `$ex` and `$r` name the executor and the registers inside bodies.
macro_rules! handlers {
    (($ex:ident, $r:ident) $( $name:ident $fields:tt $(+ $twin:ident)? => $(@$jump:ident)? $body:expr; )*) => {
        $( handler_pair!(($ex, $r) $name $fields [$($twin)?] [$($jump)?] $body); )*

        /// Each opcode's handler in each [`HandlerSet`] (by `HandlerSet::index`).
        static HANDLERS: [[Handler; OP_COUNT]; 4] = {
            let mut table: [[Handler; OP_COUNT]; 4] = [[Unreachable::<false, false>; OP_COUNT]; 4];
            handler_set!(table, false, false $(, $name $(, $twin)?)*);
            handler_set!(table, true, false $(, $name $(, $twin)?)*);
            handler_set!(table, false, true $(, $name $(, $twin)?)*);
            handler_set!(table, true, true $(, $name $(, $twin)?)*);
            table
        };

        // Every opcode has exactly one handler: the names are distinct
        // functions, each names an opcode, and there are `OP_COUNT` of them.
        const _: () = assert!([$(stringify!($name), $(stringify!($twin),)?)*].len() == OP_COUNT);
    };
}

/// Fills the row of `HANDLERS` for one [`HandlerSet`] with the handlers named.
macro_rules! handler_set {
    ($table:ident, $counting:literal, $guarded:literal $(, $name:ident)*) => {{
        const SET: usize = HandlerSet { counting: $counting, guarded: $guarded }.index();
        $( $table[SET][OpCode::$name as usize] = $name::<$counting, $guarded>; )*
    }};
}

/// One arm of `handlers!`: the handler, and its accumulator form's.
macro_rules! handler_pair {
    (($ex:ident, $r:ident) $name:ident $fields:tt [] $jump:tt $body:expr) => {
        handler!(($ex, $r) $name $fields [] $jump $body);
    };
    (($ex:ident, $r:ident) $name:ident $fields:tt [$twin:ident] $jump:tt $body:expr) => {
        handler!(($ex, $r) $name $fields [] $jump $body);
        handler!(($ex, $r) $twin $fields [acc] $jump $body);
    };
}

/// One handler function (see `handlers!`).
macro_rules! handler {
    (($ex:ident, $r:ident) $name:ident $fields:tt [$($acc:ident)?] [$($jump:ident)?] $body:expr) => {
        register_fn! {
            #[allow(non_snake_case)]
            fn $name<const COUNTING: bool, const GUARDED: bool>($ex, $r) {
                let Op::$name $fields = $r.op() else {
                    // SAFETY: `HANDLERS` maps this instruction's opcode to this
                    // handler and no other.
                    unsafe { std::hint::unreachable_unchecked() }
                };
                $( acc_operand!($acc $r $fields); )?
                handler_end!($($jump)? ($ex, $r) $fields $body)
            }
        }
    };
}

/// Rebinds the operand an accumulator form takes from the accumulator.
macro_rules! acc_operand {
    (acc $r:ident { dst, $operand:ident $(, $rest:ident)* }) => {
        let _ = $operand;
        let $operand = Acc($r.acc);
    };
    (acc $r:ident { $operand:ident $(, $rest:ident)* }) => {
        let _ = $operand;
        let $operand = Acc($r.acc);
    };
}

/// The end of a handler: see `handlers!`. An instruction that continues
/// with the next one and has a `dst` operand leaves its result in `acc`
/// too (see `Regs::acc`).
macro_rules! handler_end {
    (($ex:ident, $r:ident) { $($field:ident),* } $body:expr) => {{
        $body;
        set_acc!($r $(, $field)*);
        $r.next();
        go!($ex, $r)
    }};
    (jump ($ex:ident, $r:ident) $fields:tt $body:expr) => {{ $body }};
}

/// `acc = dst` if the first operand is named `dst` (as every result is).
/// Re-reading the slot just written costs nothing: the compiler forwards
/// the value from the store.
macro_rules! set_acc {
    ($r:ident) => {};
    ($r:ident, $first:ident $(, $rest:ident)*) => {{
        const IS_DST: bool = is_dst(stringify!($first));
        if IS_DST && let Some(dst) = Operand::as_slot(&$first) {
            $r.acc = $r.fp.read::<u64>(dst);
        }
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

/// A chain (see `ops`): `mid = $first`, then `dst = $second(mid, $other)`,
/// with `$other` evaluated after `mid` is written (it may read `mid`).
macro_rules! chain {
    ($s:ident, $t:ty, $first:expr => $mid:ident, $second:expr, $other:expr => $dst:ident) => {{
        let a: $t = $first;
        $s.fp.write($mid, a);
        let b: $t = $other;
        $s.fp.write($dst, ($second)(a, b));
    }};
}

macro_rules! binop_trap_imm {
    ($s:ident, $dst:ident, $lhs:ident, $imm:ident, $t:ty, $f:expr) => {{
        let a: $t = $s.fp.read($lhs);
        $s.fp.write($dst, ($f)(a, $imm as $t)?);
    }};
}

/// Unsigned division or remainder of `$lhs` by the constant `$divisor`
/// with `$f` (see `interp::divide`), trapping if the divisor is zero.
macro_rules! by_divisor {
    ($s:ident, $dst:ident, $lhs:ident, $divisor:ident, $f:expr) => {{
        let n: u32 = $s.fp.read($lhs);
        if $divisor == 0 {
            return Err(Trap::IntegerDivisionByZero);
        }
        $s.fp.write($dst, ($f)(n));
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

/// The address of a memory 0 access: `ptr` plus `offset`, or, for the
/// fused forms, `ptr + add` wrapped at 32 bits plus `offset`. At most
/// 2^33 - 2, so the sum cannot overflow.
macro_rules! added {
    ($s:ident, $ptr:ident, $offset:ident) => {
        u64::from($s.fp.read::<u32>($ptr)) + u64::from($offset)
    };
    ($s:ident, $ptr:ident, $add:expr, $offset:ident) => {
        u64::from($s.fp.read::<u32>($ptr).wrapping_add($add)) + u64::from($offset)
    };
}

/// Copies `$n` bytes in memory 0 from `from + from_offset` to `to +
/// to_offset` (32-bit addresses and offsets), checking the source first.
macro_rules! move_bytes {
    ($s:ident, $from:ident, $from_offset:ident, $to:ident, $to_offset:ident, $n:literal) => {{
        let bytes: [u8; $n] = $s.mem.load::<GUARDED, $n>(added!($s, $from, $from_offset))?;
        $s.mem.store::<GUARDED, $n>(added!($s, $to, $to_offset), bytes)?;
    }};
}

/// The address of a scaled-index access: `ptr + (index << shift)`, wrapped
/// at 32 bits as the `i32.shl` and `i32.add` it replaces, plus `offset`.
macro_rules! scaled {
    ($s:ident, $ptr:ident, $index:ident, $shift:ident, $offset:ident) => {
        added!($s, $ptr, $s.fp.read::<u32>($index).wrapping_shl(u32::from($shift)), $offset)
    };
}

/// A load from memory 0 with a 32-bit address and offset; `$kind` names the
/// [`AccessKind`], whose constant evaluation removes all dispatch on it.
macro_rules! fast_load {
    ($s:ident, $dst:ident, $ptr:ident, $offset:ident, $kind:ident) => {
        fast_load!($s, $dst, at: added!($s, $ptr, $offset), $kind, 0, 0)
    };
    ($s:ident, $dst:ident, $ptr:ident, $offset:ident, $kind:ident, $vec:expr, $lane:expr) => {
        fast_load!($s, $dst, at: added!($s, $ptr, $offset), $kind, $vec, $lane)
    };
    ($s:ident, $dst:ident, at: $addr:expr, $kind:ident) => {
        fast_load!($s, $dst, at: $addr, $kind, 0, 0)
    };
    ($s:ident, $dst:ident, at: $addr:expr, $kind:ident, $vec:expr, $lane:expr) => {{
        const KIND: AccessKind = AccessKind::$kind;
        let addr = $addr;
        let bytes: [u8; KIND.size()] = $s.mem.load::<GUARDED, { KIND.size() }>(addr)?;
        let v = KIND.load(&bytes, $vec, $lane);
        if KIND.loads_v128() { $s.fp.write_v128($dst, v) } else { $s.fp.write($dst, v as u64) }
    }};
}

/// A store to memory 0 with a 32-bit address and offset.
macro_rules! fast_store {
    ($s:ident, $ptr:ident, $src:ident, $offset:ident, $kind:ident) => {
        fast_store!($s, at: added!($s, $ptr, $offset), $src, $kind, 0)
    };
    ($s:ident, $ptr:ident, $src:ident, $offset:ident, $kind:ident, $lane:expr) => {
        fast_store!($s, at: added!($s, $ptr, $offset), $src, $kind, $lane)
    };
    ($s:ident, at: $addr:expr, $src:ident, $kind:ident) => {
        fast_store!($s, at: $addr, $src, $kind, 0)
    };
    ($s:ident, at: $addr:expr, scalar $src:ident, $kind:ident) => {{
        const KIND: AccessKind = AccessKind::$kind;
        store_value!($s, $addr, u128::from($s.fp.read::<u64>($src)), KIND, 0)
    }};
    ($s:ident, at: $addr:expr, $src:ident, $kind:ident, $lane:expr) => {{
        const KIND: AccessKind = AccessKind::$kind;
        let value = if KIND.stores_v128() { $s.fp.read_v128($src) } else { u128::from($s.fp.read::<u64>($src)) };
        store_value!($s, $addr, value, KIND, $lane)
    }};
}

/// A store of the constant `$value` (an `i32`, sign-extended) to memory 0.
macro_rules! fast_store_imm {
    ($s:ident, $ptr:ident, $value:ident, $offset:ident, $kind:ident) => {
        fast_store_imm!($s, at: added!($s, $ptr, $offset), $value, $kind)
    };
    ($s:ident, at: $addr:expr, $value:ident, $kind:ident) => {{
        const KIND: AccessKind = AccessKind::$kind;
        store_value!($s, $addr, i64::from($value) as u64 as u128, KIND, 0)
    }};
}

/// The body of `fast_store!`: stores the bytes `$kind` takes of `$value`.
macro_rules! store_value {
    ($s:ident, $addr:expr, $value:expr, $kind:ident, $lane:expr) => {{
        let addr = $addr;
        let all = $kind.store($value, $lane);
        let mut bytes = [0u8; $kind.size()];
        bytes.copy_from_slice(&all[..$kind.size()]);
        $s.mem.store::<GUARDED, { $kind.size() }>(addr, bytes)?;
    }};
}

handlers! {
    (ex, r)

    // ---- control ----
    Unreachable {} => @jump {
        ex.spill = r;
        Err(Trap::UnreachableCodeReached)
    };
    Charge { cost } => ex.charge::<COUNTING>(cost);
    CopyCharge { dst, src, cost } + CopyChargeAcc => {
        ex.charge::<COUNTING>(cost);
        let v: u64 = r.fp.read(src);
        r.fp.write(dst, v);
    };
    Const32Charge { dst, value, cost } => {
        ex.charge::<COUNTING>(cost);
        r.fp.write(dst, value);
    };
    I32AddImmCharge { dst, lhs, imm, cost } + I32AddImmChargeAcc => {
        ex.charge::<COUNTING>(cost);
        binop_imm!(r, dst, lhs, imm, u32, u32::wrapping_add)
    };
    I32AddImm2 { dst, lhs, imm, first_dst, first_lhs, first_imm } => {
        let first = r.fp.read::<u32>(first_lhs).wrapping_add(first_imm as i32 as u32);
        r.fp.write(first_dst, first);
        let second = r.fp.read::<u32>(lhs).wrapping_add(imm as i32 as u32);
        r.fp.write(dst, second);
    };
    I32AddImmBrNez { dst, lhs, imm, offset, cost } + I32AddImmBrNezAcc => @jump {
        let v = r.fp.read::<u32>(lhs).wrapping_add(imm as i32 as u32);
        r.fp.write(dst, v);
        r.acc = u64::from(v);
        branch!(ex, r, cost, offset, v != 0)
    };
    I32AddImmBrEqz { dst, lhs, imm, offset, cost } + I32AddImmBrEqzAcc => @jump {
        let v = r.fp.read::<u32>(lhs).wrapping_add(imm as i32 as u32);
        r.fp.write(dst, v);
        r.acc = u64::from(v);
        branch!(ex, r, cost, offset, v == 0)
    };
    Br { offset, cost } => @jump branch!(ex, r, cost, offset, true);
    BrConst32 { dst, value, offset, cost } => @jump {
        r.fp.write(dst, value);
        branch!(ex, r, cost, offset, true)
    };
    BrIfNez { cond, offset, cost } + BrIfNezAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(cond) != 0);
    BrIfEqz { cond, offset, cost } + BrIfEqzAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(cond) == 0);
    BrI32Eq { lhs, rhs, offset, cost } + BrI32EqAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) == r.fp.read::<u32>(rhs));
    BrI32EqImm { lhs, imm, offset, cost } + BrI32EqImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) == imm as u32);
    BrI32Ne { lhs, rhs, offset, cost } + BrI32NeAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) != r.fp.read::<u32>(rhs));
    BrI32NeImm { lhs, imm, offset, cost } + BrI32NeImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) != imm as u32);
    BrI32LtS { lhs, rhs, offset, cost } + BrI32LtSAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i32>(lhs) < r.fp.read::<i32>(rhs));
    BrI32LtSImm { lhs, imm, offset, cost } + BrI32LtSImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i32>(lhs) < imm);
    BrI32LtU { lhs, rhs, offset, cost } + BrI32LtUAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) < r.fp.read::<u32>(rhs));
    BrI32LtUImm { lhs, imm, offset, cost } + BrI32LtUImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) < imm as u32);
    BrI32GtS { lhs, rhs, offset, cost } + BrI32GtSAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i32>(lhs) > r.fp.read::<i32>(rhs));
    BrI32GtSImm { lhs, imm, offset, cost } + BrI32GtSImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i32>(lhs) > imm);
    BrI32GtU { lhs, rhs, offset, cost } + BrI32GtUAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) > r.fp.read::<u32>(rhs));
    BrI32GtUImm { lhs, imm, offset, cost } + BrI32GtUImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) > imm as u32);
    BrI32LeS { lhs, rhs, offset, cost } + BrI32LeSAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i32>(lhs) <= r.fp.read::<i32>(rhs));
    BrI32LeSImm { lhs, imm, offset, cost } + BrI32LeSImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i32>(lhs) <= imm);
    BrI32LeU { lhs, rhs, offset, cost } + BrI32LeUAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) <= r.fp.read::<u32>(rhs));
    BrI32LeUImm { lhs, imm, offset, cost } + BrI32LeUImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) <= imm as u32);
    BrI32GeS { lhs, rhs, offset, cost } + BrI32GeSAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i32>(lhs) >= r.fp.read::<i32>(rhs));
    BrI32GeSImm { lhs, imm, offset, cost } + BrI32GeSImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i32>(lhs) >= imm);
    BrI32GeU { lhs, rhs, offset, cost } + BrI32GeUAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) >= r.fp.read::<u32>(rhs));
    BrI32GeUImm { lhs, imm, offset, cost } + BrI32GeUImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u32>(lhs) >= imm as u32);
    BrI64Eq { lhs, rhs, offset, cost } + BrI64EqAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) == r.fp.read::<u64>(rhs));
    BrI64EqImm { lhs, imm, offset, cost } + BrI64EqImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) == imm as u64);
    BrI64Ne { lhs, rhs, offset, cost } + BrI64NeAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) != r.fp.read::<u64>(rhs));
    BrI64NeImm { lhs, imm, offset, cost } + BrI64NeImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) != imm as u64);
    BrI64LtS { lhs, rhs, offset, cost } + BrI64LtSAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i64>(lhs) < r.fp.read::<i64>(rhs));
    BrI64LtSImm { lhs, imm, offset, cost } + BrI64LtSImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i64>(lhs) < imm as i64);
    BrI64LtU { lhs, rhs, offset, cost } + BrI64LtUAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) < r.fp.read::<u64>(rhs));
    BrI64LtUImm { lhs, imm, offset, cost } + BrI64LtUImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) < imm as u64);
    BrI64GtS { lhs, rhs, offset, cost } + BrI64GtSAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i64>(lhs) > r.fp.read::<i64>(rhs));
    BrI64GtSImm { lhs, imm, offset, cost } + BrI64GtSImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i64>(lhs) > imm as i64);
    BrI64GtU { lhs, rhs, offset, cost } + BrI64GtUAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) > r.fp.read::<u64>(rhs));
    BrI64GtUImm { lhs, imm, offset, cost } + BrI64GtUImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) > imm as u64);
    BrI64LeS { lhs, rhs, offset, cost } + BrI64LeSAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i64>(lhs) <= r.fp.read::<i64>(rhs));
    BrI64LeSImm { lhs, imm, offset, cost } + BrI64LeSImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i64>(lhs) <= imm as i64);
    BrI64LeU { lhs, rhs, offset, cost } + BrI64LeUAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) <= r.fp.read::<u64>(rhs));
    BrI64LeUImm { lhs, imm, offset, cost } + BrI64LeUImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) <= imm as u64);
    BrI64GeS { lhs, rhs, offset, cost } + BrI64GeSAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i64>(lhs) >= r.fp.read::<i64>(rhs));
    BrI64GeSImm { lhs, imm, offset, cost } + BrI64GeSImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<i64>(lhs) >= imm as i64);
    BrI64GeU { lhs, rhs, offset, cost } + BrI64GeUAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) >= r.fp.read::<u64>(rhs));
    BrI64GeUImm { lhs, imm, offset, cost } + BrI64GeUImmAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<u64>(lhs) >= imm as u64);
    BrF32Eq { lhs, rhs, offset, cost } + BrF32EqAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f32>(lhs) == r.fp.read::<f32>(rhs));
    BrF32Ne { lhs, rhs, offset, cost } + BrF32NeAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f32>(lhs) != r.fp.read::<f32>(rhs));
    BrF32Lt { lhs, rhs, offset, cost } + BrF32LtAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f32>(lhs) < r.fp.read::<f32>(rhs));
    BrF32Gt { lhs, rhs, offset, cost } + BrF32GtAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f32>(lhs) > r.fp.read::<f32>(rhs));
    BrF32Le { lhs, rhs, offset, cost } + BrF32LeAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f32>(lhs) <= r.fp.read::<f32>(rhs));
    BrF32Ge { lhs, rhs, offset, cost } + BrF32GeAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f32>(lhs) >= r.fp.read::<f32>(rhs));
    BrF32NotLt { lhs, rhs, offset, cost } + BrF32NotLtAcc => @jump branch!(ex, r, cost, offset, !matches!(r.fp.read::<f32>(lhs).partial_cmp(&r.fp.read::<f32>(rhs)), Some(Less)));
    BrF32NotGt { lhs, rhs, offset, cost } + BrF32NotGtAcc => @jump branch!(ex, r, cost, offset, !matches!(r.fp.read::<f32>(lhs).partial_cmp(&r.fp.read::<f32>(rhs)), Some(Greater)));
    BrF32NotLe { lhs, rhs, offset, cost } + BrF32NotLeAcc => @jump branch!(ex, r, cost, offset, !matches!(r.fp.read::<f32>(lhs).partial_cmp(&r.fp.read::<f32>(rhs)), Some(Less | Equal)));
    BrF32NotGe { lhs, rhs, offset, cost } + BrF32NotGeAcc => @jump branch!(ex, r, cost, offset, !matches!(r.fp.read::<f32>(lhs).partial_cmp(&r.fp.read::<f32>(rhs)), Some(Greater | Equal)));
    BrF64Eq { lhs, rhs, offset, cost } + BrF64EqAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f64>(lhs) == r.fp.read::<f64>(rhs));
    BrF64Ne { lhs, rhs, offset, cost } + BrF64NeAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f64>(lhs) != r.fp.read::<f64>(rhs));
    BrF64Lt { lhs, rhs, offset, cost } + BrF64LtAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f64>(lhs) < r.fp.read::<f64>(rhs));
    BrF64Gt { lhs, rhs, offset, cost } + BrF64GtAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f64>(lhs) > r.fp.read::<f64>(rhs));
    BrF64Le { lhs, rhs, offset, cost } + BrF64LeAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f64>(lhs) <= r.fp.read::<f64>(rhs));
    BrF64Ge { lhs, rhs, offset, cost } + BrF64GeAcc => @jump branch!(ex, r, cost, offset, r.fp.read::<f64>(lhs) >= r.fp.read::<f64>(rhs));
    BrF64NotLt { lhs, rhs, offset, cost } + BrF64NotLtAcc => @jump branch!(ex, r, cost, offset, !matches!(r.fp.read::<f64>(lhs).partial_cmp(&r.fp.read::<f64>(rhs)), Some(Less)));
    BrF64NotGt { lhs, rhs, offset, cost } + BrF64NotGtAcc => @jump branch!(ex, r, cost, offset, !matches!(r.fp.read::<f64>(lhs).partial_cmp(&r.fp.read::<f64>(rhs)), Some(Greater)));
    BrF64NotLe { lhs, rhs, offset, cost } + BrF64NotLeAcc => @jump branch!(ex, r, cost, offset, !matches!(r.fp.read::<f64>(lhs).partial_cmp(&r.fp.read::<f64>(rhs)), Some(Less | Equal)));
    BrF64NotGe { lhs, rhs, offset, cost } + BrF64NotGeAcc => @jump branch!(ex, r, cost, offset, !matches!(r.fp.read::<f64>(lhs).partial_cmp(&r.fp.read::<f64>(rhs)), Some(Greater | Equal)));
    BrTable { index, len, cost } + BrTableAcc => @jump br_table!(ex, r, cost, len, r.fp.read::<u32>(index));
    BrTableAddImm { index, imm, len, cost } + BrTableAddImmAcc =>
        @jump br_table!(ex, r, cost, len, r.fp.read::<u32>(index).wrapping_add(imm as u32));
    Return { cost } => @jump {
        ex.charge::<COUNTING>(cost);
        return_from_call!(ex, r)
    };
    ReturnSlot { src, cost } + ReturnSlotAcc => @jump {
        ex.charge::<COUNTING>(cost);
        let v: u64 = r.fp.read(src);
        r.fp.write(Slot(0), v);
        return_from_call!(ex, r)
    };
    ReturnSlots { src, count, cost } => @jump {
        ex.charge::<COUNTING>(cost);
        r.fp.copy_to_start(src, count);
        return_from_call!(ex, r)
    };
    CallInternal { func, base, cost } => @jump {
        ex.charge::<COUNTING>(cost);
        let Some((ip, fp)) = ex.call_within_instance(func, base, r.ip) else {
            return call_growing_stack(ex, r.ip, r.fp, r.mem.base, r.mem.len, r.acc);
        };
        r.ip = ip;
        r.fp = fp;
        check!(ex, r);
        go!(ex, r)
    };
    CallImported { func, base, cost } => @jump {
        ex.charge::<COUNTING>(cost);
        let f = ex.instance().funcs[func as usize];
        call_store_func!(ex, r, call_store_func(f, base))
    };
    CallIndirect { table, ty, index, base, cost } => @jump {
        ex.charge::<COUNTING>(cost);
        let f = ex.indirect_callee(r.fp, table, ty, index)?;
        if let Some(def) = ex.defined_here(f)
            && let Some((ip, fp)) = ex.call_within_instance(def, base, r.ip)
        {
            r.ip = ip;
            r.fp = fp;
            check!(ex, r);
            go!(ex, r)
        }
        call_store_func!(ex, r, call_store_func(f, base))
    };
    MemoryGrow { dst, delta, mem } => @jump {
        let m = ex.memory_index(mem);
        let is_64 = ex.store.memories[m as usize].ty().is_64();
        let delta = r.fp.read_index(delta, is_64);
        if ex.store.has_limiter {
            ex.spill = r;
            return ex.grow_exit(true, m, delta, 0, dst, is_64);
        }
        let old = ex.grow_memory(m, delta);
        r.fp.write(dst, if is_64 { old } else { u64::from(old as u32) });
        r.mem = ex.memory0();
        r.next();
        go!(ex, r)
    };
    TableGrow { dst, init, delta, table } => @jump {
        let t = ex.table_index(table);
        let is_64 = ex.store.tables[t as usize].ty().is_64();
        let delta = r.fp.read_index(delta, is_64);
        let init: u64 = r.fp.read(init);
        if ex.store.has_limiter {
            ex.spill = r;
            return ex.grow_exit(false, t, delta, init, dst, is_64);
        }
        let old = ex.store.tables[t as usize].grow(delta, init).unwrap_or(u64::MAX);
        r.fp.write(dst, if is_64 { old } else { u64::from(old as u32) });
        r.next();
        go!(ex, r)
    };

    Copy { dst, src } + CopyAcc => {
        let v: u64 = r.fp.read(src);
        r.fp.write(dst, v);
    };
    Copy2 { dst, first_src, first_dst, src } + Copy2Acc => {
        let v: u64 = r.fp.read(first_src);
        r.fp.write(first_dst, v);
        let v: u64 = r.fp.read(src);
        r.fp.write(dst, v);
    };
    Copy128 { dst, src } => {
        let v = r.fp.read_v128(src);
        r.fp.write_v128(dst, v);
    };
    Const32 { dst, value } => r.fp.write(dst, value);
    Const64 { dst, value } => r.fp.write(dst, value);
    Select { dst, cond, if_true, if_false } + SelectAcc => {
        let pick = if r.fp.read::<u32>(cond) != 0 { if_true } else { if_false };
        let v: u64 = r.fp.read(pick);
        r.fp.write(dst, v);
    };
    Select128 { dst, cond, if_true, if_false } => {
        let pick = if r.fp.read::<u32>(cond) != 0 { if_true } else { if_false };
        let v = r.fp.read_v128(pick);
        r.fp.write_v128(dst, v);
    };
    GlobalGet { dst, global } => {
        let v = ex.store.globals[ex.global_index(global)].value as u64;
        r.fp.write(dst, v);
    };
    GlobalSet { src, global } + GlobalSetAcc => {
        let v: u64 = r.fp.read(src);
        let g = ex.global_index(global);
        ex.store.globals[g].value = u128::from(v);
    };
    GlobalGet128 { dst, global } => {
        let v = ex.store.globals[ex.global_index(global)].value;
        r.fp.write_v128(dst, v);
    };
    GlobalSet128 { src, global } => {
        let v = r.fp.read_v128(src);
        let g = ex.global_index(global);
        ex.store.globals[g].value = v;
    };
    I32Load { dst, ptr, offset } + I32LoadAcc => fast_load!(r, dst, ptr, offset, I32Load);
    I32Load2 { dst, first_ptr, first_offset, first_dst, ptr, offset } + I32Load2Acc => {
        fast_load!(r, first_dst, first_ptr, first_offset, I32Load);
        fast_load!(r, dst, ptr, offset, I32Load);
    };
    I64Load { dst, ptr, offset } + I64LoadAcc => fast_load!(r, dst, ptr, offset, I64Load);
    I32Load8S { dst, ptr, offset } + I32Load8SAcc => fast_load!(r, dst, ptr, offset, I32Load8S);
    I32Load8U { dst, ptr, offset } + I32Load8UAcc => fast_load!(r, dst, ptr, offset, I32Load8U);
    I32Load16S { dst, ptr, offset } + I32Load16SAcc => fast_load!(r, dst, ptr, offset, I32Load16S);
    I32Load16U { dst, ptr, offset } + I32Load16UAcc => fast_load!(r, dst, ptr, offset, I32Load16U);
    I64Load8S { dst, ptr, offset } + I64Load8SAcc => fast_load!(r, dst, ptr, offset, I64Load8S);
    I64Load8U { dst, ptr, offset } + I64Load8UAcc => fast_load!(r, dst, ptr, offset, I64Load8U);
    I64Load16S { dst, ptr, offset } + I64Load16SAcc => fast_load!(r, dst, ptr, offset, I64Load16S);
    I64Load16U { dst, ptr, offset } + I64Load16UAcc => fast_load!(r, dst, ptr, offset, I64Load16U);
    I64Load32S { dst, ptr, offset } + I64Load32SAcc => fast_load!(r, dst, ptr, offset, I64Load32S);
    I64Load32U { dst, ptr, offset } + I64Load32UAcc => fast_load!(r, dst, ptr, offset, I64Load32U);
    I32Store { ptr, src, offset } + I32StoreAcc => fast_store!(r, ptr, src, offset, I32Store);
    I64Store { ptr, src, offset } + I64StoreAcc => fast_store!(r, ptr, src, offset, I64Store);
    Store8 { ptr, src, offset } + Store8Acc => fast_store!(r, ptr, src, offset, Store8);
    Store16 { ptr, src, offset } + Store16Acc => fast_store!(r, ptr, src, offset, Store16);
    Store32 { ptr, src, offset } + Store32Acc => fast_store!(r, ptr, src, offset, Store32);
    Move8 { from, to, from_offset, to_offset } + Move8Acc => move_bytes!(r, from, from_offset, to, to_offset, 1);
    Move16 { from, to, from_offset, to_offset } + Move16Acc => move_bytes!(r, from, from_offset, to, to_offset, 2);
    Move32 { from, to, from_offset, to_offset } + Move32Acc => move_bytes!(r, from, from_offset, to, to_offset, 4);
    Move64 { from, to, from_offset, to_offset } + Move64Acc => move_bytes!(r, from, from_offset, to, to_offset, 8);
    Store8Imm { ptr, value, offset } + Store8ImmAcc => fast_store_imm!(r, ptr, value, offset, Store8);
    Store16Imm { ptr, value, offset } + Store16ImmAcc => fast_store_imm!(r, ptr, value, offset, Store16);
    Store32Imm { ptr, value, offset } + Store32ImmAcc => fast_store_imm!(r, ptr, value, offset, Store32);
    Store64Imm { ptr, value, offset } + Store64ImmAcc => fast_store_imm!(r, ptr, value, offset, I64Store);
    I32LoadAddImm { dst, ptr, imm, offset } + I32LoadAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I32Load);
    I32LoadAdd { dst, ptr, index, offset } + I32LoadAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I32Load);
    I64LoadAddImm { dst, ptr, imm, offset } + I64LoadAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I64Load);
    I64LoadAdd { dst, ptr, index, offset } + I64LoadAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I64Load);
    I32Load8SAddImm { dst, ptr, imm, offset } + I32Load8SAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I32Load8S);
    I32Load8SAdd { dst, ptr, index, offset } + I32Load8SAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I32Load8S);
    I32Load8UAddImm { dst, ptr, imm, offset } + I32Load8UAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I32Load8U);
    I32Load8UAdd { dst, ptr, index, offset } + I32Load8UAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I32Load8U);
    I32Load16SAddImm { dst, ptr, imm, offset } + I32Load16SAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I32Load16S);
    I32Load16SAdd { dst, ptr, index, offset } + I32Load16SAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I32Load16S);
    I32Load16UAddImm { dst, ptr, imm, offset } + I32Load16UAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I32Load16U);
    I32Load16UAdd { dst, ptr, index, offset } + I32Load16UAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I32Load16U);
    I64Load8SAddImm { dst, ptr, imm, offset } + I64Load8SAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I64Load8S);
    I64Load8SAdd { dst, ptr, index, offset } + I64Load8SAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I64Load8S);
    I64Load8UAddImm { dst, ptr, imm, offset } + I64Load8UAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I64Load8U);
    I64Load8UAdd { dst, ptr, index, offset } + I64Load8UAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I64Load8U);
    I64Load16SAddImm { dst, ptr, imm, offset } + I64Load16SAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I64Load16S);
    I64Load16SAdd { dst, ptr, index, offset } + I64Load16SAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I64Load16S);
    I64Load16UAddImm { dst, ptr, imm, offset } + I64Load16UAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I64Load16U);
    I64Load16UAdd { dst, ptr, index, offset } + I64Load16UAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I64Load16U);
    I64Load32SAddImm { dst, ptr, imm, offset } + I64Load32SAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I64Load32S);
    I64Load32SAdd { dst, ptr, index, offset } + I64Load32SAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I64Load32S);
    I64Load32UAddImm { dst, ptr, imm, offset } + I64Load32UAddImmAcc => fast_load!(r, dst, at: added!(r, ptr, imm as u32, offset), I64Load32U);
    I64Load32UAdd { dst, ptr, index, offset } + I64Load32UAddAcc => fast_load!(r, dst, at: added!(r, ptr, r.fp.read::<u32>(index), offset), I64Load32U);
    I32StoreAddImm { ptr, src, imm, offset } + I32StoreAddImmAcc => fast_store!(r, at: added!(r, ptr, imm as u32, offset), src, I32Store);
    I32StoreAdd { ptr, index, src, offset } + I32StoreAddAcc => fast_store!(r, at: added!(r, ptr, r.fp.read::<u32>(index), offset), src, I32Store);
    I64StoreAddImm { ptr, src, imm, offset } + I64StoreAddImmAcc => fast_store!(r, at: added!(r, ptr, imm as u32, offset), src, I64Store);
    I64StoreAdd { ptr, index, src, offset } + I64StoreAddAcc => fast_store!(r, at: added!(r, ptr, r.fp.read::<u32>(index), offset), src, I64Store);
    Store8AddImm { ptr, src, imm, offset } + Store8AddImmAcc => fast_store!(r, at: added!(r, ptr, imm as u32, offset), src, Store8);
    Store8Add { ptr, index, src, offset } + Store8AddAcc => fast_store!(r, at: added!(r, ptr, r.fp.read::<u32>(index), offset), src, Store8);
    Store16AddImm { ptr, src, imm, offset } + Store16AddImmAcc => fast_store!(r, at: added!(r, ptr, imm as u32, offset), src, Store16);
    Store16Add { ptr, index, src, offset } + Store16AddAcc => fast_store!(r, at: added!(r, ptr, r.fp.read::<u32>(index), offset), src, Store16);
    Store32AddImm { ptr, src, imm, offset } + Store32AddImmAcc => fast_store!(r, at: added!(r, ptr, imm as u32, offset), src, Store32);
    Store32Add { ptr, index, src, offset } + Store32AddAcc => fast_store!(r, at: added!(r, ptr, r.fp.read::<u32>(index), offset), src, Store32);
    Store8ImmAddImm { ptr, value, imm, offset } + Store8ImmAddImmAcc => fast_store_imm!(r, at: added!(r, ptr, imm as u32, offset), value, Store8);
    Store16ImmAddImm { ptr, value, imm, offset } + Store16ImmAddImmAcc => fast_store_imm!(r, at: added!(r, ptr, imm as u32, offset), value, Store16);
    Store32ImmAddImm { ptr, value, imm, offset } + Store32ImmAddImmAcc => fast_store_imm!(r, at: added!(r, ptr, imm as u32, offset), value, Store32);
    Store64ImmAddImm { ptr, value, imm, offset } + Store64ImmAddImmAcc => fast_store_imm!(r, at: added!(r, ptr, imm as u32, offset), value, I64Store);
    I32LoadAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I32Load);
    I64LoadAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I64Load);
    I32Load8SAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I32Load8S);
    I32Load8UAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I32Load8U);
    I32Load16SAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I32Load16S);
    I32Load16UAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I32Load16U);
    I64Load8SAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I64Load8S);
    I64Load8UAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I64Load8U);
    I64Load16SAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I64Load16S);
    I64Load16UAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I64Load16U);
    I64Load32SAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I64Load32S);
    I64Load32UAbs { dst, addr, offset } => fast_load!(r, dst, at: u64::from(addr) + u64::from(offset), I64Load32U);
    I32StoreAbs { src, addr, offset } + I32StoreAbsAcc => fast_store!(r, at: u64::from(addr) + u64::from(offset), scalar src, I32Store);
    I64StoreAbs { src, addr, offset } + I64StoreAbsAcc => fast_store!(r, at: u64::from(addr) + u64::from(offset), scalar src, I64Store);
    Store8Abs { src, addr, offset } + Store8AbsAcc => fast_store!(r, at: u64::from(addr) + u64::from(offset), scalar src, Store8);
    Store16Abs { src, addr, offset } + Store16AbsAcc => fast_store!(r, at: u64::from(addr) + u64::from(offset), scalar src, Store16);
    Store32Abs { src, addr, offset } + Store32AbsAcc => fast_store!(r, at: u64::from(addr) + u64::from(offset), scalar src, Store32);
    I32LoadAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I32Load);
    I64LoadAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I64Load);
    I32Load8SAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I32Load8S);
    I32Load8UAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I32Load8U);
    I32Load16SAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I32Load16S);
    I32Load16UAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I32Load16U);
    I64Load8SAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I64Load8S);
    I64Load8UAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I64Load8U);
    I64Load16SAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I64Load16S);
    I64Load16UAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I64Load16U);
    I64Load32SAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I64Load32S);
    I64Load32UAddShl { dst, ptr, index, shift, offset } => fast_load!(r, dst, at: scaled!(r, ptr, index, shift, offset), I64Load32U);
    I32StoreAddShl { ptr, index, src, shift, offset } => fast_store!(r, at: scaled!(r, ptr, index, shift, offset), src, I32Store);
    I64StoreAddShl { ptr, index, src, shift, offset } => fast_store!(r, at: scaled!(r, ptr, index, shift, offset), src, I64Store);
    Store8AddShl { ptr, index, src, shift, offset } => fast_store!(r, at: scaled!(r, ptr, index, shift, offset), src, Store8);
    Store16AddShl { ptr, index, src, shift, offset } => fast_store!(r, at: scaled!(r, ptr, index, shift, offset), src, Store16);
    Store32AddShl { ptr, index, src, shift, offset } => fast_store!(r, at: scaled!(r, ptr, index, shift, offset), src, Store32);
    LoadGeneric { dst, ptr, arg } => ex.load_generic(r.fp, dst, ptr, None, arg)?;
    LoadLaneGeneric { dst, ptr, vec, arg } => ex.load_generic(r.fp, dst, ptr, Some(vec), arg)?;
    StoreGeneric { ptr, src, arg } => ex.store_generic(r.fp, ptr, src, arg)?;
    MemorySize { dst, mem } => {
        let pages = ex.store.memories[ex.memory_index(mem) as usize].size_pages();
        r.fp.write(dst, pages);
    };
    MemoryFill { dst_addr, value, len, mem } => {
        let m = ex.memory_index(mem);
        let is_64 = ex.store.memories[m as usize].ty().is_64();
        let (d, n) = (r.fp.read_index(dst_addr, is_64), r.fp.read_index(len, is_64));
        let byte = r.fp.read::<u32>(value) as u8;
        ex.store.memory_fill(m, d, byte, n)?;
    };
    MemoryCopy { dst_addr, src_addr, len, dst_mem, src_mem } => {
        let (dm, sm) = (ex.memory_index(dst_mem), ex.memory_index(src_mem));
        let d64 = ex.store.memories[dm as usize].ty().is_64();
        let s64 = ex.store.memories[sm as usize].ty().is_64();
        let d = r.fp.read_index(dst_addr, d64);
        let s = r.fp.read_index(src_addr, s64);
        let n = r.fp.read_index(len, d64 && s64);
        ex.store.memory_copy(dm, sm, d, s, n)?;
    };
    Memory0Fill { dst_addr, value, len } => {
        let (d, n) = (r.fp.read::<u32>(dst_addr), r.fp.read::<u32>(len));
        r.mem.fill(u64::from(d), r.fp.read::<u32>(value) as u8, u64::from(n))?;
    };
    Memory0Copy { dst_addr, src_addr, len } => {
        let (d, s, n) = (r.fp.read::<u32>(dst_addr), r.fp.read::<u32>(src_addr), r.fp.read::<u32>(len));
        r.mem.copy(u64::from(d), u64::from(s), u64::from(n))?;
    };
    MemoryInit { dst_addr, src_offset, len, data, mem } => {
        let m = ex.memory_index(mem);
        let is_64 = ex.store.memories[m as usize].ty().is_64();
        let d = r.fp.read_index(dst_addr, is_64);
        let s = u64::from(r.fp.read::<u32>(src_offset));
        let n = u64::from(r.fp.read::<u32>(len));
        ex.store.memory_init(ex.inst, data, m, d, s, n)?;
    };
    DataDrop { data } => ex.store.data_drop(ex.inst, data);
    TableGet { dst, index, table } => {
        let t = &ex.store.tables[ex.table_index(table) as usize];
        let i = r.fp.read_index(index, t.ty().is_64());
        let v = t.get(i).ok_or(Trap::TableOutOfBounds)?;
        r.fp.write(dst, v);
    };
    TableSize { dst, table } => {
        let size = ex.store.tables[ex.table_index(table) as usize].size();
        r.fp.write(dst, size);
    };
    TableFill { dst_index, value, len, table } => {
        let t = ex.table_index(table);
        let is_64 = ex.store.tables[t as usize].ty().is_64();
        let (d, n) = (r.fp.read_index(dst_index, is_64), r.fp.read_index(len, is_64));
        let v: u64 = r.fp.read(value);
        ex.store.table_fill(t, d, v, n)?;
    };
    TableCopy { dst_index, src_index, len, dst_table, src_table } => {
        let (dt, st) = (ex.table_index(dst_table), ex.table_index(src_table));
        let d64 = ex.store.tables[dt as usize].ty().is_64();
        let s64 = ex.store.tables[st as usize].ty().is_64();
        let d = r.fp.read_index(dst_index, d64);
        let s = r.fp.read_index(src_index, s64);
        let n = r.fp.read_index(len, d64 && s64);
        ex.store.table_copy(dt, st, d, s, n)?;
    };
    TableInit { dst_index, src_offset, len, elem, table } => {
        let t = ex.table_index(table);
        let is_64 = ex.store.tables[t as usize].ty().is_64();
        let d = r.fp.read_index(dst_index, is_64);
        let s = u64::from(r.fp.read::<u32>(src_offset));
        let n = u64::from(r.fp.read::<u32>(len));
        ex.store.table_init(ex.inst, elem, t, d, s, n)?;
    };
    ElemDrop { elem } => ex.store.elem_drop(ex.inst, elem);
    RefFunc { dst, func } => {
        let f = ex.instance().funcs[func as usize];
        r.fp.write(dst, u64::from(f) + 1);
    };
    I32Eqz { dst, src } + I32EqzAcc => unop!(r, dst, src, u32, |a| a == 0);
    I32Eq { dst, lhs, rhs } + I32EqAcc => binop!(r, dst, lhs, rhs, u32, |a, b| a == b);
    I32Ne { dst, lhs, rhs } + I32NeAcc => binop!(r, dst, lhs, rhs, u32, |a, b| a != b);
    I32LtS { dst, lhs, rhs } + I32LtSAcc => binop!(r, dst, lhs, rhs, i32, |a, b| a < b);
    I32LtU { dst, lhs, rhs } + I32LtUAcc => binop!(r, dst, lhs, rhs, u32, |a, b| a < b);
    I32GtS { dst, lhs, rhs } + I32GtSAcc => binop!(r, dst, lhs, rhs, i32, |a, b| a > b);
    I32GtU { dst, lhs, rhs } + I32GtUAcc => binop!(r, dst, lhs, rhs, u32, |a, b| a > b);
    I32LeS { dst, lhs, rhs } + I32LeSAcc => binop!(r, dst, lhs, rhs, i32, |a, b| a <= b);
    I32LeU { dst, lhs, rhs } + I32LeUAcc => binop!(r, dst, lhs, rhs, u32, |a, b| a <= b);
    I32GeS { dst, lhs, rhs } + I32GeSAcc => binop!(r, dst, lhs, rhs, i32, |a, b| a >= b);
    I32GeU { dst, lhs, rhs } + I32GeUAcc => binop!(r, dst, lhs, rhs, u32, |a, b| a >= b);
    I32Clz { dst, src } + I32ClzAcc => unop!(r, dst, src, u32, u32::leading_zeros);
    I32Ctz { dst, src } + I32CtzAcc => unop!(r, dst, src, u32, u32::trailing_zeros);
    I32Popcnt { dst, src } + I32PopcntAcc => unop!(r, dst, src, u32, u32::count_ones);
    I32Add { dst, lhs, rhs } + I32AddAcc => binop!(r, dst, lhs, rhs, u32, u32::wrapping_add);
    I32Sub { dst, lhs, rhs } + I32SubAcc => binop!(r, dst, lhs, rhs, u32, u32::wrapping_sub);
    I32Mul { dst, lhs, rhs } + I32MulAcc => binop!(r, dst, lhs, rhs, u32, u32::wrapping_mul);
    I32DivS { dst, lhs, rhs } + I32DivSAcc => binop_trap!(r, dst, lhs, rhs, i32, numeric::i32_div_s);
    I32DivU { dst, lhs, rhs } + I32DivUAcc => binop_trap!(r, dst, lhs, rhs, u32, numeric::i32_div_u);
    I32RemS { dst, lhs, rhs } + I32RemSAcc => binop_trap!(r, dst, lhs, rhs, i32, numeric::i32_rem_s);
    I32RemU { dst, lhs, rhs } + I32RemUAcc => binop_trap!(r, dst, lhs, rhs, u32, numeric::i32_rem_u);
    I32And { dst, lhs, rhs } + I32AndAcc => binop!(r, dst, lhs, rhs, u32, |a, b| a & b);
    I32Or { dst, lhs, rhs } + I32OrAcc => binop!(r, dst, lhs, rhs, u32, |a, b| a | b);
    I32Xor { dst, lhs, rhs } + I32XorAcc => binop!(r, dst, lhs, rhs, u32, |a, b| a ^ b);
    I32Shl { dst, lhs, rhs } + I32ShlAcc => binop!(r, dst, lhs, rhs, u32, u32::wrapping_shl);
    I32ShrS { dst, lhs, rhs } + I32ShrSAcc => binop!(r, dst, lhs, rhs, i32, |a: i32, b| a.wrapping_shr(b as u32));
    I32ShrU { dst, lhs, rhs } + I32ShrUAcc => binop!(r, dst, lhs, rhs, u32, u32::wrapping_shr);
    I32Rotl { dst, lhs, rhs } + I32RotlAcc => binop!(r, dst, lhs, rhs, u32, u32::rotate_left);
    I32Rotr { dst, lhs, rhs } + I32RotrAcc => binop!(r, dst, lhs, rhs, u32, u32::rotate_right);
    I32Extend8S { dst, src } + I32Extend8SAcc => unop!(r, dst, src, u32, |a| i32::from(a as i8));
    I32Extend16S { dst, src } + I32Extend16SAcc => unop!(r, dst, src, u32, |a| i32::from(a as i16));
    I32EqImm { dst, lhs, imm } + I32EqImmAcc => binop_imm!(r, dst, lhs, imm, u32, |a, b| a == b);
    I32NeImm { dst, lhs, imm } + I32NeImmAcc => binop_imm!(r, dst, lhs, imm, u32, |a, b| a != b);
    I32LtSImm { dst, lhs, imm } + I32LtSImmAcc => binop_imm!(r, dst, lhs, imm, i32, |a, b| a < b);
    I32LtUImm { dst, lhs, imm } + I32LtUImmAcc => binop_imm!(r, dst, lhs, imm, u32, |a, b| a < b);
    I32GtSImm { dst, lhs, imm } + I32GtSImmAcc => binop_imm!(r, dst, lhs, imm, i32, |a, b| a > b);
    I32GtUImm { dst, lhs, imm } + I32GtUImmAcc => binop_imm!(r, dst, lhs, imm, u32, |a, b| a > b);
    I32LeSImm { dst, lhs, imm } + I32LeSImmAcc => binop_imm!(r, dst, lhs, imm, i32, |a, b| a <= b);
    I32LeUImm { dst, lhs, imm } + I32LeUImmAcc => binop_imm!(r, dst, lhs, imm, u32, |a, b| a <= b);
    I32GeSImm { dst, lhs, imm } + I32GeSImmAcc => binop_imm!(r, dst, lhs, imm, i32, |a, b| a >= b);
    I32GeUImm { dst, lhs, imm } + I32GeUImmAcc => binop_imm!(r, dst, lhs, imm, u32, |a, b| a >= b);
    I32AddImm { dst, lhs, imm } + I32AddImmAcc => binop_imm!(r, dst, lhs, imm, u32, u32::wrapping_add);
    I32DivSImm { dst, lhs, imm } + I32DivSImmAcc => binop_trap_imm!(r, dst, lhs, imm, i32, numeric::i32_div_s);
    I32DivUImm { dst, lhs, shift, magic, divisor } + I32DivUImmAcc => by_divisor!(r, dst, lhs, divisor, |n| divide::div_u32(n, magic, shift));
    I32RemSImm { dst, lhs, imm } + I32RemSImmAcc => binop_trap_imm!(r, dst, lhs, imm, i32, numeric::i32_rem_s);
    I32RemUImm { dst, lhs, shift, magic, divisor } + I32RemUImmAcc => by_divisor!(r, dst, lhs, divisor, |n| divide::rem_u32(n, magic, shift, divisor));
    I32MulImm { dst, lhs, imm } + I32MulImmAcc => binop_imm!(r, dst, lhs, imm, u32, u32::wrapping_mul);
    I32AndImm { dst, lhs, imm } + I32AndImmAcc => binop_imm!(r, dst, lhs, imm, u32, |a, b| a & b);
    I32OrImm { dst, lhs, imm } + I32OrImmAcc => binop_imm!(r, dst, lhs, imm, u32, |a, b| a | b);
    I32XorImm { dst, lhs, imm } + I32XorImmAcc => binop_imm!(r, dst, lhs, imm, u32, |a, b| a ^ b);
    I32ShlImm { dst, lhs, imm } + I32ShlImmAcc => binop_imm!(r, dst, lhs, imm, u32, u32::wrapping_shl);
    I32ShrSImm { dst, lhs, imm } + I32ShrSImmAcc => {
        binop_imm!(r, dst, lhs, imm, i32, |a: i32, b| a.wrapping_shr(b as u32))
    };
    I32ShrUImm { dst, lhs, imm } + I32ShrUImmAcc => binop_imm!(r, dst, lhs, imm, u32, u32::wrapping_shr);
    I32RotlImm { dst, lhs, imm } + I32RotlImmAcc => binop_imm!(r, dst, lhs, imm, u32, u32::rotate_left);
    I32RotrImm { dst, lhs, imm } + I32RotrImmAcc => binop_imm!(r, dst, lhs, imm, u32, u32::rotate_right);
    I64Eqz { dst, src } + I64EqzAcc => unop!(r, dst, src, u64, |a| a == 0);
    I64Eq { dst, lhs, rhs } + I64EqAcc => binop!(r, dst, lhs, rhs, u64, |a, b| a == b);
    I64Ne { dst, lhs, rhs } + I64NeAcc => binop!(r, dst, lhs, rhs, u64, |a, b| a != b);
    I64LtS { dst, lhs, rhs } + I64LtSAcc => binop!(r, dst, lhs, rhs, i64, |a, b| a < b);
    I64LtU { dst, lhs, rhs } + I64LtUAcc => binop!(r, dst, lhs, rhs, u64, |a, b| a < b);
    I64GtS { dst, lhs, rhs } + I64GtSAcc => binop!(r, dst, lhs, rhs, i64, |a, b| a > b);
    I64GtU { dst, lhs, rhs } + I64GtUAcc => binop!(r, dst, lhs, rhs, u64, |a, b| a > b);
    I64LeS { dst, lhs, rhs } + I64LeSAcc => binop!(r, dst, lhs, rhs, i64, |a, b| a <= b);
    I64LeU { dst, lhs, rhs } + I64LeUAcc => binop!(r, dst, lhs, rhs, u64, |a, b| a <= b);
    I64GeS { dst, lhs, rhs } + I64GeSAcc => binop!(r, dst, lhs, rhs, i64, |a, b| a >= b);
    I64GeU { dst, lhs, rhs } + I64GeUAcc => binop!(r, dst, lhs, rhs, u64, |a, b| a >= b);
    I64Clz { dst, src } + I64ClzAcc => unop!(r, dst, src, u64, |a: u64| u64::from(a.leading_zeros()));
    I64Ctz { dst, src } + I64CtzAcc => unop!(r, dst, src, u64, |a: u64| u64::from(a.trailing_zeros()));
    I64Popcnt { dst, src } + I64PopcntAcc => unop!(r, dst, src, u64, |a: u64| u64::from(a.count_ones()));
    I64Add { dst, lhs, rhs } + I64AddAcc => binop!(r, dst, lhs, rhs, u64, u64::wrapping_add);
    I64Sub { dst, lhs, rhs } + I64SubAcc => binop!(r, dst, lhs, rhs, u64, u64::wrapping_sub);
    I64Mul { dst, lhs, rhs } + I64MulAcc => binop!(r, dst, lhs, rhs, u64, u64::wrapping_mul);
    I64DivS { dst, lhs, rhs } + I64DivSAcc => binop_trap!(r, dst, lhs, rhs, i64, numeric::i64_div_s);
    I64DivU { dst, lhs, rhs } + I64DivUAcc => binop_trap!(r, dst, lhs, rhs, u64, numeric::i64_div_u);
    I64RemS { dst, lhs, rhs } + I64RemSAcc => binop_trap!(r, dst, lhs, rhs, i64, numeric::i64_rem_s);
    I64RemU { dst, lhs, rhs } + I64RemUAcc => binop_trap!(r, dst, lhs, rhs, u64, numeric::i64_rem_u);
    I64And { dst, lhs, rhs } + I64AndAcc => binop!(r, dst, lhs, rhs, u64, |a, b| a & b);
    I64Or { dst, lhs, rhs } + I64OrAcc => binop!(r, dst, lhs, rhs, u64, |a, b| a | b);
    I64Xor { dst, lhs, rhs } + I64XorAcc => binop!(r, dst, lhs, rhs, u64, |a, b| a ^ b);
    I64Shl { dst, lhs, rhs } + I64ShlAcc => binop!(r, dst, lhs, rhs, u64, |a: u64, b| a.wrapping_shl(b as u32));
    I64ShrS { dst, lhs, rhs } + I64ShrSAcc => binop!(r, dst, lhs, rhs, i64, |a: i64, b| a.wrapping_shr(b as u32));
    I64ShrU { dst, lhs, rhs } + I64ShrUAcc => binop!(r, dst, lhs, rhs, u64, |a: u64, b| a.wrapping_shr(b as u32));
    I64Rotl { dst, lhs, rhs } + I64RotlAcc => binop!(r, dst, lhs, rhs, u64, |a: u64, b| a.rotate_left(b as u32));
    I64Rotr { dst, lhs, rhs } + I64RotrAcc => {
        binop!(r, dst, lhs, rhs, u64, |a: u64, b| a.rotate_right(b as u32))
    };
    I64Extend8S { dst, src } + I64Extend8SAcc => unop!(r, dst, src, u64, |a| i64::from(a as i8));
    I64Extend16S { dst, src } + I64Extend16SAcc => unop!(r, dst, src, u64, |a| i64::from(a as i16));
    I64Extend32S { dst, src } + I64Extend32SAcc => unop!(r, dst, src, u64, |a| i64::from(a as i32));
    I64EqImm { dst, lhs, imm } + I64EqImmAcc => binop_imm!(r, dst, lhs, imm, u64, |a, b| a == b);
    I64NeImm { dst, lhs, imm } + I64NeImmAcc => binop_imm!(r, dst, lhs, imm, u64, |a, b| a != b);
    I64LtSImm { dst, lhs, imm } + I64LtSImmAcc => binop_imm!(r, dst, lhs, imm, i64, |a, b| a < b);
    I64LtUImm { dst, lhs, imm } + I64LtUImmAcc => binop_imm!(r, dst, lhs, imm, u64, |a, b| a < b);
    I64GtSImm { dst, lhs, imm } + I64GtSImmAcc => binop_imm!(r, dst, lhs, imm, i64, |a, b| a > b);
    I64GtUImm { dst, lhs, imm } + I64GtUImmAcc => binop_imm!(r, dst, lhs, imm, u64, |a, b| a > b);
    I64LeSImm { dst, lhs, imm } + I64LeSImmAcc => binop_imm!(r, dst, lhs, imm, i64, |a, b| a <= b);
    I64LeUImm { dst, lhs, imm } + I64LeUImmAcc => binop_imm!(r, dst, lhs, imm, u64, |a, b| a <= b);
    I64GeSImm { dst, lhs, imm } + I64GeSImmAcc => binop_imm!(r, dst, lhs, imm, i64, |a, b| a >= b);
    I64GeUImm { dst, lhs, imm } + I64GeUImmAcc => binop_imm!(r, dst, lhs, imm, u64, |a, b| a >= b);
    I64AddImm { dst, lhs, imm } + I64AddImmAcc => binop_imm!(r, dst, lhs, imm, u64, u64::wrapping_add);
    I64MulImm { dst, lhs, imm } + I64MulImmAcc => binop_imm!(r, dst, lhs, imm, u64, u64::wrapping_mul);
    I64DivSImm { dst, lhs, imm } + I64DivSImmAcc => binop_trap_imm!(r, dst, lhs, imm, i64, numeric::i64_div_s);
    I64DivUImm { dst, lhs, imm } + I64DivUImmAcc => binop_trap_imm!(r, dst, lhs, imm, u64, numeric::i64_div_u);
    I64RemSImm { dst, lhs, imm } + I64RemSImmAcc => binop_trap_imm!(r, dst, lhs, imm, i64, numeric::i64_rem_s);
    I64RemUImm { dst, lhs, imm } + I64RemUImmAcc => binop_trap_imm!(r, dst, lhs, imm, u64, numeric::i64_rem_u);
    I64AndImm { dst, lhs, imm } + I64AndImmAcc => binop_imm!(r, dst, lhs, imm, u64, |a, b| a & b);
    I64OrImm { dst, lhs, imm } + I64OrImmAcc => binop_imm!(r, dst, lhs, imm, u64, |a, b| a | b);
    I64XorImm { dst, lhs, imm } + I64XorImmAcc => binop_imm!(r, dst, lhs, imm, u64, |a, b| a ^ b);
    I64ShlImm { dst, lhs, imm } + I64ShlImmAcc => {
        binop_imm!(r, dst, lhs, imm, u64, |a: u64, b| a.wrapping_shl(b as u32))
    };
    I64ShrSImm { dst, lhs, imm } + I64ShrSImmAcc => {
        binop_imm!(r, dst, lhs, imm, i64, |a: i64, b| a.wrapping_shr(b as u32))
    };
    I64ShrUImm { dst, lhs, imm } + I64ShrUImmAcc => {
        binop_imm!(r, dst, lhs, imm, u64, |a: u64, b| a.wrapping_shr(b as u32))
    };
    I64RotlImm { dst, lhs, imm } + I64RotlImmAcc => {
        binop_imm!(r, dst, lhs, imm, u64, |a: u64, b| a.rotate_left(b as u32))
    };
    I64RotrImm { dst, lhs, imm } + I64RotrImmAcc => {
        binop_imm!(r, dst, lhs, imm, u64, |a: u64, b| a.rotate_right(b as u32))
    };
    I32AddXor { dst, lhs, rhs, mid, other } + I32AddXorAcc => {
        chain!(r, u32, r.fp.read::<u32>(lhs).wrapping_add(r.fp.read(rhs)) => mid, |a, b| a ^ b, r.fp.read(other) => dst)
    };
    I32XorXor { dst, lhs, rhs, mid, other } + I32XorXorAcc => {
        chain!(r, u32, r.fp.read::<u32>(lhs) ^ r.fp.read::<u32>(rhs) => mid, |a, b| a ^ b, r.fp.read(other) => dst)
    };
    I32XorRotlImm { dst, lhs, rhs, mid, imm } + I32XorRotlImmAcc => {
        chain!(r, u32, r.fp.read::<u32>(lhs) ^ r.fp.read::<u32>(rhs) => mid, u32::rotate_left, imm as u32 => dst)
    };
    I32AndShlImm { dst, lhs, rhs, mid, imm } + I32AndShlImmAcc => {
        chain!(r, u32, r.fp.read::<u32>(lhs) & r.fp.read::<u32>(rhs) => mid, u32::wrapping_shl, imm as u32 => dst)
    };
    I32RotlImmAdd { dst, lhs, mid, other, first_imm } + I32RotlImmAddAcc => {
        chain!(r, u32, r.fp.read::<u32>(lhs).rotate_left(first_imm as u32) => mid, u32::wrapping_add, r.fp.read(other) => dst)
    };
    I32ShlImmXor { dst, lhs, mid, other, first_imm } + I32ShlImmXorAcc => {
        chain!(r, u32, r.fp.read::<u32>(lhs).wrapping_shl(first_imm as u32) => mid, |a, b| a ^ b, r.fp.read(other) => dst)
    };
    I32ShlImmAdd { dst, lhs, mid, other, first_imm } + I32ShlImmAddAcc => {
        chain!(r, u32, r.fp.read::<u32>(lhs).wrapping_shl(first_imm as u32) => mid, u32::wrapping_add, r.fp.read(other) => dst)
    };
    I32LtUImmAdd { dst, lhs, mid, other, first_imm } + I32LtUImmAddAcc => {
        chain!(r, u32, u32::from(r.fp.read::<u32>(lhs) < first_imm as u32) => mid, u32::wrapping_add, r.fp.read(other) => dst)
    };
    I32LtUImmOr { dst, lhs, mid, other, first_imm } + I32LtUImmOrAcc => {
        chain!(r, u32, u32::from(r.fp.read::<u32>(lhs) < first_imm as u32) => mid, |a, b| a | b, r.fp.read(other) => dst)
    };
    I32MulImmAddImm { dst, lhs, mid, first_imm, imm } + I32MulImmAddImmAcc => {
        chain!(r, u32, r.fp.read::<u32>(lhs).wrapping_mul(first_imm as u32) => mid, u32::wrapping_add, imm as u32 => dst)
    };
    I64AddXor { dst, lhs, rhs, mid, other } + I64AddXorAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs).wrapping_add(r.fp.read(rhs)) => mid, |a, b| a ^ b, r.fp.read(other) => dst)
    };
    I64XorXor { dst, lhs, rhs, mid, other } + I64XorXorAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs) ^ r.fp.read::<u64>(rhs) => mid, |a, b| a ^ b, r.fp.read(other) => dst)
    };
    I64MulAdd { dst, lhs, rhs, mid, other } + I64MulAddAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs).wrapping_mul(r.fp.read(rhs)) => mid, u64::wrapping_add, r.fp.read(other) => dst)
    };
    I64AndXor { dst, lhs, rhs, mid, other } + I64AndXorAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs) & r.fp.read::<u64>(rhs) => mid, |a, b| a ^ b, r.fp.read(other) => dst)
    };
    I64XorRotlImm { dst, lhs, rhs, mid, imm } + I64XorRotlImmAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs) ^ r.fp.read::<u64>(rhs) => mid, |a: u64, b| a.rotate_left(b as u32), imm as u64 => dst)
    };
    I64AddShrUImm { dst, lhs, rhs, mid, imm } + I64AddShrUImmAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs).wrapping_add(r.fp.read(rhs)) => mid, |a: u64, b| a.wrapping_shr(b as u32), imm as u64 => dst)
    };
    I64ShrUImmAdd { dst, lhs, mid, other, first_imm } + I64ShrUImmAddAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs).wrapping_shr(first_imm as u32) => mid, u64::wrapping_add, r.fp.read(other) => dst)
    };
    I64RotlImmAdd { dst, lhs, mid, other, first_imm } + I64RotlImmAddAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs).rotate_left(first_imm as u32) => mid, u64::wrapping_add, r.fp.read(other) => dst)
    };
    I64RotlImmXor { dst, lhs, mid, other, first_imm } + I64RotlImmXorAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs).rotate_left(first_imm as u32) => mid, |a, b| a ^ b, r.fp.read(other) => dst)
    };
    I64XorImmAnd { dst, lhs, mid, other, first_imm } + I64XorImmAndAcc => {
        chain!(r, u64, r.fp.read::<u64>(lhs) ^ first_imm as i64 as u64 => mid, |a, b| a & b, r.fp.read(other) => dst)
    };
    // --- wide-arithmetic proposal: both halves written at once (see `ops`) ---
    I64Add128 { dst, lhs_lo, lhs_hi, rhs_lo, rhs_hi } => {
        let a = numeric::wide(r.fp.read(lhs_lo), r.fp.read(lhs_hi));
        let b = numeric::wide(r.fp.read(rhs_lo), r.fp.read(rhs_hi));
        r.fp.write_v128(dst, a.wrapping_add(b))
    };
    I64Sub128 { dst, lhs_lo, lhs_hi, rhs_lo, rhs_hi } => {
        let a = numeric::wide(r.fp.read(lhs_lo), r.fp.read(lhs_hi));
        let b = numeric::wide(r.fp.read(rhs_lo), r.fp.read(rhs_hi));
        r.fp.write_v128(dst, a.wrapping_sub(b))
    };
    I64MulWideS { dst, lhs, rhs } => {
        let (a, b): (i64, i64) = (r.fp.read(lhs), r.fp.read(rhs));
        r.fp.write_v128(dst, (i128::from(a) * i128::from(b)) as u128)
    };
    I64MulWideU { dst, lhs, rhs } => {
        let (a, b): (u64, u64) = (r.fp.read(lhs), r.fp.read(rhs));
        r.fp.write_v128(dst, u128::from(a) * u128::from(b))
    };
    F32Eq { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a == b);
    F32Ne { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a != b);
    F32Lt { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a < b);
    F32Gt { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a > b);
    F32Le { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a <= b);
    F32Ge { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a >= b);
    F32Abs { dst, src } => unop!(r, dst, src, u32, |a| a & 0x7fff_ffff);
    F32Neg { dst, src } => unop!(r, dst, src, u32, |a| a ^ 0x8000_0000);
    F32Ceil { dst, src } => unop!(r, dst, src, f32, numeric::f32_ceil);
    F32Floor { dst, src } => unop!(r, dst, src, f32, numeric::f32_floor);
    F32Trunc { dst, src } => unop!(r, dst, src, f32, numeric::f32_trunc);
    F32Nearest { dst, src } => unop!(r, dst, src, f32, numeric::f32_nearest);
    F32Sqrt { dst, src } => unop!(r, dst, src, f32, numeric::f32_sqrt);
    F32Add { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a + b);
    F32Sub { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a - b);
    F32Mul { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a * b);
    F32Div { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, |a, b| a / b);
    F32Min { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, numeric::f32_min);
    F32Max { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f32, numeric::f32_max);
    F32Copysign { dst, lhs, rhs } => {
        binop!(r, dst, lhs, rhs, u32, |a, b| (a & 0x7fff_ffff) | (b & 0x8000_0000))
    };
    F64Eq { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a == b);
    F64Ne { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a != b);
    F64Lt { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a < b);
    F64Gt { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a > b);
    F64Le { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a <= b);
    F64Ge { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a >= b);
    F64Abs { dst, src } => unop!(r, dst, src, u64, |a| a & 0x7fff_ffff_ffff_ffff);
    F64Neg { dst, src } => unop!(r, dst, src, u64, |a| a ^ 0x8000_0000_0000_0000);
    F64Ceil { dst, src } => unop!(r, dst, src, f64, numeric::f64_ceil);
    F64Floor { dst, src } => unop!(r, dst, src, f64, numeric::f64_floor);
    F64Trunc { dst, src } => unop!(r, dst, src, f64, numeric::f64_trunc);
    F64Nearest { dst, src } => unop!(r, dst, src, f64, numeric::f64_nearest);
    F64Sqrt { dst, src } => unop!(r, dst, src, f64, numeric::f64_sqrt);
    F64Add { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a + b);
    F64Sub { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a - b);
    F64Mul { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a * b);
    F64Div { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, |a, b| a / b);
    F64Min { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, numeric::f64_min);
    F64Max { dst, lhs, rhs } => binop!(r, dst, lhs, rhs, f64, numeric::f64_max);
    F64Copysign { dst, lhs, rhs } => {
        binop!(r, dst, lhs, rhs, u64, |a, b| (a & 0x7fff_ffff_ffff_ffff) | (b & 0x8000_0000_0000_0000))
    };
    I32WrapI64 { dst, src } + I32WrapI64Acc => unop!(r, dst, src, u64, |a| a as u32);
    I32TruncF32S { dst, src } => {
        unop_trap!(r, dst, src, f32, |a: f32| numeric::trunc_i32(f64::from(a)))
    };
    I32TruncF32U { dst, src } => {
        unop_trap!(r, dst, src, f32, |a: f32| numeric::trunc_u32(f64::from(a)))
    };
    I32TruncF64S { dst, src } => unop_trap!(r, dst, src, f64, numeric::trunc_i32);
    I32TruncF64U { dst, src } => unop_trap!(r, dst, src, f64, numeric::trunc_u32);
    I64ExtendI32S { dst, src } + I64ExtendI32SAcc => unop!(r, dst, src, i32, i64::from);
    I64ExtendI32U { dst, src } + I64ExtendI32UAcc => unop!(r, dst, src, u32, u64::from);
    I64TruncF32S { dst, src } => {
        unop_trap!(r, dst, src, f32, |a: f32| numeric::trunc_i64(f64::from(a)))
    };
    I64TruncF32U { dst, src } => {
        unop_trap!(r, dst, src, f32, |a: f32| numeric::trunc_u64(f64::from(a)))
    };
    I64TruncF64S { dst, src } => unop_trap!(r, dst, src, f64, numeric::trunc_i64);
    I64TruncF64U { dst, src } => unop_trap!(r, dst, src, f64, numeric::trunc_u64);
    F32ConvertI32S { dst, src } => unop!(r, dst, src, i32, |a| a as f32);
    F32ConvertI32U { dst, src } => unop!(r, dst, src, u32, |a| a as f32);
    F32ConvertI64S { dst, src } => unop!(r, dst, src, i64, |a| a as f32);
    F32ConvertI64U { dst, src } => unop!(r, dst, src, u64, |a| a as f32);
    F32DemoteF64 { dst, src } => unop!(r, dst, src, f64, |a| a as f32);
    F64ConvertI32S { dst, src } => unop!(r, dst, src, i32, f64::from);
    F64ConvertI32U { dst, src } => unop!(r, dst, src, u32, f64::from);
    F64ConvertI64S { dst, src } => unop!(r, dst, src, i64, |a| a as f64);
    F64ConvertI64U { dst, src } => unop!(r, dst, src, u64, |a| a as f64);
    F64PromoteF32 { dst, src } => unop!(r, dst, src, f32, f64::from);
    I32TruncSatF32S { dst, src } => unop!(r, dst, src, f32, |a| a as i32);
    I32TruncSatF32U { dst, src } => unop!(r, dst, src, f32, |a| a as u32);
    I32TruncSatF64S { dst, src } => unop!(r, dst, src, f64, |a| a as i32);
    I32TruncSatF64U { dst, src } => unop!(r, dst, src, f64, |a| a as u32);
    I64TruncSatF32S { dst, src } => unop!(r, dst, src, f32, |a| a as i64);
    I64TruncSatF32U { dst, src } => unop!(r, dst, src, f32, |a| a as u64);
    I64TruncSatF64S { dst, src } => unop!(r, dst, src, f64, |a| a as i64);
    I64TruncSatF64U { dst, src } => unop!(r, dst, src, f64, |a| a as u64);
    V128Const { dst, index } => {
        let v = ex.v128_const(index);
        r.fp.write_v128(dst, v);
    };
    V128ConstSplat64 { dst, half } => r.fp.write_v128(dst, (u128::from(half) << 64) | u128::from(half));
    I8x16Shuffle { dst, lhs, rhs, mask } => {
        let v = simd::i8x16_shuffle(r.fp.read_v128(lhs), r.fp.read_v128(rhs), ex.v128_const(mask));
        r.fp.write_v128(dst, v);
    };
    I8x16Splat { dst, src } => {
        let v = simd::splat::<u8, 16>(r.fp.read::<u32>(src) as u8);
        r.fp.write_v128(dst, v);
    };
    I16x8Splat { dst, src } => {
        let v = simd::splat::<u16, 8>(r.fp.read::<u32>(src) as u16);
        r.fp.write_v128(dst, v);
    };
    I32x4Splat { dst, src } => {
        let v = simd::splat::<u32, 4>(r.fp.read::<u32>(src));
        r.fp.write_v128(dst, v);
    };
    I64x2Splat { dst, src } => {
        let v = simd::splat::<u64, 2>(r.fp.read::<u64>(src));
        r.fp.write_v128(dst, v);
    };
    I8x16ExtractLaneS { dst, src, lane } => {
        let v = simd::extract::<i8, 16>(r.fp.read_v128(src), lane);
        r.fp.write(dst, i32::from(v));
    };
    I8x16ExtractLaneU { dst, src, lane } => {
        let v = simd::extract::<u8, 16>(r.fp.read_v128(src), lane);
        r.fp.write(dst, u32::from(v));
    };
    I16x8ExtractLaneS { dst, src, lane } => {
        let v = simd::extract::<i16, 8>(r.fp.read_v128(src), lane);
        r.fp.write(dst, i32::from(v));
    };
    I16x8ExtractLaneU { dst, src, lane } => {
        let v = simd::extract::<u16, 8>(r.fp.read_v128(src), lane);
        r.fp.write(dst, u32::from(v));
    };
    I32x4ExtractLane { dst, src, lane } => {
        let v = simd::extract::<u32, 4>(r.fp.read_v128(src), lane);
        r.fp.write(dst, v);
    };
    I64x2ExtractLane { dst, src, lane } => {
        let v = simd::extract::<u64, 2>(r.fp.read_v128(src), lane);
        r.fp.write(dst, v);
    };
    I8x16ReplaceLane { dst, src, value, lane } => {
        let v = simd::replace::<u8, 16>(r.fp.read_v128(src), lane, r.fp.read::<u32>(value) as u8);
        r.fp.write_v128(dst, v);
    };
    I16x8ReplaceLane { dst, src, value, lane } => {
        let v = simd::replace::<u16, 8>(r.fp.read_v128(src), lane, r.fp.read::<u32>(value) as u16);
        r.fp.write_v128(dst, v);
    };
    I32x4ReplaceLane { dst, src, value, lane } => {
        let v = simd::replace::<u32, 4>(r.fp.read_v128(src), lane, r.fp.read::<u32>(value));
        r.fp.write_v128(dst, v);
    };
    I64x2ReplaceLane { dst, src, value, lane } => {
        let v = simd::replace::<u64, 2>(r.fp.read_v128(src), lane, r.fp.read::<u64>(value));
        r.fp.write_v128(dst, v);
    };
    V128Load { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load);
    V128Load8x8S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load8x8S);
    V128Load8x8U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load8x8U);
    V128Load16x4S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load16x4S);
    V128Load16x4U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load16x4U);
    V128Load32x2S { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load32x2S);
    V128Load32x2U { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load32x2U);
    V128Load8Splat { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load8Splat);
    V128Load16Splat { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load16Splat);
    V128Load32Splat { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load32Splat);
    V128Load64Splat { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load64Splat);
    V128Load32Zero { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load32Zero);
    V128Load64Zero { dst, ptr, offset } => fast_load!(r, dst, ptr, offset, V128Load64Zero);
    V128Store { ptr, src, offset } => fast_store!(r, ptr, src, offset, V128Store);
    V128Load8Lane { dst, ptr, vec, offset, lane } => {
        fast_load!(r, dst, ptr, offset, V128Load8Lane, r.fp.read_v128(vec), lane)
    };
    V128Load16Lane { dst, ptr, vec, offset, lane } => {
        fast_load!(r, dst, ptr, offset, V128Load16Lane, r.fp.read_v128(vec), lane)
    };
    V128Load32Lane { dst, ptr, vec, offset, lane } => {
        fast_load!(r, dst, ptr, offset, V128Load32Lane, r.fp.read_v128(vec), lane)
    };
    V128Load64Lane { dst, ptr, vec, offset, lane } => {
        fast_load!(r, dst, ptr, offset, V128Load64Lane, r.fp.read_v128(vec), lane)
    };
    V128Store8Lane { ptr, src, offset, lane } => {
        fast_store!(r, ptr, src, offset, V128Store8Lane, lane)
    };
    V128Store16Lane { ptr, src, offset, lane } => {
        fast_store!(r, ptr, src, offset, V128Store16Lane, lane)
    };
    V128Store32Lane { ptr, src, offset, lane } => {
        fast_store!(r, ptr, src, offset, V128Store32Lane, lane)
    };
    V128Store64Lane { ptr, src, offset, lane } => {
        fast_store!(r, ptr, src, offset, V128Store64Lane, lane)
    };
    CanonF32 { slot } => {
        let v = simd::canon_f32(r.fp.read::<u32>(slot));
        r.fp.write(slot, v);
    };
    CanonF64 { slot } => {
        let v = simd::canon_f64(r.fp.read::<u64>(slot));
        r.fp.write(slot, v);
    };
    CanonF32x4 { slot } => v128_unop!(r, slot, slot, simd::canon_f32x4);
    CanonF64x2 { slot } => v128_unop!(r, slot, slot, simd::canon_f64x2);
    I8x16Swizzle { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_swizzle);
    I8x16Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_eq);
    I8x16Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_ne);
    I8x16LtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_lt_s);
    I8x16LtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_lt_u);
    I8x16GtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_gt_s);
    I8x16GtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_gt_u);
    I8x16LeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_le_s);
    I8x16LeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_le_u);
    I8x16GeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_ge_s);
    I8x16GeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_ge_u);
    I16x8Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_eq);
    I16x8Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_ne);
    I16x8LtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_lt_s);
    I16x8LtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_lt_u);
    I16x8GtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_gt_s);
    I16x8GtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_gt_u);
    I16x8LeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_le_s);
    I16x8LeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_le_u);
    I16x8GeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_ge_s);
    I16x8GeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_ge_u);
    I32x4Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_eq);
    I32x4Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_ne);
    I32x4LtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_lt_s);
    I32x4LtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_lt_u);
    I32x4GtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_gt_s);
    I32x4GtU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_gt_u);
    I32x4LeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_le_s);
    I32x4LeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_le_u);
    I32x4GeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_ge_s);
    I32x4GeU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_ge_u);
    I64x2Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_eq);
    I64x2Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_ne);
    I64x2LtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_lt_s);
    I64x2GtS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_gt_s);
    I64x2LeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_le_s);
    I64x2GeS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_ge_s);
    F32x4Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_eq);
    F32x4Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_ne);
    F32x4Lt { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_lt);
    F32x4Gt { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_gt);
    F32x4Le { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_le);
    F32x4Ge { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_ge);
    F64x2Eq { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_eq);
    F64x2Ne { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_ne);
    F64x2Lt { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_lt);
    F64x2Gt { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_gt);
    F64x2Le { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_le);
    F64x2Ge { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_ge);
    V128And { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::v128_and);
    V128AndNot { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::v128_andnot);
    V128Or { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::v128_or);
    V128Xor { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::v128_xor);
    I8x16NarrowI16x8S { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_narrow_i16x8_s);
    I8x16NarrowI16x8U { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_narrow_i16x8_u);
    I8x16Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_add);
    I8x16AddSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_add_sat_s);
    I8x16AddSatU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_add_sat_u);
    I8x16Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_sub);
    I8x16SubSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_sub_sat_s);
    I8x16SubSatU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_sub_sat_u);
    I8x16MinS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_min_s);
    I8x16MinU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_min_u);
    I8x16MaxS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_max_s);
    I8x16MaxU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_max_u);
    I8x16AvgrU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i8x16_avgr_u);
    I16x8Q15MulrSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_q15mulr_sat_s);
    I16x8NarrowI32x4S { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_narrow_i32x4_s);
    I16x8NarrowI32x4U { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_narrow_i32x4_u);
    I16x8Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_add);
    I16x8AddSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_add_sat_s);
    I16x8AddSatU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_add_sat_u);
    I16x8Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_sub);
    I16x8SubSatS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_sub_sat_s);
    I16x8SubSatU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_sub_sat_u);
    I16x8Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_mul);
    I16x8MinS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_min_s);
    I16x8MinU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_min_u);
    I16x8MaxS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_max_s);
    I16x8MaxU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_max_u);
    I16x8AvgrU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i16x8_avgr_u);
    I16x8ExtMulLowI8x16S { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i16x8_extmul_low_i8x16_s)
    };
    I16x8ExtMulHighI8x16S { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i16x8_extmul_high_i8x16_s)
    };
    I16x8ExtMulLowI8x16U { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i16x8_extmul_low_i8x16_u)
    };
    I16x8ExtMulHighI8x16U { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i16x8_extmul_high_i8x16_u)
    };
    I32x4Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_add);
    I32x4Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_sub);
    I32x4Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_mul);
    I32x4MinS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_min_s);
    I32x4MinU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_min_u);
    I32x4MaxS { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_max_s);
    I32x4MaxU { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_max_u);
    I32x4DotI16x8S { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i32x4_dot_i16x8_s);
    I32x4ExtMulLowI16x8S { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i32x4_extmul_low_i16x8_s)
    };
    I32x4ExtMulHighI16x8S { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i32x4_extmul_high_i16x8_s)
    };
    I32x4ExtMulLowI16x8U { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i32x4_extmul_low_i16x8_u)
    };
    I32x4ExtMulHighI16x8U { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i32x4_extmul_high_i16x8_u)
    };
    I64x2Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_add);
    I64x2Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_sub);
    I64x2Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::i64x2_mul);
    I64x2ExtMulLowI32x4S { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i64x2_extmul_low_i32x4_s)
    };
    I64x2ExtMulHighI32x4S { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i64x2_extmul_high_i32x4_s)
    };
    I64x2ExtMulLowI32x4U { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i64x2_extmul_low_i32x4_u)
    };
    I64x2ExtMulHighI32x4U { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i64x2_extmul_high_i32x4_u)
    };
    F32x4Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_add);
    F32x4Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_sub);
    F32x4Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_mul);
    F32x4Div { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_div);
    F32x4Min { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_min);
    F32x4Max { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_max);
    F32x4PMin { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_pmin);
    F32x4PMax { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f32x4_pmax);
    F64x2Add { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_add);
    F64x2Sub { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_sub);
    F64x2Mul { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_mul);
    F64x2Div { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_div);
    F64x2Min { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_min);
    F64x2Max { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_max);
    F64x2PMin { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_pmin);
    F64x2PMax { dst, lhs, rhs } => v128_binop!(r, dst, lhs, rhs, simd::f64x2_pmax);
    I16x8RelaxedDotI8x16I7x16S { dst, lhs, rhs } => {
        v128_binop!(r, dst, lhs, rhs, simd::i16x8_relaxed_dot_i8x16_i7x16_s)
    };
    V128Not { dst, src } => v128_unop!(r, dst, src, simd::v128_not);
    I8x16Abs { dst, src } => v128_unop!(r, dst, src, simd::i8x16_abs);
    I8x16Neg { dst, src } => v128_unop!(r, dst, src, simd::i8x16_neg);
    I8x16Popcnt { dst, src } => v128_unop!(r, dst, src, simd::i8x16_popcnt);
    I16x8ExtAddPairwiseI8x16S { dst, src } => {
        v128_unop!(r, dst, src, simd::i16x8_extadd_pairwise_i8x16_s)
    };
    I16x8ExtAddPairwiseI8x16U { dst, src } => {
        v128_unop!(r, dst, src, simd::i16x8_extadd_pairwise_i8x16_u)
    };
    I16x8Abs { dst, src } => v128_unop!(r, dst, src, simd::i16x8_abs);
    I16x8Neg { dst, src } => v128_unop!(r, dst, src, simd::i16x8_neg);
    I16x8ExtendLowI8x16S { dst, src } => v128_unop!(r, dst, src, simd::i16x8_extend_low_i8x16_s);
    I16x8ExtendHighI8x16S { dst, src } => v128_unop!(r, dst, src, simd::i16x8_extend_high_i8x16_s);
    I16x8ExtendLowI8x16U { dst, src } => v128_unop!(r, dst, src, simd::i16x8_extend_low_i8x16_u);
    I16x8ExtendHighI8x16U { dst, src } => v128_unop!(r, dst, src, simd::i16x8_extend_high_i8x16_u);
    I32x4ExtAddPairwiseI16x8S { dst, src } => {
        v128_unop!(r, dst, src, simd::i32x4_extadd_pairwise_i16x8_s)
    };
    I32x4ExtAddPairwiseI16x8U { dst, src } => {
        v128_unop!(r, dst, src, simd::i32x4_extadd_pairwise_i16x8_u)
    };
    I32x4Abs { dst, src } => v128_unop!(r, dst, src, simd::i32x4_abs);
    I32x4Neg { dst, src } => v128_unop!(r, dst, src, simd::i32x4_neg);
    I32x4ExtendLowI16x8S { dst, src } => v128_unop!(r, dst, src, simd::i32x4_extend_low_i16x8_s);
    I32x4ExtendHighI16x8S { dst, src } => v128_unop!(r, dst, src, simd::i32x4_extend_high_i16x8_s);
    I32x4ExtendLowI16x8U { dst, src } => v128_unop!(r, dst, src, simd::i32x4_extend_low_i16x8_u);
    I32x4ExtendHighI16x8U { dst, src } => v128_unop!(r, dst, src, simd::i32x4_extend_high_i16x8_u);
    I64x2Abs { dst, src } => v128_unop!(r, dst, src, simd::i64x2_abs);
    I64x2Neg { dst, src } => v128_unop!(r, dst, src, simd::i64x2_neg);
    I64x2ExtendLowI32x4S { dst, src } => v128_unop!(r, dst, src, simd::i64x2_extend_low_i32x4_s);
    I64x2ExtendHighI32x4S { dst, src } => v128_unop!(r, dst, src, simd::i64x2_extend_high_i32x4_s);
    I64x2ExtendLowI32x4U { dst, src } => v128_unop!(r, dst, src, simd::i64x2_extend_low_i32x4_u);
    I64x2ExtendHighI32x4U { dst, src } => v128_unop!(r, dst, src, simd::i64x2_extend_high_i32x4_u);
    F32x4Ceil { dst, src } => v128_unop!(r, dst, src, simd::f32x4_ceil);
    F32x4Floor { dst, src } => v128_unop!(r, dst, src, simd::f32x4_floor);
    F32x4Trunc { dst, src } => v128_unop!(r, dst, src, simd::f32x4_trunc);
    F32x4Nearest { dst, src } => v128_unop!(r, dst, src, simd::f32x4_nearest);
    F32x4Abs { dst, src } => v128_unop!(r, dst, src, simd::f32x4_abs);
    F32x4Neg { dst, src } => v128_unop!(r, dst, src, simd::f32x4_neg);
    F32x4Sqrt { dst, src } => v128_unop!(r, dst, src, simd::f32x4_sqrt);
    F64x2Ceil { dst, src } => v128_unop!(r, dst, src, simd::f64x2_ceil);
    F64x2Floor { dst, src } => v128_unop!(r, dst, src, simd::f64x2_floor);
    F64x2Trunc { dst, src } => v128_unop!(r, dst, src, simd::f64x2_trunc);
    F64x2Nearest { dst, src } => v128_unop!(r, dst, src, simd::f64x2_nearest);
    F64x2Abs { dst, src } => v128_unop!(r, dst, src, simd::f64x2_abs);
    F64x2Neg { dst, src } => v128_unop!(r, dst, src, simd::f64x2_neg);
    F64x2Sqrt { dst, src } => v128_unop!(r, dst, src, simd::f64x2_sqrt);
    I32x4TruncSatF32x4S { dst, src } => v128_unop!(r, dst, src, simd::i32x4_trunc_sat_f32x4_s);
    I32x4TruncSatF32x4U { dst, src } => v128_unop!(r, dst, src, simd::i32x4_trunc_sat_f32x4_u);
    F32x4ConvertI32x4S { dst, src } => v128_unop!(r, dst, src, simd::f32x4_convert_i32x4_s);
    F32x4ConvertI32x4U { dst, src } => v128_unop!(r, dst, src, simd::f32x4_convert_i32x4_u);
    I32x4TruncSatF64x2SZero { dst, src } => {
        v128_unop!(r, dst, src, simd::i32x4_trunc_sat_f64x2_s_zero)
    };
    I32x4TruncSatF64x2UZero { dst, src } => {
        v128_unop!(r, dst, src, simd::i32x4_trunc_sat_f64x2_u_zero)
    };
    F64x2ConvertLowI32x4S { dst, src } => v128_unop!(r, dst, src, simd::f64x2_convert_low_i32x4_s);
    F64x2ConvertLowI32x4U { dst, src } => v128_unop!(r, dst, src, simd::f64x2_convert_low_i32x4_u);
    F32x4DemoteF64x2Zero { dst, src } => v128_unop!(r, dst, src, simd::f32x4_demote_f64x2_zero);
    F64x2PromoteLowF32x4 { dst, src } => v128_unop!(r, dst, src, simd::f64x2_promote_low_f32x4);
    V128AnyTrue { dst, src } => {
        let v = simd::v128_any_true(r.fp.read_v128(src));
        r.fp.write(dst, v);
    };
    I8x16AllTrue { dst, src } => {
        let v = simd::i8x16_all_true(r.fp.read_v128(src));
        r.fp.write(dst, v);
    };
    I8x16Bitmask { dst, src } => {
        let v = simd::i8x16_bitmask(r.fp.read_v128(src));
        r.fp.write(dst, v);
    };
    I16x8AllTrue { dst, src } => {
        let v = simd::i16x8_all_true(r.fp.read_v128(src));
        r.fp.write(dst, v);
    };
    I16x8Bitmask { dst, src } => {
        let v = simd::i16x8_bitmask(r.fp.read_v128(src));
        r.fp.write(dst, v);
    };
    I32x4AllTrue { dst, src } => {
        let v = simd::i32x4_all_true(r.fp.read_v128(src));
        r.fp.write(dst, v);
    };
    I32x4Bitmask { dst, src } => {
        let v = simd::i32x4_bitmask(r.fp.read_v128(src));
        r.fp.write(dst, v);
    };
    I64x2AllTrue { dst, src } => {
        let v = simd::i64x2_all_true(r.fp.read_v128(src));
        r.fp.write(dst, v);
    };
    I64x2Bitmask { dst, src } => {
        let v = simd::i64x2_bitmask(r.fp.read_v128(src));
        r.fp.write(dst, v);
    };
    I8x16Shl { dst, lhs, rhs } => {
        let v = simd::i8x16_shl(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I8x16ShrS { dst, lhs, rhs } => {
        let v = simd::i8x16_shr_s(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I8x16ShrU { dst, lhs, rhs } => {
        let v = simd::i8x16_shr_u(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I16x8Shl { dst, lhs, rhs } => {
        let v = simd::i16x8_shl(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I16x8ShrS { dst, lhs, rhs } => {
        let v = simd::i16x8_shr_s(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I16x8ShrU { dst, lhs, rhs } => {
        let v = simd::i16x8_shr_u(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I32x4Shl { dst, lhs, rhs } => {
        let v = simd::i32x4_shl(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I32x4ShrS { dst, lhs, rhs } => {
        let v = simd::i32x4_shr_s(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I32x4ShrU { dst, lhs, rhs } => {
        let v = simd::i32x4_shr_u(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I64x2Shl { dst, lhs, rhs } => {
        let v = simd::i64x2_shl(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I64x2ShrS { dst, lhs, rhs } => {
        let v = simd::i64x2_shr_s(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I64x2ShrU { dst, lhs, rhs } => {
        let v = simd::i64x2_shr_u(r.fp.read_v128(lhs), r.fp.read::<u32>(rhs));
        r.fp.write_v128(dst, v);
    };
    I8x16ShlImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i8x16_shl(r.fp.read_v128(lhs), amount));
    I8x16ShrSImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i8x16_shr_s(r.fp.read_v128(lhs), amount));
    I8x16ShrUImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i8x16_shr_u(r.fp.read_v128(lhs), amount));
    I16x8ShlImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i16x8_shl(r.fp.read_v128(lhs), amount));
    I16x8ShrSImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i16x8_shr_s(r.fp.read_v128(lhs), amount));
    I16x8ShrUImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i16x8_shr_u(r.fp.read_v128(lhs), amount));
    I32x4ShlImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i32x4_shl(r.fp.read_v128(lhs), amount));
    I32x4ShrSImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i32x4_shr_s(r.fp.read_v128(lhs), amount));
    I32x4ShrUImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i32x4_shr_u(r.fp.read_v128(lhs), amount));
    I64x2ShlImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i64x2_shl(r.fp.read_v128(lhs), amount));
    I64x2ShrSImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i64x2_shr_s(r.fp.read_v128(lhs), amount));
    I64x2ShrUImm { dst, lhs, amount } => r.fp.write_v128(dst, simd::i64x2_shr_u(r.fp.read_v128(lhs), amount));
    V128Bitselect { dst, a, b, c } => {
        let v = simd::v128_bitselect(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
        r.fp.write_v128(dst, v);
    };
    F32x4RelaxedMadd { dst, a, b, c } => {
        let v = simd::f32x4_relaxed_madd(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
        r.fp.write_v128(dst, v);
    };
    F32x4RelaxedNmadd { dst, a, b, c } => {
        let v = simd::f32x4_relaxed_nmadd(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
        r.fp.write_v128(dst, v);
    };
    F64x2RelaxedMadd { dst, a, b, c } => {
        let v = simd::f64x2_relaxed_madd(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
        r.fp.write_v128(dst, v);
    };
    F64x2RelaxedNmadd { dst, a, b, c } => {
        let v = simd::f64x2_relaxed_nmadd(r.fp.read_v128(a), r.fp.read_v128(b), r.fp.read_v128(c));
        r.fp.write_v128(dst, v);
    };
    I32x4RelaxedDotI8x16I7x16AddS { dst, a, b, c } => {
        let v = simd::i32x4_relaxed_dot_i8x16_i7x16_add_s(
            r.fp.read_v128(a),
            r.fp.read_v128(b),
            r.fp.read_v128(c),
        );
        r.fp.write_v128(dst, v);
    };
    TableSet { index, value, table } => {
        let t = ex.table_index(table) as usize;
        let i = r.fp.read_index(index, ex.store.tables[t].ty().is_64());
        let v: u64 = r.fp.read(value);
        if !ex.store.tables[t].set(i, v) {
            return Err(Trap::TableOutOfBounds);
        }
    };

    // ---- threads proposal ----
    AtomicLoad { dst, ptr, arg } => ex.atomic_load(r.fp, dst, ptr, arg)?;
    AtomicStore { ptr, src, arg } => ex.atomic_store(r.fp, ptr, src, arg)?;
    AtomicRmw { dst, ptr, src, arg } => ex.atomic_rmw(r.fp, dst, ptr, src, arg)?;
    AtomicCmpxchg { dst, ptr, expected, replacement, arg } => {
        ex.atomic_cmpxchg(r.fp, dst, ptr, (expected, replacement), arg)?;
    };
    AtomicNotify { dst, ptr, count, arg } => ex.atomic_notify(r.fp, dst, ptr, count, arg)?;
    AtomicWait { dst, ptr, expected, timeout, arg } => ex.atomic_wait(r.fp, dst, ptr, (expected, timeout), arg)?;
    AtomicFence {} => std::sync::atomic::fence(std::sync::atomic::Ordering::SeqCst);
    // ---- exception-handling proposal ----
    Throw { tag, base, count, cost } => @jump {
        let _ = (tag, base, count);
        ex.charge::<COUNTING>(cost);
        return throw_exception(ex, r.ip, r.fp, r.mem.base, r.mem.len, r.acc);
    };
    ThrowRef { exn, cost } => @jump {
        let _ = exn;
        ex.charge::<COUNTING>(cost);
        return throw_exception(ex, r.ip, r.fp, r.mem.base, r.mem.len, r.acc);
    };

    // ---- tail-call proposal (see `tail.rs`) ----
    ReturnCallInternal { func, base, params, cost } => @jump {
        ex.charge::<COUNTING>(cost);
        if let Some(ip) = ex.tail_call_within_instance(func, base, params, r.fp) {
            r.ip = ip;
        } else {
            ex.spill = r;
            if let Some(exit) = ex.tail_call_wasm(ex.inst, func, base, params)? {
                exit!(ex, exit);
            }
            r = ex.spill;
        }
        check!(ex, r);
        go!(ex, r)
    };
    ReturnCallImported { func, base, params, cost } => @jump {
        ex.charge::<COUNTING>(cost);
        let f = ex.instance().funcs[func as usize];
        call_store_func!(ex, r, tail_call_store_func(f, base, params))
    };
    ReturnCallIndirect { table, ty, index, base, params, cost } => @jump {
        ex.charge::<COUNTING>(cost);
        let f = ex.indirect_callee(r.fp, table, ty, index)?;
        call_store_func!(ex, r, tail_call_store_func(f, base, params))
    };

    // ---- function-references proposal ----
    CallRef { callee, base, cost } => @jump {
        ex.charge::<COUNTING>(cost);
        let f = referenced_func(r.fp.read(callee))?;
        call_store_func!(ex, r, call_store_func(f, base))
    };
    ReturnCallRef { callee, base, params, cost } => @jump {
        ex.charge::<COUNTING>(cost);
        let f = referenced_func(r.fp.read(callee))?;
        call_store_func!(ex, r, tail_call_store_func(f, base, params))
    };
    RefAsNonNull { src } => {
        if r.fp.read::<u64>(src) == 0 {
            return Err(Trap::NullReference);
        }
    };
}

/// The store function a function reference (in its slot form) refers to;
/// a null reference traps.
#[inline(always)]
fn referenced_func(raw: u64) -> Result<u32, Trap> {
    raw.checked_sub(1).map(|f| f as u32).ok_or(Trap::NullReference)
}

impl Executor<'_> {
    /// Runs from the registers in `spill` until the activation finishes,
    /// traps, or calls the host.
    pub(super) fn run(&mut self) -> Result<Exit, Trap> {
        #[cfg(kiln_stack_guard)]
        {
            self.entry_sp = super::stack_pointer();
        }
        loop {
            let r = self.spill;
            handler_at(r.ip)(self, r.ip, r.fp, r.mem.base, r.mem.len, r.acc)?;
            if let Some(exit) = self.exit.take() {
                return Ok(exit);
            }
            // Handlers return without an exit only in unoptimized builds,
            // after each instruction.
        }
    }
}
