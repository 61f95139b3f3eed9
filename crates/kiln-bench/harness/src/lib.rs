//! Side-by-side benchmarks of Kiln against wasmi and Wasmtime (with its
//! Cranelift compiler and with its Pulley interpreter), all in one process.
//!
//! - The `kiln-bench-harness` binary (`src/main.rs`) runs the Sightglass
//!   benchmark programs on every engine, interleaved, and prints markdown
//!   tables of medians and ratios; see `crates/kiln-bench/README.md`.
//! - The criterion benches in `benches/` measure single operations
//!   (translation, instantiation, calls across the host boundary, small
//!   kernels) through [`micro`], and Kiln's SIMD kernels and embedder
//!   controls.
//!
//! This crate is a workspace of its own so that the main workspace's CI never
//! compiles the comparison runtimes.

pub mod engine;
pub mod micro;
pub mod report;
pub mod runners;
pub mod samples;
pub mod stats;
pub mod suite;
pub mod timer;
