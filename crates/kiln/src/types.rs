//! The WebAssembly type vocabulary of the public API: value, reference,
//! function, global, table and memory types, plus import/export descriptors
//! and the subtyping rules used when linking.

use std::fmt;
use std::sync::Arc;

use crate::engine::Engine;
use crate::tag::TagType;

/// The type of a WebAssembly value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE 754 float.
    F32,
    /// 64-bit IEEE 754 float.
    F64,
    /// 128-bit vector.
    V128,
    /// A reference.
    Ref(RefType),
}

impl ValType {
    /// The nullable `funcref` type.
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    /// The nullable `externref` type.
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);
    /// The nullable `nullfuncref` type.
    pub const NULLFUNCREF: ValType = ValType::Ref(RefType::NULLFUNCREF);
    /// The nullable `nullexternref` type.
    pub const NULLEXTERNREF: ValType = ValType::Ref(RefType::NULLEXTERNREF);
    /// The nullable `exnref` type.
    pub const EXNREF: ValType = ValType::Ref(RefType::EXNREF);

    /// Is this a numeric (`i32`, `i64`, `f32`, `f64`) type?
    pub fn is_num(&self) -> bool {
        matches!(self, ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64)
    }

    /// Is this a reference type?
    pub fn is_ref(&self) -> bool {
        matches!(self, ValType::Ref(_))
    }

    /// The reference type, if this is one.
    pub fn as_ref(&self) -> Option<&RefType> {
        match self {
            ValType::Ref(r) => Some(r),
            _ => None,
        }
    }

    /// Is this `funcref` (nullable, abstract `func` heap type)?
    pub fn is_funcref(&self) -> bool {
        matches!(self, ValType::Ref(r) if *r == RefType::FUNCREF)
    }

    /// Is this `externref` (nullable, abstract `extern` heap type)?
    pub fn is_externref(&self) -> bool {
        matches!(self, ValType::Ref(r) if *r == RefType::EXTERNREF)
    }

    /// Does a value of type `self` fit where `other` is expected?
    pub fn matches(&self, other: &ValType) -> bool {
        match (self, other) {
            (ValType::Ref(a), ValType::Ref(b)) => a.matches(b),
            (a, b) => a == b,
        }
    }

    /// Are the two types equivalent (subtypes of each other)?
    pub fn equivalent(a: &ValType, b: &ValType) -> bool {
        a.matches(b) && b.matches(a)
    }

    /// Can a value of this type be created by default (zero / null)?
    pub fn is_defaultable(&self) -> bool {
        match self {
            ValType::Ref(r) => r.is_nullable(),
            _ => true,
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValType::I32 => f.write_str("i32"),
            ValType::I64 => f.write_str("i64"),
            ValType::F32 => f.write_str("f32"),
            ValType::F64 => f.write_str("f64"),
            ValType::V128 => f.write_str("v128"),
            ValType::Ref(r) => r.fmt(f),
        }
    }
}

/// A reference type: a heap type plus nullability.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RefType {
    nullable: bool,
    heap_type: HeapType,
}

impl RefType {
    /// `funcref`, i.e. `(ref null func)`.
    pub const FUNCREF: RefType = RefType { nullable: true, heap_type: HeapType::Func };
    /// `externref`, i.e. `(ref null extern)`.
    pub const EXTERNREF: RefType = RefType { nullable: true, heap_type: HeapType::Extern };
    /// `nullfuncref`, i.e. `(ref null nofunc)`.
    pub const NULLFUNCREF: RefType = RefType { nullable: true, heap_type: HeapType::NoFunc };
    /// `nullexternref`, i.e. `(ref null noextern)`.
    pub const NULLEXTERNREF: RefType = RefType { nullable: true, heap_type: HeapType::NoExtern };
    /// `exnref`, i.e. `(ref null exn)`.
    pub const EXNREF: RefType = RefType { nullable: true, heap_type: HeapType::Exn };

