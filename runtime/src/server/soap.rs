//! SOAP services: envelope in, dispatch on the body element (and SOAPAction), typed request to the
//! service, typed response or fault out.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{AuthRefusal, HttpError, Router, check_basic, media_type};
use crate::auth::BasicAuth;
use crate::client::SoapOperation;
use crate::signature::{Signable, SignatureError, SignatureSpec, SigningKeys};
use crate::soap::{SoapError, SoapVersion, read_envelope, write_envelope};
use crate::validate::{Validate, ValidationErrors, validate};
use crate::xml::{Element, FromXml, ReadOptions, ToXml, XML_NS, XmlReader, XmlWriter, to_utf8};

/// The fault code (SOAP 1.2 names; SOAP 1.1 writes `Client` for `Sender` and `Server` for
/// `Receiver`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultCode {
    /// The request is at fault (1.1 `Client`).
    Sender,
    /// The service failed (1.1 `Server`).
    Receiver,
    /// The envelope is of another SOAP version.
    VersionMismatch,
    /// A header marked mustUnderstand was not understood.
    MustUnderstand,
}

impl FaultCode {
    fn local(self, version: SoapVersion) -> &'static str {
        match (self, version) {
            (FaultCode::Sender, SoapVersion::V11) => "Client",
            (FaultCode::Sender, SoapVersion::V12) => "Sender",
            (FaultCode::Receiver, SoapVersion::V11) => "Server",
            (FaultCode::Receiver, SoapVersion::V12) => "Receiver",
            (FaultCode::VersionMismatch, _) => "VersionMismatch",
            (FaultCode::MustUnderstand, _) => "MustUnderstand",
        }
    }
}

/// A SOAP fault a service answers, written in the version of its binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The code.
    pub code: FaultCode,
    /// SOAP 1.2 subcodes (namespace, local name), outermost first (SOAP 1.1 has none).
    pub subcodes: Vec<(String, String)>,
    /// The reason (1.1 `faultstring`, 1.2 `Reason/Text`).
    pub reason: String,
    /// The detail's content, already serialized (see [`Fault::with_detail`]).
    detail: Option<String>,
}

impl Fault {
    /// A fault with `code` and `reason`.
    pub fn new(code: FaultCode, reason: impl Into<String>) -> Self {
        Fault { code, subcodes: Vec::new(), reason: reason.into(), detail: None }
    }

    /// The request is at fault (1.1 `Client`, 1.2 `Sender`).
    pub fn sender(reason: impl Into<String>) -> Self {
        Fault::new(FaultCode::Sender, reason)
    }

    /// The service failed (1.1 `Server`, 1.2 `Receiver`).
    pub fn receiver(reason: impl Into<String>) -> Self {
        Fault::new(FaultCode::Receiver, reason)
    }

    /// Adds a SOAP 1.2 subcode (ignored in SOAP 1.1).
    pub fn with_subcode(mut self, ns: impl Into<String>, local: impl Into<String>) -> Self {
        self.subcodes.push((ns.into(), local.into()));
        self
    }

    /// Adds an element `{ns}local` holding `value` to the detail (a declared `wsdl:fault` element,
    /// or any other).
    pub fn with_detail<T: ToXml + ?Sized>(mut self, ns: &str, local: &str, value: &T) -> Self {
        let mut w = XmlWriter::with_capacity(256);
        w.element(ns, local, value);
        let text = String::from_utf8_lossy(w.as_bytes()).into_owned();
        self.detail.get_or_insert_with(String::new).push_str(&text);
        self
    }

