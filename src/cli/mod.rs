//! The command line: the only layer that reads files, reads the clock, prints or exits.
//!
//! Options every command shares (SPEC §3.5) live on [`GlobalArgs`], declared `global` so they
//! go before or after the command name. The commands read them through [`JournalArgs`], a
//! handle on the run's [`Context`].

mod add;
mod check;
mod completions;
pub mod config;
mod draft;
mod due;
mod fmt;
mod init;
mod ls;
mod report;
mod sent;

use crate::model::Journal;
use crate::parse::{self, FsLoader, Storage};
use chrono::NaiveDate;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::cell::RefCell;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  nudge init
  nudge add check-in acme-sre --to 'Jane Doe' --value https://example.org/post
  nudge check -f examples/journal.nudge --today 2026-11-28
  nudge -f journal.nudge due --within 7
  nudge report --week 2026-11-23 --format markdown
  nudge explain C004

Journal: -f PATH, else $NUDGE_FILE, else journal.nudge in this directory or the nearest parent,
else the `journal` key of the config file ($XDG_CONFIG_HOME/nudge/config.toml, else
~/.config/nudge/config.toml; keys journal, name, signature, within, color).

Attribute `via:` values: email, phone, linkedin, in-person, other.

Exit status: 0 success, 1 findings (check), changes (fmt --check/--diff), 2 usage error or
unreadable input.";

/// Lint and report on a plain-text job-search follow-up journal.
#[derive(Debug, Parser)]
#[command(name = "nudge", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// Colour on a terminal whose TERM is not `dumb`, unless NO_COLOR is set
    #[default]
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// Options every command takes, before or after the command name (SPEC §3.5).
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// The journal file; `-` reads it from stdin [default: $NUDGE_FILE, else journal.nudge in
    /// this directory or the nearest parent, else the config file's `journal`]
    #[arg(short = 'f', long = "file", value_name = "PATH", global = true)]
    file: Option<PathBuf>,
    /// The date to judge against, as YYYY-MM-DD [default: the local date]
    #[arg(long, value_name = "DATE", value_parser = parse_date, global = true)]
    today: Option<NaiveDate>,
    /// The name shown for a journal read from stdin (default `<stdin>`); its includes are read
    /// relative to this name's directory
    #[arg(long, value_name = "NAME", global = true)]
    stdin_filename: Option<String>,
    /// When to use colour [default: the config's `color`, else auto]
    #[arg(long, value_enum, value_name = "WHEN", global = true)]
    color: Option<ColorChoice>,
    /// Print nothing; only the exit status tells. Errors about the invocation still go to stderr
    #[arg(short, long, global = true)]
    quiet: bool,
}

/// The journal and the date a command works with. Kept as a field of each command's arguments;
/// it reads the options shared by every command (`-f`, `--today`, `--stdin-filename`) from the
/// run's context.
#[derive(Debug, Args, Clone, Default)]
pub struct JournalArgs {
    #[arg(skip)]
    _shared: (),
}

