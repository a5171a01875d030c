//! `miniapp history ITEM`: one item's timeline, oldest transition first.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::HistoryArgs;
use crate::commands::{self, EXIT_CLEAN, status};
use crate::lifecycle::Item;
use crate::render;
use crate::settings::Settings;

/// Runs `miniapp history`.
pub fn run(settings: &Settings, args: &HistoryArgs) -> anyhow::Result<ExitCode> {
    let wanted = status::parse_items(std::slice::from_ref(&args.item))?;
    let report = status::load(settings, args.reading.at.as_deref(), args.reading.now.as_deref())?;
    status::require_known(&wanted, std::slice::from_ref(&args.item), &report)?;

    let items: Vec<&Item> = report.items.iter().filter(|item| wanted.contains(&item.id)).collect();
    if items.is_empty() {
        return Err(commands::with_hint(
            format!("no history for `{}`", args.item),
            "`miniapp status` lists every item with a history",
        ));
    }
    let mut stdout = std::io::stdout().lock();
    render::status::write_history(args.format, &report, &items, &mut stdout)
        .and_then(|()| stdout.flush())
        .context("failed to write the history")?;
    Ok(ExitCode::from(EXIT_CLEAN))
}
