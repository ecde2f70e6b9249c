//! The renderer on operations that are not "one complex element each way": rpc/literal and
//! rpc/encoded (SOAP-encoded arrays), simple-typed body elements, one-way operations, typed SOAP
//! headers, typed faults, and what stays a located error (document style with several body parts).

use std::path::PathBuf;

use codegen::load::Catalog;
use codegen::rust::File;

const WSDL: &str = r#"<?xml version="1.0"?>
<wsdl:definitions name="Mixed" targetNamespace="urn:svc" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:a="urn:a" xmlns:tns="urn:svc">
  <wsdl:types>
    <xs:schema targetNamespace="urn:a" elementFormDefault="qualified">
      <xs:import namespace="http://schemas.xmlsoap.org/soap/encoding/"/>
      <xs:element name="Price"><xs:complexType><xs:sequence><xs:element name="v" type="xs:decimal"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Valid" type="xs:boolean"/>
      <xs:element name="Auth"><xs:complexType><xs:sequence><xs:element name="user" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Oops"><xs:complexType><xs:sequence><xs:element name="why" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
      <xs:complexType name="ArrayOfInt">
        <xs:complexContent>
          <xs:restriction base="soapenc:Array">
            <xs:attribute ref="soapenc:arrayType" wsdl:arrayType="xs:int[]"/>
          </xs:restriction>
        </xs:complexContent>
      </xs:complexType>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="PriceMsg"><wsdl:part name="body" element="a:Price"/></wsdl:message>
  <wsdl:message name="ValidMsg"><wsdl:part name="body" element="a:Valid"/></wsdl:message>
  <wsdl:message name="WithHeader"><wsdl:part name="auth" element="a:Auth"/><wsdl:part name="body" element="a:Price"/></wsdl:message>
  <wsdl:message name="OopsMsg"><wsdl:part name="fault" element="a:Oops"/></wsdl:message>
  <wsdl:message name="SumIn"><wsdl:part name="values" type="a:ArrayOfInt"/><wsdl:part name="label" type="xs:string"/></wsdl:message>
  <wsdl:message name="SumOut"><wsdl:part name="return" type="xs:long"/></wsdl:message>
  <wsdl:portType name="DocPT">
    <wsdl:operation name="Check"><wsdl:input message="tns:PriceMsg"/><wsdl:output message="tns:ValidMsg"/>
      <wsdl:fault name="Oops" message="tns:OopsMsg"/></wsdl:operation>
    <wsdl:operation name="Set"><wsdl:input message="tns:PriceMsg"/></wsdl:operation>
    <wsdl:operation name="Secure"><wsdl:input message="tns:WithHeader"/><wsdl:output message="tns:PriceMsg"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:portType name="RpcPT">
    <wsdl:operation name="Sum"><wsdl:input message="tns:SumIn"/><wsdl:output message="tns:SumOut"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="DocB" type="tns:DocPT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Check"><soap:operation soapAction="check"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="Oops"><soap:fault name="Oops" use="literal"/></wsdl:fault></wsdl:operation>
    <wsdl:operation name="Set"><soap:operation soapAction="set"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
    <wsdl:operation name="Secure"><soap:operation soapAction="secure"/>
      <wsdl:input><soap:header message="tns:WithHeader" part="auth" use="literal"/><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="RpcB" type="tns:RpcPT">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Sum"><soap:operation soapAction="sum"/>
      <wsdl:input><soap:body use="encoded" namespace="urn:rpc" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:input>
      <wsdl:output><soap:body use="encoded" namespace="urn:rpc" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Mixed">
    <wsdl:port name="Doc" binding="tns:DocB"><soap:address location="http://localhost/doc"/></wsdl:port>
    <wsdl:port name="Rpc" binding="tns:RpcB"><soap:address location="http://localhost/rpc"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"#;

const SOAPENC: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://schemas.xmlsoap.org/soap/encoding/">
  <xs:attribute name="arrayType" type="xs:string"/>
  <xs:complexType name="Array"><xs:sequence><xs:any minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
</xs:schema>"#;

fn generate(test: &str, wsdl: &str) -> Result<Vec<File>, String> {
    let dir: PathBuf = std::env::temp_dir().join(format!("codegen-lowering-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("svc.wsdl"), wsdl).expect("write");
    std::fs::write(dir.join("soapenc.xsd"), SOAPENC).expect("write");
    let mut catalog = Catalog::default();
    catalog.insert("http://schemas.xmlsoap.org/soap/encoding/".into(), dir.join("soapenc.xsd"));
    codegen::generate::from_wsdl(&dir.join("svc.wsdl"), &catalog, "fixture").map_err(|d| d.to_string())
}

fn text<'f>(files: &'f [File], name: &str) -> &'f str {
    files.iter().find(|f| f.name == name).map(|f| f.contents.as_str()).unwrap_or("")
}

