//! Instance state owned by a store: arenas of functions, instances, memories,
//! tables, globals and extern references, addressed by small indices.
//!
//! [`StoreOpaque`] is the part of a `Store<T>` that does not depend on the
//! host data type, so the interpreter and instantiation are compiled once.

mod bulk;
mod exn;
pub(crate) mod memory;
mod parking;
mod region;
mod shared_memory;
pub(crate) mod signals;
mod store_memory;
pub(crate) mod table;

use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use anyhow::{Context as _, Result};

use crate::engine::{Engine, SigId};
use crate::interp::Stack;
use crate::module::Module;
use crate::tag::TagType;
use crate::types::GlobalType;

pub(crate) use exn::ExnHeap;
pub(crate) use memory::{GrowError, LinearMemory};
pub(crate) use parking::WaitOutcome;
pub(crate) use shared_memory::SharedMemoryData;
pub(crate) use store_memory::StoreMemory;
pub(crate) use table::TableInstance;

/// Identifies a store, so handles from one store are refused by another.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[doc(hidden)]
pub struct StoreId(u64);

impl StoreId {
    fn fresh() -> StoreId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        StoreId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// What a store function is.
#[derive(Copy, Clone, Debug)]
pub(crate) enum FuncKind {
    /// Defined function `def` (index among the module's defined functions)
    /// of store instance `instance`.
    Wasm { instance: u32, def: u32 },
    /// Host function number `host` of the `Store<T>`.
    Host { host: u32 },
}

/// A function in the store.
#[derive(Copy, Clone, Debug)]
pub(crate) struct FuncEntity {
    pub sig: SigId,
    pub kind: FuncKind,
}

/// A global in the store. The value uses the slot representation (see
/// `interp::ops`): scalars zero-extended, references as index plus one.
pub(crate) struct GlobalInstance {
    pub ty: GlobalType,
    pub value: u128,
}

/// The runtime side of an instance: the store indices its index spaces
/// resolve to, and the state of its segments.
pub(crate) struct InstanceData {
    pub module: Module,
    pub funcs: Box<[u32]>,
    pub tables: Box<[u32]>,
    pub memories: Box<[u32]>,
    /// Shared, so that the executor keeps the running instance's own copy
    /// of the handle (one load from it to a global's store index).
    pub globals: Arc<[u32]>,
    /// Store indices of the instance's tags, imports first.
    pub tags: Box<[u32]>,
    /// Per data segment: has it been dropped (explicitly or by being active)?
    pub data_dropped: Box<[bool]>,
    /// Per element segment: its resolved references (empty once dropped).
    pub elems: Box<[Box<[u64]>]>,
    /// Values of the defined globals right after instantiation (for reset).
    pub initial_globals: Box<[u128]>,
    /// Initial element of each defined table (for reset).
    pub table_inits: Box<[u64]>,
}

/// The host-data-independent part of a store.
pub(crate) struct StoreOpaque {
    pub id: StoreId,
    pub engine: Engine,
    pub funcs: Vec<FuncEntity>,
    pub instances: Vec<InstanceData>,
    pub memories: Vec<StoreMemory>,
    pub tables: Vec<TableInstance>,
    pub globals: Vec<GlobalInstance>,
    pub externrefs: Vec<Box<dyn Any + Send + Sync>>,
    /// Exception tags, by store tag index.
    pub tags: Vec<TagType>,
    /// Exception objects.
    pub exns: ExnHeap,
    /// The exception a [`ThrownException`](crate::ThrownException) error
    /// travelling up the host stack stands for (see `Store::throw`).
    pub pending_exception: Option<u32>,
    /// Execution stacks not currently in use.
    pub stack_pool: Vec<Stack>,
    /// Bumped whenever any memory grows, so cached base pointers and
    /// lengths can be revalidated with one comparison.
    pub memory_epoch: u64,
    /// How many wasm activations are live on the Rust stack (host calls
    /// calling back into wasm nest them).
    pub activations: u32,
    /// Counted wasm instructions executed so far. Each costs one unit of
    /// fuel, so this is also the fuel consumed (on the same scale as
    /// `fuel_limit`).
    pub instructions: u64,
    /// `instructions` at which the store is out of fuel.
    pub fuel_limit: u64,
    /// Suspend resumable calls, instead of trapping, when fuel runs out.
    pub suspend_on_out_of_fuel: bool,
    /// Engine epoch at which running code stops.
    pub epoch_deadline: u64,
    /// Shared with kill-switch handles: set to stop the running call.
    pub interrupt: Arc<InterruptState>,
    /// Is a resource limiter installed? (Growth from wasm then goes through
    /// the generic driver, which can reach it.)
    pub has_limiter: bool,
}

/// State shared between a store and its kill-switch handles.
///
/// The executor's check points compare the store's fuel consumption with
/// `stop_at`, one load and one compare. The kill switch works by lowering
/// `stop_at` to 0, so it needs no check of its own; `kill` then tells the
/// slow path why it stopped.
pub(crate) struct InterruptState {
    /// Stop the running call (or the next one) at its next check point.
    kill: AtomicBool,
    /// Fuel consumption at which check points stop: the fuel limit
    /// (`u64::MAX` without fuel), or 0 while a kill is pending.
    stop_at: AtomicU64,
    /// Is wasm running in the store right now?
    pub running: AtomicBool,
}

impl Default for InterruptState {
    fn default() -> Self {
        InterruptState {
            kill: AtomicBool::new(false),
            stop_at: AtomicU64::new(u64::MAX),
            running: AtomicBool::new(false),
        }
    }
}

impl InterruptState {
    /// Asks the running (or next) call to stop. Callable from any thread.
    pub fn interrupt(&self) {
        self.kill.store(true, Ordering::SeqCst);
        self.stop_at.store(0, Ordering::SeqCst);
    }

