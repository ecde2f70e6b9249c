//! `[signature]`: a request signature the service requires, declared as data.
//!
//! ```toml
//! [signature]
//! digest = "sha1-hex"             # SHA-1 of the UTF-8 string, lowercase hexadecimal
//! separator = "+"                 # joins the values
//! key = "append"                  # the key goes last, after the separator
//! target = "wsSignature"          # element receiving the signature (path from the request element)
//! refused = "BAD_SIGNATURE"       # response code: the server computed another signature
//! server_string = "return/extendedCode"  # where such a response carries the server's string to sign
//! keys = { TEST = "test", PRODUCTION = "production" }  # mode value → configured key
//!
//! [[signature.operation]]
//! name = "create"
//! mode = "info/ctxMode"           # element whose value selects the key
//! fields = ["info/shopId", { path = "info/validity", format = "date" }, ...]
//! ```
//!
//! Paths are element local names separated by `/`, from the request (or response) element.
//! Formats: `text` (default: the value as sent, absent → empty), `date` (`YYYYMMDD` of an
//! xsd:date/dateTime as sent), `list` (`[a, b]` over a repeated element), `boolean` (`1`/`0`,
//! absent → `0`). The runtime (`runtime::signature`) implements them; generated code only
//! carries the declaration and extracts the values.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureSection {
    pub digest: DigestDecl,
    /// Joins the values, and goes between the last value and the key.
    pub separator: String,
    /// Where the key goes (only `append`: last, after the separator).
    pub key: KeyPlacement,
    /// Element (path from the request element) receiving the signature; the caller never sets it.
    pub target: String,
    /// Response code meaning the server computed another signature.
    pub refused: Option<String>,
    /// Path (from the response element) of the server's string to sign, sent with a refusal.
    pub server_string: Option<String>,
    /// Value of the mode element → which configured key signs.
    pub keys: BTreeMap<String, KeyRoleDecl>,
    /// The signed operations.
    #[serde(rename = "operation")]
    pub operations: Vec<SignedOperation>,
}

impl SignatureSection {
    /// The declaration of operation `name`, if it is signed.
    pub fn operation(&self, name: &str) -> Option<&SignedOperation> {
        self.operations.iter().find(|o| o.name == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum DigestDecl {
    #[serde(rename = "sha1-hex")]
    Sha1Hex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyPlacement {
    Append,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyRoleDecl {
    Test,
    Production,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedOperation {
    /// Operation name as in the WSDL.
    pub name: String,
    /// Element (path from the request element) whose value selects the key.
    pub mode: String,
    /// The signed values, in order.
    pub fields: Vec<SignedFieldDecl>,
}

/// A signed element: a bare path (format `text`) or `{ path, format }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum SignedFieldDecl {
    Path(String),
    Formatted(FormattedField),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormattedField {
    pub path: String,
    pub format: SignedFormat,
}

impl SignedFieldDecl {
    pub fn path(&self) -> &str {
        match self {
            SignedFieldDecl::Path(p) => p,
            SignedFieldDecl::Formatted(f) => &f.path,
        }
    }
    pub fn format(&self) -> SignedFormat {
        match self {
            SignedFieldDecl::Path(_) => SignedFormat::Text,
            SignedFieldDecl::Formatted(f) => f.format,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignedFormat {
    Text,
    Date,
    List,
    Boolean,
}
