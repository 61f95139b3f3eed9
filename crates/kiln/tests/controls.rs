//! Embedder controls: fuel, instruction counts, interruption, epochs,
//! resource limits, call hooks and resumable calls.

use std::sync::{Arc, Mutex};

use kiln::{
    CallHook, CallStatus, Caller, Config, Engine, Instance, Linker, Module, ResumableCall, Store, StoreLimits,
    StoreLimitsBuilder, Suspend, SuspendReason, Trap, UpdateDeadline, Val,
};

fn fuel_engine() -> Engine {
    Engine::new(Config::new().consume_fuel(true)).unwrap()
}

/// Starts `module`'s export `sum` with argument 1000 as a resumable call,
/// with 100 units of fuel and suspension when they run out.
fn start_sum_with_little_fuel(engine: &Engine, module: &Module) -> (Store<()>, ResumableCall) {
    let mut store = Store::new(engine, ());
    store.set_fuel(100).unwrap();
    store.suspend_on_out_of_fuel(true);
    let instance = Instance::new(&mut store, module, &[]).unwrap();
    let sum = instance.get_func(&mut store, "sum").unwrap();
    let call = sum.call_resumable(&mut store, &[Val::I32(1000)]).unwrap();
    (store, call)
}

/// A module whose fuel costs are counted by hand in the comments (Wasmtime's
/// table: `nop`, `drop`, `block`, `loop`, `unreachable`, `return`, `else`,
/// `end` cost 0, everything else 1).
const COUNTED: &str = r#"(module
  (func $add1 (export "add1") (param i32) (result i32)
    local.get 0        ;; 1
    i32.const 1        ;; 1
    i32.add)           ;; 1, end 0 => 3
  (func (export "call_add1") (result i32)
    i32.const 5        ;; 1
    call $add1)        ;; 1 + 3 => 5
  (func (export "count") (param $n i32)
    (loop $l           ;; 0
      local.get $n     ;; 1
      i32.const 1      ;; 1
      i32.sub          ;; 1
      local.tee $n     ;; 1
      br_if $l))       ;; 1 per iteration => 5n
  (func (export "branchy") (param i32) (result i32)
    (block $b (result i32)   ;; 0
      nop                    ;; 0
      local.get 0            ;; 1
      (if (result i32)       ;; 1 (+ local.get 0 below)
        (local.get 0)        ;; 1
        (then i32.const 10)  ;; 1
        (else                ;; 0
          i32.const 20       ;; 1
          drop               ;; 0
          i32.const 30))     ;; 1
      i32.add                ;; 1
      br $b                  ;; 1
    )                        ;; 0
    return))                 ;; 0
"#;

fn fuel_used(store: &mut Store<()>, f: impl FnOnce(&mut Store<()>)) -> u64 {
    store.set_fuel(1_000_000).unwrap();
    f(store);
    1_000_000 - store.get_fuel().unwrap()
}

#[test]
fn fuel_matches_hand_counted_costs() {
    let engine = fuel_engine();
    let module = Module::new(&engine, COUNTED).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(1_000).unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let add1 = instance.get_typed_func::<i32, i32>(&mut store, "add1").unwrap();
    let call_add1 = instance.get_typed_func::<(), i32>(&mut store, "call_add1").unwrap();
    let count = instance.get_typed_func::<i32, ()>(&mut store, "count").unwrap();
    let branchy = instance.get_typed_func::<i32, i32>(&mut store, "branchy").unwrap();

    assert_eq!(fuel_used(&mut store, |s| assert_eq!(add1.call(s, 1).unwrap(), 2)), 3);
    assert_eq!(fuel_used(&mut store, |s| assert_eq!(call_add1.call(s, ()).unwrap(), 6)), 5);
    assert_eq!(fuel_used(&mut store, |s| count.call(s, 7).unwrap()), 35);
    // Taken `then`: local.get, local.get, if, i32.const 10, i32.add, br = 6.
    assert_eq!(fuel_used(&mut store, |s| assert_eq!(branchy.call(s, 1).unwrap(), 11)), 6);
    // `else`: local.get, local.get, if, i32.const 20, i32.const 30, i32.add, br = 7.
    assert_eq!(fuel_used(&mut store, |s| assert_eq!(branchy.call(s, 0).unwrap(), 30)), 7);
}

