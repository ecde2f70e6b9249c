//! Fuzzing the generator on stable Rust.
//!
//! A case is a set of spec files (a seed from `specs/` or `../shared/corpus`) after a few
//! [`mutate::Mutation`]s. [`run_case`] writes it to a directory and runs the whole pipeline on it
//! (`codegen::generate::from_manifest` for a `service.toml`, `codegen::generate::from_wsdl` for a
//! WSDL: loader, model builder, renderer), on a worker thread under a watchdog, with panics caught
//! and memory counted. A [`Finding`] is a panic, a hang, a memory peak over the limit, an error
//! without a location (a diagnostic whose file is empty or whose line or column is 0), or
//! generated code that does not parse (read back with syn: the generator prints its tokens
//! without parsing them).
//!
//! `cargo test -p fuzz` runs a bounded number of cases; `cargo run --release -p fuzz -- --minutes N`
//! runs for N minutes and minimizes what it finds (see `src/main.rs`).

pub mod alloc;
pub mod minimize;
pub mod mutate;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

use codegen::diag::Diagnostics;
use codegen::load::Catalog;

/// Peak heap growth of one case above which it is a finding.
pub const MEMORY_LIMIT: usize = 1 << 30;

/// What the pipeline is run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// `root` is a `service.toml`: `codegen::generate::from_manifest`.
    Manifest,
    /// `root` is a WSDL: `codegen::generate::from_wsdl`.
    Wsdl,
}

/// Files of one case: (path relative to the case directory, bytes); the first is the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub seed: String,
    pub entry: Entry,
    pub files: Vec<(String, Vec<u8>)>,
    /// Catalog of schemas imported by URL (read-only files outside the case).
    pub catalog: Catalog,
}

/// Why a case failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The pipeline panicked (message and location of the panic).
    Panic(String),
    /// The case did not finish within the time budget (the worker thread is left behind).
    Hang(Duration),
    /// Heap growth above [`MEMORY_LIMIT`].
    Memory(usize),
    /// An error without a usable location.
    Unlocated(String),
    /// A generated file that is not valid Rust (file name and syn's error).
    Unparseable(String),
}

impl Finding {
    /// A short signature: findings with the same signature are the same bug.
    pub fn signature(&self) -> String {
        match self {
            Finding::Panic(m) => format!("panic {}", m.lines().next().unwrap_or("").split(": ").next().unwrap_or("")),
            Finding::Hang(_) => "hang".into(),
            Finding::Memory(_) => "memory".into(),
            Finding::Unlocated(m) => {
                let m: String = m.chars().filter(|c| !c.is_ascii_digit()).take(60).collect();
                format!("unlocated {m}")
            }
            Finding::Unparseable(m) => {
                let m: String = m.chars().filter(|c| !c.is_ascii_digit()).take(60).collect();
                format!("unparseable {m}")
            }
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::Panic(m) => write!(f, "panic at {m}"),
            Finding::Hang(d) => write!(f, "no result after {d:?}"),
            Finding::Memory(n) => write!(f, "heap grew by {} MiB", n >> 20),
            Finding::Unlocated(m) => write!(f, "error without a location: {m}"),
            Finding::Unparseable(m) => write!(f, "generated code that does not parse: {m}"),
        }
    }
}

/// What a case produced, when it is not a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Rust files were rendered.
    Generated,
    /// The spec was refused with located diagnostics.
    Refused,
}

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Installs a panic hook that records panics of worker threads instead of printing them
/// (other threads keep the default output).
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some("fuzz-case") {
                let msg = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let loc = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
                if let Ok(mut last) = LAST_PANIC.lock() {
                    *last = Some(format!("{loc}: {msg}"));
                }
            } else {
                default(info);
            }
        }));
    });
}

/// Writes the case's files under `dir` (emptied first).
pub fn write_case(case: &Case, dir: &Path) -> std::io::Result<PathBuf> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in &case.files {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(dir.join(&case.files[0].0))
}

