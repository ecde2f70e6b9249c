//! Polymorphism (`crate::hierarchy`) in Rust: the enums that hold what may stand where a type or an
//! element is declared, their wire code, and the boxing that keeps recursive ones finite.
//!
//! - A type others derive from (`T`) gets `enum AnyT`: a variant per type an element declared with
//!   `T` may hold (`T` unless abstract, then each non-abstract descendant, holding that type's
//!   struct, in which the base's fields come first), and `Unknown(runtime::xml::UnknownType)` for an
//!   `xsi:type` this client does not know. Reading dispatches on `xsi:type` (resolved by namespace
//!   URI); writing names the variant's type in `xsi:type`, except for `T` itself. Fields and bodies
//!   declared with `T` hold `AnyT`; `T` keeps its struct.
//! - A substitution group head `H` gets `enum HGroup`: a variant per element that may appear where
//!   `H` is referenced (`H` unless abstract, then each non-abstract member), read and written under
//!   that element's name. Fields referencing `H` hold `HGroup`.
//!
//! The enums are rendered next to the types: a type's enum right after its struct, the groups'
//! after the last type, so that the rendered parts join into the same file whatever their number.
//! The generated code is a `match` per direction; the logic is in `runtime::xml` (`Tagged`,
//! `XmlReader::xsi_type`, `UnknownType`).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::doc;
use super::shape::{ItemType, Kind, Shapes, item};
use super::xml::ns_tokens;
use crate::hierarchy::Hierarchy;
use crate::model::{Facets, Field, QName, Service, TypeKind, TypeRef};
use crate::naming::{Names, ident};

/// One generated enum: a polymorphic type's, or a substitution group head's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Enum {
    Poly(QName),
    Group(QName),
}

/// The Rust item of a field referencing a substitution group's head: the group's enum.
pub fn group_item(names: &Names, f: &Field) -> Option<(ItemType, Kind, Facets)> {
    names.hierarchy.group_of(f)?;
    let n = names.group(&f.name)?;
    Some((ItemType::Generated(n.to_string()), Kind::Complex, Facets::default()))
}

/// The Rust item of a value of type `ty`: its enum when polymorphic, else what [`item`] maps it to.
pub fn value_item(service: &Service, names: &Names, ty: &TypeRef) -> Result<(ItemType, Kind, Facets), String> {
    if let TypeRef::Named(q) = ty
        && let Some(n) = names.poly(q)
    {
        return Ok((ItemType::Generated(n.to_string()), Kind::Complex, Facets::default()));
    }
    item(service, names, ty)
}

/// Namespaces the wire code of the enums names (types' and elements'), for `NS<i>` constants.
pub fn namespaces(service: &Service) -> BTreeSet<String> {
    let h = Hierarchy::of(service);
    let mut set = BTreeSet::new();
    for (q, variants) in h.polymorphic() {
        set.insert(q.ns.clone());
        set.extend(variants.iter().map(|v| v.ns.clone()));
    }
    for (head, members) in h.groups() {
        set.insert(head.ns.clone());
        set.extend(members.iter().map(|m| m.ns.clone()));
    }
    set
}

/// Edges and variants boxed so that every type has a finite size.
#[derive(Debug, Default)]
pub struct Boxing {
    /// Struct → indexes of its boxed fields.
    pub fields: BTreeMap<QName, Vec<usize>>,
    /// (enum, variant index).
    pub variants: BTreeSet<(Enum, usize)>,
}

/// A node of the by-value graph: enums order first, so that the walk enters a cycle through an
/// enum and the edge that closes it is most often a struct's field (boxing a field changes one
/// field; boxing a variant, every use of the enum).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node<'a> {
    Enum(Enum),
    Struct(&'a QName),
}

