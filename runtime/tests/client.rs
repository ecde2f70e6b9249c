//! End-to-end calls through `SoapClient` against a loopback server (real sockets).

mod common;

use common::*;
use runtime::auth::BasicAuth;
use runtime::client::{ClientConfig, Error, OutcomeRule, RetryPolicy, SoapClient, SoapOperation};
use runtime::endpoint::Endpoint;
use runtime::http::{Limits, TransportError};
use runtime::soap::SoapVersion;

const PAY: SoapOperation = SoapOperation {
    name: "pay",
    action: "urn:test:pay#pay",
    version: SoapVersion::V11,
    namespaces: &[("p", NS)],
    request: (NS, "payRequest"),
    response: Some((NS, "payResponse")),
    moves_money: true,
};

const QUERY: SoapOperation = SoapOperation { name: "query", moves_money: false, ..PAY };

fn client(url: &str) -> SoapClient {
    let endpoint = Endpoint::plain_http_insecure(url).unwrap();
    let cfg = ClientConfig::new(endpoint, Some(BasicAuth::new("merchant", "s3cret-pw")))
        .with_retry(RetryPolicy { max_attempts: 3, backoff: std::time::Duration::from_millis(10) });
    SoapClient::new(cfg)
}

const OK_BODY: &str = r#"<r:payResponse xmlns:r="urn:test:pay"><r:code>00</r:code><r:id>42</r:id><r:amount currency="EUR">12.50</r:amount><r:tag>x</r:tag></r:payResponse>"#;

