//! Benchmark support: the module generated from `../shared/bench/items.wsdl` (at build time, by
//! `build.rs`), the messages every tool reads and writes, hand-written serde structs for
//! quick-xml's serde (de)serializer, the raw-tokenizing floor, and the real Payline messages.
//!
//! The criterion benchmarks (`cargo bench -p bench`) and the `benchtool` binary (driven by
//! `cargo xtask bench-peers`) use it; nothing here runs under `cargo test`.

use std::path::{Path, PathBuf};

pub mod serde_items;

// The module generated from `items.wsdl` (`pub mod items`, only when the file exists).
#[cfg(items_wsdl)]
include!(concat!(env!("OUT_DIR"), "/items.rs"));

/// True when `items.wsdl` was there at build time (else the item benchmarks only print a note).
pub const HAVE_ITEMS: bool = cfg!(items_wsdl);

/// The target namespace of `items.wsdl`.
pub const ITEMS_NS: &str = "http://benchmark.python-zeep.org/";
/// The SOAP 1.1 envelope namespace.
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// Message sizes (items per response) of the benchmarks.
pub const SIZES: [usize; 3] = [10, 1_000, 10_000];

/// `../shared` beside the workspace, when it exists.
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    p.is_dir().then(|| p.canonicalize().unwrap_or(p))
}

/// Prints why a benchmark does nothing.
pub fn note_missing(what: &str) {
    eprintln!("note: {what} not found (../shared is not beside the workspace); skipping");
}

/// Field values of item `i`: (id, name, active, price). Every tenth item has no id (it is
/// optional); one name in 16 needs escaping.
pub fn item_fields(i: usize) -> (Option<i32>, String, bool, String) {
    let id = (i % 10 != 9).then_some(i as i32);
    let name = if i % 16 == 5 { format!("Item {i} & <co>") } else { format!("Item number {i}") };
    (id, name, !i.is_multiple_of(3), format!("{}.{:02}", i * 7 % 10_000, i % 100))
}

/// The response envelope with `n` items, as every tool reads it (prefixed, qualified, compact).
pub fn items_envelope(n: usize) -> Vec<u8> {
    let mut s = String::with_capacity(120 * n + 300);
    s.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    s.push_str(&format!(
        r#"<soapenv:Envelope xmlns:soapenv="{SOAP11_NS}" xmlns:ns0="{ITEMS_NS}"><soapenv:Body><ns0:items>"#
    ));
    for i in 0..n {
        let (id, name, active, price) = item_fields(i);
        s.push_str("<ns0:item>");
        if let Some(id) = id {
            s.push_str(&format!("<ns0:id>{id}</ns0:id>"));
        }
        let name = name.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        s.push_str(&format!(
            "<ns0:name>{name}</ns0:name><ns0:active>{active}</ns0:active><ns0:price>{price}</ns0:price>"
        ));
        s.push_str("</ns0:item>\n");
    }
    s.push_str("</ns0:items></soapenv:Body></soapenv:Envelope>");
    s.into_bytes()
}

/// The floor: tokenizing `bytes` with quick-xml (no names resolved, no values kept). Returns the
/// number of events so the work cannot be optimized away.
pub fn raw_tokenize(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut events = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return events,
            Ok(_) => events += 1,
            Err(e) => panic!("benchmark message is well-formed: {e}"),
        }
    }
}

/// Generated-code parse and serialize of the items messages.
#[cfg(items_wsdl)]
pub mod typed {
    use runtime::client::{SoapOperation, parse_response, serialize_request};
    use runtime::soap::SoapVersion;
    use runtime::xml::{Decimal, ReadOptions};

    use super::items::{Item, ItemList};
    use super::{ITEMS_NS, item_fields};

    /// The operation as the generated client declares it (its constant is private).
    pub static OP: SoapOperation = SoapOperation {
        name: "GetItemList",
        action: "http://benchmark.python-zeep.org/GetItemList",
        version: SoapVersion::V11,
        namespaces: &[("ns0", ITEMS_NS)],
        request: (ITEMS_NS, "items"),
        response: Some((ITEMS_NS, "items")),
        moves_money: false,
    };

