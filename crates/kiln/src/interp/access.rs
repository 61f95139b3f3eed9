//! Memory access kinds: the one definition of what every load and store
//! instruction reads or writes, used by both the fast memory-0 instructions
//! and the general ones (any memory, 64-bit addresses, large offsets).

use super::executor::simd;

/// What a memory instruction does with the bytes it touches.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum AccessKind {
    I32Load,
    I64Load,
    I32Load8S,
    I32Load8U,
    I32Load16S,
    I32Load16U,
    I64Load8S,
    I64Load8U,
    I64Load16S,
    I64Load16U,
    I64Load32S,
    I64Load32U,
    V128Load,
    V128Load8x8S,
    V128Load8x8U,
    V128Load16x4S,
    V128Load16x4U,
    V128Load32x2S,
    V128Load32x2U,
    V128Load8Splat,
    V128Load16Splat,
    V128Load32Splat,
    V128Load64Splat,
    V128Load32Zero,
    V128Load64Zero,
    V128Load8Lane,
    V128Load16Lane,
    V128Load32Lane,
    V128Load64Lane,
    I32Store,
    I64Store,
    Store8,
    Store16,
    Store32,
    V128Store,
    V128Store8Lane,
    V128Store16Lane,
    V128Store32Lane,
    V128Store64Lane,
}

/// The immediates of a general memory instruction, kept in the module's
/// pool (`ModuleInfo::mem_args`) because they do not fit in an [`Op`](super::ops::Op).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct MemArg {
    pub kind: AccessKind,
    /// Memory index in the module.
    pub mem: u32,
    pub offset: u64,
    /// Lane index for lane loads and stores.
    pub lane: u8,
}

impl AccessKind {
    /// Bytes read or written.
    pub(crate) const fn size(self) -> usize {
        use AccessKind::*;
        match self {
            I32Load8S | I32Load8U | I64Load8S | I64Load8U | V128Load8Splat | V128Load8Lane | Store8
            | V128Store8Lane => 1,
            I32Load16S | I32Load16U | I64Load16S | I64Load16U | V128Load16Splat | V128Load16Lane | Store16
            | V128Store16Lane => 2,
            I32Load | I64Load32S | I64Load32U | V128Load32Splat | V128Load32Zero | V128Load32Lane | I32Store
            | Store32 | V128Store32Lane => 4,
            I64Load | V128Load8x8S | V128Load8x8U | V128Load16x4S | V128Load16x4U | V128Load32x2S | V128Load32x2U
            | V128Load64Splat | V128Load64Zero | V128Load64Lane | I64Store | V128Store64Lane => 8,
            V128Load | V128Store => 16,
        }
    }

    /// Does a load of this kind produce a `v128` (two slots)?
    pub(crate) const fn loads_v128(self) -> bool {
        use AccessKind::*;
        matches!(
            self,
            V128Load
                | V128Load8x8S
                | V128Load8x8U
                | V128Load16x4S
                | V128Load16x4U
                | V128Load32x2S
                | V128Load32x2U
                | V128Load8Splat
                | V128Load16Splat
                | V128Load32Splat
                | V128Load64Splat
                | V128Load32Zero
                | V128Load64Zero
                | V128Load8Lane
                | V128Load16Lane
                | V128Load32Lane
                | V128Load64Lane
        )
    }

    /// Does a store of this kind write (part of) a `v128` operand?
    pub(crate) const fn stores_v128(self) -> bool {
        use AccessKind::*;
        matches!(self, V128Store | V128Store8Lane | V128Store16Lane | V128Store32Lane | V128Store64Lane)
    }

