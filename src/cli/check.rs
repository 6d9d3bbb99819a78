//! `nudge check`, `nudge rules`, `nudge explain`.

use super::{load, Failure, Io, JournalArgs};
use crate::diagnostic::Severity;
use crate::render;
use crate::report::table::{Tabular, Tone};
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
        allow.push(rule.code);
    }
    super::check_slugs(&args.opportunities)?;
    let storage = crate::parse::Storage::new();
    let path = args.journal.path(args.file_pos.as_ref());
    let journal = load(&storage, &path)?;
    super::known_opportunities(&journal, &args.opportunities)?;
    let today = args.journal.today();
    let mut diags = rules::check(&journal, today, &rules::Options { allow, focus: None });
    diags.retain(|d| super::keep_opportunity(&args.opportunities, d.opportunity.as_deref()));
    let (errors, warnings) = render::counts(&diags);
    let status = i32::from(errors > 0 || (args.deny.is_some() && warnings > 0));
    let written = match args.format {
        CheckFormat::Json => render::write_json(io.out, &diags, &journal.sources, today)
            .and_then(|()| io.out.flush()),
        CheckFormat::Human => {
            let text = render::human(&diags, &journal.sources, io.color_out, io.width);
            io.out.write_all(text.as_bytes())
        }
        CheckFormat::Concise => io
            .out
            .write_all(render::concise::render(&diags, &journal.sources).as_bytes()),
        CheckFormat::Github => io
            .out
            .write_all(render::github::render(&diags, &journal.sources).as_bytes()),
        CheckFormat::Sarif => io
            .out
            .write_all(render::sarif::render(&diags, &journal.sources).as_bytes()),
    };
    match written {
        // A reader that stopped reading does not change what the check found.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

pub fn rules(args: RulesArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    if let RulesFormat::Json = args.format {
        let rules: Vec<_> = registry::RULES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code,
                    "name": r.name,
                    "family": r.family,
                    "severity": r.severity,
                    "summary": r.summary,
                    "explain": r.explain,
                })
            })
            .collect();
        let doc = serde_json::json!({"version": 1, "rules": rules});
        writeln!(io.out, "{doc}")?;
        return Ok(0);
    }
    let mut table = Tabular::new(vec!["code", "name", "family", "default", "fires when"]);
    for r in registry::RULES {
        table.push(
            vec![
                r.code.to_string(),
                r.name.to_string(),
                r.family.to_string(),
                r.severity.as_str().to_string(),
                r.summary.to_string(),
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
    let sev = match r.severity {
        Severity::Error => "error",
        _ => "warning",
    };
    write!(
        io.out,
        "# {} {}\n\n{} (family: {}, default severity: {sev})\n\n{}",
        r.code, r.name, r.summary, r.family, r.explain
    )?;
    if matches!(r.code, "J001" | "J004" | "J005") {
        write!(io.out, "\n{ATTRIBUTES}")?;
    }
    Ok(0)
}
