//! Content without an element of its own: an `xs:choice` (a generated enum) or a branch of one
//! holding several elements (a generated struct). Its elements are siblings of the parent's other
//! children, so the parent reads it from a run of its children: the particle reads the first,
//! then the siblings after it while they belong to it, and hands back the first one that does not
//! (already opened: the parent handles it next).

use super::{Absent, DeviationKind, Element, FromXml, Nillable, ToXml, XmlError, XmlReader, XmlWriter};

/// A particle read from, and written among, its parent's children. `ToXml::write_content` writes
/// its elements; `write_attributes` is never called.
pub trait Particle: Sized + ToXml {
    /// Whether `el` can be this particle's first element (by namespace URI and local name).
    fn starts(el: &Element<'_>) -> bool;

    /// Reads the particle whose first element is `first` (one that [`starts`](Self::starts)
    /// accepts) and the siblings after it that belong to it. Returns the value and what was read
    /// past it.
    fn read_particle<'a>(r: &mut XmlReader<'a>, first: Element<'a>) -> ReadAhead<'a, Self>;
}

/// A value read from a run of siblings, and what was read past it.
pub type ReadAhead<'a, T> = Result<(T, Next<'a>), XmlError>;

/// What a particle read past its last element.
#[derive(Debug, Default)]
pub enum Next<'a> {
    /// Nothing: the parent reads its next child itself.
    #[default]
    Unread,
    /// The parent's next child, already opened: the parent handles it next.
    Child(Element<'a>),
    /// The parent's end tag: the parent has no more children.
    End,
}

impl<'a> Next<'a> {
    /// The child read ahead, if any.
    pub fn child(&self) -> Option<&Element<'a>> {
        match self {
            Next::Child(el) => Some(el),
            _ => None,
        }
    }
}

/// Where a parent keeps what it read of one particle: `Option` (at most once; a second occurrence
/// is a deviation and the last one is kept) or `Vec`, of the value or of a `Box` of it.
pub trait Slot<P> {
    /// Whether another value would replace one already read.
    fn is_taken(&self) -> bool;
    /// Stores `value`.
    fn put(&mut self, value: P);
}

impl<P> Slot<P> for Option<P> {
    fn is_taken(&self) -> bool {
        self.is_some()
    }
    fn put(&mut self, value: P) {
        *self = Some(value);
    }
}

impl<P> Slot<P> for Option<Box<P>> {
    fn is_taken(&self) -> bool {
        self.is_some()
    }
    fn put(&mut self, value: P) {
        *self = Some(Box::new(value));
    }
}

impl<P> Slot<P> for Vec<P> {
    fn is_taken(&self) -> bool {
        false
    }
    fn put(&mut self, value: P) {
        self.push(value);
    }
}

/// The next child to handle: the one read ahead, else the reader's next (`None` once the parent's
/// end tag is reached, which `next` then remembers).
pub fn next_child<'a>(r: &mut XmlReader<'a>, next: &mut Next<'a>) -> Result<Option<Element<'a>>, XmlError> {
    match std::mem::take(next) {
        Next::Child(el) => Ok(Some(el)),
        Next::End => {
            *next = Next::End;
            Ok(None)
        }
        Next::Unread => {
            let child = r.next_child()?;
            if child.is_none() {
                *next = Next::End;
            }
            Ok(child)
        }
    }
}

/// Reads the particle `P` that `first` starts into `slot`; returns what was read past it.
pub fn read_particle<'a, P: Particle>(
    r: &mut XmlReader<'a>,
    first: Element<'a>,
    slot: &mut impl Slot<P>,
) -> Result<Next<'a>, XmlError> {
    if slot.is_taken() {
        let detail = format!("duplicate choice (a second one starts at element {})", first.local_name());
        r.record(DeviationKind::Duplicate, detail);
    }
    let (value, next) = P::read_particle(r, first)?;
    slot.put(value);
    Ok(next)
}

/// Which member of a content model takes a child. `matches[k]`: member `k` (in sequence order)
/// can take it; `repeats[k]`: member `k` can take one more. `pos` is one past the member read
/// last (0 at first). The member is the first that matches after the one read last, or that one
/// again if it can take more; when there is none and the model is not `ordered` (a type's own
/// content, read leniently), the first that matches anywhere. `pos` moves past the member chosen.
///
/// An `ordered` model is a particle read from a run of siblings: a child that only fits an
/// earlier member ends it (it starts the next occurrence, or belongs to the parent).
pub fn pick(pos: &mut usize, matches: &[bool], repeats: &[bool], ordered: bool) -> Option<usize> {
    let again = pos.checked_sub(1).filter(|&k| matches.get(k) == Some(&true) && repeats.get(k) == Some(&true));
    let later = || matches.iter().enumerate().skip(*pos).find(|(_, m)| **m).map(|(k, _)| k);
    let k = match again.or_else(later) {
        Some(k) => k,
        None if ordered => return None,
        None => matches.iter().position(|m| *m)?,
    };
    *pos = k + 1;
    Some(k)
}

