//! Cuts the source line a finding points at and lines a caret up under its column.
//! Columns count characters; the caret is placed by display width, so wide, combining
//! and tab characters still put it under the right character.

use unicode_normalization::char::is_combining_mark;

use crate::diagnostic::Location;

/// Spaces a tab is shown as; a fixed width keeps the caret arithmetic simple.
const TAB_WIDTH: usize = 4;

/// Holds one source line ready to print, and where its caret goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Snippet {
    /// The line as shown: tabs expanded, control characters replaced.
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

        let mut text = String::with_capacity(line.len());
        let mut caret_offset = None;
        let mut caret_width = 1;
        let mut width = 0;
        for (index, character) in line.chars().enumerate() {
            let (shown, shown_width) = display(character);
            if index == target {
                caret_offset = Some(width);
                caret_width = shown_width.max(1);
            }
            if let Some(shown) = shown {
                shown.push_to(&mut text);
            }
            width += shown_width;
        }

        Some(Self {
            text,
            // A column past the end of the line points just after it, like an editor would.
            caret_offset: caret_offset.unwrap_or(width),
            caret_width,
        })
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
        // Bidirectional overrides and isolates can make a line read differently from what
        // it holds (CVE-2021-42574), so they are shown, not obeyed.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => (Some(Shown::Replacement), 1),
        _ if character.is_control() => (Some(Shown::Replacement), 1),
        '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' => (Some(Shown::Itself(character)), 0),
        _ if is_combining_mark(character) => (Some(Shown::Itself(character)), 0),
        _ if is_wide(character) => (Some(Shown::Itself(character)), 2),
        _ => (Some(Shown::Itself(character)), 1),
    }
}

/// Says whether a character takes two terminal columns: the East Asian wide and fullwidth
/// blocks and the common emoji blocks, an approximation of Unicode's `East_Asian_Width`.
fn is_wide(character: char) -> bool {
    matches!(
        u32::from(character),
        0x1100..=0x115f
            | 0x2e80..=0x303e
            | 0x3041..=0x33ff
            | 0x3400..=0x4dbf
            | 0x4e00..=0x9fff
            | 0xa000..=0xa4cf
            | 0xa960..=0xa97f
            | 0xac00..=0xd7a3
            | 0xf900..=0xfaff
            | 0xfe10..=0xfe19
            | 0xfe30..=0xfe6f
            | 0xff00..=0xff60
            | 0xffe0..=0xffe6
            | 0x1f300..=0x1f64f
            | 0x1f680..=0x1f6ff
            | 0x1f900..=0x1f9ff
            | 0x20000..=0x2fffd
            | 0x30000..=0x3fffd
    )
}

/// Replaces characters a terminal must not receive in a message or path.
pub(super) fn sanitize(text: &str) -> String {
    text.chars()
        .map(|character| match display(character) {
            (Some(Shown::Replacement), _) if character != '\n' => char::REPLACEMENT_CHARACTER,
            _ => character,
        })
        .collect()
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

    #[test]
    fn has_no_snippet_past_the_last_line() {
        assert_eq!(Snippet::new("a\nb", at(5, 1)), None);
    }

    #[test]
    fn sanitizes_terminal_escapes_but_keeps_line_breaks() {
        assert_eq!(sanitize("a\u{1b}[2Jb\nc\u{202e}"), "a\u{fffd}[2Jb\nc\u{fffd}");
    }
}
