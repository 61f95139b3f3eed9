//! Tier 1: the interpreter. [`translator`] turns validated wasm function
//! bodies into register-style bytecode ([`ops`]); [`executor`] runs it on a
//! heap-allocated [`Stack`].

pub(crate) mod access;
pub(crate) mod atomics;
mod code;
pub(crate) mod divide;
pub(crate) mod executor;
mod handlers;
pub(crate) mod ops;
mod stack;
mod translator;

pub(crate) use code::CompiledFunc;
pub(crate) use executor::{Exit, GrowRequest, Signals, execute, push_entry_frame, unwind};
pub(crate) use stack::Stack;
pub(crate) use translator::{TranslateOptions, translate_function};
