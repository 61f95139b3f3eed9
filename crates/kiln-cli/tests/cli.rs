//! End-to-end tests of the `kiln` binary: results, error messages and exit
//! statuses.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kiln(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln")).args(args).output().expect("kiln runs")
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    // Cargo's scratch directory for integration tests, inside `target/`.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cli-test");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(name).display().to_string()
}

#[test]
fn run_invoke_prints_each_result() {
    let out = kiln(&["run", &example("fib.wat"), "--invoke", "fib", "20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "6765\n");

    let multi = temp_file(
        "multi.wat",
        br#"(module (func (export "f") (param f32 i64) (result i64 f32) local.get 1 local.get 0))"#,
    );
    let out = kiln(&["run", "--invoke", "f", multi.to_str().unwrap(), "1.5", "-7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "-7\n1.5\n");
}

fn assert_one_line_error(out: &Output, needle: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
    let err = stderr(out);
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.contains(needle), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn truncated_module_is_a_one_line_error() {
    let path = temp_file("truncated.wasm", b"\0asm\x01\0\0");
    assert_one_line_error(&kiln(&["run", path.to_str().unwrap()]), "unexpected end-of-file (at offset 0x4)");
}

#[test]
fn bad_leb128_is_a_one_line_error() {
    let path = temp_file("leb.wasm", b"\0asm\x01\0\0\0\x01\x85\x80\x80\x80\x80\0");
    assert_one_line_error(&kiln(&["run", path.to_str().unwrap()]), "integer representation too long (at offset 0xd)");
}

#[test]
fn ill_typed_function_is_a_one_line_error() {
    let path = temp_file("bad.wat", br#"(module (func (export "f") (result i32) i64.const 1))"#);
    assert_one_line_error(&kiln(&["run", path.to_str().unwrap(), "--invoke", "f"]), "type mismatch");
}

#[test]
fn bad_arguments_and_missing_exports_are_errors() {
    let out = kiln(&["run", &example("fib.wat"), "--invoke", "fib", "ten"]);
    assert_one_line_error(&out, "argument 1");
    let out = kiln(&["run", &example("fib.wat"), "--invoke", "nope"]);
    assert_one_line_error(&out, "no exported function `nope`");
    let out = kiln(&["run", "/definitely/not/here.wasm"]);
    assert_one_line_error(&out, "failed to read");
}

#[test]
fn trap_exits_134_with_trap_and_backtrace() {
    let path = temp_file("rec.wat", br#"(module (func $forever (export "f") (call $forever)))"#);
    let out = kiln(&["run", path.to_str().unwrap(), "--invoke", "f"]);
    assert_eq!(out.status.code(), Some(134));
    let err = stderr(&out);
    assert!(err.starts_with("error: wasm trap: call stack exhausted\nwasm backtrace:\n"), "{err}");
    assert!(err.contains("func 0 (forever) (repeated"), "{err}");
}

#[test]
fn wast_reports_failing_directive_and_line() {
    let script = temp_file(
        "wrong.wast",
        b"(module (func (export \"one\") (result i32) (i32.const 1)))\n(assert_return (invoke \"one\") (i32.const 1))\n(assert_return (invoke \"one\") (i32.const 2))\n",
    );
    let out = kiln(&["wast", script.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(":3:2: assert_return failed: result 0: expected (i32.const 2), got (i32.const 1)"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with("2 passed, 1 failed"), "{stdout}");
}

#[test]
fn wast_spec_and_feature_flags_select_features() {
    let script = temp_file("multi-memory.wast", b"(module (memory 1) (memory 1))\n");
    assert!(!kiln(&["wast", "--spec", "2.0", script.to_str().unwrap()]).status.success());
    let out = kiln(&["wast", "--spec", "2.0", "-W", "bogus=y", script.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown WebAssembly feature `bogus`"));
}

#[test]
fn wast_opt_in_features_need_w_flags() {
    let script = temp_file(
        "opt-in.wast",
        b"(module (memory 1 (pagesize 1))
            (func (export \"mul\") (param i64 i64) (result i64 i64) (i64.mul_wide_u (local.get 0) (local.get 1))))
          (assert_return (invoke \"mul\" (i64.const -1) (i64.const 2)) (i64.const -2) (i64.const 1))\n",
    );
    let path = script.to_str().unwrap();
    assert!(!kiln(&["wast", path]).status.success());
    let out = kiln(&["wast", "-W", "wide-arithmetic=y", "-W", "custom-page-sizes=y", path]);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
}

/// A WASI command that prints its arguments (or environment, with
/// `environ`) as the NUL-separated buffer `args_get` fills.
fn strings_printer(which: &str) -> String {
    format!(
        r#"(module
             (import "wasi_snapshot_preview1" "{which}_sizes_get" (func $sizes (param i32 i32) (result i32)))
             (import "wasi_snapshot_preview1" "{which}_get" (func $get (param i32 i32) (result i32)))
             (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
             (memory (export "memory") 1)
             (func (export "_start")
               (drop (call $sizes (i32.const 0) (i32.const 4)))
               (drop (call $get (i32.const 16) (i32.const 1024)))
               (i32.store (i32.const 8) (i32.const 1024))
               (i32.store (i32.const 12) (i32.load (i32.const 4)))
               (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 0)))))"#
    )
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn run_passes_arguments_after_the_module_to_the_guest() {
    let module = temp_file("args.wat", strings_printer("args").as_bytes());
    let path = module.to_str().unwrap();
    let out = kiln(&["run", path, "first", "--second", "-3", "--invoke"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{path}\0first\0--second\0-3\0--invoke\0"));
}

#[test]
fn run_env_sets_and_inherits_variables() {
    let module = temp_file("env.wat", strings_printer("environ").as_bytes());
    let out = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(["run", "--env", "KILN_TEST_INHERITED", "--env", "A=1=2", "--env", "KILN_TEST_NOT_SET_ANYWHERE"])
        .arg(&module)
        .env("KILN_TEST_INHERITED", "from the host")
        .env("KILN_TEST_HIDDEN", "not passed")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "KILN_TEST_INHERITED=from the host\0A=1=2\0");
    // Options written after the module are still options.
    let out = kiln(&["run", module.to_str().unwrap(), "--env", "B=2", "guest-arg"]);
    assert_eq!(stdout(&out), "B=2\0");
}

/// A WASI command that prints the guest path of preopen 3 and a newline,
/// then the contents of `hello.txt` in it; exits 10 without a preopen and
/// 11 if the file cannot be opened.
const CAT_PREOPEN: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 99) "\nhello.txt")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 8) (local.get $ptr))
    (i32.store (i32.const 12) (local.get $len))
    (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 0))))
  (func (export "_start")
    (if (call $prestat (i32.const 3) (i32.const 16)) (then (call $exit (i32.const 10))))
    (drop (call $name (i32.const 3) (i32.const 200) (i32.load (i32.const 20))))
    (call $print (i32.const 200) (i32.load (i32.const 20)))
    (call $print (i32.const 99) (i32.const 1))
    (if (call $open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 9) (i32.const 0)
                    (i64.const 2) (i64.const 2) (i32.const 0) (i32.const 24))
      (then (call $exit (i32.const 11))))
    (i32.store (i32.const 8) (i32.const 1024))
    (i32.store (i32.const 12) (i32.const 1000))
    (drop (call $read (i32.load (i32.const 24)) (i32.const 8) (i32.const 1) (i32.const 28)))
    (call $print (i32.const 1024) (i32.load (i32.const 28)))))"#;

#[test]
fn run_dir_preopens_host_directories_under_guest_paths() {
    let module = temp_file("cat.wat", CAT_PREOPEN.as_bytes());
    let dir = module.parent().unwrap().join("data");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hello.txt"), "hello from the host").unwrap();
    let host = dir.to_str().unwrap();
    let out = kiln(&["run", "--dir", &format!("{host}::/sandbox"), module.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "/sandbox\nhello from the host");
    // Without `::GUEST` the guest sees the host path.
    let out = kiln(&["run", module.to_str().unwrap(), "--dir", host]);
    assert_eq!(stdout(&out), format!("{host}\nhello from the host"));
    // Relative to the working directory, as `--dir .` in a benchmark folder.
    let out = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(["run", "--dir", ".", module.to_str().unwrap()])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(stdout(&out), ".\nhello from the host");
    // No preopen, no files.
    assert_eq!(kiln(&["run", module.to_str().unwrap()]).status.code(), Some(10));
    assert_one_line_error(&kiln(&["run", "--dir", "/definitely/not/here", module.to_str().unwrap()]), "--dir");
}

#[test]
fn run_exit_status_is_the_guest_exit_code() {
    let module = temp_file(
        "exit.wat",
        br#"(module
             (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
             (func (export "_start") (call $exit (i32.const 42)) unreachable))"#,
    );
    let out = kiln(&["run", module.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(42), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn run_preload_makes_exports_importable() {
    let helper = temp_file(
        "helper.wat",
        br#"(module (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))"#,
    );
    let main = temp_file(
        "uses-helper.wat",
        br#"(module
             (import "helper" "double" (func $double (param i32) (result i32)))
             (func (export "run") (param i32) (result i32) (call $double (local.get 0))))"#,
    );
    let preload = format!("helper={}", helper.display());
    let out = kiln(&["run", "--preload", &preload, main.to_str().unwrap(), "--invoke", "run", "21"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "42\n");
    let out = kiln(&["run", main.to_str().unwrap(), "--invoke", "run", "21"]);
    assert_one_line_error(&out, "unknown import: `helper::double`");
    assert_one_line_error(&kiln(&["run", "--preload", "helper", main.to_str().unwrap()]), "expected NAME=PATH");
    let out = kiln(&["run", "--preload", "helper=/definitely/not/here.wat", main.to_str().unwrap()]);
    assert_one_line_error(&out, "failed to compile `/definitely/not/here.wat`");
}

/// Runs `kiln` with `input` as its standard input (then end-of-file).
fn kiln_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn run_reads_the_module_from_stdin() {
    let text = std::fs::read(example("fib.wat")).unwrap();
    let out = kiln_with_stdin(&["run", "-", "--invoke", "fib", "10"], &text);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "55\n");
}

#[test]
fn run_invoke_calls_an_export_of_a_wasi_module() {
    let module = temp_file(
        "reactor.wat",
        br#"(module
             (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
             (memory (export "memory") 1)
             (global $ready (mut i32) (i32.const 0))
             (data (i32.const 100) "hi\n")
             (func (export "_initialize") (global.set $ready (i32.const 1)))
             (func (export "greet") (param i32) (result i32)
               (i32.store (i32.const 8) (i32.const 100))
               (i32.store (i32.const 12) (i32.const 3))
               (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 0)))
               (i32.add (local.get 0) (global.get $ready))))"#,
    );
    let out = kiln(&["run", module.to_str().unwrap(), "--invoke", "greet", "41"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "hi\n42\n", "_initialize runs first");
}

#[test]
fn run_guest_reads_the_host_standard_input() {
    // Copies standard input to standard output, 7 bytes at a time.
    let module = temp_file(
        "cat-stdin.wat",
        br#"(module
             (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
             (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
             (memory (export "memory") 1)
             (func (export "_start")
               (loop $more
                 (i32.store (i32.const 0) (i32.const 64))
                 (i32.store (i32.const 4) (i32.const 7))
                 (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
                 (if (i32.load (i32.const 8))
                   (then
                     (i32.store (i32.const 4) (i32.load (i32.const 8)))
                     (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))
                     (br $more))))))"#,
    );
    let out = kiln_with_stdin(&["run", module.to_str().unwrap()], b"line one\nline two, longer\n");
    assert!(out.status.success());
    assert_eq!(stdout(&out), "line one\nline two, longer\n");
}

/// Regression: standard input was read through Rust's buffered `Stdin`, so
/// bytes it had buffered were invisible to `poll_oneoff`, which polls the
/// host descriptor: after reading one byte of "abc" the guest waited for
/// the clock although "bc" was there.
#[test]
fn run_poll_sees_unread_standard_input() {
    use std::io::{Read as _, Write as _};
    let module = temp_file(
        "poll-stdin.wat",
        br#"(module
             (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
             (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
             (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
             (memory (export "memory") 1)
             (func (export "_start")
               ;; Read one byte.
               (i32.store (i32.const 0) (i32.const 400))
               (i32.store (i32.const 4) (i32.const 1))
               (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
               ;; Subscription 1: standard input readable; 2: a 5 s monotonic clock.
               (i64.store (i32.const 64) (i64.const 1))
               (i32.store8 (i32.const 72) (i32.const 1))
               (i32.store (i32.const 80) (i32.const 0))
               (i64.store (i32.const 112) (i64.const 2))
               (i32.store8 (i32.const 120) (i32.const 0))
               (i32.store (i32.const 128) (i32.const 1))
               (i64.store (i32.const 136) (i64.const 5000000000))
               (drop (call $poll (i32.const 64) (i32.const 256) (i32.const 2) (i32.const 16)))
               ;; Print the user data of the first event as a digit.
               (i32.store8 (i32.const 300) (i32.add (i32.const 48) (i32.load (i32.const 256))))
               (i32.store (i32.const 0) (i32.const 300))
               (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#,
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(["run", module.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Keep standard input open (not at end-of-file) while the guest polls.
    let mut input = child.stdin.take().unwrap();
    input.write_all(b"abc").unwrap();
    input.flush().unwrap();
    let mut output = String::new();
    child.stdout.take().unwrap().read_to_string(&mut output).unwrap();
    drop(input);
    assert!(child.wait().unwrap().success());
    assert_eq!(output, "1", "standard input must be reported readable, not the clock");
}

#[test]
fn run_fuel_bounds_execution() {
    let path = temp_file(
        "spin.wat",
        br#"(module (func (export "spin") (param i32) (result i32)
              (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
              (local.get 0)))"#,
    );
    let path = path.to_str().unwrap();
    // Each iteration costs 5 units of fuel (get, const, sub, tee, br_if).
    let out = kiln(&["run", "--fuel", "1000", path, "--invoke", "spin", "100"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "0\n");
    let out = kiln(&["run", path, "--fuel", "1000", "--invoke", "spin", "1000000"]);
    assert_eq!(out.status.code(), Some(134), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("error: wasm trap: all fuel consumed by WebAssembly\n"), "{}", stderr(&out));
}
