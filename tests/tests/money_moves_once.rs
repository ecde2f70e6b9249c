//! Money moves once. Operations that create or move money (the manifest's `[money]` list; here
//! Payline's doRecurrentWalletPayment) are never sent twice: once the request may have reached the
//! server, a failure is `Error::OutcomeUnknown`, not a retry, whatever the retry policy. Retries
//! happen only when the request was certainly not sent (the connection was refused), for every
//! operation. Real servers on 127.0.0.1 count what they receive.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated::payline::*;
use runtime::auth::BasicAuth;
use runtime::client::{ClientConfig, Error, Outcome, RetryPolicy};
use runtime::endpoint::Endpoint;
use runtime::http::{Limits, TransportError};
use runtime::xml::Nillable;
use support::capture::capture;
use support::*;

/// A generous policy: five attempts, short backoff. Money must still move once.
const RETRY: RetryPolicy = RetryPolicy { max_attempts: 5, backoff: Duration::from_millis(20) };

fn client(url: &str, limits: Limits) -> PaylineClient {
    let endpoint = Endpoint::plain_http_insecure(url).expect("loopback URL");
    let cfg = ClientConfig::new(endpoint, Some(BasicAuth::new("123456789", "money-key"))).with_retry(RETRY);
    PaylineClient::with_config(cfg.with_limits(limits))
}

fn payment() -> DoRecurrentWalletPaymentRequest {
    let mut payment = Payment::new("978", "101", "REC");
    payment.amount = Nillable::Value("3000".into());
    let mut recurring = Recurring::new("1000", "40", "3");
    recurring.first_amount = Nillable::Value("1000".into());
    DoRecurrentWalletPaymentRequest::new(
        "34",
        payment,
        "ORDER-1",
        "23/11/2026 10:00",
        "01/12/2026",
        "wallet-1",
        recurring,
    )
}

