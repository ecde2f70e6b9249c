//! WSDL 1.1 front end: messages, port types, SOAP 1.1/1.2 bindings and services → [`Service`].
//!
//! Ports: every `wsdl:port` (of every `wsdl:service`, in document order) whose binding is SOAP 1.1
//! or 1.2 becomes a [`Port`]; HTTP and other bindings are skipped. A SOAP binding that no
//! `wsdl:port` uses (vendors often publish several bindings but list one port) still becomes a
//! port, appended after the real ones in document order, without address, named after its port
//! type (or after the binding, if a port already has that name).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use roxmltree::{Document, Node};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, Catalog, HTTP_NS, SOAP11_NS, SOAP12_NS, Sources, WSDL_NS};
use crate::model::{Fault, Message, Operation, Part, PartContent, Port, Protocol, QName, Service, Style, TypeRef, Use};
use crate::xsd::{self, SchemaModel};

/// Loads a WSDL 1.1 file, everything it imports, and builds the service model.
pub fn load_wsdl(path: &Path, catalog: &Catalog) -> Result<Service, Diagnostics> {
    let sources = load::load_sources(path, catalog)?;
    let docs = sources.parse_all()?;
    let mut diags = Vec::new();
    let (schema, schema_ok) = match xsd::build_model(&sources, &docs) {
        Ok(m) => (m, true),
        Err(d) => {
            diags.extend(d.0);
            (SchemaModel::default(), false)
        }
    };
    let mut w = Wsdl {
        sources: &sources,
        schema: &schema,
        schema_ok,
        messages: BTreeMap::new(),
        port_types: BTreeMap::new(),
        bindings: BTreeMap::new(),
        binding_order: Vec::new(),
        services: Vec::new(),
        definitions: Vec::new(),
        diags,
    };
    w.index(&docs);
    let service = w.service(path);
    if w.diags.is_empty() { Ok(service) } else { Err(Diagnostics(w.diags)) }
}

#[derive(Clone, Copy)]
struct Item<'a> {
    file: usize,
    node: Node<'a, 'a>,
}

struct Wsdl<'a> {
    sources: &'a Sources,
    schema: &'a SchemaModel,
    schema_ok: bool,
    messages: BTreeMap<QName, Item<'a>>,
    port_types: BTreeMap<QName, Item<'a>>,
    bindings: BTreeMap<QName, Item<'a>>,
    /// Bindings in document order.
    binding_order: Vec<QName>,
    services: Vec<Item<'a>>,
    definitions: Vec<Item<'a>>,
    diags: Vec<Diagnostic>,
}

fn wsdl_docs(node: Node) -> Option<String> {
    let parts: Vec<String> = node
        .children()
        .filter(|n| load::is_el(*n, WSDL_NS, "documentation"))
        .filter_map(|d| load::normalize_doc(&load::deep_text(d)))
        .collect();
    if parts.is_empty() { None } else { Some(parts.join("\n\n")) }
}

fn soap_child<'a>(node: Node<'a, 'a>, ns: &str, local: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|n| load::is_el(*n, ns, local))
}

impl<'a> Wsdl<'a> {
    fn file(&self, file: usize) -> Arc<str> {
        self.sources.files.get(file).map(|f| f.name.clone()).unwrap_or_else(|| Arc::from(""))
    }

    fn diag(&mut self, item: Item<'a>, attr: Option<&str>, msg: impl Into<String>, hint: impl Into<String>) {
        let file = self.file(item.file);
        let span = match attr {
            Some(a) => load::attr_span(&file, item.node, a),
            None => load::span_of(&file, item.node),
        };
        self.diags.push(Diagnostic::new(span, msg).with_hint(hint));
    }

