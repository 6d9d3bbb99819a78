//! `nudge fmt`.

use super::{Failure, Io, JournalArgs};
use clap::Args;
use std::io::Write as _;
use std::path::{Path, PathBuf};

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
    write_atomically(&path, formatted.as_bytes()).map_err(|e| {
        Failure(format!(
            "cannot write `{shown}`: {e}; the journal was not changed"
        ))
    })?;
    writeln!(io.err, "formatted {shown}")?;
    Ok(0)
}

/// Write `bytes` to a temporary file beside `path`, then rename it over `path`, keeping the
/// file's permissions. On any error the original file is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "journal".into());
    let tmp = dir.join(format!(".{name}.nudge-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
