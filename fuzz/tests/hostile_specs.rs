//! Hostile constructs the mutator aims at, each on a small inline WSDL, through the whole generator:
//! each ends in generated code or in located diagnostics (no panic, no hang, no stack overflow).
//! Minimized fuzz findings are added here as they are fixed.

use std::time::Duration;

use codegen::load::Catalog;
use fuzz::{Case, Entry, Finding, Verdict, run_case};

const TNS: &str = "urn:fuzz:t";

/// A one-operation document/literal WSDL whose schema holds `types` (prefix `xsd:`, target
/// namespace bound to `tns:`); the operation's input is element `tns:req`.
fn wsdl(types: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="{TNS}" targetNamespace="{TNS}" name="Fz">
  <wsdl:types>
    <xsd:schema targetNamespace="{TNS}" elementFormDefault="qualified">
{types}
    </xsd:schema>
  </wsdl:types>
  <wsdl:message name="in"><wsdl:part name="p" element="tns:req"/></wsdl:message>
  <wsdl:portType name="PT"><wsdl:operation name="op"><wsdl:input message="tns:in"/><wsdl:output message="tns:in"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="tns:PT"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="op"><soap:operation soapAction="op"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="P" binding="tns:B"><soap:address location="https://example.invalid/s"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

/// A request element with complex content.
const REQ: &str = r#"<xsd:element name="req"><xsd:complexType><xsd:sequence><xsd:element name="v" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>"#;

fn case(files: Vec<(&str, String)>) -> Case {
    Case {
        seed: "inline".into(),
        entry: Entry::Wsdl,
        files: files.into_iter().map(|(n, t)| (n.to_string(), t.into_bytes())).collect(),
        catalog: Catalog::default(),
    }
}

fn run(name: &str, c: &Case) -> Result<Verdict, Finding> {
    let dir = std::env::temp_dir().join(format!("fuzz-hostile-{}-{name}", std::process::id()));
    let r = run_case(c, &dir, Duration::from_secs(120));
    let _ = std::fs::remove_dir_all(&dir);
    r
}

fn no_finding(name: &str, c: &Case) -> Verdict {
    match run(name, c) {
        Ok(v) => v,
        Err(f) => panic!("{name}: {f}"),
    }
}

fn one(name: &str, types: &str) -> Verdict {
    no_finding(name, &case(vec![("s.wsdl", wsdl(types))]))
}

#[test]
fn the_template_generates() {
    let dir = std::env::temp_dir().join(format!("fuzz-hostile-{}-template", std::process::id()));
    let c = case(vec![("s.wsdl", wsdl(REQ))]);
    let root = fuzz::write_case(&c, &dir).expect("write");
    let generated = codegen::generate::from_wsdl(&root, &Catalog::default(), "fuzz");
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = generated {
        panic!("{e}");
    }
}

#[test]
fn self_referencing_types() {
    let req = r#"<xsd:element name="req" type="tns:T"/>"#;
    for (name, t) in [
        ("restriction", r#"<xsd:simpleType name="T"><xsd:restriction base="tns:T"/></xsd:simpleType>"#),
        ("list", r#"<xsd:simpleType name="T"><xsd:list itemType="tns:T"/></xsd:simpleType>"#),
        ("union", r#"<xsd:simpleType name="T"><xsd:union memberTypes="tns:T tns:T"/></xsd:simpleType>"#),
        (
            "extension",
            r#"<xsd:complexType name="T"><xsd:complexContent><xsd:extension base="tns:T"/></xsd:complexContent></xsd:complexType>"#,
        ),
        (
            "simple-content",
            r#"<xsd:complexType name="T"><xsd:simpleContent><xsd:restriction base="tns:T"/></xsd:simpleContent></xsd:complexType>"#,
        ),
        (
            "recursive-field",
            r#"<xsd:complexType name="T"><xsd:sequence><xsd:element name="me" type="tns:T" minOccurs="0"/></xsd:sequence></xsd:complexType>"#,
        ),
        (
            "required-recursive-field",
            r#"<xsd:complexType name="T"><xsd:sequence><xsd:element name="me" type="tns:T"/></xsd:sequence></xsd:complexType>"#,
        ),
        (
            "mutual-extension",
            r#"<xsd:complexType name="T"><xsd:complexContent><xsd:extension base="tns:U"/></xsd:complexContent></xsd:complexType>
               <xsd:complexType name="U"><xsd:complexContent><xsd:extension base="tns:T"/></xsd:complexContent></xsd:complexType>"#,
        ),
        (
            "group",
            r#"<xsd:group name="G"><xsd:sequence><xsd:group ref="tns:G"/></xsd:sequence></xsd:group>
               <xsd:complexType name="T"><xsd:group ref="tns:G"/></xsd:complexType>"#,
        ),
        (
            "attribute-group",
            r#"<xsd:attributeGroup name="A"><xsd:attributeGroup ref="tns:A"/></xsd:attributeGroup>
               <xsd:complexType name="T"><xsd:attributeGroup ref="tns:A"/></xsd:complexType>"#,
        ),
    ] {
        one(name, &format!("{req}{t}"));
    }
    for (name, t) in [
        ("substitution-group", r#"<xsd:element name="req" substitutionGroup="tns:req" type="xsd:string"/>"#),
        (
            "element-ref",
            r#"<xsd:element name="req"><xsd:complexType><xsd:sequence><xsd:element ref="tns:req"/></xsd:sequence></xsd:complexType></xsd:element>"#,
        ),
        ("ref-to-nothing", r#"<xsd:element name="req" ref="tns:req"/>"#),
    ] {
        one(name, t);
    }
}

#[test]
fn cyclic_includes_and_imports() {
    let req = REQ;
    one("include-self", &format!(r#"<xsd:include schemaLocation="s.wsdl"/>{req}"#));
    one("import-self", &format!(r#"<xsd:import namespace="{TNS}" schemaLocation="s.wsdl"/>{req}"#));
    let a = format!(
        r#"<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="{TNS}"><xsd:include schemaLocation="b.xsd"/><xsd:element name="req" type="xsd:string"/></xsd:schema>"#
    );
    let b = r#"<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:include schemaLocation="a.xsd"/></xsd:schema>"#;
    let files =
        vec![("s.wsdl", wsdl(r#"<xsd:include schemaLocation="a.xsd"/>"#)), ("a.xsd", a), ("b.xsd", b.to_string())];
    no_finding("include-cycle", &case(files));
    let w = wsdl(req).replace("<wsdl:types>", r#"<wsdl:import namespace="urn:fuzz:t" location="s.wsdl"/><wsdl:types>"#);
    no_finding("wsdl-import-self", &case(vec![("s.wsdl", w)]));
}

#[test]
fn deep_nesting() {
    for depth in [500usize, 5_000, 100_000] {
        let open = "<xsd:complexType><xsd:sequence><xsd:element name=\"n\">".repeat(depth);
        let close = "</xsd:element></xsd:sequence></xsd:complexType>".repeat(depth);
        one("anonymous", &format!(r#"<xsd:element name="req">{open}</xsd:element>{close}"#));
        let seqs = format!("{}{}", "<xsd:sequence>".repeat(depth), "</xsd:sequence>".repeat(depth));
        one(
            "sequences",
            &format!(r#"<xsd:element name="req"><xsd:complexType>{seqs}</xsd:complexType></xsd:element>"#),
        );
        one(
            "junk",
            &format!(r#"<xsd:element name="req" type="xsd:string"/>{}{}"#, "<a>".repeat(depth), "</a>".repeat(depth)),
        );
    }
}

#[test]
fn huge_and_inconsistent_occurs() {
    for occurs in [
        r#"maxOccurs="4294967295""#,
        r#"maxOccurs="4294967296""#,
        r#"maxOccurs="99999999999999999999999""#,
        r#"minOccurs="4294967295""#,
        r#"minOccurs="5" maxOccurs="2""#,
        r#"maxOccurs="0""#,
        r#"minOccurs="-1""#,
    ] {
        let t = format!(
            r#"<xsd:element name="req"><xsd:complexType><xsd:sequence><xsd:element name="x" type="xsd:string" {occurs}/></xsd:sequence></xsd:complexType></xsd:element>"#
        );
        one(occurs, &t);
    }
}

#[test]
fn dtds_and_entities_are_refused_with_a_location() {
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><d>&c;</d>"#;
    assert_eq!(no_finding("bomb", &case(vec![("s.wsdl", bomb.to_string())])), Verdict::Refused);
    let external = r#"<?xml version="1.0"?><!DOCTYPE d SYSTEM "http://127.0.0.1:9/x.dtd"><d/>"#;
    assert_eq!(no_finding("external", &case(vec![("s.wsdl", external.to_string())])), Verdict::Refused);
}

/// Fuzz finding (runs of 2026-11-23, 9 hits on 6 corpus seeds): a type, element or enumeration
/// value named `self` / `Self` rendered `struct Self` or a variant `Self`, which does not parse,
/// and the internal error had no location. Minimized: the names alone.
#[test]
fn names_that_are_rust_keywords_which_cannot_be_raw() {
    let types = r#"<xsd:element name="req" type="tns:self"/>
        <xsd:complexType name="self"><xsd:sequence>
          <xsd:element name="self" type="tns:Self"/><xsd:element name="Self" type="xsd:string"/>
          <xsd:element name="crate" type="tns:super"/><xsd:element name="super" type="xsd:string"/>
        </xsd:sequence><xsd:attribute name="self" type="xsd:string"/></xsd:complexType>
        <xsd:complexType name="super"><xsd:sequence><xsd:element name="type" type="xsd:string"/></xsd:sequence></xsd:complexType>
        <xsd:simpleType name="Self"><xsd:restriction base="xsd:string">
          <xsd:enumeration value="self"/><xsd:enumeration value="Self"/><xsd:enumeration value="crate"/>
          <xsd:enumeration value="super"/><xsd:enumeration value="_"/>
        </xsd:restriction></xsd:simpleType>"#;
    assert_eq!(one("keywords", types), Verdict::Generated);
}

/// Choices nested in choices (each lowered to an enum holding the next, named after its branches):
/// generated when the loader allows the depth, a located error beyond; and branch names that are
/// keywords, or that collide once turned into Rust names.
#[test]
fn nested_choices_and_branch_names() {
    for (depth, expected) in [(100usize, Verdict::Generated), (390, Verdict::Generated), (5_000, Verdict::Refused)] {
        let open = r#"<xsd:choice><xsd:element name="a" type="xsd:string"/>"#.repeat(depth);
        let close = "</xsd:choice>".repeat(depth);
        let t = format!(r#"<xsd:element name="req"><xsd:complexType>{open}{close}</xsd:complexType></xsd:element>"#);
        assert_eq!(one(&format!("choices-{depth}"), &t), expected, "{depth} nested choices");
    }
    let types = r#"<xsd:element name="req"><xsd:complexType><xsd:choice maxOccurs="unbounded">
          <xsd:element name="self" type="xsd:string"/><xsd:element name="Self" type="xsd:int"/>
          <xsd:element name="type" type="xsd:string"/><xsd:element name="crate" type="xsd:string"/>
          <xsd:sequence><xsd:element name="self_" type="xsd:string"/><xsd:element name="b" type="xsd:string"/></xsd:sequence>
          <xsd:sequence/><xsd:sequence/>
        </xsd:choice></xsd:complexType></xsd:element>"#;
    assert_eq!(one("choice-keywords", types), Verdict::Generated);
}
