//! Scalar values for the samples: text cut or repeated to length facets, binary octets, decimal
//! numbers within bounds and digits (compared exactly, as lexical forms), and XML escaping.

use codegen::model::Facets;

/// `base` repeated or cut to satisfy length facets (counted in characters).
pub(super) fn sized(base: &str, f: &Facets) -> String {
    let len = base.chars().count() as u64;
    let want = match f.length {
        Some(n) => n,
        None => len.max(f.min_length.unwrap_or(0)).min(f.max_length.unwrap_or(u64::MAX)),
    };
    base.chars().cycle().take(usize::try_from(want).unwrap_or(0)).collect::<String>().trim_end().to_string()
        + &"x".repeat(trailing_spaces(base, want))
}

/// Cutting may leave trailing spaces (collapsed away by token types): those positions get `x`.
pub(super) fn trailing_spaces(base: &str, want: u64) -> usize {
    let cut: String = base.chars().cycle().take(usize::try_from(want).unwrap_or(0)).collect();
    cut.len() - cut.trim_end().len()
}

/// Octets for a binary value, as many as the length facets ask.
pub(super) fn octets(f: &Facets, default: u64) -> Vec<u8> {
    let n = f.length.unwrap_or(default.max(f.min_length.unwrap_or(0)).min(f.max_length.unwrap_or(u64::MAX)));
    (0..n).map(|i| (i as u8).wrapping_mul(37).wrapping_add(200)).collect()
}

pub(super) fn base64(bytes: Vec<u8>) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A decimal number (lexical, exact) within the type's range and the facets: `preferred` if it
/// fits, else a bound or a neighbour of one.
pub(super) fn number(
    f: &Facets,
    type_min: Option<&str>,
    type_max: Option<&str>,
    preferred: &str,
) -> Result<String, String> {
    let mut candidates = vec![preferred.to_string(), "1".into(), "0".into(), "-1".into()];
    for b in [&f.min_inclusive, &f.max_inclusive].into_iter().flatten() {
        candidates.push(b.clone());
    }
    for b in [&f.min_exclusive, &f.max_exclusive].into_iter().flatten() {
        if let Ok(n) = b.split('.').next().unwrap_or("").parse::<i128>() {
            candidates.extend([(n - 1).to_string(), (n + 1).to_string(), (n + 2).to_string()]);
        }
    }
    candidates.extend(type_min.map(str::to_string));
    candidates.extend(type_max.map(str::to_string));
    let fits = |v: &str| {
        let ge = |b: &Option<String>| b.as_deref().is_none_or(|b| cmp(v, b).is_ge());
        let le = |b: &Option<String>| b.as_deref().is_none_or(|b| cmp(v, b).is_le());
        let gt = |b: &Option<String>| b.as_deref().is_none_or(|b| cmp(v, b).is_gt());
        let lt = |b: &Option<String>| b.as_deref().is_none_or(|b| cmp(v, b).is_lt());
        let (int, frac) = digits(v);
        ge(&f.min_inclusive)
            && le(&f.max_inclusive)
            && gt(&f.min_exclusive)
            && lt(&f.max_exclusive)
            && type_min.is_none_or(|m| cmp(v, m).is_ge())
            && type_max.is_none_or(|m| cmp(v, m).is_le())
            && f.total_digits.is_none_or(|t| (int.len() + frac.len()) as u32 <= t)
            && f.fraction_digits.is_none_or(|t| frac.len() as u32 <= t)
    };
    candidates.into_iter().find(|c| fits(c)).ok_or_else(|| format!("no number fits the facets {f:?}"))
}

/// Significant integer and fraction digits of a decimal lexical form.
pub(super) fn digits(v: &str) -> (String, String) {
    let v = v.trim_start_matches(['-', '+']);
    let (i, fr) = v.split_once('.').unwrap_or((v, ""));
    (i.trim_start_matches('0').to_string(), fr.trim_end_matches('0').to_string())
}

/// Compares two decimal lexical forms exactly.
pub(super) fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let neg = |s: &str| s.starts_with('-');
    let (ia, fa) = digits(a);
    let (ib, fb) = digits(b);
    let zero = |i: &str, f: &str| i.is_empty() && f.is_empty();
    let (na, nb) = (neg(a) && !zero(&ia, &fa), neg(b) && !zero(&ib, &fb));
    let magnitude = ia.len().cmp(&ib.len()).then_with(|| ia.cmp(&ib)).then_with(|| {
        let w = fa.len().max(fb.len());
        format!("{fa:0<w$}").cmp(&format!("{fb:0<w$}"))
    });
    match (na, nb) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
    }
}

/// XML text/attribute escaping.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_respect_bounds_and_digits() {
        let f = Facets { min_inclusive: Some("10".into()), max_inclusive: Some("99".into()), ..Facets::default() };
        assert_eq!(number(&f, None, None, "1").as_deref(), Ok("10"));
        let f = Facets { min_exclusive: Some("0".into()), total_digits: Some(2), ..Facets::default() };
        assert_eq!(number(&f, None, None, "1234.5").as_deref(), Ok("1"));
        assert_eq!(number(&Facets::default(), Some("0"), Some("255"), "-1").as_deref(), Ok("1"));
        assert!(cmp("-0.5", "0").is_lt());
        assert!(cmp("10.01", "10.1").is_lt());
    }

    #[test]
    fn strings_respect_lengths() {
        let f = Facets { length: Some(3), ..Facets::default() };
        assert_eq!(sized("text", &f), "tex");
        let f = Facets { min_length: Some(6), ..Facets::default() };
        assert_eq!(sized("text", &f), "textte");
        let f = Facets { max_length: Some(4), ..Facets::default() };
        assert_eq!(sized("A&B <c>", &f), "A&Bx");
    }
}
