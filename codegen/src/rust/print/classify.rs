//! What each token is in its sequence (a generic bracket or a comparison, a unary or a binary
//! operator, a closure's bars) and so whether a space goes before it; and where a sequence splits
//! at its top-level commas.
//!
//! Only the spaces between tokens are decided here: the tokens themselves are never changed, and a
//! space is always put where leaving it out would glue two tokens into another one (`: :` is not
//! `::`).

use super::tree::{Delim, Tok, is_keyword};

/// The part a token plays in its sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// An identifier, or a word that ends an operand (`self`, `true`, `await`).
    Word,
    /// A keyword that expects something after it (`if`, `as`, `mut`, `pub`).
    Keyword,
    /// A literal or a lifetime.
    Operand,
    Group(Delim),
    /// A unary operator: `&x`, `-1`, `!done`, `*p`, `?Sized`.
    Prefix,
    /// A binary operator, spaced on both sides.
    Infix,
    /// `<` of generics.
    Open,
    /// `>` (or `>>`) of generics.
    Close,
    ClosureOpen,
    ClosureClose,
    /// `||` starting a closure without parameters.
    EmptyClosure,
    PathSep,
    /// `.`, `..`, `..=`: unspaced.
    Dot,
    Comma,
    Semi,
    Colon,
    /// `?` after an expression.
    Postfix,
    Pound,
    /// The `!` of a macro call.
    Bang,
}

/// Walks one sequence (the tokens of one group, or part of them) token by token.
#[derive(Clone)]
pub(crate) struct Classifier<'a> {
    /// Inside types (item signatures, field types): every `<` is a generic bracket.
    type_ctx: bool,
    /// Open generic brackets.
    angle: u32,
    /// Between the bars of a closure's parameters.
    in_params: bool,
    prev: Option<(Role, &'a Tok)>,
}

impl<'a> Classifier<'a> {
    pub(crate) fn new(type_ctx: bool) -> Self {
        Classifier { type_ctx, angle: 0, in_params: false, prev: None }
    }

    pub(crate) fn prev_role(&self) -> Option<Role> {
        self.prev.map(|(r, _)| r)
    }

    /// Inside generic brackets or closure parameters, where a comma separates no elements.
    pub(crate) fn nested(&self) -> bool {
        self.angle > 0 || self.in_params
    }

    /// Open generic brackets.
    pub(crate) fn angle(&self) -> u32 {
        self.angle
    }

    /// After the caller printed generics up to their closing `>` itself.
    pub(crate) fn closed_generics(&mut self, close: &'a Tok) {
        self.angle = self.angle.saturating_sub(1);
        self.prev = Some((Role::Close, close));
    }

    /// Sets what the previous token was, after the caller printed some tokens itself.
    pub(crate) fn set_prev(&mut self, role: Role, tok: &'a Tok) {
        self.prev = Some((role, tok));
    }

    fn prev_ends_operand(&self) -> bool {
        matches!(self.prev_role(), Some(Role::Word | Role::Operand | Role::Group(_) | Role::Postfix | Role::Close))
    }

    /// Whether a `<` here opens generics (`Vec<`, `::<`, `impl<`, `<T as Trait>::`) rather than
    /// compares (`a < b`).
    fn generic_lt(&self) -> bool {
        if self.type_ctx {
            return true;
        }
        match self.prev {
            None => true,
            Some((Role::Word, Tok::Word(w))) => {
                w.trim_start_matches("r#").starts_with(|c: char| c.is_ascii_uppercase())
            }
            Some((Role::Operand | Role::Group(_) | Role::Postfix | Role::Close | Role::Word, _)) => false,
            Some(_) => true,
        }
    }

