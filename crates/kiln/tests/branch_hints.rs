//! Branch hints: a module carrying a `metadata.code.branch_hint` custom
//! section compiles and runs as without it (Kiln parses past the hints).

use kiln::{Engine, Instance, Module, Store};

#[test]
fn hinted_modules_run_as_unhinted_ones() {
    let wat = r#"(module (func (export "f") (param i32) (result i32)
        (local.get 0)
        (@metadata.code.branch_hint "\01")
        (if (result i32) (then (i32.const 1)) (else (i32.const 2)))))"#;
    let binary = wat::parse_str(wat).unwrap();
    let section = b"metadata.code.branch_hint";
    assert!(binary.windows(section.len()).any(|w| w == section), "the hint section is in the binary");
    let engine = Engine::default();
    let module = Module::new(&engine, &binary).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    assert_eq!(f.call(&mut store, 0).unwrap(), 2);
    assert_eq!(f.call(&mut store, 3).unwrap(), 1);
}