    /// Sets the fuel consumption at which check points stop, keeping a
    /// pending kill in force. (If `interrupt` lowered `stop_at` before this
    /// store, this load sees its `kill`, so no kill is lost.)
    pub fn arm(&self, fuel_limit: u64) {
        self.stop_at.store(fuel_limit, Ordering::SeqCst);
        if self.kill.load(Ordering::SeqCst) {
            self.stop_at.store(0, Ordering::SeqCst);
        }
    }

    /// Consumes a pending kill, restoring the stop point to `fuel_limit`.
    pub fn take_kill(&self, fuel_limit: u64) -> bool {
        let killed = self.kill.swap(false, Ordering::SeqCst);
        if killed {
            self.arm(fuel_limit);
        }
        killed
    }

    /// Is a kill pending? (For blocked `memory.atomic.wait`s, which poll it.)
    pub fn kill_requested(&self) -> bool {
        self.kill.load(Ordering::SeqCst)
    }

    /// The current stop point.
    pub fn stop_at(&self) -> u64 {
        self.stop_at.load(Ordering::Relaxed)
    }

    /// The stop point itself, for the executor's check points.
    pub fn stop_at_cell(&self) -> &AtomicU64 {
        &self.stop_at
    }
}

/// The index of a new function in a store holding `count`: indices are
/// 32-bit and `u32::MAX` is never one (see `module::limits`).
fn new_func_index(count: usize) -> Result<u32> {
    let index = u32::try_from(count).ok().filter(|&index| index < u32::MAX);
    index.with_context(|| format!("store function count exceeds the limit of {}", u32::MAX))
}

impl StoreOpaque {
    pub(crate) fn new(engine: &Engine) -> StoreOpaque {
        StoreOpaque {
            id: StoreId::fresh(),
            engine: engine.clone(),
            funcs: Vec::new(),
            instances: Vec::new(),
            memories: Vec::new(),
            tables: Vec::new(),
            globals: Vec::new(),
            externrefs: Vec::new(),
            tags: Vec::new(),
            exns: ExnHeap::default(),
            pending_exception: None,
            stack_pool: Vec::new(),
            memory_epoch: 0,
            activations: 0,
            instructions: 0,
            fuel_limit: 0,
            suspend_on_out_of_fuel: false,
            epoch_deadline: 0,
            interrupt: Arc::new(InterruptState::default()),
            has_limiter: false,
        }
    }

    /// Adds a function; its store index.
    pub(crate) fn push_func(&mut self, entity: FuncEntity) -> Result<u32> {
        let index = new_func_index(self.funcs.len())?;
        self.funcs.push(entity);
        Ok(index)
    }

    /// Adds a tag; its store index (32-bit, like every store index).
    pub(crate) fn push_tag(&mut self, ty: TagType) -> Result<u32> {
        let index = u32::try_from(self.tags.len()).context("store tag count exceeds the limit of 2^32")?;
        self.tags.push(ty);
        Ok(index)
    }

    /// A stack for a new activation, reusing a pooled one if possible.
    pub(crate) fn take_stack(&mut self) -> Stack {
        self.stack_pool.pop().unwrap_or_else(|| Stack::new(self.engine.config().max_wasm_stack))
    }

    /// Returns a stack to the pool after an activation ends.
    pub(crate) fn return_stack(&mut self, mut stack: Stack) {
        stack.clear();
        self.stack_pool.push(stack);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_indices_are_checked_32_bit() {
        assert_eq!(new_func_index(0).unwrap(), 0);
        assert_eq!(new_func_index(u32::MAX as usize - 1).unwrap(), u32::MAX - 1);
        for count in [u32::MAX as usize, usize::MAX] {
            let err = new_func_index(count).unwrap_err().to_string();
            assert_eq!(err, "store function count exceeds the limit of 4294967295");
        }
    }
}
