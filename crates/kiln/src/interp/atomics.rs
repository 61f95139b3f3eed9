//! The immediates of the threads proposal's atomic memory instructions and
//! the arithmetic of their read-modify-writes, shared by the translator and
//! the executor.

/// The operation of an `atomic.rmw` instruction.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum RmwOp {
    Add,
    Sub,
    And,
    Or,
    Xor,
    Xchg,
}

impl RmwOp {
    /// The value written for `old` and the instruction's operand; only the
    /// access's low bytes of it are stored.
    pub(crate) fn apply(self, old: u64, operand: u64) -> u64 {
        match self {
            RmwOp::Add => old.wrapping_add(operand),
            RmwOp::Sub => old.wrapping_sub(operand),
            RmwOp::And => old & operand,
            RmwOp::Or => old | operand,
            RmwOp::Xor => old ^ operand,
            RmwOp::Xchg => operand,
        }
    }
}

/// The immediates of an atomic instruction, kept in the module's pool
/// (`CodePools::atomic_args`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct AtomicArg {
    /// Memory index in the module.
    pub mem: u32,
    pub offset: u64,
    /// Bytes accessed: 1, 2, 4 or 8. Narrow accesses zero-extend what they
    /// read and store (and compare) the operands' low bytes.
    pub width: u8,
    /// The operation, for `atomic.rmw` instructions (`Xchg` otherwise).
    pub rmw: RmwOp,
}

impl AtomicArg {
    /// Bytes accessed.
    pub(crate) fn width(&self) -> usize {
        usize::from(self.width)
    }

    /// `value` wrapped to the access width (as `cmpxchg` and `wait` compare
    /// it with what they read).
    pub(crate) fn wrap(&self, value: u64) -> u64 {
        if self.width >= 8 { value } else { value & ((1u64 << (8 * self.width)) - 1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_and_wrapping() {
        assert_eq!(RmwOp::Sub.apply(0, 1), u64::MAX);
        assert_eq!(RmwOp::Xchg.apply(5, 9), 9);
        assert_eq!(RmwOp::And.apply(0b1100, 0b1010) | RmwOp::Xor.apply(1, 3), 0b1010);
        let arg = AtomicArg { mem: 0, offset: 0, width: 2, rmw: RmwOp::Xchg };
        assert_eq!(arg.wrap(0x1_2345), 0x2345);
        assert_eq!(AtomicArg { width: 8, ..arg }.wrap(u64::MAX), u64::MAX);
    }
}
