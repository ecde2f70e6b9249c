//! SOAP 1.1 encoding's multi-reference values (section 5.4.1): an element with `href="#id"` stands
//! for the element with `id="id"`, which follows the body's root as a sibling (`multiRef` in
//! Apache Axis 1, its default for every complex value of an rpc/encoded response).
//!
//! The typed readers read one tree, so the document is rewritten once into that tree: each
//! referring element takes the attributes (its `xsi:type`, above all) and the content of the
//! element it refers to, with the namespace declarations that content needs, and the referred
//! elements are dropped from the Body. Only documents that carry such siblings pay for it (see
//! `client::parse_response`).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::XmlError;
use super::lexer::{Lexer, Token};

/// How deep references may nest inside referred values (a cycle is left as it is, unresolved).
const MAX_NESTING: usize = 64;
/// How much larger than the received document the rewritten one may grow (with a floor of
/// [`MIN_LIMIT`]): a value referred to many times is copied each time, and references to
/// references multiply, so an unbounded rewrite would be an entity-expansion bomb.
const MAX_EXPANSION: usize = 16;
const MIN_LIMIT: usize = 1 << 20;

/// One element of the document: byte ranges into the text and its tree links.
struct Node<'a> {
    name: &'a str,
    /// `<` to after the start tag's `>`.
    start_tag: Range<usize>,
    /// The content between the tags (empty for `<a/>`).
    inner: Range<usize>,
    /// After the end tag (or the empty tag).
    end: usize,
    attrs: Vec<(&'a str, &'a str)>,
    parent: Option<usize>,
    children: Vec<usize>,
}

struct Tree<'a> {
    text: &'a str,
    nodes: Vec<Node<'a>>,
}

impl<'a> Tree<'a> {
    /// None when the document is not well-formed enough to rewrite: the reader then reads it as
    /// it is and reports what is wrong.
    fn parse(text: &'a str) -> Option<Self> {
        let mut lexer = Lexer::new(text);
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        loop {
            let before = lexer.position();
            match lexer.next_token().ok()? {
                token @ (Token::Start(tag) | Token::Empty(tag)) => {
                    let empty = matches!(token, Token::Empty(_));
                    let start = lexer.tag_start(&tag);
                    let attrs = lexer.attributes(&tag).collect::<Result<Vec<_>, _>>().ok()?;
                    let parent = open.last().copied();
                    let index = nodes.len();
                    let tag_end = lexer.position();
                    nodes.push(Node {
                        name: tag.name,
                        start_tag: start..tag_end,
                        inner: tag_end..tag_end,
                        end: tag_end,
                        attrs,
                        parent,
                        children: Vec::new(),
                    });
                    if let Some(p) = parent {
                        nodes[p].children.push(index);
                    }
                    if !empty {
                        open.push(index);
                    }
                }
                Token::End(name) => {
                    let index = open.pop()?;
                    if nodes[index].name != name {
                        return None;
                    }
                    nodes[index].inner.end = before;
                    nodes[index].end = lexer.position();
                }
                Token::Eof => break,
                Token::DocType => return None,
                _ => {}
            }
        }
        (open.is_empty() && !nodes.is_empty()).then_some(Tree { text, nodes })
    }

    fn attr(&self, n: usize, name: &str) -> Option<&'a str> {
        self.nodes[n].attrs.iter().find(|(a, _)| *a == name).map(|(_, v)| *v)
    }

    /// The namespace `prefix` ("" for the default) is bound to at node `n`.
    fn resolve(&self, mut n: usize, prefix: &str) -> Option<&'a str> {
        loop {
            let found = self.nodes[n].attrs.iter().find(|(a, _)| match a.strip_prefix("xmlns") {
                Some("") => prefix.is_empty(),
                Some(rest) => rest.strip_prefix(':') == Some(prefix),
                None => false,
            });
            if let Some((_, ns)) = found {
                return Some(ns);
            }
            n = self.nodes[n].parent?;
        }
    }

    /// Every binding in scope at `n`, the nearest declaration of each prefix.
    fn scope(&self, n: usize) -> BTreeMap<&'a str, &'a str> {
        let mut out = BTreeMap::new();
        let mut at = Some(n);
        while let Some(i) = at {
            for (a, v) in &self.nodes[i].attrs {
                if let Some(rest) = a.strip_prefix("xmlns") {
                    let prefix = rest.strip_prefix(':').unwrap_or(rest);
                    if rest.is_empty() || rest.starts_with(':') {
                        out.entry(prefix).or_insert(*v);
                    }
                }
            }
            at = self.nodes[i].parent;
        }
        out
    }

    fn local_is(&self, n: usize, ns: &str, local: &str) -> bool {
        let name = self.nodes[n].name;
        let (prefix, l) = name.split_once(':').unwrap_or(("", name));
        l == local && self.resolve(n, prefix) == Some(ns)
    }
}

