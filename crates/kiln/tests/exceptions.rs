//! Exceptions across the host boundary: what the embedder sees of an
//! uncaught exception, host functions throwing into wasm, tags shared
//! through imports and exports, and a store that stays usable afterwards.

use kiln::{
    AsContextMut, Caller, Config, Engine, ExnRef, ExnRefPre, ExnType, Extern, FuncType, Instance, Linker, Module,
    Store, Tag, TagType, ThrownException, Trap, Val, ValType, WasmBacktrace,
};

const THROWER: &str = r#"
    (module
      (tag $e (export "e") (param i32 f64))
      (tag $other (export "other"))
      (func (export "throw") (param i32) (throw $e (local.get 0) (f64.const 2.5)))
      (func (export "ok") (result i32) (i32.const 7)))"#;

/// A new exception of `tag` from the host.
fn host_exception(store: &mut impl AsContextMut, tag: &Tag, fields: &[Val]) -> ExnRef {
    let ty = ExnType::from_tag_type(&tag.ty(&*store)).unwrap();
    let pre = ExnRefPre::new(&mut *store, ty);
    ExnRef::new(store, &pre, tag, fields).unwrap()
}

#[test]
fn an_uncaught_exception_is_inspectable_and_the_store_stays_usable() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(&engine, THROWER).unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let throw = instance.get_typed_func::<i32, ()>(&mut store, "throw").unwrap();

    let err = throw.call(&mut store, 42).unwrap_err();
    assert!(err.downcast_ref::<ThrownException>().is_some(), "{err:#}");
    assert!(err.downcast_ref::<Trap>().is_none(), "an exception is not a trap");
    assert!(err.downcast_ref::<WasmBacktrace>().is_some(), "the frames the exception left are attached");
    assert!(store.has_pending_exception());

    let exn = store.take_pending_exception().expect("the exception waits in the store");
    assert!(!store.has_pending_exception());
    let e = instance.get_tag(&mut store, "e").unwrap();
    let other = instance.get_tag(&mut store, "other").unwrap();
    assert!(Tag::eq(&exn.tag(&store).unwrap(), &e, &store));
    assert!(!Tag::eq(&exn.tag(&store).unwrap(), &other, &store));
    let fields: Vec<Val> = exn.fields(&store).unwrap().collect();
    assert_eq!(fields, [Val::I32(42), Val::F64(2.5f64.to_bits())]);
    assert_eq!(exn.field(&store, 1).unwrap(), Val::F64(2.5f64.to_bits()));
    assert!(exn.field(&store, 2).is_err());
    assert_eq!(exn.ty(&store).unwrap().tag_type(), e.ty(&store));

    let ok = instance.get_typed_func::<(), i32>(&mut store, "ok").unwrap();
    assert_eq!(ok.call(&mut store, ()).unwrap(), 7);
    assert!(throw.call(&mut store, 1).is_err(), "and throws again");
    assert_eq!(store.take_pending_exception().unwrap().field(&store, 0).unwrap(), Val::I32(1));
}

#[test]
fn a_host_function_throws_and_wasm_catches() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(&mut store, &TagType::new(FuncType::new(&engine, [ValType::I32], []))).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "e", tag).unwrap();
    linker
        .func_wrap("host", "fail", move |mut caller: Caller<'_, ()>, code: i32| -> kiln::Result<i32> {
            if code == 0 {
                return Ok(100);
            }
            let exn = host_exception(&mut caller, &tag, &[Val::I32(code)]);
            caller.as_context_mut().throw(exn)
        })
        .unwrap();
    let module = Module::new(
        &engine,
        r#"(module
             (tag $e (import "host" "e") (param i32))
             (func $fail (import "host" "fail") (param i32) (result i32))
             (func (export "call") (param i32) (result i32)
               (block $caught (result i32)
                 (try_table (result i32) (catch $e $caught)
                   (call $fail (local.get 0)))
                 (return))
               (i32.add (i32.const 1000)))
             (func (export "uncaught") (param i32) (result i32) (call $fail (local.get 0))))"#,
    )
    .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let call = instance.get_typed_func::<i32, i32>(&mut store, "call").unwrap();
    assert_eq!(call.call(&mut store, 0).unwrap(), 100, "no throw: the host's result");
    assert_eq!(call.call(&mut store, 5).unwrap(), 1005, "caught by wasm, payload delivered");
    assert!(!store.has_pending_exception(), "a caught exception leaves nothing pending");

    let uncaught = instance.get_typed_func::<i32, i32>(&mut store, "uncaught").unwrap();
    let err = uncaught.call(&mut store, 9).unwrap_err();
    assert!(err.is::<ThrownException>(), "{err:#}");
    let exn = store.take_pending_exception().unwrap();
    assert!(Tag::eq(&exn.tag(&store).unwrap(), &tag, &store));
    assert_eq!(call.call(&mut store, 6).unwrap(), 1006, "the store stays usable");
}

