//! Facet validation before sending. Errors name the path and the rule, never the value.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::sync::{OnceLock, RwLock};

use regex::Regex;

use crate::xml::{AnyAttributes, AttributeWildcard, Decimal, SimpleValue};

/// XSD facets of a simple type, as generated `const`s:
/// `Facets { max_length: Some(50), ..Facets::NONE }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facets {
    /// Exact length (characters; octets for binary types).
    pub length: Option<usize>,
    /// Minimum length.
    pub min_length: Option<usize>,
    /// Maximum length.
    pub max_length: Option<usize>,
    /// Patterns in Rust `regex` syntax, already anchored; the value must match all of them.
    pub patterns: &'static [&'static str],
    /// Maximum number of significant digits.
    pub total_digits: Option<u32>,
    /// Maximum number of fraction digits.
    pub fraction_digits: Option<u32>,
    /// Inclusive lower bound (exact decimal comparison).
    pub min_inclusive: Option<&'static str>,
    /// Inclusive upper bound.
    pub max_inclusive: Option<&'static str>,
    /// Exclusive lower bound.
    pub min_exclusive: Option<&'static str>,
    /// Exclusive upper bound.
    pub max_exclusive: Option<&'static str>,
    /// Allowed values (empty: any).
    pub enumeration: &'static [&'static str],
    /// For a value of an `xsd:union` (kept as text): the member types, one of which the text must
    /// belong to (empty: not a union).
    pub union: &'static [UnionMember],
}

/// A member type of an `xsd:union`: the lexical space of a builtin (or a list of it) and the
/// member's facets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnionMember {
    /// The builtin whose lexical space the member uses.
    pub lexical: Lexical,
    /// Whitespace-separated items of `lexical`, each checked against `facets`.
    pub list: bool,
    /// The member's facets (an enumeration member's values in `enumeration`).
    pub facets: Facets,
}

/// The lexical spaces of the XSD builtins, named after the Rust types that hold them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexical {
    /// `String`: xs:string and its derived types (any text).
    String,
    /// `bool`: xs:boolean.
    Bool,
    /// `i8`: xs:byte.
    I8,
    /// `i16`: xs:short.
    I16,
    /// `i32`: xs:int.
    I32,
    /// `i64`: xs:long.
    I64,
    /// `u8`: xs:unsignedByte.
    U8,
    /// `u16`: xs:unsignedShort.
    U16,
    /// `u32`: xs:unsignedInt.
    U32,
    /// `u64`: xs:unsignedLong.
    U64,
    /// `f32`: xs:float.
    F32,
    /// `f64`: xs:double.
    F64,
    /// xs:decimal.
    Decimal,
    /// xs:integer and its unbounded derived types.
    Integer,
    /// xs:date.
    Date,
    /// xs:dateTime.
    DateTime,
    /// xs:time.
    Time,
    /// xs:duration.
    Duration,
    /// xs:gYear.
    GYear,
    /// xs:gYearMonth.
    GYearMonth,
    /// xs:gMonth.
    GMonth,
    /// xs:gMonthDay.
    GMonthDay,
    /// xs:gDay.
    GDay,
    /// xs:base64Binary.
    Base64Binary,
    /// xs:hexBinary.
    HexBinary,
    /// xs:QName (its lexical form: a prefix is not resolved here).
    QName,
}

impl Lexical {
    /// Whether `text` is a lexical form of this type.
    pub fn accepts(self, text: &str) -> bool {
        use crate::xml as x;
        fn ok<T: SimpleValue>(text: &str) -> bool {
            T::from_text(text).is_ok()
        }
        match self {
            Lexical::String => true,
            Lexical::Bool => ok::<bool>(text),
            Lexical::I8 => ok::<i8>(text),
            Lexical::I16 => ok::<i16>(text),
            Lexical::I32 => ok::<i32>(text),
            Lexical::I64 => ok::<i64>(text),
            Lexical::U8 => ok::<u8>(text),
            Lexical::U16 => ok::<u16>(text),
            Lexical::U32 => ok::<u32>(text),
            Lexical::U64 => ok::<u64>(text),
            Lexical::F32 => ok::<f32>(text),
            Lexical::F64 => ok::<f64>(text),
            Lexical::Decimal => ok::<x::Decimal>(text),
            Lexical::Integer => ok::<x::Integer>(text),
            Lexical::Date => ok::<x::Date>(text),
            Lexical::DateTime => ok::<x::DateTime>(text),
            Lexical::Time => ok::<x::Time>(text),
            Lexical::Duration => ok::<x::Duration>(text),
            Lexical::GYear => ok::<x::GYear>(text),
            Lexical::GYearMonth => ok::<x::GYearMonth>(text),
            Lexical::GMonth => ok::<x::GMonth>(text),
            Lexical::GMonthDay => ok::<x::GMonthDay>(text),
            Lexical::GDay => ok::<x::GDay>(text),
            Lexical::Base64Binary => ok::<x::Base64Binary>(text),
            Lexical::HexBinary => ok::<x::HexBinary>(text),
            Lexical::QName => ok::<x::QNameValue>(text),
        }
    }
}