/// The document with its SOAP 1.1 multi-references inlined, or None when it has none to inline
/// (or cannot be rewritten: then it is read as it is). An error when inlining would make the
/// document more than [`MAX_EXPANSION`] times larger.
pub fn inline_references(text: &str, envelope_ns: &str) -> Result<Option<String>, XmlError> {
    let Some(tree) = Tree::parse(text) else { return Ok(None) };
    let Some(&body) = tree.nodes[0].children.iter().find(|&&c| tree.local_is(c, envelope_ns, "Body")) else {
        return Ok(None);
    };
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, _) in tree.nodes.iter().enumerate().skip(body + 1) {
        if let Some(id) = tree.attr(i, "id") {
            ids.entry(id).or_insert(i);
        }
    }
    let referred: BTreeSet<usize> = (body + 1..tree.nodes.len())
        .filter_map(|i| tree.attr(i, "href")?.strip_prefix('#').and_then(|id| ids.get(id).copied()))
        .collect();
    if referred.is_empty() {
        return Ok(None);
    }
    let limit = text.len().saturating_mul(MAX_EXPANSION).max(MIN_LIMIT);
    let out = String::with_capacity(text.len());
    let mut w = Rewriter { tree: &tree, ids: &ids, out, visiting: Vec::new(), limit };
    let b = &tree.nodes[body];
    w.out.push_str(&text[..b.start_tag.end]);
    let mut at = b.inner.start;
    for &c in &b.children {
        let n = &tree.nodes[c];
        w.out.push_str(&text[at..n.start_tag.start]);
        // A referred element that is one of the body's independent elements is dropped.
        if !referred.contains(&c) {
            w.element(c);
        }
        at = n.end;
    }
    w.out.push_str(&text[at..]);
    if w.out.len() > limit {
        return Err(XmlError::Expansion { limit });
    }
    Ok(Some(w.out))
}

struct Rewriter<'t, 'a> {
    tree: &'t Tree<'a>,
    ids: &'t BTreeMap<&'a str, usize>,
    out: String,
    /// The referred elements being inlined, outermost first (a cycle stays unresolved).
    visiting: Vec<usize>,
    /// Past this length, nothing more is written (the caller reports it).
    limit: usize,
}

impl Rewriter<'_, '_> {
    fn element(&mut self, n: usize) {
        if self.out.len() > self.limit {
            return;
        }
        let tree = self.tree;
        let node = &tree.nodes[n];
        let target = tree.attr(n, "href").and_then(|h| h.strip_prefix('#')).and_then(|id| self.ids.get(id).copied());
        match target {
            Some(t) if !self.visiting.contains(&t) && self.visiting.len() < MAX_NESTING => {
                self.visiting.push(t);
                self.referring(n, t);
                self.visiting.pop();
            }
            _ => {
                self.out.push_str(&tree.text[node.start_tag.clone()]);
                self.content(n);
                self.out.push_str(&tree.text[node.inner.end..node.end]);
            }
        }
    }

    /// The content of `n`: its text as it is, each child element rewritten.
    fn content(&mut self, n: usize) {
        let tree = self.tree;
        let node = &tree.nodes[n];
        let mut at = node.inner.start;
        for &c in &node.children {
            let child = &tree.nodes[c];
            self.out.push_str(&tree.text[at..child.start_tag.start]);
            self.element(c);
            at = child.end;
        }
        self.out.push_str(&tree.text[at..node.inner.end]);
    }

