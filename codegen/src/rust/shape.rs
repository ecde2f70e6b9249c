//! Type mapping: for every field, the Rust type of one item, how its cardinality is represented,
//! whether it must be boxed to break a recursion, and the facets its values are checked against.
//! A field declared with a type others derive from, or referencing a substitution group's head,
//! holds the enum of `super::poly`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

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
    /// Generated enum or struct of an inline type (`model::Inline`): elements written among the
    /// parent's, with no element around them.
    Particle,
}

#[derive(Debug, Clone)]
pub struct FieldShape {
    pub item: ItemType,
    pub card: Card,
    pub kind: Kind,
    pub boxed: bool,
    pub facets: Facets,
}

impl FieldShape {
    /// The full Rust type of the field.
    pub fn rust_type(&self) -> TokenStream {
        let item = &self.item;
        let item = if self.boxed { quote!(Box<#item>) } else { quote!(#item) };
        match self.card {
            Card::One => item,
            Card::Opt => quote!(Option<#item>),
            Card::Nil => quote!(::runtime::xml::Nillable<#item>),
            Card::OptNil => quote!(Option<::runtime::xml::Nillable<#item>>),
            Card::Many => quote!(Vec<#item>),
            Card::ManyNil => quote!(Vec<::runtime::xml::Nillable<#item>>),
        }
    }
}

/// The Rust type of one item: what a builtin maps to, or a generated type. Plain data rather than
/// tokens, so that the shapes are computed once and shared by the render threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemType {
    Builtin(Builtin),
    /// The Rust name of a generated struct or enum.
    Generated(String),
    /// An `xsd:list` of these items (`runtime::xml::List`); the field's facets are the items'.
    List(Box<ItemType>),
}

impl ItemType {
    /// Held as a Rust `String`.
    pub fn is_string(&self) -> bool {
        matches!(self, ItemType::Builtin(b) if builtin_name(*b) == ("String", false))
    }
    /// One of the runtime's XSD types (decimal, dates, binary, lists, ...).
    pub fn is_runtime_type(&self) -> bool {
        match self {
            ItemType::Builtin(b) => builtin_name(*b).1,
            ItemType::Generated(_) => false,
            ItemType::List(_) => true,
        }
    }
}

impl ToTokens for ItemType {
    fn to_tokens(&self, out: &mut TokenStream) {
        match self {
            ItemType::Builtin(b) => out.extend(builtin(*b)),
            ItemType::Generated(name) => ident(name).to_tokens(out),
            ItemType::List(item) => out.extend(quote!(::runtime::xml::List<#item>)),
        }
    }
}

/// Shapes of every field and attribute of every complex type.
#[derive(Debug, Default)]
pub struct Shapes {
    types: BTreeMap<QName, TypeShapes>,
    /// Variants of `super::poly` enums boxed to break a recursion.
    variants_boxed: BTreeSet<(super::poly::Enum, usize)>,
}

/// The shapes of one complex type, by field and attribute index.
#[derive(Debug, Default)]
struct TypeShapes {
    fields: Vec<FieldShape>,
    attributes: Vec<FieldShape>,
    text: Option<FieldShape>,
}

/// How deep a chain of simple restrictions may go before we call it a cycle.
const MAX_CHAIN: usize = 64;

impl Shapes {
    pub fn compute<'a>(service: &'a Service, names: &Names) -> Result<Shapes, Diagnostics> {
        let mut shapes = Shapes::default();
        let mut errors = Vec::new();
        let boxing = super::poly::recursion(service, &names.hierarchy);
        let boxed = boxing.fields;
        shapes.variants_boxed = boxing.variants;
        // Big schemas refer to the same few types from thousands of fields: resolve each once.
        let mut resolved: HashMap<&TypeRef, Result<(ItemType, Kind, Facets), String>> = HashMap::new();
        let mut item =
            |ty: &'a TypeRef| resolved.entry(ty).or_insert_with(|| super::poly::value_item(service, names, ty)).clone();
        for (q, ty) in &service.types {
            let TypeKind::Complex(c) = &ty.kind else { continue };
            let mut t = TypeShapes::default();
            let boxed_here = boxed.get(q).map(Vec::as_slice).unwrap_or_default();
            for (i, f) in c.fields.iter().enumerate() {
                let group = super::poly::group_item(names, f);
                match group.map_or_else(|| item(&f.ty), Ok) {
                    Ok((item, kind, mut facets)) => {
                        facets.fill_from(&f.facets);
                        let boxed = boxed_here.contains(&i);
                        t.fields.push(FieldShape { item, card: card(f), kind, boxed, facets });
                    }
                    Err(m) => errors.push(Diagnostic::new(f.span.clone(), m)),
                }
            }
            for a in &c.attributes {
                match item(&a.ty) {
                    Ok((item, kind, mut facets)) => {
                        facets.fill_from(&a.facets);
                        let card = if a.required { Card::One } else { Card::Opt };
                        t.attributes.push(FieldShape { item, card, kind, boxed: false, facets });
                    }
                    Err(m) => errors.push(Diagnostic::new(a.span.clone(), m)),
                }
            }
            if let Some(text) = &c.text {
                match item(text) {
                    Ok((item, kind, facets)) => {
                        t.text = Some(FieldShape { item, card: Card::One, kind, boxed: false, facets });
                    }
                    Err(m) => errors.push(Diagnostic::new(ty.span.clone(), m)),
                }
            }
            shapes.types.insert(q.clone(), t);
        }
        // On an error the vectors above skipped an index: nothing may look them up.
        if errors.is_empty() { Ok(shapes) } else { Err(Diagnostics(errors)) }
    }

    pub fn field(&self, ty: &QName, i: usize) -> Option<&FieldShape> {
        self.types.get(ty)?.fields.get(i)
    }
    pub fn attribute(&self, ty: &QName, i: usize) -> Option<&FieldShape> {
        self.types.get(ty)?.attributes.get(i)
    }
    pub fn text(&self, ty: &QName) -> Option<&FieldShape> {
        self.types.get(ty)?.text.as_ref()
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
pub fn item(service: &Service, names: &Names, ty: &TypeRef) -> Result<(ItemType, Kind, Facets), String> {
    item_within(service, names, ty, MAX_CHAIN)
}

/// [`item`], following at most `steps` restrictions and list item types.
fn item_within(
    service: &Service,
    names: &Names,
    ty: &TypeRef,
    steps: usize,
) -> Result<(ItemType, Kind, Facets), String> {
    let mut facets = Facets::default();
    let mut current = ty;
    for step in 0..steps {
        match current {
            TypeRef::Builtin(b) => {
                let kind = if *b == Builtin::AnyType { Kind::Raw } else { Kind::Simple };
                facets.fill_from(&implicit_bounds(*b));
                return Ok((ItemType::Builtin(*b), kind, facets));
            }
            TypeRef::Named(q) => {
                let Some(def) = service.types.get(q) else {
                    return Err(format!("type {q} is not defined"));
                };
                match &def.kind {
                    TypeKind::Simple(s) if s.list => {
                        let (item, kind, mut items) = item_within(service, names, &s.base, steps - step - 1)?;
                        items.fill_from(&s.facets);
                        return Ok((ItemType::List(Box::new(item)), kind, items));
                    }
                    TypeKind::Simple(s) => {
                        facets.fill_from(&s.facets);
                        if !s.union.is_empty() && facets.union.is_empty() {
                            facets.union = super::union::lexical_members(service, &s.union)?;
                        }
                        current = &s.base;
                    }
                    TypeKind::Enum(_) | TypeKind::Complex(_) => {
                        let Some(name) = names.ty(q) else { return Err(format!("type {q} has no Rust name")) };
                        let kind = match &def.kind {
                            TypeKind::Enum(_) => Kind::Enum,
                            TypeKind::Complex(c) if c.inline.is_some() => Kind::Particle,
                            _ => Kind::Complex,
                        };
                        return Ok((ItemType::Generated(name.to_string()), kind, facets));
                    }
                }
            }
        }
    }
    Err(format!("the restrictions of {ty:?} form a cycle"))
}

/// The bounds of the integer types held as `runtime::xml::Integer` (any sign).
fn implicit_bounds(b: Builtin) -> Facets {
    let (min, max) = match b {
        Builtin::NonNegativeInteger => (Some("0"), None),
        Builtin::PositiveInteger => (Some("1"), None),
        Builtin::NonPositiveInteger => (None, Some("0")),
        Builtin::NegativeInteger => (None, Some("-1")),
        _ => return Facets::default(),
    };
    Facets { min_inclusive: min.map(Into::into), max_inclusive: max.map(Into::into), ..Facets::default() }
}

/// The Rust type a builtin maps to.
fn builtin(b: Builtin) -> TokenStream {
    let (name, in_runtime) = builtin_name(b);
    let id = ident(name);
    if in_runtime { quote!(::runtime::xml::#id) } else { quote!(#id) }
}

/// The `runtime::validate::Lexical` variant of a builtin's lexical space.
pub(super) fn lexical_name(b: Builtin) -> &'static str {
    match builtin_name(b).0 {
        "String" | "RawXml" => "String",
        "bool" => "Bool",
        "i8" => "I8",
        "i16" => "I16",
        "i32" => "I32",
        "i64" => "I64",
        "u8" => "U8",
        "u16" => "U16",
        "u32" => "U32",
        "u64" => "U64",
        "f32" => "F32",
        "f64" => "F64",
        "QNameValue" => "QName",
        runtime_type => runtime_type,
    }
}

/// The name of the Rust type a builtin maps to, and whether it is one of `runtime::xml`'s.
fn builtin_name(b: Builtin) -> (&'static str, bool) {
    use Builtin::*;
    match b {
        String | NormalizedString | Token | Language | Name | NcName | Id | IdRef | NmToken | AnyUri
        | AnySimpleType => ("String", false),
        Boolean => ("bool", false),
        Long => ("i64", false),
        Int => ("i32", false),
        Short => ("i16", false),
        Byte => ("i8", false),
        UnsignedLong => ("u64", false),
        UnsignedInt => ("u32", false),
        UnsignedShort => ("u16", false),
        UnsignedByte => ("u8", false),
        Float => ("f32", false),
        Double => ("f64", false),
        Decimal => ("Decimal", true),
        Integer | NonNegativeInteger | PositiveInteger | NonPositiveInteger | NegativeInteger => ("Integer", true),
        Date => ("Date", true),
        DateTime => ("DateTime", true),
        Time => ("Time", true),
        Duration => ("Duration", true),
        GYear => ("GYear", true),
        GYearMonth => ("GYearMonth", true),
        GMonth => ("GMonth", true),
        GMonthDay => ("GMonthDay", true),
        GDay => ("GDay", true),
        Base64Binary => ("Base64Binary", true),
        HexBinary => ("HexBinary", true),
        QName => ("QNameValue", true),
        AnyType => ("RawXml", true),
    }
}
