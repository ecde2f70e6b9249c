//! Request signatures declared by a service (Lyra's `wsSignature`, for one): which values are
//! signed and in which order, how each is formatted, how they are joined, where the key goes and
//! which digest is taken.
//!
//! The declaration lives in the service's manifest (`service.toml`, `[signature]`); generated code
//! carries it as a [`SignatureSpec`] and extracts the values of a request (a [`Signable`] impl).
//! Everything else is here: formatting, joining, key selection by mode, digest. The client signs
//! every call itself ([`crate::client::SoapClient::call_signed`]) with the [`SigningKeys`] it was
//! built with, so a caller can neither forget the signature nor compute it differently.
//!
//! The string to sign is `v1 + sep + v2 + ... + vn`, and the digest is taken over that string
//! followed by `sep + key`, as UTF-8 bytes. Values are signed exactly as they are sent (no trimming,
//! no normalisation, a `+` inside a value is not escaped). The key never appears in `Debug`,
//! `Display`, logs or errors: only the string to sign *without* the key is ever shown.

use std::borrow::Cow;
use std::fmt;

use sha1::{Digest as _, Sha1};

use crate::auth::Secret;

/// How one signed value is written into the string to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The value as sent (numbers in their plain decimal form); absent → empty.
    Text,
    /// `YYYYMMDD`: the calendar date written in an xsd:date or xsd:dateTime value as sent (in its
    /// own offset, not converted); absent → empty.
    Date,
    /// Every occurrence of a repeated element: `[a, b, c]` (brackets, `", "` between).
    List,
    /// An xsd:boolean as `1` or `0`; absent → `0`.
    Boolean,
}

/// The digest of the string to sign followed by the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    /// SHA-1, lowercase hexadecimal (40 characters).
    Sha1Hex,
}

/// Which configured key signs a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    /// The test key.
    Test,
    /// The production key.
    Production,
}

impl fmt::Display for KeyRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyRole::Test => "test",
            KeyRole::Production => "production",
        })
    }
}

/// One signed value: its element path (for messages) and format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedField {
    /// Element path from the request element, e.g. `info/shopId`.
    pub path: &'static str,
    /// How the value is written.
    pub format: Format,
}

/// The declared signature of one operation, as generated from the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureSpec {
    /// The operation.
    pub operation: &'static str,
    /// Element path (from the request element) that receives the signature.
    pub target: &'static str,
    /// Element path (from the request element) whose value selects the key.
    pub mode: &'static str,
    /// The signed values, in order.
    pub fields: &'static [SignedField],
    /// Joins the values, and goes between the last value and the key.
    pub separator: &'static str,
    /// The digest.
    pub digest: Digest,
    /// Which key signs, by the value of the mode element (e.g. `("TEST", KeyRole::Test)`).
    pub keys: &'static [(&'static str, KeyRole)],
    /// The response code meaning "the server computed another signature", if the service has one.
    pub refused_code: Option<&'static str>,
}

/// A request that carries a declared signature (implemented by generated request types).
pub trait Signable {
    /// The text of every signed element, in the declared order: one entry per declared field, with
    /// no item when the element is absent and one item per occurrence of a repeated element.
    fn signed_values(&self) -> Vec<Vec<Cow<'_, str>>>;
    /// The text of the mode element (absent: `None`).
    fn signing_mode(&self) -> Option<Cow<'_, str>>;
    /// Puts the signature into its element.
    fn set_signature(&mut self, signature: String);
    /// The signature the request carries (what a server checks); `None` when the type does not
    /// expose it, which a server refuses.
    fn signature(&self) -> Option<&str> {
        None
    }
}

/// A response that may carry the server's own string to sign (implemented by generated response
/// types; Lyra sends it as `extendedCode` in TEST mode when it refuses a signature).
pub trait ServerStringToSign {
    /// The server's string to sign, without the key, when the response carries it.
    fn server_string_to_sign(&self) -> Option<&str> {
        None
    }
}

/// The keys a client signs with: one per mode. `Debug` never shows them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SigningKeys {
    test: Option<Secret>,
    production: Option<Secret>,
}

impl SigningKeys {
    /// Both keys: the test key signs TEST requests, the production key PRODUCTION ones.
    pub fn new(test: impl Into<Secret>, production: impl Into<Secret>) -> Self {
        SigningKeys { test: Some(test.into()), production: Some(production.into()) }
    }

    /// Only the test key (production requests fail with [`SignatureError::NoKey`] before anything
    /// is sent).
    pub fn test_only(test: impl Into<Secret>) -> Self {
        SigningKeys { test: Some(test.into()), production: None }
    }

    /// Only the production key.
    pub fn production_only(production: impl Into<Secret>) -> Self {
        SigningKeys { test: None, production: Some(production.into()) }
    }

    /// The key of `role`, if configured.
    pub fn get(&self, role: KeyRole) -> Option<&Secret> {
        match role {
            KeyRole::Test => self.test.as_ref(),
            KeyRole::Production => self.production.as_ref(),
        }
    }
}

impl fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeys")
            .field("test", &self.test.as_ref().map(|_| "***"))
            .field("production", &self.production.as_ref().map(|_| "***"))
            .finish()
    }
}