    fn role(&mut self, tok: &Tok, next: Option<&Tok>) -> Role {
        let ends = self.prev_ends_operand();
        match tok {
            Tok::Word(w) => {
                if is_keyword(w) {
                    Role::Keyword
                } else {
                    Role::Word
                }
            }
            Tok::Lit(_) | Tok::Lifetime(_) => Role::Operand,
            Tok::Group(d, _) => Role::Group(*d),
            Tok::Op(op) => match *op {
                "<" if self.generic_lt() => {
                    self.angle += 1;
                    Role::Open
                }
                ">" | ">>" if self.angle > 0 => {
                    self.angle = self.angle.saturating_sub(op.len() as u32);
                    Role::Close
                }
                "|" if self.in_params => {
                    self.in_params = false;
                    Role::ClosureClose
                }
                "|" if !ends && !self.type_ctx => {
                    self.in_params = true;
                    Role::ClosureOpen
                }
                "||" if !ends && !self.type_ctx => Role::EmptyClosure,
                "&" | "*" | "-" | "&&" if !ends => Role::Prefix,
                "!" if matches!(self.prev, Some((Role::Word, _))) => Role::Bang,
                "!" if !ends => Role::Prefix,
                "?" => {
                    if ends {
                        Role::Postfix
                    } else {
                        Role::Prefix
                    }
                }
                "::" => Role::PathSep,
                "." | ".." | "..=" | "..." => Role::Dot,
                "," => Role::Comma,
                ";" => Role::Semi,
                ":" => Role::Colon,
                "#" => Role::Pound,
                _ => {
                    let _ = next;
                    Role::Infix
                }
            },
        }
    }

    /// Classifies `tok` (followed by `next`) and says whether a space goes before it.
    pub(crate) fn step(&mut self, tok: &'a Tok, next: Option<&Tok>) -> (Role, bool) {
        let role = self.role(tok, next);
        let space = match self.prev {
            None => false,
            Some((prev, prev_tok)) => {
                let space = space_between(prev, prev_tok, role, tok);
                space || glues(prev, prev_tok, role, tok)
            }
        };
        self.prev = Some((role, tok));
        (role, space)
    }
}

/// The spacing rules: whether `prev` and `cur` are separated by a space.
fn space_between(prev: Role, prev_tok: &Tok, cur: Role, cur_tok: &Tok) -> bool {
    use Role::*;
    match cur {
        Comma | Semi | Postfix | Close | ClosureClose | Colon | Bang => return false,
        _ => {}
    }
    match prev {
        Pound | Prefix | Open | PathSep | ClosureOpen | Dot => return false,
        Bang => return !matches!(cur, Group(Delim::Paren | Delim::Bracket)),
        Comma | Semi | Colon | Infix | ClosureClose | EmptyClosure => return true,
        _ => {}
    }
    // `prev` is a word, a keyword, an operand, a group, `?` or a closing `>`.
    // A lifetime is spaced from what follows it (`&'static [u8]`).
    let keyword = prev == Keyword || matches!(prev_tok, Tok::Lifetime(_));
    match cur {
        Group(Delim::Paren) => keyword && !matches!(prev_tok.text(), "pub" | "fn"),
        Group(Delim::Bracket) => keyword,
        Open => keyword && !matches!(prev_tok.text(), "impl" | "for"),
        PathSep | Dot => keyword,
        _ => {
            let _ = cur_tok;
            true
        }
    }
}

/// Whether printing `prev` and `cur` side by side would make the lexer read other tokens: then a
/// space is needed whatever the rules said. Closing generics (`>>`), a double reference (`&&x`)
/// and empty closure bars (`||`) read back as the same syntax and stay glued.
fn glues(prev: Role, prev_tok: &Tok, cur: Role, cur_tok: &Tok) -> bool {
    let (Tok::Op(a), Tok::Op(b)) = (prev_tok, cur_tok) else {
        // A float such as `1.` followed by `.` would read as `1..`.
        return matches!(prev_tok, Tok::Lit(l) if l.ends_with('.')) && cur_tok.text().starts_with('.');
    };
    let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) else { return false };
    match (x, y) {
        ('>', '>') => !(prev == Role::Close && cur == Role::Close),
        ('<', '<') => cur != Role::Open,
        ('&', '&') => !(prev == Role::Prefix && cur == Role::Prefix),
        ('|', '|') => !(prev == Role::ClosureOpen && cur == Role::ClosureClose),
        (':', ':') | ('-', '>') | ('=', '>') | ('.', '.') | ('.', '=') | ('/', '/') | ('/', '*') | ('*', '/') => true,
        (_, '=') => matches!(x, '=' | '!' | '<' | '>' | '&' | '|' | '+' | '-' | '*' | '/' | '%' | '^'),
        _ => false,
    }
}

