//! Choices become types: the loader's flattened choices (fields tagged with [`Field::choice`], the
//! choices listed in [`ComplexType::choices`]) are regrouped into a tree, and each `xs:choice`
//! becomes a type of its own ([`Inline::Choice`], rendered as an enum) held by one field of its
//! parent; a branch holding several elements becomes an [`Inline::Sequence`] type (a struct).
//! These types are written among their parent's elements, with no element around them.
//!
//! - A variant holds its branch's content: one element's value (occurs relative to the branch:
//!   `T`, `Option<T>`, `Vec<T>`, `Nillable<T>`), a nested choice, a sequence struct, or nothing.
//! - The field of a choice occurs as the choice does (`E`, `Option<E>`, `Vec<E>`). A choice
//!   that can match nothing (a branch without a required element) is required: absent on the
//!   wire and its empty branch are the same message, so `None` would be a second spelling.
//! - A choice with a single branch is no choice: its content joins the enclosing content (occurs
//!   multiplied); a choice without any element disappears (it only ever matches nothing).
//!
//! Names are wishes (`{Owner}#{hint}`, made unique among the model's names; `#` never occurs in
//! an XML name); `crate::naming` turns them into Rust names after the model's own types.

use crate::model::{Choice, ComplexType, Encoding, Field, Inline, QName, Service, TypeDef, TypeKind, TypeRef, Variant};
use crate::naming::snake;

/// How deep inline types may nest before [`emptiable`] gives up (they form a tree the lowering
/// made from one type's content, so only a hand-made model gets there).
const MAX_NESTING: usize = 256;

/// A choice field's name joins its branches' names while it stays this short.
const MAX_HINT: usize = 40;

/// Occurrence bounds (None = unbounded).
#[derive(Clone, Copy)]
struct Occurs {
    min: u32,
    max: Option<u32>,
}

impl Occurs {
    const ONE: Occurs = Occurs { min: 1, max: Some(1) };

    fn times(self, o: Occurs) -> Occurs {
        let max = match (self.max, o.max) {
            (Some(0), _) | (_, Some(0)) => Some(0),
            (Some(a), Some(b)) => Some(a.saturating_mul(b)),
            _ => None,
        };
        Occurs { min: self.min.saturating_mul(o.min), max }
    }
}

/// A member of a content model: a field of the flattened type, or a choice with its branches.
enum Node {
    Field(usize),
    Choice(u32, Vec<Vec<Node>>),
}

/// Replaces the choices of every complex type by fields of inline types (see the module docs).
pub fn lower(service: &mut Service) {
    let owners: Vec<QName> = service
        .types
        .iter()
        .filter(|(_, t)| matches!(&t.kind, TypeKind::Complex(c) if !c.choices.is_empty() && c.inline.is_none()))
        .map(|(q, _)| q.clone())
        .collect();
    for q in owners {
        let Some(TypeKind::Complex(c)) = service.types.get(&q).map(|t| t.kind.clone()) else { continue };
        let tree = members(&c, &(0..c.fields.len()).collect::<Vec<_>>(), 0);
        let mut l = Lowering { service, owner: &q, c: &c };
        let fields = l.fields(&tree, Occurs::ONE, false);
        if let Some(TypeKind::Complex(c)) = service.types.get_mut(&q).map(|t| &mut t.kind) {
            c.fields = fields;
            c.choices.clear();
        }
    }
}

/// Whether `f` may hold nothing on the wire: optional, or an inline type that can be empty.
pub fn emptiable(service: &Service, f: &Field) -> bool {
    emptiable_at(service, f, 0)
}

fn emptiable_at(service: &Service, f: &Field, depth: usize) -> bool {
    if f.min_occurs == 0 {
        return true;
    }
    if depth > MAX_NESTING {
        return false;
    }
    let Some((c, inline)) = inline_of(service, &f.ty) else { return false };
    match inline {
        Inline::Sequence => c.fields.iter().all(|g| emptiable_at(service, g, depth + 1)),
        Inline::Choice(variants) => variants
            .iter()
            .any(|v| v.field.and_then(|i| c.fields.get(i)).is_none_or(|g| emptiable_at(service, g, depth + 1))),
    }
}

