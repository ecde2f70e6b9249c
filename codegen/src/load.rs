//! Reading spec files: the catalog (URL or namespace → local file), the set of files reachable from a
//! root WSDL/XSD (`wsdl:import`, `xsd:import`, `xsd:include`), and location helpers shared by the
//! WSDL and XSD front ends.
//!
//! Loading runs in two phases so that every `roxmltree::Document` can borrow its text: phase one
//! reads each reachable file once (deduplicated by canonical path), parses it to discover its
//! references and schema units, and drops the document; phase two ([`Sources::parse_all`]) parses
//! all the texts again, now that the text vector no longer grows.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use roxmltree::{Document, Node, NodeId, ParsingOptions};

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::QName;

/// The current XML Schema namespace.
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// Pre-recommendation XML Schema namespaces, treated exactly as [`XSD_NS`].
pub const XSD_NS_OLD: [&str; 2] = ["http://www.w3.org/2000/10/XMLSchema", "http://www.w3.org/1999/XMLSchema"];
pub const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
pub const SOAP12_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
pub const HTTP_NS: &str = "http://schemas.xmlsoap.org/wsdl/http/";
/// The namespace bound to the `xml` prefix.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Namespace of the spec annotations this project reads (`xsd:appinfo/b:name`).
pub const BINDING_NS: &str = "urn:x-payspec:binding";

/// Is `ns` one of the XML Schema namespaces?
pub fn is_xsd_ns(ns: &str) -> bool {
    ns == XSD_NS || XSD_NS_OLD.contains(&ns)
}

/// Is `node` an XML Schema element with this local name?
pub fn is_xsd(node: Node, local: &str) -> bool {
    node.is_element() && node.tag_name().name() == local && node.tag_name().namespace().is_some_and(is_xsd_ns)
}

/// Is `node` an element in namespace `ns` with this local name?
pub fn is_el(node: Node, ns: &str, local: &str) -> bool {
    node.is_element() && node.tag_name().name() == local && node.tag_name().namespace() == Some(ns)
}

/// Maps a URL (schemaLocation, wsdl:import location) or a namespace URI to a local file, like the
/// XML catalogs of xjc and CXF.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    entries: BTreeMap<String, PathBuf>,
}

impl Catalog {
    /// Reads the `[catalog]` table of a TOML file (other keys are ignored); paths are relative to the
    /// TOML file's directory.
    pub fn from_toml_file(path: &Path) -> Result<Catalog, Diagnostic> {
        let file: Arc<str> = Arc::from(path.display().to_string());
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::new(Span::new(file.clone(), 1, 1), format!("cannot read catalog file: {e}"))
                .with_hint("pass an existing TOML file with a [catalog] table to --catalog")
        })?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            let (line, col) = e.span().map(|r| line_col(&text, r.start)).unwrap_or((1, 1));
            Diagnostic::new(Span::new(file.clone(), line, col), format!("invalid TOML: {}", e.message()))
                .with_hint("fix the TOML syntax of the catalog file")
        })?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let mut catalog = Catalog::default();
        let Some(entries) = table.get("catalog") else { return Ok(catalog) };
        let Some(entries) = entries.as_table() else {
            return Err(Diagnostic::new(Span::new(file, 1, 1), "`catalog` is not a table")
                .with_hint("write `[catalog]` followed by lines `\"URL\" = \"local/path.xsd\"`"));
        };
        for (key, value) in entries {
            let Some(rel) = value.as_str() else {
                let (line, col) = text.find(key.as_str()).map(|p| line_col(&text, p)).unwrap_or((1, 1));
                return Err(Diagnostic::new(
                    Span::new(file, line, col),
                    format!("catalog entry `{key}` is not a string"),
                )
                .with_hint("write `\"URL\" = \"local/path.xsd\"`"));
            };
            catalog.insert(key.clone(), dir.join(rel));
        }
        Ok(catalog)
    }

    pub fn insert(&mut self, key: String, path: PathBuf) {
        self.entries.insert(key, path);
    }

    pub fn resolve(&self, location_or_namespace: &str) -> Option<&Path> {
        self.entries.get(location_or_namespace).map(PathBuf::as_path)
    }
}

