//! A `tracing` subscriber that records everything at every level (TRACE included): span names and
//! fields, field updates, events. Installed once per test binary as the global default, so it
//! sees every thread (the runtime's, reqwest's and hyper's tasks included).

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

type Hook = Box<dyn Fn(&str) + Send + Sync>;

/// What the subscriber saw.
pub struct Capture {
    log: Mutex<String>,
    hooks: Mutex<Vec<Hook>>,
    next_id: AtomicU64,
}

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

struct Global(&'static Capture);

impl Subscriber for Global {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {} {}", span.metadata().level(), span.metadata().name());
        span.record(&mut Line(&mut line));
        self.0.push(line);
        Id::from_u64(self.0.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record");
        values.record(&mut Line(&mut line));
        self.0.push(line);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = format!("event {} {}", event.metadata().level(), event.metadata().target());
        event.record(&mut Line(&mut line));
        self.0.push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl Capture {
    fn push(&self, line: String) {
        if let Ok(hooks) = self.hooks.lock() {
            for h in hooks.iter() {
                h(&line);
            }
        }
        if let Ok(mut log) = self.log.lock() {
            log.push_str(&line);
            log.push('\n');
        }
    }

    /// Everything recorded so far.
    pub fn text(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Calls `hook` with every line recorded from now on (synchronously, on the recording thread).
    pub fn on_line(&self, hook: impl Fn(&str) + Send + Sync + 'static) {
        if let Ok(mut hooks) = self.hooks.lock() {
            hooks.push(Box::new(hook));
        }
    }
}

/// The capture of this test binary (installed on first use).
pub fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<&'static Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let c: &'static Capture = Box::leak(Box::new(Capture {
            log: Mutex::new(String::new()),
            hooks: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(0),
        }));
        tracing::subscriber::set_global_default(Global(c)).expect("no other global subscriber in this test binary");
        c
    })
}
