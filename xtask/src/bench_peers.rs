//! `cargo xtask bench-peers [--quick]`: our figures next to real peers', measured in the same run.
//!
//! - items: parse and serialize of the same 10,000-item envelope (`../shared/bench/items.wsdl`) by
//!   our generated code (the `benchtool` binary of the bench crate, release mode), gSOAP (Debian
//!   `gsoap`: wsdl2h + soapcpp2, a C++ driver compiled with g++ -O2) and zeep (PyPI), each timing
//!   many iterations in-process; runs alternate and the best round of each is kept;
//! - codegen: time and peak memory of generating ms-ews, salesforce-partner and fedex-ship-v26 (by
//!   `xtask codegen-time`, release mode), and `cargo check -j 2` of the generated
//!   salesforce-partner crate;
//! - end to end: doRecurrentWalletPayment calls per second against the fake Payline server on
//!   127.0.0.1 (started here), 1 and 32 callers, ours and zeep's, bounded in count and time.
//!
//! A peer that is not installed is reported as missing and skipped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::workspace_root;

type Figures = BTreeMap<String, f64>;

struct Settings {
    items: usize,
    ours_iters: u32,
    gsoap_iters: u32,
    zeep_iters: u32,
    rounds: usize,
    e2e_calls: usize,
    e2e_secs: u64,
}

pub fn bench_peers(args: &[String]) -> Result<(), String> {
    let quick = match args {
        [] => false,
        [a] if a == "--quick" => true,
        _ => return Err("usage: cargo xtask bench-peers [--quick]".into()),
    };
    let s = if quick {
        Settings {
            items: 10_000,
            ours_iters: 20,
            gsoap_iters: 20,
            zeep_iters: 1,
            rounds: 1,
            e2e_calls: 300,
            e2e_secs: 5,
        }
    } else {
        Settings {
            items: 10_000,
            ours_iters: 200,
            gsoap_iters: 200,
            zeep_iters: 3,
            rounds: 3,
            e2e_calls: 5_000,
            e2e_secs: 10,
        }
    };
    let root = workspace_root();
    let shared = root.join("../shared");
    let work = root.join("target/bench-peers");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    machine();
    println!("building the bench tool and xtask (release)...");
    let status = Command::new(cargo())
        // `--bin` filters every package given: name both binaries, or xtask's is not built.
        .args(["build", "--release", "-q", "-p", "bench", "--bin", "benchtool", "-p", "xtask", "--bin", "xtask"])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build --release -p bench -p xtask failed".into());
    }
    let tool = target_dir(&root).join("release/benchtool");
    let wsdl = shared.join("bench/items.wsdl");
    if wsdl.is_file() {
        items(&tool, &wsdl, &work, &s)?;
    } else {
        println!("\nitems: {} not found; skipped", wsdl.display());
    }
    let corpus = shared.join("corpus");
    if corpus.is_dir() {
        codegen_speed(&target_dir(&root).join("release/xtask"), &corpus, &work)?;
        end_to_end(&tool, &corpus, &work, &s)?;
    } else {
        println!("\ncodegen and end to end: {} not found; skipped", corpus.display());
    }
    Ok(())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

/// The machine the figures come from.
fn machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let rustc = output(Command::new("rustc").arg("--version")).unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "machine: {cores} cores, {cpu}; {}; load average {}",
        rustc.trim(),
        load.split(' ').take(3).collect::<Vec<_>>().join(" ")
    );
}

/// Runs `cmd`, returning its standard output (error: its standard error).
fn output(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed: {}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `key value` lines → figures.
fn figures(text: &str) -> Figures {
    text.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_owned(), v.trim().parse().ok()?))
        })
        .collect()
}

