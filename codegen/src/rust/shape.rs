//! Type mapping: for every field, the Rust type of one item, how its cardinality is represented,
//! whether it must be boxed to break a recursion, and the facets its values are checked against.
//! A field declared with a type others derive from, or referencing a substitution group's head,
//! holds the enum of `super::poly`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Builtin, Facets, Field, QName, Service, TypeKind, TypeRef};
use crate::naming::{Names, ident};

/// How a field's occurrences are held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    /// minOccurs ≥ 1, maxOccurs 1, not nillable: `T`.
    One,
    /// minOccurs 0, not nillable: `Option<T>`.
    Opt,
    /// minOccurs ≥ 1, nillable: `Nillable<T>` (the element is always sent; `Nil` sends xsi:nil).
    Nil,
    /// minOccurs 0, nillable: `Option<Nillable<T>>`.
    OptNil,
    /// maxOccurs > 1: `Vec<T>`.
    Many,
    /// maxOccurs > 1, nillable items: `Vec<Nillable<T>>`.
    ManyNil,
}

/// What one item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text value (`SimpleValue`): builtins and simple restrictions.
    Simple,
    /// Generated enum (also a `SimpleValue`, with an `Unknown` variant).
    Enum,
    /// Generated struct.
    Complex,
    /// Raw XML kept as is (xs:any, xs:anyType).
    Raw,
}

#[derive(Debug, Clone)]
pub struct FieldShape {
    pub item: TokenStream,
    pub card: Card,
    pub kind: Kind,
    pub boxed: bool,
    pub facets: Facets,
}

