//! Constant expressions (global initialisers, segment offsets, element
//! items), decoded once at compile time and evaluated at instantiation.

use anyhow::{Result, bail};
use wasmparser::Operator;

/// One operation of a constant expression, on a small value stack.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ConstOp {
    /// Push a 32-bit value (`i32.const`, `f32.const` bits).
    I32(u32),
    /// Push a 64-bit value (`i64.const`, `f64.const` bits).
    I64(u64),
    /// Push a 128-bit value (`v128.const`).
    V128(u128),
    /// Push a null reference.
    RefNull,
    /// Push a reference to function `idx` of the module.
    RefFunc(u32),
    /// Push the value of global `idx`.
    GlobalGet(u32),
    /// Extended-const arithmetic.
    I32Add,
    /// Extended-const arithmetic.
    I32Sub,
    /// Extended-const arithmetic.
    I32Mul,
    /// Extended-const arithmetic.
    I64Add,
    /// Extended-const arithmetic.
    I64Sub,
    /// Extended-const arithmetic.
    I64Mul,
}

/// A decoded constant expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ConstExpr {
    ops: Box<[ConstOp]>,
}

/// A value produced while evaluating a constant expression: the raw bits, in
/// the same representation as interpreter slots (references are
/// `store index + 1`, null is 0).
pub(crate) type RawValue = u128;

/// What evaluation needs from the instance being built.
pub(crate) trait ConstContext {
    /// The raw value of global `index`.
    fn global(&self, index: u32) -> RawValue;
    /// The raw reference to function `index`.
    fn func_ref(&mut self, index: u32) -> RawValue;
}

impl ConstExpr {
    /// Decodes a (validated) wasmparser constant expression.
    pub(crate) fn decode(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr> {
        let mut ops = Vec::new();
        let mut reader = expr.get_operators_reader();
        while !reader.eof() {
            let op = match reader.read()? {
                Operator::I32Const { value } => ConstOp::I32(value as u32),
                Operator::I64Const { value } => ConstOp::I64(value as u64),
                Operator::F32Const { value } => ConstOp::I32(value.bits()),
                Operator::F64Const { value } => ConstOp::I64(value.bits()),
                Operator::V128Const { value } => ConstOp::V128(u128::from_le_bytes(*value.bytes())),
                Operator::RefNull { .. } => ConstOp::RefNull,
                Operator::RefFunc { function_index } => ConstOp::RefFunc(function_index),
                Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
                Operator::I32Add => ConstOp::I32Add,
                Operator::I32Sub => ConstOp::I32Sub,
                Operator::I32Mul => ConstOp::I32Mul,
                Operator::I64Add => ConstOp::I64Add,
                Operator::I64Sub => ConstOp::I64Sub,
                Operator::I64Mul => ConstOp::I64Mul,
                Operator::End => continue,
                other => bail!("unsupported operator in constant expression: {other:?}"),
            };
            ops.push(op);
        }
        Ok(ConstExpr { ops: ops.into_boxed_slice() })
    }

    /// Evaluates the expression. Validation guarantees a well-typed stack;
    /// a malformed one yields an error rather than a panic.
    pub(crate) fn eval(&self, ctx: &mut impl ConstContext) -> Result<RawValue> {
        let mut stack: Vec<RawValue> = Vec::with_capacity(2);
        for op in self.ops.iter() {
            let value = match op {
                ConstOp::I32(v) => RawValue::from(*v),
                ConstOp::I64(v) => RawValue::from(*v),
                ConstOp::V128(v) => *v,
                ConstOp::RefNull => 0,
                ConstOp::RefFunc(idx) => ctx.func_ref(*idx),
                ConstOp::GlobalGet(idx) => ctx.global(*idx),
                binary => {
                    let (Some(rhs), Some(lhs)) = (stack.pop(), stack.pop()) else {
                        bail!("constant expression stack underflow");
                    };
                    let (l32, r32) = (lhs as u32, rhs as u32);
                    let (l64, r64) = (lhs as u64, rhs as u64);
                    match binary {
                        ConstOp::I32Add => l32.wrapping_add(r32).into(),
                        ConstOp::I32Sub => l32.wrapping_sub(r32).into(),
                        ConstOp::I32Mul => l32.wrapping_mul(r32).into(),
                        ConstOp::I64Add => l64.wrapping_add(r64).into(),
                        ConstOp::I64Sub => l64.wrapping_sub(r64).into(),
                        ConstOp::I64Mul => l64.wrapping_mul(r64).into(),
                        _ => unreachable!("all pushing operations are handled above"),
                    }
                }
            };
            stack.push(value);
        }
        match stack.as_slice() {
            [value] => Ok(*value),
            _ => bail!("constant expression must produce exactly one value"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoGlobals;
    impl ConstContext for NoGlobals {
        fn global(&self, index: u32) -> RawValue {
            RawValue::from(index) * 10
        }
        fn func_ref(&mut self, index: u32) -> RawValue {
            RawValue::from(index) + 1
        }
    }

    #[test]
    fn extended_arithmetic_wraps() {
        let expr = ConstExpr { ops: Box::new([ConstOp::I32(u32::MAX), ConstOp::GlobalGet(1), ConstOp::I32Add]) };
        assert_eq!(expr.eval(&mut NoGlobals).unwrap(), 9);
        let expr = ConstExpr { ops: Box::new([ConstOp::I64(3), ConstOp::I64(5), ConstOp::I64Sub]) };
        assert_eq!(expr.eval(&mut NoGlobals).unwrap(), RawValue::from(u64::MAX - 1));
    }

    #[test]
    fn malformed_stack_is_an_error() {
        let expr = ConstExpr { ops: Box::new([ConstOp::I32Add]) };
        assert!(expr.eval(&mut NoGlobals).is_err());
        let expr = ConstExpr { ops: Box::new([ConstOp::I32(1), ConstOp::I32(2)]) };
        assert!(expr.eval(&mut NoGlobals).is_err());
    }
}
