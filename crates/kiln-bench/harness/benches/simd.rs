//! SIMD kernels (byte checksum, f32 dot product), each also written with
//! scalar instructions, run on Kiln and on wasmi in the same process.
//!
//! `cargo bench --manifest-path crates/kiln-bench/harness/Cargo.toml --bench simd`

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// Bytes each kernel processes per call.
const LEN: i32 = 128 * 1024;

fn kernels() -> Vec<u8> {
    wat::parse_file(concat!(env!("CARGO_MANIFEST_DIR"), "/kernels/simd.wat")).expect("kernels.wat parses")
}

/// Runs `kernel` on Kiln; returns a closure that calls it once.
fn kiln_kernel(bytes: &[u8], kernel: &'static str) -> Box<dyn FnMut() -> u64> {
    let engine = kiln::Engine::default();
    let module = kiln::Module::from_binary(&engine, bytes).unwrap();
    let mut store = kiln::Store::new(&engine, ());
    let instance = kiln::Instance::new(&mut store, &module, &[]).unwrap();
    instance.get_typed_func::<i32, ()>(&mut store, "fill").unwrap().call(&mut store, LEN).unwrap();
    if kernel.starts_with("dot") {
        let f = instance.get_typed_func::<i32, f32>(&mut store, kernel).unwrap();
        Box::new(move || u64::from(f.call(&mut store, LEN).unwrap().to_bits()))
    } else {
        let f = instance.get_typed_func::<i32, i32>(&mut store, kernel).unwrap();
        Box::new(move || f.call(&mut store, LEN).unwrap() as u64)
    }
}

/// Runs `kernel` on wasmi; returns a closure that calls it once.
fn wasmi_kernel(bytes: &[u8], kernel: &'static str) -> Box<dyn FnMut() -> u64> {
    let engine = wasmi::Engine::default();
    let module = wasmi::Module::new(&engine, bytes).unwrap();
    let mut store = wasmi::Store::new(&engine, ());
    let instance = wasmi::Linker::<()>::new(&engine).instantiate_and_start(&mut store, &module).unwrap();
    instance.get_typed_func::<i32, ()>(&store, "fill").unwrap().call(&mut store, LEN).unwrap();
    if kernel.starts_with("dot") {
        let f = instance.get_typed_func::<i32, f32>(&store, kernel).unwrap();
        Box::new(move || u64::from(f.call(&mut store, LEN).unwrap().to_bits()))
    } else {
        let f = instance.get_typed_func::<i32, i32>(&store, kernel).unwrap();
        Box::new(move || f.call(&mut store, LEN).unwrap() as u64)
    }
}

fn simd(c: &mut Criterion) {
    let bytes = kernels();
    for kernel in ["checksum_simd", "checksum_scalar", "dot_simd", "dot_scalar"] {
        let mut kiln = kiln_kernel(&bytes, kernel);
        let mut wasmi = wasmi_kernel(&bytes, kernel);
        let (k, w) = (kiln(), wasmi());
        assert_eq!(k, w, "{kernel}: engines disagree");
        let mut group = c.benchmark_group(kernel);
        group.throughput(Throughput::Bytes(LEN as u64));
        group.bench_function(BenchmarkId::new("kiln", LEN), |b| b.iter(&mut kiln));
        group.bench_function(BenchmarkId::new("wasmi", LEN), |b| b.iter(&mut wasmi));
        group.finish();
    }
}

criterion_group!(benches, simd);
criterion_main!(benches);
