//! One interface over the engines for the criterion microbenchmarks
//! (`benches/micro.rs`): compile a module, instantiate it in fresh stores,
//! call an export. Every instance can import `host.inc: (i32) -> i32`,
//! which returns its argument plus one.

mod mirrored;
mod wasmi;

use anyhow::Result;

use crate::engine::EngineKind;

/// Instantiates a compiled module in a fresh store, once per call.
pub type Instantiator = Box<dyn FnMut() -> Result<()>>;

/// Calls an `(i32) -> i32` export of one instance, once per call.
pub type Call = Box<dyn FnMut(i32) -> Result<i32>>;

/// An engine as the microbenchmarks drive it.
pub trait MicroEngine {
    /// The engine's name in benchmark ids.
    fn name(&self) -> &str;

    /// Creates a module from `wasm` (binary) and drops it.
    fn compile(&self, wasm: &[u8]) -> Result<()>;

    /// Compiles `wasm` and returns a closure that instantiates it in a fresh
    /// store (with `host.inc` defined, through a linker made once).
    fn instantiator(&self, wasm: &[u8]) -> Result<Instantiator>;

    /// Instantiates `wasm` and returns a closure that calls its export
    /// `name`, of type `(i32) -> i32`.
    fn function(&self, wasm: &[u8], name: &str) -> Result<Call>;
}

/// The engine `kind` in its default configuration.
pub fn engine(kind: EngineKind) -> Result<Box<dyn MicroEngine>> {
    Ok(match kind {
        EngineKind::Kiln => Box::new(mirrored::KilnMicro::new()),
        EngineKind::Wasmi => Box::new(wasmi::WasmiMicro::new("wasmi", ::wasmi::CompilationMode::LazyTranslation)),
        EngineKind::Pulley | EngineKind::Cranelift => Box::new(mirrored::WasmtimeMicro::new(kind)?),
    })
}

/// wasmi translating every function when the module is created, instead of
/// on its first call as by default: what translation throughput compares.
pub fn wasmi_eager() -> Box<dyn MicroEngine> {
    Box::new(wasmi::WasmiMicro::new("wasmi-eager", ::wasmi::CompilationMode::Eager))
}

/// Kiln translating every function when the module is created, instead of
/// on its first call as by default; on one thread (like wasmi) if
/// `one_thread`, else on as many as the default.
pub fn kiln_eager(one_thread: bool) -> Result<Box<dyn MicroEngine>> {
    Ok(Box::new(mirrored::KilnMicro::eager(one_thread)?))
}

/// `host.inc`.
fn inc(x: i32) -> i32 {
    x.wrapping_add(1)
}
