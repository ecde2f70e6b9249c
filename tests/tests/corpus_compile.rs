//! Every WSDL of the shared corpus (`../shared/corpus/corpus.toml`, with its catalog) generates a
//! crate, all of them members of ONE temporary workspace (`target/corpus-workspace/`) checked by a
//! single `cargo clippy` (or `cargo check`) invocation, each crate under `#![deny(warnings)]`.
//!
//! For every case the generated methods are exactly the operations the WSDL binds: per client, one
//! `pub async fn` per operation of its port, and the distinct operation names match the count in
//! corpus.toml. Nothing is dropped silently.
//!
//! The workspace also holds each case's round-trip driver (tests/src/corpus_workspace.rs), so the
//! same clippy run checks them; corpus_roundtrip.rs builds and runs them.
//!
//! `CORPUS_CASES=a,b` restricts the run to some cases (for local iteration).

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Instant;

use codegen::load::Catalog;
use codegen::naming::Names;
use tests::corpus::{corpus, skip};
use tests::corpus_workspace::{cases, dirs, generate, write_case, write_manifest};

/// The `pub async fn` count inside `impl <client> {` ... up to the next top-level item.
fn methods_of(client_rs: &str, client: &str) -> usize {
    let start = format!("\nimpl {client} {{\n");
    let Some(at) = client_rs.find(&start) else { return 0 };
    let body = &client_rs[at + start.len()..];
    let end = body.find("\n}\n").unwrap_or(body.len());
    body[..end].matches("pub async fn ").count()
}

#[test]
fn every_corpus_wsdl_generates_a_crate_that_compiles() {
    let Some(corpus) = corpus() else { return skip("corpus compile test") };
    let (dir, target) = dirs();
    let catalog = Catalog::from_toml_file(&corpus.join("corpus.toml")).expect("corpus catalog");
    let mut failures = Vec::new();
    let mut members = Vec::new();
    let mut lines = 0usize;
    let started = Instant::now();
    for case in cases(&corpus) {
        let (service, files) = match generate(&corpus, &catalog, &case) {
            Ok(g) => g,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let distinct: BTreeSet<&str> =
            service.ports.iter().flat_map(|p| p.operations.iter().map(|o| o.name.as_str())).collect();
        if distinct.len() != case.operations {
            failures.push(format!(
                "{}: {} operations bound, corpus.toml says {}",
                case.name,
                distinct.len(),
                case.operations
            ));
        }
        let client_rs = files.iter().find(|f| f.name == "client.rs").map(|f| f.contents.as_str()).unwrap_or("");
        let names = Names::decide(&service, &service.name);
        for (p, port) in service.ports.iter().enumerate() {
            let found = methods_of(client_rs, &names.clients[p]);
            if found != port.operations.len() {
                failures.push(format!(
                    "{}: client {} has {found} methods, port `{}` binds {} operations",
                    case.name,
                    names.clients[p],
                    port.name,
                    port.operations.len()
                ));
            }
        }
        // The case's crate and its round-trip driver (checked here, run by corpus_roundtrip.rs).
        let (member, driver, n) = write_case(&dir, &case, &service, &files);
        lines += n;
        members.push(member);
        members.push(driver);
    }
    eprintln!("corpus: generated {} crates, {lines} lines, in {:.1?}", members.len() / 2, started.elapsed());
    write_manifest(&dir, &members);
    if !members.is_empty() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let clippy = Command::new(&cargo).args(["clippy", "--version"]).output().is_ok_and(|o| o.status.success());
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(&dir).env("CARGO_TARGET_DIR", &target);
        if clippy {
            cmd.args(["clippy", "--workspace", "--keep-going", "--quiet", "--", "-D", "warnings"]);
        } else {
            cmd.args(["check", "--workspace", "--keep-going", "--quiet"]);
        }
        let started = Instant::now();
        let out = cmd.output().expect("run cargo");
        eprintln!(
            "corpus: `cargo {}` on {} crates in {:.1?}",
            if clippy { "clippy" } else { "check" },
            members.len(),
            started.elapsed()
        );
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let broken: BTreeSet<&str> = members
                .iter()
                .map(String::as_str)
                .filter(|m| stderr.contains(&format!("{m}/src/")) || stderr.contains(&format!("`{m}`")))
                .collect();
            let excerpt: String = stderr.chars().take(20_000).collect();
            failures.push(format!("crates that do not compile: {broken:?}\n{excerpt}"));
        }
    }
    assert!(failures.is_empty(), "corpus failures:\n{}", failures.join("\n"));
}
