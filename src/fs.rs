//! The one place where nudge writes files (SPEC §4). Every writing command — `fmt`,
//! `draft --append`, `add`, `sent`, `init`, `check --add-allow`, `--output` — goes through
//! [`update_journal`], [`create_new`] or [`write_output`], so a fix here lands everywhere.
//!
//! What a write promises: the new text goes to a temporary file created exclusively, with a
//! random name and mode 0600, beside the real file (symlinks resolved; the link stays a link);
//! it gets the journal's permission bits and, where the process may, its owner and group; it is
//! synced and renamed over the journal. Writers take an advisory lock on the journal's own open
//! handle (no lock file) and read the text they change under it; a journal changed by someone
//! else between that read and the rename is left alone (exit 2). Hard-linked and read-only
//! journals are refused, and so is a change that would add a line nudge cannot read (J001).

use std::fmt;
use std::fs::File;
use std::io::{Read as _, Seek as _, Write as _};
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
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
    /// The journal has several hard links: replacing it would split them.
    HardLinks { path: PathBuf, links: u64 },
    /// The journal's owner may not write it (e.g. mode 0444).
    ReadOnly { path: PathBuf, mode: u32 },
    /// The journal is not a regular file (a directory, a FIFO, a device).
    NotAFile { path: PathBuf },
    /// Someone else changed the journal after nudge read it: nothing was written.
    Changed { path: PathBuf },
    /// The new text has a line nudge cannot read (J001) that the old text did not have.
    Unreadable {
        path: PathBuf,
        line: usize,
        message: String,
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
            WriteError::HardLinks { path, links } => write!(
                f,
                "`{}` has {links} hard links; nudge does not write a hard-linked journal, \
                 because replacing it would split the links (make it a single file, or a \
                 symbolic link, and try again); the file was not changed",
                path.display()
            ),
            WriteError::ReadOnly { path, mode } => write!(
                f,
                "`{}` is read-only (mode {:04o}); nudge does not write it (make it writable \
                 with `chmod u+w`, then try again); the file was not changed",
                path.display(),
                mode & 0o7777
            ),
            WriteError::NotAFile { path } => write!(
                f,
                "`{}` is not a regular file; nudge writes only regular files",
                path.display()
            ),
            WriteError::Changed { path } => write!(
                f,
                "`{}` changed while nudge was writing it (saved by an editor?); nothing was \
                 written: run the command again",
                path.display()
            ),
            WriteError::Unreadable {
                path,
                line,
                message,
            } => write!(
                f,
                "the change would write a line nudge cannot read back at `{}` line {line} \
                 ({message}); nothing was written",
                path.display()
            ),
        }
    }
}

impl std::error::Error for WriteError {}

/// How many times a writer re-locks when the journal is replaced while it waits for the lock.
const LOCK_ATTEMPTS: usize = 20;

