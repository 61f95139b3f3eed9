//! Translator tests that count work: translation must take time linear in
//! the function's size, which the counters here check without timing.

use std::cell::Cell;
use std::fmt::Write as _;

use crate::{Engine, Instance, Module, Store};

thread_local! {
    /// Frames `br_table` resolved to choose its targets' labels, on this
    /// thread: once per distinct depth, not once per target.
    pub(super) static BR_TABLE_FRAMES_RESOLVED: Cell<usize> = const { Cell::new(0) };
}

#[test]
fn br_table_resolves_each_depth_once() {
    const TARGETS: i32 = 30_000;
    // Target `i` has depth `i % 3`; the default has depth 0. Every branch
    // carries a local, so every depth needs a trampoline.
    let mut targets = String::new();
    for i in 0..TARGETS {
        write!(targets, " {}", i % 3).unwrap();
    }
    let wat = format!(
        r#"(module (func (export "f") (param i32) (result i32)
            (block (result i32)
              (block (result i32)
                (block (result i32)
                  local.get 0 local.get 0 br_table{targets} 0)
                i32.const 100 i32.add)
              i32.const 10 i32.add)))"#
    );
    let before = BR_TABLE_FRAMES_RESOLVED.get();
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();

    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<i32, i32>(&mut store, "f").unwrap();
    for i in [0, 1, 2, 3, 4, 5, TARGETS - 2, TARGETS - 1, TARGETS, TARGETS + 7] {
        let added = if i >= TARGETS { 110 } else { [110, 10, 0][(i % 3) as usize] };
        assert_eq!(f.call(&mut store, i).unwrap(), i + added, "index {i}");
    }
    // Translated once, at the first call.
    assert_eq!(BR_TABLE_FRAMES_RESOLVED.get() - before, 3);
}
