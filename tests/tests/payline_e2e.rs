//! End to end over real HTTP on 127.0.0.1: the generated Payline client against the fake Payline
//! server (which reads requests with roxmltree and answers like the real service).

use generated::payline::*;
use runtime::client::{Error, Outcome};
use runtime::endpoint::Endpoint;
use runtime::http::TransportError;
use runtime::xml::Nillable;
use tests::fake_payline::{ACCESS_KEY, FakePayline, MERCHANT_ID};
use tests::xmllint;

async fn server_and_client() -> (FakePayline, PaylineClient) {
    let server = FakePayline::start().await.expect("bind 127.0.0.1");
    let endpoint = Endpoint::plain_http_insecure(&server.url()).expect("loopback URL");
    let client = PaylineClient::new(endpoint, MERCHANT_ID, ACCESS_KEY);
    (server, client)
}

fn recurrent(wallet: &str) -> DoRecurrentWalletPaymentRequest {
    let mut payment = Payment::new("978", "101", "REC");
    payment.amount = Nillable::Value("3000".into());
    let mut recurring = Recurring::new("1000", "40", "3");
    recurring.first_amount = Nillable::Value("1000".into());
    let mut request = DoRecurrentWalletPaymentRequest::new(
        "34",
        payment,
        "ORDER-2026-0042",
        "23/11/2026 10:00",
        "01/12/2026",
        wallet,
        recurring,
    );
    request.media = Nillable::Value(Media::Computer);
    request.order = Nillable::Value(Order::new("ORDER-2026-0042", "3000", "978", "23/11/2026 10:00"));
    request
}

#[tokio::test]
async fn recurrent_wallet_payment_success_with_billing_records() {
    let (server, client) = server_and_client().await;
    let outcome = client.do_recurrent_wallet_payment(&recurrent("wallet-1")).await.expect("call succeeds");
    let Outcome::Success(response) = outcome else { panic!("02500 is a success: {outcome:?}") };
    assert_eq!(response.result.code, ResultCode::OperationSuccessful);
    assert_eq!(response.payment_record_id.len(), 16);
    let records = &response.billing_record_list.billing_record;
    assert_eq!(records.len(), 3);
    assert_eq!(records[0].status, BillingRecordStatus::Accepted);
    assert_eq!(records[0].amount, "1000");
    assert_eq!(records[2].status, BillingRecordStatus::Future);

    // What went on the wire: SOAP 1.1 content type and SOAPAction, body in the vendor's namespaces.
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].soap_action.as_deref().map(|a| a.trim_matches('"')), Some("doRecurrentWalletPayment"));
    assert!(received[0].content_type.as_deref().unwrap_or("").starts_with("text/xml"));

    // The payment record can be read back.
    let get = GetPaymentRecordRequest::new("34", "CB", response.payment_record_id.clone());
    let record = client.get_payment_record(&get).await.expect("call succeeds");
    assert!(matches!(record, Outcome::Success(_)), "{record:?}");
}

#[tokio::test]
async fn the_02506_warning_cannot_be_missed() {
    let (_server, client) = server_and_client().await;
    let outcome = client.do_recurrent_wallet_payment(&recurrent("expiring-card")).await.expect("call succeeds");
    assert!(!outcome.is_success());
    assert_eq!(outcome.warning(), Some("02506"));
    let Outcome::Warning { code, response } = outcome else { panic!("02506 must be a warning") };
    assert_eq!(code, "02506");
    assert_eq!(response.result.code, ResultCode::CardExpiresBeforeLastDueDate);
    assert_eq!(response.billing_record_list.billing_record.len(), 3);
}

#[tokio::test]
async fn unknown_wallet_is_rejected_with_the_typed_response() {
    let (_server, client) = server_and_client().await;
    let err = client.do_recurrent_wallet_payment(&recurrent("no-such-wallet")).await.expect_err("02503 is an error");
    let Error::Rejected(rejected) = &err else { panic!("expected Rejected, got {err:?}") };
    assert_eq!(rejected.code, "02503");
    let response = rejected.response::<DoRecurrentWalletPaymentResponse>().expect("typed response kept");
    assert_eq!(response.result.code, ResultCode::WalletNotFound);
    assert!(err.to_string().contains("02503"), "{err}");
}

#[tokio::test]
async fn soap_fault_and_http_500_are_typed_errors() {
    let (_server, client) = server_and_client().await;
    let err = client.do_recurrent_wallet_payment(&recurrent("fault")).await.expect_err("fault");
    let Error::Fault(fault) = &err else { panic!("expected a SOAP fault, got {err:?}") };
    assert!(fault.reason.contains("Internal error"), "{fault:?}");
    assert!(fault.detail.is_some());

    // A payment answered by an HTML 500 (no fault): the server failed, maybe after the payment.
    let err = client.do_recurrent_wallet_payment(&recurrent("http500")).await.expect_err("500");
    let Error::OutcomeUnknown { source: TransportError::ServerFailed { status, excerpt }, .. } = &err else {
        panic!("expected an unknown outcome, got {err:?}")
    };
    assert_eq!(*status, 500);
    assert!(excerpt.contains("Bad Gateway"));
}

