//! End-to-end tests of the `kiln` binary: results, error messages and exit
//! statuses.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kiln(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln")).args(args).output().expect("kiln runs")
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-cli-test-{}", std::process::id()));
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
