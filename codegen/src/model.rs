//! The language-neutral model: one place that says what a service, an operation and a type are.
//!
//! Every front end (WSDL + XSD, JSON argument tables) produces a [`Service`]; every back end (today
//! Rust) consumes one. Nothing here knows about Rust names: the XML/JSON names are kept as written
//! in the spec, and naming is decided later, once, by `crate::naming`.
//!
//! Order is meaningful everywhere it is kept: `types` is sorted by qualified name, `fields` keep the
//! schema's sequence order, `operations` keep the binding's order.

use std::collections::BTreeMap;

use crate::diag::Span;

/// A qualified XML name, matched by namespace URI (never by prefix). `ns` is empty for "no namespace".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    pub ns: String,
    pub local: String,
}

impl QName {
    pub fn new(ns: impl Into<String>, local: impl Into<String>) -> Self {
        QName { ns: ns.into(), local: local.into() }
    }
}

impl std::fmt::Display for QName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ns.is_empty() { write!(f, "{}", self.local) } else { write!(f, "{{{}}}{}", self.ns, self.local) }
    }
}

/// One service description (one WSDL with its schemas, or one argument table): what a generated
/// module holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Name of the service as the spec gives it (first wsdl:service/@name, else
    /// wsdl:definitions/@name, else the file stem; or the table's title).
    pub name: String,
    pub docs: Option<String>,
    /// One entry per wsdl:port (in document order) whose binding we can call: SOAP 1.1, SOAP 1.2 or
    /// JSON. A port type bound twice (1.1 and 1.2) gives two ports sharing the same types.
    /// A SOAP binding that no wsdl:port uses still gives a port (after the others, `address` None,
    /// named after its port type), so that every bound operation is callable.
    pub ports: Vec<Port>,
    /// Every type reachable from an operation (and, for XSD, every named global type), keyed and
    /// sorted by qualified name. Anonymous types get a synthetic, deterministic name at model time.
    pub types: BTreeMap<QName, TypeDef>,
    /// Global elements used as message bodies, keyed by their qualified name.
    pub elements: BTreeMap<QName, ElementDecl>,
}

/// A callable endpoint: a wsdl:port and its binding.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    /// wsdl:port/@name.
    pub name: String,
    /// wsdl:binding/@name.
    pub binding: String,
    pub protocol: Protocol,
    /// Address found in the spec (soap:address/@location), if any.
    pub address: Option<String>,
    /// The binding's operations, in the binding's order.
    pub operations: Vec<Operation>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Soap11,
    Soap12,
    /// JSON over HTTP (argument tables).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// document/literal: each message part is a global element (wrapped: one part).
    Document,
    /// rpc: the body holds an element named after the operation, one child per part.
    Rpc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Literal,
    Encoded,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Operation name as written (wsdl:operation/@name).
    pub name: String,
    pub docs: Option<String>,
    /// SOAPAction (SOAP 1.1 header / SOAP 1.2 content-type action). May be empty.
    pub soap_action: String,
    pub style: Style,
    pub use_: Use,
    /// None for an operation without input (notification); never the case for the services we serve.
    pub input: Option<Message>,
    /// None for a one-way operation.
    pub output: Option<Message>,
    pub faults: Vec<Fault>,
    /// soap:header parts of the input.
    pub headers: Vec<Part>,
    /// For JSON operations: HTTP method and path relative to the base URL.
    pub http: Option<HttpBinding>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HttpBinding {
    pub method: String,
    pub path: String,
    /// The client's credentials (HTTP Basic) are sent with this operation.
    pub auth: bool,
    /// How the answer says success or failure, when the service has such an envelope.
    pub envelope: Option<JsonEnvelope>,
}

/// `{"<success>": true, ...}` or `{"<success>": false, "<code>": "..."}`; the codes are the
/// enumeration `codes` of `Service::types`.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonEnvelope {
    pub success: String,
    pub code: String,
    pub codes: QName,
}

