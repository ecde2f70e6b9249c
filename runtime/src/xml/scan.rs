//! The reader's fast paths: byte scanners for the three tokens almost every SOAP response is made
//! of (a start tag without attributes, the end tag of the current element, text without
//! markup). Each recognizes only input whose meaning is certain and returns `None` for anything
//! else; the reader then reads the same bytes through the general path (the lexer), so a fast
//! path never decides that something is an error, nor accepts anything the general path would
//! refuse.

use memchr::{memchr, memchr3};

/// May continue an ASCII NCName: letters, digits, `_`, `-`, `.`.
const CONT: u8 = 1;
/// May start an ASCII NCName: letters and `_`.
const FIRST: u8 = 2;
/// XML whitespace.
const WS: u8 = 4;
/// In text: a byte [`super::lexer::decode_text`] must see (`&`, `\r`, and `>`, which may close
/// a forbidden `]]>`).
const SPECIAL: u8 = 8;
/// In text: `<`, the end of the run.
const LT: u8 = 16;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphabetic() || b == b'_' {
            CONT | FIRST
        } else if b.is_ascii_digit() || b == b'-' || b == b'.' {
            CONT
        } else if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            WS
        } else {
            0
        };
        if matches!(b, b'&' | b'\r' | b'>') {
            t[c] |= SPECIAL;
        }
        if b == b'<' {
            t[c] |= LT;
        }
        c += 1;
    }
    t
};

#[inline(always)]
fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

/// A start tag recognized by [`plain_tag`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlainTag {
    /// Offset just past the name (the `>` or `/`).
    pub name_end: usize,
    /// Offset of the colon between prefix and local name; 0 when unprefixed (offset 0 is the
    /// tag's `<` at the earliest, never a colon).
    pub colon: usize,
    /// Offset just past the tag.
    pub next: usize,
    /// `<a/>`.
    pub empty: bool,
}

/// The start tag at `at` (a `<`), when it is `<name>` or `<name/>` with an ASCII,
/// namespace-well-formed name (`local` or `prefix:local`, each an NCName) and no attributes.
#[inline(always)]
pub(crate) fn plain_tag(b: &[u8], at: usize) -> Option<PlainTag> {
    let mut i = at + 1;
    if class(*b.get(i)?) & FIRST == 0 {
        return None;
    }
    i = name_rest(b, i + 1);
    let mut colon = 0;
    if b.get(i) == Some(&b':') {
        if class(*b.get(i + 1)?) & FIRST == 0 {
            return None;
        }
        colon = i;
        i = name_rest(b, i + 2);
    }
    match *b.get(i)? {
        b'>' => Some(PlainTag { name_end: i, colon, next: i + 1, empty: false }),
        b'/' if b.get(i + 1) == Some(&b'>') => Some(PlainTag { name_end: i, colon, next: i + 2, empty: true }),
        _ => None,
    }
}

/// The end of the NCName characters from `i` on.
#[inline(always)]
fn name_rest(b: &[u8], mut i: usize) -> usize {
    // Eight bytes per bounds check (names are short: one chunk, most of the time).
    while let Some(chunk) = b.get(i..i + 8).and_then(|c| <&[u8; 8]>::try_from(c).ok()) {
        for (k, &c) in chunk.iter().enumerate() {
            if class(c) & CONT == 0 {
                return i + k;
            }
        }
        i += 8;
    }
    while i < b.len() && class(b[i]) & CONT != 0 {
        i += 1;
    }
    i
}

/// Offset just past `</qname>` when the bytes at `at` are exactly that (no whitespace before
/// the `>`: the general path handles that form).
#[inline(always)]
pub(crate) fn end_tag(b: &[u8], at: usize, qname: &[u8]) -> Option<usize> {
    let name_at = at + 2;
    let name = b.get(name_at..name_at + qname.len())?;
    if b.get(at + 1) != Some(&b'/') || !same_short(name, qname) {
        return None;
    }
    let gt = name_at + qname.len();
    (b.get(gt) == Some(&b'>')).then_some(gt + 1)
}

