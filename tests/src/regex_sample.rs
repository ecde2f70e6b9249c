//! A string matching an XSD regular expression (XML Schema Part 2, appendix F), for building valid
//! sample instances: the first (or last) alternative, the fewest (or a few more) repetitions, and
//! a plain letter or digit from each character class.

/// Which sample: `short` takes the first alternative and minimum repetitions; otherwise the last
/// alternative and one repetition more than the minimum (within the maximum).
pub fn sample(pattern: &str, short: bool) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut p = Parser { chars: &chars, at: 0, short };
    let mut out = String::new();
    p.regex(&mut out)?;
    if p.at != chars.len() {
        return Err(format!("pattern `{pattern}`: unexpected `{}` at {}", chars[p.at], p.at));
    }
    Ok(out)
}

struct Parser<'c> {
    chars: &'c [char],
    at: usize,
    short: bool,
}

/// Letters and digits tried first when a class allows them: samples stay readable and never start
/// with whitespace.
const PREFERRED: &str = "aAbB1cC0dDeExX9";

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Result<char, String> {
        let c = self.peek().ok_or("pattern ends early")?;
        self.at += 1;
        Ok(c)
    }

    /// Alternatives: every one is parsed (to move past it); the chosen one is kept.
    fn regex(&mut self, out: &mut String) -> Result<(), String> {
        let mut branches = vec![String::new()];
        loop {
            let last = branches.len() - 1;
            self.branch(&mut branches[last])?;
            if self.peek() == Some('|') {
                self.at += 1;
                branches.push(String::new());
            } else {
                break;
            }
        }
        let chosen = if self.short { branches.first() } else { branches.last() };
        out.push_str(chosen.map_or("", String::as_str));
        Ok(())
    }

    fn branch(&mut self, out: &mut String) -> Result<(), String> {
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                return Ok(());
            }
            let mut atom = String::new();
            self.atom(&mut atom)?;
            let (min, max) = self.quantifier()?;
            let n = if self.short { min } else { max.map_or(min + 1, |m| m.min(min + 1)) };
            for _ in 0..n {
                out.push_str(&atom);
            }
        }
        Ok(())
    }

    fn quantifier(&mut self) -> Result<(usize, Option<usize>), String> {
        let q = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                self.at += 1;
                let mut text = String::new();
                loop {
                    match self.next()? {
                        '}' => break,
                        c => text.push(c),
                    }
                }
                let num = |s: &str| s.trim().parse::<usize>().map_err(|_| format!("bad quantifier {{{text}}}"));
                return match text.split_once(',') {
                    None => {
                        let n = num(&text)?;
                        Ok((n, Some(n)))
                    }
                    Some((a, "")) => Ok((num(a)?, None)),
                    Some((a, b)) => Ok((num(a)?, Some(num(b)?))),
                };
            }
            _ => return Ok((1, Some(1))),
        };
        self.at += 1;
        Ok(q)
    }

    fn atom(&mut self, out: &mut String) -> Result<(), String> {
        match self.next()? {
            '(' => {
                self.regex(out)?;
                match self.next()? {
                    ')' => Ok(()),
                    c => Err(format!("expected `)`, found `{c}`")),
                }
            }
            '[' => {
                out.push(self.class()?);
                Ok(())
            }
            '\\' => {
                let set = self.escape()?;
                out.push(set.pick().ok_or("empty escape class")?);
                Ok(())
            }
            '.' => {
                out.push('a');
                Ok(())
            }
            c => {
                out.push(c);
                Ok(())
            }
        }
    }

    /// After `\`: a single character escape, or a class escape.
    fn escape(&mut self) -> Result<Set, String> {
        let c = self.next()?;
        let set = match c {
            'n' => Set::one('\n'),
            'r' => Set::one('\r'),
            't' => Set::one('\t'),
            'd' => Set::ranges(vec![('0', '9')]),
            'D' | 'S' | 'W' | 'I' | 'C' => Set::negated(Set::ranges(vec![(' ', ' ')])),
            'w' | 'i' | 'c' => Set::ranges(vec![('a', 'z'), ('A', 'Z')]),
            's' => Set::one(' '),
            'p' | 'P' => {
                let mut name = String::new();
                if self.next()? != '{' {
                    return Err("expected `{` after \\p".into());
                }
                loop {
                    match self.next()? {
                        '}' => break,
                        ch => name.push(ch),
                    }
                }
                let set = if name.starts_with('N') {
                    Set::ranges(vec![('0', '9')])
                } else if name.starts_with('L') || name.starts_with("Is") {
                    Set::ranges(vec![('a', 'z'), ('A', 'Z')])
                } else {
                    Set::ranges(vec![('.', '.')])
                };
                if c == 'P' { Set::negated(set) } else { set }
            }
            other => Set::one(other),
        };
        Ok(set)
    }

    /// After `[`: a character class (`^` negation; `-[...]` subtraction is read and ignored).
    fn class(&mut self) -> Result<char, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut set = Set::ranges(Vec::new());
        let mut first = true;
        loop {
            let c = self.next()?;
            match c {
                ']' if !first => break,
                '-' if self.peek() == Some('[') => {
                    self.at += 1;
                    let _ = self.class()?; // subtraction: preferred characters rarely fall in it
                }
                '\\' => {
                    let e = self.escape()?;
                    set.merge(e);
                }
                _ => {
                    if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|n| *n != ']' && *n != '[') {
                        self.at += 1;
                        let hi = match self.next()? {
                            '\\' => self.escape()?.pick().ok_or("bad range end")?,
                            h => h,
                        };
                        set.ranges.push((c, hi));
                    } else {
                        set.ranges.push((c, c));
                    }
                }
            }
            first = false;
        }
        let set = if negated { Set::negated(set) } else { set };
        set.pick().ok_or_else(|| "empty character class".to_string())
    }
}

