//! Attribute wildcards (`xs:anyAttribute`): the complete wildcard of a complex type (XSD 1.0
//! §3.4.2): its own `anyAttribute` intersected with the wildcards of the attribute groups it
//! references; for an extension, united with the base type's; for a restriction, its own only.

use roxmltree::Node;

use super::build::{Builder, MAX_DEPTH};
use super::simple::xsd_docs;
use crate::load;
use crate::model::{AttributeWildcard, ComplexType, NamespaceConstraint, ProcessContents};

impl<'a> Builder<'a> {
    /// Sets `ct.any_attribute` from `node` (a complexType, or its extension or restriction): its
    /// own complete wildcard, for an extension (`extend`) united with the base's, already in `ct`.
    pub(super) fn complete_wildcard(
        &mut self,
        node: Node<'a, 'a>,
        unit: usize,
        depth: usize,
        ct: &mut ComplexType,
        extend: bool,
    ) {
        let own = self.local_wildcard(node, unit, depth + 1);
        ct.any_attribute = if extend { self.extend_wildcard(ct.any_attribute.take(), own, node, unit) } else { own };
    }

    /// The complete wildcard declared by the attribute children of `node` (a complexType, an
    /// extension or restriction, or an attribute group): its `anyAttribute` and those of the
    /// attribute groups it references, intersected.
    fn local_wildcard(&mut self, node: Node<'a, 'a>, unit: usize, depth: usize) -> Option<AttributeWildcard> {
        if depth > MAX_DEPTH {
            self.diag(unit, node, "attribute groups nested too deeply (cyclic?)", "break the cycle");
            return None;
        }
        let own = node.children().find(|n| load::is_xsd(*n, "anyAttribute"));
        let mut groups: Vec<(Node<'a, 'a>, usize, AttributeWildcard)> = Vec::new();
        for c in node.children().filter(|n| load::is_xsd(*n, "attributeGroup")) {
            // Undefined groups and unbound prefixes are reported where the attributes are read.
            let Some(qn) = c.attribute("ref").and_then(|v| load::resolve_qname(c, v)) else { continue };
            let Some(g) = self.idx.attribute_groups.get(&qn).copied() else { continue };
            if let Some(w) = self.local_wildcard(g.node, g.unit, depth + 1) {
                groups.push((c, unit, w));
            }
        }
        let mut complete = match own {
            Some(a) => self.wildcard(a, unit)?,
            None => {
                if groups.is_empty() {
                    return None;
                }
                // Without its own wildcard, the type takes processContents from its first group's.
                groups.remove(0).2
            }
        };
        for (at, at_unit, w) in groups {
            match complete.namespaces.intersect(&w.namespaces) {
                Some(ns) => complete.namespaces = ns,
                None => {
                    self.diag(
                        at_unit,
                        at,
                        "the attribute wildcards of this attribute group and of the type exclude different namespaces; XML Schema 1.0 cannot express their intersection",
                        "give the type's xs:anyAttribute a namespace list instead of ##other",
                    );
                    return None;
                }
            }
        }
        Some(complete)
    }

    /// The wildcard of an extension: the base type's united with the extension's own (whose
    /// processContents wins; the base's when the extension has none).
    fn extend_wildcard(
        &mut self,
        base: Option<AttributeWildcard>,
        own: Option<AttributeWildcard>,
        extension: Node<'a, 'a>,
        unit: usize,
    ) -> Option<AttributeWildcard> {
        match (base, own) {
            (Some(base), Some(mut own)) => match own.namespaces.union(&base.namespaces) {
                Some(ns) => {
                    own.namespaces = ns;
                    Some(own)
                }
                None => {
                    self.diag(
                        unit,
                        extension,
                        "the attribute wildcards of this extension and of its base type cannot be united in XML Schema 1.0 (one excludes a namespace the other does not list, the other allows no namespace)",
                        "list the namespaces explicitly in both xs:anyAttribute declarations",
                    );
                    None
                }
            },
            (base, own) => own.or(base),
        }
    }

    /// One `xs:anyAttribute` or `xs:any`, its `namespace` resolved against the target namespace of
    /// `unit`.
    pub(super) fn wildcard(&mut self, node: Node<'a, 'a>, unit: usize) -> Option<AttributeWildcard> {
        let tns = self.idx.units.get(unit).map(|u| u.tns.clone()).unwrap_or_default();
        let namespaces = match node.attribute("namespace").map(str::trim) {
            None | Some("##any") => NamespaceConstraint::Any,
            Some("##other") => NamespaceConstraint::Not(tns),
            Some(list) => {
                let mut out: Vec<String> = Vec::new();
                for token in list.split_whitespace() {
                    let ns = match token {
                        "##targetNamespace" => tns.clone(),
                        "##local" => String::new(),
                        t if t.starts_with("##") => {
                            self.diag_attr(
                                unit,
                                node,
                                "namespace",
                                format!("`{t}` is not a namespace of a wildcard"),
                                "use ##any, ##other, or a list of URIs, ##targetNamespace and ##local",
                            );
                            return None;
                        }
                        t => t.to_string(),
                    };
                    if !out.contains(&ns) {
                        out.push(ns);
                    }
                }
                NamespaceConstraint::Only(out)
            }
        };
        let process = match node.attribute("processContents").map(str::trim) {
            None | Some("strict") => ProcessContents::Strict,
            Some("lax") => ProcessContents::Lax,
            Some("skip") => ProcessContents::Skip,
            Some(other) => {
                self.diag_attr(
                    unit,
                    node,
                    "processContents",
                    format!("processContents `{other}` is not one of strict, lax, skip"),
                    "write processContents=\"lax\" (or strict, skip)",
                );
                return None;
            }
        };
        let span = load::span_of(&self.file(unit), node);
        Some(AttributeWildcard { namespaces, process, docs: xsd_docs(node), span })
    }
}
