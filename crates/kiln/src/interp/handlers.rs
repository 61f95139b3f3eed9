//! Exception handler tables: where an exception thrown (or propagated by a
//! call) at an instruction of a function is caught, decided at translation
//! time so that code that does not throw pays nothing for `try_table`.
//!
//! Each `try_table` (and legacy `try`) becomes an [`Entry`]: the range of
//! instructions it covers, its catch clauses and the entry an exception
//! that none of them catches goes on to (the enclosing handler, or for a
//! legacy `delegate` the handler of the label it names). Entries are in
//! order of their start (pre-order), so the innermost entry covering an
//! instruction is the last one that covers it, and the walk from it to the
//! outer ones follows `parent` links. A [`Clause`] says which tag it
//! catches, where the payload (and the `exnref`, for `catch_ref`,
//! `catch_all_ref` and legacy `catch`) go in the frame and where execution
//! continues, as a branch to the clause's label would.

use anyhow::{Result, bail};

use super::ops::Slot;

/// `parent` of an entry whose exceptions leave the function.
pub(crate) const NO_ENTRY: u32 = u32::MAX;

/// One `try_table` or legacy `try` of a function.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Entry {
    /// First instruction covered.
    pub start: u32,
    /// One past the last instruction covered.
    pub end: u32,
    /// The entry tried next ([`NO_ENTRY`]: the caller's frame).
    pub parent: u32,
    /// The entry's clauses: `clauses[first..first + count]`.
    pub first: u32,
    pub count: u32,
}

/// One catch clause.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Clause {
    /// The module tag index caught; `None` catches every exception.
    pub tag: Option<u32>,
    /// First slot of the payload.
    pub payload: Slot,
    /// Slots the payload takes.
    pub width: u16,
    /// Where the exception reference goes, if the clause keeps it.
    pub exn: Option<Slot>,
    /// The instruction execution continues at.
    pub target: u32,
}

/// The handler table of one function (empty for most).
#[derive(Debug, Default)]
pub(crate) struct HandlerTable {
    entries: Box<[Entry]>,
    clauses: Box<[Clause]>,
}

impl HandlerTable {
    pub(crate) fn new(entries: Vec<Entry>, clauses: Vec<Clause>) -> HandlerTable {
        HandlerTable { entries: entries.into(), clauses: clauses.into() }
    }

    /// Does the function have no handlers at all?
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The clause that catches an exception thrown at instruction `pc`;
    /// `catches(tag)` says whether a clause for module tag `tag` matches it.
    pub(crate) fn find(&self, pc: u32, mut catches: impl FnMut(u32) -> bool) -> Option<Clause> {
        let mut at = self.entries.iter().rposition(|e| e.start <= pc && pc < e.end)?;
        loop {
            let entry = self.entries.get(at)?;
            let first = entry.first as usize;
            let clauses = self.clauses.get(first..first + entry.count as usize)?;
            if let Some(clause) = clauses.iter().find(|c| c.tag.is_none_or(&mut catches)) {
                return Some(*clause);
            }
            at = entry.parent as usize;
        }
    }

    /// Every instruction a clause continues at (a branch target the
    /// result-forwarding pass must know about).
    pub(crate) fn targets(&self) -> impl Iterator<Item = usize> + '_ {
        self.clauses.iter().map(|c| c.target as usize)
    }

    /// Checks what the executor relies on: clauses inside the table and
    /// their targets inside the code, payloads and references inside a frame
    /// of `limit` slots, and `parent` links that lead outwards (to an earlier
    /// entry), so a search ends.
    pub(crate) fn verify(&self, code_len: usize, limit: u32) -> Result<()> {
        for (i, entry) in self.entries.iter().enumerate() {
            if entry.parent != NO_ENTRY && entry.parent as usize >= i {
                bail!("internal error: handler {i} continues at handler {}", entry.parent);
            }
            if entry.start > entry.end || entry.end as usize > code_len {
                bail!("internal error: handler {i} covers {}..{} of {code_len} instructions", entry.start, entry.end);
            }
            if (entry.first as usize).saturating_add(entry.count as usize) > self.clauses.len() {
                bail!("internal error: handler {i} has clauses outside the table");
            }
        }
        for clause in self.clauses.iter() {
            let payload_end = u32::from(clause.payload.0) + u32::from(clause.width);
            let exn_end = clause.exn.map_or(0, |s| u32::from(s.0) + 1);
            if clause.target as usize >= code_len || payload_end > limit || exn_end > limit {
                bail!("internal error: catch clause {clause:?} outside the function or its frame of {limit} slots");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(tag: Option<u32>, target: u32) -> Clause {
        Clause { tag, payload: Slot(0), width: 0, exn: None, target }
    }

    #[test]
    fn innermost_handler_first_then_outwards() {
        // 0..10 catches tag 1 (target 20); inside it 2..5 catches tag 2
        // (target 21) and 6..8 delegates straight to the caller.
        let entries = vec![
            Entry { start: 0, end: 10, parent: NO_ENTRY, first: 0, count: 1 },
            Entry { start: 2, end: 5, parent: 0, first: 1, count: 1 },
            Entry { start: 6, end: 8, parent: NO_ENTRY, first: 2, count: 0 },
        ];
        let table = HandlerTable::new(entries, vec![clause(Some(1), 20), clause(Some(2), 21)]);
        let target = |pc, tag| table.find(pc, |t| t == tag).map(|c| c.target);
        assert_eq!(target(3, 2), Some(21));
        assert_eq!(target(3, 1), Some(20));
        assert_eq!(target(5, 2), None);
        assert_eq!(target(7, 1), None, "delegated past the enclosing handler");
        assert_eq!(target(10, 1), None);
        assert!(table.verify(22, 1).is_ok());
        assert!(table.verify(21, 1).is_err());
        let loops = HandlerTable::new(vec![Entry { start: 0, end: 1, parent: 0, first: 0, count: 0 }], vec![]);
        assert!(loops.verify(1, 1).is_err());
    }
}
