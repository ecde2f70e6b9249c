//! Service endpoints: HTTPS only, unless plain HTTP is explicitly (and visibly) opted into.

use std::fmt;

/// A service URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    insecure: bool,
}

/// Why an endpoint URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointError {
    /// Not an `https://` URL (use [`Endpoint::plain_http_insecure`] for loopback tests).
    NotHttps,
    /// Not an `http://` or `https://` URL with a host.
    Invalid(String),
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EndpointError::NotHttps => f.write_str("endpoint must be an https:// URL"),
            EndpointError::Invalid(why) => write!(f, "invalid endpoint URL: {why}"),
        }
    }
}

impl std::error::Error for EndpointError {}

fn check(url: &str, scheme: &str) -> Result<(), EndpointError> {
    let Some(rest) = url.get(..scheme.len()).filter(|s| s.eq_ignore_ascii_case(scheme)).map(|_| &url[scheme.len()..])
    else {
        return Err(EndpointError::NotHttps);
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') {
        return Err(EndpointError::Invalid("no host".into()));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(EndpointError::Invalid("whitespace or control character in URL".into()));
    }
    Ok(())
}

impl Endpoint {
    /// An `https://` endpoint; anything else is refused.
    pub fn https(url: &str) -> Result<Endpoint, EndpointError> {
        check(url, "https://")?;
        Ok(Endpoint { url: url.to_owned(), insecure: false })
    }

    /// Explicit opt-in to plain `http://` (e.g. loopback tests); `https://` is accepted too.
    pub fn plain_http_insecure(url: &str) -> Result<Endpoint, EndpointError> {
        if check(url, "https://").is_ok() {
            return Ok(Endpoint { url: url.to_owned(), insecure: false });
        }
        check(url, "http://").map_err(|e| match e {
            EndpointError::NotHttps => EndpointError::Invalid("not an http:// or https:// URL".into()),
            other => other,
        })?;
        Ok(Endpoint { url: url.to_owned(), insecure: true })
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// True when the endpoint is plain HTTP.
    pub fn is_insecure(&self) -> bool {
        self.insecure
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}
