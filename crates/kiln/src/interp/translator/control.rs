//! Control frames (blocks, loops, ifs, the function body) and branch labels
//! with forward-reference patching.

use anyhow::{Context as _, Result, bail};
use wasmparser::BlockType;

use super::stack::Ty;
use crate::interp::ops::{BranchOffset, Op, Slot};
use crate::module::ModuleInfo;
use crate::types::ValType;

/// A branch target, resolved once its position is known.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Label(u32);

enum LabelState {
    Pinned(usize),
    /// Not placed yet: the branches to patch, and whether an exception
    /// handler lands there too.
    Pending {
        users: Vec<usize>,
        landing: bool,
    },
}

/// All labels of one function.
#[derive(Default)]
pub(crate) struct Labels {
    states: Vec<LabelState>,
}

impl Labels {
    pub(crate) fn new_label(&mut self) -> Label {
        self.states.push(LabelState::Pending { users: Vec::new(), landing: false });
        Label((self.states.len() - 1) as u32)
    }

    /// Records that the branch instruction at `at` targets `label`, patching
    /// it now if the label is already pinned.
    pub(crate) fn use_label(&mut self, label: Label, at: usize, code: &mut [Op]) -> Result<()> {
        match &mut self.states[label.0 as usize] {
            LabelState::Pinned(target) => patch(code, at, *target),
            LabelState::Pending { users, .. } => {
                users.push(at);
                Ok(())
            }
        }
    }

    /// Records that an exception handler's clause continues at `label`.
    pub(crate) fn land_at(&mut self, label: Label) {
        if let LabelState::Pending { landing, .. } = &mut self.states[label.0 as usize] {
            *landing = true;
        }
    }

    /// Can execution arrive at `label` other than by falling through: has a
    /// branch to it been emitted, a handler clause named it, or is it
    /// already pinned (a loop header)?
    pub(crate) fn is_used(&self, label: Label) -> bool {
        match &self.states[label.0 as usize] {
            LabelState::Pinned(_) => true,
            LabelState::Pending { users, landing } => *landing || !users.is_empty(),
        }
    }

    /// Where `label` was placed, if it was.
    pub(crate) fn position(&self, label: Label) -> Option<usize> {
        match self.states.get(label.0 as usize)? {
            LabelState::Pinned(pos) => Some(*pos),
            LabelState::Pending { .. } => None,
        }
    }

    /// Fixes `label` at instruction position `pos` and patches its users.
    pub(crate) fn pin(&mut self, label: Label, pos: usize, code: &mut [Op]) -> Result<()> {
        let state = std::mem::replace(&mut self.states[label.0 as usize], LabelState::Pinned(pos));
        match state {
            LabelState::Pending { users, .. } => users.into_iter().try_for_each(|at| patch(code, at, pos)),
            LabelState::Pinned(_) => bail!("internal error: label pinned twice"),
        }
    }
}

fn patch(code: &mut [Op], at: usize, target: usize) -> Result<()> {
    let offset = i32::try_from(target as i64 - at as i64)?;
    if !code.get_mut(at).is_some_and(|op| op.set_branch_offset(BranchOffset(offset))) {
        bail!("internal error: label user at {at} is not a branch");
    }
    Ok(())
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
    /// A `try_table` whose body handler entry `entry` covers
    /// (`NO_ENTRY` if it is unreachable); otherwise a block.
    TryTable {
        entry: u32,
    },
    /// A legacy `try`: a block whose body handler entry `entry` covers;
    /// `catching` once its first `catch` or `catch_all` was seen (the code
    /// after that is not covered).
    LegacyTry {
        entry: u32,
        catching: bool,
    },
}

/// One open control construct. Frames are small and own no heap memory: the
/// parameter and result types are looked up in the module when needed.
#[derive(Copy, Clone)]
pub(crate) struct Control {
    pub kind: ControlKind,
    /// Where branches to this frame go: the start for loops, the end otherwise.
    pub label: Label,
    /// Operand stack height below the frame's parameters.
    pub height: usize,
    /// Home slot of the first parameter / result.
    pub base: Slot,
    /// The frame's type (for the function frame, its type index).
    pub ty: BlockType,
    /// Was the frame entered from reachable code?
    pub reachable_at_entry: bool,
    /// Does some path reach the frame's end?
    pub end_reachable: bool,
}