/// What must be boxed: a depth-first walk over the by-value edges (a struct's single complex
/// fields, an enum's variants), in the order of [`Node`], boxes each edge that closes a cycle.
/// Deterministic, and minimal for the common cases (self-reference, A↔B, a derived type holding
/// its base).
pub fn recursion<'a>(service: &'a Service, h: &'a Hierarchy) -> Boxing {
    let complex = |t: &QName| matches!(service.types.get(t).map(|d| &d.kind), Some(TypeKind::Complex(_)));
    let target = |ty: &'a TypeRef| match ty {
        TypeRef::Named(t) if h.is_polymorphic(t) => Some(Node::Enum(Enum::Poly(t.clone()))),
        TypeRef::Named(t) if complex(t) => Some(Node::Struct(t)),
        _ => None,
    };
    let mut edges: BTreeMap<Node<'a>, Vec<(usize, Node<'a>)>> = BTreeMap::new();
    for (q, ty) in &service.types {
        let TypeKind::Complex(c) = &ty.kind else { continue };
        let list = edges.entry(Node::Struct(q)).or_default();
        for (i, f) in c.fields.iter().enumerate() {
            if f.is_repeated() {
                continue;
            }
            let to =
                if h.group_of(f).is_some() { Some(Node::Enum(Enum::Group(f.name.clone()))) } else { target(&f.ty) };
            list.extend(to.map(|n| (i, n)));
        }
    }
    for (q, variants) in h.polymorphic() {
        let list = variants.iter().enumerate().map(|(j, v)| (j, Node::Struct(v)));
        edges.insert(Node::Enum(Enum::Poly(q.clone())), list.collect());
    }
    for (head, members) in h.groups() {
        let list = members.iter().enumerate().filter_map(|(j, m)| {
            let decl = service.elements.get(m)?;
            target(&decl.ty).map(|n| (j, n))
        });
        edges.insert(Node::Enum(Enum::Group(head.clone())), list.collect());
    }
    let mut boxing = Boxing::default();
    // 0 = unvisited, 1 = on the stack, 2 = done. Iterative: no recursion on input-sized graphs.
    let mut state: BTreeMap<&Node<'a>, u8> = BTreeMap::new();
    for start in edges.keys() {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut stack: Vec<(&Node<'a>, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, next)) = stack.last_mut() {
            let node: &Node<'a> = node;
            let out = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some((label, target)) = out.get(*next) {
                *next += 1;
                // A target without edges of its own (not in the map) cannot close a cycle.
                let Some((key, _)) = edges.get_key_value(target) else { continue };
                match state.get(key).copied().unwrap_or(0) {
                    0 => {
                        state.insert(key, 1);
                        stack.push((key, 0));
                    }
                    1 => match node {
                        Node::Struct(q) => {
                            boxing.fields.entry((*q).clone()).or_default().push(*label);
                        }
                        Node::Enum(e) => {
                            boxing.variants.insert((e.clone(), *label));
                        }
                    },
                    _ => {}
                }
            } else {
                state.insert(node, 2);
                stack.pop();
            }
        }
    }
    boxing
}

/// A variant of a generated enum: its name, its payload's type (boxed if it must be), and what
/// tells it apart on the wire.
struct Variant {
    id: Ident,
    payload: TokenStream,
    boxed: bool,
    ns: TokenStream,
    local: String,
    kind: Kind,
    /// An `xsd:list` payload (checked item by item).
    list: bool,
    facets: Facets,
    docs: TokenStream,
}

fn ns_text(ns: &str) -> String {
    if ns.is_empty() { " (no namespace)".to_string() } else { format!(" in `{ns}`") }
}

