//! A direct XML writer into a `Vec<u8>`, with prefix management.

use super::{Nillable, ToXml};

/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The namespace bound to the reserved `xml` prefix.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The XML Schema namespace, whose builtin types `xsi:type` names.
const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// SOAP 1.1 encoding (section 5): `encodingStyle` names it, SOAP-encoded arrays carry its `arrayType`.
pub const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";

/// One in-scope prefix binding.
#[derive(Debug, Clone)]
struct Binding {
    prefix: String,
    ns: String,
}

/// One open element: where its qualified name sits in the buffer and its namespace scope mark.
#[derive(Debug, Clone, Copy)]
struct Open {
    name_start: usize,
    name_len: usize,
    scope: usize,
}

/// State saved by [`XmlWriter::checkpoint`] to undo an element that turned out empty.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checkpoint {
    len: usize,
    open: usize,
    bindings: usize,
    pending: bool,
    counter: u32,
}

/// Writes XML directly into a `Vec<u8>`.
///
/// Never uses a default namespace: every qualified element gets a prefix and elements in no
/// namespace are written unprefixed. A namespace not in scope is declared on the start tag that
/// needs it with a generated prefix `ns0`, `ns1`, ... (deterministic for a given call sequence);
/// the XML Schema instance namespace gets `xsi` when that prefix is free.
#[derive(Debug, Clone)]
pub struct XmlWriter {
    buf: Vec<u8>,
    bindings: Vec<Binding>,
    open: Vec<Open>,
    /// Declarations to emit on the next start tag.
    predeclared: Vec<Binding>,
    /// A start tag is open (attributes may still be added).
    pending: bool,
    counter: u32,
    /// The binding [`lookup`](Self::lookup) found last and `generation` then: while the bindings
    /// are the same, a lookup of the same namespace is one comparison, not a scan for shadowing
    /// prefixes (most elements are in the namespace of the one before).
    last_lookup: Option<(usize, u64)>,
    /// Changes whenever `bindings` does (a binding index is then no longer trusted).
    generation: u64,
}

