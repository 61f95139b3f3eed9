//! Sandbox tests: a guest reaches nothing outside its memories and tables.
//!
//! - Every load and store width, right at the end of memory, past it, and
//!   with address plus offset crossing 2^32 (32-bit memories, on the fast
//!   memory-0 path, the general path of a second memory, and a full 4 GiB
//!   memory) or 2^64 (memory64).
//! - `memory.copy`, `memory.fill`, `memory.init` and `data.drop` edge cases.
//! - Table bounds: `table.get/set/copy/init/fill/grow`, `elem.drop`,
//!   `call_indirect` out of range, to null and with the wrong type.
//! - Host functions given hostile pointers through [`kiln::guest`].
//! - A host function growing (and so moving) or resetting the memory of the
//!   wasm call that called it: wasm sees the new base and bounds.
//!
//! Every trapping case checks the trap kind and that memory (or the table)
//! is exactly as it was before.

use kiln::guest::{GuestError, GuestMemory, GuestPtr};
use kiln::{Caller, Engine, Extern, Func, Instance, Linker, Memory, Module, Ref, Store, Trap, Val};

/// Whether an access kind reads or writes, and how its operands look.
#[derive(Copy, Clone, PartialEq)]
enum Kind {
    /// A load: `(op (addr))`.
    Load,
    /// A lane load: `(op lane (addr) (vector))`.
    LoadLane,
    /// A store of the given zero constant: `(op (addr) (value))`.
    Store(&'static str),
    /// A lane store: `(op lane (addr) (vector))`.
    StoreLane,
}

/// Every memory access instruction: name, bytes accessed, kind.
const ACCESSES: &[(&str, u64, Kind)] = &[
    ("i32.load", 4, Kind::Load),
    ("i64.load", 8, Kind::Load),
    ("f32.load", 4, Kind::Load),
    ("f64.load", 8, Kind::Load),
    ("i32.load8_s", 1, Kind::Load),
    ("i32.load8_u", 1, Kind::Load),
    ("i32.load16_s", 2, Kind::Load),
    ("i32.load16_u", 2, Kind::Load),
    ("i64.load8_s", 1, Kind::Load),
    ("i64.load8_u", 1, Kind::Load),
    ("i64.load16_s", 2, Kind::Load),
    ("i64.load16_u", 2, Kind::Load),
    ("i64.load32_s", 4, Kind::Load),
    ("i64.load32_u", 4, Kind::Load),
    ("v128.load", 16, Kind::Load),
    ("v128.load8x8_s", 8, Kind::Load),
    ("v128.load8x8_u", 8, Kind::Load),
    ("v128.load16x4_s", 8, Kind::Load),
    ("v128.load16x4_u", 8, Kind::Load),
    ("v128.load32x2_s", 8, Kind::Load),
    ("v128.load32x2_u", 8, Kind::Load),
    ("v128.load8_splat", 1, Kind::Load),
    ("v128.load16_splat", 2, Kind::Load),
    ("v128.load32_splat", 4, Kind::Load),
    ("v128.load64_splat", 8, Kind::Load),
    ("v128.load32_zero", 4, Kind::Load),
    ("v128.load64_zero", 8, Kind::Load),
    ("v128.load8_lane", 1, Kind::LoadLane),
    ("v128.load16_lane", 2, Kind::LoadLane),
    ("v128.load32_lane", 4, Kind::LoadLane),
    ("v128.load64_lane", 8, Kind::LoadLane),
    ("i32.store", 4, Kind::Store("(i32.const 0)")),
    ("i64.store", 8, Kind::Store("(i64.const 0)")),
    ("f32.store", 4, Kind::Store("(f32.const 0)")),
    ("f64.store", 8, Kind::Store("(f64.const 0)")),
    ("i32.store8", 1, Kind::Store("(i32.const 0)")),
    ("i32.store16", 2, Kind::Store("(i32.const 0)")),
    ("i64.store8", 1, Kind::Store("(i64.const 0)")),
    ("i64.store16", 2, Kind::Store("(i64.const 0)")),
    ("i64.store32", 4, Kind::Store("(i64.const 0)")),
    ("v128.store", 16, Kind::Store("(v128.const i64x2 0 0)")),
    ("v128.store8_lane", 1, Kind::StoreLane),
    ("v128.store16_lane", 2, Kind::StoreLane),
    ("v128.store32_lane", 4, Kind::StoreLane),
    ("v128.store64_lane", 8, Kind::StoreLane),
];

/// The byte every tested memory is filled with, so that a store of zeros
/// that wrote anything would show.
const FILL: u8 = 0xaa;

/// A memory layout to run every access against.
struct Layout {
    /// The memory declarations; the accesses use the memory named `$m`.
    memories: &'static str,
    /// `i32` or `i64`.
    index: &'static str,
    /// Size of `$m` in bytes.
    len: u64,
    /// Static offsets to try (each gets its own function).
    offsets: &'static [u64],
}

/// The functions of one layout: function `a{i}_o{j}` performs access `i`
/// with offset `offsets[j]` at the address it is given.
fn access_module(layout: &Layout) -> String {
    let mut wat = format!("(module {}\n", layout.memories);
    for (i, (op, _, kind)) in ACCESSES.iter().enumerate() {
        for (j, offset) in layout.offsets.iter().enumerate() {
            let memarg = format!("$m offset={offset}");
            let addr = "(local.get 0)";
            let vector = "(v128.const i64x2 0 0)";
            let body = match kind {
                Kind::Load => format!("(drop ({op} {memarg} {addr}))"),
                Kind::LoadLane => format!("(drop ({op} {memarg} 1 {addr} {vector}))"),
                Kind::Store(value) => format!("({op} {memarg} {addr} {value})"),
                Kind::StoreLane => format!("({op} {memarg} 1 {addr} {vector})"),
            };
            wat.push_str(&format!("(func (export \"a{i}_o{j}\") (param {}) {body})\n", layout.index));
        }
    }
    wat.push(')');
    wat
}

/// The bytes a trapping access must leave alone: the whole memory if it is
/// small, else its first and last 64 KiB (where the accesses land).
fn snapshot(memory: Memory, store: &Store<()>) -> Vec<u8> {
    let data = memory.data(store);
    if data.len() <= 1 << 17 {
        return data.to_vec();
    }
    [&data[..1 << 16], &data[data.len() - (1 << 16)..]].concat()
}

/// Runs every access of `layout` at addresses around the end of memory and
/// around 2^32 and 2^64; an access must succeed exactly when
/// `addr + offset + size <= len` in exact arithmetic, and a failing one must
/// trap with `MemoryOutOfBounds` and change nothing.
fn check_layout(layout: &Layout) {
    let engine = Engine::default();
    let module = Module::new(&engine, access_module(layout)).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let memory = instance.get_memory(&mut store, "m").unwrap();
    assert_eq!(memory.data_size(&store) as u64, layout.len);
    {
        let data = memory.data_mut(&mut store);
        let len = data.len();
        data[..1 << 16].fill(FILL);
        data[len - (1 << 16)..].fill(FILL);
    }
    let is_64 = layout.index == "i64";
    let max = if is_64 { u64::MAX } else { u64::from(u32::MAX) };
    let mut checked = 0;
    for (i, (op, size, kind)) in ACCESSES.iter().enumerate() {
        let addrs = [
            layout.len - size,
            layout.len - size + 1,
            layout.len,
            max,
            max - size + 1,
            1,
            0,
            u64::from(u32::MAX) + 1,
            u64::from(u32::MAX) + 1 + layout.len - size,
        ];
        for (j, &offset) in layout.offsets.iter().enumerate() {
            let f = instance.get_func(&mut store, &format!("a{i}_o{j}")).unwrap();
            for &addr in addrs.iter().filter(|&&a| a <= max) {
                let in_bounds = u128::from(addr) + u128::from(offset) + u128::from(*size) <= u128::from(layout.len);
                let arg = if is_64 { Val::I64(addr as i64) } else { Val::I32(addr as u32 as i32) };
                let before = snapshot(memory, &store);
                let result = f.call(&mut store, &[arg], &mut []);
                let what = format!("{op} offset={offset} at {addr:#x} (memory of {:#x} bytes)", layout.len);
                if in_bounds {
                    result.unwrap_or_else(|e| panic!("{what}: {e:#}"));
                    if matches!(kind, Kind::Store(_) | Kind::StoreLane) {
                        memory.data_mut(&mut store)[(addr + offset) as usize..][..*size as usize].fill(FILL);
                    }
                } else {
                    let err = result.expect_err(&what);
                    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds), "{what}: {err:#}");
                    assert!(snapshot(memory, &store) == before, "{what} changed memory");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > ACCESSES.len() * layout.offsets.len() * 5);
}

#[test]
fn accesses_at_the_end_of_memory_zero() {
    check_layout(&Layout {
        memories: "(memory $m (export \"m\") 1)",
        index: "i32",
        len: 1 << 16,
        offsets: &[0, 1, 0xffff_ffff],
    });
}

#[test]
fn accesses_at_the_end_of_a_second_memory() {
    check_layout(&Layout {
        memories: "(memory $first 2) (memory $m (export \"m\") 1)",
        index: "i32",
        len: 1 << 16,
        offsets: &[0, 1, 0xffff_ffff],
    });
}

#[test]
fn accesses_at_the_end_of_a_4_gib_memory() {
    check_layout(&Layout {
        memories: "(memory $m (export \"m\") 65536)",
        index: "i32",
        len: 1 << 32,
        offsets: &[0, 1, 0xffff_ffff],
    });
}

#[test]
fn accesses_at_the_end_of_a_64_bit_memory() {
    check_layout(&Layout {
        memories: "(memory $m (export \"m\") i64 1)",
        index: "i64",
        len: 1 << 16,
        offsets: &[0, 1, 0xffff_ffff, 0x1_0000_0000, u64::MAX],
    });
}

#[test]
fn loads_at_the_end_read_the_last_bytes() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1)
             (func (export "i64") (param i32) (result i64) (i64.load (local.get 0)))
             (func (export "u8") (param i32) (result i32) (i32.load8_u offset=65535 (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let memory = instance.get_memory(&mut store, "m").unwrap();
    memory.data_mut(&mut store)[65528..].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    let i64_load = instance.get_typed_func::<i32, i64>(&mut store, "i64").unwrap();
    assert_eq!(i64_load.call(&mut store, 65528).unwrap(), 0x0807_0605_0403_0201);
    let u8_load = instance.get_typed_func::<i32, i32>(&mut store, "u8").unwrap();
    assert_eq!(u8_load.call(&mut store, 0).unwrap(), 8);
}

/// An instance of `wat` (which exports memory `m`) with every byte of `m`
/// set to its index modulo 251.
fn patterned(wat: &str) -> (Store<()>, Instance, Memory) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let memory = instance.get_memory(&mut store, "m").unwrap();
    for (i, byte) in memory.data_mut(&mut store).iter_mut().enumerate() {
        *byte = (i % 251) as u8;
    }
    (store, instance, memory)
}

/// Calls export `name` with `args`; on a trap, checks it is `expected` and
/// that memory `m` is unchanged.
fn call_traps(store: &mut Store<()>, instance: &Instance, memory: Memory, name: &str, args: &[Val], expected: Trap) {
    let f = instance.get_func(&mut *store, name).unwrap();
    let before = memory.data(&*store).to_vec();
    let err = f.call(&mut *store, args, &mut []).expect_err(&format!("{name}{args:?} must trap"));
    assert_eq!(err.downcast_ref::<Trap>(), Some(&expected), "{name}{args:?}: {err:#}");
    assert!(memory.data(&*store) == before, "{name}{args:?} changed memory");
}

const BULK: &str = r#"(module
  (memory $m (export "m") 1)
  (memory $small 0 1)
  (data $d "abcdefgh")
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to_small") (param i32 i32 i32) (memory.copy $small $m (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (data.drop $d)))"#;

#[test]
fn memory_fill_edges() {
    let (mut store, instance, memory) = patterned(BULK);
    let fill = instance.get_func(&mut store, "fill").unwrap();
    let args = |d: i32, n: i32| [Val::I32(d), Val::I32(0x55), Val::I32(n)];
    // Zero length at the very end is fine and writes nothing.
    let before = memory.data(&store).to_vec();
    fill.call(&mut store, &args(65536, 0), &mut []).unwrap();
    assert!(memory.data(&store) == before);
    // Up to the end is fine.
    fill.call(&mut store, &args(65530, 6), &mut []).unwrap();
    assert_eq!(&memory.data(&store)[65529..], &[(65529 % 251) as u8, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55]);
    // One past the end, zero length one past the end, and lengths that wrap
    // 32 bits all trap without writing the in-bounds part.
    for (d, n) in [(65531, 6), (65537, 0), (1, -1), (-1, 2), (0, 65537)] {
        call_traps(&mut store, &instance, memory, "fill", &args(d, n), Trap::MemoryOutOfBounds);
    }
}

#[test]
fn memory_copy_edges() {
    let (mut store, instance, memory) = patterned(BULK);
    let copy = instance.get_func(&mut store, "copy").unwrap();
    let args = |d: i32, s: i32, n: i32| [Val::I32(d), Val::I32(s), Val::I32(n)];
    // Overlapping copies behave like `memmove`, in both directions.
    copy.call(&mut store, &args(10, 0, 20), &mut []).unwrap();
    assert_eq!(&memory.data(&store)[10..30], &(0..20).collect::<Vec<u8>>()[..]);
    copy.call(&mut store, &args(0, 10, 20), &mut []).unwrap();
    assert_eq!(&memory.data(&store)[..20], &(0..20).collect::<Vec<u8>>()[..]);
    // Zero length at the end, from and to, is fine.
    copy.call(&mut store, &args(65536, 0, 0), &mut []).unwrap();
    copy.call(&mut store, &args(0, 65536, 0), &mut []).unwrap();
    for (d, s, n) in [(65537, 0, 0), (0, 65537, 0), (65535, 0, 2), (0, 65535, 2), (0, -1, 2), (-1, 0, 2), (0, 0, -1)] {
        call_traps(&mut store, &instance, memory, "copy", &args(d, s, n), Trap::MemoryOutOfBounds);
    }
    // Into an empty second memory: only a zero-length copy at 0 fits.
    let to_small = instance.get_func(&mut store, "copy_to_small").unwrap();
    to_small.call(&mut store, &args(0, 65536, 0), &mut []).unwrap();
    call_traps(&mut store, &instance, memory, "copy_to_small", &args(0, 0, 1), Trap::MemoryOutOfBounds);
    call_traps(&mut store, &instance, memory, "copy_to_small", &args(1, 0, 0), Trap::MemoryOutOfBounds);
}

#[test]
fn memory_init_edges_and_dropped_segments() {
    let (mut store, instance, memory) = patterned(BULK);
    let init = instance.get_func(&mut store, "init").unwrap();
    let args = |d: i32, s: i32, n: i32| [Val::I32(d), Val::I32(s), Val::I32(n)];
    init.call(&mut store, &args(65532, 4, 4), &mut []).unwrap();
    assert_eq!(&memory.data(&store)[65532..], b"efgh");
    // Zero length at the end of the segment and of memory is fine.
    init.call(&mut store, &args(65536, 8, 0), &mut []).unwrap();
    for (d, s, n) in [(65533, 0, 4), (0, 5, 4), (0, 9, 0), (65537, 0, 0), (0, -1, 2), (-1, 0, 1)] {
        call_traps(&mut store, &instance, memory, "init", &args(d, s, n), Trap::MemoryOutOfBounds);
    }
    // A dropped segment is empty: zero-length inits at 0 still work, any
    // byte traps, and dropping twice is fine.
    let drop = instance.get_func(&mut store, "drop").unwrap();
    drop.call(&mut store, &[], &mut []).unwrap();
    drop.call(&mut store, &[], &mut []).unwrap();
    init.call(&mut store, &args(0, 0, 0), &mut []).unwrap();
    call_traps(&mut store, &instance, memory, "init", &args(0, 0, 1), Trap::MemoryOutOfBounds);
    call_traps(&mut store, &instance, memory, "init", &args(0, 1, 0), Trap::MemoryOutOfBounds);
}

#[test]
fn bulk_operations_on_a_64_bit_memory_do_not_wrap() {
    let (mut store, instance, memory) = patterned(
        r#"(module (memory $m (export "m") i64 1)
             (func (export "fill") (param i64 i64) (memory.fill (local.get 0) (i32.const 0x55) (local.get 1)))
             (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2))))"#,
    );
    let big = [(u64::MAX, 2), (1, u64::MAX), (1 << 32, 1), (65536, 1 << 32)];
    for (d, n) in big {
        call_traps(
            &mut store,
            &instance,
            memory,
            "fill",
            &[Val::I64(d as i64), Val::I64(n as i64)],
            Trap::MemoryOutOfBounds,
        );
        let args = [Val::I64(0), Val::I64(d as i64), Val::I64(n as i64)];
        call_traps(&mut store, &instance, memory, "copy", &args, Trap::MemoryOutOfBounds);
    }
}

