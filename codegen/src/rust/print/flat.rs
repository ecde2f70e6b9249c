//! Sequences printed on one line, and their width measured the same way without printing them
//! (one function for both, so that what was measured is what gets printed).

use super::classify::{Classifier, Role, first_comma};
use super::tree::{Delim, Tok};

/// Where a sequence is printed.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ctx {
    /// Item signatures, field types: every `<` opens generics.
    pub(crate) type_ctx: bool,
    /// Macro arguments and attributes: commas are printed exactly as they come.
    pub(crate) verbatim: bool,
    /// A `use` tree: `{a, b}` without inner spaces.
    pub(crate) use_tree: bool,
    /// The group follows a path: it holds arguments, parameters or a tuple struct's fields,
    /// never a tuple (so `(x,)` means `(x)`).
    pub(crate) after_path: bool,
}

impl Ctx {
    pub(crate) const EXPR: Ctx = Ctx { type_ctx: false, verbatim: false, use_tree: false, after_path: false };
    pub(crate) const TYPE: Ctx = Ctx { type_ctx: true, verbatim: false, use_tree: false, after_path: false };

    /// The context of a group's content, the group following `prev` (of role `role`).
    pub(crate) fn inside(self, prev: Option<&Tok>, role: Option<Role>) -> Ctx {
        let macro_or_attr = matches!(prev, Some(Tok::Op("!" | "#")));
        let after_path = matches!(role, Some(Role::Word));
        Ctx { verbatim: self.verbatim || macro_or_attr, after_path, ..self }
    }
}

/// Receives printed text; `false` means stop (the text does not fit).
pub(crate) trait Sink {
    fn put(&mut self, s: &str) -> bool;
}

impl Sink for String {
    fn put(&mut self, s: &str) -> bool {
        self.push_str(s);
        true
    }
}

/// Measures instead of printing, and stops once over `left` columns.
pub(crate) struct Measure {
    pub(crate) left: usize,
}

impl Sink for Measure {
    fn put(&mut self, s: &str) -> bool {
        let w = width(s);
        if w > self.left {
            self.left = 0;
            return false;
        }
        self.left -= w;
        true
    }
}

/// Prints into `out` while the text fits in `left` columns; the caller takes back what was
/// printed when it did not fit (measuring and printing in one pass).
pub(crate) struct Bounded<'a> {
    pub(crate) out: &'a mut String,
    pub(crate) left: usize,
}

impl Sink for Bounded<'_> {
    fn put(&mut self, s: &str) -> bool {
        let w = width(s);
        if w > self.left {
            return false;
        }
        self.left -= w;
        self.out.push_str(s);
        true
    }
}

