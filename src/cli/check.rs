//! `nudge check`, `nudge rules`, `nudge explain`.

mod message;

use super::{load, Failure, Io, JournalArgs};
use crate::diagnostic::Severity;
use crate::render;
use crate::report::table::{Tabular, Tone};
use crate::rule::Rule;
use crate::rules::{self, registry};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    /// Source excerpts with labels and help
    Human,
    /// One line per finding: FILE:LINE:COL: SEVERITY CODE message
    Concise,
    /// The versioned JSON document
    Json,
    /// SARIF 2.1.0, for code-scanning tools
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Deny {
    /// Exit 1 when there are warnings, too
    Warnings,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The journal file (same as -f)
    #[arg(value_name = "FILE")]
    file_pos: Option<PathBuf>,
    #[command(flatten)]
    journal: JournalArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: CheckFormat,
    /// Fail (exit 1) on warnings as well as errors
    #[arg(long, value_enum, value_name = "warnings")]
    deny: Option<Deny>,
    /// Turn a rule off, by code or name; repeat or separate with commas
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    allow: Vec<String>,
    /// The send verdict: only the findings in planned messages dated today or later, plus
    /// journal errors anywhere; exit 1 on any finding, warnings included ("don't send yet")
    #[arg(long, conflicts_with_all = ["message", "add_allow"])]
    planned: bool,
    /// Judge a message written elsewhere (a mail client's draft; `-` for stdin) as a planned
    /// entry at the end of the journal, without touching the journal; needs --as
    #[arg(
        long,
        value_name = "FILE",
        requires = "as_kind",
        conflicts_with = "add_allow"
    )]
    message: Option<PathBuf>,
    /// With --message: the message's kind and opportunity, e.g. `--as check-in acme-sre`
    #[arg(long = "as", id = "as_kind", num_args = 2, value_names = ["KIND", "OPPORTUNITY"], requires = "message")]
    as_kind: Vec<String>,
    /// With --message: the date it would go out, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::parse_date, requires = "message")]
    date: Option<chrono::NaiveDate>,
    /// With --message: a recipient, added to the message's `To:` names (repeatable)
    #[arg(long = "to", value_name = "NAME", requires = "message")]
    to: Vec<String>,
    /// With --message: the point of the conversation a thank-you refers to (its `ref:`)
    #[arg(long = "ref", value_name = "TEXT", requires = "message")]
    reference: Option<String>,
    /// With --message: the value-add a check-in offers (its `value:`)
    #[arg(long, value_name = "TEXT", requires = "message")]
    value: Option<String>,
    /// Acknowledge the findings on sent entries: add `; nudge: allow CODES -- acknowledged
    /// DATE` to each sent entry that has some (planned entries are left to fix)
    #[arg(long)]
    add_allow: bool,
    /// Only findings of this opportunity (repeatable); findings tied to none are kept
    #[arg(long = "opportunity", value_name = "SLUG")]
    opportunities: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    /// A table that fits the terminal
    Table,
    /// The catalogue as data: code, name, family, severity, summary, explain page
    Json,
}