const TABLES: &str = r#"(module
  (type $v (func))
  (type $i (func (result i32)))
  (table $t (export "t") 4 8 funcref)
  (table $other 2 funcref)
  (func $one (type $i) (i32.const 1))
  (func $nop (type $v))
  (elem $e func $one $nop)
  (elem (table $t) (i32.const 0) func $one $nop)
  (func (export "get") (param i32) (drop (table.get $t (local.get 0))))
  (func (export "set") (param i32) (table.set $t (local.get 0) (ref.null func)))
  (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.func $nop) (local.get 1)))
  (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to_other") (param i32 i32 i32) (table.copy $other $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32) (table.init $t $e (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (elem.drop $e))
  (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "call") (param i32) (result i32) (call_indirect $t (type $i) (local.get 0))))"#;

/// The table's entries as raw function references (None for null).
fn table_contents(store: &mut Store<()>, instance: &Instance) -> Vec<Option<Func>> {
    let table = instance.get_table(&mut *store, "t").unwrap();
    (0..table.size(&*store))
        .map(|i| match table.get(&mut *store, i) {
            Some(Ref::Func(f)) => f,
            other => panic!("unexpected table entry {other:?}"),
        })
        .collect()
}

/// Calls table export `name`, expecting `trap` and an unchanged table.
fn table_traps(store: &mut Store<()>, instance: &Instance, name: &str, args: &[i32], trap: Trap) {
    let before = table_contents(store, instance);
    let f = instance.get_func(&mut *store, name).unwrap();
    let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
    let mut results = vec![Val::I32(0); f.ty(&*store).results().len()];
    let err = f.call(&mut *store, &args, &mut results).expect_err(&format!("{name}{args:?} must trap"));
    assert_eq!(err.downcast_ref::<Trap>(), Some(&trap), "{name}{args:?}: {err:#}");
    assert!(table_contents(store, instance) == before, "{name}{args:?} changed the table");
}