/// Columns taken by `s` (one per character).
pub(crate) fn width(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

/// Whether a brace group after a token of role `prev` is a block, which never shares its line
/// with its content, rather than a struct literal or a macro's braces. `cond` is set after `if`,
/// `while`, `match` and `for`, whose braces are always their block.
pub(crate) fn is_block(prev: Option<Role>, cond: bool, ctx: Ctx) -> bool {
    !ctx.use_tree && !ctx.type_ctx && (cond || !matches!(prev, Some(Role::Word | Role::Close | Role::Bang)))
}

/// Whether a trailing comma may be left out or added at the end of `inner` (the content of a
/// group): always in braces and in the parentheses of a call, parameters or a tuple struct,
/// and in other groups when another comma separates elements (`(x,)` is a tuple, `(x)` is not).
/// Never in macro arguments or attributes.
pub(crate) fn comma_optional(delim: Delim, inner: &[Tok], ctx: Ctx) -> bool {
    if ctx.verbatim {
        return false;
    }
    let body = match inner.last() {
        Some(t) if t.is_op(",") => &inner[..inner.len() - 1],
        _ => inner,
    };
    delim == Delim::Brace || delim == Delim::Paren && ctx.after_path || first_comma(body, ctx.type_ctx).is_some()
}

/// Prints `toks` on one line into `sink`; `false` if it stopped (too wide, or a block that
/// cannot be on one line).
pub(crate) fn flat(toks: &[Tok], ctx: Ctx, sink: &mut impl Sink) -> bool {
    flat_after(Classifier::new(ctx.type_ctx), None, toks, ctx, sink)
}

/// [`flat`] for tokens that follow others on the line: `c` has seen them, the last being `before`.
pub(crate) fn flat_after<'a>(
    mut c: Classifier<'a>,
    before: Option<&'a Tok>,
    toks: &'a [Tok],
    ctx: Ctx,
    sink: &mut impl Sink,
) -> bool {
    let mut cond = false;
    for (i, tok) in toks.iter().enumerate() {
        let prev = c.prev_role();
        let prev_tok = if i > 0 { toks.get(i - 1) } else { before };
        let (_, space) = c.step(tok, toks.get(i + 1));
        if space && !sink.put(" ") {
            return false;
        }
        let ok = match tok {
            Tok::Group(d, inner) => {
                let block = *d == Delim::Brace && is_block(prev, cond, ctx);
                if *d == Delim::Brace {
                    cond = false;
                }
                group(*d, inner, block, ctx.inside(prev_tok, prev), sink)
            }
            Tok::Word(w) => {
                if !ctx.type_ctx && matches!(&**w, "if" | "while" | "match" | "for") {
                    cond = true;
                }
                sink.put(w)
            }
            Tok::Lit(l) if l.contains('\n') => false,
            t => sink.put(t.text()),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// One group on one line: `(a, b)`, `Foo { a: 1 }`, `{a, b}` in a use tree, `{}`.
pub(crate) fn group(delim: Delim, inner: &[Tok], block: bool, ctx: Ctx, sink: &mut impl Sink) -> bool {
    if inner.is_empty() {
        return sink.put(delim.open()) && sink.put(delim.close());
    }
    if block {
        return false;
    }
    // A trailing comma is left out on one line where that means the same.
    let content = match inner.last() {
        Some(t) if t.is_op(",") && comma_optional(delim, inner, ctx) => &inner[..inner.len() - 1],
        _ => inner,
    };
    let pad = delim == Delim::Brace && !ctx.use_tree;
    sink.put(delim.open())
        && (!pad || sink.put(" "))
        && flat(content, ctx, sink)
        && (!pad || sink.put(" "))
        && sink.put(delim.close())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rust::print::tree::from_stream;

    fn one_line(src: &str, ctx: Ctx) -> Option<String> {
        let toks = from_stream(src.parse().expect("lexes"));
        let mut s = String::new();
        flat(&toks, ctx, &mut s).then_some(s)
    }

    #[test]
    fn groups_and_struct_literals() {
        assert_eq!(one_line("f ( a , b , )", Ctx::EXPR).as_deref(), Some("f(a, b)"));
        assert_eq!(one_line("f ( a , )", Ctx::EXPR).as_deref(), Some("f(a)"));
        assert_eq!(one_line("x = ( a , )", Ctx::EXPR).as_deref(), Some("x = (a,)"));
        assert_eq!(
            one_line("Self { a , .. Default :: default () }", Ctx::EXPR).as_deref(),
            Some("Self { a, ..Default::default() }")
        );
        assert_eq!(one_line("vec ! [ a , ]", Ctx::EXPR).as_deref(), Some("vec![a,]"));
        assert_eq!(
            one_line("use a :: { b , c } ;", Ctx { use_tree: true, ..Ctx::EXPR }).as_deref(),
            Some("use a::{b, c};")
        );
    }

    #[test]
    fn blocks_are_never_on_one_line() {
        assert_eq!(one_line("if x { y }", Ctx::EXPR), None);
        assert_eq!(one_line("| x | { x }", Ctx::EXPR), None);
        assert_eq!(one_line("fn f () {}", Ctx::EXPR).as_deref(), Some("fn f() {}"));
    }

    #[test]
    fn measuring_stops_at_the_width() {
        let toks = from_stream("aaaa + bbbb".parse().expect("lexes"));
        assert!(flat(&toks, Ctx::EXPR, &mut Measure { left: 11 }));
        assert!(!flat(&toks, Ctx::EXPR, &mut Measure { left: 10 }));
        assert_eq!(width("é"), 1);
    }
}