/// A set of characters: ranges, possibly negated.
struct Set {
    ranges: Vec<(char, char)>,
    negated: bool,
    /// A negated escape inside a class (`[\S]`): members of this set are allowed too.
    extra: Vec<Set>,
}

impl Set {
    fn one(c: char) -> Set {
        Set::ranges(vec![(c, c)])
    }
    fn ranges(ranges: Vec<(char, char)>) -> Set {
        Set { ranges, negated: false, extra: Vec::new() }
    }
    fn negated(mut s: Set) -> Set {
        s.negated = !s.negated;
        s
    }
    fn merge(&mut self, other: Set) {
        if other.negated || !other.extra.is_empty() {
            self.extra.push(other);
        } else {
            self.ranges.extend(other.ranges);
        }
    }
    fn contains(&self, c: char) -> bool {
        let inside = self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
        (inside != self.negated) || self.extra.iter().any(|e| e.contains(c))
    }
    fn pick(&self) -> Option<char> {
        if let Some(c) = PREFERRED.chars().find(|&c| self.contains(c)) {
            return Some(c);
        }
        if !self.negated
            && let Some(&(lo, _)) = self.ranges.first()
        {
            return Some(lo);
        }
        (' '..='~').find(|&c| self.contains(c))
    }
}

#[cfg(test)]
mod tests {
    use super::sample;

    #[test]
    fn samples_of_corpus_patterns() {
        assert_eq!(sample("[0-9]{5}", true).as_deref(), Ok("11111"));
        assert_eq!(sample("[A-Z]{2}\\-[1-9][0-9]?", true).as_deref(), Ok("AA-1"));
        assert_eq!(sample("GET|POST|PUT", true).as_deref(), Ok("GET"));
        assert_eq!(sample("GET|POST|PUT", false).as_deref(), Ok("PUT"));
        assert_eq!(sample("(0[1-9]|1[012])", false).as_deref(), Ok("11"));
        assert_eq!(sample("[0-9]{13,19}", false).map(|s| s.len()), Ok(14));
        assert_eq!(sample("[^0-9]", true).as_deref(), Ok("a"));
        assert!(sample("[a-z", true).is_err());
    }
}
