//! Embedder controls on a [`Store`]: fuel, instruction counting, epoch
//! deadlines, the kill switch ([`InterruptHandle`]), call hooks and resource
//! limiters. Names and signatures follow Wasmtime where Wasmtime has the
//! concept.
//!
//! All of them act at *check points*: every wasm function entry and every
//! branch back to a loop header. Between check points code runs straight
//! through, so a check costs the program a load and a comparison per loop
//! iteration and call.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use anyhow::{Result, bail};

use crate::limits::ResourceLimiter;
use crate::runtime::{InterruptState, StoreOpaque};
use crate::store::{Store, StoreContextMut, StoreInner};

/// A transition between host and wasm, reported to a call hook.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum CallHook {
    /// The host is calling into wasm (or resuming a suspended call).
    CallingWasm,
    /// Wasm returned, trapped or suspended, handing control back to the host.
    ReturningFromWasm,
    /// Wasm is calling a host function.
    CallingHost,
    /// A host function returned to wasm.
    ReturningFromHost,
}

impl CallHook {
    /// Is control moving into the host?
    pub fn entering_host(&self) -> bool {
        matches!(self, CallHook::ReturningFromWasm | CallHook::CallingHost)
    }

    /// Is control moving out of the host?
    pub fn exiting_host(&self) -> bool {
        matches!(self, CallHook::ReturningFromHost | CallHook::CallingWasm)
    }
}

/// What an epoch-deadline callback wants to happen next.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum UpdateDeadline {
    /// Keep running; the new deadline is the current epoch plus this many ticks.
    Continue(u64),
    /// Suspend a resumable call ([`Func::call_resumable`](crate::Func::call_resumable))
    /// with [`SuspendReason::EpochDeadline`](crate::SuspendReason), with the
    /// new deadline this many ticks ahead. A call that is not resumable keeps
    /// running, as with `Continue`.
    Yield(u64),
    /// Stop the call with [`Trap::Interrupt`](crate::Trap::Interrupt).
    Interrupt,
}

/// A handle that stops a store's running wasm from any thread: the call
/// ends with [`Trap::Interrupt`](crate::Trap::Interrupt) at its next check
/// point, and the store stays usable. If nothing is running, the next call
/// is stopped at its first check point.
#[derive(Clone)]
pub struct InterruptHandle {
    state: Arc<InterruptState>,
}

impl std::fmt::Debug for InterruptHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InterruptHandle").field("running", &self.is_running()).finish()
    }
}

impl InterruptHandle {
    /// Asks the running (or next) call to stop.
    pub fn interrupt(&self) {
        self.state.interrupt();
    }

    /// Is wasm running in the store right now?
    pub fn is_running(&self) -> bool {
        self.state.running.load(Ordering::Relaxed)
    }
}

pub(crate) type CallHookFn<T> = Box<dyn FnMut(StoreContextMut<'_, T>, CallHook) -> Result<()> + Send + Sync>;
pub(crate) type EpochCallbackFn<T> = Box<dyn FnMut(StoreContextMut<'_, T>) -> Result<UpdateDeadline> + Send + Sync>;
pub(crate) type LimiterFn<T> = Box<dyn (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync>;

/// The controls that need the host data type.
pub(crate) struct StoreHooks<T: 'static> {
    pub call_hook: Option<CallHookFn<T>>,
    pub epoch_callback: Option<EpochCallbackFn<T>>,
    pub limiter: Option<LimiterFn<T>>,
}

impl<T: 'static> Default for StoreHooks<T> {
    fn default() -> Self {
        StoreHooks { call_hook: None, epoch_callback: None, limiter: None }
    }
}

impl StoreOpaque {
    fn check_fuel_enabled(&self) -> Result<()> {
        if !self.engine.config().consume_fuel {
            bail!("fuel is not configured in this store's engine (see `Config::consume_fuel`)");
        }
        Ok(())
    }

    pub(crate) fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.check_fuel_enabled()?;
        self.fuel_limit = self.instructions.saturating_add(fuel);
        Ok(())
    }

    pub(crate) fn get_fuel(&self) -> Result<u64> {
        self.check_fuel_enabled()?;
        Ok(self.fuel_limit.saturating_sub(self.instructions))
    }

    fn check_counting_enabled(&self) -> Result<()> {
        if !self.engine.config().counts_instructions() {
            bail!(
                "instruction counting is not configured in this store's engine (see `Config::count_instructions`; \
                 fuel and epoch interruption turn it on too)"
            );
        }
        Ok(())
    }
}

