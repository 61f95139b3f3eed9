//! The official WASI test suite (`wasm32-wasip1` tests of the `c`, `rust`
//! and `assemblyscript` suites), run through the `kiln run` binary exactly
//! as a user would run each program.
//!
//! The suite is read from `$KILN_WASI_TESTSUITE`, else from
//! `../shared/wasi-testsuite` beside the repository. When it is absent the
//! test says so and passes. Each test runs in a fresh temporary copy of its
//! directory (its program and the data beside it, made writable; not the
//! other tests' programs), with only the environment variables its
//! specification lists, and standard input empty. Expectations follow `doc/specification.md`: the exit code,
//! and standard output and error when the specification gives them.
//!
//! One trial per suite prints `<suite>: N passed, M failed`.
//! `EXPECTED_FAILURES` lists tests known to fail, with the reason; a listed
//! test that passes is reported too, so the list stays true.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;

/// `(suite, test name, reason)`.
const EXPECTED_FAILURES: &[(&str, &str, &str)] = &[];

const SUITES: &[&str] = &["assemblyscript", "c", "rust"];

/// Where the test suite is, if anywhere.
fn suite_root() -> PathBuf {
    match std::env::var_os("KILN_WASI_TESTSUITE") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/wasi-testsuite"),
    }
}

/// How to run one test and what it must do, from its JSON specification.
#[derive(Debug, Default)]
struct Spec {
    args: Vec<String>,
    env: Vec<(String, String)>,
    root: Option<String>,
    exit_code: i32,
    stdout: Option<String>,
    stderr: Option<String>,
}

fn strings(value: Option<&Value>) -> Result<Vec<String>, String> {
    match value {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            items.iter().map(|v| v.as_str().map(str::to_owned).ok_or_else(|| format!("not a string: {v}"))).collect()
        }
        Some(other) => Err(format!("expected a list of strings, got {other}")),
    }
}

fn env_pairs(value: Option<&Value>) -> Result<Vec<(String, String)>, String> {
    match value {
        None => Ok(Vec::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())).ok_or_else(|| format!("env {k}: {v}")))
            .collect(),
        Some(other) => Err(format!("expected an object, got {other}")),
    }
}

impl Spec {
    /// Reads `<test>.json` (legacy or operation-based), or the defaults.
    fn load(path: &Path) -> Result<Spec, String> {
        let Ok(text) = std::fs::read_to_string(path) else { return Ok(Spec::default()) };
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut spec = Spec::default();
        if let Some(proposals) = json.get("proposals").and_then(Value::as_array)
            && !proposals.is_empty()
        {
            return Err(format!("needs WASI proposals {proposals:?}, which Kiln does not implement"));
        }
        let Some(operations) = json.get("operations") else {
            spec.args = strings(json.get("args"))?;
            spec.env = env_pairs(json.get("env"))?;
            spec.root = json.get("root").and_then(Value::as_str).map(str::to_owned);
            spec.exit_code = json.get("exit_code").and_then(Value::as_i64).unwrap_or(0) as i32;
            spec.stdout = json.get("stdout").and_then(Value::as_str).map(str::to_owned);
            spec.stderr = json.get("stderr").and_then(Value::as_str).map(str::to_owned);
            return Ok(spec);
        };
        for op in operations.as_array().ok_or("`operations` is not a list")? {
            match op.get("type").and_then(Value::as_str) {
                Some("run") => {
                    spec.args = strings(op.get("args"))?;
                    spec.env = env_pairs(op.get("env"))?;
                    spec.root = op.get("root").and_then(Value::as_str).map(str::to_owned);
                }
                Some("wait") => spec.exit_code = op.get("exit_code").and_then(Value::as_i64).unwrap_or(0) as i32,
                Some("read") => {
                    let payload = op.get("payload").and_then(Value::as_str).unwrap_or("").to_owned();
                    match op.get("id").and_then(Value::as_str).unwrap_or("stdout") {
                        "stdout" => spec.stdout = Some(payload),
                        "stderr" => spec.stderr = Some(payload),
                        other => return Err(format!("unknown stream `{other}`")),
                    }
                }
                other => return Err(format!("unsupported operation {other:?} (sockets are not implemented)")),
            }
        }
        Ok(spec)
    }
}

