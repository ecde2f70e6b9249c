//! Attributes an attribute wildcard (`xs:anyAttribute`) allows: kept as raw attributes (namespace
//! URI, local name, decoded value), read back, written back and checked against the wildcard's
//! namespace constraint.

use super::{DeviationKind, Element, XSI_NS, XmlReader, XmlWriter};

/// The namespace bound to `xmlns` (namespace declarations are never attributes of a wildcard).
pub const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// One attribute an attribute wildcard matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RawAttribute {
    /// The namespace URI; `None` (or `Some("")`) for an unqualified attribute.
    pub namespace: Option<String>,
    /// The local name (no prefix: prefixes are the writer's choice).
    pub name: String,
    /// The value, decoded (no entity or character references).
    pub value: String,
}

impl RawAttribute {
    /// An attribute in namespace `ns` (`""`: unqualified).
    pub fn new(ns: &str, name: impl Into<String>, value: impl Into<String>) -> Self {
        let namespace = if ns.is_empty() { None } else { Some(ns.to_owned()) };
        RawAttribute { namespace, name: name.into(), value: value.into() }
    }

    /// The namespace URI, `""` for an unqualified attribute.
    pub fn ns(&self) -> &str {
        self.namespace.as_deref().unwrap_or_default()
    }
}

/// The attributes an element carries besides its declared ones, as an attribute wildcard
/// allows, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AnyAttributes(pub Vec<RawAttribute>);

impl AnyAttributes {
    /// No attributes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `{ns}name="value"` (`ns` empty: unqualified).
    pub fn push(&mut self, ns: &str, name: impl Into<String>, value: impl Into<String>) {
        self.0.push(RawAttribute::new(ns, name, value));
    }

    /// The value of attribute `{ns}name` (matched by namespace URI, never by prefix).
    pub fn get(&self, ns: &str, name: &str) -> Option<&str> {
        self.0.iter().find(|a| a.ns() == ns && a.name == name).map(|a| a.value.as_str())
    }

    /// The attributes, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, RawAttribute> {
        self.0.iter()
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a AnyAttributes {
    type Item = &'a RawAttribute;
    type IntoIter = std::slice::Iter<'a, RawAttribute>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromIterator<RawAttribute> for AnyAttributes {
    fn from_iter<I: IntoIterator<Item = RawAttribute>>(iter: I) -> Self {
        AnyAttributes(iter.into_iter().collect())
    }
}

/// The namespace constraint of an attribute wildcard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespaces {
    /// `##any`: any namespace, or none.
    Any,
    /// Any namespace but this one (`##other`: the target namespace), never none.
    Not(&'static str),
    /// Only these namespaces (`""`: unqualified, `##local`).
    Only(&'static [&'static str]),
}

impl Namespaces {
    /// Whether an attribute in namespace `ns` (`""`: none) is allowed.
    pub fn allows(&self, ns: &str) -> bool {
        match self {
            Namespaces::Any => true,
            Namespaces::Not(not) => !ns.is_empty() && ns != *not,
            Namespaces::Only(list) => list.contains(&ns),
        }
    }

    /// What the constraint allows, for messages.
    pub fn describe(&self) -> String {
        match self {
            Namespaces::Any => "any namespace or none".to_owned(),
            Namespaces::Not("") => "any namespace (not unqualified)".to_owned(),
            Namespaces::Not(not) => format!("any namespace but {not} (not unqualified)"),
            Namespaces::Only(list) => {
                let names: Vec<&str> = list.iter().map(|n| if n.is_empty() { "no namespace" } else { n }).collect();
                format!("only {}", names.join(", "))
            }
        }
    }
}

/// What generated code states about a type's attribute wildcard: its namespace constraint and the
/// attributes the type declares (`(namespace, local name)`), which the wildcard does not take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttributeWildcard {
    /// The namespaces it allows.
    pub namespaces: Namespaces,
    /// The declared attributes.
    pub declared: &'static [(&'static str, &'static str)],
}

impl AttributeWildcard {
    fn is_declared(&self, ns: &str, local: &str) -> bool {
        self.declared.iter().any(|(n, l)| *n == ns && *l == local)
    }

    /// The rules `attrs` break, each with the index of the attribute: namespace outside the
    /// constraint, a name a declared attribute has, a repeated name, a name that is no NCName, a
    /// namespace no attribute may have (xsi, xmlns).
    pub fn check(&self, attrs: &AnyAttributes) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (i, a) in attrs.iter().enumerate() {
            let ns = a.ns();
            let shown = if ns.is_empty() { a.name.clone() } else { format!("{{{ns}}}{}", a.name) };
            if !super::valid_qname("", &a.name, false) {
                out.push((i, format!("`{}` is not a valid attribute name", a.name)));
            }
            if ns == XSI_NS || ns == XMLNS_NS {
                out.push((i, format!("attribute {shown}: the {ns} namespace is not for wildcard attributes")));
            } else if !self.namespaces.allows(ns) {
                let allowed = self.namespaces.describe();
                out.push((i, format!("attribute {shown}: namespace not allowed by the wildcard ({allowed})")));
            }
            if self.is_declared(ns, &a.name) {
                out.push((i, format!("attribute {shown} is a declared attribute of the type")));
            }
            if attrs.0.get(..i).unwrap_or_default().iter().any(|b| b.ns() == ns && b.name == a.name) {
                out.push((i, format!("attribute {shown} appears twice")));
            }
        }
        out
    }
}

