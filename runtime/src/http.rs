//! HTTP transport abstraction and the default `reqwest` + rustls (ring) transport.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::time::Duration;

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
}

/// An HTTP request to send. `Debug` redacts credential headers and shows only the body size.
#[derive(Clone)]
pub struct HttpRequest {
    /// Full URL.
    pub url: String,
    /// Method.
    pub method: Method,
    /// Headers (name, value). May contain credentials: never log them.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

/// An HTTP response (body fully read, within [`Limits::max_response_bytes`]). `Debug` shows only
/// the body size.
#[derive(Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers (name, value), values decoded lossily.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

/// Whether a header may carry credentials (its value is never shown).
fn is_sensitive(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["authorization", "cookie", "token", "key", "secret", "password", "signature"].iter().any(|s| n.contains(s))
}

struct RedactedHeaders<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(n, v)| (n.as_str(), if is_sensitive(n) { "***" } else { v.as_str() })))
            .finish()
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("url", &self.url)
            .field("method", &self.method)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl HttpResponse {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Time and size limits for one exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Whole exchange, from connecting to the end of the response body (default 30 s).
    pub timeout: Duration,
    /// Establishing the connection, TLS included (default 10 s).
    pub connect_timeout: Duration,
    /// Maximum response body size, enforced while streaming (default 16 MiB).
    pub max_response_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_response_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Why an exchange failed, and whether the request may have reached the server.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportError {
    /// The connection could not be established: the request was certainly not sent.
    Connect(String),
    /// Timed out; `sent` says whether the request may have been sent.
    Timeout {
        /// The request may have reached the server.
        sent: bool,
    },
    /// I/O failure (connection reset, ...); `sent: true` means the outcome is unknown.
    Io {
        /// The request may have reached the server.
        sent: bool,
        /// Description (never contains headers or bodies).
        message: String,
    },
    /// The response body exceeded [`Limits::max_response_bytes`].
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// Anything else (e.g. the client could not be built). Assumed possibly sent.
    Other(String),
    /// The request reached the server, or a gateway in front of it, which failed with a 5xx
    /// status and no answer of the service (no SOAP fault, no failure envelope). The clients use
    /// it for operations that move money: a 502 or 504 from a proxy says nothing of whether the
    /// service behind it processed the payment.
    ServerFailed {
        /// The HTTP status.
        status: u16,
        /// The first ≤ 512 bytes of the body (lossy UTF-8).
        excerpt: String,
    },
}

impl TransportError {
    /// The one rule for a non-2xx answer that carries no answer of the service (no SOAP fault, no
    /// failure envelope): for an operation that moves money, a 5xx means the server or a gateway
    /// failed, maybe after the payment, so the outcome is unknown (`Ok`, the source to report);
    /// anything else is a plain HTTP error (`Err`, the excerpt given back).
    pub(crate) fn unanswered(moves_money: bool, status: u16, excerpt: String) -> Result<TransportError, String> {
        if moves_money && (500..600).contains(&status) {
            Ok(TransportError::ServerFailed { status, excerpt })
        } else {
            Err(excerpt)
        }
    }

    /// True unless the request was certainly not sent (only then is a retry safe).
    pub fn request_may_have_been_sent(&self) -> bool {
        match self {
            TransportError::Connect(_) => false,
            TransportError::Timeout { sent } | TransportError::Io { sent, .. } => *sent,
            TransportError::BodyTooLarge { .. } | TransportError::Other(_) | TransportError::ServerFailed { .. } => {
                true
            }
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Connect(m) => write!(f, "could not connect (request not sent): {m}"),
            TransportError::Timeout { sent: false } => f.write_str("timed out before the request was sent"),
            TransportError::Timeout { sent: true } => {
                f.write_str("timed out after the request may have been sent (outcome unknown)")
            }
            TransportError::Io { sent: false, message } => write!(f, "I/O error before sending: {message}"),
            TransportError::Io { sent: true, message } => {
                write!(f, "I/O error after the request may have been sent (outcome unknown): {message}")
            }
            TransportError::BodyTooLarge { limit } => write!(f, "response body larger than {limit} bytes"),
            TransportError::Other(m) => write!(f, "transport error: {m}"),
            TransportError::ServerFailed { status, excerpt } => {
                write!(f, "the server or a gateway failed with HTTP status {status} and no answer: {excerpt:?}")
            }
        }
    }
}

impl std::error::Error for TransportError {}

/// The future returned by [`Transport::send`].
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request. Implementations must not retry on their own and must enforce
/// `limits` (the body limit while streaming).
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the whole response within `limits`.
    fn send<'a>(&'a self, request: HttpRequest, limits: &'a Limits) -> SendFuture<'a>;
}

/// The default transport: `reqwest` with rustls (ring provider, platform certificate
/// verification), connection pooling, no automatic retries, no redirects.
///
/// The underlying client is built on first use, with the connect timeout of that first call.
#[derive(Debug, Default)]
pub struct ReqwestTransport {
    client: OnceLock<Result<reqwest::Client, String>>,
}

impl ReqwestTransport {
    /// A transport; the client is built lazily.
    pub fn new() -> Self {
        Self::default()
    }

    /// Wraps an already configured `reqwest` client (its retry and redirect settings are the
    /// caller's responsibility).
    pub fn with_client(client: reqwest::Client) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(Ok(client));
        ReqwestTransport { client: cell }
    }

    fn client(&self, limits: &Limits) -> Result<&reqwest::Client, TransportError> {
        let built = self.client.get_or_init(|| {
            // Installing fails only if a provider is already installed: fine either way.
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::Client::builder()
                .connect_timeout(limits.connect_timeout)
                .retry(reqwest::retry::never())
                .redirect(reqwest::redirect::Policy::none())
                .pool_idle_timeout(Duration::from_secs(60))
                .build()
                .map_err(|e| e.to_string())
        });
        built.as_ref().map_err(|e| TransportError::Other(format!("cannot build HTTP client: {e}")))
    }
}

/// Classifies a reqwest error; `sent` is whether the request may have been sent at this point.
fn classify(e: reqwest::Error, after_headers: bool) -> TransportError {
    use std::error::Error as _;
    // The URL is left out of messages (some services put keys in query strings).
    let e = e.without_url();
    let mut message = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        message.push_str(": ");
        message.push_str(&s.to_string());
        src = s.source();
    }
    if e.is_connect() && !after_headers {
        if e.is_timeout() {
            return TransportError::Timeout { sent: false };
        }
        return TransportError::Connect(message);
    }
    if e.is_timeout() {
        return TransportError::Timeout { sent: true };
    }
    if e.is_builder() {
        return TransportError::Other(message);
    }
    TransportError::Io { sent: true, message }
}

impl Transport for ReqwestTransport {
    fn send<'a>(&'a self, request: HttpRequest, limits: &'a Limits) -> SendFuture<'a> {
        Box::pin(async move {
            let client = self.client(limits)?;
            let method = match request.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
            };
            let mut builder = client.request(method, &request.url).timeout(limits.timeout);
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            let mut response = builder.body(request.body).send().await.map_err(|e| classify(e, false))?;
            let limit = limits.max_response_bytes;
            if response.content_length().is_some_and(|n| n > limit as u64) {
                return Err(TransportError::BodyTooLarge { limit });
            }
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect();
            let mut body = Vec::with_capacity(response.content_length().map_or(8192, |n| n as usize));
            while let Some(chunk) = response.chunk().await.map_err(|e| classify(e, true))? {
                if body.len() + chunk.len() > limit {
                    return Err(TransportError::BodyTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse { status, headers, body })
        })
    }
}
