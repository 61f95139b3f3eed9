//! Kiln with `kiln-wasi`.

use anyhow::Result;
use kiln::{Caller, Engine, Linker, Module, Store, TypedFunc};
use kiln_wasi::{DirPerms, FilePerms, I32Exit, MemoryOutputPipe, WasiCtx};

use super::{Captured, Steps, exit_code};
use crate::suite::Benchmark;
use crate::timer::Host;

/// Kiln's default configuration.
#[derive(Default)]
pub struct KilnSteps {
    engine: Engine,
}

/// A Kiln instance ready to run.
pub struct KilnInstance {
    store: Store<Host<WasiCtx>>,
    start: TypedFunc<(), ()>,
    stdout: MemoryOutputPipe,
    stderr: MemoryOutputPipe,
}

impl Steps for KilnSteps {
    type Module = Module;
    type Instance = KilnInstance;

    fn compile(&self, wasm: &[u8]) -> Result<Module> {
        Module::from_binary(&self.engine, wasm)
    }

    fn instantiate(&self, module: &Module, benchmark: &Benchmark) -> Result<KilnInstance> {
        let (stdout, stderr) = (MemoryOutputPipe::new(), MemoryOutputPipe::new());
        let wasi = WasiCtx::builder()
            .arg(&benchmark.file_name)
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .preopened_dir(&benchmark.dir, ".", DirPerms::all(), FilePerms::all())?
            .build();
        let mut store = Store::new(&self.engine, Host::new(wasi));
        let mut linker = Linker::new(&self.engine);
        kiln_wasi::add_to_linker(&mut linker, |host: &mut Host<WasiCtx>| &mut host.wasi)?;
        linker.func_wrap("bench", "start", |mut caller: Caller<'_, Host<WasiCtx>>| caller.data_mut().timer.start())?;
        linker.func_wrap("bench", "end", |mut caller: Caller<'_, Host<WasiCtx>>| caller.data_mut().timer.end())?;
        let instance = linker.instantiate(&mut store, module)?;
        let start = instance.get_typed_func(&mut store, "_start")?;
        Ok(KilnInstance { store, start, stdout, stderr })
    }

    fn start(&self, instance: &mut KilnInstance) -> Result<i32> {
        exit_code(instance.start.call(&mut instance.store, ()), |e| e.downcast_ref::<I32Exit>().map(|exit| exit.0))
    }

    fn finish(&self, instance: KilnInstance) -> Result<Captured> {
        let timer = instance.store.into_data().timer;
        Ok(Captured { timer, stdout: instance.stdout.contents(), stderr: instance.stderr.contents() })
    }
}
