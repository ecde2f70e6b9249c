//! Field-level helpers generated `FromXml` implementations call: required elements that may be
//! absent, attributes, and simple content.

use super::{Absent, DeviationKind, Element, FromXml, SimpleValue, XmlError, XmlReader};

impl<'a> XmlReader<'a> {
    /// Like [`XmlReader::required`], and remembers in `absent` that element `index` was missing so
    /// that re-serializing does not invent it.
    #[inline]
    pub fn required_or_absent<T: Default>(
        &mut self,
        slot: Option<T>,
        name: &'static str,
        index: u16,
        absent: &mut Absent,
    ) -> T {
        if slot.is_none() {
            absent.insert(index);
        }
        self.required(slot, name)
    }

    /// The value of attribute `{ns}local` of `el`, parsed. An unparseable value is a deviation
    /// (lenient: the attribute reads as absent) or, in strict mode, an error.
    pub fn attribute<T: SimpleValue>(&mut self, el: &Element, ns: &str, local: &str) -> Result<Option<T>, XmlError> {
        let Some(text) = el.attr(ns, local) else { return Ok(None) };
        match T::from_text(text) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                if self.is_strict() {
                    return Err(XmlError::Value { path: format!("{}/@{local}", self.path()), message: e.to_string() });
                }
                self.record(DeviationKind::BadValue, format!("attribute {local}: {e}"));
                Ok(None)
            }
        }
    }

    /// The text content of `el` (simple content of a complex type), parsed.
    pub fn simple_content<T: FromXml + Default>(&mut self, el: &Element) -> Result<T, XmlError> {
        T::read_xml(self, el)
    }
}
