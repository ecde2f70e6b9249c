//! Argument tables (TOML, see `specs/TABLES.md`) → the language-neutral [`model`](crate::model).
//!
//! Providers of JSON services often publish only tables: argument, description, "Type - Taille",
//! mandatory. A table file transcribes them as written (descriptions in the provider's language)
//! and adds what the wire needs: HTTP method and path, auth, how a value goes in the JSON when it
//! differs from its logical type, enumeration meanings, the answer's envelope and error codes.
//!
//! The model gets one JSON [`Port`], one [`Operation`] per table with `http: Some(..)`, a request
//! and a response structure per operation (fields in table order, facets from sizes), and
//! enumerations for value lists and for the error codes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{
    Builtin, ComplexType, Encoding, EnumType, EnumValue, Facets, Field, HttpBinding, JsonEnvelope, Message, Operation,
    Part, PartContent, Port, Protocol, QName, Service, Style, TypeDef, TypeKind, TypeRef, Use,
};

const HINT: &str = "see specs/TABLES.md for the argument table format";

/// A table file as written (kept public so tests can compare a transcription with its source).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Name of the API (the service name).
    pub title: String,
    /// What the API is, in a few sentences.
    pub docs: Option<String>,
    /// Language of the descriptions (`fr`, `en`...): kept as the provider wrote them.
    pub language: Option<String>,
    /// Default auth of the operations.
    #[serde(default)]
    pub auth: AuthKind,
    /// How every answer says success or failure.
    pub envelope: Option<EnvelopeSpec>,
    /// The error code table.
    #[serde(default)]
    pub error: Vec<Spanned<ErrorSpec>>,
    /// The operations, in the provider's order.
    #[serde(default)]
    pub operation: Vec<Spanned<OperationSpec>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthKind {
    /// The client's HTTP Basic credentials are sent.
    #[default]
    Basic,
    /// Nothing is sent.
    None,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeSpec {
    /// Boolean member: `true` success, `false` failure.
    pub success: String,
    /// Member holding the error code on failure.
    pub code: String,
    /// Name of the error code enumeration (default `error_code`).
    pub codes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    pub code: String,
    /// Variant name (English, PascalCase or snake_case); default: from the code.
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    pub name: String,
    pub method: HttpMethod,
    /// Path relative to the service's base URL.
    pub path: String,
    pub description: Option<String>,
    /// Overrides the table's default auth.
    pub auth: Option<AuthKind>,
    #[serde(default)]
    pub argument: Vec<Spanned<ArgumentSpec>>,
    /// Members of a successful answer (besides the envelope).
    #[serde(default)]
    pub result: Vec<Spanned<ArgumentSpec>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum HttpMethod {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
}

/// One line of an argument (or result) table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArgumentSpec {
    pub name: String,
    /// The provider's description, in its language.
    pub description: Option<String>,
    /// Logical type, as the provider's table gives it.
    #[serde(rename = "type")]
    pub ty: LogicalType,
    /// "Taille": maximum length of a string, maximum number of digits of a number.
    pub size: Option<u32>,
    #[serde(default)]
    pub mandatory: bool,
    /// A secret (password, card data): redacted in `Debug` output. Names that look secret
    /// ([`crate::model::looks_secret`]) are redacted without it.
    #[serde(default)]
    pub sensitive: bool,
    /// How the value goes in the JSON, when it differs from the logical type's default.
    pub wire: Option<Wire>,
    /// A refinement of a string's values.
    pub format: Option<Format>,
    /// Name of the enumeration of `values` (default: the argument's name); arguments giving the
    /// same name share one enumeration and must list the same values.
    #[serde(rename = "enum")]
    pub enum_name: Option<String>,
    /// The allowed values, with their meanings.
    #[serde(default)]
    pub values: Vec<ValueSpec>,
    /// Our remark (English) on how the provider's line was read.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogicalType {
    String,
    Integer,
    Decimal,
    Boolean,
    /// Any JSON value, kept as is (undocumented structures).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wire {
    String,
    Number,
    Boolean,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Only the digits 0-9.
    Digits,
    /// An absolute http(s) URL.
    Url,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSpec {
    /// The value as it goes on the wire.
    pub value: String,
    /// Variant name (English).
    pub name: Option<String>,
    /// Its meaning, in the provider's language.
    pub description: Option<String>,
}

impl LogicalType {
    fn default_wire(self) -> Wire {
        match self {
            LogicalType::String | LogicalType::Json => Wire::String,
            LogicalType::Integer | LogicalType::Decimal => Wire::Number,
            LogicalType::Boolean => Wire::Boolean,
        }
    }
    /// The provider's spelling, for docs.
    pub fn label(self) -> &'static str {
        match self {
            LogicalType::String => "String",
            LogicalType::Integer => "Integer",
            LogicalType::Decimal => "Decimal",
            LogicalType::Boolean => "Boolean",
            LogicalType::Json => "JSON",
        }
    }
}

/// Byte offset → span.
struct Locator {
    file: Arc<str>,
    line_starts: Vec<usize>,
    text_len: usize,
}

impl Locator {
    fn new(file: Arc<str>, text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator { file, line_starts, text_len: text.len() }
    }
    fn span(&self, text: &str, offset: usize) -> Span {
        let offset = offset.min(self.text_len);
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Span::new(self.file.clone(), line as u32, col as u32)
    }
}

/// Reads and checks the table file at `path` into the model.
pub fn load_table(path: &Path) -> Result<Service, Diagnostics> {
    let file: Arc<str> = path.display().to_string().into();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::new(Span::new(file, 1, 1), format!("cannot read argument table: {e}")))?;
    parse_table(&text, path)
}

