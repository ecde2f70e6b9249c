//! The error of a call.

use std::fmt;

use super::Rejected;
use crate::endpoint::EndpointError;
use crate::http::TransportError;
use crate::signature::{BadSignature, SignatureError};
use crate::soap::{SoapError, SoapFault};
use crate::validate::ValidationErrors;
use crate::xml::{Deviation, XmlError};

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request does not satisfy the schema (nothing was sent).
    Validation(ValidationErrors),
    /// Transport failure (for operations that move money: only when the request was certainly
    /// not sent).
    Transport(TransportError),
    /// The request of an operation that moves money may have reached the server, but no
    /// response was read: money may have moved. Do not retry blindly; reconcile first.
    OutcomeUnknown {
        /// The operation.
        operation: &'static str,
        /// What happened.
        source: TransportError,
    },
    /// Non-2xx HTTP status without a SOAP fault (a 5xx of an operation that moves money is
    /// [`Error::OutcomeUnknown`] instead).
    Http {
        /// Status code.
        status: u16,
        /// The first ≤ 512 bytes of the body (lossy UTF-8).
        excerpt: String,
    },
    /// The service answered with a SOAP fault.
    Fault(Box<SoapFault>),
    /// The response is not a usable SOAP envelope.
    Envelope(SoapError),
    /// The Body holds another element than the expected response.
    UnexpectedBody {
        /// Expected `{ns}local`.
        expected: String,
        /// Found `{ns}local`.
        found: String,
    },
    /// The response body could not be read.
    Xml(XmlError),
    /// Strict mode: the response deviates from the schema.
    Deviations(Vec<Deviation>),
    /// The service processed the request and refused it (business result code).
    Rejected(Box<Rejected>),
    /// The endpoint is not acceptable.
    Endpoint(EndpointError),
    /// The request could not be signed as its service declares (nothing was sent).
    Signature(SignatureError),
    /// The service refused the request's signature: our string to sign (without the key) next to
    /// the server's, when it sends it.
    BadSignature(Box<BadSignature>),
}

impl Error {
    /// A non-2xx answer that is not a SOAP fault. For an operation that moves money, a 5xx is
    /// [`Error::OutcomeUnknown`]: the server or a gateway failed, maybe after the payment.
    pub(crate) fn http(operation: &'static str, moves_money: bool, status: u16, excerpt: String) -> Error {
        match TransportError::unanswered(moves_money, status, excerpt) {
            Ok(source) => Error::OutcomeUnknown { operation, source },
            Err(excerpt) => Error::Http { status, excerpt },
        }
    }

    pub(crate) fn from_soap(e: SoapError) -> Error {
        match e {
            SoapError::Fault(f) => Error::Fault(f),
            SoapError::Xml(x) => Error::Xml(x),
            other => Error::Envelope(other),
        }
    }

    /// True when money may have moved although no response was read.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "invalid request: {e}"),
            Error::Transport(e) => e.fmt(f),
            Error::OutcomeUnknown { operation, source } => write!(
                f,
                "outcome of {operation} unknown: the request may have been processed ({source}); \
                 do not retry without checking its status"
            ),
            Error::Http { status, excerpt } => write!(f, "HTTP status {status}: {excerpt:?}"),
            Error::Fault(fault) => fault.fmt(f),
            Error::Envelope(e) => e.fmt(f),
            Error::UnexpectedBody { expected, found } => {
                write!(f, "expected response element {expected}, found {found}")
            }
            Error::Xml(e) => write!(f, "cannot read response: {e}"),
            Error::Deviations(list) => {
                write!(f, "response deviates from the schema ({} deviation(s))", list.len())?;
                for d in list {
                    write!(f, "; {d}")?;
                }
                Ok(())
            }
            Error::Rejected(r) => r.fmt(f),
            Error::Endpoint(e) => e.fmt(f),
            Error::Signature(e) => e.fmt(f),
            Error::BadSignature(b) => b.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Transport(e) | Error::OutcomeUnknown { source: e, .. } => Some(e),
            Error::Envelope(e) => Some(e),
            Error::Xml(e) => Some(e),
            Error::Endpoint(e) => Some(e),
            Error::Signature(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ValidationErrors> for Error {
    fn from(e: ValidationErrors) -> Self {
        Error::Validation(e)
    }
}

impl From<EndpointError> for Error {
    fn from(e: EndpointError) -> Self {
        Error::Endpoint(e)
    }
}

impl From<XmlError> for Error {
    fn from(e: XmlError) -> Self {
        Error::Xml(e)
    }
}
