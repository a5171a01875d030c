//! The findings of one run, each with its fingerprint and its place: the gate's findings
//! and the reviewer defects that may be posted (see `reviews`), with what the summary
//! says of the review files whose defects are withheld.

use std::collections::{BTreeMap, BTreeSet};

use crate::comment::{Hunks, Messages, markers, reviews};
use crate::diagnostic::{Diagnostic, Severity};
use crate::gate::Outcome;
use crate::model::Language;
use crate::render::markdown;

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
    /// The diagnostic code or the defect code.
    pub code: String,
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
    /// Fingerprints of the defects of reviews that no longer hold (stale, refused): never posted, and an earlier inline comment of one is marked outdated.
    pub withheld: BTreeSet<String>,
    /// What the summary says of each review whose defects are withheld, escaped.
    pub notices: Vec<String>,
}

impl Plan {
    /// Builds the findings from the gate's outcome and the head's review files.
    pub fn build(outcome: &Outcome, hunks: &Hunks, language: Language) -> Self {
        let messages = crate::comment::messages(language);
        let mut findings: Vec<Finding> = outcome
            .diagnostics
            .iter()
            .map(|diagnostic| gate_finding(diagnostic, hunks, messages))
            .collect();
        let defects = reviews::defects(outcome, hunks, language);
        findings.extend(defects.open);
        disambiguate(&mut findings);
        let mut withheld = defects.withheld;
        disambiguate(&mut withheld);
        let withheld = withheld.into_iter().map(|finding| finding.fingerprint).collect();
        Plan { findings, withheld, notices: defects.notices }
    }
}

/// Gives each repeat of a fingerprint (two defects with the same code, file and pointer)
/// its own, so neither hides the other's inline comment. The first keeps the plain
/// fingerprint and the `n`-th repeat hashes in its ordinal: stable while the order is.
pub(super) fn disambiguate(findings: &mut [Finding]) {
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

fn gate_finding(diagnostic: &Diagnostic, hunks: &Hunks, messages: &Messages) -> Finding {
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
        code: diagnostic.code.to_owned(),
        section: Section::Gate,
        severity: diagnostic.severity,
        path: diagnostic.path.clone(),
        line,
        in_diff: line.is_some_and(|line| hunks.contains(&diagnostic.path, line)),
        row: gate_row(diagnostic, messages),
        text,
        plain: one_line(&format!("{}: {}", diagnostic.code, diagnostic.message)),
    }
}

/// Returns a gate finding's table row: the severity and the words around related places
/// in the table's language, the message and help as the diagnostic words them.
fn gate_row(diagnostic: &Diagnostic, messages: &Messages) -> String {
    let [label, at] = messages.related;
    let mut message = markdown::cell(&diagnostic.message);
    for related in &diagnostic.related {
        let place = markdown::code(&markdown::place(&related.path, related.location));
        message
            .push_str(&format!("<br>{label}: {} {at} {place}", markdown::cell(&related.message)));
    }
    let help = diagnostic.help.as_deref().map(markdown::cell).unwrap_or_default();
    format!(
        "| {} | {} | {} | {message} | {help} |",
        messages.severity(diagnostic.severity),
        markdown::code(diagnostic.code),
        markdown::code(&markdown::place(&diagnostic.path, diagnostic.location)),
    )
}

/// Folds text onto one line, for workflow commands.
pub(super) fn one_line(text: &str) -> String {
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
    use crate::comment::messages;

    #[test]
    fn a_gate_row_words_its_severity_in_the_table_language() {
        let diagnostic = Diagnostic::warning("gate-approval-missing", "r.yaml", "waits")
            .with_help("ask `@team`");
        let cases = [(Language::En, "| warning |"), (Language::Vi, "| cảnh báo |")];
        for (language, severity) in cases {
            let row = gate_row(&diagnostic, messages(language));
            assert!(row.starts_with(severity), "{row}");
            assert!(row.contains("`gate-approval-missing`") && row.contains("`r.yaml`"), "{row}");
            assert!(!row.contains("@team") || row.contains("`@team`"), "{row}");
            assert_eq!(row.matches(" | ").count(), 4, "{row}");
        }
    }
}