    /// A reference type with the given nullability and heap type.
    pub fn new(nullable: bool, heap_type: HeapType) -> RefType {
        RefType { nullable, heap_type }
    }

    /// May values of this type be null?
    pub fn is_nullable(&self) -> bool {
        self.nullable
    }

    /// The heap type referenced.
    pub fn heap_type(&self) -> &HeapType {
        &self.heap_type
    }

    /// Subtyping: does `self` fit where `other` is expected?
    pub fn matches(&self, other: &RefType) -> bool {
        (!self.nullable || other.nullable) && self.heap_type.matches(&other.heap_type)
    }
}

impl fmt::Display for RefType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.heap_type, self.nullable) {
            (HeapType::Func, true) => f.write_str("funcref"),
            (HeapType::Extern, true) => f.write_str("externref"),
            (HeapType::NoFunc, true) => f.write_str("nullfuncref"),
            (HeapType::NoExtern, true) => f.write_str("nullexternref"),
            (ht, true) => write!(f, "(ref null {ht})"),
            (ht, false) => write!(f, "(ref {ht})"),
        }
    }
}

/// The type of the thing a reference points to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HeapType {
    /// Any function.
    Func,
    /// The bottom of the function hierarchy: only null.
    NoFunc,
    /// A function of exactly this type.
    ConcreteFunc(FuncType),
    /// Any host reference.
    Extern,
    /// The bottom of the extern hierarchy: only null.
    NoExtern,
    /// Any exception.
    Exn,
    /// The bottom of the exception hierarchy: only null.
    NoExn,
}

impl HeapType {
    /// Subtyping between heap types.
    pub fn matches(&self, other: &HeapType) -> bool {
        use HeapType::*;
        match (self, other) {
            (NoFunc, Func | NoFunc | ConcreteFunc(_)) => true,
            (ConcreteFunc(_), Func) => true,
            (ConcreteFunc(a), ConcreteFunc(b)) => a == b,
            (Func, Func) => true,
            (NoExtern, Extern | NoExtern) => true,
            (Extern, Extern) => true,
            (NoExn, Exn | NoExn) => true,
            (Exn, Exn) => true,
            _ => false,
        }
    }

    /// Is this a concrete (module-defined) type rather than an abstract one?
    pub fn is_concrete(&self) -> bool {
        matches!(self, HeapType::ConcreteFunc(_))
    }

    /// The function type, if this is a concrete function type.
    pub fn as_concrete_func(&self) -> Option<&FuncType> {
        match self {
            HeapType::ConcreteFunc(ty) => Some(ty),
            _ => None,
        }
    }

    /// The top type of this heap type's hierarchy.
    pub fn top(&self) -> HeapType {
        match self {
            HeapType::Func | HeapType::NoFunc | HeapType::ConcreteFunc(_) => HeapType::Func,
            HeapType::Extern | HeapType::NoExtern => HeapType::Extern,
            HeapType::Exn | HeapType::NoExn => HeapType::Exn,
        }
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapType::Func => f.write_str("func"),
            HeapType::NoFunc => f.write_str("nofunc"),
            HeapType::ConcreteFunc(ty) => write!(f, "{ty}"),
            HeapType::Extern => f.write_str("extern"),
            HeapType::NoExtern => f.write_str("noextern"),
            HeapType::Exn => f.write_str("exn"),
            HeapType::NoExn => f.write_str("noexn"),
        }
    }
}

/// The type of a function: parameter and result types.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    inner: Arc<FuncTypeInner>,
}

#[derive(PartialEq, Eq, Hash)]
struct FuncTypeInner {
    params: Box<[ValType]>,
    results: Box<[ValType]>,
}