/// Every diagnostic must name a file and a line and column ≥ 1, and an error must say something.
pub fn check_located(d: &Diagnostics) -> Result<(), Finding> {
    if d.0.is_empty() {
        return Err(Finding::Unlocated("an error with no diagnostic".into()));
    }
    for diag in &d.0 {
        if diag.span.file.is_empty() || diag.span.line == 0 || diag.span.col == 0 {
            return Err(Finding::Unlocated(format!("{diag}")));
        }
        if diag.message.trim().is_empty() {
            return Err(Finding::Unlocated(format!("empty message at {}", diag.span)));
        }
    }
    Ok(())
}

/// Runs the pipeline on the case written under `dir`, on a worker thread, within `budget`.
pub fn run_case(case: &Case, dir: &Path, budget: Duration) -> Result<Verdict, Finding> {
    install_panic_hook();
    let root = write_case(case, dir).map_err(|e| Finding::Unlocated(format!("cannot write the case: {e}")))?;
    let (entry, catalog) = (case.entry, case.catalog.clone());
    let (tx, rx) = mpsc::channel();
    if let Ok(mut last) = LAST_PANIC.lock() {
        *last = None;
    }
    let base = alloc::reset_peak();
    let spawned = std::thread::Builder::new().name("fuzz-case".into()).stack_size(8 << 20).spawn(move || {
        let _ = tx.send(Msg::Thread(thread_stat_path()));
        let result = std::panic::catch_unwind(|| match entry {
            Entry::Manifest => codegen::generate::from_manifest(&root, "fuzz").map(|(_, files)| files),
            Entry::Wsdl => codegen::generate::from_wsdl(&root, &catalog, "fuzz"),
        });
        let _ = tx.send(Msg::Done(result));
    });
    if let Err(e) = spawned {
        return Err(Finding::Unlocated(format!("cannot start a worker thread: {e}")));
    }
    // The watchdog counts the worker's CPU time where Linux shows it (a busy machine slows a case
    // down without making it a hang), else wall time.
    let started = std::time::Instant::now();
    let mut stat: Option<PathBuf> = None;
    let result = loop {
        match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(Msg::Thread(p)) => stat = p,
            Ok(Msg::Done(r)) => break r,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(Finding::Panic("worker vanished".into())),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let spent = stat.as_deref().and_then(cpu_time).unwrap_or_else(|| started.elapsed());
                if spent > budget {
                    return Err(Finding::Hang(budget));
                }
            }
        }
    };
    let peak = alloc::peak().saturating_sub(base);
    match result {
        Err(_) => {
            let msg = LAST_PANIC.lock().ok().and_then(|mut l| l.take()).unwrap_or_else(|| "unknown panic".into());
            Err(Finding::Panic(msg))
        }
        Ok(_) if peak > MEMORY_LIMIT => Err(Finding::Memory(peak)),
        // Read back after the memory was counted, outside the watchdog's budget.
        Ok(Ok(files)) => match files.iter().find_map(|f| syn::parse_file(&f.contents).err().map(|e| (f, e))) {
            Some((f, e)) => Err(Finding::Unparseable(format!("{}: {e}", f.name))),
            None => Ok(Verdict::Generated),
        },
        Ok(Err(d)) => check_located(&d).map(|()| Verdict::Refused),
    }
}

enum Msg {
    Thread(Option<PathBuf>),
    Done(std::thread::Result<Result<Vec<codegen::rust::File>, Diagnostics>>),
}

/// `/proc/self/task/<tid>/stat` of the calling thread (Linux), to read its CPU time from another.
fn thread_stat_path() -> Option<PathBuf> {
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    let tid = link.file_name()?.to_str()?.to_string();
    Some(PathBuf::from(format!("/proc/self/task/{tid}/stat")))
}

