//! Call hooks: observe every host/wasm transition and refuse host calls
//! while a flag in the host data is set.
//!
//! `cargo run -p kiln --example call_hooks`

use kiln::{CallHook, Engine, Linker, Module, Store};

struct Host {
    transitions: Vec<CallHook>,
    sandboxed: bool,
}

/// Runs the example.
pub fn main() -> kiln::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "log" (func $log (param i32))) (func (export "run") (call $log (i32.const 7))))"#,
    )?;
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "log", |value: i32| println!("  host log: {value}"))?;
    let mut store = Store::new(&engine, Host { transitions: Vec::new(), sandboxed: false });
    store.call_hook(|mut ctx, hook| {
        ctx.data_mut().transitions.push(hook);
        if hook == CallHook::CallingHost && ctx.data().sandboxed {
            anyhow::bail!("host calls are disabled in the sandbox");
        }
        Ok(())
    });
    let run = linker.instantiate(&mut store, &module)?.get_typed_func::<(), ()>(&mut store, "run")?;
    run.call(&mut store, ())?;
    println!("transitions: {:?}", store.data().transitions);
    store.data_mut().sandboxed = true;
    let err = run.call(&mut store, ()).unwrap_err();
    println!("sandboxed call: {err:#}");
    Ok(())
}
