//! Derived complex types: complexContent and simpleContent extensions and restrictions, and
//! SOAP-encoded arrays (restrictions of `soapenc:Array`).

use roxmltree::Node;

use super::build::{Builder, MAX_DEPTH, SOAP_ENC_NS, WSDL_NS};
use super::simple::xsd_docs;
use crate::load;
use crate::model::{ComplexType, Encoding, EnumType, Facets, Field, QName, SimpleType, TypeDef, TypeKind, TypeRef};

impl<'a> Builder<'a> {
    /// complexContent / simpleContent with an extension or restriction.
    pub(super) fn derivation(
        &mut self,
        node: Node<'a, 'a>,
        unit: usize,
        enclosing: &QName,
        depth: usize,
        ct: &mut ComplexType,
        simple: bool,
    ) {
        if depth > MAX_DEPTH {
            self.diag(unit, node, "type derivation too deep (cyclic?)", "break the cycle of extensions");
            return;
        }
        let Some(d) = node.children().find(|n| load::is_xsd(*n, "extension") || load::is_xsd(*n, "restriction")) else {
            self.diag(unit, node, "expected xsd:extension or xsd:restriction", "add one with base=\"...\"");
            return;
        };
        let extension = d.tag_name().name() == "extension";
        let base = if d.has_attribute("base") { self.type_ref(unit, d, "base") } else { None };
        let soap_array = !simple
            && !extension
            && matches!(&base, Some(TypeRef::Named(q)) if q.ns == SOAP_ENC_NS && q.local == "Array");
        // A restriction inherits the base's attributes, less those it declares again or prohibits.
        let mut inherited = Vec::new();
        match base {
            Some(TypeRef::Named(qn)) => match self.complex_of(&qn, depth) {
                Some(Ok(bc)) if extension => {
                    ct.attributes = bc.attributes;
                    ct.text = bc.text;
                    ct.any_attribute = bc.any_attribute;
                    ct.fields = bc.fields;
                    self.choice_table.extend(bc.choices);
                    ct.mixed |= bc.mixed;
                    ct.base = Some(qn);
                }
                // A restriction declares its whole content again; it still stands where its base
                // is declared (xsi:type). A SOAP-encoded array is not offered where any
                // soapenc:Array may stand, nor given soapenc's attributes.
                Some(Ok(bc)) => {
                    if simple {
                        ct.text = bc.text;
                    }
                    if !soap_array {
                        inherited = bc.attributes;
                        ct.base = Some(qn);
                    }
                }
                Some(Err(simple_ref)) => {
                    if simple {
                        ct.text = Some(simple_ref);
                    } else {
                        self.diag_attr(
                            unit,
                            d,
                            "base",
                            format!("complexContent derives from the simple type {qn}"),
                            "use simpleContent to add attributes to a simple type",
                        );
                    }
                }
                None => {}
            },
            Some(TypeRef::Builtin(b)) if simple => ct.text = Some(TypeRef::Builtin(b)),
            Some(TypeRef::Builtin(_)) | None => {}
        }
        if !simple || extension {
            self.content(d, unit, enclosing, depth + 1, ct);
        } else {
            for c in d.children().filter(|n| load::is_xsd(*n, "attribute") || load::is_xsd(*n, "attributeGroup")) {
                self.attribute(c, unit, enclosing, depth + 1, &mut ct.attributes);
            }
            self.restricted_text(d, unit, enclosing, ct);
        }
        if !extension {
            let prohibited = self.prohibited(d, unit);
            let own = std::mem::take(&mut ct.attributes);
            inherited.retain(|a| !own.iter().any(|o| o.name == a.name) && !prohibited.contains(&a.name));
            ct.attributes = inherited;
            ct.attributes.extend(own);
        }
        self.complete_wildcard(d, unit, depth, ct, extension);
        if soap_array {
            if ct.fields.is_empty() {
                self.soap_array_items(d, unit, ct);
            }
            // `soapenc:arrayType` is SOAP encoding's plumbing, like xsi:type: the writer computes
            // it from the item type and count, so it is no field of the array.
            ct.attributes.retain(|a| !(a.name.ns == SOAP_ENC_NS && a.name.local == "arrayType"));
            ct.encoding = Encoding::SoapArray;
        }
    }

