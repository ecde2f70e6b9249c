//! [`Element`]: a start tag as seen by the reader, borrowing from the input, not from the reader.

use std::borrow::Cow;

/// One (non-namespace-declaration) attribute, with its resolved namespace and decoded value.
#[derive(Debug, Clone)]
pub(crate) struct Attr<'a> {
    pub(crate) ns: Cow<'a, str>,
    pub(crate) local: &'a str,
    pub(crate) value: Cow<'a, str>,
}

/// An element start tag read by [`XmlReader`](super::XmlReader): resolved name, attributes,
/// `xsi:nil` / `xsi:type`. Its strings borrow from the input (not from the reader), so reading
/// one allocates nothing unless it has attributes or a namespace URI with references in it.
#[derive(Debug, Clone)]
pub struct Element<'a> {
    /// The namespace URI as its declaration wrote it; one that had to be decoded (references,
    /// whitespace) is in `extra` instead, so that an element holds nothing to drop but `extra`.
    pub(crate) ns: &'a str,
    pub(crate) local: &'a str,
    /// Attributes and `xsi:type`, boxed: most elements have neither, and an element is built,
    /// moved and dropped for every child read (a small `Element` with a trivial drop).
    pub(crate) extra: Option<Box<Extra<'a>>>,
    pub(crate) nil: bool,
    pub(crate) empty: bool,
    pub(crate) depth: u32,
}

/// What an element with attributes carries besides its name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extra<'a> {
    /// The namespace URI when it is not a slice of the input.
    pub(crate) ns: Option<String>,
    pub(crate) attrs: Vec<Attr<'a>>,
    pub(crate) xsi_type: Option<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> Element<'a> {
    /// What the reader keeps as its current child once [`XmlReader::take_child`] moved it out:
    /// depth 0, which no element has (the document element is 1), so it is never open.
    ///
    /// [`XmlReader::take_child`]: super::XmlReader::take_child
    pub(crate) const TAKEN: Element<'static> =
        Element { ns: "", local: "", extra: None, nil: false, empty: false, depth: 0 };

    #[inline(always)]
    pub(crate) fn new(ns: Cow<'a, str>, local: &'a str, empty: bool, depth: u32) -> Self {
        let (ns, extra) = match ns {
            Cow::Borrowed(ns) => (ns, None),
            Cow::Owned(ns) => ("", Some(Box::new(Extra { ns: Some(ns), ..Extra::default() }))),
        };
        Element { ns, local, extra, nil: false, empty, depth }
    }
}

impl Element<'_> {
    /// True when the element is `{ns}local` (compared by namespace URI, never by prefix).
    #[inline]
    pub fn is(&self, ns: &str, local: &str) -> bool {
        super::same(self.local, local) && super::same(self.namespace(), ns)
    }

    /// The local name.
    #[inline]
    pub fn local_name(&self) -> &str {
        self.local
    }

    /// The namespace URI (`""` for none).
    #[inline]
    pub fn namespace(&self) -> &str {
        match &self.extra {
            Some(e) => e.ns.as_deref().unwrap_or(self.ns),
            None => self.ns,
        }
    }

    /// `{ns}local` (or `local` without a namespace), for messages.
    pub fn qualified_name(&self) -> String {
        let ns = self.namespace();
        if ns.is_empty() { self.local_name().to_owned() } else { format!("{{{ns}}}{}", self.local_name()) }
    }

    /// True when the element carries `xsi:nil="true"`.
    #[inline]
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
    pub fn xsi_type(&self) -> Option<(&str, &str)> {
        self.extra.as_ref()?.xsi_type.as_ref().map(|(ns, l)| (&**ns, &**l))
    }

    /// True when `xsi:type` names `{ns}local`.
    pub fn xsi_type_is(&self, ns: &str, local: &str) -> bool {
        self.extra.as_ref().and_then(|e| e.xsi_type.as_ref()).is_some_and(|(n, l)| n == ns && l == local)
    }

    /// The decoded value of attribute `{ns}local` (`ns` empty: unqualified attribute).
    pub fn attr(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs().iter().find(|a| a.local == local && a.ns == ns).map(|a| &*a.value)
    }

    /// All attributes except namespace declarations, as (namespace URI, local name, value).
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.attrs().iter().map(|a| (&*a.ns, a.local, &*a.value))
    }

    pub(crate) fn attrs(&self) -> &[Attr<'_>] {
        self.extra.as_ref().map_or(&[], |e| &e.attrs)
    }
}