    /// The detail's content as written, if any.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The fault envelope and its HTTP status.
    pub fn to_envelope(&self, version: SoapVersion) -> (StatusCode, Vec<u8>) {
        let env = version.envelope_ns();
        let body = write_envelope(
            version,
            &[],
            |_| {},
            |w| {
                w.start(env, "Fault");
                match version {
                    SoapVersion::V11 => {
                        w.start("", "faultcode");
                        let code = w.qname_text(env, self.code.local(version));
                        w.text(&code);
                        w.end();
                        w.start("", "faultstring");
                        w.text(&self.reason);
                        w.end();
                        if let Some(d) = &self.detail {
                            w.start("", "detail");
                            w.raw(d);
                            w.end();
                        }
                    }
                    SoapVersion::V12 => {
                        w.start(env, "Code");
                        w.start(env, "Value");
                        let code = w.qname_text(env, self.code.local(version));
                        w.text(&code);
                        w.end();
                        for (ns, local) in &self.subcodes {
                            w.start(env, "Subcode");
                            w.start(env, "Value");
                            let code = w.qname_text(ns, local);
                            w.text(&code);
                            w.end();
                        }
                        for _ in &self.subcodes {
                            w.end();
                        }
                        w.end();
                        w.start(env, "Reason");
                        w.start(env, "Text");
                        w.attr(XML_NS, "lang", "en");
                        w.text(&self.reason);
                        w.end();
                        w.end();
                        if let Some(d) = &self.detail {
                            w.start(env, "Detail");
                            w.raw(d);
                            w.end();
                        }
                    }
                }
                w.end();
            },
        );
        // SOAP 1.1 answers every fault with 500; SOAP 1.2 a Sender fault with 400.
        let status = match (version, self.code) {
            (SoapVersion::V12, FaultCode::Sender) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, body)
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} fault: {}", self.code, self.reason)
    }
}

/// How an operation of a SOAP service fails, instead of answering its typed response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A SOAP fault.
    Fault(Box<Fault>),
    /// A plain HTTP answer (an error page, a 401).
    Http(HttpError),
}

impl From<Fault> for Error {
    fn from(f: Fault) -> Self {
        Error::Fault(Box::new(f))
    }
}

impl From<HttpError> for Error {
    fn from(e: HttpError) -> Self {
        Error::Http(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Fault(fault) => fault.fmt(f),
            Error::Http(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The default answer to refused credentials: HTTP 401.
    pub fn unauthorized(_refusal: AuthRefusal) -> Self {
        Error::Http(HttpError::unauthorized())
    }
}

/// Why a signed request was refused: its signature is not the one the declared signature gives
/// with the server's key. Never carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureRefusal {
    /// The operation.
    pub operation: &'static str,
    /// The request's mode value (which selects the key), as received.
    pub mode: Option<String>,
    /// The server's string to sign (without the key), when the values could be formatted.
    pub string_to_sign: Option<String>,
    /// Why no signature could be computed (unknown mode, no key for it, a badly formatted value);
    /// `None`: one was computed and the request's differs.
    pub error: Option<SignatureError>,
}

/// Checks the signature `request` carries against the one `spec` gives with `keys`.
pub fn verify_signature<R: Signable + ?Sized>(
    spec: &SignatureSpec,
    keys: &SigningKeys,
    request: &R,
) -> Result<(), SignatureRefusal> {
    let mut refusal = SignatureRefusal {
        operation: spec.operation,
        mode: request.signing_mode().map(|m| m.into_owned()),
        string_to_sign: None,
        error: None,
    };
    let key = match crate::signature::select_key(spec, keys, request) {
        Ok(k) => k,
        Err(e) => {
            refusal.error = Some(e);
            return Err(refusal);
        }
    };
    let text = match crate::signature::string_to_sign(spec, &request.signed_values()) {
        Ok(t) => t,
        Err(e) => {
            refusal.error = Some(e);
            return Err(refusal);
        }
    };
    let expected = crate::signature::digest(spec, &text, key);
    let given = request.signature().unwrap_or_default();
    if super::same(expected.as_bytes(), given.as_bytes()) {
        return Ok(());
    }
    refusal.string_to_sign = Some(text);
    Err(refusal)
}

/// Why a SOAP request reached no operation. Services answer it with
/// [`RequestRefusal::into_error`] unless they answer like their real counterpart.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestRefusal {
    /// The body is not a SOAP envelope.
    NotSoap {
        /// What is wrong.
        reason: String,
    },
    /// An envelope of the other SOAP version.
    VersionMismatch {
        /// The version received.
        found: SoapVersion,
    },
    /// The envelope has no Body, or an empty one.
    NoBody,
    /// No operation takes this body element.
    UnknownOperation {
        /// Its namespace.
        ns: String,
        /// Its local name.
        local: String,
    },
    /// The SOAPAction names another operation (or is missing in SOAP 1.1).
    ActionMismatch {
        /// The operation of the body element.
        operation: &'static str,
        /// The action received.
        found: Option<String>,
    },
    /// The body element cannot be read as the operation's request.
    Unreadable {
        /// The operation.
        operation: &'static str,
        /// What is wrong (never a value).
        reason: String,
    },
    /// The request breaks the schema's facets.
    Invalid {
        /// The operation.
        operation: &'static str,
        /// Every failure (paths and rules, never values).
        errors: ValidationErrors,
    },
}

impl fmt::Display for RequestRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestRefusal::NotSoap { reason } => write!(f, "not a SOAP envelope: {reason}"),
            RequestRefusal::VersionMismatch { found } => {
                write!(f, "{found} envelope sent to a service of the other version")
            }
            RequestRefusal::NoBody => f.write_str("the envelope has no Body element"),
            RequestRefusal::UnknownOperation { ns, local } => write!(f, "no operation takes {{{ns}}}{local}"),
            RequestRefusal::ActionMismatch { operation, found: Some(a) } => {
                write!(f, "SOAPAction {a:?} does not match operation {operation}")
            }
            RequestRefusal::ActionMismatch { operation, found: None } => {
                write!(f, "no SOAPAction header (operation {operation})")
            }
            RequestRefusal::Unreadable { operation, reason } => write!(f, "unreadable {operation} request: {reason}"),
            RequestRefusal::Invalid { operation, errors } => write!(f, "invalid {operation} request: {errors}"),
        }
    }
}

