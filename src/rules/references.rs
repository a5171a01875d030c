//! References between files: an app needs its partner, a rollout its app, a review its
//! rollout; MoMo-owned files name known reviewers; the registry has a defect catalog.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::registry::{self, Kind};
use crate::validate::{Loaded, LoadedFile, Typed};

/// Checks that every file's path references exist, and that logins are known.
pub fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> =
        loaded.files().filter_map(|file| missing_parent(loaded, file)).collect();
    findings.extend(unknown_logins(loaded));
    if loaded.file("defects.yaml").is_none() {
        findings.push(
            Diagnostic::error(
                super::MISSING_CATALOG,
                "defects.yaml",
                "the registry has no defect catalog `defects.yaml`",
            )
            .with_help("add `defects.yaml` with the review checklist's codes; reviews cite them"),
        );
    }
    findings
}

/// Reports a file whose partner, app or rollout file is missing, by its path alone.
fn missing_parent(loaded: &Loaded, file: &LoadedFile) -> Option<Diagnostic> {
    let partner = file.ids.partner.as_deref()?;
    let (code, needed, what) = match file.kind {
        Kind::MiniApp | Kind::PartnerVerification => {
            (super::MISSING_PARTNER, format!("partners/{partner}/partner.yaml"), "partner")
        }
        Kind::RolloutRequest | Kind::Cooperation | Kind::Review => {
            let app = file.ids.app.as_deref()?;
            let app_file = format!("{}/app.yaml", registry::app_dir(partner, app));
            if file.kind == Kind::Review && loaded.file(&app_file).is_some() {
                let rollout = file.ids.rollout.as_deref()?;
                (super::MISSING_ROLLOUT, registry::rollout_path(partner, app, rollout), "a rollout")
            } else {
                (super::MISSING_APP, app_file, "an app")
            }
        }
        Kind::Registry | Kind::DefectCatalog | Kind::Partner => return None,
    };
    if loaded.file(&needed).is_some() {
        return None;
    }
    let finding = Diagnostic::error(
        code,
        &file.path,
        format!("`{}` belongs to {what} that has no `{needed}`", file.path),
    )
    .with_help(format!("add `{needed}` in the same pull request, or move this file"));
    Some(finding)
}

/// Reports reviewer and contact logins that are neither reviewers nor admins.
fn unknown_logins(loaded: &Loaded) -> Vec<Diagnostic> {
    let Some(Typed::Registry(settings)) = loaded.typed("registry.yaml") else {
        // Without a valid `registry.yaml` every login would look unknown: say nothing.
        return Vec::new();
    };
    let known: BTreeSet<String> = settings
        .reviewers
        .iter()
        .chain(&settings.admins)
        .map(|account| account.login.to_ascii_lowercase())
        .collect();
    let mut findings = Vec::new();
    for file in loaded.files() {
        let (field, login) = match &file.typed {
            Some(Typed::PartnerVerification(verification)) => ("reviewer", &verification.reviewer),
            Some(Typed::Cooperation(cooperation)) => ("contact", &cooperation.contact),
            Some(Typed::Review(review)) => ("reviewer", &review.reviewer),
            _ => continue,
        };
        // GitHub logins are case-insensitive.
        if known.contains(&login.to_ascii_lowercase()) {
            continue;
        }
        findings.push(
            super::at_value(
                super::UNKNOWN_REVIEWER,
                file,
                &format!("/{field}"),
                format!("`{login}` is neither a reviewer nor an admin in `registry.yaml`"),
            )
            .with_help(format!(
                "add `{login}` to `reviewers` in `registry.yaml`, or fix the login"
            )),
        );
    }
    findings
}
