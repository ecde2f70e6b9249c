//! Declared request signatures: formats, join, key selection, digest, redaction.
//!
//! Expected digests come from an independent implementation (Python's hashlib), never from this
//! crate: each constant says the exact command that produced it.

use std::borrow::Cow;

use runtime::auth::Secret;
use runtime::signature::{
    Digest, Format, KeyRole, Signable, SignatureError, SignatureSpec, SignedField, SigningKeys, digest, sign,
    string_to_sign,
};

const FIELDS: &[SignedField] = &[
    SignedField { path: "shopId", format: Format::Text },
    SignedField { path: "reference", format: Format::Text },
    SignedField { path: "ctxMode", format: Format::Text },
    SignedField { path: "recipients", format: Format::List },
    SignedField { path: "validity", format: Format::Date },
    SignedField { path: "sendMail", format: Format::Boolean },
];

static SPEC: SignatureSpec = SignatureSpec {
    operation: "create",
    target: "wsSignature",
    mode: "ctxMode",
    fields: FIELDS,
    separator: "+",
    digest: Digest::Sha1Hex,
    keys: &[("PRODUCTION", KeyRole::Production), ("TEST", KeyRole::Test)],
    refused_code: Some("BAD_SIGNATURE"),
};

/// A request with the six signed values as plain optional texts.
#[derive(Default)]
struct Req {
    values: Vec<Vec<String>>,
    mode: Option<String>,
    signature: String,
}

impl Signable for Req {
    fn signed_values(&self) -> Vec<Vec<Cow<'_, str>>> {
        self.values.iter().map(|v| v.iter().map(|s| Cow::Borrowed(s.as_str())).collect()).collect()
    }
    fn signing_mode(&self) -> Option<Cow<'_, str>> {
        self.mode.as_deref().map(Cow::Borrowed)
    }
    fn set_signature(&mut self, signature: String) {
        self.signature = signature;
    }
}

fn req(values: &[&[&str]], mode: Option<&str>) -> Req {
    Req {
        values: values.iter().map(|v| v.iter().map(|s| s.to_string()).collect()).collect(),
        mode: mode.map(str::to_owned),
        signature: String::new(),
    }
}

#[test]
fn formats_and_join() {
    let r = req(
        &[&["12345678"], &[], &["TEST"], &["a@example.com", "b@example.com"], &["2026-12-01T23:59:59+01:00"], &[]],
        Some("TEST"),
    );
    let text = string_to_sign(&SPEC, &r.signed_values()).unwrap();
    // Absent text → empty; list → [a, b]; date → YYYYMMDD as written (own offset); unset boolean → 0.
    assert_eq!(text, "12345678++TEST+[a@example.com, b@example.com]+20261201+0");

    let r = req(&[&["1"], &["R+1"], &["TEST"], &[], &["2027-01-15"], &["true"]], Some("TEST"));
    assert_eq!(string_to_sign(&SPEC, &r.signed_values()).unwrap(), "1+R+1+TEST+[]+20270115+1");
    let r = req(&[&["1"], &[], &["TEST"], &[], &["2027-01-15Z"], &["false"]], Some("TEST"));
    assert_eq!(string_to_sign(&SPEC, &r.signed_values()).unwrap(), "1++TEST+[]+20270115+0");
}

#[test]
fn bad_values_are_errors_not_panics() {
    for date in ["", "2026", "2026-1-01", "20-12-01T00:00:00", "2026-12-0", "２０２６-12-01"] {
        let r = req(&[&["1"], &[], &["TEST"], &[], &[date], &[]], Some("TEST"));
        let e = string_to_sign(&SPEC, &r.signed_values()).unwrap_err();
        assert!(matches!(e, SignatureError::BadValue { path: "validity", .. }), "{date}: {e:?}");
    }
    let r = req(&[&["1"], &[], &["TEST"], &[], &[], &["yes"]], Some("TEST"));
    assert!(matches!(
        string_to_sign(&SPEC, &r.signed_values()),
        Err(SignatureError::BadValue { path: "sendMail", .. })
    ));
    let r = req(&[&["1"]], Some("TEST"));
    assert_eq!(string_to_sign(&SPEC, &r.signed_values()), Err(SignatureError::FieldCount { expected: 6, found: 1 }));
}

/// `python3 -c 'import hashlib; print(hashlib.sha1(b"abc+KEY").hexdigest())'`
const ABC_KEY: &str = "463a8c848dc8d4b6b85ffac285fe68af6c277b24";

#[test]
fn digest_is_sha1_of_string_separator_and_key() {
    assert_eq!(digest(&SPEC, "abc", &Secret::new("KEY")), ABC_KEY);
}

/// `python3 -c 'import hashlib; print(hashlib.sha1(b"12345678++TEST+[x@example.com]+20261201+1+TESTKEY").hexdigest())'`
const SIGNED_TEST: &str = "81812840cfa129a1314693b85b140e9c38960674";

#[test]
fn the_mode_selects_the_key() {
    let keys = SigningKeys::new("TESTKEY", "PRODKEY");
    let values: &[&[&str]] = &[&["12345678"], &[], &["TEST"], &["x@example.com"], &["2026-12-01T00:00:00Z"], &["1"]];
    let mut r = req(values, Some("TEST"));
    let text = sign(&SPEC, &keys, &mut r).unwrap();
    assert_eq!(text, "12345678++TEST+[x@example.com]+20261201+1");
    assert_eq!(r.signature, SIGNED_TEST);

    let mut p = req(values, Some("PRODUCTION"));
    sign(&SPEC, &keys, &mut p).unwrap();
    assert_eq!(p.signature, digest(&SPEC, &text, &Secret::new("PRODKEY")));
    assert_ne!(p.signature, r.signature);

    let mut u = req(values, Some("STAGING"));
    assert_eq!(
        sign(&SPEC, &keys, &mut u),
        Err(SignatureError::UnknownMode { path: "ctxMode", value: Some("STAGING".into()) })
    );
    let mut n = req(values, None);
    assert_eq!(sign(&SPEC, &keys, &mut n), Err(SignatureError::UnknownMode { path: "ctxMode", value: None }));
    let mut t = req(values, Some("PRODUCTION"));
    assert_eq!(
        sign(&SPEC, &SigningKeys::test_only("TESTKEY"), &mut t),
        Err(SignatureError::NoKey { role: KeyRole::Production })
    );
    assert!(t.signature.is_empty(), "nothing signed");
}

#[test]
fn keys_are_never_shown() {
    let keys = SigningKeys::new("very-secret-test", "very-secret-prod");
    let shown = format!("{keys:?}");
    assert!(!shown.contains("very-secret"), "{shown}");
    let errors = [
        SignatureError::NoKey { role: KeyRole::Production },
        SignatureError::UnknownMode { path: "ctxMode", value: Some("X".into()) },
        SignatureError::NoKeys,
    ];
    for e in errors {
        assert!(!format!("{e} {e:?}").contains("very-secret"));
    }
}
