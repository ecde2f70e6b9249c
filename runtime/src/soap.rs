//! SOAP 1.1 / 1.2 envelopes and faults.

use std::fmt;

use crate::xml::{Element, RawXml, ReadOptions, XmlError, XmlReader, XmlWriter};

/// SOAP 1.1 envelope namespace.
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2 envelope namespace.
pub const SOAP12_NS: &str = "http://www.w3.org/2003/05/soap-envelope";

/// SOAP version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1.
    V11,
    /// SOAP 1.2.
    V12,
}

impl SoapVersion {
    /// The envelope namespace URI.
    pub fn envelope_ns(&self) -> &'static str {
        match self {
            SoapVersion::V11 => SOAP11_NS,
            SoapVersion::V12 => SOAP12_NS,
        }
    }

    /// The prefix used for the envelope when writing.
    pub fn envelope_prefix(&self) -> &'static str {
        match self {
            SoapVersion::V11 => "soapenv",
            SoapVersion::V12 => "soap12",
        }
    }

    /// The request `Content-Type` (SOAP 1.2 carries the action as a parameter when non-empty).
    pub fn content_type(&self, action: &str) -> String {
        match self {
            SoapVersion::V11 => "text/xml; charset=utf-8".to_owned(),
            SoapVersion::V12 if action.is_empty() => "application/soap+xml; charset=utf-8".to_owned(),
            SoapVersion::V12 => format!("application/soap+xml; charset=utf-8; action=\"{action}\""),
        }
    }

    fn of_ns(ns: &str) -> Option<SoapVersion> {
        match ns {
            SOAP11_NS => Some(SoapVersion::V11),
            SOAP12_NS => Some(SoapVersion::V12),
            _ => None,
        }
    }
}

impl fmt::Display for SoapVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SoapVersion::V11 => "SOAP 1.1",
            SoapVersion::V12 => "SOAP 1.2",
        })
    }
}

/// Writes a SOAP envelope: the given namespaces are declared on the Envelope, the Header is
/// written only if `write_headers` writes something, then the Body.
pub fn write_envelope(
    version: SoapVersion,
    namespaces: &[(&str, &str)],
    write_headers: impl FnOnce(&mut XmlWriter),
    write_body: impl FnOnce(&mut XmlWriter),
) -> Vec<u8> {
    let env = version.envelope_ns();
    let mut w = XmlWriter::with_capacity(2048);
    w.declare(version.envelope_prefix(), env);
    for (prefix, ns) in namespaces {
        w.declare(prefix, ns);
    }
    w.start(env, "Envelope");
    let before = w.checkpoint();
    w.start(env, "Header");
    let after = w.len();
    write_headers(&mut w);
    if w.len() == after {
        w.rollback(before);
    } else {
        w.end();
    }
    w.start(env, "Body");
    write_body(&mut w);
    w.end();
    w.end();
    w.into_bytes()
}

/// A SOAP fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapFault {
    /// The envelope version the fault came in.
    pub version: SoapVersion,
    /// 1.1 `faultcode` or 1.2 `Code/Value`, as written (`prefix:local`).
    pub code: String,
    /// The namespace URI the code's prefix resolves to, when it does.
    pub code_ns: Option<String>,
    /// 1.2 `Subcode/Value`s, outermost first.
    pub subcodes: Vec<String>,
    /// 1.1 `faultstring` or the first 1.2 `Reason/Text`.
    pub reason: String,
    /// 1.1 `faultactor`.
    pub actor: Option<String>,
    /// 1.2 `Node`.
    pub node: Option<String>,
    /// 1.2 `Role`.
    pub role: Option<String>,
    /// `detail` / `Detail` content, as raw XML.
    pub detail: Option<RawXml>,
}

impl SoapFault {
    /// The local part of the code (`soap:Server` → `Server`).
    pub fn code_local(&self) -> &str {
        self.code.rsplit_once(':').map_or(&self.code, |(_, l)| l)
    }
}

impl fmt::Display for SoapFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} fault {}", self.version, self.code)?;
        for s in &self.subcodes {
            write!(f, " / {s}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why a response could not be opened as a SOAP envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SoapError {
    /// Not a SOAP envelope at all (HTML error page, truncated or malformed XML, ...).
    NotSoap {
        /// What is wrong.
        reason: String,
        /// The first ~200 bytes of the input (lossy UTF-8).
        excerpt: String,
    },
    /// An envelope of the other SOAP version.
    VersionMismatch {
        /// The version expected.
        expected: SoapVersion,
        /// The version found.
        found: SoapVersion,
    },
    /// The envelope has no Body.
    MissingBody,
    /// The Body is empty.
    EmptyBody,
    /// The Body holds a fault.
    Fault(Box<SoapFault>),
    /// XML error inside the envelope.
    Xml(XmlError),
}

impl fmt::Display for SoapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SoapError::NotSoap { reason, excerpt } => {
                write!(f, "response is not a SOAP envelope ({reason}); it starts with: {excerpt:?}")
            }
            SoapError::VersionMismatch { expected, found } => {
                write!(f, "expected a {expected} envelope but got a {found} envelope")
            }
            SoapError::MissingBody => f.write_str("SOAP envelope has no Body"),
            SoapError::EmptyBody => f.write_str("SOAP Body is empty"),
            SoapError::Fault(fault) => fault.fmt(f),
            SoapError::Xml(e) => write!(f, "malformed SOAP envelope: {e}"),
        }
    }
}

