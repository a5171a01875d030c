//! Values unique across the registry: AppIds (error) and partner tax codes (warning);
//! and the `NOTIFY` install mode, accepted with a note since MoMo does not describe it.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::model::Platform;
use crate::validate::{Loaded, LoadedFile, Typed};

/// Checks registry-wide uniqueness and notes `NOTIFY` builds.
pub fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut findings = app_ids(loaded);
    findings.extend(tax_codes(loaded));
    findings.extend(notify_modes(loaded));
    findings
}

fn app_ids(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, &LoadedFile> = BTreeMap::new();
    let mut findings = Vec::new();
    for file in loaded.files() {
        let Some(Typed::Cooperation(cooperation)) = &file.typed else { continue };
        let Some(app_id) = cooperation.app_id.as_deref() else { continue };
        let Some(earlier) = first.get(app_id) else {
            first.insert(app_id, file);
            continue;
        };
        findings.push(
            super::at_value(
                super::DUPLICATE_APP_ID,
                file,
                "/app_id",
                format!("AppId `{app_id}` is already assigned in `{}`", earlier.path),
            )
            .with_help("every mini app gets its own AppId; an assigned AppId never changes")
            .with_related(super::related_value(
                earlier,
                "/app_id",
                "first assigned here",
            )),
        );
    }
    findings
}

fn tax_codes(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut first: BTreeMap<String, &LoadedFile> = BTreeMap::new();
    let mut findings = Vec::new();
    for (file, partner) in loaded.partners() {
        let given = &partner.organization.tax_code;
        let normalised: String =
            given.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
        let Some(earlier) = first.get(&normalised) else {
            first.insert(normalised, file);
            continue;
        };
        let pointer = "/organization/tax_code";
        findings.push(
            super::at_value(
                super::DUPLICATE_TAX_CODE,
                file,
                pointer,
                format!("tax code `{given}` is also given by `{}`", earlier.path),
            )
            .with_help(
                "one organization is one partner; a dependent unit has its own \
                 `-NNN` branch suffix",
            )
            .with_related(super::related_value(earlier, pointer, "also given here")),
        );
    }
    findings
}

fn notify_modes(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (file, rollout) in loaded.rollouts() {
        for platform in Platform::ALL {
            let Some(build) = rollout.platform(platform) else { continue };
            if build.install_mode != "NOTIFY" {
                continue;
            }
            findings.push(
                super::at_value(
                    super::INSTALL_MODE_NOTIFY,
                    file,
                    &format!("/{}/install_mode", platform.key()),
                    "install mode `NOTIFY` is accepted, but MoMo does not describe what it does",
                )
                .with_help("use `NORMAL` or `IMMEDIATELY` unless MoMo asked for `NOTIFY`"),
            );
        }
    }
    findings
}