/// A message: what goes in the SOAP Body (or JSON body) one way.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// wsdl:message/@name.
    pub name: String,
    pub parts: Vec<Part>,
    /// rpc style: the namespace of the wrapper element (`soap:body/@namespace`), if given.
    pub namespace: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: String,
    pub content: PartContent,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartContent {
    /// `element="..."`: the body carries this global element.
    Element(QName),
    /// `type="..."` (rpc): the part is an accessor element named after the part, of this type.
    Type(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub name: String,
    pub element: Option<QName>,
    pub docs: Option<String>,
}

/// A global element declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementDecl {
    pub name: QName,
    pub ty: TypeRef,
    pub nillable: bool,
    /// `substitutionGroup`: the head element this one may stand for (XSD 1.0: at most one).
    pub substitution_group: Option<QName>,
    /// `abstract="true"`: the element never appears itself, only members of its substitution group.
    pub is_abstract: bool,
    pub docs: Option<String>,
    pub span: Span,
}

/// A reference to a type: built in (XSD scalar) or named in `Service::types`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Builtin(Builtin),
    Named(QName),
}

/// The XSD scalar types, each mapped to an exact representation by the back end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Builtin {
    String,
    NormalizedString,
    Token,
    Boolean,
    /// xs:decimal: arbitrary precision, never a float.
    Decimal,
    /// xs:integer and its unbounded derivations: arbitrary precision.
    Integer,
    NonNegativeInteger,
    PositiveInteger,
    NonPositiveInteger,
    NegativeInteger,
    Long,
    Int,
    Short,
    Byte,
    UnsignedLong,
    UnsignedInt,
    UnsignedShort,
    UnsignedByte,
    Float,
    Double,
    Date,
    DateTime,
    Time,
    Duration,
    GYear,
    GYearMonth,
    GMonth,
    GMonthDay,
    GDay,
    Base64Binary,
    HexBinary,
    AnyUri,
    QName,
    Language,
    Name,
    NcName,
    Id,
    IdRef,
    NmToken,
    /// xs:anyType / xs:anySimpleType: kept as raw content.
    AnyType,
    AnySimpleType,
}

impl Builtin {
    /// The XML Schema name of a builtin (its canonical one where several names map to it).
    pub fn xsd_name(self) -> &'static str {
        use Builtin::*;
        match self {
            String => "string",
            NormalizedString => "normalizedString",
            Token => "token",
            Boolean => "boolean",
            Decimal => "decimal",
            Integer => "integer",
            NonNegativeInteger => "nonNegativeInteger",
            PositiveInteger => "positiveInteger",
            NonPositiveInteger => "nonPositiveInteger",
            NegativeInteger => "negativeInteger",
            Long => "long",
            Int => "int",
            Short => "short",
            Byte => "byte",
            UnsignedLong => "unsignedLong",
            UnsignedInt => "unsignedInt",
            UnsignedShort => "unsignedShort",
            UnsignedByte => "unsignedByte",
            Float => "float",
            Double => "double",
            Date => "date",
            DateTime => "dateTime",
            Time => "time",
            Duration => "duration",
            GYear => "gYear",
            GYearMonth => "gYearMonth",
            GMonth => "gMonth",
            GMonthDay => "gMonthDay",
            GDay => "gDay",
            Base64Binary => "base64Binary",
            HexBinary => "hexBinary",
            AnyUri => "anyURI",
            QName => "QName",
            Language => "language",
            Name => "Name",
            NcName => "NCName",
            Id => "ID",
            IdRef => "IDREF",
            NmToken => "NMTOKEN",
            AnyType => "anyType",
            AnySimpleType => "anySimpleType",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: QName,
    pub docs: Option<String>,
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A structure: sequence/all of fields, attributes.
    Complex(ComplexType),
    /// A restriction of a simple type with an enumeration facet.
    Enum(EnumType),
    /// A restriction of a simple type with other facets (length, pattern, digits...).
    Simple(SimpleType),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComplexType {
    /// The complex type this one derives from (extension or restriction, complexContent or
    /// simpleContent), for docs and xsi:type polymorphism (`crate::hierarchy`). What it inherits is
    /// already in `fields`/`attributes`/`text`: an extension's base content, a restriction's own.
    pub base: Option<QName>,
    pub is_abstract: bool,
    /// Declared inline, without a name (the model's name is made up): `xsi:type` cannot name it, so
    /// it never stands for its base.
    pub anonymous: bool,
    /// Fields in wire order (base type's fields first).
    pub fields: Vec<Field>,
    pub attributes: Vec<Attribute>,
    /// `xs:anyAttribute`: attributes other than `attributes` the element may carry (the complete
    /// wildcard: the type's own, intersected with those of its attribute groups, and for an
    /// extension united with the base's). None: no attribute wildcard.
    pub any_attribute: Option<AttributeWildcard>,
    /// simpleContent: the type of the element's text.
    pub text: Option<TypeRef>,
    pub mixed: bool,
    /// The `xs:choice`s of the content, whose fields `fields` holds flattened (see [`Field::choice`]).
    pub choices: Vec<Choice>,
    /// Set on the types a back end makes from part of another type's content (never by a loader).
    pub inline: Option<Inline>,
    /// How the type is written beyond its content: SOAP encoding's extra attributes.
    pub encoding: Encoding,
}

/// SOAP encoding (SOAP 1.1 section 5) on the wire: what an rpc/encoded peer expects besides the
/// literal content. Servers of that era (Apache Axis 1, PHP's ext/soap, nusoap) decode by these
/// attributes rather than by the WSDL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Literal,
    /// The wrapper of an rpc/encoded message: `soapenv:encodingStyle` on it, `xsi:type` on each part.
    RpcEncoded,
    /// A SOAP-encoded array (`soapenc:Array`): `soapenc:arrayType="ns:Item[n]"` unless set by hand.
    SoapArray,
}

/// One `xs:choice` of a complex type's content, as written: how often it occurs and its branches.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The number its fields' [`ChoiceStep::group`] carry.
    pub group: u32,
    /// Occurs of the choice within the branch enclosing it (for the outermost: within the type's
    /// content), enclosing particles included. None = unbounded.
    pub min_occurs: u32,
    pub max_occurs: Option<u32>,
    /// Each child particle of the choice, in document order (a branch may hold no element).
    pub branches: Vec<Branch>,
    pub docs: Option<String>,
    pub span: Span,
}

