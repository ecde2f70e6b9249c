//! A fake Lyra paymentoffer service (payment orders by e-mail) on 127.0.0.1, speaking SOAP 1.2: an
//! implementation of the generated `PaymentOrderService` trait, mounted with the generated router.
//! The router reads the envelope (a SOAP 1.1 envelope is a `VersionMismatch` fault, a Content-Type
//! other than `application/soap+xml` HTTP 415), dispatches `create` and `update`, and checks the
//! declared `wsSignature` with the server's keys ([`TEST_KEY`] for ctxMode TEST, [`PRODUCTION_KEY`]
//! for PRODUCTION). Behaviour, as documented (see the UNVERIFIED choices at the top of
//! `specs/lyra_paymentoffer/paymentoffer.wsdl`):
//! - another body element is a `Sender` fault with the subcode `UnknownOperation` and a
//!   `faultInfo` detail;
//! - a signature that differs from the server's answers BAD_SIGNATURE, with `extendedCode` (the
//!   server's string to sign, without the key) in TEST mode only; a mode that selects no key
//!   CTX_MODE;
//! - create: RECIPIENTS when there are none or more than 100, RECIPIENT for an address without @,
//!   VALIDITY_DATE when the validity date is in the past or more than 90 days ahead, DEVICE unless
//!   MAIL; else one order per recipient, ids from 4200001, references `[ref]-001`, `[ref]-002`, ...
//!   (three digits), a payment URL each; the e-mails are "sent" (recorded, see
//!   [`FakeLyra::mails_sent`]) unless sendMail is false;
//! - update: OFFER_NOT_FOUND for an unknown offerId, NOT_AUTHORIZED for a paid order
//!   ([`FakeLyra::mark_paid`]), else the order takes the new values (its reference and recipient
//!   stay) and is answered back.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use generated::payment_order::server::{PaymentOrderService, router};
use generated::payment_order::*;
use runtime::server::{Error, Fault, RequestRefusal, SignatureRefusal};
use runtime::signature::SigningKeys;
use runtime::xml::SimpleValue;

use crate::recorder::{Received, Recorder};

pub const SHOP_ID: &str = "12345678";
pub const TEST_KEY: &str = "1122334455667788";
pub const PRODUCTION_KEY: &str = "8877665544332211";
pub const PATH: &str = "/vads-ws/paymentoffer-v2";
/// The service namespace (the spec's unverified choice).
pub const NS: &str = "http://v2.ws.vads.lyra.com/";

/// An e-mail the server sent (sendMail not false).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub recipient: String,
    pub payment_url: String,
}

#[derive(Debug, Clone)]
struct Order {
    entity: PaymentOfferEntity,
    paid: bool,
}

#[derive(Debug, Default)]
struct State {
    orders: BTreeMap<i64, Order>,
    next_id: i64,
    mails: Vec<Mail>,
    base_url: String,
}

/// The fake service: orders and sent e-mails in memory.
#[derive(Debug, Clone)]
pub struct PaymentOrders {
    state: Arc<Mutex<State>>,
}

