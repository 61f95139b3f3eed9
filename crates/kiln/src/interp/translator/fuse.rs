//! Fusing a comparison into the conditional branch that consumes it: `br_if`
//! (or `if`) on the result of `i32.lt_u` becomes one `br_i32.lt_u`, which
//! saves an instruction and a trip through a slot per loop iteration.

use super::super::ops::{BranchOffset, Cost, Op};

/// The branch that jumps when `compare` holds (when it fails, if `negate`),
/// or `None` if `compare` has no fused form. Integer comparisons negate by
/// swapping for their complement; `eqz` becomes a test of its operand.
/// Floating-point orderings have no complement (both `a < b` and `a >= b`
/// fail when either is NaN), so they negate to a `not_` form.
pub(super) fn fused_branch(compare: Op, negate: bool, offset: BranchOffset, cost: Cost) -> Option<Op> {
    macro_rules! fusions {
        (
            integers { $( $cmp:ident, $cmp_imm:ident => $br:ident, $br_imm:ident | $neg:ident, $neg_imm:ident; )* }
            floats { $( $fcmp:ident => $fbr:ident | $fneg:ident; )* }
        ) => {
            match compare {
                $(
                    Op::$fcmp { lhs, rhs, .. } => {
                        Some(if negate { Op::$fneg { lhs, rhs, offset, cost } } else { Op::$fbr { lhs, rhs, offset, cost } })
                    }
                )*
                $(
                    Op::$cmp { lhs, rhs, .. } => {
                        Some(if negate { Op::$neg { lhs, rhs, offset, cost } } else { Op::$br { lhs, rhs, offset, cost } })
                    }
                    Op::$cmp_imm { lhs, imm, .. } => {
                        let imm = i32::try_from(imm).ok()?;
                        Some(if negate {
                            Op::$neg_imm { lhs, imm, offset, cost }
                        } else {
                            Op::$br_imm { lhs, imm, offset, cost }
                        })
                    }
                )*
                Op::I32Eqz { src, .. } => {
                    Some(if negate { Op::BrIfNez { cond: src, offset, cost } } else { Op::BrIfEqz { cond: src, offset, cost } })
                }
                Op::I64Eqz { src, .. } => Some(if negate {
                    Op::BrI64NeImm { lhs: src, imm: 0, offset, cost }
                } else {
                    Op::BrI64EqImm { lhs: src, imm: 0, offset, cost }
                }),
                _ => None,
            }
        };
    }
    fusions! {
        integers {
            I32Eq, I32EqImm => BrI32Eq, BrI32EqImm | BrI32Ne, BrI32NeImm;
            I32Ne, I32NeImm => BrI32Ne, BrI32NeImm | BrI32Eq, BrI32EqImm;
            I32LtS, I32LtSImm => BrI32LtS, BrI32LtSImm | BrI32GeS, BrI32GeSImm;
            I32LtU, I32LtUImm => BrI32LtU, BrI32LtUImm | BrI32GeU, BrI32GeUImm;
            I32GtS, I32GtSImm => BrI32GtS, BrI32GtSImm | BrI32LeS, BrI32LeSImm;
            I32GtU, I32GtUImm => BrI32GtU, BrI32GtUImm | BrI32LeU, BrI32LeUImm;
            I32LeS, I32LeSImm => BrI32LeS, BrI32LeSImm | BrI32GtS, BrI32GtSImm;
            I32LeU, I32LeUImm => BrI32LeU, BrI32LeUImm | BrI32GtU, BrI32GtUImm;
            I32GeS, I32GeSImm => BrI32GeS, BrI32GeSImm | BrI32LtS, BrI32LtSImm;
            I32GeU, I32GeUImm => BrI32GeU, BrI32GeUImm | BrI32LtU, BrI32LtUImm;
            I64Eq, I64EqImm => BrI64Eq, BrI64EqImm | BrI64Ne, BrI64NeImm;
            I64Ne, I64NeImm => BrI64Ne, BrI64NeImm | BrI64Eq, BrI64EqImm;
            I64LtS, I64LtSImm => BrI64LtS, BrI64LtSImm | BrI64GeS, BrI64GeSImm;
            I64LtU, I64LtUImm => BrI64LtU, BrI64LtUImm | BrI64GeU, BrI64GeUImm;
            I64GtS, I64GtSImm => BrI64GtS, BrI64GtSImm | BrI64LeS, BrI64LeSImm;
            I64GtU, I64GtUImm => BrI64GtU, BrI64GtUImm | BrI64LeU, BrI64LeUImm;
            I64LeS, I64LeSImm => BrI64LeS, BrI64LeSImm | BrI64GtS, BrI64GtSImm;
            I64LeU, I64LeUImm => BrI64LeU, BrI64LeUImm | BrI64GtU, BrI64GtUImm;
            I64GeS, I64GeSImm => BrI64GeS, BrI64GeSImm | BrI64LtS, BrI64LtSImm;
            I64GeU, I64GeUImm => BrI64GeU, BrI64GeUImm | BrI64LtU, BrI64LtUImm;
        }
        floats {
            F32Eq => BrF32Eq | BrF32Ne;
            F32Ne => BrF32Ne | BrF32Eq;
            F32Lt => BrF32Lt | BrF32NotLt;
            F32Gt => BrF32Gt | BrF32NotGt;
            F32Le => BrF32Le | BrF32NotLe;
            F32Ge => BrF32Ge | BrF32NotGe;
            F64Eq => BrF64Eq | BrF64Ne;
            F64Ne => BrF64Ne | BrF64Eq;
            F64Lt => BrF64Lt | BrF64NotLt;
            F64Gt => BrF64Gt | BrF64NotGt;
            F64Le => BrF64Le | BrF64NotLe;
            F64Ge => BrF64Ge | BrF64NotGe;
        }
    }
}

