//! A fake Safedebit API v1 on 127.0.0.1, answering like the real service: HTTP 200 with
//! `{"result": true, ...}` or `{"result": false, "code": "..."}`.
//!
//! It shares no code with the client: requests are read with `serde_json::Value` and
//! `form_urlencoded`, answers are written as JSON text. Behaviour (base path `/ssp/`, as in the
//! provider's examples):
//! - HTTP Basic auth: an unknown (or missing) login is `AUTH_001`, a wrong password `AUTH_002`;
//! - `POST /ssp/get_link_payment`: a missing or empty mandatory argument is `PARAM_001`, an
//!   argument of the wrong JSON type (amount not a string of digits, consumer_zip_code not a
//!   string, consumer_type / sms_option / email_option not the number 0 or 1, the five flags not
//!   booleans) is `PARAM_002` (both codes are the fake's own: the real annex is not public);
//!   a payment reference already used is `EXIST_005`; beneficiary `refused` is `NOK_001`;
//!   beneficiary `http500` answers an HTML 500, beneficiary `html` an HTML page with status 200;
//!   otherwise a link `https://pay.safedebit.test/paypage?SDESSID=<n>`;
//! - `GET /ssp/search_payment?payment_reference=...`: `{"result": true, "datas": [...]}` with the
//!   payments created so far (all of them without the parameter);
//! - `GET /ssp/ping`: `{"result": true}`, without authentication.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::Value;

pub const LOGIN: &str = "marchand-42";
pub const PASSWORD: &str = "s3cr3t-Pa55";
pub const BASE: &str = "/ssp/";

const MANDATORY: &[&str] = &[
    "beneficiary_reference",
    "amount",
    "payment_reference",
    "consumer_reference",
    "url_callback",
    "consumer_email",
    "consumer_phone_number",
];
const ZERO_ONE: &[&str] = &["consumer_type", "sms_option", "email_option"];
const FLAGS: &[&str] = &["from_bo", "get_pay_id", "pay_now", "multi_pay", "pay_later"];

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub content_type: Option<String>,
    pub accept: Option<String>,
    pub authorization: Option<String>,
    pub body: String,
}

#[derive(Debug, Default)]
struct State {
    /// payment_reference → (amount, beneficiary_reference)
    payments: BTreeMap<String, (String, String)>,
    received: Vec<Received>,
}

/// A running fake server; stops when dropped.
pub struct FakeSafedebit {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeSafedebit {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeSafedebit {
    /// Starts the server on an ephemeral port of 127.0.0.1.
    pub async fn start() -> std::io::Result<FakeSafedebit> {
        let state = Arc::new(Mutex::new(State::default()));
        let app = axum::Router::new().fallback(handle).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeSafedebit { addr, state, task })
    }

    /// The base URL (`http://127.0.0.1:<port>/ssp/`).
    pub fn base_url(&self) -> String {
        format!("http://{}{BASE}", self.addr)
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().map(|s| s.received.clone()).unwrap_or_default()
    }
}

fn json(text: String) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

fn refused(code: &str) -> Response {
    json(format!("{{\n    \"result\": false,\n    \"code\": \"{code}\"\n}}"))
}

/// `Some(code)` when the credentials are refused.
fn check_auth(authorization: Option<&str>) -> Option<&'static str> {
    let Some(encoded) = authorization.and_then(|a| a.strip_prefix("Basic ")) else { return Some("AUTH_001") };
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded).ok();
    let text = decoded.and_then(|d| String::from_utf8(d).ok()).unwrap_or_default();
    let (login, password) = text.split_once(':').unwrap_or((text.as_str(), ""));
    if login != LOGIN {
        Some("AUTH_001")
    } else if password != PASSWORD {
        Some("AUTH_002")
    } else {
        None
    }
}

async fn handle(
    axum::extract::State(state): axum::extract::State<Arc<Mutex<State>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let get = |h: header::HeaderName| headers.get(h).and_then(|v| v.to_str().ok()).map(str::to_string);
    let received = Received {
        method: method.to_string(),
        path: uri.path().to_string(),
        query: uri.query().map(str::to_string),
        content_type: get(header::CONTENT_TYPE),
        accept: get(header::ACCEPT),
        authorization: get(header::AUTHORIZATION),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    if let Ok(mut s) = state.lock() {
        s.received.push(received.clone());
    }
    let route = (method.as_str(), uri.path().strip_prefix(BASE).unwrap_or(""));
    if route == ("GET", "ping") {
        return json("{\"result\": true}".into());
    }
    if !matches!(route, ("POST", "get_link_payment") | ("GET", "search_payment")) {
        return (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html")], "<html>404</html>").into_response();
    }
    if let Some(code) = check_auth(received.authorization.as_deref()) {
        return refused(code);
    }
    if route.1 == "search_payment" {
        return search(&state, uri.query().unwrap_or(""));
    }
    let Ok(Value::Object(args)) = serde_json::from_slice::<Value>(&body) else { return refused("PARAM_002") };
    let text = |name: &str| args.get(name).and_then(Value::as_str).unwrap_or("").to_string();
    if MANDATORY.iter().any(|m| text(m).is_empty()) {
        return refused("PARAM_001");
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let bad_type = !digits(&text("amount"))
        || args.get("consumer_zip_code").is_some_and(|v| !v.as_str().is_some_and(digits))
        || ZERO_ONE.iter().any(|n| args.get(*n).is_some_and(|v| v.as_u64().is_none_or(|x| x > 1)))
        || FLAGS.iter().any(|n| args.get(*n).is_some_and(|v| !v.is_boolean()));
    if bad_type {
        return refused("PARAM_002");
    }
    let beneficiary = text("beneficiary_reference");
    match beneficiary.as_str() {
        "refused" => return refused("NOK_001"),
        "http500" => {
            let page = "<html><body><h1>500 Internal Server Error</h1></body></html>";
            return (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/html")], page).into_response();
        }
        "html" => {
            return (StatusCode::OK, [(header::CONTENT_TYPE, "text/html")], "<html><body>Maintenance</body></html>")
                .into_response();
        }
        _ => {}
    }
    let reference = text("payment_reference");
    let Ok(mut s) = state.lock() else { return refused("NOK_001") };
    if s.payments.contains_key(&reference) {
        return refused("EXIST_005");
    }
    s.payments.insert(reference, (text("amount"), beneficiary));
    let n = s.payments.len();
    json(format!("{{\n    \"result\": true,\n    \"link\": \"https://pay.safedebit.test/paypage?SDESSID={n:08}\"\n}}"))
}

fn search(state: &Mutex<State>, query: &str) -> Response {
    let wanted: Option<String> =
        form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "payment_reference").map(|(_, v)| v.into_owned());
    let Ok(s) = state.lock() else { return refused("NOK_001") };
    let datas: Vec<Value> = s
        .payments
        .iter()
        .filter(|(r, _)| wanted.as_ref().is_none_or(|w| w == *r))
        .map(|(r, (amount, beneficiary))| {
            serde_json::json!({ "payment_reference": r, "amount": amount, "beneficiary_reference": beneficiary })
        })
        .collect();
    json(serde_json::json!({ "result": true, "datas": datas }).to_string())
}
