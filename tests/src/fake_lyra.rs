//! A fake Lyra paymentoffer service (payment orders by e-mail) on 127.0.0.1, speaking SOAP 1.2.
//!
//! It shares no code with the client: requests are read with roxmltree by namespace URI, the
//! signature is recomputed here with the `sha1` crate from the documented rules, and answers are
//! hand-written XML. It mirrors the choices marked UNVERIFIED at the top of
//! `specs/lyra_paymentoffer/paymentoffer.wsdl` (namespace, unqualified children, `wsSignature`,
//! `return`). Behaviour, as documented:
//! - the Content-Type must be `application/soap+xml` (else HTTP 415), the envelope SOAP 1.2 (else a
//!   `VersionMismatch` fault), the body element `create` or `update` (else a `Sender` fault with a
//!   subcode and a detail);
//! - ctxMode selects the key (TEST → [`TEST_KEY`], PRODUCTION → [`PRODUCTION_KEY`]); a signature that
//!   differs from the recomputed one answers BAD_SIGNATURE, with `extendedCode` (the server's string
//!   to sign, without the key) in TEST mode only;
//! - create: RECIPIENTS when there are none or more than 100, VALIDITY_DATE when the validity date is
//!   in the past or more than 90 days ahead, DEVICE unless MAIL; else one order per recipient, ids
//!   from 4200001, references `[ref]-001`, `[ref]-002`, ... (three digits), a payment URL each; the
//!   e-mails are "sent" (recorded, see [`FakeLyra::mails_sent`]) unless sendMail is false;
//! - update: OFFER_NOT_FOUND for an unknown offerId, NOT_AUTHORIZED for a paid order
//!   ([`FakeLyra::mark_paid`]), else the order takes the new values (its reference and recipient
//!   stay) and is answered back.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha1::{Digest, Sha1};

pub const SHOP_ID: &str = "12345678";
pub const TEST_KEY: &str = "1122334455667788";
pub const PRODUCTION_KEY: &str = "8877665544332211";
pub const PATH: &str = "/vads-ws/paymentoffer-v2";
/// The service namespace (the spec's unverified choice).
pub const NS: &str = "http://v2.ws.vads.lyra.com/";

const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub content_type: Option<String>,
    pub body: String,
}

/// An e-mail the server sent (sendMail not false).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub recipient: String,
    pub payment_url: String,
}

#[derive(Debug, Clone, Default)]
struct Order {
    fields: BTreeMap<&'static str, String>,
    paid: bool,
}

#[derive(Debug, Default)]
struct State {
    orders: BTreeMap<u64, Order>,
    next_id: u64,
    received: Vec<Received>,
    mails: Vec<Mail>,
    base_url: String,
}

/// A running fake server; stops when dropped.
pub struct FakeLyra {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeLyra {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeLyra {
    /// Starts the server on an ephemeral port of 127.0.0.1.
    pub async fn start() -> std::io::Result<FakeLyra> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State {
            next_id: 4_200_001,
            base_url: format!("http://{addr}/pay/"),
            ..State::default()
        }));
        let app = axum::Router::new().route(PATH, axum::routing::post(handle)).with_state(state.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeLyra { addr, state, task })
    }

    /// The service URL.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().map(|s| s.received.clone()).unwrap_or_default()
    }

    /// Every e-mail the server sent so far.
    pub fn mails_sent(&self) -> Vec<Mail> {
        self.state.lock().map(|s| s.mails.clone()).unwrap_or_default()
    }

    /// Marks an order paid (update then answers NOT_AUTHORIZED).
    pub fn mark_paid(&self, offer_id: u64) {
        if let Ok(mut s) = self.state.lock()
            && let Some(o) = s.orders.get_mut(&offer_id)
        {
            o.paid = true;
        }
    }

    /// A field of a stored order, as the server keeps it.
    pub fn order_field(&self, offer_id: u64, field: &str) -> Option<String> {
        self.state.lock().ok()?.orders.get(&offer_id)?.fields.get(field).cloned()
    }
}

