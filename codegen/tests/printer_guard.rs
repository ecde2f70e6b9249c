//! The printer's guard. For every spec of `specs/`, every fixture of `tests/fixtures` and every
//! WSDL of the shared corpus (`../shared/corpus`, when it exists), each file's tokens are printed
//! by `codegen::rust::print::file` and:
//!
//! - the text parses with syn into the same syntax as the tokens themselves, compared as token
//!   strings (both sides through `syn::File`), except for what the printer may change without
//!   changing the meaning: a trailing comma at the end of braces, of parentheses after a path
//!   (arguments, parameters, fields), or of a list of two elements or more (outside macro
//!   arguments and attributes), and the spelling of a doc string it printed as a `///` comment (compared by value);
//! - printing the tokens of that text again gives the same text (the output is a fixed point),
//!   and printing the same tokens twice gives the same bytes.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// Problems found, at most a few per run so that the report stays readable.
struct Guard {
    failures: Mutex<Vec<String>>,
    checked: Mutex<(usize, usize)>,
}

impl Guard {
    fn new() -> Self {
        Guard { failures: Mutex::new(Vec::new()), checked: Mutex::new((0, 0)) }
    }

    fn fail(&self, what: &str, message: String) {
        let mut f = self.failures.lock().expect("lock");
        if f.len() < 8 {
            f.push(format!("{what}: {message}"));
        }
    }

    /// Prints `tokens` as the generator does, and checks the text.
    fn print(&self, what: &str, tokens: TokenStream) -> String {
        let printed = codegen::rust::print::file(tokens.clone());
        if codegen::rust::print::file(tokens.clone()) != printed {
            self.fail(what, "two printings of the same tokens differ".into());
        }
        if let Err(e) = compare(tokens, &printed) {
            self.fail(what, e);
        }
        match printed.parse::<TokenStream>() {
            Ok(again) => {
                if codegen::rust::print::file(again) != printed {
                    self.fail(what, "printing the printed text's tokens changes it".into());
                }
            }
            Err(e) => self.fail(what, format!("the printed text does not lex: {e}")),
        }
        let mut c = self.checked.lock().expect("lock");
        c.0 += 1;
        c.1 += printed.lines().count();
        printed
    }

    fn finish(self, what: &str) {
        let (parts, lines) = *self.checked.lock().expect("lock");
        println!("{what}: {parts} printed parts, {lines} lines checked");
        let failures = self.failures.into_inner().expect("lock");
        assert!(failures.is_empty(), "the printer changed the code:\n{}", failures.join("\n"));
        assert!(parts > 0, "nothing was printed");
    }
}

/// Whether `printed` reads back, with syn, as the same syntax as `tokens`.
fn compare(tokens: TokenStream, printed: &str) -> Result<(), String> {
    let expected = match syn::parse2::<syn::File>(tokens) {
        Ok(f) => normalized(f.into_token_stream()),
        Err(e) => return Err(format!("the generator's tokens do not parse: {e}")),
    };
    match syn::parse_file(printed) {
        Ok(f) => {
            let actual = normalized(f.into_token_stream());
            if actual != expected { Err(first_difference(&expected, &actual)) } else { Ok(()) }
        }
        Err(e) => {
            let line = e.span().start().line;
            let text = printed.lines().nth(line.saturating_sub(1)).unwrap_or("");
            Err(format!("the printed text does not parse: {e} at line {line}: {text}"))
        }
    }
}

/// The tokens as text, one per item, with the liberties the printer may take undone: trailing
/// commas dropped where they mean nothing, doc strings by value, negative literals as a minus and
/// a literal. Punctuation is glued only where the lexer would read an operator.
fn normalized(tokens: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    push(tokens, false, &mut out);
    out
}

/// `verbatim`: inside macro arguments or an attribute, where the printer changes no comma.
fn push(tokens: TokenStream, verbatim: bool, out: &mut Vec<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tt) in trees.iter().enumerate() {
        match tt {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push(open.into());
                let mut inner: Vec<TokenTree> = g.stream().into_iter().collect();
                if let [TokenTree::Ident(doc), TokenTree::Punct(eq), TokenTree::Literal(lit)] = &inner[..]
                    && doc == "doc"
                    && eq.as_char() == '='
                    && let Ok(s) = syn::parse2::<syn::LitStr>(lit.to_token_stream())
                {
                    out.extend(["doc".to_string(), "=".into(), format!("{:?}", s.value())]);
                    out.push(close.into());
                    continue;
                }
                let verbatim = verbatim
                    || i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if matches!(p.as_char(), '!' | '#'));
                // Parentheses after a path hold arguments, parameters or fields, never a tuple.
                let after_path = i > 0 && matches!(&trees[i - 1], TokenTree::Ident(id) if !keyword(&id.to_string()));
                let commas = inner.iter().filter(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')).count();
                if !verbatim
                    && matches!(inner.last(), Some(TokenTree::Punct(p)) if p.as_char() == ',')
                    && (g.delimiter() == Delimiter::Brace
                        || g.delimiter() == Delimiter::Parenthesis && after_path
                        || commas >= 2)
                {
                    inner.pop();
                }
                push(inner.into_iter().collect(), verbatim, out);
                out.push(close.into());
            }
            TokenTree::Punct(p) => {
                let glued = p.spacing() == Spacing::Joint
                    && matches!(trees.get(i + 1), Some(TokenTree::Punct(q)) if operator(p.as_char(), q.as_char()));
                let text = p.as_char().to_string();
                match out.last_mut() {
                    Some(last) if last.ends_with('\u{1}') => {
                        last.pop();
                        last.push_str(&text);
                    }
                    _ => out.push(text),
                }
                if glued && let Some(last) = out.last_mut() {
                    last.push('\u{1}');
                }
            }
            TokenTree::Literal(l) => {
                let s = l.to_string();
                match s.strip_prefix('-') {
                    Some(rest) => out.extend(["-".to_string(), rest.to_string()]),
                    None => out.push(s),
                }
            }
            TokenTree::Ident(id) => out.push(id.to_string()),
        }
    }
}

