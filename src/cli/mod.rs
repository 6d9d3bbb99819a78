//! The command line: the only layer that reads files, reads the clock, prints or exits.

mod check;
mod draft;
mod due;
mod fmt;
mod report;

use crate::model::Journal;
use crate::parse::{self, FsLoader, Storage};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  nudge check -f examples/journal.nudge --today 2026-11-28
  nudge due --within 7
  nudge report --week 2026-11-23 --format markdown
  nudge explain C004";

/// Lint and report on a plain-text job-search follow-up journal.
#[derive(Debug, Parser)]
#[command(name = "nudge", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the journal is and what day it is: shared by every command that reads the journal.
#[derive(Debug, Args, Clone)]
pub struct JournalArgs {
    /// The journal file [default: $NUDGE_FILE, else ./journal.nudge]
    #[arg(short = 'f', long = "file", value_name = "PATH", global = true)]
    pub file: Option<PathBuf>,
    /// The date to judge against, as YYYY-MM-DD [default: the local date]
    #[arg(long, value_name = "DATE", value_parser = parse_date, global = true)]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the journal: syntax, follow-up policy and message tone
    #[command(
        after_help = "Examples:\n  nudge check examples/journal.nudge --today 2026-11-28\n  nudge check --format json --deny warnings\n  nudge check --allow T003,X001\n\nExit status: 0 clean (warnings allowed), 1 errors found (or warnings with --deny warnings), 2 usage error or unreadable journal."
    )]
    Check(check::CheckArgs),
    /// List the actions due: thank-yous, check-ins, withdrawals
    #[command(
        after_help = "Examples:\n  nudge due --today 2026-11-28\n  nudge due --within 7 --format markdown\n  nudge due --all --format json"
    )]
    Due(due::DueArgs),
    /// Weekly status report: opportunities, the week's activity, counts
    #[command(
        after_help = "Examples:\n  nudge report --week 2026-11-23\n  nudge report --from 2026-11-01 --to 2026-11-30 --format csv"
    )]
    Report(report::ReportArgs),
    /// List every rule with its code, name and default severity
    #[command(after_help = "Example:\n  nudge rules")]
    Rules,
    /// Explain one rule: what it does, why, a bad and a good example
    #[command(after_help = "Examples:\n  nudge explain C004\n  nudge explain missing-value-add")]
    Explain {
        /// A rule code (C004) or name (missing-value-add)
        rule: String,
    },
    /// Draft the next message due for an opportunity (and optionally add it as a planned entry)
    #[command(
        after_help = "Examples:\n  nudge draft acme-sre\n  nudge draft acme-sre --append --today 2026-11-28"
    )]
    Draft(draft::DraftArgs),
    /// Rewrite the journal in canonical layout, keeping every comment and value
    #[command(after_help = "Examples:\n  nudge fmt journal.nudge\n  nudge fmt --check")]
    Fmt(fmt::FmtArgs),
    /// Run the editor server: the Language Server Protocol over stdio (SPEC §5)
    #[command(
        after_help = "Editors start it themselves; see editors/ for Neovim, Helix, Emacs and VS Code.\nNothing but the protocol goes to stdout; logs go to stderr."
    )]
    Lsp {
        /// How much to log on stderr
        #[arg(long, value_enum, default_value = "error", value_name = "LEVEL")]
        log_level: crate::lsp::LogLevel,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("`{s}` is not a date in YYYY-MM-DD form, e.g. 2026-11-28"))
}

/// A failure that ends the command with exit status 2 and one line on stderr.
#[derive(Debug)]
pub struct Failure(pub String);

impl<T: std::fmt::Display> From<T> for Failure {
    fn from(value: T) -> Self {
        Failure(value.to_string())
    }
}

/// Output streams and terminal facts, so commands can be tested.
pub struct Io<'o> {
    pub out: &'o mut dyn Write,
    pub err: &'o mut dyn Write,
    /// Whether stdout / stderr are colour terminals (and NO_COLOR is unset).
    pub color_out: bool,
    pub color_err: bool,
    pub width: usize,
}

/// Run nudge with these arguments; returns the exit status.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    // The editor server owns stdout (the protocol) from here on.
    if let Command::Lsp { log_level } = cli.command {
        return crate::lsp::run_stdio(log_level);
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let color_out = !no_color && stdout.is_terminal();
    let color_err = !no_color && stderr.is_terminal();
    let width = terminal_width();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        color_out,
        color_err,
        width,
    };
    let status = match dispatch(cli, &mut io) {
        Ok(code) => code,
        // A reader that stopped reading (`nudge due | head`) is not an error.
        Err(Failure(message)) if message.starts_with("Broken pipe") => 0,
        Err(Failure(message)) => {
            let _ = io.out.flush();
            let _ = writeln!(io.err, "nudge: error: {message}");
            2
        }
    };
    let _ = io.out.flush();
    status
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w: &usize| *w >= 40)
        .or_else(|| comfy_table::Table::new().width().map(usize::from))
        .unwrap_or(100)
}

fn dispatch(cli: Cli, io: &mut Io<'_>) -> Result<i32, Failure> {
    match cli.command {
        Command::Check(args) => check::run(args, io),
        Command::Due(args) => due::run(args, io),
        Command::Report(args) => report::run(args, io),
        Command::Rules => check::rules(io),
        Command::Explain { rule } => check::explain(&rule, io),
        Command::Fmt(args) => fmt::run(args, io),
        Command::Draft(args) => draft::run(args, io),
        Command::Lsp { log_level } => Ok(crate::lsp::run_stdio(log_level)),
    }
}

impl JournalArgs {
    /// The journal path: `-f`, else `$NUDGE_FILE`, else `./journal.nudge`.
    pub fn path(&self, positional: Option<&PathBuf>) -> PathBuf {
        positional
            .or(self.file.as_ref())
            .cloned()
            .or_else(|| {
                std::env::var_os("NUDGE_FILE")
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .unwrap_or_else(|| PathBuf::from("journal.nudge"))
    }

    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// Read and parse the journal at `path` with its includes.
pub fn load<'a>(storage: &'a Storage, path: &std::path::Path) -> Result<Journal<'a>, Failure> {
    let shown = path.to_string_lossy().into_owned();
    let (identity, text) = parse::read_file(path).map_err(|reason| {
        let hint = if reason == "does not exist" {
            " (pass the journal with -f PATH or set NUDGE_FILE)"
        } else {
            ""
        };
        Failure(format!("cannot read `{shown}`: it {reason}{hint}"))
    })?;
    let text: &'a str = storage.text(text);
    Ok(parse::parse_with(
        storage,
        &mut FsLoader,
        &shown,
        identity,
        text,
    ))
}
