//! The `miniapp` binary: parse the command line, run, return the exit code.

use std::process::ExitCode;

use clap::Parser;

#[expect(unsafe_code, reason = "sets libgit2's global options before any thread starts")]
fn main() -> ExitCode {
    // SAFETY: nothing has started a thread or touched libgit2 yet.
    unsafe { miniapp::history::bound_pack_mapping() };
    let cli = miniapp::cli::Cli::parse();
    miniapp::run(cli)
}
