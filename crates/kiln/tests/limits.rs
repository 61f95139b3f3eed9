//! Implementation limits (the table in `docs/reliability.md`): each limit
//! accepts a module right at the limit and refuses one just past it with a
//! clear error, and the wasmparser limits Kiln documents are the ones in
//! force.

mod common;

use common::element_module;
use kiln::{Config, Engine, Instance, InstantiationError, Module, Store, Val};

/// Compiles `wat` with eager translation, expecting failure; the full
/// error chain as text.
fn compile_error(wat: &str) -> String {
    let mut config = Config::new();
    config.lazy_translation(false);
    match Module::new(&Engine::new(&config).unwrap(), wat) {
        Ok(_) => panic!("module compiled, but it exceeds a limit"),
        Err(e) => format!("{e:#}"),
    }
}

/// Compiles `wat` (translated lazily, the default), whose export `f` exceeds
/// a translation limit, and calls `f`, expecting failure; the error as text.
/// The store stays usable: export `ok` still runs, and `f` fails again the
/// same way.
fn first_call_error(wat: &str) -> String {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<(), ()>(&mut store, "f").unwrap();
    let ok = instance.get_typed_func::<(), i32>(&mut store, "ok").unwrap();
    let err = format!("{:#}", f.call(&mut store, ()).unwrap_err());
    assert_eq!(ok.call(&mut store, ()).unwrap(), 7);
    assert_eq!(format!("{:#}", f.call(&mut store, ()).unwrap_err()), err);
    err
}

/// `body` as export `f` beside a small export `ok`, calling `f` from wasm
/// too (`via_wasm`), so both the host's and a wasm caller's path translate.
fn with_ok(body: &str) -> String {
    format!(
        r#"(module (func $f (export "f") {body}) (func (export "via_wasm") call $f)
            (func (export "ok") (result i32) i32.const 7))"#
    )
}

/// Instantiates `wat` (which must compile), expecting a resource error; its text.
fn resource_error(wat: &str) -> String {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let err = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(matches!(err.downcast_ref::<InstantiationError>(), Some(InstantiationError::Resource(_))), "{err:#}");
    format!("{err:#}")
}

/// A function nesting `depth` blocks of type `$t` (1000 `i32` results) in
/// flat syntax. Each block's body is `unreachable`, so the function is valid
/// whatever the depth; the translator still models every open block.
fn nested_blocks(depth: usize) -> String {
    let results = "i32 ".repeat(1000);
    format!(
        "(module (type $t (func (result {results}))) (func {} {} unreachable))",
        "block (type $t) unreachable\n".repeat(depth),
        "end\n".repeat(depth)
    )
}

#[test]
fn nesting_depth_is_limited() {
    let mut eager = Config::new();
    eager.lazy_translation(false);
    Module::new(&Engine::new(&eager).unwrap(), nested_blocks(10_000)).unwrap();
    let err = compile_error(&nested_blocks(10_001));
    assert!(err.contains("control nesting exceeds the limit of 10000"), "{err}");
    assert!(err.contains("failed to compile function 0"), "{err}");
}

#[test]
fn lazily_translated_functions_fail_their_first_call() {
    let body = format!(
        "{}{}",
        "block
"
        .repeat(10_001),
        "end
"
        .repeat(10_001)
    );
    let err = first_call_error(&with_ok(&body));
    assert!(err.contains("failed to compile function 0"), "{err}");
    assert!(err.contains("control nesting exceeds the limit of 10000"), "{err}");
    // A wasm caller gets the same error, with the wasm frames that led there.
    let engine = Engine::default();
    let module = Module::new(&engine, with_ok(&body)).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let via_wasm = instance.get_typed_func::<(), ()>(&mut store, "via_wasm").unwrap();
    let err = format!("{:#}", via_wasm.call(&mut store, ()).unwrap_err());
    assert!(err.contains("failed to compile function 0"), "{err}");
    assert!(err.contains("control nesting exceeds the limit of 10000"), "{err}");
}

#[test]
fn nesting_counts_loops_and_ifs_too() {
    let body = format!("{}{}", "loop\ni32.const 1\nif\n".repeat(5_001), "end\nend\n".repeat(5_001));
    let err = compile_error(&format!("(module (func {body}))"));
    assert!(err.contains("control nesting exceeds the limit of 10000"), "{err}");
}

