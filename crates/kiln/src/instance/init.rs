//! Instantiation in the spec's order: type-check imports, allocate
//! functions, globals, tables and memories, apply element then data segments
//! (a trap leaves earlier writes in place and the instance's functions alive,
//! as the spec requires), then run the start function.

use std::sync::Arc;

use anyhow::Result;

use super::Instance;
use crate::Extern;
use crate::error::InstantiationError;
use crate::func::invoke;
use crate::limits::ResourceLimiter;
use crate::module::limits::MAX_INSTANCE_TABLE_ELEMENTS;
use crate::module::{ConstContext, ConstExpr, ElemItems, Module, RawValue, SegmentMode};
use crate::runtime::{FuncEntity, FuncKind, GlobalInstance, InstanceData, StoreMemory, StoreOpaque, TableInstance};
use crate::store::StoreContextMut;
use crate::types::ExternType;

/// Instantiates and runs the start function.
pub(crate) fn instantiate<T: 'static>(
    store: StoreContextMut<'_, T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance> {
    let store = store.0;
    let (opaque, limiter) = store.opaque_and_limiter();
    let (index, start) = allocate_and_initialize(opaque, limiter, module, imports)?;
    if let Some(start) = start {
        invoke(store, start, &mut []).map_err(|e| e.context(InstantiationError::Start))?;
    }
    Ok(Instance::from_index(&store.opaque, index))
}

/// Evaluates constant expressions against the instance being built.
struct InitContext<'a> {
    store: &'a StoreOpaque,
    globals: &'a [u32],
    funcs: &'a [u32],
}

impl ConstContext for InitContext<'_> {
    fn global(&self, index: u32) -> RawValue {
        self.store.globals[self.globals[index as usize] as usize].value
    }

    fn func_ref(&mut self, index: u32) -> RawValue {
        RawValue::from(self.funcs[index as usize]) + 1
    }
}

fn link_error(msg: String) -> anyhow::Error {
    anyhow::Error::new(InstantiationError::Link(msg))
}

fn resource_error(msg: String) -> anyhow::Error {
    anyhow::Error::new(InstantiationError::Resource(msg))
}

/// Steps 1–3 of instantiation; returns the store instance index and the
/// start function's store index. On a link or resource error the store is
/// left as it was.
fn allocate_and_initialize(
    store: &mut StoreOpaque,
    limiter: Option<&mut dyn ResourceLimiter>,
    module: &Module,
    imports: &[Extern],
) -> Result<(u32, Option<u32>)> {
    if !crate::Engine::same(module.engine(), &store.engine) {
        return Err(link_error("module was compiled for a different engine than the store's".into()));
    }
    let marks = (store.funcs.len(), store.globals.len(), store.tables.len(), store.memories.len());
    let tag_mark = store.tags.len();
    let result = allocate(store, limiter, module, imports);
    if result.is_err() {
        store.funcs.truncate(marks.0);
        store.globals.truncate(marks.1);
        store.tables.truncate(marks.2);
        store.memories.truncate(marks.3);
        store.tags.truncate(tag_mark);
    }
    let index = result?;
    initialize_segments(store, index, Targets::All)?;
    let data = &store.instances[index as usize];
    let start = data.module.info().start.map(|f| data.funcs[f as usize]);
    Ok((index, start))
}

/// Checks the resource limiter's counts and initial sizes for `module`.
fn check_limits(store: &StoreOpaque, limiter: &mut dyn ResourceLimiter, module: &Module) -> Result<()> {
    let info = module.info();
    let defined_tables = info.tables.len() - info.num_imported_tables as usize;
    let defined_memories = info.memories.len() - info.num_imported_memories as usize;
    if store.instances.len() + 1 > limiter.instances() {
        return Err(resource_error(format!("instance count exceeds the limit of {}", limiter.instances())));
    }
    if store.tables.len() + defined_tables > limiter.tables() {
        return Err(resource_error(format!("table count exceeds the limit of {}", limiter.tables())));
    }
    if store.memories.len() + defined_memories > limiter.memories() {
        return Err(resource_error(format!("memory count exceeds the limit of {}", limiter.memories())));
    }
    for ty in &info.memories[info.num_imported_memories as usize..] {
        let bytes = |pages: u64| usize::try_from(pages.saturating_mul(ty.page_size())).unwrap_or(usize::MAX);
        if !limiter.memory_growing(0, bytes(ty.minimum()), ty.maximum().map(bytes))? {
            return Err(resource_error(format!("memory minimum size of {} pages exceeds memory limits", ty.minimum())));
        }
    }
    for ty in &info.tables[info.num_imported_tables as usize..] {
        let elems = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        if !limiter.table_growing(0, elems(ty.minimum()), ty.maximum().map(elems))? {
            return Err(resource_error(format!(
                "table minimum size of {} elements exceeds table limits",
                ty.minimum()
            )));
        }
    }
    Ok(())
}

