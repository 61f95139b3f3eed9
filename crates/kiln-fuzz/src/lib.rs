//! The logic of Kiln's fuzz targets, as an ordinary library so that the
//! cargo-fuzz wrappers in `fuzz/` stay one line each and the smoke test
//! (`tests/smoke.rs`) runs the very same checks on fixed seeds in
//! `cargo test`.
//!
//! Each target takes arbitrary bytes and either returns a [`Verdict`]
//! saying what it could check, or panics: a panic is a finding (a panic in
//! Kiln, or a disagreement with the reference).
//!
//! - [`validate`]: arbitrary bytes as a module; Kiln must not panic and
//!   must accept exactly the modules wasmparser's validator accepts with
//!   Kiln's features.
//! - [`differential`]: a `wasm-smith` module run in Kiln and in wasmi under
//!   fuel; results, traps and the final exported state must agree.
//! - [`api`]: random sequences of embedding-API operations on a few fixed
//!   modules; no panic, the store stays usable after every error, and a
//!   reset instance looks exactly like a fresh one.

pub mod api;
pub mod differential;
pub mod validate;
mod value;

/// What one run of a target could check.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The input was checked in full.
    Checked,
    /// The input was run, but part of it could not be compared; the reason
    /// says which normalisation applied.
    Partial(&'static str),
    /// The input was not usable for this target (for example too short).
    Skipped(&'static str),
}

/// A small deterministic pseudo-random generator (SplitMix64) for seeding
/// the smoke test and corruption runs reproducibly.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` must not be 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

/// Corrupts `bytes` with one to four edits (bit flips, special byte values,
/// truncation, insertion of random bytes, duplication of a chunk), drawing
/// each choice from `below(n)`, which returns a number in `0..n`.
pub fn corrupt(bytes: &mut Vec<u8>, below: &mut impl FnMut(u64) -> u64) {
    for _ in 0..=below(4) {
        let len = bytes.len() as u64;
        let at = if len == 0 { 0 } else { below(len) as usize };
        match below(6) {
            0 | 1 if len > 0 => bytes[at] ^= 1 << below(8),
            2 if len > 0 => bytes[at] = [0x00, 0xff, 0x7f, 0x80, 0x01, 0x0b][below(6) as usize],
            3 => bytes.truncate(at),
            4 => {
                let insert: Vec<u8> = (0..=below(8)).map(|_| below(256) as u8).collect();
                bytes.splice(at..at, insert);
            }
            _ if len > 0 => {
                let end = (at + 1 + below(32) as usize).min(bytes.len());
                let chunk = bytes[at..end].to_vec();
                bytes.splice(at..at, chunk);
            }
            _ => bytes.push(below(256) as u8),
        }
    }
}
