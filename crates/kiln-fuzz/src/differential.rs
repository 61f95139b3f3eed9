//! The `differential` target: one `wasm-smith` module, run in Kiln and in
//! wasmi 2.0 side by side.
//!
//! The module uses every proposal Kiln implements (MVP, mutable globals,
//! sign extension, saturating conversions, multi-value, bulk memory,
//! reference types, SIMD, relaxed SIMD, multi-memory, memory64), may
//! import any of the host items in [`HOST_IMPORTS`] (functions, a memory, a
//! table, globals; each runtime gets its own equal copies) and exports
//! everything. Both runtimes instantiate it under the same fuel;
//! then every exported function is called with arbitrary arguments, and
//! more calls follow while the input lasts. After instantiation and after
//! each call, the outcome (results, or the trap's kind) and the whole
//! exported and imported state (memories byte for byte, globals, table
//! sizes and entries) must be equal.
//!
//! Normalisations, each where the spec allows the runtimes to differ:
//!
//! - NaN payloads: the generator canonicalises the NaN results of float
//!   arithmetic (`wasm-smith`'s `canonicalize_nans`), and a float result
//!   compares equal to another NaN of the same width whatever the bits.
//! - Resource exhaustion: fuel is counted differently (Kiln charges as
//!   Wasmtime, wasmi per its own cost model), and so is stack depth. When
//!   either side runs out of fuel or stack (or its host refuses memory),
//!   the run stops comparing: the two are no longer in comparable states.
//! - Relaxed SIMD: Kiln always takes the deterministic profile and wasmi
//!   does too, except that wasmi fuses `relaxed_madd`/`relaxed_nmadd`
//!   (one rounding) where Kiln rounds twice. Modules containing those four
//!   instructions are run on both sides (no panic, every failure a trap)
//!   but their results and state are not compared.
//! - Function references: compared by null-ness and function type, since
//!   identities are per runtime.
//! - Memory growth: memories and tables declare small maximums, so
//!   `memory.grow`/`table.grow` success never depends on a runtime's
//!   own limits.

use std::sync::OnceLock;

use arbitrary::{Result as ArbResult, Unstructured};
use wasmparser::{Operator, Parser, Payload};

use crate::Verdict;
use crate::value::{Outcome, Ty, Value, kiln_outcome, kiln_ref, kiln_sig, kiln_ty, wasmi_outcome, wasmi_ref};

/// The items a generated module may import (`wasm-smith` picks a subset).
/// Host functions return their first `i32` argument plus one in each `i32`
/// result, zero in any other.
pub const HOST_IMPORTS: &str = r#"(module
  (import "host" "f_i32" (func (param i32) (result i32)))
  (import "host" "f_v" (func))
  (import "host" "f_multi" (func (param i64 f32) (result f64 i32)))
  (import "host" "mem" (memory 1 4))
  (import "host" "table" (table 2 10 funcref))
  (import "host" "g_i32" (global (mut i32)))
  (import "host" "g_f64" (global f64))
  (import "host" "g_v128" (global (mut v128)))
  (import "host" "g_ext" (global (mut externref))))"#;

/// [`HOST_IMPORTS`] in the binary format, as `wasm-smith` wants it.
fn host_imports_binary() -> Vec<u8> {
    static BINARY: OnceLock<Vec<u8>> = OnceLock::new();
    BINARY.get_or_init(|| wat::parse_str(HOST_IMPORTS).expect("the host imports parse")).clone()
}

/// Fuel given to instantiation and to each call, on both sides.
pub const FUEL: u64 = 50_000;

/// At most this many calls per module.
const MAX_CALLS: usize = 40;

/// The module the target generates from `data` (for reproducing a finding
/// outside the fuzzer), if the input is long enough.
pub fn generate(data: &[u8]) -> Option<Vec<u8>> {
    generate_from(&mut Unstructured::new(data))
}

fn generate_from(u: &mut Unstructured<'_>) -> Option<Vec<u8>> {
    let config = smith_config(u).ok()?;
    Some(wasm_smith::Module::new(config, u).ok()?.to_bytes())
}

/// Runs the target on one input. Panics on a finding.
pub fn run(data: &[u8]) -> Verdict {
    let mut u = Unstructured::new(data);
    match generate_from(&mut u) {
        Some(module) => run_module(&module, &mut u),
        None => Verdict::Skipped("input too short for wasm-smith"),
    }
}