    /// Element `n` (which has `href`) with the attributes and content of `t`.
    fn referring(&mut self, n: usize, t: usize) {
        let tree = self.tree;
        let (node, target) = (&tree.nodes[n], &tree.nodes[t]);
        self.out.push('<');
        self.out.push_str(node.name);
        for (a, v) in node.attrs.iter().filter(|(a, _)| *a != "href") {
            push_attr(&mut self.out, a, v);
        }
        // The bindings the referred content uses, where they differ here; never one that would
        // change what this element's own name or attributes mean.
        let here = tree.scope(n);
        let own: BTreeSet<&str> = std::iter::once(node.name)
            .chain(node.attrs.iter().map(|(a, _)| *a))
            .map(|name| name.split_once(':').map_or("", |(p, _)| p))
            .collect();
        for (prefix, ns) in tree.scope(t) {
            if here.get(prefix) != Some(&ns) && !own.contains(prefix) {
                let name = if prefix.is_empty() { "xmlns".to_string() } else { format!("xmlns:{prefix}") };
                push_attr(&mut self.out, &name, ns);
            }
        }
        for (a, v) in &target.attrs {
            let (prefix, local) = a.split_once(':').unwrap_or(("", a));
            let plumbing = *a == "id"
                || a.starts_with("xmlns")
                || (local == "root" && tree.resolve(t, prefix) == Some(super::writer::SOAP_ENC_NS))
                || node.attrs.iter().any(|(b, _)| b == a);
            if !plumbing {
                push_attr(&mut self.out, a, v);
            }
        }
        self.out.push('>');
        self.content(t);
        self.out.push_str("</");
        self.out.push_str(node.name);
        self.out.push('>');
    }
}

/// An attribute copied as written (the value keeps its references and quotes are re-chosen).
fn push_attr(out: &mut String, name: &str, raw: &str) {
    out.push(' ');
    out.push_str(name);
    if raw.contains('"') {
        out.push_str("='");
        out.push_str(raw);
        out.push('\'');
    } else {
        out.push_str("=\"");
        out.push_str(raw);
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::{MIN_LIMIT, XmlError, inline_references};

    const ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

    #[test]
    fn references_take_the_referred_content_and_type() {
        let doc = concat!(
            r##"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" "##,
            r##"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>"##,
            r##"<ns1:getResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:svc">"##,
            r##"<getReturn href="#id0"/></ns1:getResponse>"##,
            "\n",
            r##"<multiRef id="id0" soapenc:root="0" xsi:type="ns2:Item" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns2="urn:types">"##,
            r##"<name xsi:type="xsd:string" xmlns:xsd="http://www.w3.org/2001/XMLSchema">a&amp;b</name><tags href="#id1"/></multiRef>"##,
            r##"<multiRef id="id1" soapenc:root="0" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"><item>x</item></multiRef>"##,
            r##"</soapenv:Body></soapenv:Envelope>"##
        );
        let out = inline_references(doc, ENV).expect("within limits").expect("rewritten");
        assert_eq!(
            out,
            concat!(
                r##"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" "##,
                r##"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>"##,
                r##"<ns1:getResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:svc">"##,
                r##"<getReturn xmlns:ns2="urn:types" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns2:Item">"##,
                r##"<name xsi:type="xsd:string" xmlns:xsd="http://www.w3.org/2001/XMLSchema">a&amp;b</name>"##,
                r##"<tags><item>x</item></tags></getReturn></ns1:getResponse>"##,
                "\n",
                r##"</soapenv:Body></soapenv:Envelope>"##
            )
        );
    }

    #[test]
    fn documents_without_references_or_broken_ones_are_left_alone() {
        let plain = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><r id="x"/></e:Body></e:Envelope>"#;
        assert_eq!(inline_references(plain, ENV), Ok(None));
        assert_eq!(inline_references("<a><b></a>", ENV), Ok(None));
        assert_eq!(inline_references("", ENV), Ok(None));
        // A reference to nothing, and a cycle: kept as written.
        let cycle = concat!(
            r##"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><r><v href="#a"/><w href="#zz"/></r>"##,
            r##"<m id="a"><n href="#a"/></m></e:Body></e:Envelope>"##
        );
        let out = inline_references(cycle, ENV).expect("within limits").expect("rewritten");
        assert_eq!(
            out,
            r##"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><r><v><n href="#a"/></v><w href="#zz"/></r></e:Body></e:Envelope>"##
        );
    }

    /// Ten references to a value of ten references to ... : refused once past the limit, not built.
    #[test]
    fn references_that_multiply_are_refused() {
        let mut doc = String::from(
            r##"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><r href="#l0"/>"##,
        );
        for level in 0..12 {
            doc.push_str(&format!("<m id=\"l{level}\">"));
            for _ in 0..10 {
                doc.push_str(&format!("<x href=\"#l{}\"/>", level + 1));
            }
            doc.push_str("</m>");
        }
        doc.push_str(r#"<m id="l12">boom</m></e:Body></e:Envelope>"#);
        assert_eq!(inline_references(&doc, ENV), Err(XmlError::Expansion { limit: MIN_LIMIT }));
    }
}