impl RequestRefusal {
    /// The default answer: a `VersionMismatch` fault for an envelope of the other version, a
    /// `Sender` (1.1 `Client`) fault saying what is wrong otherwise.
    pub fn into_error(self) -> Error {
        let code = match self {
            RequestRefusal::VersionMismatch { .. } => FaultCode::VersionMismatch,
            _ => FaultCode::Sender,
        };
        Error::from(Fault::new(code, self.to_string()))
    }
}

type Pending = Pin<Box<dyn Future<Output = Result<Vec<u8>, Error>> + Send>>;
type Invoke<S> = Box<
    dyn for<'a> Fn(&Arc<S>, Option<&SigningKeys>, XmlReader<'a>, &Element) -> Result<Pending, RequestRefusal>
        + Send
        + Sync,
>;

struct Route<S> {
    op: &'static SoapOperation,
    invoke: Invoke<S>,
}

/// One SOAP binding of a service, built by generated `router` functions: the operations, the
/// declared authentication, and how the service answers refusals.
pub struct SoapServer<S> {
    service: Arc<S>,
    version: SoapVersion,
    auth: Option<BasicAuth>,
    keys: Option<SigningKeys>,
    routes: Vec<Route<S>>,
    refuse_credentials: fn(&S, AuthRefusal) -> Error,
    refuse_request: fn(&S, RequestRefusal) -> Error,
}

/// Reads the body element `el` as `Req` and validates it.
fn read_request<Req: FromXml + Validate>(
    op: &'static SoapOperation,
    mut r: XmlReader<'_>,
    el: &Element,
) -> Result<Req, RequestRefusal> {
    let unreadable = |e: crate::xml::XmlError| RequestRefusal::Unreadable { operation: op.name, reason: e.to_string() };
    let request = Req::read_xml(&mut r, el).map_err(unreadable)?;
    r.finish().map_err(unreadable)?;
    validate(op.request.1, &request).map_err(|errors| RequestRefusal::Invalid { operation: op.name, errors })?;
    Ok(request)
}

