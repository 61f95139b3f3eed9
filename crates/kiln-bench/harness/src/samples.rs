//! Raw samples: one per benchmark, engine and repetition, and their CSV form.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::engine::EngineKind;
use crate::runners::Times;

/// The result of one run.
pub struct Sample {
    /// The benchmark's name.
    pub benchmark: String,
    /// The engine that ran it.
    pub engine: EngineKind,
    /// The repetition, from 0.
    pub repetition: usize,
    /// The engine's place in this repetition's rotated order, from 0.
    pub position: usize,
    /// The times, or why the run failed (an error, a trap, a panic, a
    /// nonzero exit status or unexpected output).
    pub outcome: Result<Times, String>,
}

const HEADER: &str = "benchmark,engine,repetition,position,compile_ns,instantiate_ns,execute_ns,spans,main_ns,error";

/// Writes `samples` to `path` as CSV: one row per sample, times in
/// nanoseconds, empty times and an `error` message for a failed run.
pub fn write_csv(path: &Path, samples: &[Sample]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot create `{}`", path.display()))?,
    );
    writeln!(out, "{HEADER}")?;
    for s in samples {
        let times = match &s.outcome {
            Ok(t) => format!(
                "{},{},{},{},{},",
                t.compile.as_nanos(),
                t.instantiate.as_nanos(),
                t.execute.as_nanos(),
                t.spans,
                t.main.as_nanos()
            ),
            Err(e) => format!(",,,,,\"{}\"", e.replace('"', "\"\"")),
        };
        writeln!(out, "{},{},{},{},{times}", s.benchmark, s.engine, s.repetition, s.position)?;
    }
    out.flush().with_context(|| format!("cannot write `{}`", path.display()))
}
