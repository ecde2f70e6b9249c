//! Support for the hostile-response, money and secrets tests: a raw HTTP/1.1 server on 127.0.0.1
//! (tokio sockets, none of our code) that answers each request with the next scripted [`Reply`],
//! counting connections and requests; vendor-style Payline answers; a small SOAP 1.2 operation with
//! hand-written types (no generated SOAP 1.2 client is needed for these tests).
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use runtime::client::SoapOperation;
use runtime::soap::SoapVersion;
use runtime::validate::{Validate, Validator};
use runtime::xml::{Element, FromXml, ToXml, XmlError, XmlReader, XmlWriter};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

pub const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
pub const IMPL: &str = "http://impl.ws.payline.experian.com";
pub const OBJ: &str = "http://obj.ws.payline.experian.com";

/// What the server does with one request (after reading it whole).
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete answer with Content-Length.
    Respond { status: u16, content_type: &'static str, body: Vec<u8> },
    /// Announces `declared` bytes of body, sends `body` (shorter), closes.
    Truncated { declared: usize, body: Vec<u8> },
    /// A chunked body of `total` bytes, written 16 KiB at a time until done or the client hangs up.
    Stream { total: usize },
    /// Announces a huge Content-Length, sends a few bytes, waits.
    HugeLength,
    /// Never answers (keeps the connection open).
    Silent,
    /// Resets the connection (RST) without answering.
    Reset,
}

impl Reply {
    pub fn xml(status: u16, body: impl Into<String>) -> Reply {
        Reply::Respond { status, content_type: "text/xml; charset=utf-8", body: body.into().into_bytes() }
    }
}

/// What a [`Reply::Stream`] did.
#[derive(Debug, Default)]
pub struct StreamStats {
    pub written: AtomicUsize,
    pub completed: AtomicBool,
    pub ended: AtomicBool,
    pub done: Notify,
}

/// A running server; its accept loop stops when dropped.
pub struct Server {
    pub url: String,
    pub connections: Arc<AtomicUsize>,
    pub requests: Arc<AtomicUsize>,
    pub bodies: Arc<Mutex<Vec<String>>>,
    pub stream: Arc<StreamStats>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Starts on an ephemeral port of 127.0.0.1; requests get `replies` in order (then HTTP 500).
    pub async fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        Self::on(listener, replies)
    }

    /// Serves on an already bound listener.
    pub fn on(listener: TcpListener, replies: Vec<Reply>) -> Server {
        let addr = listener.local_addr().expect("local address");
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let stream = Arc::new(StreamStats::default());
        let replies = Arc::new(Mutex::new(replies.into_iter()));
        let (c, r, b, s) = (connections.clone(), requests.clone(), bodies.clone(), stream.clone());
        let task = tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                c.fetch_add(1, Ordering::SeqCst);
                let (r, b, s, replies) = (r.clone(), b.clone(), s.clone(), replies.clone());
                tokio::spawn(async move {
                    let mut sock = sock;
                    let Some(body) = read_request(&mut sock).await else { return };
                    r.fetch_add(1, Ordering::SeqCst);
                    if let Ok(mut v) = b.lock() {
                        v.push(body);
                    }
                    let next = replies.lock().ok().and_then(|mut it| it.next());
                    act(sock, next.unwrap_or(Reply::xml(500, "no more replies")), &s).await;
                });
            }
        });
        Server { url: format!("http://{addr}/service"), connections, requests, bodies, stream, task }
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Waits (at most a minute: a liveness bound, not a measurement) until a streamed reply ended.
    pub async fn stream_ended(&self) {
        let wait = async {
            while !self.stream.ended.load(Ordering::SeqCst) {
                self.stream.done.notified().await;
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(60), wait).await;
    }
}

/// Reads one request (head, then Content-Length bytes of body); `None` if the client went away.
async fn read_request(s: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 8192];
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
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let len = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:").and_then(|v| v.trim().parse::<usize>().ok()))
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = s.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
    }
    Some(String::from_utf8_lossy(&buf[head_end..head_end + len]).into_owned())
}

