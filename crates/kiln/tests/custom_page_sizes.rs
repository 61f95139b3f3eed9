//! The custom-page-sizes proposal (`Config::wasm_custom_page_sizes`) through
//! the public API: memory types with 1-byte pages, `Memory::size`/`grow` in
//! those pages, import matching on the page size, data segment bounds, and
//! resource limiters that see bytes.

use kiln::{
    Config, Engine, Instance, Linker, Memory, MemoryType, MemoryTypeBuilder, Module, ResourceLimiter, Store,
    StoreLimitsBuilder,
};

fn engine() -> Engine {
    let mut config = Config::new();
    config.wasm_custom_page_sizes(true);
    Engine::new(&config).unwrap()
}

fn byte_pages(min: u64, max: Option<u64>) -> MemoryType {
    MemoryTypeBuilder::new().page_size_log2(0).min(min).max(max).build().unwrap()
}

#[test]
fn off_by_default() {
    let err = Module::new(&Engine::default(), "(module (memory 1 (pagesize 1)))").unwrap_err();
    assert!(format!("{err:#}").contains("custom page sizes proposal must be enabled"), "{err:#}");
}

#[test]
fn host_memory_counts_one_byte_pages() {
    let mut store = Store::new(&engine(), ());
    let memory = Memory::new(&mut store, byte_pages(10, Some(20))).unwrap();
    assert_eq!((memory.size(&store), memory.data_size(&store)), (10, 10));
    assert_eq!(memory.grow(&mut store, 5).unwrap(), 10);
    assert_eq!((memory.size(&store), memory.data_size(&store)), (15, 15));
    assert!(memory.grow(&mut store, 6).is_err());
    let ty = memory.ty(&store);
    assert_eq!((ty.page_size(), ty.page_size_log2(), ty.minimum(), ty.maximum()), (1, 0, 15, Some(20)));
}

#[test]
fn wasm_and_host_agree_on_an_exported_memory() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
             (memory (export "m") 3 (pagesize 1))
             (func (export "size") (result i32) (memory.size))
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let memory = instance.get_memory(&mut store, "m").unwrap();
    assert_eq!(memory.ty(&store).page_size(), 1);
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    let size = instance.get_typed_func::<(), i32>(&mut store, "size").unwrap();
    assert_eq!(grow.call(&mut store, 4).unwrap(), 3);
    assert_eq!(memory.size(&store), 7);
    memory.grow(&mut store, 2).unwrap();
    assert_eq!(size.call(&mut store, ()).unwrap(), 9);
    assert_eq!(memory.data_size(&store), 9);
}

#[test]
fn imports_match_only_the_same_page_size() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let small = Memory::new(&mut store, byte_pages(70_000, None)).unwrap();
    let large = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "small", small).unwrap();
    linker.define(&store, "env", "large", large).unwrap();
    let import = |name: &str, pagesize: u32| {
        let wat = format!(r#"(module (import "env" "{name}" (memory 1 (pagesize {pagesize}))))"#);
        Module::new(&engine, wat).unwrap()
    };
    assert!(linker.instantiate(&mut store, &import("small", 1)).is_ok());
    assert!(linker.instantiate(&mut store, &import("large", 65536)).is_ok());
    for (name, pagesize) in [("small", 65536), ("large", 1)] {
        let err = linker.instantiate(&mut store, &import(name, pagesize)).unwrap_err();
        assert!(format!("{err:#}").contains("pagesize"), "{name}: {err:#}");
    }
}

#[test]
fn data_segments_are_checked_in_bytes() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let wat = |data: &str| format!(r#"(module (memory 4 (pagesize 1)) (data (i32.const 1) "{data}"))"#);
    let fits = Module::new(&engine, wat("abc")).unwrap();
    assert!(Instance::new(&mut store, &fits, &[]).is_ok());
    let past = Module::new(&engine, wat("abcd")).unwrap();
    let err = Instance::new(&mut store, &past, &[]).unwrap_err();
    assert!(format!("{err:#}").contains("out of bounds"), "{err:#}");
}

#[test]
fn memory64_with_one_byte_pages() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
             (memory i64 5 (pagesize 1))
             (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
             (func (export "store") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
             (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = instance.get_typed_func::<i64, i64>(&mut store, "grow").unwrap();
    let store8 = instance.get_typed_func::<(i64, i32), ()>(&mut store, "store").unwrap();
    let load = instance.get_typed_func::<i64, i32>(&mut store, "load").unwrap();
    assert!(store8.call(&mut store, (5, 1)).is_err());
    assert_eq!(grow.call(&mut store, 1).unwrap(), 5);
    store8.call(&mut store, (5, 42)).unwrap();
    assert_eq!(load.call(&mut store, 5).unwrap(), 42);
    assert!(load.call(&mut store, 6).is_err());
}

/// A memory growth a limiter was asked about: current, desired and maximum bytes.
type Growth = (usize, usize, Option<usize>);

/// Records what it is asked, allowing everything.
struct Recorder(Vec<Growth>);

impl ResourceLimiter for Recorder {
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> kiln::Result<bool> {
        self.0.push((current, desired, maximum));
        Ok(true)
    }

    fn table_growing(&mut self, _: usize, _: usize, _: Option<usize>) -> kiln::Result<bool> {
        Ok(true)
    }
}

#[test]
fn limiters_see_bytes() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
             (memory (export "m") 10 100 (pagesize 1))
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, Recorder(Vec::new()));
    store.limiter(|recorder| recorder);
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 3).unwrap(), 10);
    let memory = instance.get_memory(&mut store, "m").unwrap();
    assert_eq!(memory.grow(&mut store, 7).unwrap(), 13);
    assert_eq!(store.data().0, [(0, 10, Some(100)), (10, 13, Some(100)), (13, 20, Some(100))]);

    // A byte limit applies to byte-sized pages exactly.
    let mut store = Store::new(&engine, StoreLimitsBuilder::new().memory_size(12).build());
    store.limiter(|limits| limits);
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 3).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 2).unwrap(), 10);
}
