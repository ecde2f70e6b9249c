//! Lowering: every SOAP operation becomes "one body element of a generated struct each way".
//!
//! The wire forms the client renders are few: a request element in the Body, a response element
//! (or none: one-way), and optionally typed SOAP headers. Everything else is brought to that form
//! here, by adding synthetic complex types to a copy of the model (so naming, types and wire code
//! treat them like any other type):
//! - rpc style (literal and encoded): a wrapper struct per message, named after the operation
//!   (`<op>` / `<op>Response` in `soap:body/@namespace`), with one unqualified accessor element
//!   per part;
//! - a document body element of a simple type: a struct with the text as `value`;
//! - `soap:header` parts: one struct per operation with one optional field per header element,
//!   written as the children of the SOAP Header.
//!
//! What cannot be lowered (document style with several body parts, typed parts in document style,
//! operations without input) is an [`Unsupported`] (message and hint), reported at the operation by
//! the client renderer.
//! Operations that are already in the common form add nothing, so their output is unchanged.

use std::collections::BTreeMap;

use crate::diag::Span;
use crate::model::{
    ComplexType, Encoding, Facets, Field, Message, Operation, PartContent, QName, Service, Style, TypeDef, TypeKind,
    TypeRef, Use,
};

/// A body element on the wire and the complex type (in the lowered model) that holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub element: QName,
    pub ty: QName,
}

/// How one operation is called.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub input: Body,
    /// None: one-way.
    pub output: Option<Body>,
    /// The struct whose fields are the `soap:header` parts, if any.
    pub headers: Option<QName>,
}

/// Why an operation has no plan, and what the spec's author can do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsupported {
    pub message: String,
    pub hint: &'static str,
}

impl Unsupported {
    fn new(message: String, hint: &'static str) -> Self {
        Unsupported { message, hint }
    }
}

impl From<String> for Unsupported {
    /// A reference the loader should have resolved: declare what it names.
    fn from(message: String) -> Self {
        Unsupported { message, hint: "declare it in the schema" }
    }
}

/// The model with its synthetic types, and a plan (or why there is none) per port and operation.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub service: Service,
    pub plans: Vec<Vec<Result<Plan, Unsupported>>>,
}

pub fn lower(service: &Service) -> Lowered {
    let mut out = service.clone();
    super::inline::lower(&mut out);
    // Synthetic types already made, by what they stand for, so that the SOAP 1.1 and 1.2 ports of
    // one port type share them.
    let mut made: BTreeMap<String, QName> = BTreeMap::new();
    let mut plans = Vec::new();
    for port in &service.ports {
        let mut list = Vec::new();
        for op in &port.operations {
            list.push(plan(&mut out, &mut made, op));
        }
        plans.push(list);
    }
    Lowered { service: out, plans }
}

fn plan(service: &mut Service, made: &mut BTreeMap<String, QName>, op: &Operation) -> Result<Plan, Unsupported> {
    let input = op.input.as_ref().ok_or_else(|| {
        Unsupported::new(
            format!(
                "operation `{}` has no input (a notification operation); only request-response and one-way are supported",
                op.name
            ),
            "give the operation a wsdl:input, or remove it from the binding",
        )
    })?;
    let input = body(service, made, op, input, false)?;
    let output = match &op.output {
        Some(m) => Some(body(service, made, op, m, true)?),
        None => None,
    };
    let headers = if op.headers.is_empty() { None } else { Some(headers(service, made, op)?) };
    Ok(Plan { input, output, headers })
}

