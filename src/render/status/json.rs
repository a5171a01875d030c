//! The JSON forms of `status` and `history`: one entry per item or per transition,
//! serialized straight to the output as it goes. Their shape is in `docs/output-formats.md`.

use std::io::{self, Write};

use serde::Serialize;
use time::UtcOffset;

use crate::diagnostic::Diagnostic;
use crate::lifecycle::{Item, Provenance, Report, Transition};
use crate::render::json::{Sequence, write_pretty};
use crate::render::status::rfc3339;

/// Writes the states of `items` as a JSON array, one object per item.
pub(super) fn status(report: &Report, items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    let entries = Sequence(|| items.iter().map(|item| StatusEntry::new(report, item)));
    write_pretty(&entries, out)
}

/// Writes the timelines of `items` as a JSON array, one object per transition.
pub(super) fn history(report: &Report, items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    let entries = Sequence(|| {
        items.iter().flat_map(|item| {
            item.timeline
                .iter()
                .map(|transition| HistoryEntry::new(report.offset, item, transition))
        })
    });
    write_pretty(&entries, out)
}

/// Holds one item's state; the keys are in the documented order.
#[derive(Serialize)]
struct StatusEntry<'a> {
    kind: &'static str,
    id: String,
    state: &'static str,
    since: String,
    /// Seconds in the state; a state entered after `--now` counts 0.
    age_seconds: i64,
    overdue: bool,
    branch: Option<&'a str>,
    commit: String,
    revisions: u32,
    provenance: ProvenanceEntry<'a>,
    findings: &'a [Diagnostic],
}

impl<'a> StatusEntry<'a> {
    fn new(report: &Report, item: &'a Item) -> Self {
        let current = item.current();
        Self {
            kind: item.id.kind().as_str(),
            id: item.id.to_string(),
            state: current.state.as_str(),
            since: rfc3339(current.provenance.time, report.offset),
            age_seconds: (report.now - current.provenance.time).whole_seconds().max(0),
            overdue: item.overdue,
            branch: item.branch.as_deref(),
            commit: current.provenance.commit.to_string(),
            revisions: item.revisions,
            provenance: ProvenanceEntry::new(report.offset, &current.provenance),
            findings: &item.findings,
        }
    }
}

/// Holds one transition of an item: its state, what moved it there, then which item.
#[derive(Serialize)]
struct HistoryEntry<'a> {
    state: &'static str,
    #[serde(flatten)]
    provenance: ProvenanceEntry<'a>,
    id: String,
    kind: &'static str,
    branch: Option<&'a str>,
}

impl<'a> HistoryEntry<'a> {
    fn new(offset: UtcOffset, item: &'a Item, transition: &'a Transition) -> Self {
        Self {
            state: transition.state.as_str(),
            provenance: ProvenanceEntry::new(offset, &transition.provenance),
            id: item.id.to_string(),
            kind: item.id.kind().as_str(),
            branch: item.branch.as_deref(),
        }
    }
}

/// Holds the commit that moved an item into a state.
#[derive(Serialize)]
struct ProvenanceEntry<'a> {
    commit: String,
    time: String,
    author: AuthorEntry<'a>,
    file: &'a str,
}

/// Holds the author of a commit.
#[derive(Serialize)]
struct AuthorEntry<'a> {
    name: &'a str,
    email: &'a str,
}

impl<'a> ProvenanceEntry<'a> {
    fn new(offset: UtcOffset, provenance: &'a Provenance) -> Self {
        Self {
            commit: provenance.commit.to_string(),
            time: rfc3339(provenance.time, offset),
            author: AuthorEntry { name: &provenance.author.name, email: &provenance.author.email },
            file: &provenance.file,
        }
    }
}
