//! `nudge check`, `nudge rules`, `nudge explain`.

use super::{load, Failure, Io, JournalArgs};
use crate::diagnostic::Severity;
use crate::render;
use crate::rules::{self, registry};
use clap::{Args, ValueEnum};
use comfy_table::{presets, ContentArrangement, Table};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    /// Source excerpts with labels and help (stderr)
    Human,
    /// The versioned JSON document (stdout)
    Json,
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
    let storage = crate::parse::Storage::new();
    let path = args.journal.path(args.file_pos.as_ref());
    let journal = load(&storage, &path)?;
    let today = args.journal.today();
    let diags = rules::check(&journal, today, &rules::Options { allow, focus: None });
    let (errors, warnings) = render::counts(&diags);
    let status = i32::from(errors > 0 || (args.deny.is_some() && warnings > 0));
    let written = match args.format {
        CheckFormat::Json => render::write_json(io.out, &diags, &journal.sources, today)
            .and_then(|()| io.out.flush()),
        CheckFormat::Human => {
            let text = render::human(&diags, &journal.sources, io.color_err, io.width);
            io.err.write_all(text.as_bytes())
        }
    };
    match written {
        // A reader that stopped reading does not change what the check found.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(status),
    }
}

pub fn rules(io: &mut Io<'_>) -> Result<i32, Failure> {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(io.width as u16)
        .set_header(["code", "name", "family", "default", "fires when"]);
    for r in registry::RULES {
        table.add_row([r.code, r.name, r.family, r.severity.as_str(), r.summary]);
    }
    writeln!(io.out, "{table}")?;
    writeln!(io.out, "\n`nudge explain CODE` shows a rule's page; `rule CODE off|warning|error` in the journal changes its severity.")?;
    Ok(0)
}

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
    Ok(0)
}
