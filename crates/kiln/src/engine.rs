//! [`Engine`] and [`Config`]: the process-wide compilation environment, the
//! set of enabled WebAssembly features and the engine-wide registry that gives
//! every distinct function type a small integer id.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use anyhow::{Result, bail};
use wasmparser::WasmFeatures;

use crate::runtime::signals;
use crate::types::FuncType;

/// A released version of the WebAssembly specification, for
/// [`Config::wasm_spec_version`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SpecVersion {
    /// WebAssembly 1.0 (the MVP plus mutable globals).
    V1,
    /// WebAssembly 2.0.
    V2,
    /// WebAssembly 3.0.
    V3,
}

/// Global configuration for an [`Engine`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) features: WasmFeatures,
    pub(crate) max_wasm_stack: usize,
    pub(crate) deterministic: bool,
    pub(crate) consume_fuel: bool,
    pub(crate) epoch_interruption: bool,
    pub(crate) count_instructions: bool,
    pub(crate) lazy_translation: bool,
    pub(crate) parallel_compilation: bool,
    pub(crate) signals_based_traps: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config::new()
    }
}

impl Config {
    /// The default maximum size of a call's wasm stack, in bytes.
    pub const DEFAULT_MAX_WASM_STACK: usize = 1 << 20;

    /// A configuration with every feature Kiln implements enabled.
    pub fn new() -> Config {
        Config {
            features: Self::implemented_features(),
            max_wasm_stack: Self::DEFAULT_MAX_WASM_STACK,
            deterministic: false,
            consume_fuel: false,
            epoch_interruption: false,
            count_instructions: false,
            lazy_translation: true,
            parallel_compilation: true,
            signals_based_traps: signals::SUPPORTED,
        }
    }

    /// The features [`Config::new`] enables: those this version of Kiln can
    /// execute, less the ones Wasmtime also leaves off by default (wide
    /// arithmetic and custom page sizes, which Kiln implements: see
    /// [`Config::wasm_wide_arithmetic`] and [`Config::wasm_custom_page_sizes`]).
    pub(crate) fn implemented_features() -> WasmFeatures {
        WasmFeatures::WASM2
            .union(WasmFeatures::RELAXED_SIMD)
            .union(WasmFeatures::MULTI_MEMORY)
            .union(WasmFeatures::MEMORY64)
            .union(WasmFeatures::EXTENDED_CONST)
            .union(WasmFeatures::TAIL_CALL)
            .union(WasmFeatures::FUNCTION_REFERENCES)
            .union(WasmFeatures::THREADS)
            .union(WasmFeatures::EXCEPTIONS)
    }

    fn set(&mut self, feature: WasmFeatures, enable: bool) -> &mut Self {
        self.features.set(feature, enable);
        self
    }

    /// Enables exactly the features of one version of the specification.
    ///
    /// Features of that version that Kiln does not implement yet are enabled
    /// for validation; modules using them fail to compile with a clear error.
    pub fn wasm_spec_version(&mut self, version: SpecVersion) -> &mut Self {
        self.features = match version {
            SpecVersion::V1 => WasmFeatures::WASM1,
            SpecVersion::V2 => WasmFeatures::WASM2,
            SpecVersion::V3 => WasmFeatures::WASM3,
        };
        self
    }