/// The fields of paymentOfferInfo / paymentOfferEntity the server keeps, in the response's order.
const KEPT: &[&str] = &[
    "shopId",
    "reference",
    "ctxMode",
    "amount",
    "currency",
    "locale",
    "message",
    "subject",
    "validationMode",
    "validity",
    "sendMail",
    "expandedData",
    "device",
    "template",
];

const CREATE_SIGNED: &[&str] = &[
    "shopId",
    "reference",
    "ctxMode",
    "amount",
    "currency",
    "locale",
    "message",
    "recipients",
    "subject",
    "validationMode",
    "validity",
    "sendMail",
    "expandedData",
];
const UPDATE_SIGNED: &[&str] = &[
    "shopId",
    "offerId",
    "reference",
    "ctxMode",
    "amount",
    "currency",
    "locale",
    "message",
    "recipient",
    "subject",
    "validationMode",
    "validity",
    "sendMail",
    "expandedData",
];

async fn handle(
    axum::extract::State(state): axum::extract::State<Arc<Mutex<State>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&body).into_owned();
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Ok(mut s) = state.lock() {
        s.received.push(Received { content_type: content_type.clone(), body: text.clone() });
    }
    if !content_type.as_deref().unwrap_or("").starts_with("application/soap+xml") {
        return (StatusCode::UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type").into_response();
    }
    let doc = match roxmltree::Document::parse(&text) {
        Ok(d) => d,
        Err(e) => return fault("Sender", None, &format!("Unmarshalling Error: {e}")),
    };
    let root = doc.root_element();
    if root.has_tag_name((SOAP11, "Envelope")) {
        return fault("VersionMismatch", None, "SOAP 1.1 envelope sent to a SOAP 1.2 endpoint");
    }
    let Some(op) = root
        .children()
        .find(|n| n.has_tag_name((SOAP12, "Body")))
        .and_then(|b| b.children().find(|n| n.is_element()))
        .filter(|_| root.has_tag_name((SOAP12, "Envelope")))
    else {
        return fault("Sender", None, "no SOAP 1.2 Body");
    };
    let Ok(mut s) = state.lock() else { return fault("Receiver", None, "state poisoned") };
    if op.has_tag_name((NS, "create")) {
        create(&mut s, op)
    } else if op.has_tag_name((NS, "update")) {
        update(&mut s, op)
    } else {
        fault(
            "Sender",
            Some("ns2:UnknownOperation"),
            &format!("Cannot find dispatch method for {}", op.tag_name().name()),
        )
    }
}

/// The unqualified child `name` of `el` (the spec's elementFormDefault="unqualified").
fn child<'a, 'i>(el: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    el.children().find(|c| c.is_element() && c.tag_name().namespace().is_none() && c.tag_name().name() == name)
}

fn text(el: roxmltree::Node<'_, '_>, name: &str) -> Option<String> {
    child(el, name).map(|c| c.text().unwrap_or("").to_string())
}

/// The documented formatting of one signed value.
fn signed_value(el: roxmltree::Node<'_, '_>, name: &str) -> String {
    match name {
        "recipients" => {
            let all: Vec<&str> = el
                .children()
                .filter(|c| c.is_element() && c.tag_name().name() == "recipients")
                .map(|c| c.text().unwrap_or(""))
                .collect();
            format!("[{}]", all.join(", "))
        }
        "validity" => text(el, name).map(|v| v.get(..10).unwrap_or("").replace('-', "")).unwrap_or_default(),
        "sendMail" => match text(el, name).as_deref() {
            Some("true" | "1") => "1".to_string(),
            _ => "0".to_string(),
        },
        _ => text(el, name).unwrap_or_default(),
    }
}

