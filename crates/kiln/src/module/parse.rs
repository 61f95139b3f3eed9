//! Decoding and validation: walks a binary module with wasmparser, validating
//! every payload and collecting the module description; the function bodies
//! go to `code`.

use anyhow::{Context as _, Result, bail};
use wasmparser::{
    AbstractHeapType, CompositeInnerType, ElementItems, ElementKind, ExternalKind, KnownCustom, Name, Parser, Payload,
    TableInit, TypeRef, ValidPayload, Validator,
};

use super::code::CodeCompiler;
use super::{
    ConstExpr, DataSegment, ElemItems, ElemSegment, EntityIndex, Export, Import, ModuleInfo, SegmentMode, limits,
};
use crate::engine::Engine;
use crate::tag::TagType;
use crate::types::{ExternType, FuncType, GlobalType, HeapType, MemoryType, Mutability, RefType, TableType, ValType};

/// Decodes and validates `binary` into a module description. Function
/// bodies are translated on first use (see `lazy`), or here with
/// `Config::lazy_translation(false)`.
pub(super) fn compile(engine: &Engine, binary: &[u8]) -> Result<ModuleInfo> {
    let mut info = ModuleInfo::default();
    let mut code = CodeCompiler::new(engine);
    let read = read_module(engine, binary, &mut info, &mut code);
    // Bodies kept for compiling on several threads come before whatever
    // `read_module` found wrong after them: compiling them first reports the
    // error that comes first in the binary, as compiling each body as it
    // arrives does.
    code.compile_pending(&mut info)?;
    read?;
    info.bodies = code.into_bodies(&info, binary)?;
    Ok(info)
}

/// Reads and validates every payload of `binary` into `info`, handing the
/// function bodies to `code`.
fn read_module<'a>(
    engine: &Engine,
    binary: &'a [u8],
    info: &mut ModuleInfo,
    code: &mut CodeCompiler<'a>,
) -> Result<()> {
    let mut validator = Validator::new_with_features(engine.features());
    let mut parser = Parser::new(0);
    parser.set_features(engine.features());
    for payload in parser.parse_all(binary) {
        let payload = payload?;
        match validator.payload(&payload)? {
            ValidPayload::Func(func, body) => {
                code.body(info, func, body)?;
                continue;
            }
            ValidPayload::End(_) => break,
            ValidPayload::Ok | ValidPayload::Parser(_) => {}
        }
        if let Payload::CodeSectionStart { count, unchecked_range, size } = &payload {
            code.section_start(info, *count, unchecked_range.clone(), *size)?;
        }
        read_payload(engine, info, payload)?;
    }
    Ok(())
}

