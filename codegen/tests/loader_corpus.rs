//! The loader against the real-world corpus in `<workspace>/../shared/corpus` (skipped when absent).

use std::path::PathBuf;

use codegen::load::Catalog;
use codegen::model::{Builtin, Protocol, QName, Style, TypeKind, TypeRef};
use codegen::wsdl::load_wsdl;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("..").join("shared").join("corpus");
    if dir.join("corpus.toml").exists() {
        Some(dir)
    } else {
        println!("note: {} not found, corpus test skipped", dir.display());
        None
    }
}

#[test]
fn payline_direct_payment() {
    let Some(dir) = corpus() else { return };
    let catalog = Catalog::from_toml_file(&dir.join("corpus.toml")).expect("catalog");
    let service = match load_wsdl(&dir.join("payline-directpayment/DirectPaymentAPI.wsdl"), &catalog) {
        Ok(s) => s,
        Err(e) => panic!("payline failed to load:\n{e}"),
    };
    assert_eq!(service.name, "DirectPaymentAPI");
    let ops: Vec<_> = service.ports.iter().flat_map(|p| p.operations.iter()).collect();
    assert_eq!(ops.len(), 42);
    assert!(service.ports.iter().all(|p| p.protocol == Protocol::Soap11));
    assert_eq!(service.ports[0].name, "DirectPaymentAPI");
    assert_eq!(service.ports[0].address.as_deref(), Some("http://host/V4/services/DirectPaymentAPI"));
    for op in &ops {
        assert_eq!(op.soap_action, op.name);
        assert_eq!(op.style, Style::Document);
        assert!(op.input.is_some() && op.output.is_some(), "{}", op.name);
    }
    let impl_ns = "http://impl.ws.payline.experian.com";
    let obj_ns = "http://obj.ws.payline.experian.com";
    let op = ops.iter().find(|o| o.name == "doRecurrentWalletPayment").expect("operation");
    let input = op.input.as_ref().expect("input");
    assert_eq!(input.parts.len(), 1);
    let el = QName::new(impl_ns, "doRecurrentWalletPaymentRequest");
    assert_eq!(input.parts[0].content, codegen::model::PartContent::Element(el.clone()));
    let decl = &service.elements[&el];
    let TypeRef::Named(tq) = &decl.ty else { panic!("anonymous type expected") };
    assert_eq!(tq, &el);
    let TypeKind::Complex(ct) = &service.types[tq].kind else { panic!("complex expected") };
    let names: Vec<&str> = ct.fields.iter().map(|f| f.name.local.as_str()).collect();
    assert_eq!(
        names,
        [
            "version",
            "payment",
            "orderRef",
            "orderDate",
            "scheduledDate",
            "walletId",
            "cardInd",
            "cvx",
            "recurring",
            "privateDataList",
            "order",
            "media",
            "authentication3DSecure",
            "linkedTransactionId"
        ]
    );
    assert!(ct.fields.iter().all(|f| f.name.ns == impl_ns));
    let nillable: Vec<bool> = ct.fields.iter().map(|f| f.nillable).collect();
    assert_eq!(nillable, [false, false, false, false, false, false, true, true, false, true, true, true, true, true]);
    let min: Vec<u32> = ct.fields.iter().map(|f| f.min_occurs).collect();
    assert_eq!(min, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1]);
    assert!(ct.fields.iter().all(|f| f.max_occurs == Some(1)));
    assert_eq!(ct.fields[0].ty, TypeRef::Builtin(Builtin::String));
    assert_eq!(ct.fields[1].ty, TypeRef::Named(QName::new(obj_ns, "payment")));
    assert_eq!(
        service.types[tq].docs.as_deref(),
        Some("This element is the request for the\ndoRecurrentWalletPayment method")
    );
}

#[test]
fn every_corpus_case_loads_or_reports() {
    let Some(dir) = corpus() else { return };
    let catalog = Catalog::from_toml_file(&dir.join("corpus.toml")).expect("catalog");
    let text = std::fs::read_to_string(dir.join("corpus.toml")).expect("corpus.toml");
    let table: toml::Table = toml::from_str(&text).expect("toml");
    let cases = table.get("case").and_then(|c| c.as_array()).cloned().unwrap_or_default();
    let mut failed = Vec::new();
    for case in &cases {
        let name = case.get("name").and_then(|v| v.as_str()).unwrap_or("?");
        let Some(wsdl) = case.get("wsdl").and_then(|v| v.as_str()) else { continue };
        match load_wsdl(&dir.join(wsdl), &catalog) {
            Ok(s) => {
                let n: usize = s.ports.iter().map(|p| p.operations.len()).sum();
                println!("ok   {name}: {} ports, {n} port operations, {} types", s.ports.len(), s.types.len());
                let distinct: std::collections::BTreeSet<&str> =
                    s.ports.iter().flat_map(|p| p.operations.iter().map(|o| o.name.as_str())).collect();
                if let Some(expected) = case.get("operations").and_then(|v| v.as_integer()) {
                    assert_eq!(distinct.len() as i64, expected, "{name}: distinct operations");
                }
                let soap: Vec<&str> = case
                    .get("soap")
                    .and_then(|v| v.as_array())
                    .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
                    .unwrap_or_default();
                for (version, protocol) in [("1.1", Protocol::Soap11), ("1.2", Protocol::Soap12)] {
                    let has = s.ports.iter().any(|p| p.protocol == protocol);
                    assert_eq!(has, soap.contains(&version), "{name}: SOAP {version} ports");
                }
            }
            Err(e) => {
                for d in &e.0 {
                    assert!(d.span.line > 0 && d.span.col > 0 && !d.span.file.is_empty(), "unlocated: {d}");
                }
                println!("FAIL {name}:\n{e}");
                failed.push(name.to_string());
            }
        }
    }
    println!("{} of {} cases load; failing: {failed:?}", cases.len() - failed.len(), cases.len());
}

#[test]
fn payline_is_deterministic_and_truncations_never_panic() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("payline-directpayment/DirectPaymentAPI.wsdl");
    let a = load_wsdl(&path, &Catalog::default()).expect("payline");
    let b = load_wsdl(&path, &Catalog::default()).expect("payline");
    assert_eq!(a, b);
    let text = std::fs::read_to_string(&path).expect("read");
    let tmp = std::env::temp_dir().join(format!("codegen-loader-{}-truncated", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("mkdir");
    let cut = tmp.join("cut.wsdl");
    for n in [10, 100, 5_000, 60_000, text.len() / 2, text.len() - 30] {
        let Some(prefix) = text.get(..n) else { continue };
        std::fs::write(&cut, prefix).expect("write");
        let err = load_wsdl(&cut, &Catalog::default()).expect_err("truncated input must fail");
        assert!(err.0.iter().all(|d| d.span.line > 0 && d.hint.is_some()), "{err}");
    }
}
