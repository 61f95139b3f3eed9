//! The `api` target: random sequences of embedding-API operations on a
//! small fixed set of modules, in one store with fuel enabled.
//!
//! Operations: instantiate (including a module that imports another
//! instance's memory, table and global), plain calls and calls through
//! tables (with well- or ill-typed arguments), resumable calls and
//! resumption (with right or wrong values), host functions that yield or
//! call back into wasm, `memory.grow`, memory reads and writes, table grow,
//! get, set, fill and copy (with any reference, including ones of the wrong
//! type), global sets, fuel and instruction-count changes, the kill switch,
//! suspension on fuel exhaustion, and instance reset.
//!
//! Invariants, besides "no panic":
//!
//! - the store stays usable after every error: a canary function (in its
//!   own instance) still returns its value, or at worst reports the pending
//!   interrupt;
//! - a reset instance's memories, globals and tables equal those it had
//!   right after instantiation (when the reset succeeded: its start function
//!   can run out of fuel like any call).

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use kiln::{
    CallStatus, Engine, Extern, ExternRef, ExternType, Func, Instance, Linker, Module, ResumableCall, Store, Suspend,
    Trap, Val,
};

use crate::Verdict;
use crate::value::{Ty, Value, kiln_ref, kiln_ty};

/// The main module: state of every kind, a start function, segments, host
/// imports that yield and re-enter.
const MODULE_A: &str = r#"(module
  (import "host" "yield" (func $yield (param i32) (result i32)))
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (type $r (func (result i32)))
  (memory (export "mem") 1 4)
  (table (export "tab") 4 10 funcref)
  (table (export "ext") 2 8 externref)
  (global $g (export "g") (mut i32) (i32.const 7))
  (global (export "f") (mut f64) (f64.const 1.5))
  (global (export "v") (mut v128) (v128.const i64x2 1 2))
  (global (export "fr") (mut funcref) (ref.func $inc))
  (data (i32.const 16) "kiln")
  (data $p "passive")
  (elem (i32.const 0) $inc $spin)
  (elem $pe func $recurse $inc)
  (func $inc (export "inc") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.store (i32.const 0) (global.get $g))
    (global.get $g))
  (func $spin (export "spin") (param $n i32) (result i32)
    (loop $l
      (if (local.get $n)
        (then (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l))))
    (local.get $n))
  (func $recurse (export "recurse") (param $n i32) (result i32)
    (if (result i32) (local.get $n)
      (then (i32.add (i32.const 1) (call $recurse (i32.sub (local.get $n) (i32.const 1)))))
      (else (i32.const 0))))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "trap") (unreachable))
  (func (export "indirect") (param i32) (result i32) (call_indirect (type $r) (local.get 0)))
  (func (export "ask") (param i32) (result i32) (i32.add (call $yield (local.get 0)) (call $inc)))
  (func (export "nested") (param i32) (result i32) (call $reenter (local.get 0)))
  (func (export "init")
    (memory.init $p (i32.const 100) (i32.const 0) (i32.const 7))
    (data.drop $p)
    (table.init $pe (i32.const 2) (i32.const 0) (i32.const 2))
    (elem.drop $pe))
  (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "xset") (param i32 externref) (table.set 1 (local.get 0) (local.get 1)))
  (func (export "xget") (param i32) (result externref) (table.get 1 (local.get 0)))
  (func $start (drop (call $inc)))
  (start $start))"#;