/// A branch (child particle) of an `xs:choice`.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// The name of the group the branch refers to (`xs:group ref`), if it is one.
    pub group: Option<String>,
    pub docs: Option<String>,
    pub span: Span,
}

/// Content of another type that a back end gives a type of its own: elements that sit directly
/// among the parent's elements, with no element around them.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// A sequence of the type's fields (a branch of a choice).
    Sequence,
    /// Exactly one of the variants (an `xs:choice`).
    Choice(Vec<Variant>),
}

/// A branch of an [`Inline::Choice`].
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// What to call it: an element's or a group's name, as written.
    pub name: String,
    pub docs: Option<String>,
    /// Index of the field holding the branch's content, None for a branch that holds nothing.
    pub field: Option<usize>,
}

/// An element child of a complex type.
///
/// An `xs:any` wildcard is a field named `{##any}any` (namespace `##any`, local `any`) of type
/// [`Builtin::AnyType`]: any element(s) may appear there, kept as raw content.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name: namespace (empty if unqualified) and local name.
    pub name: QName,
    pub ty: TypeRef,
    pub min_occurs: u32,
    /// None = unbounded.
    pub max_occurs: Option<u32>,
    pub nillable: bool,
    pub default: Option<String>,
    pub fixed: Option<String>,
    /// Declared by `ref=` to the global element `name`: members of that element's substitution
    /// group may appear in its place. A local declaration never has substitutes.
    pub element_ref: bool,
    /// For an `xs:any` (named `{##any}any`): the elements it takes.
    pub wildcard: Option<ElementWildcard>,
    /// Facets declared on the field's own anonymous simple type (named types carry theirs).
    pub facets: Facets,
    /// The `xs:choice`s the field is inside, outermost first (empty outside any choice). `fields`
    /// holds a choice flattened: each of its fields optional (`min_occurs` 0), and this path (with
    /// [`ComplexType::choices`]) says which fields exclude each other.
    pub choice: Vec<ChoiceStep>,
    /// minOccurs once the branches of `choice` are chosen (equals `min_occurs` outside a choice).
    pub branch_min_occurs: u32,
    /// maxOccurs within the innermost branch of `choice` (equals `max_occurs` outside a choice).
    pub branch_max_occurs: Option<u32>,
    pub docs: Option<String>,
    /// A secret (card number, security code, password): redacted in `Debug` output. Set by the
    /// spec's `xsd:appinfo/b:sensitive` mark, or by [`looks_secret`] on the name.
    pub sensitive: bool,
    pub span: Span,
}

