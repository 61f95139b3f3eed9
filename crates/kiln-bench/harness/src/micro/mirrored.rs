//! Kiln and Wasmtime (Cranelift or Pulley) for the microbenchmarks. Kiln's
//! embedding API mirrors Wasmtime's names and signatures, so one definition,
//! instantiated per crate, serves both.

use anyhow::Result;

use super::{Call, Instantiator, MicroEngine, inc};
use crate::engine::EngineKind;

/// `result` with an [`anyhow::Error`] (Kiln's errors are; Wasmtime's are
/// its own type).
fn to_anyhow<T, E: Into<anyhow::Error>>(result: Result<T, E>) -> Result<T> {
    result.map_err(Into::into)
}

macro_rules! mirrored_engine {
    ($(#[$doc:meta])* $name:ident, $krate:ident) => {
        $(#[$doc])*
        pub struct $name {
            name: &'static str,
            engine: $krate::Engine,
        }

        impl $name {
            fn linker(&self) -> Result<$krate::Linker<()>> {
                let mut linker = $krate::Linker::new(&self.engine);
                linker.func_wrap("host", "inc", inc)?;
                Ok(linker)
            }
        }

        impl MicroEngine for $name {
            fn name(&self) -> &str {
                self.name
            }

            fn compile(&self, wasm: &[u8]) -> Result<()> {
                $krate::Module::from_binary(&self.engine, wasm)?;
                Ok(())
            }

            fn instantiator(&self, wasm: &[u8]) -> Result<Instantiator> {
                let module = $krate::Module::from_binary(&self.engine, wasm)?;
                let (engine, linker) = (self.engine.clone(), self.linker()?);
                Ok(Box::new(move || {
                    linker.instantiate(&mut $krate::Store::new(&engine, ()), &module)?;
                    Ok(())
                }))
            }

            fn function(&self, wasm: &[u8], name: &str) -> Result<Call> {
                let module = $krate::Module::from_binary(&self.engine, wasm)?;
                let mut store = $krate::Store::new(&self.engine, ());
                let instance = self.linker()?.instantiate(&mut store, &module)?;
                let func = instance.get_typed_func::<i32, i32>(&mut store, name)?;
                Ok(Box::new(move |x| to_anyhow(func.call(&mut store, x))))
            }
        }
    };
}

mirrored_engine!(
    /// Kiln in its default configuration.
    KilnMicro,
    kiln
);

mirrored_engine!(
    /// One Wasmtime tier, in its default configuration otherwise.
    WasmtimeMicro,
    wasmtime
);

impl KilnMicro {
    /// Kiln's default engine.
    pub fn new() -> KilnMicro {
        KilnMicro { name: EngineKind::Kiln.name(), engine: kiln::Engine::default() }
    }

    /// Kiln translating every function when the module is created
    /// (`Config::lazy_translation(false)`), on one thread if `one_thread`
    /// (`Config::parallel_compilation(false)`).
    pub fn eager(one_thread: bool) -> Result<KilnMicro> {
        let mut config = kiln::Config::new();
        config.lazy_translation(false).parallel_compilation(!one_thread);
        let name = if one_thread { "kiln-eager-1t" } else { "kiln-eager" };
        Ok(KilnMicro { name, engine: kiln::Engine::new(&config)? })
    }
}

impl WasmtimeMicro {
    /// The engine for [`EngineKind::Cranelift`] or [`EngineKind::Pulley`].
    pub fn new(kind: EngineKind) -> Result<WasmtimeMicro> {
        Ok(WasmtimeMicro { name: kind.name(), engine: kind.wasmtime_engine()? })
    }
}
