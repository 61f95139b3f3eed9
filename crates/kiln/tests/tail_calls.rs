//! The interpreter's instruction handlers pass control to the next handler
//! with a tail call, which optimized builds compile to a jump (see
//! `crates/kiln/src/interp/executor/dispatch.rs`). A handler that made a real
//! call instead would grow the native stack with every instruction it runs
//! and crash the host in a long loop. Test builds also check the stack at
//! run time, but only for the instructions the tests execute often; this
//! test disassembles its own executable and checks every handler.
//!
//! The release profile (opt-level 3, LTO) is a different compilation; check
//! a release binary by naming it in `KILN_CHECK_BINARY`:
//!
//! ```sh
//! cargo build --release -p kiln-cli
//! KILN_CHECK_BINARY=$PWD/target/release/kiln cargo test -p kiln --test tail_calls
//! ```

#![cfg(all(target_arch = "x86_64", target_os = "linux"))]

use std::process::Command;

/// The handlers: every function of the `dispatch` module except the
/// `Executor::run` method that starts them.
fn is_handler(symbol: &str) -> bool {
    symbol.strip_prefix("kiln::interp::executor::dispatch::").is_some_and(|rest| !rest.contains("<impl"))
}

/// What one handler's listing says about its indirect calls.
#[derive(Default)]
struct Handler {
    /// Registers last loaded from a fixed address (`mov 0x10(%rip),%r14`),
    /// or copied from such a register: the global offset table, which holds
    /// library functions (`floor`, `memmove`), never handlers.
    library_pointers: Vec<String>,
}

impl Handler {
    /// Whether `instruction` calls through a code pointer that is not a
    /// library function's: the form a call to the next handler takes, since
    /// handlers are reached only through pointers stored in the instructions.
    fn calls_handler(&mut self, instruction: &str) -> bool {
        let mut words = instruction.split_whitespace();
        let (mnemonic, operands) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        if mnemonic == "call" {
            return operands.strip_prefix('*').is_some_and(|target| {
                !target.contains("(%rip)") && !self.library_pointers.iter().any(|r| r == target)
            });
        }
        if let Some((source, destination)) = operands.rsplit_once(',') {
            let copies_library_pointer =
                mnemonic == "mov" && (source.ends_with("(%rip)") || self.library_pointers.iter().any(|r| r == source));
            self.library_pointers.retain(|r| r != destination);
            if copies_library_pointer {
                self.library_pointers.push(destination.to_owned());
            }
        }
        false
    }
}

#[test]
fn handlers_pass_control_on_with_jumps() {
    // Make sure the interpreter is linked in.
    let engine = kiln::Engine::default();
    let module = kiln::Module::new(&engine, r#"(module (func (export "f") (result i32) (i32.const 7)))"#).unwrap();
    let mut store = kiln::Store::new(&engine, ());
    let instance = kiln::Instance::new(&mut store, &module, &[]).unwrap();
    let f = instance.get_typed_func::<(), i32>(&mut store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 7);

    let exe = match std::env::var_os("KILN_CHECK_BINARY") {
        Some(path) => std::path::PathBuf::from(path),
        None => std::env::current_exe().unwrap(),
    };
    let output = Command::new("objdump")
        .args(["-d", "--no-show-raw-insn", "-C"])
        .arg(&exe)
        .output()
        .expect("objdump (binutils) is needed to check the interpreter's tail calls");
    assert!(output.status.success(), "objdump failed: {}", String::from_utf8_lossy(&output.stderr));
    let listing = String::from_utf8_lossy(&output.stdout);

    let (mut handlers, mut offenders) = (0, Vec::new());
    let mut current: Option<(&str, Handler)> = None;
    for line in listing.lines() {
        if let Some(name) = line.strip_suffix(">:").and_then(|l| l.split_once(" <")).map(|(_, name)| name) {
            current = is_handler(name).then(|| (name, Handler::default()));
            handlers += usize::from(current.is_some());
        } else if let Some((name, handler)) = &mut current
            && let Some((_, instruction)) = line.split_once(":\t")
            && handler.calls_handler(instruction)
        {
            offenders.push(format!("{name}: {}", instruction.trim()));
        }
    }
    assert!(handlers > 400, "found only {handlers} handlers in {}", exe.display());
    assert!(
        offenders.is_empty(),
        "handlers that call the next handler instead of jumping to it:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn calls_to_handlers_are_told_from_library_calls() {
    let mut handler = Handler::default();
    assert!(handler.calls_handler("call   *0x10(%rsi)"));
    assert!(!handler.calls_handler("mov    0x28(%rsi),%rax"));
    assert!(handler.calls_handler("call   *%rax"));
    assert!(!handler.calls_handler("call   *0x222d78(%rip)        # 369c50 <_DYNAMIC+0x330>"));
    assert!(!handler.calls_handler("mov    0x2229bb(%rip),%r14"));
    assert!(!handler.calls_handler("call   *%r14"));
    assert!(!handler.calls_handler("mov    0x8(%rdi),%r14"));
    assert!(handler.calls_handler("call   *%r14"));
    assert!(!handler.calls_handler("call   1234 <memmove>"));
    // A copy of a library pointer (seen in builds without incremental
    // compilation, `CARGO_INCREMENTAL=0`).
    assert!(!handler.calls_handler("mov    0x21fbe1(%rip),%r13"));
    assert!(!handler.calls_handler("mov    %r13,%rax"));
    assert!(!handler.calls_handler("call   *%rax"));
    assert!(!handler.calls_handler("mov    0x8(%rdi),%rax"));
    assert!(handler.calls_handler("call   *%rax"));
}
