//! Branch threading and `br_const32`: a `switch` whose cases yield constants
//! runs each case as one instruction taken straight from the `br_table`,
//! with the same results and the same instruction count as the wasm.

use kiln::{Config, Engine, Instance, Module, Store};

/// `f(i)`: case 0 yields 10, case 1 yields 11, case 2 skips to the end with
/// 99, anything else yields 12; then 1 is added. Nested blocks put plain
/// `br`s behind the cases, for threading to skip.
const SWITCH: &str = r#"(module (func (export "f") (param i32) (result i32)
    (local $v i32)
    (block $done
      (block $default
        (block $c2
          (block $c1
            (block $c0
              (br_table $c0 $c1 $c2 $default (local.get 0)))
            (local.set $v (i32.const 10)) (br $done))
          (local.set $v (i32.const 11)) (br $done))
        (return (i32.const 99)))
      (local.set $v (i32.const 12)))
    (i32.add (local.get $v) (i32.const 1))))"#;

#[test]
fn switch_cases_become_single_instructions() {
    let engine = Engine::default();
    let module = Module::new(&engine, SWITCH).unwrap();
    let code = module.disassemble(0).unwrap();
    let lines: Vec<&str> = code.lines().collect();
    let table = lines.iter().position(|l| l.contains("br_table")).expect("a br_table");
    // The two constant cases are taken from the table itself.
    for (entry, value) in [(1, 10), (2, 11)] {
        let line = lines[table + entry];
        assert!(line.contains("br_const32") && line.contains(&format!("value={value}")), "{code}");
    }

    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    for (arg, result) in [(0, 11), (1, 12), (2, 99), (3, 13), (-1, 13)] {
        assert_eq!(f.call(&mut store, arg).unwrap(), result, "f({arg})");
    }
}

#[test]
fn threaded_branches_count_every_wasm_instruction() {
    let engine = Engine::new(Config::new().count_instructions(true)).unwrap();
    let module = Module::new(&engine, SWITCH).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    // Counted as Wasmtime counts fuel: `block`, `end` and `return` are free.
    // Case 0: local.get, br_table, i32.const, local.set, br, local.get,
    // i32.const, i32.add = 8.
    // Default: local.get, br_table, i32.const, local.set, local.get,
    // i32.const, i32.add = 7.
    for (arg, count) in [(0, 8), (3, 7)] {
        store.set_instruction_count(0).unwrap();
        f.call(&mut store, arg).unwrap();
        assert_eq!(store.instruction_count().unwrap(), count, "f({arg})");
    }
}
