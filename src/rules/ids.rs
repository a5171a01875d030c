//! Ids against paths: the path is a document's identity, so every id field it carries
//! must repeat the folder or file name it sits in.

use crate::diagnostic::Diagnostic;
use crate::validate::{Loaded, LoadedFile, Typed};

/// Which path segment an id field must equal.
#[derive(Debug, Clone, Copy)]
enum Segment {
    Partner,
    App,
    Rollout,
}

/// Checks every typed document's id fields against its path.
pub fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for file in loaded.files() {
        let Some(typed) = &file.typed else { continue };
        for (field, value, segment) in id_fields(typed) {
            findings.extend(compare(file, field, value, segment));
        }
    }
    findings
}

/// Lists the id fields of a document with the path segment each must match.
fn id_fields(typed: &Typed) -> Vec<(&'static str, &str, Segment)> {
    use Segment::{App, Partner, Rollout};
    match typed {
        Typed::Registry(_) | Typed::DefectCatalog(_) => Vec::new(),
        Typed::Partner(partner) => vec![("id", &partner.id, Partner)],
        Typed::PartnerVerification(verification) => {
            vec![("partner", &verification.partner, Partner)]
        }
        Typed::MiniApp(app) => vec![("id", &app.id, App), ("partner", &app.partner, Partner)],
        Typed::Cooperation(cooperation) => {
            vec![("partner", &cooperation.partner, Partner), ("app", &cooperation.app, App)]
        }
        Typed::RolloutRequest(rollout) => vec![
            ("id", &rollout.id, Rollout),
            ("partner", &rollout.partner, Partner),
            ("app", &rollout.app, App),
        ],
        Typed::Review(review) => vec![
            ("rollout", &review.rollout, Rollout),
            ("partner", &review.partner, Partner),
            ("app", &review.app, App),
        ],
    }
    .into_iter()
    .map(|(field, value, segment)| (field, value.as_str(), segment))
    .collect()
}

fn compare(file: &LoadedFile, field: &str, value: &str, segment: Segment) -> Option<Diagnostic> {
    let (expected, place) = match segment {
        Segment::Partner => (file.ids.partner.as_deref()?, "partner folder"),
        Segment::App => (file.ids.app.as_deref()?, "app folder"),
        Segment::Rollout => (file.ids.rollout.as_deref()?, "file name"),
    };
    if value == expected {
        return None;
    }
    let pointer = format!("/{field}");
    let finding = super::at_value(
        super::ID_MISMATCH,
        file,
        &pointer,
        format!("`{field}` is `{value}` but the {place} is `{expected}`"),
    )
    .with_help(format!("set `{field}: {expected}`, or move the file to where `{value}` belongs"));
    Some(finding)
}
