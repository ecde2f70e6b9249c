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
        let text: &str = &text;
        let len = value.facet_length().unwrap_or_else(|| text.chars().count());
        let unit = if value.facet_length().is_some() { "octets" } else { "characters" };
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

/// Validates `value` with paths starting at `root`.
pub fn validate<T: Validate>(root: &str, value: &T) -> Result<(), ValidationErrors> {
    let mut v = Validator::new(root);
    value.validate(&mut v);
    v.finish()
}
