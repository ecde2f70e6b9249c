//! Attribute wildcards through generated code (tests/fixtures/anyattr, module `tests::anyattr`):
//! a type with an `xs:anyAttribute` keeps the attributes it does not declare in its
//! `other_attributes` field (namespace URI, local name, value), reading them by namespace URI
//! whatever the prefix, writing them back with prefixes of the writer's choosing, and validation
//! refuses what the wildcard does not allow. xmllint, given the fixture's schema, agrees.

use runtime::validate::validate;
use runtime::xml::{AnyAttributes, Deviation, FromXml, RawAttribute, ReadOptions, XmlError, XmlReader, XmlWriter};
use tests::anyattr::*;

const NS: &str = "urn:x-anyattr:tags";
const A: &str = "urn:x-anyattr:a";
const B: &str = "urn:x-anyattr:b";
const EXT: &str = "urn:example:any";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

fn read<T: FromXml>(xml: &str, options: ReadOptions) -> Result<(T, Vec<Deviation>), XmlError> {
    let mut r = XmlReader::new(xml.as_bytes(), options);
    let root = r.root()?;
    let value = T::read_xml(&mut r, &root)?;
    let deviations = r.finish()?;
    Ok((value, deviations))
}

fn strict<T: FromXml>(xml: &str) -> T {
    match read(xml, ReadOptions::strict()) {
        Ok((v, _)) => v,
        Err(e) => panic!("{e}\n{xml}"),
    }
}

fn write_tag(value: &Tag) -> String {
    let mut w = XmlWriter::new();
    w.element(NS, "tag", value);
    String::from_utf8(w.into_bytes()).expect("UTF-8")
}

fn attrs(list: &[(&str, &str, &str)]) -> AnyAttributes {
    list.iter().map(|(ns, name, value)| RawAttribute::new(ns, *name, *value)).collect()
}

/// A message with extra attributes everywhere the schema allows them, under several prefixes
/// (two for the same namespace), with references to decode.
const RECEIVED: &str = r#"<t:tag xmlns:t="urn:x-anyattr:tags" xmlns:a="urn:x-anyattr:a" xmlns:a2="urn:x-anyattr:a"
    xmlns:b="urn:x-anyattr:b" xmlns:e="urn:example:any" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <t:open id="7" otherAttributes="declared" a:x="1" b:x="2 &amp; &lt;3&gt;" plain="p" xml:lang="en"><t:name>n</t:name></t:open>
  <t:foreign xsi:type="t:Derived" level="2" e:ext="v"><t:v>v</t:v><t:w>w</t:w></t:foreign>
  <t:derived e:ext="d"><t:v>v</t:v></t:derived>
  <t:local loose="1" other="2"/>
  <t:listed a2:k="k" b:m="m"/>
  <t:grouped kind="k" e:g="g"/>
  <t:label lang="fr" e:note="n">text</t:label>
  <t:label>bare</t:label>
</t:tag>"#;

#[test]
fn reading_keeps_the_undeclared_attributes_by_namespace_uri() {
    let tag: Tag = strict(RECEIVED);
    // Declared attributes keep their fields (a declared `otherAttributes` included); the rest is
    // the wildcard's, in document order, matched by URI: `a` and `a2` are the same namespace.
    assert_eq!(tag.open.id, Some(7));
    assert_eq!(tag.open.other_attributes_2.as_deref(), Some("declared"));
    assert_eq!(
        tag.open.other_attributes,
        attrs(&[(A, "x", "1"), (B, "x", "2 & <3>"), ("", "plain", "p"), (XML_NS, "lang", "en")])
    );
    // Derived by xsi:type: the inherited ##other wildcard; xsi:type is not one of its attributes.
    let Some(AnyForeign::Derived(derived)) = &tag.foreign else { panic!("{:?}", tag.foreign) };
    assert_eq!((derived.level, &derived.other_attributes), (Some(2), &attrs(&[(EXT, "ext", "v")])));
    assert_eq!(tag.derived.as_ref().map(|d| &d.other_attributes), Some(&attrs(&[(EXT, "ext", "d")])));
    let local = tag.local.as_ref().expect("local");
    assert_eq!(local.other_attributes, attrs(&[("", "loose", "1"), ("", "other", "2")]));
    let listed = tag.listed.as_ref().expect("listed");
    assert_eq!(listed.other_attributes.get(A, "k"), Some("k"));
    assert_eq!(listed.other_attributes.get(B, "m"), Some("m"));
    // Through an attribute group: the group's declared attribute and its wildcard.
    let grouped = tag.grouped.as_ref().expect("grouped");
    assert_eq!((grouped.kind.as_deref(), &grouped.other_attributes), (Some("k"), &attrs(&[(EXT, "g", "g")])));
    // Simple content.
    assert_eq!(tag.label.len(), 2);
    assert_eq!((tag.label[0].value.as_str(), tag.label[0].lang.as_deref()), ("text", Some("fr")));
    assert_eq!(tag.label[0].other_attributes, attrs(&[(EXT, "note", "n")]));
    assert!(tag.label[1].other_attributes.is_empty());
    assert_eq!(validate("tag", &tag), Ok(()));
}

