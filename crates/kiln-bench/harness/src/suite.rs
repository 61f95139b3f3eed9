//! The Sightglass benchmark programs: finding them in a folder, and checking
//! what a run printed against the `.expected` files beside each program.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail, ensure};

use crate::runners::GuestOutput;

/// Where the benchmarks are unless told: `$KILN_SIGHTGLASS`, else
/// `shared/benchmarks/sightglass` beside the repository.
pub fn default_dir() -> PathBuf {
    match std::env::var_os("KILN_SIGHTGLASS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/benchmarks/sightglass"),
    }
}

/// One benchmark program, loaded.
pub struct Benchmark {
    /// Its name in tables: the folder for `<folder>/benchmark.wasm`, else
    /// the file's stem (`shootout-fib2`, `sqlite3`).
    pub name: String,
    /// Its folder, preopened as the guest's `.`.
    pub dir: PathBuf,
    /// The program's file name, which is also the guest's `argv[0]`.
    pub file_name: String,
    /// The module's bytes.
    pub wasm: Vec<u8>,
    /// `<stem>.stdout.expected`, when present.
    pub expected_stdout: Option<Vec<u8>>,
    /// `<stem>.stderr.expected`, when present.
    pub expected_stderr: Option<Vec<u8>>,
}

/// Loads every `*.wasm` program in the folders of `root` whose name contains
/// one of `filters` (all when `filters` is empty), sorted by name.
pub fn discover(root: &Path, filters: &[String]) -> Result<Vec<Benchmark>> {
    let folders = std::fs::read_dir(root)
        .with_context(|| format!("cannot read the Sightglass benchmarks folder `{}`", root.display()))?;
    let mut benchmarks = Vec::new();
    for folder in folders {
        let folder = folder?.path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).with_context(|| format!("cannot read `{}`", folder.display()))? {
            let path = file?.path();
            if path.extension().is_some_and(|e| e == "wasm") {
                let name = benchmark_name(&path);
                if filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())) {
                    benchmarks.push(load(&path, name)?);
                }
            }
        }
    }
    ensure!(!benchmarks.is_empty(), "no benchmark program in `{}` matches {filters:?}", root.display());
    benchmarks.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(benchmarks)
}

fn benchmark_name(wasm: &Path) -> String {
    let stem = wasm.file_stem().unwrap_or_default().to_string_lossy();
    match wasm.parent().and_then(Path::file_name) {
        Some(folder) if stem == "benchmark" => folder.to_string_lossy().into_owned(),
        _ => stem.into_owned(),
    }
}

fn load(wasm: &Path, name: String) -> Result<Benchmark> {
    let dir = wasm.parent().context("a program path has a folder")?.to_path_buf();
    let stem = wasm.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let expected = |stream: &str| std::fs::read(dir.join(format!("{stem}.{stream}.expected"))).ok();
    Ok(Benchmark {
        name,
        file_name: format!("{stem}.wasm"),
        wasm: std::fs::read(wasm).with_context(|| format!("cannot read `{}`", wasm.display()))?,
        expected_stdout: expected("stdout"),
        expected_stderr: expected("stderr"),
        dir,
    })
}

impl Benchmark {
    /// An error unless the guest exited with status 0 and printed exactly
    /// the expected output (streams without an `.expected` file are not
    /// checked).
    pub fn check(&self, output: &GuestOutput) -> Result<()> {
        let mut problems = Vec::new();
        if output.exit_code != 0 {
            problems.push(format!("exit status {}", output.exit_code));
        }
        for (stream, actual, expected) in
            [("stdout", &output.stdout, &self.expected_stdout), ("stderr", &output.stderr, &self.expected_stderr)]
        {
            if let Some(expected) = expected
                && expected != actual
            {
                let at = expected.iter().zip(actual).take_while(|(a, b)| a == b).count();
                problems.push(format!(
                    "{stream} differs from the expected output at byte {at} ({} bytes, expected {})",
                    actual.len(),
                    expected.len()
                ));
            }
        }
        if problems.is_empty() { Ok(()) } else { bail!("{}", problems.join("; ")) }
    }
}
