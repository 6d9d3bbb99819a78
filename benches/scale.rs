//! Issue 15's targets, whole process, as a user runs nudge (`cargo bench --bench scale`):
//! `check --format json` on generated journals of 10k, 100k and 1M entries against the floor
//! `grep -c interview FILE | cat`, its peak memory against the file's size, its growth from
//! size to size, and `due` and `report` against `check`. Each figure is the median of a few
//! runs (`NUDGE_SCALE_RUNS`, default 5); every command's output goes to a pipe the bench reads.
//! `NUDGE_SCALE_MAX` caps the largest journal (default 1,000,000 entries).
//!
//! The journals are written by the project's generator (seed 1, as `cargo run --release
//! --example generate -- N` writes them) into a temporary directory.

#[path = "../src/generate.rs"]
mod generate;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of `program args`: wall time and peak resident memory (KiB), output drained.
// The child is reaped by wait4 (which also gives its peak memory), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run(program: &str, args: &[&str]) -> (Duration, u64) {
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the command starts");
    // Drained, not kept: this process's own peak would count as the next child's.
    if let Some(mut out) = child.stdout.take() {
        let _ = std::io::copy(&mut out, &mut std::io::sink());
    }
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, once; `status` and `usage` are valid for writing.
    unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    (start.elapsed(), usage.ru_maxrss.max(0) as u64)
}

/// The median wall time and the largest peak memory of `runs` runs.
fn measure(runs: usize, program: &str, args: &[&str]) -> (Duration, u64) {
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let (t, kib) = run(program, args);
        times.push(t);
        peak = peak.max(kib);
    }
    times.sort();
    (times[times.len() / 2], peak)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Write a generated journal of `entries` entries to `path` in a process of its own: a child
/// started with `vfork` reports its parent's peak memory as its own (the kernel keeps the
/// larger at `exec`), so this bench never holds a big journal itself.
fn write_journal(entries: usize, path: &std::path::Path) {
    let status = Command::new(std::env::current_exe().expect("the bench's own path"))
        .env("NUDGE_SCALE_WRITE", format!("{entries}"))
        .env("NUDGE_SCALE_PATH", path)
        .status()
        .expect("the writer starts");
    assert!(status.success(), "the journal is written");
}

fn main() {
    if let (Ok(entries), Some(path)) = (
        std::env::var("NUDGE_SCALE_WRITE"),
        std::env::var_os("NUDGE_SCALE_PATH"),
    ) {
        let entries = entries.parse().expect("a number of entries");
        std::fs::write(path, generate::journal(entries, 1)).expect("the journal is written");
        return;
    }
    let runs: usize = std::env::var("NUDGE_SCALE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let max: usize = std::env::var("NUDGE_SCALE_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let nudge = env!("CARGO_BIN_EXE_nudge");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let today = ["--today", "2026-11-28"];
    let mut checks = Vec::new();
    println!(
        "| entries | file | check json | grep floor | × grep | peak | × file | due | report |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for entries in [10_000, 100_000, 1_000_000] {
        if entries > max {
            break;
        }
        let path = dir.path().join(format!("j{entries}.nudge"));
        write_journal(entries, &path);
        let file = path.to_str().expect("a UTF-8 path");
        let size_kib = std::fs::metadata(&path).expect("the journal").len() as f64 / 1024.0;
        let check = [&["check", file, "--format", "json"][..], &today].concat();
        let due = [&["due", "-f", file, "--format", "json"][..], &today].concat();
        let report = [&["report", "-f", file, "--format", "json"][..], &today].concat();
        let grep = format!("grep -c interview '{file}' | cat");
        let _ = run(nudge, &check); // warm the page cache
        let (t_check, kib) = measure(runs, nudge, &check);
        let (t_grep, _) = measure(runs, "sh", &["-c", &grep]);
        let (t_due, _) = measure(runs, nudge, &due);
        let (t_report, _) = measure(runs, nudge, &report);
        println!(
            "| {entries} | {:.1} MB | {:.1} ms | {:.1} ms | {:.1}× | {:.1} MB | {:.2}× | {:.1} ms ({:.2}×) | {:.1} ms ({:.2}×) |",
            size_kib * 1024.0 / 1e6,
            ms(t_check),
            ms(t_grep),
            ms(t_check) / ms(t_grep),
            kib as f64 * 1024.0 / 1e6,
            kib as f64 / size_kib,
            ms(t_due),
            ms(t_due) / ms(t_check),
            ms(t_report),
            ms(t_report) / ms(t_check),
        );
        checks.push((entries, t_check));
    }
    for pair in checks.windows(2) {
        let ((a, ta), (b, tb)) = (pair[0], pair[1]);
        println!(
            "growth {a} -> {b} entries: {:.1}× the time for {}× the entries",
            ms(tb) / ms(ta),
            b / a
        );
    }
    println!(
        "targets (issue 15): check ≤ 8× grep on 1M, peak < 1.5× the file, growth 10× ± 20 %, due and report ≤ 1.5× check"
    );
    // Shapes that were quadratic: every entry of 3,000 unknown opportunities against 3,000
    // opened slugs (J002's suggestion), and 5,000 `to:` lines against 5,000 `with:` lines.
    let mut j002 = String::new();
    for k in 0..3_000 {
        j002.push_str(&format!("2026-01-05 apply acme-role-{k}\n"));
    }
    for k in 0..3_000 {
        j002.push_str(&format!("2026-01-06 check-in acme-rle-{k}\n"));
    }
    let mut with_to = String::from("2026-01-05 10:00 interview acme-sre \"Acme\"\n");
    for k in 0..5_000 {
        with_to.push_str(&format!("    with: Person Number{k} <p{k}@acme.example>\n"));
    }
    with_to.push_str("2026-01-05 thank-you acme-sre\n");
    for k in 0..5_000 {
        with_to.push_str(&format!("    to: Person Number{k}\n"));
    }
    // One entry whose comments run on for 96 MiB: pass 1 and pass 2 read it in one piece
    // (no header to cut at), and must still give the mapped pages back as they go.
    let path = dir.path().join("no-headers.nudge");
    {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("a file"));
        let _ = out.write_all(b"2026-11-02 interview acme \"Acme\"\n");
        for _ in 0..(96 << 20) / 10 {
            let _ = out.write_all(b"; padding\n");
        }
        out.flush().expect("the journal is written");
    }
    let file = path.to_str().expect("a UTF-8 path");
    let no_headers_len = std::fs::metadata(&path).expect("the journal").len() as f64;
    for command in ["check", "ls"] {
        let args = [&[command, "-f", file, "--format", "json"][..], &today].concat();
        let (t, kib) = measure(runs, nudge, &args);
        println!(
            "one entry + 96 MiB of comments: {command} {:.1} ms, peak {:.1} MB ({:.2}× the file)",
            ms(t),
            kib as f64 * 1024.0 / 1e6,
            kib as f64 * 1024.0 / no_headers_len
        );
    }
    for (name, text) in [
        ("unknown slugs 3,000 x 3,000", j002),
        ("to: x with: 5,000 x 5,000", with_to),
    ] {
        let path = dir.path().join("adversarial.nudge");
        std::fs::write(&path, &text).expect("the journal is written");
        let file = path.to_str().expect("a UTF-8 path");
        let (t, _) = measure(
            runs,
            nudge,
            &[&["check", file, "--format", "json"][..], &today].concat(),
        );
        println!("{name}: check {:.1} ms", ms(t));
    }
}
