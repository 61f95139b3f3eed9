//! Charge folding: code that falls into a branch target charges the
//! segment it ends. When the segment's last instruction is a copy, a
//! constant or an `i32.add_imm`, that instruction does the charging itself
//! (one dispatch instead of two), with the same instruction count. Code
//! for an engine that does not count has no costs, so nothing charges.

use kiln::{Config, Engine, Instance, Module, Store};

/// `f(x)`: each arm of the `if` ends in a different foldable instruction
/// and falls into (or branches to) the block's end.
const ARMS: &str = r#"(module (func (export "f") (param $x i32) (result i32)
    (local $y i32)
    (block $done
      (if (i32.eqz (local.get $x))
        (then (local.set $y (i32.const 7)))
        (else
          (if (i32.eq (local.get $x) (i32.const 1))
            (then (local.set $y (local.get $x)))
            (else (local.set $y (i32.add (local.get $x) (i32.const 40))))))))
    (i32.add (local.get $y) (i32.const 1))))"#;

#[test]
fn an_arm_falling_into_a_label_charges_in_its_last_instruction() {
    let engine = Engine::new(Config::new().count_instructions(true)).unwrap();
    let module = Module::new(&engine, ARMS).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    let code = module.disassemble(0).unwrap();
    assert!(!code.lines().any(|l| l.contains(" charge ")), "no charge of its own:\n{code}");
    assert!(code.contains("_charge"), "a folded charge:\n{code}");

    // Counted as Wasmtime counts fuel (`block`, `else`, `end` free, `if` 1):
    // x = 0: local.get, i32.eqz, if, i32.const, local.set, local.get, i32.const, i32.add = 8;
    // x = 1: local.get, i32.eqz, if, local.get, i32.const, i32.eq, if, local.get, local.set,
    //        + 3 = 12;
    // x = 5: local.get, i32.eqz, if, local.get, i32.const, i32.eq, if, local.get, i32.const,
    //        i32.add, local.set, + 3 = 14.
    for (x, result, count) in [(0, 8, 8), (1, 2, 12), (5, 46, 14)] {
        store.set_instruction_count(0).unwrap();
        assert_eq!(f.call(&mut store, x).unwrap(), result, "f({x})");
        assert_eq!(store.instruction_count().unwrap(), count, "f({x})");
    }
}

/// A loop whose body falls into a label: with counting, a `charge` of its
/// own (the label follows a store, which has no charging form).
const LOOP: &str = r#"(module (memory 1) (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $next
      (block $skip
        (br_if $skip (i32.and (local.get $i) (i32.const 1)))
        (i32.store (i32.const 0) (local.get $i)))
      (local.set $acc (i32.add (local.get $acc) (i32.load (i32.const 0))))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $acc)))"#;

#[test]
fn code_for_an_engine_that_does_not_count_charges_nothing() {
    let run = |config: &Config| {
        let engine = Engine::new(config).unwrap();
        let module = Module::new(&engine, LOOP).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let sum = instance.get_typed_func::<i32, i32>(&mut store, "sum").unwrap();
        (sum.call(&mut store, 10).unwrap(), module.disassemble(0).unwrap())
    };
    let (counted, counting_code) = run(Config::new().count_instructions(true));
    assert!(counting_code.lines().any(|l| l.contains(" charge ")), "a charge of its own:\n{counting_code}");
    let (plain, code) = run(&Config::new());
    assert!(!code.contains("charge"), "nothing charges:\n{code}");
    assert!(code.lines().all(|l| !l.contains("cost=") || l.contains("cost=0")), "no costs:\n{code}");
    // 0 + 0 + 2 + 2 + 4 + 4 + 6 + 6 + 8 + 8: odd i adds the last even one.
    assert_eq!((counted, plain), (40, 40));
}
