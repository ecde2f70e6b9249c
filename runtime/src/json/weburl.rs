//! [`Url`]: an absolute `http://` or `https://` URL, checked when built, kept exactly as written
//! (no normalization, so what is sent is what the caller gave).

use std::borrow::Cow;
use std::fmt;

use crate::xml::{SimpleValue, ValueError};

/// An absolute `http` or `https` URL with a host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Url {
    text: String,
}

/// Why a text is not a [`Url`] (never repeats the text: URLs may carry tokens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError(String);

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid URL: {}", self.0)
    }
}

impl std::error::Error for UrlError {}

impl Url {
    /// Checks `text`: an absolute `http://` or `https://` URL with a host, no surrounding space.
    pub fn parse(text: &str) -> Result<Url, UrlError> {
        let parsed = url::Url::parse(text).map_err(|e| UrlError(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(UrlError("the scheme is not http or https".into()));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(UrlError("no host".into()));
        }
        if text.trim() != text {
            return Err(UrlError("surrounding whitespace".into()));
        }
        Ok(Url { text: text.to_owned() })
    }

    /// The URL as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True for `https://`.
    pub fn is_https(&self) -> bool {
        self.text.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Url {
    type Err = UrlError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Url::parse(s)
    }
}

impl TryFrom<&str> for Url {
    type Error = UrlError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Url::parse(s)
    }
}

impl AsRef<str> for Url {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl SimpleValue for Url {
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.text)
    }
    fn from_text(text: &str) -> Result<Self, ValueError> {
        Url::parse(text).map_err(|e| ValueError::new(e.to_string()))
    }
}

impl super::FromJson for Url {
    fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        match value {
            serde_json::Value::String(s) => Url::parse(s).map_err(|e| e.to_string()),
            _ => Err("not a string (a URL was expected)".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = Url::parse("https://pay.example/paypage?SDESSID=abc").map_err(|e| e.to_string());
        assert_eq!(u.as_ref().map(Url::as_str), Ok("https://pay.example/paypage?SDESSID=abc"));
        assert!(u.is_ok_and(|u| u.is_https()));
        assert_eq!(Url::parse("https://callback.com").map(|u| u.to_string()), Ok("https://callback.com".into()));
        for bad in ["", "callback.com", "ftp://x.fr/", "https://", " https://x.fr", "javascript:alert(1)"] {
            assert!(Url::parse(bad).is_err(), "{bad:?}");
        }
    }
}
