//! Implementation limits: the one definition of every bound Kiln itself puts
//! on what a module may declare and on what its instances may grow to.
//!
//! The WebAssembly specification leaves such limits to implementations. Most
//! of what a module can declare is already bounded by wasmparser's validator,
//! which Kiln runs on every module; the rest is bounded here, so that the
//! memory and time Kiln spends on a module stay proportional to its size and
//! no declared size can make the host allocate without bound.
//!
//! # Kiln's limits
//!
//! | Limit | Value | Checked | Error |
//! |---|---|---|---|
//! | Nested blocks, loops and `if`s in one function ([`MAX_NESTING_DEPTH`]) | 10 000 | compilation (translator) | `control nesting exceeds the limit of 10000` |
//! | Element segment items in one module, all segments together ([`MAX_ELEMENT_ITEMS`]) | 10 000 000 | compilation | `element segment items exceed the limit of 10000000` |
//! | Elements in one table ([`MAX_TABLE_ELEMENTS`]) | 10 000 000 | [`Table::new`](crate::Table::new), `table.grow`, [`Table::grow`](crate::Table::grow) (at instantiation the instance total below applies first) | `Table::new`: resource error `... TooLarge`; `table.grow` returns -1; `Table::grow` fails |
//! | Initial elements of one instance's defined tables together ([`MAX_INSTANCE_TABLE_ELEMENTS`]) | 10 000 000 | instantiation | resource error `initial table elements exceed the limit of 10000000` |
//! | Bytes in one linear memory ([`MAX_MEMORY_BYTES`]) | 2^40 (1 TiB; 32-bit memories stop at 4 GiB anyway, 4 GiB - 1 with 1-byte pages) | instantiation, [`Memory::new`](crate::Memory::new), `memory.grow`, [`Memory::grow`](crate::Memory::grow) | resource error `cannot allocate memory N of type ...: TooLarge`; `memory.grow` returns -1; `Memory::grow` fails |
//! | Functions in one store (indices are 32-bit) | 2^32 - 1 | instantiation; defining a host function in a store ([`Func::new`](crate::Func::new) and [`Func::wrap`](crate::Func::wrap) panic, a [`Linker`](crate::Linker) returns the error) | resource error `store function count exceeds the limit of 4294967295` (from instantiation); `store function count exceeds the limit of 4294967295` |
//! | Distinct function types seen by one engine (ids are 32-bit) | 2^32 | compilation; defining a host function (as above) | `the engine's distinct function types exceed the limit of 2^32` |
//! | Nested host → wasm → host activations ([`MAX_ACTIVATIONS`]) | 200 | each call into wasm | trap [`Trap::StackOverflow`](crate::Trap::StackOverflow) |
//! | Value slots per function frame (locals plus operand stack; `v128` takes two) | 65 536 | compilation (translator: slots are 16-bit) | `function has too many locals` / `function needs more than 65536 value slots` |
//! | Wasm stack per activation | [`Config::max_wasm_stack`](crate::Config::max_wasm_stack) (1 MiB) | each call | trap [`Trap::StackOverflow`](crate::Trap::StackOverflow) |
//!
//! Table and memory sizes are checked at instantiation, not compilation: the
//! specification says a module declaring a 4-billion-element table is valid
//! (the spec test suite compiles one without instantiating it), so only the
//! attempt to allocate it fails. A [`ResourceLimiter`](crate::ResourceLimiter)
//! can set lower limits on sizes and counts per store.
//!
//! # Limits enforced by wasmparser's validator
//!
//! These are the limits agreed between engines (see the JS API
//! specification's "Limits" section); Kiln relies on them and does not repeat
//! them. wasmparser reports them as `... count is out of bounds` or
//! `... exceeds the limit` errors with the byte offset.
//!
//! | Limit | Value |
//! |---|---|
//! | Types | 1 000 000 |
//! | Functions (imported and defined) | 1 000 000 |
//! | Imports | 1 000 000 |
//! | Exports | 1 000 000 |
//! | Globals | 1 000 000 |
//! | Data segments | 100 000 |
//! | Element segments | 100 000 |
//! | Items in one element segment | 10 000 000 |
//! | Tables | 100 000 |
//! | Memories | 100 |
//! | Parameters of a function type | 1 000 |
//! | Results of a function type | 1 000 |
//! | Locals of a function (parameters excluded) | 50 000 |
//! | Size of a function body | 7 654 321 bytes |
//! | `br_table` targets | 7 654 321 |
//! | Length of a name (import, export, custom section) | 100 000 bytes |
//! | Pages of a 32-bit memory | 65 536 (4 GiB) |
//! | Elements of a 32-bit table | 2^32 - 1 (then [`MAX_TABLE_ELEMENTS`] applies) |

use anyhow::{Result, bail};

/// Most blocks, loops and `if`s open at once in one function body. The
/// translator keeps a small fixed-size record of every open block, so this
/// bounds its memory; compilers emit depths in the hundreds (a `switch`
/// lowers to one block per distinct target).
pub(crate) const MAX_NESTING_DEPTH: u32 = 10_000;

/// Most element segment items in one module. Each item is kept in the
/// module (4 bytes for a function index, more for a general constant
/// expression) and as an 8-byte reference in every instance.
pub(crate) const MAX_ELEMENT_ITEMS: u64 = 10_000_000;

/// Most elements in one table.
pub(crate) const MAX_TABLE_ELEMENTS: u64 = 10_000_000;

/// Most elements an instance's defined tables may hold together when it is
/// created: instantiation fills them, so this bounds the memory a small
/// module can make the host commit before any code runs.
pub(crate) const MAX_INSTANCE_TABLE_ELEMENTS: u64 = 10_000_000;

/// Most bytes in one linear memory. A memory is reserved lazily, so this is
/// a bound on address space rather than on memory in use; it keeps
/// `memory.grow` results the same on every host (growth beyond it fails
/// rather than depending on what the operating system grants).
pub(crate) const MAX_MEMORY_BYTES: u64 = 1 << 40;

/// Most nested host → wasm → host → ... activations: each one uses some
/// native stack, which is not under `max_wasm_stack`'s control.
pub(crate) const MAX_ACTIVATIONS: u32 = 200;

/// Fails if a function's control stack (as the translator counts it,
/// the function body itself included) is deeper than [`MAX_NESTING_DEPTH`].
pub(crate) fn check_nesting(depth: usize) -> Result<()> {
    if depth > MAX_NESTING_DEPTH as usize + 1 {
        bail!("control nesting exceeds the limit of {MAX_NESTING_DEPTH}");
    }
    Ok(())
}

/// Adds a segment's `items` to the module's running total, failing beyond
/// [`MAX_ELEMENT_ITEMS`].
pub(crate) fn add_element_items(total: &mut u64, items: u32) -> Result<()> {
    *total = total.saturating_add(u64::from(items));
    if *total > MAX_ELEMENT_ITEMS {
        bail!("element segment items exceed the limit of {MAX_ELEMENT_ITEMS}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_the_function_frame() {
        assert!(check_nesting(MAX_NESTING_DEPTH as usize + 1).is_ok());
        let err = check_nesting(MAX_NESTING_DEPTH as usize + 2).unwrap_err();
        assert_eq!(err.to_string(), "control nesting exceeds the limit of 10000");
    }

    #[test]
    fn element_items_accumulate_without_overflow() {
        let mut total = MAX_ELEMENT_ITEMS - 1;
        assert!(add_element_items(&mut total, 1).is_ok());
        assert!(add_element_items(&mut total, 1).is_err());
        let mut total = u64::MAX;
        assert!(add_element_items(&mut total, u32::MAX).is_err());
    }
}
