//! Simple types: builtins, facets, enumerations, and restriction chains.

use roxmltree::Node;

use super::build::{Builder, MAX_DEPTH};
use crate::diag::Diagnostic;
use crate::load::{self, BINDING_NS};
use crate::model::{Builtin, EnumValue, Facets, QName, SimpleType, TypeKind, TypeRef, UnionMember};

/// Maps an XML Schema builtin type name (any of the schema namespaces) to the model.
pub fn builtin(local: &str) -> Option<Builtin> {
    use Builtin as B;
    Some(match local {
        "string" => B::String,
        "normalizedString" => B::NormalizedString,
        "token" => B::Token,
        "boolean" => B::Boolean,
        "decimal" => B::Decimal,
        "integer" => B::Integer,
        "nonNegativeInteger" => B::NonNegativeInteger,
        "positiveInteger" => B::PositiveInteger,
        "nonPositiveInteger" => B::NonPositiveInteger,
        "negativeInteger" => B::NegativeInteger,
        "long" => B::Long,
        "int" => B::Int,
        "short" => B::Short,
        "byte" => B::Byte,
        "unsignedLong" => B::UnsignedLong,
        "unsignedInt" => B::UnsignedInt,
        "unsignedShort" => B::UnsignedShort,
        "unsignedByte" => B::UnsignedByte,
        "float" => B::Float,
        "double" => B::Double,
        "date" => B::Date,
        "dateTime" | "dateTimeStamp" | "timeInstant" => B::DateTime,
        "time" => B::Time,
        "duration" | "dayTimeDuration" | "yearMonthDuration" | "timeDuration" => B::Duration,
        "gYear" | "year" => B::GYear,
        "gYearMonth" => B::GYearMonth,
        "gMonth" | "month" => B::GMonth,
        "gMonthDay" | "recurringDate" => B::GMonthDay,
        "gDay" | "recurringDay" => B::GDay,
        "base64Binary" | "binary" => B::Base64Binary,
        "hexBinary" => B::HexBinary,
        "anyURI" | "uriReference" => B::AnyUri,
        "QName" | "NOTATION" => B::QName,
        "language" => B::Language,
        "Name" => B::Name,
        "NCName" | "ENTITY" => B::NcName,
        "ID" => B::Id,
        "IDREF" => B::IdRef,
        "NMTOKEN" => B::NmToken,
        // List types: kept as their lexical form.
        "IDREFS" | "NMTOKENS" | "ENTITIES" => B::String,
        "anyType" | "ur-type" => B::AnyType,
        "anySimpleType" => B::AnySimpleType,
        _ => return None,
    })
}

/// A simple type after following its restriction chain.
pub(crate) enum SimpleRes {
    Simple { base: TypeRef, facets: Facets },
    Enum { base: TypeRef, values: Vec<EnumValue> },
}

/// The documentation of a schema component: all `xsd:annotation/xsd:documentation` children.
pub(crate) fn xsd_docs(node: Node) -> Option<String> {
    let parts: Vec<String> = node
        .children()
        .filter(|n| load::is_xsd(*n, "annotation"))
        .flat_map(|a| a.children().filter(|n| load::is_xsd(*n, "documentation")))
        .filter_map(|d| load::normalize_doc(&load::deep_text(d)))
        .collect();
    if parts.is_empty() { None } else { Some(parts.join("\n\n")) }
}

/// `xsd:annotation/xsd:appinfo/b:name` (b = [`BINDING_NS`]).
fn name_hint(node: Node) -> Option<String> {
    node.children()
        .filter(|n| load::is_xsd(*n, "annotation"))
        .flat_map(|a| a.children().filter(|n| load::is_xsd(*n, "appinfo")))
        .flat_map(|a| a.children().filter(|n| load::is_el(*n, BINDING_NS, "name")))
        .map(|n| load::deep_text(n).trim().to_string())
        .find(|s| !s.is_empty())
}

