//! Builds the findings the composer reports while it reads events: tags, numbers, keys,
//! depth and documents. Mapping findings live in `mapping`.

use crate::diagnostic::Diagnostic;
use crate::yaml::composer::Composer;
use crate::yaml::{Span, codes};

impl Composer<'_> {
    /// Reports a second document in the file.
    pub(crate) fn second_document(&mut self, span: Span) {
        let finding = Diagnostic::error(
            codes::MULTIPLE_DOCUMENTS,
            self.path,
            "file holds more than one yaml document",
        )
        .at(Some(span.start))
        .with_help("keep one document per file; remove this `---` and what follows");
        self.findings.push(finding);
    }

    /// Builds the finding for nesting past `Limits::max_depth`.
    pub(crate) fn too_deep(&self, span: Span) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(
                codes::TOO_DEEP,
                self.path,
                format!("mappings and sequences nest deeper than {} levels", self.limits.max_depth),
            )
            .at(Some(span.start))
            .with_pointer(self.pointer())
            .with_help("flatten the structure"),
        )
    }

    /// Reports a tag outside the core schema.
    pub(crate) fn unknown_tag(&mut self, name: &str, span: Span) {
        let finding = Diagnostic::error(
            codes::UNKNOWN_TAG,
            self.path,
            format!("tag `{name}` is not supported"),
        )
        .at(Some(span.start))
        .with_pointer(self.child_pointer())
        .with_help("remove the tag; only `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and `!!seq` are read");
        self.findings.push(finding);
    }

    /// Reports a value that does not fit its core tag.
    pub(crate) fn tag_mismatch(&mut self, tag: &str, text: &str, span: Span) {
        let finding = Diagnostic::error(
            codes::TAG_MISMATCH,
            self.path,
            format!("`{text}` is not a valid `!!{tag}`"),
        )
        .at(Some(span.start))
        .with_pointer(self.child_pointer())
        .with_help(format!("remove the `!!{tag}` tag or fix the value"));
        self.findings.push(finding);
    }

    /// Reports a number JSON cannot hold.
    pub(crate) fn out_of_range(&mut self, text: &str, span: Span) {
        let finding = Diagnostic::error(
            codes::NUMBER_OUT_OF_RANGE,
            self.path,
            format!("`{text}` cannot be stored as a number: it is beyond 64 bits or not finite"),
        )
        .at(Some(span.start))
        .with_pointer(self.child_pointer())
        .with_help(format!("quote it to keep it as text: `\"{text}\"`"));
        self.findings.push(finding);
    }

    /// Reports a mapping or sequence used as a key.
    pub(crate) fn complex_key(&mut self, pointer: &str, span: Span) {
        let finding = Diagnostic::error(
            codes::COMPLEX_KEY,
            self.path,
            "a mapping or sequence is used as a mapping key",
        )
        .at(Some(span.start))
        .with_pointer(pointer)
        .with_help("use a plain string as the key");
        self.findings.push(finding);
    }
}
