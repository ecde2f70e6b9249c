//! The WSDL/XSD loader on small inline fixtures.

use std::path::{Path, PathBuf};

use codegen::diag::Diagnostics;
use codegen::load::Catalog;
use codegen::model::{
    Builtin, ComplexType, Field, PartContent, Protocol, QName, Service, Style, TypeKind, TypeRef, Use,
};
use codegen::wsdl::load_wsdl;

const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// A fresh directory holding the given files.
fn fixture(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-loader-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    dir
}

/// A WSDL around `types` (the content of wsdl:types), whose one operation `op` sends element
/// `a:Req` and receives `a:Resp` (a = urn:a).
fn wsdl(types: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<wsdl:definitions name="Defs" targetNamespace="urn:svc" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="{XS}" xmlns:a="urn:a" xmlns:tns="urn:svc">
  <wsdl:types>
{types}
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="parameters" element="a:Req"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="a:Resp"/></wsdl:message>
  <wsdl:portType name="PT">
    <wsdl:operation name="op"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="op">
      <soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Svc"><wsdl:port name="P" binding="tns:B"><soap:address location="https://example.test/svc"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

fn load(test: &str, files: &[(&str, &str)]) -> Result<Service, Diagnostics> {
    let dir = fixture(test, files);
    load_wsdl(&dir.join(files[0].0), &Catalog::default())
}

fn ok(test: &str, files: &[(&str, &str)]) -> Service {
    match load(test, files) {
        Ok(s) => s,
        Err(e) => panic!("{test} failed:\n{e}"),
    }
}

fn complex<'s>(s: &'s Service, ns: &str, local: &str) -> &'s ComplexType {
    match s.types.get(&QName::new(ns, local)).map(|t| &t.kind) {
        Some(TypeKind::Complex(c)) => c,
        other => panic!("{{{ns}}}{local}: expected a complex type, got {other:?}\ntypes: {:?}", s.types.keys()),
    }
}

fn field<'c>(c: &'c ComplexType, local: &str) -> &'c Field {
    c.fields.iter().find(|f| f.name.local == local).unwrap_or_else(|| panic!("no field {local}"))
}

fn named(ns: &str, local: &str) -> TypeRef {
    TypeRef::Named(QName::new(ns, local))
}

#[test]
fn inline_schemas_import_each_other_by_namespace() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" elementFormDefault="qualified" xmlns:b="urn:b">
      <xs:import namespace="urn:b"/>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="x" type="b:X"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>
    <xs:schema targetNamespace="urn:b">
      <xs:complexType name="X"><xs:sequence><xs:element name="v" type="xs:int"/></xs:sequence></xs:complexType>
    </xs:schema>"#;
    let s = ok("inline", &[("svc.wsdl", &wsdl(types))]);
    assert_eq!(s.name, "Svc");
    let req = complex(&s, "urn:a", "Req");
    assert_eq!(req.fields[0].name, QName::new("urn:a", "x"));
    assert_eq!(req.fields[0].ty, named("urn:b", "X"));
    // urn:b has no elementFormDefault: its local elements are unqualified.
    assert_eq!(complex(&s, "urn:b", "X").fields[0].name, QName::new("", "v"));
    assert_eq!(s.elements[&QName::new("urn:a", "Resp")].ty, TypeRef::Builtin(Builtin::String));
    let port = &s.ports[0];
    assert_eq!((port.name.as_str(), port.binding.as_str()), ("P", "B"));
    assert_eq!(port.protocol, Protocol::Soap11);
    assert_eq!(port.address.as_deref(), Some("https://example.test/svc"));
    let op = &port.operations[0];
    assert_eq!((op.name.as_str(), op.soap_action.as_str()), ("op", "urn:op"));
    assert_eq!((op.style, op.use_), (Style::Document, Use::Literal));
    let input = op.input.as_ref().expect("input");
    assert_eq!(input.parts[0].content, PartContent::Element(QName::new("urn:a", "Req")));
}

#[test]
fn import_and_chameleon_include_by_relative_path() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" elementFormDefault="qualified">
      <xs:import namespace="urn:b" schemaLocation="xsd/b.xsd"/>
      <xs:include schemaLocation="xsd/common.xsd"/>
      <xs:element name="Req" type="a:Common"/>
      <xs:element name="Resp" xmlns:bb="urn:b" type="bb:B"/>
    </xs:schema>"#;
    let b = r#"<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b" xmlns:b="urn:b">
      <include schemaLocation="b-part.xsd"/>
      <complexType name="B"><sequence><element name="p" type="b:Part"/></sequence></complexType>
    </schema>"#;
    let b_part = r#"<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b">
      <simpleType name="Part"><restriction base="string"/></simpleType>
    </schema>"#;
    // No targetNamespace: takes the includer's (urn:a); unprefixed references mean urn:a too.
    let common = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:a" elementFormDefault="qualified">
      <xs:complexType name="Common"><xs:sequence><xs:element name="c" type="Inner"/></xs:sequence></xs:complexType>
      <xs:complexType name="Inner"><xs:sequence/></xs:complexType>
    </xs:schema>"#;
    let s = ok(
        "paths",
        &[("svc.wsdl", &wsdl(types)), ("xsd/b.xsd", b), ("xsd/b-part.xsd", b_part), ("xsd/common.xsd", common)],
    );
    let common = complex(&s, "urn:a", "Common");
    assert_eq!(common.fields[0].name, QName::new("urn:a", "c"));
    assert_eq!(common.fields[0].ty, named("urn:a", "Inner"));
    assert_eq!(complex(&s, "urn:b", "B").fields[0].ty, named("urn:b", "Part"));
    assert!(matches!(s.types[&QName::new("urn:b", "Part")].kind, TypeKind::Simple(_)));
}

