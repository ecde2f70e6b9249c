//! The merchant's own mailing tool with Lyra payment orders by e-mail: create the orders with
//! `sendMail` false, then write each e-mail from the response (order id, recipient, payment URL,
//! suffixed reference). Runs against the fake paymentoffer server on 127.0.0.1:
//!
//! ```sh
//! cargo run -p tests --example lyra_mailing_tool
//! ```
//!
//! Against the real service, build the client with `PaymentOrderClient::payzen(keys)` and the shop's
//! own id and keys.

use generated::payment_order::*;
use runtime::client::{Error, Outcome};
use runtime::endpoint::Endpoint;
use runtime::signature::SigningKeys;
use runtime::xml::DateTime;
use tests::fake_lyra::{FakeLyra, PRODUCTION_KEY, TEST_KEY, date_in_days};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = FakeLyra::start().await?;
    // The keys come from the shop's back office; the client signs every call with the one the
    // request's ctxMode selects, and never shows them.
    let keys = SigningKeys::new(TEST_KEY, PRODUCTION_KEY);
    let client = PaymentOrderClient::new(Endpoint::plain_http_insecure(&server.url())?, keys);

    let mut info = PaymentOfferInfo::new(12345678i64, CtxMode::Test, 4990i64, 978, Device::Mail);
    info.reference = Some("Recovery".into());
    info.recipients = vec!["ana@example.com".into(), "bo@example.org".into(), "chloe@example.fr".into()];
    info.locale = Some(Locale::English);
    info.validity = Some(DateTime::new(&date_in_days(30))?);
    info.send_mail = Some(false); // we send the e-mails ourselves

    let response = match client.create(&info).await {
        Ok(Outcome::Success(response)) | Ok(Outcome::Warning { response, .. }) => response,
        Err(Error::BadSignature(bad)) => {
            eprintln!("signature refused; we signed {:?}, the server signed {:?}", bad.ours, bad.theirs);
            return Err("bad signature".into());
        }
        Err(e) => return Err(e.into()),
    };
    for order in &response.r#return.offer_entities {
        let to = order.recipient.as_deref().unwrap_or_default();
        let reference = order.reference.as_deref().unwrap_or_default();
        let url = order.payment_url.as_deref().unwrap_or_default();
        println!("To: {to}");
        println!("Subject: Payment request {reference} (order {})", order.offer_id);
        println!("Please pay 49.90 EUR at {url}\n");
    }
    println!(
        "{} e-mails written by us; {} sent by the server",
        response.r#return.offer_entities.len(),
        server.mails_sent().len()
    );
    Ok(())
}
