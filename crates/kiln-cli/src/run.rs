//! `kiln run FILE [ARGS...]`: runs a WASI command (`_start`) with
//! Wasmtime-compatible flags (`--dir`, `--env`, `--preload`), or with
//! `--invoke NAME` calls an export, parsing arguments by its parameter types
//! and printing each result on its own line.
//!
//! Exit status: the guest's `proc_exit` code; 0 when it returns normally;
//! 134 when it traps (including running out of `--fuel`); 1 for any other
//! error.

use std::ffi::OsString;
use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use clap::Args;
use kiln::{Engine, Func, Linker, Module, Store, Trap, V128, Val, ValType, WasmBacktrace};
use kiln_wasi::{DirPerms, FilePerms, I32Exit, WasiCtx};

use crate::TRAP_EXIT_STATUS;
use crate::features::FeatureFlags;

#[derive(Args)]
pub struct RunCommand {
    #[command(flatten)]
    features: FeatureFlags,

    /// The exported function to call (default: `_start`, else the export
    /// named ""); its arguments follow the module.
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,

    /// Give the guest the host directory HOST as GUEST (default: the same
    /// path), read-write. May be repeated.
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,

    /// Set a guest environment variable, or pass the host's value of NAME.
    /// May be repeated.
    #[arg(long = "env", value_name = "NAME[=VAL]")]
    envs: Vec<String>,

    /// Instantiate the module at PATH first and make its exports importable
    /// under the module name NAME. May be repeated.
    #[arg(long = "preload", value_name = "NAME=PATH")]
    preloads: Vec<String>,

    /// Run with N units of fuel (Wasmtime's `-W fuel=N`): each executed
    /// wasm instruction costs one unit, as in Wasmtime, and running out
    /// traps ("all fuel consumed by WebAssembly", exit status 134). Start
    /// functions and `_initialize` draw on the same fuel.
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,

    /// The module to run (`.wasm` or `.wat`; `-` reads standard input).
    #[arg(value_name = "FILE")]
    module: PathBuf,

    /// Arguments for the guest program (or for the invoked function).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
    args: Vec<String>,
}

/// Options of `run` that take a value, and those that do not, so that they
/// may also be written after the module (`kiln run m.wasm --invoke f 1 2`).
const VALUE_OPTIONS: &[&str] = &["--invoke", "--spec", "-W", "--dir", "--env", "--preload", "--fuel"];
const FLAG_OPTIONS: &[&str] = &["--deterministic"];

/// Moves `run` options written between the module and its arguments in
/// front of the module, where clap expects them. Scanning stops at the first
/// token that is not such an option, or at `--`.
pub fn hoist_run_options(args: Vec<OsString>) -> Vec<OsString> {
    let Some(run_at) = args.iter().position(|a| a == "run") else { return args };
    // Find the module: the first positional after `run`, skipping option values.
    let mut i = run_at + 1;
    let mut module_at = None;
    while i < args.len() {
        let arg = args[i].to_string_lossy();
        if arg == "--" {
            break;
        }
        if VALUE_OPTIONS.contains(&arg.as_ref()) {
            i += 2;
            continue;
        }
        if arg.starts_with('-') && arg != "-" {
            i += 1;
            continue;
        }
        module_at = Some(i);
        break;
    }
    let Some(module_at) = module_at else { return args };
    let mut hoisted = Vec::new();
    let mut j = module_at + 1;
    while j < args.len() {
        let arg = args[j].to_string_lossy();
        let is_value_option = VALUE_OPTIONS.contains(&arg.as_ref());
        let is_joined = VALUE_OPTIONS.iter().any(|o| arg.starts_with(&format!("{o}=")));
        if is_value_option && j + 1 < args.len() {
            hoisted.extend_from_slice(&args[j..j + 2]);
            j += 2;
        } else if is_joined || FLAG_OPTIONS.contains(&arg.as_ref()) {
            hoisted.push(args[j].clone());
            j += 1;
        } else {
            break;
        }
    }
    let mut out = args[..module_at].to_vec();
    out.extend(hoisted);
    out.push(args[module_at].clone());
    out.extend_from_slice(&args[j..]);
    out
}

/// How a run ended other than by returning.
enum Failure {
    Error(anyhow::Error),
    Trap(anyhow::Error),
    /// The guest called `proc_exit`.
    Exit(i32),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        if let Some(exit) = e.downcast_ref::<I32Exit>() {
            Failure::Exit(exit.0)
        } else if e.downcast_ref::<Trap>().is_some() {
            Failure::Trap(e)
        } else {
            Failure::Error(e)
        }
    }
}