/// One in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// Equality of two byte strings: names (a few bytes) in at most two overlapping words, longer
/// ones (namespace URIs) word by word. A `memcmp` call, or a byte loop, costs more than that.
#[inline(always)]
pub(crate) fn same_short(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| s.get(at..at + 8).and_then(|w| w.try_into().ok()).map(u64::from_ne_bytes);
    let half = |s: &[u8], at: usize| s.get(at..at + 4).and_then(|w| w.try_into().ok()).map(u32::from_ne_bytes);
    match n {
        0..4 => a.iter().zip(b).all(|(x, y)| x == y),
        4..8 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        // Namespace URIs: word by word, the last word overlapping.
        _ => {
            let load = |w: &[u8]| w.try_into().map_or(0, u64::from_ne_bytes);
            a.chunks_exact(8).zip(b.chunks_exact(8)).all(|(x, y)| load(x) == load(y))
                && word(a, n - 8) == word(b, n - 8)
        }
    }
}

/// The first offset at or after `at` that is not XML whitespace.
#[inline(always)]
pub(crate) fn skip_ws(b: &[u8], mut at: usize) -> usize {
    // Markup follows markup, most of the time.
    if b.get(at) == Some(&b'<') {
        return at;
    }
    while at < b.len() && class(b[at]) & WS != 0 {
        at += 1;
    }
    at
}

/// The run of character data at `start`: its end (the next `<`, or the end of input), and
/// whether it holds a byte that needs decoding or checking.
#[inline(always)]
pub(crate) fn text_run(b: &[u8], start: usize) -> (usize, bool) {
    // Values are short: eight bytes at a time for 32 bytes, then vector search.
    let mut special = 0;
    let mut i = start;
    while i < start + 32
        && let Some(w) = b.get(i..i + 8).and_then(|w| w.try_into().ok()).map(u64::from_le_bytes)
    {
        let lt = bytes_equal_to(w, b'<');
        // `<` and `>` in one test (they differ by one bit): the `<` itself is not before itself.
        let sp = bytes_equal_to(w | (ONES * 2), b'>') | bytes_equal_to(w, b'&') | bytes_equal_to(w, b'\r');
        if lt != 0 {
            // The lowest flag is exact; a flag above a real match may be spurious, never one below
            // it, so the specials before the `<` are exactly the flags below its flag.
            let before = lt.wrapping_sub(1) & !lt;
            return (i + (lt.trailing_zeros() / 8) as usize, special != 0 || sp & before != 0);
        }
        special |= sp;
        i += 8;
    }
    if i < start + 32 {
        // Fewer than eight bytes left in the input.
        while let Some(&c) = b.get(i) {
            let c = class(c);
            if c & LT != 0 {
                break;
            }
            special |= u64::from(c & SPECIAL);
            i += 1;
        }
        return (i, special != 0);
    }
    let rest = b.get(i..).unwrap_or_default();
    let end = memchr(b'<', rest).map_or(b.len(), |k| i + k);
    (end, special != 0 || memchr3(b'&', b'\r', b'>', b.get(i..end).unwrap_or_default()).is_some())
}

/// Whether text holds a byte the writer escapes in character data (`&`, `<`, `>`, CR): eight
/// bytes at a time.
#[inline]
pub(crate) fn needs_escape(b: &[u8]) -> bool {
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let w = w.try_into().map_or(0, u64::from_le_bytes);
        if bytes_equal_to(w, b'&') | bytes_equal_to(w, b'<') | bytes_equal_to(w, b'>') | bytes_equal_to(w, b'\r') != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|c| matches!(c, b'&' | b'<' | b'>' | b'\r'))
}

