//! The rules: turn a journal and its timeline into diagnostics, then apply severities and
//! suppressions.

mod checkins;
pub use checkins::final_number;
mod journal;
pub use journal::several_people;
pub mod registry;
mod thanks;
pub mod tone;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Entry, Journal};
use crate::rule::Rule;
use crate::timeline::{self, Planned, Settings};
use chrono::NaiveDate;
use std::ops::Range;

/// What every rule gets to read.
pub struct Context<'j, 'a> {
    pub journal: &'j Journal<'a>,
    pub settings: &'j Settings,
    pub today: NaiveDate,
    /// Judge only entries dated in this period (and the opportunities that have one).
    pub focus: Option<(NaiveDate, NaiveDate)>,
}

impl<'a> Context<'_, 'a> {
    /// Whether `e` is judged at all: always, unless a focus period leaves it out.
    pub fn in_focus(&self, e: &Entry<'_>) -> bool {
        self.focus
            .is_none_or(|(from, to)| e.date >= from && e.date <= to)
    }
    pub fn entry(&self, i: usize) -> &Entry<'a> {
        &self.journal.entries[i]
    }
}

/// Journals with at least this many entries are checked in chunks on rayon's threads; smaller
/// ones on the calling thread, with no pool overhead.
const PARALLEL_FROM: usize = 4_096;

/// Entries per chunk for the entry-level rules, and opportunities per chunk for the
/// opportunity rules, when checking in parallel. Fixed (not derived from the thread count), so
/// the chunks and their findings are the same whatever the number of threads.
const ENTRY_CHUNK: usize = 2_048;
const GROUP_CHUNK: usize = 512;

/// Command-line severity changes.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Rules turned off (`--allow`).
    pub allow: Vec<Rule>,
    /// Only findings located in entries dated in this period are wanted (reports): entries
    /// outside it, and opportunities with no entry in it, are not judged.
    pub focus: Option<(NaiveDate, NaiveDate)>,
}

/// All diagnostics of a journal: the parser's and every rule's, with `rule` directives,
/// `--allow` and in-entry suppressions applied, in file order.
pub fn check(journal: &Journal<'_>, today: NaiveDate, options: &Options) -> Vec<Diagnostic> {
    check_on(
        journal,
        today,
        options,
        journal.entries.len() >= PARALLEL_FROM,
    )
}

fn check_on(
    journal: &Journal<'_>,
    today: NaiveDate,
    options: &Options,
    parallel: bool,
) -> Vec<Diagnostic> {
    let settings = Settings::from_journal(journal);
    let cx = Context {
        journal,
        settings: &settings,
        today,
        focus: options.focus,
    };
    let opened = journal::opened(&cx);
    let mut out = journal.diagnostics.clone();
    out.extend(find(&cx, &opened, parallel));
    finish(journal, &settings, options, out)
}

/// What the streaming path ([`crate::stream`]) asks of one fragment of a journal (the entries
/// of some opportunities, with the whole journal's `settings` and `opened` slugs): its parser
/// diagnostics and every rule's findings, finished as [`check`] finishes them.
pub fn judge(
    journal: &Journal<'_>,
    settings: &Settings,
    today: NaiveDate,
    options: &Options,
    opened: &[&str],
) -> Vec<Diagnostic> {
    let cx = Context {
        journal,
        settings,
        today,
        focus: options.focus,
    };
    let mut out = journal.diagnostics.clone();
    out.extend(find(&cx, opened, journal.entries.len() >= PARALLEL_FROM));
    finish(journal, settings, options, out)
}