/// 1-based line and column of a byte offset (columns count characters).
pub fn line_col(text: &str, pos: usize) -> (u32, u32) {
    let pos = pos.min(text.len());
    let before = text.get(..pos).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|p| p + 1).unwrap_or(0);
    let col = before.get(line_start..).map(|s| s.chars().count()).unwrap_or(0) + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
}

/// The span of a node in its document.
pub fn span_of(file: &Arc<str>, node: Node) -> Span {
    let (row, col) = text_pos(node.document().input_text(), node.range().start);
    Span::new(file.clone(), row, col)
}

/// The span of an attribute's value (falls back to the element).
pub fn attr_span(file: &Arc<str>, node: Node, attr: &str) -> Span {
    match node.attribute_node(attr) {
        Some(a) => {
            let (row, col) = text_pos(node.document().input_text(), a.range_value().start);
            Span::new(file.clone(), row, col)
        }
        None => span_of(file, node),
    }
}

thread_local! {
    /// Line starts of the documents spans were asked for, each keyed by its text's address and
    /// length: `Document::text_pos_at` scans from the start of the text on every call, which
    /// made loading quadratic in the size of a schema. One table per document, as a schema's
    /// types are read alternately from several (ms-ews: its WSDL, messages and types).
    static LINE_STARTS: std::cell::RefCell<Vec<(usize, usize, Vec<usize>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Documents whose line starts are kept per thread (the last ones asked for).
const LINE_TABLES: usize = 16;

/// 1-based line and column (in characters) of byte offset `pos` of `text`, as
/// `roxmltree::Document::text_pos_at` gives them, in logarithmic time.
fn text_pos(text: &str, pos: usize) -> (u32, u32) {
    let pos = pos.min(text.len());
    LINE_STARTS.with_borrow_mut(|tables| {
        let line = |starts: &Vec<usize>| starts.partition_point(|&s| s <= pos).saturating_sub(1);
        let valid = |starts: &Vec<usize>, l: usize| {
            // Cheap check that the table belongs to this text (another text may have been
            // allocated where a dropped one was): the line starts after a newline and none lies
            // between it and `pos`.
            let start = starts.get(l).copied().unwrap_or(0);
            (start == 0 || text.as_bytes().get(start - 1) == Some(&b'\n'))
                && !text.as_bytes().get(start..pos).unwrap_or_default().contains(&b'\n')
        };
        let key = (text.as_ptr() as usize, text.len());
        let found = tables.iter().position(|(addr, len, starts)| (*addr, *len) == key && valid(starts, line(starts)));
        let k = match found {
            Some(k) => k,
            None => {
                tables.retain(|(addr, len, _)| (*addr, *len) != key);
                if tables.len() >= LINE_TABLES {
                    tables.remove(0);
                }
                let mut starts = vec![0];
                starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
                tables.push((key.0, key.1, starts));
                tables.len() - 1
            }
        };
        let starts = &tables[k].2;
        let l = line(starts);
        let start = starts.get(l).copied().unwrap_or(0);
        let col = text.get(start..pos).map_or(pos - start, |s| s.chars().count()) + 1;
        (u32::try_from(l + 1).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
    })
}

/// Resolves a QName-valued attribute (`type="tns:foo"`) through the node's in-scope namespaces; an
/// unprefixed value takes the default namespace. `None` when the prefix is not bound.
pub fn resolve_qname(node: Node, value: &str) -> Option<QName> {
    let value = value.trim();
    match value.split_once(':') {
        Some(("xml", local)) => Some(QName::new(XML_NS, local)),
        Some((prefix, local)) => {
            let ns = node.lookup_namespace_uri(Some(prefix))?;
            Some(QName::new(ns, local))
        }
        None => Some(QName::new(node.lookup_namespace_uri(None).unwrap_or(""), value)),
    }
}

/// One file read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The name used in spans.
    pub name: Arc<str>,
    pub text: String,
    /// False when the file failed to parse in phase one (already reported).
    pub ok: bool,
}

/// An `xsd:schema` element to index: its file, node and effective target namespace (an included
/// schema without targetNamespace takes its includer's: chameleon include).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaUnit {
    pub file: usize,
    pub node: NodeId,
    pub tns: String,
}

/// Every file reachable from a root, with the WSDL documents and schema units found in them.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    /// Indices of files whose root is `wsdl:definitions`, in load order (the root first).
    pub wsdl_files: Vec<usize>,
    pub units: Vec<SchemaUnit>,
}

