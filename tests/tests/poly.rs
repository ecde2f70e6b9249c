//! Polymorphism on the wire, through the code generated for tests/fixtures/poly (`tests::poly`):
//! `xsi:type` read by namespace URI whatever the prefixes, written with a declared prefix, unknown
//! types kept, abstract types refused (strict) or kept (lenient), substitution group members told
//! apart by element name, and a derived type that contains its base. Our output is validated by
//! xmllint against the fixture's schemas when xmllint is installed, and the generated client and
//! server exchange derived types over 127.0.0.1.
#![deny(warnings)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use codegen::load::Catalog;
use runtime::endpoint::Endpoint;
use runtime::xml::{
    Decimal, Deviation, DeviationKind, FromXml, Nillable, RawXml, ReadOptions, ToXml, UnknownType, XmlError, XmlReader,
    XmlWriter,
};
use tests::corpus::workspace;
use tests::poly::server::{DrawingService, router};
use tests::poly::*;
use tests::{schema_set, xml_equiv, xmllint};

const D: &str = "urn:x-poly:draw";
const X: &str = "urn:x-poly:ext";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn dec(s: &str) -> Decimal {
    Decimal::new(s).expect("decimal")
}

/// Reads the document element `{D}local` of `xml` as a `T`, with the deviations recorded.
fn read<T: FromXml>(xml: &str, local: &str, strict: bool) -> Result<(T, Vec<Deviation>), XmlError> {
    let options = if strict { ReadOptions::strict() } else { ReadOptions::default() };
    let mut r = XmlReader::new(xml.as_bytes(), options);
    let el = r.root()?;
    assert!(el.is(D, local), "root is {}", el.qualified_name());
    let value = T::read_xml(&mut r, &el)?;
    let deviations = r.finish()?;
    Ok((value, deviations))
}

fn write<T: ToXml>(local: &str, value: &T) -> String {
    let mut w = XmlWriter::new();
    w.element(D, local, value);
    String::from_utf8(w.into_bytes()).expect("UTF-8")
}

fn origin() -> Point {
    Point::new(1, 2)
}

fn colored(id: &str) -> ColoredSquare {
    let mut c = ColoredSquare::new(id, dec("2.5"), "red");
    c.label = Some("a&b".into());
    c.opacity = Some(dec("0.5"));
    c
}

/// A drawing using every kind of variant: derived types two levels down and in another namespace,
/// the type reachable only through xsi:type, members of a member of the substitution group, a
/// derived type holding its base, and a nil of the abstract type.
fn full_drawing() -> Drawing {
    let mut d = Drawing::new(origin(), colored("focus"));
    let triangle = Triangle::new("t", dec("3"), dec("4"));
    let frame = Frame::new("outer", Box::new(Frame::new("inner", Box::new(triangle.into())).into()));
    d.highlight = Some(Nillable::Value(frame.into()));
    d.shape = vec![
        ShapeGroup::Circle(Circle::new("c", dec("1"))),
        ShapeGroup::ColoredSquare(colored("cs")),
        ShapeGroup::Square(AnySquare::ColoredSquare(colored("sq-as-colored"))),
        ShapeGroup::Square(Square::new("sq", dec("2")).into()),
    ];
    d.payment = Some(CardPayment::new(dec("10.00"), "4242").into());
    d
}

/// The fixture's schema set for xmllint, written once per test binary.
fn schema() -> Option<PathBuf> {
    if !xmllint::available() {
        eprintln!("note: xmllint not installed; outputs are not validated");
        return None;
    }
    static SCHEMA: Mutex<Option<PathBuf>> = Mutex::new(None);
    let mut slot = SCHEMA.lock().expect("schema lock");
    if slot.is_none() {
        let wsdl = workspace().join("tests/fixtures/poly/drawing.wsdl");
        let service = codegen::wsdl::load_wsdl(&wsdl, &Catalog::default()).expect("fixture loads");
        let dir = workspace().join("target/poly-schema");
        *slot = Some(schema_set::write(&wsdl, &Catalog::default(), &service, &dir).expect("schema set"));
    }
    slot.clone()
}

