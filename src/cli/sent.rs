//! `nudge sent OPPORTUNITY [--date DATE]` (SPEC §3.3): record that the earliest planned entry
//! of an opportunity went out.

use super::{load, Failure, Io, JournalArgs};
use crate::render;
use crate::rules;
use crate::timeline::order_key;
use chrono::NaiveDate;
use clap::Args;

#[derive(Debug, Args)]
pub struct SentArgs {
    /// The opportunity slug whose earliest planned (`!`) entry went out, e.g. acme-sre
    opportunity: String,
    #[command(flatten)]
    journal: JournalArgs,
    /// The day it went out, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    date: Option<NaiveDate>,
}

/// Moved to the text layer so the rules' quick fixes share it (P001).
pub use crate::parse::line::sent_header;

pub fn run(args: SentArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let storage = crate::parse::Storage::new();
    let path = args.journal.path(None);
    let today = args.journal.today();
    let date = args.date.unwrap_or(today);
    let journal = load(&storage, &path)?;
    let Some(i) = (0..journal.entries.len())
        .filter(|i| {
            let e = &journal.entries[*i];
            e.planned && e.opportunity == args.opportunity
        })
        .min_by_key(|i| order_key(&journal.entries[*i]))
    else {
        let slugs = journal
            .entries
            .iter()
            .filter(|e| e.planned)
            .map(|e| e.opportunity);
        let mut slugs: Vec<&str> = slugs.collect();
        slugs.sort_unstable();
        slugs.dedup();
        let mean = crate::suggest::did_you_mean(&args.opportunity, slugs.iter().copied());
        return Err(Failure(format!(
            "`{}` has no planned (`!`) entry to record as sent{mean}; the journal was not changed",
            args.opportunity
        )));
    };
    let e = &journal.entries[i];
    let file = e.header.file;
    let header = journal.sources.text(e.header);
    let range = e.header.range();
    let source = &journal.sources.files[file as usize];
    let new_header = sent_header(header, date).ok_or_else(|| {
        Failure(format!(
            "cannot find the `!` in the header `{header}`; the journal was not changed"
        ))
    })?;
    let target = std::path::PathBuf::from(&source.path);
    let read = source.text;
    crate::fs::update_journal(&target, |current| {
        if current != read {
            return Err(format!(
                "`{}` changed while nudge read it; nothing was written, run again",
                source.path
            ));
        }
        let mut text = String::with_capacity(current.len());
        text.push_str(&current[..range.start]);
        text.push_str(&new_header);
        text.push_str(&current[range.end..]);
        Ok(Some(text))
    })?;
    let kind = e.kind.as_str();
    let line = read[..range.start].matches('\n').count() + 1;
    writeln!(
        io.out,
        "recorded: the {kind} of {} went out on {date} ({}:{line})",
        args.opportunity, source.path
    )?;
    // The entry's findings, as a reminder.
    let storage = crate::parse::Storage::new();
    let journal = load(&storage, &path)?;
    let Some(now) = journal
        .entries
        .iter()
        .position(|e| e.header.file == file && e.header.start as usize == range.start)
    else {
        return Ok(0);
    };
    let diags = rules::check(&journal, today, &rules::Options::default());
    let located = rules::entries_of(&journal, &diags);
    let mine: Vec<_> = diags
        .into_iter()
        .zip(located)
        .filter(|(_, e)| *e == Some(now))
        .map(|(d, _)| d)
        .collect();
    if !mine.is_empty() {
        writeln!(io.out, "a reminder of what `nudge check` says about it:")?;
        let text = render::human(&mine, &journal.sources, io.color_err, io.width);
        io.err.write_all(text.as_bytes())?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_time_stays_only_when_the_date_does() {
        let h = "2026-11-30 10:00 ! check-in acme-sre  ; drafted";
        assert_eq!(
            sent_header(h, d("2026-11-30")).unwrap(),
            "2026-11-30 10:00 check-in acme-sre  ; drafted"
        );
        assert_eq!(
            sent_header(h, d("2026-12-01")).unwrap(),
            "2026-12-01 check-in acme-sre  ; drafted"
        );
        assert_eq!(
            sent_header("2026-11-30\t!\tthank-you a", d("2026-11-29")).unwrap(),
            "2026-11-29 thank-you a"
        );
        assert_eq!(sent_header("2026-11-30 check-in a", d("2026-11-30")), None);
    }
}
