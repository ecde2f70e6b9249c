//! Argument tables (TOML): what they become in the model, and located errors for bad tables.

use std::path::Path;

use codegen::model::{Builtin, Protocol, TypeKind, TypeRef};
use codegen::table::parse_table;

const HEAD: &str = r#"title = "T"
[envelope]
success = "result"
code = "code"

[[operation]]
name = "op"
method = "POST"
path = "op"
"#;

fn errors(text: &str) -> Vec<String> {
    match parse_table(text, Path::new("t.toml")) {
        Ok(_) => Vec::new(),
        Err(d) => d.0.iter().map(|d| format!("{}:{}: {}", d.span.line, d.span.col, d.message)).collect(),
    }
}

fn argument(lines: &str) -> String {
    format!("{HEAD}\n[[operation.argument]]\n{lines}\n")
}

#[test]
fn a_table_becomes_a_json_port_with_types() {
    let text = format!(
        "{HEAD}{}",
        r#"
[[operation.argument]]
name = "zip"
type = "integer"
size = 5
wire = "string"
[[operation.argument]]
name = "n"
type = "integer"
size = 3
mandatory = true
[[operation.argument]]
name = "kind"
type = "integer"
values = [{ value = "0" }, { value = "1", name = "One" }]
[[operation.result]]
name = "link"
type = "string"
format = "url"
"#
    );
    let service = parse_table(&text, Path::new("t.toml")).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(service.ports[0].protocol, Protocol::Json);
    let http = service.ports[0].operations[0].http.clone().expect("http");
    assert_eq!((http.method.as_str(), http.auth), ("POST", true));
    assert_eq!(http.envelope.map(|e| e.codes.local), Some("error_code".to_string()));
    let names: Vec<&str> = service.types.keys().map(|q| q.local.as_str()).collect();
    assert_eq!(names, ["error_code", "kind", "op_request", "op_response"]);
    let Some(TypeKind::Complex(req)) = service.types.values().find(|t| t.name.local == "op_request").map(|t| &t.kind)
    else {
        panic!("request")
    };
    assert_eq!(req.fields[0].ty, TypeRef::Builtin(Builtin::String));
    assert_eq!(req.fields[0].facets.patterns, ["[0-9]+"]);
    assert_eq!(req.fields[0].facets.max_length, Some(5));
    assert_eq!(
        (req.fields[1].ty.clone(), req.fields[1].facets.total_digits),
        (TypeRef::Builtin(Builtin::Integer), Some(3))
    );
    assert_eq!((req.fields[0].min_occurs, req.fields[1].min_occurs), (0, 1));
    let Some(TypeKind::Enum(kind)) = service.types.values().find(|t| t.name.local == "kind").map(|t| &t.kind) else {
        panic!("enum")
    };
    assert_eq!(kind.base, TypeRef::Builtin(Builtin::Integer), "an integer enumeration goes as a number");
}

#[test]
fn bad_tables_are_located_errors() {
    let cases: &[(&str, &str)] = &[
        ("name = \"a\"\ntype = \"strin\"", "13:8: invalid argument table: unknown variant `strin`"),
        ("name = \"a\"\ntype = \"string\"\nwire = \"number\"", "11:1: `a`: a string goes on the wire as a string"),
        ("name = \"a\"\ntype = \"boolean\"\nsize = 1", "11:1: `a`: a size means nothing here"),
        ("name = \"a\"\ntype = \"integer\"\nformat = \"url\"", "11:1: `a`: format Url applies to strings only"),
        (
            "name = \"a\"\ntype = \"integer\"\nsize = 1\nvalues = [{ value = \"10\" }]",
            "11:1: `a`: value `10` is longer",
        ),
        ("name = \"a\"\ntype = \"integer\"\nvalues = [{ value = \"x\" }]", "11:1: `a`: value `x` is not an integer"),
        ("name = \"a\"\ntype = \"string\"\ncolour = \"red\"", "14:1: invalid argument table: unknown field `colour`"),
        ("name = \"result\"\ntype = \"string\"", ""),
    ];
    for (lines, want) in cases {
        let got = errors(&argument(lines));
        if want.is_empty() {
            assert!(got.is_empty(), "{lines}: {got:?}");
        } else {
            assert!(got.iter().any(|g| g.starts_with(want)), "{lines}: want {want:?}, got {got:?}");
        }
    }
    let twice = argument("name = \"a\"\ntype = \"string\"\n[[operation.argument]]\nname = \"a\"\ntype = \"string\"");
    assert_eq!(errors(&twice), ["14:1: `a` is listed twice (or is an envelope member)"]);
    let no_envelope =
        "title = \"T\"\n[[error]]\ncode = \"X\"\n[[operation]]\nname = \"op\"\nmethod = \"GET\"\npath = \"op\"\n";
    assert_eq!(errors(no_envelope), ["2:1: error codes need an [envelope] saying where the code is"]);
    let bad_method = HEAD.replace("POST", "PUT");
    let got = errors(&bad_method);
    assert!(got[0].starts_with("8:10: invalid argument table: unknown variant `PUT`"), "{got:?}");
    let bad_path = HEAD.replace("path = \"op\"", "path = \"a b\"");
    assert!(errors(&bad_path)[0].contains("path `a b` is empty or not a plain URL path"));
    assert_eq!(errors("title = \"T\"\n"), ["1:1: the table defines no operation"]);
}

#[test]
fn result_members_may_not_shadow_the_envelope() {
    let text = format!("{HEAD}\n[[operation.result]]\nname = \"code\"\ntype = \"string\"\n");
    assert_eq!(errors(&text), ["11:1: `code` is listed twice (or is an envelope member)"]);
}
