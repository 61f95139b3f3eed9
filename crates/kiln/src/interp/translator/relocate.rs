//! Code rewrites that add or remove instructions (pair fusion, loading a
//! loop variable before its loop): after one, every branch's offset is
//! recomputed from where each old instruction went.

use super::super::ops::{BranchOffset, Op};

/// Points the branches of `new` at the places their targets went: `old` is
/// the code before the rewrite and `moved[i]` where old instruction `i`'s
/// work is now (`moved[old.len()]`: the end).
pub(super) fn retarget(old: &[Op], new: &mut [Op], moved: &[usize]) {
    for (at, op) in old.iter().enumerate() {
        if let Some(target) = op.branch_target(at)
            && let (Some(&from), Some(&to)) = (moved.get(at), moved.get(target))
        {
            new[from].set_branch_offset(BranchOffset((to as i64 - from as i64) as i32));
        }
    }
}
