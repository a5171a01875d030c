//! Rewords saphyr's scan errors into findings: tabs used as indentation and undefined
//! aliases get their own codes, everything else becomes `yaml-syntax`.

use saphyr_parser::ScanError;

use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::position;
use crate::yaml::{codes, flow};

/// Turns a saphyr error into one finding about `path`.
pub(crate) fn describe(path: &str, text: &str, error: &ScanError) -> Diagnostic {
    let location = clamp(text, position::location(*error.marker()));
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
    if let Some(open) = flow::unclosed_before(text, error.marker().index())
        .filter(|open| open.location.line < location.line || past_content(text, location))
    {
        return unclosed(path, open);
    }
    if info.to_lowercase().contains("must be followed by a valid yaml whitespace")
        && tab_after_colon(text, location)
    {
        return Diagnostic::error(
            codes::SYNTAX,
            path,
            "a tab separates `:` from its value; YAML 1.2 allows this, \
             but the YAML parser miniapp uses does not",
        )
        .at(Some(location))
        .with_help("put a space after `:` instead of the tab");
    }
    let (message, help) = reword(info);
    let diagnostic = Diagnostic::error(codes::SYNTAX, path, format!("invalid yaml: {message}"))
        .at(Some(location));
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Reports a flow collection that is never closed, where it opens.
fn unclosed(path: &str, open: flow::Unclosed) -> Diagnostic {
    let (what, closer) =
        if open.bracket == '[' { ("flow sequence", ']') } else { ("flow mapping", '}') };
    let help = if open.comment_after {
        format!(
            "close it with `{closer}`; the `#` after it starts a comment, which hides the rest \
             of the line, closing bracket included"
        )
    } else {
        format!("close it with `{closer}`")
    };
    Diagnostic::error(
        codes::SYNTAX,
        path,
        format!("invalid yaml: the {what} opened with `{}` is never closed", open.bracket),
    )
    .at(Some(open.location))
    .with_help(help)
}

/// Moves a location past the last line that holds text back onto that line's end.
fn clamp(text: &str, location: Location) -> Location {
    let lines: Vec<&str> = position::lines(text).collect();
    let count = lines.iter().rposition(|line| !line.is_empty()).map_or(0, |last| last + 1);
    match u32::try_from(count) {
        Ok(count) if count > 0 && location.line > count => {
            let last = lines[usize::try_from(count - 1).unwrap_or_default()];
            let column = u32::try_from(last.chars().count() + 1).unwrap_or(u32::MAX);
            Location { line: count, column }
        }
        _ => location,
    }
}

/// Says whether a location is at or past the end of the file's text (after clamping).
fn past_content(text: &str, location: Location) -> bool {
    let line = usize::try_from(location.line).unwrap_or(usize::MAX).saturating_sub(1);
    position::lines(text).skip(line).enumerate().all(|(index, content)| {
        let from = if index == 0 { location.column.saturating_sub(1) } else { 0 };
        content.chars().skip(usize::try_from(from).unwrap_or(usize::MAX)).all(char::is_whitespace)
    })
}

/// Says whether the character at a location, or just before it, is a tab after `:`.
fn tab_after_colon(text: &str, location: Location) -> bool {
    let Some(line) =
        position::lines(text).nth(usize::try_from(location.line).unwrap_or(0).saturating_sub(1))
    else {
        return false;
    };
    let chars: Vec<char> = line.chars().collect();
    let at = usize::try_from(location.column).unwrap_or(0).saturating_sub(1);
    chars.windows(2).enumerate().any(|(index, pair)| {
        pair == [':', '\t'] && (index + 1 == at || index == at || index + 2 == at)
    })
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
    fn locations_past_the_text_move_to_the_last_line() {
        let at = |line, column| Location { line, column };
        let cases = [
            ("a: 1\nb: [\n", at(3, 1), at(2, 5)),
            ("a: 1\nb: [\n\n\n", at(5, 1), at(2, 5)),
            ("a: 1\n", at(1, 3), at(1, 3)),
            ("", at(1, 1), at(1, 1)),
        ];
        for (text, location, expected) in cases {
            assert_eq!(clamp(text, location), expected, "{text:?}");
        }
    }

    #[test]
    fn a_tab_after_a_colon_is_recognised() {
        assert!(tab_after_colon("a:\tb\n", Location { line: 1, column: 4 }));
        assert!(!tab_after_colon("a: b\n", Location { line: 1, column: 4 }));
    }

    #[test]
    fn alias_names_stop_at_flow_indicators() {
        assert_eq!(alias_name("a: [*ref, b]", 4), "ref");
        assert_eq!(alias_name("*x", 0), "x");
    }
}
