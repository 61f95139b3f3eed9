//! Host functions, typed and dynamic calls, multi-value, and the `Caller`.

use kiln::{Caller, Engine, Extern, Func, FuncType, Instance, Linker, Module, Store, Val, ValType};

fn engine() -> Engine {
    Engine::default()
}

#[test]
fn typed_host_function_sees_and_mutates_host_data() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
             (import "env" "bump" (func $bump (param i32) (result i32)))
             (func (export "run") (param i32) (result i32)
               (call $bump (local.get 0))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "bump", |mut caller: Caller<'_, u32>, by: i32| {
            *caller.data_mut() += by as u32;
            *caller.data() as i32
        })
        .unwrap();
    let mut store = Store::new(&engine, 10u32);
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, 5).unwrap(), 15);
    assert_eq!(run.call(&mut store, 1).unwrap(), 16);
    assert_eq!(store.into_data(), 16);
}

#[test]
fn multi_value_through_host_and_wasm() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
             (import "env" "swap" (func $swap (param i64 f64) (result f64 i64)))
             (func (export "swap") (param i64 f64) (result f64 i64)
               (local.get 0)
               (local.get 1)
               (block (param i64 f64) (result f64 i64)
                 (call $swap))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "swap", |a: i64, b: f64| (b, a)).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let swap = instance.get_typed_func::<(i64, f64), (f64, i64)>(&mut store, "swap").unwrap();
    assert_eq!(swap.call(&mut store, (7, 2.5)).unwrap(), (2.5, 7));

    let dynamic = instance.get_func(&mut store, "swap").unwrap();
    let mut results = [Val::I64(0), Val::F64(0)];
    dynamic.call(&mut store, &[Val::I64(-1), Val::F64(1.0f64.to_bits())], &mut results).unwrap();
    assert_eq!(results, [Val::F64(1.0f64.to_bits()), Val::I64(-1)]);
}

#[test]
fn dynamic_host_function_with_func_new() {
    let engine = engine();
    let ty = FuncType::new(&engine, [ValType::I32, ValType::I32], [ValType::I32, ValType::I32]);
    let mut store = Store::new(&engine, ());
    let divmod = Func::new(&mut store, ty, |_caller, params, results| {
        let (a, b) = (params[0].unwrap_i32(), params[1].unwrap_i32());
        results[0] = Val::I32(a / b);
        results[1] = Val::I32(a % b);
        Ok(())
    });
    let module = Module::new(
        &engine,
        r#"(module
             (import "" "divmod" (func $dm (param i32 i32) (result i32 i32)))
             (func (export "f") (result i32 i32) (call $dm (i32.const 17) (i32.const 5))))"#,
    )
    .unwrap();
    let instance = Instance::new(&mut store, &module, &[Extern::Func(divmod)]).unwrap();
    let f = instance.get_typed_func::<(), (i32, i32)>(&mut store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), (3, 2));
}

#[test]
fn host_result_of_the_wrong_type_is_an_error_not_a_panic() {
    let engine = engine();
    let ty = FuncType::new(&engine, [], [ValType::I32]);
    let mut store = Store::new(&engine, ());
    let bad = Func::new(&mut store, ty, |_caller, _params, results| {
        results[0] = Val::I64(1);
        Ok(())
    });
    let mut results = [Val::I32(0)];
    let err = bad.call(&mut store, &[], &mut results).unwrap_err();
    assert!(err.to_string().contains("expected i32"), "{err}");
}

#[test]
fn wrong_argument_types_and_counts_are_errors() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let module = Module::new(&engine, r#"(module (func (export "f") (param i32)))"#).unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_func(&mut store, "f").unwrap();
    assert!(f.call(&mut store, &[Val::I64(1)], &mut []).is_err());
    assert!(f.call(&mut store, &[], &mut []).is_err());
    assert!(f.typed::<i64, ()>(&store).is_err());
    assert!(f.typed::<i32, i32>(&store).is_err());
    assert!(f.typed::<i32, ()>(&store).is_ok());
}

