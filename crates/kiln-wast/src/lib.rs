//! Runs WebAssembly spec scripts (`.wast`) against Kiln.
//!
//! [`run_script`] executes every directive of a script in one store and
//! returns a [`Report`] with a line per failure. A directive Kiln cannot run
//! (for example `assert_exception` before exception handling exists) is a
//! failure, never a skip. Folded legacy `try` forms, which the `wast`
//! parser no longer reads, are unfolded first (see `legacy`).

mod legacy;
mod spectest;
mod values;

use std::collections::HashMap;
use std::fmt;

use anyhow::{Context as _, Result, anyhow, bail};
use kiln::{Config, Engine, Extern, Instance, InstantiationError, Linker, Module, Store, ThrownException, Trap, Val};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke};

pub use spectest::define_spectest;

/// One directive that did not pass.
#[derive(Clone, Debug)]
pub struct Failure {
    /// 1-based line of the directive.
    pub line: usize,
    /// 1-based column of the directive.
    pub column: usize,
    /// The directive's keyword, e.g. `assert_return`.
    pub directive: &'static str,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {} failed: {}", self.line, self.column, self.directive, self.message)
    }
}

/// The outcome of one script.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Directives that passed.
    pub passed: usize,
    /// Directives that failed or could not be run.
    pub failures: Vec<Failure>,
}

impl Report {
    /// Did every directive pass?
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }

    /// The closing line: `N passed, M failed`.
    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failures.len())
    }
}

/// Runs the script `source` with an engine configured by `config`.
pub fn run_script(source: &str, config: &Config) -> Report {
    let mut report = Report::default();
    let mut runner = match Engine::new(config).and_then(Runner::new) {
        Ok(runner) => runner,
        Err(e) => {
            report.failures.push(Failure { line: 1, column: 1, directive: "setup", message: format!("{e:#}") });
            return report;
        }
    };
    let unfolded = legacy::unfold_legacy_try(source);
    let source = unfolded.as_str();
    let mut lexer = Lexer::new(source);
    lexer.allow_confusing_unicode(true);
    let parsed = ParseBuffer::new_with_lexer(lexer).and_then(|buf| {
        let wast = parser::parse::<Wast<'_>>(&buf)?;
        run_directives(&mut runner, wast.directives, source, &mut report);
        Ok(())
    });
    if let Err(e) = parsed {
        report.failures.push(Failure {
            line: 1,
            column: 1,
            directive: "parse",
            message: format!("the script does not parse: {e}"),
        });
    }
    report
}

/// Runs `directives` in order, adding their outcomes to `report`. A
/// `thread` runs its directives on a thread of its own, with a store of its
/// own in the same engine (seeing only the shared memories of the module it
/// names as shared); `wait` joins it and adds its outcomes.
fn run_directives(runner: &mut Runner, directives: Vec<WastDirective<'_>>, source: &str, report: &mut Report) {
    std::thread::scope(|scope| {
        let mut threads = HashMap::new();
        for directive in directives {
            let (line, col) = directive.span().linecol_in(source);
            let (line, column, directive_name) = (line + 1, col + 1, directive_name(&directive));
            let result = match directive {
                WastDirective::Thread(thread) => runner.shared_exports(thread.shared_module).map(|shared| {
                    let (engine, name) = (runner.engine.clone(), thread.name.name());
                    let handle = scope.spawn(move || {
                        let mut thread_report = Report::default();
                        match Runner::new(engine) {
                            Ok(mut runner) => {
                                runner.shared_modules.extend(shared);
                                run_directives(&mut runner, thread.directives, source, &mut thread_report);
                            }
                            Err(e) => thread_report.failures.push(Failure {
                                line,
                                column,
                                directive: "thread",
                                message: format!("{e:#}"),
                            }),
                        }
                        thread_report
                    });
                    threads.insert(name, (line, column, handle));
                }),
                WastDirective::Wait { thread, .. } => match threads.remove(thread.name()) {
                    Some((_, _, handle)) => join_thread(handle, report),
                    None => Err(anyhow!("no running thread `{}`", thread.name())),
                },
                other => runner.run(other),
            };
            match result {
                Ok(()) => report.passed += 1,
                Err(e) => {
                    report.failures.push(Failure { line, column, directive: directive_name, message: format!("{e:#}") })
                }
            }
        }
        for (name, (line, column, handle)) in threads {
            let message = format!("thread `{name}` was never waited for");
            report.failures.push(Failure { line, column, directive: "thread", message });
            let _ = join_thread(handle, report);
        }
    });
}

