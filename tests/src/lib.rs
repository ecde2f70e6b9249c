//! Support for the integration tests: where the shared corpus is, fake servers that behave like the
//! real services (written without any of our own code: they read requests with roxmltree and answer
//! with vendor-style XML), XML equivalence, and the xmllint validator.

pub mod corpus;
pub mod fake_lyra;
pub mod fake_payline;
pub mod fake_safedebit;
pub mod xml_equiv;
pub mod xmllint;
