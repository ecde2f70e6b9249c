//! Validation with a validator nobody here wrote: `xmllint --schema` (Debian's libxml2-utils).
//!
//! A WSDL's inline schemas are written out as standalone XSD files (namespace declarations of the
//! WSDL copied onto each schema, namespace-only imports given the sibling file as schemaLocation),
//! then each message body is validated against them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether xmllint is installed (CI installs it; a developer machine may not have it).
pub fn available() -> bool {
    Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success())
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// Writes the inline schemas of `wsdl` into `dir`, one file per schema, and returns the path of the
/// schema whose target namespace is `main_ns` (the one to validate against).
pub fn schemas_from_wsdl(wsdl: &Path, dir: &Path, main_ns: &str) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(wsdl).map_err(|e| format!("{}: {e}", wsdl.display()))?;
    let doc = roxmltree::Document::parse(&text).map_err(|e| e.to_string())?;
    let schemas: Vec<roxmltree::Node<'_, '_>> = doc.descendants().filter(|n| n.has_tag_name((XSD, "schema"))).collect();
    let file_of = |ns: &str| {
        format!(
            "schema-{}.xsd",
            ns.bytes().map(|b| if b.is_ascii_alphanumeric() { b as char } else { '_' }).collect::<String>()
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut main = None;
    for s in &schemas {
        let tns = s.attribute("targetNamespace").unwrap_or("");
        let src = &text[s.range()];
        // Declarations in scope on the schema element (from the WSDL root) become explicit.
        let decls: String = s
            .namespaces()
            .filter(|ns| !src.contains(&format!("xmlns:{}=", ns.name().unwrap_or("\u{0}"))) && ns.name().is_some())
            .map(|ns| format!(" xmlns:{}=\"{}\"", ns.name().unwrap_or_default(), ns.uri()))
            .collect();
        let Some(end_of_name) = src.find(|c: char| c.is_whitespace() || c == '>') else { continue };
        let mut out = format!("{}{}{}", &src[..end_of_name], decls, &src[end_of_name..]);
        for imp in s.children().filter(|c| c.has_tag_name((XSD, "import")) && c.attribute("schemaLocation").is_none()) {
            if let Some(ns) = imp.attribute("namespace") {
                let original = &text[imp.range()];
                let located =
                    original.replacen("namespace=", &format!("schemaLocation=\"{}\" namespace=", file_of(ns)), 1);
                out = out.replacen(original, &located, 1);
            }
        }
        let path = dir.join(file_of(tns));
        std::fs::write(&path, out).map_err(|e| e.to_string())?;
        if tns == main_ns {
            main = Some(path);
        }
    }
    main.ok_or_else(|| format!("no inline schema with targetNamespace {main_ns}"))
}

/// The first element child of the SOAP Body, as a standalone document with the namespace
/// declarations it needs.
pub fn body_child(envelope: &str) -> Result<String, String> {
    let doc = roxmltree::Document::parse(envelope).map_err(|e| e.to_string())?;
    let body = doc.descendants().find(|n| n.is_element() && n.tag_name().name() == "Body").ok_or("no Body")?;
    let child = body.children().find(|n| n.is_element()).ok_or("empty Body")?;
    let src = &envelope[child.range()];
    let decls: String = child
        .namespaces()
        .filter(|ns| {
            let attr = match ns.name() {
                Some(p) => format!("xmlns:{p}="),
                None => "xmlns=".to_string(),
            };
            !src[..src.find('>').unwrap_or(src.len())].contains(&attr)
        })
        .map(|ns| match ns.name() {
            Some(p) => format!(" xmlns:{p}=\"{}\"", ns.uri()),
            None => format!(" xmlns=\"{}\"", ns.uri()),
        })
        .collect();
    let end = src.find(|c: char| c.is_whitespace() || c == '>' || c == '/').ok_or("bad element")?;
    Ok(format!("{}{}{}", &src[..end], decls, &src[end..]))
}

/// Validates `xml` against `schema`; the error carries xmllint's own message.
pub fn validate(schema: &Path, xml: &str, scratch: &Path) -> Result<(), String> {
    std::fs::write(scratch, xml).map_err(|e| e.to_string())?;
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(schema)
        .arg(scratch)
        .output()
        .map_err(|e| format!("cannot run xmllint: {e}"))?;
    if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
}
