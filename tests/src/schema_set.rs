//! One schema file for `xmllint --schema` from everything a WSDL loads.
//!
//! libxml2 validates against a single schema document and imports each namespace once, from the
//! first location it sees. So every schema document the generator's loader reads (standalone XSD
//! files, inline WSDL schemas, catalog files) is copied into a directory with its imports and
//! includes rewritten to local copies: an import (with or without schemaLocation) points to the
//! namespace's aggregator (`ns-<i>.xsd`, including every document of that namespace that no other
//! document includes), an include to the copy of the included file. `all.xsd` imports every
//! aggregator. rpc operations add a schema declaring their wrapper elements (one unqualified
//! accessor per part), which no vendor schema declares. Schemas in the pre-2001 XML Schema
//! namespace are copied in the 2001 one (libxml2 knows no other); three leniencies of SOAP stacks
//! are made explicit: imports of referenced namespaces, items in SOAP-encoded arrays, and
//! unprefixed builtin type names in a schema without a default namespace.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::load::{Catalog, is_xsd};
use codegen::model::{PartContent, QName, Service, Style, TypeRef, Use};

const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// Writes the schema set of the WSDL at `wsdl` into `dir` and returns the path of `all.xsd`.
pub fn write(wsdl: &Path, catalog: &Catalog, service: &Service, dir: &Path) -> Result<PathBuf, String> {
    let sources = codegen::load::load_sources(wsdl, catalog).map_err(|e| e.to_string())?;
    let docs = sources.parse_all().map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let file_index: BTreeMap<PathBuf, usize> =
        sources.files.iter().enumerate().map(|(i, f)| (canon(&f.path), i)).collect();
    // Every schema element, once: (file, node) → copy name.
    let mut schemas: Vec<(usize, roxmltree::NodeId)> = Vec::new();
    for u in &sources.units {
        if !schemas.contains(&(u.file, u.node)) {
            schemas.push((u.file, u.node));
        }
    }
    let copy_name = |k: usize| format!("doc-{k}.xsd");
    // A standalone schema file's copy, by file index (includes name files, not inline schemas).
    let root_copy: BTreeMap<usize, String> = schemas
        .iter()
        .enumerate()
        .filter(|(_, (f, n))| docs[*f].root_element().id() == *n)
        .map(|(k, (f, _))| (*f, copy_name(k)))
        .collect();
    let resolve = |from: usize, location: &str| -> Option<usize> {
        let path = match catalog.resolve(location) {
            Some(p) => p.to_path_buf(),
            None if location.contains("://") => return None,
            None => sources.files[from].path.parent().unwrap_or(Path::new("")).join(location),
        };
        file_index.get(&canon(&path)).copied()
    };
    // Namespaces and their aggregators.
    let mut namespaces: BTreeSet<String> = BTreeSet::new();
    let mut included: BTreeSet<usize> = BTreeSet::new();
    for &(f, n) in &schemas {
        let node = docs[f].get_node(n).ok_or("schema node")?;
        namespaces.insert(node.attribute("targetNamespace").unwrap_or("").to_string());
        for inc in node.children().filter(|c| is_xsd(*c, "include") || is_xsd(*c, "redefine")) {
            if let Some(target) = inc.attribute("schemaLocation").and_then(|l| resolve(f, l)) {
                included.insert(target);
            }
        }
    }
    let rpc = rpc_wrappers(service);
    namespaces.extend(rpc.keys().cloned());
    let ns_list: Vec<String> = namespaces.into_iter().collect();
    let aggregator = |ns: &str| format!("ns-{}.xsd", ns_list.iter().position(|n| n == ns).unwrap_or(usize::MAX));
    let mut entries: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, &(f, n)) in schemas.iter().enumerate() {
        let doc = &docs[f];
        let node = doc.get_node(n).ok_or("schema node")?;
        let text = &sources.files[f].text;
        let range = node.range();
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        for c in node.children().filter(|c| is_xsd(*c, "import") || is_xsd(*c, "include") || is_xsd(*c, "redefine")) {
            let tag = &text[c.range().start + 1..];
            let tag = &tag[..tag.find(|ch: char| ch.is_whitespace() || ch == '/' || ch == '>').unwrap_or(0)];
            let replacement = if is_xsd(c, "import") {
                let ns = c.attribute("namespace").unwrap_or("");
                let ns_attr = if ns.is_empty() { String::new() } else { format!(" namespace=\"{}\"", attr(ns)) };
                format!("<{tag}{ns_attr} schemaLocation=\"{}\"/>", aggregator(ns))
            } else {
                let Some(target) = c.attribute("schemaLocation").and_then(|l| resolve(f, l)) else {
                    return Err(format!("{}: include of an unknown file", sources.files[f].path.display()));
                };
                let name = root_copy.get(&target).ok_or("included file is not a schema")?;
                format!("<{tag} schemaLocation=\"{name}\"/>")
            };
            edits.push((c.range(), replacement));
        }
        // libxml2 refuses references into a namespace the document does not import; rpc/encoded
        // schemas commonly use soapenc: without importing it. Such imports are added.
        let imported: BTreeSet<&str> =
            node.children().filter(|c| is_xsd(*c, "import")).map(|c| c.attribute("namespace").unwrap_or("")).collect();
        let own = node.attribute("targetNamespace").unwrap_or("");
        let missing: String = node
            .namespaces()
            .map(|ns| ns.uri())
            .filter(|u| *u != own && *u != XSD && !imported.contains(u) && ns_list.iter().any(|n| n == u))
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .map(|u| {
                format!(
                    "<xs:import xmlns:xs=\"{XSD}\" namespace=\"{}\" schemaLocation=\"{}\"/>",
                    attr(u),
                    aggregator(u)
                )
            })
            .collect();
        // A restriction of soapenc:Array without a content model has, per XSD, empty content; the
        // SOAP 1.1 encoding means items (`<item>`): what every rpc/encoded stack reads. Restored as
        // the base's own content model (any elements).
        for r in node.descendants().filter(|d| is_xsd(*d, "restriction")) {
            let base = r.attribute("base").and_then(|b| codegen::load::resolve_qname(r, b));
            let array = base.is_some_and(|b| b.ns == "http://schemas.xmlsoap.org/soap/encoding/" && b.local == "Array");
            let particle = ["sequence", "all", "choice", "group"].iter().any(|p| r.children().any(|c| is_xsd(c, p)));
            let end = text[r.range()].find('>').map(|i| r.range().start + i);
            if let Some(end) = end.filter(|&e| array && !particle && !text[..e].ends_with('/')) {
                let content = format!(
                    "<xs:sequence xmlns:xs=\"{XSD}\"><xs:any minOccurs=\"0\" maxOccurs=\"unbounded\" processContents=\"lax\"/></xs:sequence>"
                );
                edits.push((end + 1..end + 1, content));
            }
        }
        edits.sort_by_key(|(r, _)| (r.start, r.end));
        let first = node.children().find(|c| c.is_element() && !is_xsd(*c, "annotation"));
        if let Some(first) = first.filter(|_| !missing.is_empty()) {
            let at = first.range().start;
            edits.push((at..at, missing));
            edits.sort_by_key(|(r, _)| (r.start, r.end));
        }
        let mut out = String::new();
        let mut at = range.start;
        for (r, rep) in &edits {
            out.push_str(&text[at..r.start]);
            out.push_str(rep);
            at = r.end;
        }
        out.push_str(&text[at..range.end]);
        // Declarations in scope from enclosing elements (an inline schema in a WSDL) become explicit.
        // (Whitespace removed: vendors write `xmlns:p = "..."` too.)
        let start_tag: String = out[..out.find('>').unwrap_or(out.len())].split_whitespace().collect();
        let declared = |attr: &str| start_tag.contains(attr);
        let decls: String = node
            .namespaces()
            .filter(|ns| match ns.name() {
                Some(p) => !declared(&format!("xmlns:{p}=")),
                None => !declared("xmlns="),
            })
            .map(|ns| match ns.name() {
                Some(p) => format!(" xmlns:{p}=\"{}\"", attr(ns.uri())),
                None => format!(" xmlns=\"{}\"", attr(ns.uri())),
            })
            .filter(|d| !d.starts_with(" xmlns:xml="))
            .collect();
        // A schema with a target namespace and no default namespace cannot refer to no-namespace
        // components without importing them; SOAP stacks read its unprefixed `type="string"` as
        // the builtin (stockquote, after the WSDL 1.1 note), as our loader does. Made explicit.
        let decls = if node.attribute("targetNamespace").is_some() && node.lookup_namespace_uri(None).is_none() {
            format!("{decls} xmlns=\"{XSD}\"")
        } else {
            decls
        };
        let name_end = out.find(|c: char| c.is_whitespace() || c == '>' || c == '/').ok_or("bad schema start tag")?;
        out.insert_str(name_end, &decls);
        // libxml2 knows only the 2001 XML Schema namespace; the drafts' (stockquote) differ in
        // nothing the corpus uses.
        for old in codegen::load::XSD_NS_OLD {
            out = out.replace(old, XSD);
        }
        std::fs::write(dir.join(copy_name(k)), out).map_err(|e| e.to_string())?;
        if !included.contains(&f) || doc.root_element().id() != n {
            let ns = node.attribute("targetNamespace").unwrap_or("").to_string();
            entries.entry(ns).or_default().push(copy_name(k));
        }
    }
    for (i, (ns, elements)) in rpc.iter().enumerate() {
        let name = format!("rpc-{i}.xsd");
        std::fs::write(dir.join(&name), rpc_schema(ns, elements, &aggregator)).map_err(|e| e.to_string())?;
        entries.entry(ns.clone()).or_default().push(name);
    }
    let mut all = String::from(
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:x-roundtrip:all\">\n",
    );
    for ns in &ns_list {
        if ns == XSD {
            continue;
        }
        let tns = if ns.is_empty() { String::new() } else { format!(" targetNamespace=\"{}\"", attr(ns)) };
        let includes: String = entries
            .get(ns)
            .into_iter()
            .flatten()
            .map(|e| format!("  <xs:include schemaLocation=\"{e}\"/>\n"))
            .collect();
        let agg = format!("<xs:schema xmlns:xs=\"{XSD}\"{tns}>\n{includes}</xs:schema>\n");
        std::fs::write(dir.join(aggregator(ns)), agg).map_err(|e| e.to_string())?;
        let ns_attr = if ns.is_empty() { String::new() } else { format!(" namespace=\"{}\"", attr(ns)) };
        all.push_str(&format!("  <xs:import{ns_attr} schemaLocation=\"{}\"/>\n", aggregator(ns)));
    }
    all.push_str("</xs:schema>\n");
    let path = dir.join("all.xsd");
    std::fs::write(&path, all).map_err(|e| e.to_string())?;
    Ok(path)
}

