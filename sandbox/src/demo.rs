//! A client session against the sandbox: the generated clients, built for a plain-HTTP loopback
//! endpoint (`Endpoint::plain_http_insecure`: real endpoints must be HTTPS), call each service.

use generated::payline::{
    DoRecurrentWalletPaymentRequest, GetPaymentRecordRequest, Media, PaylineClient, Payment, Recurring,
};
use generated::payment_order::{CtxMode, Device, PaymentOfferInfo, PaymentOrderClient};
use generated::safedebit::{GetLinkPaymentRequest, SafedebitClient};
use runtime::endpoint::Endpoint;
use runtime::json::Url;
use runtime::signature::SigningKeys;
use runtime::xml::{DateTime, Nillable};
use tests::{fake_lyra, fake_payline, fake_safedebit};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Calls each service of the sandbox at `base` (e.g. `http://127.0.0.1:8642`); returns what
/// happened, one line per call.
pub async fn run(base: &str) -> Result<Vec<String>, BoxError> {
    let base = base.trim_end_matches('/');
    let mut report = Vec::new();

    // Payline: a recurring payment of 3 × 10 € from the wallet the sandbox starts with.
    let endpoint = Endpoint::plain_http_insecure(&format!("{base}{}", fake_payline::PATH))?;
    let payline = PaylineClient::new(endpoint, fake_payline::MERCHANT_ID, fake_payline::ACCESS_KEY);
    let mut payment = Payment::new("978", "101", "REC");
    payment.amount = Nillable::Value("3000".into());
    let mut request = DoRecurrentWalletPaymentRequest::new(
        "34",
        payment,
        "ORDER-SANDBOX-1",
        "23/11/2026 10:00",
        "01/12/2026",
        "wallet-1",
        Recurring::new("1000", "40", "3"),
    );
    request.media = Nillable::Value(Media::Computer);
    let outcome = payline.do_recurrent_wallet_payment(&request).await?;
    let (paid, _) = outcome.into_parts();
    report.push(format!(
        "payline: payment record {} with {} due dates ({})",
        paid.payment_record_id,
        paid.billing_record_list.billing_record.len(),
        paid.result.code
    ));
    let record = GetPaymentRecordRequest::new("34", "CB", paid.payment_record_id.clone());
    let (record, _) = payline.get_payment_record(&record).await?.into_parts();
    report.push(format!("payline: record read back for wallet {}", record.wallet_id));

    // Lyra: payment orders for two recipients, signed with the test key.
    let endpoint = Endpoint::plain_http_insecure(&format!("{base}{}", fake_lyra::PATH))?;
    let lyra = PaymentOrderClient::new(endpoint, SigningKeys::new(fake_lyra::TEST_KEY, fake_lyra::PRODUCTION_KEY));
    let shop: i64 = fake_lyra::SHOP_ID.parse()?;
    let mut info = PaymentOfferInfo::new(shop, CtxMode::Test, 4990i64, 978, Device::Mail);
    info.reference = Some("Sandbox".into());
    info.recipients = vec!["ana@example.com".into(), "bo@example.org".into()];
    info.validity = Some(DateTime::new(&fake_lyra::date_in_days(30))?);
    info.send_mail = Some(false);
    let (created, _) = lyra.create(&info).await?.into_parts();
    for order in &created.r#return.offer_entities {
        report.push(format!(
            "lyra: order {} {} for {}: {}",
            order.offer_id,
            order.reference.as_deref().unwrap_or(""),
            order.recipient.as_deref().unwrap_or(""),
            order.payment_url.as_deref().unwrap_or("")
        ));
    }

    // Safedebit: a payment link.
    let endpoint = Endpoint::plain_http_insecure(&format!("{base}/ssp/"))?;
    let safedebit = SafedebitClient::new(endpoint, fake_safedebit::LOGIN, fake_safedebit::PASSWORD);
    let link = GetLinkPaymentRequest::new(
        "BENEFICIARY-1",
        "4990",
        format!("SANDBOX-{}", created.r#return.offer_entities.len()),
        "CONSUMER-1",
        Url::parse("https://shop.example/callback")?,
        "consumer@example.com",
        "+33600000000",
    );
    let answer = safedebit.get_link_payment(&link).await?;
    report.push(format!("safedebit: payment link {}", answer.link));
    Ok(report)
}
