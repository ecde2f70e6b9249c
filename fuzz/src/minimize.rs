//! Shrinks a failing case to an input small enough to inline in a regression test: drops files,
//! then elements (largest first), then runs of lines, keeping every step that still fails with the
//! same signature. Bounded by a number of attempts.

use std::path::Path;
use std::time::Duration;

use crate::{Case, Finding, run_case};

/// Minimizes `case`, which fails with `finding`; at most `attempts` runs of the pipeline.
pub fn minimize(case: &Case, finding: &Finding, dir: &Path, budget: Duration, attempts: usize) -> Case {
    let signature = finding.signature();
    let mut left = attempts;
    let mut fails = |c: &Case| -> bool {
        if left == 0 {
            return false;
        }
        left -= 1;
        matches!(run_case(c, dir, budget), Err(f) if f.signature() == signature)
    };
    let mut best = case.clone();
    // Files other than the root.
    let mut i = 1;
    while i < best.files.len() {
        let mut c = best.clone();
        c.files.remove(i);
        if fails(&c) {
            best = c;
        } else {
            i += 1;
        }
    }
    loop {
        let before = size(&best);
        for f in 0..best.files.len() {
            best = shrink_elements(best, f, &mut fails);
            best = shrink_lines(best, f, &mut fails);
        }
        if size(&best) >= before {
            break;
        }
    }
    best
}

fn size(c: &Case) -> usize {
    c.files.iter().map(|(_, b)| b.len()).sum()
}

/// Tries removing each element, outermost first.
fn shrink_elements(mut best: Case, f: usize, fails: &mut impl FnMut(&Case) -> bool) -> Case {
    let mut skip = 0;
    loop {
        let Ok(text) = std::str::from_utf8(&best.files[f].1) else { return best };
        let Ok(doc) = roxmltree::Document::parse_with_options(
            text,
            roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
        ) else {
            return best;
        };
        let ranges: Vec<_> = doc.descendants().filter(|n| n.is_element()).skip(1).map(|n| n.range()).collect();
        let mut progressed = false;
        while skip < ranges.len() {
            let r = ranges[skip].clone();
            let mut c = best.clone();
            c.files[f].1.drain(r);
            if fails(&c) {
                best = c;
                progressed = true;
                break;
            }
            skip += 1;
        }
        if !progressed {
            return best;
        }
    }
}

/// Delta debugging over lines: removes runs of lines, halving the run length.
fn shrink_lines(mut best: Case, f: usize, fails: &mut impl FnMut(&Case) -> bool) -> Case {
    let split = |b: &[u8]| -> Vec<Vec<u8>> { b.split_inclusive(|&c| c == b'\n').map(<[u8]>::to_vec).collect() };
    let mut lines = split(&best.files[f].1);
    let mut chunk = lines.len().div_ceil(2).max(1);
    loop {
        let mut i = 0;
        while i < lines.len() {
            let end = (i + chunk).min(lines.len());
            let mut c = best.clone();
            c.files[f].1 = lines[..i].iter().chain(&lines[end..]).flatten().copied().collect();
            if fails(&c) {
                best = c;
                lines = split(&best.files[f].1);
            } else {
                i = end;
            }
        }
        if chunk == 1 {
            return best;
        }
        chunk = chunk.div_ceil(2);
    }
}