/// Copies the test directory `from` into `to`, writable: the data beside
/// the programs and the test's own program and specification (not the other
/// tests' ones), leaving out `*.cleanup` leftovers of earlier runs.
fn copy_dir(from: &Path, to: &Path, test: Option<&str>) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for item in std::fs::read_dir(from)? {
        let item = item?;
        let name = item.file_name();
        let name_str = name.to_string_lossy();
        let program = name_str.ends_with(".wasm") || name_str.ends_with(".json");
        let own = test.is_some_and(|t| name_str.strip_suffix(".wasm").or(name_str.strip_suffix(".json")) == Some(t));
        if name_str.ends_with(".cleanup") || (test.is_some() && program && !own) {
            continue;
        }
        let ty = item.file_type()?;
        let target = to.join(&name);
        if ty.is_dir() {
            copy_dir(&item.path(), &target, None)?;
        } else if ty.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(item.path())?, &target)?;
        } else {
            std::fs::copy(item.path(), &target)?;
            let mut perms = std::fs::metadata(&target)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&target, perms)?;
        }
    }
    Ok(())
}

/// Runs test `name` of directory `dir` in a copy of it at `scratch`; `Err`
/// says what went wrong.
fn run_test(dir: &Path, name: &str, scratch: &Path) -> Result<(), String> {
    let spec = Spec::load(&dir.join(format!("{name}.json")))?;
    if scratch.exists() {
        std::fs::remove_dir_all(scratch).map_err(|e| format!("cannot clean {}: {e}", scratch.display()))?;
    }
    copy_dir(dir, scratch, Some(name)).map_err(|e| format!("cannot copy the test directory: {e}"))?;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    cmd.arg("run").current_dir(scratch).stdin(Stdio::null());
    if let Some(root) = &spec.root {
        cmd.arg("--dir").arg(format!("{}::/", scratch.join(root).display()));
    }
    for (name, value) in &spec.env {
        cmd.arg("--env").arg(format!("{name}={value}"));
    }
    cmd.arg(format!("{name}.wasm")).args(&spec.args);
    let out = cmd.output().map_err(|e| format!("cannot run kiln: {e}"))?;
    let _ = std::fs::remove_dir_all(scratch);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut problems = Vec::new();
    if out.status.code() != Some(spec.exit_code) {
        problems.push(format!("exit status {:?}, expected {}", out.status.code(), spec.exit_code));
    }
    if spec.stdout.as_deref().is_some_and(|expected| expected != stdout) {
        problems.push(format!("stdout {stdout:?}, expected {:?}", spec.stdout.unwrap_or_default()));
    }
    if spec.stderr.as_deref().is_some_and(|expected| expected != stderr) {
        problems.push(format!("stderr differs, expected {:?}", spec.stderr.unwrap_or_default()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n    stderr: {}", problems.join("; "), stderr.trim_end().replace('\n', "\n            ")))
    }
}

/// Runs every test of one suite and reports `N passed, M failed`.
fn run_suite(root: &Path, suite: &str) -> Result<(), Failed> {
    let dir = root.join("tests").join(suite).join("testsuite/wasm32-wasip1");
    let mut tests: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .collect();
    tests.sort();
    let scratch_base = std::env::temp_dir().join(format!("kiln-wasi-testsuite-{}-{suite}", std::process::id()));
    let (mut passed, mut failed, mut report) = (0, 0, String::new());
    for wasm in &tests {
        let name = wasm.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let expected = EXPECTED_FAILURES.iter().find(|(s, n, _)| *s == suite && *n == name);
        match (run_test(&dir, &name, &scratch_base.join(&name)), expected) {
            (Ok(()), None) => passed += 1,
            (Err(e), None) => {
                failed += 1;
                report.push_str(&format!("  {suite}/{name}: {e}\n"));
            }
            (Ok(()), Some((_, _, reason))) => {
                failed += 1;
                report
                    .push_str(&format!("  {suite}/{name}: passes now; remove it from EXPECTED_FAILURES ({reason})\n"));
            }
            (Err(_), Some(_)) => failed += 1,
        }
    }
    let _ = std::fs::remove_dir_all(&scratch_base);
    println!("wasi-testsuite {suite}: {passed} passed, {failed} failed");
    let unexpected = !report.is_empty();
    if unexpected { Err(format!("unexpected results:\n{report}").into()) } else { Ok(()) }
}

fn main() {
    let args = Arguments::from_args();
    let root = suite_root();
    let trials = if root.join("tests").is_dir() {
        SUITES
            .iter()
            .map(|suite| {
                let root = root.clone();
                Trial::test(format!("wasi_testsuite::{suite}"), move || run_suite(&root, suite))
            })
            .collect()
    } else {
        println!(
            "wasi-testsuite not found at {} (set KILN_WASI_TESTSUITE to its path): WASI conformance NOT tested",
            root.display()
        );
        Vec::new()
    };
    libtest_mimic::run(&args, trials).exit();
}
