//! Charge folding: code that falls into a branch target charges the
//! segment it ends. When the segment's last instruction is a copy, a
//! constant or an `i32.add_imm`, that instruction does the charging itself
//! (one dispatch instead of two), with the same instruction count.

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