/// Parsing options: no DTD (a DOCTYPE is an error).
pub fn parsing_options<'t>() -> ParsingOptions<'t> {
    ParsingOptions { allow_dtd: false, ..ParsingOptions::default() }
}

fn parse_doc<'t>(file: &Arc<str>, text: &'t str) -> Result<Document<'t>, Diagnostic> {
    Document::parse_with_options(text, parsing_options()).map_err(|e| {
        if matches!(e, roxmltree::Error::DtdDetected) {
            let (line, col) = text.find("<!DOCTYPE").map(|p| line_col(text, p)).unwrap_or((1, 1));
            Diagnostic::new(Span::new(file.clone(), line, col), "a DOCTYPE (DTD) is not allowed in a spec file")
                .with_hint("remove the <!DOCTYPE ...> declaration (and expand any entities it defines)")
        } else {
            let pos = e.pos();
            let msg = e.to_string();
            let msg = msg.rsplit_once(" at ").map(|(m, _)| m.to_string()).unwrap_or(msg);
            Diagnostic::new(Span::new(file.clone(), pos.row, pos.col), format!("malformed XML: {msg}"))
                .with_hint("fix the XML syntax of this file")
        }
    })
}

fn decode(bytes: Vec<u8>) -> Result<String, &'static str> {
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.into_bytes();
            let head: String = bytes.iter().take(200).map(|&b| char::from(b)).collect::<String>().to_ascii_lowercase();
            if head.contains("iso-8859-1") || head.contains("latin1") || head.contains("windows-1252") {
                bytes.iter().map(|&b| char::from(b)).collect()
            } else {
                return Err("file is not valid UTF-8");
            }
        }
    };
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// A reference found in phase one, to resolve to a file.
struct Reference {
    /// schemaLocation / location, if any.
    location: Option<String>,
    namespace: Option<String>,
    /// Chameleon namespace for `xsd:include`.
    chameleon: Option<String>,
    span: Span,
}

/// What phase one learns from one walk of one file.
#[derive(Default)]
struct Walk {
    is_wsdl: bool,
    units: Vec<(NodeId, String)>,
    refs: Vec<Reference>,
    /// Namespace-only imports (no schemaLocation).
    ns_imports: Vec<(String, Span)>,
    diags: Vec<Diagnostic>,
}

fn walk_schema(file: &Arc<str>, schema: Node, tns_override: Option<&str>, w: &mut Walk) {
    let tns = schema.attribute("targetNamespace").or(tns_override).unwrap_or("").to_string();
    for child in schema.children().filter(Node::is_element) {
        if is_xsd(child, "import") {
            let ns = child.attribute("namespace").map(str::to_string);
            match child.attribute("schemaLocation") {
                Some(loc) => w.refs.push(Reference {
                    location: Some(loc.to_string()),
                    namespace: ns,
                    chameleon: None,
                    span: span_of(file, child),
                }),
                None => {
                    if let Some(ns) = ns {
                        w.ns_imports.push((ns, span_of(file, child)));
                    }
                }
            }
        } else if is_xsd(child, "include") {
            match child.attribute("schemaLocation") {
                Some(loc) => w.refs.push(Reference {
                    location: Some(loc.to_string()),
                    namespace: None,
                    chameleon: Some(tns.clone()),
                    span: span_of(file, child),
                }),
                None => w.diags.push(
                    Diagnostic::new(span_of(file, child), "xsd:include without schemaLocation")
                        .with_hint("add schemaLocation=\"file.xsd\" to the include"),
                ),
            }
        } else if is_xsd(child, "redefine") {
            w.diags.push(
                Diagnostic::new(span_of(file, child), "xsd:redefine is not supported")
                    .with_hint("inline the redefined components into the schema and use xsd:include"),
            );
        }
    }
    w.units.push((schema.id(), tns));
    referenced_namespaces(file, schema, &["type", "base", "ref", "itemType", "substitutionGroup", "memberTypes"], w);
}