/// Whether `el` is one of `names` (namespace URI, local name).
pub fn is_one_of(el: &Element<'_>, names: &[(&str, &str)]) -> bool {
    names.iter().any(|(ns, local)| el.is(ns, local))
}

/// Whether a list of `len` items takes another, up to `max` (None: unbounded).
fn room(len: usize, max: Option<u32>) -> bool {
    max.is_none_or(|m| len < m as usize)
}

/// Reads element `first` and the siblings after it with the same name, `max` at most (the next
/// one begins another occurrence of the choice): a branch whose one element repeats.
pub fn read_run<'a, T: FromXml + Default>(
    r: &mut XmlReader<'a>,
    first: Element<'a>,
    max: Option<u32>,
) -> ReadAhead<'a, Vec<T>> {
    let mut items = vec![r.read(&first)?];
    while room(items.len(), max) {
        match r.next_child()? {
            Some(el) if el.is(first.namespace(), first.local_name()) => items.push(r.read(&el)?),
            Some(el) => return Ok((items, Next::Child(el))),
            None => return Ok((items, Next::End)),
        }
    }
    Ok((items, Next::Unread))
}

/// [`read_run`] for a nillable element.
pub fn read_run_nillable<'a, T: FromXml + Default>(
    r: &mut XmlReader<'a>,
    first: Element<'a>,
    max: Option<u32>,
) -> ReadAhead<'a, Vec<Nillable<T>>> {
    let mut items = vec![r.read_nillable(&first)?];
    while room(items.len(), max) {
        match r.next_child()? {
            Some(el) if el.is(first.namespace(), first.local_name()) => items.push(r.read_nillable(&el)?),
            Some(el) => return Ok((items, Next::Child(el))),
            None => return Ok((items, Next::End)),
        }
    }
    Ok((items, Next::Unread))
}

/// Reads particles `P` one after the other, the first from `first`, while the next child begins
/// another, `max` at most: a repeated choice inside a branch.
pub fn read_many<'a, P: Particle>(
    r: &mut XmlReader<'a>,
    first: Element<'a>,
    max: Option<u32>,
) -> ReadAhead<'a, Vec<P>> {
    let (value, mut next) = P::read_particle(r, first)?;
    let mut items = vec![value];
    while room(items.len(), max) {
        match next_child(r, &mut next)? {
            Some(el) if P::starts(&el) => {
                let (value, after) = P::read_particle(r, el)?;
                items.push(value);
                next = after;
            }
            Some(el) => return Ok((items, Next::Child(el))),
            None => return Ok((items, next)),
        }
    }
    Ok((items, next))
}

/// Writes each particle of a list.
pub fn write_all<P: ToXml>(w: &mut XmlWriter, items: &[P]) {
    for p in items {
        p.write_content(w);
    }
}

/// [`XmlReader::required_or_absent`] for a member of a particle whose run ended at `next`.
pub fn required<T: Default>(
    r: &mut XmlReader<'_>,
    slot: Option<T>,
    name: &'static str,
    index: u16,
    absent: &mut Absent,
    next: &Next<'_>,
) -> T {
    if slot.is_none() {
        absent.insert(index);
    }
    r.required_before(slot, name, next.child())
}

#[cfg(test)]
mod tests {
    use super::pick;

    #[test]
    fn pick_follows_the_sequence_and_repeats_within_bounds() {
        let mut pos = 0;
        // Members a, b (repeats), c; children a b b c.
        assert_eq!(pick(&mut pos, &[true, false, false], &[false, true, false], true), Some(0));
        assert_eq!(pick(&mut pos, &[false, true, false], &[false, true, false], true), Some(1));
        assert_eq!(pick(&mut pos, &[false, true, false], &[false, true, false], true), Some(1));
        // b is full now: ordered, another b ends the run; lenient, it goes back to b.
        assert_eq!(pick(&mut pos.clone(), &[false, true, false], &[false, false, false], true), None);
        assert_eq!(pick(&mut pos.clone(), &[false, true, false], &[false, false, false], false), Some(1));
        assert_eq!(pick(&mut pos, &[false, false, true], &[false, true, false], true), Some(2));
        // An earlier member: the end of an ordered run, or (lenient) read out of order.
        assert_eq!(pick(&mut pos.clone(), &[true, false, false], &[false; 3], true), None);
        assert_eq!(pick(&mut pos, &[true, false, false], &[false; 3], false), Some(0));
        assert_eq!(pos, 1);
        // Two members of one name: the one after the member read last takes it.
        let mut pos = 0;
        assert_eq!(pick(&mut pos, &[true, false, true], &[false; 3], false), Some(0));
        assert_eq!(pick(&mut pos, &[true, false, true], &[false; 3], false), Some(2));
        assert_eq!(pick(&mut pos, &[false; 3], &[false; 3], false), None);
    }
}
