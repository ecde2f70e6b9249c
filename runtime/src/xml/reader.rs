//! A streaming, namespace-aware XML reader over a byte slice.
//!
//! Nothing here recurses: nesting depth only grows a `Vec` of frames, bounded by
//! [`ReadOptions::max_depth`]. DOCTYPE declarations are refused outright.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::PrefixDeclaration;

use super::element::{Attr, Element, SmallName};
use super::error::{Deviation, DeviationKind, ValueError, XmlError};
use super::writer::{XML_NS, XSI_NS, escape_attr_string};
use super::{FromXml, Nillable};

/// Options for [`XmlReader`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Strict mode: unparseable scalars are errors and [`XmlReader::finish`] fails when any
    /// deviation was recorded. Lenient (default): deviations are recorded and reading goes on.
    pub strict: bool,
    /// Maximum element nesting depth (default 256).
    pub max_depth: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { strict: false, max_depth: 256 }
    }
}

impl ReadOptions {
    /// Strict options (default limits).
    pub fn strict() -> Self {
        ReadOptions { strict: true, ..Self::default() }
    }
}

/// The namespaces in scope at an element (prefix → URI; the empty prefix is the default
/// namespace), used to resolve QName values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamespaceScope {
    bindings: Vec<(String, Arc<str>)>,
}

impl NamespaceScope {
    /// The URI bound to `prefix` (`""`: default namespace; `None` when unbound or undeclared).
    pub fn resolve(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        self.bindings.iter().rev().find(|(p, _)| p == prefix).map(|(_, ns)| &**ns).filter(|ns| !ns.is_empty())
    }

    /// All bindings, innermost last (a prefix may appear more than once).
    pub fn bindings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.bindings.iter().map(|(p, n)| (p.as_str(), &**n))
    }
}

#[derive(Debug, Clone, Copy)]
struct Frame<'a> {
    local: &'a str,
    scope: usize,
}

/// A streaming XML reader over `&'a [u8]` (UTF-8), namespace-aware, with a depth limit.
///
/// Typical use: [`root`](Self::root), then [`next_child`](Self::next_child) in a loop, reading
/// each child with [`read`](Self::read) or skipping it with [`unexpected`](Self::unexpected),
/// and finally [`finish`](Self::finish).
pub struct XmlReader<'a> {
    input: &'a str,
    reader: quick_xml::Reader<&'a [u8]>,
    options: ReadOptions,
    ns_table: Vec<Arc<str>>,
    ns_index: HashMap<Arc<str>, u32>,
    /// In-scope prefix bindings (prefix "" = default namespace), innermost last.
    bindings: Vec<(&'a str, u32)>,
    frames: Vec<Frame<'a>>,
    /// The current element was self-closing and its (virtual) end has not been consumed.
    empty_pending: bool,
    started: bool,
    /// Local name of the element whose end was consumed last (cleared by a start tag).
    just_closed: Option<&'a str>,
    invalid_utf8: Option<usize>,
    deviations: Vec<Deviation>,
}

impl std::fmt::Debug for XmlReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlReader")
            .field("position", &self.reader.buffer_position())
            .field("path", &self.path())
            .field("deviations", &self.deviations.len())
            .finish()
    }
}

/// Attributes (namespace declarations included) allowed on one element.
pub const MAX_ATTRIBUTES: usize = 256;

const NS_NONE: u32 = 0;
const NS_XML: u32 = 1;
const NS_XSI: u32 = 2;

