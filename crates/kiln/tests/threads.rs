//! The threads proposal across embedder threads: one [`SharedMemory`]
//! imported by instances in stores of their own, each store on its own
//! thread. No test depends on timing: waits are ended by notifies that are
//! repeated until they report a woken waiter, or by the kill switch.

use std::sync::mpsc;
use std::thread;

use kiln::{Engine, Instance, InterruptHandle, MemoryType, Module, SharedMemory, Store, Trap};

const MODULE: &str = r#"(module
  (import "env" "memory" (memory 1 2 shared))
  ;; Adds 1 to the i32 at 0, `n` times, atomically.
  (func (export "count") (param $n i32)
    (loop $again
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; Waits (without timeout) while the i32 at 8 is 0.
  (func (export "wait") (result i32)
    (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const -1)))
  ;; Wakes one waiter on 8; how many it woke.
  (func (export "notify") (result i32)
    (memory.atomic.notify (i32.const 8) (i32.const 1)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "size") (result i32) (memory.size)))"#;

struct Shared {
    engine: Engine,
    module: Module,
    memory: SharedMemory,
}

impl Shared {
    fn new() -> Shared {
        let engine = Engine::default();
        let module = Module::new(&engine, MODULE).unwrap();
        let memory = SharedMemory::new(&engine, MemoryType::shared(1, 2)).unwrap();
        Shared { engine, module, memory }
    }

    /// A store of its own with an instance using the shared memory.
    fn instantiate(&self) -> (Store<()>, Instance) {
        let mut store = Store::new(&self.engine, ());
        let instance = Instance::new(&mut store, &self.module, &[self.memory.clone().into()]).unwrap();
        (store, instance)
    }

    /// Runs `f` on a new thread with a store and instance of its own.
    fn spawn<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store<()>, Instance) -> R + Send + 'static,
    ) -> thread::JoinHandle<R> {
        let shared = Shared { engine: self.engine.clone(), module: self.module.clone(), memory: self.memory.clone() };
        thread::spawn(move || {
            let (mut store, instance) = shared.instantiate();
            f(&mut store, instance)
        })
    }
}

fn call_i32(store: &mut Store<()>, instance: Instance, name: &str) -> kiln::Result<i32> {
    instance.get_typed_func::<(), i32>(&mut *store, name)?.call(&mut *store, ())
}

#[test]
fn atomic_increments_from_many_threads_add_up() {
    const THREADS: i32 = 4;
    const INCREMENTS: i32 = 20_000;
    let shared = Shared::new();
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            shared.spawn(|store, instance| {
                let count = instance.get_typed_func::<i32, ()>(&mut *store, "count").unwrap();
                count.call(&mut *store, INCREMENTS).unwrap();
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let mut bytes = [0u8; 4];
    shared.memory.read(0, &mut bytes).unwrap();
    assert_eq!(i32::from_le_bytes(bytes), THREADS * INCREMENTS);
}

#[test]
fn a_notify_from_one_thread_wakes_a_wait_on_another() {
    let shared = Shared::new();
    let waiter = shared.spawn(|store, instance| call_i32(store, instance, "wait").unwrap());
    let (mut store, instance) = shared.instantiate();
    // The waiter may not have blocked yet: notify until it was woken.
    while call_i32(&mut store, instance, "notify").unwrap() == 0 {
        thread::yield_now();
    }
    assert_eq!(waiter.join().unwrap(), 0, "0: woken by a notify");
}

#[test]
fn the_host_can_notify_a_waiting_instance() {
    let shared = Shared::new();
    let waiter = shared.spawn(|store, instance| call_i32(store, instance, "wait").unwrap());
    while shared.memory.atomic_notify(8, 1).unwrap() == 0 {
        thread::yield_now();
    }
    assert_eq!(waiter.join().unwrap(), 0);
}

#[test]
fn the_kill_switch_ends_a_blocked_wait() {
    let shared = Shared::new();
    let (handles, handle) = mpsc::channel::<InterruptHandle>();
    let waiter = shared.spawn(move |store, instance| {
        handles.send(store.interrupt_handle()).unwrap();
        call_i32(store, instance, "wait")
    });
    let handle = handle.recv().unwrap();
    // Whether the call is already blocked or not, it ends with the trap.
    handle.interrupt();
    let err = waiter.join().unwrap().unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
}

#[test]
fn growth_on_one_thread_is_seen_by_memory_size_on_another() {
    let shared = Shared::new();
    let grower = shared.spawn(|store, instance| call_i32(store, instance, "grow").unwrap());
    assert_eq!(grower.join().unwrap(), 1, "the old size");
    let (mut store, instance) = shared.instantiate();
    assert_eq!(call_i32(&mut store, instance, "size").unwrap(), 2);
    assert_eq!(call_i32(&mut store, instance, "grow").unwrap(), -1, "at the maximum");
    assert_eq!(shared.memory.size(), 2);
}

#[test]
fn instances_export_shared_memories_as_such() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (memory (export "m") 1 1 shared))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    assert!(instance.get_memory(&mut store, "m").is_none());
    let memory = instance.get_shared_memory(&mut store, "m").unwrap();
    assert_eq!(memory.ty(), MemoryType::shared(1, 1));
    // The same memory, not a copy: an import elsewhere sees its writes.
    let other = Module::new(
        &engine,
        r#"(module (import "" "m" (memory 1 1 shared))
             (func (export "get") (result i32) (i32.load (i32.const 4))))"#,
    )
    .unwrap();
    memory.write(4, &7i32.to_le_bytes()).unwrap();
    let mut other_store = Store::new(&engine, ());
    let reader = Instance::new(&mut other_store, &other, &[memory.into()]).unwrap();
    assert_eq!(call_i32(&mut other_store, reader, "get").unwrap(), 7);
    assert!(instance.reset(&mut store).is_err(), "an instance defining a shared memory cannot be reset");
}