async fn act(mut sock: TcpStream, reply: Reply, stats: &StreamStats) {
    match reply {
        Reply::Respond { status, content_type, body } => {
            let head = format!(
                "HTTP/1.1 {status} Status\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(&body).await;
            let _ = sock.shutdown().await;
        }
        Reply::Truncated { declared, body } => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {declared}\r\n\r\n");
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(&body).await;
            let _ = sock.shutdown().await;
        }
        Reply::Stream { total } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n";
            let mut ok = sock.write_all(head.as_bytes()).await.is_ok();
            let chunk = vec![b' '; 16 * 1024];
            let mut sent = 0;
            while ok && sent < total {
                let frame = format!("{:x}\r\n", chunk.len());
                ok = sock.write_all(frame.as_bytes()).await.is_ok()
                    && sock.write_all(&chunk).await.is_ok()
                    && sock.write_all(b"\r\n").await.is_ok();
                if ok {
                    sent += chunk.len();
                    stats.written.store(sent, Ordering::SeqCst);
                }
            }
            if ok {
                ok = sock.write_all(b"0\r\n\r\n").await.is_ok();
            }
            stats.completed.store(ok, Ordering::SeqCst);
            stats.ended.store(true, Ordering::SeqCst);
            stats.done.notify_waiters();
        }
        Reply::HugeLength => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000000000\r\n\r\n<a>";
            let _ = sock.write_all(head.as_bytes()).await;
            tokio::time::sleep(Duration::from_secs(120)).await;
        }
        Reply::Silent => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            drop(sock);
        }
        Reply::Reset => {
            // SO_LINGER 0: close sends RST instead of FIN.
            #[allow(deprecated)]
            let _ = sock.set_linger(Some(Duration::ZERO));
            drop(sock);
        }
    }
}

/// A SOAP 1.1 envelope around `body`.
pub fn envelope11(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="{SOAP11}"><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#
    )
}

/// A SOAP 1.2 envelope around `body`.
pub fn envelope12(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="{SOAP12}"><env:Body>{body}</env:Body></env:Envelope>"#
    )
}

/// A Payline `getWalletResponse` (02500) with `extra` inside it, after the wallet.
pub fn get_wallet_response(extra: &str) -> String {
    envelope11(&format!(
        r#"<impl:getWalletResponse xmlns:impl="{IMPL}" xmlns:obj="{OBJ}"><impl:result><obj:code>02500</obj:code><obj:shortMessage>ACCEPTED</obj:shortMessage><obj:longMessage>Operation Successfull</obj:longMessage></impl:result><impl:wallet><obj:walletId>wallet-1</obj:walletId><obj:card><obj:type>CB</obj:type></obj:card></impl:wallet>{extra}</impl:getWalletResponse>"#
    ))
}

/// A Payline `doRecurrentWalletPaymentResponse` (02500).
pub fn recurrent_payment_response() -> String {
    envelope11(&format!(
        r#"<impl:doRecurrentWalletPaymentResponse xmlns:impl="{IMPL}" xmlns:obj="{OBJ}"><impl:result><obj:code>02500</obj:code><obj:shortMessage>ACCEPTED</obj:shortMessage><obj:longMessage>Operation Successfull</obj:longMessage></impl:result><impl:paymentRecordId>1904932999222001</impl:paymentRecordId><impl:billingRecordList/></impl:doRecurrentWalletPaymentResponse>"#
    ))
}

pub const PING_NS: &str = "urn:test:ping";

/// A SOAP 1.2 operation with hand-written types.
pub const PING12: SoapOperation = SoapOperation {
    name: "ping",
    action: "urn:test:ping#ping",
    version: SoapVersion::V12,
    namespaces: &[("p", PING_NS)],
    request: (PING_NS, "ping"),
    response: Some((PING_NS, "pong")),
    moves_money: false,
};

#[derive(Debug, Clone, Default)]
pub struct Ping {
    pub text: String,
}

impl ToXml for Ping {
    fn write_content(&self, w: &mut XmlWriter) {
        w.required(PING_NS, "text", &self.text);
    }
}

impl Validate for Ping {
    fn validate(&self, _v: &mut Validator) {}
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pong {
    pub text: Option<String>,
}

impl FromXml for Pong {
    fn read_xml(r: &mut XmlReader<'_>, _el: &Element) -> Result<Self, XmlError> {
        let mut text = None;
        while let Some(c) = r.next_child()? {
            if c.is(PING_NS, "text") {
                r.read_once(&c, &mut text)?;
            } else {
                r.unexpected(&c)?;
            }
        }
        Ok(Pong { text })
    }
}
pub mod capture;