impl Control {
    /// The frame's parameter types.
    pub(crate) fn params(self, info: &ModuleInfo) -> Result<Types<'_>> {
        block_types(info, self.ty, false)
    }

    /// The frame's result types.
    pub(crate) fn results(self, info: &ModuleInfo) -> Result<Types<'_>> {
        block_types(info, self.ty, true)
    }

    /// The types a branch to this frame carries.
    pub(crate) fn branch_types(self, info: &ModuleInfo) -> Result<Types<'_>> {
        block_types(info, self.ty, self.kind != ControlKind::Loop)
    }
}

/// The parameter (`results == false`) or result types of block type `bt`.
pub(crate) fn block_types(info: &ModuleInfo, bt: BlockType, results: bool) -> Result<Types<'_>> {
    Ok(match bt {
        BlockType::Empty => Types::Single(None),
        BlockType::Type(t) => Types::Single(results.then(|| Ty::of_wasmparser(&t))),
        BlockType::FuncType(idx) => {
            let ty = info.types.get(idx as usize).context("unknown block type")?;
            Types::List(if results { ty.result_slice() } else { ty.param_slice() })
        }
    })
}

/// A list of parameter or result types, borrowed from the module.
#[derive(Copy, Clone)]
pub(crate) enum Types<'a> {
    /// No type or one.
    Single(Option<Ty>),
    /// Types from the module's type section.
    List(&'a [ValType]),
}

impl Types<'_> {
    pub(crate) fn len(self) -> usize {
        match self {
            Types::Single(t) => usize::from(t.is_some()),
            Types::List(list) => list.len(),
        }
    }

    /// The types, first to last.
    pub(crate) fn iter(self) -> impl Iterator<Item = Ty> {
        let (single, list) = match self {
            Types::Single(t) => (t, &[][..]),
            Types::List(list) => (None, list),
        };
        single.into_iter().chain(list.iter().map(Ty::of))
    }
}

/// The label chosen for each relative depth among the targets of one
/// `br_table`, so that each depth is resolved once however many targets
/// share it. Kept across `br_table`s; [`clear`](Self::clear) resets only the
/// depths that were set.
#[derive(Default)]
pub(crate) struct DepthLabels {
    by_depth: Vec<Option<Label>>,
    set: Vec<u32>,
}

impl DepthLabels {
    /// The label chosen for `depth`, if any.
    pub(crate) fn get(&self, depth: u32) -> Option<Label> {
        self.by_depth.get(depth as usize).copied().flatten()
    }

    /// Chooses `label` for `depth`.
    pub(crate) fn insert(&mut self, depth: u32, label: Label) {
        let i = depth as usize;
        if i >= self.by_depth.len() {
            self.by_depth.resize(i + 1, None);
        }
        if self.by_depth[i].replace(label).is_none() {
            self.set.push(depth);
        }
    }

    /// Forgets every choice, in time proportional to their number.
    pub(crate) fn clear(&mut self) {
        for depth in self.set.drain(..) {
            self.by_depth[depth as usize] = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_labels_reset_only_what_was_set() {
        let mut labels = Labels::default();
        let (a, b) = (labels.new_label(), labels.new_label());
        let mut chosen = DepthLabels::default();
        chosen.insert(9_000, a);
        chosen.insert(3, b);
        chosen.insert(3, a);
        assert_eq!(
            (chosen.get(9_000), chosen.get(3), chosen.get(4), chosen.get(20_000)),
            (Some(a), Some(a), None, None)
        );
        assert_eq!(chosen.set, [9_000, 3]);
        chosen.clear();
        assert!(chosen.by_depth.iter().all(Option::is_none));
        assert!(chosen.set.is_empty());
        chosen.insert(0, b);
        assert_eq!((chosen.get(0), chosen.get(3)), (Some(b), None));
    }

    #[test]
    fn frames_own_no_heap_memory() {
        fn is_copy<T: Copy>() {}
        is_copy::<Control>();
        assert!(std::mem::size_of::<Control>() <= 40, "{}", std::mem::size_of::<Control>());
    }
}
