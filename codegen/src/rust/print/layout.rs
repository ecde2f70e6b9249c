//! Expressions, types and signatures over several lines when they do not fit on one: the
//! printer tries the whole sequence on one line, else breaks it where it reads best:
//!
//! - before each `||`, `&&` or `|` (patterns) of the top level;
//! - before each `.method(...)` of a chain of two calls or more;
//! - else in the groups that overflow, left to right: a group's elements go one per line (with a
//!   trailing comma where it means the same), or its one element continues on the same line when
//!   it ends in a group itself (`Ok(Self::new(` ... `))`), or its last element does when it is a
//!   block (`.map(|x| {` ... `})`).

use super::classify::{Classifier, Role, split_commas};
use super::flat::{Bounded, Ctx, Measure, comma_optional, flat, flat_after, group, is_block, width};
use super::tree::{Delim, Tok};

/// The width the printer aims at; a line is longer only when a token is.
pub(crate) const MAX: usize = 100;
/// One level of indentation.
pub(crate) const INDENT: usize = 4;

/// The text printed so far and where the next token goes.
pub(crate) struct Printer {
    pub(crate) out: String,
    /// Column of the end of `out` (characters since the last newline).
    col: usize,
    /// Indentation of the current line's block.
    pub(crate) indent: usize,
}

impl Printer {
    pub(crate) fn new() -> Self {
        Printer { out: String::new(), col: 0, indent: 0 }
    }

    pub(crate) fn put(&mut self, s: &str) {
        self.out.push_str(s);
        match s.rfind('\n') {
            Some(nl) => self.col = width(&s[nl + 1..]),
            None => self.col += width(s),
        }
    }