/// Checks Kiln's own limits (see `module::limits`) on what instantiating
/// `module` would allocate.
fn check_implementation_limits(store: &StoreOpaque, module: &Module) -> Result<()> {
    let info = module.info();
    let defined_tables = &info.tables[info.num_imported_tables as usize..];
    let table_elements = defined_tables.iter().fold(0u64, |sum, ty| sum.saturating_add(ty.minimum()));
    if table_elements > MAX_INSTANCE_TABLE_ELEMENTS {
        return Err(resource_error(format!(
            "initial table elements exceed the limit of {MAX_INSTANCE_TABLE_ELEMENTS} (the module's tables need \
             {table_elements})"
        )));
    }
    // Store function indices are 32-bit.
    if store.funcs.len().saturating_add(info.code.len()) > u32::MAX as usize {
        return Err(resource_error(format!("store function count exceeds the limit of {}", u32::MAX)));
    }
    Ok(())
}

/// Checks imports and allocates every entity of the instance.
fn allocate(
    store: &mut StoreOpaque,
    limiter: Option<&mut dyn ResourceLimiter>,
    module: &Module,
    imports: &[Extern],
) -> Result<u32> {
    let info = module.info();
    if imports.len() != info.imports.len() {
        return Err(link_error(format!("expected {} imports, found {}", info.imports.len(), imports.len())));
    }
    check_implementation_limits(store, module)?;
    if let Some(limiter) = limiter {
        check_limits(store, limiter, module)?;
    }
    let instance = u32::try_from(store.instances.len())?;
    let mut funcs = Vec::with_capacity(info.funcs.len());
    let mut tables = Vec::with_capacity(info.tables.len());
    let mut memories = Vec::with_capacity(info.memories.len());
    let mut globals = Vec::with_capacity(info.globals.len());
    let mut tags = Vec::with_capacity(info.tags.len());

    for (import, ext) in info.imports.iter().zip(imports) {
        let actual = ext.ty_in(store)?;
        let ok = match (&actual, &import.ty) {
            (ExternType::Func(a), ExternType::Func(e)) => a.matches(e),
            (ExternType::Table(a), ExternType::Table(e)) => a.matches(e),
            (ExternType::Memory(a), ExternType::Memory(e)) => a.matches(e),
            (ExternType::Global(a), ExternType::Global(e)) => a.matches(e),
            (ExternType::Tag(a), ExternType::Tag(e)) => a == e,
            _ => false,
        };
        if !ok {
            return Err(link_error(format!(
                "incompatible import type for `{}::{}`: expected {}, found {}",
                import.module, import.name, import.ty, actual
            )));
        }
        match ext {
            Extern::Func(f) => funcs.push(f.0.index),
            Extern::Table(t) => tables.push(t.0.index),
            Extern::Memory(m) => memories.push(m.0.index),
            Extern::SharedMemory(m) => {
                if !crate::Engine::same(&m.engine, &store.engine) {
                    return Err(link_error(format!(
                        "shared memory for `{}::{}` was made for a different engine",
                        import.module, import.name
                    )));
                }
                store.memories.push(StoreMemory::Shared(Arc::clone(&m.data)));
                memories.push(u32::try_from(store.memories.len() - 1)?);
            }
            Extern::Global(g) => globals.push(g.0.index),
            Extern::Tag(t) => tags.push(t.0.index),
        }
    }

    for ty in &info.tags[info.num_imported_tags as usize..] {
        tags.push(store.push_tag(ty.clone())?);
    }

    for def in 0..info.code.len() {
        let sig = info.sigs[info.funcs[info.num_imported_funcs as usize + def] as usize];
        funcs.push(store.push_func(FuncEntity { sig, kind: FuncKind::Wasm { instance, def: def as u32 } })?);
    }

    let mut initial_globals = Vec::with_capacity(info.global_inits.len());
    let defined_globals = info.globals.iter().skip(info.num_imported_globals as usize);
    for (ty, init) in defined_globals.zip(&info.global_inits) {
        let value = init.eval(&mut InitContext { store, globals: &globals, funcs: &funcs })?;
        store.globals.push(GlobalInstance { ty: ty.clone(), value });
        globals.push(u32::try_from(store.globals.len() - 1)?);
        initial_globals.push(value);
    }

    let mut table_inits = Vec::with_capacity(info.table_inits.len());
    let defined_tables = info.tables.iter().skip(info.num_imported_tables as usize);
    for (i, (ty, init)) in defined_tables.zip(&info.table_inits).enumerate() {
        let init = match init {
            Some(expr) => expr.eval(&mut InitContext { store, globals: &globals, funcs: &funcs })? as u64,
            None => 0,
        };
        table_inits.push(init);
        let table = TableInstance::new(ty.clone(), init)
            .map_err(|e| resource_error(format!("cannot allocate table {i} of type {ty}: {e}")))?;
        store.tables.push(table);
        tables.push(u32::try_from(store.tables.len() - 1)?);
    }

    for (i, ty) in info.memories.iter().enumerate().skip(info.num_imported_memories as usize) {
        let memory = StoreMemory::new(ty.clone(), store.engine.config().signals_based_traps)
            .map_err(|e| resource_error(format!("cannot allocate memory {i} of type {ty}: {e}")))?;
        store.memories.push(memory);
        memories.push(u32::try_from(store.memories.len() - 1)?);
    }

    let elems = resolve_elems(store, module, &globals, &funcs)?;
    store.instances.push(InstanceData {
        module: module.clone(),
        funcs: funcs.into(),
        tables: tables.into(),
        memories: memories.into(),
        globals: globals.into(),
        tags: tags.into(),
        data_dropped: vec![false; info.datas.len()].into(),
        elems,
        initial_globals: initial_globals.into(),
        table_inits: table_inits.into(),
    });
    Ok(instance)
}

