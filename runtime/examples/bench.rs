//! Rough throughput check of the reader and writer (run with `--release`).

use std::time::Instant;

use runtime::xml::{Element, FromXml, Nillable, ReadOptions, ToXml, XmlError, XmlReader, XmlWriter};

const NS: &str = "urn:bench";

#[derive(Default)]
struct Record {
    id: Option<Nillable<String>>,
    amount: Option<Nillable<runtime::xml::Decimal>>,
    date: Option<Nillable<String>>,
    status: Option<Nillable<i32>>,
}

impl FromXml for Record {
    fn read_xml(r: &mut XmlReader<'_>, _el: &Element) -> Result<Self, XmlError> {
        let mut v = Record::default();
        while let Some(c) = r.next_child()? {
            if c.is(NS, "id") {
                r.read_once_nillable(&c, &mut v.id)?;
            } else if c.is(NS, "amount") {
                r.read_once_nillable(&c, &mut v.amount)?;
            } else if c.is(NS, "date") {
                r.read_once_nillable(&c, &mut v.date)?;
            } else if c.is(NS, "status") {
                r.read_once_nillable(&c, &mut v.status)?;
            } else {
                r.unexpected(&c)?;
            }
        }
        Ok(v)
    }
}

impl ToXml for Record {
    fn write_content(&self, w: &mut XmlWriter) {
        w.optional_nillable(NS, "id", &self.id);
        w.optional_nillable(NS, "amount", &self.amount);
        w.optional_nillable(NS, "date", &self.date);
        w.optional_nillable(NS, "status", &self.status);
    }
}

#[derive(Default)]
struct List(Vec<Record>);

impl FromXml for List {
    fn read_xml(r: &mut XmlReader<'_>, _el: &Element) -> Result<Self, XmlError> {
        let mut v = Vec::new();
        while let Some(c) = r.next_child()? {
            v.push(r.read(&c)?);
        }
        Ok(List(v))
    }
}

fn main() {
    let mut doc = String::from(r#"<b:list xmlns:b="urn:bench">"#);
    for i in 0..5000 {
        doc.push_str(&format!(
            "<b:record><b:id>TX{i:08}</b:id><b:amount>{i}.50</b:amount><b:date>2024-01-01T10:00:00Z</b:date><b:status>{}</b:status></b:record>",
            i % 7
        ));
    }
    doc.push_str("</b:list>");
    let iters = 50;
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..iters {
        let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
        let root = r.root().unwrap();
        let list = List::read_xml(&mut r, &root).unwrap();
        n += list.0.len();
        r.finish().unwrap();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "parse: {:.1} MB/s, {:.0} records/s ({} bytes/doc)",
        (doc.len() * iters) as f64 / secs / 1e6,
        n as f64 / secs,
        doc.len()
    );
    let mut r = XmlReader::new(doc.as_bytes(), ReadOptions::default());
    let root = r.root().unwrap();
    let list = List::read_xml(&mut r, &root).unwrap();
    let t = Instant::now();
    let mut bytes = 0;
    for _ in 0..iters {
        let mut w = XmlWriter::with_capacity(doc.len());
        w.declare("b", NS);
        w.start(NS, "list");
        w.repeated(NS, "record", &list.0);
        w.end();
        bytes += w.as_bytes().len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!("serialize: {:.1} MB/s", bytes as f64 / secs / 1e6);
}
