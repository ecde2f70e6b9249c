//! Inline types (`model::Inline`, made by `inline.rs` from `xs:choice`s): a choice is an enum
//! with a variant per branch, a branch of several elements a struct; both are
//! `runtime::xml::Particle`s, written and read among their parent's elements.
//!
//! Reading a parent that holds particles goes through `runtime::xml::particle::pick`: each child
//! goes to the first member (in sequence order) that can take it at or after the member read
//! last; a particle reads its first element and the siblings that belong to it, and hands back
//! the first that does not. A particle's own content is read in order (a child that only fits
//! an earlier member ends it: it starts the next occurrence, or belongs to the parent); a type's
//! content stays lenient (out of order, it still goes to the first member that takes it).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::shape::{Card, FieldShape, Kind, Shapes};
use super::types::{field_docs, union_note};
use super::xml::{Access, Member, can_be_absent, is_any, member_checks, ns_tokens};
use super::{DebugField, doc};
use crate::model::{ComplexType, Field, Inline, QName, Service, TypeDef, Variant};
use crate::naming::{Names, ident};

/// Docs of a branch struct: the branch's own, then what it is.
pub(super) fn sequence_docs(ty: &TypeDef) -> TokenStream {
    let mut text = ty.docs.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str("A branch of an xs:choice: these elements in order, written among the parent's elements.");
    doc(&text)
}

fn variants(c: &ComplexType) -> &[Variant] {
    match &c.inline {
        Some(Inline::Choice(v)) => v,
        _ => &[],
    }
}

/// The payload of variant `v`: its field and shape.
fn payload<'c>(q: &QName, c: &'c ComplexType, shapes: &'c Shapes, v: &Variant) -> Option<(&'c Field, &'c FieldShape)> {
    let i = v.field?;
    Some((c.fields.get(i)?, shapes.field(q, i)?))
}

fn is_wildcard(f: &Field) -> bool {
    f.name.ns == "##any"
}

