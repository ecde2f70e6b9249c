//! The generated module of tests/fixtures/safedebit_search (used by `safedebit_search.rs`) is
//! what the generator writes today. `UPDATE_FIXTURES=1 cargo test -p tests --test safedebit_fixture`
//! rewrites it (kept apart so that it runs even when the committed module no longer compiles).

use tests::corpus::workspace;

#[test]
fn generated_fixture_module_is_fresh() {
    let dir = workspace().join("tests/fixtures/safedebit_search");
    let (_, files) = codegen::generate::from_manifest(&dir.join("service.toml"), "tests/fixtures/safedebit_search")
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
            "{} is stale: run `UPDATE_FIXTURES=1 cargo test -p tests --test safedebit_fixture`",
            path.display()
        );
    }
}
