//! Side-by-side benchmarks of Kiln against other WebAssembly runtimes.
//!
//! Benchmarks live in `benches/`; see the crate's `README.md`. This crate is
//! a workspace of its own so that CI never compiles the comparison runtimes.
