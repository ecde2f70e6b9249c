//! Both generated sides at once: for every operation of the three services (the 10 Payline wallet
//! operations, Lyra create and update, Safedebit get_link_payment and the fixture's search_payment
//! and ping), the generated client talks to the generated server over real HTTP on 127.0.0.1. The
//! server is a recording implementation of the generated trait: the typed request it received
//! must equal the one the client was given (for Lyra, with the signature the client computed and
//! the server checked), and the typed response the client returns must equal the one the
//! implementation answered.

use std::any::Any;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use runtime::endpoint::Endpoint;
use runtime::server::{Error as ServerError, JsonError, Router, SignatureRefusal};
use runtime::signature::{Signable, SigningKeys};
use runtime::xml::{DateTime, Nillable};

/// Answers each call with the next canned response and keeps every typed request it received.
#[derive(Clone, Default)]
struct Recording {
    answers: Arc<Mutex<VecDeque<Box<dyn Any + Send>>>>,
    received: Arc<Mutex<Vec<Box<dyn Any + Send>>>>,
}

impl Recording {
    fn answer<T: Any + Send>(&self, response: T) {
        self.answers.lock().expect("answers").push_back(Box::new(response));
    }

    fn take<Req: Any + Send, Resp: Any>(&self, request: Req) -> Resp {
        self.received.lock().expect("received").push(Box::new(request));
        let next = self.answers.lock().expect("answers").pop_front().expect("a canned answer");
        *next.downcast::<Resp>().expect("the canned answer has the operation's type")
    }

    /// The last request received, as `Req`.
    fn last<Req: Any + Clone>(&self) -> Req {
        let all = self.received.lock().expect("received");
        all.last().and_then(|r| r.downcast_ref::<Req>()).cloned().expect("a request of this type")
    }

    /// The last request received, of the type of `_like`.
    fn last_like<Req: Any + Clone>(&self, _like: &Req) -> Req {
        self.last()
    }

    fn count(&self) -> usize {
        self.received.lock().map(|r| r.len()).unwrap_or(0)
    }
}

async fn serve(router: Router) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("address");
    let task = tokio::spawn(async move {
        let _ = runtime::server::serve(listener, router).await;
    });
    (format!("http://{addr}/service/"), task)
}

mod payline {
    use super::*;
    use generated::payline::server::{PaylineService, router};
    use generated::payline::*;

    macro_rules! recorded {
        ($($m:ident: $req:ty => $resp:ty;)*) => {
            impl PaylineService for Recording {
                $(async fn $m(&self, request: $req) -> Result<$resp, ServerError> {
                    Ok(self.take(request))
                })*
            }
        };
    }

    recorded! {
        create_wallet: CreateWalletRequest => CreateWalletResponse;
        update_wallet: UpdateWalletRequest => UpdateWalletResponse;
        get_wallet: GetWalletRequest => GetWalletResponse;
        disable_wallet: DisableWalletRequest => DisableWalletResponse;
        enable_wallet: EnableWalletRequest => EnableWalletResponse;
        do_immediate_wallet_payment: DoImmediateWalletPaymentRequest => DoImmediateWalletPaymentResponse;
        do_scheduled_wallet_payment: DoScheduledWalletPaymentRequest => DoScheduledWalletPaymentResponse;
        do_recurrent_wallet_payment: DoRecurrentWalletPaymentRequest => DoRecurrentWalletPaymentResponse;
        get_payment_record: GetPaymentRecordRequest => GetPaymentRecordResponse;
        disable_payment_record: DisablePaymentRecordRequest => DisablePaymentRecordResponse;
    }

    fn ok() -> ResultType {
        let mut r = ResultType::new(ResultCode::OperationSuccessful);
        r.short_message = Some(Nillable::Value("ACCEPTED".into()));
        r.long_message = Some(Nillable::Value("Opération réussie & <validée>".into()));
        r
    }

    fn wallet(id: &str) -> Wallet {
        let mut card = Card::new("CB");
        card.number = Some(Nillable::Value("4970101122334455".into()));
        card.expiration_date = Some(Nillable::Value("1228".into()));
        card.cvx = Some(Nillable::Nil);
        let mut w = Wallet::new(id, card);
        w.last_name = Some(Nillable::Value("Martin".into()));
        w.first_name = Some(Nillable::Value("Élodie".into()));
        w.email = Some(Nillable::Value("elodie@example.fr".into()));
        w
    }

