//! Arbitrary bytes as a module: Kiln's compiler must not panic and must agree with wasmparser's validator (see `kiln_fuzz::validate`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kiln_fuzz::validate::run(data);
});
