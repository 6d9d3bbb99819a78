//! `nudge init` (SPEC §3.4): a commented starter journal, created exclusively.

use super::{escape_line, Failure, Io};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the journal [default: ./journal.nudge]
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
}

/// The starter journal: comments, the default policies spelled out, one example opportunity
/// commented out.
pub const STARTER: &str = "\
; My job-search follow-up journal, checked by nudge (`nudge check`, `nudge due`).
;
; One entry per event, newest at the bottom:
;   DATE [HH:MM] [!] KIND OPPORTUNITY [TEXT]
; KIND is apply, interview, thank-you, check-in, reply, withdraw, outcome or note.
; `!` marks a planned message, not sent yet; remove it once sent (`nudge sent`).
; Indented lines under an entry: `key: value` attributes and `| message text`.
; Attributes: with (interview), to (thank-you, check-in, withdraw), expect and next
; (interview, reply), ref (thank-you), value (check-in), via (email, phone, linkedin,
; in-person, other), note.

; Business days and holidays (add `holiday YYYY-MM-DD name` lines as you need them).
workweek mon-fri

; The follow-up policy, at nudge's defaults: change a value to suit you.
policy thank-you-within 24h
policy assumed-wait 5bd
policy first-check-in-after 2..3bd
policy second-check-in-after 6..8d
policy third-check-in-after 7..10d
policy max-check-ins 3
policy withdraw-after 21..28d
policy max-words 150

; An example opportunity: remove the `; ` in front of its lines to try it, or write your own.
; 2026-11-02 10:00 interview acme-sre \"Acme Corp — Senior SRE\"
;     with: Jane Doe <jane@acme.example>
;     expect: 2026-11-09
; 2026-11-02 18:30 thank-you acme-sre
;     to: Jane Doe
;     ref: her team's move from Kafka to NATS
;     | Hi Jane, thank you for the conversation today about ...
";

pub fn run(args: InitArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let path = args.path.unwrap_or_else(|| PathBuf::from("journal.nudge"));
    let shown = escape_line(&path.to_string_lossy());
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Failure(format!(
            "`{shown}` already exists; nudge init never overwrites a file (pick another PATH)"
        )));
    }
    crate::fs::create_new(&path, STARTER).map_err(|e| match e {
        crate::fs::WriteError::Io { source, .. }
            if source.kind() == std::io::ErrorKind::AlreadyExists =>
        {
            Failure(format!(
                "`{shown}` already exists; nudge init never overwrites a file (pick another PATH)"
            ))
        }
        e => Failure::Write(e),
    })?;
    // The journal is private from the start (SPEC §4); belt and braces over create_new.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    }
    writeln!(
        io.err,
        "created {shown}: add your first entry with `nudge add`, or open it in your editor"
    )?;
    Ok(0)
}
