//! The corpus workspace (`target/corpus-workspace/`): one generated crate per corpus case, and per
//! case a round-trip driver crate (`rt-<case>`) whose binary parses sample messages with the
//! generated types, validates them, writes them back and parses its own output again. One
//! workspace and one target directory, so that the compile test (`cargo clippy`) and the round-trip
//! test (`cargo build` of the drivers) share their dependencies' builds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::load::Catalog;
use codegen::model::{QName, Service, TypeKind, TypeRef};
use codegen::naming::Names;
use codegen::rust::File;
use codegen::standalone::{Membership, crate_name, standalone_crate};

use crate::corpus::workspace;

/// One `[[case]]` of corpus.toml.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub wsdl: String,
    pub operations: usize,
}

/// The cases of corpus.toml, restricted by `CORPUS_CASES=a,b` when set (for local iteration).
pub fn cases(corpus: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(corpus.join("corpus.toml")).expect("read corpus.toml");
    let table: toml::Table = text.parse().expect("corpus.toml parses");
    let only: Option<BTreeSet<String>> =
        std::env::var("CORPUS_CASES").ok().map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    let list = table.get("case").and_then(|c| c.as_array()).cloned().unwrap_or_default();
    list.iter()
        .filter_map(|c| {
            let name = c.get("name")?.as_str()?.to_string();
            let wsdl = c.get("wsdl")?.as_str()?.to_string();
            let operations = usize::try_from(c.get("operations")?.as_integer()?).ok()?;
            Some(Case { name, wsdl, operations })
        })
        .filter(|c| only.as_ref().is_none_or(|o| o.contains(&c.name)))
        .collect()
}

/// The workspace directory and its target directory.
pub fn dirs() -> (PathBuf, PathBuf) {
    let root = workspace();
    (root.join("target/corpus-workspace"), root.join("target/corpus-workspace-target"))
}

pub fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create directory");
    }
    std::fs::write(path, text).expect("write file");
}

/// A message element of a case to round-trip: which element, its type in the lowered model (what
/// the generated code maps), and the Rust type the generated crate names it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub element: QName,
    pub ty: TypeRef,
    pub rust: String,
    /// input, output, fault or header.
    pub role: &'static str,
    /// An enumeration-typed element (a simple-typed header or fault detail): read and written as
    /// a scalar, validated as a known value.
    pub simple: bool,
}

/// Every distinct message element of `service` (bodies, fault details, headers) with its Rust
/// type; message elements without a generated struct (a simple-typed fault or header element,
/// written as a scalar) are returned apart, with the reason.
pub fn targets(service: &Service, client_prefix: &str) -> (Vec<Target>, Vec<String>) {
    let lowered = codegen::rust::lower::lower(service);
    let names = Names::decide(&lowered.service, client_prefix);
    let mut out: Vec<Target> = Vec::new();
    let mut apart = Vec::new();
    let mut push = |element: &QName, ty: TypeRef, role: &'static str, out: &mut Vec<Target>| {
        if out.iter().any(|t| t.element == *element) {
            return;
        }
        let (rust, simple) = match &ty {
            TypeRef::Named(q) => match lowered.service.types.get(q).map(|t| &t.kind) {
                Some(TypeKind::Complex(_)) => (names.value_ty(q).map(str::to_string), false),
                Some(TypeKind::Enum(_)) => (names.ty(q).map(str::to_string), true),
                _ => (None, false),
            },
            TypeRef::Builtin(_) => (None, false),
        };
        match rust {
            Some(rust) => out.push(Target { element: element.clone(), ty, rust, role, simple }),
            None => apart.push(format!(
                "{role} element {element}: of a builtin or restricted simple type (no Rust type of its own)"
            )),
        }
    };
    for (port, plans) in lowered.service.ports.iter().zip(&lowered.plans) {
        for (op, plan) in port.operations.iter().zip(plans) {
            let Ok(plan) = plan else { continue };
            push(&plan.input.element, TypeRef::Named(plan.input.ty.clone()), "input", &mut out);
            if let Some(o) = &plan.output {
                push(&o.element, TypeRef::Named(o.ty.clone()), "output", &mut out);
            }
            let elements = op.faults.iter().filter_map(|f| f.element.as_ref().map(|e| (e, "fault"))).chain(
                op.headers.iter().filter_map(|h| match &h.content {
                    codegen::model::PartContent::Element(e) => Some((e, "header")),
                    codegen::model::PartContent::Type(_) => None,
                }),
            );
            for (e, role) in elements {
                if let Some(decl) = lowered.service.elements.get(e) {
                    push(e, decl.ty.clone(), role, &mut out);
                }
            }
        }
    }
    (out, apart)
}