    /// A simpleContent restriction's own facets and enumerations narrow the text of its base: they
    /// make an anonymous simple type (or enumeration) over the base's text type, so that a value
    /// outside them is caught before sending like any other facet.
    fn restricted_text(&mut self, d: Node<'a, 'a>, unit: usize, enclosing: &QName, ct: &mut ComplexType) {
        let (facets, values) = self.read_facets(d, unit);
        if facets == Facets::default() && values.is_empty() {
            return;
        }
        let Some(base) = ct.text.clone() else {
            let hint = "restrict a type with simple content, or use complexContent";
            self.diag(unit, d, "facets restrict a type that has no simple content", hint);
            return;
        };
        let key = (unit, d.id());
        let qn = match self.anon.get(&key) {
            Some(q) => q.clone(),
            None => {
                let q = self.alloc_local(enclosing, "value");
                self.anon.insert(key, q.clone());
                q
            }
        };
        if self.anon_built.insert(key) {
            let kind = if values.is_empty() {
                TypeKind::Simple(SimpleType { base, facets, list: false, union: Vec::new() })
            } else {
                TypeKind::Enum(EnumType { base: self.builtin_under(base), values })
            };
            let span = load::span_of(&self.file(unit), d);
            self.types.insert(qn.clone(), TypeDef { name: qn.clone(), docs: xsd_docs(d), kind, span });
        }
        ct.text = Some(TypeRef::Named(qn));
    }

    /// The builtin a simple type (named, enumerated or not) restricts in the end; a list or union
    /// stays itself (an enumeration over one is kept as text).
    fn builtin_under(&self, mut ty: TypeRef) -> TypeRef {
        for _ in 0..=MAX_DEPTH {
            let next = match &ty {
                TypeRef::Named(q) => match self.types.get(q).map(|t| &t.kind) {
                    Some(TypeKind::Simple(s)) if !s.list && s.union.is_empty() => s.base.clone(),
                    Some(TypeKind::Enum(e)) => e.base.clone(),
                    _ => return ty,
                },
                TypeRef::Builtin(_) => return ty,
            };
            ty = next;
        }
        ty
    }

    /// The attributes a restriction prohibits (`use="prohibited"`), by name.
    fn prohibited(&mut self, d: Node<'a, 'a>, unit: usize) -> Vec<QName> {
        let mut names = Vec::new();
        for a in d.children().filter(|n| load::is_xsd(*n, "attribute") && n.attribute("use") == Some("prohibited")) {
            if a.has_attribute("ref") {
                names.extend(self.qname_attr(unit, a, "ref"));
            } else if let Some(local) = a.attribute("name") {
                let qualified = match a.attribute("form") {
                    Some(f) => f == "qualified",
                    None => self.idx.units.get(unit).is_some_and(|u| u.attribute_qualified),
                };
                names.push(QName::new(if qualified { self.tns(unit) } else { String::new() }, local));
            }
        }
        names
    }

    /// A SOAP-encoded array (restriction of `soapenc:Array` whose `wsdl:arrayType` names the item
    /// type, e.g. `xsd:int[]`): its items are `<item>` elements (no namespace) of that type.
    fn soap_array_items(&mut self, d: Node<'a, 'a>, unit: usize, ct: &mut ComplexType) {
        let found = d.descendants().find_map(|n| n.attribute((WSDL_NS, "arrayType")).map(|v| (n, v)));
        let Some((n, value)) = found else {
            let hint = "add wsdl:arrayType=\"xsd:string[]\" (the item type) to the soapenc:arrayType attribute";
            self.diag(unit, d, "SOAP-encoded array without wsdl:arrayType", hint);
            return;
        };
        let Some((item, dims)) = value.split_once('[') else {
            self.diag(unit, n, format!("wsdl:arrayType `{value}` has no dimensions"), "write it as `prefix:Type[]`");
            return;
        };
        if dims != "]" {
            let hint = "only one-dimensional arrays of a named type (`prefix:Type[]`) are supported";
            self.diag(unit, n, format!("wsdl:arrayType `{value}`: arrays of arrays are not supported"), hint);
            return;
        }
        let Some(qn) = load::resolve_qname(n, item.trim()) else {
            self.diag(unit, n, format!("namespace prefix of `{item}` is not declared"), "declare it on an ancestor");
            return;
        };
        let ty = if load::is_xsd_ns(&qn.ns) {
            super::simple::builtin(&qn.local).map(TypeRef::Builtin)
        } else {
            self.idx.types.contains_key(&qn).then(|| TypeRef::Named(qn.clone()))
        };
        let Some(ty) = ty else {
            self.diag(unit, n, format!("item type {qn} of `{value}` is not defined"), "define it in the schema");
            return;
        };
        ct.fields.push(Field {
            name: QName::new("", "item"),
            ty,
            min_occurs: 0,
            max_occurs: None,
            nillable: false,
            default: None,
            fixed: None,
            element_ref: false,
            wildcard: None,
            facets: Facets::default(),
            choice: Vec::new(),
            branch_min_occurs: 0,
            branch_max_occurs: None,
            docs: Some(format!("The items of a SOAP-encoded array of `{item}`.")),
            sensitive: false,
            span: load::span_of(&self.file(unit), n),
        });
    }
}
