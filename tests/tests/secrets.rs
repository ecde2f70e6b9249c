//! Secrets never show: passwords, access keys and signing keys appear in no `Debug`, no `Display`,
//! no error and no log line. A subscriber records every tracing event and span at TRACE level while
//! calls succeed and fail against real servers on 127.0.0.1; every client and configuration type
//! is formatted both ways. Also: production endpoints are HTTPS; plain HTTP needs the explicit
//! `Endpoint::plain_http_insecure`.

mod support;

use std::borrow::Cow;

use base64::Engine as _;
use generated::payline::*;
use runtime::auth::{BasicAuth, Secret};
use runtime::client::{ClientConfig, Error, OutcomeRule, ResultCode, RetryPolicy, SoapClient, SoapOperation};
use runtime::endpoint::{Endpoint, EndpointError};
use runtime::http::{HttpRequest, Limits, Method};
use runtime::signature::{
    Digest, Format, KeyRole, ServerStringToSign, Signable, SignatureSpec, SignedField, SigningKeys,
};
use runtime::soap::SoapVersion;
use runtime::validate::{Validate, Validator};
use runtime::xml::{Element, FromXml, Nillable, ToXml, XmlError, XmlReader, XmlWriter};
use support::capture::capture;
use support::*;

const USER: &str = "merchant-4242";
const PASSWORD: &str = "Pw-never-shown-7731";
const TEST_KEY: &str = "TestKey-never-shown-9911";
const PROD_KEY: &str = "ProdKey-never-shown-5522";

/// Every form a secret could leak in: itself, and the Basic header value carrying it.
fn forbidden() -> Vec<String> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    vec![PASSWORD.into(), TEST_KEY.into(), PROD_KEY.into(), basic]
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    for secret in forbidden() {
        assert!(!text.contains(&secret), "{what} shows a secret: {text}");
    }
}

/// Debug and Display of an error and of its whole source chain.
fn error_text(e: &Error) -> String {
    let mut text = format!("{e:?}\n{e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!("\n{s:?}\n{s}"));
        source = s.source();
    }
    text
}

fn config(url: &str) -> ClientConfig {
    let endpoint = Endpoint::plain_http_insecure(url).expect("loopback URL");
    ClientConfig::new(endpoint, Some(BasicAuth::new(USER, PASSWORD)))
        .with_signing_keys(SigningKeys::new(TEST_KEY, PROD_KEY))
        .with_retry(RetryPolicy { max_attempts: 2, backoff: std::time::Duration::from_millis(5) })
        .with_limits(Limits { timeout: std::time::Duration::from_millis(500), ..Limits::default() })
}

#[test]
fn secret_basic_auth_and_signing_keys_are_redacted() {
    let secret = Secret::new(PASSWORD);
    assert_eq!(format!("{secret:?}"), "Secret(***)");
    assert_eq!(format!("{secret}"), "***");
    assert_eq!(secret.expose(), PASSWORD);
    let auth = BasicAuth::new(USER, PASSWORD);
    let debug = format!("{auth:?}");
    assert!(debug.contains(USER), "the user name is not a secret: {debug}");
    assert_clean("BasicAuth", &debug);
    let keys = SigningKeys::new(TEST_KEY, PROD_KEY);
    assert_clean("SigningKeys", &format!("{keys:?}"));
    assert_clean("SigningKeys::test_only", &format!("{:?}", SigningKeys::test_only(TEST_KEY)));
    assert_clean("a Secret inside Option", &format!("{:?}", keys.get(KeyRole::Production)));
}

#[test]
fn configs_and_clients_are_redacted() {
    let cfg = config("http://127.0.0.1:9/service");
    assert_clean("ClientConfig", &format!("{cfg:?} {cfg:#?}"));
    let soap = SoapClient::new(cfg.clone());
    assert_clean("SoapClient", &format!("{soap:?} {soap:#?}"));
    let payline = PaylineClient::with_config(cfg);
    assert_clean("PaylineClient", &format!("{payline:?} {payline:#?}"));
    let prod = PaylineClient::production(USER, PASSWORD).expect("https endpoint");
    assert_clean("PaylineClient::production", &format!("{prod:?}"));
    let request = HttpRequest {
        url: "https://example.invalid/s".into(),
        method: Method::Post,
        headers: vec![("Authorization".into(), BasicAuth::new(USER, PASSWORD).header_value())],
        body: PASSWORD.as_bytes().to_vec(),
    };
    assert_clean("HttpRequest", &format!("{request:?}"));
}

