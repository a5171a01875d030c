//! `miniapp completions SHELL`: prints a completion script generated from the clap types.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::commands::EXIT_CLEAN;

/// Runs `miniapp completions`.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let script = script(args.shell);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&script).context("failed to write to stdout")?;
    stdout.flush().context("failed to write to stdout")?;
    Ok(ExitCode::from(EXIT_CLEAN))
}

/// Generates the completion script of `miniapp` for a shell.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "miniapp", &mut script);
    script
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;
    use clap_complete::Shell;

    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in Shell::value_variants() {
            let script = String::from_utf8(script(*shell)).expect("scripts are UTF-8");
            for name in ["validate", "schema", "init", "check", "completions", "man"] {
                assert!(script.contains(name), "{shell}: `{name}` is missing");
            }
        }
    }
}
