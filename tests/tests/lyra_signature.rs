//! Known-answer tests of the paymentoffer signature: the generated declaration (`SIGN_CREATE`,
//! `SIGN_UPDATE`) and value extraction, applied by the runtime, must give a digest computed by an
//! independent implementation (Python's hashlib) over the documented string to sign. Each constant
//! says the exact command that produced it; none comes from this project's code. The dated cases sign
//! the request directly (the client refuses validity dates outside today's window, and these dates are
//! fixed); the undated one goes through the client and checks what the fake server received.

use generated::payment_order::*;
use runtime::endpoint::Endpoint;
use runtime::signature::{SigningKeys, sign};
use runtime::xml::DateTime;
use tests::fake_lyra::{FakeLyra, PRODUCTION_KEY, TEST_KEY};

/// The `wsSignature` of the single request `server` received.
fn sent_signature(server: &FakeLyra) -> String {
    let received = server.received();
    assert_eq!(received.len(), 1);
    let doc = roxmltree::Document::parse(&received[0].body).expect("XML");
    let sig = doc.descendants().find(|n| n.has_tag_name("wsSignature")).expect("wsSignature sent");
    sig.text().unwrap_or_default().to_string()
}

async fn send_create(info: &PaymentOfferInfo) -> String {
    let server = FakeLyra::start().await.expect("bind");
    let client = PaymentOrderClient::new(
        Endpoint::plain_http_insecure(&server.url()).expect("url"),
        SigningKeys::new(TEST_KEY, PRODUCTION_KEY),
    );
    let _ = client.create(info).await; // the answer does not matter here: what was sent does
    sent_signature(&server)
}

/// String to sign (then `+1122334455667788`, the test key):
/// `12345678+Recovery+TEST+4990+978+fr+Merci pour votre commande n°42+[a@example.com, b@example.com, c@example.com]+Votre commande+0+20261201+0+`
///
/// `python3 -c 'import hashlib; print(hashlib.sha1("12345678+Recovery+TEST+4990+978+fr+Merci pour votre commande n°42+[a@example.com, b@example.com, c@example.com]+Votre commande+0+20261201+0++1122334455667788".encode("utf-8")).hexdigest())'`
const FULL_CREATE: &str = "f96039ff3b930f6071a93718e64de265ce9deba3";

/// Only the required fields and one recipient: absent values are empty, an unset sendMail is `0`.
///
/// `python3 -c 'import hashlib; print(hashlib.sha1(b"12345678++TEST+1000+978+++[x@example.com]++++0++1122334455667788").hexdigest())'`
const MINIMAL_CREATE: &str = "531b64d9a20209c2d4e01f6083b1ecb47aa6392d";

/// update in PRODUCTION (production key `8877665544332211`), the single recipient without brackets:
///
/// `python3 -c 'import hashlib; print(hashlib.sha1(b"12345678+4242+Recovery-002+PRODUCTION+5990+978+en+Hello+b@example.com+Your order+1+20270115+1+vads_language=es&vads_x=1+8877665544332211").hexdigest())'`
const UPDATE_PRODUCTION: &str = "f04af2d9c0cae3ee4a93a794e6897007288b9260";

#[test]
fn create_with_every_signed_field() {
    let mut info = PaymentOfferInfo::new(12345678i64, CtxMode::Test, 4990i64, 978, Device::Mail);
    info.reference = Some("Recovery".into());
    info.locale = Some(Locale::French);
    info.message = Some("Merci pour votre commande n°42".into());
    info.recipients = vec!["a@example.com".into(), "b@example.com".into(), "c@example.com".into()];
    info.subject = Some("Votre commande".into());
    info.validation_mode = Some(ValidationMode::Automatic);
    // The date is signed as written, in its own offset (here 2026-12-01, whatever the UTC date).
    info.validity = Some(DateTime::new("2026-12-01T23:59:59+01:00").expect("dateTime"));
    info.send_mail = Some(false);
    info.template = Some("not signed".into());
    let mut request = Create::new(info, "");
    let text = sign(&SIGN_CREATE, &keys(), &mut request).expect("signs");
    assert_eq!(
        text,
        "12345678+Recovery+TEST+4990+978+fr+Merci pour votre commande n°42+[a@example.com, b@example.com, c@example.com]+Votre commande+0+20261201+0+"
    );
    assert_eq!(request.ws_signature, FULL_CREATE);
}

fn keys() -> SigningKeys {
    SigningKeys::new(TEST_KEY, PRODUCTION_KEY)
}

#[tokio::test]
async fn create_with_only_the_required_fields() {
    let mut info = PaymentOfferInfo::new(12345678i64, CtxMode::Test, 1000i64, 978, Device::Mail);
    info.recipients = vec!["x@example.com".into()];
    assert_eq!(send_create(&info).await, MINIMAL_CREATE);
}

#[test]
fn update_in_production() {
    let mut entity = PaymentOfferEntity::new(12345678i64, 4242i64, CtxMode::Production, 5990i64, 978, Device::Mail);
    entity.reference = Some("Recovery-002".into());
    entity.locale = Some(Locale::English);
    entity.message = Some("Hello".into());
    entity.recipient = Some("b@example.com".into());
    entity.subject = Some("Your order".into());
    entity.validation_mode = Some(ValidationMode::Manual);
    entity.validity = Some(DateTime::new("2027-01-15T10:00:00+01:00").expect("dateTime"));
    entity.send_mail = Some(true);
    entity.expanded_data = Some("vads_language=es&vads_x=1".into());
    entity.payment_url = Some("https://example.com/not-signed".into());
    let mut request = Update::new(entity, "");
    sign(&SIGN_UPDATE, &keys(), &mut request).expect("signs");
    assert_eq!(request.ws_signature, UPDATE_PRODUCTION);
}