#[test]
fn different_prefixes_same_namespace() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" xmlns:one="urn:a" elementFormDefault="qualified">
      <xs:complexType name="T"><xs:sequence><xs:element name="v" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:element name="Req" type="one:T"/>
      <xsd:element xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:two="urn:a" name="Resp" type="two:T"/>
    </xs:schema>"#;
    let s = ok("prefixes", &[("svc.wsdl", &wsdl(types))]);
    assert_eq!(s.elements[&QName::new("urn:a", "Req")].ty, named("urn:a", "T"));
    assert_eq!(s.elements[&QName::new("urn:a", "Resp")].ty, named("urn:a", "T"));
}

#[test]
fn element_form_qualified_unqualified_and_form_attribute() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" elementFormDefault="unqualified" attributeFormDefault="qualified">
      <xs:element name="Req"><xs:complexType>
        <xs:sequence>
          <xs:element name="plain" type="xs:string"/>
          <xs:element name="forced" form="qualified" type="xs:string"/>
        </xs:sequence>
        <xs:attribute name="at" type="xs:string" use="required"/>
        <xs:attribute name="local" form="unqualified" type="xs:string"/>
      </xs:complexType></xs:element>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>"#;
    let s = ok("forms", &[("svc.wsdl", &wsdl(types))]);
    let req = complex(&s, "urn:a", "Req");
    assert_eq!(req.fields[0].name, QName::new("", "plain"));
    assert_eq!(req.fields[1].name, QName::new("urn:a", "forced"));
    assert_eq!(req.attributes[0].name, QName::new("urn:a", "at"));
    assert!(req.attributes[0].required);
    assert_eq!(req.attributes[1].name, QName::new("", "local"));
}

#[test]
fn element_ref_across_namespaces() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" xmlns:c="urn:c">
      <xs:import namespace="urn:c"/>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element ref="c:Shared" minOccurs="0" maxOccurs="3"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>
    <xs:schema targetNamespace="urn:c">
      <xs:element name="Shared" type="xs:date" nillable="true"/>
    </xs:schema>"#;
    let s = ok("refs", &[("svc.wsdl", &wsdl(types))]);
    let f = &complex(&s, "urn:a", "Req").fields[0];
    assert_eq!(f.name, QName::new("urn:c", "Shared"));
    assert_eq!(f.ty, TypeRef::Builtin(Builtin::Date));
    assert!(f.nillable);
    assert_eq!((f.min_occurs, f.max_occurs), (0, Some(3)));
}

#[test]
fn extension_groups_choice_any_and_occurs() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" xmlns="urn:a" elementFormDefault="qualified">
      <xs:complexType name="Base" abstract="true">
        <xs:sequence><xs:element name="id" type="xs:long"/></xs:sequence>
        <xs:attribute name="version" type="xs:int"/>
      </xs:complexType>
      <xs:group name="G"><xs:sequence><xs:element name="g1" type="xs:string"/></xs:sequence></xs:group>
      <xs:attributeGroup name="AG"><xs:attribute name="ag" type="xs:boolean"/></xs:attributeGroup>
      <xs:complexType name="Derived">
        <xs:complexContent><xs:extension base="Base">
          <xs:sequence>
            <xs:group ref="G"/>
            <xs:choice><xs:element name="c1" type="xs:string"/><xs:element name="c2" type="xs:int"/></xs:choice>
            <xs:sequence maxOccurs="unbounded"><xs:element name="rep" type="xs:string"/></xs:sequence>
            <xs:any processContents="lax" minOccurs="0"/>
          </xs:sequence>
          <xs:attributeGroup ref="AG"/>
        </xs:extension></xs:complexContent>
      </xs:complexType>
      <xs:complexType name="Money">
        <xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="currency" type="xs:string"/></xs:extension></xs:simpleContent>
      </xs:complexType>
      <xs:element name="Req" type="Derived"/>
      <xs:element name="Resp" type="Money"/>
    </xs:schema>"#;
    let s = ok("extension", &[("svc.wsdl", &wsdl(types))]);
    let base = complex(&s, "urn:a", "Base");
    assert!(base.is_abstract);
    let d = complex(&s, "urn:a", "Derived");
    assert_eq!(d.base, Some(QName::new("urn:a", "Base")));
    let names: Vec<&str> = d.fields.iter().map(|f| f.name.local.as_str()).collect();
    assert_eq!(names, ["id", "g1", "c1", "c2", "rep", "any"]);
    assert_eq!(field(d, "c1").min_occurs, 0);
    assert_eq!(field(d, "rep").max_occurs, None);
    let any = field(d, "any");
    assert_eq!(
        (any.name.ns.as_str(), any.ty.clone(), any.min_occurs),
        ("##any", TypeRef::Builtin(Builtin::AnyType), 0)
    );
    let attrs: Vec<&str> = d.attributes.iter().map(|a| a.name.local.as_str()).collect();
    assert_eq!(attrs, ["version", "ag"]);
    let money = complex(&s, "urn:a", "Money");
    assert_eq!(money.text, Some(TypeRef::Builtin(Builtin::Decimal)));
    assert_eq!(money.attributes[0].name.local, "currency");
}