#[test]
fn running_out_of_fuel_traps_and_refuelling_recovers() {
    let engine = fuel_engine();
    let module = Module::new(&engine, COUNTED).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(0).unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let count = instance.get_typed_func::<i32, ()>(&mut store, "count").unwrap();
    let err = count.call(&mut store, 10).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
    store.set_fuel(100).unwrap();
    let err = count.call(&mut store, 1_000).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
    store.set_fuel(10_000).unwrap();
    count.call(&mut store, 1_000).unwrap();
    assert_eq!(store.get_fuel().unwrap(), 10_000 - 5_000);
    // Fuel must be enabled to be set.
    let mut plain = Store::new(&Engine::default(), ());
    assert!(plain.set_fuel(1).is_err());
}

#[test]
fn instruction_count_is_kept_with_fuel_off() {
    let engine = Engine::new(Config::new().count_instructions(true)).unwrap();
    let module = Module::new(&engine, COUNTED).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let add1 = instance.get_typed_func::<i32, i32>(&mut store, "add1").unwrap();
    let count = instance.get_typed_func::<i32, ()>(&mut store, "count").unwrap();
    assert_eq!(store.instruction_count().unwrap(), 0);
    add1.call(&mut store, 1).unwrap();
    // local.get, i32.const, i32.add; `end` is structural and not counted.
    assert_eq!(store.instruction_count().unwrap(), 3);
    store.set_instruction_count(0).unwrap();
    count.call(&mut store, 3).unwrap();
    // 3 × (local.get, i32.const, i32.sub, local.tee, br_if).
    assert_eq!(store.instruction_count().unwrap(), 3 * 5);
}

#[test]
fn instruction_count_wraps_without_disturbing_a_call() {
    let engine = Engine::new(Config::new().count_instructions(true)).unwrap();
    let module = Module::new(&engine, COUNTED).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let count = instance.get_typed_func::<i32, ()>(&mut store, "count").unwrap();
    store.set_instruction_count(u64::MAX - 7).unwrap();
    count.call(&mut store, 100).unwrap();
    assert_eq!(store.instruction_count().unwrap(), 500 - 8);
}

#[test]
fn instruction_count_equals_fuel_consumed_and_setting_it_keeps_fuel() {
    let engine = fuel_engine();
    let module = Module::new(&engine, COUNTED).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let branchy = instance.get_typed_func::<i32, i32>(&mut store, "branchy").unwrap();
    store.set_fuel(100).unwrap();
    branchy.call(&mut store, 0).unwrap();
    assert_eq!(store.instruction_count().unwrap(), 7);
    assert_eq!(store.get_fuel().unwrap(), 93);
    store.set_instruction_count(1_000).unwrap();
    assert_eq!(store.get_fuel().unwrap(), 93);
    branchy.call(&mut store, 1).unwrap();
    assert_eq!(store.instruction_count().unwrap(), 1_006);
    assert_eq!(store.get_fuel().unwrap(), 87);
}

/// Loops that count `$n` down (5 instructions per iteration, as `count` in
/// `COUNTED`), then trap in different kinds of instruction.
const COUNT_THEN_TRAP: &str = r#"(module
  (memory 1)
  (table 1 funcref)
  (func $count (param $n i32)
    (loop $l
      local.get $n
      i32.const 1
      i32.sub
      local.tee $n
      br_if $l))
  (func (export "divide") (param $n i32) (local $zero i32)
    (call $count (local.get $n))
    (drop (i32.div_u (i32.const 1) (local.get $zero))))
  (func (export "load") (param $n i32)
    (call $count (local.get $n))
    (drop (i32.load (i32.const 65536))))
  (func (export "call_indirect") (param $n i32)
    (call $count (local.get $n))
    (call_indirect (i32.const 0))))"#;

#[test]
fn a_trap_keeps_the_instructions_counted_before_it() {
    // Whichever kind of instruction traps (arithmetic, a memory access, an
    // indirect call), the instructions counted before it stay counted, and
    // consumed: metering must not lose them when a guest traps on purpose.
    // (A design that keeps the count in a machine register must write it
    // back on every trap.) Whether the trapping instruction's own segment
    // is charged depends on where it traps; the loop's 50 000 must be.
    for fuel in [false, true] {
        let engine = Engine::new(Config::new().consume_fuel(fuel).count_instructions(true)).unwrap();
        let module = Module::new(&engine, COUNT_THEN_TRAP).unwrap();
        let mut store = Store::new(&engine, ());
        if fuel {
            store.set_fuel(1_000_000).unwrap();
        }
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        for (name, trap) in [
            ("divide", Trap::IntegerDivisionByZero),
            ("load", Trap::MemoryOutOfBounds),
            ("call_indirect", Trap::IndirectCallToNull),
        ] {
            let f = instance.get_typed_func::<i32, ()>(&mut store, name).unwrap();
            store.set_instruction_count(0).unwrap();
            let err = f.call(&mut store, 10_000).unwrap_err();
            assert_eq!(err.downcast_ref::<Trap>(), Some(&trap), "{name}");
            let counted = store.instruction_count().unwrap();
            assert!((50_000..50_010).contains(&counted), "{name}: {counted}");
            if fuel {
                assert_eq!(store.get_fuel().unwrap(), 1_000_000 - counted, "{name}");
                store.set_fuel(1_000_000).unwrap();
            }
        }
    }
}

