//! Markdown tables of the samples: median times per benchmark and engine,
//! Kiln's ratio to each other engine, and the geometric means of those
//! ratios.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use crate::engine::EngineKind;
use crate::runners::Times;
use crate::samples::Sample;
use crate::stats::{Paired, RESAMPLES, geomean, median, ratio_geomean_interval};

/// An execution time below this, in seconds, on any engine measures the
/// host calls to `bench.start` and `bench.end`, not execution: the measured
/// region is empty (`noop`) or was folded away by the compiler
/// (`shootout-nestedloop`), so such benchmarks are left out of the execution
/// geometric means. One engine suffices: on a busy machine a single
/// descheduling can stretch another engine's empty region past the limit.
const NEGLIGIBLE: f64 = 10e-6;

/// The phases a run is timed in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Module creation from bytes.
    Compile,
    /// Linking and instantiation.
    Instantiate,
    /// Between `bench.start` and `bench.end`.
    Execute,
}

impl Phase {
    fn of(self, times: &Times) -> Duration {
        match self {
            Phase::Compile => times.compile,
            Phase::Instantiate => times.instantiate,
            Phase::Execute => times.execute,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Phase::Compile => "compilation",
            Phase::Instantiate => "instantiation",
            Phase::Execute => "execution",
        }
    }
}

/// The samples of one benchmark on one engine.
#[derive(Default)]
struct Cell {
    times: Vec<Times>,
    failures: usize,
}

/// Every sample, grouped by benchmark and engine.
pub struct Summary {
    benchmarks: Vec<String>,
    engines: Vec<EngineKind>,
    cells: HashMap<(String, EngineKind), Cell>,
}

impl Summary {
    /// Groups `samples` of `benchmarks` (in table order) run on `engines`.
    pub fn new(benchmarks: Vec<String>, engines: Vec<EngineKind>, samples: &[Sample]) -> Summary {
        let mut cells: HashMap<(String, EngineKind), Cell> = HashMap::new();
        for s in samples {
            let cell = cells.entry((s.benchmark.clone(), s.engine)).or_default();
            match &s.outcome {
                Ok(times) => cell.times.push(*times),
                Err(_) => cell.failures += 1,
            }
        }
        Summary { benchmarks, engines, cells }
    }

    /// The median of `phase` for `benchmark` on `engine`, in seconds; `None`
    /// if any of its runs failed.
    fn median(&self, benchmark: &str, engine: EngineKind, phase: Phase) -> Option<f64> {
        let cell = self.cells.get(&(benchmark.to_owned(), engine))?;
        if cell.failures > 0 {
            return None;
        }
        median(cell.times.iter().map(|t| phase.of(t).as_secs_f64()).collect())
    }

    /// A cell of a time column: the median, or why there is none.
    fn time_cell(&self, benchmark: &str, engine: EngineKind, phase: Phase) -> String {
        match self.cells.get(&(benchmark.to_owned(), engine)) {
            Some(cell) if cell.failures > 0 => {
                format!("**FAILED** ({} of {})", cell.failures, cell.failures + cell.times.len())
            }
            _ => self.median(benchmark, engine, phase).map_or_else(|| "–".to_owned(), format_time),
        }
    }

    /// The engines Kiln is compared with (none unless Kiln ran).
    fn others(&self) -> Vec<EngineKind> {
        if !self.engines.contains(&EngineKind::Kiln) {
            return Vec::new();
        }
        self.engines.iter().copied().filter(|&e| e != EngineKind::Kiln).collect()
    }

    /// Kiln's median of `phase` over `other`'s, for `benchmark`.
    fn ratio(&self, benchmark: &str, other: EngineKind, phase: Phase) -> Option<f64> {
        Some(self.median(benchmark, EngineKind::Kiln, phase)? / self.median(benchmark, other, phase)?)
    }

    /// Whether `benchmark`'s execution time is under [`NEGLIGIBLE`] on some
    /// engine.
    fn negligible(&self, benchmark: &str) -> bool {
        self.engines.iter().any(|&e| self.median(benchmark, e, Phase::Execute).is_some_and(|t| t < NEGLIGIBLE))
    }

    /// The benchmarks whose `phase` ratios count in its geometric means.
    fn counted(&self, phase: Phase) -> Vec<&String> {
        self.benchmarks.iter().filter(|b| phase != Phase::Execute || !self.negligible(b)).collect()
    }

    /// The geometric mean of Kiln's ratios to `other` over the counted
    /// benchmarks where both succeeded, how many those were, and how many
    /// are counted.
    fn geomean_ratio(&self, other: EngineKind, phase: Phase) -> (Option<f64>, usize, usize) {
        let counted = self.counted(phase);
        let ratios: Vec<f64> = counted.iter().filter_map(|b| self.ratio(b, other, phase)).collect();
        (geomean(ratios.iter().copied()), ratios.len(), counted.len())
    }

    /// Median execution time per benchmark and engine, Kiln's ratios, and a
    /// closing row of the ratios' geometric means.
    pub fn execution_table(&self) -> String {
        let others = self.others();
        let mut header: Vec<String> = vec!["Benchmark".into()];
        header.extend(self.engines.iter().map(|e| e.title().to_owned()));
        header.extend(others.iter().map(|o| format!("Kiln / {}", o.title())));
        let mut rows = Vec::new();
        for b in &self.benchmarks {
            let mut row = vec![if self.negligible(b) { format!("{b} †") } else { b.clone() }];
            row.extend(self.engines.iter().map(|&e| self.time_cell(b, e, Phase::Execute)));
            row.extend(others.iter().map(|&o| self.ratio(b, o, Phase::Execute).map_or("–".into(), format_ratio)));
            rows.push(row);
        }
        let mut last = vec!["**geometric mean**".to_owned()];
        last.extend(self.engines.iter().map(|_| String::new()));
        last.extend(others.iter().map(|&o| self.geomean_cell(o, Phase::Execute)));
        rows.push(last);
        let mut table = markdown(&header, &rows);
        if self.benchmarks.iter().any(|b| self.negligible(b)) {
            let _ = writeln!(
                table,
                "\n† Under {} on at least one engine: that measures the calls to bench.start and bench.end, \
                 not execution, so it is left out of the geometric means.",
                format_time(NEGLIGIBLE)
            );
        }
        table
    }

