//! End to end over real HTTP on 127.0.0.1: the generated Lyra paymentoffer client (SOAP 1.2, signed
//! requests) against the fake server, which reads requests with roxmltree and recomputes the
//! signature on its own.

use generated::payment_order::*;
use runtime::client::{Error, Outcome, SoapClient, SoapOperation};
use runtime::endpoint::Endpoint;
use runtime::signature::{KeyRole, SignatureError, SigningKeys};
use runtime::soap::SoapVersion;
use runtime::xml::DateTime;
use tests::fake_lyra::{FakeLyra, NS, PRODUCTION_KEY, TEST_KEY, date_in_days};

async fn server_and_client(keys: SigningKeys) -> (FakeLyra, PaymentOrderClient) {
    let server = FakeLyra::start().await.expect("bind 127.0.0.1");
    let endpoint = Endpoint::plain_http_insecure(&server.url()).expect("loopback URL");
    (server, PaymentOrderClient::new(endpoint, keys))
}

fn keys() -> SigningKeys {
    SigningKeys::new(TEST_KEY, PRODUCTION_KEY)
}

fn order(recipients: &[&str], reference: &str) -> PaymentOfferInfo {
    let mut info = PaymentOfferInfo::new(12345678i64, CtxMode::Test, 4990i64, 978, Device::Mail);
    info.reference = Some(reference.into());
    info.recipients = recipients.iter().map(|r| r.to_string()).collect();
    info.locale = Some(Locale::French);
    info.subject = Some("Votre commande".into());
    info.message = Some("Bonjour,\r\nmerci pour votre commande n°42 : 49,90 € + frais".into());
    info.validation_mode = Some(ValidationMode::Automatic);
    info.validity = Some(DateTime::new(&date_in_days(30)).expect("dateTime"));
    info.send_mail = Some(false);
    info
}

const THREE: &[&str] = &["ana@example.com", "bo@example.org", "chloé@example.fr"];

#[tokio::test]
async fn create_for_three_recipients_gives_three_suffixed_orders() {
    let (server, client) = server_and_client(keys()).await;
    let outcome = client.create(&order(THREE, "Recovery")).await.expect("call succeeds");
    let Outcome::Success(response) = outcome else { panic!("OK is a success: {outcome:?}") };
    let result = &response.r#return;
    assert_eq!(result.reponse_code, ResponseCode::Ok);
    let orders = &result.offer_entities;
    assert_eq!(orders.len(), 3);
    let references: Vec<_> = orders.iter().map(|o| o.reference.clone().unwrap_or_default()).collect();
    assert_eq!(references, ["Recovery-001", "Recovery-002", "Recovery-003"]);
    let recipients: Vec<_> = orders.iter().map(|o| o.recipient.clone().unwrap_or_default()).collect();
    assert_eq!(recipients, THREE);
    let mut ids: Vec<i64> = orders.iter().map(|o| o.offer_id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 3, "three distinct ids: {ids:?}");
    for o in orders {
        let url = o.payment_url.as_deref().unwrap_or_default();
        assert!(url.starts_with("http://") && url.ends_with(&o.offer_id.to_string()), "{url}");
        assert_eq!(o.amount, 4990);
        assert_eq!(o.send_mail, Some(false));
    }
    assert!(server.mails_sent().is_empty(), "sendMail false: the merchant sends the e-mails");

    // On the wire: one SOAP 1.2 request, the SOAP 1.2 content type (no action: soapAction is empty).
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].content_type.as_deref(), Some("application/soap+xml; charset=utf-8"));
    let doc = roxmltree::Document::parse(&received[0].body).expect("request is XML");
    assert!(doc.root_element().has_tag_name(("http://www.w3.org/2003/05/soap-envelope", "Envelope")));
    assert!(received[0].body.contains("&#13;"), "a CR in the message is sent as a character reference");
}

#[tokio::test]
async fn send_mail_lets_the_server_send_the_emails() {
    let (server, client) = server_and_client(keys()).await;
    let mut info = order(&THREE[..2], "Mailed");
    info.send_mail = None;
    let outcome = client.create(&info).await.expect("call succeeds");
    assert!(outcome.is_success(), "{outcome:?}");
    let mails = server.mails_sent();
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0].recipient, THREE[0]);
}