/// User + system CPU time of a thread from its `stat` file (clock ticks of 10 ms, as on Linux).
fn cpu_time(stat: &Path) -> Option<Duration> {
    let text = std::fs::read_to_string(stat).ok()?;
    let after = text.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields after the command: state is field 3, utime 14, stime 15 (1-based, whole line).
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// The workspace root (parent of this crate).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn read_dir_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| Some((e.file_name().to_str()?.to_string(), std::fs::read(e.path()).ok()?)))
        .filter(|(n, _)| !n.ends_with(".md"))
        .collect();
    files.sort();
    files
}

fn with_root_first(mut files: Vec<(String, Vec<u8>)>, root: &str) -> Vec<(String, Vec<u8>)> {
    if let Some(i) = files.iter().position(|(n, _)| n == root) {
        let r = files.remove(i);
        files.insert(0, r);
    }
    files
}

/// Seeds from `specs/`: each manifest (whole pipeline) and, for WSDL services, the WSDL alone.
pub fn spec_seeds(specs: &Path) -> Vec<Case> {
    let mut seeds = Vec::new();
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(specs).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        let files = read_dir_files(&dir);
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("spec").to_string();
        if files.iter().any(|(n, _)| n == "service.toml") {
            seeds.push(Case {
                seed: format!("specs/{name}/service.toml"),
                entry: Entry::Manifest,
                files: with_root_first(files.clone(), "service.toml"),
                catalog: Catalog::default(),
            });
        }
        for (wsdl, _) in files.iter().filter(|(n, _)| n.ends_with(".wsdl")) {
            seeds.push(Case {
                seed: format!("specs/{name}/{wsdl}"),
                entry: Entry::Wsdl,
                files: with_root_first(files.clone(), wsdl),
                catalog: Catalog::default(),
            });
        }
    }
    seeds
}

/// Seeds from the real-world corpus (`corpus.toml` cases), when it exists; files larger than
/// `max_bytes` in total are left out (the CI run keeps to small ones).
pub fn corpus_seeds(corpus: &Path, max_bytes: usize) -> Vec<Case> {
    let manifest = corpus.join("corpus.toml");
    let Ok(text) = std::fs::read_to_string(&manifest) else { return Vec::new() };
    let Ok(catalog) = Catalog::from_toml_file(&manifest) else { return Vec::new() };
    let mut seeds = Vec::new();
    for line in text.lines() {
        let Some(wsdl) = line.strip_prefix("wsdl = \"").and_then(|l| l.strip_suffix('"')) else { continue };
        let Some((dir, root)) = wsdl.rsplit_once('/') else { continue };
        let files = read_dir_files(&corpus.join(dir));
        if files.iter().map(|(_, b)| b.len()).sum::<usize>() > max_bytes {
            continue;
        }
        seeds.push(Case {
            seed: format!("corpus/{wsdl}"),
            entry: Entry::Wsdl,
            files: with_root_first(files, root),
            catalog: catalog.clone(),
        });
    }
    seeds
}

/// The catalog of `../shared/corpus` (empty when the corpus is absent).
pub fn corpus_catalog() -> Catalog {
    let manifest = workspace().join("..").join("shared").join("corpus").join("corpus.toml");
    Catalog::from_toml_file(&manifest).unwrap_or_default()
}

/// All seeds: `specs/` and `../shared/corpus` (cases up to `max_corpus_bytes`).
pub fn seeds(max_corpus_bytes: usize) -> Vec<Case> {
    let ws = workspace();
    let mut s = spec_seeds(&ws.join("specs"));
    s.extend(corpus_seeds(&ws.join("..").join("shared").join("corpus"), max_corpus_bytes));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_thread_accumulates_cpu_time() {
        let Some(stat) = thread_stat_path() else { return }; // not Linux
        let before = cpu_time(&stat).expect("readable stat");
        let mut x = 0u64;
        for i in 0..2_000_000_000u64 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(i);
            if i % 1_000_000 == 0 && cpu_time(&stat).is_some_and(|t| t > before + Duration::from_millis(50)) {
                break;
            }
        }
        std::hint::black_box(x);
        assert!(cpu_time(&stat).expect("readable stat") > before, "CPU time does not grow");
    }
}
