//! The executor: runs the activation on a [`Stack`] until it finishes,
//! traps, or calls a host function (which the generic driver in `func/`
//! performs before resuming).
//!
//! [`dispatch`] holds the instruction loop, [`regs`] the register state and
//! the only unchecked memory accesses, [`numeric`] and [`simd`] the
//! semantics of the arithmetic, [`atomic`] the atomic memory instructions
//! (threads proposal). This file holds the slow paths: calls, returns,
//! instance switches and general memory access (which shared memories
//! always take, see `runtime::shared_memory`).

mod atomic;
mod dispatch;
pub(crate) use dispatch::{Handler, HandlerSet, handler_of};
mod numeric;
mod regs;
pub(crate) mod simd;
mod tail;
mod unwind;
pub(crate) use unwind::unwind;

use self::regs::{FramePtr, Mem, Regs};
use super::access::MemArg;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::code::{CodePools, Instr};
use super::ops::{Cost, Slot};
use super::stack::{Frame, Stack};
use crate::module::{FuncCode, Module};
use crate::runtime::{FuncKind, InstanceData, InterruptState, StoreMemory, StoreOpaque, signals};
use crate::trap::Trap;

/// Why the dispatch loop stopped without trapping.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// The activation's entry function returned; its results are in slots
    /// `0..n` of the stack.
    Finished,
    /// Wasm called host function `func` (a store function index); its
    /// arguments start at slot `args` and its results go to the same place.
    /// Run the loop again to continue after the call.
    HostCall { func: u32, args: usize },
    /// The fuel limit was reached at a check point and the store asked to
    /// suspend rather than trap; run again (after adding fuel) to continue.
    OutOfFuel,
    /// The engine's epoch reached the store's deadline at a check point; the
    /// driver applies the store's policy, then runs again to continue.
    EpochDeadline,
    /// A call reached defined function `def` of store instance `instance`,
    /// whose body could not be translated (see `ModuleInfo::compiled`); the
    /// driver reports why. Running again is not possible.
    TranslationFailed { instance: u32, def: u32 },
    /// `memory.grow` or `table.grow` in a store with a resource limiter: the
    /// driver performs it (asking the limiter), writes the result to slot
    /// `dst` of the stack, and runs again to continue.
    Grow(GrowRequest),
    /// Exception `exn` (a store exception index) was thrown and no handler
    /// in the activation caught it; the frames are left as they were, for
    /// the backtrace.
    Thrown(u32),
}

/// A growth the driver performs for the executor.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct GrowRequest {
    /// `true` for a memory (pages), `false` for a table (elements).
    pub memory: bool,
    /// Store index of the memory or table.
    pub index: u32,
    pub delta: u64,
    /// New table elements' value.
    pub init: u64,
    /// Absolute slot for the result (old size, or -1).
    pub dst: usize,
    /// Is the result an `i64` (64-bit memory or table)?
    pub is_64: bool,
}

/// With epoch interruption on, check points poll the engine's epoch every
/// this many counted instructions, so a deadline is noticed at most this
/// many instructions (some microseconds) after the epoch reaches it.
pub(crate) const EPOCH_POLL_INTERVAL: u64 = 10_000;

/// What the executor reads of the world outside the store at check points.
pub(crate) struct Signals<'a> {
    /// The store's kill switch and fuel stop point.
    pub interrupt: &'a InterruptState,
    /// The engine's epoch counter.
    pub epoch: &'a AtomicU64,
}

