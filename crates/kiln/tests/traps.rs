//! Traps: kinds, messages, backtraces with names, stack overflow, and the
//! store staying usable afterwards.

use kiln::{Caller, Config, Engine, Instance, Linker, Module, Store, Trap, WasmBacktrace};

fn instance(engine: &Engine, store: &mut Store<()>, wat: &str) -> Instance {
    let module = Module::new(engine, wat).unwrap();
    Instance::new(store, &module, &[]).unwrap()
}

#[test]
fn trap_has_kind_message_and_named_backtrace() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let instance = instance(
        &engine,
        &mut store,
        r#"(module
             (func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
             (func $outer (export "outer") (param i32) (result i32) (call $divide (i32.const 1) (local.get 0))))"#,
    );
    let outer = instance.get_typed_func::<i32, i32>(&mut store, "outer").unwrap();
    let err = outer.call(&mut store, 0).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::IntegerDivisionByZero));
    assert_eq!(Trap::IntegerDivisionByZero.to_string(), "wasm trap: integer divide by zero");
    let backtrace = err.downcast_ref::<WasmBacktrace>().unwrap();
    let names: Vec<_> = backtrace.frames().iter().map(|f| (f.func_index(), f.func_name())).collect();
    assert_eq!(names, [(0, Some("divide")), (1, Some("outer"))]);
    assert_eq!(backtrace.to_string(), "wasm backtrace:\n    0: func 0 (divide)\n    1: func 1 (outer)");
    // The store is still usable.
    assert_eq!(outer.call(&mut store, 1).unwrap(), 1);
}

#[test]
fn every_trap_kind_is_reported() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let instance = instance(
        &engine,
        &mut store,
        r#"(module
             (type $v (func))
             (table 2 funcref)
             (elem (i32.const 1) $v)
             (memory 1)
             (func $v)
             (func (export "unreachable") unreachable)
             (func (export "overflow") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1))))
             (func (export "convert") (drop (i32.trunc_f32_s (f32.const nan))))
             (func (export "memory") (drop (i32.load (i32.const 65534))))
             (func (export "table") (call_indirect (type $v) (i32.const 2)))
             (func (export "null") (call_indirect (type $v) (i32.const 0)))
             (func (export "signature") (drop (call_indirect (result i32) (i32.const 1)))))"#,
    );
    let cases = [
        ("unreachable", Trap::UnreachableCodeReached),
        ("overflow", Trap::IntegerOverflow),
        ("convert", Trap::BadConversionToInteger),
        ("memory", Trap::MemoryOutOfBounds),
        ("table", Trap::TableOutOfBounds),
        ("null", Trap::IndirectCallToNull),
        ("signature", Trap::BadSignature),
    ];
    for (name, expected) in cases {
        let f = instance.get_func(&mut store, name).unwrap();
        let err = f.call(&mut store, &[], &mut []).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&expected), "{name}");
    }
}

#[test]
fn unbounded_recursion_is_a_stack_overflow_and_the_store_survives() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let instance = instance(
        &engine,
        &mut store,
        r#"(module
             (func $forever (export "forever") (param i64) (result i64)
               (i64.add (call $forever (i64.add (local.get 0) (i64.const 1))) (i64.const 1)))
             (func (export "ok") (result i32) (i32.const 7)))"#,
    );
    let forever = instance.get_typed_func::<i64, i64>(&mut store, "forever").unwrap();
    for _ in 0..3 {
        let err = forever.call(&mut store, 0).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::StackOverflow));
    }
    let ok = instance.get_typed_func::<(), i32>(&mut store, "ok").unwrap();
    assert_eq!(ok.call(&mut store, ()).unwrap(), 7);
}

