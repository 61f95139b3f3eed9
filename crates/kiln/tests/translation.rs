//! Translation of adversarial function bodies: shapes that once made the
//! translator do work or keep memory super-linear in the input (a deep
//! operand stack under many block entries, calls passing the same local
//! many times, big block types in unreachable code, `br_table`s with many
//! targets over many depths). Each test checks
//! that the module compiles and computes the right results; the work itself
//! is counted by the translator's unit tests.

use std::fmt::Write as _;

use kiln::{Engine, Instance, Module, Store};

/// Compiles `wat` and calls its export `f` (`i32 -> i32`) with each argument.
fn call_f(wat: &str, args: &[i32]) -> Vec<i32> {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    args.iter().map(|&x| f.call(&mut store, x).unwrap()).collect()
}

#[test]
fn block_entries_over_a_deep_operand_stack() {
    // 60 000 operands stay on the stack while 20 000 blocks are entered, each
    // with a `local.get` above them that the block's code overwrites.
    const ROUNDS: i32 = 20_000;
    let mut wat = String::from(r#"(module (func (export "f") (param $x i32) (result i32) (local $acc i32)"#);
    wat.push_str(&" i32.const 7".repeat(60_000));
    wat.push_str(" i32.const 0");
    for _ in 0..ROUNDS {
        wat.push_str(" local.get $x block local.get $x i32.const 1 i32.add local.set $x end i32.add");
    }
    wat.push_str(" local.set $acc");
    wat.push_str(&" drop".repeat(60_000));
    wat.push_str(" local.get $acc local.get $x i32.add))");
    // acc = x0 + (x0 + 1) + ... + (x0 + ROUNDS - 1), then x = x0 + ROUNDS.
    let expected = |x0: i32| ROUNDS * x0 + ROUNDS * (ROUNDS - 1) / 2 + x0 + ROUNDS;
    assert_eq!(call_f(&wat, &[0, 5, -3]), [expected(0), expected(5), expected(-3)]);
}

#[test]
fn calls_passing_one_local_a_thousand_times() {
    // Putting each argument in its home once unlinked it from a chain of all
    // the references to its local, walking the chain from the top: quadratic
    // in the arguments.
    const CALLS: i32 = 300;
    let i32s = " i32".repeat(1_000);
    let mut wat = format!("(module (func $sum (param{i32s}) (result i32)");
    wat.push_str(" local.get 0 local.get 1 i32.add local.get 999 i32.add)");
    wat.push_str(r#" (func (export "f") (param $x i32) (result i32) i32.const 0"#);
    for _ in 0..CALLS {
        wat.push_str(" local.get $x i32.const 1");
        wat.push_str(&" local.get $x".repeat(998));
        wat.push_str(" call $sum i32.add");
    }
    wat.push_str("))");
    assert_eq!(call_f(&wat, &[0, 20, -7]), [CALLS, CALLS * 41, CALLS * -13]);
}

#[test]
fn unreachable_blocks_with_big_types() {
    // Each skipped block takes and returns 1 000 values: code that can never
    // run must not make the translator's model of the operand stack grow
    // (70 such blocks once exceeded the 65 536 value slots of a frame).
    let i32s = " i32".repeat(1_000);
    let mut wat = format!("(module (type $t (func (param{i32s}) (result{i32s})))");
    wat.push_str(" (func $big (type $t) unreachable");
    wat.push_str(&" block (type $t) end loop (type $t) end".repeat(100));
    wat.push_str(&" if (type $t) else end".repeat(100));
    wat.push_str(&" block (type $t)".repeat(1_000));
    wat.push_str(&" end".repeat(1_000));
    wat.push(')');
    // The same shapes after a branch, in a function that runs.
    wat.push_str(r#" (func (export "f") (param i32) (result i32)"#);
    wat.push_str(" (block (result i32) local.get 0 br 0");
    wat.push_str(&" block (type $t) end".repeat(100));
    wat.push_str(&" drop".repeat(1_000));
    wat.push_str(" i32.const 1) i32.const 1 i32.add))");
    assert_eq!(call_f(&wat, &[41, -1]), [42, 0]);
}

#[test]
fn br_table_with_many_targets_over_many_depths() {
    // 200 000 targets over 9 990 depths, each carrying a value that must be
    // moved first (so each depth gets a trampoline). Leaving the block at
    // depth `d` adds one per enclosing `end` passed: `depth - d` in total.
    const DEPTH: i32 = 9_990;
    const TARGETS: i32 = 200_000;
    let mut wat = String::from(r#"(module (func (export "f") (param i32) (result i32)"#);
    wat.push_str(&" block (result i32)".repeat(DEPTH as usize));
    wat.push_str(" local.get 0 local.get 0 br_table");
    for i in 0..TARGETS {
        write!(wat, " {}", i % DEPTH).unwrap();
    }
    wat.push_str(" 5");
    wat.push_str(&" end i32.const 1 i32.add".repeat(DEPTH as usize));
    wat.push_str("))");
    let args = [0, 1, DEPTH - 1, DEPTH, 123_456, TARGETS - 1, TARGETS, TARGETS + 1_000];
    let expected = args.map(|x| x + DEPTH - if x < TARGETS { x % DEPTH } else { 5 });
    assert_eq!(call_f(&wat, &args), expected);
}