/// 64-bit and multiple memories.
const MODULE_B: &str = r#"(module
  (memory $a (export "m64") i64 1 3)
  (memory $b (export "m2") 0 2)
  (global (export "c") i64 (i64.const 5))
  (data (memory $b) (i32.const 0) "")
  (data (memory $a) (i64.const 65530) "edge!!")
  (func (export "store64") (param i64 i64) (i64.store $a (local.get 0) (local.get 1)))
  (func (export "load64") (param i64) (result i64) (i64.load $a (local.get 0)))
  (func (export "grow64") (param i64) (result i64) (memory.grow $a (local.get 0)))
  (func (export "grow2") (param i32) (result i32) (memory.grow $b (local.get 0)))
  (func (export "copy") (param i32 i64 i32) (memory.copy $b $a (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill64") (param i64 i32 i64) (memory.fill $a (local.get 0) (local.get 1) (local.get 2)))
  (func (export "v") (param i64) (result v128) (v128.load $a offset=3 (local.get 0))))"#;

/// Imports the latest main instance's memory, table and global.
const MODULE_C: &str = r#"(module
  (import "a" "mem" (memory 1))
  (import "a" "g" (global $ig (mut i32)))
  (import "a" "tab" (table 1 funcref))
  (memory (export "own") 1 2)
  (global $own (export "own_g") (mut i32) (i32.const 3))
  (table (export "own_t") 2 4 funcref)
  (data (memory 1) (i32.const 8) "own")
  (elem (table 1) (i32.const 1) func $bump)
  (func $bump (export "bump") (result i32)
    (global.set $ig (i32.add (global.get $ig) (i32.const 1)))
    (global.set $own (i32.add (global.get $own) (i32.const 1)))
    (i32.store8 1 (i32.const 0) (global.get $own))
    (global.get $own))
  (func (export "call_a") (param i32) (result i32) (call_indirect 0 (result i32) (local.get 0)))
  (func $start (drop (call $bump)))
  (start $start))"#;

/// A function with a check point (a call) returning 42.
const CANARY: &str = r#"(module
  (func $k (result i32) (i32.const 42))
  (func (export "canary") (result i32) (call $k)))"#;

/// Most operations in one input.
const MAX_OPS: usize = 64;

/// Most fuel one operation may set.
const MAX_FUEL: u32 = 2_000_000;

struct Setup {
    engine: Engine,
    /// A, B, C.
    modules: [Module; 3],
    canary: Module,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let mut config = kiln::Config::new();
        config.consume_fuel(true);
        let engine = Engine::new(&config).expect("valid configuration");
        let compile = |text: &str| Module::new(&engine, text).expect("the api target's modules compile");
        let modules = [compile(MODULE_A), compile(MODULE_B), compile(MODULE_C)];
        let canary = compile(CANARY);
        Setup { engine, modules, canary }
    })
}

/// A value as the fuzzer chooses it; converted to the needed type when the
/// operation asks for well-typed values.
#[derive(Arbitrary, Clone, Debug)]
enum ArbVal {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    NullFunc,
    NullExtern,
    /// One of the functions seen so far (by index).
    Func(u8),
    /// A new extern reference.
    Extern(u8),
    /// A function of another store.
    Foreign,
}

/// One operation; indices are taken modulo what exists.
#[derive(Arbitrary, Debug)]
enum Op {
    Instantiate(u8),
    Call { instance: u8, func: u8, typed: bool, args: Vec<ArbVal> },
    CallResumable { instance: u8, func: u8, typed: bool, args: Vec<ArbVal> },
    Resume { call: u8, typed: bool, values: Vec<ArbVal> },
    DropCall(u8),
    TableCall { instance: u8, index: u64, typed: bool, args: Vec<ArbVal> },
    MemoryGrow { instance: u8, memory: u8, delta: u64 },
    MemoryWrite { instance: u8, memory: u8, offset: u32, len: u16 },
    MemoryRead { instance: u8, memory: u8, offset: u32, len: u16 },
    TableGrow { instance: u8, table: u8, delta: u32, init: ArbVal },
    TableSet { instance: u8, table: u8, index: u64, value: ArbVal },
    TableGet { instance: u8, table: u8, index: u64 },
    TableFill { instance: u8, table: u8, dst: u64, len: u64, value: ArbVal },
    TableCopy { instance: u8, dst_table: u8, src_table: u8, dst: u64, src: u64, len: u64 },
    GlobalSet { instance: u8, global: u8, value: ArbVal },
    SetFuel(u32),
    SetInstructionCount(u64),
    SuspendOnOutOfFuel(bool),
    Interrupt,
    Reset(u8),
}

/// A live instance and what it looked like right after instantiation.
struct Live {
    instance: Instance,
    module: usize,
    initial: Snapshot,
}

