//! Derivations and substitution groups (`codegen::hierarchy`), their names and their rendering, on
//! the hand-written fixture tests/fixtures/poly (abstract base, two levels of derivation, a
//! derived type in another namespace, one reachable only through xsi:type, a substitution group
//! with a member of a member, a derived type that contains its base) and on small inline schemas.

use std::path::{Path, PathBuf};

use codegen::hierarchy::Hierarchy;
use codegen::load::Catalog;
use codegen::model::{QName, Service, TypeKind};
use codegen::naming::Names;

const D: &str = "urn:x-poly:draw";
const X: &str = "urn:x-poly:ext";

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/poly")
}

fn fixture() -> Service {
    codegen::wsdl::load_wsdl(&fixture_dir().join("drawing.wsdl"), &Catalog::default()).unwrap_or_else(|d| panic!("{d}"))
}

fn q(ns: &str, local: &str) -> QName {
    QName::new(ns, local)
}

fn qs(list: &[(&str, &str)]) -> Vec<QName> {
    list.iter().map(|(ns, l)| q(ns, l)).collect()
}

#[test]
fn variants_are_the_type_unless_abstract_then_every_non_abstract_descendant() {
    let h = Hierarchy::of(&fixture());
    let shape =
        qs(&[(D, "Circle"), (D, "ColoredSquare"), (D, "Frame"), (D, "SmallTriangle"), (D, "Square"), (D, "Triangle")]);
    assert_eq!(h.variants(&q(D, "Shape")), Some(shape.as_slice()), "two levels down, Triangle only via xsi:type");
    // Derived by restriction: SmallTriangle stands for Triangle (and Shape) too.
    assert_eq!(h.variants(&q(D, "Triangle")), Some(qs(&[(D, "Triangle"), (D, "SmallTriangle")]).as_slice()));
    assert_eq!(h.base(&q(D, "SmallTriangle")), Some(&q(D, "Triangle")));
    assert_eq!(h.variants(&q(D, "Square")), Some(qs(&[(D, "Square"), (D, "ColoredSquare")]).as_slice()));
    assert_eq!(h.variants(&q(D, "Payment")), Some(qs(&[(D, "Payment"), (X, "CardPayment")]).as_slice()));
    for plain in ["Point", "Circle", "ColoredSquare", "Drawing"] {
        assert!(!h.is_polymorphic(&q(D, plain)), "{plain} has no derived type");
    }
    assert_eq!(h.base(&q(D, "ColoredSquare")), Some(&q(D, "Square")));
    let bases: Vec<&QName> = h.polymorphic().map(|(t, _)| t).collect();
    assert_eq!(bases, [&q(D, "Payment"), &q(D, "Shape"), &q(D, "Square"), &q(D, "Triangle")]);
}

#[test]
fn a_restriction_keeps_its_base_attributes_less_the_prohibited_ones() {
    let s = fixture();
    let TypeKind::Complex(small) = &s.types[&q(D, "SmallTriangle")].kind else { panic!("complex") };
    let attributes: Vec<&str> = small.attributes.iter().map(|a| a.name.local.as_str()).collect();
    assert_eq!(attributes, ["filled"], "label is prohibited, filled inherited from Triangle");
    let fields: Vec<&str> = small.fields.iter().map(|f| f.name.local.as_str()).collect();
    assert_eq!(fields, ["id", "base", "height"], "its own content, declared again");
    let TypeKind::Complex(triangle) = &s.types[&q(D, "Triangle")].kind else { panic!("complex") };
    let attributes: Vec<&str> = triangle.attributes.iter().map(|a| a.name.local.as_str()).collect();
    assert_eq!(attributes, ["label", "filled"]);
}