/// Why a request could not be signed (nothing was sent). Never carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The client was built without signing keys.
    NoKeys,
    /// No key is configured for the role the request's mode selects.
    NoKey {
        /// The role.
        role: KeyRole,
    },
    /// The mode element's value selects no key.
    UnknownMode {
        /// The mode element's path.
        path: &'static str,
        /// Its value (`None`: absent).
        value: Option<String>,
    },
    /// A value cannot be written in its declared format.
    BadValue {
        /// The element's path.
        path: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// The request type extracted another number of values than declared (a generator bug).
    FieldCount {
        /// Declared.
        expected: usize,
        /// Extracted.
        found: usize,
    },
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::NoKeys => f.write_str("cannot sign: the client has no signing keys"),
            SignatureError::NoKey { role } => write!(f, "cannot sign: no {role} key is configured"),
            SignatureError::UnknownMode { path, value: Some(v) } => {
                write!(f, "cannot sign: {path} = {v:?} selects no key")
            }
            SignatureError::UnknownMode { path, value: None } => {
                write!(f, "cannot sign: {path} is absent, so no key is selected")
            }
            SignatureError::BadValue { path, reason } => write!(f, "cannot sign {path}: {reason}"),
            SignatureError::FieldCount { expected, found } => {
                write!(f, "cannot sign: {found} values extracted, {expected} declared")
            }
        }
    }
}

impl std::error::Error for SignatureError {}

/// `YYYYMMDD` from the lexical form of an xsd:date or xsd:dateTime (`2026-12-01T10:00:00+01:00`).
fn date_part(text: &str) -> Option<String> {
    let mut parts = text.splitn(3, '-');
    let (year, month, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let day = rest.get(..2)?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if year.len() < 4 || !year.bytes().all(|b| b.is_ascii_digit()) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    Some(format!("{year}{month}{day}"))
}

/// One formatted value.
fn format_value(field: &SignedField, values: &[Cow<'_, str>]) -> Result<String, SignatureError> {
    let first = values.first().map(|v| v.as_ref());
    let bad = |reason| SignatureError::BadValue { path: field.path, reason };
    match field.format {
        Format::Text => Ok(first.unwrap_or_default().to_owned()),
        Format::Date => match first {
            None => Ok(String::new()),
            Some(v) => date_part(v).ok_or(bad("not an xsd:date or xsd:dateTime")),
        },
        Format::Boolean => match first {
            None | Some("false" | "0") => Ok("0".to_owned()),
            Some("true" | "1") => Ok("1".to_owned()),
            Some(_) => Err(bad("not an xsd:boolean")),
        },
        Format::List => {
            let items: Vec<&str> = values.iter().map(|v| v.as_ref()).collect();
            Ok(format!("[{}]", items.join(", ")))
        }
    }
}

/// The string to sign, without the key: the formatted values joined by the separator.
pub fn string_to_sign(spec: &SignatureSpec, values: &[Vec<Cow<'_, str>>]) -> Result<String, SignatureError> {
    if values.len() != spec.fields.len() {
        return Err(SignatureError::FieldCount { expected: spec.fields.len(), found: values.len() });
    }
    let parts = spec.fields.iter().zip(values).map(|(f, v)| format_value(f, v)).collect::<Result<Vec<_>, _>>()?;
    Ok(parts.join(spec.separator))
}

/// The signature: the digest of `string_to_sign`, the separator and the key.
pub fn digest(spec: &SignatureSpec, string_to_sign: &str, key: &Secret) -> String {
    match spec.digest {
        Digest::Sha1Hex => {
            let mut h = Sha1::new();
            h.update(string_to_sign.as_bytes());
            h.update(spec.separator.as_bytes());
            h.update(key.expose().as_bytes());
            lower_hex(&h.finalize())
        }
    }
}

fn lower_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

/// The key the request's mode selects.
pub fn select_key<'k, R: Signable + ?Sized>(
    spec: &SignatureSpec,
    keys: &'k SigningKeys,
    request: &R,
) -> Result<&'k Secret, SignatureError> {
    let mode = request.signing_mode();
    let role = mode.as_deref().and_then(|m| spec.keys.iter().find(|(v, _)| *v == m).map(|(_, r)| *r));
    let Some(role) = role else {
        return Err(SignatureError::UnknownMode { path: spec.mode, value: mode.map(Cow::into_owned) });
    };
    keys.get(role).ok_or(SignatureError::NoKey { role })
}

/// Signs `request` in place; returns the string to sign (without the key), for diagnostics.
pub fn sign<R: Signable + ?Sized>(
    spec: &SignatureSpec,
    keys: &SigningKeys,
    request: &mut R,
) -> Result<String, SignatureError> {
    let key = select_key(spec, keys, request)?;
    let text = string_to_sign(spec, &request.signed_values())?;
    let signature = digest(spec, &text, key);
    request.set_signature(signature);
    Ok(text)
}

/// The server refused the signature: our string to sign next to the server's (both without the
/// key), so the field that differs can be seen.
#[derive(Debug)]
pub struct BadSignature {
    /// The operation.
    pub operation: &'static str,
    /// The string we signed, without the key.
    pub ours: String,
    /// The string the server signed, without the key (Lyra sends it in TEST mode only).
    pub theirs: Option<String>,
    /// The refusal, with the typed response inside.
    pub rejected: crate::client::Rejected,
}

impl BadSignature {
    /// The index (in characters) of the first difference between the two strings, when the server
    /// sent its own.
    pub fn first_difference(&self) -> Option<usize> {
        let theirs = self.theirs.as_deref()?;
        let mut a = self.ours.chars();
        let mut b = theirs.chars();
        let mut i = 0;
        loop {
            match (a.next(), b.next()) {
                (None, None) => return None,
                (x, y) if x == y => i += 1,
                _ => return Some(i),
            }
        }
    }
}

impl fmt::Display for BadSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rejected with code {}: the server computed another signature; we signed {:?}",
            self.operation, self.rejected.code, self.ours
        )?;
        match (&self.theirs, self.first_difference()) {
            (Some(t), Some(i)) => write!(f, ", the server signed {t:?} (first difference at character {i})"),
            (Some(t), None) => write!(f, ", the server signed {t:?}"),
            (None, _) => f.write_str(" (the server gives its own string in TEST mode only)"),
        }
    }
}
