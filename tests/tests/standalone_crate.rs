//! `cargo xtask generate` on the vendor's whole Payline WSDL (42 operations) writes a standalone
//! crate that compiles under `#![deny(warnings)]`.

use std::process::Command;

use tests::corpus::{corpus, skip, workspace};

#[test]
fn vendor_payline_wsdl_generates_a_crate_that_compiles() {
    let Some(corpus) = corpus() else { return skip("standalone crate from the vendor WSDL") };
    let root = workspace();
    let out = root.join("target/standalone/payline-directpayment");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(&root)
        .args(["run", "--quiet", "-p", "xtask", "--", "generate", "--wsdl"])
        .arg(corpus.join("payline-directpayment/DirectPaymentAPI.wsdl"))
        .arg("--out")
        .arg(&out)
        .status()
        .expect("run xtask");
    assert!(status.success(), "xtask generate failed");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap_or_default();
    assert!(lib.contains("#![deny(warnings)]"));
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap_or_default();
    assert_eq!(client.matches("pub async fn ").count(), 42, "one method per bound operation");
    // Same dependency versions as the workspace (and no resolution on each run).
    let _ = std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"));
    let check = Command::new(&cargo)
        .arg("check")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/standalone/target"))
        .output()
        .expect("run cargo check");
    assert!(check.status.success(), "generated crate does not compile:\n{}", String::from_utf8_lossy(&check.stderr));
}
