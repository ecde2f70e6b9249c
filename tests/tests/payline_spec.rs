//! Our Payline spec (written from the facts) is identical on the wire to the vendor's contract for
//! every covered operation: element names, namespaces, order, cardinality and nillability, all the
//! way down. Our spec only adds facets, enumerations and documentation.

use std::collections::BTreeSet;

use codegen::load::Catalog;
use codegen::model::{Service, TypeKind, TypeRef};
use tests::corpus::{corpus, skip, workspace};

const COVERED: &[&str] = &[
    "createWallet",
    "updateWallet",
    "getWallet",
    "disableWallet",
    "enableWallet",
    "doImmediateWalletPayment",
    "doScheduledWalletPayment",
    "doRecurrentWalletPayment",
    "getPaymentRecord",
    "disablePaymentRecord",
];

/// The wire form of a type: for a structure, one line per element (name, occurs, nillable) with
/// the wire form of its type indented below; for text, the builtin it is written as.
fn wire(service: &Service, ty: &TypeRef, indent: usize, seen: &mut Vec<TypeRef>, out: &mut String) {
    let mut current = ty.clone();
    loop {
        match &current {
            TypeRef::Builtin(b) => {
                out.push_str(&format!("{:indent$}text {b:?}\n", ""));
                return;
            }
            TypeRef::Named(q) => match service.types.get(q).map(|t| &t.kind) {
                Some(TypeKind::Simple(s)) => current = s.base.clone(),
                Some(TypeKind::Enum(e)) => current = e.base.clone(),
                Some(TypeKind::Complex(c)) => {
                    if seen.contains(&current) {
                        out.push_str(&format!("{:indent$}(recursive)\n", ""));
                        return;
                    }
                    seen.push(current.clone());
                    for a in &c.attributes {
                        out.push_str(&format!("{:indent$}@{} required={}\n", "", a.name, a.required));
                    }
                    for f in &c.fields {
                        out.push_str(&format!(
                            "{:indent$}{} min={} max={:?} nillable={} default={:?}\n",
                            "", f.name, f.min_occurs, f.max_occurs, f.nillable, f.default
                        ));
                        wire(service, &f.ty, indent + 2, seen, out);
                    }
                    if let Some(t) = &c.text {
                        wire(service, t, indent + 2, seen, out);
                    }
                    seen.pop();
                    return;
                }
                None => {
                    out.push_str(&format!("{:indent$}MISSING {q}\n", ""));
                    return;
                }
            },
        }
    }
}

fn operation_wire(service: &Service, name: &str) -> String {
    let mut out = String::new();
    let op = service.ports.iter().flat_map(|p| &p.operations).find(|o| o.name == name);
    let Some(op) = op else { return format!("operation {name} missing") };
    out.push_str(&format!("{} action={:?} style={:?} use={:?}\n", op.name, op.soap_action, op.style, op.use_));
    for (dir, msg) in [("in", &op.input), ("out", &op.output)] {
        let Some(msg) = msg else { continue };
        for part in &msg.parts {
            match &part.content {
                codegen::model::PartContent::Element(q) => {
                    out.push_str(&format!("{dir} element {q}\n"));
                    if let Some(decl) = service.elements.get(q) {
                        wire(service, &decl.ty, 2, &mut Vec::new(), &mut out);
                    }
                }
                codegen::model::PartContent::Type(t) => out.push_str(&format!("{dir} part {} type {t:?}\n", part.name)),
            }
        }
    }
    out
}

#[test]
fn our_spec_is_wire_identical_to_the_vendor_wsdl() {
    let Some(corpus) = corpus() else { return skip("Payline wire identity") };
    let vendor =
        codegen::wsdl::load_wsdl(&corpus.join("payline-directpayment/DirectPaymentAPI.wsdl"), &Catalog::default())
            .unwrap_or_else(|d| panic!("{d}"));
    let ours = codegen::wsdl::load_wsdl(&workspace().join("specs/payline/payline.wsdl"), &Catalog::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let mut lines = 0;
    for op in COVERED {
        let (v, o) = (operation_wire(&vendor, op), operation_wire(&ours, op));
        assert!(!v.contains("MISSING") && !v.contains("missing"), "{v}");
        lines += v.lines().count();
        if v != o {
            let diff: Vec<String> = v
                .lines()
                .zip(o.lines())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .take(5)
                .map(|(i, (a, b))| format!("line {i}:\n  vendor: {a}\n  ours:   {b}"))
                .collect();
            panic!("{op} differs on the wire:\n{}", diff.join("\n"));
        }
    }
    assert!(lines > 500, "the comparison went deep ({lines} lines)");
    // Same port shape: one SOAP 1.1 port, the covered operations and nothing else in ours.
    let our_ops: BTreeSet<&str> =
        ours.ports.iter().flat_map(|p| p.operations.iter().map(|o| o.name.as_str())).collect();
    assert_eq!(our_ops, COVERED.iter().copied().collect());
    assert!(ours.ports.iter().all(|p| p.protocol == codegen::model::Protocol::Soap11));
}

#[test]
fn our_spec_adds_the_documented_facets() {
    let ours = codegen::wsdl::load_wsdl(&workspace().join("specs/payline/payline.wsdl"), &Catalog::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let facets = |local: &str| {
        ours.types
            .iter()
            .find(|(q, _)| q.local == local)
            .and_then(|(_, t)| match &t.kind {
                TypeKind::Simple(s) => Some(s.facets.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("simple type {local} missing"))
    };
    assert_eq!(facets("AN50").max_length, Some(50));
    assert_eq!(facets("N12").patterns, vec!["[0-9]{1,12}".to_string()]);
    assert_eq!(facets("N2").patterns, vec!["[0-9]{1,2}".to_string()]);
    let media = ours.types.iter().find(|(q, _)| q.local == "media").map(|(_, t)| &t.kind);
    let Some(TypeKind::Enum(e)) = media else { panic!("media is an enumeration") };
    let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["Computer", "Mobile", "Tablet", "TV", "Console", "Undefined"]);
}