fn body(
    service: &mut Service,
    made: &mut BTreeMap<String, QName>,
    op: &Operation,
    msg: &Message,
    response: bool,
) -> Result<Body, Unsupported> {
    let which = if response { "output" } else { "input" };
    if op.style == Style::Rpc {
        let ns = msg.namespace.clone().unwrap_or_default();
        let local = if response { format!("{}Response", op.name) } else { op.name.clone() };
        let element = QName::new(ns, local);
        let key = format!("rpc {element} {}", msg.name);
        if let Some(ty) = made.get(&key) {
            return Ok(Body { element, ty: ty.clone() });
        }
        let mut fields = Vec::new();
        for part in &msg.parts {
            let (name, ty, nillable) = match &part.content {
                PartContent::Type(t) => (QName::new("", part.name.clone()), t.clone(), false),
                PartContent::Element(e) => {
                    let decl = service.elements.get(e).ok_or_else(|| format!("element {e} is not declared"))?;
                    (e.clone(), decl.ty.clone(), decl.nillable)
                }
            };
            fields.push(field(name, ty, nillable, op.span.clone()));
        }
        let docs = format!(
            "The rpc {} of operation `{}`: one element per part of message `{}`.",
            if response { "response wrapper" } else { "request wrapper" },
            op.name,
            msg.name
        );
        let encoding = if op.use_ == Use::Encoded { Encoding::RpcEncoded } else { Encoding::Literal };
        let ty = add(service, &element, docs, op.span.clone(), ComplexType { fields, encoding, ..empty() });
        made.insert(key, ty.clone());
        return Ok(Body { element, ty });
    }
    let part = match msg.parts.as_slice() {
        [part] => part,
        [] => {
            return Err(Unsupported::new(
                format!(
                    "operation `{}`: {which} message `{}` has no body part (an empty document-style Body); not supported yet",
                    op.name, msg.name
                ),
                "give the message one part with element=\"...\"",
            ));
        }
        _ => {
            return Err(Unsupported::new(
                format!(
                    "operation `{}`: {which} message `{}` has {} body parts (document/literal bare with several elements); not supported yet",
                    op.name,
                    msg.name,
                    msg.parts.len()
                ),
                "wrap the parts in one element (document/literal wrapped), or choose one with soap:body parts=\"...\"",
            ));
        }
    };
    let element = match &part.content {
        PartContent::Element(q) => q.clone(),
        PartContent::Type(_) => {
            return Err(Unsupported::new(
                format!(
                    "operation `{}`: {which} part `{}` is typed, not an element (document style needs element parts)",
                    op.name, part.name
                ),
                "use element=\"...\" in the part, or style=\"rpc\" in the binding",
            ));
        }
    };
    let decl = service.elements.get(&element).ok_or_else(|| format!("element {element} is not declared"))?;
    if let TypeRef::Named(t) = &decl.ty
        && matches!(service.types.get(t).map(|d| &d.kind), Some(TypeKind::Complex(_)))
    {
        return Ok(Body { element, ty: t.clone() });
    }
    // A simple-typed body element: a struct holding its text.
    let key = format!("simple {element}");
    if let Some(ty) = made.get(&key) {
        return Ok(Body { element, ty: ty.clone() });
    }
    let (text, docs, span) = (decl.ty.clone(), decl.docs.clone(), decl.span.clone());
    let docs = docs.unwrap_or_else(|| format!("Body element `{}`, whose content is text.", element.local));
    let ty = add(service, &element, docs, span, ComplexType { text: Some(text), ..empty() });
    made.insert(key, ty.clone());
    Ok(Body { element, ty })
}

fn headers(service: &mut Service, made: &mut BTreeMap<String, QName>, op: &Operation) -> Result<QName, Unsupported> {
    let mut fields = Vec::new();
    let mut key = format!("headers {}", op.name);
    for part in &op.headers {
        let (name, ty, nillable) = match &part.content {
            PartContent::Element(e) => {
                let decl = service.elements.get(e).ok_or_else(|| format!("header element {e} is not declared"))?;
                (e.clone(), decl.ty.clone(), decl.nillable)
            }
            PartContent::Type(t) => (QName::new("", part.name.clone()), t.clone(), false),
        };
        key.push_str(&format!(" {name}"));
        // WSDL 1.1 does not say whether a header must be sent, and services commonly require only
        // some (a session) of the many they declare: each is optional.
        fields.push(Field { min_occurs: 0, branch_min_occurs: 0, ..field(name, ty, nillable, op.span.clone()) });
    }
    if let Some(ty) = made.get(&key) {
        return Ok(ty.clone());
    }
    let ns = fields.first().map(|f| f.name.ns.clone()).unwrap_or_default();
    let want = QName::new(ns, format!("{}Header", op.name));
    let docs = format!("The SOAP headers of operation `{}`, one field per `soap:header` part.", op.name);
    let ty = add(service, &want, docs, op.span.clone(), ComplexType { fields, ..empty() });
    made.insert(key, ty.clone());
    Ok(ty)
}

fn empty() -> ComplexType {
    ComplexType {
        base: None,
        is_abstract: false,
        anonymous: false,
        fields: Vec::new(),
        attributes: Vec::new(),
        any_attribute: None,
        text: None,
        mixed: false,
        choices: Vec::new(),
        inline: None,
        encoding: Encoding::Literal,
    }
}

fn field(name: QName, ty: TypeRef, nillable: bool, span: Span) -> Field {
    let sensitive = crate::model::looks_secret(&name.local);
    Field {
        name,
        ty,
        min_occurs: 1,
        max_occurs: Some(1),
        nillable,
        default: None,
        fixed: None,
        element_ref: false,
        wildcard: None,
        facets: Facets::default(),
        choice: Vec::new(),
        branch_min_occurs: 1,
        branch_max_occurs: Some(1),
        docs: None,
        sensitive,
        span,
    }
}

/// Adds a synthetic complex type named like `want` (suffixed `Body`, `Body2`, ... when the name is
/// taken) and returns its key.
fn add(service: &mut Service, want: &QName, docs: String, span: Span, c: ComplexType) -> QName {
    let mut name = want.clone();
    let mut n = 1;
    while service.types.contains_key(&name) {
        name = QName::new(
            want.ns.clone(),
            if n == 1 { format!("{}Body", want.local) } else { format!("{}Body{n}", want.local) },
        );
        n += 1;
    }
    service
        .types
        .insert(name.clone(), TypeDef { name: name.clone(), docs: Some(docs), kind: TypeKind::Complex(c), span });
    name
}
