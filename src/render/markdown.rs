//! The `markdown` format: a one-line summary and a table, for pull-request comments and
//! job summaries. Every cell is escaped so a finding cannot break the table or ping people.

use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Location};
use crate::render::text::{is_hazard, sanitize};
use crate::render::{Report, Summary};

/// Writes the summary line and the table, or a single line when there are no findings.
pub(super) fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    if report.diagnostics.is_empty() {
        return writeln!(out, "No findings.");
    }

    let summary = Summary::of(report.diagnostics);
    writeln!(
        out,
        "**{}, {}, {}**",
        plural(summary.errors, "error", "errors"),
        plural(summary.warnings, "warning", "warnings"),
        plural(summary.notes, "note", "notes"),
    )?;
    writeln!(out)?;
    writeln!(out, "| Severity | Code | Location | Message | Help |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    for diagnostic in report.diagnostics {
        writeln!(out, "{}", row(diagnostic))?;
    }
    Ok(())
}

/// Returns one table row, with related places appended to the message cell.
pub(crate) fn row(diagnostic: &Diagnostic) -> String {
    let mut message = cell(&diagnostic.message);
    for related in &diagnostic.related {
        message.push_str("<br>note: ");
        message.push_str(&cell(&related.message));
        message.push_str(" at ");
        message.push_str(&code(&place(&related.path, related.location)));
    }
    let help = diagnostic.help.as_deref().map(cell).unwrap_or_default();
    format!(
        "| {} | {} | {} | {message} | {help} |",
        diagnostic.severity,
        code(diagnostic.code),
        code(&place(&diagnostic.path, diagnostic.location)),
    )
}

/// Names a place as `path:line:column`; an empty path is the registry itself, `.`.
pub(crate) fn place(path: &str, location: Option<Location>) -> String {
    let path = if path.is_empty() { "." } else { path };
    match location {
        Some(location) => format!("{path}:{}:{}", location.line, location.column),
        None => path.to_owned(),
    }
}

/// Returns text as a code span nothing can break out of: its fence is one backtick longer
/// than the longest run of backticks inside, hazards become `�`, and `|` is escaped for
/// the table the span may sit in. Mentions and HTML are inert inside a code span.
pub(crate) fn code(text: &str) -> String {
    if !fits_a_span(text) {
        let mut escaped = String::new();
        escape_text(text, &mut escaped);
        return escaped;
    }
    let content = span_content(text);
    let mut longest = 0;
    let mut run = 0;
    for character in content.chars() {
        run = if character == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick needs a space inside its fence, which
    // CommonMark strips again.
    let space = if content.starts_with('`') || content.ends_with('`') { " " } else { "" };
    format!("{fence}{space}{content}{space}{fence}")
}

/// Says whether text can be shown as a code span in a table. GitHub's table scanner reads
/// a backslash before any punctuation as an escape even inside a span, so text holding
/// `\|` would become `\\|` there, a backslash and a cell border: such text is escaped.
fn fits_a_span(text: &str) -> bool {
    !text.is_empty() && !text.contains("\\|")
}

/// Returns the text of a code span: hazards replaced, `|` escaped.
fn span_content(text: &str) -> String {
    sanitize(text).replace('|', "\\|")
}

/// Escapes text for a table cell: the code spans our messages use for values stay code
/// spans (only `|` needs escaping there), and everything else is escaped as plain text.
pub(crate) fn cell(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        escape_text(&rest[..open], &mut escaped);
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close)
                if fits_a_span(&after[..close]) && !after[..close].contains(['\n', '\r']) =>
            {
                escaped.push('`');
                escaped.push_str(&span_content(&after[..close]));
                escaped.push('`');
                rest = &after[close + 1..];
            }
            _ => {
                escaped.push_str("\\`");
                rest = after;
            }
        }
    }
    escape_text(rest, &mut escaped);
    escaped
}

/// Escapes plain text: Markdown punctuation by backslash, HTML by entity, line breaks as
/// `<br>`, a zero-width joiner after `@` so no mention or team is notified, and every
/// other hazard (control characters, bidi overrides) as `�`.
fn escape_text(text: &str, escaped: &mut String) {
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '~' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '\n' => escaped.push_str("<br>"),
            '\r' => {}
            '@' => {
                escaped.push('@');
                if characters.peek().is_some_and(|next| next.is_alphanumeric()) {
                    escaped.push('\u{200d}');
                }
            }
            _ if is_hazard(character) => escaped.push(char::REPLACEMENT_CHARACTER),
            _ => escaped.push(character),
        }
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_cells_so_nothing_breaks_out() {
        let cases = [
            ("plain words", "plain words"),
            ("a | b", "a \\| b"),
            ("<!-- hidden -->", "&lt;!-- hidden --&gt;"),
            ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
            ("hi @everyone and @org/team", "hi @\u{200d}everyone and @\u{200d}org/team"),
            ("mail a@ b", "mail a@ b"),
            ("`x | y` stays code", "`x \\| y` stays code"),
            ("`@everyone` is inert in code", "`@everyone` is inert in code"),
            ("one ` backtick", "one \\` backtick"),
            ("two\nlines\r\n", "two<br>lines<br>"),
            ("*bold* _it_ [link](x) ~s~", "\\*bold\\* \\_it\\_ \\[link\\](x) \\~s\\~"),
            ("a\\b &amp;", "a\\\\b &amp;amp;"),
            ("tên `Công ty` sai", "tên `Công ty` sai"),
        ];
        for (text, expected) in cases {
            assert_eq!(cell(text), expected, "cell of {text:?}");
        }
    }

    #[test]
    fn neutralises_pipes_comments_and_mentions_in_a_row() {
        let diagnostic = Diagnostic::error("rule-x", "a|b.yaml", "x | y <!-- z --> @everyone")
            .with_help("ask @everyone | <b>");

        let row = row(&diagnostic);

        assert_eq!(
            row,
            "| error | `rule-x` | `a\\|b.yaml` | x \\| y &lt;!-- z --&gt; @\u{200d}everyone \
             | ask @\u{200d}everyone \\| &lt;b&gt; |"
        );
        // Only the six delimiters of the row itself are unescaped pipes.
        assert_eq!(row.replace("\\|", "").matches('|').count(), 6);
        assert!(!row.contains("<!--"));
        assert!(!row.contains("@everyone"));
    }

    #[test]
    fn markdown_code_span_cannot_be_broken_out_of() {
        let cases = [
            ("x|y", "`x\\|y`"),
            ("a`b", "``a`b``"),
            (
                "p/a`@everyone`<b>bold</b><!--hidden-->",
                "``p/a`@everyone`<b>bold</b><!--hidden-->``",
            ),
            ("``x```", "```` ``x``` ````"),
            ("`", "`` ` ``"),
            ("two\nlines\r", "`two\u{fffd}lines\u{fffd}`"),
            ("rtl\u{202e}txt\u{1b}[2J", "`rtl\u{fffd}txt\u{fffd}[2J`"),
            ("a\\|b", "a\\\\\\|b"),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(code(text), expected, "code of {text:?}");
        }
    }

    #[test]
    fn markdown_cell_replaces_control_and_bidi_characters() {
        assert_eq!(cell("a\u{202e}b\u{1b}c `d\u{2066}`"), "a\u{fffd}b\u{fffd}c `d\u{fffd}`");
    }
}
