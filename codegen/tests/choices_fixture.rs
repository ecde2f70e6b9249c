//! The generated module of tests/fixtures/choices (compiled into the `tests` crate, exercised by
//! tests/tests/choices.rs) is what the generator writes today: the rendering of xs:choice,
//! reviewed as a diff. `UPDATE_FIXTURES=1 cargo test -p codegen --test choices_fixture` rewrites
//! it; this test lives in the generator's crate so that it runs even when the committed module
//! no longer compiles against the runtime.

use std::path::Path;

#[test]
fn generated_choices_module_is_fresh() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/choices");
    let (_, files) = codegen::generate::from_manifest(&dir.join("service.toml"), "tests/fixtures/choices")
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
            "{} is stale: run `UPDATE_FIXTURES=1 cargo test -p codegen --test choices_fixture`",
            path.display()
        );
    }
}
