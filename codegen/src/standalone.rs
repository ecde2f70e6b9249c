//! A standalone crate from a generated module: what `cargo xtask generate` writes, and what the
//! corpus test builds for every vendor WSDL.

use std::path::{Path, PathBuf};

use crate::rust::File;

/// How the crate's `Cargo.toml` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    /// A workspace of its own (`[workspace]` in the manifest): built on its own.
    OwnWorkspace,
    /// A member of an enclosing workspace (no `[workspace]` table).
    Member,
}

/// The files of a crate named `crate_name` holding the module `files` (as `rust::render` returns
/// them), depending on the runtime at `runtime` by path: `Cargo.toml` and `src/*.rs`, the module
/// root becoming `src/lib.rs` with `#![deny(warnings)]`. Paths are relative to the crate directory,
/// in a stable order.
pub fn standalone_crate(
    crate_name: &str,
    files: &[File],
    runtime: &Path,
    membership: Membership,
) -> Vec<(PathBuf, String)> {
    let workspace = match membership {
        Membership::OwnWorkspace => "\n[workspace]\n",
        Membership::Member => "",
    };
    let cargo = format!(
        "[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nruntime = {{ path = {:?} }}\n{workspace}",
        runtime.display().to_string()
    );
    let mut out = vec![(PathBuf::from("Cargo.toml"), cargo)];
    for f in files {
        let (name, text) = if f.name == "mod.rs" {
            let (header, body) = f.contents.split_once("\n\n").unwrap_or(("", f.contents.as_str()));
            ("lib.rs".to_string(), format!("{header}\n\n#![deny(warnings)]\n{body}"))
        } else {
            (f.name.clone(), f.contents.clone())
        };
        out.push((PathBuf::from("src").join(name), text));
    }
    out
}

/// A valid crate name from a file stem or case name (`DirectPaymentAPI` → `direct-payment-api`).
pub fn crate_name(stem: &str) -> String {
    let s = crate::naming::snake(stem).replace('_', "-");
    if s.starts_with(|c: char| c.is_ascii_alphabetic()) { s } else { format!("c-{s}") }
}
