//! Mutations of spec files: byte-level (flips, truncation, junk) and structural (elements deleted,
//! duplicated or nested deeply, attribute values swapped or replaced, huge occurs, cyclic imports
//! and includes, self-referencing types). Every parameter is a plain number taken modulo what the
//! file offers, so any value is valid for any file and proptest can shrink it.

use proptest::prelude::*;

use crate::Case;

const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// One mutation of one file of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutation {
    /// Which file of the case (modulo the number of files).
    pub file: usize,
    pub op: Op,
}

/// What a mutation does. `at`, `idx`, `a`, `b` are taken modulo the length or count they index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// XOR one byte with a non-zero mask.
    FlipByte { at: usize, mask: u8 },
    /// Cut the file at a byte offset.
    Truncate { at: usize },
    /// Insert a snippet (DTDs, entities, CDATA, stray markup, control bytes) at a byte offset.
    InsertJunk { at: usize, junk: usize },
    /// Copy a slice of the file to another place.
    Splice { from: usize, len: usize, to: usize },
    /// Delete the element with this index (document order, root excluded).
    DeleteElement { idx: usize },
    /// Duplicate the element with this index in place.
    DuplicateElement { idx: usize },
    /// Swap the values of two attributes (namespace declarations included).
    SwapAttrValues { a: usize, b: usize },
    /// Replace an attribute value with an interesting one.
    ReplaceAttrValue { idx: usize, value: usize },
    /// Wrap an element in `depth` copies of its parent's tag.
    WrapInParent { idx: usize, depth: usize },
    /// Insert `depth` nested anonymous complex types before an element.
    AnonymousNesting { idx: usize, depth: usize },
    /// Set minOccurs/maxOccurs of an element to a huge or inconsistent value.
    HugeOccurs { idx: usize, value: usize },
    /// Make a schema or WSDL import or include itself, directly or through a second file.
    CyclicImport { idx: usize, kind: usize },
    /// Replace a named type, group, attribute group or element with one referring to itself.
    SelfReference { idx: usize, kind: usize },
    /// Duplicate an element that has a `name` or `value` attribute (types, fields, operations,
    /// enumeration values), with a variant of it that may collide once turned into a Rust name.
    DuplicateVariant { idx: usize, variant: usize },
}

/// Variants of a name or value: case, underscores, Rust keywords and prelude names.
const VARIANTS: usize = 24;

fn variant(s: &str, v: usize) -> String {
    match v % VARIANTS {
        0 => s.to_uppercase(),
        1 => s.to_lowercase(),
        2 => format!("{s}_"),
        3 => format!("_{s}"),
        4 => s.replace(['_', '-', '.'], ""),
        5 => s.chars().flat_map(|c| if c.is_uppercase() { vec!['_', c] } else { vec![c] }).collect(),
        6 => format!("{s}1"),
        7 => s.chars().rev().collect(),
        8 => format!("{s}-{s}"),
        9 => String::new(),
        _ => [
            "Self", "self", "crate", "type", "r#type", "1", "-", "ü", "Default", "Option", "String", "Result", "Vec",
            "new",
        ][(v % VARIANTS) - 10]
            .to_string(),
    }
}

/// Depths used by the nesting mutations.
pub const DEPTHS: [usize; 7] = [2, 10, 100, 401, 1000, 5000, 20000];

const JUNK: &[&str] = &[
    "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
    "<!DOCTYPE d SYSTEM \"http://127.0.0.1:9/evil.dtd\">",
    "&undefined;",
    "&#0;",
    "&#x110000;",
    "<![CDATA[",
    "]]>",
    "<?pi x?>",
    "<!--",
    "\u{0}",
    "\u{feff}",
    "\u{7f}\u{80}",
    "<",
    ">",
    "\"",
    "'",
    "</",
    "/>",
    "xmlns=\"\"",
    " xmlns:xsd=\"urn:other\" ",
    "<a:b>",
    "<xsd:element name=\"x\"/>",
    "\n\r\t",
    "\u{1F600}",
];

