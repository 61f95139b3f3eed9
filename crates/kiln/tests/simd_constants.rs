//! `v128.const`: a constant whose two 64-bit halves are equal (every splat
//! of a lane of 64 bits or less) is held in the instruction; others come
//! from the function's constant pool. Both give the exact bits.

use kiln::{Engine, Instance, Module, Store};

#[test]
fn splat_constants_are_immediates_and_both_forms_are_exact() {
    let wat = r#"(module
        (func (export "splat") (param i32) (result i64)
            v128.const i32x4 0x80000001 0x80000001 0x80000001 0x80000001
            local.get 0
            i32.eqz
            if (param v128) (result i64)
              i64x2.extract_lane 0
            else
              i64x2.extract_lane 1
            end)
        (func (export "mixed") (param i32) (result i64)
            v128.const i64x2 0x0123456789abcdef 0x7edcba9876543210
            local.get 0
            i32.eqz
            if (param v128) (result i64)
              i64x2.extract_lane 0
            else
              i64x2.extract_lane 1
            end))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    assert!(module.disassemble(0).unwrap().contains("v128.const_splat64"));
    let mixed = module.disassemble(1).unwrap();
    assert!(mixed.contains("v128.const ") && !mixed.contains("splat64"), "{mixed}");

    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let splat = instance.get_typed_func::<i32, i64>(&mut store, "splat").unwrap();
    let mixed = instance.get_typed_func::<i32, i64>(&mut store, "mixed").unwrap();
    for lane in [0, 1] {
        assert_eq!(splat.call(&mut store, lane).unwrap(), 0x8000_0001_8000_0001_u64 as i64);
    }
    assert_eq!(mixed.call(&mut store, 0).unwrap(), 0x0123_4567_89ab_cdef);
    assert_eq!(mixed.call(&mut store, 1).unwrap(), 0x7edc_ba98_7654_3210);
}
