//! Sample instances of a service's message elements, built from the codegen model (not from the
//! generated Rust code, and without the runtime's writer), to be validated by xmllint against the
//! vendor's schema and then round-tripped through the generated types.
//!
//! The model is the one the Rust back end renders (`codegen::rust::lower`): each choice a field of
//! an inline type whose variants are its branches (`model::Inline`).
//!
//! Two modes: [`Mode::Minimal`] writes only what the schema requires (first usable branch of each
//! required choice, required nillable elements as `xsi:nil`); [`Mode::Full`] writes every optional
//! element and attribute (and one attribute for an attribute wildcard that allows it), repeated
//! elements and choices twice, the last usable branch of each choice, and values with characters that need escaping. Deep or large `Full` instances fall back to `Minimal` below a
//! depth and size budget so that recursive schemas stay finite. Facets (length, pattern, bounds,
//! digits) and enumerations are honoured.
//!
//! Polymorphism (`codegen::hierarchy`): where an element's declared type has derived types, `Full`
//! instances write a derived one with `xsi:type` (a different one each time, among those with a
//! finite instance); where a reference to a substitution group's head allows it, a member element.
//! `Minimal` instances keep the declared type and element unless abstract, else take the one with
//! the smallest minimal instance, so that recursive hierarchies (an `And` of search expressions)
//! stay finite.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use codegen::hierarchy::Hierarchy;
use codegen::model::{
    AttributeWildcard, Builtin, ComplexType, Encoding, Facets, Field, Inline, NamespaceConstraint, ProcessContents,
    QName, Service, TypeKind, TypeRef, Variant,
};
use codegen::rust::inline::inline_of;

use crate::regex_sample;

mod scalars;
use crate::schema_set::Lexical;
pub use scalars::escape;
use scalars::{base64, number, octets, sized};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const XSD: &str = "http://www.w3.org/2001/XMLSchema";
const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// Namespace of the element written for a required wildcard (`xs:any`).
pub const ANY_NS: &str = "urn:x-roundtrip:any";
/// Namespace of the attribute written for an attribute wildcard (`xs:anyAttribute`) that allows it.
pub const ANY_ATTR_NS: &str = "urn:example:any";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Minimal,
    Full,
}

/// A sample document and what was left out of it (each a reason a reader can check).
#[derive(Debug, Clone)]
pub struct Sample {
    pub xml: String,
    pub omitted: Vec<String>,
}

/// `Full` instances are full down to this depth, then minimal.
const FULL_DEPTH: usize = 6;
/// `Full` instances stop adding optional content after this many elements.
const FULL_BUDGET: usize = 2_000;
/// A required recursion deeper than this is reported (the schema has no finite instance we find).
const MAX_DEPTH: usize = 60;

/// The document `<element>` of type `ty`. `lexical` gives values for the list and union types
/// (the model maps them to strings). [`Samples`] computes what this needs once per service.
pub fn sample(
    service: &Service,
    lexical: &BTreeMap<QName, Lexical>,
    element: &QName,
    ty: &TypeRef,
    mode: Mode,
) -> Result<Sample, String> {
    Samples::new(service, lexical).sample(element, ty, mode)
}

/// A service's samples: the model and what choosing among derived types and substitution group
/// members needs.
pub struct Samples<'s> {
    service: &'s Service,
    lexical: &'s BTreeMap<QName, Lexical>,
    hierarchy: Hierarchy,
    /// Elements in a minimal instance of each complex type (`u64::MAX`: none is finite).
    cost: BTreeMap<QName, u64>,
}

impl<'s> Samples<'s> {
    pub fn new(service: &'s Service, lexical: &'s BTreeMap<QName, Lexical>) -> Self {
        let hierarchy = Hierarchy::of(service);
        let cost = minimal_costs(service, &hierarchy);
        Samples { service, lexical, hierarchy, cost }
    }