/// The inline type `ty` names, if it is one.
pub fn inline_of<'s>(service: &'s Service, ty: &TypeRef) -> Option<(&'s ComplexType, &'s Inline)> {
    let TypeRef::Named(q) = ty else { return None };
    match service.types.get(q).map(|t| &t.kind) {
        Some(TypeKind::Complex(c)) => c.inline.as_ref().map(|i| (c, i)),
        _ => None,
    }
}

/// The tree of the fields `indexes` (in order), `depth` choices deep.
fn members(c: &ComplexType, indexes: &[usize], depth: usize) -> Vec<Node> {
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(&i) = indexes.get(k) {
        let Some(step) = c.fields.get(i).and_then(|f| f.choice.get(depth)) else {
            out.push(Node::Field(i));
            k += 1;
            continue;
        };
        // The choice's fields are contiguous: they were flattened from one particle.
        let run: Vec<usize> = indexes[k..]
            .iter()
            .copied()
            .take_while(|&j| c.fields.get(j).and_then(|f| f.choice.get(depth)).is_some_and(|s| s.group == step.group))
            .collect();
        k += run.len();
        let count = match choice(c, step.group) {
            Some(ch) => ch.branches.len(),
            None => 0,
        };
        let highest = run.iter().filter_map(|&j| c.fields[j].choice.get(depth)).map(|s| s.branch as usize).max();
        let count = count.max(highest.map_or(0, |h| h + 1));
        let branches = (0..count)
            .map(|b| {
                let own: Vec<usize> = run
                    .iter()
                    .copied()
                    .filter(|&j| c.fields[j].choice.get(depth).is_some_and(|s| s.branch as usize == b))
                    .collect();
                members(c, &own, depth + 1)
            })
            .collect();
        out.push(Node::Choice(step.group, branches));
    }
    out
}

fn choice(c: &ComplexType, group: u32) -> Option<&Choice> {
    c.choices.iter().find(|ch| ch.group == group)
}

struct Lowering<'a> {
    service: &'a mut Service,
    /// The model type whose content is lowered (its name starts the new types' names).
    owner: &'a QName,
    c: &'a ComplexType,
}

