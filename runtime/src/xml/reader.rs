//! A streaming, namespace-aware XML reader over a byte slice.
//!
//! Nothing here recurses: nesting depth only grows a `Vec` of frames, bounded by
//! [`ReadOptions::max_depth`]. DOCTYPE declarations are refused outright.

use std::borrow::Cow;
use std::sync::Arc;

use super::element::{Attr, Element};
use super::error::{Deviation, DeviationKind, XmlError};
use super::lexer::{LexError, Lexer, Tag, Token, decode_attr, decode_cdata, decode_text};
use super::names::{Known, Names};
use super::scan;
use super::writer::{XML_NS, XSI_NS};

mod capture;
mod child;

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
    /// The tag name as written (`p:local`): the end tag must repeat it.
    qname: &'a str,
    /// `bindings.len()` before the element's own declarations.
    scope: usize,
}

impl<'a> Frame<'a> {
    /// The local name (for paths: not kept, a frame is pushed and popped for every element).
    fn local(&self) -> &'a str {
        super::split_qname(self.qname).1
    }
}

/// A streaming XML reader over `&'a [u8]` (UTF-8), namespace-aware, with a depth limit.
///
/// Typical use: [`root`](Self::root), then [`next_child_start`](Self::next_child_start) in a
/// loop, matching each child with [`child_is`](Self::child_is) and reading it in place with
/// [`read_once_child`](Self::read_once_child) and the other `*_child` methods, or skipping it with
/// [`unexpected_child`](Self::unexpected_child) (generated readers do this; `reader/child.rs`),
/// and finally [`finish`](Self::finish). [`next_child`](Self::next_child) returns each child as
/// an [`Element`] instead, read with [`read`](Self::read) and the other methods taking one.
pub struct XmlReader<'a> {
    lexer: Lexer<'a>,
    options: ReadOptions,
    /// In-scope prefix bindings (prefix "" = default namespace; URI "" = undeclared), innermost
    /// last.
    bindings: Vec<(&'a str, Cow<'a, str>)>,
    /// The last prefix resolved and its namespace, while `bindings` is unchanged: most elements
    /// use the prefix of their parent. Only namespaces written without references (borrowed
    /// from the input) are kept here.
    last_prefix: Option<(&'a str, &'a str)>,
    /// Plain start tags read before under the current bindings (`names.rs`).
    names: Names<'a>,
    /// Scratch: the attribute names of the tag being read (duplicate check).
    attr_names: Vec<&'a str>,
    frames: Vec<Frame<'a>>,
    /// The current element was self-closing and its (virtual) end has not been consumed.
    empty_pending: bool,
    started: bool,
    /// Name (as written) of the element whose end was consumed last (cleared by a start tag).
    just_closed: Option<&'a str>,
    /// The child [`next_child_start`](Self::next_child_start) opened last, kept here rather than
    /// returned (generated readers match and read it in place: `child.rs`); [`Element::TAKEN`]
    /// once [`take_child`](Self::take_child) moved it out.
    child: Element<'a>,
    invalid_utf8: Option<usize>,
    deviations: Vec<Deviation>,
}

impl std::fmt::Debug for XmlReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlReader")
            .field("position", &self.position())
            .field("path", &self.path())
            .field("deviations", &self.deviations.len())
            .finish()
    }
}

/// Attributes (namespace declarations included) allowed on one element.
pub const MAX_ATTRIBUTES: usize = 256;

fn lex(e: LexError) -> XmlError {
    XmlError::Syntax { position: e.position as u64, message: e.message.to_owned() }
}

impl<'a> XmlReader<'a> {
    /// A reader over `bytes` (UTF-8, an optional BOM is skipped).
    pub fn new(bytes: &'a [u8], options: ReadOptions) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let (input, invalid_utf8) = match std::str::from_utf8(bytes) {
            Ok(s) => (s, None),
            Err(e) => ("", Some(e.valid_up_to())),
        };
        XmlReader {
            lexer: Lexer::new(input),
            options,
            bindings: vec![("xml", Cow::Borrowed(XML_NS))],
            last_prefix: None,
            names: Names::default(),
            attr_names: Vec::new(),
            frames: Vec::new(),
            empty_pending: false,
            started: false,
            just_closed: None,
            child: Element::TAKEN,
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
        self.lexer.position() as u64
    }

