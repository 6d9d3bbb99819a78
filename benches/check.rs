//! Throughput of parse, check, due and report on generated journals (`cargo bench`).
//! Whole-process figures for 1M entries are in the README's performance section.

#[path = "../src/generate.rs"]
mod generate;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use nudge::parse::{parse_str, Storage};

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
    let text = generate::journal(entries, 1);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let storage = Storage::new();
        let journal = parse_str(&storage, &text, "bench.nudge");
        black_box(work(&journal))
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