/// The source without formatting whitespace, so assertions do not depend on line breaks.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_wire_form_gets_a_method() {
    let files = generate("all", WSDL).unwrap_or_else(|e| panic!("{e}"));
    let client = squeeze(text(&files, "client.rs"));
    let types = squeeze(text(&files, "types.rs"));
    // Simple-typed response element: a struct holding the text.
    assert!(
        client.contains("pub async fn check(&self, request: &Price) -> Result<Valid, ::runtime::client::Error>"),
        "{client}"
    );
    assert!(types.contains("pub struct Valid { /// The element's text content. pub value: bool,"), "{types}");
    // One-way.
    assert!(
        client.contains("-> Result<(), ::runtime::client::Error> { self.inner.call_one_way(&OP_SET, request).await"),
        "{client}"
    );
    // Typed header, each part optional; the header part is not in the body.
    assert!(client.contains("headers: &SecureHeader, request: &Price,"), "{client}");
    assert!(
        types.contains("pub struct SecureHeader { /// Element `Auth`, optional. pub auth: Option<Auth>,"),
        "{types}"
    );
    // rpc/encoded: a wrapper per message in soap:body/@namespace, unqualified accessors.
    assert!(client.contains(r#"request: ("urn:rpc", "Sum"), response: Some(("urn:rpc", "SumResponse"))"#), "{client}");
    assert!(types.contains("pub struct Sum { /// Element `values`, required. pub values: ArrayOfInt, /// Element `label`, required. pub label: String,"), "{types}");
    assert!(types.contains("pub struct SumResponse { /// Element `return`, required. pub r#return: i64,"), "{types}");
    // SOAP-encoded array: repeated `item`; soapenc:arrayType is computed, not a field.
    assert!(types.contains("pub item: Vec<i32>,"), "{types}");
    assert!(!types.contains("array_type"), "{types}");
    // SOAP encoding on the wire: encodingStyle on the wrappers, xsi:type on the parts, the
    // array's item type and count.
    let xml = squeeze(text(&files, "xml.rs"));
    assert!(
        xml.contains("impl ToXml for Sum { fn write_attributes(&self, w: &mut XmlWriter) { w.encoding_style(); }"),
        "{xml}"
    );
    assert!(xml.contains(r#"w.encoded("", "values", ("urn:a", "ArrayOfInt"), &self.values);"#), "{xml}");
    assert!(
        xml.contains(r#"w.soap_array_type(("http://www.w3.org/2001/XMLSchema", "int"), self.item.len());"#),
        "{xml}"
    );
    // Typed fault.
    assert!(client.contains("pub mod faults {"), "{client}");
    assert!(
        client.contains(
            "pub enum Check { /// `wsdl:fault` `Oops`: detail element `Oops`. Oops(Box<super::super::types::Oops>), }"
        ),
        "{client}"
    );
}

#[test]
fn same_input_same_bytes() {
    assert_eq!(generate("det1", WSDL), generate("det2", WSDL));
}

#[test]
fn several_document_body_parts_are_a_located_error() {
    let wsdl = WSDL.replace(
        r#"<wsdl:message name="PriceMsg"><wsdl:part name="body" element="a:Price"/></wsdl:message>"#,
        r#"<wsdl:message name="PriceMsg"><wsdl:part name="body" element="a:Price"/><wsdl:part name="more" element="a:Auth"/></wsdl:message>"#,
    );
    let err = generate("bare", &wsdl).expect_err("several parts are not supported");
    assert!(
        err.contains("svc.wsdl:38:5: error: operation `Check`: input message `PriceMsg` has 2 body parts"),
        "{err}"
    );
    assert!(err.contains("wrap the parts in one element"), "{err}");
}

/// A sequence that names one element twice (DHL's Statusinformation has two `statusType`): each
/// occurrence is read into the field at its position, so re-serializing keeps the order.
#[test]
fn an_element_named_twice_in_a_sequence_is_read_by_position() {
    let wsdl = WSDL.replace(
        r#"<xs:element name="v" type="xs:decimal"/></xs:sequence>"#,
        r#"<xs:element name="v" type="xs:decimal"/><xs:element name="t" type="xs:string" minOccurs="0"/>
           <xs:element name="m" type="xs:string" minOccurs="0" maxOccurs="3"/><xs:element name="t" type="xs:string" minOccurs="0"/></xs:sequence>"#,
    );
    let files = generate("twice", &wsdl).expect("generates");
    let xml = squeeze(text(&files, "xml.rs"));
    assert!(xml.contains("let mut pos: usize = 0;"), "{xml}");
    assert!(xml.contains("if r.child_is(NS0, \"t\") { if pos <= 1usize && t.is_none() { r.read_once_child(&mut t)?; pos = 1usize; } else { r.read_once_child(&mut t_2)?; pos = 3usize; } }"), "{xml}");
    // Types without repeated names are read as before, without a position.
    assert_eq!(squeeze(text(&generate("once", WSDL).expect("generates"), "xml.rs")).matches("let mut pos").count(), 0);
}