    /// The typed value of the `n`-item message.
    pub fn item_list(n: usize) -> ItemList {
        let mut list = ItemList::new();
        list.item = (0..n)
            .map(|i| {
                let (id, name, active, price) = item_fields(i);
                let mut item = Item::new(name, active, Decimal::new(&price).expect("valid decimal"));
                item.id = id;
                item
            })
            .collect();
        list
    }

    /// Bytes → typed response (full envelope, lenient mode as clients use by default).
    pub fn parse(bytes: &[u8]) -> ItemList {
        let (list, _deviations) =
            parse_response::<ItemList>(bytes, SoapVersion::V11, (ITEMS_NS, "items"), ReadOptions::default())
                .expect("benchmark message parses");
        list
    }

    /// Typed value → envelope bytes.
    pub fn serialize(list: &ItemList) -> Vec<u8> {
        serialize_request(&OP, list)
    }
}

/// The real Payline doRecurrentWalletPayment messages, parsed and written with `generated::payline`.
pub mod payline {
    use std::path::PathBuf;

    use generated::payline::{
        DoRecurrentWalletPaymentRequest, DoRecurrentWalletPaymentResponse, Media, Order, Payment, Recurring,
    };
    use runtime::client::{SoapOperation, parse_response, serialize_request};
    use runtime::soap::SoapVersion;
    use runtime::xml::{Nillable, ReadOptions};

    /// The Payline operations namespace.
    pub const IMPL_NS: &str = "http://impl.ws.payline.experian.com";
    const OBJ_NS: &str = "http://obj.ws.payline.experian.com";

    /// The operation as the generated client declares it (its constant is private).
    pub static OP: SoapOperation = SoapOperation {
        name: "doRecurrentWalletPayment",
        action: "doRecurrentWalletPayment",
        version: SoapVersion::V11,
        namespaces: &[("impl", IMPL_NS), ("obj", OBJ_NS)],
        request: (IMPL_NS, "doRecurrentWalletPaymentRequest"),
        response: Some((IMPL_NS, "doRecurrentWalletPaymentResponse")),
        moves_money: true,
    };

    fn dir() -> Option<PathBuf> {
        let d = super::shared()?.join("corpus/payline-directpayment/messages/walletpayment/doRecurrentWalletPayment");
        d.is_dir().then_some(d)
    }

    /// (request bytes, response bytes) of the vendor's examples, when `../shared` is there.
    pub fn messages() -> Option<(Vec<u8>, Vec<u8>)> {
        let d = dir()?;
        let request = std::fs::read(d.join("doRecurrentWalletPaymentRequestFull.xml")).ok()?;
        let response = std::fs::read(d.join("doRecurrentWalletPaymentResponse02500.xml")).ok()?;
        Some((request, response))
    }

    /// Bytes → typed response.
    pub fn parse_response_bytes(bytes: &[u8]) -> DoRecurrentWalletPaymentResponse {
        parse_response(bytes, SoapVersion::V11, (IMPL_NS, "doRecurrentWalletPaymentResponse"), ReadOptions::default())
            .expect("vendor response parses")
            .0
    }

    /// Bytes → typed request (to have a realistic value to serialize).
    pub fn parse_request_bytes(bytes: &[u8]) -> DoRecurrentWalletPaymentRequest {
        parse_response(bytes, SoapVersion::V11, (IMPL_NS, "doRecurrentWalletPaymentRequest"), ReadOptions::default())
            .expect("vendor request parses")
            .0
    }

    /// The request of the end-to-end benchmark (as the e2e test sends it, for wallet `wallet-1`).
    pub fn recurrent_request() -> DoRecurrentWalletPaymentRequest {
        let mut payment = Payment::new("978", "101", "REC");
        payment.amount = Nillable::Value("3000".into());
        let mut recurring = Recurring::new("1000", "40", "3");
        recurring.first_amount = Nillable::Value("1000".into());
        let mut request = DoRecurrentWalletPaymentRequest::new(
            "34",
            payment,
            "ORDER-2026-0042",
            "23/11/2026 10:00",
            "01/12/2026",
            "wallet-1",
            recurring,
        );
        request.media = Nillable::Value(Media::Computer);
        request.order = Nillable::Value(Order::new("ORDER-2026-0042", "3000", "978", "23/11/2026 10:00"));
        request
    }

    /// Typed request → envelope bytes.
    pub fn serialize_request_value(request: &DoRecurrentWalletPaymentRequest) -> Vec<u8> {
        serialize_request(&OP, request)
    }
}
