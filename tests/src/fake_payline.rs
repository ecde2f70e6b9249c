//! A fake Payline DirectPaymentAPI on 127.0.0.1, speaking SOAP 1.1 like the real service: an
//! implementation of the generated `PaylineService` trait, mounted with the generated router
//! (which reads envelopes, checks HTTP Basic auth and the SOAPAction, and writes answers).
//!
//! Behaviour:
//! - HTTP Basic auth must be `MERCHANT_ID:ACCESS_KEY`, else HTTP 401 with an HTML page;
//! - SOAPAction must name the operation of the body element, else a SOAP fault;
//! - wallets live in memory: createWallet (02500, or 02502 when the id exists), getWallet (02503
//!   when unknown), updateWallet (02503 when unknown), disableWallet / enableWallet;
//! - doRecurrentWalletPayment: 02503 for an unknown wallet (except the ids below), 02500 with one
//!   billing record per due date (the first accepted, the others future with the empty
//!   `<result/>`, `<transaction/>` and `<authorization/>` the real service sends), 02506 when the
//!   wallet id starts with `expiring`; wallet `fault` answers a SOAP fault, wallet `http500` an
//!   HTML 500;
//! - doImmediateWalletPayment: 00000 with a transaction and an authorization (02503 for an
//!   unknown wallet); doScheduledWalletPayment: 02500 with a payment record of one due date;
//! - getPaymentRecord returns a record created by a payment, disablePaymentRecord disables it.
//!
//! Every request is recorded as it arrived (SOAPAction, Content-Type, body) by a layer in front
//! of the generated router, so tests can check what the client put on the wire.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use generated::payline::server::{PaylineService, router};
use generated::payline::*;
use runtime::server::{Error, Fault, HttpError};
use runtime::xml::{FromXml, Nillable, ReadOptions, XmlReader};

use crate::recorder::{Received, Recorder};

pub const MERCHANT_ID: &str = "123456789";
pub const ACCESS_KEY: &str = "DJMESHXYou6LmjQFdH";
pub const PATH: &str = "/V4/services/DirectPaymentAPI";

const IMPL: &str = "http://impl.ws.payline.experian.com";

#[derive(Debug, Default)]
struct State {
    wallets: BTreeMap<String, Wallet>,
    disabled: BTreeMap<String, bool>,
    records: BTreeMap<String, Record>,
    next_record: u64,
}

#[derive(Debug, Clone)]
struct Record {
    wallet_id: String,
    recurring: Recurring,
    due_dates: usize,
    disabled: bool,
}

/// The fake service: wallets and payment records in memory.
#[derive(Debug, Clone, Default)]
pub struct Payline {
    state: Arc<Mutex<State>>,
}

/// A running fake server; stops when dropped.
pub struct FakePayline {
    pub addr: SocketAddr,
    recorder: Recorder,
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
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let recorder = Recorder::default();
        let app = recorder.layer(axum::Router::new().nest_service(PATH, Payline::with_example_wallet().router()));
        let task = tokio::spawn(async move {
            let _ = runtime::server::serve(listener, app).await;
        });
        Ok(FakePayline { addr, recorder, task })
    }

    /// The service URL.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.recorder.received()
    }
}

fn code(c: &str) -> ResultCode {
    match c.parse() {
        Ok(code) => code,
        Err(never) => match never {},
    }
}

fn result(c: &str, short: &str, long: &str) -> ResultType {
    let mut r = ResultType::new(code(c));
    r.short_message = Some(Nillable::Value(short.into()));
    r.long_message = Some(Nillable::Value(long.into()));
    r
}

fn success() -> ResultType {
    result("02500", "ACCEPTED", "Operation Successfull")
}

fn no_wallet() -> ResultType {
    result("02503", "ERROR", "Wallet does not exist")
}

