//! `nudge ls` (SPEC §3.4): one line per opportunity.

use super::{check_slugs, keep_opportunity, Failure, Io, JournalArgs};
use crate::report::table::{Tabular, Tone};
use crate::report::weekly::Status;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LsFormat {
    /// A table that fits the terminal
    Table,
    /// `{"version":1,"today":…,"opportunities":[…]}`
    Json,
}

#[derive(Debug, Args)]
pub struct LsArgs {
    #[command(flatten)]
    journal: JournalArgs,
    /// Include closed opportunities (withdrawn or with an outcome)
    #[arg(long)]
    all: bool,
    /// Only this opportunity (repeatable)
    #[arg(long = "opportunity", value_name = "SLUG")]
    opportunities: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: LsFormat,
}

#[derive(serde::Serialize)]
struct JsonLs<'a> {
    version: u32,
    today: NaiveDate,
    opportunities: &'a [Status],
}

pub fn run(args: LsArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    check_slugs(&args.opportunities)?;
    let storage = crate::parse::Storage::new();
    let index = super::index(&storage, &args.journal.path(None))?;
    super::known_slugs(&index.slugs, &args.opportunities)?;
    let today = args.journal.today();
    let (report, closed) = crate::stream::ls(&index, today);
    let closed: Vec<&str> = closed.iter().map(String::as_str).collect();
    let rows: Vec<Status> = report
        .opportunities
        .into_iter()
        .filter(|o| args.all || closed.binary_search(&o.opportunity.as_str()).is_err())
        .filter(|o| keep_opportunity(&args.opportunities, Some(&o.opportunity)))
        .collect();
    match args.format {
        LsFormat::Json => {
            let doc = JsonLs {
                version: 1,
                today,
                opportunities: &rows,
            };
            serde_json::to_writer(&mut *io.out, &doc)?;
            writeln!(io.out)?;
        }
        LsFormat::Table if rows.is_empty() => {
            let hint = if args.all || closed.is_empty() {
                "start one with `nudge add interview SLUG \"TITLE\"`"
            } else {
                "closed ones are hidden; `nudge ls --all` shows them"
            };
            writeln!(io.out, "No opportunities: {hint}.")?;
        }
        LsFormat::Table => {
            let mut table = Tabular::new(vec![
                "opportunity",
                "title",
                "stage",
                "last contact",
                "next action",
                "window",
            ]);
            for o in &rows {
                let window = match (o.next_earliest, o.next_latest) {
                    (Some(a), Some(b)) => crate::report::due::window_text(a, b),
                    _ => String::new(),
                };
                table.push(
                    vec![
                        o.opportunity.clone(),
                        o.title.clone().unwrap_or_default(),
                        o.stage.clone(),
                        o.last_contact.map(|d| d.to_string()).unwrap_or_default(),
                        o.next_action.clone().unwrap_or_default(),
                        window,
                    ],
                    Tone::Plain,
                );
            }
            table.keep_whole = vec![0, 3, 5];
            io.out
                .write_all(table.terminal(io.width, io.color_out).as_bytes())?;
        }
    }
    Ok(0)
}
