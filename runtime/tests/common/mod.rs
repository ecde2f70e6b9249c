//! Shared test types (a small hand-written "generated" service) and a loopback HTTP server.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use runtime::validate::{Facets, Validate, Validator};
use runtime::xml::{Decimal, Element, FromXml, Nillable, ToXml, XmlError, XmlReader, XmlWriter};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const NS: &str = "urn:test:pay";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Amount {
    pub currency: String,
    pub value: Decimal,
}

impl ToXml for Amount {
    fn write_attributes(&self, w: &mut XmlWriter) {
        w.attr("", "currency", &self.currency);
    }
    fn write_content(&self, w: &mut XmlWriter) {
        w.text(self.value.as_str());
    }
}

impl FromXml for Amount {
    fn read_xml(r: &mut XmlReader<'_>, el: &Element) -> Result<Self, XmlError> {
        let currency = el.attr("", "currency").unwrap_or_default().to_owned();
        let value = Decimal::read_xml(r, el)?;
        Ok(Amount { currency, value })
    }
}

impl Validate for Amount {
    fn validate(&self, v: &mut Validator) {
        const CUR: Facets = Facets { patterns: &["^(?:[A-Z]{3})$"], ..Facets::NONE };
        const VAL: Facets =
            Facets { total_digits: Some(12), fraction_digits: Some(2), min_exclusive: Some("0"), ..Facets::NONE };
        v.simple("currency", &self.currency, &CUR);
        v.simple("value", &self.value, &VAL);
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PayRequest {
    pub merchant: String,
    pub card_number: String,
    pub amount: Amount,
    pub reference: Option<String>,
    pub items: Vec<String>,
    pub note: Nillable<String>,
}

impl ToXml for PayRequest {
    fn write_content(&self, w: &mut XmlWriter) {
        w.required(NS, "merchant", &self.merchant);
        w.required(NS, "cardNumber", &self.card_number);
        w.required(NS, "amount", &self.amount);
        w.optional(NS, "reference", &self.reference);
        w.repeated(NS, "item", &self.items);
        w.nillable(NS, "note", &self.note);
    }
}

impl Validate for PayRequest {
    fn validate(&self, v: &mut Validator) {
        const MERCHANT: Facets = Facets { min_length: Some(1), max_length: Some(12), ..Facets::NONE };
        const CARD: Facets = Facets { patterns: &["^(?:[0-9]{12,19})$"], ..Facets::NONE };
        v.simple("merchant", &self.merchant, &MERCHANT);
        v.simple("cardNumber", &self.card_number, &CARD);
        v.complex("amount", &self.amount);
        v.occurs("item", self.items.len(), 0, Some(3));
        v.simple_list("item", &self.items, &Facets { max_length: Some(5), ..Facets::NONE });
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PayResponse {
    pub code: String,
    pub id: Option<i64>,
    pub amount: Option<Amount>,
    pub tags: Vec<String>,
    pub comment: Option<Nillable<String>>,
}

impl FromXml for PayResponse {
    fn read_xml(r: &mut XmlReader<'_>, _el: &Element) -> Result<Self, XmlError> {
        let mut code = None;
        let mut id = None;
        let mut amount = None;
        let mut tags = Vec::new();
        let mut comment = None;
        while let Some(c) = r.next_child()? {
            if c.is(NS, "code") {
                r.read_once(&c, &mut code)?;
            } else if c.is(NS, "id") {
                r.read_once(&c, &mut id)?;
            } else if c.is(NS, "amount") {
                r.read_once(&c, &mut amount)?;
            } else if c.is(NS, "tag") {
                tags.push(r.read(&c)?);
            } else if c.is(NS, "comment") {
                r.read_once_nillable(&c, &mut comment)?;
            } else {
                r.unexpected(&c)?;
            }
        }
        Ok(PayResponse { code: r.required(code, "code"), id, amount, tags, comment })
    }
}

/// [`PayResponse`] read the way generated readers read: each child kept in the reader
/// (`next_child_start`, `child_is`, the `*_child` methods), no `Element` per child.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InPlace(pub PayResponse);

impl FromXml for InPlace {
    fn read_xml(r: &mut XmlReader<'_>, _el: &Element) -> Result<Self, XmlError> {
        Self::read_current(r)
    }
    fn read_current(r: &mut XmlReader<'_>) -> Result<Self, XmlError> {
        let mut code = None;
        let mut id = None;
        let mut amount = None;
        let mut tags = Vec::new();
        let mut comment = None;
        while r.next_child_start()? {
            if r.child_is(NS, "code") {
                r.read_once_child(&mut code)?;
            } else if r.child_is(NS, "id") {
                r.read_once_child(&mut id)?;
            } else if r.child_is(NS, "amount") {
                r.read_once_child(&mut amount)?;
            } else if r.child_is(NS, "tag") {
                tags.push(r.read_child()?);
            } else if r.child_is(NS, "comment") {
                r.read_once_nillable_child(&mut comment)?;
            } else {
                r.unexpected_child()?;
            }
        }
        Ok(InPlace(PayResponse { code: r.required(code, "code"), id, amount, tags, comment }))
    }
}

impl runtime::client::ResultCode for PayResponse {
    fn result_code(&self) -> &str {
        &self.code
    }
    fn result_message(&self) -> String {
        format!("code {}", self.code)
    }
}

pub fn sample_request() -> PayRequest {
    PayRequest {
        merchant: "shop-1".into(),
        card_number: "4111111111111111".into(),
        amount: Amount { currency: "EUR".into(), value: Decimal::new("12.50").unwrap() },
        reference: Some("R&D <1>".into()),
        items: vec!["a".into(), "b".into()],
        note: Nillable::Nil,
    }
}

pub fn envelope11(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#
    )
}

/// What the loopback server does with one request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Respond with status and body.
    Respond(u16, String),
    /// Read the request, then reset the connection without answering.
    Reset,
    /// Stream `total` bytes of chunked body (no Content-Length).
    Stream { total: usize },
    /// Announce a huge Content-Length.
    HugeLength,
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub head: String,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

pub struct Server {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    pub streamed: Arc<Mutex<usize>>,
}

async fn read_request(s: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    let head_end = loop {
        let n = s.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let len = head
        .lines()
        .find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case("content-length").then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = s.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
    }
    Some(Received { head, body: buf[head_end..head_end + len].to_vec() })
}

/// Starts a loopback server answering each connection's request with the next action.
pub async fn serve(actions: Vec<Action>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let received = Arc::new(Mutex::new(Vec::new()));
    let streamed = Arc::new(Mutex::new(0usize));
    let actions = Arc::new(Mutex::new(actions.into_iter()));
    let (rec, st) = (received.clone(), streamed.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else { return };
            let (rec, st, actions) = (rec.clone(), st.clone(), actions.clone());
            tokio::spawn(async move {
                let Some(req) = read_request(&mut sock).await else { return };
                rec.lock().unwrap().push(req);
                let action = actions.lock().unwrap().next().unwrap_or(Action::Respond(500, "no more".into()));
                match action {
                    Action::Respond(status, body) => {
                        let resp = format!(
                            "HTTP/1.1 {status} X\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        );
                        let _ = sock.write_all(resp.as_bytes()).await;
                        let _ = sock.shutdown().await;
                    }
                    Action::Reset => {
                        #[allow(deprecated)]
                        let _ = sock.set_linger(Some(std::time::Duration::ZERO));
                        drop(sock);
                    }
                    Action::HugeLength => {
                        let resp = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000000000\r\n\r\n<a>";
                        let _ = sock.write_all(resp.as_bytes()).await;
                        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    }
                    Action::Stream { total } => {
                        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n";
                        if sock.write_all(head.as_bytes()).await.is_err() {
                            return;
                        }
                        let chunk = vec![b'x'; 16 * 1024];
                        let mut sent = 0;
                        while sent < total {
                            let frame = format!("{:x}\r\n", chunk.len());
                            let ok = sock.write_all(frame.as_bytes()).await.is_ok()
                                && sock.write_all(&chunk).await.is_ok()
                                && sock.write_all(b"\r\n").await.is_ok();
                            if !ok {
                                break;
                            }
                            sent += chunk.len();
                            *st.lock().unwrap() = sent;
                        }
                        let _ = sock.write_all(b"0\r\n\r\n").await;
                    }
                }
            });
        }
    });
    Server { url: format!("http://{addr}/pay"), received, streamed }
}
