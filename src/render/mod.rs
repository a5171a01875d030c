//! Renders findings in every output format: human, json, github, sarif, markdown.
//! What to render is decided by `commands`; each format lives in a file of its own.

pub(crate) mod github;
mod human;
pub(crate) mod json;
pub(crate) mod markdown;
mod sarif;
mod snippet;
pub(crate) mod text;

#[cfg(test)]
mod tests;

pub mod status;

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::cli::DiagnosticFormat;
use crate::diagnostic::{Diagnostic, Severity};

/// Holds what a findings report shows.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The findings, already sorted.
    pub diagnostics: &'a [Diagnostic],
    /// Source text by path, for snippets.
    pub sources: &'a BTreeMap<String, String>,
    /// Prefix joined to each path for formats that name files from the repository root
    /// (`github`, `sarif`); empty when the registry is the repository root.
    pub path_prefix: &'a str,
}

/// Writes a findings report in the given format.
pub fn write_report(
    format: DiagnosticFormat,
    report: &Report<'_>,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        DiagnosticFormat::Human => human::write(report, color, out),
        DiagnosticFormat::Json => json::write(report, out),
        DiagnosticFormat::Github => github::write(report, out),
        DiagnosticFormat::Sarif => sarif::write(report, out),
        DiagnosticFormat::Markdown => markdown::write(report, out),
    }
}

/// Counts findings by severity, for the summaries some formats end with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
}

impl Summary {
    /// Counts the findings of a report.
    fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut summary = Self::default();
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Note => summary.notes += 1,
            }
        }
        summary
    }
}
