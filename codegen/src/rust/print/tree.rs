//! The printer's own token tree: what `quote!` produced, with each word and literal turned into
//! text once and punctuation merged into Rust's operators (`::`, `=>`, `..=`), so that the layout
//! code looks at whole operators and never splits one.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// One token, or a delimited group of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// An identifier or a keyword, as written (`r#type` included).
    Word(Box<str>),
    /// A literal, as written (`"a \"b\""`, `1u16`, `-1i64`).
    Lit(Box<str>),
    /// A lifetime or a label: `'a`, `'static`.
    Lifetime(Box<str>),
    /// One operator or punctuation mark.
    Op(&'static str),
    /// `( )`, `[ ]` or `{ }` and what they hold. Invisible groups are spliced into their parent.
    Group(Delim, Vec<Tok>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delim {
    Paren,
    Bracket,
    Brace,
}

impl Delim {
    pub(crate) fn open(self) -> &'static str {
        match self {
            Delim::Paren => "(",
            Delim::Bracket => "[",
            Delim::Brace => "{",
        }
    }

    pub(crate) fn close(self) -> &'static str {
        match self {
            Delim::Paren => ")",
            Delim::Bracket => "]",
            Delim::Brace => "}",
        }
    }
}

impl Tok {
    pub(crate) fn is_op(&self, op: &str) -> bool {
        matches!(self, Tok::Op(o) if *o == op)
    }

    pub(crate) fn is_word(&self, word: &str) -> bool {
        matches!(self, Tok::Word(w) if &**w == word)
    }

    pub(crate) fn is_group(&self, delim: Delim) -> bool {
        matches!(self, Tok::Group(d, _) if *d == delim)
    }

    /// The text of a token that is not a group.
    pub(crate) fn text(&self) -> &str {
        match self {
            Tok::Word(s) | Tok::Lit(s) | Tok::Lifetime(s) => s,
            Tok::Op(o) => o,
            Tok::Group(d, _) => d.open(),
        }
    }
}

/// Rust's operators of more than one character, longest first (maximal munch, as the lexer).
const OPS: [&str; 24] = [
    "<<=", ">>=", "...", "..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=",
    "^=", "&=", "|=", "<<", ">>", "..",
];

/// Every punctuation character a token stream can hold, as a `'static` string.
fn single(c: char) -> &'static str {
    match c {
        '~' => "~",
        '!' => "!",
        '@' => "@",
        '#' => "#",
        '$' => "$",
        '%' => "%",
        '^' => "^",
        '&' => "&",
        '*' => "*",
        '-' => "-",
        '=' => "=",
        '+' => "+",
        '|' => "|",
        ';' => ";",
        ':' => ":",
        ',' => ",",
        '<' => "<",
        '.' => ".",
        '>' => ">",
        '/' => "/",
        '?' => "?",
        '\'' => "'",
        // proc_macro2 allows no other punctuation; a stand-in keeps the printer total.
        _ => "?",
    }
}

/// Converts a token stream into the printer's tree.
pub(crate) fn from_stream(tokens: TokenStream) -> Vec<Tok> {
    let mut out = Vec::new();
    push_stream(tokens, &mut out);
    out
}

fn push_stream(tokens: TokenStream, out: &mut Vec<Tok>) {
    // Characters of joint punctuation not yet turned into operators.
    let mut run = String::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Punct(p) => {
                let c = p.as_char();
                if c == '\'' {
                    flush(&mut run, out);
                    if p.spacing() == Spacing::Joint
                        && let Some(TokenTree::Ident(_)) = iter.peek()
                        && let Some(TokenTree::Ident(id)) = iter.next()
                    {
                        out.push(Tok::Lifetime(format!("'{id}").into()));
                    } else {
                        out.push(Tok::Op("'"));
                    }
                    continue;
                }
                run.push(c);
                let joint = p.spacing() == Spacing::Joint
                    && matches!(iter.peek(), Some(TokenTree::Punct(q)) if q.as_char() != '\'');
                if !joint {
                    flush(&mut run, out);
                }
            }
            other => {
                flush(&mut run, out);
                match other {
                    TokenTree::Ident(id) => out.push(Tok::Word(id.to_string().into())),
                    TokenTree::Literal(l) => out.push(Tok::Lit(l.to_string().into())),
                    TokenTree::Group(g) => {
                        let delim = match g.delimiter() {
                            Delimiter::Parenthesis => Delim::Paren,
                            Delimiter::Bracket => Delim::Bracket,
                            Delimiter::Brace => Delim::Brace,
                            Delimiter::None => {
                                push_stream(g.stream(), out);
                                continue;
                            }
                        };
                        let mut inner = Vec::new();
                        push_stream(g.stream(), &mut inner);
                        out.push(Tok::Group(delim, inner));
                    }
                    TokenTree::Punct(_) => {}
                }
            }
        }
    }
    flush(&mut run, out);
}

/// Cuts joint punctuation into operators, longest first.
fn flush(run: &mut String, out: &mut Vec<Tok>) {
    let mut rest = run.as_str();
    while let Some(c) = rest.chars().next() {
        let op = OPS.iter().find(|op| rest.starts_with(**op)).copied().unwrap_or_else(|| single(c));
        out.push(Tok::Op(op));
        rest = &rest[op.len().max(c.len_utf8())..];
    }
    run.clear();
}

/// Keywords after which an operand is expected (`return -1`, `in &x`), as opposed to the words
/// that end one (`self`, `true`, identifiers).
pub(crate) fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        from_stream(src.parse().expect("lexes"))
    }

    #[test]
    fn joint_punctuation_becomes_operators() {
        let t = toks("a::b => c ..= d >>= e");
        let ops: Vec<&str> = t.iter().filter_map(|t| if let Tok::Op(o) = t { Some(*o) } else { None }).collect();
        assert_eq!(ops, ["::", "=>", "..=", ">>="]);
    }

    #[test]
    fn joint_punctuation_that_is_no_operator_is_cut() {
        // `#!` and `&'` are joint in a lexed stream but are two tokens.
        let t = toks("#![x] &'a T");
        assert_eq!(t[0], Tok::Op("#"));
        assert_eq!(t[1], Tok::Op("!"));
        assert_eq!(t[3], Tok::Op("&"));
        assert_eq!(t[4], Tok::Lifetime("'a".into()));
    }

    #[test]
    fn groups_nest_and_invisible_groups_are_spliced() {
        let inner: TokenStream = "x + 1".parse().expect("lexes");
        let g = proc_macro2::Group::new(Delimiter::None, inner);
        let stream: TokenStream = [TokenTree::Group(g)].into_iter().collect();
        assert_eq!(from_stream(stream).len(), 3);
        let t = toks("f(a, [b])");
        assert!(matches!(&t[1], Tok::Group(Delim::Paren, inner) if inner.len() == 3));
    }

    #[test]
    fn literals_and_raw_words_keep_their_text() {
        let t = toks(r#"r#type "é\"" 1u16 'c'"#);
        assert_eq!(t[0].text(), "r#type");
        assert_eq!(t[1].text(), r#""é\"""#);
        assert_eq!(t[2].text(), "1u16");
        assert_eq!(t[3].text(), "'c'");
    }
}
