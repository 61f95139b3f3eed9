//! Single operations on Kiln, wasmi and Wasmtime (Cranelift and Pulley), side
//! by side: module translation throughput on real programs, instantiation,
//! calls across the host boundary in both directions, and three small
//! kernels (recursive calls, a memory-bound loop, indirect calls).
//!
//! `cargo bench --manifest-path crates/kiln-bench/harness/Cargo.toml --bench micro`
//!
//! Every engine runs in its default configuration; for translation Kiln and
//! wasmi also run with eager translation (`kiln-eager`, `wasmi-eager`),
//! since by default both only validate a module and translate each function
//! on its first call, and Kiln also eagerly on one thread (`kiln-eager-1t`),
//! as wasmi always compiles.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kiln_bench_harness::engine::EngineKind;
use kiln_bench_harness::micro::{self, MicroEngine};
use kiln_bench_harness::suite::default_dir;

/// The programs whose translation is timed: folder and file in the
/// Sightglass benchmarks.
const TRANSLATED: [(&str, &str); 2] = [("sqlite3", "sqlite3.wasm"), ("regex", "benchmark.wasm")];

fn engines() -> Vec<Box<dyn MicroEngine>> {
    EngineKind::ALL.into_iter().map(|kind| micro::engine(kind).expect("engine configuration")).collect()
}

fn kernels() -> Vec<u8> {
    wat::parse_file(concat!(env!("CARGO_MANIFEST_DIR"), "/kernels/micro.wat")).expect("micro.wat parses")
}

fn translate(c: &mut Criterion) {
    let mut engines = engines();
    engines.insert(1, micro::kiln_eager(false).expect("engine configuration"));
    engines.insert(2, micro::kiln_eager(true).expect("engine configuration"));
    engines.insert(4, micro::wasmi_eager());
    let dir = default_dir();
    let mut group = c.benchmark_group("translate");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    for (folder, file) in TRANSLATED {
        let path = dir.join(folder).join(file);
        let Ok(wasm) = std::fs::read(&path) else {
            eprintln!("translate/{folder}: {} not found (set KILN_SIGHTGLASS): NOT measured", path.display());
            continue;
        };
        group.throughput(Throughput::BytesDecimal(wasm.len() as u64));
        for engine in &engines {
            engine.compile(&wasm).expect("the program compiles");
            group.bench_function(BenchmarkId::new(engine.name(), folder), |b| b.iter(|| engine.compile(&wasm)));
        }
    }
    group.finish();
}

/// A module with 1 MiB of memory filled by 16 active data segments of 64 KiB.
fn data_module() -> Vec<u8> {
    let segment: String = (0..65536u32).map(|i| char::from(b'a' + (i * 31 % 26) as u8)).collect();
    let data: String = (0..16).map(|i| format!("(data (i32.const {}) \"{segment}\")", i * 65536)).collect();
    wat::parse_str(format!("(module (memory 16) {data})")).expect("data module parses")
}

fn instantiate(c: &mut Criterion) {
    let mut group = c.benchmark_group("instantiate");
    let modules = [("empty", wat::parse_str("(module)").expect("empty module")), ("data-1MiB", data_module())];
    for (name, wasm) in &modules {
        for engine in engines() {
            let mut instantiate = engine.instantiator(wasm).expect("the module compiles");
            group.bench_function(BenchmarkId::new(engine.name(), name), |b| b.iter(&mut instantiate));
        }
    }
    group.finish();
}

/// Times `export(arg)` on every engine (`samples` criterion samples), after
/// checking that all return the same result.
fn kernel(
    c: &mut Criterion,
    group_name: &str,
    (export, arg): (&str, i32),
    throughput: Option<Throughput>,
    samples: usize,
) {
    let wasm = kernels();
    let mut calls: Vec<_> = engines()
        .into_iter()
        .map(|engine| (engine.name().to_owned(), engine.function(&wasm, export).expect("the kernels instantiate")))
        .collect();
    let results: Vec<i32> = calls.iter_mut().map(|(_, call)| call(arg).expect("the kernel runs")).collect();
    assert!(results.windows(2).all(|w| w[0] == w[1]), "{export}({arg}): engines disagree: {results:?}");
    let mut group = c.benchmark_group(group_name);
    if let Some(throughput) = throughput {
        group.throughput(throughput);
    }
    group.sample_size(samples);
    for (name, call) in &mut calls {
        group.bench_function(BenchmarkId::new(name.as_str(), arg), |b| b.iter(|| call(arg)));
    }
    group.finish();
}

fn calls(c: &mut Criterion) {
    kernel(c, "call/host-to-wasm", ("identity", 7), None, 100);
    kernel(c, "call/wasm-to-host", ("call_host", 1000), Some(Throughput::Elements(1000)), 100);
}

fn kernels_bench(c: &mut Criterion) {
    kernel(c, "fib", ("fib", 30), None, 10);
    kernel(c, "memory_loop", ("memory_loop", 4), Some(Throughput::Bytes(4 << 20)), 10);
    kernel(c, "indirect_loop", ("indirect_loop", 1_000_000), Some(Throughput::Elements(1_000_000)), 10);
}

criterion_group!(benches, translate, instantiate, calls, kernels_bench);
criterion_main!(benches);
