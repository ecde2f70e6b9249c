//! `types.rs`: structs and enums with their documentation and constructors.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::shape::{Card, FieldShape, Kind, Shapes};
use super::{DebugField, debug_impl, doc, pattern};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{
    AttributeWildcard, ComplexType, EnumType, Facets, Inline, NamespaceConstraint, ProcessContents, QName, Service,
    TypeDef, TypeKind,
};
use crate::naming::{Names, ident};

/// The items of the types in `part` (indexes into `service.types`); the first part also carries
/// the file's inner attributes.
pub fn render(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    part: &Range<usize>,
) -> Result<TokenStream, Diagnostics> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (q, ty) in service.types.iter().take(part.end).skip(part.start) {
        let Some(name) = names.ty(q) else { continue };
        let id = ident(name);
        items.push(match &ty.kind {
            TypeKind::Complex(c) if matches!(c.inline, Some(Inline::Choice(_))) => {
                super::choice::enum_type(service, q, ty, c, &id, names, shapes)
            }
            TypeKind::Complex(c) => complex(service, q, ty, c, &id, names, shapes),
            TypeKind::Enum(e) => enumeration(q, ty, e, &id, names),
            TypeKind::Simple(_) => continue,
        });
        // A type others derive from: its `Any<Type>` enum right after it.
        match super::poly::type_items(service, names, shapes, q) {
            Ok(t) => items.push(t),
            Err(m) => errors.push(Diagnostic::new(ty.span.clone(), m)),
        }
    }
    if part.end == service.types.len() {
        match super::poly::group_type_items(service, names, shapes) {
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
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::too_many_arguments)]
        #( #items )*
    })
}

fn type_docs(q: &QName, ty: &TypeDef, what: &str) -> String {
    let mut text = ty.docs.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!("XML {what} `{}`{}.", q.local, ns_note(&q.ns)));
    text
}

fn ns_note(ns: &str) -> String {
    if ns.is_empty() { " (no namespace)".to_string() } else { format!(" in `{ns}`") }
}

