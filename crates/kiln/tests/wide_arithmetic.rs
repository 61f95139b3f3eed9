//! The wide-arithmetic proposal (`Config::wasm_wide_arithmetic`): off by
//! default, and when on, 128-bit results land in the right slots however
//! the operands arrive (locals, constants, results of the instruction
//! before) and whatever reads the two halves next.

use kiln::{Config, Engine, Instance, Module, Store};

fn engine() -> Engine {
    let mut config = Config::new();
    config.wasm_wide_arithmetic(true);
    Engine::new(&config).unwrap()
}

const MODULE: &str = r#"(module
  (func (export "add128") (param i64 i64 i64 i64) (result i64 i64)
    (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "sub128") (param i64 i64 i64 i64) (result i64 i64)
    (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "mul_wide_s") (param i64 i64) (result i64 i64)
    (i64.mul_wide_s (local.get 0) (local.get 1)))
  (func (export "mul_wide_u") (param i64 i64) (result i64 i64)
    (i64.mul_wide_u (local.get 0) (local.get 1)))
  ;; Constant operands, and the high half consumed first by `local.set`.
  (func (export "inc128") (param i64 i64) (result i64 i64) (local $hi i64)
    (i64.add128 (local.get 0) (local.get 1) (i64.const 1) (i64.const 0))
    (local.set $hi)
    (local.get $hi))
  ;; Each operand the result of the instruction just before (so the
  ;; interpreter's accumulator holds it), and the halves combined at once.
  (func (export "chain") (param i64 i64) (result i64)
    (i64.mul_wide_u (i64.add (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1)))
    (i64.xor))
  ;; A wide result overwriting the slots of its own operands, twice.
  (func (export "square_twice") (param i64) (result i64 i64)
    (i64.mul_wide_u (local.get 0) (local.get 0))
    (i64.mul_wide_u)
    (drop)
    (i64.const 0))
  ;; The high half's slot read by the next instruction (not the accumulator).
  (func (export "hi_plus_one") (param i64 i64) (result i64)
    (i64.mul_wide_s (local.get 0) (local.get 1))
    (i64.add (i64.const 1))
    (local.set 0)
    (drop)
    (local.get 0)))"#;

fn call<P: kiln::WasmParams, R: kiln::WasmResults>(name: &str, params: P) -> R {
    let engine = engine();
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<P, R>(&mut store, name).unwrap();
    f.call(&mut store, params).unwrap()
}

fn halves(v: u128) -> (i64, i64) {
    (v as u64 as i64, (v >> 64) as u64 as i64)
}

#[test]
fn off_by_default() {
    let err = Module::new(&Engine::default(), MODULE).unwrap_err();
    assert!(format!("{err:#}").contains("wide arithmetic support is not enabled"), "{err:#}");
}

#[test]
fn results_are_the_128_bit_values() {
    let samples = [0u128, 1, u64::MAX as u128, 1 << 64, u128::MAX, 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210];
    for a in samples {
        for b in samples {
            let ((al, ah), (bl, bh)) = (halves(a), halves(b));
            assert_eq!(call::<_, (i64, i64)>("add128", (al, ah, bl, bh)), halves(a.wrapping_add(b)));
            assert_eq!(call::<_, (i64, i64)>("sub128", (al, ah, bl, bh)), halves(a.wrapping_sub(b)));
            let product = (al as u64 as u128) * (bl as u64 as u128);
            assert_eq!(call::<_, (i64, i64)>("mul_wide_u", (al, bl)), halves(product));
            let signed = i128::from(al) * i128::from(bl);
            assert_eq!(call::<_, (i64, i64)>("mul_wide_s", (al, bl)), halves(signed as u128));
        }
    }
}

#[test]
fn operands_from_constants_accumulator_and_own_slots() {
    assert_eq!(call::<_, (i64, i64)>("inc128", (-1i64, 5i64)), (0, 6));
    let (a, b) = (u64::MAX - 1, 7u64);
    let product = u128::from(a + 1) * u128::from(b + 1);
    let (lo, hi) = halves(product);
    assert_eq!(call::<_, i64>("chain", (a as i64, b as i64)), lo ^ hi);
    // (x^2)_lo * (x^2)_hi, low half only.
    let x = 0xdead_beef_cafe_f00du64;
    let (lo, hi) = halves(u128::from(x) * u128::from(x));
    let (lo2, _) = halves(u128::from(lo as u64) * u128::from(hi as u64));
    assert_eq!(call::<_, (i64, i64)>("square_twice", x as i64), (lo2, 0));
    let (_, hi) = halves((i128::from(-3i64) * i128::from(i64::MAX)) as u128);
    assert_eq!(call::<_, i64>("hi_plus_one", (-3i64, i64::MAX)), hi + 1);
}
