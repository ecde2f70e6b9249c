//! Typed faults: for every operation that declares `wsdl:fault`s, an enum in the module `faults`
//! (named after the operation, one boxed variant per fault) read from the detail of a SOAP fault with
//! `faults::<Op>::from_error(&error)`.
//!
//! The enums live in their own module so that their names (`faults::Login`) never clash with the
//! schema's types (Salesforce has both an operation `login` and a type `LoginFault`). Nothing is
//! rendered for a service without declared faults.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::shape;
use crate::diag::Diagnostic;
use crate::model::{Service, TypeKind, TypeRef};
use crate::naming::{Names, ident, pascal};

/// The `faults` module, or nothing.
pub fn render(service: &Service, names: &Names) -> Result<TokenStream, Vec<Diagnostic>> {
    let mut enums = Vec::new();
    let mut errors = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for op in service.ports.iter().flat_map(|p| p.operations.iter()) {
        if op.faults.iter().all(|f| f.element.is_none()) || !done.insert(op.name.as_str()) {
            continue;
        }
        let name = unique(pascal(&op.name), &mut taken);
        let id = ident(&name);
        let mut variants = Vec::new();
        let mut reads = Vec::new();
        let mut vtaken = BTreeSet::new();
        for f in &op.faults {
            let Some(el) = &f.element else { continue };
            let Some(decl) = service.elements.get(el) else {
                errors.push(Diagnostic::new(op.span.clone(), format!("fault element {el} is not declared")));
                continue;
            };
            let ty = match &decl.ty {
                TypeRef::Named(q) if matches!(service.types.get(q).map(|t| &t.kind), Some(TypeKind::Complex(_))) => {
                    match names.value_ty(q) {
                        Some(n) => {
                            let t = ident(n);
                            quote!(super::super::types::#t)
                        }
                        None => {
                            errors.push(Diagnostic::new(op.span.clone(), format!("type {q} has no name")));
                            continue;
                        }
                    }
                }
                other => match shape::item(service, names, other) {
                    Ok((tokens, shape::Kind::Enum, _)) => quote!(super::super::types::#tokens),
                    Ok((item, _, _)) => quote!(#item),
                    Err(m) => {
                        errors.push(Diagnostic::new(op.span.clone(), m));
                        continue;
                    }
                },
            };
            let v = ident(&unique(pascal(&f.name), &mut vtaken));
            let mut text = f.docs.clone().unwrap_or_default();
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("`wsdl:fault` `{}`: detail element `{}`.", f.name, el.local));
            let d = doc(&text);
            variants.push(quote! { #d #v(Box<#ty>), });
            let (ns, local) = (&el.ns, &el.local);
            reads.push(quote! {
                if let Some(v) = ::runtime::client::fault_detail(fault, #ns, #local) {
                    return Some(Self::#v(Box::new(v)));
                }
            });
        }
        let d = doc(&format!("The faults operation `{}` declares, read from a SOAP fault's detail.", op.name));
        enums.push(quote! {
            #d
            #[derive(Debug, Clone, PartialEq)]
            pub enum #id {
                #( #variants )*
            }

            impl #id {
                /// The declared fault `error` carries: a SOAP fault whose detail holds one of the
                /// declared elements. `None` for any other error.
                pub fn from_error(error: &::runtime::client::Error) -> Option<Self> {
                    let ::runtime::client::Error::Fault(fault) = error else { return None };
                    #( #reads )*
                    None
                }
            }
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if enums.is_empty() {
        return Ok(quote!());
    }
    Ok(quote! {
        /// Typed faults: one enum per operation that declares `wsdl:fault`s, read from a SOAP fault
        /// with `from_error` (the call itself returns `runtime::client::Error::Fault`).
        pub mod faults {
            #( #enums )*
        }
    })
}

fn unique(want: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = want.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{want}{n}");
        n += 1;
    }
    candidate
}
