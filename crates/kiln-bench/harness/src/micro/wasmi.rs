//! wasmi for the microbenchmarks.

use anyhow::Result;
use wasmi::{CompilationMode, Engine, Linker, Module, Store};

use super::{Call, Instantiator, MicroEngine, inc};
use crate::engine::wasmi_config;

/// wasmi with a compilation mode (its default is lazy translation), deeper
/// recursion allowed.
pub struct WasmiMicro {
    name: &'static str,
    engine: Engine,
}

impl WasmiMicro {
    /// wasmi named `name` in benchmark ids, compiling in `mode`.
    pub fn new(name: &'static str, mode: CompilationMode) -> WasmiMicro {
        WasmiMicro { name, engine: Engine::new(&wasmi_config(mode)) }
    }

    fn linker(&self) -> Result<Linker<()>> {
        let mut linker = Linker::new(&self.engine);
        linker.func_wrap("host", "inc", inc)?;
        Ok(linker)
    }
}

impl MicroEngine for WasmiMicro {
    fn name(&self) -> &str {
        self.name
    }

    fn compile(&self, wasm: &[u8]) -> Result<()> {
        Module::new(&self.engine, wasm)?;
        Ok(())
    }

    fn instantiator(&self, wasm: &[u8]) -> Result<Instantiator> {
        let module = Module::new(&self.engine, wasm)?;
        let (engine, linker) = (self.engine.clone(), self.linker()?);
        Ok(Box::new(move || {
            linker.instantiate_and_start(&mut Store::new(&engine, ()), &module)?;
            Ok(())
        }))
    }

    fn function(&self, wasm: &[u8], name: &str) -> Result<Call> {
        let module = Module::new(&self.engine, wasm)?;
        let mut store = Store::new(&self.engine, ());
        let instance = self.linker()?.instantiate_and_start(&mut store, &module)?;
        let func = instance.get_typed_func::<i32, i32>(&store, name)?;
        Ok(Box::new(move |x| Ok(func.call(&mut store, x)?)))
    }
}
