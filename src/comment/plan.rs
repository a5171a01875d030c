//! The findings of one run, each with its fingerprint and its place: the gate's findings
//! and the reviewer defects of every review file the change adds or edits.

use std::collections::BTreeMap;

use crate::comment::{Hunks, markers};
use crate::diagnostic::{Diagnostic, Severity};
use crate::gate::{ChangeStatus, Outcome};
use crate::model::{DefectCatalog, Language, ReviewDefect};
use crate::registry::{self, Kind, Place, Snapshot};
use crate::render::markdown;
use crate::validate::{self, Typed};

/// Names the summary table a finding belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// A gate finding.
    Gate,
    /// A reviewer defect.
    Defect,
}

/// Describes one finding, ready to post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Hash of code, file and pointer, and of an ordinal for a repeat.
    pub fingerprint: String,
    /// Its table.
    pub section: Section,
    /// Severity (a defect is an error when it blocks approval).
    pub severity: Severity,
    /// File the finding is about.
    pub path: String,
    /// Head-side line, when known.
    pub line: Option<u32>,
    /// Whether the line is inside the diff, so GitHub accepts an inline comment there.
    pub in_diff: bool,
    /// The summary's table row, escaped.
    pub row: String,
    /// The inline comment's text, escaped, without its marker.
    pub text: String,
    /// One plain line for annotations.
    pub plain: String,
}

/// Holds every finding of a run, gate findings first.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The findings.
    pub findings: Vec<Finding>,
}

impl Plan {
    /// Builds the findings from the gate's outcome and the head's review files.
    pub fn build(outcome: &Outcome, hunks: &Hunks, language: Language) -> Self {
        let mut findings: Vec<Finding> =
            outcome.diagnostics.iter().map(|diagnostic| gate_finding(diagnostic, hunks)).collect();
        let snapshot = &outcome.change.head_snapshot;
        let catalog = match read(snapshot, "defects.yaml") {
            Some(Typed::DefectCatalog(catalog)) => catalog,
            _ => DefectCatalog::default(),
        };
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
            for defect in &review.defects {
                let context = DefectContext { snapshot, catalog: &catalog, rollout: &rollout };
                findings.push(defect_finding(&context, defect, hunks, language));
            }
        }
        disambiguate(&mut findings);
        Plan { findings }
    }
}

/// Gives each repeat of a fingerprint (two defects with the same code, file and pointer)
/// its own, so neither hides the other's inline comment. The first keeps the plain
/// fingerprint and the `n`-th repeat hashes in its ordinal: stable while the order is.
fn disambiguate(findings: &mut [Finding]) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for finding in findings.iter_mut() {
        let count = seen.entry(finding.fingerprint.clone()).or_default();
        if *count > 0 {
            let ordinal = format!("#{count}");
            finding.fingerprint = markers::fingerprint(&finding.fingerprint, &ordinal, None);
        }
        *count += 1;
    }
}

fn read(snapshot: &Snapshot, path: &str) -> Option<Typed> {
    validate::read_typed(path, snapshot.file(path)?)
}

fn gate_finding(diagnostic: &Diagnostic, hunks: &Hunks) -> Finding {
    let line = diagnostic.location.map(|location| location.line);
    let mut text =
        format!("**{}** {}", markdown::code(diagnostic.code), markdown::cell(&diagnostic.message));
    if let Some(help) = &diagnostic.help {
        text.push_str("\n\n");
        text.push_str(&markdown::cell(help));
    }
    Finding {
        fingerprint: markers::fingerprint(
            diagnostic.code,
            &diagnostic.path,
            diagnostic.pointer.as_deref(),
        ),
        section: Section::Gate,
        severity: diagnostic.severity,
        path: diagnostic.path.clone(),
        line,
        in_diff: line.is_some_and(|line| hunks.contains(&diagnostic.path, line)),
        row: markdown::row(diagnostic),
        text,
        plain: one_line(&format!("{}: {}", diagnostic.code, diagnostic.message)),
    }
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
        section: Section::Defect,
        severity: if blocking { Severity::Error } else { Severity::Warning },
        path: rollout.to_owned(),
        line,
        in_diff: line.is_some_and(|line| hunks.contains(rollout, line)),
        row,
        text,
        plain: one_line(&format!("{}: {title} {note}", defect.code)),
    }
}

/// Returns the line a pointer names in a head file, key line for a mapping value.
fn locate(snapshot: &Snapshot, path: &str, pointer: &str) -> Option<u32> {
    let bytes = snapshot.file(path)?;
    let document = crate::yaml::load(path, bytes, &crate::yaml::Limits::default()).document?;
    document.locate(pointer).map(|location| location.line)
}

/// Folds text onto one line, for workflow commands.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Finding {
    /// Returns the inline comment's body: the escaped text and the hidden fingerprint.
    pub fn inline_body(&self) -> String {
        format!("{}\n\n{}", self.text, markers::finding(&self.fingerprint))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Defect;

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
            disambiguate(&mut findings);
            findings.into_iter().map(|finding| finding.fingerprint).collect::<Vec<_>>()
        };

        let first = build();

        assert_eq!(first, build(), "stable across runs");
        assert_eq!(first[0], markers::fingerprint("OTHER", "r.yaml", Some("/ios/build")));
        let distinct: std::collections::BTreeSet<&String> = first.iter().collect();
        assert_eq!(distinct.len(), 3, "{first:?}");
    }
}
