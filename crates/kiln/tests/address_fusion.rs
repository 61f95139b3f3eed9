//! The interpreter fuses an `i32.add` that computes an address into the load
//! or store using it (see `AddressAdd` in the translator). The fused forms
//! must keep the 32-bit wrap-around of the addition, which the memory
//! argument's offset does not have: `(x + c) mod 2^32 + offset`.

use kiln::{Engine, Instance, Module, Store, Trap};

const WAT: &str = r#"
(module
  (memory 1)
  (data (i32.const 8) "\01\02\03\04\05\06\07\08")
  (func (export "load_imm") (param i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.const 16))))
  (func (export "load_sub") (param i32) (result i32)
    (i32.load8_u (i32.sub (local.get 0) (i32.const 8))))
  (func (export "load_slots") (param i32 i32) (result i64)
    (i64.load offset=0 (i32.add (local.get 0) (local.get 1))))
  (func (export "store_imm") (param i32 i32)
    (i32.store16 offset=2 (i32.add (local.get 0) (i32.const 16)) (local.get 1)))
  (func (export "store_slots") (param i32 i32 i64)
    (i64.store32 (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "store_const") (param i32)
    (i32.store8 offset=1 (i32.add (local.get 0) (i32.const 16)) (i32.const 0x55)))
  (func (export "load_const") (result i64)
    (i64.load32_u offset=4 (i32.const 4)))
  (func (export "load_const_past_4gib") (result i32)
    (i32.load offset=8 (i32.const -4)))
  (func (export "store_const_address") (param i32)
    (i32.store16 offset=1 (i32.const 1) (local.get 0)))
  (func (export "store_const_address_past_4gib") (param i32)
    (i32.store8 offset=1 (i32.const -1) (local.get 0)))
  (func (export "load_scaled") (param i32 i32) (result i64)
    (i64.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3)))))
  (func (export "load_scaled_swapped") (param i32 i32) (result i32)
    (i32.load8_u offset=2 (i32.add (i32.shl (local.get 1) (i32.const 33)) (local.get 0))))
  (func (export "store_scaled") (param i32 i32 i32)
    (i32.store (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))) (local.get 2)))
  (func (export "scaled_kept") (param i32 i32) (result i32)
    (local i32)
    (i32.add
      (i32.load (i32.add (local.get 0) (local.tee 2 (i32.shl (local.get 1) (i32.const 2)))))
      (local.get 2)))
  (func (export "scaled_joined") (param i32 i32 i32) (result i32)
    (i32.load8_u
      (i32.add
        (local.get 0)
        (block (result i32)
          (drop (br_if 0 (i32.const 4) (local.get 2)))
          (i32.shl (local.get 1) (i32.const 1))))))
  (func (export "peek") (param i32) (result i32)
    (i32.load (local.get 0))))
"#;

fn setup() -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

#[test]
fn address_additions_are_fused() {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let code = |f: u32| module.disassemble(f).unwrap();
    assert!(code(0).contains("i32.load_add_imm"), "{}", code(0));
    assert!(code(1).contains("i32.load8_u_add_imm"), "{}", code(1));
    assert!(code(2).contains("i64.load_add "), "{}", code(2));
    assert!(code(3).contains("store16_add_imm"), "{}", code(3));
    assert!(code(4).contains("store32_add "), "{}", code(4));
    assert!(code(5).contains("store8_imm_add_imm"), "{}", code(5));
    assert!(code(6).contains("i64.load32_u_abs"), "{}", code(6));
    assert!(code(8).contains("store16_abs"), "{}", code(8));
    assert!(code(10).contains("i64.load_add_shl"), "{}", code(10));
    assert!(code(11).contains("i32.load8_u_add_shl"), "{}", code(11));
    assert!(code(12).contains("i32.store_add_shl"), "{}", code(12));
    assert!(!code(13).contains("_add_shl"), "{}", code(13));
    assert!(!code(14).contains("_add_shl"), "{}", code(14));
}

fn trap_of(err: kiln::Error) -> Trap {
    *err.downcast_ref::<Trap>().expect("a trap")
}