    /// Starts a new line at the current indentation.
    pub(crate) fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.indent {
            self.out.push(' ');
        }
        self.col = self.indent;
    }

    /// Whether the printer is at the start of its output.
    pub(crate) fn at_start(&self) -> bool {
        self.out.is_empty()
    }

    /// Whether `toks` fit on the rest of the line, keeping `trail` columns for what follows.
    pub(crate) fn fits(&self, toks: &[Tok], ctx: Ctx, trail: usize) -> bool {
        let left = super::layout::MAX.saturating_sub(self.col + trail);
        flat(toks, ctx, &mut Measure { left })
    }

    /// Whether `toks` fit on a line of their own one level deeper, keeping `trail` columns.
    pub(crate) fn fits_next_line(&self, toks: &[Tok], trail: usize) -> bool {
        flat(toks, Ctx::EXPR, &mut Measure { left: MAX.saturating_sub(self.indent + INDENT + trail) })
    }

    /// Prints `toks` on the current line, whatever their width.
    pub(crate) fn flat(&mut self, toks: &[Tok], ctx: Ctx) {
        let start = self.out.len();
        flat(toks, ctx, &mut self.out);
        self.after_push(start);
    }

    /// Prints `toks` on the current line when they fit, keeping `trail` columns; else prints
    /// nothing and says so.
    fn try_flat(&mut self, toks: &[Tok], ctx: Ctx, trail: usize) -> bool {
        self.try_print(trail, |sink| flat(toks, ctx, sink))
    }

    /// Runs `print` into the output while it fits in the line less `trail` columns; takes its
    /// text back when it does not.
    fn try_print(&mut self, trail: usize, print: impl FnOnce(&mut Bounded<'_>) -> bool) -> bool {
        let start = self.out.len();
        let left = MAX.saturating_sub(self.col + trail);
        let mut sink = Bounded { out: &mut self.out, left };
        if print(&mut sink) {
            self.col += left - sink.left;
            true
        } else {
            self.out.truncate(start);
            false
        }
    }

    fn after_push(&mut self, start: usize) {
        let added = &self.out[start..];
        match added.rfind('\n') {
            Some(nl) => self.col = width(&added[nl + 1..]),
            None => self.col += width(added),
        }
    }

    /// Prints a sequence (an expression, a statement, a signature), on one line when it fits in
    /// the width less `trail` columns (what follows it on its last line), else broken.
    pub(crate) fn seq(&mut self, toks: &[Tok], ctx: Ctx, trail: usize) {
        if toks.is_empty() {
            return;
        }
        if self.try_flat(toks, ctx, trail) {
            return;
        }
        if !ctx.type_ctx {
            if let Some(eq) = self.break_after_assign(toks, ctx) {
                // `let x: T =` / `static X: T =` then the value, one level deeper.
                let base = self.indent;
                self.flat(&toks[..=eq], ctx);
                self.indent += INDENT;
                self.newline();
                self.seq(&toks[eq + 1..], ctx, trail);
                self.indent = base;
                return;
            }
            let ops = top_level_logic(toks, ctx);
            if !ops.is_empty() {
                return self.binary(toks, &ops, ctx, trail);
            }
            let calls = chain_calls(toks, ctx);
            // Two calls or more; or one after a head that ends in a group and fits on the line
            // (`Config::new(a, b)` then `.with_keys(keys)` on the next line).
            let one_after_group = calls.len() == 1
                && matches!(toks[..calls[0]].last(), Some(Tok::Group(..)))
                && self.fits(&toks[..calls[0]], ctx, 0);
            if calls.len() >= 2 || one_after_group {
                return self.chain(toks, &calls, ctx, trail);
            }
        }
        self.walk(toks, ctx, trail);
    }

    /// The top-level `=` of an assignment or a declaration after which the value goes on a line
    /// of its own: when the line up to the value's first group does not fit, and the value's
    /// start fits on the next line.
    fn break_after_assign(&self, toks: &[Tok], ctx: Ctx) -> Option<usize> {
        let mut c = Classifier::new(ctx.type_ctx);
        let mut eq = None;
        for (i, t) in toks.iter().enumerate() {
            c.step(t, toks.get(i + 1));
            if let Tok::Word(w) = t
                && block_body(toks, i, w).is_some()
            {
                return None;
            }
            if t.is_op("=") && !c.nested() {
                eq = Some(i);
                break;
            }
        }
        let eq = eq?;
        let value = &toks[eq + 1..];
        // The value up to its first group, and two columns for that group's opening.
        let head = &value[..value.iter().position(|t| matches!(t, Tok::Group(..))).unwrap_or(value.len())];
        let mut m = Measure { left: MAX.saturating_sub(self.col + 3) };
        if flat(&toks[..=eq], ctx, &mut m) && flat(head, ctx, &mut m) {
            return None;
        }
        let lhs_fits = self.fits(&toks[..=eq], ctx, 0);
        let next_line = MAX.saturating_sub(self.indent + INDENT + 2);
        (lhs_fits && flat(head, ctx, &mut Measure { left: next_line })).then_some(eq)
    }

    /// `a || b || c` with each operand after the first on its own line, one level deeper.
    fn binary(&mut self, toks: &[Tok], ops: &[usize], ctx: Ctx, trail: usize) {
        let base = self.indent;
        self.seq(&toks[..ops[0]], ctx, 0);
        self.indent += INDENT;
        for (k, &op) in ops.iter().enumerate() {
            let end = ops.get(k + 1).copied().unwrap_or(toks.len());
            self.newline();
            self.put(toks[op].text());
            self.put(" ");
            let last = k + 1 == ops.len();
            self.seq(&toks[op + 1..end], ctx, if last { trail } else { 0 });
        }
        self.indent = base;
    }

    /// A chain of calls, one `.call(...)` per line after its head. A head without groups
    /// (`self.inner`, `r`) keeps the first call; the calls are one level deeper, unless the head
    /// ended on a line of its own closing bracket.
    fn chain(&mut self, toks: &[Tok], calls: &[usize], ctx: Ctx, trail: usize) {
        let simple_head = calls.len() >= 2 && !toks[..calls[0]].iter().any(|t| matches!(t, Tok::Group(..)));
        let (head_end, rest) = if simple_head { (calls[1], &calls[1..]) } else { (calls[0], calls) };
        let base = self.indent;
        let lines_before = self.out.len();
        self.seq(&toks[..head_end], ctx, 0);
        if !self.out[lines_before..].contains('\n') {
            self.indent += INDENT;
        }
        for (k, &dot) in rest.iter().enumerate() {
            let end = rest.get(k + 1).copied().unwrap_or(toks.len());
            self.newline();
            let last = k + 1 == rest.len();
            self.seq(&toks[dot..end], ctx, if last { trail } else { 0 });
        }
        self.indent = base;
    }

    /// Token by token: groups that do not fit are broken, blocks are printed as blocks.
    pub(crate) fn walk(&mut self, toks: &[Tok], ctx: Ctx, trail: usize) {
        let mut c = Classifier::new(ctx.type_ctx);
        let mut i = 0;
        while i < toks.len() {
            let tok = &toks[i];
            let prev = c.prev_role();
            let prev_tok = if i > 0 { toks.get(i - 1) } else { None };
            let (_, space) = c.step(tok, toks.get(i + 1));
            if space {
                self.put(" ");
            }
            if let Tok::Word(w) = tok
                && !ctx.type_ctx
                && let Some(body) = block_body(toks, i, w)
            {
                // `if cond {`, `match x {`, `while cond {`, `for x in y {`, `loop {`
                self.put(w);
                let cond = &toks[i + 1..body];
                if !cond.is_empty() {
                    self.put(" ");
                    self.seq(cond, ctx, 2);
                }
                self.put(" ");
                if let Tok::Group(_, inner) = &toks[body] {
                    if &**w == "match" { self.arms(inner) } else { self.block(inner) }
                }
                c.set_prev(Role::Group(Delim::Brace), &toks[body]);
                i = body + 1;
                continue;
            }
            if ctx.type_ctx
                && tok.is_op("<")
                && let Some(close) = matching_close(&c, toks, i)
                && !self.fits_with_tail(&c, toks, i, close, ctx, trail)
            {
                self.generics(&toks[i + 1..close], toks[close].is_op(">>"), ctx);
                c.closed_generics(&toks[close]);
                i = close + 1;
                continue;
            }
            match tok {
                Tok::Group(Delim::Brace, inner) if is_block(prev, false, ctx) => self.block(inner),
                Tok::Group(_, inner) if atomic(prev_tok, inner) => {
                    self.flat(std::slice::from_ref(tok), ctx);
                }
                Tok::Group(d, inner) => {
                    // The group and what follows it up to the next group must fit.
                    let next = toks[i + 1..]
                        .iter()
                        .position(|t| matches!(t, Tok::Group(..)))
                        .map_or(toks.len(), |k| i + 1 + k);
                    let mut tail = Measure { left: MAX };
                    flat_after(c.clone(), Some(tok), &toks[i + 1..next], ctx, &mut tail);
                    let end_trail = if next == toks.len() { trail } else { 0 };
                    let tail = if single_token(inner) { end_trail } else { MAX - tail.left + end_trail };
                    let inner_ctx = ctx.inside(prev_tok, prev);
                    let block = *d == Delim::Brace && is_block(prev, false, ctx);
                    if !self.try_print(tail, |sink| group(*d, inner, block, inner_ctx, sink)) {
                        self.broken(*d, inner, inner_ctx, tail);
                    }
                }
                t => self.put(t.text()),
            }
            i += 1;
        }
    }

    /// Whether `toks[from..=to]` and what follows up to the next group fit on the line.
    fn fits_with_tail(&self, c: &Classifier<'_>, toks: &[Tok], from: usize, to: usize, ctx: Ctx, trail: usize) -> bool {
        let next = toks[to + 1..].iter().position(|t| matches!(t, Tok::Group(..))).map_or(toks.len(), |k| to + 1 + k);
        let trail = if next == toks.len() { trail } else { 0 };
        let mut m = Measure { left: MAX.saturating_sub(self.col + trail) };
        // `c` has seen `toks[from]` (printed by the caller's rules, measured here as one column).
        m.left = m.left.saturating_sub(1);
        flat_after(c.clone(), toks.get(from), &toks[from + 1..next], ctx, &mut m)
    }

    /// Generic arguments that do not fit on the line: one per line, between `<` and `>`.
    /// `split`: they were closed by `>>`, whose first `>` closes generics of the last argument.
    fn generics(&mut self, inner: &[Tok], split: bool, ctx: Ctx) {
        let (elems, trailing) = split_commas(inner, true);
        let base = self.indent;
        self.put("<");
        self.indent += INDENT;
        for (k, e) in elems.iter().enumerate() {
            self.newline();
            let comma = k + 1 < elems.len() || trailing;
            if split && k + 1 == elems.len() {
                let mut last = e.to_vec();
                last.push(Tok::Op(">"));
                self.seq(&last, ctx, usize::from(comma));
            } else {
                self.seq(e, ctx, usize::from(comma));
            }
            if comma {
                self.put(",");
            }
        }
        self.indent = base;
        self.newline();
        self.put(">");
    }

    /// A group that does not fit on the line.
    pub(crate) fn broken(&mut self, delim: Delim, inner: &[Tok], ctx: Ctx, trail: usize) {
        if inner.is_empty() {
            self.put(delim.open());
            self.put(delim.close());
            return;
        }
        if ctx.use_tree && delim == Delim::Brace {
            return self.filled(inner, ctx);
        }
        let (elems, trailing) = split_commas(inner, ctx.type_ctx);
        if delim != Delim::Brace && !elems.is_empty() {
            let last = elems[elems.len() - 1];
            let before = &elems[..elems.len() - 1];
            if self.overflows(before, last, ctx) {
                // `f(a, b, |x| {` ... `})` and `Ok(Self::new(` ... `))`
                self.put(delim.open());
                for e in before {
                    self.flat(e, ctx);
                    self.put(", ");
                }
                self.seq(last, ctx, trail + 1 + usize::from(trailing));
                if trailing {
                    self.put(",");
                }
                self.put(delim.close());
                return;
            }
        }
        let add_comma = comma_optional(delim, inner, ctx)
            && !elems.last().is_some_and(|e| e.first().is_some_and(|t| t.is_op("..")));
        let base = self.indent;
        self.put(delim.open());
        self.indent += INDENT;
        for (k, e) in elems.iter().enumerate() {
            self.newline();
            let last = k + 1 == elems.len();
            let comma = !last || trailing || add_comma;
            self.element(e, ctx, usize::from(comma));
            if comma {
                self.put(",");
            }
        }
        self.indent = base;
        self.newline();
        self.put(delim.close());
    }

    /// One element of a list on its own line: its attributes first, each on a line.
    fn element(&mut self, toks: &[Tok], ctx: Ctx, trail: usize) {
        let mut i = 0;
        while let Some(n) = super::item::attribute_len(&toks[i..]) {
            self.attribute(&toks[i..i + n]);
            self.newline();
            i += n;
        }
        self.seq(&toks[i..], ctx, trail);
    }

    /// Whether a group's last element can continue on the line that opens the group: the
    /// elements before it fit there, and it ends in a group or a block whose opening fits too.
    fn overflows(&self, before: &[&[Tok]], last: &[Tok], ctx: Ctx) -> bool {
        let Some(Tok::Group(..)) = last.last() else { return false };
        let calls = chain_calls(last, ctx);
        if calls.len() >= 2 || calls.first().is_some_and(|&c| matches!(last[..c].last(), Some(Tok::Group(..)))) {
            // A chain reads better on lines of its own.
            return false;
        }
        if !before.is_empty() && !last.iter().any(|t| matches!(t, Tok::Group(Delim::Brace, inner) if !inner.is_empty()))
        {
            // Several elements: only a closing block (closure, match) continues the line.
            return false;
        }
        let mut m = Measure { left: MAX.saturating_sub(self.col + 1) };
        for e in before {
            if !flat(e, ctx, &mut m) || m.left < 2 {
                return false;
            }
            m.left -= 2;
        }
        flat(&last[..last.len() - 1], ctx, &mut m) && m.left >= 2
    }

    /// A use tree's braces that do not fit: the paths fill the lines.
    fn filled(&mut self, inner: &[Tok], ctx: Ctx) {
        let (elems, _) = split_commas(inner, false);
        let base = self.indent;
        self.put("{");
        self.indent += INDENT;
        self.newline();
        for (k, e) in elems.iter().enumerate() {
            let trail = 1;
            if self.col > self.indent {
                if self.fits(e, ctx, trail + 1) {
                    self.put(" ");
                } else {
                    self.newline();
                }
            }
            let _ = k;
            self.seq(e, ctx, trail);
            self.put(",");
        }
        self.indent = base;
        self.newline();
        self.put("}");
    }
}