/// A value as the real service sends it empty (`<obj:result/>`): read from those bytes, so that
/// its required children stay absent and are written back absent.
fn vendor_empty<T: FromXml + Default>() -> T {
    let mut r = XmlReader::new(b"<empty/>", ReadOptions::default());
    match r.root() {
        Ok(el) => T::read_xml(&mut r, &el).unwrap_or_default(),
        Err(_) => T::default(),
    }
}

fn masked(number: &str) -> String {
    let last = number.get(number.len().saturating_sub(4)..).unwrap_or("");
    format!("{}XXXXXXXX{last}", number.get(..4).unwrap_or(""))
}

fn billing_records(r: &Record) -> BillingRecordList {
    let mut list = BillingRecordList::new();
    for i in 0..r.due_dates {
        let amount = match (&r.recurring.first_amount, i) {
            (Nillable::Value(first), 0) if !first.is_empty() => first.clone(),
            _ => r.recurring.amount.clone(),
        };
        let record = if i == 0 {
            let mut b = BillingRecord::new("07/12/2026", amount, BillingRecordStatus::Accepted);
            b.result = Some(Nillable::Value(ResultType::new(code("00000"))));
            let mut t = Transaction::new("2445645422222474", "07/12/26 15:50:42");
            t.is_duplicated = Some(Nillable::Value("0".into()));
            t.is_possible_fraud = Nillable::Value("0".into());
            b.transaction = Some(Nillable::Value(t));
            b.authorization = Some(Nillable::Value(Authorization::new("962169", "07/12/26 15:50:42")));
            b.nb_try = Some(Nillable::Value("1".into()));
            b.rank = Some(Nillable::Value("1".into()));
            b
        } else {
            // Future due dates: the real service sends empty result/transaction/authorization.
            let date = format!("10/{:02}/2027", (i % 12) + 1);
            let mut b = BillingRecord::new(date, amount, BillingRecordStatus::Future);
            b.result = Some(Nillable::Value(vendor_empty()));
            b.transaction = Some(Nillable::Value(vendor_empty()));
            b.authorization = Some(Nillable::Value(vendor_empty()));
            b.nb_try = Some(Nillable::Value("0".into()));
            b.rank = Some(Nillable::Value((i + 1).to_string()));
            b
        };
        list.billing_record.push(record);
    }
    list
}

fn poisoned() -> Error {
    Fault::receiver("state poisoned").into()
}

impl Payline {
    /// A service with wallet `wallet-1` (Jeanne Dupont's card) already there.
    pub fn with_example_wallet() -> Payline {
        let service = Payline::default();
        let mut card = Card::new("CB");
        card.number = Some(Nillable::Value("4970101122334455".into()));
        card.expiration_date = Some(Nillable::Value("0628".into()));
        let mut wallet = Wallet::new("wallet-1", card);
        wallet.last_name = Some(Nillable::Value("Dupont".into()));
        wallet.first_name = Some(Nillable::Value("Jeanne".into()));
        if let Ok(mut s) = service.state.lock() {
            s.wallets.insert("wallet-1".into(), wallet);
        }
        service
    }

    /// The generated router serving this service with the test credentials.
    pub fn router(self) -> runtime::server::Router {
        router(self, MERCHANT_ID, ACCESS_KEY)
    }

    fn new_record(&self, wallet_id: &str, recurring: Recurring, due_dates: usize) -> Result<(String, Record), Error> {
        let mut s = self.state.lock().map_err(|_| poisoned())?;
        s.next_record += 1;
        let id = format!("{:016}", 1_904_932_999_222_000 + s.next_record);
        let record = Record { wallet_id: wallet_id.to_owned(), recurring, due_dates, disabled: false };
        s.records.insert(id.clone(), record.clone());
        Ok((id, record))
    }

    fn has_wallet(&self, id: &str) -> Result<bool, Error> {
        Ok(self.state.lock().map_err(|_| poisoned())?.wallets.contains_key(id))
    }
}