impl FieldShape {
    /// The full Rust type of the field.
    pub fn rust_type(&self) -> TokenStream {
        let item = &self.item;
        let item = if self.boxed { quote!(::std::boxed::Box<#item>) } else { item.clone() };
        match self.card {
            Card::One => item,
            Card::Opt => quote!(::std::option::Option<#item>),
            Card::Nil => quote!(::runtime::xml::Nillable<#item>),
            Card::OptNil => quote!(::std::option::Option<::runtime::xml::Nillable<#item>>),
            Card::Many => quote!(::std::vec::Vec<#item>),
            Card::ManyNil => quote!(::std::vec::Vec<::runtime::xml::Nillable<#item>>),
        }
    }
}

/// Shapes of every field and attribute of every complex type.
#[derive(Debug, Default)]
pub struct Shapes {
    fields: BTreeMap<(QName, usize), FieldShape>,
    attributes: BTreeMap<(QName, usize), FieldShape>,
    texts: BTreeMap<QName, FieldShape>,
    /// Variants of `super::poly` enums boxed to break a recursion.
    variants_boxed: BTreeSet<(super::poly::Enum, usize)>,
}

/// How deep a chain of simple restrictions may go before we call it a cycle.
const MAX_CHAIN: usize = 64;

impl Shapes {
    pub fn compute(service: &Service, names: &Names) -> Result<Shapes, Diagnostics> {
        let mut shapes = Shapes::default();
        let mut errors = Vec::new();
        let boxing = super::poly::recursion(service, &names.hierarchy);
        let boxed = boxing.fields;
        shapes.variants_boxed = boxing.variants;
        for (q, ty) in &service.types {
            let TypeKind::Complex(c) = &ty.kind else { continue };
            for (i, f) in c.fields.iter().enumerate() {
                match super::poly::field_item(service, names, f) {
                    Ok((item, kind, facets)) => {
                        let card = card(f);
                        let mut facets = facets;
                        merge(&mut facets, &f.facets);
                        let boxed = boxed.contains(&(q.clone(), i));
                        shapes.fields.insert((q.clone(), i), FieldShape { item, card, kind, boxed, facets });
                    }
                    Err(m) => errors.push(Diagnostic::new(f.span.clone(), m)),
                }
            }
            for (i, a) in c.attributes.iter().enumerate() {
                match item(service, names, &a.ty) {
                    Ok((item, kind, mut facets)) => {
                        merge(&mut facets, &a.facets);
                        let card = if a.required { Card::One } else { Card::Opt };
                        shapes.attributes.insert((q.clone(), i), FieldShape { item, card, kind, boxed: false, facets });
                    }
                    Err(m) => errors.push(Diagnostic::new(a.span.clone(), m)),
                }
            }
            if let Some(t) = &c.text {
                match item(service, names, t) {
                    Ok((item, kind, facets)) => {
                        shapes
                            .texts
                            .insert(q.clone(), FieldShape { item, card: Card::One, kind, boxed: false, facets });
                    }
                    Err(m) => errors.push(Diagnostic::new(ty.span.clone(), m)),
                }
            }
        }
        if errors.is_empty() { Ok(shapes) } else { Err(Diagnostics(errors)) }
    }

    pub fn field(&self, ty: &QName, i: usize) -> Option<&FieldShape> {
        self.fields.get(&(ty.clone(), i))
    }
    pub fn attribute(&self, ty: &QName, i: usize) -> Option<&FieldShape> {
        self.attributes.get(&(ty.clone(), i))
    }
    pub fn text(&self, ty: &QName) -> Option<&FieldShape> {
        self.texts.get(ty)
    }
    /// Whether variant `i` of a `super::poly` enum is boxed.
    pub fn variant_boxed(&self, e: &super::poly::Enum, i: usize) -> bool {
        self.variants_boxed.contains(&(e.clone(), i))
    }
}

fn card(f: &Field) -> Card {
    match (f.is_repeated(), f.nillable, f.min_occurs == 0) {
        (true, false, _) => Card::Many,
        (true, true, _) => Card::ManyNil,
        (false, false, false) => Card::One,
        (false, false, true) => Card::Opt,
        (false, true, false) => Card::Nil,
        (false, true, true) => Card::OptNil,
    }
}

/// The Rust item type of a type reference, its kind and the facets it carries (named simple types
/// contribute theirs).
pub fn item(service: &Service, names: &Names, ty: &TypeRef) -> Result<(TokenStream, Kind, Facets), String> {
    let mut facets = Facets::default();
    let mut current = ty.clone();
    for _ in 0..MAX_CHAIN {
        match &current {
            TypeRef::Builtin(b) => {
                let (tokens, kind) = builtin(*b);
                return Ok((tokens, kind, facets));
            }
            TypeRef::Named(q) => {
                let Some(def) = service.types.get(q) else {
                    return Err(format!("type {q} is not defined"));
                };
                match &def.kind {
                    TypeKind::Simple(s) => {
                        merge(&mut facets, &s.facets);
                        current = s.base.clone();
                    }
                    TypeKind::Enum(_) | TypeKind::Complex(_) => {
                        let Some(name) = names.ty(q) else { return Err(format!("type {q} has no Rust name")) };
                        let id = ident(name);
                        let kind = if matches!(def.kind, TypeKind::Enum(_)) { Kind::Enum } else { Kind::Complex };
                        return Ok((quote!(#id), kind, facets));
                    }
                }
            }
        }
    }
    Err(format!("the restrictions of {ty:?} form a cycle"))
}

/// Facets of a more derived step are added to those already found (patterns accumulate; for the
/// others the first found, i.e. the most derived, wins).
fn merge(into: &mut Facets, from: &Facets) {
    macro_rules! keep_first {
        ($($f:ident),*) => { $( if into.$f.is_none() { into.$f = from.$f.clone(); } )* };
    }
    keep_first!(
        length,
        min_length,
        max_length,
        total_digits,
        fraction_digits,
        min_inclusive,
        max_inclusive,
        min_exclusive,
        max_exclusive
    );
    for p in &from.patterns {
        if !into.patterns.contains(p) {
            into.patterns.push(p.clone());
        }
    }
}

fn builtin(b: Builtin) -> (TokenStream, Kind) {
    use Builtin::*;
    let t = match b {
        String | NormalizedString | Token | Language | Name | NcName | Id | IdRef | NmToken | AnyUri
        | AnySimpleType => {
            quote!(::std::string::String)
        }
        Boolean => quote!(bool),
        Decimal => quote!(::runtime::xml::Decimal),
        Integer | NonNegativeInteger | PositiveInteger | NonPositiveInteger | NegativeInteger => {
            quote!(::runtime::xml::Integer)
        }
        Long => quote!(i64),
        Int => quote!(i32),
        Short => quote!(i16),
        Byte => quote!(i8),
        UnsignedLong => quote!(u64),
        UnsignedInt => quote!(u32),
        UnsignedShort => quote!(u16),
        UnsignedByte => quote!(u8),
        Float => quote!(f32),
        Double => quote!(f64),
        Date => quote!(::runtime::xml::Date),
        DateTime => quote!(::runtime::xml::DateTime),
        Time => quote!(::runtime::xml::Time),
        Duration => quote!(::runtime::xml::Duration),
        GYear => quote!(::runtime::xml::GYear),
        GYearMonth => quote!(::runtime::xml::GYearMonth),
        GMonth => quote!(::runtime::xml::GMonth),
        GMonthDay => quote!(::runtime::xml::GMonthDay),
        GDay => quote!(::runtime::xml::GDay),
        Base64Binary => quote!(::runtime::xml::Base64Binary),
        HexBinary => quote!(::runtime::xml::HexBinary),
        QName => quote!(::runtime::xml::QNameValue),
        AnyType => return (quote!(::runtime::xml::RawXml), Kind::Raw),
    };
    (t, Kind::Simple)
}