/// The instance's own exported state.
#[derive(Debug, PartialEq)]
struct Snapshot {
    memories: Vec<Vec<u8>>,
    globals: Vec<Value>,
    tables: Vec<Vec<Option<Value>>>,
}

struct Harness {
    store: Store<()>,
    linker: Linker<()>,
    instances: Vec<Live>,
    calls: Vec<ResumableCall>,
    funcs: Vec<Func>,
    canary: Func,
    foreign: Func,
    /// A main instance exists whose exports `a` names in the linker.
    have_a: bool,
}

/// Runs the target on one input. Panics on a finding.
pub fn run(data: &[u8]) -> Verdict {
    let mut u = Unstructured::new(data);
    let mut harness = Harness::new();
    let mut ops = 0;
    while !u.is_empty() && ops < MAX_OPS {
        let Ok(op) = Op::arbitrary(&mut u) else { break };
        harness.apply(op);
        ops += 1;
    }
    if ops == 0 { Verdict::Skipped("no operations") } else { Verdict::Checked }
}

/// The host functions: `yield` suspends with its argument; `reenter(n)`
/// calls back into the caller's `nested` export with `n - 1` (or its `ask`
/// export when `n` is odd), so deep values exceed the nesting limit.
fn linker(engine: &Engine) -> Linker<()> {
    let mut linker = Linker::new(engine);
    linker.allow_shadowing(true);
    linker
        .func_wrap("host", "yield", |n: i32| -> kiln::Result<i32> { Err(Suspend::new(n).into()) })
        .expect("define host.yield");
    linker
        .func_wrap("host", "reenter", |mut caller: kiln::Caller<'_, ()>, n: i32| -> kiln::Result<i32> {
            if n <= 0 {
                return Ok(0);
            }
            let name = if n % 2 == 1 { "ask" } else { "nested" };
            let Some(f) = caller.get_export(name).and_then(Extern::into_func) else { return Ok(-1) };
            let mut results = [Val::I32(0)];
            f.call(&mut caller, &[Val::I32(n - 1)], &mut results)?;
            Ok(results[0].i32().unwrap_or(-1))
        })
        .expect("define host.reenter");
    linker
}

impl Harness {
    fn new() -> Harness {
        let setup = setup();
        let mut store = Store::new(&setup.engine, ());
        store.set_fuel(u64::from(MAX_FUEL)).expect("fuel is enabled");
        let canary_instance = Instance::new(&mut store, &setup.canary, &[]).expect("the canary instantiates");
        let canary = canary_instance.get_func(&mut store, "canary").expect("the canary export");
        let mut other = Store::new(&setup.engine, ());
        let foreign_instance = Instance::new(&mut other, &setup.canary, &[]).expect("the canary instantiates");
        let foreign = foreign_instance.get_func(&mut other, "canary").expect("the canary export");
        Harness {
            store,
            linker: linker(&setup.engine),
            instances: Vec::new(),
            calls: Vec::new(),
            funcs: vec![canary],
            canary,
            foreign,
            have_a: false,
        }
    }