    /// Enables or disables a feature by its Wasmtime-style name (as used by
    /// `-W NAME=y|n` on the command line). Returns an error for unknown names.
    pub fn wasm_feature_by_name(&mut self, name: &str, enable: bool) -> anyhow::Result<&mut Self> {
        let feature = match name {
            "mutable-global" => WasmFeatures::MUTABLE_GLOBAL,
            "nontrapping-float-to-int-conversion" | "saturating-float-to-int" => WasmFeatures::SATURATING_FLOAT_TO_INT,
            "sign-extension" => WasmFeatures::SIGN_EXTENSION,
            "reference-types" => WasmFeatures::REFERENCE_TYPES,
            "multi-value" => WasmFeatures::MULTI_VALUE,
            "bulk-memory" => WasmFeatures::BULK_MEMORY,
            "simd" => WasmFeatures::SIMD,
            "relaxed-simd" => WasmFeatures::RELAXED_SIMD,
            "threads" => WasmFeatures::THREADS,
            "tail-call" => WasmFeatures::TAIL_CALL,
            "multi-memory" => WasmFeatures::MULTI_MEMORY,
            "memory64" => WasmFeatures::MEMORY64,
            "extended-const" => WasmFeatures::EXTENDED_CONST,
            "function-references" => WasmFeatures::FUNCTION_REFERENCES,
            "exceptions" => WasmFeatures::EXCEPTIONS,
            "legacy-exceptions" => WasmFeatures::LEGACY_EXCEPTIONS,
            "gc" => WasmFeatures::GC,
            "custom-page-sizes" => WasmFeatures::CUSTOM_PAGE_SIZES,
            "wide-arithmetic" => WasmFeatures::WIDE_ARITHMETIC,
            _ => anyhow::bail!("unknown WebAssembly feature `{name}`"),
        };
        Ok(self.set(feature, enable))
    }

