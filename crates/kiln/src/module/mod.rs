//! [`Module`]: a validated, translated WebAssembly module, ready to be
//! instantiated any number of times in any store of its engine.

mod code;
mod const_expr;
mod lazy;
pub(crate) mod limits;
mod parse;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, Result};

pub(crate) use const_expr::{ConstContext, ConstExpr, RawValue};
use lazy::Bodies;
pub(crate) use lazy::FuncCode;

use crate::engine::{Engine, SigId};
use crate::tag::TagType;
use crate::types::{ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, TableType};

/// An index into one of a module's index spaces.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum EntityIndex {
    Func(u32),
    Table(u32),
    Memory(u32),
    Global(u32),
    Tag(u32),
}

/// One import of a module.
#[derive(Debug)]
pub(crate) struct Import {
    pub module: String,
    pub name: String,
    pub ty: ExternType,
}

/// One export of a module.
#[derive(Debug)]
pub(crate) struct Export {
    pub name: String,
    pub index: EntityIndex,
}

/// Where a segment goes at instantiation.
#[derive(Debug)]
pub(crate) enum SegmentMode {
    /// Kept for `memory.init` / `table.init`.
    Passive,
    /// Copied into memory or table `index` at `offset` during instantiation.
    Active { index: u32, offset: ConstExpr },
    /// Only declares function references (element segments); dropped at once.
    Declared,
}

/// The items of an element segment.
#[derive(Debug)]
pub(crate) enum ElemItems {
    /// Function indices: the compact encoding, 4 bytes an item.
    Funcs(Box<[u32]>),
    /// Constant expressions.
    Exprs(Box<[ConstExpr]>),
}

impl ElemItems {
    /// Number of items.
    pub(crate) fn len(&self) -> usize {
        match self {
            ElemItems::Funcs(funcs) => funcs.len(),
            ElemItems::Exprs(exprs) => exprs.len(),
        }
    }
}

/// An element segment.
#[derive(Debug)]
pub(crate) struct ElemSegment {
    pub mode: SegmentMode,
    pub items: ElemItems,
}

/// A data segment.
#[derive(Debug)]
pub(crate) struct DataSegment {
    pub mode: SegmentMode,
    pub bytes: Box<[u8]>,
}

/// Everything known about a module after compilation.
#[derive(Debug, Default)]
pub(crate) struct ModuleInfo {
    pub name: Option<String>,
    /// Function types by type index.
    pub types: Vec<FuncType>,
    /// Engine-wide signature ids by type index.
    pub sigs: Vec<SigId>,
    /// The recursion group of each type index: its first type index and
    /// length (type identity for tag imports depends on it).
    pub rec_groups: Vec<(u32, u32)>,
    pub imports: Vec<Import>,
    /// Type index of every function, imports first.
    pub funcs: Vec<u32>,
    pub num_imported_funcs: u32,
    /// Every table's type, imports first.
    pub tables: Vec<TableType>,
    pub num_imported_tables: u32,
    /// Initial element of each defined table (`None`: null).
    pub table_inits: Vec<Option<ConstExpr>>,
    /// Every memory's type, imports first.
    pub memories: Vec<MemoryType>,
    pub num_imported_memories: u32,
    /// Every global's type, imports first.
    pub globals: Vec<GlobalType>,
    pub num_imported_globals: u32,
    /// Every tag's type, imports first.
    pub tags: Vec<TagType>,
    pub num_imported_tags: u32,
    /// Initialiser of each defined global.
    pub global_inits: Vec<ConstExpr>,
    pub exports: Vec<Export>,
    pub export_names: HashMap<String, usize>,
    pub start: Option<u32>,
    pub elems: Vec<ElemSegment>,
    pub datas: Vec<DataSegment>,
    pub func_names: HashMap<u32, String>,
    /// The defined functions' bodies, translated on first use.
    pub code: Vec<FuncCode>,
    /// What translating the bodies needs (`None` if there are none).
    pub bodies: Option<Bodies>,
}

