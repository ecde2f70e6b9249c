//! The XML tokenizer under [`XmlReader`](super::XmlReader): one pass over a `&str`, every token a
//! slice of the input, nothing allocated unless a text or attribute value holds a reference or a
//! carriage return.
//!
//! Why our own: the reader needs only start and end tags, text and CDATA, and a generic event
//! API (quick-xml's) cost two thirds of a typed parse in name copies, end-name bookkeeping and
//! per-event dispatch. Well-formedness stays checked where it decides meaning: tag and attribute
//! syntax, quoting, duplicate attributes, references (only the five predefined entities exist; a
//! DOCTYPE is refused by the reader), matching end tags (checked by the reader, which knows the
//! open elements).

use std::borrow::Cow;

use memchr::{memchr, memchr_iter, memchr2, memchr3, memmem};

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    pub position: usize,
    pub message: &'static str,
}

/// A start tag: its qualified name and the raw text of its attributes, both slices of the input
/// (kept small: tokens are moved at every step of the reader).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tag<'a> {
    pub name: &'a str,
    /// Everything between the name and `>` or `/>` (starts with whitespace when not empty).
    pub attrs: &'a str,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Token<'a> {
    Start(Tag<'a>),
    /// A self-closing tag `<a/>`.
    Empty(Tag<'a>),
    /// An end tag and its qualified name.
    End(&'a str),
    /// Character data as written (references and line ends not decoded: see [`decode_text`]).
    Text(&'a str),
    /// The content of a CDATA section, as written.
    CData(&'a str),
    Comment,
    /// A processing instruction other than the XML declaration.
    Pi,
    /// The XML declaration `<?xml ...?>`.
    Decl,
    DocType,
    Eof,
}

pub(crate) struct Lexer<'a> {
    input: &'a str,
    pos: usize,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Bytes that cannot be part of a name (the rest of the XML name rules are not checked: a name
/// only has to be matched, never interpreted).
fn bad_name(name: &str) -> bool {
    name.is_empty() || name.bytes().any(|b| matches!(b, b'<' | b'>' | b'"' | b'\'' | b'=' | b'&' | b'/'))
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Self {
        Lexer { input, pos: 0 }
    }

    /// Offset of the next unread byte.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Moves past a token the reader recognized itself (its fast paths, see `reader.rs`).
    #[inline]
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }

    #[inline]
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// Offset in the input of `s`, a slice of it.
    pub fn offset_of(&self, s: &str) -> usize {
        (s.as_ptr() as usize).wrapping_sub(self.input.as_ptr() as usize)
    }

    /// Offset of a tag's `<`.
    pub fn tag_start(&self, tag: &Tag<'_>) -> usize {
        self.offset_of(tag.name).saturating_sub(1)
    }

    pub fn attributes(&self, tag: &Tag<'a>) -> Attributes<'a> {
        Attributes { s: tag.attrs, pos: 0, base: self.offset_of(tag.attrs) }
    }

    fn err<T>(&self, at: usize, message: &'static str) -> Result<T, LexError> {
        Err(LexError { position: at, message })
    }

    /// `self.input[a..b]`; the bounds are always ASCII delimiters found by the scanner, so the
    /// slice is on character boundaries.
    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.input.get(a..b).unwrap_or_default()
    }

    pub fn next_token(&mut self) -> Result<Token<'a>, LexError> {
        let bytes = self.input.as_bytes();
        let start = self.pos;
        if start >= bytes.len() {
            return Ok(Token::Eof);
        }
        if bytes[start] != b'<' {
            let end = memchr(b'<', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            self.pos = end;
            return Ok(Token::Text(self.slice(start, end)));
        }
        match bytes.get(start + 1) {
            Some(b'/') => {
                let Some(gt) = memchr(b'>', &bytes[start + 2..]).map(|i| start + 2 + i) else {
                    return self.err(start, "unclosed end tag");
                };
                // Not validated here: the reader compares it with the start tag's name.
                let mut end = gt;
                while end > start + 2 && is_ws(bytes[end - 1]) {
                    end -= 1;
                }
                self.pos = gt + 1;
                Ok(Token::End(self.slice(start + 2, end)))
            }
            Some(b'!') => {
                let rest = &bytes[start..];
                if rest.starts_with(b"<!--") {
                    let Some(end) = memmem::find(&rest[4..], b"-->") else {
                        return self.err(start, "unclosed comment");
                    };
                    let body = &rest[4..4 + end];
                    if memmem::find(body, b"--").is_some() || body.ends_with(b"-") {
                        return self.err(start, "'--' inside a comment");
                    }
                    self.pos = start + 4 + end + 3;
                    Ok(Token::Comment)
                } else if rest.starts_with(b"<![CDATA[") {
                    let Some(end) = memmem::find(&rest[9..], b"]]>") else {
                        return self.err(start, "unclosed CDATA section");
                    };
                    self.pos = start + 9 + end + 3;
                    Ok(Token::CData(self.slice(start + 9, start + 9 + end)))
                } else if rest.starts_with(b"<!DOCTYPE") {
                    Ok(Token::DocType)
                } else {
                    self.err(start, "malformed markup declaration")
                }
            }
            Some(b'?') => {
                let Some(end) = memmem::find(&bytes[start + 2..], b"?>") else {
                    return self.err(start, "unclosed processing instruction");
                };
                let body = self.slice(start + 2, start + 2 + end);
                self.pos = start + 2 + end + 2;
                let target = body.split([' ', '\t', '\r', '\n']).next().unwrap_or_default();
                if !super::valid_qname("", target, false) {
                    return self.err(start, "processing instruction without a valid target");
                }
                if target.eq_ignore_ascii_case("xml") {
                    if target != "xml" || start != 0 || !valid_decl(&body[3..]) {
                        return self.err(start, "malformed or misplaced XML declaration");
                    }
                    return Ok(Token::Decl);
                }
                Ok(Token::Pi)
            }
            Some(_) => self.start_tag(start),
            None => self.err(start, "unclosed tag"),
        }
    }

    fn start_tag(&mut self, at: usize) -> Result<Token<'a>, LexError> {
        let bytes = self.input.as_bytes();
        let mut i = at + 1;
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/' => break,
                b'<' | b'"' | b'\'' | b'=' | b'&' => return self.err(at, "malformed start tag"),
                _ => i += 1,
            }
        }
        if i == at + 1 {
            return self.err(at, "malformed start tag");
        }
        let name = self.slice(at + 1, i);
        // The common case, a tag without attributes: `<name>`.
        if bytes.get(i) == Some(&b'>') {
            self.pos = i + 1;
            return Ok(Token::Start(Tag { name, attrs: self.slice(i, i) }));
        }
        let attrs_at = i;
        // The closing `>`, skipping quoted values (a `>` is allowed inside them).
        loop {
            let Some(k) = memchr3(b'>', b'"', b'\'', &bytes[i..]) else {
                return self.err(at, "unclosed start tag");
            };
            let k = i + k;
            match bytes[k] {
                b'>' => {
                    let empty = k > attrs_at && bytes[k - 1] == b'/';
                    let attrs_end = if empty { k - 1 } else { k };
                    let attrs = self.slice(attrs_at, attrs_end);
                    if memchr(b'<', attrs.as_bytes()).is_some() {
                        return self.err(at, "'<' inside a start tag");
                    }
                    self.pos = k + 1;
                    let tag = Tag { name, attrs };
                    return Ok(if empty { Token::Empty(tag) } else { Token::Start(tag) });
                }
                quote => match memchr(quote, &bytes[k + 1..]) {
                    Some(close) => i = k + 1 + close + 1,
                    None => return self.err(at, "unclosed attribute value"),
                },
            }
        }
    }
}

/// `version="1.x"`, then optionally `encoding="..."` and `standalone="yes|no"`, in that order.
fn valid_decl(body: &str) -> bool {
    let mut attrs = Attributes { s: body, pos: 0, base: 0 };
    let mut expect = ["version", "encoding", "standalone"].into_iter();
    let mut first = true;
    for a in &mut attrs {
        let Ok((name, value)) = a else { return false };
        let Some(found) = expect.by_ref().find(|e| *e == name) else { return false };
        let ok = match found {
            "version" => value.len() >= 3 && value.starts_with("1.") && value[2..].bytes().all(|b| b.is_ascii_digit()),
            "encoding" => {
                !value.is_empty()
                    && value.as_bytes()[0].is_ascii_alphabetic()
                    && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            _ => matches!(value, "yes" | "no"),
        };
        if !ok || (first && found != "version") {
            return false;
        }
        first = false;
    }
    !first
}

/// The attributes of a start tag: (qualified name, raw value). Syntax is checked as they go.
pub(crate) struct Attributes<'a> {
    s: &'a str,
    pos: usize,
    base: usize,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<(&'a str, &'a str), LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.s.as_bytes();
        let err = |at: usize, message| Some(Err(LexError { position: self.base + at, message }));
        let mut i = self.pos;
        let had_space = i < b.len() && is_ws(b[i]);
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        if i == b.len() {
            self.pos = i;
            return None;
        }
        if !had_space {
            return err(i, "attributes must be separated by whitespace");
        }
        let name_start = i;
        while i < b.len() && !is_ws(b[i]) && b[i] != b'=' {
            i += 1;
        }
        let name = self.s.get(name_start..i).unwrap_or_default();
        if bad_name(name) {
            return err(name_start, "malformed attribute name");
        }
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return err(i, "attribute without a value");
        }
        i += 1;
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        let quote = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return err(i, "attribute value not quoted"),
        };
        let Some(close) = memchr(quote, &b[i + 1..]) else {
            return err(i, "unclosed attribute value");
        };
        let value = self.s.get(i + 1..i + 1 + close).unwrap_or_default();
        self.pos = i + 1 + close + 1;
        Some(Ok((name, value)))
    }
}

