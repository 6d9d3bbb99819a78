//! The include graph on any bytes: the input is split at NUL bytes into files `f0.nudge`,
//! `f1.nudge`, … held in memory; `f0` is the journal. Whatever includes they hold (cycles,
//! diamonds, repeats, missing files), parsing ends without a panic, reads each file at most
//! once, and every diagnostic points inside the file it names.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nudge::parse::{Loader, Storage};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

struct Memory {
    files: HashMap<PathBuf, String>,
    reads: HashMap<PathBuf, usize>,
}

impl Memory {
    /// `dir/./f1.nudge` and `dir/sub/../f1.nudge` name the same file.
    fn key(path: &Path) -> PathBuf {
        let mut out = PathBuf::new();
        for c in path.components() {
            match c {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        out
    }
}

impl Loader for Memory {
    fn read(&mut self, path: &Path) -> Result<(PathBuf, String), String> {
        let key = Memory::key(path);
        let text = self.files.get(&key).cloned().ok_or("does not exist")?;
        *self.reads.entry(key.clone()).or_default() += 1;
        Ok((key, text))
    }
    fn identify(&mut self, path: &Path) -> Option<PathBuf> {
        let key = Memory::key(path);
        self.files.contains_key(&key).then_some(key)
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parts: Vec<&str> = text.split('\0').take(64).collect();
    let files: HashMap<PathBuf, String> = parts
        .iter()
        .enumerate()
        .map(|(i, t)| (PathBuf::from(format!("j/f{i}.nudge")), t.to_string()))
        .collect();
    let mut loader = Memory {
        files,
        reads: HashMap::new(),
    };
    let storage = Storage::new();
    let root = storage.text(parts[0].to_string());
    let journal = nudge::parse::parse_with(
        &storage,
        &mut loader,
        "j/f0.nudge",
        PathBuf::from("j/f0.nudge"),
        root,
    );
    for (path, n) in &loader.reads {
        assert!(*n <= 1, "{} read {n} times", path.display());
    }
    assert!(journal.sources.files.len() <= parts.len());
    for d in &journal.diagnostics {
        let file = &journal.sources.files[d.span.file as usize];
        assert!(d.span.start <= d.span.end && d.span.end as usize <= file.text.len());
    }
    let _ = nudge::rules::check(
        &journal,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        &nudge::rules::Options::default(),
    );
});