fn boxed_type(t: &TokenStream, boxed: bool) -> TokenStream {
    if boxed { quote!(Box<#t>) } else { t.clone() }
}

/// The variants of a polymorphic type's enum.
fn poly_variants(names: &Names, shapes: &Shapes, all: &[String], q: &QName) -> Result<Vec<Variant>, String> {
    let list = names.hierarchy.variants(q).unwrap_or_default();
    let e = Enum::Poly(q.clone());
    let mut out = Vec::new();
    for (j, v) in list.iter().enumerate() {
        let name = names.ty(v).ok_or_else(|| format!("type {v} has no Rust name"))?;
        let t = ident(name);
        let text = if v == q {
            format!("XML type `{}` itself, written without `xsi:type`.", v.local)
        } else {
            let base = names.hierarchy.base(v).map(|b| format!(", derived from `{}`", b.local)).unwrap_or_default();
            let ns = if v.ns == q.ns { String::new() } else { ns_text(&v.ns) };
            format!("`xsi:type` `{}`{ns}{base}.", v.local)
        };
        out.push(Variant {
            id: ident(names.poly_variant(q, j)),
            payload: quote!(#t),
            boxed: shapes.variant_boxed(&e, j),
            ns: ns_tokens(all, &v.ns),
            local: v.local.clone(),
            kind: Kind::Complex,
            list: false,
            facets: Facets::default(),
            docs: doc(&text),
        });
    }
    Ok(out)
}

/// The variants of a substitution group's enum.
fn group_variants(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    all: &[String],
    head: &QName,
) -> Result<Vec<Variant>, String> {
    let list = names.hierarchy.members(head).unwrap_or_default();
    let e = Enum::Group(head.clone());
    let mut out = Vec::new();
    for (j, m) in list.iter().enumerate() {
        let decl = service.elements.get(m).ok_or_else(|| format!("element {m} is not declared"))?;
        let (payload, kind, facets) = value_item(service, names, &decl.ty)?;
        let list = matches!(payload, ItemType::List(_));
        let mut text = decl.docs.clone().unwrap_or_default();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("Element `{}`{}.", m.local, ns_text(&m.ns)));
        out.push(Variant {
            id: ident(names.group_variant(head, j)),
            payload: quote!(#payload),
            boxed: shapes.variant_boxed(&e, j),
            ns: ns_tokens(all, &m.ns),
            local: m.local.clone(),
            kind,
            list,
            facets,
            docs: doc(&text),
        });
    }
    Ok(out)
}

/// `types.rs` items of the enum of polymorphic type `q` (nothing for other types).
pub fn type_items(service: &Service, names: &Names, shapes: &Shapes, q: &QName) -> Result<TokenStream, String> {
    let (Some(name), Some(def)) = (names.poly(q), service.types.get(q)) else { return Ok(quote!()) };
    let id = ident(name);
    // Namespaces only matter to the wire code: no constants needed here.
    let variants = poly_variants(names, shapes, &[], q)?;
    let concrete = variants.first().filter(|_| names.hierarchy.variants(q).is_some_and(|v| v.first() == Some(q)));
    let mut text = def.docs.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "A value of XML type `{}`{}, or of a type derived from it, told apart on the wire by `xsi:type`: one variant per type this client knows, and `Unknown` for one it does not.",
        q.local,
        ns_text(&q.ns)
    ));
    if concrete.is_none() {
        text.push_str(&format!(
            " `{}` is abstract: an element declared with it names a derived type in `xsi:type`.",
            q.local
        ));
    }
    let docs = doc(&text);
    let decls = variants.iter().map(|v| {
        let (d, vid, t) = (&v.docs, &v.id, boxed_type(&v.payload, v.boxed));
        quote!(#d #vid(#t),)
    });
    let pair = |v: &Variant| {
        let (vid, t) = (&v.id, &v.payload);
        quote!(#vid(#t))
    };
    let plain = variants.iter().filter(|v| !v.boxed).map(pair);
    let boxed: Vec<TokenStream> = variants.iter().filter(|v| v.boxed).map(pair).collect();
    let boxed = if boxed.is_empty() { quote!() } else { quote!(; boxed #( #boxed ),*) };
    let default = match concrete {
        Some(v) => {
            let vid = &v.id;
            quote!(Self::#vid(Default::default()))
        }
        None => quote!(Self::Unknown(Default::default())),
    };
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #id {
            #( #decls )*
            /// An `xsi:type` this client does not know (or, read leniently, none where the type is
            /// abstract): the element's attributes and content kept as received. Refused by validation.
            Unknown(::runtime::xml::UnknownType),
        }

        impl Default for #id {
            fn default() -> Self { #default }
        }

        ::runtime::variants_from!(#id: #( #plain ),* #boxed);
    })
}

/// `types.rs` items of every substitution group's enum.
pub fn group_type_items(service: &Service, names: &Names, shapes: &Shapes) -> Result<TokenStream, String> {
    let mut items = Vec::new();
    for (head, _) in names.hierarchy.groups() {
        let Some(name) = names.group(head) else { continue };
        let id = ident(name);
        let variants = group_variants(service, names, shapes, &[], head)?;
        let Some(first) = variants.first() else { continue };
        let mut text = service.elements.get(head).and_then(|e| e.docs.clone()).unwrap_or_default();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "Substitution group of element `{}`{}: where it is referenced, any of these elements may appear, told apart by their names.",
            head.local,
            ns_text(&head.ns)
        ));
        let docs = doc(&text);
        let decls = variants.iter().map(|v| {
            let (d, vid, t) = (&v.docs, &v.id, boxed_type(&v.payload, v.boxed));
            quote!(#d #vid(#t),)
        });
        let fid = &first.id;
        items.push(quote! {
            #docs
            #[derive(Debug, Clone, PartialEq)]
            #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
            pub enum #id {
                #( #decls )*
            }

            impl Default for #id {
                fn default() -> Self { Self::#fid(Default::default()) }
            }
        });
    }
    Ok(quote!( #( #items )* ))
}

/// `Tagged` arms: each variant with its name on the wire (`None` for `untagged`, the declared
/// type of a polymorphic enum).
fn tag_arms<'v>(variants: &'v [Variant], untagged: Option<&'v Ident>) -> impl Iterator<Item = TokenStream> + 'v {
    variants.iter().map(move |v| {
        let (vid, ns, local) = (&v.id, &v.ns, &v.local);
        let value = if v.boxed { quote!(&**x) } else { quote!(x) };
        if untagged == Some(vid) {
            quote!(Self::#vid(x) => ::runtime::xml::untagged(#value),)
        } else {
            quote!(Self::#vid(x) => ::runtime::xml::tagged(#ns, #local, #value),)
        }
    })
}

fn read_value(v: &Variant) -> TokenStream {
    let vid = &v.id;
    if v.boxed {
        quote!(Self::#vid(Box::new(FromXml::read_xml(r, el)?)))
    } else {
        quote!(Self::#vid(FromXml::read_xml(r, el)?))
    }
}

fn validate_arms(variants: &[Variant]) -> Result<Vec<TokenStream>, String> {
    variants
        .iter()
        .map(|v| {
            let (vid, local) = (&v.id, &v.local);
            Ok(match v.kind {
                Kind::Complex | Kind::Particle => quote!(Self::#vid(x) => x.validate(v),),
                Kind::Simple | Kind::Enum => {
                    let facets = super::facets_literal(&v.facets)?;
                    if v.list {
                        quote!(Self::#vid(x) => v.simple_list(#local, x, &#facets),)
                    } else {
                        quote!(Self::#vid(x) => v.simple(#local, x, &#facets),)
                    }
                }
                Kind::Raw => quote!(Self::#vid(_) => {}),
            })
        })
        .collect()
}

/// `xml.rs` items of the enum of polymorphic type `q` (nothing for other types).
pub fn xml_items(names: &Names, shapes: &Shapes, all: &[String], q: &QName) -> Result<TokenStream, String> {
    let Some(name) = names.poly(q) else { return Ok(quote!()) };
    let id = ident(name);
    let variants = poly_variants(names, shapes, all, q)?;
    let declared = names.hierarchy.variants(q).and_then(|v| v.first()).filter(|v| *v == q);
    let declared_id = declared.and_then(|_| variants.first()).map(|v| &v.id);
    let tags = tag_arms(&variants, declared_id);
    let (qns, qlocal) = (ns_tokens(all, &q.ns), &q.local);
    // Without xsi:type, or naming the declared type: the declared type (an error if abstract).
    let declared_read = match declared.and_then(|_| variants.first()) {
        Some(v) => read_value(v),
        None => quote!(Self::Unknown(r.abstract_type(el, #qns, #qlocal)?)),
    };
    let mut reads = vec![quote!((#qns, #qlocal) => #declared_read,)];
    for v in variants.iter().filter(|v| Some(&v.id) != declared_id) {
        let (ns, local, read) = (&v.ns, &v.local, read_value(v));
        reads.push(quote!((#ns, #local) => #read,));
    }
    let validates = validate_arms(&variants)?;
    // An abstract type cannot be nil on its own: a nil element names the first concrete type.
    let nil_type = match (declared, variants.first()) {
        (None, Some(v)) => {
            let (ns, local) = (&v.ns, &v.local);
            quote! {
                fn nil_type() -> Option<(&'static str, &'static str)> {
                    Some((#ns, #local))
                }
            }
        }
        _ => quote!(),
    };
    Ok(quote! {
        impl ::runtime::xml::Tagged for #id {
            fn tag(&self) -> ::runtime::xml::Tag<'_> {
                match self {
                    #( #tags )*
                    Self::Unknown(x) => ::runtime::xml::untagged(x),
                }
            }
        }

        impl ToXml for #id {
            #nil_type
            fn write_attributes(&self, w: &mut XmlWriter) {
                ::runtime::xml::write_typed_attributes(self, w);
            }
            fn write_content(&self, w: &mut XmlWriter) {
                ::runtime::xml::Tagged::tag(self).1.write_content(w);
            }
        }

        impl FromXml for #id {
            fn read_xml(r: &mut XmlReader<'_>, el: &Element) -> Result<Self, XmlError> {
                let Some(xsi_type) = r.xsi_type(el)? else {
                    return Ok(#declared_read);
                };
                let value = match xsi_type {
                    #( #reads )*
                    _ => Self::Unknown(r.unknown_type(el)?),
                };
                Ok(value)
            }
        }

        impl Validate for #id {
            fn validate(&self, v: &mut Validator) {
                match self {
                    #( #validates )*
                    Self::Unknown(x) => x.validate(v),
                }
            }
        }
    })
}

/// `xml.rs` items of every substitution group's enum.
pub fn group_xml_items(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    all: &[String],
) -> Result<TokenStream, String> {
    let mut items = Vec::new();
    for (head, _) in names.hierarchy.groups() {
        let Some(name) = names.group(head) else { continue };
        let id = ident(name);
        let variants = group_variants(service, names, shapes, all, head)?;
        if variants.is_empty() {
            continue;
        }
        let tags = tag_arms(&variants, None);
        let names_on_wire = variants.iter().map(|v| {
            let (ns, local) = (&v.ns, &v.local);
            quote!((#ns, #local))
        });
        let reads = variants.iter().map(|v| {
            let (ns, local, read) = (&v.ns, &v.local, read_value(v));
            quote!((#ns, #local) => #read,)
        });
        let validates = validate_arms(&variants)?;
        items.push(quote! {
            impl #id {
                /// Whether `el` is one of the group's elements.
                pub(crate) fn accepts(el: &Element) -> bool {
                    matches!((el.namespace(), el.local_name()), #( #names_on_wire )|*)
                }
            }

            impl ::runtime::xml::Tagged for #id {
                fn tag(&self) -> ::runtime::xml::Tag<'_> {
                    match self {
                        #( #tags )*
                    }
                }
            }

            impl ToXml for #id {
                fn element_name(&self) -> Option<(&'static str, &'static str)> {
                    ::runtime::xml::Tagged::tag(self).0
                }
                fn write_attributes(&self, w: &mut XmlWriter) {
                    ::runtime::xml::Tagged::tag(self).1.write_attributes(w);
                }
                fn write_content(&self, w: &mut XmlWriter) {
                    ::runtime::xml::Tagged::tag(self).1.write_content(w);
                }
            }

            impl FromXml for #id {
                fn read_xml(r: &mut XmlReader<'_>, el: &Element) -> Result<Self, XmlError> {
                    let value = match (el.namespace(), el.local_name()) {
                        #( #reads )*
                        _ => return Err(XmlError::Usage("not an element of this substitution group")),
                    };
                    Ok(value)
                }
            }

            impl Validate for #id {
                fn validate(&self, v: &mut Validator) {
                    match self {
                        #( #validates )*
                    }
                }
            }
        });
    }
    Ok(quote!( #( #items )* ))
}