// Parsed once per run: the size of the largest variant (`add`) costs nothing worth boxing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Check the journal: syntax, follow-up policy and message tone
    #[command(
        after_help = "Examples:\n  nudge check examples/journal.nudge --today 2026-11-28\n  nudge check --format concise --deny warnings\n  nudge check --format sarif > nudge.sarif\n  nudge check --allow T003,X001\n  cat journal.nudge | nudge check -\n\nExit status: 0 clean (warnings allowed), 1 errors found (or warnings with --deny warnings), 2 usage error or unreadable journal."
    )]
    Check(check::CheckArgs),
    /// List the actions due: thank-yous, check-ins, withdrawals
    #[command(
        after_help = "Examples:\n  nudge due --today 2026-11-28\n  nudge due --within 7 --format markdown\n  nudge due --all --format json\n  nudge due --opportunity acme-sre"
    )]
    Due(due::DueArgs),
    /// Weekly status report: opportunities, the week's activity, counts
    #[command(
        after_help = "Examples:\n  nudge report --week 2026-11-23\n  nudge report --from 2026-11-01 --to 2026-11-30 --format csv"
    )]
    Report(report::ReportArgs),
    /// One line per opportunity: stage, last contact, next action
    #[command(after_help = "Examples:\n  nudge ls\n  nudge ls --all --format json")]
    Ls(ls::LsArgs),
    /// Start a journal: a commented starter file with the default policies spelled out
    #[command(after_help = "Examples:\n  nudge init\n  nudge init ~/jobs/journal.nudge")]
    Init(init::InitArgs),
    /// Add an entry to the journal without opening an editor
    #[command(
        after_help = "Examples:\n  nudge add interview acme-sre \"Acme Corp — Senior SRE\" --time 10:00 --with 'Jane Doe <jane@acme.example>' --expect 2026-11-09\n  nudge add thank-you acme-sre --to 'Jane Doe' --ref 'the NATS migration' --message note.txt\n  nudge add check-in acme-sre --planned --date 2026-12-01\n\nAttribute `via:` values: email, phone, linkedin, in-person, other."
    )]
    Add(add::AddArgs),
    /// List every rule with its code, name and default severity
    #[command(after_help = "Examples:\n  nudge rules\n  nudge rules --format json")]
    Rules(check::RulesArgs),
    /// Explain one rule: what it does, why, a bad and a good example
    #[command(after_help = "Examples:\n  nudge explain C004\n  nudge explain missing-value-add")]
    Explain {
        /// A rule code (C004) or name (missing-value-add)
        rule: String,
    },
    /// Draft the next message due for an opportunity (and optionally add it as a planned entry)
    #[command(
        after_help = "Examples:\n  nudge draft acme-sre\n  nudge draft acme-sre --append --today 2026-11-28\n\nThe config file's `name` and `signature` sign the drafts."
    )]
    Draft(draft::DraftArgs),
    /// Record that the earliest planned (`!`) entry of an opportunity went out
    #[command(
        after_help = "Examples:\n  nudge sent acme-sre\n  nudge sent acme-sre --date 2026-11-27\n\nExit status: 0 recorded (its findings, if any, are shown as a reminder), 2 no planned entry or unreadable journal."
    )]
    Sent(sent::SentArgs),
    /// Rewrite the journal in canonical layout, keeping every comment and value
    #[command(
        after_help = "Examples:\n  nudge fmt journal.nudge\n  nudge fmt --check\n  nudge fmt --diff"
    )]
    Fmt(fmt::FmtArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  nudge completions bash > ~/.local/share/bash-completion/completions/nudge\n  nudge completions zsh > ~/.zfunc/_nudge\n  nudge completions fish > ~/.config/fish/completions/nudge.fish"
    )]
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff)
    #[command(after_help = "Example:\n  nudge man | man -l -")]
    Man,
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

/// Parse a `YYYY-MM-DD` date, saying precisely what is wrong with a bad one.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err("not a date in YYYY-MM-DD form, e.g. 2026-11-28".to_string());
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (num(0..4) as i32, num(5..7), num(8..10));
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month} (months are 01 to 12)"));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let days = NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|first| {
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                }?;
                Some(next.signed_duration_since(first).num_days())
            })
            .unwrap_or(31);
        let name = NaiveDate::from_ymd_opt(year, month, 1)
            .map(|d| d.format("%B %Y").to_string())
            .unwrap_or_default();
        format!("there is no day {day} in {name}, which has {days} days")
    })
}

