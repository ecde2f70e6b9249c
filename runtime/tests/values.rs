//! Scalars and facet validation.

use std::cmp::Ordering;

use runtime::validate::{Facets, Validate, Validator, validate};
use runtime::xml::*;

fn d(s: &str) -> Decimal {
    Decimal::new(s).unwrap()
}

#[test]
fn decimal_parse_and_compare() {
    for ok in ["0", "-0", "+1.5", "1.", ".5", "007.50", " 12.34 ", "123456789012345678901234567890.123456789"] {
        assert!(Decimal::new(ok).is_ok(), "{ok}");
    }
    for bad in ["", ".", "-", "1e5", "1.2.3", "NaN", "1,5", "+-1", "١"] {
        assert!(Decimal::new(bad).is_err(), "{bad}");
    }
    assert_eq!(d("1.50").cmp_value(&d("1.5")), Ordering::Equal);
    assert_ne!(d("1.50"), d("1.5"), "lexical form is preserved");
    assert_eq!(d("1.50").to_string(), "1.50");
    assert_eq!(d("-0").cmp_value(&d("0.000")), Ordering::Equal);
    assert_eq!(d("-1").cmp_value(&d("0")), Ordering::Less);
    assert_eq!(d("-2").cmp_value(&d("-10")), Ordering::Greater);
    assert_eq!(d("10").cmp_value(&d("9.999")), Ordering::Greater);
    assert_eq!(d("0.1").cmp_value(&d("0.09")), Ordering::Greater);
    assert_eq!(d("99999999999999999999.01").cmp_value(&d("99999999999999999999.001")), Ordering::Greater);
    assert_eq!(d("0012.3400").digits(), (4, 2));
    assert_eq!(d("0").digits(), (1, 0));
    assert_eq!(d("-0.05").parts(), (true, "0", "05"));
    assert_eq!("3.14".parse::<Decimal>().unwrap().as_str(), "3.14");
    assert_eq!(Decimal::from(42i64).as_str(), "42");
}

/// Every length around the inline limit: the lexical form is kept exactly, and a parsed value
/// equals (and hashes as) the same value made from a number.
#[test]
fn decimal_forms_of_every_length() {
    use std::hash::{BuildHasher, RandomState};
    let hasher = RandomState::new();
    for n in 1..=30usize {
        let digits: String = (0..n).map(|i| char::from(b'1' + (i % 9) as u8)).collect();
        for s in [digits.clone(), format!("-{digits}"), format!("{}.{}", &digits[..n / 2], &digits[n / 2..])] {
            let v = d(&s);
            assert_eq!(v.as_str(), s);
            assert_eq!(d(&format!(" {s}\n")), v);
        }
        if n <= 18 {
            let v = d(&digits);
            let from = Decimal::from(digits.parse::<i64>().unwrap());
            assert_eq!(v, from, "{digits}");
            assert_eq!(hasher.hash_one(&v), hasher.hash_one(&from));
        }
    }
}

#[test]
fn integer_parse_and_compare() {
    let i = Integer::new("-00123").unwrap();
    assert_eq!(i.to_i64(), Some(-123));
    assert_eq!(i.cmp_value(&Integer::new("-123").unwrap()), Ordering::Equal);
    assert!(Integer::new("1.0").is_err());
    assert!(Integer::new("").is_err());
    let big = Integer::new("123456789012345678901234567890").unwrap();
    assert_eq!(big.to_i64(), None);
    assert_eq!(big.cmp_value(&Integer::from(u64::MAX)), Ordering::Greater);
}

