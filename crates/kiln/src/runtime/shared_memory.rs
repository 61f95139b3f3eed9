//! The storage of a shared linear memory (threads proposal): bytes that
//! threads with stores of their own read and write at the same time.
//!
//! # Layout
//!
//! The whole maximum size is reserved when the memory is created (a lazily
//! committed [`ZeroRegion`], so untouched pages cost address space only),
//! so the bytes never move: growth only raises the visible size, under a
//! lock, and a thread that has not seen a growth yet merely traps where it
//! could already have succeeded. The size never shrinks (shared memories
//! cannot be reset).
//!
//! # Data-race freedom
//!
//! Every access to the bytes, from wasm or from the host, goes through an
//! [`AtomicU64`] view of the aligned 8-byte word that holds them, and through
//! nothing else: no `&[u8]` over the bytes ever exists. Rust's memory model
//! therefore sees only atomic accesses of one size to each location: no data
//! race, no mixed-size access. On top of that:
//! - plain wasm loads and stores are relaxed atomic loads of the words they
//!   touch and, for stores, relaxed stores of whole words or
//!   compare-and-swap loops that replace only their bytes in partly written
//!   words (wasm allows a plain access to tear, but not to invent values, so
//!   neighbouring bytes are never rewritten with stale contents);
//! - atomic wasm instructions are aligned to their size, so each lies within
//!   one word; they are sequentially consistent operations on that word
//!   (sub-word read-modify-writes are compare-and-swap loops on it).
//!
//! Wasmtime can let its compiled code use plain machine loads and stores
//! (they are outside Rust's memory model) and gives the host only
//! `UnsafeCell` bytes; an interpreter written in Rust performs every access
//! in Rust, hence the atomic words. The cost, compared with machine-width
//! accesses, is paid only by shared memories: the translator picks the
//! interpreter's general memory instructions for them, and keeps its fast
//! memory-0 instructions, unchanged, for unshared ones (whose owner has the
//! store borrowed mutably while wasm runs, so plain accesses are sound).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use super::memory::{GrowError, max_pages};
use super::parking::{ParkingLot, WaitOutcome};
use super::region::ZeroRegion;
use crate::trap::Trap;
use crate::types::MemoryType;

const WORD: usize = 8;

/// A shared memory's bytes, size and wait queue; held in an `Arc` by every
/// store that uses the memory and by the embedder's handles.
pub(crate) struct SharedMemoryData {
    ty: MemoryType,
    /// `max_pages` pages, rounded up to whole words.
    region: ZeroRegion,
    /// Visible size in bytes; grows (under `grow_lock`), never shrinks.
    size: AtomicUsize,
    max_pages: u64,
    grow_lock: Mutex<()>,
    parking: ParkingLot,
}

impl SharedMemoryData {
    /// A shared memory of the type's minimum size, with its maximum reserved.
    pub(crate) fn new(ty: MemoryType) -> Result<SharedMemoryData, GrowError> {
        let max_pages = max_pages(&ty);
        let capacity = max_pages
            .checked_mul(ty.page_size())
            .and_then(|b| usize::try_from(b).ok())
            .and_then(|b| b.checked_next_multiple_of(WORD))
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or(GrowError::TooLarge)?;
        let region = ZeroRegion::new(capacity).ok_or(GrowError::OutOfMemory)?;
        let memory = SharedMemoryData {
            ty,
            region,
            size: AtomicUsize::new(0),
            max_pages,
            grow_lock: Mutex::new(()),
            parking: ParkingLot::default(),
        };
        memory.grow(memory.ty.minimum())?;
        Ok(memory)
    }

    pub(crate) fn ty(&self) -> &MemoryType {
        &self.ty
    }

    /// Visible size in bytes, as this thread sees it now.
    pub(crate) fn len(&self) -> usize {
        self.size.load(Ordering::Acquire)
    }

    /// Visible size in pages.
    pub(crate) fn size_pages(&self) -> u64 {
        (self.len() as u64) >> self.ty.page_size_log2()
    }

    /// Grows by `delta` pages; returns the previous size in pages.
    pub(crate) fn grow(&self, delta: u64) -> Result<u64, GrowError> {
        let _guard = self.grow_lock.lock().unwrap_or_else(|poison| poison.into_inner());
        let old_pages = self.size_pages();
        let new_pages = old_pages.checked_add(delta).ok_or(GrowError::TooLarge)?;
        if new_pages > self.max_pages {
            return Err(GrowError::TooLarge);
        }
        // Fits: the region holds `max_pages` pages.
        self.size.store((new_pages << self.ty.page_size_log2()) as usize, Ordering::Release);
        Ok(old_pages)
    }