#[tokio::test]
async fn calls_that_succeed_and_fail_log_and_report_no_secret() {
    let log = capture();
    let fault = envelope11(
        r#"<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>boom</faultstring></soapenv:Fault>"#,
    );
    let server = Server::start(vec![
        Reply::xml(200, get_wallet_response("")),
        Reply::Respond { status: 401, content_type: "text/html", body: b"<html>401 Unauthorized</html>".to_vec() },
        Reply::xml(500, fault),
        Reply::Reset,
        Reply::Silent,
        Reply::xml(200, "<not-soap/>"),
    ])
    .await;
    let client = PaylineClient::with_config(config(&server.url));
    let request = GetWalletRequest::new("34", "CB", "wallet-1");
    let ok = client.get_wallet(&request).await.expect("the first call succeeds");
    assert_clean("a response", &format!("{ok:?}"));
    for _ in 0..5 {
        let err = client.get_wallet(&request).await.expect_err("the others fail");
        assert_clean("a failed call's error", &error_text(&err));
    }
    // Invalid request: nothing sent, validation error.
    let invalid = GetWalletRequest::new("345", "CB", "wallet-1");
    assert_clean("a validation error", &error_text(&client.get_wallet(&invalid).await.expect_err("invalid")));
    // Connection refused, retried, then reported; with a key in the URL's query string too.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
    let refused = PaylineClient::with_config(config(&format!("http://127.0.0.1:{port}/s?key={PASSWORD}")));
    let err = refused.get_wallet(&request).await.expect_err("refused");
    assert_clean("a connect error", &error_text(&err));
    // The requests did carry the credentials: the check above is not vacuous.
    assert!(server.requests() >= 5);
    let text = log.text();
    assert!(text.contains("soap_call") && text.contains("sending request"), "nothing captured: {text}");
    assert!(text.contains("getWallet"), "{text}");
    assert_clean("the TRACE log", &text);
}

// A signed SOAP 1.2 operation with hand-written types: the signing key never leaves the digest.

const SIGN_NS: &str = "urn:test:signed";

const SIGNED_OP: SoapOperation = SoapOperation {
    name: "create",
    action: "urn:test:signed#create",
    version: SoapVersion::V12,
    namespaces: &[("s", SIGN_NS)],
    request: (SIGN_NS, "create"),
    response: Some((SIGN_NS, "createResponse")),
    moves_money: true,
};

const SPEC: SignatureSpec = SignatureSpec {
    operation: "create",
    target: "signature",
    mode: "mode",
    fields: &[SignedField { path: "shop", format: Format::Text }, SignedField { path: "mode", format: Format::Text }],
    separator: "+",
    digest: Digest::Sha1Hex,
    keys: &[("TEST", KeyRole::Test), ("PRODUCTION", KeyRole::Production)],
    refused_code: Some("BAD_SIGNATURE"),
};

#[derive(Debug, Default)]
struct Create {
    shop: String,
    mode: String,
    signature: String,
}

impl ToXml for Create {
    fn write_content(&self, w: &mut XmlWriter) {
        w.required(SIGN_NS, "shop", &self.shop);
        w.required(SIGN_NS, "mode", &self.mode);
        w.required(SIGN_NS, "signature", &self.signature);
    }
}

impl Validate for Create {
    fn validate(&self, _: &mut Validator) {}
}

impl Signable for Create {
    fn signed_values(&self) -> Vec<Vec<Cow<'_, str>>> {
        vec![vec![Cow::from(self.shop.as_str())], vec![Cow::from(self.mode.as_str())]]
    }
    fn signing_mode(&self) -> Option<Cow<'_, str>> {
        Some(Cow::from(self.mode.as_str()))
    }
    fn set_signature(&mut self, signature: String) {
        self.signature = signature;
    }
}

#[derive(Debug, Default)]
struct CreateResponse {
    code: String,
    server_string: Option<String>,
}

impl FromXml for CreateResponse {
    fn read_xml(r: &mut XmlReader<'_>, _: &Element) -> Result<Self, XmlError> {
        let (mut code, mut server_string) = (None, None);
        while let Some(c) = r.next_child()? {
            if c.is(SIGN_NS, "code") {
                r.read_once(&c, &mut code)?;
            } else if c.is(SIGN_NS, "extendedCode") {
                r.read_once(&c, &mut server_string)?;
            } else {
                r.unexpected(&c)?;
            }
        }
        Ok(CreateResponse { code: r.required(code, "code"), server_string })
    }
}

impl ResultCode for CreateResponse {
    fn result_code(&self) -> &str {
        &self.code
    }
}

impl ServerStringToSign for CreateResponse {
    fn server_string_to_sign(&self) -> Option<&str> {
        self.server_string.as_deref()
    }
}

