//! [`GuestType`]: plain-old-data values with an explicit little-endian
//! layout in guest memory, and [`guest_struct!`](crate::guest_struct) to
//! declare structs of them.

/// A plain-old-data value stored in guest memory: `SIZE` bytes,
/// little-endian, at an address that is a multiple of `ALIGN`.
///
/// Implemented for the integer types, `f32` and `f64`; declare structs with
/// [`guest_struct!`](crate::guest_struct), which checks the layout at
/// compile time. Any bit pattern must decode to some value: decoding cannot
/// fail.
pub trait GuestType: Sized {
    /// Size in guest memory, in bytes.
    const SIZE: u32;
    /// Required alignment in guest memory (a power of two).
    const ALIGN: u32;

    /// Decodes a value from `bytes`, which holds exactly `SIZE` bytes.
    ///
    /// # Panics
    ///
    /// May panic if `bytes` is shorter than `SIZE` (the accessors of
    /// [`GuestMemory`](super::GuestMemory) always pass exactly `SIZE` bytes).
    fn read_le(bytes: &[u8]) -> Self;

    /// Encodes the value into `bytes`, which holds exactly `SIZE` bytes.
    ///
    /// # Panics
    ///
    /// May panic if `bytes` is shorter than `SIZE`.
    fn write_le(&self, bytes: &mut [u8]);
}

macro_rules! primitive {
    ($($t:ty),*) => {$(
        impl GuestType for $t {
            const SIZE: u32 = std::mem::size_of::<$t>() as u32;
            const ALIGN: u32 = std::mem::size_of::<$t>() as u32;
            fn read_le(bytes: &[u8]) -> Self {
                let mut le = [0u8; std::mem::size_of::<$t>()];
                le.copy_from_slice(&bytes[..std::mem::size_of::<$t>()]);
                <$t>::from_le_bytes(le)
            }
            fn write_le(&self, bytes: &mut [u8]) {
                bytes[..std::mem::size_of::<$t>()].copy_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}

primitive!(u8, i8, u16, i16, u32, i32, u64, i64, f32, f64);

/// Compile-time check of a [`guest_struct!`](crate::guest_struct) layout:
/// `fields` lists `(offset, size, align)` of each field. Panics (a compile
/// error in a `const`) unless the alignment is a power of two, the size a
/// multiple of it, and every field aligned, inside the struct and disjoint
/// from the others.
#[doc(hidden)]
pub const fn check_layout(size: u32, align: u32, fields: &[(u32, u32, u32)]) {
    assert!(align.is_power_of_two(), "guest_struct: alignment must be a power of two");
    assert!(size.is_multiple_of(align), "guest_struct: size must be a multiple of the alignment");
    let mut i = 0;
    while i < fields.len() {
        let (offset, fsize, falign) = fields[i];
        assert!(falign <= align, "guest_struct: a field is more aligned than the struct");
        assert!(offset.is_multiple_of(falign), "guest_struct: a field is misaligned");
        assert!(offset as u64 + fsize as u64 <= size as u64, "guest_struct: a field extends past the struct");
        let mut j = i + 1;
        while j < fields.len() {
            let (other, osize, _) = fields[j];
            let disjoint = offset as u64 + fsize as u64 <= other as u64 || other as u64 + osize as u64 <= offset as u64;
            assert!(disjoint, "guest_struct: two fields overlap");
            j += 1;
        }
        i += 1;
    }
}

/// Declares a struct with an explicit guest-memory layout and implements
/// [`GuestType`](crate::guest::GuestType) for it.
///
/// Each field gives its byte offset; the struct gives its total size and
/// alignment. The layout is checked at compile time (fields aligned, inside
/// the struct, not overlapping). Bytes not covered by a field are padding:
/// ignored when reading, written as zero.
///
/// ```
/// kiln::guest_struct! {
///     /// An I/O vector as WASI lays it out.
///     pub struct Iovec (size = 8, align = 4) {
///         /// Address of the buffer.
///         pub buf: u32 = 0,
///         /// Length of the buffer in bytes.
///         pub buf_len: u32 = 4,
///     }
/// }
/// use kiln::guest::GuestType;
/// let mut bytes = [0u8; 8];
/// Iovec { buf: 16, buf_len: 3 }.write_le(&mut bytes);
/// assert_eq!(bytes, [16, 0, 0, 0, 3, 0, 0, 0]);
/// ```
///
/// A bad layout does not compile:
///
/// ```compile_fail
/// kiln::guest_struct! {
///     struct Bad (size = 8, align = 4) { a: u32 = 2, b: u32 = 4 }
/// }
/// ```
#[macro_export]
macro_rules! guest_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident (size = $size:literal, align = $align:literal) {
            $( $(#[$fmeta:meta])* $fvis:vis $field:ident : $fty:ty = $offset:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        $vis struct $name {
            $( $(#[$fmeta])* $fvis $field: $fty, )*
        }

        const _: () = $crate::guest::check_layout(
            $size,
            $align,
            &[$( ($offset, <$fty as $crate::guest::GuestType>::SIZE, <$fty as $crate::guest::GuestType>::ALIGN) ),*],
        );

        impl $crate::guest::GuestType for $name {
            const SIZE: u32 = $size;
            const ALIGN: u32 = $align;
            fn read_le(bytes: &[u8]) -> Self {
                $name {
                    $( $field: <$fty as $crate::guest::GuestType>::read_le(
                        &bytes[$offset..$offset + <$fty as $crate::guest::GuestType>::SIZE as usize],
                    ), )*
                }
            }
            fn write_le(&self, bytes: &mut [u8]) {
                bytes[..$size].fill(0);
                $( $crate::guest::GuestType::write_le(
                    &self.$field,
                    &mut bytes[$offset..$offset + <$fty as $crate::guest::GuestType>::SIZE as usize],
                ); )*
            }
        }
    };
}
