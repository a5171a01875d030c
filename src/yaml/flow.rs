//! Finds a flow collection (`[` or `{`) still open where saphyr stopped, so an unclosed
//! bracket is reported where it opens instead of as an indentation error lines later.

use crate::diagnostic::Location;

/// Describes a flow collection opened before a point and not closed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unclosed {
    /// The opening bracket, `[` or `{`.
    pub bracket: char,
    /// Where it opens.
    pub location: Location,
    /// Whether a `#` comment follows it on its line, hiding what comes after.
    pub comment_after: bool,
}

/// Scans `text` up to the character index `until` and returns the innermost flow
/// collection still open there. Quoted strings and comments are skipped; a bracket counts
/// as an opener only where a value may start (line start, after `:`, `-`, `,`, `?` or
/// another opener), so `a[1]` inside a plain scalar is not one.
pub(crate) fn unclosed_before(text: &str, until: usize) -> Option<Unclosed> {
    let mut open: Vec<Unclosed> = Vec::new();
    let mut chars = text.chars().take(until).peekable();
    let (mut line, mut column) = (1u32, 0u32);
    let mut previous = '\n';
    let mut value_may_start = true;
    while let Some(c) = chars.next() {
        column += 1;
        match c {
            '\n' => {
                (line, column) = (line + 1, 0);
                value_may_start = true;
            }
            '#' if previous.is_whitespace() || previous == '\n' || column == 1 => {
                if let Some(last) = open.last_mut().filter(|last| last.location.line == line) {
                    last.comment_after = true;
                }
                while chars.peek().is_some_and(|next| *next != '\n') {
                    chars.next();
                }
            }
            '\'' | '"' if value_may_start => {
                skip_quoted(&mut chars, c, &mut line, &mut column);
                value_may_start = false;
            }
            '[' | '{' if value_may_start => {
                let location = Location { line, column };
                open.push(Unclosed { bracket: c, location, comment_after: false });
            }
            ']' | '}' if !open.is_empty() => {
                open.pop();
                value_may_start = false;
            }
            ':' | '-' | ',' | '?' => value_may_start = true,
            c if c.is_whitespace() => {}
            _ => value_may_start = false,
        }
        previous = c;
    }
    open.pop()
}

/// Skips a quoted string after its opening quote, keeping the line count.
fn skip_quoted(
    chars: &mut std::iter::Peekable<impl Iterator<Item = char>>,
    quote: char,
    line: &mut u32,
    column: &mut u32,
) {
    while let Some(c) = chars.next() {
        *column += 1;
        match c {
            '\n' => (*line, *column) = (*line + 1, 0),
            '\\' if quote == '"' => {
                chars.next();
                *column += 1;
            }
            '\'' if quote == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
                *column += 1;
            }
            c if c == quote => return,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bracket, line, column and whether a comment follows, as the cases write them.
    type Found = Option<(char, u32, u32, bool)>;

    #[test]
    fn finds_the_innermost_open_bracket() {
        let cases: [(&str, Found); 7] = [
            ("a: [b, c   # never closed\nd: 1\n", Some(('[', 1, 4, true))),
            ("a: [b, c]\nd: 1\n", None),
            ("a: {x: [1, 2}\n", Some(('{', 1, 4, false))),
            ("a: '[not'\nb: [\n", Some(('[', 2, 4, false))),
            ("a: b[1]\nc: 2\n", None),
            ("# [comment\na: 1\n", None),
            ("a: \"x\\\"[\"\nb: 1\n", None),
        ];
        for (text, expected) in cases {
            let found = unclosed_before(text, usize::MAX).map(|open| {
                (open.bracket, open.location.line, open.location.column, open.comment_after)
            });
            assert_eq!(found, expected, "{text:?}");
        }
    }
}
