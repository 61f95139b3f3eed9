//! Checked, typed access to guest memory for host functions.
//!
//! Host functions must never trust a pointer that came from wasm. This module
//! is the only way Kiln's own host code (WASI) touches guest memory, and the
//! recommended way for embedders:
//!
//! - [`GuestPtr<T>`] is a guest address tagged with what it points to: a
//!   plain-old-data value ([`GuestType`]: integers, floats and structs with
//!   an explicit little-endian layout declared by [`guest_struct!`]), a slice
//!   `[T]` (address and element count) or a UTF-8 `str` (address and byte
//!   length).
//! - [`GuestMemory`] wraps the bytes of one linear memory for the duration of
//!   one host call and checks every access: bounds with 64-bit arithmetic
//!   that cannot overflow, alignment where the type requires it, and a
//!   run-time borrow tracker.
//!
//! # Rules
//!
//! | Rule | Enforced by | On violation |
//! |---|---|---|
//! | An access lies inside the memory (a range may end exactly at its end) | run-time check | [`GuestError::OutOfBounds`] |
//! | Address arithmetic never wraps | checked 64-bit arithmetic | [`GuestError::Overflow`] |
//! | A value's address is a multiple of [`GuestType::ALIGN`] | run-time check | [`GuestError::Misaligned`] |
//! | At most one mutable view of a byte; no shared view overlapping a mutable one | run-time borrow tracker | [`GuestError::BorrowConflict`] |
//! | Strings are valid UTF-8 | run-time check | [`GuestError::InvalidUtf8`] |
//! | No view lives across a call back into wasm or a `memory.grow` | the borrow checker: a [`GuestMemory`] borrows the store exclusively | compile error |
//!
//! Zero-length ranges contain no bytes, so they never conflict with other
//! views; they must still start inside the memory (at most at its end).
//! Views release their range when dropped.
//!
//! # Example
//!
//! ```
//! use kiln::guest::{GuestMemory, GuestPtr};
//! use kiln::{Caller, Engine, Extern, Linker, Module, Store};
//!
//! fn main() -> kiln::Result<()> {
//!     let engine = Engine::default();
//!     let module = Module::new(
//!         &engine,
//!         r#"(module
//!              (import "host" "sum" (func $sum (param i32 i32 i32) (result i32)))
//!              (memory (export "memory") 1)
//!              (data (i32.const 16) "\01\00\00\00\02\00\00\00\03\00\00\00")
//!              (func (export "run") (result i32)
//!                (call $sum (i32.const 16) (i32.const 3) (i32.const 64))))"#,
//!     )?;
//!     let mut linker = Linker::new(&engine);
//!     // Sums `len` u32s at `list`, stores the sum at `out`; 1 on bad pointers.
//!     linker.func_wrap("host", "sum", |mut caller: Caller<'_, ()>, list: u32, len: u32, out: u32| {
//!         let Some(Extern::Memory(memory)) = caller.get_export("memory") else { return 1 };
//!         let mem = GuestMemory::new(memory.data_mut(&mut caller));
//!         let result = (|| {
//!             let values = mem.slice(GuestPtr::<[u32]>::new_slice(list.into(), len.into()))?;
//!             let sum = values.iter().sum::<u32>();
//!             drop(values);
//!             mem.write(GuestPtr::<u32>::new(out.into()), sum)
//!         })();
//!         i32::from(result.is_err())
//!     })?;
//!     let mut store = Store::new(&engine, ());
//!     let instance = linker.instantiate(&mut store, &module)?;
//!     let run = instance.get_typed_func::<(), i32>(&mut store, "run")?;
//!     assert_eq!(run.call(&mut store, ())?, 0);
//!     let memory = instance.get_memory(&mut store, "memory").unwrap();
//!     assert_eq!(memory.data(&store)[64], 6);
//!     Ok(())
//! }
//! ```
//!
//! A view cannot outlive the store borrow it came from, so the memory cannot
//! grow (or move) and wasm cannot run while a view exists:
//!
//! ```compile_fail
//! # use kiln::guest::{GuestMemory, GuestPtr};
//! # use kiln::{Engine, Memory, MemoryType, Store};
//! let engine = Engine::default();
//! let mut store = Store::new(&engine, ());
//! let memory = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
//! let mem = GuestMemory::new(memory.data_mut(&mut store));
//! let view = mem.slice(GuestPtr::<[u8]>::new_slice(0, 4)).unwrap();
//! memory.grow(&mut store, 1).unwrap(); // error: `store` is still borrowed by `view`
//! drop(view);
//! ```
//!
//! ```compile_fail
//! # use kiln::guest::{GuestMemory, GuestPtr};
//! # use kiln::{Engine, Instance, Module, Store};
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module (memory (export "m") 1) (func (export "f")))"#).unwrap();
//! let mut store = Store::new(&engine, ());
//! let instance = Instance::new(&mut store, &module, &[]).unwrap();
//! let memory = instance.get_memory(&mut store, "m").unwrap();
//! let f = instance.get_typed_func::<(), ()>(&mut store, "f").unwrap();
//! let mem = GuestMemory::new(memory.data_mut(&mut store));
//! let view = mem.slice(GuestPtr::<[u8]>::new_slice(0, 4)).unwrap();
//! f.call(&mut store, ()).unwrap(); // error: `store` is still borrowed by `view`
//! drop(view);
//! ```
//!
//! (Both compile once `drop(view)` moves before the call.)

mod error;
mod memory;
mod ptr;
#[cfg(test)]
mod tests;
mod ty;

pub use self::error::GuestError;
pub use self::memory::{GuestMemory, GuestSlice, GuestSliceMut, GuestStr};
pub use self::ptr::{GuestPtr, Pointee};
pub use self::ty::GuestType;
#[doc(hidden)]
pub use self::ty::check_layout;
#[doc(inline)]
pub use crate::guest_struct;