impl RunCommand {
    pub fn execute(self) -> ExitCode {
        match self.run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Error(e)) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
            Err(Failure::Trap(e)) => {
                report_trap(&e);
                ExitCode::from(TRAP_EXIT_STATUS)
            }
            // As on a Unix host, only the low 8 bits of the code survive.
            Err(Failure::Exit(code)) => ExitCode::from(code as u8),
        }
    }

    /// The WASI context the flags describe: the guest's arguments are the
    /// module name and the arguments after it; standard streams are
    /// inherited.
    fn wasi_ctx(&self) -> Result<WasiCtx> {
        let mut builder = WasiCtx::builder();
        builder.arg(self.module.to_string_lossy()).args(&self.args).inherit_stdio();
        for var in &self.envs {
            match var.split_once('=') {
                Some((name, value)) => builder.env(name, value),
                None => match std::env::var(var) {
                    Ok(value) => builder.env(var, value),
                    Err(_) => &mut builder,
                },
            };
        }
        for dir in &self.dirs {
            let (host, guest) = dir.split_once("::").unwrap_or((dir, dir));
            builder
                .preopened_dir(host, guest, DirPerms::all(), FilePerms::all())
                .with_context(|| format!("--dir {dir}"))?;
        }
        Ok(builder.build())
    }

    /// Defines WASI and the `--preload` modules in `linker`.
    fn link(&self, engine: &Engine, linker: &mut Linker<WasiCtx>, store: &mut Store<WasiCtx>) -> Result<()> {
        kiln_wasi::add_to_linker(linker, |cx| cx)?;
        for preload in &self.preloads {
            let Some((name, path)) = preload.split_once('=') else {
                bail!("--preload {preload}: expected NAME=PATH");
            };
            let module = Module::from_file(engine, path).with_context(|| format!("failed to compile `{path}`"))?;
            linker.module(&mut *store, name, &module).with_context(|| format!("failed to preload `{path}`"))?;
        }
        Ok(())
    }

    fn read_module(&self) -> Result<Vec<u8>> {
        if self.module.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).context("failed to read the module from standard input")?;
            Ok(bytes)
        } else {
            std::fs::read(&self.module).with_context(|| format!("failed to read `{}`", self.module.display()))
        }
    }

    fn run(&self) -> Result<(), Failure> {
        let mut config = self.features.config()?;
        config.consume_fuel(self.fuel.is_some());
        let engine = Engine::new(&config)?;
        let bytes = self.read_module()?;
        let name = self.module.display().to_string();
        let module = Module::new(&engine, &bytes).with_context(|| format!("failed to compile `{name}`"))?;
        let mut store = Store::new(&engine, self.wasi_ctx()?);
        if let Some(fuel) = self.fuel {
            store.set_fuel(fuel)?;
        }
        let mut linker = Linker::new(&engine);
        self.link(&engine, &mut linker, &mut store)?;
        let instance =
            linker.instantiate(&mut store, &module).with_context(|| format!("failed to instantiate `{name}`"))?;

        let (func, args) = match &self.invoke {
            Some(export) => {
                let func = instance
                    .get_func(&mut store, export)
                    .ok_or_else(|| anyhow!("`{name}` has no exported function `{export}`"))?;
                // A reactor is initialised before any of its exports is used.
                if let Some(init) = instance.get_func(&mut store, "_initialize") {
                    init.call(&mut store, &[], &mut [])?;
                }
                (func, self.args.as_slice())
            }
            None => match instance.get_func(&mut store, "_start") {
                // A command's arguments are the guest's, in `args_get`.
                Some(start) => (start, &[][..]),
                None => match instance.get_func(&mut store, "") {
                    Some(f) => (f, self.args.as_slice()),
                    None if self.args.is_empty() => return Ok(()),
                    None => {
                        return Err(anyhow!("`{name}` exports no `_start`; use --invoke to choose a function").into());
                    }
                },
            },
        };
        let results = call_with_cli_args(&mut store, func, args)?;
        for result in results {
            println!("{}", format_val(&result));
        }
        Ok(())
    }
}

fn call_with_cli_args(store: &mut Store<WasiCtx>, func: Func, args: &[String]) -> Result<Vec<Val>, Failure> {
    let ty = func.ty(&*store);
    if args.len() != ty.params().len() {
        return Err(anyhow!("the function takes {} arguments, {} given", ty.params().len(), args.len()).into());
    }
    let params = ty
        .params()
        .zip(args)
        .enumerate()
        .map(|(i, (ty, arg))| parse_arg(&ty, arg).with_context(|| format!("argument {} (`{arg}`)", i + 1)))
        .collect::<Result<Vec<_>>>()?;
    let mut results: Vec<Val> = ty.results().map(|t| Val::default_for_ty(&t).unwrap_or(Val::FuncRef(None))).collect();
    func.call(&mut *store, &params, &mut results)?;
    Ok(results)
}

fn parse_int(text: &str) -> Result<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let value = match digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        Some(hex) => i128::from_str_radix(&hex.replace('_', ""), 16)?,
        None => digits.replace('_', "").parse::<i128>()?,
    };
    Ok(if negative { -value } else { value })
}