#[test]
fn groups_hold_non_abstract_members_transitively_and_only_references_substitute() {
    let s = fixture();
    let h = Hierarchy::of(&s);
    let shape = s.elements.get(&q(D, "shape")).expect("shape");
    assert!(shape.is_abstract);
    assert_eq!(s.elements.get(&q(D, "coloredSquare")).and_then(|e| e.substitution_group.clone()), Some(q(D, "square")));
    let members = qs(&[(D, "circle"), (D, "coloredSquare"), (D, "square")]);
    assert_eq!(h.members(&q(D, "shape")), Some(members.as_slice()), "the abstract head is no member");
    assert_eq!(h.members(&q(D, "square")), Some(qs(&[(D, "square"), (D, "coloredSquare")]).as_slice()));
    let Some(TypeKind::Complex(drawing)) = s.types.get(&q(D, "Drawing")).map(|t| &t.kind) else { panic!("Drawing") };
    let by_name = |local: &str| drawing.fields.iter().find(|f| f.name.local == local).expect("field");
    assert!(h.group_of(by_name("shape")).is_some());
    assert!(h.group_of(by_name("focus")).is_none());
    // A local element named like a head is no reference: nothing may stand for it.
    let mut local = by_name("shape").clone();
    local.element_ref = false;
    assert!(h.group_of(&local).is_none());
}

#[test]
fn enums_and_variants_are_named_after_the_types_and_elements() {
    let s = fixture();
    let names = Names::decide(&s, "Drawing");
    assert_eq!(names.poly(&q(D, "Shape")), Some("AnyShape"));
    assert_eq!(names.poly(&q(D, "Point")), None);
    assert_eq!(names.value_ty(&q(D, "Shape")), Some("AnyShape"));
    assert_eq!(names.value_ty(&q(D, "Point")), Some("Point"));
    let variants: Vec<&str> = (0..6).map(|i| names.poly_variant(&q(D, "Shape"), i)).collect();
    assert_eq!(variants, ["Circle", "ColoredSquare", "Frame", "SmallTriangle", "Square", "Triangle"]);
    assert_eq!(names.group(&q(D, "shape")), Some("ShapeGroup"));
    // No element references `square`: its group is not rendered, so not named.
    assert_eq!(names.group(&q(D, "square")), None);
    let members: Vec<&str> = (0..3).map(|i| names.group_variant(&q(D, "shape"), i)).collect();
    assert_eq!(members, ["Circle", "ColoredSquare", "Square"]);
}

/// A WSDL whose one operation sends `a:Req` and receives `a:Resp`, with `schema` (urn:a) inline.
fn wsdl(schema: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<wsdl:definitions name="Defs" targetNamespace="urn:a" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:a="urn:a">
  <wsdl:types>
    <xs:schema targetNamespace="urn:a" elementFormDefault="qualified">
{schema}
      <xs:element name="Resp"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="parameters" element="a:Req"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="a:Resp"/></wsdl:message>
  <wsdl:portType name="PT"><wsdl:operation name="op"><wsdl:input message="a:In"/><wsdl:output message="a:Out"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="a:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="op"><soap:operation soapAction="urn:op"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Svc"><wsdl:port name="P" binding="a:B"><soap:address location="https://example.test/a"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

fn write(test: &str, schema: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-hierarchy-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join("a.wsdl");
    std::fs::write(&path, wsdl(schema)).expect("write");
    path
}

fn generate(test: &str, schema: &str) -> Result<Vec<codegen::rust::File>, codegen::diag::Diagnostics> {
    codegen::generate::from_wsdl(&write(test, schema), &Catalog::default(), test)
}

fn file<'f>(files: &'f [codegen::rust::File], name: &str) -> &'f str {
    files.iter().find(|f| f.name == name).map(|f| f.contents.as_str()).unwrap_or_default()
}

#[test]
fn names_taken_by_the_spec_are_numbered_and_unknown_stays_the_catch_all() {
    // The spec already has `AnyBase` and `HeadGroup`, and a derived type named `Unknown`.
    let schema = r#"
      <xs:complexType name="Base"><xs:sequence><xs:element name="id" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:complexType name="Unknown"><xs:complexContent><xs:extension base="a:Base"/></xs:complexContent></xs:complexType>
      <xs:complexType name="AnyBase"><xs:sequence/></xs:complexType>
      <xs:complexType name="HeadGroup"><xs:sequence/></xs:complexType>
      <xs:element name="head" type="a:Base"/>
      <xs:element name="member" type="a:Unknown" substitutionGroup="a:head"/>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="b" type="a:Base"/><xs:element ref="a:head"/>
        <xs:element name="x" type="a:AnyBase"/><xs:element name="y" type="a:HeadGroup"/>
      </xs:sequence></xs:complexType></xs:element>"#;
    let s = codegen::wsdl::load_wsdl(&write("collide", schema), &Catalog::default()).unwrap_or_else(|d| panic!("{d}"));
    let names = Names::decide(&s, "Svc");
    assert_eq!(names.ty(&q("urn:a", "AnyBase")), Some("AnyBase"));
    assert_eq!(names.poly(&q("urn:a", "Base")), Some("AnyBase2"));
    assert_eq!(names.poly_variant(&q("urn:a", "Base"), 1), "Unknown2");
    assert_eq!(names.group(&q("urn:a", "head")), Some("HeadGroup2"));
    let files = generate("collide", schema).unwrap_or_else(|d| panic!("{d}"));
    let types = file(&files, "types.rs");
    assert!(types.contains("pub enum AnyBase2 {") && types.contains("Unknown2(Unknown),"), "{types}");
    assert!(types.contains("pub head: HeadGroup2,") && types.contains("pub b: AnyBase2,"), "{types}");
    // The same names whatever the number of parts the types are rendered in.
    let again =
        codegen::generate::from_wsdl_in_parts(&write("collide", schema), &Catalog::default(), "collide", Some(3))
            .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(files, again);
}

