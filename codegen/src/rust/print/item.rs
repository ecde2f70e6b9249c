//! Items (functions, impls, traits, modules, structs, enums, uses, constants), their attributes
//! and doc comments, and the bodies of structs and enums: one field or variant per line.

use super::classify::split_commas;
use super::doc;
use super::flat::Ctx;
use super::layout::{INDENT, Printer};
use super::tree::{Delim, Tok};

/// The length of the attribute at the start of `toks` (`#[...]` or `#![...]`), if one is there.
pub(crate) fn attribute_len(toks: &[Tok]) -> Option<usize> {
    match toks {
        [Tok::Op("#"), Tok::Group(Delim::Bracket, _), ..] => Some(2),
        [Tok::Op("#"), Tok::Op("!"), Tok::Group(Delim::Bracket, _), ..] => Some(3),
        _ => None,
    }
}

/// Where the word that says what an item is (`fn`, `struct`, `impl`, ...) stands, past the
/// visibility and the qualifiers.
fn kind_index(toks: &[Tok]) -> usize {
    let mut i = 0;
    loop {
        match (toks.get(i), toks.get(i + 1)) {
            (Some(Tok::Word(w)), next) if &**w == "pub" => {
                i += if matches!(next, Some(Tok::Group(Delim::Paren, _))) { 2 } else { 1 };
            }
            (Some(Tok::Word(w)), Some(Tok::Word(_))) if matches!(&**w, "unsafe" | "async" | "default") => i += 1,
            (Some(Tok::Word(w)), Some(Tok::Lit(_))) if &**w == "extern" => i += 2,
            (Some(Tok::Word(w)), Some(Tok::Word(n)))
                if &**w == "const" && matches!(&**n, "fn" | "unsafe" | "async" | "extern") =>
            {
                i += 1
            }
            _ => return i,
        }
    }
}

/// Whether `toks` starts with an item (in a block, where statements and items mix).
pub(crate) fn is_item_start(toks: &[Tok]) -> bool {
    let k = kind_index(toks);
    let public = toks.first().is_some_and(|t| t.is_word("pub"));
    let Some(Tok::Word(w)) = toks.get(k) else { return public };
    match &**w {
        "fn" | "struct" | "enum" | "trait" | "impl" | "mod" | "use" | "static" | "type" | "extern" | "macro_rules" => {
            true
        }
        "const" | "union" => matches!(toks.get(k + 1), Some(Tok::Word(_))),
        _ => public,
    }
}

/// The length of the item at the start of `toks`: up to its `;`, or its body in braces.
pub(crate) fn item_end(toks: &[Tok]) -> usize {
    let k = kind_index(toks);
    let semi_only = match (toks.get(k), toks.get(k + 1)) {
        (Some(Tok::Word(w)), _) if matches!(&**w, "use" | "static" | "const" | "type") => true,
        (Some(Tok::Word(w)), Some(Tok::Word(n))) => &**w == "extern" && &**n == "crate",
        _ => false,
    };
    for (i, t) in toks.iter().enumerate().skip(k) {
        if t.is_op(";") {
            return i + 1;
        }
        if !semi_only && t.is_group(Delim::Brace) {
            // A macro in braces may be followed by its `;`.
            let is_macro = i >= 1 && toks[i - 1].is_op("!") || i >= 2 && toks[i - 2].is_op("!");
            return if is_macro && toks.get(i + 1).is_some_and(|t| t.is_op(";")) { i + 2 } else { i + 1 };
        }
    }
    toks.len()
}

impl Printer {
    /// Items one per line, each after its attributes (one per line).
    pub(crate) fn items(&mut self, toks: &[Tok]) {
        let mut i = 0;
        while i < toks.len() {
            if !self.at_start() {
                self.newline();
            }
            if let Some(n) = attribute_len(&toks[i..]) {
                self.attribute(&toks[i..i + n]);
                i += n;
                continue;
            }
            let end = i + item_end(&toks[i..]).max(1);
            self.item(&toks[i..end]);
            i = end;
        }
    }

