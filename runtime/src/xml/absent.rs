//! Which required elements a lenient parse did not find.

use std::fmt;

/// Positions (in the type's element order) of required elements that were absent from a parsed
/// message. Generated structs keep one so that re-serializing a parsed message writes exactly the
/// elements that were received; values built in code have none absent. Empty costs no allocation.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Absent(Vec<u16>);

impl Absent {
    /// Whether element `index` was absent.
    pub fn has(&self, index: u16) -> bool {
        self.0.contains(&index)
    }

    /// Records element `index` as absent.
    pub fn insert(&mut self, index: u16) {
        if let Err(at) = self.0.binary_search(&index) {
            self.0.insert(at, index);
        }
    }

    /// Marks element `index` as present again (after the caller set its value).
    pub fn remove(&mut self, index: u16) {
        self.0.retain(|i| *i != index);
    }

    /// Whether every required element was present.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Absent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(&self.0).finish()
    }
}
