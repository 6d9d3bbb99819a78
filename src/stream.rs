//! The streaming path (issue 15): `check`, `due` and `report` on a journal without building
//! the whole model.
//!
//! Pass 1 ([`crate::parse::index_with`]) reads the journal and its includes once: directives
//! in full (they are few and apply to the whole journal), the diagnostics of every line
//! outside an entry, and one 16-byte [`Record`] per entry (where its lines are and which
//! opportunity it names). Pass 2 ([`Index::fragments`]) groups the records by opportunity,
//! cuts the opportunities into chunks of about [`CHUNK`] entries, and for each chunk parses
//! those entries again from the text into a small [`Journal`] fragment (same spans, same
//! order numbers as the whole parse), hands it to the caller and drops it. Peak memory is the
//! text, the index and the findings, plus one fragment per thread.
//!
//! Chunks are fixed by the journal alone (not by the number of threads), and every finding of
//! an opportunity stays in its chunk, so the results equal the in-memory path's whatever the
//! thread count (tests below).

use crate::diagnostic::Diagnostic;
use crate::model::{DirectiveLine, FileId, Journal, Kind, SourceMap};
use crate::report::due::{self, Action, DueOptions};
use crate::report::weekly;
use crate::rule::Rule;
use crate::rules;
use crate::timeline::{self, Planned, Settings};
use chrono::NaiveDate;
use std::ops::Range;

/// Entries per chunk of opportunities in pass 2 (a chunk ends after the opportunity that
/// reaches it). Fixed, so the chunks are the same on any machine.
pub const CHUNK: usize = 4_096;

/// Journals with fewer entries than this are judged on the calling thread.
pub const PARALLEL_FROM: usize = 20_000;

/// Where one entry is: its file, the byte range from its header to the next column-0 line
/// that ends it (what pass 2 parses again), and its opportunity (an index into
/// [`Index::slugs`]). 16 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
    pub opportunity: u32,
}

/// What pass 1 knows of a journal.
#[derive(Debug, Default)]
pub struct Index<'a> {
    pub sources: SourceMap<'a>,
    /// Every directive, in journal order.
    pub directives: Vec<DirectiveLine>,
    /// The diagnostics of the lines outside entries (those inside come with the fragments).
    pub diagnostics: Vec<Diagnostic>,
    /// One per entry, in journal order (includes expanded in place): entry `k`'s order
    /// number is `k + 1`.
    pub records: Vec<Record>,
    /// Opportunity slugs, in order of first appearance.
    pub slugs: Vec<&'a str>,
    /// Pass 1's J009 findings on entries' lines, by record (sorted): pass 2 does not look again.
    controls: Vec<(u32, Diagnostic)>,
    /// Whether an `apply` or `interview` names `slugs[k]`.
    pub opens: Vec<bool>,
    ids: rustc_hash::FxHashMap<&'a str, u32>,
    /// A small journal parsed whole (see [`crate::parse::index_with`]): then `records` is
    /// empty and the journal is the one fragment.
    whole: Option<Journal<'a>>,
}