/// The round-trip driver of a case: `main.rs` of crate `rt-<member>`.
pub fn driver(member: &str, targets: &[Target]) -> Vec<(PathBuf, String)> {
    let lib = member.replace('-', "_");
    let runtime = workspace().join("runtime");
    let cargo = format!(
        "[package]\nname = \"rt-{member}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nruntime = {{ path = {:?} }}\n{member} = {{ path = \"../{member}\" }}\n",
        runtime.display().to_string()
    );
    let mut seen = BTreeSet::new();
    let arms: String = targets
        .iter()
        .filter(|t| seen.insert(t.rust.clone()))
        .map(|t| {
            let f = if t.simple { "round_trip_simple" } else { "round_trip" };
            format!("        {:?} => {f}::<{lib}::{}>(bytes, ns, local),\n", t.rust, t.rust)
        })
        .collect();
    let main = format!(
        r#"//! Written by tests/src/corpus_workspace.rs: round trips of {member}'s message elements.
//! Reads lines `type<TAB>namespace<TAB>local<TAB>input<TAB>output` from the file named by the
//! first argument; for each, parses the input (strict: any deviation fails) with the generated
//! type, validates the value, writes it to the output, parses that again and compares (values with
//! raw XML: one more pass gives an equal value). Prints
//! `ok<TAB>input` or `err<TAB>input<TAB>reason` per line.

use runtime::xml::{{FromXml, ReadOptions, ToXml, XmlReader, XmlWriter}};

fn parse<T: FromXml>(bytes: &[u8], ns: &str, local: &str) -> Result<T, String> {{
    let mut r = XmlReader::new(bytes, ReadOptions::strict());
    let el = r.root().map_err(|e| e.to_string())?;
    if !el.is(ns, local) {{
        return Err(format!("root is {{}}, expected {{{{{{ns}}}}}}{{local}}", el.qualified_name()));
    }}
    let value = T::read_xml(&mut r, &el).map_err(|e| e.to_string())?;
    r.finish().map_err(|e| e.to_string())?;
    Ok(value)
}}

fn round_trip<T>(bytes: &[u8], ns: &str, local: &str) -> Result<Vec<u8>, String>
where
    T: FromXml + ToXml + PartialEq + std::fmt::Debug + runtime::validate::Validate,
{{
    let value: T = parse(bytes, ns, local).map_err(|e| format!("the sample does not parse: {{e}}"))?;
    runtime::validate::validate(local, &value).map_err(|e| format!("the parsed sample does not validate: {{e}}"))?;
    let mut w = XmlWriter::new();
    w.element(ns, local, &value);
    let out = w.into_bytes();
    let again: T = parse(&out, ns, local).map_err(|e| format!("our output does not parse: {{e}}"))?;
    // Raw XML (xs:any) is kept as text with the namespace declarations in scope where it was
    // read, which differ between the sample and our output: there, one more pass must give an
    // equal value (the declarations are then those of our own output).
    let raw = format!("{{value:?}}").contains("RawXml(");
    if again != value && !(raw && {{
        let mut w = XmlWriter::new();
        w.element(ns, local, &again);
        parse::<T>(&w.into_bytes(), ns, local).is_ok_and(|third| third == again)
    }}) {{
        return Err(format!("parsed again, the value differs:\nfirst:  {{value:?}}\nsecond: {{again:?}}"));
    }}
    Ok(out)
}}

/// An enumeration-typed element: parsed, refused when not a known value, written, parsed again.
#[allow(dead_code)] // only the cases with such elements use it
fn round_trip_simple<T>(bytes: &[u8], ns: &str, local: &str) -> Result<Vec<u8>, String>
where
    T: runtime::xml::SimpleValue + Default + PartialEq + std::fmt::Debug,
{{
    let value: T = parse(bytes, ns, local).map_err(|e| format!("the sample does not parse: {{e}}"))?;
    if !value.is_known() {{
        return Err(format!("the parsed sample is not a known value: {{value:?}}"));
    }}
    let mut w = XmlWriter::new();
    w.element(ns, local, &value);
    let out = w.into_bytes();
    let again: T = parse(&out, ns, local).map_err(|e| format!("our output does not parse: {{e}}"))?;
    if again != value {{
        return Err(format!("parsed again, the value differs: {{value:?}} then {{again:?}}"));
    }}
    Ok(out)
}}

fn dispatch(ty: &str, bytes: &[u8], ns: &str, local: &str) -> Result<Vec<u8>, String> {{
    match ty {{
{arms}        other => Err(format!("no round trip for type {{other}}")),
    }}
}}

fn main() {{
    let list = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&list).unwrap_or_default();
    for line in text.lines() {{
        let f: Vec<&str> = line.split('\t').collect();
        let [ty, ns, local, input, output] = f.as_slice() else {{ continue }};
        let result = std::fs::read(input)
            .map_err(|e| e.to_string())
            .and_then(|bytes| dispatch(ty, &bytes, ns, local))
            .and_then(|out| std::fs::write(output, out).map_err(|e| e.to_string()));
        match result {{
            Ok(()) => println!("ok\t{{input}}"),
            Err(e) => println!("err\t{{input}}\t{{}}", e.replace('\n', "\\n")),
        }}
    }}
}}
"#
    );
    vec![(PathBuf::from("Cargo.toml"), cargo), (PathBuf::from("src/main.rs"), main)]
}

