//! The Sightglass protocol's `bench.start` / `bench.end` imports, as state
//! every engine's store holds next to its WASI context.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};

/// A store's host state: the engine's WASI context and the benchmark timer.
pub struct Host<W> {
    /// The engine's WASI preview 1 context.
    pub wasi: W,
    /// Time between the guest's `bench.start` and `bench.end` calls.
    pub timer: BenchTimer,
}

impl<W> Host<W> {
    /// State with `wasi` and a timer that has not started.
    pub fn new(wasi: W) -> Host<W> {
        Host { wasi, timer: BenchTimer::default() }
    }
}

/// Sums the time between each `bench.start` and the following `bench.end`.
#[derive(Debug, Default)]
pub struct BenchTimer {
    started: Option<Instant>,
    total: Duration,
    spans: u32,
    unmatched: u32,
}

impl BenchTimer {
    /// `bench.start`: opens a measured span.
    pub fn start(&mut self) {
        if self.started.is_some() {
            self.unmatched += 1;
        }
        self.started = Some(Instant::now());
    }

    /// `bench.end`: closes the open span and adds it to the total.
    pub fn end(&mut self) {
        let now = Instant::now();
        match self.started.take() {
            Some(start) => {
                self.total += now - start;
                self.spans += 1;
            }
            None => self.unmatched += 1,
        }
    }

    /// The summed spans and how many there were; an error unless the guest
    /// called `bench.start` and `bench.end` alternately, at least once.
    pub fn measured(&self) -> Result<(Duration, u32)> {
        if self.unmatched > 0 || self.started.is_some() {
            bail!("bench.start and bench.end were not called alternately");
        }
        if self.spans == 0 {
            bail!("the program never called bench.start / bench.end");
        }
        Ok((self.total, self.spans))
    }
}