impl Lowering<'_> {
    /// The fields of `nodes`, occurs multiplied by `times`; `branch`: inside a choice's branch,
    /// where a field's occurs are those relative to the branch.
    fn fields(&mut self, nodes: &[Node], times: Occurs, branch: bool) -> Vec<Field> {
        let mut out = Vec::new();
        for node in nodes {
            match node {
                Node::Field(i) => {
                    let Some(f) = self.c.fields.get(*i) else { continue };
                    let own = if branch {
                        Occurs { min: f.branch_min_occurs, max: f.branch_max_occurs }
                    } else {
                        Occurs { min: f.min_occurs, max: f.max_occurs }
                    };
                    let o = own.times(times);
                    out.push(Field {
                        min_occurs: o.min,
                        max_occurs: o.max,
                        choice: Vec::new(),
                        branch_min_occurs: o.min,
                        branch_max_occurs: o.max,
                        ..f.clone()
                    });
                }
                Node::Choice(group, branches) => {
                    let found = choice(self.c, *group);
                    let own = match found {
                        Some(ch) => Occurs { min: ch.min_occurs, max: ch.max_occurs },
                        None => Occurs::ONE,
                    };
                    let o = own.times(times);
                    if let [only] = branches.as_slice() {
                        out.extend(self.fields(only, o, true));
                        continue;
                    }
                    if branches.iter().all(|b| b.is_empty()) {
                        continue;
                    }
                    out.push(self.choice_field(branches, o, found));
                }
            }
        }
        out
    }

    /// The type of a choice, and the field that holds it.
    fn choice_field(&mut self, branches: &[Vec<Node>], o: Occurs, found: Option<&Choice>) -> Field {
        let mut payloads: Vec<(String, Option<String>, Vec<Field>)> = Vec::new();
        for (b, nodes) in branches.iter().enumerate() {
            let fields = self.fields(nodes, Occurs::ONE, true);
            let meta = found.and_then(|ch| ch.branches.get(b));
            let name = match (fields.as_slice(), meta.and_then(|m| m.group.clone())) {
                ([f], _) => f.name.local.clone(),
                (_, Some(group)) => group,
                ([], None) => "empty".to_string(),
                ([first, ..], None) => first.name.local.clone(),
            };
            payloads.push((name, meta.and_then(|m| m.docs.clone()), fields));
        }
        let named: Vec<&str> = payloads.iter().filter(|(_, _, f)| !f.is_empty()).map(|(n, _, _)| n.as_str()).collect();
        let joined = named.iter().map(|n| snake(n)).collect::<Vec<_>>().join("_or_");
        let hint = if named.len() <= 3 && joined.len() <= MAX_HINT { joined } else { "choice".to_string() };
        let q = self.unique(&format!("{}#{hint}", self.owner.local));
        let mut fields = Vec::new();
        let mut variants = Vec::new();
        for (name, docs, mut content) in payloads {
            let field = match content.len() {
                0 => None,
                1 => content.pop(),
                _ => Some(self.sequence(&q, &name, docs.clone(), content)),
            };
            let index = field.map(|f| {
                fields.push(f);
                fields.len() - 1
            });
            variants.push(Variant { name, docs, field: index });
        }
        let span = found.map(|ch| ch.span.clone()).unwrap_or_default();
        let docs = found.and_then(|ch| ch.docs.clone());
        let ty = TypeDef {
            name: q.clone(),
            docs: docs.clone(),
            kind: TypeKind::Complex(ComplexType { fields, inline: Some(Inline::Choice(variants)), ..bare() }),
            span: span.clone(),
        };
        self.service.types.insert(q.clone(), ty);
        let mut field = Field {
            name: QName::new("", hint),
            ty: TypeRef::Named(q),
            min_occurs: o.min,
            max_occurs: o.max,
            nillable: false,
            default: None,
            fixed: None,
            facets: Default::default(),
            choice: Vec::new(),
            branch_min_occurs: o.min,
            branch_max_occurs: o.max,
            docs,
            sensitive: false,
            element_ref: false,
            wildcard: None,
            span,
        };
        if emptiable(self.service, &Field { min_occurs: 1, ..field.clone() }) {
            // Absent and the empty branch are one message: required (one), or any count.
            field.min_occurs = u32::from(field.max_occurs == Some(1));
            field.branch_min_occurs = field.min_occurs;
        }
        field
    }

    /// A branch of several elements: a sequence type, and the field of the variant that holds it.
    fn sequence(&mut self, choice: &QName, name: &str, docs: Option<String>, fields: Vec<Field>) -> Field {
        let q = self.unique(&format!("{}#{name}", choice.local));
        let span = fields.first().map(|f| f.span.clone()).unwrap_or_default();
        let ty = TypeDef {
            name: q.clone(),
            docs: docs.clone(),
            kind: TypeKind::Complex(ComplexType { fields, inline: Some(Inline::Sequence), ..bare() }),
            span: span.clone(),
        };
        self.service.types.insert(q.clone(), ty);
        Field {
            name: QName::new("", name),
            ty: TypeRef::Named(q),
            min_occurs: 1,
            max_occurs: Some(1),
            nillable: false,
            default: None,
            fixed: None,
            facets: Default::default(),
            choice: Vec::new(),
            branch_min_occurs: 1,
            branch_max_occurs: Some(1),
            // The variant carries the branch's documentation.
            docs: None,
            sensitive: false,
            element_ref: false,
            wildcard: None,
            span,
        }
    }

    /// `want` in the owner's namespace, numbered when taken.
    fn unique(&self, want: &str) -> QName {
        let mut q = QName::new(self.owner.ns.clone(), want);
        let mut n = 2u32;
        while self.service.types.contains_key(&q) {
            q = QName::new(self.owner.ns.clone(), format!("{want}{n}"));
            n = n.saturating_add(1);
        }
        q
    }
}

fn bare() -> ComplexType {
    ComplexType {
        base: None,
        is_abstract: false,
        // Types made from part of another's content: xsi:type never names them.
        anonymous: true,
        fields: Vec::new(),
        attributes: Vec::new(),
        any_attribute: None,
        text: None,
        mixed: false,
        choices: Vec::new(),
        inline: None,
        encoding: Encoding::Literal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurs_multiply() {
        let o = Occurs { min: 0, max: Some(3) }.times(Occurs { min: 2, max: None });
        assert_eq!((o.min, o.max), (0, None));
        let o = Occurs { min: 2, max: Some(3) }.times(Occurs { min: 1, max: Some(0) });
        assert_eq!(o.max, Some(0));
    }
}
