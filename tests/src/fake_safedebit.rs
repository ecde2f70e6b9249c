//! A fake Safedebit API v1 on 127.0.0.1, answering like the real service: HTTP 200 with
//! `{"result": true, ...}` or `{"result": false, "code": "..."}`. It implements the generated
//! `SafedebitService` (get_link_payment) and the fixture's `SafedebitSearchService`
//! (search_payment, ping: tests/fixtures/safedebit_search), mounted with their generated routers
//! under the base path `/ssp/`, as in the provider's examples. Behaviour:
//! - HTTP Basic auth: an unknown (or missing) login is `AUTH_001`, a wrong password `AUTH_002`;
//! - `POST /ssp/get_link_payment`: a missing mandatory argument is `PARAM_001`, an argument that
//!   cannot be read as its type or breaks the table's rules (lengths, digits, 0/1 options) is
//!   `PARAM_002` (both codes are the fake's own: the real annex is not public); a payment
//!   reference already used is `EXIST_005`; beneficiary `refused` is `NOK_001`; beneficiary
//!   `http500` answers an HTML 500, beneficiary `html` an HTML page with status 200; otherwise a
//!   link `https://pay.safedebit.test/paypage?SDESSID=<n>`;
//! - `GET /ssp/search_payment?payment_reference=...`: `{"result": true, "datas": [...]}` with the
//!   payments created so far (all of them without the parameter);
//! - `GET /ssp/ping`: `{"result": true}`, without authentication.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use generated::safedebit::server::SafedebitService;
use generated::safedebit::{ErrorCode, GetLinkPaymentRequest, GetLinkPaymentResponse};
use runtime::json::Url;
use runtime::server::{AuthRefusal, HttpError, JsonError, JsonRefusal};

use crate::recorder::{Received, Recorder};
use crate::safedebit_search::server::SafedebitSearchService;
use crate::safedebit_search::{self as search, PingRequest, PingResponse, SearchPaymentRequest, SearchPaymentResponse};

pub const LOGIN: &str = "marchand-42";
pub const PASSWORD: &str = "s3cr3t-Pa55";
pub const BASE: &str = "/ssp/";

#[derive(Debug, Default)]
struct State {
    /// payment_reference → (amount, beneficiary_reference)
    payments: BTreeMap<String, (String, String)>,
}

/// The fake service (both tables): payments in memory.
#[derive(Debug, Clone, Default)]
pub struct Safedebit {
    state: Arc<Mutex<State>>,
}

/// A running fake server; stops when dropped.
pub struct FakeSafedebit {
    pub addr: SocketAddr,
    recorder: Recorder,
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
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let recorder = Recorder::default();
        let app = recorder.layer(axum::Router::new().nest("/ssp", Safedebit::default().router()));
        let task = tokio::spawn(async move {
            let _ = runtime::server::serve(listener, app).await;
        });
        Ok(FakeSafedebit { addr, recorder, task })
    }

    /// The base URL (`http://127.0.0.1:<port>/ssp/`).
    pub fn base_url(&self) -> String {
        format!("http://{}{BASE}", self.addr)
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.recorder.received()
    }
}

fn code<C: std::str::FromStr<Err = std::convert::Infallible>>(text: &str) -> C {
    match text.parse() {
        Ok(c) => c,
        Err(never) => match never {},
    }
}

fn auth_code<C: std::str::FromStr<Err = std::convert::Infallible>>(refusal: AuthRefusal) -> JsonError<C> {
    JsonError::Rejected(code(match refusal {
        AuthRefusal::WrongPassword => "AUTH_002",
        AuthRefusal::Missing | AuthRefusal::UnknownUser => "AUTH_001",
    }))
}

fn param_code<C: std::str::FromStr<Err = std::convert::Infallible>>(refusal: JsonRefusal) -> JsonError<C> {
    match refusal {
        JsonRefusal::Missing { .. } => JsonError::Rejected(code("PARAM_001")),
        _ => JsonError::Rejected(code("PARAM_002")),
    }
}

impl Safedebit {
    /// Both generated routers, merged, with the test credentials: nest it at the base path.
    pub fn router(self) -> axum::Router {
        generated::safedebit::server::router(self.clone(), LOGIN, PASSWORD)
            .merge(search::server::router(self, LOGIN, PASSWORD))
    }
}

impl SafedebitService for Safedebit {
    async fn get_link_payment(
        &self,
        request: GetLinkPaymentRequest,
    ) -> Result<GetLinkPaymentResponse, JsonError<ErrorCode>> {
        match request.beneficiary_reference.as_str() {
            "refused" => return Err(JsonError::Rejected(code("NOK_001"))),
            "http500" => {
                let page = "<html><body><h1>500 Internal Server Error</h1></body></html>";
                return Err(HttpError::new(500, "text/html", page).into());
            }
            "html" => return Err(HttpError::new(200, "text/html", "<html><body>Maintenance</body></html>").into()),
            _ => {}
        }
        let mut s = self.state.lock().map_err(|_| JsonError::Rejected(code("NOK_001")))?;
        if s.payments.contains_key(&request.payment_reference) {
            return Err(JsonError::Rejected(code("EXIST_005")));
        }
        s.payments.insert(request.payment_reference, (request.amount, request.beneficiary_reference));
        let n = s.payments.len();
        let link = Url::parse(&format!("https://pay.safedebit.test/paypage?SDESSID={n:08}"))
            .map_err(|_| JsonError::Rejected(code("NOK_001")))?;
        Ok(GetLinkPaymentResponse { link })
    }

    fn refuse_credentials(&self, refusal: AuthRefusal) -> JsonError<ErrorCode> {
        auth_code(refusal)
    }

    fn refuse_request(&self, refusal: JsonRefusal) -> JsonError<ErrorCode> {
        param_code(refusal)
    }
}

impl SafedebitSearchService for Safedebit {
    async fn search_payment(
        &self,
        request: SearchPaymentRequest,
    ) -> Result<SearchPaymentResponse, JsonError<search::ErrorCode>> {
        let s = self.state.lock().map_err(|_| JsonError::Rejected(code("NOK_001")))?;
        let datas: Vec<serde_json::Value> = s
            .payments
            .iter()
            .filter(|(r, _)| request.payment_reference.as_ref().is_none_or(|w| w == *r))
            .map(|(r, (amount, beneficiary))| {
                serde_json::json!({ "payment_reference": r, "amount": amount, "beneficiary_reference": beneficiary })
            })
            .collect();
        Ok(SearchPaymentResponse { datas: serde_json::Value::Array(datas) })
    }

    async fn ping(&self, _request: PingRequest) -> Result<PingResponse, JsonError<search::ErrorCode>> {
        Ok(PingResponse {})
    }

    fn refuse_credentials(&self, refusal: AuthRefusal) -> JsonError<search::ErrorCode> {
        auth_code(refusal)
    }

    fn refuse_request(&self, refusal: JsonRefusal) -> JsonError<search::ErrorCode> {
        param_code(refusal)
    }
}
