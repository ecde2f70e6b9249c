//! Hostile responses, each from a real server on 127.0.0.1 (raw tokio sockets), through the
//! generated Payline client (SOAP 1.1) or, for SOAP 1.2, `SoapClient` with a small hand-written
//! operation. Every one ends in a typed error: no panic, no stack overflow, memory bounded.
//!
//! The complete list: truncated body (connection closed early, and truncated XML); not XML (an HTML
//! 502 page, and HTML with 200); SOAP 1.2 where 1.1 was expected and the reverse; missing and empty
//! Body; SOAP 1.1 and 1.2 faults with detail; unknown extra elements (accepted by default, reported
//! in strict mode); nesting 100,000 levels deep; a DTD with an entity-expansion bomb; an external
//! entity (nothing fetched); a body larger than the limit (streamed: refused early) and a huge
//! Content-Length; a server that never answers (timeout); a connection reset; binary garbage.

mod support;

use std::sync::atomic::Ordering;
use std::time::Duration;

use generated::payline::*;
use runtime::auth::BasicAuth;
use runtime::client::{ClientConfig, Error, RetryPolicy, SoapClient};
use runtime::endpoint::Endpoint;
use runtime::http::{Limits, TransportError};
use runtime::soap::{SoapError, SoapVersion};
use runtime::xml::XmlError;
use support::*;

fn config(url: &str) -> ClientConfig {
    let endpoint = Endpoint::plain_http_insecure(url).expect("loopback URL");
    ClientConfig::new(endpoint, Some(BasicAuth::new("123456789", "access-key-hostile"))).with_retry(RetryPolicy::none())
}

fn payline(url: &str) -> PaylineClient {
    PaylineClient::with_config(config(url))
}

async fn get_wallet(reply: Reply) -> (Error, Server) {
    let server = Server::start(vec![reply]).await;
    let err = payline(&server.url)
        .get_wallet(&GetWalletRequest::new("34", "CB", "wallet-1"))
        .await
        .expect_err("a hostile response is an error");
    (err, server)
}

async fn ping12(reply: Reply) -> Error {
    let server = Server::start(vec![reply]).await;
    SoapClient::new(config(&server.url))
        .call::<_, Pong>(&PING12, &Ping { text: "hi".into() })
        .await
        .expect_err("a hostile response is an error")
}

