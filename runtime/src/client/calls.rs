//! Call paths beside the plain request/response one: requests with typed SOAP headers, one-way
//! operations (no response message), and typed fault details.

use tracing::Instrument as _;

use super::{Error, FromXml, ReadOptions, SoapClient, SoapOperation, ToXml, Validate, validate};
use crate::soap::{SoapError, SoapFault, excerpt, read_envelope, write_envelope};
use crate::xml::{XmlReader, to_utf8};

/// The element `{ns}local` in the detail of `fault`, read (leniently) as `T`: how generated code
/// turns a declared `wsdl:fault` into a typed value. `None` when the detail holds no such element
/// or it cannot be read.
pub fn fault_detail<T: FromXml + Default>(fault: &SoapFault, ns: &str, local: &str) -> Option<T> {
    let detail = fault.detail.as_ref()?;
    // The captured detail declares the namespaces it uses on its top-level elements.
    let wrapped = format!("<detail>{}</detail>", detail.0);
    let mut r = XmlReader::new(wrapped.as_bytes(), ReadOptions::default());
    r.root().ok()?;
    while let Ok(Some(child)) = r.next_child() {
        if child.is(ns, local) {
            return r.read::<T>(&child).ok();
        }
        r.skip(&child).ok()?;
    }
    None
}

/// Serializes `request` as the Body of `op`'s envelope, and the elements `headers` writes (its
/// content) as the children of the SOAP Header.
pub fn serialize_request_with_headers<H: ToXml, Req: ToXml>(op: &SoapOperation, headers: &H, request: &Req) -> Vec<u8> {
    let (ns, local) = op.request;
    write_envelope(op.version, op.namespaces, |w| headers.write_content(w), |w| w.element(ns, local, request))
}

impl SoapClient {
    /// Calls `op` like [`SoapClient::call`], with `headers` (a generated struct, one field per
    /// `soap:header` part) written into the SOAP Header. Both are validated before anything is sent.
    pub async fn call_with_headers<H, Req, Resp>(
        &self,
        op: &SoapOperation,
        headers: &H,
        request: &Req,
    ) -> Result<Resp, Error>
    where
        H: ToXml + Validate,
        Req: ToXml + Validate,
        Resp: FromXml + Default,
    {
        let span = tracing::debug_span!("soap_call", operation = op.name, version = ?op.version);
        async move {
            validate("Header", headers).map_err(Error::Validation)?;
            validate(op.request.1, request).map_err(Error::Validation)?;
            let body = serialize_request_with_headers(op, headers, request);
            let response = self.send(op, body).await?;
            self.interpret(op, &response)
        }
        .instrument(span)
        .await
    }

    /// Calls a one-way operation (`op.response` is `None`): validates and sends `request`; any 2xx
    /// answer (usually 202 with no body) is success, whatever its body. A SOAP fault or another
    /// status is an error, as for [`SoapClient::call`].
    pub async fn call_one_way<Req>(&self, op: &SoapOperation, request: &Req) -> Result<(), Error>
    where
        Req: ToXml + Validate,
    {
        let span = tracing::debug_span!("soap_one_way", operation = op.name, version = ?op.version);
        async move {
            validate(op.request.1, request).map_err(Error::Validation)?;
            let body = super::serialize_request(op, request);
            let response = self.send(op, body).await?;
            if (200..300).contains(&response.status) {
                return Ok(());
            }
            let options = ReadOptions { strict: self.config.strict, ..ReadOptions::default() };
            match read_envelope(&to_utf8(&response.body), op.version, options) {
                Err(SoapError::Fault(f)) => Err(Error::Fault(f)),
                _ => Err(Error::http(op.name, op.moves_money, response.status, excerpt(&response.body, 512))),
            }
        }
        .instrument(span)
        .await
    }
}
