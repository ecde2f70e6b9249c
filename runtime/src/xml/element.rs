//! [`Element`]: a start tag as seen by the reader, independent of the reader's borrow.

use std::sync::Arc;

/// A local name stored inline when short (no heap allocation for typical names).
#[derive(Clone)]
pub(crate) enum SmallName {
    Inline { len: u8, buf: [u8; 38] },
    Heap(Box<str>),
}

impl SmallName {
    pub(crate) fn new(s: &str) -> Self {
        if s.len() <= 38 {
            let mut buf = [0u8; 38];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            SmallName::Inline { len: s.len() as u8, buf }
        } else {
            SmallName::Heap(s.into())
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            SmallName::Inline { len, buf } => &buf[..*len as usize],
            SmallName::Heap(s) => s.as_bytes(),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            // Always a copy of a whole `str`, so valid UTF-8.
            SmallName::Inline { len, buf } => std::str::from_utf8(&buf[..*len as usize]).unwrap_or_default(),
            SmallName::Heap(s) => s,
        }
    }
}

impl std::fmt::Debug for SmallName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// One (non-namespace-declaration) attribute, with its resolved namespace and decoded value.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    pub(crate) ns: Arc<str>,
    pub(crate) local: Box<str>,
    pub(crate) value: Box<str>,
}

/// An element start tag read by [`XmlReader`](super::XmlReader): resolved name, attributes,
/// `xsi:nil` / `xsi:type`. Cheap to create (the namespace URI is shared, short names are inline)
/// and not tied to the reader's borrow.
#[derive(Debug, Clone)]
pub struct Element {
    pub(crate) ns: Arc<str>,
    pub(crate) local: SmallName,
    pub(crate) attrs: Vec<Attr>,
    pub(crate) nil: bool,
    pub(crate) empty: bool,
    pub(crate) depth: u32,
    pub(crate) xsi_type: Option<(Arc<str>, Box<str>)>,
}

impl Element {
    /// True when the element is `{ns}local` (compared by namespace URI, never by prefix).
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.local.as_bytes() == local.as_bytes() && &*self.ns == ns
    }

    /// The local name.
    pub fn local_name(&self) -> &str {
        self.local.as_str()
    }

    /// The namespace URI (`""` for none).
    pub fn namespace(&self) -> &str {
        &self.ns
    }

    /// `{ns}local` (or `local` without a namespace), for messages.
    pub fn qualified_name(&self) -> String {
        if self.ns.is_empty() { self.local_name().to_owned() } else { format!("{{{}}}{}", self.ns, self.local_name()) }
    }

    /// True when the element carries `xsi:nil="true"`.
    pub fn is_nil(&self) -> bool {
        self.nil
    }

    /// True when the element was self-closing (`<a/>`).
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// Nesting depth (the document element is 1).
    pub fn depth(&self) -> usize {
        self.depth as usize
    }

    /// The `xsi:type` attribute, resolved to (namespace URI, local name).
    pub fn xsi_type(&self) -> Option<(String, String)> {
        self.xsi_type.as_ref().map(|(ns, l)| (ns.to_string(), l.to_string()))
    }

    /// True when `xsi:type` names `{ns}local`.
    pub fn xsi_type_is(&self, ns: &str, local: &str) -> bool {
        self.xsi_type.as_ref().is_some_and(|(n, l)| &**n == ns && &**l == local)
    }

    /// The decoded value of attribute `{ns}local` (`ns` empty: unqualified attribute).
    pub fn attr(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs.iter().find(|a| &*a.local == local && &*a.ns == ns).map(|a| &*a.value)
    }

    /// All attributes except namespace declarations, as (namespace URI, local name, value).
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.attrs.iter().map(|a| (&*a.ns, &*a.local, &*a.value))
    }
}
