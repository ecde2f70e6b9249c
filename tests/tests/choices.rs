//! xs:choice through generated code (tests/fixtures/choices, module `tests::choices`): a choice is
//! an enum, so a message holds exactly one branch of it; reading picks the branch from its first
//! element (namespace URI and local name), writing writes the chosen branch in order, and
//! validation descends into it.

use runtime::validate::validate;
use runtime::xml::{Decimal, Deviation, FromXml, Nillable, ReadOptions, ToXml, XmlError, XmlReader, XmlWriter};
use tests::choices::*;

const NS: &str = "urn:choices";

fn read<T: FromXml>(xml: &str, options: ReadOptions) -> Result<(T, Vec<Deviation>), XmlError> {
    let mut r = XmlReader::new(xml.as_bytes(), options);
    let root = r.root()?;
    let value = T::read_xml(&mut r, &root)?;
    let deviations = r.finish()?;
    Ok((value, deviations))
}

/// Strict: any deviation from the schema is an error.
fn strict<T: FromXml>(xml: &str) -> T {
    match read(xml, ReadOptions::strict()) {
        Ok((v, _)) => v,
        Err(e) => panic!("{e}\n{xml}"),
    }
}

fn write<T: ToXml>(local: &str, value: &T) -> String {
    let mut w = XmlWriter::new();
    w.declare("c", NS);
    w.element(NS, local, value);
    String::from_utf8(w.into_bytes()).expect("UTF-8")
}

