//! XSD 1.0 date/time types: lexical validation, accessors, lexical form preserved.

use super::{ValueError, trim_ws};

/// A cursor over a lexical form.
struct Cur<'s> {
    b: &'s [u8],
    i: usize,
}

impl<'s> Cur<'s> {
    fn new(s: &'s str) -> Self {
        Cur { b: s.as_bytes(), i: 0 }
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: u8) -> Option<()> {
        self.eat(c).then_some(())
    }
    fn done(&self) -> bool {
        self.i == self.b.len()
    }
    /// Exactly `n` digits.
    fn fixed(&mut self, n: usize) -> Option<u32> {
        let s = self.b.get(self.i..self.i + n)?;
        let mut v = 0u32;
        for &c in s {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        self.i += n;
        Some(v)
    }
    /// One or more digits; returns the digit slice.
    fn run(&mut self) -> Option<&'s [u8]> {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        (self.i > start).then(|| &self.b[start..self.i])
    }
    /// `-?YYYY+`: at least 4 digits, no leading zero beyond 4, not 0000 (XSD 1.0).
    fn year(&mut self) -> Option<i64> {
        let neg = self.eat(b'-');
        let d = self.run()?;
        if d.len() < 4 || (d.len() > 4 && d[0] == b'0') || d.len() > 18 {
            return None;
        }
        let v: i64 = std::str::from_utf8(d).ok()?.parse().ok()?;
        if v == 0 {
            return None;
        }
        Some(if neg { -v } else { v })
    }
    fn month(&mut self) -> Option<u8> {
        let m = self.fixed(2)?;
        (1..=12).contains(&m).then_some(m as u8)
    }
    /// `hh:mm:ss(.s+)?` → (hour, minute, second, nanosecond).
    fn time(&mut self) -> Option<(u8, u8, u8, u32)> {
        let h = self.fixed(2)?;
        self.expect(b':')?;
        let m = self.fixed(2)?;
        self.expect(b':')?;
        let s = self.fixed(2)?;
        let mut nanos = 0u32;
        let mut frac_zero = true;
        if self.eat(b'.') {
            let f = self.run()?;
            for (k, &c) in f.iter().enumerate() {
                if c != b'0' {
                    frac_zero = false;
                }
                if k < 9 {
                    nanos += u32::from(c - b'0') * 10u32.pow(8 - k as u32);
                }
            }
        }
        let ok = (h < 24 && m < 60 && s < 60) || (h == 24 && m == 0 && s == 0 && frac_zero);
        ok.then_some((h as u8, m as u8, s as u8, nanos))
    }
    /// Optional timezone at the end: `Z` or `±hh:mm` (at most 14:00), in minutes.
    fn tz(&mut self) -> Option<Option<i16>> {
        if self.done() {
            return Some(None);
        }
        if self.eat(b'Z') {
            return self.done().then_some(Some(0));
        }
        let sign: i16 = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return None;
        };
        let h = self.fixed(2)?;
        self.expect(b':')?;
        let m = self.fixed(2)?;
        if m > 59 || h > 14 || (h == 14 && m != 0) || !self.done() {
            return None;
        }
        Some(Some(sign * (h as i16 * 60 + m as i16)))
    }
}

fn is_leap(y: i64) -> bool {
    // XSD 1.0: year -0001 is 1 BCE, a leap year; shift negative years by one.
    let y = if y < 0 { y + 1 } else { y };
    (y.rem_euclid(4) == 0 && y.rem_euclid(100) != 0) || y.rem_euclid(400) == 0
}

fn days_in_month(year: Option<i64>, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !is_leap(y) => 28,
            _ => 29,
        },
        _ => 31,
    }
}

fn day(c: &mut Cur<'_>, year: Option<i64>, month: u8) -> Option<u8> {
    let d = c.fixed(2)? as u8;
    (1..=days_in_month(year, month)).contains(&d).then_some(d)
}

fn err(what: &str) -> ValueError {
    ValueError::new(format!("not a valid {what}"))
}

/// `xs:date`: `YYYY-MM-DD` with an optional timezone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    text: String,
    year: i64,
    month: u8,
    day: u8,
    offset: Option<i16>,
}

impl Date {
    fn parse(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text);
        let mut c = Cur::new(s);
        let r = (|| {
            let y = c.year()?;
            c.expect(b'-')?;
            let m = c.month()?;
            c.expect(b'-')?;
            let d = day(&mut c, Some(y), m)?;
            let tz = c.tz()?;
            Some(Date { text: s.to_owned(), year: y, month: m, day: d, offset: tz })
        })();
        r.ok_or_else(|| err("xs:date"))
    }
    /// Year (negative for BCE).
    pub fn year(&self) -> i64 {
        self.year
    }
    /// Month, 1..=12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// Day of month.
    pub fn day(&self) -> u8 {
        self.day
    }
    /// Timezone offset in minutes east of UTC, if given.
    pub fn offset_minutes(&self) -> Option<i16> {
        self.offset
    }
}
lexical_common!(Date);
impl Default for Date {
    fn default() -> Self {
        Date { text: "1970-01-01".into(), year: 1970, month: 1, day: 1, offset: None }
    }
}