    fn payment() -> Payment {
        let mut p = Payment::new("978", "101", "CPT");
        p.amount = Nillable::Value("4990".into());
        p.contract_number = Some(Nillable::Value("CB".into()));
        p
    }

    fn recurring() -> Recurring {
        let mut r = Recurring::new("1000", "40", "3");
        r.first_amount = Nillable::Value("1500".into());
        r.start_date = Nillable::Value("01/12/2026".into());
        r
    }

    fn records() -> BillingRecordList {
        let mut list = BillingRecordList::new();
        let mut first = BillingRecord::new("01/12/2026", "1500", BillingRecordStatus::Accepted);
        first.result = Some(Nillable::Value(ResultType::new(ResultCode::TransactionApproved)));
        first.transaction = Some(Nillable::Value(Transaction::new("2445645422222474", "01/12/26 10:00:00")));
        first.authorization = Some(Nillable::Value(Authorization::new("962169", "01/12/26 10:00:00")));
        first.rank = Some(Nillable::Value("1".into()));
        list.billing_record.push(first);
        list.billing_record.push(BillingRecord::new("01/01/2027", "1000", BillingRecordStatus::Future));
        list
    }

    /// Calls `$call` with `$req` while the server answers `$resp`: both must arrive equal.
    macro_rules! round_trip {
        ($service:expr, $client:expr, $m:ident, $req:expr, $resp:expr) => {{
            let (request, response) = ($req, $resp);
            $service.answer(response.clone());
            let outcome = $client.$m(&request).await.expect(stringify!($m));
            assert!(outcome.is_success(), "{}: {outcome:?}", stringify!($m));
            assert_eq!(outcome.response(), &response, "{}: the response arrives equal", stringify!($m));
            assert_eq!($service.last_like(&request), request, "{}: the request arrives equal", stringify!($m));
        }};
    }

    #[tokio::test]
    async fn every_wallet_operation_arrives_equal_both_ways() {
        let service = Recording::default();
        let (url, _task) = serve(router(service.clone(), "merchant", "key")).await;
        let client = PaylineClient::new(Endpoint::plain_http_insecure(&url).expect("url"), "merchant", "key");

        let mut create = CreateWalletRequest::new("34", "CB", wallet("w-1"));
        create.private_data_list = Nillable::Value(PrivateDataList::new());
        let mut card = CardOut::new();
        card.number = Some(Nillable::Value("4970XXXXXXXX4455".into()));
        card.r#type = Some(Nillable::Value("CB".into()));
        round_trip!(
            service,
            client,
            create_wallet,
            create,
            CreateWalletResponse::new(ok(), card.clone(), ExtendedCardType::new())
        );

        let update = UpdateWalletRequest::new("34", "CB", wallet("w-1"));
        round_trip!(
            service,
            client,
            update_wallet,
            update,
            UpdateWalletResponse::new(ok(), card, ExtendedCardType::new())
        );

        let mut got = GetWalletResponse::new(ok());
        got.wallet = Nillable::Value(wallet("w-1"));
        got.is_disabled = Nillable::Value("0".into());
        round_trip!(service, client, get_wallet, GetWalletRequest::new("34", "CB", "w-1"), got);

        let mut ids = WalletIdList::new();
        ids.wallet_id = vec!["w-1".into(), "w-2".into()];
        let disable = DisableWalletRequest::new("CB", ids.clone());
        round_trip!(service, client, disable_wallet, disable, DisableWalletResponse::new(ok(), ids));
        round_trip!(
            service,
            client,
            enable_wallet,
            EnableWalletRequest::new("CB", "w-1"),
            EnableWalletResponse::new(ok())
        );

        let order = Order::new("ORDER-42", "4990", "978", "23/11/2026 10:00");
        let mut immediate = DoImmediateWalletPaymentRequest::new("34", payment(), order.clone(), "w-1");
        immediate.media = Nillable::Value(Media::Computer);
        let mut paid = DoImmediateWalletPaymentResponse::new(ok());
        paid.result.code = ResultCode::TransactionApproved;
        paid.transaction = Nillable::Value(Transaction::new("2445645422222475", "23/11/26 10:00:01"));
        round_trip!(service, client, do_immediate_wallet_payment, immediate, paid);

        let mut scheduled = DoScheduledWalletPaymentRequest::new("34", payment(), "01/12/2026", "w-1");
        scheduled.order_ref = Nillable::Value("ORDER-43".into());
        round_trip!(
            service,
            client,
            do_scheduled_wallet_payment,
            scheduled,
            DoScheduledWalletPaymentResponse::new(ok(), "1904932999222051")
        );

        let mut recurrent = DoRecurrentWalletPaymentRequest::new(
            "34",
            payment(),
            "ORDER-44",
            "23/11/2026 10:00",
            "01/12/2026",
            "w-1",
            recurring(),
        );
        recurrent.order = Nillable::Value(order);
        let billed = DoRecurrentWalletPaymentResponse::new(ok(), "1904932999222052", records());
        round_trip!(service, client, do_recurrent_wallet_payment, recurrent, billed);

        let record = GetPaymentRecordResponse::new(ok(), recurring(), records(), "w-1");
        round_trip!(
            service,
            client,
            get_payment_record,
            GetPaymentRecordRequest::new("34", "CB", "1904932999222052"),
            record
        );
        let disable_record = DisablePaymentRecordRequest::new("CB", "1904932999222052");
        round_trip!(service, client, disable_payment_record, disable_record, DisablePaymentRecordResponse::new(ok()));
        assert_eq!(service.count(), 10, "every operation reached the implementation once");
    }
}

