//! Converts saphyr's markers (1-based line, 0-based column and character index) into our
//! 1-based locations and byte offsets, and escapes JSON Pointer tokens.

use std::borrow::Cow;

use saphyr_parser::Marker;

use crate::diagnostic::Location;
use crate::yaml::Span;

/// How many characters lie between two byte-offset checkpoints.
const CHECKPOINT_EVERY: usize = 64;

/// Maps character indexes of one text to byte offsets without a table entry per character.
pub(crate) struct Positions<'t> {
    text: &'t str,
    /// Byte offset of every `CHECKPOINT_EVERY`-th character; empty when the text is ASCII.
    checkpoints: Vec<usize>,
}

impl<'t> Positions<'t> {
    /// Indexes a text (already stripped of its BOM, so saphyr's indexes match it).
    pub(crate) fn new(text: &'t str) -> Self {
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().step_by(CHECKPOINT_EVERY).map(|(offset, _)| offset).collect()
        };
        Self { text, checkpoints }
    }

    /// Returns the byte offset of a character index, clamped to the end of the text.
    pub(crate) fn byte_offset(&self, char_index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return char_index.min(self.text.len());
        }
        let slot = char_index / CHECKPOINT_EVERY;
        let Some(&base) = self.checkpoints.get(slot) else {
            return self.text.len();
        };
        let rest = char_index - slot * CHECKPOINT_EVERY;
        self.text[base..]
            .char_indices()
            .nth(rest)
            .map_or(self.text.len(), |(offset, _)| base + offset)
    }

    /// Converts a saphyr span into ours.
    pub(crate) fn span(&self, span: saphyr_parser::Span) -> Span {
        Span {
            start: location(span.start),
            end: location(span.end),
            start_offset: self.byte_offset(span.start.index()),
            end_offset: self.byte_offset(span.end.index()),
        }
    }

    /// Returns the source text a span covers.
    pub(crate) fn slice(&self, span: &Span) -> &'t str {
        self.text.get(span.start_offset..span.end_offset).unwrap_or("")
    }
}

/// Converts a saphyr marker into a 1-based line and 1-based column.
pub(crate) fn location(marker: Marker) -> Location {
    Location { line: clamp(marker.line().max(1)), column: clamp(marker.col().saturating_add(1)) }
}

/// Locates a byte offset in a text by counting line breaks (`\n`, `\r\n` and a lone `\r`).
pub(crate) fn locate_byte(text: &str, offset: usize) -> Location {
    let before = text.get(..offset).unwrap_or(text);
    let mut line = 1usize;
    let mut column = 1usize;
    let mut chars = before.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    Location { line: clamp(line), column: clamp(column) }
}

/// Splits a text into lines at `\n`, `\r\n` and a lone `\r`, as YAML counts them.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r']) {
            Some(at) => {
                let skip = if current[at..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&current[at + skip..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

fn clamp(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Escapes one JSON Pointer reference token (RFC 6901: `~` as `~0`, `/` as `~1`).
pub(crate) fn escape_token(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Splits a JSON Pointer into unescaped tokens; `None` when it is not a valid pointer.
pub(crate) fn split_pointer(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').map(unescape_token).collect()
}

fn unescape_token(token: &str) -> Option<String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('0') => out.push('~'),
            Some('1') => out.push('/'),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_follow_characters() {
        let text = format!("{}é: ü\nb", "x".repeat(130));
        let positions = Positions::new(&text);
        for (char_index, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(positions.byte_offset(char_index), byte, "char {char_index}");
        }
        assert_eq!(positions.byte_offset(10_000), text.len());
    }

    #[test]
    fn locate_byte_counts_each_break_once() {
        let cases = [
            ("a\nb", 2, (2, 1)),
            ("a\r\nb", 3, (2, 1)),
            ("a\rb", 2, (2, 1)),
            ("ab\r\ncd", 5, (2, 2)),
            ("éé", 4, (1, 3)),
        ];
        for (text, offset, (line, column)) in cases {
            assert_eq!(locate_byte(text, offset), Location { line, column }, "{text:?}");
        }
    }

    #[test]
    fn lines_split_at_every_break() {
        let split: Vec<&str> = lines("a\r\nb\rc\nd").collect();
        assert_eq!(split, ["a", "b", "c", "d"]);
    }

    #[test]
    fn pointer_tokens_round_trip() {
        assert_eq!(escape_token("a/b~c"), "a~1b~0c");
        assert_eq!(split_pointer("/a~1b~0c/0"), Some(vec!["a/b~c".to_owned(), "0".to_owned()]));
        assert_eq!(split_pointer(""), Some(Vec::new()));
        assert_eq!(split_pointer("/"), Some(vec![String::new()]));
        assert_eq!(split_pointer("a"), None);
        assert_eq!(split_pointer("/~2"), None);
    }
}
