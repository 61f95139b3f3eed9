//! Typed function references through the public API: concrete and
//! non-nullable reference types in module descriptions, values checked
//! against them at every host boundary, `call_ref` / `return_call_ref`
//! reaching host functions, null references trapping, tables with
//! initialiser expressions.

use kiln::{
    Engine, ExternType, Func, FuncType, HeapType, Linker, Module, Ref, RefType, Store, Table, TableType, Trap, Val,
    ValType,
};

const MODULE: &str = r#"(module
  (type $unary (func (param i32) (result i32)))
  (import "host" "double" (func $double (type $unary)))
  (func $inc (type $unary) (i32.add (local.get 0) (i32.const 1)))
  (elem declare func $inc $double)
  (table (export "table") 2 (ref $unary) (ref.func $inc))
  (global (export "inc") (ref $unary) (ref.func $inc))
  (func (export "apply") (param $f (ref null $unary)) (param $x i32) (result i32)
    (call_ref $unary (local.get $x) (local.get $f)))
  (func (export "apply_non_null") (param $f (ref $unary)) (param $x i32) (result i32)
    (call_ref $unary (local.get $x) (local.get $f)))
  (func (export "apply_tail") (param $f (ref null $unary)) (param $x i32) (result i32)
    (return_call_ref $unary (local.get $x) (local.get $f)))
  (func (export "double_ref") (result (ref $unary)) (ref.func $double))
  (func (export "non_null") (param (ref null $unary)) (result (ref $unary))
    (ref.as_non_null (local.get 0)))
  (func (export "or_inc") (param (ref null $unary)) (result (ref $unary))
    (block $null
      (br_on_null $null (local.get 0))
      (return))
    (ref.func $inc)))"#;

fn setup() -> (Store<()>, kiln::Instance, FuncType) {
    let engine = Engine::default();
    let module = Module::new(&engine, MODULE).unwrap();
    let unary = FuncType::new(&engine, [ValType::I32], [ValType::I32]);
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "double", |x: i32| x * 2).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance, unary)
}

fn concrete(nullable: bool, ty: &FuncType) -> ValType {
    ValType::Ref(RefType::new(nullable, HeapType::ConcreteFunc(ty.clone())))
}

#[test]
fn module_descriptions_carry_concrete_reference_types() {
    let (store, _, unary) = setup();
    let module = Module::new(store.engine(), MODULE).unwrap();
    let ExternType::Func(apply) = module.get_export("apply").unwrap() else { panic!("not a function") };
    assert_eq!(apply.param(0), Some(concrete(true, &unary)));
    let ExternType::Global(global) = module.get_export("inc").unwrap() else { panic!("not a global") };
    assert_eq!(global.content(), &concrete(false, &unary));
    let ExternType::Table(table) = module.get_export("table").unwrap() else { panic!("not a table") };
    assert_eq!(table.element(), &RefType::new(false, HeapType::ConcreteFunc(unary)));
}

#[test]
fn call_ref_reaches_wasm_and_host_functions() {
    let (mut store, instance, _) = setup();
    let apply = instance.get_func(&mut store, "apply").unwrap();
    let apply_tail = instance.get_func(&mut store, "apply_tail").unwrap();
    let double = instance.get_typed_func::<(), Option<Func>>(&mut store, "double_ref").unwrap();
    let double = double.call(&mut store, ()).unwrap();
    let inc = instance.get_global(&mut store, "inc").unwrap().get(&mut store);
    let mut out = [Val::I32(0)];
    for f in [&apply, &apply_tail] {
        f.call(&mut store, &[inc.clone(), Val::I32(41)], &mut out).unwrap();
        assert_eq!(out[0].unwrap_i32(), 42);
        f.call(&mut store, &[Val::FuncRef(double), Val::I32(21)], &mut out).unwrap();
        assert_eq!(out[0].unwrap_i32(), 42);
        let err = f.call(&mut store, &[Val::FuncRef(None), Val::I32(1)], &mut out).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::NullReference));
    }
}

#[test]
fn values_are_checked_against_concrete_types_at_the_boundary() {
    let (mut store, instance, unary) = setup();
    let apply = instance.get_func(&mut store, "apply").unwrap();
    let mut out = [Val::I32(0)];
    // A function of another type does not fit `(ref null $unary)`.
    let nullary = Func::wrap(&mut store, || {});
    let err = apply.call(&mut store, &[Val::FuncRef(Some(nullary)), Val::I32(1)], &mut out).unwrap_err();
    assert!(err.to_string().contains("type mismatch"), "{err:#}");
    // Null does not fit a non-nullable global, table or host result.
    let global = instance.get_global(&mut store, "inc").unwrap();
    assert!(global.set(&mut store, Val::FuncRef(None)).is_err());
    let table = instance.get_table(&mut store, "table").unwrap();
    assert!(table.set(&mut store, 0, Ref::Func(None)).is_err());
    assert!(table.grow(&mut store, 1, Ref::Func(None)).is_err());
    assert!(table.set(&mut store, 0, Ref::Func(Some(nullary))).is_err());
    let non_null = TableType::new(RefType::new(false, HeapType::ConcreteFunc(unary.clone())), 1, None);
    assert!(Table::new(&mut store, non_null, Ref::Func(None)).is_err());
    let returns_non_null = FuncType::new(store.engine(), [], [concrete(false, &unary)]);
    let bad_host = Func::new(&mut store, returns_non_null, |_, _, results| {
        results[0] = Val::FuncRef(None);
        Ok(())
    });
    let err = bad_host.call(&mut store, &[], &mut out).unwrap_err();
    assert!(format!("{err:#}").contains("type mismatch"), "{err:#}");
}

