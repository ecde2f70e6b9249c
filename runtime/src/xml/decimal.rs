//! Exact, arbitrary-precision `xs:decimal` and `xs:integer` (string-backed, never `f64`).

use std::cmp::Ordering;

use super::{ValueError, trim_ws};

/// `xs:decimal`: arbitrary precision, lexical form preserved.
///
/// `==` compares the lexical forms (`"1.50" != "1.5"`); use [`cmp_value`](Self::cmp_value) for
/// numeric comparison.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    text: Digits,
}

/// `xs:integer`: arbitrary precision, lexical form preserved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Integer {
    text: Digits,
}

/// Longest lexical form kept inline.
const INLINE: usize = 22;

/// The lexical form of a number (ASCII: digits, sign, point): inline up to [`INLINE`] bytes, so
/// that reading an amount allocates nothing; longer ones on the heap. One representation per
/// text (inline exactly when it fits, zero-padded), so the derived `==` and `Hash` are those of
/// the text.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Digits {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Digits {
    fn new(s: &str) -> Self {
        let mut bytes = [0u8; INLINE];
        match bytes.get_mut(..s.len()) {
            Some(head) => {
                head.copy_from_slice(s.as_bytes());
                Digits::Inline { len: s.len() as u8, bytes }
            }
            None => Digits::Heap(s.into()),
        }
    }
}

impl Digits {
    /// `s` when it is an `xs:decimal` lexical form: checked and copied in one pass (an amount is
    /// read for every item of a list).
    #[inline]
    fn decimal(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() > INLINE {
            return is_decimal(s).then(|| Digits::Heap(s.into()));
        }
        // Gathered eight bytes per word in registers: bytes stored one by one and read back as
        // words (moving the value) stall on the store buffer.
        let (mut digits, mut dots) = (0, 0);
        let mut words = [0u64; INLINE.div_ceil(8)];
        for (w, (at, chunk)) in words.iter_mut().zip(b.chunks(8).enumerate()) {
            let mut x = 0u64;
            for (k, &c) in chunk.iter().enumerate() {
                match c {
                    b'0'..=b'9' => digits += 1,
                    b'.' => dots += 1,
                    b'+' | b'-' if at == 0 && k == 0 => {}
                    _ => return None,
                }
                x |= u64::from(c) << (8 * k);
            }
            *w = x;
        }
        if digits == 0 || dots > 1 {
            return None;
        }
        let mut bytes = [0u8; INLINE];
        for (to, w) in bytes.chunks_mut(8).zip(words) {
            to.copy_from_slice(w.to_le_bytes().get(..to.len()).unwrap_or_default());
        }
        Some(Digits::Inline { len: b.len() as u8, bytes })
    }
}

impl std::ops::Deref for Digits {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        match self {
            // Built from a `&str`: always valid UTF-8 (ASCII in practice), never the fallback.
            Digits::Inline { len, bytes } => {
                std::str::from_utf8(bytes.get(..usize::from(*len)).unwrap_or_default()).unwrap_or_default()
            }
            Digits::Heap(s) => s,
        }
    }
}

impl std::fmt::Debug for Digits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// Splits a validated decimal into (negative, integer digits without leading zeros, fraction
/// digits without trailing zeros). Zero is never negative.
fn split(s: &str) -> (bool, &str, &str) {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let neg = neg && !(int.is_empty() && frac.is_empty());
    (neg, int, frac)
}

fn cmp_parts(a: &str, b: &str) -> Ordering {
    let (an, ai, af) = split(a);
    let (bn, bi, bf) = split(b);
    let mag = ai.len().cmp(&bi.len()).then_with(|| ai.cmp(bi)).then_with(|| af.cmp(bf));
    match (an, bn) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => mag,
        (true, true) => mag.reverse(),
    }
}

/// Whether `s` is a valid `xs:decimal` lexical form.
pub(crate) fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let body = match b.first() {
        Some(b'+' | b'-') => &b[1..],
        _ => b,
    };
    let mut digits = 0;
    let mut dots = 0;
    for &c in body {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' => dots += 1,
            _ => return false,
        }
    }
    digits > 0 && dots <= 1
}

