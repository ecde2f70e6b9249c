//! Records every request a fake server receives, as it arrived on the wire, in front of the
//! generated router: what tests of the clients check (headers, query strings, bodies).

use std::sync::{Arc, Mutex};

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A request as the server received it.
#[derive(Debug, Clone, Default)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub soap_action: Option<String>,
    pub content_type: Option<String>,
    pub accept: Option<String>,
    pub authorization: Option<String>,
    pub body: String,
}

/// The requests received so far; clones share them.
#[derive(Debug, Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Received>>>);

/// Larger than any request of the tests; a larger body is refused with 413.
const MAX_BODY: usize = 4 << 20;

impl Recorder {
    /// `router` with every request recorded before it is served.
    pub fn layer(&self, router: axum::Router) -> axum::Router {
        let recorder = self.clone();
        router.layer(axum::middleware::from_fn(move |request: Request, next: Next| {
            let recorder = recorder.clone();
            async move { recorder.record(request, next).await }
        }))
    }

    async fn record(&self, request: Request, next: Next) -> Response {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
            return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let get = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let received = Received {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            soap_action: get("soapaction"),
            content_type: get(header::CONTENT_TYPE.as_str()),
            accept: get(header::ACCEPT.as_str()),
            authorization: get(header::AUTHORIZATION.as_str()),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        if let Ok(mut all) = self.0.lock() {
            all.push(received);
        }
        next.run(Request::from_parts(parts, Body::from(bytes))).await
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.0.lock().map(|r| r.clone()).unwrap_or_default()
    }
}
