//! The `json` format: one versioned document with every finding and a summary.
//! Its shape is documented in `docs/output-formats.md`; change it only with `version`.

use std::io::{self, BufWriter, IntoInnerError, Write};

use serde::{Serialize, Serializer};

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
    write_pretty(&document, out)
}

/// Writes a value pretty-printed, with a final newline, as serde produces it: no copy of the
/// text is held. Every hazard serde leaves as it is (DEL, C1 controls, bidi overrides, line
/// separators) is written as a `\uXXXX` escape: the document means the same, but its bytes
/// cannot steer a terminal it is printed to.
pub(crate) fn write_pretty(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    // serde writes many small pieces; the buffer hands the escaper whole chunks instead.
    let mut text = BufWriter::with_capacity(CHUNK, EscapeHazards::new(out));
    serde_json::to_writer_pretty(&mut text, value)?;
    text.write_all(b"\n")?;
    text.into_inner().map_err(IntoInnerError::into_error)?.finish()
}

/// How many bytes of JSON text are escaped and written at a time.
const CHUNK: usize = 64 * 1024;

/// Serializes what a closure's iterator yields as a sequence, one element at a time, so a
/// list is written without first being collected.
pub(crate) struct Sequence<F>(pub(crate) F);

impl<F, I> Serialize for Sequence<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// Passes JSON text through to `inner` with hazards written as `\uXXXX` escapes. JSON's own
/// syntax is ASCII, and serde escapes C0 controls already, so every hazard left stands
/// inside a string. Bytes that are not UTF-8 pass through unchanged.
struct EscapeHazards<W> {
    inner: W,
    /// The start of a character the last write ended inside, waiting for its other bytes.
    partial: Vec<u8>,
}

impl<W: Write> EscapeHazards<W> {
    fn new(inner: W) -> Self {
        Self { inner, partial: Vec::with_capacity(4) }
    }

    /// Writes a character left incomplete at the end as it is, then flushes.
    fn finish(mut self) -> io::Result<()> {
        self.inner.write_all(&self.partial)?;
        self.inner.flush()
    }

    /// Escapes bytes that follow a complete character, keeping an incomplete one at the end.
    fn escape(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut chunks = bytes.utf8_chunks().peekable();
        while let Some(chunk) = chunks.next() {
            self.escape_text(chunk.valid())?;
            let invalid = chunk.invalid();
            if chunks.peek().is_none() && is_incomplete(invalid) {
                self.partial.extend_from_slice(invalid);
            } else {
                self.inner.write_all(invalid)?;
            }
        }
        Ok(())
    }

    fn escape_text(&mut self, text: &str) -> io::Result<()> {
        let mut start = 0;
        for (index, character) in text.char_indices() {
            if is_hazard(character) && !character.is_ascii_whitespace() {
                self.inner.write_all(&text.as_bytes()[start..index])?;
                let mut units = [0; 2];
                for unit in character.encode_utf16(&mut units) {
                    write!(self.inner, "\\u{unit:04x}")?;
                }
                start = index + character.len_utf8();
            }
        }
        self.inner.write_all(&text.as_bytes()[start..])
    }
}

impl<W: Write> Write for EscapeHazards<W> {
    /// Takes all of `buf`; an error means some of it may have been written.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.partial.is_empty() {
            self.escape(buf)?;
        } else {
            // A character split across writes: its start, joined to what follows, either
            // completes it or passes through as not UTF-8.
            let mut joined = std::mem::take(&mut self.partial);
            joined.extend_from_slice(buf);
            self.escape(&joined)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Returns whether bytes are the start of a UTF-8 character that more bytes could complete.
fn is_incomplete(bytes: &[u8]) -> bool {
    !bytes.is_empty() && std::str::from_utf8(bytes).is_err_and(|error| error.error_len().is_none())
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

        let mut out = Vec::new();
        write_pretty(&value, &mut out).expect("a JSON value serializes");
        let text = String::from_utf8(out).expect("UTF-8");

        assert!(text.contains(r"a\u202eb\u009bc\u007fd\u2028e\u001bf\ng"), "{text}");
        assert!(text.ends_with("}\n"), "{text}");
        assert!(!text.chars().any(|c| is_hazard(c) && c != '\n'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, value);
    }

    /// Feeds the escaper the pieces one `write` each and returns what it wrote.
    fn escaped(pieces: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut escaper = EscapeHazards::new(&mut out);
        for piece in pieces {
            escaper.write_all(piece).expect("writing to a vector succeeds");
        }
        escaper.finish().expect("writing to a vector succeeds");
        out
    }

    #[test]
    fn hazard_split_across_writes_is_still_escaped() {
        let cases: [(&[&[u8]], &[u8]); 7] = [
            // U+202E is E2 80 AE, U+009B is C2 9B, U+1F600 is F0 9F 98 80.
            (&[b"a\xe2", b"\x80\xaeb"], br"a\u202eb"),
            (&[b"a\xe2\x80", b"\xaeb"], br"a\u202eb"),
            (&[b"a\xe2", b"\x80", b"\xae", b"b"], br"a\u202eb"),
            (&[b"\xc2", b"\x9b\xc2", b"\x9b"], br"\u009b\u009b"),
            (&[b"\xf0\x9f", b"\x98\x80\xe2\x80", b"\xa8"], "\u{1f600}\\u2028".as_bytes()),
            // Not UTF-8: a start no byte completes, and one the text ends inside, pass as they are.
            (&[b"x\xe2", b"Ay\x80"], b"x\xe2Ay\x80"),
            (&[b"x", b"\xe2\x80"], b"x\xe2\x80"),
        ];
        for (pieces, expected) in cases {
            assert_eq!(escaped(pieces), expected, "{pieces:?}");
        }
    }
}
