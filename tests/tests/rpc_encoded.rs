//! rpc/encoded through the generated client (tests/fixtures/encoded, module `tests::encoded`)
//! against a raw HTTP server on 127.0.0.1 that answers as Apache Axis 1 does: each complex value
//! a multi-reference (`href="#id"` to a `multiRef` sibling of the body's root), arrays with
//! `soapenc:arrayType`, every value typed with `xsi:type`. The request must carry SOAP encoding
//! too: `encodingStyle` on the wrapper, `xsi:type` on each part, `arrayType` on arrays.

mod support;

use runtime::client::{ClientConfig, RetryPolicy};
use runtime::endpoint::Endpoint;
use runtime::xml::Decimal;
use support::*;
use tests::encoded::*;

const ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
const XSD: &str = "http://www.w3.org/2001/XMLSchema";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const CATALOG: &str = "urn:x-encoded:catalog";

fn client(url: &str, strict: bool) -> CatalogClient {
    let endpoint = Endpoint::plain_http_insecure(url).expect("loopback URL");
    CatalogClient::with_config(ClientConfig::new(endpoint, None).with_retry(RetryPolicy::none()).strict(strict))
}

fn decimal(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// Axis 1's answer to findItems: the array's items refer to multiRefs, one of which refers to
/// another (its tags), with the namespace declarations on the multiRefs.
const FIND_ITEMS_RESPONSE: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <ns1:findItemsResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:x-encoded:service">
   <findItemsReturn soapenc:arrayType="ns2:Item[2]" xsi:type="soapenc:Array" xmlns:ns2="urn:x-encoded:catalog" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
    <item href="#id0"/>
    <item href="#id1"/>
   </findItemsReturn>
  </ns1:findItemsResponse>
  <multiRef id="id0" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns3:Item" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns3="urn:x-encoded:catalog">
   <name xsi:type="xsd:string">Lampe de bureau</name>
   <price xsi:type="xsd:decimal">24.90</price>
   <tags href="#id2"/>
  </multiRef>
  <multiRef id="id1" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns4:Item" xmlns:ns4="urn:x-encoded:catalog" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
   <name xsi:type="xsd:string">Abat-jour &amp; pied</name>
   <price xsi:type="xsd:decimal">9.5</price>
   <tags xsi:type="soapenc:Array" xsi:nil="true"/>
  </multiRef>
  <multiRef id="id2" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" soapenc:arrayType="xsd:string[2]" xsi:type="soapenc:Array" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
   <item xsi:type="xsd:string">bureau</item>
   <item xsi:type="xsd:string">lumière</item>
  </multiRef>
 </soapenv:Body>
</soapenv:Envelope>"##;

fn expected_items() -> ArrayOfItem {
    let mut lamp = Item::new("Lampe de bureau", decimal("24.90"));
    let mut tags = ArrayOfString::new();
    tags.item = vec!["bureau".into(), "lumière".into()];
    lamp.tags = tags.into();
    let mut items = ArrayOfItem::new();
    items.item = vec![lamp, Item::new("Abat-jour & pied", decimal("9.5"))];
    items
}

#[tokio::test]
async fn multi_reference_answers_are_read_whole_even_in_strict_mode() {
    for strict in [false, true] {
        let server = Server::start(vec![Reply::xml(200, FIND_ITEMS_RESPONSE)]).await;
        let mut ids = ArrayOfInt::new();
        ids.item = vec![7, 42];
        let response = client(&server.url, strict)
            .find_items(&FindItems::new(ids, "lampe"))
            .await
            .unwrap_or_else(|e| panic!("strict={strict}: {e}"));
        assert_eq!(response.find_items_return, expected_items(), "strict={strict}");
    }
}

#[tokio::test]
async fn the_request_carries_soap_encoding() {
    let server = Server::start(vec![Reply::xml(200, FIND_ITEMS_RESPONSE)]).await;
    let mut ids = ArrayOfInt::new();
    ids.item = vec![7, 42];
    client(&server.url, false).find_items(&FindItems::new(ids, "lampe")).await.expect("call");
    let body = server.bodies.lock().expect("bodies")[0].clone();
    let doc = roxmltree::Document::parse(&body).expect("well-formed request");
    let wrapper = doc
        .descendants()
        .find(|n| n.has_tag_name(("urn:x-encoded:service", "findItems")))
        .unwrap_or_else(|| panic!("no wrapper in {body}"));
    assert_eq!(wrapper.attribute((SOAP11, "encodingStyle")), Some(ENC), "{body}");
    // A QName-valued attribute, resolved by the namespaces in scope where it stands.
    let resolved = |n: roxmltree::Node<'_, '_>, ns: &str, local: &str| {
        let v = n.attribute((ns, local)).unwrap_or_else(|| panic!("no {local} on {n:?} in {body}"));
        let (prefix, name) = v.split_once(':').unwrap_or(("", v));
        (n.lookup_namespace_uri(Some(prefix).filter(|p| !p.is_empty())).unwrap_or("").to_string(), name.to_string())
    };
    let part = |local: &str| wrapper.children().find(|c| c.has_tag_name(local)).expect("part");
    assert_eq!(resolved(part("ids"), XSI, "type"), (CATALOG.to_string(), "ArrayOfInt".to_string()));
    assert_eq!(resolved(part("ids"), ENC, "arrayType"), (XSD.to_string(), "int[2]".to_string()));
    assert_eq!(resolved(part("query"), XSI, "type"), (XSD.to_string(), "string".to_string()));
    let items: Vec<&str> = part("ids").children().filter(|c| c.is_element()).filter_map(|c| c.text()).collect();
    assert_eq!(items, ["7", "42"]);
}

/// Axis 1's answer to getItem: the return value itself is a multiRef, and so are its tags.
#[tokio::test]
async fn a_referred_return_value_with_a_referred_array_inside() {
    let response = r##"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>
      <ns1:getItemResponse xmlns:ns1="urn:x-encoded:service"><getItemReturn href="#a"/></ns1:getItemResponse>
      <multiRef xmlns:c="urn:x-encoded:catalog" id="a" xsi:type="c:Item"><name>Lampe</name><price>1.10</price><tags href="#b"/></multiRef>
      <multiRef xmlns:e="http://schemas.xmlsoap.org/soap/encoding/" id="b" e:arrayType="xsd:string[1]"><item>x</item></multiRef>
    </soapenv:Body></soapenv:Envelope>"##;
    let server = Server::start(vec![Reply::xml(200, response)]).await;
    let got = client(&server.url, true).get_item(&GetItem::new(7)).await.expect("strict read");
    let mut tags = ArrayOfString::new();
    tags.item = vec!["x".into()];
    let mut want = Item::new("Lampe", decimal("1.10"));
    want.tags = tags.into();
    assert_eq!(got.get_item_return, want);
}

/// A sibling that nothing refers to stays what it was: unexpected (an error in strict mode).
#[tokio::test]
async fn an_unreferred_sibling_is_still_unexpected() {
    let response = r##"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>
      <s:getItemResponse xmlns:s="urn:x-encoded:service"><getItemReturn><name>n</name><price>1</price><tags/></getItemReturn></s:getItemResponse>
      <multiRef id="lonely"><name>x</name></multiRef>
    </e:Body></e:Envelope>"##;
    let server = Server::start(vec![Reply::xml(200, response), Reply::xml(200, response)]).await;
    let lenient = client(&server.url, false).get_item(&GetItem::new(7)).await.expect("lenient read");
    assert_eq!(lenient.get_item_return.name, "n");
    let strict = client(&server.url, true).get_item(&GetItem::new(7)).await;
    assert!(matches!(strict, Err(runtime::client::Error::Deviations(_))), "{strict:?}");
}

/// References to values of references multiply like an entity-expansion bomb: refused while
/// inlining, with a typed error.
#[tokio::test]
async fn references_that_multiply_are_an_error() {
    let mut body = String::from(
        r##"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><s:getItemResponse xmlns:s="urn:x-encoded:service"><getItemReturn href="#l0"/></s:getItemResponse>"##,
    );
    for level in 0..12 {
        body.push_str(&format!("<multiRef id=\"l{level}\"><name>n</name><price>1</price><tags>"));
        for _ in 0..10 {
            body.push_str(&format!("<item href=\"#l{}\"/>", level + 1));
        }
        body.push_str("</tags></multiRef>");
    }
    body.push_str(r#"<multiRef id="l12">boom</multiRef></e:Body></e:Envelope>"#);
    let server = Server::start(vec![Reply::xml(200, body)]).await;
    let err = client(&server.url, false).get_item(&GetItem::new(7)).await.expect_err("refused");
    assert!(matches!(err, runtime::client::Error::Xml(runtime::xml::XmlError::Expansion { .. })), "{err:?}");
}

/// SOAP encoding does not name array members: `<string>`, `<soapenc:string>` and `<item>` are all
/// items, read in order (strict mode included).
#[tokio::test]
async fn array_members_are_items_whatever_their_name() {
    let response = r##"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>
      <s:getItemResponse xmlns:s="urn:x-encoded:service"><getItemReturn><name>n</name><price>1</price>
        <tags xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/" enc:arrayType="xsd:string[3]" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
          <string>a</string><enc:string>b</enc:string><item>c</item></tags></getItemReturn></s:getItemResponse>
    </e:Body></e:Envelope>"##;
    let server = Server::start(vec![Reply::xml(200, response)]).await;
    let got = client(&server.url, true).get_item(&GetItem::new(7)).await.expect("strict read");
    let tags = got.get_item_return.tags.into_option().expect("tags");
    assert_eq!(tags.item, ["a", "b", "c"]);
}
