//! Chains: an arithmetic instruction and the one taking its result run as
//! one instruction (`i32.add_xor` and the rest, see `translator::pairs`).
//! Each function below computes one chain's two steps; the results must be
//! those of the two instructions run apart, whichever operand of the second
//! the first's result is, when the second reads that result twice, when
//! the first takes its operand from the accumulator, and when an `i64`
//! immediate does not fit the chain's 32 bits.

use kiln::{Engine, Instance, Module, Store};

const WAT: &str = r#"(module
  (func (export "i32.add_xor") (param i32 i32 i32) (result i32)
    (i32.xor (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "i32.xor_xor") (param i32 i32 i32) (result i32)
    (i32.xor (local.get 2) (i32.xor (local.get 0) (local.get 1))))
  (func (export "i32.xor_rotl_imm") (param i32 i32 i32) (result i32)
    (i32.rotl (i32.xor (local.get 0) (local.get 1)) (i32.const 7)))
  (func (export "i32.and_shl_imm") (param i32 i32 i32) (result i32)
    (i32.shl (i32.and (local.get 0) (local.get 1)) (i32.const 35)))
  (func (export "i32.rotl_imm_add") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.rotl (local.get 0) (i32.const 13))))
  (func (export "i32.shl_imm_xor") (param i32 i32 i32) (result i32)
    (i32.xor (i32.shl (local.get 0) (i32.const 5)) (local.get 2)))
  (func (export "i32.shl_imm_add") (param i32 i32 i32) (result i32)
    (i32.add (i32.shl (local.get 0) (i32.const 2)) (local.get 1)))
  (func (export "i32.mul_imm_add_imm") (param i32 i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 3877)) (i32.const 29573)))
  (func (export "i32.lt_u_imm_add") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.lt_u (local.get 0) (i32.const 26))))
  (func (export "i32.lt_u_imm_or") (param i32 i32 i32) (result i32)
    (i32.or (i32.lt_u (local.get 0) (i32.const 10)) (local.get 2)))
  ;; The sum is both operands of the xor, and is read again after it.
  (func (export "mid_twice") (param i32 i32 i32) (result i32) (local i32)
    (i32.sub
      (i32.xor (local.tee 3 (i32.add (local.get 0) (local.get 1))) (local.get 3))
      (local.get 3)))
  ;; The chain's first operand is the product just computed: on the left,
  ;; then on the right.
  (func (export "acc_left") (param i32 i32 i32) (result i32)
    (i32.xor (i32.add (i32.mul (local.get 0) (local.get 0)) (local.get 1)) (local.get 2)))
  (func (export "acc_right") (param i32 i32 i32) (result i32)
    (i32.xor (i32.add (local.get 1) (i32.mul (local.get 0) (local.get 0))) (local.get 2)))
  (func (export "i64.add_xor") (param i64 i64 i64) (result i64)
    (i64.xor (i64.add (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "i64.xor_xor") (param i64 i64 i64) (result i64)
    (i64.xor (i64.xor (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "i64.and_xor") (param i64 i64 i64) (result i64)
    (i64.xor (i64.and (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "i64.xor_rotl_imm") (param i64 i64 i64) (result i64)
    (i64.rotl (i64.xor (local.get 0) (local.get 1)) (i64.const 105)))
  (func (export "i64.rotl_imm_add") (param i64 i64 i64) (result i64)
    (i64.add (i64.rotl (local.get 0) (i64.const 41)) (local.get 2)))
  (func (export "i64.rotl_imm_xor") (param i64 i64 i64) (result i64)
    (i64.xor (local.get 1) (i64.rotl (local.get 0) (i64.const 3))))
  (func (export "i64.xor_imm_and") (param i64 i64 i64) (result i64)
    (i64.and (i64.xor (local.get 0) (i64.const -1)) (local.get 2)))
  (func (export "i64.mul_add") (param i64 i64 i64) (result i64)
    (i64.add (i64.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "i64.add_shr_u_imm") (param i64 i64 i64) (result i64)
    (i64.shr_u (i64.add (local.get 0) (local.get 1)) (i64.const 51)))
  (func (export "i64.shr_u_imm_add") (param i64 i64 i64) (result i64)
    (i64.add (local.get 2) (i64.shr_u (local.get 0) (i64.const 51))))
  ;; An immediate past 32 bits: two instructions.
  (func (export "wide_imm") (param i64 i64 i64) (result i64)
    (i64.and (i64.xor (local.get 0) (i64.const 0x100000001)) (local.get 2))))"#;

const I32_ARGS: [(i32, i32, i32); 5] =
    [(0, 0, 0), (1, 2, 3), (-1, 0x1234_5678, -0x5555_5556), (i32::MIN, i32::MAX, 7), (0x0f0f_0f0f, -3, 0x7000_0001)];
const I64_ARGS: [(i64, i64, i64); 4] = [
    (0, 0, 0),
    (1, 2, 3),
    (-1, 0x1234_5678_9abc_def0, -0x5555_5555_5555_5556),
    (i64::MIN, i64::MAX, 0x7000_0000_0000_0001),
];

type Two<T> = fn(T, T, T) -> T;

#[test]
fn chains_compute_what_their_two_instructions_do() {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();

    let i32_cases: [(&str, Two<i32>); 13] = [
        ("i32.add_xor", |a, b, c| a.wrapping_add(b) ^ c),
        ("i32.xor_xor", |a, b, c| a ^ b ^ c),
        ("i32.xor_rotl_imm", |a, b, _| (a ^ b).rotate_left(7)),
        ("i32.and_shl_imm", |a, b, _| (a & b) << 3),
        ("i32.rotl_imm_add", |a, _, c| c.wrapping_add(a.rotate_left(13))),
        ("i32.shl_imm_xor", |a, _, c| (a << 5) ^ c),
        ("i32.shl_imm_add", |a, b, _| (a << 2).wrapping_add(b)),
        ("i32.mul_imm_add_imm", |a, _, _| a.wrapping_mul(3877).wrapping_add(29573)),
        ("i32.lt_u_imm_add", |a, _, c| c.wrapping_add(i32::from((a as u32) < 26))),
        ("i32.lt_u_imm_or", |a, _, c| i32::from((a as u32) < 10) | c),
        ("mid_twice", |a, b, _| a.wrapping_add(b).wrapping_neg()),
        ("acc_left", |a, b, c| a.wrapping_mul(a).wrapping_add(b) ^ c),
        ("acc_right", |a, b, c| a.wrapping_mul(a).wrapping_add(b) ^ c),
    ];
    for (name, expected) in i32_cases {
        let func = instance.get_typed_func::<(i32, i32, i32), i32>(&mut store, name).unwrap();
        for (a, b, c) in I32_ARGS {
            assert_eq!(func.call(&mut store, (a, b, c)).unwrap(), expected(a, b, c), "{name}({a}, {b}, {c})");
        }
    }
    let i64_cases: [(&str, Two<i64>); 11] = [
        ("i64.add_xor", |a, b, c| a.wrapping_add(b) ^ c),
        ("i64.xor_xor", |a, b, c| a ^ b ^ c),
        ("i64.and_xor", |a, b, c| (a & b) ^ c),
        ("i64.xor_rotl_imm", |a, b, _| (a ^ b).rotate_left(105 % 64)),
        ("i64.rotl_imm_add", |a, _, c| a.rotate_left(41).wrapping_add(c)),
        ("i64.rotl_imm_xor", |a, b, _| b ^ a.rotate_left(3)),
        ("i64.xor_imm_and", |a, _, c| !a & c),
        ("i64.mul_add", |a, b, c| a.wrapping_mul(b).wrapping_add(c)),
        ("i64.add_shr_u_imm", |a, b, _| (a.wrapping_add(b) as u64 >> 51) as i64),
        ("i64.shr_u_imm_add", |a, _, c| c.wrapping_add((a as u64 >> 51) as i64)),
        ("wide_imm", |a, _, c| (a ^ 0x1_0000_0001) & c),
    ];
    for (name, expected) in i64_cases {
        let func = instance.get_typed_func::<(i64, i64, i64), i64>(&mut store, name).unwrap();
        for (a, b, c) in I64_ARGS {
            assert_eq!(func.call(&mut store, (a, b, c)).unwrap(), expected(a, b, c), "{name}({a}, {b}, {c})");
        }
    }
}

#[test]
fn each_chain_runs_as_one_instruction() {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let chains = [
        "i32.add_xor",
        "i32.xor_xor",
        "i32.xor_rotl_imm",
        "i32.and_shl_imm",
        "i32.rotl_imm_add",
        "i32.shl_imm_xor",
        "i32.shl_imm_add",
        "i32.mul_imm_add_imm",
        "i32.lt_u_imm_add",
        "i32.lt_u_imm_or",
        "i32.add_xor",
        "i32.add_xor+acc",
        "i32.add_xor+acc",
        "i64.add_xor",
        "i64.xor_xor",
        "i64.and_xor",
        "i64.xor_rotl_imm",
        "i64.rotl_imm_add",
        "i64.rotl_imm_xor",
        "i64.xor_imm_and",
        "i64.mul_add",
        "i64.add_shr_u_imm",
        "i64.shr_u_imm_add",
    ];
    for (index, chain) in chains.into_iter().enumerate() {
        let code = module.disassemble(index as u32).unwrap();
        assert!(code.contains(&format!("{chain} ")), "function {index}:\n{code}");
    }
    let wide = module.disassemble(chains.len() as u32).unwrap();
    assert!(wide.contains("i64.xor_imm") && !wide.contains("i64.xor_imm_and"), "{wide}");
}