/// Every rule's findings on `cx.journal`, unsorted; `opened` are the slugs an `apply` or
/// `interview` opens (sorted, for J002's "did you mean").
fn find(cx: &Context<'_, '_>, opened: &[&str], parallel: bool) -> Vec<Diagnostic> {
    let journal = cx.journal;
    let (order, starts) = timeline::group(journal, None);
    let part = |groups: &[u32], entries: Range<usize>| {
        let mut out = Vec::new();
        journal::check(cx, entries.clone(), &mut out);
        tone::check(cx, entries, &mut out);
        for w in groups.windows(2) {
            let group = &order[w[0] as usize..w[1] as usize];
            if cx.focus.is_some()
                && !group
                    .iter()
                    .any(|i| cx.in_focus(&journal.entries[*i as usize]))
            {
                continue;
            }
            if let Some(opp) = timeline::opportunity(journal, cx.settings, Planned::AsSent, group) {
                journal::opportunity(cx, &opp, opened, &mut out);
                thanks::opportunity(cx, &opp, &mut out);
                checkins::opportunity(cx, &opp, &mut out);
                tone::opportunity(cx, &opp, &mut out);
            }
        }
        out
    };
    let n = journal.entries.len();
    if !parallel {
        return part(&starts, 0..n);
    }
    use rayon::prelude::*;
    // Chunk k judges entries [k·ENTRY_CHUNK, …) and the opportunities whose group starts
    // fall in [k·GROUP_CHUNK, …]; consecutive group chunks share their boundary start.
    let groups = starts.len().saturating_sub(1);
    let chunks = n.div_ceil(ENTRY_CHUNK).max(groups.div_ceil(GROUP_CHUNK));
    let found: Vec<Vec<Diagnostic>> = (0..chunks)
        .into_par_iter()
        .map(|k| {
            let entries = (k * ENTRY_CHUNK).min(n)..((k + 1) * ENTRY_CHUNK).min(n);
            let g = (k * GROUP_CHUNK).min(groups)..((k + 1) * GROUP_CHUNK).min(groups);
            let starts = if g.is_empty() {
                &starts[..0]
            } else {
                &starts[g.start..=g.end]
            };
            part(starts, entries)
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// Findings `out` of `journal` made final: sorted in file order, `; nudge: allow`
/// suppressions applied (N001 for those that silence nothing), severities from `rule`
/// directives and `--allow`, and the acknowledge hint on findings in sent entries.
pub fn finish(
    journal: &Journal<'_>,
    settings: &Settings,
    options: &Options,
    mut out: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    sort(&mut out);
    let mut out = suppress(journal, out);
    for d in &mut out {
        if let Some(s) = settings.severities.get(&d.rule) {
            d.severity = *s;
        }
        if options.allow.contains(&d.rule) {
            d.severity = Severity::Off;
        }
    }
    out.retain(|d| d.severity != Severity::Off);
    let located = entries_of(journal, &out);
    for (d, e) in out.iter_mut().zip(located) {
        let Some(e) = e.map(|i| &journal.entries[i]) else {
            continue;
        };
        if !e.planned && acknowledgeable(d.rule) {
            // "{help}; {how}" or "{how}", built in one allocation of the exact size.
            const HOW: [&str; 2] = [
                "once sent, it cannot be unsent: acknowledge it with an indented `; nudge: allow ",
                " -- reason` in the entry",
            ];
            let code = d.code();
            let old = d.help.take();
            let size =
                old.as_ref().map_or(0, |h| h.len() + 2) + HOW[0].len() + code.len() + HOW[1].len();
            let mut help = String::with_capacity(size);
            if let Some(h) = old {
                help.push_str(&h);
                help.push_str("; ");
            }
            help.push_str(HOW[0]);
            help.push_str(code);
            help.push_str(HOW[1]);
            d.help = Some(help);
        }
    }
    out
}

/// Findings that must be fixed, never acknowledged with `; nudge: allow` (SPEC §3.2): a
/// journal nudge cannot read whole, and a suppression that silences nothing.
pub const MUST_FIX: &[Rule] = &[Rule::J001, Rule::J006, Rule::J007, Rule::J010, Rule::N001];

/// Whether a finding of this rule may be acknowledged on a sent entry.
pub fn acknowledgeable(rule: Rule) -> bool {
    !MUST_FIX.contains(&rule)
}

/// For each diagnostic, the entry it is located in (its start inside the entry's lines).
pub fn entries_of(journal: &Journal<'_>, diags: &[Diagnostic]) -> Vec<Option<usize>> {
    let entries = &journal.entries;
    if diags.is_empty() {
        return Vec::new();
    }
    let mut by_place: Vec<usize> = (0..entries.len()).collect();
    by_place.sort_by_key(|i| (entries[*i].block.file, entries[*i].block.start));
    diags
        .iter()
        .map(|d| {
            let key = (d.span.file, d.span.start);
            let k = by_place
                .partition_point(|i| (entries[*i].block.file, entries[*i].block.start) <= key)
                .checked_sub(1)?;
            let i = by_place[k];
            let b = entries[i].block;
            (b.file == d.span.file && d.span.start <= b.end).then_some(i)
        })
        .collect()
}

/// The send verdict (SPEC §3.3): the findings located in planned entries dated `today` or
/// later, plus every J finding of error severity anywhere.
pub fn verdict(journal: &Journal<'_>, today: NaiveDate, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let located = entries_of(journal, &diags);
    diags
        .into_iter()
        .zip(located)
        .filter(|(d, e)| {
            let planned = e.is_some_and(|i| {
                let e = &journal.entries[i];
                e.planned && e.date >= today
            });
            planned || (d.code().starts_with('J') && d.severity == Severity::Error)
        })
        .map(|(d, _)| d)
        .collect()
}

/// What `check --add-allow` adds: for each sent entry with unsuppressed, acknowledgeable
/// findings located in it, the entry and its rules, de-duplicated and sorted by code
/// (SPEC §3.2).
pub fn to_acknowledge(journal: &Journal<'_>, diags: &[Diagnostic]) -> Vec<(usize, Vec<Rule>)> {
    let mut by_entry: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (d, e) in diags.iter().zip(entries_of(journal, diags)) {
        let Some(i) = e else { continue };
        if journal.entries[i].planned || !acknowledgeable(d.rule) {
            continue;
        }
        by_entry.entry(i).or_default().push(d.rule);
    }
    by_entry
        .into_iter()
        .map(|(i, mut codes)| {
            codes.sort_unstable_by_key(|r| r.code());
            codes.dedup();
            (i, codes)
        })
        .collect()
}

/// In file order: by file, start and code (a stable sort: ties keep their order).
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.file, a.span.start, a.code()).cmp(&(b.span.file, b.span.start, b.code()))
    });
}

