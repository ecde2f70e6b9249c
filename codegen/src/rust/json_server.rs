//! `server.rs` of a JSON service (behind the generated crate's `server` feature): the service
//! trait (one async method per operation, typed request in, typed answer or
//! `runtime::server::JsonError` out) and the `router` that mounts an implementation. Routing,
//! reading arguments, checking credentials, validating and writing the envelope are
//! `runtime::server::json`'s.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::json_client::part_type;
use super::{Options, doc};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manifest::Auth;
use crate::model::Service;
use crate::naming::{Names, ident, snake};

pub fn render(service: &Service, names: &Names, options: &Options) -> Result<TokenStream, Diagnostics> {
    let [port] = service.ports.as_slice() else {
        let span = service.ports.get(1).map(|p| p.span.clone()).unwrap_or_default();
        return Err(Diagnostic::new(span, "a JSON service has exactly one port").into());
    };
    let codes = port.operations.iter().find_map(|o| o.http.as_ref()?.envelope.as_ref()).map(|e| e.codes.clone());
    let code_ty = match codes.as_ref().and_then(|q| names.ty(q)) {
        Some(n) => {
            let id = ident(n);
            quote!(super::types::#id)
        }
        None => quote!(String),
    };
    let error = quote!(::runtime::server::JsonError<#code_ty>);
    let svc = ident(&super::server::trait_name(&names.clients[0]));
    let mut methods = Vec::new();
    let mut routes = Vec::new();
    let mut errors = Vec::new();
    for (o, op) in port.operations.iter().enumerate() {
        let (Some(http), Some(req), Some(resp)) =
            (op.http.as_ref(), part_type(names, op.input.as_ref()), part_type(names, op.output.as_ref()))
        else {
            // The client renderer reports operations it cannot call.
            continue;
        };
        let method = names.method(0, o);
        let path = http.path.trim_start_matches('/');
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '~');
        if path.is_empty() || !path.chars().all(plain) || path.contains("//") {
            errors.push(Diagnostic::new(
                op.span.clone(),
                format!(
                    "server side: path `{}` of operation `{}` is not a plain path (letters, digits, `_-.~/`)",
                    http.path, op.name
                ),
            ));
            continue;
        }
        if matches!(method, "refuse_credentials" | "refuse_request") {
            errors.push(Diagnostic::new(
                op.span.clone(),
                format!("server side: operation `{}` takes a reserved name", op.name),
            ));
            continue;
        }
        let (req, resp, m) = (ident(req), ident(resp), ident(method));
        let op_const = format_ident!("OP_{}", method.trim_start_matches("r#").to_uppercase());
        let mut docs = op.docs.clone().unwrap_or_default();
        if !docs.is_empty() {
            docs.push_str("\n\n");
        }
        docs.push_str(&format!(
            "`{} {}`{}: the arguments have been read and validated against the table.",
            http.method,
            http.path,
            if http.auth { " with valid credentials" } else { ", no authentication" }
        ));
        if let Some(e) = &http.envelope {
            docs.push_str(&format!(
                " `Ok` is answered `{{\"{0}\": true, ...}}`, `Err(JsonError::Rejected(code))` `{{\"{0}\": false, \"{1}\": code}}`.",
                e.success, e.code
            ));
        }
        let d = doc(&docs);
        methods.push(quote! {
            #d
            fn #m(&self, request: super::types::#req)
                -> impl ::std::future::Future<Output = Result<super::types::#resp, #error>> + Send;
        });
        routes.push(quote! {
            .operation(&super::client::#op_const, |s: ::std::sync::Arc<S>, r: super::types::#req| async move { s.#m(r).await })
        });
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let (params, calls, auth_doc, provided) = match &options.auth {
        Auth::None => (quote!(), quote!(), String::new(), quote!()),
        Auth::Basic { user, password } => {
            let u = ident(&snake(user));
            let p = ident(&snake(password));
            (
                quote!(#u: impl Into<String>, #p: impl Into<::runtime::auth::Secret>,),
                quote!(.with_basic_auth(::runtime::auth::BasicAuth::new(#u, #p), |s: &S, r| s.refuse_credentials(r))),
                format!(" Operations that declare authentication take HTTP Basic credentials: {user} and {password}."),
                quote! {
                    /// How refused HTTP Basic credentials are answered (default: HTTP 401). Never
                    /// called with the credentials themselves.
                    fn refuse_credentials(&self, refusal: ::runtime::server::AuthRefusal) -> #error {
                        ::runtime::server::JsonError::unauthorized(refusal)
                    }
                },
            )
        }
    };
    let mut docs = options.docs.clone().or_else(|| service.docs.clone()).unwrap_or_default();
    if !docs.is_empty() {
        docs.push_str("\n\n");
    }
    docs.push_str(&format!(
        "The server side of `{}` (JSON over HTTP): implement it and mount it with `router`.",
        service.name
    ));
    let d = doc(&docs);
    let rdoc = doc(&format!(
        "Mounts `service`: every operation at its path, relative to where the router is nested (the base URL; routers of several services merge).{auth_doc}"
    ));
    Ok(quote! {
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        #d
        pub trait #svc: Send + Sync + 'static {
            #( #methods )*

            #provided

            /// How a request whose arguments cannot be taken is answered (a body that is not a
            /// JSON object, a missing or unreadable argument, a rule of the table broken); default:
            /// HTTP 400 with `{"error": "..."}` saying why.
            fn refuse_request(&self, refusal: ::runtime::server::JsonRefusal) -> #error {
                refusal.into_error()
            }
        }

        #rdoc
        pub fn router<S: #svc>(service: S, #params) -> ::runtime::server::Router {
            ::runtime::server::JsonServer::new(service, |s: &S, r| s.refuse_request(r))
                #calls
                #( #routes )*
                .into_router()
        }
    })
}