/// Whether a declaration carries the `xsd:annotation/xsd:appinfo/b:sensitive` mark.
pub(crate) fn marked_sensitive(node: Node) -> bool {
    node.children()
        .filter(|n| load::is_xsd(*n, "annotation"))
        .flat_map(|a| a.children().filter(|n| load::is_xsd(*n, "appinfo")))
        .any(|a| a.children().any(|n| load::is_el(n, BINDING_NS, "sensitive")))
}

/// Merges facets down a derivation chain: patterns accumulate, others: the most derived wins.
pub(crate) fn merge_facets(derived: Facets, base: Facets) -> Facets {
    let mut patterns = base.patterns;
    patterns.extend(derived.patterns);
    Facets {
        length: derived.length.or(base.length),
        min_length: derived.min_length.or(base.min_length),
        max_length: derived.max_length.or(base.max_length),
        patterns,
        total_digits: derived.total_digits.or(base.total_digits),
        fraction_digits: derived.fraction_digits.or(base.fraction_digits),
        min_inclusive: derived.min_inclusive.or(base.min_inclusive),
        max_inclusive: derived.max_inclusive.or(base.max_inclusive),
        min_exclusive: derived.min_exclusive.or(base.min_exclusive),
        max_exclusive: derived.max_exclusive.or(base.max_exclusive),
        union: if derived.union.is_empty() { base.union } else { derived.union },
    }
}

fn is_true(v: Option<&str>) -> bool {
    matches!(v.map(str::trim), Some("true") | Some("1"))
}

pub(crate) fn bool_attr(node: Node, name: &str) -> bool {
    is_true(node.attribute(name))
}

impl<'a> Builder<'a> {
    /// Own facets (not enumerations) and enumeration values of a restriction.
    pub(super) fn read_facets(&mut self, restriction: Node<'a, 'a>, unit: usize) -> (Facets, Vec<EnumValue>) {
        let mut f = Facets::default();
        let mut values = Vec::new();
        for c in restriction.children().filter(|n| n.is_element()) {
            if !c.tag_name().namespace().is_some_and(load::is_xsd_ns) {
                continue;
            }
            let name = c.tag_name().name();
            let value = c.attribute("value");
            if matches!(name, "annotation" | "simpleType" | "attribute" | "attributeGroup" | "anyAttribute") {
                continue;
            }
            let Some(value) = value else {
                self.diag(unit, c, format!("xsd:{name} without value"), "add value=\"...\" to the facet");
                continue;
            };
            let num_u64 = |b: &mut Self| -> Option<u64> {
                let r = value.trim().parse::<u64>().ok();
                if r.is_none() {
                    b.diag(
                        unit,
                        c,
                        format!("xsd:{name} value `{value}` is not a non-negative integer"),
                        "write a number",
                    );
                }
                r
            };
            match name {
                "enumeration" => {
                    values.push(EnumValue { value: value.to_string(), docs: xsd_docs(c), name_hint: name_hint(c) })
                }
                "length" => f.length = num_u64(self),
                "minLength" => f.min_length = num_u64(self),
                "maxLength" => f.max_length = num_u64(self),
                "totalDigits" => f.total_digits = num_u64(self).map(|v| u32::try_from(v).unwrap_or(u32::MAX)),
                "fractionDigits" => f.fraction_digits = num_u64(self).map(|v| u32::try_from(v).unwrap_or(u32::MAX)),
                "pattern" => f.patterns.push(value.to_string()),
                "minInclusive" => f.min_inclusive = Some(value.trim().to_string()),
                "maxInclusive" => f.max_inclusive = Some(value.trim().to_string()),
                "minExclusive" => f.min_exclusive = Some(value.trim().to_string()),
                "maxExclusive" => f.max_exclusive = Some(value.trim().to_string()),
                "whiteSpace" | "assertion" | "explicitTimezone" => {}
                other => self.diag(unit, c, format!("unsupported facet xsd:{other}"), "remove the facet"),
            }
        }
        (f, values)
    }

