//! The validation pipeline over a snapshot: load each file, check it against its
//! schema, read it into the typed model, then run the cross-file rules.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostic::{self, Diagnostic};
use crate::model;
use crate::registry::{self, Entry, Kind, PathIds, Place, Snapshot};
use crate::yaml::{self, Document};

/// Holds a document read into the typed model.
#[derive(Debug, Clone)]
pub enum Typed {
    /// `registry.yaml`.
    Registry(model::Registry),
    /// `defects.yaml`.
    DefectCatalog(model::DefectCatalog),
    /// `partner.yaml`.
    Partner(model::Partner),
    /// `verification.yaml`.
    PartnerVerification(model::PartnerVerification),
    /// `app.yaml`.
    MiniApp(model::MiniApp),
    /// `cooperation.yaml`.
    Cooperation(model::Cooperation),
    /// A rollout request.
    RolloutRequest(model::RolloutRequest),
    /// A review.
    Review(model::Review),
}

/// Holds one registry document after loading.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Registry-relative path.
    pub path: String,
    /// Its kind, by place.
    pub kind: Kind,
    /// The ids its path gives.
    pub ids: PathIds,
    /// The YAML document with spans, when it loaded.
    pub document: Option<Document>,
    /// The typed view, when it loaded and passed its schema.
    pub typed: Option<Typed>,
}

/// Holds every document of a registry, loaded, and where to find each.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    files: BTreeMap<String, LoadedFile>,
}

impl Loaded {
    /// Adds a loaded document, for tests that build a registry without the loader.
    #[cfg(test)]
    pub(crate) fn insert(&mut self, file: LoadedFile) {
        self.files.insert(file.path.clone(), file);
    }

    /// Returns the loaded file at a path.
    pub fn file(&self, path: &str) -> Option<&LoadedFile> {
        self.files.get(path)
    }

    /// Iterates over every loaded document in path order.
    pub fn files(&self) -> impl Iterator<Item = &LoadedFile> {
        self.files.values()
    }

    /// Returns the registry settings, or the defaults when `registry.yaml` is missing or invalid.
    pub fn settings(&self) -> model::Registry {
        match self.typed("registry.yaml") {
            Some(Typed::Registry(registry)) => registry.clone(),
            _ => model::Registry::default(),
        }
    }

    /// Returns the defect catalog, when `defects.yaml` loaded.
    pub fn catalog(&self) -> Option<&model::DefectCatalog> {
        match self.typed("defects.yaml") {
            Some(Typed::DefectCatalog(catalog)) => Some(catalog),
            _ => None,
        }
    }

    /// Returns the typed view of a path.
    pub fn typed(&self, path: &str) -> Option<&Typed> {
        self.files.get(path).and_then(|file| file.typed.as_ref())
    }

    /// Iterates over the typed partners, by path.
    pub fn partners(&self) -> impl Iterator<Item = (&LoadedFile, &model::Partner)> {
        self.files().filter_map(|file| match &file.typed {
            Some(Typed::Partner(partner)) => Some((file, partner)),
            _ => None,
        })
    }

    /// Iterates over the typed mini apps, by path.
    pub fn apps(&self) -> impl Iterator<Item = (&LoadedFile, &model::MiniApp)> {
        self.files().filter_map(|file| match &file.typed {
            Some(Typed::MiniApp(app)) => Some((file, app)),
            _ => None,
        })
    }

    /// Iterates over the typed rollout requests, by path.
    pub fn rollouts(&self) -> impl Iterator<Item = (&LoadedFile, &model::RolloutRequest)> {
        self.files().filter_map(|file| match &file.typed {
            Some(Typed::RolloutRequest(rollout)) => Some((file, rollout)),
            _ => None,
        })
    }

    /// Iterates over the typed reviews, by path.
    pub fn reviews(&self) -> impl Iterator<Item = (&LoadedFile, &model::Review)> {
        self.files().filter_map(|file| match &file.typed {
            Some(Typed::Review(review)) => Some((file, review)),
            _ => None,
        })
    }
}

/// Holds a validation's outcome: every finding, the loaded registry, and source texts.
#[derive(Debug, Clone, Default)]
pub struct Validation {
    /// Every finding, sorted by file and place.
    pub diagnostics: Vec<Diagnostic>,
    /// The loaded documents.
    pub loaded: Loaded,
    /// Source text of each checked file, for snippets.
    pub sources: BTreeMap<String, String>,
}

/// Validates every file of a snapshot: load, schema, then cross-file rules.
pub fn validate(snapshot: &Snapshot) -> Validation {
    let entries: Vec<(&str, &Entry)> = snapshot.iter().collect();
    let outcomes: Vec<FileOutcome> =
        entries.par_iter().map(|(path, entry)| check_entry(path, entry)).collect();

    let mut validation = Validation::default();
    for outcome in outcomes {
        validation.diagnostics.extend(outcome.diagnostics);
        if let Some((path, text)) = outcome.source {
            validation.sources.insert(path, text);
        }
        if let Some(file) = outcome.file {
            validation.loaded.files.insert(file.path.clone(), file);
        }
    }
    let rule_findings = crate::rules::check(&validation.loaded, snapshot);
    validation.diagnostics.extend(rule_findings);
    diagnostic::sort(&mut validation.diagnostics);
    validation
}

/// Loads one file into the typed model without reporting findings: for history walks,
/// which read many versions of a file and only need what each version says.
pub fn read_typed(path: &str, bytes: &[u8]) -> Option<Typed> {
    let Place::Document { kind, .. } = registry::classify(path) else { return None };
    let loaded = yaml::load(path, bytes, &yaml::Limits::default());
    let document = loaded.document?;
    to_typed(kind, document.value()).ok()
}

struct FileOutcome {
    diagnostics: Vec<Diagnostic>,
    source: Option<(String, String)>,
    file: Option<LoadedFile>,
}

fn check_entry(path: &str, entry: &Entry) -> FileOutcome {
    let mut outcome = FileOutcome { diagnostics: Vec::new(), source: None, file: None };
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
    outcome.source = Some((path.to_owned(), String::from_utf8_lossy(bytes).into_owned()));
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
    outcome.file =
        Some(LoadedFile { path: path.to_owned(), kind, ids, document: loaded.document, typed });
    outcome
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

fn to_typed(kind: Kind, value: &serde_json::Value) -> Result<Typed, serde_json::Error> {
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
