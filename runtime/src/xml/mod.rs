//! XML: a streaming namespace-aware reader, a direct writer, the (de)serialization traits and
//! exact scalar types.

/// Common impls for string-backed lexical types with a `text` field and a `parse` constructor.
macro_rules! lexical_common {
    ($t:ident) => {
        lexical_common!($t, |v: &$t, w: &mut $crate::xml::XmlWriter| w.text(&v.text));
    };
    // `$write` writes the value as text content (numbers: without looking for what to escape).
    ($t:ident, $write:expr) => {
        impl $t {
            /// Parses and validates the lexical form (surrounding XML whitespace is removed).
            pub fn new(text: &str) -> Result<Self, $crate::xml::ValueError> {
                Self::parse(text)
            }

            /// The lexical form, as given (without surrounding whitespace).
            pub fn as_str(&self) -> &str {
                &self.text
            }
        }

        impl std::str::FromStr for $t {
            type Err = $crate::xml::ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl $crate::xml::SimpleValue for $t {
            fn to_text(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(&self.text)
            }
            #[inline]
            fn from_text(text: &str) -> Result<Self, $crate::xml::ValueError> {
                Self::parse(text)
            }
            #[inline]
            fn write_text(&self, w: &mut $crate::xml::XmlWriter) {
                ($write)(self, w)
            }
        }
    };
}

mod absent;
mod any_attr;
mod binary;
mod datetime;
mod decimal;
mod element;
mod encoding;
mod error;
mod fields;
mod lexer;
mod list;
pub mod multiref;
mod names;
pub mod particle;
mod poly;
mod primitives;
mod reader;
mod scan;
mod writer;

use std::borrow::Cow;

pub use absent::Absent;
pub use any_attr::{AnyAttributes, AttributeWildcard, Namespaces, RawAttribute, XMLNS_NS};
pub use binary::{Base64Binary, HexBinary, QNameValue};
pub use datetime::{Date, DateTime, Duration, GDay, GMonth, GMonthDay, GYear, GYearMonth, Time};
pub use decimal::{Decimal, Integer};
pub use element::Element;
pub use encoding::to_utf8;
pub use error::{Deviation, DeviationKind, ValueError, XmlError};
pub use list::List;
pub use particle::Particle;
pub use poly::{Tag, Tagged, UnknownType, tagged, untagged, write_typed_attributes};
pub use reader::{NamespaceScope, ReadOptions, XmlReader};
pub use writer::{SOAP_ENC_NS, XML_NS, XSI_NS, XmlWriter};

/// A value that can be written as the attributes and content of an element.
pub trait ToXml {
    /// The element name this value writes itself under, when the value decides it (a
    /// substitution group's member) rather than the place it is written at (default: `None`).
    fn element_name(&self) -> Option<(&'static str, &'static str)> {
        None
    }
    /// The type a nil element of this type names in `xsi:type`, when the declared type is abstract
    /// (an element of an abstract type is invalid, nil or not, unless it names a concrete one).
    fn nil_type() -> Option<(&'static str, &'static str)>
    where
        Self: Sized,
    {
        None
    }
    /// Writes attributes onto the open start tag (default: none).
    fn write_attributes(&self, _w: &mut XmlWriter) {}
    /// Writes the content (text and/or child elements).
    fn write_content(&self, w: &mut XmlWriter);
}

/// A value that can be read from an element.
pub trait FromXml: Sized {
    /// Reads the value of `el`, whose start tag has just been read; must consume everything up
    /// to and including `el`'s end tag.
    fn read_xml(r: &mut XmlReader<'_>, el: &Element) -> Result<Self, XmlError>;

    /// Reads the value of the reader's current child ([`XmlReader::next_child_start`] opened it,
    /// nothing took or read it); must consume everything up to and including its end tag.
    ///
    /// The default takes the child out of the reader ([`XmlReader::take_child`]) and calls
    /// [`read_xml`](Self::read_xml). Scalars read the text in place, and generated types whose
    /// value is only their child elements read them without ever building an [`Element`].
    #[inline]
    fn read_current(r: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        let el = r.take_child();
        Self::read_xml(r, &el)
    }
}

/// A value whose XML form is text (XSD simple types, generated enumerations).
pub trait SimpleValue: Sized {
    /// Whether [`from_text_in_scope`](Self::from_text_in_scope) needs the in-scope namespaces
    /// (QName values).
    const NEEDS_NAMESPACES: bool = false;

    /// The lexical form.
    fn to_text(&self) -> Cow<'_, str>;

    /// Parses (and validates) the lexical form.
    fn from_text(text: &str) -> Result<Self, ValueError>;

    /// False for the `Unknown(String)` variant of generated enumerations: such values are kept
    /// when reading but refused by validation before sending.
    fn is_known(&self) -> bool {
        true
    }

    /// The length used by length facets, when it is not the number of characters of the text
    /// (octets for binary types).
    fn facet_length(&self) -> Option<usize> {
        None
    }

    /// Parses the text of an element as the reader returns it (borrowed from the input, or owned
    /// when references were decoded): [`from_text`](Self::from_text) unless a type can keep the
    /// owned text without copying it (`String`).
    #[inline]
    fn from_read_text(text: Cow<'_, str>) -> Result<Self, ValueError> {
        Self::from_text(&text)
    }

    /// Parses the text with the namespaces in scope at the element (only called when
    /// [`NEEDS_NAMESPACES`](Self::NEEDS_NAMESPACES) is true).
    fn from_text_in_scope(text: &str, _scope: &NamespaceScope) -> Result<Self, ValueError> {
        Self::from_text(text)
    }

    /// Writes the value as text content (QName values declare their namespace first).
    fn write_text(&self, w: &mut XmlWriter) {
        w.text(&self.to_text());
    }
}

impl<T: SimpleValue> ToXml for T {
    fn write_content(&self, w: &mut XmlWriter) {
        self.write_text(w);
    }
}

impl ToXml for str {
    fn write_content(&self, w: &mut XmlWriter) {
        w.text(self);
    }
}

impl<T: SimpleValue + Default> FromXml for T {
    #[inline]
    fn read_xml(r: &mut XmlReader<'_>, el: &Element) -> Result<Self, XmlError> {
        let parsed = if T::NEEDS_NAMESPACES {
            let scope = r.namespace_scope();
            let text = r.text(el)?;
            T::from_text_in_scope(&text, &scope)
        } else {
            T::from_read_text(r.text(el)?)
        };
        match parsed {
            Ok(v) => Ok(v),
            Err(e) => {
                r.bad_value(el, &e)?;
                Ok(T::default())
            }
        }
    }

    #[inline]
    fn read_current(r: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        let parsed = if T::NEEDS_NAMESPACES {
            let scope = r.namespace_scope();
            let text = r.child_text()?;
            T::from_text_in_scope(&text, &scope)
        } else {
            T::from_read_text(r.child_text()?)
        };
        match parsed {
            Ok(v) => Ok(v),
            Err(e) => {
                r.bad_value_child(&e)?;
                Ok(T::default())
            }
        }
    }
}

/// An element that may be `xsi:nil="true"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Nillable<T> {
    /// `xsi:nil="true"`.
    #[default]
    Nil,
    /// A value.
    Value(T),
}

impl<T> Nillable<T> {
    /// The value, if not nil.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nillable::Nil => None,
            Nillable::Value(v) => Some(v),
        }
    }

    /// The value, if not nil.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nillable::Nil => None,
            Nillable::Value(v) => Some(v),
        }
    }

    /// True when nil.
    pub fn is_nil(&self) -> bool {
        matches!(self, Nillable::Nil)
    }
}