impl PaylineService for Payline {
    async fn create_wallet(&self, request: CreateWalletRequest) -> Result<CreateWalletResponse, Error> {
        let mut s = self.state.lock().map_err(|_| poisoned())?;
        let id = request.wallet.wallet_id.clone();
        if s.wallets.contains_key(&id) {
            let refused = result("02502", "REFUSED", "Wallet already exists");
            return Ok(CreateWalletResponse::new(refused, CardOut::new(), ExtendedCardType::new()));
        }
        let mut card = CardOut::new();
        card.number = Some(Nillable::Value("XXXX".into()));
        s.wallets.insert(id, request.wallet);
        Ok(CreateWalletResponse::new(success(), card, ExtendedCardType::new()))
    }

    async fn update_wallet(&self, request: UpdateWalletRequest) -> Result<UpdateWalletResponse, Error> {
        let mut s = self.state.lock().map_err(|_| poisoned())?;
        let id = request.wallet.wallet_id.clone();
        let Some(wallet) = s.wallets.get_mut(&id) else {
            return Ok(UpdateWalletResponse::new(no_wallet(), CardOut::new(), ExtendedCardType::new()));
        };
        *wallet = request.wallet;
        Ok(UpdateWalletResponse::new(success(), CardOut::new(), ExtendedCardType::new()))
    }

    async fn get_wallet(&self, request: GetWalletRequest) -> Result<GetWalletResponse, Error> {
        let s = self.state.lock().map_err(|_| poisoned())?;
        let Some(stored) = s.wallets.get(&request.wallet_id) else { return Ok(GetWalletResponse::new(no_wallet())) };
        let mut wallet = stored.clone();
        let number = match &stored.card.number {
            Some(Nillable::Value(n)) => masked(n),
            _ => String::new(),
        };
        wallet.card.number = Some(Nillable::Value(number));
        wallet.card.cvx = Some(Nillable::Value(String::new()));
        wallet.email = Some(Nillable::Value(String::new()));
        wallet.comment = Some(Nillable::Value(String::new()));
        wallet.default = Some(Nillable::Value("Y".into()));
        wallet.card_brand = Some(Nillable::Nil);
        let mut response = GetWalletResponse::new(success());
        response.wallet = Nillable::Value(wallet);
        let disabled = s.disabled.get(&request.wallet_id).copied().unwrap_or(false);
        response.is_disabled = Nillable::Value(u8::from(disabled).to_string());
        response.private_data_list = Nillable::Value(PrivateDataList::new());
        Ok(response)
    }

    async fn disable_wallet(&self, request: DisableWalletRequest) -> Result<DisableWalletResponse, Error> {
        let mut s = self.state.lock().map_err(|_| poisoned())?;
        let ids = request.wallet_id_list.wallet_id;
        let unknown = ids.iter().any(|id| !s.wallets.contains_key(id));
        for id in ids.iter().filter(|id| s.wallets.contains_key(*id)).cloned().collect::<Vec<_>>() {
            s.disabled.insert(id, true);
        }
        let r = if unknown { no_wallet() } else { success() };
        let mut list = WalletIdList::new();
        list.wallet_id = ids;
        Ok(DisableWalletResponse::new(r, list))
    }

    async fn enable_wallet(&self, request: EnableWalletRequest) -> Result<EnableWalletResponse, Error> {
        let mut s = self.state.lock().map_err(|_| poisoned())?;
        if !s.wallets.contains_key(&request.wallet_id) {
            return Ok(EnableWalletResponse::new(no_wallet()));
        }
        s.disabled.insert(request.wallet_id, false);
        Ok(EnableWalletResponse::new(success()))
    }