    /// The document `<element>` of type `ty`.
    pub fn sample(&self, element: &QName, ty: &TypeRef, mode: Mode) -> Result<Sample, String> {
        let mut g = Gen {
            service: self.service,
            lexical: self.lexical,
            hierarchy: &self.hierarchy,
            cost: &self.cost,
            mode,
            prefixes: BTreeMap::new(),
            out: String::new(),
            elements: 0,
            ids: 0,
            // Samples of different elements start their choices at different places.
            picks: element.local.bytes().map(usize::from).sum(),
            omitted: Vec::new(),
        };
        g.prefix(XSD);
        let (element, ty, xsi_type) = g.substitute(element, ty, None, false, 0)?;
        g.element(&element, &ty, xsi_type.as_ref(), &Facets::default(), None, false, 0, true)?;
        let decls: String = g.prefixes.iter().map(|(ns, p)| format!(" xmlns:{p}=\"{}\"", escape(ns))).collect();
        let xml = g.out.replacen(ROOT_DECLS, &decls, 1);
        Ok(Sample { xml, omitted: g.omitted })
    }
}

/// Where the namespace declarations go in the root start tag, once all namespaces are known.
const ROOT_DECLS: &str = "\u{1}";

struct Gen<'s> {
    service: &'s Service,
    lexical: &'s BTreeMap<QName, Lexical>,
    hierarchy: &'s Hierarchy,
    cost: &'s BTreeMap<QName, u64>,
    mode: Mode,
    prefixes: BTreeMap<String, String>,
    out: String,
    elements: usize,
    ids: u32,
    /// Derived types and members chosen so far (`Full` instances take a different one each time).
    picks: usize,
    omitted: Vec<String>,
}

/// An abstract complex type that no non-abstract type derives from: an element declared with it
/// has no valid instance.
fn abstract_type<'s>(service: &'s Service, h: &Hierarchy, ty: &'s TypeRef) -> Option<&'s QName> {
    match ty {
        TypeRef::Named(q) => match service.types.get(q).map(|t| &t.kind) {
            Some(TypeKind::Complex(c)) if c.is_abstract && h.variants(q).is_none_or(<[QName]>::is_empty) => Some(q),
            _ => None,
        },
        TypeRef::Builtin(_) => None,
    }
}