/// Read-modify-write the journal at `path`: `edit` gets the journal's current text and returns
/// the new text (`None`: nothing to write). The text handed to `edit` is read under the writer's
/// lock, so concurrent nudge writers are serialised and both edits land.
///
/// Returns whether anything was written. Errors: [`WriteError::Refused`] with `edit`'s own
/// message, [`WriteError::HardLinks`], [`WriteError::ReadOnly`], [`WriteError::NotAFile`],
/// [`WriteError::Changed`] (someone else wrote the journal meanwhile), [`WriteError::Unreadable`]
/// (the new text adds a J001), or [`WriteError::Io`]. The journal is unchanged on every error.
pub fn update_journal(
    path: &Path,
    edit: impl FnOnce(&str) -> Result<Option<String>, String>,
) -> Result<bool, WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Symlinks resolved: the real file is written and the link stays a link.
    let real = std::fs::canonicalize(path).map_err(io)?;
    let (file, meta) = lock(path, &real)?;
    let before = read_all(&file, meta.len()).map_err(io)?;
    if before.len() as u64 != meta.len() {
        // It grew or shrank between the look and the read: someone else is writing it.
        return Err(WriteError::Changed {
            path: path.to_path_buf(),
        });
    }
    let text = String::from_utf8(before.clone()).map_err(|e| {
        WriteError::Refused(format!(
            "`{}` is not valid UTF-8 (invalid byte at offset {}); the file was not changed",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let Some(new) = edit(&text).map_err(WriteError::Refused)? else {
        return Ok(false);
    };
    if new == text {
        return Ok(false);
    }
    new_unreadable_line(&text, &new).map_or(Ok(()), |(line, message)| {
        Err(WriteError::Unreadable {
            path: path.to_path_buf(),
            line,
            message,
        })
    })?;
    replace(path, &real, &file, &meta, &before, new.as_bytes())?;
    Ok(true)
}

/// Open the real file and take the writer's lock on its handle; then check the path still
/// names the locked file (another writer may have renamed a new one over it while we waited),
/// else lock again. Refuses what nudge does not write.
fn lock(path: &Path, real: &Path) -> Result<(File, std::fs::Metadata), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    for _ in 0..LOCK_ATTEMPTS {
        let file = {
            use std::os::unix::fs::OpenOptionsExt as _;
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
                .open(real)
                .map_err(io)?
        };
        let meta = file.metadata().map_err(io)?;
        if !meta.is_file() {
            return Err(WriteError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        if meta.mode() & 0o200 == 0 {
            return Err(WriteError::ReadOnly {
                path: path.to_path_buf(),
                mode: meta.mode(),
            });
        }
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinks {
                path: path.to_path_buf(),
                links: meta.nlink(),
            });
        }
        // fs4's advisory lock (flock) on the journal's own handle: no lock file.
        wait_for_lock(path, &file)?;
        match std::fs::metadata(real) {
            Ok(now) if same_file(&now, &meta) => {
                // Read the metadata again under the lock: the size may have changed while we
                // waited.
                let meta = file.metadata().map_err(io)?;
                return Ok((file, meta));
            }
            // Replaced while we waited: lock the file the path names now.
            _ => continue,
        }
    }
    Err(WriteError::Changed {
        path: path.to_path_buf(),
    })
}

/// How long a writer waits for another program's lock on the journal before giving up.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Take the exclusive lock, waiting at most [`LOCK_WAIT`]: a writer never hangs for good
/// behind a program that keeps the journal locked.
fn wait_for_lock(path: &Path, file: &File) -> Result<(), WriteError> {
    let started = std::time::Instant::now();
    loop {
        match fs4::FileExt::try_lock(file) {
            Ok(()) => return Ok(()),
            Err(fs4::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(WriteError::Refused(format!(
                    "`{}` stayed locked by another program for {} seconds; the file was not \
                     changed: try again when it is done",
                    path.display(),
                    LOCK_WAIT.as_secs()
                )))
            }
            Err(fs4::TryLockError::Error(source)) => {
                return Err(WriteError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        }
    }
}

fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Read the whole file from the start of `file`, up to `size` bytes and one more (to notice
/// growth).
fn read_all(mut file: &File, size: u64) -> std::io::Result<Vec<u8>> {
    file.seek(std::io::SeekFrom::Start(0))?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(size.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The first J001 of `new` whose line text `old` does not have as a J001 line too: (1-based
/// line, message).
fn new_unreadable_line(old: &str, new: &str) -> Option<(usize, String)> {
    let bad_lines = |text: &str| {
        let storage = crate::parse::Storage::new();
        let journal = crate::parse::parse_str(&storage, text, "journal");
        let mut out: Vec<(usize, String, String)> = journal
            .diagnostics
            .iter()
            .filter(|d| d.rule == crate::rule::Rule::J001)
            .map(|d| {
                let at = (d.span.start as usize).min(text.len());
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                let line = text[..start].matches('\n').count() + 1;
                let content = text[start..end].trim().to_string();
                (line, content, d.message.clone())
            })
            .collect();
        out.sort();
        out
    };
    let mut known: Vec<String> = bad_lines(old).into_iter().map(|(_, c, _)| c).collect();
    for (line, content, message) in bad_lines(new) {
        match known.iter().position(|c| *c == content) {
            Some(k) => {
                known.swap_remove(k);
            }
            None => return Some((line, message)),
        }
    }
    None
}

/// Write `bytes` to a temporary file beside `real` and rename it over `real`, after checking
/// (under the lock held on `locked`) that the journal is still the file and the text read.
fn replace(
    path: &Path,
    real: &Path,
    locked: &File,
    meta: &std::fs::Metadata,
    before: &[u8],
    bytes: &[u8],
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let tmp = temp_beside(real, bytes, Some(meta)).map_err(io)?;
    // Just before the rename: the path still names the locked file, and its text is the one
    // the edit was made from.
    let changed = match std::fs::metadata(real) {
        Ok(now) => !same_file(&now, meta) || read_all(locked, meta.len()).map_err(io)? != before,
        Err(_) => true,
    };
    if changed {
        // Dropping `tmp` removes the temporary file this run created, and only that.
        return Err(WriteError::Changed {
            path: path.to_path_buf(),
        });
    }
    tmp.persist(real).map_err(|e| io(e.error))?;
    sync_dir(real);
    Ok(())
}

/// A temporary file in `real`'s directory, created exclusively with a random name and mode
/// 0600, holding `bytes`, synced; with `like`'s permission bits (and owner and group, where the
/// process may) when given. Removed when dropped unless persisted.
fn temp_beside(
    real: &Path,
    bytes: &[u8],
    like: Option<&std::fs::Metadata>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = real
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "journal".into());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".nudge-tmp")
        .rand_bytes(12)
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)?;
    tmp.as_file_mut().write_all(bytes)?;
    if let Some(meta) = like {
        let file = tmp.as_file();
        // Owner and group first (a chown may clear set-id bits), then the permission bits.
        if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
        }
        file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))?;
    }
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Make a rename durable: sync the directory that holds `path` (best effort).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Create `path` with `text`, exclusively (never over an existing file or link, even one
/// created meanwhile), mode 0600. Errors: [`WriteError::Io`] (e.g. `AlreadyExists`).
pub fn create_new(path: &Path, text: &str) -> Result<(), WriteError> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    // O_CREAT | O_EXCL: fails on any existing name, a symlink (even a dangling one) included.
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io)?;
    let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
    if let Err(e) = written {
        // The file is ours (we just created it): do not leave half of it behind.
        drop(f);
        let _ = std::fs::remove_file(path);
        return Err(io(e));
    }
    sync_dir(path);
    Ok(())
}

/// Write an output file (`--output FILE`): replaced whole and atomically (through a symlink,
/// which stays a link), keeping an existing file's permissions, or created (mode 0644).
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let real = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(io(e)),
    };
    let meta = std::fs::metadata(&real).ok();
    if meta.as_ref().is_some_and(|m| !m.is_file()) {
        return Err(WriteError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let tmp = temp_beside(&real, bytes, meta.as_ref()).map_err(io)?;
    if meta.is_none() {
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io)?;
    }
    tmp.persist(&real).map_err(|e| io(e.error))?;
    sync_dir(&real);
    Ok(())
}
