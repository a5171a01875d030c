//! `miniapp status`: every item's lifecycle state, computed from history, and the
//! integrity findings on the production branch.

mod guards;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use time::OffsetDateTime;

use crate::cli::StatusArgs;
use crate::commands::{self, EXIT_CLEAN, EXIT_FINDINGS};
use crate::history::{HistoryError, Repository};
use crate::lifecycle::{self, Item, ItemId, LifecycleError, Report};
use crate::render;
use crate::settings::Settings;

/// Runs `miniapp status`.
pub fn run(settings: &Settings, args: &StatusArgs) -> anyhow::Result<ExitCode> {
    let filters = parse_items(&args.items)?;
    let report = load(settings, args.reading.at.as_deref(), args.reading.now.as_deref())?;
    guards::require_known(&filters, &args.items, &report)?;

    let items: Vec<&Item> = report
        .items
        .iter()
        .filter(|item| filters.is_empty() || filters.iter().any(|filter| item.id.is_within(filter)))
        .collect();
    let mut stdout = std::io::stdout().lock();
    render::status::write_status(args.format, &report, &items, &mut stdout)
        .and_then(|()| stdout.flush())
        .context("failed to write the status")?;

    let findings = items.iter().map(|item| item.findings.len()).sum::<usize>();
    if !settings.quiet {
        let overdue = items.iter().filter(|item| item.overdue).count();
        eprintln!(
            "{} on `{}`: {} overdue, {}",
            commands::plural(items.len(), "item", "items"),
            render::text::sanitize(&report.production),
            overdue,
            commands::plural(findings, "integrity finding", "integrity findings"),
        );
    }
    Ok(ExitCode::from(if findings > 0 { EXIT_FINDINGS } else { EXIT_CLEAN }))
}

/// Parses item ids given on the command line.
pub(super) fn parse_items(texts: &[String]) -> anyhow::Result<Vec<ItemId>> {
    texts
        .iter()
        .map(|text| {
            ItemId::parse(text).ok_or_else(|| {
                commands::with_hint(
                    format!("`{text}` is not an item id"),
                    "name a partner (`acme`), an app (`acme/shop`) or a rollout \
                     (`acme/shop/rollouts/2.1.0`)",
                )
            })
        })
        .collect()
}

/// Opens the repository and computes every item's lifecycle, turning failures into
/// one error line with a hint.
pub(super) fn load(
    settings: &Settings,
    at: Option<&str>,
    now: Option<&str>,
) -> anyhow::Result<Report> {
    let now = match now {
        Some(text) => OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .map_err(|_| {
            commands::with_hint(
                format!("`{text}` is not an RFC 3339 time"),
                "write it like `2024-03-01T10:00:00+07:00`",
            )
        })?,
        None => OffsetDateTime::now_utc(),
    };
    let repo =
        Repository::open(&guards::registry_root(&settings.directory)).map_err(
            |error| match error {
                HistoryError::NotARepository { path, .. } => commands::with_hint(
                    format!("`{}` is not inside a git repository", path.display()),
                    "run miniapp in a clone of the registry, or pass `-C DIR`",
                ),
                other => anyhow::Error::new(other),
            },
        )?;
    let options = lifecycle::Options {
        reader: crate::validate::read_typed,
        revision: at.map(str::to_owned),
        now,
        progress: !settings.quiet,
    };
    guards::check_settings(&repo, at.unwrap_or("HEAD"))?;
    // Drops any record left by an earlier computation in this process.
    crate::integrity::take();
    let report = lifecycle::compute_cached(&repo, &options).map_err(explain)?;
    if let Some(unreadable) = crate::integrity::take() {
        return Err(guards::corrupt(&repo, &unreadable));
    }
    guards::warn_if_clock_early(&report);
    Ok(report)
}

/// Fails on the first item id that names nothing in the report.
pub(super) fn require_known(
    filters: &[ItemId],
    texts: &[String],
    report: &Report,
) -> anyhow::Result<()> {
    guards::require_known(filters, texts, report)
}

/// Tells how to turn a shallow clone into a full one; `check` gives the same hint.
pub(super) const SHALLOW_HINT: &str = "fetch the full history with `git fetch --unshallow`, or \
     set `fetch-depth: 0` on `actions/checkout` in the workflow";

fn explain(error: LifecycleError) -> anyhow::Error {
    match error {
        LifecycleError::Shallow => commands::with_hint(
            "the repository is a shallow clone: lifecycle states need its full history",
            SHALLOW_HINT,
        ),
        LifecycleError::Empty => {
            commands::with_hint("the repository has no commits yet", "commit `registry.yaml` first")
        }
        LifecycleError::NoRegistry { revision } => commands::with_hint(
            format!("no registry at `{revision}`: `registry.yaml` is missing"),
            "run miniapp in a registry's root folder, or pass `-C DIR`",
        ),
        LifecycleError::ProductionMissing { branch } => commands::with_hint(
            format!("the production branch `{branch}` does not exist here"),
            format!(
                "fetch it with `git fetch origin {branch}`, set `production_branch` in \
                 `registry.yaml`, or read a revision with `--at REV`"
            ),
        ),
        LifecycleError::History(HistoryError::Resolve { revision, .. }) => commands::with_hint(
            format!("`{revision}` does not name a commit"),
            "pass a branch, a tag or a commit id",
        ),
        other => anyhow::Error::new(other),
    }
}
