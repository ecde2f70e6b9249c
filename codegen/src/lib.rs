//! Turns service specs into typed Rust.
//!
//! One pass per stage: [`load`] reads files (keeping file:line:column of every node), [`wsdl`] and
//! [`xsd`] build the language-neutral [`model`], [`hierarchy`] finds what may stand where a type or
//! an element is declared (derivations, substitution groups), [`naming`] decides every Rust
//! identifier once, and [`rust`] renders tokens with `quote` and prints them as formatted source
//! with our own printer ([`rust::print`]).

pub mod diag;
pub mod generate;
pub mod hierarchy;
pub mod load;
pub mod manifest;
pub mod model;
pub mod naming;
pub mod rust;
pub mod standalone;
pub mod table;
pub mod wsdl;
pub mod xsd;
