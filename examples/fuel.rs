//! Fuel metering: a store gets a budget, wasm spends it (Wasmtime's costs),
//! running out traps, and adding fuel lets the next call finish.
//!
//! `cargo run -p kiln --example fuel`

use kiln::{Config, Engine, Instance, Module, Store, Trap};

/// Runs the example.
pub fn main() -> kiln::Result<()> {
    let engine = Engine::new(Config::new().consume_fuel(true))?;
    let module = Module::new(
        &engine,
        r#"(module (func (export "sum") (param $n i32) (result i32) (local $acc i32)
             (loop $l
               (local.set $acc (i32.add (local.get $acc) (local.get $n)))
               (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
             (local.get $acc)))"#,
    )?;
    let mut store = Store::new(&engine, ());
    store.set_fuel(1_000)?;
    let instance = Instance::new(&mut store, &module, &[])?;
    let sum = instance.get_typed_func::<i32, i32>(&mut store, "sum")?;

    println!("sum(10) = {} using {} fuel", sum.call(&mut store, 10)?, 1_000 - store.get_fuel()?);
    let err = sum.call(&mut store, 1_000).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
    println!("sum(1000) with {} fuel left: {}", store.get_fuel()?, err.downcast_ref::<Trap>().unwrap());
    store.set_fuel(100_000)?;
    println!("after refuelling, sum(1000) = {}", sum.call(&mut store, 1_000)?);
    Ok(())
}
