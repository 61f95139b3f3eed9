//! Lazy translation (the default): a module's functions are translated on
//! first use, once, whichever thread calls first.

use std::sync::{Arc, Barrier};

use kiln::{Config, Engine, Instance, Module, Store};

/// Export `f(x)` sums `x` copies of 1..=100 through calls to `g`, so the
/// first call translates both.
const WAT: &str = r#"(module
    (func $g (param i32) (result i32)
      (local $i i32) (local $s i32)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $s (i32.add (local.get $s) (local.get $i)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
      (i32.mul (local.get $s) (local.get 0)))
    (func (export "f") (param i32) (result i32) (call $g (local.get 0))))"#;

#[test]
fn first_calls_from_many_threads_translate_once_and_agree() {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let barrier = Arc::new(Barrier::new(4));
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let (engine, module, barrier) = (engine.clone(), module.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut store = Store::new(&engine, ());
                let instance = Instance::new(&mut store, &module, &[]).unwrap();
                let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
                barrier.wait();
                f.call(&mut store, t).unwrap()
            })
        })
        .collect();
    for (t, thread) in threads.into_iter().enumerate() {
        assert_eq!(thread.join().unwrap(), 5050 * t as i32);
    }
}

#[test]
fn eager_and_lazy_translation_make_the_same_code() {
    let lazy = Module::new(&Engine::default(), WAT).unwrap();
    let mut config = Config::new();
    config.lazy_translation(false);
    let eager = Module::new(&Engine::new(&config).unwrap(), WAT).unwrap();
    for func in 0..2 {
        // Disassembling translates a lazy module's function if need be.
        assert_eq!(lazy.disassemble(func), eager.disassemble(func));
    }
    assert!(lazy.disassemble(2).is_none());
}
