//! Checks one registry file on its own: its place in the layout, its YAML, its schema and
//! its typed model. What needs more than one file is left to `rules`.

use serde::de::DeserializeOwned;

use super::{LoadedFile, Typed};
use crate::diagnostic::Diagnostic;
use crate::registry::{self, Entry, Kind, Place};
use crate::rules::{IconFile, IconFiles};
use crate::yaml::{self, Outline};

/// Says which checked files keep their source text for the report's snippets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// Every checked file: the caller may add findings about any of them.
    Every,
    /// Only files with a finding of their own; the rest are read again if a rule names them.
    WithFindings,
}

/// Holds what checking one file gave; the file's bytes and YAML document are dropped.
pub(super) struct FileOutcome {
    /// Findings about the file alone.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Whether the file is a registry document that was read and checked.
    pub(super) checked: bool,
    /// The path and source text, when kept.
    pub(super) source: Option<(String, String)>,
    /// The loaded file, for the cross-file rules.
    pub(super) file: Option<LoadedFile>,
    /// What the icon rules need of the file, when an icon path could name it.
    pub(super) icon: Option<(String, IconFile)>,
}

/// Checks one entry: layout, YAML, schema and typed model.
pub(super) fn check_entry(path: &str, entry: &Entry, keep: Keep) -> FileOutcome {
    let mut outcome = FileOutcome {
        diagnostics: Vec::new(),
        checked: false,
        source: None,
        file: None,
        icon: IconFiles::may_name(path).then(|| (path.to_owned(), IconFile::read(entry))),
    };
    let place = registry::classify(path);
    if matches!(place, Place::Outside) {
        return outcome;
    }
    let bytes = match entry {
        Entry::Symlink(target) => {
            outcome.diagnostics.push(crate::rules::symlink_finding(path, target));
            return outcome;
        }
        Entry::Unreadable(reason) => {
            outcome.diagnostics.push(crate::rules::unreadable_finding(path, reason));
            return outcome;
        }
        Entry::NotAFile(special) => {
            outcome.diagnostics.push(crate::rules::not_a_file_finding(path, *special));
            return outcome;
        }
        Entry::TooLarge { size, limit } => {
            outcome.diagnostics.push(crate::rules::too_large_finding(path, *size, *limit));
            return outcome;
        }
        Entry::File(bytes) => bytes,
    };
    let (kind, ids) = match place {
        Place::Document { kind, ids } => (kind, ids),
        Place::Unknown => {
            outcome.diagnostics.push(crate::rules::unknown_file_finding(path));
            return outcome;
        }
        Place::Icon { .. } | Place::Outside => return outcome,
    };

    let loaded = yaml::load(path, bytes, &yaml::Limits::default());
    outcome.checked = true;
    let mut typed = None;
    if let Some(document) = &loaded.document {
        let mut schema_findings = crate::schema::check(kind, path, document);
        // A number the loader could not store is reported once, by the loader: the schema
        // would only add a misleading "must be an integer, not text" for the same value.
        let unstored: Vec<&str> = loaded
            .diagnostics
            .iter()
            .filter(|finding| finding.code == yaml::NUMBER_OUT_OF_RANGE)
            .filter_map(|finding| finding.pointer.as_deref())
            .collect();
        let before = schema_findings.len();
        schema_findings.retain(|finding| {
            finding.pointer.as_deref().is_none_or(|pointer| !unstored.contains(&pointer))
        });
        if before == 0 {
            match to_typed(kind, document.value()) {
                Ok(read) => typed = Some(read),
                Err(error) => outcome.diagnostics.push(model_mismatch(path, &error)),
            }
        }
        outcome.diagnostics.extend(schema_findings);
    }
    outcome.diagnostics.extend(loaded.diagnostics);
    if keep == Keep::Every || !outcome.diagnostics.is_empty() {
        outcome.source = Some((path.to_owned(), source_text(bytes)));
    }
    let document = loaded.document.as_ref().map(Outline::of);
    outcome.file = Some(LoadedFile { path: path.to_owned(), kind, ids, document, typed });
    outcome
}

/// Returns a checked file's source text as the report shows it.
pub(super) fn source_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Reports a document the schema accepted but the typed model refused: the two disagree,
/// which is a bug in miniapp, not in the file; saying so beats silently using defaults.
fn model_mismatch(path: &str, error: &serde_json::Error) -> Diagnostic {
    Diagnostic::error(
        "schema-model-mismatch",
        path,
        format!("`{path}` passed its schema, but miniapp cannot read it: {error}"),
    )
    .with_help("this is a bug in miniapp; please report it with the file")
}

pub(super) fn to_typed(kind: Kind, value: &serde_json::Value) -> Result<Typed, serde_json::Error> {
    fn parse<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, serde_json::Error> {
        T::deserialize(value)
    }
    Ok(match kind {
        Kind::Registry => Typed::Registry(parse(value)?),
        Kind::DefectCatalog => Typed::DefectCatalog(parse(value)?),
        Kind::Partner => Typed::Partner(parse(value)?),
        Kind::PartnerVerification => Typed::PartnerVerification(parse(value)?),
        Kind::MiniApp => Typed::MiniApp(parse(value)?),
        Kind::Cooperation => Typed::Cooperation(parse(value)?),
        Kind::RolloutRequest => Typed::RolloutRequest(parse(value)?),
        Kind::Review => Typed::Review(parse(value)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_the_model_cannot_hold_is_an_error_not_a_default() {
        let value = serde_json::json!({
            "name": "r",
            "admins": [{ "login": "a" }],
            "icon": { "min_size": 4_294_967_296u64 },
        });
        let error = to_typed(Kind::Registry, &value).expect_err("u32 overflows");
        let finding = model_mismatch("registry.yaml", &error);
        assert_eq!(finding.code, "schema-model-mismatch");
        assert!(finding.message.contains("passed its schema"), "{}", finding.message);
    }
}
