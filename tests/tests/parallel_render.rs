//! The generator renders big services in parts on several threads (`codegen::rust::render_in_parts`)
//! and joins the formatted parts: the bytes must be the same whatever the number of parts, on the
//! biggest WSDLs of the corpus (Microsoft EWS, Salesforce).

use codegen::generate::from_wsdl_in_parts;
use codegen::load::Catalog;
use tests::corpus::{corpus, skip};

#[test]
fn output_is_the_same_whatever_the_number_of_parts() {
    let Some(corpus) = corpus() else { return skip("parallel_render") };
    let catalog = Catalog::from_toml_file(&corpus.join("corpus.toml")).expect("corpus catalog");
    for wsdl in ["ms-ews/services.wsdl", "salesforce-partner/partner.wsdl"] {
        let path = corpus.join(wsdl);
        let whole = from_wsdl_in_parts(&path, &catalog, wsdl, Some(1)).expect("generates");
        assert!(whole.iter().map(|f| f.contents.lines().count()).sum::<usize>() > 30_000, "{wsdl} is big");
        for parts in [2, 3, 7] {
            let split = from_wsdl_in_parts(&path, &catalog, wsdl, Some(parts)).expect("generates");
            assert_eq!(split.len(), whole.len());
            for (a, b) in whole.iter().zip(&split) {
                assert_eq!(a.name, b.name);
                assert!(a.contents == b.contents, "{wsdl} {} differs in {parts} parts", a.name);
            }
        }
    }
}
