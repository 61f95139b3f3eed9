//! Translation of exception handling: `throw`, `throw_ref`, `try_table`,
//! and the legacy `try`/`catch`/`catch_all`/`delegate`/`rethrow`.
//!
//! A `try_table` emits no instruction. It opens a handler entry (see
//! `interp::handlers`) covering the instructions of its body; each catch
//! clause records where its payload goes and which label it continues at,
//! exactly as a branch to that label would: the payload (and the `exnref`,
//! for the `_ref` forms) lands in the target frame's result slots. A clause
//! whose label is the function's returns through a small stub placed after
//! the function's code.
//!
//! A legacy `try` covers its body the same way; each `catch` starts a
//! landing pad inside the `try` whose operand stack holds, below the
//! payload, a hidden `exnref` of the caught exception for `rethrow`.
//! `delegate` ends the `try` and sends what its body throws to the handler
//! of the label it names.

use anyhow::{Context as _, Result, bail};
use wasmparser::{BlockType, Catch};

use super::Translator;
use super::control::{ControlKind, Label, Labels};
use super::stack::Ty;
use crate::interp::handlers::{Clause, Entry, HandlerTable, NO_ENTRY};
use crate::interp::ops::{Op, Slot};

/// A catch clause whose target is still a label.
struct PendingClause {
    tag: Option<u32>,
    payload: Slot,
    width: u16,
    exn: Option<Slot>,
    label: Label,
}

/// A handler entry under construction.
struct PendingEntry {
    start: u32,
    end: u32,
    parent: u32,
    clauses: Vec<PendingClause>,
}

/// A function's handler table under construction.
#[derive(Default)]
pub(super) struct HandlerBuilder {
    entries: Vec<PendingEntry>,
    /// Clauses that return from the function: the stub's label and the
    /// first slot of the values it returns.
    returns: Vec<(Label, Slot)>,
}

impl HandlerBuilder {
    /// Opens an entry covering code from `start`; its id.
    fn open(&mut self, start: usize, parent: u32, clauses: Vec<PendingClause>) -> Result<u32> {
        let id = u32::try_from(self.entries.len()).ok().filter(|&id| id != NO_ENTRY).context("too many handlers")?;
        let start = u32::try_from(start)?;
        self.entries.push(PendingEntry { start, end: start, parent, clauses });
        Ok(id)
    }

    fn entry(&mut self, id: u32) -> Result<&mut PendingEntry> {
        self.entries.get_mut(id as usize).context("internal error: unknown handler")
    }

    /// Resolves the clauses' labels to instruction positions.
    pub(super) fn build(self, labels: &Labels) -> Result<HandlerTable> {
        let mut entries = Vec::with_capacity(self.entries.len());
        let mut clauses = Vec::new();
        for pending in self.entries {
            let first = u32::try_from(clauses.len())?;
            for c in &pending.clauses {
                let target = labels.position(c.label).context("internal error: catch label never placed")?;
                let target = u32::try_from(target)?;
                clauses.push(Clause { tag: c.tag, payload: c.payload, width: c.width, exn: c.exn, target });
            }
            let count = u32::try_from(pending.clauses.len())?;
            entries.push(Entry { start: pending.start, end: pending.end, parent: pending.parent, first, count });
        }
        Ok(HandlerTable::new(entries, clauses))
    }
}

