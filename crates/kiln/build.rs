//! Chooses how the interpreter passes control between instruction handlers.
//!
//! Each handler ends by calling the next instruction's handler. In an
//! optimized build that call is a tail call, compiled to a jump, so handlers
//! run in constant native stack (threaded code). Unoptimized builds make
//! real calls, which would grow the native stack with every instruction, so
//! there handlers return to a loop instead. So do optimized builds with
//! debug assertions: their checks keep the compiler from turning some
//! handler calls into jumps, and a long loop then overflowed the native
//! stack (found while fuzzing; `fuzz/README.md`). So do instrumented
//! builds (cargo-fuzz's sanitizer coverage, `-Cinstrument-coverage`): the
//! instrumentation kept `F32x4Abs`, among others, from jumping to the next
//! handler. This script sets the `kiln_tail_dispatch` cfg for optimized,
//! uninstrumented builds without debug assertions, and `kiln_stack_guard`
//! for such test builds, which then check that the native stack stays flat.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=OPT_LEVEL");
    println!("cargo::rerun-if-env-changed=PROFILE");
    println!("cargo::rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    println!("cargo::rustc-check-cfg=cfg(kiln_tail_dispatch)");
    println!("cargo::rustc-check-cfg=cfg(kiln_stack_guard)");
    let optimized = matches!(std::env::var("OPT_LEVEL").as_deref(), Ok("2" | "3" | "s" | "z"));
    let debug_assertions = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some();
    let rustflags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let instrumented = ["sancov", "sanitizer-coverage", "instrument-coverage"].iter().any(|f| rustflags.contains(f));
    if optimized && !debug_assertions && !instrumented {
        println!("cargo::rustc-cfg=kiln_tail_dispatch");
        // An optimized build of a profile derived from `dev` (the test
        // profile): check at every check point that the handlers really ran
        // in constant native stack.
        if std::env::var("PROFILE").as_deref() == Ok("debug") {
            println!("cargo::rustc-cfg=kiln_stack_guard");
        }
    }
}
