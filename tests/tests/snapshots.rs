//! Snapshots of the generated code, reviewed as diffs when the generator or a spec changes.
//! (`cargo xtask codegen --check` separately proves the committed crate equals the generator's output.)

use tests::corpus::workspace;

fn snapshot_service(dir: &str) {
    let manifest = workspace().join("specs").join(dir).join("service.toml");
    let (_, files) =
        codegen::generate::from_manifest(&manifest, &format!("specs/{dir}")).unwrap_or_else(|d| panic!("{d}"));
    for f in files {
        let name = format!("{dir}__{}", f.name.trim_end_matches(".rs"));
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, f.contents);
        });
    }
}

#[test]
fn payline() {
    snapshot_service("payline");
}

#[test]
fn lyra_paymentoffer() {
    snapshot_service("lyra_paymentoffer");
}

#[test]
fn safedebit() {
    snapshot_service("safedebit");
}

#[test]
fn generation_is_deterministic() {
    let manifest = workspace().join("specs/payline/service.toml");
    let a = codegen::generate::from_manifest(&manifest, "x").map(|r| r.1).unwrap_or_default();
    let b = codegen::generate::from_manifest(&manifest, "x").map(|r| r.1).unwrap_or_default();
    assert!(!a.is_empty());
    assert_eq!(a, b);
}
