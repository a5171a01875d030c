//! Rewords saphyr's scan errors into findings: tabs used as indentation and undefined
//! aliases get their own codes, everything else becomes `yaml-syntax`.

use saphyr_parser::ScanError;

use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::codes;
use crate::yaml::position;

/// Turns a saphyr error into one finding about `path`.
pub(crate) fn describe(path: &str, text: &str, error: &ScanError) -> Diagnostic {
    let location = position::location(*error.marker());
    let info = error.info();
    if info.contains("unknown anchor") {
        let name = alias_name(text, error.marker().index());
        return Diagnostic::error(
            codes::UNDEFINED_ALIAS,
            path,
            format!("alias `*{name}` names no anchor defined before it"),
        )
        .at(Some(location))
        .with_help(format!("define `&{name}` on a node above this line, or remove the alias"));
    }
    if info.contains("recursion limit exceeded") {
        return Diagnostic::error(codes::TOO_DEEP, path, "flow collections nest too deep")
            .at(Some(location))
            .with_help("flatten the structure");
    }
    if let Some(tab) = tab_in_indentation(text, location.line, info.contains("tab")) {
        return Diagnostic::error(codes::TAB_INDENT, path, "a tab is used for indentation")
            .at(Some(tab))
            .with_help("YAML indents with spaces only; replace the tab with spaces");
    }
    let (message, help) = reword(info);
    let diagnostic = Diagnostic::error(codes::SYNTAX, path, format!("invalid yaml: {message}"))
        .at(Some(location));
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Finds a tab in the leading whitespace of the error's line or, when saphyr blamed a tab,
/// the next line (it reports the end of the previous token).
fn tab_in_indentation(text: &str, line: u32, blamed_tab: bool) -> Option<Location> {
    let lines = if blamed_tab { 2 } else { 1 };
    let first = usize::try_from(line).ok()?.checked_sub(1)?;
    for (number, content) in position::lines(text).enumerate().skip(first).take(lines) {
        let indent = content.chars().take_while(|c| *c == ' ' || *c == '\t');
        if let Some(column) = indent.into_iter().position(|c| c == '\t') {
            return Some(Location {
                line: u32::try_from(number + 1).unwrap_or(u32::MAX),
                column: u32::try_from(column + 1).unwrap_or(u32::MAX),
            });
        }
    }
    None
}

/// Reads the alias name written at a character index (just after its `*`).
fn alias_name(text: &str, char_index: usize) -> String {
    let rest: String = text.chars().skip(char_index).take(200).collect();
    let rest = rest.strip_prefix('*').unwrap_or(&rest);
    rest.chars().take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c)).collect()
}

/// Rewords saphyr's message: lowercase, backticks for characters, with a hint where known.
fn reword(info: &str) -> (String, Option<&'static str>) {
    const KNOWN: &[(&str, &str, Option<&str>)] = &[
        (
            "mapping values are not allowed",
            "a `key: value` pair is not allowed here",
            Some("check the indentation, or quote a value that contains `: `"),
        ),
        (
            "did not find expected key",
            "expected a mapping key here",
            Some("check that entries of one mapping line up"),
        ),
        (
            "did not find expected '-' indicator",
            "expected a `-` sequence entry here",
            Some("check that entries of one sequence line up"),
        ),
        ("did not find expected node content", "expected a value here", None),
        ("expected ',' or ']'", "expected `,` or `]` in a flow sequence", None),
        ("expected ',' or '}'", "expected `,` or `}` in a flow mapping", None),
        ("unexpected eof", "the file ends before the value is complete", None),
        (
            "found unexpected end of stream",
            "a quoted string is not closed",
            Some("add the closing quote"),
        ),
        ("could not find expected ':'", "expected `:` after a key", None),
        ("simple key expect", "expected `:` after a key", None),
        ("found unknown escape character", "unknown escape sequence in a quoted string", None),
        ("invalid indentation", "invalid indentation", Some("indent with spaces consistently")),
    ];
    for (needle, message, help) in KNOWN {
        if info.contains(needle) {
            return ((*message).to_owned(), *help);
        }
    }
    let stripped = match info.split_once(", ") {
        Some((context, rest)) if context.starts_with("while ") => rest,
        _ => info,
    };
    (stripped.replace(['\'', '"'], "`").to_lowercase(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewording_strips_context_and_quotes() {
        assert_eq!(
            reword("while scanning a tag, did not find expected '!'").0,
            "did not find expected `!`"
        );
        assert_eq!(
            reword("mapping values are not allowed in this context").0,
            "a `key: value` pair is not allowed here"
        );
    }

    #[test]
    fn alias_names_stop_at_flow_indicators() {
        assert_eq!(alias_name("a: [*ref, b]", 4), "ref");
        assert_eq!(alias_name("*x", 0), "x");
    }
}
