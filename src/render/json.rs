//! The `json` format: one versioned document with every finding and a summary.
//! Its shape is documented in `docs/output-formats.md`; change it only with `version`.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Location, Related, Severity};
use crate::render::text::is_hazard;
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
    writeln!(out, "{}", to_text(&document)?)
}

/// Serializes a value pretty-printed, with every hazard serde leaves as it is (DEL, C1
/// controls, bidi overrides, line separators) written as a `\uXXXX` escape: the document
/// means the same, but its bytes cannot steer a terminal it is printed to.
pub(crate) fn to_text(value: &impl Serialize) -> io::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(escape_hazards(&text))
}

/// Writes hazards in JSON text as `\uXXXX` escapes. JSON's own syntax is ASCII, and serde
/// escapes C0 controls already, so every hazard left stands inside a string.
fn escape_hazards(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if is_hazard(character) && !character.is_ascii_whitespace() {
            let mut units = [0; 2];
            for unit in character.encode_utf16(&mut units) {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            escaped.push(character);
        }
    }
    escaped
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_bidi_and_c1_but_means_the_same() {
        let value = serde_json::json!({ "m": "a\u{202e}b\u{9b}c\u{7f}d\u{2028}e\u{1b}f\ng" });

        let text = to_text(&value).expect("a JSON value serializes");

        assert!(text.contains(r"a\u202eb\u009bc\u007fd\u2028e\u001bf\ng"), "{text}");
        assert!(!text.chars().any(|c| is_hazard(c) && c != '\n'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, value);
    }
}