/// A choice's fields carry their choice and branch, outermost first, so that an instance builder
/// can pick one branch; a choice inside an optional particle is not required.
#[test]
fn choice_branches_are_kept_on_the_flattened_fields() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" elementFormDefault="qualified">
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="first" type="xs:string"/>
        <xs:choice>
          <xs:element name="a" type="xs:string"/>
          <xs:sequence>
            <xs:element name="b" type="xs:string"/>
            <xs:element name="e" type="xs:string" minOccurs="0"/>
            <xs:choice minOccurs="0"><xs:element name="c" type="xs:int"/><xs:element name="d" type="xs:int"/></xs:choice>
            <xs:choice><xs:element name="f" type="xs:int"/><xs:element name="g" type="xs:int"/></xs:choice>
          </xs:sequence>
        </xs:choice>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>"#;
    let s = ok("choice-path", &[("svc.wsdl", &wsdl(types))]);
    let req = complex(&s, "urn:a", "Req");
    let path =
        |local: &str| -> Vec<(u32, bool)> { field(req, local).choice.iter().map(|c| (c.branch, c.required)).collect() };
    assert!(field(req, "first").choice.is_empty());
    assert_eq!(path("a"), [(0, true)]);
    assert_eq!(path("b"), [(1, true)]);
    assert_eq!(path("c"), [(1, true), (0, false)]);
    assert_eq!(path("d"), [(1, true), (1, false)]);
    let (outer, inner) = (field(req, "a").choice[0].group, field(req, "c").choice[1].group);
    assert_eq!(field(req, "d").choice[0].group, outer);
    assert_eq!(field(req, "d").choice[1].group, inner);
    assert_ne!(outer, inner);
    // Required within the chosen branch, optional on the flattened struct.
    assert_eq!(path("f"), [(1, true), (0, true)]);
    let mins = |local: &str| (field(req, local).min_occurs, field(req, local).branch_min_occurs);
    assert_eq!([mins("first"), mins("b"), mins("e"), mins("c")], [(1, 1), (0, 1), (0, 0), (0, 1)]);
    // The choices themselves: occurs within the enclosing branch, one entry per branch.
    let choice = |group: u32| req.choices.iter().find(|c| c.group == group).expect("choice listed");
    assert_eq!(req.choices.len(), 3);
    let (o, i) = (choice(outer), choice(inner));
    assert_eq!((o.min_occurs, o.max_occurs, o.branches.len()), (1, Some(1), 2));
    assert_eq!((i.min_occurs, i.max_occurs, i.branches.len()), (0, Some(1), 2));
}

/// A union keeps its member types (for documentation): named, builtin, and anonymous ones (an
/// anonymous enumeration becomes a type of its own); its value is a string.
#[test]
fn union_member_types_are_kept() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" xmlns="urn:a" elementFormDefault="qualified">
      <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:enumeration value="A"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="U">
        <xs:union memberTypes="xs:unsignedShort Code">
          <xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="0x[0-9]+"/></xs:restriction></xs:simpleType>
          <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="none"/></xs:restriction></xs:simpleType>
        </xs:union>
      </xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence><xs:element name="u" type="U"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>"#;
    let s = ok("union", &[("svc.wsdl", &wsdl(types))]);
    let Some(TypeKind::Simple(u)) = s.types.get(&QName::new("urn:a", "U")).map(|t| &t.kind) else { panic!("U") };
    assert_eq!(u.base, TypeRef::Builtin(Builtin::String));
    let members: Vec<(&TypeRef, &[String])> = u.union.iter().map(|m| (&m.ty, m.facets.patterns.as_slice())).collect();
    assert_eq!(
        members,
        [
            (&TypeRef::Builtin(Builtin::UnsignedShort), &[][..]),
            (&named("urn:a", "Code"), &[][..]),
            (&TypeRef::Builtin(Builtin::String), &["0x[0-9]+".to_string()][..]),
            (&named("urn:a", "U_member2"), &[][..]),
        ]
    );
    assert!(matches!(s.types.get(&QName::new("urn:a", "U_member2")).map(|t| &t.kind), Some(TypeKind::Enum(_))));
}

/// Occurs inside a repeated choice stay relative to the branch (`branch_*_occurs`), while the
/// flattened field multiplies them by the choice's; group branches keep their group's name.
#[test]
fn choice_occurs_and_group_branches() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" xmlns="urn:a" elementFormDefault="qualified">
      <xs:group name="pair"><xs:annotation><xs:documentation>Two of them.</xs:documentation></xs:annotation>
        <xs:sequence><xs:element name="x" type="xs:int"/><xs:element name="y" type="xs:int"/></xs:sequence>
      </xs:group>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:choice minOccurs="0" maxOccurs="unbounded">
          <xs:annotation><xs:documentation>Any number of these.</xs:documentation></xs:annotation>
          <xs:element name="a" type="xs:string" maxOccurs="3"/>
          <xs:group ref="pair"/>
          <xs:sequence/>
        </xs:choice>
        <xs:choice maxOccurs="0"><xs:element name="never" type="xs:string"/></xs:choice>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>"#;
    let s = ok("choice-occurs", &[("svc.wsdl", &wsdl(types))]);
    let req = complex(&s, "urn:a", "Req");
    let names: Vec<&str> = req.fields.iter().map(|f| f.name.local.as_str()).collect();
    assert_eq!(names, ["a", "x", "y"], "a choice that cannot occur has no fields");
    let a = field(req, "a");
    assert_eq!((a.min_occurs, a.max_occurs, a.branch_min_occurs, a.branch_max_occurs), (0, None, 1, Some(3)));
    assert_eq!((field(req, "x").branch_max_occurs, field(req, "x").max_occurs), (Some(1), None));
    let [c] = req.choices.as_slice() else { panic!("{:?}", req.choices) };
    assert_eq!((c.min_occurs, c.max_occurs, c.docs.as_deref()), (0, None, Some("Any number of these.")));
    let groups: Vec<Option<&str>> = c.branches.iter().map(|b| b.group.as_deref()).collect();
    assert_eq!(groups, [None, Some("pair"), None]);
    assert_eq!(c.branches[1].docs.as_deref(), Some("Two of them."));
}