/// A running fake server; stops when dropped.
pub struct FakeLyra {
    pub addr: SocketAddr,
    service: PaymentOrders,
    recorder: Recorder,
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
        let service = PaymentOrders::new(&format!("http://{addr}/pay/"));
        let recorder = Recorder::default();
        let app = recorder.layer(axum::Router::new().nest_service(PATH, service.clone().router()));
        let task = tokio::spawn(async move {
            let _ = runtime::server::serve(listener, app).await;
        });
        Ok(FakeLyra { addr, service, recorder, task })
    }

    /// The service URL.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.recorder.received()
    }

    /// Every e-mail the server sent so far.
    pub fn mails_sent(&self) -> Vec<Mail> {
        self.service.state.lock().map(|s| s.mails.clone()).unwrap_or_default()
    }

    /// Marks an order paid (update then answers NOT_AUTHORIZED).
    pub fn mark_paid(&self, offer_id: u64) {
        let Ok(id) = i64::try_from(offer_id) else { return };
        if let Ok(mut s) = self.service.state.lock()
            && let Some(o) = s.orders.get_mut(&id)
        {
            o.paid = true;
        }
    }

    /// A field of a stored order (by its element name), as the server keeps it.
    pub fn order_field(&self, offer_id: u64, field: &str) -> Option<String> {
        let id = i64::try_from(offer_id).ok()?;
        let s = self.service.state.lock().ok()?;
        let e = &s.orders.get(&id)?.entity;
        match field {
            "shopId" => Some(e.shop_id.to_string()),
            "reference" => e.reference.clone(),
            "ctxMode" => Some(text(&e.ctx_mode)),
            "amount" => Some(e.amount.to_string()),
            "currency" => Some(e.currency.to_string()),
            "locale" => e.locale.as_ref().map(text),
            "message" => e.message.clone(),
            "recipient" => e.recipient.clone(),
            "subject" => e.subject.clone(),
            "validationMode" => e.validation_mode.as_ref().map(text),
            "validity" => e.validity.as_ref().map(text),
            "sendMail" => e.send_mail.map(|v| v.to_string()),
            "expandedData" => e.expanded_data.clone(),
            "device" => Some(text(&e.device)),
            "template" => e.template.clone(),
            "paymentURL" => e.payment_url.clone(),
            _ => None,
        }
    }
}

fn text<T: SimpleValue>(v: &T) -> String {
    v.to_text().into_owned()
}

fn response(code: &str, message: &str) -> PaymentOfferResponse {
    let code = match code.parse::<ResponseCode>() {
        Ok(c) => c,
        Err(never) => match never {},
    };
    let mut r = PaymentOfferResponse::new(code);
    r.return_message = Some(message.to_owned());
    r
}

/// The BAD_SIGNATURE (or CTX_MODE) answer: the server's string to sign in TEST mode only.
fn refused(refusal: &SignatureRefusal) -> PaymentOfferResponse {
    if refusal.error.is_some() {
        return response("CTX_MODE", "Invalid ctxMode");
    }
    let mut r = response("BAD_SIGNATURE", "Signature is invalid");
    if refusal.mode.as_deref() == Some("TEST") {
        r.extended_code = refusal.string_to_sign.clone();
    }
    r
}

fn poisoned() -> Error {
    Fault::receiver("state poisoned").into()
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
fn validity_ok(value: Option<&runtime::xml::DateTime>) -> bool {
    let Some(v) = value else { return true };
    let text = v.to_text();
    let parts: Vec<i64> = text.get(..10).unwrap_or("").split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else { return false };
    let today = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| (d.as_secs() / 86_400) as i64);
    let day = days_from_civil(y, m, d);
    (today - 1..=today + 90).contains(&day)
}

impl PaymentOrders {
    /// A service whose payment URLs start with `base_url`.
    pub fn new(base_url: &str) -> PaymentOrders {
        let state = State { next_id: 4_200_001, base_url: base_url.to_owned(), ..State::default() };
        PaymentOrders { state: Arc::new(Mutex::new(state)) }
    }

    /// The generated router serving this service with the test and production keys.
    pub fn router(self) -> runtime::server::Router {
        router(self, SigningKeys::new(TEST_KEY, PRODUCTION_KEY))
    }
}

