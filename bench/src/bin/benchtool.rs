//! Release-mode tools that `cargo xtask bench-peers` drives (one figure per line, `key value`):
//!
//! - `message N FILE`: writes the N-item response envelope every tool reads;
//! - `items N ITERATIONS`: our parse and serialize of it (and quick-xml's serde and raw tokens);
//! - `profile parse|serialize N ITERATIONS`: only our parse or serialize, for a profiler;
//! - `serve-payline SECONDS`: the fake Payline server on 127.0.0.1, prints `url URL`, stops when
//!   standard input closes or after SECONDS;
//! - `e2e URL CALLERS CALLS SECONDS`: doRecurrentWalletPayment calls through the generated client
//!   (one client, shared connection pool), bounded by CALLS and SECONDS.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["message", n, file] => message(n, file),
        ["items", n, iters] => items(n, iters),
        ["profile", what, n, iters] => profile(what, n, iters),
        ["serve-payline", secs] => serve_payline(secs),
        ["e2e", url, callers, calls, secs] => e2e(url, callers, calls, secs),
        _ => Err("usage: benchtool message N FILE | items N ITERATIONS | \
                  serve-payline SECONDS | e2e URL CALLERS CALLS SECONDS"
            .to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("benchtool: {e}");
            ExitCode::FAILURE
        }
    }
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("not a number: {s}"))
}

fn message(n: &str, file: &str) -> Result<(), String> {
    std::fs::write(file, bench::items_envelope(num(n)?)).map_err(|e| format!("cannot write {file}: {e}"))
}

/// Mean nanoseconds per call of `f` over `iters` calls (after one warm-up call).
fn time_ns<T>(iters: u32, mut f: impl FnMut() -> T) -> f64 {
    black_box(f());
    let t = Instant::now();
    for _ in 0..iters {
        black_box(f());
    }
    t.elapsed().as_nanos() as f64 / f64::from(iters.max(1))
}

#[cfg(items_wsdl)]
fn items(n: &str, iters: &str) -> Result<(), String> {
    let (n, iters): (usize, u32) = (num(n)?, num(iters)?);
    let bytes = bench::items_envelope(n);
    let value = bench::typed::item_list(n);
    let envelope = bench::serde_items::envelope(n);
    println!("items {n}");
    println!("message_bytes {}", bytes.len());
    // Interleaved rounds, best of each: the machine is shared.
    let mut best = [f64::MAX; 5];
    for _ in 0..3 {
        let round = [
            time_ns(iters, || bench::typed::parse(&bytes)),
            time_ns(iters, || bench::typed::serialize(&value)),
            time_ns(iters, || bench::serde_items::parse(&bytes)),
            time_ns(iters, || bench::serde_items::serialize(&envelope)),
            time_ns(iters, || bench::raw_tokenize(&bytes)),
        ];
        for (b, r) in best.iter_mut().zip(round) {
            *b = b.min(r);
        }
    }
    println!("parse_ns {:.0}", best[0]);
    println!("serialize_ns {:.0}", best[1]);
    println!("serde_parse_ns {:.0}", best[2]);
    println!("serde_serialize_ns {:.0}", best[3]);
    println!("raw_tokens_ns {:.0}", best[4]);
    Ok(())
}

#[cfg(items_wsdl)]
fn profile(what: &str, n: &str, iters: &str) -> Result<(), String> {
    let (n, iters): (usize, u32) = (num(n)?, num(iters)?);
    let bytes = bench::items_envelope(n);
    let value = bench::typed::item_list(n);
    let ns = match what {
        "parse" => time_ns(iters, || bench::typed::parse(&bytes)),
        "serialize" => time_ns(iters, || bench::typed::serialize(&value)),
        _ => return Err(format!("profile what? {what}")),
    };
    println!("{what}_ns {ns:.0}");
    Ok(())
}

#[cfg(not(items_wsdl))]
fn profile(_what: &str, _n: &str, _iters: &str) -> Result<(), String> {
    Err("../shared/bench/items.wsdl was not there at build time".into())
}

#[cfg(not(items_wsdl))]
fn items(_n: &str, _iters: &str) -> Result<(), String> {
    Err("../shared/bench/items.wsdl was not there at build time".into())
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())
}

fn serve_payline(secs: &str) -> Result<(), String> {
    let secs: u64 = num(secs)?;
    let rt = runtime()?;
    rt.block_on(async {
        let server = tests::fake_payline::FakePayline::start().await.map_err(|e| e.to_string())?;
        println!("url {}", server.url());
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        // Stop when the parent closes our standard input, or after the time limit.
        let stdin_closed = tokio::task::spawn_blocking(|| {
            let mut sink = Vec::new();
            let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
        });
        let _ = tokio::time::timeout(Duration::from_secs(secs), stdin_closed).await;
        drop(server);
        Ok(())
    })
}

fn e2e(url: &str, callers: &str, calls: &str, secs: &str) -> Result<(), String> {
    let (callers, calls, secs): (usize, usize, u64) = (num(callers)?, num(calls)?, num(secs)?);
    let endpoint = runtime::endpoint::Endpoint::plain_http_insecure(url).map_err(|e| e.to_string())?;
    let client = generated::payline::PaylineClient::new(
        endpoint,
        tests::fake_payline::MERCHANT_ID,
        tests::fake_payline::ACCESS_KEY,
    );
    let rt = runtime()?;
    let (done, failed, elapsed) = rt.block_on(async move {
        let request = std::sync::Arc::new(bench::payline::recurrent_request());
        // One warm-up call opens a connection.
        let _ = client.do_recurrent_wallet_payment(&request).await;
        let deadline = Instant::now() + Duration::from_secs(secs);
        let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..callers.max(1) {
            let (client, request, next) = (client.clone(), request.clone(), next.clone());
            tasks.push(tokio::spawn(async move {
                let (mut ok, mut failed) = (0usize, 0usize);
                while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < calls && Instant::now() < deadline {
                    match client.do_recurrent_wallet_payment(&request).await {
                        Ok(_) => ok += 1,
                        Err(_) => failed += 1,
                    }
                }
                (ok, failed)
            }));
        }
        let (mut ok, mut failed) = (0, 0);
        for t in tasks {
            let (o, f) = t.await.unwrap_or((0, 1));
            ok += o;
            failed += f;
        }
        (ok, failed, started.elapsed())
    });
    println!("callers {callers}");
    println!("calls {done}");
    println!("failed {failed}");
    println!("seconds {:.3}", elapsed.as_secs_f64());
    println!("calls_per_second {:.0}", done as f64 / elapsed.as_secs_f64());
    Ok(())
}