    /// Enables the mutable-global import/export proposal.
    pub fn wasm_mutable_global(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::MUTABLE_GLOBAL, enable)
    }

    /// Enables the non-trapping float-to-int conversions proposal.
    pub fn wasm_saturating_float_to_int(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::SATURATING_FLOAT_TO_INT, enable)
    }

    /// Enables the sign-extension operators proposal.
    pub fn wasm_sign_extension(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::SIGN_EXTENSION, enable)
    }

    /// Enables the reference types proposal.
    pub fn wasm_reference_types(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::REFERENCE_TYPES, enable)
    }

    /// Enables the multi-value proposal.
    pub fn wasm_multi_value(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::MULTI_VALUE, enable)
    }

    /// Enables the bulk memory operations proposal.
    pub fn wasm_bulk_memory(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::BULK_MEMORY, enable)
    }

    /// Enables the fixed-width SIMD proposal.
    pub fn wasm_simd(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::SIMD, enable)
    }

    /// Enables the multi-memory proposal.
    pub fn wasm_multi_memory(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::MULTI_MEMORY, enable)
    }

    /// Enables the memory64 proposal.
    pub fn wasm_memory64(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::MEMORY64, enable)
    }

    /// Enables the extended constant expressions proposal (`i32`/`i64`
    /// `add`, `sub` and `mul` in global initialisers, segment offsets and
    /// element expressions). On by default, as in Wasmtime.
    pub fn wasm_extended_const(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::EXTENDED_CONST, enable)
    }

    /// Enables the threads proposal: shared memories
    /// ([`SharedMemory`](crate::SharedMemory)), atomic memory instructions and
    /// `memory.atomic.wait`/`notify`. On by default, as in Wasmtime. (Like
    /// Wasmtime's, it does not spawn threads: the embedder runs instances in
    /// stores of their own on threads of its own, sharing memories.)
    ///
    /// A `memory.atomic.wait` blocks its thread until a notify or its timeout;
    /// the store's kill switch ([`InterruptHandle`](crate::InterruptHandle))
    /// ends it within about 10 ms with [`Trap::Interrupt`](crate::Trap::Interrupt).
    /// Fuel and epoch deadlines are looked at only at check points, so they
    /// take effect after the wait returns.
    pub fn wasm_threads(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::THREADS, enable)
    }

    /// Enables the exception-handling proposal (tags, `throw`, `throw_ref`,
    /// `try_table` and the `exnref` type). On by default, as in Wasmtime.
    pub fn wasm_exceptions(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::EXCEPTIONS, enable)
    }

    /// Enables the legacy exception-handling instructions (`try`, `catch`,
    /// `catch_all`, `delegate`, `rethrow`) that toolchains emitted before the
    /// proposal settled on `try_table`. Off by default, as in Wasmtime.
    pub fn wasm_legacy_exceptions(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::LEGACY_EXCEPTIONS, enable)
    }

    /// Enables the wide-arithmetic proposal: `i64.add128`, `i64.sub128`,
    /// `i64.mul_wide_s` and `i64.mul_wide_u`, which take and produce 128-bit
    /// integers as pairs of `i64`s (low half first). Off by default, as in
    /// Wasmtime.
    pub fn wasm_wide_arithmetic(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::WIDE_ARITHMETIC, enable)
    }

    /// Enables the custom-page-sizes proposal: a memory type may declare a
    /// page size of 1 byte (`(pagesize 1)`) instead of 64 KiB. Its limits,
    /// `memory.size`, `memory.grow`, [`Memory::size`](crate::Memory::size)
    /// and [`Memory::grow`](crate::Memory::grow) count pages of that size
    /// (see [`MemoryType::page_size`](crate::MemoryType::page_size)); a
    /// [`ResourceLimiter`](crate::ResourceLimiter) sees bytes either way.
    /// Off by default, as in Wasmtime.
    pub fn wasm_custom_page_sizes(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::CUSTOM_PAGE_SIZES, enable)
    }

    /// Enables the tail-call proposal (`return_call`,
    /// `return_call_indirect`). On by default, as in Wasmtime.
    pub fn wasm_tail_call(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::TAIL_CALL, enable)
    }

    /// Enables the typed function references proposal (`call_ref`,
    /// `return_call_ref`, `ref.as_non_null`, `br_on_null`, `br_on_non_null`,
    /// non-nullable and concrete reference types such as `(ref $t)`). On by
    /// default, as in Wasmtime.
    pub fn wasm_function_references(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::FUNCTION_REFERENCES, enable)
    }

    /// Deterministic execution, for replay and consensus: every float
    /// arithmetic instruction that produces a NaN (scalar, or per `f32x4` /
    /// `f64x2` lane) produces the canonical NaN (`0x7fc00000` /
    /// `0x7ff8000000000000`, positive, quiet, empty payload), so results are
    /// bit-identical on every host. Relaxed-SIMD instructions always follow
    /// the WebAssembly deterministic profile, with or without this setting:
    /// `relaxed_swizzle` is `swizzle`, `relaxed_trunc*` are `trunc_sat*`,
    /// `relaxed_madd`/`nmadd` round twice (`±a*b` then `+c`, not fused),
    /// `relaxed_laneselect` is `bitselect`, `relaxed_min`/`max` are
    /// `min`/`max`, `relaxed_q15mulr_s` is `q15mulr_sat_s` and the relaxed dot
    /// products treat both operands as signed. Bit operations (`abs`, `neg`,
    /// `copysign`, `pmin`/`pmax`, loads, stores, `select`, reinterpretations)
    /// pass NaN bits through unchanged, as they are already deterministic.
    /// Costs one extra instruction after each NaN-producing float operation.
    pub fn deterministic(&mut self, enable: bool) -> &mut Self {
        self.deterministic = enable;
        self
    }

    /// Fuel metering: each executed wasm instruction costs fuel (1, or 0 for
    /// `nop`, `drop`, `block`, `loop`, `unreachable`, `return`, `else` and
    /// `end`, as in Wasmtime), and a store whose fuel runs out traps with
    /// [`Trap::OutOfFuel`](crate::Trap::OutOfFuel) at the next check point
    /// (function entry, loop back-edge) or suspends (see
    /// [`Store::suspend_on_out_of_fuel`](crate::Store::suspend_on_out_of_fuel)).
    /// Stores start with no fuel; see [`Store::set_fuel`](crate::Store::set_fuel).
    pub fn consume_fuel(&mut self, enable: bool) -> &mut Self {
        self.consume_fuel = enable;
        self
    }

    /// Epoch-based interruption: running code checks the engine's epoch
    /// ([`Engine::increment_epoch`]) against its store's deadline
    /// ([`Store::set_epoch_deadline`](crate::Store::set_epoch_deadline)) at
    /// the first check point (function entry, loop back-edge) of each run
    /// and then every 10,000 counted instructions, so a deadline is noticed
    /// within microseconds while check points stay one load and one compare.
    pub fn epoch_interruption(&mut self, enable: bool) -> &mut Self {
        self.epoch_interruption = enable;
        self
    }

    /// Instruction counting (Lucet's instruction counts): the store counts
    /// the wasm instructions it executes, costed as fuel is (see
    /// [`Config::consume_fuel`]), readable and settable with
    /// [`Store::instruction_count`](crate::Store::instruction_count) and
    /// [`Store::set_instruction_count`](crate::Store::set_instruction_count).
    /// Off by default: counting adds a read-modify-write of the count to every
    /// branch, call and return, which costs call-heavy code up to a sixth of
    /// its time. Fuel and epoch interruption are measured on the same counter,
    /// so either of them turns counting on as well.
    pub fn count_instructions(&mut self, enable: bool) -> &mut Self {
        self.count_instructions = enable;
        self
    }

    /// Bounds checks by memory protection (Wasmtime's option of the same
    /// name): on by default where Kiln supports it (Linux on x86-64), and
    /// ignored elsewhere.
    ///
    /// A 32-bit linear memory with 64 KiB pages then reserves 8 GiB of
    /// address space (committing only the pages it uses), of which only
    /// its current size is accessible. Accesses to a module's memory 0 run
    /// without comparing each address with the memory's size: one past the
    /// end faults, and a `SIGSEGV` handler that Kiln installs turns the
    /// fault into [`Trap::MemoryOutOfBounds`](crate::Trap::MemoryOutOfBounds).
    /// Faults elsewhere go on to the handler installed before Kiln's.
    ///
    /// Turn it off if the process must not have Kiln's signal handler, or
    /// cannot spare 8 GiB of address space per memory (a `ulimit -v`, or
    /// many thousands of live memories): memories are then plain
    /// allocations and every access is checked.
    pub fn signals_based_traps(&mut self, enable: bool) -> &mut Self {
        self.signals_based_traps = enable && signals::SUPPORTED;
        self
    }

    /// Does running code count its instructions (see
    /// [`Config::count_instructions`])?
    pub(crate) fn counts_instructions(&self) -> bool {
        self.count_instructions || self.consume_fuel || self.epoch_interruption
    }

    /// Translate each function body to the interpreter's bytecode on its
    /// first call (the default) instead of in `Module::new`. Either way
    /// `Module::new` validates the whole module, so an invalid module is
    /// still rejected there; compiling then costs about what validating
    /// costs, and functions never called are never translated. A valid body
    /// that exceeds one of the translator's limits (such as a frame of more
    /// than 65,535 slots) then fails its first call with an error naming the
    /// function, instead of failing `Module::new`; `false` restores eager
    /// translation, for embedders that want every such failure up front or
    /// no translation pause at a first call.
    pub fn lazy_translation(&mut self, enable: bool) -> &mut Self {
        self.lazy_translation = enable;
        self
    }

    /// Compile a module's function bodies on several threads (the default):
    /// `Module::new` validates them (and, with
    /// [`Config::lazy_translation(false)`](Config::lazy_translation),
    /// translates them) on up to [`std::thread::available_parallelism`]
    /// threads, the calling thread included, for as long as the call lasts.
    /// Modules whose code is too small to pay for starting threads are
    /// compiled on the calling thread either way. The result is the same
    /// with or without this setting, errors included: an invalid module is
    /// rejected with the error the single-threaded compilation reports (the
    /// first invalid function in the binary). `false` keeps all compilation
    /// on the calling thread.
    pub fn parallel_compilation(&mut self, enable: bool) -> &mut Self {
        self.parallel_compilation = enable;
        self
    }

    /// Enables the relaxed SIMD proposal.
    pub fn wasm_relaxed_simd(&mut self, enable: bool) -> &mut Self {
        self.set(WasmFeatures::RELAXED_SIMD, enable)
    }

    /// The maximum number of bytes one call's wasm stack (value slots and
    /// frame records) may use. Deeper recursion traps with
    /// [`Trap::StackOverflow`](crate::Trap::StackOverflow).
    pub fn max_wasm_stack(&mut self, size: usize) -> &mut Self {
        self.max_wasm_stack = size;
        self
    }
}