fn complex(
    service: &Service,
    q: &QName,
    ty: &TypeDef,
    c: &ComplexType,
    id: &proc_macro2::Ident,
    names: &Names,
    shapes: &Shapes,
) -> TokenStream {
    let docs = if c.inline.is_some() { super::choice::sequence_docs(ty) } else { doc(&type_docs(q, ty, "type")) };
    let mut fields = Vec::new();
    let mut debug = Vec::new();
    // Constructor arguments: what the wire requires and has no empty form (no Nil, no empty list).
    let mut args = Vec::new();
    for (i, a) in c.attributes.iter().enumerate() {
        let Some(shape) = shapes.attribute(q, i) else { continue };
        let fid = ident(names.attribute(q, i));
        let t = shape.rust_type();
        let mut text = field_docs(a.docs.as_deref(), &format!("Attribute `{}`", a.name.local), shape, a.required);
        union_note(&mut text, service, names, &a.ty);
        let d = doc(&text);
        fields.push(quote! { #d pub #fid: #t, });
        debug.push((fid.clone(), DebugField::Plain));
        if shape.card == Card::One {
            args.push((fid, shape.clone()));
        }
    }
    if let (Some(w), Some(name)) = (&c.any_attribute, names.any_attributes(q)) {
        let fid = ident(name);
        let d = doc(&wildcard_docs(w));
        fields.push(quote! { #d pub #fid: ::runtime::xml::AnyAttributes, });
        debug.push((fid, DebugField::Plain));
    }
    if let Some(shape) = shapes.text(q) {
        let t = shape.rust_type();
        fields.push(quote! { #[doc = " The element's text content."] pub value: #t, });
        debug.push((ident("value"), DebugField::Plain));
        args.push((ident("value"), shape.clone()));
    }
    for (i, f) in c.fields.iter().enumerate() {
        let Some(shape) = shapes.field(q, i) else { continue };
        let fid = ident(names.field(q, i));
        let t = shape.rust_type();
        let what = if f.name.local == "any" && f.name.ns == "##any" {
            "Any element (kept as raw XML)".to_string()
        } else if shape.kind == Kind::Particle {
            let item = &shape.item;
            format!("One of the branches of `{}` (xs:choice)", quote!(#item))
        } else {
            format!("Element `{}`", f.name.local)
        };
        let mut text = field_docs(f.docs.as_deref(), &what, shape, !f.is_optional());
        union_note(&mut text, service, names, &f.ty);
        debug.push((fid.clone(), DebugField::of(f.sensitive, matches!(shape.card, Card::Opt | Card::OptNil))));
        if f.sensitive {
            text.push_str(" A secret: `***` in `Debug` output.");
        }
        let d = doc(&text);
        fields.push(quote! { #d pub #fid: #t, });
        if shape.card == Card::One {
            args.push((fid, shape.clone()));
        }
    }
    let can_be_absent = c.fields.iter().enumerate().any(|(i, f)| {
        f.name.ns != "##any" && shapes.field(q, i).is_some_and(|s| matches!(s.card, Card::One | Card::Nil))
    });
    if can_be_absent {
        fields.push(quote! {
            /// Required elements a lenient parse did not find (real services omit some); they are not
            /// written back, so a parsed message re-serializes as it was received.
            pub(crate) absent: ::runtime::xml::Absent,
        });
        debug.push((ident("absent"), DebugField::Plain));
    }
    let (derive_debug, debug_impl) = debug_impl(id, &debug);
    let params = args.iter().map(|(fid, s)| {
        let t = s.rust_type();
        if s.boxed { quote!(#fid: #t) } else { quote!(#fid: impl Into<#t>) }
    });
    let inits = args.iter().map(|(fid, s)| if s.boxed { quote!(#fid) } else { quote!(#fid: #fid.into()) });
    let ctor_doc = if args.is_empty() {
        "A value with every field empty (nothing is required).".to_string()
    } else {
        let list: Vec<String> =
            args.iter().map(|(f, _)| format!("`{}`", f.to_string().trim_start_matches("r#"))).collect();
        format!(
            "A value with its required fields ({}); optional fields start empty (`None`), nillable ones as `Nil`, lists empty.",
            list.join(", ")
        )
    };
    let ctor_doc = doc(&ctor_doc);
    let rest = if !can_be_absent
        && c.any_attribute.is_none()
        && args.len() == c.fields.len() + c.attributes.len() + usize::from(c.text.is_some())
    {
        quote!()
    } else {
        quote!(..Default::default())
    };
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, Default)]
        pub struct #id {
            #( #fields )*
        }
        #debug_impl

        impl #id {
            #ctor_doc
            pub fn new( #( #params ),* ) -> Self {
                Self { #( #inits, )* #rest }
            }
        }
    }
}

/// The documentation of the field holding an attribute wildcard's attributes.
fn wildcard_docs(w: &AttributeWildcard) -> String {
    let mut text = w.docs.as_deref().unwrap_or_default().trim().to_string();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let allowed = match &w.namespaces {
        NamespaceConstraint::Any => "in any namespace or in none (`##any`)".to_string(),
        NamespaceConstraint::Not(ns) if ns.is_empty() => "in any namespace, not unqualified (`##other`)".to_string(),
        NamespaceConstraint::Not(ns) => format!("in any namespace but `{ns}`, not unqualified (`##other`)"),
        NamespaceConstraint::Only(list) => {
            let list: Vec<String> =
                list.iter().map(|n| if n.is_empty() { "unqualified".to_string() } else { format!("`{n}`") }).collect();
            format!("only: {}", list.join(", "))
        }
    };
    let process = match w.process {
        ProcessContents::Strict => "strict: each must be an attribute the schemas declare globally",
        ProcessContents::Lax => "lax",
        ProcessContents::Skip => "skip",
    };
    text.push_str(&format!(
        "Attributes besides the declared ones (`xs:anyAttribute`, processContents {process}), allowed {allowed}; \
         by namespace URI, local name and value, kept as received and written back. Empty by default; \
         validation refuses a namespace the wildcard does not allow, a declared attribute's name and a name twice."
    ));
    text
}

/// Appends what a union-typed value may be (see `union.rs`).
pub(super) fn union_note(text: &mut String, service: &Service, names: &Names, ty: &crate::model::TypeRef) {
    if let Some(note) = super::union::note(service, names, ty) {
        text.push_str("\n\n");
        text.push_str(&note);
    }
}

pub(super) fn field_docs(docs: Option<&str>, what: &str, shape: &FieldShape, required: bool) -> String {
    let mut text = docs.unwrap_or_default().trim().to_string();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let card = match shape.card {
        Card::One => "required",
        Card::Opt => "optional",
        Card::Nil => "always sent, may be nil (xsi:nil)",
        Card::OptNil => "optional, may be nil (xsi:nil)",
        Card::Many | Card::ManyNil => "repeated",
    };
    let _ = required;
    text.push_str(&format!("{what}, {card}"));
    let is_list = matches!(shape.item, super::shape::ItemType::List(_));
    if is_list {
        text.push_str(", a list of values separated by spaces");
    }
    let rules = facet_summary(&shape.facets);
    if !rules.is_empty() {
        text.push_str(&format!("; {}{}", if is_list { "each value " } else { "" }, rules.join(", ")));
    }
    text.push('.');
    text
}

/// Human-readable facets for docs: "at most 50 characters", "pattern `[0-9]{1,12}`".
pub fn facet_summary(f: &Facets) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = f.length {
        out.push(format!("exactly {n} characters"));
    }
    if let Some(n) = f.min_length {
        out.push(format!("at least {n} characters"));
    }
    if let Some(n) = f.max_length {
        out.push(format!("at most {n} characters"));
    }
    for p in &f.patterns {
        out.push(format!("pattern `{}`", pattern::escape_doc(p)));
    }
    if let Some(n) = f.total_digits {
        out.push(format!("at most {n} digits"));
    }
    if let Some(n) = f.fraction_digits {
        out.push(format!("at most {n} decimals"));
    }
    if let Some(v) = &f.min_inclusive {
        out.push(format!(">= {v}"));
    }
    if let Some(v) = &f.max_inclusive {
        out.push(format!("<= {v}"));
    }
    if let Some(v) = &f.min_exclusive {
        out.push(format!("> {v}"));
    }
    if let Some(v) = &f.max_exclusive {
        out.push(format!("< {v}"));
    }
    out
}

fn enumeration(q: &QName, ty: &TypeDef, e: &EnumType, id: &proc_macro2::Ident, names: &Names) -> TokenStream {
    let docs = doc(&type_docs(q, ty, "enumeration"));
    let variants: Vec<_> = (0..e.values.len()).map(|i| ident(names.variant(q, i))).collect();
    let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
    let vdocs = e.values.iter().map(|v| {
        let mut t = v.docs.clone().unwrap_or_default();
        if !t.is_empty() {
            t.push_str("\n\n");
        }
        t.push_str(&format!("Wire value `{}`.", v.value));
        doc(&t)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #id {
            #( #vdocs #variants, )*
            /// A value this client does not know, kept exactly as received. Refused when sending.
            Unknown(String),
        }

        impl #id {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Unknown(other) => other.as_str(),
                }
            }
        }

        impl Default for #id {
            /// An empty unknown value: what a missing element reads as in lenient mode.
            fn default() -> Self {
                Self::Unknown(String::new())
            }
        }

        impl ::std::fmt::Display for #id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #id {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    #( #values => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }
    }
}
