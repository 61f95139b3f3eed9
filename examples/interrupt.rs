//! Stopping runaway code: an epoch deadline driven by a timer thread, and a
//! kill switch used from another thread. The store stays usable after both.
//!
//! `cargo run -p kiln --example interrupt`

use kiln::{Config, Engine, Instance, Module, Store, Trap};

/// Runs the example.
pub fn main() -> kiln::Result<()> {
    let engine = Engine::new(Config::new().epoch_interruption(true))?;
    let module = Module::new(
        &engine,
        r#"(module (func (export "spin") (loop $l (br $l)))
                   (func (export "ok") (result i32) (i32.const 1)))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;

    // Epochs: a timer thread ticks; the store's deadline is one tick away.
    store.set_epoch_deadline(1);
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(10));
            engine.increment_epoch();
        })
    };
    let err = spin.call(&mut store, ()).unwrap_err();
    ticker.join().unwrap();
    println!("epoch deadline: {}", err.downcast_ref::<Trap>().unwrap());

    // Kill switch: another thread stops the call once it is running.
    store.set_epoch_deadline(u64::MAX / 2);
    let handle = store.interrupt_handle();
    let killer = std::thread::spawn(move || {
        while !handle.is_running() {
            std::thread::yield_now();
        }
        handle.interrupt();
    });
    let err = spin.call(&mut store, ()).unwrap_err();
    killer.join().unwrap();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
    println!("kill switch: {}", err.downcast_ref::<Trap>().unwrap());

    let ok = instance.get_typed_func::<(), i32>(&mut store, "ok")?;
    println!("the store still works: ok() = {}", ok.call(&mut store, ())?);
    Ok(())
}
