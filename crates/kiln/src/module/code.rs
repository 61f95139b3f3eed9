//! Compiling a code section's function bodies: validating each one (and,
//! with `Config::lazy_translation(false)`, translating it), either as its
//! entry arrives, on the calling thread, or, for a large code section with
//! `Config::parallel_compilation`, all together on several threads once the
//! module has been read.
//!
//! Both ways give the same result: the bodies' `FuncCode`s in function
//! order, or the error of the first body that fails. On several threads the
//! bodies are split into contiguous chunks of about equal byte size, which
//! the threads take in order from a shared queue; the error kept is the one
//! of the lowest failing chunk, whose first failing body is the first
//! failing body of the module.

use std::mem;
use std::num::NonZero;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use anyhow::{Context as _, Result};
use wasmparser::{FuncToValidate, FuncValidatorAllocations, FunctionBody, ValidatorResources, WasmFeatures};

use super::ModuleInfo;
use super::lazy::{Bodies, FuncCode};
use crate::engine::Engine;
use crate::interp::{TranslateOptions, translate_function};

/// The smallest code section, in bytes, compiled on several threads.
/// Starting and joining a helper thread costs about 15 µs, the time it
/// takes to validate 4 KiB of code, but on a busy machine the helper also
/// starts late: measured on two shared cores, a second thread broke even
/// at 45 to 70 KiB of code, depending on the load, and saved a tenth to a
/// quarter from 90 KiB on. Smaller modules (the spec tests', most hand-written ones) stay on
/// the calling thread and pay nothing for the setting.
const PARALLEL_MIN_CODE_BYTES: u32 = 64 * 1024;

/// The size, in bytes of code, of the chunks the threads take one at a
/// time: small enough that a thread held up by other work on the machine
/// keeps the others waiting for little, large enough that taking one is
/// cheap (about 60 µs of work each).
const CHUNK_BYTES: u64 = 16 * 1024;

/// A function body kept for compiling later.
struct PendingBody<'a> {
    func: FuncToValidate<ValidatorResources>,
    body: FunctionBody<'a>,
}

/// The function bodies of one module, compiled as they arrive or kept for
/// compiling on several threads.
pub(super) struct CodeCompiler<'a> {
    lazy: bool,
    options: TranslateOptions,
    features: WasmFeatures,
    parallel: bool,
    /// Reused by every body compiled on the calling thread.
    allocs: FuncValidatorAllocations,
    /// The code section's place in the binary.
    section: Option<Range<usize>>,
    /// Bodies kept for compiling on several threads (`None`: each body is
    /// compiled as it arrives).
    pending: Option<Vec<PendingBody<'a>>>,
}

impl<'a> CodeCompiler<'a> {
    pub(super) fn new(engine: &Engine) -> CodeCompiler<'a> {
        let config = engine.config();
        CodeCompiler {
            lazy: config.lazy_translation,
            options: TranslateOptions {
                deterministic: config.deterministic,
                count_instructions: config.counts_instructions(),
                guard_memories: config.signals_based_traps,
            },
            features: engine.features(),
            parallel: config.parallel_compilation,
            allocs: FuncValidatorAllocations::default(),
            section: None,
            pending: None,
        }
    }

    /// The code section starts: `count` bodies in `size` bytes at `range`.
    pub(super) fn section_start(
        &mut self,
        info: &mut ModuleInfo,
        count: u32,
        range: Range<u64>,
        size: u32,
    ) -> Result<()> {
        self.section = Some(usize::try_from(range.start)?..usize::try_from(range.end)?);
        // The validator has checked `count` against the function section;
        // each body takes a byte at least.
        let count = count.min(size) as usize;
        info.code.reserve_exact(count);
        if self.parallel && size >= PARALLEL_MIN_CODE_BYTES && threads() > 1 {
            self.pending = Some(Vec::with_capacity(count));
        }
        Ok(())
    }

    /// The next body of the code section.
    pub(super) fn body(
        &mut self,
        info: &mut ModuleInfo,
        func: FuncToValidate<ValidatorResources>,
        body: FunctionBody<'a>,
    ) -> Result<()> {
        if let Some(pending) = &mut self.pending {
            pending.push(PendingBody { func, body });
            return Ok(());
        }
        let (code, allocs) = compile_body(info, self.lazy, self.options, func, &body, mem::take(&mut self.allocs))?;
        self.allocs = allocs;
        info.code.push(code);
        Ok(())
    }

    /// Compiles the bodies kept for several threads, if any.
    pub(super) fn compile_pending(&mut self, info: &mut ModuleInfo) -> Result<()> {
        if let Some(pending) = self.pending.take() {
            let code = compile_parallel(info, self.lazy, self.options, pending)?;
            info.code.extend(code);
        }
        Ok(())
    }

    /// What lazy translation needs of the module `binary` once it has been
    /// read: its code section's bytes (`None` if there are no bodies or
    /// they are translated already).
    pub(super) fn into_bodies(self, info: &ModuleInfo, binary: &[u8]) -> Result<Option<Bodies>> {
        if !self.lazy || info.code.is_empty() {
            return Ok(None);
        }
        let section = self.section.context("internal error: function bodies without a code section")?;
        let bytes = binary.get(section.clone()).context("internal error: code section outside the module")?;
        Ok(Some(Bodies::new(bytes.into(), section.start, self.features, self.options)))
    }
}

