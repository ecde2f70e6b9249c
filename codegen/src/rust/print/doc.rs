//! `#[doc = "..."]` printed back as a `///` (or `//!`) comment, when the comment reads back as
//! the very same attribute.

use super::tree::Tok;

/// The text of the comment that stands for the attribute content `doc = "..."`: the string's
/// value, when the lexer turns that comment back into the same literal. Otherwise (escapes other
/// than `\"` and `\\`, characters printed escaped, a line break, an outer comment text that
/// starts with `/` and would make `////`) the attribute stays as it is.
pub(crate) fn comment(content: &[Tok], inner: bool) -> Option<String> {
    let [Tok::Word(w), Tok::Op("="), Tok::Lit(lit)] = content else { return None };
    if &**w != "doc" {
        return None;
    }
    let text = value(lit)?;
    if !inner && text.starts_with('/') {
        return None;
    }
    Some(text)
}

/// The value of a string literal, when each of its characters can stand in a comment: a raw
/// string (what `quote!` makes of a `///` comment), or a string whose only escapes are `\"` and
/// `\\` (a string `proc_macro2` made, which escapes everything else a comment cannot hold).
fn value(lit: &str) -> Option<String> {
    if let Some(raw) = lit.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let inner = raw.get(hashes..raw.len().checked_sub(hashes)?)?.strip_prefix('"')?.strip_suffix('"')?;
        return inner
            .chars()
            .all(|c| matches!(c, ' '..='~') || !c.is_ascii() && c.escape_debug().len() == 1)
            .then(|| inner.to_string());
    }
    let inner = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                c @ ('"' | '\\') => out.push(c),
                _ => return None,
            },
            '"' => return None,
            ' '..='~' => out.push(c),
            // Unescaped by `char::escape_debug`: printable, not a combining mark.
            c if !c.is_ascii() && c.escape_debug().len() == 1 => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lit: &str, inner: bool) -> Option<String> {
        comment(&[Tok::Word("doc".into()), Tok::Op("="), Tok::Lit(lit.into())], inner)
    }

    #[test]
    fn plain_and_unicode_text_becomes_a_comment() {
        assert_eq!(
            doc(r#"" Numéro de la transaction « x » \"y\" \\ z""#, false).as_deref(),
            Some(r#" Numéro de la transaction « x » "y" \ z"#)
        );
        assert_eq!(doc(r#""""#, false).as_deref(), Some(""));
    }

    #[test]
    fn what_a_comment_cannot_hold_stays_an_attribute() {
        assert_eq!(doc(r#"" a\tb""#, false), None);
        assert_eq!(doc(r#"" a\u{202e}b""#, false), None);
        assert_eq!(doc(r#""/ x""#, false), None);
        assert_eq!(doc(r#""/ x""#, true).as_deref(), Some("/ x"));
        assert_eq!(doc(r#"r" x""#, false).as_deref(), Some(" x"));
        assert_eq!(doc(r##"r#" "x" \n"#"##, false).as_deref(), Some(r#" "x" \n"#));
        assert_eq!(doc("r\" a\tb\"", false), None);
        assert_eq!(comment(&[Tok::Word("cfg".into()), Tok::Op("="), Tok::Lit(r#""x""#.into())], false), None);
    }

    #[test]
    fn comments_read_back_as_the_same_literal() {
        for text in [" plain", " é à « ç »", " \"quoted\" and \\", " emoji 🦀"] {
            let lit = proc_macro2::Literal::string(text).to_string();
            assert_eq!(value(&lit).as_deref(), Some(text), "{lit}");
        }
    }
}