impl<'a> Index<'a> {
    /// The index of a journal parsed whole.
    pub(crate) fn whole(journal: Journal<'a>) -> Index<'a> {
        let mut index = Index {
            sources: journal.sources.clone(),
            directives: journal.directives.clone(),
            ..Index::default()
        };
        for e in &journal.entries {
            let id = index.intern(e.opportunity, || e.opportunity);
            if matches!(e.kind, Kind::Apply | Kind::Interview) {
                index.opens[id as usize] = true;
            }
        }
        index.ids = Default::default();
        index.whole = Some(journal);
        index
    }

    /// Record an entry whose header starts at `start` (its end is set by [`Index::end_last`]).
    /// `keep` gives the slug to hold when it is new: a copy in the parser's arena, so the index
    /// holds no reference into the text (whose pages [`crate::parse::release`] may give back).
    pub(crate) fn push(
        &mut self,
        file: FileId,
        start: usize,
        slug: &str,
        kind: Kind,
        keep: impl FnOnce() -> &'a str,
    ) {
        // An opportunity's entries often follow one another: its id without hashing.
        let id = match self.records.last() {
            Some(r) if self.slugs.get(r.opportunity as usize) == Some(&slug) => r.opportunity,
            _ => self.intern(slug, keep),
        };
        if matches!(kind, Kind::Apply | Kind::Interview) {
            self.opens[id as usize] = true;
        }
        self.records.push(Record {
            file,
            start: start as u32,
            end: start as u32,
            opportunity: id,
        });
    }

    /// The id of `slug`, given to it (and `keep()` held for it) when it is new.
    fn intern(&mut self, slug: &str, keep: impl FnOnce() -> &'a str) -> u32 {
        if let Some(id) = self.ids.get(slug) {
            return *id;
        }
        let id = self.slugs.len() as u32;
        let kept = keep();
        self.ids.insert(kept, id);
        self.slugs.push(kept);
        self.opens.push(false);
        id
    }

    /// The last recorded entry's lines end where `end` starts.
    pub(crate) fn end_last(&mut self, end: usize) {
        if let Some(r) = self.records.last_mut() {
            r.end = end as u32;
        }
    }

    /// Room for `more` slugs (an upper bound: the parts' slugs, before those they share).
    pub(crate) fn reserve_slugs(&mut self, more: usize) {
        self.ids.reserve(more);
        self.slugs.reserve(more);
        self.opens.reserve(more);
    }

    /// Add the index of the next part of the text (pass 1 in chunks).
    pub(crate) fn append(&mut self, part: Index<'a>) {
        let map: Vec<u32> = part
            .slugs
            .iter()
            .zip(&part.opens)
            .map(|(slug, opens)| {
                let id = self.intern(slug, || slug);
                self.opens[id as usize] |= opens;
                id
            })
            .collect();
        self.records.extend(part.records.into_iter().map(|mut r| {
            r.opportunity = map[r.opportunity as usize];
            r
        }));
        self.directives.extend(part.directives);
        self.diagnostics.extend(part.diagnostics);
    }

    /// Pass 1 scans every line for J009: the findings on an entry's lines move here to
    /// [`Index::controls`], with their entry, for pass 2 (which does not scan again). Also frees
    /// the slug table's hash map.
    pub(crate) fn seal(&mut self) {
        self.ids = Default::default();
        if !self.diagnostics.iter().any(|d| d.rule == Rule::J009) {
            return;
        }
        let mut spans: Vec<(FileId, u32, u32, u32)> = self
            .records
            .iter()
            .enumerate()
            .map(|(k, r)| (r.file, r.start, r.end, k as u32))
            .collect();
        spans.sort_unstable();
        let entry_of = |d: &Diagnostic| {
            let at = (d.span.file, d.span.start);
            let k = spans.partition_point(|(f, s, ..)| (*f, *s) <= at);
            let (file, _, end, record) = *spans.get(k.checked_sub(1)?)?;
            (d.rule == Rule::J009 && file == d.span.file && d.span.start < end).then_some(record)
        };
        let mut outside = Vec::with_capacity(self.diagnostics.len());
        for d in std::mem::take(&mut self.diagnostics) {
            match entry_of(&d) {
                Some(record) => self.controls.push((record, d)),
                None => outside.push(d),
            }
        }
        self.diagnostics = outside;
        self.controls.sort_by_key(|(record, _)| *record);
    }

    /// The J009 findings pass 1 made on the lines of the entries `ids` (sorted).
    fn controls_of<'s>(&'s self, ids: &'s [u32]) -> impl Iterator<Item = Diagnostic> + 's {
        let controls = &self.controls;
        ids.iter()
            .filter(move |_| !controls.is_empty())
            .flat_map(move |k| {
                let from = controls.partition_point(|(r, _)| r < k);
                let to = controls.partition_point(|(r, _)| r <= k);
                controls[from..to].iter().map(|(_, d)| d.clone())
            })
    }

    /// The journal-wide settings the directives make.
    pub fn settings(&self) -> Settings {
        Settings::from_directives(&self.directives)
    }

    /// The slugs an `apply` or `interview` opens, sorted (J002's "did you mean").
    pub fn opened(&self) -> Vec<&'a str> {
        let mut v: Vec<&'a str> = self
            .slugs
            .iter()
            .zip(&self.opens)
            .filter(|(_, opens)| **opens)
            .map(|(s, _)| *s)
            .collect();
        use rayon::slice::ParallelSliceMut as _;
        v.par_sort_unstable();
        v
    }

