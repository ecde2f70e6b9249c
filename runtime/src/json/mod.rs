//! JSON web services described by argument tables: request arguments written directly (a JSON
//! object body, or a query string for `GET`), responses read through [`Value`] into generated
//! types, validated [`Url`]s, and the call path ([`JsonClient`]).
//!
//! Arguments are flat scalars, written in the table's order and only when set: a string goes on
//! the wire as a JSON string, an integer as a JSON number (or as a string when the provider sends
//! it so: generated code then holds it as a string of digits), a boolean as `true` / `false`.

mod client;
mod read;
mod weburl;

use std::borrow::Cow;

pub use client::{Envelope, Error, JsonClient, JsonOperation};
pub use read::{FromJson, FromJsonObject, Object, ReadError, scalar_text};
pub use serde_json::Value;
pub use weburl::{Url, UrlError};

/// One argument value as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scalar<'a> {
    Str(Cow<'a, str>),
    /// A JSON number, already in JSON syntax.
    Num(String),
    Bool(bool),
    /// Any JSON value, written as is (answers' raw members).
    Raw(&'a Value),
}

/// The arguments of one request (or the members of one answer), in the table's order. Generated
/// code adds the set ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arguments<'a> {
    items: Vec<(&'static str, Scalar<'a>)>,
}

/// A request type: writes its set arguments (implemented by generated code).
pub trait ToArguments {
    /// Adds every set argument to `args`, in the table's order.
    fn arguments<'a>(&'a self, args: &mut Arguments<'a>);
}

/// The JSON number for an integer or decimal lexical form: JSON has no `+` sign and no leading
/// zeros, so `+007` is written `7` (the value is unchanged). `None` when it is not a number.
fn json_number(lexical: &str) -> Option<String> {
    let (neg, rest) = match lexical.as_bytes().first() {
        Some(b'-') => (true, &lexical[1..]),
        Some(b'+') => (false, &lexical[1..]),
        _ => (false, lexical),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) || (rest.contains('.') && frac.is_empty()) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let mut out = String::with_capacity(lexical.len() + 1);
    if neg {
        out.push('-');
    }
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

impl<'a> Arguments<'a> {
    /// An empty argument list.
    pub fn new() -> Self {
        Self::default()
    }

    /// A string argument (`"name": "value"`).
    pub fn string(&mut self, name: &'static str, value: impl Into<Cow<'a, str>>) {
        self.items.push((name, Scalar::Str(value.into())));
    }

    /// A number argument (`"name": 42`), from an integer or decimal lexical form. A form that is
    /// not a number (only possible for an unchecked value) is sent as a string, never as invalid
    /// JSON.
    pub fn number(&mut self, name: &'static str, lexical: &'a str) {
        match json_number(lexical) {
            Some(n) => self.items.push((name, Scalar::Num(n))),
            None => self.items.push((name, Scalar::Str(Cow::Borrowed(lexical)))),
        }
    }

    /// A boolean argument (`"name": true`).
    pub fn boolean(&mut self, name: &'static str, value: bool) {
        self.items.push((name, Scalar::Bool(value)));
    }

    /// A member holding any JSON value, written as is (a raw member of an answer).
    pub fn raw(&mut self, name: &'static str, value: &'a Value) {
        self.items.push((name, Scalar::Raw(value)));
    }

    /// The number of arguments set.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when no argument is set.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The names of the arguments set, in order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.items.iter().map(|(n, _)| *n)
    }

    /// The JSON object body: `{"name":"value",...}`, compact, in order.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = String::with_capacity(16 + self.items.len() * 32);
        out.push('{');
        for (i, (name, value)) in self.items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json_string(&mut out, name);
            out.push(':');
            match value {
                Scalar::Str(s) => write_json_string(&mut out, s),
                Scalar::Num(n) => out.push_str(n),
                Scalar::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Scalar::Raw(v) => out.push_str(&v.to_string()),
            }
        }
        out.push('}');
        out.into_bytes()
    }

    /// The query string (`name=value&...`, form-urlencoded, without the `?`); booleans are
    /// written `true` / `false`.
    pub fn to_query(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.items {
            match value {
                Scalar::Str(v) => s.append_pair(name, v),
                Scalar::Num(n) => s.append_pair(name, n),
                Scalar::Bool(b) => s.append_pair(name, if *b { "true" } else { "false" }),
                Scalar::Raw(v) => s.append_pair(name, &v.to_string()),
            };
        }
        s.finish()
    }
}

/// Appends `s` as a JSON string literal (quotes, backslash and control characters escaped).
fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_compact_ordered_and_escaped() {
        let mut a = Arguments::new();
        a.string("b", "x\"y\\z\n\u{1}é");
        a.number("a", "+007");
        a.number("n", "-0.50");
        a.boolean("t", true);
        let body = String::from_utf8(a.to_json()).unwrap_or_default();
        assert_eq!(body, r#"{"b":"x\"y\\z\n\u0001é","a":7,"n":-0.50,"t":true}"#);
        let parsed: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        assert_eq!(parsed["b"], "x\"y\\z\n\u{1}é");
        assert_eq!(a.to_query(), "b=x%22y%5Cz%0A%01%C3%A9&a=7&n=-0.50&t=true");
    }

    #[test]
    fn numbers_that_are_not_numbers_stay_strings() {
        for bad in ["", "-", "1.", ".", "1e5", "0x10", "12a"] {
            assert_eq!(json_number(bad), None, "{bad}");
        }
        assert_eq!(json_number("000").as_deref(), Some("0"));
        assert_eq!(json_number(".5").as_deref(), Some("0.5"));
        let mut a = Arguments::new();
        a.number("x", "12a");
        assert_eq!(a.to_json(), br#"{"x":"12a"}"#);
    }
}
