//! Cross-file rules: checks that need more than one document, or the files beside it
//! (ids against paths, references, icons, build numbers, first rollout complete).
//! Each rule family has a file; loading and schema checks are left to `yaml` and `schema`.

mod apps;
mod completeness;
mod icons;
mod ids;
mod order;
mod png;
mod references;
mod reviews;
mod rollouts;
mod uniqueness;

use crate::diagnostic::{CodeInfo, Diagnostic, Location, Related, Severity};
use crate::registry::Special;
use crate::validate::{Loaded, LoadedFile};

pub use icons::{IconFile, IconFiles};
pub use order::compare_rollout_ids;

/// Codes the rules report, including the layout codes `validate` reports per file.
pub const CODES: &[CodeInfo] = &[
    code(SYMLINK, Severity::Error, "a registry file is a symbolic link"),
    code(UNKNOWN_FILE, Severity::Error, "a file under `partners/` has no place in the layout"),
    code(UNREADABLE_FILE, Severity::Error, "a registry file or folder cannot be read"),
    code(NOT_A_FILE, Severity::Error, "a folder, FIFO, device or socket is at a file's place"),
    code(TOO_LARGE, Severity::Error, "a registry file is larger than `validate` reads"),
    code(ID_MISMATCH, Severity::Error, "an id field disagrees with the file's path"),
    code(MISSING_PARTNER, Severity::Error, "a file's partner has no `partner.yaml`"),
    code(MISSING_APP, Severity::Error, "a file's app has no `app.yaml`"),
    code(MISSING_ROLLOUT, Severity::Error, "a review names a rollout file that does not exist"),
    code(UNKNOWN_REVIEWER, Severity::Error, "a reviewer or contact is not in `registry.yaml`"),
    code(MISSING_CATALOG, Severity::Error, "the registry has no `defects.yaml`"),
    code(UNKNOWN_DEFECT, Severity::Error, "a review cites a code missing from `defects.yaml`"),
    code(DEPRECATED_DEFECT, Severity::Error, "a review cites a deprecated defect code"),
    code(DEFECT_NOTE_MISSING, Severity::Error, "a cited defect needs a note and has none"),
    code(DEFECT_POINTER, Severity::Error, "a defect's pointer does not resolve in the rollout"),
    code(ICON_PATH, Severity::Error, "an icon path leaves the app's folder"),
    code(ICON_MISSING, Severity::Error, "the named icon file does not exist"),
    code(ICON_NOT_PNG, Severity::Error, "the icon is not a PNG image"),
    code(ICON_NOT_SQUARE, Severity::Error, "the icon is not square"),
    code(ICON_TOO_SMALL, Severity::Error, "the icon is smaller than `icon.min_size`"),
    code(ICON_TOO_LARGE, Severity::Error, "the icon is larger than `icon.max_size`"),
    code(SUPPORT_MISSING, Severity::Error, "an app has neither support email nor support phone"),
    code(BUILD_DUPLICATE, Severity::Error, "a build number is used twice in one app"),
    code(BUILD_NOT_INCREASING, Severity::Error, "a build number is not above earlier rollouts'"),
    code(
        BUILD_PARITY,
        Severity::Warning,
        "a build number breaks the odd Android, even iOS pattern",
    ),
    code(VERSION_NOT_INCREASING, Severity::Error, "a platform version is not above earlier ones"),
    code(FIRST_ROLLOUT_INCOMPLETE, Severity::Error, "an app's first rollout lacks a part"),
    code(DUPLICATE_APP_ID, Severity::Error, "two cooperations assign the same AppId"),
    code(DUPLICATE_TAX_CODE, Severity::Warning, "two partners give the same tax code"),
    code(INSTALL_MODE_NOTIFY, Severity::Note, "a build uses the undescribed `NOTIFY` install mode"),
];

const SYMLINK: &str = "registry-symlink";
const UNKNOWN_FILE: &str = "registry-unknown-file";
const UNREADABLE_FILE: &str = "registry-unreadable-file";
const NOT_A_FILE: &str = "registry-not-a-file";
const TOO_LARGE: &str = "registry-too-large";
const ID_MISMATCH: &str = "rule-id-mismatch";
const MISSING_PARTNER: &str = "rule-missing-partner";
const MISSING_APP: &str = "rule-missing-app";
const MISSING_ROLLOUT: &str = "rule-missing-rollout";
const UNKNOWN_REVIEWER: &str = "rule-unknown-reviewer";
const MISSING_CATALOG: &str = "rule-missing-defect-catalog";
const UNKNOWN_DEFECT: &str = "rule-unknown-defect";
const DEPRECATED_DEFECT: &str = "rule-deprecated-defect";
const DEFECT_NOTE_MISSING: &str = "rule-defect-note-missing";
const DEFECT_POINTER: &str = "rule-defect-pointer";
const ICON_PATH: &str = "rule-icon-path";
const ICON_MISSING: &str = "rule-icon-missing";
const ICON_NOT_PNG: &str = "rule-icon-not-png";
const ICON_NOT_SQUARE: &str = "rule-icon-not-square";
const ICON_TOO_SMALL: &str = "rule-icon-too-small";
const ICON_TOO_LARGE: &str = "rule-icon-too-large";
const SUPPORT_MISSING: &str = "rule-support-missing";
const BUILD_DUPLICATE: &str = "rule-build-duplicate";
const BUILD_NOT_INCREASING: &str = "rule-build-not-increasing";
const BUILD_PARITY: &str = "rule-build-parity";
const VERSION_NOT_INCREASING: &str = "rule-version-not-increasing";
const FIRST_ROLLOUT_INCOMPLETE: &str = "rule-first-rollout-incomplete";
const DUPLICATE_APP_ID: &str = "rule-duplicate-app-id";
const DUPLICATE_TAX_CODE: &str = "rule-duplicate-tax-code";
const INSTALL_MODE_NOTIFY: &str = "rule-install-mode-notify";

