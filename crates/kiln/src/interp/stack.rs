//! The execution stack of one activation: value slots and call frames, both
//! on the heap, so a call's whole state is data that can be paused, kept and
//! resumed.

use super::code::Instr;

/// One active wasm function call.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Frame {
    /// Where execution continues in this frame: the next instruction to run
    /// once the frame is resumed (saved when the frame calls out). Points into
    /// the code of a module kept alive by the store's instance list.
    pub ip: *const Instr,
    /// Index of this frame's slot 0 in `Stack::slots`.
    pub fp: usize,
    /// Store index of the instance the function belongs to.
    pub instance: u32,
    /// Index of the function among its module's defined functions.
    pub func: u32,
}

/// Value slots plus frames; reused across calls through the store's pool.
///
/// The slots and frame records reserved so far always fit the byte budget
/// together, so a call whose frame fits the reservation needs no budget
/// check: [`Stack::reserve_frame`] is two comparisons until the stack grows.
pub(crate) struct Stack {
    pub slots: Vec<u64>,
    pub frames: Vec<Frame>,
    /// The accumulator (`Regs::acc`) when the activation stopped at a check
    /// point: the instruction it resumes at may take an operand from it.
    pub resume_acc: u64,
    /// How many frames the reservation holds (`frames` has the capacity).
    frame_room: usize,
    /// Byte budget for slots plus frame records (`Config::max_wasm_stack`).
    limit_bytes: usize,
}

// SAFETY: the raw instruction pointers in frames refer to immutable code
// owned by modules (shared, `Sync` data); a stack is only ever used with the
// store that created its frames.
unsafe impl Send for Stack {}
// SAFETY: see the `Send` impl; `&Stack` gives no access to the code.
unsafe impl Sync for Stack {}

impl Stack {
    pub(crate) fn new(limit_bytes: usize) -> Stack {
        Stack { slots: Vec::new(), frames: Vec::new(), resume_acc: 0, frame_room: 0, limit_bytes }
    }

    /// Moves the stack out, leaving an empty one with the same budget in
    /// its place (an executor owns the stack while it runs).
    pub(crate) fn take(&mut self) -> Stack {
        let empty = Stack::new(self.limit_bytes);
        std::mem::replace(self, empty)
    }

    pub(crate) fn clear(&mut self) {
        self.frames.clear();
    }

    /// Bytes used by `slots_end` value slots and `frames` frame records.
    fn bytes_needed(slots_end: usize, frames: usize) -> usize {
        slots_end.saturating_mul(8).saturating_add(frames.saturating_mul(std::mem::size_of::<Frame>()))
    }

    /// Makes room for one more frame whose slots end at `end`. `false` means
    /// the call would overflow the stack.
    #[inline(always)]
    pub(crate) fn reserve_frame(&mut self, end: usize) -> bool {
        (end <= self.slots.len() && self.frames.len() < self.frame_room) || self.grow(end)
    }

    /// Pushes `frame` if the reservation has room for it, without the
    /// growth path of `Vec::push` (so that the call handler calls nothing);
    /// `false` if it has not.
    #[inline(always)]
    pub(crate) fn push_frame_within_room(&mut self, frame: Frame) -> bool {
        let len = self.frames.len();
        // `grow` reserves capacity for `frame_room` frames; the second test
        // keeps this sound whatever else is done to `frames`.
        if len >= self.frame_room || len >= self.frames.capacity() {
            return false;
        }
        // SAFETY: `len < capacity`, so the element at `len` is allocated,
        // and the first `len + 1` elements are initialised after the write.
        unsafe {
            self.frames.as_mut_ptr().add(len).write(frame);
            self.frames.set_len(len + 1);
        }
        true
    }

    /// Grows the reservation (doubling, within the budget) to hold one more
    /// frame ending at slot `end`.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, end: usize) -> bool {
        let limit = self.limit_bytes;
        let fits = |slots: usize, frames: usize| Stack::bytes_needed(slots, frames) <= limit;
        let frames = self.frames.len() + 1;
        let mut slots = self.slots.len();
        if end > slots {
            let doubled = end.max(slots.saturating_mul(2)).max(256);
            slots = if fits(doubled, frames) { doubled } else { end };
        }
        if !fits(slots, frames) {
            return false;
        }
        let doubled = frames.max(self.frame_room.saturating_mul(2)).max(64);
        let room = if fits(slots, doubled) { doubled } else { (limit - slots * 8) / std::mem::size_of::<Frame>() };
        self.slots.resize(slots, 0);
        self.frames.reserve_exact(room - self.frames.len());
        self.frame_room = room;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn take_leaves_an_empty_stack_with_the_same_budget() {
        let mut stack = Stack::new(4096);
        assert!(stack.reserve_frame(10));
        assert!(stack.push_frame_within_room(Frame { ip: std::ptr::null(), fp: 0, instance: 0, func: 0 }));
        let taken = stack.take();
        assert_eq!((taken.frames.len(), taken.slots.len(), taken.limit_bytes), (1, 256, 4096));
        assert!(stack.frames.is_empty() && stack.slots.is_empty());
        assert_eq!(stack.limit_bytes, 4096);
        assert!(stack.reserve_frame(10));
    }

    #[test]
    fn reservations_stay_within_the_budget() {
        let limit = 64 * 1024;
        let mut stack = Stack::new(limit);
        let mut end = 0;
        while stack.reserve_frame(end + 10) {
            end += 10;
            assert!(stack.push_frame_within_room(Frame { ip: std::ptr::null(), fp: end - 10, instance: 0, func: 0 }));
            assert!(Stack::bytes_needed(stack.slots.len(), stack.frame_room) <= limit);
        }
        // The budget was used up, not abandoned early.
        assert!(Stack::bytes_needed(end + 10, stack.frames.len() + 1) > limit);
        // Without room, nothing is pushed past the reservation.
        let frames = stack.frames.len();
        while stack.push_frame_within_room(Frame { ip: std::ptr::null(), fp: 0, instance: 0, func: 0 }) {}
        assert!(stack.frames.len() <= stack.frame_room && stack.frames.len() >= frames);
        stack.clear();
        assert!(stack.reserve_frame(10));
    }
}
