//! Unit tests for every rule of guest memory access: bounds (including
//! ranges ending exactly at the end and zero-length ranges), overflow,
//! alignment, the borrow tracker, UTF-8, and struct layouts.

use super::*;

fn memory(len: usize) -> Vec<u8> {
    (0..len).map(|i| i as u8).collect()
}

fn bytes(offset: u64, len: u64) -> GuestPtr<[u8]> {
    GuestPtr::new_slice(offset, len)
}

#[test]
fn reads_and_writes_little_endian_values() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    assert_eq!(mem.read(GuestPtr::<u32>::new(4)).unwrap(), 0x0706_0504);
    assert_eq!(mem.read(GuestPtr::<u16>::new(2)).unwrap(), 0x0302);
    assert_eq!(mem.read(GuestPtr::<i8>::new(1)).unwrap(), 1);
    mem.write(GuestPtr::<u64>::new(8), 0x1122_3344_5566_7788).unwrap();
    mem.write(GuestPtr::<f32>::new(0), 1.5).unwrap();
    assert_eq!(mem.read(GuestPtr::<f32>::new(0)).unwrap(), 1.5);
    drop(mem);
    assert_eq!(&data[8..16], &[0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]);
}

#[test]
fn accesses_may_end_exactly_at_the_end_of_memory() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    assert_eq!(mem.read(GuestPtr::<u32>::new(12)).unwrap(), 0x0f0e_0d0c);
    mem.write(GuestPtr::<u64>::new(8), 0).unwrap();
    assert_eq!(mem.slice(bytes(0, 16)).unwrap().len(), 16);
    assert_eq!(mem.slice_mut(bytes(15, 1)).unwrap().len(), 1);
    assert_eq!(&*mem.str(GuestPtr::new_str(16, 0)).unwrap(), "");
}

#[test]
fn accesses_past_the_end_are_out_of_bounds() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    let oob = |e: GuestError| matches!(e, GuestError::OutOfBounds { memory_size: 16, .. });
    assert!(oob(mem.read(GuestPtr::<u32>::new(16)).unwrap_err()));
    assert!(oob(mem.read(GuestPtr::<u8>::new(16)).unwrap_err()));
    assert!(oob(mem.write(GuestPtr::<u64>::new(16), 1).unwrap_err()));
    assert!(oob(mem.slice(bytes(1, 16)).unwrap_err()));
    assert!(oob(mem.slice_mut(bytes(15, 2)).unwrap_err()));
    assert!(oob(mem.str(GuestPtr::new_str(10, 7)).unwrap_err()));
    // A failed write leaves memory untouched.
    drop(mem);
    assert_eq!(data, memory(16));
}

#[test]
fn zero_length_ranges_must_start_inside_or_at_the_end() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    assert!(mem.slice(bytes(0, 0)).unwrap().is_empty());
    assert!(mem.slice_mut(bytes(16, 0)).unwrap().is_empty());
    assert!(matches!(mem.slice(bytes(17, 0)), Err(GuestError::OutOfBounds { offset: 17, len: 0, .. })));
    assert!(matches!(mem.slice(bytes(u64::MAX, 0)), Err(GuestError::OutOfBounds { .. })));
}

#[test]
fn empty_memory_allows_only_empty_ranges_at_zero() {
    let mut data = Vec::new();
    let mem = GuestMemory::new(&mut data);
    assert!(mem.slice_mut(bytes(0, 0)).unwrap().is_empty());
    assert!(mem.read(GuestPtr::<u8>::new(0)).is_err());
    assert!(mem.slice(bytes(1, 0)).is_err());
}

#[test]
fn address_arithmetic_overflow_is_an_error() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    assert_eq!(mem.read(GuestPtr::<u32>::new(u64::MAX - 3)).unwrap_err(), GuestError::Overflow);
    assert_eq!(mem.slice(bytes(u64::MAX, 1)).unwrap_err(), GuestError::Overflow);
    assert_eq!(mem.slice(GuestPtr::<[u64]>::new_slice(0, u64::MAX / 4)).unwrap_err(), GuestError::Overflow);
    assert_eq!(GuestPtr::<u32>::new(u64::MAX - 3).add_elements(1).unwrap_err(), GuestError::Overflow);
    assert_eq!(GuestPtr::<u64>::new(0).add_elements(u64::MAX / 2).unwrap_err(), GuestError::Overflow);
    assert_eq!(GuestPtr::<u32>::new(4).add_elements(2).unwrap(), GuestPtr::new(12));
}

