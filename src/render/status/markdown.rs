//! The `markdown` format of `status` and `history`, for pull requests and job summaries.
//! Values go through `render::markdown`, whose code spans and cells nothing breaks out of.

use std::io::{self, Write};

use crate::lifecycle::{Item, Report};
use crate::render::markdown::{cell, code};
use crate::render::status::{display_time, short, status_row};

/// Writes one table row per item, then the integrity findings as a list.
pub(super) fn status(report: &Report, items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| kind | id | state | since | age | overdue | branch |")?;
    writeln!(out, "|---|---|---|---|---|---|---|")?;
    for item in items {
        let [kind, id, state, since, age, overdue, branch] = status_row(report, item);
        let branch = item.branch.as_deref().map_or(branch, code);
        let overdue = if item.overdue { "**overdue**".to_owned() } else { overdue };
        writeln!(
            out,
            "| {kind} | {} | {state} | {since} | {age} | {overdue} | {branch} |",
            code(&id)
        )?;
    }
    let findings: Vec<_> = items.iter().flat_map(|item| &item.findings).collect();
    if !findings.is_empty() {
        writeln!(out, "\n**Integrity findings**\n")?;
    }
    for finding in findings {
        writeln!(
            out,
            "- {} {}: {}",
            code(finding.code),
            code(&finding.path),
            cell(&finding.message)
        )?;
    }
    Ok(())
}

/// Names an item and the branch it is open on, each in a code span of its own.
fn heading(item: &Item) -> String {
    let id = code(&item.id.to_string());
    match &item.branch {
        Some(branch) => format!("{id} on branch {}", code(branch)),
        None => id,
    }
}

/// Writes a heading and a table of transitions per item.
pub(super) fn history(report: &Report, items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        writeln!(out, "### {}\n", heading(item))?;
        writeln!(out, "| time | commit | state | author | file |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for transition in &item.timeline {
            let provenance = &transition.provenance;
            writeln!(
                out,
                "| {} | `{}` | {} | {} | {} |",
                display_time(provenance.time, report.offset),
                short(provenance),
                transition.state.as_str(),
                cell(&provenance.author.name),
                code(&provenance.file),
            )?;
        }
    }
    Ok(())
}