/// xmllint's verdict on a `draw` document holding `drawing`.
fn assert_valid(drawing: &Drawing, name: &str) {
    let Some(schema) = schema() else { return };
    let xml = write("draw", &Draw::new(drawing.clone()));
    let scratch = workspace().join(format!("target/poly-schema/{name}.xml"));
    if let Err(e) = xmllint::validate(&schema, &xml, &scratch) {
        panic!("our output is not valid: {e}\n{xml}");
    }
}

#[test]
fn xsi_type_is_resolved_by_namespace_whatever_the_prefix() {
    // xsi bound to `inst`, the draw namespace to three prefixes, the derived type's namespace
    // declared on the element itself, and an unprefixed xsi:type under a default namespace.
    let xml = r#"<zz:drawing xmlns:zz="urn:x-poly:draw" xmlns:inst="http://www.w3.org/2001/XMLSchema-instance" xmlns:q9="urn:x-poly:draw">
        <zz:origin><zz:x>1</zz:x><zz:y>2</zz:y></zz:origin>
        <zz:focus inst:type="q9:ColoredSquare" label="a&amp;b" opacity="0.5"><zz:id>focus</zz:id><zz:side>2.5</zz:side><q9:color>red</q9:color></zz:focus>
        <highlight xmlns="urn:x-poly:draw" inst:type="Triangle"><id>t</id><base>3</base><height>4</height></highlight>
        <zz:payment xmlns:pay="urn:x-poly:ext" inst:type="pay:CardPayment"><zz:amount>10.00</zz:amount><pay:last4>4242</pay:last4></zz:payment>
    </zz:drawing>"#;
    let (d, deviations): (Drawing, _) = read(xml, "drawing", true).expect("strict read");
    assert!(deviations.is_empty());
    assert_eq!(d.focus, AnyShape::ColoredSquare(colored("focus")));
    assert_eq!(d.highlight, Some(Nillable::Value(AnyShape::Triangle(Triangle::new("t", dec("3"), dec("4"))))));
    assert_eq!(d.payment, Some(AnyPayment::CardPayment(CardPayment::new(dec("10.00"), "4242"))));
}

#[test]
fn a_type_derived_by_restriction_stands_for_its_base() {
    let xml = r#"<d:drawing xmlns:d="urn:x-poly:draw" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <d:origin><d:x>1</d:x><d:y>2</d:y></d:origin>
        <d:focus xsi:type="d:SmallTriangle" filled="true"><d:id>s</d:id><d:base>0.5</d:base><d:height>1</d:height></d:focus>
    </d:drawing>"#;
    let (d, deviations): (Drawing, _) = read(xml, "drawing", true).expect("strict read");
    assert!(deviations.is_empty());
    let mut small = SmallTriangle::new("s", dec("0.5"), dec("1"));
    small.filled = Some(true);
    assert_eq!(d.focus, AnyShape::SmallTriangle(small.clone()));
    // Written with its xsi:type, valid for the schema, read back equal.
    let d = Drawing::new(Point::new(0, 0), small);
    let out = write("drawing", &d);
    assert!(out.contains(":SmallTriangle\""), "{out}");
    assert_valid(&d, "small-triangle");
    assert_eq!(read::<Drawing>(&out, "drawing", true).expect("read back").0, d);
    // Its restricted facets are its own: a side of 2 is refused before sending.
    let big = Drawing::new(Point::new(0, 0), SmallTriangle::new("s", dec("2"), dec("1")));
    let errors = runtime::validate::validate("drawing", &big).expect_err("base > 1");
    assert_eq!(errors.0[0].path, "drawing.focus.base");
}

