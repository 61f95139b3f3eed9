//! Error types: [`Error`] and [`Result`] (from `anyhow`, as in Wasmtime, so
//! host functions can return any error type) and [`InstantiationError`],
//! which tells the ways instantiation can fail apart.
//!
//! A failure caused by a trap keeps the [`Trap`](crate::Trap) as its root
//! cause: `err.downcast_ref::<Trap>()` finds it whatever context is added.

use std::fmt;

pub use anyhow::{Error, Result};

/// Why instantiation failed. Attached to the error returned by
/// [`Instance::new`](crate::Instance::new) and
/// [`Linker::instantiate`](crate::Linker::instantiate); find it with
/// `err.downcast_ref::<InstantiationError>()`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InstantiationError {
    /// An import is missing, of the wrong kind or of an incompatible type.
    Link(String),
    /// A memory, table or other resource could not be allocated.
    Resource(String),
    /// An active segment did not fit its memory or table. The error's root
    /// cause is the [`Trap`](crate::Trap); writes of earlier segments remain.
    SegmentTrap {
        /// `"data"` or `"element"`.
        kind: &'static str,
        /// The segment's index.
        index: u32,
    },
    /// The start function trapped or failed; the root cause says why.
    Start,
}

impl fmt::Display for InstantiationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstantiationError::Link(msg) => write!(f, "link error: {msg}"),
            InstantiationError::Resource(msg) => write!(f, "resource exhaustion: {msg}"),
            InstantiationError::SegmentTrap { kind, index } => {
                write!(f, "trap while initializing {kind} segment {index}")
            }
            InstantiationError::Start => f.write_str("start function failed"),
        }
    }
}

impl std::error::Error for InstantiationError {}
