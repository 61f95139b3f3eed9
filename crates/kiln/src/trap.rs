//! Traps (the ways a WebAssembly computation can fail at run time) and the
//! wasm backtrace attached to them.
//!
//! A trap reaches the embedder as a [`crate::Error`] whose root cause is a
//! [`Trap`] (`err.downcast_ref::<Trap>()`), wrapped in a [`WasmBacktrace`]
//! context (`err.downcast_ref::<WasmBacktrace>()`).

use std::fmt;

/// The reason a WebAssembly computation stopped abnormally.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Trap {
    /// The call stack (wasm value stack or frame count) exceeded
    /// `Config::max_wasm_stack`.
    StackOverflow,
    /// A load or store outside the bounds of a linear memory.
    MemoryOutOfBounds,
    /// An atomic access at an address not aligned to its size.
    HeapMisaligned,
    /// An access outside the bounds of a table, or a segment outside its table.
    TableOutOfBounds,
    /// `call_indirect` found a null entry.
    IndirectCallToNull,
    /// `call_indirect` found a function of the wrong type.
    BadSignature,
    /// Integer overflow (`i32.div_s` of `INT_MIN` by `-1`, or a float-to-int
    /// conversion of a value out of range).
    IntegerOverflow,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero,
    /// A float-to-int conversion of NaN.
    BadConversionToInteger,
    /// The `unreachable` instruction was executed.
    UnreachableCodeReached,
    /// Execution was interrupted (epoch deadline or kill switch).
    Interrupt,
    /// The store ran out of fuel.
    OutOfFuel,
    /// A null reference was dereferenced.
    NullReference,
    /// `memory.atomic.wait` on a memory that is not shared.
    AtomicWaitNonSharedMemory,
    /// An uncaught WebAssembly exception reached the host.
    UncaughtException,
    /// An allocation (an exception object) exceeded an implementation limit.
    AllocationTooLarge,
}

impl Trap {
    /// The spec-style description of the trap, without the `wasm trap:` prefix.
    pub fn description(&self) -> &'static str {
        match self {
            Trap::StackOverflow => "call stack exhausted",
            Trap::MemoryOutOfBounds => "out of bounds memory access",
            Trap::HeapMisaligned => "unaligned atomic",
            Trap::TableOutOfBounds => "undefined element: out of bounds table access",
            Trap::IndirectCallToNull => "uninitialized element: indirect call to null",
            Trap::BadSignature => "indirect call type mismatch",
            Trap::IntegerOverflow => "integer overflow",
            Trap::IntegerDivisionByZero => "integer divide by zero",
            Trap::BadConversionToInteger => "invalid conversion to integer",
            Trap::UnreachableCodeReached => "unreachable",
            Trap::Interrupt => "interrupt",
            Trap::OutOfFuel => "all fuel consumed by WebAssembly",
            Trap::NullReference => "null reference",
            Trap::AtomicWaitNonSharedMemory => "atomic wait on non-shared memory",
            Trap::UncaughtException => "uncaught exception",
            Trap::AllocationTooLarge => "allocation size too large",
        }
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "wasm trap: {}", self.description())
    }
}

impl std::error::Error for Trap {}

/// One frame of a [`WasmBacktrace`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameInfo {
    module_name: Option<String>,
    func_index: u32,
    func_name: Option<String>,
}

impl FrameInfo {
    pub(crate) fn new(module_name: Option<String>, func_index: u32, func_name: Option<String>) -> Self {
        FrameInfo { module_name, func_index, func_name }
    }

    /// The index of the function in its module's function index space.
    pub fn func_index(&self) -> u32 {
        self.func_index
    }

    /// The function's name from the module's name section, if present.
    pub fn func_name(&self) -> Option<&str> {
        self.func_name.as_deref()
    }

    /// The module's name from its name section, if present.
    pub fn module_name(&self) -> Option<&str> {
        self.module_name.as_deref()
    }
}

impl fmt::Display for FrameInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "func {}", self.func_index)?;
        match (&self.module_name, &self.func_name) {
            (Some(m), Some(n)) => write!(f, " ({m}!{n})"),
            (None, Some(n)) => write!(f, " ({n})"),
            (Some(m), None) => write!(f, " ({m}!<unnamed>)"),
            (None, None) => Ok(()),
        }
    }
}

/// The wasm call stack at the point of a trap, innermost frame first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WasmBacktrace {
    frames: Vec<FrameInfo>,
}

impl WasmBacktrace {
    pub(crate) fn new(frames: Vec<FrameInfo>) -> Self {
        WasmBacktrace { frames }
    }

    /// The frames, innermost first.
    pub fn frames(&self) -> &[FrameInfo] {
        &self.frames
    }
}

/// Most lines a backtrace prints; deeper stacks are summarised.
const MAX_PRINTED_FRAMES: usize = 32;

impl fmt::Display for WasmBacktrace {
    /// Prints innermost frames first, folding runs of the same frame (deep
    /// recursion) into one line and summarising beyond a fixed number of lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("wasm backtrace:")?;
        let mut i = 0;
        let mut lines = 0;
        while i < self.frames.len() {
            if lines == MAX_PRINTED_FRAMES {
                return write!(f, "\n  ... {} more frames", self.frames.len() - i);
            }
            let frame = &self.frames[i];
            let run = self.frames[i..].iter().take_while(|g| *g == frame).count();
            write!(f, "\n  {i:>3}: {frame}")?;
            if run > 1 {
                write!(f, " (repeated {run} times)")?;
            }
            i += run;
            lines += 1;
        }
        Ok(())
    }
}

impl std::error::Error for WasmBacktrace {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_prefix_and_frames() {
        assert_eq!(Trap::IntegerDivisionByZero.to_string(), "wasm trap: integer divide by zero");
        let bt = WasmBacktrace::new(vec![FrameInfo::new(None, 3, Some("fib".into())), FrameInfo::new(None, 0, None)]);
        assert_eq!(bt.to_string(), "wasm backtrace:\n    0: func 3 (fib)\n    1: func 0");
    }

    #[test]
    fn deep_recursion_is_folded_and_capped() {
        let same = FrameInfo::new(None, 1, Some("f".into()));
        let bt = WasmBacktrace::new(vec![same.clone(); 1000]);
        assert_eq!(bt.to_string(), "wasm backtrace:\n    0: func 1 (f) (repeated 1000 times)");
        let many = (0..100).map(|i| FrameInfo::new(None, i, None)).collect();
        let text = WasmBacktrace::new(many).to_string();
        assert_eq!(text.lines().count(), 1 + MAX_PRINTED_FRAMES + 1);
        assert!(text.ends_with("... 68 more frames"));
    }
}