/// Whether an element's local name says it holds a secret, for WSDLs that carry no mark (a user's
/// vendor file): passwords and card security codes. Kept narrow: a false positive only hides a
/// value from `Debug`, but a name list that grows by guesswork would hide too much to debug.
pub fn looks_secret(local: &str) -> bool {
    let l = local.to_ascii_lowercase();
    l.contains("password")
        || l.contains("passwd")
        || matches!(l.as_str(), "cvv" | "cvv2" | "cvc" | "cvc2" | "cvx" | "cvx2" | "pin" | "pincode" | "securitycode")
        || l.ends_with("cardsecuritycode")
}

/// One enclosing `xs:choice` of a field: which choice, which of its branches the field is in, and
/// whether the choice must be present (its minOccurs, enclosing particles included, ≥ 1) whenever
/// the branch enclosing it (for the outermost choice: the type's content) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChoiceStep {
    /// Numbers the choices of one schema set, in build order (deterministic).
    pub group: u32,
    /// Index of the branch (child particle) within the choice.
    pub branch: u32,
    pub required: bool,
}

impl Field {
    pub fn is_repeated(&self) -> bool {
        self.max_occurs != Some(1) && self.max_occurs != Some(0)
    }
    pub fn is_optional(&self) -> bool {
        self.min_occurs == 0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: QName,
    pub ty: TypeRef,
    pub required: bool,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub facets: Facets,
    pub docs: Option<String>,
    pub span: Span,
}

/// An attribute wildcard (`xs:anyAttribute`): which attributes besides the declared ones an
/// element may carry, kept as raw attributes (namespace URI, local name, value).
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeWildcard {
    pub namespaces: NamespaceConstraint,
    pub process: ProcessContents,
    pub docs: Option<String>,
    pub span: Span,
}

/// An element wildcard (`xs:any`): the elements it takes, kept as raw XML.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementWildcard {
    pub namespaces: NamespaceConstraint,
    pub process: ProcessContents,
}

/// The `namespace` of a wildcard, resolved (`##targetNamespace` to the schema's target namespace,
/// `##local` to `""`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamespaceConstraint {
    /// `##any`: any namespace, or none.
    Any,
    /// Any namespace except this one, and never no namespace: `##other` (the schema's target
    /// namespace; `""` when it has none).
    Not(String),
    /// Only these namespaces (`""`: no namespace, `##local`), as listed, without repeats.
    Only(Vec<String>),
}

impl NamespaceConstraint {
    /// Whether an attribute in namespace `ns` (`""`: none) matches the wildcard (XSD 1.0
    /// §3.10.4, Wildcard allows Namespace Name).
    pub fn allows(&self, ns: &str) -> bool {
        match self {
            NamespaceConstraint::Any => true,
            NamespaceConstraint::Not(not) => !ns.is_empty() && ns != not,
            NamespaceConstraint::Only(list) => list.iter().any(|n| n == ns),
        }
    }

    /// The union of two wildcards' constraints (an extension's with its base's; XSD 1.0
    /// §3.10.6, Attribute Wildcard Union). None when XSD 1.0 cannot express it.
    pub fn union(&self, other: &NamespaceConstraint) -> Option<NamespaceConstraint> {
        use NamespaceConstraint::{Any, Not, Only};
        Some(match (self, other) {
            (a, b) if a == b => a.clone(),
            (Any, _) | (_, Any) => Any,
            (Only(a), Only(b)) => {
                let mut list = a.clone();
                list.extend(b.iter().filter(|n| !a.contains(n)).cloned());
                Only(list)
            }
            // Two different negations: only "not absent" covers both.
            (Not(_), Not(_)) => Not(String::new()),
            (Not(not), Only(list)) | (Only(list), Not(not)) => {
                let has_not = list.contains(not);
                let has_absent = list.iter().any(String::is_empty);
                match (not.is_empty(), has_not, has_absent) {
                    (true, _, true) => Any,
                    (true, _, false) => Not(String::new()),
                    (false, true, true) => Any,
                    (false, true, false) => Not(String::new()),
                    (false, false, true) => return None,
                    (false, false, false) => Not(not.clone()),
                }
            }
        })
    }