/// The generator's configuration: Kiln's proposals, small bounded memories
/// and tables, canonical NaNs, everything exported, imports from
/// [`HOST_IMPORTS`] only.
fn smith_config(u: &mut Unstructured<'_>) -> ArbResult<wasm_smith::Config> {
    Ok(wasm_smith::Config {
        exceptions_enabled: false,
        gc_enabled: false,
        tail_call_enabled: true,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        wide_arithmetic_enabled: false,
        extended_const_enabled: true,
        custom_page_sizes_enabled: false,
        custom_descriptors_enabled: false,
        simd_enabled: true,
        relaxed_simd_enabled: true,
        memory64_enabled: u.arbitrary()?,
        reference_types_enabled: true,
        bulk_memory_enabled: true,
        multi_value_enabled: true,
        saturating_float_to_int_enabled: true,
        sign_extension_ops_enabled: true,
        max_memories: u.int_in_range(1..=3)?,
        max_tables: u.int_in_range(1..=3)?,
        max_imports: 10,
        compact_imports_enabled: false,
        available_imports: Some(host_imports_binary()),
        min_funcs: 3,
        min_types: 1,
        max_funcs: 30,
        max_instructions: 200,
        export_everything: true,
        canonicalize_nans: true,
        memory_max_size_required: true,
        max_memory32_bytes: 16 << 16,
        max_memory64_bytes: 16 << 16,
        table_max_size_required: true,
        max_table_elements: 1_000,
        generate_custom_sections: false,
        ..wasm_smith::Config::default()
    })
}