const VALUES: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "unbounded",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "1e9",
    "tns:",
    ":",
    ":x",
    "a:b:c",
    "xsd:anyType",
    "xsd:string",
    "xs:nope",
    "undeclared:Type",
    "a b c",
    "{urn:x}y",
    "http://www.w3.org/2001/XMLSchema",
    "http://schemas.xmlsoap.org/wsdl/",
    "http://schemas.xmlsoap.org/wsdl/soap12/",
    "urn:x",
    "../../../../etc/passwd",
    "http://127.0.0.1:9/remote.xsd",
    "self",
    "type",
    "fn",
    "Self",
    "r#match",
    "_",
    "__",
    "1abc",
    "ñ€𝔘",
    "document",
    "rpc",
    "encoded",
    "true",
    "qualified",
    "#all",
];

const OCCURS: &[(&str, &str)] = &[
    ("maxOccurs", "4294967295"),
    ("maxOccurs", "4294967296"),
    ("maxOccurs", "99999999999999999999999"),
    ("maxOccurs", "0"),
    ("maxOccurs", "-1"),
    ("minOccurs", "4294967295"),
    ("minOccurs", "1000000"),
    ("minOccurs", "-5"),
    ("minOccurs", "unbounded"),
];

fn any_usize() -> impl Strategy<Value = usize> {
    any::<u32>().prop_map(|v| v as usize)
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any_usize(), 1u8..=255).prop_map(|(at, mask)| Op::FlipByte { at, mask }),
        any_usize().prop_map(|at| Op::Truncate { at }),
        (any_usize(), 0..JUNK.len()).prop_map(|(at, junk)| Op::InsertJunk { at, junk }),
        (any_usize(), 1usize..400, any_usize()).prop_map(|(from, len, to)| Op::Splice { from, len, to }),
        any_usize().prop_map(|idx| Op::DeleteElement { idx }),
        any_usize().prop_map(|idx| Op::DuplicateElement { idx }),
        (any_usize(), any_usize()).prop_map(|(a, b)| Op::SwapAttrValues { a, b }),
        (any_usize(), 0..VALUES.len()).prop_map(|(idx, value)| Op::ReplaceAttrValue { idx, value }),
        (any_usize(), 0..DEPTHS.len()).prop_map(|(idx, depth)| Op::WrapInParent { idx, depth }),
        (any_usize(), 0..DEPTHS.len()).prop_map(|(idx, depth)| Op::AnonymousNesting { idx, depth }),
        (any_usize(), 0..OCCURS.len()).prop_map(|(idx, value)| Op::HugeOccurs { idx, value }),
        (any_usize(), 0usize..4).prop_map(|(idx, kind)| Op::CyclicImport { idx, kind }),
        (any_usize(), 0usize..4).prop_map(|(idx, kind)| Op::SelfReference { idx, kind }),
        (any_usize(), 0..VARIANTS).prop_map(|(idx, variant)| Op::DuplicateVariant { idx, variant }),
    ]
}

/// A strategy for one mutation.
pub fn mutation() -> impl Strategy<Value = Mutation> {
    (0usize..8, op_strategy()).prop_map(|(file, op)| Mutation { file, op })
}

/// Applies `m` to `case` (a mutation that finds nothing to act on leaves the case unchanged).
pub fn apply(case: &mut Case, m: &Mutation) {
    if case.files.is_empty() {
        return;
    }
    let fi = m.file % case.files.len();
    let name = case.files[fi].0.clone();
    let bytes = &mut case.files[fi].1;
    let mut extra: Option<NewFile> = None;
    match &m.op {
        Op::FlipByte { at, mask } => {
            if !bytes.is_empty() {
                let i = at % bytes.len();
                bytes[i] ^= mask;
            }
        }
        Op::Truncate { at } => {
            let len = bytes.len();
            bytes.truncate(at % (len + 1));
        }
        Op::InsertJunk { at, junk } => {
            let i = at % (bytes.len() + 1);
            let j = JUNK[junk % JUNK.len()].as_bytes();
            bytes.splice(i..i, j.iter().copied());
        }
        Op::Splice { from, len, to } => {
            if !bytes.is_empty() {
                let f = from % bytes.len();
                let l = (*len).min(bytes.len() - f);
                let chunk = bytes[f..f + l].to_vec();
                let t = to % (bytes.len() + 1);
                bytes.splice(t..t, chunk);
            }
        }
        op => {
            let Ok(text) = std::str::from_utf8(bytes) else { return };
            let Ok(doc) = roxmltree::Document::parse_with_options(
                text,
                roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
            ) else {
                return;
            };
            if let Some((new, file)) = structural(text, &doc, &name, op) {
                *bytes = new.into_bytes();
                extra = file;
            }
        }
    }
    if let Some((n, b)) = extra
        && !case.files.iter().any(|(f, _)| *f == n)
    {
        case.files.push((n, b));
    }
}

