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

    /// [`Loader::read_limited`] for the text of an included file: the file system maps a big
    /// file ([`read_text`]); the default reads it.
    fn read_text(&mut self, path: &Path, limit: u64) -> Result<(PathBuf, Text), ReadError> {
        self.read_limited(path, limit)
            .map(|(id, text)| (id, Text::Read(text)))
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
    fn read_text(&mut self, path: &Path, limit: u64) -> Result<(PathBuf, Text), ReadError> {
        read_text_limited(path, limit)
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
    let (file, size) = open_checked(path, limit)?;
    let text = read_open(path, file, size)?;
    Ok((identity(path), text))
}

/// Files of at least this many bytes are mapped by [`read_text`] rather than read (4 MiB, where
/// the streaming path starts: below it the copy costs nothing worth saving).
pub const MAP_FROM: u64 = 4 << 20;

/// A journal's text: read into memory, or mapped from its file (see [`read_text`]).
pub enum Text {
    Read(String),
    Mapped(Mapped),
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Read(s) => s,
            Text::Mapped(m) => m.as_str(),
        }
    }
}

/// [`read_file`] for the journal a command reads: a regular file of [`MAP_FROM`] bytes or
/// more is mapped instead of copied into memory, so the streaming path can give its pages back
/// as it goes ([`release`]) and peak memory stays below the file's size. Same checks, same
/// errors, same text as [`read_file`].
///
/// A mapped file that another program truncates while nudge reads it (from its UTF-8 check
/// on) raises `SIGBUS`, which ends the process with a one-line error and exit status 2
/// (`on_cut_short`); nudge's own writes replace files by renaming, which leaves a mapping
/// intact.
pub fn read_text(path: &Path) -> Result<(PathBuf, Text), ReadError> {
    read_text_limited(path, MAX_FILE)
}

/// [`read_text`], refusing a file of more than `limit` bytes (at most [`MAX_FILE`]).
pub fn read_text_limited(path: &Path, limit: u64) -> Result<(PathBuf, Text), ReadError> {
    let (file, size) = open_checked(path, limit)?;
    let text = if size >= MAP_FROM {
        // Before the mapping is first read (its UTF-8 check), which a cut can stop as well.
        on_cut_short(path);
        match Mapped::new(&file, size) {
            Ok(mapped) => Text::Mapped(mapped),
            // A file system that cannot map files: read it instead.
            Err(ReadErrorKind::Io(_)) => Text::Read(read_open(path, file, size)?),
            Err(kind) => return Err(ReadError::new(path, kind)),
        }
    } else {
        Text::Read(read_open(path, file, size)?)
    };
    Ok((identity(path), text))
}

/// The one-line error [`on_sigbus`] writes (leaked once per mapped file; nudge maps one).
static CUT_SHORT: std::sync::atomic::AtomicPtr<Vec<u8>> =
    std::sync::atomic::AtomicPtr::new(std::ptr::null_mut());

/// If another program cuts `path` short while nudge reads its mapping, the kernel sends
/// `SIGBUS`: end with a one-line error and exit status 2, as for any file nudge cannot read,
/// instead of the signal's crash.
fn on_cut_short(path: &Path) {
    let line = format!(
        "nudge: error: cannot read `{}`: it was cut short by another program while nudge read it\n",
        crate::render::concise::escape_terminal(&path.display().to_string())
    );
    let old = CUT_SHORT.swap(
        Box::into_raw(Box::new(line.into_bytes())),
        std::sync::atomic::Ordering::AcqRel,
    );
    if !old.is_null() {
        // Several files are mapped (includes): the handler cannot tell which was cut short.
        // The handler is installed already; the old line stays leaked (it may be in use).
        let line =
            "nudge: error: a journal file was cut short by another program while nudge read it\n";
        CUT_SHORT.store(
            Box::into_raw(Box::new(line.as_bytes().to_vec())),
            std::sync::atomic::Ordering::Release,
        );
        return;
    }
    #[cfg(unix)]
    // SAFETY: `on_sigbus` only loads an atomic pointer, calls write(2) and _exit(2), which are
    // async-signal-safe; the action struct is fully initialised before use.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigbus as *const () as usize;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
    }
}

#[cfg(unix)]
extern "C" fn on_sigbus(_: libc::c_int) {
    let line = CUT_SHORT.load(std::sync::atomic::Ordering::Acquire);
    // SAFETY: the pointer is null or a leaked, never freed Vec; write(2) and _exit(2) are
    // async-signal-safe.
    unsafe {
        if let Some(line) = line.as_ref() {
            libc::write(2, line.as_ptr().cast(), line.len());
        }
        libc::_exit(2);
    }
}

/// Open `path` for reading: a regular file of at most `limit` bytes (and [`MAX_FILE`]), and
/// its size when opened.
fn open_checked(path: &Path, limit: u64) -> Result<(std::fs::File, u64), ReadError> {
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
    Ok((file, size))
}

