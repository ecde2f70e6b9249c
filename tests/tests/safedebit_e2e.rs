//! End to end over real HTTP on 127.0.0.1: the generated Safedebit client (from the argument
//! table in specs/safedebit) against the fake Safedebit server (serde_json on its side).

use std::sync::Arc;

use generated::safedebit::*;
use runtime::client::ClientConfig;
use runtime::endpoint::Endpoint;
use runtime::http::{HttpRequest, Limits, ReqwestTransport, SendFuture, Transport};
use runtime::json::{Error, Url};
use runtime::xml::Integer;
use serde_json::Value;
use tests::fake_safedebit::{FakeSafedebit, LOGIN, PASSWORD};

async fn server() -> FakeSafedebit {
    FakeSafedebit::start().await.expect("bind 127.0.0.1")
}

fn client(server: &FakeSafedebit, login: &str, password: &str) -> SafedebitClient {
    let endpoint = Endpoint::plain_http_insecure(&server.base_url()).expect("loopback URL");
    SafedebitClient::new(endpoint, login, password)
}

fn url(text: &str) -> Url {
    Url::parse(text).expect("valid URL")
}

/// The request of the provider's own example (seed 001), built with the generated API.
fn example(payment_reference: &str) -> GetLinkPaymentRequest {
    let mut r = GetLinkPaymentRequest::new(
        "395579987182558",
        "1000000",
        payment_reference,
        "xxxxxxxxx",
        url("https://callback.com"),
        "test@test.com",
        "0000000000",
    );
    r.consumer_first_name = Some("Ghandri".into());
    r.consumer_last_name = Some("Naoufel".into());
    r.consumer_address_street_number = Some("5".into());
    r.consumer_address_street_name = Some("Rue de Paris".into());
    r.consumer_zip_code = Some("75002".into());
    r
}

fn body(server: &FakeSafedebit, i: usize) -> Value {
    let received = server.received();
    serde_json::from_str(&received[i].body).expect("the client sends JSON")
}

