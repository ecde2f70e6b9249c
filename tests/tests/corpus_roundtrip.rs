//! Round trips for every corpus case: for each message element of its operations (request and
//! response bodies, fault details, headers), sample instances built from the model
//! (tests/src/samples.rs: minimal and full) are
//! 1. validated by `xmllint --schema` against the case's own schemas (tests/src/schema_set.rs),
//!    which proves the sample, hence our model of the schema, agrees with the vendor's schema;
//! 2. parsed (strict) by the generated type in the case's driver binary, validated by the
//!    generated rules, serialized, parsed again and compared (`PartialEq`);
//! 3. our output is validated by xmllint again and compared with the sample (namespace-aware XML
//!    equivalence).
//!
//! A case whose schemas libxml2 cannot compile skips steps 1 and 3 with xmllint's reason; a message
//! element that has no valid instance (a required element of an abstract type from which no
//! non-abstract type derives) is listed with the reason. The test counts what it round-trips
//! and fails if a case round-trips nothing.
//!
//! Shares `target/corpus-workspace` and its target directory with corpus_compile.rs.
//! `CORPUS_CASES=a,b` restricts the run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::load::Catalog;
use tests::corpus::{corpus, skip, workspace};
use tests::corpus_workspace::{Target, cases, dirs, generate, targets, write_case, write_manifest};
use tests::samples::{Mode, Samples};
use tests::{schema_set, xml_equiv, xmllint};

/// xmllint's verdict per file of one invocation, or why the schema could not be used.
fn validate_all(schema: &Path, files: &[PathBuf]) -> Result<BTreeMap<PathBuf, Result<(), String>>, String> {
    let mut verdicts = BTreeMap::new();
    if files.is_empty() {
        return Ok(verdicts);
    }
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .args(files)
        .output()
        .map_err(|e| format!("cannot run xmllint: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(5) || stderr.contains("failed to compile") {
        let reason: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).take(6).collect();
        return Err(reason.join("\n"));
    }
    for f in files {
        let name = f.display().to_string();
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with(&format!("{name}:"))).collect();
        let ok = stderr.lines().any(|l| l == format!("{name} validates"));
        verdicts.insert(f.clone(), if ok { Ok(()) } else { Err(errors.join("\n")) });
    }
    Ok(verdicts)
}

#[derive(Default)]
struct Report {
    elements: usize,
    samples: usize,
    round_tripped: usize,
    validated: usize,
    schema_skipped: Option<String>,
    unsupported: Vec<String>,
    failures: Vec<String>,
}