/// Drop diagnostics silenced by `; nudge: allow` comments; report suppressions that silenced
/// nothing or name unknown rules (N001). `diags` must be sorted.
fn suppress(journal: &Journal<'_>, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut silenced = vec![false; diags.len()];
    let mut unused = Vec::new();
    for e in journal.entries.iter().filter(|e| !e.allows.is_empty()) {
        let block = e.block;
        let lo = diags.partition_point(|d| (d.span.file, d.span.start) < (block.file, block.start));
        let hi = diags.partition_point(|d| (d.span.file, d.span.start) <= (block.file, block.end));
        for allow in &e.allows {
            for (name, span) in &allow.rules {
                let Some(rule) = registry::lookup(name) else {
                    let mean = registry::did_you_mean(name);
                    unused.push(
                        Diagnostic::new(
                            Rule::N001,
                            *span,
                            format!("unknown rule `{name}` in suppression{mean}"),
                        )
                        .help("`nudge rules` lists the codes and names")
                        .opportunity(e.opportunity),
                    );
                    continue;
                };
                let mut used = false;
                for k in lo..hi {
                    if diags[k].rule == rule && rule != Rule::N001 {
                        silenced[k] = true;
                        used = true;
                    }
                }
                if !used {
                    unused.push(
                        Diagnostic::new(
                            Rule::N001,
                            *span,
                            format!(
                                "the suppression of {} ({}) silenced nothing in this entry",
                                rule.code(),
                                rule.name()
                            ),
                        )
                        .help("remove it from the `; nudge: allow` comment")
                        .opportunity(e.opportunity),
                    );
                }
            }
        }
    }
    let mut k = 0;
    diags.retain(|_| {
        k += 1;
        !silenced[k - 1]
    });
    diags.extend(unused);
    sort(&mut diags);
    diags
}

