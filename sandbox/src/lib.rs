//! A local sandbox of the three services, served by the generated servers with the fakes of the
//! tests (state in memory, lost when it stops):
//! - Payline DirectPaymentAPI (SOAP 1.1) at `/V4/services/DirectPaymentAPI`, HTTP Basic
//!   authentication, wallet `wallet-1` already there;
//! - Lyra payment orders (SOAP 1.2) at `/vads-ws/paymentoffer-v2`, requests signed with the test or
//!   production key;
//! - Safedebit API v1 (JSON) under `/ssp/`, HTTP Basic authentication.
//!
//! [`demo`] is a client session against it (what `examples/against_sandbox.rs` runs).

pub mod demo;

use std::net::SocketAddr;

use tests::{fake_lyra, fake_payline, fake_safedebit};

/// Every service on one router, with payment URLs of Lyra orders under `http://<addr>/pay/`.
pub fn app(addr: SocketAddr) -> axum::Router {
    let orders = fake_lyra::PaymentOrders::new(&format!("http://{addr}/pay/"));
    axum::Router::new()
        .nest_service(fake_payline::PATH, fake_payline::Payline::with_example_wallet().router())
        .nest_service(fake_lyra::PATH, orders.router())
        .nest("/ssp", fake_safedebit::Safedebit::default().router())
}

/// The URLs and test credentials of the services served at `addr`.
pub fn banner(addr: SocketAddr) -> String {
    format!(
        "Sandbox listening on http://{addr} (state in memory; Ctrl-C stops it)\n\n\
         Payline DirectPaymentAPI (SOAP 1.1)\n  url:         http://{addr}{payline}\n  merchant id: {merchant}\n  access key:  {access}\n  wallet:      wallet-1 (already there)\n\n\
         Lyra payment orders (SOAP 1.2, signed)\n  url:             http://{addr}{lyra}\n  shop id:         {shop}\n  test key:        {test}\n  production key:  {production}\n\n\
         Safedebit API v1 (JSON)\n  base url: http://{addr}/ssp/\n  login:    {login}\n  password: {password}\n\n\
         Run a client against it: cargo run -p sandbox --example against_sandbox -- http://{addr}\n",
        payline = fake_payline::PATH,
        merchant = fake_payline::MERCHANT_ID,
        access = fake_payline::ACCESS_KEY,
        lyra = fake_lyra::PATH,
        shop = fake_lyra::SHOP_ID,
        test = fake_lyra::TEST_KEY,
        production = fake_lyra::PRODUCTION_KEY,
        login = fake_safedebit::LOGIN,
        password = fake_safedebit::PASSWORD,
    )
}