impl FuncType {
    /// A function type with the given parameters and results.
    ///
    /// Kiln's types are engine-independent; the `engine` parameter keeps the
    /// signature source-compatible with Wasmtime.
    pub fn new(
        _engine: &Engine,
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> FuncType {
        FuncType::from_parts(params, results)
    }

    pub(crate) fn from_parts(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> FuncType {
        FuncType {
            inner: Arc::new(FuncTypeInner {
                params: params.into_iter().collect(),
                results: results.into_iter().collect(),
            }),
        }
    }

    /// The parameter types.
    pub fn params(&self) -> impl ExactSizeIterator<Item = ValType> + '_ {
        self.inner.params.iter().cloned()
    }

    /// The result types.
    pub fn results(&self) -> impl ExactSizeIterator<Item = ValType> + '_ {
        self.inner.results.iter().cloned()
    }

    /// The `i`th parameter type.
    pub fn param(&self, i: usize) -> Option<ValType> {
        self.inner.params.get(i).cloned()
    }

    /// The `i`th result type.
    pub fn result(&self, i: usize) -> Option<ValType> {
        self.inner.results.get(i).cloned()
    }

    pub(crate) fn param_slice(&self) -> &[ValType] {
        &self.inner.params
    }

    pub(crate) fn result_slice(&self) -> &[ValType] {
        &self.inner.results
    }

    /// Subtyping between function types, as in imports and function
    /// references: is a function of type `self` usable where `other` is
    /// expected? Function types are final (declared supertypes come with
    /// the GC proposal, which Kiln does not implement), so they match only
    /// equivalent types, not structurally related ones: a function
    /// returning `(ref func)` is not a function returning `funcref`.
    pub fn matches(&self, other: &FuncType) -> bool {
        self == other
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        if !self.inner.params.is_empty() {
            f.write_str(" (param")?;
            for p in self.inner.params.iter() {
                write!(f, " {p}")?;
            }
            f.write_str(")")?;
        }
        if !self.inner.results.is_empty() {
            f.write_str(" (result")?;
            for r in self.inner.results.iter() {
                write!(f, " {r}")?;
            }
            f.write_str(")")?;
        }
        f.write_str(")")
    }
}

impl fmt::Debug for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Whether a global can be written after creation.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// Immutable.
    Const,
    /// Mutable.
    Var,
}

/// The type of a global: content type and mutability.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GlobalType {
    content: ValType,
    mutability: Mutability,
}

impl GlobalType {
    /// A global type.
    pub fn new(content: ValType, mutability: Mutability) -> GlobalType {
        GlobalType { content, mutability }
    }

    /// The type of the value held.
    pub fn content(&self) -> &ValType {
        &self.content
    }

    /// Whether the global is mutable.
    pub fn mutability(&self) -> Mutability {
        self.mutability
    }

    /// Import matching: immutable globals are covariant, mutable ones invariant.
    pub fn matches(&self, expected: &GlobalType) -> bool {
        self.mutability == expected.mutability
            && match self.mutability {
                Mutability::Const => self.content.matches(&expected.content),
                Mutability::Var => ValType::equivalent(&self.content, &expected.content),
            }
    }
}

impl fmt::Display for GlobalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mutability {
            Mutability::Const => write!(f, "(global {})", self.content),
            Mutability::Var => write!(f, "(global (mut {}))", self.content),
        }
    }
}

/// Do limits `(min, max)` fit within `(emin, emax)` (import matching)?
fn limits_match(min: u64, max: Option<u64>, emin: u64, emax: Option<u64>) -> bool {
    min >= emin
        && match (max, emax) {
            (_, None) => true,
            (Some(m), Some(em)) => m <= em,
            (None, Some(_)) => false,
        }
}

fn fmt_limits(f: &mut fmt::Formatter<'_>, min: u64, max: Option<u64>) -> fmt::Result {
    write!(f, "{min}")?;
    if let Some(max) = max {
        write!(f, " {max}")?;
    }
    Ok(())
}

/// The type of a table: element type and limits (in elements).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TableType {
    element: RefType,
    minimum: u64,
    maximum: Option<u64>,
    table64: bool,
}