#[test]
fn tables_start_from_their_initialiser_and_null_checks_trap() {
    let (mut store, instance, _) = setup();
    let table = instance.get_table(&mut store, "table").unwrap();
    let mut result = [Val::I32(0)];
    table.call(&mut store, 1, &[Val::I32(9)], &mut result).unwrap();
    assert_eq!(result[0].unwrap_i32(), 10, "every slot starts as `$inc`");
    let or_inc = instance.get_func(&mut store, "or_inc").unwrap();
    let mut out = [Val::FuncRef(None)];
    or_inc.call(&mut store, &[Val::FuncRef(None)], &mut out).unwrap();
    let Val::FuncRef(Some(inc)) = out[0] else { panic!("expected a function") };
    assert_eq!(inc.typed::<i32, i32>(&store).unwrap().call(&mut store, 1).unwrap(), 2);
    let non_null = instance.get_func(&mut store, "non_null").unwrap();
    let err = non_null.call(&mut store, &[Val::FuncRef(None)], &mut out).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::NullReference));
}

#[test]
fn typed_calls_check_concrete_reference_arguments() {
    let (mut store, instance, _) = setup();
    let Val::FuncRef(Some(inc)) = instance.get_global(&mut store, "inc").unwrap().get(&mut store) else {
        panic!("`inc` holds a function")
    };
    let nullary = Func::wrap(&mut store, || {});
    // `Option<Func>` stands for `(ref null $unary)`, checked at each call.
    let apply = instance.get_typed_func::<(Option<Func>, i32), i32>(&mut store, "apply").unwrap();
    assert_eq!(apply.call(&mut store, (Some(inc), 1)).unwrap(), 2);
    let err = apply.call(&mut store, (Some(nullary), 1)).unwrap_err();
    assert!(err.to_string().contains("type mismatch: argument 0"), "{err:#}");
    let err = apply.call(&mut store, (None, 1)).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::NullReference));
    // A non-nullable parameter takes `Func`, never `Option<Func>`.
    assert!(instance.get_typed_func::<(Option<Func>, i32), i32>(&mut store, "apply_non_null").is_err());
    let apply = instance.get_typed_func::<(Func, i32), i32>(&mut store, "apply_non_null").unwrap();
    assert_eq!(apply.call(&mut store, (inc, 5)).unwrap(), 6);
    assert!(apply.call(&mut store, (nullary, 5)).is_err());
}

/// `br_on_null` and `br_on_non_null` carrying other values, on locals,
/// temporaries and constants, to blocks and to the function's end.
#[test]
fn null_branches_carry_values() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (type $t (func (result i32)))
             (func $seven (type $t) (i32.const 7))
             (elem declare func $seven)
             (func $pick (param i32) (result (ref null $t))
               (select (result (ref null $t)) (ref.func $seven) (ref.null $t) (local.get 0)))
             ;; 100 + the call's result, or 1 if null.
             (func (export "on_null") (param i32) (result i32)
               (local $r (ref null $t))
               (local.set $r (call $pick (local.get 0)))
               (block $null (result i32)
                 (i32.const 1)
                 (br_on_null $null (local.get $r))
                 (call_ref $t)
                 (i32.add (i32.const 100))
                 (i32.add)
                 (return (i32.sub (i32.const 1)))))
             ;; The callee's result, or -1 if null (a temporary reference).
             (func (export "on_non_null") (param i32) (result i32)
               (block $some (result i32 (ref $t))
                 (i32.const 0)
                 (br_on_non_null $some (call $pick (local.get 0)))
                 (return (i32.const -1)))
               (call_ref $t)
               (i32.add))
             ;; A constant null never branches; a function-level branch returns.
             (func (export "const_null") (result i32)
               (block $b (result (ref $t))
                 (br_on_non_null $b (ref.null $t))
                 (return (i32.const 5)))
               (drop)
               (i32.const 6))
             (func (export "to_end") (param i32) (result (ref null $t))
               (br_on_non_null 0 (call $pick (local.get 0)))
               (ref.null $t)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let on_null = instance.get_typed_func::<i32, i32>(&mut store, "on_null").unwrap();
    assert_eq!(on_null.call(&mut store, 1).unwrap(), 107);
    assert_eq!(on_null.call(&mut store, 0).unwrap(), 1);
    let on_non_null = instance.get_typed_func::<i32, i32>(&mut store, "on_non_null").unwrap();
    assert_eq!(on_non_null.call(&mut store, 1).unwrap(), 7);
    assert_eq!(on_non_null.call(&mut store, 0).unwrap(), -1);
    let const_null = instance.get_typed_func::<(), i32>(&mut store, "const_null").unwrap();
    assert_eq!(const_null.call(&mut store, ()).unwrap(), 5);
    let to_end = instance.get_typed_func::<i32, Option<Func>>(&mut store, "to_end").unwrap();
    assert!(to_end.call(&mut store, 1).unwrap().is_some());
    assert!(to_end.call(&mut store, 0).unwrap().is_none());
}