/// `xs:dateTime`: `YYYY-MM-DDThh:mm:ss(.s+)?` with an optional timezone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime {
    text: String,
    year: i64,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
    offset: Option<i16>,
}

impl DateTime {
    fn parse(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text);
        let mut c = Cur::new(s);
        let r = (|| {
            let y = c.year()?;
            c.expect(b'-')?;
            let m = c.month()?;
            c.expect(b'-')?;
            let d = day(&mut c, Some(y), m)?;
            c.expect(b'T')?;
            let (hh, mm, ss, ns) = c.time()?;
            let tz = c.tz()?;
            Some(DateTime {
                text: s.to_owned(),
                year: y,
                month: m,
                day: d,
                hour: hh,
                minute: mm,
                second: ss,
                nanos: ns,
                offset: tz,
            })
        })();
        r.ok_or_else(|| err("xs:dateTime"))
    }
    /// Year (negative for BCE).
    pub fn year(&self) -> i64 {
        self.year
    }
    /// Month, 1..=12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// Day of month.
    pub fn day(&self) -> u8 {
        self.day
    }
    /// Hour, 0..=24 (24 only as 24:00:00).
    pub fn hour(&self) -> u8 {
        self.hour
    }
    /// Minute.
    pub fn minute(&self) -> u8 {
        self.minute
    }
    /// Whole seconds.
    pub fn second(&self) -> u8 {
        self.second
    }
    /// Fraction of the second in nanoseconds (digits beyond nine are kept only lexically).
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }
    /// Timezone offset in minutes east of UTC, if given.
    pub fn offset_minutes(&self) -> Option<i16> {
        self.offset
    }
}
lexical_common!(DateTime);
impl Default for DateTime {
    fn default() -> Self {
        DateTime {
            text: "1970-01-01T00:00:00".into(),
            year: 1970,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            nanos: 0,
            offset: None,
        }
    }
}

/// `xs:time`: `hh:mm:ss(.s+)?` with an optional timezone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Time {
    text: String,
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
    offset: Option<i16>,
}

impl Time {
    fn parse(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text);
        let mut c = Cur::new(s);
        let r = (|| {
            let (hour, minute, second, nanos) = c.time()?;
            let offset = c.tz()?;
            Some(Time { text: s.to_owned(), hour, minute, second, nanos, offset })
        })();
        r.ok_or_else(|| err("xs:time"))
    }
    /// Hour.
    pub fn hour(&self) -> u8 {
        self.hour
    }
    /// Minute.
    pub fn minute(&self) -> u8 {
        self.minute
    }
    /// Whole seconds.
    pub fn second(&self) -> u8 {
        self.second
    }
    /// Fraction of the second in nanoseconds.
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }
    /// Timezone offset in minutes east of UTC, if given.
    pub fn offset_minutes(&self) -> Option<i16> {
        self.offset
    }
}
lexical_common!(Time);
impl Default for Time {
    fn default() -> Self {
        Time { text: "00:00:00".into(), hour: 0, minute: 0, second: 0, nanos: 0, offset: None }
    }
}

/// Defines a Gregorian fragment type with the given fields and parser body.
macro_rules! gregorian {
    ($(#[$doc:meta])* $t:ident, $xsd:literal, $default:literal, { $($f:ident : $ft:ty = $fd:expr),* },
     |$c:ident| $body:block) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $t {
            text: String,
            $($f: $ft,)*
            offset: Option<i16>,
        }
        impl $t {
            fn parse(text: &str) -> Result<Self, ValueError> {
                let s = trim_ws(text);
                let mut $c = Cur::new(s);
                let r = (|| {
                    let ($($f,)*) = $body;
                    let offset = $c.tz()?;
                    Some($t { text: s.to_owned(), $($f,)* offset })
                })();
                r.ok_or_else(|| err($xsd))
            }
            $(
                #[doc = concat!("The ", stringify!($f), ".")]
                pub fn $f(&self) -> $ft {
                    self.$f
                }
            )*
            /// Timezone offset in minutes east of UTC, if given.
            pub fn offset_minutes(&self) -> Option<i16> {
                self.offset
            }
        }
        lexical_common!($t);
        impl Default for $t {
            fn default() -> Self {
                $t { text: $default.into(), $($f: $fd,)* offset: None }
            }
        }
    };
}

