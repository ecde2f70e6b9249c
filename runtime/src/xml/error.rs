//! Errors and deviations reported by the XML layer.

use std::fmt;

/// A scalar value whose text could not be parsed (or built) as the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// What was wrong, e.g. `not a valid xs:decimal`.
    pub message: String,
}

impl ValueError {
    /// Builds a value error from a message.
    pub fn new(message: impl Into<String>) -> Self {
        ValueError { message: message.into() }
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValueError {}

/// The kind of a [`Deviation`] from the schema found while reading a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeviationKind {
    /// A required element is missing.
    Missing,
    /// An element not declared at this place was found (and skipped).
    Unexpected,
    /// An element that may occur once occurred more than once (the last one is kept).
    Duplicate,
    /// `xsi:nil="true"` on an element that is not nillable.
    NilNotAllowed,
    /// A scalar value could not be parsed (lenient mode keeps the default value).
    BadValue,
    /// Non-whitespace text where only elements are expected, or elements where only text is.
    UnexpectedText,
    /// An `xsi:type` that names no type the element may hold here (the element is kept as is).
    UnknownType,
    /// No `xsi:type` on an element declared with an abstract type (lenient mode keeps the element).
    AbstractType,
}

impl fmt::Display for DeviationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DeviationKind::Missing => "missing",
            DeviationKind::Unexpected => "unexpected",
            DeviationKind::Duplicate => "duplicate",
            DeviationKind::NilNotAllowed => "nil not allowed",
            DeviationKind::BadValue => "bad value",
            DeviationKind::UnexpectedText => "unexpected text",
            DeviationKind::UnknownType => "unknown xsi:type",
            DeviationKind::AbstractType => "abstract type",
        })
    }
}

/// A difference between a received message and the schema that lenient reading tolerated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    /// Element path where it was found, e.g. `/Envelope/Body/doXResponse/result`.
    pub path: String,
    /// What kind of deviation.
    pub kind: DeviationKind,
    /// Human-readable detail, e.g. `missing required element code`.
    pub detail: String,
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.detail)
    }
}

/// An error reading XML.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlError {
    /// The input is not well-formed XML.
    Syntax {
        /// Byte offset in the input where the error was detected.
        position: u64,
        /// What is wrong.
        message: String,
    },
    /// Elements nested deeper than [`ReadOptions::max_depth`](super::ReadOptions::max_depth).
    Depth {
        /// The configured limit.
        limit: usize,
    },
    /// The document has a DOCTYPE declaration, which is refused (no DTD processing at all).
    Dtd,
    /// The input ended before the document was complete.
    Eof,
    /// A scalar value could not be parsed (strict mode only; lenient mode records a deviation).
    Value {
        /// Element path of the value.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// Strict mode: the message deviates from the schema.
    Deviations(Vec<Deviation>),
    /// SOAP encoding's multi-references would make the document larger than `limit` bytes once
    /// inlined (references multiplying like an entity-expansion bomb).
    Expansion {
        /// The size the inlined document may reach.
        limit: usize,
    },
    /// A prefix used in the document is not bound to any namespace.
    UnboundPrefix {
        /// Byte offset in the input.
        position: u64,
        /// The prefix.
        prefix: String,
    },
    /// Strict mode: an element declared with an abstract type has no `xsi:type` naming a concrete
    /// type (lenient mode records [`DeviationKind::AbstractType`] and keeps the element).
    AbstractType {
        /// Element path.
        path: String,
        /// The abstract type, `{namespace}local`.
        type_name: String,
    },
    /// The reader API was used out of order (e.g. reading an element that is not the current one).
    Usage(&'static str),
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlError::Syntax { position, message } => {
                write!(f, "XML syntax error at byte {position}: {message}")
            }
            XmlError::Depth { limit } => write!(f, "XML nested deeper than {limit} elements"),
            XmlError::Dtd => f.write_str("XML document has a DOCTYPE declaration, which is refused"),
            XmlError::Eof => f.write_str("XML document is truncated"),
            XmlError::Expansion { limit } => {
                write!(f, "SOAP multi-references would expand the document beyond {limit} bytes: refused")
            }
            XmlError::Value { path, message } => write!(f, "{path}: {message}"),
            XmlError::Deviations(list) => {
                write!(f, "message deviates from the schema ({} deviation(s))", list.len())?;
                for d in list {
                    write!(f, "; {d}")?;
                }
                Ok(())
            }
            XmlError::UnboundPrefix { position, prefix } => {
                write!(f, "XML prefix `{prefix}` at byte {position} is not bound to a namespace")
            }
            XmlError::AbstractType { path, type_name } => {
                write!(f, "{path}: the type {type_name} is abstract and no xsi:type names a concrete type")
            }
            XmlError::Usage(what) => write!(f, "XML reader misuse: {what}"),
        }
    }
}

impl std::error::Error for XmlError {}
