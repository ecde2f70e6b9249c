//! The vendor's own messages (146 real Payline SOAP envelopes in ../shared/corpus) for the covered
//! operations: each parses with the generated code, keeps every value, and re-serializes to XML that
//! is equivalent to the original (namespace-aware, prefix-insensitive). Strict mode reports the
//! deviations the real responses carry, each with its path.

use std::path::Path;

use generated::payline::*;
use runtime::soap::SoapVersion;
use runtime::xml::{Deviation, FromXml, ReadOptions, ToXml, XmlWriter};
use tests::corpus::{corpus, files_with_ext, skip};
use tests::{xml_equiv, xmllint};

const IMPL: &str = "http://impl.ws.payline.experian.com";

/// Parses the Body child of `bytes` as `T`, re-serializes it, and compares.
fn round_trip<T: FromXml + ToXml + Default>(bytes: &[u8], local: &str, strict: bool) -> Result<Vec<Deviation>, String> {
    let options = ReadOptions { strict, ..ReadOptions::default() };
    let (value, deviations): (T, _) =
        runtime::client::parse_response(bytes, SoapVersion::V11, (IMPL, local), options).map_err(|e| e.to_string())?;
    let mut w = XmlWriter::new();
    w.element(IMPL, local, &value);
    let ours = String::from_utf8(w.into_bytes()).map_err(|e| e.to_string())?;
    let original = xmllint::body_child(std::str::from_utf8(bytes).map_err(|e| e.to_string())?)?;
    xml_equiv::equivalent(&original, &ours).map_err(|d| format!("not equivalent: {d}\nours: {ours}"))?;
    Ok(deviations)
}

/// Dispatches a message file to the generated type of its body element. (By the element, not the
/// folder: two vendor fixtures, disableWalletRequestFull and enableWalletRequestFull, actually hold
/// a createWalletRequest.)
fn check(path: &Path, strict: bool) -> Option<Result<Vec<Deviation>, String>> {
    let bytes = std::fs::read(path).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let doc = roxmltree::Document::parse(text).ok()?;
    let body = doc.descendants().find(|n| n.has_tag_name(("http://schemas.xmlsoap.org/soap/envelope/", "Body")))?;
    let element = body.children().find(|n| n.is_element())?;
    if element.tag_name().namespace() != Some(IMPL) {
        return None;
    }
    let local = element.tag_name().name();
    macro_rules! covered {
        ($($name:literal => $req:ty, $resp:ty;)*) => {
            match local {
                $(
                    concat!($name, "Request") => Some(round_trip::<$req>(&bytes, local, strict)),
                    concat!($name, "Response") => Some(round_trip::<$resp>(&bytes, local, strict)),
                )*
                _ => None,
            }
        };
    }
    covered! {
        "createWallet" => CreateWalletRequest, CreateWalletResponse;
        "updateWallet" => UpdateWalletRequest, UpdateWalletResponse;
        "getWallet" => GetWalletRequest, GetWalletResponse;
        "disableWallet" => DisableWalletRequest, DisableWalletResponse;
        "enableWallet" => EnableWalletRequest, EnableWalletResponse;
        "doImmediateWalletPayment" => DoImmediateWalletPaymentRequest, DoImmediateWalletPaymentResponse;
        "doScheduledWalletPayment" => DoScheduledWalletPaymentRequest, DoScheduledWalletPaymentResponse;
        "doRecurrentWalletPayment" => DoRecurrentWalletPaymentRequest, DoRecurrentWalletPaymentResponse;
        "getPaymentRecord" => GetPaymentRecordRequest, GetPaymentRecordResponse;
        "disablePaymentRecord" => DisablePaymentRecordRequest, DisablePaymentRecordResponse;
    }
}

#[test]
fn every_vendor_message_of_the_covered_operations_round_trips() {
    let Some(corpus) = corpus() else { return skip("vendor message round trips") };
    let dir = corpus.join("payline-directpayment/messages");
    let mut total = 0;
    let mut failures = Vec::new();
    for path in files_with_ext(&dir, "xml") {
        let Some(result) = check(&path, false) else { continue };
        total += 1;
        if let Err(e) = result {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    println!("payline vendor messages: {}/{} parsed and re-serialized equivalent", total - failures.len(), total);
    assert_eq!(total, 37, "the covered operations have 37 vendor messages");
    assert!(failures.is_empty(), "{} of {total} failed:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn strict_mode_reports_each_deviation_with_its_path() {
    let Some(corpus) = corpus() else { return skip("strict mode on vendor messages") };
    let dir = corpus.join("payline-directpayment/messages/walletpayment/doRecurrentWalletPayment");
    // Lenient: accepted, deviations available.
    let lenient =
        check(&dir.join("doRecurrentWalletPaymentResponse02500.xml"), false).and_then(Result::ok).unwrap_or_default();
    let text: Vec<String> = lenient.iter().map(ToString::to_string).collect();
    assert!(
        text.iter().any(|d| d.contains("billingRecord") && d.contains("result") && d.contains("code")),
        "future billing records have an empty <obj:result/>: {text:#?}"
    );
    // Strict: the same message is refused, with every deviation listed.
    let strict = check(&dir.join("doRecurrentWalletPaymentResponse02500.xml"), true);
    let err = match strict {
        Some(Err(e)) => e,
        other => panic!("strict mode must refuse the message: {other:?}"),
    };
    assert!(err.contains("code"), "{err}");
    // InternalError responses lack paymentRecordId and billingRecordList.
    let lenient = check(&dir.join("doRecurrentWalletPaymentResponseInternalError.xml"), false)
        .and_then(Result::ok)
        .unwrap_or_default();
    let text: Vec<String> = lenient.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|d| d.contains("paymentRecordId")), "{text:#?}");
    assert!(text.iter().any(|d| d.contains("billingRecordList")), "{text:#?}");
}

#[test]
fn typed_values_of_a_real_response() {
    let Some(corpus) = corpus() else { return skip("typed values of a real response") };
    let path = corpus.join("payline-directpayment/messages/walletpayment/doRecurrentWalletPayment/doRecurrentWalletPaymentResponse02500.xml");
    let bytes = std::fs::read(path).unwrap_or_default();
    let (resp, _): (DoRecurrentWalletPaymentResponse, _) = runtime::client::parse_response(
        &bytes,
        SoapVersion::V11,
        (IMPL, "doRecurrentWalletPaymentResponse"),
        ReadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resp.result.code, ResultCode::OperationSuccessful);
    assert_eq!(resp.payment_record_id, "1904932999222051");
    let records = &resp.billing_record_list.billing_record;
    assert_eq!(records.len(), 3);
    assert_eq!(records[0].status, BillingRecordStatus::Accepted);
    assert_eq!(records[1].status, BillingRecordStatus::Future);
    assert_eq!(records[0].amount, "6957");
}
