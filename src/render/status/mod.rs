//! Renders lifecycle states for `status` and timelines for `history`: table, JSON,
//! Markdown, Mermaid and HTML. Computing them is left to `lifecycle`.

mod html;
mod json;
mod markdown;
mod mermaid;
mod table;

use std::io::{self, Write};

use time::{Duration, OffsetDateTime, UtcOffset};

use crate::cli::{HistoryFormat, StatusFormat};
use crate::lifecycle::{Item, Provenance, Report};

/// Length of a short commit id.
const SHORT: usize = 7;

/// Writes the states of `items` in the given format.
pub fn write_status(
    format: StatusFormat,
    report: &Report,
    items: &[&Item],
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        StatusFormat::Table => table::status(report, items, out),
        StatusFormat::Json => json::status(report, items, out),
        StatusFormat::Markdown => markdown::status(report, items, out),
        StatusFormat::Mermaid => mermaid::status(items, out),
        StatusFormat::Html => html::status(report, items, out),
    }
}

/// Writes the timelines of `items`, oldest transition first, in the given format.
pub fn write_history(
    format: HistoryFormat,
    report: &Report,
    items: &[&Item],
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        HistoryFormat::Table => table::history(report, items, out),
        HistoryFormat::Json => json::history(report, items, out),
        HistoryFormat::Markdown => markdown::history(report, items, out),
        HistoryFormat::Mermaid => mermaid::history(report.offset, items, out),
    }
}

/// Formats a time as RFC 3339 in the registry's offset.
pub fn rfc3339(time: OffsetDateTime, offset: UtcOffset) -> String {
    time.to_offset(offset)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| time.unix_timestamp().to_string())
}

/// Formats a time for people: `2024-03-01 10:00 +07:00`, in the registry's offset.
pub fn display_time(time: OffsetDateTime, offset: UtcOffset) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute] [offset_hour sign:mandatory]:[offset_minute]"
    );
    time.to_offset(offset).format(format).unwrap_or_else(|_| rfc3339(time, offset))
}

/// Formats an age as its two largest units: `3d 4h`, `5h 2m`, `12m`; a future time is `0m`.
pub fn age(elapsed: Duration) -> String {
    let minutes = elapsed.whole_minutes().max(0);
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{minutes}m"),
        (0, _) => format!("{hours}h {minutes}m"),
        _ => format!("{days}d {hours}h"),
    }
}

pub(super) fn short(provenance: &Provenance) -> String {
    provenance.commit.to_string().chars().take(SHORT).collect()
}

/// Returns the status columns of one item: kind, id, state, since, age, overdue, branch.
pub(super) fn status_row(report: &Report, item: &Item) -> [String; 7] {
    let current = item.current();
    [
        item.id.kind().as_str().to_owned(),
        item.id.to_string(),
        current.state.as_str().to_owned(),
        display_time(current.provenance.time, report.offset),
        age(report.now - current.provenance.time),
        if item.overdue { "overdue".to_owned() } else { "-".to_owned() },
        item.branch.clone().unwrap_or_else(|| "-".to_owned()),
    ]
}

#[cfg(test)]
mod tests;
