//! Reading journal files: the one bounded read path (SPEC §4) and the [`Loader`] that includes
//! go through. A file that cannot be read gives a [`ReadError`]: its path and what went wrong,
//! as a kind to match on, never as text to search.

use super::MAX_FILE;
use std::path::{Path, PathBuf};

/// Why a file could not be read. Its `Display` is the reason as nudge words it after "it"
/// (`cannot read `j.nudge`: it does not exist`).
#[derive(Debug, thiserror::Error)]
pub enum ReadErrorKind {
    /// No file at that path.
    #[error("does not exist")]
    NotFound,
    /// The file exists but nudge may not read it.
    #[error("cannot be read: permission denied")]
    PermissionDenied,
    /// A directory was given where a file was expected.
    #[error("is a directory, not a file")]
    IsDirectory,
    /// A FIFO, a socket, a device: not a regular file.
    #[error("is not a regular file")]
    NotAFile,
    /// The bytes are not UTF-8: the first bad byte's 1-based line and 0-based byte offset.
    #[error("is not valid UTF-8: invalid byte at line {line}, byte offset {offset}")]
    NotUtf8 { line: usize, offset: usize },
    /// The file has `size` bytes, over the `limit` nudge still reads (at most [`MAX_FILE`]).
    #[error("{}", too_large(*size, *limit))]
    TooLarge { size: u64, limit: u64 },
    /// Any other failure of the file system.
    #[error("cannot be read: {0}")]
    Io(std::io::Error),
}

/// A file that could not be read: which, and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot read `{}`: it {kind}", path.display())]
pub struct ReadError {
    /// The path as it was asked for.
    pub path: PathBuf,
    pub kind: ReadErrorKind,
}

impl ReadError {
    /// A failure to read `path`.
    pub fn new(path: &Path, kind: ReadErrorKind) -> ReadError {
        ReadError {
            path: path.to_path_buf(),
            kind,
        }
    }
}

impl From<std::io::Error> for ReadErrorKind {
    /// The kind of an I/O failure, by its [`std::io::ErrorKind`]. A non-blocking open of a FIFO
    /// with no writer (`WouldBlock`) is a file that is not regular.
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => ReadErrorKind::NotFound,
            std::io::ErrorKind::PermissionDenied => ReadErrorKind::PermissionDenied,
            std::io::ErrorKind::WouldBlock => ReadErrorKind::NotAFile,
            _ => ReadErrorKind::Io(e),
        }
    }
}

fn too_large(size: u64, limit: u64) -> String {
    if limit >= MAX_FILE {
        format!("is {size} bytes; nudge reads files up to 4 GiB")
    } else {
        format!(
            "is {size} bytes, over what is left of the 4 GiB nudge reads in all ({limit} bytes)"
        )
    }
}

/// `bytes` as text, or where its first byte that is not UTF-8 is.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadErrorKind> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        ReadErrorKind::NotUtf8 { line, offset }
    })
}

/// Reads the files an `include` names. The CLI gives the real file system; tests may give
/// another.
pub trait Loader {
    /// Read `path`: its identity for cycle detection (a canonical path) and its text, or why
    /// it cannot be read.
    fn read(&mut self, path: &Path) -> Result<(PathBuf, String), ReadError>;

    /// Read `path` as [`Loader::read`] does, refusing a file of more than `limit` bytes
    /// without reading it whole. The default reads first and checks after.
    fn read_limited(&mut self, path: &Path, limit: u64) -> Result<(PathBuf, String), ReadError> {
        let (id, text) = self.read(path)?;
        if text.len() as u64 > limit {
            let size = text.len() as u64;
            return Err(ReadError::new(
                path,
                ReadErrorKind::TooLarge { size, limit },
            ));
        }
        Ok((id, text))
    }

    /// The identity [`Loader::read`] would give `path` (its canonical path, symlinks
    /// resolved), found without reading it, so a file included again is never read again.
    /// `None` when it cannot be known before reading.
    fn identify(&mut self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }
}

/// The real file system: regular files only, UTF-8 only, at most [`MAX_FILE`] bytes.
pub struct FsLoader;

impl Loader for FsLoader {
    fn read(&mut self, path: &Path) -> Result<(PathBuf, String), ReadError> {
        read_file(path)
    }
    fn read_limited(&mut self, path: &Path, limit: u64) -> Result<(PathBuf, String), ReadError> {
        read_file_limited(path, limit)
    }
}

/// Read a journal file, refusing directories, devices and non-UTF-8 text with a clear reason.
///
/// The one bounded read path (SPEC §4): the file is opened once, non-blocking (a FIFO never
/// hangs), checked to be a regular file on the opened handle, and read up to the size seen
/// then (a file that grows while read is not read past it).
pub fn read_file(path: &Path) -> Result<(PathBuf, String), ReadError> {
    read_file_limited(path, MAX_FILE)
}

/// [`read_file`], refusing a file of more than `limit` bytes (at most [`MAX_FILE`]).
pub fn read_file_limited(path: &Path, limit: u64) -> Result<(PathBuf, String), ReadError> {
    use std::io::Read as _;
    let fail = |kind: ReadErrorKind| ReadError::new(path, kind);
    let file = open_nonblocking(path).map_err(|e| fail(e.into()))?;
    let meta = file.metadata().map_err(|e| fail(e.into()))?;
    if meta.is_dir() {
        return Err(fail(ReadErrorKind::IsDirectory));
    }
    if !meta.is_file() {
        return Err(fail(ReadErrorKind::NotAFile));
    }
    let size = meta.len();
    let limit = limit.min(MAX_FILE);
    if size > limit {
        return Err(fail(ReadErrorKind::TooLarge { size, limit }));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(size)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.into()))?;
    let text = decode(bytes).map_err(fail)?;
    let id = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Ok((id, text))
}

/// Open for reading without blocking on a FIFO or a device that has no writer.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_error_kind_and_read_as_before() {
        let dir = tempfile::tempdir().unwrap();
        let missing = read_file(&dir.path().join("nope")).unwrap_err();
        assert!(matches!(missing.kind, ReadErrorKind::NotFound));
        assert_eq!(missing.kind.to_string(), "does not exist");
        assert_eq!(missing.path, dir.path().join("nope"));
        let directory = read_file(dir.path()).unwrap_err();
        assert!(matches!(directory.kind, ReadErrorKind::IsDirectory));
        assert_eq!(
            ReadError::new(
                Path::new("j"),
                ReadErrorKind::NotUtf8 { line: 2, offset: 9 }
            )
            .to_string(),
            "cannot read `j`: it is not valid UTF-8: invalid byte at line 2, byte offset 9"
        );
        let bad = decode(b"ok\n\xffx".to_vec()).unwrap_err();
        assert!(matches!(bad, ReadErrorKind::NotUtf8 { line: 2, offset: 3 }));
        let e = std::io::Error::from(std::io::ErrorKind::WouldBlock);
        assert!(matches!(ReadErrorKind::from(e), ReadErrorKind::NotAFile));
        assert_eq!(
            ReadErrorKind::TooLarge {
                size: 11,
                limit: 10
            }
            .to_string(),
            "is 11 bytes, over what is left of the 4 GiB nudge reads in all (10 bytes)"
        );
    }
}
