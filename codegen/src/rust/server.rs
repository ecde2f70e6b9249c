//! `server.rs` of a SOAP service (behind the generated crate's `server` feature): per port, a
//! trait with one async method per operation (typed request in, typed response or
//! `runtime::server::Error` out) and a `router` function that mounts an implementation on an HTTP
//! server. Reading envelopes, dispatching, checking the declared auth and signatures, validating
//! and writing answers are `runtime::server`'s; this file only lists the operations.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::lower::{Plan, Unsupported};
use super::{Options, doc};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manifest::Auth;
use crate::model::{Protocol, QName, Service};
use crate::naming::{Names, ident, snake};

/// The name of a port's service trait: its client's, `Client` replaced by `Service`.
pub(super) fn trait_name(client: &str) -> String {
    format!("{}Service", client.strip_suffix("Client").unwrap_or(client))
}

fn type_path(names: &Names, q: &QName) -> Result<TokenStream, String> {
    let id = ident(names.value_ty(q).ok_or_else(|| format!("type {q} has no name"))?);
    Ok(quote!(super::types::#id))
}

/// Parameters and builder calls of the declared authentication, as in the client constructors.
fn auth_parts(options: &Options, error: &TokenStream) -> (TokenStream, TokenStream, String, Option<TokenStream>) {
    let mut params = quote!();
    let mut calls = quote!();
    let mut docs = String::new();
    let mut provided = None;
    if let Auth::Basic { user, password } = &options.auth {
        let u = ident(&snake(user));
        let p = ident(&snake(password));
        params = quote!(#u: impl Into<String>, #p: impl Into<::runtime::auth::Secret>,);
        calls = quote!(.with_basic_auth(::runtime::auth::BasicAuth::new(#u, #p), |s: &S, r| s.refuse_credentials(r)));
        docs.push_str(&format!(" Every request must carry HTTP Basic credentials: {user} and {password}."));
        provided = Some(quote! {
            /// How refused HTTP Basic credentials are answered (default: HTTP 401). Never called with
            /// the credentials themselves.
            fn refuse_credentials(&self, refusal: ::runtime::server::AuthRefusal) -> #error {
                <#error>::unauthorized(refusal)
            }
        });
    }
    if options.signature.is_some() {
        params = quote!(#params keys: ::runtime::signature::SigningKeys,);
        calls = quote!(#calls .with_signing_keys(keys));
        docs.push_str(
            " Signed requests are checked with `keys` (the test or production key, as the request's mode selects).",
        );
    }
    (params, calls, docs, provided)
}

pub fn render(
    service: &Service,
    plans: &[Vec<Result<Plan, Unsupported>>],
    names: &Names,
    options: &Options,
) -> Result<TokenStream, Diagnostics> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let error = quote!(::runtime::server::Error);
    for (p, port) in service.ports.iter().enumerate() {
        let version = match port.protocol {
            Protocol::Soap11 => quote!(::runtime::soap::SoapVersion::V11),
            Protocol::Soap12 => quote!(::runtime::soap::SoapVersion::V12),
            Protocol::Json => continue,
        };
        let svc = ident(&trait_name(&names.clients[p]));
        let mut methods = Vec::new();
        let mut routes = Vec::new();
        let mut taken: BTreeSet<String> =
            ["refuse_credentials", "refuse_request"].into_iter().map(str::to_owned).collect();
        for (o, op) in port.operations.iter().enumerate() {
            let plan = match plans.get(p).and_then(|l| l.get(o)) {
                Some(Ok(plan)) => plan,
                // The client renderer reports operations without a plan.
                _ => continue,
            };
            let fail = |m: String| Diagnostic::new(op.span.clone(), m);
            if plan.headers.is_some() {
                errors.push(fail(format!("server side: operation `{}` has SOAP headers (not supported yet)", op.name)));
                continue;
            }
            let Some(output) = &plan.output else {
                errors.push(fail(format!("server side: operation `{}` is one-way (not supported yet)", op.name)));
                continue;
            };
            let (req, resp) = match (type_path(names, &plan.input.ty), type_path(names, &output.ty)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(m), _) | (_, Err(m)) => {
                    errors.push(fail(m));
                    continue;
                }
            };
            let method = names.method(p, o);
            let m = ident(method);
            let op_const = super::client::op_const(p, method);
            let mut docs = op.docs.clone().unwrap_or_default();
            if !docs.is_empty() {
                docs.push_str("\n\n");
            }
            docs.push_str(&format!(
                "Operation `{}`: body element `{}`, SOAPAction `{}`. The request has been read and validated against the schema.",
                op.name, plan.input.element.local, op.soap_action
            ));
            let signed = options.signature.as_ref().is_some_and(|s| s.operation(&op.name).is_some());
            let future = |resp: &TokenStream| quote!(impl ::std::future::Future<Output = Result<#resp, #error>> + Send);
            let fut = future(&resp);
            if signed {
                let refused = format!("{}_refused", method.trim_start_matches("r#"));
                if !taken.insert(refused.clone()) || port.operations.iter().any(|x| snake(&x.name) == refused) {
                    errors.push(fail(format!("server side: method `{refused}` would have two meanings")));
                    continue;
                }
                let r = ident(&refused);
                docs.push_str(" Its signature is the one the server's keys give: other requests go to `");
                docs.push_str(&refused);
                docs.push_str("`.");
                let d = doc(&docs);
                let rd = doc(&format!(
                    "Called instead of `{}` for a request whose signature is not the one the server's keys give (or whose mode selects no key). Services answer it with a business response (the declared refusal code), which only the implementation can build.",
                    method.trim_start_matches("r#")
                ));
                let sign = super::signature::spec_const(&op.name);
                methods.push(quote! {
                    #d
                    fn #m(&self, request: #req) -> #fut;
                    #rd
                    fn #r(&self, request: #req, refusal: ::runtime::server::SignatureRefusal) -> #fut;
                });
                routes.push(quote! {
                    .signed_operation(
                        &super::client::#op_const,
                        &super::client::#sign,
                        |s: ::std::sync::Arc<S>, r: #req| async move { s.#m(r).await },
                        |s: ::std::sync::Arc<S>, r: #req, why: ::runtime::server::SignatureRefusal| async move { s.#r(r, why).await },
                    )
                });
            } else {
                let d = doc(&docs);
                methods.push(quote! { #d fn #m(&self, request: #req) -> #fut; });
                routes.push(quote! {
                    .operation(&super::client::#op_const, |s: ::std::sync::Arc<S>, r: #req| async move { s.#m(r).await })
                });
            }
            taken.insert(method.to_string());
        }
        let (params, calls, auth_doc, provided) = auth_parts(options, &error);
        let mut docs = options.docs.clone().or_else(|| service.docs.clone()).unwrap_or_default();
        if !docs.is_empty() {
            docs.push_str("\n\n");
        }
        docs.push_str(&format!(
            "The server side of port `{}` (binding `{}`, {}): implement it and mount it with `{}`.",
            port.name,
            port.binding,
            if port.protocol == Protocol::Soap11 { "SOAP 1.1" } else { "SOAP 1.2" },
            router_name(p)
        ));
        let d = doc(&docs);
        let router = format_ident!("{}", router_name(p));
        let rdoc = doc(&format!(
            "Mounts `service` as port `{}`: `POST` on any path (nest it where the service lives). Requests are dispatched on their body element, the SOAPAction checked, requests read and validated, answers and faults written.{auth_doc}",
            port.name
        ));
        items.push(quote! {
            #d
            pub trait #svc: Send + Sync + 'static {
                #( #methods )*

                #provided

                /// How a request that reaches no operation is answered (not a SOAP envelope, an
                /// unknown body element, a SOAPAction of another operation, an invalid request);
                /// default: a `Client` / `Sender` fault saying why (`VersionMismatch` for the other
                /// SOAP version).
                fn refuse_request(&self, refusal: ::runtime::server::RequestRefusal) -> #error {
                    refusal.into_error()
                }
            }

            #rdoc
            pub fn #router<S: #svc>(service: S, #params) -> ::runtime::server::Router {
                ::runtime::server::SoapServer::new(service, #version, |s: &S, r| s.refuse_request(r))
                    #calls
                    #( #routes )*
                    .into_router()
            }
        });
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(quote! {
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        #( #items )*
    })
}

fn router_name(port: usize) -> String {
    if port == 0 { "router".to_string() } else { format!("router{port}") }
}
