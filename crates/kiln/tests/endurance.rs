//! Load and endurance: many live instances, concurrent stores on several
//! threads, and long runs of traps, with the process's resident memory
//! (`VmRSS` from `/proc/self/status`, so Linux only) sampled to show what an
//! instance costs and that nothing grows when it should not.
//!
//! The quick variant runs by default (1,000 instances, 1,000 traps, 8
//! threads for a moment) and checks results only; it never asserts on time.
//! The full runs are `#[ignore]`d and print their figures
//! (`docs/reliability.md` records them):
//!
//! ```text
//! cargo test -p kiln --test endurance -- --ignored --nocapture
//! ```
//!
//! `KILN_ENDURANCE_SECS` sets the length of the threaded run (default 60).
//! The tests in this file take a lock so that their memory figures are not
//! mixed up with each other's.
#![cfg(target_os = "linux")]

mod common;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use kiln::{Caller, Engine, Instance, Linker, Module, Store, Trap, TypedFunc};

/// Serialises the tests of this file: they measure the whole process.
static SERIAL: Mutex<()> = Mutex::new(());

/// A small but complete module: a memory with a data segment, a mutable
/// global, a table, a host import, and functions that work, trap in three
/// ways and overflow the stack.
const GUEST: &str = r#"(module
  (import "host" "tick" (func $tick (param i32)))
  (import "host" "refuse" (func $refuse))
  (type $unary (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $work $out_of_bounds)
  (data (i32.const 0) "kiln")
  (func $work (param i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.store (i32.const 16) (i32.add (i32.load (i32.const 16)) (local.get 0)))
    (call $tick (global.get $calls))
    (i32.load (i32.const 16)))
  (func $out_of_bounds (param i32) (result i32) (i32.load (i32.add (local.get 0) (i32.const 65536))))
  (func $recurse (param i32) (result i32) (i32.add (call $recurse (local.get 0)) (i32.const 1)))
  (func (export "run") (param i32) (result i32) (call_indirect (type $unary) (local.get 0) (i32.const 0)))
  (func (export "fail") (param i32) (result i32)
    (block
      (br_if 0 (i32.eqz (i32.rem_u (local.get 0) (i32.const 3))))
      (br_if 0 (i32.eq (i32.rem_u (local.get 0) (i32.const 3)) (i32.const 1)))
      (call $refuse))
    (if (i32.eqz (i32.rem_u (local.get 0) (i32.const 3)))
      (then (return (call_indirect (type $unary) (local.get 0) (i32.const 1)))))
    (i32.div_u (local.get 0) (i32.const 0)))
  (func (export "overflow") (param i32) (result i32) (call $recurse (local.get 0))))"#;

/// The process's resident memory in KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("reading /proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS in /proc/self/status");
    line.split_whitespace().nth(1).and_then(|kib| kib.parse().ok()).expect("VmRSS value in KiB")
}

/// A linker defining the guest's imports: `tick` counts calls in the host
/// data, `refuse` fails with a host error.
fn linker(engine: &Engine) -> Linker<u64> {
    let mut linker = Linker::new(engine);
    linker.func_wrap("host", "tick", |mut caller: Caller<'_, u64>, _: i32| *caller.data_mut() += 1).unwrap();
    linker.func_wrap("host", "refuse", || -> kiln::Result<()> { Err(kiln::Error::msg("refused by host")) }).unwrap();
    linker
}

/// Keeps `count` instances of the guest alive in one store, calls each one
/// twice, and returns the resident memory they added per instance, in KiB.
fn many_instances(count: usize) -> f64 {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let linker = linker(&engine);
    let mut store = Store::new(&engine, 0u64);
    let before = rss_kib();
    let mut runs: Vec<(Instance, TypedFunc<i32, i32>)> = Vec::with_capacity(count);
    for _ in 0..count {
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
        runs.push((instance, run));
    }
    for (i, (_, run)) in runs.iter().enumerate() {
        assert_eq!(run.call(&mut store, i as i32).unwrap(), i as i32);
    }
    for (i, (_, run)) in runs.iter().enumerate() {
        assert_eq!(run.call(&mut store, 1).unwrap(), i as i32 + 1, "each instance keeps its own memory");
    }
    assert_eq!(*store.data(), 2 * count as u64);
    let after = rss_kib();
    let per_instance = after.saturating_sub(before) as f64 / count as f64;
    println!(
        "{count} live instances: RSS {before} KiB -> {after} KiB, {per_instance:.1} KiB per instance \
         (memory page touched by the data segment and the calls included)"
    );
    per_instance
}

/// Calls `fail` and `overflow` `count` times in one store, checking each
/// trap's kind; returns the RSS samples (KiB) taken every `count / 10` traps.
fn trap_loop(count: u32) -> Vec<u64> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, 0u64);
    let instance = linker(&engine).instantiate(&mut store, &module).unwrap();
    let fail = instance.get_typed_func::<i32, i32>(&mut store, "fail").unwrap();
    let overflow = instance.get_typed_func::<i32, i32>(&mut store, "overflow").unwrap();
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    let mut samples = Vec::new();
    for i in 0..count {
        // Every 100th trap is a stack overflow (the deepest unwinding);
        // the others cycle through a memory trap reached by call_indirect,
        // a host error and a division by zero.
        let err = if i % 100 == 99 { overflow.call(&mut store, 0) } else { fail.call(&mut store, i as i32) }
            .expect_err("every call traps");
        let expected = match (i % 100 == 99, i % 3) {
            (true, _) => Some(Trap::StackOverflow),
            (false, 0) => Some(Trap::MemoryOutOfBounds),
            (false, 1) => Some(Trap::IntegerDivisionByZero),
            (false, _) => None,
        };
        match expected {
            Some(trap) => assert_eq!(err.downcast_ref::<Trap>(), Some(&trap), "call {i}: {err:#}"),
            None => assert!(format!("{err:#}").contains("refused by host"), "call {i}: {err:#}"),
        }
        if (i + 1).is_multiple_of((count / 10).max(1)) {
            samples.push(rss_kib());
        }
    }
    // The store is still usable.
    assert_eq!(run.call(&mut store, 5).unwrap(), 5);
    samples
}

