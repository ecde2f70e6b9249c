//! The printer's own token tree: what `quote!` produced, with each word and literal turned into
//! text once and punctuation merged into Rust's operators (`::`, `=>`, `..=`), so that the layout
//! code looks at whole operators and never splits one.

use std::borrow::Cow;
use std::fmt::Write;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// One token, or a delimited group of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// An identifier or a keyword, as written (`r#type` included); the words generated code
    /// uses most are not allocated.
    Word(Cow<'static, str>),
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
            Tok::Word(s) => s,
            Tok::Lit(s) | Tok::Lifetime(s) => s,
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
    push_stream(tokens, &mut out, &mut String::new());
    out
}

/// `scratch`: where words are written before they are looked up.
fn push_stream(tokens: TokenStream, out: &mut Vec<Tok>, scratch: &mut String) {
    // Characters of joint punctuation not yet turned into operators.
    let mut run = String::new();
    let mut iter = tokens.into_iter().peekable();
    out.reserve(iter.size_hint().0);
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
                    TokenTree::Ident(id) => {
                        scratch.clear();
                        let _ = write!(scratch, "{id}");
                        out.push(Tok::Word(common(scratch).map_or_else(|| Cow::Owned(scratch.clone()), Cow::Borrowed)));
                    }
                    TokenTree::Literal(l) => out.push(Tok::Lit(l.to_string().into())),
                    TokenTree::Group(g) => {
                        let delim = g.delimiter();
                        // The group dropped first, its stream is not shared and is iterated
                        // without being copied.
                        let stream = g.stream();
                        drop(g);
                        let delim = match delim {
                            Delimiter::Parenthesis => Delim::Paren,
                            Delimiter::Bracket => Delim::Bracket,
                            Delimiter::Brace => Delim::Brace,
                            Delimiter::None => {
                                push_stream(stream, out, scratch);
                                continue;
                            }
                        };
                        let mut inner = Vec::new();
                        push_stream(stream, &mut inner, scratch);
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
    if let [c] = run.as_bytes() {
        out.push(Tok::Op(single(char::from(*c))));
        run.clear();
        return;
    }
    let mut rest = run.as_str();
    while let Some(c) = rest.chars().next() {
        let op = OPS.iter().find(|op| rest.starts_with(**op)).copied().unwrap_or_else(|| single(c));
        out.push(Tok::Op(op));
        rest = &rest[op.len().max(c.len_utf8())..];
    }
    run.clear();
}

/// The words generated code uses most, as `'static` strings (keywords, prelude names, the
/// runtime's), so that converting them allocates nothing.
fn common(word: &str) -> Option<&'static str> {
    Some(match word {
        "mut" => "mut",
        "self" => "self",
        "Self" => "Self",
        "child" => "child",
        "r" => "r",
        "let" => "let",
        "optional" => "optional",
        "NS0" => "NS0",
        "NS1" => "NS1",
        "NS2" => "NS2",
        "pub" => "pub",
        "x" => "x",
        "if" => "if",
        "w" => "w",
        "impl" => "impl",
        "Element" => "Element",
        "fn" => "fn",
        "is" => "is",
        "None" => "None",
        "v" => "v",
        "else" => "else",
        "read_once" => "read_once",
        "for" => "for",
        "Option" => "Option",
        "required" => "required",
        "value" => "value",
        "runtime" => "runtime",
        "xml" => "xml",
        "Some" => "Some",
        "el" => "el",
        "absent" => "absent",
        "_" => "_",
        "Default" => "Default",
        "type" => "type",
        "complex" => "complex",
        "validate" => "validate",
        "Ok" => "Ok",
        "Err" => "Err",
        "default" => "default",
        "FromXml" => "FromXml",
        "read_xml" => "read_xml",
        "String" => "String",
        "as" => "as",
        "Result" => "Result",
        "in" => "in",
        "XmlWriter" => "XmlWriter",
        "new" => "new",
        "doc" => "doc",
        "Debug" => "Debug",
        "derive" => "derive",
        "PartialEq" => "PartialEq",
        "Clone" => "Clone",
        "write_content" => "write_content",
        "Validate" => "Validate",
        "ToXml" => "ToXml",
        "XmlReader" => "XmlReader",
        "Validator" => "Validator",
        "XmlError" => "XmlError",
        "Unknown" => "Unknown",
        "into" => "into",
        "Into" => "Into",
        "unexpected" => "unexpected",
        "struct" => "struct",
        "while" => "while",
        "next_child" => "next_child",
        "std" => "std",
        "Facets" => "Facets",
        "Absent" => "Absent",
        "f" => "f",
        "match" => "match",
        "required_or_absent" => "required_or_absent",
        "has" => "has",
        "from" => "from",
        "NONE" => "NONE",
        "Vec" => "Vec",
        "Box" => "Box",
        "Nillable" => "Nillable",
        "simple" => "simple",
        "crate" => "crate",
        "super" => "super",
        "true" => "true",
        "false" => "false",
        "return" => "return",
        "use" => "use",
        "enum" => "enum",
        "const" => "const",
        "static" => "static",
        "str" => "str",
        "u16" => "u16",
        "u32" => "u32",
        "usize" => "usize",
        "bool" => "bool",
        _ => return None,
    })
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
