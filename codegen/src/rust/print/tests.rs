//! The printer on small files: the layouts it chooses.

use super::file;

fn print(src: &str) -> String {
    file(src.parse().expect("lexes"))
}

#[test]
fn struct_with_docs_and_derives() {
    let src = r#"
        #[doc = " A wallet."]
        #[doc = ""]
        #[doc = " Numéro « 42 »."]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Wallet { #[doc = " The id."] pub id: String, pub(crate) cards: Vec<Option<Card>> }
    "#;
    let expected = "/// A wallet.\n///\n/// Numéro « 42 ».\n#[derive(Debug, Clone, PartialEq, Default)]\npub struct Wallet {\n    /// The id.\n    pub id: String,\n    pub(crate) cards: Vec<Option<Card>>,\n}\n";
    assert_eq!(print(src), expected);
}

#[test]
fn impl_with_fn_and_statements() {
    let src = r#"
        impl ToXml for A {
            fn write_content(&self, w: &mut XmlWriter) {
                if !self.absent.has(0u16) { w.required(NS0, "version", &self.version); }
                let x = match y { Some(v) => v, None => return Err(e) };
                for x in &self.items { w.item(x)?; }
            }
        }
    "#;
    let expected = r#"impl ToXml for A {
    fn write_content(&self, w: &mut XmlWriter) {
        if !self.absent.has(0u16) {
            w.required(NS0, "version", &self.version);
        }
        let x = match y {
            Some(v) => v,
            None => return Err(e),
        };
        for x in &self.items {
            w.item(x)?;
        }
    }
}
"#;
    assert_eq!(print(src), expected);
}

#[test]
fn long_calls_break_their_arguments() {
    let src = r#"
        fn f() {
            let v = r.required_or_absent(contract_number_wallet_list, "contractNumberWalletList", 8u16, &mut absent);
            Ok(Self::with_config(::runtime::client::ClientConfig::new(::runtime::endpoint::Endpoint::https(Self::HOMOLOGATION)?, Some(x))))
        }
    "#;
    let expected = r#"fn f() {
    let v = r.required_or_absent(
        contract_number_wallet_list,
        "contractNumberWalletList",
        8u16,
        &mut absent,
    );
    Ok(Self::with_config(::runtime::client::ClientConfig::new(
        ::runtime::endpoint::Endpoint::https(Self::HOMOLOGATION)?,
        Some(x),
    )))
}
"#;
    assert_eq!(print(src), expected);
}

#[test]
fn chains_and_logic_break_before_their_operators() {
    let src = r#"
        fn f() -> bool {
            ::runtime::server::SoapServer::new(service, ::runtime::soap::SoapVersion::V11, |s: &S, r| s.refuse_request(r)).with_basic_auth(merchant_id, access_key).route(x);
            ::runtime::xml::particle::is_one_of(el, &[(NS1, "Constant"), (NS1, "Other")]) || PathGroup::accepts(el) || Other::accepts(el)
        }
    "#;
    let expected = r#"fn f() -> bool {
    ::runtime::server::SoapServer::new(
        service,
        ::runtime::soap::SoapVersion::V11,
        |s: &S, r| s.refuse_request(r),
    )
    .with_basic_auth(merchant_id, access_key)
    .route(x);
    ::runtime::xml::particle::is_one_of(el, &[(NS1, "Constant"), (NS1, "Other")])
        || PathGroup::accepts(el)
        || Other::accepts(el)
}
"#;
    assert_eq!(print(src), expected);
}

#[test]
fn use_trees_inner_attributes_and_statics() {
    let src = r#"
        #![allow(unused_imports)]
        use ::runtime::xml::{Element, FromXml, Nillable, SimpleValue, ToXml, XmlError, XmlReader, XmlWriter, Other};
        static NAMESPACES: &[(&str, &str)] = &[("ns0", super::xml::NS0)];
        pub(super) static OP: ::runtime::client::SoapOperation = ::runtime::client::SoapOperation { name: "createWallet", action: "createWallet", moves_money: false };
    "#;
    let expected = r#"#![allow(unused_imports)]
use ::runtime::xml::{
    Element, FromXml, Nillable, SimpleValue, ToXml, XmlError, XmlReader, XmlWriter, Other,
};
static NAMESPACES: &[(&str, &str)] = &[("ns0", super::xml::NS0)];
pub(super) static OP: ::runtime::client::SoapOperation = ::runtime::client::SoapOperation {
    name: "createWallet",
    action: "createWallet",
    moves_money: false,
};
"#;
    assert_eq!(print(src), expected);
}