    async fn do_immediate_wallet_payment(
        &self,
        request: DoImmediateWalletPaymentRequest,
    ) -> Result<DoImmediateWalletPaymentResponse, Error> {
        if !self.has_wallet(&request.wallet_id)? {
            return Ok(DoImmediateWalletPaymentResponse::new(no_wallet()));
        }
        let mut response = DoImmediateWalletPaymentResponse::new(result("00000", "ACCEPTED", "Transaction approved"));
        let mut t = Transaction::new("2445645422222475", "07/12/26 15:50:42");
        t.is_possible_fraud = Nillable::Value("0".into());
        response.transaction = Nillable::Value(t);
        response.authorization = Nillable::Value(Authorization::new("962170", "07/12/26 15:50:42"));
        Ok(response)
    }

    async fn do_scheduled_wallet_payment(
        &self,
        request: DoScheduledWalletPaymentRequest,
    ) -> Result<DoScheduledWalletPaymentResponse, Error> {
        if !self.has_wallet(&request.wallet_id)? {
            return Ok(DoScheduledWalletPaymentResponse::new(no_wallet(), ""));
        }
        let amount = match &request.payment.amount {
            Nillable::Value(a) => a.clone(),
            Nillable::Nil => String::new(),
        };
        let recurring = Recurring::new(amount, "40", "1");
        let (id, _) = self.new_record(&request.wallet_id, recurring, 1)?;
        Ok(DoScheduledWalletPaymentResponse::new(success(), id))
    }

    async fn do_recurrent_wallet_payment(
        &self,
        request: DoRecurrentWalletPaymentRequest,
    ) -> Result<DoRecurrentWalletPaymentResponse, Error> {
        let wallet = request.wallet_id.as_str();
        match wallet {
            "fault" => {
                let fault = Fault::receiver("Internal error while processing the payment").with_detail(
                    IMPL,
                    "reason",
                    "Internal error while processing the payment",
                );
                return Err(fault.into());
            }
            "http500" => {
                return Err(HttpError::new(500, "text/html", "<html><body>502 Bad Gateway</body></html>").into());
            }
            _ => {}
        }
        let expiring = wallet.starts_with("expiring");
        if !expiring && !self.has_wallet(wallet)? {
            return Ok(DoRecurrentWalletPaymentResponse::new(no_wallet(), "", BillingRecordList::new()));
        }
        let due_dates = request.recurring.billing_left.parse::<usize>().unwrap_or(1).clamp(1, 24);
        let (id, record) = self.new_record(wallet, request.recurring, due_dates)?;
        let r =
            if expiring { result("02506", "ACCEPTED", "The card expires before the last due date") } else { success() };
        Ok(DoRecurrentWalletPaymentResponse::new(r, id, billing_records(&record)))
    }

    async fn get_payment_record(&self, request: GetPaymentRecordRequest) -> Result<GetPaymentRecordResponse, Error> {
        let s = self.state.lock().map_err(|_| poisoned())?;
        let Some(r) = s.records.get(&request.payment_record_id) else {
            let missing = result("02503", "ERROR", "Payment record does not exist");
            return Ok(GetPaymentRecordResponse::new(
                missing,
                Recurring::new("", "", ""),
                BillingRecordList::new(),
                "",
            ));
        };
        let mut recurring = r.recurring.clone();
        recurring.billing_left = r.due_dates.to_string();
        let mut response = GetPaymentRecordResponse::new(success(), recurring, billing_records(r), r.wallet_id.clone());
        response.is_disabled = Nillable::Value(u8::from(r.disabled).to_string());
        Ok(response)
    }

    async fn disable_payment_record(
        &self,
        request: DisablePaymentRecordRequest,
    ) -> Result<DisablePaymentRecordResponse, Error> {
        let mut s = self.state.lock().map_err(|_| poisoned())?;
        let Some(r) = s.records.get_mut(&request.payment_record_id) else {
            return Ok(DisablePaymentRecordResponse::new(result("02503", "ERROR", "Payment record does not exist")));
        };
        r.disabled = true;
        Ok(DisablePaymentRecordResponse::new(success()))
    }
}