#[test]
fn misaligned_values_and_slices_are_refused() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    assert_eq!(mem.read(GuestPtr::<u32>::new(2)).unwrap_err(), GuestError::Misaligned { offset: 2, align: 4 });
    assert_eq!(mem.write(GuestPtr::<u64>::new(4), 0).unwrap_err(), GuestError::Misaligned { offset: 4, align: 8 });
    assert!(matches!(mem.slice(GuestPtr::<[u16]>::new_slice(1, 2)), Err(GuestError::Misaligned { .. })));
    // Misalignment is reported even for empty slices and out-of-bounds addresses.
    assert!(matches!(mem.slice_mut(GuestPtr::<[u32]>::new_slice(3, 0)), Err(GuestError::Misaligned { .. })));
    assert!(matches!(mem.read(GuestPtr::<u32>::new(99)), Err(GuestError::Misaligned { .. })));
    // Bytes need no alignment.
    assert_eq!(mem.read(GuestPtr::<u8>::new(3)).unwrap(), 3);
}

#[test]
fn shared_views_may_overlap() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    let a = mem.slice(bytes(0, 8)).unwrap();
    let b = mem.slice(bytes(4, 8)).unwrap();
    let s = mem.str(GuestPtr::new_str(6, 1)).unwrap();
    assert_eq!(mem.read(GuestPtr::<u32>::new(4)).unwrap(), 0x0706_0504);
    assert_eq!(&a[4..8], &b[..4]);
    assert_eq!(s.len(), 1);
}

#[test]
fn mutable_view_excludes_overlapping_shared_views_and_reads() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    let mut m = mem.slice_mut(bytes(4, 4)).unwrap();
    let conflict = |e: GuestError| matches!(e, GuestError::BorrowConflict { .. });
    assert!(conflict(mem.slice(bytes(0, 5)).unwrap_err()));
    assert!(conflict(mem.slice(bytes(7, 9)).unwrap_err()));
    assert!(conflict(mem.slice(bytes(5, 1)).unwrap_err()));
    assert!(conflict(mem.slice(bytes(0, 16)).unwrap_err()));
    assert!(conflict(mem.read(GuestPtr::<u32>::new(4)).unwrap_err()));
    assert!(conflict(mem.str(GuestPtr::new_str(6, 1)).unwrap_err()));
    // Touching ranges do not overlap.
    assert_eq!(&*mem.slice(bytes(0, 4)).unwrap(), &[0, 1, 2, 3]);
    assert_eq!(&*mem.slice(bytes(8, 4)).unwrap(), &[8, 9, 10, 11]);
    m.copy_from_slice(&[9, 9, 9, 9]);
    drop(m);
    assert_eq!(&*mem.slice(bytes(4, 4)).unwrap(), &[9, 9, 9, 9]);
}

#[test]
fn shared_view_excludes_overlapping_mutable_views_and_writes() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    let s = mem.slice(bytes(4, 4)).unwrap();
    let conflict = |e: GuestError| matches!(e, GuestError::BorrowConflict { .. });
    assert!(conflict(mem.slice_mut(bytes(7, 1)).unwrap_err()));
    assert!(conflict(mem.slice_mut(bytes(0, 16)).unwrap_err()));
    assert!(conflict(mem.write(GuestPtr::<u16>::new(6), 0).unwrap_err()));
    assert!(conflict(mem.copy_from_slice(GuestPtr::new(3), &[0, 0]).unwrap_err()));
    mem.write(GuestPtr::<u32>::new(8), 0).unwrap();
    drop(s);
    mem.write(GuestPtr::<u16>::new(6), 0).unwrap();
}

#[test]
fn at_most_one_mutable_view_of_a_byte() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    let mut a = mem.slice_mut(bytes(0, 8)).unwrap();
    assert!(matches!(mem.slice_mut(bytes(7, 2)), Err(GuestError::BorrowConflict { offset: 7, len: 2 })));
    assert!(matches!(mem.slice_mut(bytes(0, 8)), Err(GuestError::BorrowConflict { .. })));
    let mut b = mem.slice_mut(bytes(8, 8)).unwrap();
    a[7] = 1;
    b[0] = 2;
    drop(a);
    let c = mem.slice_mut(bytes(4, 4)).unwrap();
    drop((b, c));
    drop(mem);
    assert_eq!(&data[7..9], &[1, 2]);
}

#[test]
fn zero_length_views_never_conflict() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    let whole = mem.slice_mut(bytes(0, 16)).unwrap();
    let empty = mem.slice_mut(bytes(4, 0)).unwrap();
    let empty_shared = mem.slice(bytes(16, 0)).unwrap();
    assert_eq!(&*mem.str(GuestPtr::new_str(8, 0)).unwrap(), "");
    assert!(empty.is_empty() && empty_shared.is_empty());
    drop(whole);
    // Dropping empty views must not release anything else.
    let shared = mem.slice(bytes(0, 4)).unwrap();
    drop(empty);
    assert!(mem.slice_mut(bytes(0, 1)).is_err());
    drop(shared);
}

