//! What the embedder controls cost, and what reset saves.
//!
//! - `checks/*`: the workloads of `kernels/controls.wat` with the default
//!   configuration (instruction counting, which is always on, and the kill
//!   switch) and with fuel and epoch interruption enabled on top. The cost
//!   of counting itself, against a build without it, is measured by
//!   `overhead/` (see the crate README).
//! - `reset/*`: restoring an instance after a call that dirtied a few pages,
//!   against creating a fresh store and instance, for memories from 1 MiB
//!   to 1 GiB.
//!
//! `cargo bench --manifest-path crates/kiln-bench/harness/Cargo.toml --bench controls`

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kiln::{Config, Engine, Instance, Module, Store};

const WORKLOADS: [(&str, i32); 3] = [("fib", 25), ("load_loop", 1_000_000), ("nested", 60_000)];

fn kernels() -> Vec<u8> {
    wat::parse_file(concat!(env!("CARGO_MANIFEST_DIR"), "/kernels/controls.wat")).expect("controls.wat parses")
}

fn checks(c: &mut Criterion) {
    let bytes = kernels();
    // (name, fuel, epoch interruption)
    let configs =
        [("default", false, false), ("fuel", true, false), ("epochs", false, true), ("fuel+epochs", true, true)];
    for (workload, arg) in WORKLOADS {
        let mut group = c.benchmark_group(format!("checks/{workload}"));
        for (name, fuel, epochs) in configs {
            let engine = Engine::new(Config::new().consume_fuel(fuel).epoch_interruption(epochs)).unwrap();
            let module = Module::from_binary(&engine, &bytes).unwrap();
            let mut store = Store::new(&engine, ());
            if fuel {
                store.set_fuel(u64::MAX / 2).unwrap();
            }
            store.set_epoch_deadline(u64::MAX / 2);
            let instance = Instance::new(&mut store, &module, &[]).unwrap();
            let f = instance.get_typed_func::<i32, i32>(&mut store, workload).unwrap();
            group.bench_function(BenchmarkId::from_parameter(name), |b| b.iter(|| f.call(&mut store, arg).unwrap()));
        }
        group.finish();
    }
}

/// A module with `pages` of memory, a data segment, a global and a function
/// that dirties four pages and the global.
fn dirtying_module(pages: u32) -> String {
    format!(
        r#"(module
          (memory {pages})
          (global $g (mut i32) (i32.const 7))
          (data (i32.const 0) "initial contents")
          (func (export "dirty")
            (i32.store (i32.const 0) (i32.const 1))
            (i32.store (i32.const 65536) (i32.const 2))
            (i32.store (i32.const 131072) (i32.const 3))
            (i32.store (i32.const 196608) (i32.const 4))
            (global.set $g (i32.const 8))))"#
    )
}

fn reset(c: &mut Criterion) {
    let engine = Engine::default();
    let mut group = c.benchmark_group("reset");
    for mib in [1u32, 64, 1024] {
        let module = Module::new(&engine, dirtying_module(mib * 16)).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let dirty = instance.get_typed_func::<(), ()>(&mut store, "dirty").unwrap();
        group.bench_function(BenchmarkId::new("call+reset", format!("{mib}MiB")), |b| {
            b.iter(|| {
                dirty.call(&mut store, ()).unwrap();
                instance.reset(&mut store).unwrap();
            })
        });
        group.bench_function(BenchmarkId::new("new store+instance+call", format!("{mib}MiB")), |b| {
            b.iter(|| {
                let mut store = Store::new(&engine, ());
                let instance = Instance::new(&mut store, &module, &[]).unwrap();
                instance.get_typed_func::<(), ()>(&mut store, "dirty").unwrap().call(&mut store, ()).unwrap();
            })
        });
    }
    group.finish();
}

criterion_group!(benches, checks, reset);
criterion_main!(benches);
