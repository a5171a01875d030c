//! Checks around computing the lifecycle that `status` and `history` share: where the
//! registry is, whether its settings load, whether git could read every blob, whether
//! the items asked for exist, and whether the clock is plausible.

use std::path::{Path, PathBuf};

use git2::{Oid, Sort};
use time::format_description::well_known::Rfc3339;

use crate::commands;
use crate::diagnostic::{Diagnostic, Severity};
use crate::history::Repository;
use crate::integrity::UnreadableBlob;
use crate::lifecycle::{ItemId, Report};
use crate::registry::Kind;
use crate::render::text::sanitize;
use crate::{schema, validate, yaml};

const SETTINGS: &str = "registry.yaml";

/// Finds the registry root from `dir`: the nearest folder at or above it that holds
/// `registry.yaml`, without leaving the repository's work tree; `dir` when none does.
pub(super) fn registry_root(dir: &Path) -> PathBuf {
    if dir.join(SETTINGS).is_file() {
        return dir.to_path_buf();
    }
    let Ok(repo) = git2::Repository::discover(dir) else { return dir.to_path_buf() };
    let Some(workdir) = repo.workdir() else { return dir.to_path_buf() };
    let (Ok(start), Ok(top)) = (dir.canonicalize(), workdir.canonicalize()) else {
        return dir.to_path_buf();
    };
    for candidate in start.ancestors().take_while(|candidate| candidate.starts_with(&top)) {
        if candidate.join(SETTINGS).is_file() {
            tracing::info!(
                from = %dir.display(),
                root = %candidate.display(),
                "reading the registry from the nearest folder above that holds `registry.yaml`"
            );
            return candidate.to_path_buf();
        }
    }
    tracing::debug!(from = %dir.display(), "no `registry.yaml` up to the work tree root");
    dir.to_path_buf()
}

/// Fails when `registry.yaml` at the revision exists but does not load or fails its
/// schema, since every state would then be computed with settings it does not hold.
/// A revision that does not resolve, or has no `registry.yaml`, is left to `compute`.
pub(super) fn check_settings(repo: &Repository, revision: &str) -> anyhow::Result<()> {
    if repo.is_shallow() || repo.is_empty().unwrap_or(true) {
        return Ok(());
    }
    let Ok(commit) = repo.resolve(revision) else { return Ok(()) };
    let bytes = match repo.file_at(commit, SETTINGS) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(()),
        Err(error) => {
            let blob = repo.blob_at(commit, SETTINGS).ok().flatten().unwrap_or(Oid::ZERO_SHA1);
            let reason = error.to_string();
            return Err(corrupt(repo, &UnreadableBlob { blob, path: SETTINGS.to_owned(), reason }));
        }
    };
    let Some(first) = settings_findings(&bytes).into_iter().next() else { return Ok(()) };
    let line = match first.location {
        Some(location) => format!(" on line {}", location.line),
        None => String::new(),
    };
    Err(commands::with_hint(
        format!("`{SETTINGS}` at `{}` is invalid", sanitize(revision)),
        format!(
            "its first finding is `{}`{line}: {}; run `miniapp validate` to see every finding",
            first.code, first.message
        ),
    ))
}

/// Returns the errors that keep `registry.yaml` from being read: YAML first, then schema.
fn settings_findings(bytes: &[u8]) -> Vec<Diagnostic> {
    let is_error = |finding: &Diagnostic| finding.severity == Severity::Error;
    let loaded = yaml::load(SETTINGS, bytes, &yaml::Limits::default());
    let mut findings: Vec<Diagnostic> = loaded.diagnostics.into_iter().filter(is_error).collect();
    if !findings.is_empty() {
        return findings;
    }
    let Some(document) = loaded.document else {
        return vec![Diagnostic::error("yaml-syntax", SETTINGS, "the file is not a YAML document")];
    };
    findings = schema::check(Kind::Registry, SETTINGS, &document);
    findings.retain(is_error);
    if findings.is_empty() && validate::read_typed(SETTINGS, bytes).is_none() {
        findings.push(Diagnostic::error(
            "schema-model-mismatch",
            SETTINGS,
            "the settings passed their schema but could not be read",
        ));
    }
    findings
}

