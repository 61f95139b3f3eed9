//! `i32.div_u` and `i32.rem_u` by a constant run as a multiplication and
//! shifts (`i32.div_u_imm`, `i32.rem_u_imm`). Each divisor's functions are
//! checked against Rust's division over dividends at both ends of the range
//! and around multiples of the divisor, with the dividend in a slot and just
//! computed (the accumulator forms); a zero constant still traps.

use kiln::{Engine, Instance, Module, Store, Trap};

const DIVISORS: [u32; 16] =
    [1, 2, 3, 7, 10, 64, 100, 641, 1000, 139_968, 65_537, 0x7fff_ffff, 0x8000_0000, 0x8000_0001, 0xffff_fffb, u32::MAX];

/// Functions `{div_u|rem_u}_{d}` taking the dividend from a slot, and
/// `..._computed` taking it from the `i32.xor` just before.
fn module_text() -> String {
    let mut wat = String::from("(module");
    for op in ["div_u", "rem_u"] {
        for d in DIVISORS {
            let d = d as i32;
            wat.push_str(&format!(
                r#" (func (export "{op}_{d}") (param i32) (result i32)
                      (i32.{op} (local.get 0) (i32.const {d})))
                    (func (export "{op}_{d}_computed") (param i32 i32) (result i32)
                      (i32.{op} (i32.xor (local.get 0) (local.get 1)) (i32.const {d})))"#
            ));
        }
        wat.push_str(&format!(
            r#" (func (export "{op}_zero") (param i32) (result i32)
                  (i32.{op} (local.get 0) (i32.const 0)))"#
        ));
    }
    wat.push(')');
    wat
}

fn dividends(d: u32) -> Vec<u32> {
    let mut n = vec![0, 1, 2, 9, 10, 11, 0x7fff_ffff, 0x8000_0000, u32::MAX - 1, u32::MAX];
    let last_multiple = u32::MAX / d * d;
    for m in [d, d.wrapping_mul(2), last_multiple, last_multiple.wrapping_sub(d)] {
        n.extend([m.wrapping_sub(1), m, m.wrapping_add(1)]);
    }
    n.extend((0..64u32).map(|i| i.wrapping_mul(0x9e37_79b9)));
    n
}

/// A store and an instance of [`module_text`].
fn instantiate() -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, module_text()).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

#[test]
fn division_by_constants_matches_division() {
    let (mut store, instance) = instantiate();
    let mut checked = 0;
    for (op, apply) in [("div_u", u32::wrapping_div as fn(u32, u32) -> u32), ("rem_u", u32::wrapping_rem)] {
        for d in DIVISORS {
            let name = format!("{op}_{}", d as i32);
            let slot = instance.get_typed_func::<i32, i32>(&mut store, &name).unwrap();
            let computed = instance.get_typed_func::<(i32, i32), i32>(&mut store, &format!("{name}_computed")).unwrap();
            for n in dividends(d) {
                let want = apply(n, d) as i32;
                assert_eq!(slot.call(&mut store, n as i32).unwrap(), want, "{name}({n})");
                let got = computed.call(&mut store, ((n ^ 0x5555) as i32, 0x5555)).unwrap();
                assert_eq!(got, want, "{name}_computed({n})");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 2 * DIVISORS.len() * dividends(1).len());
}

#[test]
fn the_division_becomes_a_multiplication() {
    let engine = Engine::default();
    let module = Module::new(&engine, module_text()).unwrap();
    // Function 18 is `div_u_139968` and 19 its `_computed` twin: the
    // multiplier is floor(2^32 * (2^18 - 139968) / 139968) + 1.
    let code = module.disassemble(18).unwrap();
    assert!(code.contains("i32.div_u_imm dst=s1 lhs=s0 shift=18 magic=3749013520 divisor=139968"), "{code}");
    let code = module.disassemble(19 + 2 * DIVISORS.len() as u32 + 1).unwrap();
    assert!(code.contains("i32.rem_u_imm+acc"), "{code}");
}

#[test]
fn a_zero_constant_divisor_traps() {
    let (mut store, instance) = instantiate();
    for name in ["div_u_zero", "rem_u_zero"] {
        let f = instance.get_typed_func::<i32, i32>(&mut store, name).unwrap();
        let err = f.call(&mut store, 7).unwrap_err();
        assert_eq!(*err.downcast_ref::<Trap>().expect("a trap"), Trap::IntegerDivisionByZero, "{name}");
    }
    // The store stays usable after the trap.
    let f = instance.get_typed_func::<i32, i32>(&mut store, "div_u_10").unwrap();
    assert_eq!(f.call(&mut store, 75).unwrap(), 7);
}