#[tokio::test]
async fn wrong_credentials_are_refused_and_never_shown() {
    let server = FakePayline::start().await.expect("bind");
    let endpoint = Endpoint::plain_http_insecure(&server.url()).expect("url");
    let client = PaylineClient::new(endpoint, MERCHANT_ID, "not-the-key");
    let err = client.get_wallet(&GetWalletRequest::new("34", "CB", "wallet-1")).await.expect_err("401");
    assert!(matches!(err, Error::Http { status: 401, .. }), "{err:?}");
    assert!(!format!("{err:?} {err}").contains("not-the-key"));
    assert!(!format!("{client:?}").contains("not-the-key"));
}

#[tokio::test]
async fn wallet_lifecycle() {
    let (_server, client) = server_and_client().await;
    let mut card = Card::new("CB");
    card.number = Some(Nillable::Value("4970101122334455".into()));
    card.expiration_date = Some(Nillable::Value("1228".into()));
    let mut wallet = Wallet::new("wallet-2", card);
    wallet.last_name = Some(Nillable::Value("Martin".into()));
    wallet.first_name = Some(Nillable::Value("Élodie".into()));
    let created = client.create_wallet(&CreateWalletRequest::new("34", "CB", wallet.clone())).await.expect("create");
    assert!(created.is_success(), "{created:?}");
    let again = client.create_wallet(&CreateWalletRequest::new("34", "CB", wallet)).await.expect_err("exists");
    assert!(matches!(&again, Error::Rejected(r) if r.code == "02502"), "{again:?}");

    let got = client.get_wallet(&GetWalletRequest::new("34", "CB", "wallet-2")).await.expect("get");
    let (response, warning) = got.into_parts();
    assert_eq!(warning, None);
    let Nillable::Value(w) = &response.wallet else { panic!("wallet returned: {response:?}") };
    assert_eq!(w.first_name, Some(Nillable::Value("Élodie".to_string())));

    let missing = client.get_wallet(&GetWalletRequest::new("34", "CB", "wallet-404")).await.expect_err("02503");
    assert!(matches!(&missing, Error::Rejected(r) if r.code == "02503"), "{missing:?}");
}

#[tokio::test]
async fn facets_are_checked_before_anything_is_sent() {
    let (server, client) = server_and_client().await;
    let mut request = recurrent("wallet-1");
    request.order_ref = "X".repeat(51);
    request.version = "345".into();
    request.media = Nillable::Value(Media::Unknown("Fridge".into()));
    let err = client.do_recurrent_wallet_payment(&request).await.expect_err("invalid");
    let Error::Validation(errors) = &err else { panic!("expected validation errors, got {err:?}") };
    let text = errors.to_string();
    assert!(text.contains("orderRef") || text.contains("order_ref"), "{text}");
    assert!(text.contains("version"), "{text}");
    assert!(text.contains("media"), "{text}");
    assert!(!text.contains(&"X".repeat(51)), "values are not echoed: {text}");
    assert!(server.received().is_empty(), "nothing may be sent");
}

/// Every request the client sends for the covered operations validates against our spec's schema
/// with xmllint (a validator nobody here wrote).
#[tokio::test]
async fn requests_validate_with_xmllint() {
    if !xmllint::available() {
        eprintln!("note: xmllint not installed; skipping (CI installs libxml2-utils)");
        return;
    }
    let (server, client) = server_and_client().await;
    let _ = client.do_recurrent_wallet_payment(&recurrent("wallet-1")).await;
    let _ = client.get_wallet(&GetWalletRequest::new("34", "CB", "wallet-1")).await;
    let mut card = Card::new("CB");
    card.number = Some(Nillable::Value("4970101122334455".into()));
    let _ = client.create_wallet(&CreateWalletRequest::new("34", "CB", Wallet::new("wallet-3", card))).await;
    let _ = client.get_payment_record(&GetPaymentRecordRequest::new("34", "CB", "1904932999222001")).await;
    let mut ids = WalletIdList::new();
    ids.wallet_id.push("wallet-1".into());
    let _ = client.disable_wallet(&DisableWalletRequest::new("CB", ids)).await;
    let dir = std::env::temp_dir().join(format!("payline-xmllint-{}", std::process::id()));
    let wsdl = tests::corpus::workspace().join("specs/payline/payline.wsdl");
    let schema = xmllint::schemas_from_wsdl(&wsdl, &dir, "http://impl.ws.payline.experian.com").expect("schemas");
    let received = server.received();
    assert_eq!(received.len(), 5);
    for (i, r) in received.iter().enumerate() {
        let body = xmllint::body_child(&r.body).expect("body");
        xmllint::validate(&schema, &body, &dir.join(format!("req{i}.xml")))
            .unwrap_or_else(|e| panic!("request {i} invalid: {e}\n{body}"));
    }
    let _ = std::fs::remove_dir_all(dir);
}
