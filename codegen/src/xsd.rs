//! XML Schema front end: indexes the global components of every loaded schema unit and builds the
//! model's types and global elements.
//!
//! Anonymous types get deterministic synthetic names (see [`build`]):
//! - the anonymous type of a global element `E` is named `{ns}E`; if a named type `{ns}E` exists,
//!   `{ns}EElement`, then `{ns}EElement2`, `{ns}EElement3`...
//! - the anonymous type of a local element or attribute `f` declared inside the type (or group, or
//!   attribute group) `{ns}T` is named `{ns}T_f` (nested ones chain: `{ns}T_f_g`); on collision
//!   `{ns}T_f2`, `{ns}T_f3`...
//! - the anonymous enumerated type of a global attribute `a` is named `{ns}a`, else `{ns}aAttribute`,
//!   `{ns}aAttribute2`...
//!
//! Global element names are reserved first (in qualified-name order), then names are made up
//! while building named types in qualified-name order: the result never depends on hash order.
//! The same anonymous node always gets one name, even when a group using it is expanded twice.
//!
//! Elements without a type take their substitution group head's type, else `xs:anyType`.
//! Attributes without a type are `xs:anySimpleType`; `xml:lang` and friends resolve without a
//! schema for the XML namespace.
//!
//! Only anonymous complex types and anonymous simple types with enumeration facets become named
//! types; an anonymous simple type with other facets leaves the field typed by its base, with the
//! facets on the field.

mod build;
mod choice;
mod derivation;
mod simple;
mod wildcard;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use roxmltree::{Document, Node};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, Catalog, Sources};
use crate::model::{ElementDecl, QName, TypeDef};

pub use simple::builtin;

/// What the schemas define: every named type (plus synthetic anonymous ones) and every global
/// element.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaModel {
    pub types: BTreeMap<QName, TypeDef>,
    pub elements: BTreeMap<QName, ElementDecl>,
}

/// Loads a standalone XSD file (and what it imports/includes) and builds its model.
pub fn load_schemas(path: &Path, catalog: &Catalog) -> Result<SchemaModel, Diagnostics> {
    let sources = load::load_sources(path, catalog)?;
    let docs = sources.parse_all()?;
    build_model(&sources, &docs)
}

/// Builds the model of all schema units of already loaded sources.
pub fn build_model(sources: &Sources, docs: &[Document]) -> Result<SchemaModel, Diagnostics> {
    let mut b = build::Builder::new(sources, docs);
    b.run();
    b.finish()
}

/// A global schema component: where it is and which unit (target namespace, form defaults) owns it.
#[derive(Clone, Copy)]
pub(crate) struct Global<'a> {
    pub unit: usize,
    pub node: Node<'a, 'a>,
}

/// Per-unit facts needed while building.
pub(crate) struct UnitInfo {
    pub file: Arc<str>,
    pub tns: String,
    pub element_qualified: bool,
    pub attribute_qualified: bool,
}

/// Global components of all units, keyed by qualified name (first definition wins).
#[derive(Default)]
pub(crate) struct Index<'a> {
    pub units: Vec<UnitInfo>,
    /// Schema element of each unit, in unit order.
    pub schema_nodes: Vec<Node<'a, 'a>>,
    pub types: BTreeMap<QName, Global<'a>>,
    pub elements: BTreeMap<QName, Global<'a>>,
    pub groups: BTreeMap<QName, Global<'a>>,
    pub attribute_groups: BTreeMap<QName, Global<'a>>,
    pub attributes: BTreeMap<QName, Global<'a>>,
}

impl<'a> Index<'a> {
    pub fn new(sources: &Sources, docs: &'a [Document<'a>], diags: &mut Vec<Diagnostic>) -> Self {
        let mut idx = Index::default();
        for u in &sources.units {
            let (Some(file), Some(doc)) = (sources.files.get(u.file), docs.get(u.file)) else { continue };
            let Some(schema) = doc.get_node(u.node) else { continue };
            let unit = idx.units.len();
            idx.units.push(UnitInfo {
                file: file.name.clone(),
                tns: u.tns.clone(),
                element_qualified: schema.attribute("elementFormDefault") == Some("qualified"),
                attribute_qualified: schema.attribute("attributeFormDefault") == Some("qualified"),
            });
            idx.schema_nodes.push(schema);
            for child in schema.children().filter(Node::is_element) {
                if !child.tag_name().namespace().is_some_and(load::is_xsd_ns) {
                    continue;
                }
                let map = match child.tag_name().name() {
                    "complexType" | "simpleType" => &mut idx.types,
                    "element" => &mut idx.elements,
                    "group" => &mut idx.groups,
                    "attributeGroup" => &mut idx.attribute_groups,
                    "attribute" => &mut idx.attributes,
                    _ => continue,
                };
                let Some(name) = child.attribute("name") else {
                    diags.push(
                        Diagnostic::new(
                            load::span_of(&file.name, child),
                            format!("global xsd:{} without a name", child.tag_name().name()),
                        )
                        .with_hint("add name=\"...\" to the declaration"),
                    );
                    continue;
                };
                map.entry(QName::new(u.tns.clone(), name)).or_insert(Global { unit, node: child });
            }
        }
        idx
    }
}
