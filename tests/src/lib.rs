//! Support for the integration tests: where the shared corpus is, fake servers that behave like the
//! real services (written without any of our own code: they read requests with roxmltree and answer
//! with vendor-style XML), XML equivalence, the xmllint validator, and for the corpus round trips:
//! the generated workspace, sample instances built from the model, and schema sets for xmllint.

pub mod corpus;
pub mod corpus_workspace;
pub mod fake_lyra;
pub mod fake_payline;
pub mod fake_safedebit;
pub mod regex_sample;
pub mod samples;
pub mod schema_set;
pub mod xml_equiv;
pub mod xmllint;