impl TableType {
    /// A 32-bit-indexed table type.
    pub fn new(element: RefType, min: u32, max: Option<u32>) -> TableType {
        TableType { element, minimum: min.into(), maximum: max.map(u64::from), table64: false }
    }

    /// A 64-bit-indexed table type (memory64 proposal).
    pub fn new64(element: RefType, min: u64, max: Option<u64>) -> TableType {
        TableType { element, minimum: min, maximum: max, table64: true }
    }

    /// The element type.
    pub fn element(&self) -> &RefType {
        &self.element
    }

    /// The minimum size in elements.
    pub fn minimum(&self) -> u64 {
        self.minimum
    }

    /// The maximum size in elements, if any.
    pub fn maximum(&self) -> Option<u64> {
        self.maximum
    }

    /// Is the table indexed with `i64`?
    pub fn is_64(&self) -> bool {
        self.table64
    }

    /// The largest size the index type can address.
    pub(crate) fn index_limit(&self) -> u64 {
        if self.table64 { u64::MAX } else { u32::MAX.into() }
    }

    /// Import matching.
    pub fn matches(&self, expected: &TableType) -> bool {
        self.table64 == expected.table64
            && self.element.matches(&expected.element)
            && expected.element.matches(&self.element)
            && limits_match(self.minimum, self.maximum, expected.minimum, expected.maximum)
    }
}

impl fmt::Display for TableType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(table ")?;
        if self.table64 {
            f.write_str("i64 ")?;
        }
        fmt_limits(f, self.minimum, self.maximum)?;
        write!(f, " {})", self.element)
    }
}

/// The type of a linear memory: limits (in pages), index type, sharing and
/// page size.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MemoryType {
    minimum: u64,
    maximum: Option<u64>,
    memory64: bool,
    shared: bool,
    page_size_log2: u8,
}

impl MemoryType {
    /// The default page size: 64 KiB.
    pub const DEFAULT_PAGE_SIZE_LOG2: u8 = 16;

    /// A 32-bit memory with limits in 64 KiB pages.
    pub fn new(minimum: u32, maximum: Option<u32>) -> MemoryType {
        MemoryType {
            minimum: minimum.into(),
            maximum: maximum.map(u64::from),
            memory64: false,
            shared: false,
            page_size_log2: Self::DEFAULT_PAGE_SIZE_LOG2,
        }
    }

    /// A 64-bit memory (memory64 proposal) with limits in 64 KiB pages.
    pub fn new64(minimum: u64, maximum: Option<u64>) -> MemoryType {
        MemoryType { minimum, maximum, memory64: true, shared: false, page_size_log2: Self::DEFAULT_PAGE_SIZE_LOG2 }
    }

    /// A shared 32-bit memory (threads proposal); shared memories need a maximum.
    pub fn shared(minimum: u32, maximum: u32) -> MemoryType {
        MemoryType {
            minimum: minimum.into(),
            maximum: Some(maximum.into()),
            memory64: false,
            shared: true,
            page_size_log2: Self::DEFAULT_PAGE_SIZE_LOG2,
        }
    }

    pub(crate) fn from_parts(
        minimum: u64,
        maximum: Option<u64>,
        memory64: bool,
        shared: bool,
        page_size_log2: u8,
    ) -> MemoryType {
        MemoryType { minimum, maximum, memory64, shared, page_size_log2 }
    }

    /// Minimum size in pages.
    pub fn minimum(&self) -> u64 {
        self.minimum
    }

    /// Maximum size in pages, if any.
    pub fn maximum(&self) -> Option<u64> {
        self.maximum
    }

    /// Is the memory indexed with `i64`?
    pub fn is_64(&self) -> bool {
        self.memory64
    }

    /// Is the memory shared between threads?
    pub fn is_shared(&self) -> bool {
        self.shared
    }

    /// The page size in bytes.
    pub fn page_size(&self) -> u64 {
        1u64 << self.page_size_log2
    }

