//! `xsd:union`: a value is kept as its text (`String`), which any member type's lexical form may
//! be; what those member types are goes into the documentation of each field that holds one.

use crate::model::{Facets, LexicalMember, Service, TypeKind, TypeRef, UnionMember};
use crate::naming::Names;

/// How many values of an enumeration member the documentation lists.
const SHOWN_VALUES: usize = 8;

/// How deep a chain of restrictions is followed to its union.
const MAX_CHAIN: usize = 64;

/// The documentation of a value of type `ty` when it is (a restriction of) a union: the union's
/// own, then its name and member types, e.g. "A value of the union `Tag` (xs:union), kept as text: `xs:unsignedShort`,
/// or `xs:string` (pattern `0x[0-9A-F]{1,4}`)."
pub(super) fn note(service: &Service, names: &Names, ty: &TypeRef) -> Option<String> {
    let mut current = ty;
    for _ in 0..MAX_CHAIN {
        let TypeRef::Named(q) = current else { return None };
        let def = service.types.get(q)?;
        let TypeKind::Simple(s) = &def.kind else { return None };
        if s.union.is_empty() {
            current = &s.base;
            continue;
        }
        let members: Vec<String> = s.union.iter().map(|m| member(service, names, m)).collect();
        let list = match members.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{}, or {last}", rest.join(", ")),
            None => return None,
        };
        let line = format!("A value of the union `{}` (xs:union), kept as text: {list}.", q.local);
        return Some(match &def.docs {
            Some(docs) => format!("{}\n\n{line}", docs.trim()),
            None => line,
        });
    }
    None
}

/// The members of a union as the validator checks them: each followed down to its builtin, with
/// the facets and enumeration values met on the way; a member that is itself a union contributes
/// its members.
pub(super) fn lexical_members(service: &Service, members: &[UnionMember]) -> Result<Vec<LexicalMember>, String> {
    let mut out = Vec::new();
    for m in members {
        lexical(service, &m.ty, m.facets.clone(), MAX_CHAIN, &mut out)?;
    }
    Ok(out)
}

fn lexical(
    service: &Service,
    ty: &TypeRef,
    mut facets: Facets,
    steps: usize,
    out: &mut Vec<LexicalMember>,
) -> Result<(), String> {
    let mut enumeration = Vec::new();
    let mut list = false;
    let mut current = ty;
    for step in 0..steps {
        let q = match current {
            TypeRef::Builtin(b) => {
                out.push(LexicalMember { base: *b, list, facets, enumeration });
                return Ok(());
            }
            TypeRef::Named(q) => q,
        };
        match service.types.get(q).map(|t| &t.kind) {
            Some(TypeKind::Simple(s)) if !s.union.is_empty() => {
                for m in &s.union {
                    lexical(service, &m.ty, m.facets.clone(), steps - step - 1, out)?;
                }
                return Ok(());
            }
            Some(TypeKind::Simple(s)) => {
                list |= s.list;
                facets.fill_from(&s.facets);
                current = &s.base;
            }
            Some(TypeKind::Enum(e)) => {
                if enumeration.is_empty() {
                    enumeration = e.values.iter().map(|v| v.value.clone()).collect();
                }
                current = &e.base;
            }
            Some(TypeKind::Complex(_)) => return Err(format!("the union member {q} is not a simple type")),
            None => return Err(format!("the union member {q} is not defined")),
        }
    }
    Err(format!("the restrictions of the union member {ty:?} form a cycle"))
}

fn member(service: &Service, names: &Names, m: &UnionMember) -> String {
    let mut text = match &m.ty {
        TypeRef::Builtin(b) => format!("`xs:{}`", b.xsd_name()),
        TypeRef::Named(q) => match service.types.get(q).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => {
                let mut values: Vec<String> =
                    e.values.iter().take(SHOWN_VALUES).map(|v| format!("`{}`", v.value)).collect();
                if e.values.len() > SHOWN_VALUES {
                    values.push("...".into());
                }
                let name = names.ty(q).unwrap_or(&q.local);
                format!("`{name}` (one of {})", values.join(", "))
            }
            _ => format!("`{}`", q.local),
        },
    };
    let rules = super::types::facet_summary(&m.facets);
    if !rules.is_empty() {
        text.push_str(&format!(" ({})", rules.join(", ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use crate::xsd::builtin;

    #[test]
    fn builtin_names_read_back() {
        for name in
            ["unsignedShort", "anyURI", "QName", "NCName", "ID", "IDREF", "NMTOKEN", "gMonthDay", "base64Binary"]
        {
            let b = builtin(name).unwrap_or_else(|| panic!("{name} is a builtin"));
            assert_eq!(b.xsd_name(), name);
        }
    }
}
