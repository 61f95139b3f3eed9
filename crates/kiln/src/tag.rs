//! [`Tag`] and [`TagType`]: exception tags, which name the kinds of
//! exception `throw` raises and `catch` clauses select.

use std::fmt;
use std::sync::Arc;

use anyhow::{Result, bail};

use crate::store::{AsContext, AsContextMut, Stored};
use crate::types::FuncType;

/// The type of an exception tag: a function type whose parameters are the
/// exception's payload and whose results are empty.
///
/// Two tag types are the same when their function types are the same
/// member of the same recursion group (type identity as the spec defines it
/// for imports), so a tag declared with `(type $t2)` of
/// `(rec (type $t1 (func)) (type $t2 (func)))` does not satisfy an import of
/// `(type $t1)`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TagType {
    /// The recursion group the function type was declared in.
    group: Arc<[FuncType]>,
    /// The function type's position in `group`.
    index: u32,
}

impl TagType {
    /// A tag type with payload `ty.params()`, declared on its own (as
    /// `(tag (param ...))` declares it). `ty` must have no results for a
    /// [`Tag`] of this type to be created.
    pub fn new(ty: FuncType) -> TagType {
        TagType { group: Arc::from([ty]), index: 0 }
    }

    /// The type `group[index]` of a module's recursion group.
    pub(crate) fn in_group(group: Arc<[FuncType]>, index: u32) -> Result<TagType> {
        let Some(ty) = group.get(index as usize) else { bail!("internal error: tag type outside its group") };
        if ty.results().len() != 0 {
            bail!("a tag's function type must have no results, found {ty}");
        }
        Ok(TagType { group, index })
    }

    /// The tag's function type; its parameters are the payload.
    pub fn ty(&self) -> &FuncType {
        &self.group[self.index as usize]
    }
}

impl fmt::Display for TagType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ty = self.ty().to_string();
        write!(f, "(tag{})", ty.strip_prefix("(func").and_then(|t| t.strip_suffix(')')).unwrap_or(""))
    }
}

impl fmt::Debug for TagType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// An exception tag in a store. Every instantiation of a module creates new
/// tags for the ones it defines, distinct from every other tag even of the
/// same type; importing a tag shares it.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tag(pub(crate) Stored);

impl Tag {
    /// A new tag of type `ty`, distinct from every other tag.
    pub fn new(mut store: impl AsContextMut, ty: &TagType) -> Result<Tag> {
        let store = &mut store.as_context_mut().0.opaque;
        if ty.ty().results().len() != 0 {
            bail!("a tag's function type must have no results, found {}", ty.ty());
        }
        let index = store.push_tag(ty.clone())?;
        Ok(Tag(Stored::new(store, index)))
    }

    /// The tag's type.
    ///
    /// # Panics
    ///
    /// If the tag belongs to another store.
    pub fn ty(&self, store: impl AsContext) -> TagType {
        let store = &store.as_context().0.opaque;
        store.tags[self.0.expect_in(store)].clone()
    }

    /// Are `a` and `b` the same tag? (Tags compare by identity: two tags of
    /// the same type are still different.)
    ///
    /// # Panics
    ///
    /// If either tag belongs to another store.
    pub fn eq(a: &Tag, b: &Tag, store: impl AsContext) -> bool {
        let store = &store.as_context().0.opaque;
        a.0.expect_in(store) == b.0.expect_in(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ValType;

    #[test]
    fn identity_includes_the_recursion_group() {
        let empty = FuncType::from_parts([], []);
        let single = TagType::new(empty.clone());
        let pair: Arc<[FuncType]> = Arc::from([empty.clone(), empty.clone()]);
        let first = TagType::in_group(pair.clone(), 0).unwrap();
        let second = TagType::in_group(pair, 1).unwrap();
        assert_ne!(single, first);
        assert_ne!(first, second);
        assert_eq!(first, TagType::in_group(Arc::from([empty.clone(), empty]), 0).unwrap());
        let payload = TagType::new(FuncType::from_parts([ValType::I32, ValType::F32], []));
        assert_eq!(payload.to_string(), "(tag (param i32 f32))");
    }
}
