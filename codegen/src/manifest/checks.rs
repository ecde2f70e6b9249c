//! `[[check]]`: rules the documentation gives that no XSD facet can express, run by the client
//! before sending (`runtime::checks`).
//!
//! ```toml
//! [[check]]
//! operation = "create"
//! path = "info/validity"        # element path from the request element
//! within_days = [0, 90]         # the date written in the value: from today to 90 days ahead
//! ```

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDecl {
    /// Operation name as in the WSDL.
    pub operation: String,
    /// Element path (`/`-separated local names) from the request element to an xsd:date or
    /// xsd:dateTime.
    pub path: String,
    /// `[min, max]`: the calendar date written in the value lies from today + min to today + max days.
    pub within_days: [i64; 2],
}
