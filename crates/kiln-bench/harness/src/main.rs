//! Runs the Sightglass benchmark programs on Kiln, wasmi and Wasmtime
//! (Cranelift and Pulley) in one process and prints markdown tables of the
//! median times and of Kiln's ratios to the other engines.
//!
//! Every repetition runs every benchmark once on every engine, the engine
//! order rotated by one each repetition, so that drift in the machine's speed
//! spreads over all engines. Each run compiles the module afresh, creates a
//! fresh store and instance with the program's folder preopened as `.`,
//! calls `_start` and checks the captured output against the `.expected`
//! files. Failures are listed after the tables, and make the exit status 1.
//!
//! A benchmark that runs for under [`SHORT_RUN`] on some engine in the
//! first repetition gets repetitions until it has [`SHORT_REPS`]: a few
//! milliseconds are within reach of the machine's noise (another process
//! waking up, page faults), and such runs cost little.
//!
//! ```sh
//! cargo run -p kiln-bench --release -- ../shared/benchmarks/sightglass --reps 5
//! ```

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::ExitCode;

use std::time::Duration;

use anyhow::{Result, anyhow};
use clap::Parser;
use kiln_bench_harness::engine::EngineKind;
use kiln_bench_harness::report::{Summary, failures, format_time};
use kiln_bench_harness::runners::{Runner, Times, runner};
use kiln_bench_harness::samples::{Sample, write_csv};
use kiln_bench_harness::suite::{Benchmark, default_dir, discover};

/// Execution below which a benchmark counts as short (see the module docs).
const SHORT_RUN: Duration = Duration::from_millis(50);

/// The repetitions a short benchmark gets at least.
const SHORT_REPS: usize = 11;

/// Runs the Sightglass benchmarks on Kiln, wasmi, Wasmtime/Pulley and
/// Wasmtime/Cranelift, interleaved, and prints markdown tables.
#[derive(Parser)]
struct Options {
    /// The Sightglass benchmarks folder (default: $KILN_SIGHTGLASS, else
    /// `shared/benchmarks/sightglass` beside the repository).
    dir: Option<PathBuf>,

    /// Repetitions of every benchmark on every engine (at least 11 for one
    /// that runs under 50 ms on some engine).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    reps: u32,

    /// Run only the benchmarks whose name contains NAME (may be repeated).
    #[arg(long, short, value_name = "NAME")]
    filter: Vec<String>,

    /// The engines to run, comma-separated: kiln, wasmi, pulley, cranelift
    /// or all.
    #[arg(long, default_value = "all", value_name = "LIST")]
    engines: String,

    /// Where to write every sample as CSV (default:
    /// `target/sightglass-samples.csv` in the harness's folder).
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Measure execution in the benchmark thread's CPU time instead of
    /// wall-clock time (for machines shared with other work).
    #[arg(long)]
    cpu_time: bool,
}