/// A file a mutation adds to the case (name, bytes).
type NewFile = (String, Vec<u8>);

/// Replaces `range` of `text` with `with`.
fn replace(text: &str, range: std::ops::Range<usize>, with: &str) -> String {
    let mut s = String::with_capacity(text.len() + with.len());
    s.push_str(&text[..range.start]);
    s.push_str(with);
    s.push_str(&text[range.end..]);
    s
}

/// The qualified name of an element as written in its start tag.
fn written_name<'t>(text: &'t str, node: roxmltree::Node) -> &'t str {
    let start = node.range().start + 1;
    let rest = &text[start.min(text.len())..];
    let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
    &rest[..end]
}

/// The end of an element's start tag (just past its `>`), or `None` for a self-closing element.
fn start_tag_end(text: &str, node: roxmltree::Node) -> Option<usize> {
    let range = node.range();
    if text[..range.end].ends_with("/>") && node.first_child().is_none() {
        return None;
    }
    match node.first_child() {
        Some(c) => Some(c.range().start),
        None => text[range.start..range.end].rfind("</").map(|p| range.start + p),
    }
}

fn target_ns(node: roxmltree::Node) -> String {
    node.ancestors()
        .find(|n| n.is_element() && n.tag_name().name() == "schema")
        .or_else(|| node.ancestors().find(|n| n.is_element() && n.tag_name().name() == "definitions"))
        .and_then(|n| n.attribute("targetNamespace"))
        .unwrap_or("")
        .to_string()
}

fn escape_attr(v: &str) -> String {
    v.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// Namespace declarations for inserted XSD (`fzx:`) and a prefix for the target namespace:
/// (declarations, prefix with colon).
fn decls(tns: &str) -> (String, &'static str) {
    if tns.is_empty() {
        (format!(" xmlns:fzx=\"{XSD}\" xmlns=\"\""), "")
    } else {
        (format!(" xmlns:fzx=\"{XSD}\" xmlns:fz=\"{}\"", escape_attr(tns)), "fz:")
    }
}

/// Attribute value ranges found by scanning the text (works on any markup, xmlns included).
fn attr_values(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'=' && (b[i + 1] == b'"' || b[i + 1] == b'\'') {
            let q = b[i + 1];
            if let Some(len) = b[i + 2..].iter().position(|&c| c == q) {
                out.push(i + 2..i + 2 + len);
                i += 2 + len;
            }
        }
        i += 1;
    }
    out
}

