//! Every fix a finding carries (`Diagnostic.fixes`, offered by the editor server as a quick fix)
//! resolves that finding: apply its edits, check again, the finding is gone.

use chrono::NaiveDate;
use nudge::rules::{self, Options};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn check(text: &str) -> Vec<nudge::diagnostic::Diagnostic> {
    let storage = nudge::parse::Storage::new();
    let journal = nudge::parse::parse_str(&storage, text, "j.nudge");
    rules::check(&journal, today(), &Options::default())
}

/// Apply fix number `n` of the only `code` finding; return its title and the new text, after
/// asserting that the new text has no `code` finding.
fn fixed_nth(text: &str, code: &str, n: usize) -> (String, String) {
    let diags = check(text);
    let found: Vec<_> = diags.iter().filter(|d| d.code() == code).collect();
    assert_eq!(found.len(), 1, "one {code} in {diags:#?}");
    let fix = found[0]
        .fixes
        .get(n)
        .cloned()
        .unwrap_or_else(|| panic!("{code} has fix {n}"));
    let new = fix.apply(text);
    let after = check(&new);
    assert!(
        after.iter().all(|d| d.code() != code),
        "{code} is gone after the fix:\n{new}\n{after:#?}"
    );
    (fix.title, new)
}

/// Apply the fix of the only `code` finding; return the fix's title and the new text, after
/// asserting that the new text has no `code` finding.
fn fixed(text: &str, code: &str) -> (String, String) {
    let diags = check(text);
    let found: Vec<_> = diags.iter().filter(|d| d.code() == code).collect();
    assert_eq!(found.len(), 1, "one {code} in {diags:#?}");
    let fix = found[0]
        .fixes
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("{code} has a fix"));
    let new = fix.apply(text);
    let after = check(&new);
    assert!(
        after.iter().all(|d| d.code() != code),
        "{code} is gone after the fix:\n{new}\n{after:#?}"
    );
    (fix.title, new)
}

#[test]
fn j001_unknown_kind_is_replaced_by_the_closest_kind() {
    let text = "2026-11-02 interview acme \"Acme\"\n    with: Jane Doe\n    expect: 2026-11-09\n2026-11-02 18:00 thank-yu acme\n    to: Jane Doe\n    ref: NATS\n";
    let (title, new) = fixed(text, "J001");
    assert_eq!(title, "Replace with `thank-you`");
    assert!(new.contains("2026-11-02 18:00 thank-you acme\n"));
}

#[test]
fn j001_after_a_planned_mark_is_fixed_too() {
    let text =
        "2026-11-02 interview acme \"Acme\"\n    expect: 2026-11-09\n2026-11-30 ! chek-in acme\n";
    let (_, new) = fixed(text, "J001");
    assert!(new.contains("2026-11-30 ! check-in acme"));
}

#[test]
fn a_j001_that_is_not_about_the_kind_has_no_fix() {
    let diags = check("2026-13-02 interview acme\n");
    assert_eq!(diags[0].code(), "J001");
    assert!(diags[0].fixes.is_empty());
}

#[test]
fn j002_unknown_slug_is_replaced_by_the_closest_open_one() {
    let text = "2026-11-02 interview acme-sre \"Acme\"\n    with: Jane Doe\n    expect: 2026-11-09\n2026-11-02 thank-you acme-sr\n    to: Jane Doe\n    ref: NATS\n";
    let (title, new) = fixed(text, "J002");
    assert_eq!(title, "Replace with `acme-sre`");
    assert!(new.contains("2026-11-02 thank-you acme-sre\n"));
}

#[test]
fn j004_unknown_key_is_replaced_by_the_closest_key() {
    let text = "2026-11-02 interview acme \"Acme\"\n    expct: 2026-11-09\n";
    let (title, new) = fixed(text, "J004");
    assert_eq!(title, "Replace with `expect`");
    assert_eq!(
        new,
        "2026-11-02 interview acme \"Acme\"\n    expect: 2026-11-09\n"
    );
}

#[test]
fn t003_gets_a_ref_slot_under_its_header() {
    let text = "2026-11-02 interview acme \"Acme\"\n    with: Jane Doe\n    expect: 2026-11-09\n2026-11-02 thank-you acme\n    to: Jane Doe\n";
    let (title, new) = fixed(text, "T003");
    assert_eq!(title, "Insert a `ref:` line");
    assert!(new.ends_with(
        "2026-11-02 thank-you acme\n    ref: [the point you discussed]\n    to: Jane Doe\n"
    ));
}

#[test]
fn t003_on_a_last_line_without_line_end_and_with_crlf() {
    let text =
        "2026-11-02 interview acme \"Acme\"\r\n    expect: 2026-11-09\r\n2026-11-02 thank-you acme";
    let (_, new) = fixed(text, "T003");
    assert!(new.ends_with("thank-you acme\n    ref: [the point you discussed]"));
    let text = "2026-11-02 interview acme \"Acme\"\r\n    expect: 2026-11-09\r\n2026-11-02 thank-you acme\r\n";
    let (_, new) = fixed(text, "T003");
    assert!(new.ends_with("thank-you acme\r\n    ref: [the point you discussed]\r\n"));
}

