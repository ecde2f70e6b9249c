//! Business outcome of a processed request: success, warning, or rejection by result code.

use std::any::Any;
use std::fmt;

use super::Error;

/// A response carrying a business result code (implemented by generated response types).
pub trait ResultCode {
    /// The result code.
    fn result_code(&self) -> &str;
    /// A human-readable message accompanying the code (empty when the service declares none).
    fn result_message(&self) -> String {
        String::new()
    }
}

/// Which result codes mean success or success with a warning (all others: rejected).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutcomeRule {
    /// Success codes.
    pub success: &'static [&'static str],
    /// Warning codes (processed, with a caveat).
    pub warning: &'static [&'static str],
}

/// A processed request that was not rejected.
#[must_use]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// Success.
    Success(T),
    /// Processed with a warning code.
    Warning {
        /// The warning code.
        code: String,
        /// The response.
        response: T,
    },
}

impl<T> Outcome<T> {
    /// The response.
    pub fn response(&self) -> &T {
        match self {
            Outcome::Success(r) | Outcome::Warning { response: r, .. } => r,
        }
    }

    /// The response and the warning code, if any.
    pub fn into_parts(self) -> (T, Option<String>) {
        match self {
            Outcome::Success(r) => (r, None),
            Outcome::Warning { code, response } => (response, Some(code)),
        }
    }

    /// The warning code, if any.
    pub fn warning(&self) -> Option<&str> {
        match self {
            Outcome::Success(_) => None,
            Outcome::Warning { code, .. } => Some(code),
        }
    }

    /// True for a plain success.
    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Success(_))
    }
}

/// A request the service processed and refused.
pub struct Rejected {
    /// The operation.
    pub operation: &'static str,
    /// The result code.
    pub code: String,
    /// A message built from the response.
    pub message: String,
    response: Box<dyn Any + Send + Sync>,
}

impl Rejected {
    /// Builds a rejection keeping the response.
    pub fn new<T: Any + Send + Sync>(operation: &'static str, code: String, message: String, response: T) -> Self {
        Rejected { operation, code, message, response: Box::new(response) }
    }

    /// The response, if it is a `T`.
    pub fn response<T: 'static>(&self) -> Option<&T> {
        self.response.downcast_ref::<T>()
    }
}

impl fmt::Debug for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rejected")
            .field("operation", &self.operation)
            .field("code", &self.code)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} rejected with code {}: {}", self.operation, self.code, self.message)
    }
}

impl OutcomeRule {
    /// Classifies `response` by its result code.
    pub fn classify<T: ResultCode + Send + Sync + 'static>(
        &self,
        operation: &'static str,
        response: T,
    ) -> Result<Outcome<T>, Error> {
        let code = response.result_code();
        if self.success.contains(&code) {
            Ok(Outcome::Success(response))
        } else if self.warning.contains(&code) {
            let code = code.to_owned();
            Ok(Outcome::Warning { code, response })
        } else {
            let code = code.to_owned();
            let msg = response.result_message();
            Err(Error::Rejected(Box::new(Rejected::new(operation, code, msg, response))))
        }
    }
}
