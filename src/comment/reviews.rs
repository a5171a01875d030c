//! The reviewer defects of the review files a change adds or edits, and which of them
//! may be posted: only those of a review the gate judges current and requesting changes,
//! never those of a review file whose change the gate refused on ownership.

use crate::comment::messages::fill;
use crate::comment::{Finding, Hunks, Messages, Section, markers};
use crate::diagnostic::Severity;
use crate::gate::{Approval, ChangeStatus, Outcome};
use crate::model::{DefectCatalog, Language, Review, ReviewDefect, ReviewVerdict};
use crate::registry::{self, Kind, Place, Snapshot};
use crate::render::markdown;
use crate::validate::{self, Typed};

/// The gate code of a change its author may not make.
const NOT_OWNER: &str = "gate-not-owner";

/// Holds the defects of one run's review files, sorted by whether they may be posted.
#[derive(Debug, Default)]
pub(super) struct Defects {
    /// Defects of current reviews that request changes: posted.
    pub open: Vec<Finding>,
    /// Defects of reviews that no longer hold (stale, refused): never posted;
    /// an earlier inline comment of one is marked outdated.
    pub withheld: Vec<Finding>,
    /// What the summary says of each review whose defects are withheld, escaped.
    pub notices: Vec<String>,
}

/// Says where one review file stands, as the gate judged the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// Current and requesting changes: its defects are open.
    Open,
    /// The gate refused the change to the review file on ownership.
    Refused,
    /// Written for other content of its rollout.
    Stale,
    /// Current and approving (it lists no defects), or about a rollout the head lacks.
    Closed,
}

/// Reads the defects of every review file the change adds or edits.
pub(super) fn defects(outcome: &Outcome, hunks: &Hunks, language: Language) -> Defects {
    let messages = crate::comment::messages(language);
    let snapshot = &outcome.change.head_snapshot;
    let catalog = match read(snapshot, "defects.yaml") {
        Some(Typed::DefectCatalog(catalog)) => catalog,
        _ => DefectCatalog::default(),
    };
    let mut defects = Defects::default();
    for file in &outcome.change.files {
        if file.status == ChangeStatus::Deleted {
            continue;
        }
        let Place::Document { kind: Kind::Review, ids } = registry::classify(&file.path) else {
            continue;
        };
        let (Some(partner), Some(app), Some(id)) = (ids.partner, ids.app, ids.rollout) else {
            continue;
        };
        let Some(Typed::Review(review)) = read(snapshot, &file.path) else { continue };
        let rollout = registry::rollout_path(&partner, &app, &id);
        let standing = standing(outcome, &file.path, &rollout, &review);
        let context = DefectContext { snapshot, catalog: &catalog, rollout: &rollout };
        let findings = review
            .defects
            .iter()
            .map(|defect| defect_finding(&context, defect, hunks, language))
            .collect::<Vec<_>>();
        if standing == Standing::Open {
            defects.open.extend(findings);
            continue;
        }
        defects.notices.extend(notice(standing, &file.path, &rollout, &review, messages));
        defects.withheld.extend(findings);
    }
    defects
}

fn standing(outcome: &Outcome, path: &str, rollout: &str, review: &Review) -> Standing {
    let refused = outcome.diagnostics.iter().any(|d| d.code == NOT_OWNER && d.path == path);
    if refused {
        return Standing::Refused;
    }
    match outcome.rollouts.iter().find(|found| found.path == rollout).map(|found| found.approval) {
        Some(Approval::ChangesRequested) => Standing::Open,
        Some(Approval::Stale) => Standing::Stale,
        // The gate reads no review it cannot type; `read` then found none either.
        Some(Approval::Approved | Approval::Missing) => Standing::Closed,
        // The change edits the review and not its rollout, so the rollout had its present
        // content when the review was written: the review is current.
        None if outcome.change.head_snapshot.file(rollout).is_none() => Standing::Closed,
        None if review.verdict == ReviewVerdict::ChangesRequested => Standing::Open,
        None => Standing::Closed,
    }
}

fn notice(
    standing: Standing,
    review_path: &str,
    rollout: &str,
    review: &Review,
    messages: &Messages,
) -> Option<String> {
    let review_code = markdown::code(review_path);
    let rollout_code = markdown::code(rollout);
    let count = review.defects.len().to_string();
    let values = [("review", review_code.as_str()), ("rollout", &rollout_code), ("n", &count)];
    let template = match standing {
        Standing::Refused => messages.refused_review,
        Standing::Stale if !review.defects.is_empty() => messages.stale_review,
        Standing::Open | Standing::Stale | Standing::Closed => return None,
    };
    Some(fill(template, &values))
}

fn read(snapshot: &Snapshot, path: &str) -> Option<Typed> {
    validate::read_typed(path, snapshot.file(path)?)
}

struct DefectContext<'a> {
    snapshot: &'a Snapshot,
    catalog: &'a DefectCatalog,
    rollout: &'a str,
}

