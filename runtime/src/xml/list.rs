//! `xsd:list` values: items of a simple type separated by whitespace on the wire.

use std::borrow::Cow;
use std::ops::{Deref, DerefMut};

use super::{NamespaceScope, SimpleValue, ValueError, XmlWriter};

/// A whitespace-separated list of simple values (`xsd:list`): `"Monday Friday"` is
/// `List(vec![Monday, Friday])`. Length facets count items, as XML Schema says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct List<T>(pub Vec<T>);

impl<T> List<T> {
    /// A list of these items.
    pub fn new(items: Vec<T>) -> Self {
        List(items)
    }
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        List(items)
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        List(iter.into_iter().collect())
    }
}

impl<T> Deref for List<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for List<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The items of a list's lexical form: XML whitespace separates them (the list's whitespace facet
/// is `collapse`, so leading, trailing and repeated separators do not make empty items).
fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split([' ', '\t', '\n', '\r']).filter(|s| !s.is_empty())
}

impl<T: SimpleValue> SimpleValue for List<T> {
    const NEEDS_NAMESPACES: bool = T::NEEDS_NAMESPACES;

    fn to_text(&self) -> Cow<'_, str> {
        match self.0.as_slice() {
            [one] => one.to_text(),
            all => {
                let mut out = String::new();
                for (i, v) in all.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(&v.to_text());
                }
                Cow::Owned(out)
            }
        }
    }

    fn from_text(text: &str) -> Result<Self, ValueError> {
        items(text).map(T::from_text).collect()
    }

    fn from_text_in_scope(text: &str, scope: &NamespaceScope) -> Result<Self, ValueError> {
        items(text).map(|t| T::from_text_in_scope(t, scope)).collect()
    }

    fn is_known(&self) -> bool {
        self.0.iter().all(SimpleValue::is_known)
    }

    fn facet_length(&self) -> Option<usize> {
        Some(self.0.len())
    }

    fn write_text(&self, w: &mut XmlWriter) {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                w.text(" ");
            }
            v.write_text(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_split_on_any_xml_whitespace_and_joined_with_one_space() {
        let l = List::<i32>::from_text("  1\t2\n\r3  ").unwrap();
        assert_eq!(l.0, vec![1, 2, 3]);
        assert_eq!(l.to_text(), "1 2 3");
        assert_eq!(l.facet_length(), Some(3));
        assert_eq!(List::<i32>::from_text("").unwrap().0, Vec::<i32>::new());
    }

    #[test]
    fn a_bad_item_is_a_typed_error() {
        assert!(List::<i32>::from_text("1 two 3").is_err());
    }
}
