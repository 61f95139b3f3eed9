//! The interpreter's instruction set, defined once.
//!
//! The `define_ops!` list below is the single source of truth: it generates
//! the [`Op`] enum run by the executor, the disassembler (`Display`) and the
//! operand visitors the translator and the code verifier use.
//!
//! The bytecode is register-style: operands are frame slots ([`Slot`]), each
//! a 64-bit cell relative to the current frame pointer. A frame is laid out
//! as `[params | locals | temporaries]`; a call places its arguments in
//! consecutive slots starting at `base` and the callee's frame begins there,
//! so arguments are passed without copying and results come back in the same
//! slots.
//!
//! Value representation invariants in slots:
//! - `i32` and `f32` values are stored zero-extended to 64 bits, so an `i32`
//!   address can be read as a `u64` without masking.
//! - `i64`/`f64` use all 64 bits; floats are stored as their bit patterns.
//! - References are `0` for null, otherwise `index + 1` into the store's
//!   function, extern-reference or exception arena.

use std::fmt;

/// A frame slot: index of a 64-bit cell relative to the frame pointer.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot(pub u16);

impl Slot {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s{}", self.0)
    }
}

/// A branch target relative to the branch instruction: in instructions while
/// translating, in bytes in built code (see `CompiledFunc`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct BranchOffset(pub i32);

/// How many bytes one executable instruction (`code::Instr`) takes.
pub(crate) const INSTR_BYTES: i32 = size_of::<super::code::Instr>() as i32;

impl BranchOffset {
    /// The same distance in bytes of executable code, as built code holds
    /// it (see `CompiledFunc`); `None` if it does not fit.
    pub(crate) fn in_bytes(self) -> Option<BranchOffset> {
        self.0.checked_mul(INSTR_BYTES).map(BranchOffset)
    }
}

impl fmt::Display for BranchOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:+}", self.0)
    }
}

/// The cost of a straight-line code segment, charged by the instruction that
/// ends it: how many counted wasm instructions it executes. Counted are the
/// instructions that cost fuel in Wasmtime's table: all but `nop`, `drop`,
/// `block`, `loop`, `unreachable`, `return`, `else` and `end`. One number
/// serves as both the instruction count and the fuel consumed. Code for an
/// engine that does not count instructions has every cost zero, and no
/// `charge` instructions.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Cost(pub u16);

impl Cost {
    /// Nothing to charge.
    pub const ZERO: Cost = Cost(0);

    pub(crate) fn is_zero(self) -> bool {
        self == Cost::ZERO
    }
}

impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the generated visitors need to know about an operand's type.
pub(crate) trait Operand {
    /// Whether operands of this type are slots (see `OpFacts`).
    const IS_SLOT: bool = false;
    /// Whether operands of this type are branch offsets (see `OpFacts`).
    const IS_BRANCH: bool = false;
    /// The slot, if the operand is one.
    fn as_slot(&self) -> Option<Slot> {
        None
    }
    /// The branch offset, if the operand is one.
    #[cfg(test)]
    fn branch_offset(&self) -> Option<BranchOffset> {
        None
    }
}

impl Operand for Slot {
    const IS_SLOT: bool = true;
    fn as_slot(&self) -> Option<Slot> {
        Some(*self)
    }
}

impl Operand for BranchOffset {
    const IS_BRANCH: bool = true;
    #[cfg(test)]
    fn branch_offset(&self) -> Option<BranchOffset> {
        Some(*self)
    }
}

impl Operand for Cost {}
impl Operand for u8 {}
impl Operand for u16 {}
impl Operand for i16 {}
impl Operand for u32 {}
impl Operand for i32 {}
impl Operand for u64 {}
impl Operand for i64 {}

/// An operand made from `n`, different for different `n` (for the tests
/// that check `OpFacts` against every instruction).
#[cfg(test)]
trait Sample {
    fn sample(n: u8) -> Self;
}

/// `Sample` for each operand type, by a conversion from `n`.
#[cfg(test)]
macro_rules! samples {
    ($($ty:ty => |$n:ident| $sample:expr),* $(,)?) => {
        $( impl Sample for $ty {
            fn sample($n: u8) -> Self {
                $sample
            }
        } )*
    };
}

#[cfg(test)]
samples! {
    Slot => |n| Slot(n.into()),
    BranchOffset => |n| BranchOffset(-i32::from(n)),
    Cost => |n| Cost(n.into()),
    u8 => |n| n,
    u16 => |n| n.into(),
    i16 => |n| n.into(),
    u32 => |n| n.into(),
    i32 => |n| n.into(),
    u64 => |n| n.into(),
    i64 => |n| n.into(),
}

