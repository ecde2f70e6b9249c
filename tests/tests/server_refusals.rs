//! What the generated servers answer to requests they cannot take, sent as raw bytes over
//! 127.0.0.1 to the fakes: HTTP statuses, SOAP faults (1.1 and 1.2) and the service's own error
//! codes, never a panic, never a value or a secret repeated.

use runtime::auth::BasicAuth;
use runtime::http::{HttpRequest, HttpResponse, Limits, Method, ReqwestTransport, Transport};
use runtime::soap::{SoapError, SoapVersion, read_envelope};
use runtime::xml::ReadOptions;
use tests::fake_lyra::FakeLyra;
use tests::fake_payline::{ACCESS_KEY, FakePayline, MERCHANT_ID};
use tests::fake_safedebit::{FakeSafedebit, LOGIN, PASSWORD};

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const IMPL: &str = "http://impl.ws.payline.experian.com";

/// Extra headers, body, expected fault code, and what its reason says.
type Case = (&'static [(&'static str, &'static str)], String, &'static str, &'static str);

async fn send(url: &str, method: Method, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let request = HttpRequest {
        url: url.to_owned(),
        method,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.as_bytes().to_vec(),
    };
    ReqwestTransport::new().send(request, &Limits::default()).await.expect("an HTTP answer")
}

/// The fault of a SOAP answer (code local name, reason).
fn fault(response: &HttpResponse, version: SoapVersion) -> (String, String) {
    match read_envelope(&response.body, version, ReadOptions::default()) {
        Err(SoapError::Fault(f)) => (f.code_local().to_owned(), f.reason.clone()),
        other => panic!("expected a fault, got {:?}", other.map(|(_, el)| el.qualified_name())),
    }
}

fn payline_body(element: &str, inner: &str) -> String {
    format!(
        "<s:Envelope xmlns:s=\"{SOAP11}\"><s:Body><p:{element} xmlns:p=\"{IMPL}\" xmlns:o=\"http://obj.ws.payline.experian.com\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">{inner}</p:{element}></s:Body></s:Envelope>"
    )
}

#[tokio::test]
async fn soap_refusals_are_statuses_and_faults() {
    let server = FakePayline::start().await.expect("bind");
    let url = server.url();
    let auth = BasicAuth::new(MERCHANT_ID, ACCESS_KEY).header_value();
    let xml = ("Content-Type", "text/xml; charset=utf-8");
    let get_wallet = payline_body(
        "getWalletRequest",
        "<p:version>34</p:version><p:contractNumber>CB</p:contractNumber><p:walletId>wallet-1</p:walletId><p:cardInd xsi:nil=\"true\"/><p:media xsi:nil=\"true\"/>",
    );
    let action = ("SOAPAction", "\"getWallet\"");

    let ok = send(&url, Method::Post, &[xml, action, ("Authorization", &auth)], &get_wallet).await;
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));

    assert_eq!(send(&url, Method::Get, &[("Authorization", &auth)], "").await.status, 405);
    let denied = send(&url, Method::Post, &[xml, action], &get_wallet).await;
    assert_eq!(denied.status, 401);
    assert!(denied.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("www-authenticate") && v == "Basic"));
    let wrong = BasicAuth::new(MERCHANT_ID, "guess").header_value();
    assert_eq!(send(&url, Method::Post, &[xml, action, ("Authorization", &wrong)], &get_wallet).await.status, 401);

    let authed = |extra: &'static [(&'static str, &'static str)]| {
        let mut h = vec![("Authorization", auth.as_str())];
        h.extend_from_slice(extra);
        h
    };
    let json = send(
        &url,
        Method::Post,
        &authed(&[("Content-Type", "application/json"), ("SOAPAction", "\"getWallet\"")]),
        "{}",
    )
    .await;
    assert_eq!(json.status, 415);

    let cases: &[Case] = &[
        (
            &[("Content-Type", "text/xml"), ("SOAPAction", "\"getWallet\"")],
            "garbage <<".into(),
            "Client",
            "not a SOAP envelope",
        ),
        (&[("Content-Type", "text/xml")], get_wallet.clone(), "Client", "no SOAPAction"),
        (
            &[("Content-Type", "text/xml"), ("SOAPAction", "\"createWallet\"")],
            get_wallet.clone(),
            "Client",
            "does not match",
        ),
        (
            &[("Content-Type", "text/xml"), ("SOAPAction", "\"refund\"")],
            payline_body("refundRequest", ""),
            "Client",
            "no operation takes",
        ),
        (
            &[("Content-Type", "text/xml"), ("SOAPAction", "\"getWallet\"")],
            get_wallet.replace(">34<", ">345<").replace(">wallet-1<", &format!(">{}<", "w".repeat(51))),
            "Client",
            "getWalletRequest.version",
        ),
        (
            &[("Content-Type", "text/xml"), ("SOAPAction", "\"getWallet\"")],
            get_wallet.replace(SOAP11, "http://www.w3.org/2003/05/soap-envelope"),
            "VersionMismatch",
            "other version",
        ),
        (
            &[("Content-Type", "text/xml"), ("SOAPAction", "\"getWallet\"")],
            format!("<!DOCTYPE x [<!ENTITY a \"aaaa\">]>{get_wallet}"),
            "Client",
            "not a SOAP envelope",
        ),
        (
            &[("Content-Type", "text/xml"), ("SOAPAction", "\"getWallet\"")],
            payline_body("getWalletRequest", &"<p:x>".repeat(100_000)),
            "Client",
            "",
        ),
    ];
    for (headers, body, code, says) in cases {
        let mut h = vec![("Authorization", auth.as_str())];
        h.extend_from_slice(headers);
        let answer = send(&url, Method::Post, &h, body).await;
        assert_eq!(answer.status, 500, "SOAP 1.1 faults are HTTP 500: {says}");
        let (c, reason) = fault(&answer, SoapVersion::V11);
        assert_eq!(c, *code, "{reason}");
        assert!(reason.contains(says), "{says}: {reason}");
        assert!(!reason.contains("wwwwwwww") && !reason.contains("345"), "values are never repeated: {reason}");
    }
    // The server is still up and serving.
    let again = send(&url, Method::Post, &[xml, action, ("Authorization", &auth)], &get_wallet).await;
    assert_eq!(again.status, 200);
}