#[test]
fn host_errors_propagate_with_their_type() {
    #[derive(Debug)]
    struct Refused;
    impl std::fmt::Display for Refused {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("refused by host")
        }
    }
    impl std::error::Error for Refused {}

    let engine = engine();
    let module =
        Module::new(&engine, r#"(module (import "env" "no" (func $no)) (func (export "f") (call $no)))"#).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker.func_wrap("env", "no", || -> kiln::Result<()> { Err(Refused.into()) }).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let err = instance.get_func(&mut store, "f").unwrap().call(&mut store, &[], &mut []).unwrap_err();
    assert!(err.downcast_ref::<Refused>().is_some());
    // The store remains usable.
    instance.get_func(&mut store, "f").unwrap().call(&mut store, &[], &mut []).unwrap_err();
}

#[test]
fn caller_reaches_the_calling_instances_exports() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
             (import "env" "peek" (func $peek (result i32)))
             (memory (export "memory") 1)
             (data (i32.const 8) "\2a")
             (func (export "f") (result i32) (call $peek)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "peek", |mut caller: Caller<'_, ()>| {
            let memory = caller.get_export("memory").and_then(Extern::into_memory).unwrap();
            i32::from(memory.data(&caller)[8])
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance.get_typed_func::<(), i32>(&mut store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 42);
}

#[test]
fn host_can_call_back_into_wasm() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
             (import "env" "again" (func $again (param i32) (result i32)))
             (func $count (export "count") (param i32) (result i32)
               (if (result i32) (i32.eqz (local.get 0))
                 (then (i32.const 0))
                 (else (i32.add (i32.const 1) (call $again (i32.sub (local.get 0) (i32.const 1))))))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "again", |mut caller: Caller<'_, ()>, n: i32| -> kiln::Result<i32> {
            let count = caller.get_export("count").and_then(Extern::into_func).unwrap();
            count.typed::<i32, i32>(&caller)?.call(&mut caller, n)
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let count = instance.get_typed_func::<i32, i32>(&mut store, "count").unwrap();
    assert_eq!(count.call(&mut store, 50).unwrap(), 50);
}

#[test]
fn linker_refuses_redefinition_unless_shadowing_is_allowed() {
    let engine = engine();
    let mut linker = Linker::<()>::new(&engine);
    linker.func_wrap("m", "f", || {}).unwrap();
    assert!(linker.func_wrap("m", "f", || {}).is_err());
    linker.allow_shadowing(true);
    assert!(linker.func_wrap("m", "f", || {}).is_ok());
}

#[test]
fn linker_module_defines_reactor_exports() {
    let engine = engine();
    let lib = Module::new(
        &engine,
        r#"(module
             (global $g (mut i32) (i32.const 0))
             (func (export "_initialize") (global.set $g (i32.const 40)))
             (func (export "get") (result i32) (i32.add (global.get $g) (i32.const 2))))"#,
    )
    .unwrap();
    let user = Module::new(
        &engine,
        r#"(module (import "lib" "get" (func $get (result i32))) (func (export "f") (result i32) (call $get)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.module(&mut store, "lib", &lib).unwrap();
    let instance = linker.instantiate(&mut store, &user).unwrap();
    let f = instance.get_typed_func::<(), i32>(&mut store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 42);
}

#[test]
fn v128_through_host_functions_globals_and_typed_calls() {
    use kiln::{Global, GlobalType, Mutability, V128};
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
             (import "env" "twice" (func $twice (param v128) (result v128)))
             (import "env" "g" (global $g (mut v128)))
             (func (export "run") (param v128 i32) (result v128 i32)
               (global.set $g (call $twice (local.get 0)))
               (global.get $g)
               (local.get 1)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let twice = Func::wrap(&mut store, |v: V128| V128::from(v.as_u128().wrapping_mul(2)));
    let g = Global::new(&mut store, GlobalType::new(ValType::V128, Mutability::Var), Val::V128(V128::from(0))).unwrap();
    let instance = Instance::new(&mut store, &module, &[twice.into(), g.into()]).unwrap();
    let run = instance.get_typed_func::<(V128, i32), (V128, i32)>(&mut store, "run").unwrap();
    let big = V128::from(0x0123_4567_89ab_cdef_0011_2233_4455_6677u128);
    let (v, n) = run.call(&mut store, (big, -5)).unwrap();
    assert_eq!(v.as_u128(), big.as_u128().wrapping_mul(2));
    assert_eq!(n, -5);
    assert_eq!(g.get(&mut store), Val::V128(v));
}