/// Turns a blob git could not read into the error that says the repository is corrupt.
pub(super) fn corrupt(repo: &Repository, unreadable: &UnreadableBlob) -> anyhow::Error {
    tracing::debug!(reason = unreadable.reason, blob = %unreadable.blob, "unreadable blob");
    let place = match commit_holding(repo, &unreadable.path, unreadable.blob) {
        Some(commit) => format!("at commit `{commit}`"),
        None => format!("(blob `{}`)", unreadable.blob),
    };
    commands::with_hint(
        format!(
            "the repository is corrupt: git cannot read `{}` {place}",
            sanitize(&unreadable.path)
        ),
        "run `git fsck --full` to list the damaged objects, then restore them from another clone",
    )
}

/// Finds the oldest commit on a branch or HEAD whose tree holds `blob` at `path`.
fn commit_holding(repo: &Repository, path: &str, blob: Oid) -> Option<Oid> {
    let git = repo.git();
    let mut walk = git.revwalk().ok()?;
    // Refs that cannot be pushed (an unborn HEAD) only narrow the search.
    let _ = walk.push_head();
    let _ = walk.push_glob("heads");
    let _ = walk.push_glob("remotes");
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).ok()?;
    let full = repo.repository_path(path);
    walk.flatten().find(|id| {
        let tree = git.find_commit(*id).and_then(|commit| commit.tree());
        tree.and_then(|tree| tree.get_path(Path::new(&full))).is_ok_and(|entry| entry.id() == blob)
    })
}

/// Fails on the first id that names no item, suggesting a known id of its kind close to it.
pub(super) fn require_known(
    filters: &[ItemId],
    texts: &[String],
    report: &Report,
) -> anyhow::Result<()> {
    for (filter, text) in filters.iter().zip(texts) {
        if report.items.iter().any(|item| item.id.is_within(filter)) {
            continue;
        }
        // Only ids of the same kind: `acme/shpo` means an app, never the partner `acme`.
        let known: Vec<String> = report
            .items
            .iter()
            .filter(|item| item.id.kind() == filter.kind())
            .map(|item| item.id.to_string())
            .collect();
        let wanted = filter.to_string();
        let hint = match schema::words::closest(&wanted, known.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{}`?", sanitize(near)),
            None => "`miniapp status` lists every item".to_owned(),
        };
        return Err(commands::with_hint(format!("no item `{}`", sanitize(text)), hint));
    }
    Ok(())
}

/// Warns once when the clock is before the newest event, where every age reads `0m`.
pub(super) fn warn_if_clock_early(report: &Report) {
    let newest = report
        .items
        .iter()
        .flat_map(|item| &item.timeline)
        .map(|transition| transition.provenance.time)
        .max();
    let Some(newest) = newest.filter(|newest| report.now < *newest) else { return };
    let show = |time: time::OffsetDateTime| {
        let time = time.to_offset(report.offset);
        time.format(&Rfc3339).unwrap_or_else(|_| time.to_string())
    };
    eprintln!(
        "warning: the clock `{}` is before the newest event `{}`, so ages after it read 0m",
        show(report.now),
        show(newest)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = "apiVersion: miniapp.momo.vn/v1\nkind: Registry\nname: Test\n\
                         admins: [{login: admin}]\nreviewers: [{login: reviewer}]\n";

    #[test]
    fn settings_findings_name_the_first_reason_registry_yaml_cannot_be_used() {
        let zero_days = format!("{VALID}limits: {{review_days: 0}}\n");
        let cases: [(&str, Option<(&str, u32)>); 4] = [
            (VALID, None),
            ("name: [\nproduction_branch: trunk\n", Some(("yaml-syntax", 1))),
            (&zero_days, Some(("schema-limit", 6))),
            ("kind: Registry\n", Some(("schema-api-version", 1))),
        ];
        for (text, expected) in cases {
            let first = settings_findings(text.as_bytes()).into_iter().next();
            let got = first.map(|finding| {
                (finding.code, finding.location.map_or(0, |location| location.line))
            });
            assert_eq!(got, expected, "{text}");
        }
    }
}
