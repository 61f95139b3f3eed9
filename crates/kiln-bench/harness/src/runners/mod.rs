//! Running one Sightglass program on one engine: compile the module,
//! instantiate it with WASI and the `bench` imports (its folder preopened as
//! `.`, output captured), call `_start`, and time each phase. Each engine
//! provides the steps ([`Steps`]); [`Runner::run`] times them the same way
//! for all.

mod kiln;
mod wasmi;
mod wasmtime;

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use crate::engine::EngineKind;
use crate::suite::Benchmark;
use crate::timer::BenchTimer;

/// Bytes each captured output stream may hold (Wasmtime's pipes need a
/// capacity; no benchmark prints more than a few KiB).
const OUTPUT_CAPACITY: usize = 64 << 20;

/// How a run ended and what the guest printed.
pub struct GuestOutput {
    /// The `proc_exit` status, 0 when `_start` returned.
    pub exit_code: i32,
    /// Everything written to standard output.
    pub stdout: Vec<u8>,
    /// Everything written to standard error.
    pub stderr: Vec<u8>,
}

/// The times of one run.
#[derive(Clone, Copy, Debug)]
pub struct Times {
    /// Module creation from the bytes (decode, validate, translate or compile).
    pub compile: Duration,
    /// WASI context, store and linker (WASI and `bench` functions) creation,
    /// instantiation and the lookup of `_start`.
    pub instantiate: Duration,
    /// The time between `bench.start` and `bench.end`, summed over spans.
    pub execute: Duration,
    /// How many `bench.start`/`bench.end` spans the guest measured.
    pub spans: u32,
    /// The whole `_start` call (setup and teardown around the spans too).
    pub main: Duration,
}

/// One run: its times and what the guest printed.
pub struct Measurement {
    /// The phase times.
    pub times: Times,
    /// What the guest printed and its exit status.
    pub output: GuestOutput,
}

/// An engine, set up once, that runs benchmark programs.
pub trait Runner {
    /// Runs `benchmark` once in a fresh store. Errors are compilation,
    /// instantiation or run-time failures (a trap); a nonzero exit status
    /// is reported in the [`GuestOutput`] instead.
    fn run(&self, benchmark: &Benchmark) -> Result<Measurement>;
}

/// The runner for `kind`, with its engine created.
pub fn runner(kind: EngineKind) -> Result<Box<dyn Runner>> {
    Ok(match kind {
        EngineKind::Kiln => Box::new(kiln::KilnSteps::default()),
        EngineKind::Wasmi => Box::new(wasmi::WasmiSteps::new()),
        EngineKind::Pulley | EngineKind::Cranelift => Box::new(wasmtime::WasmtimeSteps::new(kind)?),
    })
}

/// What a store holds at the end of a run.
struct Captured {
    timer: BenchTimer,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// One engine's part of a run, in the order [`Runner::run`] times them.
trait Steps {
    /// A compiled module.
    type Module;
    /// A store, the instance's `_start` and the output pipes.
    type Instance;

    /// Creates a module from its bytes.
    fn compile(&self, wasm: &[u8]) -> Result<Self::Module>;

    /// Creates the WASI context (`benchmark`'s folder preopened as `.`, its
    /// file name as the only argument, output captured), a store and a
    /// linker with WASI and `bench.start`/`bench.end`, instantiates
    /// `module` and finds `_start`.
    fn instantiate(&self, module: &Self::Module, benchmark: &Benchmark) -> Result<Self::Instance>;

    /// Calls `_start`: 0 when it returns, the status of a `proc_exit`.
    fn start(&self, instance: &mut Self::Instance) -> Result<i32>;

    /// Ends the run, returning the timer and the captured output.
    fn finish(&self, instance: Self::Instance) -> Result<Captured>;
}

impl<S: Steps> Runner for S {
    fn run(&self, benchmark: &Benchmark) -> Result<Measurement> {
        let mut clock = Stopwatch::start();
        let module = self.compile(&benchmark.wasm).context("compilation")?;
        let compile = clock.lap();
        let mut instance = self.instantiate(&module, benchmark).context("instantiation")?;
        let instantiate = clock.lap();
        let exit_code = self.start(&mut instance);
        let main = clock.lap();
        let exit_code = exit_code.context("running `_start`")?;
        let Captured { timer, stdout, stderr } = self.finish(instance)?;
        let (execute, spans) = timer.measured()?;
        Ok(Measurement {
            times: Times { compile, instantiate, execute, spans, main },
            output: GuestOutput { exit_code, stdout, stderr },
        })
    }
}

/// Times consecutive phases.
struct Stopwatch(Instant);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(Instant::now())
    }

    /// The time since the previous lap (or the start).
    fn lap(&mut self) -> Duration {
        let now = Instant::now();
        let elapsed = now - self.0;
        self.0 = now;
        elapsed
    }
}

/// The exit status of a `_start` call that returned `result`: 0 when it
/// returned, the status when `exit_status` finds a `proc_exit` in the error;
/// any other error is a failed run.
fn exit_code<E: Into<anyhow::Error>>(result: Result<(), E>, exit_status: impl Fn(&E) -> Option<i32>) -> Result<i32> {
    match result {
        Ok(()) => Ok(0),
        Err(e) => exit_status(&e).ok_or_else(|| e.into()),
    }
}
