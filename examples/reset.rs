//! Instance reset: reuse one instance for many requests, each starting from
//! the state right after instantiation.
//!
//! `cargo run -p kiln --example reset`

use kiln::{Engine, Instance, Module, Store};

/// Runs the example.
pub fn main() -> kiln::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 1) (global $requests (mut i32) (i32.const 0))
             (func (export "handle") (result i32)
               (global.set $requests (i32.add (global.get $requests) (i32.const 1)))
               (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 10)))
               (i32.add (global.get $requests) (i32.load (i32.const 0)))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let handle = instance.get_typed_func::<(), i32>(&mut store, "handle")?;
    let dirty = (handle.call(&mut store, ())?, handle.call(&mut store, ())?);
    println!("without reset the state accumulates: {dirty:?}");
    for request in 0..3 {
        instance.reset(&mut store)?;
        let result = handle.call(&mut store, ())?;
        println!("request {request} after reset: {result}");
        assert_eq!(result, 11);
    }
    Ok(())
}
