//! The generated module of tests/fixtures/poly (a hand-written WSDL with an abstract base, two
//! levels of derivation, a derived type in another namespace, one reachable only through xsi:type,
//! a substitution group with a member of a member, and a derived type that contains its base) is
//! what the generator writes today: the committed files are the snapshot of how polymorphism is
//! rendered, reviewed as diffs. `UPDATE_FIXTURES=1 cargo test -p tests --test poly_fixture` rewrites
//! them. `poly.rs` runs them.

use tests::corpus::workspace;

#[test]
fn generated_fixture_module_is_fresh() {
    let dir = workspace().join("tests/fixtures/poly");
    let (_, files) = codegen::generate::from_manifest(&dir.join("service.toml"), "tests/fixtures/poly")
        .unwrap_or_else(|d| panic!("{d}"));
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    for f in files {
        let path = dir.join("generated").join(&f.name);
        if update {
            std::fs::create_dir_all(dir.join("generated")).expect("mkdir");
            std::fs::write(&path, &f.contents).expect("write fixture");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == f.contents,
            "{} is stale: run `UPDATE_FIXTURES=1 cargo test -p tests --test poly_fixture`",
            path.display()
        );
    }
}