#[test]
fn fused_loads_wrap_the_addition_at_32_bits() {
    let (mut store, instance) = setup();
    let load_imm = instance.get_typed_func::<i32, i32>(&mut store, "load_imm").unwrap();
    // -12 + 16 wraps to 4, plus offset 4: address 8.
    assert_eq!(load_imm.call(&mut store, -12).unwrap(), 0x0403_0201);
    // -16 + 16 = 0, plus 4: address 4, in bounds (zeros before the data).
    assert_eq!(load_imm.call(&mut store, -16).unwrap(), 0x0000_0000);
    // The end of memory: 65532 - 16 + 16 + 4 is one past the last word.
    assert_eq!(trap_of(load_imm.call(&mut store, 65532 - 16).unwrap_err()), Trap::MemoryOutOfBounds);
    // -20 + 16 wraps to 2^32 - 4; plus the offset that is 2^32, out of bounds
    // (no wrap-around after the offset).
    assert_eq!(trap_of(load_imm.call(&mut store, -20).unwrap_err()), Trap::MemoryOutOfBounds);

    let load_sub = instance.get_typed_func::<i32, i32>(&mut store, "load_sub").unwrap();
    assert_eq!(load_sub.call(&mut store, 17).unwrap(), 0x02);
    assert_eq!(trap_of(load_sub.call(&mut store, 7).unwrap_err()), Trap::MemoryOutOfBounds);

    let load_slots = instance.get_typed_func::<(i32, i32), i64>(&mut store, "load_slots").unwrap();
    assert_eq!(load_slots.call(&mut store, (-8, 16)).unwrap(), 0x0807_0605_0403_0201);
    assert_eq!(load_slots.call(&mut store, (16, -8)).unwrap(), 0x0807_0605_0403_0201);
    assert_eq!(trap_of(load_slots.call(&mut store, (-8, 4)).unwrap_err()), Trap::MemoryOutOfBounds);
}

#[test]
fn constant_addresses_add_the_offset_without_wrapping() {
    let (mut store, instance) = setup();
    let load = instance.get_typed_func::<(), i64>(&mut store, "load_const").unwrap();
    assert_eq!(load.call(&mut store, ()).unwrap(), 0x0403_0201);
    let past = instance.get_typed_func::<(), i32>(&mut store, "load_const_past_4gib").unwrap();
    assert_eq!(trap_of(past.call(&mut store, ()).unwrap_err()), Trap::MemoryOutOfBounds);
    let peek = instance.get_typed_func::<i32, i32>(&mut store, "peek").unwrap();
    let store16 = instance.get_typed_func::<i32, ()>(&mut store, "store_const_address").unwrap();
    store16.call(&mut store, 0x1_abcd).unwrap();
    assert_eq!(peek.call(&mut store, 0).unwrap(), 0xabcd_0000_u32 as i32);
    let store8 = instance.get_typed_func::<i32, ()>(&mut store, "store_const_address_past_4gib").unwrap();
    assert_eq!(trap_of(store8.call(&mut store, 7).unwrap_err()), Trap::MemoryOutOfBounds);
    assert_eq!(peek.call(&mut store, 0).unwrap(), 0xabcd_0000_u32 as i32);
}

#[test]
fn scaled_indices_wrap_at_32_bits() {
    let (mut store, instance) = setup();
    let load = instance.get_typed_func::<(i32, i32), i64>(&mut store, "load_scaled").unwrap();
    assert_eq!(load.call(&mut store, (0, 1)).unwrap(), 0x0807_0605_0403_0201);
    // 2^29 << 3 wraps to 0: base 8 + 0.
    assert_eq!(load.call(&mut store, (8, 1 << 29)).unwrap(), 0x0807_0605_0403_0201);
    // (2^29 - 1) << 3 is 2^32 - 8: with base 16, wraps to 8.
    assert_eq!(load.call(&mut store, (16, (1 << 29) - 1)).unwrap(), 0x0807_0605_0403_0201);
    assert_eq!(trap_of(load.call(&mut store, (65530, 0)).unwrap_err()), Trap::MemoryOutOfBounds);
    let swapped = instance.get_typed_func::<(i32, i32), i32>(&mut store, "load_scaled_swapped").unwrap();
    // A shift by 33 shifts by 1: 2 + (3 << 1) + offset 2 = 10.
    assert_eq!(swapped.call(&mut store, (2, 3)).unwrap(), 0x03);
    let store_scaled = instance.get_typed_func::<(i32, i32, i32), ()>(&mut store, "store_scaled").unwrap();
    let peek = instance.get_typed_func::<i32, i32>(&mut store, "peek").unwrap();
    store_scaled.call(&mut store, (-4, 2, 0x1234_5678)).unwrap();
    assert_eq!(peek.call(&mut store, 4).unwrap(), 0x1234_5678);
    assert_eq!(trap_of(store_scaled.call(&mut store, (65528, 2, 1)).unwrap_err()), Trap::MemoryOutOfBounds);
    // The shift is not fused across the block's end, where the branch
    // joins with its own value.
    let joined = instance.get_typed_func::<(i32, i32, i32), i32>(&mut store, "scaled_joined").unwrap();
    assert_eq!(joined.call(&mut store, (8, 1, 0)).unwrap(), 0x03);
    assert_eq!(joined.call(&mut store, (8, 1, 1)).unwrap(), 0x05);
    let kept = instance.get_typed_func::<(i32, i32), i32>(&mut store, "scaled_kept").unwrap();
    assert_eq!(kept.call(&mut store, (0, 1)).unwrap(), 0x1234_5678 + 4);
}

