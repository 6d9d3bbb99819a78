//! `nudge fmt`.

use super::{escape_line, Failure, Io, JournalArgs};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The journal file (same as -f); `-` reads stdin and prints the result
    #[arg(value_name = "FILE")]
    file_pos: Option<PathBuf>,
    #[command(flatten)]
    journal: JournalArgs,
    /// Change nothing; exit 1 if the file is not in canonical layout
    #[arg(long, conflicts_with = "diff")]
    check: bool,
    /// Change nothing; print a unified diff of the changes and exit 1 if there are any
    #[arg(long)]
    diff: bool,
}

pub fn run(args: FmtArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let path = args.journal.path(args.file_pos.as_ref());
    let (shown, _, text) = super::read_journal(&path)?;
    let text: &str = &text;
    let formatted = crate::format::format(text);
    let stdin = path == Path::new("-");
    if args.diff {
        if formatted == text {
            return Ok(0);
        }
        let diff = similar::TextDiff::from_lines(text, formatted.as_str());
        let name = escape_line(&shown);
        write!(
            io.out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &format!("b/{name}"))
        )?;
        return Ok(1);
    }
    if formatted == text {
        if stdin && !args.check {
            io.out.write_all(formatted.as_bytes())?;
        } else if !args.check {
            writeln!(io.err, "{} is already formatted", escape_line(&shown))?;
        }
        return Ok(0);
    }
    if args.check {
        writeln!(io.out, "{} would be reformatted", escape_line(&shown))?;
        return Ok(1);
    }
    if stdin {
        io.out.write_all(formatted.as_bytes())?;
        return Ok(0);
    }
    // Formatted again from the text read under the writer's lock: an edit that landed in
    // between is kept.
    crate::fs::update_journal(&path, |current| {
        let new = crate::format::format(current);
        Ok((new != current).then_some(new))
    })?;
    writeln!(io.err, "formatted {}", escape_line(&shown))?;
    Ok(0)
}
