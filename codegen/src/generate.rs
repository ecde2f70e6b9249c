//! The whole pipeline behind one call: manifest (or bare WSDL) → model → Rust files.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::load::Catalog;
use crate::manifest::{Auth, Manifest};
use crate::rust::{self, File, Options};

/// Generates the module of the service described by the manifest at `manifest_path`.
/// `source` is how generated files name their origin (e.g. `specs/payline`).
pub fn from_manifest(manifest_path: &Path, source: &str) -> Result<(Manifest, Vec<File>), Diagnostics> {
    from_manifest_with(manifest_path, source, &rust::print::file)
}

/// [`from_manifest`], the tokens of each file turned into text by `format` ([`rust::Format`]).
pub fn from_manifest_with(
    manifest_path: &Path,
    source: &str,
    format: rust::Format<'_>,
) -> Result<(Manifest, Vec<File>), Diagnostics> {
    let manifest = Manifest::load(manifest_path)?;
    let entry = manifest.entry();
    let service = match (&manifest.service.wsdl, &manifest.service.table) {
        (Some(_), _) => crate::wsdl::load_wsdl(&entry, &Catalog::default())?,
        _ => crate::table::load_table(&entry)?,
    };
    let options = Options {
        client_prefix: manifest.service.name.clone(),
        docs: manifest.service.docs.clone(),
        source: source.to_string(),
        auth: manifest.auth.clone(),
        endpoints: manifest.endpoints.clone(),
        outcome: manifest.outcome.clone(),
        money_operations: manifest.money.operations.clone(),
        signature: manifest.signature.clone(),
        checks: manifest.checks.clone(),
        server: true,
    };
    check_money_operations(&manifest, &service)?;
    let files = rust::render_with(&service, &options, None, format).map_err(|d| located(d, manifest_path))?;
    Ok((manifest, files))
}

/// Generates a module from any WSDL, without a manifest: no auth, the spec's own address.
pub fn from_wsdl(wsdl: &Path, catalog: &Catalog, source: &str) -> Result<Vec<File>, Diagnostics> {
    from_wsdl_in_parts(wsdl, catalog, source, None)
}

/// [`from_wsdl`] with the types rendered in `parts` parts ([`rust::render_in_parts`]): the same
/// output whatever `parts`.
pub fn from_wsdl_in_parts(
    wsdl: &Path,
    catalog: &Catalog,
    source: &str,
    parts: Option<usize>,
) -> Result<Vec<File>, Diagnostics> {
    from_wsdl_with(wsdl, catalog, source, parts, &rust::print::file)
}

/// [`from_wsdl_in_parts`], the tokens of each file turned into text by `format` ([`rust::Format`]).
pub fn from_wsdl_with(
    wsdl: &Path,
    catalog: &Catalog,
    source: &str,
    parts: Option<usize>,
    format: rust::Format<'_>,
) -> Result<Vec<File>, Diagnostics> {
    let service = crate::wsdl::load_wsdl(wsdl, catalog)?;
    let options = Options {
        client_prefix: service.name.clone(),
        docs: None,
        source: source.to_string(),
        auth: Auth::None,
        endpoints: Vec::new(),
        outcome: None,
        money_operations: Vec::new(),
        signature: None,
        checks: Vec::new(),
        // Bare WSDLs (the corpus, `xtask generate --wsdl`) get clients only for now.
        server: false,
    };
    rust::render_with(&service, &options, parts, format).map_err(|d| located(d, wsdl))
}

/// Errors of the renderer that no spec node explains (an internal error, a manifest-level check)
/// are located at the file the generator was given: every error names a file and a line.
fn located(d: Diagnostics, entry: &Path) -> Diagnostics {
    let file: std::sync::Arc<str> = std::sync::Arc::from(entry.display().to_string());
    Diagnostics(
        d.0.into_iter()
            .map(|mut d| {
                if d.span.file.is_empty() || d.span.line == 0 {
                    d.span = Span::new(file.clone(), 1, 1);
                    if d.hint.is_none() && d.message.starts_with("internal error") {
                        d.hint = Some("this is a generator bug: please report it with this spec".into());
                    }
                }
                d
            })
            .collect(),
    )
}

/// Every operation the manifest names must exist: a typo would silently allow retries.
fn check_money_operations(manifest: &Manifest, service: &crate::model::Service) -> Result<(), Diagnostics> {
    let known: std::collections::BTreeSet<&str> =
        service.ports.iter().flat_map(|p| p.operations.iter().map(|o| o.name.as_str())).collect();
    let errors: Vec<Diagnostic> = manifest
        .money
        .operations
        .iter()
        .filter(|o| !known.contains(o.as_str()))
        .map(|o| {
            Diagnostic::new(
                Span { ..manifest.span.clone() },
                format!("[money] names operation `{o}`, which the spec does not define"),
            )
            .with_hint("use the operation name exactly as in the WSDL")
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(Diagnostics(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_without_a_location_are_located_at_the_entry_file() {
        let d = Diagnostics(vec![Diagnostic::new(Span::default(), "internal error: generated x.rs does not parse")]);
        let d = located(d, Path::new("specs/x/x.wsdl"));
        assert_eq!(d.0[0].span.to_string(), "specs/x/x.wsdl:1:1");
        assert!(d.0[0].hint.as_deref().is_some_and(|h| h.contains("generator bug")));
    }
}