fn read_payload(engine: &Engine, info: &mut ModuleInfo, payload: Payload<'_>) -> Result<()> {
    match payload {
        Payload::TypeSection(reader) => {
            for group in reader {
                let group_start = u32::try_from(info.types.len())?;
                let types = group?.into_types();
                let group_len = u32::try_from(types.len())?;
                for sub in types {
                    let CompositeInnerType::Func(ft) = &sub.composite_type.inner else {
                        bail!("garbage-collected types (structs and arrays) are not supported");
                    };
                    let ty = convert_func_type(ft, &info.types)?;
                    info.sigs.push(engine.sig_id(&ty)?);
                    info.types.push(ty);
                    info.rec_groups.push((group_start, group_len));
                }
            }
        }
        Payload::ImportSection(reader) => {
            for import in reader.into_imports() {
                let import = import?;
                let ty = match import.ty {
                    TypeRef::Func(idx) | TypeRef::FuncExact(idx) => {
                        info.funcs.push(idx);
                        info.num_imported_funcs += 1;
                        ExternType::Func(type_at(info, idx)?.clone())
                    }
                    TypeRef::Table(t) => {
                        let t = convert_table_type(&t, &info.types)?;
                        info.tables.push(t.clone());
                        info.num_imported_tables += 1;
                        ExternType::Table(t)
                    }
                    TypeRef::Memory(m) => {
                        let m = convert_memory_type(&m)?;
                        info.memories.push(m.clone());
                        info.num_imported_memories += 1;
                        ExternType::Memory(m)
                    }
                    TypeRef::Global(g) => {
                        let g = convert_global_type(&g, &info.types)?;
                        info.globals.push(g.clone());
                        info.num_imported_globals += 1;
                        ExternType::Global(g)
                    }
                    TypeRef::Tag(tag) => {
                        let t = tag_type(info, tag.func_type_idx)?;
                        info.tags.push(t.clone());
                        info.num_imported_tags += 1;
                        ExternType::Tag(t)
                    }
                };
                info.imports.push(Import { module: import.module.to_owned(), name: import.name.to_owned(), ty });
            }
        }
        Payload::FunctionSection(reader) => {
            for ty in reader {
                info.funcs.push(ty?);
            }
        }
        Payload::TableSection(reader) => {
            for table in reader {
                let table = table?;
                info.tables.push(convert_table_type(&table.ty, &info.types)?);
                info.table_inits.push(match table.init {
                    TableInit::RefNull => None,
                    TableInit::Expr(expr) => Some(ConstExpr::decode(&expr)?),
                });
            }
        }
        Payload::MemorySection(reader) => {
            for memory in reader {
                info.memories.push(convert_memory_type(&memory?)?);
            }
        }
        Payload::TagSection(reader) => {
            for tag in reader {
                let t = tag_type(info, tag?.func_type_idx)?;
                info.tags.push(t);
            }
        }
        Payload::GlobalSection(reader) => {
            for global in reader {
                let global = global?;
                info.globals.push(convert_global_type(&global.ty, &info.types)?);
                info.global_inits.push(ConstExpr::decode(&global.init_expr)?);
            }
        }
        Payload::ExportSection(reader) => {
            for export in reader {
                let export = export?;
                let index = match export.kind {
                    ExternalKind::Func | ExternalKind::FuncExact => EntityIndex::Func(export.index),
                    ExternalKind::Table => EntityIndex::Table(export.index),
                    ExternalKind::Memory => EntityIndex::Memory(export.index),
                    ExternalKind::Global => EntityIndex::Global(export.index),
                    ExternalKind::Tag => EntityIndex::Tag(export.index),
                };
                info.export_names.insert(export.name.to_owned(), info.exports.len());
                info.exports.push(Export { name: export.name.to_owned(), index });
            }
        }
        Payload::StartSection { func, .. } => info.start = Some(func),
        Payload::ElementSection(reader) => {
            let mut total_items = 0;
            for elem in reader {
                let elem = elem?;
                let count = match &elem.items {
                    ElementItems::Functions(funcs) => funcs.count(),
                    ElementItems::Expressions(_, exprs) => exprs.count(),
                };
                limits::add_element_items(&mut total_items, count)?;
                let mode = match elem.kind {
                    ElementKind::Passive => SegmentMode::Passive,
                    ElementKind::Declared => SegmentMode::Declared,
                    ElementKind::Active { table_index, offset_expr } => SegmentMode::Active {
                        index: table_index.unwrap_or(0),
                        offset: ConstExpr::decode(&offset_expr)?,
                    },
                };
                let items = match elem.items {
                    ElementItems::Functions(funcs) => ElemItems::Funcs(funcs.into_iter().collect::<Result<_, _>>()?),
                    ElementItems::Expressions(_, exprs) => ElemItems::Exprs(
                        exprs.into_iter().map(|e| ConstExpr::decode(&e?)).collect::<Result<Box<[_]>>>()?,
                    ),
                };
                info.elems.push(ElemSegment { mode, items });
            }
        }
        Payload::DataSection(reader) => {
            for data in reader {
                let data = data?;
                let mode = match data.kind {
                    wasmparser::DataKind::Passive => SegmentMode::Passive,
                    wasmparser::DataKind::Active { memory_index, offset_expr } => {
                        SegmentMode::Active { index: memory_index, offset: ConstExpr::decode(&offset_expr)? }
                    }
                };
                info.datas.push(DataSegment { mode, bytes: data.data.into() });
            }
        }
        Payload::CustomSection(reader) => {
            if let KnownCustom::Name(names) = reader.as_known() {
                // A malformed name section does not invalidate a module: keep
                // whatever decodes and ignore the rest.
                read_names(info, names);
            }
        }
        _ => {}
    }
    Ok(())
}

