//! Helpers shared by the integration tests: the [`Test`] builder for runs of the binary, the
//! corpus, and what insta's snapshots do not see ([`line_ends`]).
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `nudge` binary with a clean, colourless, fixed-width environment.
pub fn nudge() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("nudge").unwrap();
    c.env_remove("NUDGE_FILE")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    c
}

/// Every journal the project ships: the examples and the rule fixtures.
pub fn corpus() -> Vec<String> {
    let mut files = vec![
        "examples/journal.nudge".to_string(),
        "examples/mistakes.nudge".to_string(),
    ];
    for e in std::fs::read_dir("tests/fixtures/rules").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "nudge") {
            files.push(p.to_string_lossy().into_owned());
        }
    }
    files.sort();
    files
}

/// What insta's text snapshots fold away, to pin beside them: the line end used (`"LF"`,
/// `"CRLF"`, `"mixed"` or `"none"`) and how many line ends close the text (insta folds CRLF
/// into LF and trims the end).
pub fn line_ends(text: &str) -> (&'static str, usize) {
    let lf = text.matches('\n').count();
    let crlf = text.matches("\r\n").count();
    let kind = match (lf, crlf) {
        (0, _) => "none",
        (n, 0) if n > 0 => "LF",
        (n, c) if n == c => "CRLF",
        _ => "mixed",
    };
    let tail = text.len() - text.trim_end_matches(['\r', '\n']).len();
    let closing = text[text.len() - tail..].matches('\n').count();
    (kind, closing)
}

/// One run of `nudge` and everything it must give: stdout, stderr and the exit status are
/// expected together and [`Test::run`] checks all three, showing a line diff of each stream
/// that differs. Modelled on just's `tests/test.rs`.
///
/// The run has the environment of [`nudge`] plus a config directory of its own (in the
/// temporary directory, empty unless written), and starts in the crate's root unless
/// [`Test::in_tmp`] or [`Test::current_dir`] say otherwise. In the expected texts and in the
/// arguments, `{tmp}` stands for the temporary directory's path.
#[must_use]
pub struct Test {
    tmp: tempfile::TempDir,
    args: Vec<String>,
    stdin: Vec<u8>,
    env: Vec<(String, Option<String>)>,
    current_dir: Option<PathBuf>,
    stdout: Expected,
    stderr: Expected,
    status: i32,
    files: Vec<(PathBuf, Vec<u8>)>,
}

/// What a stream must hold.
enum Expected {
    /// Exactly this text.
    Exactly(String),
    /// These pieces, in any order (for outputs pinned elsewhere, or too long to spell).
    Containing(Vec<String>),
}

/// What a run gave, for checks beyond the three the builder makes.
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// Kept alive so that the files the run wrote can be read.
    pub tmp: tempfile::TempDir,
}

impl Test {
    /// A run with no arguments, empty stdin, expecting empty stdout and stderr and status 0.
    pub fn new() -> Test {
        Test {
            tmp: tempfile::tempdir().unwrap(),
            args: Vec::new(),
            stdin: Vec::new(),
            env: Vec::new(),
            current_dir: None,
            stdout: Expected::Exactly(String::new()),
            stderr: Expected::Exactly(String::new()),
            status: 0,
            files: Vec::new(),
        }
    }

    /// The temporary directory the run's files live in.
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// One argument (`{tmp}` replaced).
    pub fn arg(mut self, arg: &str) -> Test {
        let arg = self.expand(arg);
        self.args.push(arg);
        self
    }