/// Validates (and, unless `lazy`, translates) one body, with `allocs`;
/// returns its code and the allocations for the next body.
fn compile_body(
    info: &ModuleInfo,
    lazy: bool,
    options: TranslateOptions,
    func: FuncToValidate<ValidatorResources>,
    body: &FunctionBody<'_>,
    allocs: FuncValidatorAllocations,
) -> Result<(FuncCode, FuncValidatorAllocations)> {
    let mut validator = func.into_validator(allocs);
    let index = validator.index();
    if lazy {
        validator.validate(body).with_context(|| format!("invalid function {index}"))?;
        let range = body.range();
        let range = usize::try_from(range.start)?..usize::try_from(range.end)?;
        Ok((FuncCode::pending(range), validator.into_allocations()))
    } else {
        // Validated while translated, in one pass.
        let (code, allocs) = translate_function(info, options, index, Some(validator), body)
            .with_context(|| format!("failed to compile function {index}"))?;
        Ok((FuncCode::translated(code), allocs.unwrap_or_default()))
    }
}

/// Compiles `bodies` on up to `threads()` threads, the calling one
/// included; the code in function order, or the first body's error.
fn compile_parallel(
    info: &ModuleInfo,
    lazy: bool,
    options: TranslateOptions,
    bodies: Vec<PendingBody<'_>>,
) -> Result<Vec<FuncCode>> {
    let num_bodies = bodies.len();
    let size = |pending: &PendingBody<'_>| {
        let range = pending.body.range();
        range.end - range.start
    };
    let total: u64 = bodies.iter().map(size).sum();
    let parts = usize::try_from(total / CHUNK_BYTES).unwrap_or(usize::MAX).max(threads());
    let chunks = split(bodies, parts, size);
    let num_chunks = chunks.len();
    let queue = Mutex::new(chunks.into_iter().enumerate());
    let first_failed = AtomicUsize::new(usize::MAX);
    let work = || {
        let mut allocs = FuncValidatorAllocations::default();
        let mut done = Vec::new();
        loop {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            // Chunks come in order: once one has failed, every later one
            // is past the error.
            let Some((k, chunk)) = next.filter(|&(k, _)| k < first_failed.load(Ordering::Relaxed)) else { break };
            let result = compile_chunk(info, lazy, options, chunk, &mut allocs);
            if result.is_err() {
                first_failed.fetch_min(k, Ordering::Relaxed);
            }
            done.push((k, result));
        }
        done
    };

    let mut results: Vec<Option<Result<Vec<FuncCode>>>> = (0..num_chunks).map(|_| None).collect();
    std::thread::scope(|scope| {
        // A thread that cannot be started leaves its share to the others.
        let helpers: Vec<_> = (1..threads().min(num_chunks))
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        let mut record = |done: Vec<_>| {
            for (k, result) in done {
                results[k] = Some(result);
            }
        };
        record(work());
        for helper in helpers {
            match helper.join() {
                Ok(done) => record(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });

    let mut code = Vec::with_capacity(num_bodies);
    for result in results {
        code.extend(result.context("internal error: function bodies left uncompiled")??);
    }
    Ok(code)
}

/// Compiles a chunk of bodies in order, stopping at the first error.
fn compile_chunk(
    info: &ModuleInfo,
    lazy: bool,
    options: TranslateOptions,
    chunk: Vec<PendingBody<'_>>,
    allocs: &mut FuncValidatorAllocations,
) -> Result<Vec<FuncCode>> {
    let mut code = Vec::with_capacity(chunk.len());
    for PendingBody { func, body } in chunk {
        let (func_code, returned) = compile_body(info, lazy, options, func, &body, mem::take(allocs))?;
        *allocs = returned;
        code.push(func_code);
    }
    Ok(code)
}

/// Splits `items` into at most `parts` contiguous chunks of about equal
/// total `size`.
fn split<T>(items: Vec<T>, parts: usize, size: impl Fn(&T) -> u64) -> Vec<Vec<T>> {
    let total: u64 = items.iter().map(&size).sum();
    let parts = parts.max(1);
    let mut chunks = Vec::with_capacity(parts);
    let mut chunk = Vec::new();
    let mut so_far = 0u64;
    for item in items {
        so_far += size(&item);
        chunk.push(item);
        // A chunk ends where the items so far reach its share of the total.
        if so_far * parts as u64 >= total * (chunks.len() as u64 + 1) {
            chunks.push(mem::take(&mut chunk));
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// The number of threads compilation may use.
fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, NonZero::get))
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn split_makes_contiguous_chunks_of_about_equal_size() {
        let sizes = vec![30, 10, 10, 10, 10, 10, 10, 30];
        let chunks = split(sizes.clone(), 4, |&s| s);
        assert_eq!(chunks, [vec![30], vec![10, 10, 10], vec![10, 10, 10], vec![30]]);
        assert_eq!(chunks.concat(), sizes);
    }

    #[test]
    fn split_never_makes_more_chunks_than_parts_or_empty_ones() {
        for parts in [1, 2, 3, 8, 100] {
            for sizes in [vec![], vec![0], vec![7], vec![1000, 1, 1], vec![1, 1, 1000], vec![3; 50]] {
                let chunks = split(sizes.clone(), parts, |&s| s);
                assert!(chunks.len() <= parts.min(sizes.len().max(1)), "{sizes:?} in {parts}: {chunks:?}");
                assert!(chunks.iter().all(|c| !c.is_empty()), "{sizes:?} in {parts}: {chunks:?}");
                assert_eq!(chunks.concat(), sizes);
            }
        }
    }
}