/// Writes a case's crate and driver into the workspace; returns the member names.
pub fn write_case(dir: &Path, case: &Case, service: &Service, files: &[File]) -> (String, String, usize) {
    let member = crate_name(&case.name);
    let mut lines = 0;
    for (rel, text) in standalone_crate(&member, files, &workspace().join("runtime"), Membership::Member) {
        lines += if rel.extension().is_some_and(|e| e == "rs") { text.lines().count() } else { 0 };
        write_if_changed(&dir.join(&member).join(rel), &text);
    }
    let (targets, _) = targets(service, &service.name);
    let driver_name = format!("rt-{member}");
    for (rel, text) in driver(&member, &targets) {
        write_if_changed(&dir.join(&driver_name).join(rel), &text);
    }
    (member, driver_name, lines)
}

/// The workspace manifest and lock file.
pub fn write_manifest(dir: &Path, members: &[String]) {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "# Written by tests/src/corpus_workspace.rs.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n\
             # The round-trip drivers are built, not only checked: no debug info keeps that fast.\n\
             [profile.dev]\ndebug = 0\n",
            list.join(", ")
        ),
    );
    // Same dependency versions as the project, and no resolution on each run.
    if let Ok(lock) = std::fs::read_to_string(workspace().join("Cargo.lock")) {
        write_if_changed(&dir.join("Cargo.lock"), &lock);
    }
}

/// Loads and generates a case: the model and the generated files, or why not.
pub fn generate(corpus: &Path, catalog: &Catalog, case: &Case) -> Result<(Service, Vec<File>), String> {
    let wsdl = corpus.join(&case.wsdl);
    let service =
        codegen::wsdl::load_wsdl(&wsdl, catalog).map_err(|e| format!("{}: does not load:\n{e}", case.name))?;
    let files = codegen::generate::from_wsdl(&wsdl, catalog, &format!("corpus/{}", case.wsdl))
        .map_err(|e| format!("{}: does not generate:\n{e}", case.name))?;
    Ok((service, files))
}