#[tokio::test]
async fn a_tampered_signature_is_the_services_bad_signature_answer() {
    let server = FakeLyra::start().await.expect("bind");
    let keys = runtime::signature::SigningKeys::new(tests::fake_lyra::TEST_KEY, tests::fake_lyra::PRODUCTION_KEY);
    let client = generated::payment_order::PaymentOrderClient::new(
        runtime::endpoint::Endpoint::plain_http_insecure(&server.url()).expect("url"),
        keys,
    );
    let mut info = generated::payment_order::PaymentOfferInfo::new(
        12345678i64,
        generated::payment_order::CtxMode::Test,
        4990i64,
        978,
        generated::payment_order::Device::Mail,
    );
    info.recipients = vec!["ana@example.com".into()];
    let created = client.create(&info).await.expect("signed by the client, accepted by the server");
    assert!(created.is_success());
    // The same bytes with another amount: the signature no longer matches.
    let sent = server.received()[0].body.replace("<amount>4990</amount>", "<amount>1</amount>");
    let answer =
        send(&server.url(), Method::Post, &[("Content-Type", "application/soap+xml; charset=utf-8")], &sent).await;
    assert_eq!(answer.status, 200);
    let text = String::from_utf8_lossy(&answer.body);
    assert!(text.contains("<reponseCode>BAD_SIGNATURE</reponseCode>"), "{text}");
    assert!(text.contains("<extendedCode>12345678++TEST+1+978"), "TEST mode: the server's string to sign: {text}");
    assert!(!text.contains(tests::fake_lyra::TEST_KEY), "never the key");

    let v11 = sent.replace("http://www.w3.org/2003/05/soap-envelope", SOAP11);
    let answer =
        send(&server.url(), Method::Post, &[("Content-Type", "application/soap+xml; charset=utf-8")], &v11).await;
    assert_eq!(fault(&answer, SoapVersion::V12).0, "VersionMismatch");
}

#[tokio::test]
async fn json_refusals_are_the_services_codes() {
    let server = FakeSafedebit::start().await.expect("bind");
    let url = format!("{}get_link_payment", server.base_url());
    let auth = BasicAuth::new(LOGIN, PASSWORD).header_value();
    let json = ("Content-Type", "application/json");
    let code = |r: &HttpResponse| {
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("JSON answer");
        assert_eq!((r.status, &v["result"]), (200, &serde_json::Value::Bool(false)), "{v}");
        v["code"].as_str().unwrap_or_default().to_owned()
    };
    let full = serde_json::json!({
        "beneficiary_reference": "B", "amount": "100", "payment_reference": "P-1", "consumer_reference": "C",
        "url_callback": "https://x.example/cb", "consumer_email": "a@b.fr", "consumer_phone_number": "0600000000"
    });
    let mut missing = full.clone();
    missing.as_object_mut().map(|o| o.remove("amount"));
    let mut bad = full.clone();
    bad["amount"] = serde_json::json!("12.50");
    let cases = [
        ("not json", "PARAM_002"),
        ("[1, 2]", "PARAM_002"),
        (&*missing.to_string(), "PARAM_001"),
        (&*bad.to_string(), "PARAM_002"),
    ];
    for (body, expected) in cases {
        let answer = send(&url, Method::Post, &[json, ("Authorization", &auth)], body).await;
        assert_eq!(code(&answer), expected, "{body}");
    }
    assert_eq!(code(&send(&url, Method::Post, &[json], &full.to_string()).await), "AUTH_001");
    let created = send(&url, Method::Post, &[json, ("Authorization", &auth)], &full.to_string()).await;
    assert_eq!(created.status, 200, "{}", String::from_utf8_lossy(&created.body));
    assert_eq!(send(&url, Method::Get, &[("Authorization", &auth)], "").await.status, 405);
    let elsewhere = format!("{}no_such_operation", server.base_url());
    assert_eq!(send(&elsewhere, Method::Post, &[json, ("Authorization", &auth)], "{}").await.status, 404);
}