/// Why a command could not do its work. The exit status follows the kind, never the text:
/// every error is exit 2 (a usage error or unreadable input), except a closed stdout pipe,
/// recognised by [`std::io::ErrorKind::BrokenPipe`], which keeps the status the command had
/// reached. Findings (exit 1) are not errors: a command returns them as its status.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input or a refused action: one line on stderr, exit 2.
    #[error("{0}")]
    Message(String),
    /// The journal (or a file named like one) cannot be read: exit 2. A missing journal says
    /// how to start one.
    #[error("cannot read `{}`: it {}{}", shown_path(&.0.path), .0.kind, start_hint(.0))]
    Read(#[from] parse::ReadError),
    /// Reading or writing a stream failed: exit 2, except a closed pipe (exit as if read).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The config file is unusable: exit 2.
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    /// Writing the journal failed or was refused: exit 2.
    #[error(transparent)]
    Write(#[from] crate::fs::WriteError),
}

/// The commands' name for [`Error`]: what `Result<i32, Failure>` fails with.
pub type Failure = Error;

/// `Failure(message)`: a failure with this one-line message (exit 2).
#[allow(non_snake_case)]
pub fn Failure(message: impl Into<String>) -> Error {
    Error::Message(message.into())
}

/// After "does not exist": how to start the journal that is not there.
fn start_hint(e: &parse::ReadError) -> String {
    match e.kind {
        parse::ReadErrorKind::NotFound => format!(
            " (start one with `nudge init {}`, or pass -f PATH)",
            shown_path(&e.path)
        ),
        _ => String::new(),
    }
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error::Message(message)
    }
}
impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        match e.io_error_kind() {
            // The system's error as it was (its words and code), not only its kind.
            Some(_) => Error::Io(e.into()),
            None => Error::Message(e.to_string()),
        }
    }
}
impl From<std::fmt::Error> for Error {
    fn from(_: std::fmt::Error) -> Self {
        Error::Message("cannot format the output".into())
    }
}

impl Error {
    /// Whether a reader stopped reading (`nudge due | head`): not an error, nothing to say.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The exit status this failure ends the run with: 2, except for a closed pipe, which
    /// keeps the status the command had reached.
    pub fn exit_status(&self, status_so_far: i32) -> i32 {
        if self.is_closed_pipe() {
            status_so_far
        } else {
            2
        }
    }
}

/// Output streams and terminal facts, so commands can be tested.
pub struct Io<'o> {
    pub out: &'o mut dyn Write,
    pub err: &'o mut dyn Write,
    /// Whether stdout / stderr get colour (decided for each stream, SPEC §3.5).
    pub color_out: bool,
    pub color_err: bool,
    /// The width terminal tables fit (SPEC §3.5).
    pub width: usize,
}

/// What the run knows beyond a command's own arguments: the shared options and the config.
#[derive(Debug, Default)]
pub struct Context {
    pub file: Option<PathBuf>,
    pub today: Option<NaiveDate>,
    pub stdin_filename: Option<String>,
    pub config: config::Config,
}

thread_local! {
    static CONTEXT: RefCell<Context> = RefCell::new(Context::default());
}

/// Read something from the run's context.
pub fn with_context<T>(f: impl FnOnce(&Context) -> T) -> T {
    CONTEXT.with(|c| f(&c.borrow()))
}

