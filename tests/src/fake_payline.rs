//! A fake Payline DirectPaymentAPI on 127.0.0.1, speaking SOAP 1.1 like the real service.
//!
//! It shares no code with the client: requests are read with roxmltree by namespace URI, answers
//! are vendor-style XML (the prefixes and shapes of the real fixtures, including their schema
//! violations: empty `<obj:result/>` in future billing records). Behaviour:
//! - HTTP Basic auth must be `MERCHANT_ID:ACCESS_KEY`, else HTTP 401 with an HTML page;
//! - SOAPAction must name the operation of the body element, else a SOAP fault;
//! - wallets live in memory: createWallet (02500, or 02502 when the id exists), getWallet (02503
//!   when unknown), disableWallet / enableWallet;
//! - doRecurrentWalletPayment: 02503 for an unknown wallet (except the ids below), 02500 with one
//!   billing record per due date (the first accepted, the others future), 02506 when the wallet id
//!   starts with `expiring`; wallet `fault` answers a SOAP fault, wallet `http500` an HTML 500;
//! - getPaymentRecord returns a record created by doRecurrentWalletPayment.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;

pub const MERCHANT_ID: &str = "123456789";
pub const ACCESS_KEY: &str = "DJMESHXYou6LmjQFdH";
pub const PATH: &str = "/V4/services/DirectPaymentAPI";

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const IMPL: &str = "http://impl.ws.payline.experian.com";
const OBJ: &str = "http://obj.ws.payline.experian.com";

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub soap_action: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

#[derive(Debug, Default)]
struct State {
    wallets: BTreeMap<String, Wallet>,
    records: BTreeMap<String, Record>,
    next_record: u64,
    received: Vec<Received>,
}

#[derive(Debug, Clone)]
struct Wallet {
    last_name: String,
    first_name: String,
    card_number: String,
    disabled: bool,
}

#[derive(Debug, Clone)]
struct Record {
    amount: String,
    first_amount: String,
    due_dates: usize,
}

/// A running fake server; stops when dropped.
pub struct FakePayline {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakePayline {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakePayline {
    /// Starts the server on an ephemeral port of 127.0.0.1, with wallet `wallet-1` already there.
    pub async fn start() -> std::io::Result<FakePayline> {
        let state = Arc::new(Mutex::new(State::default()));
        if let Ok(mut s) = state.lock() {
            s.wallets.insert(
                "wallet-1".into(),
                Wallet {
                    last_name: "Dupont".into(),
                    first_name: "Jeanne".into(),
                    card_number: "4970101122334455".into(),
                    disabled: false,
                },
            );
        }
        let app = axum::Router::new().route(PATH, axum::routing::post(handle)).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakePayline { addr, state, task })
    }

    /// The service URL.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().map(|s| s.received.clone()).unwrap_or_default()
    }
}

