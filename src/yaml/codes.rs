//! Names the loader's diagnostic codes once, so `CODES` and the findings cannot drift apart.

use crate::diagnostic::{CodeInfo, Severity};

/// The file is larger than `Limits::max_bytes`.
pub(crate) const TOO_LARGE: &str = "yaml-too-large";
/// The file is not valid UTF-8.
pub(crate) const INVALID_UTF8: &str = "yaml-invalid-utf8";
/// The file holds no document (empty, blank or comments only).
pub(crate) const EMPTY: &str = "yaml-empty";
/// The text is not valid YAML.
pub(crate) const SYNTAX: &str = "yaml-syntax";
/// A tab is used where YAML needs spaces for indentation.
pub(crate) const TAB_INDENT: &str = "yaml-tab-indent";
/// A `%YAML` directive names a version other than `1.<n>`.
pub(crate) const UNSUPPORTED_VERSION: &str = "yaml-unsupported-version";
/// The file holds more than one document.
pub(crate) const MULTIPLE_DOCUMENTS: &str = "yaml-multiple-documents";
/// Mappings and sequences nest deeper than `Limits::max_depth`.
pub(crate) const TOO_DEEP: &str = "yaml-too-deep";
/// The document composes into too many nodes or too much text, aliases expanded.
pub(crate) const TOO_MANY_NODES: &str = "yaml-too-many-nodes";
/// An alias names no anchor defined before it.
pub(crate) const UNDEFINED_ALIAS: &str = "yaml-undefined-alias";
/// A mapping holds the same key twice.
pub(crate) const DUPLICATE_KEY: &str = "yaml-duplicate-key";
/// A mapping or sequence is used as a mapping key.
pub(crate) const COMPLEX_KEY: &str = "yaml-complex-key";
/// A merge key `<<` is given something other than a mapping or a sequence of mappings.
pub(crate) const BAD_MERGE: &str = "yaml-bad-merge";
/// A tag other than the core schema's is used.
pub(crate) const UNKNOWN_TAG: &str = "yaml-unknown-tag";
/// A value does not fit the tag it carries.
pub(crate) const TAG_MISMATCH: &str = "yaml-tag-mismatch";
/// A number cannot be represented in JSON.
pub const NUMBER_OUT_OF_RANGE: &str = "yaml-number-out-of-range";

const fn error(code: &'static str, summary: &'static str) -> CodeInfo {
    CodeInfo { code, severity: Severity::Error, summary }
}

/// Codes the loader reports.
pub const CODES: &[CodeInfo] = &[
    error(TOO_LARGE, "the file is larger than the loader accepts"),
    error(INVALID_UTF8, "the file is not valid UTF-8"),
    error(EMPTY, "the file holds no YAML document"),
    error(SYNTAX, "the file is not valid YAML"),
    error(TAB_INDENT, "a tab is used for indentation, where YAML allows only spaces"),
    error(UNSUPPORTED_VERSION, "a `%YAML` directive names a YAML version other than 1.x"),
    error(MULTIPLE_DOCUMENTS, "the file holds more than one YAML document"),
    error(TOO_DEEP, "mappings and sequences nest deeper than the loader accepts"),
    error(TOO_MANY_NODES, "the document expands into more nodes or text than the loader accepts"),
    error(UNDEFINED_ALIAS, "an alias names no anchor defined before it"),
    error(DUPLICATE_KEY, "a mapping holds the same key twice"),
    error(COMPLEX_KEY, "a mapping or sequence is used as a mapping key"),
    error(BAD_MERGE, "a merge key `<<` is given something other than mappings"),
    error(UNKNOWN_TAG, "a tag outside the YAML 1.2 core schema is used"),
    error(TAG_MISMATCH, "a value does not fit the tag it carries"),
    error(NUMBER_OUT_OF_RANGE, "a number cannot be represented exactly in JSON"),
];