impl ModuleInfo {
    /// The type of function `func` (any index, imported or defined).
    pub(crate) fn func_type(&self, func: u32) -> &FuncType {
        &self.types[self.funcs[func as usize] as usize]
    }

    /// The type of an export or import target.
    pub(crate) fn entity_type(&self, index: EntityIndex) -> ExternType {
        match index {
            EntityIndex::Func(i) => ExternType::Func(self.func_type(i).clone()),
            EntityIndex::Table(i) => ExternType::Table(self.tables[i as usize].clone()),
            EntityIndex::Memory(i) => ExternType::Memory(self.memories[i as usize].clone()),
            EntityIndex::Global(i) => ExternType::Global(self.globals[i as usize].clone()),
            EntityIndex::Tag(i) => ExternType::Tag(self.tags[i as usize].clone()),
        }
    }
}

pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub info: ModuleInfo,
}

/// A compiled WebAssembly module.
///
/// Compilation decodes and validates the whole module; each function body
/// is translated to the interpreter's bytecode on its first call, once per
/// module (or in `Module::new` with
/// [`Config::lazy_translation(false)`](crate::Config::lazy_translation)).
/// Instantiation then only allocates state.
/// Cheap to clone and shareable between threads.
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module").field("name", &self.inner.info.name).finish_non_exhaustive()
    }
}

impl Module {
    /// Compiles a module from the binary or text (`.wat`) format.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = wat::parse_bytes(bytes.as_ref())?;
        Module::from_binary(engine, &bytes)
    }

    /// Compiles a module from the binary format only.
    pub fn from_binary(engine: &Engine, binary: &[u8]) -> Result<Module> {
        let info = parse::compile(engine, binary)?;
        Ok(Module { inner: Arc::new(ModuleInner { engine: engine.clone(), info }) })
    }

    /// Reads and compiles a module file in the binary or text format.
    pub fn from_file(engine: &Engine, path: impl AsRef<Path>) -> Result<Module> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
        let bytes = wat::parse_bytes(&bytes).with_context(|| format!("failed to parse `{}`", path.display()))?;
        Module::from_binary(engine, &bytes).with_context(|| format!("failed to compile `{}`", path.display()))
    }

    /// Validates a binary module without keeping the result.
    pub fn validate(engine: &Engine, binary: &[u8]) -> Result<()> {
        let mut validator = wasmparser::Validator::new_with_features(engine.features());
        validator.validate_all(binary)?;
        Ok(())
    }

    /// The engine this module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The module's name from its name section, if any.
    pub fn name(&self) -> Option<&str> {
        self.inner.info.name.as_deref()
    }

    /// The module's imports, in order.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType<'_>> + '_ {
        self.inner.info.imports.iter().map(|i| ImportType::new(&i.module, &i.name, i.ty.clone()))
    }

    /// The module's exports, in order.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType<'_>> + '_ {
        let info = &self.inner.info;
        info.exports.iter().map(move |e| ExportType::new(&e.name, info.entity_type(e.index)))
    }

    /// The type of the export called `name`, if any.
    pub fn get_export(&self, name: &str) -> Option<ExternType> {
        let info = &self.inner.info;
        info.export_names.get(name).map(|&i| info.entity_type(info.exports[i].index))
    }

    pub(crate) fn info(&self) -> &ModuleInfo {
        &self.inner.info
    }

    /// Disassembly of the interpreter bytecode of defined function `index`
    /// (index in the module's function index space), one instruction per line.
    pub fn disassemble(&self, index: u32) -> Option<String> {
        let info = &self.inner.info;
        let def = index.checked_sub(info.num_imported_funcs)?;
        if def >= info.code.len() as u32 {
            return None;
        }
        Some(match info.compiled(def) {
            Ok(code) => code.to_string(),
            Err(e) => format!("(not translated: {e})"),
        })
    }
}