async fn handle(
    axum::extract::State(state): axum::extract::State<Arc<Mutex<State>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&body).into_owned();
    let get = |h: header::HeaderName| headers.get(h).and_then(|v| v.to_str().ok()).map(str::to_string);
    let soap_action = headers.get("soapaction").and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Ok(mut s) = state.lock() {
        s.received.push(Received {
            soap_action: soap_action.clone(),
            content_type: get(header::CONTENT_TYPE),
            body: text.clone(),
        });
    }
    let expected =
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{MERCHANT_ID}:{ACCESS_KEY}")));
    if get(header::AUTHORIZATION).as_deref() != Some(expected.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body><h1>401 Unauthorized</h1></body></html>",
        )
            .into_response();
    }
    let doc = match roxmltree::Document::parse(&text) {
        Ok(d) => d,
        Err(e) => return fault("soapenv:Client", &format!("Unmarshalling Error: {e}")),
    };
    let Some(body_el) = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name((SOAP11, "Body")))
        .and_then(|b| b.children().find(|n| n.is_element()))
    else {
        return fault("soapenv:Client", "no SOAP 1.1 Body");
    };
    if body_el.tag_name().namespace() != Some(IMPL) {
        return fault("soapenv:Client", "unexpected body element namespace");
    }
    let op = body_el.tag_name().name().trim_end_matches("Request").to_string();
    let action = soap_action.as_deref().map(|a| a.trim_matches('"'));
    if action != Some(op.as_str()) {
        return fault("soapenv:Client", &format!("SOAPAction {action:?} does not match operation {op}"));
    }
    let req = Req(body_el);
    let Ok(mut s) = state.lock() else { return fault("soapenv:Server", "state poisoned") };
    match op.as_str() {
        "doRecurrentWalletPayment" => recurrent(&mut s, &req),
        "createWallet" => {
            let id = req.text(&["wallet", "walletId"]);
            if s.wallets.contains_key(&id) {
                return ok("createWallet", &result("02502", "REFUSED", "Wallet already exists"), "");
            }
            let w = Wallet {
                last_name: req.text(&["wallet", "lastName"]),
                first_name: req.text(&["wallet", "firstName"]),
                card_number: req.text(&["wallet", "card", "number"]),
                disabled: false,
            };
            s.wallets.insert(id, w);
            ok(
                "createWallet",
                &result("02500", "ACCEPTED", "Operation Successfull"),
                "<impl:card><obj:number>XXXX</obj:number></impl:card>",
            )
        }
        "getWallet" => {
            let id = req.text(&["walletId"]);
            match s.wallets.get(&id) {
                None => ok("getWallet", &result("02503", "ERROR", "Wallet does not exist"), ""),
                Some(w) => {
                    let masked = format!(
                        "{}XXXXXXXX{}",
                        w.card_number.get(..4).unwrap_or(""),
                        w.card_number.get(w.card_number.len().saturating_sub(4)..).unwrap_or("")
                    );
                    let wallet = format!(
                        "<impl:wallet><obj:walletId>{}</obj:walletId><obj:lastName>{}</obj:lastName><obj:firstName>{}</obj:firstName><obj:email/>\
                         <obj:card><obj:number>{masked}</obj:number><obj:type>CB</obj:type><obj:expirationDate>0628</obj:expirationDate><obj:cvx/></obj:card>\
                         <obj:comment/><obj:default>Y</obj:default><obj:cardBrand xsi:nil=\"true\"/></impl:wallet>\
                         <impl:isDisabled>{}</impl:isDisabled><impl:disableDate xsi:nil=\"true\"/><impl:privateDataList/>",
                        esc(&id),
                        esc(&w.last_name),
                        esc(&w.first_name),
                        u8::from(w.disabled)
                    );
                    ok("getWallet", &result("02500", "ACCEPTED", "Operation Successfull"), &wallet)
                }
            }
        }
        "disableWallet" | "enableWallet" => {
            let ids: Vec<String> = req.all(&["walletIdList", "walletId"]);
            let mut unknown = false;
            for id in &ids {
                match s.wallets.get_mut(id) {
                    Some(w) => w.disabled = op == "disableWallet",
                    None => unknown = true,
                }
            }
            let r = if unknown {
                result("02503", "ERROR", "Wallet does not exist")
            } else {
                result("02500", "ACCEPTED", "Operation Successfull")
            };
            ok(&op, &r, "")
        }
        "getPaymentRecord" => {
            let id = req.text(&["paymentRecordId"]);
            match s.records.get(&id) {
                None => ok("getPaymentRecord", &result("02503", "ERROR", "Payment record does not exist"), ""),
                Some(r) => {
                    let extra = format!(
                        "<impl:recurring><obj:firstAmount>{}</obj:firstAmount><obj:amount>{}</obj:amount><obj:billingCycle>40</obj:billingCycle>\
                         <obj:billingLeft>{}</obj:billingLeft></impl:recurring><impl:isDisabled>0</impl:isDisabled>{}",
                        r.first_amount,
                        r.amount,
                        r.due_dates,
                        billing_records(r)
                    );
                    ok("getPaymentRecord", &result("02500", "ACCEPTED", "Operation Successfull"), &extra)
                }
            }
        }
        other => fault("soapenv:Client", &format!("operation {other} is not served by this fake")),
    }
}

fn recurrent(s: &mut State, req: &Req<'_, '_>) -> Response {
    let wallet = req.text(&["walletId"]);
    match wallet.as_str() {
        "fault" => return fault("soapenv:Server", "Internal error while processing the payment"),
        "http500" => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body>502 Bad Gateway</body></html>",
            )
                .into_response();
        }
        _ => {}
    }
    let expiring = wallet.starts_with("expiring");
    if !expiring && !s.wallets.contains_key(&wallet) {
        return ok("doRecurrentWalletPayment", &result("02503", "ERROR", "Wallet does not exist"), "");
    }
    let due_dates = req.text(&["recurring", "billingLeft"]).parse::<usize>().unwrap_or(1).clamp(1, 24);
    let record = Record {
        amount: req.text(&["recurring", "amount"]),
        first_amount: req.text(&["recurring", "firstAmount"]),
        due_dates,
    };
    s.next_record += 1;
    let id = format!("{:016}", 1_904_932_999_222_000 + s.next_record);
    let records = billing_records(&record);
    s.records.insert(id.clone(), record);
    let r = if expiring {
        result("02506", "ACCEPTED", "The card expires before the last due date")
    } else {
        result("02500", "ACCEPTED", "Operation Successfull")
    };
    ok("doRecurrentWalletPayment", &r, &format!("<impl:paymentRecordId>{id}</impl:paymentRecordId>{records}"))
}