#[test]
fn anonymous_types_are_named_deterministically() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" elementFormDefault="qualified">
      <xs:complexType name="Resp"><xs:sequence/></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="inner"><xs:complexType><xs:sequence>
          <xs:element name="deep"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
        <xs:element name="kind"><xs:simpleType><xs:restriction base="xs:string">
          <xs:enumeration value="A"/><xs:enumeration value="B"/>
        </xs:restriction></xs:simpleType></xs:element>
        <xs:element name="code"><xs:simpleType><xs:restriction base="xs:string">
          <xs:maxLength value="3"/>
        </xs:restriction></xs:simpleType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
    </xs:schema>"#;
    let s = ok("anon", &[("svc.wsdl", &wsdl(types))]);
    let req = complex(&s, "urn:a", "Req");
    assert_eq!(field(req, "inner").ty, named("urn:a", "Req_inner"));
    assert_eq!(complex(&s, "urn:a", "Req_inner").fields[0].ty, named("urn:a", "Req_inner_deep"));
    assert_eq!(field(req, "kind").ty, named("urn:a", "Req_kind"));
    assert!(matches!(s.types[&QName::new("urn:a", "Req_kind")].kind, TypeKind::Enum(_)));
    let code = field(req, "code");
    assert_eq!(code.ty, TypeRef::Builtin(Builtin::String));
    assert_eq!(code.facets.max_length, Some(3));
    assert!(!s.types.contains_key(&QName::new("urn:a", "Req_code")));
    // Global element colliding with a named type.
    assert_eq!(s.elements[&QName::new("urn:a", "Resp")].ty, named("urn:a", "RespElement"));
    assert!(matches!(s.types[&QName::new("urn:a", "Resp")].kind, TypeKind::Complex(_)));
}

#[test]
fn enum_with_appinfo_name_and_docs() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" xmlns:b="urn:x-payspec:binding">
      <xs:simpleType name="Mode">
        <xs:annotation><xs:documentation>
            Payment mode.

            Second paragraph, déjà vu.
        </xs:documentation></xs:annotation>
        <xs:restriction base="xs:string">
          <xs:enumeration value="CPT"><xs:annotation>
            <xs:documentation>Comptant</xs:documentation>
            <xs:appinfo><b:name>Cash</b:name></xs:appinfo>
          </xs:annotation></xs:enumeration>
          <xs:enumeration value="DIF"/>
        </xs:restriction>
      </xs:simpleType>
      <xs:element name="Req" type="a:Mode"/>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>"#;
    let s = ok("enum", &[("svc.wsdl", &wsdl(types))]);
    let t = &s.types[&QName::new("urn:a", "Mode")];
    assert_eq!(t.docs.as_deref(), Some("Payment mode.\n\nSecond paragraph, déjà vu."));
    let TypeKind::Enum(e) = &t.kind else { panic!("enum expected") };
    assert_eq!(e.base, TypeRef::Builtin(Builtin::String));
    assert_eq!(e.values.len(), 2);
    assert_eq!(e.values[0].value, "CPT");
    assert_eq!(e.values[0].docs.as_deref(), Some("Comptant"));
    assert_eq!(e.values[0].name_hint.as_deref(), Some("Cash"));
    assert_eq!(e.values[1].name_hint, None);
}

#[test]
fn facets_merge_down_restriction_chains() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" xmlns="urn:a">
      <xs:simpleType name="Digits"><xs:restriction base="xs:string">
        <xs:pattern value="[0-9]*"/><xs:maxLength value="10"/><xs:minLength value="1"/>
      </xs:restriction></xs:simpleType>
      <xs:simpleType name="Short"><xs:restriction base="Digits">
        <xs:pattern value=".{2,}"/><xs:maxLength value="4"/>
      </xs:restriction></xs:simpleType>
      <xs:element name="Req" type="Short"/>
      <xs:element name="Resp"><xs:simpleType><xs:restriction base="Short"><xs:length value="3"/></xs:restriction></xs:simpleType></xs:element>
    </xs:schema>"#;
    let s = ok("facets", &[("svc.wsdl", &wsdl(types))]);
    let TypeKind::Simple(st) = &s.types[&QName::new("urn:a", "Short")].kind else { panic!("simple expected") };
    assert_eq!(st.base, TypeRef::Builtin(Builtin::String));
    assert_eq!(st.facets.patterns, ["[0-9]*", ".{2,}"]);
    assert_eq!((st.facets.min_length, st.facets.max_length), (Some(1), Some(4)));
    // An anonymous restriction keeps the named base, with its own facets only.
    assert_eq!(s.elements[&QName::new("urn:a", "Resp")].ty, named("urn:a", "Short"));
}

#[test]
fn unresolvable_type_is_located() {
    let types = r#"
    <xs:schema targetNamespace="urn:a">
      <xs:element name="Req" type="a:Missing"/>
      <xs:element name="Resp" type="zz:Other" xmlns:zz="urn:zz"/>
    </xs:schema>"#;
    let err = load("dangling", &[("svc.wsdl", &wsdl(types))]).expect_err("must fail");
    let text = err.to_string();
    let d = err.0.iter().find(|d| d.message.contains("a:Missing")).unwrap_or_else(|| panic!("{text}"));
    // Line 7 of the WSDL (the helper puts 4 lines and an empty one before the schema), at the
    // attribute value.
    assert_eq!((d.span.line, d.span.col), (7, 36), "{text}");
    assert!(d.span.file.ends_with("svc.wsdl"));
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("urn:a")));
    let d2 = err.0.iter().find(|d| d.message.contains("zz:Other")).unwrap_or_else(|| panic!("{text}"));
    assert!(d2.hint.as_deref().is_some_and(|h| h.contains("catalog")), "{text}");
}

