//! Reading a child element's value, two ways.
//!
//! Generated readers keep the child in the reader: [`XmlReader::next_child_start`] opens it,
//! [`child_is`](XmlReader::child_is) matches its name (by namespace URI, never by prefix), and the
//! `*_child` methods read it in place ([`FromXml::read_current`]), so no [`Element`] is built,
//! returned and moved per child. [`take_child`](XmlReader::take_child) moves it out for what needs
//! an `Element` of its own (attributes, `xsi:type`, choices, `xs:any`). The methods taking an
//! `&Element` read an element that [`next_child`](XmlReader::next_child) returned; both ways
//! record the same deviations at the same paths.

use std::borrow::Cow;

use super::super::element::Element;
use super::super::error::{Deviation, DeviationKind, ValueError, XmlError};
use super::super::{FromXml, Nillable};
use super::XmlReader;

impl<'a> XmlReader<'a> {
    /// The current child: what [`next_child_start`](Self::next_child_start) opened last (after
    /// [`take_child`](Self::take_child), an element of no name at depth 0, which is never open).
    #[inline]
    pub fn child(&self) -> &Element<'a> {
        &self.child
    }

    /// True when the current child is `{ns}local` (compared by namespace URI, never by prefix).
    #[inline(always)]
    pub fn child_is(&self, ns: &str, local: &str) -> bool {
        self.child.is(ns, local)
    }

    /// Moves the current child out of the reader (it is still open: read it with the methods
    /// taking an `&Element`, or skip it).
    #[inline]
    pub fn take_child(&mut self) -> Element<'a> {
        std::mem::replace(&mut self.child, Element::TAKEN)
    }

    /// Whether the current child is the innermost open element (not read yet, not taken).
    #[inline(always)]
    fn child_open(&self) -> bool {
        self.child.depth != 0 && self.child.depth as usize == self.frames.len()
    }

    /// The text content of the current child, as [`text`](Self::text) reads it.
    #[inline]
    pub fn child_text(&mut self) -> Result<Cow<'a, str>, XmlError> {
        if !self.child_open() {
            return Err(XmlError::Usage("no current child to read"));
        }
        self.text_of_open()
    }

    /// Reads the current child as a `T` ([`read`](Self::read) for the current child).
    #[inline]
    pub fn read_child<T: FromXml + Default>(&mut self) -> Result<T, XmlError> {
        if !self.child_open() {
            return Err(XmlError::Usage("no current child to read"));
        }
        if self.child.nil {
            self.record(DeviationKind::NilNotAllowed, "nil for a non-nillable element");
            self.skip_child()?;
            return Ok(T::default());
        }
        T::read_current(self)
    }

    /// Reads the current child, which may be nil.
    #[inline]
    pub fn read_nillable_child<T: FromXml + Default>(&mut self) -> Result<Nillable<T>, XmlError> {
        if !self.child_open() {
            return Err(XmlError::Usage("no current child to read"));
        }
        if self.child.nil {
            self.skip_child()?;
            return Ok(Nillable::Nil);
        }
        T::read_current(self).map(Nillable::Value)
    }

    /// Reads the current child, an element that may occur at most once, into `slot` (a second
    /// occurrence is a deviation; the last one is kept).
    #[inline]
    pub fn read_once_child<T: FromXml + Default>(&mut self, slot: &mut Option<T>) -> Result<(), XmlError> {
        if slot.is_some() {
            self.duplicate_child();
        }
        // A `match`, not `?`: the value is moved once, not through `?`'s temporaries (for a
        // generated struct, each is a copy of the whole value).
        match self.read_child() {
            Ok(v) => {
                *slot = Some(v);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// [`read_once_child`](Self::read_once_child) for a nillable element.
    #[inline]
    pub fn read_once_nillable_child<T: FromXml + Default>(
        &mut self,
        slot: &mut Option<Nillable<T>>,
    ) -> Result<(), XmlError> {
        if slot.is_some() {
            self.duplicate_child();
        }
        match self.read_nillable_child() {
            Ok(v) => {
                *slot = Some(v);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Reads the current child, an element that may repeat, onto the end of `list`.
    #[inline]
    pub fn push_child<T: FromXml + Default>(&mut self, list: &mut Vec<T>) -> Result<(), XmlError> {
        match self.read_child() {
            Ok(v) => {
                list.push(v);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// [`push_child`](Self::push_child) for a nillable element.
    #[inline]
    pub fn push_nillable_child<T: FromXml + Default>(&mut self, list: &mut Vec<Nillable<T>>) -> Result<(), XmlError> {
        match self.read_nillable_child() {
            Ok(v) => {
                list.push(v);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    #[cold]
    fn duplicate_child(&mut self) {
        let detail = format!("duplicate element {}", self.child.local_name());
        self.record(DeviationKind::Duplicate, detail);
    }

    /// Skips the current child with everything inside it (checked as [`skip`](Self::skip)
    /// checks it).
    pub fn skip_child(&mut self) -> Result<(), XmlError> {
        if !self.child_open() {
            return Err(XmlError::Usage("no current child to skip"));
        }
        self.skip_to(self.child.depth)
    }

    /// Skips the current child, not expected here, recording a deviation.
    #[cold]
    pub fn unexpected_child(&mut self) -> Result<(), XmlError> {
        let detail = unexpected_detail(&self.child);
        self.record(DeviationKind::Unexpected, detail);
        self.skip_child()
    }

    /// Checks the current child, about to be kept by an `xs:any`, against the wildcard's
    /// namespace constraint: outside it, a deviation (an error in strict mode); the caller keeps
    /// the element as received either way, so re-serializing writes what came.
    pub fn check_wildcard_child(&mut self, allowed: &super::super::Namespaces) {
        if !allowed.allows(self.child.namespace()) {
            let detail = format!("{} (the wildcard allows {})", unexpected_detail(&self.child), allowed.describe());
            self.record(DeviationKind::Unexpected, detail);
        }
    }

    /// Reports a scalar of the current child that could not be parsed ([`bad_value`](Self::bad_value)
    /// for the current child). Call after the text was read.
    #[cold]
    pub fn bad_value_child(&mut self, err: &ValueError) -> Result<(), XmlError> {
        self.bad_value_at(self.child.depth, self.child.local, err)
    }

    /// Reads `el` as a `T`. `xsi:nil="true"` on it is a deviation (the element is skipped and
    /// `T::default()` returned).
    #[inline]
    pub fn read<T: FromXml + Default>(&mut self, el: &Element) -> Result<T, XmlError> {
        if el.is_nil() {
            self.record(DeviationKind::NilNotAllowed, "nil for a non-nillable element");
            self.skip(el)?;
            return Ok(T::default());
        }
        T::read_xml(self, el)
    }

    /// Reads a nillable element.
    #[inline]
    pub fn read_nillable<T: FromXml + Default>(&mut self, el: &Element) -> Result<Nillable<T>, XmlError> {
        if el.is_nil() {
            self.skip(el)?;
            return Ok(Nillable::Nil);
        }
        T::read_xml(self, el).map(Nillable::Value)
    }

    /// Reads an element that may occur at most once into `slot` (a second occurrence is a
    /// deviation; the last one is kept).
    #[inline]
    pub fn read_once<T: FromXml + Default>(&mut self, el: &Element, slot: &mut Option<T>) -> Result<(), XmlError> {
        if slot.is_some() {
            self.record(DeviationKind::Duplicate, format!("duplicate element {}", el.local_name()));
        }
        *slot = Some(self.read(el)?);
        Ok(())
    }

    /// [`read_once`](Self::read_once) for a nillable element.
    #[inline]
    pub fn read_once_nillable<T: FromXml + Default>(
        &mut self,
        el: &Element,
        slot: &mut Option<Nillable<T>>,
    ) -> Result<(), XmlError> {
        if slot.is_some() {
            self.record(DeviationKind::Duplicate, format!("duplicate element {}", el.local_name()));
        }
        *slot = Some(self.read_nillable(el)?);
        Ok(())
    }

    /// Skips an element not expected here, recording a deviation.
    pub fn unexpected(&mut self, el: &Element) -> Result<(), XmlError> {
        let detail = unexpected_detail(el);
        self.record(DeviationKind::Unexpected, detail);
        self.skip(el)
    }

    /// Reports a scalar of `el` that could not be parsed: an error in strict mode, a
    /// [`DeviationKind::BadValue`] deviation otherwise. Call after the text was read.
    pub fn bad_value(&mut self, el: &Element, err: &ValueError) -> Result<(), XmlError> {
        self.bad_value_at(el.depth, el.local_name(), err)
    }

    /// [`bad_value`](Self::bad_value) of the element `local` at `depth`.
    fn bad_value_at(&mut self, depth: u32, local: &str, err: &ValueError) -> Result<(), XmlError> {
        let path = if self.frames.len() < depth as usize { self.path_with(local) } else { self.path() };
        if self.options.strict {
            return Err(XmlError::Value { path, message: err.message.clone() });
        }
        self.deviations.push(Deviation { path, kind: DeviationKind::BadValue, detail: err.message.clone() });
        Ok(())
    }
}

fn unexpected_detail(el: &Element<'_>) -> String {
    if el.namespace().is_empty() {
        format!("unexpected element {}", el.local_name())
    } else {
        format!("unexpected element {{{}}}{}", el.namespace(), el.local_name())
    }
}
