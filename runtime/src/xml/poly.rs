//! Polymorphism on the wire: elements whose type is told by `xsi:type` (a type others derive
//! from), and elements that stand for a substitution group's head.
//!
//! Generated code keeps one small `match` per enum and calls these helpers: the enum says which
//! variant it holds and under which name ([`Tagged`]), the helpers write the `xsi:type` or pick the
//! element name, and read the `xsi:type` resolved by namespace URI. What the generated enums do not
//! know (an `xsi:type` from a newer schema) is kept whole in [`UnknownType`], never dropped.

use super::writer::XSI_NS;
use super::{DeviationKind, Element, RawXml, ToXml, XmlError, XmlReader, XmlWriter};
use crate::validate::{Validate, Validator};

/// A generated enum whose variants are told apart on the wire by a name: the `xsi:type` of an
/// `Any<Type>` enum's variants, the element name of a substitution group's members.
pub trait Tagged {
    /// The held variant's name (namespace URI, local name), `None` for the declared type itself
    /// (written without `xsi:type`) and for kept content, and the value to write.
    fn tag(&self) -> Tag<'_>;
}

/// A [`Tagged::tag`] answer: the variant `value` named `{ns}local` on the wire.
pub fn tagged<'a>(ns: &'static str, local: &'static str, value: &'a dyn ToXml) -> Tag<'a> {
    (Some((ns, local)), value)
}

/// A [`Tagged::tag`] answer: `value` is written without a name of its own (the declared type, or
/// kept content that carries its own `xsi:type`).
pub fn untagged(value: &dyn ToXml) -> Tag<'_> {
    (None, value)
}

/// What [`Tagged::tag`] answers: the variant's name on the wire, if any, and the value to write.
pub type Tag<'a> = (Option<(&'static str, &'static str)>, &'a dyn ToXml);

/// `From` each variant's type for a generated `Any<Type>` enum: `variants_from!(AnyShape:
/// Circle(Circle), Square(Square); boxed Frame(Frame))`.
#[macro_export]
macro_rules! variants_from {
    ($enum:ident: $($v:ident($t:ty)),* $(; boxed $($bv:ident($bt:ty)),*)?) => {
        $( impl ::std::convert::From<$t> for $enum {
            fn from(v: $t) -> Self {
                Self::$v(v)
            }
        } )*
        $($( impl ::std::convert::From<$bt> for $enum {
            fn from(v: $bt) -> Self {
                Self::$bv(::std::boxed::Box::new(v))
            }
        } )*)?
    };
}

/// `write_attributes` of an `Any<Type>` enum: the variant's `xsi:type` (its namespace declared on
/// the start tag when not in scope), then the variant's own attributes.
pub fn write_typed_attributes<T: Tagged + ?Sized>(value: &T, w: &mut XmlWriter) {
    let (tag, inner) = value.tag();
    if let Some((ns, local)) = tag {
        w.xsi_type(ns, local);
    }
    inner.write_attributes(w);
}

/// What an element held that none of the types this client knows can read: an `xsi:type` it does
/// not know (a newer server's type), or no `xsi:type` where the declared type is abstract (lenient
/// reading only). The attributes and the content are kept as received, so the value is not lost
/// and writes back as it came; validation refuses it, as it cannot be checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct UnknownType {
    /// The `xsi:type` (namespace URI, local name), if there was one.
    pub type_name: Option<(String, String)>,
    /// The other attributes (namespace URI, local name, value), `xsi:` ones aside.
    pub attributes: Vec<(String, String, String)>,
    /// The content, with the namespaces in scope declared on its top-level elements.
    pub content: RawXml,
}

impl ToXml for UnknownType {
    fn write_attributes(&self, w: &mut XmlWriter) {
        if let Some((ns, local)) = &self.type_name {
            w.xsi_type(ns, local);
        }
        for (ns, local, value) in &self.attributes {
            w.attr(ns, local, value);
        }
    }

    fn write_content(&self, w: &mut XmlWriter) {
        self.content.write_content(w);
    }
}

impl Validate for UnknownType {
    fn validate(&self, v: &mut Validator) {
        let rule = match &self.type_name {
            Some((ns, local)) => {
                format!("xsi:type {} is not known to this client: it cannot be checked", qname(ns, local))
            }
            None => "no xsi:type naming a concrete type (the declared type is abstract)".to_string(),
        };
        v.refuse(rule);
    }
}

fn qname(ns: &str, local: &str) -> String {
    if ns.is_empty() { local.to_owned() } else { format!("{{{ns}}}{local}") }
}

impl XmlReader<'_> {
    /// The `xsi:type` of `el` (namespace URI, local name), resolved against the namespaces in
    /// scope at `el`; `None` without one. A prefix that no declaration binds is an error.
    pub fn xsi_type<'e>(&self, el: &'e Element<'_>) -> Result<Option<(&'e str, &'e str)>, XmlError> {
        let Some((ns, local)) = el.xsi_type() else { return Ok(None) };
        // A prefix cannot be bound to no namespace in XML 1.0: an empty namespace with a prefix
        // written means the prefix was not declared.
        if ns.is_empty()
            && let Some(raw) = el.attr(XSI_NS, "type")
            && let Some((prefix, _)) = raw.trim().split_once(':')
        {
            return Err(XmlError::UnboundPrefix { position: self.position(), prefix: prefix.to_owned() });
        }
        Ok(Some((ns, local)))
    }

    /// Reads `el`, whose `xsi:type` names no type it may hold here, as an [`UnknownType`] (the
    /// whole element kept) and records a [`DeviationKind::UnknownType`] deviation: lenient reading
    /// goes on, strict reading fails at the end with every deviation.
    pub fn unknown_type(&mut self, el: &Element<'_>) -> Result<UnknownType, XmlError> {
        let detail = match el.xsi_type() {
            Some((ns, local)) => format!("xsi:type {} is not a type this element may hold", qname(ns, local)),
            None => "no xsi:type".to_string(),
        };
        self.record(DeviationKind::UnknownType, detail);
        self.keep(el)
    }

    /// Reads `el`, declared with the abstract type `{ns}local` and without an `xsi:type` naming a
    /// concrete type: in strict mode the error [`XmlError::AbstractType`]; in lenient mode a
    /// [`DeviationKind::AbstractType`] deviation, the element kept as an [`UnknownType`].
    pub fn abstract_type(&mut self, el: &Element<'_>, ns: &str, local: &str) -> Result<UnknownType, XmlError> {
        let type_name = qname(ns, local);
        if self.is_strict() {
            return Err(XmlError::AbstractType { path: self.path(), type_name });
        }
        self.record(DeviationKind::AbstractType, format!("no xsi:type for the abstract type {type_name}"));
        self.keep(el)
    }

    fn keep(&mut self, el: &Element<'_>) -> Result<UnknownType, XmlError> {
        let type_name = el.xsi_type().map(|(ns, local)| (ns.to_string(), local.to_string()));
        let attributes = el
            .attributes()
            .filter(|(ns, _, _)| *ns != XSI_NS)
            .map(|(ns, local, value)| (ns.to_owned(), local.to_owned(), value.to_owned()))
            .collect();
        let content = RawXml(self.capture_inner(el)?);
        Ok(UnknownType { type_name, attributes, content })
    }
}