#[test]
fn table_accesses_stay_in_bounds() {
    let engine = Engine::default();
    let module = Module::new(&engine, TABLES).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let oob = Trap::TableOutOfBounds;
    let call = |store: &mut Store<()>, name: &str, args: &[i32]| {
        let f = instance.get_func(&mut *store, name).unwrap();
        let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
        let mut results = vec![Val::I32(0); f.ty(&*store).results().len()];
        f.call(&mut *store, &args, &mut results).map(|()| results)
    };
    call(&mut store, "get", &[3]).unwrap();
    table_traps(&mut store, &instance, "get", &[4], oob);
    table_traps(&mut store, &instance, "get", &[-1], oob);
    table_traps(&mut store, &instance, "set", &[4], oob);
    // Zero lengths at the end are fine; one past it, or a wrapping length, is not.
    call(&mut store, "fill", &[4, 0]).unwrap();
    call(&mut store, "copy", &[4, 0, 0]).unwrap();
    call(&mut store, "init", &[4, 2, 0]).unwrap();
    for args in [[5, 0], [3, 2], [1, -1]] {
        table_traps(&mut store, &instance, "fill", &args, oob);
    }
    for args in [[5, 0, 0], [0, 5, 0], [3, 0, 2], [0, 3, 2], [0, -1, 2], [0, 0, -1]] {
        table_traps(&mut store, &instance, "copy", &args, oob);
    }
    table_traps(&mut store, &instance, "copy_to_other", &[1, 0, 2], oob);
    for args in [[3, 0, 2], [0, 1, 2], [0, 3, 0], [5, 0, 0], [-1, 0, 1]] {
        table_traps(&mut store, &instance, "init", &args, oob);
    }
    // A dropped segment is empty.
    call(&mut store, "drop", &[]).unwrap();
    call(&mut store, "init", &[0, 0, 0]).unwrap();
    table_traps(&mut store, &instance, "init", &[0, 0, 1], oob);
    // Growth stops at the maximum (8) and changes nothing when refused.
    assert_eq!(call(&mut store, "grow", &[5]).unwrap()[0].unwrap_i32(), -1);
    assert_eq!(call(&mut store, "grow", &[-1]).unwrap()[0].unwrap_i32(), -1);
    assert_eq!(call(&mut store, "grow", &[4]).unwrap()[0].unwrap_i32(), 4);
    assert_eq!(call(&mut store, "grow", &[1]).unwrap()[0].unwrap_i32(), -1);
    assert_eq!(table_contents(&mut store, &instance).len(), 8);
}

