//! `nudge report`.

use super::{Failure, Io, JournalArgs, Loaded};
use crate::report::table::{Tabular, Tone};
use crate::report::weekly::{self, Report};
use crate::rules;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    /// Tables that fit the terminal
    Table,
    /// Markdown, to paste into an email or a notes app
    Markdown,
    /// CSV: one table, chosen by --section, safe to open in a spreadsheet
    Csv,
    /// The versioned JSON document
    Json,
    /// One self-contained HTML page: a timeline picture above the tables
    Html,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    journal: JournalArgs,
    /// Report on the Monday–Sunday week holding this date [default: this week]
    #[arg(long, value_name = "DATE", value_parser = super::parse_date, conflicts_with_all = ["from", "to"])]
    week: Option<NaiveDate>,
    /// First day of the period (with --to)
    #[arg(long, value_name = "DATE", value_parser = super::parse_date, requires = "to")]
    from: Option<NaiveDate>,
    /// Last day of the period (with --from)
    #[arg(long, value_name = "DATE", value_parser = super::parse_date, requires = "from")]
    to: Option<NaiveDate>,
    /// Only this opportunity (repeatable)
    #[arg(long = "opportunity", value_name = "SLUG")]
    opportunities: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
    /// Write the output to FILE (replaced safely) instead of stdout (`-`: stdout)
    #[arg(long, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// Open the HTML report in the default browser (written to --output, else to a cache file)
    #[arg(long)]
    open: bool,
    /// Which table `--format csv` prints
    #[arg(long, value_enum, default_value = "opportunities")]
    section: Section,
}

/// The one table `report --format csv` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Section {
    /// One row per opportunity: stage, last contact, next action and its window
    Opportunities,
    /// The period's entries
    Activity,
    /// The period's counts
    Counts,
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The opportunities table for CSV: the window as two columns, `earliest,latest` (SPEC §3.6).
fn csv_opportunities(t: &Tabular) -> String {
    let mut out = Tabular::new(vec![
        "opportunity",
        "title",
        "stage",
        "last contact",
        "next action",
        "earliest",
        "latest",
    ]);
    for row in &t.rows {
        let mut row = row.clone();
        let window = row.pop().unwrap_or_default();
        let (a, b) = window.split_once(" → ").unwrap_or(("", ""));
        let (a, b) = (a.to_string(), b.to_string());
        row.push(a);
        row.push(b);
        out.push(row, Tone::Plain);
    }
    out.csv()
}

/// The report's three parts as tables, shared by every text format.
pub fn tables(r: &Report, compact: bool) -> [(&'static str, Tabular); 3] {
    let mut opps = Tabular::new(vec![
        "opportunity",
        "title",
        "stage",
        "last contact",
        "next action",
        "window",
    ]);
    for o in &r.opportunities {
        let window = match (o.next_earliest, o.next_latest) {
            (Some(a), Some(b)) if compact => crate::report::due::window_text(a, b),
            (Some(a), Some(b)) => format!("{a} → {b}"),
            _ => String::new(),
        };
        let tone = if o.stage_tag == crate::report::weekly::Stage::SoftRejection {
            Tone::Urgent
        } else {
            Tone::Plain
        };
        opps.push(
            vec![
                o.opportunity.clone(),
                o.title.clone().unwrap_or_default(),
                o.stage.clone(),
                date(o.last_contact),
                o.next_action.clone().unwrap_or_default(),
                window,
            ],
            tone,
        );
    }
    opps.keep_whole = vec![0, 3, 5];
    let mut act = Tabular::new(vec![
        "date",
        "time",
        "opportunity",
        "kind",
        "planned",
        "detail",
    ]);
    for a in &r.activity {
        act.push(
            vec![
                a.date.to_string(),
                a.time.clone().unwrap_or_default(),
                a.opportunity.clone(),
                a.kind.to_string(),
                if a.planned {
                    "yes".into()
                } else {
                    String::new()
                },
                a.detail.clone(),
            ],
            Tone::Plain,
        );
    }
    let c = &r.counts;
    act.keep_whole = vec![0, 1];
    let mut counts = Tabular::new(vec!["measure", "value"]);
    let opt = |v: Option<f64>, unit: &str| {
        v.map(|v| format!("{v}{unit}"))
            .unwrap_or_else(|| "n/a".into())
    };
    for (k, v) in [
        ("applications", c.applications.to_string()),
        ("interviews", c.interviews.to_string()),
        ("thank-yous", c.thank_yous.to_string()),
        ("check-ins", c.check_ins.to_string()),
        ("replies", c.replies.to_string()),
        ("withdrawals", c.withdrawals.to_string()),
        ("outcomes", c.outcomes.to_string()),
        ("response rate", opt(c.response_rate, "%")),
        ("median days to a reply", opt(c.median_days_to_reply, "")),
        ("policy violations", c.violations.to_string()),
    ] {
        counts.push(vec![k.to_string(), v], Tone::Plain);
    }
    [
        ("Opportunities", opps),
        ("Activity", act),
        ("Counts", counts),
    ]
}

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    version: u32,
    today: NaiveDate,
    #[serde(flatten)]
    report: &'a Report,
}