impl Facets {
    /// No facets.
    pub const NONE: Facets = Facets {
        length: None,
        min_length: None,
        max_length: None,
        patterns: &[],
        total_digits: None,
        fraction_digits: None,
        min_inclusive: None,
        max_inclusive: None,
        min_exclusive: None,
        max_exclusive: None,
        enumeration: &[],
        union: &[],
    };
}

impl Default for Facets {
    fn default() -> Self {
        Facets::NONE
    }
}

/// One validation failure: where and which rule (never the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Path like `payment.amount` or `details[3].ref`.
    pub path: String,
    /// The rule broken, e.g. `13 characters, more than maxLength 12`.
    pub rule: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.rule)
    }
}

impl std::error::Error for ValidationError {}

/// All validation failures of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} validation error(s)", self.0.len())?;
        for e in &self.0 {
            write!(f, "; {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A value that can check itself against its schema.
pub trait Validate {
    /// Reports every failure to `v`.
    fn validate(&self, v: &mut Validator);
}

/// Collects validation errors while walking a value, tracking the path.
#[derive(Debug)]
pub struct Validator {
    path: String,
    errors: Vec<ValidationError>,
}

/// Compiled patterns, once per process.
fn pattern(p: &'static str) -> Option<Regex> {
    static CACHE: OnceLock<RwLock<HashMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(r) = cache.read().ok().and_then(|m| m.get(p).cloned()) {
        return r;
    }
    let compiled = Regex::new(p).ok();
    if let Ok(mut m) = cache.write() {
        m.insert(p, compiled.clone());
    }
    compiled
}

/// Compares `value` and `bound` exactly: as decimals when both are decimals, otherwise
/// lexically when they have the same length (same-format dates and times).
fn compare(value: &str, bound: &str) -> Option<Ordering> {
    match (Decimal::new(value), Decimal::new(bound)) {
        (Ok(a), Ok(b)) => Some(a.cmp_value(&b)),
        _ if value.len() == bound.len() => Some(value.cmp(bound)),
        _ => None,
    }
}

impl Validator {
    /// A validator whose paths start at `root`.
    pub fn new(root: &str) -> Self {
        Validator { path: root.to_owned(), errors: Vec::new() }
    }

    fn push(&mut self, name: &str) -> usize {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        len
    }

    fn push_index(&mut self, i: usize) {
        use fmt::Write as _;
        let _ = write!(self.path, "[{i}]");
    }

    fn error(&mut self, rule: String) {
        self.errors.push(ValidationError { path: self.path.clone(), rule });
    }

    /// Adds a failure of a custom rule at `name`.
    pub fn custom(&mut self, name: &'static str, rule: String) {
        let mark = self.push(name);
        self.error(rule);
        self.path.truncate(mark);
    }

    /// Adds a failure at the current path (a value that cannot be checked at all).
    pub fn refuse(&mut self, rule: String) {
        self.error(rule);
    }

    /// Checks a simple value against `facets` (and that an enumeration value is known).
    pub fn simple<T: SimpleValue>(&mut self, name: &'static str, value: &T, facets: &Facets) {
        let mark = self.push(name);
        self.check_simple(value, facets);
        self.path.truncate(mark);
    }

    /// Checks each value of a list, paths indexed `name[i]`.
    pub fn simple_list<'v, T: SimpleValue + 'v>(
        &mut self,
        name: &'static str,
        values: impl IntoIterator<Item = &'v T>,
        facets: &Facets,
    ) {
        let mark = self.push(name);
        let base = self.path.len();
        for (i, v) in values.into_iter().enumerate() {
            self.push_index(i);
            self.check_simple(v, facets);
            self.path.truncate(base);
        }
        self.path.truncate(mark);
    }

    /// Validates a nested complex value.
    pub fn complex<T: Validate>(&mut self, name: &'static str, value: &T) {
        let mark = self.push(name);
        value.validate(self);
        self.path.truncate(mark);
    }

    /// Validates each nested complex value, paths indexed `name[i]`.
    pub fn complex_list<'v, T: Validate + 'v>(&mut self, name: &'static str, values: impl IntoIterator<Item = &'v T>) {
        let mark = self.push(name);
        let base = self.path.len();
        for (i, v) in values.into_iter().enumerate() {
            self.push_index(i);
            v.validate(self);
            self.path.truncate(base);
        }
        self.path.truncate(mark);
    }

    /// Checks an occurrence count against minOccurs / maxOccurs (`None`: unbounded).
    pub fn occurs(&mut self, name: &'static str, count: usize, min: u32, max: Option<u32>) {
        let mark = self.push(name);
        if count < min as usize {
            self.error(format!("{count} occurrence(s), fewer than minOccurs {min}"));
        }
        if let Some(max) = max.filter(|&m| count > m as usize) {
            self.error(format!("{count} occurrence(s), more than maxOccurs {max}"));
        }
        self.path.truncate(mark);
    }

    /// Checks the attributes an attribute wildcard holds (paths `name[i]`): namespaces the
    /// wildcard allows, no declared attribute's name, no name twice.
    pub fn any_attributes(&mut self, name: &'static str, attrs: &AnyAttributes, wildcard: &AttributeWildcard) {
        let mark = self.push(name);
        let base = self.path.len();
        for (i, rule) in wildcard.check(attrs) {
            self.push_index(i);
            self.error(rule);
            self.path.truncate(base);
        }
        self.path.truncate(mark);
    }

    fn check_simple<T: SimpleValue>(&mut self, value: &T, f: &Facets) {
        if !value.is_known() {
            self.error("not one of the enumerated values".into());
            return;
        }
        let text = value.to_text();
        let (len, unit) = match value.facet_length() {
            Some(n) => (n, "octets"),
            None => (text.chars().count(), "characters"),
        };
        self.check_text(&text, len, unit, f);
        if !f.union.is_empty() && !f.union.iter().any(|m| in_member(&text, m)) {
            self.error("not a value of any member type of the union".into());
        }
    }

    /// Checks the facets of a value's text, `len` long in `unit`s.
    fn check_text(&mut self, text: &str, len: usize, unit: &str, f: &Facets) {
        if let Some(n) = f.length.filter(|&n| len != n) {
            self.error(format!("{len} {unit}, length must be {n}"));
        }
        if let Some(n) = f.min_length.filter(|&n| len < n) {
            self.error(format!("{len} {unit}, fewer than minLength {n}"));
        }
        if let Some(n) = f.max_length.filter(|&n| len > n) {
            self.error(format!("{len} {unit}, more than maxLength {n}"));
        }
        for &p in f.patterns {
            match pattern(p) {
                Some(re) if re.is_match(text) => {}
                Some(_) => self.error(format!("does not match the pattern {p}")),
                None => self.error(format!("pattern {p} cannot be compiled")),
            }
        }
        if !f.enumeration.is_empty() && !f.enumeration.contains(&text) {
            self.error("not one of the enumerated values".into());
        }
        if f.total_digits.is_some() || f.fraction_digits.is_some() {
            match Decimal::new(text) {
                Ok(d) => {
                    let (total, fraction) = d.digits();
                    if let Some(n) = f.total_digits.filter(|&n| total > n as usize) {
                        self.error(format!("{total} digits, more than totalDigits {n}"));
                    }
                    if let Some(n) = f.fraction_digits.filter(|&n| fraction > n as usize) {
                        self.error(format!("{fraction} fraction digits, more than fractionDigits {n}"));
                    }
                }
                Err(_) => self.error("not a decimal number, as totalDigits/fractionDigits require".into()),
            }
        }
        type Bound = (Option<&'static str>, &'static str, fn(Ordering) -> bool);
        let bounds: [Bound; 4] = [
            (f.min_inclusive, "less than minInclusive", |o| o == Ordering::Less),
            (f.max_inclusive, "more than maxInclusive", |o| o == Ordering::Greater),
            (f.min_exclusive, "not more than minExclusive", |o| o != Ordering::Greater),
            (f.max_exclusive, "not less than maxExclusive", |o| o != Ordering::Less),
        ];
        for (bound, what, broken) in bounds {
            let Some(bound) = bound else { continue };
            match compare(text, bound) {
                Some(o) if broken(o) => self.error(format!("{what} {bound}")),
                Some(_) => {}
                None => self.error(format!("cannot be compared with the bound {bound}")),
            }
        }
    }

    /// True when no error was recorded so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// All errors, or `Ok`.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() { Ok(()) } else { Err(ValidationErrors(self.errors)) }
    }
}

/// Whether `text` is a value of the union member `m`: in its lexical space, within its facets.
fn in_member(text: &str, m: &UnionMember) -> bool {
    let meets = |item: &str| {
        let mut scratch = Validator::new("");
        let len = match m.lexical {
            Lexical::Base64Binary => crate::xml::Base64Binary::from_text(item).map(|b| b.0.len()),
            Lexical::HexBinary => crate::xml::HexBinary::from_text(item).map(|b| b.0.len()),
            _ => Ok(item.chars().count()),
        };
        let Ok(len) = len else { return false };
        m.lexical.accepts(item) && {
            scratch.check_text(item, len, "", &m.facets);
            scratch.errors.is_empty()
        }
    };
    if m.list { text.split_ascii_whitespace().all(meets) } else { meets(text) }
}

/// Validates `value` with paths starting at `root`.
pub fn validate<T: Validate>(root: &str, value: &T) -> Result<(), ValidationErrors> {
    let mut v = Validator::new(root);
    value.validate(&mut v);
    v.finish()
}
