//! Arguments, environment, clocks, randomness, scheduling, signals and
//! sockets.

use kiln::guest::{GuestMemory, GuestPtr};
use rustix::time::ClockId;

use crate::ctx::WasiCtx;
use crate::error::from_os;
use crate::types::{Errno, WasiResult, clockid};

/// Writes NUL-terminated `strings` into `buf` and a pointer to each into
/// `ptrs` (the layout of `args_get` and `environ_get`).
fn write_strings<'s>(
    mem: &GuestMemory<'_>,
    strings: impl Iterator<Item = impl Iterator<Item = &'s [u8]>>,
    ptrs: u32,
    buf: u32,
) -> WasiResult {
    let mut ptr = GuestPtr::<u32>::new(ptrs.into());
    let mut at = u64::from(buf);
    for parts in strings {
        mem.write(ptr, u32::try_from(at).map_err(|_| Errno::Overflow)?)?;
        ptr = ptr.add_elements(1)?;
        for part in parts.chain([&b"\0"[..]]) {
            mem.copy_from_slice(GuestPtr::new(at), part)?;
            at = at.checked_add(part.len() as u64).ok_or(Errno::Overflow)?;
        }
    }
    Ok(())
}

/// Writes the count and total size (with NUL terminators) of `strings`.
fn write_sizes(mem: &GuestMemory<'_>, lens: impl Iterator<Item = usize>, count: u32, size: u32) -> WasiResult {
    let (mut n, mut total) = (0u64, 0u64);
    for len in lens {
        n += 1;
        total += len as u64 + 1;
    }
    mem.write(GuestPtr::<u32>::new(count.into()), u32::try_from(n).map_err(|_| Errno::Overflow)?)?;
    Ok(mem.write(GuestPtr::<u32>::new(size.into()), u32::try_from(total).map_err(|_| Errno::Overflow)?)?)
}

/// The host clock for a WASI clock ID.
fn clock(id: u32) -> WasiResult<ClockId> {
    Ok(match id {
        clockid::REALTIME => ClockId::Realtime,
        clockid::MONOTONIC => ClockId::Monotonic,
        clockid::PROCESS_CPUTIME_ID => ClockId::ProcessCPUTime,
        clockid::THREAD_CPUTIME_ID => ClockId::ThreadCPUTime,
        _ => return Err(Errno::Inval),
    })
}

/// The current time of clock `id` in nanoseconds.
pub(crate) fn now(id: u32) -> WasiResult<u64> {
    let t = rustix::time::clock_gettime(clock(id)?);
    let secs = u64::try_from(t.tv_sec).map_err(|_| Errno::Overflow)?;
    secs.checked_mul(1_000_000_000).and_then(|ns| ns.checked_add(t.tv_nsec as u64)).ok_or(Errno::Overflow)
}

impl WasiCtx {
    /// `args_get`.
    pub(crate) fn args_get(&mut self, mem: &GuestMemory<'_>, argv: u32, buf: u32) -> WasiResult {
        write_strings(mem, self.args.iter().map(|a| [a.as_bytes()].into_iter()), argv, buf)
    }

    /// `args_sizes_get`.
    pub(crate) fn args_sizes_get(&mut self, mem: &GuestMemory<'_>, argc: u32, size: u32) -> WasiResult {
        write_sizes(mem, self.args.iter().map(String::len), argc, size)
    }

    /// `environ_get`: `NAME=VALUE` strings.
    pub(crate) fn environ_get(&mut self, mem: &GuestMemory<'_>, environ: u32, buf: u32) -> WasiResult {
        let vars = self.env.iter().map(|(n, v)| [n.as_bytes(), b"=", v.as_bytes()].into_iter());
        write_strings(mem, vars, environ, buf)
    }

    /// `environ_sizes_get`.
    pub(crate) fn environ_sizes_get(&mut self, mem: &GuestMemory<'_>, count: u32, size: u32) -> WasiResult {
        write_sizes(mem, self.env.iter().map(|(n, v)| n.len() + 1 + v.len()), count, size)
    }

    /// `clock_res_get`: the clock's resolution in nanoseconds.
    pub(crate) fn clock_res_get(&mut self, mem: &GuestMemory<'_>, id: u32, out: u32) -> WasiResult {
        let res = rustix::time::clock_getres(clock(id)?);
        let ns = (res.tv_sec as u64).saturating_mul(1_000_000_000).saturating_add(res.tv_nsec as u64).max(1);
        Ok(mem.write(GuestPtr::<u64>::new(out.into()), ns)?)
    }

    /// `clock_time_get`: the clock's time in nanoseconds (the precision
    /// hint is ignored: the host clock is always read at full precision).
    pub(crate) fn clock_time_get(&mut self, mem: &GuestMemory<'_>, id: u32, _precision: u64, out: u32) -> WasiResult {
        Ok(mem.write(GuestPtr::<u64>::new(out.into()), now(id)?)?)
    }

    /// `random_get`: fills the buffer from the host's secure random source.
    pub(crate) fn random_get(&mut self, mem: &GuestMemory<'_>, buf: u32, len: u32) -> WasiResult {
        let mut out = mem.slice_mut(GuestPtr::<[u8]>::new_slice(buf.into(), len.into()))?;
        let mut filled = 0;
        while filled < out.len() {
            match rustix::rand::getrandom(&mut out[filled..], rustix::rand::GetRandomFlags::empty()) {
                Ok(n) => filled += n,
                Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(from_os(e)),
            }
        }
        Ok(())
    }

    /// `sched_yield`.
    pub(crate) fn sched_yield(&mut self) -> WasiResult {
        std::thread::yield_now();
        Ok(())
    }

    /// `proc_raise`: signals are not supported.
    pub(crate) fn proc_raise(&mut self, _signal: u32) -> WasiResult {
        Err(Errno::Notsup)
    }

    /// The error of every `sock_*` function: there are no socket
    /// descriptors (Kiln preopens none), so a valid descriptor is
    /// `ENOTSOCK` and an invalid one `EBADF`.
    pub(crate) fn not_a_socket(&mut self, fd: u32) -> WasiResult {
        self.entry(fd)?;
        Err(Errno::Notsock)
    }
}