/// Runs one payment against a server scripted with `first` then a success; the payment must be
/// received once and end in `OutcomeUnknown`, whose source is returned.
async fn pay_once(first: Reply, limits: Limits) -> TransportError {
    let server = Server::start(vec![first, Reply::xml(200, recurrent_payment_response())]).await;
    let err = client(&server.url, limits).do_recurrent_wallet_payment(&payment()).await.expect_err("no answer");
    assert_eq!(server.requests(), 1, "the payment was sent again");
    assert_eq!(server.connections(), 1);
    assert!(err.is_outcome_unknown(), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("outcome of doRecurrentWalletPayment unknown"), "{text}");
    assert!(text.contains("do not retry"), "{text}");
    match err {
        Error::OutcomeUnknown { operation: "doRecurrentWalletPayment", source } => {
            assert!(source.request_may_have_been_sent());
            source
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn reset_after_reading_the_request_is_outcome_unknown_and_not_resent() {
    let source = pay_once(Reply::Reset, Limits::default()).await;
    assert!(matches!(source, TransportError::Io { sent: true, .. }), "{source:?}");
}

#[tokio::test]
async fn no_answer_within_the_timeout_is_outcome_unknown_and_not_resent() {
    let limits = Limits { timeout: Duration::from_millis(300), ..Limits::default() };
    let source = pay_once(Reply::Silent, limits).await;
    assert_eq!(source, TransportError::Timeout { sent: true });
}

#[tokio::test]
async fn truncated_answer_is_outcome_unknown_and_not_resent() {
    let full = recurrent_payment_response();
    let reply = Reply::Truncated { declared: full.len(), body: full.as_bytes()[..100].to_vec() };
    pay_once(reply, Limits::default()).await;
}

#[tokio::test]
async fn oversized_answer_is_outcome_unknown_and_not_resent() {
    let limits = Limits { max_response_bytes: 4096, ..Limits::default() };
    let source = pay_once(Reply::Stream { total: 1 << 20 }, limits).await;
    assert_eq!(source, TransportError::BodyTooLarge { limit: 4096 });
}

#[tokio::test]
async fn a_gateway_failure_without_a_fault_is_outcome_unknown_and_not_resent() {
    for status in [500, 502, 504] {
        let reply = Reply::Respond { status, content_type: "text/html", body: b"<html>Bad Gateway</html>".to_vec() };
        let source = pay_once(reply, Limits::default()).await;
        assert!(matches!(source, TransportError::ServerFailed { status: s, .. } if s == status), "{source:?}");
    }
    // The same status on a query is a plain HTTP error: nothing can have moved.
    let reply = Reply::Respond { status: 502, content_type: "text/html", body: b"Bad Gateway".to_vec() };
    let server = Server::start(vec![reply]).await;
    let err = client(&server.url, Limits::default())
        .get_wallet(&GetWalletRequest::new("34", "CB", "wallet-1"))
        .await
        .expect_err("502");
    assert!(matches!(err, Error::Http { status: 502, .. }), "{err:?}");
}

#[tokio::test]
async fn a_query_that_may_have_been_sent_is_not_retried_either() {
    let server = Server::start(vec![Reply::Reset, Reply::xml(200, get_wallet_response(""))]).await;
    let err = client(&server.url, Limits::default())
        .get_wallet(&GetWalletRequest::new("34", "CB", "wallet-1"))
        .await
        .expect_err("reset");
    assert!(matches!(&err, Error::Transport(e) if e.request_may_have_been_sent()), "{err:?}");
    assert_eq!(server.requests(), 1);
}

fn retries_logged() -> usize {
    capture().text().lines().filter(|l| l.contains("request not sent; retrying")).count()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Connection refused means the request was certainly not sent: retried, for payments too. The
/// phases run in sequence because they count the retry events of the one global subscriber.
#[tokio::test]
async fn refused_connections_are_retried_safely() {
    capture();

    // 1. Nobody listens: every attempt is refused, the error says nothing was sent.
    let before = retries_logged();
    let url = format!("http://127.0.0.1:{}/service", free_port());
    let err = client(&url, Limits::default()).do_recurrent_wallet_payment(&payment()).await.expect_err("refused");
    assert!(matches!(err, Error::Transport(TransportError::Connect(_))), "{err:?}");
    assert!(!err.is_outcome_unknown());
    assert_eq!(retries_logged() - before, RETRY.max_attempts as usize - 1);

    // 2. Without retries: one attempt.
    let before = retries_logged();
    let endpoint = Endpoint::plain_http_insecure(&url).expect("url");
    let once = PaylineClient::with_config(ClientConfig::new(endpoint, None).with_retry(RetryPolicy::none()));
    let err = once.do_recurrent_wallet_payment(&payment()).await.expect_err("refused");
    assert!(matches!(err, Error::Transport(TransportError::Connect(_))), "{err:?}");
    assert_eq!(retries_logged(), before);

    // 3. The server starts listening when the client logs its first retry (no sleeps, no races):
    //    the first attempt was refused, a later one succeeds, and the payment arrives once.
    let port = free_port();
    let (tx, rx) = tokio::sync::oneshot::channel::<std::net::TcpListener>();
    let tx = Mutex::new(Some(tx));
    let armed = Arc::new(AtomicBool::new(true));
    let hook_armed = armed.clone();
    capture().on_line(move |line| {
        if line.contains("request not sent; retrying") && hook_armed.swap(false, Ordering::SeqCst) {
            let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind the port");
            if let Some(tx) = tx.lock().ok().and_then(|mut t| t.take()) {
                let _ = tx.send(listener);
            }
        }
    });
    let served = tokio::spawn(async move {
        let listener = rx.await.expect("the client retried");
        listener.set_nonblocking(true).expect("non-blocking");
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        let server = Server::on(listener, vec![Reply::xml(200, recurrent_payment_response())]);
        while server.requests() == 0 {
            tokio::task::yield_now().await;
        }
        server
    });
    let url = format!("http://127.0.0.1:{port}/service");
    let outcome = client(&url, Limits::default()).do_recurrent_wallet_payment(&payment()).await;
    assert!(matches!(outcome, Ok(Outcome::Success(_))), "{outcome:?}");
    assert!(!armed.load(Ordering::SeqCst), "the first attempt was refused and retried");
    let server = served.await.expect("server task");
    assert_eq!(server.requests(), 1);
}