#[test]
fn dates_and_times() {
    let dt = DateTime::new("2024-02-29T23:59:59.123456789123+05:30").unwrap();
    assert_eq!((dt.year(), dt.month(), dt.day()), (2024, 2, 29));
    assert_eq!((dt.hour(), dt.minute(), dt.second(), dt.nanosecond()), (23, 59, 59, 123_456_789));
    assert_eq!(dt.offset_minutes(), Some(330));
    assert_eq!(dt.as_str(), "2024-02-29T23:59:59.123456789123+05:30");
    assert!(DateTime::new("2024-01-01T24:00:00Z").is_ok());
    for bad in [
        "2023-02-29T00:00:00",
        "2024-13-01T00:00:00",
        "2024-01-01T24:00:01",
        "2024-01-01 00:00:00",
        "0000-01-01T00:00:00",
        "2024-01-01T00:00:00+15:00",
        "2024-01-01T00:60:00",
        "24-01-01T00:00:00",
        "2024-01-01T00:00:00.",
    ] {
        assert!(DateTime::new(bad).is_err(), "{bad}");
    }
    let date = Date::new("-0044-03-15Z").unwrap();
    assert_eq!((date.year(), date.month(), date.day(), date.offset_minutes()), (-44, 3, 15, Some(0)));
    assert!(Date::new("2100-02-29").is_err());
    assert!(Date::new("2000-02-29").is_ok());
    assert!(Date::new("12024-01-01").is_ok());
    assert!(Date::new("02024-01-01").is_err());
    assert!(Date::new("2024-04-31").is_err());
    let t = Time::new("13:20:00-05:00").unwrap();
    assert_eq!((t.hour(), t.minute(), t.offset_minutes()), (13, 20, Some(-300)));
    assert_eq!(GYear::new("2024").unwrap().year(), 2024);
    assert_eq!(GYearMonth::new("2024-12Z").unwrap().month(), 12);
    assert_eq!(GMonth::new("--11").unwrap().month(), 11);
    assert!(GMonthDay::new("--02-29").is_ok());
    assert!(GMonthDay::new("--04-31").is_err());
    assert_eq!(GDay::new("---31").unwrap().day(), 31);
    assert!(GDay::new("---32").is_err());
    let dur = Duration::new("-P1Y2M3DT4H5M6.5S").unwrap();
    assert!(dur.is_negative());
    assert_eq!((dur.years(), dur.months(), dur.days(), dur.hours(), dur.minutes(), dur.seconds()), (1, 2, 3, 4, 5, 6));
    assert_eq!(dur.nanosecond(), 500_000_000);
    for bad in ["P", "PT", "P1H", "PT1D", "P1M1Y", "1Y", "P1.5Y", "P-1D"] {
        assert!(Duration::new(bad).is_err(), "{bad}");
    }
    assert!(Duration::new("PT0S").is_ok());
    assert_eq!(Duration::default().as_str(), "PT0S");
}

#[test]
fn primitives_and_binary() {
    assert!(bool::from_text(" 1 ").unwrap());
    assert!(!bool::from_text("false").unwrap());
    assert!(bool::from_text("TRUE").is_err());
    assert_eq!(i32::from_text(" +42\n").unwrap(), 42);
    assert!(u8::from_text("256").is_err());
    assert!(f64::from_text("INF").unwrap().is_infinite());
    assert!(f64::from_text("NaN").unwrap().is_nan());
    assert!(f64::from_text("inf").is_err());
    assert!(f64::from_text("infinity").is_err());
    assert_eq!(f64::from_text("1.5E3").unwrap(), 1500.0);
    assert_eq!(f64::NEG_INFINITY.to_text(), "-INF");
    let b = Base64Binary::new("aGVs\nbG8=").unwrap();
    assert_eq!(b.as_bytes(), b"hello");
    assert_eq!(b.to_text(), "aGVsbG8=");
    assert!(Base64Binary::new("a").is_err());
    let h = HexBinary::new("0aFf").unwrap();
    assert_eq!(h.as_bytes(), &[0x0a, 0xff]);
    assert_eq!(h.to_string(), "0AFF");
    assert!(HexBinary::new("abc").is_err());
}

/// A generated-style enumeration with an Unknown variant.
#[derive(Debug, Clone, Default, PartialEq)]
enum Brand {
    #[default]
    Visa,
    Unknown(String),
}

impl SimpleValue for Brand {
    fn to_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Brand::Visa => "VISA".into(),
            Brand::Unknown(s) => s.as_str().into(),
        }
    }
    fn from_text(text: &str) -> Result<Self, ValueError> {
        Ok(match text {
            "VISA" => Brand::Visa,
            other => Brand::Unknown(other.to_owned()),
        })
    }
    fn is_known(&self) -> bool {
        !matches!(self, Brand::Unknown(_))
    }
}

struct Card {
    number: String,
    holder: String,
    amount: Decimal,
    brand: Brand,
    country: String,
    codes: Vec<String>,
}

