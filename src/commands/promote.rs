//! `miniapp promote --out DIR`: writes the production catalog of live apps and, with
//! `--tag`, tags each rollout that has been live; running it twice changes nothing.

use std::process::ExitCode;

use anyhow::Context;

use crate::catalog::{self, TagOutcome};
use crate::cli::PromoteArgs;
use crate::commands::{self, EXIT_CLEAN};
use crate::history::Repository;
use crate::settings::Settings;

/// Runs `miniapp promote`.
pub fn run(settings: &Settings, args: &PromoteArgs) -> anyhow::Result<ExitCode> {
    // The clock only ages items, which the catalog never shows: a fixed one keeps it pure.
    let report = commands::status::load(settings, args.at.as_deref(), Some(EPOCH))?;
    let repo = Repository::open(&settings.directory)?;
    let (catalog, landed) = catalog::build(&repo, &report)?;

    // Like `git -C`, a relative `--out` is taken from the registry folder.
    let out = &settings.directory.join(&args.out);
    std::fs::create_dir_all(out)
        .with_context(|| format!("failed to create `{}`", out.display()))?;
    let target = out.join("catalog.json");
    let text = catalog::to_json(&catalog);
    let unchanged = std::fs::read(&target).is_ok_and(|bytes| bytes == text.as_bytes());
    if !unchanged {
        commands::review::write_atomic(&target, &text)?;
    }
    if !settings.quiet {
        let verb = if unchanged { "kept" } else { "wrote" };
        eprintln!(
            "{verb} `{}`: {} at `{}` ({})",
            args.out.join("catalog.json").display(),
            commands::plural(catalog.apps.len(), "live app", "live apps"),
            report.production,
            &catalog.production.commit[..12.min(catalog.production.commit.len())],
        );
    }

    if args.tag {
        let outcomes = catalog::tag_live_rollouts(&repo, &landed)?;
        let created: Vec<&str> = outcomes
            .iter()
            .filter_map(|outcome| match outcome {
                TagOutcome::Created(name) => Some(name.as_str()),
                TagOutcome::Existing(_) => None,
            })
            .collect();
        for name in &created {
            eprintln!("tagged `{name}`");
        }
        if !settings.quiet {
            eprintln!(
                "{} created, {} existing",
                commands::plural(created.len(), "tag", "tags"),
                outcomes.len() - created.len()
            );
        }
    }
    Ok(ExitCode::from(EXIT_CLEAN))
}

/// A fixed clock for the lifecycle computation, which only uses it for ages.
const EPOCH: &str = "1970-01-01T00:00:00Z";
