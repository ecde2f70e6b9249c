//! Blocks and the arms of `match`: one statement or arm per line, one level deeper than the
//! braces.

use super::classify::first_comma;
use super::flat::Ctx;
use super::item::{attribute_len, is_item_start, item_end};
use super::layout::{INDENT, Printer, block_body};
use super::tree::{Delim, Tok};

impl Printer {
    /// `{ statements }`, one per line; `{}` when empty.
    pub(crate) fn block(&mut self, inner: &[Tok]) {
        if inner.is_empty() {
            self.put("{}");
            return;
        }
        let base = self.indent;
        self.put("{");
        self.indent += INDENT;
        self.statements(inner);
        self.indent = base;
        self.newline();
        self.put("}");
    }

    fn statements(&mut self, toks: &[Tok]) {
        let mut i = 0;
        while i < toks.len() {
            self.newline();
            if let Some(n) = attribute_len(&toks[i..]) {
                self.attribute(&toks[i..i + n]);
                i += n;
                continue;
            }
            if is_item_start(&toks[i..]) {
                let end = i + item_end(&toks[i..]);
                self.item(&toks[i..end]);
                i = end;
                continue;
            }
            let end = i + statement_end(&toks[i..]);
            self.seq(&toks[i..end], Ctx::EXPR, 0);
            i = end;
        }
    }

    /// The body of a `match`: one arm per line, a comma after each arm that is not a block (the
    /// last one's added when missing).
    pub(crate) fn arms(&mut self, inner: &[Tok]) {
        if inner.is_empty() {
            self.put("{}");
            return;
        }
        let base = self.indent;
        self.put("{");
        self.indent += INDENT;
        let mut i = 0;
        while i < inner.len() {
            self.newline();
            if let Some(n) = attribute_len(&inner[i..]) {
                self.attribute(&inner[i..i + n]);
                i += n;
                continue;
            }
            let rest = &inner[i..];
            let Some(arrow) = rest.iter().position(|t| t.is_op("=>")) else {
                // Not an arm: printed as it comes.
                self.seq(rest, Ctx::EXPR, 0);
                break;
            };
            self.seq(&rest[..arrow], Ctx::EXPR, 3);
            self.put(" =>");
            let body = &rest[arrow + 1..];
            if let Some(Tok::Group(Delim::Brace, block)) = body.first() {
                self.put(" ");
                self.block(block);
                i += arrow + 2;
                if inner.get(i).is_some_and(|t| t.is_op(",")) {
                    self.put(",");
                    i += 1;
                }
                continue;
            }
            let end = first_comma(body, false).unwrap_or(body.len());
            let value = &body[..end];
            // On the arm's line when it fits there, else on a line of its own one level deeper
            // when it fits there; else broken, from the arm's line when its start (up to its
            // first group) fits there.
            let head = &value[..value.iter().position(|t| matches!(t, Tok::Group(..))).unwrap_or(value.len())];
            let same_line =
                self.fits(value, Ctx::EXPR, 2) || !self.fits_next_line(value, 1) && self.fits(head, Ctx::EXPR, 3);
            if same_line {
                self.put(" ");
                self.seq(value, Ctx::EXPR, 1);
            } else {
                self.indent += INDENT;
                self.newline();
                self.seq(value, Ctx::EXPR, 1);
                self.indent -= INDENT;
            }
            self.put(",");
            i += arrow + 1 + end + 1;
        }
        self.indent = base;
        self.newline();
        self.put("}");
    }
}

/// The length of the statement at the start of `toks`: up to its `;`, or its block for a
/// statement that ends with one (`if`, `match`, `while`, `for`, `loop`, `unsafe {`, `{`, a
/// macro in braces), or the rest for the block's final expression.
fn statement_end(toks: &[Tok]) -> usize {
    let semi = || toks.iter().position(|t| t.is_op(";")).map_or(toks.len(), |k| k + 1);
    let with_semi = |end: usize| if toks.get(end).is_some_and(|t| t.is_op(";")) { end + 1 } else { end };
    match toks {
        [Tok::Word(w), ..] if matches!(&**w, "if" | "match" | "while" | "for" | "loop") => {
            let mut i = 0;
            loop {
                let Some(body) = block_body(toks, i, if i == 0 { w } else { "if" }) else { return semi() };
                i = body + 1;
                // `else if ...` / `else { ... }`
                if &**w == "if" && toks.get(i).is_some_and(|t| t.is_word("else")) {
                    match toks.get(i + 1) {
                        Some(t) if t.is_word("if") => {
                            i += 1;
                            continue;
                        }
                        Some(Tok::Group(Delim::Brace, _)) => return with_semi(i + 2),
                        _ => return semi(),
                    }
                }
                return with_semi(i);
            }
        }
        [Tok::Word(w), Tok::Group(Delim::Brace, _), ..] if &**w == "unsafe" => with_semi(2),
        [Tok::Group(Delim::Brace, _), ..] => with_semi(1),
        [Tok::Word(_), Tok::Op("!"), Tok::Group(Delim::Brace, _), ..] => with_semi(3),
        _ => semi(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rust::print::tree::from_stream;

    fn ends(src: &str) -> Vec<usize> {
        let toks = from_stream(src.parse().expect("lexes"));
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let n = statement_end(&toks[i..]);
            out.push(n);
            i += n;
        }
        out
    }

    #[test]
    fn statements_end_at_semicolons_or_their_block() {
        assert_eq!(ends("let x = 1 ; f ( x ) ; x"), [5, 3, 1]);
        assert_eq!(ends("if a { } else if b { } else { } x"), [9, 1]);
        assert_eq!(ends("if let Foo { a } = x { } ; y"), [8, 1]);
        assert_eq!(ends("match x { } y"), [3, 1]);
        assert_eq!(ends("for x in xs { } unsafe { } m ! { } z"), [5, 2, 3, 1]);
    }
}