/// Runs 8 threads, each with its own store, for `duration`: each calls a
/// long-lived instance and, every 50 calls, also instantiates the guest in
/// a fresh store, calls it and drops it. Returns the RSS samples (KiB), one
/// per `sample_every`, and the total number of calls.
fn threads(duration: Duration, sample_every: Duration) -> (Vec<u64>, u64) {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let stop = AtomicBool::new(false);
    let calls = AtomicU64::new(0);
    let mut samples = Vec::new();
    std::thread::scope(|scope| {
        for _ in 0..8 {
            let (engine, module, stop, calls) = (&engine, &module, &stop, &calls);
            scope.spawn(move || {
                let linker = linker(engine);
                let mut store = Store::new(engine, 0u64);
                let instance = linker.instantiate(&mut store, module).unwrap();
                let run = instance.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
                let mut n: u64 = 0;
                while !stop.load(Ordering::Relaxed) {
                    let total = run.call(&mut store, 1).unwrap();
                    n += 1;
                    assert_eq!(total as u32, n as u32);
                    if n.is_multiple_of(50) {
                        let mut fresh = Store::new(engine, 0u64);
                        let other = linker.instantiate(&mut fresh, module).unwrap();
                        let run = other.get_typed_func::<i32, i32>(&mut fresh, "run").unwrap();
                        assert_eq!(run.call(&mut fresh, 7).unwrap(), 7);
                    }
                }
                assert_eq!(*store.data(), n);
                calls.fetch_add(n, Ordering::Relaxed);
            });
        }
        let start = Instant::now();
        while start.elapsed() < duration {
            std::thread::sleep(sample_every);
            samples.push(rss_kib());
        }
        stop.store(true, Ordering::Relaxed);
    });
    (samples, calls.load(Ordering::Relaxed))
}

/// Growth (KiB) between the first sample after warm-up and the largest one
/// after it.
fn growth_after_warmup(samples: &[u64], warmup: usize) -> u64 {
    let steady = &samples[warmup.min(samples.len() - 1)..];
    steady.iter().max().unwrap() - steady[0]
}

/// Regression: element segment items of the compact form (function
/// indices) were each kept as a boxed constant expression, about 64 bytes
/// an item, so a 10 MB module took over 600 MiB to compile. They are 4
/// bytes an item now.
#[test]
fn element_segments_cost_four_bytes_an_item() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    const ITEMS: u64 = 10_000_000;
    let bytes = common::element_module(&[ITEMS]);
    let before = rss_kib();
    let module = Module::from_binary(&Engine::default(), &bytes).unwrap();
    let growth = rss_kib().saturating_sub(before);
    println!("a module with {ITEMS} element items: +{growth} KiB to compile");
    assert!(growth < 3 * ITEMS * 4 / 1024, "compiling {ITEMS} element items took {growth} KiB");
    drop(module);
}

#[test]
fn quick_load_and_endurance() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    many_instances(1_000);
    let samples = trap_loop(1_000);
    assert_eq!(samples.len(), 10);
    let (samples, calls) = threads(Duration::from_millis(300), Duration::from_millis(100));
    assert!(!samples.is_empty());
    println!("quick run: 8 threads made {calls} calls");
}

#[test]
#[ignore = "load test: about 10 seconds; see the file's documentation"]
fn ten_thousand_live_instances() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let per_instance = many_instances(10_000);
    // One touched 4 KiB page of linear memory plus bookkeeping; far less
    // than the 64 KiB page the module declares.
    assert!(per_instance < 64.0, "{per_instance:.1} KiB per instance");
}

#[test]
#[ignore = "endurance test: 100,000 traps; see the file's documentation"]
fn hundred_thousand_traps_leave_memory_flat() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let samples = trap_loop(100_000);
    let growth = growth_after_warmup(&samples, 2);
    println!("100,000 traps: RSS every 10,000 traps (KiB): {samples:?}; growth after warm-up {growth} KiB");
    assert!(growth < 1024, "RSS grew by {growth} KiB after warm-up: {samples:?}");
}

#[test]
#[ignore = "endurance test: 8 threads for KILN_ENDURANCE_SECS (60) seconds; see the file's documentation"]
fn eight_threads_for_a_minute_leave_memory_flat() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let secs = std::env::var("KILN_ENDURANCE_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let (samples, calls) = threads(Duration::from_secs(secs), Duration::from_secs(1));
    let warmup = samples.len() / 6;
    let growth = growth_after_warmup(&samples, warmup);
    println!(
        "8 threads, {secs} s: {calls} calls ({:.0} per second) and {} fresh stores instantiated, called and \
         dropped; RSS each second (KiB): {samples:?}; growth after warm-up ({warmup} s) {growth} KiB",
        calls as f64 / secs as f64,
        calls / 50
    );
    assert!(growth < 2048, "RSS grew by {growth} KiB after warm-up: {samples:?}");
}
