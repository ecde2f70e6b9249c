//! SOAP envelopes, faults, version handling; secrets never shown.

mod common;

use common::*;
use runtime::auth::{BasicAuth, Secret};
use runtime::client::{ClientConfig, Error, SoapOperation, parse_response, serialize_request};
use runtime::endpoint::{Endpoint, EndpointError};
use runtime::soap::{SoapError, SoapVersion, read_envelope, write_envelope};
use runtime::xml::ReadOptions;

const FAULT11: &str = r#"<?xml version="1.0"?>
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v="urn:vendor">
  <S:Header><v:trace>1</v:trace></S:Header>
  <S:Body>
    <S:Fault>
      <faultcode>v:Client.Card</faultcode>
      <faultstring xml:lang="en">Invalid card</faultstring>
      <faultactor>urn:gateway</faultactor>
      <detail><v:error><v:code>14</v:code></v:error></detail>
    </S:Fault>
  </S:Body>
</S:Envelope>"#;

const FAULT12: &str = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:m="urn:m">
 <env:Body><env:Fault>
  <env:Code><env:Value>env:Sender</env:Value>
    <env:Subcode><env:Value>m:Auth</env:Value><env:Subcode><env:Value>m:Expired</env:Value></env:Subcode></env:Subcode>
  </env:Code>
  <env:Reason><env:Text xml:lang="en">Token expired</env:Text><env:Text xml:lang="de">Abgelaufen</env:Text></env:Reason>
  <env:Node>urn:node</env:Node><env:Role>urn:role</env:Role>
  <env:Detail><m:info>x</m:info></env:Detail>
 </env:Fault></env:Body></env:Envelope>"#;

