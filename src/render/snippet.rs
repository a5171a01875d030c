//! Cuts the source line a finding points at and lines a caret up under its column.
//! Columns count characters; the caret is placed by display width, so wide, combining
//! and tab characters still put it under the right character. A long line is cut to a
//! window around the caret, so one huge value cannot flood the terminal.

use crate::diagnostic::Location;
use crate::render::text::{char_width, is_hazard};

/// Spaces a tab is shown as; a fixed width keeps the caret arithmetic simple.
const TAB_WIDTH: usize = 4;

/// Most display columns of source a snippet shows, not counting the `…` marks.
const WINDOW: usize = 120;

/// Display columns of source kept before the caret when a line is cut.
const BEFORE_CARET: usize = 40;

/// Marks where a cut line continues.
const ELLIPSIS: char = '…';

/// Holds one source line ready to print, and where its caret goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Snippet {
    /// The line as shown: tabs expanded, hazards replaced, cut to a window with `…` marks.
    pub(super) text: String,
    /// Display columns before the caret.
    pub(super) caret_offset: usize,
    /// Display columns the caret covers, at least one.
    pub(super) caret_width: usize,
}

impl Snippet {
    /// Cuts the line a location names out of a source; `None` when the line is past the end.
    pub(super) fn new(source: &str, location: Location) -> Option<Self> {
        let line = source_line(source, location.line)?;
        let target = usize::try_from(location.column).unwrap_or(usize::MAX).max(1) - 1;

        // First pass: where the caret goes and how wide the whole line is.
        let mut caret = None;
        let mut total = 0;
        for (index, character) in line.chars().enumerate() {
            let (_, width) = display(character);
            if index == target {
                caret = Some((total, width.max(1)));
            }
            total += width;
        }
        // A column past the end of the line points just after it, like an editor would.
        let (caret_column, caret_width) = caret.unwrap_or((total, 1));

        // Second pass: show only the window of columns around the caret.
        let window = Window::around(caret_column, total);
        let mut text = String::new();
        let mut first_shown = None;
        let mut column = 0;
        // Zero-width characters before the first column are shown only when nothing is cut.
        let mut previous_shown = window.start == 0;
        for character in line.chars() {
            let (shown, width) = display(character);
            // A zero-width character goes with the one it follows, so marks stay on their
            // letters at the edges of the window.
            let inside = if width == 0 { previous_shown } else { window.holds(column, width) };
            if inside {
                first_shown.get_or_insert(column);
                if let Some(shown) = shown {
                    shown.push_to(&mut text);
                }
            }
            previous_shown = inside;
            column += width;
        }

        let first_shown = first_shown.unwrap_or(caret_column.min(window.start));
        let cut_before = first_shown > 0;
        let cut_after = window.end < total;
        let mut caret_offset = caret_column.saturating_sub(first_shown);
        if cut_before {
            text.insert(0, ELLIPSIS);
            caret_offset += 1;
        }
        if cut_after {
            text.push(ELLIPSIS);
        }
        Some(Self { text, caret_offset, caret_width })
    }
}

/// Holds the display columns of a line a snippet shows, `start..end`.
#[derive(Debug, Clone, Copy)]
struct Window {
    start: usize,
    end: usize,
}

impl Window {
    /// Returns the window around a caret column on a line of `total` columns: the whole
    /// line when it fits, else some context before the caret and the rest after it.
    fn around(caret_column: usize, total: usize) -> Self {
        if total <= WINDOW {
            return Self { start: 0, end: total };
        }
        let start = caret_column.saturating_sub(BEFORE_CARET).min(total - WINDOW);
        Self { start, end: start + WINDOW }
    }

    /// Says whether a character at a column, `width` columns wide, lies wholly inside.
    fn holds(self, column: usize, width: usize) -> bool {
        column >= self.start && column + width <= self.end
    }
}

