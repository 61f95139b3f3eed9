//! Table storage: a growable array of raw references (`0` is null,
//! otherwise a store function or extern-reference index plus one).

use super::memory::GrowError;
use crate::module::limits::MAX_TABLE_ELEMENTS;
use crate::types::TableType;

pub(crate) struct TableInstance {
    ty: TableType,
    elems: Vec<u64>,
}

impl TableInstance {
    /// A table of the type's minimum size, every element `init`.
    pub(crate) fn new(ty: TableType, init: u64) -> Result<TableInstance, GrowError> {
        let mut table = TableInstance { ty, elems: Vec::new() };
        table.grow(table.ty.minimum(), init)?;
        Ok(table)
    }

    pub(crate) fn ty(&self) -> &TableType {
        &self.ty
    }

    /// The current type: the declared one with the current size as minimum.
    pub(crate) fn current_ty(&self) -> TableType {
        let element = self.ty.element().clone();
        if self.ty.is_64() {
            TableType::new64(element, self.size(), self.ty.maximum())
        } else {
            let max = self.ty.maximum().map(|m| m as u32);
            TableType::new(element, self.size() as u32, max)
        }
    }

    pub(crate) fn size(&self) -> u64 {
        self.elems.len() as u64
    }

    pub(crate) fn elems_mut(&mut self) -> &mut [u64] {
        &mut self.elems
    }

    pub(crate) fn get(&self, index: u64) -> Option<u64> {
        usize::try_from(index).ok().and_then(|i| self.elems.get(i)).copied()
    }

    /// Sets one element; `false` if out of bounds.
    pub(crate) fn set(&mut self, index: u64, value: u64) -> bool {
        match usize::try_from(index).ok().and_then(|i| self.elems.get_mut(i)) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    /// Back to the type's minimum size, every element `init`.
    pub(crate) fn reset(&mut self, init: u64) {
        let min = usize::try_from(self.ty.minimum()).unwrap_or(self.elems.len()).min(self.elems.len());
        self.elems.truncate(min);
        self.elems.fill(init);
    }

    /// Grows by `delta` elements set to `init`; returns the previous size.
    pub(crate) fn grow(&mut self, delta: u64, init: u64) -> Result<u64, GrowError> {
        let old = self.size();
        let new = old.checked_add(delta).ok_or(GrowError::TooLarge)?;
        let max = self.ty.maximum().unwrap_or(u64::MAX).min(self.ty.index_limit());
        if new > max || new > MAX_TABLE_ELEMENTS {
            return Err(GrowError::TooLarge);
        }
        let additional = usize::try_from(delta).map_err(|_| GrowError::TooLarge)?;
        self.elems.try_reserve(additional).map_err(|_| GrowError::OutOfMemory)?;
        self.elems.resize(old as usize + additional, init);
        Ok(old)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::RefType;

    #[test]
    fn grow_respects_maximum() {
        let mut t = TableInstance::new(TableType::new(RefType::FUNCREF, 1, Some(2)), 0).unwrap();
        assert_eq!(t.grow(1, 5), Ok(1));
        assert_eq!(t.get(1), Some(5));
        assert_eq!(t.grow(1, 5), Err(GrowError::TooLarge));
        assert!(!t.set(2, 1));
        assert_eq!(t.get(u64::MAX), None);
    }

    #[test]
    fn implementation_limit_applies_without_maximum() {
        let mut t = TableInstance::new(TableType::new(RefType::FUNCREF, 0, None), 0).unwrap();
        assert_eq!(t.grow(u32::MAX.into(), 0), Err(GrowError::TooLarge));
    }
}