#[test]
fn call_indirect_checks_range_null_and_type() {
    let engine = Engine::default();
    let module = Module::new(&engine, TABLES).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let call = instance.get_typed_func::<i32, i32>(&mut store, "call").unwrap();
    assert_eq!(call.call(&mut store, 0).unwrap(), 1);
    for (index, trap) in [
        (1, Trap::BadSignature),
        (2, Trap::IndirectCallToNull),
        (4, Trap::TableOutOfBounds),
        (-1, Trap::TableOutOfBounds),
    ] {
        table_traps(&mut store, &instance, "call", &[index], trap);
    }
}

/// Result codes of the hostile-pointer host functions.
fn code(result: Result<(), GuestError>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(GuestError::OutOfBounds { .. }) => 1,
        Err(GuestError::Overflow) => 2,
        Err(GuestError::Misaligned { .. }) => 3,
        Err(GuestError::BorrowConflict { .. }) => 4,
        Err(other) => panic!("unexpected guest error {other}"),
    }
}

/// The guest memory of the caller's export `m`.
fn guest<'a>(caller: &'a mut Caller<'_, ()>) -> GuestMemory<'a> {
    let Some(Extern::Memory(memory)) = caller.get_export("m") else { panic!("no memory export") };
    GuestMemory::new(memory.data_mut(caller))
}

