//! Namespace-aware XML equivalence: two documents are equivalent when their element trees have the
//! same expanded names (namespace URI + local name, prefixes ignored), the same attributes other
//! than namespace declarations (values compared by expanded name for xsi:type), and the same text
//! once whitespace-only text between elements is dropped.

use roxmltree::{Document, Node};

/// `Ok(())` when equivalent, else the path of the first difference.
pub fn equivalent(a: &str, b: &str) -> Result<(), String> {
    let opts = || roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let da = Document::parse_with_options(a, opts()).map_err(|e| format!("left: {e}"))?;
    let db = Document::parse_with_options(b, opts()).map_err(|e| format!("right: {e}"))?;
    compare(da.root_element(), db.root_element(), &mut String::new())
}

fn name(n: Node<'_, '_>) -> String {
    match n.tag_name().namespace() {
        Some(ns) => format!("{{{ns}}}{}", n.tag_name().name()),
        None => n.tag_name().name().to_string(),
    }
}

/// xsi:type values are QNames, and SOAP encoding's arrayType a QName with dimensions (`p:T[3]`):
/// compare them resolved.
fn attr_value(n: Node<'_, '_>, a: &roxmltree::Attribute<'_, '_>) -> String {
    let xsi_type = a.namespace() == Some("http://www.w3.org/2001/XMLSchema-instance") && a.name() == "type";
    let array_type = a.namespace() == Some("http://schemas.xmlsoap.org/soap/encoding/") && a.name() == "arrayType";
    if xsi_type || array_type {
        let v = a.value();
        let (prefix, local) = v.split_once(':').map_or((None, v), |(p, l)| (Some(p), l));
        let ns = n.lookup_namespace_uri(prefix).unwrap_or("");
        return format!("{{{ns}}}{local}");
    }
    a.value().to_string()
}

/// Element children, and text children that are not whitespace only.
fn significant_children<'a, 'i>(n: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    n.children().filter(|c| c.is_element() || (c.is_text() && !c.text().unwrap_or("").trim().is_empty())).collect()
}

fn compare(a: Node<'_, '_>, b: Node<'_, '_>, path: &mut String) -> Result<(), String> {
    let len = path.len();
    path.push('/');
    path.push_str(a.tag_name().name());
    if name(a) != name(b) {
        return Err(format!("{path}: element {} vs {}", name(a), name(b)));
    }
    let attrs = |n: Node<'_, '_>| {
        let mut v: Vec<(String, String)> = n
            .attributes()
            .map(|x| (format!("{}|{}", x.namespace().unwrap_or(""), x.name()), attr_value(n, &x)))
            .collect();
        v.sort();
        v
    };
    if attrs(a) != attrs(b) {
        return Err(format!("{path}: attributes {:?} vs {:?}", attrs(a), attrs(b)));
    }
    let (ka, kb) = (significant_children(a), significant_children(b));
    if ka.len() != kb.len() {
        return Err(format!("{path}: {} children vs {}", ka.len(), kb.len()));
    }
    for (x, y) in ka.iter().zip(kb.iter()) {
        match (x.is_element(), y.is_element()) {
            (true, true) => compare(*x, *y, path)?,
            (false, false) => {
                if x.text() != y.text() {
                    return Err(format!("{path}: text {:?} vs {:?}", x.text(), y.text()));
                }
            }
            _ => return Err(format!("{path}: element vs text")),
        }
    }
    path.truncate(len);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::equivalent;

    #[test]
    fn prefixes_do_not_matter_but_names_and_text_do() {
        let a = r#"<a:x xmlns:a="urn:a"><y xmlns="urn:b">1</y></a:x>"#;
        let b = r#"<x xmlns="urn:a"><b:y xmlns:b="urn:b">1</b:y></x>"#;
        assert!(equivalent(a, b).is_ok());
        let c = r#"<x xmlns="urn:a"><b:y xmlns:b="urn:c">1</b:y></x>"#;
        assert!(equivalent(a, c).is_err());
        let d = r#"<x xmlns="urn:a"><b:y xmlns:b="urn:b">2</b:y></x>"#;
        assert!(equivalent(a, d).is_err());
    }
}
