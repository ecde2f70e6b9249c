//! Typed parse and serialize with the generated code against quick-xml's serde and raw quick-xml
//! tokenizing, on the same bytes, in the same run (`cargo bench -p bench`).
//!
//! Groups: `parse/<items>` (generated, serde, raw), `serialize/<items>` (generated, serde) and
//! `payline` (the vendor's doRecurrentWalletPayment response and request). Compare within a group:
//! the machine is shared, so ratios measured side by side are what counts.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn items(c: &mut Criterion) {
    if !bench::HAVE_ITEMS {
        bench::note_missing("../shared/bench/items.wsdl");
        return;
    }
    #[cfg(items_wsdl)]
    for n in bench::SIZES {
        let bytes = bench::items_envelope(n);
        // Same content both ways, checked once.
        let typed = bench::typed::parse(&bytes);
        let serde = bench::serde_items::parse(&bytes);
        assert_eq!(typed.item.len(), n);
        assert_eq!(serde.body.items.item.len(), n);
        assert_eq!(typed.item.last().map(|i| i.name.as_str()), serde.body.items.item.last().map(|i| i.name.as_str()));

        let mut g = c.benchmark_group(format!("parse/{n}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        configure(&mut g, n);
        g.bench_function("generated", |b| b.iter(|| bench::typed::parse(black_box(&bytes))));
        g.bench_function("quick-xml-serde", |b| b.iter(|| bench::serde_items::parse(black_box(&bytes))));
        g.bench_function("quick-xml-raw-tokens", |b| b.iter(|| bench::raw_tokenize(black_box(&bytes))));
        g.finish();

        let value = bench::typed::item_list(n);
        let envelope = bench::serde_items::envelope(n);
        let mut g = c.benchmark_group(format!("serialize/{n}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        configure(&mut g, n);
        g.bench_function("generated", |b| b.iter(|| bench::typed::serialize(black_box(&value))));
        g.bench_function("quick-xml-serde", |b| b.iter(|| bench::serde_items::serialize(black_box(&envelope))));
        g.finish();
    }
}

fn payline(c: &mut Criterion) {
    let Some((request, response)) = bench::payline::messages() else {
        bench::note_missing("../shared/corpus/payline-directpayment/messages");
        return;
    };
    let value = bench::payline::parse_request_bytes(&request);
    let mut g = c.benchmark_group("payline");
    configure(&mut g, 10);
    g.bench_function("parse-response/generated", |b| {
        b.iter(|| bench::payline::parse_response_bytes(black_box(&response)))
    });
    g.bench_function("parse-response/quick-xml-raw-tokens", |b| b.iter(|| bench::raw_tokenize(black_box(&response))));
    g.bench_function("serialize-request/generated", |b| {
        b.iter(|| bench::payline::serialize_request_value(black_box(&value)))
    });
    g.finish();
}

/// Short runs: the full suite must fit in a few minutes on a 2-core machine.
fn configure(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(if n >= 10_000 { 4 } else { 2 }));
    g.sample_size(if n >= 10_000 { 20 } else { 50 });
}

criterion_group!(benches, items, payline);
criterion_main!(benches);