#[test]
fn a_received_message_round_trips_equal() {
    let tag: Tag = strict(RECEIVED);
    let out = write_tag(&tag);
    let again: Tag = strict(&out);
    assert_eq!(again, tag, "{out}");
    tests::xml_equiv::equivalent(RECEIVED, &out).unwrap_or_else(|e| panic!("{e}\n{out}"));
}

/// A value built in code: written with declared prefixes, valid per the schema, read back equal.
fn built() -> Tag {
    let mut open = Open::new("n");
    open.other_attributes_2 = Some("declared".into());
    open.other_attributes = attrs(&[(A, "x", "a\"b'c<&>"), ("", "plain", "p"), (EXT, "x", "e")]);
    let mut tag = Tag::new(open);
    let mut foreign = Foreign::new("v");
    foreign.other_attributes.push(EXT, "f", "1");
    tag.foreign = Some(AnyForeign::Foreign(foreign));
    let mut derived = Derived::new("v");
    derived.other_attributes.push(A, "d", "2");
    tag.derived = Some(derived);
    let mut local = LocalOnly::new();
    local.other_attributes.push("", "loose", "3");
    tag.local = Some(local);
    let mut listed = Listed::new();
    listed.other_attributes = attrs(&[(B, "m", "4"), (A, "k", "5")]);
    tag.listed = Some(listed);
    let mut grouped = Grouped::new();
    grouped.other_attributes.push(B, "g", "6");
    tag.grouped = Some(grouped);
    let mut label = Label::new("text");
    label.other_attributes.push(EXT, "note", "7");
    tag.label.push(label);
    let mut note = ShortNote::new("court");
    note.lang = Some("fr".into());
    tag.note = Some(note);
    tag.tone = Some(Tone::new(ToneValue::Loud));
    tag
}

#[test]
fn writing_declares_a_prefix_per_namespace_and_reads_back_equal() {
    let tag = built();
    assert_eq!(validate("tag", &tag), Ok(()));
    let out = write_tag(&tag);
    // Unqualified attributes have no prefix; each namespace is declared where first needed.
    assert!(out.contains(" plain=\"p\"") && out.contains(" loose=\"3\""), "{out}");
    assert!(out.contains(&format!("=\"{A}\"")) && out.contains(&format!("=\"{EXT}\"")), "{out}");
    let back: Tag = strict(&out);
    assert_eq!(back, tag, "{out}");
}

fn schema(dir: &std::path::Path) -> std::path::PathBuf {
    let wsdl = tests::corpus::workspace().join("tests/fixtures/anyattr/tags.wsdl");
    tests::xmllint::schemas_from_wsdl(&wsdl, dir, NS).expect("schema")
}