    /// Median compilation and instantiation times per benchmark and engine.
    pub fn setup_table(&self) -> String {
        let mut header: Vec<String> = vec!["Benchmark".into()];
        for phase in [Phase::Compile, Phase::Instantiate] {
            header.extend(self.engines.iter().map(|e| format!("{} {}", e.title(), phase.title())));
        }
        let rows = self
            .benchmarks
            .iter()
            .map(|b| {
                let mut row = vec![b.clone()];
                for phase in [Phase::Compile, Phase::Instantiate] {
                    row.extend(self.engines.iter().map(|&e| self.time_cell(b, e, phase)));
                }
                row
            })
            .collect::<Vec<_>>();
        markdown(&header, &rows)
    }

    /// The geometric means of Kiln's ratios to each other engine, one row
    /// per phase; empty when Kiln did not run with another engine.
    pub fn ratio_table(&self) -> String {
        let others = self.others();
        if others.is_empty() {
            return String::new();
        }
        let mut header = vec!["Kiln / …, geometric mean".to_owned()];
        header.extend(others.iter().map(|o| o.title().to_owned()));
        let rows = [Phase::Execute, Phase::Compile, Phase::Instantiate]
            .into_iter()
            .map(|phase| {
                let mut row = vec![phase.title().to_owned()];
                row.extend(others.iter().map(|&o| self.geomean_cell(o, phase)));
                row
            })
            .collect::<Vec<_>>();
        markdown(&header, &rows)
    }

    /// The execution times of `benchmark` on `engine`, in seconds; `None`
    /// if any of its runs failed.
    fn execution_samples(&self, benchmark: &str, engine: EngineKind) -> Option<Vec<f64>> {
        let cell = self.cells.get(&(benchmark.to_owned(), engine))?;
        (cell.failures == 0).then(|| cell.times.iter().map(|t| t.execute.as_secs_f64()).collect())
    }

    /// How far the execution geometric means could move with the samples'
    /// spread: a 95% bootstrap interval per other engine (see
    /// [`ratio_geomean_interval`]), over the benchmarks the means count.
    pub fn execution_intervals(&self) -> String {
        let others = self.others();
        let cells: Vec<String> = others
            .iter()
            .filter_map(|&other| {
                let samples: Vec<(Vec<f64>, Vec<f64>)> = self
                    .counted(Phase::Execute)
                    .iter()
                    .filter_map(|b| {
                        Some((self.execution_samples(b, EngineKind::Kiln)?, self.execution_samples(b, other)?))
                    })
                    .collect();
                let paired: Vec<Paired<'_>> = samples.iter().map(|(kiln, o)| Paired { kiln, other: o }).collect();
                let (low, high) = ratio_geomean_interval(&paired)?;
                Some(format!("{} {}–{}", other.title(), format_interval_end(low), format_interval_end(high)))
            })
            .collect();
        if cells.is_empty() {
            return String::new();
        }
        format!(
            "Execution geometric mean, 95% bootstrap interval ({RESAMPLES} resamples of each benchmark's \
             samples; the spread within this run, not the drift between runs): {}.\n",
            cells.join(", ")
        )
    }

    /// A geometric-mean cell, saying over how many benchmarks when some
    /// failed.
    fn geomean_cell(&self, other: EngineKind, phase: Phase) -> String {
        match self.geomean_ratio(other, phase) {
            (None, ..) => "–".into(),
            (Some(g), used, counted) if used == counted => format!("**{}**", format_ratio(g)),
            (Some(g), used, counted) => format!("**{}** ({used} of {counted} benchmarks)", format_ratio(g)),
        }
    }
}

/// Every failed sample, one line each.
pub fn failures(samples: &[Sample]) -> String {
    let mut out = String::new();
    for s in samples {
        if let Err(e) = &s.outcome {
            let _ = writeln!(out, "- {} on {} (repetition {}): {e}", s.benchmark, s.engine, s.repetition + 1);
        }
    }
    out
}

/// A time in seconds with three or four significant digits and a unit.
pub fn format_time(seconds: f64) -> String {
    if seconds < 1e-3 {
        format!("{:.1} µs", seconds * 1e6)
    } else if seconds < 1.0 {
        format!("{:.2} ms", seconds * 1e3)
    } else {
        format!("{seconds:.3} s")
    }
}

/// A ratio with three significant digits.
fn format_ratio(ratio: f64) -> String {
    if ratio >= 100.0 {
        format!("{ratio:.0}")
    } else if ratio >= 10.0 {
        format!("{ratio:.1}")
    } else {
        format!("{ratio:.2}")
    }
}

/// An end of a ratio's interval: one digit more than [`format_ratio`].
fn format_interval_end(ratio: f64) -> String {
    if ratio >= 10.0 { format!("{ratio:.2}") } else { format!("{ratio:.3}") }
}

/// A markdown table: `header`, then `rows`; columns after the first are
/// right-aligned.
fn markdown(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n|---|", header.join(" | "));
    out.push_str(&"---:|".repeat(header.len() - 1));
    out.push('\n');
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}
