//! Memories, tables, globals and extern references through the API.

use kiln::{
    Engine, ExternRef, Func, Global, GlobalType, Instance, MemoryType, Module, Mutability, Ref, RefType, Store, Table,
    TableType, Val, ValType,
};

#[test]
fn memory_read_write_grow() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1 3)
                   (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
                   (func (export "size") (result i32) (memory.size)))"#,
    )
    .unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let memory = instance.get_memory(&mut store, "m").unwrap();
    assert_eq!(memory.size(&store), 1);
    assert_eq!(memory.data_size(&store), 65536);
    memory.write(&mut store, 100, &[1, 2, 3]).unwrap();
    let mut buf = [0u8; 3];
    memory.read(&store, 100, &mut buf).unwrap();
    assert_eq!(buf, [1, 2, 3]);
    assert!(memory.write(&mut store, 65535, &[1, 2]).is_err());
    assert!(memory.read(&store, usize::MAX, &mut buf).is_err());

    let load = instance.get_typed_func::<i32, i32>(&mut store, "load").unwrap();
    assert_eq!(load.call(&mut store, 101).unwrap(), 2);

    assert_eq!(memory.grow(&mut store, 1).unwrap(), 1);
    memory.data_mut(&mut store)[70000] = 9;
    assert_eq!(load.call(&mut store, 70000).unwrap(), 9, "wasm sees growth done by the host");
    assert_eq!(instance.get_typed_func::<(), i32>(&mut store, "size").unwrap().call(&mut store, ()).unwrap(), 2);
    assert!(memory.grow(&mut store, 2).is_err(), "beyond the maximum");
    assert_eq!(memory.ty(&store), MemoryType::new(2, Some(3)));
}

#[test]
fn wasm_growth_is_seen_by_the_host() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 0)
                   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    )
    .unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 2).unwrap(), 0);
    assert_eq!(grow.call(&mut store, 70000).unwrap(), -1);
    assert_eq!(instance.get_memory(&mut store, "m").unwrap().size(&store), 2);
}

#[test]
fn table_get_set_grow_fill_copy() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let f = Func::wrap(&mut store, || 3i32);
    let table = Table::new(&mut store, TableType::new(RefType::FUNCREF, 2, Some(10)), Ref::Func(None)).unwrap();
    assert_eq!(table.size(&store), 2);
    table.set(&mut store, 1, Ref::Func(Some(f))).unwrap();
    assert_eq!(table.get(&mut store, 1), Some(Ref::Func(Some(f))));
    assert_eq!(table.get(&mut store, 2), None);
    assert!(table.set(&mut store, 2, Ref::Func(None)).is_err());
    assert!(table.set(&mut store, 0, Ref::Extern(None)).is_err(), "wrong reference type");
    assert_eq!(table.grow(&mut store, 3, Ref::Func(Some(f))).unwrap(), 2);
    assert_eq!(table.get(&mut store, 4), Some(Ref::Func(Some(f))));
    table.fill(&mut store, 0, Ref::Func(None), 5).unwrap();
    assert_eq!(table.get(&mut store, 4), Some(Ref::Func(None)));
    table.set(&mut store, 0, f.into()).unwrap();
    Table::copy(&mut store, &table, 3, &table, 0, 2).unwrap();
    assert_eq!(table.get(&mut store, 3), Some(Ref::Func(Some(f))));
    assert!(Table::copy(&mut store, &table, 4, &table, 0, 2).is_err());
    assert!(table.grow(&mut store, 100, Ref::Func(None)).is_err());

    // Wasm calls through a table filled by the host.
    let module = Module::new(
        &engine,
        r#"(module (import "" "t" (table 1 funcref)) (type $t (func (result i32)))
                   (func (export "call") (param i32) (result i32) (call_indirect (type $t) (local.get 0))))"#,
    )
    .unwrap();
    let instance = Instance::new(&mut store, &module, &[table.into()]).unwrap();
    let call = instance.get_typed_func::<i32, i32>(&mut store, "call").unwrap();
    assert_eq!(call.call(&mut store, 3).unwrap(), 3);
}

#[test]
fn globals_get_set_and_mutability() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let g = Global::new(&mut store, GlobalType::new(ValType::I64, Mutability::Var), Val::I64(5)).unwrap();
    g.set(&mut store, Val::I64(-6)).unwrap();
    assert_eq!(g.get(&mut store), Val::I64(-6));
    assert!(g.set(&mut store, Val::I32(1)).is_err());
    let c = Global::new(&mut store, GlobalType::new(ValType::F32, Mutability::Const), Val::F32(7)).unwrap();
    assert!(c.set(&mut store, Val::F32(1)).is_err());
    assert!(Global::new(&mut store, GlobalType::new(ValType::I32, Mutability::Const), Val::I64(0)).is_err());

    let module = Module::new(
        &engine,
        r#"(module (import "" "g" (global $g (mut i64)))
                   (func (export "inc") (global.set $g (i64.add (global.get $g) (i64.const 1)))))"#,
    )
    .unwrap();
    let instance = Instance::new(&mut store, &module, &[g.into()]).unwrap();
    instance.get_func(&mut store, "inc").unwrap().call(&mut store, &[], &mut []).unwrap();
    assert_eq!(g.get(&mut store), Val::I64(-5));
}

#[test]
fn externref_round_trips_through_wasm() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module (table $t 4 externref)
                   (func (export "put") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
                   (func (export "get") (param i32) (result externref) (table.get $t (local.get 0)))
                   (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0))))"#,
    )
    .unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let hello = ExternRef::new(&mut store, String::from("hello")).unwrap();
    let put = instance.get_typed_func::<(i32, Option<ExternRef>), ()>(&mut store, "put").unwrap();
    let get = instance.get_typed_func::<i32, Option<ExternRef>>(&mut store, "get").unwrap();
    let is_null = instance.get_typed_func::<Option<ExternRef>, i32>(&mut store, "is_null").unwrap();
    put.call(&mut store, (2, Some(hello))).unwrap();
    let back = get.call(&mut store, 2).unwrap().unwrap();
    let data = back.data(&store).unwrap().unwrap();
    assert_eq!(data.downcast_ref::<String>().map(String::as_str), Some("hello"));
    assert_eq!(get.call(&mut store, 0).unwrap(), None);
    assert_eq!(is_null.call(&mut store, None).unwrap(), 1);
    assert_eq!(is_null.call(&mut store, Some(hello)).unwrap(), 0);
}

#[test]
fn module_reports_imports_and_exports() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "f" (func (param i32) (result i64)))
                   (memory (export "mem") 1 2)
                   (global (export "g") (mut f32) (f32.const 0))
                   (func (export "h")))"#,
    )
    .unwrap();
    let imports: Vec<_> =
        module.imports().map(|i| (i.module().to_owned(), i.name().to_owned(), i.ty().to_string())).collect();
    assert_eq!(imports, [("env".into(), "f".into(), "(func (param i32) (result i64))".into())]);
    let exports: Vec<_> = module.exports().map(|e| (e.name().to_owned(), e.ty().to_string())).collect();
    assert_eq!(
        exports,
        [
            ("mem".into(), "(memory 1 2)".into()),
            ("g".into(), "(global (mut f32))".into()),
            ("h".into(), "(func)".into())
        ]
    );
    assert!(Module::validate(&engine, &wat::parse_str("(module (func (result i32)))").unwrap()).is_err());
    assert!(Module::new(&engine, b"\0asm\x01\0\0").is_err());
}
