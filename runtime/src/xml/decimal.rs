//! Exact, arbitrary-precision `xs:decimal` and `xs:integer` (string-backed, never `f64`).

use std::cmp::Ordering;

use super::{ValueError, trim_ws};

/// `xs:decimal`: arbitrary precision, lexical form preserved.
///
/// `==` compares the lexical forms (`"1.50" != "1.5"`); use [`cmp_value`](Self::cmp_value) for
/// numeric comparison.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    text: String,
}

/// `xs:integer`: arbitrary precision, lexical form preserved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Integer {
    text: String,
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
    fn parse(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text);
        if is_decimal(s) { Ok(Decimal { text: s.to_owned() }) } else { Err(ValueError::new("not a valid xs:decimal")) }
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

lexical_common!(Decimal);

impl Default for Decimal {
    fn default() -> Self {
        Decimal { text: "0".into() }
    }
}

impl Integer {
    fn parse(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text);
        let body = s.strip_prefix(['+', '-']).unwrap_or(s);
        if !body.is_empty() && body.bytes().all(|c| c.is_ascii_digit()) {
            Ok(Integer { text: s.to_owned() })
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

lexical_common!(Integer);

impl Default for Integer {
    fn default() -> Self {
        Integer { text: "0".into() }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Decimal {
            fn from(v: $t) -> Self {
                Decimal { text: v.to_string() }
            }
        }
        impl From<$t> for Integer {
            fn from(v: $t) -> Self {
                Integer { text: v.to_string() }
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
