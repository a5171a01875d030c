//! The `human` format: rustc-like findings with a source snippet and a caret.
//! Color only repeats what the words say, so monochrome output reads the same.

use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::render::Report;
use crate::render::snippet::Snippet;
use crate::render::text::sanitize;

/// Writes every finding as a block, blocks separated by a blank line.
pub(super) fn write(report: &Report<'_>, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint { color };
    for (index, diagnostic) in report.diagnostics.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        write_diagnostic(diagnostic, report, paint, out)?;
    }
    Ok(())
}

/// Writes one finding: headline, place with snippet, help, then its related places.
fn write_diagnostic(
    diagnostic: &Diagnostic,
    report: &Report<'_>,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let gutter = gutter_width(diagnostic);
    let headline = format!("{}[{}]", diagnostic.severity, diagnostic.code);
    writeln!(
        out,
        "{}{}",
        paint.severity(diagnostic.severity, &headline),
        paint.bold(&format!(": {}", sanitize(&diagnostic.message)))
    )?;

    let place = Place { path: &diagnostic.path, location: diagnostic.location };
    write_place(place, diagnostic.severity, report, gutter, paint, out)?;
    let indent = " ".repeat(gutter + 1);
    if let (None, Some(pointer)) = (diagnostic.location, &diagnostic.pointer) {
        writeln!(out, "{indent}= note: at `{}`", sanitize(pointer))?;
    }
    if let Some(help) = &diagnostic.help {
        writeln!(out, "{indent}= {}: {}", paint.help("help"), sanitize(help))?;
    }

    for related in &diagnostic.related {
        writeln!(
            out,
            "{}: {}",
            paint.severity(Severity::Note, "note"),
            sanitize(&related.message)
        )?;
        let place = Place { path: &related.path, location: related.location };
        write_place(place, Severity::Note, report, gutter, paint, out)?;
    }
    Ok(())
}

/// Names a place a block points at.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    path: &'a str,
    location: Option<Location>,
}

/// Writes the ` --> path:line:column` line and, when the source has that line, its snippet.
fn write_place(
    place: Place<'_>,
    severity: Severity,
    report: &Report<'_>,
    gutter: usize,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    if place.path.is_empty() && place.location.is_none() {
        return Ok(());
    }
    // An empty path is the registry itself; `.` names its root folder.
    let path = if place.path.is_empty() { "." } else { place.path };
    let named = match place.location {
        Some(location) => format!("{path}:{}:{}", location.line, location.column),
        None => path.to_owned(),
    };
    writeln!(out, "{}{} {}", " ".repeat(gutter), paint.gutter("-->"), sanitize(&named))?;

    let Some(location) = place.location else { return Ok(()) };
    let source = report.sources.get(place.path);
    let Some(snippet) = source.and_then(|source| Snippet::new(source, location)) else {
        return Ok(());
    };
    let bar = paint.gutter(&format!("{} |", " ".repeat(gutter)));
    let number = paint.gutter(&format!("{:>gutter$} |", location.line));
    let caret = paint.severity(severity, &"^".repeat(snippet.caret_width));
    writeln!(out, "{bar}")?;
    if snippet.text.is_empty() {
        writeln!(out, "{number}")?;
    } else {
        writeln!(out, "{number} {}", snippet.text)?;
    }
    writeln!(out, "{bar} {}{caret}", " ".repeat(snippet.caret_offset))
}

/// Returns how wide the line-number gutter of a block is: the digits of its largest line.
fn gutter_width(diagnostic: &Diagnostic) -> usize {
    let related = diagnostic.related.iter().filter_map(|related| related.location);
    let largest = diagnostic.location.into_iter().chain(related).map(|l| l.line).max();
    largest.unwrap_or(0).max(1).to_string().len()
}

/// Colors text with ANSI escapes when color is on, and leaves it alone otherwise.
#[derive(Debug, Clone, Copy)]
struct Paint {
    color: bool,
}

impl Paint {
    fn paint(self, style: &str, text: &str) -> String {
        if self.color { format!("\u{1b}[{style}m{text}\u{1b}[0m") } else { text.to_owned() }
    }

    fn severity(self, severity: Severity, text: &str) -> String {
        let style = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Note => "1;32",
        };
        self.paint(style, text)
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn gutter(self, text: &str) -> String {
        self.paint("1;34", text)
    }

    fn help(self, text: &str) -> String {
        self.paint("1;36", text)
    }
}