fn pay_xml(means: &str) -> String {
    format!(r#"<c:pay xmlns:c="{NS}"><c:orderRef>o-1</c:orderRef>{means}<c:amount>12.50</c:amount></c:pay>"#)
}

fn pay(choice: PayChoice2) -> Pay {
    Pay::new("o-1", choice, Decimal::new("12.50").expect("decimal"))
}

#[test]
fn reading_picks_the_branch_from_its_first_element() {
    let p: Pay = strict(&pay_xml("<c:card><c:number>4970100000000000</c:number><c:brand>VISA</c:brand></c:card>"));
    assert_eq!(p.choice, PayChoice2::Card(Card::new("4970100000000000", Brand::Visa)));
    let p: Pay = strict(&pay_xml("<c:token>tok</c:token>"));
    assert_eq!(p.choice, PayChoice2::Token("tok".into()));
    assert_eq!(p.order_ref, "o-1");
    assert_eq!(p.amount, Decimal::new("12.50").expect("decimal"));
    // A group branch, entered by its optional first element or by its first required one.
    let p: Pay = strict(&pay_xml("<c:holder>Ann</c:holder><c:iban>FR76</c:iban><c:bic>AGRIFRPP</c:bic>"));
    let PayChoice2::BankAccount(account) = &p.choice else { panic!("{:?}", p.choice) };
    assert_eq!(
        (account.holder.as_deref(), account.iban.as_str(), account.bic.as_deref()),
        (Some("Ann"), "FR76", Some("AGRIFRPP"))
    );
    let p: Pay = strict(&pay_xml("<c:iban>FR76</c:iban>"));
    assert_eq!(p.choice, PayChoice2::BankAccount(PayChoiceBankAccount::new("FR76")));
    // A sequence branch holding a nested optional choice, present and absent.
    let p: Pay = strict(&pay_xml("<c:walletId>w</c:walletId><c:cardIndex>2</c:cardIndex><c:cvv>123</c:cvv>"));
    let mut wallet = PayChoiceWalletId::new("w");
    wallet.card_index_or_default_card = Some(PayCardIndexOrDefaultCard::CardIndex(2));
    wallet.cvv = Some("123".into());
    assert_eq!(p.choice, PayChoice2::WalletId(wallet));
    let p: Pay = strict(&pay_xml("<c:walletId>w</c:walletId><c:defaultCard/>"));
    let mut wallet = PayChoiceWalletId::new("w");
    wallet.card_index_or_default_card = Some(PayCardIndexOrDefaultCard::DefaultCard(PayDefaultCard::new()));
    assert_eq!(p.choice, PayChoice2::WalletId(wallet));
    // Matched by namespace URI, not by prefix: the same element in no namespace is no branch.
    let foreign =
        format!(r#"<c:pay xmlns:c="{NS}"><c:orderRef>o</c:orderRef><token>t</token><c:amount>1</c:amount></c:pay>"#);
    let (_, deviations) = read::<Pay>(&foreign, ReadOptions::default()).expect("lenient read");
    assert!(deviations.iter().any(|d| d.detail == "unexpected element token"), "{deviations:?}");
    assert!(deviations.iter().any(|d| d.detail == "missing required element choice"), "{deviations:?}");
    let other_prefix =
        r#"<x:pay xmlns:x="urn:choices"><x:orderRef>o</x:orderRef><x:token>t</x:token><x:amount>1</x:amount></x:pay>"#;
    assert_eq!(strict::<Pay>(other_prefix).choice, PayChoice2::Token("t".into()));
}

#[test]
fn writing_writes_the_chosen_branch_in_order_and_reads_back() {
    let mut wallet = PayChoiceWalletId::new("w");
    wallet.card_index_or_default_card = Some(PayCardIndexOrDefaultCard::CardIndex(3));
    let mut account = PayChoiceBankAccount::new("FR76");
    account.bic = Some("AGRIFRPP".into());
    for (choice, means) in [
        (
            PayChoice2::Card(Card::new("4970100000000000", Brand::Mastercard)),
            "<c:card><c:number>4970100000000000</c:number><c:brand>MASTERCARD</c:brand></c:card>",
        ),
        (PayChoice2::Token("tok".into()), "<c:token>tok</c:token>"),
        (PayChoice2::BankAccount(account), "<c:iban>FR76</c:iban><c:bic>AGRIFRPP</c:bic>"),
        (PayChoice2::WalletId(wallet), "<c:walletId>w</c:walletId><c:cardIndex>3</c:cardIndex>"),
    ] {
        let value = pay(choice);
        let xml = write("pay", &value);
        assert_eq!(xml, pay_xml(means));
        assert_eq!(strict::<Pay>(&xml), value);
        assert!(validate("pay", &value).is_ok(), "{:?}", validate("pay", &value));
    }
}

#[test]
fn a_repeated_choice_keeps_each_occurrence_and_its_branch() {
    let mut value = pay(PayChoice2::Token("t".into()));
    value.note_or_tag = vec![
        PayNoteOrTag::Note(vec!["a".into(), "b".into()]),
        PayNoteOrTag::Tag(Nillable::Nil),
        PayNoteOrTag::Tag(Nillable::Value("x".into())),
        PayNoteOrTag::Note(vec!["c".into()]),
    ];
    // A choice with a single branch is no choice: its element is a plain list.
    value.line = vec!["l1".into(), "l2".into()];
    let xml = write("pay", &value);
    assert!(
        xml.contains(concat!(
            "<c:note>a</c:note><c:note>b</c:note>",
            r#"<c:tag xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#,
            "<c:tag>x</c:tag><c:note>c</c:note><c:line>l1</c:line><c:line>l2</c:line>"
        )),
        "{xml}"
    );
    assert_eq!(strict::<Pay>(&xml), value);
    // A branch takes its element at most 3 times (maxOccurs): a fourth begins another occurrence.
    let four = pay_xml("<c:token>t</c:token><c:note>1</c:note><c:note>2</c:note><c:note>3</c:note><c:note>4</c:note>");
    let p: Pay = strict(&four);
    let notes = |list: &[&str]| PayNoteOrTag::Note(list.iter().map(|n| n.to_string()).collect());
    assert_eq!(p.note_or_tag, vec![notes(&["1", "2", "3"]), notes(&["4"])]);
    assert!(validate("pay", &p).is_ok());
    // Built in code, four in one occurrence are the validator's business.
    value.note_or_tag = vec![PayNoteOrTag::Note(vec!["n".into(); 4])];
    let errors = validate("pay", &value).expect_err("four notes");
    assert_eq!(errors.to_string(), "1 validation error(s); pay.note: 4 occurrence(s), more than maxOccurs 3");
}

#[test]
fn names_that_collide_after_case_conversion_stay_apart() {
    for (element, text, variant) in [
        ("fooBar", "s", PayFooBarOrFooBarOrFooBar::FooBar("s".into())),
        ("foo_bar", "7", PayFooBarOrFooBarOrFooBar::FooBar2(7)),
        ("FooBar", "true", PayFooBarOrFooBarOrFooBar::FooBar3(true)),
    ] {
        let xml = pay_xml(&format!("<c:token>t</c:token><c:{element}>{text}</c:{element}>"));
        let p: Pay = strict(&xml);
        assert_eq!(p.foo_bar_or_foo_bar_or_foo_bar, Some(variant));
        assert_eq!(write("pay", &p), xml);
    }
    // The element named `choice` keeps its own field next to the choice field that took the name.
    let p: Pay = strict(&pay_xml("<c:token>t</c:token><c:choice>plain</c:choice>"));
    assert_eq!((p.choice, p.choice_2.as_deref()), (PayChoice2::Token("t".into()), Some("plain")));
    // `token` is a branch of the first choice and an element after `amount`: each by its position.
    let xml = format!(
        r#"<c:pay xmlns:c="{NS}"><c:orderRef>o</c:orderRef><c:token>a</c:token><c:amount>1</c:amount><c:token>b</c:token></c:pay>"#
    );
    let p: Pay = strict(&xml);
    assert_eq!((&p.choice, p.token.as_deref()), (&PayChoice2::Token("a".into()), Some("b")));
    assert_eq!(write("pay", &p), xml);
}

#[test]
fn empty_branches_read_from_nothing() {
    let empty = format!(r#"<c:payResponse xmlns:c="{NS}"/>"#);
    let r: PayResponse = strict(&empty);
    assert_eq!(r.accepted_or_refused, PayResponseAcceptedOrRefused::Empty);
    assert_eq!(
        r.message_or_redirect,
        PayResponseMessageOrRedirect::Message(PayResponseMessageOrRedirectMessage::new())
    );
    assert_eq!(write("payResponse", &r), empty);
    let full = format!(
        r#"<c:payResponse xmlns:c="{NS}"><c:refused>no</c:refused><c:reason>funds</c:reason><c:redirect>https://x.test/</c:redirect></c:payResponse>"#
    );
    let r: PayResponse = strict(&full);
    let mut refused = PayResponseAcceptedOrRefusedRefused::new("no");
    refused.reason = Some("funds".into());
    assert_eq!(r.accepted_or_refused, PayResponseAcceptedOrRefused::Refused(refused));
    assert_eq!(r.message_or_redirect, PayResponseMessageOrRedirect::Redirect("https://x.test/".into()));
    assert_eq!(write("payResponse", &r), full);
}

#[test]
fn a_union_is_text_in_any_member_form() {
    for text in ["4096", "0x3FA4", "VISA"] {
        let xml = format!(
            r#"<c:payResponse xmlns:c="{NS}"><c:accepted>ok</c:accepted><c:reference>{text}</c:reference></c:payResponse>"#
        );
        let r: PayResponse = strict(&xml);
        assert_eq!(r.reference.as_deref(), Some(text));
        assert_eq!(write("payResponse", &r), xml);
    }
}

#[test]
fn a_union_value_is_checked_against_its_member_types_before_sending() {
    let with = |text: &str| {
        let mut r = PayResponse::new(
            PayResponseAcceptedOrRefused::Accepted("ok".into()),
            PayResponseMessageOrRedirect::Redirect("https://x.test/".into()),
        );
        r.reference = Some(text.into());
        validate("payResponse", &r)
    };
    // xs:unsignedShort, the hexadecimal pattern, an enumerated Brand.
    for good in ["0", "65535", "0x3FA4", "VISA", "MASTERCARD"] {
        assert_eq!(with(good), Ok(()), "{good}");
    }
    // Out of unsignedShort's range, a pattern too long, not a Brand, nothing.
    for bad in ["65536", "-1", "0x12345", "AMEX", "visa", ""] {
        let errors = with(bad).expect_err(bad);
        assert_eq!(
            errors.to_string(),
            "1 validation error(s); payResponse.reference: not a value of any member type of the union"
        );
    }
}

#[test]
fn a_non_negative_integer_is_checked_for_its_sign() {
    let with = |n: &str| {
        let mut r = PayResponse::new(
            PayResponseAcceptedOrRefused::Accepted("ok".into()),
            PayResponseMessageOrRedirect::Redirect("https://x.test/".into()),
        );
        r.attempts = Some(runtime::xml::Integer::new(n).expect("integer"));
        validate("payResponse", &r)
    };
    assert_eq!(with("0"), Ok(()));
    assert_eq!(with("123456789012345678901234567890"), Ok(()));
    let errors = with("-1").expect_err("negative");
    assert_eq!(errors.to_string(), "1 validation error(s); payResponse.attempts: less than minInclusive 0");
}

#[test]
fn recursion_through_a_branch_is_boxed_and_round_trips() {
    let leaf = Rule::new(RuleMatchOrAllOrNot::Match("x".into()));
    let mut list = RuleList::new();
    list.rule = vec![leaf.clone(), Rule::new(RuleMatchOrAllOrNot::Not(Box::new(leaf)))];
    let rule = Rule::new(RuleMatchOrAllOrNot::Not(Box::new(Rule::new(RuleMatchOrAllOrNot::All(list)))));
    let check = Check::new(rule);
    let xml = write("check", &check);
    assert_eq!(
        xml,
        format!(
            r#"<c:check xmlns:c="{NS}"><c:rule><c:not><c:all><c:rule><c:match>x</c:match></c:rule><c:rule><c:not><c:match>x</c:match></c:not></c:rule></c:all></c:not></c:rule></c:check>"#
        )
    );
    assert_eq!(strict::<Check>(&xml), check);
}

#[test]
fn validation_descends_into_the_chosen_branch() {
    let value = pay(PayChoice2::Card(Card::new("12", Brand::Visa)));
    let errors = validate("pay", &value).expect_err("short card number");
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].path, "pay.card.number");
    // Branch structs are transparent: their elements are the parent's.
    let value = pay(PayChoice2::BankAccount(PayChoiceBankAccount::new("X".repeat(35))));
    let errors = validate("pay", &value).expect_err("long IBAN");
    assert_eq!(errors.to_string(), "1 validation error(s); pay.iban: 35 characters, more than maxLength 34");
    let value = pay(PayChoice2::Card(Card::new("4970100000000000", Brand::Unknown("AMEX".into()))));
    assert_eq!(validate("pay", &value).expect_err("unknown brand").0[0].path, "pay.card.brand");
}

#[test]
fn two_branches_of_one_choice_are_a_deviation() {
    let both = pay_xml("<c:token>a</c:token><c:iban>FR76</c:iban>");
    let err = read::<Pay>(&both, ReadOptions::strict()).expect_err("two branches");
    assert!(err.to_string().contains("duplicate choice"), "{err}");
    // Lenient: the last one is kept, and reported.
    let (p, deviations) = read::<Pay>(&both, ReadOptions::default()).expect("lenient");
    assert_eq!(p.choice, PayChoice2::BankAccount(PayChoiceBankAccount::new("FR76")));
    assert_eq!(deviations.len(), 1, "{deviations:?}");
    // A branch missing its required element: reported at the parent, and not invented on writing.
    let xml = pay_xml("<c:holder>Ann</c:holder>");
    let (p, deviations) = read::<Pay>(&xml, ReadOptions::default()).expect("lenient");
    assert_eq!(deviations.len(), 1, "{deviations:?}");
    assert_eq!((deviations[0].path.as_str(), deviations[0].detail.as_str()), ("/pay", "missing required element iban"));
    assert_eq!(write("pay", &p), xml);
}

#[test]
fn a_choice_holds_exactly_one_branch() {
    // What the flattened struct allowed (`card` and `token` both set) has no spelling here: the
    // branches are the variants of one enum, and the match below is exhaustive.
    fn means(p: &Pay) -> &'static str {
        match &p.choice {
            PayChoice2::Card(_) => "card",
            PayChoice2::Token(_) => "token",
            PayChoice2::BankAccount(_) => "bank account",
            PayChoice2::WalletId(_) => "wallet",
        }
    }
    let mut p = pay(PayChoice2::Token("t".into()));
    assert_eq!(means(&p), "token");
    p.choice = PayChoice2::Card(Card::new("4970100000000000", Brand::Visa));
    assert_eq!(means(&p), "card");
    let xml = write("pay", &p);
    assert!(xml.contains("<c:card>") && !xml.contains("<c:token>"), "{xml}");
    // A secret inside a branch stays out of `Debug`.
    let mut wallet = PayChoiceWalletId::new("w");
    wallet.cvv = Some("987".into());
    let shown = format!("{:?}", pay(PayChoice2::WalletId(wallet)));
    assert!(shown.contains("cvv: Some(***)") && !shown.contains("987"), "{shown}");
}