fn main() -> ExitCode {
    match run(Options::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs everything; `Ok(false)` when a run failed.
fn run(options: Options) -> Result<bool> {
    let harness = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = options.dir.unwrap_or_else(default_dir);
    let benchmarks = discover(&dir, &options.filter)?;
    let engines = EngineKind::parse_list(&options.engines)?;
    let runners = engines.iter().map(|&e| runner(e)).collect::<Result<Vec<_>>>()?;
    let machine = machine();
    if options.cpu_time {
        kiln_bench_harness::timer::use_thread_cpu_clock();
    }
    eprintln!(
        "{} benchmarks × {} engines × {} repetitions from {} on {machine}",
        benchmarks.len(),
        engines.len(),
        options.reps,
        dir.display()
    );

    let mut samples = Vec::new();
    let reps = options.reps as usize;
    for repetition in 0..reps {
        for benchmark in &benchmarks {
            run_repetition(&runners, &engines, benchmark, repetition, reps, &mut samples);
        }
    }
    let short: Vec<&Benchmark> = benchmarks.iter().filter(|b| is_short(b, &samples)).collect();
    for benchmark in short {
        for repetition in reps..SHORT_REPS {
            run_repetition(&runners, &engines, benchmark, repetition, SHORT_REPS, &mut samples);
        }
    }

    let csv = options.csv.unwrap_or_else(|| harness.join("target/sightglass-samples.csv"));
    write_csv(&csv, &samples)?;
    let names = benchmarks.iter().map(|b| b.name.clone()).collect();
    let summary = Summary::new(names, engines, &samples);
    let plural = if options.reps == 1 { "" } else { "s" };
    let clock = if options.cpu_time { "thread CPU time" } else { "wall-clock time" };
    println!(
        "Median execution time ({clock} between bench.start and bench.end), {} repetition{plural} \
         ({SHORT_REPS} for a benchmark under {} ms on some engine):\n",
        options.reps,
        SHORT_RUN.as_millis()
    );
    println!("{}", summary.execution_table());
    println!("Median compilation (module from bytes) and instantiation (WASI, linking, instantiation):\n");
    println!("{}", summary.setup_table());
    println!("{}", summary.ratio_table());
    println!("{}", summary.execution_intervals());
    println!("Machine: {machine}. Raw samples: {}", csv.display());
    let failed = failures(&samples);
    if failed.is_empty() {
        return Ok(true);
    }
    println!("\n**FAILED RUNS**\n\n{failed}");
    eprintln!("error: some runs failed (listed above)");
    Ok(false)
}

/// Runs one repetition of `benchmark` on every engine, in the order rotated
/// by `repetition`, adding the samples to `samples`.
fn run_repetition(
    runners: &[Box<dyn Runner>],
    engines: &[EngineKind],
    benchmark: &Benchmark,
    repetition: usize,
    reps: usize,
    samples: &mut Vec<Sample>,
) {
    for position in 0..engines.len() {
        let i = (position + repetition) % engines.len();
        let outcome = run_once(runners[i].as_ref(), benchmark);
        report_progress(repetition, reps, engines[i], benchmark, &outcome);
        samples.push(Sample { benchmark: benchmark.name.clone(), engine: engines[i], repetition, position, outcome });
    }
}

/// Whether `benchmark` ran for under [`SHORT_RUN`] on some engine in its
/// first repetition.
fn is_short(benchmark: &Benchmark, samples: &[Sample]) -> bool {
    samples.iter().any(|s| {
        s.benchmark == benchmark.name && s.repetition == 0 && s.outcome.as_ref().is_ok_and(|t| t.execute < SHORT_RUN)
    })
}

/// The number of CPUs this process may use and the first CPU model named in
/// `/proc/cpuinfo` (where there is one).
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|info| {
        info.lines()
            .find_map(|l| l.strip_prefix("model name").map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned()))
    });
    format!("{cpus} CPUs, {}", model.as_deref().unwrap_or("unknown model"))
}

/// Runs `benchmark` once and checks its output; a panic in an engine is a
/// failed run.
fn run_once(runner: &dyn Runner, benchmark: &Benchmark) -> Result<Times, String> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let measurement = runner.run(benchmark)?;
        benchmark.check(&measurement.output)?;
        Ok(measurement.times)
    }));
    let result: Result<Times> = result.unwrap_or_else(|panic| {
        let message =
            panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
        Err(anyhow!("panicked: {}", message.unwrap_or_default()))
    });
    result.map_err(|e| format!("{e:#}"))
}

fn report_progress(
    repetition: usize,
    reps: usize,
    engine: EngineKind,
    benchmark: &Benchmark,
    outcome: &Result<Times, String>,
) {
    let run = format!("[{}/{reps}] {:<20} {engine:<9}", repetition + 1, benchmark.name);
    match outcome {
        Ok(t) => eprintln!(
            "{run} compile {:>10}  instantiate {:>10}  execute {:>10}",
            format_time(t.compile.as_secs_f64()),
            format_time(t.instantiate.as_secs_f64()),
            format_time(t.execute.as_secs_f64())
        ),
        Err(e) => eprintln!("{run} FAILED: {e}"),
    }
}