mod lyra {
    use super::*;
    use generated::payment_order::server::{PaymentOrderService, router};
    use generated::payment_order::*;

    const TEST: &str = "1122334455667788";
    const PRODUCTION: &str = "8877665544332211";

    impl PaymentOrderService for Recording {
        async fn create(&self, request: Create) -> Result<CreateResponse, ServerError> {
            Ok(self.take(request))
        }
        async fn create_refused(&self, _: Create, why: SignatureRefusal) -> Result<CreateResponse, ServerError> {
            panic!("the client's signature was refused: {why:?}")
        }
        async fn update(&self, request: Update) -> Result<UpdateResponse, ServerError> {
            Ok(self.take(request))
        }
        async fn update_refused(&self, _: Update, why: SignatureRefusal) -> Result<UpdateResponse, ServerError> {
            panic!("the client's signature was refused: {why:?}")
        }
    }

    fn entity(id: i64, recipient: &str) -> PaymentOfferEntity {
        let mut e = PaymentOfferEntity::new(12345678i64, id, CtxMode::Test, 4990i64, 978, Device::Mail);
        e.reference = Some("Relance-001".into());
        e.recipient = Some(recipient.into());
        e.message = Some("Bonjour,\r\nvotre commande n°42 : 49,90 € + frais".into());
        e.send_mail = Some(false);
        e.payment_url = Some("https://secure.payzen.eu/t/4200001".into());
        e
    }

    #[tokio::test]
    async fn create_and_update_arrive_equal_and_signed() {
        let service = Recording::default();
        let keys = || SigningKeys::new(TEST, PRODUCTION);
        let (url, _task) = serve(router(service.clone(), keys())).await;
        let client = PaymentOrderClient::new(Endpoint::plain_http_insecure(&url).expect("url"), keys());

        let mut info = PaymentOfferInfo::new(12345678i64, CtxMode::Test, 4990i64, 978, Device::Mail);
        info.reference = Some("Relance".into());
        info.recipients = vec!["ana@example.com".into(), "chloé@example.fr".into()];
        info.locale = Some(Locale::French);
        info.subject = Some("Votre commande".into());
        info.message = Some("Bonjour,\r\nvotre commande n°42 : 49,90 € + frais".into());
        info.validity = Some(DateTime::new(&tests::fake_lyra::date_in_days(30)).expect("dateTime"));
        info.send_mail = Some(false);
        let mut created = PaymentOfferResponse::new(ResponseCode::Ok);
        created.offer_entities = vec![entity(4200001, "ana@example.com"), entity(4200002, "chloé@example.fr")];
        created.return_message = Some("Payment orders created".into());
        let created = CreateResponse::new(created);
        service.answer(created.clone());
        let outcome = client.create(&info).await.expect("create");
        assert_eq!(outcome.response(), &created, "the response arrives equal");
        let received: Create = service.last();
        assert_eq!(received.info, info, "the request arrives equal");
        assert_eq!(received.signature().map(str::len), Some(40), "signed by the client, checked by the server");

        let change = entity(4200002, "chloé@example.fr");
        let mut updated = PaymentOfferResponse::new(ResponseCode::Ok);
        updated.offer_entities = vec![change.clone()];
        let updated = UpdateResponse::new(updated);
        service.answer(updated.clone());
        let outcome = client.update(&change).await.expect("update");
        assert_eq!(outcome.response(), &updated);
        assert_eq!(service.last::<Update>().entity, change);
        assert_eq!(service.count(), 2);
    }
}

