//! XSD regular expressions → Rust `regex` syntax, checked at generation time.
//!
//! XSD patterns are implicitly anchored, treat `^` and `$` as ordinary characters, and have the
//! name-character escapes `\i` `\c` (and their negations). Everything else we accept is common to
//! both dialects (class subtraction `-[...]` becomes `regex`'s `--[...]`); what `regex` cannot compile is
//! reported.

/// The Rust form of an XSD pattern: anchored, with XSD-only escapes expanded.
pub fn to_rust(xsd: &str) -> Result<String, String> {
    let mut out = String::with_capacity(xsd.len() + 8);
    out.push_str("^(?:");
    let mut chars = xsd.chars().peekable();
    let mut in_class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else { return Err(format!("pattern `{xsd}` ends with a lone backslash")) };
                match e {
                    'i' => out.push_str(if in_class > 0 { "_:A-Za-z" } else { "[_:A-Za-z]" }),
                    'I' => out.push_str("[^_:A-Za-z]"),
                    'c' => out.push_str(if in_class > 0 { "\\-._:A-Za-z0-9" } else { "[\\-._:A-Za-z0-9]" }),
                    'C' => out.push_str("[^\\-._:A-Za-z0-9]"),
                    _ => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            '[' => {
                if in_class > 0 && out.ends_with('-') {
                    // XSD class subtraction `[a-z-[aeiou]]` is `regex`'s difference `[a-z--[aeiou]]`.
                    out.push('-');
                }
                in_class += 1;
                out.push('[');
            }
            ']' => {
                in_class = in_class.saturating_sub(1);
                out.push(']');
            }
            '^' | '$' if in_class == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push_str(")$");
    regex::Regex::new(&out).map_err(|e| format!("pattern `{xsd}` is not supported: {e}"))?;
    Ok(out)
}

/// A pattern made safe for a Markdown code span in docs.
pub fn escape_doc(p: &str) -> String {
    p.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::to_rust;

    #[test]
    fn anchors_and_escapes() {
        assert_eq!(to_rust("[0-9]{1,12}").unwrap(), "^(?:[0-9]{1,12})$");
        assert_eq!(to_rust("a$b^").unwrap(), "^(?:a\\$b\\^)$");
        assert_eq!(to_rust("[^a]").unwrap(), "^(?:[^a])$");
        assert!(to_rust("\\i\\c*").is_ok());
        assert_eq!(to_rust("[a-z-[aeiou]]").unwrap(), "^(?:[a-z--[aeiou]])$");
        let name = regex::Regex::new(&to_rust("[\\i-[:]][\\c-[:]]*").unwrap()).unwrap();
        assert!(name.is_match("ab-c") && !name.is_match("a:b"));
        assert!(to_rust("(").is_err());
    }
}