/// A linker with host functions that use guest pointers the way WASI does:
/// `fill(ptr, len)` writes 0xff over a byte slice, `store32(ptr)` writes a
/// `u32`, `copy(dst, src, len)` holds a mutable and a shared view at once.
fn hostile_linker(engine: &Engine) -> Linker<()> {
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "fill", |mut caller: Caller<'_, ()>, ptr: u64, len: u64| {
            let mem = guest(&mut caller);
            code(mem.slice_mut(GuestPtr::<[u8]>::new_slice(ptr, len)).map(|mut s| s.fill(0xff)))
        })
        .unwrap();
    linker
        .func_wrap("host", "store32", |mut caller: Caller<'_, ()>, ptr: u64| {
            code(guest(&mut caller).write(GuestPtr::<u32>::new(ptr), u32::MAX))
        })
        .unwrap();
    linker
        .func_wrap("host", "copy", |mut caller: Caller<'_, ()>, dst: u64, src: u64, len: u64| {
            let mem = guest(&mut caller);
            let result = mem.slice_mut(GuestPtr::<[u8]>::new_slice(dst, len)).and_then(|mut d| {
                let s = mem.slice(GuestPtr::<[u8]>::new_slice(src, len))?;
                d.copy_from_slice(&s);
                Ok(())
            });
            code(result)
        })
        .unwrap();
    linker
}