#[test]
fn exceptions_cross_nested_host_and_wasm_frames() {
    // outer wasm -> host -> inner wasm that throws; the host propagates the
    // error with `?` and the outer wasm catches the exception.
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let inner = Instance::new(&mut store, &Module::new(&engine, THROWER).unwrap(), &[]).unwrap();
    let throw = inner.get_typed_func::<i32, ()>(&mut store, "throw").unwrap();
    let mut linker = Linker::new(&engine);
    linker.instance(&mut store, "inner", inner).unwrap();
    linker
        .func_wrap("host", "relay", move |mut caller: Caller<'_, ()>, v: i32| -> kiln::Result<()> {
            throw.call(&mut caller, v)?;
            Ok(())
        })
        .unwrap();
    let outer = Module::new(
        &engine,
        r#"(module
             (tag $e (import "inner" "e") (param i32 f64))
             (func $relay (import "host" "relay") (param i32))
             (func (export "run") (param i32) (result i32)
               (block $h (result i32 f64)
                 (try_table (catch $e $h) (call $relay (local.get 0)))
                 (return (i32.const -1)))
               (drop)))"#,
    )
    .unwrap();
    let outer = linker.instantiate(&mut store, &outer).unwrap();
    let run = outer.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, 33).unwrap(), 33);
    assert!(!store.has_pending_exception());
}

#[test]
fn exception_references_round_trip_through_the_host() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module
             (tag $e (export "e") (param i64))
             (func (export "catch") (param i64) (result exnref)
               (block $h (result i64 exnref)
                 (try_table (catch_ref $e $h) (throw $e (local.get 0)))
                 (unreachable))
               (return))
             (func (export "rethrow") (param exnref) (result i64)
               (block $h (result i64)
                 (try_table (catch $e $h) (throw_ref (local.get 0)))
                 (unreachable))))"#,
    )
    .unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let catch = instance.get_func(&mut store, "catch").unwrap();
    let mut out = [Val::ExnRef(None)];
    catch.call(&mut store, &[Val::I64(-3)], &mut out).unwrap();
    let Val::ExnRef(Some(exn)) = out[0] else { panic!("expected an exception reference, got {:?}", out[0]) };
    assert_eq!(exn.field(&store, 0).unwrap(), Val::I64(-3));

    let rethrow = instance.get_func(&mut store, "rethrow").unwrap();
    let mut result = [Val::I64(0)];
    rethrow.call(&mut store, &[Val::ExnRef(Some(exn))], &mut result).unwrap();
    assert_eq!(result[0], Val::I64(-3));
    let err = rethrow.call(&mut store, &[Val::ExnRef(None)], &mut result).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::NullReference));

    // The host can throw an exception object wasm made.
    let err = store.throw::<()>(exn).unwrap_err();
    assert!(err.is::<ThrownException>());
    assert_eq!(store.take_pending_exception(), Some(exn));
}

#[test]
fn tags_are_generative_per_instance_and_shared_by_import() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(&engine, THROWER).unwrap();
    let a = Instance::new(&mut store, &module, &[]).unwrap();
    let b = Instance::new(&mut store, &module, &[]).unwrap();
    let (ea, eb) = (a.get_tag(&mut store, "e").unwrap(), b.get_tag(&mut store, "e").unwrap());
    assert!(!Tag::eq(&ea, &eb, &store), "each instantiation defines a new tag");
    assert_eq!(ea.ty(&store), eb.ty(&store));

    let catcher = Module::new(
        &engine,
        r#"(module
             (tag $e (import "a" "e") (param i32 f64))
             (func $throw (import "a" "throw") (param i32))
             (func (export "catches") (param i32) (result i32)
               (block $h (result i32 f64)
                 (try_table (catch $e $h) (call $throw (local.get 0)))
                 (return (i32.const 0)))
               (drop)))"#,
    )
    .unwrap();
    let throw_a = a.get_func(&mut store, "throw").unwrap();
    let throw_b = b.get_func(&mut store, "throw").unwrap();
    let with_a = Instance::new(&mut store, &catcher, &[Extern::Tag(ea), Extern::Func(throw_a)]).unwrap();
    let catches = with_a.get_typed_func::<i32, i32>(&mut store, "catches").unwrap();
    assert_eq!(catches.call(&mut store, 4).unwrap(), 4);
    // Same type, other instance's tag: not caught.
    let with_b = Instance::new(&mut store, &catcher, &[Extern::Tag(ea), Extern::Func(throw_b)]).unwrap();
    let catches = with_b.get_typed_func::<i32, i32>(&mut store, "catches").unwrap();
    assert!(catches.call(&mut store, 4).unwrap_err().is::<ThrownException>());
    store.take_pending_exception();

    let wrong = Tag::new(&mut store, &TagType::new(FuncType::new(&engine, [ValType::I32], []))).unwrap();
    let err = Instance::new(&mut store, &catcher, &[Extern::Tag(wrong), Extern::Func(throw_a)]).unwrap_err();
    assert!(format!("{err:#}").contains("incompatible import type"), "{err:#}");
    assert!(Tag::new(&mut store, &TagType::new(FuncType::new(&engine, [], [ValType::I32]))).is_err());
}

#[test]
fn a_throw_and_catch_loop_is_a_check_point() {
    // The handler is the loop header: without a check there, fuel would
    // never run out.
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(10_000).unwrap();
    let module = Module::new(
        &engine,
        r#"(module (tag $e)
             (func (export "spin") (loop $l (try_table (catch $e $l) (throw $e)))))"#,
    )
    .unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
}

#[test]
fn exceptions_can_be_switched_off() {
    let mut config = Config::new();
    config.wasm_exceptions(false);
    let engine = Engine::new(&config).unwrap();
    assert!(Module::new(&engine, THROWER).is_err());
    let legacy = r#"(module (tag $e) (func try throw $e catch $e end))"#;
    assert!(Module::new(&Engine::default(), legacy).is_err(), "legacy exceptions are off by default");
    let mut config = Config::new();
    config.wasm_legacy_exceptions(true);
    assert!(Module::new(&Engine::new(&config).unwrap(), legacy).is_ok());
}
