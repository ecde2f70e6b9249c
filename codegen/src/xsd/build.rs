//! Building model types from indexed schema components.
//!
//! Content models: sequences (nested ones flattened) and `all` become fields in document order;
//! `choice` is flattened too, each of its fields optional (`min_occurs` 0) and tagged with its
//! choice and branch (`Field::choice`), the choice itself listed in `ComplexType::choices` (its
//! occurs and branches); group and attribute group references are expanded inline;
//! occurs of enclosing particles multiply into each field's occurs. `xs:any` becomes a field
//! named `{##any}any` of type `AnyType`; `xs:anyAttribute`, the type's attribute wildcard
//! (`wildcard.rs`). A SOAP-encoded array (restriction of `soapenc:Array` with
//! `wsdl:arrayType="T[]"`) gets a repeated field `item` of type T.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use roxmltree::{Document, Node, NodeId};

use super::simple::{SimpleRes, bool_attr, marked_sensitive, xsd_docs};
use super::{Index, SchemaModel};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, Sources};
use crate::model::{
    Attribute, Builtin, Choice, ComplexType, ElementDecl, ElementWildcard, Encoding, EnumType, Facets, Field, QName,
    SimpleType, TypeDef, TypeKind, TypeRef, looks_secret,
};

/// SOAP 1.1 encoding (`soapenc:Array`) and WSDL 1.1 (`wsdl:arrayType`) namespaces.
pub(super) const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";
pub(super) const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";

/// Guard on every recursion over the type graph (extension chains, groups, nested anonymous types).
pub(crate) const MAX_DEPTH: usize = 400;

/// Occurrence bounds (None = unbounded).
#[derive(Clone, Copy)]
pub(super) struct Occurs {
    pub(super) min: u32,
    pub(super) max: Option<u32>,
}

impl Occurs {
    pub(super) const ONE: Occurs = Occurs { min: 1, max: Some(1) };
    pub(super) fn times(self, o: Occurs) -> Occurs {
        let max = match (self.max, o.max) {
            (Some(0), _) | (_, Some(0)) => Some(0),
            (Some(a), Some(b)) => Some(a.saturating_mul(b)),
            _ => None,
        };
        Occurs { min: self.min.saturating_mul(o.min), max }
    }
}