    /// Several arguments (`{tmp}` replaced).
    pub fn args<'a>(mut self, args: impl IntoIterator<Item = &'a str>) -> Test {
        for a in args {
            self = self.arg(a);
        }
        self
    }

    /// What the run reads on stdin.
    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Test {
        self.stdin = bytes.as_ref().to_vec();
        self
    }

    /// Set an environment variable (`{tmp}` replaced).
    pub fn env(mut self, key: &str, value: &str) -> Test {
        let value = self.expand(value);
        self.env.push((key.to_string(), Some(value)));
        self
    }

    /// Remove an environment variable.
    pub fn env_remove(mut self, key: &str) -> Test {
        self.env.push((key.to_string(), None));
        self
    }

    /// Write `name` (relative to the temporary directory, parents created) before the run.
    pub fn write(self, name: &str, content: impl AsRef<[u8]>) -> Test {
        let path = self.tmp.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    /// Run in the temporary directory.
    pub fn in_tmp(self) -> Test {
        self.current_dir("")
    }

    /// Run in `dir`, relative to the temporary directory.
    pub fn current_dir(mut self, dir: &str) -> Test {
        self.current_dir = Some(self.tmp.path().join(dir));
        self
    }

    /// Expect exactly this on stdout (`{tmp}` replaced).
    pub fn stdout(mut self, text: &str) -> Test {
        self.stdout = Expected::Exactly(self.expand(text));
        self
    }

    /// Expect stdout to contain `piece` (`{tmp}` replaced); may be given several times.
    pub fn stdout_contains(mut self, piece: &str) -> Test {
        let piece = self.expand(piece);
        self.stdout = contain(self.stdout, piece);
        self
    }

    /// Expect exactly this on stderr (`{tmp}` replaced).
    pub fn stderr(mut self, text: &str) -> Test {
        self.stderr = Expected::Exactly(self.expand(text));
        self
    }

    /// Expect stderr to contain `piece` (`{tmp}` replaced); may be given several times.
    pub fn stderr_contains(mut self, piece: &str) -> Test {
        let piece = self.expand(piece);
        self.stderr = contain(self.stderr, piece);
        self
    }

    /// Expect this exit status.
    pub fn status(mut self, status: i32) -> Test {
        self.status = status;
        self
    }

    /// Expect `name` (relative to the temporary directory) to hold exactly `content` after
    /// the run.
    pub fn file(mut self, name: &str, content: impl AsRef<[u8]>) -> Test {
        self.files
            .push((self.tmp.path().join(name), content.as_ref().to_vec()));
        self
    }

    /// Run, then check stdout, stderr, the status and the files together; on a mismatch, show
    /// every one that differs, then panic.
    #[track_caller]
    pub fn run(self) -> Output {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("nudge"));
        command
            .args(&self.args)
            .env_remove("NUDGE_FILE")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("XDG_CONFIG_HOME", self.tmp.path().join(".config"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            match value {
                Some(v) => command.env(key, v),
                None => command.env_remove(key),
            };
        }
        if let Some(dir) = &self.current_dir {
            command.current_dir(dir);
        }
        let mut child = command.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        let stdin = self.stdin.clone();
        // Written from a thread, so a run that does not read its stdin cannot block the test.
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(&stdin);
        });
        let out = child.wait_with_output().unwrap();
        let _ = writer.join();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let mut problems = Vec::new();
        if out.status.code() != Some(self.status) {
            problems.push(format!(
                "status: got {:?}, expected {}",
                out.status.code(),
                self.status
            ));
        }
        problems.extend(self.stdout.check("stdout", &stdout));
        problems.extend(self.stderr.check("stderr", &stderr));
        for (path, want) in &self.files {
            let got = std::fs::read(path).unwrap_or_default();
            if &got != want {
                let got = String::from_utf8_lossy(&got);
                let want = String::from_utf8_lossy(want);
                problems.push(format!("{}:\n{}", path.display(), diff(&want, &got)));
            }
        }
        assert!(
            problems.is_empty(),
            "nudge {}\n{}",
            self.args.join(" "),
            problems.join("\n")
        );
        Output {
            stdout,
            stderr,
            tmp: self.tmp,
        }
    }

    fn expand(&self, text: &str) -> String {
        text.replace("{tmp}", &self.tmp.path().to_string_lossy())
    }
}

impl Default for Test {
    fn default() -> Self {
        Test::new()
    }
}

fn contain(expected: Expected, piece: String) -> Expected {
    match expected {
        Expected::Containing(mut pieces) => {
            pieces.push(piece);
            Expected::Containing(pieces)
        }
        Expected::Exactly(_) => Expected::Containing(vec![piece]),
    }
}

impl Expected {
    /// A description of how `got` differs, or `None`.
    fn check(&self, stream: &str, got: &str) -> Option<String> {
        match self {
            Expected::Exactly(want) if want == got => None,
            Expected::Exactly(want) => Some(format!(
                "{stream} differs (- expected, + got):\n{}",
                diff(want, got)
            )),
            Expected::Containing(pieces) => {
                let missing: Vec<&String> = pieces.iter().filter(|p| !got.contains(*p)).collect();
                (!missing.is_empty()).then(|| format!("{stream} lacks {missing:?}; it was:\n{got}"))
            }
        }
    }
}

/// A line diff of two texts, line ends shown.
fn diff(want: &str, got: &str) -> String {
    similar::TextDiff::from_lines(want, got)
        .iter_all_changes()
        .map(|c| {
            let sign = match c.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            };
            format!("{sign}{:?}\n", c.value())
        })
        .collect()
}

/// One comment line of padding: lines of it push a journal past a size (4 MiB: mapped and
/// streamed) without adding entries.
pub const PAD: &str =
    "; padding padding padding padding padding padding padding padding padding padding";

/// The first differing lines of two outputs (`names` say which is which), with a little
/// context.
pub fn first_difference(a: &str, b: &str, names: (&str, &str)) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(3);
    format!(
        "{}:\n{}\n{}:\n{}",
        names.0,
        a[from..(at + 4).min(a.len())].join("\n"),
        names.1,
        b[from..(at + 4).min(b.len())].join("\n")
    )
}

/// Assert that two outputs are equal; when not, show where they first differ (`names` say
/// which is which, `what` which output it is).
#[track_caller]
pub fn assert_same(a: &str, b: &str, names: (&str, &str), what: impl std::fmt::Display) {
    assert!(a == b, "{what} differs:\n{}", first_difference(a, b, names));
}
