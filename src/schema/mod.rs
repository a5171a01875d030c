//! The schema layer: the JSON Schemas embedded from `schemas/`, the custom formats, and
//! schema errors turned into diagnostics with places. Cross-file rules are left to `rules`.

mod embedded;
mod envelope;
pub mod formats;
mod messages;
pub mod phone;
mod scalar_help;
pub mod tax_code;
#[cfg(test)]
mod tests;
mod values;
pub(crate) mod words;

use serde_json::Value;

use crate::diagnostic::{self, CodeInfo, Diagnostic, Location, Severity};
use crate::registry::Kind;
use crate::yaml::{Document, Scalar};

pub use embedded::{EmbeddedError, common_source, source};
pub use phone::{PhoneKind, normalize_phone, phone_kind};
pub use tax_code::{normalize_tax_code, tax_code_problem};

/// Codes the schema layer reports.
pub const CODES: &[CodeInfo] = &[
    code(
        "schema-wrong-kind",
        "the document's `kind` is not the kind its place in the registry holds",
    ),
    code("schema-api-version", "`apiVersion` is missing or names a format this tool does not read"),
    code("schema-missing-key", "a required key is left out"),
    code("schema-unknown-key", "a key the schema does not define, often a misspelling"),
    code("schema-empty-value", "a key is present but its value is empty, blank or `null`"),
    code("schema-type", "a value has the wrong type, such as a number where text is expected"),
    code("schema-enum", "a value is not one of the values the schema allows"),
    code("schema-pattern", "a value does not have the shape the schema requires (slug, login, …)"),
    code("schema-limit", "a value, text, list or mapping is too small or too large"),
    code("schema-at-least-one", "none of the keys of which at least one is required is present"),
    code("schema-tax-code", "a tax code is not a valid Vietnamese tax code"),
    code("schema-phone", "a support phone is not a Vietnamese mobile, landline or hotline"),
    code("schema-mobile-phone", "a person's phone is not a Vietnamese mobile number"),
    code("schema-semver", "a version is not a semantic version"),
    code("schema-https-url", "a link is not an absolute https URL with a host"),
    code("schema-email", "an email address is malformed"),
    code("schema-date", "a date is not a calendar date written `YYYY-MM-DD`"),
    code("schema-branch-name", "a branch name is not one git accepts, or climbs with `..`"),
    code(
        "schema-model-mismatch",
        "a document passed its schema but the typed model cannot read it: a miniapp bug",
    ),
    code("schema-invalid", "any other schema violation"),
];

const fn code(code: &'static str, summary: &'static str) -> CodeInfo {
    CodeInfo { code, severity: Severity::Error, summary }
}

/// Finds places in a loaded document by JSON Pointer, and the raw text of its scalars.
///
/// `Document` is the one real implementation; tests use a table.
pub(crate) trait Locate {
    /// Returns where the value at a pointer starts, or its nearest existing ancestor.
    fn value_location(&self, pointer: &str) -> Option<Location>;
    /// Returns where the key of the entry at a pointer starts, else the value's place.
    fn key_location(&self, pointer: &str) -> Option<Location>;
    /// Returns the source of the scalar at a pointer.
    fn scalar(&self, pointer: &str) -> Option<&Scalar>;
}

impl Locate for Document {
    fn value_location(&self, pointer: &str) -> Option<Location> {
        self.locate(pointer)
    }

    fn key_location(&self, pointer: &str) -> Option<Location> {
        self.locate_key(pointer)
    }

    fn scalar(&self, pointer: &str) -> Option<&Scalar> {
        self.node(pointer).and_then(|node| node.scalar.as_ref())
    }
}

/// Checks a loaded document against its kind's schema.
///
/// `kind` and `apiVersion` are checked first: when either is wrong, that is the only
/// finding, since the rest of the schema would not apply.
pub fn check(kind: Kind, path: &str, document: &Document) -> Vec<Diagnostic> {
    check_value(kind, path, document.value(), document)
}

/// Checks a JSON value against its kind's schema, placing findings with `locator`.
pub(crate) fn check_value(
    kind: Kind,
    path: &str,
    value: &Value,
    locator: &dyn Locate,
) -> Vec<Diagnostic> {
    let context = messages::Context { kind, path, root: value, locator };
    let mut findings = envelope::check(&context);
    if findings.is_empty() {
        findings = embedded::validator(kind)
            .iter_errors(value)
            .flat_map(|error| messages::diagnose(&error, &context))
            .collect();
    }

    diagnostic::sort(&mut findings);
    findings.dedup();
    findings
}
