//! Yield and resume: a host function hands a request out of the running
//! wasm call; the embedder answers it later and the call goes on.
//!
//! `cargo run -p kiln --example yield_resume`

use kiln::{CallStatus, Engine, Linker, Module, Store, Suspend, SuspendReason, Val};

/// What the guest asks the embedder for.
#[derive(Debug)]
struct Fetch {
    key: i32,
}

/// Runs the example.
pub fn main() -> kiln::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "env" "fetch" (func $fetch (param i32) (result i64)))
             (func (export "total") (result i64)
               (i64.add (call $fetch (i32.const 1))
                        (i64.add (call $fetch (i32.const 2)) (call $fetch (i32.const 3))))))"#,
    )?;
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "fetch", |key: i32| -> kiln::Result<i64> { Err(Suspend::new(Fetch { key }).into()) })?;
    let mut store = Store::new(&engine, ());
    let total = linker.instantiate(&mut store, &module)?.get_func(&mut store, "total").unwrap();

    let mut call = total.call_resumable(&mut store, &[])?;
    while call.status() == CallStatus::Suspended(SuspendReason::Yield) {
        let request = call.take_yielded().unwrap().downcast::<Fetch>().unwrap();
        let answer = i64::from(request.key) * 100;
        println!("guest asked for {request:?}; answering {answer}");
        call.resume_with(&mut store, answer)?;
    }
    println!("total = {:?}", call.results().unwrap());
    assert_eq!(call.results(), Some(&[Val::I64(600)][..]));
    Ok(())
}
