//! `poll_oneoff`: waiting for clocks and descriptors.
//!
//! Files, directories, captured output and in-memory input are always
//! ready. Only the host's standard input can make the guest wait for data;
//! it is polled with `poll(2)`. Clocks are waited for by sleeping (or by
//! the `poll(2)` timeout).

use std::time::{Duration, Instant};

use kiln::guest::{GuestMemory, GuestPtr};
use rustix::event::{PollFd, PollFlags};

use crate::ctx::{Input, Kind, WasiCtx};
use crate::misc::now;
use crate::types::{Errno, Event, SUBSCRIPTION_CLOCK_ABSTIME, Subscription, WasiResult, clockid, eventtype};

/// What one subscription waits for.
enum Wait {
    /// Until this instant.
    Clock(Instant),
    /// For the host's standard input to become readable.
    HostStdin,
    /// Nothing: the event is already determined.
    Ready(Event),
}

impl WasiCtx {
    /// How long `sub` waits, or its immediate result.
    fn wait_of(&self, sub: &Subscription, start: Instant) -> Wait {
        let event = |error: Errno, nbytes: u64| Event {
            userdata: sub.userdata,
            error: error as u16,
            event_type: sub.tag,
            nbytes,
            flags: 0,
        };
        match sub.tag {
            eventtype::CLOCK => {
                let id = sub.clock_id_or_fd;
                let timeout = if sub.flags & SUBSCRIPTION_CLOCK_ABSTIME != 0 {
                    match now(id) {
                        Ok(current) => sub.timeout.saturating_sub(current),
                        Err(e) => return Wait::Ready(event(e, 0)),
                    }
                } else if id <= clockid::THREAD_CPUTIME_ID {
                    sub.timeout
                } else {
                    return Wait::Ready(event(Errno::Inval, 0));
                };
                match start.checked_add(Duration::from_nanos(timeout)) {
                    Some(deadline) => Wait::Clock(deadline),
                    // Beyond what `Instant` represents: effectively never.
                    None => Wait::Clock(start + Duration::from_secs(u32::MAX.into())),
                }
            }
            eventtype::FD_READ | eventtype::FD_WRITE => {
                let Ok(entry) = self.entry(sub.clock_id_or_fd) else { return Wait::Ready(event(Errno::Badf, 0)) };
                let reading = sub.tag == eventtype::FD_READ;
                match &entry.kind {
                    Kind::Input(Input::Inherit) if reading => Wait::HostStdin,
                    Kind::Input(Input::Memory(pipe)) if reading => {
                        Wait::Ready(event(Errno::Success, pipe.remaining() as u64))
                    }
                    Kind::File(file) if reading => {
                        use std::io::Seek as _;
                        let mut file = file;
                        let size = file.metadata().map_or(0, |m| m.len());
                        let pos = file.stream_position().unwrap_or(size);
                        Wait::Ready(event(Errno::Success, size.saturating_sub(pos)))
                    }
                    Kind::Input(_) => Wait::Ready(event(Errno::Badf, 0)),
                    Kind::Output(_) if reading => Wait::Ready(event(Errno::Badf, 0)),
                    Kind::Output(_) | Kind::File(_) => Wait::Ready(event(Errno::Success, 0)),
                    Kind::Dir(_) => Wait::Ready(event(Errno::Isdir, 0)),
                }
            }
            _ => Wait::Ready(event(Errno::Inval, 0)),
        }
    }

    /// `poll_oneoff`: waits until at least one subscription has an event and
    /// writes the events that are ready.
    pub(crate) fn poll_oneoff(
        &mut self,
        mem: &GuestMemory<'_>,
        subs: u32,
        events: u32,
        nsubs: u32,
        nevents: u32,
    ) -> WasiResult {
        if nsubs == 0 {
            return Err(Errno::Inval);
        }
        let subs = mem.to_vec(GuestPtr::<[Subscription]>::new_slice(subs.into(), nsubs.into()))?;
        let start = Instant::now();
        let waits: Vec<Wait> = subs.iter().map(|sub| self.wait_of(sub, start)).collect();
        let mut ready: Vec<Event> =
            waits.iter().filter_map(|w| if let Wait::Ready(e) = w { Some(*e) } else { None }).collect();
        let first_deadline = waits.iter().filter_map(|w| if let Wait::Clock(d) = w { Some(*d) } else { None }).min();
        let stdin_subs: Vec<&Subscription> =
            subs.iter().zip(&waits).filter(|(_, w)| matches!(w, Wait::HostStdin)).map(|(s, _)| s).collect();

        if ready.is_empty() {
            let timeout = first_deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if stdin_subs.is_empty() {
                if let Some(timeout) = timeout {
                    std::thread::sleep(timeout);
                }
            } else if wait_for_stdin(timeout)? {
                ready.extend(stdin_subs.iter().map(|sub| Event {
                    userdata: sub.userdata,
                    error: Errno::Success as u16,
                    event_type: sub.tag,
                    nbytes: 1,
                    flags: 0,
                }));
            }
            let current = Instant::now();
            for (sub, wait) in subs.iter().zip(&waits) {
                if matches!(wait, Wait::Clock(deadline) if *deadline <= current) {
                    ready.push(Event { userdata: sub.userdata, event_type: sub.tag, ..Event::default() });
                }
            }
        }
        let out = GuestPtr::<Event>::new(events.into());
        for (i, event) in ready.iter().enumerate() {
            mem.write(out.add_elements(i as u64)?, *event)?;
        }
        Ok(mem.write(GuestPtr::<u32>::new(nevents.into()), ready.len() as u32)?)
    }
}

/// Waits up to `timeout` (forever if `None`) for the host's standard input
/// to become readable (or reach end-of-file); returns whether it did.
fn wait_for_stdin(timeout: Option<Duration>) -> WasiResult<bool> {
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let timeout = timeout.map(|t| rustix::time::Timespec {
        tv_sec: t.as_secs().try_into().unwrap_or(i64::MAX),
        tv_nsec: t.subsec_nanos().into(),
    });
    loop {
        match rustix::event::poll(&mut fds, timeout.as_ref()) {
            Ok(n) => return Ok(n > 0),
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(crate::error::from_os(e)),
        }
    }
}
