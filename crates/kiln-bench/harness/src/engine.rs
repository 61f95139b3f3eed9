//! The engines compared, and how each is configured.

use std::fmt;

use anyhow::{Result, bail};

/// One engine (runtime and execution tier) under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EngineKind {
    /// Kiln's interpreter.
    Kiln,
    /// wasmi 2: its default configuration (lazy translation), with deeper
    /// recursion allowed ([`wasmi_config`]).
    Wasmi,
    /// Wasmtime 48 compiling to Pulley bytecode and interpreting it.
    Pulley,
    /// Wasmtime 48 compiling to native code with Cranelift.
    Cranelift,
}

impl EngineKind {
    /// Every engine, in the order tables list them.
    pub const ALL: [EngineKind; 4] = [EngineKind::Kiln, EngineKind::Wasmi, EngineKind::Pulley, EngineKind::Cranelift];

    /// The engine's name on the command line, in tables and in the CSV.
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Kiln => "kiln",
            EngineKind::Wasmi => "wasmi",
            EngineKind::Pulley => "pulley",
            EngineKind::Cranelift => "cranelift",
        }
    }

    /// The engine's name in table headings.
    pub fn title(self) -> &'static str {
        match self {
            EngineKind::Kiln => "Kiln",
            EngineKind::Wasmi => "wasmi",
            EngineKind::Pulley => "Pulley",
            EngineKind::Cranelift => "Cranelift",
        }
    }

    /// Parses a comma-separated list of engine names (`kiln,wasmi`); `all`
    /// stands for every engine.
    pub fn parse_list(list: &str) -> Result<Vec<EngineKind>> {
        let mut engines = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if name == "all" {
                engines.extend(EngineKind::ALL);
                continue;
            }
            match EngineKind::ALL.into_iter().find(|e| e.name() == name) {
                Some(engine) => engines.push(engine),
                None => bail!("unknown engine `{name}` (expected kiln, wasmi, pulley, cranelift or all)"),
            }
        }
        engines.sort();
        engines.dedup();
        if engines.is_empty() {
            bail!("no engine selected");
        }
        Ok(engines)
    }

    /// Wasmtime's engine for this tier: its default configuration, with the
    /// Pulley target for [`EngineKind::Pulley`]; an error for the engines
    /// that are not Wasmtime.
    pub fn wasmtime_engine(self) -> Result<wasmtime::Engine> {
        let mut config = wasmtime::Config::new();
        match self {
            EngineKind::Cranelift => {}
            EngineKind::Pulley => {
                config.target("pulley64")?;
            }
            EngineKind::Kiln | EngineKind::Wasmi => bail!("{self} is not a Wasmtime tier"),
        }
        Ok(wasmtime::Engine::new(&config)?)
    }
}

/// The deepest wasm call nesting wasmi allows here. Its default, 1000,
/// stops `shootout-ackermann`; Kiln and Wasmtime limit the stack's size in
/// bytes instead (1 MiB and 512 KiB by default), which that program fits.
const WASMI_MAX_RECURSION_DEPTH: usize = 100_000;

/// wasmi's default configuration with `mode` and deeper recursion allowed
/// (see [`WASMI_MAX_RECURSION_DEPTH`]).
pub fn wasmi_config(mode: wasmi::CompilationMode) -> wasmi::Config {
    let mut config = wasmi::Config::default();
    config.compilation_mode(mode).set_max_recursion_depth(WASMI_MAX_RECURSION_DEPTH);
    config
}

impl fmt::Display for EngineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