/// Run nudge with these arguments; returns the exit status.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let mut stderr = std::io::stderr();
    let mut matches = match Cli::command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => return clap_error(e, &mut stderr),
    };
    if let Some(message) = conflicts(&matches) {
        let _ = writeln!(stderr, "nudge: error: {message}");
        return 2;
    }
    let cli = match Cli::from_arg_matches_mut(&mut matches) {
        Ok(cli) => cli,
        Err(e) => return clap_error(e, &mut stderr),
    };
    let config = match config::load() {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(
                stderr,
                "nudge: error: {}",
                crate::cli::escape_line(&e.to_string())
            );
            return 2;
        }
    };
    // The editor server owns stdout (the protocol) from here on.
    if let Command::Lsp { log_level } = cli.command {
        return crate::lsp::run_stdio(log_level);
    }
    let choice = cli.global.color.or(config.color).unwrap_or_default();
    let stdout = std::io::stdout();
    let color_out = use_color(choice, stdout.is_terminal());
    let color_err = use_color(choice, stderr.is_terminal());
    let width = terminal_width();
    let quiet = cli.global.quiet;
    CONTEXT.with(|c| {
        *c.borrow_mut() = Context {
            file: cli.global.file.clone(),
            today: cli.global.today,
            stdin_filename: cli.global.stdin_filename.clone(),
            config,
        }
    });
    let mut sink_out = std::io::sink();
    let mut sink_err = std::io::sink();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err_lock = std::io::stderr();
    let (result, flushed) = {
        let mut io = if quiet {
            Io {
                out: &mut sink_out,
                err: &mut sink_err,
                color_out: false,
                color_err: false,
                width,
            }
        } else {
            Io {
                out: &mut out,
                err: &mut err_lock,
                color_out,
                color_err,
                width,
            }
        };
        let result = dispatch(cli.command, &mut io);
        let flushed = io.out.flush();
        (result, flushed)
    };
    let flushed = flushed.and_then(|()| out.flush());
    match (result, flushed) {
        (Ok(code), Ok(())) => code,
        (Ok(code), Err(e)) => {
            let e = Error::Io(e);
            if !e.is_closed_pipe() {
                let _ = writeln!(stderr, "nudge: error: {}", escape_line(&e.to_string()));
            }
            e.exit_status(code)
        }
        (Err(f), _) if f.is_closed_pipe() => 0,
        (Err(f), _) => {
            let _ = writeln!(stderr, "nudge: error: {}", escape_line(&f.to_string()));
            2
        }
    }
}

/// A clap error as one line on stderr (exit 2), or help and version on stdout (exit 0).
fn clap_error(e: clap::Error, stderr: &mut dyn Write) -> i32 {
    if !e.use_stderr() {
        let text = e.render().to_string();
        let mut out = std::io::stdout();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
        return 0;
    }
    let text = e.render().to_string();
    let line = text
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:"))
        .filter(|l| !l.is_empty() && !l.starts_with("tip:") && !l.starts_with("For more"))
        .collect::<Vec<_>>()
        .join(" ");
    let line = line.strip_prefix("error: ").unwrap_or(&line);
    let _ = writeln!(
        stderr,
        "nudge: error: {} (see `nudge --help`)",
        escape_line(line)
    );
    2
}

/// Flags that make no sense together, as one message (SPEC §3.5; decisions in the README).
fn conflicts(matches: &clap::ArgMatches) -> Option<String> {
    let (_, sub) = matches.subcommand()?;
    let given = |id: &str| {
        sub.try_contains_id(id).unwrap_or(false)
            && sub.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
    };
    let dash = |id: &str| {
        sub.try_get_one::<PathBuf>(id)
            .ok()
            .flatten()
            .map(PathBuf::as_path)
            == Some(Path::new("-"))
    };
    if given("stdin_filename") && !dash("file") && !dash("file_pos") {
        return Some("--stdin-filename names a journal read from stdin: use it with `-f -`".into());
    }
    None
}

/// Whether a stream gets colour: `always`, `never`, or (auto) a terminal whose `TERM` is not
/// `dumb` while `NO_COLOR` is unset or empty.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_color(
            is_terminal,
            std::env::var_os("NO_COLOR"),
            std::env::var_os("TERM"),
        ),
    }
}

/// `--color auto` for a stream, given the environment's `NO_COLOR` and `TERM`.
fn auto_color(
    is_terminal: bool,
    no_color: Option<std::ffi::OsString>,
    term: Option<std::ffi::OsString>,
) -> bool {
    let no_color = no_color.is_some_and(|v| !v.is_empty());
    let dumb = term.is_some_and(|t| t == "dumb");
    is_terminal && !no_color && !dumb
}

/// `COLUMNS` when it is a positive number, else the terminal's width, else 80.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
        .or_else(|| {
            comfy_table::Table::new()
                .width()
                .map(usize::from)
                .filter(|w| *w > 0)
        })
        .unwrap_or(80)
}