/// Namespaces named by QName attributes below `node`: a namespace nobody imports may still be
/// found in the catalog (e.g. `soapenc:Array` used without importing SOAP encoding).
fn referenced_namespaces(file: &Arc<str>, node: Node, attrs: &[&str], w: &mut Walk) {
    let mut seen = BTreeSet::new();
    for n in node.descendants().filter(Node::is_element) {
        for attr in attrs {
            let Some(v) = n.attribute(*attr) else { continue };
            for item in v.split_whitespace() {
                if let Some(q) = resolve_qname(n, item)
                    && !q.ns.is_empty()
                    && !is_xsd_ns(&q.ns)
                    && seen.insert(q.ns.clone())
                {
                    w.ns_imports.push((q.ns, span_of(file, n)));
                }
            }
        }
    }
}

fn walk_doc(file: &Arc<str>, doc: &Document, tns_override: Option<&str>) -> Walk {
    let mut w = Walk::default();
    let root = doc.root_element();
    if is_el(root, WSDL_NS, "definitions") {
        w.is_wsdl = true;
        for child in root.children().filter(Node::is_element) {
            if is_el(child, WSDL_NS, "import") {
                match child.attribute("location") {
                    Some(loc) => w.refs.push(Reference {
                        location: Some(loc.to_string()),
                        namespace: child.attribute("namespace").map(str::to_string),
                        chameleon: None,
                        span: span_of(file, child),
                    }),
                    None => {
                        if let Some(ns) = child.attribute("namespace") {
                            w.ns_imports.push((ns.to_string(), span_of(file, child)));
                        }
                    }
                }
            } else if is_el(child, WSDL_NS, "types") {
                for c in child.children().filter(Node::is_element) {
                    if is_xsd(c, "schema") {
                        walk_schema(file, c, None, &mut w);
                    } else if is_xsd(c, "import") || is_xsd(c, "include") {
                        // Not valid WSDL, but common: an import directly under wsdl:types.
                        match c.attribute("schemaLocation") {
                            Some(loc) => w.refs.push(Reference {
                                location: Some(loc.to_string()),
                                namespace: c.attribute("namespace").map(str::to_string),
                                chameleon: None,
                                span: span_of(file, c),
                            }),
                            None => {
                                if let Some(ns) = c.attribute("namespace") {
                                    w.ns_imports.push((ns.to_string(), span_of(file, c)));
                                }
                            }
                        }
                    }
                }
            } else if is_el(child, WSDL_NS, "message") {
                referenced_namespaces(file, child, &["element", "type"], &mut w);
            }
        }
    } else if is_xsd(root, "schema") {
        walk_schema(file, root, tns_override, &mut w);
    } else {
        w.diags.push(
            Diagnostic::new(
                span_of(file, root),
                format!(
                    "expected wsdl:definitions or xsd:schema, found <{}> in namespace `{}`",
                    root.tag_name().name(),
                    root.tag_name().namespace().unwrap_or("")
                ),
            )
            .with_hint("point the generator at a WSDL 1.1 or XML Schema file"),
        );
    }
    w
}

fn is_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Resolves a reference to a local path: catalog by location, then (for URLs) catalog by
/// namespace; a relative location is resolved against `base_dir`.
fn resolve_reference(r: &Reference, base_dir: &Path, catalog: &Catalog) -> Result<PathBuf, Diagnostic> {
    let Some(loc) = r.location.as_deref() else {
        return Err(Diagnostic::new(r.span.clone(), "reference without location"));
    };
    if let Some(p) = catalog.resolve(loc) {
        return Ok(p.to_path_buf());
    }
    if is_url(loc) {
        if let Some(p) = r.namespace.as_deref().and_then(|ns| catalog.resolve(ns)) {
            return Ok(p.to_path_buf());
        }
        return Err(Diagnostic::new(r.span.clone(), format!("cannot fetch `{loc}`: URLs are never downloaded"))
            .with_hint(format!("add `\"{loc}\" = \"local/path.xsd\"` to a catalog file passed with --catalog")));
    }
    let rel = loc.strip_prefix("file://").unwrap_or(loc);
    let candidate = base_dir.join(rel);
    if candidate.exists() {
        return Ok(candidate);
    }
    if let Some(p) = r.namespace.as_deref().and_then(|ns| catalog.resolve(ns)) {
        return Ok(p.to_path_buf());
    }
    Err(Diagnostic::new(r.span.clone(), format!("file `{}` not found", candidate.display())).with_hint(format!(
        "put `{loc}` next to the importing file, or map it in a catalog file passed with --catalog"
    )))
}