    /// Record indices grouped by opportunity (groups in order of first appearance, each in
    /// journal order), and where each group starts: a counting sort.
    fn groups(&self) -> (Vec<u32>, Vec<u32>) {
        let mut starts = vec![0u32; self.slugs.len() + 1];
        for r in &self.records {
            starts[r.opportunity as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut fill = starts.clone();
        let mut order = vec![0u32; self.records.len()];
        for (i, r) in self.records.iter().enumerate() {
            let at = &mut fill[r.opportunity as usize];
            order[*at as usize] = i as u32;
            *at += 1;
        }
        (order, starts)
    }

    /// Pass 2: `f` applied to the fragment of each chunk of opportunities, in chunk order (on
    /// rayon's threads for journals of [`PARALLEL_FROM`] entries or more).
    pub fn fragments<T: Send>(&self, f: impl Fn(&Journal<'_>) -> T + Sync) -> Vec<T> {
        if let Some(journal) = &self.whole {
            return vec![f(journal)];
        }
        let (order, starts) = self.groups();
        let mut chunks: Vec<Range<usize>> = Vec::new();
        let mut from = 0;
        for k in 1..starts.len() {
            if (starts[k] - starts[from]) as usize >= CHUNK || k + 1 == starts.len() {
                chunks.push(from..k);
                from = k;
            }
        }
        let one = |groups: Range<usize>| {
            let mut ids =
                order[starts[groups.start] as usize..starts[groups.end] as usize].to_vec();
            ids.sort_unstable();
            let herd = bumpalo_herd::Herd::new();
            let mut fragment = crate::parse::parse_records(
                &herd,
                &self.sources,
                ids.iter().map(|k| (k + 1, self.records[*k as usize])),
                self.controls_of(&ids),
            );
            fragment.directives.clone_from(&self.directives);
            let out = f(&fragment);
            drop(fragment);
            self.release(&ids);
            out
        };
        if self.records.len() < PARALLEL_FROM {
            chunks.into_iter().map(one).collect()
        } else {
            use rayon::prelude::*;
            chunks.into_par_iter().map(one).collect()
        }
    }

    /// Give back the pages of a mapped file that hold the entries `ids` (sorted): for each
    /// file, the span from the first to the last (other chunks that need a page in it read it
    /// again from the page cache).
    fn release(&self, ids: &[u32]) {
        let mut span: Option<(FileId, u32, u32)> = None;
        let records = ids.iter().filter_map(|k| self.records.get(*k as usize));
        for r in records.map(Some).chain([None]) {
            match (span, r) {
                (Some((file, start, end)), Some(r)) if r.file == file => {
                    span = Some((file, start.min(r.start), end.max(r.end)));
                }
                (old, r) => {
                    if let Some((file, start, end)) = old {
                        if let Some(f) = self.sources.files.get(file as usize) {
                            crate::parse::release(f.text, start as usize..end as usize);
                        }
                    }
                    span = r.map(|r| (r.file, r.start, r.end));
                }
            }
        }
    }

    /// A journal with this index's sources and directives and no entries.
    fn bare(&self) -> Journal<'a> {
        Journal {
            sources: self.sources.clone(),
            directives: self.directives.clone(),
            ..Journal::default()
        }
    }
}

/// [`rules::check`] on the streaming path: every diagnostic, in file order. With `lean`, the
/// findings' quick fixes are dropped as they are found (the command line never shows them).
pub fn check(
    index: &Index<'_>,
    today: NaiveDate,
    options: &rules::Options,
    lean: bool,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = check_lists(index, today, options, lean)
        .into_iter()
        .flatten()
        .collect();
    rules::sort(&mut out);
    out
}

/// [`check`]'s findings as sorted lists, one for the lines outside entries and one per chunk:
/// [`merged`] reads them in file order without copying them into one vector (the command line
/// writes JSON so, holding each finding once).
pub fn check_lists(
    index: &Index<'_>,
    today: NaiveDate,
    options: &rules::Options,
    lean: bool,
) -> Vec<Vec<Diagnostic>> {
    let settings = index.settings();
    let opened = index.opened();
    let found = index.fragments(|fragment| {
        let mut found = rules::judge(fragment, &settings, today, options, &opened);
        if lean {
            for d in &mut found {
                d.fixes = Vec::new();
            }
            found.shrink_to_fit();
        }
        found
    });
    let bare = index.bare();
    let mut lists = Vec::with_capacity(found.len() + 1);
    lists.push(rules::finish(
        &bare,
        &settings,
        options,
        index.diagnostics.clone(),
    ));
    lists.extend(found);
    lists
}

/// The findings of sorted `lists` in file order: what a stable sort of their concatenation
/// gives (ties keep the order of the lists).
pub fn merged(lists: &[Vec<Diagnostic>]) -> impl Iterator<Item = &Diagnostic> + Clone + '_ {
    use std::cmp::Reverse;
    let key = |k: usize, i: usize| {
        let d = &lists[k][i];
        Reverse((d.span.file, d.span.start, d.code(), k, i))
    };
    let heads: std::collections::BinaryHeap<_> = lists
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(k, _)| key(k, 0))
        .collect();
    let mut heads = heads;
    std::iter::from_fn(move || {
        let Reverse((_, _, _, k, i)) = heads.pop()?;
        if i + 1 < lists[k].len() {
            heads.push(key(k, i + 1));
        }
        Some(&lists[k][i])
    })
}

