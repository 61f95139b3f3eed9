//! Sightglass benchmark programs run with `kiln run`, each from its own
//! folder as `kiln run --dir . --preload bench=examples/bench-stub.wat
//! <program>.wasm`; standard output and error must equal the
//! `<program>.stdout.expected` / `<program>.stderr.expected` files beside
//! it (where a file is missing, that stream is not checked) and the exit
//! status must be 0.
//!
//! The folder is `$KILN_SIGHTGLASS`, else `../shared/benchmarks/sightglass`
//! beside the repository; when it is absent the test says so and passes.
//! By default only the programs that finish in a few seconds in a debug
//! build run (`QUICK`); `KILN_SIGHTGLASS_ALL=1` runs every program found
//! (see `scripts/sightglass.sh`, which does that with a release build).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use libtest_mimic::{Arguments, Failed, Trial};

/// Programs (folder/stem) run by default.
const QUICK: &[&str] = &[
    "blake3-scalar/benchmark",
    "bz2/benchmark",
    "meshoptimizer/benchmark",
    "noop/benchmark",
    "pulldown-cmark/benchmark",
    "quicksort/benchmark",
    "regex/benchmark",
    "richards/benchmark",
    "shootout/shootout-ackermann",
    "shootout/shootout-gimli",
    "shootout/shootout-keccak",
    "shootout/shootout-memmove",
    "shootout/shootout-nestedloop",
    "shootout/shootout-switch",
    "shootout/shootout-xblabla20",
    "shootout/shootout-xchacha20",
];

fn sightglass_root() -> PathBuf {
    match std::env::var_os("KILN_SIGHTGLASS") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/benchmarks/sightglass"),
    }
}

/// Every `folder/stem` with a `.wasm` program under `root`.
fn all_programs(root: &Path) -> std::io::Result<Vec<String>> {
    let mut programs = Vec::new();
    for folder in std::fs::read_dir(root)? {
        let folder = folder?.path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder)? {
            let file = file?.path();
            if let (Some("wasm"), Some(stem), Some(dir)) = (
                file.extension().and_then(|e| e.to_str()),
                file.file_stem().and_then(|s| s.to_str()),
                folder.file_name().and_then(|d| d.to_str()),
            ) {
                programs.push(format!("{dir}/{stem}"));
            }
        }
    }
    programs.sort();
    Ok(programs)
}

fn run_program(root: &Path, program: &str) -> Result<(), Failed> {
    let (folder, stem) = program.split_once('/').ok_or("bad program name")?;
    let dir = root.join(folder);
    let wasm = format!("{stem}.wasm");
    if !dir.join(&wasm).is_file() {
        return Err(format!("{} is missing", dir.join(&wasm).display()).into());
    }
    let stub = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bench-stub.wat");
    let out = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .current_dir(&dir)
        .arg("run")
        .args(["--dir", "."])
        .arg("--preload")
        .arg(format!("bench={}", stub.display()))
        .arg(&wasm)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run kiln: {e}"))?;
    let mut problems = Vec::new();
    if !out.status.success() {
        problems.push(format!("exit status {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr)));
    }
    for (stream, actual) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let expected_path = dir.join(format!("{stem}.{stream}.expected"));
        if let Ok(expected) = std::fs::read(&expected_path)
            && &expected != actual
        {
            problems.push(format!(
                "{stream} differs from {} ({} bytes, expected {})",
                expected_path.display(),
                actual.len(),
                expected.len()
            ));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n").into()) }
}

fn main() {
    let args = Arguments::from_args();
    let root = sightglass_root();
    let trials = match all_programs(&root) {
        Err(_) => {
            println!("Sightglass benchmarks not found at {} (set KILN_SIGHTGLASS): NOT tested", root.display());
            Vec::new()
        }
        Ok(all) => {
            let selected: Vec<String> = if std::env::var_os("KILN_SIGHTGLASS_ALL").is_some() {
                all
            } else {
                let skipped: Vec<&String> = all.iter().filter(|p| !QUICK.contains(&p.as_str())).collect();
                if !skipped.is_empty() {
                    println!(
                        "sightglass: not run by default (slow in debug builds; see scripts/sightglass.sh): {skipped:?}"
                    );
                }
                QUICK.iter().map(|p| p.to_string()).collect()
            };
            selected
                .into_iter()
                .map(|program| {
                    let root = root.clone();
                    Trial::test(format!("sightglass::{program}"), move || run_program(&root, &program))
                })
                .collect()
        }
    };
    libtest_mimic::run(&args, trials).exit();
}
