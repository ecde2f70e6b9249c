//! `client.rs` of a JSON service: one client, one async method per operation, the named
//! endpoints (base URLs), and the error type whose `Rejected` variant carries the typed code.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Options, doc};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manifest::Auth;
use crate::model::{Operation, PartContent, Service, TypeRef};
use crate::naming::{Names, ident, pascal, snake};

pub fn render(service: &Service, names: &Names, options: &Options) -> Result<TokenStream, Diagnostics> {
    let mut errors = Vec::new();
    let [port] = service.ports.as_slice() else {
        let span = service.ports.get(1).map(|p| p.span.clone()).unwrap_or_default();
        return Err(Diagnostic::new(span, "a JSON service has exactly one port").into());
    };
    let client = ident(&names.clients[0]);
    // One envelope for the whole service: its code enumeration is the error's code type.
    let codes = port.operations.iter().find_map(|o| o.http.as_ref()?.envelope.as_ref()).map(|e| e.codes.clone());
    let code_ty = match codes.as_ref().and_then(|q| names.ty(q)) {
        Some(n) => {
            let id = ident(n);
            quote!(#id)
        }
        None => quote!(String),
    };
    let taken = |n: &str| service.types.keys().any(|q| names.ty(q) == Some(n)) || names.clients.iter().any(|c| c == n);
    let mut error_name = format!("{}Error", pascal(&options.client_prefix));
    if taken(&error_name) {
        error_name = format!("{}CallError", pascal(&options.client_prefix));
    }
    let error = ident(&error_name);
    let mut items = vec![quote! {
        /// The error of every call. `Rejected` carries the service's error code (`Unknown` keeps
        /// a code the spec does not list); an answer that says failure is never a success.
        pub type #error = ::runtime::json::Error<#code_ty>;
    }];
    let mut methods = Vec::new();
    for (o, op) in port.operations.iter().enumerate() {
        match operation(names, options, op, names.method(0, o), &error) {
            Ok((item, method)) => {
                items.push(item);
                methods.push(method);
            }
            Err(m) => errors.push(Diagnostic::new(op.span.clone(), m)),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let constructors = constructors(options);
    let mut docs = options.docs.clone().or_else(|| service.docs.clone()).unwrap_or_default();
    if !docs.is_empty() {
        docs.push_str("\n\n");
    }
    docs.push_str(&format!(
        "Client of `{}` (JSON over HTTP). Cheap to clone: clones share one connection pool.",
        service.name
    ));
    let docs = doc(&docs);
    items.push(quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct #client {
            inner: ::runtime::json::JsonClient,
        }

        impl #client {
            #constructors

            /// A client with a configuration of your own (endpoint, auth, limits, transport).
            pub fn with_config(config: ::runtime::client::ClientConfig) -> Self {
                Self { inner: ::runtime::json::JsonClient::new(config) }
            }

            #( #methods )*
        }
    });
    Ok(quote! {
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        use super::types::*;
        #( #items )*
    })
}

pub(super) fn part_type<'a>(names: &'a Names, msg: Option<&crate::model::Message>) -> Option<&'a str> {
    match msg?.parts.as_slice() {
        [part] => match &part.content {
            PartContent::Type(TypeRef::Named(q)) => names.ty(q),
            _ => None,
        },
        _ => None,
    }
}