/// Waits for a script thread and adds its outcomes to `report`.
fn join_thread(handle: std::thread::ScopedJoinHandle<'_, Report>, report: &mut Report) -> Result<()> {
    let thread_report = handle.join().map_err(|_| anyhow!("the thread panicked"))?;
    report.passed += thread_report.passed;
    report.failures.extend(thread_report.failures);
    Ok(())
}

fn directive_name(d: &WastDirective<'_>) -> &'static str {
    match d {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}

/// Does a trap's kind match a spec script's expected trap message?
pub fn trap_matches(trap: Trap, message: &str) -> bool {
    let expected: &[Trap] = match message {
        m if m.starts_with("integer divide by zero") => &[Trap::IntegerDivisionByZero],
        m if m.starts_with("integer overflow") => &[Trap::IntegerOverflow],
        m if m.starts_with("invalid conversion to integer") => &[Trap::BadConversionToInteger],
        m if m.starts_with("unreachable") => &[Trap::UnreachableCodeReached],
        m if m.contains("out of bounds memory access") || m.starts_with("memory access out of bounds") => {
            &[Trap::MemoryOutOfBounds]
        }
        m if m.starts_with("undefined element") || m.contains("out of bounds table access") => {
            &[Trap::TableOutOfBounds]
        }
        m if m.starts_with("uninitialized element") => &[Trap::IndirectCallToNull],
        m if m.starts_with("indirect call type mismatch") => &[Trap::BadSignature],
        m if m.starts_with("call stack exhausted") => &[Trap::StackOverflow],
        m if m.starts_with("null") => &[Trap::NullReference, Trap::IndirectCallToNull],
        m if m.starts_with("unaligned atomic") => &[Trap::HeapMisaligned],
        m if m.starts_with("expected shared memory") => &[Trap::AtomicWaitNonSharedMemory],
        _ => return trap.description().contains(message),
    };
    expected.contains(&trap)
}

/// A module a script thread shares: its name and its exported shared memories.
type SharedModule = (String, Vec<(String, Extern)>);

struct Runner {
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    current: Option<Instance>,
    instances: HashMap<String, Instance>,
    /// In a script thread: the shared memories exported by the module the
    /// thread shares, by the module's name (for `register`).
    shared_modules: HashMap<String, Vec<(String, Extern)>>,
    definitions: HashMap<String, Module>,
    last_definition: Option<Module>,
}

impl Runner {
    fn new(engine: Engine) -> Result<Runner> {
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        define_spectest(&mut linker, &mut store)?;
        Ok(Runner {
            engine,
            store,
            linker,
            current: None,
            instances: HashMap::new(),
            shared_modules: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: None,
        })
    }

    /// What a thread sharing `module` gets: its name and exported shared
    /// memories (the only items that can cross into another store).
    fn shared_exports(&mut self, module: Option<wast::token::Id<'_>>) -> Result<Option<SharedModule>> {
        let Some(id) = module else { return Ok(None) };
        if let Some(exports) = self.shared_modules.get(id.name()) {
            return Ok(Some((id.name().to_owned(), exports.clone())));
        }
        let instance = self.instance(Some(id))?;
        let exports = instance
            .exports(&mut self.store)
            .filter_map(|e| {
                let name = e.name().to_owned();
                match e.into_extern() {
                    item @ Extern::SharedMemory(_) => Some((name, item)),
                    _ => None,
                }
            })
            .collect();
        Ok(Some((id.name().to_owned(), exports)))
    }

    fn compile(&self, module: &mut QuoteWat<'_>) -> Result<Module> {
        let bytes = module.encode().context("the module text does not parse")?;
        Module::from_binary(&self.engine, &bytes)
    }

    fn instantiate(&mut self, module: &Module) -> Result<Instance> {
        self.linker.instantiate(&mut self.store, module)
    }

    fn instance(&self, name: Option<wast::token::Id<'_>>) -> Result<Instance> {
        match name {
            Some(id) => self.instances.get(id.name()).copied().ok_or_else(|| anyhow!("unknown module `{}`", id.name())),
            None => self.current.ok_or_else(|| anyhow!("no module instantiated yet")),
        }
    }

    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Vec<Val>> {
        let instance = self.instance(invoke.module)?;
        let func = instance
            .get_func(&mut self.store, invoke.name)
            .ok_or_else(|| anyhow!("no exported function `{}`", invoke.name))?;
        let args = invoke.args.iter().map(|a| values::arg_to_val(&mut self.store, a)).collect::<Result<Vec<_>>>()?;
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> =
            ty.results().map(|t| Val::default_for_ty(&t).unwrap_or(Val::FuncRef(None))).collect();
        func.call(&mut self.store, &args, &mut results)?;
        Ok(results)
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<Val>> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Wat(mut wat) => {
                let bytes = wat.encode().context("the module text does not parse")?;
                let module = Module::from_binary(&self.engine, &bytes)?;
                self.instantiate(&module)?;
                Ok(Vec::new())
            }
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module)?;
                let global = instance
                    .get_global(&mut self.store, global)
                    .ok_or_else(|| anyhow!("no exported global `{global}`"))?;
                Ok(vec![global.get(&mut self.store)])
            }
        }
    }

    fn run(&mut self, directive: WastDirective<'_>) -> Result<()> {
        match directive {
            WastDirective::Module(mut module) => {
                let name = module.name().map(|id| id.name().to_owned());
                let compiled = self.compile(&mut module)?;
                let instance = self.instantiate(&compiled)?;
                self.current = Some(instance);
                if let Some(name) = name {
                    self.instances.insert(name, instance);
                }
                Ok(())
            }
            WastDirective::ModuleDefinition(mut module) => {
                let name = module.name().map(|id| id.name().to_owned());
                let compiled = self.compile(&mut module)?;
                if let Some(name) = name {
                    self.definitions.insert(name, compiled.clone());
                }
                self.last_definition = Some(compiled);
                Ok(())
            }
            WastDirective::ModuleInstance { instance, module, .. } => {
                let definition = match module {
                    Some(id) => self.definitions.get(id.name()).cloned(),
                    None => self.last_definition.clone(),
                }
                .ok_or_else(|| anyhow!("unknown module definition"))?;
                let inst = self.instantiate(&definition)?;
                self.current = Some(inst);
                if let Some(id) = instance {
                    self.instances.insert(id.name().to_owned(), inst);
                }
                Ok(())
            }
            WastDirective::Register { name, module: Some(id), .. }
                if !self.instances.contains_key(id.name()) && self.shared_modules.contains_key(id.name()) =>
            {
                for (field, item) in &self.shared_modules[id.name()] {
                    self.linker.define(&self.store, name, field, item.clone())?;
                }
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module)?;
                self.linker.instance(&mut self.store, name, instance)?;
                Ok(())
            }
            WastDirective::Invoke(invoke) => self.invoke(&invoke).map(drop),
            WastDirective::AssertReturn { exec, results, .. } => {
                let actual = self.execute(exec)?;
                if actual.len() != results.len() {
                    bail!("expected {} results, got {}", results.len(), actual.len());
                }
                for (i, (a, e)) in actual.iter().zip(&results).enumerate() {
                    values::match_result(&self.store, a, e).with_context(|| format!("result {i}"))?;
                }
                Ok(())
            }
            WastDirective::AssertTrap { exec, message, .. } => match self.execute(exec) {
                Ok(values) => bail!(
                    "expected trap `{message}`, got {}",
                    values.iter().map(values::describe).collect::<Vec<_>>().join(" ")
                ),
                Err(e) => expect_trap(&e, message),
            },
            WastDirective::AssertException { exec, .. } => match self.execute(exec) {
                Ok(values) => bail!(
                    "expected an uncaught exception, got {}",
                    values.iter().map(values::describe).collect::<Vec<_>>().join(" ")
                ),
                Err(e) if e.is::<ThrownException>() => {
                    // Inspecting it is the embedder's business: take it, so
                    // the store carries no pending exception into the next
                    // directive.
                    self.store.take_pending_exception();
                    Ok(())
                }
                Err(e) => bail!("expected an uncaught exception, got error: {e:#}"),
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call) {
                Ok(_) => bail!("expected stack exhaustion `{message}`, but the call returned"),
                Err(e) => expect_trap(&e, message),
            },
            WastDirective::AssertInvalid { mut module, message, .. } => match self.compile(&mut module) {
                Ok(_) => bail!("expected an invalid module (`{message}`), but it compiled"),
                Err(_) => Ok(()),
            },
            WastDirective::AssertMalformed { mut module, message, .. } => match self.compile(&mut module) {
                Ok(_) => bail!("expected a malformed module (`{message}`), but it compiled"),
                Err(_) => Ok(()),
            },
            WastDirective::AssertUnlinkable { mut module, message, .. } => {
                let bytes = module.encode().context("the module text does not parse")?;
                let compiled = Module::from_binary(&self.engine, &bytes)?;
                match self.instantiate(&compiled) {
                    Ok(_) => bail!("expected a link failure (`{message}`), but instantiation succeeded"),
                    Err(e) => match e.downcast_ref::<InstantiationError>() {
                        Some(InstantiationError::Link(_)) => Ok(()),
                        _ => bail!("expected a link failure (`{message}`), got: {e:#}"),
                    },
                }
            }
            other => bail!("directive `{}` is not supported by Kiln yet", directive_name(&other)),
        }
    }
}