impl<T> From<T> for Nillable<T> {
    fn from(v: T) -> Self {
        Nillable::Value(v)
    }
}

impl<'a, T> IntoIterator for &'a Nillable<T> {
    type Item = &'a T;
    type IntoIter = std::option::IntoIter<&'a T>;
    fn into_iter(self) -> Self::IntoIter {
        self.value().into_iter()
    }
}

/// Element content kept as raw XML: the content of an xs:anyType element, or the whole elements an
/// xs:any wildcard matched ([`RawXml::read_element`]).
///
/// When read, the captured inner XML gets declarations of the namespaces in scope added to its
/// top-level elements, so it is well-formed on its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RawXml(pub String);

impl ToXml for RawXml {
    fn write_content(&self, w: &mut XmlWriter) {
        w.raw(&self.0);
    }
}

impl FromXml for RawXml {
    fn read_xml(r: &mut XmlReader<'_>, el: &Element) -> Result<Self, XmlError> {
        r.capture_inner(el).map(RawXml)
    }
}

impl RawXml {
    /// An element an `xs:any` wildcard matched, kept whole (its tags included), so that writing
    /// the value back writes the element, not only its content.
    pub fn read_element(r: &mut XmlReader<'_>, el: &Element) -> Result<Self, XmlError> {
        r.capture_outer(el).map(RawXml)
    }

    /// [`read_element`](Self::read_element) of the reader's current child.
    pub fn read_child_element(r: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        let el = r.take_child();
        r.capture_outer(&el).map(RawXml)
    }
}

/// Trims XML whitespace (space, tab, CR, LF) as `whiteSpace="collapse"` types need.
/// `prefix:local` split at the first colon (`("", name)` without one). Byte search: the
/// generic `split_once(':')` was a measurable part of reading a tag.
pub(crate) fn split_qname(name: &str) -> (&str, &str) {
    match memchr::memchr(b':', name.as_bytes()) {
        Some(i) => (name.get(..i).unwrap_or_default(), name.get(i + 1..).unwrap_or_default()),
        None => ("", name),
    }
}

/// Whether `prefix:local` (or `local`) is a namespace-well-formed name: each part an NCName
/// (XML 1.0 fifth edition name characters, no colon).
pub(crate) fn valid_qname(prefix: &str, local: &str, had_colon: bool) -> bool {
    ncname(local) && (!had_colon || ncname(prefix))
}

fn ncname(s: &str) -> bool {
    let b = s.as_bytes();
    // One pass over ASCII names (names are ASCII in practice); the char rules past the first
    // non-ASCII byte.
    let Some(&first) = b.first() else { return false };
    if first.is_ascii() && !(first.is_ascii_alphabetic() || first == b'_') {
        return false;
    }
    for (i, &c) in b.iter().enumerate() {
        if !c.is_ascii() {
            let mut chars = s.chars();
            return chars.next().is_some_and(name_start) && chars.all(|c| name_start(c) || name_char(c));
        }
        if i > 0 && !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')) {
            return false;
        }
    }
    true
}

fn name_start(c: char) -> bool {
    matches!(c, 'A'..='Z' | 'a'..='z' | '_' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn name_char(c: char) -> bool {
    matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// String equality for names and namespaces: inline word compares instead of a `memcmp` call,
/// which cost more than the comparison itself.
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    scan::same_short(a.as_bytes(), b.as_bytes())
}

#[inline]
pub(crate) fn trim_ws(s: &str) -> &str {
    // Bytes, not chars: every scalar read trims, and the char-pattern trim was a measurable part
    // of a parse. Cutting at ASCII whitespace keeps the slice on character boundaries.
    let b = s.as_bytes();
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let start = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or_default()
}
