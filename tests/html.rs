//! `report --format html` and `due --format html` (SPEC §3.6, §4.1): the page parses, the
//! timeline picture has one lane per opportunity and puts every mark and window bar where its
//! date says, hostile journal text arrives as text, and `--output` / `--open` behave.

mod common;

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Selector};

const EXAMPLE: &str = "examples/journal.nudge";
const TODAY: &str = "2026-11-28";

fn run(args: &[&str]) -> String {
    let out = common::nudge().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn report_html(file: &str) -> String {
    run(&["report", "--format", "html", "--today", TODAY, "-f", file])
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The picture's scale as the SVG states it: first day, left edge, day width.
struct Scale {
    from: NaiveDate,
    left: f64,
    day: f64,
}

impl Scale {
    fn of(svg: ElementRef<'_>) -> Scale {
        let a = |k: &str| svg.value().attr(k).unwrap_or_else(|| panic!("no {k}"));
        Scale {
            from: date(a("data-from")),
            left: a("data-left").parse().unwrap(),
            day: a("data-day-width").parse().unwrap(),
        }
    }
    fn x(&self, d: NaiveDate) -> f64 {
        self.left + (d - self.from).num_days() as f64 * self.day
    }
}

fn num(e: ElementRef<'_>, attr: &str) -> f64 {
    e.value()
        .attr(attr)
        .unwrap_or_else(|| panic!("no {attr} on {:?}", e.value()))
        .parse()
        .unwrap()
}

/// `translate(X,Y)` → (X, Y).
fn translate(e: ElementRef<'_>) -> (f64, f64) {
    let t = e.value().attr("transform").unwrap();
    let inner = t
        .strip_prefix("translate(")
        .and_then(|t| t.strip_suffix(')'))
        .unwrap();
    let (x, y) = inner.split_once(',').unwrap();
    (x.parse().unwrap(), y.parse().unwrap())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.02
}

fn timeline_svgs(doc: &Html) -> Vec<ElementRef<'_>> {
    doc.select(&sel("svg.timeline")).collect()
}

#[test]
fn the_report_page_is_one_self_contained_html5_document() {
    let page = report_html(EXAMPLE);
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    let doc = Html::parse_document(&page);
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    // Nothing is fetched: no external stylesheet, image, frame or font.
    for (what, attr) in [
        ("link", "href"),
        ("img", "src"),
        ("iframe", "src"),
        ("image", "href"),
        ("use", "href"),
    ] {
        assert_eq!(doc.select(&sel(&format!("{what}[{attr}]"))).count(), 0);
    }
    assert!(!page.contains("url(http"), "no remote url() in styles");
    assert!(!page.contains("@import"));
    assert_eq!(doc.select(&sel("head style")).count(), 1);
    assert!(page.contains("@media print"));
    assert!(page.contains("break-inside: avoid"));
    // The tables of the other formats, by their headings.
    let headings: Vec<String> = doc.select(&sel("h2")).map(|h| h.text().collect()).collect();
    assert_eq!(
        headings,
        ["Timeline", "Opportunities", "Activity", "Counts"]
    );
    // Accessible: every picture has a title and a description, and says which they are.
    for svg in doc.select(&sel("svg")) {
        let role = svg.value().attr("role");
        if svg.value().classes().any(|c| c == "timeline") {
            // Its lanes, marks and bars carry their own names, so it is not one flat image.
            assert_eq!(role, Some("graphics-document"));
        } else {
            assert_eq!(role, Some("img"));
        }
        let labelled = svg.value().attr("aria-labelledby").unwrap();
        for id in labelled.split(' ') {
            assert_eq!(doc.select(&sel(&format!("#{id}"))).count(), 1, "{id}");
        }
        let first: Vec<&str> = svg
            .children()
            .filter_map(ElementRef::wrap)
            .take(2)
            .map(|e| e.value().name())
            .collect();
        assert_eq!(first, ["title", "desc"]);
    }
}

#[test]
fn every_mark_and_window_has_a_text_alternative() {
    let (_dir, page) = hostile_page(&["report"]);
    let doc = Html::parse_document(&page);
    let mut n = 0;
    for e in doc.select(&sel("g.mark, g.window, g.deadline, g.today, g.lane")) {
        let first = e.children().find_map(ElementRef::wrap).unwrap();
        assert_eq!(first.value().name(), "title", "{:?}", e.value());
        let words: String = first.text().collect();
        assert!(!words.trim().is_empty());
        n += 1;
    }
    assert!(n >= 8, "{n}");
    // A mark's alternative says its date, kind and whether it is planned.
    let planned: Vec<String> = doc
        .select(&sel("g.mark.planned > title"))
        .map(|t| t.text().collect())
        .collect();
    assert!(planned.iter().all(|t| t.contains("(planned)")));
}

#[test]
fn a_period_of_millennia_draws_two_years_around_today() {
    let page = run(&[
        "report",
        "--format",
        "html",
        "--from",
        "1000-01-01",
        "--to",
        "9000-12-31",
        "--today",
        TODAY,
        "-f",
        EXAMPLE,
    ]);
    let doc = Html::parse_document(&page);
    let svg = timeline_svgs(&doc)[0];
    let from = date(svg.value().attr("data-from").unwrap());
    let to = date(svg.value().attr("data-to").unwrap());
    assert_eq!((to - from).num_days(), 730);
    assert!(from <= date(TODAY) && date(TODAY) <= to);
    assert!(page.len() < 200_000, "{}", page.len());
}

#[test]
fn one_lane_per_opportunity_of_the_report() {
    let page = report_html(EXAMPLE);
    let doc = Html::parse_document(&page);
    let rows: Vec<String> = doc
        .select(&sel("section:nth-of-type(2) tbody tr td:first-child"))
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(rows, ["acme-sre", "hooli-infra", "umbrella-ops"]);
    let lanes: Vec<String> = doc
        .select(&sel("g.lane text.slug"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(lanes, rows);
    // The picture is the week widened to acme-sre's current round (from its panel interview on
    // 11-16) and to the last due window (12-02).
    let svg = timeline_svgs(&doc)[0];
    assert_eq!(svg.value().attr("data-from"), Some("2026-11-16"));
    assert_eq!(svg.value().attr("data-to"), Some("2026-12-02"));
}

#[test]
fn marks_bars_deadlines_and_today_sit_where_their_dates_say() {
    for page in [
        report_html(EXAMPLE),
        run(&[
            "due", "--format", "html", "--all", "--today", TODAY, "-f", EXAMPLE,
        ]),
        report_html("tests/fixtures/reports/stages.nudge"),
    ] {
        let doc = Html::parse_document(&page);
        let mut marks = 0;
        let mut bars = 0;
        for svg in timeline_svgs(&doc) {
            let s = Scale::of(svg);
            let to = date(svg.value().attr("data-to").unwrap());
            assert!(
                close(s.x(to) + s.day, 1200.0 - 12.0),
                "the days fill the width"
            );
            for lane in svg.select(&sel("g.lane")) {
                let all: Vec<ElementRef<'_>> = lane.select(&sel("g.mark")).collect();
                for m in &all {
                    let d = date(m.value().attr("data-date").unwrap());
                    let (cx, _) = translate(*m);
                    let same_day = all
                        .iter()
                        .filter(|o| o.value().attr("data-date") == m.value().attr("data-date"))
                        .count();
                    if same_day == 1 {
                        assert!(close(cx, s.x(d) + s.day / 2.0), "{d}: {cx}");
                    } else {
                        assert!(cx > s.x(d) && cx < s.x(d) + s.day, "{d}: {cx}");
                    }
                    marks += 1;
                }
                for w in lane.select(&sel("g.window")) {
                    let a = date(w.value().attr("data-earliest").unwrap());
                    let b = date(w.value().attr("data-latest").unwrap());
                    let rect = w.select(&sel("rect")).next().unwrap();
                    let (a, b) = (a.max(s.from), b.min(to));
                    assert!(close(num(rect, "x"), s.x(a)), "{a}");
                    assert!(
                        close(num(rect, "width"), s.x(b) + s.day - s.x(a)),
                        "{a}..{b}"
                    );
                    bars += 1;
                }
                for dl in lane.select(&sel("g.deadline")) {
                    let d = date(dl.value().attr("data-date").unwrap());
                    let line = dl.select(&sel("line")).next().unwrap();
                    assert!(close(num(line, "x1"), s.x(d) + s.day / 2.0));
                }
            }
            let today = svg.select(&sel("g.today line")).next().unwrap();
            assert!(close(num(today, "x1"), s.x(date(TODAY)) + s.day / 2.0));
            for off in svg.select(&sel("g.days-off rect")) {
                let d = date(off.value().attr("data-date").unwrap());
                assert!(close(num(off, "x"), s.x(d)));
                let weekend = matches!(d.format("%a").to_string().as_str(), "Sat" | "Sun");
                assert_eq!(
                    off.value().classes().any(|c| c == "weekend"),
                    weekend,
                    "{d}"
                );
            }
        }
        assert!(marks > 0 && bars > 0);
    }
}

#[test]
fn the_numbers_for_the_example_week() {
    // 17 days (11-16 .. 12-02) across 1200 - 250 - 12 = 938 units: 55.18 a day.
    let page = report_html(EXAMPLE);
    let doc = Html::parse_document(&page);
    let svg = timeline_svgs(&doc)[0];
    assert!(close(num(svg, "data-day-width"), 938.0 / 17.0));
    // acme-sre's check-in on Tuesday 11-24, alone on its day: 250 + 8.5 days.
    let checkin = svg
        .select(&sel("g.lane[data-lane='0'] g.mark.check-in"))
        .next()
        .unwrap();
    assert_eq!(translate(checkin).0, 719.0);
    // Today (11-28, Saturday): 250 + 12.5 days.
    let today = svg.select(&sel("g.today line")).next().unwrap();
    assert_eq!(num(today, "x1"), 939.71);
    // acme-sre's check-in-2 window, 11-30 .. 12-02: from day 14 to the end.
    let bar = svg
        .select(&sel("g.lane[data-lane='0'] g.window.upcoming rect"))
        .next()
        .unwrap();
    assert_eq!(num(bar, "x"), 1022.47);
    assert_eq!(num(bar, "width"), 165.53);
    // umbrella-ops's planned check-in of 12-01 is hollow and its window says planned.
    let planned = svg
        .select(&sel("g.lane[data-lane='2'] g.mark.planned"))
        .next()
        .unwrap();
    assert_eq!(planned.value().attr("data-date"), Some("2026-12-01"));
    let shape = planned.select(&sel("path")).next().unwrap();
    assert_eq!(shape.value().attr("fill"), Some("#ffffff"));
    assert_eq!(
        svg.select(&sel("g.lane[data-lane='2'] g.window.planned"))
            .count(),
        1
    );
    // The decision dates: acme-sre 11-20, umbrella-ops 11-25; Thanksgiving is a holiday.
    let ds: Vec<&str> = svg
        .select(&sel("g.deadline"))
        .map(|d| d.value().attr("data-date").unwrap())
        .collect();
    assert_eq!(ds, ["2026-11-20", "2026-11-25"]);
    let holiday = svg.select(&sel("rect.holiday > title")).next().unwrap();
    let title: String = holiday.text().collect();
    assert_eq!(title, "2026-11-26 holiday: Thanksgiving");
}

#[test]
fn the_example_picture_is_pinned() {
    let page = report_html(EXAMPLE);
    let start = page.find("<svg").unwrap();
    let end = page[start..].find("</svg>").unwrap() + start + "</svg>".len();
    insta::assert_snapshot!("example_timeline_svg", &page[start..end]);
}

const HOSTILE: &str = "2026-11-20 10:00 interview evil \"<script>alert(1)</script> \\\" onmouseover=\\\"alert(2)\\\" <img src=x onerror=alert(3)>\"
    with: Mallory <m@evil.example>
    expect: 2026-11-23
2026-11-23 check-in evil
    to: </title><script>alert(4)</script>
    | I need to know ASAP!!
2026-11-24 interview ctl \"Red \x1b[31malert\x1b[0m \u{202e}exe.pdf\x07\"
    with: Zed
";

fn hostile_page(args: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.nudge");
    std::fs::write(&path, HOSTILE).unwrap();
    let mut all: Vec<&str> = args.to_vec();
    let p = path.to_str().unwrap().to_string();
    all.extend(["--format", "html", "--today", TODAY, "-f", &p]);
    let page = run(&all);
    (dir, page)
}

#[test]
fn hostile_journal_text_arrives_as_text() {
    for args in [&["report"][..], &["due", "--all"][..]] {
        let (_dir, page) = hostile_page(args);
        let doc = Html::parse_document(&page);
        assert!(doc.errors.is_empty(), "{args:?}: {:?}", doc.errors);
        assert_eq!(doc.select(&sel("script")).count(), 0, "{args:?}");
        assert_eq!(doc.select(&sel("img")).count(), 0, "{args:?}");
        for e in doc.select(&sel("*")) {
            for (name, _) in e.value().attrs() {
                assert!(!name.starts_with("on"), "{args:?}: attribute {name}");
            }
        }
        // The title shows as the same text, in the table and in the picture's alternatives.
        let shown =
            "<script>alert(1)</script> \" onmouseover=\"alert(2)\" <img src=x onerror=alert(3)>";
        let cells: Vec<String> = doc.select(&sel("td")).map(|t| t.text().collect()).collect();
        assert!(cells.iter().any(|c| c == shown), "{args:?}: {cells:?}");
        let titles: Vec<String> = doc
            .select(&sel("g.lane > title"))
            .map(|t| t.text().collect())
            .collect();
        assert!(titles.iter().any(|t| t.contains(shown)), "{titles:?}");
        // Control characters and bidirectional overrides are shown escaped, never raw.
        assert!(!page.contains('\x1b') && !page.contains('\x07') && !page.contains('\u{202e}'));
        assert!(page.contains("Red \\u{1b}[31malert\\u{1b}[0m \\u{202e}exe.pdf\\u{7}"));
    }
}

#[test]
fn findings_are_marked_on_their_entries_with_code_and_message() {
    let (_dir, page) = hostile_page(&["report"]);
    let doc = Html::parse_document(&page);
    let checkin = doc
        .select(&sel("g.mark.check-in.finding"))
        .next()
        .expect("the check-in carries findings");
    assert_eq!(checkin.value().attr("data-date"), Some("2026-11-23"));
    let badge = checkin.select(&sel("g.badge.error")).next().unwrap();
    let title: String = badge.select(&sel("title")).next().unwrap().text().collect();
    assert!(
        title.contains("C001 error: check-in on 2026-11-23 is on the decision date 2026-11-23"),
        "{title}"
    );
    assert!(title.contains("M002 warning: `I need to know` sounds demanding"));
    // The same findings `check` gives for that entry.
    let (dir, _) = hostile_page(&["report"]);
    let out = common::nudge()
        .args(["check", "--format", "json", "--today", TODAY])
        .arg(dir.path().join("hostile.nudge"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let on_checkin: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| (4..=6).contains(&d["line"].as_u64().unwrap()))
        .map(|d| {
            format!(
                "{} {}: {}",
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(title.lines().collect::<Vec<_>>(), on_checkin);
}

#[test]
fn due_html_has_a_lane_per_opportunity_with_an_action_and_the_due_table() {
    let page = run(&[
        "due", "--format", "html", "--today", TODAY, "-f", EXAMPLE, "--all",
    ]);
    let json = run(&[
        "due", "--format", "json", "--today", TODAY, "-f", EXAMPLE, "--all",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut slugs: Vec<String> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["opportunity"].as_str().unwrap().to_string())
        .collect();
    slugs.dedup();
    let doc = Html::parse_document(&page);
    let lanes: Vec<String> = doc
        .select(&sel("g.lane text.slug"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(lanes, slugs);
    assert_eq!(
        doc.select(&sel("g.window")).count(),
        v["actions"].as_array().unwrap().len()
    );
    assert_eq!(
        doc.select(&sel("tbody tr")).count(),
        v["actions"].as_array().unwrap().len()
    );
}

#[test]
fn output_writes_the_file_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    let out = common::nudge()
        .args([
            "report", "--format", "html", "--today", TODAY, "-f", EXAMPLE,
        ])
        .arg("--output")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        report_html(EXAMPLE)
    );
    // Written again: replaced whole, no temporary file left beside it.
    common::nudge()
        .args([
            "due", "--format", "html", "--today", TODAY, "-f", EXAMPLE, "--output",
        ])
        .arg(&file)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("Due follow-ups as of 2026-11-28"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn output_into_a_missing_directory_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no-such-dir").join("report.html");
    for cmd in ["report", "due"] {
        let out = common::nudge()
            .args([cmd, "--format", "html", "--today", TODAY, "-f", EXAMPLE])
            .arg("--output")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("nudge: error: cannot write `"), "{err}");
        assert!(err.contains("no-such-dir"), "{err}");
    }
}

#[test]
fn open_needs_the_html_format() {
    let out = common::nudge()
        .args(["report", "--open", "--today", TODAY, "-f", EXAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "nudge: error: --open needs --format html\n"
    );
}

#[cfg(all(unix, not(target_os = "macos")))]
mod open {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A directory holding a fake `xdg-open` that records its argument and exits `status`.
    fn opener(status: i32) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("opened");
        let script = dir.path().join("xdg-open");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s' \"$1\" > '{}'\nexit {status}\n",
                log.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        (dir, log)
    }

    #[test]
    fn open_without_output_writes_to_the_cache_and_says_where() {
        let (bin, log) = opener(0);
        let cache = tempfile::tempdir().unwrap();
        let out = common::nudge()
            .args([
                "report", "--format", "html", "--open", "--today", TODAY, "-f", EXAMPLE,
            ])
            .env("PATH", bin.path())
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let file = cache.path().join("nudge").join("report.html");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!("nudge: wrote {}\n", file.display())
        );
        assert!(out.stdout.is_empty());
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            file.to_str().unwrap()
        );
        assert!(std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("<!DOCTYPE html>"));
    }

    #[test]
    fn open_with_output_opens_that_file() {
        let (bin, log) = opener(0);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("due.html");
        common::nudge()
            .args([
                "due", "--format", "html", "--open", "--today", TODAY, "-f", EXAMPLE,
            ])
            .arg("--output")
            .arg(&file)
            .env("PATH", bin.path())
            .assert()
            .success()
            .stdout("")
            .stderr("");
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            file.to_str().unwrap()
        );
    }

    #[test]
    fn a_failing_or_missing_opener_is_a_clear_error_and_the_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.html");
        let (failing, _log) = opener(3);
        let empty = tempfile::tempdir().unwrap();
        for (path, says) in [
            (failing.path(), "`xdg-open` failed (exit status: 3)"),
            (empty.path(), "`xdg-open` did not start"),
        ] {
            let out = common::nudge()
                .args([
                    "report", "--format", "html", "--open", "--today", TODAY, "-f", EXAMPLE,
                ])
                .arg("--output")
                .arg(&file)
                .env("PATH", path)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2));
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(says), "{err}");
            assert!(err.contains("open the file in a browser yourself"), "{err}");
            assert!(file.exists());
        }
    }
}

#[test]
fn an_empty_journal_gives_a_page_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.nudge");
    std::fs::write(&path, "; nothing yet\n").unwrap();
    let p = path.to_str().unwrap();
    for args in [&["report"][..], &["due"][..]] {
        let mut all = args.to_vec();
        all.extend(["--format", "html", "--today", TODAY, "-f", p]);
        let page = run(&all);
        let doc = Html::parse_document(&page);
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        assert_eq!(doc.select(&sel("svg")).count(), 0, "{args:?}");
        assert!(page.contains("No opportunity to draw."), "{args:?}");
        assert!(page.contains("None."), "{args:?}");
    }
}

