//! The generated clients against a running sandbox:
//!
//! ```text
//! cargo run -p sandbox                                   # in one terminal
//! cargo run -p sandbox --example against_sandbox         # in another (default http://127.0.0.1:8642)
//! ```

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:8642".to_string());
    match sandbox::demo::run(&base).await {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("against {base}: {e} (is `cargo run -p sandbox` running?)");
            std::process::ExitCode::FAILURE
        }
    }
}
