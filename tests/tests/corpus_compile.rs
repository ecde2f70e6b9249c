//! Every WSDL of the shared corpus (`../shared/corpus/corpus.toml`, with its catalog) generates a
//! crate, all of them members of ONE temporary workspace (`target/corpus-workspace/`) checked by a
//! single `cargo clippy` (or `cargo check`) invocation, each crate under `#![deny(warnings)]`.
//!
//! For every case the generated methods are exactly the operations the WSDL binds: per client, one
//! `pub async fn` per operation of its port, and the distinct operation names match the count in
//! corpus.toml. Nothing is dropped silently.
//!
//! `CORPUS_CASES=a,b` restricts the run to some cases (for local iteration).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use codegen::load::Catalog;
use codegen::naming::Names;
use codegen::standalone::{Membership, crate_name, standalone_crate};
use tests::corpus::{corpus, skip, workspace};

struct Case {
    name: String,
    wsdl: String,
    operations: usize,
}

fn cases(corpus: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(corpus.join("corpus.toml")).expect("read corpus.toml");
    let table: toml::Table = text.parse().expect("corpus.toml parses");
    let only: Option<BTreeSet<String>> =
        std::env::var("CORPUS_CASES").ok().map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    let list = table.get("case").and_then(|c| c.as_array()).cloned().unwrap_or_default();
    list.iter()
        .filter_map(|c| {
            let name = c.get("name")?.as_str()?.to_string();
            let wsdl = c.get("wsdl")?.as_str()?.to_string();
            let operations = usize::try_from(c.get("operations")?.as_integer()?).ok()?;
            Some(Case { name, wsdl, operations })
        })
        .filter(|c| only.as_ref().is_none_or(|o| o.contains(&c.name)))
        .collect()
}

/// The `pub async fn` count inside `impl <client> {` ... up to the next top-level item.
fn methods_of(client_rs: &str, client: &str) -> usize {
    let start = format!("\nimpl {client} {{\n");
    let Some(at) = client_rs.find(&start) else { return 0 };
    let body = &client_rs[at + start.len()..];
    let end = body.find("\n}\n").unwrap_or(body.len());
    body[..end].matches("pub async fn ").count()
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create directory");
    }
    std::fs::write(path, text).expect("write file");
}

#[test]
fn every_corpus_wsdl_generates_a_crate_that_compiles() {
    let Some(corpus) = corpus() else { return skip("corpus compile test") };
    let root = workspace();
    let dir = root.join("target/corpus-workspace");
    let catalog = Catalog::from_toml_file(&corpus.join("corpus.toml")).expect("corpus catalog");
    let runtime = root.join("runtime");
    let mut failures = Vec::new();
    let mut members = Vec::new();
    let mut lines = 0usize;
    let started = Instant::now();
    for case in cases(&corpus) {
        let wsdl = corpus.join(&case.wsdl);
        let service = match codegen::wsdl::load_wsdl(&wsdl, &catalog) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{}: does not load:\n{e}", case.name));
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
        let files = match codegen::generate::from_wsdl(&wsdl, &catalog, &format!("corpus/{}", case.wsdl)) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{}: does not generate:\n{e}", case.name));
                continue;
            }
        };
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
        let member = crate_name(&case.name);
        for (rel, text) in standalone_crate(&member, &files, &runtime, Membership::Member) {
            lines += if rel.extension().is_some_and(|e| e == "rs") { text.lines().count() } else { 0 };
            write_if_changed(&dir.join(&member).join(rel), &text);
        }
        members.push(member);
    }
    eprintln!("corpus: generated {} crates, {lines} lines, in {:.1?}", members.len(), started.elapsed());
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "# Written by tests/tests/corpus_compile.rs.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    );
    // Same dependency versions as the project, and no resolution on each run.
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        write_if_changed(&dir.join("Cargo.lock"), &lock);
    }
    if !members.is_empty() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let clippy = Command::new(&cargo).args(["clippy", "--version"]).output().is_ok_and(|o| o.status.success());
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(&dir).env("CARGO_TARGET_DIR", root.join("target/corpus-workspace-target"));
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
