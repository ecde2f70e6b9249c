//! Reading JSON answers into generated types, leniently where providers are loose: a string
//! member may arrive as a number (`"75002"` or `75002`), a boolean as `1` / `"true"`.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Value};

use crate::xml::{Decimal, Integer};

/// Why a JSON answer could not be read into its type: the member's path and what was wrong
/// (never the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Member path, e.g. `link` or `datas`.
    pub path: String,
    /// What was wrong.
    pub message: String,
}

impl ReadError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ReadError { path: path.into(), message: message.into() }
    }

    /// True when a required member is absent (or null), rather than present and unreadable.
    pub fn is_missing(&self) -> bool {
        self.message == MISSING
    }
}

/// The message of a required member that is absent.
const MISSING: &str = "missing";

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { f.write_str(&self.message) } else { write!(f, "`{}`: {}", self.path, self.message) }
    }
}

impl std::error::Error for ReadError {}

/// A value read from one JSON member (implemented for the scalar types and generated enums).
pub trait FromJson: Sized {
    /// Reads `value`; the error message says what was expected (the caller adds the path).
    fn from_json(value: &Value) -> Result<Self, String>;
}

/// A structure read from a JSON object (implemented by generated response types).
pub trait FromJsonObject: Sized {
    /// The members the type knows (strict reading refuses any other, besides the envelope's).
    const MEMBERS: &'static [&'static str];
    /// Reads the members of `object`.
    fn from_object(object: &Object<'_>) -> Result<Self, ReadError>;
}

/// The text of a scalar member: a string as is, a number in its JSON form, a boolean as
/// `true` / `false`. Objects, arrays and null are refused.
pub fn scalar_text(value: &Value) -> Result<Cow<'_, str>, String> {
    match value {
        Value::String(s) => Ok(Cow::Borrowed(s)),
        Value::Number(n) => Ok(Cow::Owned(n.to_string())),
        Value::Bool(b) => Ok(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Null => Err("null where a value was expected".into()),
        Value::Array(_) => Err("an array where a single value was expected".into()),
        Value::Object(_) => Err("an object where a single value was expected".into()),
    }
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, String> {
        scalar_text(value).map(Cow::into_owned)
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::Bool(b) => Ok(*b),
            Value::Number(n) if n.as_u64() == Some(1) => Ok(true),
            Value::Number(n) if n.as_u64() == Some(0) => Ok(false),
            Value::String(s) if s == "true" || s == "1" => Ok(true),
            Value::String(s) if s == "false" || s == "0" => Ok(false),
            _ => Err("not a boolean".into()),
        }
    }
}

impl FromJson for Integer {
    fn from_json(value: &Value) -> Result<Self, String> {
        let text = scalar_text(value)?;
        Integer::new(&text).map_err(|_| "not an integer".to_string())
    }
}

impl FromJson for Decimal {
    fn from_json(value: &Value) -> Result<Self, String> {
        let text = scalar_text(value)?;
        Decimal::new(&text).map_err(|_| "not a decimal number".to_string())
    }
}

impl FromJson for Value {
    fn from_json(value: &Value) -> Result<Self, String> {
        Ok(value.clone())
    }
}

/// A JSON object being read, with the path of its members for errors.
#[derive(Debug, Clone, Copy)]
pub struct Object<'v> {
    map: &'v Map<String, Value>,
}

impl<'v> Object<'v> {
    /// Wraps a JSON object.
    pub fn new(map: &'v Map<String, Value>) -> Self {
        Object { map }
    }

    /// The raw member `name`, if present.
    pub fn get(&self, name: &str) -> Option<&'v Value> {
        self.map.get(name)
    }

    /// A member that must be present and not null.
    pub fn required<T: FromJson>(&self, name: &'static str) -> Result<T, ReadError> {
        match self.map.get(name) {
            None | Some(Value::Null) => Err(ReadError::new(name, MISSING)),
            Some(v) => T::from_json(v).map_err(|m| ReadError::new(name, m)),
        }
    }

    /// A member that may be absent (or null).
    pub fn optional<T: FromJson>(&self, name: &'static str) -> Result<Option<T>, ReadError> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => T::from_json(v).map(Some).map_err(|m| ReadError::new(name, m)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_scalars() {
        let v: Value =
            serde_json::from_str(r#"{"s": 75002, "b": "1", "i": "0042", "n": null, "a": [1]}"#).unwrap_or(Value::Null);
        let Value::Object(map) = &v else { panic!("object") };
        let o = Object::new(map);
        assert_eq!(o.required::<String>("s"), Ok("75002".to_string()));
        assert_eq!(o.required::<bool>("b"), Ok(true));
        assert_eq!(o.required::<Integer>("i").map(|i| i.to_i64()), Ok(Some(42)));
        assert_eq!(o.optional::<String>("n"), Ok(None));
        assert_eq!(o.optional::<String>("zz"), Ok(None));
        let missing = o.required::<String>("zz").err().map(|e| e.to_string());
        assert_eq!(missing.as_deref(), Some("`zz`: missing"));
        assert!(o.required::<String>("a").is_err());
        assert!(o.required::<bool>("s").is_err());
    }
}
