//! `cargo run -p kiln-bench --release -- [ARGS]` runs the side-by-side
//! benchmark harness (Kiln against wasmi and Wasmtime) with `ARGS`.
//!
//! The harness itself lives in `harness/`, a Cargo workspace of its own: it
//! compiles wasmi and Wasmtime (Cranelift and Pulley), which take many
//! minutes to build, and the main workspace's CI (`cargo clippy --workspace
//! --all-targets`, `cargo test --workspace`) must never build them. This
//! crate, a member of the main workspace with no dependencies, only runs
//! `$CARGO run --release --manifest-path <this crate>/harness/Cargo.toml --
//! ARGS` (`cargo` when `CARGO` is unset), forwarding the arguments, standard
//! streams and exit status. See `README.md` beside this crate's manifest.

use std::process::{Command, ExitCode};

/// The harness workspace's manifest.
const HARNESS_MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/harness/Cargo.toml");

fn main() -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo)
        .args(["run", "--release", "--manifest-path", HARNESS_MANIFEST, "--"])
        .args(std::env::args_os().skip(1))
        .status();
    match status {
        Ok(status) => match status.code() {
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            None => {
                eprintln!("kiln-bench: the harness was killed ({status})");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("kiln-bench: cannot run `{}`: {e}", cargo.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_harness_manifest_exists() {
        assert!(std::path::Path::new(super::HARNESS_MANIFEST).is_file(), "{} is missing", super::HARNESS_MANIFEST);
    }
}