const SPIN: &str = r#"(module
  (func (export "spin") (loop $l (br $l)))
  (func (export "answer") (result i32) (i32.const 42)))"#;

#[test]
fn interrupt_from_another_thread_stops_an_infinite_loop() {
    // With and without instruction counting: the handlers that do not count
    // still stop at check points for the kill switch.
    for counting in [false, true] {
        let engine = Engine::new(Config::new().count_instructions(counting)).unwrap();
        let module = Module::new(&engine, SPIN).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
        let handle = store.interrupt_handle();
        let killer = std::thread::spawn(move || {
            while !handle.is_running() {
                std::thread::yield_now();
            }
            handle.interrupt();
        });
        let err = spin.call(&mut store, ()).unwrap_err();
        killer.join().unwrap();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt), "counting: {counting}");
        // The store is still usable.
        let answer = instance.get_typed_func::<(), i32>(&mut store, "answer").unwrap();
        assert_eq!(answer.call(&mut store, ()).unwrap(), 42);
        assert!(!store.interrupt_handle().is_running());
    }
}

#[test]
fn instruction_count_needs_an_engine_that_counts() {
    let engine = Engine::default();
    let module = Module::new(&engine, COUNTED).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let count = instance.get_typed_func::<i32, ()>(&mut store, "count").unwrap();
    count.call(&mut store, 3).unwrap();
    let err = store.instruction_count().unwrap_err();
    assert!(err.to_string().contains("Config::count_instructions"), "{err}");
    assert!(store.set_instruction_count(0).is_err());
    // Fuel and epochs are measured on the counter, so they count too.
    for config in [Config::new().consume_fuel(true), Config::new().epoch_interruption(true)] {
        let mut store = Store::new(&Engine::new(config).unwrap(), ());
        assert_eq!(store.instruction_count().unwrap(), 0);
        store.set_instruction_count(5).unwrap();
    }
}

#[test]
fn epoch_deadline_traps_or_calls_back() {
    let engine = Engine::new(Config::new().epoch_interruption(true)).unwrap();
    let module = Module::new(&engine, SPIN).unwrap();
    let mut store = Store::new(&engine, 0u32);
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();

    // Deadline already reached: trap at the first check point.
    store.set_epoch_deadline(0);
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));

    // A callback that extends the deadline twice, then interrupts.
    store.epoch_deadline_callback(|mut ctx| {
        *ctx.data_mut() += 1;
        Ok(if *ctx.data() < 3 { UpdateDeadline::Continue(0) } else { UpdateDeadline::Interrupt })
    });
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
    assert_eq!(*store.data(), 3);

    // A far deadline does not interrupt a short call.
    store.set_epoch_deadline(1_000);
    engine.increment_epoch();
    let answer = instance.get_typed_func::<(), i32>(&mut store, "answer").unwrap();
    assert_eq!(answer.call(&mut store, ()).unwrap(), 42);
}

#[test]
fn epoch_ticking_on_another_thread_stops_a_running_loop() {
    let engine = Engine::new(Config::new().epoch_interruption(true)).unwrap();
    let module = Module::new(&engine, SPIN).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    store.set_epoch_deadline(1);
    let handle = store.interrupt_handle();
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            while !handle.is_running() {
                std::thread::yield_now();
            }
            engine.increment_epoch();
        })
    };
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
    ticker.join().unwrap();
}

#[test]
fn memory_limit_makes_memory_grow_return_minus_one() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, StoreLimitsBuilder::new().memory_size(3 << 16).build());
    store.limiter(|limits: &mut StoreLimits| limits);
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 5).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), 2);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    let memory = instance.get_memory(&mut store, "m").unwrap();
    assert!(memory.grow(&mut store, 1).is_err());
    assert_eq!(memory.size(&store), 3);
}

