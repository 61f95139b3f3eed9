//! Converting script arguments to Kiln values and matching results against
//! script expectations (including NaN patterns and references).

use anyhow::{Result, bail};
use kiln::{ExternRef, Store, V128, Val};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// The value an argument denotes (`ref.extern N` becomes a host reference
/// holding `N`).
pub fn arg_to_val(store: &mut Store<()>, arg: &WastArg<'_>) -> Result<Val> {
    let WastArg::Core(arg) = arg else { bail!("component-model arguments are not supported") };
    Ok(match arg {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(V128::from(u128::from_le_bytes(v.to_le_bytes()))),
        WastArgCore::RefNull(heap) => null_of(heap)?,
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(ExternRef::new(&mut *store, *n)?)),
        WastArgCore::RefHost(_) => bail!("`ref.host` arguments (garbage collection) are not supported"),
    })
}

fn null_of(heap: &HeapType<'_>) -> Result<Val> {
    Ok(match heap {
        HeapType::Abstract { ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern, .. } => Val::ExternRef(None),
        HeapType::Abstract { ty: AbstractHeapType::Func | AbstractHeapType::NoFunc, .. } | HeapType::Concrete(_) => {
            Val::FuncRef(None)
        }
        HeapType::Abstract { ty: AbstractHeapType::Exn | AbstractHeapType::NoExn, .. } => Val::ExnRef(None),
        other => bail!("null reference of heap type {other:?} is not supported"),
    })
}

/// Checks `actual` against the expectation; `Err` explains a mismatch.
pub fn match_result(store: &Store<()>, actual: &Val, expected: &WastRet<'_>) -> Result<()> {
    let WastRet::Core(expected) = expected else { bail!("component-model results are not supported") };
    if matches_core(store, actual, expected)? {
        Ok(())
    } else {
        bail!("expected {}, got {}", describe_expected(expected), describe(actual))
    }
}

fn matches_core(store: &Store<()>, actual: &Val, expected: &WastRetCore<'_>) -> Result<bool> {
    Ok(match (expected, actual) {
        (WastRetCore::I32(e), Val::I32(a)) => e == a,
        (WastRetCore::I64(e), Val::I64(a)) => e == a,
        (WastRetCore::F32(e), Val::F32(a)) => f32_matches(e, *a),
        (WastRetCore::F64(e), Val::F64(a)) => f64_matches(e, *a),
        (WastRetCore::V128(e), Val::V128(a)) => v128_matches(e, a.as_u128()),
        (WastRetCore::RefNull(heap), Val::FuncRef(f)) => f.is_none() && heap.as_ref().is_none_or(is_func_heap),
        (WastRetCore::RefNull(heap), Val::ExternRef(e)) => e.is_none() && heap.as_ref().is_none_or(is_extern_heap),
        (WastRetCore::RefNull(heap), Val::ExnRef(e)) => e.is_none() && heap.as_ref().is_none_or(is_exn_heap),
        (WastRetCore::RefFunc(_), Val::FuncRef(f)) => f.is_some(),
        (WastRetCore::RefExtern(expected), Val::ExternRef(Some(e))) => match expected {
            None => true,
            Some(n) => e.data(store)?.and_then(|d| d.downcast_ref::<u32>()) == Some(n),
        },
        (WastRetCore::Either(options), _) => {
            for option in options {
                if matches_core(store, actual, option)? {
                    return Ok(true);
                }
            }
            false
        }
        _ => false,
    })
}

fn is_extern_heap(heap: &HeapType<'_>) -> bool {
    matches!(heap, HeapType::Abstract { ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern, .. })
}

fn is_exn_heap(heap: &HeapType<'_>) -> bool {
    matches!(heap, HeapType::Abstract { ty: AbstractHeapType::Exn | AbstractHeapType::NoExn, .. })
}

fn is_func_heap(heap: &HeapType<'_>) -> bool {
    matches!(
        heap,
        HeapType::Abstract { ty: AbstractHeapType::Func | AbstractHeapType::NoFunc, .. } | HeapType::Concrete(_)
    )
}

fn f32_matches(expected: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match expected {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(expected: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match expected {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn v128_matches(expected: &V128Pattern, bits: u128) -> bool {
    let bytes = bits.to_le_bytes();
    let lane = |i: usize, n: usize| -> u64 {
        let mut buf = [0u8; 8];
        buf[..n].copy_from_slice(&bytes[i * n..(i + 1) * n]);
        u64::from_le_bytes(buf)
    };
    match expected {
        V128Pattern::I8x16(e) => e.iter().enumerate().all(|(i, v)| lane(i, 1) == u64::from(*v as u8)),
        V128Pattern::I16x8(e) => e.iter().enumerate().all(|(i, v)| lane(i, 2) == u64::from(*v as u16)),
        V128Pattern::I32x4(e) => e.iter().enumerate().all(|(i, v)| lane(i, 4) == u64::from(*v as u32)),
        V128Pattern::I64x2(e) => e.iter().enumerate().all(|(i, v)| lane(i, 8) == *v as u64),
        V128Pattern::F32x4(e) => e.iter().enumerate().all(|(i, p)| f32_matches(p, lane(i, 4) as u32)),
        V128Pattern::F64x2(e) => e.iter().enumerate().all(|(i, p)| f64_matches(p, lane(i, 8))),
    }
}

/// A value in script-like notation, for failure messages.
pub fn describe(val: &Val) -> String {
    match val {
        Val::I32(v) => format!("(i32.const {v})"),
        Val::I64(v) => format!("(i64.const {v})"),
        Val::F32(bits) => format!("(f32.const {} (0x{bits:08x}))", f32::from_bits(*bits)),
        Val::F64(bits) => format!("(f64.const {} (0x{bits:016x}))", f64::from_bits(*bits)),
        Val::V128(v) => {
            format!("(v128.const i64x2 0x{:016x} 0x{:016x})", v.as_u128() as u64, (v.as_u128() >> 64) as u64)
        }
        Val::FuncRef(None) => "(ref.null func)".into(),
        Val::FuncRef(Some(_)) => "(ref.func)".into(),
        Val::ExternRef(None) => "(ref.null extern)".into(),
        Val::ExternRef(Some(_)) => "(ref.extern)".into(),
        Val::ExnRef(None) => "(ref.null exn)".into(),
        Val::ExnRef(Some(_)) => "(ref.exn)".into(),
    }
}

fn describe_expected(expected: &WastRetCore<'_>) -> String {
    match expected {
        WastRetCore::I32(v) => format!("(i32.const {v})"),
        WastRetCore::I64(v) => format!("(i64.const {v})"),
        WastRetCore::F32(NanPattern::Value(v)) => format!("(f32.const 0x{:08x})", v.bits),
        WastRetCore::F64(NanPattern::Value(v)) => format!("(f64.const 0x{:016x})", v.bits),
        WastRetCore::F32(NanPattern::CanonicalNan) => "(f32.const nan:canonical)".into(),
        WastRetCore::F32(NanPattern::ArithmeticNan) => "(f32.const nan:arithmetic)".into(),
        WastRetCore::F64(NanPattern::CanonicalNan) => "(f64.const nan:canonical)".into(),
        WastRetCore::F64(NanPattern::ArithmeticNan) => "(f64.const nan:arithmetic)".into(),
        other => format!("{other:?}"),
    }
}