#[test]
fn element_items_are_limited_across_segments() {
    let engine = Engine::default();
    Module::from_binary(&engine, &element_module(&[5_000_000, 5_000_000])).unwrap();
    // Each segment is within wasmparser's per-segment limit; together they
    // exceed Kiln's module-wide one.
    let err = Module::from_binary(&engine, &element_module(&[5_000_000, 5_000_001])).unwrap_err();
    assert!(format!("{err:#}").contains("element segment items exceed the limit of 10000000"), "{err:#}");
}

#[test]
fn one_table_is_limited_to_ten_million_elements() {
    let engine = Engine::default();
    let module = Module::new(&engine, "(module (table (export \"t\") 10000000 funcref))").unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let table = instance.get_table(&mut store, "t").unwrap();
    assert_eq!(table.size(&store), 10_000_000);
    assert!(table.grow(&mut store, 1, kiln::Ref::Func(None)).is_err());
    assert_eq!(table.size(&store), 10_000_000);
    let err = resource_error("(module (table 10000001 funcref))");
    assert!(err.contains("initial table elements exceed the limit of 10000000"), "{err}");
}

#[test]
fn table_grow_past_the_limit_returns_minus_one() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (table 0 funcref)
             (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0)))
             (func (export "size") (result i32) (table.size)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    let size = instance.get_typed_func::<(), i32>(&mut store, "size").unwrap();
    assert_eq!(grow.call(&mut store, 10_000_001).unwrap(), -1);
    assert_eq!(size.call(&mut store, ()).unwrap(), 0);
}

#[test]
fn tables_of_one_instance_are_limited_together() {
    // Each table is within the per-table limit; together they would make
    // instantiation fill 12 million elements.
    let err = resource_error("(module (table 6000000 funcref) (table 6000000 funcref))");
    assert!(err.contains("initial table elements exceed the limit of 10000000"), "{err}");
    // Imported tables do not count: they exist already.
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let ty = kiln::TableType::new(kiln::RefType::FUNCREF, 6_000_000, None);
    let imported = kiln::Table::new(&mut store, ty, kiln::Ref::Func(None)).unwrap();
    let module =
        Module::new(&engine, "(module (import \"\" \"t\" (table 6000000 funcref)) (table 4000000 funcref))").unwrap();
    Instance::new(&mut store, &module, &[imported.into()]).unwrap();
}

#[test]
fn memory_is_limited_to_one_tebibyte() {
    // 2^40 bytes is 2^24 pages of 64 KiB.
    let err = resource_error("(module (memory i64 16777217))");
    assert!(err.contains("cannot allocate memory 0"), "{err}");
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "memory") i64 0)
             (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = instance.get_func(&mut store, "grow").unwrap();
    let mut result = [Val::I64(0)];
    grow.call(&mut store, &[Val::I64(16_777_217)], &mut result).unwrap();
    assert_eq!(result[0].unwrap_i64(), -1);
    assert_eq!(instance.get_memory(&mut store, "memory").unwrap().size(&store), 0);
}

#[test]
fn frame_slots_are_limited() {
    // 32 769 v128 locals need 65 538 slots (within wasmparser's 50 000
    // locals, beyond the 65 536 slots of a frame).
    let locals = "(local v128) ".repeat(32_769);
    let err = compile_error(&format!("(module (func {locals}))"));
    assert!(err.contains("function has too many locals"), "{err}");
    let err = first_call_error(&with_ok(&locals));
    assert!(err.contains("function has too many locals"), "{err}");
}

#[test]
fn wasmparser_limits_are_in_force() {
    let locals = compile_error(&format!("(module (func (local {})))", "i32 ".repeat(50_001)));
    assert!(locals.contains("too many locals"), "{locals}");
    let params = compile_error(&format!("(module (func (param {})))", "i32 ".repeat(1_001)));
    assert!(params.contains("function params size is out of bounds"), "{params}");
    let results = compile_error(&format!("(module (type (func (result {}))))", "i32 ".repeat(1_001)));
    assert!(results.contains("function returns size is out of bounds"), "{results}");
    let memories = compile_error(&format!("(module {})", "(memory 0) ".repeat(101)));
    assert!(memories.contains("memories count exceeds limit of 100"), "{memories}");
}
