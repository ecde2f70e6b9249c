//! XML writer and reader behaviour.

mod common;

use common::*;
use runtime::xml::*;

/// Reads `xml` with [`PayResponse`] (an `Element` per child) and with [`InPlace`] (children read
/// where the reader keeps them): both must give the same value, deviations and error.
fn read_response(xml: &str, options: ReadOptions) -> Result<(PayResponse, Vec<Deviation>), XmlError> {
    fn with<T: FromXml>(xml: &str, options: ReadOptions) -> Result<(T, Vec<Deviation>), XmlError> {
        let mut r = XmlReader::new(xml.as_bytes(), options);
        let root = r.root()?;
        assert!(root.is(NS, "payResponse"));
        let v = T::read_xml(&mut r, &root)?;
        let d = r.finish()?;
        Ok((v, d))
    }
    let by_element = with::<PayResponse>(xml, options.clone());
    let in_place = with::<InPlace>(xml, options).map(|(v, d)| (v.0, d));
    assert_eq!(by_element, in_place, "{xml}");
    by_element
}

#[test]
fn writer_escapes_and_prefixes() {
    let mut w = XmlWriter::new();
    w.declare("p", "urn:a");
    w.start("urn:a", "root");
    w.attr("", "t", "a&b<c>\"d\"\r\n\t");
    w.start("urn:b", "x");
    w.text("1 & 2 < 3 > 0\r\n");
    w.end();
    w.start("urn:b", "y");
    w.end();
    w.start("", "plain");
    w.nil();
    w.end();
    w.start("urn:c", "z");
    w.xsi_type("urn:a", "T");
    w.end();
    w.end();
    let s = String::from_utf8(w.into_bytes()).unwrap();
    assert_eq!(
        s,
        concat!(
            r#"<p:root xmlns:p="urn:a" t="a&amp;b&lt;c&gt;&quot;d&quot;&#13;&#10;&#9;">"#,
            r#"<ns0:x xmlns:ns0="urn:b">1 &amp; 2 &lt; 3 &gt; 0&#13;
</ns0:x>"#,
            r#"<ns1:y xmlns:ns1="urn:b"/>"#,
            r#"<plain xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#,
            r#"<ns2:z xmlns:ns2="urn:c" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="p:T"/>"#,
            r#"</p:root>"#
        )
    );
    // The document parses back.
    let mut r = XmlReader::new(s.as_bytes(), ReadOptions::strict());
    let root = r.root().unwrap();
    assert_eq!(root.attr("", "t"), Some("a&b<c>\"d\"\r\n\t"));
    let x = r.next_child().unwrap().unwrap();
    assert!(x.is("urn:b", "x"));
    assert_eq!(r.text(&x).unwrap(), "1 & 2 < 3 > 0\r\n");
    let y = r.next_child().unwrap().unwrap();
    r.skip(&y).unwrap();
    let plain = r.next_child().unwrap().unwrap();
    assert!(plain.is("", "plain") && plain.is_nil() && plain.is_empty());
    r.skip(&plain).unwrap();
    let z = r.next_child().unwrap().unwrap();
    assert_eq!(z.xsi_type(), Some(("urn:a", "T")));
    r.skip(&z).unwrap();
    assert!(r.next_child().unwrap().is_none());
    assert!(r.finish().unwrap().is_empty());
}

#[test]
fn writer_declared_xsi_is_reused() {
    let mut w = XmlWriter::new();
    w.declare("xsi", XSI_NS);
    w.declare("p", "urn:a");
    w.start("urn:a", "r");
    w.nillable::<String>("urn:a", "n", &Nillable::Nil);
    w.optional::<String>("urn:a", "o", &None);
    w.repeated("urn:a", "i", &[1i32, 2]);
    w.element("", "s", "text");
    w.end();
    let s = String::from_utf8(w.into_bytes()).unwrap();
    assert_eq!(
        s,
        r#"<p:r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:p="urn:a"><p:n xsi:nil="true"/><p:i>1</p:i><p:i>2</p:i><s>text</s></p:r>"#
    );
}