#[test]
fn host_functions_refuse_hostile_pointers() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "fill" (func $fill (param i64 i64) (result i32)))
             (import "host" "store32" (func $store32 (param i64) (result i32)))
             (import "host" "copy" (func $copy (param i64 i64 i64) (result i32)))
             (memory (export "m") 1)
             (func (export "fill") (param i64 i64) (result i32) (call $fill (local.get 0) (local.get 1)))
             (func (export "store32") (param i64) (result i32) (call $store32 (local.get 0)))
             (func (export "copy") (param i64 i64 i64) (result i32)
               (call $copy (local.get 0) (local.get 1) (local.get 2))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = hostile_linker(&engine).instantiate(&mut store, &module).unwrap();
    let memory = instance.get_memory(&mut store, "m").unwrap();
    memory.data_mut(&mut store).fill(FILL);
    let fill = instance.get_typed_func::<(u64, u64), i32>(&mut store, "fill").unwrap();
    let store32 = instance.get_typed_func::<u64, i32>(&mut store, "store32").unwrap();
    let copy = instance.get_typed_func::<(u64, u64, u64), i32>(&mut store, "copy").unwrap();
    let unchanged = |store: &Store<()>| memory.data(store).iter().all(|&b| b == FILL);

    let refused: [(u64, u64, i32); 6] = [
        (65536, 1, 1),               // past the end
        (65535, 2, 1),               // straddling the end
        (65537, 0, 1),               // an empty range may start at the end, not past it
        (u64::MAX, 2, 2),            // address plus length wraps 64 bits
        (1, u64::MAX, 2),            // likewise
        (u64::from(u32::MAX), 2, 1), // a 32-bit wrap is no wrap in 64-bit arithmetic
    ];
    for (ptr, len, expected) in refused {
        assert_eq!(fill.call(&mut store, (ptr, len)).unwrap(), expected, "fill({ptr:#x}, {len:#x})");
        assert!(unchanged(&store), "fill({ptr:#x}, {len:#x}) changed memory");
    }
    // Past the end, straddling it, beyond 4 GiB, misaligned, wrapping.
    for (ptr, expected) in [(65536, 1), (65540, 1), (1 << 32, 1), (2, 3), (65535, 3), (u64::MAX - 3, 2)] {
        assert_eq!(store32.call(&mut store, ptr).unwrap(), expected, "store32({ptr:#x})");
        assert!(unchanged(&store), "store32({ptr:#x}) changed memory");
    }
    // Overlapping mutable and shared views are refused; adjacent ones are not.
    assert_eq!(copy.call(&mut store, (0, 4, 8)).unwrap(), 4);
    assert_eq!(copy.call(&mut store, (8, 4, 8)).unwrap(), 4);
    assert_eq!(copy.call(&mut store, (0, 0, 8)).unwrap(), 4);
    assert!(unchanged(&store));
    assert_eq!(copy.call(&mut store, (0, 8, 8)).unwrap(), 0);
    // And in-bounds accesses right up to the end work.
    assert_eq!(fill.call(&mut store, (65535, 1)).unwrap(), 0);
    assert_eq!(store32.call(&mut store, 65532).unwrap(), 0);
    assert_eq!(&memory.data(&store)[65531..], &[FILL, 0xff, 0xff, 0xff, 0xff]);
}