fn dispatch(command: Command, io: &mut Io<'_>) -> Result<i32, Failure> {
    match command {
        Command::Check(args) => check::run(args, io),
        Command::Due(args) => due::run(args, io),
        Command::Report(args) => report::run(args, io),
        Command::Ls(args) => ls::run(args, io),
        Command::Init(args) => init::run(args, io),
        Command::Add(args) => add::run(args, io),
        Command::Rules(args) => check::rules(args, io),
        Command::Explain { rule } => check::explain(&rule, io),
        Command::Fmt(args) => fmt::run(args, io),
        Command::Draft(args) => draft::run(args, io),
        Command::Sent(args) => sent::run(args, io),
        Command::Completions(args) => completions::run(args, io),
        Command::Man => completions::man(io),
        Command::Lsp { log_level } => Ok(crate::lsp::run_stdio(log_level)),
    }
}

/// The clap command tree, for completions and the man page.
pub fn command() -> clap::Command {
    Cli::command()
}

/// A path as shown to people: lossy UTF-8, control characters escaped.
pub fn shown_path(path: &Path) -> String {
    escape_line(&path.to_string_lossy())
}

/// Text for one terminal line: control characters other than tab, and bidirectional
/// overrides, shown as `\u{..}` escapes (SPEC §4.1).
pub fn escape_line(text: &str) -> String {
    crate::render::concise::escape_terminal(text)
}

impl JournalArgs {
    /// The start `due` and `report` share: check the `--opportunity` slugs (`opportunities`) and
    /// that `--open` (`open`) comes with the HTML page (`page`), then read the journal with its
    /// includes: whole for the page, which draws every entry; else its index, as the other
    /// formats stream. Refuses `--opportunity` slugs that no entry names.
    pub fn load_or_index<'a>(
        &self,
        storage: &'a Storage,
        opportunities: &[String],
        page: bool,
        open: bool,
    ) -> Result<Loaded<'a>, Failure> {
        check_slugs(opportunities)?;
        if open && !page {
            return Err(Failure("--open needs --format html".to_string()));
        }
        let path = self.path(None);
        if page {
            let journal = load(storage, &path)?;
            known_opportunities(&journal, opportunities)?;
            Ok(Loaded::Whole(journal))
        } else {
            let index = index(storage, &path)?;
            known_slugs(&index.slugs, opportunities)?;
            Ok(Loaded::Streamed(index))
        }
    }

    /// The journal path: `positional`, else `-f`, else `$NUDGE_FILE`, else `journal.nudge` in
    /// the current directory or the nearest parent, else the config file's `journal`. When none
    /// is found, `journal.nudge` (which [`load`] reports with the places it looked).
    pub fn path(&self, positional: Option<&PathBuf>) -> PathBuf {
        if let Some(p) = positional {
            return p.clone();
        }
        discover().unwrap_or_else(|_| PathBuf::from(NOT_FOUND))
    }

    /// `--today`, else the local date.
    pub fn today(&self) -> NaiveDate {
        with_context(|c| c.today).unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// The placeholder path [`JournalArgs::path`] gives when no journal was found.
const NOT_FOUND: &str = "journal.nudge";

/// Find the journal (SPEC §3.5), or say where nudge looked.
pub fn discover() -> Result<PathBuf, String> {
    if let Some(f) = with_context(|c| c.file.clone()) {
        return Ok(f);
    }
    if let Some(f) = std::env::var_os("NUDGE_FILE").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(f));
    }
    let cwd = std::env::current_dir().ok();
    if let Some(cwd) = &cwd {
        let mut relative = PathBuf::new();
        for dir in cwd.ancestors() {
            if dir.join(NOT_FOUND).is_file() {
                return Ok(relative.join(NOT_FOUND));
            }
            relative.push("..");
        }
    }
    if let Some(j) = with_context(|c| c.config.journal.clone()) {
        return Ok(j);
    }
    let config = with_context(|c| c.config.path.clone())
        .or_else(config::config_path)
        .map(|p| shown_path(&p))
        .unwrap_or_else(|| "~/.config/nudge/config.toml".into());
    let tried: Vec<String> = cwd
        .iter()
        .flat_map(|c| c.ancestors())
        .map(|d| shown_path(&d.join(NOT_FOUND)))
        .collect();
    let tried = if tried.is_empty() {
        NOT_FOUND.to_string()
    } else {
        tried.join(", ")
    };
    Err(format!(
        "no journal found: tried -f (not given), $NUDGE_FILE (not set), {tried}, and the `journal` key of {config} (none); start one with `nudge init`, or pass -f PATH"
    ))
}