fn write_response<Resp: ToXml>(op: &SoapOperation, response: &Resp) -> Vec<u8> {
    write_envelope(
        op.version,
        op.namespaces,
        |_| {},
        |w| {
            if let Some((ns, local)) = op.response {
                w.element(ns, local, response);
            }
        },
    )
}

impl<S: Send + Sync + 'static> SoapServer<S> {
    /// A server of `service` for a binding of `version`; `refuse_request` answers requests that
    /// reach no operation (the service trait's `refuse_request`).
    pub fn new(service: S, version: SoapVersion, refuse_request: fn(&S, RequestRefusal) -> Error) -> Self {
        SoapServer {
            service: Arc::new(service),
            version,
            auth: None,
            keys: None,
            routes: Vec::new(),
            refuse_credentials: |_, refusal| Error::unauthorized(refusal),
            refuse_request,
        }
    }

    /// Requests must carry these HTTP Basic credentials;
    /// `refuse` answers the others (the service trait's `refuse_credentials`).
    pub fn with_basic_auth(mut self, auth: BasicAuth, refuse: fn(&S, AuthRefusal) -> Error) -> Self {
        self.auth = Some(auth);
        self.refuse_credentials = refuse;
        self
    }

    /// The keys that check declared request signatures.
    pub fn with_signing_keys(mut self, keys: SigningKeys) -> Self {
        self.keys = Some(keys);
        self
    }

    /// Serves `op`: its request element is read as `Req`, validated and given to `handler`.
    pub fn operation<Req, Resp, F, Fut>(mut self, op: &'static SoapOperation, handler: F) -> Self
    where
        Req: FromXml + Validate + Send + 'static,
        Resp: ToXml + Send + 'static,
        F: Fn(Arc<S>, Req) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Resp, Error>> + Send + 'static,
    {
        let invoke: Invoke<S> = Box::new(move |service, _keys, r, el| {
            let request = read_request::<Req>(op, r, el)?;
            let answer = handler(service.clone(), request);
            Ok(Box::pin(async move { answer.await.map(|resp| write_response(op, &resp)) }))
        });
        self.routes.push(Route { op, invoke });
        self
    }

    /// Serves `op`, whose requests carry the signature `spec` declares: `handler` gets requests
    /// whose signature is the one the server's keys give, `refused` the others (services answer
    /// a refused signature with a business response, e.g. code `BAD_SIGNATURE`).
    pub fn signed_operation<Req, Resp, F, Fut, G, GFut>(
        mut self,
        op: &'static SoapOperation,
        spec: &'static SignatureSpec,
        handler: F,
        refused: G,
    ) -> Self
    where
        Req: FromXml + Validate + Signable + Send + 'static,
        Resp: ToXml + Send + 'static,
        F: Fn(Arc<S>, Req) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Resp, Error>> + Send + 'static,
        G: Fn(Arc<S>, Req, SignatureRefusal) -> GFut + Send + Sync + 'static,
        GFut: Future<Output = Result<Resp, Error>> + Send + 'static,
    {
        let invoke: Invoke<S> = Box::new(move |service, keys, r, el| {
            let request = read_request::<Req>(op, r, el)?;
            let none = SigningKeys::default();
            let verdict = verify_signature(spec, keys.unwrap_or(&none), &request);
            let service = service.clone();
            Ok(match verdict {
                Ok(()) => {
                    let answer = handler(service, request);
                    Box::pin(async move { answer.await.map(|resp| write_response(op, &resp)) })
                }
                Err(refusal) => {
                    let answer = refused(service, request, refusal);
                    Box::pin(async move { answer.await.map(|resp| write_response(op, &resp)) })
                }
            })
        });
        self.routes.push(Route { op, invoke });
        self
    }

    /// The router: `POST` on any path (mount it where the service lives with
    /// `Router::nest_service`).
    pub fn into_router(self) -> Router {
        let server = Arc::new(self);
        Router::new().fallback(move |method: Method, headers: HeaderMap, body: Bytes| {
            let server = server.clone();
            async move { server.handle(method, headers, body).await }
        })
    }

    fn answer_error(&self, error: Error) -> Response {
        match error {
            Error::Fault(fault) => {
                let (status, body) = fault.to_envelope(self.version);
                (status, [(header::CONTENT_TYPE, self.version.content_type(""))], body).into_response()
            }
            Error::Http(e) => e.into_response(),
        }
    }

    async fn handle(&self, method: Method, headers: HeaderMap, body: Bytes) -> Response {
        if method != Method::POST {
            return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "POST")]).into_response();
        }
        if let Some(auth) = &self.auth
            && let Err(refusal) = check_basic(auth, &headers)
        {
            return self.answer_error((self.refuse_credentials)(&self.service, refusal));
        }
        let media = media_type(&headers).unwrap_or_default();
        let expected = match self.version {
            SoapVersion::V11 => "text/xml",
            SoapVersion::V12 => "application/soap+xml",
        };
        if media != expected {
            return (StatusCode::UNSUPPORTED_MEDIA_TYPE, format!("Content-Type must be {expected}")).into_response();
        }
        match self.dispatch(&headers, &body) {
            Ok(pending) => match pending.await {
                Ok(envelope) => {
                    (StatusCode::OK, [(header::CONTENT_TYPE, self.version.content_type(""))], envelope).into_response()
                }
                Err(e) => self.answer_error(e),
            },
            Err(refusal) => self.answer_error((self.refuse_request)(&self.service, refusal)),
        }
    }

    fn dispatch(&self, headers: &HeaderMap, body: &[u8]) -> Result<Pending, RequestRefusal> {
        let text = to_utf8(body);
        let (r, el) = read_envelope(&text, self.version, ReadOptions::default()).map_err(|e| match e {
            SoapError::VersionMismatch { found, .. } => RequestRefusal::VersionMismatch { found },
            SoapError::MissingBody | SoapError::EmptyBody => RequestRefusal::NoBody,
            SoapError::Fault(_) => RequestRefusal::NotSoap { reason: "a fault is not a request".into() },
            other => RequestRefusal::NotSoap { reason: other.to_string() },
        })?;
        let Some(route) = self.routes.iter().find(|route| el.is(route.op.request.0, route.op.request.1)) else {
            return Err(RequestRefusal::UnknownOperation {
                ns: el.namespace().to_owned(),
                local: el.local_name().to_owned(),
            });
        };
        check_action(self.version, route.op, headers)?;
        (route.invoke)(&self.service, self.keys.as_ref(), r, &el)
    }
}

/// SOAP 1.1: the `SOAPAction` header is required and names the operation (quotes removed);
/// SOAP 1.2: the optional `action` parameter of the Content-Type. An operation without action
/// accepts any.
fn check_action(version: SoapVersion, op: &'static SoapOperation, headers: &HeaderMap) -> Result<(), RequestRefusal> {
    let found = match version {
        SoapVersion::V11 => match headers.get("soapaction").map(|v| v.to_str()) {
            Some(Ok(v)) => Some(v.trim().trim_matches('"').to_owned()),
            Some(Err(_)) => Some(String::new()),
            None => return Err(RequestRefusal::ActionMismatch { operation: op.name, found: None }),
        },
        SoapVersion::V12 => headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|ct| ct.split(';').skip(1).find_map(|p| p.trim().strip_prefix("action=")))
            .map(|a| a.trim_matches('"').to_owned()),
    };
    match found {
        Some(a) if !op.action.is_empty() && a != op.action => {
            Err(RequestRefusal::ActionMismatch { operation: op.name, found: Some(a) })
        }
        _ => Ok(()),
    }
}