/// Phase-one state.
struct Loader<'c> {
    catalog: &'c Catalog,
    sources: Sources,
    by_path: HashMap<PathBuf, usize>,
    walked: BTreeSet<(usize, Option<String>)>,
    queue: VecDeque<(usize, Option<String>)>,
    ns_imports: Vec<(String, Span)>,
    diags: Vec<Diagnostic>,
}

impl Loader<'_> {
    /// Reads a file once; returns its index.
    fn read(&mut self, path: &Path, site: Option<&Span>) -> Option<usize> {
        let name: Arc<str> = Arc::from(path.display().to_string());
        let err_span = || site.cloned().unwrap_or_else(|| Span::new(name.clone(), 1, 1));
        let canonical = match std::fs::canonicalize(path) {
            Ok(c) => c,
            Err(e) => {
                self.diags.push(
                    Diagnostic::new(err_span(), format!("cannot open `{}`: {e}", path.display()))
                        .with_hint("check the path (relative locations are resolved against the importing file)"),
                );
                return None;
            }
        };
        if let Some(&i) = self.by_path.get(&canonical) {
            return Some(i);
        }
        let text = match std::fs::read(path).map_err(|e| e.to_string()).and_then(|b| decode(b).map_err(str::to_string))
        {
            Ok(t) => t,
            Err(e) => {
                self.diags.push(
                    Diagnostic::new(err_span(), format!("cannot read `{}`: {e}", path.display()))
                        .with_hint("spec files must be readable UTF-8 (or declared ISO-8859-1) XML"),
                );
                return None;
            }
        };
        let i = self.sources.files.len();
        self.sources.files.push(SourceFile { path: path.to_path_buf(), name, text, ok: true });
        self.by_path.insert(canonical, i);
        Some(i)
    }

    fn process(&mut self, file: usize, chameleon: Option<String>) {
        if !self.walked.insert((file, chameleon.clone())) {
            return;
        }
        let Some(sf) = self.sources.files.get(file) else { return };
        let name = sf.name.clone();
        let base_dir = sf.path.parent().map(Path::to_path_buf).unwrap_or_default();
        let walk = match parse_doc(&name, &sf.text) {
            Ok(doc) => walk_doc(&name, &doc, chameleon.as_deref()),
            Err(d) => {
                if let Some(f) = self.sources.files.get_mut(file) {
                    if f.ok {
                        self.diags.push(d);
                    }
                    f.ok = false;
                }
                return;
            }
        };
        if walk.is_wsdl && !self.sources.wsdl_files.contains(&file) {
            self.sources.wsdl_files.push(file);
        }
        for (node, tns) in walk.units {
            let unit = SchemaUnit { file, node, tns };
            if !self.sources.units.contains(&unit) {
                self.sources.units.push(unit);
            }
        }
        self.diags.extend(walk.diags);
        self.ns_imports.extend(walk.ns_imports);
        for r in walk.refs {
            match resolve_reference(&r, &base_dir, self.catalog) {
                Ok(path) => {
                    if let Some(i) = self.read(&path, Some(&r.span)) {
                        self.queue.push_back((i, r.chameleon));
                    }
                }
                Err(d) => self.diags.push(d),
            }
        }
    }

    fn drain(&mut self) {
        while let Some((file, cham)) = self.queue.pop_front() {
            self.process(file, cham);
        }
    }
}

