//! One-way calls and calls with typed SOAP headers, through `SoapClient` against a loopback server.

mod common;

use common::*;
use runtime::client::{ClientConfig, Error, RetryPolicy, SoapClient, SoapOperation};
use runtime::endpoint::Endpoint;
use runtime::soap::SoapVersion;
use runtime::validate::{Validate, Validator};
use runtime::xml::{ToXml, XmlWriter};

const NOTIFY: SoapOperation = SoapOperation {
    name: "notify",
    action: "urn:test:pay#notify",
    version: SoapVersion::V11,
    namespaces: &[("p", NS)],
    request: (NS, "payRequest"),
    response: None,
    moves_money: false,
};

const PAY: SoapOperation = SoapOperation { name: "pay", response: Some((NS, "payResponse")), ..NOTIFY };

fn client(url: &str) -> SoapClient {
    let endpoint = Endpoint::plain_http_insecure(url).unwrap();
    SoapClient::new(ClientConfig::new(endpoint, None).with_retry(RetryPolicy::none()))
}

/// Two header elements, as a generated header struct writes them.
struct Headers {
    user: String,
}

impl ToXml for Headers {
    fn write_content(&self, w: &mut XmlWriter) {
        w.required("urn:test:auth", "user", &self.user);
        w.required("urn:test:auth", "token", &"t-1".to_owned());
    }
}

impl Validate for Headers {
    fn validate(&self, v: &mut Validator) {
        const NON_EMPTY: runtime::validate::Facets =
            runtime::validate::Facets { min_length: Some(1), ..runtime::validate::Facets::NONE };
        v.simple("user", &self.user, &NON_EMPTY);
    }
}

#[tokio::test]
async fn one_way_accepts_202_without_body() {
    let server = serve(vec![Action::Respond(202, String::new())]).await;
    client(&server.url).call_one_way(&NOTIFY, &sample_request()).await.unwrap();
    let rec = server.received.lock().unwrap().clone();
    assert_eq!(rec.len(), 1);
    let body = String::from_utf8(rec[0].body.clone()).unwrap();
    assert!(body.contains("<soapenv:Body><p:payRequest>"), "{body}");
}

#[tokio::test]
async fn one_way_reports_a_fault() {
    let fault = envelope11(
        r#"<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>down</faultstring></soapenv:Fault>"#,
    );
    let server = serve(vec![Action::Respond(500, fault)]).await;
    let err = client(&server.url).call_one_way(&NOTIFY, &sample_request()).await.unwrap_err();
    assert!(matches!(err, Error::Fault(ref f) if f.reason.contains("down")), "{err:?}");
}

#[tokio::test]
async fn headers_go_in_the_soap_header() {
    let ok = r#"<r:payResponse xmlns:r="urn:test:pay"><r:code>00</r:code></r:payResponse>"#;
    let server = serve(vec![Action::Respond(200, envelope11(ok))]).await;
    let headers = Headers { user: "merchant".into() };
    let resp: PayResponse = client(&server.url).call_with_headers(&PAY, &headers, &sample_request()).await.unwrap();
    assert_eq!(resp.code, "00");
    let rec = server.received.lock().unwrap().clone();
    let body = String::from_utf8(rec[0].body.clone()).unwrap();
    let header = body.split("<soapenv:Header>").nth(1).and_then(|h| h.split("</soapenv:Header>").next());
    let header = header.unwrap_or_else(|| panic!("no Header in {body}"));
    assert!(header.contains(">merchant</") && header.contains(">t-1</"), "{header}");
    assert!(body.contains("<soapenv:Body><p:payRequest>"), "{body}");
}

#[tokio::test]
async fn invalid_headers_send_nothing() {
    let server = serve(vec![]).await;
    let headers = Headers { user: String::new() };
    let err = client(&server.url).call_with_headers::<_, _, PayResponse>(&PAY, &headers, &sample_request()).await;
    assert!(matches!(err, Err(Error::Validation(_))), "{err:?}");
    assert!(server.received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_declared_fault_is_read_from_the_detail() {
    let fault = envelope11(
        r#"<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>refused</faultstring><detail><x:other xmlns:x="urn:x"/><f:payResponse xmlns:f="urn:test:pay"><f:code>17</f:code></f:payResponse></detail></soapenv:Fault>"#,
    );
    let server = serve(vec![Action::Respond(500, fault)]).await;
    let err = client(&server.url).call::<_, PayResponse>(&PAY, &sample_request()).await.unwrap_err();
    let Error::Fault(f) = &err else { panic!("{err:?}") };
    let typed: PayResponse = runtime::client::fault_detail(f, NS, "payResponse").expect("typed detail");
    assert_eq!(typed.code, "17");
    assert!(runtime::client::fault_detail::<PayResponse>(f, NS, "absent").is_none());
}
