//! The declared request signature (`service.toml` `[signature]`) in `client.rs`: one
//! `runtime::signature::SignatureSpec` per signed operation (the declaration as data), the
//! extraction of the signed values from the request type (`Signable`), of the server's string to
//! sign from the response type (`ServerStringToSign`), constructors that take the keys, and methods
//! that build the request without its signature element and let the runtime sign it.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Options;
use super::shape::{Card, Kind, Shapes};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::manifest::{KeyRoleDecl, SignatureSection, SignedFormat, SignedOperation};
use crate::model::{Builtin, Operation, PartContent, QName, Service, TypeKind, TypeRef};
use crate::naming::{Names, ident, snake};

/// Longest element path a declaration may use.
const MAX_PATH: usize = 32;

/// Name of the `SignatureSpec` static of operation `op`.
pub(super) fn spec_const(op: &str) -> Ident {
    format_ident!("SIGN_{}", snake(op).to_uppercase())
}

/// Extra constructor parameters and the `ClientConfig` builder call, for a signed service.
pub fn constructor_parts(options: &Options) -> (TokenStream, TokenStream, &'static str) {
    match &options.signature {
        None => (quote!(), quote!(), ""),
        Some(_) => (
            quote!(keys: ::runtime::signature::SigningKeys,),
            quote!(.with_signing_keys(keys)),
            " Requests are signed with `keys` (the test or production key, as the request's mode selects).",
        ),
    }
}

