//! One fixture journal per rule (and near misses) with its expected findings beside it.
//!
//! Each `tests/fixtures/rules/NAME.nudge` starts with `; today: YYYY-MM-DD`; the file
//! `NAME.expected` lists every diagnostic `nudge check` must report, one per line, as
//! `LINE:COLUMN CODE message` (prefixed with the file for diagnostics in included files).
//! Run with `NUDGE_BLESS=1` to rewrite the expected files, then review the diff by hand.

use nudge::rules::{self, Options};
use std::path::Path;

const DIR: &str = "tests/fixtures/rules";

fn findings(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let today = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("; today: "))
        .unwrap_or_else(|| panic!("{} must start with `; today: YYYY-MM-DD`", path.display()))
        .parse()
        .unwrap();
    let storage = nudge::parse::Storage::new();
    let journal = nudge::cli::load(&storage, path).unwrap();
    let diags = rules::check(&journal, today, &Options::default());
    let mut locator = nudge::render::Locator::new(&journal.sources);
    let mut out = String::new();
    for d in &diags {
        let (line, column) = locator.locate(d.span);
        let file = journal.sources.path(d.span.file);
        let prefix = if d.span.file == 0 {
            String::new()
        } else {
            format!("{}:", file.trim_start_matches(&format!("{DIR}/")))
        };
        out.push_str(&format!(
            "{prefix}{line}:{column} {} {}\n",
            d.code(),
            d.message
        ));
    }
    out
}

#[test]
fn every_fixture_reports_exactly_its_expected_findings() {
    let bless = std::env::var_os("NUDGE_BLESS").is_some();
    let mut paths: Vec<_> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "nudge"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 25, "fixtures went missing: {}", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let got = findings(path);
        let expected_path = path.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("missing {}", expected_path.display()));
        if got != want {
            failures.push(format!(
                "{}\n--- expected\n{want}--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_rule_fixture_fires_its_own_rule() {
    for entry in std::fs::read_dir(DIR).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".nudge")
            || name.contains("-ok.")
            || !name.as_bytes()[0].is_ascii_uppercase()
        {
            continue;
        }
        let code = &name[..4];
        if code == "C002" || nudge::rules::registry::lookup(code).is_some() {
            let got = findings(&path);
            assert!(
                got.contains(&format!(" {code} ")),
                "{name} does not fire {code}:\n{got}"
            );
        }
    }
}

#[test]
fn near_miss_fixtures_do_not_fire_their_rule() {
    for entry in std::fs::read_dir(DIR).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix("-ok.nudge") {
            let code = &stem[..4];
            let got = findings(&path);
            assert!(
                !got.contains(&format!(" {code} ")),
                "{name} fires {code}:\n{got}"
            );
        }
    }
}

#[test]
fn every_rule_has_an_explain_page_and_a_fixture_that_fires_it() {
    let names: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for r in nudge::rule::Rule::ALL {
        let code = r.code();
        let page = format!("src/rules/explain/{code}.md");
        assert_eq!(
            std::fs::read_to_string(&page).unwrap_or_default(),
            r.explain(),
            "{page} is missing or is not {code}'s page"
        );
        let fixture = names
            .iter()
            .find(|n| n.starts_with(code) && n.ends_with(".nudge") && !n.contains("-ok."));
        let fixture = fixture.unwrap_or_else(|| panic!("{code} has no fixture in {DIR}"));
        let got = findings(&Path::new(DIR).join(fixture));
        assert!(
            got.contains(&format!(" {code} ")),
            "{fixture} does not fire {code}:\n{got}"
        );
    }
    // No page for a rule that is not in the catalogue.
    for e in std::fs::read_dir("src/rules/explain").unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let code = name.strip_suffix(".md").unwrap_or(&name);
        assert!(
            nudge::rule::Rule::from_code(code).is_some(),
            "stray page {name}"
        );
    }
}
