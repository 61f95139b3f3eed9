//! wasmi with `wasmi_wasi` (wasi-common).

use anyhow::{Result, anyhow};
use wasmi::{Caller, CompilationMode, Engine, Linker, Module, Store, TypedFunc};
use wasmi_wasi::wasi_common::pipe::WritePipe;
use wasmi_wasi::{WasiCtx, WasiCtxBuilder, ambient_authority};

use super::{Captured, Steps, exit_code};
use crate::engine::wasmi_config;
use crate::suite::Benchmark;
use crate::timer::Host;

/// wasmi's default configuration (functions are validated when the module
/// is created and translated on their first call), deeper recursion allowed.
pub struct WasmiSteps {
    engine: Engine,
}

impl WasmiSteps {
    /// The runner with its engine.
    pub fn new() -> WasmiSteps {
        WasmiSteps { engine: Engine::new(&wasmi_config(CompilationMode::LazyTranslation)) }
    }
}

/// A captured output stream.
type Pipe = WritePipe<std::io::Cursor<Vec<u8>>>;

/// The bytes written to `pipe`, once the store holding its other end is gone.
fn contents(pipe: Pipe) -> Result<Vec<u8>> {
    Ok(pipe.try_into_inner().map_err(|_| anyhow!("an output pipe is still in use"))?.into_inner())
}

/// A wasmi instance ready to run.
pub struct WasmiInstance {
    store: Store<Host<WasiCtx>>,
    start: TypedFunc<(), ()>,
    stdout: Pipe,
    stderr: Pipe,
}

impl Steps for WasmiSteps {
    type Module = Module;
    type Instance = WasmiInstance;

    fn compile(&self, wasm: &[u8]) -> Result<Module> {
        Ok(Module::new(&self.engine, wasm)?)
    }

    fn instantiate(&self, module: &Module, benchmark: &Benchmark) -> Result<WasmiInstance> {
        let (stdout, stderr) = (Pipe::new_in_memory(), Pipe::new_in_memory());
        let dir = wasmi_wasi::Dir::open_ambient_dir(&benchmark.dir, ambient_authority())?;
        let wasi = WasiCtxBuilder::new()
            .arg(&benchmark.file_name)?
            .stdout(Box::new(stdout.clone()))
            .stderr(Box::new(stderr.clone()))
            .preopened_dir(dir, ".")?
            .build();
        let mut store = Store::new(&self.engine, Host::new(wasi));
        let mut linker = Linker::new(&self.engine);
        wasmi_wasi::add_to_linker(&mut linker, |host: &mut Host<WasiCtx>| &mut host.wasi)?;
        linker.func_wrap("bench", "start", |mut caller: Caller<'_, Host<WasiCtx>>| caller.data_mut().timer.start())?;
        linker.func_wrap("bench", "end", |mut caller: Caller<'_, Host<WasiCtx>>| caller.data_mut().timer.end())?;
        let instance = linker.instantiate_and_start(&mut store, module)?;
        let start = instance.get_typed_func(&store, "_start")?;
        Ok(WasmiInstance { store, start, stdout, stderr })
    }

    fn start(&self, instance: &mut WasmiInstance) -> Result<i32> {
        exit_code(instance.start.call(&mut instance.store, ()), wasmi::Error::i32_exit_status)
    }

    fn finish(&self, instance: WasmiInstance) -> Result<Captured> {
        // Dropping the store (and its WASI context) leaves the pipes unshared.
        let timer = instance.store.into_data().timer;
        Ok(Captured { timer, stdout: contents(instance.stdout)?, stderr: contents(instance.stderr)? })
    }
}