/// Checks the signature; `Err` is the BAD_SIGNATURE (or CTX_MODE) answer.
fn check_signature(op: roxmltree::Node<'_, '_>, data: roxmltree::Node<'_, '_>, signed: &[&str]) -> Result<(), String> {
    let mode = text(data, "ctxMode").unwrap_or_default();
    let key = match mode.as_str() {
        "TEST" => TEST_KEY,
        "PRODUCTION" => PRODUCTION_KEY,
        _ => return Err(response_xml(op, &[], "CTX_MODE", "Invalid ctxMode", None)),
    };
    let string: Vec<String> = signed.iter().map(|f| signed_value(data, f)).collect();
    let string = string.join("+");
    let expected: String =
        Sha1::digest(format!("{string}+{key}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    if text(op, "wsSignature").as_deref() == Some(expected.as_str()) {
        return Ok(());
    }
    let extended = (mode == "TEST").then_some(string.as_str());
    Err(response_xml(op, &[], "BAD_SIGNATURE", "Signature is invalid", extended))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// VALIDITY_DATE: not a date, in the past, or more than 90 days ahead.
fn validity_ok(value: Option<&str>) -> bool {
    let Some(v) = value else { return true };
    let parts: Vec<i64> = v.get(..10).unwrap_or("").split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else { return false };
    let today = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| (d.as_secs() / 86_400) as i64);
    let day = days_from_civil(y, m, d);
    (today - 1..=today + 90).contains(&day)
}

fn create(s: &mut State, op: roxmltree::Node<'_, '_>) -> Response {
    let Some(info) = child(op, "info") else { return fault("Sender", None, "create without info") };
    if let Err(answer) = check_signature(op, info, CREATE_SIGNED) {
        return soap_ok(answer);
    }
    let recipients: Vec<String> = info
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "recipients")
        .map(|c| c.text().unwrap_or("").to_string())
        .collect();
    let refuse = |code: &str, msg: &str| soap_ok(response_xml(op, &[], code, msg, None));
    if recipients.is_empty() || recipients.len() > 100 {
        return refuse("RECIPIENTS", "Recipients are missing or more than 100");
    }
    if recipients.iter().any(|r| !r.contains('@')) {
        return refuse("RECIPIENT", "Invalid recipient");
    }
    if text(info, "device").as_deref() != Some("MAIL") {
        return refuse("DEVICE", "Invalid device");
    }
    if !validity_ok(text(info, "validity").as_deref()) {
        return refuse("VALIDITY_DATE", "Validity date must be within 90 days");
    }
    let send = text(info, "sendMail").as_deref() != Some("false");
    let reference = text(info, "reference").unwrap_or_default();
    let mut entities = Vec::new();
    for (i, recipient) in recipients.iter().enumerate() {
        let id = s.next_id;
        s.next_id += 1;
        let mut order = Order::default();
        for f in KEPT {
            if let Some(v) = text(info, f) {
                order.fields.insert(f, v);
            }
        }
        order.fields.insert("reference", format!("{reference}-{:03}", i + 1));
        order.fields.insert("recipient", recipient.clone());
        order.fields.insert("paymentURL", format!("{}{id}", s.base_url));
        if send {
            s.mails.push(Mail { recipient: recipient.clone(), payment_url: format!("{}{id}", s.base_url) });
        }
        entities.push(entity_xml(id, &order));
        s.orders.insert(id, order);
    }
    soap_ok(response_xml(op, &entities, "OK", "Payment orders created", None))
}

