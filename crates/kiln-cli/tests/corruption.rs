//! Corruption check: `kiln run` on randomly corrupted copies of the
//! Sightglass programs must never crash. `cargo test` runs 100 cases; the
//! full check (10,000 cases, minutes of work) is ignored by default.
//! Each case takes one program, applies one to four seeded edits (bit
//! flips, special bytes, truncation, insertion, duplication; see
//! `kiln_fuzz::corrupt`) and runs it as the Sightglass test does, from a
//! scratch copy of the program's folder (a corrupted program may write
//! files), with `--fuel` bounding execution and a wall-clock timeout.
//!
//! A crash is an exit with status 101 (a Rust panic) or death by a signal
//! other than our own timeout kill; its input is saved and the test fails.
//! Every other outcome is tallied and printed: 0 (ran), 1 (rejected or
//! failed cleanly), 134 (trapped, including out of fuel), guest exit codes,
//! and timeouts (counted, not failures).
//!
//! ```sh
//! cargo test -p kiln-cli --test corruption -- --ignored --nocapture
//! ```
//!
//! `KILN_CORRUPT_CASES` (default 10000), `KILN_CORRUPT_SEED` (default 1)
//! and `KILN_CORRUPT_JOBS` (default 1) change the run; the Sightglass folder
//! is found as in `tests/sightglass.rs` (`$KILN_SIGHTGLASS`).

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kiln_fuzz::SplitMix64;

/// Fuel for each run of the full check: enough to get into every
/// program's main loop.
const FUEL: u64 = 20_000_000;
/// A run taking longer than this is killed and counted as a timeout.
const TIMEOUT: Duration = Duration::from_secs(20);

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn sightglass_root() -> PathBuf {
    match std::env::var_os("KILN_SIGHTGLASS") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/benchmarks/sightglass"),
    }
}

/// Copies every benchmark folder into `scratch`; returns the programs as
/// (folder copy, wasm bytes).
fn programs(root: &Path, scratch: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut programs = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("Sightglass benchmarks not found at {} ({e}): NOT tested", root.display()))
        .map(|entry| entry.expect("readable folder").path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let copy = scratch.join(folder.file_name().expect("folder name"));
        std::fs::create_dir_all(&copy).expect("scratch folder");
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&folder).expect("readable folder").map(|e| e.expect("entry").path()).collect();
        files.sort();
        for file in files {
            std::fs::copy(&file, copy.join(file.file_name().expect("file name"))).expect("copy a benchmark file");
            if file.extension().is_some_and(|e| e == "wasm") {
                programs.push((copy.clone(), std::fs::read(&file).expect("readable program")));
            }
        }
    }
    programs
}

/// How one run ended.
fn run_case(folder: &Path, wasm: &Path, fuel: u64) -> String {
    let stub = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bench-stub.wat");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .current_dir(folder)
        .args(["run", "--dir", ".", "--fuel", &fuel.to_string()])
        .arg("--preload")
        .arg(format!("bench={}", stub.display()))
        .arg(wasm)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("kiln starts");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for kiln") {
            return match (status.code(), status.signal()) {
                (Some(code), _) => format!("exit {code}"),
                (None, Some(signal)) => format!("signal {signal}"),
                (None, None) => "unknown".to_owned(),
            };
        }
        if start.elapsed() > TIMEOUT {
            // The child may have exited just now; either way it is gone.
            let _ = child.kill();
            let _ = child.wait();
            return "timeout".to_owned();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
#[ignore = "minutes of work; run with --ignored (see the module docs)"]
fn corrupted_sightglass_programs_never_crash_kiln() {
    let cases = env_or("KILN_CORRUPT_CASES", 10_000) as usize;
    let seed = env_or("KILN_CORRUPT_SEED", 1);
    let jobs = env_or("KILN_CORRUPT_JOBS", 1).max(1) as usize;
    check(&sightglass_root(), "corruption", cases, seed, jobs, FUEL);
}

/// A few cases with a tenth of the fuel, in every `cargo test`.
#[test]
fn a_few_corrupted_programs_never_crash_kiln() {
    let root = sightglass_root();
    if !root.is_dir() {
        println!("Sightglass benchmarks not found at {} (set KILN_SIGHTGLASS): NOT tested", root.display());
        return;
    }
    check(&root, "corruption-quick", 100, 1, 2, FUEL / 10);
}

/// Runs `cases` corrupted programs (from `seed`, on `jobs` threads, each
/// with `fuel`) in scratch folder `name`; fails on any crash.
fn check(root: &Path, name: &str, cases: usize, seed: u64, jobs: usize, fuel: u64) {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&scratch);
    let programs = programs(root, &scratch.join("benchmarks"));
    assert!(!programs.is_empty(), "no Sightglass programs found: NOT tested");
    let crashes_dir = scratch.join("crashes");
    std::fs::create_dir_all(&crashes_dir).expect("crash folder");

    let next = AtomicUsize::new(0);
    let tally: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());
    let crashes: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let case = next.fetch_add(1, Ordering::Relaxed);
                    if case >= cases {
                        break;
                    }
                    // Each case has its own generator, so results do not
                    // depend on the number of jobs.
                    let mut rng = SplitMix64::new(seed.wrapping_mul(0x1_0000_0001).wrapping_add(case as u64));
                    let (folder, original) = &programs[rng.below(programs.len() as u64) as usize];
                    let mut bytes = original.clone();
                    kiln_fuzz::corrupt(&mut bytes, &mut |n| rng.below(n));
                    let wasm = scratch.join(format!("case-{case}.wasm"));
                    std::fs::write(&wasm, &bytes).expect("write the corrupted program");
                    let outcome = run_case(folder, &wasm, fuel);
                    if outcome == "exit 101" || outcome.starts_with("signal") {
                        let saved = crashes_dir.join(format!("case-{case}.wasm"));
                        std::fs::rename(&wasm, &saved).expect("keep the crashing input");
                        let line = format!("case {case} ({}): {outcome}, input {}", folder.display(), saved.display());
                        crashes.lock().expect("crash list").push(line);
                    } else {
                        std::fs::remove_file(&wasm).expect("remove the corrupted program");
                    }
                    *tally.lock().expect("tally").entry(outcome).or_insert(0) += 1;
                }
            });
        }
    });
    let tally = tally.into_inner().expect("tally");
    println!("{cases} corrupted runs (seed {seed}) in {:.0?}: {tally:?}", started.elapsed());
    let crashes = crashes.into_inner().expect("crash list");
    assert!(crashes.is_empty(), "kiln crashed:\n{}", crashes.join("\n"));
    assert_eq!(tally.values().sum::<usize>(), cases);
}