fn operation(
    names: &Names,
    options: &Options,
    op: &Operation,
    method: &str,
    error: &proc_macro2::Ident,
) -> Result<(TokenStream, TokenStream), String> {
    let http = op.http.as_ref().ok_or_else(|| format!("operation `{}` has no HTTP binding", op.name))?;
    let req = part_type(names, op.input.as_ref()).ok_or_else(|| format!("operation `{}`: no request type", op.name))?;
    let resp =
        part_type(names, op.output.as_ref()).ok_or_else(|| format!("operation `{}`: no answer type", op.name))?;
    let (req, resp) = (ident(req), ident(resp));
    let verb = match http.method.as_str() {
        "GET" => quote!(::runtime::http::Method::Get),
        "POST" => quote!(::runtime::http::Method::Post),
        other => return Err(format!("operation `{}`: HTTP method {other} is not supported", op.name)),
    };
    let op_const = format_ident!("OP_{}", method.trim_start_matches("r#").to_uppercase());
    let (name, path, auth) = (&op.name, &http.path, http.auth);
    let moves_money = options.money_operations.iter().any(|m| m == &op.name);
    let envelope = match &http.envelope {
        Some(e) => {
            let (s, c) = (&e.success, &e.code);
            quote!(Some(::runtime::json::Envelope { success: #s, code: #c }))
        }
        None => quote!(None),
    };
    let item = quote! {
        pub(super) static #op_const: ::runtime::json::JsonOperation = ::runtime::json::JsonOperation {
            name: #name,
            method: #verb,
            path: #path,
            auth: #auth,
            envelope: #envelope,
            moves_money: #moves_money,
        };
    };
    let mut docs = op.docs.clone().unwrap_or_default();
    if !docs.is_empty() {
        docs.push_str("\n\n");
    }
    let how = if http.method == "GET" { "arguments in the query string" } else { "arguments as a JSON object body" };
    let auth_note = if auth { ", HTTP Basic authentication" } else { ", no authentication" };
    docs.push_str(&format!("`{} {}`: {how}{auth_note}.", http.method, http.path));
    if let Some(e) = &http.envelope {
        docs.push_str(&format!(
            " An answer with `\"{}\": false` is `Err(Rejected {{ code, .. }})`, never a success.",
            e.success
        ));
    }
    if moves_money {
        docs.push_str("\n\nThis operation moves money: it is never retried once the request may have reached the server; a failure after that point is `Error::OutcomeUnknown`.");
    }
    let d = doc(&docs);
    let m = ident(method);
    let method = quote! {
        #d
        pub async fn #m(&self, request: &#req) -> Result<#resp, #error> {
            self.inner.call(&#op_const, request).await
        }
    };
    Ok((item, method))
}

fn constructors(options: &Options) -> TokenStream {
    let (params, auth, auth_doc) = match &options.auth {
        Auth::None => (quote!(), quote!(None), String::new()),
        Auth::Basic { user, password } => {
            let u = ident(&snake(user));
            let p = ident(&snake(password));
            (
                quote!(#u: impl Into<String>, #p: impl Into<::runtime::auth::Secret>,),
                quote!(Some(::runtime::auth::BasicAuth::new(#u, #p))),
                format!(" HTTP Basic authentication: {user} and {password}."),
            )
        }
    };
    let mut out = Vec::new();
    for (name, url) in &options.endpoints {
        let f = ident(&snake(name));
        let c = format_ident!("{}", snake(name).to_uppercase());
        let cdoc = format!(" The `{name}` base URL: <{url}>.");
        let fdoc = format!(" A client of the `{name}` base URL.{auth_doc}");
        let ctor = if url.starts_with("https://") {
            quote!(::runtime::endpoint::Endpoint::https(Self::#c))
        } else {
            quote!(::runtime::endpoint::Endpoint::plain_http_insecure(Self::#c))
        };
        out.push(quote! {
            #[doc = #cdoc]
            pub const #c: &'static str = #url;
            #[doc = #fdoc]
            pub fn #f(#params) -> Result<Self, ::runtime::endpoint::EndpointError> {
                Ok(Self::with_config(::runtime::client::ClientConfig::new(#ctor?, #auth)))
            }
        });
    }
    let edoc = format!(
        " A client of any base URL (the provider's, a test server, a proxy); operation paths are appended to it.{auth_doc}"
    );
    out.push(quote! {
        #[doc = #edoc]
        pub fn new(endpoint: ::runtime::endpoint::Endpoint, #params) -> Self {
            Self::with_config(::runtime::client::ClientConfig::new(endpoint, #auth))
        }
    });
    quote!( #( #out )* )
}