/// The text of an opened file, read up to `size` bytes (a file that grows is not read past it).
fn read_open(path: &Path, file: std::fs::File, size: u64) -> Result<String, ReadError> {
    use std::io::Read as _;
    let fail = |kind: ReadErrorKind| ReadError::new(path, kind);
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(size)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.into()))?;
    decode(bytes).map_err(fail)
}

/// The identity of a file for cycle detection: its canonical path, or the path as given.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A file mapped read-only into memory, checked to be UTF-8. While it lives, its address range
/// is registered so that [`release`] may give its pages back (and never touches other memory).
pub struct Mapped {
    map: memmap2::Mmap,
}

/// The address ranges of the live [`Mapped`] files.
static MAPPED: std::sync::Mutex<Vec<std::ops::Range<usize>>> = std::sync::Mutex::new(Vec::new());

fn mapped() -> std::sync::MutexGuard<'static, Vec<std::ops::Range<usize>>> {
    MAPPED.lock().unwrap_or_else(|e| e.into_inner())
}

/// The size of one piece checked for UTF-8 at a time (then given back).
const CHECK_PIECE: usize = 4 << 20;

impl Mapped {
    /// Map `size` bytes of `file` and check them (in pieces cut after a line end, on rayon's
    /// threads, each given back once checked): the first byte that is not UTF-8 is reported as
    /// [`decode`] reports it.
    fn new(file: &std::fs::File, size: u64) -> Result<Mapped, ReadErrorKind> {
        // SAFETY: the map is read-only and private to this process; its contents can change
        // only if another program writes the file while nudge reads it (see `read_text`).
        let map = unsafe { memmap2::MmapOptions::new().len(size as usize).map(file) }
            .map_err(ReadErrorKind::Io)?;
        let bytes: &[u8] = &map;
        let range = bytes.as_ptr() as usize..bytes.as_ptr() as usize + bytes.len();
        mapped().push(range);
        let mapped = Mapped { map };
        let bytes: &[u8] = &mapped.map;
        let mut cuts = vec![0];
        while let Some(&last) = cuts.last() {
            let next = last + CHECK_PIECE;
            if next >= bytes.len() {
                break;
            }
            let cut = memchr::memchr(b'\n', &bytes[next..]).map_or(bytes.len(), |i| next + i + 1);
            // Each look maps a whole folio of the page cache (up to 2 MiB): give back what
            // lies before it as we go.
            release_bytes(&bytes[last..cut]);
            cuts.push(cut);
        }
        cuts.dedup();
        if cuts.last() != Some(&bytes.len()) {
            cuts.push(bytes.len());
        }
        use rayon::prelude::*;
        let first_bad = cuts
            .par_windows(2)
            .map(|w| {
                let piece = &bytes[w[0]..w[1]];
                let bad = std::str::from_utf8(piece)
                    .err()
                    .map(|e| w[0] + e.valid_up_to());
                release_bytes(piece);
                bad
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .next();
        if let Some(offset) = first_bad {
            let line = memchr::memchr_iter(b'\n', &bytes[..offset]).count() + 1;
            return Err(ReadErrorKind::NotUtf8 { line, offset });
        }
        Ok(mapped)
    }

    /// The text (checked to be UTF-8 when mapped).
    pub fn as_str(&self) -> &str {
        // SAFETY: `Mapped::new` checked every byte.
        unsafe { std::str::from_utf8_unchecked(&self.map) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        let start = self.map.as_ptr() as usize;
        mapped().retain(|r| r.start != start);
    }
}

/// Give back the memory pages that hold `text[range]` when `text` is part of a mapped file
/// ([`read_text`]); otherwise (text read into memory, or a range out of bounds) do nothing.
/// The pages are read again from the file (the page cache) if used later, so this never
/// changes what nudge sees, only its resident memory.
pub fn release(text: &str, range: std::ops::Range<usize>) {
    if let Some(bytes) = text.as_bytes().get(range) {
        release_bytes(bytes);
    }
}

fn release_bytes(bytes: &[u8]) {
    static PAGE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    // SAFETY: sysconf has no preconditions.
    let page = *PAGE.get_or_init(|| match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
        n if n > 0 => n as usize,
        _ => 4096,
    });
    let start = (bytes.as_ptr() as usize).div_ceil(page) * page;
    let end = (bytes.as_ptr() as usize + bytes.len()) / page * page;
    if end <= start || !mapped().iter().any(|r| r.start <= start && end <= r.end) {
        return;
    }
    // SAFETY: the range lies inside a live read-only file mapping (checked just above against
    // the registry `Mapped` keeps); MADV_DONTNEED on such a mapping drops the pages from this
    // process only, and they are read again from the file when next touched.
    #[cfg(unix)]
    unsafe {
        libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
    }
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

    /// A journal-like text of `size` bytes or a little more, lines of every length.
    fn big(size: usize) -> String {
        let mut text = String::from("\u{feff}; big\r\n");
        let mut k = 0;
        while text.len() < size {
            k += 1;
            text.push_str(&format!(
                "2026-01-{:02} note acme-{k} \"é{}\"\n",
                k % 28 + 1,
                "x".repeat(k % 97)
            ));
        }
        text
    }

    #[test]
    fn a_big_file_is_mapped_and_reads_as_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.nudge");
        let text = big(MAP_FROM as usize + 3 * CHECK_PIECE + 12_345);
        std::fs::write(&path, &text).unwrap();
        let (id, mapped) = read_text(&path).unwrap();
        assert!(matches!(mapped, Text::Mapped(_)));
        assert_eq!(&*mapped, text.as_str());
        assert_eq!((id.clone(), text.clone()), read_file(&path).unwrap());
        // Giving pages back changes nothing that can be seen.
        release(&mapped, 0..mapped.len());
        release(&mapped, 10..mapped.len() + 1);
        assert_eq!(&*mapped, text.as_str());
        // A small file is read.
        std::fs::write(&path, "2026-01-02 note acme\n").unwrap();
        assert!(matches!(read_text(&path).unwrap().1, Text::Read(_)));
    }

    /// Run in a child process (the signal ends it): map a big file, cut it short, read on.
    #[test]
    fn a_mapped_file_cut_short_while_read_is_a_one_line_error() {
        if let Some(path) = std::env::var_os("NUDGE_TEST_CUT_SHORT") {
            let (_, text) = read_text(Path::new(&path)).unwrap();
            std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .unwrap()
                .set_len(0)
                .unwrap();
            release(&text, 0..text.len());
            let sum: u64 = text.bytes().map(u64::from).sum();
            panic!("read {sum} past the end without SIGBUS");
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut\u{1b}.nudge");
        std::fs::write(&path, big(MAP_FROM as usize)).unwrap();
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "parse::read::tests::a_mapped_file_cut_short_while_read_is_a_one_line_error",
                "--nocapture",
            ])
            .env("NUDGE_TEST_CUT_SHORT", &path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        let line = err.lines().last().unwrap_or("");
        assert!(
            line.starts_with("nudge: error: cannot read `")
                && line.ends_with(
                    "cut\\u{1b}.nudge`: it was cut short by another program while nudge read it"
                ),
            "{err}"
        );
    }

    /// Run in a child process: a file cut short while its mapping is still being checked for
    /// UTF-8 (before `read_text` returns) ends with the same one-line error, not a raw SIGBUS.
    #[test]
    fn a_mapped_file_cut_short_during_its_utf8_check_is_a_one_line_error() {
        if let Some(path) = std::env::var_os("NUDGE_TEST_CUT_EARLY") {
            let path = std::path::PathBuf::from(path);
            let text = big(64 << 20);
            for attempt in 0..16u64 {
                std::fs::write(&path, &text).unwrap();
                let cut = path.clone();
                let cutter = std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_micros(300 * attempt));
                    let file = std::fs::OpenOptions::new().write(true).open(&cut).unwrap();
                    file.set_len(4096).unwrap();
                });
                let read = read_text(&path);
                cutter.join().unwrap();
                // Read whole before the cut, or stopped at the cut (size changed): try again.
                drop(read);
            }
            println!("NO SIGBUS");
            std::process::exit(0);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("early.nudge");
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "parse::read::tests::a_mapped_file_cut_short_during_its_utf8_check_is_a_one_line_error",
                "--nocapture",
            ])
            .env("NUDGE_TEST_CUT_EARLY", &path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if String::from_utf8_lossy(&out.stdout).contains("NO SIGBUS") {
            // The cut never landed inside the check on this machine: nothing to judge.
            return;
        }
        assert_eq!(out.status.code(), Some(2), "{:?} {err}", out.status);
        // (The child maps the file many times: the line may be the one for several files.)
        assert!(
            err.contains("was cut short by another program while nudge read it"),
            "{err}"
        );
    }

    #[test]
    fn release_never_touches_text_that_is_not_mapped() {
        let text = big(3 * 4096 * 16);
        let copy = text.clone();
        release(&text, 0..text.len());
        assert_eq!(text, copy);
    }

    #[test]
    fn a_bad_byte_deep_in_a_mapped_file_is_reported_as_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.nudge");
        let text = big(MAP_FROM as usize + 2 * CHECK_PIECE);
        for at in [
            text.len() - 3,
            MAP_FROM as usize + CHECK_PIECE + 7,
            text[..CHECK_PIECE].rfind('é').unwrap() + 1,
        ] {
            let mut bytes = text.clone().into_bytes();
            bytes[at] = 0xff;
            let want = decode(bytes.clone()).unwrap_err();
            std::fs::write(&path, &bytes).unwrap();
            let got = read_text(&path).err().unwrap();
            assert_eq!(got.kind.to_string(), want.to_string(), "at {at}");
            assert!(matches!(got.kind, ReadErrorKind::NotUtf8 { .. }));
        }
    }

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