/// Elements in a minimal instance of each complex type, as [`Gen`] writes them in `Minimal` mode
/// (required elements, the cheapest branch of each required choice, required nillable elements as
/// nil; the cheapest derived type or member where the declared one is abstract): a fixpoint from
/// "none is finite", as costs only decrease.
fn minimal_costs(service: &Service, h: &Hierarchy) -> BTreeMap<QName, u64> {
    let mut cost: BTreeMap<QName, u64> = BTreeMap::new();
    let complex: Vec<(&QName, &ComplexType)> = service
        .types
        .iter()
        .filter_map(|(q, t)| match &t.kind {
            TypeKind::Complex(c) if c.inline.is_none() => Some((q, c)),
            _ => None,
        })
        .collect();
    for _ in 0..=complex.len() {
        let mut changed = false;
        for (q, c) in &complex {
            let total = c.fields.iter().fold(1u64, |t, f| t.saturating_add(min_field_cost(service, h, &cost, f, 0)));
            if total < cost.get(*q).copied().unwrap_or(u64::MAX) {
                cost.insert((*q).clone(), total);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    cost
}

/// Elements in the minimal occurrences of field `f`: its elements, or the content of an inline
/// type (a sequence's fields, a choice's cheapest branch).
fn min_field_cost(service: &Service, h: &Hierarchy, cost: &BTreeMap<QName, u64>, f: &Field, depth: usize) -> u64 {
    if f.min_occurs == 0 || f.name.ns == "##any" {
        return 0;
    }
    if depth > MAX_DEPTH {
        return u64::MAX;
    }
    let one = match inline_of(service, &f.ty) {
        Some((inner, Inline::Sequence)) => {
            inner.fields.iter().fold(0u64, |t, g| t.saturating_add(min_field_cost(service, h, cost, g, depth + 1)))
        }
        Some((inner, Inline::Choice(variants))) => variants
            .iter()
            .map(|v| {
                v.field.and_then(|i| inner.fields.get(i)).map_or(0, |g| min_field_cost(service, h, cost, g, depth + 1))
            })
            .min()
            .unwrap_or(0),
        None if f.nillable && f.fixed.is_none() => 1,
        None => field_cost(service, h, cost, f),
    };
    one.saturating_mul(u64::from(f.min_occurs))
}

/// Elements in a minimal instance of field `f`'s element.
fn field_cost(service: &Service, h: &Hierarchy, cost: &BTreeMap<QName, u64>, f: &Field) -> u64 {
    match h.group_of(f) {
        Some(members) => members
            .iter()
            .filter_map(|m| service.elements.get(m))
            .map(|e| type_cost(service, h, cost, &e.ty))
            .min()
            .unwrap_or(u64::MAX),
        None => type_cost(service, h, cost, &f.ty),
    }
}

/// Elements in a minimal instance of an element of type `ty` (its cheapest variant when it has
/// derived types).
fn type_cost(service: &Service, h: &Hierarchy, cost: &BTreeMap<QName, u64>, ty: &TypeRef) -> u64 {
    let TypeRef::Named(q) = ty else { return 1 };
    if !matches!(service.types.get(q).map(|t| &t.kind), Some(TypeKind::Complex(_))) {
        return 1;
    }
    if abstract_type(service, h, ty).is_some() {
        return u64::MAX;
    }
    match h.variants(q) {
        Some(vs) => vs.iter().map(|v| cost.get(v).copied().unwrap_or(u64::MAX)).min().unwrap_or(u64::MAX),
        None => cost.get(q).copied().unwrap_or(u64::MAX),
    }
}

impl Gen<'_> {
    fn prefix(&mut self, ns: &str) -> String {
        if ns == codegen::load::XML_NS {
            return "xml".into(); // bound by definition, never declared
        }
        let n = self.prefixes.len();
        self.prefixes
            .entry(ns.to_string())
            .or_insert_with(|| if ns == XSD { "xs".into() } else { format!("n{n}") })
            .clone()
    }

    fn tag(&mut self, q: &QName) -> String {
        if q.ns.is_empty() { q.local.clone() } else { format!("{}:{}", self.prefix(&q.ns), q.local) }
    }

    fn mode_at(&self, depth: usize) -> Mode {
        if depth > FULL_DEPTH || self.elements > FULL_BUDGET { Mode::Minimal } else { self.mode }
    }

    /// One element: start tag (xsi:type, attributes, xsi:nil), content, end tag.
    #[allow(clippy::too_many_arguments)]
    fn element(
        &mut self,
        name: &QName,
        ty: &TypeRef,
        xsi_type: Option<&QName>,
        facets: &Facets,
        fixed: Option<&str>,
        nil: bool,
        depth: usize,
        root: bool,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("element {name}: required content nested deeper than {MAX_DEPTH} (recursion)"));
        }
        self.elements += 1;
        let tag = self.tag(name);
        self.out.push('<');
        self.out.push_str(&tag);
        if root {
            self.out.push_str(ROOT_DECLS);
        }
        if let Some(t) = xsi_type {
            let (p, value) = (self.prefix(XSI), self.tag(t));
            let _ = write!(self.out, " {p}:type=\"{value}\"");
        }
        let complex = match ty {
            TypeRef::Named(q) => match self.service.types.get(q).map(|t| &t.kind) {
                Some(TypeKind::Complex(c)) => Some((q.clone(), c)),
                _ => None,
            },
            TypeRef::Builtin(_) => None,
        };
        if let Some((q, c)) = &complex {
            self.attributes(q, c, depth)?;
            if !nil {
                self.encoding(c, depth);
            }
        }
        if nil {
            let p = self.prefix(XSI);
            let _ = write!(self.out, " {p}:nil=\"true\"/>");
            return Ok(());
        }
        self.out.push('>');
        match &complex {
            Some((q, c)) => self.content(q, c, depth)?,
            None => {
                let text = match fixed {
                    Some(f) => f.to_string(),
                    None => self.simple(ty, facets, depth)?,
                };
                self.out.push_str(&escape(&text));
            }
        }
        let _ = write!(self.out, "</{tag}>");
        Ok(())
    }

    fn attributes(&mut self, q: &QName, c: &ComplexType, depth: usize) -> Result<(), String> {
        let _ = q;
        for a in &c.attributes {
            if !a.required && self.mode_at(depth) == Mode::Minimal {
                continue;
            }
            let value = match &a.fixed {
                Some(f) => f.clone(),
                None if a.name.ns == codegen::load::XML_NS => "en".to_string(),
                None => self.simple(&a.ty, &a.facets, depth)?,
            };
            let name = if a.name.ns.is_empty() { a.name.local.clone() } else { self.tag(&a.name) };
            let _ = write!(self.out, " {name}=\"{}\"", escape(&value));
        }
        if let Some(w) = &c.any_attribute
            && self.mode_at(depth) == Mode::Full
        {
            match wildcard_attribute(c, w) {
                Some(a) => {
                    let name = if a.ns.is_empty() { a.local.clone() } else { self.tag(&a) };
                    let _ = write!(self.out, " {name}=\"x &amp; y\"");
                }
                None => self.omitted.push(format!("{q}: attribute wildcard (strict, or no namespace to use)")),
            }
        }
        Ok(())
    }

    /// SOAP encoding's attributes, as an rpc/encoded peer sends them: `encodingStyle` on a
    /// message wrapper, `arrayType` (item type and count) on an array.
    fn encoding(&mut self, c: &ComplexType, depth: usize) {
        match c.encoding {
            Encoding::Literal => {}
            Encoding::RpcEncoded => {
                let p = self.prefix(SOAP_ENV);
                let _ = write!(self.out, " {p}:encodingStyle=\"{SOAP_ENC}\"");
            }
            Encoding::SoapArray => {
                let Some(f) = c.fields.first() else { return };
                let item =
                    named_type(self.service, self.hierarchy, &f.ty).unwrap_or_else(|| QName::new(XSD, "anyType"));
                let (p, item, n) = (self.prefix(SOAP_ENC), self.tag(&item), occurrences(f, self.mode_at(depth)));
                let _ = write!(self.out, " {p}:arrayType=\"{item}[{n}]\"");
            }
        }
    }

    /// `count` elements for the wildcard `f` of type `q`. Lax and skip wildcards take an element
    /// of our own in a namespace they allow (no declaration of it exists, so no validator looks
    /// inside); a strict one a minimal instance of a global element it allows, declared by the
    /// schema and named like none of `q`'s fields (which would take it instead).
    fn wildcard(&mut self, q: &QName, f: &Field, count: u32, depth: usize) -> Result<(), String> {
        let Some(w) = &f.wildcard else { return Err(format!("{q}: a wildcard without its constraint")) };
        if w.process != ProcessContents::Strict {
            let ns = match &w.namespaces {
                NamespaceConstraint::Any | NamespaceConstraint::Not(_) => ANY_NS,
                NamespaceConstraint::Only(list) => list.iter().find(|n| !n.is_empty()).unwrap_or(&list[0]).as_str(),
            };
            for _ in 0..count {
                let (outer, inner) = (self.tag(&QName::new(ns, "roundTripExtra")), self.tag(&QName::new(ns, "inner")));
                let _ = write!(self.out, "<{outer} a=\"1\">text<{inner}/></{outer}>");
            }
            return Ok(());
        }
        let taken = |e: &QName| match self.service.types.get(q).map(|t| &t.kind) {
            Some(TypeKind::Complex(c)) => c.fields.iter().any(|g| g.name == *e),
            _ => false,
        };
        let cheapest = self
            .service
            .elements
            .iter()
            .filter(|(e, decl)| w.namespaces.allows(&e.ns) && !decl.is_abstract && !taken(e))
            .map(|(e, decl)| (type_cost(self.service, self.hierarchy, self.cost, &decl.ty), e, decl.ty.clone()))
            .filter(|(cost, _, _)| *cost != u64::MAX)
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, e, ty)| (e.clone(), ty));
        let Some((name, ty)) = cheapest else {
            if f.min_occurs > 0 {
                return Err(format!("{q}: a required strict wildcard allows no declared element"));
            }
            self.omitted.push(format!("{q}: optional strict wildcard (xs:any) allowing no declared element"));
            return Ok(());
        };
        for _ in 0..count {
            self.element(&name, &ty, None, &Facets::default(), None, false, depth + 1, false)?;
        }
        Ok(())
    }

    /// Child elements (or simple content) of a complex type.
    fn content(&mut self, q: &QName, c: &ComplexType, depth: usize) -> Result<(), String> {
        if let Some(t) = &c.text {
            let text = self.simple(t, &Facets::default(), depth)?;
            self.out.push_str(&escape(&text));
            return Ok(());
        }
        let mode = self.mode_at(depth);
        for f in &c.fields {
            self.field(q, f, mode, depth)?;
        }
        Ok(())
    }

    /// The occurrences of field `f` of type `q`: elements, or the content of an inline type (a
    /// choice or one of its branches, written among `q`'s elements).
    fn field(&mut self, q: &QName, f: &Field, mode: Mode, depth: usize) -> Result<(), String> {
        let min = f.min_occurs;
        let count = occurrences(f, mode);
        if count == 0 {
            return Ok(());
        }
        if let Some((inner, inline)) = inline_of(self.service, &f.ty) {
            for _ in 0..count {
                match inline {
                    Inline::Sequence => {
                        for g in &inner.fields {
                            self.field(q, g, mode, depth)?;
                        }
                    }
                    Inline::Choice(variants) => {
                        let Some(v) = self.branch(inner, variants, mode) else {
                            return Err(format!("{q}: no branch of choice {} has an instance", f.name.local));
                        };
                        if let Some(g) = v.field.and_then(|i| inner.fields.get(i)) {
                            self.field(q, g, mode, depth)?;
                        }
                    }
                }
            }
            return Ok(());
        }
        if f.name.ns == "##any" {
            return self.wildcard(q, f, count, depth);
        }
        let group = self.hierarchy.group_of(f);
        if let Some(t) = abstract_type(self.service, self.hierarchy, &f.ty)
            && group.is_none()
        {
            if min == 0 {
                self.omitted.push(format!("{q}: optional element {} of abstract type {t}", f.name.local));
                return Ok(());
            }
            return Err(format!(
                "{q}: required element {} has the abstract type {t}, from which no non-abstract type derives",
                f.name.local
            ));
        }
        // A part of an rpc/encoded message names its type (a nillable one does not: the writer's
        // rule).
        let encoded = matches!(self.service.types.get(q).map(|t| &t.kind),
            Some(TypeKind::Complex(c)) if c.encoding == Encoding::RpcEncoded);
        let part_type = if encoded && !f.nillable && !f.is_repeated() {
            named_type(self.service, self.hierarchy, &f.ty)
        } else {
            None
        };
        for i in 0..count {
            // Nillable: minimal instances send required ones as nil; full ones alternate.
            let nil = f.nillable && f.fixed.is_none() && (mode == Mode::Minimal || i == 1);
            let (name, ty, mut xsi_type) = self.substitute(&f.name, &f.ty, group, nil, depth + 1)?;
            if xsi_type.is_none() {
                xsi_type = part_type.clone();
            }
            self.element(&name, &ty, xsi_type.as_ref(), &f.facets, f.fixed.as_deref(), nil, depth + 1, false)?;
        }
        Ok(())
    }

    /// The branch of a choice an instance takes: minimal ones the first usable, full ones the
    /// last usable (usable: no required element of an abstract type nothing concrete derives from
    /// on the way).
    fn branch<'v>(&self, c: &ComplexType, variants: &'v [Variant], mode: Mode) -> Option<&'v Variant> {
        let usable = |v: &&Variant| v.field.and_then(|i| c.fields.get(i)).is_none_or(|f| self.usable(f, 0));
        match mode {
            Mode::Minimal => variants.iter().find(usable),
            Mode::Full => variants.iter().rev().find(usable),
        }
    }

    /// Whether a required field has an instance without xsi:type.
    fn usable(&self, f: &Field, depth: usize) -> bool {
        if f.min_occurs == 0 {
            return true;
        }
        if depth > MAX_DEPTH {
            return false;
        }
        match inline_of(self.service, &f.ty) {
            Some((c, Inline::Sequence)) => c.fields.iter().all(|g| self.usable(g, depth + 1)),
            Some((c, Inline::Choice(variants))) => {
                variants.iter().any(|v| v.field.and_then(|i| c.fields.get(i)).is_none_or(|g| self.usable(g, depth + 1)))
            }
            None => {
                self.hierarchy.group_of(f).is_some() || abstract_type(self.service, self.hierarchy, &f.ty).is_none()
            }
        }
    }

    /// What to write for an element `name` declared with type `ty` (`group`: the elements that may
    /// stand for it): the element, its type, and the `xsi:type` to write when that type is not the
    /// declared one. `Full` takes a member element and a derived type when there are some (each
    /// time another one); `Minimal` keeps the declared ones unless abstract. A nil element only
    /// names a type when the declared one is abstract (the first non-abstract one, as the
    /// generated writer does).
    fn substitute(
        &mut self,
        name: &QName,
        ty: &TypeRef,
        group: Option<&[QName]>,
        nil: bool,
        depth: usize,
    ) -> Result<(QName, TypeRef, Option<QName>), String> {
        let full = self.mode_at(depth) == Mode::Full && !nil;
        let (element, ty) = match group {
            Some(members) => {
                let costs: Vec<u64> = members
                    .iter()
                    .map(|m| {
                        let ty = self.service.elements.get(m).map(|e| &e.ty);
                        ty.map_or(u64::MAX, |t| type_cost(self.service, self.hierarchy, self.cost, t))
                    })
                    .collect();
                let m = self.pick(members, &costs, members.first() == Some(name), full);
                let ty = self.service.elements.get(&m).map(|e| e.ty.clone()).unwrap_or_else(|| ty.clone());
                (m, ty)
            }
            None => (name.clone(), ty.clone()),
        };
        let TypeRef::Named(q) = &ty else { return Ok((element, ty, None)) };
        let Some(variants) = self.hierarchy.variants(q) else { return Ok((element, ty, None)) };
        let declared = variants.first() == Some(q);
        let chosen = if nil {
            if declared { q.clone() } else { variants.first().cloned().unwrap_or_else(|| q.clone()) }
        } else {
            let costs: Vec<u64> = variants.iter().map(|v| self.cost.get(v).copied().unwrap_or(u64::MAX)).collect();
            self.pick(variants, &costs, declared, full)
        };
        let xsi_type = (chosen != *q).then(|| chosen.clone());
        Ok((element, TypeRef::Named(chosen), xsi_type))
    }

    /// One of `options` (`declared`: the first is the declared one): in `full` mode another one
    /// than the declared, a different one each time among those with a finite instance; else the
    /// declared one when it has a finite instance, or the cheapest.
    fn pick(&mut self, options: &[QName], costs: &[u64], declared: bool, full: bool) -> QName {
        let finite: Vec<usize> = (0..options.len()).filter(|&i| costs[i] < u64::MAX).collect();
        let others: Vec<usize> = finite.iter().copied().filter(|&i| !(declared && i == 0)).collect();
        let i = if full && !others.is_empty() {
            self.picks = self.picks.wrapping_add(1);
            others[self.picks % others.len()]
        } else if declared && costs.first().is_some_and(|c| *c < u64::MAX) {
            0
        } else {
            (0..options.len()).min_by_key(|&i| costs[i]).unwrap_or(0)
        };
        options[i].clone()
    }

    /// The text of a simple value of `ty`, with `facets` (the field's own) on top of the type's.
    fn simple(&mut self, ty: &TypeRef, facets: &Facets, depth: usize) -> Result<String, String> {
        let mode = self.mode_at(depth);
        let mut facets = facets.clone();
        let mut current = ty.clone();
        for _ in 0..64 {
            match current {
                TypeRef::Builtin(b) => return self.builtin(b, &facets, mode),
                TypeRef::Named(q) if self.lexical.contains_key(&q) => match &self.lexical[&q] {
                    Lexical::Text(t) => return Ok(t.clone()),
                    Lexical::Type(m) => current = TypeRef::Named(m.clone()),
                },
                TypeRef::Named(q) => match self.service.types.get(&q).map(|t| &t.kind) {
                    Some(TypeKind::Simple(s)) => {
                        facets.fill_from(&s.facets);
                        current = s.base.clone();
                    }
                    Some(TypeKind::Enum(e)) => {
                        let v = if mode == Mode::Minimal { e.values.first() } else { e.values.last() };
                        return v.map(|v| v.value.clone()).ok_or_else(|| format!("enumeration {q} has no values"));
                    }
                    Some(TypeKind::Complex(c)) => match &c.text {
                        Some(t) => current = t.clone(),
                        None => return Err(format!("complex type {q} used as a simple type")),
                    },
                    None => return Err(format!("type {q} is not in the model")),
                },
            }
        }
        Err(format!("restrictions of {ty:?} nest too deeply"))
    }

    fn builtin(&mut self, b: Builtin, f: &Facets, mode: Mode) -> Result<String, String> {
        use Builtin::*;
        let short = mode == Mode::Minimal;
        if let Some(p) = f.patterns.first() {
            return regex_sample::sample(p, short);
        }
        let pick = |min: &str, full: &str| if short { min.to_string() } else { full.to_string() };
        Ok(match b {
            String | NormalizedString | Token => sized(&pick("text", "A&B <c> \"d\" 'e' é€"), f),
            AnySimpleType | AnyType => sized("text", f),
            Language => pick("en", "fr-CA"),
            Name | NcName | NmToken => sized(&pick("n1", "name_2"), f),
            Id => {
                self.ids += 1;
                format!("id{}", self.ids)
            }
            IdRef => "id1".to_string(),
            AnyUri => sized(&pick("https://example.com/", "https://example.com/a?b=c&d=%20"), f),
            QName => "xs:string".to_string(),
            Boolean => pick("true", "false"),
            Float | Double => pick("1.5", "-2.25"),
            Decimal => number(f, None, None, &pick("1", "1234.5"))?,
            // Beyond 64 bits, within libxml2's 24 digits.
            Integer => number(f, None, None, &pick("1", "-123456789012345678901234"))?,
            NonNegativeInteger => number(f, Some("0"), None, &pick("1", "123456789012345678901234"))?,
            PositiveInteger => number(f, Some("1"), None, &pick("1", "42"))?,
            NonPositiveInteger => number(f, None, Some("0"), &pick("0", "-42"))?,
            NegativeInteger => number(f, None, Some("-1"), &pick("-1", "-42"))?,
            Long => number(
                f,
                Some("-9223372036854775808"),
                Some("9223372036854775807"),
                &pick("1", "-9223372036854775808"),
            )?,
            Int => number(f, Some("-2147483648"), Some("2147483647"), &pick("1", "2147483647"))?,
            Short => number(f, Some("-32768"), Some("32767"), &pick("1", "-32768"))?,
            Byte => number(f, Some("-128"), Some("127"), &pick("1", "-128"))?,
            UnsignedLong => number(f, Some("0"), Some("18446744073709551615"), &pick("1", "18446744073709551615"))?,
            UnsignedInt => number(f, Some("0"), Some("4294967295"), &pick("1", "4294967295"))?,
            UnsignedShort => number(f, Some("0"), Some("65535"), &pick("1", "65535"))?,
            UnsignedByte => number(f, Some("0"), Some("255"), &pick("1", "255"))?,
            Date => pick("2024-02-29", "2024-02-29+01:00"),
            DateTime => pick("2024-02-29T13:45:30Z", "2024-02-29T23:59:59.125+05:30"),
            Time => pick("13:45:30", "23:59:59.5-08:00"),
            Duration => pick("P1D", "-P1Y2M3DT4H5M6.5S"),
            GYear => pick("2024", "1999Z"),
            GYearMonth => pick("2024-02", "1999-12+02:00"),
            GMonth => pick("--02", "--12Z"),
            GMonthDay => pick("--02-29", "--12-31"),
            GDay => pick("---29", "---01Z"),
            Base64Binary => base64(octets(f, if short { 3 } else { 5 })),
            HexBinary => octets(f, if short { 1 } else { 3 }).iter().map(|o| format!("{o:02X}")).collect(),
        })
    }
}