/// Does the module contain a relaxed fused-multiply-add (whose rounding the
/// spec leaves to the implementation)?
fn has_relaxed_madd(binary: &[u8]) -> bool {
    for payload in Parser::new(0).parse_all(binary) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else { continue };
        let Ok(mut ops) = body.get_operators_reader() else { continue };
        while !ops.eof() {
            match ops.read() {
                Ok(
                    Operator::F32x4RelaxedMadd
                    | Operator::F32x4RelaxedNmadd
                    | Operator::F64x2RelaxedMadd
                    | Operator::F64x2RelaxedNmadd,
                ) => return true,
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    false
}

/// One module in both runtimes.
struct Pair {
    kiln: kiln::Store<()>,
    kiln_instance: kiln::Instance,
    wasmi: wasmi::Store<()>,
    wasmi_instance: wasmi::Instance,
    /// The module's exports, in order.
    exports: Vec<(String, kiln::ExternType)>,
    /// The imported host items: name and each runtime's copy.
    host: Vec<(String, kiln::Extern, wasmi::Extern)>,
}

/// Runs `binary` (a valid module) in both runtimes, with call arguments
/// drawn from `u`. Panics on a finding.
pub fn run_module(binary: &[u8], u: &mut Unstructured<'_>) -> Verdict {
    let mut config = kiln::Config::new();
    // Eager: every body is translated, called or not.
    config.consume_fuel(true).lazy_translation(false);
    let kiln_engine = kiln::Engine::new(&config).expect("valid Kiln configuration");
    let kiln_module = match kiln::Module::from_binary(&kiln_engine, binary) {
        Ok(module) => module,
        Err(e) => panic!("Kiln rejects a valid wasm-smith module: {e:#}"),
    };
    let mut config = wasmi::Config::default();
    config
        .consume_fuel(true)
        .wasm_tail_call(true)
        .wasm_multi_memory(true)
        .wasm_memory64(true)
        .wasm_simd(true)
        .wasm_relaxed_simd(true);
    let wasmi_engine = wasmi::Engine::new(&config);
    let Ok(wasmi_module) = wasmi::Module::new(&wasmi_engine, binary) else {
        return Verdict::Skipped("wasmi rejects the module");
    };
    let compare = !has_relaxed_madd(binary);

    let mut kiln = kiln::Store::new(&kiln_engine, ());
    let mut wasmi = wasmi::Store::new(&wasmi_engine, ());
    kiln.set_fuel(FUEL).expect("fuel is enabled");
    wasmi.set_fuel(FUEL).expect("fuel is enabled");
    let mut host = Vec::new();
    let mut linker = wasmi::Linker::<()>::new(&wasmi_engine);
    for import in kiln_module.imports() {
        let (k, w) = host_item(&mut kiln, &mut wasmi, import.name(), &import.ty());
        linker.define("host", import.name(), w).expect("distinct import names");
        host.push((import.name().to_owned(), k, w));
    }
    let imports: Vec<kiln::Extern> = host.iter().map(|(_, k, _)| k.clone()).collect();
    let kiln_instance = kiln::Instance::new(&mut kiln, &kiln_module, &imports);
    let wasmi_instance = linker.instantiate_and_start(&mut wasmi, &wasmi_module);
    let (kiln_instance, wasmi_instance) = match (kiln_instance, wasmi_instance) {
        (Ok(k), Ok(w)) => (k, w),
        (Err(k), Err(w)) => {
            let k = k.downcast_ref::<kiln::Trap>().copied();
            let w = w.as_trap_code().map(|_| wasmi_outcome(&w));
            return match (k, w) {
                (Some(kiln::Trap::OutOfFuel | kiln::Trap::StackOverflow), _) | (_, Some(Outcome::Exhausted(_))) => {
                    Verdict::Partial("resources ran out in instantiation")
                }
                (Some(k), Some(Outcome::Trapped(w))) if compare => {
                    assert_eq!(k, w, "instantiation traps differ");
                    Verdict::Checked
                }
                _ => Verdict::Checked,
            };
        }
        (Ok(_), Err(w)) => {
            return match wasmi_outcome_or_error(&w) {
                Some(Outcome::Exhausted(_)) => Verdict::Partial("resources ran out in instantiation"),
                _ if !compare => Verdict::Partial("fused multiply-add"),
                _ => panic!("instantiation succeeds in Kiln but fails in wasmi: {w}"),
            };
        }
        (Err(k), Ok(_)) => {
            return match k.downcast_ref::<kiln::Trap>() {
                Some(kiln::Trap::OutOfFuel | kiln::Trap::StackOverflow) => {
                    Verdict::Partial("resources ran out in instantiation")
                }
                _ if !compare => Verdict::Partial("fused multiply-add"),
                _ => panic!("instantiation fails in Kiln but succeeds in wasmi: {k:#}"),
            };
        }
    };
    let exports = kiln_module.exports().map(|e| (e.name().to_owned(), e.ty().clone())).collect();
    let mut pair = Pair { kiln, kiln_instance, wasmi, wasmi_instance, exports, host };
    if compare {
        pair.compare_state("after instantiation");
    }

    let funcs: Vec<(String, kiln::FuncType)> = pair
        .exports
        .iter()
        .filter_map(|(name, ty)| match ty {
            kiln::ExternType::Func(f) => Some((name.clone(), f.clone())),
            _ => None,
        })
        .collect();
    if funcs.is_empty() {
        return if compare { Verdict::Checked } else { Verdict::Partial("fused multiply-add") };
    }
    // Every function once, in order, then further calls while input lasts.
    for i in 0..MAX_CALLS {
        let index = if i < funcs.len() {
            i
        } else if u.is_empty() {
            break;
        } else {
            u.choose_index(funcs.len()).unwrap_or(0)
        };
        let (name, ty) = &funcs[index];
        let args: Vec<Value> = ty.params().map(|t| arbitrary_value(u, kiln_ty(&t))).collect();
        let (k, w) = pair.call(name, ty, &args);
        if let Outcome::Exhausted(_) = k {
            return Verdict::Partial("resources ran out");
        }
        if let Outcome::Exhausted(_) = w {
            return Verdict::Partial("resources ran out");
        }
        if compare {
            assert_eq!(k, w, "call `{name}` with {args:?}: Kiln / wasmi outcomes differ");
            pair.compare_state(&format!("after call `{name}` with {args:?}"));
        }
    }
    if compare { Verdict::Checked } else { Verdict::Partial("fused multiply-add") }
}

/// wasmi's error as an outcome, if it is a trap.
fn wasmi_outcome_or_error(error: &wasmi::Error) -> Option<Outcome> {
    error.as_trap_code().map(|_| wasmi_outcome(error))
}

impl Pair {
    /// Calls the export `name` of type `ty` in both runtimes.
    fn call(&mut self, name: &str, ty: &kiln::FuncType, args: &[Value]) -> (Outcome, Outcome) {
        self.kiln.set_fuel(FUEL).expect("fuel is enabled");
        self.wasmi.set_fuel(FUEL).expect("fuel is enabled");
        let result_types: Vec<Ty> = kiln_sig(ty).1;

        let func = self.kiln_instance.get_func(&mut self.kiln, name).expect("exported function");
        let params: Vec<kiln::Val> = args.iter().map(Value::to_kiln).collect();
        let mut results: Vec<kiln::Val> = result_types.iter().map(|&t| Value::default_for(t).to_kiln()).collect();
        let k = match func.call(&mut self.kiln, &params, &mut results) {
            Ok(()) => Outcome::Returned(results.iter().map(|v| Value::from_kiln(&self.kiln, v)).collect()),
            Err(e) => kiln_outcome(&e),
        };

        let func = self.wasmi_instance.get_func(&self.wasmi, name).expect("exported function in wasmi");
        let params: Vec<wasmi::Val> = args.iter().map(Value::to_wasmi).collect();
        let mut results: Vec<wasmi::Val> = result_types.iter().map(|&t| Value::default_for(t).to_wasmi()).collect();
        let w = match func.call(&mut self.wasmi, &params, &mut results) {
            Ok(()) => Outcome::Returned(results.iter().map(|v| Value::from_wasmi(&self.wasmi, v)).collect()),
            Err(e) => wasmi_outcome(&e),
        };
        (k, w)
    }

    /// Compares every exported or imported memory, global and table.
    fn compare_state(&mut self, when: &str) {
        let mut items = Vec::new();
        for (name, ty) in &self.exports {
            if !matches!(ty, kiln::ExternType::Func(_)) {
                let k = self.kiln_instance.get_export(&mut self.kiln, name).expect("exported item");
                let w = self.wasmi_instance.get_export(&self.wasmi, name).expect("exported item in wasmi");
                items.push((format!("export `{name}`"), k, w));
            }
        }
        for (name, k, w) in &self.host {
            items.push((format!("import `{name}`"), k.clone(), *w));
        }
        for (what, k, w) in items {
            self.compare_item(&what, k, w, when);
        }
    }

    /// Compares one memory, global or table (functions are not compared).
    fn compare_item(&mut self, what: &str, k: kiln::Extern, w: wasmi::Extern, when: &str) {
        match (k, w) {
            (kiln::Extern::Memory(k), wasmi::Extern::Memory(w)) => {
                let (k, w) = (k.data(&self.kiln), w.data(&self.wasmi));
                assert_eq!(k.len(), w.len(), "{what}: memory sizes differ {when}");
                if let Some(at) = k.iter().zip(w).position(|(a, b)| a != b) {
                    panic!("{what}: memory differs at byte {at} {when}: Kiln {} / wasmi {}", k[at], w[at]);
                }
            }
            (kiln::Extern::Global(k), wasmi::Extern::Global(w)) => {
                let k = k.get(&mut self.kiln);
                let k = Value::from_kiln(&self.kiln, &k);
                let w = Value::from_wasmi(&self.wasmi, &w.get(&self.wasmi));
                assert_eq!(k, w, "{what}: global differs {when}");
            }
            (kiln::Extern::Table(k), wasmi::Extern::Table(w)) => {
                let size = k.size(&self.kiln);
                assert_eq!(size, w.size(&self.wasmi), "{what}: table sizes differ {when}");
                for i in 0..size {
                    let ke = k.get(&mut self.kiln, i).map(|r| kiln_ref(&self.kiln, &r));
                    let we = w.get(&self.wasmi, i).map(|r| wasmi_ref(&self.wasmi, &r));
                    assert_eq!(ke, we, "{what}: table entry {i} differs {when}");
                }
            }
            (kiln::Extern::Func(_), wasmi::Extern::Func(_)) => {}
            (k, w) => panic!("{what}: different kinds of item: {k:?} / {w:?}"),
        }
    }
}

/// Creates the host item `name` (of [`HOST_IMPORTS`], with type `ty`) in
/// both runtimes, with equal contents.
fn host_item(
    kiln: &mut kiln::Store<()>,
    wasmi: &mut wasmi::Store<()>,
    name: &str,
    ty: &kiln::ExternType,
) -> (kiln::Extern, wasmi::Extern) {
    use wasmi::Mutability::{Const, Var};
    let global = |kiln: &mut kiln::Store<()>, wasmi: &mut wasmi::Store<()>, value: Value, mutable: bool| {
        let content = match &value {
            Value::I32(_) => kiln::ValType::I32,
            Value::F64(_) => kiln::ValType::F64,
            Value::V128(_) => kiln::ValType::V128,
            _ => kiln::ValType::EXTERNREF,
        };
        let mutability = if mutable { kiln::Mutability::Var } else { kiln::Mutability::Const };
        let k = kiln::Global::new(&mut *kiln, kiln::GlobalType::new(content, mutability), value.to_kiln())
            .expect("a host global");
        let w = wasmi::Global::new(&mut *wasmi, value.to_wasmi(), if mutable { Var } else { Const });
        (kiln::Extern::Global(k), wasmi::Extern::Global(w))
    };
    match (name, ty) {
        (_, kiln::ExternType::Func(ft)) => {
            let (params, results) = kiln_sig(ft);
            let k_results = results.clone();
            let k = kiln::Func::new(&mut *kiln, ft.clone(), move |_, params, out| {
                let first = match params.first() {
                    Some(kiln::Val::I32(v)) => Some(*v),
                    _ => None,
                };
                for (slot, value) in out.iter_mut().zip(host_results(&k_results, first)) {
                    *slot = value.to_kiln();
                }
                Ok(())
            });
            let wasmi_ty = wasmi::FuncType::new(params.iter().map(wasmi_ty), results.iter().map(wasmi_ty));
            let w = wasmi::Func::new(&mut *wasmi, wasmi_ty, move |_, params, out| {
                let first = match params.first() {
                    Some(wasmi::Val::I32(v)) => Some(*v),
                    _ => None,
                };
                for (slot, value) in out.iter_mut().zip(host_results(&results, first)) {
                    *slot = value.to_wasmi();
                }
                Ok(())
            });
            (kiln::Extern::Func(k), wasmi::Extern::Func(w))
        }
        ("mem", _) => {
            let k = kiln::Memory::new(&mut *kiln, kiln::MemoryType::new(1, Some(4))).expect("a host memory");
            let w = wasmi::Memory::new(&mut *wasmi, wasmi::MemoryType::new(1, Some(4))).expect("a host memory");
            (kiln::Extern::Memory(k), wasmi::Extern::Memory(w))
        }
        ("table", _) => {
            let ty = kiln::TableType::new(kiln::RefType::FUNCREF, 2, Some(10));
            let k = kiln::Table::new(&mut *kiln, ty, kiln::Ref::Func(None)).expect("a host table");
            let ty = wasmi::TableType::new(wasmi::RefType::Func, 2, Some(10));
            let w = wasmi::Table::new(&mut *wasmi, ty, wasmi::Ref::Func(wasmi::Nullable::Null)).expect("a host table");
            (kiln::Extern::Table(k), wasmi::Extern::Table(w))
        }
        ("g_i32", _) => global(kiln, wasmi, Value::I32(7), true),
        ("g_f64", _) => global(kiln, wasmi, Value::F64(1.5f64.to_bits()), false),
        ("g_v128", _) => global(kiln, wasmi, Value::V128(0x0123_4567_89ab_cdef_0011_2233_4455_6677), true),
        _ => global(kiln, wasmi, Value::ExternRef(true), true),
    }
}

/// A host function's results: the first `i32` argument plus one for an
/// `i32` result, zero (or null) otherwise.
fn host_results(types: &[Ty], first_i32: Option<i32>) -> Vec<Value> {
    types
        .iter()
        .map(|&ty| match (ty, first_i32) {
            (Ty::I32, Some(v)) => Value::I32(v.wrapping_add(1)),
            _ => Value::default_for(ty),
        })
        .collect()
}

fn wasmi_ty(ty: &Ty) -> wasmi::ValType {
    match ty {
        Ty::I32 => wasmi::ValType::I32,
        Ty::I64 => wasmi::ValType::I64,
        Ty::F32 => wasmi::ValType::F32,
        Ty::F64 => wasmi::ValType::F64,
        Ty::V128 => wasmi::ValType::V128,
        Ty::FuncRef => wasmi::ValType::FuncRef,
        Ty::ExternRef => wasmi::ValType::ExternRef,
    }
}

/// An argument of type `ty`: often a boundary value, otherwise any bits.
fn arbitrary_value(u: &mut Unstructured<'_>, ty: Ty) -> Value {
    let special = u.ratio(1u8, 3u8).unwrap_or(false);
    match ty {
        Ty::I32 if special => Value::I32(*u.choose(&[0, 1, -1, i32::MIN, i32::MAX, 65536, 65535]).unwrap_or(&0)),
        Ty::I32 => Value::I32(u.arbitrary().unwrap_or(0)),
        Ty::I64 if special => Value::I64(*u.choose(&[0, 1, -1, i64::MIN, i64::MAX, 65536, 1 << 32]).unwrap_or(&0)),
        Ty::I64 => Value::I64(u.arbitrary().unwrap_or(0)),
        Ty::F32 if special => Value::F32(
            u.choose(&[0.0f32, -0.0, 1.0, -1.5, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, 2147483648.0])
                .copied()
                .unwrap_or(0.0)
                .to_bits(),
        ),
        Ty::F32 => Value::F32(u.arbitrary().unwrap_or(0)),
        Ty::F64 if special => Value::F64(
            u.choose(&[0.0f64, -0.0, 1.0, -1.5, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 9.3e18])
                .copied()
                .unwrap_or(0.0)
                .to_bits(),
        ),
        Ty::F64 => Value::F64(u.arbitrary().unwrap_or(0)),
        Ty::V128 => Value::V128(u.arbitrary().unwrap_or(0)),
        Ty::FuncRef | Ty::ExternRef => Value::default_for(ty),
    }
}