/// One rpc wrapper element: its local name, its parts (accessor name, content), and whether it
/// is SOAP-encoded (it then carries `soapenv:encodingStyle`).
type Wrapper = (String, Vec<(String, PartContent)>, bool);

/// rpc wrapper elements by namespace (request `op`, response `opResponse`), deduplicated.
fn rpc_wrappers(service: &Service) -> BTreeMap<String, Vec<Wrapper>> {
    let mut out: BTreeMap<String, Vec<Wrapper>> = BTreeMap::new();
    for op in service.ports.iter().flat_map(|p| &p.operations).filter(|o| o.style == Style::Rpc) {
        for (msg, local) in [(&op.input, op.name.clone()), (&op.output, format!("{}Response", op.name))] {
            let Some(msg) = msg else { continue };
            let ns = msg.namespace.clone().unwrap_or_default();
            let list = out.entry(ns).or_default();
            if !list.iter().any(|(l, _, _)| *l == local) {
                let parts = msg.parts.iter().map(|p| (p.name.clone(), p.content.clone())).collect();
                list.push((local, parts, op.use_ == Use::Encoded));
            }
        }
    }
    out
}

fn rpc_schema(ns: &str, elements: &[Wrapper], aggregator: &dyn Fn(&str) -> String) -> String {
    let mut prefixes: BTreeMap<String, String> = BTreeMap::new();
    let mut body = String::new();
    let mut qname = |q: &QName| {
        let n = prefixes.len();
        let p = prefixes.entry(q.ns.clone()).or_insert_with(|| format!("p{n}")).clone();
        format!("{p}:{}", q.local)
    };
    for (local, parts, encoded) in elements {
        body.push_str(&format!("  <xs:element name=\"{}\"><xs:complexType><xs:sequence>\n", attr(local)));
        for (name, content) in parts {
            match content {
                PartContent::Type(TypeRef::Named(q)) => {
                    body.push_str(&format!("    <xs:element name=\"{}\" type=\"{}\"/>\n", attr(name), qname(q)))
                }
                PartContent::Type(TypeRef::Builtin(b)) => {
                    let q = QName::new(XSD, b.xsd_name());
                    body.push_str(&format!("    <xs:element name=\"{}\" type=\"{}\"/>\n", attr(name), qname(&q)))
                }
                PartContent::Element(e) => body.push_str(&format!("    <xs:element ref=\"{}\"/>\n", qname(e))),
            }
        }
        body.push_str("  </xs:sequence>");
        if *encoded {
            body.push_str("<xs:anyAttribute namespace=\"##other\" processContents=\"skip\"/>");
        }
        body.push_str("</xs:complexType></xs:element>\n");
    }
    let decls: String = prefixes.iter().map(|(n, p)| format!(" xmlns:{p}=\"{}\"", attr(n))).collect();
    let imports: String = prefixes
        .keys()
        .filter(|n| n.as_str() != ns && n.as_str() != XSD)
        .map(|n| format!("  <xs:import namespace=\"{}\" schemaLocation=\"{}\"/>\n", attr(n), aggregator(n)))
        .collect();
    let tns = if ns.is_empty() { String::new() } else { format!(" targetNamespace=\"{}\"", attr(ns)) };
    format!("<xs:schema xmlns:xs=\"{XSD}\"{decls}{tns}>\n{imports}{body}</xs:schema>\n")
}