/// The method of a signed operation: its arguments are the request's fields except the signature
/// element, which the runtime computes. `None` when the operation is not signed.
#[allow(clippy::too_many_arguments)]
pub fn method(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    options: &Options,
    op: &Operation,
    response: &TokenStream,
    op_const: &Ident,
    method: &Ident,
    docs: &str,
    with_outcome: bool,
) -> Result<Option<TokenStream>, String> {
    let Some(section) = &options.signature else { return Ok(None) };
    let Some(decl) = section.operation(&op.name) else { return Ok(None) };
    if !with_outcome {
        return Err(format!(
            "signed operation `{}` needs the [outcome] of service.toml (its code path must reach the response's code)",
            op.name
        ));
    }
    let request = &body_type(service, op.input.as_ref())?;
    let c = complex(service, request)?;
    if !c.attributes.is_empty() || c.any_attribute.is_some() || c.text.is_some() {
        return Err(format!("signed operation `{}`: request type {request} has attributes or text", op.name));
    }
    let target = target_index(service, request, &section.target)?;
    let req_ty = ident(names.ty(request).ok_or_else(|| format!("type {request} has no name"))?);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for (i, _) in c.fields.iter().enumerate() {
        let fid = ident(names.field(request, i));
        if i == target {
            inits.push(quote!(#fid: Default::default()));
            continue;
        }
        let shape = shapes.field(request, i).ok_or("no shape")?;
        let t = shape.rust_type();
        params.push(quote!(#fid: &#t));
        inits.push(quote!(#fid: Clone::clone(#fid)));
    }
    let sign = spec_const(&op.name);
    let checks = checks(service, names, shapes, options, op, request)?;
    let keys: Vec<String> = section.keys.iter().map(|(v, r)| format!("`{v}` → {} key", role_name(*r))).collect();
    let mut docs = docs.to_string();
    docs.push_str(&format!(
        "\n\nSigned: the `{}` element is not an argument. The client computes it on every call from the fields that `service.toml` declares and the key the value of `{}` selects ({}). A refused signature is `Error::BadSignature`, our string to sign (never the key) next to the server's.",
        section.target,
        decl.mode,
        keys.join(", ")
    ));
    for c in options.checks.iter().filter(|c| c.operation == op.name) {
        let [min, max] = c.within_days;
        docs.push_str(&format!(
            "\n\nChecked before sending (`Error::Validation`): the date written in `{}` lies from today + {min} to today + {max} days (one day of slack each side).",
            c.path
        ));
    }
    let d = super::doc(&docs);
    Ok(Some(quote! {
        #d
        pub async fn #method(&self, #( #params ),*) -> Result<::runtime::client::Outcome<#response>, ::runtime::client::Error> {
            #[allow(clippy::needless_update)]
            let request = #req_ty { #( #inits, )* ..Default::default() };
            #checks
            self.inner.call_signed(&#op_const, &#sign, request, &OUTCOME).await
        }
    }))
}

fn role_name(r: KeyRoleDecl) -> &'static str {
    match r {
        KeyRoleDecl::Test => "test",
        KeyRoleDecl::Production => "production",
    }
}

/// Statics and trait impls of every signed operation, after checking the declaration against the
/// spec.
pub fn render(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    options: &Options,
) -> Result<TokenStream, Diagnostics> {
    let Some(section) = &options.signature else { return Ok(quote!()) };
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut requests: BTreeMap<QName, &str> = BTreeMap::new();
    let mut responses: BTreeMap<QName, ()> = BTreeMap::new();
    for decl in &section.operations {
        let op = service.ports.iter().flat_map(|p| &p.operations).find(|o| o.name == decl.name);
        let Some(op) = op else {
            errors.push(
                Diagnostic::new(
                    Span::default(),
                    format!("[signature] names operation `{}`, which the spec does not define", decl.name),
                )
                .with_hint("use the operation name exactly as in the WSDL"),
            );
            continue;
        };
        let result = (|| -> Result<(), String> {
            let request = body_type(service, op.input.as_ref())?;
            let response = body_type(service, op.output.as_ref())?;
            if let Some(other) = requests.insert(request.clone(), &decl.name) {
                return Err(format!("operations `{other}` and `{}` share request type {request}", decl.name));
            }
            items.push(spec_static(section, decl));
            items.push(signable(section, decl, service, names, shapes, &request)?);
            if responses.insert(response.clone(), ()).is_none() {
                items.push(server_string(section, service, names, shapes, &response)?);
            }
            Ok(())
        })();
        if let Err(m) = result {
            errors.push(Diagnostic::new(op.span.clone(), format!("[signature] of `{}`: {m}", decl.name)));
        }
    }
    for check in &options.checks {
        let op = service.ports.iter().flat_map(|p| &p.operations).find(|o| o.name == check.operation);
        let message = match op {
            None => format!("[[check]] names operation `{}`, which the spec does not define", check.operation),
            Some(_) if section.operation(&check.operation).is_none() => {
                format!("[[check]] on `{}`: checks run in signed operations only (yet)", check.operation)
            }
            Some(_) => continue,
        };
        errors.push(Diagnostic::new(Span::default(), message));
    }
    if section.keys.is_empty() {
        errors.push(
            Diagnostic::new(Span::default(), "[signature] declares no keys")
                .with_hint("e.g. keys = { TEST = \"test\" }"),
        );
    }
    if errors.is_empty() { Ok(quote!( #( #items )* )) } else { Err(Diagnostics(errors)) }
}

fn body_type(service: &Service, msg: Option<&crate::model::Message>) -> Result<QName, String> {
    let part = msg.and_then(|m| m.parts.first()).ok_or("no body element")?;
    let PartContent::Element(q) = &part.content else { return Err("the body part is not an element".into()) };
    match service.elements.get(q).map(|e| &e.ty) {
        Some(TypeRef::Named(t)) => Ok(t.clone()),
        _ => Err(format!("element {q} has no complex type")),
    }
}

fn complex<'a>(service: &'a Service, q: &QName) -> Result<&'a crate::model::ComplexType, String> {
    match service.types.get(q).map(|t| &t.kind) {
        Some(TypeKind::Complex(c)) => Ok(c),
        _ => Err(format!("{q} is not a complex type")),
    }
}

/// The index of the signature element among the request type's fields (a direct child, holding
/// a string, sent once).
fn target_index(service: &Service, request: &QName, target: &str) -> Result<usize, String> {
    let c = complex(service, request)?;
    c.fields
        .iter()
        .position(|f| f.name.local == target && !f.is_repeated())
        .ok_or_else(|| format!("request type {request} has no single child element `{target}` to hold the signature"))
}

fn spec_static(section: &SignatureSection, decl: &SignedOperation) -> TokenStream {
    let fields = decl.fields.iter().map(|f| {
        let path = f.path();
        let format = match f.format() {
            SignedFormat::Text => quote!(Text),
            SignedFormat::Date => quote!(Date),
            SignedFormat::List => quote!(List),
            SignedFormat::Boolean => quote!(Boolean),
        };
        quote!(::runtime::signature::SignedField { path: #path, format: ::runtime::signature::Format::#format })
    });
    let keys = section.keys.iter().map(|(value, role)| {
        let r = match role {
            KeyRoleDecl::Test => quote!(Test),
            KeyRoleDecl::Production => quote!(Production),
        };
        quote!((#value, ::runtime::signature::KeyRole::#r))
    });
    let (name, target, mode, sep) = (&decl.name, &section.target, &decl.mode, &section.separator);
    let refused = match &section.refused {
        Some(c) => quote!(Some(#c)),
        None => quote!(None),
    };
    let c = spec_const(&decl.name);
    let list: Vec<&str> = decl.fields.iter().map(|f| f.path()).collect();
    let d = super::doc(&format!(
        "The declared signature of `{name}` (service.toml `[signature]`): SHA-1 (lowercase hex) of {} joined by `{sep}`, then `{sep}` and the key. The client applies it on every call; it is public so that `runtime::signature::sign` can show what is signed.",
        list.join(", ")
    ));
    quote! {
        #d
        pub static #c: ::runtime::signature::SignatureSpec = ::runtime::signature::SignatureSpec {
            operation: #name,
            target: #target,
            mode: #mode,
            fields: &[ #( #fields ),* ],
            separator: #sep,
            digest: ::runtime::signature::Digest::Sha1Hex,
            keys: &[ #( #keys ),* ],
            refused_code: #refused,
        };
    }
}

/// One step of a resolved path.
struct Step {
    field: Ident,
    card: Card,
}

/// What a path ends on.
struct Leaf {
    builtin: Builtin,
    repeated: bool,
    is_string: bool,
}

/// Resolves a `/`-separated element path from type `start` to a simple value.
fn resolve(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    start: &QName,
    path: &str,
) -> Result<(Vec<Step>, Leaf), String> {
    let parts: Vec<&str> = path.split('/').collect();
    if parts.len() > MAX_PATH || parts.iter().any(|p| p.is_empty()) {
        return Err(format!("path `{path}` is empty or longer than {MAX_PATH} steps"));
    }
    let mut current = start.clone();
    let mut steps = Vec::new();
    for (depth, step) in parts.iter().enumerate() {
        let c = complex(service, &current).map_err(|e| format!("path `{path}`: {e}"))?;
        let i = c
            .fields
            .iter()
            .position(|f| f.name.local == *step)
            .ok_or_else(|| format!("path `{path}`: {current} has no element `{step}`"))?;
        let shape = shapes.field(&current, i).ok_or("no shape")?;
        steps.push(Step { field: ident(names.field(&current, i)), card: shape.card });
        let last = depth + 1 == parts.len();
        match (&c.fields[i].ty, last) {
            (TypeRef::Named(t), false) => current = t.clone(),
            (_, false) => return Err(format!("path `{path}`: `{step}` is not a structure")),
            (ty, true) => {
                if !matches!(shape.kind, Kind::Simple | Kind::Enum) {
                    return Err(format!("path `{path}` does not end on a simple value"));
                }
                let repeated = steps.iter().any(|s| matches!(s.card, Card::Many | Card::ManyNil));
                let is_string = shape.kind == Kind::Simple && shape.item.is_string();
                return Ok((steps, Leaf { builtin: base_builtin(service, ty)?, repeated, is_string }));
            }
        }
    }
    Err(format!("path `{path}` is empty"))
}

fn base_builtin(service: &Service, ty: &TypeRef) -> Result<Builtin, String> {
    let mut current = ty.clone();
    for _ in 0..64 {
        match &current {
            TypeRef::Builtin(b) => return Ok(*b),
            TypeRef::Named(q) => match service.types.get(q).map(|t| &t.kind) {
                Some(TypeKind::Simple(s)) => current = s.base.clone(),
                Some(TypeKind::Enum(e)) => current = e.base.clone(),
                _ => return Err(format!("{q} is not a simple type")),
            },
        }
    }
    Err(format!("the restrictions of {ty:?} form a cycle"))
}

/// Statements visiting every value at `steps` from `root`, running `sink(value)` on each.
fn visit(root: &TokenStream, steps: &[Step], sink: TokenStream) -> TokenStream {
    let var = |i: usize| format_ident!("x{}", i);
    let mut body = sink;
    for (i, step) in steps.iter().enumerate().rev() {
        let parent = if i == 0 {
            root.clone()
        } else {
            let p = var(i - 1);
            quote!(#p)
        };
        let (x, f) = (var(i), &step.field);
        body = match step.card {
            Card::One => quote! { let #x = &#parent.#f; #body },
            Card::Opt => quote! { if let Some(#x) = &#parent.#f { #body } },
            Card::Nil => quote! { if let ::runtime::xml::Nillable::Value(#x) = &#parent.#f { #body } },
            Card::OptNil => {
                quote! { if let Some(::runtime::xml::Nillable::Value(#x)) = &#parent.#f { #body } }
            }
            Card::Many => quote! { for #x in &#parent.#f { #body } },
            Card::ManyNil => {
                quote! { for #x in #parent.#f.iter().filter_map(::runtime::xml::Nillable::value) { #body } }
            }
        };
    }
    body
}

/// The last value variable of `steps`.
fn leaf_var(steps: &[Step]) -> Ident {
    format_ident!("x{}", steps.len().saturating_sub(1))
}

/// A function body returning the single value at `steps` (`Some(expr(value))`), or `None`.
fn first_value(steps: &[Step], expr: impl Fn(&Ident) -> TokenStream) -> TokenStream {
    let x = leaf_var(steps);
    let value = expr(&x);
    let body = visit(&quote!(self), steps, quote!(return Some(#value);));
    if steps.iter().all(|s| s.card == Card::One) {
        // No step can be absent: the value is always there (and a trailing `None` would be unreachable).
        let v = visit(&quote!(self), steps, quote!(Some(#value)));
        quote! { #v }
    } else {
        quote! { #body None }
    }
}

fn signable(
    section: &SignatureSection,
    decl: &SignedOperation,
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    request: &QName,
) -> Result<TokenStream, String> {
    let ty = ident(names.ty(request).ok_or("no name")?);
    let mut pushes = Vec::new();
    for f in &decl.fields {
        let (steps, leaf) = resolve(service, names, shapes, request, f.path())?;
        let ok = match f.format() {
            SignedFormat::Text => !leaf.repeated,
            SignedFormat::List => leaf.repeated,
            SignedFormat::Date => !leaf.repeated && matches!(leaf.builtin, Builtin::Date | Builtin::DateTime),
            SignedFormat::Boolean => !leaf.repeated && leaf.builtin == Builtin::Boolean,
        };
        if !ok {
            return Err(format!(
                "`{}` cannot be signed as {:?} (a list needs a repeated element, a date an xsd:date or xsd:dateTime, a boolean an xsd:boolean, text a single value)",
                f.path(),
                f.format()
            ));
        }
        let x = leaf_var(&steps);
        let body = visit(&quote!(self), &steps, quote!(v.push(::runtime::xml::SimpleValue::to_text(#x));));
        pushes.push(quote! { { let mut v = Vec::new(); #body out.push(v); } });
    }
    let (mode_steps, mode_leaf) = resolve(service, names, shapes, request, &decl.mode)?;
    if mode_leaf.repeated {
        return Err(format!("mode `{}` is a repeated element", decl.mode));
    }
    let mode = first_value(&mode_steps, |x| quote!(::runtime::xml::SimpleValue::to_text(#x)));
    let target = target_index(service, request, &section.target)?;
    let shape = shapes.field(request, target).ok_or("no shape")?;
    if !(shape.kind == Kind::Simple && shape.item.is_string()) {
        return Err(format!("the signature element `{}` does not hold a string", section.target));
    }
    let fid = ident(names.field(request, target));
    let (set, get) = match shape.card {
        Card::One => (quote!(self.#fid = signature;), quote!(Some(self.#fid.as_str()))),
        Card::Opt => (quote!(self.#fid = Some(signature);), quote!(self.#fid.as_deref())),
        _ => return Err(format!("the signature element `{}` is nillable", section.target)),
    };
    let n = decl.fields.len();
    Ok(quote! {
        impl ::runtime::signature::Signable for #ty {
            #[allow(clippy::vec_init_then_push)]
            fn signed_values(&self) -> Vec<Vec<::std::borrow::Cow<'_, str>>> {
                let mut out = Vec::with_capacity(#n);
                #( #pushes )*
                out
            }
            fn signing_mode(&self) -> Option<::std::borrow::Cow<'_, str>> {
                #mode
            }
            fn set_signature(&mut self, signature: String) {
                #set
            }
            fn signature(&self) -> Option<&str> {
                #get
            }
        }
    })
}

fn server_string(
    section: &SignatureSection,
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    response: &QName,
) -> Result<TokenStream, String> {
    let ty = ident(names.ty(response).ok_or("no name")?);
    let Some(path) = &section.server_string else {
        return Ok(quote! { impl ::runtime::signature::ServerStringToSign for #ty {} });
    };
    let (steps, leaf) = resolve(service, names, shapes, response, path)?;
    if leaf.repeated || !leaf.is_string {
        return Err(format!("server_string `{path}` is not a single string element"));
    }
    let body = first_value(&steps, |x| quote!(#x.as_str()));
    Ok(quote! {
        impl ::runtime::signature::ServerStringToSign for #ty {
            fn server_string_to_sign(&self) -> Option<&str> {
                #body
            }
        }
    })
}

/// Statements running the `[[check]]`s of `op` on `request` (a local of the generated method):
/// failures return `Error::Validation` before anything is signed or sent.
fn checks(
    service: &Service,
    names: &Names,
    shapes: &Shapes,
    options: &Options,
    op: &Operation,
    request: &QName,
) -> Result<TokenStream, String> {
    let root = op
        .input
        .as_ref()
        .and_then(|m| m.parts.first())
        .and_then(|p| match &p.content {
            PartContent::Element(q) => Some(q.local.clone()),
            PartContent::Type(_) => None,
        })
        .ok_or("no body element")?;
    let mut stmts = Vec::new();
    for check in options.checks.iter().filter(|c| c.operation == op.name) {
        let (steps, leaf) = resolve(service, names, shapes, request, &check.path)?;
        if !matches!(leaf.builtin, Builtin::Date | Builtin::DateTime) {
            return Err(format!("[[check]] `{}`: within_days needs an xsd:date or xsd:dateTime", check.path));
        }
        let path = format!("{root}.{}", check.path.replace('/', "."));
        let [min, max] = check.within_days;
        let x = leaf_var(&steps);
        stmts.push(visit(
            &quote!(request),
            &steps,
            quote! {
                ::runtime::checks::within_days(&mut errors, #path, &::runtime::xml::SimpleValue::to_text(#x), #min, #max, today);
            },
        ));
    }
    if stmts.is_empty() {
        return Ok(quote!());
    }
    Ok(quote! {
        let mut errors = Vec::new();
        let today = ::runtime::checks::today();
        #( { #stmts } )*
        if !errors.is_empty() {
            return Err(::runtime::client::Error::Validation(::runtime::validate::ValidationErrors(errors)));
        }
    })
}