fn run_figures(cmd: &mut Command) -> Result<Figures, String> {
    output(cmd).map(|o| figures(&o))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

/// Keeps the smallest value of each key.
fn keep_best(best: &mut Figures, round: Figures) {
    for (k, v) in round {
        let e = best.entry(k).or_insert(v);
        *e = e.min(v);
    }
}

fn ms(ns: f64) -> String {
    format!("{:.2} ms", ns / 1e6)
}

/// One comparison line: our time, the peer's, and how many times faster we are.
fn line(what: &str, ours: Option<f64>, peer_name: &str, peer: Option<f64>) {
    match (ours, peer) {
        (Some(o), Some(p)) => {
            println!("  {what:<34} ours {:>10}   {peer_name} {:>10}   ratio {:.1}x", ms(o), ms(p), p / o)
        }
        (Some(o), None) => println!("  {what:<34} ours {:>10}   {peer_name}: no figure", ms(o)),
        _ => println!("  {what:<34} no figure"),
    }
}

fn items(tool: &Path, wsdl: &Path, work: &Path, s: &Settings) -> Result<(), String> {
    let message = work.join(format!("items-{}.xml", s.items));
    output(Command::new(tool).args(["message", &s.items.to_string()]).arg(&message))?;
    let gsoap = match gsoap_driver(wsdl, work) {
        Ok(d) => Some(d),
        Err(e) => {
            println!("\ngSOAP: {e}; skipped");
            None
        }
    };
    let zeep = match zeep_ready(work) {
        Ok(d) => Some(d),
        Err(e) => {
            println!("\nzeep: {e}; skipped");
            None
        }
    };
    let (mut ours, mut gs, mut zp) = (Figures::new(), Figures::new(), Figures::new());
    println!("\nitems: {} ({} items), {} round(s), runs alternate", message.display(), s.items, s.rounds);
    for _ in 0..s.rounds {
        keep_best(
            &mut ours,
            run_figures(Command::new(tool).args(["items", &s.items.to_string(), &s.ours_iters.to_string()]))?,
        );
        if let Some(d) = &gsoap {
            keep_best(&mut gs, run_figures(Command::new(d).arg(&message).arg(s.gsoap_iters.to_string()))?);
        }
    }
    if let Some(py) = &zeep {
        let mut cmd = Command::new("python3");
        cmd.arg(py).arg("items").arg(wsdl).arg(&message).arg(s.zeep_iters.to_string());
        keep_best(&mut zp, run_figures(&mut cmd)?);
        keep_best(
            &mut ours,
            run_figures(Command::new(tool).args(["items", &s.items.to_string(), &s.ours_iters.to_string()]))?,
        );
    }
    println!("  (ratio: the peer's time / ours; > 1 means we are faster)");
    for (what, key) in
        [("parse (bytes -> typed, envelope)", "parse_ns"), ("serialize (typed -> bytes)", "serialize_ns")]
    {
        line(what, ours.get(key).copied(), "gSOAP", gs.get(key).copied());
        line(what, ours.get(key).copied(), "zeep ", zp.get(key).copied());
    }
    line("parse", ours.get("parse_ns").copied(), "quick-xml serde", ours.get("serde_parse_ns").copied());
    line("serialize", ours.get("serialize_ns").copied(), "quick-xml serde", ours.get("serde_serialize_ns").copied());
    if let (Some(o), Some(floor)) = (ours.get("parse_ns"), ours.get("raw_tokens_ns")) {
        println!(
            "  {:<34} ours {:>10}   raw quick-xml tokens (the floor) {:>10}   ours takes {:.1}x the floor (goal <= 2x)",
            "parse",
            ms(*o),
            ms(*floor),
            o / floor
        );
    }
    for (peer, f) in [("gSOAP", &gs), ("zeep", &zp)] {
        if let (Some(o), Some(p)) = (ours.get("parse_ns"), f.get("parse_ns")) {
            let (so, sp) = (
                ours.get("serialize_ns").copied().unwrap_or(f64::NAN),
                f.get("serialize_ns").copied().unwrap_or(f64::NAN),
            );
            println!("  vs {peer}: parse {:.1}x, serialize {:.1}x its throughput", p / o, sp / so);
        }
    }
    Ok(())
}

/// Builds the gSOAP driver for `wsdl` in `work/gsoap` (wsdl2h, soapcpp2, g++).
fn gsoap_driver(wsdl: &Path, work: &Path) -> Result<PathBuf, String> {
    for tool in ["wsdl2h", "soapcpp2", "g++"] {
        if !on_path(tool) {
            return Err(format!("{tool} not installed (apt-get install gsoap libgsoap-dev g++)"));
        }
    }
    let import = Path::new("/usr/share/gsoap/import");
    let dir = work.join("gsoap");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let driver = dir.join("driver");
    output(Command::new("wsdl2h").arg("-o").arg(dir.join("items.h")).arg(wsdl).current_dir(&dir))?;
    output(
        Command::new("soapcpp2")
            .args(["-C", "-L", "-x"])
            .arg(format!("-I{}", import.display()))
            .arg("items.h")
            .current_dir(&dir),
    )?;
    std::fs::write(dir.join("driver.cpp"), GSOAP_DRIVER).map_err(|e| e.to_string())?;
    output(Command::new("g++").args(["-O2", "-o", "driver", "driver.cpp", "soapC.cpp", "-lgsoap++"]).current_dir(&dir))
        .map_err(|e| format!("cannot build the gSOAP driver (is libgsoap-dev installed?): {e}"))?;
    Ok(driver)
}

/// Writes the zeep driver when python3 can import zeep.
fn zeep_ready(work: &Path) -> Result<PathBuf, String> {
    if !on_path("python3") {
        return Err("python3 not installed".into());
    }
    let version = output(Command::new("python3").args(["-c", "import zeep; print(zeep.__version__)"]))
        .map_err(|_| "zeep not installed (pip install zeep)".to_string())?;
    println!("zeep {}", version.trim());
    let py = work.join("zeep_driver.py");
    std::fs::write(&py, ZEEP_DRIVER).map_err(|e| e.to_string())?;
    Ok(py)
}

/// `xtask` is the release build of this binary: the figure is the command users run, optimized.
fn codegen_speed(xtask: &Path, corpus: &Path, work: &Path) -> Result<(), String> {
    println!("\ncodegen (best of 3 in one process; peak RSS of that process; goal < 300 ms):");
    let catalog = corpus.join("corpus.toml");
    for (case, wsdl) in [
        ("ms-ews", "ms-ews/services.wsdl"),
        ("salesforce-partner", "salesforce-partner/partner.wsdl"),
        ("fedex-ship-v26", "fedex-ship-v26/ShipService_v26.wsdl"),
    ] {
        match run_figures(Command::new(xtask).arg("codegen-time").arg(corpus.join(wsdl)).arg(&catalog)) {
            Ok(f) => {
                let t = f.get("codegen_ms").copied().unwrap_or(f64::NAN);
                println!(
                    "  {case:<20} {t:>7.1} ms  {:>6.0} lines  peak {:>5.1} MiB  {}",
                    f.get("lines").copied().unwrap_or(0.0),
                    f.get("peak_rss_kib").copied().unwrap_or(0.0) / 1024.0,
                    if t < 300.0 { "met" } else { "NOT met" }
                );
            }
            Err(e) => println!("  {case}: {e}"),
        }
    }
    // `cargo check` of the generated salesforce-partner crate on 2 cores: first with its
    // dependencies (runtime, reqwest, ...), then again after touching the crate (its own cost).
    let out = work.join("salesforce-partner");
    let files = codegen::generate::from_wsdl(
        &corpus.join("salesforce-partner/partner.wsdl"),
        &codegen::load::Catalog::from_toml_file(&catalog).map_err(|d| d.to_string())?,
        "salesforce-partner/partner.wsdl",
    )
    .map_err(|d| d.to_string())?;
    super::write_standalone(&out, "salesforce-partner", &files)?;
    let root = workspace_root();
    if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
        let _ = std::fs::write(out.join("Cargo.lock"), lock);
    }
    let check = |label: &str| -> Result<(), String> {
        let t = Instant::now();
        let o = Command::new(cargo())
            .args(["check", "-q", "-j", "2"])
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", work.join("check-target"))
            .output()
            .map_err(|e| e.to_string())?;
        let secs = t.elapsed().as_secs_f64();
        if o.status.success() {
            println!("  cargo check -j 2 salesforce-partner ({label}): {secs:.1} s");
        } else {
            let err = String::from_utf8_lossy(&o.stderr);
            let first: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).take(3).collect();
            println!(
                "  cargo check -j 2 salesforce-partner ({label}): FAILS to compile after {secs:.1} s: {}",
                first.join(" | ")
            );
        }
        Ok(())
    };
    check("with dependencies, cached after the first run")?;
    let lib = out.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, text).map_err(|e| e.to_string())?;
    check("the generated crate alone; goal < 10 s")
}

