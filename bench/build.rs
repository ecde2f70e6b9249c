//! Generates the module of `../shared/bench/items.wsdl` (the benchmark schema) into `OUT_DIR`
//! with the project's own generator, as a user of `codegen` would. Without the file, the crate
//! builds without it (cfg `items_wsdl` unset) and the benchmarks say so.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(items_wsdl)");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let wsdl = manifest.join("../../shared/bench/items.wsdl");
    println!("cargo::rerun-if-changed={}", wsdl.display());
    if !wsdl.is_file() {
        return;
    }
    let files = codegen::generate::from_wsdl(&wsdl, &codegen::load::Catalog::default(), "../shared/bench/items.wsdl")
        .unwrap_or_else(|d| panic!("cannot generate {}: {d}", wsdl.display()));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("items.rs"), inline_module(&files)).expect("write OUT_DIR/items.rs");
    println!("cargo::rustc-cfg=items_wsdl");
}

/// One file holding the module: `mod x;` lines of `mod.rs` become inline `mod x { ... }`.
fn inline_module(files: &[codegen::rust::File]) -> String {
    let get = |name: &str| files.iter().find(|f| f.name == name).map(|f| f.contents.as_str());
    let root = get("mod.rs").expect("the generator writes mod.rs");
    let mut out = String::from("/// The module generated from `items.wsdl`.\n#[allow(clippy::all)]\npub mod items {\n");
    for line in root.lines() {
        let trimmed = line.trim();
        let decl = trimmed.strip_suffix(';').and_then(|l| {
            let (vis, rest) = l.split_once("mod ")?;
            Some((vis, rest.trim()))
        });
        match decl {
            Some((vis, name)) if get(&format!("{name}.rs")).is_some() => {
                let body = get(&format!("{name}.rs")).unwrap_or_default();
                out.push_str(&format!("{vis}mod {name} {{\n{body}\n}}\n"));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str("}\n");
    out
}