    /// The intersection of two wildcards' constraints (a type's own with its attribute groups';
    /// XSD 1.0 §3.10.6, Attribute Wildcard Intersection). None when XSD 1.0 cannot express it.
    pub fn intersect(&self, other: &NamespaceConstraint) -> Option<NamespaceConstraint> {
        use NamespaceConstraint::{Any, Not, Only};
        Some(match (self, other) {
            (a, b) if a == b => a.clone(),
            (Any, x) | (x, Any) => x.clone(),
            (Only(a), Only(b)) => Only(a.iter().filter(|n| b.contains(n)).cloned().collect()),
            (Not(not), Only(list)) | (Only(list), Not(not)) => {
                Only(list.iter().filter(|n| !n.is_empty() && *n != not).cloned().collect())
            }
            (Not(a), Not(b)) if a.is_empty() => Not(b.clone()),
            (Not(a), Not(b)) if b.is_empty() => Not(a.clone()),
            (Not(_), Not(_)) => return None,
        })
    }
}

/// How a validator treats the attributes a wildcard matches (`processContents`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessContents {
    /// Each must be a declared global attribute, and valid (the default).
    Strict,
    /// Validated when declared, accepted otherwise.
    Lax,
    /// Accepted without validation.
    Skip,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumType {
    pub base: TypeRef,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value as it goes on the wire.
    pub value: String,
    pub docs: Option<String>,
    /// A name chosen in the spec (appinfo binding), when the value itself makes a poor identifier.
    pub name_hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimpleType {
    /// The restricted type; for a list, the type of its items.
    pub base: TypeRef,
    /// The restriction's facets; for a list, those of each item.
    pub facets: Facets,
    /// An `xsd:list`: items of `base` separated by whitespace.
    pub list: bool,
    /// An `xsd:union`: its member types (the value is kept as text, `base` a string), for the
    /// documentation of the fields that hold one.
    pub union: Vec<UnionMember>,
}

/// A member type of an `xsd:union`, with the facets of an anonymous member's restriction.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionMember {
    pub ty: TypeRef,
    pub facets: Facets,
}

/// XSD constraining facets. Values are kept lexically, as the spec writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub length: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Each pattern in XSD regex syntax; a value must match all of them (one per derivation step).
    pub patterns: Vec<String>,
    pub total_digits: Option<u32>,
    pub fraction_digits: Option<u32>,
    pub min_inclusive: Option<String>,
    pub max_inclusive: Option<String>,
    pub min_exclusive: Option<String>,
    pub max_exclusive: Option<String>,
    /// For a value of an `xsd:union`: its text must be in the lexical space of one of these
    /// members and meet that member's facets. Filled where a field's type is resolved.
    pub union: Vec<LexicalMember>,
}

/// A member type of an `xsd:union`, followed down to the builtin whose lexical space it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexicalMember {
    pub base: Builtin,
    /// An `xsd:list` of `base` items.
    pub list: bool,
    /// The facets met on the way (for a list, each item's).
    pub facets: Facets,
    /// The values of an enumeration member (empty: any value of `base`).
    pub enumeration: Vec<String>,
}

impl Facets {
    pub fn is_empty(&self) -> bool {
        *self == Facets::default()
    }

    /// Adds facets found after these (while following a restriction chain): patterns accumulate
    /// without repeats; for the others the ones already here win.
    pub fn fill_from(&mut self, base: &Facets) {
        macro_rules! keep_first {
            ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = base.$f.clone(); } )* };
        }
        keep_first!(
            length,
            min_length,
            max_length,
            total_digits,
            fraction_digits,
            min_inclusive,
            max_inclusive,
            min_exclusive,
            max_exclusive
        );
        if self.union.is_empty() {
            self.union = base.union.clone();
        }
        for p in &base.patterns {
            if !self.patterns.contains(p) {
                self.patterns.push(p.clone());
            }
        }
    }
}

#[cfg(test)]
mod secret_names {
    use super::looks_secret;

    #[test]
    fn passwords_and_security_codes_are_secret_and_ordinary_names_are_not() {
        for name in
            ["password", "Password", "newPassword", "userPasswd", "cvx", "CVV2", "cvc", "pin", "CardSecurityCode"]
        {
            assert!(looks_secret(name), "{name}");
        }
        for name in ["number", "pinned", "spin", "cardType", "passage", "token", "secure3d"] {
            assert!(!looks_secret(name), "{name}");
        }
    }
}