fn attr(s: &str) -> String {
    crate::samples::escape(s)
}

/// A value for a named list or union type, which the model maps to a plain string: an empty list,
/// or a value of the union's first member type (a builtin's text, or the named member type).
#[derive(Debug, Clone, PartialEq)]
pub enum Lexical {
    Text(String),
    Type(QName),
}

/// The list and union types the WSDL's schemas declare, each with the value to write for it.
pub fn lists_and_unions(wsdl: &Path, catalog: &Catalog) -> BTreeMap<QName, Lexical> {
    let mut out = BTreeMap::new();
    let Ok(sources) = codegen::load::load_sources(wsdl, catalog) else { return out };
    let Ok(docs) = sources.parse_all() else { return out };
    for u in &sources.units {
        let Some(schema) = docs[u.file].get_node(u.node) else { continue };
        for st in schema.children().filter(|c| is_xsd(*c, "simpleType")) {
            let Some(name) = st.attribute("name") else { continue };
            let q = QName::new(u.tns.clone(), name);
            if st.children().any(|c| is_xsd(c, "list")) {
                out.insert(q, Lexical::Text(String::new()));
            } else if let Some(union) = st.children().find(|c| is_xsd(*c, "union")) {
                let first = union
                    .attribute("memberTypes")
                    .and_then(|m| m.split_whitespace().next())
                    .and_then(|m| codegen::load::resolve_qname(union, m));
                let value = match first {
                    Some(m) if codegen::load::is_xsd_ns(&m.ns) => Lexical::Text(builtin_text(&m.local)),
                    Some(m) => Lexical::Type(m),
                    None => inline_member(union),
                };
                out.insert(q, value);
            }
        }
    }
    out
}

