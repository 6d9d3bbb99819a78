//! `nudge due`.

use super::{Failure, Io, JournalArgs, Loaded};
use crate::report::due::{self, Action, DueOptions, Status};
use crate::report::ics;
use crate::report::table::{Tabular, Tone};
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DueFormat {
    /// A table that fits the terminal
    Table,
    /// A Markdown table
    Markdown,
    /// RFC 4180 CSV, safe to open in a spreadsheet
    Csv,
    /// The versioned JSON document
    Json,
    /// An iCalendar file: one all-day event per action window
    Ics,
    /// One self-contained HTML page: a timeline picture above the table
    Html,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    #[command(flatten)]
    journal: JournalArgs,
    /// List upcoming actions whose window starts within this many days [default: the config's
    /// `within`, else 14]
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=3650))]
    within: Option<u32>,
    /// List every action, however far away
    #[arg(long)]
    all: bool,
    /// Only this opportunity (repeatable)
    #[arg(long = "opportunity", value_name = "SLUG")]
    opportunities: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: DueFormat,
    /// Write the output to FILE (replaced safely) instead of stdout (`-`: stdout)
    #[arg(long, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// Open the HTML page in the default browser (written to --output, else to a cache file)
    #[arg(long)]
    open: bool,
}

/// The due actions as rows for the Markdown and HTML tables (the window in one column).
pub fn tabular(actions: &[Action]) -> Tabular {
    rows(actions, false)
}

/// The CSV table (SPEC §3.6): the window as two columns, `earliest,latest`.
pub fn csv_table(actions: &[Action]) -> Tabular {
    rows(actions, true)
}

/// Every column of the due actions; `split_window` gives the window as `earliest` and
/// `latest` columns instead of one `window` column.
fn rows(actions: &[Action], split_window: bool) -> Tabular {
    let window: &[&'static str] = if split_window {
        &["earliest", "latest"]
    } else {
        &["window"]
    };
    let mut header = vec!["status", "action", "opportunity", "title", "to"];
    header.extend_from_slice(window);
    header.extend(["planned", "what to send"]);
    let mut t = Tabular::new(header);
    for a in actions {
        let mut row = vec![
            a.status.as_str().to_string(),
            a.action.name(),
            a.opportunity.clone(),
            a.title.clone().unwrap_or_default(),
            a.recipient.clone().unwrap_or_default(),
        ];
        if split_window {
            row.extend([a.earliest.to_string(), a.latest.to_string()]);
        } else {
            row.push(format!("{} → {}", a.earliest, a.latest));
        }
        row.extend([
            a.planned.map(|d| d.to_string()).unwrap_or_default(),
            a.action.hint().to_string(),
        ]);
        t.push(row, tone(a));
    }
    t
}

/// How a row stands out on a colour terminal: overdue urgent, due current.
fn tone(a: &Action) -> Tone {
    match a.status {
        Status::Overdue => Tone::Urgent,
        Status::Due => Tone::Current,
        _ => Tone::Plain,
    }
}

/// The terminal table: fewer, denser columns than the Markdown and CSV ones.
fn terminal(actions: &[Action]) -> Tabular {
    let mut t = Tabular::new(vec![
        "status",
        "action",
        "opportunity",
        "title",
        "window",
        "what to send",
    ]);
    t.keep_whole = vec![0, 4];
    for a in actions {
        let tone = tone(a);
        let status = match a.planned {
            Some(d) => format!("planned {}", d.format("%m-%d")),
            None => a.status.as_str().to_string(),
        };
        let action = match &a.recipient {
            Some(r) => format!("{} to {r}", a.action.name()),
            None => a.action.name(),
        };
        t.push(
            vec![
                status,
                action,
                a.opportunity.clone(),
                a.title.clone().unwrap_or_default(),
                due::window_text(a.earliest, a.latest),
                a.action.short_hint().to_string(),
            ],
            tone,
        );
    }
    t
}

pub fn run(args: DueArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let storage = crate::parse::Storage::new();
    let page = matches!(args.format, DueFormat::Html);
    let loaded = args
        .journal
        .load_or_index(&storage, &args.opportunities, page, args.open)?;
    let today = args.journal.today();
    let within = args
        .within
        .or(super::with_context(|c| c.config.within))
        .unwrap_or(14);
    let options = DueOptions {
        today,
        within,
        all: args.all,
    };
    let mut actions = match &loaded {
        Loaded::Whole(journal) => due::due(journal, &options),
        Loaded::Streamed(index) => crate::stream::due(index, &options),
    };
    actions.retain(|a| super::keep_opportunity(&args.opportunities, Some(&a.opportunity)));
    // JSON on stdout is written as it is serialised, not gathered in a string first.
    if matches!(args.format, DueFormat::Json)
        && super::report::on_stdout(args.output.as_deref(), args.open)
    {
        due::write_json(io.out, &actions, today)?;
        return Ok(0);
    }
    let text = match args.format {
        DueFormat::Json => due::json(&actions, today),
        DueFormat::Ics => ics::calendar(&actions, today),
        DueFormat::Html => {
            let picture = crate::report::html::due_picture(loaded.journal(), today, &actions);
            let scope = if args.all {
                "Every action of the open opportunities".to_string()
            } else {
                format!("Actions due or starting within {within} days")
            };
            let meta = format!("{scope}, from {}.", args.journal.path(None).display());
            crate::report::html::page(
                &format!("Due follow-ups as of {today}"),
                &meta,
                &picture,
                &[("Due actions", tabular(&actions))],
            )
        }
        DueFormat::Csv => csv_table(&actions).csv(),
        DueFormat::Markdown if actions.is_empty() => {
            format!("Nothing is due within {} days of {today}.\n", within)
        }
        DueFormat::Markdown => tabular(&actions).markdown(),
        DueFormat::Table if actions.is_empty() => {
            let scope = if args.all {
                String::new()
            } else {
                format!(" within {} days", within)
            };
            format!("Nothing is due{scope} of {today}. Enjoy the quiet.\n")
        }
        DueFormat::Table => terminal(&actions).terminal(io.width, io.color_out),
    };
    super::report::emit(&text, args.output.as_deref(), args.open, "due.html", io)?;
    Ok(0)
}