#[test]
fn url_import_without_catalog_names_the_url() {
    let types = r#"
    <xs:schema targetNamespace="urn:a">
      <xs:import namespace="urn:remote" schemaLocation="https://example.test/remote.xsd"/>
      <xs:element name="Req" type="xs:string"/>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>"#;
    let err = load("url", &[("svc.wsdl", &wsdl(types))]).expect_err("must fail");
    let d = &err.0[0];
    assert!(d.message.contains("https://example.test/remote.xsd"), "{err}");
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("\"https://example.test/remote.xsd\" = ")), "{err}");
    assert_eq!(d.span.line, 7);

    // With a catalog entry (read from TOML, relative to the TOML file) it loads.
    let remote = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:remote"/>"#;
    let dir = fixture(
        "url-catalog",
        &[
            ("svc.wsdl", &wsdl(types)),
            ("cache/remote.xsd", remote),
            (
                "catalog.toml",
                "[[case]]\nname = \"x\"\n[catalog]\n\"https://example.test/remote.xsd\" = \"cache/remote.xsd\"\n",
            ),
        ],
    );
    let catalog = Catalog::from_toml_file(&dir.join("catalog.toml")).expect("catalog");
    assert_eq!(catalog.resolve("https://example.test/remote.xsd"), Some(dir.join("cache/remote.xsd").as_path()));
    assert!(load_wsdl(&dir.join("svc.wsdl"), &catalog).is_ok());
}

#[test]
fn doctype_is_rejected() {
    let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE definitions [ <!ENTITY x \"y\"> ]>\n<definitions/>";
    let err = load("doctype", &[("svc.wsdl", text)]).expect_err("must fail");
    assert!(err.0[0].message.contains("DOCTYPE"), "{err}");
    assert_eq!((err.0[0].span.line, err.0[0].span.col), (2, 1));
}

#[test]
fn malformed_and_missing_files_are_located() {
    let err = load("malformed", &[("svc.wsdl", "<definitions>\n  <oops>\n</definitions>")]).expect_err("must fail");
    assert_eq!(err.0[0].span.line, 3, "{err}");
    let types = r#"<xs:schema targetNamespace="urn:a"><xs:include schemaLocation="nope.xsd"/></xs:schema>"#;
    let err = load("missing", &[("svc.wsdl", &wsdl(types))]).expect_err("must fail");
    assert!(err.0[0].message.contains("nope.xsd"), "{err}");
    assert_eq!(err.0[0].span.line, 5, "{err}");
    let err = load_wsdl(Path::new("/nonexistent/dir/x.wsdl"), &Catalog::default()).expect_err("must fail");
    assert!(err.0[0].message.contains("x.wsdl"));
}

#[test]
fn cycles_are_reported_not_overflowed() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" xmlns="urn:a">
      <xs:complexType name="A"><xs:complexContent><xs:extension base="B"/></xs:complexContent></xs:complexType>
      <xs:complexType name="B"><xs:complexContent><xs:extension base="A"/></xs:complexContent></xs:complexType>
      <xs:group name="G"><xs:sequence><xs:group ref="G"/></xs:sequence></xs:group>
      <xs:complexType name="C"><xs:sequence><xs:group ref="G"/></xs:sequence></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence><xs:element ref="Req" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>"#;
    let err = load("cycles", &[("svc.wsdl", &wsdl(types))]).expect_err("must fail");
    assert!(err.0.iter().any(|d| d.message.contains("derives from itself")), "{err}");
    assert!(err.0.iter().any(|d| d.message.contains("nested too deeply")), "{err}");
    // A recursive element (through an anonymous type) is fine.
    assert!(!err.0.iter().any(|d| d.message.contains("Req")), "{err}");
}

#[test]
fn soap12_rpc_headers_one_way_and_unbound_bindings() {
    let text = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:s12="http://schemas.xmlsoap.org/wsdl/soap12/"
        xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/"
        xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">
  <types><xsd:schema targetNamespace="urn:t"><xsd:element name="Auth" type="xsd:string"/></xsd:schema></types>
  <message name="AddIn"><part name="a" type="xsd:int"/><part name="b" type="xsd:int"/></message>
  <message name="AddOut"><part name="r" type="xsd:int"/></message>
  <message name="Hdr"><part name="auth" element="t:Auth"/></message>
  <portType name="Calc">
    <operation name="add"><documentation>Adds.</documentation><input message="t:AddIn"/><output message="t:AddOut"/></operation>
    <operation name="ping"><input message="t:AddIn"/></operation>
  </portType>
  <binding name="C12" type="t:Calc">
    <s12:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="add">
      <s12:operation soapAction="urn:add"/>
      <input><s12:body use="literal" parts="a" namespace="urn:rpc"/><s12:header message="t:Hdr" part="auth" use="literal"/></input>
      <output><s12:body use="literal" namespace="urn:rpc"/></output>
    </operation>
    <operation name="ping"><s12:operation soapAction=""/><input><s12:body use="encoded"/></input></operation>
  </binding>
  <binding name="C11" type="t:Calc">
    <soap:binding/>
    <operation name="add"><soap:operation soapAction="add"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
  </binding>
  <binding name="CHttp" type="t:Calc"><http:binding verb="GET"/></binding>
  <service name="Calculator">
    <port name="P12" binding="t:C12"><s12:address location="http://x/12"/></port>
    <port name="PHttp" binding="t:CHttp"><http:address location="http://x/http"/></port>
  </service>
</definitions>"#;
    let s = ok("soap12", &[("calc.wsdl", text)]);
    assert_eq!(s.ports.len(), 2, "{:?}", s.ports.iter().map(|p| &p.name).collect::<Vec<_>>());
    let p = &s.ports[0];
    assert_eq!((p.name.as_str(), p.protocol), ("P12", Protocol::Soap12));
    let add = &p.operations[0];
    assert_eq!((add.style, add.soap_action.as_str(), add.docs.as_deref()), (Style::Rpc, "urn:add", Some("Adds.")));
    let input = add.input.as_ref().expect("input");
    assert_eq!(input.parts.len(), 1);
    assert_eq!(input.parts[0].content, PartContent::Type(TypeRef::Builtin(Builtin::Int)));
    assert_eq!(input.namespace.as_deref(), Some("urn:rpc"));
    assert_eq!(add.headers[0].content, PartContent::Element(QName::new("urn:t", "Auth")));
    let ping = &p.operations[1];
    assert!(ping.output.is_none());
    assert_eq!(ping.use_, Use::Encoded);
    // The SOAP 1.1 binding no port uses: a port named after its port type, without address.
    let extra = &s.ports[1];
    assert_eq!((extra.name.as_str(), extra.binding.as_str(), extra.address.clone()), ("Calc", "C11", None));
    assert_eq!(extra.protocol, Protocol::Soap11);
    assert_eq!(extra.operations[0].style, Style::Document);
}

