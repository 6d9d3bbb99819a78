//! `nudge completions SHELL` and `nudge man`: rendered into a buffer first, so a closed pipe is
//! an ordinary write error instead of a panic.

use super::{Failure, Io};
use clap::Args;
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: CompletionsArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut super::command(), "nudge", &mut buf);
    io.out.write_all(&buf)?;
    Ok(0)
}

pub fn man(io: &mut Io<'_>) -> Result<i32, Failure> {
    let mut buf = Vec::new();
    let cmd = super::command();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    io.out.write_all(&buf)?;
    Ok(0)
}
