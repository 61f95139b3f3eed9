//! The translator's model of the wasm operand stack.
//!
//! Every entry owns a *home*: the temporary frame slot that corresponds to its
//! stack position. A value need not be in its home yet: it may still live in a
//! local (after `local.get`) or be a constant (after `i32.const`), so that
//! instructions can read locals directly and take constants as immediates.
//! Before a local is overwritten, every entry still referring to it is copied
//! to its home ("preserved"); the entries referring to each local are linked
//! so that this costs time proportional to their number only.

use anyhow::{Result, bail};

use crate::interp::ops::Slot;

/// The translator's view of a value type: what decides slot width and which
/// instruction variant to use.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    I32,
    I64,
    F32,
    F64,
    V128,
    Ref,
}

impl Ty {
    /// Number of 64-bit slots a value of this type occupies.
    pub(crate) fn width(self) -> u32 {
        if self == Ty::V128 { 2 } else { 1 }
    }
}

/// Where an operand's value currently is.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(crate) enum Src {
    /// In the entry's home slot.
    Home,
    /// In local number `n`.
    Local(u32),
    /// A known constant (bits as stored in a slot); never used for `v128`.
    Const(u64),
}

const NONE: u32 = u32::MAX;

/// One operand stack entry.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Entry {
    pub ty: Ty,
    pub home: Slot,
    pub src: Src,
    /// For `Src::Local` entries: the next-lower entry referring to the same local.
    prev_same_local: u32,
}

/// A pending copy of a local into an entry's home, produced by preservation.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Preserve {
    pub home: Slot,
    pub local: u32,
    pub ty: Ty,
}

/// Largest number of slots a frame may use: slot indices are 16-bit.
pub(crate) const MAX_FRAME_SLOTS: u32 = 1 << 16;

pub(crate) struct OperandStack {
    entries: Vec<Entry>,
    /// Slot of the next home to hand out.
    top: u32,
    /// One past the highest slot ever handed out.
    high_water: u32,
    /// Per local: index of the topmost entry referring to it, or `NONE`.
    local_heads: Vec<u32>,
    /// Number of entries with `Src::Local`.
    local_refs: usize,
    /// No entry below this index refers to a local: the lowest entry pushed
    /// as one since [`preserve_all_locals`](Self::preserve_all_locals) last
    /// ran (`usize::MAX` if none), where its next scan starts.
    local_free_below: usize,
    /// Entries scanned by `preserve_all_locals` so far (for the tests).
    #[cfg(test)]
    scanned: usize,
}

