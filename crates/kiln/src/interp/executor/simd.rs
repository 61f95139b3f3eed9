//! 128-bit SIMD semantics in portable Rust, one function per instruction.
//!
//! A vector is a `u128` whose little-endian bytes are the wasm lanes. Lane
//! arrays are produced and consumed with [`lanes`] / [`from_lanes`], which
//! compile to plain moves on little-endian targets. The compiler turns
//! the per-lane loops into vector instructions for some lane types (`f32`
//! arithmetic, conversions) but works lane by lane in integer registers
//! for others, since a `u128` passed by value travels in two of them: the
//! hot ones of those are written differently (byte shuffles by `pshufb`,
//! narrow-lane addition in whole-register arithmetic). Relaxed-SIMD instructions
//! use the behaviour of the WebAssembly deterministic profile (see
//! `Config::deterministic`), so they are identical on every host.

use super::numeric;

/// A lane type: how it is read from and written to little-endian bytes.
pub(crate) trait Lane: Copy + Default {
    const SIZE: usize;
    fn read(bytes: &[u8]) -> Self;
    fn write(self, out: &mut [u8]);
}

macro_rules! lane {
    ($($t:ty),*) => {$(
        impl Lane for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            #[inline(always)]
            fn read(bytes: &[u8]) -> Self {
                let mut buf = [0u8; std::mem::size_of::<$t>()];
                buf.copy_from_slice(&bytes[..Self::SIZE]);
                <$t>::from_le_bytes(buf)
            }
            #[inline(always)]
            fn write(self, out: &mut [u8]) {
                out[..Self::SIZE].copy_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}

lane!(i8, u8, i16, u16, i32, u32, i64, u64, f32, f64);

/// The lanes of `v`.
#[inline(always)]
pub(crate) fn lanes<T: Lane, const N: usize>(v: u128) -> [T; N] {
    let bytes = v.to_le_bytes();
    std::array::from_fn(|i| T::read(&bytes[i * T::SIZE..]))
}

/// The vector made of `lanes`.
#[inline(always)]
pub(crate) fn from_lanes<T: Lane, const N: usize>(lanes: [T; N]) -> u128 {
    let mut bytes = [0u8; 16];
    for (i, lane) in lanes.into_iter().enumerate() {
        lane.write(&mut bytes[i * T::SIZE..]);
    }
    u128::from_le_bytes(bytes)
}

/// All-ones or zero, as a lane mask.
trait Mask {
    fn mask(b: bool) -> Self;
}

macro_rules! mask {
    ($($t:ty),*) => {$( impl Mask for $t { #[inline(always)] fn mask(b: bool) -> Self { if b { !0 } else { 0 } } } )*};
}

mask!(i8, i16, i32, i64);

macro_rules! map1 {
    ($($name:ident: $t:ty, $n:literal, |$a:ident| $e:expr;)*) => {$(
        pub(crate) fn $name(v: u128) -> u128 {
            let v: [$t; $n] = lanes(v);
            from_lanes::<_, $n>(std::array::from_fn(|i| { let $a = v[i]; $e }))
        }
    )*};
}

macro_rules! map2 {
    ($($name:ident: $t:ty, $n:literal, |$a:ident, $b:ident| $e:expr;)*) => {$(
        pub(crate) fn $name(x: u128, y: u128) -> u128 {
            let x: [$t; $n] = lanes(x);
            let y: [$t; $n] = lanes(y);
            from_lanes::<_, $n>(std::array::from_fn(|i| { let ($a, $b) = (x[i], y[i]); $e }))
        }
    )*};
}

/// Lane-wise comparisons yielding masks of the signed lane type `$m`.
macro_rules! compare {
    ($($name:ident: $t:ty as $m:ty, $n:literal, |$a:ident, $b:ident| $e:expr;)*) => {$(
        pub(crate) fn $name(x: u128, y: u128) -> u128 {
            let x: [$t; $n] = lanes(x);
            let y: [$t; $n] = lanes(y);
            from_lanes::<$m, $n>(std::array::from_fn(|i| { let ($a, $b) = (x[i], y[i]); <$m>::mask($e) }))
        }
    )*};
}

// ---- bitwise ----

pub(crate) fn v128_not(v: u128) -> u128 {
    !v
}
pub(crate) fn v128_and(a: u128, b: u128) -> u128 {
    a & b
}
pub(crate) fn v128_andnot(a: u128, b: u128) -> u128 {
    a & !b
}
pub(crate) fn v128_or(a: u128, b: u128) -> u128 {
    a | b
}
pub(crate) fn v128_xor(a: u128, b: u128) -> u128 {
    a ^ b
}
pub(crate) fn v128_bitselect(a: u128, b: u128, mask: u128) -> u128 {
    (a & mask) | (b & !mask)
}
pub(crate) fn v128_any_true(v: u128) -> bool {
    v != 0
}

// ---- comparisons ----

compare! {
    i8x16_eq: i8 as i8, 16, |a, b| a == b;
    i8x16_ne: i8 as i8, 16, |a, b| a != b;
    i8x16_lt_s: i8 as i8, 16, |a, b| a < b;
    i8x16_lt_u: u8 as i8, 16, |a, b| a < b;
    i8x16_gt_s: i8 as i8, 16, |a, b| a > b;
    i8x16_gt_u: u8 as i8, 16, |a, b| a > b;
    i8x16_le_s: i8 as i8, 16, |a, b| a <= b;
    i8x16_le_u: u8 as i8, 16, |a, b| a <= b;
    i8x16_ge_s: i8 as i8, 16, |a, b| a >= b;
    i8x16_ge_u: u8 as i8, 16, |a, b| a >= b;
    i16x8_eq: i16 as i16, 8, |a, b| a == b;
    i16x8_ne: i16 as i16, 8, |a, b| a != b;
    i16x8_lt_s: i16 as i16, 8, |a, b| a < b;
    i16x8_lt_u: u16 as i16, 8, |a, b| a < b;
    i16x8_gt_s: i16 as i16, 8, |a, b| a > b;
    i16x8_gt_u: u16 as i16, 8, |a, b| a > b;
    i16x8_le_s: i16 as i16, 8, |a, b| a <= b;
    i16x8_le_u: u16 as i16, 8, |a, b| a <= b;
    i16x8_ge_s: i16 as i16, 8, |a, b| a >= b;
    i16x8_ge_u: u16 as i16, 8, |a, b| a >= b;
    i32x4_eq: i32 as i32, 4, |a, b| a == b;
    i32x4_ne: i32 as i32, 4, |a, b| a != b;
    i32x4_lt_s: i32 as i32, 4, |a, b| a < b;
    i32x4_lt_u: u32 as i32, 4, |a, b| a < b;
    i32x4_gt_s: i32 as i32, 4, |a, b| a > b;
    i32x4_gt_u: u32 as i32, 4, |a, b| a > b;
    i32x4_le_s: i32 as i32, 4, |a, b| a <= b;
    i32x4_le_u: u32 as i32, 4, |a, b| a <= b;
    i32x4_ge_s: i32 as i32, 4, |a, b| a >= b;
    i32x4_ge_u: u32 as i32, 4, |a, b| a >= b;
    i64x2_eq: i64 as i64, 2, |a, b| a == b;
    i64x2_ne: i64 as i64, 2, |a, b| a != b;
    i64x2_lt_s: i64 as i64, 2, |a, b| a < b;
    i64x2_gt_s: i64 as i64, 2, |a, b| a > b;
    i64x2_le_s: i64 as i64, 2, |a, b| a <= b;
    i64x2_ge_s: i64 as i64, 2, |a, b| a >= b;
    f32x4_eq: f32 as i32, 4, |a, b| a == b;
    f32x4_ne: f32 as i32, 4, |a, b| a != b;
    f32x4_lt: f32 as i32, 4, |a, b| a < b;
    f32x4_gt: f32 as i32, 4, |a, b| a > b;
    f32x4_le: f32 as i32, 4, |a, b| a <= b;
    f32x4_ge: f32 as i32, 4, |a, b| a >= b;
    f64x2_eq: f64 as i64, 2, |a, b| a == b;
    f64x2_ne: f64 as i64, 2, |a, b| a != b;
    f64x2_lt: f64 as i64, 2, |a, b| a < b;
    f64x2_gt: f64 as i64, 2, |a, b| a > b;
    f64x2_le: f64 as i64, 2, |a, b| a <= b;
    f64x2_ge: f64 as i64, 2, |a, b| a >= b;
}

// ---- integer arithmetic ----

map1! {
    i8x16_abs: i8, 16, |a| a.wrapping_abs();
    i8x16_neg: i8, 16, |a| a.wrapping_neg();
    i8x16_popcnt: u8, 16, |a| a.count_ones() as u8;
    i16x8_abs: i16, 8, |a| a.wrapping_abs();
    i16x8_neg: i16, 8, |a| a.wrapping_neg();
    i32x4_abs: i32, 4, |a| a.wrapping_abs();
    i32x4_neg: i32, 4, |a| a.wrapping_neg();
    i64x2_abs: i64, 2, |a| a.wrapping_abs();
    i64x2_neg: i64, 2, |a| a.wrapping_neg();
}

/// The top bit of every 8-bit lane.
const HIGH_BITS_8: u128 = u128::from_le_bytes([0x80; 16]);
/// The top bit of every 16-bit lane.
const HIGH_BITS_16: u128 = HIGH_BITS_8 & (u128::MAX / 0xffff * 0xff00);

/// Lane-wise wrapping addition of lanes whose top bits are `high`, in
/// whole-register arithmetic: the lanes without their top bits cannot
/// carry into the next lane, and the top bits are added without carry.
/// (The lane loop does not compile to vector instructions, this is a
/// handful of integer ones.)
#[inline(always)]
fn add_lanes(x: u128, y: u128, high: u128) -> u128 {
    ((x & !high) + (y & !high)) ^ ((x ^ y) & high)
}

/// Lane-wise wrapping subtraction, as in [`add_lanes`]: every lane of the
/// minuend with its top bit set is larger than the subtrahend's without,
/// so no lane borrows from the next.
#[inline(always)]
fn sub_lanes(x: u128, y: u128, high: u128) -> u128 {
    ((x | high) - (y & !high)) ^ ((x ^ !y) & high)
}

pub(crate) fn i8x16_add(x: u128, y: u128) -> u128 {
    add_lanes(x, y, HIGH_BITS_8)
}

pub(crate) fn i8x16_sub(x: u128, y: u128) -> u128 {
    sub_lanes(x, y, HIGH_BITS_8)
}

pub(crate) fn i16x8_add(x: u128, y: u128) -> u128 {
    add_lanes(x, y, HIGH_BITS_16)
}

pub(crate) fn i16x8_sub(x: u128, y: u128) -> u128 {
    sub_lanes(x, y, HIGH_BITS_16)
}

map2! {
    i8x16_add_sat_s: i8, 16, |a, b| a.saturating_add(b);
    i8x16_add_sat_u: u8, 16, |a, b| a.saturating_add(b);
    i8x16_sub_sat_s: i8, 16, |a, b| a.saturating_sub(b);
    i8x16_sub_sat_u: u8, 16, |a, b| a.saturating_sub(b);
    i8x16_min_s: i8, 16, |a, b| a.min(b);
    i8x16_min_u: u8, 16, |a, b| a.min(b);
    i8x16_max_s: i8, 16, |a, b| a.max(b);
    i8x16_max_u: u8, 16, |a, b| a.max(b);
    i8x16_avgr_u: u8, 16, |a, b| ((u16::from(a) + u16::from(b) + 1) >> 1) as u8;
    i16x8_add_sat_s: i16, 8, |a, b| a.saturating_add(b);
    i16x8_add_sat_u: u16, 8, |a, b| a.saturating_add(b);
    i16x8_sub_sat_s: i16, 8, |a, b| a.saturating_sub(b);
    i16x8_sub_sat_u: u16, 8, |a, b| a.saturating_sub(b);
    i16x8_mul: u16, 8, |a, b| a.wrapping_mul(b);
    i16x8_min_s: i16, 8, |a, b| a.min(b);
    i16x8_min_u: u16, 8, |a, b| a.min(b);
    i16x8_max_s: i16, 8, |a, b| a.max(b);
    i16x8_max_u: u16, 8, |a, b| a.max(b);
    i16x8_avgr_u: u16, 8, |a, b| ((u32::from(a) + u32::from(b) + 1) >> 1) as u16;
    i16x8_q15mulr_sat_s: i16, 8, |a, b| {
        let r = (i32::from(a) * i32::from(b) + 0x4000) >> 15;
        r.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
    };
    i32x4_add: u32, 4, |a, b| a.wrapping_add(b);
    i32x4_sub: u32, 4, |a, b| a.wrapping_sub(b);
    i32x4_mul: u32, 4, |a, b| a.wrapping_mul(b);
    i32x4_min_s: i32, 4, |a, b| a.min(b);
    i32x4_min_u: u32, 4, |a, b| a.min(b);
    i32x4_max_s: i32, 4, |a, b| a.max(b);
    i32x4_max_u: u32, 4, |a, b| a.max(b);
    i64x2_add: u64, 2, |a, b| a.wrapping_add(b);
    i64x2_sub: u64, 2, |a, b| a.wrapping_sub(b);
    i64x2_mul: u64, 2, |a, b| a.wrapping_mul(b);
}

/// Shifts: the count is taken modulo the lane width.
macro_rules! shifts {
    ($($name:ident: $t:ty, $n:literal, $op:ident;)*) => {$(
        pub(crate) fn $name(v: u128, count: u32) -> u128 {
            let v: [$t; $n] = lanes(v);
            from_lanes::<_, $n>(v.map(|a| a.$op(count)))
        }
    )*};
}

shifts! {
    i8x16_shl: u8, 16, wrapping_shl;
    i8x16_shr_s: i8, 16, wrapping_shr;
    i8x16_shr_u: u8, 16, wrapping_shr;
    i16x8_shl: u16, 8, wrapping_shl;
    i16x8_shr_s: i16, 8, wrapping_shr;
    i16x8_shr_u: u16, 8, wrapping_shr;
    i32x4_shl: u32, 4, wrapping_shl;
    i32x4_shr_s: i32, 4, wrapping_shr;
    i32x4_shr_u: u32, 4, wrapping_shr;
    i64x2_shl: u64, 2, wrapping_shl;
    i64x2_shr_s: i64, 2, wrapping_shr;
    i64x2_shr_u: u64, 2, wrapping_shr;
}

/// `all_true`: every lane non-zero.
macro_rules! all_true {
    ($($name:ident: $t:ty, $n:literal;)*) => {$(
        pub(crate) fn $name(v: u128) -> bool {
            lanes::<$t, $n>(v).iter().all(|&a| a != 0)
        }
    )*};
}

all_true! {
    i8x16_all_true: u8, 16;
    i16x8_all_true: u16, 8;
    i32x4_all_true: u32, 4;
    i64x2_all_true: u64, 2;
}

/// `bitmask`: the top bit of each lane, lane 0 in bit 0.
macro_rules! bitmask {
    ($($name:ident: $t:ty, $n:literal;)*) => {$(
        pub(crate) fn $name(v: u128) -> u32 {
            lanes::<$t, $n>(v).iter().enumerate().fold(0, |acc, (i, &a)| acc | (u32::from(a < 0) << i))
        }
    )*};
}

bitmask! {
    i8x16_bitmask: i8, 16;
    i16x8_bitmask: i16, 8;
    i32x4_bitmask: i32, 4;
    i64x2_bitmask: i64, 2;
}

/// Narrowing with saturation: lanes of `a` then lanes of `b`.
macro_rules! narrow {
    ($($name:ident: $from:ty, $to:ty, $n:literal;)*) => {$(
        pub(crate) fn $name(a: u128, b: u128) -> u128 {
            let a: [$from; $n] = lanes(a);
            let b: [$from; $n] = lanes(b);
            let sat = |x: $from| x.clamp(<$to>::MIN as $from, <$to>::MAX as $from) as $to;
            from_lanes::<$to, { 2 * $n }>(std::array::from_fn(|i| if i < $n { sat(a[i]) } else { sat(b[i - $n]) }))
        }
    )*};
}

narrow! {
    i8x16_narrow_i16x8_s: i16, i8, 8;
    i8x16_narrow_i16x8_u: i16, u8, 8;
    i16x8_narrow_i32x4_s: i32, i16, 4;
    i16x8_narrow_i32x4_u: i32, u16, 4;
}

/// Widening of the low or high half (`$off` is 0 or the output lane count).
macro_rules! extend {
    ($($name:ident: $from:ty => $to:ty, $n:literal, $off:literal;)*) => {$(
        pub(crate) fn $name(v: u128) -> u128 {
            let v: [$from; { 2 * $n }] = lanes(v);
            from_lanes::<$to, $n>(std::array::from_fn(|i| <$to>::from(v[i + $off])))
        }
    )*};
}

extend! {
    i16x8_extend_low_i8x16_s: i8 => i16, 8, 0;
    i16x8_extend_high_i8x16_s: i8 => i16, 8, 8;
    i16x8_extend_low_i8x16_u: u8 => u16, 8, 0;
    i16x8_extend_high_i8x16_u: u8 => u16, 8, 8;
    i32x4_extend_low_i16x8_s: i16 => i32, 4, 0;
    i32x4_extend_high_i16x8_s: i16 => i32, 4, 4;
    i32x4_extend_low_i16x8_u: u16 => u32, 4, 0;
    i32x4_extend_high_i16x8_u: u16 => u32, 4, 4;
    i64x2_extend_low_i32x4_s: i32 => i64, 2, 0;
    i64x2_extend_high_i32x4_s: i32 => i64, 2, 2;
    i64x2_extend_low_i32x4_u: u32 => u64, 2, 0;
    i64x2_extend_high_i32x4_u: u32 => u64, 2, 2;
}

/// Extended multiplication of the low or high halves.
macro_rules! extmul {
    ($($name:ident: $from:ty => $to:ty, $n:literal, $off:literal;)*) => {$(
        pub(crate) fn $name(a: u128, b: u128) -> u128 {
            let a: [$from; { 2 * $n }] = lanes(a);
            let b: [$from; { 2 * $n }] = lanes(b);
            from_lanes::<$to, $n>(std::array::from_fn(|i| {
                <$to>::from(a[i + $off]).wrapping_mul(<$to>::from(b[i + $off]))
            }))
        }
    )*};
}

extmul! {
    i16x8_extmul_low_i8x16_s: i8 => i16, 8, 0;
    i16x8_extmul_high_i8x16_s: i8 => i16, 8, 8;
    i16x8_extmul_low_i8x16_u: u8 => u16, 8, 0;
    i16x8_extmul_high_i8x16_u: u8 => u16, 8, 8;
    i32x4_extmul_low_i16x8_s: i16 => i32, 4, 0;
    i32x4_extmul_high_i16x8_s: i16 => i32, 4, 4;
    i32x4_extmul_low_i16x8_u: u16 => u32, 4, 0;
    i32x4_extmul_high_i16x8_u: u16 => u32, 4, 4;
    i64x2_extmul_low_i32x4_s: i32 => i64, 2, 0;
    i64x2_extmul_high_i32x4_s: i32 => i64, 2, 2;
    i64x2_extmul_low_i32x4_u: u32 => u64, 2, 0;
    i64x2_extmul_high_i32x4_u: u32 => u64, 2, 2;
}

/// Pairwise widening addition.
macro_rules! extadd_pairwise {
    ($($name:ident: $from:ty => $to:ty, $n:literal;)*) => {$(
        pub(crate) fn $name(v: u128) -> u128 {
            let v: [$from; { 2 * $n }] = lanes(v);
            from_lanes::<$to, $n>(std::array::from_fn(|i| <$to>::from(v[2 * i]) + <$to>::from(v[2 * i + 1])))
        }
    )*};
}

extadd_pairwise! {
    i16x8_extadd_pairwise_i8x16_s: i8 => i16, 8;
    i16x8_extadd_pairwise_i8x16_u: u8 => u16, 8;
    i32x4_extadd_pairwise_i16x8_s: i16 => i32, 4;
    i32x4_extadd_pairwise_i16x8_u: u16 => u32, 4;
}

pub(crate) fn i32x4_dot_i16x8_s(a: u128, b: u128) -> u128 {
    let a: [i16; 8] = lanes(a);
    let b: [i16; 8] = lanes(b);
    from_lanes::<i32, 4>(std::array::from_fn(|i| {
        (i32::from(a[2 * i]) * i32::from(b[2 * i])).wrapping_add(i32::from(a[2 * i + 1]) * i32::from(b[2 * i + 1]))
    }))
}

/// `i16x8.relaxed_dot_i8x16_i7x16_s`, deterministic profile: both operands
/// signed, pairwise sums wrapping to 16 bits.
pub(crate) fn i16x8_relaxed_dot_i8x16_i7x16_s(a: u128, b: u128) -> u128 {
    let a: [i8; 16] = lanes(a);
    let b: [i8; 16] = lanes(b);
    from_lanes::<i16, 8>(std::array::from_fn(|i| {
        (i16::from(a[2 * i]) * i16::from(b[2 * i])).wrapping_add(i16::from(a[2 * i + 1]) * i16::from(b[2 * i + 1]))
    }))
}

/// `i32x4.relaxed_dot_i8x16_i7x16_add_s`, deterministic profile: the
/// 16-bit dot product above, pairwise widened and added to `c`.
pub(crate) fn i32x4_relaxed_dot_i8x16_i7x16_add_s(a: u128, b: u128, c: u128) -> u128 {
    let dot = i32x4_extadd_pairwise_i16x8_s(i16x8_relaxed_dot_i8x16_i7x16_s(a, b));
    i32x4_add(dot, c)
}

// ---- lanes, splats, shuffles ----

/// `i8x16.swizzle` (and `relaxed_swizzle`): out-of-range indices select 0.
pub(crate) fn i8x16_swizzle(v: u128, idx: u128) -> u128 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("ssse3") {
        // SAFETY: the processor has SSSE3, checked just above.
        return unsafe { x86::swizzle(v, idx) };
    }
    swizzle_portable(v, idx)
}

/// `i8x16.swizzle` lane by lane.
fn swizzle_portable(v: u128, idx: u128) -> u128 {
    let v: [u8; 16] = lanes(v);
    let idx: [u8; 16] = lanes(idx);
    from_lanes::<u8, 16>(idx.map(|i| v.get(usize::from(i)).copied().unwrap_or(0)))
}

/// Every byte 0x10: flipping bit 4 of a shuffle index maps `b`'s lanes
/// (16..32) onto 0..16 and `a`'s past 15.
const SHUFFLE_FLIP: u128 = u128::from_le_bytes([0x10; 16]);

/// `i8x16.shuffle` with lane indices from `mask` (validated to be < 32):
/// the lanes taken from `a`, or those taken from `b`, as two swizzles
/// that each leave the other's lanes 0.
pub(crate) fn i8x16_shuffle(a: u128, b: u128, mask: u128) -> u128 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("ssse3") {
        // SAFETY: the processor has SSSE3, checked just above.
        return unsafe { x86::shuffle(a, b, mask) };
    }
    swizzle_portable(a, mask) | swizzle_portable(b, mask ^ SHUFFLE_FLIP)
}

/// Byte permutations by SSSE3's `pshufb`, which the portable lane loops
/// above do not compile to (a dozen instructions instead of a hundred).
#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::{__m128i, _mm_adds_epu8, _mm_set1_epi8, _mm_shuffle_epi8};

    /// `i8x16.swizzle`. `pshufb` zeroes a lane whose index has bit 7 set
    /// and otherwise takes the lane the index's low four bits name: adding
    /// 0x70 with saturation sets bit 7 exactly in the indices past 15.
    #[target_feature(enable = "ssse3")]
    pub(super) fn swizzle(v: u128, idx: u128) -> u128 {
        // SAFETY: `u128` and `__m128i` are both 16 bytes of plain data, any
        // bit pattern valid for either.
        let (v, idx) = unsafe { (std::mem::transmute::<u128, __m128i>(v), std::mem::transmute::<u128, __m128i>(idx)) };
        let lanes = _mm_shuffle_epi8(v, _mm_adds_epu8(idx, _mm_set1_epi8(0x70)));
        // SAFETY: as above.
        unsafe { std::mem::transmute::<__m128i, u128>(lanes) }
    }

    /// `i8x16.shuffle` (see [`i8x16_shuffle`](super::i8x16_shuffle)).
    #[target_feature(enable = "ssse3")]
    pub(super) fn shuffle(a: u128, b: u128, mask: u128) -> u128 {
        swizzle(a, mask) | swizzle(b, mask ^ super::SHUFFLE_FLIP)
    }
}

/// A vector with every lane `x`.
pub(crate) fn splat<T: Lane, const N: usize>(x: T) -> u128 {
    from_lanes::<T, N>([x; N])
}

/// Lane `i` of `v` (callers pass a validated index).
pub(crate) fn extract<T: Lane, const N: usize>(v: u128, i: u8) -> T {
    lanes::<T, N>(v)[usize::from(i) % N]
}

/// `v` with lane `i` replaced by `x`.
pub(crate) fn replace<T: Lane, const N: usize>(v: u128, i: u8, x: T) -> u128 {
    let mut l = lanes::<T, N>(v);
    l[usize::from(i) % N] = x;
    from_lanes(l)
}

// ---- floating point ----

map1! {
    f32x4_abs: u32, 4, |a| a & 0x7fff_ffff;
    f32x4_neg: u32, 4, |a| a ^ 0x8000_0000;
    f32x4_sqrt: f32, 4, |a| numeric::f32_sqrt(a);
    f32x4_ceil: f32, 4, |a| numeric::f32_ceil(a);
    f32x4_floor: f32, 4, |a| numeric::f32_floor(a);
    f32x4_trunc: f32, 4, |a| numeric::f32_trunc(a);
    f32x4_nearest: f32, 4, |a| numeric::f32_nearest(a);
    f64x2_abs: u64, 2, |a| a & 0x7fff_ffff_ffff_ffff;
    f64x2_neg: u64, 2, |a| a ^ 0x8000_0000_0000_0000;
    f64x2_sqrt: f64, 2, |a| numeric::f64_sqrt(a);
    f64x2_ceil: f64, 2, |a| numeric::f64_ceil(a);
    f64x2_floor: f64, 2, |a| numeric::f64_floor(a);
    f64x2_trunc: f64, 2, |a| numeric::f64_trunc(a);
    f64x2_nearest: f64, 2, |a| numeric::f64_nearest(a);
}

map2! {
    f32x4_add: f32, 4, |a, b| a + b;
    f32x4_sub: f32, 4, |a, b| a - b;
    f32x4_mul: f32, 4, |a, b| a * b;
    f32x4_div: f32, 4, |a, b| a / b;
    f32x4_min: f32, 4, |a, b| numeric::f32_min(a, b);
    f32x4_max: f32, 4, |a, b| numeric::f32_max(a, b);
    f32x4_pmin: f32, 4, |a, b| if b < a { b } else { a };
    f32x4_pmax: f32, 4, |a, b| if a < b { b } else { a };
    f64x2_add: f64, 2, |a, b| a + b;
    f64x2_sub: f64, 2, |a, b| a - b;
    f64x2_mul: f64, 2, |a, b| a * b;
    f64x2_div: f64, 2, |a, b| a / b;
    f64x2_min: f64, 2, |a, b| numeric::f64_min(a, b);
    f64x2_max: f64, 2, |a, b| numeric::f64_max(a, b);
    f64x2_pmin: f64, 2, |a, b| if b < a { b } else { a };
    f64x2_pmax: f64, 2, |a, b| if a < b { b } else { a };
}

/// `relaxed_madd` / `relaxed_nmadd`, deterministic profile: `±a * b + c`
/// rounded twice (not fused).
macro_rules! madd {
    ($($name:ident: $t:ty, $n:literal, $sign:expr;)*) => {$(
        #[allow(clippy::neg_multiply)]
        pub(crate) fn $name(a: u128, b: u128, c: u128) -> u128 {
            let a: [$t; $n] = lanes(a);
            let b: [$t; $n] = lanes(b);
            let c: [$t; $n] = lanes(c);
            from_lanes::<$t, $n>(std::array::from_fn(|i| ($sign * a[i]) * b[i] + c[i]))
        }
    )*};
}

madd! {
    f32x4_relaxed_madd: f32, 4, 1.0;
    f32x4_relaxed_nmadd: f32, 4, -1.0;
    f64x2_relaxed_madd: f64, 2, 1.0;
    f64x2_relaxed_nmadd: f64, 2, -1.0;
}

map1! {
    i32x4_trunc_sat_f32x4_s: f32, 4, |a| a as i32;
    i32x4_trunc_sat_f32x4_u: f32, 4, |a| a as u32;
    f32x4_convert_i32x4_s: i32, 4, |a| a as f32;
    f32x4_convert_i32x4_u: u32, 4, |a| a as f32;
}

pub(crate) fn i32x4_trunc_sat_f64x2_s_zero(v: u128) -> u128 {
    let v: [f64; 2] = lanes(v);
    from_lanes::<i32, 4>([v[0] as i32, v[1] as i32, 0, 0])
}

pub(crate) fn i32x4_trunc_sat_f64x2_u_zero(v: u128) -> u128 {
    let v: [f64; 2] = lanes(v);
    from_lanes::<u32, 4>([v[0] as u32, v[1] as u32, 0, 0])
}

pub(crate) fn f64x2_convert_low_i32x4_s(v: u128) -> u128 {
    let v: [i32; 4] = lanes(v);
    from_lanes::<f64, 2>([f64::from(v[0]), f64::from(v[1])])
}

pub(crate) fn f64x2_convert_low_i32x4_u(v: u128) -> u128 {
    let v: [u32; 4] = lanes(v);
    from_lanes::<f64, 2>([f64::from(v[0]), f64::from(v[1])])
}

pub(crate) fn f32x4_demote_f64x2_zero(v: u128) -> u128 {
    let v: [f64; 2] = lanes(v);
    from_lanes::<f32, 4>([v[0] as f32, v[1] as f32, 0.0, 0.0])
}

pub(crate) fn f64x2_promote_low_f32x4(v: u128) -> u128 {
    let v: [f32; 4] = lanes(v);
    from_lanes::<f64, 2>([f64::from(v[0]), f64::from(v[1])])
}

// ---- deterministic NaN canonicalisation ----

/// The canonical 32-bit NaN (positive, quiet, empty payload).
pub(crate) const CANONICAL_NAN_F32: u32 = 0x7fc0_0000;
/// The canonical 64-bit NaN (positive, quiet, empty payload).
pub(crate) const CANONICAL_NAN_F64: u64 = 0x7ff8_0000_0000_0000;

/// Replaces a NaN `f32` (as bits) with the canonical NaN.
pub(crate) fn canon_f32(bits: u32) -> u32 {
    if f32::from_bits(bits).is_nan() { CANONICAL_NAN_F32 } else { bits }
}

/// Replaces a NaN `f64` (as bits) with the canonical NaN.
pub(crate) fn canon_f64(bits: u64) -> u64 {
    if f64::from_bits(bits).is_nan() { CANONICAL_NAN_F64 } else { bits }
}

map1! {
    canon_f32x4: u32, 4, |a| canon_f32(a);
    canon_f64x2: u64, 2, |a| canon_f64(a);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i32x4(l: [i32; 4]) -> u128 {
        from_lanes(l)
    }

    #[test]
    fn lanes_round_trip_little_endian() {
        let v = 0x0f0e_0d0c_0b0a_0908_0706_0504_0302_0100u128;
        assert_eq!(lanes::<u8, 16>(v), std::array::from_fn(|i| i as u8));
        assert_eq!(lanes::<u32, 4>(v)[0], 0x0302_0100);
        assert_eq!(from_lanes(lanes::<i16, 8>(v)), v);
    }

    #[test]
    fn integer_lane_ops() {
        assert_eq!(lanes::<i32, 4>(i32x4_add(i32x4([1, 2, 3, i32::MAX]), i32x4([1, 1, 1, 1]))), [2, 3, 4, i32::MIN]);
        assert_eq!(lanes::<i32, 4>(i32x4_lt_s(i32x4([1, -1, 3, 0]), i32x4([2, 2, 2, 0]))), [-1, -1, 0, 0]);
        assert_eq!(i32x4_bitmask(i32x4([-1, 0, -5, 7])), 0b0101);
        assert_eq!(lanes::<i32, 4>(i32x4_shl(i32x4([1, 1, 1, 1]), 33)), [2, 2, 2, 2]);
        let narrowed: [i8; 16] = lanes(i8x16_narrow_i16x8_s(from_lanes([300i16, -300, 5, 0, 0, 0, 0, 0]), 0));
        assert_eq!(&narrowed[..3], &[127, -128, 5]);
        assert_eq!(
            lanes::<i16, 8>(i16x8_q15mulr_sat_s(splat::<i16, 8>(i16::MIN), splat::<i16, 8>(i16::MIN)))[0],
            i16::MAX
        );
    }

    #[test]
    fn swizzle_and_shuffle() {
        let v: u128 = from_lanes::<u8, 16>(std::array::from_fn(|i| i as u8 + 10));
        let idx: u128 = from_lanes::<u8, 16>(std::array::from_fn(|i| if i == 0 { 200 } else { 15 - i as u8 }));
        let r: [u8; 16] = lanes(i8x16_swizzle(v, idx));
        assert_eq!(r[0], 0);
        assert_eq!(r[1], 24);
        let mask: u128 = from_lanes::<u8, 16>(std::array::from_fn(|i| (i as u8) * 2));
        let r: [u8; 16] = lanes(i8x16_shuffle(v, splat::<u8, 16>(99), mask));
        assert_eq!((r[0], r[7], r[8]), (10, 24, 99));
    }

    #[test]
    fn narrow_lanes_add_and_subtract_like_the_lane_loop() {
        let values =
            [0u128, u128::MAX, 0x8000_7fff_ff01_0080_1234_fedc_8080_7f7f, 0x0101_ffff_8000_0001_7f80_ff00_0fff_f000];
        for x in values {
            for y in values {
                let (a, b): ([u8; 16], [u8; 16]) = (lanes(x), lanes(y));
                assert_eq!(i8x16_add(x, y), from_lanes::<u8, 16>(std::array::from_fn(|i| a[i].wrapping_add(b[i]))));
                assert_eq!(i8x16_sub(x, y), from_lanes::<u8, 16>(std::array::from_fn(|i| a[i].wrapping_sub(b[i]))));
                let (a, b): ([u16; 8], [u16; 8]) = (lanes(x), lanes(y));
                assert_eq!(i16x8_add(x, y), from_lanes::<u16, 8>(std::array::from_fn(|i| a[i].wrapping_add(b[i]))));
                assert_eq!(i16x8_sub(x, y), from_lanes::<u16, 8>(std::array::from_fn(|i| a[i].wrapping_sub(b[i]))));
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn pshufb_swizzles_like_the_lane_loop() {
        if !std::arch::is_x86_feature_detected!("ssse3") {
            return;
        }
        let v: u128 = from_lanes::<u8, 16>(std::array::from_fn(|i| 0xa0 + i as u8));
        // Every index value 0..=255, each in some lane.
        for first in (0..=255u8).step_by(16) {
            let idx: u128 = from_lanes::<u8, 16>(std::array::from_fn(|i| first.wrapping_add(i as u8 * 17)));
            // SAFETY: the processor has SSSE3, checked above.
            let fast = unsafe { x86::swizzle(v, idx) };
            assert_eq!(fast, swizzle_portable(v, idx), "indices {idx:#x}");
        }
        // A shuffle reaching both halves, on both paths.
        let mask: u128 = from_lanes::<u8, 16>(std::array::from_fn(|i| (i as u8 * 7) % 32));
        let b = splat::<u8, 16>(7) ^ v;
        let expected: [u8; 16] = std::array::from_fn(|i| {
            let j = (i * 7) % 32;
            if j < 16 { lanes::<u8, 16>(v)[j] } else { lanes::<u8, 16>(b)[j - 16] }
        });
        assert_eq!(lanes::<u8, 16>(i8x16_shuffle(v, b, mask)), expected);
        assert_eq!(swizzle_portable(v, mask) | swizzle_portable(b, mask ^ SHUFFLE_FLIP), from_lanes(expected));
    }

    #[test]
    fn relaxed_ops_follow_the_deterministic_profile() {
        let a = splat::<i8, 16>(-128);
        let b = splat::<i8, 16>(-127);
        assert_eq!(lanes::<i16, 8>(i16x8_relaxed_dot_i8x16_i7x16_s(a, b))[0], 32512);
        assert_eq!(lanes::<i32, 4>(i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, splat::<i32, 4>(1)))[0], 65025);
        // Unfused: 1e38 * 10 overflows to inf before adding -inf would give NaN; with
        // finite values check two roundings.
        let x = splat::<f32, 4>(1.0 + f32::EPSILON);
        let r: [f32; 4] = lanes(f32x4_relaxed_madd(x, x, splat::<f32, 4>(-1.0)));
        assert_eq!(r[0], (1.0 + f32::EPSILON) * (1.0 + f32::EPSILON) - 1.0);
    }

    #[test]
    fn canonicalisation_only_touches_nans() {
        assert_eq!(canon_f32(0xffa0_0001), CANONICAL_NAN_F32);
        assert_eq!(canon_f32(1.5f32.to_bits()), 1.5f32.to_bits());
        assert_eq!(canon_f64(0x7ff0_0000_0000_0001), CANONICAL_NAN_F64);
        let v = from_lanes::<u32, 4>([0xffc0_0000, 1, 0x7f80_0001, 0x7f80_0000]);
        assert_eq!(lanes::<u32, 4>(canon_f32x4(v)), [CANONICAL_NAN_F32, 1, CANONICAL_NAN_F32, 0x7f80_0000]);
    }
}
