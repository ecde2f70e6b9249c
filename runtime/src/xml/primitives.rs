//! [`SimpleValue`] for Rust primitives: strings, booleans, integers and floating point.

use std::borrow::Cow;

use super::{SimpleValue, ValueError, trim_ws};

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
