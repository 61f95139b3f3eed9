//! Engine flags shared by `run` and `wast`: `--spec VERSION`, Wasmtime-style
//! `-W NAME=y|n` and `--deterministic`.

use anyhow::{Result, bail};
use clap::Args;
use kiln::{Config, SpecVersion};

#[derive(Args, Clone, Debug, Default)]
pub struct FeatureFlags {
    /// Enable exactly the features of one spec version: 1.0, 2.0 or 3.0
    /// (default: everything Kiln implements but wide arithmetic, custom page
    /// sizes and legacy exceptions, which are off by default as in Wasmtime).
    #[arg(long, value_name = "VERSION")]
    pub spec: Option<String>,

    /// Switch a WebAssembly proposal on or off, e.g. `-W multi-memory=n`,
    /// `-W wide-arithmetic=y`, `-W custom-page-sizes=y`,
    /// `-W legacy-exceptions=y`.
    #[arg(short = 'W', value_name = "NAME=y|n")]
    pub wasm: Vec<String>,

    /// Deterministic execution: canonical NaNs from all float arithmetic
    /// (see `kiln::Config::deterministic`).
    #[arg(long)]
    pub deterministic: bool,
}

impl FeatureFlags {
    /// The engine configuration these flags describe.
    pub fn config(&self) -> Result<Config> {
        let mut config = Config::new();
        config.deterministic(self.deterministic);
        if let Some(spec) = &self.spec {
            let version = match spec.as_str() {
                "1" | "1.0" => SpecVersion::V1,
                "2" | "2.0" => SpecVersion::V2,
                "3" | "3.0" => SpecVersion::V3,
                other => bail!("unknown spec version `{other}` (expected 1.0, 2.0 or 3.0)"),
            };
            config.wasm_spec_version(version);
        }
        for flag in &self.wasm {
            let (name, value) = flag.split_once('=').unwrap_or((flag.as_str(), "y"));
            let enable = match value {
                "y" | "yes" | "true" => true,
                "n" | "no" | "false" => false,
                other => bail!("invalid value `{other}` for -W {name} (expected y or n)"),
            };
            config.wasm_feature_by_name(name, enable)?;
        }
        Ok(config)
    }
}
