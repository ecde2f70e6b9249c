//! The transcription in specs/safedebit/safedebit.toml against its sources: every line of the
//! seed's argument table (name, French description, type, size, mandatory flag), the error codes
//! of the facts, and what the generated request shows in rustdoc.

use std::path::PathBuf;

use codegen::model::{Protocol, TypeKind};
use codegen::table::{ArgumentSpec, Table, read_table};
use tests::corpus::{seeds, workspace};

const SEED: &str = "001_48783d648cfcbd24.txt";

/// One line of the provider's table: (name, description, type, size, mandatory).
type Line = (String, String, String, Option<u32>, bool);

fn table() -> Table {
    let path = workspace().join("specs/safedebit/safedebit.toml");
    let text = std::fs::read_to_string(&path).expect("specs/safedebit/safedebit.toml");
    read_table(&text, &path).unwrap_or_else(|d| panic!("{d}"))
}

fn arguments(table: &Table) -> Vec<&ArgumentSpec> {
    let op = table.operation.iter().map(|o| o.get_ref()).find(|o| o.name == "get_link_payment");
    op.expect("get_link_payment").argument.iter().map(|a| a.get_ref()).collect()
}

fn ours(a: &ArgumentSpec) -> Line {
    (a.name.clone(), a.description.clone().unwrap_or_default(), a.ty.label().to_string(), a.size, a.mandatory)
}

/// Parses `name description... Type[ - size] OUI|NON` (the "Exemple" column is empty).
fn parse_line(line: &str) -> Option<Line> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (&mandatory, rest) = words.split_last()?;
    let mandatory = match mandatory {
        "OUI" => true,
        "NON" => false,
        _ => return None,
    };
    let (ty, size, description) = match rest {
        [name, desc @ .., ty, "-", size] => (*ty, Some(size.parse().ok()?), (name, desc)),
        [name, desc @ .., ty] => (*ty, None, (name, desc)),
        _ => return None,
    };
    let (name, desc) = description;
    Some((name.to_string(), desc.join(" "), ty.to_string(), size, mandatory))
}

fn seed_lines(text: &str) -> Vec<Line> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with("Argument Description Type - Taille"));
    lines.next();
    lines
        .take_while(|l| !l.trim().is_empty())
        .map(|l| parse_line(l).unwrap_or_else(|| panic!("seed line {l:?}")))
        .collect()
}

#[test]
fn every_line_of_the_seeds_table_is_transcribed_exactly() {
    let table = table();
    let ours: Vec<Line> = arguments(&table).into_iter().map(ours).collect();
    assert_eq!(ours.len(), 37);
    assert_eq!(ours.iter().filter(|l| l.4).count(), 7, "7 mandatory arguments");
    let Some(dir) = seeds() else { return eprintln!("note: ../shared/seeds not found; transcription not compared") };
    let path: PathBuf = dir.join(SEED);
    let Ok(text) = std::fs::read_to_string(&path) else { return eprintln!("note: {} not found", path.display()) };
    let theirs = seed_lines(&text);
    assert_eq!(theirs.len(), 37, "the seed's table has 37 lines");
    for (i, (t, o)) in theirs.iter().zip(&ours).enumerate() {
        assert_eq!(o, t, "line {} of the table", i + 1);
    }
}

#[test]
fn the_error_codes_of_the_facts_are_all_there() {
    let table = table();
    let codes: Vec<&str> = table.error.iter().map(|e| e.get_ref().code.as_str()).collect();
    let expected = [
        "AUTH_001",
        "AUTH_002",
        "AUTH_003",
        "AUTH_004",
        "AUTH_005",
        "EXIST_001",
        "EXIST_002",
        "EXIST_003",
        "EXIST_004",
        "EXIST_005",
        "NOK_001",
    ];
    assert_eq!(codes, expected);
    let facts = workspace().join("../shared/facts/get-link-payment.md");
    let Ok(text) = std::fs::read_to_string(&facts) else { return eprintln!("note: facts not found") };
    let re = error_codes_in(&text);
    for code in re {
        assert!(codes.contains(&code.as_str()), "the facts list {code}");
    }
}

/// Every `PREFIX_123` word of a text.
fn error_codes_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            w.split_once('_').is_some_and(|(p, n)| {
                !p.is_empty()
                    && p.chars().all(|c| c.is_ascii_uppercase())
                    && n.len() == 3
                    && n.chars().all(|c| c.is_ascii_digit())
            })
        })
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn the_model_is_a_json_port_with_the_tables_structure() {
    let path = workspace().join("specs/safedebit/safedebit.toml");
    let service = codegen::table::load_table(&path).unwrap_or_else(|d| panic!("{d}"));
    let [port] = service.ports.as_slice() else { panic!("one port") };
    assert_eq!(port.protocol, Protocol::Json);
    let op = &port.operations[0];
    let http = op.http.as_ref().expect("HTTP binding");
    assert_eq!((http.method.as_str(), http.path.as_str(), http.auth), ("POST", "get_link_payment", true));
    let request = service.types.values().find(|t| t.name.local == "get_link_payment_request").expect("request type");
    let TypeKind::Complex(c) = &request.kind else { panic!("a structure") };
    assert_eq!(c.fields.len(), 37);
    let zip = c.fields.iter().find(|f| f.name.local == "consumer_zip_code").expect("zip");
    assert_eq!(zip.facets.max_length, Some(16));
    assert!(zip.docs.as_deref().unwrap_or("").contains("Sent as a JSON string"));
    for name in ["consumer_type", "sms_option", "email_option", "error_code"] {
        let t = service.types.values().find(|t| t.name.local == name).expect(name);
        assert!(matches!(t.kind, TypeKind::Enum(_)), "{name} is an enumeration");
    }
}

#[test]
fn rustdoc_of_the_request_shows_each_arguments_description() {
    let types = std::fs::read_to_string(workspace().join("generated/src/safedebit/types.rs")).expect("generated");
    let start = types.find("pub struct GetLinkPaymentRequest").expect("request struct");
    let body = &types[start..];
    let end = body.find("\n}").expect("end of struct");
    let fields = &body[..end];
    for a in arguments(&table()) {
        let description = a.description.as_deref().unwrap_or_default();
        let line = format!("/// {description}\n    ///\n    /// Table: `");
        let at = fields.find(&line).unwrap_or_else(|| panic!("rustdoc of `{}` shows {description:?}", a.name));
        let after = &fields[at..];
        let field_line = after.lines().find(|l| l.trim_start().starts_with("pub ")).unwrap_or_default();
        assert!(field_line.contains(&format!("pub {}:", a.name)), "{description:?} documents `{}`", a.name);
    }
}