#[test]
fn qname_values_round_trip_through_scope() {
    let mut w = XmlWriter::new();
    w.start("urn:a", "r");
    w.element("", "q", &QNameValue::resolved("urn:codes", "Declined"));
    w.end();
    let s = String::from_utf8(w.into_bytes()).unwrap();
    assert_eq!(s, r#"<ns0:r xmlns:ns0="urn:a"><q xmlns:ns1="urn:codes">ns1:Declined</q></ns0:r>"#);
    let mut r = XmlReader::new(s.as_bytes(), ReadOptions::strict());
    let root = r.root().unwrap();
    let q = r.next_child().unwrap().unwrap();
    let v: QNameValue = r.read(&q).unwrap();
    assert_eq!(v, QNameValue::resolved("urn:codes", "Declined"));
    assert_eq!(v.as_str(), "ns1:Declined");
    drop(root);
}

const PREFIXED: &str = r#"<?xml version="1.0"?>
<!-- comment -->
<r:payResponse xmlns:r="urn:test:pay"><r:code>00</r:code><r:id> 42 </r:id><r:amount currency="EUR">1.5</r:amount><r:tag>a&amp;b</r:tag><r:tag><![CDATA[<c>]]></r:tag><r:comment xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></r:payResponse>"#;

const DEFAULT_NS: &str = r#"<payResponse xmlns="urn:test:pay"><code>00</code><id>42</id><amount currency="EUR">1.5</amount><tag>a&amp;b</tag><x:tag xmlns:x="urn:test:pay">&lt;c&gt;</x:tag><comment xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="1"></comment></payResponse>"#;

#[test]
fn reader_is_prefix_independent() {
    for doc in [PREFIXED, DEFAULT_NS] {
        let (v, dev) = read_response(doc, ReadOptions::strict()).unwrap();
        assert!(dev.is_empty());
        assert_eq!(v.code, "00");
        assert_eq!(v.id, Some(42));
        assert_eq!(v.amount.as_ref().unwrap().currency, "EUR");
        assert!(v.amount.as_ref().unwrap().value.eq_value(&Decimal::new("1.50").unwrap()));
        assert_eq!(v.tags, vec!["a&b".to_owned(), "<c>".to_owned()]);
        assert_eq!(v.comment, Some(Nillable::Nil));
    }
}

#[test]
fn same_local_name_other_namespace_is_unexpected() {
    let doc = r#"<payResponse xmlns="urn:test:pay"><code xmlns="urn:other">00</code><code>01</code></payResponse>"#;
    let (v, dev) = read_response(doc, ReadOptions::default()).unwrap();
    assert_eq!(v.code, "01");
    assert_eq!(dev.len(), 1);
    assert_eq!(dev[0].kind, DeviationKind::Unexpected);
    assert_eq!(dev[0].to_string(), "/payResponse/code: unexpected element {urn:other}code");
}

#[test]
fn deviations_lenient_and_strict() {
    let doc = r#"<p:payResponse xmlns:p="urn:test:pay"><p:id>1</p:id><p:id>x2</p:id><p:tag xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>stray<p:bogus><deep/></p:bogus></p:payResponse>"#;
    let (v, dev) = read_response(doc, ReadOptions::default()).unwrap();
    assert_eq!(v.code, "");
    assert_eq!(v.id, Some(0), "bad value gives the default in lenient mode");
    assert_eq!(v.tags, vec![String::new()]);
    let kinds: Vec<_> = dev.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DeviationKind::Duplicate,
            DeviationKind::BadValue,
            DeviationKind::NilNotAllowed,
            DeviationKind::UnexpectedText,
            DeviationKind::Unexpected,
            DeviationKind::Missing
        ],
        "{dev:#?}"
    );
    assert_eq!(dev[5].to_string(), "/payResponse: missing required element code");
    assert_eq!(dev[2].detail, "nil for a non-nillable element");

    // Strict: the unparseable scalar is an error right away.
    let err = read_response(doc, ReadOptions::strict()).unwrap_err();
    assert!(matches!(err, XmlError::Value { ref path, .. } if path == "/payResponse/id"), "{err:?}");
    // Strict without bad values: deviations fail `finish`.
    let doc2 = r#"<p:payResponse xmlns:p="urn:test:pay"><p:bogus/></p:payResponse>"#;
    match read_response(doc2, ReadOptions::strict()).unwrap_err() {
        XmlError::Deviations(d) => assert_eq!(d.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn doctype_is_refused() {
    let doc = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]><r>&x;</r>"#;
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    assert_eq!(r.root().unwrap_err(), XmlError::Dtd);
}

#[test]
fn undefined_entity_is_an_error() {
    let doc = r#"<r>&x;</r>"#;
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let root = r.root().unwrap();
    assert!(matches!(r.text(&root), Err(XmlError::Syntax { .. })));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let n = 100_000;
    let mut doc = String::with_capacity(n * 7);
    for _ in 0..n {
        doc.push_str("<a>");
    }
    for _ in 0..n {
        doc.push_str("</a>");
    }
    // Through next_child.
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let mut res = r.root().map(|_| ());
    while res.is_ok() {
        res = r.next_child().map(|c| assert!(c.is_some()));
    }
    assert_eq!(res.unwrap_err(), XmlError::Depth { limit: 256 });
    // Through skip / unexpected.
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let root = r.root().unwrap();
    assert_eq!(r.skip(&root).unwrap_err(), XmlError::Depth { limit: 256 });
    // Through capture.
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let root = r.root().unwrap();
    assert_eq!(r.capture_inner(&root).unwrap_err(), XmlError::Depth { limit: 256 });
    // Through finish.
    let r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    assert_eq!(r.finish().unwrap_err(), XmlError::Depth { limit: 256 });
}

#[test]
fn truncated_input_is_an_error() {
    for cut in [10, 40, 60, PREFIXED.len() - 5, PREFIXED.len() - 1] {
        let doc = &PREFIXED[..cut];
        let res = read_response(doc, ReadOptions::default());
        assert!(matches!(res, Err(XmlError::Eof | XmlError::Syntax { .. })), "cut {cut}: {res:?}");
    }
}

#[test]
fn malformed_input_is_an_error() {
    for doc in [
        "<a><b></a>",
        "<a></b>",
        "<a></a b>",
        "<a><b></c></a>",
        "<a><b><c></b></c></a>",
        "</a>",
        "<p:a/>",
        "<a x='1' x='2'/>",
        "<a x='1'y='2'/>",
        "<a x=1/>",
        "<a x='<'/>",
        "<a><!-- x</a>",
        "<a><![CDATA[x</a>",
        "<a xmlns:p=''/>",
        "<a xmlns:xmlns='urn:x'/>",
        "not xml",
        "<a/><b/>",
        "\u{0}",
    ] {
        let r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
        assert!(r.finish().is_err(), "{doc}");
    }
    let r = XmlReader::new(b"<a>\xff</a>", ReadOptions::default());
    assert!(matches!(r.finish(), Err(XmlError::Syntax { .. })));
}

#[test]
fn capture_inner_declares_namespaces_in_scope() {
    let doc = r#"<s:Envelope xmlns:s="urn:s" xmlns:e="urn:e" xmlns="urn:d"><s:Body><e:err code="1"><msg>hi &amp; bye</msg></e:err><e:more xmlns:e="urn:e2"/>tail</s:Body></s:Envelope>"#;
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let _env = r.root().unwrap();
    let body = r.next_child().unwrap().unwrap();
    let raw = RawXml::read_xml(&mut r, &body).unwrap();
    assert_eq!(
        raw.0,
        r#"<e:err xmlns:s="urn:s" xmlns:e="urn:e" xmlns="urn:d" code="1"><msg>hi &amp; bye</msg></e:err><e:more xmlns:s="urn:s" xmlns="urn:d" xmlns:e="urn:e2"/>tail"#
    );
    // The fragment is well-formed on its own (wrapped in a neutral root).
    let wrapped = format!("<w>{}</w>", raw.0);
    assert!(XmlReader::new(wrapped.as_bytes(), ReadOptions::default()).finish().is_ok());
    assert!(r.finish().unwrap().is_empty());
}

/// What an xs:any wildcard matched is kept whole: the element's own tags and attributes too.
#[test]
fn capture_outer_keeps_the_element_itself() {
    let doc = r#"<r xmlns:e="urn:e" xmlns="urn:d"><e:x a="1&amp;" e:b="2"><y>t</y>u</e:x><plain xmlns=""/></r>"#;
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let _root = r.root().unwrap();
    let x = r.next_child().unwrap().unwrap();
    let raw = RawXml::read_element(&mut r, &x).unwrap();
    assert_eq!(
        raw.0,
        r#"<e:x xmlns:e="urn:e" xmlns="urn:d" a="1&amp;" e:b="2"><y xmlns:e="urn:e" xmlns="urn:d">t</y>u</e:x>"#
    );
    let plain = r.next_child().unwrap().unwrap();
    assert_eq!(RawXml::read_element(&mut r, &plain).unwrap().0, r#"<plain xmlns:e="urn:e" xmlns=""></plain>"#);
    assert!(r.finish().unwrap().is_empty());
}

#[test]
fn text_with_child_elements_is_a_deviation() {
    let doc = r#"<r>ab<x>zz</x>cd</r>"#;
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let root = r.root().unwrap();
    assert_eq!(r.text(&root).unwrap(), "abcd");
    let dev = r.finish().unwrap();
    assert_eq!(dev.len(), 1);
    assert_eq!(dev[0].kind, DeviationKind::UnexpectedText);
}

#[test]
fn attributes_are_resolved_by_uri() {
    let doc = r#"<r xmlns:a="urn:x" xmlns:b="urn:x" a:one="1" b:two="&lt;2&gt;" plain="p&#x41;"/>"#;
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let root = r.root().unwrap();
    assert_eq!(root.attr("urn:x", "one"), Some("1"));
    assert_eq!(root.attr("urn:x", "two"), Some("<2>"));
    assert_eq!(root.attr("", "plain"), Some("pA"));
    assert_eq!(root.attr("", "one"), None);
    assert!(root.is_empty());
    assert!(r.next_child().unwrap().is_none());
    assert!(r.finish().unwrap().is_empty());
}

#[test]
fn raw_xml_writes_verbatim() {
    let mut w = XmlWriter::new();
    w.element("urn:a", "any", &RawXml("<x:y xmlns:x=\"urn:y\"/>".into()));
    assert_eq!(w.as_bytes(), br#"<ns0:any xmlns:ns0="urn:a"><x:y xmlns:x="urn:y"/></ns0:any>"#);
}

#[test]
fn too_many_attributes_is_an_error() {
    let mut doc = String::from("<r");
    for i in 0..10_000 {
        doc.push_str(&format!(" xmlns:p{i}=\"urn:{i}\""));
    }
    doc.push_str("/>");
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    assert!(matches!(r.root(), Err(XmlError::Syntax { .. })));
}

/// SOAP encoding's plumbing (rpc/encoded): `encodingStyle` on the wrapper, which also binds `xsi`
/// and `xsd` once for the parts' `xsi:type`s, and `arrayType` naming an array's item type and count.
#[test]
fn writer_adds_soap_encoding_attributes() {
    const XSD: &str = "http://www.w3.org/2001/XMLSchema";
    let mut w = XmlWriter::new();
    w.declare("soapenv", runtime::soap::SOAP11_NS);
    w.start(runtime::soap::SOAP11_NS, "Body");
    w.start("urn:svc", "op");
    w.encoding_style();
    w.encoded("", "id", (XSD, "int"), &7i32);
    w.encoded("", "when", ("urn:svc", "Slot"), "morning");
    w.start("", "codes");
    w.soap_array_type((XSD, "string"), 2);
    w.repeated("", "item", &["a".to_string(), "b".to_string()]);
    w.end();
    w.end();
    w.end();
    let s = String::from_utf8(w.into_bytes()).unwrap();
    assert_eq!(
        s,
        concat!(
            r#"<soapenv:Body xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">"#,
            r#"<ns0:op xmlns:ns0="urn:svc" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">"#,
            r#"<id xsi:type="xsd:int">7</id><when xsi:type="ns0:Slot">morning</when>"#,
            r#"<codes xmlns:ns1="http://schemas.xmlsoap.org/soap/encoding/" ns1:arrayType="xsd:string[2]"><item>a</item><item>b</item></codes>"#,
            r#"</ns0:op></soapenv:Body>"#
        )
    );
}

/// The current child kept in the reader: matched and read in place, taken out when an `Element`
/// is needed, and never read twice.
#[test]
fn children_read_in_place() {
    let doc = r#"<r xmlns="urn:a" xmlns:o="urn:o"><x>1</x><o:x a="v">t</o:x><y/><z><w>2</w></z><q>3</q></r>"#;
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::strict());
    let _root = r.root().unwrap();
    assert!(r.next_child_start().unwrap());
    assert!(r.child_is("urn:a", "x") && !r.child_is("urn:o", "x") && !r.child_is("urn:a", "y"));
    assert_eq!(r.read_child::<i32>().unwrap(), 1);
    // Read: no longer open.
    assert_eq!(r.child_text().unwrap_err(), XmlError::Usage("no current child to read"));
    assert!(r.next_child_start().unwrap());
    assert!(r.child_is("urn:o", "x"));
    let el = r.take_child();
    assert_eq!(el.attr("", "a"), Some("v"));
    // Taken: the reader holds nothing to read or skip.
    assert!(!r.child_is("urn:o", "x"));
    assert_eq!(r.child_text().unwrap_err(), XmlError::Usage("no current child to read"));
    assert_eq!(r.skip_child().unwrap_err(), XmlError::Usage("no current child to skip"));
    assert_eq!(r.text(&el).unwrap(), "t");
    assert!(r.next_child_start().unwrap());
    assert!(r.child().is_empty() && r.child().depth() == 2);
    assert_eq!(r.child_text().unwrap(), "");
    // A child with children: its own children are read the same way.
    assert!(r.next_child_start().unwrap());
    assert!(r.child_is("urn:a", "z"));
    assert!(r.next_child_start().unwrap());
    assert!(r.child_is("urn:a", "w") && r.child().depth() == 3);
    assert_eq!(r.read_child::<String>().unwrap(), "2");
    // A value made of elements is not read again either (nor its parent's content instead).
    assert_eq!(r.read_child::<InPlace>().unwrap_err(), XmlError::Usage("no current child to read"));
    assert_eq!(r.read_nillable_child::<i32>().unwrap_err(), XmlError::Usage("no current child to read"));
    assert!(!r.next_child_start().unwrap());
    assert!(r.next_child_start().unwrap());
    r.unexpected_child().unwrap();
    assert!(!r.next_child_start().unwrap());
    // Past the document element: no child, nothing to read.
    assert!(!r.next_child_start().unwrap());
    assert_eq!(r.child_text().unwrap_err(), XmlError::Usage("no current child to read"));
    match r.finish().unwrap_err() {
        XmlError::Deviations(d) => assert_eq!(d[0].to_string(), "/r/q: unexpected element {urn:a}q"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_values_read_in_place_name_their_element() {
    let doc = r#"<r><n>x</n><m>2</m></r>"#;
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let _root = r.root().unwrap();
    assert!(r.next_child_start().unwrap());
    assert_eq!(r.read_child::<i32>().unwrap(), 0);
    assert!(r.next_child_start().unwrap());
    assert_eq!(r.read_child::<i32>().unwrap(), 2);
    let dev = r.finish().unwrap();
    assert_eq!(dev.len(), 1);
    assert_eq!((dev[0].kind, dev[0].path.as_str()), (DeviationKind::BadValue, "/r/n"));
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::strict());
    let _root = r.root().unwrap();
    assert!(r.next_child_start().unwrap());
    assert!(matches!(r.read_child::<i32>(), Err(XmlError::Value { ref path, .. }) if path == "/r/n"));
}