#[tokio::test]
async fn success_returns_the_link_and_sends_the_providers_example_exactly() {
    let server = server().await;
    let response = client(&server, LOGIN, PASSWORD).get_link_payment(&example("Facture31102019")).await;
    let response = response.expect("result true is a success");
    assert!(response.link.is_https());
    assert!(response.link.as_str().starts_with("https://pay.safedebit.test/paypage?SDESSID="), "{}", response.link);

    let received = server.received();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    assert_eq!((r.method.as_str(), r.path.as_str(), r.query.as_deref()), ("POST", "/ssp/get_link_payment", None));
    assert_eq!(r.content_type.as_deref(), Some("application/json"));
    assert_eq!(r.accept.as_deref(), Some("application/json"));
    let expected_auth = {
        use base64::Engine;
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{LOGIN}:{PASSWORD}")))
    };
    assert_eq!(r.authorization.as_deref(), Some(expected_auth.as_str()));
    // The seed's example request, member for member (only set fields, strings where it has strings).
    let seed: Value = serde_json::from_str(
        r#"{
"beneficiary_reference": "395579987182558",
"amount": "1000000",
"payment_reference": "Facture31102019",
"consumer_reference": "xxxxxxxxx",
"url_callback": "https://callback.com",
"consumer_first_name": "Ghandri",
"consumer_last_name": "Naoufel",
"consumer_address_street_number": "5",
"consumer_address_street_name": "Rue de Paris",
"consumer_zip_code": "75002",
"consumer_email": "test@test.com",
"consumer_phone_number": "0000000000"}"#,
    )
    .expect("seed JSON");
    assert_eq!(body(&server, 0), seed);
    // In the table's order, compact.
    assert!(r.body.starts_with(r#"{"beneficiary_reference":"395579987182558","amount":"1000000","#), "{}", r.body);
}

#[tokio::test]
async fn enums_flags_and_numbers_go_on_the_wire_as_the_provider_expects() {
    let server = server().await;
    let mut request = example("F-2");
    request.consumer_type = Some(ConsumerType::Company);
    request.sms_option = Some(SmsOption::No);
    request.email_option = Some(EmailOption::Yes);
    request.from_bo = Some(false);
    request.pay_now = Some(true);
    request.link_duration = Some(Integer::new("30").expect("integer"));
    request.consumer_zip_code = Some("01000".into());
    request.siren = Some("123456789".into());
    request.manual_redirect_url = Some(url("https://shop.example/retour?x=1&y=é"));
    client(&server, LOGIN, PASSWORD).get_link_payment(&request).await.expect("accepted by the fake");
    let sent = body(&server, 0);
    assert_eq!(sent["consumer_type"], Value::from(1));
    assert_eq!(sent["sms_option"], Value::from(0));
    assert_eq!(sent["email_option"], Value::from(1));
    assert_eq!(sent["from_bo"], Value::Bool(false));
    assert_eq!(sent["pay_now"], Value::Bool(true));
    assert_eq!(sent["link_duration"], Value::from(30));
    assert_eq!(sent["consumer_zip_code"], Value::from("01000"), "leading zero kept, sent as a string");
    assert_eq!(sent["manual_redirect_url"], Value::from("https://shop.example/retour?x=1&y=é"));
    assert_eq!(sent.as_object().map(|o| o.len()), Some(20));
}

#[tokio::test]
async fn auth_errors_are_typed_codes_never_successes() {
    let server = server().await;
    let err = client(&server, "someone-else", PASSWORD).get_link_payment(&example("A-1")).await.expect_err("AUTH_001");
    assert!(
        matches!(err, Error::Rejected { code: ErrorCode::IncorrectLogin, operation: "get_link_payment" }),
        "{err:?}"
    );
    assert_eq!(err.code().map(ErrorCode::as_str), Some("AUTH_001"));
    let err = client(&server, LOGIN, "wrong").get_link_payment(&example("A-2")).await.expect_err("AUTH_002");
    assert_eq!(err.code(), Some(&ErrorCode::IncorrectPassword));
    // The password never shows in the error, nor in the client's Debug.
    let shown = format!("{err} {err:?} {:?}", client(&server, LOGIN, PASSWORD));
    assert!(!shown.contains(PASSWORD) && !shown.contains("wrong"), "{shown}");
    assert_eq!(err.to_string(), "get_link_payment refused with code AUTH_002");
}

#[tokio::test]
async fn exist_error_on_a_payment_reference_already_used() {
    let server = server().await;
    let client = client(&server, LOGIN, PASSWORD);
    client.get_link_payment(&example("F-dup")).await.expect("first is accepted");
    let err = client.get_link_payment(&example("F-dup")).await.expect_err("second is refused");
    assert!(matches!(err, Error::Rejected { code: ErrorCode::PaymentReferenceAlreadyUsed, .. }), "{err:?}");
}

#[tokio::test]
async fn nok_error_guarantee_refused() {
    let server = server().await;
    let mut request = example("F-nok");
    request.beneficiary_reference = "refused".into();
    let err = client(&server, LOGIN, PASSWORD).get_link_payment(&request).await.expect_err("NOK_001");
    assert_eq!(err.code(), Some(&ErrorCode::GuaranteeRefused));
}

/// Forwards to the real transport after removing one member of the JSON body: the only way to
/// send what the generated API cannot build (a request without a mandatory argument).
#[derive(Debug)]
struct Dropping(&'static str, ReqwestTransport);

impl Transport for Dropping {
    fn send<'a>(&'a self, mut request: HttpRequest, limits: &'a Limits) -> SendFuture<'a> {
        if let Ok(Value::Object(mut o)) = serde_json::from_slice::<Value>(&request.body) {
            o.remove(self.0);
            request.body = Value::Object(o).to_string().into_bytes();
        }
        self.1.send(request, limits)
    }
}

#[tokio::test]
async fn unknown_codes_reach_the_caller_intact() {
    let server = server().await;
    let endpoint = Endpoint::plain_http_insecure(&server.base_url()).expect("loopback URL");
    let config = ClientConfig::new(endpoint, Some(runtime::auth::BasicAuth::new(LOGIN, PASSWORD)))
        .with_transport(Arc::new(Dropping("consumer_email", ReqwestTransport::new())));
    let client = SafedebitClient::with_config(config);
    let err = client.get_link_payment(&example("F-missing")).await.expect_err("missing mandatory argument");
    assert_eq!(err.code(), Some(&ErrorCode::Unknown("PARAM_001".into())), "{err:?}");
    assert_eq!(err.to_string(), "get_link_payment refused with code PARAM_001");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_typed_error() {
    let server = server().await;
    let client = client(&server, LOGIN, PASSWORD);
    let mut request = example("F-html");
    request.beneficiary_reference = "html".into();
    let err = client.get_link_payment(&request).await.expect_err("HTML is not an answer");
    let Error::NotJson { status, excerpt } = &err else { panic!("expected NotJson, got {err:?}") };
    assert_eq!(*status, 200);
    assert!(excerpt.contains("Maintenance"));
    request.beneficiary_reference = "http500".into();
    let err = client.get_link_payment(&request).await.expect_err("HTTP 500");
    assert!(matches!(&err, Error::Http { status: 500, .. }), "{err:?}");
}

#[tokio::test]
async fn invalid_requests_are_refused_before_sending() {
    let server = server().await;
    let client = client(&server, LOGIN, PASSWORD);
    let mut request = example("F-bad");
    request.amount = "10.00".into(); // cents, digits only
    request.beneficiary_reference = "x".repeat(33);
    request.consumer_type = Some(ConsumerType::Unknown("2".into()));
    request.consumer_zip_code = Some("75 002".into());
    request.siren = Some("1234567890".into());
    let err = client.get_link_payment(&request).await.expect_err("invalid");
    let Error::Validation(v) = &err else { panic!("expected Validation, got {err:?}") };
    let paths: Vec<&str> = v.0.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "get_link_payment.beneficiary_reference",
            "get_link_payment.amount",
            "get_link_payment.consumer_type",
            "get_link_payment.consumer_zip_code",
            "get_link_payment.siren",
        ]
    );
    assert!(!err.to_string().contains("10.00"), "values are never repeated: {err}");
    let mut empty = example("F-empty");
    empty.consumer_email = String::new();
    assert!(matches!(client.get_link_payment(&empty).await, Err(Error::Validation(_))));
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn strict_mode_accepts_the_documented_answer() {
    let server = server().await;
    let endpoint = Endpoint::plain_http_insecure(&server.base_url()).expect("loopback URL");
    let config = ClientConfig::new(endpoint, Some(runtime::auth::BasicAuth::new(LOGIN, PASSWORD))).strict(true);
    let response = SafedebitClient::with_config(config).get_link_payment(&example("F-strict")).await;
    assert!(response.expect("only result and link").link.is_https());
}