#[test]
fn enums_traits_and_signatures() {
    let src = r#"
        pub enum AnyBase { #[doc = " The base."] Base(Box<Base>), Derived { a: u8, b: Vec<u8> }, Unknown }
        pub trait Service: Send + Sync + 'static {
            fn create_wallet(&self, request: super::types::CreateWalletRequest) -> impl ::std::future::Future<Output = Result<super::types::CreateWalletResponse, ::runtime::server::Error>> + Send;
        }
    "#;
    let expected = r#"pub enum AnyBase {
    /// The base.
    Base(Box<Base>),
    Derived {
        a: u8,
        b: Vec<u8>,
    },
    Unknown,
}
pub trait Service: Send + Sync + 'static {
    fn create_wallet(
        &self,
        request: super::types::CreateWalletRequest,
    ) -> impl ::std::future::Future<
        Output = Result<super::types::CreateWalletResponse, ::runtime::server::Error>
    > + Send;
}
"#;
    assert_eq!(print(src), expected);
}

#[test]
fn the_same_tokens_give_the_same_text() {
    let src = "impl X { fn f(&self) -> u8 { let a = [1, 2, 3]; a.iter().map(|x| { x * 2 }).sum() } }";
    let once = print(src);
    assert_eq!(print(src), once);
    assert_eq!(print(&once), once, "printing the output again changes nothing");
}

#[test]
fn nothing_for_no_items() {
    assert_eq!(print(""), "");
}

#[test]
fn values_too_long_for_their_line_start_the_next_one() {
    let src = r#"
        pub(super) static OP_UPDATE_ITEM_IN_RECOVERABLE_ITEMS: ::runtime::client::SoapOperation = ::runtime::client::SoapOperation { name: "UpdateItemInRecoverableItems", moves_money: false };
        fn f() -> Self {
            match (el.namespace(), el.local_name()) {
                (NS1, "MeetingRegistrationResponseObjectType") => Self::MeetingRegistrationResponseObjectType(FromXml::read_xml(r, el)?),
                _ => Self::Unknown,
            }
        }
        pub enum AnyResponse { FindMailboxStatisticsByKeywordsResponseMessage(FindMailboxStatisticsByKeywordsResponseMessageTypes) }
    "#;
    let expected = r#"pub(super) static OP_UPDATE_ITEM_IN_RECOVERABLE_ITEMS: ::runtime::client::SoapOperation =
    ::runtime::client::SoapOperation { name: "UpdateItemInRecoverableItems", moves_money: false };
fn f() -> Self {
    match (el.namespace(), el.local_name()) {
        (NS1, "MeetingRegistrationResponseObjectType") =>
            Self::MeetingRegistrationResponseObjectType(FromXml::read_xml(r, el)?),
        _ => Self::Unknown,
    }
}
pub enum AnyResponse {
    FindMailboxStatisticsByKeywordsResponseMessage(
        FindMailboxStatisticsByKeywordsResponseMessageTypes,
    ),
}
"#;
    assert_eq!(print(src), expected);
}

/// Token soup (keywords, operators, groups in any order, valid Rust or not) never makes the
/// printer panic or loop, and printing stays deterministic.
#[test]
fn any_token_stream_prints_without_panicking() {
    const WORDS: [&str; 24] = [
        "if", "else", "match", "for", "in", "while", "loop", "let", "fn", "pub", "impl", "struct", "enum", "use",
        "static", "const", "move", "as", "x", "Self", "Vec", "r#type", "unsafe", "where",
    ];
    const PUNCT: [&str; 22] = [
        "=>", "->", "::", "<", ">", ">>", "|", "||", "&", "&&", ",", ";", ":", "=", "!", "#", "?", ".", "..", "-", "*",
        "'a",
    ];
    let mut seed = 0x2545_f491_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    fn soup(next: &mut dyn FnMut(usize) -> usize, depth: usize, out: &mut String) {
        for _ in 0..next(12) {
            match next(10) {
                0..=3 => out.push_str(WORDS[next(WORDS.len())]),
                4..=6 => out.push_str(PUNCT[next(PUNCT.len())]),
                7 => out.push_str(["1u16", "\"s\"", "'c'", "-1", "1."][next(5)]),
                _ if depth < 5 => {
                    let (open, close) = [("(", ")"), ("[", "]"), ("{", "}")][next(3)];
                    out.push_str(open);
                    soup(next, depth + 1, out);
                    out.push_str(close);
                }
                _ => out.push('x'),
            }
            out.push(' ');
        }
    }
    for _ in 0..3000 {
        let mut src = String::new();
        soup(&mut next, 0, &mut src);
        let Ok(tokens) = src.parse::<proc_macro2::TokenStream>() else { continue };
        let once = file(tokens.clone());
        assert_eq!(file(tokens), once, "{src}");
    }
}
