//! The peer in the same process: hand-written serde structs for the same schema and the same full
//! envelope, read and written by quick-xml's serde support (`quick_xml::de` / `quick_xml::se`).
//!
//! quick-xml's deserializer matches elements by local name (it has no namespaces), so the
//! deserialize names are local and the serialize names carry the prefixes the message uses.
//! `price` is a `String`: xs:decimal is never a float here either.

use serde::{Deserialize, Serialize};

use super::{ITEMS_NS, SOAP11_NS, item_fields};

/// `soapenv:Envelope`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename(serialize = "soapenv:Envelope", deserialize = "Envelope"))]
pub struct Envelope {
    /// `xmlns:soapenv` (written, ignored when read).
    #[serde(rename = "@xmlns:soapenv", skip_deserializing)]
    pub xmlns_soapenv: &'static str,
    /// `xmlns:ns0` (written, ignored when read).
    #[serde(rename = "@xmlns:ns0", skip_deserializing)]
    pub xmlns_ns0: &'static str,
    /// `soapenv:Body`.
    #[serde(rename(serialize = "soapenv:Body", deserialize = "Body"))]
    pub body: Body,
}

/// `soapenv:Body`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Body {
    /// `ns0:items`.
    #[serde(rename(serialize = "ns0:items", deserialize = "items"))]
    pub items: ItemList,
}

/// `ItemList`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ItemList {
    /// `ns0:item`, repeated.
    #[serde(rename(serialize = "ns0:item", deserialize = "item"), default)]
    pub item: Vec<Item>,
}

/// `Item`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// `ns0:id`, optional.
    #[serde(rename(serialize = "ns0:id", deserialize = "id"), default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// `ns0:name`.
    #[serde(rename(serialize = "ns0:name", deserialize = "name"))]
    pub name: String,
    /// `ns0:active`.
    #[serde(rename(serialize = "ns0:active", deserialize = "active"))]
    pub active: bool,
    /// `ns0:price` (xs:decimal kept as text).
    #[serde(rename(serialize = "ns0:price", deserialize = "price"))]
    pub price: String,
}

/// The serde value of the `n`-item message.
pub fn envelope(n: usize) -> Envelope {
    let item = (0..n)
        .map(|i| {
            let (id, name, active, price) = item_fields(i);
            Item { id, name, active, price }
        })
        .collect();
    Envelope { xmlns_soapenv: SOAP11_NS, xmlns_ns0: ITEMS_NS, body: Body { items: ItemList { item } } }
}

/// Bytes → serde structs (full envelope).
pub fn parse(bytes: &[u8]) -> Envelope {
    let text = std::str::from_utf8(bytes).expect("benchmark message is UTF-8");
    quick_xml::de::from_str(text).expect("quick-xml serde reads the benchmark message")
}

/// Serde structs → envelope bytes.
pub fn serialize(envelope: &Envelope) -> Vec<u8> {
    let mut out = String::with_capacity(128 * envelope.body.items.item.len() + 256);
    quick_xml::se::to_writer(&mut out, envelope).expect("quick-xml serde writes the benchmark message");
    out.into_bytes()
}
