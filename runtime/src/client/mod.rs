//! The SOAP call path: validate, serialize, send (with safe retries), parse, classify.

mod calls;
mod error;
mod outcome;
mod signed;

use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument as _;

pub use calls::{fault_detail, serialize_request_with_headers};
pub use error::Error;
pub use outcome::{Outcome, OutcomeRule, Rejected, ResultCode};

use crate::auth::BasicAuth;
use crate::endpoint::Endpoint;
use crate::http::{HttpRequest, HttpResponse, Limits, Method, ReqwestTransport, Transport};
use crate::signature::SigningKeys;
use crate::soap::{SoapError, SoapVersion, excerpt, read_envelope, write_envelope};
use crate::validate::{Validate, validate};
use crate::xml::{Deviation, FromXml, ReadOptions, ToXml, to_utf8};

/// A SOAP operation as generated from the WSDL binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoapOperation {
    /// Operation name.
    pub name: &'static str,
    /// SOAPAction (may be empty).
    pub action: &'static str,
    /// SOAP version of the binding.
    pub version: SoapVersion,
    /// (prefix, namespace) pairs declared on the Envelope.
    pub namespaces: &'static [(&'static str, &'static str)],
    /// (namespace, local name) of the request body element.
    pub request: (&'static str, &'static str),
    /// (namespace, local name) of the response body element (`None`: one-way).
    pub response: Option<(&'static str, &'static str)>,
    /// The operation moves money: after the request may have been sent, failures are reported
    /// as [`Error::OutcomeUnknown`].
    pub moves_money: bool,
}

/// Retry policy: retries happen ONLY when the request was certainly not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts including the first (default 3; 0 counts as 1).
    pub max_attempts: u32,
    /// Delay before the second attempt, doubled for each further one (default 200 ms).
    pub backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 3, backoff: Duration::from_millis(200) }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, backoff: Duration::ZERO }
    }
}

/// Client configuration.
#[derive(Clone)]
pub struct ClientConfig {
    /// Service endpoint.
    pub endpoint: Endpoint,
    /// Basic authentication, if any.
    pub auth: Option<BasicAuth>,
    /// Time and size limits.
    pub limits: Limits,
    /// Strict reading: any deviation from the schema fails the call.
    pub strict: bool,
    /// The HTTP transport.
    pub transport: Arc<dyn Transport>,
    /// Retry policy (never retries after the request may have been sent).
    pub retry: RetryPolicy,
    /// Keys of services whose requests carry a declared signature (redacted in `Debug`).
    pub signing: Option<SigningKeys>,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("endpoint", &self.endpoint)
            .field("auth", &self.auth)
            .field("limits", &self.limits)
            .field("strict", &self.strict)
            .field("transport", &self.transport)
            .field("retry", &self.retry)
            .field("signing", &self.signing)
            .finish()
    }
}

impl ClientConfig {
    /// Defaults: [`ReqwestTransport`], default limits, lenient reading, default retries.
    pub fn new(endpoint: Endpoint, auth: Option<BasicAuth>) -> Self {
        ClientConfig {
            endpoint,
            auth,
            limits: Limits::default(),
            strict: false,
            transport: Arc::new(ReqwestTransport::new()),
            retry: RetryPolicy::default(),
            signing: None,
        }
    }

    /// Sets the keys that sign requests of services with a declared signature.
    pub fn with_signing_keys(mut self, keys: SigningKeys) -> Self {
        self.signing = Some(keys);
        self
    }

    /// Uses another transport.
    pub fn with_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = transport;
        self
    }

    /// Sets the limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Strict (true) or lenient (false) reading.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Sets the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
}

/// A SOAP client; cheap to clone.
#[derive(Debug, Clone)]
pub struct SoapClient {
    config: Arc<ClientConfig>,
}

fn qname_string((ns, local): (&str, &str)) -> String {
    if ns.is_empty() { local.to_owned() } else { format!("{{{ns}}}{local}") }
}

/// Serializes `request` as the Body of `op`'s envelope.
pub fn serialize_request<Req: ToXml>(op: &SoapOperation, request: &Req) -> Vec<u8> {
    let (ns, local) = op.request;
    write_envelope(op.version, op.namespaces, |_| {}, |w| w.element(ns, local, request))
}

/// Parses a response envelope whose Body must hold `expected`; returns the value and the
/// deviations (strict mode: deviations are an error).
pub fn parse_response<Resp: FromXml + Default>(
    bytes: &[u8],
    version: SoapVersion,
    expected: (&str, &str),
    options: ReadOptions,
) -> Result<(Resp, Vec<Deviation>), Error> {
    read_body(&to_utf8(bytes), version, expected, options, true)
}

