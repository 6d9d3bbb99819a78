//! `nudge fmt`.

use super::{Failure, Io, JournalArgs};
use crate::escape::terminal;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The journal file (same as -f)
    #[arg(value_name = "FILE")]
    file_pos: Option<PathBuf>,
    #[command(flatten)]
    journal: JournalArgs,
    /// Change nothing; exit 1 if the file is not in canonical layout
    #[arg(long)]
    check: bool,
}

pub fn run(args: FmtArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let path = args.journal.path(args.file_pos.as_ref());
    let shown = path.to_string_lossy().into_owned();
    let (_, text) = crate::parse::read_file(&path)
        .map_err(|r| Failure(format!("cannot read `{shown}`: it {r}")))?;
    let formatted = crate::format::format(&text);
    let shown = terminal(&shown);
    if formatted == text {
        if !args.check {
            writeln!(io.err, "{shown} is already formatted")?;
        }
        return Ok(0);
    }
    if args.check {
        writeln!(io.out, "{shown} would be reformatted")?;
        return Ok(1);
    }
    // Formatted again from the text read under the writer's lock: an edit that landed in
    // between is kept.
    crate::fs::update_journal(&path, |current| {
        let new = crate::format::format(current);
        Ok((new != current).then_some(new))
    })
    .map_err(|e| Failure(e.to_string()))?;
    writeln!(io.err, "formatted {shown}")?;
    Ok(0)
}
