//! `v128.const`: a constant whose two 64-bit halves are equal (every splat
//! of a lane of 64 bits or less) is held in the instruction; others come
//! from the function's constant pool. Both give the exact bits. Vector
//! shifts by a constant amount hold the amount in the instruction.

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

#[test]
fn shifts_by_constants_hold_the_amount_and_take_it_modulo_the_lane_width() {
    // -3 in every lane; shl 33 (= 1 for 32-bit lanes), shr_s 1 on 64-bit
    // lanes, shr_u 9 (= 1 for bytes).
    let wat = r#"(module (func (export "f") (param i32) (result i64)
        (local v128)
        (local.set 1 (i32x4.splat (local.get 0)))
        (local.set 1 (i32x4.shl (local.get 1) (i32.const 33)))
        (local.set 1 (i64x2.shr_s (local.get 1) (i32.const 1)))
        (i64x2.extract_lane 0 (i8x16.shr_u (local.get 1) (i32.const 9)))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let code = module.disassemble(0).unwrap();
    for op in ["i32x4.shl_imm", "i64x2.shr_s_imm", "i8x16.shr_u_imm"] {
        assert!(code.contains(op), "{op} in:\n{code}");
    }
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<i32, i64>(&mut store, "f").unwrap();
    // 0xFFFFFFFD << 1 = 0xFFFFFFFA; as i64 lanes >> 1 = 0xFFFFFFFD7FFFFFFD;
    // each byte >> 1.
    assert_eq!(f.call(&mut store, -3).unwrap() as u64, 0x7F7F_7F7E_3F7F_7F7E);
}
