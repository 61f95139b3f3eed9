//! WebAssembly tail calls (`return_call`, `return_call_indirect`): the
//! callee replaces the caller's frame, so tail-recursive loops run in
//! constant wasm stack; host callees return their results to the
//! tail-caller's caller; fuel, interruption, call hooks and suspension see
//! tail calls like any other call.
//!
//! (`tail_calls.rs` is about something else: the interpreter's own handlers
//! passing control on with native tail calls.)

use std::sync::{Arc, Mutex};

use kiln::{CallHook, CallStatus, Caller, Config, Engine, Linker, Module, Store, Suspend, SuspendReason, Trap};

/// A wasm stack budget far too small for deep recursion: a few hundred
/// frames at most.
const SMALL_STACK: usize = 16 * 1024;

/// `count(n, acc)` tail-calls itself `n` times; `count_rec` does the same
/// with ordinary calls; `even`/`odd` tail-call each other, `odd` through a
/// table.
const LOOPS: &str = r#"(module
  (type $ii (func (param i64 i64) (result i64)))
  (table funcref (elem $odd))
  (func $count (export "count") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else
        (return_call $count (i64.sub (local.get $n) (i64.const 1))
                            (i64.add (local.get $acc) (i64.const 2))))))
  (func (export "count_rec") (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 0))
      (else (i64.add (i64.const 1) (call 1 (i64.sub (local.get $n) (i64.const 1)))))))
  (func $even (export "even") (param $n i64) (param $unused i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 1))
      (else (return_call_indirect (type $ii)
              (i64.sub (local.get $n) (i64.const 1)) (local.get $unused) (i32.const 0)))))
  (func $odd (param $n i64) (param $unused i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 0))
      (else (return_call $even (i64.sub (local.get $n) (i64.const 1)) (local.get $unused))))))"#;

fn small_stack_engine() -> Engine {
    Engine::new(Config::new().max_wasm_stack(SMALL_STACK)).unwrap()
}

fn count(iterations: i64) {
    let engine = small_stack_engine();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &Module::new(&engine, LOOPS).unwrap()).unwrap();
    let count = instance.get_typed_func::<(i64, i64), i64>(&mut store, "count").unwrap();
    assert_eq!(count.call(&mut store, (iterations, 0)).unwrap(), 2 * iterations);
}

/// About 1 s in the (optimized) test profile.
#[test]
fn a_hundred_million_tail_calls_run_in_a_small_stack() {
    count(100_000_000);
}

#[test]
fn the_same_recursion_with_ordinary_calls_overflows() {
    let engine = small_stack_engine();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &Module::new(&engine, LOOPS).unwrap()).unwrap();
    let count_rec = instance.get_typed_func::<i64, i64>(&mut store, "count_rec").unwrap();
    assert_eq!(count_rec.call(&mut store, 10).unwrap(), 10);
    let err = count_rec.call(&mut store, 100_000).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::StackOverflow));
}

#[test]
fn mutual_tail_recursion_through_a_table() {
    let engine = small_stack_engine();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &Module::new(&engine, LOOPS).unwrap()).unwrap();
    let even = instance.get_typed_func::<(i64, i64), i64>(&mut store, "even").unwrap();
    assert_eq!(even.call(&mut store, (1_000_001, 0)).unwrap(), 0);
    assert_eq!(even.call(&mut store, (1_000_000, 0)).unwrap(), 1);
}

/// `a.hop` tail-calls `b.bounce` through a table and `b.bounce` tail-calls
/// `a.hop` directly; each ends by reading its own memory.
#[test]
fn tail_calls_across_instances_stay_flat() {
    let engine = small_stack_engine();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let a = Module::new(
        &engine,
        r#"(module
             (type $t (func (param i32) (result i32)))
             (table (export "t") 1 funcref)
             (memory 1)
             (data (i32.const 0) "\05")
             (func (export "hop") (param i32) (result i32)
               (if (result i32) (i32.eqz (local.get 0))
                 (then (i32.load8_u (i32.const 0)))
                 (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))))))"#,
    )
    .unwrap();
    let b = Module::new(
        &engine,
        r#"(module
             (import "a" "hop" (func $hop (param i32) (result i32)))
             (import "a" "t" (table 1 funcref))
             (elem (i32.const 0) $bounce)
             (memory 1)
             (data (i32.const 0) "\09")
             (func $bounce (param i32) (result i32)
               (if (result i32) (i32.eqz (local.get 0))
                 (then (i32.load8_u (i32.const 0)))
                 (else (return_call $hop (i32.sub (local.get 0) (i32.const 1)))))))"#,
    )
    .unwrap();
    let a = linker.instantiate(&mut store, &a).unwrap();
    linker.instance(&mut store, "a", a).unwrap();
    linker.instantiate(&mut store, &b).unwrap();
    let hop = a.get_typed_func::<i32, i32>(&mut store, "hop").unwrap();
    assert_eq!(hop.call(&mut store, 100_000).unwrap(), 5);
    assert_eq!(hop.call(&mut store, 100_001).unwrap(), 9);
}

