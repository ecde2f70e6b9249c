//! Capturing elements as raw XML (`xs:any`, `xs:anyType`, unknown `xsi:type`s, fault details):
//! the fragment gets the declarations of the namespaces in scope, so it stands on its own.

use std::borrow::Cow;

use super::super::element::Element;
use super::super::error::XmlError;
use super::super::lexer::{Token, decode_text};
use super::super::writer::{XML_NS, escape_attr_string};
use super::{XmlReader, lex};

impl<'a> XmlReader<'a> {
    /// The innermost binding of each prefix in scope (`xml` aside), outermost first: the
    /// declarations a captured fragment needs to stand on its own.
    fn innermost_bindings(&self) -> Vec<(&'a str, Cow<'a, str>)> {
        let mut decls: Vec<(&'a str, Cow<'a, str>)> = Vec::new();
        for (p, ns) in self.bindings.iter().rev() {
            if *p != "xml" && !decls.iter().any(|(q, _)| q == p) {
                decls.push((p, ns.clone()));
            }
        }
        decls.reverse();
        decls
    }

    /// `el` itself, start and end tags included, as a well-formed fragment on its own (what an
    /// `xs:any` wildcard matched): the start tag is rebuilt with the namespaces in scope declared
    /// on it and its attributes, the content is captured as [`capture_inner`](Self::capture_inner)
    /// does. Consumes everything up to and including `el`'s end tag.
    pub fn capture_outer(&mut self, el: &Element<'_>) -> Result<String, XmlError> {
        self.check_current(el)?;
        // The element's own declarations included.
        let decls = self.innermost_bindings();
        let prefix = if el.namespace().is_empty() {
            Some("")
        } else {
            decls.iter().find(|(_, ns)| ns == el.namespace()).map(|(p, _)| *p)
        };
        let prefix = prefix.ok_or(XmlError::Usage("the element's namespace is not in scope"))?;
        let mut start =
            if prefix.is_empty() { el.local_name().to_owned() } else { format!("{prefix}:{}", el.local_name()) };
        let name = start.clone();
        for (p, ns) in &decls {
            // An unqualified element under a default namespace undeclares it.
            let uri = if p.is_empty() && el.namespace().is_empty() { "" } else { &**ns };
            if p.is_empty() {
                start.push_str(" xmlns=\"");
            } else {
                start.push_str(" xmlns:");
                start.push_str(p);
                start.push_str("=\"");
            }
            start.push_str(&escape_attr_string(uri));
            start.push('"');
        }
        for a in el.attrs() {
            start.push(' ');
            if !a.ns.is_empty() {
                let p = if &*a.ns == XML_NS {
                    Some("xml")
                } else {
                    decls.iter().find(|(p, ns)| !p.is_empty() && *ns == a.ns).map(|(p, _)| *p)
                };
                start.push_str(p.ok_or(XmlError::Usage("an attribute's namespace is not in scope"))?);
                start.push(':');
            }
            start.push_str(a.local);
            start.push_str("=\"");
            start.push_str(&escape_attr_string(&a.value));
            start.push('"');
        }
        let inner = self.capture_inner(el)?;
        Ok(format!("<{start}>{inner}</{name}>"))
    }

    /// Captures the inner XML of `el` verbatim (up to and including its end tag), adding
    /// declarations of the namespaces in scope to its top-level elements so that the fragment is
    /// well-formed on its own. The content is checked as [`skip`](Self::skip) checks it.
    pub fn capture_inner(&mut self, el: &Element<'_>) -> Result<String, XmlError> {
        self.check_current(el)?;
        if self.empty_pending {
            self.pop();
            return Ok(String::new());
        }
        let depth = self.frames.len();
        // Namespace declarations to add (an undeclared default namespace needs none).
        let mut decls = self.innermost_bindings();
        decls.retain(|(p, ns)| !(p.is_empty() && ns.is_empty()));
        let input = self.lexer.input();
        let mut out = String::new();
        let mut cursor = self.lexer.position();
        loop {
            let before = self.lexer.position();
            match self.token()? {
                tok @ (Token::Start(t) | Token::Empty(t)) => {
                    if self.frames.len() == depth {
                        let insert = self.lexer.offset_of(t.name) + t.name.len();
                        out.push_str(input.get(cursor..insert).unwrap_or_default());
                        cursor = insert;
                        let mut own: Vec<&str> = Vec::new();
                        for a in self.lexer.attributes(&t) {
                            let (name, _) = a.map_err(lex)?;
                            if name == "xmlns" {
                                own.push("");
                            } else if let Some(p) = name.strip_prefix("xmlns:") {
                                own.push(p);
                            }
                        }
                        for (p, ns) in &decls {
                            if own.contains(p) {
                                continue;
                            }
                            if p.is_empty() {
                                out.push_str(" xmlns=\"");
                            } else {
                                out.push_str(" xmlns:");
                                out.push_str(p);
                                out.push_str("=\"");
                            }
                            out.push_str(&escape_attr_string(ns));
                            out.push('"');
                        }
                    }
                    let empty = matches!(tok, Token::Empty(_));
                    self.open(t, empty)?;
                    if empty {
                        self.pop();
                    }
                }
                Token::End(name) => {
                    if self.frames.len() == depth {
                        out.push_str(input.get(cursor..before).unwrap_or_default());
                        self.close(name)?;
                        return Ok(out);
                    }
                    self.close(name)?;
                }
                Token::Text(t) => {
                    decode_text(t, before).map_err(lex)?;
                }
                Token::Decl => return Err(self.syntax("misplaced XML declaration")),
                Token::Eof => return Err(XmlError::Eof),
                Token::CData(_) | Token::Comment | Token::Pi | Token::DocType => {}
            }
        }
    }
}
