//! The `sarif` format: a SARIF 2.1.0 log with one run, for code scanning.
//! Rules come from the documented codes; output is deterministic for a given report.

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diagnostic::{self, CodeInfo, Diagnostic, Location, Severity};
use crate::render::text::sanitize;
use crate::render::{Report, json};

/// The schema the log declares: the OASIS SARIF 2.1.0 schema with its errata.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Writes the log, pretty-printed, with a final newline.
pub(super) fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    json::write_pretty(&log(report, &diagnostic::all_codes()), out)
}

/// Builds the whole log; `known` holds the documented codes the rules are described from.
pub(super) fn log(report: &Report<'_>, known: &[CodeInfo]) -> Value {
    let codes: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| result(diagnostic, &codes, report.path_prefix))
        .collect();

    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "miniapp",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": codes.iter().map(|code| rule(code, known)).collect::<Vec<_>>(),
                }
            },
            // Our columns count characters, not SARIF's default UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// Describes one code as a rule, with its summary from the documented codes.
fn rule(code: &str, known: &[CodeInfo]) -> Value {
    let info = known.iter().find(|info| info.code == code);
    let mut rule = json!({ "id": code });
    if let Some(info) = info {
        rule["shortDescription"] = json!({ "text": info.summary });
        rule["defaultConfiguration"] = json!({ "level": level(info.severity) });
    }
    rule
}

/// Builds one result; `codes` is the sorted rule list, whose index the result names.
fn result(diagnostic: &Diagnostic, codes: &[&str], path_prefix: &str) -> Value {
    let mut result = json!({
        "ruleId": diagnostic.code,
        "level": level(diagnostic.severity),
        "message": { "text": text(diagnostic) },
    });
    if let Ok(index) = codes.binary_search(&diagnostic.code) {
        result["ruleIndex"] = json!(index);
    }
    // A finding about the registry as a whole names no file, so it has no location.
    if !diagnostic.path.is_empty() {
        let location = physical(path_prefix, &diagnostic.path, diagnostic.location);
        result["locations"] = json!([{ "physicalLocation": location }]);
    }
    if !diagnostic.related.is_empty() {
        let related: Vec<Value> = (1..)
            .zip(&diagnostic.related)
            .map(|(id, related)| {
                json!({
                    "id": id,
                    "physicalLocation": physical(path_prefix, &related.path, related.location),
                    "message": { "text": message_text(&related.message) },
                })
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    result
}

/// Returns a result's message: the finding's message, then its help on a line of its own.
fn text(diagnostic: &Diagnostic) -> String {
    let message = message_text(&diagnostic.message);
    match &diagnostic.help {
        Some(help) => format!("{message}\nhelp: {}", message_text(help)),
        None => message,
    }
}

/// Returns a message for a SARIF viewer, which renders it: line breaks stay, every other
/// hazard (control characters, bidi overrides) becomes `�`.
fn message_text(text: &str) -> String {
    text.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

fn physical(path_prefix: &str, path: &str, location: Option<Location>) -> Value {
    let uri = encode_uri_path(&format!("{path_prefix}{path}"));
    let mut physical = json!({ "artifactLocation": { "uri": uri } });
    // SARIF lines start at 1; a line 0 would make the whole log invalid, so it is left out.
    if let Some(location) = location.filter(|location| location.line > 0) {
        physical["region"] =
            json!({ "startLine": location.line, "startColumn": location.column.max(1) });
    }
    physical
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Percent-encodes a relative path into a URI reference (RFC 3986), keeping `/` and the
/// unreserved characters, so paths with spaces or Vietnamese names stay valid URIs.
fn encode_uri_path(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sarif_message_replaces_bidi_and_control_characters() {
        let cases = [
            ("plain\nsecond line", "plain\nsecond line"),
            ("x\u{202e}y\u{2066}z", "x\u{fffd}y\u{fffd}z"),
            ("E\u{1b}[2J\r\u{9b}", "E\u{fffd}[2J\u{fffd}\u{fffd}"),
        ];
        for (text, expected) in cases {
            assert_eq!(message_text(text), expected, "{text:?}");
        }
    }

    #[test]
    fn encodes_paths_as_uri_references() {
        let cases = [
            ("partners/acme/app.yaml", "partners/acme/app.yaml"),
            ("a b/c#d.yaml", "a%20b/c%23d.yaml"),
            ("đối-tác/x.yaml", "%C4%91%E1%BB%91i-t%C3%A1c/x.yaml"),
        ];
        for (path, uri) in cases {
            assert_eq!(encode_uri_path(path), uri, "{path}");
        }
    }
}
