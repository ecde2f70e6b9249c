//! `xs:base64Binary`, `xs:hexBinary` and `xs:QName` values.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{NamespaceScope, SimpleValue, ValueError, XmlWriter, trim_ws};

/// `xs:base64Binary`: the decoded octets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64Binary(pub Vec<u8>);

impl Base64Binary {
    /// Decodes a base64 lexical form (whitespace inside is allowed).
    pub fn new(text: &str) -> Result<Self, ValueError> {
        let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n')).collect();
        STANDARD
            .decode(compact.as_bytes())
            .map(Base64Binary)
            .map_err(|_| ValueError::new("not a valid xs:base64Binary"))
    }
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    /// The canonical lexical form.
    pub fn encode(&self) -> String {
        STANDARD.encode(&self.0)
    }
}

impl From<Vec<u8>> for Base64Binary {
    fn from(v: Vec<u8>) -> Self {
        Base64Binary(v)
    }
}

impl std::str::FromStr for Base64Binary {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        Self::new(s)
    }
}

impl fmt::Display for Base64Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl SimpleValue for Base64Binary {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.encode())
    }
    fn from_text(text: &str) -> Result<Self, ValueError> {
        Self::new(text)
    }
    fn facet_length(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// `xs:hexBinary`: the decoded octets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct HexBinary(pub Vec<u8>);

impl HexBinary {
    /// Decodes a hex lexical form (either case).
    pub fn new(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text).as_bytes();
        if !s.len().is_multiple_of(2) {
            return Err(ValueError::new("not a valid xs:hexBinary"));
        }
        let nib = |c: u8| -> Option<u8> {
            match c {
                b'0'..=b'9' => Some(c - b'0'),
                b'a'..=b'f' => Some(c - b'a' + 10),
                b'A'..=b'F' => Some(c - b'A' + 10),
                _ => None,
            }
        };
        s.chunks_exact(2)
            .map(|p| Some(nib(p[0])? << 4 | nib(p[1])?))
            .collect::<Option<Vec<u8>>>()
            .map(HexBinary)
            .ok_or_else(|| ValueError::new("not a valid xs:hexBinary"))
    }
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    /// The canonical (upper-case) lexical form.
    pub fn encode(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut s = String::with_capacity(self.0.len() * 2);
        for &b in &self.0 {
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
        s
    }
}

impl From<Vec<u8>> for HexBinary {
    fn from(v: Vec<u8>) -> Self {
        HexBinary(v)
    }
}

impl std::str::FromStr for HexBinary {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        Self::new(s)
    }
}

impl fmt::Display for HexBinary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl SimpleValue for HexBinary {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.encode())
    }
    fn from_text(text: &str) -> Result<Self, ValueError> {
        Self::new(text)
    }
    fn facet_length(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// `xs:QName`: namespace URI and local name, plus the lexical `prefix:local` as read.
///
/// Equality and hashing use (namespace, local name) only. When read from a document, the prefix
/// is resolved against the namespaces in scope at the element; when written, the namespace gets
/// a prefix in scope (declared on the element if needed).
#[derive(Debug, Clone, Default)]
pub struct QNameValue {
    text: String,
    ns: String,
}

fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{b7}'))
}

impl QNameValue {
    /// Parses `prefix:local` or `local` without resolving the prefix (namespace left empty).
    pub fn new(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text);
        let ok = match s.split_once(':') {
            Some((p, l)) => is_ncname(p) && is_ncname(l),
            None => is_ncname(s),
        };
        if !ok {
            return Err(ValueError::new("not a valid xs:QName"));
        }
        Ok(QNameValue { text: s.to_owned(), ns: String::new() })
    }

    /// A resolved QName `{ns}local` (the prefix is chosen when writing).
    pub fn resolved(ns: &str, local: &str) -> Self {
        QNameValue { text: local.to_owned(), ns: ns.to_owned() }
    }

    /// The namespace URI (empty: none or unresolved).
    pub fn namespace(&self) -> &str {
        &self.ns
    }

    /// The local name.
    pub fn local_name(&self) -> &str {
        self.text.split_once(':').map_or(&self.text, |(_, l)| l)
    }

    /// The prefix as read (empty when none).
    pub fn prefix(&self) -> &str {
        self.text.split_once(':').map_or("", |(p, _)| p)
    }

    /// The lexical form as read (`prefix:local`).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl PartialEq for QNameValue {
    fn eq(&self, other: &Self) -> bool {
        self.ns == other.ns && self.local_name() == other.local_name()
    }
}

impl Eq for QNameValue {}

impl Hash for QNameValue {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ns.hash(state);
        self.local_name().hash(state);
    }
}

impl std::str::FromStr for QNameValue {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        Self::new(s)
    }
}

impl fmt::Display for QNameValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl SimpleValue for QNameValue {
    const NEEDS_NAMESPACES: bool = true;

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.text)
    }

    fn from_text(text: &str) -> Result<Self, ValueError> {
        Self::new(text)
    }

    fn from_text_in_scope(text: &str, scope: &NamespaceScope) -> Result<Self, ValueError> {
        let mut q = Self::new(text)?;
        let prefix = q.prefix();
        match scope.resolve(prefix) {
            Some(ns) => q.ns = ns.to_owned(),
            None if prefix.is_empty() => {}
            None => return Err(ValueError::new("xs:QName prefix is not bound to a namespace")),
        }
        Ok(q)
    }

    fn write_text(&self, w: &mut XmlWriter) {
        if self.ns.is_empty() {
            w.text(self.local_name());
        } else {
            let t = w.qname_text(&self.ns, self.local_name());
            w.text(&t);
        }
    }
}