#[tokio::test]
async fn round_trip_with_headers() {
    let server = serve(vec![Action::Respond(200, envelope11(OK_BODY))]).await;
    let resp: PayResponse = client(&server.url).call(&PAY, &sample_request()).await.unwrap();
    assert_eq!(resp.code, "00");
    assert_eq!(resp.id, Some(42));
    assert_eq!(resp.amount.as_ref().unwrap().value.as_str(), "12.50");
    assert_eq!(resp.tags, vec!["x".to_owned()]);

    let rec = server.received.lock().unwrap().clone();
    assert_eq!(rec.len(), 1);
    assert_eq!(rec[0].header("SOAPAction").as_deref(), Some("\"urn:test:pay#pay\""));
    let expected_auth = BasicAuth::new("merchant", "s3cret-pw").header_value();
    assert_eq!(rec[0].header("Authorization"), Some(expected_auth));
    assert!(rec[0].header("Content-Type").unwrap().starts_with("text/xml"));
    let body = String::from_utf8(rec[0].body.clone()).unwrap();
    assert!(body.starts_with(r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:p="urn:test:pay"><soapenv:Body><p:payRequest>"#), "{body}");
    assert!(body.contains("<p:reference>R&amp;D &lt;1&gt;</p:reference>"), "{body}");
    assert!(body.contains(r#"<p:amount currency="EUR">12.50</p:amount>"#), "{body}");
    assert!(
        body.contains(r#"<p:note xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#),
        "{body}"
    );
}

#[tokio::test]
async fn fault_with_http_500() {
    let fault = r#"<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Card declined</faultstring><detail><e:code xmlns:e="urn:err">51</e:code></detail></soapenv:Fault>"#;
    let server = serve(vec![Action::Respond(500, envelope11(fault))]).await;
    let err = client(&server.url).call::<_, PayResponse>(&QUERY, &sample_request()).await.unwrap_err();
    match err {
        Error::Fault(f) => {
            assert_eq!(f.code, "soapenv:Server");
            assert_eq!(f.reason, "Card declined");
            assert!(f.detail.unwrap().0.contains("51"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn http_error_without_fault() {
    let server = serve(vec![Action::Respond(503, "<html><body>Service Unavailable</body></html>".into())]).await;
    let err = client(&server.url).call::<_, PayResponse>(&QUERY, &sample_request()).await.unwrap_err();
    match err {
        Error::Http { status, excerpt } => {
            assert_eq!(status, 503);
            assert!(excerpt.contains("Service Unavailable"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unexpected_body_element() {
    let server = serve(vec![Action::Respond(200, envelope11(r#"<r:other xmlns:r="urn:test:pay"/>"#))]).await;
    let err = client(&server.url).call::<_, PayResponse>(&QUERY, &sample_request()).await.unwrap_err();
    assert!(matches!(err, Error::UnexpectedBody { .. }), "{err:?}");
}

#[tokio::test]
async fn validation_error_sends_nothing_and_hides_value() {
    let server = serve(vec![]).await;
    let mut req = sample_request();
    req.card_number = "4111-1111".into();
    req.merchant = "a-very-long-merchant-name".into();
    let err = client(&server.url).call::<_, PayResponse>(&PAY, &req).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Validation(_)));
    assert!(!text.contains("4111-1111"), "{text}");
    assert!(!text.contains("a-very-long"), "{text}");
    assert!(text.contains("payRequest.merchant: 25 characters, more than maxLength 12"), "{text}");
    assert!(text.contains("payRequest.cardNumber: does not match the pattern"), "{text}");
    assert!(server.received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn reset_after_request_is_outcome_unknown_and_not_retried() {
    let server = serve(vec![Action::Reset, Action::Respond(200, envelope11(OK_BODY))]).await;
    let err = client(&server.url).call::<_, PayResponse>(&PAY, &sample_request()).await.unwrap_err();
    match &err {
        Error::OutcomeUnknown { operation, source } => {
            assert_eq!(*operation, "pay");
            assert!(source.request_may_have_been_sent());
        }
        other => panic!("{other:?}"),
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(server.received.lock().unwrap().len(), 1, "no second request");
}

#[tokio::test]
async fn reset_for_non_money_op_is_transport_error() {
    let server = serve(vec![Action::Reset]).await;
    let err = client(&server.url).call::<_, PayResponse>(&QUERY, &sample_request()).await.unwrap_err();
    match &err {
        Error::Transport(e) => assert!(e.request_may_have_been_sent()),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.received.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn connect_refused_is_retried_then_reported() {
    // Bind and drop to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let err = client(&format!("http://127.0.0.1:{port}/pay"))
        .call::<_, PayResponse>(&PAY, &sample_request())
        .await
        .unwrap_err();
    match &err {
        Error::Transport(TransportError::Connect(_)) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn body_limit_enforced_while_streaming() {
    let total = 64 * 1024 * 1024;
    let server = serve(vec![Action::Stream { total }]).await;
    let limits = Limits { max_response_bytes: 64 * 1024, ..Limits::default() };
    let endpoint = Endpoint::plain_http_insecure(&server.url).unwrap();
    let c = SoapClient::new(ClientConfig::new(endpoint, None).with_limits(limits));
    let err = c.call::<_, PayResponse>(&QUERY, &sample_request()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(TransportError::BodyTooLarge { limit: 65536 })), "{err:?}");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let streamed = *server.streamed.lock().unwrap();
    assert!(streamed < total, "client stopped reading early ({streamed} bytes streamed)");
}

#[tokio::test]
async fn huge_content_length_rejected_early() {
    let server = serve(vec![Action::HugeLength]).await;
    let limits = Limits { max_response_bytes: 1024, ..Limits::default() };
    let endpoint = Endpoint::plain_http_insecure(&server.url).unwrap();
    let c = SoapClient::new(ClientConfig::new(endpoint, None).with_limits(limits));
    let err = c.call::<_, PayResponse>(&PAY, &sample_request()).await.unwrap_err();
    // The request was processed: for a money-moving operation this is an unknown outcome.
    match err {
        Error::OutcomeUnknown { source: TransportError::BodyTooLarge { limit: 1024 }, .. } => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn outcome_classification() {
    let warn = OK_BODY.replace(">00<", ">W1<");
    let bad = OK_BODY.replace(">00<", ">05<");
    let server = serve(vec![
        Action::Respond(200, envelope11(OK_BODY)),
        Action::Respond(200, envelope11(&warn)),
        Action::Respond(200, envelope11(&bad)),
    ])
    .await;
    let c = client(&server.url);
    const RULE: OutcomeRule = OutcomeRule { success: &["00"], warning: &["W1"] };
    let o = c.call_with_outcome::<_, PayResponse>(&PAY, &sample_request(), &RULE).await.unwrap();
    assert!(o.is_success());
    let o = c.call_with_outcome::<_, PayResponse>(&PAY, &sample_request(), &RULE).await.unwrap();
    assert_eq!(o.warning(), Some("W1"));
    assert_eq!(o.response().id, Some(42));
    let e = c.call_with_outcome::<_, PayResponse>(&PAY, &sample_request(), &RULE).await.unwrap_err();
    match e {
        Error::Rejected(r) => {
            assert_eq!(r.code, "05");
            assert_eq!(r.message, "code 05");
            assert_eq!(r.response::<PayResponse>().unwrap().id, Some(42));
            assert!(r.response::<String>().is_none());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn strict_mode_rejects_deviations() {
    let body = r#"<r:payResponse xmlns:r="urn:test:pay"><r:code>00</r:code><r:extra/></r:payResponse>"#;
    let server = serve(vec![Action::Respond(200, envelope11(body)), Action::Respond(200, envelope11(body))]).await;
    let lenient: PayResponse = client(&server.url).call(&QUERY, &sample_request()).await.unwrap();
    assert_eq!(lenient.code, "00");
    let endpoint = Endpoint::plain_http_insecure(&server.url).unwrap();
    let strict = SoapClient::new(ClientConfig::new(endpoint, None).strict(true));
    let err = strict.call::<_, PayResponse>(&QUERY, &sample_request()).await.unwrap_err();
    match err {
        Error::Deviations(d) => assert_eq!(d[0].detail, "unexpected element {urn:test:pay}extra"),
        other => panic!("{other:?}"),
    }
}