impl Default for XmlWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::with_capacity(1024)
    }

    /// An empty writer with `capacity` bytes reserved.
    pub fn with_capacity(capacity: usize) -> Self {
        XmlWriter {
            buf: Vec::with_capacity(capacity),
            bindings: Vec::new(),
            open: Vec::new(),
            predeclared: Vec::new(),
            pending: false,
            counter: 0,
            last_lookup: None,
            generation: 0,
        }
    }

    /// Pre-declares `prefix` for `ns` on the next start tag (e.g. all namespaces on the envelope).
    /// Ignored if the prefix is already pre-declared or the binding is already in scope.
    pub fn declare(&mut self, prefix: &str, ns: &str) {
        if prefix.is_empty() || ns.is_empty() || prefix.eq_ignore_ascii_case("xml") || prefix == "xmlns" {
            return;
        }
        if self.predeclared.iter().any(|b| b.prefix == prefix) {
            return;
        }
        if self.lookup(ns).is_some_and(|i| self.bindings[i].prefix == prefix) {
            return;
        }
        self.predeclared.push(Binding { prefix: prefix.to_owned(), ns: ns.to_owned() });
    }

    /// Index of the binding in scope for `ns` whose prefix is not shadowed by a later binding.
    #[inline]
    fn lookup(&mut self, ns: &str) -> Option<usize> {
        if let Some((i, g)) = self.last_lookup
            && g == self.generation
            && self.bindings.get(i).is_some_and(|b| b.ns == ns)
        {
            return Some(i);
        }
        let found = self.find_binding(ns);
        if let Some(i) = found {
            self.last_lookup = Some((i, self.generation));
        }
        found
    }

    fn find_binding(&self, ns: &str) -> Option<usize> {
        let n = self.bindings.len();
        (0..n).rev().find(|&i| {
            self.bindings[i].ns == ns && !self.bindings[i + 1..n].iter().any(|b| b.prefix == self.bindings[i].prefix)
        })
    }

    fn prefix_in_use(&self, prefix: &str) -> bool {
        self.bindings.iter().any(|b| b.prefix == prefix) || self.predeclared.iter().any(|b| b.prefix == prefix)
    }

    fn fresh_prefix(&mut self) -> String {
        loop {
            let p = format!("ns{}", self.counter);
            self.counter += 1;
            if !self.prefix_in_use(&p) {
                return p;
            }
        }
    }

    /// Returns the prefix for `ns`, declaring it (on the currently open start tag) if needed.
    /// Only call while a start tag is open.
    fn ensure_prefix(&mut self, ns: &str) -> usize {
        if ns == XML_NS {
            return usize::MAX;
        }
        if let Some(i) = self.lookup(ns) {
            return i;
        }
        // xsi and xsd get their conventional prefixes when free.
        let prefix = match ns {
            XSI_NS if !self.prefix_in_use("xsi") => "xsi".to_owned(),
            XSD_NS if !self.prefix_in_use("xsd") => "xsd".to_owned(),
            _ => self.fresh_prefix(),
        };
        self.write_decl(&prefix, ns);
        self.bindings.push(Binding { prefix, ns: ns.to_owned() });
        self.generation += 1;
        self.bindings.len() - 1
    }

    fn prefix_str(&self, idx: usize) -> &str {
        if idx == usize::MAX { "xml" } else { &self.bindings[idx].prefix }
    }

    fn write_decl(&mut self, prefix: &str, ns: &str) {
        self.buf.extend_from_slice(b" xmlns:");
        self.buf.extend_from_slice(prefix.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        escape_attr(&mut self.buf, ns);
        self.buf.push(b'"');
    }

    fn close_pending(&mut self) {
        if self.pending {
            self.buf.push(b'>');
            self.pending = false;
        }
    }

    /// Opens a start tag for `{ns}local` (`ns` empty: unprefixed, no namespace). The tag stays
    /// open for [`attr`](Self::attr), [`nil`](Self::nil) and [`xsi_type`](Self::xsi_type).
    pub fn start(&mut self, ns: &str, local: &str) {
        self.close_pending();
        let scope = self.bindings.len();
        self.buf.push(b'<');
        let name_start = self.buf.len();
        let decls = std::mem::take(&mut self.predeclared);
        // Pre-declared bindings are in scope for this tag.
        if !decls.is_empty() {
            self.bindings.extend(decls.iter().cloned());
            self.generation += 1;
        }
        let mut new_decl = None;
        let prefix_idx = if ns.is_empty() {
            None
        } else if ns == XML_NS {
            Some(usize::MAX)
        } else if let Some(i) = self.lookup(ns) {
            Some(i)
        } else {
            let prefix = self.fresh_prefix();
            self.bindings.push(Binding { prefix, ns: ns.to_owned() });
            self.generation += 1;
            let i = self.bindings.len() - 1;
            new_decl = Some(i);
            Some(i)
        };
        if let Some(i) = prefix_idx {
            let p = if i == usize::MAX { "xml" } else { self.bindings[i].prefix.as_str() };
            self.buf.extend_from_slice(p.as_bytes());
            self.buf.push(b':');
        }
        self.buf.extend_from_slice(local.as_bytes());
        let name_len = self.buf.len() - name_start;
        for d in &decls {
            self.buf.extend_from_slice(b" xmlns:");
            self.buf.extend_from_slice(d.prefix.as_bytes());
            self.buf.extend_from_slice(b"=\"");
            escape_attr(&mut self.buf, &d.ns);
            self.buf.push(b'"');
        }
        if let Some(i) = new_decl {
            let b = self.bindings[i].clone();
            self.write_decl(&b.prefix, &b.ns);
        }
        self.open.push(Open { name_start, name_len, scope });
        self.pending = true;
    }

    /// Adds an attribute to the open start tag (`ns` empty: unqualified). Ignored when no start
    /// tag is open.
    pub fn attr(&mut self, ns: &str, local: &str, value: &str) {
        if !self.pending {
            return;
        }
        if ns.is_empty() {
            self.buf.push(b' ');
        } else {
            let i = self.ensure_prefix(ns);
            let p = self.prefix_str(i).to_owned();
            self.buf.push(b' ');
            self.buf.extend_from_slice(p.as_bytes());
            self.buf.push(b':');
        }
        self.buf.extend_from_slice(local.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        escape_attr(&mut self.buf, value);
        self.buf.push(b'"');
    }

    /// Adds `xsi:nil="true"` to the open start tag.
    pub fn nil(&mut self) {
        self.attr(XSI_NS, "nil", "true");
    }

    /// Adds `xsi:type` naming `{ns}local` to the open start tag.
    pub fn xsi_type(&mut self, ns: &str, local: &str) {
        if !self.pending {
            return;
        }
        let value = self.qname_text(ns, local);
        self.attr(XSI_NS, "type", &value);
    }

    /// The `prefix:local` text for a QName value, declaring its namespace on the open start tag
    /// if needed (without an open start tag, an undeclared namespace is written as `{ns}local`).
    pub fn qname_text(&mut self, ns: &str, local: &str) -> String {
        if ns.is_empty() {
            return local.to_owned();
        }
        let idx = match self.lookup(ns) {
            Some(i) => i,
            None if self.pending => self.ensure_prefix(ns),
            None if ns == XML_NS => usize::MAX,
            None => return format!("{{{ns}}}{local}"),
        };
        format!("{}:{local}", self.prefix_str(idx))
    }

    /// Writes escaped character data (closing the open start tag).
    pub fn text(&mut self, s: &str) {
        self.close_pending();
        escape_text(&mut self.buf, s);
    }

    /// Writes text that never needs escaping (digits, sign, point: the lexical forms of numbers).
    #[inline]
    pub(crate) fn text_unescaped(&mut self, s: &[u8]) {
        self.close_pending();
        self.buf.extend_from_slice(s);
    }

    /// Inserts already-serialized XML as is (closing the open start tag).
    pub fn raw(&mut self, xml: &str) {
        self.close_pending();
        self.buf.extend_from_slice(xml.as_bytes());
    }

    /// Closes the current element (`<a/>` if nothing was written inside). Ignored when no
    /// element is open.
    pub fn end(&mut self) {
        let Some(open) = self.open.pop() else { return };
        if self.pending {
            self.buf.extend_from_slice(b"/>");
            self.pending = false;
        } else {
            self.buf.extend_from_slice(b"</");
            self.buf.extend_from_within(open.name_start..open.name_start + open.name_len);
            self.buf.push(b'>');
        }
        if open.scope < self.bindings.len() {
            self.bindings.truncate(open.scope);
            self.generation += 1;
        }
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// The written document.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            len: self.buf.len(),
            open: self.open.len(),
            bindings: self.bindings.len(),
            pending: self.pending,
            counter: self.counter,
        }
    }

    pub(crate) fn rollback(&mut self, c: Checkpoint) {
        self.buf.truncate(c.len);
        self.open.truncate(c.open);
        self.bindings.truncate(c.bindings);
        self.generation += 1;
        self.pending = c.pending;
        self.counter = c.counter;
    }

    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    /// Writes `value` as element `{ns}local` (or the name the value gives itself,
    /// [`ToXml::element_name`]): start, attributes, content, end.
    pub fn element<T: ToXml + ?Sized>(&mut self, ns: &str, local: &str, value: &T) {
        let (ns, local) = value.element_name().unwrap_or((ns, local));
        self.start(ns, local);
        value.write_attributes(self);
        value.write_content(self);
        self.end();
    }

    /// An element of an rpc/encoded message part: like [`element`](Self::element), with `xsi:type`
    /// naming its declared type `{type_ns}type_local` (SOAP encoding's servers decode by it).
    pub fn encoded<T: ToXml + ?Sized>(
        &mut self,
        ns: &str,
        local: &str,
        (type_ns, type_local): (&str, &str),
        value: &T,
    ) {
        let (ns, local) = value.element_name().unwrap_or((ns, local));
        self.start(ns, local);
        self.xsi_type(type_ns, type_local);
        value.write_attributes(self);
        value.write_content(self);
        self.end();
    }

    /// `soapenv:encodingStyle` naming SOAP 1.1 encoding, on the open start tag: the wrapper of an
    /// rpc/encoded message. It also binds `xsi` and `xsd` there, for its parts' `xsi:type`s.
    pub fn encoding_style(&mut self) {
        self.attr(crate::soap::SOAP11_NS, "encodingStyle", SOAP_ENC_NS);
        if self.pending {
            self.ensure_prefix(XSI_NS);
            self.ensure_prefix(XSD_NS);
        }
    }

    /// `soapenc:arrayType="prefix:Item[len]"` on the open start tag of a SOAP-encoded array,
    /// naming the item type (its namespace declared here if needed) and the number of items.
    pub fn soap_array_type(&mut self, (item_ns, item_local): (&str, &str), len: usize) {
        let item = self.qname_text(item_ns, item_local);
        self.attr(SOAP_ENC_NS, "arrayType", &format!("{item}[{len}]"));
    }

    /// A required element (same as [`element`](Self::element)).
    pub fn required<T: ToXml>(&mut self, ns: &str, local: &str, value: &T) {
        self.element(ns, local, value);
    }

    /// An optional element: nothing when `None`.
    pub fn optional<T: ToXml>(&mut self, ns: &str, local: &str, value: &Option<T>) {
        if let Some(v) = value {
            self.element(ns, local, v);
        }
    }

    /// A nillable element: `Nil` is written as `<x xsi:nil="true"/>`.
    pub fn nillable<T: ToXml>(&mut self, ns: &str, local: &str, value: &Nillable<T>) {
        match value {
            Nillable::Nil => {
                self.start(ns, local);
                if let Some((tns, tlocal)) = T::nil_type() {
                    self.xsi_type(tns, tlocal);
                }
                self.nil();
                self.end();
            }
            Nillable::Value(v) => self.element(ns, local, v),
        }
    }

    /// An optional nillable element.
    pub fn optional_nillable<T: ToXml>(&mut self, ns: &str, local: &str, value: &Option<Nillable<T>>) {
        if let Some(v) = value {
            self.nillable(ns, local, v);
        }
    }

    /// A repeated element, one per item.
    pub fn repeated<T: ToXml>(&mut self, ns: &str, local: &str, values: &[T]) {
        for v in values {
            self.element(ns, local, v);
        }
    }

    /// A repeated nillable element.
    pub fn repeated_nillable<T: ToXml>(&mut self, ns: &str, local: &str, values: &[Nillable<T>]) {
        for v in values {
            self.nillable(ns, local, v);
        }
    }
}

/// Appends `s` escaped for character data: `&`, `<`, `>` and CR (as `&#13;`).
fn escape_text(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !super::scan::needs_escape(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\r' => b"&#13;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[last..i]);
        out.extend_from_slice(rep);
        last = i + 1;
    }
    out.extend_from_slice(&bytes[last..]);
}

/// Appends `s` escaped for a double-quoted attribute value: `&<>"` and CR/LF/TAB as char refs.
fn escape_attr(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\r' => b"&#13;",
            b'\n' => b"&#10;",
            b'\t' => b"&#9;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[last..i]);
        out.extend_from_slice(rep);
        last = i + 1;
    }
    out.extend_from_slice(&bytes[last..]);
}

/// Escapes `s` for an attribute value into a new string (used by raw captures).
pub(crate) fn escape_attr_string(s: &str) -> String {
    let mut v = Vec::with_capacity(s.len());
    escape_attr(&mut v, s);
    String::from_utf8(v).unwrap_or_default()
}