impl Decimal {
    #[inline]
    fn parse(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text);
        match Digits::decimal(s) {
            Some(text) => Ok(Decimal { text }),
            None => Err(ValueError::new("not a valid xs:decimal")),
        }
    }

    /// Numeric comparison (`"1.50"` equals `"1.5"`, `"-0"` equals `"0"`).
    pub fn cmp_value(&self, other: &Decimal) -> Ordering {
        cmp_parts(&self.text, &other.text)
    }

    /// True when the value is numerically equal to `other`.
    pub fn eq_value(&self, other: &Decimal) -> bool {
        self.cmp_value(other) == Ordering::Equal
    }

    /// True when the value is below zero.
    pub fn is_negative(&self) -> bool {
        split(&self.text).0
    }

    /// True when the value is zero.
    pub fn is_zero(&self) -> bool {
        let (_, i, f) = split(&self.text);
        i.is_empty() && f.is_empty()
    }

    /// (total digits, fraction digits) as the XSD facets count them: leading zeros of the
    /// integer part and trailing zeros of the fraction do not count; zero has one digit.
    pub fn digits(&self) -> (usize, usize) {
        let (_, i, f) = split(&self.text);
        ((i.len() + f.len()).max(1), f.len())
    }

    /// The integer part and fraction digits, normalized (sign, integer part without leading zeros
    /// or `"0"`, fraction without trailing zeros).
    pub fn parts(&self) -> (bool, &str, &str) {
        let (n, i, f) = split(&self.text);
        (n, if i.is_empty() { "0" } else { i }, f)
    }
}

lexical_common!(Decimal, |v: &Decimal, w: &mut super::XmlWriter| w.text_unescaped(v.text.bytes()));

impl Digits {
    /// The bytes of the lexical form (digits, sign, point: nothing to escape).
    #[inline]
    fn bytes(&self) -> &[u8] {
        match self {
            Digits::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Digits::Heap(s) => s.as_bytes(),
        }
    }
}

impl Default for Decimal {
    fn default() -> Self {
        Decimal { text: Digits::new("0") }
    }
}

impl Integer {
    fn parse(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text);
        let body = s.strip_prefix(['+', '-']).unwrap_or(s);
        if !body.is_empty() && body.bytes().all(|c| c.is_ascii_digit()) {
            Ok(Integer { text: Digits::new(s) })
        } else {
            Err(ValueError::new("not a valid xs:integer"))
        }
    }

    /// Numeric comparison (`"007"` equals `"7"`).
    pub fn cmp_value(&self, other: &Integer) -> Ordering {
        cmp_parts(&self.text, &other.text)
    }

    /// The value as an `i64`, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }

    /// The value as an `i128`, if it fits.
    pub fn to_i128(&self) -> Option<i128> {
        self.text.parse().ok()
    }

    /// True when the value is below zero.
    pub fn is_negative(&self) -> bool {
        split(&self.text).0
    }
}

lexical_common!(Integer, |v: &Integer, w: &mut super::XmlWriter| w.text_unescaped(v.text.bytes()));

impl Default for Integer {
    fn default() -> Self {
        Integer { text: Digits::new("0") }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Decimal {
            fn from(v: $t) -> Self {
                Decimal { text: Digits::new(&v.to_string()) }
            }
        }
        impl From<$t> for Integer {
            fn from(v: $t) -> Self {
                Integer { text: Digits::new(&v.to_string()) }
            }
        }
    )*};
}

from_int!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128, isize, usize);

impl From<Integer> for Decimal {
    fn from(v: Integer) -> Self {
        Decimal { text: v.text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_forms_keep_their_text() {
        let long = "-1234567890123456789012.5000";
        for text in ["0", "+1.50", "1234567890123456789012", "12345678901234567890123", long] {
            let d = Decimal::new(text).expect("valid");
            assert_eq!(d.as_str(), text);
            assert_eq!(d, Decimal::new(&format!(" {text}\n")).expect("valid"));
            assert_eq!(format!("{d:?}"), format!("Decimal {{ text: {text:?} }}"));
        }
        assert!(matches!(Decimal::new("1234567890123456789012").map(|d| d.text), Ok(Digits::Inline { .. })));
        assert!(matches!(Decimal::new(long).map(|d| d.text), Ok(Digits::Heap(_))));
        assert_ne!(Decimal::new("1.5").ok(), Decimal::new("1.50").ok());
        assert_eq!(Decimal::from(i128::MIN).as_str(), i128::MIN.to_string());
        assert_eq!(Integer::new("-007").map(|i| i.to_i64()), Ok(Some(-7)));
        assert!(
            Decimal::from(Integer::new("99999999999999999999999999").expect("valid"))
                .eq_value(&Decimal::new("99999999999999999999999999.000").expect("valid"))
        );
    }
}