/// Our output, and the message it was read from, are valid per the schema; what validation
/// refuses, xmllint refuses too.
#[test]
fn xmllint_agrees_with_writing_and_validation() {
    if !tests::xmllint::available() {
        return eprintln!("skipped: xmllint is not installed");
    }
    let dir = tests::corpus::workspace().join("target/anyattr-xmllint");
    let schema = schema(&dir);
    let valid = [RECEIVED.to_string(), write_tag(&built()), write_tag(&strict::<Tag>(RECEIVED))];
    for (i, xml) in valid.iter().enumerate() {
        if let Err(e) = tests::xmllint::validate(&schema, xml, &dir.join(format!("valid-{i}.xml"))) {
            panic!("{xml}\n{e}");
        }
    }
    for (i, (tag, path)) in broken().into_iter().enumerate() {
        let errors = validate("tag", &tag).expect_err("validation must refuse it").0;
        assert!(errors.iter().any(|e| e.path == path), "{path}: {errors:?}");
        let xml = write_tag(&tag);
        let verdict = tests::xmllint::validate(&schema, &xml, &dir.join(format!("invalid-{i}.xml")));
        assert!(verdict.is_err(), "xmllint accepts {xml}");
    }
}

/// Values that break the wildcard's rules, each with the path validation names.
fn broken() -> Vec<(Tag, &'static str)> {
    let with = |change: &dyn Fn(&mut Tag)| {
        let mut t = built();
        change(&mut t);
        t
    };
    let derived = |t: &mut Tag| t.derived.as_mut().expect("derived").other_attributes.push(NS, "mine", "x");
    let local = |t: &mut Tag| t.local.as_mut().expect("local").other_attributes.push(A, "q", "x");
    let listed = |t: &mut Tag| t.listed.as_mut().expect("listed").other_attributes.push(EXT, "q", "x");
    let grouped = |t: &mut Tag| t.grouped.as_mut().expect("grouped").other_attributes.push("", "q", "x");
    vec![
        // ##other: not the target namespace, not unqualified.
        (with(&derived), "tag.derived.other_attributes[1]"),
        (with(&grouped), "tag.grouped.other_attributes[1]"),
        // ##local: unqualified only; a list: its namespaces only.
        (with(&local), "tag.local.other_attributes[1]"),
        (with(&listed), "tag.listed.other_attributes[2]"),
        // A declared attribute's name, and the same name twice.
        (
            with(&|t| {
                t.open.id = Some(7);
                t.open.other_attributes.push("", "id", "1");
            }),
            "tag.open.other_attributes[3]",
        ),
        (with(&|t| t.open.other_attributes.push(EXT, "x", "again")), "tag.open.other_attributes[3]"),
        // simpleContent restrictions: a facet, and an enumeration, narrowing the base's text.
        (with(&|t| t.note = Some(ShortNote::new("trop long"))), "tag.note.value"),
        (with(&|t| t.tone = Some(Tone::new(ToneValue::Unknown("soft".into())))), "tag.tone.value"),
    ]
}

#[test]
fn validation_refuses_what_the_wildcard_does_not_allow() {
    for (tag, path) in broken() {
        let errors = validate("tag", &tag).expect_err(path).0;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, path, "{errors:?}");
    }
    let errors = validate("tag", &broken().remove(0).0).expect_err("##other").0;
    assert!(errors[0].rule.contains("namespace not allowed"), "{errors:?}");
}

/// A simpleContent restriction keeps its base's attributes and reads its text as the narrowed
/// type: the enumeration as a typed value, an unknown value kept as received.
#[test]
fn a_simple_content_restriction_reads_its_text_as_the_narrowed_type() {
    let xml = r#"<t:tag xmlns:t="urn:x-anyattr:tags"><t:open><t:name>n</t:name></t:open>
        <t:note lang="fr">court</t:note><t:tone lang="en">calm</t:tone></t:tag>"#;
    let tag: Tag = strict(xml);
    let note = tag.note.as_ref().expect("note");
    assert_eq!((note.value.as_str(), note.lang.as_deref()), ("court", Some("fr")));
    assert_eq!(tag.tone.as_ref().map(|t| &t.value), Some(&ToneValue::Calm));
    let (tag, _) = read::<Tag>(&xml.replace(">calm<", ">soft<"), ReadOptions::default()).expect("lenient");
    assert_eq!(tag.tone.map(|t| t.value), Some(ToneValue::Unknown("soft".into())));
}

