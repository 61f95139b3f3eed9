//! The Sightglass protocol's `bench.start` / `bench.end` imports, as state
//! every engine's store holds next to its WASI context.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

/// Whether spans are measured in the running thread's CPU time instead of
/// wall-clock time; set once from the command line.
static THREAD_CPU_CLOCK: AtomicBool = AtomicBool::new(false);

/// Measures spans in the calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`)
/// from now on: time the thread spends descheduled, as on a machine shared
/// with other work, then does not count.
pub fn use_thread_cpu_clock() {
    THREAD_CPU_CLOCK.store(true, Ordering::Relaxed);
}

/// A point in time on the selected clock.
#[derive(Debug, Clone, Copy)]
enum Stamp {
    Wall(Instant),
    ThreadCpu(Duration),
}

impl Stamp {
    fn now() -> Stamp {
        if THREAD_CPU_CLOCK.load(Ordering::Relaxed) {
            Stamp::ThreadCpu(thread_cpu_time())
        } else {
            Stamp::Wall(Instant::now())
        }
    }

    fn since(self, start: Stamp) -> Duration {
        match (start, self) {
            (Stamp::Wall(a), Stamp::Wall(b)) => b - a,
            (Stamp::ThreadCpu(a), Stamp::ThreadCpu(b)) => b.saturating_sub(a),
            _ => Duration::ZERO,
        }
    }
}

/// The CPU time the calling thread has used.
fn thread_cpu_time() -> Duration {
    let mut time = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `time` is a valid, writable timespec for the duration of the
    // call, and CLOCK_THREAD_CPUTIME_ID is supported on every Linux.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

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
    started: Option<Stamp>,
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
        self.started = Some(Stamp::now());
    }

    /// `bench.end`: closes the open span and adds it to the total.
    pub fn end(&mut self) {
        let now = Stamp::now();
        match self.started.take() {
            Some(start) => {
                self.total += now.since(start);
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