fn end_to_end(tool: &Path, corpus: &Path, work: &Path, s: &Settings) -> Result<(), String> {
    let limit = (s.e2e_secs * 8 + 120).to_string();
    let mut server = Command::new(tool)
        .args(["serve-payline", &limit])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the fake server: {e}"))?;
    let mut url = None;
    // Kept open until the server stops (it must not write into a closed pipe).
    let mut lines = server.stdout.take().map(|out| BufReader::new(out).lines());
    for l in lines.iter_mut().flatten().map_while(Result::ok) {
        if let Some(u) = l.strip_prefix("url ") {
            url = Some(u.to_owned());
            break;
        }
    }
    let result = (|| {
        let url = url.ok_or("the fake server printed no URL")?;
        println!("\nend to end: doRecurrentWalletPayment against the fake Payline server at {url}");
        println!(
            "  (at most {} calls or {} s per figure; client and server share the 2 cores)",
            s.e2e_calls, s.e2e_secs
        );
        let zeep = zeep_ready(work).ok();
        let wsdl = corpus.join("payline-directpayment/DirectPaymentAPI.wsdl");
        for callers in [1usize, 32] {
            let (calls, secs) = (s.e2e_calls.to_string(), s.e2e_secs.to_string());
            let ours = run_figures(Command::new(tool).args(["e2e", &url, &callers.to_string(), &calls, &secs]))?;
            let peer = match &zeep {
                Some(py) => run_figures(
                    Command::new("python3")
                        .arg(py)
                        .arg("e2e")
                        .arg(&wsdl)
                        .arg(&url)
                        .arg(callers.to_string())
                        .arg(&calls)
                        .arg(&secs),
                )
                .map_err(|e| println!("  zeep: {e}"))
                .ok(),
                None => None,
            };
            let o = ours.get("calls_per_second").copied().unwrap_or(f64::NAN);
            let failed = ours.get("failed").copied().unwrap_or(0.0);
            match peer.as_ref().and_then(|p| p.get("calls_per_second")) {
                Some(&z) => println!(
                    "  {callers:>2} caller(s): ours {o:>7.0} calls/s ({failed} failed)   zeep {z:>7.0} calls/s ({} failed)   ratio {:.1}x",
                    peer.as_ref().and_then(|p| p.get("failed")).copied().unwrap_or(0.0),
                    o / z
                ),
                None => println!("  {callers:>2} caller(s): ours {o:>7.0} calls/s ({failed} failed)   zeep: no figure"),
            }
        }
        Ok(())
    })();
    // Closing its standard input stops the server.
    drop(server.stdin.take());
    let _ = server.wait();
    drop(lines);
    let _ = std::io::stdout().flush();
    result
}