#[tokio::test]
async fn the_scripted_server_answers_a_normal_call() {
    let server = Server::start(vec![Reply::xml(200, get_wallet_response(""))]).await;
    let outcome = payline(&server.url).get_wallet(&GetWalletRequest::new("34", "CB", "wallet-1")).await;
    assert!(outcome.expect("call succeeds").is_success());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn truncated_body_connection_closed_before_content_length() {
    let full = get_wallet_response("");
    let (err, _server) =
        get_wallet(Reply::Truncated { declared: full.len(), body: full.as_bytes()[..120].to_vec() }).await;
    match &err {
        Error::Transport(e) => assert!(e.request_may_have_been_sent(), "{e:?}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn truncated_xml_document() {
    let full = get_wallet_response("");
    let cut = full[..full.len() - 60].to_string();
    let (err, _server) = get_wallet(Reply::xml(200, cut)).await;
    assert!(matches!(err, Error::Xml(XmlError::Eof | XmlError::Syntax { .. })), "{err:?}");
}

#[tokio::test]
async fn html_502_page() {
    let html =
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
    let (err, _server) =
        get_wallet(Reply::Respond { status: 502, content_type: "text/html", body: html.as_bytes().to_vec() }).await;
    match &err {
        Error::Http { status: 502, excerpt } => assert!(excerpt.contains("Bad Gateway"), "{excerpt}"),
        other => panic!("expected HTTP 502, got {other:?}"),
    }
}

#[tokio::test]
async fn html_page_with_status_200() {
    let html = "<html><body><h1>Maintenance</h1><br></body></html>";
    let (err, _server) =
        get_wallet(Reply::Respond { status: 200, content_type: "text/html", body: html.as_bytes().to_vec() }).await;
    assert!(matches!(err, Error::Envelope(SoapError::NotSoap { .. })), "{err:?}");
}

#[tokio::test]
async fn soap12_envelope_where_11_was_expected() {
    let body = get_wallet_response("").replace(SOAP11, SOAP12);
    let (err, _server) = get_wallet(Reply::xml(200, body)).await;
    let expected = SoapError::VersionMismatch { expected: SoapVersion::V11, found: SoapVersion::V12 };
    assert!(matches!(&err, Error::Envelope(e) if *e == expected), "{err:?}");
}

#[tokio::test]
async fn soap11_envelope_where_12_was_expected() {
    let err = ping12(Reply::xml(200, envelope11(&format!(r#"<p:pong xmlns:p="{PING_NS}"/>"#)))).await;
    let expected = SoapError::VersionMismatch { expected: SoapVersion::V12, found: SoapVersion::V11 };
    assert!(matches!(&err, Error::Envelope(e) if *e == expected), "{err:?}");
}

#[tokio::test]
async fn missing_and_empty_body() {
    let no_body = format!(r#"<soapenv:Envelope xmlns:soapenv="{SOAP11}"><soapenv:Header/></soapenv:Envelope>"#);
    let (err, _server) = get_wallet(Reply::xml(200, no_body)).await;
    assert!(matches!(err, Error::Envelope(SoapError::MissingBody)), "{err:?}");
    let (err, _server) = get_wallet(Reply::xml(200, envelope11(""))).await;
    assert!(matches!(err, Error::Envelope(SoapError::EmptyBody)), "{err:?}");
}

#[tokio::test]
async fn soap11_fault_with_detail() {
    let fault = envelope11(&format!(
        r#"<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Internal error</faultstring><faultactor>urn:payline</faultactor><detail><impl:reason xmlns:impl="{IMPL}">database unavailable</impl:reason></detail></soapenv:Fault>"#
    ));
    let (err, _server) = get_wallet(Reply::xml(500, fault)).await;
    let Error::Fault(f) = &err else { panic!("expected a fault, got {err:?}") };
    assert_eq!((f.version, f.code_local(), f.reason.as_str()), (SoapVersion::V11, "Server", "Internal error"));
    assert_eq!(f.code_ns.as_deref(), Some(SOAP11));
    assert_eq!(f.actor.as_deref(), Some("urn:payline"));
    assert!(f.detail.as_ref().is_some_and(|d| d.0.contains("database unavailable")), "{f:?}");
}

#[tokio::test]
async fn soap12_fault_with_subcode_and_detail() {
    let fault = envelope12(
        r#"<env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value xmlns:e="urn:err">e:BadSignature</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">signature mismatch</env:Text></env:Reason><env:Detail><e:info xmlns:e="urn:err">expected sha1</e:info></env:Detail></env:Fault>"#,
    );
    let err =
        ping12(Reply::Respond { status: 500, content_type: "application/soap+xml", body: fault.into_bytes() }).await;
    let Error::Fault(f) = &err else { panic!("expected a fault, got {err:?}") };
    assert_eq!((f.version, f.code_local(), f.reason.as_str()), (SoapVersion::V12, "Sender", "signature mismatch"));
    assert_eq!(f.subcodes, ["e:BadSignature"]);
    assert!(f.detail.as_ref().is_some_and(|d| d.0.contains("expected sha1")), "{f:?}");
}

#[tokio::test]
async fn unknown_extra_elements_accepted_by_default_reported_in_strict_mode() {
    let extra = r#"<impl:surprise><obj:deep>1</obj:deep></impl:surprise><other:x xmlns:other="urn:other"/>"#;
    let server =
        Server::start(vec![Reply::xml(200, get_wallet_response(extra)), Reply::xml(200, get_wallet_response(extra))])
            .await;
    let request = GetWalletRequest::new("34", "CB", "wallet-1");
    let lenient = payline(&server.url).get_wallet(&request).await.expect("lenient by default");
    assert!(lenient.is_success());
    let strict = PaylineClient::with_config(config(&server.url).strict(true));
    let err = strict.get_wallet(&request).await.expect_err("strict mode reports deviations");
    let Error::Deviations(d) = &err else { panic!("expected deviations, got {err:?}") };
    let text = err.to_string();
    let unexpected: Vec<_> = d.iter().filter(|d| d.detail.starts_with("unexpected element")).collect();
    assert_eq!(unexpected.len(), 2, "{text}");
    assert_eq!(unexpected[0].path, "/Envelope/Body/getWalletResponse/surprise", "{text}");
    assert_eq!(unexpected[1].detail, "unexpected element {urn:other}x", "{text}");
}

#[tokio::test]
async fn nesting_100000_levels_deep() {
    let depth = 100_000;
    let nested = format!("{}{}", "<impl:x>".repeat(depth), "</impl:x>".repeat(depth));
    let (err, _server) = get_wallet(Reply::xml(200, get_wallet_response(&nested))).await;
    assert!(matches!(err, Error::Xml(XmlError::Depth { .. })), "{err:?}");
    // Outside the response element too (the envelope reader).
    let body = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let (err, _server) = get_wallet(Reply::xml(200, envelope11(&body))).await;
    assert!(matches!(err, Error::Xml(XmlError::Depth { .. }) | Error::UnexpectedBody { .. }), "{err:?}");
}

#[tokio::test]
async fn dtd_with_entity_expansion_bomb_is_refused() {
    let mut dtd = String::from(r#"<!ENTITY e0 "lollollollollollollollollollol">"#);
    for i in 1..10 {
        let prev = format!("&e{};", i - 1).repeat(10);
        dtd.push_str(&format!(r#"<!ENTITY e{i} "{prev}">"#));
    }
    let body = get_wallet_response("<impl:privateDataList>&e9;</impl:privateDataList>").replacen(
        "<soapenv:Envelope",
        &format!("<!DOCTYPE soapenv:Envelope [{dtd}]><soapenv:Envelope"),
        1,
    );
    let (err, _server) = get_wallet(Reply::xml(200, body)).await;
    let Error::Envelope(SoapError::NotSoap { reason, .. }) = &err else { panic!("expected a refusal, got {err:?}") };
    assert!(reason.contains("DOCTYPE"), "{reason}");
}

#[tokio::test]
async fn external_entity_is_refused_and_nothing_is_fetched() {
    let bait = Server::start(vec![Reply::xml(200, "secret")]).await;
    let base = bait.url.trim_end_matches("/service");
    let body = get_wallet_response("<impl:privateDataList>&xxe;</impl:privateDataList>").replacen(
        "<soapenv:Envelope",
        &format!(r#"<!DOCTYPE soapenv:Envelope SYSTEM "{base}/evil.dtd" [<!ENTITY xxe SYSTEM "{base}/secret">]><soapenv:Envelope"#),
        1,
    );
    let (err, server) = get_wallet(Reply::xml(200, body)).await;
    assert!(matches!(err, Error::Envelope(SoapError::NotSoap { .. })), "{err:?}");
    assert_eq!(server.requests(), 1);
    // Parsing happens before the call returns: anything fetched would have connected by now.
    assert_eq!(bait.connections(), 0, "the external entity or DTD was fetched");
}

#[tokio::test]
async fn body_larger_than_the_limit_is_refused_while_streaming() {
    let total = 256 * 1024 * 1024;
    let server = Server::start(vec![Reply::Stream { total }]).await;
    let limits = Limits { max_response_bytes: 64 * 1024, ..Limits::default() };
    let client = PaylineClient::with_config(config(&server.url).with_limits(limits));
    let err = client.get_wallet(&GetWalletRequest::new("34", "CB", "wallet-1")).await.expect_err("too large");
    assert!(matches!(err, Error::Transport(TransportError::BodyTooLarge { limit: 65536 })), "{err:?}");
    drop(client);
    server.stream_ended().await;
    let written = server.stream.written.load(Ordering::SeqCst);
    assert!(!server.stream.completed.load(Ordering::SeqCst), "the server could write all {total} bytes");
    assert!(written < total / 4, "the client kept reading: {written} bytes written");
}

#[tokio::test]
async fn huge_content_length_is_refused_before_reading() {
    let server = Server::start(vec![Reply::HugeLength]).await;
    let limits = Limits { max_response_bytes: 1024 * 1024, ..Limits::default() };
    let client = PaylineClient::with_config(config(&server.url).with_limits(limits));
    let err = client.get_wallet(&GetWalletRequest::new("34", "CB", "wallet-1")).await.expect_err("too large");
    assert!(matches!(err, Error::Transport(TransportError::BodyTooLarge { .. })), "{err:?}");
}

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let server = Server::start(vec![Reply::Silent]).await;
    let limits = Limits { timeout: Duration::from_millis(300), ..Limits::default() };
    let client = PaylineClient::with_config(config(&server.url).with_limits(limits));
    let err = client.get_wallet(&GetWalletRequest::new("34", "CB", "wallet-1")).await.expect_err("timeout");
    assert!(matches!(err, Error::Transport(TransportError::Timeout { sent: true })), "{err:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn connection_reset() {
    let (err, server) = get_wallet(Reply::Reset).await;
    match &err {
        Error::Transport(e) => assert!(e.request_may_have_been_sent(), "{e:?}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(server.requests(), 1, "a query is not retried after it may have been sent");
}

#[tokio::test]
async fn binary_garbage() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let (err, _server) = get_wallet(Reply::Respond { status: 200, content_type: "text/xml", body: garbage }).await;
    assert!(matches!(err, Error::Envelope(SoapError::NotSoap { .. }) | Error::Xml(_)), "{err:?}");
}