impl<'a> XmlReader<'a> {
    /// A reader over `bytes` (UTF-8, an optional BOM is skipped).
    pub fn new(bytes: &'a [u8], options: ReadOptions) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let (input, invalid_utf8) = match std::str::from_utf8(bytes) {
            Ok(s) => (s, None),
            Err(e) => ("", Some(e.valid_up_to())),
        };
        let mut reader = quick_xml::Reader::from_str(input);
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
        let ns_table: Vec<Arc<str>> = vec![Arc::from(""), Arc::from(XML_NS), Arc::from(XSI_NS)];
        let ns_index = ns_table.iter().enumerate().map(|(i, n)| (n.clone(), i as u32)).collect();
        XmlReader {
            input,
            reader,
            options,
            ns_table,
            ns_index,
            bindings: vec![("xml", NS_XML)],
            frames: Vec::new(),
            empty_pending: false,
            started: false,
            just_closed: None,
            invalid_utf8,
            deviations: Vec::new(),
        }
    }

    /// The options in use.
    pub fn options(&self) -> &ReadOptions {
        &self.options
    }

    /// True in strict mode.
    pub fn is_strict(&self) -> bool {
        self.options.strict
    }

    /// Current byte offset in the input.
    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// The path of open elements, e.g. `/Envelope/Body/doXResponse`.
    pub fn path(&self) -> String {
        let mut p = String::new();
        for f in &self.frames {
            p.push('/');
            p.push_str(f.local);
        }
        if p.is_empty() {
            p.push('/');
        }
        p
    }

    /// The current path extended with `local`.
    fn path_with(&self, local: &str) -> String {
        let mut p = self.path();
        if p.len() > 1 {
            p.push('/');
        }
        p.push_str(local);
        p
    }

    /// Records a deviation at the current path.
    pub fn record(&mut self, kind: DeviationKind, detail: impl Into<String>) {
        let path = self.path();
        self.deviations.push(Deviation { path, kind, detail: detail.into() });
    }

    /// Deviations recorded so far.
    pub fn deviations(&self) -> &[Deviation] {
        &self.deviations
    }

    /// Takes the deviations recorded so far.
    pub fn take_deviations(&mut self) -> Vec<Deviation> {
        std::mem::take(&mut self.deviations)
    }

    fn syntax(&self, message: impl Into<String>) -> XmlError {
        XmlError::Syntax { position: self.reader.buffer_position(), message: message.into() }
    }

    /// Reads the next raw event, mapping parser errors.
    fn event(&mut self) -> Result<Event<'a>, XmlError> {
        match self.reader.read_event() {
            Ok(Event::DocType(_)) => Err(XmlError::Dtd),
            Ok(Event::Eof) if !self.frames.is_empty() => Err(XmlError::Eof),
            Ok(ev) => Ok(ev),
            Err(quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(_))) => Err(XmlError::Eof),
            Err(e) => Err(XmlError::Syntax { position: self.reader.error_position(), message: e.to_string() }),
        }
    }

    /// Re-borrows a string slice of an event as a slice of the input (events from a slice reader
    /// always borrow from it).
    fn in_input(&self, s: &str) -> Result<&'a str, XmlError> {
        let base = self.input.as_ptr() as usize;
        let p = s.as_ptr() as usize;
        if p >= base
            && p + s.len() <= base + self.input.len()
            && let Some(sub) = self.input.get(p - base..p - base + s.len())
        {
            return Ok(sub);
        }
        Err(XmlError::Usage("event does not borrow from the input"))
    }

    fn intern(&mut self, uri: &str) -> u32 {
        if let Some(&i) = self.ns_index.get(uri) {
            return i;
        }
        let arc: Arc<str> = Arc::from(uri);
        let i = self.ns_table.len() as u32;
        self.ns_table.push(arc.clone());
        self.ns_index.insert(arc, i);
        i
    }

    fn resolve_prefix(&self, prefix: &str) -> Option<u32> {
        self.bindings.iter().rev().find(|(p, _)| *p == prefix).map(|&(_, i)| i)
    }

    /// Reads up to the document element and returns it. Skips the XML declaration, comments,
    /// processing instructions and whitespace; refuses any DOCTYPE.
    pub fn root(&mut self) -> Result<Element, XmlError> {
        if let Some(pos) = self.invalid_utf8 {
            return Err(XmlError::Syntax { position: pos as u64, message: "input is not valid UTF-8".into() });
        }
        if self.started {
            return Err(XmlError::Usage("root() called twice"));
        }
        self.started = true;
        loop {
            match self.event()? {
                Event::Start(e) => return self.open(e, false),
                Event::Empty(e) => return self.open(e, true),
                Event::Text(t) => {
                    if !super::trim_ws(&t).is_empty() {
                        return Err(self.syntax("text before the document element"));
                    }
                }
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => return Err(XmlError::Eof),
                _ => return Err(self.syntax("content before the document element")),
            }
        }
    }

    /// Processes a start tag: namespace declarations, name resolution, attributes.
    fn open(&mut self, e: BytesStart<'a>, empty: bool) -> Result<Element, XmlError> {
        if self.frames.len() >= self.options.max_depth {
            return Err(XmlError::Depth { limit: self.options.max_depth });
        }
        let scope = self.bindings.len();
        let mut has_other_attrs = false;
        for (n, a) in e.attributes().enumerate() {
            if n >= MAX_ATTRIBUTES {
                // Bounds the parser's quadratic duplicate-attribute check and the bindings stack.
                return Err(self.syntax(format!("more than {MAX_ATTRIBUTES} attributes on one element")));
            }
            let a = a.map_err(|err| self.syntax(err.to_string()))?;
            match a.key.as_namespace_binding() {
                Some(decl) => {
                    let value =
                        a.normalized_value(XmlVersion::Implicit1_0).map_err(|err| self.syntax(err.to_string()))?;
                    let idx = self.intern(&value);
                    let prefix = match decl {
                        PrefixDeclaration::Default => "",
                        PrefixDeclaration::Named(p) => self.in_input(p)?,
                    };
                    if !prefix.is_empty() && idx == NS_NONE {
                        return Err(self.syntax("a prefix cannot be undeclared in XML 1.0"));
                    }
                    self.bindings.push((prefix, idx));
                }
                None => has_other_attrs = true,
            }
        }
        let qname = self.in_input(e.name().0)?;
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", qname),
        };
        let ns = match self.resolve_prefix(prefix) {
            Some(i) => i,
            None if prefix.is_empty() => NS_NONE,
            None => {
                return Err(XmlError::UnboundPrefix {
                    position: self.reader.buffer_position(),
                    prefix: prefix.to_owned(),
                });
            }
        };
        let mut el = Element {
            ns: self.ns_table[ns as usize].clone(),
            local: SmallName::new(local),
            attrs: Vec::new(),
            nil: false,
            empty,
            depth: self.frames.len() as u32 + 1,
            xsi_type: None,
        };
        if has_other_attrs {
            for a in e.attributes() {
                let a = a.map_err(|err| self.syntax(err.to_string()))?;
                if a.key.as_namespace_binding().is_some() {
                    continue;
                }
                let key = a.key.0;
                let (aprefix, alocal) = match key.split_once(':') {
                    Some((p, l)) => (p, l),
                    None => ("", key),
                };
                let ans = if aprefix.is_empty() {
                    NS_NONE
                } else {
                    self.resolve_prefix(aprefix).ok_or_else(|| XmlError::UnboundPrefix {
                        position: self.reader.buffer_position(),
                        prefix: aprefix.to_owned(),
                    })?
                };
                let value = a.normalized_value(XmlVersion::Implicit1_0).map_err(|err| self.syntax(err.to_string()))?;
                if ans == NS_XSI {
                    match alocal {
                        "nil" => el.nil = matches!(super::trim_ws(&value), "true" | "1"),
                        "type" => {
                            let v = super::trim_ws(&value);
                            let (tp, tl) = v.split_once(':').unwrap_or(("", v));
                            let tns = self.resolve_prefix(tp).unwrap_or(NS_NONE);
                            el.xsi_type = Some((self.ns_table[tns as usize].clone(), tl.into()));
                        }
                        _ => {}
                    }
                }
                el.attrs.push(Attr {
                    ns: self.ns_table[ans as usize].clone(),
                    local: alocal.into(),
                    value: value.into_owned().into_boxed_str(),
                });
            }
        }
        self.frames.push(Frame { local, scope });
        self.just_closed = None;
        self.empty_pending = empty;
        Ok(el)
    }

    fn pop(&mut self) {
        if let Some(f) = self.frames.pop() {
            self.bindings.truncate(f.scope);
            self.just_closed = Some(f.local);
        }
        self.empty_pending = false;
    }

    /// Checks that `el` is the current (innermost open) element.
    fn check_current(&self, el: &Element) -> Result<(), XmlError> {
        if el.depth as usize != self.frames.len() {
            return Err(XmlError::Usage("element is not the current element"));
        }
        Ok(())
    }

    /// The next child element of the current element, or `None` once the current element's end
    /// tag has been reached (and consumed). Non-whitespace text between children is recorded as
    /// a deviation.
    pub fn next_child(&mut self) -> Result<Option<Element>, XmlError> {
        if self.frames.is_empty() {
            return Ok(None);
        }
        if self.empty_pending {
            self.pop();
            return Ok(None);
        }
        let mut stray_text = false;
        let result = loop {
            match self.event()? {
                Event::Start(e) => break Some(self.open(e, false)?),
                Event::Empty(e) => break Some(self.open(e, true)?),
                Event::End(_) => {
                    if stray_text {
                        self.record(DeviationKind::UnexpectedText, "unexpected text between elements");
                        stray_text = false;
                    }
                    self.pop();
                    break None;
                }
                Event::Text(t) => stray_text |= !super::trim_ws(&t).is_empty(),
                Event::GeneralRef(_) => stray_text = true,
                Event::CData(c) => stray_text |= !c.is_empty(),
                Event::Comment(_) | Event::PI(_) => {}
                Event::Decl(_) => return Err(self.syntax("misplaced XML declaration")),
                Event::DocType(_) => return Err(XmlError::Dtd),
                Event::Eof => return Err(XmlError::Eof),
            }
        };
        if stray_text {
            // Recorded at the parent's path (the child is already pushed: report its parent).
            let mut path = String::new();
            for f in &self.frames[..self.frames.len().saturating_sub(1)] {
                path.push('/');
                path.push_str(f.local);
            }
            self.deviations.push(Deviation {
                path,
                kind: DeviationKind::UnexpectedText,
                detail: "unexpected text between elements".into(),
            });
        }
        Ok(result)
    }

    /// Resolves an entity or character reference (only the predefined entities exist).
    fn resolve_ref(&self, r: &BytesRef<'a>) -> Result<char, XmlError> {
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) => Ok(c),
                _ => Err(self.syntax("invalid character reference")),
            };
        }
        match &**r {
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "amp" => Ok('&'),
            "apos" => Ok('\''),
            "quot" => Ok('"'),
            _ => Err(self.syntax("undefined entity reference")),
        }
    }

    /// The text content of `el` (references decoded, CDATA included) up to and including its end
    /// tag. Child elements are recorded as a deviation and skipped.
    pub fn text(&mut self, el: &Element) -> Result<Cow<'a, str>, XmlError> {
        self.check_current(el)?;
        if self.empty_pending {
            self.pop();
            return Ok(Cow::Borrowed(""));
        }
        let mut acc: Cow<'a, str> = Cow::Borrowed("");
        fn push<'a>(acc: &mut Cow<'a, str>, piece: Cow<'a, str>) {
            if acc.is_empty() {
                *acc = piece;
            } else {
                acc.to_mut().push_str(&piece);
            }
        }
        loop {
            match self.event()? {
                Event::Text(t) => push(&mut acc, t.xml10_content()),
                Event::CData(c) => push(&mut acc, c.xml10_content()),
                Event::GeneralRef(r) => {
                    let c = self.resolve_ref(&r)?;
                    let mut buf = [0u8; 4];
                    acc.to_mut().push_str(c.encode_utf8(&mut buf));
                }
                Event::End(_) => {
                    self.pop();
                    return Ok(acc);
                }
                Event::Start(e) => {
                    let child = self.open(e, false)?;
                    self.record(DeviationKind::UnexpectedText, "element inside text-only content");
                    self.skip(&child)?;
                }
                Event::Empty(e) => {
                    let child = self.open(e, true)?;
                    self.record(DeviationKind::UnexpectedText, "element inside text-only content");
                    self.pop();
                    drop(child);
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Decl(_) => return Err(self.syntax("misplaced XML declaration")),
                Event::DocType(_) => return Err(XmlError::Dtd),
                Event::Eof => return Err(XmlError::Eof),
            }
        }
    }

    /// Skips `el` (which must be open) with everything inside it, up to and including its end
    /// tag. Iterative; nesting inside still counts against the depth limit.
    pub fn skip(&mut self, el: &Element) -> Result<(), XmlError> {
        let target = (el.depth as usize).saturating_sub(1);
        if self.frames.len() <= target {
            return Ok(());
        }
        if self.empty_pending {
            self.pop();
        }
        let mut nested = 0usize;
        while self.frames.len() > target {
            match self.event()? {
                Event::Start(_) => {
                    nested += 1;
                    if self.frames.len() + nested > self.options.max_depth {
                        return Err(XmlError::Depth { limit: self.options.max_depth });
                    }
                }
                Event::End(_) => {
                    if nested == 0 {
                        self.pop();
                    } else {
                        nested -= 1;
                    }
                }
                Event::Decl(_) => return Err(self.syntax("misplaced XML declaration")),
                Event::Eof => return Err(XmlError::Eof),
                _ => {}
            }
        }
        Ok(())
    }

    /// `el` itself, start and end tags included, as a well-formed fragment on its own (what an
    /// `xs:any` wildcard matched): the start tag is rebuilt with the namespaces in scope declared
    /// on it and its attributes, the content is captured as [`capture_inner`](Self::capture_inner)
    /// does. Consumes everything up to and including `el`'s end tag.
    pub fn capture_outer(&mut self, el: &Element) -> Result<String, XmlError> {
        self.check_current(el)?;
        // The innermost binding of each prefix (the element's own declarations included).
        let mut decls: Vec<(&str, u32)> = Vec::new();
        for &(p, i) in self.bindings.iter().rev() {
            if p != "xml" && !decls.iter().any(|(q, _)| *q == p) {
                decls.push((p, i));
            }
        }
        decls.reverse();
        let ns_of = |i: u32| -> &str { &self.ns_table[i as usize] };
        let prefix = if el.ns.is_empty() {
            Some("")
        } else {
            decls.iter().find(|&&(_, i)| ns_of(i) == el.namespace()).map(|&(p, _)| p)
        };
        let prefix = prefix.ok_or(XmlError::Usage("the element's namespace is not in scope"))?;
        let mut start =
            if prefix.is_empty() { el.local_name().to_owned() } else { format!("{prefix}:{}", el.local_name()) };
        let name = start.clone();
        for &(p, i) in &decls {
            // An unqualified element under a default namespace undeclares it.
            let uri = if p.is_empty() && el.ns.is_empty() { "" } else { ns_of(i) };
            if p.is_empty() {
                start.push_str(" xmlns=\"");
            } else {
                start.push_str(" xmlns:");
                start.push_str(p);
                start.push_str("=\"");
            }
            start.push_str(&escape_attr_string(uri));
            start.push('"');
        }
        for a in &el.attrs {
            start.push(' ');
            if !a.ns.is_empty() {
                let p = if &*a.ns == XML_NS {
                    Some("xml")
                } else {
                    decls.iter().find(|&&(p, i)| !p.is_empty() && ns_of(i) == &*a.ns).map(|&(p, _)| p)
                };
                start.push_str(p.ok_or(XmlError::Usage("an attribute's namespace is not in scope"))?);
                start.push(':');
            }
            start.push_str(&a.local);
            start.push_str("=\"");
            start.push_str(&escape_attr_string(&a.value));
            start.push('"');
        }
        let inner = self.capture_inner(el)?;
        Ok(format!("<{start}>{inner}</{name}>"))
    }

    /// Captures the inner XML of `el` verbatim (up to and including its end tag), adding
    /// declarations of the namespaces in scope to its top-level elements so that the fragment is
    /// well-formed on its own.
    pub fn capture_inner(&mut self, el: &Element) -> Result<String, XmlError> {
        self.check_current(el)?;
        if self.empty_pending {
            self.pop();
            return Ok(String::new());
        }
        // Namespace declarations to add: the innermost binding of each prefix.
        let mut decls: Vec<(&'a str, u32)> = Vec::new();
        for &(p, i) in self.bindings.iter().rev() {
            if p != "xml" && !decls.iter().any(|(q, _)| *q == p) {
                decls.push((p, i));
            }
        }
        decls.retain(|&(p, i)| !(p.is_empty() && i == NS_NONE));
        decls.reverse();
        let start = self.reader.buffer_position() as usize;
        let mut out = String::new();
        let mut cursor = start;
        let mut nested = 0usize;
        loop {
            let before = self.reader.buffer_position() as usize;
            match self.event()? {
                ev @ (Event::Start(_) | Event::Empty(_)) => {
                    let (e, is_start) = match ev {
                        Event::Start(e) => (e, true),
                        Event::Empty(e) => (e, false),
                        _ => unreachable!(),
                    };
                    if nested == 0 {
                        let insert = before + 1 + e.name().0.len();
                        out.push_str(self.input.get(cursor..insert).unwrap_or_default());
                        cursor = insert;
                        let own: Vec<&str> = e
                            .attributes()
                            .flatten()
                            .filter_map(|a| match a.key.as_namespace_binding() {
                                Some(PrefixDeclaration::Default) => Some(""),
                                Some(PrefixDeclaration::Named(p)) => self.in_input(p).ok(),
                                None => None,
                            })
                            .collect();
                        for &(p, i) in &decls {
                            if own.contains(&p) {
                                continue;
                            }
                            if p.is_empty() {
                                out.push_str(" xmlns=\"");
                            } else {
                                out.push_str(" xmlns:");
                                out.push_str(p);
                                out.push_str("=\"");
                            }
                            out.push_str(&escape_attr_string(&self.ns_table[i as usize]));
                            out.push('"');
                        }
                    }
                    if is_start {
                        nested += 1;
                        if self.frames.len() + nested > self.options.max_depth {
                            return Err(XmlError::Depth { limit: self.options.max_depth });
                        }
                    }
                }
                Event::End(_) => {
                    if nested == 0 {
                        out.push_str(self.input.get(cursor..before).unwrap_or_default());
                        self.pop();
                        return Ok(out);
                    }
                    nested -= 1;
                }
                Event::Decl(_) => return Err(self.syntax("misplaced XML declaration")),
                Event::Eof => return Err(XmlError::Eof),
                _ => {}
            }
        }
    }

    /// The namespaces in scope (including those declared on the current element).
    pub fn namespace_scope(&self) -> NamespaceScope {
        NamespaceScope {
            bindings: self.bindings.iter().map(|&(p, i)| (p.to_owned(), self.ns_table[i as usize].clone())).collect(),
        }
    }

    /// Reads `el` as a `T`. `xsi:nil="true"` on it is a deviation (the element is skipped and
    /// `T::default()` returned).
    pub fn read<T: FromXml + Default>(&mut self, el: &Element) -> Result<T, XmlError> {
        if el.is_nil() {
            self.record(DeviationKind::NilNotAllowed, "nil for a non-nillable element");
            self.skip(el)?;
            return Ok(T::default());
        }
        T::read_xml(self, el)
    }

    /// Reads a nillable element.
    pub fn read_nillable<T: FromXml + Default>(&mut self, el: &Element) -> Result<Nillable<T>, XmlError> {
        if el.is_nil() {
            self.skip(el)?;
            return Ok(Nillable::Nil);
        }
        T::read_xml(self, el).map(Nillable::Value)
    }

    /// Reads an element that may occur at most once into `slot` (a second occurrence is a
    /// deviation; the last one is kept).
    pub fn read_once<T: FromXml + Default>(&mut self, el: &Element, slot: &mut Option<T>) -> Result<(), XmlError> {
        if slot.is_some() {
            self.record(DeviationKind::Duplicate, format!("duplicate element {}", el.local_name()));
        }
        *slot = Some(self.read(el)?);
        Ok(())
    }

    /// [`read_once`](Self::read_once) for a nillable element.
    pub fn read_once_nillable<T: FromXml + Default>(
        &mut self,
        el: &Element,
        slot: &mut Option<Nillable<T>>,
    ) -> Result<(), XmlError> {
        if slot.is_some() {
            self.record(DeviationKind::Duplicate, format!("duplicate element {}", el.local_name()));
        }
        *slot = Some(self.read_nillable(el)?);
        Ok(())
    }

    /// Unwraps a required element's slot; `None` records "missing required element `name`" and
    /// gives `T::default()`. Call it right after the parent's children loop ended: the path then
    /// names the parent (whose end tag was just consumed).
    pub fn required<T: Default>(&mut self, slot: Option<T>, name: &'static str) -> T {
        match slot {
            Some(v) => v,
            None => {
                let path = match self.just_closed {
                    Some(l) => self.path_with(l),
                    None => self.path(),
                };
                self.deviations.push(Deviation {
                    path,
                    kind: DeviationKind::Missing,
                    detail: format!("missing required element {name}"),
                });
                T::default()
            }
        }
    }

    /// Skips an element not expected here, recording a deviation.
    pub fn unexpected(&mut self, el: &Element) -> Result<(), XmlError> {
        let detail = if el.namespace().is_empty() {
            format!("unexpected element {}", el.local_name())
        } else {
            format!("unexpected element {{{}}}{}", el.namespace(), el.local_name())
        };
        self.record(DeviationKind::Unexpected, detail);
        self.skip(el)
    }

    /// Reports a scalar of `el` that could not be parsed: an error in strict mode, a
    /// [`DeviationKind::BadValue`] deviation otherwise. Call after the text was read.
    pub fn bad_value(&mut self, el: &Element, err: &ValueError) -> Result<(), XmlError> {
        let path = if self.frames.len() < el.depth as usize { self.path_with(el.local_name()) } else { self.path() };
        if self.options.strict {
            return Err(XmlError::Value { path, message: err.message.clone() });
        }
        self.deviations.push(Deviation { path, kind: DeviationKind::BadValue, detail: err.message.clone() });
        Ok(())
    }

    /// Consumes the rest of the document (elements still open are checked for well-formedness;
    /// their remaining children are recorded as unexpected) and returns the deviations. In strict
    /// mode any deviation makes this an error.
    pub fn finish(mut self) -> Result<Vec<Deviation>, XmlError> {
        if !self.started {
            let root = self.root()?;
            self.skip(&root)?;
        }
        while !self.frames.is_empty() {
            if let Some(el) = self.next_child()? {
                self.unexpected(&el)?;
            }
        }
        loop {
            match self.reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Text(t)) if super::trim_ws(&t).is_empty() => {}
                Ok(Event::Comment(_) | Event::PI(_)) => {}
                Ok(Event::DocType(_)) => return Err(XmlError::Dtd),
                Ok(_) => return Err(self.syntax("content after the document element")),
                Err(e) => {
                    return Err(XmlError::Syntax { position: self.reader.error_position(), message: e.to_string() });
                }
            }
        }
        if self.options.strict && !self.deviations.is_empty() {
            return Err(XmlError::Deviations(self.deviations));
        }
        Ok(self.deviations)
    }
}