/// A word with the high bit set in each byte of `w` equal to `c` (the lowest such flag is exact;
/// flags above it may be spurious).
#[inline(always)]
pub(crate) fn bytes_equal_to(w: u64, c: u8) -> u64 {
    let x = w ^ (ONES * u64::from(c));
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_tags_only() {
        let t = |s: &str| plain_tag(s.as_bytes(), 0);
        assert_eq!(t("<a>"), Some(PlainTag { name_end: 2, colon: 0, next: 3, empty: false }));
        assert_eq!(t("<p:ab/>x"), Some(PlainTag { name_end: 5, colon: 2, next: 7, empty: true }));
        assert_eq!(t("<_a.b-c9>"), Some(PlainTag { name_end: 8, colon: 0, next: 9, empty: false }));
        // Left to the general path: attributes, whitespace, odd names, non-ASCII, truncation.
        for s in [
            "<a b='1'>",
            "<a >",
            "<a/ >",
            "<a/",
            "<a",
            "<",
            "<1a>",
            "<-a>",
            "<:a>",
            "<a:>",
            "<a:1>",
            "<a:b:c>",
            "<é>",
            "<aé>",
            "<a\u{0}>",
            "<a=>",
            "<a&>",
            "<a:-b>",
        ] {
            assert_eq!(t(s), None, "{s}");
        }
    }

    #[test]
    fn short_comparisons() {
        let all = "abcdefghijklmnopqrstuvwxyz0123456789";
        let all = format!("{all}{all}");
        for n in 0..all.len() - 1 {
            let a = &all.as_bytes()[..n];
            assert!(same_short(a, a));
            for i in 0..n {
                let mut b = a.to_vec();
                b[i] = b'.';
                assert!(!same_short(a, &b), "{n} {i}");
            }
            assert!(!same_short(a, &all.as_bytes()[..n + 1]));
        }
    }

    #[test]
    fn end_tags_exactly() {
        assert_eq!(end_tag(b"</p:a>", 0, b"p:a"), Some(6));
        assert_eq!(end_tag(b"x</a>", 1, b"a"), Some(5));
        for s in ["</p:a >", "</p:ab>", "</p:", "</p:a", "<p:a>", "</q:a>"] {
            assert_eq!(end_tag(s.as_bytes(), 0, b"p:a"), None, "{s}");
        }
    }

    #[test]
    fn text_runs_find_the_markup_and_what_needs_decoding() {
        assert_eq!(text_run(b"abc<", 0), (3, false));
        assert_eq!(text_run(b"abc", 0), (3, false));
        assert_eq!(text_run(b"a&amp;<", 0), (6, true));
        assert_eq!(text_run(b"a]]><", 0), (4, true));
        assert_eq!(text_run(b"a\r\n<", 0), (3, true));
        let long = format!("{}&{}<x", "a".repeat(40), "b".repeat(40));
        assert_eq!(text_run(long.as_bytes(), 0), (81, true));
        let long = format!("{}<x&", "a".repeat(40));
        assert_eq!(text_run(long.as_bytes(), 0), (40, false));
        assert_eq!(text_run(long.as_bytes(), 3), (40, false));
        // Every position of the markup and of a special byte, across word boundaries.
        for len in 0..80 {
            for lt in 0..=len {
                for sp in [None, Some(b'&'), Some(b'\r'), Some(b'>')] {
                    for at in 0..len.max(1) {
                        let mut doc = vec![b'a'; len];
                        if let (Some(c), true) = (sp, at < len) {
                            doc[at] = c;
                        }
                        if lt < len {
                            doc[lt] = b'<';
                        }
                        let end = doc.iter().position(|&c| c == b'<').unwrap_or(len);
                        let special = doc[..end].iter().any(|c| b"&\r>".contains(c));
                        for start in [0, 1, 3].into_iter().filter(|&s| s <= end) {
                            let special = doc[start..end].iter().any(|c| b"&\r>".contains(c));
                            assert_eq!(text_run(&doc, start), (end, special), "{doc:?} from {start}");
                        }
                        assert_eq!(text_run(&doc, 0), (end, special));
                    }
                }
            }
        }
        assert_eq!(skip_ws(b" \r\n\t<", 0), 4);
        for len in 0..40 {
            for at in 0..len {
                for c in [b'&', b'<', b'>', b'\r', b'"', b'\n'] {
                    let mut t = vec![b'a'; len];
                    t[at] = c;
                    assert_eq!(needs_escape(&t), b"&<>\r".contains(&c), "{t:?}");
                }
            }
            assert!(!needs_escape(&vec![b'a'; len]));
        }
        assert_eq!(skip_ws(b"  ", 0), 2);
    }
}