fn billing_records(r: &Record) -> String {
    let mut out = String::from("<impl:billingRecordList>");
    for i in 0..r.due_dates {
        let amount = if i == 0 && !r.first_amount.is_empty() { &r.first_amount } else { &r.amount };
        if i == 0 {
            out.push_str(&format!(
                "<obj:billingRecord><obj:date>07/12/2026</obj:date><obj:amount>{amount}</obj:amount><obj:status>1</obj:status>\
                 <obj:result><obj:code>00000</obj:code></obj:result><obj:transaction><obj:id>2445645422222474</obj:id>\
                 <obj:date>07/12/26 15:50:42</obj:date><obj:isDuplicated>0</obj:isDuplicated><obj:isPossibleFraud>0</obj:isPossibleFraud></obj:transaction>\
                 <obj:authorization><obj:number>962169</obj:number><obj:date>07/12/26 15:50:42</obj:date></obj:authorization>\
                 <obj:nbTry>1</obj:nbTry><obj:rank>1</obj:rank></obj:billingRecord>"
            ));
        } else {
            // Future due dates: the real service sends empty result/transaction/authorization.
            out.push_str(&format!(
                "<obj:billingRecord><obj:date>10/{:02}/2027</obj:date><obj:amount>{amount}</obj:amount><obj:status>0</obj:status>\
                 <obj:result/><obj:transaction/><obj:authorization/><obj:nbTry>0</obj:nbTry><obj:rank>{}</obj:rank></obj:billingRecord>",
                (i % 12) + 1,
                i + 1
            ));
        }
    }
    out.push_str("</impl:billingRecordList>");
    out
}

fn result(code: &str, short: &str, long: &str) -> String {
    format!(
        "<impl:result><obj:code>{code}</obj:code><obj:shortMessage>{short}</obj:shortMessage><obj:longMessage>{}</obj:longMessage></impl:result>",
        esc(long)
    )
}

fn ok(op: &str, result: &str, rest: &str) -> Response {
    let xml = format!(
        "<soapenv:Envelope xmlns:soapenv=\"{SOAP11}\"><soapenv:Header/><soapenv:Body>\
         <impl:{op}Response xmlns:impl=\"{IMPL}\" xmlns:obj=\"{OBJ}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         {result}{rest}</impl:{op}Response></soapenv:Body></soapenv:Envelope>"
    );
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/xml;charset=utf-8")], xml).into_response()
}

fn fault(code: &str, message: &str) -> Response {
    let xml = format!(
        "<soapenv:Envelope xmlns:soapenv=\"{SOAP11}\"><soapenv:Body><soapenv:Fault><faultcode>{code}</faultcode>\
         <faultstring>{}</faultstring><detail><ns1:reason xmlns:ns1=\"{IMPL}\">{}</ns1:reason></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>",
        esc(message),
        esc(message)
    );
    (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/xml;charset=utf-8")], xml).into_response()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Reads a request body element by local-name paths, namespace-checked: the first step is in the
/// impl namespace, the following ones in obj (as the vendor's schema says).
struct Req<'a, 'i>(roxmltree::Node<'a, 'i>);

impl<'a, 'i> Req<'a, 'i> {
    fn find(&self, path: &[&str]) -> Vec<roxmltree::Node<'a, 'i>> {
        let mut current = vec![self.0];
        for (i, step) in path.iter().enumerate() {
            let ns = if i == 0 { IMPL } else { OBJ };
            current = current.iter().flat_map(|n| n.children().filter(|c| c.has_tag_name((ns, *step)))).collect();
        }
        current
    }
    fn text(&self, path: &[&str]) -> String {
        self.find(path).first().and_then(|n| n.text()).unwrap_or("").to_string()
    }
    fn all(&self, path: &[&str]) -> Vec<String> {
        self.find(path).iter().map(|n| n.text().unwrap_or("").to_string()).collect()
    }
}
