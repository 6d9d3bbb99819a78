//! `nudge draft`.

use super::{load, Failure, Io, JournalArgs};
use crate::report::draft::{self, Draft};
use crate::report::due::{self, ActionKind, DueOptions};
use crate::suggest::did_you_mean;
use crate::timeline::{self, Planned, Settings};
use clap::Args;

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The opportunity slug, e.g. acme-sre
    opportunity: String,
    #[command(flatten)]
    journal: JournalArgs,
    /// Also add the drafts to the journal as planned (`!`) entries, dated on the first day of
    /// each action's window, or today when that day has passed
    #[arg(long)]
    append: bool,
    /// Output format: `text` for reading, `eml` for an RFC 5322 message a mail client opens
    /// (several drafts: an mbox)
    #[arg(long, value_enum, default_value = "text")]
    format: DraftFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DraftFormat {
    /// A heading with the action and its window, then subject and body
    Text,
    /// An RFC 5322 message: To, Subject, Date, Content-Type: text/plain; charset=utf-8, body
    Eml,
}

pub fn run(args: DraftArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let storage = crate::parse::Storage::new();
    let path = args.journal.path(None);
    let journal = load(&storage, &path)?;
    let today = args.journal.today();
    let settings = Settings::from_journal(&journal);
    let t = timeline::build(&journal, &settings, Planned::Pending);
    let opp = t
        .get(&args.opportunity)
        .filter(|o| o.opened_by.is_some())
        .ok_or_else(|| {
            let slugs = t
                .opportunities
                .iter()
                .filter(|o| o.opened_by.is_some())
                .map(|o| o.slug);
            let mean = did_you_mean(&args.opportunity, slugs);
            Failure(format!(
                "no opportunity `{}` in the journal{mean}",
                args.opportunity
            ))
        })?;
    let options = DueOptions {
        today,
        within: 0,
        all: true,
    };
    let mut actions: Vec<_> = due::actions(&journal, &settings, &t, &options)
        .into_iter()
        .filter(|a| a.opportunity == opp.slug)
        .collect();
    // The next action: the thank-yous while their window is open, else the follow-up.
    if actions.iter().any(|a| a.action == ActionKind::ThankYou) {
        actions.retain(|a| a.action == ActionKind::ThankYou);
    }
    let (Some(round), false) = (opp.rounds.last(), actions.is_empty()) else {
        let why = if opp.closed_by.is_some() {
            "it is closed"
        } else if opp.rounds.is_empty() {
            "there is no interview yet"
        } else {
            "nothing is due"
        };
        writeln!(io.err, "Nothing to draft for {}: {why}.", opp.slug)?;
        return Ok(0);
    };
    let drafts: Vec<Draft> = actions
        .iter()
        .map(|a| draft::draft(&journal, &settings, opp, round, a))
        .collect();
    let drafts = super::config::sign(drafts);
    let several = drafts.len() > 1;
    for (d, a) in drafts.iter().zip(&actions) {
        if args.format == DraftFormat::Eml {
            if several {
                // An mbox: each message after a `From ` line.
                writeln!(
                    io.out,
                    "From nudge {}",
                    d.date.format("%a %b %e 09:00:00 %Y")
                )?;
            }
            write!(io.out, "{}", d.eml())?;
            if several {
                writeln!(io.out)?;
            }
            continue;
        }
        let to = a
            .recipient
            .as_deref()
            .map(|r| format!(" to {r}"))
            .unwrap_or_default();
        let text = format!(
            "── {}{to}: send {} .. {} ({}{}) ──\n\n{}",
            a.action.name(),
            a.earliest,
            a.latest,
            a.status.as_str(),
            match (a.planned, a.status) {
                (Some(p), due::Status::Planned) => format!(" on {p}"),
                // A stale plan: it was meant to go out then, and was never recorded as sent.
                (Some(p), _) => format!("; planned for {p}, never recorded as sent"),
                (None, _) => String::new(),
            },
            d.email()
        );
        // Drafts quote names and titles from the journal: escaped for the terminal.
        writeln!(io.out, "{}", crate::escape::terminal(&text))?;
    }
    if args.append {
        let drafts: Vec<Draft> = drafts
            .into_iter()
            .zip(&actions)
            .filter(|(_, a)| a.planned.is_none())
            .map(|(d, _)| d.dated(today))
            .collect();
        let shown = path.to_string_lossy().into_owned();
        if drafts.is_empty() {
            writeln!(
                io.err,
                "nothing added: every action of {} is already planned",
                opp.slug
            )?;
            return Ok(0);
        }
        crate::fs::update_journal(&path, |current| Ok(Some(appended(current, &drafts))))?;
        writeln!(
            io.err,
            "added {} planned entr{} to {}",
            drafts.len(),
            if drafts.len() == 1 { "y" } else { "ies" },
            crate::escape::terminal(&shown)
        )?;
    }
    Ok(0)
}

/// `text` with the drafts appended as planned entries, in the file's own line ends; every
/// byte of `text` is kept.
pub fn appended(text: &str, drafts: &[Draft]) -> String {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + 1024);
    out.push_str(text);
    if !text.is_empty() && !text.ends_with('\n') {
        out.push_str(eol);
    }
    for d in drafts {
        if !out.is_empty() {
            out.push_str(eol);
        }
        for line in d.entry_lines() {
            out.push_str(&line);
            out.push_str(eol);
        }
    }
    out
}
