//! `cargo run --release -p fuzz -- --minutes N`: mutates the seeds (specs/ and ../shared/corpus)
//! for N minutes, runs the generator on each case, prints executions and findings, and writes each
//! new finding, minimized, under `target/fuzz-findings/`.
//!
//! Options: `--minutes N` (default 1), `--cases N` (stop after N cases), `--budget-secs S` (time
//! one case may take before it counts as a hang; default 30), `--max-mutations N` (default 4).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use fuzz::mutate::{apply, mutation};
use fuzz::{Finding, Verdict, minimize::minimize, run_case, seeds, workspace};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let minutes: f64 = arg(&args, "--minutes", 1.0);
    let max_cases: u64 = arg(&args, "--cases", u64::MAX);
    let budget = Duration::from_secs(arg(&args, "--budget-secs", 30));
    let max_mutations: usize = arg(&args, "--max-mutations", 4);
    if let Some(dir) = args.iter().position(|a| a == "--replay").and_then(|i| args.get(i + 1)) {
        replay(std::path::Path::new(dir), budget);
        return;
    }
    let seeds = seeds(usize::MAX);
    if seeds.is_empty() {
        eprintln!("no seeds found under specs/ or ../shared/corpus");
        std::process::exit(1);
    }
    let out = workspace().join("target").join("fuzz-findings");
    let work = workspace().join("target").join(format!("fuzz-work-{}", std::process::id()));
    println!("fuzz: {} seeds, {minutes} minute(s), case budget {budget:?}, findings in {}", seeds.len(), out.display());
    let strategy = (0..seeds.len(), proptest::collection::vec(mutation(), 1..=max_mutations.max(1)));
    let mut runner = TestRunner::default();
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(minutes * 60.0);
    let (mut execs, mut generated, mut refused) = (0u64, 0u64, 0u64);
    let mut findings: BTreeMap<String, usize> = BTreeMap::new();
    let mut last_report = Instant::now();
    while Instant::now() < deadline && execs < max_cases {
        let Ok(tree) = strategy.new_tree(&mut runner) else { continue };
        let (seed, mutations) = tree.current();
        let mut case = seeds[seed].clone();
        for m in &mutations {
            apply(&mut case, m);
        }
        execs += 1;
        match run_case(&case, &work, budget) {
            Ok(Verdict::Generated) => generated += 1,
            Ok(Verdict::Refused) => refused += 1,
            Err(finding) => {
                let sig = finding.signature();
                let seen = findings.entry(sig.clone()).or_insert(0);
                *seen += 1;
                println!("FINDING #{execs} in {} ({}): {finding}", case.seed, sig);
                if *seen == 1 {
                    let small = if matches!(finding, Finding::Hang(_)) {
                        case.clone()
                    } else {
                        minimize(&case, &finding, &work, budget, 400)
                    };
                    let dir = out.join(format!("{:03}", findings.len()));
                    if fuzz::write_case(&small, &dir).is_ok() {
                        let note = format!(
                            "root: {}\nseed: {}\nentry: {:?}\nfinding: {finding}\nsignature: {sig}\nmutations: {mutations:#?}\n",
                            small.files[0].0, case.seed, case.entry
                        );
                        let _ = std::fs::write(dir.join("FINDING.txt"), note);
                        println!(
                            "  minimized to {} byte(s) in {}",
                            small.files.iter().map(|f| f.1.len()).sum::<usize>(),
                            dir.display()
                        );
                    }
                }
                if matches!(finding, Finding::Hang(_)) {
                    println!("a case hangs: stopping (its thread cannot be stopped)");
                    break;
                }
            }
        }
        if last_report.elapsed() >= Duration::from_secs(60) {
            last_report = Instant::now();
            report(start, execs, generated, refused, &findings);
        }
    }
    report(start, execs, generated, refused, &findings);
    let _ = std::fs::remove_dir_all(&work);
    if !findings.is_empty() {
        std::process::exit(2);
    }
}

/// `--replay DIR`: runs a saved finding again (its FINDING.txt names the root and the entry).
fn replay(dir: &std::path::Path, budget: Duration) {
    let note = std::fs::read_to_string(dir.join("FINDING.txt")).unwrap_or_default();
    let field = |k: &str| note.lines().find_map(|l| l.strip_prefix(k)).unwrap_or("").trim().to_string();
    let root = field("root:");
    let entry = if field("entry:") == "Manifest" { fuzz::Entry::Manifest } else { fuzz::Entry::Wsdl };
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.to_string(), std::fs::read(e.path()).ok()?)))
        .filter(|(n, _)| n != "FINDING.txt")
        .collect();
    files.sort_by_key(|(n, _)| (*n != root, n.clone()));
    let catalog = fuzz::corpus_catalog();
    let case = fuzz::Case { seed: dir.display().to_string(), entry, files, catalog };
    let work = workspace().join("target").join(format!("fuzz-replay-{}", std::process::id()));
    let start = Instant::now();
    let result = run_case(&case, &work, budget);
    println!("{}: {result:?} after {:?}", dir.display(), start.elapsed());
    let _ = std::fs::remove_dir_all(&work);
}

fn report(start: Instant, execs: u64, generated: u64, refused: u64, findings: &BTreeMap<String, usize>) {
    let secs = start.elapsed().as_secs_f64();
    println!(
        "[{:.0}s] executions: {execs} ({:.1}/s), generated: {generated}, refused with located errors: {refused}, findings: {} distinct, {} total",
        secs,
        execs as f64 / secs.max(0.001),
        findings.len(),
        findings.values().sum::<usize>()
    );
    for (sig, n) in findings {
        println!("  {n} × {sig}");
    }
}