/// [`parse_response`] of UTF-8 bytes; `inline` allows one rewrite of multi-references.
fn read_body<Resp: FromXml + Default>(
    bytes: &[u8],
    version: SoapVersion,
    expected: (&str, &str),
    options: ReadOptions,
    inline: bool,
) -> Result<(Resp, Vec<Deviation>), Error> {
    let (mut r, el) = read_envelope(bytes, version, options.clone()).map_err(Error::from_soap)?;
    if !el.is(expected.0, expected.1) {
        return Err(Error::UnexpectedBody { expected: qname_string(expected), found: el.qualified_name() });
    }
    let value = Resp::read_xml(&mut r, &el).map_err(Error::Xml)?;
    // SOAP 1.1 encoding's multi-reference values follow the body's root as siblings with an
    // `id` (Apache Axis 1): read again with them inlined where they are referred to.
    if let Some(sibling) = r.next_child().map_err(Error::Xml)? {
        let id: Option<String> = r.attribute(&sibling, "", "id").map_err(Error::Xml)?;
        let text = (inline && id.is_some()).then(|| std::str::from_utf8(bytes).ok()).flatten();
        let inlined = match text {
            Some(text) => crate::xml::multiref::inline_references(text, version.envelope_ns()).map_err(Error::Xml)?,
            None => None,
        };
        if let Some(inlined) = inlined {
            return read_body(inlined.as_bytes(), version, expected, options, false);
        }
        r.unexpected(&sibling).map_err(Error::Xml)?;
    }
    let deviations = r.finish().map_err(|e| match e {
        crate::xml::XmlError::Deviations(d) => Error::Deviations(d),
        other => Error::Xml(other),
    })?;
    Ok((value, deviations))
}

impl SoapClient {
    /// A client with `config`.
    pub fn new(config: ClientConfig) -> Self {
        SoapClient { config: Arc::new(config) }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Calls `op`: validates `request`, sends it, and reads the response body element.
    pub async fn call<Req, Resp>(&self, op: &SoapOperation, request: &Req) -> Result<Resp, Error>
    where
        Req: ToXml + Validate,
        Resp: FromXml + Default,
    {
        let span = tracing::debug_span!("soap_call", operation = op.name, version = ?op.version);
        async move {
            validate(op.request.1, request).map_err(Error::Validation)?;
            let body = serialize_request(op, request);
            let response = self.send(op, body).await?;
            let result = self.interpret(op, &response);
            match &result {
                Ok(_) => tracing::debug!(status = response.status, "call succeeded"),
                Err(e) => tracing::debug!(status = response.status, error = %e, "call failed"),
            }
            result
        }
        .instrument(span)
        .await
    }

    fn build_request(&self, op: &SoapOperation, body: Vec<u8>) -> HttpRequest {
        let mut headers = Vec::with_capacity(3);
        headers.push(("Content-Type".to_owned(), op.version.content_type(op.action)));
        if op.version == SoapVersion::V11 {
            headers.push(("SOAPAction".to_owned(), format!("\"{}\"", op.action)));
        }
        if let Some(auth) = &self.config.auth {
            headers.push(("Authorization".to_owned(), auth.header_value()));
        }
        HttpRequest { url: self.config.endpoint.url().to_owned(), method: Method::Post, headers, body }
    }

    /// Sends with retries only while the request was certainly not sent.
    async fn send(&self, op: &SoapOperation, body: Vec<u8>) -> Result<HttpResponse, Error> {
        let cfg = &self.config;
        let attempts = cfg.retry.max_attempts.max(1);
        let mut delay = cfg.retry.backoff;
        let mut attempt = 1;
        loop {
            let request = self.build_request(op, body.clone());
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
                    tracing::debug!(error = %e, "outcome unknown");
                    return Err(Error::OutcomeUnknown { operation: op.name, source: e });
                }
                Err(e) => return Err(Error::Transport(e)),
            }
        }
    }

    fn interpret<Resp: FromXml + Default>(&self, op: &SoapOperation, response: &HttpResponse) -> Result<Resp, Error> {
        let options = ReadOptions { strict: self.config.strict, ..ReadOptions::default() };
        let status = response.status;
        if !(200..300).contains(&status) {
            return match read_envelope(&to_utf8(&response.body), op.version, options) {
                Err(SoapError::Fault(f)) => Err(Error::Fault(f)),
                _ => Err(Error::http(op.name, op.moves_money, status, excerpt(&response.body, 512))),
            };
        }
        match op.response {
            Some(expected) => parse_response(&response.body, op.version, expected, options).map(|(v, _)| v),
            None if response.body.iter().all(u8::is_ascii_whitespace) => Ok(Resp::default()),
            None => {
                let body = to_utf8(&response.body);
                let (mut r, el) = read_envelope(&body, op.version, options).map_err(Error::from_soap)?;
                let v = Resp::read_xml(&mut r, &el).map_err(Error::Xml)?;
                r.finish().map_err(|e| match e {
                    crate::xml::XmlError::Deviations(d) => Error::Deviations(d),
                    other => Error::Xml(other),
                })?;
                Ok(v)
            }
        }
    }

    /// Calls `op` and classifies the business outcome by the response's result code:
    /// success codes → [`Outcome::Success`], warning codes → [`Outcome::Warning`], anything else
    /// → [`Error::Rejected`] (with [`ResultCode::result_message`] and the response kept inside).
    pub async fn call_with_outcome<Req, Resp>(
        &self,
        op: &SoapOperation,
        request: &Req,
        rule: &OutcomeRule,
    ) -> Result<Outcome<Resp>, Error>
    where
        Req: ToXml + Validate,
        Resp: FromXml + Default + ResultCode + Send + Sync + 'static,
    {
        let response: Resp = self.call(op, request).await?;
        rule.classify(op.name, response)
    }
}
