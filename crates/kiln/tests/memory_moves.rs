//! A load whose value only the store after it reads, of the same width,
//! becomes one `moveN` that copies the bytes memory to memory. Each width
//! copies exactly its bytes, sign- and zero-extending loads alike; an
//! out-of-bounds source traps before anything is written, an out-of-bounds
//! destination traps too; and a byte-copying loop copies what it should.

use kiln::{Engine, Instance, Module, Store, Trap};

const WAT: &str = r#"(module
  (memory (export "mem") 1)
  (data (i32.const 0) "\01\82\03\84\05\86\07\88\09\8a\0b\8c\0d\8e\0f\90")
  ;; (dst src) -> (): one load and store of each kind.
  (func (export "i32_8u") (param i32 i32) (i32.store8 (local.get 0) (i32.load8_u (local.get 1))))
  (func (export "i32_8s") (param i32 i32) (i32.store8 offset=1 (local.get 0) (i32.load8_s offset=1 (local.get 1))))
  (func (export "i64_8u") (param i32 i32) (i64.store8 (local.get 0) (i64.load8_u (local.get 1))))
  (func (export "i32_16s") (param i32 i32) (i32.store16 (local.get 0) (i32.load16_s (local.get 1))))
  (func (export "i64_16u") (param i32 i32) (i64.store16 (local.get 0) (i64.load16_u (local.get 1))))
  (func (export "i32_32") (param i32 i32) (i32.store (local.get 0) (i32.load (local.get 1))))
  (func (export "i64_32s") (param i32 i32) (i64.store32 (local.get 0) (i64.load32_s (local.get 1))))
  (func (export "i64_64") (param i32 i32) (i64.store (local.get 0) (i64.load (local.get 1))))
  (func (export "f64_64") (param i32 i32) (f64.store (local.get 0) (f64.load (local.get 1))))
  ;; Widths differ: an ordinary load and store.
  (func (export "widen") (param i32 i32) (i32.store16 (local.get 0) (i32.load8_s (local.get 1))))
  ;; memcpy as a byte loop (dst src len).
  (func (export "copy") (param i32 i32 i32)
    (block (br_if 0 (i32.eqz (local.get 2)))
      (loop
        (i32.store8 (local.get 0) (i32.load8_u (local.get 1)))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1))))))))"#;

/// The widths each function copies, by export name.
const MOVES: [(&str, usize, &str); 9] = [
    ("i32_8u", 1, "move8"),
    ("i32_8s", 1, "move8"),
    ("i64_8u", 1, "move8"),
    ("i32_16s", 2, "move16"),
    ("i64_16u", 2, "move16"),
    ("i32_32", 4, "move32"),
    ("i64_32s", 4, "move32"),
    ("i64_64", 8, "move64"),
    ("f64_64", 8, "move64"),
];

fn setup() -> (Store<()>, Instance, Module) {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance, module)
}

fn trap_of(err: anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>().expect("a trap")
}

#[test]
fn each_width_copies_exactly_its_bytes() {
    let (mut store, instance, module) = setup();
    let memory = instance.get_memory(&mut store, "mem").unwrap();
    for (index, (name, width, mnemonic)) in MOVES.into_iter().enumerate() {
        let code = module.disassemble(index as u32).unwrap();
        assert!(code.contains(mnemonic) && !code.contains("load"), "{name}: {code}");
        memory.data_mut(&mut store)[100..120].fill(0xee);
        let f = instance.get_typed_func::<(i32, i32), ()>(&mut store, name).unwrap();
        f.call(&mut store, (101, 0)).unwrap();
        let data = memory.data(&store);
        // `i32_8s` reads and writes at offset 1.
        let skip = usize::from(name == "i32_8s");
        let want: Vec<u8> =
            (0..20).map(|i| if (1 + skip..1 + skip + width).contains(&i) { data[i - 1] } else { 0xee }).collect();
        assert_eq!(&data[100..120], &want[..], "{name}");
    }
    let widen = module.disassemble(MOVES.len() as u32).unwrap();
    assert!(!widen.contains("move"), "{widen}");
    let f = instance.get_typed_func::<(i32, i32), ()>(&mut store, "widen").unwrap();
    f.call(&mut store, (200, 1)).unwrap();
    assert_eq!(&memory.data(&store)[200..202], &[0x82, 0xff]);
}

#[test]
fn out_of_bounds_source_or_destination_traps() {
    let (mut store, instance, _) = setup();
    let memory = instance.get_memory(&mut store, "mem").unwrap();
    let f = instance.get_typed_func::<(i32, i32), ()>(&mut store, "i64_64").unwrap();
    memory.data_mut(&mut store)[300..308].fill(0xee);
    assert_eq!(trap_of(f.call(&mut store, (300, 65536 - 7)).unwrap_err()), Trap::MemoryOutOfBounds);
    assert_eq!(&memory.data(&store)[300..308], &[0xee; 8], "nothing written");
    assert_eq!(trap_of(f.call(&mut store, (65536 - 7, 0)).unwrap_err()), Trap::MemoryOutOfBounds);
    assert_eq!(trap_of(f.call(&mut store, (-1, 0)).unwrap_err()), Trap::MemoryOutOfBounds);
    // The store stays usable.
    f.call(&mut store, (65536 - 8, 0)).unwrap();
    assert_eq!(&memory.data(&store)[65528..], &memory.data(&store)[..8].to_vec()[..]);
}

#[test]
fn a_byte_loop_copies() {
    let (mut store, instance, module) = setup();
    let copy_index = MOVES.len() as u32 + 1;
    assert!(module.disassemble(copy_index).unwrap().contains("move8"));
    let memory = instance.get_memory(&mut store, "mem").unwrap();
    let f = instance.get_typed_func::<(i32, i32, i32), ()>(&mut store, "copy").unwrap();
    f.call(&mut store, (1000, 0, 16)).unwrap();
    let data = memory.data(&store);
    assert_eq!(&data[1000..1016], &data[..16]);
    assert_eq!(data[1016], 0);
    // Overlapping forwards, one byte at a time, as the loop says.
    f.call(&mut store, (1, 0, 15)).unwrap();
    assert_eq!(&memory.data(&store)[..16], &[1; 16]);
}