/// Builds the samples of one case, validates, runs the driver, validates and compares the output.
fn run_case(
    name: &str,
    wsdl: &Path,
    catalog: &Catalog,
    service: &codegen::model::Service,
    driver: &Path,
    scratch: &Path,
    lint: bool,
) -> Report {
    let mut report = Report::default();
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch).expect("scratch directory");
    let (targets, apart) = targets(service, &service.name);
    report.unsupported.extend(apart);
    report.elements = targets.len();
    let lowered = codegen::rust::lower::lower(service).service;
    let lexical = schema_set::lists_and_unions(wsdl, catalog);
    let samples = Samples::new(&lowered, &lexical);
    let mut inputs: Vec<(PathBuf, &Target)> = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        for mode in [Mode::Minimal, Mode::Full] {
            match samples.sample(&t.element, &t.ty, mode) {
                Ok(s) => {
                    let path = scratch.join(format!("s{i}-{}-{mode:?}.xml", t.element.local));
                    std::fs::write(&path, &s.xml).expect("write sample");
                    inputs.push((path, t));
                }
                Err(e) => report.unsupported.push(format!("{} {} ({mode:?}): {e}", t.role, t.element)),
            }
        }
    }
    report.samples = inputs.len();
    // 1. The samples against the vendor's schemas.
    let schema = if lint {
        match schema_set::write(wsdl, catalog, service, &scratch.join("xsd")) {
            Ok(p) => Some(p),
            Err(e) => {
                report.schema_skipped = Some(format!("the schema set cannot be written: {e}"));
                None
            }
        }
    } else {
        report.schema_skipped = Some("xmllint is not installed".into());
        None
    };
    let files: Vec<PathBuf> = inputs.iter().map(|(p, _)| p.clone()).collect();
    let mut schema = schema;
    if let Some(s) = &schema {
        match validate_all(s, &files) {
            Ok(verdicts) => {
                for (f, v) in verdicts {
                    if let Err(e) = v {
                        report.failures.push(format!("{name}: sample {} is not valid: {e}", f.display()));
                    }
                }
            }
            Err(reason) => {
                report.schema_skipped = Some(format!("libxml2 cannot compile the schemas: {reason}"));
                schema = None;
            }
        }
    }
    // 2. The generated code's round trip.
    let list: String = inputs
        .iter()
        .map(|(p, t)| {
            let out = p.with_extension("out.xml");
            format!("{}\t{}\t{}\t{}\t{}\n", t.rust, t.element.ns, t.element.local, p.display(), out.display())
        })
        .collect();
    let list_path = scratch.join("list.tsv");
    std::fs::write(&list_path, list).expect("write list");
    let out = match Command::new(driver).arg(&list_path).output() {
        Ok(o) => o,
        Err(e) => {
            report.failures.push(format!("{name}: cannot run {}: {e}", driver.display()));
            return report;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut outputs = Vec::new();
    for line in stdout.lines() {
        let mut f = line.splitn(3, '\t');
        match (f.next(), f.next(), f.next()) {
            (Some("ok"), Some(input), _) => outputs.push(PathBuf::from(input)),
            (Some("err"), Some(input), Some(reason)) => {
                report.failures.push(format!("{name}: {input}: {}", reason.replace("\\n", "\n")))
            }
            _ => report.failures.push(format!("{name}: driver said {line:?}")),
        }
    }
    if !out.status.success() || stdout.lines().count() != inputs.len() {
        report.failures.push(format!(
            "{name}: the driver answered {} of {} samples ({}): {}",
            stdout.lines().count(),
            inputs.len(),
            out.status,
            String::from_utf8_lossy(&out.stderr).chars().take(2000).collect::<String>()
        ));
    }
    // 3. Our output: valid, and equivalent to the sample.
    let written: Vec<PathBuf> = outputs.iter().map(|p| p.with_extension("out.xml")).collect();
    let verdicts = match &schema {
        Some(s) => validate_all(s, &written).unwrap_or_default(),
        None => BTreeMap::new(),
    };
    for (input, output) in outputs.iter().zip(&written) {
        let mut ok = true;
        if let Some(Err(e)) = verdicts.get(output) {
            report.failures.push(format!("{name}: our output {} is not valid: {e}", output.display()));
            ok = false;
        }
        let a = std::fs::read_to_string(input).unwrap_or_default();
        let b = std::fs::read_to_string(output).unwrap_or_default();
        if let Err(d) = xml_equiv::equivalent(&a, &b) {
            report
                .failures
                .push(format!("{name}: {} is not equivalent to its sample: {d}\nours: {b}", output.display()));
            ok = false;
        }
        if ok {
            report.round_tripped += 1;
            report.validated += usize::from(verdicts.get(output).is_some_and(Result::is_ok));
        }
    }
    report
}

#[test]
fn every_corpus_case_round_trips_sample_messages() {
    let Some(corpus) = corpus() else { return skip("corpus round trips") };
    let lint = xmllint::available();
    if !lint {
        eprintln!("note: xmllint not installed; round trips run without schema validation");
    }
    let (dir, target) = dirs();
    let catalog = Catalog::from_toml_file(&corpus.join("corpus.toml")).expect("corpus catalog");
    let mut members = Vec::new();
    let mut generated = Vec::new();
    let mut failures = Vec::new();
    for case in cases(&corpus) {
        match generate(&corpus, &catalog, &case) {
            Ok((service, files)) => {
                let (member, driver, _) = write_case(&dir, &case, &service, &files);
                members.push(member);
                members.push(driver.clone());
                generated.push((case, service, driver));
            }
            Err(e) => failures.push(e),
        }
    }
    write_manifest(&dir, &members);
    let started = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(&cargo);
    build.current_dir(&dir).env("CARGO_TARGET_DIR", &target).args(["build", "--quiet", "--keep-going"]);
    for (_, _, driver) in &generated {
        build.args(["-p", driver]);
    }
    let out = build.output().expect("run cargo build");
    eprintln!("corpus round trips: built {} drivers in {:.1?}", generated.len(), started.elapsed());
    if !out.status.success() {
        failures.push(format!(
            "drivers do not build:\n{}",
            String::from_utf8_lossy(&out.stderr).chars().take(20_000).collect::<String>()
        ));
    }
    let started = Instant::now();
    let scratch_root = workspace().join("target/corpus-roundtrip");
    let (mut total_elements, mut total_round_tripped) = (0, 0);
    for (case, service, driver) in &generated {
        let exe = target.join("debug").join(driver);
        let report = run_case(
            &case.name,
            &corpus.join(&case.wsdl),
            &catalog,
            service,
            &exe,
            &scratch_root.join(&case.name),
            lint,
        );
        eprintln!(
            "{}: {} elements, {} samples, {} round-tripped, {} of them valid per xmllint{}",
            case.name,
            report.elements,
            report.samples,
            report.round_tripped,
            report.validated,
            report.schema_skipped.as_ref().map(|r| format!("; validation skipped: {r}")).unwrap_or_default()
        );
        for u in &report.unsupported {
            eprintln!("  not round-tripped: {u}");
        }
        if report.round_tripped == 0 {
            failures.push(format!("{}: nothing round-tripped", case.name));
        }
        total_elements += report.elements;
        total_round_tripped += report.round_tripped;
        failures.extend(report.failures);
    }
    eprintln!(
        "corpus round trips: {} cases, {total_elements} elements, {total_round_tripped} samples round-tripped in {:.1?}",
        generated.len(),
        started.elapsed()
    );
    // Every failure in full, for reading (the assertion message shows the first ones).
    let _ = std::fs::write(scratch_root.join("failures.txt"), failures.join("\n\n"));
    assert!(!generated.is_empty(), "no corpus case generated");
    let shown: Vec<&String> = failures.iter().take(60).collect();
    assert!(
        failures.is_empty(),
        "{} round-trip failures (first {}):\n{}",
        failures.len(),
        shown.len(),
        shown.iter().map(|s| s.chars().take(3000).collect::<String>()).collect::<Vec<_>>().join("\n\n")
    );
}
