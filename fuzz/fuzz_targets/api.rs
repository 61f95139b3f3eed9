//! Random sequences of embedding-API operations: no panic, usable store, exact reset (see `kiln_fuzz::api`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kiln_fuzz::api::run(data);
});
