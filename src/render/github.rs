//! The `github` format: GitHub Actions workflow commands that annotate files in a run.
//! Escaping follows the runner's rules for command data and properties.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Severity};
use crate::render::Report;
use crate::render::text::is_hazard;

/// Writes one `::error`, `::warning` or `::notice` command per finding.
pub(super) fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for diagnostic in report.diagnostics {
        writeln!(out, "{}", command(diagnostic, report.path_prefix))?;
    }
    Ok(())
}

/// Returns the workflow command of one finding, without its line break.
fn command(diagnostic: &Diagnostic, path_prefix: &str) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = Vec::new();
    if !diagnostic.path.is_empty() {
        properties.push(("file", format!("{path_prefix}{}", diagnostic.path)));
    }
    if let Some(location) = diagnostic.location {
        properties.push(("line", location.line.to_string()));
        properties.push(("col", location.column.to_string()));
    }
    properties.push(("title", format!("miniapp {}", diagnostic.code)));
    let properties: Vec<String> = properties
        .into_iter()
        .map(|(key, value)| format!("{key}={}", escape_property(&value)))
        .collect();

    format!("::{name} {}::{}", properties.join(","), escape_data(&message(diagnostic, path_prefix)))
}

/// Returns the annotation's text: the message, its help and its related places, a line each.
fn message(diagnostic: &Diagnostic, path_prefix: &str) -> String {
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        let _ = write!(text, "\nhelp: {help}");
    }
    for related in &diagnostic.related {
        let _ = write!(text, "\nnote: {path_prefix}{}", related.path);
        if let Some(location) = related.location {
            let _ = write!(text, ":{}:{}", location.line, location.column);
        }
        let _ = write!(text, ": {}", related.message);
    }
    text
}

/// Escapes a command's data: `%`, `\r` and `\n` become percent escapes, and every other
/// hazard (ESC and the other control characters, bidi overrides) becomes `�`, since the
/// runner writes the text to its log as it is.
pub(crate) fn escape_data(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '%' => escaped.push_str("%25"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            _ if is_hazard(character) => escaped.push(char::REPLACEMENT_CHARACTER),
            _ => escaped.push(character),
        }
    }
    escaped
}

/// Escapes a property value: as data, plus `:` and `,`, which end a value.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Location, Related};

    #[test]
    fn github_command_escapes_terminal_escapes_and_bidi() {
        let cases = [
            ("plain", "plain", "plain"),
            ("100%", "100%25", "100%25"),
            ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
            ("key: a, b", "key: a, b", "key%3A a%2C b"),
            ("%0A", "%250A", "%250A"),
            ("::stop-commands::x", "::stop-commands::x", "%3A%3Astop-commands%3A%3Ax"),
            (
                "E\u{1b}[2J\u{1b}]0;pwned\u{7}",
                "E\u{fffd}[2J\u{fffd}]0;pwned\u{fffd}",
                "E\u{fffd}[2J\u{fffd}]0;pwned\u{fffd}",
            ),
            (
                "a\u{202e}b\u{2067}c\u{9b}d",
                "a\u{fffd}b\u{fffd}c\u{fffd}d",
                "a\u{fffd}b\u{fffd}c\u{fffd}d",
            ),
        ];
        for (text, data, property) in cases {
            assert_eq!(escape_data(text), data, "data {text:?}");
            assert_eq!(escape_property(text), property, "property {text:?}");
        }
    }

    #[test]
    fn keeps_every_finding_on_one_line_with_help_and_related_places() {
        let diagnostic = Diagnostic::warning("rule-x", "a,b:c.yaml", "50% done\nnext: `x`")
            .at(Some(Location { line: 3, column: 7 }))
            .with_help("fix it")
            .with_related(Related {
                path: "d.yaml".to_owned(),
                location: Some(Location { line: 1, column: 1 }),
                message: "here".to_owned(),
            });

        let line = command(&diagnostic, "registry/");

        assert_eq!(
            line,
            "::warning file=registry/a%2Cb%3Ac.yaml,line=3,col=7,title=miniapp rule-x::\
             50%25 done%0Anext: `x`%0Ahelp: fix it%0Anote: registry/d.yaml:1:1: here"
        );
    }

    #[test]
    fn leaves_out_file_and_place_when_unknown() {
        let mut diagnostic = Diagnostic::error("registry-x", "", "broken");
        diagnostic.severity = Severity::Note;

        assert_eq!(command(&diagnostic, "sub/"), "::notice title=miniapp registry-x::broken");
    }
}