/// Stage one of the instruction list: an entry `Name { fields } + NameAcc =
/// "mnemonic";` also defines `NameAcc`, its accumulator form: the same
/// operands, but the first one after `dst` (or the first, if there is no
/// `dst`) is read from the executor's accumulator instead of its slot (see
/// `translator::forward`).
macro_rules! define_ops {
    ($(
        $(#[$doc:meta])*
        $name:ident $fields:tt $(+ $twin:ident)? = $mnemonic:literal;
    )*) => {
        define_ops_flat! {
            $(
                $(#[$doc])*
                $name $fields = $mnemonic => [$($twin)?];
                $(
                    #[doc = concat!("`", $mnemonic, "` with its first operand taken from the accumulator.")]
                    $twin $fields = concat!($mnemonic, "+acc") => [];
                )?
            )*
        }
    };
}

/// Converts to the accumulator form named in brackets, if any.
macro_rules! twin {
    ([] $fields:tt) => {
        None
    };
    ([$twin:ident] { $($field:ident),* }) => {
        Some(Op::$twin { $($field),* })
    };
}

/// Whether an accumulator form is named in brackets.
macro_rules! has_twin {
    ([]) => {
        false
    };
    ([$twin:ident]) => {
        true
    };
}

/// Whether an operand named `name` is an instruction's result (`dst`).
pub(crate) const fn is_dst(name: &str) -> bool {
    matches!(name.as_bytes(), b"dst")
}

/// Stage two: every instruction, accumulator forms included.
macro_rules! define_ops_flat {
    ($(
        $(#[$doc:meta])*
        $name:ident { $($field:ident : $ty:ty),* $(,)? } = $mnemonic:expr => [$($twin:ident)?];
    )*) => {
        /// One interpreter instruction. See the module docs for the operand model.
        ///
        /// `repr(u16)` puts the opcode (the variant's position in this list)
        /// in the first two bytes, where the executor reads it to find the
        /// instruction's handler.
        #[derive(Copy, Clone, Debug, PartialEq)]
        #[repr(u16)]
        pub enum Op {
            $( $(#[$doc])* $name { $($field: $ty),* }, )*
        }

        /// The opcodes: `OpCode::X as u16` is the tag of `Op::X`, since both
        /// number the same list from 0.
        #[derive(Copy, Clone, Debug, PartialEq, Eq)]
        #[repr(u16)]
        pub(crate) enum OpCode {
            $( $name, )*
        }

        /// How many instructions there are.
        pub(crate) const OP_COUNT: usize = [$(OpCode::$name),*].len();

        /// Each opcode's [`OpFacts`], worked out from its field list with
        /// the layout `repr(u16)` gives every variant: a `repr(C)` struct of
        /// the tag and the fields, in order.
        static OP_FACTS: [OpFacts; OP_COUNT] = [$(
            {
                let wanted = (false $( || is_dst(stringify!($field)) )*) as usize;
                #[allow(unused_mut)]
                let mut facts = OpFacts::new(has_twin!([$($twin)?]));
                #[allow(unused_mut)]
                let mut at = size_of::<u16>();
                #[allow(unused_mut)]
                let mut slots = 0;
                $(
                    at = at.next_multiple_of(align_of::<$ty>());
                    facts = facts.with_operand(
                        at,
                        <$ty as Operand>::IS_SLOT,
                        <$ty as Operand>::IS_BRANCH,
                        is_dst(stringify!($field)),
                        slots == wanted,
                    );
                    slots += <$ty as Operand>::IS_SLOT as usize;
                    at += size_of::<$ty>();
                )*
                let _ = (wanted, slots, at);
                facts
            },
        )*];

        impl Op {
            /// The instruction's opcode.
            pub(crate) fn opcode(&self) -> OpCode {
                match self {
                    $( Op::$name { .. } => OpCode::$name, )*
                }
            }

            /// The instruction's name in disassembly.
            pub fn mnemonic(&self) -> &'static str {
                match self {
                    $( Op::$name { .. } => $mnemonic, )*
                }
            }

            /// `max_slot` by a `match` (the reference `OpFacts` is tested against).
            #[cfg(test)]
            fn max_slot_by_match(&self) -> Option<Slot> {
                match self {
                    $( Op::$name { $($field),* } => {
                        let highest: Option<Slot> = None;
                        $( let highest = highest.max(Operand::as_slot($field)); )*
                        highest
                    } )*
                }
            }

            /// `dst` by a `match` (the reference `OpFacts` is tested against).
            #[cfg(test)]
            fn dst_by_match(&self) -> Option<Slot> {
                match self {
                    $( Op::$name { $($field),* } => {
                        $( if stringify!($field) == "dst" { return Operand::as_slot($field); } )*
                        None
                    } )*
                }
            }

            /// `forwarded_operand` by a `match` (the reference `OpFacts` is
            /// tested against): the first slot after `dst`, or the first slot
            /// if there is no `dst`.
            #[cfg(test)]
            #[allow(unused_mut, unused_variables, unused_assignments)]
            fn forwarded_operand_by_match(&self) -> Option<Slot> {
                match self {
                    $( Op::$name { $($field),* } => {
                        let wanted = usize::from(false $( || stringify!($field) == "dst" )*);
                        let mut seen = 0;
                        $(
                            if let Some(slot) = Operand::as_slot($field) {
                                if seen == wanted {
                                    return Some(slot);
                                }
                                seen += 1;
                            }
                        )*
                        None
                    } )*
                }
            }

            /// `accumulator_form` for any instruction.
            #[allow(unused_variables)]
            fn accumulator_form_by_match(self) -> Option<Op> {
                match self {
                    $( Op::$name { $($field),* } => twin!([$($twin)?] { $($field),* }), )*
                }
            }

            /// `branch_offset` by a `match` (the reference `OpFacts` is tested
            /// against).
            #[cfg(test)]
            fn branch_offset_by_match(&self) -> Option<BranchOffset> {
                match self {
                    $( Op::$name { $($field),* } => {
                        $( if let Some(b) = Operand::branch_offset($field) { return Some(b); } )*
                        None
                    } )*
                }
            }

            /// One instruction of every opcode, each operand made from its
            /// position in the list (see `Sample`).
            #[cfg(test)]
            fn every_opcode() -> Vec<Op> {
                vec![$({
                    #[allow(unused_mut)]
                    let mut n = 0u8;
                    $( n += 1; let $field = <$ty as Sample>::sample(n); )*
                    let _ = n;
                    Op::$name { $($field),* }
                }),*]
            }
        }

        impl fmt::Display for Op {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.mnemonic())?;
                match self {
                    $( Op::$name { $($field),* } => {
                        $( write!(f, " {}={}", stringify!($field), $field)?; )*
                    } )*
                }
                Ok(())
            }
        }
    };
}

define_ops! {
    // ---- control ----
    // Instructions that end a straight-line segment charge its `cost`. A
    // branch with an offset of 0 or less goes back to a loop header and,
    // like calls, is a check point where fuel, interruption and epochs are
    // looked at.
    /// Trap: `unreachable`.
    Unreachable {} = "unreachable";
    /// Charges `cost` where code falls through into a branch target.
    Charge { cost: Cost } = "charge";
    // An instruction and the `charge` after it, when nothing lands between
    // them: the usual end of a block arm that falls into the block's end.
    /// `copy`, then charges `cost`.
    CopyCharge { dst: Slot, src: Slot, cost: Cost } + CopyChargeAcc = "copy_charge";
    /// `const32`, then charges `cost`.
    Const32Charge { dst: Slot, value: u32, cost: Cost } = "const32_charge";
    /// `i32.add_imm`, then charges `cost`.
    I32AddImmCharge { dst: Slot, lhs: Slot, imm: i32, cost: Cost } + I32AddImmChargeAcc = "i32.add_imm_charge";
    // Two instructions that are often next to each other, as one (see
    // `translator::pairs`). A branch with a `dst` leaves it in the
    // accumulator whether it jumps or not.
    /// `first_dst = first_lhs + first_imm`, then `dst = lhs + imm` (i32):
    /// two counters or pointers stepped together.
    I32AddImm2 { dst: Slot, lhs: Slot, imm: i16, first_dst: Slot, first_lhs: Slot, first_imm: i16 } = "i32.add_imm2";
    /// `dst = lhs + imm` (i32), then jump if the result is non-zero: a
    /// count-down loop's step and test.
    I32AddImmBrNez { dst: Slot, lhs: Slot, imm: i16, offset: BranchOffset, cost: Cost } + I32AddImmBrNezAcc = "i32.add_imm_br_nez";
    /// `dst = lhs + imm` (i32), then jump if the result is zero.
    I32AddImmBrEqz { dst: Slot, lhs: Slot, imm: i16, offset: BranchOffset, cost: Cost } + I32AddImmBrEqzAcc = "i32.add_imm_br_eqz";
    /// Unconditional jump.
    Br { offset: BranchOffset, cost: Cost } = "br";
    /// `const32` then `br`: the shape of a `switch` case that yields a
    /// constant.
    BrConst32 { dst: Slot, value: u32, offset: BranchOffset, cost: Cost } = "br_const32";
    /// Jump if the `i32` in `cond` is non-zero.
    BrIfNez { cond: Slot, offset: BranchOffset, cost: Cost } + BrIfNezAcc = "br_if_nez";
    /// Jump if the `i32` in `cond` is zero.
    BrIfEqz { cond: Slot, offset: BranchOffset, cost: Cost } + BrIfEqzAcc = "br_if_eqz";
    // A comparison fused with the `br_if` (or `if`) that consumes it.
    /// Jump if `lhs == rhs` (i32).
    BrI32Eq { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32EqAcc = "br_i32.eq";
    /// Jump if `lhs == imm` (i32).
    BrI32EqImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32EqImmAcc = "br_i32.eq_imm";
    /// Jump if `lhs != rhs` (i32).
    BrI32Ne { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32NeAcc = "br_i32.ne";
    /// Jump if `lhs != imm` (i32).
    BrI32NeImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32NeImmAcc = "br_i32.ne_imm";
    /// Jump if `lhs < rhs` (i32, signed).
    BrI32LtS { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32LtSAcc = "br_i32.lt_s";
    /// Jump if `lhs < imm` (i32, signed).
    BrI32LtSImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32LtSImmAcc = "br_i32.lt_s_imm";
    /// Jump if `lhs < rhs` (i32, unsigned).
    BrI32LtU { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32LtUAcc = "br_i32.lt_u";
    /// Jump if `lhs < imm` (i32, unsigned).
    BrI32LtUImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32LtUImmAcc = "br_i32.lt_u_imm";
    /// Jump if `lhs > rhs` (i32, signed).
    BrI32GtS { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32GtSAcc = "br_i32.gt_s";
    /// Jump if `lhs > imm` (i32, signed).
    BrI32GtSImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32GtSImmAcc = "br_i32.gt_s_imm";
    /// Jump if `lhs > rhs` (i32, unsigned).
    BrI32GtU { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32GtUAcc = "br_i32.gt_u";
    /// Jump if `lhs > imm` (i32, unsigned).
    BrI32GtUImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32GtUImmAcc = "br_i32.gt_u_imm";
    /// Jump if `lhs <= rhs` (i32, signed).
    BrI32LeS { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32LeSAcc = "br_i32.le_s";
    /// Jump if `lhs <= imm` (i32, signed).
    BrI32LeSImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32LeSImmAcc = "br_i32.le_s_imm";
    /// Jump if `lhs <= rhs` (i32, unsigned).
    BrI32LeU { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32LeUAcc = "br_i32.le_u";
    /// Jump if `lhs <= imm` (i32, unsigned).
    BrI32LeUImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32LeUImmAcc = "br_i32.le_u_imm";
    /// Jump if `lhs >= rhs` (i32, signed).
    BrI32GeS { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32GeSAcc = "br_i32.ge_s";
    /// Jump if `lhs >= imm` (i32, signed).
    BrI32GeSImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32GeSImmAcc = "br_i32.ge_s_imm";
    /// Jump if `lhs >= rhs` (i32, unsigned).
    BrI32GeU { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI32GeUAcc = "br_i32.ge_u";
    /// Jump if `lhs >= imm` (i32, unsigned).
    BrI32GeUImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI32GeUImmAcc = "br_i32.ge_u_imm";
    /// Jump if `lhs == rhs` (i64).
    BrI64Eq { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64EqAcc = "br_i64.eq";
    /// Jump if `lhs == imm` (i64, `imm` sign-extended).
    BrI64EqImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64EqImmAcc = "br_i64.eq_imm";
    /// Jump if `lhs != rhs` (i64).
    BrI64Ne { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64NeAcc = "br_i64.ne";
    /// Jump if `lhs != imm` (i64, `imm` sign-extended).
    BrI64NeImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64NeImmAcc = "br_i64.ne_imm";
    /// Jump if `lhs < rhs` (i64, signed).
    BrI64LtS { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64LtSAcc = "br_i64.lt_s";
    /// Jump if `lhs < imm` (i64, signed, `imm` sign-extended).
    BrI64LtSImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64LtSImmAcc = "br_i64.lt_s_imm";
    /// Jump if `lhs < rhs` (i64, unsigned).
    BrI64LtU { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64LtUAcc = "br_i64.lt_u";
    /// Jump if `lhs < imm` (i64, unsigned, `imm` sign-extended).
    BrI64LtUImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64LtUImmAcc = "br_i64.lt_u_imm";
    /// Jump if `lhs > rhs` (i64, signed).
    BrI64GtS { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64GtSAcc = "br_i64.gt_s";
    /// Jump if `lhs > imm` (i64, signed, `imm` sign-extended).
    BrI64GtSImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64GtSImmAcc = "br_i64.gt_s_imm";
    /// Jump if `lhs > rhs` (i64, unsigned).
    BrI64GtU { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64GtUAcc = "br_i64.gt_u";
    /// Jump if `lhs > imm` (i64, unsigned, `imm` sign-extended).
    BrI64GtUImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64GtUImmAcc = "br_i64.gt_u_imm";
    /// Jump if `lhs <= rhs` (i64, signed).
    BrI64LeS { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64LeSAcc = "br_i64.le_s";
    /// Jump if `lhs <= imm` (i64, signed, `imm` sign-extended).
    BrI64LeSImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64LeSImmAcc = "br_i64.le_s_imm";
    /// Jump if `lhs <= rhs` (i64, unsigned).
    BrI64LeU { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64LeUAcc = "br_i64.le_u";
    /// Jump if `lhs <= imm` (i64, unsigned, `imm` sign-extended).
    BrI64LeUImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64LeUImmAcc = "br_i64.le_u_imm";
    /// Jump if `lhs >= rhs` (i64, signed).
    BrI64GeS { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64GeSAcc = "br_i64.ge_s";
    /// Jump if `lhs >= imm` (i64, signed, `imm` sign-extended).
    BrI64GeSImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64GeSImmAcc = "br_i64.ge_s_imm";
    /// Jump if `lhs >= rhs` (i64, unsigned).
    BrI64GeU { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrI64GeUAcc = "br_i64.ge_u";
    /// Jump if `lhs >= imm` (i64, unsigned, `imm` sign-extended).
    BrI64GeUImm { lhs: Slot, imm: i32, offset: BranchOffset, cost: Cost } + BrI64GeUImmAcc = "br_i64.ge_u_imm";
    /// Jump if `lhs == rhs` (f32).
    BrF32Eq { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32EqAcc = "br_f32.eq";
    /// Jump if `lhs != rhs` (f32) (true when either is NaN).
    BrF32Ne { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32NeAcc = "br_f32.ne";
    /// Jump if `lhs < rhs` (f32).
    BrF32Lt { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32LtAcc = "br_f32.lt";
    /// Jump if `lhs > rhs` (f32).
    BrF32Gt { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32GtAcc = "br_f32.gt";
    /// Jump if `lhs <= rhs` (f32).
    BrF32Le { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32LeAcc = "br_f32.le";
    /// Jump if `lhs >= rhs` (f32).
    BrF32Ge { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32GeAcc = "br_f32.ge";
    /// Jump if `!(lhs < rhs)` (f32) (true when either is NaN).
    BrF32NotLt { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32NotLtAcc = "br_f32.not_lt";
    /// Jump if `!(lhs > rhs)` (f32) (true when either is NaN).
    BrF32NotGt { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32NotGtAcc = "br_f32.not_gt";
    /// Jump if `!(lhs <= rhs)` (f32) (true when either is NaN).
    BrF32NotLe { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32NotLeAcc = "br_f32.not_le";
    /// Jump if `!(lhs >= rhs)` (f32) (true when either is NaN).
    BrF32NotGe { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF32NotGeAcc = "br_f32.not_ge";
    /// Jump if `lhs == rhs` (f64).
    BrF64Eq { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64EqAcc = "br_f64.eq";
    /// Jump if `lhs != rhs` (f64) (true when either is NaN).
    BrF64Ne { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64NeAcc = "br_f64.ne";
    /// Jump if `lhs < rhs` (f64).
    BrF64Lt { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64LtAcc = "br_f64.lt";
    /// Jump if `lhs > rhs` (f64).
    BrF64Gt { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64GtAcc = "br_f64.gt";
    /// Jump if `lhs <= rhs` (f64).
    BrF64Le { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64LeAcc = "br_f64.le";
    /// Jump if `lhs >= rhs` (f64).
    BrF64Ge { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64GeAcc = "br_f64.ge";
    /// Jump if `!(lhs < rhs)` (f64) (true when either is NaN).
    BrF64NotLt { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64NotLtAcc = "br_f64.not_lt";
    /// Jump if `!(lhs > rhs)` (f64) (true when either is NaN).
    BrF64NotGt { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64NotGtAcc = "br_f64.not_gt";
    /// Jump if `!(lhs <= rhs)` (f64) (true when either is NaN).
    BrF64NotLe { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64NotLeAcc = "br_f64.not_le";
    /// Jump if `!(lhs >= rhs)` (f64) (true when either is NaN).
    BrF64NotGe { lhs: Slot, rhs: Slot, offset: BranchOffset, cost: Cost } + BrF64NotGeAcc = "br_f64.not_ge";
    /// Jump through a table: the `len + 1` instructions that follow are
    /// `br`/`br_back`s of zero cost, the last one the default.
    BrTable { index: Slot, len: u32, cost: Cost } + BrTableAcc = "br_table";
    /// `br_table` by `index + imm` (i32, wrapping): the `i32.add` of a
    /// constant that computed the index, folded in.
    BrTableAddImm { index: Slot, imm: i32, len: u32, cost: Cost } + BrTableAddImmAcc = "br_table_add_imm";
    /// Return from a function whose results are already in slots `0..n`.
    Return { cost: Cost } = "return";
    /// Return one value from `src`.
    ReturnSlot { src: Slot, cost: Cost } + ReturnSlotAcc = "return_slot";
    /// Return `count` values from consecutive slots starting at `src`.
    ReturnSlots { src: Slot, count: u16, cost: Cost } = "return_slots";
    /// Call a function defined in this module; arguments start at `base`.
    CallInternal { func: u32, base: Slot, cost: Cost } = "call";
    /// Call an imported function; arguments start at `base`.
    CallImported { func: u32, base: Slot, cost: Cost } = "call_imported";
    /// Call through `table` at the index in `index`, checking type `ty`.
    CallIndirect { table: u16, ty: u32, index: Slot, base: Slot, cost: Cost } = "call_indirect";

    // ---- data movement ----
    /// `dst = src`.
    Copy { dst: Slot, src: Slot } + CopyAcc = "copy";
    /// `first_dst = first_src`, then `dst = src` (see `translator::pairs`).
    Copy2 { dst: Slot, first_src: Slot, first_dst: Slot, src: Slot } + Copy2Acc = "copy2";
    /// Copy a 128-bit value (two slots).
    Copy128 { dst: Slot, src: Slot } = "copy128";
    /// `dst = value` (32-bit, zero-extended).
    Const32 { dst: Slot, value: u32 } = "const32";
    /// `dst = value` (64-bit).
    Const64 { dst: Slot, value: u64 } = "const64";
    /// `dst = cond != 0 ? if_true : if_false`.
    Select { dst: Slot, cond: Slot, if_true: Slot, if_false: Slot } + SelectAcc = "select";
    /// `select` on 128-bit values.
    Select128 { dst: Slot, cond: Slot, if_true: Slot, if_false: Slot } = "select128";

    // ---- globals ----
    /// `dst = globals[global]`.
    GlobalGet { dst: Slot, global: u32 } = "global.get";
    /// `globals[global] = src`.
    GlobalSet { src: Slot, global: u32 } + GlobalSetAcc = "global.set";
    /// 128-bit `global.get`.
    GlobalGet128 { dst: Slot, global: u32 } = "global.get128";
    /// 128-bit `global.set`.
    GlobalSet128 { src: Slot, global: u32 } = "global.set128";

    // ---- memory 0, 32-bit static offset ----
    /// `i32.load` / `f32.load`.
    I32Load { dst: Slot, ptr: Slot, offset: u32 } + I32LoadAcc = "i32.load";
    /// `i32.load` of `first_ptr + first_offset` into `first_dst`, then of
    /// `ptr + offset` into `dst` (see `translator::pairs`).
    I32Load2 { dst: Slot, first_ptr: Slot, first_offset: u16, first_dst: Slot, ptr: Slot, offset: u16 } + I32Load2Acc = "i32.load2";
    /// `i64.load` / `f64.load`.
    I64Load { dst: Slot, ptr: Slot, offset: u32 } + I64LoadAcc = "i64.load";
    /// `i32.load8_s`.
    I32Load8S { dst: Slot, ptr: Slot, offset: u32 } + I32Load8SAcc = "i32.load8_s";
    /// `i32.load8_u`.
    I32Load8U { dst: Slot, ptr: Slot, offset: u32 } + I32Load8UAcc = "i32.load8_u";
    /// `i32.load16_s`.
    I32Load16S { dst: Slot, ptr: Slot, offset: u32 } + I32Load16SAcc = "i32.load16_s";
    /// `i32.load16_u`.
    I32Load16U { dst: Slot, ptr: Slot, offset: u32 } + I32Load16UAcc = "i32.load16_u";
    /// `i64.load8_s`.
    I64Load8S { dst: Slot, ptr: Slot, offset: u32 } + I64Load8SAcc = "i64.load8_s";
    /// `i64.load8_u`.
    I64Load8U { dst: Slot, ptr: Slot, offset: u32 } + I64Load8UAcc = "i64.load8_u";
    /// `i64.load16_s`.
    I64Load16S { dst: Slot, ptr: Slot, offset: u32 } + I64Load16SAcc = "i64.load16_s";
    /// `i64.load16_u`.
    I64Load16U { dst: Slot, ptr: Slot, offset: u32 } + I64Load16UAcc = "i64.load16_u";
    /// `i64.load32_s`.
    I64Load32S { dst: Slot, ptr: Slot, offset: u32 } + I64Load32SAcc = "i64.load32_s";
    /// `i64.load32_u`.
    I64Load32U { dst: Slot, ptr: Slot, offset: u32 } + I64Load32UAcc = "i64.load32_u";
    /// `i32.store` / `f32.store`.
    I32Store { ptr: Slot, src: Slot, offset: u32 } + I32StoreAcc = "i32.store";
    /// `i64.store` / `f64.store`.
    I64Store { ptr: Slot, src: Slot, offset: u32 } + I64StoreAcc = "i64.store";
    /// `i32.store8` / `i64.store8`.
    Store8 { ptr: Slot, src: Slot, offset: u32 } + Store8Acc = "store8";
    /// `i32.store16` / `i64.store16`.
    Store16 { ptr: Slot, src: Slot, offset: u32 } + Store16Acc = "store16";
    /// `i64.store32`.
    Store32 { ptr: Slot, src: Slot, offset: u32 } + Store32Acc = "store32";
    // A plain load whose value only the store after it reads, with the same
    // width: the bytes go from memory to memory without the slot between
    // (the load's bounds check first). Byte-copying loops (`memcpy`
    // compiled without bulk memory) are made of these.
    /// Copies 1 byte from `from + from_offset` to `to + to_offset`.
    Move8 { from: Slot, to: Slot, from_offset: u32, to_offset: u32 } + Move8Acc = "move8";
    /// Copies 2 bytes (see `move8`).
    Move16 { from: Slot, to: Slot, from_offset: u32, to_offset: u32 } + Move16Acc = "move16";
    /// Copies 4 bytes (see `move8`).
    Move32 { from: Slot, to: Slot, from_offset: u32, to_offset: u32 } + Move32Acc = "move32";
    /// Copies 8 bytes (see `move8`).
    Move64 { from: Slot, to: Slot, from_offset: u32, to_offset: u32 } + Move64Acc = "move64";
    /// `i32.store8` / `i64.store8` of a constant (sign-extended to the stored width).
    Store8Imm { ptr: Slot, value: i32, offset: u32 } + Store8ImmAcc = "store8_imm";
    /// `i32.store16` / `i64.store16` of a constant (sign-extended to the stored width).
    Store16Imm { ptr: Slot, value: i32, offset: u32 } + Store16ImmAcc = "store16_imm";
    /// `i32.store` / `i64.store32` / `f32.store` of a constant (sign-extended to the stored width).
    Store32Imm { ptr: Slot, value: i32, offset: u32 } + Store32ImmAcc = "store32_imm";
    /// `i64.store` / `f64.store` of a constant (sign-extended to the stored width).
    Store64Imm { ptr: Slot, value: i32, offset: u32 } + Store64ImmAcc = "store64_imm";

    // ---- memory 0 at an address computed by a fused `i32.add` ----
    // The address is `ptr + imm` or `ptr + index`, wrapping at 32 bits like
    // the `i32.add` (or `i32.sub`) it replaces, then plus `offset`.
    /// `i32.load` at `ptr + imm`.
    I32LoadAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I32LoadAddImmAcc = "i32.load_add_imm";
    /// `i32.load` at `ptr + index`.
    I32LoadAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I32LoadAddAcc = "i32.load_add";
    /// `i64.load` at `ptr + imm`.
    I64LoadAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I64LoadAddImmAcc = "i64.load_add_imm";
    /// `i64.load` at `ptr + index`.
    I64LoadAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I64LoadAddAcc = "i64.load_add";
    /// `i32.load8_s` at `ptr + imm`.
    I32Load8SAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I32Load8SAddImmAcc = "i32.load8_s_add_imm";
    /// `i32.load8_s` at `ptr + index`.
    I32Load8SAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I32Load8SAddAcc = "i32.load8_s_add";
    /// `i32.load8_u` at `ptr + imm`.
    I32Load8UAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I32Load8UAddImmAcc = "i32.load8_u_add_imm";
    /// `i32.load8_u` at `ptr + index`.
    I32Load8UAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I32Load8UAddAcc = "i32.load8_u_add";
    /// `i32.load16_s` at `ptr + imm`.
    I32Load16SAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I32Load16SAddImmAcc = "i32.load16_s_add_imm";
    /// `i32.load16_s` at `ptr + index`.
    I32Load16SAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I32Load16SAddAcc = "i32.load16_s_add";
    /// `i32.load16_u` at `ptr + imm`.
    I32Load16UAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I32Load16UAddImmAcc = "i32.load16_u_add_imm";
    /// `i32.load16_u` at `ptr + index`.
    I32Load16UAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I32Load16UAddAcc = "i32.load16_u_add";
    /// `i64.load8_s` at `ptr + imm`.
    I64Load8SAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I64Load8SAddImmAcc = "i64.load8_s_add_imm";
    /// `i64.load8_s` at `ptr + index`.
    I64Load8SAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I64Load8SAddAcc = "i64.load8_s_add";
    /// `i64.load8_u` at `ptr + imm`.
    I64Load8UAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I64Load8UAddImmAcc = "i64.load8_u_add_imm";
    /// `i64.load8_u` at `ptr + index`.
    I64Load8UAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I64Load8UAddAcc = "i64.load8_u_add";
    /// `i64.load16_s` at `ptr + imm`.
    I64Load16SAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I64Load16SAddImmAcc = "i64.load16_s_add_imm";
    /// `i64.load16_s` at `ptr + index`.
    I64Load16SAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I64Load16SAddAcc = "i64.load16_s_add";
    /// `i64.load16_u` at `ptr + imm`.
    I64Load16UAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I64Load16UAddImmAcc = "i64.load16_u_add_imm";
    /// `i64.load16_u` at `ptr + index`.
    I64Load16UAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I64Load16UAddAcc = "i64.load16_u_add";
    /// `i64.load32_s` at `ptr + imm`.
    I64Load32SAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I64Load32SAddImmAcc = "i64.load32_s_add_imm";
    /// `i64.load32_s` at `ptr + index`.
    I64Load32SAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I64Load32SAddAcc = "i64.load32_s_add";
    /// `i64.load32_u` at `ptr + imm`.
    I64Load32UAddImm { dst: Slot, ptr: Slot, imm: i32, offset: u32 } + I64Load32UAddImmAcc = "i64.load32_u_add_imm";
    /// `i64.load32_u` at `ptr + index`.
    I64Load32UAdd { dst: Slot, ptr: Slot, index: Slot, offset: u32 } + I64Load32UAddAcc = "i64.load32_u_add";
    /// `i32.store` at `ptr + imm`.
    I32StoreAddImm { ptr: Slot, src: Slot, imm: i32, offset: u32 } + I32StoreAddImmAcc = "i32.store_add_imm";
    /// `i32.store` at `ptr + index`.
    I32StoreAdd { ptr: Slot, index: Slot, src: Slot, offset: u32 } + I32StoreAddAcc = "i32.store_add";
    /// `i64.store` at `ptr + imm`.
    I64StoreAddImm { ptr: Slot, src: Slot, imm: i32, offset: u32 } + I64StoreAddImmAcc = "i64.store_add_imm";
    /// `i64.store` at `ptr + index`.
    I64StoreAdd { ptr: Slot, index: Slot, src: Slot, offset: u32 } + I64StoreAddAcc = "i64.store_add";
    /// `store8` at `ptr + imm`.
    Store8AddImm { ptr: Slot, src: Slot, imm: i32, offset: u32 } + Store8AddImmAcc = "store8_add_imm";
    /// `store8` at `ptr + index`.
    Store8Add { ptr: Slot, index: Slot, src: Slot, offset: u32 } + Store8AddAcc = "store8_add";
    /// `store16` at `ptr + imm`.
    Store16AddImm { ptr: Slot, src: Slot, imm: i32, offset: u32 } + Store16AddImmAcc = "store16_add_imm";
    /// `store16` at `ptr + index`.
    Store16Add { ptr: Slot, index: Slot, src: Slot, offset: u32 } + Store16AddAcc = "store16_add";
    /// `store32` at `ptr + imm`.
    Store32AddImm { ptr: Slot, src: Slot, imm: i32, offset: u32 } + Store32AddImmAcc = "store32_add_imm";
    /// `store32` at `ptr + index`.
    Store32Add { ptr: Slot, index: Slot, src: Slot, offset: u32 } + Store32AddAcc = "store32_add";
    /// `store8_imm` at `ptr + imm`.
    Store8ImmAddImm { ptr: Slot, value: i32, imm: i32, offset: u32 } + Store8ImmAddImmAcc = "store8_imm_add_imm";
    /// `store16_imm` at `ptr + imm`.
    Store16ImmAddImm { ptr: Slot, value: i32, imm: i32, offset: u32 } + Store16ImmAddImmAcc = "store16_imm_add_imm";
    /// `store32_imm` at `ptr + imm`.
    Store32ImmAddImm { ptr: Slot, value: i32, imm: i32, offset: u32 } + Store32ImmAddImmAcc = "store32_imm_add_imm";
    /// `store64_imm` at `ptr + imm`.
    Store64ImmAddImm { ptr: Slot, value: i32, imm: i32, offset: u32 } + Store64ImmAddImmAcc = "store64_imm_add_imm";

    // ---- memory 0 at a constant address ----
    // The address is `addr + offset` (the `i32.const` address operand and
    // the memory argument's offset).
    /// `i32.load` at a constant address.
    I32LoadAbs { dst: Slot, addr: u32, offset: u32 } = "i32.load_abs";
    /// `i64.load` at a constant address.
    I64LoadAbs { dst: Slot, addr: u32, offset: u32 } = "i64.load_abs";
    /// `i32.load8_s` at a constant address.
    I32Load8SAbs { dst: Slot, addr: u32, offset: u32 } = "i32.load8_s_abs";
    /// `i32.load8_u` at a constant address.
    I32Load8UAbs { dst: Slot, addr: u32, offset: u32 } = "i32.load8_u_abs";
    /// `i32.load16_s` at a constant address.
    I32Load16SAbs { dst: Slot, addr: u32, offset: u32 } = "i32.load16_s_abs";
    /// `i32.load16_u` at a constant address.
    I32Load16UAbs { dst: Slot, addr: u32, offset: u32 } = "i32.load16_u_abs";
    /// `i64.load8_s` at a constant address.
    I64Load8SAbs { dst: Slot, addr: u32, offset: u32 } = "i64.load8_s_abs";
    /// `i64.load8_u` at a constant address.
    I64Load8UAbs { dst: Slot, addr: u32, offset: u32 } = "i64.load8_u_abs";
    /// `i64.load16_s` at a constant address.
    I64Load16SAbs { dst: Slot, addr: u32, offset: u32 } = "i64.load16_s_abs";
    /// `i64.load16_u` at a constant address.
    I64Load16UAbs { dst: Slot, addr: u32, offset: u32 } = "i64.load16_u_abs";
    /// `i64.load32_s` at a constant address.
    I64Load32SAbs { dst: Slot, addr: u32, offset: u32 } = "i64.load32_s_abs";
    /// `i64.load32_u` at a constant address.
    I64Load32UAbs { dst: Slot, addr: u32, offset: u32 } = "i64.load32_u_abs";
    /// `i32.store` at a constant address.
    I32StoreAbs { src: Slot, addr: u32, offset: u32 } + I32StoreAbsAcc = "i32.store_abs";
    /// `i64.store` at a constant address.
    I64StoreAbs { src: Slot, addr: u32, offset: u32 } + I64StoreAbsAcc = "i64.store_abs";
    /// `store8` at a constant address.
    Store8Abs { src: Slot, addr: u32, offset: u32 } + Store8AbsAcc = "store8_abs";
    /// `store16` at a constant address.
    Store16Abs { src: Slot, addr: u32, offset: u32 } + Store16AbsAcc = "store16_abs";
    /// `store32` at a constant address.
    Store32Abs { src: Slot, addr: u32, offset: u32 } + Store32AbsAcc = "store32_abs";

    // ---- memory 0 at a scaled index: `ptr + (index << shift)` ----
    // The fused `i32.shl` and `i32.add` of array indexing, wrapping at 32
    // bits as they did, then plus `offset`.
    /// `i32.load` at `ptr + (index << shift)`.
    I32LoadAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i32.load_add_shl";
    /// `i64.load` at `ptr + (index << shift)`.
    I64LoadAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i64.load_add_shl";
    /// `i32.load8_s` at `ptr + (index << shift)`.
    I32Load8SAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i32.load8_s_add_shl";
    /// `i32.load8_u` at `ptr + (index << shift)`.
    I32Load8UAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i32.load8_u_add_shl";
    /// `i32.load16_s` at `ptr + (index << shift)`.
    I32Load16SAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i32.load16_s_add_shl";
    /// `i32.load16_u` at `ptr + (index << shift)`.
    I32Load16UAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i32.load16_u_add_shl";
    /// `i64.load8_s` at `ptr + (index << shift)`.
    I64Load8SAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i64.load8_s_add_shl";
    /// `i64.load8_u` at `ptr + (index << shift)`.
    I64Load8UAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i64.load8_u_add_shl";
    /// `i64.load16_s` at `ptr + (index << shift)`.
    I64Load16SAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i64.load16_s_add_shl";
    /// `i64.load16_u` at `ptr + (index << shift)`.
    I64Load16UAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i64.load16_u_add_shl";
    /// `i64.load32_s` at `ptr + (index << shift)`.
    I64Load32SAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i64.load32_s_add_shl";
    /// `i64.load32_u` at `ptr + (index << shift)`.
    I64Load32UAddShl { dst: Slot, ptr: Slot, index: Slot, shift: u8, offset: u32 } = "i64.load32_u_add_shl";
    /// `i32.store` at `ptr + (index << shift)`.
    I32StoreAddShl { ptr: Slot, index: Slot, src: Slot, shift: u8, offset: u32 } = "i32.store_add_shl";
    /// `i64.store` at `ptr + (index << shift)`.
    I64StoreAddShl { ptr: Slot, index: Slot, src: Slot, shift: u8, offset: u32 } = "i64.store_add_shl";
    /// `store8` at `ptr + (index << shift)`.
    Store8AddShl { ptr: Slot, index: Slot, src: Slot, shift: u8, offset: u32 } = "store8_add_shl";
    /// `store16` at `ptr + (index << shift)`.
    Store16AddShl { ptr: Slot, index: Slot, src: Slot, shift: u8, offset: u32 } = "store16_add_shl";
    /// `store32` at `ptr + (index << shift)`.
    Store32AddShl { ptr: Slot, index: Slot, src: Slot, shift: u8, offset: u32 } = "store32_add_shl";

    // ---- any memory, 64-bit addresses, large offsets ----
    /// A load described by the module's memory argument `arg`.
    LoadGeneric { dst: Slot, ptr: Slot, arg: u32 } = "load";
    /// A lane load described by the module's memory argument `arg`.
    LoadLaneGeneric { dst: Slot, ptr: Slot, vec: Slot, arg: u32 } = "load_lane";
    /// A store (or lane store) described by the module's memory argument `arg`.
    StoreGeneric { ptr: Slot, src: Slot, arg: u32 } = "store";

    // ---- memory management ----
    /// `dst = memory.size mem` (in pages).
    MemorySize { dst: Slot, mem: u32 } = "memory.size";
    /// `dst = memory.grow mem delta` (old size or -1).
    MemoryGrow { dst: Slot, delta: Slot, mem: u32 } = "memory.grow";
    /// `memory.fill mem dst value len`.
    MemoryFill { dst_addr: Slot, value: Slot, len: Slot, mem: u32 } = "memory.fill";
    /// `memory.copy dst_mem src_mem dst src len`.
    MemoryCopy { dst_addr: Slot, src_addr: Slot, len: Slot, dst_mem: u32, src_mem: u32 } = "memory.copy";
    /// `memory.fill` of memory 0 when it is unshared with 32-bit
    /// addresses (as for the fast loads and stores).
    Memory0Fill { dst_addr: Slot, value: Slot, len: Slot } = "memory0.fill";
    /// `memory.copy` within memory 0 (see `memory0.fill`).
    Memory0Copy { dst_addr: Slot, src_addr: Slot, len: Slot } = "memory0.copy";
    /// `memory.init mem data dst src len`.
    MemoryInit { dst_addr: Slot, src_offset: Slot, len: Slot, data: u32, mem: u32 } = "memory.init";
    /// `data.drop data`.
    DataDrop { data: u32 } = "data.drop";

    // ---- tables and references ----
    /// `dst = table.get table index`.
    TableGet { dst: Slot, index: Slot, table: u32 } = "table.get";
    /// `table.set table index value`.
    TableSet { index: Slot, value: Slot, table: u32 } = "table.set";
    /// `dst = table.size table`.
    TableSize { dst: Slot, table: u32 } = "table.size";
    /// `dst = table.grow table init delta`.
    TableGrow { dst: Slot, init: Slot, delta: Slot, table: u32 } = "table.grow";
    /// `table.fill table dst value len`.
    TableFill { dst_index: Slot, value: Slot, len: Slot, table: u32 } = "table.fill";
    /// `table.copy dst_table src_table dst src len`.
    TableCopy { dst_index: Slot, src_index: Slot, len: Slot, dst_table: u32, src_table: u32 } = "table.copy";
    /// `table.init table elem dst src len`.
    TableInit { dst_index: Slot, src_offset: Slot, len: Slot, elem: u32, table: u32 } = "table.init";
    /// `elem.drop elem`.
    ElemDrop { elem: u32 } = "elem.drop";
    /// `dst = ref.func func`.
    RefFunc { dst: Slot, func: u32 } = "ref.func";

    // ---- i32 ----
    /// `i32.eqz`.
    I32Eqz { dst: Slot, src: Slot } + I32EqzAcc = "i32.eqz";
    /// `i32.eq`.
    I32Eq { dst: Slot, lhs: Slot, rhs: Slot } + I32EqAcc = "i32.eq";
    /// `i32.ne`.
    I32Ne { dst: Slot, lhs: Slot, rhs: Slot } + I32NeAcc = "i32.ne";
    /// `i32.lt_s`.
    I32LtS { dst: Slot, lhs: Slot, rhs: Slot } + I32LtSAcc = "i32.lt_s";
    /// `i32.lt_u`.
    I32LtU { dst: Slot, lhs: Slot, rhs: Slot } + I32LtUAcc = "i32.lt_u";
    /// `i32.gt_s`.
    I32GtS { dst: Slot, lhs: Slot, rhs: Slot } + I32GtSAcc = "i32.gt_s";
    /// `i32.gt_u`.
    I32GtU { dst: Slot, lhs: Slot, rhs: Slot } + I32GtUAcc = "i32.gt_u";
    /// `i32.le_s`.
    I32LeS { dst: Slot, lhs: Slot, rhs: Slot } + I32LeSAcc = "i32.le_s";
    /// `i32.le_u`.
    I32LeU { dst: Slot, lhs: Slot, rhs: Slot } + I32LeUAcc = "i32.le_u";
    /// `i32.ge_s`.
    I32GeS { dst: Slot, lhs: Slot, rhs: Slot } + I32GeSAcc = "i32.ge_s";
    /// `i32.ge_u`.
    I32GeU { dst: Slot, lhs: Slot, rhs: Slot } + I32GeUAcc = "i32.ge_u";
    /// `i32.clz`.
    I32Clz { dst: Slot, src: Slot } + I32ClzAcc = "i32.clz";
    /// `i32.ctz`.
    I32Ctz { dst: Slot, src: Slot } + I32CtzAcc = "i32.ctz";
    /// `i32.popcnt`.
    I32Popcnt { dst: Slot, src: Slot } + I32PopcntAcc = "i32.popcnt";
    /// `i32.add`.
    I32Add { dst: Slot, lhs: Slot, rhs: Slot } + I32AddAcc = "i32.add";
    /// `i32.sub`.
    I32Sub { dst: Slot, lhs: Slot, rhs: Slot } + I32SubAcc = "i32.sub";
    /// `i32.mul`.
    I32Mul { dst: Slot, lhs: Slot, rhs: Slot } + I32MulAcc = "i32.mul";
    /// `i32.div_s`.
    I32DivS { dst: Slot, lhs: Slot, rhs: Slot } + I32DivSAcc = "i32.div_s";
    /// `i32.div_u`.
    I32DivU { dst: Slot, lhs: Slot, rhs: Slot } + I32DivUAcc = "i32.div_u";
    /// `i32.rem_s`.
    I32RemS { dst: Slot, lhs: Slot, rhs: Slot } + I32RemSAcc = "i32.rem_s";
    /// `i32.rem_u`.
    I32RemU { dst: Slot, lhs: Slot, rhs: Slot } + I32RemUAcc = "i32.rem_u";
    /// `i32.and`.
    I32And { dst: Slot, lhs: Slot, rhs: Slot } + I32AndAcc = "i32.and";
    /// `i32.or`.
    I32Or { dst: Slot, lhs: Slot, rhs: Slot } + I32OrAcc = "i32.or";
    /// `i32.xor`.
    I32Xor { dst: Slot, lhs: Slot, rhs: Slot } + I32XorAcc = "i32.xor";
    /// `i32.shl`.
    I32Shl { dst: Slot, lhs: Slot, rhs: Slot } + I32ShlAcc = "i32.shl";
    /// `i32.shr_s`.
    I32ShrS { dst: Slot, lhs: Slot, rhs: Slot } + I32ShrSAcc = "i32.shr_s";
    /// `i32.shr_u`.
    I32ShrU { dst: Slot, lhs: Slot, rhs: Slot } + I32ShrUAcc = "i32.shr_u";
    /// `i32.rotl`.
    I32Rotl { dst: Slot, lhs: Slot, rhs: Slot } + I32RotlAcc = "i32.rotl";
    /// `i32.rotr`.
    I32Rotr { dst: Slot, lhs: Slot, rhs: Slot } + I32RotrAcc = "i32.rotr";
    /// `i32.extend8_s`.
    I32Extend8S { dst: Slot, src: Slot } + I32Extend8SAcc = "i32.extend8_s";
    /// `i32.extend16_s`.
    I32Extend16S { dst: Slot, src: Slot } + I32Extend16SAcc = "i32.extend16_s";

    // ---- i32 with an immediate right operand ----
    /// `i32.eq` with an immediate.
    I32EqImm { dst: Slot, lhs: Slot, imm: i32 } + I32EqImmAcc = "i32.eq_imm";
    /// `i32.ne` with an immediate.
    I32NeImm { dst: Slot, lhs: Slot, imm: i32 } + I32NeImmAcc = "i32.ne_imm";
    /// `i32.lt_s` with an immediate.
    I32LtSImm { dst: Slot, lhs: Slot, imm: i32 } + I32LtSImmAcc = "i32.lt_s_imm";
    /// `i32.lt_u` with an immediate.
    I32LtUImm { dst: Slot, lhs: Slot, imm: i32 } + I32LtUImmAcc = "i32.lt_u_imm";
    /// `i32.gt_s` with an immediate.
    I32GtSImm { dst: Slot, lhs: Slot, imm: i32 } + I32GtSImmAcc = "i32.gt_s_imm";
    /// `i32.gt_u` with an immediate.
    I32GtUImm { dst: Slot, lhs: Slot, imm: i32 } + I32GtUImmAcc = "i32.gt_u_imm";
    /// `i32.le_s` with an immediate.
    I32LeSImm { dst: Slot, lhs: Slot, imm: i32 } + I32LeSImmAcc = "i32.le_s_imm";
    /// `i32.le_u` with an immediate.
    I32LeUImm { dst: Slot, lhs: Slot, imm: i32 } + I32LeUImmAcc = "i32.le_u_imm";
    /// `i32.ge_s` with an immediate.
    I32GeSImm { dst: Slot, lhs: Slot, imm: i32 } + I32GeSImmAcc = "i32.ge_s_imm";
    /// `i32.ge_u` with an immediate.
    I32GeUImm { dst: Slot, lhs: Slot, imm: i32 } + I32GeUImmAcc = "i32.ge_u_imm";
    /// `i32.add` with an immediate (also `i32.sub` of a constant).
    I32AddImm { dst: Slot, lhs: Slot, imm: i32 } + I32AddImmAcc = "i32.add_imm";
    /// `i32.div_s` by a constant (still trapping on zero and overflow).
    I32DivSImm { dst: Slot, lhs: Slot, imm: i32 } + I32DivSImmAcc = "i32.div_s_imm";
    /// `i32.div_u` by a constant `divisor` (trapping if it is zero): a
    /// multiplication by `magic` and shifts (see `interp::divide`).
    I32DivUImm { dst: Slot, lhs: Slot, shift: u8, magic: u32, divisor: u32 } + I32DivUImmAcc = "i32.div_u_imm";
    /// `i32.rem_s` by a constant (still trapping on zero and overflow).
    I32RemSImm { dst: Slot, lhs: Slot, imm: i32 } + I32RemSImmAcc = "i32.rem_s_imm";
    /// `i32.rem_u` by a constant `divisor` (trapping if it is zero): the
    /// quotient as in `i32.div_u_imm`, multiplied back and subtracted.
    I32RemUImm { dst: Slot, lhs: Slot, shift: u8, magic: u32, divisor: u32 } + I32RemUImmAcc = "i32.rem_u_imm";
    /// `i32.mul` with an immediate.
    I32MulImm { dst: Slot, lhs: Slot, imm: i32 } + I32MulImmAcc = "i32.mul_imm";
    /// `i32.and` with an immediate.
    I32AndImm { dst: Slot, lhs: Slot, imm: i32 } + I32AndImmAcc = "i32.and_imm";
    /// `i32.or` with an immediate.
    I32OrImm { dst: Slot, lhs: Slot, imm: i32 } + I32OrImmAcc = "i32.or_imm";
    /// `i32.xor` with an immediate.
    I32XorImm { dst: Slot, lhs: Slot, imm: i32 } + I32XorImmAcc = "i32.xor_imm";
    /// `i32.shl` with an immediate.
    I32ShlImm { dst: Slot, lhs: Slot, imm: i32 } + I32ShlImmAcc = "i32.shl_imm";
    /// `i32.shr_s` with an immediate.
    I32ShrSImm { dst: Slot, lhs: Slot, imm: i32 } + I32ShrSImmAcc = "i32.shr_s_imm";
    /// `i32.shr_u` with an immediate.
    I32ShrUImm { dst: Slot, lhs: Slot, imm: i32 } + I32ShrUImmAcc = "i32.shr_u_imm";
    /// `i32.rotl` with an immediate.
    I32RotlImm { dst: Slot, lhs: Slot, imm: i32 } + I32RotlImmAcc = "i32.rotl_imm";
    /// `i32.rotr` with an immediate.
    I32RotrImm { dst: Slot, lhs: Slot, imm: i32 } + I32RotrImmAcc = "i32.rotr_imm";

    // ---- i64 ----
    /// `i64.eqz` (also `ref.is_null`).
    I64Eqz { dst: Slot, src: Slot } + I64EqzAcc = "i64.eqz";
    /// `i64.eq`.
    I64Eq { dst: Slot, lhs: Slot, rhs: Slot } + I64EqAcc = "i64.eq";
    /// `i64.ne`.
    I64Ne { dst: Slot, lhs: Slot, rhs: Slot } + I64NeAcc = "i64.ne";
    /// `i64.lt_s`.
    I64LtS { dst: Slot, lhs: Slot, rhs: Slot } + I64LtSAcc = "i64.lt_s";
    /// `i64.lt_u`.
    I64LtU { dst: Slot, lhs: Slot, rhs: Slot } + I64LtUAcc = "i64.lt_u";
    /// `i64.gt_s`.
    I64GtS { dst: Slot, lhs: Slot, rhs: Slot } + I64GtSAcc = "i64.gt_s";
    /// `i64.gt_u`.
    I64GtU { dst: Slot, lhs: Slot, rhs: Slot } + I64GtUAcc = "i64.gt_u";
    /// `i64.le_s`.
    I64LeS { dst: Slot, lhs: Slot, rhs: Slot } + I64LeSAcc = "i64.le_s";
    /// `i64.le_u`.
    I64LeU { dst: Slot, lhs: Slot, rhs: Slot } + I64LeUAcc = "i64.le_u";
    /// `i64.ge_s`.
    I64GeS { dst: Slot, lhs: Slot, rhs: Slot } + I64GeSAcc = "i64.ge_s";
    /// `i64.ge_u`.
    I64GeU { dst: Slot, lhs: Slot, rhs: Slot } + I64GeUAcc = "i64.ge_u";
    /// `i64.clz`.
    I64Clz { dst: Slot, src: Slot } + I64ClzAcc = "i64.clz";
    /// `i64.ctz`.
    I64Ctz { dst: Slot, src: Slot } + I64CtzAcc = "i64.ctz";
    /// `i64.popcnt`.
    I64Popcnt { dst: Slot, src: Slot } + I64PopcntAcc = "i64.popcnt";
    /// `i64.add`.
    I64Add { dst: Slot, lhs: Slot, rhs: Slot } + I64AddAcc = "i64.add";
    /// `i64.sub`.
    I64Sub { dst: Slot, lhs: Slot, rhs: Slot } + I64SubAcc = "i64.sub";
    /// `i64.mul`.
    I64Mul { dst: Slot, lhs: Slot, rhs: Slot } + I64MulAcc = "i64.mul";
    /// `i64.div_s`.
    I64DivS { dst: Slot, lhs: Slot, rhs: Slot } + I64DivSAcc = "i64.div_s";
    /// `i64.div_u`.
    I64DivU { dst: Slot, lhs: Slot, rhs: Slot } + I64DivUAcc = "i64.div_u";
    /// `i64.rem_s`.
    I64RemS { dst: Slot, lhs: Slot, rhs: Slot } + I64RemSAcc = "i64.rem_s";
    /// `i64.rem_u`.
    I64RemU { dst: Slot, lhs: Slot, rhs: Slot } + I64RemUAcc = "i64.rem_u";
    /// `i64.and`.
    I64And { dst: Slot, lhs: Slot, rhs: Slot } + I64AndAcc = "i64.and";
    /// `i64.or`.
    I64Or { dst: Slot, lhs: Slot, rhs: Slot } + I64OrAcc = "i64.or";
    /// `i64.xor`.
    I64Xor { dst: Slot, lhs: Slot, rhs: Slot } + I64XorAcc = "i64.xor";
    /// `i64.shl`.
    I64Shl { dst: Slot, lhs: Slot, rhs: Slot } + I64ShlAcc = "i64.shl";
    /// `i64.shr_s`.
    I64ShrS { dst: Slot, lhs: Slot, rhs: Slot } + I64ShrSAcc = "i64.shr_s";
    /// `i64.shr_u`.
    I64ShrU { dst: Slot, lhs: Slot, rhs: Slot } + I64ShrUAcc = "i64.shr_u";
    /// `i64.rotl`.
    I64Rotl { dst: Slot, lhs: Slot, rhs: Slot } + I64RotlAcc = "i64.rotl";
    /// `i64.rotr`.
    I64Rotr { dst: Slot, lhs: Slot, rhs: Slot } + I64RotrAcc = "i64.rotr";
    /// `i64.extend8_s`.
    I64Extend8S { dst: Slot, src: Slot } + I64Extend8SAcc = "i64.extend8_s";
    /// `i64.extend16_s`.
    I64Extend16S { dst: Slot, src: Slot } + I64Extend16SAcc = "i64.extend16_s";
    /// `i64.extend32_s`.
    I64Extend32S { dst: Slot, src: Slot } + I64Extend32SAcc = "i64.extend32_s";

    // ---- i64 with an immediate right operand ----
    /// `i64.eq` with an immediate.
    I64EqImm { dst: Slot, lhs: Slot, imm: i64 } + I64EqImmAcc = "i64.eq_imm";
    /// `i64.ne` with an immediate.
    I64NeImm { dst: Slot, lhs: Slot, imm: i64 } + I64NeImmAcc = "i64.ne_imm";
    /// `i64.lt_s` with an immediate.
    I64LtSImm { dst: Slot, lhs: Slot, imm: i64 } + I64LtSImmAcc = "i64.lt_s_imm";
    /// `i64.lt_u` with an immediate.
    I64LtUImm { dst: Slot, lhs: Slot, imm: i64 } + I64LtUImmAcc = "i64.lt_u_imm";
    /// `i64.gt_s` with an immediate.
    I64GtSImm { dst: Slot, lhs: Slot, imm: i64 } + I64GtSImmAcc = "i64.gt_s_imm";
    /// `i64.gt_u` with an immediate.
    I64GtUImm { dst: Slot, lhs: Slot, imm: i64 } + I64GtUImmAcc = "i64.gt_u_imm";
    /// `i64.le_s` with an immediate.
    I64LeSImm { dst: Slot, lhs: Slot, imm: i64 } + I64LeSImmAcc = "i64.le_s_imm";
    /// `i64.le_u` with an immediate.
    I64LeUImm { dst: Slot, lhs: Slot, imm: i64 } + I64LeUImmAcc = "i64.le_u_imm";
    /// `i64.ge_s` with an immediate.
    I64GeSImm { dst: Slot, lhs: Slot, imm: i64 } + I64GeSImmAcc = "i64.ge_s_imm";
    /// `i64.ge_u` with an immediate.
    I64GeUImm { dst: Slot, lhs: Slot, imm: i64 } + I64GeUImmAcc = "i64.ge_u_imm";
    /// `i64.add` with an immediate (also `i64.sub` of a constant).
    I64AddImm { dst: Slot, lhs: Slot, imm: i64 } + I64AddImmAcc = "i64.add_imm";
    /// `i64.mul` with an immediate.
    I64MulImm { dst: Slot, lhs: Slot, imm: i64 } + I64MulImmAcc = "i64.mul_imm";
    /// `i64.div_s` by a constant (still trapping on zero and overflow).
    I64DivSImm { dst: Slot, lhs: Slot, imm: i64 } + I64DivSImmAcc = "i64.div_s_imm";
    /// `i64.div_u` by a constant (still trapping on zero and overflow).
    I64DivUImm { dst: Slot, lhs: Slot, imm: i64 } + I64DivUImmAcc = "i64.div_u_imm";
    /// `i64.rem_s` by a constant (still trapping on zero and overflow).
    I64RemSImm { dst: Slot, lhs: Slot, imm: i64 } + I64RemSImmAcc = "i64.rem_s_imm";
    /// `i64.rem_u` by a constant (still trapping on zero and overflow).
    I64RemUImm { dst: Slot, lhs: Slot, imm: i64 } + I64RemUImmAcc = "i64.rem_u_imm";
    /// `i64.and` with an immediate.
    I64AndImm { dst: Slot, lhs: Slot, imm: i64 } + I64AndImmAcc = "i64.and_imm";
    /// `i64.or` with an immediate.
    I64OrImm { dst: Slot, lhs: Slot, imm: i64 } + I64OrImmAcc = "i64.or_imm";
    /// `i64.xor` with an immediate.
    I64XorImm { dst: Slot, lhs: Slot, imm: i64 } + I64XorImmAcc = "i64.xor_imm";
    /// `i64.shl` with an immediate.
    I64ShlImm { dst: Slot, lhs: Slot, imm: i64 } + I64ShlImmAcc = "i64.shl_imm";
    /// `i64.shr_s` with an immediate.
    I64ShrSImm { dst: Slot, lhs: Slot, imm: i64 } + I64ShrSImmAcc = "i64.shr_s_imm";
    /// `i64.shr_u` with an immediate.
    I64ShrUImm { dst: Slot, lhs: Slot, imm: i64 } + I64ShrUImmAcc = "i64.shr_u_imm";
    /// `i64.rotl` with an immediate.
    I64RotlImm { dst: Slot, lhs: Slot, imm: i64 } + I64RotlImmAcc = "i64.rotl_imm";
    /// `i64.rotr` with an immediate.
    I64RotrImm { dst: Slot, lhs: Slot, imm: i64 } + I64RotrImmAcc = "i64.rotr_imm";

    // ---- chains: an arithmetic instruction and the one using its result ----
    // One instruction for two that run one after the other on a value (see
    // `translator::pairs`): `mid` receives the first result, which the
    // second takes as its left operand, and `dst` the second's. `other` is
    // the second's right operand, read after `mid` is written. The pairs are
    // the most frequent in a dynamic profile of the sightglass programs:
    // add-rotate-xor rounds (ChaCha, BLAKE, SipHash), Keccak's and Gimli's
    // bit mixing, multiply-and-carry steps of big-number arithmetic, a
    // linear congruential step, an index scaled and added, range tests
    // counted or combined.
    /// `mid = lhs + rhs`, then `dst = mid ^ other` (i32).
    I32AddXor { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, other: Slot } + I32AddXorAcc = "i32.add_xor";
    /// `mid = lhs ^ rhs`, then `dst = mid ^ other` (i32).
    I32XorXor { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, other: Slot } + I32XorXorAcc = "i32.xor_xor";
    /// `mid = lhs ^ rhs`, then `dst = mid.rotl(imm)` (i32).
    I32XorRotlImm { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, imm: i32 } + I32XorRotlImmAcc = "i32.xor_rotl_imm";
    /// `mid = lhs & rhs`, then `dst = mid << imm` (i32).
    I32AndShlImm { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, imm: i32 } + I32AndShlImmAcc = "i32.and_shl_imm";
    /// `mid = lhs.rotl(first_imm)`, then `dst = mid + other` (i32).
    I32RotlImmAdd { dst: Slot, lhs: Slot, mid: Slot, other: Slot, first_imm: i32 } + I32RotlImmAddAcc = "i32.rotl_imm_add";
    /// `mid = lhs << first_imm`, then `dst = mid ^ other` (i32).
    I32ShlImmXor { dst: Slot, lhs: Slot, mid: Slot, other: Slot, first_imm: i32 } + I32ShlImmXorAcc = "i32.shl_imm_xor";
    /// `mid = lhs << first_imm`, then `dst = mid + other` (i32).
    I32ShlImmAdd { dst: Slot, lhs: Slot, mid: Slot, other: Slot, first_imm: i32 } + I32ShlImmAddAcc = "i32.shl_imm_add";
    /// `mid = lhs < first_imm` (unsigned), then `dst = mid + other` (i32).
    I32LtUImmAdd { dst: Slot, lhs: Slot, mid: Slot, other: Slot, first_imm: i32 } + I32LtUImmAddAcc = "i32.lt_u_imm_add";
    /// `mid = lhs < first_imm` (unsigned), then `dst = mid | other` (i32).
    I32LtUImmOr { dst: Slot, lhs: Slot, mid: Slot, other: Slot, first_imm: i32 } + I32LtUImmOrAcc = "i32.lt_u_imm_or";
    /// `mid = lhs * first_imm`, then `dst = mid + imm` (i32).
    I32MulImmAddImm { dst: Slot, lhs: Slot, mid: Slot, first_imm: i32, imm: i32 } + I32MulImmAddImmAcc = "i32.mul_imm_add_imm";
    /// `mid = lhs + rhs`, then `dst = mid ^ other` (i64).
    I64AddXor { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, other: Slot } + I64AddXorAcc = "i64.add_xor";
    /// `mid = lhs ^ rhs`, then `dst = mid ^ other` (i64).
    I64XorXor { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, other: Slot } + I64XorXorAcc = "i64.xor_xor";
    /// `mid = lhs * rhs`, then `dst = mid + other` (i64).
    I64MulAdd { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, other: Slot } + I64MulAddAcc = "i64.mul_add";
    /// `mid = lhs & rhs`, then `dst = mid ^ other` (i64).
    I64AndXor { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, other: Slot } + I64AndXorAcc = "i64.and_xor";
    /// `mid = lhs ^ rhs`, then `dst = mid.rotl(imm)` (i64).
    I64XorRotlImm { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, imm: i32 } + I64XorRotlImmAcc = "i64.xor_rotl_imm";
    /// `mid = lhs + rhs`, then `dst = mid >> imm` (i64, unsigned).
    I64AddShrUImm { dst: Slot, lhs: Slot, rhs: Slot, mid: Slot, imm: i32 } + I64AddShrUImmAcc = "i64.add_shr_u_imm";
    /// `mid = lhs >> first_imm` (unsigned), then `dst = mid + other` (i64).
    I64ShrUImmAdd { dst: Slot, lhs: Slot, mid: Slot, other: Slot, first_imm: i32 } + I64ShrUImmAddAcc = "i64.shr_u_imm_add";
    /// `mid = lhs.rotl(first_imm)`, then `dst = mid + other` (i64).
    I64RotlImmAdd { dst: Slot, lhs: Slot, mid: Slot, other: Slot, first_imm: i32 } + I64RotlImmAddAcc = "i64.rotl_imm_add";
    /// `mid = lhs.rotl(first_imm)`, then `dst = mid ^ other` (i64).
    I64RotlImmXor { dst: Slot, lhs: Slot, mid: Slot, other: Slot, first_imm: i32 } + I64RotlImmXorAcc = "i64.rotl_imm_xor";
    /// `mid = lhs ^ first_imm` (sign-extended), then `dst = mid & other` (i64).
    I64XorImmAnd { dst: Slot, lhs: Slot, mid: Slot, other: Slot, first_imm: i32 } + I64XorImmAndAcc = "i64.xor_imm_and";

    // ---- wide-arithmetic proposal: 128-bit results in two slots ----
    // The result's low half goes to `dst` and its high half to `dst + 1`
    // (the verifier's spare slot keeps `dst + 1` in the frame, as for
    // `v128`); the accumulator holds the low half afterwards.
    /// `i64.add128`: `(lhs_hi:lhs_lo) + (rhs_hi:rhs_lo)` modulo 2^128.
    I64Add128 { dst: Slot, lhs_lo: Slot, lhs_hi: Slot, rhs_lo: Slot, rhs_hi: Slot } = "i64.add128";
    /// `i64.sub128`: `(lhs_hi:lhs_lo) - (rhs_hi:rhs_lo)` modulo 2^128.
    I64Sub128 { dst: Slot, lhs_lo: Slot, lhs_hi: Slot, rhs_lo: Slot, rhs_hi: Slot } = "i64.sub128";
    /// `i64.mul_wide_s`: the full signed 128-bit product.
    I64MulWideS { dst: Slot, lhs: Slot, rhs: Slot } = "i64.mul_wide_s";
    /// `i64.mul_wide_u`: the full unsigned 128-bit product.
    I64MulWideU { dst: Slot, lhs: Slot, rhs: Slot } = "i64.mul_wide_u";

    // ---- f32 ----
    /// `f32.eq`.
    F32Eq { dst: Slot, lhs: Slot, rhs: Slot } = "f32.eq";
    /// `f32.ne`.
    F32Ne { dst: Slot, lhs: Slot, rhs: Slot } = "f32.ne";
    /// `f32.lt`.
    F32Lt { dst: Slot, lhs: Slot, rhs: Slot } = "f32.lt";
    /// `f32.gt`.
    F32Gt { dst: Slot, lhs: Slot, rhs: Slot } = "f32.gt";
    /// `f32.le`.
    F32Le { dst: Slot, lhs: Slot, rhs: Slot } = "f32.le";
    /// `f32.ge`.
    F32Ge { dst: Slot, lhs: Slot, rhs: Slot } = "f32.ge";
    /// `f32.abs`.
    F32Abs { dst: Slot, src: Slot } = "f32.abs";
    /// `f32.neg`.
    F32Neg { dst: Slot, src: Slot } = "f32.neg";
    /// `f32.ceil`.
    F32Ceil { dst: Slot, src: Slot } = "f32.ceil";
    /// `f32.floor`.
    F32Floor { dst: Slot, src: Slot } = "f32.floor";
    /// `f32.trunc`.
    F32Trunc { dst: Slot, src: Slot } = "f32.trunc";
    /// `f32.nearest`.
    F32Nearest { dst: Slot, src: Slot } = "f32.nearest";
    /// `f32.sqrt`.
    F32Sqrt { dst: Slot, src: Slot } = "f32.sqrt";
    /// `f32.add`.
    F32Add { dst: Slot, lhs: Slot, rhs: Slot } = "f32.add";
    /// `f32.sub`.
    F32Sub { dst: Slot, lhs: Slot, rhs: Slot } = "f32.sub";
    /// `f32.mul`.
    F32Mul { dst: Slot, lhs: Slot, rhs: Slot } = "f32.mul";
    /// `f32.div`.
    F32Div { dst: Slot, lhs: Slot, rhs: Slot } = "f32.div";
    /// `f32.min`.
    F32Min { dst: Slot, lhs: Slot, rhs: Slot } = "f32.min";
    /// `f32.max`.
    F32Max { dst: Slot, lhs: Slot, rhs: Slot } = "f32.max";
    /// `f32.copysign`.
    F32Copysign { dst: Slot, lhs: Slot, rhs: Slot } = "f32.copysign";

    // ---- f64 ----
    /// `f64.eq`.
    F64Eq { dst: Slot, lhs: Slot, rhs: Slot } = "f64.eq";
    /// `f64.ne`.
    F64Ne { dst: Slot, lhs: Slot, rhs: Slot } = "f64.ne";
    /// `f64.lt`.
    F64Lt { dst: Slot, lhs: Slot, rhs: Slot } = "f64.lt";
    /// `f64.gt`.
    F64Gt { dst: Slot, lhs: Slot, rhs: Slot } = "f64.gt";
    /// `f64.le`.
    F64Le { dst: Slot, lhs: Slot, rhs: Slot } = "f64.le";
    /// `f64.ge`.
    F64Ge { dst: Slot, lhs: Slot, rhs: Slot } = "f64.ge";
    /// `f64.abs`.
    F64Abs { dst: Slot, src: Slot } = "f64.abs";
    /// `f64.neg`.
    F64Neg { dst: Slot, src: Slot } = "f64.neg";
    /// `f64.ceil`.
    F64Ceil { dst: Slot, src: Slot } = "f64.ceil";
    /// `f64.floor`.
    F64Floor { dst: Slot, src: Slot } = "f64.floor";
    /// `f64.trunc`.
    F64Trunc { dst: Slot, src: Slot } = "f64.trunc";
    /// `f64.nearest`.
    F64Nearest { dst: Slot, src: Slot } = "f64.nearest";
    /// `f64.sqrt`.
    F64Sqrt { dst: Slot, src: Slot } = "f64.sqrt";
    /// `f64.add`.
    F64Add { dst: Slot, lhs: Slot, rhs: Slot } = "f64.add";
    /// `f64.sub`.
    F64Sub { dst: Slot, lhs: Slot, rhs: Slot } = "f64.sub";
    /// `f64.mul`.
    F64Mul { dst: Slot, lhs: Slot, rhs: Slot } = "f64.mul";
    /// `f64.div`.
    F64Div { dst: Slot, lhs: Slot, rhs: Slot } = "f64.div";
    /// `f64.min`.
    F64Min { dst: Slot, lhs: Slot, rhs: Slot } = "f64.min";
    /// `f64.max`.
    F64Max { dst: Slot, lhs: Slot, rhs: Slot } = "f64.max";
    /// `f64.copysign`.
    F64Copysign { dst: Slot, lhs: Slot, rhs: Slot } = "f64.copysign";

    // ---- conversions ----
    /// `i32.wrap_i64`.
    I32WrapI64 { dst: Slot, src: Slot } + I32WrapI64Acc = "i32.wrap_i64";
    /// `i32.trunc_f32_s`.
    I32TruncF32S { dst: Slot, src: Slot } = "i32.trunc_f32_s";
    /// `i32.trunc_f32_u`.
    I32TruncF32U { dst: Slot, src: Slot } = "i32.trunc_f32_u";
    /// `i32.trunc_f64_s`.
    I32TruncF64S { dst: Slot, src: Slot } = "i32.trunc_f64_s";
    /// `i32.trunc_f64_u`.
    I32TruncF64U { dst: Slot, src: Slot } = "i32.trunc_f64_u";
    /// `i64.extend_i32_s`.
    I64ExtendI32S { dst: Slot, src: Slot } + I64ExtendI32SAcc = "i64.extend_i32_s";
    /// `i64.extend_i32_u`.
    I64ExtendI32U { dst: Slot, src: Slot } + I64ExtendI32UAcc = "i64.extend_i32_u";
    /// `i64.trunc_f32_s`.
    I64TruncF32S { dst: Slot, src: Slot } = "i64.trunc_f32_s";
    /// `i64.trunc_f32_u`.
    I64TruncF32U { dst: Slot, src: Slot } = "i64.trunc_f32_u";
    /// `i64.trunc_f64_s`.
    I64TruncF64S { dst: Slot, src: Slot } = "i64.trunc_f64_s";
    /// `i64.trunc_f64_u`.
    I64TruncF64U { dst: Slot, src: Slot } = "i64.trunc_f64_u";
    /// `f32.convert_i32_s`.
    F32ConvertI32S { dst: Slot, src: Slot } = "f32.convert_i32_s";
    /// `f32.convert_i32_u`.
    F32ConvertI32U { dst: Slot, src: Slot } = "f32.convert_i32_u";
    /// `f32.convert_i64_s`.
    F32ConvertI64S { dst: Slot, src: Slot } = "f32.convert_i64_s";
    /// `f32.convert_i64_u`.
    F32ConvertI64U { dst: Slot, src: Slot } = "f32.convert_i64_u";
    /// `f32.demote_f64`.
    F32DemoteF64 { dst: Slot, src: Slot } = "f32.demote_f64";
    /// `f64.convert_i32_s`.
    F64ConvertI32S { dst: Slot, src: Slot } = "f64.convert_i32_s";
    /// `f64.convert_i32_u`.
    F64ConvertI32U { dst: Slot, src: Slot } = "f64.convert_i32_u";
    /// `f64.convert_i64_s`.
    F64ConvertI64S { dst: Slot, src: Slot } = "f64.convert_i64_s";
    /// `f64.convert_i64_u`.
    F64ConvertI64U { dst: Slot, src: Slot } = "f64.convert_i64_u";
    /// `f64.promote_f32`.
    F64PromoteF32 { dst: Slot, src: Slot } = "f64.promote_f32";
    /// `i32.trunc_sat_f32_s`.
    I32TruncSatF32S { dst: Slot, src: Slot } = "i32.trunc_sat_f32_s";
    /// `i32.trunc_sat_f32_u`.
    I32TruncSatF32U { dst: Slot, src: Slot } = "i32.trunc_sat_f32_u";
    /// `i32.trunc_sat_f64_s`.
    I32TruncSatF64S { dst: Slot, src: Slot } = "i32.trunc_sat_f64_s";
    /// `i32.trunc_sat_f64_u`.
    I32TruncSatF64U { dst: Slot, src: Slot } = "i32.trunc_sat_f64_u";
    /// `i64.trunc_sat_f32_s`.
    I64TruncSatF32S { dst: Slot, src: Slot } = "i64.trunc_sat_f32_s";
    /// `i64.trunc_sat_f32_u`.
    I64TruncSatF32U { dst: Slot, src: Slot } = "i64.trunc_sat_f32_u";
    /// `i64.trunc_sat_f64_s`.
    I64TruncSatF64S { dst: Slot, src: Slot } = "i64.trunc_sat_f64_s";
    /// `i64.trunc_sat_f64_u`.
    I64TruncSatF64U { dst: Slot, src: Slot } = "i64.trunc_sat_f64_u";

    // ---- SIMD: constants, lanes and memory (memory 0, 32-bit offset) ----
    /// `v128.const`: the module's constant number `index`.
    V128Const { dst: Slot, index: u32 } = "v128.const";
    /// `v128.const` whose two 64-bit halves are equal (a splat of any lane
    /// of 64 bits or less, zero, all ones): the half is in the instruction.
    V128ConstSplat64 { dst: Slot, half: u64 } = "v128.const_splat64";
    /// `i8x16.shuffle` with the lane indices in the module's constant `mask`.
    I8x16Shuffle { dst: Slot, lhs: Slot, rhs: Slot, mask: u32 } = "i8x16.shuffle";
    /// `i8x16.splat`.
    I8x16Splat { dst: Slot, src: Slot } = "i8x16.splat";
    /// `i16x8.splat`.
    I16x8Splat { dst: Slot, src: Slot } = "i16x8.splat";
    /// `i32x4.splat` / `f32x4.splat`.
    I32x4Splat { dst: Slot, src: Slot } = "i32x4.splat";
    /// `i64x2.splat` / `f64x2.splat`.
    I64x2Splat { dst: Slot, src: Slot } = "i64x2.splat";
    /// `i8x16.extract_lane_s`.
    I8x16ExtractLaneS { dst: Slot, src: Slot, lane: u8 } = "i8x16.extract_lane_s";
    /// `i8x16.extract_lane_u`.
    I8x16ExtractLaneU { dst: Slot, src: Slot, lane: u8 } = "i8x16.extract_lane_u";
    /// `i16x8.extract_lane_s`.
    I16x8ExtractLaneS { dst: Slot, src: Slot, lane: u8 } = "i16x8.extract_lane_s";
    /// `i16x8.extract_lane_u`.
    I16x8ExtractLaneU { dst: Slot, src: Slot, lane: u8 } = "i16x8.extract_lane_u";
    /// `i32x4.extract_lane` / `f32x4.extract_lane`.
    I32x4ExtractLane { dst: Slot, src: Slot, lane: u8 } = "i32x4.extract_lane";
    /// `i64x2.extract_lane` / `f64x2.extract_lane`.
    I64x2ExtractLane { dst: Slot, src: Slot, lane: u8 } = "i64x2.extract_lane";
    /// `i8x16.replace_lane`.
    I8x16ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } = "i8x16.replace_lane";
    /// `i16x8.replace_lane`.
    I16x8ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } = "i16x8.replace_lane";
    /// `i32x4.replace_lane` / `f32x4.replace_lane`.
    I32x4ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } = "i32x4.replace_lane";
    /// `i64x2.replace_lane` / `f64x2.replace_lane`.
    I64x2ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } = "i64x2.replace_lane";
    /// `v128.load`.
    V128Load { dst: Slot, ptr: Slot, offset: u32 } = "v128.load";
    /// `v128.load8x8_s`.
    V128Load8x8S { dst: Slot, ptr: Slot, offset: u32 } = "v128.load8x8_s";
    /// `v128.load8x8_u`.
    V128Load8x8U { dst: Slot, ptr: Slot, offset: u32 } = "v128.load8x8_u";
    /// `v128.load16x4_s`.
    V128Load16x4S { dst: Slot, ptr: Slot, offset: u32 } = "v128.load16x4_s";
    /// `v128.load16x4_u`.
    V128Load16x4U { dst: Slot, ptr: Slot, offset: u32 } = "v128.load16x4_u";
    /// `v128.load32x2_s`.
    V128Load32x2S { dst: Slot, ptr: Slot, offset: u32 } = "v128.load32x2_s";
    /// `v128.load32x2_u`.
    V128Load32x2U { dst: Slot, ptr: Slot, offset: u32 } = "v128.load32x2_u";
    /// `v128.load8_splat`.
    V128Load8Splat { dst: Slot, ptr: Slot, offset: u32 } = "v128.load8_splat";
    /// `v128.load16_splat`.
    V128Load16Splat { dst: Slot, ptr: Slot, offset: u32 } = "v128.load16_splat";
    /// `v128.load32_splat`.
    V128Load32Splat { dst: Slot, ptr: Slot, offset: u32 } = "v128.load32_splat";
    /// `v128.load64_splat`.
    V128Load64Splat { dst: Slot, ptr: Slot, offset: u32 } = "v128.load64_splat";
    /// `v128.load32_zero`.
    V128Load32Zero { dst: Slot, ptr: Slot, offset: u32 } = "v128.load32_zero";
    /// `v128.load64_zero`.
    V128Load64Zero { dst: Slot, ptr: Slot, offset: u32 } = "v128.load64_zero";
    /// `v128.store`.
    V128Store { ptr: Slot, src: Slot, offset: u32 } = "v128.store";
    /// `v128.load8_lane`.
    V128Load8Lane { dst: Slot, ptr: Slot, vec: Slot, offset: u32, lane: u8 } = "v128.load8_lane";
    /// `v128.load16_lane`.
    V128Load16Lane { dst: Slot, ptr: Slot, vec: Slot, offset: u32, lane: u8 } = "v128.load16_lane";
    /// `v128.load32_lane`.
    V128Load32Lane { dst: Slot, ptr: Slot, vec: Slot, offset: u32, lane: u8 } = "v128.load32_lane";
    /// `v128.load64_lane`.
    V128Load64Lane { dst: Slot, ptr: Slot, vec: Slot, offset: u32, lane: u8 } = "v128.load64_lane";
    /// `v128.store8_lane`.
    V128Store8Lane { ptr: Slot, src: Slot, offset: u32, lane: u8 } = "v128.store8_lane";
    /// `v128.store16_lane`.
    V128Store16Lane { ptr: Slot, src: Slot, offset: u32, lane: u8 } = "v128.store16_lane";
    /// `v128.store32_lane`.
    V128Store32Lane { ptr: Slot, src: Slot, offset: u32, lane: u8 } = "v128.store32_lane";
    /// `v128.store64_lane`.
    V128Store64Lane { ptr: Slot, src: Slot, offset: u32, lane: u8 } = "v128.store64_lane";

    // ---- deterministic mode: NaN canonicalisation in place ----
    /// Replaces a NaN `f32` in `slot` with the canonical NaN.
    CanonF32 { slot: Slot } = "canon.f32";
    /// Replaces a NaN `f64` in `slot` with the canonical NaN.
    CanonF64 { slot: Slot } = "canon.f64";
    /// Replaces NaN `f32x4` lanes in `slot` with the canonical NaN.
    CanonF32x4 { slot: Slot } = "canon.f32x4";
    /// Replaces NaN `f64x2` lanes in `slot` with the canonical NaN.
    CanonF64x2 { slot: Slot } = "canon.f64x2";

    // ---- SIMD: lane-wise operations ----
    /// `i8x16.swizzle`.
    I8x16Swizzle { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.swizzle";
    /// `i8x16.eq`.
    I8x16Eq { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.eq";
    /// `i8x16.ne`.
    I8x16Ne { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.ne";
    /// `i8x16.lt_s`.
    I8x16LtS { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.lt_s";
    /// `i8x16.lt_u`.
    I8x16LtU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.lt_u";
    /// `i8x16.gt_s`.
    I8x16GtS { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.gt_s";
    /// `i8x16.gt_u`.
    I8x16GtU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.gt_u";
    /// `i8x16.le_s`.
    I8x16LeS { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.le_s";
    /// `i8x16.le_u`.
    I8x16LeU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.le_u";
    /// `i8x16.ge_s`.
    I8x16GeS { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.ge_s";
    /// `i8x16.ge_u`.
    I8x16GeU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.ge_u";
    /// `i16x8.eq`.
    I16x8Eq { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.eq";
    /// `i16x8.ne`.
    I16x8Ne { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.ne";
    /// `i16x8.lt_s`.
    I16x8LtS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.lt_s";
    /// `i16x8.lt_u`.
    I16x8LtU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.lt_u";
    /// `i16x8.gt_s`.
    I16x8GtS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.gt_s";
    /// `i16x8.gt_u`.
    I16x8GtU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.gt_u";
    /// `i16x8.le_s`.
    I16x8LeS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.le_s";
    /// `i16x8.le_u`.
    I16x8LeU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.le_u";
    /// `i16x8.ge_s`.
    I16x8GeS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.ge_s";
    /// `i16x8.ge_u`.
    I16x8GeU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.ge_u";
    /// `i32x4.eq`.
    I32x4Eq { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.eq";
    /// `i32x4.ne`.
    I32x4Ne { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.ne";
    /// `i32x4.lt_s`.
    I32x4LtS { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.lt_s";
    /// `i32x4.lt_u`.
    I32x4LtU { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.lt_u";
    /// `i32x4.gt_s`.
    I32x4GtS { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.gt_s";
    /// `i32x4.gt_u`.
    I32x4GtU { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.gt_u";
    /// `i32x4.le_s`.
    I32x4LeS { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.le_s";
    /// `i32x4.le_u`.
    I32x4LeU { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.le_u";
    /// `i32x4.ge_s`.
    I32x4GeS { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.ge_s";
    /// `i32x4.ge_u`.
    I32x4GeU { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.ge_u";
    /// `i64x2.eq`.
    I64x2Eq { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.eq";
    /// `i64x2.ne`.
    I64x2Ne { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.ne";
    /// `i64x2.lt_s`.
    I64x2LtS { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.lt_s";
    /// `i64x2.gt_s`.
    I64x2GtS { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.gt_s";
    /// `i64x2.le_s`.
    I64x2LeS { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.le_s";
    /// `i64x2.ge_s`.
    I64x2GeS { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.ge_s";
    /// `f32x4.eq`.
    F32x4Eq { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.eq";
    /// `f32x4.ne`.
    F32x4Ne { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.ne";
    /// `f32x4.lt`.
    F32x4Lt { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.lt";
    /// `f32x4.gt`.
    F32x4Gt { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.gt";
    /// `f32x4.le`.
    F32x4Le { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.le";
    /// `f32x4.ge`.
    F32x4Ge { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.ge";
    /// `f64x2.eq`.
    F64x2Eq { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.eq";
    /// `f64x2.ne`.
    F64x2Ne { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.ne";
    /// `f64x2.lt`.
    F64x2Lt { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.lt";
    /// `f64x2.gt`.
    F64x2Gt { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.gt";
    /// `f64x2.le`.
    F64x2Le { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.le";
    /// `f64x2.ge`.
    F64x2Ge { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.ge";
    /// `v128.and`.
    V128And { dst: Slot, lhs: Slot, rhs: Slot } = "v128.and";
    /// `v128.andnot`.
    V128AndNot { dst: Slot, lhs: Slot, rhs: Slot } = "v128.andnot";
    /// `v128.or`.
    V128Or { dst: Slot, lhs: Slot, rhs: Slot } = "v128.or";
    /// `v128.xor`.
    V128Xor { dst: Slot, lhs: Slot, rhs: Slot } = "v128.xor";
    /// `i8x16.narrow_i16x8_s`.
    I8x16NarrowI16x8S { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.narrow_i16x8_s";
    /// `i8x16.narrow_i16x8_u`.
    I8x16NarrowI16x8U { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.narrow_i16x8_u";
    /// `i8x16.add`.
    I8x16Add { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.add";
    /// `i8x16.add_sat_s`.
    I8x16AddSatS { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.add_sat_s";
    /// `i8x16.add_sat_u`.
    I8x16AddSatU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.add_sat_u";
    /// `i8x16.sub`.
    I8x16Sub { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.sub";
    /// `i8x16.sub_sat_s`.
    I8x16SubSatS { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.sub_sat_s";
    /// `i8x16.sub_sat_u`.
    I8x16SubSatU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.sub_sat_u";
    /// `i8x16.min_s`.
    I8x16MinS { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.min_s";
    /// `i8x16.min_u`.
    I8x16MinU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.min_u";
    /// `i8x16.max_s`.
    I8x16MaxS { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.max_s";
    /// `i8x16.max_u`.
    I8x16MaxU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.max_u";
    /// `i8x16.avgr_u`.
    I8x16AvgrU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.avgr_u";
    /// `i16x8.q15mulr_sat_s`.
    I16x8Q15MulrSatS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.q15mulr_sat_s";
    /// `i16x8.narrow_i32x4_s`.
    I16x8NarrowI32x4S { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.narrow_i32x4_s";
    /// `i16x8.narrow_i32x4_u`.
    I16x8NarrowI32x4U { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.narrow_i32x4_u";
    /// `i16x8.add`.
    I16x8Add { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.add";
    /// `i16x8.add_sat_s`.
    I16x8AddSatS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.add_sat_s";
    /// `i16x8.add_sat_u`.
    I16x8AddSatU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.add_sat_u";
    /// `i16x8.sub`.
    I16x8Sub { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.sub";
    /// `i16x8.sub_sat_s`.
    I16x8SubSatS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.sub_sat_s";
    /// `i16x8.sub_sat_u`.
    I16x8SubSatU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.sub_sat_u";
    /// `i16x8.mul`.
    I16x8Mul { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.mul";
    /// `i16x8.min_s`.
    I16x8MinS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.min_s";
    /// `i16x8.min_u`.
    I16x8MinU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.min_u";
    /// `i16x8.max_s`.
    I16x8MaxS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.max_s";
    /// `i16x8.max_u`.
    I16x8MaxU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.max_u";
    /// `i16x8.avgr_u`.
    I16x8AvgrU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.avgr_u";
    /// `i16x8.extmul_low_i8x16_s`.
    I16x8ExtMulLowI8x16S { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.extmul_low_i8x16_s";
    /// `i16x8.extmul_high_i8x16_s`.
    I16x8ExtMulHighI8x16S { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.extmul_high_i8x16_s";
    /// `i16x8.extmul_low_i8x16_u`.
    I16x8ExtMulLowI8x16U { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.extmul_low_i8x16_u";
    /// `i16x8.extmul_high_i8x16_u`.
    I16x8ExtMulHighI8x16U { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.extmul_high_i8x16_u";
    /// `i32x4.add`.
    I32x4Add { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.add";
    /// `i32x4.sub`.
    I32x4Sub { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.sub";
    /// `i32x4.mul`.
    I32x4Mul { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.mul";
    /// `i32x4.min_s`.
    I32x4MinS { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.min_s";
    /// `i32x4.min_u`.
    I32x4MinU { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.min_u";
    /// `i32x4.max_s`.
    I32x4MaxS { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.max_s";
    /// `i32x4.max_u`.
    I32x4MaxU { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.max_u";
    /// `i32x4.dot_i16x8_s`.
    I32x4DotI16x8S { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.dot_i16x8_s";
    /// `i32x4.extmul_low_i16x8_s`.
    I32x4ExtMulLowI16x8S { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.extmul_low_i16x8_s";
    /// `i32x4.extmul_high_i16x8_s`.
    I32x4ExtMulHighI16x8S { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.extmul_high_i16x8_s";
    /// `i32x4.extmul_low_i16x8_u`.
    I32x4ExtMulLowI16x8U { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.extmul_low_i16x8_u";
    /// `i32x4.extmul_high_i16x8_u`.
    I32x4ExtMulHighI16x8U { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.extmul_high_i16x8_u";
    /// `i64x2.add`.
    I64x2Add { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.add";
    /// `i64x2.sub`.
    I64x2Sub { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.sub";
    /// `i64x2.mul`.
    I64x2Mul { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.mul";
    /// `i64x2.extmul_low_i32x4_s`.
    I64x2ExtMulLowI32x4S { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.extmul_low_i32x4_s";
    /// `i64x2.extmul_high_i32x4_s`.
    I64x2ExtMulHighI32x4S { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.extmul_high_i32x4_s";
    /// `i64x2.extmul_low_i32x4_u`.
    I64x2ExtMulLowI32x4U { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.extmul_low_i32x4_u";
    /// `i64x2.extmul_high_i32x4_u`.
    I64x2ExtMulHighI32x4U { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.extmul_high_i32x4_u";
    /// `f32x4.add`.
    F32x4Add { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.add";
    /// `f32x4.sub`.
    F32x4Sub { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.sub";
    /// `f32x4.mul`.
    F32x4Mul { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.mul";
    /// `f32x4.div`.
    F32x4Div { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.div";
    /// `f32x4.min`.
    F32x4Min { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.min";
    /// `f32x4.max`.
    F32x4Max { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.max";
    /// `f32x4.pmin`.
    F32x4PMin { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.pmin";
    /// `f32x4.pmax`.
    F32x4PMax { dst: Slot, lhs: Slot, rhs: Slot } = "f32x4.pmax";
    /// `f64x2.add`.
    F64x2Add { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.add";
    /// `f64x2.sub`.
    F64x2Sub { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.sub";
    /// `f64x2.mul`.
    F64x2Mul { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.mul";
    /// `f64x2.div`.
    F64x2Div { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.div";
    /// `f64x2.min`.
    F64x2Min { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.min";
    /// `f64x2.max`.
    F64x2Max { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.max";
    /// `f64x2.pmin`.
    F64x2PMin { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.pmin";
    /// `f64x2.pmax`.
    F64x2PMax { dst: Slot, lhs: Slot, rhs: Slot } = "f64x2.pmax";
    /// `i16x8.relaxed_dot_i8x16_i7x16_s`.
    I16x8RelaxedDotI8x16I7x16S { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.relaxed_dot_i8x16_i7x16_s";
    /// `v128.not`.
    V128Not { dst: Slot, src: Slot } = "v128.not";
    /// `i8x16.abs`.
    I8x16Abs { dst: Slot, src: Slot } = "i8x16.abs";
    /// `i8x16.neg`.
    I8x16Neg { dst: Slot, src: Slot } = "i8x16.neg";
    /// `i8x16.popcnt`.
    I8x16Popcnt { dst: Slot, src: Slot } = "i8x16.popcnt";
    /// `i16x8.extadd_pairwise_i8x16_s`.
    I16x8ExtAddPairwiseI8x16S { dst: Slot, src: Slot } = "i16x8.extadd_pairwise_i8x16_s";
    /// `i16x8.extadd_pairwise_i8x16_u`.
    I16x8ExtAddPairwiseI8x16U { dst: Slot, src: Slot } = "i16x8.extadd_pairwise_i8x16_u";
    /// `i16x8.abs`.
    I16x8Abs { dst: Slot, src: Slot } = "i16x8.abs";
    /// `i16x8.neg`.
    I16x8Neg { dst: Slot, src: Slot } = "i16x8.neg";
    /// `i16x8.extend_low_i8x16_s`.
    I16x8ExtendLowI8x16S { dst: Slot, src: Slot } = "i16x8.extend_low_i8x16_s";
    /// `i16x8.extend_high_i8x16_s`.
    I16x8ExtendHighI8x16S { dst: Slot, src: Slot } = "i16x8.extend_high_i8x16_s";
    /// `i16x8.extend_low_i8x16_u`.
    I16x8ExtendLowI8x16U { dst: Slot, src: Slot } = "i16x8.extend_low_i8x16_u";
    /// `i16x8.extend_high_i8x16_u`.
    I16x8ExtendHighI8x16U { dst: Slot, src: Slot } = "i16x8.extend_high_i8x16_u";
    /// `i32x4.extadd_pairwise_i16x8_s`.
    I32x4ExtAddPairwiseI16x8S { dst: Slot, src: Slot } = "i32x4.extadd_pairwise_i16x8_s";
    /// `i32x4.extadd_pairwise_i16x8_u`.
    I32x4ExtAddPairwiseI16x8U { dst: Slot, src: Slot } = "i32x4.extadd_pairwise_i16x8_u";
    /// `i32x4.abs`.
    I32x4Abs { dst: Slot, src: Slot } = "i32x4.abs";
    /// `i32x4.neg`.
    I32x4Neg { dst: Slot, src: Slot } = "i32x4.neg";
    /// `i32x4.extend_low_i16x8_s`.
    I32x4ExtendLowI16x8S { dst: Slot, src: Slot } = "i32x4.extend_low_i16x8_s";
    /// `i32x4.extend_high_i16x8_s`.
    I32x4ExtendHighI16x8S { dst: Slot, src: Slot } = "i32x4.extend_high_i16x8_s";
    /// `i32x4.extend_low_i16x8_u`.
    I32x4ExtendLowI16x8U { dst: Slot, src: Slot } = "i32x4.extend_low_i16x8_u";
    /// `i32x4.extend_high_i16x8_u`.
    I32x4ExtendHighI16x8U { dst: Slot, src: Slot } = "i32x4.extend_high_i16x8_u";
    /// `i64x2.abs`.
    I64x2Abs { dst: Slot, src: Slot } = "i64x2.abs";
    /// `i64x2.neg`.
    I64x2Neg { dst: Slot, src: Slot } = "i64x2.neg";
    /// `i64x2.extend_low_i32x4_s`.
    I64x2ExtendLowI32x4S { dst: Slot, src: Slot } = "i64x2.extend_low_i32x4_s";
    /// `i64x2.extend_high_i32x4_s`.
    I64x2ExtendHighI32x4S { dst: Slot, src: Slot } = "i64x2.extend_high_i32x4_s";
    /// `i64x2.extend_low_i32x4_u`.
    I64x2ExtendLowI32x4U { dst: Slot, src: Slot } = "i64x2.extend_low_i32x4_u";
    /// `i64x2.extend_high_i32x4_u`.
    I64x2ExtendHighI32x4U { dst: Slot, src: Slot } = "i64x2.extend_high_i32x4_u";
    /// `f32x4.ceil`.
    F32x4Ceil { dst: Slot, src: Slot } = "f32x4.ceil";
    /// `f32x4.floor`.
    F32x4Floor { dst: Slot, src: Slot } = "f32x4.floor";
    /// `f32x4.trunc`.
    F32x4Trunc { dst: Slot, src: Slot } = "f32x4.trunc";
    /// `f32x4.nearest`.
    F32x4Nearest { dst: Slot, src: Slot } = "f32x4.nearest";
    /// `f32x4.abs`.
    F32x4Abs { dst: Slot, src: Slot } = "f32x4.abs";
    /// `f32x4.neg`.
    F32x4Neg { dst: Slot, src: Slot } = "f32x4.neg";
    /// `f32x4.sqrt`.
    F32x4Sqrt { dst: Slot, src: Slot } = "f32x4.sqrt";
    /// `f64x2.ceil`.
    F64x2Ceil { dst: Slot, src: Slot } = "f64x2.ceil";
    /// `f64x2.floor`.
    F64x2Floor { dst: Slot, src: Slot } = "f64x2.floor";
    /// `f64x2.trunc`.
    F64x2Trunc { dst: Slot, src: Slot } = "f64x2.trunc";
    /// `f64x2.nearest`.
    F64x2Nearest { dst: Slot, src: Slot } = "f64x2.nearest";
    /// `f64x2.abs`.
    F64x2Abs { dst: Slot, src: Slot } = "f64x2.abs";
    /// `f64x2.neg`.
    F64x2Neg { dst: Slot, src: Slot } = "f64x2.neg";
    /// `f64x2.sqrt`.
    F64x2Sqrt { dst: Slot, src: Slot } = "f64x2.sqrt";
    /// `i32x4.trunc_sat_f32x4_s`.
    I32x4TruncSatF32x4S { dst: Slot, src: Slot } = "i32x4.trunc_sat_f32x4_s";
    /// `i32x4.trunc_sat_f32x4_u`.
    I32x4TruncSatF32x4U { dst: Slot, src: Slot } = "i32x4.trunc_sat_f32x4_u";
    /// `f32x4.convert_i32x4_s`.
    F32x4ConvertI32x4S { dst: Slot, src: Slot } = "f32x4.convert_i32x4_s";
    /// `f32x4.convert_i32x4_u`.
    F32x4ConvertI32x4U { dst: Slot, src: Slot } = "f32x4.convert_i32x4_u";
    /// `i32x4.trunc_sat_f64x2_s_zero`.
    I32x4TruncSatF64x2SZero { dst: Slot, src: Slot } = "i32x4.trunc_sat_f64x2_s_zero";
    /// `i32x4.trunc_sat_f64x2_u_zero`.
    I32x4TruncSatF64x2UZero { dst: Slot, src: Slot } = "i32x4.trunc_sat_f64x2_u_zero";
    /// `f64x2.convert_low_i32x4_s`.
    F64x2ConvertLowI32x4S { dst: Slot, src: Slot } = "f64x2.convert_low_i32x4_s";
    /// `f64x2.convert_low_i32x4_u`.
    F64x2ConvertLowI32x4U { dst: Slot, src: Slot } = "f64x2.convert_low_i32x4_u";
    /// `f32x4.demote_f64x2_zero`.
    F32x4DemoteF64x2Zero { dst: Slot, src: Slot } = "f32x4.demote_f64x2_zero";
    /// `f64x2.promote_low_f32x4`.
    F64x2PromoteLowF32x4 { dst: Slot, src: Slot } = "f64x2.promote_low_f32x4";
    /// `v128.any_true`.
    V128AnyTrue { dst: Slot, src: Slot } = "v128.any_true";
    /// `i8x16.all_true`.
    I8x16AllTrue { dst: Slot, src: Slot } = "i8x16.all_true";
    /// `i8x16.bitmask`.
    I8x16Bitmask { dst: Slot, src: Slot } = "i8x16.bitmask";
    /// `i16x8.all_true`.
    I16x8AllTrue { dst: Slot, src: Slot } = "i16x8.all_true";
    /// `i16x8.bitmask`.
    I16x8Bitmask { dst: Slot, src: Slot } = "i16x8.bitmask";
    /// `i32x4.all_true`.
    I32x4AllTrue { dst: Slot, src: Slot } = "i32x4.all_true";
    /// `i32x4.bitmask`.
    I32x4Bitmask { dst: Slot, src: Slot } = "i32x4.bitmask";
    /// `i64x2.all_true`.
    I64x2AllTrue { dst: Slot, src: Slot } = "i64x2.all_true";
    /// `i64x2.bitmask`.
    I64x2Bitmask { dst: Slot, src: Slot } = "i64x2.bitmask";
    /// `i8x16.shl`.
    I8x16Shl { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.shl";
    /// `i8x16.shr_s`.
    I8x16ShrS { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.shr_s";
    /// `i8x16.shr_u`.
    I8x16ShrU { dst: Slot, lhs: Slot, rhs: Slot } = "i8x16.shr_u";
    /// `i16x8.shl`.
    I16x8Shl { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.shl";
    /// `i16x8.shr_s`.
    I16x8ShrS { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.shr_s";
    /// `i16x8.shr_u`.
    I16x8ShrU { dst: Slot, lhs: Slot, rhs: Slot } = "i16x8.shr_u";
    /// `i32x4.shl`.
    I32x4Shl { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.shl";
    /// `i32x4.shr_s`.
    I32x4ShrS { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.shr_s";
    /// `i32x4.shr_u`.
    I32x4ShrU { dst: Slot, lhs: Slot, rhs: Slot } = "i32x4.shr_u";
    /// `i64x2.shl`.
    I64x2Shl { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.shl";
    /// `i64x2.shr_s`.
    I64x2ShrS { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.shr_s";
    /// `i64x2.shr_u`.
    I64x2ShrU { dst: Slot, lhs: Slot, rhs: Slot } = "i64x2.shr_u";
    // Shifts by a constant amount (taken modulo the lane width, as wasm does).
    /// `i8x16.shl` by the constant `amount`.
    I8x16ShlImm { dst: Slot, lhs: Slot, amount: u32 } = "i8x16.shl_imm";
    /// `i8x16.shr_s` by the constant `amount`.
    I8x16ShrSImm { dst: Slot, lhs: Slot, amount: u32 } = "i8x16.shr_s_imm";
    /// `i8x16.shr_u` by the constant `amount`.
    I8x16ShrUImm { dst: Slot, lhs: Slot, amount: u32 } = "i8x16.shr_u_imm";
    /// `i16x8.shl` by the constant `amount`.
    I16x8ShlImm { dst: Slot, lhs: Slot, amount: u32 } = "i16x8.shl_imm";
    /// `i16x8.shr_s` by the constant `amount`.
    I16x8ShrSImm { dst: Slot, lhs: Slot, amount: u32 } = "i16x8.shr_s_imm";
    /// `i16x8.shr_u` by the constant `amount`.
    I16x8ShrUImm { dst: Slot, lhs: Slot, amount: u32 } = "i16x8.shr_u_imm";
    /// `i32x4.shl` by the constant `amount`.
    I32x4ShlImm { dst: Slot, lhs: Slot, amount: u32 } = "i32x4.shl_imm";
    /// `i32x4.shr_s` by the constant `amount`.
    I32x4ShrSImm { dst: Slot, lhs: Slot, amount: u32 } = "i32x4.shr_s_imm";
    /// `i32x4.shr_u` by the constant `amount`.
    I32x4ShrUImm { dst: Slot, lhs: Slot, amount: u32 } = "i32x4.shr_u_imm";
    /// `i64x2.shl` by the constant `amount`.
    I64x2ShlImm { dst: Slot, lhs: Slot, amount: u32 } = "i64x2.shl_imm";
    /// `i64x2.shr_s` by the constant `amount`.
    I64x2ShrSImm { dst: Slot, lhs: Slot, amount: u32 } = "i64x2.shr_s_imm";
    /// `i64x2.shr_u` by the constant `amount`.
    I64x2ShrUImm { dst: Slot, lhs: Slot, amount: u32 } = "i64x2.shr_u_imm";
    /// `v128.bitselect`.
    V128Bitselect { dst: Slot, a: Slot, b: Slot, c: Slot } = "v128.bitselect";
    /// `f32x4.relaxed_madd`.
    F32x4RelaxedMadd { dst: Slot, a: Slot, b: Slot, c: Slot } = "f32x4.relaxed_madd";
    /// `f32x4.relaxed_nmadd`.
    F32x4RelaxedNmadd { dst: Slot, a: Slot, b: Slot, c: Slot } = "f32x4.relaxed_nmadd";
    /// `f64x2.relaxed_madd`.
    F64x2RelaxedMadd { dst: Slot, a: Slot, b: Slot, c: Slot } = "f64x2.relaxed_madd";
    /// `f64x2.relaxed_nmadd`.
    F64x2RelaxedNmadd { dst: Slot, a: Slot, b: Slot, c: Slot } = "f64x2.relaxed_nmadd";
    /// `i32x4.relaxed_dot_i8x16_i7x16_add_s`.
    I32x4RelaxedDotI8x16I7x16AddS { dst: Slot, a: Slot, b: Slot, c: Slot } = "i32x4.relaxed_dot_i8x16_i7x16_add_s";

    // ---- tail-call proposal ----
    // A tail call moves its `params` argument slots from `base` to slot 0
    // and the callee's frame replaces the running one. A host callee leaves
    // its results at slot 0 and execution continues after the instruction,
    // where the translator puts a return of the function's results.
    /// Tail-call a function defined in this module.
    ReturnCallInternal { func: u32, base: Slot, params: u16, cost: Cost } = "return_call";
    /// Tail-call an imported function.
    ReturnCallImported { func: u32, base: Slot, params: u16, cost: Cost } = "return_call_imported";
    /// Tail-call through `table` at the index in `index`, checking type `ty`.
    ReturnCallIndirect { table: u16, ty: u32, index: Slot, base: Slot, params: u16, cost: Cost } = "return_call_indirect";

    // ---- function-references proposal ----
    // `br_on_null` and `br_on_non_null` are fused branches on the reference
    // (`br_i64.eq_imm` / `br_i64.ne_imm` with 0, as null is 0).
    /// Call the function referenced by `callee` (trap if null); arguments
    /// start at `base`.
    CallRef { callee: Slot, base: Slot, cost: Cost } = "call_ref";
    /// Tail-call the function referenced by `callee` (trap if null).
    ReturnCallRef { callee: Slot, base: Slot, params: u16, cost: Cost } = "return_call_ref";
    /// Trap if the reference in `src` is null (`ref.as_non_null`).
    RefAsNonNull { src: Slot } = "ref.as_non_null";

    // ---- threads proposal: atomic memory instructions (any memory) ----
    // `arg` indexes the module's atomic immediates (`AtomicArg`: memory,
    // offset, width, operation). Accesses on shared memories use the general
    // memory instructions above, never the memory-0 ones.
    /// An atomic load, zero-extended into `dst`.
    AtomicLoad { dst: Slot, ptr: Slot, arg: u32 } = "atomic.load";
    /// An atomic store of `src`'s low bytes.
    AtomicStore { ptr: Slot, src: Slot, arg: u32 } = "atomic.store";
    /// An atomic read-modify-write with operand `src`; `dst` gets the old value.
    AtomicRmw { dst: Slot, ptr: Slot, src: Slot, arg: u32 } = "atomic.rmw";
    /// `atomic.rmw.cmpxchg`: writes `replacement` if the value is `expected`;
    /// `dst` gets the old value.
    AtomicCmpxchg { dst: Slot, ptr: Slot, expected: Slot, replacement: Slot, arg: u32 } = "atomic.rmw.cmpxchg";
    /// `memory.atomic.notify`: `dst` gets the number of waiters woken.
    AtomicNotify { dst: Slot, ptr: Slot, count: Slot, arg: u32 } = "memory.atomic.notify";
    /// `memory.atomic.wait32` / `wait64` (by the width): `dst` gets 0 (woken),
    /// 1 (not equal) or 2 (timed out).
    AtomicWait { dst: Slot, ptr: Slot, expected: Slot, timeout: Slot, arg: u32 } = "memory.atomic.wait";
    /// `atomic.fence`.
    AtomicFence {} = "atomic.fence";
    // ---- exception-handling proposal ----
    // Both end a segment and never continue with the next instruction:
    // execution goes on at the catching clause's target (see `handlers`) or
    // the call fails. `try_table` itself is no instruction at all.
    /// Throw a new exception of module tag `tag` whose payload is the
    /// `count` slots from `base`.
    Throw { tag: u32, base: Slot, count: u16, cost: Cost } = "throw";
    /// Throw the exception `exn` refers to again (trap if null).
    ThrowRef { exn: Slot, cost: Cost } = "throw_ref";
}

/// What the translator's passes and the code verifier ask of every
/// instruction, known per opcode: they answer with a table load and a read
/// at a known position instead of a `match` over the whole instruction set.
///
/// Operand positions are byte offsets into the instruction (0, the tag's
/// place, for none). `repr(u16)` makes every variant a `repr(C)` struct of
/// the tag and the fields in order, so an offset computed from the field
/// list (`define_ops_flat!`) is where the field is; a test checks every
/// opcode's facts against a `match` over its fields.
#[derive(Copy, Clone, Debug)]
pub(crate) struct OpFacts {
    /// Where the result slot named `dst` is.
    dst: u8,
    /// Where the branch offset is.
    branch: u8,
    /// Where the operand an accumulator form takes from the accumulator
    /// is: the first slot after `dst`, or the first slot if there is no
    /// `dst`.
    forwarded: u8,
    /// Bit `i` set: a slot operand at byte offset `2 * i`.
    slots: u8,
    /// It has an accumulator form.
    has_accumulator_form: bool,
}

impl OpFacts {
    const fn new(has_accumulator_form: bool) -> OpFacts {
        OpFacts { dst: 0, branch: 0, forwarded: 0, slots: 0, has_accumulator_form }
    }

    /// The facts with one more operand, at byte offset `at`: a slot, a
    /// branch offset or something else; `dst` if it is the result,
    /// `forwarded` if it is the slot an accumulator form would forward.
    const fn with_operand(mut self, at: usize, is_slot: bool, is_branch: bool, dst: bool, forwarded: bool) -> OpFacts {
        assert!(at < size_of::<Op>() && at.is_multiple_of(2), "operands are 16-bit aligned within an instruction");
        let at_u8 = at as u8;
        if is_slot {
            self.slots |= 1 << (at / 2);
            if dst {
                self.dst = at_u8;
            }
            if forwarded {
                self.forwarded = at_u8;
            }
        }
        if is_branch {
            self.branch = at_u8;
        }
        self
    }

    /// It has an accumulator form.
    pub(crate) fn has_accumulator_form(self) -> bool {
        self.has_accumulator_form
    }
}

impl Op {
    /// The facts about this instruction's opcode.
    #[inline(always)]
    pub(crate) fn facts(&self) -> OpFacts {
        OP_FACTS[self.opcode() as usize]
    }

    /// The operand at byte offset `at`, or `None` if `at` is 0 (none).
    ///
    /// # Safety
    ///
    /// `at` is 0 or the offset of a field of type `T` of this instruction,
    /// as its `OpFacts` give it.
    #[inline(always)]
    unsafe fn operand_at<T: Copy>(&self, at: u8) -> Option<T> {
        // SAFETY: the caller names a `T` field at `at` (see `OpFacts` for
        // why the offset is the field's), so the read is in bounds, aligned
        // (`repr(C)` aligns every field, and `Op` is at least as aligned)
        // and of an initialized `T`.
        (at != 0).then(|| unsafe { std::ptr::from_ref(self).cast::<u8>().add(usize::from(at)).cast::<T>().read() })
    }

    /// Writes `value` over the operand at byte offset `at`; `false` if `at`
    /// is 0 (none).
    ///
    /// # Safety
    ///
    /// As for [`Op::operand_at`].
    #[inline(always)]
    unsafe fn set_operand_at<T>(&mut self, at: u8, value: T) -> bool {
        if at == 0 {
            return false;
        }
        // SAFETY: as in `operand_at`; any `T` is a valid value of the field.
        unsafe { std::ptr::from_mut(self).cast::<u8>().add(usize::from(at)).cast::<T>().write(value) };
        true
    }

    /// The slot this instruction writes its single result to, if it has an
    /// operand named `dst`.
    #[inline(always)]
    pub(crate) fn dst(&self) -> Option<Slot> {
        // SAFETY: the facts' `dst` is 0 or the offset of a `Slot` field.
        unsafe { self.operand_at(self.facts().dst) }
    }

    /// Sets the `dst` operand (the translator retargets results); `false`
    /// if there is none.
    #[inline(always)]
    pub(crate) fn set_dst(&mut self, dst: Slot) -> bool {
        // SAFETY: the facts' `dst` is 0 or the offset of a `Slot` field.
        unsafe { self.set_operand_at(self.facts().dst, dst) }
    }

    /// The highest slot operand, if there is one.
    pub(crate) fn max_slot(&self) -> Option<Slot> {
        let mut slots = self.facts().slots;
        let mut highest = None;
        while slots != 0 {
            let at = slots.trailing_zeros() as u8 * 2;
            // SAFETY: bit `at / 2` of the facts' `slots` is set: a `Slot`
            // field is at `at`.
            highest = highest.max(unsafe { self.operand_at::<Slot>(at) });
            slots &= slots - 1;
        }
        highest
    }

    /// The operand this instruction's accumulator form takes from the
    /// accumulator, if it has a slot operand there.
    pub(crate) fn forwarded_operand(&self) -> Option<Slot> {
        // SAFETY: the facts' `forwarded` is 0 or the offset of a `Slot` field.
        unsafe { self.operand_at(self.facts().forwarded) }
    }

    /// The branch offset operand, if this is a branch.
    #[inline(always)]
    pub(crate) fn branch_offset(&self) -> Option<BranchOffset> {
        // SAFETY: the facts' `branch` is 0 or the offset of a `BranchOffset` field.
        unsafe { self.operand_at(self.facts().branch) }
    }

    /// Sets the branch offset operand; `false` if this is not a branch.
    #[inline(always)]
    pub(crate) fn set_branch_offset(&mut self, offset: BranchOffset) -> bool {
        // SAFETY: the facts' `branch` is 0 or the offset of a `BranchOffset` field.
        unsafe { self.set_operand_at(self.facts().branch, offset) }
    }

    /// The accumulator form of this instruction, if it has one.
    #[inline(always)]
    pub(crate) fn accumulator_form(self) -> Option<Op> {
        if self.facts().has_accumulator_form { self.accumulator_form_by_match() } else { None }
    }

    /// Where this instruction, at position `at`, branches to, if it is a
    /// branch (out-of-range targets are left for the code verifier).
    pub(crate) fn branch_target(&self, at: usize) -> Option<usize> {
        at.checked_add_signed(self.branch_offset()?.0 as isize)
    }

    /// How many entries a `br_table` has (they follow it): `None` if this
    /// is not one.
    pub(crate) fn table_entries(&self) -> Option<usize> {
        match *self {
            Op::BrTable { len, .. }
            | Op::BrTableAcc { len, .. }
            | Op::BrTableAddImm { len, .. }
            | Op::BrTableAddImmAcc { len, .. } => Some(len as usize + 1),
            _ => None,
        }
    }

    /// Whether the instruction never continues with the next one: an
    /// unconditional branch, return, tail call within the module, throw or
    /// trap. (A `br_table` continues onto its entries; a tail call that may
    /// reach a host function continues with the return after it when the
    /// host function returns.)
    pub(crate) fn is_terminator(&self) -> bool {
        matches!(
            self,
            Op::Br { .. }
                | Op::BrConst32 { .. }
                | Op::Return { .. }
                | Op::ReturnSlot { .. }
                | Op::ReturnSlotAcc { .. }
                | Op::ReturnSlots { .. }
                | Op::ReturnCallInternal { .. }
                | Op::Throw { .. }
                | Op::ThrowRef { .. }
                | Op::Unreachable {}
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_is_sixteen_bytes() {
        // Pinned: the executor's cache behaviour depends on it.
        assert_eq!(std::mem::size_of::<Op>(), 16);
    }

    #[test]
    fn disassembly_names_operands() {
        let op = Op::I32AddImm { dst: Slot(3), lhs: Slot(1), imm: -2 };
        assert_eq!(op.to_string(), "i32.add_imm dst=s3 lhs=s1 imm=-2");
        let br = Op::BrIfNez { cond: Slot(0), offset: BranchOffset(-4), cost: Cost(3) };
        assert_eq!(br.to_string(), "br_if_nez cond=s0 offset=-4 cost=3");
    }

    #[test]
    fn visitors_find_slots_and_branches() {
        let mut op = Op::Select { dst: Slot(4), cond: Slot(1), if_true: Slot(2), if_false: Slot(3) };
        assert_eq!(op.max_slot(), Some(Slot(4)));
        assert_eq!(Op::Br { offset: BranchOffset(0), cost: Cost::ZERO }.max_slot(), None);
        assert!(op.facts().has_accumulator_form());
        assert_eq!(op.forwarded_operand(), Some(Slot(1)));
        let fill = Op::MemoryFill { dst_addr: Slot(0), value: Slot(1), len: Slot(2), mem: 0 };
        assert!(!fill.facts().has_accumulator_form() && fill.accumulator_form().is_none());
        assert!(!op.set_branch_offset(BranchOffset(1)) && op.branch_offset().is_none());
        assert!(op.set_dst(Slot(9)));
        assert!(matches!(op, Op::Select { dst: Slot(9), .. }));
        let mut fill = Op::MemoryFill { dst_addr: Slot(0), value: Slot(1), len: Slot(2), mem: 0 };
        assert!(fill.dst().is_none(), "address operands are inputs, not results");
        assert!(!fill.set_dst(Slot(9)));
        let mut br = Op::Br { offset: BranchOffset(0), cost: Cost::ZERO };
        assert!(br.set_branch_offset(BranchOffset(7)));
        assert_eq!(br.branch_offset(), Some(BranchOffset(7)));
        assert_eq!(br.dst(), None);
    }

    #[test]
    fn facts_agree_with_every_opcodes_fields() {
        // The accessors read operands at the offsets `OpFacts` worked out
        // from the field lists; a `match` over the fields is the reference.
        let ops = Op::every_opcode();
        assert_eq!(ops.len(), OP_COUNT);
        for (code, op) in ops.into_iter().enumerate() {
            assert_eq!(op.opcode() as usize, code);
            assert_eq!(op.dst(), op.dst_by_match(), "dst of {op}");
            assert_eq!(op.branch_offset(), op.branch_offset_by_match(), "branch offset of {op}");
            assert_eq!(op.forwarded_operand(), op.forwarded_operand_by_match(), "forwarded operand of {op}");
            assert_eq!(op.max_slot(), op.max_slot_by_match(), "highest slot of {op}");
            let mut written = op;
            if written.set_dst(Slot(300)) {
                assert_eq!(written.dst_by_match(), Some(Slot(300)), "dst of {op} written");
                assert_eq!(written.max_slot(), Some(Slot(300)));
            }
            let mut written = op;
            if written.set_branch_offset(BranchOffset(-70000)) {
                assert_eq!(written.branch_offset_by_match(), Some(BranchOffset(-70000)), "offset of {op} written");
            }
        }
    }
}