#[test]
fn a_derived_type_holding_its_base_is_boxed_once() {
    let files = codegen::generate::from_manifest(&fixture_dir().join("service.toml"), "fixture")
        .map(|(_, f)| f)
        .unwrap_or_else(|d| panic!("{d}"));
    let types = file(&files, "types.rs");
    let boxed: Vec<&str> = types
        .lines()
        .filter(|l| l.contains("Box<") && l.trim_start().starts_with("pub ") && !l.contains("pub fn"))
        .collect();
    assert_eq!(boxed, ["    pub inner: Box<AnyShape>,"], "only Frame.inner closes a cycle");
}

#[test]
fn recursion_through_an_enum_is_broken_at_a_field_not_a_variant() {
    // Node's only field is a list; the cycle Leaf -> AnyNode -> Leaf (through the variant) is
    // broken at Leaf's single field, so the enum's variants stay unboxed.
    let schema = r#"
      <xs:complexType name="Node"><xs:sequence><xs:element name="kids" type="a:Node" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
      <xs:complexType name="Leaf"><xs:complexContent><xs:extension base="a:Node"><xs:sequence>
        <xs:element name="parent" type="a:Node" minOccurs="0"/>
      </xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence><xs:element name="n" type="a:Node"/></xs:sequence></xs:complexType></xs:element>"#;
    let files = generate("recursive", schema).unwrap_or_else(|d| panic!("{d}"));
    let types = file(&files, "types.rs");
    assert!(types.contains("pub parent: Option<Box<AnyNode>>,"), "{types}");
    assert!(types.contains("pub kids: Vec<AnyNode>,"), "{types}");
    assert!(types.contains("    Leaf(Leaf),"), "the variant itself is not boxed: {types}");
}

#[test]
fn an_undeclared_substitution_group_head_is_a_located_error() {
    let schema = r#"
      <xs:element name="member" type="xs:string" substitutionGroup="a:nowhere"/>
      <xs:element name="Req"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"#;
    let err = generate("nohead", schema).expect_err("an undeclared head");
    let d = err.0.iter().find(|d| d.message.contains("substitution group head")).unwrap_or_else(|| panic!("{err}"));
    assert!(d.message.contains("{urn:a}nowhere"), "{}", d.message);
    assert!(d.span.file.ends_with("a.wsdl") && d.span.line > 1 && d.span.col > 1, "{:?}", d.span);
    assert!(d.hint.is_some());
}

#[test]
fn cyclic_substitution_groups_terminate() {
    let schema = r#"
      <xs:element name="p" type="xs:string" substitutionGroup="a:q"/>
      <xs:element name="q" type="xs:string" substitutionGroup="a:p"/>
      <xs:element name="Req"><xs:complexType><xs:sequence><xs:element ref="a:p"/></xs:sequence></xs:complexType></xs:element>"#;
    let s = codegen::wsdl::load_wsdl(&write("cycle", schema), &Catalog::default()).unwrap_or_else(|d| panic!("{d}"));
    let h = Hierarchy::of(&s);
    assert_eq!(h.members(&q("urn:a", "p")), Some(qs(&[("urn:a", "p"), ("urn:a", "q")]).as_slice()));
    let files = generate("cycle", schema).unwrap_or_else(|d| panic!("{d}"));
    assert!(file(&files, "types.rs").contains("pub enum PGroup {"));
}
