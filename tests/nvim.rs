//! End to end with a real editor: headless Neovim opens `examples/mistakes.nudge` with
//! `nudge lsp` attached (`vim.lsp.start_client` + `vim.lsp.buf_attach_client`, which Neovim
//! 0.7 — the Debian package — has) and the test reads back the diagnostics Neovim received:
//! the same codes, lines and columns as `nudge check --format json`. Skipped, with a message,
//! when `nvim` is not installed (`.ci/run` installs it).

use serde_json::Value;
use std::process::Command;

const LUA: &str = r#"
local bin, file, out = os.getenv('NUDGE_BIN'), os.getenv('NUDGE_FILE_UNDER_TEST'), os.getenv('NUDGE_OUT')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local id = vim.lsp.start_client({
  name = 'nudge',
  cmd = { bin, 'lsp' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  init_options = { today = '2026-11-28' },
})
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
vim.wait(300)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  table.insert(lines, string.format('%d\t%d\t%s\t%d\t%s', d.lnum + 1, d.col, code, d.severity, d.source or ''))
end
if not ok then table.insert(lines, 'TIMEOUT') end
vim.fn.writefile(lines, out)
vim.cmd('qa!')
"#;

fn nvim() -> Option<String> {
    let out = Command::new("nvim").arg("--version").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    })
}

#[test]
fn neovim_shows_the_diagnostics_of_nudge_check() {
    let Some(version) = nvim() else {
        eprintln!("SKIPPED neovim_shows_the_diagnostics_of_nudge_check: `nvim` is not installed (apt-get install neovim; .ci/run does)");
        return;
    };
    eprintln!("using {version}");
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("attach.lua");
    let out = dir.path().join("diagnostics.tsv");
    std::fs::write(&script, LUA).unwrap();
    let file = std::fs::canonicalize("examples/mistakes.nudge").unwrap();
    let status = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("NUDGE_BIN", env!("CARGO_BIN_EXE_nudge"))
        .env("NUDGE_FILE_UNDER_TEST", &file)
        .env("NUDGE_OUT", &out)
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut got: Vec<(String, u64, u64)> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| {
            assert_ne!(l, "TIMEOUT", "Neovim received no diagnostics");
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f[4], "nudge");
            let line: u64 = f[0].parse().unwrap();
            // Neovim keeps byte columns; the CLI counts characters.
            let byte: usize = f[1].parse().unwrap();
            let col = lines[line as usize - 1][..byte].chars().count() as u64 + 1;
            (f[2].to_string(), line, col)
        })
        .collect();
    let cli = Command::new(env!("CARGO_BIN_EXE_nudge"))
        .args(["check", "--format", "json", "--today", "2026-11-28"])
        .arg(&file)
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let mut want: Vec<(String, u64, u64)> = cli["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file.to_str().unwrap())
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    want.sort();
    assert!(want.len() > 20);
    assert_eq!(got, want);
}

#[test]
fn the_neovim_snippet_in_editors_detects_the_filetype_and_attaches_the_server() {
    let Some(version) = nvim() else {
        eprintln!("SKIPPED the_neovim_snippet_in_editors_detects_the_filetype_and_attaches_the_server: `nvim` is not installed");
        return;
    };
    eprintln!("using {version}");
    let dir = tempfile::tempdir().unwrap();
    let plugin = dir.path().join("nvim/plugin");
    std::fs::create_dir_all(&plugin).unwrap();
    let snippet = std::fs::read_to_string("editors/nvim/nudge.lua")
        .unwrap()
        .replace(
            "cmd = { \"nudge\", \"lsp\" }",
            &format!("cmd = {{ \"{}\", \"lsp\" }}", env!("CARGO_BIN_EXE_nudge")),
        )
        .replace(
            "-- init_options = { today = \"2026-11-28\" },",
            "init_options = { today = \"2026-11-28\" },",
        );
    std::fs::write(plugin.join("nudge.lua"), snippet).unwrap();
    let out = dir.path().join("out.txt");
    let probe = dir.path().join("probe.lua");
    std::fs::write(
        &probe,
        format!(
            "vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)\nvim.fn.writefile({{ vim.bo.filetype, tostring(#vim.diagnostic.get(0)) }}, '{}')\nvim.cmd('qa!')\n",
            out.display()
        ),
    )
    .unwrap();
    let status = Command::new("nvim")
        .args(["--headless", "-i", "NONE", "-n"])
        .arg(std::fs::canonicalize("examples/mistakes.nudge").unwrap())
        .arg("-c")
        .arg(format!("luafile {}", probe.display()))
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let got = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines[0], "nudge");
    assert!(lines[1].parse::<usize>().unwrap() > 20, "{got}");
}
