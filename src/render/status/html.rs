//! A static HTML page of every item's state: inline style, no external assets, every
//! value from the registry escaped.

use std::io::{self, Write};

use crate::lifecycle::{Item, Report};
use crate::render::status::{rfc3339, status_row};
use crate::render::text::is_hazard;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}\
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}\
th{background:#f4f4f4}.overdue{font-weight:bold}code{font-family:ui-monospace,monospace}";

/// Escapes text for HTML element content and attribute values; hazards (control
/// characters, bidi overrides) become `�`, so a value cannot reorder the page around it.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ if is_hazard(c) => escaped.push(char::REPLACEMENT_CHARACTER),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Writes the page.
pub(super) fn status(report: &Report, items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    let name = report.settings.name.trim();
    let title = format!("{} lifecycle", if name.is_empty() { "Registry" } else { name });
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\"><head><meta charset=\"utf-8\">")?;
    writeln!(out, "<title>{}</title><style>{STYLE}</style></head><body>", escape(&title))?;
    writeln!(out, "<h1>{}</h1>", escape(&title))?;
    writeln!(
        out,
        "<p>Production branch <code>{}</code>, as of {}.</p>",
        escape(&report.production),
        escape(&rfc3339(report.now, report.offset))
    )?;
    writeln!(out, "<table><thead><tr><th>Kind</th><th>Id</th><th>State</th><th>Since</th>")?;
    writeln!(
        out,
        "<th>Age</th><th>Overdue</th><th>Branch</th><th>Commit</th></tr></thead><tbody>"
    )?;
    for item in items {
        let cells = status_row(report, item);
        let class = if item.overdue { " class=\"overdue\"" } else { "" };
        write!(out, "<tr{class}>")?;
        for cell in &cells {
            write!(out, "<td>{}</td>", escape(cell))?;
        }
        let provenance = &item.current().provenance;
        writeln!(
            out,
            "<td><code title=\"{}\">{}</code></td></tr>",
            escape(&format!("{} <{}>", provenance.author.name, provenance.author.email)),
            escape(&super::short(provenance))
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    let findings: Vec<_> = items.iter().flat_map(|item| &item.findings).collect();
    if !findings.is_empty() {
        writeln!(out, "<h2>Integrity findings</h2><ul>")?;
        for finding in findings {
            writeln!(
                out,
                "<li><code>{}</code> <code>{}</code>: {}</li>",
                escape(finding.code),
                escape(&finding.path),
                escape(&finding.message)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</body></html>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(escape("a\u{202e}b\u{1b}[2J"), "a\u{fffd}b\u{fffd}[2J");
    }
}