pub(crate) struct Builder<'a> {
    pub idx: Index<'a>,
    pub types: BTreeMap<QName, TypeDef>,
    pub elements: BTreeMap<QName, ElementDecl>,
    /// Facets of a global element's anonymous simple type (carried to `ref=` fields).
    element_facets: BTreeMap<QName, Facets>,
    /// Synthetic names of anonymous types, by (unit, node).
    pub(super) anon: HashMap<(usize, NodeId), QName>,
    pub(super) anon_built: HashSet<(usize, NodeId)>,
    taken: BTreeSet<QName>,
    building: BTreeSet<QName>,
    /// Choices numbered so far (`ChoiceStep::group`).
    pub(super) choices: u32,
    /// The choices of the complex type being built (`ComplexType::choices`).
    pub(super) choice_table: Vec<Choice>,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    pub fn new(sources: &'a Sources, docs: &'a [Document<'a>]) -> Self {
        let mut diags = Vec::new();
        let idx = Index::new(sources, docs, &mut diags);
        let taken = idx.types.keys().cloned().collect();
        Builder {
            idx,
            types: BTreeMap::new(),
            elements: BTreeMap::new(),
            element_facets: BTreeMap::new(),
            anon: HashMap::new(),
            anon_built: HashSet::new(),
            taken,
            building: BTreeSet::new(),
            choices: 0,
            choice_table: Vec::new(),
            diags,
        }
    }

    pub(crate) fn file(&self, unit: usize) -> Arc<str> {
        self.idx.units.get(unit).map(|u| u.file.clone()).unwrap_or_else(|| Arc::from(""))
    }

    pub(super) fn tns(&self, unit: usize) -> String {
        self.idx.units.get(unit).map(|u| u.tns.clone()).unwrap_or_default()
    }

    pub fn run(&mut self) {
        // Global elements' anonymous types get their names first: they take priority over the
        // names made up for local anonymous types.
        let globals: Vec<(QName, super::Global<'a>)> = self.idx.elements.iter().map(|(q, g)| (q.clone(), *g)).collect();
        for (qn, g) in &globals {
            if let Some(anon) = g.node.children().find(|n| self.is_anon_type(*n)) {
                let name = self.alloc_global(qn);
                self.anon.insert((g.unit, anon.id()), name);
            }
        }
        let named: Vec<QName> = self.idx.types.keys().cloned().collect();
        for qn in named {
            self.build_named(&qn, 0);
        }
        for (qn, _) in globals {
            self.element_decl(&qn, 0);
        }
    }

    pub fn finish(self) -> Result<SchemaModel, Diagnostics> {
        if self.diags.is_empty() {
            Ok(SchemaModel { types: self.types, elements: self.elements })
        } else {
            Err(Diagnostics(self.diags))
        }
    }

    /// Does this child of an element declare an anonymous type that becomes a named model type?
    pub(crate) fn is_anon_type(&self, n: Node) -> bool {
        load::is_xsd(n, "complexType")
            || (load::is_xsd(n, "simpleType")
                && n.children().any(|c| {
                    load::is_xsd(c, "list")
                        || (load::is_xsd(c, "restriction") && c.children().any(|e| load::is_xsd(e, "enumeration")))
                }))
    }

    /// An `xsd:list` (the child of the simple type `qn`): its item type is named, builtin, or
    /// anonymous; an anonymous enumeration becomes a type of its own (`<qn>_item`).
    fn list_kind(&mut self, list: Node<'a, 'a>, unit: usize, qn: &QName, depth: usize) -> Option<TypeKind> {
        let (base, facets) = if list.has_attribute("itemType") {
            (self.type_ref(unit, list, "itemType")?, Facets::default())
        } else if let Some(item) = list.children().find(|n| load::is_xsd(*n, "simpleType")) {
            if self.is_anon_type(item) {
                let enclosing = qn.clone();
                let name = move |b: &mut Self| b.alloc_local(&enclosing, "item");
                (TypeRef::Named(self.anon_type(item, unit, name, depth + 1)), Facets::default())
            } else {
                match self.resolve_simple(item, unit, false, depth + 1)? {
                    SimpleRes::Simple { base, facets } => (base, facets),
                    SimpleRes::Enum { base, .. } => (base, Facets::default()),
                }
            }
        } else {
            self.diag(
                unit,
                list,
                "xsd:list without an item type",
                "add itemType=\"xsd:string\" (or another simple type)",
            );
            return None;
        };
        Some(TypeKind::Simple(SimpleType { base, facets, list: true, union: Vec::new() }))
    }

    fn alloc_global(&mut self, qn: &QName) -> QName {
        self.alloc_suffixed(qn, "Element")
    }

    /// `qn`, else `qn` + `word`, else `qn` + `word` + 2, 3...
    fn alloc_suffixed(&mut self, qn: &QName, word: &str) -> QName {
        let mut candidate = qn.clone();
        let mut i = 1u32;
        while self.taken.contains(&candidate) {
            let suffix = if i == 1 { word.to_string() } else { format!("{word}{i}") };
            candidate = QName::new(qn.ns.clone(), format!("{}{suffix}", qn.local));
            i = i.saturating_add(1);
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    pub(crate) fn alloc_local(&mut self, enclosing: &QName, local: &str) -> QName {
        let base = format!("{}_{}", enclosing.local, local);
        let mut candidate = QName::new(enclosing.ns.clone(), base.clone());
        let mut i = 2u32;
        while self.taken.contains(&candidate) {
            candidate = QName::new(enclosing.ns.clone(), format!("{base}{i}"));
            i = i.saturating_add(1);
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Builds a named (global) type once.
    fn build_named(&mut self, qn: &QName, depth: usize) {
        if self.types.contains_key(qn) {
            return;
        }
        let Some(g) = self.idx.types.get(qn).copied() else { return };
        if depth > MAX_DEPTH || !self.building.insert(qn.clone()) {
            self.diag(g.unit, g.node, format!("type {qn} derives from itself"), "break the cycle of extensions");
            return;
        }
        let kind = if load::is_xsd(g.node, "complexType") {
            Some(TypeKind::Complex(self.complex_type(g.node, g.unit, qn, depth + 1)))
        } else if let Some(list) = g.node.children().find(|c| load::is_xsd(*c, "list")) {
            self.list_kind(list, g.unit, qn, depth + 1)
        } else if let Some(union) = g.node.children().find(|c| load::is_xsd(*c, "union")) {
            self.union_kind(union, g.unit, qn, depth + 1)
        } else {
            self.resolve_simple(g.node, g.unit, true, depth + 1).map(simple_kind)
        };
        self.building.remove(qn);
        if let Some(kind) = kind {
            let span = load::span_of(&self.file(g.unit), g.node);
            self.types.insert(qn.clone(), TypeDef { name: qn.clone(), docs: xsd_docs(g.node), kind, span });
        }
    }

    /// The content of a named complex type, for extension (None if it is simple or missing).
    pub(super) fn complex_of(&mut self, qn: &QName, depth: usize) -> Option<Result<ComplexType, TypeRef>> {
        self.build_named(qn, depth + 1);
        match &self.types.get(qn)?.kind {
            TypeKind::Complex(c) => Some(Ok(c.clone())),
            _ => Some(Err(TypeRef::Named(qn.clone()))),
        }
    }

    /// Builds an anonymous type (complex, or enumerated simple) once; returns its synthetic name.
    pub(crate) fn anon_type(
        &mut self,
        node: Node<'a, 'a>,
        unit: usize,
        name: impl FnOnce(&mut Self) -> QName,
        depth: usize,
    ) -> QName {
        let key = (unit, node.id());
        let qn = match self.anon.get(&key) {
            Some(q) => q.clone(),
            None => {
                let q = name(self);
                self.anon.insert(key, q.clone());
                q
            }
        };
        if !self.anon_built.insert(key) {
            return qn;
        }
        if depth > MAX_DEPTH {
            self.diag(unit, node, "anonymous types nested too deeply", "declare some of them as named types");
            return qn;
        }
        let kind = if load::is_xsd(node, "complexType") {
            Some(TypeKind::Complex(self.complex_type(node, unit, &qn, depth + 1)))
        } else if let Some(list) = node.children().find(|c| load::is_xsd(*c, "list")) {
            self.list_kind(list, unit, &qn, depth + 1)
        } else if let Some(union) = node.children().find(|c| load::is_xsd(*c, "union")) {
            self.union_kind(union, unit, &qn, depth + 1)
        } else {
            self.resolve_simple(node, unit, false, depth + 1).map(simple_kind)
        };
        if let Some(kind) = kind {
            let docs = xsd_docs(node).or_else(|| node.parent_element().and_then(xsd_docs));
            let span = load::span_of(&self.file(unit), node);
            self.types.insert(qn.clone(), TypeDef { name: qn.clone(), docs, kind, span });
        }
        qn
    }

    /// A complexType's content model.
    fn complex_type(&mut self, node: Node<'a, 'a>, unit: usize, enclosing: &QName, depth: usize) -> ComplexType {
        let mut ct = ComplexType {
            base: None,
            is_abstract: bool_attr(node, "abstract"),
            anonymous: !node.has_attribute("name"),
            fields: Vec::new(),
            attributes: Vec::new(),
            any_attribute: None,
            text: None,
            mixed: bool_attr(node, "mixed"),
            choices: Vec::new(),
            inline: None,
            encoding: Encoding::Literal,
        };
        // Anonymous types met on the way are built meanwhile, each with its own table.
        let outer = std::mem::take(&mut self.choice_table);
        self.content(node, unit, enclosing, depth, &mut ct);
        ct.choices = std::mem::replace(&mut self.choice_table, outer);
        self.complete_wildcard(node, unit, depth, &mut ct, true);
        ct
    }

    /// Children of a complexType, or of an extension/restriction.
    pub(super) fn content(
        &mut self,
        node: Node<'a, 'a>,
        unit: usize,
        enclosing: &QName,
        depth: usize,
        ct: &mut ComplexType,
    ) {
        for c in node.children().filter(|n| n.is_element()) {
            if !c.tag_name().namespace().is_some_and(load::is_xsd_ns) {
                continue;
            }
            match c.tag_name().name() {
                "sequence" | "all" | "choice" | "group" | "element" | "any" => {
                    self.particle(c, unit, enclosing, Occurs::ONE, depth + 1, &mut ct.fields)
                }
                "attribute" | "attributeGroup" => self.attribute(c, unit, enclosing, depth + 1, &mut ct.attributes),
                "anyAttribute" | "annotation" | "simpleType" | "assert" | "openContent" => {}
                // Facets belong to a simpleContent restriction (read by `restricted_text`); elsewhere
                // they constrain nothing a complex type holds.
                "enumeration" | "pattern" | "length" | "minLength" | "maxLength" | "totalDigits" | "fractionDigits"
                | "minInclusive" | "maxInclusive" | "minExclusive" | "maxExclusive" | "whiteSpace" => {}
                "complexContent" => {
                    ct.mixed |= bool_attr(c, "mixed");
                    self.derivation(c, unit, enclosing, depth + 1, ct, false);
                }
                "simpleContent" => self.derivation(c, unit, enclosing, depth + 1, ct, true),
                other => self.diag(
                    unit,
                    c,
                    format!("xsd:{other} is not supported in a complex type"),
                    "use sequence, choice, all, attributes, simpleContent or complexContent",
                ),
            }
        }
    }

    fn occurs(&mut self, unit: usize, node: Node<'a, 'a>) -> Occurs {
        let mut o = Occurs::ONE;
        if let Some(v) = node.attribute("minOccurs") {
            match v.trim().parse::<u32>() {
                Ok(n) => o.min = n,
                Err(_) => self.diag_attr(unit, node, "minOccurs", format!("invalid minOccurs `{v}`"), "write a number"),
            }
        }
        if let Some(v) = node.attribute("maxOccurs") {
            match v.trim() {
                "unbounded" => o.max = None,
                t => match t.parse::<u32>() {
                    Ok(n) => o.max = Some(n),
                    Err(_) => self.diag_attr(
                        unit,
                        node,
                        "maxOccurs",
                        format!("invalid maxOccurs `{v}`"),
                        "write a number or \"unbounded\"",
                    ),
                },
            }
        }
        o
    }

    pub(super) fn particle(
        &mut self,
        node: Node<'a, 'a>,
        unit: usize,
        enclosing: &QName,
        outer: Occurs,
        depth: usize,
        out: &mut Vec<Field>,
    ) {
        if depth > MAX_DEPTH {
            self.diag(unit, node, "content model nested too deeply (cyclic group?)", "break the cycle of groups");
            return;
        }
        if !node.tag_name().namespace().is_some_and(load::is_xsd_ns) {
            return;
        }
        let occ = outer.times(self.occurs(unit, node));
        match node.tag_name().name() {
            "element" => {
                if occ.max != Some(0)
                    && let Some(f) = self.field(node, unit, enclosing, occ, depth + 1)
                {
                    out.push(f);
                }
            }
            "sequence" | "all" => {
                for c in node.children().filter(|n| n.is_element()) {
                    self.particle(c, unit, enclosing, occ, depth + 1, out);
                }
            }
            "choice" if occ.max == Some(0) => {}
            "choice" => self.choice(node, unit, enclosing, occ, depth, out),
            "group" => {
                let Some(qn) = self.qname_attr(unit, node, "ref") else {
                    if !node.has_attribute("ref") {
                        self.diag(
                            unit,
                            node,
                            "local xsd:group without ref",
                            "refer to a global group with ref=\"...\"",
                        );
                    }
                    return;
                };
                let Some(g) = self.idx.groups.get(&qn).copied() else {
                    let hint = self.missing_hint(&qn, "group");
                    self.diag_attr(unit, node, "ref", format!("group {qn} is not defined"), hint);
                    return;
                };
                for c in g.node.children().filter(|n| n.is_element()) {
                    self.particle(c, g.unit, &qn, occ, depth + 1, out);
                }
            }
            "any" => {
                let Some(w) = self.wildcard(node, unit) else { return };
                let wildcard = ElementWildcard { namespaces: w.namespaces, process: w.process };
                if occ.max != Some(0) {
                    let file = self.file(unit);
                    out.push(Field {
                        name: QName::new("##any", "any"),
                        ty: TypeRef::Builtin(Builtin::AnyType),
                        min_occurs: occ.min,
                        max_occurs: occ.max,
                        nillable: false,
                        default: None,
                        fixed: None,
                        element_ref: false,
                        wildcard: Some(wildcard),
                        facets: Facets::default(),
                        choice: Vec::new(),
                        branch_min_occurs: occ.min,
                        branch_max_occurs: occ.max,
                        docs: xsd_docs(node),
                        sensitive: false,
                        span: load::span_of(&file, node),
                    });
                }
            }
            "annotation" => {}
            other => self.diag(
                unit,
                node,
                format!("xsd:{other} is not supported in a content model"),
                "use element, sequence, choice, all, group or any",
            ),
        }
    }

    /// The type of an element declaration (global or local): type attribute, anonymous type or
    /// anyType; with the facets of an anonymous non-enumerated simple type.
    fn element_type(
        &mut self,
        node: Node<'a, 'a>,
        unit: usize,
        name: impl FnOnce(&mut Self) -> QName,
        depth: usize,
    ) -> Option<(TypeRef, Facets)> {
        if node.has_attribute("type") {
            return self.type_ref(unit, node, "type").map(|t| (t, Facets::default()));
        }
        if let Some(anon) = node.children().find(|n| self.is_anon_type(*n)) {
            return Some((TypeRef::Named(self.anon_type(anon, unit, name, depth + 1)), Facets::default()));
        }
        if let Some(st) = node.children().find(|n| load::is_xsd(*n, "simpleType")) {
            return match self.resolve_simple(st, unit, false, depth + 1)? {
                SimpleRes::Simple { base, facets } => Some((base, facets)),
                // Not reached: enumerated simple types are anonymous named types above.
                SimpleRes::Enum { base, .. } => Some((base, Facets::default())),
            };
        }
        // No type: the type of the substitution group's head, else anyType.
        if node.has_attribute("substitutionGroup")
            && let Some(head) = self.qname_attr(unit, node, "substitutionGroup")
            && head != QName::new(self.tns(unit), node.attribute("name").unwrap_or(""))
            && let Some((decl, facets)) = self.element_decl(&head, depth + 1)
        {
            return Some((decl.ty, facets));
        }
        Some((TypeRef::Builtin(Builtin::AnyType), Facets::default()))
    }

    /// A global element declaration, built once.
    pub(crate) fn element_decl(&mut self, qn: &QName, depth: usize) -> Option<(ElementDecl, Facets)> {
        if let Some(d) = self.elements.get(qn) {
            let facets = self.element_facets.get(qn).cloned().unwrap_or_default();
            return Some((d.clone(), facets));
        }
        let g = self.idx.elements.get(qn).copied()?;
        if depth > MAX_DEPTH {
            self.diag(g.unit, g.node, "element references nested too deeply", "simplify the schema");
            return None;
        }
        let q2 = qn.clone();
        let (ty, facets) = self.element_type(g.node, g.unit, move |b| b.alloc_global(&q2), depth + 1)?;
        let substitution_group = self.substitution_head(g.unit, g.node);
        let decl = ElementDecl {
            name: qn.clone(),
            ty,
            nillable: bool_attr(g.node, "nillable"),
            substitution_group,
            is_abstract: bool_attr(g.node, "abstract"),
            docs: xsd_docs(g.node),
            span: load::span_of(&self.file(g.unit), g.node),
        };
        self.elements.insert(qn.clone(), decl.clone());
        if !facets.is_empty() {
            self.element_facets.insert(qn.clone(), facets.clone());
        }
        Some((decl, facets))
    }

    /// The head of a global element's substitution group, which must be declared.
    fn substitution_head(&mut self, unit: usize, node: Node<'a, 'a>) -> Option<QName> {
        let value = node.attribute("substitutionGroup")?;
        let Some(head) = load::resolve_qname(node, value) else {
            // A typeless member already had its head resolved (and the prefix reported) for its type.
            if node.has_attribute("type") || node.children().any(|n| self.is_anon_type(n)) {
                self.qname_attr(unit, node, "substitutionGroup");
            }
            return None;
        };
        if !self.idx.elements.contains_key(&head) {
            let hint = self.missing_hint(&head, "element");
            let message = format!("substitution group head {head} is not defined");
            self.diag_attr(unit, node, "substitutionGroup", message, hint);
            return None;
        }
        Some(head)
    }

    fn field(
        &mut self,
        node: Node<'a, 'a>,
        unit: usize,
        enclosing: &QName,
        occ: Occurs,
        depth: usize,
    ) -> Option<Field> {
        let span = load::span_of(&self.file(unit), node);
        if node.has_attribute("ref") {
            let qn = self.qname_attr(unit, node, "ref")?;
            let Some((decl, facets)) = self.element_decl(&qn, depth + 1) else {
                if !self.idx.elements.contains_key(&qn) {
                    let hint = self.missing_hint(&qn, "element");
                    self.diag_attr(unit, node, "ref", format!("element {qn} is not defined"), hint);
                }
                return None;
            };
            let g = self.idx.elements.get(&qn).copied();
            let sensitive =
                marked_sensitive(node) || g.is_some_and(|g| marked_sensitive(g.node)) || looks_secret(&qn.local);
            return Some(Field {
                name: qn,
                ty: decl.ty,
                min_occurs: occ.min,
                max_occurs: occ.max,
                nillable: decl.nillable,
                default: g.and_then(|g| g.node.attribute("default")).map(str::to_string),
                fixed: g.and_then(|g| g.node.attribute("fixed")).map(str::to_string),
                element_ref: true,
                wildcard: None,
                facets,
                choice: Vec::new(),
                branch_min_occurs: occ.min,
                branch_max_occurs: occ.max,
                docs: xsd_docs(node).or(decl.docs),
                sensitive,
                span,
            });
        }
        let Some(local) = node.attribute("name") else {
            self.diag(unit, node, "local element without name or ref", "add name=\"...\" or ref=\"...\"");
            return None;
        };
        let qualified = match node.attribute("form") {
            Some(f) => f == "qualified",
            None => self.idx.units.get(unit).is_some_and(|u| u.element_qualified),
        };
        let ns = if qualified { self.tns(unit) } else { String::new() };
        let enc = enclosing.clone();
        let (ty, facets) = self.element_type(node, unit, move |b| b.alloc_local(&enc, local), depth + 1)?;
        Some(Field {
            name: QName::new(ns, local),
            ty,
            min_occurs: occ.min,
            max_occurs: occ.max,
            nillable: bool_attr(node, "nillable"),
            default: node.attribute("default").map(str::to_string),
            fixed: node.attribute("fixed").map(str::to_string),
            element_ref: false,
            wildcard: None,
            facets,
            choice: Vec::new(),
            branch_min_occurs: occ.min,
            branch_max_occurs: occ.max,
            docs: xsd_docs(node),
            sensitive: marked_sensitive(node) || looks_secret(local),
            span,
        })
    }

    pub(super) fn attribute(
        &mut self,
        node: Node<'a, 'a>,
        unit: usize,
        enclosing: &QName,
        depth: usize,
        out: &mut Vec<Attribute>,
    ) {
        if depth > MAX_DEPTH {
            self.diag(unit, node, "attribute groups nested too deeply (cyclic?)", "break the cycle");
            return;
        }
        if load::is_xsd(node, "attributeGroup") {
            let Some(qn) = self.qname_attr(unit, node, "ref") else { return };
            let Some(g) = self.idx.attribute_groups.get(&qn).copied() else {
                let hint = self.missing_hint(&qn, "attribute group");
                self.diag_attr(unit, node, "ref", format!("attribute group {qn} is not defined"), hint);
                return;
            };
            for c in g.node.children().filter(|n| load::is_xsd(*n, "attribute") || load::is_xsd(*n, "attributeGroup")) {
                self.attribute(c, g.unit, &qn, depth + 1, out);
            }
            return;
        }
        let use_ = node.attribute("use").unwrap_or("optional");
        if use_ == "prohibited" {
            return;
        }
        let span = load::span_of(&self.file(unit), node);
        let (name, decl_node, decl_unit) = if node.has_attribute("ref") {
            let Some(qn) = self.qname_attr(unit, node, "ref") else { return };
            match self.idx.attributes.get(&qn).copied() {
                Some(g) => (qn, g.node, g.unit),
                None if qn.ns == load::XML_NS => {
                    // xml:lang, xml:space...: well known, no schema needed.
                    out.push(Attribute {
                        name: qn,
                        ty: TypeRef::Builtin(Builtin::String),
                        required: use_ == "required",
                        default: node.attribute("default").map(str::to_string),
                        fixed: node.attribute("fixed").map(str::to_string),
                        facets: Facets::default(),
                        docs: xsd_docs(node),
                        span,
                    });
                    return;
                }
                None => {
                    let hint = self.missing_hint(&qn, "attribute");
                    self.diag_attr(unit, node, "ref", format!("attribute {qn} is not defined"), hint);
                    return;
                }
            }
        } else {
            let Some(local) = node.attribute("name") else {
                self.diag(unit, node, "attribute without name or ref", "add name=\"...\"");
                return;
            };
            let qualified = match node.attribute("form") {
                Some(f) => f == "qualified",
                None => self.idx.units.get(unit).is_some_and(|u| u.attribute_qualified),
            };
            let ns = if qualified { self.tns(unit) } else { String::new() };
            (QName::new(ns, local), node, unit)
        };
        let (ty, facets) = if decl_node.has_attribute("type") {
            match self.type_ref(decl_unit, decl_node, "type") {
                Some(t) => (t, Facets::default()),
                None => return,
            }
        } else if let Some(st) = decl_node.children().find(|n| load::is_xsd(*n, "simpleType")) {
            if self.is_anon_type(st) {
                let is_global = decl_node.parent().is_some_and(|p| load::is_xsd(p, "schema"));
                let enc = enclosing.clone();
                let attr_name = name.clone();
                let namer = move |b: &mut Self| {
                    if is_global {
                        b.alloc_suffixed(&attr_name, "Attribute")
                    } else {
                        b.alloc_local(&enc, &attr_name.local)
                    }
                };
                (TypeRef::Named(self.anon_type(st, decl_unit, namer, depth + 1)), Facets::default())
            } else {
                match self.resolve_simple(st, decl_unit, false, depth + 1) {
                    Some(SimpleRes::Simple { base, facets }) => (base, facets),
                    Some(SimpleRes::Enum { base, .. }) => (base, Facets::default()),
                    None => return,
                }
            }
        } else {
            (TypeRef::Builtin(Builtin::AnySimpleType), Facets::default())
        };
        out.push(Attribute {
            name,
            ty,
            required: use_ == "required",
            default: node.attribute("default").or(decl_node.attribute("default")).map(str::to_string),
            fixed: node.attribute("fixed").or(decl_node.attribute("fixed")).map(str::to_string),
            facets,
            docs: xsd_docs(node).or_else(|| xsd_docs(decl_node)),
            span,
        });
    }
}

fn simple_kind(r: SimpleRes) -> TypeKind {
    match r {
        SimpleRes::Simple { base, facets } => {
            TypeKind::Simple(SimpleType { base, facets, list: false, union: Vec::new() })
        }
        SimpleRes::Enum { base, values } => TypeKind::Enum(EnumType { base, values }),
    }
}
