//! The JSON call path: validate, write the arguments, send (with safe retries), read the
//! envelope (`{"result": true, ...}` or `{"result": false, "code": "..."}`), read the answer.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde_json::Value;
use tracing::Instrument as _;

use super::{Arguments, FromJsonObject, Object, ReadError, ToArguments};
use crate::client::ClientConfig;
use crate::endpoint::EndpointError;
use crate::http::{HttpRequest, HttpResponse, Method, TransportError};
use crate::soap::excerpt;
use crate::validate::{Validate, ValidationErrors, validate};

/// How every answer of a service says success or failure: a boolean member, and the member that
/// holds the error code when it is false.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    /// Boolean member: `true` success, `false` failure (e.g. `result`).
    pub success: &'static str,
    /// Member holding the error code on failure (e.g. `code`).
    pub code: &'static str,
}

/// A JSON operation as generated from its argument table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonOperation {
    /// Operation name.
    pub name: &'static str,
    /// `GET` (arguments in the query string) or `POST` (arguments as a JSON object body).
    pub method: Method,
    /// Path relative to the endpoint (the service's base URL).
    pub path: &'static str,
    /// Send the client's credentials (HTTP Basic).
    pub auth: bool,
    /// The success/failure envelope, if the service has one.
    pub envelope: Option<Envelope>,
    /// The operation moves money: after the request may have been sent, failures are reported
    /// as [`Error::OutcomeUnknown`].
    pub moves_money: bool,
}

/// Why a JSON call failed. `C` is the service's error code type (generated, with an `Unknown`
/// variant that keeps codes the spec does not list).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<C> {
    /// The service processed the request and refused it: `{"result": false, "code": ...}`.
    Rejected {
        /// The operation.
        operation: &'static str,
        /// The error code.
        code: C,
    },
    /// The request does not satisfy the spec (nothing was sent).
    Validation(ValidationErrors),
    /// Transport failure (for operations that move money: only when the request was certainly
    /// not sent).
    Transport(TransportError),
    /// The request of an operation that moves money may have reached the server, but no answer
    /// was read. Do not retry blindly; reconcile first.
    OutcomeUnknown {
        /// The operation.
        operation: &'static str,
        /// What happened.
        source: TransportError,
    },
    /// Non-2xx HTTP status without a failure envelope.
    Http {
        /// Status code.
        status: u16,
        /// The first ≤ 512 bytes of the body (lossy UTF-8).
        excerpt: String,
    },
    /// The body is not JSON.
    NotJson {
        /// Status code.
        status: u16,
        /// The first ≤ 512 bytes of the body (lossy UTF-8).
        excerpt: String,
    },
    /// The body is JSON but not the documented answer (no envelope, a missing member...).
    Response(ReadError),
    /// The endpoint is not acceptable.
    Endpoint(EndpointError),
}

impl<C> Error<C> {
    /// The error code, when the service refused the request.
    pub fn code(&self) -> Option<&C> {
        match self {
            Error::Rejected { code, .. } => Some(code),
            _ => None,
        }
    }

    /// True when money may have moved although no answer was read.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }
}

impl<C: fmt::Display> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Rejected { operation, code } => write!(f, "{operation} refused with code {code}"),
            Error::Validation(e) => write!(f, "invalid request: {e}"),
            Error::Transport(e) => e.fmt(f),
            Error::OutcomeUnknown { operation, source } => write!(
                f,
                "outcome of {operation} unknown: the request may have been processed ({source}); \
                 do not retry without checking its status"
            ),
            Error::Http { status, excerpt } => write!(f, "HTTP status {status}: {excerpt:?}"),
            Error::NotJson { status, excerpt } => write!(f, "answer is not JSON (HTTP {status}): {excerpt:?}"),
            Error::Response(e) => write!(f, "unexpected answer: {e}"),
            Error::Endpoint(e) => e.fmt(f),
        }
    }
}

impl<C: fmt::Debug + fmt::Display> std::error::Error for Error<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Transport(e) | Error::OutcomeUnknown { source: e, .. } => Some(e),
            Error::Response(e) => Some(e),
            Error::Endpoint(e) => Some(e),
            _ => None,
        }
    }
}

impl<C> From<ValidationErrors> for Error<C> {
    fn from(e: ValidationErrors) -> Self {
        Error::Validation(e)
    }
}