impl<T: 'static> StoreInner<T> {
    /// Calls the call hook, if any, for `transition`.
    pub(crate) fn call_hook(&mut self, transition: CallHook) -> Result<()> {
        let Some(mut hook) = self.hooks.call_hook.take() else { return Ok(()) };
        let result = hook(StoreContextMut(self), transition);
        self.hooks.call_hook = Some(hook);
        result
    }

    /// The runtime state and the resource limiter, borrowed together.
    pub(crate) fn opaque_and_limiter(&mut self) -> (&mut StoreOpaque, Option<&mut dyn ResourceLimiter>) {
        let limiter = match self.hooks.limiter.as_mut() {
            Some(get) => Some(get(&mut self.data)),
            None => None,
        };
        (&mut self.opaque, limiter)
    }
}

macro_rules! fuel_methods {
    () => {
        /// Sets the fuel available to wasm in this store (fuel must be enabled
        /// with [`Config::consume_fuel`](crate::Config::consume_fuel)).
        pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
            self.inner_mut().opaque.set_fuel(fuel)
        }

        /// The fuel left.
        pub fn get_fuel(&self) -> Result<u64> {
            self.inner().opaque.get_fuel()
        }
    };
}

impl<T: 'static> Store<T> {
    fuel_methods!();

    /// The largest value [`set_instruction_count`](Self::set_instruction_count)
    /// sets in a store with fuel or epoch interruption (2^63; wasm would need
    /// centuries to count from there to `u64::MAX`).
    pub const MAX_INSTRUCTION_COUNT: u64 = 1 << 63;

    /// When fuel runs out in a resumable call
    /// ([`Func::call_resumable`](crate::Func::call_resumable)), suspend it
    /// with [`SuspendReason::OutOfFuel`](crate::SuspendReason) instead of
    /// trapping; add fuel and resume to continue with nothing lost. Plain
    /// calls still trap.
    pub fn suspend_on_out_of_fuel(&mut self, suspend: bool) {
        self.inner_mut().opaque.suspend_on_out_of_fuel = suspend;
    }

    /// Wasm instructions executed in this store so far. The engine must count
    /// them: [`Config::count_instructions`](crate::Config::count_instructions),
    /// [`Config::consume_fuel`](crate::Config::consume_fuel) or
    /// [`Config::epoch_interruption`](crate::Config::epoch_interruption) on;
    /// otherwise this is an error. Counted are exactly the instructions that cost
    /// fuel: all but `nop`, `drop` and the structural `block`, `loop`,
    /// `else`, `end`, `return` and `unreachable`. With fuel on, the fuel
    /// wasm consumes therefore equals the instructions it executes (the two
    /// are one counter). Exact whenever the host has control (after calls,
    /// in host functions, at suspension); a trap leaves the instructions of
    /// the straight-line code it interrupted uncounted.
    ///
    /// ```
    /// # fn main() -> kiln::Result<()> {
    /// let engine = kiln::Engine::new(kiln::Config::new().count_instructions(true))?;
    /// let module = kiln::Module::new(&engine, r#"(module
    ///     (func (export "f") (result i32) (i32.add (i32.const 1) (i32.const 2))))"#)?;
    /// let mut store = kiln::Store::new(&engine, ());
    /// let instance = kiln::Instance::new(&mut store, &module, &[])?;
    /// instance.get_typed_func::<(), i32>(&mut store, "f")?.call(&mut store, ())?;
    /// assert_eq!(store.instruction_count()?, 3); // i32.const, i32.const, i32.add
    /// store.set_instruction_count(0)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn instruction_count(&self) -> Result<u64> {
        let opaque = &self.inner().opaque;
        opaque.check_counting_enabled()?;
        Ok(opaque.instructions)
    }

    /// Sets the instruction counter (for example back to 0). The fuel left is
    /// unchanged (up to `u64::MAX` minus the new count). An error, as
    /// [`instruction_count`](Self::instruction_count) is, unless the engine
    /// counts instructions.
    ///
    /// Without fuel and epochs the counter simply wraps around past
    /// `u64::MAX`. With [`Config::consume_fuel`](crate::Config::consume_fuel)
    /// or [`Config::epoch_interruption`](crate::Config::epoch_interruption),
    /// counts above [`Store::MAX_INSTRUCTION_COUNT`] (2^63) are set to it:
    /// fuel limits and epoch poll points are positions on this counter, and
    /// one the counter wrapped past would never be reached, so a call could
    /// run on regardless of its fuel or deadline. From 2^63, wasm would need
    /// centuries to reach `u64::MAX`.
    pub fn set_instruction_count(&mut self, count: u64) -> Result<()> {
        let opaque = &mut self.inner_mut().opaque;
        opaque.check_counting_enabled()?;
        let config = opaque.engine.config();
        let count = if config.consume_fuel || config.epoch_interruption {
            count.min(Self::MAX_INSTRUCTION_COUNT)
        } else {
            count
        };
        // Fuel is measured on the same counter: keep what is left.
        let fuel_left = opaque.fuel_limit.saturating_sub(opaque.instructions);
        opaque.instructions = count;
        opaque.fuel_limit = count.saturating_add(fuel_left);
        Ok(())
    }

    /// Sets the epoch deadline `ticks_beyond_current` ticks after the
    /// engine's current epoch (needs [`Config::epoch_interruption`](crate::Config::epoch_interruption)).
    pub fn set_epoch_deadline(&mut self, ticks_beyond_current: u64) {
        let inner = self.inner_mut();
        inner.opaque.epoch_deadline = inner.opaque.engine.current_epoch().saturating_add(ticks_beyond_current);
    }

    /// Reaching the epoch deadline traps with [`Trap::Interrupt`](crate::Trap::Interrupt)
    /// (the default).
    pub fn epoch_deadline_trap(&mut self) {
        self.inner_mut().hooks.epoch_callback = None;
    }

    /// Reaching the epoch deadline calls `callback`, which decides whether to
    /// continue (with a new deadline), suspend or trap.
    pub fn epoch_deadline_callback(
        &mut self,
        callback: impl FnMut(StoreContextMut<'_, T>) -> Result<UpdateDeadline> + Send + Sync + 'static,
    ) {
        self.inner_mut().hooks.epoch_callback = Some(Box::new(callback));
    }

    /// A handle that stops this store's running wasm from another thread.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle { state: self.inner().opaque.interrupt.clone() }
    }

    /// Calls `hook` at every transition between host and wasm. An error from
    /// the hook fails the call at that transition.
    pub fn call_hook(
        &mut self,
        hook: impl FnMut(StoreContextMut<'_, T>, CallHook) -> Result<()> + Send + Sync + 'static,
    ) {
        self.inner_mut().hooks.call_hook = Some(Box::new(hook));
    }

    /// Installs a resource limiter, found in the host data by `limiter`.
    pub fn limiter(&mut self, limiter: impl (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync + 'static) {
        let inner = self.inner_mut();
        inner.hooks.limiter = Some(Box::new(limiter));
        inner.opaque.has_limiter = true;
    }
}

impl<T: 'static> StoreContextMut<'_, T> {
    fuel_methods!();

    fn inner(&self) -> &StoreInner<T> {
        self.0
    }

    fn inner_mut(&mut self) -> &mut StoreInner<T> {
        self.0
    }
}

impl<T: 'static> crate::Caller<'_, T> {
    fuel_methods!();

    fn inner(&self) -> &StoreInner<T> {
        self.store.0
    }

    fn inner_mut(&mut self) -> &mut StoreInner<T> {
        self.store.0
    }
}
