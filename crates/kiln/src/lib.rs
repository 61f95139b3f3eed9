//! Kiln: an embeddable WebAssembly runtime with a fast interpreter and the
//! embedding API Wasmtime users know.
//!
//! # Concepts
//!
//! - An [`Engine`] holds configuration ([`Config`]: enabled features, stack
//!   limit) and is shared by everything else.
//! - A [`Module`] is compiled once from binary or text (`.wat`): decoded
//!   and validated; each function is translated to Kiln's interpreter
//!   bytecode on its first call ([`Config::lazy_translation`]).
//! - A [`Store<T>`] owns all runtime state (instances, memories, tables,
//!   globals, functions) plus your host data `T`.
//! - A [`Linker<T>`] names the host functions and items that satisfy a
//!   module's imports, and instantiates modules into an [`Instance`].
//! - [`Func`] / [`TypedFunc`] call wasm; host functions receive a
//!   [`Caller`] that gives access to the store and the caller's exports.
//! - Failures are [`Error`]s. A wasm trap has a [`Trap`] as its root cause
//!   (`err.downcast_ref::<Trap>()`) and carries a [`WasmBacktrace`].
//!
//! # Example
//!
//! ```
//! use kiln::{Caller, Engine, Linker, Module, Store};
//!
//! fn main() -> kiln::Result<()> {
//!     let engine = Engine::default();
//!     let module = Module::new(
//!         &engine,
//!         r#"(module
//!              (import "host" "log" (func $log (param i32)))
//!              (func (export "add_and_log") (param i32 i32) (result i32)
//!                (local.tee 0 (i32.add (local.get 0) (local.get 1)))
//!                (call $log)
//!                (local.get 0)))"#,
//!     )?;
//!     let mut linker = Linker::new(&engine);
//!     linker.func_wrap("host", "log", |mut caller: Caller<'_, Vec<i32>>, value: i32| {
//!         caller.data_mut().push(value);
//!     })?;
//!     let mut store = Store::new(&engine, Vec::new());
//!     let instance = linker.instantiate(&mut store, &module)?;
//!     let add = instance.get_typed_func::<(i32, i32), i32>(&mut store, "add_and_log")?;
//!     assert_eq!(add.call(&mut store, (2, 3))?, 5);
//!     assert_eq!(store.data(), &[5]);
//!     Ok(())
//! }
//! ```
//!
//! # Features
//!
//! | Feature | API |
//! |---|---|
//! | WebAssembly 1.0 and 2.0, SIMD, relaxed SIMD, multi-memory, extended constant expressions, annotations | complete, spec test suite passes ([`Config::wasm_extended_const`]) |
//! | Tail calls (`return_call`, `return_call_indirect`): constant wasm stack, host callees too | [`Config::wasm_tail_call`] (on by default) |
//! | Typed function references (`call_ref`, `(ref $t)`, `br_on_null`, ...) | [`Config::wasm_function_references`] (on by default), [`RefType`], [`HeapType::ConcreteFunc`] |
//! | Threads: shared memories used by stores on different threads, atomic instructions, `memory.atomic.wait`/`notify` (blocking; ended by the kill switch) | [`Config::wasm_threads`] (on by default, as in Wasmtime), [`SharedMemory`], [`Extern::SharedMemory`], [`Instance::get_shared_memory`] |
//! | Wide arithmetic; custom page sizes (both off by default, as in Wasmtime) | [`Config::wasm_wide_arithmetic`], [`Config::wasm_custom_page_sizes`], [`MemoryType::page_size`], [`MemoryTypeBuilder::page_size_log2`] |
//! | Text format (`.wat`) wherever a module is accepted | [`Module::new`] |
//! | Traps with wasm backtraces (names from the name section) | [`Trap`], [`WasmBacktrace`] |
//! | Exception handling (`throw`, `throw_ref`, `try_table`, `exnref`; on by default), legacy `try`/`catch`/`delegate`/`rethrow` (off by default), as in Wasmtime; exceptions cross host frames both ways | [`Config::wasm_exceptions`], [`Config::wasm_legacy_exceptions`], [`Tag`], [`ExnRef`], [`ThrownException`], [`Store::throw`], [`Store::take_pending_exception`] |
//! | Bounded recursion | [`Config::max_wasm_stack`], [`Trap::StackOverflow`] |
//! | Bounds checks by memory protection, as Wasmtime's signal-based traps (Linux on x86-64, on by default): 32-bit memories reserve 8 GiB of address space, and an access past the end faults into [`Trap::MemoryOutOfBounds`] | [`Config::signals_based_traps`] |
//! | Deterministic execution (canonical NaNs, fixed relaxed SIMD) | [`Config::deterministic`] |
//! | Fuel, as in Wasmtime | [`Config::consume_fuel`], [`Store::set_fuel`], [`Store::get_fuel`] |
//! | Instruction counting (off by default; fuel and epochs count too) | [`Config::count_instructions`], [`Store::instruction_count`], [`Store::set_instruction_count`] |
//! | Epoch interruption, as in Wasmtime | [`Config::epoch_interruption`], [`Engine::increment_epoch`], [`Store::set_epoch_deadline`], [`Store::epoch_deadline_callback`] |
//! | Kill switch from another thread | [`Store::interrupt_handle`], [`InterruptHandle`] |
//! | Resource limits, as in Wasmtime | [`Store::limiter`], [`ResourceLimiter`], [`StoreLimitsBuilder`] |
//! | Call hooks, as in Wasmtime | [`Store::call_hook`], [`CallHook`] |
//! | Yield/resume with values; suspension on fuel or epoch | [`Func::call_resumable`], [`Suspend`], [`ResumableCall`] (see [`resumable`]) |
//! | Instance reset | [`Instance::reset`] |
//! | Calls through tables by index | [`Table::call`], [`Table::typed_func`] |
//! | Checked guest-memory access for host functions | [`guest`] |
//! | WASI preview 1 | the `kiln-wasi` crate (`WasiCtx`, `add_to_linker`), built on this crate's public API |
//!
//! # Limits
//!
//! | What | Limit | On excess |
//! |---|---|---|
//! | Nested blocks, loops and `if`s in one function | 10 000 | error at the function's first call (at compilation with eager translation) |
//! | Element segment items in one module | 10 000 000 | compile error |
//! | Value slots per function frame (locals plus operand stack) | 65 536 | error at the function's first call (at compilation with eager translation) |
//! | Table size | 10 000 000 elements (or the declared maximum) | instantiation error; `table.grow` fails |
//! | Initial elements of an instance's tables together | 10 000 000 | instantiation error |
//! | Linear memory size | 1 TiB (4 GiB for 32-bit memories, 4 GiB - 1 with 1-byte pages; or the declared maximum) | instantiation error; `memory.grow` fails |
//! | Exception objects alive in one store (a caught exception nothing refers to is freed at once) | 2^32 - 1 | [`Trap::AllocationTooLarge`] |
//! | Nested host → wasm → host activations | 200 | [`Trap::StackOverflow`] |
//! | Wasm stack per activation | `Config::max_wasm_stack` (1 MiB by default) | [`Trap::StackOverflow`] |
//!
//! Other limits on what a module may declare (counts of types, functions,
//! imports, exports, globals, segments, tables and memories; parameters,
//! results and locals per function; function body size) are wasmparser's
//! validation limits. `docs/reliability.md` lists them all, with where each
//! is enforced; a [`ResourceLimiter`] sets lower per-store limits.