fn defect_finding(
    context: &DefectContext<'_>,
    defect: &ReviewDefect,
    hunks: &Hunks,
    language: Language,
) -> Finding {
    let rollout = context.rollout;
    let entry = context.catalog.defects.get(&defect.code);
    let title = entry.map(|entry| entry.title(language)).unwrap_or_default();
    let blocking = entry.is_none_or(|entry| entry.blocking);
    let line =
        defect.pointer.as_deref().and_then(|pointer| locate(context.snapshot, rollout, pointer));
    let place = match (defect.pointer.as_deref(), line) {
        (Some(pointer), Some(line)) => format!("{pointer} ({rollout}:{line})"),
        (Some(pointer), None) => pointer.to_owned(),
        (None, _) => String::new(),
    };
    let note = defect.note.as_deref().unwrap_or_default();
    let row = format!(
        "| {} | {} | {} | {} | {} |",
        markdown::code(rollout),
        markdown::code(&defect.code),
        markdown::cell(title),
        if place.is_empty() { String::new() } else { markdown::code(&place) },
        markdown::cell(note),
    );
    let mut text = format!("**{}** {}", markdown::code(&defect.code), markdown::cell(title));
    if !note.is_empty() {
        text.push_str("\n\n");
        text.push_str(&markdown::cell(note));
    }
    Finding {
        fingerprint: markers::fingerprint(&defect.code, rollout, defect.pointer.as_deref()),
        code: defect.code.clone(),
        section: Section::Defect,
        severity: if blocking { Severity::Error } else { Severity::Warning },
        path: rollout.to_owned(),
        line,
        in_diff: line.is_some_and(|line| hunks.contains(rollout, line)),
        row,
        text,
        plain: super::plan::one_line(&format!("{}: {title} {note}", defect.code)),
    }
}

/// Returns the line a pointer names in a head file: the key's line for a mapping entry
/// (a mapping, a sequence or a block scalar starts its value on a later line), the
/// item's own line in a sequence, and for a pointer past what the file holds, the line
/// of the deepest node it reaches.
fn locate(snapshot: &Snapshot, path: &str, pointer: &str) -> Option<u32> {
    let bytes = snapshot.file(path)?;
    let document = crate::yaml::load(path, bytes, &crate::yaml::Limits::default()).document?;
    let mut reached = pointer;
    while document.node(reached).is_none() {
        reached = reached.rsplit_once('/').map(|(parent, _)| parent)?;
    }
    document.locate_key(reached).map(|location| location.line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Defect;

    const ROLLOUT: &str = "\
id: 1.0.0
info:
  name: Đặt bàn
  support:
    email: a@example.vn
android:
  builds:
    - 1
    - 2
description: |
  two
  lines
";

    #[test]
    fn places_a_pointer_on_the_line_a_reader_looks_for() {
        let mut snapshot = Snapshot::new();
        snapshot.insert("r.yaml", crate::registry::Entry::File(ROLLOUT.as_bytes().to_vec()));
        let cases = [
            ("/info", Some(2)),
            ("/info/name", Some(3)),
            ("/info/support", Some(4)),
            ("/info/support/email", Some(5)),
            ("/android/builds", Some(7)),
            ("/android/builds/1", Some(9)),
            ("/description", Some(10)),
            ("/android/builds/7", Some(7)),
            ("/info/support/phone", Some(4)),
            ("/info/missing/deeper", Some(2)),
            ("", Some(1)),
        ];
        for (pointer, expected) in cases {
            assert_eq!(locate(&snapshot, "r.yaml", pointer), expected, "{pointer:?}");
        }
        assert_eq!(locate(&snapshot, "other.yaml", "/info"), None);
    }

    #[test]
    fn registry_text_cannot_mention_close_markers_or_break_the_table() {
        let mut catalog = DefectCatalog::default();
        let title = "Đối tác @everyone <!-- --> | x";
        let defect = Defect {
            en: title.into(),
            vi: title.into(),
            blocking: true,
            note_required: false,
            deprecated: false,
        };
        catalog.defects.insert("OTHER".into(), defect);
        let snapshot = Snapshot::new();
        let context = DefectContext { snapshot: &snapshot, catalog: &catalog, rollout: "r.yaml" };
        let note = "ping @org/team\n--> <b>|</b>";
        let found = ReviewDefect { code: "OTHER".into(), pointer: None, note: Some(note.into()) };

        let finding = defect_finding(&context, &found, &Hunks::default(), Language::Vi);

        for text in [&finding.row, &finding.text] {
            assert!(!text.contains("@everyone") && !text.contains("@org"), "{text}");
            assert!(!text.contains("-->") && !text.contains("<!--") && !text.contains("<b>"));
            assert!(!text.contains('\n') || text == &finding.text, "rows stay on one line");
        }
        assert_eq!(finding.row.replace("\\|", "").matches('|').count(), 6, "{}", finding.row);
        assert!(!finding.in_diff);
    }

    #[test]
    fn repeated_defects_get_distinct_stable_fingerprints() {
        let catalog = DefectCatalog::default();
        let snapshot = Snapshot::new();
        let context = DefectContext { snapshot: &snapshot, catalog: &catalog, rollout: "r.yaml" };
        let defect = |note: &str| ReviewDefect {
            code: "OTHER".into(),
            pointer: Some("/ios/build".into()),
            note: Some(note.into()),
        };
        let build = || {
            let mut findings: Vec<Finding> = ["one", "two", "three"]
                .iter()
                .map(|note| {
                    defect_finding(&context, &defect(note), &Hunks::default(), Language::En)
                })
                .collect();
            super::super::plan::disambiguate(&mut findings);
            findings.into_iter().map(|finding| finding.fingerprint).collect::<Vec<_>>()
        };

        let first = build();

        assert_eq!(first, build(), "stable across runs");
        assert_eq!(first[0], markers::fingerprint("OTHER", "r.yaml", Some("/ios/build")));
        let distinct: std::collections::BTreeSet<&String> = first.iter().collect();
        assert_eq!(distinct.len(), 3, "{first:?}");
    }
}
