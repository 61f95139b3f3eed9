//! The `kiln` command-line tool: `kiln run` executes a module, `kiln wast`
//! runs spec scripts.
//!
//! Exit status: 0 on success; for `run`, the guest's `proc_exit` code; 1 for
//! any error (unreadable, malformed or invalid module, missing import,
//! failed script directive); 134 when the guest traps (as Wasmtime does).

mod features;
mod run;
mod wast;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status for a wasm trap.
pub const TRAP_EXIT_STATUS: u8 = 134;

#[derive(Parser)]
#[command(name = "kiln", version, about = "Kiln WebAssembly runtime")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a WebAssembly module (binary or text).
    Run(run::RunCommand),
    /// Run WebAssembly spec test scripts (.wast).
    Wast(wast::WastCommand),
}

fn main() -> ExitCode {
    let args = run::hoist_run_options(std::env::args_os().collect());
    let cli = Cli::parse_from(args);
    match cli.command {
        Command::Run(cmd) => cmd.execute(),
        Command::Wast(cmd) => cmd.execute(),
    }
}
