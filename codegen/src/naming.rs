//! Naming: every Rust identifier of a generated module is decided here, once, for the whole service,
//! before anything is rendered.
//!
//! Rules, applied in a fixed order so the same spec always gives the same names:
//! - types: PascalCase of the XML local name, in the model's sorted order; a name already taken
//!   (two namespaces, names differing only by case, `Foo` and `foo_`) gets `2`, `3`, ... appended;
//!   names the module itself defines (the clients) are taken first;
//! - fields: snake_case of the XML name, keywords as raw identifiers (`r#type`), the few words that
//!   cannot be raw (`self`, `Self`, `super`, `crate`) suffixed with `_`; collisions within a struct
//!   numbered in wire order;
//!   a type with an attribute wildcard reserves `other_attributes` (its raw attributes) first;
//! - enum variants: the spec's appinfo name if any, else PascalCase of the value, prefixed with `V`
//!   when it does not start with a letter; `Unknown` is reserved for the catch-all variant;
//! - types made from choices (`model::Inline`) are named after all the others, from the wish the
//!   lowering made (owner and branch names); their variants are PascalCase of the branch names,
//!   numbered when two meet after case conversion;
//! - operations: snake_case methods, unique per client;
//! - polymorphism (`crate::hierarchy`), after every type: a type that others derive from gets an
//!   enum `Any<Type>` whose variants are named after their types (`Unknown` reserved for the
//!   catch-all); a substitution group head that some element references gets an enum
//!   `<Head>Group` with one variant per member element (PascalCase of its name); both numbered like
//!   types when taken.
//!
//! Generated code refers to std and runtime items by absolute path; still, a spec type called
//! `Result`, `Option` or `String` is renamed `ResultType`, ... so that `use service::*` never
//! shadows the prelude in users' code.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::hierarchy::Hierarchy;
use crate::model::{Inline, QName, Service, TypeKind};

/// Rust keywords (strict and reserved, 2024 edition) that need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for", "gen",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct",
    "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Names of the std prelude (2024): a generated type with one of these names would shadow it for
