//! Wasmtime with `wasmtime-wasi` (preview 1), compiling with Cranelift or
//! to Pulley bytecode.

use anyhow::Result;
use wasmtime::{Caller, Engine, Linker, Module, Store, TypedFunc};
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtxBuilder};

use super::{Captured, OUTPUT_CAPACITY, Steps, exit_code};
use crate::engine::EngineKind;
use crate::suite::Benchmark;
use crate::timer::Host;

/// One Wasmtime tier, in its default configuration otherwise.
pub struct WasmtimeSteps {
    engine: Engine,
}

impl WasmtimeSteps {
    /// The runner for [`EngineKind::Cranelift`] or [`EngineKind::Pulley`].
    pub fn new(kind: EngineKind) -> Result<WasmtimeSteps> {
        Ok(WasmtimeSteps { engine: kind.wasmtime_engine()? })
    }
}

/// A Wasmtime instance ready to run.
pub struct WasmtimeInstance {
    store: Store<Host<WasiP1Ctx>>,
    start: TypedFunc<(), ()>,
    stdout: MemoryOutputPipe,
    stderr: MemoryOutputPipe,
}

impl Steps for WasmtimeSteps {
    type Module = Module;
    type Instance = WasmtimeInstance;

    fn compile(&self, wasm: &[u8]) -> Result<Module> {
        Ok(Module::from_binary(&self.engine, wasm)?)
    }

    fn instantiate(&self, module: &Module, benchmark: &Benchmark) -> Result<WasmtimeInstance> {
        let (stdout, stderr) = (MemoryOutputPipe::new(OUTPUT_CAPACITY), MemoryOutputPipe::new(OUTPUT_CAPACITY));
        let wasi = WasiCtxBuilder::new()
            .arg(&benchmark.file_name)
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .preopened_dir(&benchmark.dir, ".", FsPerms::ReadWrite)?
            .build_p1();
        let mut store = Store::new(&self.engine, Host::new(wasi));
        let mut linker = Linker::new(&self.engine);
        wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |host: &mut Host<WasiP1Ctx>| &mut host.wasi)?;
        linker
            .func_wrap("bench", "start", |mut caller: Caller<'_, Host<WasiP1Ctx>>| caller.data_mut().timer.start())?;
        linker.func_wrap("bench", "end", |mut caller: Caller<'_, Host<WasiP1Ctx>>| caller.data_mut().timer.end())?;
        let instance = linker.instantiate(&mut store, module)?;
        let start = instance.get_typed_func(&mut store, "_start")?;
        Ok(WasmtimeInstance { store, start, stdout, stderr })
    }

    fn start(&self, instance: &mut WasmtimeInstance) -> Result<i32> {
        exit_code(instance.start.call(&mut instance.store, ()), |e| e.downcast_ref::<I32Exit>().map(|exit| exit.0))
    }

    fn finish(&self, instance: WasmtimeInstance) -> Result<Captured> {
        let timer = instance.store.into_data().timer;
        let (stdout, stderr) = (instance.stdout.contents().to_vec(), instance.stderr.contents().to_vec());
        Ok(Captured { timer, stdout, stderr })
    }
}