#[test]
fn fused_stores_wrap_the_addition_and_write_nothing_when_out_of_bounds() {
    let (mut store, instance) = setup();
    let peek = instance.get_typed_func::<i32, i32>(&mut store, "peek").unwrap();
    let store_imm = instance.get_typed_func::<(i32, i32), ()>(&mut store, "store_imm").unwrap();
    // -16 + 16 = 0, plus offset 2.
    store_imm.call(&mut store, (-16, 0x7766)).unwrap();
    assert_eq!(peek.call(&mut store, 0).unwrap(), 0x7766_0000);
    assert_eq!(trap_of(store_imm.call(&mut store, (-17, 1)).unwrap_err()), Trap::MemoryOutOfBounds);
    assert_eq!(trap_of(store_imm.call(&mut store, (65534 - 16, 1)).unwrap_err()), Trap::MemoryOutOfBounds);
    assert_eq!(peek.call(&mut store, 65532).unwrap(), 0);

    let store_const = instance.get_typed_func::<i32, ()>(&mut store, "store_const").unwrap();
    // -17 + 16 wraps to 2^32 - 1; plus offset 1 that is 2^32: out of bounds.
    assert_eq!(trap_of(store_const.call(&mut store, -17).unwrap_err()), Trap::MemoryOutOfBounds);
    store_const.call(&mut store, -16).unwrap();
    assert_eq!(peek.call(&mut store, 0).unwrap(), 0x7766_5500);

    let store_slots = instance.get_typed_func::<(i32, i32, i64), ()>(&mut store, "store_slots").unwrap();
    store_slots.call(&mut store, (-4, 4, 0x1_2345_6789)).unwrap();
    assert_eq!(peek.call(&mut store, 0).unwrap(), 0x2345_6789);
    assert_eq!(peek.call(&mut store, 65532).unwrap(), 0);
    assert_eq!(trap_of(store_slots.call(&mut store, (-4, 2, 1)).unwrap_err()), Trap::MemoryOutOfBounds);
    assert_eq!(trap_of(store_slots.call(&mut store, (65534, 0, 1)).unwrap_err()), Trap::MemoryOutOfBounds);
    assert_eq!(peek.call(&mut store, 65532).unwrap(), 0);
}

#[test]
fn constant_stores_store_the_constant_at_each_width() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 1)
            (func (export "run") (param i32)
              (i64.store (local.get 0) (i64.const -2))
              (i64.store offset=8 (local.get 0) (i64.const 0x1_0000_0001))
              (i32.store8 offset=16 (local.get 0) (i32.const 0x1ff))
              (i32.store16 offset=18 (local.get 0) (i32.const -3))
              (f32.store offset=20 (local.get 0) (f32.const 1.5))
              (f64.store offset=24 (local.get 0) (f64.const -0.0)))
            (func (export "i64") (param i32) (result i64) (i64.load (local.get 0))))"#,
    )
    .unwrap();
    let code = module.disassemble(0).unwrap();
    for op in ["store64_imm", "store8_imm", "store16_imm", "store32_imm"] {
        assert!(code.contains(op), "{code}");
    }
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let run = instance.get_typed_func::<i32, ()>(&mut store, "run").unwrap();
    let read = instance.get_typed_func::<i32, i64>(&mut store, "i64").unwrap();
    run.call(&mut store, 64).unwrap();
    assert_eq!(read.call(&mut store, 64).unwrap(), -2);
    assert_eq!(read.call(&mut store, 72).unwrap(), 0x1_0000_0001);
    assert_eq!(read.call(&mut store, 80).unwrap() as u64, 0x3fc0_0000_fffd_00ff);
    assert_eq!(read.call(&mut store, 88).unwrap() as u64, 0x8000_0000_0000_0000);
    assert_eq!(trap_of(run.call(&mut store, 65536 - 8).unwrap_err()), Trap::MemoryOutOfBounds);
}