/// The references of every element segment of `module`, for an instance
/// with these globals and functions.
pub(super) fn resolve_elems(
    store: &StoreOpaque,
    module: &Module,
    globals: &[u32],
    funcs: &[u32],
) -> Result<Box<[Box<[u64]>]>> {
    let mut ctx = InitContext { store, globals, funcs };
    module
        .info()
        .elems
        .iter()
        .map(|segment| match &segment.items {
            ElemItems::Funcs(funcs) => Ok(funcs.iter().map(|&f| ctx.func_ref(f) as u64).collect()),
            ElemItems::Exprs(exprs) => exprs.iter().map(|e| e.eval(&mut ctx).map(|v| v as u64)).collect(),
        })
        .collect()
}

/// Which active segments [`initialize_segments`] applies.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(super) enum Targets {
    /// All of them (instantiation).
    All,
    /// Only those writing to the instance's own tables and memories (reset).
    Owned,
}

/// Applies active segments in order (elements, then data) and drops active
/// and declared ones.
pub(super) fn initialize_segments(store: &mut StoreOpaque, instance: u32, targets: Targets) -> Result<()> {
    let data = &store.instances[instance as usize];
    let module = data.module.clone();
    let info = module.info();
    let owned_table = |index: u32| targets == Targets::All || index >= info.num_imported_tables;
    let owned_memory = |index: u32| targets == Targets::All || index >= info.num_imported_memories;
    let eval_offset = |store: &StoreOpaque, expr: &ConstExpr| -> Result<u64> {
        let data = &store.instances[instance as usize];
        let mut ctx = InitContext { store, globals: &data.globals, funcs: &data.funcs };
        Ok(expr.eval(&mut ctx)? as u64)
    };
    for (i, segment) in info.elems.iter().enumerate() {
        match &segment.mode {
            SegmentMode::Active { index, .. } if !owned_table(*index) => store.elem_drop(instance, i as u32),
            SegmentMode::Active { index, offset } => {
                let table = store.instances[instance as usize].tables[*index as usize];
                let is_64 = store.tables[table as usize].ty().is_64();
                let offset = narrow(eval_offset(store, offset)?, is_64);
                let len = segment.items.len() as u64;
                store.table_init(instance, i as u32, table, offset, 0, len).map_err(|trap| {
                    anyhow::Error::new(trap)
                        .context(InstantiationError::SegmentTrap { kind: "element", index: i as u32 })
                })?;
                store.elem_drop(instance, i as u32);
            }
            SegmentMode::Declared => store.elem_drop(instance, i as u32),
            SegmentMode::Passive => {}
        }
    }
    for (i, segment) in info.datas.iter().enumerate() {
        if let SegmentMode::Active { index, offset } = &segment.mode {
            if !owned_memory(*index) {
                store.data_drop(instance, i as u32);
                continue;
            }
            let memory = store.instances[instance as usize].memories[*index as usize];
            let is_64 = store.memories[memory as usize].ty().is_64();
            let offset = narrow(eval_offset(store, offset)?, is_64);
            let len = segment.bytes.len() as u64;
            store.memory_init(instance, i as u32, memory, offset, 0, len).map_err(|trap| {
                anyhow::Error::new(trap).context(InstantiationError::SegmentTrap { kind: "data", index: i as u32 })
            })?;
            store.data_drop(instance, i as u32);
        }
    }
    Ok(())
}

/// An `i32` offset is zero-extended; an `i64` one is used as is.
fn narrow(raw: u64, is_64: bool) -> u64 {
    if is_64 { raw } else { u64::from(raw as u32) }
}