impl OperandStack {
    /// A stack whose first home is `base` (the slot after the locals).
    pub(crate) fn new(base: u32, num_locals: usize) -> OperandStack {
        OperandStack {
            entries: Vec::new(),
            top: base,
            high_water: base,
            local_heads: vec![NONE; num_locals],
            local_refs: 0,
            local_free_below: usize::MAX,
            #[cfg(test)]
            scanned: 0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The next home slot (where a push would go).
    pub(crate) fn top_slot(&self) -> Slot {
        // `push` keeps `top` within `MAX_FRAME_SLOTS`; the value equal to the
        // limit is only observable as a base for zero-width operations.
        Slot(u16::try_from(self.top).unwrap_or(u16::MAX))
    }

    /// One past the highest slot ever used.
    pub(crate) fn high_water(&self) -> u32 {
        self.high_water
    }

    /// Makes sure slots up to `end` (exclusive) count as used.
    pub(crate) fn reserve_until(&mut self, end: u32) -> Result<()> {
        if end > MAX_FRAME_SLOTS {
            bail!("function needs more than {MAX_FRAME_SLOTS} value slots");
        }
        self.high_water = self.high_water.max(end);
        Ok(())
    }

    fn push(&mut self, ty: Ty, src: Src) -> Result<Slot> {
        let home = self.top;
        let end = home + ty.width();
        self.reserve_until(end)?;
        self.top = end;
        let mut prev_same_local = NONE;
        if let Src::Local(l) = src {
            prev_same_local = self.local_heads[l as usize];
            self.local_heads[l as usize] = u32::try_from(self.entries.len())?;
            self.local_refs += 1;
            self.local_free_below = self.local_free_below.min(self.entries.len());
        }
        let home = Slot(u16::try_from(home)?);
        self.entries.push(Entry { ty, home, src, prev_same_local });
        Ok(home)
    }

    /// Pushes a value that will be computed into its home; returns the home.
    pub(crate) fn push_home(&mut self, ty: Ty) -> Result<Slot> {
        self.push(ty, Src::Home)
    }

    /// Pushes a reference to local `l`.
    pub(crate) fn push_local(&mut self, l: u32, ty: Ty) -> Result<()> {
        self.push(ty, Src::Local(l)).map(drop)
    }

    /// Pushes a constant.
    pub(crate) fn push_const(&mut self, ty: Ty, bits: u64) -> Result<()> {
        self.push(ty, Src::Const(bits)).map(drop)
    }

    pub(crate) fn pop(&mut self) -> Result<Entry> {
        let Some(entry) = self.entries.pop() else { bail!("internal error: operand stack underflow") };
        self.top = u32::from(entry.home.0);
        if let Src::Local(l) = entry.src {
            self.local_heads[l as usize] = entry.prev_same_local;
            self.local_refs -= 1;
        }
        Ok(entry)
    }

    /// The entry `depth` positions below the top (0 = top).
    pub(crate) fn peek(&self, depth: usize) -> Result<Entry> {
        match self.entries.len().checked_sub(depth + 1) {
            Some(i) => Ok(self.entries[i]),
            None => bail!("internal error: operand stack underflow"),
        }
    }

    /// The top `n` entries, lowest first.
    pub(crate) fn top_entries(&self, n: usize) -> Result<&[Entry]> {
        match self.entries.len().checked_sub(n) {
            Some(start) => Ok(&self.entries[start..]),
            None => bail!("internal error: operand stack underflow"),
        }
    }

    /// Marks the top `n` entries as living in their homes (the caller has
    /// copied their values there). Going down from the top, each entry that
    /// refers to a local is the topmost one referring to it, the head of
    /// that local's chain, so unlinking it takes constant time.
    pub(crate) fn set_top_home(&mut self, n: usize) -> Result<()> {
        let Some(start) = self.entries.len().checked_sub(n) else { bail!("internal error: operand stack underflow") };
        for i in (start..self.entries.len()).rev() {
            let entry = &mut self.entries[i];
            if let Src::Local(l) = entry.src {
                let head = &mut self.local_heads[l as usize];
                if *head as usize != i {
                    bail!("internal error: local reference chain out of order");
                }
                *head = std::mem::replace(&mut entry.prev_same_local, NONE);
                self.local_refs -= 1;
            }
            entry.src = Src::Home;
        }
        Ok(())
    }

    /// Pops entries until `height` remain.
    pub(crate) fn truncate(&mut self, height: usize) -> Result<()> {
        while self.entries.len() > height {
            self.pop()?;
        }
        Ok(())
    }

    /// Turns every entry referring to local `l` into a home entry and
    /// returns the copies the caller must emit (before `l` is written).
    pub(crate) fn preserve_local(&mut self, l: u32) -> Vec<Preserve> {
        let mut copies = Vec::new();
        let mut cursor = std::mem::replace(&mut self.local_heads[l as usize], NONE);
        while cursor != NONE {
            let entry = &mut self.entries[cursor as usize];
            copies.push(Preserve { home: entry.home, local: l, ty: entry.ty });
            entry.src = Src::Home;
            cursor = std::mem::replace(&mut entry.prev_same_local, NONE);
            self.local_refs -= 1;
        }
        copies
    }

    /// Does any entry refer to local `l`?
    pub(crate) fn refers_to_local(&self, l: u32) -> bool {
        self.local_heads[l as usize] != NONE
    }

    /// Turns every entry referring to any local into a home entry; returns the
    /// copies to emit, lowest entry first. Used when entering a block, whose
    /// code may write a local on only some paths.
    ///
    /// The scan starts at the lowest entry pushed as a local reference since
    /// the last call, so every entry it visits was pushed since then: a
    /// function's calls together cost time linear in its number of pushes,
    /// however deep the stack.
    pub(crate) fn preserve_all_locals(&mut self) -> Vec<Preserve> {
        if self.local_refs == 0 {
            return Vec::new();
        }
        let start = std::mem::replace(&mut self.local_free_below, usize::MAX);
        #[cfg(test)]
        {
            self.scanned += self.entries.len() - start;
        }
        let mut copies = Vec::new();
        for entry in &mut self.entries[start..] {
            if let Src::Local(l) = entry.src {
                copies.push(Preserve { home: entry.home, local: l, ty: entry.ty });
                entry.src = Src::Home;
                entry.prev_same_local = NONE;
                self.local_heads[l as usize] = NONE;
            }
        }
        self.local_refs = 0;
        copies
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homes_follow_positions_and_widths() {
        let mut s = OperandStack::new(4, 1);
        assert_eq!(s.push_home(Ty::I32).unwrap(), Slot(4));
        assert_eq!(s.push_home(Ty::V128).unwrap(), Slot(5));
        assert_eq!(s.push_home(Ty::I64).unwrap(), Slot(7));
        assert_eq!(s.high_water(), 8);
        s.pop().unwrap();
        s.pop().unwrap();
        assert_eq!(s.top_slot(), Slot(5));
    }

    #[test]
    fn preserving_a_local_converts_only_its_entries() {
        let mut s = OperandStack::new(2, 2);
        s.push_local(0, Ty::I32).unwrap();
        s.push_local(1, Ty::I32).unwrap();
        s.push_local(0, Ty::I32).unwrap();
        let copies = s.preserve_local(0);
        assert_eq!(copies.iter().map(|c| c.home.0).collect::<Vec<_>>(), [4, 2]);
        assert_eq!(s.peek(1).unwrap().src, Src::Local(1));
        assert!(!s.refers_to_local(0));
        assert!(s.refers_to_local(1));
    }

    #[test]
    fn set_top_home_unlinks_only_the_top_entries() {
        let mut s = OperandStack::new(2, 2);
        s.push_local(0, Ty::I32).unwrap();
        s.push_const(Ty::I32, 5).unwrap();
        // A call's arguments: many references to the same local.
        for _ in 0..1_000 {
            s.push_local(0, Ty::I32).unwrap();
            s.push_local(1, Ty::I32).unwrap();
        }
        s.set_top_home(2_001).unwrap();
        assert!(s.top_entries(2_001).unwrap().iter().all(|e| e.src == Src::Home));
        assert!(!s.refers_to_local(1));
        let copies = s.preserve_local(0);
        assert_eq!(copies.iter().map(|c| c.home.0).collect::<Vec<_>>(), [2]);
        assert_eq!(s.local_refs, 0);
        assert!(s.set_top_home(2_003).is_err());
    }

    #[test]
    fn preserving_all_locals_scans_only_new_entries() {
        let mut s = OperandStack::new(3, 3);
        s.push_local(1, Ty::I32).unwrap();
        for _ in 0..10_000 {
            s.push_home(Ty::I64).unwrap();
        }
        s.push_local(0, Ty::I32).unwrap();
        s.push_local(1, Ty::I32).unwrap();
        let copies = s.preserve_all_locals();
        let homes = copies.iter().map(|c| (c.home.0, c.local)).collect::<Vec<_>>();
        assert_eq!(homes, [(3, 1), (10_004, 0), (10_005, 1)]);
        assert!(!(0..3).any(|l| s.refers_to_local(l)));
        let scanned_once = s.scanned;
        assert_eq!(scanned_once, 10_003);
        // `local.get 0; block; end; drop` over and over on a deep stack.
        for _ in 0..10_000 {
            s.push_local(0, Ty::I32).unwrap();
            let copies = s.preserve_all_locals();
            assert_eq!(copies.len(), 1);
            assert_eq!((copies[0].home.0, copies[0].local), (10_006, 0));
            assert!(!s.refers_to_local(0));
            s.pop().unwrap();
        }
        assert_eq!(s.scanned - scanned_once, 10_000);
        // Popping below the scanned part makes re-pushed entries count again.
        s.truncate(1).unwrap();
        s.push_local(2, Ty::I32).unwrap();
        let copies = s.preserve_all_locals();
        assert_eq!(copies.iter().map(|c| (c.home.0, c.local)).collect::<Vec<_>>(), [(4, 2)]);
    }

    #[test]
    fn frame_limit_is_an_error() {
        let mut s = OperandStack::new(MAX_FRAME_SLOTS - 1, 0);
        assert!(s.push_home(Ty::I32).is_ok());
        assert!(s.push_home(Ty::I32).is_err());
    }
}