#[test]
fn a_prefix_bound_to_another_namespace_names_another_type() {
    // `d:Circle` with d bound to another URI is not the fixture's Circle: kept, not misread.
    let xml = r#"<d:drawing xmlns:d="urn:x-poly:draw" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <d:origin><d:x>1</d:x><d:y>2</d:y></d:origin>
        <p:focus xmlns:d="urn:x-other" xmlns:p="urn:x-poly:draw" xsi:type="d:Circle"><p:id>c</p:id><p:radius>1</p:radius></p:focus>
    </d:drawing>"#;
    let (d, deviations): (Drawing, _) = read(xml, "drawing", false).expect("lenient read");
    let AnyShape::Unknown(u) = &d.focus else { panic!("read as {:?}", d.focus) };
    assert_eq!(u.type_name, Some(("urn:x-other".to_string(), "Circle".to_string())));
    assert_eq!(deviations.len(), 1);
    assert_eq!(deviations[0].kind, DeviationKind::UnknownType);
    assert_eq!(deviations[0].path, "/drawing/focus");
}

#[test]
fn derived_variants_are_written_with_a_declared_xsi_type_and_read_back_equal() {
    let d = full_drawing();
    let xml = write("drawing", &d);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed output");
    let typed: Vec<(String, String, String)> = doc
        .descendants()
        .filter_map(|n| {
            let value = n.attribute((XSI, "type"))?;
            let (prefix, local) = value.split_once(':').expect("a prefixed xsi:type");
            let ns = n.lookup_namespace_uri(Some(prefix)).expect("the xsi:type prefix is declared");
            Some((n.tag_name().name().to_string(), ns.to_string(), local.to_string()))
        })
        .collect();
    let expect = |el: &str, ns: &str, ty: &str| (el.to_string(), ns.to_string(), ty.to_string());
    assert!(typed.contains(&expect("focus", D, "ColoredSquare")), "{typed:?}");
    assert!(typed.contains(&expect("payment", X, "CardPayment")), "{typed:?}");
    assert!(typed.contains(&expect("highlight", D, "Frame")), "{typed:?}");
    assert!(typed.contains(&expect("inner", D, "Frame")), "{typed:?}");
    assert!(typed.contains(&expect("inner", D, "Triangle")), "{typed:?}");
    assert!(typed.contains(&expect("square", D, "ColoredSquare")), "{typed:?}");
    // Members of the substitution group go under their own names; the declared type, none.
    let names: Vec<&str> =
        doc.root_element().children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    assert_eq!(names, ["origin", "focus", "highlight", "circle", "coloredSquare", "square", "square", "payment"]);
    let plain = doc.descendants().filter(|n| n.tag_name().name() == "circle" || n.tag_name().name() == "coloredSquare");
    assert!(plain.clone().count() == 2 && plain.into_iter().all(|n| n.attribute((XSI, "type")).is_none()));
    // Base fields first, then the extension's.
    let focus = doc.descendants().find(|n| n.has_tag_name((D, "focus"))).expect("focus");
    let order: Vec<&str> = focus.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    assert_eq!(order, ["id", "side", "color"]);

    let (again, deviations): (Drawing, _) = read(&xml, "drawing", true).expect("strict read of our output");
    assert!(deviations.is_empty());
    assert_eq!(again, d);
    runtime::validate::validate("drawing", &d).expect("known types validate");
    assert_valid(&d, "full");
}