/// Read the journal's text: `-` is stdin (shown as `<stdin>` or `--stdin-filename`).
/// Returns the name to show, the identity for include cycles, and the text. A missing
/// `journal.nudge` that discovery fell back to says where nudge looked.
pub fn read_journal(path: &Path) -> Result<(String, PathBuf, parse::Text), Failure> {
    if path == Path::new("-") {
        let name = with_context(|c| c.stdin_filename.clone()).unwrap_or_else(|| "<stdin>".into());
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(parse::MAX_FILE)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure(format!("cannot read the journal from stdin: {e}")))?;
        let text =
            parse::decode(bytes).map_err(|kind| parse::ReadError::new(Path::new(&name), kind))?;
        let identity = std::env::current_dir().unwrap_or_default().join(&name);
        return Ok((name, identity, parse::Text::Read(text)));
    }
    let (identity, text) = parse::read_text(path).map_err(|e| {
        let fell_back =
            matches!(e.kind, parse::ReadErrorKind::NotFound) && path == Path::new(NOT_FOUND);
        match fell_back.then(discover) {
            Some(Err(nowhere)) => Failure(nowhere),
            _ => Error::Read(e),
        }
    })?;
    Ok((path.to_string_lossy().into_owned(), identity, text))
}

/// Read and parse the journal at `path` (`-`: stdin) with its includes.
pub fn load<'a>(storage: &'a Storage, path: &Path) -> Result<Journal<'a>, Failure> {
    let (shown, identity, text) = read_journal(path)?;
    let text: &'a str = storage.keep(text);
    Ok(parse::parse_with(
        storage,
        &mut FsLoader,
        &shown,
        identity,
        text,
    ))
}

/// Read the journal at `path` (`-`: stdin) with its includes for the streaming path: its
/// index (pass 1 of [`crate::stream`]).
pub fn index<'a>(storage: &'a Storage, path: &Path) -> Result<crate::stream::Index<'a>, Failure> {
    let (shown, identity, text) = read_journal(path)?;
    let text: &'a str = storage.keep(text);
    Ok(parse::index_with(
        storage,
        &mut FsLoader,
        &shown,
        identity,
        text,
    ))
}

/// A journal as a command reads it: parsed whole, or indexed for the streaming path
/// ([`crate::stream`]), which needs far less memory on a big journal.
pub enum Loaded<'a> {
    /// The whole model, every entry built.
    Whole(Journal<'a>),
    /// Pass 1 of the streaming path: entries are parsed again, a chunk at a time, when judged.
    Streamed(crate::stream::Index<'a>),
}

impl<'a> Loaded<'a> {
    /// The journal parsed whole, or an empty one when streamed: an output that draws the
    /// journal asks [`JournalArgs::load_or_index`] for it whole.
    pub fn journal(&self) -> &Journal<'a> {
        static EMPTY: Journal<'static> = Journal {
            sources: crate::model::SourceMap { files: Vec::new() },
            entries: Vec::new(),
            directives: Vec::new(),
            diagnostics: Vec::new(),
        };
        match self {
            Loaded::Whole(journal) => journal,
            Loaded::Streamed(_) => &EMPTY,
        }
    }
}