impl<C> From<EndpointError> for Error<C> {
    fn from(e: EndpointError) -> Self {
        Error::Endpoint(e)
    }
}

/// A JSON client; cheap to clone.
#[derive(Debug, Clone)]
pub struct JsonClient {
    config: Arc<ClientConfig>,
}

/// `base` and `path` joined by exactly one `/`.
fn join(base: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    if path.is_empty() {
        return base.to_owned();
    }
    format!("{}/{path}", base.trim_end_matches('/'))
}

/// What the success member says: `Some(true)`, `Some(false)`, or `None` when absent or not a
/// boolean (`1` / `"true"` accepted).
fn flag(value: Option<&Value>) -> Option<bool> {
    value.and_then(|v| <bool as super::FromJson>::from_json(v).ok())
}

impl JsonClient {
    /// A client with `config`.
    pub fn new(config: ClientConfig) -> Self {
        JsonClient { config: Arc::new(config) }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The HTTP request of `op` for `args` (URL with the query string for `GET`; JSON body for
    /// `POST`), credentials included when `op.auth`.
    pub fn build_request(&self, op: &JsonOperation, args: &Arguments<'_>) -> HttpRequest {
        let mut url = join(self.config.endpoint.url(), op.path);
        let mut headers = vec![("Accept".to_owned(), "application/json".to_owned())];
        let body = match op.method {
            Method::Get => {
                if !args.is_empty() {
                    url.push(if url.contains('?') { '&' } else { '?' });
                    url.push_str(&args.to_query());
                }
                Vec::new()
            }
            Method::Post => {
                headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
                args.to_json()
            }
        };
        if let (true, Some(auth)) = (op.auth, &self.config.auth) {
            headers.push(("Authorization".to_owned(), auth.header_value()));
        }
        HttpRequest { url, method: op.method, headers, body }
    }

    /// Calls `op`: validates `request`, sends it, reads the envelope and the answer.
    /// `{"result": false, "code": c}` is [`Error::Rejected`], whatever the HTTP status.
    pub async fn call<Req, Resp, C>(&self, op: &JsonOperation, request: &Req) -> Result<Resp, Error<C>>
    where
        Req: ToArguments + Validate,
        Resp: FromJsonObject,
        C: FromStr<Err = Infallible>,
    {
        let span = tracing::debug_span!("json_call", operation = op.name, method = ?op.method);
        async move {
            validate(op.name, request).map_err(Error::Validation)?;
            let mut args = Arguments::new();
            request.arguments(&mut args);
            let response = self.send(op, &args).await?;
            let result = interpret(op, &response, self.config.strict);
            match &result {
                Ok(_) => tracing::debug!(status = response.status, "call succeeded"),
                Err(Error::Rejected { .. }) => tracing::debug!(status = response.status, "call refused"),
                Err(_) => tracing::debug!(status = response.status, "call failed"),
            }
            result
        }
        .instrument(span)
        .await
    }

    /// Sends with retries only while the request was certainly not sent.
    async fn send<C>(&self, op: &JsonOperation, args: &Arguments<'_>) -> Result<HttpResponse, Error<C>> {
        let cfg = &self.config;
        let attempts = cfg.retry.max_attempts.max(1);
        let mut delay = cfg.retry.backoff;
        let mut attempt = 1;
        loop {
            let request = self.build_request(op, args);
            tracing::debug!(attempt, bytes = request.body.len(), "sending request");
            match cfg.transport.send(request, &cfg.limits).await {
                Ok(resp) => return Ok(resp),
                Err(e) if !e.request_may_have_been_sent() && attempt < attempts => {
                    tracing::debug!(attempt, error = %e, "request not sent; retrying");
                    tokio::time::sleep(delay).await;
                    delay = delay.saturating_mul(2);
                    attempt += 1;
                }
                Err(e) if op.moves_money && e.request_may_have_been_sent() => {
                    return Err(Error::OutcomeUnknown { operation: op.name, source: e });
                }
                Err(e) => return Err(Error::Transport(e)),
            }
        }
    }
}

/// Classifies an HTTP answer: failure envelope, HTTP error, non-JSON body, or the typed answer.
pub(crate) fn interpret<Resp, C>(op: &JsonOperation, response: &HttpResponse, strict: bool) -> Result<Resp, Error<C>>
where
    Resp: FromJsonObject,
    C: FromStr<Err = Infallible>,
{
    let status = response.status;
    let ok_status = (200..300).contains(&status);
    let snippet = || excerpt(&response.body, 512);
    let http_error = || match crate::http::TransportError::unanswered(op.moves_money, status, snippet()) {
        Ok(source) => Error::OutcomeUnknown { operation: op.name, source },
        Err(excerpt) => Error::Http { status, excerpt },
    };
    let value: Value = match serde_json::from_slice(&response.body) {
        Ok(v) => v,
        Err(_) if !ok_status => return Err(http_error()),
        Err(_) => return Err(Error::NotJson { status, excerpt: snippet() }),
    };
    let Value::Object(map) = &value else {
        if !ok_status {
            return Err(http_error());
        }
        return Err(Error::Response(ReadError::new("", "the answer is not a JSON object")));
    };
    let object = Object::new(map);
    if let Some(env) = &op.envelope {
        match flag(object.get(env.success)) {
            Some(true) if ok_status => {}
            Some(false) => {
                let code = match object.get(env.code).map(super::scalar_text) {
                    Some(Ok(text)) => text,
                    _ if !ok_status => return Err(http_error()),
                    _ => {
                        let why = format!("`{}` is false but no code was given", env.success);
                        return Err(Error::Response(ReadError::new(env.code, why)));
                    }
                };
                let code = match C::from_str(&code) {
                    Ok(c) => c,
                    Err(never) => match never {},
                };
                return Err(Error::Rejected { operation: op.name, code });
            }
            _ if !ok_status => return Err(http_error()),
            _ => return Err(Error::Response(ReadError::new(env.success, "missing, or not a boolean"))),
        }
    } else if !ok_status {
        return Err(http_error());
    }
    if strict {
        let envelope = |k: &str| op.envelope.is_some_and(|e| k == e.success || k == e.code);
        if let Some(k) = map.keys().find(|k| !envelope(k) && !Resp::MEMBERS.contains(&k.as_str())) {
            return Err(Error::Response(ReadError::new(k.as_str(), "not a member of the answer (strict mode)")));
        }
    }
    Resp::from_object(&object).map_err(Error::Response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Url;

    #[derive(Debug, PartialEq)]
    struct Link {
        link: Url,
    }

    impl FromJsonObject for Link {
        const MEMBERS: &'static [&'static str] = &["link"];
        fn from_object(o: &Object<'_>) -> Result<Self, ReadError> {
            Ok(Link { link: o.required("link")? })
        }
    }

    const OP: JsonOperation = JsonOperation {
        name: "get_link_payment",
        method: Method::Post,
        path: "get_link_payment",
        auth: true,
        envelope: Some(Envelope { success: "result", code: "code" }),
        moves_money: false,
    };

    fn answer(status: u16, body: &str) -> Result<Link, Error<String>> {
        let response = HttpResponse { status, headers: Vec::new(), body: body.as_bytes().to_vec() };
        interpret::<Link, String>(&OP, &response, false)
    }

    fn rejected(r: Result<Link, Error<String>>) -> Option<String> {
        match r {
            Err(Error::Rejected { code, .. }) => Some(code),
            _ => None,
        }
    }

    #[test]
    fn envelopes() {
        let ok = answer(200, r#"{"result": true, "link": "https://x.fr/paypage?SDESSID=1"}"#);
        assert_eq!(ok.map(|l| l.link.to_string()).ok().as_deref(), Some("https://x.fr/paypage?SDESSID=1"));
        assert_eq!(rejected(answer(200, r#"{"result": false, "code": "AUTH_001"}"#)).as_deref(), Some("AUTH_001"));
        // Lenient: a string or numeric flag, a numeric code; a failure envelope whatever the status.
        assert!(answer(200, r#"{"result": "true", "link": "https://x.fr/"}"#).is_ok());
        assert_eq!(rejected(answer(200, r#"{"result": 0, "code": 12}"#)).as_deref(), Some("12"));
        assert_eq!(rejected(answer(403, r#"{"result": false, "code": "AUTH_003"}"#)).as_deref(), Some("AUTH_003"));
    }

    #[test]
    fn a_5xx_without_an_answer_leaves_a_payment_unknown() {
        let pay = JsonOperation { moves_money: true, ..OP };
        let at = |status: u16, body: &str| {
            let response = HttpResponse { status, headers: Vec::new(), body: body.as_bytes().to_vec() };
            interpret::<Link, String>(&pay, &response, false)
        };
        for status in [500, 502, 503, 504] {
            let e = at(status, "<html>Bad gateway</html>").expect_err("a failure");
            assert!(e.is_outcome_unknown(), "{status}: {e:?}");
            assert!(e.to_string().contains(&status.to_string()), "{e}");
        }
        // A 4xx is a refusal, and a failure envelope is the service's answer, whatever the status.
        assert!(matches!(at(403, "forbidden"), Err(Error::Http { status: 403, .. })));
        assert!(matches!(at(500, r#"{"result": false, "code": "E1"}"#), Err(Error::Rejected { .. })));
        // An operation that moves no money keeps the plain HTTP error.
        assert!(matches!(answer(502, "<html>Bad gateway</html>"), Err(Error::Http { status: 502, .. })));
    }

    #[test]
    fn strict_reading_refuses_unknown_members() {
        let body = r#"{"result": true, "link": "https://x.fr/", "extra": 1}"#;
        assert!(answer(200, body).is_ok(), "lenient by default");
        let response = HttpResponse { status: 200, headers: Vec::new(), body: body.as_bytes().to_vec() };
        let strict = interpret::<Link, String>(&OP, &response, true);
        assert!(matches!(&strict, Err(Error::Response(e)) if e.path == "extra"), "{strict:?}");
        let body = br#"{"result": true, "link": "https://x.fr/"}"#.to_vec();
        let response = HttpResponse { status: 200, headers: Vec::new(), body };
        assert!(interpret::<Link, String>(&OP, &response, true).is_ok());
    }

    #[test]
    fn answers_that_are_not_the_documented_one() {
        let response_error = |r: Result<Link, Error<String>>| match r {
            Err(Error::Response(e)) => e.to_string(),
            other => format!("not a Response error: {other:?}"),
        };
        assert_eq!(response_error(answer(200, r#"{"result": true}"#)), "`link`: missing");
        assert!(
            response_error(answer(200, r#"{"result": true, "link": "paypage"}"#)).starts_with("`link`: invalid URL")
        );
        assert_eq!(response_error(answer(200, r#"{"link": "https://x.fr/"}"#)), "`result`: missing, or not a boolean");
        assert!(response_error(answer(200, r#"{"result": false}"#)).contains("no code was given"));
        assert_eq!(response_error(answer(200, "[1, 2]")), "the answer is not a JSON object");
        assert!(matches!(answer(200, "<html>"), Err(Error::NotJson { status: 200, .. })));
        assert!(matches!(answer(200, ""), Err(Error::NotJson { .. })));
        assert!(matches!(answer(502, "<html>Bad gateway</html>"), Err(Error::Http { status: 502, .. })));
        assert!(matches!(answer(500, r#"{"result": true, "link": "https://x.fr/"}"#), Err(Error::Http { .. })));
        assert!(matches!(answer(500, r#"{"result": false}"#), Err(Error::Http { .. })));
    }

    #[test]
    fn get_requests_carry_arguments_in_the_query_and_post_in_the_body() {
        let endpoint = crate::endpoint::Endpoint::https("https://x.fr/ssp/").map_err(|e| e.to_string());
        let Ok(endpoint) = endpoint else { panic!("endpoint") };
        let client = JsonClient::new(ClientConfig::new(endpoint, Some(crate::auth::BasicAuth::new("u", "p"))));
        let mut args = Arguments::new();
        args.string("q", "a b");
        let get = JsonOperation { method: Method::Get, path: "/search", auth: false, ..OP };
        let r = client.build_request(&get, &args);
        assert_eq!((r.url.as_str(), r.body.len()), ("https://x.fr/ssp/search?q=a+b", 0));
        assert!(r.headers.iter().all(|(n, _)| n != "Authorization" && n != "Content-Type"));
        let r = client.build_request(&OP, &args);
        assert_eq!(r.url, "https://x.fr/ssp/get_link_payment");
        assert_eq!(r.body, br#"{"q":"a b"}"#);
        assert!(r.headers.iter().any(|(n, v)| n == "Authorization" && v.starts_with("Basic ")));
    }
}
