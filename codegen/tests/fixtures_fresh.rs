//! The generated modules committed under tests/fixtures (compiled into the `tests` crate and
//! exercised there) are what the generator writes today: each is the snapshot of a rendering,
//! reviewed as a diff. `UPDATE_FIXTURES=1 cargo test -p codegen --test fixtures_fresh` rewrites
//! them. These checks live in the generator's crate so that they run even when a committed module
//! no longer compiles against the runtime.
//!
//! - `choices`: xs:choice in its forms (`tests/tests/choices.rs`);
//! - `poly`: an abstract base, two levels of derivation, a derived type in another namespace, one
//!   reachable only through xsi:type, a substitution group with a member of a member, a derived
//!   type that contains its base (`tests/tests/poly.rs`);
//! - `anyattr`: attribute wildcards (`xs:anyAttribute`) in their forms (`tests/tests/any_attributes.rs`);
//! - `safedebit_search`: the JSON table format beyond get_link_payment (`tests/tests/safedebit_search.rs`).

use std::path::Path;

fn check_fresh(fixture: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(fixture);
    let (_, files) = codegen::generate::from_manifest(&dir.join("service.toml"), &format!("tests/fixtures/{fixture}"))
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
            "{} is stale: run `UPDATE_FIXTURES=1 cargo test -p codegen --test fixtures_fresh`",
            path.display()
        );
    }
}

#[test]
fn choices_module_is_fresh() {
    check_fresh("choices");
}

#[test]
fn poly_module_is_fresh() {
    check_fresh("poly");
}

#[test]
fn anyattr_module_is_fresh() {
    check_fresh("anyattr");
}

#[test]
fn safedebit_search_module_is_fresh() {
    check_fresh("safedebit_search");
}

#[test]
fn encoded_module_is_fresh() {
    check_fresh("encoded");
}