/// Text content as XML means it: line ends normalized to `\n`, references decoded.
/// `]]>` is not allowed in character data.
pub(crate) fn decode_text(raw: &str, at: usize) -> Result<Cow<'_, str>, LexError> {
    let b = raw.as_bytes();
    if memchr3(b'&', b'\r', b'>', b).is_none() {
        return Ok(Cow::Borrowed(raw));
    }
    // `]]>` can only end at a `>` (rare in text): no substring searcher built per text.
    if let Some(k) = memchr_iter(b'>', b).find(|&k| k.checked_sub(2).and_then(|i| b.get(i..k)) == Some(b"]]")) {
        return Err(LexError { position: at + k - 2, message: "']]>' in character data" });
    }
    if memchr2(b'&', b'\r', b).is_none() {
        return Ok(Cow::Borrowed(raw));
    }
    decode(raw, at, false).map(Cow::Owned)
}

/// An attribute value as XML means it: references decoded, each whitespace character (and each
/// `\r\n`) a space.
pub(crate) fn decode_attr(raw: &str, at: usize) -> Result<Cow<'_, str>, LexError> {
    let b = raw.as_bytes();
    if memchr3(b'&', b'\r', b'\n', b).is_none() && memchr(b'\t', b).is_none() {
        return Ok(Cow::Borrowed(raw));
    }
    decode(raw, at, true).map(Cow::Owned)
}