pub fn run(args: ReportArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let storage = crate::parse::Storage::new();
    let page = matches!(args.format, ReportFormat::Html);
    let loaded = args
        .journal
        .load_or_index(&storage, &args.opportunities, page, args.open)?;
    let today = args.journal.today();
    let (from, to) = match (args.from, args.to) {
        (Some(f), Some(t)) if f > t => {
            return Err(Failure(format!("--from {f} is after --to {t}")))
        }
        (Some(f), Some(t)) => (f, t),
        _ => weekly::week_of(args.week.unwrap_or(today)),
    };
    let (mut diags, parts) = match &loaded {
        Loaded::Whole(journal) => {
            let options = rules::Options {
                focus: Some((from, to)),
                ..rules::Options::default()
            };
            let diags = rules::check(journal, today, &options);
            (diags, weekly::parts(journal, today, from, to))
        }
        Loaded::Streamed(index) => crate::stream::report(index, today, from, to),
    };
    diags.retain(|d| super::keep_opportunity(&args.opportunities, d.opportunity.as_deref()));
    let mut report = parts.finish(&diags);
    report
        .opportunities
        .retain(|o| super::keep_opportunity(&args.opportunities, Some(&o.opportunity)));
    report
        .activity
        .retain(|a| super::keep_opportunity(&args.opportunities, Some(&a.opportunity)));
    let heading = format!("Follow-up report {from} to {to} (as of {today})");
    let json = JsonReport {
        version: 1,
        today,
        report: &report,
    };
    // JSON on stdout is written as it is serialised (tens of MB on a big journal), not
    // gathered in a string first.
    if matches!(args.format, ReportFormat::Json) && on_stdout(args.output.as_deref(), args.open) {
        serde_json::to_writer(&mut *io.out, &json)?;
        io.out.write_all(b"\n")?;
        return Ok(0);
    }
    let text = match args.format {
        ReportFormat::Json => {
            let mut s = serde_json::to_string(&json)?;
            s.push('\n');
            s
        }
        ReportFormat::Html => {
            let picture = crate::report::html::report_picture(loaded.journal(), today, &report);
            let meta = format!(
                "The week's follow-ups from {}.",
                args.journal.path(None).display()
            );
            crate::report::html::page(&heading, &meta, &picture, &tables(&report, false))
        }
        ReportFormat::Csv => {
            let [opps, act, counts] = tables(&report, false);
            match args.section {
                Section::Opportunities => csv_opportunities(&opps.1),
                Section::Activity => act.1.csv(),
                Section::Counts => counts.1.csv(),
            }
        }
        ReportFormat::Markdown => {
            let mut s = format!("# {heading}\n");
            for (name, t) in tables(&report, true) {
                s.push_str(&format!("\n## {name}\n\n"));
                s.push_str(&if t.rows.is_empty() {
                    "_none_\n".to_string()
                } else {
                    t.markdown()
                });
            }
            s
        }
        ReportFormat::Table => {
            let mut s = format!("{heading}\n");
            for (name, t) in tables(&report, true) {
                s.push_str(&format!("\n{name}\n"));
                s.push_str(&if t.rows.is_empty() {
                    "  none\n".to_string()
                } else {
                    t.terminal(io.width, io.color_out)
                });
            }
            s
        }
    };
    emit(&text, args.output.as_deref(), args.open, "report.html", io)?;
    Ok(0)
}

/// Whether [`emit`] prints on stdout: no `--output` (or `--output -`) and no `--open`.
pub(super) fn on_stdout(output: Option<&std::path::Path>, open: bool) -> bool {
    output.is_none_or(|p| p.as_os_str() == "-") && !open
}

/// Print `text` on stdout, or write it to `output` through the safe-write path; with `open`,
/// open the written file in the default browser (written to `cache_name` in nudge's cache
/// directory when no `output` is given, saying where on stderr).
pub(super) fn emit(
    text: &str,
    output: Option<&std::path::Path>,
    open: bool,
    cache_name: &str,
    io: &mut Io<'_>,
) -> Result<(), Failure> {
    // `--output -` is stdout, as `-f -` is stdin.
    let output = output.filter(|p| p.as_os_str() != "-");
    let path = match (output, open) {
        (None, false) => {
            io.out.write_all(text.as_bytes())?;
            return Ok(());
        }
        (Some(p), _) => p.to_path_buf(),
        (None, true) => {
            use etcetera::BaseStrategy;
            let dir = etcetera::choose_base_strategy()
                .map(|b| b.cache_dir())
                .unwrap_or_else(|_| std::env::temp_dir())
                .join("nudge");
            std::fs::create_dir_all(&dir)
                .map_err(|e| Failure(format!("cannot create `{}`: {e}", dir.display())))?;
            let path = dir.join(cache_name);
            crate::fs::write_output(&path, text.as_bytes())?;
            writeln!(
                io.err,
                "nudge: wrote {}",
                super::escape_line(&path.to_string_lossy())
            )?;
            path
        }
    };
    if output.is_some() {
        crate::fs::write_output(&path, text.as_bytes())?;
    }
    if open {
        open_in_browser(&path)?;
    }
    Ok(())
}

/// Open `path` with the platform's opener (`xdg-open`, `open`, `start`). Waits a few seconds
/// for the opener to report failure, never longer: an opener that stays (a browser started in
/// the foreground) is left running.
fn open_in_browser(path: &std::path::Path) -> Result<(), Failure> {
    let (program, pre): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let shown = path.display();
    let mut child = std::process::Command::new(program)
        .args(pre)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| {
            Failure(format!(
                "wrote `{shown}` but cannot open it: `{program}` did not start ({e}); open the file in a browser yourself"
            ))
        })?;
    for _ in 0..100 {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(Failure(format!(
                    "wrote `{shown}` but cannot open it: `{program}` failed ({status}); open the file in a browser yourself"
                )))
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}
