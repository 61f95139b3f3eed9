//! The `validate` target: arbitrary bytes as a module.
//!
//! Kiln's compiler ([`kiln::Module::from_binary`]: decoding, validation and
//! translation to bytecode in one pass) must return `Ok` or `Err` without
//! panicking, and must accept exactly the binaries that wasmparser's
//! validator accepts with the features Kiln enables by default. A module
//! Kiln rejects although it is valid is a finding as much as one it
//! accepts although it is invalid.
//!
//! Raw bytes rarely get past the section headers, so the first input byte
//! chooses the mode: when it is a multiple of 4, the rest of the input
//! drives `wasm-smith` (with a random configuration, so also with proposals
//! Kiln does not implement, which it must reject) and then corrupts the
//! generated module with a few random edits ([`crate::corrupt`]);
//! otherwise the rest of the input is the module itself.
//!
//! Bytes that are not a binary module go through [`kiln::Module::new`]
//! too, which tries them as the text format; there only "no panic" is
//! checked, plus agreement with wasmparser on whatever binary the text
//! parser produced.
//!
//! Time: Kiln's compiler does one pass over each function body and its
//! work per operator is bounded, so compile time must stay linear in the
//! input. The target cannot assert on time without being flaky; run the
//! fuzzer with libFuzzer's `-timeout=` (see `fuzz/README.md`) so a
//! superlinear input is reported as a timeout, with the input saved.

use arbitrary::{Arbitrary, Unstructured};
use kiln::{Engine, Module};
use wasmparser::{Validator, WasmFeatures};

use crate::Verdict;

/// The features `kiln::Config::new()` enables (mirrored here because
/// Kiln's `Config` does not expose its wasmparser feature set; the target
/// cross-checks the two through [`kiln::Module::validate`], which uses the
/// engine's own set).
pub fn kiln_features() -> WasmFeatures {
    WasmFeatures::WASM2
        .union(WasmFeatures::RELAXED_SIMD)
        .union(WasmFeatures::MULTI_MEMORY)
        .union(WasmFeatures::MEMORY64)
        .union(WasmFeatures::EXTENDED_CONST)
        .union(WasmFeatures::TAIL_CALL)
        .union(WasmFeatures::FUNCTION_REFERENCES)
        .union(WasmFeatures::THREADS)
        .union(WasmFeatures::EXCEPTIONS)
}

/// Runs the target on one input. Panics on a finding.
pub fn run(data: &[u8]) -> Verdict {
    match data.split_first() {
        None => Verdict::Skipped("empty input"),
        Some((mode, rest)) if mode % 4 == 0 => run_generated(rest),
        Some((_, rest)) => run_bytes(rest),
    }
}

/// A `wasm-smith` module of any configuration, corrupted or not.
fn run_generated(data: &[u8]) -> Verdict {
    let mut u = Unstructured::new(data);
    let Ok(module) = wasm_smith::Config::arbitrary(&mut u).and_then(|c| wasm_smith::Module::new(c, &mut u)) else {
        return Verdict::Skipped("input too short for wasm-smith");
    };
    let mut binary = module.to_bytes();
    if u.arbitrary().unwrap_or(false) {
        crate::corrupt(&mut binary, &mut |n| u.int_in_range(0..=n - 1).unwrap_or(0));
    }
    check_binary(&eager_engine(), &binary);
    Verdict::Checked
}

/// The input as a module, binary or text.
pub fn run_bytes(data: &[u8]) -> Verdict {
    let engine = eager_engine();
    if data.starts_with(b"\0asm") {
        check_binary(&engine, data);
        return Verdict::Checked;
    }
    // Not a binary: the text path must not panic either.
    match Module::new(&engine, data) {
        Ok(_) => match wat::parse_bytes(data) {
            Ok(binary) => {
                check_binary(&engine, &binary);
                Verdict::Checked
            }
            Err(e) => panic!("Kiln accepted text that `wat` rejects: {e}"),
        },
        Err(_) => Verdict::Partial("not a module"),
    }
}

/// An engine that translates every function in `Module::new`, so that the
/// translator sees every body the fuzzer makes, called or not.
fn eager_engine() -> Engine {
    let mut config = kiln::Config::new();
    config.lazy_translation(false);
    Engine::new(&config).expect("valid configuration")
}

/// Compiles `binary` with Kiln and compares the verdict with wasmparser's.
fn check_binary(engine: &Engine, binary: &[u8]) {
    let reference = Validator::new_with_features(kiln_features()).validate_all(binary);
    let kiln_validate = Module::validate(engine, binary);
    assert_eq!(
        reference.is_ok(),
        kiln_validate.is_ok(),
        "Module::validate disagrees with wasmparser under Kiln's features (feature set drifted?): {:?} / {kiln_validate:?}",
        reference.as_ref().err()
    );
    let compiled = Module::from_binary(engine, binary);
    match (&reference, &compiled) {
        (Ok(_), Err(e)) => panic!("Kiln rejects a valid module: {e:#}"),
        (Err(e), Ok(_)) => panic!("Kiln accepts an invalid module (wasmparser: {e})"),
        _ => {}
    }
}