    /// Resolves a QName attribute that must name a type: a builtin or a named type. Reports
    /// (located at the attribute) and returns None when it resolves nowhere.
    pub(crate) fn type_ref(&mut self, unit: usize, node: Node<'a, 'a>, attr: &str) -> Option<TypeRef> {
        let value = node.attribute(attr)?;
        let qn = self.qname_attr(unit, node, attr)?;
        if load::is_xsd_ns(&qn.ns) {
            return match builtin(&qn.local) {
                Some(b) => Some(TypeRef::Builtin(b)),
                None => {
                    self.diag_attr(
                        unit,
                        node,
                        attr,
                        format!("`{value}` is not an XML Schema builtin type"),
                        "use a builtin such as xsd:string, xsd:int or xsd:dateTime",
                    );
                    None
                }
            };
        }
        if self.idx.types.contains_key(&qn) {
            return Some(TypeRef::Named(qn));
        }
        // Legacy leniency (the WSDL 1.1 spec's own example): an unprefixed builtin name with no
        // default namespace in scope means the XML Schema builtin.
        if qn.ns.is_empty()
            && !value.contains(':')
            && let Some(b) = builtin(&qn.local)
        {
            return Some(TypeRef::Builtin(b));
        }
        let hint = self.missing_hint(&qn, "type");
        self.diag_attr(unit, node, attr, format!("type `{value}` ({qn}) is not defined"), hint);
        None
    }

    /// An `xsd:union` (the child of the simple type `qn`): a string whose member types are kept for
    /// documentation. Anonymous enumerations among them become types (`<qn>_member<n>`); a member
    /// named with an undeclared prefix is left out (the value stays text either way).
    pub(crate) fn union_kind(
        &mut self,
        union: Node<'a, 'a>,
        unit: usize,
        qn: &QName,
        depth: usize,
    ) -> Option<TypeKind> {
        let mut members = Vec::new();
        for token in union.attribute("memberTypes").unwrap_or_default().split_whitespace() {
            let Some(q) = load::resolve_qname(union, token) else { continue };
            let ty = match builtin(&q.local) {
                Some(b) if load::is_xsd_ns(&q.ns) => TypeRef::Builtin(b),
                _ => TypeRef::Named(q),
            };
            members.push(UnionMember { ty, facets: Facets::default() });
        }
        for (i, st) in union.children().filter(|n| load::is_xsd(*n, "simpleType")).enumerate() {
            let member = if self.is_anon_type(st) {
                let enclosing = qn.clone();
                let name = move |b: &mut Self| b.alloc_local(&enclosing, &format!("member{}", i + 1));
                UnionMember { ty: TypeRef::Named(self.anon_type(st, unit, name, depth + 1)), facets: Facets::default() }
            } else {
                match self.resolve_simple(st, unit, false, depth + 1)? {
                    SimpleRes::Simple { base, facets } => UnionMember { ty: base, facets },
                    SimpleRes::Enum { base, .. } => UnionMember { ty: base, facets: Facets::default() },
                }
            };
            members.push(member);
        }
        let base = TypeRef::Builtin(Builtin::String);
        Some(TypeKind::Simple(SimpleType { base, facets: Facets::default(), list: false, union: members }))
    }