    /// The value a load produces from the `size()` bytes read (stores return
    /// the bytes unchanged) (`vec` and
    /// `lane`: the vector operand and lane of lane loads). Scalars come back
    /// in the slot representation (zero-extended `i32`).
    #[inline(always)]
    pub(crate) fn load(self, bytes: &[u8], vec: u128, lane: u8) -> u128 {
        use AccessKind::*;
        let mut buf = [0u8; 16];
        buf[..self.size()].copy_from_slice(&bytes[..self.size()]);
        let raw = u128::from_le_bytes(buf);
        let (b8, b16, b32, b64) = (raw as u8, raw as u16, raw as u32, raw as u64);
        match self {
            // Loads that keep the bytes as they are, and stores (not loads).
            I32Load | I64Load | I64Load32U | V128Load | V128Load32Zero | V128Load64Zero => raw,
            I32Store | I64Store | Store8 | Store16 | Store32 | V128Store | V128Store8Lane | V128Store16Lane
            | V128Store32Lane | V128Store64Lane => raw,
            I32Load8S => u128::from(i32::from(b8 as i8) as u32),
            I32Load8U | I64Load8U => u128::from(b8),
            I32Load16S => u128::from(i32::from(b16 as i16) as u32),
            I32Load16U | I64Load16U => u128::from(b16),
            I64Load8S => u128::from(i64::from(b8 as i8) as u64),
            I64Load16S => u128::from(i64::from(b16 as i16) as u64),
            I64Load32S => u128::from(i64::from(b32 as i32) as u64),
            V128Load8x8S => simd::i16x8_extend_low_i8x16_s(raw),
            V128Load8x8U => simd::i16x8_extend_low_i8x16_u(raw),
            V128Load16x4S => simd::i32x4_extend_low_i16x8_s(raw),
            V128Load16x4U => simd::i32x4_extend_low_i16x8_u(raw),
            V128Load32x2S => simd::i64x2_extend_low_i32x4_s(raw),
            V128Load32x2U => simd::i64x2_extend_low_i32x4_u(raw),
            V128Load8Splat => simd::splat::<u8, 16>(b8),
            V128Load16Splat => simd::splat::<u16, 8>(b16),
            V128Load32Splat => simd::splat::<u32, 4>(b32),
            V128Load64Splat => simd::splat::<u64, 2>(b64),
            V128Load8Lane => simd::replace::<u8, 16>(vec, lane, b8),
            V128Load16Lane => simd::replace::<u16, 8>(vec, lane, b16),
            V128Load32Lane => simd::replace::<u32, 4>(vec, lane, b32),
            V128Load64Lane => simd::replace::<u64, 2>(vec, lane, b64),
        }
    }

    /// The bytes a store writes (the first `size()` of the result) for
    /// `value` (a scalar in its slot form, or a vector).
    #[inline(always)]
    pub(crate) fn store(self, value: u128, lane: u8) -> [u8; 16] {
        use AccessKind::*;
        let bits = match self {
            V128Store8Lane => u128::from(simd::extract::<u8, 16>(value, lane)),
            V128Store16Lane => u128::from(simd::extract::<u16, 8>(value, lane)),
            V128Store32Lane => u128::from(simd::extract::<u32, 4>(value, lane)),
            V128Store64Lane => u128::from(simd::extract::<u64, 2>(value, lane)),
            _ => value,
        };
        bits.to_le_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_zero_extension() {
        assert_eq!(AccessKind::I32Load8S.load(&[0x80], 0, 0), 0xffff_ff80);
        assert_eq!(AccessKind::I64Load16S.load(&[0x00, 0x80], 0, 0), 0xffff_ffff_ffff_8000);
        assert_eq!(AccessKind::I64Load32U.load(&[1, 2, 3, 0x84], 0, 0), 0x8403_0201);
        assert_eq!(AccessKind::V128Load32Zero.load(&[1, 0, 0, 0], u128::MAX, 0), 1);
    }

    #[test]
    fn lanes_load_and_store() {
        let v = AccessKind::V128Load16Lane.load(&[0x34, 0x12], 0, 3);
        assert_eq!(v, 0x1234u128 << 48);
        assert_eq!(&AccessKind::V128Store16Lane.store(v, 3)[..2], &[0x34, 0x12]);
        assert_eq!(AccessKind::V128Store8Lane.size(), 1);
    }
}
