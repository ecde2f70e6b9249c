//! The sandbox as `cargo run -p sandbox` serves it, on an ephemeral port of 127.0.0.1, with the
//! client session of the example against it.

#[tokio::test]
async fn the_example_client_runs_against_the_sandbox() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(async move { runtime::server::serve(listener, sandbox::app(addr)).await });
    let lines = sandbox::demo::run(&format!("http://{addr}")).await.expect("every call succeeds");
    assert!(lines[0].starts_with("payline: payment record ") && lines[0].contains("3 due dates"), "{lines:?}");
    assert_eq!(lines[1], "payline: record read back for wallet wallet-1");
    assert!(lines[2].contains("Sandbox-001 for ana@example.com: http://"), "{lines:?}");
    assert!(lines[3].contains("Sandbox-002 for bo@example.org"), "{lines:?}");
    assert!(lines[4].starts_with("safedebit: payment link https://pay.safedebit.test/"), "{lines:?}");
    let banner = sandbox::banner(addr);
    assert!(banner.contains(&format!("http://{addr}/V4/services/DirectPaymentAPI")), "{banner}");
    assert!(banner.contains(tests::fake_safedebit::PASSWORD), "the sandbox prints its test credentials");
    server.abort();
}