#[tokio::test]
async fn signed_calls_never_show_the_signing_keys() {
    let log = capture();
    let answer = |code: &str| {
        let extended = if code == "BAD_SIGNATURE" { "<s:extendedCode>shop-1+TEST</s:extendedCode>" } else { "" };
        Reply::Respond {
            status: 200,
            content_type: "application/soap+xml",
            body: envelope12(&format!(
                r#"<s:createResponse xmlns:s="{SIGN_NS}"><s:code>{code}</s:code>{extended}</s:createResponse>"#
            ))
            .into_bytes(),
        }
    };
    let server = Server::start(vec![answer("OK"), answer("BAD_SIGNATURE"), Reply::Reset]).await;
    let client = SoapClient::new(config(&server.url));
    const RULE: OutcomeRule = OutcomeRule { success: &["OK"], warning: &[] };
    let create = |mode: &str| Create { shop: "shop-1".into(), mode: mode.into(), signature: String::new() };
    let ok = client.call_signed::<_, CreateResponse>(&SIGNED_OP, &SPEC, create("TEST"), &RULE).await;
    assert!(ok.is_ok(), "{ok:?}");
    for mode in ["PRODUCTION", "TEST", "NOPE"] {
        let err = client.call_signed::<_, CreateResponse>(&SIGNED_OP, &SPEC, create(mode), &RULE).await;
        assert_clean("a signed call's error", &error_text(&err.expect_err("fails")));
    }
    let bodies = server.bodies.lock().map(|b| b.join("\n")).unwrap_or_default();
    assert!(bodies.contains("<s:signature>") && !bodies.contains(TEST_KEY), "{bodies}");
    assert_clean("the TRACE log", &log.text());
}

#[test]
fn production_endpoints_are_https_and_plain_http_is_an_explicit_opt_in() {
    assert_eq!(Endpoint::https("http://services.payline.com/V4"), Err(EndpointError::NotHttps));
    assert_eq!(Endpoint::https("ftp://services.payline.com/V4"), Err(EndpointError::NotHttps));
    assert!(matches!(Endpoint::https("https://"), Err(EndpointError::Invalid(_))));
    let https = Endpoint::https("https://services.payline.com/V4").expect("https");
    assert!(!https.is_insecure());
    let plain = Endpoint::plain_http_insecure("http://127.0.0.1:8080/s").expect("explicit opt-in");
    assert!(plain.is_insecure());
    assert!(!Endpoint::plain_http_insecure("https://x.example/s").expect("https accepted").is_insecure());
    assert!(Endpoint::plain_http_insecure("file:///etc/passwd").is_err());
    // The generated constructors of named endpoints use HTTPS.
    assert!(PaylineClient::PRODUCTION.starts_with("https://"));
    assert!(PaylineClient::HOMOLOGATION.starts_with("https://"));
    assert!(PaylineClient::production(USER, PASSWORD).is_ok());
    assert!(PaylineClient::homologation(USER, PASSWORD).is_ok());
}

/// Card data marked `<b:sensitive/>` in the Payline spec (number, cvx, password, encrypted data,
/// cryptogram) never shows in `Debug`, in the card itself, in a wallet holding it, in the request
/// carrying it; the fields beside them still do, and `None` stays visible as `None`.
#[test]
fn card_data_is_redacted_in_debug() {
    const PAN: &str = "4970109999991234";
    const CVX: &str = "987";
    const CARD_PASSWORD: &str = "card-pass-4411";
    const CRYPTOGRAM: &str = "AgAAAAAABk4DWZ4C28yUQAAAAAA=";
    let mut card = Card::new("CB");
    card.number = Some(Nillable::Value(PAN.into()));
    card.cvx = Some(Nillable::Value(CVX.into()));
    card.password = Some(Nillable::Value(CARD_PASSWORD.into()));
    card.encrypted_data = Some(Nillable::Value(CRYPTOGRAM.into()));
    card.token_requestor_cryptogram = Some(Nillable::Value(CRYPTOGRAM.into()));
    card.expiration_date = Some(Nillable::Value("1230".into()));
    let mut wallet = Wallet::new("wallet-1", card.clone());
    wallet.card = card.clone();
    let mut request = DoRecurrentWalletPaymentRequest::new(
        "34",
        Payment::new("978", "101", "REC"),
        "order-1",
        "23/11/2026 10:00",
        "24/11/2026",
        "wallet-1",
        Recurring::new("1000", "40", "10"),
    );
    request.cvx = Nillable::Value(CVX.into());
    for (what, text) in
        [("card", format!("{card:?}")), ("wallet", format!("{wallet:?}")), ("request", format!("{request:?}"))]
    {
        for secret in [PAN, CVX, CARD_PASSWORD, CRYPTOGRAM] {
            assert!(!text.contains(secret), "{what} shows {secret}: {text}");
        }
        assert!(text.contains("***"), "{what} marks the redaction: {text}");
    }
    let card_text = format!("{card:?}");
    assert!(card_text.contains("\"CB\"") && card_text.contains("1230"), "other fields still show: {card_text}");
    assert!(format!("{:?}", Card::new("CB")).contains("number: None"), "an absent secret shows as None");
    // The values themselves are intact: redaction is only in `Debug`.
    assert_eq!(card.number, Some(Nillable::Value(PAN.to_string())));
}