/// Export `run` stores 42 at 100, calls the host `act`, then reads back
/// address 100 and the last word of a 201-page memory.
const MOVING: &str = r#"(module
  (import "host" "act" (func $act))
  (memory (export "m") 1)
  (func (export "run") (result i32)
    (i32.store (i32.const 100) (i32.const 42))
    (call $act)
    (i32.store (i32.const 13172732) (i32.const 7))
    (i32.add (i32.load (i32.const 100)) (i32.load (i32.const 13172732)))))"#;

#[test]
fn host_growth_during_a_call_moves_memory_safely() {
    let engine = Engine::default();
    let module = Module::new(&engine, MOVING).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    // Growing 1 page to 201 takes a new, larger region and frees the old one.
    linker
        .func_wrap("host", "act", |mut caller: Caller<'_, ()>| {
            let Some(Extern::Memory(memory)) = caller.get_export("m") else { panic!("no memory export") };
            memory.grow(&mut caller, 200).map(drop)
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<(), i32>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 49);
    assert_eq!(instance.get_memory(&mut store, "m").unwrap().size(&store), 201);
}

#[test]
fn host_reset_during_a_call_shrinks_the_bounds_wasm_sees() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "act" (func $act))
             (memory (export "m") 1)
             (func (export "run") (result i32)
               (drop (memory.grow (i32.const 2)))
               (i32.store (i32.const 131072) (i32.const 7))
               (call $act)
               (i32.load (i32.const 131072))))"#,
    )
    .unwrap();
    let mut linker = Linker::<Option<Instance>>::new(&engine);
    linker
        .func_wrap("host", "act", |mut caller: Caller<'_, Option<Instance>>| {
            let instance = caller.data().expect("instance recorded");
            instance.reset(&mut caller)
        })
        .unwrap();
    let mut store = Store::new(&engine, None);
    let instance = linker.instantiate(&mut store, &module).unwrap();
    *store.data_mut() = Some(instance);
    let run = instance.get_typed_func::<(), i32>(&mut store, "run").unwrap();
    // The reset shrank memory back to one page while `run` was active: its
    // next load, at the third page, must trap rather than read what is left
    // of the old size.
    let err = run.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds), "{err:#}");
    let memory = instance.get_memory(&mut store, "m").unwrap();
    assert_eq!(memory.size(&store), 1);
    assert!(memory.data(&store).iter().all(|&b| b == 0));
}