/// The first inline member of a union: its first enumeration value, else a value of its base.
fn inline_member(union: roxmltree::Node<'_, '_>) -> Lexical {
    let restriction = union
        .children()
        .find(|c| is_xsd(*c, "simpleType"))
        .and_then(|st| st.children().find(|c| is_xsd(*c, "restriction")));
    let Some(r) = restriction else { return Lexical::Text("text".into()) };
    if let Some(v) = r.children().find(|c| is_xsd(*c, "enumeration")).and_then(|e| e.attribute("value")) {
        return Lexical::Text(v.to_string());
    }
    let base = r.attribute("base").and_then(|b| codegen::load::resolve_qname(r, b));
    match base {
        Some(b) if codegen::load::is_xsd_ns(&b.ns) => Lexical::Text(builtin_text(&b.local)),
        Some(b) => Lexical::Type(b),
        None => Lexical::Text("text".into()),
    }
}

fn builtin_text(local: &str) -> String {
    match local {
        "boolean" => "true",
        "date" => "2024-02-29",
        "dateTime" => "2024-02-29T13:45:30Z",
        "time" => "13:45:30",
        "duration" => "P1D",
        l if l.contains("nteger") || l.contains("ecimal") || l.contains("nsigned") => "1",
        "int" | "long" | "short" | "byte" | "float" | "double" => "1",
        _ => "text",
    }
    .to_string()
}
