//! A runtime-neutral picture of values, traps and exported state, so that
//! Kiln's and wasmi's can be compared with `==` after normalisation.

use kiln::Trap;

/// A value type, for both runtimes.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Ty {
    I32,
    I64,
    F32,
    F64,
    V128,
    FuncRef,
    ExternRef,
}

/// A value, with floats as bits. Equality treats any two NaNs of the same
/// width as equal (the spec leaves NaN payloads of arithmetic
/// nondeterministic), and function references as equal when both are null
/// or both are functions of the same type (identities differ per runtime).
#[derive(Clone, Debug)]
pub(crate) enum Value {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    /// A function reference: `None` for null, else the function's type.
    FuncRef(Option<(Vec<Ty>, Vec<Ty>)>),
    /// An extern reference: is it null?
    ExternRef(bool),
    /// An exception reference (Kiln only: the generator leaves exceptions
    /// off, so one showing up is a difference): is it null?
    ExnRef(bool),
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::I32(a), Value::I32(b)) => a == b,
            (Value::I64(a), Value::I64(b)) => a == b,
            (Value::F32(a), Value::F32(b)) => a == b || (f32::from_bits(*a).is_nan() && f32::from_bits(*b).is_nan()),
            (Value::F64(a), Value::F64(b)) => a == b || (f64::from_bits(*a).is_nan() && f64::from_bits(*b).is_nan()),
            (Value::V128(a), Value::V128(b)) => a == b,
            (Value::FuncRef(a), Value::FuncRef(b)) => a == b,
            (Value::ExternRef(a), Value::ExternRef(b)) => a == b,
            (Value::ExnRef(a), Value::ExnRef(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    /// The zero (or null) value of a type.
    pub(crate) fn default_for(ty: Ty) -> Value {
        match ty {
            Ty::I32 => Value::I32(0),
            Ty::I64 => Value::I64(0),
            Ty::F32 => Value::F32(0),
            Ty::F64 => Value::F64(0),
            Ty::V128 => Value::V128(0),
            Ty::FuncRef => Value::FuncRef(None),
            Ty::ExternRef => Value::ExternRef(true),
        }
    }

    /// The value as an argument for Kiln (references are passed as null).
    pub(crate) fn to_kiln(&self) -> kiln::Val {
        match *self {
            Value::I32(v) => kiln::Val::I32(v),
            Value::I64(v) => kiln::Val::I64(v),
            Value::F32(v) => kiln::Val::F32(v),
            Value::F64(v) => kiln::Val::F64(v),
            Value::V128(v) => kiln::Val::V128(kiln::V128::from(v)),
            Value::FuncRef(_) => kiln::Val::FuncRef(None),
            Value::ExternRef(_) => kiln::Val::ExternRef(None),
            Value::ExnRef(_) => kiln::Val::ExnRef(None),
        }
    }

    /// The value as an argument for wasmi (references are passed as null).
    pub(crate) fn to_wasmi(&self) -> wasmi::Val {
        match *self {
            Value::I32(v) => wasmi::Val::I32(v),
            Value::I64(v) => wasmi::Val::I64(v),
            Value::F32(v) => wasmi::Val::F32(wasmi::F32::from_bits(v)),
            Value::F64(v) => wasmi::Val::F64(wasmi::F64::from_bits(v)),
            Value::V128(v) => wasmi::Val::V128(wasmi::V128::from(v)),
            Value::FuncRef(_) => wasmi::Val::FuncRef(wasmi::Nullable::Null),
            // Arguments come from the generator's types, which have no
            // `exnref`; wasmi has none either.
            Value::ExternRef(_) | Value::ExnRef(_) => wasmi::Val::ExternRef(wasmi::Nullable::Null),
        }
    }

    /// A Kiln value.
    pub(crate) fn from_kiln(store: &kiln::Store<()>, val: &kiln::Val) -> Value {
        match val {
            kiln::Val::I32(v) => Value::I32(*v),
            kiln::Val::I64(v) => Value::I64(*v),
            kiln::Val::F32(v) => Value::F32(*v),
            kiln::Val::F64(v) => Value::F64(*v),
            kiln::Val::V128(v) => Value::V128(v.as_u128()),
            kiln::Val::FuncRef(f) => Value::FuncRef(f.map(|f| kiln_sig(&f.ty(store)))),
            kiln::Val::ExternRef(e) => Value::ExternRef(e.is_none()),
            kiln::Val::ExnRef(e) => Value::ExnRef(e.is_none()),
        }
    }

    /// A wasmi value.
    pub(crate) fn from_wasmi<T>(store: &wasmi::Store<T>, val: &wasmi::Val) -> Value {
        match val {
            wasmi::Val::I32(v) => Value::I32(*v),
            wasmi::Val::I64(v) => Value::I64(*v),
            wasmi::Val::F32(v) => Value::F32(v.to_bits()),
            wasmi::Val::F64(v) => Value::F64(v.to_bits()),
            wasmi::Val::V128(v) => Value::V128(v.as_u128()),
            wasmi::Val::FuncRef(f) => Value::FuncRef(f.val().map(|f| wasmi_sig(&f.ty(store)))),
            wasmi::Val::ExternRef(e) => Value::ExternRef(e.is_null()),
        }
    }
}

/// A Kiln value type (function references of any kind count as `funcref`).
pub(crate) fn kiln_ty(ty: &kiln::ValType) -> Ty {
    match ty {
        kiln::ValType::I32 => Ty::I32,
        kiln::ValType::I64 => Ty::I64,
        kiln::ValType::F32 => Ty::F32,
        kiln::ValType::F64 => Ty::F64,
        kiln::ValType::V128 => Ty::V128,
        kiln::ValType::Ref(r) if r.heap_type().top() == kiln::HeapType::Extern => Ty::ExternRef,
        kiln::ValType::Ref(_) => Ty::FuncRef,
    }
}

fn wasmi_ty(ty: &wasmi::ValType) -> Ty {
    match ty {
        wasmi::ValType::I32 => Ty::I32,
        wasmi::ValType::I64 => Ty::I64,
        wasmi::ValType::F32 => Ty::F32,
        wasmi::ValType::F64 => Ty::F64,
        wasmi::ValType::V128 => Ty::V128,
        wasmi::ValType::FuncRef => Ty::FuncRef,
        wasmi::ValType::ExternRef => Ty::ExternRef,
    }
}

/// A Kiln function type as parameter and result lists.
pub(crate) fn kiln_sig(ty: &kiln::FuncType) -> (Vec<Ty>, Vec<Ty>) {
    (ty.params().map(|t| kiln_ty(&t)).collect(), ty.results().map(|t| kiln_ty(&t)).collect())
}

fn wasmi_sig(ty: &wasmi::FuncType) -> (Vec<Ty>, Vec<Ty>) {
    (ty.params().iter().map(wasmi_ty).collect(), ty.results().iter().map(wasmi_ty).collect())
}

/// A Kiln table entry as a value.
pub(crate) fn kiln_ref(store: &kiln::Store<()>, r: &kiln::Ref) -> Value {
    match r {
        kiln::Ref::Func(f) => Value::FuncRef(f.map(|f| kiln_sig(&f.ty(store)))),
        kiln::Ref::Extern(e) => Value::ExternRef(e.is_none()),
        kiln::Ref::Exn(e) => Value::ExnRef(e.is_none()),
    }
}

/// A wasmi table entry as a value.
pub(crate) fn wasmi_ref<T>(store: &wasmi::Store<T>, r: &wasmi::Ref) -> Value {
    match r {
        wasmi::Ref::Func(f) => Value::FuncRef(f.val().map(|f| wasmi_sig(&f.ty(store)))),
        wasmi::Ref::Extern(e) => Value::ExternRef(e.is_null()),
    }
}

/// How a call ended, for comparison.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Outcome {
    /// It returned these values.
    Returned(Vec<Value>),
    /// It trapped.
    Trapped(Trap),
    /// It ran out of a resource whose size the runtimes may define
    /// differently (fuel, stack depth, memory the host refused): the
    /// comparison stops here.
    Exhausted(&'static str),
}

/// How a Kiln error ends a call; an error that is not a trap is a bug (no
/// host functions are involved), so it panics.
pub(crate) fn kiln_outcome(error: &kiln::Error) -> Outcome {
    match error.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => Outcome::Exhausted("fuel"),
        Some(Trap::StackOverflow) => Outcome::Exhausted("stack"),
        Some(trap) => Outcome::Trapped(*trap),
        None => panic!("Kiln failed a call without a trap: {error:#}"),
    }
}

/// How a wasmi error ends a call.
pub(crate) fn wasmi_outcome(error: &wasmi::Error) -> Outcome {
    use wasmi::TrapCode as C;
    let Some(code) = error.as_trap_code() else { panic!("wasmi failed a call without a trap: {error}") };
    Outcome::Trapped(match code {
        C::UnreachableCodeReached => Trap::UnreachableCodeReached,
        C::MemoryOutOfBounds => Trap::MemoryOutOfBounds,
        C::TableOutOfBounds => Trap::TableOutOfBounds,
        C::IndirectCallToNull => Trap::IndirectCallToNull,
        C::IntegerDivisionByZero => Trap::IntegerDivisionByZero,
        C::IntegerOverflow => Trap::IntegerOverflow,
        C::BadConversionToInteger => Trap::BadConversionToInteger,
        C::BadSignature => Trap::BadSignature,
        C::StackOverflow => return Outcome::Exhausted("stack"),
        C::OutOfFuel => return Outcome::Exhausted("fuel"),
        C::GrowthOperationLimited | C::OutOfSystemMemory => return Outcome::Exhausted("host memory"),
    })
}