/// Runs the activation whose top frame is the last one on `stack`, from the
/// instruction saved in that frame.
pub(crate) fn execute(store: &mut StoreOpaque, stack: &mut Stack, signals: &Signals<'_>) -> Result<Exit, Trap> {
    let Some(top) = stack.frames.last().copied() else { return Ok(Exit::Finished) };
    let running = &store.instances[top.instance as usize];
    let (module, globals) = (running.module.clone(), running.globals.clone());
    let placeholder = Regs { ip: top.ip, fp: FramePtr(std::ptr::null_mut()), mem: Mem::NONE, acc: stack.resume_acc };
    let fuel_limit = store.engine.config().consume_fuel.then_some(store.fuel_limit);
    let epoch_deadline = store.engine.config().epoch_interruption.then_some(store.epoch_deadline);
    // With epochs on, the first check point polls the epoch at once.
    let stop_at = if epoch_deadline.is_some() { store.instructions } else { fuel_limit.unwrap_or(u64::MAX) };
    if signals.interrupt.stop_at() != stop_at {
        signals.interrupt.arm(stop_at);
    }
    let mut executor = Executor {
        inst: top.instance,
        module,
        globals,
        fp_off: top.fp,
        mem_epoch: 0,
        spill: placeholder,
        count: store.instructions,
        fuel_limit,
        stop_at: signals.interrupt.stop_at_cell(),
        exit: None,
        #[cfg(kiln_stack_guard)]
        entry_sp: 0,
        epoch_deadline,
        interrupt: signals.interrupt,
        epoch: signals.epoch,
        store,
        stack: stack.take(),
    };
    executor.spill.fp = executor.frame_ptr(top.fp);
    executor.spill.mem = executor.memory0();
    let result = if executor.store.engine.config().signals_based_traps {
        // A fault in guarded memory 0 ends the run early: an out-of-bounds
        // access (see `runtime::signals`).
        signals::run_guarded(|| executor.run()).unwrap_or(Err(Trap::MemoryOutOfBounds))
    } else {
        executor.run()
    };
    executor.store.instructions = executor.count;
    *stack = executor.stack;
    result
}

/// Prepares `stack` to run defined function `def` of store instance
/// `instance` as a new activation: reserves its frame, zeroes its locals and
/// pushes the frame. The caller then writes the arguments to slots `0..`.
pub(crate) fn push_entry_frame(store: &StoreOpaque, stack: &mut Stack, instance: u32, def: u32) -> anyhow::Result<()> {
    let module = &store.instances[instance as usize].module;
    let callee = module.info().compiled(def).map_err(|e| anyhow::anyhow!("{e}"))?;
    if !stack.reserve_frame(callee.frame_size as usize) {
        return Err(Trap::StackOverflow.into());
    }
    let locals = callee.num_params as usize..(callee.num_params + callee.num_locals) as usize;
    stack.slots[locals].fill(0);
    stack.frames.push(Frame { ip: callee.code.as_ptr(), fp: 0, instance, func: def });
    Ok(())
}

pub(crate) struct Executor<'a> {
    /// Store index of the running instance.
    inst: u32,
    /// The running instance's module (its code and constant pools).
    module: Module,
    /// The running instance's global index space (store indices): global
    /// accesses find a global's store index without going through the
    /// store's instance list.
    globals: Arc<[u32]>,
    /// Index of the running frame's slot 0 in `stack.slots`.
    fp_off: usize,
    /// `store.memory_epoch` when `Regs::mem` was last loaded.
    mem_epoch: u64,
    /// Where the dispatch loop's registers go while a slow path runs. Slow
    /// paths read and update this copy; passing the registers by value
    /// instead would pin the loop's copy to memory.
    spill: Regs,
    /// The store's instruction count, which is also its fuel consumption
    /// (written back when the run stops; the handlers of an engine that does
    /// not count leave it unchanged).
    count: u64,
    /// `count` at which the store is out of fuel (`None`: fuel is off).
    fuel_limit: Option<u64>,
    /// The interrupt state's stop point, compared with `count` at check
    /// points.
    stop_at: &'a AtomicU64,
    /// Why the handlers stopped, when they stop without a trap.
    exit: Option<Exit>,
    /// The native stack pointer when `run` started (see `assert_stack_flat`).
    #[cfg(kiln_stack_guard)]
    entry_sp: usize,
    /// Engine epoch at which to stop (`None`: epochs are off).
    epoch_deadline: Option<u64>,
    interrupt: &'a InterruptState,
    epoch: &'a AtomicU64,
    store: &'a mut StoreOpaque,
    /// The activation's stack, moved here from the caller's for the run
    /// (and back when it stops), so that the frame list and the slots lie at
    /// fixed offsets from the executor: calls and returns reach them
    /// without first loading where the stack is.
    stack: Stack,
}