/// Append `d` as its `Display` writes it (`YYYY-MM-DD` for years 0 to 9999), without the
/// formatting machinery for those years.
pub fn push_date(out: &mut String, d: NaiveDate) {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        use std::fmt::Write;
        let _ = write!(out, "{d}");
        return;
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let y = y as u32;
    for c in [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        '-',
        digit(m / 10),
        digit(m),
        '-',
        digit(day / 10),
        digit(day),
    ] {
        out.push(c);
    }
}

/// Plural helper for messages: "1 day", "3 days".
pub fn plural(n: i64, word: &str) -> String {
    if n == 1 || n == -1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_pushed_as_displayed() {
        let mut dates: Vec<NaiveDate> = ["0000-01-01", "0999-12-31", "2024-02-29", "9999-12-31"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        dates.extend([
            NaiveDate::from_ymd_opt(-1, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
            NaiveDate::MIN,
            NaiveDate::MAX,
        ]);
        for d in dates {
            let mut s = String::from("x ");
            push_date(&mut s, d);
            assert_eq!(s, format!("x {d}"));
        }
    }

    #[test]
    fn two_threads_find_exactly_what_one_finds() {
        let text = crate::generate::journal(30_000, 11);
        let storage = crate::parse::Storage::new();
        let journal = crate::parse::parse_str(&storage, &text, "j");
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let one = check_on(&journal, today, &Options::default(), false);
        let two = check_on(&journal, today, &Options::default(), true);
        assert!(one.len() > 50, "the generator makes some violations");
        assert_eq!(one, two);
    }

    /// `check`'s findings and `due`'s actions for `text`, computed on the calling thread.
    fn findings(text: &str) -> (Vec<Diagnostic>, Vec<crate::report::due::Action>) {
        struct NoFiles;
        impl crate::parse::Loader for NoFiles {
            fn read(
                &mut self,
                path: &std::path::Path,
            ) -> Result<(std::path::PathBuf, String), crate::parse::ReadError> {
                let kind = crate::parse::ReadErrorKind::NotFound;
                Err(crate::parse::ReadError::new(path, kind))
            }
        }
        let storage = crate::parse::Storage::new();
        let path = std::path::PathBuf::from("j");
        let journal = crate::parse::parse_with(&storage, &mut NoFiles, "j", path, text);
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let options = crate::report::due::DueOptions {
            today,
            within: 7,
            all: true,
        };
        (
            check(&journal, today, &Options::default()),
            crate::report::due::due(&journal, &options),
        )
    }

    #[test]
    fn any_number_of_threads_finds_exactly_what_one_finds() {
        let mut texts = Vec::new();
        let root = env!("CARGO_MANIFEST_DIR");
        for dir in ["tests/fixtures/rules", "examples"] {
            let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "nudge"))
                .collect();
            paths.sort();
            texts.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
        }
        assert!(texts.len() > 40);
        // Big enough to cross both thresholds: the parser's chunks and the rules' chunks.
        let big = crate::generate::journal(60_000, 5);
        assert!(big.len() > crate::parse::PARALLEL_FROM && 60_000 > PARALLEL_FROM);
        texts.push(big);
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        let one: Vec<_> = pool(1).install(|| texts.iter().map(|t| findings(t)).collect());
        assert!(one.last().unwrap().0.len() > 500);
        for n in [2, 8] {
            let many: Vec<_> = pool(n).install(|| texts.iter().map(|t| findings(t)).collect());
            for (a, b) in one.iter().zip(&many) {
                assert_eq!(a, b, "{n} threads");
            }
        }
    }
}
