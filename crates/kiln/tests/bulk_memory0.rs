//! `memory.copy` and `memory.fill` of memory 0, which run as the fast
//! `memory0.copy` and `memory0.fill` (through the executor's registers)
//! when memory 0 is unshared with 32-bit addresses: overlapping copies in
//! both directions, ranges ending exactly at the memory's end, and ranges
//! past it, which trap before writing anything; with bounds checks by
//! memory protection and without; other memories keep the general
//! instructions.

use kiln::{Config, Engine, Instance, Memory, Module, Store, Trap, TypedFunc};

const WAT: &str = r#"(module
  (memory (export "memory") 1)
  (memory $other 1)
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_other") (param i32 i32 i32) (memory.copy $other $other (local.get 0) (local.get 1) (local.get 2))))"#;

const PAGE: i32 = 65536;

type Bulk = TypedFunc<(i32, i32, i32), ()>;

struct Fixture {
    store: Store<()>,
    memory: Memory,
    copy: Bulk,
    fill: Bulk,
}

fn fixtures() -> Vec<Fixture> {
    [true, false]
        .into_iter()
        .map(|guarded| {
            let mut config = Config::new();
            config.signals_based_traps(guarded).wasm_multi_memory(true);
            let engine = Engine::new(&config).unwrap();
            let module = Module::new(&engine, WAT).unwrap();
            let mut store = Store::new(&engine, ());
            let instance = Instance::new(&mut store, &module, &[]).unwrap();
            let memory = instance.get_memory(&mut store, "memory").unwrap();
            let copy = instance.get_typed_func(&mut store, "copy").unwrap();
            let fill = instance.get_typed_func(&mut store, "fill").unwrap();
            Fixture { store, memory, copy, fill }
        })
        .collect()
}

impl Fixture {
    fn bytes(&self, at: usize, len: usize) -> Vec<u8> {
        self.memory.data(&self.store)[at..at + len].to_vec()
    }

    fn trap(&mut self, f: Bulk, args: (i32, i32, i32)) -> Trap {
        let err = f.call(&mut self.store, args).unwrap_err();
        *err.downcast_ref::<Trap>().unwrap_or_else(|| panic!("a trap, not {err:#}"))
    }
}

#[test]
fn instructions_for_memory_0_and_for_others() {
    let mut config = Config::new();
    config.wasm_multi_memory(true);
    let module = Module::new(&Engine::new(&config).unwrap(), WAT).unwrap();
    assert!(module.disassemble(0).unwrap().contains("memory0.copy"));
    assert!(module.disassemble(1).unwrap().contains("memory0.fill"));
    let other = module.disassemble(2).unwrap();
    assert!(other.contains("memory.copy") && !other.contains("memory0.copy"), "{other}");
}

#[test]
fn overlapping_copies_in_both_directions() {
    for mut f in fixtures() {
        f.memory.write(&mut f.store, 0, &[1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
        f.copy.call(&mut f.store, (2, 0, 6)).unwrap();
        assert_eq!(f.bytes(0, 8), [1, 2, 1, 2, 3, 4, 5, 6]);
        f.copy.call(&mut f.store, (0, 2, 6)).unwrap();
        assert_eq!(f.bytes(0, 8), [1, 2, 3, 4, 5, 6, 5, 6]);
    }
}

#[test]
fn ranges_up_to_the_end_work_and_past_it_trap_before_writing() {
    for mut f in fixtures() {
        let (copy, fill) = (f.copy, f.fill);
        f.fill.call(&mut f.store, (PAGE - 4, 0xab, 4)).unwrap();
        assert_eq!(f.bytes(PAGE as usize - 5, 5), [0, 0xab, 0xab, 0xab, 0xab]);
        f.copy.call(&mut f.store, (0, PAGE - 4, 4)).unwrap();
        assert_eq!(f.bytes(0, 5), [0xab, 0xab, 0xab, 0xab, 0]);
        // Empty ranges at the end are in bounds; one byte further is not.
        f.copy.call(&mut f.store, (PAGE, PAGE, 0)).unwrap();
        f.fill.call(&mut f.store, (PAGE, 1, 0)).unwrap();
        assert_eq!(f.trap(copy, (PAGE + 1, 0, 0)), Trap::MemoryOutOfBounds);
        assert_eq!(f.trap(fill, (PAGE + 1, 1, 0)), Trap::MemoryOutOfBounds);
        // A range one byte too long, at either end, writes nothing.
        assert_eq!(f.trap(fill, (PAGE - 4, 0xcd, 5)), Trap::MemoryOutOfBounds);
        assert_eq!(f.trap(copy, (16, PAGE - 4, 5)), Trap::MemoryOutOfBounds);
        assert_eq!(f.trap(copy, (PAGE - 4, 0, 5)), Trap::MemoryOutOfBounds);
        assert_eq!(f.bytes(PAGE as usize - 4, 4), [0xab; 4]);
        assert_eq!(f.bytes(16, 4), [0; 4]);
        // Addresses and lengths are unsigned: -1 is 4 GiB - 1.
        assert_eq!(f.trap(copy, (0, 0, -1)), Trap::MemoryOutOfBounds);
        assert_eq!(f.trap(fill, (-1, 0, 1)), Trap::MemoryOutOfBounds);
        // The store stays usable.
        f.fill.call(&mut f.store, (0, 7, 2)).unwrap();
        assert_eq!(f.bytes(0, 3), [7, 7, 0xab]);
    }
}
