//! `cargo run -p sandbox [-- --port N]`: serves the three services on 127.0.0.1 (port 8642 by
//! default; 0 picks a free one) and prints their URLs and test credentials.

use std::net::SocketAddr;

const USAGE: &str = "usage: sandbox [--port N]   (default 8642; 0 picks a free port)";

fn port() -> Result<u16, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => Ok(8642),
        [flag, n] if flag == "--port" => n.parse().map_err(|_| format!("not a port: {n}\n{USAGE}")),
        _ => Err(USAGE.to_string()),
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let port = match port() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e} (try --port 0)");
            return std::process::ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("{}", sandbox::banner(addr));
    match runtime::server::serve(listener, sandbox::app(addr)).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server stopped: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
