//! The `[signature]` section of service.toml: parsed, checked against the spec, and rendered;
//! mistakes are diagnostics (with the operation's location), never panics.

use std::path::{Path, PathBuf};

use codegen::manifest::{KeyRoleDecl, Manifest, SignedFormat};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/lyra_paymentoffer")
}

/// The real manifest with `[signature]` replaced by `signature`.
fn manifest_with(signature: &str) -> (tempdir::Dir, PathBuf) {
    let text = std::fs::read_to_string(spec_dir().join("service.toml")).expect("manifest");
    let head = text.split("\n[signature]\n").next().unwrap_or_default();
    let wsdl = spec_dir().join("paymentoffer.wsdl");
    let head = head.replace("wsdl = \"paymentoffer.wsdl\"", &format!("wsdl = {:?}", wsdl.display().to_string()));
    let dir = tempdir::Dir::new();
    let path = dir.0.join("service.toml");
    std::fs::write(&path, format!("{head}\n{signature}")).expect("write");
    (dir, path)
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static N: AtomicUsize = AtomicUsize::new(0);
            let n = N.fetch_add(1, Ordering::Relaxed);
            let p = std::env::temp_dir().join(format!("sigmanifest-{}-{n}", std::process::id()));
            std::fs::create_dir_all(&p).expect("temp dir");
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

const BASE: &str = r#"[signature]
digest = "sha1-hex"
separator = "+"
key = "append"
target = "wsSignature"
refused = "BAD_SIGNATURE"
server_string = "return/extendedCode"
keys = { TEST = "test", PRODUCTION = "production" }
"#;

fn generate(signature: &str) -> Result<String, String> {
    let (_dir, path) = manifest_with(signature);
    codegen::generate::from_manifest(&path, "specs/x")
        .map(|(_, files)| files.into_iter().map(|f| f.contents).collect::<Vec<_>>().join("\n"))
        .map_err(|d| d.to_string())
}

#[test]
fn the_real_manifest_declares_both_operations() {
    let m = Manifest::load(&spec_dir().join("service.toml")).expect("valid manifest");
    let s = m.signature.expect("[signature]");
    assert_eq!(s.separator, "+");
    assert_eq!(s.keys.get("TEST"), Some(&KeyRoleDecl::Test));
    let create = s.operation("create").expect("create is signed");
    assert_eq!(create.fields.len(), 13);
    assert_eq!(create.fields[0].path(), "info/shopId");
    assert_eq!(create.fields[7].format(), SignedFormat::List);
    assert_eq!(s.operation("update").map(|u| u.fields.len()), Some(14));
}

#[test]
fn a_declaration_that_fits_the_spec_renders() {
    let out = generate(&format!(
        "{BASE}\n[[signature.operation]]\nname = \"create\"\nmode = \"info/ctxMode\"\nfields = [\"info/shopId\", {{ path = \"info/recipients\", format = \"list\" }}]\n"
    ))
    .expect("generates");
    assert!(out.contains("static SIGN_CREATE"), "{out}");
    assert!(out.contains("info: &PaymentOfferInfo,"), "{out}");
    assert!(out.contains("call_signed(&OP_CREATE, &SIGN_CREATE"), "{out}");
    assert!(!out.contains("SIGN_UPDATE"));
}

#[test]
fn mistakes_are_diagnostics() {
    let cases = [
        ("name = \"create\"\nmode = \"info/ctxMode\"\nfields = [\"info/nope\"]", "has no element `nope`"),
        ("name = \"create\"\nmode = \"info/ctxMode\"\nfields = [\"info/recipients\"]", "cannot be signed as Text"),
        (
            "name = \"create\"\nmode = \"info/ctxMode\"\nfields = [{ path = \"info/amount\", format = \"date\" }]",
            "cannot be signed as Date",
        ),
        (
            "name = \"create\"\nmode = \"info/ctxMode\"\nfields = [{ path = \"info/shopId\", format = \"list\" }]",
            "cannot be signed as List",
        ),
        ("name = \"create\"\nmode = \"info\"\nfields = []", "does not end on a simple value"),
        ("name = \"create\"\nmode = \"info/ctxMode\"\nfields = [\"info//shopId\"]", "is empty"),
        ("name = \"refund\"\nmode = \"info/ctxMode\"\nfields = []", "which the spec does not define"),
    ];
    for (decl, expected) in cases {
        let err = generate(&format!("{BASE}\n[[signature.operation]]\n{decl}\n")).expect_err(decl);
        assert!(err.contains(expected), "{decl}: {err}");
    }
    let long = vec!["info"; 40].join("/");
    let err =
        generate(&format!("{BASE}\n[[signature.operation]]\nname = \"create\"\nmode = \"{long}\"\nfields = []\n"))
            .expect_err("long path");
    assert!(err.contains("longer than"), "{err}");
    let err = generate(&BASE.replace("sha1-hex", "md5")).expect_err("unknown digest");
    assert!(err.contains("invalid manifest"), "{err}");
    let signed = format!("{BASE}\n[[signature.operation]]\nname = \"create\"\nmode = \"info/ctxMode\"\nfields = []\n");
    let checks = [
        ("operation = \"create\"\npath = \"info/amount\"\nwithin_days = [0, 90]", "needs an xsd:date or xsd:dateTime"),
        ("operation = \"update\"\npath = \"entity/validity\"\nwithin_days = [0, 90]", "signed operations only"),
        ("operation = \"refund\"\npath = \"info/validity\"\nwithin_days = [0, 90]", "which the spec does not define"),
    ];
    for (check, expected) in checks {
        let err = generate(&format!("[[check]]\n{check}\n\n{signed}")).expect_err(check);
        assert!(err.contains(expected), "{check}: {err}");
    }
    let out = generate(&format!(
        "[[check]]\n{}\n\n{signed}",
        "operation = \"create\"\npath = \"info/validity\"\nwithin_days = [0, 90]"
    ))
    .expect("a date check renders");
    assert!(out.contains("::runtime::checks::within_days("), "{out}");
    let err = generate(BASE).expect_err("no operation");
    assert!(err.contains("invalid manifest"), "{err}");
}