mod safedebit {
    use super::*;
    use generated::safedebit::server::{SafedebitService, router};
    use generated::safedebit::*;
    use tests::safedebit_search as search;

    impl SafedebitService for Recording {
        async fn get_link_payment(
            &self,
            request: GetLinkPaymentRequest,
        ) -> Result<GetLinkPaymentResponse, JsonError<ErrorCode>> {
            Ok(self.take(request))
        }
    }

    impl search::server::SafedebitSearchService for Recording {
        async fn search_payment(
            &self,
            request: search::SearchPaymentRequest,
        ) -> Result<search::SearchPaymentResponse, JsonError<search::ErrorCode>> {
            Ok(self.take(request))
        }
        async fn ping(
            &self,
            request: search::PingRequest,
        ) -> Result<search::PingResponse, JsonError<search::ErrorCode>> {
            Ok(self.take(request))
        }
    }

    #[tokio::test]
    async fn every_operation_arrives_equal_both_ways() {
        let service = Recording::default();
        let app = Router::new().nest(
            "/service",
            router(service.clone(), "login", "password").merge(search::server::router(
                service.clone(),
                "login",
                "password",
            )),
        );
        let (url, _task) = serve(app).await;
        let endpoint = || Endpoint::plain_http_insecure(&url).expect("url");

        let callback = runtime::json::Url::parse("https://shop.example/callback?id=42&é=1").expect("url");
        let mut request =
            GetLinkPaymentRequest::new("BEN-1", "1000000", "F-2026-42", "C-7", callback, "a@b.fr", "+33600000000");
        request.consumer_type = Some(ConsumerType::Company);
        request.consumer_zip_code = Some("75002".into());
        request.consumer_first_name = Some("Zoé \"Z\"".into());
        request.sms_option = Some(SmsOption::Yes);
        request.pay_now = Some(true);
        request.multi_pay = Some(false);
        let answer = GetLinkPaymentResponse {
            link: runtime::json::Url::parse("https://pay.safedebit.test/paypage?SDESSID=00000001").expect("url"),
        };
        service.answer(answer.clone());
        let client = SafedebitClient::new(endpoint(), "login", "password");
        assert_eq!(client.get_link_payment(&request).await.expect("link"), answer);
        assert_eq!(service.last::<GetLinkPaymentRequest>(), request);

        let searcher = search::SafedebitSearchClient::new(endpoint(), "login", "password");
        let mut query = search::SearchPaymentRequest::new();
        query.payment_reference = Some("F-2026/42 é&=".into());
        query.page = Some(runtime::xml::Integer::new("2").expect("integer"));
        let found = search::SearchPaymentResponse {
            datas: serde_json::json!([{ "payment_reference": "F-2026/42 é&=", "amount": "1000000", "nested": [1, 2.5, null] }]),
        };
        service.answer(found.clone());
        assert_eq!(searcher.search_payment(&query).await.expect("search"), found);
        assert_eq!(service.last::<search::SearchPaymentRequest>(), query);

        service.answer(search::PingResponse {});
        assert_eq!(searcher.ping(&search::PingRequest::new()).await.expect("ping"), search::PingResponse {});
        assert_eq!(service.last::<search::PingRequest>(), search::PingRequest::new());
        assert_eq!(service.count(), 3);
    }
}
