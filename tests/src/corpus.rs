//! Locating the workspace, the specs and the shared corpus (`../shared/corpus`, test data only).

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `../shared/corpus` beside the workspace, when it exists. Tests that need it print a note and
/// return early when it does not.
pub fn corpus() -> Option<PathBuf> {
    let p = workspace().join("../shared/corpus");
    p.is_dir().then(|| p.canonicalize().unwrap_or(p))
}

/// `../shared/seeds`, when it exists.
pub fn seeds() -> Option<PathBuf> {
    let p = workspace().join("../shared/seeds");
    p.is_dir().then_some(p)
}

/// Prints why a test is skipped, so a run without the corpus says so.
pub fn skip(what: &str) {
    eprintln!("note: ../shared/corpus not found; skipping {what}");
}

/// Every file under `dir` with extension `ext`, sorted.
pub fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|e| e.to_str()) == Some(ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
