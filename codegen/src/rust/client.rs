//! `client.rs`: one client per port, one async method per operation, named endpoints, and the
//! declared business outcome (result codes) wired to the runtime.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::lower::{Plan, Unsupported};
use super::shape::{Card, Kind, Shapes};
use super::xml::{namespaces, ns_tokens};
use super::{Options, doc};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manifest::Auth;
use crate::model::{Operation, Protocol, QName, Service, TypeKind, TypeRef};
use crate::naming::{Names, ident, snake};

pub fn render(
    service: &Service,
    plans: &[Vec<Result<Plan, Unsupported>>],
    names: &Names,
    shapes: &Shapes,
    options: &Options,
) -> Result<TokenStream, Diagnostics> {
    let all = namespaces(service);
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut outcome_impls: BTreeSet<QName> = BTreeSet::new();
    let ns_decls = all.iter().enumerate().map(|(i, _)| {
        let prefix = format!("ns{i}");
        let c = format_ident!("NS{}", i);
        quote!((#prefix, super::xml::#c))
    });
    items.push(quote! {
        /// Namespaces declared once on every envelope this module sends.
        static NAMESPACES: &[(&str, &str)] = &[ #( #ns_decls ),* ];
    });
    if let Some(o) = &options.outcome {
        let (s, w) = (&o.success, &o.warning);
        items.push(quote! {
            /// Result codes that mean success, and those that mean success with a warning the caller must see.
            static OUTCOME: ::runtime::client::OutcomeRule = ::runtime::client::OutcomeRule {
                success: &[ #( #s ),* ],
                warning: &[ #( #w ),* ],
            };
        });
    }
    for (p, port) in service.ports.iter().enumerate() {
        let client = ident(&names.clients[p]);
        let version = match port.protocol {
            Protocol::Soap11 => quote!(::runtime::soap::SoapVersion::V11),
            Protocol::Soap12 => quote!(::runtime::soap::SoapVersion::V12),
            Protocol::Json => {
                errors.push(Diagnostic::new(
                    port.span.clone(),
                    "JSON ports are not rendered by the SOAP client renderer",
                ));
                continue;
            }
        };
        let mut methods = Vec::new();
        for (o, op) in port.operations.iter().enumerate() {
            let plan = match plans.get(p).and_then(|l| l.get(o)) {
                Some(Ok(plan)) => plan,
                Some(Err(u)) => {
                    errors.push(Diagnostic::new(op.span.clone(), u.message.clone()).with_hint(u.hint));
                    continue;
                }
                None => {
                    errors.push(Diagnostic::new(
                        op.span.clone(),
                        format!("internal error: operation `{}` was not lowered", op.name),
                    ));
                    continue;
                }
            };
            match operation(
                service,
                names,
                shapes,
                options,
                &all,
                &version,
                op,
                plan,
                p,
                names.method(p, o),
                &mut outcome_impls,
            ) {
                Ok((item, method)) => {
                    items.push(item);
                    methods.push(method);
                }
                Err(m) => errors.push(Diagnostic::new(op.span.clone(), m)),
            }
        }
        let constructors = constructors(options, port.address.as_deref());
        let mut docs = options.docs.clone().or_else(|| service.docs.clone()).unwrap_or_default();
        if !docs.is_empty() {
            docs.push_str("\n\n");
        }
        docs.push_str(&format!(
            "Client of port `{}` (binding `{}`, {}). Cheap to clone: clones share one connection pool.",
            port.name,
            port.binding,
            match port.protocol {
                Protocol::Soap11 => "SOAP 1.1",
                Protocol::Soap12 => "SOAP 1.2",
                Protocol::Json => "JSON",
            }
        ));
        let docs = doc(&docs);
        items.push(quote! {
            #docs
            #[derive(Debug, Clone)]
            pub struct #client {
                inner: ::runtime::client::SoapClient,
            }

            impl #client {
                #constructors

                /// A client with a configuration of your own (endpoint, auth, limits, transport, strict mode).
                pub fn with_config(config: ::runtime::client::ClientConfig) -> Self {
                    Self { inner: ::runtime::client::SoapClient::new(config) }
                }

                #( #methods )*
            }
        });
    }
    match super::signature::render(service, names, shapes, options) {
        Ok(t) => items.push(t),
        Err(d) => errors.extend(d.0),
    }
    match super::faults::render(service, names) {
        Ok(t) => items.push(t),
        Err(d) => errors.extend(d),
    }
    for q in &outcome_impls {
        match outcome_impl(service, names, shapes, options, q) {
            Ok(t) => items.push(t),
            Err(m) => errors.push(Diagnostic::new(options_span(service, q), m)),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(quote! {
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        use super::types::*;
        #( #items )*
    })
}

fn options_span(service: &Service, q: &QName) -> crate::diag::Span {
    service.types.get(q).map(|t| t.span.clone()).unwrap_or_default()
}

fn constructors(options: &Options, address: Option<&str>) -> TokenStream {
    let (params, auth) = match &options.auth {
        Auth::None => (quote!(), quote!(None)),
        Auth::Basic { user, password } => {
            let u = ident(&snake(user));
            let p = ident(&snake(password));
            (
                quote!(#u: impl Into<String>, #p: impl Into<::runtime::auth::Secret>,),
                quote!(Some(::runtime::auth::BasicAuth::new(#u, #p))),
            )
        }
    };
    let (keys_param, keys_config, keys_doc) = super::signature::constructor_parts(options);
    let params = quote!(#params #keys_param);
    let auth_doc = match &options.auth {
        Auth::None => String::new(),
        Auth::Basic { user, password } => format!(" HTTP Basic authentication: {user} and {password}."),
    };
    let auth_doc = format!("{auth_doc}{keys_doc}");
    let mut out = Vec::new();
    let mut endpoints = options.endpoints.clone();
    if let (true, Some(a)) = (endpoints.is_empty(), address) {
        endpoints.push(("spec_address".to_string(), a.to_string()));
    }
    for (name, url) in &endpoints {
        let f = ident(&snake(name));
        let c = format_ident!("{}", snake(name).to_uppercase());
        let cdoc = format!(" The `{name}` endpoint: <{url}>.");
        let fdoc = format!(" A client of the `{name}` endpoint.{auth_doc}");
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
                Ok(Self::with_config(::runtime::client::ClientConfig::new(#ctor?, #auth) #keys_config))
            }
        });
    }
    let edoc = format!(" A client of any endpoint (a test server, a proxy).{auth_doc}");
    out.push(quote! {
        #[doc = #edoc]
        pub fn new(endpoint: ::runtime::endpoint::Endpoint, #params) -> Self {
            Self::with_config(::runtime::client::ClientConfig::new(endpoint, #auth) #keys_config)
        }
    });
    quote!( #( #out )* )
}

fn type_ident(names: &Names, q: &QName) -> Result<TokenStream, String> {
    let name = names.value_ty(q).ok_or_else(|| format!("type {q} has no name"))?;
    let id = ident(name);
    Ok(quote!(#id))
}

#[allow(clippy::too_many_arguments)]
fn operation(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    options: &Options,
    all: &[String],
    version: &TokenStream,
    op: &Operation,
    plan: &Plan,
    port: usize,
    method: &str,
    outcome_impls: &mut BTreeSet<QName>,
) -> Result<(TokenStream, TokenStream), String> {
    let input = &plan.input.element;
    let req_ty = type_ident(names, &plan.input.ty)?;
    // The first port's operations keep plain names; another port's (a SOAP 1.2 binding of the same
    // port type) are numbered, as its methods have the same names.
    let op_const = op_const(port, method);
    let (name, action) = (&op.name, &op.soap_action);
    let (in_ns, in_local) = (ns_path(all, &input.ns), &input.local);
    let response = match &plan.output {
        Some(b) => {
            let (out_ns, out_local) = (ns_path(all, &b.element.ns), &b.element.local);
            quote!(Some((#out_ns, #out_local)))
        }
        None => quote!(None),
    };
    let moves_money = options.money_operations.iter().any(|m| m == &op.name);
    let item = quote! {
        pub(super) static #op_const: ::runtime::client::SoapOperation = ::runtime::client::SoapOperation {
            name: #name,
            action: #action,
            version: #version,
            namespaces: NAMESPACES,
            request: (#in_ns, #in_local),
            response: #response,
            moves_money: #moves_money,
        };
    };
    let mut docs = op.docs.clone().unwrap_or_default();
    if !docs.is_empty() {
        docs.push_str("\n\n");
    }
    docs.push_str(&format!("Operation `{}` (SOAPAction `{}`).", op.name, op.soap_action));
    if moves_money {
        docs.push_str("\n\nThis operation moves money: it is never retried once the request may have reached the server; a failure after that point is `Error::OutcomeUnknown`.");
    }
    let m = ident(method);
    let (headers_param, headers_arg) = match &plan.headers {
        Some(h) => {
            let t = type_ident(names, h)?;
            docs.push_str("\n\n`headers` go in the SOAP Header, `request` in the Body.");
            (quote!(headers: &#t,), quote!(headers,))
        }
        None => (quote!(), quote!()),
    };
    let Some(output) = &plan.output else {
        docs.push_str("\n\nOne-way: the service sends no response message; any 2xx answer is success.");
        if plan.headers.is_some() {
            return Err(format!("operation `{}`: one-way with SOAP headers is not supported yet", op.name));
        }
        let d = doc(&docs);
        let method = quote! {
            #d
            pub async fn #m(&self, request: &#req_ty) -> Result<(), ::runtime::client::Error> {
                self.inner.call_one_way(&#op_const, request).await
            }
        };
        return Ok((item, method));
    };
    let resp_ty = type_ident(names, &output.ty)?;
    let resp_q = output.ty.clone();
    let with_outcome = plan.headers.is_none()
        && options.outcome.is_some()
        && outcome_path(
            service,
            names,
            shapes,
            &resp_q,
            &options.outcome.as_ref().map(|o| o.code.clone()).unwrap_or_default(),
        )
        .is_ok();
    let signed =
        super::signature::method(service, names, shapes, options, op, &resp_ty, &op_const, &m, &docs, with_outcome)?;
    if let Some(method) = signed {
        outcome_impls.insert(resp_q);
        return Ok((item, method));
    }
    let method = if with_outcome {
        outcome_impls.insert(resp_q);
        docs.push_str("\n\nA result code outside the declared success and warning codes is `Error::Rejected`, with the response attached.");
        let d = doc(&docs);
        quote! {
            #d
            pub async fn #m(&self, request: &#req_ty) -> Result<::runtime::client::Outcome<#resp_ty>, ::runtime::client::Error> {
                self.inner.call_with_outcome(&#op_const, request, &OUTCOME).await
            }
        }
    } else if plan.headers.is_some() {
        let d = doc(&docs);
        quote! {
            #d
            pub async fn #m(&self, #headers_param request: &#req_ty) -> Result<#resp_ty, ::runtime::client::Error> {
                self.inner.call_with_headers(&#op_const, #headers_arg request).await
            }
        }
    } else {
        let d = doc(&docs);
        quote! {
            #d
            pub async fn #m(&self, request: &#req_ty) -> Result<#resp_ty, ::runtime::client::Error> {
                self.inner.call(&#op_const, request).await
            }
        }
    };
    Ok((item, method))
}

/// The name of the static describing an operation (the server module mounts the same ones).
pub(super) fn op_const(port: usize, method: &str) -> proc_macro2::Ident {
    match port {
        0 => format_ident!("OP_{}", method.trim_start_matches("r#").to_uppercase()),
        p => format_ident!("OP{}_{}", p, method.trim_start_matches("r#").to_uppercase()),
    }
}

/// The namespace constant as seen from `client.rs`.
fn ns_path(all: &[String], ns: &str) -> TokenStream {
    if ns.is_empty() {
        quote!("")
    } else if all.iter().any(|n| n == ns) {
        let t = ns_tokens(all, ns);
        quote!(super::xml::#t)
    } else {
        // Only an rpc wrapper's namespace may be named by no type or element.
        quote!(#ns)
    }
}

/// Rust accessor expression (from `s`) for a path of element local names, ending in text.
fn outcome_path(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    start: &QName,
    path: &[String],
) -> Result<TokenStream, String> {
    let mut expr = quote!(s);
    let mut current = start.clone();
    for (depth, step) in path.iter().enumerate() {
        let Some(TypeKind::Complex(c)) = service.types.get(&current).map(|t| &t.kind) else {
            return Err(format!("outcome path: {current} is not a complex type"));
        };
        let Some(i) = c.fields.iter().position(|f| &f.name.local == step) else {
            return Err(format!("outcome path: {current} has no element `{step}`"));
        };
        if names.hierarchy.is_polymorphic(&current) || names.hierarchy.group_of(&c.fields[i]).is_some() {
            return Err(format!("outcome path: `{step}` may hold several types (an enum)"));
        }
        let shape = shapes.field(&current, i).ok_or("outcome path: no shape")?;
        let fid = ident(names.field(&current, i));
        expr = match shape.card {
            Card::One => quote!(#expr.#fid),
            Card::Opt => quote!(#expr.#fid.as_ref()?),
            Card::Nil => quote!(#expr.#fid.value()?),
            Card::OptNil => quote!(#expr.#fid.as_ref()?.value()?),
            Card::Many => quote!(#expr.#fid.first()?),
            Card::ManyNil => quote!(#expr.#fid.first()?.value()?),
        };
        let last = depth + 1 == path.len();
        match (&c.fields[i].ty, last) {
            (TypeRef::Named(t), false) => current = t.clone(),
            (_, false) => return Err(format!("outcome path: `{step}` is not a structure")),
            (_, true) => {
                if !matches!(shape.kind, Kind::Simple | Kind::Enum) || shape.item.is_runtime_type() {
                    return Err(format!("outcome path: `{step}` is not a string or an enumeration"));
                }
            }
        }
    }
    Ok(quote!(#expr.as_str()))
}

fn outcome_impl(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    options: &Options,
    q: &QName,
) -> Result<TokenStream, String> {
    let Some(o) = &options.outcome else { return Ok(quote!()) };
    let ty = ident(names.ty(q).ok_or("no name")?);
    let code = outcome_path(service, names, shapes, q, &o.code)?;
    let message = match &o.message {
        Some(p) => {
            let m = outcome_path(service, names, shapes, q, p)?;
            quote! {
                fn result_message(&self) -> String {
                    fn get(s: &#ty) -> Option<&str> { Some(#m) }
                    get(self).unwrap_or_default().to_owned()
                }
            }
        }
        None => quote!(),
    };
    Ok(quote! {
        impl ::runtime::client::ResultCode for #ty {
            fn result_code(&self) -> &str {
                fn get(s: &#ty) -> Option<&str> { Some(#code) }
                get(self).unwrap_or_default()
            }
            #message
        }
    })
}
