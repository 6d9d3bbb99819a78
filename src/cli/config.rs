//! The optional config file (SPEC §3.5): `$XDG_CONFIG_HOME/nudge/config.toml`, else
//! `~/.config/nudge/config.toml`. Command-line options win over it.

use super::ColorChoice;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The keys a config file may hold; any other key is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The journal's path, relative to the config file's directory.
    pub journal: Option<PathBuf>,
    /// The user's name, signed under drafts.
    pub name: Option<String>,
    /// Lines signed under the name in drafts.
    pub signature: Option<String>,
    /// Days ahead that `due` lists (its `--within`).
    pub within: Option<u32>,
    /// `auto`, `always` or `never`, as `--color`.
    pub color: Option<ColorChoice>,
    /// Where the file was read from (not a key).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// Why the config file cannot be used: it names the file, the line and the key.
#[derive(Debug, thiserror::Error)]
#[error("config file `{path}`{at}: {message}")]
pub struct ConfigError {
    pub path: String,
    /// `, line N, key `K`` or empty.
    at: String,
    message: String,
}

/// The config file's path: `$XDG_CONFIG_HOME/nudge/config.toml`, else
/// `~/.config/nudge/config.toml`; `None` when no home directory is known.
pub fn config_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let base = etcetera::base_strategy::Xdg::new().ok()?;
    Some(base.config_dir().join("nudge").join("config.toml"))
}

/// Read the config file if there is one. A missing file is an empty config.
pub fn load() -> Result<Config, ConfigError> {
    let Some(path) = config_path() else {
        return Ok(Config::default());
    };
    load_from(&path)
}

/// Read the config file at `path` (missing: empty config).
pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
    let shown = crate::cli::shown_path(path);
    let fail = |at: String, message: String| ConfigError {
        path: shown.clone(),
        at,
        message,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(fail(String::new(), format!("cannot be read: {e}"))),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(
            String::new(),
            format!(
                "is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let mut config: Config = toml::from_str(&text).map_err(|e| {
        let (line, key) = match e.span() {
            Some(span) => locate(&text, span.start),
            None => (0, None),
        };
        let mut at = String::new();
        if line > 0 {
            at.push_str(&format!(", line {line}"));
        }
        let message = e.message().replace('\n', " ");
        let key = key.or_else(|| quoted_field(&message));
        if let Some(k) = key {
            at.push_str(&format!(", key `{k}`"));
        }
        fail(at, message.trim().to_string())
    })?;
    if let Some(w) = config.within {
        if w > 3650 {
            let (line, _) = text
                .lines()
                .position(|l| l.trim_start().starts_with("within"))
                .map(|i| (i + 1, ()))
                .unwrap_or((0, ()));
            return Err(fail(
                format!(", line {line}, key `within`"),
                format!("{w} is more than 3650 days"),
            ));
        }
    }
    if let Some(j) = &config.journal {
        if j.is_relative() {
            let dir = path.parent().unwrap_or(Path::new("."));
            config.journal = Some(dir.join(j));
        }
    }
    config.path = Some(path.to_path_buf());
    Ok(config)
}

/// Sign drafts with the config's `name` (in place of the `[Your name]` slot) and `signature`
/// (lines under the name).
pub fn sign(mut drafts: Vec<crate::report::draft::Draft>) -> Vec<crate::report::draft::Draft> {
    let (name, signature) =
        crate::cli::with_context(|c| (c.config.name.clone(), c.config.signature.clone()));
    for d in &mut drafts {
        let Some(at) = d.body.iter().rposition(|l| l == "[Your name]") else {
            continue;
        };
        if let Some(n) = name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            d.body[at] = n.to_string();
        }
        if let Some(sig) = &signature {
            let lines: Vec<String> = sig
                .lines()
                .map(|l| l.trim_end().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            for (k, l) in lines.into_iter().enumerate() {
                d.body.insert(at + 1 + k, l);
            }
        }
    }
    drafts
}

/// 1-based line of `offset` and the key written on that line, if any.
fn locate(text: &str, offset: usize) -> (usize, Option<String>) {
    let offset = offset.min(text.len());
    let line = text[..offset].matches('\n').count() + 1;
    let start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let this = text[start..].lines().next().unwrap_or("");
    let key = this
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    (line, key)
}

/// The first backquoted word of a serde message ("unknown field `colour`").
fn quoted_field(message: &str) -> Option<String> {
    let rest = message.split_once('`')?.1;
    Some(rest.split_once('`')?.0.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, text).unwrap();
        load_from(&p).unwrap_err().to_string()
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_line_and_key() {
        let e = err("name = \"Ann\"\ncolour = \"never\"\n");
        assert!(e.contains("line 2, key `colour`"), "{e}");
        let e = err("within = \"soon\"\n");
        assert!(e.contains("line 1, key `within`"), "{e}");
        let e = err("color = \"blue\"\n");
        assert!(e.contains("line 1, key `color`"), "{e}");
        let e = err("this is not toml\n");
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn journal_is_relative_to_the_config_directory() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "journal = \"j.nudge\"\nwithin = 3\n").unwrap();
        let c = load_from(&p).unwrap();
        assert_eq!(c.journal, Some(dir.path().join("j.nudge")));
        assert_eq!(c.within, Some(3));
    }
}
