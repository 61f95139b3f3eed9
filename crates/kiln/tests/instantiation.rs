//! Instantiation follows the spec: import checking, segment order, partial
//! initialisation left visible, and distinct errors for each failure.

use kiln::{
    Engine, Extern, Func, Global, GlobalType, Instance, InstantiationError, Linker, Memory, MemoryType, Module,
    Mutability, Store, Trap, Val, ValType,
};

#[test]
fn link_error_names_the_import_and_both_types() {
    let engine = Engine::default();
    let module =
        Module::new(&engine, r#"(module (import "env" "f" (func (param i32))) (import "env" "g" (global i32)))"#)
            .unwrap();
    let mut store = Store::new(&engine, ());
    let wrong = Func::wrap(&mut store, |_: i64| {});
    let g = Global::new(&mut store, GlobalType::new(ValType::I32, Mutability::Const), Val::I32(1)).unwrap();
    let err = Instance::new(&mut store, &module, &[wrong.into(), g.into()]).unwrap_err();
    let Some(InstantiationError::Link(msg)) = err.downcast_ref::<InstantiationError>() else { panic!("{err:#}") };
    assert!(msg.contains("`env::f`"), "{msg}");
    assert!(msg.contains("expected (func (param i32))"), "{msg}");
    assert!(msg.contains("found (func (param i64))"), "{msg}");

    // A mutable global where an immutable one is expected.
    let ok = Func::wrap(&mut store, |_: i32| {});
    let mutable = Global::new(&mut store, GlobalType::new(ValType::I32, Mutability::Var), Val::I32(1)).unwrap();
    let err = Instance::new(&mut store, &module, &[ok.into(), mutable.into()]).unwrap_err();
    assert!(matches!(err.downcast_ref::<InstantiationError>(), Some(InstantiationError::Link(_))));
}

#[test]
fn missing_import_in_linker_is_a_link_error() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (import "env" "missing" (func)))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let err = Linker::new(&engine).instantiate(&mut store, &module).unwrap_err();
    assert!(matches!(err.downcast_ref::<InstantiationError>(), Some(InstantiationError::Link(_))));
    assert!(err.to_string().contains("env::missing"), "{err}");
}

#[test]
fn segment_trap_leaves_earlier_writes_and_functions_alive() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let memory = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let table =
        kiln::Table::new(&mut store, kiln::TableType::new(kiln::RefType::FUNCREF, 2, None), kiln::Ref::Func(None))
            .unwrap();
    let module = Module::new(
        &engine,
        r#"(module
             (import "" "mem" (memory 1))
             (import "" "tab" (table 2 funcref))
             (func $seven (result i32) (i32.const 7))
             (elem (i32.const 0) $seven)
             (data (i32.const 0) "ok")
             (data (i32.const 65535) "too long"))"#,
    )
    .unwrap();
    let err = Instance::new(&mut store, &module, &[memory.into(), table.into()]).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
    assert_eq!(
        err.downcast_ref::<InstantiationError>(),
        Some(&InstantiationError::SegmentTrap { kind: "data", index: 1 })
    );
    assert_eq!(&memory.data(&store)[..2], b"ok");
    // The element written before the trap refers to a function of the failed
    // instance, which stays callable.
    let seven = table.get(&mut store, 0).unwrap().as_func().copied().unwrap();
    assert_eq!(seven.typed::<(), i32>(&store).unwrap().call(&mut store, ()).unwrap(), 7);
}

#[test]
fn start_function_trap_is_reported_as_such() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (func $s unreachable) (start $s))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let err = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::UnreachableCodeReached));
    assert_eq!(err.downcast_ref::<InstantiationError>(), Some(&InstantiationError::Start));
}

#[test]
fn start_function_runs_before_instantiation_returns() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (global (export "g") (mut i32) (i32.const 0))
                   (func $s (global.set 0 (i32.const 9))) (start $s))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    assert_eq!(instance.get_global(&mut store, "g").unwrap().get(&mut store), Val::I32(9));
}

#[test]
fn impossible_memory_is_a_resource_error() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (table 100000000 funcref))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let err = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(matches!(err.downcast_ref::<InstantiationError>(), Some(InstantiationError::Resource(_))), "{err:#}");
    // Nothing is left half-made: the store still instantiates other modules.
    let ok = Module::new(&engine, r#"(module (func (export "f")))"#).unwrap();
    Instance::new(&mut store, &ok, &[]).unwrap();
}

#[test]
fn wrong_number_of_imports_is_a_link_error() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (import "a" "b" (func)))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let err = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(matches!(err.downcast_ref::<InstantiationError>(), Some(InstantiationError::Link(_))));
}

#[test]
fn objects_of_another_store_are_refused() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (import "" "f" (func)))"#).unwrap();
    let mut other = Store::new(&engine, ());
    let foreign = Func::wrap(&mut other, || {});
    let mut store = Store::new(&engine, ());
    let err = Instance::new(&mut store, &module, &[Extern::Func(foreign)]).unwrap_err();
    assert!(err.to_string().contains("wrong store"), "{err}");
}

#[test]
fn modules_of_another_engine_are_refused() {
    let module = Module::new(&Engine::default(), "(module)").unwrap();
    let mut store = Store::new(&Engine::default(), ());
    assert!(Instance::new(&mut store, &module, &[]).is_err());
}
