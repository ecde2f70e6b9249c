//! Runtime for generated web-service clients.
//!
//! Generated code (crate `generated`) links against this crate and only uses the public API here:
//!
//! * [`xml`]: a streaming, namespace-aware reader over a byte slice, a direct writer into a
//!   `Vec<u8>`, the [`xml::ToXml`] / [`xml::FromXml`] / [`xml::SimpleValue`] traits and exact
//!   scalar types (decimals, dates, binary, QNames);
//! * [`validate`]: facet checks before sending (never reporting the offending value);
//! * [`soap`]: SOAP 1.1 / 1.2 envelopes and faults;
//! * [`http`]: the transport abstraction and the default `reqwest` transport;
//! * [`json`]: JSON services from argument tables (arguments, answers, URLs, call path);
//! * [`auth`], [`endpoint`]: secrets, basic authentication and HTTPS-only endpoints;
//! * [`client`]: the call path (validate, serialize, send, parse, classify the outcome);
//! * [`signature`]: request signatures declared by a service (fields, formats, join, key, digest);
//! * [`checks`]: declared rules no facet can express (a date window relative to today);
//! * `server` (cargo feature `server`): generated service traits mounted on an HTTP server.
#![deny(missing_docs)]

pub mod auth;
pub mod checks;
pub mod client;
pub mod endpoint;
pub mod http;
pub mod json;
#[cfg(feature = "server")]
pub mod server;
pub mod signature;
pub mod soap;
pub mod validate;
pub mod xml;
