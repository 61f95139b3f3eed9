//! Out-of-bounds accesses of memory 0 trap the same with bounds checks by
//! memory protection (`Config::signals_based_traps`, where a fault becomes
//! the trap) as with explicit checks: at every width and edge, after
//! growth and reset, in a host-called nested run, on several threads, and
//! with the memory defined by the host.

use kiln::{Caller, Config, Engine, Instance, Linker, Memory, MemoryType, Module, Store, Trap, TypedFunc};

const WAT: &str = r#"
(module
  (import "env" "nested" (func $nested (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "load128") (param i32) (result i64) (i64x2.extract_lane 1 (v128.load (local.get 0))))
  (func (export "load_far") (param i32) (result i32) (i32.load offset=4294967295 (local.get 0)))
  (func (export "store32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "store64") (param i32) (i64.store offset=8 (local.get 0) (i64.const -1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "outer") (param i32) (result i32)
    (i32.add (call $nested (local.get 0)) (i32.load (i32.const 0))))
)
"#;

/// Both ways of checking bounds (on a platform without signal-based traps,
/// both are the explicit checks).
fn engines() -> [Engine; 2] {
    [true, false].map(|guarded| {
        let mut config = Config::new();
        config.signals_based_traps(guarded);
        Engine::new(&config).unwrap()
    })
}

/// The instance, with `env.nested` calling export `load32` with its
/// argument and answering 100 whether that trapped or not.
fn instantiate(engine: &Engine) -> (Store<()>, Instance) {
    let module = Module::new(engine, WAT).unwrap();
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("env", "nested", |mut caller: Caller<'_, ()>, addr: i32| {
            let load = caller.get_export("load32").and_then(|e| e.into_func()).unwrap();
            let load: TypedFunc<i32, i32> = load.typed(&caller).unwrap();
            let trapped = load.call(&mut caller, addr).is_err();
            assert_eq!(trapped, addr as u32 > 65532, "nested load at {addr}");
            100
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

fn trap_of(err: anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>().unwrap_or_else(|| panic!("a trap, not {err:#}"))
}

fn func<P: kiln::WasmParams, R: kiln::WasmResults>(
    store: &mut Store<()>,
    instance: &Instance,
    name: &str,
) -> TypedFunc<P, R> {
    instance.get_typed_func(store, name).unwrap()
}

#[test]
fn every_width_traps_exactly_past_the_end() {
    for engine in engines() {
        let (mut store, instance) = instantiate(&engine);
        let load8 = func::<i32, i32>(&mut store, &instance, "load8");
        let load32 = func::<i32, i32>(&mut store, &instance, "load32");
        let load64 = func::<i32, i64>(&mut store, &instance, "load64");
        let load128 = func::<i32, i64>(&mut store, &instance, "load128");
        for (size, last_ok) in [(1, 65535), (4, 65532), (8, 65528), (16, 65520)] {
            let call = |store: &mut Store<()>, addr: i32| -> kiln::Result<i64> {
                match size {
                    1 => load8.call(store, addr).map(i64::from),
                    4 => load32.call(store, addr).map(i64::from),
                    8 => load64.call(store, addr),
                    _ => load128.call(store, addr),
                }
            };
            assert_eq!(call(&mut store, last_ok).unwrap(), 0, "{size}-byte load at {last_ok}");
            for addr in [last_ok + 1, 65536, 65536 * 4, i32::MAX, -1] {
                let err = call(&mut store, addr).unwrap_err();
                assert_eq!(trap_of(err), Trap::MemoryOutOfBounds, "{size}-byte load at {addr}");
            }
        }
        let far = func::<i32, i32>(&mut store, &instance, "load_far");
        for addr in [0, -1] {
            assert_eq!(trap_of(far.call(&mut store, addr).unwrap_err()), Trap::MemoryOutOfBounds);
        }
    }
}

#[test]
fn a_trapping_store_writes_nothing_and_the_store_stays_usable() {
    for engine in engines() {
        let (mut store, instance) = instantiate(&engine);
        let store32 = func::<(i32, i32), ()>(&mut store, &instance, "store32");
        let store64 = func::<i32, ()>(&mut store, &instance, "store64");
        let load32 = func::<i32, i32>(&mut store, &instance, "load32");
        assert_eq!(trap_of(store32.call(&mut store, (65533, 9)).unwrap_err()), Trap::MemoryOutOfBounds);
        assert_eq!(trap_of(store64.call(&mut store, 65521).unwrap_err()), Trap::MemoryOutOfBounds);
        store32.call(&mut store, (65532, 7)).unwrap();
        assert_eq!(load32.call(&mut store, 65532).unwrap(), 7);
        let memory = instance.get_memory(&mut store, "memory").unwrap();
        assert!(memory.data(&store)[65520..65532].iter().all(|&b| b == 0));
    }
}

#[test]
fn growth_and_reset_move_the_edge() {
    for engine in engines() {
        let (mut store, instance) = instantiate(&engine);
        let grow = func::<i32, i32>(&mut store, &instance, "grow");
        let store32 = func::<(i32, i32), ()>(&mut store, &instance, "store32");
        let load32 = func::<i32, i32>(&mut store, &instance, "load32");
        assert_eq!(grow.call(&mut store, 2).unwrap(), 1);
        store32.call(&mut store, (3 * 65536 - 4, 5)).unwrap();
        assert_eq!(load32.call(&mut store, 3 * 65536 - 4).unwrap(), 5);
        assert_eq!(trap_of(load32.call(&mut store, 3 * 65536 - 3).unwrap_err()), Trap::MemoryOutOfBounds);
        assert_eq!(grow.call(&mut store, 2).unwrap(), -1, "beyond the maximum");

        instance.reset(&mut store).unwrap();
        assert_eq!(trap_of(load32.call(&mut store, 65536).unwrap_err()), Trap::MemoryOutOfBounds);
        assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
        assert_eq!(load32.call(&mut store, 2 * 65536 - 4).unwrap(), 0, "grown again, zeroed");
    }
}

#[test]
fn a_nested_run_traps_alone() {
    for engine in engines() {
        let (mut store, instance) = instantiate(&engine);
        let store32 = func::<(i32, i32), ()>(&mut store, &instance, "store32");
        let outer = func::<i32, i32>(&mut store, &instance, "outer");
        store32.call(&mut store, (0, 20)).unwrap();
        assert_eq!(outer.call(&mut store, 65533).unwrap(), 120, "the inner run trapped, the outer one goes on");
        assert_eq!(outer.call(&mut store, 0).unwrap(), 120);
    }
}

#[test]
fn threads_trap_independently() {
    for engine in engines() {
        let workers: Vec<_> = (0..4)
            .map(|i| {
                let engine = engine.clone();
                std::thread::spawn(move || {
                    let (mut store, instance) = instantiate(&engine);
                    let load32 = func::<i32, i32>(&mut store, &instance, "load32");
                    for n in 0..200 {
                        let addr = 65533 + (i + n) % 3;
                        assert_eq!(trap_of(load32.call(&mut store, addr).unwrap_err()), Trap::MemoryOutOfBounds);
                        assert_eq!(load32.call(&mut store, 65532).unwrap(), 0);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
    }
}

#[test]
fn a_host_defined_memory_is_guarded_too() {
    let wat = r#"(module (import "env" "memory" (memory 2))
        (func (export "load32") (param i32) (result i32) (i32.load (local.get 0))))"#;
    for engine in engines() {
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        let memory = Memory::new(&mut store, MemoryType::new(2, None)).unwrap();
        memory.data_mut(&mut store)[2 * 65536 - 1] = 1;
        let mut linker = Linker::new(&engine);
        linker.define(&store, "env", "memory", memory).unwrap();
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let load32 = func::<i32, i32>(&mut store, &instance, "load32");
        assert_eq!(load32.call(&mut store, 2 * 65536 - 4).unwrap(), 1 << 24);
        assert_eq!(trap_of(load32.call(&mut store, 2 * 65536 - 3).unwrap_err()), Trap::MemoryOutOfBounds);
    }
}