#[test]
fn limits_fail_instantiation_and_can_trap_on_growth() {
    let engine = Engine::default();
    let big = Module::new(&engine, "(module (memory 4))").unwrap();
    let mut store = Store::new(&engine, StoreLimitsBuilder::new().memory_size(1 << 16).instances(2).build());
    store.limiter(|limits: &mut StoreLimits| limits);
    let err = Instance::new(&mut store, &big, &[]).unwrap_err();
    assert!(matches!(err.downcast_ref::<kiln::InstantiationError>(), Some(kiln::InstantiationError::Resource(_))));
    let empty = Module::new(&engine, "(module)").unwrap();
    Instance::new(&mut store, &empty, &[]).unwrap();
    Instance::new(&mut store, &empty, &[]).unwrap();
    assert!(Instance::new(&mut store, &empty, &[]).is_err(), "a third instance exceeds the limit");

    let module =
        Module::new(&engine, r#"(module (memory 1) (func (export "grow") (result i32) (memory.grow (i32.const 1))))"#)
            .unwrap();
    let mut store =
        Store::new(&engine, StoreLimitsBuilder::new().memory_size(1 << 16).trap_on_grow_failure(true).build());
    store.limiter(|limits: &mut StoreLimits| limits);
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = instance.get_typed_func::<(), i32>(&mut store, "grow").unwrap();
    let err = grow.call(&mut store, ()).unwrap_err();
    assert!(format!("{err:#}").contains("forcing a trap"), "{err:#}");
}

#[test]
fn call_hook_sees_transitions_and_can_reject_a_host_call() {
    let engine = Engine::default();
    let module =
        Module::new(&engine, r#"(module (import "env" "host" (func $host)) (func (export "f") (call $host)))"#)
            .unwrap();
    let log: Arc<Mutex<Vec<CallHook>>> = Arc::default();
    let mut store = Store::new(&engine, false);
    let seen = log.clone();
    store.call_hook(move |ctx, hook| {
        seen.lock().unwrap().push(hook);
        if hook == CallHook::CallingHost && *ctx.data() {
            anyhow::bail!("host calls are not allowed now");
        }
        Ok(())
    });
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "host", || {}).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance.get_typed_func::<(), ()>(&mut store, "f").unwrap();
    f.call(&mut store, ()).unwrap();
    assert_eq!(
        *log.lock().unwrap(),
        [CallHook::CallingWasm, CallHook::CallingHost, CallHook::ReturningFromHost, CallHook::ReturningFromWasm]
    );
    *store.data_mut() = true;
    let err = f.call(&mut store, ()).unwrap_err();
    assert!(format!("{err:#}").contains("host calls are not allowed now"), "{err:#}");
    *store.data_mut() = false;
    f.call(&mut store, ()).unwrap();
}

/// The host asks three questions from nested wasm calls; each answer comes
/// in through `resume`.
#[test]
fn host_function_yields_three_times_from_nested_calls() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "ask" (func $ask (param i32) (result i32)))
             (func $leaf (param i32) (result i32) (call $ask (local.get 0)))
             (func $middle (param i32) (result i32)
               (i32.add (call $leaf (local.get 0)) (call $leaf (i32.add (local.get 0) (i32.const 1)))))
             (func (export "run") (result i32)
               (i32.mul (call $middle (i32.const 1)) (call $leaf (i32.const 3)))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "ask", |question: i32| -> kiln::Result<i32> {
            Err(Suspend::new(format!("question {question}")).into())
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_func(&mut store, "run").unwrap();
    let mut call = run.call_resumable(&mut store, &[]).unwrap();

    let mut questions = Vec::new();
    let mut wrong_type_refused = false;
    while call.status() == CallStatus::Suspended(SuspendReason::Yield) {
        let question = *call.take_yielded().unwrap().downcast::<String>().unwrap();
        let answer = question.trim_start_matches("question ").parse::<i32>().unwrap() * 10;
        if !wrong_type_refused {
            // A wrongly typed answer is refused and the call stays suspended.
            let err = call.resume(&mut store, &[Val::I64(1)]).unwrap_err();
            assert!(err.to_string().contains("expected i32"), "{err}");
            assert_eq!(call.status(), CallStatus::Suspended(SuspendReason::Yield));
            wrong_type_refused = true;
        }
        questions.push(question);
        call.resume(&mut store, &[Val::I32(answer)]).unwrap();
    }
    assert_eq!(questions, ["question 1", "question 2", "question 3"]);
    assert_eq!(call.status(), CallStatus::Finished);
    assert_eq!(call.results(), Some(&[Val::I32((10 + 20) * 30)][..]));
    assert!(call.resume(&mut store, &[]).is_err(), "a finished call cannot be resumed");
}

#[test]
fn suspension_outside_a_resumable_call_is_an_error() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (import "h" "y" (func $y)) (func (export "f") (call $y)))"#).unwrap();
    let mut linker = Linker::new(&engine);
    linker.func_wrap("h", "y", || -> kiln::Result<()> { Err(Suspend::new(()).into()) }).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let err = instance.get_func(&mut store, "f").unwrap().call(&mut store, &[], &mut []).unwrap_err();
    assert!(format!("{err:#}").contains("not resumable"), "{err:#}");
}