/// Rust's keywords that a group may follow, other than path segments (`self`, `Self`, `super`,
/// `crate`).
fn keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
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

/// Whether `a` then `b` start one of Rust's operators.
fn operator(a: char, b: char) -> bool {
    matches!(
        (a, b),
        (':', ':')
            | ('-', '>')
            | ('=', '>')
            | ('.', '.')
            | ('.', '=')
            | ('<', '<')
            | ('>', '>')
            | ('&', '&')
            | ('|', '|')
            | ('=' | '!' | '<' | '>' | '&' | '|' | '+' | '-' | '*' | '/' | '%' | '^', '=')
    )
}

fn first_difference(expected: &[String], actual: &[String]) -> String {
    let at = expected.iter().zip(actual).position(|(a, b)| a != b).unwrap_or(expected.len().min(actual.len()));
    let show = |t: &[String]| t[at.saturating_sub(12)..(at + 12).min(t.len())].join(" ").replace('\u{1}', "");
    format!("tokens differ at {at}:\n  tokens:  {}\n  printed: {}", show(expected), show(actual))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_guard_sees_what_changes_the_code() {
    let src = "#[doc = \" A.\"] fn f() -> Vec<Vec<u8>> { g(a, b); h((x)); m!(a, b); & &x; k(y,) }";
    let tokens: TokenStream = src.parse().expect("lexes");
    let same = "/// A.\nfn f() -> Vec<Vec<u8>> {\n    g(\n        a,\n        b,\n    );\n    h((x));\n    m!(a, b);\n    &&x;\n    k(y)\n}\n";
    assert_eq!(compare(tokens.clone(), same), Ok(()));
    for changed in [
        "/// B.\nfn f() -> Vec<Vec<u8>> { g(a, b); h((x)); m!(a, b); &&x; k(y) }",
        "/// A.\nfn f() -> Vec<Vec<u8>> { g(a); h((x)); m!(a, b); &&x; k(y) }",
        "/// A.\nfn f() -> Vec<Vec<u8>> { g(a, b); h((x,)); m!(a, b); &&x; k(y) }",
        "/// A.\nfn f() -> Vec<Vec<u8>> { g(a, b); h((x)); m!(a, b,); &&x; k(y) }",
        "/// A.\nfn f() -> Vec<Vec<u8>> { g(a, b); h((x)); m!(a, b); &x; k(y) }",
        "/// A.\nfn f() -> Vec<Vec<u8>> { g(a, b); h((x)); m!(a, b); &&x; k((y,)) }",
    ] {
        assert!(compare(tokens.clone(), changed).is_err(), "{changed}");
    }
}

#[test]
fn specs_and_fixtures_print_as_their_tokens() {
    let guard = Guard::new();
    let format = |tokens: TokenStream| guard.print("spec", tokens);
    let mut manifests = Vec::new();
    for dir in ["specs", "tests/fixtures"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .expect("read dir")
            .filter_map(|e| Some(e.ok()?.path().join("service.toml")))
            .filter(|p| p.exists())
            .collect();
        found.sort();
        manifests.extend(found);
    }
    assert!(manifests.len() >= 7, "specs and fixtures: {manifests:?}");
    for manifest in &manifests {
        let source = manifest.parent().map(|p| p.display().to_string()).unwrap_or_default();
        if let Err(d) = codegen::generate::from_manifest_with(manifest, &source, &format) {
            panic!("{}: {d}", manifest.display());
        }
    }
    guard.finish("specs and fixtures");
}

#[test]
fn corpus_wsdls_print_as_their_tokens() {
    let corpus = root().join("..").join("shared").join("corpus");
    if !corpus.join("corpus.toml").exists() {
        println!("note: {} not found, corpus part of the printer guard skipped", corpus.display());
        return;
    }
    let catalog = codegen::load::Catalog::from_toml_file(&corpus.join("corpus.toml")).expect("catalog");
    let text = std::fs::read_to_string(corpus.join("corpus.toml")).expect("corpus.toml");
    let table: toml::Table = toml::from_str(&text).expect("toml");
    let cases = table.get("case").and_then(|c| c.as_array()).cloned().unwrap_or_default();
    let only = std::env::var("CORPUS_CASES").ok();
    let guard = Guard::new();
    for case in &cases {
        let (Some(name), Some(wsdl)) =
            (case.get("name").and_then(|v| v.as_str()), case.get("wsdl").and_then(|v| v.as_str()))
        else {
            continue;
        };
        if only.as_deref().is_some_and(|o| !o.split(',').any(|c| c == name)) {
            continue;
        }
        let format = |tokens: TokenStream| guard.print(name, tokens);
        if let Err(d) = codegen::generate::from_wsdl_with(&corpus.join(wsdl), &catalog, wsdl, None, &format) {
            panic!("{name}: {d}");
        }
    }
    guard.finish("corpus");
}
