//! Our own Rust printer: the token streams `quote!` builds, printed straight to formatted source
//! text, without parsing them into a syntax tree first.
//!
//! - [`tree`]: the tokens as text, punctuation merged into operators;
//! - [`classify`]: what each token is in its sequence, hence the spaces between tokens;
//! - [`flat`]: a sequence on one line, or its width;
//! - [`layout`]: sequences broken over lines when they do not fit in [`layout::MAX`] columns;
//! - [`block`]: blocks and `match` arms; [`item`]: items, fields, variants, attributes;
//! - [`doc`]: `#[doc = "..."]` back as `///` comments.
//!
//! The printer only chooses where spaces and line breaks go, prints `#[doc = "..."]` as `///`
//! where the comment reads back as the same string, and adds or leaves out a trailing comma where
//! that means the same (in braces, in the parentheses of a call, parameters or a tuple struct, in
//! a list of two elements or more; never in macro arguments or attributes): the text reads back
//! as the same tokens otherwise. The guard test (`codegen/tests/printer_guard.rs`) holds it to
//! that for every spec, fixture and corpus WSDL, and to printing its own output unchanged. The
//! same tokens always give the same text, and no token stream makes it panic (`tests.rs`).

mod block;
mod classify;
mod doc;
mod flat;
mod item;
mod layout;
mod tree;

use proc_macro2::TokenStream;

/// Prints the items of a Rust file (what `quote!` made of them) as formatted source text, each
/// line ending with a newline; nothing for no items.
pub fn file(tokens: TokenStream) -> String {
    let toks = tree::from_stream(tokens);
    let mut p = layout::Printer::new();
    p.out.reserve(toks.len() * 8);
    p.items(&toks);
    let mut out = p.out;
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