#[test]
fn out_of_fuel_suspends_and_resumes_after_refuelling() {
    let engine = fuel_engine();
    let module = Module::new(
        &engine,
        r#"(module
             (func (export "sum") (param $n i32) (result i32) (local $acc i32)
               (loop $l
                 (local.set $acc (i32.add (local.get $acc) (local.get $n)))
                 (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
               (local.get $acc)))"#,
    )
    .unwrap();
    let (mut store, mut call) = start_sum_with_little_fuel(&engine, &module);
    let mut refuels = 0;
    while call.status() == CallStatus::Suspended(SuspendReason::OutOfFuel) {
        assert_eq!(call.resume_types(), Some(&[][..]));
        store.set_fuel(1000).unwrap();
        call.resume(&mut store, &[]).unwrap();
        refuels += 1;
    }
    assert!(refuels > 5, "{refuels}");
    assert_eq!(call.results(), Some(&[Val::I32(500_500)][..]));
}

/// A loop whose first instruction takes the loop variable from the
/// accumulator (the back-edge leaves it there): suspending at the back-edge
/// and resuming keeps the accumulator, so the sum comes out right.
#[test]
fn out_of_fuel_at_a_back_edge_resumes_with_the_loop_variable() {
    let engine = fuel_engine();
    let module = Module::new(
        &engine,
        r#"(module
             (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
               (local.set $i (i32.const 1))
               (loop $l
                 (local.set $s (i32.add (local.get $s) (local.get $i)))
                 (br_if $l (i32.le_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
               (local.get $s)))"#,
    )
    .unwrap();
    let (mut store, mut call) = start_sum_with_little_fuel(&engine, &module);
    let code = module.disassemble(0).unwrap();
    let header = code.lines().find(|line| line.contains("i32.add ") || line.contains("i32.add+acc")).unwrap();
    assert!(header.contains("i32.add+acc"), "the loop starts from the accumulator:\n{code}");
    let mut refuels = 0;
    while call.status() == CallStatus::Suspended(SuspendReason::OutOfFuel) {
        store.set_fuel(97 + refuels % 5).unwrap();
        call.resume(&mut store, &[]).unwrap();
        refuels += 1;
    }
    assert!(refuels > 20, "{refuels}");
    assert_eq!(call.results(), Some(&[Val::I32(500_500)][..]));
}

#[test]
fn epoch_callback_can_suspend_a_resumable_call() {
    let engine = Engine::new(Config::new().epoch_interruption(true)).unwrap();
    let module = Module::new(
        &engine,
        r#"(module (func (export "loop") (param $n i32) (result i32)
             (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
             (i32.const 7)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(0);
    store.epoch_deadline_callback(|_| Ok(UpdateDeadline::Yield(1)));
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_func(&mut store, "loop").unwrap();
    let mut call = f.call_resumable(&mut store, &[Val::I32(1_000)]).unwrap();
    assert_eq!(call.status(), CallStatus::Suspended(SuspendReason::EpochDeadline));
    engine.increment_epoch();
    store.set_epoch_deadline(u64::MAX / 2);
    call.resume(&mut store, &[]).unwrap();
    assert_eq!(call.results(), Some(&[Val::I32(7)][..]));
}

#[test]
fn caller_can_consume_fuel() {
    let engine = fuel_engine();
    let module =
        Module::new(&engine, r#"(module (import "h" "work" (func $w)) (func (export "f") (call $w)))"#).unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("h", "work", |mut caller: Caller<'_, ()>| -> kiln::Result<()> {
            let left = caller.get_fuel()?;
            caller.set_fuel(left.saturating_sub(50))
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(100).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    instance.get_typed_func::<(), ()>(&mut store, "f").unwrap().call(&mut store, ()).unwrap();
    // `call` costs 1, the host 50.
    assert_eq!(store.get_fuel().unwrap(), 49);
}

const STATEFUL: &str = r#"(module
  (memory (export "memory") 1 10)
  (table (export "table") 2 10 funcref)
  (global $counter (export "counter") (mut i32) (i32.const 100))
  (global $starts (mut i32) (i32.const 0))
  (data (i32.const 16) "initial")
  (elem (i32.const 0) $get)
  (func $get (result i32) (global.get $counter))
  (func $start (global.set $starts (i32.add (global.get $starts) (i32.const 1))))
  (start $start)
  (func (export "dirty")
    (i32.store (i32.const 16) (i32.const 0x74726964))
    (i32.store (i32.const 40000) (i32.const 7))
    (drop (memory.grow (i32.const 2)))
    (i32.store (i32.const 131072) (i32.const 9))
    (global.set $counter (i32.const -1))
    (table.set (i32.const 1) (ref.func $get))
    (drop (table.grow (ref.null func) (i32.const 3))))
  (func (export "starts") (result i32) (global.get $starts)))"#;

#[test]
fn reset_restores_memory_tables_and_globals() {
    let engine = Engine::default();
    let module = Module::new(&engine, STATEFUL).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    let table = instance.get_table(&mut store, "table").unwrap();
    let counter = instance.get_global(&mut store, "counter").unwrap();
    let pristine = memory.data(&store).to_vec();

    instance.get_typed_func::<(), ()>(&mut store, "dirty").unwrap().call(&mut store, ()).unwrap();
    assert_eq!(&memory.data(&store)[16..20], b"dirt");
    assert_eq!(memory.size(&store), 3);
    assert_eq!(counter.get(&mut store), Val::I32(-1));
    assert_eq!(table.size(&store), 5);

    instance.reset(&mut store).unwrap();
    assert_eq!(memory.data(&store), &pristine[..]);
    assert_eq!(memory.size(&store), 1);
    assert_eq!(counter.get(&mut store), Val::I32(100));
    assert_eq!(table.size(&store), 2);
    assert!(table.get(&mut store, 1).unwrap().is_null());
    // The element segment was re-applied: slot 0 calls `$get` again.
    table.call(&mut store, 0, &[], &mut [Val::I32(0)]).unwrap();
    let starts = instance.get_typed_func::<(), i32>(&mut store, "starts").unwrap();
    assert_eq!(starts.call(&mut store, ()).unwrap(), 1, "start ran again after its global was reset");
}

#[test]
fn calling_through_a_table_checks_types_and_reaches_any_function() {
    let engine = Engine::default();
    let module = Module::new(&engine, STATEFUL).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let table = instance.get_table(&mut store, "table").unwrap();

    let mut result = [Val::I32(0)];
    table.call(&mut store, 0, &[], &mut result).unwrap();
    assert_eq!(result, [Val::I32(100)]);
    assert_eq!(table.typed_func::<(), i32>(&mut store, 0).unwrap().call(&mut store, ()).unwrap(), 100);
    assert!(table.typed_func::<i32, i32>(&mut store, 0).is_err(), "wrong type");
    assert!(table.call(&mut store, 0, &[Val::I32(1)], &mut result).is_err(), "wrong argument count");
    assert!(table.call(&mut store, 1, &[], &mut result).is_err(), "null slot");
    assert!(table.call(&mut store, 9, &[], &mut result).is_err(), "out of bounds");

    // A host function and a function of another instance in the same table.
    let host = kiln::Func::wrap(&mut store, |x: i32| x * 2);
    table.set(&mut store, 1, host.into()).unwrap();
    assert_eq!(table.typed_func::<i32, i32>(&mut store, 1).unwrap().call(&mut store, 21).unwrap(), 42);
    let other = Instance::new(&mut store, &Module::new(&engine, STATEFUL).unwrap(), &[]).unwrap();
    let other_get = other.get_table(&mut store, "table").unwrap().get(&mut store, 0).unwrap();
    table.set(&mut store, 1, other_get).unwrap();
    other.get_global(&mut store, "counter").unwrap().set(&mut store, Val::I32(7)).unwrap();
    assert_eq!(table.typed_func::<(), i32>(&mut store, 1).unwrap().call(&mut store, ()).unwrap(), 7);
}