/// Parses table text (syntax and shape only), errors located in `path`.
pub fn read_table(text: &str, path: &Path) -> Result<Table, Diagnostic> {
    let loc = Locator::new(path.display().to_string().into(), text);
    toml::from_str(text).map_err(|e| {
        let span = loc.span(text, e.span().map_or(0, |r| r.start));
        Diagnostic::new(span, format!("invalid argument table: {}", e.message().trim())).with_hint(HINT)
    })
}

/// Parses and checks table text into the model.
pub fn parse_table(text: &str, path: &Path) -> Result<Service, Diagnostics> {
    let table = read_table(text, path)?;
    let loc = Locator::new(path.display().to_string().into(), text);
    Builder { text, loc: &loc, types: BTreeMap::new(), errors: Vec::new() }.build(&table)
}

struct Builder<'a> {
    text: &'a str,
    loc: &'a Locator,
    types: BTreeMap<QName, TypeDef>,
    errors: Vec<Diagnostic>,
}

fn err(span: &Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(span.clone(), message).with_hint(HINT)
}

fn is_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Builder<'_> {
    fn at<T>(&self, s: &Spanned<T>) -> Span {
        self.loc.span(self.text, s.span().start)
    }

    fn build(mut self, table: &Table) -> Result<Service, Diagnostics> {
        let file_span = self.loc.span(self.text, 0);
        let codes = self.error_codes(table, &file_span);
        let mut operations = Vec::new();
        let mut seen = BTreeSet::new();
        for op in &table.operation {
            let span = self.at(op);
            if !seen.insert(op.get_ref().name.clone()) {
                self.errors.push(err(&span, format!("operation `{}` is defined twice", op.get_ref().name)));
                continue;
            }
            if let Some(o) = self.operation(table, op.get_ref(), &span, codes.as_ref()) {
                operations.push(o);
            }
        }
        if operations.is_empty() && self.errors.is_empty() {
            self.errors.push(err(&file_span, "the table defines no operation"));
        }
        if !self.errors.is_empty() {
            return Err(Diagnostics(self.errors));
        }
        let port = Port {
            name: "json".into(),
            binding: table.title.clone(),
            protocol: Protocol::Json,
            address: None,
            operations,
            span: file_span,
        };
        Ok(Service {
            name: table.title.clone(),
            docs: table.docs.clone(),
            ports: vec![port],
            types: self.types,
            elements: BTreeMap::new(),
        })
    }

    /// The error code enumeration and the envelope, when the table has an envelope.
    fn error_codes(&mut self, table: &Table, file_span: &Span) -> Option<JsonEnvelope> {
        let Some(env) = &table.envelope else {
            if let Some(first) = table.error.first() {
                let span = self.at(first);
                self.errors.push(err(&span, "error codes need an [envelope] saying where the code is"));
            }
            return None;
        };
        let name = env.codes.clone().unwrap_or_else(|| "error_code".into());
        let mut values = Vec::new();
        let mut seen = BTreeSet::new();
        for e in &table.error {
            let span = self.at(e);
            let e = e.get_ref();
            if e.code.is_empty() || !seen.insert(e.code.clone()) {
                self.errors.push(err(&span, format!("error code `{}` is empty or listed twice", e.code)));
                continue;
            }
            values.push(EnumValue { value: e.code.clone(), docs: e.description.clone(), name_hint: e.name.clone() });
        }
        let q = QName::new("", name);
        let docs = format!(
            "Error codes: the `{}` member of an answer whose `{}` is false. A code not listed here is kept in `Unknown`.",
            env.code, env.success
        );
        let def = TypeDef {
            name: q.clone(),
            docs: Some(docs),
            kind: TypeKind::Enum(EnumType { base: TypeRef::Builtin(Builtin::String), values }),
            span: file_span.clone(),
        };
        self.types.insert(q.clone(), def);
        Some(JsonEnvelope { success: env.success.clone(), code: env.code.clone(), codes: q })
    }

    fn operation(
        &mut self,
        table: &Table,
        op: &OperationSpec,
        span: &Span,
        envelope: Option<&JsonEnvelope>,
    ) -> Option<Operation> {
        if !is_identifier(&op.name) {
            self.errors.push(err(span, format!("operation name `{}` is not an identifier", op.name)));
            return None;
        }
        let path_ok = !op.path.trim_matches('/').is_empty()
            && op.path.chars().all(|c| c.is_ascii_alphanumeric() || "-._~/".contains(c));
        if !path_ok {
            self.errors.push(err(
                span,
                format!("operation `{}`: path `{}` is empty or not a plain URL path", op.name, op.path),
            ));
            return None;
        }
        let method = match op.method {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        };
        let request = QName::new("", format!("{}_request", op.name));
        let response = QName::new("", format!("{}_response", op.name));
        let reserved: Vec<&str> = envelope.map(|e| vec![e.success.as_str(), e.code.as_str()]).unwrap_or_default();
        let where_ = match op.method {
            HttpMethod::Get => "query string",
            HttpMethod::Post => "JSON object body",
        };
        let req_docs = format!(
            "{}Arguments of `{}` (`{method} {}`), sent as a {where_}, in the table's order, only the set ones.",
            op.description.as_deref().map(|d| format!("{d}\n\n")).unwrap_or_default(),
            op.name,
            op.path
        );
        self.structure(&request, req_docs, &op.argument, span, &[]);
        let resp_docs = format!("A successful answer of `{}`.", op.name);
        self.structure(&response, resp_docs, &op.result, span, &reserved);
        let part =
            |name: &str, q: &QName| Part { name: name.into(), content: PartContent::Type(TypeRef::Named(q.clone())) };
        let auth = op.auth.unwrap_or(table.auth) == AuthKind::Basic;
        Some(Operation {
            name: op.name.clone(),
            docs: op.description.clone(),
            soap_action: String::new(),
            style: Style::Document,
            use_: Use::Literal,
            input: Some(Message {
                name: request.local.clone(),
                parts: vec![part("arguments", &request)],
                namespace: None,
            }),
            output: Some(Message {
                name: response.local.clone(),
                parts: vec![part("result", &response)],
                namespace: None,
            }),
            faults: Vec::new(),
            headers: Vec::new(),
            http: Some(HttpBinding { method: method.into(), path: op.path.clone(), auth, envelope: envelope.cloned() }),
            span: span.clone(),
        })
    }

    fn structure(&mut self, q: &QName, docs: String, lines: &[Spanned<ArgumentSpec>], span: &Span, reserved: &[&str]) {
        if self.types.contains_key(q) {
            self.errors.push(err(span, format!("the type name `{}` is used twice", q.local)));
            return;
        }
        let mut fields = Vec::new();
        let mut seen = BTreeSet::new();
        for line in lines {
            let at = self.at(line);
            let a = line.get_ref();
            if a.name.is_empty() || a.name.chars().any(|c| c.is_control() || c == '"') {
                self.errors.push(err(&at, format!("argument name {:?} is empty or has control characters", a.name)));
                continue;
            }
            if !seen.insert(a.name.clone()) || reserved.contains(&a.name.as_str()) {
                self.errors.push(err(&at, format!("`{}` is listed twice (or is an envelope member)", a.name)));
                continue;
            }
            if let Some(f) = self.field(a, &at) {
                fields.push(f);
            }
        }
        let kind = TypeKind::Complex(ComplexType {
            base: None,
            is_abstract: false,
            anonymous: false,
            fields,
            attributes: Vec::new(),
            any_attribute: None,
            text: None,
            mixed: false,
            choices: Vec::new(),
            inline: None,
            encoding: Encoding::Literal,
        });
        self.types.insert(q.clone(), TypeDef { name: q.clone(), docs: Some(docs), kind, span: span.clone() });
    }

    fn field(&mut self, a: &ArgumentSpec, at: &Span) -> Option<Field> {
        let wire = a.wire.unwrap_or(a.ty.default_wire());
        let mut facets = Facets::default();
        let bad = |m: String| Some(err(at, format!("`{}`: {m}", a.name)));
        let problem = match (a.ty, wire, a.format) {
            (LogicalType::Boolean, w, _) if w != Wire::Boolean => bad("a boolean goes on the wire as a boolean".into()),
            (LogicalType::String, w, _) if w != Wire::String => bad("a string goes on the wire as a string".into()),
            (LogicalType::Json, w, _) if w != Wire::String => bad("`wire` means nothing for type json".into()),
            (LogicalType::Integer | LogicalType::Decimal, Wire::Boolean, _) => {
                bad("a number cannot go on the wire as a boolean".into())
            }
            (t, _, Some(f)) if t != LogicalType::String => bad(format!("format {f:?} applies to strings only")),
            (LogicalType::Boolean | LogicalType::Json, _, _) if a.size.is_some() => {
                bad("a size means nothing here".into())
            }
            _ if a.size == Some(0) => bad("size 0".into()),
            _ => None,
        };
        if let Some(p) = problem {
            self.errors.push(p);
            return None;
        }
        let ty = if !a.values.is_empty() {
            TypeRef::Named(self.enumeration(a, wire, at)?)
        } else {
            match (a.ty, wire, a.format) {
                (LogicalType::String, _, Some(Format::Url)) => {
                    facets.max_length = a.size.map(u64::from);
                    TypeRef::Builtin(Builtin::AnyUri)
                }
                (LogicalType::String, _, format) => {
                    facets.max_length = a.size.map(u64::from);
                    if a.mandatory {
                        facets.min_length = Some(1);
                    }
                    if format == Some(Format::Digits) {
                        facets.patterns.push("[0-9]+".into());
                    }
                    TypeRef::Builtin(Builtin::String)
                }
                // A number the provider sends as a string: digits kept as written (leading zeros
                // of postal codes included).
                (LogicalType::Integer, Wire::String, _) => {
                    facets.max_length = a.size.map(u64::from);
                    facets.patterns.push("[0-9]+".into());
                    TypeRef::Builtin(Builtin::String)
                }
                (LogicalType::Decimal, Wire::String, _) => {
                    facets.total_digits = a.size;
                    facets.patterns.push("-?[0-9]+(\\.[0-9]+)?".into());
                    TypeRef::Builtin(Builtin::String)
                }
                (LogicalType::Integer, _, _) => {
                    facets.total_digits = a.size;
                    TypeRef::Builtin(Builtin::Integer)
                }
                (LogicalType::Decimal, _, _) => {
                    facets.total_digits = a.size;
                    TypeRef::Builtin(Builtin::Decimal)
                }
                (LogicalType::Boolean, _, _) => TypeRef::Builtin(Builtin::Boolean),
                (LogicalType::Json, _, _) => TypeRef::Builtin(Builtin::AnyType),
            }
        };
        Some(Field {
            name: QName::new("", a.name.clone()),
            ty,
            min_occurs: u32::from(a.mandatory),
            max_occurs: Some(1),
            nillable: false,
            default: None,
            fixed: None,
            element_ref: false,
            wildcard: None,
            facets,
            choice: Vec::new(),
            branch_min_occurs: u32::from(a.mandatory),
            branch_max_occurs: Some(1),
            docs: Some(field_docs(a, wire)),
            sensitive: a.sensitive || crate::model::looks_secret(&a.name),
            span: at.clone(),
        })
    }

    fn enumeration(&mut self, a: &ArgumentSpec, wire: Wire, at: &Span) -> Option<QName> {
        let q = QName::new("", a.enum_name.clone().unwrap_or_else(|| a.name.clone()));
        let mut seen = BTreeSet::new();
        for v in &a.values {
            let numeric = v.value.parse::<i64>().is_ok();
            let fits = a.size.is_none_or(|n| v.value.trim_start_matches('-').chars().count() <= n as usize);
            let problem = if !seen.insert(v.value.as_str()) {
                Some("is listed twice")
            } else if a.ty == LogicalType::Integer && !numeric {
                Some("is not an integer")
            } else if !fits {
                Some("is longer than the size")
            } else {
                None
            };
            if let Some(p) = problem {
                self.errors.push(err(at, format!("`{}`: value `{}` {p}", a.name, v.value)));
                return None;
            }
        }
        if a.ty == LogicalType::Boolean || a.ty == LogicalType::Json {
            self.errors.push(err(at, format!("`{}`: values need type string or integer", a.name)));
            return None;
        }
        let base = if wire == Wire::Number { Builtin::Integer } else { Builtin::String };
        let values = a
            .values
            .iter()
            .map(|v| EnumValue { value: v.value.clone(), docs: v.description.clone(), name_hint: v.name.clone() })
            .collect();
        let kind = TypeKind::Enum(EnumType { base: TypeRef::Builtin(base), values });
        match self.types.get(&q) {
            Some(TypeDef { kind: existing, .. }) if *existing == kind => {}
            Some(_) => {
                self.errors
                    .push(err(at, format!("`{}`: enumeration `{}` already exists with other values", a.name, q.local)));
                return None;
            }
            None => {
                let docs = format!("Values of `{}`.", a.name);
                self.types.insert(q.clone(), TypeDef { name: q.clone(), docs: Some(docs), kind, span: at.clone() });
            }
        }
        Some(q)
    }
}

/// Field docs: the provider's description, its line of the table, and how it goes on the wire.
fn field_docs(a: &ArgumentSpec, wire: Wire) -> String {
    let mut out = a.description.clone().unwrap_or_default();
    let size = a.size.map(|n| format!(" - {n}")).unwrap_or_default();
    let mandatory = if a.mandatory { "OUI" } else { "NON" }; // the provider's column
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(&format!("Table: `{}{size}`, Obligatoire: {mandatory}.", a.ty.label()));
    if wire != a.ty.default_wire() {
        let w = match wire {
            Wire::String => "a JSON string",
            Wire::Number => "a JSON number",
            Wire::Boolean => "a JSON boolean",
        };
        out.push_str(&format!(" Sent as {w}."));
    }
    if let Some(n) = &a.note {
        out.push_str(&format!("\n\n{}", n.trim()));
    }
    out
}
