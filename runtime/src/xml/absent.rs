//! Which required elements a lenient parse did not find.

use std::fmt;

/// Positions (in the type's element order) of required elements that were absent from a parsed
/// message. Generated structs keep one so that re-serializing a parsed message writes exactly the
/// elements that were received; values built in code have none absent. Empty costs no allocation,
/// and one word in every generated struct (boxed: a parsed list holds one per item).
// A boxed `Vec`, not a boxed slice: one word, where a slice pointer is two.
#[allow(clippy::box_collection)]
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Absent(Option<Box<Vec<u16>>>);

impl Absent {
    /// Whether element `index` was absent.
    #[inline]
    pub fn has(&self, index: u16) -> bool {
        self.0.as_ref().is_some_and(|v| v.contains(&index))
    }

    /// Records element `index` as absent.
    pub fn insert(&mut self, index: u16) {
        let v = self.0.get_or_insert_with(Box::default);
        if let Err(at) = v.binary_search(&index) {
            v.insert(at, index);
        }
    }

    /// Marks element `index` as present again (after the caller set its value).
    pub fn remove(&mut self, index: u16) {
        if let Some(v) = &mut self.0 {
            v.retain(|i| *i != index);
            if v.is_empty() {
                // One representation of "none absent", for `==` and `Hash`.
                self.0 = None;
            }
        }
    }

    /// Whether every required element was present.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

impl fmt::Debug for Absent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.iter().flat_map(|v| v.iter())).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::Absent;

    #[test]
    fn none_absent_has_one_form() {
        let mut a = Absent::default();
        assert!(a.is_empty() && !a.has(0));
        a.insert(3);
        a.insert(1);
        a.insert(3);
        assert!(a.has(1) && a.has(3) && !a.has(2));
        assert_eq!(format!("{a:?}"), "{1, 3}");
        a.remove(1);
        a.remove(3);
        assert!(a.is_empty());
        assert_eq!(a, Absent::default());
        assert_eq!(std::mem::size_of::<Absent>(), std::mem::size_of::<usize>());
    }
}