gregorian!(
    /// `xs:gYear`: `YYYY` with an optional timezone.
    GYear, "xs:gYear", "1970", { year: i64 = 1970 }, |c| { (c.year()?,) }
);
gregorian!(
    /// `xs:gYearMonth`: `YYYY-MM` with an optional timezone.
    GYearMonth, "xs:gYearMonth", "1970-01", { year: i64 = 1970, month: u8 = 1 },
    |c| {
        let y = c.year()?;
        c.expect(b'-')?;
        (y, c.month()?)
    }
);
gregorian!(
    /// `xs:gMonth`: `--MM` with an optional timezone (the erratum form `--MM--` is accepted).
    GMonth, "xs:gMonth", "--01", { month: u8 = 1 },
    |c| {
        c.expect(b'-')?;
        c.expect(b'-')?;
        let m = c.month()?;
        if c.b.get(c.i..c.i + 2) == Some(b"--") {
            c.i += 2;
        }
        (m,)
    }
);
gregorian!(
    /// `xs:gMonthDay`: `--MM-DD` with an optional timezone (`--02-29` is valid).
    GMonthDay, "xs:gMonthDay", "--01-01", { month: u8 = 1, day: u8 = 1 },
    |c| {
        c.expect(b'-')?;
        c.expect(b'-')?;
        let m = c.month()?;
        c.expect(b'-')?;
        (m, day(&mut c, None, m)?)
    }
);
gregorian!(
    /// `xs:gDay`: `---DD` with an optional timezone.
    GDay, "xs:gDay", "---01", { day: u8 = 1 },
    |c| {
        c.expect(b'-')?;
        c.expect(b'-')?;
        c.expect(b'-')?;
        (day(&mut c, None, 1)?,)
    }
);

/// `xs:duration`: `-?PnYnMnDTnHnMn(.n)S` (at least one component).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Duration {
    text: String,
    negative: bool,
    years: u64,
    months: u64,
    days: u64,
    hours: u64,
    minutes: u64,
    seconds: u64,
    nanos: u32,
}

impl Duration {
    fn parse(text: &str) -> Result<Self, ValueError> {
        let s = trim_ws(text);
        let mut c = Cur::new(s);
        let r = (|| {
            let mut d = Duration {
                text: s.to_owned(),
                negative: c.eat(b'-'),
                years: 0,
                months: 0,
                days: 0,
                hours: 0,
                minutes: 0,
                seconds: 0,
                nanos: 0,
            };
            c.expect(b'P')?;
            let num = |digits: &[u8]| -> Option<u64> { std::str::from_utf8(digits).ok()?.parse().ok() };
            let mut any = false;
            let mut in_time = false;
            // Designators in required order: Y M D, then after T: H M S.
            let mut order = 0u8;
            while !c.done() {
                if !in_time && c.eat(b'T') {
                    in_time = true;
                    order = 3;
                    if c.done() {
                        return None;
                    }
                    continue;
                }
                let digits = c.run()?;
                let mut frac: Option<&[u8]> = None;
                if in_time && c.eat(b'.') {
                    frac = Some(c.run()?);
                }
                let designator = *c.b.get(c.i)?;
                c.i += 1;
                let slot = match (in_time, designator) {
                    (false, b'Y') => 1,
                    (false, b'M') => 2,
                    (false, b'D') => 3,
                    (true, b'H') => 4,
                    (true, b'M') => 5,
                    (true, b'S') => 6,
                    _ => return None,
                };
                if slot <= order || (frac.is_some() && slot != 6) {
                    return None;
                }
                order = slot;
                let v = num(digits)?;
                match slot {
                    1 => d.years = v,
                    2 => d.months = v,
                    3 => d.days = v,
                    4 => d.hours = v,
                    5 => d.minutes = v,
                    _ => {
                        d.seconds = v;
                        for (k, &ch) in frac.unwrap_or_default().iter().take(9).enumerate() {
                            d.nanos += u32::from(ch - b'0') * 10u32.pow(8 - k as u32);
                        }
                    }
                }
                any = true;
            }
            any.then_some(d)
        })();
        r.ok_or_else(|| err("xs:duration"))
    }
    /// True for a negative duration.
    pub fn is_negative(&self) -> bool {
        self.negative
    }
    /// Years component.
    pub fn years(&self) -> u64 {
        self.years
    }
    /// Months component.
    pub fn months(&self) -> u64 {
        self.months
    }
    /// Days component.
    pub fn days(&self) -> u64 {
        self.days
    }
    /// Hours component.
    pub fn hours(&self) -> u64 {
        self.hours
    }
    /// Minutes component.
    pub fn minutes(&self) -> u64 {
        self.minutes
    }
    /// Whole seconds component.
    pub fn seconds(&self) -> u64 {
        self.seconds
    }
    /// Fraction of the seconds component, in nanoseconds.
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }
}
lexical_common!(Duration);
impl Default for Duration {
    fn default() -> Self {
        Duration::parse("PT0S").unwrap_or(Duration {
            text: "PT0S".into(),
            negative: false,
            years: 0,
            months: 0,
            days: 0,
            hours: 0,
            minutes: 0,
            seconds: 0,
            nanos: 0,
        })
    }
}
