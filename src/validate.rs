//! The validation pipeline over a snapshot or a folder: load each file, check it against
//! its schema, read it into the typed model, then run the cross-file rules. Each file's
//! bytes and YAML document are dropped once it is checked; its outline and typed view stay.

mod file;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{self, Diagnostic};
use crate::model;
use crate::registry::{self, Entry, Kind, Listing, PathIds, Place, Snapshot, SnapshotError};
use crate::rules::IconFiles;
use crate::yaml::{self, Outline};

use self::file::{FileOutcome, Keep};

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
    /// Where the YAML document's nodes and keys start, when it loaded.
    pub document: Option<Outline>,
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
    /// Source text of checked files, for snippets: every one from `validate`, the ones a
    /// finding names from `validate_dir`.
    pub sources: BTreeMap<String, String>,
    /// How many registry documents were read and checked.
    pub checked: usize,
}

/// Validates every file of a snapshot: load, schema, then cross-file rules. Keeps the
/// source of every checked file, since callers add findings of their own.
pub fn validate(snapshot: &Snapshot) -> Validation {
    let entries: Vec<(&str, &Entry)> = snapshot.iter().collect();
    let outcomes: Vec<FileOutcome> = entries
        .par_iter()
        .map(|(path, entry)| file::check_entry(path, entry, Keep::Every))
        .collect();
    finish(outcomes)
}

/// Validates every file under a registry folder, reading each file only while it is
/// checked; keeps the source of the files a finding names.
///
/// Only a root that cannot be listed is an error, as for `Snapshot::from_dir`.
pub fn validate_dir(root: &Path) -> Result<Validation, SnapshotError> {
    let listing = Listing::from_dir(root)?;
    let paths: Vec<&str> = listing.paths().collect();
    let outcomes: Vec<FileOutcome> = paths
        .par_iter()
        .filter_map(|path| {
            let entry = listing.read(path)?;
            Some(file::check_entry(path, &entry, Keep::WithFindings))
        })
        .collect();

    let mut validation = finish(outcomes);
    add_named_sources(&mut validation, &listing);
    Ok(validation)
}

/// Loads one file into the typed model without reporting findings: for history walks,
/// which read many versions of a file and only need what each version says.
pub fn read_typed(path: &str, bytes: &[u8]) -> Option<Typed> {
    let Place::Document { kind, .. } = registry::classify(path) else { return None };
    let loaded = yaml::load(path, bytes, &yaml::Limits::default());
    let document = loaded.document?;
    file::to_typed(kind, document.value()).ok()
}

/// Gathers every file's outcome, in path order, then runs the cross-file rules.
fn finish(outcomes: Vec<FileOutcome>) -> Validation {
    let mut validation = Validation::default();
    let mut icons = IconFiles::default();
    for outcome in outcomes {
        validation.diagnostics.extend(outcome.diagnostics);
        validation.checked += usize::from(outcome.checked);
        if let Some((path, text)) = outcome.source {
            validation.sources.insert(path, text);
        }
        if let Some(file) = outcome.file {
            validation.loaded.files.insert(file.path.clone(), file);
        }
        if let Some((path, icon)) = outcome.icon {
            icons.insert(path, icon);
        }
    }
    let rule_findings = crate::rules::check(&validation.loaded, &icons);
    validation.diagnostics.extend(rule_findings);
    diagnostic::sort(&mut validation.diagnostics);
    validation
}

/// Reads again the source of each checked file a finding names whose source was not
/// kept: a cross-file rule found something in a file that had no finding of its own.
fn add_named_sources(validation: &mut Validation, listing: &Listing) {
    let named: std::collections::BTreeSet<&str> = validation
        .diagnostics
        .iter()
        .flat_map(|finding| {
            let related = finding.related.iter().map(|related| related.path.as_str());
            std::iter::once(finding.path.as_str()).chain(related)
        })
        .filter(|path| !validation.sources.contains_key(*path))
        .filter(|path| validation.loaded.files.contains_key(*path))
        .collect();
    let mut read = Vec::new();
    for path in named {
        if let Some(Entry::File(bytes)) = listing.read(path) {
            read.push((path.to_owned(), file::source_text(&bytes)));
        }
    }
    validation.sources.extend(read);
}