/// Parses a command-line argument as a value of type `ty`. Integers accept
/// signed or unsigned decimal and hex (`0x`); floats accept Rust syntax
/// including `nan` and `inf`.
fn parse_arg(ty: &ValType, text: &str) -> Result<Val> {
    Ok(match ty {
        ValType::I32 => {
            let v = parse_int(text)?;
            if !(i128::from(i32::MIN)..=i128::from(u32::MAX)).contains(&v) {
                bail!("out of range for i32");
            }
            Val::I32(v as u32 as i32)
        }
        ValType::I64 => {
            let v = parse_int(text)?;
            if !(i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(&v) {
                bail!("out of range for i64");
            }
            Val::I64(v as u64 as i64)
        }
        ValType::F32 => Val::F32(text.parse::<f32>()?.to_bits()),
        ValType::F64 => Val::F64(text.parse::<f64>()?.to_bits()),
        ValType::V128 => {
            let hex = text.strip_prefix("0x").ok_or_else(|| anyhow!("v128 arguments are written 0x<32 hex digits>"))?;
            Val::V128(V128::from(u128::from_str_radix(hex, 16)?))
        }
        ValType::Ref(r) if text == "null" && r.is_nullable() => {
            Val::default_for_ty(ty).ok_or_else(|| anyhow!("no null value for {ty}"))?
        }
        ValType::Ref(_) => bail!("only `null` can be passed for reference parameters"),
    })
}

/// Prints a result as `wasmtime run --invoke` does.
fn format_val(val: &Val) -> String {
    match val {
        Val::I32(v) => v.to_string(),
        Val::I64(v) => v.to_string(),
        Val::F32(bits) => f32::from_bits(*bits).to_string(),
        Val::F64(bits) => f64::from_bits(*bits).to_string(),
        Val::V128(v) => format!("0x{:032x}", v.as_u128()),
        Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) => "null".into(),
        Val::FuncRef(Some(_)) => "<funcref>".into(),
        Val::ExternRef(Some(_)) => "<externref>".into(),
        Val::ExnRef(Some(_)) => "<exnref>".into(),
    }
}

fn report_trap(error: &anyhow::Error) {
    if let Some(trap) = error.downcast_ref::<Trap>() {
        eprintln!("error: {trap}");
    }
    if let Some(backtrace) = error.downcast_ref::<WasmBacktrace>() {
        eprintln!("{backtrace}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn options_after_the_module_are_hoisted() {
        let args = hoist_run_options(strings(&["kiln", "run", "m.wat", "--invoke", "add", "1", "-2"]));
        assert_eq!(args, strings(&["kiln", "run", "--invoke", "add", "m.wat", "1", "-2"]));
        let args = hoist_run_options(strings(&["kiln", "run", "--spec", "2.0", "m.wat", "x", "--invoke", "f"]));
        assert_eq!(args, strings(&["kiln", "run", "--spec", "2.0", "m.wat", "x", "--invoke", "f"]));
    }

    #[test]
    fn wasi_options_after_the_module_are_hoisted_until_the_first_guest_argument() {
        let given = "kiln run m.wasm --dir . --env A=1 --preload b=x.wat arg --dir y";
        let expected = "kiln run --dir . --env A=1 --preload b=x.wat m.wasm arg --dir y";
        let args = hoist_run_options(strings(&given.split(' ').collect::<Vec<_>>()));
        let expected: Vec<&str> = expected.split(' ').collect();
        assert_eq!(args, strings(&expected));
        let args = hoist_run_options(strings(&["kiln", "run", "m.wasm", "--", "--dir", "x"]));
        assert_eq!(args, strings(&["kiln", "run", "m.wasm", "--", "--dir", "x"]));
    }

    #[test]
    fn flags_after_the_module_are_hoisted() {
        let args = hoist_run_options(strings(&["kiln", "run", "m.wat", "--deterministic", "--invoke", "f", "1"]));
        assert_eq!(args, strings(&["kiln", "run", "--deterministic", "--invoke", "f", "m.wat", "1"]));
    }

    #[test]
    fn integer_arguments_accept_signed_unsigned_and_hex() {
        assert_eq!(parse_arg(&ValType::I32, "-1").unwrap(), Val::I32(-1));
        assert_eq!(parse_arg(&ValType::I32, "4294967295").unwrap(), Val::I32(-1));
        assert_eq!(parse_arg(&ValType::I64, "0x10").unwrap(), Val::I64(16));
        assert!(parse_arg(&ValType::I32, "4294967296").is_err());
        assert!(parse_arg(&ValType::I32, "abc").is_err());
    }

    #[test]
    fn floats_print_like_wasmtime() {
        assert_eq!(format_val(&Val::F32(1.5f32.to_bits())), "1.5");
        assert_eq!(format_val(&Val::F64(f64::NAN.to_bits())), "NaN");
    }
}
