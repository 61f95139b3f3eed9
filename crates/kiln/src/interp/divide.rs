//! Unsigned 32-bit division by a constant as a multiplication and shifts,
//! as compilers do it: `i32.div_u` and `i32.rem_u` by a constant divisor
//! need no `div` instruction, whose latency (a dozen cycles or more) sits
//! on the dependency chain of loops such as a linear congruential
//! generator's `x = (x * a + c) % m`.
//!
//! The method is Granlund and Montgomery's ("Division by invariant integers
//! using multiplication", 1994, figure 4.1): with `l = ceil(log2 d)` and
//! `m = floor(2^32 * (2^l - d) / d) + 1`, which is below 2^32, the quotient
//! of every 32-bit `n` is `(mulhi(m, n) + n) >> l`. The sum can take 33
//! bits, so it is computed in 64-bit arithmetic.

/// The multiplier and shift that divide by `divisor` (which must not be 0).
pub(crate) fn magic_u32(divisor: u32) -> (u32, u8) {
    debug_assert!(divisor != 0, "no multiplier divides by zero");
    let shift = 32 - divisor.saturating_sub(1).leading_zeros();
    let d = u128::from(divisor);
    let magic = ((1u128 << 32) * ((1u128 << shift) - d) / d + 1) as u32;
    (magic, shift as u8)
}

/// `n / divisor`, given `divisor`'s multiplier and shift ([`magic_u32`]).
#[inline(always)]
pub(crate) fn div_u32(n: u32, magic: u32, shift: u8) -> u32 {
    let n = u64::from(n);
    let high = (n * u64::from(magic)) >> 32;
    ((high + n) >> shift) as u32
}

/// `n % divisor`: the quotient ([`div_u32`]) multiplied back and subtracted.
#[inline(always)]
pub(crate) fn rem_u32(n: u32, magic: u32, shift: u8, divisor: u32) -> u32 {
    n - div_u32(n, magic, shift) * divisor
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dividends that stress the method: the ends of the range, and each
    /// multiple of the divisor with its neighbours near them.
    fn dividends(d: u32) -> impl Iterator<Item = u32> {
        let last_multiple = u32::MAX / d * d;
        let near = |m: u32| [m.wrapping_sub(1), m, m.wrapping_add(1)];
        [0, 1, 2, d / 2, u32::MAX - 1, u32::MAX, 0x8000_0000, 0x7fff_ffff]
            .into_iter()
            .chain(near(d))
            .chain(near(last_multiple))
            .chain(near(last_multiple.wrapping_sub(d)))
            .chain((0..200u32).map(move |i| i.wrapping_mul(0x9e37_79b9) ^ (i << 7)))
    }

    fn divisors() -> impl Iterator<Item = u32> {
        let small = 1..=1000u32;
        let powers = (0..32).flat_map(|k| {
            let p = 1u32 << k;
            [p.wrapping_sub(1), p, p.wrapping_add(1)]
        });
        let odd = [3, 5, 7, 10, 60, 100, 641, 1000, 3600, 86400, 139_968, 1_000_000, 1_000_000_007, 0x7fff_ffff];
        let large = (0..500u32).map(|i| u32::MAX - i.wrapping_mul(0x0101_0101));
        small.chain(powers).chain(odd).chain(large).filter(|&d| d != 0)
    }

    #[test]
    fn quotients_match_division() {
        for d in divisors() {
            let (magic, shift) = magic_u32(d);
            for n in dividends(d) {
                assert_eq!(div_u32(n, magic, shift), n / d, "{n} / {d} (magic {magic}, shift {shift})");
            }
        }
    }

    #[test]
    fn a_million_dividends_across_the_range() {
        // Every 4099th dividend, for small, odd, even and near-maximal divisors.
        for d in [7u32, 641, 139_968, 0xffff_fffb] {
            let (magic, shift) = magic_u32(d);
            for n in (0..=u32::MAX).step_by(4099) {
                assert_eq!(div_u32(n, magic, shift), n / d, "{n} / {d}");
            }
        }
    }
}