/// A host function reached by a tail call: its results are the tail-caller's,
/// and it sees the tail-caller's instance as its caller.
const HOST_TAIL: &str = r#"(module
  (import "host" "add" (func $add (param i32 i32) (result i32 i32)))
  (type $add (func (param i32 i32) (result i32 i32)))
  (table funcref (elem $add))
  (memory (export "mem") 1)
  (data (i32.const 0) "\07")
  (func $direct (export "direct") (param i32) (result i32 i32)
    (return_call $add (local.get 0) (i32.const 100)))
  (func $indirect (export "indirect") (param i32) (result i32 i32)
    (return_call_indirect (type $add) (local.get 0) (i32.const 200) (i32.const 0)))
  (func (export "nested") (param i32) (result i32)
    (i32.add (call $direct (local.get 0)))
    (i32.const 1000)
    (i32.add))
)"#;

fn host_tail_setup(engine: &Engine, log: Arc<Mutex<Vec<CallHook>>>) -> (Store<()>, kiln::Instance) {
    let module = Module::new(engine, HOST_TAIL).unwrap();
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "add", |mut caller: Caller<'_, ()>, a: i32, b: i32| -> (i32, i32) {
            let mem = caller.get_export("mem").and_then(|e| e.into_memory()).expect("the tail-caller's memory");
            let seventh = i32::from(mem.data(&caller)[0]);
            (a + b, seventh)
        })
        .unwrap();
    let mut store = Store::new(engine, ());
    store.call_hook(move |_, hook| {
        log.lock().unwrap().push(hook);
        Ok(())
    });
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

#[test]
fn tail_calls_to_host_functions_return_their_results() {
    let engine = Engine::default();
    let log = Arc::<Mutex<Vec<CallHook>>>::default();
    let (mut store, instance) = host_tail_setup(&engine, log.clone());
    let direct = instance.get_typed_func::<i32, (i32, i32)>(&mut store, "direct").unwrap();
    assert_eq!(direct.call(&mut store, 1).unwrap(), (101, 7));
    assert_eq!(
        *log.lock().unwrap(),
        [CallHook::CallingWasm, CallHook::CallingHost, CallHook::ReturningFromHost, CallHook::ReturningFromWasm]
    );
    let indirect = instance.get_typed_func::<i32, (i32, i32)>(&mut store, "indirect").unwrap();
    assert_eq!(indirect.call(&mut store, 2).unwrap(), (202, 7));
    // From a nested frame, the results go to the caller of the tail-caller.
    let nested = instance.get_typed_func::<i32, i32>(&mut store, "nested").unwrap();
    assert_eq!(nested.call(&mut store, 3).unwrap(), 103 + 7 + 1000);
}

#[test]
fn a_host_tail_callee_can_suspend_and_be_resumed() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "ask" (func $ask (param i32) (result i32)))
             (func $tail (param i32) (result i32) (return_call $ask (local.get 0)))
             (func (export "run") (result i32) (i32.add (call $tail (i32.const 4)) (i32.const 1))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "ask", |q: i32| -> kiln::Result<i32> { Err(Suspend::new(q).into()) }).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_func(&mut store, "run").unwrap();
    let mut call = run.call_resumable(&mut store, &[]).unwrap();
    assert_eq!(call.status(), CallStatus::Suspended(SuspendReason::Yield));
    assert_eq!(*call.take_yielded().unwrap().downcast::<i32>().unwrap(), 4);
    call.resume(&mut store, &[kiln::Val::I32(40)]).unwrap();
    assert_eq!(call.status(), CallStatus::Finished);
    assert_eq!(call.results(), Some(&[kiln::Val::I32(41)][..]));
}

#[test]
fn tail_calls_cost_one_instruction_and_are_check_points() {
    let engine = Engine::new(Config::new().consume_fuel(true)).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &Module::new(&engine, LOOPS).unwrap()).unwrap();
    let count = instance.get_typed_func::<(i64, i64), i64>(&mut store, "count").unwrap();
    store.set_fuel(u64::MAX).unwrap();
    let used = |store: &mut Store<()>, n: i64| {
        let before = store.instruction_count().unwrap();
        count.call(&mut *store, (n, 0)).unwrap();
        store.instruction_count().unwrap() - before
    };
    // One iteration: local.get, i64.eqz, if, local.get, i64.const, i64.sub,
    // local.get, i64.const, i64.add, return_call.
    assert_eq!(used(&mut store, 1000) - used(&mut store, 0), 1000 * 10);
    // An endless tail-call loop runs out of fuel...
    store.set_fuel(50_000).unwrap();
    let err = count.call(&mut store, (-1, 0)).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel));
    // ... and can be interrupted.
    store.set_fuel(u64::MAX).unwrap();
    store.interrupt_handle().interrupt();
    let err = count.call(&mut store, (-1, 0)).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
}