    fn apply(&mut self, op: Op) {
        let failed = match op {
            Op::Instantiate(m) => self.instantiate(m as usize % 3).is_err(),
            Op::Call { instance, func, typed, args } => match self.export_func(instance, func) {
                Some(f) => {
                    let (params, mut results) = self.call_values(&f, typed, &args);
                    f.call(&mut self.store, &params, &mut results).is_err()
                }
                None => false,
            },
            Op::CallResumable { instance, func, typed, args } => match self.export_func(instance, func) {
                Some(f) => {
                    let (params, _) = self.call_values(&f, typed, &args);
                    match f.call_resumable(&mut self.store, &params) {
                        Ok(call) => {
                            let failed = matches!(call.status(), CallStatus::Trapped(_) | CallStatus::Failed);
                            if self.calls.len() < 8 {
                                self.calls.push(call);
                            }
                            failed
                        }
                        Err(_) => true,
                    }
                }
                None => false,
            },
            Op::Resume { call, typed, values } => self.resume(call, typed, &values),
            Op::DropCall(call) => {
                if !self.calls.is_empty() {
                    self.calls.remove(call as usize % self.calls.len());
                }
                false
            }
            Op::TableCall { instance, index, typed, args } => match self.export::<kiln::Table>(instance, 0) {
                Some(table) => {
                    let func = table.get(&mut self.store, index).and_then(|r| r.as_func().copied());
                    let (params, mut results) = match func {
                        Some(f) => self.call_values(&f, typed, &args),
                        None => (self.raw_values(&args), Vec::new()),
                    };
                    table.call(&mut self.store, index, &params, &mut results).is_err()
                }
                None => false,
            },
            Op::MemoryGrow { instance, memory, delta } => match self.export::<kiln::Memory>(instance, memory) {
                Some(m) => m.grow(&mut self.store, delta).is_err(),
                None => false,
            },
            Op::MemoryWrite { instance, memory, offset, len } => match self.export::<kiln::Memory>(instance, memory) {
                Some(m) => m.write(&mut self.store, offset as usize, &vec![0xa5; len as usize]).is_err(),
                None => false,
            },
            Op::MemoryRead { instance, memory, offset, len } => match self.export::<kiln::Memory>(instance, memory) {
                Some(m) => m.read(&self.store, offset as usize, &mut vec![0; len as usize]).is_err(),
                None => false,
            },
            Op::TableGrow { instance, table, delta, init } => match self.export::<kiln::Table>(instance, table) {
                Some(t) => {
                    let init = self.reference(&init);
                    t.grow(&mut self.store, u64::from(delta), init).is_err()
                }
                None => false,
            },
            Op::TableSet { instance, table, index, value } => match self.export::<kiln::Table>(instance, table) {
                Some(t) => {
                    let value = self.reference(&value);
                    t.set(&mut self.store, index, value).is_err()
                }
                None => false,
            },
            Op::TableGet { instance, table, index } => {
                if let Some(t) = self.export::<kiln::Table>(instance, table)
                    && let Some(kiln::Ref::Func(Some(f))) = t.get(&mut self.store, index)
                    && self.funcs.len() < 64
                {
                    self.funcs.push(f);
                }
                false
            }
            Op::TableFill { instance, table, dst, len, value } => match self.export::<kiln::Table>(instance, table) {
                Some(t) => {
                    let value = self.reference(&value);
                    t.fill(&mut self.store, dst, value, len).is_err()
                }
                None => false,
            },
            Op::TableCopy { instance, dst_table, src_table, dst, src, len } => {
                match (self.export::<kiln::Table>(instance, dst_table), self.export::<kiln::Table>(instance, src_table))
                {
                    (Some(d), Some(s)) => kiln::Table::copy(&mut self.store, &d, dst, &s, src, len).is_err(),
                    _ => false,
                }
            }
            Op::GlobalSet { instance, global, value } => match self.export::<kiln::Global>(instance, global) {
                Some(g) => {
                    let value = self.raw_value(&value);
                    g.set(&mut self.store, value).is_err()
                }
                None => false,
            },
            // Bounded, so that a loop cannot run for long (`spin` with a
            // large count would otherwise run for seconds).
            Op::SetFuel(fuel) => self.store.set_fuel(u64::from(fuel % MAX_FUEL)).is_err(),
            Op::SetInstructionCount(count) => self.store.set_instruction_count(count).is_err(),
            Op::SuspendOnOutOfFuel(on) => {
                self.store.suspend_on_out_of_fuel(on);
                false
            }
            Op::Interrupt => {
                self.store.interrupt_handle().interrupt();
                false
            }
            Op::Reset(i) => self.reset(i),
        };
        if failed {
            self.check_usable();
        }
    }

    /// Instantiates module `m` (C needs a main instance to import from).
    fn instantiate(&mut self, m: usize) -> kiln::Result<()> {
        if m == 2 && !self.have_a {
            return Ok(());
        }
        let module = &setup().modules[m];
        let instance = self.linker.instantiate(&mut self.store, module)?;
        if m == 0 {
            self.linker.instance(&mut self.store, "a", instance)?;
            self.have_a = true;
        }
        let initial = self.snapshot(instance, m);
        self.instances.push(Live { instance, module: m, initial });
        Ok(())
    }

