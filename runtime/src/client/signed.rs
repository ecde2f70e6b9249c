//! The call path of operations whose requests carry a declared signature.

use super::{Error, FromXml, Outcome, OutcomeRule, ResultCode, SoapClient, SoapOperation, ToXml, Validate, validate};
use crate::signature::{BadSignature, ServerStringToSign, Signable, SignatureSpec, sign};

impl SoapClient {
    /// Signs `request` with the configured keys as `spec` declares (the key chosen by the
    /// request's mode), then calls `op` like [`SoapClient::call_with_outcome`].
    ///
    /// Nothing is sent when the request is invalid ([`Error::Validation`]) or cannot be signed
    /// ([`Error::Signature`]: no keys, no key for the mode). When the service answers with the
    /// declared refusal code, the error is [`Error::BadSignature`]: our string to sign (never the
    /// key) next to the server's, when it sends it.
    pub async fn call_signed<Req, Resp>(
        &self,
        op: &SoapOperation,
        spec: &SignatureSpec,
        mut request: Req,
        rule: &OutcomeRule,
    ) -> Result<Outcome<Resp>, Error>
    where
        Req: ToXml + Validate + Signable,
        Resp: FromXml + Default + ResultCode + ServerStringToSign + Send + Sync + 'static,
    {
        let signed = match &self.config.signing {
            None => Err(crate::signature::SignatureError::NoKeys),
            Some(keys) => sign(spec, keys, &mut request),
        };
        let ours = match signed {
            Ok(text) => text,
            Err(e) => {
                // A request that is also invalid reports its validation errors (more precise), except
                // the one of the signature element, which is empty since nothing was signed.
                if let Err(mut errors) = validate(op.request.1, &request) {
                    let target = format!("{}.{}", op.request.1, spec.target.replace('/', "."));
                    errors.0.retain(|v| v.path != target);
                    if !errors.0.is_empty() {
                        return Err(Error::Validation(errors));
                    }
                }
                return Err(Error::Signature(e));
            }
        };
        let response: Resp = self.call(op, &request).await?;
        match rule.classify(op.name, response) {
            Err(Error::Rejected(rejected)) if spec.refused_code == Some(rejected.code.as_str()) => {
                let theirs = rejected.response::<Resp>().and_then(|r| r.server_string_to_sign()).map(str::to_owned);
                Err(Error::BadSignature(Box::new(BadSignature {
                    operation: op.name,
                    ours,
                    theirs,
                    rejected: *rejected,
                })))
            }
            other => other,
        }
    }
}