#[test]
fn an_endless_tail_call_loop_meets_its_epoch_deadline() {
    let engine = Engine::new(Config::new().epoch_interruption(true)).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &Module::new(&engine, LOOPS).unwrap()).unwrap();
    let count = instance.get_typed_func::<(i64, i64), i64>(&mut store, "count").unwrap();
    store.set_epoch_deadline(1);
    engine.increment_epoch();
    let err = count.call(&mut store, (-1, 0)).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
}

/// Argument shapes a tail call must move correctly to the frame start:
/// parameters swapped, constants, a `v128` between scalars, and a callee
/// whose frame is larger than the caller's.
#[test]
fn tail_call_arguments_move_in_any_order_and_width() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (func $sub (param i64 i64) (result i64) (i64.sub (local.get 0) (local.get 1)))
             (func (export "swap") (param i64 i64) (result i64)
               (return_call $sub (local.get 1) (local.get 0)))
             (func $mix (param i32 v128 i64) (result i64)
               (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
               (i64.add (i64.extend_i32_u (local.get 0))
                 (i64.add (i64x2.extract_lane 1 (local.get 1)) (local.get 2))))
             (func (export "mix") (param i64) (result i64)
               (return_call $mix (i32.const 1) (v128.const i64x2 0 100) (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module).unwrap();
    let swap = instance.get_typed_func::<(i64, i64), i64>(&mut store, "swap").unwrap();
    assert_eq!(swap.call(&mut store, (10, 3)).unwrap(), -7);
    let mix = instance.get_typed_func::<i64, i64>(&mut store, "mix").unwrap();
    assert_eq!(mix.call(&mut store, 1000).unwrap(), 1101);
}

/// A `return_call` inside `try_table` leaves the handler behind with the
/// frame: an exception the (host) callee throws goes to the tail-caller's
/// caller, as it does from a wasm callee.
#[test]
fn a_tail_callers_handlers_do_not_catch_its_callees_exceptions() {
    use kiln::{AsContextMut, ExnRef, ExnRefPre, ExnType, FuncType, Tag, TagType, ValType};
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(&mut store, &TagType::new(FuncType::new(&engine, [ValType::I32], []))).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "e", tag).unwrap();
    linker
        .func_wrap("host", "fail", move |mut caller: Caller<'_, ()>, code: i32| -> kiln::Result<i32> {
            let ty = ExnType::from_tag_type(&tag.ty(&caller)).unwrap();
            let pre = ExnRefPre::new(&mut caller, ty);
            let exn = ExnRef::new(&mut caller, &pre, &tag, &[kiln::Val::I32(code)]).unwrap();
            caller.as_context_mut().throw(exn)
        })
        .unwrap();
    let module = Module::new(
        &engine,
        r#"(module
             (tag $e (import "host" "e") (param i32))
             (func $fail (import "host" "fail") (param i32) (result i32))
             (func $wasm_fail (param i32) (result i32) (throw $e (local.get 0)))
             ;; 1 if the tail-caller's own handler caught it (wrong), else propagates.
             (func $tail_host (param i32) (result i32)
               (block $caught
                 (try_table (catch_all $caught) (return_call $fail (local.get 0))))
               (i32.const 1))
             (func $tail_wasm (param i32) (result i32)
               (block $caught
                 (try_table (catch_all $caught) (return_call $wasm_fail (local.get 0))))
               (i32.const 1))
             ;; The payload plus 1000 if caught here, as it should be.
             (func (export "host") (param i32) (result i32)
               (block $caught (result i32)
                 (try_table (result i32) (catch $e $caught) (call $tail_host (local.get 0)))
                 (return))
               (i32.add (i32.const 1000)))
             (func (export "wasm") (param i32) (result i32)
               (block $caught (result i32)
                 (try_table (result i32) (catch $e $caught) (call $tail_wasm (local.get 0)))
                 (return))
               (i32.add (i32.const 1000))))"#,
    )
    .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    for name in ["host", "wasm"] {
        let f = instance.get_typed_func::<i32, i32>(&mut store, name).unwrap();
        assert_eq!(f.call(&mut store, 7).unwrap(), 1007, "{name} callee");
    }
}