/// [`due::due`] on the streaming path.
pub fn due(index: &Index<'_>, options: &DueOptions) -> Vec<Action> {
    let settings = index.settings();
    let found = index.fragments(|fragment| {
        let mut out = Vec::new();
        timeline::for_each(fragment, &settings, Planned::Pending, None, |opp| {
            due::actions_for(fragment, &settings, &opp, options, &mut out);
        });
        out
    });
    let mut out: Vec<Action> = found.into_iter().flatten().collect();
    due::sort(&mut out);
    out
}

/// `report`'s work on the streaming path: [`rules::check`] focused on `from..=to` (the
/// findings, in file order) and the [`weekly::Parts`] of the report, to be finished with the
/// findings the caller keeps.
pub fn report(
    index: &Index<'_>,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> (Vec<Diagnostic>, weekly::Parts) {
    let settings = index.settings();
    let opened = index.opened();
    let options = rules::Options {
        focus: Some((from, to)),
        ..rules::Options::default()
    };
    let found = index.fragments(|fragment| {
        (
            rules::judge(fragment, &settings, today, &options, &opened),
            weekly::parts(fragment, today, from, to),
        )
    });
    let bare = index.bare();
    let mut diags = rules::finish(&bare, &settings, &options, index.diagnostics.clone());
    let mut parts = Vec::with_capacity(found.len());
    for (d, p) in found {
        diags.extend(d);
        parts.push(p);
    }
    rules::sort(&mut diags);
    let parts =
        weekly::Parts::merge(parts).unwrap_or_else(|| weekly::parts(&bare, today, from, to));
    (diags, parts)
}

