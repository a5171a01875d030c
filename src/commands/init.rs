//! `miniapp init --example DIR`: creates the example registry repository and says how
//! to explore it. The repository itself is built by `example`.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::InitArgs;
use crate::commands::{self, EXIT_CLEAN};
use crate::example::{self, STORY_NOW};
use crate::settings::Settings;

/// Runs `miniapp init`.
pub fn run(settings: &Settings, args: &InitArgs) -> anyhow::Result<ExitCode> {
    if !args.example {
        return Err(commands::with_hint(
            "`miniapp init` needs `--example` for now",
            "run `miniapp init --example DIR` to create the example registry",
        ));
    }
    let dir = settings.directory.join(&args.dir);
    let created = example::init(&dir)
        .with_context(|| format!("failed to create the example registry in `{}`", dir.display()))?;

    if !settings.quiet {
        eprintln!("created the example registry in `{}`", dir.display());
        eprintln!("branches:");
        for (name, tip) in &created.branches {
            eprintln!("  {name}  {tip}");
        }
        eprintln!("the story ends at {STORY_NOW}; to see every lifecycle state, run:");
        eprintln!("  miniapp -C {} status --now {STORY_NOW}", dir.display());
    }
    Ok(ExitCode::from(EXIT_CLEAN))
}
