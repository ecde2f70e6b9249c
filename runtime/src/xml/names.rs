//! Start tags the reader has read before: a message repeats a few names many times (every item of
//! a list has the same children), and a tag written exactly as one already read, under the same
//! namespace bindings, means exactly the same thing. The cache remembers the last plain start tags
//! (`scan::plain_tag`) with their resolved namespace and local name, so that the next occurrence
//! costs a comparison instead of a scan, a check of every name character and a prefix lookup.
//!
//! Nothing is decided here that was not decided before: a hit is only ever the same bytes as a
//! name the general path's rules accepted, followed by `>` or `/>`; anything else is a miss and
//! is read as before.

use super::scan::{bytes_equal_to, same_short};

/// Entries: 8 sets of 2, the set chosen by a hash of the name's first eight bytes (names that
/// share them, `p:item` and `p:items`, can both stay).
const SETS: usize = 8;
const SLOTS: usize = 2 * SETS;

/// One start tag read before.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known<'a> {
    /// The name's first eight bytes (fewer: the rest zero), little-endian.
    key: u64,
    /// The bindings' generation it was resolved under; 0: empty.
    generation: u32,
    /// The name as written (`p:local`), its local name and its namespace URI: slices of the input
    /// where it was first read.
    pub(crate) qname: &'a str,
    pub(crate) local: &'a str,
    pub(crate) ns: &'a str,
}

const EMPTY: Known<'static> = Known { key: 0, generation: 0, qname: "", local: "", ns: "" };

/// The start tags read last, valid while the namespace bindings do not change.
#[derive(Debug)]
pub(crate) struct Names<'a> {
    slots: [Known<'a>; SLOTS],
    /// Bumped whenever the bindings change; entries of another generation are stale.
    generation: u32,
}

impl Default for Names<'_> {
    fn default() -> Self {
        Names { slots: [EMPTY; SLOTS], generation: 1 }
    }
}

/// The first slot of `key`'s set.
#[inline(always)]
fn set(key: u64) -> usize {
    let x = key ^ (key >> 32);
    2 * ((x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 61) as usize % SETS)
}

impl<'a> Names<'a> {
    /// The namespace bindings changed: every entry is stale.
    #[inline]
    pub(crate) fn invalidate(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // After 2^32 changes, no stale entry may look current again.
            self.slots = [EMPTY; SLOTS];
            self.generation = 1;
        }
    }

    /// The start tag at `at` (a `<` not followed by `/`) when it is `<qname>` or `<qname/>` for a
    /// `qname` read before under the current bindings: the entry, the offset past the tag, and
    /// whether it is self-closing.
    #[inline(always)]
    pub(crate) fn lookup(&self, b: &[u8], at: usize) -> Option<(Known<'a>, usize, bool)> {
        let w = u64::from_le_bytes(b.get(at + 1..at + 9)?.try_into().ok()?);
        // The bytes before the first `>` or `/` of the eight (all of them when there is none):
        // a name's key, if a name starts here.
        let stop = bytes_equal_to(w, b'>') | bytes_equal_to(w, b'/');
        let key = if stop == 0 { w } else { w & ((stop & stop.wrapping_neg()) >> 7).wrapping_sub(1) };
        let first = set(key);
        for known in &self.slots[first..first + 2] {
            if known.key != key || known.generation != self.generation {
                continue;
            }
            let n = known.qname.len();
            // Eight bytes matched; a longer name is compared whole.
            if n > 8 && !b.get(at + 1..at + 1 + n).is_some_and(|name| same_short(name, known.qname.as_bytes())) {
                continue;
            }
            let end = at + 1 + n;
            match b.get(end) {
                Some(b'>') => return Some((*known, end + 1, false)),
                Some(b'/') if b.get(end + 1) == Some(&b'>') => return Some((*known, end + 2, true)),
                // A longer name that starts with this one (`p:item`, `p:items`), or attributes.
                _ => {}
            }
        }
        None
    }

    /// Remembers a plain start tag's name (`scan::plain_tag` accepted it) resolved to `ns`.
    #[inline]
    pub(crate) fn insert(&mut self, qname: &'a str, local: &'a str, ns: &'a str) {
        let mut bytes = [0u8; 8];
        for (to, from) in bytes.iter_mut().zip(qname.as_bytes()) {
            *to = *from;
        }
        let key = u64::from_le_bytes(bytes);
        if key == 0 {
            return;
        }
        // The newest in the set's first slot, the one before it in the second.
        let first = set(key);
        self.slots[first + 1] = self.slots[first];
        self.slots[first] = Known { key, generation: self.generation, qname, local, ns };
    }
}

#[cfg(test)]
mod tests {
    use super::Names;

    #[test]
    fn hits_only_the_same_name_closed_the_same_way() {
        let doc = "<p:item><p:item/><p:items><p:item ><p:itemx><p:ite><q:item><p:item/ ><p:item\t>";
        let b = doc.as_bytes();
        let mut names = Names::default();
        assert!(names.lookup(b, 0).is_none());
        names.insert(&doc[1..7], &doc[3..7], "urn:p");
        let (known, next, empty) = names.lookup(b, 0).expect("the same tag");
        assert_eq!((known.qname, known.local, known.ns, next, empty), ("p:item", "item", "urn:p", 8, false));
        assert_eq!(names.lookup(b, 8).map(|(_, n, e)| (n, e)), Some((17, true)));
        for (at, _) in doc.match_indices('<').skip(2) {
            assert!(names.lookup(b, at).is_none(), "{}", &doc[at..]);
        }
        // Other bindings: the same bytes may mean another namespace.
        names.invalidate();
        assert!(names.lookup(b, 0).is_none());
    }

    #[test]
    fn names_sharing_eight_bytes_both_stay() {
        let doc = "<ns0:items><ns0:item><ns0:item><ns0:items>";
        let b = doc.as_bytes();
        let mut names = Names::default();
        names.insert(&doc[1..10], &doc[5..10], "urn:n");
        names.insert(&doc[12..20], &doc[16..20], "urn:n");
        assert_eq!(names.lookup(b, 0).map(|(k, n, _)| (k.qname, n)), Some(("ns0:items", 11)));
        assert_eq!(names.lookup(b, 11).map(|(k, n, _)| (k.qname, n)), Some(("ns0:item", 21)));
        assert_eq!(names.lookup(b, 31).map(|(k, n, _)| (k.qname, n)), Some(("ns0:items", 42)));
    }

    #[test]
    fn long_names_are_compared_whole() {
        let doc = "<ns0:activeX><ns0:activeY><ns0:active><ns0:activeXY>";
        let b = doc.as_bytes();
        let mut names = Names::default();
        names.insert(&doc[1..12], &doc[5..12], "urn:n");
        assert_eq!(names.lookup(b, 0).map(|(k, n, _)| (k.qname, n)), Some(("ns0:activeX", 13)));
        for at in [13, 26, 38] {
            assert!(names.lookup(b, at).is_none(), "{}", &doc[at..]);
        }
        // Near the end of the input: a miss, never a read past it.
        assert!(names.lookup(&b[..16], 13).is_none());
        assert!(names.lookup(&b[..12], 0).is_none());
    }
}