    /// The word holding byte `addr`, which is below `len()`.
    fn word(&self, addr: usize) -> &AtomicU64 {
        let index = addr / WORD;
        debug_assert!(index < self.region.len() / WORD);
        // SAFETY: `addr < len() <= region.len()`, and the region's length is
        // a multiple of 8, so the whole word lies in the region, which lives
        // as long as `self`. The region starts at a page (or 16-byte) boundary,
        // so the word is 8-byte aligned. Every access to the region's bytes
        // is through such a word view (module docs): all concurrent accesses
        // are atomic and of the same size.
        unsafe { AtomicU64::from_ptr(self.region.ptr().cast::<u64>().add(index)) }
    }

    /// The start of `addr..addr + len` as a `usize` if it lies in bounds.
    fn check(&self, addr: u64, len: usize) -> Result<usize, Trap> {
        let end = addr.checked_add(len as u64).ok_or(Trap::MemoryOutOfBounds)?;
        if end > self.len() as u64 {
            return Err(Trap::MemoryOutOfBounds);
        }
        Ok(addr as usize)
    }

    /// Copies the bytes at `addr` into `buf` (plain, relaxed reads).
    pub(crate) fn read(&self, addr: u64, buf: &mut [u8]) -> Result<(), Trap> {
        let start = self.check(addr, buf.len())?;
        let mut done = 0;
        while done < buf.len() {
            let at = start + done;
            let (shift, n) = (at % WORD, (WORD - at % WORD).min(buf.len() - done));
            let bytes = self.word(at).load(Ordering::Relaxed).to_ne_bytes();
            buf[done..done + n].copy_from_slice(&bytes[shift..shift + n]);
            done += n;
        }
        Ok(())
    }

    /// Writes `src` at `addr` (plain, relaxed writes; partly covered words
    /// keep their other bytes).
    pub(crate) fn write(&self, addr: u64, src: &[u8]) -> Result<(), Trap> {
        let start = self.check(addr, src.len())?;
        let mut done = 0;
        while done < src.len() {
            let at = start + done;
            let (shift, n) = (at % WORD, (WORD - at % WORD).min(src.len() - done));
            let word = self.word(at);
            if n == WORD {
                let mut bytes = [0; WORD];
                bytes.copy_from_slice(&src[done..done + WORD]);
                word.store(u64::from_ne_bytes(bytes), Ordering::Relaxed);
            } else {
                let part = &src[done..done + n];
                let _ = word.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |w| {
                    let mut bytes = w.to_ne_bytes();
                    bytes[shift..shift + n].copy_from_slice(part);
                    Some(u64::from_ne_bytes(bytes))
                });
            }
            done += n;
        }
        Ok(())
    }

    /// `memory.fill`: `len` copies of `value` at `addr`.
    pub(crate) fn fill(&self, addr: u64, value: u8, len: u64) -> Result<(), Trap> {
        let len = usize::try_from(len).map_err(|_| Trap::MemoryOutOfBounds)?;
        self.check(addr, len)?;
        let chunk = [value; CHUNK];
        let mut done = 0;
        while done < len {
            let n = CHUNK.min(len - done);
            self.write(addr + done as u64, &chunk[..n])?;
            done += n;
        }
        Ok(())
    }

    /// `memory.copy` within this memory (the ranges may overlap).
    pub(crate) fn copy_within(&self, dst: u64, src: u64, len: u64) -> Result<(), Trap> {
        let len = usize::try_from(len).map_err(|_| Trap::MemoryOutOfBounds)?;
        self.check(src, len)?;
        self.check(dst, len)?;
        let mut chunk = [0u8; CHUNK];
        // Copy chunk by chunk, from the end when copying upwards, so an
        // overlapping source is read before it is overwritten.
        let chunks = len.div_ceil(CHUNK);
        for i in 0..chunks {
            let i = if dst > src { chunks - 1 - i } else { i };
            let at = (i * CHUNK) as u64;
            let n = CHUNK.min(len - i * CHUNK);
            self.read(src + at, &mut chunk[..n])?;
            self.write(dst + at, &chunk[..n])?;
        }
        Ok(())
    }

    /// An atomic load of `width` bytes (1, 2, 4 or 8) at `addr`, which the
    /// caller checked to be aligned and in bounds (see `check_atomic`).
    pub(crate) fn atomic_load(&self, addr: usize, width: usize) -> u64 {
        extract(self.word(addr).load(Ordering::SeqCst), addr % WORD, width)
    }

    /// An atomic read-modify-write of `width` bytes at `addr` (aligned and in
    /// bounds): writes `f(old)` unless it is `None`; returns `old`.
    pub(crate) fn atomic_rmw(&self, addr: usize, width: usize, mut f: impl FnMut(u64) -> Option<u64>) -> u64 {
        let shift = addr % WORD;
        let mut old = 0;
        let _ = self.word(addr).fetch_update(Ordering::SeqCst, Ordering::SeqCst, |w| {
            old = extract(w, shift, width);
            f(old).map(|new| insert(w, shift, width, new))
        });
        old
    }

    /// `memory.atomic.wait32/64` at `addr` (aligned and in bounds): blocks
    /// while the `width`-byte value there is `expected`, until notified, the
    /// `deadline` or `interrupted()`.
    pub(crate) fn wait(
        &self,
        addr: usize,
        width: usize,
        expected: u64,
        deadline: Option<Instant>,
        interrupted: &dyn Fn() -> bool,
    ) -> WaitOutcome {
        let still_expected = || self.atomic_load(addr, width) == expected;
        self.parking.wait(addr as u64, still_expected, deadline, interrupted)
    }

    /// `memory.atomic.notify` at `addr`: wakes up to `count` waiters.
    pub(crate) fn notify(&self, addr: usize, count: u32) -> u32 {
        self.parking.notify(addr as u64, count)
    }
}