#[test]
fn soap11_fault() {
    let err = read_envelope(FAULT11.as_bytes(), SoapVersion::V11, ReadOptions::default()).unwrap_err();
    let SoapError::Fault(f) = err else { panic!("{err:?}") };
    assert_eq!(f.version, SoapVersion::V11);
    assert_eq!(f.code, "v:Client.Card");
    assert_eq!(f.code_ns.as_deref(), Some("urn:vendor"));
    assert_eq!(f.code_local(), "Client.Card");
    assert_eq!(f.reason, "Invalid card");
    assert_eq!(f.actor.as_deref(), Some("urn:gateway"));
    let detail = f.detail.as_ref().unwrap().0.as_str();
    assert!(
        detail.starts_with(r#"<v:error xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v="urn:vendor">"#),
        "{detail}"
    );
    assert_eq!(f.to_string(), "SOAP 1.1 fault v:Client.Card: Invalid card");
}

#[test]
fn soap12_fault_with_subcodes() {
    let err = read_envelope(FAULT12.as_bytes(), SoapVersion::V12, ReadOptions::default()).unwrap_err();
    let SoapError::Fault(f) = err else { panic!("{err:?}") };
    assert_eq!(f.code, "env:Sender");
    assert_eq!(f.code_ns.as_deref(), Some("http://www.w3.org/2003/05/soap-envelope"));
    assert_eq!(f.subcodes, ["m:Auth", "m:Expired"]);
    assert_eq!(f.reason, "Token expired");
    assert_eq!(f.node.as_deref(), Some("urn:node"));
    assert_eq!(f.role.as_deref(), Some("urn:role"));
    assert!(f.detail.unwrap().0.contains("<m:info xmlns:env="));
}

#[test]
fn version_mismatch_both_ways() {
    let e = read_envelope(FAULT11.as_bytes(), SoapVersion::V12, ReadOptions::default()).unwrap_err();
    assert_eq!(e, SoapError::VersionMismatch { expected: SoapVersion::V12, found: SoapVersion::V11 });
    assert_eq!(e.to_string(), "expected a SOAP 1.2 envelope but got a SOAP 1.1 envelope");
    let e = read_envelope(FAULT12.as_bytes(), SoapVersion::V11, ReadOptions::default()).unwrap_err();
    assert_eq!(e, SoapError::VersionMismatch { expected: SoapVersion::V11, found: SoapVersion::V12 });
}

#[test]
fn not_soap_missing_and_empty_body() {
    let html = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>";
    match read_envelope(html.as_bytes(), SoapVersion::V11, ReadOptions::default()).unwrap_err() {
        SoapError::NotSoap { excerpt, .. } => assert!(excerpt.contains("502 Bad Gateway")),
        other => panic!("{other:?}"),
    }
    match read_envelope(b"<html><body>oops</body></html>", SoapVersion::V11, ReadOptions::default()).unwrap_err() {
        SoapError::NotSoap { reason, .. } => assert!(reason.contains("html")),
        other => panic!("{other:?}"),
    }
    let long = "x".repeat(1000);
    match read_envelope(long.as_bytes(), SoapVersion::V11, ReadOptions::default()).unwrap_err() {
        SoapError::NotSoap { excerpt, .. } => assert_eq!(excerpt.len(), 200),
        other => panic!("{other:?}"),
    }
    let no_body = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/></s:Envelope>"#;
    assert_eq!(
        read_envelope(no_body.as_bytes(), SoapVersion::V11, ReadOptions::default()).unwrap_err(),
        SoapError::MissingBody
    );
    let empty = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body> </s:Body></s:Envelope>"#;
    assert_eq!(
        read_envelope(empty.as_bytes(), SoapVersion::V11, ReadOptions::default()).unwrap_err(),
        SoapError::EmptyBody
    );
}

#[test]
fn write_envelope_headers_only_when_written() {
    let without = write_envelope(SoapVersion::V12, &[("a", "urn:a")], |_| {}, |w| w.element("urn:a", "x", "1"));
    assert_eq!(
        String::from_utf8(without).unwrap(),
        r#"<soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope" xmlns:a="urn:a"><soap12:Body><a:x>1</a:x></soap12:Body></soap12:Envelope>"#
    );
    let with =
        write_envelope(SoapVersion::V11, &[], |w| w.element("urn:h", "token", "t"), |w| w.element("urn:a", "x", "1"));
    assert_eq!(
        String::from_utf8(with).unwrap(),
        r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><ns0:token xmlns:ns0="urn:h">t</ns0:token></soapenv:Header><soapenv:Body><ns1:x xmlns:ns1="urn:a">1</ns1:x></soapenv:Body></soapenv:Envelope>"#
    );
    assert_eq!(SoapVersion::V11.content_type("x"), "text/xml; charset=utf-8");
    assert_eq!(SoapVersion::V12.content_type("urn:do"), "application/soap+xml; charset=utf-8; action=\"urn:do\"");
    assert_eq!(SoapVersion::V12.content_type(""), "application/soap+xml; charset=utf-8");
}

#[test]
fn serialize_then_parse_round_trip() {
    const OP: SoapOperation = SoapOperation {
        name: "pay",
        action: "",
        version: SoapVersion::V12,
        namespaces: &[("p", NS)],
        request: (NS, "payRequest"),
        response: Some((NS, "payResponse")),
        moves_money: true,
    };
    let bytes = serialize_request(&OP, &sample_request());
    let (mut r, el) = read_envelope(&bytes, SoapVersion::V12, ReadOptions::strict()).unwrap();
    assert!(el.is(NS, "payRequest"));
    r.skip(&el).unwrap();
    assert!(r.finish().unwrap().is_empty());

    let resp = r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><payResponse xmlns="urn:test:pay"><code>00</code></payResponse><extra/></e:Body></e:Envelope>"#;
    let (v, dev): (PayResponse, _) =
        parse_response(resp.as_bytes(), SoapVersion::V12, (NS, "payResponse"), ReadOptions::default()).unwrap();
    assert_eq!(v.code, "00");
    assert_eq!(dev.len(), 1, "the extra Body child is reported");
    let err = parse_response::<PayResponse>(resp.as_bytes(), SoapVersion::V12, (NS, "other"), ReadOptions::default())
        .unwrap_err();
    assert!(matches!(err, Error::UnexpectedBody { .. }));
}

#[test]
fn secrets_never_shown() {
    let s = Secret::from("hunter2");
    assert_eq!(format!("{s:?}"), "Secret(***)");
    assert_eq!(format!("{s}"), "***");
    assert_eq!(s.expose(), "hunter2");
    let auth = BasicAuth::new("user", "hunter2");
    assert!(!format!("{auth:?}").contains("hunter2"));
    assert_eq!(auth.header_value(), "Basic dXNlcjpodW50ZXIy");
    let cfg = ClientConfig::new(Endpoint::https("https://pay.example/ws").unwrap(), Some(auth));
    let dbg = format!("{cfg:?}");
    assert!(!dbg.contains("hunter2") && !dbg.contains("dXNlcjpodW50ZXIy"), "{dbg}");
    assert!(dbg.contains("user"));
}

#[test]
fn endpoints() {
    assert!(Endpoint::https("https://pay.example/ws").is_ok());
    assert_eq!(Endpoint::https("http://pay.example/ws").unwrap_err(), EndpointError::NotHttps);
    assert!(Endpoint::https("ftp://x").is_err());
    assert!(Endpoint::https("https://").is_err());
    let e = Endpoint::plain_http_insecure("http://127.0.0.1:8080/x").unwrap();
    assert!(e.is_insecure());
    assert_eq!(e.url(), "http://127.0.0.1:8080/x");
    assert!(Endpoint::plain_http_insecure("file:///etc/passwd").is_err());
}

#[test]
fn latin1_and_utf16_responses() {
    let text = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body><payResponse xmlns=\"urn:test:pay\"><code>00</code><tag>Caf\u{e9}</tag></payResponse></e:Body></e:Envelope>";
    let latin1: Vec<u8> = text.chars().map(|c| c as u8).collect();
    let (v, _): (PayResponse, _) =
        parse_response(&latin1, SoapVersion::V12, (NS, "payResponse"), ReadOptions::strict()).unwrap();
    assert_eq!(v.tags, ["Café"]);
    let cp1252 = text.replace("ISO-8859-1", "windows-1252").replace('\u{e9}', "\u{80}");
    let bytes: Vec<u8> = cp1252.chars().map(|c| c as u8).collect();
    let (v, _): (PayResponse, _) =
        parse_response(&bytes, SoapVersion::V12, (NS, "payResponse"), ReadOptions::strict()).unwrap();
    assert_eq!(v.tags, ["Caf\u{20ac}"]);
    // Declared Latin-1 whose bytes are also valid UTF-8: the declaration decides ("Ã©", not "é").
    let mojibake = text.replace('\u{e9}', "\u{c3}\u{a9}");
    let bytes: Vec<u8> = mojibake.chars().map(|c| c as u8).collect();
    assert!(std::str::from_utf8(&bytes).is_ok());
    let (v, _): (PayResponse, _) =
        parse_response(&bytes, SoapVersion::V12, (NS, "payResponse"), ReadOptions::strict()).unwrap();
    assert_eq!(v.tags, ["Caf\u{c3}\u{a9}"]);
    let utf16 = text.replace("ISO-8859-1", "UTF-16");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(utf16.encode_utf16().flat_map(u16::to_le_bytes));
    let (v, _): (PayResponse, _) =
        parse_response(&bytes, SoapVersion::V12, (NS, "payResponse"), ReadOptions::strict()).unwrap();
    assert_eq!(v.tags, ["Café"]);
}

#[test]
fn http_messages_debug_redacted() {
    use runtime::http::{HttpRequest, Method};
    let req = HttpRequest {
        url: "https://x/ws".into(),
        method: Method::Post,
        headers: vec![
            ("Authorization".into(), "Basic dXNlcjpodW50ZXIy".into()),
            ("X-Api-Key".into(), "k-123".into()),
            ("SOAPAction".into(), "\"a\"".into()),
        ],
        body: b"<cardNumber>4111111111111111</cardNumber>".to_vec(),
    };
    let dbg = format!("{req:?}");
    for secret in ["dXNlcjpodW50ZXIy", "k-123", "4111"] {
        assert!(!dbg.contains(secret), "{dbg}");
    }
    assert!(dbg.contains("SOAPAction"));
}
