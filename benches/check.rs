//! Throughput of parse, check, due and report on generated journals (`cargo bench`).
//! Whole-process figures for 1M entries are in the README's performance section.

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

#[divan::bench(args = SIZES, sample_count = 20)]
fn parse(bencher: Bencher, entries: usize) {
    let text = nudge::generate::journal(entries, 1);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let storage = Storage::new();
        black_box(parse_str(&storage, &text, "bench.nudge").entries.len())
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn check(bencher: Bencher, entries: usize) {
    let text = nudge::generate::journal(entries, 1);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let storage = Storage::new();
        let journal = parse_str(&storage, &text, "bench.nudge");
        let diags = nudge::rules::check(&journal, today(), &nudge::rules::Options::default());
        let mut sink = std::io::sink();
        let _ = nudge::render::write_json(&mut sink, &diags, &journal.sources, today());
        black_box(diags.len())
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn due(bencher: Bencher, entries: usize) {
    let text = nudge::generate::journal(entries, 1);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let storage = Storage::new();
        let journal = parse_str(&storage, &text, "bench.nudge");
        let options = nudge::report::due::DueOptions {
            today: today(),
            within: 14,
            all: false,
        };
        black_box(nudge::report::due::due(&journal, &options).len())
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn report(bencher: Bencher, entries: usize) {
    let text = nudge::generate::journal(entries, 1);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let storage = Storage::new();
        let journal = parse_str(&storage, &text, "bench.nudge");
        let diags = nudge::rules::check(&journal, today(), &nudge::rules::Options::default());
        let (from, to) = nudge::report::weekly::week_of(today());
        black_box(
            nudge::report::weekly::report(&journal, today(), from, to, &diags)
                .activity
                .len(),
        )
    });
}