/// `ls`'s data on the streaming path: the report of everything up to `today` with the
/// opportunities' statuses only ([`weekly::statuses`]: no activity, counts or findings) and the
/// slugs of the closed opportunities ([`timeline::closed`]), sorted.
pub fn ls(index: &Index<'_>, today: NaiveDate) -> (weekly::Report, Vec<String>) {
    let settings = index.settings();
    let found = index.fragments(|fragment| {
        let closed: Vec<String> = timeline::closed(fragment, &settings)
            .into_iter()
            .map(str::to_string)
            .collect();
        (weekly::statuses(fragment, today), closed)
    });
    let mut parts = Vec::with_capacity(found.len());
    let mut closed = Vec::new();
    for (p, c) in found {
        parts.push(p);
        closed.extend(c);
    }
    closed.sort_unstable();
    let parts =
        weekly::Parts::merge(parts).unwrap_or_else(|| weekly::statuses(&index.bare(), today));
    (parts.finish(&[]), closed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{FsLoader, Storage};
    use std::path::{Path, PathBuf};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    /// Every `.nudge` file of the fixtures and the examples, as (path, text).
    fn files() -> Vec<(PathBuf, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let mut dirs = vec![root.join("tests/fixtures"), root.join("examples")];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "nudge") {
                    out.push(p);
                }
            }
        }
        out.sort();
        out.into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect()
    }

    /// Generated journals: under every parallel threshold (3,000 entries), parsed whole but
    /// judged in parallel (10,000), and streamed in parallel (60,000), with mistakes
    /// (a bad header with an orphan, control characters in and out of entries, a
    /// suppression) on both sides of pass 1's chunk cuts.
    fn generated() -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        for (n, seed) in [(3_000, 2), (10_000, 7), (60_000, 5)] {
            let mut text = crate::generate::journal(n, seed);
            for frac in [3, 2] {
                let at = text[text.len() / frac..]
                    .find("\n2")
                    .map_or(0, |i| text.len() / frac + i + 1);
                text.insert_str(
                    at,
                    "2026-02-30 note x\n    | skipped \u{1b}\n; a comment \u{7}\n    | orphan\n2026-11-02 note acme \"hi\" ; nudge: allow J003, nosuch\n    | x \u{202e}\n",
                );
            }
            out.push((PathBuf::from(format!("generated-{n}.nudge")), text));
        }
        out
    }

    /// What the in-memory path and the streaming path give for one file: check's findings,
    /// due's actions and the weekly report, each as (in memory, streamed).
    fn both(path: &Path, text: &str) -> [(String, String); 3] {
        let storage = Storage::new();
        let shown = path.display().to_string();
        let journal = crate::parse::parse_with(
            &storage,
            &mut FsLoader,
            &shown,
            path.to_path_buf(),
            storage.text(text.to_string()),
        );
        let index = crate::parse::index_below(
            &storage,
            &mut FsLoader,
            &shown,
            path.to_path_buf(),
            storage.text(text.to_string()),
            0,
        );
        let small = crate::parse::index_with(
            &storage,
            &mut FsLoader,
            &shown,
            path.to_path_buf(),
            storage.text(text.to_string()),
        );
        let options = rules::Options::default();
        let check_mem = rules::check(&journal, today(), &options);
        let check_stream = check(&index, today(), &options, false);
        assert_eq!(check_stream, check(&small, today(), &options, false));
        assert_eq!(index.slugs, small.slugs);
        assert_eq!(index.opened(), small.opened());
        let lists = check_lists(&index, today(), &options, false);
        assert!(merged(&lists).eq(check_stream.iter()));
        let due_options = DueOptions {
            today: today(),
            within: 7,
            all: true,
        };
        let (from, to) = (
            NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        );
        let focus = rules::Options {
            focus: Some((from, to)),
            ..Default::default()
        };
        let focused = rules::check(&journal, today(), &focus);
        let report_mem = weekly::report(&journal, today(), from, to, &focused);
        let (focused_stream, parts) = report(&index, today(), from, to);
        let report_stream = parts.finish(&focused_stream);
        // What `ls` shows: the opportunities' statuses and the closed slugs.
        let ls_mem = (
            weekly::report(&journal, today(), NaiveDate::MIN, today(), &[]).opportunities,
            timeline::closed(&journal, &Settings::from_journal(&journal)),
        );
        let (ls_report, ls_closed) = ls(&index, today());
        assert_eq!(
            format!("{ls_mem:#?}"),
            format!("{:#?}", (ls_report.opportunities, ls_closed))
        );
        [
            (format!("{check_mem:#?}"), format!("{check_stream:#?}")),
            (
                format!("{:#?}", due::due(&journal, &due_options)),
                format!("{:#?}", due(&index, &due_options)),
            ),
            (
                format!("{focused:#?}\n{report_mem:#?}"),
                format!("{focused_stream:#?}\n{report_stream:#?}"),
            ),
        ]
    }

    #[test]
    fn a_big_included_file_is_mapped_and_streams_as_it_parses() {
        let dir = tempfile::tempdir().unwrap();
        let big = crate::generate::journal(45_000, 3);
        assert!(big.len() as u64 >= crate::parse::MAP_FROM);
        std::fs::write(dir.path().join("big.nudge"), &big).unwrap();
        let top = format!(
            "include big.nudge\n{}",
            crate::generate::journal(300, 4).replace("workweek", "; workweek")
        );
        let path = dir.path().join("top.nudge");
        std::fs::write(&path, &top).unwrap();
        let [check, due, report] = both(&path, &top);
        assert!(check.0.matches("rule: ").count() > 100);
        assert!(check.0 == check.1 && due.0 == due.1 && report.0 == report.1);
    }

    #[test]
    fn streaming_equals_the_in_memory_path_on_any_number_of_threads() {
        let mut inputs = files();
        assert!(inputs.len() > 50);
        inputs.extend(generated());
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        let mut one = Vec::new();
        pool(1).install(|| {
            for (path, text) in &inputs {
                let got = both(path, text);
                for (what, (mem, streamed)) in ["check", "due", "report"].iter().zip(&got) {
                    assert!(mem == streamed, "{what} differs on {}", path.display());
                }
                one.push(got);
            }
        });
        let big = &one.last().unwrap()[0].0;
        let found = |rule: Rule| big.matches(&format!("rule: {rule:?}")).count();
        assert!(found(Rule::J009) >= 2 && found(Rule::J001) >= 2);
        for n in [2, 8] {
            pool(n).install(|| {
                for ((path, text), want) in inputs.iter().zip(&one).rev().take(2) {
                    assert!(both(path, text) == *want, "{n} threads, {}", path.display());
                }
            });
        }
    }
}
