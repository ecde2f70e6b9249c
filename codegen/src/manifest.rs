//! `service.toml`: the small manifest beside each spec (module name, entry file, auth, endpoints,
//! business outcome, operations that move money).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{Diagnostic, Span};

/// A parsed manifest, with the spans of its entries for error reporting.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Directory of the manifest; spec files are relative to it.
    pub dir: PathBuf,
    pub span: Span,
    pub service: ServiceSection,
    pub auth: Auth,
    /// Named endpoints, in the manifest's order.
    pub endpoints: Vec<(String, String)>,
    pub outcome: Option<OutcomeSection>,
    pub money: MoneySection,
    /// The request signature the service requires, if any (see [`SignatureSection`]).
    pub signature: Option<SignatureSection>,
    /// Rules the client checks before sending that no facet can express (`[[check]]`).
    pub checks: Vec<CheckDecl>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSection {
    /// Rust module name and cargo feature of the generated crate.
    pub module: String,
    /// Prefix of the generated client type.
    pub name: String,
    /// Entry WSDL, relative to the manifest.
    pub wsdl: Option<String>,
    /// Entry argument table (JSON services), relative to the manifest.
    pub table: Option<String>,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "lowercase")]
pub enum Auth {
    /// No transport-level authentication.
    None,
    /// HTTP Basic: `user` and `password` say what they are for this provider.
    Basic { user: String, password: String },
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSection {
    /// Path of element local names, from the response element to the result code.
    pub code: Vec<String>,
    /// Path to a human-readable message, if any.
    pub message: Option<Vec<String>>,
    pub success: Vec<String>,
    #[serde(default)]
    pub warning: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneySection {
    /// Operations that create or move money: never retried once the request may have been sent.
    #[serde(default)]
    pub operations: Vec<String>,
}

mod checks;
mod signature;
pub use checks::CheckDecl;
pub use signature::{
    DigestDecl, FormattedField, KeyPlacement, KeyRoleDecl, SignatureSection, SignedFieldDecl, SignedFormat,
    SignedOperation,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    service: ServiceSection,
    #[serde(default = "no_auth")]
    auth: Auth,
    #[serde(default)]
    endpoints: toml::Table,
    outcome: Option<OutcomeSection>,
    #[serde(default)]
    money: MoneySection,
    signature: Option<SignatureSection>,
    #[serde(default, rename = "check")]
    checks: Vec<CheckDecl>,
}

fn no_auth() -> Auth {
    Auth::None
}

impl Manifest {
    /// Reads and checks `path` (a `service.toml`).
    pub fn load(path: &Path) -> Result<Manifest, Diagnostic> {
        let file: Arc<str> = path.display().to_string().into();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::new(Span::new(file.clone(), 1, 1), format!("cannot read manifest: {e}")))?;
        Self::parse(&text, path)
    }

    /// Parses manifest text; `path` locates it (and its directory anchors relative files).
    pub fn parse(text: &str, path: &Path) -> Result<Manifest, Diagnostic> {
        let file: Arc<str> = path.display().to_string().into();
        let span_at = |offset: usize| {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            Span::new(file.clone(), line, col)
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let span = e.span().map_or_else(|| span_at(0), |r| span_at(r.start));
            Diagnostic::new(span, format!("invalid manifest: {}", e.message().trim()))
                .with_hint("see specs/README.md for the service.toml format")
        })?;
        let here = span_at(0);
        let module_ok = !raw.service.module.is_empty()
            && raw.service.module.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && raw.service.module.starts_with(|c: char| c.is_ascii_lowercase());
        if !module_ok {
            return Err(Diagnostic::new(
                here,
                format!("module name `{}` is not a snake_case identifier", raw.service.module),
            )
            .with_hint("use lowercase letters, digits and underscores, starting with a letter"));
        }
        if raw.service.wsdl.is_some() == raw.service.table.is_some() {
            return Err(Diagnostic::new(here, "the [service] section needs exactly one of `wsdl` or `table`")
                .with_hint("`wsdl = \"x.wsdl\"` for SOAP services, `table = \"x.toml\"` for JSON argument tables"));
        }
        let mut endpoints = Vec::new();
        for (name, value) in &raw.endpoints {
            let Some(url) = value.as_str() else {
                return Err(Diagnostic::new(here, format!("endpoint `{name}` must be a URL string")));
            };
            endpoints.push((name.clone(), url.to_string()));
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Manifest {
            dir,
            span: here,
            service: raw.service,
            auth: raw.auth,
            endpoints,
            outcome: raw.outcome,
            money: raw.money,
            signature: raw.signature,
            checks: raw.checks,
        })
    }

    /// The entry spec file, resolved against the manifest's directory.
    pub fn entry(&self) -> PathBuf {
        let rel = self.service.wsdl.as_deref().or(self.service.table.as_deref()).unwrap_or_default();
        self.dir.join(rel)
    }
}

/// Endpoints keyed by name, for lookups.
pub fn endpoint_map(m: &Manifest) -> BTreeMap<&str, &str> {
    m.endpoints.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}