#[test]
fn max_wasm_stack_bounds_recursion_depth() {
    let wat = r#"(module
      (func $down (export "down") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1))))))))"#;
    let mut small = Config::new();
    small.max_wasm_stack(16 * 1024);
    let small = Engine::new(&small).unwrap();
    let mut store = Store::new(&small, ());
    let down = instance(&small, &mut store, wat).get_typed_func::<i32, i32>(&mut store, "down").unwrap();
    assert_eq!(down.call(&mut store, 100).unwrap(), 100);
    let err = down.call(&mut store, 100_000).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::StackOverflow));

    let big = Engine::new(Config::new().max_wasm_stack(64 << 20)).unwrap();
    let mut store = Store::new(&big, ());
    let down = instance(&big, &mut store, wat).get_typed_func::<i32, i32>(&mut store, "down").unwrap();
    assert_eq!(down.call(&mut store, 100_000).unwrap(), 100_000);
}

#[test]
fn host_wasm_ping_pong_recursion_ends_in_a_trap_not_a_crash() {
    // Each host -> wasm re-entry uses native stack; Kiln bounds the nesting.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "env" "again" (func $again))
             (func (export "f") (call $again)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "again", |mut caller: Caller<'_, ()>| -> kiln::Result<()> {
            let f = caller.get_export("f").and_then(kiln::Extern::into_func).unwrap();
            f.call(&mut caller, &[], &mut [])
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance.get_func(&mut store, "f").unwrap();
    // Run on a thread with the default 2 MiB stack to show the bound is safe there.
    let err = std::thread::scope(|s| s.spawn(|| f.call(&mut store, &[], &mut [])).join().unwrap()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::StackOverflow));
}

/// Division by a constant is one instruction with the divisor as an
/// immediate; it must trap exactly as division by a variable does.
#[test]
fn division_by_constants_traps_like_division_by_variables() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let instance = instance(
        &engine,
        &mut store,
        r#"(module
             (func (export "i32") (param i32) (result i32)
               (i32.add (i32.add (i32.div_u (local.get 0) (i32.const 7)) (i32.rem_s (local.get 0) (i32.const -1)))
                        (i32.add (i32.rem_u (local.get 0) (i32.const 10)) (i32.div_s (local.get 0) (i32.const -2)))))
             (func (export "i32_div_by_zero") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const 0)))
             (func (export "i32_overflow") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const -1)))
             (func (export "i64") (param i64) (result i64)
               (i64.add (i64.div_s (local.get 0) (i64.const -3)) (i64.rem_u (local.get 0) (i64.const 1000))))
             (func (export "i64_rem_by_zero") (param i64) (result i64) (i64.rem_s (local.get 0) (i64.const 0))))"#,
    );
    let i32_ops = instance.get_typed_func::<i32, i32>(&mut store, "i32").unwrap();
    assert_eq!(i32_ops.call(&mut store, 95).unwrap(), 13 + 5 - 47);
    assert_eq!(i32_ops.call(&mut store, i32::MIN).unwrap(), 306_783_378 + 8 + (1 << 30));
    let zero = instance.get_typed_func::<i32, i32>(&mut store, "i32_div_by_zero").unwrap();
    assert_eq!(zero.call(&mut store, 1).unwrap_err().downcast_ref::<Trap>(), Some(&Trap::IntegerDivisionByZero));
    let overflow = instance.get_typed_func::<i32, i32>(&mut store, "i32_overflow").unwrap();
    assert_eq!(overflow.call(&mut store, 5).unwrap(), -5);
    assert_eq!(overflow.call(&mut store, i32::MIN).unwrap_err().downcast_ref::<Trap>(), Some(&Trap::IntegerOverflow));
    let i64_ops = instance.get_typed_func::<i64, i64>(&mut store, "i64").unwrap();
    assert_eq!(i64_ops.call(&mut store, -10_001).unwrap(), 3333 + 615);
    let rem_zero = instance.get_typed_func::<i64, i64>(&mut store, "i64_rem_by_zero").unwrap();
    assert_eq!(rem_zero.call(&mut store, 1).unwrap_err().downcast_ref::<Trap>(), Some(&Trap::IntegerDivisionByZero));
}
