//! A `br_table` whose index an `i32.add` or `i32.sub` of a constant just
//! computed (a `match` on values not starting at 0) runs as one
//! `br_table_add_imm`: the index wraps at 32 bits like the addition it
//! replaces, so values below the range reach the default, as do values
//! above it; an index the code uses again keeps its addition.

use kiln::{Engine, Instance, Module, Store};

const WAT: &str = r#"(module
  ;; 10 -> 0, 11 -> 1, 12 -> 2, anything else -> 9.
  (func (export "sub") (param i32) (result i32)
    (block (block (block (block
      (br_table 0 1 2 3 (i32.sub (local.get 0) (i32.const 10))))
      (return (i32.const 0)))
      (return (i32.const 1)))
      (return (i32.const 2)))
    (i32.const 9))
  ;; The same by adding -10, with the index also returned plus 100 on the default path.
  (func (export "kept") (param i32) (result i32) (local i32)
    (block (block
      (br_table 0 1 (local.tee 1 (i32.add (local.get 0) (i32.const -10)))))
      (return (i32.const 0)))
    (i32.add (local.get 1) (i32.const 100))))"#;

#[test]
fn folded_index_wraps_like_the_addition() {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    assert!(module.disassemble(0).unwrap().contains("br_table_add_imm"), "{}", module.disassemble(0).unwrap());
    let kept = module.disassemble(1).unwrap();
    assert!(!kept.contains("br_table_add_imm"), "{kept}");
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let sub = instance.get_typed_func::<i32, i32>(&mut store, "sub").unwrap();
    for (arg, expected) in [(10, 0), (11, 1), (12, 2), (13, 9), (9, 9), (0, 9), (-1, 9), (i32::MIN, 9), (i32::MAX, 9)] {
        assert_eq!(sub.call(&mut store, arg).unwrap(), expected, "sub({arg})");
    }
    let kept = instance.get_typed_func::<i32, i32>(&mut store, "kept").unwrap();
    assert_eq!(kept.call(&mut store, 10).unwrap(), 0);
    assert_eq!(kept.call(&mut store, 11).unwrap(), 101);
    assert_eq!(kept.call(&mut store, 5).unwrap(), 95);
}