/// How many elements of field `f` an instance of `mode` writes.
fn occurrences(f: &Field, mode: Mode) -> u32 {
    let min = f.min_occurs;
    match (mode, f.is_repeated()) {
        (Mode::Minimal, _) => min,
        (Mode::Full, false) => 1,
        (Mode::Full, true) => f.max_occurs.map_or(min.max(2), |m| m.min(min.max(2))),
    }
}

/// The type SOAP encoding names for a value declared with `ty` (`xsi:type`, an array's item
/// type), as the generated writer names it: none for anyType, a polymorphic or an anonymous type.
fn named_type(service: &Service, h: &Hierarchy, ty: &TypeRef) -> Option<QName> {
    match ty {
        TypeRef::Builtin(Builtin::AnyType | Builtin::AnySimpleType) => None,
        TypeRef::Builtin(b) => Some(QName::new(XSD, b.xsd_name())),
        TypeRef::Named(q) => {
            let anonymous = matches!(service.types.get(q).map(|t| &t.kind), Some(TypeKind::Complex(c)) if c.anonymous);
            (!anonymous && !h.is_polymorphic(q)).then(|| q.clone())
        }
    }
}

/// The attribute a `Full` sample adds for a type's attribute wildcard: in a namespace the
/// constraint allows (##any and ##other: [`ANY_ATTR_NS`], unless the constraint excludes it; a
/// list: its first namespace, `""` unqualified), named apart from the declared attributes. None
/// for processContents strict, which would need a global attribute declaration of that name.
fn wildcard_attribute(c: &ComplexType, w: &AttributeWildcard) -> Option<QName> {
    if w.process == ProcessContents::Strict {
        return None;
    }
    let ns = match &w.namespaces {
        NamespaceConstraint::Only(list) => list.first()?.clone(),
        other => [ANY_ATTR_NS, "urn:example:any2"].into_iter().find(|ns| other.allows(ns))?.to_string(),
    };
    if ns == codegen::load::XML_NS {
        return None;
    }
    let mut local = "anyAttr".to_string();
    let mut n = 2;
    while c.attributes.iter().any(|a| a.name.ns == ns && a.name.local == local) {
        local = format!("anyAttr{n}");
        n += 1;
    }
    Some(QName::new(ns, local))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema with a lax wildcard of its own namespace, a strict one of any namespace, and a
    /// strict one of no namespace that no declaration fits.
    const WILDCARDS: &str = r###"<?xml version="1.0"?>
<wsdl:definitions name="W" targetNamespace="urn:w" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:w="urn:w">
  <wsdl:types>
    <xs:schema targetNamespace="urn:w" elementFormDefault="qualified">
      <xs:element name="Req">
        <xs:complexType><xs:sequence>
          <xs:element name="id" type="xs:string"/>
          <xs:any namespace="##targetNamespace" processContents="lax" minOccurs="0"/>
          <xs:element name="sep" type="xs:string" form="unqualified"/>
          <xs:any namespace="##local" minOccurs="0"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="Req2">
        <xs:complexType><xs:sequence>
          <xs:element name="id" type="xs:string"/>
          <xs:any processContents="strict" minOccurs="0"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="Note" type="xs:string"/>
      <xs:element name="Resp"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="parameters" element="w:Req"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="w:Resp"/></wsdl:message>
  <wsdl:portType name="PT"><wsdl:operation name="op"><wsdl:input message="w:In"/><wsdl:output message="w:Out"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="w:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="op"><soap:operation soapAction="op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="P" binding="w:B"><soap:address location="http://localhost/"/></wsdl:port></wsdl:service>
</wsdl:definitions>"###;

    #[test]
    fn wildcards_take_an_element_their_namespace_constraint_and_processing_allow() {
        let dir = crate::corpus::workspace().join("target/samples-wildcards");
        std::fs::create_dir_all(&dir).expect("scratch directory");
        let wsdl = dir.join("w.wsdl");
        std::fs::write(&wsdl, WILDCARDS).expect("write the WSDL");
        let catalog = codegen::load::Catalog::default();
        let service = codegen::wsdl::load_wsdl(&wsdl, &catalog).expect("loads");
        let lexical = BTreeMap::new();
        let schema = crate::xmllint::available()
            .then(|| crate::schema_set::write(&wsdl, &catalog, &service, &dir.join("xsd")).expect("schema set"));
        let full = |local: &str| {
            let q = QName::new("urn:w", local);
            let s = sample(&service, &lexical, &q, &service.elements[&q].ty, Mode::Full).expect("full sample");
            if let Some(schema) = &schema {
                let scratch = dir.join(format!("{local}.xml"));
                crate::xmllint::validate(schema, &s.xml, &scratch).unwrap_or_else(|e| panic!("{e}\n{}", s.xml));
            }
            s
        };
        // Lax, ##targetNamespace: an undeclared element of that namespace, which no validator
        // looks into. Strict, ##local: no declared element fits, so none is written.
        let req = full("Req");
        assert!(req.xml.contains(":roundTripExtra a=\"1\">text<"), "{}", req.xml);
        assert_eq!(req.omitted, ["{urn:w}Req: optional strict wildcard (xs:any) allowing no declared element"]);
        // Strict, ##any: the cheapest declared global element (Note: one element), validated.
        let req2 = full("Req2");
        assert!(req2.xml.contains(":Note>") && !req2.xml.contains("roundTripExtra"), "{}", req2.xml);
        let q = QName::new("urn:w", "Req");
        let minimal = sample(&service, &lexical, &q, &service.elements[&q].ty, Mode::Minimal).expect("minimal");
        assert!(!minimal.xml.contains("roundTripExtra"), "{}", minimal.xml);
    }
}
