//! Deterministic mode: NaN results are canonical whatever the operand order
//! or host, and relaxed SIMD takes the deterministic profile's results.

use kiln::{Config, Engine, Instance, Module, Store, V128};

const NAN_A: u32 = 0x7fc0_0001;
const NAN_B: u32 = 0xffc0_0002;

fn instance(deterministic: bool, wat: &str) -> (Store<()>, Instance) {
    let mut config = Config::new();
    config.deterministic(deterministic);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

const ADD: &str = r#"(module
  (func (export "add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
  (func (export "add_f64") (param f64 f64) (result f64) (f64.div (local.get 0) (local.get 1)))
  (func (export "add_x4") (param v128 v128) (result v128) (f32x4.add (local.get 0) (local.get 1)))
  (func (export "sqrt_neg") (param f64) (result f64) (f64.sqrt (local.get 0))))"#;

/// Runs `a + b` and `b + a` on NaNs with different payloads.
fn both_orders(deterministic: bool) -> (u32, u32) {
    let (mut store, instance) = instance(deterministic, ADD);
    let add = instance.get_typed_func::<(f32, f32), f32>(&mut store, "add").unwrap();
    let (a, b) = (f32::from_bits(NAN_A), f32::from_bits(NAN_B));
    (add.call(&mut store, (a, b)).unwrap().to_bits(), add.call(&mut store, (b, a)).unwrap().to_bits())
}

#[test]
fn nan_results_are_canonical_in_both_orders() {
    let (ab, ba) = both_orders(true);
    assert_eq!(ab, 0x7fc0_0000);
    assert_eq!(ba, 0x7fc0_0000);
}

#[test]
#[cfg(target_arch = "x86_64")]
fn without_deterministic_mode_the_order_shows_in_the_nan_bits() {
    // x86 propagates the first NaN operand's payload, so the two orders differ.
    let (ab, ba) = both_orders(false);
    assert_ne!(ab, ba);
    assert!(f32::from_bits(ab).is_nan() && f32::from_bits(ba).is_nan());
}

#[test]
fn vector_lanes_and_other_operations_are_canonical() {
    let (mut store, instance) = instance(true, ADD);
    let x4 = instance.get_typed_func::<(V128, V128), V128>(&mut store, "add_x4").unwrap();
    let lanes = |l: [u32; 4]| V128::from(l.iter().rev().fold(0u128, |acc, &x| (acc << 32) | u128::from(x)));
    let out = x4.call(&mut store, (lanes([NAN_A, 0x3f80_0000, NAN_B, 0]), lanes([0, 0x3f80_0000, 0, NAN_A]))).unwrap();
    assert_eq!(out, lanes([0x7fc0_0000, 0x4000_0000, 0x7fc0_0000, 0x7fc0_0000]));

    let div = instance.get_typed_func::<(f64, f64), f64>(&mut store, "add_f64").unwrap();
    assert_eq!(div.call(&mut store, (0.0, 0.0)).unwrap().to_bits(), 0x7ff8_0000_0000_0000);
    let sqrt = instance.get_typed_func::<f64, f64>(&mut store, "sqrt_neg").unwrap();
    assert_eq!(sqrt.call(&mut store, -1.0).unwrap().to_bits(), 0x7ff8_0000_0000_0000);
}

const RELAXED: &str = r#"(module
  (func (export "madd") (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "nmadd") (param v128 v128 v128) (result v128) (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect") (param v128 v128 v128) (result v128) (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "swizzle") (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "trunc") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
  (func (export "min") (param v128 v128) (result v128) (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "q15") (param v128 v128) (result v128) (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
  (func (export "dot") (param v128 v128 v128) (result v128) (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2))))"#;

fn f32x4(l: [f32; 4]) -> V128 {
    V128::from(l.iter().rev().fold(0u128, |acc, x| (acc << 32) | u128::from(x.to_bits())))
}

fn i32x4(l: [i32; 4]) -> V128 {
    V128::from(l.iter().rev().fold(0u128, |acc, &x| (acc << 32) | u128::from(x as u32)))
}

#[test]
fn relaxed_simd_results_are_the_deterministic_profile() {
    let (mut store, instance) = instance(true, RELAXED);
    let call3 = |store: &mut Store<()>, name: &str, a: V128, b: V128, c: V128| {
        instance.get_typed_func::<(V128, V128, V128), V128>(&mut *store, name).unwrap().call(store, (a, b, c)).unwrap()
    };
    // Two roundings: (1+e)^2 - 1 rounds the product first, giving 2e, where
    // a fused multiply-add would give 2e + e^2.
    let one_e = 1.0 + f32::EPSILON;
    let got = call3(&mut store, "madd", f32x4([one_e; 4]), f32x4([one_e; 4]), f32x4([-1.0; 4]));
    assert_eq!(got, f32x4([2.0 * f32::EPSILON; 4]));

    // nmadd: -(a*b) + c, unfused.
    let f64x2 = |a: f64, b: f64| V128::from(u128::from(a.to_bits()) | (u128::from(b.to_bits()) << 64));
    let got = call3(&mut store, "nmadd", f64x2(3.0, 0.5), f64x2(2.0, 4.0), f64x2(10.0, 1.0));
    assert_eq!(got, f64x2(4.0, -1.0));

    // laneselect is bitselect: mixed masks select bit by bit, not by lane sign.
    let got = call3(
        &mut store,
        "laneselect",
        i32x4([-1; 4]),
        i32x4([0; 4]),
        i32x4([0x0000_ffff, -1, 0, 0x8000_0000u32 as i32]),
    );
    assert_eq!(got, i32x4([0x0000_ffff, -1, 0, 0x8000_0000u32 as i32]));

    // relaxed dot: both operands signed; -128 * -127 * 4 + 1.
    let got = call3(
        &mut store,
        "dot",
        V128::from(u128::from_le_bytes([0x80; 16])),
        V128::from(u128::from_le_bytes([0x81; 16])),
        i32x4([1; 4]),
    );
    assert_eq!(got, i32x4([65025; 4]));

    let call2 = |store: &mut Store<()>, name: &str, a: V128, b: V128| {
        instance.get_typed_func::<(V128, V128), V128>(&mut *store, name).unwrap().call(store, (a, b)).unwrap()
    };
    // Out-of-range swizzle indices select zero.
    let table = V128::from(u128::from_le_bytes(std::array::from_fn(|i| i as u8 + 1)));
    let idx = V128::from(u128::from_le_bytes([0, 15, 16, 255, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]));
    let got = call2(&mut store, "swizzle", table, idx).as_u128().to_le_bytes();
    assert_eq!(&got[..5], &[1, 16, 0, 0, 4]);

    // min: NaN gives the canonical NaN; -0 < +0.
    let got = call2(&mut store, "min", f32x4([f32::NAN, 0.0, -0.0, 1.0]), f32x4([1.0, -0.0, 0.0, 2.0]));
    let bits: [u32; 4] = std::array::from_fn(|i| (got.as_u128() >> (32 * i)) as u32);
    assert_eq!(bits, [0x7fc0_0000, 0x8000_0000, 0x8000_0000, 1.0f32.to_bits()]);

    // q15mulr saturates -32768 * -32768.
    let min16 = V128::from(u128::from_le_bytes([0x00, 0x80].repeat(8).try_into().unwrap()));
    let got = call2(&mut store, "q15", min16, min16).as_u128().to_le_bytes();
    assert_eq!(&got[..2], &[0xff, 0x7f]);

    // trunc saturates and maps NaN to 0.
    let trunc = instance.get_typed_func::<V128, V128>(&mut store, "trunc").unwrap();
    let got = trunc.call(&mut store, f32x4([f32::NAN, 3e9, -3e9, -1.5])).unwrap();
    assert_eq!(got, i32x4([0, i32::MAX, i32::MIN, -1]));
}