/// The enum of an `Inline::Choice`: a variant per branch, `Default` its first empty branch (what
/// a missing choice reads as) or else its first branch.
pub(super) fn enum_type(
    service: &Service,
    q: &QName,
    ty: &TypeDef,
    c: &ComplexType,
    id: &Ident,
    names: &Names,
    shapes: &Shapes,
) -> TokenStream {
    let mut text = ty.docs.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let list: Vec<String> = variants(c).iter().map(|v| format!("`{}`", v.name)).collect();
    text.push_str(&format!(
        "An xs:choice between {}: exactly one branch, its elements written among the parent's.",
        list.join(", ")
    ));
    let docs = doc(&text);
    let mut items = Vec::new();
    let mut debug_arms = Vec::new();
    let mut secret = false;
    for (i, v) in variants(c).iter().enumerate() {
        let vid = ident(names.variant(q, i));
        let label = vid.to_string();
        let mut text = v.docs.clone().unwrap_or_default();
        match payload(q, c, shapes, v) {
            Some((f, shape)) => {
                let item = &shape.item;
                let described = |what: &str| field_docs(f.docs.as_deref(), what, shape, f.min_occurs > 0);
                let line = match super::inline::inline_of(service, &f.ty) {
                    _ if is_wildcard(f) => described("Any element (kept as raw XML)"),
                    Some((_, Inline::Sequence)) => format!("The elements of `{}`, in order.", quote!(#item)),
                    Some(_) => described(&format!("One of the branches of `{}` (xs:choice)", quote!(#item))),
                    None => described(&format!("Element `{}`", f.name.local)),
                };
                let mut line = line;
                union_note(&mut line, service, names, &f.ty);
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&line);
                if f.sensitive {
                    text.push_str(" A secret: `***` in `Debug` output.");
                    secret = true;
                }
                let t = shape.rust_type();
                let d = doc(&text);
                items.push(quote! { #d #vid(#t), });
                let (x, value) = match DebugField::of(f.sensitive, matches!(shape.card, Card::Opt | Card::OptNil)) {
                    DebugField::Plain => (quote!(x), quote!(x)),
                    DebugField::Secret => (quote!(_), quote!(&::runtime::auth::Redacted)),
                    DebugField::OptSecret => (quote!(x), quote!(&x.as_ref().map(|_| ::runtime::auth::Redacted))),
                };
                debug_arms.push(quote! { Self::#vid(#x) => f.debug_tuple(#label).field(#value).finish(), });
            }
            None => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str("The branch that holds no element: nothing is written.");
                let d = doc(&text);
                items.push(quote! { #d #vid, });
                debug_arms.push(quote! { Self::#vid => f.write_str(#label), });
            }
        }
    }
    let default = default_variant(service, q, c, names);
    let (derive_debug, debug_impl) = if secret {
        let imp = quote! {
            impl ::std::fmt::Debug for #id {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self { #( #debug_arms )* }
                }
            }
        };
        (quote!(), imp)
    } else {
        (quote!(Debug,), quote!())
    };
    // Variants hold their branch by value, boxed only to break a recursion: which ones a size
    // lint would box depends on the schema's types, and a branch is matched far more often than
    // an enum is moved.
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #id {
            #( #items )*
        }
        #debug_impl

        impl Default for #id {
            /// The first branch that holds nothing (what an absent choice reads as), else the
            /// first branch, empty.
            fn default() -> Self {
                #default
            }
        }
    }
}

/// The value `Default` gives: the first variant that can be empty on the wire (its payload's
/// `Default` is then empty too), else the first.
fn default_variant(service: &Service, q: &QName, c: &ComplexType, names: &Names) -> TokenStream {
    let all = variants(c);
    let empty =
        |v: &Variant| v.field.and_then(|i| c.fields.get(i)).is_none_or(|f| super::inline::emptiable(service, f));
    let chosen = all.iter().position(empty).unwrap_or(0);
    let vid = ident(names.variant(q, chosen));
    match all.get(chosen).and_then(|v| v.field) {
        Some(_) => quote!(Self::#vid(Default::default())),
        None => quote!(Self::#vid),
    }
}

/// `ToXml`, `Particle` and `Validate` of a choice enum.
pub(super) fn enum_xml(
    service: &Service,
    q: &QName,
    c: &ComplexType,
    id: &Ident,
    names: &Names,
    shapes: &Shapes,
    all: &[String],
) -> Result<TokenStream, String> {
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    let mut particle_reads = Vec::new();
    let mut wildcard_read = None;
    let mut checks = Vec::new();
    let mut first_names = Vec::new();
    let mut first_particles = Vec::new();
    let mut open = false;
    let (mut writing, mut checking) = (false, false);
    for (i, v) in variants(c).iter().enumerate() {
        let vid = ident(names.variant(q, i));
        let Some((f, shape)) = payload(q, c, shapes, v) else {
            writes.push(quote! { Self::#vid => {} });
            checks.push(quote! { Self::#vid => {} });
            continue;
        };
        let m = member(service, names, f, shape, all);
        let w = write_value(&m, &quote!(x));
        writes.push(quote! { Self::#vid(x) => { #w } });
        writing = true;
        let mut own = Vec::new();
        let at = Access { place: quote!(x), reference: quote!(x), unboxed: quote!(&**x) };
        member_checks(&m, &at, &mut own)?;
        checks.push(if own.is_empty() {
            quote! { Self::#vid(_) => {} }
        } else {
            checking = true;
            quote! { Self::#vid(x) => { #( #own )* } }
        });
        if m.any {
            open = true;
            wildcard_read = Some(read_variant(&vid, read_value(&m), true));
        } else if shape.kind == Kind::Particle {
            let item = &shape.item;
            first_particles.push(quote!(<#item as ::runtime::xml::Particle>::starts(el)));
            let read = read_variant(&vid, read_value(&m), false);
            particle_reads.push(quote! { if <#item as ::runtime::xml::Particle>::starts(&first) { #read } });
        } else if let Some(g) = &m.group {
            // A substitution group's head: any of its members begins the branch.
            first_particles.push(quote!(#g::accepts(el)));
            let read = read_variant(&vid, read_value(&m), false);
            reads.push(quote! { if #g::accepts(&first) { #read } });
        } else {
            let (ns, local) = (&m.ns, m.local);
            first_names.push(quote!((#ns, #local)));
            let read = read_variant(&vid, read_value(&m), false);
            reads.push(quote! { if first.is(#ns, #local) { #read } });
        }
    }
    let starts = starts_expr(&first_names, &first_particles, open);
    let el = if open || (first_names.is_empty() && first_particles.is_empty()) { quote!(_el) } else { quote!(el) };
    // `starts` accepted `first`, so one branch takes it; the fallback keeps a broken caller safe.
    let last = wildcard_read.unwrap_or_else(|| {
        quote! {
            r.unexpected(&first)?;
            Ok((Default::default(), ::runtime::xml::particle::Next::Unread))
        }
    });
    let v = if checking { quote!(v) } else { quote!(_v) };
    let write_param = if writing { quote!(w) } else { quote!(_w) };
    Ok(quote! {
        impl ToXml for #id {
            fn write_content(&self, #write_param: &mut XmlWriter) {
                match self { #( #writes )* }
            }
        }

        impl ::runtime::xml::Particle for #id {
            fn starts(#el: &Element<'_>) -> bool {
                #starts
            }
            fn read_particle<'a>(r: &mut XmlReader<'a>, first: Element<'a>) -> ::runtime::xml::particle::ReadAhead<'a, Self> {
                #( #reads )*
                #( #particle_reads )*
                #last
            }
        }

        impl Validate for #id {
            fn validate(&self, #v: &mut Validator) {
                match self { #( #checks )* }
            }
        }
    })
}

/// A variant payload as a [`Member`] (the wire code of struct fields works on members).
fn member<'a>(service: &Service, names: &Names, f: &'a Field, shape: &'a FieldShape, all: &[String]) -> Member<'a> {
    Member {
        id: ident("x"),
        ns: ns_tokens(all, &f.name.ns),
        local: &f.name.local,
        shape,
        min: f.min_occurs,
        max: f.max_occurs,
        index: 0,
        any: is_wildcard(f),
        emptiable: shape.kind == Kind::Particle && super::inline::emptiable(service, f),
        group: names.hierarchy.group_of(f).and(names.group(&f.name)).map(ident),
    }
}

/// `el` can begin the content: one of `names`, or what one of the `particles` begins with; any
/// element when `open` (a wildcard).
fn starts_expr(names: &[TokenStream], particles: &[TokenStream], open: bool) -> TokenStream {
    if open {
        return quote!(true);
    }
    let mut terms = Vec::new();
    if !names.is_empty() {
        terms.push(quote!(::runtime::xml::particle::is_one_of(el, &[ #( #names ),* ])));
    }
    terms.extend(particles.iter().cloned());
    if terms.is_empty() { quote!(false) } else { quote!(#( #terms )||*) }
}

/// Writes the value `acc` (a reference) of member `m` that is a variant's payload.
fn write_value(m: &Member<'_>, acc: &TokenStream) -> TokenStream {
    let (ns, local, s) = (&m.ns, m.local, m.shape);
    if m.any || s.kind == Kind::Particle {
        let one = if s.boxed { quote!(&**#acc) } else { quote!(#acc) };
        return match s.card {
            Card::Many | Card::ManyNil => quote! { ::runtime::xml::particle::write_all(w, #acc); },
            Card::Opt | Card::OptNil => {
                let v = if s.boxed { quote!(&**v) } else { quote!(v) };
                quote! { if let Some(v) = #acc { ToXml::write_content(#v, w); } }
            }
            Card::One | Card::Nil => quote! { ToXml::write_content(#one, w); },
        };
    }
    match (s.card, s.boxed) {
        (Card::One, false) => quote! { w.required(#ns, #local, #acc); },
        (Card::One, true) => quote! { w.element(#ns, #local, &**#acc); },
        (Card::Opt, false) => quote! { w.optional(#ns, #local, #acc); },
        (Card::Opt, true) => {
            quote! { if let Some(v) = #acc { w.element(#ns, #local, &**v); } }
        }
        (Card::Nil, false) => quote! { w.nillable(#ns, #local, #acc); },
        (Card::OptNil, false) => quote! { w.optional_nillable(#ns, #local, #acc); },
        (Card::Nil | Card::OptNil, true) => {
            let item = &s.item;
            let nil = quote! { Some(Nillable::<#item>::Nil) };
            let some = if s.card == Card::Nil { quote!(Some(#acc)) } else { quote!(#acc.as_ref()) };
            quote! {
                match #some {
                    Some(Nillable::Value(v)) => w.element(#ns, #local, &**v),
                    #nil => w.nillable(#ns, #local, &Nillable::<#item>::Nil),
                    _ => {}
                }
            }
        }
        (Card::Many, _) => quote! { w.repeated(#ns, #local, #acc); },
        (Card::ManyNil, _) => quote! { w.repeated_nillable(#ns, #local, #acc); },
    }
}

/// How a variant's payload is read from `first`.
enum Read {
    /// The value, from `first` alone (nothing read past it).
    Value(TokenStream),
    /// `(value, what was read past it)`, from `first` and the siblings after it.
    Pair(TokenStream),
}

/// Reads member `m` (a variant's payload) from `first`, `?` applied.
fn read_value(m: &Member<'_>) -> Read {
    let s = m.shape;
    let max = match m.max {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let boxed = |v: TokenStream| if s.boxed { quote!(Box::new(#v)) } else { v };
    if m.any {
        let one = quote!(::runtime::xml::RawXml::read_element(r, &first)?);
        return Read::Value(match s.card {
            Card::Many | Card::ManyNil => quote!(vec![#one]),
            Card::Opt | Card::OptNil => quote!(Some(#one)),
            Card::One | Card::Nil => one,
        });
    }
    if s.kind == Kind::Particle {
        let item = &s.item;
        let v = boxed(quote!(x));
        return Read::Pair(match s.card {
            Card::Many | Card::ManyNil => quote!(::runtime::xml::particle::read_many::<#item>(r, first, #max)?),
            Card::Opt | Card::OptNil => quote!({
                let (x, next) = <#item as ::runtime::xml::Particle>::read_particle(r, first)?;
                (Some(#v), next)
            }),
            Card::One | Card::Nil if s.boxed => quote!({
                let (x, next) = <#item as ::runtime::xml::Particle>::read_particle(r, first)?;
                (#v, next)
            }),
            Card::One | Card::Nil => quote!(<#item as ::runtime::xml::Particle>::read_particle(r, first)?),
        });
    }
    let nillable = if s.boxed {
        quote!(match r.read_nillable(&first)? {
            Nillable::Value(v) => Nillable::Value(Box::new(v)),
            Nillable::Nil => Nillable::Nil,
        })
    } else {
        quote!(r.read_nillable(&first)?)
    };
    match s.card {
        Card::One => Read::Value(boxed(quote!(r.read(&first)?))),
        Card::Opt => {
            let v = boxed(quote!(r.read(&first)?));
            Read::Value(quote!(Some(#v)))
        }
        Card::Nil => Read::Value(nillable),
        Card::OptNil => Read::Value(quote!(Some(#nillable))),
        Card::Many => Read::Pair(quote!(::runtime::xml::particle::read_run(r, first, #max)?)),
        Card::ManyNil => Read::Pair(quote!(::runtime::xml::particle::read_run_nillable(r, first, #max)?)),
    }
}

/// The statements returning variant `vid` read by `read` (`tail`: as the function's last
/// expression).
fn read_variant(vid: &Ident, read: Read, tail: bool) -> TokenStream {
    let value = match read {
        Read::Value(v) => quote!(Ok((Self::#vid(#v), ::runtime::xml::particle::Next::Unread))),
        Read::Pair(p) => {
            let done = quote!(Ok((Self::#vid(x), next)));
            return if tail {
                quote! { let (x, next) = #p; #done }
            } else {
                quote! { let (x, next) = #p; return #done; }
            };
        }
    };
    if tail {
        value
    } else {
        quote! { return #value; }
    }
}

/// Writes a particle field of a struct (`self.field`: the enum or struct, optional, or a list).
pub(super) fn write_member(f: &Member<'_>) -> TokenStream {
    let (fid, index) = (&f.id, f.index);
    let one = if f.shape.boxed { quote!(&*self.#fid) } else { quote!(&self.#fid) };
    let v = if f.shape.boxed { quote!(&**v) } else { quote!(v) };
    match f.shape.card {
        Card::One | Card::Nil => quote! { if !self.absent.has(#index) { ToXml::write_content(#one, w); } },
        Card::Opt | Card::OptNil => {
            quote! { if let Some(v) = &self.#fid { ToXml::write_content(#v, w); } }
        }
        Card::Many | Card::ManyNil => quote! { ::runtime::xml::particle::write_all(w, &self.#fid); },
    }
}

/// The statements reading the children of a struct that holds particles (`group`: the struct
/// is itself a particle, read from `first` on, in order), and its fields' initializers.
pub(super) fn read_content(fields: &[Member<'_>], group: bool) -> (TokenStream, Vec<TokenStream>) {
    let named: Vec<&Member<'_>> = fields.iter().filter(|f| !is_any(f)).collect();
    let slots = fields.iter().map(|f| {
        let fid = &f.id;
        match f.shape.card {
            Card::Many | Card::ManyNil => quote! { let mut #fid = Vec::new(); },
            _ => quote! { let mut #fid = None; },
        }
    });
    let matches = named.iter().map(|f| {
        if f.shape.kind == Kind::Particle {
            let item = &f.shape.item;
            quote!(<#item as ::runtime::xml::Particle>::starts(&child))
        } else if let Some(g) = &f.group {
            quote!(#g::accepts(&child))
        } else {
            let (ns, local) = (&f.ns, f.local);
            quote!(child.is(#ns, #local))
        }
    });
    // Read in order, a list stops taking items at its maxOccurs: the next begins another
    // occurrence of the particle.
    let repeats = named.iter().map(|f| match (f.shape.card, f.max) {
        (Card::Many | Card::ManyNil, Some(n)) if group => {
            let n = n as usize;
            let fid = &f.id;
            quote!(#fid.len() < #n)
        }
        (Card::Many | Card::ManyNil, _) => quote!(true),
        _ => quote!(false),
    });
    let arms = named.iter().enumerate().map(|(k, f)| {
        let fid = &f.id;
        let read = match (f.shape.kind, f.shape.card, f.shape.boxed) {
            (Kind::Particle, _, _) => {
                let item = &f.shape.item;
                quote! { next = ::runtime::xml::particle::read_particle::<#item>(r, child, &mut #fid)?; }
            }
            (_, Card::One | Card::Opt, false) => quote! { r.read_once(&child, &mut #fid)?; },
            (_, Card::One | Card::Opt, true) => {
                quote! { #fid = Some(Box::new(r.read(&child)?)); }
            }
            (_, Card::Nil | Card::OptNil, _) => quote! { r.read_once_nillable(&child, &mut #fid)?; },
            (_, Card::Many, _) => quote! { #fid.push(r.read(&child)?); },
            (_, Card::ManyNil, _) => quote! { #fid.push(r.read_nillable(&child)?); },
        };
        quote! { Some(#k) => { #read } }
    });
    let fallback = match fields.iter().find(|f| is_any(f)) {
        Some(f) => {
            let fid = &f.id;
            match f.shape.card {
                Card::Many | Card::ManyNil => quote! { #fid.push(::runtime::xml::RawXml::read_element(r, &child)?) },
                _ => quote! { #fid = Some(::runtime::xml::RawXml::read_element(r, &child)?) },
            }
        }
        None if group => quote! {
            next = ::runtime::xml::particle::Next::Child(child);
            break;
        },
        None => quote! { r.unexpected(&child)? },
    };
    // The struct has `absent` when a member could be absent; a choice that can be empty never is.
    let tracks_absent = fields.iter().any(can_be_absent);
    let absent_decl = match (tracks_absent, fields.iter().any(|f| can_be_absent(f) && !f.emptiable)) {
        (true, true) => quote!(let mut absent = ::runtime::xml::Absent::default();),
        (true, false) => quote!(let absent = ::runtime::xml::Absent::default();),
        (false, _) => quote!(),
    };
    let pick = quote! {
        match ::runtime::xml::particle::pick(&mut pos, &[ #( #matches ),* ], &[ #( #repeats ),* ], #group) {
            #( #arms )*
            _ => { #fallback }
        }
    };
    let start = if group {
        quote!(::runtime::xml::particle::Next::Child(first))
    } else {
        quote!(::runtime::xml::particle::Next::Unread)
    };
    let read = quote! {
        #absent_decl
        #( #slots )*
        let mut pos = 0usize;
        let mut next = #start;
        while let Some(child) = ::runtime::xml::particle::next_child(r, &mut next)? {
            #pick
        }
    };
    let mut inits: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let (fid, local, index) = (&f.id, f.local, f.index);
            match f.shape.card {
                Card::One | Card::Nil if is_any(f) || f.emptiable => quote! { #fid: #fid.unwrap_or_default() },
                Card::One | Card::Nil if group => {
                    quote! { #fid: ::runtime::xml::particle::required(r, #fid, #local, #index, &mut absent, &next) }
                }
                Card::One | Card::Nil => quote! { #fid: r.required_or_absent(#fid, #local, #index, &mut absent) },
                _ => quote! { #fid },
            }
        })
        .collect();
    if tracks_absent {
        inits.push(quote!(absent));
    }
    (read, inits)
}

/// `Particle` for a branch struct (`Inline::Sequence`): it begins with its first elements up to
/// the first that must be there, and reads its members in order.
pub(super) fn group_impl(id: &Ident, fields: &[Member<'_>]) -> TokenStream {
    let mut names = Vec::new();
    let mut particles = Vec::new();
    let mut open = false;
    for f in fields {
        if is_any(f) {
            open = true;
        } else if f.shape.kind == Kind::Particle {
            let item = &f.shape.item;
            particles.push(quote!(<#item as ::runtime::xml::Particle>::starts(el)));
        } else if let Some(g) = &f.group {
            particles.push(quote!(#g::accepts(el)));
        } else {
            let (ns, local) = (&f.ns, f.local);
            names.push(quote!((#ns, #local)));
        }
        let required = if f.shape.kind == Kind::Particle { !f.emptiable } else { f.min > 0 };
        if required {
            break;
        }
    }
    let starts = starts_expr(&names, &particles, open);
    let el = if open || (names.is_empty() && particles.is_empty()) { quote!(_el) } else { quote!(el) };
    let (read, inits) = read_content(fields, true);
    quote! {
        impl ::runtime::xml::Particle for #id {
            fn starts(#el: &Element<'_>) -> bool {
                #starts
            }
            fn read_particle<'a>(r: &mut XmlReader<'a>, first: Element<'a>) -> ::runtime::xml::particle::ReadAhead<'a, Self> {
                #read
                Ok((Self { #( #inits, )* }, next))
            }
        }
    }
}
