//! Calling through a table by index (Lucet's `run_func_idx`): the host picks
//! a function from a guest's table, with its type checked.
//!
//! `cargo run -p kiln --example table_call`

use kiln::{Engine, Instance, Module, Store, Val};

/// Runs the example.
pub fn main() -> kiln::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (table (export "handlers") 3 funcref)
             (elem (i32.const 0) $double $square $negate)
             (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
             (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
             (func $negate (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let handlers = instance.get_table(&mut store, "handlers").unwrap();
    for index in 0..3 {
        let mut result = [Val::I32(0)];
        handlers.call(&mut store, index, &[Val::I32(7)], &mut result)?;
        println!("handlers[{index}](7) = {}", result[0].unwrap_i32());
    }
    let square = handlers.typed_func::<i32, i32>(&mut store, 1)?;
    assert_eq!(square.call(&mut store, 12)?, 144);
    assert!(handlers.typed_func::<i64, i64>(&mut store, 1).is_err(), "the type is checked");
    Ok(())
}
