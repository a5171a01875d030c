//! Writes new registry documents: YAML text with the `$schema` header, checked by the
//! loader and the schema before it reaches the disk. What goes into each document is in
//! `documents`, the next build numbers in `builds`; asking the user is left to `commands`.

mod builds;
pub mod commit;
mod documents;
mod emit;
pub mod repository;
pub mod review;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{self, Kind, Place};

pub use builds::{BuildError, highest_build, next_builds};
pub use documents::{AppFields, InputError, PartnerFields, RolloutFields, app, partner, rollout};
pub use emit::to_yaml;

/// Reports why a scaffolded document was not written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The path has no place in the registry layout.
    #[error("`{path}` has no place in the registry layout")]
    NoPlace {
        /// The registry-relative path.
        path: String,
    },
    /// The file exists already; scaffolding never overwrites.
    #[error("`{}` exists already", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// The document fails its schema or does not load back as written.
    #[error("the new `{path}` would not be valid: {}", summary(findings))]
    Invalid {
        /// The registry-relative path.
        path: String,
        /// What the loader and the schema said.
        findings: Vec<Diagnostic>,
    },
    /// The text would not read back as the value it was made from.
    #[error("the new `{path}` would not read back as written")]
    RoundTrip {
        /// The registry-relative path.
        path: String,
    },
    /// Writing failed.
    #[error("failed to write `{}`", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

fn summary(findings: &[Diagnostic]) -> String {
    let messages: Vec<String> = findings
        .iter()
        .map(|finding| match &finding.pointer {
            Some(pointer) if !pointer.is_empty() => format!("`{pointer}`: {}", finding.message),
            _ => finding.message.clone(),
        })
        .collect();
    messages.join("; ")
}

/// Returns the `# yaml-language-server: $schema=…` line of a registry path: one `../` per
/// folder between the file and the registry root, then `schemas/<schema file>`.
pub fn schema_header(path: &str, kind: Kind) -> String {
    let depth = path.matches('/').count();
    format!("# yaml-language-server: $schema={}schemas/{}", "../".repeat(depth), kind.schema_file())
}

/// Renders a document for a registry path: the header, then the value as YAML, after
/// checking that it loads back to the same value and passes its kind's schema.
pub fn render(path: &str, value: &Value) -> Result<String, ScaffoldError> {
    let Place::Document { kind, .. } = registry::classify(path) else {
        return Err(ScaffoldError::NoPlace { path: path.to_owned() });
    };
    let text = format!("{}\n{}", schema_header(path, kind), to_yaml(value));
    let loaded = crate::yaml::load(path, text.as_bytes(), &crate::yaml::Limits::default());
    let mut findings: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(|finding| finding.severity == Severity::Error)
        .collect();
    if let Some(document) = &loaded.document {
        findings.extend(crate::schema::check(kind, path, document));
    }
    if !findings.is_empty() {
        return Err(ScaffoldError::Invalid { path: path.to_owned(), findings });
    }
    match &loaded.document {
        Some(document) if document.value() == value => Ok(text),
        _ => Err(ScaffoldError::RoundTrip { path: path.to_owned() }),
    }
}

/// Writes a rendered document under `root`, creating folders; never replaces a file.
pub fn write_new(root: &Path, path: &str, text: &str) -> Result<PathBuf, ScaffoldError> {
    let target = root.join(path);
    if target.exists() || target.is_symlink() {
        return Err(ScaffoldError::Exists { path: target });
    }
    let write_error = |source| ScaffoldError::Write { path: target.clone(), source };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&target).map_err(
        |source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists { path: target.clone() },
            _ => ScaffoldError::Write { path: target.clone(), source },
        },
    )?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(write_error)?;
    Ok(target)
}

#[cfg(test)]
mod tests;