#[test]
fn dangling_wsdl_references_are_collected() {
    let text = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
        xmlns:t="urn:t" targetNamespace="urn:t">
  <message name="In"><part name="p" element="t:Nowhere"/></message>
  <portType name="PT"><operation name="op"><input message="t:Missing"/></operation></portType>
  <binding name="B" type="t:PT"><soap:binding/>
    <operation name="op"><input><soap:body use="literal"/></input></operation>
    <operation name="other"><input><soap:body use="literal"/></input></operation>
  </binding>
  <service name="S"><port name="P" binding="t:B"/><port name="Q" binding="t:Gone"/></service>
</definitions>"#;
    let err = load("dangling-wsdl", &[("d.wsdl", text)]).expect_err("must fail");
    let msgs: Vec<&str> = err.0.iter().map(|d| d.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("t:Missing")), "{err}");
    assert!(msgs.iter().any(|m| m.contains("`other` is not in port type")), "{err}");
    assert!(msgs.iter().any(|m| m.contains("t:Gone")), "{err}");
    assert!(err.0.iter().all(|d| d.span.line > 0 && d.hint.is_some()), "{err}");
}

/// `levels` local elements, each with an anonymous complex type holding the next.
fn nested_schema(levels: usize) -> String {
    let mut s = String::from(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:n">"#);
    s.push_str(r#"<xs:element name="Root"><xs:complexType><xs:sequence>"#);
    for i in 0..levels {
        s.push_str(&format!(r#"<xs:element name="e{i}"><xs:complexType><xs:sequence>"#));
    }
    for _ in 0..levels {
        s.push_str("</xs:sequence></xs:complexType></xs:element>");
    }
    s.push_str("</xs:sequence></xs:complexType></xs:element></xs:schema>");
    s
}

#[test]
fn standalone_schemas_and_deep_nesting() {
    let dir = fixture("deep", &[("ok.xsd", &nested_schema(40)), ("deep.xsd", &nested_schema(3000))]);
    let m = match codegen::xsd::load_schemas(&dir.join("ok.xsd"), &Catalog::default()) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(m.elements[&QName::new("urn:n", "Root")].ty, named("urn:n", "Root"));
    assert!(m.types.contains_key(&QName::new("urn:n", "Root_e0_e1_e2")));
    assert_eq!(m.types.len(), 41);
    let err = codegen::xsd::load_schemas(&dir.join("deep.xsd"), &Catalog::default()).expect_err("too deep");
    assert!(err.0.iter().any(|d| d.message.contains("too deep")), "{err}");
}

#[test]
fn substitution_group_and_global_attribute_enum() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" xmlns="urn:a">
      <xs:element name="Head" type="xs:dateTime"/>
      <xs:element name="Member" substitutionGroup="Head"/>
      <xs:attribute name="mode"><xs:simpleType><xs:restriction base="xs:token">
        <xs:enumeration value="x"/>
      </xs:restriction></xs:simpleType></xs:attribute>
      <xs:simpleType name="mode"><xs:restriction base="xs:string"/></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:attribute ref="mode"/><xs:attribute ref="xml:lang"/></xs:complexType></xs:element>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>"#;
    let s = ok("subst", &[("svc.wsdl", &wsdl(types))]);
    assert_eq!(s.elements[&QName::new("urn:a", "Member")].ty, TypeRef::Builtin(Builtin::DateTime));
    let req = complex(&s, "urn:a", "Req");
    assert_eq!(req.attributes[0].name, QName::new("urn:a", "mode"));
    assert_eq!(req.attributes[0].ty, named("urn:a", "modeAttribute"));
    assert_eq!(req.attributes[1].name, QName::new("http://www.w3.org/XML/1998/namespace", "lang"));
}

#[test]
fn lists_keep_their_item_type_and_anonymous_item_enumerations_get_a_type() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" elementFormDefault="qualified" xmlns:a="urn:a">
      <xs:simpleType name="Ints"><xs:list itemType="xs:int"/></xs:simpleType>
      <xs:simpleType name="Days"><xs:list><xs:simpleType>
        <xs:restriction base="xs:string"><xs:enumeration value="Mon"/><xs:enumeration value="Fri"/></xs:restriction>
      </xs:simpleType></xs:list></xs:simpleType>
      <xs:simpleType name="Codes"><xs:list><xs:simpleType>
        <xs:restriction base="xs:string"><xs:maxLength value="3"/></xs:restriction>
      </xs:simpleType></xs:list></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="ints" type="a:Ints"/>
        <xs:element name="inline"><xs:simpleType><xs:list itemType="xs:decimal"/></xs:simpleType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp" type="a:Days"/>
    </xs:schema>"#;
    let s = ok("lists", &[("svc.wsdl", &wsdl(types))]);
    let simple = |local: &str| match s.types.get(&QName::new("urn:a", local)).map(|t| &t.kind) {
        Some(TypeKind::Simple(st)) => st.clone(),
        other => panic!("{local}: expected a simple type, got {other:?}"),
    };
    let ints = simple("Ints");
    assert!(ints.list);
    assert_eq!(ints.base, TypeRef::Builtin(Builtin::Int));
    let days = simple("Days");
    assert!(days.list);
    let TypeRef::Named(item) = &days.base else { panic!("Days items: {:?}", days.base) };
    assert!(matches!(s.types[item].kind, TypeKind::Enum(_)), "the anonymous item enumeration is a type");
    let codes = simple("Codes");
    assert_eq!(
        (codes.list, codes.base.clone(), codes.facets.max_length),
        (true, TypeRef::Builtin(Builtin::String), Some(3))
    );
    // An element's anonymous list is a named type of its own, like anonymous enumerations.
    let req = complex(&s, "urn:a", "Req");
    let TypeRef::Named(inline) = &field(req, "inline").ty else { panic!("inline list is not a type") };
    match &s.types[inline].kind {
        TypeKind::Simple(st) => assert_eq!((st.list, st.base.clone()), (true, TypeRef::Builtin(Builtin::Decimal))),
        other => panic!("{other:?}"),
    }
    assert_eq!(field(req, "ints").ty, named("urn:a", "Ints"));
}

#[test]
fn a_list_without_an_item_type_is_a_located_error() {
    let types = r#"
    <xs:schema targetNamespace="urn:a" elementFormDefault="qualified" xmlns:a="urn:a">
      <xs:simpleType name="Broken"><xs:list/></xs:simpleType>
      <xs:element name="Req" type="a:Broken"/>
      <xs:element name="Resp" type="xs:string"/>
    </xs:schema>"#;
    let err = load("list-no-item", &[("svc.wsdl", &wsdl(types))]).expect_err("an error");
    let text = err.to_string();
    assert!(text.contains("svc.wsdl:7:") && text.contains("xsd:list without an item type"), "{text}");
    assert!(text.contains("itemType="), "a hint: {text}");
}

/// `xs:anyAttribute`: the complete wildcard of each complex type, with its namespace constraint
/// resolved (##other against the target namespace, ##local as no namespace) and processContents.
#[test]
fn attribute_wildcards_are_kept_with_their_namespace_constraint() {
    use codegen::model::{NamespaceConstraint as N, ProcessContents as P};
    let types = r###"
    <xs:schema targetNamespace="urn:a" xmlns:o="urn:o">
      <xs:attributeGroup name="Open"><xs:attribute name="g" type="xs:string"/><xs:anyAttribute namespace="urn:o urn:p ##local" processContents="skip"/></xs:attributeGroup>
      <xs:attributeGroup name="Outer"><xs:attributeGroup ref="a:Open"/></xs:attributeGroup>
      <xs:complexType name="Any"><xs:sequence/><xs:anyAttribute namespace="##any" processContents="lax"/></xs:complexType>
      <xs:complexType name="Other"><xs:sequence/><xs:anyAttribute namespace="##other" processContents="lax"/></xs:complexType>
      <xs:complexType name="Local"><xs:sequence/><xs:anyAttribute namespace="##local ##targetNamespace"/></xs:complexType>
      <xs:complexType name="Plain"><xs:sequence/><xs:attribute name="x" type="xs:int"/></xs:complexType>
      <xs:complexType name="ViaGroup"><xs:attributeGroup ref="a:Outer"/></xs:complexType>
      <xs:complexType name="Narrowed"><xs:attributeGroup ref="a:Open"/><xs:anyAttribute namespace="##other"/></xs:complexType>
      <xs:complexType name="Extended"><xs:complexContent><xs:extension base="a:Other"><xs:sequence/><xs:anyAttribute namespace="##local ##targetNamespace"/></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="Inherits"><xs:complexContent><xs:extension base="a:Local"><xs:sequence/></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="Restricted"><xs:complexContent><xs:restriction base="a:Any"><xs:sequence/></xs:restriction></xs:complexContent></xs:complexType>
      <xs:complexType name="Text"><xs:simpleContent><xs:extension base="xs:string"><xs:anyAttribute namespace="urn:o"/></xs:extension></xs:simpleContent></xs:complexType>
      <xs:complexType name="TextMore"><xs:simpleContent><xs:extension base="a:Text"><xs:anyAttribute namespace="urn:q"/></xs:extension></xs:simpleContent></xs:complexType>
      <xs:element name="Req" type="a:Any"/>
      <xs:element name="Resp" type="a:Plain"/>
    </xs:schema>"###;
    let s = ok("anyattr", &[("svc.wsdl", &wsdl(types))]);
    let w = |local: &str| complex(&s, "urn:a", local).any_attribute.as_ref().map(|w| (w.namespaces.clone(), w.process));
    let only = |l: &[&str]| N::Only(l.iter().map(|s| s.to_string()).collect());
    assert_eq!(w("Any"), Some((N::Any, P::Lax)));
    assert_eq!(w("Other"), Some((N::Not("urn:a".into()), P::Lax)));
    assert_eq!(w("Local"), Some((only(&["", "urn:a"]), P::Strict)));
    assert_eq!(w("Plain"), None);
    // Through an attribute group (nested): the group's wildcard and processContents.
    assert_eq!(w("ViaGroup"), Some((only(&["urn:o", "urn:p", ""]), P::Skip)));
    assert_eq!(complex(&s, "urn:a", "ViaGroup").attributes.len(), 1);
    // Own and group wildcards intersect (##other drops no namespace); processContents is the own.
    assert_eq!(w("Narrowed"), Some((only(&["urn:o", "urn:p"]), P::Strict)));
    // An extension unites its wildcard with its base's (own processContents), or inherits it.
    assert_eq!(w("Extended"), Some((N::Any, P::Strict)));
    assert_eq!(w("Inherits"), w("Local"));
    // A restriction has its own wildcard only.
    assert_eq!(w("Restricted"), None);
    assert_eq!(w("Text"), Some((only(&["urn:o"]), P::Strict)));
    assert_eq!(w("TextMore"), Some((only(&["urn:q", "urn:o"]), P::Strict)));
    assert!(N::Not("urn:a".into()).allows("urn:b") && !N::Not("urn:a".into()).allows("urn:a"));
    assert!(!N::Not("urn:a".into()).allows(""), "##other never allows unqualified attributes");
}

#[test]
fn a_bad_attribute_wildcard_is_a_located_error() {
    let types = r###"
    <xs:schema targetNamespace="urn:a">
      <xs:complexType name="T"><xs:sequence/><xs:anyAttribute namespace="##others"/></xs:complexType>
      <xs:complexType name="U"><xs:sequence/><xs:anyAttribute processContents="loose"/></xs:complexType>
      <xs:complexType name="B"><xs:sequence/><xs:anyAttribute namespace="##other"/></xs:complexType>
      <xs:complexType name="E"><xs:complexContent><xs:extension base="a:B"><xs:anyAttribute namespace="##local"/></xs:extension></xs:complexContent></xs:complexType>
      <xs:element name="Req" type="a:T"/>
      <xs:element name="Resp" type="a:U"/>
    </xs:schema>"###;
    let err = load("anyattr-bad", &[("svc.wsdl", &wsdl(types))]).expect_err("must fail");
    let text = err.to_string();
    let d = err.0.iter().find(|d| d.message.contains("##others")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(d.span.line, 7, "{text}");
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("##other")), "{text}");
    let d = err.0.iter().find(|d| d.message.contains("loose")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(d.span.line, 8, "{text}");
    // ##other (not urn:a, not absent) united with ##local: XSD 1.0 cannot express it.
    let d = err.0.iter().find(|d| d.message.contains("cannot be united")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(d.span.line, 10, "{text}");
}

/// A simpleContent restriction's facets and enumerations narrow its base's text: the text gets an
/// anonymous simple type (or enumeration) over the base's, and the base's attributes are kept.
/// Facets on a type without simple content are a located error.
#[test]
fn a_simple_content_restriction_narrows_the_text() {
    let types = r###"
    <xs:schema targetNamespace="urn:a">
      <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]+"/></xs:restriction></xs:simpleType>
      <xs:complexType name="Amount"><xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="cur" type="a:Code"/></xs:extension></xs:simpleContent></xs:complexType>
      <xs:complexType name="Small"><xs:simpleContent><xs:restriction base="a:Amount"><xs:totalDigits value="5"/><xs:fractionDigits value="2"/></xs:restriction></xs:simpleContent></xs:complexType>
      <xs:complexType name="Smaller"><xs:simpleContent><xs:restriction base="a:Small"><xs:maxInclusive value="100"/></xs:restriction></xs:simpleContent></xs:complexType>
      <xs:complexType name="Coded"><xs:simpleContent><xs:extension base="a:Code"><xs:attribute name="v" type="xs:int"/></xs:extension></xs:simpleContent></xs:complexType>
      <xs:complexType name="Pick"><xs:simpleContent><xs:restriction base="a:Coded"><xs:enumeration value="EUR"/><xs:enumeration value="USD"/></xs:restriction></xs:simpleContent></xs:complexType>
      <xs:complexType name="Same"><xs:simpleContent><xs:restriction base="a:Amount"/></xs:simpleContent></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="s" type="a:Smaller"/><xs:element name="p" type="a:Pick"/><xs:element name="x" type="a:Same"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp" type="a:Small"/>
    </xs:schema>"###;
    let s = ok("simple-restriction", &[("svc.wsdl", &wsdl(types))]);
    let text = |local: &str| match &complex(&s, "urn:a", local).text {
        Some(TypeRef::Named(q)) => (q.clone(), s.types[q].kind.clone()),
        other => panic!("{local}: {other:?}"),
    };
    let (small, kind) = text("Small");
    assert_eq!(small, QName::new("urn:a", "Small_value"));
    let TypeKind::Simple(st) = kind else { panic!("{kind:?}") };
    assert_eq!(
        (st.base, st.facets.total_digits, st.facets.fraction_digits),
        (TypeRef::Builtin(Builtin::Decimal), Some(5), Some(2))
    );
    // Restricted again: over the restricted text, so both restrictions' facets apply.
    let (_, kind) = text("Smaller");
    let TypeKind::Simple(st) = kind else { panic!("{kind:?}") };
    assert_eq!((st.base, st.facets.max_inclusive.as_deref()), (TypeRef::Named(small), Some("100")));
    assert_eq!(complex(&s, "urn:a", "Smaller").attributes[0].name.local, "cur");
    // Enumerations over a named simple type: an enumeration of its builtin.
    let (_, kind) = text("Pick");
    let TypeKind::Enum(e) = kind else { panic!("{kind:?}") };
    assert_eq!(e.base, TypeRef::Builtin(Builtin::String));
    assert_eq!(e.values.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(), ["EUR", "USD"]);
    // No facet: the base's text as it is.
    assert_eq!(complex(&s, "urn:a", "Same").text, Some(TypeRef::Builtin(Builtin::Decimal)));

    let bad = r###"
    <xs:schema targetNamespace="urn:a">
      <xs:complexType name="Empty"><xs:sequence/></xs:complexType>
      <xs:complexType name="T"><xs:simpleContent><xs:restriction base="a:Empty"><xs:maxLength value="3"/></xs:restriction></xs:simpleContent></xs:complexType>
      <xs:element name="Req" type="a:T"/>
      <xs:element name="Resp" type="a:T"/>
    </xs:schema>"###;
    let err = load("simple-restriction-bad", &[("svc.wsdl", &wsdl(bad))]).expect_err("must fail");
    let text = err.to_string();
    let d = err.0.iter().find(|d| d.message.contains("no simple content")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(d.span.line, 8, "{text}");
}