/// A small integer naming a distinct function type within an [`Engine`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct SigId(pub u32);

#[derive(Default)]
struct SigRegistry {
    ids: HashMap<FuncType, SigId>,
    types: Vec<FuncType>,
}

struct EngineInner {
    config: Config,
    sigs: RwLock<SigRegistry>,
    epoch: AtomicU64,
}

/// The compilation and execution environment shared by modules and stores.
///
/// Cheap to clone (reference counted) and safe to share between threads.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::from_config(Config::new())
    }
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine with the given configuration.
    pub fn new(config: &Config) -> anyhow::Result<Engine> {
        if config.max_wasm_stack < 1024 {
            anyhow::bail!("max_wasm_stack must be at least 1024 bytes, got {}", config.max_wasm_stack);
        }
        Ok(Engine::from_config(config.clone()))
    }

    fn from_config(mut config: Config) -> Engine {
        // Without the fault handler, nothing can be guarded.
        if config.signals_based_traps {
            config.signals_based_traps = signals::install();
        }
        Engine {
            inner: Arc::new(EngineInner {
                config,
                sigs: RwLock::new(SigRegistry::default()),
                epoch: AtomicU64::new(0),
            }),
        }
    }

    /// The configuration this engine was created with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Do two handles refer to the same engine?
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// Advances the epoch by one. Stores whose deadline this reaches stop at
    /// their next check point (see [`Config::epoch_interruption`]). Cheap and
    /// safe to call from any thread, for example a timer.
    pub fn increment_epoch(&self) {
        self.inner.epoch.fetch_add(1, Ordering::Relaxed);
    }

    /// The current epoch.
    pub(crate) fn current_epoch(&self) -> u64 {
        self.inner.epoch.load(Ordering::Relaxed)
    }

    /// The epoch counter, for the executor's check points.
    pub(crate) fn epoch_counter(&self) -> &AtomicU64 {
        &self.inner.epoch
    }

    pub(crate) fn features(&self) -> WasmFeatures {
        self.inner.config.features
    }

    /// The id of a function type, registering it on first sight. Ids are
    /// 32-bit: an engine that has seen 2^32 distinct types refuses new ones.
    pub(crate) fn sig_id(&self, ty: &FuncType) -> Result<SigId> {
        if let Some(id) = self.read_sigs().ids.get(ty) {
            return Ok(*id);
        }
        let mut sigs = self.inner.sigs.write().unwrap_or_else(|poison| poison.into_inner());
        if let Some(id) = sigs.ids.get(ty) {
            return Ok(*id);
        }
        let Ok(id) = u32::try_from(sigs.types.len()) else {
            bail!("the engine's distinct function types exceed the limit of 2^32");
        };
        sigs.types.push(ty.clone());
        sigs.ids.insert(ty.clone(), SigId(id));
        Ok(SigId(id))
    }

    /// The function type registered under `id`.
    pub(crate) fn sig_type(&self, id: SigId) -> FuncType {
        self.read_sigs().types[id.0 as usize].clone()
    }

    fn read_sigs(&self) -> std::sync::RwLockReadGuard<'_, SigRegistry> {
        // The registry is only ever appended to, so a panic in another thread
        // cannot leave it inconsistent: ignore poisoning.
        self.inner.sigs.read().unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ValType;

    #[test]
    fn equal_types_share_an_id() {
        let engine = Engine::default();
        let a = FuncType::new(&engine, [ValType::I32], []);
        let b = FuncType::new(&engine, [ValType::I32], []);
        let c = FuncType::new(&engine, [ValType::I64], []);
        assert_eq!(engine.sig_id(&a).unwrap(), engine.sig_id(&b).unwrap());
        assert_ne!(engine.sig_id(&a).unwrap(), engine.sig_id(&c).unwrap());
        assert_eq!(engine.sig_type(engine.sig_id(&c).unwrap()), c);
    }

    #[test]
    fn feature_names() {
        let mut config = Config::new();
        config.wasm_feature_by_name("multi-memory", true).unwrap();
        assert!(config.features.multi_memory());
        assert!(config.wasm_feature_by_name("no-such-thing", true).is_err());
    }

    #[test]
    fn wide_arithmetic_and_custom_page_sizes_are_off_by_default() {
        let mut config = Config::new();
        assert!(!config.features.wide_arithmetic());
        assert!(!config.features.custom_page_sizes());
        config.wasm_wide_arithmetic(true).wasm_custom_page_sizes(true);
        assert!(config.features.wide_arithmetic());
        assert!(config.features.custom_page_sizes());
    }
}