pub fn run(args: CheckArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let mut allow = Vec::new();
    for a in &args.allow {
        let rule = registry::lookup(a.trim()).ok_or_else(|| {
            let mean = registry::did_you_mean(a);
            Failure(format!(
                "--allow: unknown rule `{a}`{mean} (`nudge rules` lists them)"
            ))
        })?;
        allow.push(rule);
    }
    super::check_slugs(&args.opportunities)?;
    let storage = crate::parse::Storage::new();
    let path = args.journal.path(args.file_pos.as_ref());
    let today = args.journal.today();
    let options = rules::Options { allow, focus: None };
    if args.add_allow {
        let acknowledged = add_allow(&storage, &path, today, &options)?;
        writeln!(io.err, "{acknowledged}")?;
    }
    let message_storage = crate::parse::Storage::new();
    let message = match &args.message {
        Some(file) => Some(message::Message::read(file, &args, today)?),
        None => None,
    };
    let mut verdict = None;
    let (journal, index);
    // The send verdicts need the whole journal; the plain check streams (crate::stream).
    let (mut lists, sources) = if message.is_none() && !args.planned {
        index = super::index(&storage, &path)?;
        super::known_slugs(&index.slugs, &args.opportunities)?;
        let lists = crate::stream::check_lists(&index, today, &options, true);
        (lists, &index.sources)
    } else {
        let mut whole = load(&storage, &path)?;
        super::known_opportunities(&whole, &args.opportunities)?;
        let diags = judge(
            &mut whole,
            message.as_ref(),
            &message_storage,
            &args,
            today,
            &options,
            &mut verdict,
        )?;
        journal = whole;
        (vec![diags], &journal.sources)
    };
    for list in &mut lists {
        list.retain(|d| super::keep_opportunity(&args.opportunities, d.opportunity.as_deref()));
    }
    let (errors, warnings) = render::counts(crate::stream::merged(&lists));
    let status = if verdict.is_some() {
        i32::from(errors + warnings > 0)
    } else {
        i32::from(errors > 0 || (args.deny.is_some() && warnings > 0))
    };
    // Every format is written from the sorted lists, in file order, each finding held once.
    let diags = crate::stream::merged(&lists);
    let written = match args.format {
        CheckFormat::Json => render::write_json_from(io.out, diags, sources, today),
        CheckFormat::Human => render::write_human(io.out, diags, sources, io.color_out, io.width),
        CheckFormat::Concise => render::concise::write(io.out, diags, sources),
        CheckFormat::Github => render::github::write(io.out, diags, sources),
        CheckFormat::Sarif => render::sarif::write(io.out, diags, sources),
    }
    .and_then(|()| io.out.flush());
    // A big journal's findings are a quarter of a million small allocations: freed on a
    // thread of their own (10 ms at 1M entries) while the command returns.
    if lists.iter().map(Vec::len).sum::<usize>() > 10_000 {
        std::thread::spawn(move || drop(lists));
    }
    let written = written.and_then(|()| match (verdict, args.format) {
        (Some(v), CheckFormat::Human) => writeln!(io.out, "{}", v.say(errors + warnings)),
        _ => Ok(()),
    });
    match written {
        // A reader that stopped reading does not change what the check found.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

/// The findings of a send verdict (`--message` or `--planned`) on the whole `journal`.
fn judge<'a>(
    journal: &mut crate::model::Journal<'a>,
    message: Option<&'a message::Message>,
    message_storage: &'a crate::parse::Storage,
    args: &CheckArgs,
    today: chrono::NaiveDate,
    options: &rules::Options,
    verdict: &mut Option<Verdict>,
) -> Result<Vec<crate::diagnostic::Diagnostic>, Failure> {
    if let Some(m) = message {
        *verdict = Some(Verdict::Message);
        return m.judge(message_storage, journal, today, options);
    }
    let diags = rules::check(journal, today, options);
    if !args.planned {
        return Ok(diags);
    }
    let planned = journal
        .entries
        .iter()
        .filter(|e| e.planned && e.date >= today)
        .count();
    *verdict = Some(Verdict::Planned(planned));
    Ok(rules::verdict(journal, today, diags))
}

/// Which send verdict a run gives (SPEC §3.3).
#[derive(Clone, Copy, Debug)]
enum Verdict {
    /// `--planned`, with the number of planned entries dated today or later.
    Planned(usize),
    /// `--message`.
    Message,
}

impl Verdict {
    /// The verdict in one line, after the findings.
    fn say(self, findings: usize) -> String {
        match (self, findings) {
            (Verdict::Planned(0), 0) => {
                "no planned message to judge: no `!` entry is dated today or later".into()
            }
            (Verdict::Planned(n), 0) => format!(
                "ready to send: {} dated today or later, no findings",
                if n == 1 {
                    "1 planned message".to_string()
                } else {
                    format!("{n} planned messages")
                }
            ),
            (Verdict::Message, 0) => "ready to send: no findings in the message".into(),
            (_, n) => format!(
                "don't send yet: {}",
                if n == 1 {
                    "1 finding".to_string()
                } else {
                    format!("{n} findings")
                }
            ),
        }
    }
}

/// `check --add-allow` (SPEC §3.2): acknowledge the findings located in sent entries, in the
/// file that holds each entry. Returns a line saying what was done.
fn add_allow(
    storage: &crate::parse::Storage,
    path: &std::path::Path,
    today: chrono::NaiveDate,
    options: &rules::Options,
) -> Result<String, Failure> {
    let journal = load(storage, path)?;
    let diags = rules::check(&journal, today, options);
    let todo = rules::to_acknowledge(&journal, &diags);
    if todo.is_empty() {
        return Ok("nothing to acknowledge: no sent entry has findings".into());
    }
    let mut by_file: std::collections::BTreeMap<u32, Vec<(usize, String)>> = Default::default();
    let mut findings = 0;
    for (i, codes) in &todo {
        let e = &journal.entries[*i];
        findings += codes.len();
        let line = format!(
            "    ; nudge: allow {} -- acknowledged {today}",
            codes
                .iter()
                .map(|r| r.code())
                .collect::<Vec<_>>()
                .join(", ")
        );
        by_file
            .entry(e.block.file)
            .or_default()
            .push((e.block.end as usize, line));
    }
    for (file, mut inserts) in by_file {
        let Some(source) = journal.sources.files.get(file as usize) else {
            continue;
        };
        let read = source.text;
        let target = std::path::PathBuf::from(&source.path);
        inserts.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
        crate::fs::update_journal(&target, |current| {
            if current != read {
                return Err(format!(
                    "`{}` changed while nudge read it; nothing was written, run again",
                    source.path
                ));
            }
            Ok(Some(with_lines_after(current, &inserts)))
        })?;
    }
    let entries = todo.len();
    Ok(format!(
        "acknowledged {} in {} (`; nudge: allow ... -- acknowledged {today}`)",
        if findings == 1 {
            "1 rule".to_string()
        } else {
            format!("{findings} rules")
        },
        if entries == 1 {
            "1 sent entry".to_string()
        } else {
            format!("{entries} sent entries")
        },
    ))
}

/// `text` with each line of `inserts` added after the line holding its offset, in the
/// file's own line ends; `inserts` sorted by offset, last first. Every byte of `text` is kept.
pub fn with_lines_after(text: &str, inserts: &[(usize, String)]) -> String {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = text.to_string();
    for (at, line) in inserts {
        let at = (*at).min(out.len());
        let end = match out[at..].find('\n') {
            Some(k) => at + k + 1,
            None => {
                out.push_str(eol);
                out.len()
            }
        };
        out.insert_str(end, &format!("{line}{eol}"));
    }
    out
}

pub fn rules(args: RulesArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    if let RulesFormat::Json = args.format {
        /// One rule, keys in this order (`version` first in the document, as §3.1's are).
        #[derive(serde::Serialize)]
        struct Rule<'r> {
            code: &'r str,
            name: &'r str,
            family: &'r str,
            severity: &'r str,
            summary: &'r str,
            explain: String,
        }
        #[derive(serde::Serialize)]
        struct Doc<'r> {
            version: u32,
            rules: Vec<Rule<'r>>,
        }
        let rules: Vec<_> = registry::RULES
            .iter()
            .map(|r| Rule {
                code: r.code(),
                name: r.name(),
                family: r.family(),
                severity: r.default_severity().as_str(),
                summary: r.summary(),
                explain: registry::page(*r),
            })
            .collect();
        let doc = serde_json::to_string(&Doc { version: 1, rules })?;
        writeln!(io.out, "{doc}")?;
        return Ok(0);
    }
    let mut table = Tabular::new(vec!["code", "name", "family", "default", "fires when"]);
    for r in registry::RULES {
        table.push(
            vec![
                r.code().to_string(),
                r.name().to_string(),
                r.family().to_string(),
                r.default_severity().as_str().to_string(),
                r.summary().to_string(),
            ],
            Tone::Plain,
        );
    }
    table.keep_whole = vec![0, 1, 3];
    io.out
        .write_all(table.terminal(io.width, io.color_out).as_bytes())?;
    let hint = "`nudge explain CODE` shows a rule's page; `rule CODE off|warning|error` in the journal changes its severity.";
    writeln!(io.out)?;
    for line in crate::report::table::wrap(hint, io.width) {
        writeln!(io.out, "{line}")?;
    }
    Ok(0)
}

/// The attribute keys and the `via:` channels, shown on the attribute rules' pages.
const ATTRIBUTES: &str = "## Attributes\n`with:` (interview), `to:` (thank-you, check-in, withdraw), `expect:` and `next:` (interview, reply), `ref:` (thank-you), `value:` (check-in), `via:` (any kind), `note:` (any kind).\n`via:` takes one of: email, phone, linkedin, in-person, other.\n";

pub fn explain(word: &str, io: &mut Io<'_>) -> Result<i32, Failure> {
    let r = registry::lookup(word).ok_or_else(|| {
        let mean = registry::did_you_mean(word);
        Failure(format!(
            "unknown rule `{word}`{mean} (`nudge rules` lists them)"
        ))
    })?;
    let sev = match r.default_severity() {
        Severity::Error => "error",
        _ => "warning",
    };
    write!(
        io.out,
        "# {} {}\n\n{} (family: {}, default severity: {sev})\n\n{}",
        r.code(),
        r.name(),
        r.summary(),
        r.family(),
        registry::page(r)
    )?;
    if matches!(r, Rule::J001 | Rule::J004 | Rule::J005) {
        write!(io.out, "\n{ATTRIBUTES}")?;
    }
    Ok(0)
}
