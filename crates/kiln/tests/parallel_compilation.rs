//! `Config::parallel_compilation`: a module large enough to be compiled on
//! several threads behaves exactly as when compiled on one, errors included.

use kiln::{Config, Engine, Instance, Module, Store};

/// Functions in the generated module; with `STEPS` steps each, the code
/// section is well above the size compiled on several threads.
const FUNCS: u32 = 400;
const STEPS: u32 = 40;

/// A module whose export `run(x)` returns `x + FUNCS * STEPS` through a
/// chain of calls to every function; the functions in `invalid` return an
/// i64 instead of an i32; `tail` is added at the end of the module.
fn module_wat(invalid: &[u32], tail: &str) -> String {
    let mut wat = String::from("(module\n");
    for i in 0..FUNCS {
        wat.push_str(&format!("(func $f{i} (param i32) (result i32)\n"));
        for _ in 0..STEPS {
            wat.push_str("  local.get 0 i32.const 1 i32.add local.set 0\n");
        }
        if invalid.contains(&i) {
            wat.push_str("  i64.const 0)\n");
        } else if i + 1 < FUNCS {
            wat.push_str(&format!("  local.get 0 call $f{})\n", i + 1));
        } else {
            wat.push_str("  local.get 0)\n");
        }
    }
    wat.push_str(&format!("(export \"run\" (func $f0))\n{tail})"));
    wat
}

/// Engines with every combination of the two settings:
/// `(parallel, lazy, engine)`.
fn engines() -> Vec<(bool, bool, Engine)> {
    let mut engines = Vec::new();
    for parallel in [true, false] {
        for lazy in [true, false] {
            let mut config = Config::new();
            config.parallel_compilation(parallel).lazy_translation(lazy);
            engines.push((parallel, lazy, Engine::new(&config).unwrap()));
        }
    }
    engines
}

/// The error of compiling `binary` with each engine, formatted with its
/// context, by (parallel, lazy).
fn errors(binary: &[u8]) -> Vec<(bool, bool, String)> {
    engines()
        .into_iter()
        .map(|(parallel, lazy, engine)| {
            let error = Module::new(&engine, binary).expect_err("the module is invalid");
            (parallel, lazy, format!("{error:#}"))
        })
        .collect()
}

/// Checks that parallel and serial compilation fail alike, and returns the
/// (lazy, eager) errors.
fn same_errors(binary: &[u8]) -> (String, String) {
    let errors = errors(binary);
    let of = |parallel: bool, lazy: bool| {
        errors.iter().find(|e| e.0 == parallel && e.1 == lazy).map(|e| e.2.clone()).unwrap()
    };
    assert_eq!(of(true, true), of(false, true));
    assert_eq!(of(true, false), of(false, false));
    (of(true, true), of(true, false))
}

#[test]
fn a_valid_module_runs_alike_with_either_setting() {
    let binary = wat::parse_str(module_wat(&[], "")).unwrap();
    let mut disassembly = Vec::new();
    for (parallel, lazy, engine) in engines() {
        let module = Module::new(&engine, &binary).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
        let expected = 7 + (FUNCS * STEPS) as i32;
        assert_eq!(run.call(&mut store, 7).unwrap(), expected, "parallel {parallel}, lazy {lazy}");
        disassembly.push([0, FUNCS / 2, FUNCS - 1].map(|f| module.disassemble(f).unwrap()));
    }
    assert!(disassembly.iter().all(|d| *d == disassembly[0]));
}

#[test]
fn the_first_invalid_function_is_reported() {
    // The later invalid function is where a second thread would start.
    let binary = wat::parse_str(module_wat(&[90, 330], "")).unwrap();
    let (lazy, eager) = same_errors(&binary);
    assert!(lazy.starts_with("invalid function 90: type mismatch"), "{lazy}");
    assert!(eager.starts_with("failed to compile function 90: type mismatch"), "{eager}");
}

#[test]
fn an_invalid_function_comes_before_a_later_invalid_section() {
    // A data segment without a memory is invalid too, but comes after the
    // code section.
    let data = r#"(memory 0) (data (memory 1) (i32.const 0) "x")"#;
    let binary = wat::parse_str(module_wat(&[250], data)).unwrap();
    let (lazy, eager) = same_errors(&binary);
    assert!(lazy.starts_with("invalid function 250: type mismatch"), "{lazy}");
    assert!(eager.starts_with("failed to compile function 250: type mismatch"), "{eager}");

    let binary = wat::parse_str(module_wat(&[], data)).unwrap();
    let (lazy, eager) = same_errors(&binary);
    assert!(lazy.contains("unknown memory 1"), "{lazy}");
    assert_eq!(lazy, eager);
}

#[test]
fn a_malformed_section_after_the_code_is_reported_after_its_functions() {
    // Cut the last section (the name section) short: malformed, after
    // valid code.
    let mut binary = wat::parse_str(module_wat(&[], "")).unwrap();
    binary.truncate(binary.len() - 1);
    let (lazy, eager) = same_errors(&binary);
    assert!(lazy.contains("unexpected end"), "{lazy}");
    assert_eq!(lazy, eager);

    // With an invalid body before it, the body's error comes first.
    let mut binary = wat::parse_str(module_wat(&[399], "")).unwrap();
    binary.truncate(binary.len() - 1);
    let (lazy, _) = same_errors(&binary);
    assert!(lazy.starts_with("invalid function 399"), "{lazy}");
}