/// Returns a 1-based line of a source without its line break; lines end at `\n`, `\r\n`
/// or a lone `\r`, as in YAML.
fn source_line(source: &str, line: u32) -> Option<&str> {
    let skip = usize::try_from(line).ok()?.checked_sub(1)?;
    let mut rest = source;
    for _ in 0..skip {
        let end = rest.find(['\n', '\r'])?;
        let break_length = if rest[end..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[end + break_length..];
    }
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Holds what one source character is shown as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// The character itself.
    Itself(char),
    /// A tab, shown as spaces.
    Tab,
    /// A stand-in for a character a terminal must not receive (control, bidi override).
    Replacement,
}

impl Shown {
    /// Appends what is shown to a line of text.
    fn push_to(self, text: &mut String) {
        match self {
            Shown::Itself(character) => text.push(character),
            Shown::Tab => text.push_str(&" ".repeat(TAB_WIDTH)),
            Shown::Replacement => text.push(char::REPLACEMENT_CHARACTER),
        }
    }
}

/// Returns how a source character is shown and how many terminal columns it takes.
fn display(character: char) -> (Option<Shown>, usize) {
    match character {
        '\t' => (Some(Shown::Tab), TAB_WIDTH),
        // The byte order mark is invisible and has no width.
        '\u{feff}' => (None, 0),
        _ if is_hazard(character) => (Some(Shown::Replacement), 1),
        _ => (Some(Shown::Itself(character)), char_width(character)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Location {
        Location { line, column }
    }

    #[test]
    fn finds_lines_across_every_line_break() {
        let cases = [
            ("a\nb\nc", 2, Some("b")),
            ("a\r\nb\r\nc", 2, Some("b")),
            ("a\rb\rc", 3, Some("c")),
            ("a\r\n\r\nc", 3, Some("c")),
            ("a\n", 2, Some("")),
            ("a\n", 3, None),
            ("a", 0, None),
            ("", 1, Some("")),
        ];
        for (source, line, expected) in cases {
            assert_eq!(source_line(source, line), expected, "line {line} of {source:?}");
        }
    }

    #[test]
    fn lines_the_caret_up_by_display_width() {
        // (line, column, expected text, caret offset, caret width)
        let cases = [
            ("name: acme", 7, "name: acme", 6, 1),
            ("\tkey: v", 2, "    key: v", 4, 1),
            // Precomposed Vietnamese letters are one column each.
            ("tên: Công ty Cổ phần", 13, "tên: Công ty Cổ phần", 12, 1),
            // Decomposed: each combining mark is a character of its own but takes no column.
            ("te\u{302}n: x", 7, "te\u{302}n: x", 5, 1),
            ("名前: 値", 5, "名前: 値", 6, 2),
            ("\u{feff}id: x", 2, "id: x", 0, 1),
            ("a: b", 99, "a: b", 4, 1),
            ("a: b", 0, "a: b", 0, 1),
            ("a\u{1b}[31m", 2, "a\u{fffd}[31m", 1, 1),
            ("x\u{202e}y", 3, "x\u{fffd}y", 2, 1),
        ];
        for (source, column, text, offset, width) in cases {
            let snippet = Snippet::new(source, at(1, column)).expect("line 1 exists");
            assert_eq!(snippet.text, text, "text of {source:?}");
            assert_eq!(snippet.caret_offset, offset, "offset in {source:?} at {column}");
            assert_eq!(snippet.caret_width, width, "width in {source:?} at {column}");
        }
    }

    /// Returns the columns of text in front of the caret and the text under it.
    fn under_caret(snippet: &Snippet) -> String {
        let mut column = 0;
        let mut under = String::new();
        for character in snippet.text.chars() {
            let width = char_width(character);
            if column >= snippet.caret_offset && column < snippet.caret_offset + snippet.caret_width
            {
                under.push(character);
            }
            column += width;
        }
        under
    }

    #[test]
    fn long_line_snippet_is_cut_to_a_window_around_the_caret() {
        let value = "x".repeat(800_000);
        let line = format!("name: \"{value}Z{value}\"");
        let column = u32::try_from(7 + value.len() + 1).expect("fits");

        let snippet = Snippet::new(&line, at(1, column)).expect("line 1 exists");

        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
        assert_eq!(snippet.text.chars().count(), WINDOW + 2);
        assert_eq!(snippet.caret_offset, BEFORE_CARET + 1);
        assert_eq!(under_caret(&snippet), "Z");
    }

    #[test]
    fn long_line_snippet_keeps_the_caret_on_wide_and_vietnamese_text() {
        // (line, column of the marked character, the marked character)
        let vietnamese = "Công ty Cổ phần ".repeat(40);
        let decomposed = "Co\u{302}ng ty ".repeat(60);
        let chinese = "名前の値".repeat(60);
        let cases = [
            (format!("{vietnamese}Ω{vietnamese}"), vietnamese.chars().count() + 1, "Ω"),
            (format!("{decomposed}Ω{decomposed}"), decomposed.chars().count() + 1, "Ω"),
            (format!("{chinese}Ω{chinese}"), chinese.chars().count() + 1, "Ω"),
            (format!("{chinese}龍"), chinese.chars().count() + 1, "龍"),
            (format!("龍{chinese}"), 1, "龍"),
            (format!("a{chinese}"), 1, "a"),
        ];
        for (line, column, marked) in cases {
            let column = u32::try_from(column).expect("fits");
            let snippet = Snippet::new(&line, at(1, column)).expect("line 1 exists");
            let width: usize = snippet.text.chars().map(char_width).sum();
            assert!(width <= WINDOW + 2, "{width} columns shown of {line:?}");
            assert_eq!(under_caret(&snippet), marked, "caret in {:?}", snippet.text);
        }
    }

    #[test]
    fn long_line_snippet_keeps_combining_marks_on_their_letters() {
        let line = "e\u{302}".repeat(300);
        let snippet = Snippet::new(&line, at(1, 301)).expect("line 1 exists");
        let inner = snippet.text.trim_start_matches('…').trim_end_matches('…');
        assert!(inner.starts_with('e') && inner.ends_with('\u{302}'), "{:?}", snippet.text);
    }

    #[test]
    fn long_line_snippet_points_past_the_end_of_a_cut_line() {
        let line = "y".repeat(500);
        let snippet = Snippet::new(&line, at(1, 501)).expect("line 1 exists");
        assert_eq!(snippet.text, format!("…{}", "y".repeat(WINDOW)));
        assert_eq!(snippet.caret_offset, WINDOW + 1);
    }

    #[test]
    fn has_no_snippet_past_the_last_line() {
        assert_eq!(Snippet::new("a\nb", at(5, 1)), None);
    }
}
