//! Peak-memory and time of each stage of `check` on a journal file (for profiling):
//! `cargo run --release --example stages -- big.nudge`
use std::time::Instant;

fn rss_mb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "journal.nudge".into());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    let t = Instant::now();
    let storage = nudge::parse::Storage::new();
    let journal = match nudge::cli::load(&storage, std::path::Path::new(&path)) {
        Ok(j) => j,
        Err(e) => return eprintln!("{e}"),
    };
    eprintln!(
        "parse     {:>6.0} ms  rss {:>5} MB  entries {}",
        t.elapsed().as_secs_f64() * 1e3,
        rss_mb(),
        journal.entries.len()
    );
    let t = Instant::now();
    let settings = nudge::timeline::Settings::from_journal(&journal);
    let timeline = nudge::timeline::build(&journal, &settings, nudge::timeline::Planned::AsSent);
    eprintln!(
        "timeline  {:>6.0} ms  rss {:>5} MB  opportunities {}",
        t.elapsed().as_secs_f64() * 1e3,
        rss_mb(),
        timeline.opportunities.len()
    );
    drop(timeline);
    let t = Instant::now();
    let diags = nudge::rules::check(&journal, today, &nudge::rules::Options::default());
    eprintln!(
        "check     {:>6.0} ms  rss {:>5} MB  diagnostics {}",
        t.elapsed().as_secs_f64() * 1e3,
        rss_mb(),
        diags.len()
    );
    let t = Instant::now();
    let mut sink = std::io::sink();
    let _ = nudge::render::write_json(&mut sink, &diags, &journal.sources, today);
    eprintln!(
        "json      {:>6.0} ms  rss {:>5} MB",
        t.elapsed().as_secs_f64() * 1e3,
        rss_mb()
    );
}
