//! The one place where nudge writes files (SPEC §4). Every writing command — `fmt`,
//! `draft --append`, `add`, `sent`, `init`, `check --add-allow`, `--output` — goes through
//! [`update_journal`], [`create_new`] or [`write_output`], so a fix here lands everywhere.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a write did not happen. The journal is unchanged in every case.
#[derive(Debug)]
pub enum WriteError {
    /// The edit itself refused (e.g. the new text does not parse); the message says why.
    Refused(String),
    /// The file system said no.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Refused(message) => f.write_str(message),
            WriteError::Io { path, source } => write!(
                f,
                "cannot write `{}`: {source}; the file was not changed",
                path.display()
            ),
        }
    }
}

impl std::error::Error for WriteError {}

/// Read-modify-write the journal at `path`: `edit` gets the journal's current text and returns
/// the new text (`None`: nothing to write). The text handed to `edit` is read under the writer's
/// lock, so concurrent nudge writers are serialised and both edits land.
///
/// Returns whether anything was written. Errors: [`WriteError::Refused`] with `edit`'s own
/// message, or [`WriteError::Io`].
pub fn update_journal(
    path: &Path,
    edit: impl FnOnce(&str) -> Result<Option<String>, String>,
) -> Result<bool, WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let text = std::fs::read_to_string(path).map_err(io)?;
    match edit(&text).map_err(WriteError::Refused)? {
        None => Ok(false),
        Some(new) => {
            write_atomically(path, new.as_bytes()).map_err(io)?;
            Ok(true)
        }
    }
}

/// Create `path` with `text`, exclusively (never over an existing file or link), mode 0600.
pub fn create_new(path: &Path, text: &str) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io)?;
    f.write_all(text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)
}

/// Write an output file (`--output FILE`): replaced whole and atomically, or created.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically(path, bytes).map_err(|source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Write `bytes` to a temporary file beside `path`, then rename it over `path`, keeping the
/// file's permissions. On any error the original file is untouched.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
