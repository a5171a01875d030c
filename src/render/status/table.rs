//! The `table` format of `status` and `history`: aligned plain text for a terminal.
//! Every value from the registry or git passes through the one sanitiser first.

use std::io::{self, Write};

use crate::lifecycle::{Item, ItemKind, Report};
use crate::render::status::{display_time, short, status_row};
use crate::render::text::{pad, sanitize, width};

const STATUS_HEADER: [&str; 7] = ["KIND", "ID", "STATE", "SINCE", "AGE", "OVERDUE", "BRANCH"];

/// Writes one aligned row per item, then the integrity findings.
pub(super) fn status(report: &Report, items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    if items.is_empty() {
        return writeln!(out, "no items");
    }
    let rows: Vec<[String; 7]> =
        items.iter().map(|item| status_row(report, item).map(|cell| sanitize(&cell))).collect();
    let header = STATUS_HEADER.map(str::to_owned);
    let mut widths = [0; 7];
    for row in std::iter::once(&header).chain(&rows) {
        for (column, cell) in widths.iter_mut().zip(row) {
            *column = (*column).max(width(cell));
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> =
            row.iter().zip(widths).map(|(cell, columns)| pad(cell, columns)).collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    findings(items, out)
}

/// Writes the integrity findings of the items, one line each, after a blank line.
fn findings(items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    let findings: Vec<_> = items.iter().flat_map(|item| &item.findings).collect();
    if !findings.is_empty() {
        writeln!(out)?;
    }
    for finding in findings {
        writeln!(
            out,
            "{}[{}]: {}: {}",
            finding.severity,
            finding.code,
            sanitize(&finding.path),
            sanitize(&finding.message)
        )?;
    }
    Ok(())
}

/// Names an item and the branch it is open on, sanitized.
fn heading(item: &Item) -> String {
    let id = sanitize(&item.id.to_string());
    match &item.branch {
        Some(branch) => format!("{id} on branch `{}`", sanitize(branch)),
        None => id,
    }
}

/// Writes each item's heading and one line per transition.
pub(super) fn history(report: &Report, items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        // Only rollouts go through review rounds; other kinds have no revision count.
        if item.id.kind() == ItemKind::Rollout {
            let revisions =
                crate::commands::plural(item.revisions as usize, "revision", "revisions");
            writeln!(out, "{} ({revisions})", heading(item))?;
        } else {
            writeln!(out, "{}", heading(item))?;
        }
        let columns = item.timeline.iter().map(|t| t.state.as_str().len()).max().unwrap_or(0);
        for transition in &item.timeline {
            let provenance = &transition.provenance;
            writeln!(
                out,
                "  {}  {}  {:<columns$}  {} <{}>  {}",
                display_time(provenance.time, report.offset),
                short(provenance),
                transition.state.as_str(),
                sanitize(&provenance.author.name),
                sanitize(&provenance.author.email),
                sanitize(&provenance.file),
            )?;
        }
    }
    Ok(())
}