mod controls;
mod engine;
mod error;
mod exception;
mod externals;
mod func;
mod global;
pub mod guest;
mod instance;
mod interp;
mod limits;
mod linker;
mod memory;
mod memory_type_builder;
mod module;
pub mod resumable;
mod runtime;
mod shared_memory;
mod store;
mod table;
mod tag;
mod trap;
mod types;
mod values;

pub use controls::{CallHook, InterruptHandle, UpdateDeadline};
pub use engine::{Config, Engine, SpecVersion};
pub use error::{Error, InstantiationError, Result};
pub use exception::{ExnRef, ExnRefPre, ExnType, ThrownException};
pub use externals::Extern;
pub use func::{Caller, Func, HostFuncParts, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy};
pub use global::Global;
pub use instance::{Export, Instance};
pub use limits::{
    DEFAULT_INSTANCE_LIMIT, DEFAULT_MEMORY_LIMIT, DEFAULT_TABLE_LIMIT, ResourceLimiter, StoreLimits, StoreLimitsBuilder,
};
pub use linker::Linker;
pub use memory::{Memory, MemoryAccessError};
pub use memory_type_builder::MemoryTypeBuilder;
pub use module::Module;
pub use resumable::{CallStatus, ResumableCall, Suspend, SuspendReason};
pub use shared_memory::{SharedMemory, WaitResult};
pub use store::{AsContext, AsContextMut, Store, StoreContext, StoreContextMut};
pub use table::Table;
pub use tag::{Tag, TagType};
pub use trap::{FrameInfo, Trap, WasmBacktrace};
pub use types::{
    ExportType, ExternType, FuncType, GlobalType, HeapType, ImportType, MemoryType, Mutability, RefType, TableType,
    ValType,
};
pub use values::{ExternRef, Ref, Rooted, V128, Val};
