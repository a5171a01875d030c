//! The `miniapp` binary: parse the command line, run, return the exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = miniapp::cli::Cli::parse();
    miniapp::run(cli)
}