    /// Follows a simpleType's derivation. `flatten` follows named simple (non-enum) bases down to a
    /// builtin, merging facets; otherwise a named base is kept as is (it carries its own facets).
    pub(crate) fn resolve_simple(
        &mut self,
        st: Node<'a, 'a>,
        unit: usize,
        flatten: bool,
        depth: usize,
    ) -> Option<SimpleRes> {
        if depth > MAX_DEPTH {
            self.diag(unit, st, "simple type derivation too deep (cyclic?)", "break the cycle of restrictions");
            return None;
        }
        let string = || SimpleRes::Simple { base: TypeRef::Builtin(Builtin::String), facets: Facets::default() };
        for c in st.children().filter(|n| n.is_element()) {
            if load::is_xsd(c, "list") || load::is_xsd(c, "union") {
                return Some(string());
            }
            if !load::is_xsd(c, "restriction") {
                continue;
            }
            let (own, values) = self.read_facets(c, unit);
            // The base: attribute (builtin or named simple type), or an inline simpleType.
            let (named, base_res) = if c.has_attribute("base") {
                match self.type_ref(unit, c, "base")? {
                    TypeRef::Builtin(b) => {
                        (None, SimpleRes::Simple { base: TypeRef::Builtin(b), facets: Facets::default() })
                    }
                    TypeRef::Named(qn) => {
                        let g = *self.idx.types.get(&qn)?;
                        if !load::is_xsd(g.node, "simpleType") {
                            self.diag_attr(
                                unit,
                                c,
                                "base",
                                format!("simple type restricts the complex type {qn}"),
                                "restrict a simple type or a builtin",
                            );
                            return None;
                        }
                        let r = self.resolve_simple(g.node, g.unit, true, depth + 1)?;
                        (Some(qn), r)
                    }
                }
            } else if let Some(inner) = c.children().find(|n| load::is_xsd(*n, "simpleType")) {
                (None, self.resolve_simple(inner, unit, true, depth + 1)?)
            } else {
                self.diag(unit, c, "xsd:restriction without base", "add base=\"xsd:string\" (or another type)");
                return None;
            };
            if !values.is_empty() {
                let base = match base_res {
                    SimpleRes::Simple { base, .. } | SimpleRes::Enum { base, .. } => base,
                };
                return Some(SimpleRes::Enum { base, values });
            }
            return Some(match (named, base_res) {
                (Some(qn), SimpleRes::Enum { .. }) => SimpleRes::Simple { base: TypeRef::Named(qn), facets: own },
                (Some(qn), SimpleRes::Simple { .. }) if !flatten => {
                    SimpleRes::Simple { base: TypeRef::Named(qn), facets: own }
                }
                (_, SimpleRes::Simple { base, facets }) => {
                    SimpleRes::Simple { base, facets: merge_facets(own, facets) }
                }
                (None, SimpleRes::Enum { base, values }) => {
                    // An anonymous enum restricted again without enumerations keeps its values.
                    SimpleRes::Enum { base, values }
                }
            });
        }
        self.diag(unit, st, "xsd:simpleType without restriction, list or union", "add an xsd:restriction");
        None
    }

    /// Resolves a QName attribute; reports an unbound prefix.
    pub(crate) fn qname_attr(&mut self, unit: usize, node: Node<'a, 'a>, attr: &str) -> Option<QName> {
        let value = node.attribute(attr)?;
        match load::resolve_qname(node, value) {
            Some(q) => Some(q),
            None => {
                let prefix = value.split(':').next().unwrap_or("");
                self.diag_attr(
                    unit,
                    node,
                    attr,
                    format!("namespace prefix `{prefix}` of `{value}` is not declared"),
                    format!("declare xmlns:{prefix}=\"...\" on this element or an ancestor"),
                );
                None
            }
        }
    }

    /// A hint for a name that resolves nowhere.
    pub(crate) fn missing_hint(&self, qn: &QName, what: &str) -> String {
        if self.idx.units.iter().any(|u| u.tns == qn.ns) {
            format!("namespace `{}` is loaded but defines no {what} named `{}`; check the spelling", qn.ns, qn.local)
        } else {
            format!(
                "no loaded schema has targetNamespace `{}`; import it with schemaLocation, or map the namespace to a local file in a catalog passed with --catalog",
                qn.ns
            )
        }
    }

    pub(crate) fn diag(&mut self, unit: usize, node: Node, msg: impl Into<String>, hint: impl Into<String>) {
        let file = self.file(unit);
        self.diags.push(Diagnostic::new(load::span_of(&file, node), msg).with_hint(hint));
    }

    pub(crate) fn diag_attr(
        &mut self,
        unit: usize,
        node: Node,
        attr: &str,
        msg: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let file = self.file(unit);
        self.diags.push(Diagnostic::new(load::attr_span(&file, node, attr), msg).with_hint(hint));
    }
}