/// Whether `compare` has a fused branch form.
pub(super) fn is_fusable(compare: Op) -> bool {
    fused_branch(compare, false, BranchOffset(0), Cost::ZERO).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::ops::Slot;

    const AT: BranchOffset = BranchOffset(-3);

    #[test]
    fn comparisons_fuse_and_negate() {
        let lt = Op::I32LtU { dst: Slot(9), lhs: Slot(1), rhs: Slot(2) };
        let fused = fused_branch(lt, false, AT, Cost(4));
        assert_eq!(fused, Some(Op::BrI32LtU { lhs: Slot(1), rhs: Slot(2), offset: AT, cost: Cost(4) }));
        let negated = fused_branch(lt, true, AT, Cost(4));
        assert_eq!(negated, Some(Op::BrI32GeU { lhs: Slot(1), rhs: Slot(2), offset: AT, cost: Cost(4) }));
    }

    #[test]
    fn float_orderings_negate_without_assuming_an_order() {
        let lt = Op::F64Lt { dst: Slot(9), lhs: Slot(1), rhs: Slot(2) };
        let negated = fused_branch(lt, true, AT, Cost(4));
        assert_eq!(negated, Some(Op::BrF64NotLt { lhs: Slot(1), rhs: Slot(2), offset: AT, cost: Cost(4) }));
        let eq = Op::F32Eq { dst: Slot(9), lhs: Slot(1), rhs: Slot(2) };
        let negated = fused_branch(eq, true, AT, Cost::ZERO);
        assert_eq!(negated, Some(Op::BrF32Ne { lhs: Slot(1), rhs: Slot(2), offset: AT, cost: Cost::ZERO }));
    }

    #[test]
    fn i64_immediates_fuse_only_when_they_fit_32_bits() {
        let small = Op::I64GtSImm { dst: Slot(9), lhs: Slot(1), imm: -5 };
        let fused = fused_branch(small, true, AT, Cost::ZERO);
        assert_eq!(fused, Some(Op::BrI64LeSImm { lhs: Slot(1), imm: -5, offset: AT, cost: Cost::ZERO }));
        let large = Op::I64GtSImm { dst: Slot(9), lhs: Slot(1), imm: 1 << 40 };
        assert_eq!(fused_branch(large, false, AT, Cost::ZERO), None);
    }

    #[test]
    fn eqz_tests_its_operand_and_other_ops_do_not_fuse() {
        let eqz = Op::I32Eqz { dst: Slot(9), src: Slot(3) };
        let fused = fused_branch(eqz, false, AT, Cost::ZERO);
        assert_eq!(fused, Some(Op::BrIfEqz { cond: Slot(3), offset: AT, cost: Cost::ZERO }));
        let add = Op::I32Add { dst: Slot(9), lhs: Slot(1), rhs: Slot(2) };
        assert_eq!(fused_branch(add, false, AT, Cost::ZERO), None);
    }
}
