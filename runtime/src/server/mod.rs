//! The server side of generated services (cargo feature `server`): what a generated service trait
//! is mounted with on an HTTP server (axum).
//!
//! Generated code stays thin: per service, a trait (one async method per operation, typed request
//! in, typed response or [`Error`] out) and a `router` function that lists the operations. Reading
//! the request (SOAP 1.1/1.2 envelope or JSON body), dispatching (body element, SOAPAction, path),
//! checking the declared authentication (HTTP Basic, request signatures), validating the request
//! and writing the response or fault are here:
//! - [`soap`]: [`SoapServer`], [`Fault`], [`Error`], [`RequestRefusal`];
//! - [`json`]: [`JsonServer`], [`JsonError`], [`JsonRefusal`].
//!
//! A request the server cannot take is never a panic: it is a refusal (an HTTP status, a SOAP fault
//! or the service's error code), and services answer refusals the way the real service does through
//! the trait's provided `refuse_*` methods.

pub mod json;
pub mod soap;

use std::fmt;

pub use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

pub use json::{JsonError, JsonRefusal, JsonServer};
pub use soap::{Error, Fault, FaultCode, RequestRefusal, SignatureRefusal, SoapServer};

use crate::auth::BasicAuth;

/// A plain HTTP answer instead of a typed response: an error page, a gateway failure, a 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` of `body`.
    pub content_type: String,
    /// The body.
    pub body: String,
}

impl HttpError {
    /// An answer with `status`, `content_type` and `body`.
    pub fn new(status: u16, content_type: impl Into<String>, body: impl Into<String>) -> Self {
        HttpError { status, content_type: content_type.into(), body: body.into() }
    }

    /// `401 Unauthorized` with a `WWW-Authenticate: Basic` challenge (added when answering).
    pub fn unauthorized() -> Self {
        HttpError::new(401, "text/html", "<html><body><h1>401 Unauthorized</h1></body></html>")
    }

    /// Writes the answer.
    pub(crate) fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let content_type = HeaderValue::from_str(&self.content_type).unwrap_or(HeaderValue::from_static("text/plain"));
        let mut response = (status, [(header::CONTENT_TYPE, content_type)], self.body).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic"));
        }
        response
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} ({})", self.status, self.content_type)
    }
}

/// Why HTTP Basic credentials were refused. Carries neither the user nor the password given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthRefusal {
    /// No `Authorization: Basic` header, or one that does not decode to `user:password`.
    Missing,
    /// A user the server does not know.
    UnknownUser,
    /// The right user with a wrong password.
    WrongPassword,
}

impl fmt::Display for AuthRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthRefusal::Missing => "no HTTP Basic credentials",
            AuthRefusal::UnknownUser => "unknown user",
            AuthRefusal::WrongPassword => "wrong password",
        })
    }
}

/// Checks the `Authorization` header of `headers` against `expected`.
pub fn check_basic(expected: &BasicAuth, headers: &HeaderMap) -> Result<(), AuthRefusal> {
    let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or(AuthRefusal::Missing)?;
    let (scheme, encoded) = value.trim().split_once(' ').ok_or(AuthRefusal::Missing)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(AuthRefusal::Missing);
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| AuthRefusal::Missing)?;
    let text = String::from_utf8(decoded).map_err(|_| AuthRefusal::Missing)?;
    let (user, password) = text.split_once(':').ok_or(AuthRefusal::Missing)?;
    if user != expected.user {
        return Err(AuthRefusal::UnknownUser);
    }
    if !same(password.as_bytes(), expected.password.expose().as_bytes()) {
        return Err(AuthRefusal::WrongPassword);
    }
    Ok(())
}

/// Compares secrets in a time that does not depend on where they differ.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Serves `router` on `listener` until the task is dropped or the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router).await
}

/// The media type of a `Content-Type` value (lowercase, without parameters).
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(value.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("x")));
        h
    }

    #[test]
    fn basic_credentials() {
        let expected = BasicAuth::new("merchant", "s3cret");
        assert_eq!(check_basic(&expected, &headers(&expected.header_value())), Ok(()));
        assert_eq!(
            check_basic(&expected, &headers(&BasicAuth::new("merchant", "s3creT").header_value())),
            Err(AuthRefusal::WrongPassword)
        );
        assert_eq!(
            check_basic(&expected, &headers(&BasicAuth::new("other", "s3cret").header_value())),
            Err(AuthRefusal::UnknownUser)
        );
        for bad in ["Basic", "Bearer abc", "Basic !!!", "Basic bm9jb2xvbg=="] {
            assert_eq!(check_basic(&expected, &headers(bad)), Err(AuthRefusal::Missing), "{bad}");
        }
        assert_eq!(check_basic(&expected, &HeaderMap::new()), Err(AuthRefusal::Missing));
    }
}
