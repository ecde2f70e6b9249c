//! Support for the integration tests: where the shared corpus is, fake servers that behave like the
//! real services (implementations of the generated service traits, mounted with the generated
//! routers, every request recorded as it arrived), XML equivalence, the xmllint validator, and for
//! the corpus round trips: the generated workspace, sample instances built from the model, and
//! schema sets for xmllint.

/// The generated module of tests/fixtures/anyattr (attribute wildcards, xs:anyAttribute), used by
/// `any_attributes.rs`.
#[rustfmt::skip] // formatted by the generator (codegen::rust::print)
#[path = "../fixtures/anyattr/generated/mod.rs"]
pub mod anyattr;
/// The generated module of tests/fixtures/choices (xs:choice in its forms), used by `choices.rs`.
#[rustfmt::skip] // formatted by the generator (codegen::rust::print)
#[path = "../fixtures/choices/generated/mod.rs"]
pub mod choices;
pub mod corpus;
pub mod corpus_workspace;
/// The generated module of tests/fixtures/encoded (rpc/encoded: SOAP encoding, arrays), used by
/// `rpc_encoded.rs`.
#[rustfmt::skip] // formatted by the generator (codegen::rust::print)
#[path = "../fixtures/encoded/generated/mod.rs"]
pub mod encoded;
pub mod fake_lyra;
pub mod fake_payline;
pub mod fake_safedebit;
pub mod recorder;
/// The generated module of tests/fixtures/safedebit_search (client and server of `search_payment`
/// and `ping`), used by the fake Safedebit server and `safedebit_search.rs`.
#[rustfmt::skip] // formatted by the generator (codegen::rust::print)
#[path = "../fixtures/safedebit_search/generated/mod.rs"]
pub mod safedebit_search;
/// The generated module of tests/fixtures/poly (derived types, abstract types and substitution
/// groups), used by `poly.rs`.
#[rustfmt::skip] // formatted by the generator (codegen::rust::print)
#[path = "../fixtures/poly/generated/mod.rs"]
pub mod poly;
pub mod regex_sample;
pub mod samples;
pub mod schema_set;
pub mod xml_equiv;
pub mod xmllint;