/// The messages these tests read as valid are valid per the schema (xmllint), and those they read
/// with a deviation are not: the enums read what XSD means.
#[test]
fn xmllint_agrees_with_the_readings() {
    if !tests::xmllint::available() {
        return eprintln!("skipped: xmllint is not installed");
    }
    let dir = tests::corpus::workspace().join("target/choices-xmllint");
    let wsdl = tests::corpus::workspace().join("tests/fixtures/choices/choices.wsdl");
    let schema = tests::xmllint::schemas_from_wsdl(&wsdl, &dir, NS).expect("schema");
    let card = "<c:card><c:number>4970100000000000</c:number><c:brand>VISA</c:brand></c:card>";
    let valid = [
        pay_xml(card),
        pay_xml("<c:holder>Ann</c:holder><c:iban>FR76</c:iban><c:bic>AGRIFRPP</c:bic>"),
        pay_xml("<c:walletId>w</c:walletId><c:defaultCard/><c:cvv>123</c:cvv>"),
        pay_xml(
            "<c:token>t</c:token><c:foo_bar>7</c:foo_bar><c:note>1</c:note><c:note>2</c:note><c:note>3</c:note><c:note>4</c:note><c:tag>x</c:tag>",
        ),
        format!(
            r#"<c:pay xmlns:c="{NS}"><c:orderRef>o</c:orderRef><c:token>a</c:token><c:amount>1</c:amount><c:token>b</c:token></c:pay>"#
        ),
        format!(r#"<c:payResponse xmlns:c="{NS}"/>"#),
        format!(
            r#"<c:payResponse xmlns:c="{NS}"><c:refused>no</c:refused><c:reason>funds</c:reason><c:redirect>https://x.test/</c:redirect></c:payResponse>"#
        ),
        format!(
            r#"<c:payResponse xmlns:c="{NS}"><c:accepted>ok</c:accepted><c:reference>0x3FA4</c:reference></c:payResponse>"#
        ),
        format!(
            r#"<c:check xmlns:c="{NS}"><c:rule><c:not><c:all><c:rule><c:match>x</c:match></c:rule></c:all></c:not></c:rule></c:check>"#
        ),
    ];
    for (i, xml) in valid.iter().enumerate() {
        let scratch = dir.join(format!("valid-{i}.xml"));
        if let Err(e) = tests::xmllint::validate(&schema, xml, &scratch) {
            panic!("{xml}\n{e}");
        }
    }
    let invalid = [pay_xml("<c:token>a</c:token><c:iban>FR76</c:iban>"), pay_xml("<c:holder>Ann</c:holder>")];
    for (i, xml) in invalid.iter().enumerate() {
        let scratch = dir.join(format!("invalid-{i}.xml"));
        assert!(tests::xmllint::validate(&schema, xml, &scratch).is_err(), "xmllint accepts {xml}");
        assert!(read::<Pay>(xml, ReadOptions::strict()).is_err(), "strict reading accepts {xml}");
    }
}