const GSOAP_DRIVER: &str = r#"// Written by `cargo xtask bench-peers`: times gSOAP parsing and writing the items envelope.
#include "soapH.h"
#include "BenchmarkBinding.nsmap"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

static bool read_items(struct soap *soap, const std::string &xml, ns1__ItemList *list) {
  std::istringstream in(xml);
  soap->is = &in;
  bool ok = soap_begin_recv(soap) == SOAP_OK && soap_envelope_begin_in(soap) == SOAP_OK &&
            soap_recv_header(soap) == SOAP_OK && soap_body_begin_in(soap) == SOAP_OK &&
            soap_get_ns1__ItemList(soap, list, "ns1:items", NULL) != NULL && soap_body_end_in(soap) == SOAP_OK &&
            soap_envelope_end_in(soap) == SOAP_OK && soap_end_recv(soap) == SOAP_OK;
  soap->is = NULL;
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: driver MESSAGE ITERATIONS\n"); return 2; }
  std::ifstream f(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string xml = ss.str();
  const int iters = atoi(argv[2]);
  struct soap *soap = soap_new1(SOAP_XML_TREE | SOAP_C_UTFSTRING);
  size_t n = 0;
  // Parse: envelope in, typed objects out, then freed (as a client call would).
  for (int i = -1; i < iters; i++) {
    static std::chrono::steady_clock::time_point t0;
    if (i == 0) t0 = std::chrono::steady_clock::now();
    ns1__ItemList list;
    if (!read_items(soap, xml, &list)) { soap_print_fault(soap, stderr); return 1; }
    n = list.item.size();
    soap_destroy(soap);
    soap_end(soap);
    if (i == iters - 1) {
      double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
      printf("items %zu\nparse_ns %.0f\n", n, ns / iters);
    }
  }
  // Serialize: one parsed value written as a full envelope into memory, many times.
  ns1__ItemList list;
  if (!read_items(soap, xml, &list)) { soap_print_fault(soap, stderr); return 1; }
  struct soap *out = soap_new1(SOAP_XML_TREE | SOAP_C_UTFSTRING);
  size_t bytes = 0;
  std::chrono::steady_clock::time_point t0;
  for (int i = -1; i < iters; i++) {
    if (i == 0) t0 = std::chrono::steady_clock::now();
    std::ostringstream os;
    out->os = &os;
    soap_begin(out);
    list.soap_serialize(out);
    bool ok = soap_begin_send(out) == SOAP_OK && soap_envelope_begin_out(out) == SOAP_OK &&
              soap_body_begin_out(out) == SOAP_OK && list.soap_put(out, "ns1:items", NULL) == SOAP_OK &&
              soap_body_end_out(out) == SOAP_OK && soap_envelope_end_out(out) == SOAP_OK && soap_end_send(out) == SOAP_OK;
    out->os = NULL;
    if (!ok) { soap_print_fault(out, stderr); return 1; }
    bytes = os.str().size();
    soap_end(out);
  }
  double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  printf("serialize_ns %.0f\nserialized_bytes %zu\n", ns / iters, bytes);
  return 0;
}
"#;

const ZEEP_DRIVER: &str = include_str!("bench_peers_zeep.py");

/// `xtask codegen-time WSDL CATALOG`: generation time (best of 3 in this process) and the
/// process's peak memory, one `key value` per line for [`codegen_speed`].
pub fn codegen_time(args: &[String]) -> Result<(), String> {
    let [wsdl, catalog] = args else { return Err("usage: xtask codegen-time WSDL CATALOG".to_string()) };
    let catalog = codegen::load::Catalog::from_toml_file(Path::new(catalog)).map_err(|d| d.to_string())?;
    let mut best = std::time::Duration::MAX;
    let mut lines = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let files = codegen::generate::from_wsdl(Path::new(wsdl), &catalog, wsdl).map_err(|d| d.to_string())?;
        best = best.min(t.elapsed());
        lines = files.iter().map(|f| f.contents.lines().count()).sum();
    }
    println!("codegen_ms {:.1}", best.as_secs_f64() * 1e3);
    println!("lines {lines}");
    println!("peak_rss_kib {}", peak_rss_kib().unwrap_or(0));
    Ok(())
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