impl Validate for Card {
    fn validate(&self, v: &mut Validator) {
        const NUMBER: Facets = Facets { patterns: &["^(?:[0-9]{16})$"], length: Some(16), ..Facets::NONE };
        const HOLDER: Facets = Facets { max_length: Some(5), ..Facets::NONE };
        const AMOUNT: Facets = Facets {
            total_digits: Some(5),
            fraction_digits: Some(2),
            min_inclusive: Some("0.01"),
            max_inclusive: Some("999.99"),
            ..Facets::NONE
        };
        const COUNTRY: Facets = Facets { enumeration: &["DE", "FR"], ..Facets::NONE };
        const CODE: Facets = Facets { min_length: Some(2), ..Facets::NONE };
        v.simple("number", &self.number, &NUMBER);
        v.simple("holder", &self.holder, &HOLDER);
        v.simple("amount", &self.amount, &AMOUNT);
        v.simple("brand", &self.brand, &Facets::NONE);
        v.simple("country", &self.country, &COUNTRY);
        v.occurs("code", self.codes.len(), 1, Some(2));
        v.simple_list("code", &self.codes, &CODE);
    }
}

#[test]
fn facets() {
    let good = Card {
        number: "4111111111111111".into(),
        holder: "Zoë Ä".into(), // 5 characters, 7 bytes
        amount: d("999.990"),
        brand: Brand::Visa,
        country: "DE".into(),
        codes: vec!["ab".into()],
    };
    assert_eq!(validate("card", &good), Ok(()));

    let bad = Card {
        number: "4111 1111 1111 11".into(),
        holder: "Zoë Äx".into(),
        amount: d("1000.001"),
        brand: Brand::Unknown("AMEX".into()),
        country: "IT".into(),
        codes: vec!["a".into(), "bc".into(), "d".into()],
    };
    let errs = validate("card", &bad).unwrap_err();
    let lines: Vec<String> = errs.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "card.number: 17 characters, length must be 16",
            "card.number: does not match the pattern ^(?:[0-9]{16})$",
            "card.holder: 6 characters, more than maxLength 5",
            "card.amount: 7 digits, more than totalDigits 5",
            "card.amount: 3 fraction digits, more than fractionDigits 2",
            "card.amount: more than maxInclusive 999.99",
            "card.brand: not one of the enumerated values",
            "card.country: not one of the enumerated values",
            "card.code: 3 occurrence(s), more than maxOccurs 2",
            "card.code[0]: 1 characters, fewer than minLength 2",
            "card.code[2]: 1 characters, fewer than minLength 2",
        ]
    );
    let all = errs.to_string();
    for secret in ["4111", "Zoë", "AMEX", "IT", "1000.001"] {
        assert!(!all.contains(secret), "{secret} leaked into {all}");
    }
    let zero = Card { amount: d("0.00"), ..good };
    let errs = validate("card", &zero).unwrap_err();
    assert_eq!(errs.0[0].to_string(), "card.amount: less than minInclusive 0.01");
}

#[test]
fn exclusive_bounds_and_custom() {
    struct V(Decimal);
    impl Validate for V {
        fn validate(&self, v: &mut Validator) {
            const F: Facets = Facets { min_exclusive: Some("0"), max_exclusive: Some("10"), ..Facets::NONE };
            v.simple("x", &self.0, &F);
        }
    }
    assert!(validate("v", &V(d("0.0001"))).is_ok());
    assert!(validate("v", &V(d("0.000"))).is_err());
    assert!(validate("v", &V(d("10"))).is_err());
    let mut v = Validator::new("root");
    v.custom("choice", "exactly one of a, b must be set".into());
    assert_eq!(
        v.finish().unwrap_err().to_string(),
        "1 validation error(s); root.choice: exactly one of a, b must be set"
    );
}

#[test]
fn base64_length_counts_octets() {
    struct B(Base64Binary);
    impl Validate for B {
        fn validate(&self, v: &mut Validator) {
            v.simple("b", &self.0, &Facets { max_length: Some(4), ..Facets::NONE });
        }
    }
    assert!(validate("r", &B(Base64Binary(vec![1, 2, 3, 4]))).is_ok());
    assert_eq!(validate("r", &B(Base64Binary(vec![0; 5]))).unwrap_err().0[0].rule, "5 octets, more than maxLength 4");
}
