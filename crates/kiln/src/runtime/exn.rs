//! Exception objects: what `throw` creates and an `exnref` points at. Each
//! is a store tag index plus its payload in slot form, kept in one flat
//! arena so that throwing allocates nothing in the common case.
//!
//! Like extern references, exception objects live as long as their store
//! (there is no garbage collector). An exception that `throw` created and a
//! `catch` without `_ref` consumed can never be referenced again, so the
//! arena takes the newest one back (see [`ExnHeap::reclaim`]): a loop that
//! throws and catches runs in constant memory.

use crate::trap::Trap;

/// One exception object.
#[derive(Copy, Clone, Debug)]
struct ExnObject {
    /// Store index of the exception's tag.
    tag: u32,
    /// Where its payload starts in `ExnHeap::payloads`.
    start: usize,
    /// Payload length in slots.
    len: usize,
}

/// All exception objects of a store, addressed by index (an `exnref` in a
/// slot is the index plus one).
#[derive(Default)]
pub(crate) struct ExnHeap {
    objects: Vec<ExnObject>,
    payloads: Vec<u64>,
}

impl ExnHeap {
    /// A new exception of store tag `tag` carrying `payload` (slot form).
    /// Indices are 32-bit and `u32::MAX` is never one, so that the slot
    /// form (index plus one) fits 32 bits too.
    pub(crate) fn alloc(&mut self, tag: u32, payload: &[u64]) -> Result<u32, Trap> {
        let index = u32::try_from(self.objects.len()).ok().filter(|&i| i < u32::MAX).ok_or(Trap::AllocationTooLarge)?;
        let start = self.payloads.len();
        self.payloads.extend_from_slice(payload);
        self.objects.push(ExnObject { tag, start, len: payload.len() });
        Ok(index)
    }

    /// Does exception `exn` exist?
    pub(crate) fn contains(&self, exn: u32) -> bool {
        (exn as usize) < self.objects.len()
    }

    /// The store tag of exception `exn` (`None` if there is no such
    /// exception).
    pub(crate) fn tag(&self, exn: u32) -> Option<u32> {
        self.objects.get(exn as usize).map(|o| o.tag)
    }

    /// The payload of exception `exn` in slot form (empty if there is no
    /// such exception).
    pub(crate) fn payload(&self, exn: u32) -> &[u64] {
        match self.objects.get(exn as usize) {
            Some(o) => self.payloads.get(o.start..o.start + o.len).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Frees exception `exn` if it is the newest one. Only for an exception
    /// nothing can refer to any more.
    pub(crate) fn reclaim(&mut self, exn: u32) {
        if exn as usize + 1 == self.objects.len()
            && let Some(object) = self.objects.pop()
        {
            self.payloads.truncate(object.start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_exception_is_reclaimed() {
        let mut heap = ExnHeap::default();
        let a = heap.alloc(7, &[1, 2]).unwrap();
        let b = heap.alloc(8, &[3]).unwrap();
        assert_eq!((heap.tag(b), heap.payload(b)), (Some(8), &[3][..]));
        heap.reclaim(a);
        assert!(heap.contains(a), "only the newest exception can go");
        heap.reclaim(b);
        assert!(!heap.contains(b));
        assert_eq!(heap.payload(a), &[1, 2]);
        assert_eq!((heap.payloads.len(), heap.tag(b)), (2, None));
    }
}