#[test]
fn c004_gets_a_value_slot_under_its_header() {
    let text = "2026-11-02 interview a \"Acme\"\n    expect: 2026-11-04\n2026-11-06 check-in a\n2026-11-13 check-in a\n";
    let (title, new) = fixed(text, "C004");
    assert_eq!(title, "Insert a `value:` line");
    assert!(new.ends_with("2026-11-13 check-in a\n    value: [link or news]\n"));
}

#[test]
fn j008_splits_into_one_line_per_person() {
    let text = "2026-11-02 interview acme \"Acme\"\n    with: Jane Doe; Bob Lee <bob@acme.example>\n    expect: 2026-11-09\n";
    let (title, new) = fixed(text, "J008");
    assert_eq!(title, "Split into one line per person");
    assert_eq!(
        new,
        "2026-11-02 interview acme \"Acme\"\n    with: Jane Doe\n    with: Bob Lee <bob@acme.example>\n    expect: 2026-11-09\n"
    );
}

#[test]
fn j008_splits_three_people_keeping_crlf() {
    let text = "2026-11-02 interview acme \"Acme\"\r\n    expect: 2026-11-09\r\n    with: Ann, Bob, and Cy\r\n";
    let (_, new) = fixed(text, "J008");
    assert!(
        new.ends_with("    with: Ann\r\n    with: Bob\r\n    with: Cy\r\n"),
        "{new:?}"
    );
    let text = "2026-11-02 interview acme \"Acme\"\n    with: Jane\n    expect: 2026-11-09\n2026-11-02 thank-you acme\n    to: Jane and Bob & Cy\n    ref: NATS\n";
    let (_, new) = fixed(text, "J008");
    assert!(
        new.contains("    to: Jane\n    to: Bob\n    to: Cy\n"),
        "{new}"
    );
}

#[test]
fn p001_is_marked_sent_today_or_moved_to_today() {
    let text = "2026-11-02 interview acme \"Acme\"\n    with: Jane\n    expect: 2026-11-09\n2026-11-20 09:30 ! check-in acme  ; nudge\n";
    let diags = check(text);
    let p = diags.iter().find(|d| d.code() == "P001").unwrap();
    assert_eq!(p.fixes.len(), 2);
    let (title, new) = fixed_nth(text, "P001", 0);
    assert_eq!(title, "Mark sent today");
    assert!(
        new.ends_with("\n2026-11-28 check-in acme  ; nudge\n"),
        "{new}"
    );
    let (title, new) = fixed_nth(text, "P001", 1);
    assert_eq!(title, "Move to today");
    assert!(
        new.ends_with("\n2026-11-28 09:30 ! check-in acme  ; nudge\n"),
        "{new}"
    );
}

#[test]
fn p001_on_a_stale_planned_interview_too() {
    let text = "2026-11-20 ! interview acme \"Acme\"\n    expect: 2026-11-30\n";
    let (_, new) = fixed_nth(text, "P001", 0);
    assert!(
        new.starts_with("2026-11-28 interview acme \"Acme\"\n"),
        "{new}"
    );
    let (_, new) = fixed_nth(text, "P001", 1);
    assert!(
        new.starts_with("2026-11-28 ! interview acme \"Acme\"\n"),
        "{new}"
    );
}

/// Over every rule fixture (those without includes): each fix of each finding, applied alone,
/// leaves one finding fewer of that rule.
#[test]
fn every_fix_in_the_rule_fixtures_removes_its_finding() {
    let mut fixes = 0;
    for entry in std::fs::read_dir("tests/fixtures/rules").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "nudge") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("\ninclude") {
            continue;
        }
        let today: NaiveDate = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("; today: "))
            .unwrap()
            .parse()
            .unwrap();
        let check = |text: &str| {
            let storage = nudge::parse::Storage::new();
            let journal = nudge::parse::parse_str(&storage, text, "j.nudge");
            rules::check(&journal, today, &Options::default())
        };
        let diags = check(&text);
        for d in &diags {
            let count = |ds: &[nudge::diagnostic::Diagnostic]| {
                ds.iter().filter(|x| x.rule == d.rule).count()
            };
            for fix in &d.fixes {
                fixes += 1;
                let new = fix.apply(&text);
                let after = check(&new);
                assert!(
                    count(&after) < count(&diags),
                    "{}: `{}` on {} leaves it:\n{new}",
                    path.display(),
                    fix.title,
                    d.code()
                );
            }
        }
    }
    assert!(fixes >= 8, "only {fixes} fixes in the fixtures");
}
