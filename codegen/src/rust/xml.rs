//! `xml.rs`: wire code for the types: `ToXml`, `FromXml`, `Validate`, and `SimpleValue` for enums.
//! Everything here is a sequence of calls into `runtime`; the logic lives there.

use std::collections::BTreeSet;
use std::ops::Range;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::shape::{Card, FieldShape, ItemType, Kind, Shapes};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{
    AttributeWildcard, Builtin, ComplexType, Encoding, EnumType, Inline, NamespaceConstraint, QName, Service, TypeKind,
    TypeRef,
};
use crate::naming::{Names, ident};

/// Every namespace the wire code names, in sorted order; each becomes a constant `NS<i>`.
pub fn namespaces(service: &Service) -> Vec<String> {
    let mut set = BTreeSet::new();
    for ty in service.types.values() {
        if let TypeKind::Complex(c) = &ty.kind {
            set.extend(c.fields.iter().map(|f| f.name.ns.clone()));
            set.extend(c.attributes.iter().map(|a| a.name.ns.clone()));
        }
    }
    set.extend(service.elements.keys().map(|q| q.ns.clone()));
    set.extend(super::poly::namespaces(service));
    set.remove("");
    set.remove("##any");
    set.into_iter().collect()
}

/// Tokens naming namespace `ns` (a constant, or `""`).
pub fn ns_tokens(all: &[String], ns: &str) -> TokenStream {
    match all.iter().position(|n| n == ns) {
        Some(i) => {
            let id = format_ident!("NS{}", i);
            quote!(#id)
        }
        None => quote!(""),
    }
}

/// The impls of the types in `part` (indexes into `service.types`); the first part also carries
/// the imports and the namespace constants.
pub fn render(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    part: &Range<usize>,
) -> Result<TokenStream, Diagnostics> {
    let all = namespaces(service);
    let consts = all.iter().enumerate().map(|(i, ns)| {
        let id = format_ident!("NS{}", i);
        let d = format!(" `{ns}`");
        quote! { #[doc = #d] pub(crate) const #id: &str = #ns; }
    });
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (q, ty) in service.types.iter().take(part.end).skip(part.start) {
        let Some(name) = names.ty(q) else { continue };
        let id = ident(name);
        match &ty.kind {
            TypeKind::Complex(c) if matches!(c.inline, Some(Inline::Choice(_))) => {
                match super::choice::enum_xml(service, q, c, &id, names, shapes, &all) {
                    Ok(t) => items.push(t),
                    Err(m) => errors.push(Diagnostic::new(ty.span.clone(), m)),
                }
            }
            TypeKind::Complex(c) => match complex(service, q, c, &id, names, shapes, &all) {
                Ok(t) => items.push(t),
                Err(m) => errors.push(Diagnostic::new(ty.span.clone(), m)),
            },
            TypeKind::Enum(e) => items.push(enumeration(e, &id)),
            TypeKind::Simple(_) => {}
        }
        match super::poly::xml_items(names, shapes, &all, q) {
            Ok(t) => items.push(t),
            Err(m) => errors.push(Diagnostic::new(ty.span.clone(), m)),
        }
    }
    if part.end == service.types.len() {
        match super::poly::group_xml_items(service, names, shapes, &all) {
            Ok(t) => items.push(t),
            Err(m) => errors.push(Diagnostic::new(crate::diag::Span::default(), m)),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    if part.start > 0 {
        return Ok(quote! { #( #items )* });
    }
    Ok(quote! {
        #![allow(unused_imports)]
        use super::types::*;
        use ::runtime::xml::{Element, FromXml, Nillable, SimpleValue, ToXml, XmlError, XmlReader, XmlWriter};
        use ::runtime::validate::{Facets, Validate, Validator};
        #( #consts )*
        #( #items )*
    })
}

fn enumeration(e: &EnumType, id: &Ident) -> TokenStream {
    let _ = e;
    quote! {
        impl SimpleValue for #id {
            fn to_text(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
            fn from_text(text: &str) -> Result<Self, ::runtime::xml::ValueError> {
                Ok(match text.parse::<#id>() {
                    Ok(v) => v,
                    Err(never) => match never {},
                })
            }
            fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }
    }
}

pub(super) struct Member<'a> {
    pub(super) id: Ident,
    pub(super) ns: TokenStream,
    pub(super) local: &'a str,
    pub(super) shape: &'a FieldShape,
    pub(super) min: u32,
    pub(super) max: Option<u32>,
    /// Position among the type's elements (the bit in `absent`).
    pub(super) index: u16,
    /// An xs:any wildcard (model convention: name `{##any}any`).
    pub(super) any: bool,
    /// Holds an inline type (`Kind::Particle`) that may be empty on the wire.
    pub(super) emptiable: bool,
    /// A reference to a substitution group's head: the group's enum, which knows its elements.
    pub(super) group: Option<Ident>,
}

/// Required elements (`T` or `Nillable<T>`) are the ones a lenient parse may find absent.
pub(super) fn can_be_absent(m: &Member<'_>) -> bool {
    matches!(m.shape.card, Card::One | Card::Nil) && !is_any(m)
}

fn complex(
    service: &Service,
    q: &QName,
    c: &ComplexType,
    id: &Ident,
    names: &Names,
    shapes: &Shapes,
    all: &[String],
) -> Result<TokenStream, String> {
    let mut fields = Vec::new();
    for (i, f) in c.fields.iter().enumerate() {
        let shape = shapes.field(q, i).ok_or_else(|| format!("field {} of {q} has no shape", f.name.local))?;
        fields.push(Member {
            id: ident(names.field(q, i)),
            ns: ns_tokens(all, &f.name.ns),
            local: &f.name.local,
            shape,
            min: f.min_occurs,
            max: f.max_occurs,
            index: u16::try_from(i).map_err(|_| format!("{q} has more than 65535 elements"))?,
            any: f.name.ns == "##any",
            emptiable: shape.kind == Kind::Particle && super::inline::emptiable(service, f),
            group: names.hierarchy.group_of(f).and(names.group(&f.name)).map(ident),
        });
    }
    let mut attrs = Vec::new();
    for (i, a) in c.attributes.iter().enumerate() {
        let shape = shapes.attribute(q, i).ok_or_else(|| format!("attribute {} of {q} has no shape", a.name.local))?;
        attrs.push(Member {
            id: ident(names.attribute(q, i)),
            ns: ns_tokens(all, &a.name.ns),
            local: &a.name.local,
            shape,
            min: 0,
            max: Some(1),
            index: 0,
            any: false,
            emptiable: false,
            group: None,
        });
    }
    let text = shapes.text(q);
    let wildcard = match (&c.any_attribute, names.any_attributes(q)) {
        (Some(w), Some(name)) => Some(Wildcard { id: ident(name), name, spec: wildcard_const(w, c, all) }),
        _ => None,
    };
    let wildcard = wildcard.as_ref();
    let encoded = encoded(service, c, names);
    let to_xml = to_xml(id, &fields, &attrs, wildcard, text, &encoded);
    let from_xml = match c.inline {
        Some(_) => super::choice::group_impl(id, &fields),
        None => from_xml(id, &fields, &attrs, wildcard, text, &encoded, any_namespaces(c).as_ref()),
    };
    let validate = validate(id, &fields, &attrs, wildcard, text)?;
    Ok(quote! { #to_xml #from_xml #validate })
}

/// What SOAP encoding adds when a type is written (see [`Encoding`]).
enum Encoded {
    Literal,
    /// `xsi:type` per field (None where no type can be named: anyType, polymorphic, anonymous).
    Rpc(Vec<Option<TokenStream>>),
    /// The item type `soapenc:arrayType` names.
    Array(TokenStream),
}

fn encoded(service: &Service, c: &ComplexType, names: &Names) -> Encoded {
    // A part's type as `(namespace, local)` for `xsi:type`.
    let named = |ty: &TypeRef| -> Option<TokenStream> {
        let (ns, local) = match ty {
            TypeRef::Builtin(Builtin::AnyType | Builtin::AnySimpleType) => return None,
            TypeRef::Builtin(b) => (crate::load::XSD_NS, b.xsd_name()),
            TypeRef::Named(q) => {
                let anonymous =
                    matches!(service.types.get(q).map(|t| &t.kind), Some(TypeKind::Complex(c)) if c.anonymous);
                if anonymous || names.hierarchy.is_polymorphic(q) {
                    return None;
                }
                (q.ns.as_str(), q.local.as_str())
            }
        };
        Some(quote!((#ns, #local)))
    };
    match c.encoding {
        Encoding::Literal => Encoded::Literal,
        Encoding::RpcEncoded => Encoded::Rpc(c.fields.iter().map(|f| named(&f.ty)).collect()),
        Encoding::SoapArray => {
            let item = c.fields.first().and_then(|f| named(&f.ty));
            let any = crate::load::XSD_NS;
            Encoded::Array(item.unwrap_or_else(|| quote!((#any, "anyType"))))
        }
    }
}

/// A type's attribute wildcard: its field and the `const` item stating it.
struct Wildcard<'a> {
    id: Ident,
    name: &'a str,
    spec: TokenStream,
}

/// The namespace constraint of the type's `xs:any` as a `runtime::xml::Namespaces`, unless it
/// allows every namespace (or there is no wildcard).
fn any_namespaces(c: &ComplexType) -> Option<TokenStream> {
    let w = c.fields.iter().find_map(|f| f.wildcard.as_ref())?;
    Some(match &w.namespaces {
        NamespaceConstraint::Any => return None,
        NamespaceConstraint::Not(ns) => quote!(::runtime::xml::Namespaces::Not(#ns)),
        NamespaceConstraint::Only(list) => quote!(::runtime::xml::Namespaces::Only(&[ #( #list ),* ])),
    })
}

/// `const WILDCARD: AttributeWildcard = ...;`: the namespace constraint and declared attributes.
fn wildcard_const(w: &AttributeWildcard, c: &ComplexType, all: &[String]) -> TokenStream {
    let namespaces = match &w.namespaces {
        NamespaceConstraint::Any => quote!(::runtime::xml::Namespaces::Any),
        NamespaceConstraint::Not(ns) => quote!(::runtime::xml::Namespaces::Not(#ns)),
        NamespaceConstraint::Only(list) => quote!(::runtime::xml::Namespaces::Only(&[ #( #list ),* ])),
    };
    let declared = c.attributes.iter().map(|a| {
        let (ns, local) = (ns_tokens(all, &a.name.ns), &a.name.local);
        quote!((#ns, #local))
    });
    quote! {
        const WILDCARD: ::runtime::xml::AttributeWildcard =
            ::runtime::xml::AttributeWildcard { namespaces: #namespaces, declared: &[ #( #declared ),* ] };
    }
}

pub(super) fn is_any(m: &Member<'_>) -> bool {
    m.any
}

fn to_xml(
    id: &Ident,
    fields: &[Member<'_>],
    attrs: &[Member<'_>],
    wildcard: Option<&Wildcard<'_>>,
    text: Option<&FieldShape>,
    encoded: &Encoded,
) -> TokenStream {
    let mut attr_writes: Vec<TokenStream> = attrs
        .iter()
        .map(|a| {
            let (fid, ns, local) = (&a.id, &a.ns, a.local);
            match a.shape.card {
                Card::One => quote! { w.attr(#ns, #local, &SimpleValue::to_text(&self.#fid)); },
                _ => quote! { if let Some(v) = &self.#fid { w.attr(#ns, #local, &SimpleValue::to_text(v)); } },
            }
        })
        .collect();
    if let (Encoded::Array(item), Some(items)) = (encoded, fields.first()) {
        let items = &items.id;
        attr_writes.push(quote! { w.soap_array_type(#item, self.#items.len()); });
    }
    let part_types = match encoded {
        Encoded::Rpc(types) => {
            attr_writes.push(quote! { w.encoding_style(); });
            types.as_slice()
        }
        _ => &[],
    };
    let writes = fields.iter().enumerate().map(|(i, f)| {
        let (fid, ns, local) = (&f.id, &f.ns, f.local);
        // An rpc/encoded part names its type.
        if let Some(Some(ty)) = part_types.get(i) && !f.shape.boxed && !is_any(f) {
            let index = f.index;
            match f.shape.card {
                Card::One => return quote! { if !self.absent.has(#index) { w.encoded(#ns, #local, #ty, &self.#fid); } },
                Card::Opt => return quote! { if let Some(v) = &self.#fid { w.encoded(#ns, #local, #ty, v); } },
                _ => {}
            }
        }
        if f.shape.kind == Kind::Particle {
            return super::choice::write_member(f);
        }
        if is_any(f) {
            return match f.shape.card {
                Card::Many | Card::ManyNil => quote! { for v in &self.#fid { v.write_content(w); } },
                Card::Opt | Card::OptNil => {
                    quote! { if let Some(v) = &self.#fid { ToXml::write_content(v, w); } }
                }
                _ => quote! { ToXml::write_content(&self.#fid, w); },
            };
        }
        if f.shape.boxed {
            let index = f.index;
            return match f.shape.card {
                Card::One => quote! { if !self.absent.has(#index) { w.element(#ns, #local, &*self.#fid); } },
                Card::Opt => {
                    quote! { if let Some(v) = &self.#fid { w.element(#ns, #local, &**v); } }
                }
                Card::Nil => quote! { if !self.absent.has(#index) { w.nillable(#ns, #local, &self.#fid.as_ref().map_value(|b| &**b)); } },
                _ => quote! { if let Some(v) = &self.#fid { w.nillable(#ns, #local, v); } },
            };
        }
        let index = f.index;
        match f.shape.card {
            Card::One => quote! { if !self.absent.has(#index) { w.required(#ns, #local, &self.#fid); } },
            Card::Opt => quote! { w.optional(#ns, #local, &self.#fid); },
            Card::Nil => quote! { if !self.absent.has(#index) { w.nillable(#ns, #local, &self.#fid); } },
            Card::OptNil => quote! { w.optional_nillable(#ns, #local, &self.#fid); },
            Card::Many => quote! { w.repeated(#ns, #local, &self.#fid); },
            Card::ManyNil => quote! { w.repeated_nillable(#ns, #local, &self.#fid); },
        }
    });
    let text_write = text.map(|_| quote! { ToXml::write_content(&self.value, w); });
    let any_write = wildcard.map(|wc| {
        let fid = &wc.id;
        quote! { w.any_attributes(&self.#fid); }
    });
    let attr_fn = if attr_writes.is_empty() && wildcard.is_none() {
        quote!()
    } else {
        quote! { fn write_attributes(&self, w: &mut XmlWriter) { #( #attr_writes )* #any_write } }
    };
    let w = if fields.is_empty() && text.is_none() { quote!(_w) } else { quote!(w) };
    quote! {
        impl ToXml for #id {
            #attr_fn
            fn write_content(&self, #w: &mut XmlWriter) {
                #( #writes )*
                #text_write
            }
        }
    }
}

fn from_xml(
    id: &Ident,
    fields: &[Member<'_>],
    attrs: &[Member<'_>],
    wildcard: Option<&Wildcard<'_>>,
    text: Option<&FieldShape>,
    encoded: &Encoded,
    any_namespaces: Option<&TokenStream>,
) -> TokenStream {
    let slots = fields.iter().map(|f| {
        let fid = &f.id;
        match f.shape.card {
            Card::Many | Card::ManyNil => quote! { let mut #fid = Vec::new(); },
            _ => quote! { let mut #fid = None; },
        }
    });
    let any = fields.iter().find(|f| is_any(f));
    // The child is read where the reader keeps it (`next_child_start`, `child_is`, `*_child`):
    // no `Element` is built per child.
    let read = |f: &Member<'_>| {
        let fid = &f.id;
        match (f.shape.card, f.shape.boxed) {
            (Card::One | Card::Opt, false) => quote! { r.read_once_child(&mut #fid)?; },
            (Card::One | Card::Opt, true) => {
                quote! { let v = r.read_child()?; #fid = Some(Box::new(v)); }
            }
            (Card::Nil | Card::OptNil, _) => quote! { r.read_once_nillable_child(&mut #fid)?; },
            (Card::Many, _) => quote! { r.push_child(&mut #fid)?; },
            (Card::ManyNil, _) => quote! { r.push_nillable_child(&mut #fid)?; },
        }
    };
    // Elements sharing a name (a sequence may repeat one, e.g. DHL's `statusType`): each child goes
    // to the first field of that name at or after the last field read, in sequence order.
    let mut groups: Vec<(String, Vec<&Member<'_>>)> = Vec::new();
    for f in fields.iter().filter(|f| !is_any(f)) {
        let key = format!("{} {}", f.ns, f.local);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(f),
            None => groups.push((key, vec![f])),
        }
    }
    // SOAP encoding does not name array members (section 5.4.2: `<item>`, `<string>`,
    // `<soapenc:int>` ... all occur): every child is an item.
    let any_name_items = match (fields, encoded) {
        ([items], Encoded::Array(_)) if matches!(items.shape.card, Card::Many | Card::ManyNil) => Some(items),
        _ => None,
    };
    if any_name_items.is_some() {
        groups.clear();
    }
    let positional = groups.iter().any(|(_, m)| m.len() > 1);
    let arms = groups.iter().map(|(_, members)| {
        let (ns, local) = (&members[0].ns, members[0].local);
        let is = match &members[0].group {
            Some(g) => quote!(#g::accepts(r.child())),
            None => quote!(r.child_is(#ns, #local)),
        };
        if !positional {
            let read = read(members[0]);
            return quote! { if #is { #read } else };
        }
        let last = members.len() - 1;
        let branches = members.iter().enumerate().map(|(j, f)| {
            let (read, index, fid) = (read(f), usize::from(f.index), &f.id);
            let free = match f.shape.card {
                Card::Many | Card::ManyNil => quote!(true),
                _ => quote!(#fid.is_none()),
            };
            if j == last {
                quote! { { #read pos = #index; } }
            } else {
                quote! { if pos <= #index && #free { #read pos = #index; } else }
            }
        });
        quote! { if #is { #( #branches )* } else }
    });
    let pos_decl = if positional { quote!(let mut pos: usize = 0;) } else { quote!() };
    let fallback = match any {
        Some(f) => {
            let fid = &f.id;
            // A wildcard that allows any namespace needs no check.
            let check = any_namespaces.map(|ns| quote! { r.check_wildcard_child(&#ns); });
            match f.shape.card {
                Card::Many | Card::ManyNil => {
                    quote! { { #check #fid.push(::runtime::xml::RawXml::read_child_element(r)?); } }
                }
                _ => {
                    quote! { { #check #fid = Some(::runtime::xml::RawXml::read_child_element(r)?); } }
                }
            }
        }
        None => match any_name_items {
            // No arm before it: the read itself, not a block after `else`.
            Some(items) => read(items),
            None => quote! { { r.unexpected_child()?; } },
        },
    };
    let finals = fields.iter().map(|f| {
        let (fid, local, index) = (&f.id, f.local, f.index);
        match f.shape.card {
            Card::One | Card::Nil if is_any(f) => quote! { #fid: #fid.unwrap_or_default() },
            Card::One | Card::Nil => quote! { #fid: r.required_or_absent(#fid, #local, #index, &mut absent) },
            _ => quote! { #fid },
        }
    });
    let tracks_absent = fields.iter().any(can_be_absent);
    let absent_decl =
        if tracks_absent { quote!(let mut absent = ::runtime::xml::Absent::default();) } else { quote!() };
    let absent_field = if tracks_absent { quote!(absent,) } else { quote!() };
    let attr_reads = attrs.iter().map(|a| {
        let (fid, ns, local) = (&a.id, &a.ns, a.local);
        match a.shape.card {
            Card::One => quote! { let #fid = r.attribute(el, #ns, #local)?; let #fid = r.required(#fid, #local); },
            _ => quote! { let #fid = r.attribute(el, #ns, #local)?; },
        }
    });
    let any_read = wildcard.map(|wc| {
        let (fid, spec) = (&wc.id, &wc.spec);
        quote! { #spec let #fid = r.any_attributes(el, &WILDCARD); }
    });
    let attr_names = attrs.iter().map(|a| &a.id).chain(wildcard.map(|wc| &wc.id));
    let no_attrs = attrs.is_empty() && wildcard.is_none();
    let body = if let Some(_t) = text {
        quote! {
            let value = r.simple_content(el)?;
            Ok(Self { #( #attr_names, )* value })
        }
    } else if fields.iter().any(|f| f.shape.kind == Kind::Particle) {
        let (read, inits) = super::choice::read_content(fields, false);
        quote! {
            #read
            Ok(Self { #( #attr_names, )* #( #inits, )* })
        }
    } else {
        quote! {
            #absent_decl
            #pos_decl
            #( #slots )*
            while r.next_child_start()? {
                #( #arms )* #fallback
            }
            Ok(Self { #( #attr_names, )* #( #finals, )* #absent_field })
        }
    };
    // A value made of child elements only needs no `Element`: read in place, where the reader
    // keeps its current child (`read_current`), and `read_xml` reads the same content.
    if no_attrs && text.is_none() {
        return quote! {
            impl FromXml for #id {
                fn read_xml(r: &mut XmlReader<'_>, el: &Element) -> Result<Self, XmlError> {
                    let _ = el;
                    Self::read_current(r)
                }
                fn read_current(r: &mut XmlReader<'_>) -> Result<Self, XmlError> {
                    #body
                }
            }
        };
    }
    quote! {
        impl FromXml for #id {
            fn read_xml(r: &mut XmlReader<'_>, el: &Element) -> Result<Self, XmlError> {
                #( #attr_reads )*
                #any_read
                #body
            }
        }
    }
}

fn validate(
    id: &Ident,
    fields: &[Member<'_>],
    attrs: &[Member<'_>],
    wildcard: Option<&Wildcard<'_>>,
    text: Option<&FieldShape>,
) -> Result<TokenStream, String> {
    let mut checks = Vec::new();
    if let Some(wc) = wildcard {
        let (fid, name, spec) = (&wc.id, wc.name, &wc.spec);
        checks.push(quote! { #spec v.any_attributes(#name, &self.#fid, &WILDCARD); });
    }
    for m in attrs.iter().chain(fields.iter()) {
        let fid = &m.id;
        let at = Access { place: quote!(self.#fid), reference: quote!(&self.#fid), unboxed: quote!(&*self.#fid) };
        member_checks(m, &at, &mut checks)?;
    }
    if let Some(t) = text
        && (t.kind == Kind::Enum || !t.facets.is_empty())
    {
        let facets = super::facets_literal(&t.facets)?;
        checks.push(if matches!(t.item, ItemType::List(_)) {
            quote! { v.simple_list("value", &self.value, &#facets); }
        } else {
            quote! { v.simple("value", &self.value, &#facets); }
        });
    }
    let v = if checks.is_empty() { quote!(_v) } else { quote!(v) };
    Ok(quote! {
        impl Validate for #id {
            fn validate(&self, #v: &mut Validator) {
                #( #checks )*
            }
        }
    })
}

/// How generated code reaches a member's value: `self.field`, or the payload `x` a variant binds.
pub(super) struct Access {
    /// The value, for method calls (`self.field`, `x`).
    pub(super) place: TokenStream,
    /// A reference to it (`&self.field`, `x`).
    pub(super) reference: TokenStream,
    /// A reference to the boxed value, when it is boxed (`&*self.field`, `&**x`).
    pub(super) unboxed: TokenStream,
}

/// Appends the checks of member `m`, reached through `at`.
pub(super) fn member_checks(m: &Member<'_>, at: &Access, checks: &mut Vec<TokenStream>) -> Result<(), String> {
    let Access { place, reference, unboxed } = at;
    let local = m.local;
    let s = m.shape;
    if matches!(s.card, Card::Many | Card::ManyNil) && (m.min > 0 || m.max.is_some()) {
        let min = m.min;
        let max = match m.max {
            Some(n) => quote!(Some(#n)),
            None => quote!(None),
        };
        checks.push(quote! { v.occurs(#local, #place.len(), #min, #max); });
    }
    let needs = match s.kind {
        Kind::Simple => !s.facets.is_empty(),
        Kind::Enum | Kind::Complex | Kind::Particle => true,
        Kind::Raw => false,
    };
    if !needs {
        return Ok(());
    }
    // The facets of an xsd:list hold for each of its items.
    let is_list = matches!(s.item, ItemType::List(_));
    let call = |x: TokenStream| -> Result<TokenStream, String> {
        Ok(match s.kind {
            Kind::Complex => quote! { v.complex(#local, #x); },
            // Transparent: the particle's elements are the parent's, and so are their paths.
            Kind::Particle => quote! { Validate::validate(#x, v); },
            _ => {
                let facets = super::facets_literal(&s.facets)?;
                if is_list {
                    quote! { v.simple_list(#local, #x, &#facets); }
                } else {
                    quote! { v.simple(#local, #x, &#facets); }
                }
            }
        })
    };
    let list = |iter: TokenStream| -> Result<TokenStream, String> {
        Ok(match s.kind {
            Kind::Complex => quote! { v.complex_list(#local, #iter); },
            Kind::Particle => quote! { for x in #iter { Validate::validate(x, v); } },
            _ => {
                let facets = super::facets_literal(&s.facets)?;
                quote! { v.simple_list(#local, #iter, &#facets); }
            }
        })
    };
    let deref = if s.boxed { quote!(&**x) } else { quote!(x) };
    checks.push(match s.card {
        Card::One => call(if s.boxed { unboxed.clone() } else { reference.clone() })?,
        Card::Opt => {
            let c = call(deref)?;
            quote! { if let Some(x) = #reference { #c } }
        }
        Card::Nil => {
            let c = call(deref)?;
            quote! { if let Nillable::Value(x) = #reference { #c } }
        }
        Card::OptNil => {
            let c = call(deref)?;
            quote! { if let Some(Nillable::Value(x)) = #reference { #c } }
        }
        // Repeated lists: every item of every list.
        Card::Many if is_list => list(quote!(#place.iter().flatten()))?,
        Card::ManyNil if is_list => list(quote!(#place.iter().filter_map(Nillable::value).flatten()))?,
        Card::Many => list(reference.clone())?,
        Card::ManyNil => list(quote!(#place.iter().filter_map(Nillable::value)))?,
    });
    Ok(())
}