/// A group never worth breaking: a visibility (`pub(crate)`), or an empty one.
fn atomic(prev: Option<&Tok>, inner: &[Tok]) -> bool {
    prev.is_some_and(|t| t.is_word("pub")) || inner.is_empty()
}

/// A group holding a single token (`(x)`, `(LongTypeName)`) is broken only when it does not fit
/// itself: a line too long because of what follows is not shortened by breaking it.
fn single_token(inner: &[Tok]) -> bool {
    matches!(inner, [Tok::Word(_) | Tok::Lit(_) | Tok::Lifetime(_)])
}

/// The index of the `>` that closes the generics opened at `toks[open]` (which `c` has just
/// seen): a `>`, or a `>>` that also closes generics inside them.
fn matching_close(c: &Classifier<'_>, toks: &[Tok], open: usize) -> Option<usize> {
    let depth = c.angle().checked_sub(1)?;
    let mut c = c.clone();
    for (j, t) in toks.iter().enumerate().skip(open + 1) {
        c.step(t, toks.get(j + 1));
        if c.angle() <= depth {
            return (c.angle() == depth && (t.is_op(">") || t.is_op(">>"))).then_some(j);
        }
    }
    None
}

/// Where a block-like construct starting at `toks[i]` (the word `w`) has its block: `if`,
/// `while` and `for` after their condition (past `let ... =` or `... in`, whose patterns may
/// hold braces), `match` after its scrutinee, `loop` right away.
pub(crate) fn block_body(toks: &[Tok], i: usize, w: &str) -> Option<usize> {
    let from = match w {
        "loop" => i + 1,
        "match" => i + 1,
        "if" | "while" if toks.get(i + 1).is_some_and(|t| t.is_word("let")) => {
            i + 1 + toks[i + 1..].iter().position(|t| t.is_op("="))?
        }
        "if" | "while" => i + 1,
        "for" => i + 1 + toks[i + 1..].iter().position(|t| t.is_word("in"))?,
        _ => return None,
    };
    let body = from + toks.get(from..)?.iter().position(|t| t.is_group(Delim::Brace))?;
    (body > i + 1 || w == "loop").then_some(body)
}