    /// The path of open elements, e.g. `/Envelope/Body/doXResponse`.
    pub fn path(&self) -> String {
        let mut p = String::new();
        for f in &self.frames {
            p.push('/');
            p.push_str(f.local());
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
        XmlError::Syntax { position: self.position(), message: message.into() }
    }

    /// The next token; a DOCTYPE is refused, the end of input inside an element is
    /// [`XmlError::Eof`].
    fn token(&mut self) -> Result<Token<'a>, XmlError> {
        match self.lexer.next_token() {
            Ok(Token::DocType) => Err(XmlError::Dtd),
            Ok(Token::Eof) if !self.frames.is_empty() => Err(XmlError::Eof),
            Ok(t) => Ok(t),
            Err(e) if e.position >= self.lexer.input().len() => Err(XmlError::Eof),
            Err(e) => Err(lex(e)),
        }
    }

    fn resolve_prefix(&self, prefix: &str) -> Option<&Cow<'a, str>> {
        self.bindings.iter().rev().find(|(p, _)| super::same(p, prefix)).map(|(_, ns)| ns)
    }

    /// The namespace of a (tag or attribute) prefix: unprefixed names of tags take the default
    /// namespace, unprefixed attributes none.
    fn namespace_of(&mut self, prefix: &'a str, tag: bool) -> Result<Cow<'a, str>, XmlError> {
        if prefix.is_empty() && !tag {
            return Ok(Cow::Borrowed(""));
        }
        if let Some((p, ns)) = self.last_prefix
            && super::same(p, prefix)
        {
            return Ok(Cow::Borrowed(ns));
        }
        match self.resolve_prefix(prefix) {
            Some(ns) => {
                let ns = ns.clone();
                if let Cow::Borrowed(uri) = ns {
                    self.last_prefix = Some((prefix, uri));
                }
                Ok(ns)
            }
            None if prefix.is_empty() => Ok(Cow::Borrowed("")),
            None => Err(XmlError::UnboundPrefix { position: self.position(), prefix: prefix.to_owned() }),
        }
    }

    /// Reads up to the document element and returns it. Skips the XML declaration, comments,
    /// processing instructions and whitespace; refuses any DOCTYPE.
    pub fn root(&mut self) -> Result<Element<'a>, XmlError> {
        if let Some(pos) = self.invalid_utf8 {
            return Err(XmlError::Syntax { position: pos as u64, message: "input is not valid UTF-8".into() });
        }
        if self.started {
            return Err(XmlError::Usage("root() called twice"));
        }
        self.started = true;
        loop {
            match self.token()? {
                Token::Start(t) => return self.open(t, false),
                Token::Empty(t) => return self.open(t, true),
                Token::Text(t) => {
                    if !super::trim_ws(t).is_empty() {
                        return Err(self.syntax("text before the document element"));
                    }
                }
                Token::Decl | Token::Comment | Token::Pi => {}
                Token::Eof => return Err(XmlError::Eof),
                _ => return Err(self.syntax("content before the document element")),
            }
        }
    }

    /// Processes a start tag: namespace declarations, name resolution, attributes. Inlined: the
    /// element it returns is then built in place, not copied out (a measured 5 % of a parse).
    #[inline(always)]
    fn open(&mut self, tag: Tag<'a>, empty: bool) -> Result<Element<'a>, XmlError> {
        if self.frames.len() >= self.options.max_depth {
            return Err(XmlError::Depth { limit: self.options.max_depth });
        }
        let scope = self.bindings.len();
        let mut others = false;
        if !tag.attrs.is_empty() {
            // Reused from element to element: no allocation per tag for the duplicate check.
            let mut names = std::mem::take(&mut self.attr_names);
            names.clear();
            for a in self.lexer.attributes(&tag) {
                let (name, raw) = a.map_err(lex)?;
                if names.len() >= MAX_ATTRIBUTES {
                    // Bounds the duplicate check (quadratic) and the bindings stack.
                    return Err(self.syntax(format!("more than {MAX_ATTRIBUTES} attributes on one element")));
                }
                if names.contains(&name) {
                    return Err(XmlError::Syntax {
                        position: self.lexer.tag_start(&tag) as u64,
                        message: format!("duplicate attribute {name}"),
                    });
                }
                names.push(name);
                let prefix = if name == "xmlns" { Some("") } else { name.strip_prefix("xmlns:") };
                match prefix {
                    Some(p) => {
                        let uri = decode_attr(raw, self.lexer.offset_of(raw)).map_err(lex)?;
                        if !p.is_empty() && uri.is_empty() {
                            return Err(self.syntax("a prefix cannot be undeclared in XML 1.0"));
                        }
                        if name != "xmlns" && (!super::valid_qname("", p, false) || p == "xmlns") {
                            return Err(self.syntax(format!("malformed namespace prefix {p}")));
                        }
                        if (p == "xml") != (uri == XML_NS) {
                            return Err(self.syntax("the xml prefix and its namespace go together"));
                        }
                        self.bindings.push((p, uri));
                        self.bindings_changed();
                    }
                    None => others = true,
                }
            }
            self.attr_names = names;
        }
        let (prefix, local) = super::split_qname(tag.name);
        if !super::valid_qname(prefix, local, local.len() != tag.name.len()) {
            return Err(self.syntax(format!("malformed element name {}", tag.name)));
        }
        let mut el = Element::new(self.namespace_of(prefix, true)?, local, empty, self.frames.len() as u32 + 1);
        if others {
            let extra = el.extra.get_or_insert_with(Box::default);
            for a in self.lexer.attributes(&tag) {
                let (key, raw) = a.map_err(lex)?;
                if key == "xmlns" || key.starts_with("xmlns:") {
                    continue;
                }
                let (aprefix, alocal) = super::split_qname(key);
                if !super::valid_qname(aprefix, alocal, alocal.len() != key.len()) {
                    return Err(self.syntax(format!("malformed attribute name {key}")));
                }
                let ns = self.namespace_of(aprefix, false)?;
                let value = decode_attr(raw, self.lexer.offset_of(raw)).map_err(lex)?;
                if ns == XSI_NS {
                    match alocal {
                        "nil" => el.nil = matches!(super::trim_ws(&value), "true" | "1"),
                        "type" => {
                            let v = super::trim_ws(&value);
                            let (tp, tl) = v.split_once(':').unwrap_or(("", v));
                            let tns = self.resolve_prefix(tp).cloned().unwrap_or(Cow::Borrowed(""));
                            extra.xsi_type = Some((tns, Cow::Owned(tl.to_owned())));
                        }
                        _ => {}
                    }
                }
                extra.attrs.push(Attr { ns, local: alocal, value });
            }
        }
        self.frames.push(Frame { qname: tag.name, scope });
        self.just_closed = None;
        self.empty_pending = empty;
        Ok(el)
    }

    /// What was resolved under the previous bindings no longer holds.
    #[inline]
    fn bindings_changed(&mut self) {
        self.last_prefix = None;
        self.names.invalidate();
    }

    #[inline(always)]
    fn pop(&mut self) {
        if let Some(f) = self.frames.pop() {
            if f.scope < self.bindings.len() {
                self.bindings.truncate(f.scope);
                self.bindings_changed();
            }
            self.just_closed = Some(f.qname);
        }
        self.empty_pending = false;
    }

    /// An end tag: it must close the innermost open element.
    fn close(&mut self, name: &str) -> Result<(), XmlError> {
        match self.frames.last() {
            Some(f) if super::same(f.qname, name) => {
                self.pop();
                Ok(())
            }
            Some(f) => Err(self.syntax(format!("end tag </{name}> does not match <{}>", f.qname))),
            None => Err(self.syntax(format!("end tag </{name}> without a start tag"))),
        }
    }

    /// Offset past the end tag of the current element when it is at `at`, written exactly as its
    /// start tag's name (the fast path; `scan::end_tag`).
    #[inline(always)]
    fn end_of_current(&self, at: usize) -> Option<usize> {
        let f = self.frames.last()?;
        scan::end_tag(self.lexer.input().as_bytes(), at, f.qname.as_bytes())
    }

    /// [`open`](Self::open) for a start tag `scan::plain_tag` recognized at `at`: a valid name, no
    /// attributes, so nothing to declare, check or decode. The element becomes the current child.
    /// The caller checked the depth limit.
    #[inline(always)]
    fn open_plain(&mut self, at: usize, tag: scan::PlainTag) -> Result<(), XmlError> {
        let input = self.lexer.input();
        let qname = input.get(at + 1..tag.name_end).unwrap_or_default();
        let prefix_len = tag.colon.saturating_sub(at + 1);
        let local = if tag.colon > 0 { qname.get(prefix_len + 1..).unwrap_or_default() } else { qname };
        // The prefix of the previous element, most of the time: compared as bytes, no slicing.
        let depth = self.frames.len() as u32 + 1;
        self.child = match self.last_prefix {
            Some((p, ns)) if scan::same_short(p.as_bytes(), qname.as_bytes().get(..prefix_len).unwrap_or_default()) => {
                Element { ns, local, extra: None, nil: false, empty: tag.empty, depth }
            }
            _ => Element::new(
                self.namespace_of(qname.get(..prefix_len).unwrap_or_default(), true)?,
                local,
                tag.empty,
                depth,
            ),
        };
        if self.child.extra.is_none() {
            self.names.insert(qname, local, self.child.ns);
        }
        self.frames.push(Frame { qname, scope: self.bindings.len() });
        self.just_closed = None;
        self.empty_pending = tag.empty;
        Ok(())
    }

    /// [`open_plain`](Self::open_plain) for a start tag read before (`names.rs`): its name is
    /// known, checked and resolved. The caller checked the depth limit.
    #[inline(always)]
    fn open_known(&mut self, known: Known<'a>, empty: bool) {
        let depth = self.frames.len() as u32 + 1;
        self.child = Element { ns: known.ns, local: known.local, extra: None, nil: false, empty, depth };
        self.frames.push(Frame { qname: known.qname, scope: self.bindings.len() });
        self.just_closed = None;
        self.empty_pending = empty;
    }

    /// Checks that `el` is the current (innermost open) element.
    #[inline(always)]
    fn check_current(&self, el: &Element<'_>) -> Result<(), XmlError> {
        if el.depth == 0 || el.depth as usize != self.frames.len() {
            return Err(XmlError::Usage("element is not the current element"));
        }
        Ok(())
    }

    /// The next child element of the current element, or `None` once the current element's end
    /// tag has been reached (and consumed). Non-whitespace text between children is recorded as
    /// a deviation. [`next_child_start`](Self::next_child_start) with the child kept in the reader
    /// instead of returned.
    #[inline]
    pub fn next_child(&mut self) -> Result<Option<Element<'a>>, XmlError> {
        Ok(if self.next_child_start()? { Some(self.take_child()) } else { None })
    }

    /// Opens the next child element of the innermost open element and keeps it as the current
    /// child ([`child`](Self::child), [`child_is`](Self::child_is), the `*_child` methods): `true`;
    /// or consumes that element's end tag: `false`. Non-whitespace text between children is
    /// recorded as a deviation.
    ///
    /// Inlined into the generated readers' loops: this is most of what a parse does.
    #[inline(always)]
    pub fn next_child_start(&mut self) -> Result<bool, XmlError> {
        // Fast paths (scan.rs), inside an open element that is not self-closing: whitespace, then
        // the element's end tag or a start tag without attributes within the depth limit.
        // Anything else is read again from the same position by the general path.
        let depth = self.frames.len();
        if !self.empty_pending && depth != 0 {
            let b = self.lexer.input().as_bytes();
            let at = scan::skip_ws(b, self.lexer.position());
            if b.get(at) == Some(&b'<') {
                if b.get(at + 1) == Some(&b'/') {
                    if let Some(next) = self.end_of_current(at) {
                        self.lexer.seek(next);
                        self.pop();
                        return Ok(false);
                    }
                } else if depth < self.options.max_depth {
                    if let Some((known, next, empty)) = self.names.lookup(b, at) {
                        self.lexer.seek(next);
                        self.open_known(known, empty);
                        return Ok(true);
                    }
                    if let Some(tag) = scan::plain_tag(b, at) {
                        self.lexer.seek(tag.next);
                        self.open_plain(at, tag)?;
                        return Ok(true);
                    }
                }
            }
        }
        self.next_child_general()
    }

    /// [`next_child_start`](Self::next_child_start) through the lexer: the end of a
    /// self-closing element, text, comments, attributes, the limits and the errors.
    #[inline(never)]
    fn next_child_general(&mut self) -> Result<bool, XmlError> {
        if self.frames.is_empty() {
            return Ok(false);
        }
        if self.empty_pending {
            self.pop();
            return Ok(false);
        }
        let mut stray_text = false;
        let opened = loop {
            match self.token()? {
                Token::Start(t) => {
                    self.child = self.open(t, false)?;
                    break true;
                }
                Token::Empty(t) => {
                    self.child = self.open(t, true)?;
                    break true;
                }
                Token::End(name) => {
                    if stray_text {
                        self.record(DeviationKind::UnexpectedText, "unexpected text between elements");
                        stray_text = false;
                    }
                    self.close(name)?;
                    break false;
                }
                Token::Text(t) => {
                    if !t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
                        // Recorded, not read; its references must still be valid XML.
                        decode_text(t, self.lexer.offset_of(t)).map_err(lex)?;
                        stray_text = true;
                    }
                }
                Token::CData(c) => stray_text |= !c.is_empty(),
                Token::Comment | Token::Pi => {}
                Token::Decl => return Err(self.syntax("misplaced XML declaration")),
                Token::DocType => return Err(XmlError::Dtd),
                Token::Eof => return Err(XmlError::Eof),
            }
        };
        if stray_text {
            // Recorded at the parent's path (the child is already pushed: report its parent).
            let mut path = String::new();
            for f in &self.frames[..self.frames.len().saturating_sub(1)] {
                path.push('/');
                path.push_str(f.local());
            }
            self.deviations.push(Deviation {
                path,
                kind: DeviationKind::UnexpectedText,
                detail: "unexpected text between elements".into(),
            });
        }
        Ok(opened)
    }

    /// The text content of `el` (references decoded, CDATA included) up to and including its end
    /// tag. Child elements are recorded as a deviation and skipped.
    #[inline]
    pub fn text(&mut self, el: &Element<'_>) -> Result<Cow<'a, str>, XmlError> {
        self.check_current(el)?;
        self.text_of_open()
    }

    /// [`text`](Self::text) of the innermost open element.
    #[inline(always)]
    fn text_of_open(&mut self) -> Result<Cow<'a, str>, XmlError> {
        if self.empty_pending {
            self.pop();
            return Ok(Cow::Borrowed(""));
        }
        // Fast path: one run of text (maybe none) and the element's end tag.
        let input = self.lexer.input();
        let start = self.lexer.position();
        let (end, special) = scan::text_run(input.as_bytes(), start);
        if let Some(next) = self.end_of_current(end) {
            let raw = input.get(start..end).unwrap_or_default();
            let text = if special { decode_text(raw, start).map_err(lex)? } else { Cow::Borrowed(raw) };
            self.lexer.seek(next);
            self.pop();
            return Ok(text);
        }
        self.text_general()
    }

    /// [`text`](Self::text) through the lexer: several pieces, CDATA, comments, child elements.
    #[inline(never)]
    fn text_general(&mut self) -> Result<Cow<'a, str>, XmlError> {
        let mut acc: Cow<'a, str> = Cow::Borrowed("");
        fn push<'a>(acc: &mut Cow<'a, str>, piece: Cow<'a, str>) {
            if acc.is_empty() {
                *acc = piece;
            } else {
                acc.to_mut().push_str(&piece);
            }
        }
        loop {
            let at = self.lexer.position();
            match self.token()? {
                Token::Text(t) => push(&mut acc, decode_text(t, at).map_err(lex)?),
                Token::CData(c) => push(&mut acc, decode_cdata(c)),
                Token::End(name) => {
                    self.close(name)?;
                    return Ok(acc);
                }
                Token::Start(t) => {
                    let child = self.open(t, false)?;
                    self.record(DeviationKind::UnexpectedText, "element inside text-only content");
                    self.skip(&child)?;
                }
                Token::Empty(t) => {
                    self.open(t, true)?;
                    self.record(DeviationKind::UnexpectedText, "element inside text-only content");
                    self.pop();
                }
                Token::Comment | Token::Pi => {}
                Token::Decl => return Err(self.syntax("misplaced XML declaration")),
                Token::DocType => return Err(XmlError::Dtd),
                Token::Eof => return Err(XmlError::Eof),
            }
        }
    }

    /// Skips `el` (which must be open) with everything inside it, up to and including its end
    /// tag. Iterative. What is skipped is still read as XML (depth limit, matching end tags,
    /// attributes, namespace prefixes, references): a malformed document is refused whatever
    /// part of it the caller wanted.
    pub fn skip(&mut self, el: &Element<'_>) -> Result<(), XmlError> {
        self.skip_to(el.depth)
    }

    /// [`skip`](Self::skip) of the element at `depth`.
    fn skip_to(&mut self, depth: u32) -> Result<(), XmlError> {
        if depth == 0 {
            return Err(XmlError::Usage("no element to skip (the child was taken)"));
        }
        let target = depth as usize - 1;
        if self.frames.len() <= target {
            return Ok(());
        }
        if self.empty_pending {
            self.pop();
        }
        while self.frames.len() > target {
            let at = self.lexer.position();
            match self.token()? {
                Token::Start(t) => {
                    self.open(t, false)?;
                }
                Token::Empty(t) => {
                    self.open(t, true)?;
                    self.pop();
                }
                Token::End(name) => self.close(name)?,
                Token::Text(t) => {
                    decode_text(t, at).map_err(lex)?;
                }
                Token::Decl => return Err(self.syntax("misplaced XML declaration")),
                Token::Eof => return Err(XmlError::Eof),
                Token::CData(_) | Token::Comment | Token::Pi | Token::DocType => {}
            }
        }
        Ok(())
    }

    /// The namespaces in scope (including those declared on the current element).
    pub fn namespace_scope(&self) -> NamespaceScope {
        NamespaceScope { bindings: self.bindings.iter().map(|(p, ns)| ((*p).to_owned(), Arc::from(&**ns))).collect() }
    }

    /// Unwraps a required element's slot; `None` records "missing required element `name`" and
    /// gives `T::default()`. Call it right after the parent's children loop ended: the path then
    /// names the parent (whose end tag was just consumed).
    #[inline]
    pub fn required<T: Default>(&mut self, slot: Option<T>, name: &'static str) -> T {
        match slot {
            Some(v) => v,
            None => {
                let path = match self.just_closed {
                    Some(q) => self.path_with(super::split_qname(q).1),
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

    /// [`required`](Self::required) for an element of a run of siblings that ended at `ahead`,
    /// the parent's next child, already opened: the deviation names the parent, not `ahead`.
    pub fn required_before<T: Default>(&mut self, slot: Option<T>, name: &'static str, ahead: Option<&Element>) -> T {
        match (slot, ahead) {
            (None, Some(el)) if el.depth as usize == self.frames.len() => {
                let mut path = String::new();
                for f in &self.frames[..self.frames.len().saturating_sub(1)] {
                    path.push('/');
                    path.push_str(f.local());
                }
                let detail = format!("missing required element {name}");
                self.deviations.push(Deviation { path, kind: DeviationKind::Missing, detail });
                T::default()
            }
            (slot, _) => self.required(slot, name),
        }
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
            if self.next_child_start()? {
                self.unexpected_child()?;
            }
        }
        loop {
            match self.lexer.next_token() {
                Ok(Token::Eof) => break,
                Ok(Token::Text(t)) if super::trim_ws(t).is_empty() => {}
                Ok(Token::Comment | Token::Pi) => {}
                Ok(Token::DocType) => return Err(XmlError::Dtd),
                Ok(_) => return Err(self.syntax("content after the document element")),
                Err(e) => return Err(lex(e)),
            }
        }
        if self.options.strict && !self.deviations.is_empty() {
            return Err(XmlError::Deviations(self.deviations));
        }
        Ok(self.deviations)
    }
}
