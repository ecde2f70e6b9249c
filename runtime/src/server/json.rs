//! JSON services: route on method and path, arguments from the JSON object body (`POST`) or the
//! query string (`GET`), typed request to the service, the answer in the service's envelope
//! (`{"result": true, ...}` or `{"result": false, "code": "..."}`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::{AuthRefusal, HttpError, Router, check_basic};
use crate::auth::BasicAuth;
use crate::json::{Arguments, FromJsonObject, JsonOperation, Object, ReadError, ToArguments};
use crate::validate::{Validate, ValidationErrors, validate};
use crate::xml::SimpleValue;

/// How an operation of a JSON service fails, instead of answering its typed response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonError<C> {
    /// The service refuses the request with one of its error codes (`{"result": false, "code":
    /// ...}`; HTTP 400 `{"code": ...}` for a service without an envelope).
    Rejected(C),
    /// A plain HTTP answer (an error page, a 401).
    Http(HttpError),
}

impl<C> From<HttpError> for JsonError<C> {
    fn from(e: HttpError) -> Self {
        JsonError::Http(e)
    }
}

impl<C> JsonError<C> {
    /// The default answer to refused credentials: HTTP 401.
    pub fn unauthorized(_refusal: AuthRefusal) -> Self {
        JsonError::Http(HttpError::unauthorized())
    }
}

/// Why a JSON request reached no operation's handler.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonRefusal {
    /// A `POST` body that is not a JSON object.
    NotJson {
        /// The operation.
        operation: &'static str,
    },
    /// A mandatory argument is absent (or null).
    Missing {
        /// The operation.
        operation: &'static str,
        /// The argument.
        member: String,
    },
    /// An argument cannot be read as its type.
    Unreadable {
        /// The operation.
        operation: &'static str,
        /// The argument and what is wrong (never the value).
        error: ReadError,
    },
    /// The arguments break the table's rules (lengths, patterns, enumerations).
    Invalid {
        /// The operation.
        operation: &'static str,
        /// Every failure (paths and rules, never values).
        errors: ValidationErrors,
    },
}

impl fmt::Display for JsonRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonRefusal::NotJson { operation } => write!(f, "{operation}: the body is not a JSON object"),
            JsonRefusal::Missing { operation, member } => write!(f, "{operation}: `{member}` is missing"),
            JsonRefusal::Unreadable { operation, error } => write!(f, "{operation}: {error}"),
            JsonRefusal::Invalid { operation, errors } => write!(f, "{operation}: {errors}"),
        }
    }
}

impl JsonRefusal {
    /// The default answer: HTTP 400 with a JSON `{"error": "..."}` saying what is wrong.
    pub fn into_error<C>(self) -> JsonError<C> {
        let body = serde_json::json!({ "error": self.to_string() }).to_string();
        JsonError::Http(HttpError::new(400, "application/json", body))
    }
}

type Pending<C> = Pin<Box<dyn Future<Output = Result<Vec<u8>, JsonError<C>>> + Send>>;
type Invoke<S, C> = Box<dyn Fn(&Arc<S>, &Map<String, Value>) -> Result<Pending<C>, JsonRefusal> + Send + Sync>;

struct Route<S, C> {
    op: &'static JsonOperation,
    invoke: Invoke<S, C>,
}

/// A JSON service, built by generated `router` functions: the operations, the declared
/// authentication, and how the service answers refusals.
pub struct JsonServer<S, C> {
    service: Arc<S>,
    auth: Option<BasicAuth>,
    routes: Vec<Route<S, C>>,
    refuse_credentials: fn(&S, AuthRefusal) -> JsonError<C>,
    refuse_request: fn(&S, JsonRefusal) -> JsonError<C>,
}

/// A path axum routes literally (no parameters, no wildcards).
pub fn routable(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['{', '}', '*'])
        && !path.split('/').any(|segment| segment.starts_with(':'))
        && !path.contains("//")
}

/// The success body: the envelope's flag first, then the answer's members.
fn write_answer<Resp: ToArguments>(op: &JsonOperation, response: &Resp) -> Vec<u8> {
    let mut args = Arguments::new();
    if let Some(env) = &op.envelope {
        args.boolean(env.success, true);
    }
    response.arguments(&mut args);
    args.to_json()
}

fn read_arguments<Req: FromJsonObject + Validate>(
    op: &'static JsonOperation,
    args: &Map<String, Value>,
) -> Result<Req, JsonRefusal> {
    let request = Req::from_object(&Object::new(args)).map_err(|error| {
        if error.is_missing() {
            JsonRefusal::Missing { operation: op.name, member: error.path }
        } else {
            JsonRefusal::Unreadable { operation: op.name, error }
        }
    })?;
    validate(op.name, &request).map_err(|errors| JsonRefusal::Invalid { operation: op.name, errors })?;
    Ok(request)
}