#[tokio::test]
async fn update_changes_an_existing_order_and_only_that() {
    let (server, client) = server_and_client(keys()).await;
    let created = client.create(&order(THREE, "Recovery")).await.expect("create");
    let (response, _) = created.into_parts();
    let mut second = response.r#return.offer_entities[1].clone();
    second.amount = 5990;
    second.subject = Some("Votre commande (corrigée)".into());
    second.validation_mode = Some(ValidationMode::Manual);
    let updated = client.update(&second).await.expect("update");
    let Outcome::Success(updated) = updated else { panic!("OK: {updated:?}") };
    let orders = &updated.r#return.offer_entities;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].offer_id, second.offer_id);
    assert_eq!(orders[0].reference.as_deref(), Some("Recovery-002"));
    assert_eq!(orders[0].amount, 5990);
    assert_eq!(orders[0].validation_mode, Some(ValidationMode::Manual));
    let id = u64::try_from(second.offer_id).expect("positive id");
    assert_eq!(server.order_field(id, "amount").as_deref(), Some("5990"));
    let first = u64::try_from(response.r#return.offer_entities[0].offer_id).expect("id");
    assert_eq!(server.order_field(first, "amount").as_deref(), Some("4990"), "other orders unchanged");

    let mut unknown = second.clone();
    unknown.offer_id = 999;
    let err = client.update(&unknown).await.expect_err("OFFER_NOT_FOUND");
    let Error::Rejected(rejected) = &err else { panic!("expected Rejected, got {err:?}") };
    assert_eq!(rejected.code, "OFFER_NOT_FOUND");
    let typed = rejected.response::<UpdateResponse>().expect("typed response kept");
    assert_eq!(typed.r#return.reponse_code, ResponseCode::OfferNotFound);

    server.mark_paid(id);
    let err = client.update(&second).await.expect_err("paid");
    assert!(matches!(&err, Error::Rejected(r) if r.code == "NOT_AUTHORIZED"), "{err:?}");
}

#[tokio::test]
async fn a_wrong_key_shows_both_strings_to_sign_and_never_a_key() {
    let (_server, client) = server_and_client(SigningKeys::new("0000000000000000", PRODUCTION_KEY)).await;
    let err = client.create(&order(THREE, "Recovery")).await.expect_err("BAD_SIGNATURE");
    let Error::BadSignature(bad) = &err else { panic!("expected BadSignature, got {err:?}") };
    assert_eq!(bad.operation, "create");
    assert!(bad.ours.starts_with("12345678+Recovery+TEST+4990+978+fr+Bonjour,\r\nmerci"), "{}", bad.ours);
    assert!(bad.ours.contains("+[ana@example.com, bo@example.org, chloé@example.fr]+Votre commande+0+"));
    // Same fields on both sides: only the key differs.
    assert_eq!(bad.theirs.as_deref(), Some(bad.ours.as_str()));
    assert_eq!(bad.first_difference(), None);
    let typed = bad.rejected.response::<CreateResponse>().expect("typed response kept");
    assert_eq!(typed.r#return.reponse_code, ResponseCode::BadSignature);
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("we signed") && shown.contains("the server signed"), "{shown}");
    for key in ["0000000000000000", TEST_KEY, PRODUCTION_KEY] {
        assert!(!shown.contains(key), "a key leaked: {shown}");
    }
    assert!(!format!("{client:?}").contains("0000000000000000"));

    // PRODUCTION: the server gives no string of its own.
    let client = client_with(&_server, SigningKeys::new(TEST_KEY, "1111111111111111"));
    let mut info = order(THREE, "Recovery");
    info.ctx_mode = CtxMode::Production;
    let err = client.create(&info).await.expect_err("BAD_SIGNATURE");
    let Error::BadSignature(bad) = &err else { panic!("expected BadSignature, got {err:?}") };
    assert_eq!(bad.theirs, None);
    assert!(bad.ours.contains("+PRODUCTION+"));
    assert!(!format!("{err} {err:?}").contains("1111111111111111"));
}

fn client_with(server: &FakeLyra, keys: SigningKeys) -> PaymentOrderClient {
    PaymentOrderClient::new(Endpoint::plain_http_insecure(&server.url()).expect("url"), keys)
}

#[tokio::test]
async fn limits_are_checked_before_anything_is_sent() {
    let (server, client) = server_and_client(keys()).await;
    let many: Vec<String> = (0..101).map(|i| format!("r{i}@example.com")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let err = client.create(&order(&many, "Recovery")).await.expect_err("101 recipients");
    let Error::Validation(errors) = &err else { panic!("expected validation errors, got {err:?}") };
    assert!(errors.to_string().contains("recipients"), "{errors}");

    let err = client.create(&order(THREE, &"R".repeat(25))).await.expect_err("25 characters");
    let Error::Validation(errors) = &err else { panic!("expected validation errors, got {err:?}") };
    assert!(errors.to_string().contains("reference"), "{errors}");
    assert!(!errors.to_string().contains(&"R".repeat(25)), "values are not echoed");

    let err = client.create(&order(&[], "Recovery")).await.expect_err("no recipient");
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    let mut info = order(THREE, "Recovery");
    info.locale = Some(Locale::Unknown("xx".into()));
    info.subject = Some("s".repeat(256));
    let err = client.create(&info).await.expect_err("bad locale and subject");
    let text = err.to_string();
    assert!(text.contains("locale") && text.contains("subject"), "{text}");

    // A PRODUCTION request without a production key: not signed, not sent.
    let test_only = client_with(&server, SigningKeys::test_only(TEST_KEY));
    let mut info = order(THREE, "Recovery");
    info.ctx_mode = CtxMode::Production;
    let err = test_only.create(&info).await.expect_err("no production key");
    assert!(matches!(err, Error::Signature(SignatureError::NoKey { role: KeyRole::Production })), "{err:?}");
    // Invalid too: the validation errors, not the (empty) signature element.
    info.reference = Some("R".repeat(25));
    let err = test_only.create(&info).await.expect_err("invalid and unsigned");
    let Error::Validation(errors) = &err else { panic!("expected validation errors, got {err:?}") };
    assert!(errors.to_string().contains("reference") && !errors.to_string().contains("wsSignature"), "{errors}");
    assert!(server.received().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn the_validity_window_is_checked_before_sending_and_by_the_server() {
    let (server, client) = server_and_client(keys()).await;
    for days in [120, -3] {
        let mut info = order(THREE, "Late");
        info.validity = Some(DateTime::new(&date_in_days(days)).expect("dateTime"));
        let err = client.create(&info).await.expect_err("outside the window");
        let Error::Validation(errors) = &err else { panic!("expected validation errors, got {err:?}") };
        assert_eq!(errors.0[0].path, "create.info.validity", "{errors}");
    }
    assert!(server.received().is_empty(), "nothing may be sent");
    // Day 91: within the client's day of slack (the server's day may not be ours), refused by the server.
    let mut info = order(THREE, "Late");
    info.validity = Some(DateTime::new(&date_in_days(91)).expect("dateTime"));
    let err = client.create(&info).await.expect_err("VALIDITY_DATE");
    assert!(matches!(&err, Error::Rejected(r) if r.code == "VALIDITY_DATE"), "{err:?}");
}

static NAMESPACES: &[(&str, &str)] = &[("ns0", NS)];

/// SOAP 1.2 end to end through the runtime: the action goes in the Content-Type, and a SOAP 1.2
/// fault (Code, Subcode, Reason, Detail) comes back as a typed error.
#[tokio::test]
async fn soap12_action_and_fault() {
    let server = FakeLyra::start().await.expect("bind");
    let op = SoapOperation {
        name: "refund",
        action: "urn:refund",
        version: SoapVersion::V12,
        namespaces: NAMESPACES,
        request: (NS, "refund"),
        response: Some((NS, "refundResponse")),
        moves_money: false,
    };
    let client = SoapClient::new(runtime::client::ClientConfig::new(
        Endpoint::plain_http_insecure(&server.url()).expect("url"),
        None,
    ));
    let err = client.call::<_, CreateResponse>(&op, &order(THREE, "R")).await.expect_err("fault");
    let Error::Fault(fault) = &err else { panic!("expected a SOAP fault, got {err:?}") };
    assert_eq!(fault.version, SoapVersion::V12);
    assert_eq!(fault.code_local(), "Sender");
    assert_eq!(fault.code_ns.as_deref(), Some("http://www.w3.org/2003/05/soap-envelope"));
    // The subcode is a QName: its prefix is the server's choice, its local name is not.
    assert!(matches!(fault.subcodes.as_slice(), [s] if s.ends_with(":UnknownOperation")), "{fault:?}");
    assert!(fault.reason.contains("refund"), "{fault:?}");
    assert!(fault.detail.as_ref().is_some_and(|d| d.0.contains("faultInfo")), "{fault:?}");
    let received = server.received();
    assert_eq!(received[0].content_type.as_deref(), Some("application/soap+xml; charset=utf-8; action=\"urn:refund\""));
}

/// Every request the client sends validates against our spec's schema with xmllint (a validator
/// nobody here wrote): create with all fields, create with the required ones, update.
#[tokio::test]
async fn requests_validate_with_xmllint() {
    if !tests::xmllint::available() {
        eprintln!("note: xmllint not installed; skipping (CI installs libxml2-utils)");
        return;
    }
    let (server, client) = server_and_client(keys()).await;
    let created = client.create(&order(THREE, "Recovery")).await.expect("create");
    let mut minimal = PaymentOfferInfo::new(12345678i64, CtxMode::Test, 1000i64, 978, Device::Mail);
    minimal.recipients = vec!["x@example.com".into()];
    let _ = client.create(&minimal).await.expect("create");
    let entity = created.response().r#return.offer_entities[0].clone();
    let _ = client.update(&entity).await.expect("update");
    let dir = std::env::temp_dir().join(format!("lyra-xmllint-{}", std::process::id()));
    let wsdl = tests::corpus::workspace().join("specs/lyra_paymentoffer/paymentoffer.wsdl");
    let schema = tests::xmllint::schemas_from_wsdl(&wsdl, &dir, NS).expect("schemas");
    let received = server.received();
    assert_eq!(received.len(), 3);
    for (i, r) in received.iter().enumerate() {
        let body = tests::xmllint::body_child(&r.body).expect("body");
        tests::xmllint::validate(&schema, &body, &dir.join(format!("req{i}.xml")))
            .unwrap_or_else(|e| panic!("request {i} invalid: {e}\n{body}"));
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Codes the spec does not list reach the caller intact; the fake's answers read without a single
/// deviation in strict mode (its hand-written XML agrees with our spec).
#[tokio::test]
async fn unknown_codes_are_kept_and_answers_match_the_spec() {
    let xml = format!(
        "<S:Envelope xmlns:S=\"http://www.w3.org/2003/05/soap-envelope\"><S:Body><ns2:createResponse xmlns:ns2=\"{NS}\">\
         <return><reponseCode>QUOTA_EXCEEDED</reponseCode><returnMessage>later</returnMessage></return>\
         </ns2:createResponse></S:Body></S:Envelope>"
    );
    let (response, deviations) = runtime::client::parse_response::<CreateResponse>(
        xml.as_bytes(),
        SoapVersion::V12,
        (NS, "createResponse"),
        runtime::xml::ReadOptions::strict(),
    )
    .expect("parses");
    assert!(deviations.is_empty());
    assert_eq!(response.r#return.reponse_code, ResponseCode::Unknown("QUOTA_EXCEEDED".into()));

    let server = FakeLyra::start().await.expect("bind");
    let config = runtime::client::ClientConfig::new(Endpoint::plain_http_insecure(&server.url()).expect("url"), None)
        .with_signing_keys(keys())
        .strict(true);
    let client = PaymentOrderClient::with_config(config);
    let created = client.create(&order(THREE, "Strict")).await.expect("strict create");
    let entity = created.response().r#return.offer_entities[2].clone();
    assert!(client.update(&entity).await.expect("strict update").is_success());
}