impl PaymentOrderService for PaymentOrders {
    async fn create(&self, request: Create) -> Result<CreateResponse, Error> {
        let info = request.info;
        let refuse = |code: &str, msg: &str| Ok(CreateResponse::new(response(code, msg)));
        if info.recipients.is_empty() || info.recipients.len() > 100 {
            return refuse("RECIPIENTS", "Recipients are missing or more than 100");
        }
        if info.recipients.iter().any(|r| !r.contains('@')) {
            return refuse("RECIPIENT", "Invalid recipient");
        }
        if info.device != Device::Mail {
            return refuse("DEVICE", "Invalid device");
        }
        if !validity_ok(info.validity.as_ref()) {
            return refuse("VALIDITY_DATE", "Validity date must be within 90 days");
        }
        let mut s = self.state.lock().map_err(|_| poisoned())?;
        let send = info.send_mail != Some(false);
        let reference = info.reference.clone().unwrap_or_default();
        let mut answer = response("OK", "Payment orders created");
        for (i, recipient) in info.recipients.iter().enumerate() {
            let id = s.next_id;
            s.next_id += 1;
            let url = format!("{}{id}", s.base_url);
            let mut e = PaymentOfferEntity::new(
                info.shop_id,
                id,
                info.ctx_mode.clone(),
                info.amount,
                info.currency,
                Device::Mail,
            );
            e.reference = Some(format!("{reference}-{:03}", i + 1));
            e.locale = info.locale.clone();
            e.message = info.message.clone();
            e.recipient = Some(recipient.clone());
            e.subject = info.subject.clone();
            e.validation_mode = info.validation_mode.clone();
            e.validity = info.validity.clone();
            e.send_mail = info.send_mail;
            e.expanded_data = info.expanded_data.clone();
            e.template = info.template.clone();
            e.payment_url = Some(url.clone());
            if send {
                s.mails.push(Mail { recipient: recipient.clone(), payment_url: url });
            }
            answer.offer_entities.push(e.clone());
            s.orders.insert(id, Order { entity: e, paid: false });
        }
        Ok(CreateResponse::new(answer))
    }

    async fn create_refused(&self, _request: Create, refusal: SignatureRefusal) -> Result<CreateResponse, Error> {
        Ok(CreateResponse::new(refused(&refusal)))
    }

    async fn update(&self, request: Update) -> Result<UpdateResponse, Error> {
        let new = request.entity;
        let refuse = |code: &str, msg: &str| Ok(UpdateResponse::new(response(code, msg)));
        let mut s = self.state.lock().map_err(|_| poisoned())?;
        let Some(order) = s.orders.get_mut(&new.offer_id) else {
            return refuse("OFFER_NOT_FOUND", "Payment order not found");
        };
        if order.paid {
            return refuse("NOT_AUTHORIZED", "The payment order is already paid");
        }
        if !validity_ok(new.validity.as_ref()) {
            return refuse("VALIDITY_DATE", "Validity date must be within 90 days");
        }
        // The reference, the shop and the recipient of an order stay; the rest takes the new values.
        let e = &mut order.entity;
        e.ctx_mode = new.ctx_mode;
        e.amount = new.amount;
        e.currency = new.currency;
        e.device = new.device;
        for (kept, given) in [
            (&mut e.message, new.message),
            (&mut e.subject, new.subject),
            (&mut e.expanded_data, new.expanded_data),
            (&mut e.template, new.template),
        ] {
            if given.is_some() {
                *kept = given;
            }
        }
        if new.locale.is_some() {
            e.locale = new.locale;
        }
        if new.validation_mode.is_some() {
            e.validation_mode = new.validation_mode;
        }
        if new.validity.is_some() {
            e.validity = new.validity;
        }
        if new.send_mail.is_some() {
            e.send_mail = new.send_mail;
        }
        let entity = e.clone();
        if new.send_mail != Some(false) {
            let mail = Mail {
                recipient: entity.recipient.clone().unwrap_or_default(),
                payment_url: entity.payment_url.clone().unwrap_or_default(),
            };
            s.mails.push(mail);
        }
        let mut answer = response("OK", "Payment order updated");
        answer.offer_entities.push(entity);
        Ok(UpdateResponse::new(answer))
    }

    async fn update_refused(&self, _request: Update, refusal: SignatureRefusal) -> Result<UpdateResponse, Error> {
        Ok(UpdateResponse::new(refused(&refusal)))
    }

    fn refuse_request(&self, refusal: RequestRefusal) -> Error {
        // Like the real service (JAX-WS): an unknown body element is a Sender fault with a subcode.
        if let RequestRefusal::UnknownOperation { local, .. } = &refusal {
            let reason = format!("Cannot find dispatch method for {local}");
            return Fault::sender(reason.clone())
                .with_subcode(NS, "UnknownOperation")
                .with_detail(NS, "faultInfo", reason.as_str())
                .into();
        }
        refusal.into_error()
    }
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
