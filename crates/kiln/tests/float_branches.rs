//! A `br_if` or `if` on a floating-point comparison, or on its `i32.eqz`, becomes
//! one fused branch (`br_f64.lt`, `br_f64.not_lt`, ...). A negated ordering
//! is not its complement: `!(a < b)` holds when either is NaN, `a >= b` does
//! not. Each comparison is checked both ways, with its operands in slots and
//! with either one just computed (the accumulator forms, and the mirrored
//! forms that put the computed operand first).

use kiln::{Engine, Instance, Module, Store};

const COMPARISONS: [&str; 6] = ["eq", "ne", "lt", "gt", "le", "ge"];

/// The operand shapes: both in slots, the left one just computed, the
/// right one just computed (adding zero keeps every value's comparisons).
const SHAPES: [(&str, &str, &str); 3] = [
    ("slots", "(local.get 0)", "(local.get 1)"),
    ("left", "({t}.add (local.get 0) ({t}.const 0))", "(local.get 1)"),
    ("right", "(local.get 0)", "({t}.add (local.get 1) ({t}.const 0))"),
];

/// Functions `{t}_{cmp}_{shape}_{holds|fails}` returning 1 when the branch
/// on the comparison (or on its `i32.eqz`) is taken, and `..._if` twins
/// returning 1 when an `if` on it takes its `then` arm.
fn module_text() -> String {
    let mut wat = String::from("(module");
    for t in ["f32", "f64"] {
        for cmp in COMPARISONS {
            for (shape, lhs, rhs) in SHAPES {
                let (lhs, rhs) = (lhs.replace("{t}", t), rhs.replace("{t}", t));
                let compare = format!("({t}.{cmp} {lhs} {rhs})");
                for (name, cond) in [("holds", compare.clone()), ("fails", format!("(i32.eqz {compare})"))] {
                    wat.push_str(&format!(
                        r#" (func (export "{t}_{cmp}_{shape}_{name}") (param {t} {t}) (result i32)
                              (block (br_if 0 {cond}) (return (i32.const 0)))
                              (i32.const 1))
                            (func (export "{t}_{cmp}_{shape}_{name}_if") (param {t} {t}) (result i32)
                              (if (result i32) {cond} (then (i32.const 1)) (else (i32.const 0))))"#
                    ));
                }
            }
        }
    }
    wat.push(')');
    wat
}

fn expected(cmp: &str, a: f64, b: f64) -> bool {
    match cmp {
        "eq" => a == b,
        "ne" => a != b,
        "lt" => a < b,
        "gt" => a > b,
        "le" => a <= b,
        _ => a >= b,
    }
}

#[test]
fn branches_on_float_comparisons_and_their_negations() {
    let engine = Engine::default();
    let module = Module::new(&engine, module_text()).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let nan = f64::NAN;
    let pairs = [(1.0, 2.0), (2.0, 1.0), (1.5, 1.5), (-0.0, 0.0), (nan, 1.0), (1.0, nan), (nan, nan)];
    for cmp in COMPARISONS {
        for (shape, _, _) in SHAPES {
            for (a, b) in pairs {
                let holds = expected(cmp, a, b);
                for (name, want) in [("holds", holds), ("fails", !holds)] {
                    for form in ["", "_if"] {
                        let f64_func = format!("f64_{cmp}_{shape}_{name}{form}");
                        let f = instance.get_typed_func::<(f64, f64), i32>(&mut store, &f64_func).unwrap();
                        assert_eq!(f.call(&mut store, (a, b)).unwrap(), i32::from(want), "{f64_func}({a}, {b})");
                        let f32_func = format!("f32_{cmp}_{shape}_{name}{form}");
                        let f = instance.get_typed_func::<(f32, f32), i32>(&mut store, &f32_func).unwrap();
                        let got = f.call(&mut store, (a as f32, b as f32)).unwrap();
                        assert_eq!(got, i32::from(want), "{f32_func}({a}, {b})");
                    }
                }
            }
        }
    }
}

#[test]
fn the_comparison_and_its_eqz_fuse_into_the_branch() {
    let engine = Engine::default();
    let wat = r#"(module
      (func (param f64 f64) (result i32)
        (block (br_if 0 (i32.eqz (f64.lt (local.get 0) (local.get 1)))) (return (i32.const 0)))
        (i32.const 1))
      (func (param f64 f64) (result i32) (local i32)
        ;; The comparison's result is also kept in a local: it stays.
        (block (br_if 0 (i32.eqz (local.tee 2 (f64.lt (local.get 0) (local.get 1))))) (return (local.get 2)))
        (i32.const 1)))"#;
    let module = Module::new(&engine, wat).unwrap();
    let fused = module.disassemble(0).unwrap();
    assert!(fused.contains("br_f64.not_lt"), "{fused}");
    assert!(!fused.contains("f64.lt ") && !fused.contains("eqz"), "{fused}");
    let kept = module.disassemble(1).unwrap();
    assert!(kept.contains("f64.lt"), "{kept}");
}
