//! The `differential` target: one `wasm-smith` module, run in Kiln and in
//! wasmi 2.0 side by side.
//!
//! The module uses every proposal Kiln implements (MVP, mutable globals,
//! sign extension, saturating conversions, multi-value, bulk memory,
//! reference types, SIMD, relaxed SIMD, multi-memory, memory64) and
//! exports everything. Both runtimes instantiate it under the same fuel;
//! then every exported function is called with arbitrary arguments, and
//! more calls follow while the input lasts. After instantiation and after
//! each call, the outcome (results, or the trap's kind) and the whole
//! exported state (memories byte for byte, globals, table sizes and
//! entries) must be equal.
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

use arbitrary::{Result as ArbResult, Unstructured};
use wasmparser::{Operator, Parser, Payload};

use crate::Verdict;
use crate::value::{Outcome, Ty, Value, kiln_outcome, kiln_ref, kiln_sig, kiln_ty, wasmi_outcome, wasmi_ref};

/// Fuel given to instantiation and to each call, on both sides.
pub const FUEL: u64 = 50_000;

/// At most this many calls per module.
const MAX_CALLS: usize = 40;

/// Runs the target on one input. Panics on a finding.
pub fn run(data: &[u8]) -> Verdict {
    let mut u = Unstructured::new(data);
    let Ok(module) = smith_config(&mut u).and_then(|config| wasm_smith::Module::new(config, &mut u)) else {
        return Verdict::Skipped("input too short for wasm-smith");
    };
    run_module(&module.to_bytes(), &mut u)
}

/// The generator's configuration: Kiln's proposals, small bounded memories
/// and tables, canonical NaNs, everything exported, no imports.
fn smith_config(u: &mut Unstructured<'_>) -> ArbResult<wasm_smith::Config> {
    Ok(wasm_smith::Config {
        exceptions_enabled: false,
        gc_enabled: false,
        tail_call_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        wide_arithmetic_enabled: false,
        extended_const_enabled: false,
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
        max_imports: 0,
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
}

/// Runs `binary` (a valid module) in both runtimes, with call arguments
/// drawn from `u`. Panics on a finding.
pub fn run_module(binary: &[u8], u: &mut Unstructured<'_>) -> Verdict {
    let mut config = kiln::Config::new();
    config.consume_fuel(true);
    let kiln_engine = kiln::Engine::new(&config).expect("valid Kiln configuration");
    let kiln_module = match kiln::Module::from_binary(&kiln_engine, binary) {
        Ok(module) => module,
        Err(e) => panic!("Kiln rejects a valid wasm-smith module: {e:#}"),
    };
    let mut config = wasmi::Config::default();
    config.consume_fuel(true).wasm_multi_memory(true).wasm_memory64(true).wasm_simd(true).wasm_relaxed_simd(true);
    let wasmi_engine = wasmi::Engine::new(&config);
    let Ok(wasmi_module) = wasmi::Module::new(&wasmi_engine, binary) else {
        return Verdict::Skipped("wasmi rejects the module");
    };
    let compare = !has_relaxed_madd(binary);

    let mut kiln = kiln::Store::new(&kiln_engine, ());
    let mut wasmi = wasmi::Store::new(&wasmi_engine, ());
    kiln.set_fuel(FUEL).expect("fuel is enabled");
    wasmi.set_fuel(FUEL).expect("fuel is enabled");
    let kiln_instance = kiln::Instance::new(&mut kiln, &kiln_module, &[]);
    let wasmi_instance = wasmi::Linker::<()>::new(&wasmi_engine).instantiate_and_start(&mut wasmi, &wasmi_module);
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
    let mut pair = Pair { kiln, kiln_instance, wasmi, wasmi_instance, exports };
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

    /// Compares every exported memory, global and table.
    fn compare_state(&mut self, when: &str) {
        for (name, ty) in &self.exports {
            match ty {
                kiln::ExternType::Func(_) => {}
                kiln::ExternType::Memory(_) => {
                    let k = self.kiln_instance.get_memory(&mut self.kiln, name).expect("exported memory");
                    let w = self.wasmi_instance.get_memory(&self.wasmi, name).expect("exported memory in wasmi");
                    let (k, w) = (k.data(&self.kiln), w.data(&self.wasmi));
                    assert_eq!(k.len(), w.len(), "memory `{name}` sizes differ {when}");
                    if let Some(at) = k.iter().zip(w).position(|(a, b)| a != b) {
                        panic!("memory `{name}` differs at byte {at} {when}: Kiln {} / wasmi {}", k[at], w[at]);
                    }
                }
                kiln::ExternType::Global(_) => {
                    let k = self.kiln_instance.get_global(&mut self.kiln, name).expect("exported global");
                    let w = self.wasmi_instance.get_global(&self.wasmi, name).expect("exported global in wasmi");
                    let k = k.get(&mut self.kiln);
                    let k = Value::from_kiln(&self.kiln, &k);
                    let w = Value::from_wasmi(&self.wasmi, &w.get(&self.wasmi));
                    assert_eq!(k, w, "global `{name}` differs {when}");
                }
                kiln::ExternType::Table(_) => {
                    let k = self.kiln_instance.get_table(&mut self.kiln, name).expect("exported table");
                    let w = self.wasmi_instance.get_table(&self.wasmi, name).expect("exported table in wasmi");
                    let size = k.size(&self.kiln);
                    assert_eq!(size, w.size(&self.wasmi), "table `{name}` sizes differ {when}");
                    for i in 0..size {
                        let ke = k.get(&mut self.kiln, i).map(|r| kiln_ref(&self.kiln, &r));
                        let we = w.get(&self.wasmi, i).map(|r| wasmi_ref(&self.wasmi, &r));
                        assert_eq!(ke, we, "table `{name}` entry {i} differs {when}");
                    }
                }
            }
        }
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