impl Executor<'_> {
    /// Charges a finished straight-line segment, in the handlers that count
    /// instructions (see `Config::count_instructions`); the others leave the
    /// count as it is, so that check points compare a fixed count and still
    /// stop for the kill switch.
    #[inline(always)]
    fn charge<const COUNTING: bool>(&mut self, cost: Cost) {
        if COUNTING {
            self.count = self.count.wrapping_add(u64::from(cost.0));
        }
    }

    /// The test at check points, one load and one compare: is there any
    /// reason to stop? Fuel, the kill switch and epoch polling all work by
    /// moving the stop point (see `InterruptState`).
    #[inline(always)]
    fn must_stop(&self) -> bool {
        self.count >= self.stop_at.load(Ordering::Relaxed)
    }

    /// Where the next check point should stop: at the fuel limit, and with
    /// epochs on, [`EPOCH_POLL_INTERVAL`] instructions from now.
    fn next_stop(&self) -> u64 {
        let fuel = self.fuel_limit.unwrap_or(u64::MAX);
        match self.epoch_deadline {
            Some(_) => fuel.min(self.count.saturating_add(EPOCH_POLL_INTERVAL)),
            None => fuel,
        }
    }

    /// The slow path of a check point, with the registers in `spill`. A kill
    /// switch traps; fuel and epochs trap or leave the loop resumably (the
    /// running frame's saved instruction pointer is where to continue);
    /// otherwise this was an epoch poll, and running goes on.
    #[cold]
    fn stop(&mut self) -> Result<Option<Exit>, Trap> {
        if self.interrupt.take_kill(self.next_stop()) {
            return Err(Trap::Interrupt);
        }
        let exit = if self.epoch_deadline.is_some_and(|deadline| self.epoch.load(Ordering::Relaxed) >= deadline) {
            Exit::EpochDeadline
        } else if self.fuel_limit.is_some_and(|limit| self.count >= limit) {
            if !self.store.suspend_on_out_of_fuel {
                return Err(Trap::OutOfFuel);
            }
            Exit::OutOfFuel
        } else {
            self.interrupt.arm(self.next_stop());
            return Ok(None);
        };
        if let Some(frame) = self.stack.frames.last_mut() {
            frame.ip = self.spill.ip;
        }
        self.stack.resume_acc = self.spill.acc;
        Ok(Some(exit))
    }

    /// Test builds (`kiln_stack_guard`): panics if the native stack grew since `run` started,
    /// which would mean a handler's call to the next handler was not
    /// compiled as a tail call (see `dispatch`).
    #[cfg(kiln_stack_guard)]
    fn assert_stack_flat(&self) {
        let grown = self.entry_sp.saturating_sub(stack_pointer());
        assert!(grown < 64 * 1024, "interpreter handlers grew the native stack by {grown} bytes: a missed tail call");
    }

    fn frame_ptr(&mut self, offset: usize) -> FramePtr {
        FramePtr(self.stack.slots.as_mut_ptr().wrapping_add(offset))
    }

    /// Base and length of the running instance's memory 0, which is also
    /// the memory whose faults the fault handler turns into traps on this
    /// thread, if it is guarded (see `runtime::signals`).
    fn memory0(&mut self) -> Mem {
        self.mem_epoch = self.store.memory_epoch;
        let memory =
            self.store.instances[self.inst as usize].memories.first().map(|&m| &self.store.memories[m as usize]);
        signals::set_guarded_memory(memory.and_then(StoreMemory::guarded_base));
        match memory.and_then(StoreMemory::unshared_view) {
            Some((base, len)) => Mem { base, len: len as u64 },
            // None, or shared: the translator uses the general instructions.
            None => Mem::NONE,
        }
    }

    fn switch_instance(&mut self, instance: u32) -> Mem {
        self.inst = instance;
        let data = &self.store.instances[instance as usize];
        self.module = data.module.clone();
        self.globals = data.globals.clone();
        self.memory0()
    }

    fn instance(&self) -> &InstanceData {
        &self.store.instances[self.inst as usize]
    }

    fn memory_index(&self, mem: u32) -> u32 {
        self.instance().memories[mem as usize]
    }

    fn table_index(&self, table: u32) -> u32 {
        self.instance().tables[table as usize]
    }

    fn global_index(&self, global: u32) -> usize {
        self.globals[global as usize] as usize
    }

    /// The immediates of the running function.
    fn pools(&self) -> &CodePools {
        let def = self.stack.frames.last().map_or(u32::MAX, |frame| frame.func);
        match self.module.info().code.get(def as usize).and_then(FuncCode::get) {
            Some(code) => &code.pools,
            // The running frame's function was translated to be entered.
            None => unreachable!("internal error: the running function has no bytecode"),
        }
    }

    /// The running function's 128-bit constant `index`.
    fn v128_const(&self, index: u32) -> u128 {
        self.pools().v128_consts[index as usize]
    }

    /// The running function's memory argument `index`.
    fn mem_arg(&self, index: u32) -> MemArg {
        self.pools().mem_args[index as usize]
    }

    /// The store memory and byte range a general memory access touches, after
    /// bounds checks in 64-bit arithmetic.
    fn generic_range(&self, fp: FramePtr, ptr: Slot, arg: &MemArg) -> Result<(usize, std::ops::Range<usize>), Trap> {
        let m = self.memory_index(arg.mem) as usize;
        let memory = &self.store.memories[m];
        let base = fp.read_index(ptr, memory.ty().is_64());
        let start = base.checked_add(arg.offset).ok_or(Trap::MemoryOutOfBounds)?;
        let end = start.checked_add(arg.kind.size() as u64).ok_or(Trap::MemoryOutOfBounds)?;
        if end > memory.len() as u64 {
            return Err(Trap::MemoryOutOfBounds);
        }
        Ok((m, start as usize..end as usize))
    }

    /// A general load (`vec`: the vector a lane load merges into), written
    /// to `dst`. Takes and returns only scalars, so that the handlers calling
    /// it keep their tail calls (see `dispatch`).
    #[inline(never)]
    fn load_generic(&self, fp: FramePtr, dst: Slot, ptr: Slot, vec: Option<Slot>, arg: u32) -> Result<(), Trap> {
        let arg = self.mem_arg(arg);
        let (m, range) = self.generic_range(fp, ptr, &arg)?;
        let vec = vec.map_or(0, |v| fp.read_v128(v));
        let value = match &self.store.memories[m] {
            StoreMemory::Owned(memory) => arg.kind.load(&memory.data()[range], vec, arg.lane),
            StoreMemory::Shared(memory) => {
                let mut bytes = [0u8; 16];
                memory.read(range.start as u64, &mut bytes[..range.len()])?;
                arg.kind.load(&bytes, vec, arg.lane)
            }
        };
        if arg.kind.loads_v128() {
            fp.write_v128(dst, value)
        } else {
            fp.write(dst, value as u64)
        }
        Ok(())
    }

    /// A general store (or lane store) of `src` (see `load_generic`).
    #[inline(never)]
    fn store_generic(&mut self, fp: FramePtr, ptr: Slot, src: Slot, arg: u32) -> Result<(), Trap> {
        let arg = self.mem_arg(arg);
        let value = if arg.kind.stores_v128() { fp.read_v128(src) } else { u128::from(fp.read::<u64>(src)) };
        let (m, range) = self.generic_range(fp, ptr, &arg)?;
        let bytes = arg.kind.store(value, arg.lane);
        let len = range.len();
        match &mut self.store.memories[m] {
            StoreMemory::Owned(memory) => memory.data_mut()[range].copy_from_slice(&bytes[..len]),
            StoreMemory::Shared(memory) => memory.write(range.start as u64, &bytes[..len])?,
        }
        Ok(())
    }

    /// Grows store memory `m` by `delta` pages: the old size in pages, or
    /// `u64::MAX` if it cannot grow. Returns a scalar, for the handlers' tail
    /// calls.
    #[inline(never)]
    fn grow_memory(&mut self, m: u32, delta: u64) -> u64 {
        self.store.grow_memory(m, delta).unwrap_or(u64::MAX)
    }

    /// Stops for the driver to perform a growth (`memory`: of a memory, else
    /// of a table) with the registers in `spill`, continuing after the
    /// instruction. Scalar arguments, for the handlers' tail calls.
    #[inline(never)]
    fn grow_exit(
        &mut self,
        memory: bool,
        index: u32,
        delta: u64,
        init: u64,
        dst: Slot,
        is_64: bool,
    ) -> Result<(), Trap> {
        self.save_return_address();
        let dst = self.fp_off + dst.index();
        self.exit = Some(Exit::Grow(GrowRequest { memory, index, delta, init, dst, is_64 }));
        Ok(())
    }

    /// Records where the running frame continues after a call.
    fn save_return_address(&mut self) {
        if let Some(frame) = self.stack.frames.last_mut() {
            frame.ip = self.spill.ip.wrapping_add(1);
        }
    }

    /// Calls store function `func` with arguments at `base`. Continues in the
    /// callee (updating `spill`) or returns the host call to perform.
    fn call_store_func(&mut self, func: u32, base: Slot) -> Result<Option<Exit>, Trap> {
        match self.store.funcs[func as usize].kind {
            FuncKind::Wasm { instance, def } => self.call_wasm(instance, def, base),
            FuncKind::Host { .. } => {
                self.save_return_address();
                Ok(Some(Exit::HostCall { func, args: self.fp_off + base.index() }))
            }
        }
    }

    /// The store function a `call_indirect` through `table` (a module table
    /// index) calls with the element index in slot `index`, after checking
    /// that it exists and has type `ty` (a module type index).
    #[inline(always)]
    fn indirect_callee(&self, fp: FramePtr, table: u16, ty: u32, index: Slot) -> Result<u32, Trap> {
        let t = self.table_index(u32::from(table));
        let table = &self.store.tables[t as usize];
        let i = fp.read_index(index, table.ty().is_64());
        let raw = table.get(i).ok_or(Trap::TableOutOfBounds)?;
        let f = raw.checked_sub(1).ok_or(Trap::IndirectCallToNull)? as u32;
        if self.store.funcs[f as usize].sig != self.module.info().sigs[ty as usize] {
            return Err(Trap::BadSignature);
        }
        Ok(f)
    }

    /// The defined-function index of store function `func` if it belongs to
    /// the running instance (a call to it can take `call_within_instance`).
    #[inline(always)]
    fn defined_here(&self, func: u32) -> Option<u32> {
        match self.store.funcs[func as usize].kind {
            FuncKind::Wasm { instance, def } if instance == self.inst => Some(def),
            _ => None,
        }
    }

    /// Enters defined function `def` of store instance `instance`, whose
    /// frame starts at `base` in the running frame (updating `spill`),
    /// translating it first if this is its first call. Returns the exit to
    /// take if it cannot be translated.
    fn call_wasm(&mut self, instance: u32, def: u32, base: Slot) -> Result<Option<Exit>, Trap> {
        self.enter_wasm(instance, def, self.fp_off + base.index(), false)
    }

    /// Enters defined function `def` of store instance `instance` with its
    /// frame at absolute slot `new_fp` (updating `spill`): in a new frame
    /// record, or with `replace` (a tail call) in the running one's. As
    /// `call_wasm`, translates the function on its first call.
    fn enter_wasm(&mut self, instance: u32, def: u32, new_fp: usize, replace: bool) -> Result<Option<Exit>, Trap> {
        let module = if instance == self.inst { &self.module } else { &self.store.instances[instance as usize].module };
        let Ok(callee) = module.info().compiled(def) else {
            self.save_return_address();
            return Ok(Some(Exit::TranslationFailed { instance, def }));
        };
        let (code, frame_size, params, locals) =
            (callee.code.as_ptr(), callee.frame_size as usize, callee.num_params as usize, callee.num_locals as usize);
        if !self.stack.reserve_frame(new_fp + frame_size) {
            return Err(Trap::StackOverflow);
        }
        let frame = Frame { ip: code, fp: new_fp, instance, func: def };
        match self.stack.frames.last_mut() {
            Some(running) if replace => *running = frame,
            _ => {
                self.save_return_address();
                self.stack.frames.push(frame);
            }
        }
        self.fp_off = new_fp;
        let fp = self.frame_ptr(new_fp);
        fp.zero_locals(params, locals);
        if instance != self.inst {
            self.spill.mem = self.switch_instance(instance);
        }
        self.spill.ip = code;
        self.spill.fp = fp;
        Ok(None)
    }

    /// The fast path of `call` to defined function `def` of the running
    /// instance, from the instruction at `at`, when its frame fits the
    /// stack's reservation: the callee's first instruction and frame.
    #[inline(always)]
    fn call_within_instance(&mut self, def: u32, base: Slot, at: *const Instr) -> Option<(*const Instr, FramePtr)> {
        // Not yet translated: the general path translates it.
        let callee = self.module.info().code[def as usize].get()?;
        let new_fp = self.fp_off + base.index();
        let end = new_fp + callee.frame_size as usize;
        if end > self.stack.slots.len() {
            return None;
        }
        let code = callee.code.as_ptr();
        let (params, locals) = (callee.num_params as usize, callee.num_locals as usize);
        if !self.stack.push_frame_within_room(Frame { ip: code, fp: new_fp, instance: self.inst, func: def }) {
            return None;
        }
        let frames = &mut self.stack.frames;
        if let Some(caller) = frames.len().checked_sub(2).and_then(|at| frames.get_mut(at)) {
            caller.ip = at.wrapping_add(1);
        }
        self.fp_off = new_fp;
        let fp = self.frame_ptr(new_fp);
        fp.zero_locals(params, locals);
        Some((code, fp))
    }

    /// The fast path of a return to a caller in the running instance, with
    /// memory 0 where it was: pops the frame and gives the caller's next
    /// instruction and frame. `None` leaves the general path
    /// (`return_from_call`) to do everything.
    #[inline(always)]
    fn return_within_instance(&mut self) -> Option<(*const Instr, FramePtr)> {
        let frames = &self.stack.frames;
        let caller = *frames.get(frames.len().checked_sub(2)?)?;
        if caller.instance != self.inst || self.mem_epoch != self.store.memory_epoch {
            return None;
        }
        self.stack.frames.pop();
        self.fp_off = caller.fp;
        Some((caller.ip, self.frame_ptr(caller.fp)))
    }

    /// Pops the running frame and resumes its caller (updating `spill`).
    /// `true` if the activation is finished.
    fn return_from_call(&mut self) -> bool {
        self.stack.frames.pop();
        let Some(frame) = self.stack.frames.last().copied() else { return true };
        self.fp_off = frame.fp;
        self.spill.fp = self.frame_ptr(frame.fp);
        self.spill.ip = frame.ip;
        if frame.instance != self.inst {
            self.spill.mem = self.switch_instance(frame.instance);
        } else if self.mem_epoch != self.store.memory_epoch {
            self.spill.mem = self.memory0();
        }
        false
    }
}

/// The native stack pointer (test builds only, `kiln_stack_guard`; see
/// `Executor::assert_stack_flat`). Inline assembly, because taking the
/// address of a local would itself stop the tail calls it checks.
#[cfg(kiln_stack_guard)]
fn stack_pointer() -> usize {
    let sp: usize;
    #[cfg(target_arch = "x86_64")]
    // SAFETY: reads a register into a local; touches no memory.
    unsafe {
        std::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags))
    };
    #[cfg(target_arch = "aarch64")]
    // SAFETY: as above.
    unsafe {
        std::arch::asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags))
    };
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        sp = usize::MAX;
    }
    sp
}
