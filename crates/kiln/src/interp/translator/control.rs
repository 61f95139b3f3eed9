//! Control frames (blocks, loops, ifs, the function body) and branch labels
//! with forward-reference patching.

use anyhow::{Result, bail};

use super::stack::Ty;
use crate::interp::ops::{BranchOffset, Op, Slot};

/// A branch target, resolved once its position is known.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Label(u32);

enum LabelState {
    Pinned(usize),
    Pending(Vec<usize>),
}

/// All labels of one function.
#[derive(Default)]
pub(crate) struct Labels {
    states: Vec<LabelState>,
}

impl Labels {
    pub(crate) fn new_label(&mut self) -> Label {
        self.states.push(LabelState::Pending(Vec::new()));
        Label((self.states.len() - 1) as u32)
    }

    /// Records that the branch instruction at `at` targets `label`, patching
    /// it now if the label is already pinned.
    pub(crate) fn use_label(&mut self, label: Label, at: usize, code: &mut [Op]) -> Result<()> {
        match &mut self.states[label.0 as usize] {
            LabelState::Pinned(target) => patch(code, at, *target),
            LabelState::Pending(users) => {
                users.push(at);
                Ok(())
            }
        }
    }

    /// Fixes `label` at instruction position `pos` and patches its users.
    pub(crate) fn pin(&mut self, label: Label, pos: usize, code: &mut [Op]) -> Result<()> {
        let state = std::mem::replace(&mut self.states[label.0 as usize], LabelState::Pinned(pos));
        match state {
            LabelState::Pending(users) => users.into_iter().try_for_each(|at| patch(code, at, pos)),
            LabelState::Pinned(_) => bail!("internal error: label pinned twice"),
        }
    }
}

fn patch(code: &mut [Op], at: usize, target: usize) -> Result<()> {
    let offset = i32::try_from(target as i64 - at as i64)?;
    match code.get_mut(at).and_then(Op::branch_offset_mut) {
        Some(slot) => {
            *slot = BranchOffset(offset);
            Ok(())
        }
        None => bail!("internal error: label user at {at} is not a branch"),
    }
}

/// What kind of construct a control frame is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum ControlKind {
    Function,
    Block,
    Loop,
    /// An `if`; `else_label` is where the false path starts.
    If {
        else_label: Label,
        has_else: bool,
    },
}

/// One open control construct.
pub(crate) struct Control {
    pub kind: ControlKind,
    /// Where branches to this frame go: the start for loops, the end otherwise.
    pub label: Label,
    /// Operand stack height below the frame's parameters.
    pub height: usize,
    /// Home slot of the first parameter / result.
    pub base: Slot,
    pub params: Box<[Ty]>,
    pub results: Box<[Ty]>,
    /// Was the frame entered from reachable code?
    pub reachable_at_entry: bool,
    /// Does some path reach the frame's end?
    pub end_reachable: bool,
}

impl Control {
    /// The types a branch to this frame carries.
    pub(crate) fn branch_types(&self) -> &[Ty] {
        if self.kind == ControlKind::Loop { &self.params } else { &self.results }
    }
}
