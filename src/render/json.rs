//! The `json` format: one versioned document with every finding and a summary.
//! Its shape is documented in `docs/output-formats.md`; change it only with `version`.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Location, Related, Severity};
use crate::render::{Report, Summary};

/// The version of the document's shape, bumped on any incompatible change.
const VERSION: u32 = 1;

/// Holds the whole document.
#[derive(Debug, Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

/// Holds one finding; every key is always present, `null` when it has no value.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    code: &'a str,
    severity: Severity,
    path: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    pointer: Option<&'a str>,
    message: &'a str,
    help: Option<&'a str>,
    related: Vec<RelatedEntry<'a>>,
}

/// Holds one related place of a finding.
#[derive(Debug, Serialize)]
struct RelatedEntry<'a> {
    path: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
}

/// Writes the document, pretty-printed, with a final newline.
pub(super) fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: VERSION,
        diagnostics: report.diagnostics.iter().map(entry).collect(),
        summary: Summary::of(report.diagnostics),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn entry(diagnostic: &Diagnostic) -> Entry<'_> {
    let (line, column) = split(diagnostic.location);
    Entry {
        code: diagnostic.code,
        severity: diagnostic.severity,
        path: &diagnostic.path,
        line,
        column,
        pointer: diagnostic.pointer.as_deref(),
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
        related: diagnostic.related.iter().map(related_entry).collect(),
    }
}

fn related_entry(related: &Related) -> RelatedEntry<'_> {
    let (line, column) = split(related.location);
    RelatedEntry { path: &related.path, line, column, message: &related.message }
}

fn split(location: Option<Location>) -> (Option<u32>, Option<u32>) {
    match location {
        Some(location) => (Some(location.line), Some(location.column)),
        None => (None, None),
    }
}