    /// An attribute on its line; a doc attribute as a `///` or `//!` comment.
    pub(crate) fn attribute(&mut self, toks: &[Tok]) {
        let inner = toks.len() == 3;
        if let Some(Tok::Group(_, content)) = toks.last()
            && let Some(text) = doc::comment(content, inner)
        {
            self.put(if inner { "//!" } else { "///" });
            self.put(&text);
            return;
        }
        self.seq(toks, Ctx::EXPR, 0);
    }

    /// One item, its attributes already printed.
    pub(crate) fn item(&mut self, toks: &[Tok]) {
        let k = kind_index(toks);
        let kind = match toks.get(k) {
            Some(Tok::Word(w)) => &**w,
            _ => "",
        };
        let Some(Tok::Group(Delim::Brace, body)) = toks.last() else {
            let ctx = match kind {
                "use" => Ctx { use_tree: true, ..Ctx::EXPR },
                "fn" | "struct" | "union" => Ctx::TYPE,
                _ => Ctx::EXPR,
            };
            return self.seq(toks, ctx, 0);
        };
        let header = &toks[..toks.len() - 1];
        match kind {
            "fn" | "impl" | "trait" | "mod" | "extern" | "struct" | "union" | "enum" => {
                self.seq(header, Ctx::TYPE, 2);
                self.put(" ");
                match kind {
                    "fn" => self.block(body),
                    "struct" | "union" => self.fields(body, false),
                    "enum" => self.fields(body, true),
                    _ => self.item_body(body),
                }
            }
            _ => self.seq(toks, Ctx::EXPR, 0),
        }
    }

    /// The items of an impl, a trait or a module.
    fn item_body(&mut self, inner: &[Tok]) {
        if inner.is_empty() {
            self.put("{}");
            return;
        }
        let base = self.indent;
        self.put("{");
        self.indent += INDENT;
        self.items(inner);
        self.indent = base;
        self.newline();
        self.put("}");
    }

    /// The fields of a struct, or the variants of an enum, one per line with its comma.
    fn fields(&mut self, inner: &[Tok], variants: bool) {
        if inner.is_empty() {
            self.put("{}");
            return;
        }
        let base = self.indent;
        self.put("{");
        self.indent += INDENT;
        let (elems, _) = split_commas(inner, true);
        for e in elems {
            self.newline();
            let mut i = 0;
            while let Some(n) = attribute_len(&e[i..]) {
                self.attribute(&e[i..i + n]);
                self.newline();
                i += n;
            }
            let e = &e[i..];
            match e.iter().position(|t| t.is_group(Delim::Brace)) {
                // A variant with named fields.
                Some(b) if variants => {
                    self.seq(&e[..b], Ctx::TYPE, 2);
                    self.put(" ");
                    if let Tok::Group(_, fields) = &e[b] {
                        self.fields(fields, false);
                    }
                    if b + 1 < e.len() {
                        self.put(" ");
                        self.seq(&e[b + 1..], Ctx::TYPE, 1);
                    }
                }
                _ => self.seq(e, Ctx::TYPE, 1),
            }
            self.put(",");
        }
        self.indent = base;
        self.newline();
        self.put("}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rust::print::tree::from_stream;

    fn toks(src: &str) -> Vec<Tok> {
        from_stream(src.parse().expect("lexes"))
    }

    #[test]
    fn items_end_at_their_semicolon_or_body() {
        assert_eq!(item_end(&toks("pub(crate) const X: Foo = Foo { a: 1 }; fn f() {}")), 10);
        assert_eq!(item_end(&toks("pub fn f(&self) -> impl Fn() + Send; x")), 11);
        assert_eq!(item_end(&toks("impl<T> X for Y { } z")), 8);
        assert_eq!(item_end(&toks("struct T(u8); z")), 4);
        assert_eq!(item_end(&toks("m! { } ; z")), 4);
    }

    #[test]
    fn items_are_told_from_statements() {
        assert!(is_item_start(&toks("pub(crate) fn f() {}")));
        assert!(is_item_start(&toks("const X: u8 = 1;")));
        assert!(!is_item_start(&toks("const { 1 }")));
        assert!(!is_item_start(&toks("unsafe { f() }")));
        assert!(is_item_start(&toks("unsafe fn f() {}")));
        assert!(!is_item_start(&toks("x = 1;")));
        assert_eq!(attribute_len(&toks("#![allow(x)] y")), Some(3));
    }
}