/// every user who writes `use generated::service::*`, so such types get a `Type` suffix.
const PRELUDE: &[&str] = &[
    "Copy",
    "Send",
    "Sized",
    "Sync",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "ToOwned",
    "Clone",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "Default",
    "Iterator",
    "Extend",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "Vec",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Future",
    "IntoFuture",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The crate-private field of generated structs that remembers which required elements a lenient
/// parse did not find, so that re-serializing writes exactly what was received.
pub const ABSENT: &str = "absent";

/// The field of a struct whose type has an attribute wildcard (`xs:anyAttribute`): the attributes
/// it carries besides the declared ones. Reserved before any field is named, so a declared
/// attribute `otherAttributes` becomes `other_attributes_2`.
pub const OTHER_ATTRIBUTES: &str = "other_attributes";

/// All names of one generated module.
#[derive(Debug, Clone, Default)]
pub struct Names {
    types: BTreeMap<QName, String>,
    fields: BTreeMap<(QName, usize), String>,
    attributes: BTreeMap<(QName, usize), String>,
    /// The wildcard attributes' field, per type with an attribute wildcard.
    any_attributes: BTreeMap<QName, String>,
    variants: BTreeMap<(QName, usize), String>,
    /// Client type name per port index.
    pub clients: Vec<String>,
    /// Method name per (port index, operation index).
    methods: BTreeMap<(usize, usize), String>,
    /// Derivations and substitution groups the names below are for.
    pub hierarchy: Hierarchy,
    /// Enum name per polymorphic type, and its variants' names (in `Hierarchy::variants` order).
    poly: BTreeMap<QName, (String, Vec<String>)>,
    /// Enum name per substitution group head, and its variants' names (in `Hierarchy::members`
    /// order).
    groups: BTreeMap<QName, (String, Vec<String>)>,
}

impl Names {
    /// Decides every name of `service`. `prefix` is the client name prefix (manifest `name`, or
    /// the service name).
    pub fn decide(service: &Service, prefix: &str) -> Names {
        let mut names = Names::default();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        // Clients first: they are the module's entry points and keep the plain names.
        let base = pascal(prefix);
        let single = service.ports.len() == 1;
        for port in &service.ports {
            let want = if single { format!("{base}Client") } else { format!("{base}{}Client", pascal(&port.name)) };
            names.clients.push(unique(&want, &mut taken));
        }
        // Types made from another type's content (choices) come after the model's own, so that
        // they never take a name from one of them.
        let inline = |ty: &crate::model::TypeDef| matches!(&ty.kind, TypeKind::Complex(c) if c.inline.is_some());
        let ordered =
            service.types.iter().filter(|(_, t)| !inline(t)).chain(service.types.iter().filter(|(_, t)| inline(t)));
        for (qname, ty) in ordered {
            if matches!(ty.kind, TypeKind::Simple(_)) {
                continue; // simple restrictions are rendered as their base type plus facets
            }
            let mut want = pascal(&qname.local);
            if PRELUDE.contains(&want.as_str()) || NOT_RAW.contains(&want.as_str()) {
                want.push_str("Type");
            }
            let name = unique(&want, &mut taken);
            names.types.insert(qname.clone(), name);
        }
        for (qname, ty) in &service.types {
            match &ty.kind {
                TypeKind::Complex(c) if let Some(Inline::Choice(variants)) = &c.inline => {
                    let mut local = BTreeSet::new();
                    for (i, v) in variants.iter().enumerate() {
                        let want = pascal(&v.name);
                        // `Self` cannot be an identifier, not even a raw one.
                        let want = if NOT_RAW.contains(&want.as_str()) { format!("{want}Value") } else { want };
                        names.variants.insert((qname.clone(), i), unique(&want, &mut local));
                    }
                }
                TypeKind::Complex(c) => {
                    // `absent` records required elements a lenient parse did not find; `value`
                    // holds simple content. Both are reserved before any field is named.
                    let mut local: BTreeSet<String> = BTreeSet::from([ABSENT.to_string()]);
                    if c.text.is_some() {
                        local.insert("value".to_string());
                    }
                    if c.any_attribute.is_some() {
                        let n = unique_field(OTHER_ATTRIBUTES, &mut local);
                        names.any_attributes.insert(qname.clone(), n);
                    }
                    for (i, f) in c.fields.iter().enumerate() {
                        let n = unique_field(&snake(&f.name.local), &mut local);
                        names.fields.insert((qname.clone(), i), n);
                    }
                    for (i, a) in c.attributes.iter().enumerate() {
                        let n = unique_field(&snake(&a.name.local), &mut local);
                        names.attributes.insert((qname.clone(), i), n);
                    }
                }
                TypeKind::Enum(e) => {
                    let mut local: BTreeSet<String> = BTreeSet::from(["Unknown".to_string()]);
                    for (i, v) in e.values.iter().enumerate() {
                        let want = match &v.name_hint {
                            Some(h) => pascal(h),
                            None => variant_from_value(&v.value),
                        };
                        // `Self` cannot be an identifier, not even a raw one.
                        let want = if want == "Unknown" || NOT_RAW.contains(&want.as_str()) {
                            format!("{want}Value")
                        } else {
                            want
                        };
                        names.variants.insert((qname.clone(), i), unique(&want, &mut local));
                    }
                }
                TypeKind::Simple(_) => {}
            }
        }
        names.hierarchy = Hierarchy::of(service);
        for (q, variants) in names.hierarchy.polymorphic() {
            let Some(ty) = names.types.get(q) else { continue };
            let name = unique(&format!("Any{ty}"), &mut taken);
            let mut local: BTreeSet<String> = BTreeSet::from(["Unknown".to_string()]);
            let list =
                variants.iter().map(|v| unique(names.types.get(v).map_or("Variant", String::as_str), &mut local));
            let list = list.collect();
            names.poly.insert(q.clone(), (name, list));
        }
        // Only groups some element references are rendered.
        let referenced: BTreeSet<&QName> = service
            .types
            .values()
            .filter_map(|t| match &t.kind {
                TypeKind::Complex(c) => Some(c.fields.iter().filter(|f| names.hierarchy.group_of(f).is_some())),
                _ => None,
            })
            .flatten()
            .map(|f| &f.name)
            .collect();
        for (head, members) in names.hierarchy.groups() {
            if !referenced.contains(head) {
                continue;
            }
            let name = unique(&format!("{}Group", pascal(&head.local)), &mut taken);
            let mut local: BTreeSet<String> = BTreeSet::new();
            let list = members.iter().map(|m| unique(&pascal(&m.local), &mut local)).collect();
            names.groups.insert(head.clone(), (name, list));
        }
        for (p, port) in service.ports.iter().enumerate() {
            let mut local: BTreeSet<String> =
                ["new", "config", "inner", "with_config"].iter().map(|s| s.to_string()).collect();
            for (o, op) in port.operations.iter().enumerate() {
                names.methods.insert((p, o), unique_field(&snake(&op.name), &mut local));
            }
        }
        names
    }

    /// The Rust name of a rendered (complex or enum) type.
    pub fn ty(&self, q: &QName) -> Option<&str> {
        self.types.get(q).map(String::as_str)
    }
    pub fn field(&self, ty: &QName, index: usize) -> &str {
        self.fields.get(&(ty.clone(), index)).map_or("field", String::as_str)
    }
    pub fn attribute(&self, ty: &QName, index: usize) -> &str {
        self.attributes.get(&(ty.clone(), index)).map_or("attribute", String::as_str)
    }
    /// The field holding the wildcard attributes of a type with an attribute wildcard.
    pub fn any_attributes(&self, ty: &QName) -> Option<&str> {
        self.any_attributes.get(ty).map(String::as_str)
    }
    pub fn variant(&self, ty: &QName, index: usize) -> &str {
        self.variants.get(&(ty.clone(), index)).map_or("Value", String::as_str)
    }
    /// The enum of a polymorphic type (`Any<Type>`).
    pub fn poly(&self, ty: &QName) -> Option<&str> {
        self.poly.get(ty).map(|(n, _)| n.as_str())
    }
    /// The name of variant `index` (in `Hierarchy::variants` order) of a polymorphic type's enum.
    pub fn poly_variant(&self, ty: &QName, index: usize) -> &str {
        self.poly.get(ty).and_then(|(_, v)| v.get(index)).map_or("Variant", String::as_str)
    }
    /// The enum of a substitution group (`<Head>Group`).
    pub fn group(&self, head: &QName) -> Option<&str> {
        self.groups.get(head).map(|(n, _)| n.as_str())
    }
    /// The name of variant `index` (in `Hierarchy::members` order) of a substitution group's enum.
    pub fn group_variant(&self, head: &QName, index: usize) -> &str {
        self.groups.get(head).and_then(|(_, v)| v.get(index)).map_or("Member", String::as_str)
    }
    /// The Rust type of a value declared with type `ty`: its enum when polymorphic, else the type.
    pub fn value_ty(&self, ty: &QName) -> Option<&str> {
        self.poly(ty).or_else(|| self.ty(ty))
    }
    pub fn method(&self, port: usize, op: usize) -> &str {
        self.methods.get(&(port, op)).map_or("call", String::as_str)
    }
}

/// PascalCase, always a valid identifier start.
pub fn pascal(s: &str) -> String {
    let p = s.to_upper_camel_case();
    let p: String = p.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
    match p.chars().next() {
        None => "Unnamed".to_string(),
        Some(c) if c.is_ascii_digit() => format!("T{p}"),
        Some(_) => p,
    }
}

/// snake_case, always a valid identifier start (keywords handled at token time).
pub fn snake(s: &str) -> String {
    let p = s.to_snake_case();
    let p: String = p.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
    match p.chars().next() {
        None => "field".to_string(),
        Some(c) if c.is_ascii_digit() => format!("f_{p}"),
        Some(_) => p,
    }
}

fn variant_from_value(value: &str) -> String {
    let p = pascal(value);
    if value.starts_with(|c: char| c.is_alphabetic()) && p != "Unnamed" {
        p
    } else {
        // Digits, signs or punctuation: keep every alphanumeric character so "02500" stays V02500.
        let kept: String = value.chars().filter(|c| c.is_alphanumeric()).collect();
        let kept =
            if kept.is_empty() { "Empty".to_string() } else { pascal(&kept).trim_start_matches('T').to_string() };
        format!("V{kept}")
    }
}

fn unique(want: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = want.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{want}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

fn unique_field(want: &str, taken: &mut BTreeSet<String>) -> String {
    let want = if NOT_RAW.contains(&want) { format!("{want}_") } else { want.to_string() };
    let mut candidate = want.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{want}_{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// An identifier token for a decided name: keywords become raw identifiers.
pub fn ident(name: &str) -> proc_macro2::Ident {
    if KEYWORDS.contains(&name) {
        proc_macro2::Ident::new_raw(name, proc_macro2::Span::call_site())
    } else {
        proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid() {
        assert_eq!(snake("PaResStatus"), "pa_res_status");
        assert_eq!(snake("3DSecure"), "f_3d_secure");
        assert_eq!(pascal("orderDetail"), "OrderDetail");
        assert_eq!(pascal("2checkout"), "T2checkout");
        assert_eq!(variant_from_value("02500"), "V02500");
        assert_eq!(variant_from_value("TV"), "Tv");
        assert_eq!(variant_from_value("-1"), "V1");
        assert_eq!(ident("type").to_string(), "r#type");
        let mut taken = BTreeSet::new();
        assert_eq!(unique_field("self", &mut taken), "self_");
        assert_eq!(unique_field("self_", &mut taken), "self__2");
    }
}
