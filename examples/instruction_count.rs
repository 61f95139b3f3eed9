//! Instruction counting (Lucet's `get/set_instruction_count`), switched on
//! with `Config::count_instructions` (fuel and epoch interruption count too).
//!
//! `cargo run -p kiln --example instruction_count`

use kiln::{Config, Engine, Instance, Module, Store};

/// Runs the example.
pub fn main() -> kiln::Result<()> {
    let engine = Engine::new(Config::new().count_instructions(true))?;
    let module = Module::new(
        &engine,
        r#"(module (func (export "count") (param $n i32)
             (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let count = instance.get_typed_func::<i32, ()>(&mut store, "count")?;
    for n in [1, 10, 100] {
        store.set_instruction_count(0)?;
        count.call(&mut store, n)?;
        println!("count({n}) executed {} wasm instructions", store.instruction_count()?);
    }
    // n × (local.get, i32.const, i32.sub, local.tee, br_if); the structural
    // `loop` and `end` are not counted (nor do they cost fuel).
    assert_eq!(store.instruction_count()?, 100 * 5);
    Ok(())
}