#[test]
fn attributes_outside_the_constraint_are_deviations_kept_as_received() {
    // ##local gets a qualified attribute; ##other an unqualified one and one of the target namespace.
    let xml = r#"<t:tag xmlns:t="urn:x-anyattr:tags" xmlns:q="urn:x-anyattr:a"><t:open><t:name>n</t:name></t:open>
        <t:local q:x="1"/><t:grouped plain="2" t:own="3"/></t:tag>"#;
    let err = read::<Tag>(xml, ReadOptions::strict()).expect_err("strict refuses");
    assert!(matches!(&err, XmlError::Deviations(d) if d.len() == 3), "{err}");
    let (tag, deviations) = read::<Tag>(xml, ReadOptions::default()).expect("lenient reads");
    let details: Vec<&str> = deviations.iter().map(|d| d.detail.as_str()).collect();
    assert!(details[0].starts_with("unexpected attribute {urn:x-anyattr:a}x"), "{details:?}");
    assert!(details[1].starts_with("unexpected attribute plain") && details[2].contains("{urn:x-anyattr:tags}own"));
    assert_eq!(deviations[0].path, "/tag/local");
    // Kept (re-serializing writes what was received), refused before sending.
    assert_eq!(tag.local.as_ref().map(|l| &l.other_attributes), Some(&attrs(&[(A, "x", "1")])));
    assert_eq!(tag.grouped.as_ref().map(|g| g.other_attributes.len()), Some(2));
    assert_eq!(validate("tag", &tag).expect_err("refused").0.len(), 3);
    let back = read::<Tag>(&write_tag(&tag), ReadOptions::default()).expect("reads back").0;
    assert_eq!(back, tag);
}

#[test]
fn types_without_a_wildcard_still_ignore_unknown_attributes() {
    let (resp, deviations) = read::<TagResponse>(
        r#"<t:tagResponse xmlns:t="urn:x-anyattr:tags" x="1"><t:count>2</t:count></t:tagResponse>"#,
        ReadOptions::strict(),
    )
    .expect("strict");
    assert_eq!((resp.count, deviations.len()), (2, 0));
    let mut w = XmlWriter::new();
    w.element(NS, "tagResponse", &resp);
    assert!(!String::from_utf8(w.into_bytes()).expect("UTF-8").contains(" x="));
}

/// An element wildcard (`Foreign`'s `xs:any namespace="##other"`) keeps what its constraint allows
/// without a word; an element of the target namespace is still kept as received, and is a
/// deviation (strict mode refuses it).
#[test]
fn element_wildcards_check_their_namespace_constraint() {
    let allowed = r#"<t:tag xmlns:t="urn:x-anyattr:tags" xmlns:x="urn:example:any"><t:open><t:name>n</t:name></t:open>
        <t:foreign><t:v>v</t:v><x:extra a="1">kept</x:extra></t:foreign></t:tag>"#;
    let tag: Tag = strict(allowed);
    let Some(AnyForeign::Foreign(foreign)) = &tag.foreign else { panic!("{:?}", tag.foreign) };
    assert_eq!(foreign.any.len(), 1);
    let outside = allowed.replace("<x:extra a=\"1\">kept</x:extra>", "<t:mine>kept</t:mine>");
    let err = read::<Tag>(&outside, ReadOptions::strict()).expect_err("strict refuses");
    assert!(matches!(&err, XmlError::Deviations(d) if d.len() == 1), "{err}");
    let (tag, deviations) = read::<Tag>(&outside, ReadOptions::default()).expect("lenient reads");
    assert!(deviations[0].detail.contains("{urn:x-anyattr:tags}mine"), "{deviations:?}");
    assert!(deviations[0].detail.contains("the wildcard allows"), "{deviations:?}");
    let Some(AnyForeign::Foreign(foreign)) = &tag.foreign else { panic!("{:?}", tag.foreign) };
    assert_eq!(foreign.any.len(), 1, "kept as received");
    assert!(write_tag(&tag).contains(">kept</"));
}