    /// Resets instance `i`; then its state must equal the one right after
    /// instantiation. Returns whether it failed.
    fn reset(&mut self, i: u8) -> bool {
        let Some(live) = self.pick(i) else { return false };
        let (instance, module) = (live.instance, live.module);
        if instance.reset(&mut self.store).is_err() {
            return true;
        }
        let now = self.snapshot(instance, module);
        let live = &self.instances[i as usize % self.instances.len()];
        assert_eq!(now, live.initial, "a reset instance of module {module} differs from its initial state");
        false
    }

    /// Resumes a suspended call. Returns whether it failed.
    fn resume(&mut self, call: u8, typed: bool, values: &[ArbVal]) -> bool {
        if self.calls.is_empty() {
            return false;
        }
        let index = call as usize % self.calls.len();
        let values = match (typed, self.calls[index].resume_types()) {
            (true, Some(types)) => {
                let types: Vec<Ty> = types.iter().map(kiln_ty).collect();
                self.typed_values(&types, values)
            }
            _ => self.raw_values(values),
        };
        let Harness { calls, store, .. } = self;
        let call = &mut calls[index];
        let before = call.status();
        let result = call.resume(&mut *store, &values);
        if result.is_err() && matches!(before, CallStatus::Suspended(_)) && call.status() == before {
            // Refused values leave the call suspended, ready for a retry.
            assert!(call.resume_types().is_some(), "a refused resume lost the suspended state");
        }
        result.is_err()
    }

    fn pick(&self, i: u8) -> Option<&Live> {
        if self.instances.is_empty() { None } else { Some(&self.instances[i as usize % self.instances.len()]) }
    }

    /// The `n`-th export of kind `E` of instance `i`.
    fn export<E: FromExtern>(&mut self, i: u8, n: u8) -> Option<E> {
        let instance = self.pick(i)?.instance;
        let items: Vec<E> = instance.exports(&mut self.store).filter_map(|e| E::from_extern(e.into_extern())).collect();
        if items.is_empty() { None } else { Some(items[n as usize % items.len()]) }
    }

    fn export_func(&mut self, i: u8, n: u8) -> Option<Func> {
        let f = self.export::<Func>(i, n)?;
        if self.funcs.len() < 64 {
            self.funcs.push(f);
        }
        Some(f)
    }

    /// Parameters (well-typed or raw) and result slots for calling `f`.
    fn call_values(&mut self, f: &Func, typed: bool, args: &[ArbVal]) -> (Vec<Val>, Vec<Val>) {
        let ty = f.ty(&self.store);
        let params: Vec<Ty> = ty.params().map(|t| kiln_ty(&t)).collect();
        let results = ty.results().map(|t| Value::default_for(kiln_ty(&t)).to_kiln()).collect();
        let params = if typed { self.typed_values(&params, args) } else { self.raw_values(args) };
        (params, results)
    }

    /// One value per type, each from the matching seed (or a default).
    fn typed_values(&mut self, types: &[Ty], seeds: &[ArbVal]) -> Vec<Val> {
        types
            .iter()
            .enumerate()
            .map(|(i, &ty)| {
                let seed = seeds.get(i).cloned().unwrap_or(ArbVal::I32(0));
                match (ty, seed) {
                    (Ty::I32, ArbVal::I32(v)) => Val::I32(v),
                    (Ty::I64, ArbVal::I64(v)) => Val::I64(v),
                    (Ty::F32, ArbVal::F32(v)) => Val::F32(v),
                    (Ty::F64, ArbVal::F64(v)) => Val::F64(v),
                    (Ty::V128, ArbVal::V128(v)) => Val::V128(v.into()),
                    (Ty::FuncRef | Ty::ExternRef, seed) => self.raw_value(&seed),
                    (Ty::I32, ArbVal::I64(v)) => Val::I32(v as i32),
                    (Ty::I64, ArbVal::I32(v)) => Val::I64(i64::from(v)),
                    _ => Value::default_for(ty).to_kiln(),
                }
            })
            .collect()
    }

