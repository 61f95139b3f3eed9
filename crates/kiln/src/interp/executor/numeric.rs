//! WebAssembly numeric semantics that differ from Rust's operators: float
//! min/max, trapping float-to-int truncation, integer division traps, and
//! the 128-bit operands of wide arithmetic.

use crate::trap::Trap;

macro_rules! min_max {
    ($min:ident, $max:ident, $f:ty) => {
        /// Wasm `min`: NaN if either operand is NaN, and `-0 < +0`.
        pub(crate) fn $min(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                a + b
            } else if a == b {
                <$f>::from_bits(a.to_bits() | b.to_bits())
            } else {
                a.min(b)
            }
        }

        /// Wasm `max`: NaN if either operand is NaN, and `-0 < +0`.
        pub(crate) fn $max(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                a + b
            } else if a == b {
                <$f>::from_bits(a.to_bits() & b.to_bits())
            } else {
                a.max(b)
            }
        }
    };
}

min_max!(f32_min, f32_max, f32);

/// Wasm requires NaN results to be quiet; some host rounding routines return
/// a signalling NaN input unchanged.
macro_rules! quiet_rounding {
    ($($name:ident: $f:ty, $op:ident, $quiet:expr;)*) => {$(
        /// Rounding with a quiet NaN result for NaN input.
        pub(crate) fn $name(x: $f) -> $f {
            let r = x.$op();
            if r.is_nan() { <$f>::from_bits(r.to_bits() | $quiet) } else { r }
        }
    )*};
}

quiet_rounding! {
    f32_ceil: f32, ceil, 0x0040_0000;
    f32_floor: f32, floor, 0x0040_0000;
    f32_trunc: f32, trunc, 0x0040_0000;
    f32_nearest: f32, round_ties_even, 0x0040_0000;
    f32_sqrt: f32, sqrt, 0x0040_0000;
    f64_ceil: f64, ceil, 0x0008_0000_0000_0000;
    f64_floor: f64, floor, 0x0008_0000_0000_0000;
    f64_trunc: f64, trunc, 0x0008_0000_0000_0000;
    f64_nearest: f64, round_ties_even, 0x0008_0000_0000_0000;
    f64_sqrt: f64, sqrt, 0x0008_0000_0000_0000;
}
min_max!(f64_min, f64_max, f64);

/// Truncates `x` toward zero if it lies strictly between `lo` and `hi`.
fn checked_trunc(x: f64, lo: f64, hi: f64) -> Result<f64, Trap> {
    if x.is_nan() {
        Err(Trap::BadConversionToInteger)
    } else if x > lo && x < hi {
        Ok(x.trunc())
    } else {
        Err(Trap::IntegerOverflow)
    }
}

const I32_BOUNDS: (f64, f64) = (-2147483649.0, 2147483648.0);
const U32_BOUNDS: (f64, f64) = (-1.0, 4294967296.0);
const I64_BOUNDS: (f64, f64) = (-9223372036854777856.0, 9223372036854775808.0);
const U64_BOUNDS: (f64, f64) = (-1.0, 18446744073709551616.0);

/// `i32.trunc_f*_s`.
pub(crate) fn trunc_i32(x: f64) -> Result<i32, Trap> {
    checked_trunc(x, I32_BOUNDS.0, I32_BOUNDS.1).map(|t| t as i32)
}

/// `i32.trunc_f*_u`.
pub(crate) fn trunc_u32(x: f64) -> Result<u32, Trap> {
    checked_trunc(x, U32_BOUNDS.0, U32_BOUNDS.1).map(|t| t as u32)
}

/// `i64.trunc_f*_s`.
pub(crate) fn trunc_i64(x: f64) -> Result<i64, Trap> {
    checked_trunc(x, I64_BOUNDS.0, I64_BOUNDS.1).map(|t| t as i64)
}

/// `i64.trunc_f*_u`.
pub(crate) fn trunc_u64(x: f64) -> Result<u64, Trap> {
    checked_trunc(x, U64_BOUNDS.0, U64_BOUNDS.1).map(|t| t as u64)
}

macro_rules! int_div {
    ($div_s:ident, $div_u:ident, $rem_s:ident, $rem_u:ident, $s:ty, $u:ty) => {
        /// Signed division: traps on zero and on `MIN / -1`.
        pub(crate) fn $div_s(a: $s, b: $s) -> Result<$s, Trap> {
            if b == 0 {
                Err(Trap::IntegerDivisionByZero)
            } else if a == <$s>::MIN && b == -1 {
                Err(Trap::IntegerOverflow)
            } else {
                Ok(a / b)
            }
        }

        /// Unsigned division: traps on zero.
        pub(crate) fn $div_u(a: $u, b: $u) -> Result<$u, Trap> {
            a.checked_div(b).ok_or(Trap::IntegerDivisionByZero)
        }

        /// Signed remainder: traps on zero; `MIN % -1` is 0.
        pub(crate) fn $rem_s(a: $s, b: $s) -> Result<$s, Trap> {
            if b == 0 { Err(Trap::IntegerDivisionByZero) } else { Ok(a.wrapping_rem(b)) }
        }

        /// Unsigned remainder: traps on zero.
        pub(crate) fn $rem_u(a: $u, b: $u) -> Result<$u, Trap> {
            a.checked_rem(b).ok_or(Trap::IntegerDivisionByZero)
        }
    };
}

int_div!(i32_div_s, i32_div_u, i32_rem_s, i32_rem_u, i32, u32);
int_div!(i64_div_s, i64_div_u, i64_rem_s, i64_rem_u, i64, u64);

/// The 128-bit integer with halves `lo` and `hi`, as the wide-arithmetic
/// instructions take their operands.
#[inline(always)]
pub(crate) fn wide(lo: u64, hi: u64) -> u128 {
    u128::from(lo) | (u128::from(hi) << 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_max_signed_zero_and_nan() {
        assert!(f32_min(0.0, -0.0).is_sign_negative());
        assert!(f32_max(-0.0, 0.0).is_sign_positive());
        assert!(f64_min(f64::NAN, 1.0).is_nan());
        assert_eq!(f64_max(1.0, 2.0), 2.0);
    }

    #[test]
    fn truncation_bounds() {
        assert_eq!(trunc_i32(-2147483648.9), Ok(i32::MIN));
        assert_eq!(trunc_i32(2147483648.0), Err(Trap::IntegerOverflow));
        assert_eq!(trunc_u32(-0.9), Ok(0));
        assert_eq!(trunc_u32(-1.0), Err(Trap::IntegerOverflow));
        assert_eq!(trunc_i64(f64::NAN), Err(Trap::BadConversionToInteger));
        assert_eq!(trunc_i64(-9223372036854775808.0), Ok(i64::MIN));
        assert_eq!(trunc_u64(18446744073709549568.0), Ok(18446744073709549568));
        assert_eq!(trunc_i32(f64::from(-2147483904.0f32)), Err(Trap::IntegerOverflow));
    }

    #[test]
    fn division_traps() {
        assert_eq!(i32_div_s(i32::MIN, -1), Err(Trap::IntegerOverflow));
        assert_eq!(i32_rem_s(i32::MIN, -1), Ok(0));
        assert_eq!(i64_div_u(1, 0), Err(Trap::IntegerDivisionByZero));
        assert_eq!(i64_rem_s(-7, 2), Ok(-1));
    }

    #[test]
    fn wide_joins_halves() {
        assert_eq!(wide(1, 2), (2u128 << 64) | 1);
        assert_eq!(wide(u64::MAX, 0).wrapping_add(wide(1, 0)), 1u128 << 64);
    }
}