/// Phase one: reads `root` and every file it references, transitively.
pub fn load_sources(root: &Path, catalog: &Catalog) -> Result<Sources, Diagnostics> {
    let mut l = Loader {
        catalog,
        sources: Sources::default(),
        by_path: HashMap::new(),
        walked: BTreeSet::new(),
        queue: VecDeque::new(),
        ns_imports: Vec::new(),
        diags: Vec::new(),
    };
    let Some(first) = l.read(root, None) else { return Err(Diagnostics(l.diags)) };
    l.process(first, None);
    l.drain();
    // Namespace-only imports: satisfied by an already loaded schema, else by the catalog, else
    // left alone (a reference into that namespace will be reported where it is used).
    loop {
        let loaded: BTreeSet<&str> = l.sources.units.iter().map(|u| u.tns.as_str()).collect();
        let mut wanted: Vec<PathBuf> = Vec::new();
        for (ns, _) in &l.ns_imports {
            if loaded.contains(ns.as_str()) || is_xsd_ns(ns) {
                continue;
            }
            if let Some(p) = catalog.resolve(ns) {
                wanted.push(p.to_path_buf());
            }
        }
        let before = l.sources.files.len();
        for p in wanted {
            if let Some(i) = l.read(&p, None) {
                l.queue.push_back((i, None));
            }
        }
        l.drain();
        if l.sources.files.len() == before {
            break;
        }
    }
    if l.diags.is_empty() { Ok(l.sources) } else { Err(Diagnostics(l.diags)) }
}

impl Sources {
    /// Phase two: parses every file (each parsed fine in phase one).
    pub fn parse_all(&self) -> Result<Vec<Document<'_>>, Diagnostics> {
        let mut docs = Vec::with_capacity(self.files.len());
        let mut diags = Vec::new();
        for f in &self.files {
            match parse_doc(&f.name, &f.text) {
                Ok(d) => docs.push(d),
                Err(e) => diags.push(e),
            }
        }
        if diags.is_empty() { Ok(docs) } else { Err(Diagnostics(diags)) }
    }
}

/// Documentation text, whitespace-normalized per line: each line trimmed, leading and trailing
/// empty lines dropped, runs of empty lines collapsed to one paragraph break. None when empty.
pub fn normalize_doc(raw: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for line in raw.lines().map(str::trim) {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    if out.is_empty() { None } else { Some(out.join("\n")) }
}

/// All descendant text of a node, concatenated.
pub fn deep_text(node: Node) -> String {
    node.descendants().filter(Node::is_text).filter_map(|n| n.text()).collect()
}

#[cfg(test)]
mod tests {
    /// The line index gives what `roxmltree` computes by scanning, on two documents in turn.
    #[test]
    fn text_pos_matches_roxmltree() {
        let a = "<a>\r\n  <b x='é'>\n\t<c/>ü</b>\n<d/></a>";
        let b = "<r>\n\n<s y='1'/>\n</r>";
        for text in [a, b, a] {
            let doc = roxmltree::Document::parse(text).expect("well-formed");
            for node in doc.descendants() {
                let expected = doc.text_pos_at(node.range().start);
                assert_eq!(super::text_pos(text, node.range().start), (expected.row, expected.col));
                for attr in node.attributes() {
                    let expected = doc.text_pos_at(attr.range_value().start);
                    assert_eq!(super::text_pos(text, attr.range_value().start), (expected.row, expected.col));
                }
            }
        }
    }

    /// Spans asked for alternately in several documents keep one table each (built once).
    #[test]
    fn text_pos_keeps_a_table_per_document() {
        let texts: Vec<String> = (0..3).map(|k| format!("<a>\n{}<b/></a>", " ".repeat(k))).collect();
        for _ in 0..2 {
            for (k, text) in texts.iter().enumerate() {
                assert_eq!(super::text_pos(text, 4 + k), (2, 1 + k as u32));
            }
        }
        let tables = super::LINE_STARTS
            .with_borrow(|t| t.iter().filter(|(a, _, _)| texts.iter().any(|t| t.as_ptr() as usize == *a)).count());
        assert_eq!(tables, 3);
    }
}