fn read_names(info: &mut ModuleInfo, names: wasmparser::NameSectionReader<'_>) {
    for name in names.into_iter().map_while(Result::ok) {
        match name {
            Name::Module { name, .. } => info.name = Some(name.to_owned()),
            Name::Function(map) => {
                for naming in map.into_iter().map_while(Result::ok) {
                    info.func_names.insert(naming.index, naming.name.to_owned());
                }
            }
            _ => {}
        }
    }
}

fn type_at(info: &ModuleInfo, idx: u32) -> Result<&FuncType> {
    info.types.get(idx as usize).with_context(|| format!("unknown type {idx}"))
}

/// The tag type of type index `idx`, with the recursion group it was
/// declared in.
fn tag_type(info: &ModuleInfo, idx: u32) -> Result<TagType> {
    let &(start, len) = info.rec_groups.get(idx as usize).with_context(|| format!("unknown type {idx}"))?;
    let group =
        info.types.get(start as usize..(start + len) as usize).context("internal error: bad recursion group")?;
    TagType::in_group(group.into(), idx - start)
}

pub(crate) fn convert_func_type(ft: &wasmparser::FuncType, types: &[FuncType]) -> Result<FuncType> {
    let params = ft.params().iter().map(|t| convert_val_type(t, types)).collect::<Result<Vec<_>>>()?;
    let results = ft.results().iter().map(|t| convert_val_type(t, types)).collect::<Result<Vec<_>>>()?;
    Ok(FuncType::from_parts(params, results))
}

pub(crate) fn convert_val_type(ty: &wasmparser::ValType, types: &[FuncType]) -> Result<ValType> {
    Ok(match ty {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ValType::Ref(convert_ref_type(r, types)?),
    })
}

pub(crate) fn convert_ref_type(ty: &wasmparser::RefType, types: &[FuncType]) -> Result<RefType> {
    let heap = match ty.heap_type() {
        wasmparser::HeapType::Abstract { shared: false, ty } => match ty {
            AbstractHeapType::Func => HeapType::Func,
            AbstractHeapType::NoFunc => HeapType::NoFunc,
            AbstractHeapType::Extern => HeapType::Extern,
            AbstractHeapType::NoExtern => HeapType::NoExtern,
            AbstractHeapType::Exn => HeapType::Exn,
            AbstractHeapType::NoExn => HeapType::NoExn,
            other => bail!("heap type `{other:?}` (garbage collection) is not supported"),
        },
        wasmparser::HeapType::Concrete(idx) | wasmparser::HeapType::Exact(idx) => {
            let Some(idx) = idx.as_module_index() else { bail!("unsupported type reference {idx:?}") };
            match types.get(idx as usize) {
                Some(ft) => HeapType::ConcreteFunc(ft.clone()),
                None => bail!("recursive type references are not supported (type {idx})"),
            }
        }
        wasmparser::HeapType::Abstract { shared: true, .. } => bail!("shared references are not supported"),
    };
    Ok(RefType::new(ty.is_nullable(), heap))
}

fn convert_table_type(t: &wasmparser::TableType, types: &[FuncType]) -> Result<TableType> {
    let element = convert_ref_type(&t.element_type, types)?;
    Ok(if t.table64 {
        TableType::new64(element, t.initial, t.maximum)
    } else {
        let narrow = |v: u64| u32::try_from(v).context("32-bit table limit out of range");
        TableType::new(element, narrow(t.initial)?, t.maximum.map(narrow).transpose()?)
    })
}

fn convert_memory_type(m: &wasmparser::MemoryType) -> Result<MemoryType> {
    let page_size_log2 = match m.page_size_log2 {
        None => MemoryType::DEFAULT_PAGE_SIZE_LOG2,
        Some(log2) => u8::try_from(log2).context("page size out of range")?,
    };
    Ok(MemoryType::from_parts(m.initial, m.maximum, m.memory64, m.shared, page_size_log2))
}

fn convert_global_type(g: &wasmparser::GlobalType, types: &[FuncType]) -> Result<GlobalType> {
    if g.shared {
        bail!("shared globals are not supported");
    }
    let mutability = if g.mutable { Mutability::Var } else { Mutability::Const };
    Ok(GlobalType::new(convert_val_type(&g.content_type, types)?, mutability))
}
