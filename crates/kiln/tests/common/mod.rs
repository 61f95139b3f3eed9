//! Helpers shared by test files: hand-encoding binary modules that the text
//! format cannot express compactly (millions of element items).

/// Appends `value` as unsigned LEB128.
fn leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends section `id` with `contents`.
fn section(out: &mut Vec<u8>, id: u8, contents: &[u8]) {
    out.push(id);
    leb(out, contents.len() as u64);
    out.extend_from_slice(contents);
}

/// A module with one function `() -> ()` and passive `funcref` element
/// segments of the given lengths, every item referring to the function.
pub fn element_module(segments: &[u64]) -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    section(&mut bytes, 1, &[1, 0x60, 0, 0]);
    section(&mut bytes, 3, &[1, 0]);
    let mut elems = Vec::new();
    leb(&mut elems, segments.len() as u64);
    for &len in segments {
        elems.extend_from_slice(&[1, 0x00]);
        leb(&mut elems, len);
        elems.resize(elems.len() + len as usize, 0);
    }
    section(&mut bytes, 9, &elems);
    section(&mut bytes, 10, &[1, 2, 0, 0x0b]);
    bytes
}