    fn raw_values(&mut self, seeds: &[ArbVal]) -> Vec<Val> {
        seeds.iter().map(|s| self.raw_value(s)).collect()
    }

    fn raw_value(&mut self, seed: &ArbVal) -> Val {
        match *seed {
            ArbVal::I32(v) => Val::I32(v),
            ArbVal::I64(v) => Val::I64(v),
            ArbVal::F32(v) => Val::F32(v),
            ArbVal::F64(v) => Val::F64(v),
            ArbVal::V128(v) => Val::V128(v.into()),
            _ => match self.reference(seed) {
                kiln::Ref::Func(f) => Val::FuncRef(f),
                kiln::Ref::Extern(e) => Val::ExternRef(e),
                kiln::Ref::Exn(e) => Val::ExnRef(e),
            },
        }
    }

    fn reference(&mut self, seed: &ArbVal) -> kiln::Ref {
        match *seed {
            ArbVal::Func(i) => kiln::Ref::Func(Some(self.funcs[i as usize % self.funcs.len()])),
            ArbVal::Foreign => kiln::Ref::Func(Some(self.foreign)),
            ArbVal::Extern(v) => {
                kiln::Ref::Extern(Some(ExternRef::new(&mut self.store, v).expect("a new extern reference")))
            }
            ArbVal::NullExtern => kiln::Ref::Extern(None),
            _ => kiln::Ref::Func(None),
        }
    }

    /// After an error: the store must still run wasm.
    fn check_usable(&mut self) {
        let fuel = self.store.get_fuel().expect("fuel is enabled");
        self.store.set_fuel(1_000).expect("fuel is enabled");
        let mut results = [Val::I32(0)];
        match self.canary.call(&mut self.store, &[], &mut results) {
            Ok(()) => assert_eq!(results[0], Val::I32(42), "the canary returned a wrong value"),
            Err(e) => assert_eq!(
                e.downcast_ref::<Trap>(),
                Some(&Trap::Interrupt),
                "the store is unusable after an error: the canary failed with {e:#}"
            ),
        }
        self.store.set_fuel(fuel).expect("fuel is enabled");
    }

    /// The exported memories, globals and tables of `instance` (all its
    /// own: the modules export nothing they import).
    fn snapshot(&mut self, instance: Instance, module: usize) -> Snapshot {
        let mut snapshot = Snapshot { memories: Vec::new(), globals: Vec::new(), tables: Vec::new() };
        let exports: Vec<(String, ExternType)> =
            setup().modules[module].exports().map(|e| (e.name().to_owned(), e.ty().clone())).collect();
        for (name, _) in exports {
            match instance.get_export(&mut self.store, &name) {
                Some(Extern::Memory(m)) => snapshot.memories.push(m.data(&self.store).to_vec()),
                Some(Extern::Global(g)) => {
                    let value = g.get(&mut self.store);
                    snapshot.globals.push(Value::from_kiln(&self.store, &value));
                }
                Some(Extern::Table(t)) => {
                    let size = t.size(&self.store);
                    let entries =
                        (0..size).map(|i| t.get(&mut self.store, i).map(|r| kiln_ref(&self.store, &r))).collect();
                    snapshot.tables.push(entries);
                }
                _ => {}
            }
        }
        snapshot
    }
}

/// Picks one kind of item out of an [`Extern`].
trait FromExtern: Copy {
    fn from_extern(e: Extern) -> Option<Self>;
}

impl FromExtern for Func {
    fn from_extern(e: Extern) -> Option<Func> {
        e.into_func()
    }
}

impl FromExtern for kiln::Memory {
    fn from_extern(e: Extern) -> Option<kiln::Memory> {
        e.into_memory()
    }
}

impl FromExtern for kiln::Table {
    fn from_extern(e: Extern) -> Option<kiln::Table> {
        e.into_table()
    }
}

impl FromExtern for kiln::Global {
    fn from_extern(e: Extern) -> Option<kiln::Global> {
        e.into_global()
    }
}
