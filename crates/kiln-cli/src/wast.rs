//! `kiln wast FILE...`: runs spec scripts and reports per-file results.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::features::FeatureFlags;

#[derive(Args)]
pub struct WastCommand {
    #[command(flatten)]
    features: FeatureFlags,

    /// Scripts to run.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

impl WastCommand {
    pub fn execute(self) -> ExitCode {
        let config = match self.features.config() {
            Ok(config) => config,
            Err(e) => {
                eprintln!("error: {e:#}");
                return ExitCode::FAILURE;
            }
        };
        let mut all_ok = true;
        for file in &self.files {
            let source = match std::fs::read_to_string(file) {
                Ok(source) => source,
                Err(e) => {
                    eprintln!("error: failed to read `{}`: {e}", file.display());
                    all_ok = false;
                    continue;
                }
            };
            let report = kiln_wast::run_script(&source, &config);
            for failure in &report.failures {
                println!("{}:{failure}", file.display());
            }
            println!("{}: {}", file.display(), report.summary());
            all_ok &= report.ok();
        }
        if all_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
    }
}
