//! Fuzz smoke test: each fuzz target's logic on a fixed, seeded set of
//! inputs, so `cargo test` catches a regression the fuzzers once found (or
//! a new one on the same paths) without running a fuzzer. The inputs come
//! from a seeded generator: the same on every run and every machine.
//!
//! Each test also checks that most inputs were actually compared, so a
//! target that silently skipped everything would fail.

use std::collections::HashMap;

use kiln_fuzz::{SplitMix64, Verdict};

/// Runs `target` on `cases` inputs of `min_len..max_len` seeded bytes and
/// tallies the verdicts.
fn run_cases(
    seed: u64,
    cases: usize,
    (min_len, max_len): (usize, usize),
    mut target: impl FnMut(&[u8]) -> Verdict,
) -> HashMap<Verdict, usize> {
    let mut rng = SplitMix64::new(seed);
    let mut verdicts = HashMap::new();
    for _ in 0..cases {
        let len = min_len + rng.below((max_len - min_len) as u64) as usize;
        let input = rng.bytes(len);
        *verdicts.entry(target(&input)).or_insert(0) += 1;
    }
    verdicts
}

fn count(verdicts: &HashMap<Verdict, usize>, verdict: Verdict) -> usize {
    verdicts.get(&verdict).copied().unwrap_or(0)
}

#[test]
fn validate_raw_and_generated_modules() {
    let verdicts = run_cases(0x7a11_da7e, 1500, (16, 2048), |input| {
        // Half the raw inputs start like a binary module, so they get past
        // the header (the first byte then selects the raw mode).
        let mut input = input.to_vec();
        if input[0] % 4 != 0 && input[1] % 2 == 0 {
            input.splice(1..1, *b"\0asm\x01\0\0\0");
        }
        kiln_fuzz::validate::run(&input)
    });
    assert!(count(&verdicts, Verdict::Checked) >= 900, "too few modules checked: {verdicts:?}");
}

#[test]
fn validate_text() {
    let verdicts = run_cases(0x7e47, 100, (8, 256), kiln_fuzz::validate::run_bytes);
    assert_eq!(verdicts.values().sum::<usize>(), 100);
    for text in ["(module)", "(module (func (export \"f\") (result i32) i32.const 1))", "(module (func"] {
        kiln_fuzz::validate::run_bytes(text.as_bytes());
    }
    assert_eq!(kiln_fuzz::validate::run_bytes(b"(module)"), Verdict::Checked);
}

#[test]
fn differential_against_wasmi() {
    let verdicts = run_cases(0xd1ff, 1500, (256, 4096), kiln_fuzz::differential::run);
    let checked = count(&verdicts, Verdict::Checked);
    assert!(checked >= 700, "too few modules compared in full: {verdicts:?}");
}

#[test]
fn differential_modules_use_host_imports() {
    let mut rng = SplitMix64::new(0x1a90);
    let engine = kiln::Engine::default();
    let mut importing = 0;
    for _ in 0..50 {
        let input = rng.bytes(2048);
        let binary = kiln_fuzz::differential::generate(&input).expect("2 KiB is enough for a module");
        if kiln::Module::from_binary(&engine, &binary).expect("a valid module").imports().len() > 0 {
            importing += 1;
        }
    }
    assert!(importing >= 25, "only {importing} of 50 generated modules import host items");
}

#[test]
fn api_sequences() {
    let verdicts = run_cases(0xa91, 1000, (32, 1024), kiln_fuzz::api::run);
    assert!(count(&verdicts, Verdict::Checked) >= 990, "too few sequences run: {verdicts:?}");
}
