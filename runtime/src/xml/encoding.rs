//! Bringing non-UTF-8 documents to UTF-8 before reading (the reader itself reads UTF-8 only).

use std::borrow::Cow;

/// Windows-1252 code points for bytes 0x80..=0x9F (undefined bytes map to the C1 control).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
    0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0x009D, 0x017E, 0x0178,
];

/// The `encoding` pseudo-attribute of the XML declaration, if any (ASCII-compatible input).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(256))?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_ascii_lowercase())
}

/// Returns `bytes` as UTF-8: unchanged when already UTF-8 (the common case, no copy);
/// transcoded from UTF-16 (with a BOM) or from an ISO-8859-1 / Windows-1252 / US-ASCII document
/// that declares so. Anything else is returned unchanged (the reader then reports invalid UTF-8).
///
/// The declaration wins over a guess: a document that declares ISO-8859-1 is read as such even when
/// its bytes happen to be valid UTF-8 (`Ã©` written in Latin-1 is the bytes of `é` in UTF-8).
pub fn to_utf8(bytes: &[u8]) -> Cow<'_, [u8]> {
    // The declaration first (a few bytes), the whole document only when it declares a
    // single-byte encoding: the reader validates UTF-8 in its own single pass, so a document left
    // as it is here is not scanned twice.
    let single_byte = bytes.starts_with(b"<?xml")
        && matches!(
            declared_encoding(bytes).as_deref(),
            Some("iso-8859-1" | "latin1" | "iso_8859-1" | "l1" | "us-ascii" | "ascii" | "windows-1252" | "cp1252")
        )
        && !bytes.is_ascii();
    // Valid UTF-8 never starts with 0xFF or 0xFE: anything else is returned as it is (invalid
    // UTF-8 is then the reader's error).
    if !single_byte && !matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]) {
        return Cow::Borrowed(bytes);
    }
    let utf16 = |le: bool| -> Cow<'_, [u8]> {
        let units = bytes[2..]
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
        let s: String = char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
        Cow::Owned(s.into_bytes())
    };
    match bytes {
        [0xFF, 0xFE, ..] => return utf16(true),
        [0xFE, 0xFF, ..] => return utf16(false),
        _ => {}
    }
    match declared_encoding(bytes).as_deref() {
        Some("iso-8859-1" | "latin1" | "iso_8859-1" | "l1" | "us-ascii" | "ascii") => {
            Cow::Owned(bytes.iter().map(|&b| b as char).collect::<String>().into_bytes())
        }
        Some("windows-1252" | "cp1252") => Cow::Owned(
            bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => char::from_u32(u32::from(CP1252_HIGH[(b - 0x80) as usize])).unwrap_or('\u{FFFD}'),
                    _ => b as char,
                })
                .collect::<String>()
                .into_bytes(),
        ),
        _ => Cow::Borrowed(bytes),
    }
}