    /// Log2 of the page size in bytes.
    pub fn page_size_log2(&self) -> u8 {
        self.page_size_log2
    }

    /// The largest number of pages the index type can address: `2^bits /
    /// page size`, and below `2^bits` so that `memory.size` and
    /// `memory.grow` can return it (with 1-byte pages a 32-bit memory has
    /// at most `2^32 - 1`, as the custom-page-sizes proposal says).
    pub(crate) fn max_pages_for_index(&self) -> u64 {
        let bits = if self.memory64 { 64 } else { 32 };
        let addressable = 1u128 << bits;
        let pages = (addressable >> self.page_size_log2).min(addressable - 1);
        u64::try_from(pages).unwrap_or(u64::MAX)
    }

    /// Import matching.
    pub fn matches(&self, expected: &MemoryType) -> bool {
        self.memory64 == expected.memory64
            && self.shared == expected.shared
            && self.page_size_log2 == expected.page_size_log2
            && limits_match(self.minimum, self.maximum, expected.minimum, expected.maximum)
    }
}

impl fmt::Display for MemoryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(memory ")?;
        if self.memory64 {
            f.write_str("i64 ")?;
        }
        fmt_limits(f, self.minimum, self.maximum)?;
        if self.shared {
            f.write_str(" shared")?;
        }
        if self.page_size_log2 != Self::DEFAULT_PAGE_SIZE_LOG2 {
            write!(f, " (pagesize {})", self.page_size())?;
        }
        f.write_str(")")
    }
}

/// The type of an external item: what an import requires or an export provides.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A global.
    Global(GlobalType),
    /// A table.
    Table(TableType),
    /// A linear memory.
    Memory(MemoryType),
    /// An exception tag.
    Tag(TagType),
}

impl ExternType {
    /// The function type, if this is a function.
    pub fn func(&self) -> Option<&FuncType> {
        match self {
            ExternType::Func(t) => Some(t),
            _ => None,
        }
    }

    /// The global type, if this is a global.
    pub fn global(&self) -> Option<&GlobalType> {
        match self {
            ExternType::Global(t) => Some(t),
            _ => None,
        }
    }

    /// The table type, if this is a table.
    pub fn table(&self) -> Option<&TableType> {
        match self {
            ExternType::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The memory type, if this is a memory.
    pub fn memory(&self) -> Option<&MemoryType> {
        match self {
            ExternType::Memory(t) => Some(t),
            _ => None,
        }
    }

    /// The tag type, if this is a tag.
    pub fn tag(&self) -> Option<&TagType> {
        match self {
            ExternType::Tag(t) => Some(t),
            _ => None,
        }
    }

    /// A short word for the kind of item: `func`, `global`, `table`,
    /// `memory`, `tag`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            ExternType::Func(_) => "func",
            ExternType::Global(_) => "global",
            ExternType::Table(_) => "table",
            ExternType::Memory(_) => "memory",
            ExternType::Tag(_) => "tag",
        }
    }
}

impl fmt::Display for ExternType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExternType::Func(t) => t.fmt(f),
            ExternType::Global(t) => t.fmt(f),
            ExternType::Table(t) => t.fmt(f),
            ExternType::Memory(t) => t.fmt(f),
            ExternType::Tag(t) => t.fmt(f),
        }
    }
}

impl From<FuncType> for ExternType {
    fn from(t: FuncType) -> ExternType {
        ExternType::Func(t)
    }
}
impl From<GlobalType> for ExternType {
    fn from(t: GlobalType) -> ExternType {
        ExternType::Global(t)
    }
}
impl From<TableType> for ExternType {
    fn from(t: TableType) -> ExternType {
        ExternType::Table(t)
    }
}
impl From<MemoryType> for ExternType {
    fn from(t: MemoryType) -> ExternType {
        ExternType::Memory(t)
    }
}
impl From<TagType> for ExternType {
    fn from(t: TagType) -> ExternType {
        ExternType::Tag(t)
    }
}

