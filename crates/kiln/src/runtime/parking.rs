//! The wait queue of one shared memory: `memory.atomic.wait32/64` park the
//! calling thread here, keyed by address, and `memory.atomic.notify` wakes
//! them in the order they arrived.
//!
//! One mutex guards the queue; each waiter sleeps on a condition variable of
//! its own, so a notify wakes exactly the threads it dequeues. A waiter
//! checks the memory's value while holding the mutex, so a notify that
//! follows a write of a new value either finds the waiter queued or the
//! waiter sees the new value (both take the mutex, the writer's store comes
//! before its notify).
//!
//! A waiter wakes up at least every [`POLL_INTERVAL`] to ask whether its
//! store has been interrupted (the kill switch), so no wait blocks a thread
//! beyond the embedder's reach.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How often a blocked waiter looks at its interruption check.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(10);

/// How a wait ended.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum WaitOutcome {
    /// A notify woke the waiter (wasm result 0).
    Woken,
    /// The value was not the expected one; the thread did not block (1).
    NotEqual,
    /// The timeout elapsed (2).
    TimedOut,
    /// The interruption check said to stop.
    Interrupted,
}

struct Waiter {
    addr: u64,
    /// Set (under the queue's mutex) by the notify that dequeues the waiter.
    woken: AtomicBool,
    wake: Condvar,
}

/// The queue of threads blocked on one memory, oldest first.
#[derive(Default)]
pub(crate) struct ParkingLot {
    queue: Mutex<Vec<Arc<Waiter>>>,
}

impl ParkingLot {
    fn lock(&self) -> MutexGuard<'_, Vec<Arc<Waiter>>> {
        // The queue stays consistent if a thread panicked holding the lock
        // (every update is a single push or retain): ignore poisoning.
        self.queue.lock().unwrap_or_else(|poison| poison.into_inner())
    }

    /// Blocks the calling thread on `addr` if `still_expected()` (evaluated
    /// under the queue's lock) holds, until a notify, the `deadline` (`None`:
    /// none) or `interrupted()` (polled every [`POLL_INTERVAL`]).
    pub(crate) fn wait(
        &self,
        addr: u64,
        still_expected: impl FnOnce() -> bool,
        deadline: Option<Instant>,
        interrupted: &dyn Fn() -> bool,
    ) -> WaitOutcome {
        let mut queue = self.lock();
        if !still_expected() {
            return WaitOutcome::NotEqual;
        }
        let me = Arc::new(Waiter { addr, woken: AtomicBool::new(false), wake: Condvar::new() });
        queue.push(Arc::clone(&me));
        loop {
            if me.woken.load(Ordering::Relaxed) {
                return WaitOutcome::Woken;
            }
            let now = Instant::now();
            let outcome = if interrupted() {
                Some(WaitOutcome::Interrupted)
            } else if deadline.is_some_and(|d| now >= d) {
                Some(WaitOutcome::TimedOut)
            } else {
                None
            };
            if let Some(outcome) = outcome {
                queue.retain(|w| !Arc::ptr_eq(w, &me));
                return outcome;
            }
            let slice = deadline.map_or(POLL_INTERVAL, |d| (d - now).min(POLL_INTERVAL));
            queue = me.wake.wait_timeout(queue, slice).unwrap_or_else(|poison| poison.into_inner()).0;
        }
    }

    /// Wakes up to `count` threads waiting on `addr`, oldest first; how many
    /// it woke.
    pub(crate) fn notify(&self, addr: u64, count: u32) -> u32 {
        let mut woken = 0;
        self.lock().retain(|w| {
            if woken == count || w.addr != addr {
                return true;
            }
            w.woken.store(true, Ordering::Relaxed);
            w.wake.notify_one();
            woken += 1;
            false
        });
        woken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatch_and_timeout_do_not_block_forever() {
        let lot = ParkingLot::default();
        assert_eq!(lot.wait(0, || false, None, &|| false), WaitOutcome::NotEqual);
        assert_eq!(lot.wait(0, || true, Some(Instant::now()), &|| false), WaitOutcome::TimedOut);
        assert_eq!(lot.wait(0, || true, None, &|| true), WaitOutcome::Interrupted);
        assert_eq!(lot.notify(0, 1), 0, "timed-out and interrupted waiters leave the queue");
    }

    #[test]
    fn notify_wakes_a_waiter_on_its_address() {
        let lot = Arc::new(ParkingLot::default());
        let waiter = {
            let lot = Arc::clone(&lot);
            std::thread::spawn(move || lot.wait(8, || true, None, &|| false))
        };
        // Notify until the waiter has queued and been woken.
        let mut woken = 0;
        while woken == 0 {
            assert_eq!(lot.notify(16, u32::MAX), 0, "another address wakes no one");
            woken = lot.notify(8, 1);
            std::thread::yield_now();
        }
        assert_eq!(waiter.join().unwrap(), WaitOutcome::Woken);
    }
}
