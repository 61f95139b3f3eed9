//! [`MemoryTypeBuilder`]: a [`MemoryType`] with every property chosen
//! (index type, sharing, page size), checked when built, as in Wasmtime.

use anyhow::{Result, bail};

use crate::types::MemoryType;

/// Builds a [`MemoryType`] property by property; [`build`](Self::build)
/// checks that the combination is valid.
///
/// The default is what [`MemoryType::new(0, None)`](MemoryType::new)
/// gives: a 32-bit, unshared memory of 64 KiB pages with no maximum.
///
/// ```
/// use kiln::MemoryTypeBuilder;
///
/// // A memory of 1-byte pages (custom-page-sizes proposal), 100 to 200 bytes.
/// let ty = MemoryTypeBuilder::new().page_size_log2(0).min(100).max(Some(200)).build()?;
/// assert_eq!(ty.page_size(), 1);
/// assert!(MemoryTypeBuilder::new().page_size_log2(12).build().is_err());
/// # Ok::<(), kiln::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct MemoryTypeBuilder {
    minimum: u64,
    maximum: Option<u64>,
    memory64: bool,
    shared: bool,
    page_size_log2: u8,
}

impl Default for MemoryTypeBuilder {
    fn default() -> MemoryTypeBuilder {
        MemoryTypeBuilder::new()
    }
}

impl MemoryTypeBuilder {
    /// A 32-bit, unshared memory of 64 KiB pages, minimum 0, no maximum.
    pub fn new() -> MemoryTypeBuilder {
        MemoryTypeBuilder {
            minimum: 0,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: MemoryType::DEFAULT_PAGE_SIZE_LOG2,
        }
    }

    /// The minimum size, in pages.
    pub fn min(&mut self, minimum: u64) -> &mut Self {
        self.minimum = minimum;
        self
    }

    /// The maximum size, in pages, if any.
    pub fn max(&mut self, maximum: Option<u64>) -> &mut Self {
        self.maximum = maximum;
        self
    }

    /// Whether the memory is indexed with `i64` (memory64 proposal).
    pub fn memory64(&mut self, memory64: bool) -> &mut Self {
        self.memory64 = memory64;
        self
    }

    /// Whether the memory is shared between threads (threads proposal); a
    /// shared memory needs a maximum.
    pub fn shared(&mut self, shared: bool) -> &mut Self {
        self.shared = shared;
        self
    }

    /// Log2 of the page size in bytes: 16 (64 KiB, the default) or 0 (one
    /// byte, custom-page-sizes proposal), the two sizes WebAssembly allows.
    pub fn page_size_log2(&mut self, page_size_log2: u8) -> &mut Self {
        self.page_size_log2 = page_size_log2;
        self
    }

    /// The memory type, or an error saying which property is invalid: a
    /// page size other than 1 byte or 64 KiB, a limit beyond what the index
    /// type can address, a minimum above the maximum, or a shared memory
    /// without a maximum.
    pub fn build(&self) -> Result<MemoryType> {
        if self.page_size_log2 != 0 && self.page_size_log2 != MemoryType::DEFAULT_PAGE_SIZE_LOG2 {
            bail!(
                "invalid page size 2^{}: a memory's page size must be 1 byte (log2 0) or 64 KiB (log2 16)",
                self.page_size_log2
            );
        }
        let ty = MemoryType::from_parts(self.minimum, self.maximum, self.memory64, self.shared, self.page_size_log2);
        let limit = ty.max_pages_for_index();
        let index = if self.memory64 { "64-bit" } else { "32-bit" };
        for (what, pages) in [("minimum", Some(self.minimum)), ("maximum", self.maximum)] {
            if let Some(pages) = pages.filter(|&p| p > limit) {
                bail!(
                    "memory {what} of {pages} pages exceeds the {limit} pages of {} bytes a {index} memory can have",
                    ty.page_size()
                );
            }
        }
        if let Some(maximum) = self.maximum.filter(|&max| max < self.minimum) {
            bail!("memory minimum of {} pages exceeds its maximum of {maximum}", self.minimum);
        }
        if self.shared && self.maximum.is_none() {
            bail!("a shared memory needs a maximum size");
        }
        Ok(ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_memory_type_new() {
        assert_eq!(MemoryTypeBuilder::new().build().unwrap(), MemoryType::new(0, None));
        let ty = MemoryTypeBuilder::new().min(1).max(Some(2)).memory64(true).build().unwrap();
        assert_eq!(ty, MemoryType::new64(1, Some(2)));
        let ty = MemoryTypeBuilder::new().min(1).max(Some(2)).shared(true).build().unwrap();
        assert_eq!(ty, MemoryType::shared(1, 2));
    }

    #[test]
    fn page_sizes() {
        let ty = MemoryTypeBuilder::new().page_size_log2(0).min(3).build().unwrap();
        assert_eq!((ty.page_size(), ty.page_size_log2(), ty.minimum()), (1, 0, 3));
        assert_eq!(ty.to_string(), "(memory 3 (pagesize 1))");
        for bad in [1, 12, 15, 17, 255] {
            let err = MemoryTypeBuilder::new().page_size_log2(bad).build().unwrap_err();
            assert!(err.to_string().contains("invalid page size"), "{err}");
        }
    }

    #[test]
    fn limits_follow_index_type_and_page_size() {
        let build = |log2: u8, memory64: bool, min: u64| {
            MemoryTypeBuilder::new().page_size_log2(log2).memory64(memory64).min(min).build()
        };
        assert!(build(16, false, 1 << 16).is_ok());
        assert!(build(16, false, (1 << 16) + 1).is_err());
        assert!(build(0, false, u64::from(u32::MAX)).is_ok());
        assert!(build(0, false, 1 << 32).is_err());
        assert!(build(16, true, 1 << 48).is_ok());
        assert!(build(16, true, (1 << 48) + 1).is_err());
        assert!(build(0, true, u64::MAX).is_ok());
        let err = MemoryTypeBuilder::new().max(Some(70_000)).build().unwrap_err();
        assert!(err.to_string().contains("maximum of 70000 pages exceeds the 65536 pages"), "{err}");
    }

    #[test]
    fn minimum_above_maximum_and_unbounded_shared_are_errors() {
        assert!(MemoryTypeBuilder::new().min(3).max(Some(2)).build().is_err());
        assert!(MemoryTypeBuilder::new().shared(true).build().is_err());
    }
}