/// The elements of a comma-separated sequence, without their commas, and whether the last one
/// was followed by a comma. Commas inside generics or closure parameters separate nothing here.
pub(crate) fn split_commas(toks: &[Tok], type_ctx: bool) -> (Vec<&[Tok]>, bool) {
    let mut parts = Vec::new();
    let mut c = Classifier::new(type_ctx);
    let mut start = 0;
    for (i, tok) in toks.iter().enumerate() {
        if tok.is_op(",") && !c.nested() {
            parts.push(&toks[start..i]);
            start = i + 1;
            c = Classifier::new(type_ctx);
            continue;
        }
        c.step(tok, toks.get(i + 1));
    }
    let trailing = start == toks.len() && !parts.is_empty();
    if start < toks.len() {
        parts.push(&toks[start..]);
    }
    (parts, trailing)
}

/// The index of the first top-level comma of `toks`, if any.
pub(crate) fn first_comma(toks: &[Tok], type_ctx: bool) -> Option<usize> {
    let mut c = Classifier::new(type_ctx);
    for (i, tok) in toks.iter().enumerate() {
        if tok.is_op(",") && !c.nested() {
            return Some(i);
        }
        c.step(tok, toks.get(i + 1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rust::print::tree::from_stream;

    /// The tokens of `src` joined by the spacing rules.
    fn spaced(src: &str, type_ctx: bool) -> String {
        let toks = from_stream(src.parse().expect("lexes"));
        let mut c = Classifier::new(type_ctx);
        let mut out = String::new();
        for (i, t) in toks.iter().enumerate() {
            let (_, space) = c.step(t, toks.get(i + 1));
            if space {
                out.push(' ');
            }
            match t {
                Tok::Group(d, _) => {
                    out.push_str(d.open());
                    out.push_str(d.close());
                }
                t => out.push_str(t.text()),
            }
        }
        out
    }

    #[test]
    fn generics_and_comparisons() {
        assert_eq!(spaced("Vec < Option < u8 > >", false), "Vec<Option<u8>>");
        assert_eq!(spaced("a < b", false), "a < b");
        assert_eq!(spaced("x . len ( ) > 3", false), "x.len() > 3");
        assert_eq!(spaced("fn read < 'a >", true), "fn read<'a>");
        assert_eq!(spaced("< S as T > :: f", false), "<S as T>::f");
        assert_eq!(spaced("impl < T > X for Y", true), "impl<T> X for Y");
    }

    #[test]
    fn unary_and_binary_operators() {
        assert_eq!(spaced("& mut self", false), "&mut self");
        assert_eq!(spaced("a & b", false), "a & b");
        assert_eq!(spaced("return - 1", false), "return -1");
        assert_eq!(spaced("x ? . y", false), "x?.y");
        assert_eq!(spaced("& & x", false), "&&x");
        assert_eq!(spaced("! self . x", false), "!self.x");
        assert_eq!(spaced("x : & 'a str", false), "x: &'a str");
    }

    #[test]
    fn closures_macros_attributes_and_paths() {
        assert_eq!(spaced("move | s : & S , r | s", false), "move |s: &S, r| s");
        assert_eq!(spaced("|| x", false), "|| x");
        assert_eq!(spaced("a || b", false), "a || b");
        assert_eq!(spaced("matches ! ( )", false), "matches!()");
        assert_eq!(spaced("# ! [ ]", false), "#![]");
        assert_eq!(spaced("impl :: std :: fmt :: Debug for X", true), "impl ::std::fmt::Debug for X");
        assert_eq!(spaced("pub ( )", false), "pub()");
        assert_eq!(spaced("x : :: y", false), "x: ::y");
        assert_eq!(spaced(".. Default :: default ( )", false), "..Default::default()");
    }

    #[test]
    fn tokens_that_would_glue_are_spaced() {
        // `< <` opening generics reads back the same glued; `= =` does not.
        assert_eq!(spaced("Vec < < T as X > :: Y >", false), "Vec<<T as X>::Y>");
        let toks = [Tok::Op("="), Tok::Op("=")];
        let mut c = Classifier::new(false);
        c.step(&toks[0], None);
        assert!(c.step(&toks[1], None).1);
    }

    #[test]
    fn commas_inside_generics_and_closure_parameters_split_nothing() {
        let toks = from_stream("a : HashMap < K , V > , | x , y | x + y , c".parse().expect("lexes"));
        let (parts, trailing) = split_commas(&toks, false);
        assert_eq!(parts.len(), 3);
        assert!(!trailing);
        let toks = from_stream("a , b ,".parse().expect("lexes"));
        let (parts, trailing) = split_commas(&toks, false);
        assert_eq!((parts.len(), trailing), (2, true));
    }
}
