//! Throughput of parse, check, due and report on generated journals (`cargo bench`).
//! `stream_*` are the same commands on the streaming path (`nudge::stream`), which the CLI
//! uses. Whole-process figures for 1M entries are in docs/performance.md.

#[path = "../src/generate.rs"]
mod generate;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use nudge::parse::{index_str, parse_str, Storage};
use nudge::stream::Index;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

/// Time `work` on a freshly parsed generated journal of `entries` entries, counting its bytes.
fn on_journal(
    bencher: Bencher,
    entries: usize,
    work: impl Fn(&nudge::model::Journal<'_>) -> usize + Sync,
) {
    let text = text(entries);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let storage = Storage::new();
        let journal = parse_str(&storage, &text, "bench.nudge");
        black_box(work(&journal))
    });
}

/// A generated journal of `entries` entries.
fn text(entries: usize) -> String {
    generate::journal(entries, 1)
}

/// Time `work` on a freshly indexed generated journal (pass 1 of the streaming path).
fn on_index(bencher: Bencher, entries: usize, work: impl Fn(&Index<'_>) -> usize + Sync) {
    let text = text(entries);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let storage = Storage::new();
        let index = index_str(&storage, &text, "bench.nudge");
        black_box(work(&index))
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn stream_check(bencher: Bencher, entries: usize) {
    on_index(bencher, entries, |index| {
        let diags = nudge::stream::check(index, today(), &nudge::rules::Options::default(), true);
        let _ = nudge::render::write_json(&mut std::io::sink(), &diags, &index.sources, today());
        diags.len()
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn stream_due(bencher: Bencher, entries: usize) {
    on_index(bencher, entries, |index| {
        let options = nudge::report::due::DueOptions {
            today: today(),
            within: 14,
            all: false,
        };
        nudge::stream::due(index, &options).len()
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn stream_report(bencher: Bencher, entries: usize) {
    on_index(bencher, entries, |index| {
        let (from, to) = nudge::report::weekly::week_of(today());
        let (diags, parts) = nudge::stream::report(index, today(), from, to);
        parts.finish(&diags).activity.len()
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn parse(bencher: Bencher, entries: usize) {
    on_journal(bencher, entries, |journal| journal.entries.len());
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn check(bencher: Bencher, entries: usize) {
    on_journal(bencher, entries, |journal| {
        let diags = nudge::rules::check(journal, today(), &nudge::rules::Options::default());
        let _ = nudge::render::write_json(&mut std::io::sink(), &diags, &journal.sources, today());
        diags.len()
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn due(bencher: Bencher, entries: usize) {
    on_journal(bencher, entries, |journal| {
        let options = nudge::report::due::DueOptions {
            today: today(),
            within: 14,
            all: false,
        };
        nudge::report::due::due(journal, &options).len()
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn report(bencher: Bencher, entries: usize) {
    on_journal(bencher, entries, |journal| {
        let diags = nudge::rules::check(journal, today(), &nudge::rules::Options::default());
        let (from, to) = nudge::report::weekly::week_of(today());
        nudge::report::weekly::report(journal, today(), from, to, &diags)
            .activity
            .len()
    });
}