fn structural(text: &str, doc: &roxmltree::Document, name: &str, op: &Op) -> Option<(String, Option<NewFile>)> {
    let elements: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.is_element()).skip(1).collect();
    let pick = |idx: usize| if elements.is_empty() { None } else { Some(elements[idx % elements.len()]) };
    let out = match op {
        Op::DeleteElement { idx } => replace(text, pick(*idx)?.range(), ""),
        Op::DuplicateElement { idx } => {
            let r = pick(*idx)?.range();
            let copy = text[r.clone()].to_string();
            replace(text, r.start..r.start, &copy)
        }
        Op::SwapAttrValues { a, b } => {
            let values = attr_values(text);
            if values.len() < 2 {
                return None;
            }
            let (mut x, mut y) = (values[a % values.len()].clone(), values[b % values.len()].clone());
            if x.start > y.start {
                std::mem::swap(&mut x, &mut y);
            }
            if x == y {
                return None;
            }
            let (vx, vy) = (text[x.clone()].to_string(), text[y.clone()].to_string());
            let s = replace(text, y, &vx);
            replace(&s, x, &vy)
        }
        Op::ReplaceAttrValue { idx, value } => {
            let values = attr_values(text);
            if values.is_empty() {
                return None;
            }
            let v = match VALUES[value % VALUES.len()] {
                "self" => name.to_string(),
                v => v.to_string(),
            };
            replace(text, values[idx % values.len()].clone(), &escape_attr(&v))
        }
        Op::WrapInParent { idx, depth } => {
            let node = pick(*idx)?;
            let parent = node.parent().filter(|p| p.is_element())?;
            let tag = written_name(text, parent);
            let depth = DEPTHS[depth % DEPTHS.len()];
            let r = node.range();
            let mut s = String::with_capacity(text.len() + depth * (tag.len() * 2 + 5));
            s.push_str(&text[..r.start]);
            for _ in 0..depth {
                s.push('<');
                s.push_str(tag);
                s.push('>');
            }
            s.push_str(&text[r.clone()]);
            for _ in 0..depth {
                s.push_str("</");
                s.push_str(tag);
                s.push('>');
            }
            s.push_str(&text[r.end..]);
            s
        }
        Op::AnonymousNesting { idx, depth } => {
            let node = pick(*idx)?;
            let depth = DEPTHS[depth % DEPTHS.len()];
            let (d, _) = decls("");
            let mut s = String::new();
            s.push_str(&format!("<fzx:element name=\"nest\"{d}>"));
            for i in 0..depth {
                s.push_str("<fzx:complexType><fzx:sequence>");
                s.push_str(&format!("<fzx:element name=\"n{i}\">"));
            }
            s.push_str("<fzx:simpleType><fzx:restriction base=\"fzx:string\"/></fzx:simpleType>");
            for _ in 0..depth {
                s.push_str("</fzx:element></fzx:sequence></fzx:complexType>");
            }
            s.push_str("</fzx:element>");
            let at = node.range().start;
            replace(text, at..at, &s)
        }
        Op::HugeOccurs { idx, value } => {
            let xsd_elements: Vec<_> = elements
                .iter()
                .filter(|n| n.tag_name().name() == "element" || n.tag_name().name() == "sequence")
                .collect();
            if xsd_elements.is_empty() {
                return None;
            }
            let node = *xsd_elements[idx % xsd_elements.len()];
            let (attr, v) = OCCURS[value % OCCURS.len()];
            match node.attribute_node(attr) {
                Some(a) => replace(text, a.range_value(), v),
                None => {
                    let at = node.range().start + 1 + written_name(text, node).len();
                    replace(text, at..at, &format!(" {attr}=\"{v}\""))
                }
            }
        }
        Op::CyclicImport { idx, kind } => {
            let hosts: Vec<_> = elements
                .iter()
                .copied()
                .chain(std::iter::once(doc.root_element()))
                .filter(|n| matches!(n.tag_name().name(), "schema" | "definitions"))
                .collect();
            if hosts.is_empty() {
                return None;
            }
            let host = hosts[idx % hosts.len()];
            let at = start_tag_end(text, host)?;
            let tns = escape_attr(&target_ns(host));
            let wsdl = host.tag_name().name() == "definitions";
            let other = format!("cycle-{}.xsd", kind % 4);
            let (insert, file) = match (kind % 4, wsdl) {
                (0, true) => (
                    format!(
                        "<wsdl:import xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\" namespace=\"{tns}\" location=\"{name}\"/>"
                    ),
                    None,
                ),
                (0, false) => (format!("<fzx:include xmlns:fzx=\"{XSD}\" schemaLocation=\"{name}\"/>"), None),
                (1, _) => {
                    (format!("<fzx:import xmlns:fzx=\"{XSD}\" namespace=\"{tns}\" schemaLocation=\"{name}\"/>"), None)
                }
                _ => {
                    let back = if wsdl {
                        format!("<fzx:import namespace=\"{tns}\" schemaLocation=\"{name}\"/>")
                    } else {
                        format!("<fzx:include schemaLocation=\"{name}\"/>")
                    };
                    let file = format!(
                        "<?xml version=\"1.0\"?>\n<fzx:schema xmlns:fzx=\"{XSD}\" targetNamespace=\"{tns}\">\n{back}\n</fzx:schema>\n"
                    );
                    let insert = if wsdl {
                        format!(
                            "<wsdl:import xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\" namespace=\"{tns}\" location=\"{other}\"/>"
                        )
                    } else {
                        format!("<fzx:include xmlns:fzx=\"{XSD}\" schemaLocation=\"{other}\"/>")
                    };
                    (insert, Some((other.clone(), file.into_bytes())))
                }
            };
            return Some((replace(text, at..at, &insert), file));
        }
        Op::SelfReference { idx, kind } => {
            let named: Vec<_> = elements
                .iter()
                .filter(|n| {
                    n.attribute("name").is_some()
                        && n.parent().is_some_and(|p| p.tag_name().name() == "schema")
                        && matches!(
                            n.tag_name().name(),
                            "complexType" | "simpleType" | "group" | "attributeGroup" | "element"
                        )
                })
                .collect();
            if named.is_empty() {
                return None;
            }
            let node = *named[idx % named.len()];
            let n = escape_attr(node.attribute("name")?);
            let (d, p) = decls(&target_ns(node));
            let me = format!("{p}{n}");
            let new = match (node.tag_name().name(), kind % 4) {
                ("complexType", 0) => format!(
                    "<fzx:complexType name=\"{n}\"{d}><fzx:complexContent><fzx:extension base=\"{me}\"/></fzx:complexContent></fzx:complexType>"
                ),
                ("complexType", 1) => format!(
                    "<fzx:complexType name=\"{n}\"{d}><fzx:simpleContent><fzx:restriction base=\"{me}\"/></fzx:simpleContent></fzx:complexType>"
                ),
                ("complexType", 2) => format!(
                    "<fzx:complexType name=\"{n}\"{d}><fzx:sequence><fzx:element name=\"me\" type=\"{me}\"/></fzx:sequence></fzx:complexType>"
                ),
                ("complexType", _) => format!(
                    "<fzx:complexType name=\"{n}\"{d}><fzx:complexContent><fzx:restriction base=\"{me}\"><fzx:sequence><fzx:element name=\"me\" type=\"{me}\" minOccurs=\"0\"/></fzx:sequence></fzx:restriction></fzx:complexContent></fzx:complexType>"
                ),
                ("simpleType", 0) => {
                    format!("<fzx:simpleType name=\"{n}\"{d}><fzx:restriction base=\"{me}\"/></fzx:simpleType>")
                }
                ("simpleType", 1) => {
                    format!("<fzx:simpleType name=\"{n}\"{d}><fzx:list itemType=\"{me}\"/></fzx:simpleType>")
                }
                ("simpleType", _) => {
                    format!("<fzx:simpleType name=\"{n}\"{d}><fzx:union memberTypes=\"{me} {me}\"/></fzx:simpleType>")
                }
                ("group", _) => format!(
                    "<fzx:group name=\"{n}\"{d}><fzx:sequence><fzx:group ref=\"{me}\"/></fzx:sequence></fzx:group>"
                ),
                ("attributeGroup", _) => {
                    format!(
                        "<fzx:attributeGroup name=\"{n}\"{d}><fzx:attributeGroup ref=\"{me}\"/></fzx:attributeGroup>"
                    )
                }
                (_, 0) => format!("<fzx:element name=\"{n}\" substitutionGroup=\"{me}\" type=\"fzx:string\"{d}/>"),
                (_, 1) => format!(
                    "<fzx:element name=\"{n}\"{d}><fzx:complexType><fzx:sequence><fzx:element ref=\"{me}\"/></fzx:sequence></fzx:complexType></fzx:element>"
                ),
                (_, _) => format!(
                    "<fzx:element name=\"{n}\"{d}><fzx:complexType><fzx:sequence><fzx:element ref=\"{me}\" maxOccurs=\"unbounded\"/><fzx:element name=\"v\" type=\"fzx:int\"/></fzx:sequence></fzx:complexType></fzx:element>"
                ),
            };
            replace(text, node.range(), &new)
        }
        Op::DuplicateVariant { idx, variant: v } => {
            let named: Vec<_> =
                elements.iter().filter(|n| n.attribute("name").or(n.attribute("value")).is_some()).collect();
            if named.is_empty() {
                return None;
            }
            let node = *named[idx % named.len()];
            let attr = if node.attribute("name").is_some() { "name" } else { "value" };
            let a = node.attribute_node(attr)?;
            let r = node.range();
            let (vs, ve) = (a.range_value().start - r.start, a.range_value().end - r.start);
            let copy = &text[r.clone()];
            let new_value = escape_attr(&variant(a.value(), *v));
            let dup = format!("{}{}{}", &copy[..vs], new_value, &copy[ve..]);
            replace(text, r.end..r.end, &dup)
        }
        Op::FlipByte { .. } | Op::Truncate { .. } | Op::InsertJunk { .. } | Op::Splice { .. } => return None,
    };
    Some((out, None))
}