fn expect_trap(error: &anyhow::Error, message: &str) -> Result<()> {
    match error.downcast_ref::<Trap>() {
        Some(trap) if trap_matches(*trap, message) => Ok(()),
        Some(trap) => bail!("expected trap `{message}`, got `{}`", trap.description()),
        None => bail!("expected trap `{message}`, got error: {error:#}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_expectation_is_reported_with_its_line() {
        let script = "(module (func (export \"f\") (result i32) i32.const 1))\n\
                      (assert_return (invoke \"f\") (i32.const 1))\n\
                      (assert_return (invoke \"f\") (i32.const 2))\n";
        let report = run_script(script, &Config::new());
        assert_eq!(report.passed, 2);
        assert_eq!(report.failures.len(), 1);
        assert_eq!(report.failures[0].line, 3);
        assert_eq!(report.failures[0].directive, "assert_return");
        assert_eq!(report.summary(), "2 passed, 1 failed");
    }

    #[test]
    fn thread_failures_are_reported_at_their_lines() {
        // (A script cannot start with `thread`: `wast` would read it as a module.)
        let script = "(module)\n\
                      (thread $T (module (func (export \"f\") (result i32) i32.const 1))\n\
                      (assert_return (invoke \"f\") (i32.const 2)))\n\
                      (wait $T)\n\
                      (wait $T)\n\
                      (thread $Never)\n";
        let report = run_script(script, &Config::new());
        let lines: Vec<_> = report.failures.iter().map(|f| (f.line, f.directive)).collect();
        assert_eq!(lines, [(3, "assert_return"), (5, "wait"), (6, "thread")]);
    }

    #[test]
    fn unsupported_directives_fail() {
        let report = run_script("(module) (assert_suspension (invoke \"f\") \"x\")", &Config::new());
        assert_eq!(report.failures.len(), 1);
        assert!(report.failures[0].to_string().contains("not supported"), "{}", report.failures[0]);
    }

    #[test]
    fn assert_exception_wants_an_uncaught_exception() {
        let script = "(module (tag $e) (func (export \"throw\") (throw $e)) (func (export \"ok\")))\n\
                      (assert_exception (invoke \"throw\"))\n\
                      (assert_exception (invoke \"ok\"))\n";
        let report = run_script(script, &Config::new());
        assert_eq!((report.passed, report.failures.len()), (2, 1));
        assert_eq!(report.failures[0].line, 3);
    }
}
