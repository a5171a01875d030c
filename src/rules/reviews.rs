//! Reviews against the defect catalog and the reviewed rollout: cited codes exist and
//! are not retired, codes that need a note carry one, and pointers resolve.

use crate::diagnostic::Diagnostic;
use crate::model::{DefectCatalog, ReviewDefect};
use crate::registry;
use crate::validate::{Loaded, LoadedFile};

/// The free-text defect code; it always needs a note.
const OTHER: &str = "OTHER";

/// Checks every typed review's defects.
pub fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    let catalog = loaded.catalog();
    let mut findings = Vec::new();
    for (file, review) in loaded.reviews() {
        let rollout = reviewed_rollout(loaded, file);
        for (index, defect) in review.defects.iter().enumerate() {
            let pointer = format!("/defects/{index}");
            if let Some(catalog) = catalog {
                findings.extend(check_code(file, &pointer, defect, catalog));
            }
            if let Some(rollout) = rollout {
                findings.extend(check_pointer(file, &pointer, defect, rollout));
            }
        }
    }
    findings
}

/// Returns the rollout file a review's path names, when it loaded as YAML.
fn reviewed_rollout<'a>(loaded: &'a Loaded, review: &LoadedFile) -> Option<&'a LoadedFile> {
    let ids = &review.ids;
    let path = registry::rollout_path(
        ids.partner.as_deref()?,
        ids.app.as_deref()?,
        ids.rollout.as_deref()?,
    );
    loaded.file(&path).filter(|file| file.document.is_some())
}

fn check_code(
    file: &LoadedFile,
    pointer: &str,
    defect: &ReviewDefect,
    catalog: &DefectCatalog,
) -> Option<Diagnostic> {
    let code = &defect.code;
    let Some(entry) = catalog.defects.get(code) else {
        let finding = super::at_value(
            super::UNKNOWN_DEFECT,
            file,
            &format!("{pointer}/code"),
            format!("defect code `{code}` is not in `defects.yaml`"),
        )
        .with_help(closest_code_help(code, catalog));
        return Some(finding);
    };
    if entry.deprecated {
        let finding = super::at_value(
            super::DEPRECATED_DEFECT,
            file,
            &format!("{pointer}/code"),
            format!("defect code `{code}` is deprecated"),
        )
        .with_help(
            "cite a current code from `defects.yaml`; retired codes are kept only for old reviews",
        );
        return Some(finding);
    }
    let needs_note = entry.note_required || code == OTHER;
    let has_note = defect.note.as_deref().is_some_and(|note| !note.trim().is_empty());
    if needs_note && !has_note {
        let finding = super::missing_under(
            super::DEFECT_NOTE_MISSING,
            file,
            pointer,
            "note",
            format!("defect `{code}` needs a `note` saying what is wrong"),
        )
        .with_help("add `note:` to this defect");
        return Some(finding);
    }
    None
}

fn closest_code_help(code: &str, catalog: &DefectCatalog) -> String {
    let upper = code.to_ascii_uppercase();
    if catalog.defects.contains_key(&upper) {
        return format!("codes are upper case: `{upper}`");
    }
    "cite a code listed in `defects.yaml`, or `OTHER` with a note".to_owned()
}

fn check_pointer(
    file: &LoadedFile,
    pointer: &str,
    defect: &ReviewDefect,
    rollout: &LoadedFile,
) -> Option<Diagnostic> {
    let target = defect.pointer.as_deref()?;
    let document = rollout.document.as_ref()?;
    if document.resolves(target) {
        return None;
    }
    let finding = super::at_value(
        super::DEFECT_POINTER,
        file,
        &format!("{pointer}/pointer"),
        format!("pointer `{target}` does not resolve in `{}`", rollout.path),
    )
    .with_help("point at a value the rollout has, such as `/android/build`");
    Some(finding)
}
