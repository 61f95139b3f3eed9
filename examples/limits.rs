//! Resource limits: a store whose memories may not exceed two pages.
//!
//! `cargo run -p kiln --example limits`

use kiln::{Engine, Instance, Module, Store, StoreLimits, StoreLimitsBuilder};

/// Runs the example.
pub fn main() -> kiln::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 1)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    )?;
    let mut store = Store::new(&engine, StoreLimitsBuilder::new().memory_size(2 * 65536).instances(4).build());
    store.limiter(|limits: &mut StoreLimits| limits);
    let instance = Instance::new(&mut store, &module, &[])?;
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    println!("memory.grow(1) = {}", grow.call(&mut store, 1)?);
    let denied = grow.call(&mut store, 1)?;
    println!("memory.grow(1) beyond the limit = {denied}");
    assert_eq!(denied, -1);
    Ok(())
}