/// The top-level `||`, `&&` and `|` operators of `toks`.
fn top_level_logic(toks: &[Tok], ctx: Ctx) -> Vec<usize> {
    let mut c = Classifier::new(ctx.type_ctx);
    let mut ops = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let (role, _) = c.step(t, toks.get(i + 1));
        if role == Role::Infix && !c.nested() && matches!(t, Tok::Op("||" | "&&" | "|")) {
            ops.push(i);
        }
        if let Tok::Word(w) = t
            && block_body(toks, i, w).is_some()
        {
            // The operators of a condition are not the sequence's own.
            return Vec::new();
        }
    }
    ops
}

/// The top-level `.` that start a method call (`.name(` or `.name::<T>(`).
fn chain_calls(toks: &[Tok], ctx: Ctx) -> Vec<usize> {
    let mut c = Classifier::new(ctx.type_ctx);
    let mut calls = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        c.step(t, toks.get(i + 1));
        if t.is_op(".") && !c.nested() && matches!(toks.get(i + 1), Some(Tok::Word(_))) {
            let call = match toks.get(i + 2) {
                Some(Tok::Group(Delim::Paren, _)) => true,
                Some(Tok::Op("::")) => {
                    toks[i + 3..].iter().find(|t| matches!(t, Tok::Group(..))).is_some_and(|g| g.is_group(Delim::Paren))
                }
                _ => false,
            };
            if call {
                calls.push(i);
            }
        }
        if let Tok::Word(w) = t
            && block_body(toks, i, w).is_some()
        {
            return Vec::new();
        }
    }
    calls
}
