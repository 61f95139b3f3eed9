//! Regression tests for bugs the fuzzers found (see `fuzz/README.md`).
//! Each bug has a small module in `tests/regressions/NAME.wat`, whose
//! header comment says what went wrong, and a test here named after it
//! that drives the module the way the fuzzer did.

use kiln::{Config, Engine, Instance, Module, Store, Trap};

/// Compiles `tests/regressions/{name}.wat` and instantiates it in a new
/// store of an engine with `config`.
fn instantiate(name: &str, config: &Config) -> (Store<()>, Instance) {
    let path = format!("{}/tests/regressions/{name}.wat", env!("CARGO_MANIFEST_DIR"));
    let engine = Engine::new(config).unwrap();
    let module = Module::from_file(&engine, &path).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

fn trap_of(result: kiln::Result<i32>) -> Option<Trap> {
    result.err().and_then(|e| e.downcast_ref::<Trap>().copied())
}

#[test]
fn instruction_count_wrap() {
    // Fuel: the limit still stops the loop.
    let (mut store, instance) = instantiate("instruction_count_wrap", Config::new().consume_fuel(true));
    let spin = instance.get_typed_func::<i32, i32>(&mut store, "spin").unwrap();
    store.set_fuel(1_000).unwrap();
    store.set_instruction_count(u64::MAX - 10).unwrap();
    assert_eq!(store.instruction_count().unwrap(), Store::<()>::MAX_INSTRUCTION_COUNT);
    assert_eq!(store.get_fuel().unwrap(), 1_000);
    assert_eq!(trap_of(spin.call(&mut store, i32::MAX)), Some(Trap::OutOfFuel));
    assert_eq!(store.get_fuel().unwrap(), 0);

    // Epochs: the deadline is still polled.
    let (mut store, instance) = instantiate("instruction_count_wrap", Config::new().epoch_interruption(true));
    let spin = instance.get_typed_func::<i32, i32>(&mut store, "spin").unwrap();
    store.set_epoch_deadline(1);
    store.engine().increment_epoch();
    store.set_instruction_count(u64::MAX - 5).unwrap();
    assert_eq!(trap_of(spin.call(&mut store, i32::MAX)), Some(Trap::Interrupt));
}