impl XmlReader<'_> {
    /// The attributes of `el` a type with an attribute wildcard keeps: all but its declared ones,
    /// `xsi:*` and namespace declarations (matched by namespace URI). One outside the wildcard's
    /// namespaces is kept too (re-serializing writes what was received), and recorded as an
    /// [`DeviationKind::Unexpected`] deviation (an error in strict mode, as an unexpected element).
    pub fn any_attributes(&mut self, el: &Element, wildcard: &AttributeWildcard) -> AnyAttributes {
        let mut out = AnyAttributes::new();
        for (ns, local, value) in el.attributes() {
            if ns == XSI_NS || wildcard.is_declared(ns, local) {
                continue;
            }
            if !wildcard.namespaces.allows(ns) {
                let shown = if ns.is_empty() { local.to_owned() } else { format!("{{{ns}}}{local}") };
                let allowed = wildcard.namespaces.describe();
                self.record(
                    DeviationKind::Unexpected,
                    format!("unexpected attribute {shown} (the wildcard allows {allowed})"),
                );
            }
            out.push(ns, local, value);
        }
        out
    }
}

impl XmlWriter {
    /// Writes wildcard attributes onto the open start tag, declaring a prefix for each namespace
    /// not in scope; unqualified ones without a prefix.
    pub fn any_attributes(&mut self, attrs: &AnyAttributes) {
        for a in attrs {
            self.attr(a.ns(), &a.name, &a.value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::ReadOptions;

    const WILDCARD: AttributeWildcard =
        AttributeWildcard { namespaces: Namespaces::Not("urn:t"), declared: &[("", "id"), ("urn:x", "id")] };

    fn read(xml: &str, wildcard: &AttributeWildcard) -> (AnyAttributes, Vec<String>) {
        let mut r = XmlReader::new(xml.as_bytes(), ReadOptions::default());
        let root = r.root().expect("root");
        let attrs = r.any_attributes(&root, wildcard);
        let deviations = r.finish().expect("finish").into_iter().map(|d| d.detail).collect();
        (attrs, deviations)
    }

    #[test]
    fn reading_keeps_undeclared_attributes_by_namespace_uri() {
        let xml = r#"<t:e xmlns:t="urn:t" xmlns:a="urn:x" xmlns:b="urn:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            id="1" a:id="2" b:k="x &amp; y" xsi:nil="false" t:no="3" plain="4"/>"#;
        let (attrs, deviations) = read(xml, &WILDCARD);
        // Declared (by URI, whatever the prefix), xsi and xmlns attributes are not the wildcard's.
        assert_eq!(
            attrs.0,
            vec![
                RawAttribute::new("urn:x", "k", "x & y"),
                RawAttribute::new("urn:t", "no", "3"),
                RawAttribute::new("", "plain", "4")
            ]
        );
        assert_eq!(attrs.get("urn:x", "k"), Some("x & y"));
        // ##other: neither the target namespace nor unqualified.
        assert_eq!(deviations.len(), 2, "{deviations:?}");
        assert!(deviations[0].contains("{urn:t}no") && deviations[1].contains("plain"), "{deviations:?}");
        let mut r = XmlReader::new(xml.as_bytes(), ReadOptions::strict());
        let root = r.root().expect("root");
        let _ = r.any_attributes(&root, &WILDCARD);
        assert!(r.finish().is_err(), "strict: outside the constraint is an error");
    }

    #[test]
    fn writing_declares_prefixes_and_reads_back_equal() {
        let mut attrs = AnyAttributes::new();
        attrs.push("urn:x", "k", "<\"v\">");
        attrs.push("", "plain", "p");
        attrs.push("urn:y", "k", "w");
        let mut w = XmlWriter::new();
        w.start("urn:t", "e");
        w.any_attributes(&attrs);
        w.end();
        let xml = String::from_utf8(w.into_bytes()).expect("UTF-8");
        assert!(xml.contains(" plain=\"p\""), "{xml}");
        let any = AttributeWildcard { namespaces: Namespaces::Any, declared: &[] };
        let (back, deviations) = read(&xml, &any);
        assert_eq!(back, attrs, "{xml}");
        assert!(deviations.is_empty());
    }

    #[test]
    fn checks_name_the_broken_rule() {
        let attrs: AnyAttributes = [
            RawAttribute::new("urn:a", "ok", "1"),
            RawAttribute::new("urn:t", "tns", "2"),
            RawAttribute::new("", "bare", "3"),
            RawAttribute::new("urn:x", "id", "4"),
            RawAttribute::new("urn:a", "ok", "5"),
            RawAttribute::new("urn:a", "no good", "6"),
            RawAttribute::new(XSI_NS, "type", "7"),
        ]
        .into_iter()
        .collect();
        let found: Vec<usize> = WILDCARD.check(&attrs).into_iter().map(|(i, _)| i).collect();
        assert_eq!(found, vec![1, 2, 3, 4, 5, 6]);
        let only = AttributeWildcard { namespaces: Namespaces::Only(&["", "urn:a"]), declared: &[] };
        assert!(
            only.check(&[RawAttribute::new("", "x", ""), RawAttribute::new("urn:a", "y", "")].into_iter().collect())
                .is_empty()
        );
        assert_eq!(only.check(&[RawAttribute::new("urn:b", "x", "")].into_iter().collect()).len(), 1);
    }
}
