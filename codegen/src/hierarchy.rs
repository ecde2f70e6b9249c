//! Derivations and substitution groups: what may stand where a type or an element is declared.
//!
//! - A complex type from which other named types derive (by extension or restriction, directly or
//!   not) is *polymorphic*: an element declared with it may hold, told apart by `xsi:type`, the
//!   type itself (unless abstract) or any non-abstract named type derived from it.
//! - A global element that other elements name as their `substitutionGroup` (directly or not) is a
//!   *head*: where it is referenced (`ref=`), any non-abstract member may appear instead, told
//!   apart by the element's name; an abstract head never appears itself.
//!
//! Language-neutral facts about the model, computed once; the naming component and the renderers
//! decide how to show them. Every list is in a fixed order (the declared type or head first, then
//! qualified-name order), so whatever is made from them is deterministic. Cycles (which the
//! builder reports) cannot make this loop: every walk keeps a visited set.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Field, QName, Service, TypeKind};

/// Derivations and substitution groups of one service.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hierarchy {
    /// Polymorphic type → the types an element declared with it may hold: itself first unless
    /// abstract, then its non-abstract descendants.
    variants: BTreeMap<QName, Vec<QName>>,
    /// Type → its base (extension or restriction), for the types that have one.
    bases: BTreeMap<QName, QName>,
    /// Head element → the elements that may appear where it is referenced: itself first unless
    /// abstract, then its non-abstract members. Heads without any such element are left out.
    members: BTreeMap<QName, Vec<QName>>,
}

impl Hierarchy {
    pub fn of(service: &Service) -> Hierarchy {
        let mut bases = BTreeMap::new();
        let mut children: BTreeMap<&QName, Vec<&QName>> = BTreeMap::new();
        for (q, ty) in &service.types {
            // An inline type has no name xsi:type could give: it never stands for its base.
            if let TypeKind::Complex(c) = &ty.kind
                && !c.anonymous
                && let Some(base) = &c.base
                && matches!(service.types.get(base).map(|b| &b.kind), Some(TypeKind::Complex(_)))
                && base != q
            {
                bases.insert(q.clone(), base.clone());
                children.entry(base).or_default().push(q);
            }
        }
        let is_abstract =
            |q: &QName| matches!(service.types.get(q).map(|t| &t.kind), Some(TypeKind::Complex(c)) if c.is_abstract);
        let mut variants = BTreeMap::new();
        for &root in children.keys() {
            let found = closure(root, &children);
            let mut list: Vec<QName> = Vec::new();
            if !is_abstract(root) {
                list.push(root.clone());
            }
            list.extend(found.into_iter().filter(|q| !is_abstract(q)).cloned());
            variants.insert(root.clone(), list);
        }
        let mut heads: BTreeMap<&QName, Vec<&QName>> = BTreeMap::new();
        for (q, e) in &service.elements {
            if let Some(head) = &e.substitution_group
                && head != q
                && service.elements.contains_key(head)
            {
                heads.entry(head).or_default().push(q);
            }
        }
        let concrete = |q: &QName| service.elements.get(q).is_some_and(|e| !e.is_abstract);
        let mut members = BTreeMap::new();
        for &head in heads.keys() {
            let found = closure(head, &heads);
            let mut list: Vec<QName> = Vec::new();
            if concrete(head) {
                list.push(head.clone());
            }
            list.extend(found.into_iter().filter(|q| concrete(q)).cloned());
            if list.len() > 1 || (list.len() == 1 && list[0] != *head) {
                members.insert(head.clone(), list);
            }
        }
        Hierarchy { variants, bases, members }
    }

    /// The types an element declared with `ty` may hold, when other types derive from it.
    pub fn variants(&self, ty: &QName) -> Option<&[QName]> {
        self.variants.get(ty).map(Vec::as_slice)
    }

    /// Whether other types derive from `ty`.
    pub fn is_polymorphic(&self, ty: &QName) -> bool {
        self.variants.contains_key(ty)
    }

    /// Every polymorphic type with its variants, in qualified-name order.
    pub fn polymorphic(&self) -> impl Iterator<Item = (&QName, &[QName])> {
        self.variants.iter().map(|(q, v)| (q, v.as_slice()))
    }

    /// The base `ty` derives from, if it has one.
    pub fn base(&self, ty: &QName) -> Option<&QName> {
        self.bases.get(ty)
    }

    /// The elements that may appear where `head` is referenced, when it has members.
    pub fn members(&self, head: &QName) -> Option<&[QName]> {
        self.members.get(head).map(Vec::as_slice)
    }

    /// Every head with its members, in qualified-name order.
    pub fn groups(&self) -> impl Iterator<Item = (&QName, &[QName])> {
        self.members.iter().map(|(q, v)| (q, v.as_slice()))
    }

    /// The substitution group a field stands for: a reference to a head with members.
    pub fn group_of(&self, f: &Field) -> Option<&[QName]> {
        if f.element_ref { self.members(&f.name) } else { None }
    }
}

/// Everything reachable from `root` through `edges` (root itself excluded), in qualified-name
/// order.
fn closure<'q>(root: &'q QName, edges: &BTreeMap<&'q QName, Vec<&'q QName>>) -> BTreeSet<&'q QName> {
    let mut seen: BTreeSet<&QName> = BTreeSet::new();
    let mut stack: Vec<&QName> = edges.get(root).cloned().unwrap_or_default();
    while let Some(q) = stack.pop() {
        if q == root || !seen.insert(q) {
            continue;
        }
        stack.extend(edges.get(q).into_iter().flatten().copied());
    }
    seen
}
