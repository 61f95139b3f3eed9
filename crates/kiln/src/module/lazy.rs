//! Function bodies translated on first use. `Module::new` validates every
//! body and keeps its bytes; the interpreter's bytecode for a function is
//! made the first time the function is called (or disassembled), once per
//! module, whichever thread gets there first. Compiling a module then costs
//! about what validating it costs, and functions never called are never
//! translated. With `Config::lazy_translation(false)`, `Module::new`
//! translates each body as it validates it, in one pass, and keeps no bytes.

use std::ops::Range;
use std::sync::OnceLock;

use anyhow::{Context as _, Result};
use wasmparser::{BinaryReader, FunctionBody};

use super::ModuleInfo;
use crate::interp::{CompiledFunc, TranslateOptions, translate_function};

/// A defined function's body: its place in the module's bytes and, once
/// made, its bytecode (or why it could not be made).
#[derive(Debug)]
pub(crate) struct FuncCode {
    body: Range<usize>,
    compiled: OnceLock<Result<CompiledFunc, String>>,
}

impl FuncCode {
    /// A body at `body` (a range of the module's bytes), not yet translated.
    pub(crate) fn pending(body: Range<usize>) -> FuncCode {
        FuncCode { body, compiled: OnceLock::new() }
    }

    /// A body translated already (`Config::lazy_translation(false)`).
    pub(crate) fn translated(code: CompiledFunc) -> FuncCode {
        FuncCode { body: 0..0, compiled: OnceLock::from(Ok(code)) }
    }

    /// The bytecode, if the function has been translated.
    #[inline(always)]
    pub(crate) fn get(&self) -> Option<&CompiledFunc> {
        match self.compiled.get() {
            Some(Ok(code)) => Some(code),
            _ => None,
        }
    }
}

/// What translating a body later needs besides the module description.
pub(crate) struct Bodies {
    /// The module's code section, which starts at offset `start` of the
    /// binary the bodies' ranges index.
    bytes: Box<[u8]>,
    start: usize,
    features: wasmparser::WasmFeatures,
    options: TranslateOptions,
}

impl std::fmt::Debug for Bodies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bodies").field("bytes", &self.bytes.len()).finish_non_exhaustive()
    }
}

impl Bodies {
    pub(crate) fn new(
        bytes: Box<[u8]>,
        start: usize,
        features: wasmparser::WasmFeatures,
        options: TranslateOptions,
    ) -> Bodies {
        Bodies { bytes, start, features, options }
    }
}

impl ModuleInfo {
    /// The bytecode of defined function `def`, translating it now if this is
    /// its first use. The error says why a valid body could not be
    /// translated (an implementation limit such as the frame size).
    pub(crate) fn compiled(&self, def: u32) -> Result<&CompiledFunc, &str> {
        let Some(func) = self.code.get(def as usize) else { return Err("no such function") };
        let result = func.compiled.get_or_init(|| self.translate(def, &func.body).map_err(|e| format!("{e:#}")));
        result.as_ref().map_err(String::as_str)
    }

    fn translate(&self, def: u32, body: &Range<usize>) -> Result<CompiledFunc> {
        let bodies = self.bodies.as_ref().context("internal error: module has no function bodies")?;
        let index = self.num_imported_funcs + def;
        let local = body.start.checked_sub(bodies.start).zip(body.end.checked_sub(bodies.start));
        let bytes = local
            .and_then(|(start, end)| bodies.bytes.get(start..end))
            .context("internal error: function body outside the code section")?;
        let body = FunctionBody::new(BinaryReader::new_features(bytes, body.start as u64, bodies.features));
        // `Module::new` validated the body.
        let (code, _) = translate_function(self, bodies.options, index, None, &body)
            .with_context(|| format!("failed to compile function {index}"))?;
        Ok(code)
    }
}