impl Translator<'_> {
    /// Keeps instructions on either side of this point from being fused or
    /// removed together, so that recorded code positions stay valid.
    fn barrier(&mut self) {
        self.last_result = None;
        self.pinned_at = self.code.len();
    }

    /// The handler entry that covers code inside control frame `idx`
    /// (outside any frame nested in it).
    fn handler_at(&self, idx: usize) -> u32 {
        self.controls[..=idx]
            .iter()
            .rev()
            .find_map(|c| match c.kind {
                ControlKind::TryTable { entry } | ControlKind::LegacyTry { entry, catching: false } => Some(entry),
                _ => None,
            })
            .unwrap_or(NO_ENTRY)
    }

    /// Slots the payload of module tag `tag` takes.
    fn payload_types(&self, tag: u32) -> Result<Vec<Ty>> {
        let tag = self.info.tags.get(tag as usize).context("unknown tag")?;
        Ok(tag.ty().param_slice().iter().map(Ty::of).collect())
    }

    fn payload_width(&self, tag: Option<u32>) -> Result<u16> {
        let width = match tag {
            Some(t) => self.payload_types(t)?.iter().map(|t| t.width()).sum::<u32>(),
            None => 0,
        };
        Ok(u16::try_from(width)?)
    }

    /// A `try_table` clause catching `tag` (`None`: all) that continues at
    /// relative depth `depth` (counted from outside the `try_table`), keeping
    /// the reference if `keep`.
    fn catch_clause(&mut self, tag: Option<u32>, depth: u32, keep: bool) -> Result<PendingClause> {
        let width = self.payload_width(tag)?;
        let idx = self.frame_index(depth)?;
        let (payload, label) = if self.controls[idx].kind == ControlKind::Function {
            // Any free slots do: the stub returns at once.
            let payload = self.stack.top_slot();
            let label = self.labels.new_label();
            self.handlers.returns.push((label, payload));
            (payload, label)
        } else {
            let frame = &mut self.controls[idx];
            if frame.kind != ControlKind::Loop {
                frame.end_reachable = true;
            }
            (frame.base, frame.label)
        };
        self.labels.land_at(label);
        let end = u32::from(payload.0) + u32::from(width);
        let exn = if keep { Some(Slot(u16::try_from(end).context("function frame too large")?)) } else { None };
        self.stack.reserve_until(end + u32::from(keep))?;
        Ok(PendingClause { tag, payload, width, exn, label })
    }

    pub(super) fn try_table(&mut self, try_table: &wasmparser::TryTable) -> Result<()> {
        if !self.reachable {
            return self.enter(ControlKind::TryTable { entry: NO_ENTRY }, try_table.ty);
        }
        let parent = self.handler_at(self.controls.len() - 1);
        let mut clauses = Vec::with_capacity(try_table.catches.len());
        for catch in &try_table.catches {
            let (tag, depth, keep) = match *catch {
                Catch::One { tag, label } => (Some(tag), label, false),
                Catch::OneRef { tag, label } => (Some(tag), label, true),
                Catch::All { label } => (None, label, false),
                Catch::AllRef { label } => (None, label, true),
            };
            clauses.push(self.catch_clause(tag, depth, keep)?);
        }
        self.enter(ControlKind::TryTable { entry: NO_ENTRY }, try_table.ty)?;
        let entry = self.handlers.open(self.code.len(), parent, clauses)?;
        self.set_entry(ControlKind::TryTable { entry })
    }

    /// Legacy `try`.
    pub(super) fn legacy_try(&mut self, ty: BlockType) -> Result<()> {
        let kind = ControlKind::LegacyTry { entry: NO_ENTRY, catching: false };
        if !self.reachable {
            return self.enter(kind, ty);
        }
        let parent = self.handler_at(self.controls.len() - 1);
        self.enter(kind, ty)?;
        let entry = self.handlers.open(self.code.len(), parent, Vec::new())?;
        self.set_entry(ControlKind::LegacyTry { entry, catching: false })
    }

    /// Gives the frame just entered its handler entry, which covers the code
    /// from here.
    fn set_entry(&mut self, kind: ControlKind) -> Result<()> {
        self.controls.last_mut().context("internal error: no frame entered")?.kind = kind;
        self.barrier();
        Ok(())
    }

    /// Ends the range of code covered by frame `idx`'s handler, if it has
    /// one still open (called when its body ends).
    pub(super) fn close_handler(&mut self, idx: usize) -> Result<()> {
        if let ControlKind::TryTable { entry } | ControlKind::LegacyTry { entry, catching: false } =
            self.controls[idx].kind
            && entry != NO_ENTRY
        {
            let end = u32::try_from(self.code.len())?;
            self.handlers.entry(entry)?.end = end;
            self.barrier();
        }
        Ok(())
    }

    /// Legacy `catch` (`tag` is `Some`) or `catch_all`.
    pub(super) fn legacy_catch(&mut self, tag: Option<u32>) -> Result<()> {
        let idx = self.controls.len() - 1;
        let frame = self.controls[idx];
        let ControlKind::LegacyTry { entry, .. } = frame.kind else { bail!("internal error: `catch` outside `try`") };
        self.close_handler(idx)?;
        if self.reachable {
            self.branch_to(idx)?;
        }
        self.controls[idx].kind = ControlKind::LegacyTry { entry, catching: true };
        self.stack.truncate(frame.height)?;
        self.reachable = frame.reachable_at_entry;
        if !self.reachable || entry == NO_ENTRY {
            return Ok(());
        }
        let landing = self.labels.new_label();
        self.pin_target(landing)?;
        let exn = self.stack.push_home(Ty::Ref)?;
        if exn != frame.base {
            bail!("internal error: caught exception not at the `try`'s base");
        }
        let payload = self.stack.top_slot();
        let types = match tag {
            Some(t) => self.payload_types(t)?,
            None => Vec::new(),
        };
        for ty in types {
            self.stack.push_home(ty)?;
        }
        let width = self.payload_width(tag)?;
        let clause = PendingClause { tag, payload, width, exn: Some(exn), label: landing };
        self.handlers.entry(entry)?.clauses.push(clause);
        Ok(())
    }

    /// Legacy `delegate`: ends the `try`; what its body throws goes to the
    /// handler of the label at `depth` (counted from outside the `try`).
    pub(super) fn delegate(&mut self, depth: u32) -> Result<()> {
        let idx = self.controls.len() - 1;
        let ControlKind::LegacyTry { entry, .. } = self.controls[idx].kind else {
            bail!("internal error: `delegate` outside `try`")
        };
        self.translate_end()?;
        if entry != NO_ENTRY {
            let target = self.frame_index(depth)?;
            let parent = self.handler_at(target);
            self.handlers.entry(entry)?.parent = parent;
        }
        Ok(())
    }

    /// Legacy `rethrow` of the exception caught by the `catch` at `depth`.
    pub(super) fn rethrow(&mut self, depth: u32) -> Result<()> {
        let frame = self.controls[self.frame_index(depth)?];
        let ControlKind::LegacyTry { catching: true, .. } = frame.kind else {
            bail!("internal error: `rethrow` outside `catch`")
        };
        let cost = self.take_pending();
        self.emit(Op::ThrowRef { exn: frame.base, cost });
        self.reachable = false;
        Ok(())
    }

    pub(super) fn throw(&mut self, tag: u32) -> Result<()> {
        let types = self.payload_types(tag)?;
        let count = self.payload_width(Some(tag))?;
        let base = self.prepare_call_args(types.len())?;
        let cost = self.take_pending();
        self.emit(Op::Throw { tag, base, count, cost });
        self.reachable = false;
        Ok(())
    }

    pub(super) fn throw_ref(&mut self) -> Result<()> {
        let entry = self.stack.pop()?;
        let exn = self.slot_of(entry);
        let cost = self.take_pending();
        self.emit(Op::ThrowRef { exn, cost });
        self.reachable = false;
        Ok(())
    }

    /// Places the stubs of clauses that return from the function, after
    /// its code.
    pub(super) fn emit_catch_returns(&mut self) -> Result<()> {
        let width = self.results.iter().map(|t| t.width()).sum::<u32>();
        for (label, src) in std::mem::take(&mut self.handlers.returns) {
            self.pin(label)?;
            let op = match &*self.results {
                [] => Op::Return { cost: Default::default() },
                [ty] if *ty != Ty::V128 => Op::ReturnSlot { src, cost: Default::default() },
                _ => Op::ReturnSlots { src, count: u16::try_from(width)?, cost: Default::default() },
            };
            self.emit(op);
        }
        Ok(())
    }
}