/// One import of a module: where it comes from and what type it needs.
#[derive(Clone, Debug)]
pub struct ImportType<'module> {
    module: &'module str,
    name: &'module str,
    ty: ExternType,
}

impl<'module> ImportType<'module> {
    pub(crate) fn new(module: &'module str, name: &'module str, ty: ExternType) -> Self {
        ImportType { module, name, ty }
    }

    /// The module name of the import.
    pub fn module(&self) -> &'module str {
        self.module
    }

    /// The field name of the import.
    pub fn name(&self) -> &'module str {
        self.name
    }

    /// The type the import must have.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// One export of a module: its name and type.
#[derive(Clone, Debug)]
pub struct ExportType<'module> {
    name: &'module str,
    ty: ExternType,
}

impl<'module> ExportType<'module> {
    pub(crate) fn new(name: &'module str, ty: ExternType) -> Self {
        ExportType { name, ty }
    }

    /// The export's name.
    pub fn name(&self) -> &'module str {
        self.name
    }

    /// The exported item's type.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_subtyping() {
        assert!(RefType::NULLFUNCREF.matches(&RefType::FUNCREF));
        assert!(!RefType::FUNCREF.matches(&RefType::NULLFUNCREF));
        assert!(!RefType::EXTERNREF.matches(&RefType::FUNCREF));
        let non_null = RefType::new(false, HeapType::Func);
        assert!(non_null.matches(&RefType::FUNCREF));
        assert!(!RefType::FUNCREF.matches(&non_null));
    }

    #[test]
    fn concrete_function_references() {
        let unary = FuncType::from_parts([ValType::I32], []);
        let same = FuncType::from_parts([ValType::I32], []);
        let other = FuncType::from_parts([ValType::I64], []);
        let to = |ty: &FuncType, nullable| RefType::new(nullable, HeapType::ConcreteFunc(ty.clone()));
        assert!(to(&unary, false).matches(&to(&same, true)));
        assert!(to(&unary, false).matches(&RefType::new(false, HeapType::Func)));
        assert!(to(&unary, true).matches(&RefType::FUNCREF));
        assert!(!to(&unary, true).matches(&to(&same, false)));
        assert!(!to(&unary, false).matches(&to(&other, false)));
        assert!(RefType::NULLFUNCREF.matches(&to(&unary, true)));
        assert!(!RefType::FUNCREF.matches(&to(&unary, true)));
        assert_eq!(to(&unary, false).heap_type().as_concrete_func(), Some(&same));
        assert_eq!(to(&unary, true).to_string(), "(ref null (func (param i32)))");
    }

    #[test]
    fn function_types_are_final() {
        // Structurally a subtype, but function types have no declared
        // supertypes without GC: only equivalent types match.
        let non_null = ValType::Ref(RefType::new(false, HeapType::Func));
        let narrow = FuncType::from_parts([], [non_null]);
        let wide = FuncType::from_parts([], [ValType::FUNCREF]);
        assert!(!narrow.matches(&wide));
        assert!(narrow.matches(&FuncType::from_parts([], [ValType::Ref(RefType::new(false, HeapType::Func))])));
    }

    #[test]
    fn limits_subsumption() {
        let imported = MemoryType::new(2, Some(3));
        assert!(imported.matches(&MemoryType::new(1, None)));
        assert!(imported.matches(&MemoryType::new(2, Some(3))));
        assert!(!imported.matches(&MemoryType::new(3, None)));
        assert!(!MemoryType::new(2, None).matches(&MemoryType::new(1, Some(4))));
    }

    #[test]
    fn display_is_wat_like() {
        let ty = FuncType::from_parts([ValType::I32, ValType::I64], [ValType::F32]);
        assert_eq!(ty.to_string(), "(func (param i32 i64) (result f32))");
        assert_eq!(GlobalType::new(ValType::I32, Mutability::Var).to_string(), "(global (mut i32))");
    }
}