impl std::error::Error for SoapError {}

impl From<XmlError> for SoapError {
    fn from(e: XmlError) -> Self {
        SoapError::Xml(e)
    }
}

/// The first `n` bytes of `bytes` as lossy UTF-8.
pub(crate) fn excerpt(bytes: &[u8], n: usize) -> String {
    let mut end = bytes.len().min(n);
    // Do not cut in the middle of a UTF-8 sequence.
    while end < bytes.len() && end > 0 && (bytes[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// Opens a SOAP envelope: reads up to the first child element of Body and returns the reader
/// positioned there with that element (the caller reads it, then calls
/// [`XmlReader::finish`]). Faults are returned as [`SoapError::Fault`].
pub fn read_envelope<'a>(
    bytes: &'a [u8],
    expected: SoapVersion,
    options: ReadOptions,
) -> Result<(XmlReader<'a>, Element<'a>), SoapError> {
    let mut r = XmlReader::new(bytes, options);
    let root = match r.root() {
        Ok(root) => root,
        Err(e) => return Err(SoapError::NotSoap { reason: e.to_string(), excerpt: excerpt(bytes, 200) }),
    };
    let found = match SoapVersion::of_ns(root.namespace()) {
        Some(v) if root.local_name() == "Envelope" => v,
        _ => {
            return Err(SoapError::NotSoap {
                reason: format!("document element is {}", root.qualified_name()),
                excerpt: excerpt(bytes, 200),
            });
        }
    };
    if found != expected {
        return Err(SoapError::VersionMismatch { expected, found });
    }
    let env = expected.envelope_ns();
    while let Some(child) = r.next_child()? {
        if child.is(env, "Header") {
            r.skip(&child)?;
        } else if child.is(env, "Body") {
            let Some(first) = r.next_child()? else {
                return Err(SoapError::EmptyBody);
            };
            if first.is(env, "Fault") {
                let fault = match expected {
                    SoapVersion::V11 => read_fault11(&mut r)?,
                    SoapVersion::V12 => read_fault12(&mut r)?,
                };
                return Err(SoapError::Fault(Box::new(fault)));
            }
            return Ok((r, first));
        } else {
            r.unexpected(&child)?;
        }
    }
    Err(SoapError::MissingBody)
}

fn empty_fault(version: SoapVersion) -> SoapFault {
    SoapFault {
        version,
        code: String::new(),
        code_ns: None,
        subcodes: Vec::new(),
        reason: String::new(),
        actor: None,
        node: None,
        role: None,
        detail: None,
    }
}

/// Reads a QName-valued element: (text as written, resolved namespace).
fn read_code(r: &mut XmlReader<'_>, el: &Element) -> Result<(String, Option<String>), XmlError> {
    let scope = r.namespace_scope();
    let text = r.text(el)?.trim().to_owned();
    let prefix = text.split_once(':').map_or("", |(p, _)| p);
    let ns = scope.resolve(prefix).map(str::to_owned);
    Ok((text, ns))
}

fn read_fault11(r: &mut XmlReader<'_>) -> Result<SoapFault, XmlError> {
    let mut f = empty_fault(SoapVersion::V11);
    while let Some(c) = r.next_child()? {
        // Fault children are unqualified in SOAP 1.1; match by local name to be lenient.
        match c.local_name() {
            "faultcode" => (f.code, f.code_ns) = read_code(r, &c)?,
            "faultstring" => f.reason = r.text(&c)?.into_owned(),
            "faultactor" => f.actor = Some(r.text(&c)?.into_owned()),
            "detail" => f.detail = Some(RawXml(r.capture_inner(&c)?)),
            _ => r.skip(&c)?,
        }
    }
    Ok(f)
}

fn read_fault12(r: &mut XmlReader<'_>) -> Result<SoapFault, XmlError> {
    let env = SOAP12_NS;
    let mut f = empty_fault(SoapVersion::V12);
    while let Some(c) = r.next_child()? {
        if c.is(env, "Code") {
            // Code: Value, then nested Subcode { Value, Subcode { ... } } (iteratively).
            let mut first = true;
            let mut depth = 0usize;
            loop {
                let Some(k) = r.next_child()? else {
                    if depth == 0 {
                        break;
                    }
                    // End of a Subcode: back to its parent.
                    depth -= 1;
                    continue;
                };
                if k.is(env, "Value") {
                    let (text, ns) = read_code(r, &k)?;
                    if first {
                        (f.code, f.code_ns) = (text, ns);
                        first = false;
                    } else {
                        f.subcodes.push(text);
                    }
                } else if k.is(env, "Subcode") {
                    first = false;
                    depth += 1;
                } else {
                    r.skip(&k)?;
                }
            }
        } else if c.is(env, "Reason") {
            while let Some(t) = r.next_child()? {
                if t.is(env, "Text") && f.reason.is_empty() {
                    f.reason = r.text(&t)?.into_owned();
                } else {
                    r.skip(&t)?;
                }
            }
        } else if c.is(env, "Node") {
            f.node = Some(r.text(&c)?.into_owned());
        } else if c.is(env, "Role") {
            f.role = Some(r.text(&c)?.into_owned());
        } else if c.is(env, "Detail") {
            f.detail = Some(RawXml(r.capture_inner(&c)?));
        } else {
            r.skip(&c)?;
        }
    }
    Ok(f)
}