#[test]
fn an_unknown_xsi_type_is_kept_and_written_back() {
    let focus = r#"<d:focus xmlns:d="urn:x-poly:draw" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:n="urn:x-poly:future" xsi:type="n:Hexagon" label="h" n:edge="thin"><d:id>h1</d:id><n:sides n:kind="regular">6</n:sides></d:focus>"#;
    let xml = format!(
        r#"<d:drawing xmlns:d="urn:x-poly:draw"><d:origin><d:x>1</d:x><d:y>2</d:y></d:origin>{focus}</d:drawing>"#
    );
    let (d, deviations): (Drawing, _) = read(&xml, "drawing", false).expect("lenient read");
    let AnyShape::Unknown(u) = &d.focus else { panic!("read as {:?}", d.focus) };
    assert_eq!(u.type_name, Some(("urn:x-poly:future".to_string(), "Hexagon".to_string())));
    assert_eq!(
        u.attributes,
        [
            ("".to_string(), "label".to_string(), "h".to_string()),
            ("urn:x-poly:future".into(), "edge".into(), "thin".into())
        ]
    );
    assert!(u.content.0.contains("sides") && u.content.0.contains(">6<"), "{:?}", u.content);
    assert_eq!((deviations.len(), deviations[0].kind), (1, DeviationKind::UnknownType));
    // Written back: the same element, namespaces compared by URI.
    let out = write("focus", &d.focus);
    xml_equiv::equivalent(focus, &out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    // Strict reading reports it; validation refuses to send what it cannot check.
    match read::<Drawing>(&xml, "drawing", true) {
        Err(XmlError::Deviations(list)) => assert_eq!(list[0].kind, DeviationKind::UnknownType),
        other => panic!("strict read gave {other:?}"),
    }
    let errors = runtime::validate::validate("drawing", &d).expect_err("an unknown type cannot be checked");
    assert_eq!(errors.0[0].path, "drawing.focus");
    assert!(errors.0[0].rule.contains("{urn:x-poly:future}Hexagon"), "{}", errors.0[0].rule);
}

#[test]
fn an_abstract_type_without_xsi_type_is_an_error_strictly_and_kept_leniently() {
    let xml = r#"<d:drawing xmlns:d="urn:x-poly:draw"><d:origin><d:x>1</d:x><d:y>2</d:y></d:origin><d:focus label="x"><d:id>s</d:id></d:focus></d:drawing>"#;
    match read::<Drawing>(xml, "drawing", true) {
        Err(XmlError::AbstractType { path, type_name }) => {
            assert_eq!((path.as_str(), type_name.as_str()), ("/drawing/focus", "{urn:x-poly:draw}Shape"))
        }
        other => panic!("strict read gave {other:?}"),
    }
    let (d, deviations): (Drawing, _) = read(xml, "drawing", false).expect("lenient read");
    assert_eq!((deviations.len(), deviations[0].kind), (1, DeviationKind::AbstractType));
    let expected = UnknownType {
        type_name: None,
        attributes: vec![("".into(), "label".into(), "x".into())],
        content: RawXml(r#"<d:id xmlns:d="urn:x-poly:draw">s</d:id>"#.into()),
    };
    assert_eq!(d.focus, AnyShape::Unknown(expected));
    // The same goes for xsi:type naming the abstract type itself.
    let named = xml.replace(
        r#"<d:focus label="x">"#,
        r#"<d:focus xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="d:Shape">"#,
    );
    assert!(matches!(read::<Drawing>(&named, "drawing", true), Err(XmlError::AbstractType { .. })));
}

#[test]
fn an_xsi_type_with_an_undeclared_prefix_is_an_error() {
    let xml = r#"<d:drawing xmlns:d="urn:x-poly:draw" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><d:origin><d:x>1</d:x><d:y>2</d:y></d:origin><d:focus xsi:type="nope:Circle"><d:id>c</d:id><d:radius>1</d:radius></d:focus></d:drawing>"#;
    match read::<Drawing>(xml, "drawing", false) {
        Err(XmlError::UnboundPrefix { prefix, .. }) => assert_eq!(prefix, "nope"),
        other => panic!("read gave {other:?}"),
    }
}

#[test]
fn substitution_group_members_are_told_apart_by_element_name() {
    let xml = r#"<d:drawing xmlns:d="urn:x-poly:draw" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <d:origin><d:x>1</d:x><d:y>2</d:y></d:origin>
        <d:focus xsi:type="d:Circle"><d:id>f</d:id><d:radius>1</d:radius></d:focus>
        <d:square><d:id>s</d:id><d:side>2</d:side></d:square>
        <d:coloredSquare label="a&amp;b" opacity="0.5"><d:id>cs</d:id><d:side>2.5</d:side><d:color>red</d:color></d:coloredSquare>
        <d:square xsi:type="d:ColoredSquare" label="a&amp;b" opacity="0.5"><d:id>cs</d:id><d:side>2.5</d:side><d:color>red</d:color></d:square>
        <d:circle><d:id>c</d:id><d:radius>1</d:radius></d:circle>
    </d:drawing>"#;
    let (d, deviations): (Drawing, _) = read(xml, "drawing", true).expect("strict read");
    assert!(deviations.is_empty());
    assert_eq!(
        d.shape,
        [
            ShapeGroup::Square(AnySquare::Square(Square::new("s", dec("2")))),
            ShapeGroup::ColoredSquare(colored("cs")),
            ShapeGroup::Square(AnySquare::ColoredSquare(colored("cs"))),
            ShapeGroup::Circle(Circle::new("c", dec("1"))),
        ]
    );
    let out = write("drawing", &d);
    xml_equiv::equivalent(xml, &out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_valid(&d, "group");
    // The abstract head itself is no member: unexpected there.
    let head =
        xml.replace("<d:circle><d:id>c</d:id><d:radius>1</d:radius></d:circle>", "<d:shape><d:id>x</d:id></d:shape>");
    let (d, deviations): (Drawing, _) = read(&head, "drawing", false).expect("lenient read");
    assert_eq!(d.shape.len(), 3);
    assert_eq!(deviations[0].kind, DeviationKind::Unexpected);
}

#[test]
fn a_nil_element_of_an_abstract_type_names_a_concrete_type() {
    let mut d = Drawing::new(origin(), Circle::new("c", dec("1")));
    d.highlight = Some(Nillable::Nil);
    let xml = write("drawing", &d);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let h = doc.descendants().find(|n| n.has_tag_name((D, "highlight"))).expect("highlight");
    assert_eq!(h.attribute((XSI, "nil")), Some("true"));
    assert!(h.attribute((XSI, "type")).is_some_and(|t| t.ends_with(":Circle")), "{xml}");
    let (again, _): (Drawing, _) = read(&xml, "drawing", true).expect("strict read");
    assert_eq!(again, d);
    assert_valid(&d, "nil");
}

#[test]
fn minimal_values_validate_and_constructors_take_any_variant() {
    // Types with no derived type keep their struct; fields of a polymorphic type take any variant.
    let d = Drawing::new(Point::new(0, 0), Triangle::new("t", dec("1"), dec("1")));
    assert!(matches!(d.focus, AnyShape::Triangle(_)));
    assert_eq!(AnyPayment::default(), AnyPayment::Payment(Payment::default()));
    assert!(matches!(AnyShape::default(), AnyShape::Unknown(_)));
    assert_valid(&d, "minimal");
    let (again, _): (Drawing, _) = read(&write("drawing", &d), "drawing", true).expect("strict read");
    assert_eq!(again, d);
}

/// Answers every draw with the number of group members and the focus it was sent.
#[derive(Clone, Default)]
struct Echo {
    received: Arc<Mutex<Vec<Draw>>>,
}

impl DrawingService for Echo {
    async fn draw(&self, request: Draw) -> Result<DrawResponse, runtime::server::Error> {
        let mut response = DrawResponse::new(request.drawing.shape.len() as i32);
        response.largest = Some(request.drawing.focus.clone());
        self.received.lock().expect("received").push(request);
        Ok(response)
    }
}

#[tokio::test]
async fn client_and_server_exchange_derived_types() {
    let echo = Echo::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("address");
    let app = router(echo.clone());
    let task = tokio::spawn(async move {
        let _ = runtime::server::serve(listener, app).await;
    });
    let endpoint = Endpoint::plain_http_insecure(&format!("http://{addr}/service/")).expect("loopback URL");
    let client = DrawingClient::new(endpoint);
    let request = Draw::new(full_drawing());
    let response = client.draw(&request).await.expect("draw answered");
    assert_eq!(echo.received.lock().expect("received").as_slice(), std::slice::from_ref(&request));
    assert_eq!(response.count, 4);
    assert_eq!(response.largest, Some(request.drawing.focus.clone()));
    task.abort();
}