impl<S: Send + Sync + 'static, C: SimpleValue + Send + 'static> JsonServer<S, C> {
    /// A server of `service`; `refuse_request` answers requests whose arguments cannot be taken
    /// (the service trait's `refuse_request`).
    pub fn new(service: S, refuse_request: fn(&S, JsonRefusal) -> JsonError<C>) -> Self {
        JsonServer {
            service: Arc::new(service),
            auth: None,
            routes: Vec::new(),
            refuse_credentials: |_, refusal| JsonError::unauthorized(refusal),
            refuse_request,
        }
    }

    /// Requests must carry these HTTP Basic credentials (operations that declare authentication);
    /// `refuse` answers the others (the service trait's `refuse_credentials`).
    pub fn with_basic_auth(mut self, auth: BasicAuth, refuse: fn(&S, AuthRefusal) -> JsonError<C>) -> Self {
        self.auth = Some(auth);
        self.refuse_credentials = refuse;
        self
    }

    /// Serves `op`: its arguments are read as `Req`, validated and given to `handler`.
    pub fn operation<Req, Resp, F, Fut>(mut self, op: &'static JsonOperation, handler: F) -> Self
    where
        Req: FromJsonObject + Validate + Send + 'static,
        Resp: ToArguments + Send + 'static,
        F: Fn(Arc<S>, Req) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Resp, JsonError<C>>> + Send + 'static,
    {
        let invoke: Invoke<S, C> = Box::new(move |service, args| {
            let request = read_arguments::<Req>(op, args)?;
            let answer = handler(service.clone(), request);
            Ok(Box::pin(async move { answer.await.map(|resp| write_answer(op, &resp)) }))
        });
        self.routes.push(Route { op, invoke });
        self
    }

    /// The router: every operation at its path (relative to where it is mounted, e.g. with
    /// `Router::nest("/ssp", ...)`; routers of several services merge); other methods are 405.
    /// An operation whose path axum cannot route (empty, or with `{`, `}`, `*` or a segment
    /// starting with `:`) is not mounted: the generator refuses such paths.
    pub fn into_router(self) -> Router {
        let server = Arc::new(self);
        let mut paths: Vec<&'static str> = server.routes.iter().map(|r| r.op.path.trim_start_matches('/')).collect();
        paths.sort_unstable();
        paths.dedup();
        let mut router = Router::new();
        for path in paths.into_iter().filter(|p| routable(p)) {
            let server = server.clone();
            let handler = move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let server = server.clone();
                async move { server.handle(path, method, uri, headers, body).await }
            };
            router = router.route(&format!("/{path}"), axum::routing::any(handler));
        }
        router
    }

    fn answer_error(&self, op: &JsonOperation, error: JsonError<C>) -> Response {
        match error {
            JsonError::Rejected(code) => {
                let mut args = Arguments::new();
                let (status, member) = match &op.envelope {
                    Some(env) => {
                        args.boolean(env.success, false);
                        (StatusCode::OK, env.code)
                    }
                    None => (StatusCode::BAD_REQUEST, "code"),
                };
                args.string(member, code.to_text());
                (status, [(header::CONTENT_TYPE, "application/json")], args.to_json()).into_response()
            }
            JsonError::Http(e) => e.into_response(),
        }
    }

    async fn handle(&self, path: &str, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
        let on_path: Vec<&Route<S, C>> =
            self.routes.iter().filter(|r| r.op.path.trim_start_matches('/') == path).collect();
        let same_method = |r: &&&Route<S, C>| match r.op.method {
            crate::http::Method::Get => method == Method::GET,
            crate::http::Method::Post => method == Method::POST,
        };
        let Some(route) = on_path.iter().find(same_method) else {
            return StatusCode::METHOD_NOT_ALLOWED.into_response();
        };
        let op = route.op;
        if op.auth
            && let Some(auth) = &self.auth
            && let Err(refusal) = check_basic(auth, &headers)
        {
            return self.answer_error(op, (self.refuse_credentials)(&self.service, refusal));
        }
        let args = if method == Method::GET {
            let query = uri.query().unwrap_or("");
            form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect::<Map<String, Value>>()
        } else {
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(map)) => map,
                _ if body.iter().all(u8::is_ascii_whitespace) => Map::new(),
                _ => {
                    let refusal = JsonRefusal::NotJson { operation: op.name };
                    return self.answer_error(op, (self.refuse_request)(&self.service, refusal));
                }
            }
        };
        match (route.invoke)(&self.service, &args) {
            Ok(pending) => match pending.await {
                Ok(answer) => (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], answer).into_response(),
                Err(e) => self.answer_error(op, e),
            },
            Err(refusal) => self.answer_error(op, (self.refuse_request)(&self.service, refusal)),
        }
    }
}
