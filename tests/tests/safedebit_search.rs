//! The table format beyond get_link_payment: a second spec (tests/fixtures/safedebit_search) with
//! `GET search_payment` (arguments in the query string, an answer kept as raw JSON) and `GET ping`
//! (no argument, no authentication). Its generated module is committed beside the fixture (checked
//! fresh by `codegen/tests/fixtures_fresh.rs`), compiled into the tests library (`tests::safedebit_search`,
//! whose server side the fake Safedebit serves), and called over real HTTP.
#![deny(warnings)]

use runtime::endpoint::Endpoint;
use tests::fake_safedebit::{FakeSafedebit, LOGIN, PASSWORD};
use tests::safedebit_search::*;

#[tokio::test]
async fn get_with_query_parameters_and_a_raw_json_answer() {
    let server = FakeSafedebit::start().await.expect("bind 127.0.0.1");
    let endpoint = Endpoint::plain_http_insecure(&server.base_url()).expect("loopback URL");
    let client = SafedebitSearchClient::new(endpoint, LOGIN, PASSWORD);

    let mut request = SearchPaymentRequest::new();
    request.payment_reference = Some("Facture 31/10 é&=".into());
    request.page = Some(runtime::xml::Integer::new("2").expect("integer"));
    let answer = client.search_payment(&request).await.expect("result true");
    assert_eq!(answer.datas, serde_json::json!([]));
    let all = client.search_payment(&SearchPaymentRequest::default()).await.expect("result true");
    assert!(all.datas.is_array());

    let received = server.received();
    assert_eq!(received[0].method, "GET");
    assert_eq!(received[0].path, "/ssp/search_payment");
    assert_eq!(received[0].query.as_deref(), Some("payment_reference=Facture+31%2F10+%C3%A9%26%3D&page=2"));
    assert_eq!((received[0].body.as_str(), received[0].content_type.as_deref()), ("", None));
    assert!(received[0].authorization.is_some());
    assert_eq!(received[1].query, None, "no argument set: no query string");

    // Credentials refused: the search's own error enumeration (AUTH_001 named from the code).
    let endpoint = Endpoint::plain_http_insecure(&server.base_url()).expect("loopback URL");
    let stranger = SafedebitSearchClient::new(endpoint, "nobody", "x");
    let err = stranger.search_payment(&request).await.expect_err("AUTH_001");
    assert_eq!(err.code(), Some(&ErrorCode::Auth001));
}

#[tokio::test]
async fn an_operation_without_auth_sends_no_credentials() {
    let server = FakeSafedebit::start().await.expect("bind 127.0.0.1");
    let endpoint = Endpoint::plain_http_insecure(&server.base_url()).expect("loopback URL");
    let client = SafedebitSearchClient::new(endpoint, LOGIN, PASSWORD);
    client.ping(&PingRequest::new()).await.expect("result true");
    let received = server.received();
    assert_eq!((received[0].method.as_str(), received[0].path.as_str()), ("GET", "/ssp/ping"));
    assert_eq!(received[0].authorization, None);
}