const fn code(code: &'static str, severity: Severity, summary: &'static str) -> CodeInfo {
    CodeInfo { code, severity, summary }
}

/// Runs every cross-file rule over a loaded registry and the icon facts of its files.
pub fn check(loaded: &Loaded, icons: &IconFiles) -> Vec<Diagnostic> {
    let apps = apps::group(loaded);

    let mut findings = Vec::new();
    findings.extend(ids::check(loaded));
    findings.extend(references::check(loaded));
    findings.extend(reviews::check(loaded));
    findings.extend(icons::check(loaded, &apps, icons));
    findings.extend(rollouts::check(&apps));
    findings.extend(uniqueness::check(loaded));
    findings
}

/// Reports a symbolic link inside the registry's layout.
pub fn symlink_finding(path: &str, target: &str) -> Diagnostic {
    Diagnostic::error(SYMLINK, path, format!("`{path}` is a symbolic link to `{target}`"))
        .with_help("registry files must be regular files; replace the link with the file itself")
}

/// Reports a file under `partners/` that has no place in the layout.
pub fn unknown_file_finding(path: &str) -> Diagnostic {
    Diagnostic::error(UNKNOWN_FILE, path, format!("`{path}` has no place in the registry layout"))
        .with_help("see docs/registry-format.md for where each file goes")
}

/// Reports a file or folder that could not be read; the run goes on without it.
pub fn unreadable_finding(path: &str, reason: &str) -> Diagnostic {
    Diagnostic::error(UNREADABLE_FILE, path, format!("`{path}` cannot be read: {reason}"))
        .with_help("make the file readable by the user running miniapp (check its permissions)")
}

/// Reports a folder, FIFO, device or socket where a registry file belongs.
pub fn not_a_file_finding(path: &str, special: Special) -> Diagnostic {
    Diagnostic::error(NOT_A_FILE, path, format!("`{path}` is {special}, not a regular file"))
        .with_help("registry files must be regular files; replace it with the file, or remove it")
}

/// Reports a file larger than the snapshot reads whole.
pub fn too_large_finding(path: &str, size: u64, limit: u64) -> Diagnostic {
    Diagnostic::error(
        TOO_LARGE,
        path,
        format!("`{path}` is {size} bytes, above the {limit}-byte limit for this file"),
    )
    .with_help("registry files are small: shrink the file (icons compress well), or remove it")
}

/// Returns the start of the value at a pointer, or of its nearest existing ancestor.
fn value_location(file: &LoadedFile, pointer: &str) -> Option<Location> {
    file.document.as_ref().and_then(|document| document.locate(pointer))
}

/// Returns the key of the entry at a pointer, falling back like `value_location`.
fn key_location(file: &LoadedFile, pointer: &str) -> Option<Location> {
    file.document.as_ref().and_then(|document| document.locate_key(pointer))
}

/// Creates a finding about the value at a pointer of a file, located at that value.
fn at_value(
    code: &'static str,
    file: &LoadedFile,
    pointer: &str,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(code, severity_of(code), &file.path, message)
        .at(value_location(file, pointer))
        .with_pointer(pointer)
}

/// Creates a finding about a key missing under `parent`, located at the parent's key.
fn missing_under(
    code: &'static str,
    file: &LoadedFile,
    parent: &str,
    key: &str,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(code, severity_of(code), &file.path, message)
        .at(key_location(file, parent))
        .with_pointer(format!("{parent}/{key}"))
}

/// Names a value in another file that explains a finding.
fn related_value(file: &LoadedFile, pointer: &str, message: impl Into<String>) -> Related {
    Related {
        path: file.path.clone(),
        location: value_location(file, pointer),
        message: message.into(),
    }
}

/// Looks up the severity a code is documented with in `CODES`.
fn severity_of(code: &str) -> Severity {
    CODES.iter().find(|info| info.code == code).map_or(Severity::Error, |info| info.severity)
}

#[cfg(test)]
mod tests;
