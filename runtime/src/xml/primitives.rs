//! [`SimpleValue`] for Rust primitives: strings, booleans, integers and floating point.

use std::borrow::Cow;

use super::{SimpleValue, ValueError, XmlWriter, trim_ws};

impl SimpleValue for String {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    #[inline]
    fn from_text(text: &str) -> Result<Self, ValueError> {
        Ok(text.to_owned())
    }
    #[inline]
    fn from_read_text(text: Cow<'_, str>) -> Result<Self, ValueError> {
        Ok(text.into_owned())
    }
}

impl SimpleValue for bool {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
    #[inline]
    fn from_text(text: &str) -> Result<Self, ValueError> {
        match trim_ws(text) {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(ValueError::new("not a valid xs:boolean")),
        }
    }
}

macro_rules! int_simple {
    ($($t:ty => $xsd:literal),* $(,)?) => {$(
        impl SimpleValue for $t {
            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
            #[inline]
            fn write_text(&self, w: &mut XmlWriter) {
                // Digits on the stack: no `String` per number written.
                let mut buf = [0u8; 40];
                #[allow(unused_comparisons)]
                let (negative, magnitude) =
                    if *self < 0 { (true, (*self as i128).unsigned_abs()) } else { (false, *self as u128) };
                w.text_unescaped(digits(negative, magnitude, &mut buf));
            }
            #[inline]
            fn from_text(text: &str) -> Result<Self, ValueError> {
                trim_ws(text)
                    .parse::<$t>()
                    .map_err(|_| ValueError::new(concat!("not a valid ", $xsd)))
            }
        }
    )*};
}

int_simple!(
    i8 => "xs:byte", i16 => "xs:short", i32 => "xs:int", i64 => "xs:long", i128 => "integer",
    u8 => "xs:unsignedByte", u16 => "xs:unsignedShort", u32 => "xs:unsignedInt",
    u64 => "xs:unsignedLong", u128 => "non-negative integer",
);

/// The decimal digits of `n` (after a `-` when `negative`), written at the end of `buf`.
fn digits(negative: bool, n: u128, buf: &mut [u8; 40]) -> &[u8] {
    // 39 digits at most, and the sign: `at` never goes below 0.
    let mut at = buf.len();
    let mut push = |d: u8| {
        at -= 1;
        buf[at] = d;
    };
    match u64::try_from(n) {
        // The common case in 64-bit arithmetic (a `u128` division is a library call).
        Ok(mut n) => loop {
            push(b'0' + (n % 10) as u8);
            n /= 10;
            if n == 0 {
                break;
            }
        },
        Err(_) => {
            let mut n = n;
            loop {
                push(b'0' + (n % 10) as u8);
                n /= 10;
                if n == 0 {
                    break;
                }
            }
        }
    }
    if negative {
        push(b'-');
    }
    &buf[at..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_as_to_string_writes_them() {
        fn check<T: SimpleValue + std::fmt::Display>(v: T) {
            let mut w = XmlWriter::new();
            w.start("", "a");
            v.write_text(&mut w);
            w.end();
            assert_eq!(String::from_utf8(w.into_bytes()).expect("utf-8"), format!("<a>{v}</a>"));
        }
        for v in [0i64, 7, -7, 10, -10, i64::MIN, i64::MAX] {
            check(v);
        }
        check(i8::MIN);
        check(u8::MAX);
        check(i32::MIN);
        check(u64::MAX);
        check(i128::MIN);
        check(i128::MAX);
        check(u128::MAX);
        check(u128::from(u64::MAX) + 1);
    }
}

/// Whether `s` is an XSD float/double lexical form (other than INF/-INF/NaN).
fn is_xsd_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - f;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

macro_rules! float_simple {
    ($($t:ty => $xsd:literal),*) => {$(
        impl SimpleValue for $t {
            fn to_text(&self) -> Cow<'_, str> {
                if self.is_nan() {
                    Cow::Borrowed("NaN")
                } else if self.is_infinite() {
                    Cow::Borrowed(if *self > 0.0 { "INF" } else { "-INF" })
                } else {
                    Cow::Owned(self.to_string())
                }
            }
            fn from_text(text: &str) -> Result<Self, ValueError> {
                let s = trim_ws(text);
                match s {
                    "INF" | "+INF" => Ok(<$t>::INFINITY),
                    "-INF" => Ok(<$t>::NEG_INFINITY),
                    "NaN" => Ok(<$t>::NAN),
                    _ if is_xsd_float(s) => {
                        s.parse::<$t>().map_err(|_| ValueError::new(concat!("not a valid ", $xsd)))
                    }
                    _ => Err(ValueError::new(concat!("not a valid ", $xsd))),
                }
            }
        }
    )*};
}

float_simple!(f32 => "xs:float", f64 => "xs:double");