/// Keep only what `--opportunity` asks for: values whose opportunity is one of `slugs`, and
/// those tied to no opportunity. No slugs: everything.
pub fn keep_opportunity(slugs: &[String], opportunity: Option<&str>) -> bool {
    slugs.is_empty() || opportunity.is_none_or(|o| slugs.iter().any(|s| s == o))
}

/// Refuse `--opportunity` slugs that no entry of the journal names, suggesting the closest.
pub fn known_opportunities(journal: &Journal<'_>, slugs: &[String]) -> Result<(), Failure> {
    if slugs.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = journal.entries.iter().map(|e| e.opportunity).collect();
    known_slugs(&names, slugs)
}

/// [`known_opportunities`] against the slugs `names` (an entry's each, or each once).
pub fn known_slugs(names: &[&str], slugs: &[String]) -> Result<(), Failure> {
    for s in slugs {
        if !names.contains(&s.as_str()) {
            let mut names = names.to_vec();
            names.sort_unstable();
            names.dedup();
            let mean = crate::suggest::did_you_mean(s, names);
            return Err(Failure(format!(
                "--opportunity: no entry of the journal names `{}`{mean}",
                escape_line(s)
            )));
        }
    }
    Ok(())
}

/// Check `--opportunity` values are slugs (`[a-z0-9][a-z0-9._-]*`).
pub fn check_slugs(slugs: &[String]) -> Result<(), Failure> {
    for s in slugs {
        if !is_slug(s) {
            return Err(Failure(format!(
                "--opportunity: `{}` is not a slug (lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit)",
                escape_line(s)
            )));
        }
    }
    Ok(())
}

/// Whether `s` is an opportunity slug: `[a-z0-9][a-z0-9._-]*`.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_say_precisely_what_is_wrong() {
        assert!(parse_date("2026-13-01")
            .unwrap_err()
            .contains("no month 13"));
        assert!(parse_date("2026-02-30")
            .unwrap_err()
            .contains("no day 30 in February 2026, which has 28 days"));
        assert!(parse_date("tomorrow").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(
            parse_date("2026-11-28"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap())
        );
    }

    #[test]
    fn colour_is_decided_per_stream() {
        assert!(use_color(ColorChoice::Always, false));
        assert!(!use_color(ColorChoice::Never, true));
        assert!(!use_color(ColorChoice::Auto, false));
        let os = |s: &str| Some(std::ffi::OsString::from(s));
        assert!(auto_color(true, None, os("xterm-256color")));
        assert!(auto_color(true, os(""), None), "an empty NO_COLOR is unset");
        assert!(!auto_color(true, os("1"), os("xterm")));
        assert!(!auto_color(true, None, os("dumb")));
        assert!(!auto_color(false, None, os("xterm")));
    }

    #[test]
    fn exit_status_follows_the_error_kind_not_its_text() {
        let pipe = Error::Io(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(pipe.is_closed_pipe());
        assert_eq!(pipe.exit_status(1), 1);
        // A message that merely reads like a closed pipe is an error.
        assert!(!Failure("Broken pipe (os error 32)").is_closed_pipe());
        assert_eq!(Failure("Broken pipe (os error 32)").exit_status(1), 2);
        let missing = parse::ReadError::new(Path::new("j.nudge"), parse::ReadErrorKind::NotFound);
        assert_eq!(
            Error::from(missing).to_string(),
            "cannot read `j.nudge`: it does not exist (start one with `nudge init j.nudge`, or pass -f PATH)"
        );
        let dir = parse::ReadError::new(Path::new("d"), parse::ReadErrorKind::IsDirectory);
        assert_eq!(
            Error::from(dir).to_string(),
            "cannot read `d`: it is a directory, not a file"
        );
    }

    #[test]
    fn slugs() {
        assert!(is_slug("acme-sre.2"));
        assert!(!is_slug("Acme"));
        assert!(!is_slug("-x"));
        assert!(!is_slug(""));
    }
}
