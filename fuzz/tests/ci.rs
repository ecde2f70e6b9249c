//! The CI slice of the fuzzer: a bounded, deterministic number of mutated specs (300 by default,
//! `FUZZ_CASES=N` for more, `FUZZ_SEED=N` for another sequence) through the whole generator. No case
//! may panic, hang (a watchdog with a generous budget, not a timing assertion), grow the heap past
//! the limit, or fail without a location. The long run is `cargo run --release -p fuzz -- --minutes N`.

use std::sync::Mutex;
use std::time::Duration;

use fuzz::mutate::{apply, mutation};
use fuzz::{Finding, Verdict, run_case};
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn mutated_specs_never_crash_and_every_error_is_located() {
    // Corpus cases up to 64 KiB keep the debug-build run short; the long run takes them all.
    let seeds = fuzz::seeds(64 * 1024);
    assert!(!seeds.is_empty(), "no seeds under specs/");
    let config = Config {
        cases: env_or("FUZZ_CASES", 300) as u32,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(env_or("FUZZ_SEED", 6)),
        max_shrink_iters: 300,
        ..Config::default()
    };
    let dir = std::env::temp_dir().join(format!("fuzz-ci-{}", std::process::id()));
    let budget = Duration::from_secs(120);
    let hangs: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let counts = Mutex::new((0u32, 0u32));
    let strategy = (0..seeds.len(), proptest::collection::vec(mutation(), 1..=4));
    let result = TestRunner::new(config).run(&strategy, |(seed, mutations)| {
        let mut case = seeds[seed].clone();
        for m in &mutations {
            apply(&mut case, m);
        }
        match run_case(&case, &dir, budget) {
            Ok(v) => {
                let mut c = counts.lock().unwrap_or_else(|e| e.into_inner());
                if v == Verdict::Generated {
                    c.0 += 1
                } else {
                    c.1 += 1
                }
                Ok(())
            }
            // A hang is not shrunk (each try would take the whole budget): reported at the end.
            Err(Finding::Hang(_)) => {
                hangs.lock().unwrap_or_else(|e| e.into_inner()).push(format!("{}: {mutations:?}", case.seed));
                Ok(())
            }
            Err(f) => Err(TestCaseError::fail(format!("{} after {mutations:?}: {f}", case.seed))),
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let (generated, refused) = *counts.lock().unwrap_or_else(|e| e.into_inner());
    println!("fuzz: {generated} generated, {refused} refused with located errors");
    if let Err(e) = result {
        panic!("{e}");
    }
    let hangs = hangs.into_inner().unwrap_or_else(|e| e.into_inner());
    assert!(hangs.is_empty(), "cases without a result within {budget:?}: {hangs:#?}");
}