    fn index(&mut self, docs: &'a [Document<'a>]) {
        for &f in &self.sources.wsdl_files {
            let Some(doc) = docs.get(f) else { continue };
            let root = doc.root_element();
            self.definitions.push(Item { file: f, node: root });
            let tns = root.attribute("targetNamespace").unwrap_or("");
            for c in root.children().filter(|n| n.is_element() && n.tag_name().namespace() == Some(WSDL_NS)) {
                let item = Item { file: f, node: c };
                let kind = c.tag_name().name();
                if kind == "service" {
                    self.services.push(item);
                    continue;
                }
                let map = match kind {
                    "message" => &mut self.messages,
                    "portType" => &mut self.port_types,
                    "binding" => &mut self.bindings,
                    _ => continue,
                };
                let Some(name) = c.attribute("name") else {
                    self.diag(item, None, format!("wsdl:{kind} without a name"), "add name=\"...\"");
                    continue;
                };
                let qn = QName::new(tns, name);
                if !map.contains_key(&qn) {
                    map.insert(qn.clone(), item);
                    if kind == "binding" {
                        self.binding_order.push(qn);
                    }
                }
            }
        }
    }

    fn qname(&mut self, item: Item<'a>, attr: &str) -> Option<QName> {
        let value = item.node.attribute(attr)?;
        let q = load::resolve_qname(item.node, value);
        if q.is_none() {
            let prefix = value.split(':').next().unwrap_or("").to_string();
            self.diag(
                item,
                Some(attr),
                format!("namespace prefix `{prefix}` of `{value}` is not declared"),
                format!("declare xmlns:{prefix}=\"...\""),
            );
        }
        q
    }

    fn lookup(&mut self, item: Item<'a>, attr: &str, what: &str) -> Option<Item<'a>> {
        let qn = self.qname(item, attr)?;
        let map = match what {
            "message" => &self.messages,
            "portType" => &self.port_types,
            _ => &self.bindings,
        };
        if let Some(found) = map.get(&qn) {
            return Some(*found);
        }
        let value = item.node.attribute(attr).unwrap_or("");
        self.diag(
            item,
            Some(attr),
            format!("wsdl:{what} `{value}` ({qn}) is not defined"),
            format!("define <wsdl:{what} name=\"{}\"> in namespace `{}`, or fix the prefix", qn.local, qn.ns),
        );
        None
    }

    fn service(&mut self, path: &Path) -> Service {
        let name = self
            .services
            .first()
            .and_then(|s| s.node.attribute("name"))
            .or_else(|| self.definitions.first().and_then(|d| d.node.attribute("name")))
            .map(str::to_string)
            .unwrap_or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
        let docs = self
            .services
            .first()
            .and_then(|s| wsdl_docs(s.node))
            .or_else(|| self.definitions.first().and_then(|d| wsdl_docs(d.node)));
        if self.definitions.is_empty() {
            let file = self.file(0);
            self.diags.push(
                Diagnostic::new(crate::diag::Span::new(file, 1, 1), "not a WSDL 1.1 document")
                    .with_hint("expected a root <wsdl:definitions> element"),
            );
        }
        let mut ports = Vec::new();
        let mut used_bindings = BTreeSet::new();
        for s in self.services.clone() {
            for p in s.node.children().filter(|n| load::is_el(*n, WSDL_NS, "port")) {
                let item = Item { file: s.file, node: p };
                let Some(bq) = self.qname(item, "binding") else { continue };
                let Some(binding) = self.lookup(item, "binding", "binding") else { continue };
                used_bindings.insert(bq);
                let port_name = p.attribute("name").unwrap_or("").to_string();
                let address = [SOAP11_NS, SOAP12_NS]
                    .iter()
                    .find_map(|ns| soap_child(p, ns, "address"))
                    .and_then(|a| a.attribute("location"))
                    .map(str::to_string);
                if let Some(port) = self.port(port_name, address, item, binding) {
                    ports.push(port);
                }
            }
        }
        for bq in self.binding_order.clone() {
            if used_bindings.contains(&bq) {
                continue;
            }
            let Some(binding) = self.bindings.get(&bq).copied() else { continue };
            let pt_name = binding
                .node
                .attribute("type")
                .and_then(|t| load::resolve_qname(binding.node, t))
                .map(|q| q.local)
                .unwrap_or_else(|| bq.local.clone());
            let name = if ports.iter().any(|p: &Port| p.name == pt_name) { bq.local.clone() } else { pt_name };
            if let Some(port) = self.port(name, None, binding, binding) {
                ports.push(port);
            }
        }
        Service { name, docs, ports, types: self.schema.types.clone(), elements: self.schema.elements.clone() }
    }

    /// A port over a binding; None for non-SOAP bindings.
    fn port(&mut self, name: String, address: Option<String>, site: Item<'a>, binding: Item<'a>) -> Option<Port> {
        let (protocol, ns, soap_binding) = if let Some(b) = soap_child(binding.node, SOAP11_NS, "binding") {
            (Protocol::Soap11, SOAP11_NS, b)
        } else if let Some(b) = soap_child(binding.node, SOAP12_NS, "binding") {
            (Protocol::Soap12, SOAP12_NS, b)
        } else {
            // HTTP (or unknown) bindings are not callable by the generated clients: skipped.
            let _ = HTTP_NS;
            return None;
        };
        let default_style = soap_binding.attribute("style").unwrap_or("document").to_string();
        let port_type = self.lookup(binding, "type", "portType");
        let mut operations: Vec<Operation> = Vec::new();
        for op in binding.node.children().filter(|n| load::is_el(*n, WSDL_NS, "operation")) {
            let item = Item { file: binding.file, node: op };
            if let Some(o) = self.operation(item, ns, &default_style, port_type) {
                // A binding that lists the same operation twice (seen in the wild): keep the first.
                let same = |p: &Operation| {
                    p.name == o.name
                        && p.input.as_ref().map(|m| &m.name) == o.input.as_ref().map(|m| &m.name)
                        && p.output.as_ref().map(|m| &m.name) == o.output.as_ref().map(|m| &m.name)
                };
                if !operations.iter().any(same) {
                    operations.push(o);
                }
            }
        }
        Some(Port {
            name,
            binding: binding.node.attribute("name").unwrap_or("").to_string(),
            protocol,
            address,
            operations,
            span: load::span_of(&self.file(site.file), site.node),
        })
    }

    fn operation(&mut self, op: Item<'a>, ns: &str, default_style: &str, pt: Option<Item<'a>>) -> Option<Operation> {
        let name = op.node.attribute("name").unwrap_or("").to_string();
        let soap_op = soap_child(op.node, ns, "operation");
        let soap_action = soap_op.and_then(|s| s.attribute("soapAction")).unwrap_or("").to_string();
        let style = match soap_op.and_then(|s| s.attribute("style")).unwrap_or(default_style) {
            "rpc" => Style::Rpc,
            _ => Style::Document,
        };
        let b_in = op.node.children().find(|n| load::is_el(*n, WSDL_NS, "input"));
        let b_out = op.node.children().find(|n| load::is_el(*n, WSDL_NS, "output"));
        let pt = pt?;
        // The port type operation: by name; overloaded names also match input/output names.
        let candidates: Vec<Node<'a, 'a>> = pt
            .node
            .children()
            .filter(|n| load::is_el(*n, WSDL_NS, "operation") && n.attribute("name") == Some(name.as_str()))
            .collect();
        let io_name = |n: Node<'a, 'a>, which: &str| {
            n.children().find(|c| load::is_el(*c, WSDL_NS, which)).and_then(|c| c.attribute("name"))
        };
        let pt_op = if candidates.len() > 1 {
            candidates.iter().copied().find(|c| {
                let ok_in = b_in.and_then(|b| b.attribute("name")).is_none_or(|n| io_name(*c, "input") == Some(n));
                let ok_out = b_out.and_then(|b| b.attribute("name")).is_none_or(|n| io_name(*c, "output") == Some(n));
                ok_in && ok_out
            })
        } else {
            candidates.first().copied()
        };
        let Some(pt_op) = pt_op else {
            self.diag(
                op,
                Some("name"),
                format!("operation `{name}` is not in port type `{}`", pt.node.attribute("name").unwrap_or("")),
                "add the operation to the wsdl:portType, or remove it from the binding",
            );
            return None;
        };
        let pt_item = Item { file: pt.file, node: pt_op };
        let use_of = |b: Option<Node<'a, 'a>>| {
            b.and_then(|b| soap_child(b, ns, "body")).and_then(|s| s.attribute("use")) == Some("encoded")
        };
        let use_ = if use_of(b_in) || use_of(b_out) { Use::Encoded } else { Use::Literal };
        let mut input = self.message_of(pt_item, "input", b_in, ns);
        let output = self.message_of(pt_item, "output", b_out, ns);
        let mut headers = Vec::new();
        // Parts of the input message that a soap:header carries are not in the Body.
        let mut in_header: Vec<(String, String)> = Vec::new();
        if let Some(b_in) = b_in {
            for h in b_in.children().filter(|n| load::is_el(*n, ns, "header")) {
                let hi = Item { file: op.file, node: h };
                let Some(msg) = self.lookup(hi, "message", "message") else { continue };
                let part_name = h.attribute("part").unwrap_or("");
                let msg_name = msg.node.attribute("name").unwrap_or("").to_string();
                match self.parts(msg).into_iter().find(|p| p.name == part_name) {
                    Some(p) => {
                        in_header.push((msg_name, p.name.clone()));
                        headers.push(p);
                    }
                    None => self.diag(
                        hi,
                        Some("part"),
                        format!("message `{}` has no part `{part_name}`", msg.node.attribute("name").unwrap_or("")),
                        "name one of the message's parts",
                    ),
                }
            }
        }
        if let Some(m) = input.as_mut() {
            m.parts.retain(|p| !in_header.iter().any(|(msg, part)| *msg == m.name && *part == p.name));
        }
        let mut faults = Vec::new();
        for f in pt_op.children().filter(|n| load::is_el(*n, WSDL_NS, "fault")) {
            let fi = Item { file: pt.file, node: f };
            let element = match self.lookup(fi, "message", "message") {
                Some(m) => self.parts(m).into_iter().find_map(|p| match p.content {
                    PartContent::Element(e) => Some(e),
                    PartContent::Type(_) => None,
                }),
                None => None,
            };
            faults.push(Fault { name: f.attribute("name").unwrap_or("").to_string(), element, docs: wsdl_docs(f) });
        }
        Some(Operation {
            name,
            docs: wsdl_docs(pt_op).or_else(|| wsdl_docs(op.node)),
            soap_action,
            style,
            use_,
            input,
            output,
            faults,
            headers,
            http: None,
            span: load::span_of(&self.file(op.file), op.node),
        })
    }

    /// The input or output message of a port type operation, restricted to `soap:body parts`.
    fn message_of(
        &mut self,
        pt_op: Item<'a>,
        which: &str,
        binding_io: Option<Node<'a, 'a>>,
        ns: &str,
    ) -> Option<Message> {
        let io = pt_op.node.children().find(|n| load::is_el(*n, WSDL_NS, which))?;
        let io_item = Item { file: pt_op.file, node: io };
        let msg = self.lookup(io_item, "message", "message")?;
        let mut parts = self.parts(msg);
        if let Some(list) = binding_io.and_then(|b| soap_child(b, ns, "body")).and_then(|b| b.attribute("parts")) {
            let wanted: Vec<&str> = list.split_whitespace().collect();
            parts.retain(|p| wanted.contains(&p.name.as_str()));
        }
        let namespace = binding_io
            .and_then(|b| soap_child(b, ns, "body"))
            .and_then(|b| b.attribute("namespace"))
            .map(str::to_string);
        Some(Message { name: msg.node.attribute("name").unwrap_or("").to_string(), parts, namespace })
    }

    fn parts(&mut self, msg: Item<'a>) -> Vec<Part> {
        let mut parts = Vec::new();
        for p in msg.node.children().filter(|n| load::is_el(*n, WSDL_NS, "part")) {
            let item = Item { file: msg.file, node: p };
            let name = p.attribute("name").unwrap_or("").to_string();
            if p.has_attribute("element") {
                let Some(qn) = self.qname(item, "element") else { continue };
                if self.schema_ok && !self.schema.elements.contains_key(&qn) {
                    let value = p.attribute("element").unwrap_or("");
                    self.diag(
                        item,
                        Some("element"),
                        format!("element `{value}` ({qn}) is not declared in any schema"),
                        "declare it as a global xsd:element in wsdl:types or an imported schema",
                    );
                    continue;
                }
                parts.push(Part { name, content: PartContent::Element(qn) });
            } else if p.has_attribute("type") {
                let Some(qn) = self.qname(item, "type") else { continue };
                let ty = if load::is_xsd_ns(&qn.ns) {
                    match xsd::builtin(&qn.local) {
                        Some(b) => TypeRef::Builtin(b),
                        None => {
                            self.diag(
                                item,
                                Some("type"),
                                format!("`{}` is not an XML Schema builtin type", qn.local),
                                "use a builtin such as xsd:string",
                            );
                            continue;
                        }
                    }
                } else {
                    if self.schema_ok && !self.schema.types.contains_key(&qn) {
                        self.diag(
                            item,
                            Some("type"),
                            format!("type {qn} is not defined in any schema"),
                            "define it in wsdl:types or an imported schema",
                        );
                        continue;
                    }
                    TypeRef::Named(qn)
                };
                parts.push(Part { name, content: PartContent::Type(ty) });
            } else {
                self.diag(item, None, format!("part `{name}` has neither element nor type"), "add element=\"...\"");
            }
        }
        parts
    }
}