/// CDATA content: only line ends are normalized.
pub(crate) fn decode_cdata(raw: &str) -> Cow<'_, str> {
    if memchr(b'\r', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
}

fn decode(raw: &str, at: usize, attribute: bool) -> Result<String, LexError> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    loop {
        let b = rest.as_bytes();
        let next = if attribute {
            b.iter().position(|&c| matches!(c, b'&' | b'\r' | b'\n' | b'\t'))
        } else {
            memchr2(b'&', b'\r', b)
        };
        let Some(k) = next else {
            out.push_str(rest);
            return Ok(out);
        };
        out.push_str(rest.get(..k).unwrap_or_default());
        let here = at + (raw.len() - rest.len()) + k;
        match b[k] {
            b'&' => {
                let Some(semi) = memchr(b';', &b[k..]) else {
                    return Err(LexError { position: here, message: "unterminated reference" });
                };
                let name = rest.get(k + 1..k + semi).unwrap_or_default();
                out.push(
                    reference(name).ok_or(LexError { position: here, message: "undefined or invalid reference" })?,
                );
                rest = rest.get(k + semi + 1..).unwrap_or_default();
            }
            b'\r' => {
                out.push(if attribute { ' ' } else { '\n' });
                let skip = if b.get(k + 1) == Some(&b'\n') { 2 } else { 1 };
                rest = rest.get(k + skip..).unwrap_or_default();
            }
            _ => {
                // `\n` or `\t` in an attribute value.
                out.push(' ');
                rest = rest.get(k + 1..).unwrap_or_default();
            }
        }
    }
}