fn update(s: &mut State, op: roxmltree::Node<'_, '_>) -> Response {
    let Some(entity) = child(op, "entity") else { return fault("Sender", None, "update without entity") };
    if let Err(answer) = check_signature(op, entity, UPDATE_SIGNED) {
        return soap_ok(answer);
    }
    let id = text(entity, "offerId").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let refuse = |code: &str, msg: &str| soap_ok(response_xml(op, &[], code, msg, None));
    let Some(order) = s.orders.get_mut(&id) else { return refuse("OFFER_NOT_FOUND", "Payment order not found") };
    if order.paid {
        return refuse("NOT_AUTHORIZED", "The payment order is already paid");
    }
    if !validity_ok(text(entity, "validity").as_deref()) {
        return refuse("VALIDITY_DATE", "Validity date must be within 90 days");
    }
    for f in KEPT.iter().filter(|f| !matches!(**f, "reference" | "shopId")) {
        if let Some(v) = text(entity, f) {
            order.fields.insert(f, v);
        }
    }
    let xml = entity_xml(id, order);
    let mail = (text(entity, "sendMail").as_deref() != Some("false")).then(|| Mail {
        recipient: order.fields.get("recipient").cloned().unwrap_or_default(),
        payment_url: order.fields.get("paymentURL").cloned().unwrap_or_default(),
    });
    s.mails.extend(mail);
    soap_ok(response_xml(op, &[xml], "OK", "Payment order updated", None))
}

fn entity_xml(id: u64, order: &Order) -> String {
    let mut out = String::from("<offerEntities>");
    let field = |out: &mut String, name: &str| {
        if let Some(v) = order.fields.get(name) {
            out.push_str(&format!("<{name}>{}</{name}>", esc(v)));
        }
    };
    field(&mut out, "shopId");
    out.push_str(&format!("<offerId>{id}</offerId>"));
    for f in ["reference", "ctxMode", "amount", "currency", "locale", "message", "recipient", "subject"] {
        field(&mut out, f);
    }
    for f in ["validationMode", "validity", "sendMail", "expandedData", "device", "template", "paymentURL"] {
        field(&mut out, f);
    }
    out.push_str("</offerEntities>");
    out
}

/// The body of a `createResponse` / `updateResponse` for request element `op`.
fn response_xml(
    op: roxmltree::Node<'_, '_>,
    entities: &[String],
    code: &str,
    message: &str,
    extended: Option<&str>,
) -> String {
    let name = format!("{}Response", op.tag_name().name());
    let extended = extended.map(|e| format!("<extendedCode>{}</extendedCode>", esc(e))).unwrap_or_default();
    format!(
        "<ns2:{name} xmlns:ns2=\"{NS}\"><return>{}<reponseCode>{code}</reponseCode><returnMessage>{}</returnMessage>{extended}</return></ns2:{name}>",
        entities.concat(),
        esc(message)
    )
}

fn soap_ok(body: String) -> Response {
    let xml = format!(
        "<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S=\"{SOAP12}\"><S:Body>{body}</S:Body></S:Envelope>"
    );
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/soap+xml; charset=utf-8")], xml).into_response()
}

/// A SOAP 1.2 fault: `code` is Sender, Receiver or VersionMismatch.
fn fault(code: &str, subcode: Option<&str>, reason: &str) -> Response {
    let subcode = subcode.map(|s| format!("<S:Subcode><S:Value>{s}</S:Value></S:Subcode>")).unwrap_or_default();
    let xml = format!(
        "<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S=\"{SOAP12}\" xmlns:ns2=\"{NS}\"><S:Body><S:Fault>\
         <S:Code><S:Value>S:{code}</S:Value>{subcode}</S:Code><S:Reason><S:Text xml:lang=\"en\">{}</S:Text></S:Reason>\
         <S:Detail><ns2:faultInfo>{}</ns2:faultInfo></S:Detail></S:Fault></S:Body></S:Envelope>",
        esc(reason),
        esc(reason)
    );
    let status = if code == "Receiver" { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::BAD_REQUEST };
    (status, [(header::CONTENT_TYPE, "application/soap+xml; charset=utf-8")], xml).into_response()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\r', "&#13;")
}

/// An xsd:dateTime `days` days from today (UTC calendar), at 23:59:59+01:00: a validity the server
/// accepts when `days` is within 0..=89.
pub fn date_in_days(days: i64) -> String {
    let today = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| (d.as_secs() / 86_400) as i64);
    let (y, m, d) = civil_from_days(today + days);
    format!("{y:04}-{m:02}-{d:02}T23:59:59+01:00")
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}