#[test]
fn forgotten_view_keeps_its_range_borrowed() {
    let mut data = memory(16);
    let mem = GuestMemory::new(&mut data);
    std::mem::forget(mem.slice_mut(bytes(0, 4)).unwrap());
    assert!(mem.slice(bytes(2, 1)).is_err());
    assert!(mem.slice(bytes(4, 1)).is_ok());
}

#[test]
fn strings_must_be_utf8() {
    let mut data = b"hi\xff\xfe".to_vec();
    let mem = GuestMemory::new(&mut data);
    assert_eq!(&*mem.str(GuestPtr::new_str(0, 2)).unwrap(), "hi");
    assert!(matches!(mem.str(GuestPtr::new_str(0, 3)), Err(GuestError::InvalidUtf8 { offset: 0, .. })));
    // The failed string released its borrow.
    mem.write(GuestPtr::<u8>::new(2), b'!').unwrap();
    assert_eq!(&*mem.str(GuestPtr::new_str(0, 3)).unwrap(), "hi!");
}

#[test]
fn typed_slices_read_and_write_elements() {
    let mut data = vec![0u8; 16];
    let mem = GuestMemory::new(&mut data);
    let mut words = mem.slice_mut(GuestPtr::<[u32]>::new_slice(4, 3)).unwrap();
    assert_eq!(words.len(), 3);
    assert!(words.set(0, 7) && words.set(2, u32::MAX));
    assert!(!words.set(3, 1));
    assert_eq!(words.get(2), Some(u32::MAX));
    assert_eq!(words.get(3), None);
    drop(words);
    assert_eq!(mem.to_vec(GuestPtr::<[u32]>::new_slice(4, 3)).unwrap(), vec![7, 0, u32::MAX]);
    let shared = mem.slice(GuestPtr::<[u16]>::new_slice(4, 2)).unwrap();
    assert_eq!(shared.get(0), Some(7));
    assert_eq!(shared.as_bytes().len(), 4);
}

#[test]
fn slice_pointers_compute_element_addresses() {
    let p = GuestPtr::<[u32]>::new_slice(8, 3);
    assert_eq!(p.byte_len().unwrap(), 12);
    assert_eq!(p.element(2).unwrap().unwrap(), GuestPtr::new(16));
    assert!(p.element(3).is_none());
    let all: Vec<_> = p.iter().map(|e| e.unwrap().offset()).collect();
    assert_eq!(all, [8, 12, 16]);
    assert!(GuestPtr::<[u8]>::new_slice(0, 0).is_empty());
    assert_eq!(GuestPtr::new_str(5, 2).as_bytes(), GuestPtr::<[u8]>::new_slice(5, 2));
}

crate::guest_struct! {
    /// A test struct with padding between and after its fields.
    struct Padded (size = 16, align = 8) {
        tag: u8 = 0,
        value: u64 = 8,
        small: u16 = 2,
    }
}

#[test]
fn guest_structs_use_their_declared_layout() {
    let mut data = vec![0xaau8; 24];
    let mem = GuestMemory::new(&mut data);
    let p = GuestPtr::<Padded>::new(8);
    mem.write(p, Padded { tag: 1, value: 0x0102_0304_0506_0708, small: 0x0a0b }).unwrap();
    assert_eq!(mem.read(p).unwrap(), Padded { tag: 1, value: 0x0102_0304_0506_0708, small: 0x0a0b });
    assert!(matches!(mem.read(GuestPtr::<Padded>::new(4)), Err(GuestError::Misaligned { align: 8, .. })));
    assert!(matches!(mem.read(GuestPtr::<Padded>::new(16)), Err(GuestError::OutOfBounds { .. })));
    drop(mem);
    assert_eq!(&data[8..16], &[1, 0, 0x0b, 0x0a, 0, 0, 0, 0], "padding is written as zero");
    assert_eq!(&data[..8], &[0xaa; 8], "bytes outside the struct are untouched");
}

#[test]
fn errors_describe_the_access() {
    let e = GuestError::OutOfBounds { offset: 16, len: 4, memory_size: 16 };
    assert_eq!(e.to_string(), "guest memory access out of bounds: 4 bytes at 0x10 in a memory of 16 bytes");
    assert!(GuestError::Misaligned { offset: 2, align: 4 }.to_string().contains("not aligned to 4"));
    assert!(GuestError::BorrowConflict { offset: 0, len: 1 }.to_string().contains("already borrowed"));
}