/// The character of a reference's name (`lt`, `#10`, `#x1F600`): only the predefined entities
/// and characters XML allows.
fn reference(name: &str) -> Option<char> {
    let code = match name {
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "amp" => return Some('&'),
        "apos" => return Some('\''),
        "quot" => return Some('"'),
        _ => match name.strip_prefix("#x") {
            Some(hex) if !hex.is_empty() && hex.len() <= 6 => u32::from_str_radix(hex, 16).ok()?,
            Some(_) => return None,
            None => {
                let dec = name.strip_prefix('#')?;
                if dec.is_empty() || dec.len() > 7 || !dec.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                dec.parse().ok()?
            }
        },
    };
    let c = char::from_u32(code)?;
    let allowed = matches!(code, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF);
    allowed.then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &str) -> Result<Vec<String>, LexError> {
        let mut lexer = Lexer::new(input);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token()?;
            out.push(match t {
                Token::Start(tag) => format!("start {} [{}]", tag.name, tag.attrs),
                Token::Empty(tag) => format!("empty {} [{}]", tag.name, tag.attrs),
                Token::End(n) => format!("end {n}"),
                Token::Text(t) => format!("text {t:?}"),
                Token::CData(t) => format!("cdata {t:?}"),
                Token::Comment => "comment".into(),
                Token::Pi => "pi".into(),
                Token::Decl => "decl".into(),
                Token::DocType => return Ok(out),
                Token::Eof => return Ok(out),
            });
        }
    }

    #[test]
    fn tokens_of_a_small_document() {
        let doc = "<?xml version=\"1.0\"?><!-- c --><a:x xmlns:a='u' b=\"1>2\">t<![CDATA[<raw>]]><y/><?pi d?></a:x >";
        assert_eq!(
            tokens(doc).expect("well-formed"),
            [
                "decl",
                "comment",
                "start a:x [ xmlns:a='u' b=\"1>2\"]",
                "text \"t\"",
                "cdata \"<raw>\"",
                "empty y []",
                "pi",
                "end a:x",
            ]
        );
    }

    #[test]
    fn malformed_markup_is_an_error_with_its_offset() {
        for (doc, at) in [
            ("<a", 0),
            ("<a b='1>", 0),
            ("x</a", 1),
            ("<!-- x", 0),
            ("<![CDATA[x", 0),
            ("<?pi", 0),
            ("<!ELEMENT a>", 0),
            ("<>", 0),
            ("<a b='<'>", 0),
        ] {
            let e = tokens(doc).expect_err(doc);
            assert_eq!(e.position, at, "{doc}: {e:?}");
        }
    }

    #[test]
    fn attributes_are_checked_as_they_are_read() {
        let attrs = |s: &str| -> Result<Vec<(String, String)>, LexError> {
            let tag = Tag { name: "a", attrs: s };
            Lexer::new(s).attributes(&tag).map(|r| r.map(|(n, v)| (n.to_string(), v.to_string()))).collect()
        };
        assert_eq!(attrs(" a = '1' b=\"x'y\"").expect("valid"), [("a".into(), "1".into()), ("b".into(), "x'y".into())]);
        assert_eq!(attrs("").expect("none"), []);
        for bad in [" a", " a=1", " a='1'b='2'", " ='1'", " a='1", " a<='1'"] {
            assert!(attrs(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn references_and_line_ends_decode_as_xml_says() {
        assert!(matches!(decode_text("plain", 0), Ok(Cow::Borrowed("plain"))));
        assert_eq!(decode_text("a &amp; b&#x20;&#233;&lt;\r\nc\rd", 0).expect("valid"), "a & b é<\nc\nd");
        assert_eq!(decode_text("a&#13;\r&amp;", 0).expect("valid"), "a\r\n&");
        assert_eq!(decode_attr("a\tb\r\nc&#10;d", 0).expect("valid"), "a b c\nd");
        for bad in ["&nbsp;", "&#0;", "&#xD800;", "&#x110000;", "& x", "&#;", "&#x;", "&#12a;", "&#99999999;"] {
            let e = decode_text(bad, 5).expect_err(bad);
            assert_eq!(e.position, 5, "{bad}");
        }
        assert_eq!(decode_cdata("a\r\nb\rc"), "a\nb\nc");
        // `]]>` is refused where it starts; `>` and `]>` alone are text.
        for (text, at) in [("a]]>b", 1), ("]]>", 0), ("x>]]]>", 3), ("&amp;]]>", 5)] {
            assert_eq!(decode_text(text, 10).expect_err(text).position, 10 + at, "{text}");
        }
        for text in ["a>b", "]>", "]] >", "&gt;]]&gt;", ">]]"] {
            assert!(decode_text(text, 0).is_ok(), "{text}");
        }
    }
}
