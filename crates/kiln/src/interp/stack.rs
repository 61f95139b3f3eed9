//! The execution stack of one activation: value slots and call frames, both
//! on the heap, so a call's whole state is data that can be paused, kept and
//! resumed.

use super::ops::Op;

/// One active wasm function call.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Frame {
    /// Where execution continues in this frame: the next instruction to run
    /// once the frame is resumed (saved when the frame calls out). Points into
    /// the code of a module kept alive by the store's instance list.
    pub ip: *const Op,
    /// Index of this frame's slot 0 in `Stack::slots`.
    pub fp: usize,
    /// Store index of the instance the function belongs to.
    pub instance: u32,
    /// Index of the function among its module's defined functions.
    pub func: u32,
}

/// Value slots plus frames; reused across calls through the store's pool.
pub(crate) struct Stack {
    pub slots: Vec<u64>,
    pub frames: Vec<Frame>,
    /// Byte budget for slots plus frame records (`Config::max_wasm_stack`).
    pub limit_bytes: usize,
}

// SAFETY: the raw instruction pointers in frames refer to immutable code
// owned by modules (shared, `Sync` data); a stack is only ever used with the
// store that created its frames.
unsafe impl Send for Stack {}
// SAFETY: see the `Send` impl; `&Stack` gives no access to the code.
unsafe impl Sync for Stack {}

impl Stack {
    pub(crate) fn new(limit_bytes: usize) -> Stack {
        Stack { slots: Vec::new(), frames: Vec::new(), limit_bytes }
    }

    pub(crate) fn clear(&mut self) {
        self.frames.clear();
    }

    /// Bytes used by `slots_end` value slots and `frames` frame records.
    pub(crate) fn bytes_needed(slots_end: usize, frames: usize) -> usize {
        slots_end.saturating_mul(8).saturating_add(frames.saturating_mul(std::mem::size_of::<Frame>()))
    }

    /// Makes `slots` at least `end` long, within the budget. `false` means
    /// the call would overflow the stack.
    pub(crate) fn ensure_slots(&mut self, end: usize, frames: usize) -> bool {
        if Stack::bytes_needed(end, frames) > self.limit_bytes {
            return false;
        }
        if end > self.slots.len() {
            let doubled = self.slots.len().saturating_mul(2).max(256);
            let budget = self.limit_bytes / 8;
            let new_len = doubled.min(budget).max(end);
            self.slots.resize(new_len, 0);
        }
        true
    }
}