#[test]
fn ids_are_unique_and_every_reference_resolves() {
    // Nine lanes: two pictures, each with its own title, description and hatch pattern.
    let mut text = String::new();
    for i in 0..9 {
        text.push_str(&format!(
            "2026-11-1{} interview o{i} \"O {i}\"\n    with: P\n    expect: 2026-11-20\n",
            2 + i % 2
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nine.nudge");
    std::fs::write(&path, text).unwrap();
    let page = run(&[
        "report",
        "--format",
        "html",
        "--today",
        TODAY,
        "-f",
        path.to_str().unwrap(),
    ]);
    let doc = Html::parse_document(&page);
    assert_eq!(timeline_svgs(&doc).len(), 2);
    assert_eq!(doc.select(&sel("g.lane")).count(), 9);
    let mut ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
    let mut refs = 0;
    for e in doc.select(&sel("[fill^='url(#']")) {
        let id = &e.value().attr("fill").unwrap()[5..];
        let id = id.trim_end_matches(')');
        assert!(ids.contains(&id), "{id}");
        refs += 1;
    }
    // Overdue check-ins in both pictures, and the legend's swatch.
    assert!(refs >= 3, "{refs}");
}

#[test]
fn output_takes_every_format_and_dash_is_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("due.json");
    let args = ["due", "--format", "json", "--today", TODAY, "-f", EXAMPLE];
    common::nudge()
        .args(args)
        .arg("--output")
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), run(&args));
    let mut dash = args.to_vec();
    dash.extend(["--output", "-"]);
    assert_eq!(run(&dash), run(&args));
}