/// Bytes moved at a time by `fill` and `copy_within`.
const CHUNK: usize = 4096;

/// The little-endian value of `width` bytes at byte `shift` of `word`.
fn extract(word: u64, shift: usize, width: usize) -> u64 {
    let mut bytes = [0u8; WORD];
    bytes[..width].copy_from_slice(&word.to_ne_bytes()[shift..shift + width]);
    u64::from_le_bytes(bytes)
}

/// `word` with `width` bytes at byte `shift` replaced by `value`'s low bytes
/// (little-endian).
fn insert(word: u64, shift: usize, width: usize, value: u64) -> u64 {
    let mut bytes = word.to_ne_bytes();
    bytes[shift..shift + width].copy_from_slice(&value.to_le_bytes()[..width]);
    u64::from_ne_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory(min: u32, max: u32) -> SharedMemoryData {
        SharedMemoryData::new(MemoryType::shared(min, max)).unwrap()
    }

    #[test]
    fn grows_in_place_up_to_the_maximum() {
        let m = memory(1, 3);
        let base = m.region.ptr();
        assert_eq!(m.len(), 65536);
        assert_eq!(m.grow(2), Ok(1));
        assert_eq!(m.grow(1), Err(GrowError::TooLarge));
        assert_eq!(m.size_pages(), 3);
        assert_eq!(m.region.ptr(), base, "the bytes never move");
    }

    #[test]
    fn unaligned_reads_and_writes_keep_neighbours() {
        let m = memory(1, 1);
        m.write(0, &[0xaa; 24]).unwrap();
        m.write(5, &[1, 2, 3, 4, 5, 6, 7]).unwrap();
        let mut buf = [0u8; 16];
        m.read(3, &mut buf).unwrap();
        assert_eq!(buf, [0xaa, 0xaa, 1, 2, 3, 4, 5, 6, 7, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa]);
        assert_eq!(m.read(65530, &mut buf), Err(Trap::MemoryOutOfBounds));
        assert_eq!(m.write(u64::MAX, &[1]), Err(Trap::MemoryOutOfBounds));
    }

    #[test]
    fn sub_word_atomics_touch_only_their_bytes() {
        let m = memory(1, 1);
        m.write(8, &[0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]).unwrap();
        assert_eq!(m.atomic_load(10, 2), 0x4433);
        assert_eq!(m.atomic_rmw(12, 4, |v| Some(v.wrapping_add(1))), 0x8877_6655);
        assert_eq!(m.atomic_rmw(9, 1, |_| None), 0x22, "no write when `f` declines");
        let mut buf = [0u8; 8];
        m.read(8, &mut buf).unwrap();
        assert_eq!(buf, [0x11, 0x22, 0x33, 0x44, 0x56, 0x66, 0x77, 0x88]);
    }

    #[test]
    fn fill_and_overlapping_copies() {
        let m = memory(1, 1);
        m.fill(1, 7, 3).unwrap();
        m.write(10, &(0..20).collect::<Vec<u8>>()).unwrap();
        m.copy_within(12, 10, 10).unwrap();
        let mut buf = [0u8; 12];
        m.read(10, &mut buf).unwrap();
        assert_eq!(buf, [0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        m.copy_within(0, 1, 4).unwrap();
        let mut head = [0u8; 5];
        m.read(0, &mut head).unwrap();
        assert_eq!(head, [7, 7, 7, 0, 0]);
        assert_eq!(m.copy_within(65535, 0, 2), Err(Trap::MemoryOutOfBounds));
    }
}
