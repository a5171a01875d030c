//! The summary comment's body: hidden markers, the verdict, the findings that are not
//! inline, the lifecycle timeline, cut to GitHub's limit with an honest "and N more".

use crate::comment::{Finding, Messages, Section, State, markers};

/// GitHub's limit on a comment body, in characters.
pub const MAX_BODY: usize = 65_536;

/// Room kept for the "and N more" lines and the closing text.
const TAIL_ROOM: usize = 512;

const GATE_HEADER: &str =
    "| Severity | Code | Location | Message | Help |\n| --- | --- | --- | --- | --- |\n";

/// Builds the summary body from the findings not posted inline, at most `limit`
/// characters; the markers and the verdict always fit.
pub fn summary_body(
    state: State,
    mergeable: bool,
    findings: &[&Finding],
    timeline: &str,
    messages: &Messages,
    limit: usize,
) -> String {
    let mut body = heading(state, mergeable, messages);
    // A lifecycle section that would crowd out the findings is left to the job summary.
    let timeline = if timeline.chars().count() > limit / 4 { "" } else { timeline };
    let budget = limit.saturating_sub(TAIL_ROOM + timeline.chars().count());
    let mut used = body.chars().count();
    let mut left_out = 0;
    for (section, title, header) in sections(messages) {
        let rows: Vec<&&Finding> = findings.iter().filter(|f| f.section == section).collect();
        if rows.is_empty() {
            continue;
        }
        let opening = format!("### {title}\n\n{header}");
        if used + opening.chars().count() > budget {
            left_out += rows.len();
            continue;
        }
        body.push_str(&opening);
        used += opening.chars().count();
        for finding in rows {
            let line = finding.row.chars().count() + 1;
            if left_out > 0 || used + line > budget {
                left_out += 1;
                continue;
            }
            body.push_str(&finding.row);
            body.push('\n');
            used += line;
        }
        body.push('\n');
    }
    if findings.is_empty() {
        body.push_str(messages.no_findings);
        body.push_str("\n\n");
    }
    if left_out > 0 {
        body.push_str(&format!("{}\n{}\n\n", messages.and_more(left_out), messages.full_list));
    }
    body.push_str(timeline);
    body
}

/// Builds the job summary: every finding, inline or not, with no limit.
pub fn full_text(
    state: State,
    mergeable: bool,
    findings: &[Finding],
    messages: &Messages,
) -> String {
    let mut text = heading(state, mergeable, messages);
    for (section, title, header) in sections(messages) {
        let rows: Vec<&Finding> = findings.iter().filter(|f| f.section == section).collect();
        if rows.is_empty() {
            continue;
        }
        text.push_str(&format!("### {title}\n\n{header}"));
        for finding in rows {
            text.push_str(&finding.row);
            text.push('\n');
        }
        text.push('\n');
    }
    text
}

fn heading(state: State, mergeable: bool, messages: &Messages) -> String {
    let verdict = if mergeable { messages.mergeable } else { messages.not_mergeable };
    format!(
        "{}\n{}\n## miniapp: {verdict} ({})\n\n",
        markers::SUMMARY,
        markers::verdict(state.key()),
        state.words(messages)
    )
}

fn sections(messages: &Messages) -> [(Section, &'static str, String); 2] {
    let columns = messages.defect_columns;
    let defect_header = format!("| {} |\n| --- | --- | --- | --- | --- |\n", columns.join(" | "));
    [
        (Section::Gate, messages.findings, GATE_HEADER.to_owned()),
        (Section::Defect, messages.defects, defect_header),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comment::messages;
    use crate::diagnostic::Severity;
    use crate::model::Language;

    fn finding(index: usize) -> Finding {
        Finding {
            fingerprint: format!("{index:016x}"),
            section: Section::Gate,
            severity: Severity::Error,
            path: "a.yaml".into(),
            line: None,
            in_diff: false,
            row: format!("| error | `rule-{index}` | `a.yaml` | {} | |", "x".repeat(300)),
            text: String::new(),
            plain: String::new(),
        }
    }

    #[test]
    fn cuts_to_the_limit_and_counts_what_it_left_out() {
        let findings: Vec<Finding> = (0..400).map(finding).collect();
        let refs: Vec<&Finding> = findings.iter().collect();
        let english = messages(Language::En);

        let body = summary_body(State::Blocked, false, &refs, "", english, MAX_BODY);

        assert!(body.chars().count() <= MAX_BODY);
        let shown = body.matches("| error |").count();
        assert!(shown > 100 && shown < 400, "{shown} shown");
        assert!(body.contains(&format!("and {} more", 400 - shown)));
        assert!(body.starts_with(markers::SUMMARY));
    }

    #[test]
    fn short_lists_are_whole() {
        let findings: Vec<Finding> = (0..3).map(finding).collect();
        let refs: Vec<&Finding> = findings.iter().collect();
        let body = summary_body(State::Blocked, false, &refs, "", messages(Language::Vi), MAX_BODY);
        assert_eq!(body.matches("| error |").count(), 3);
        assert!(!body.contains("mục khác"));
        assert!(body.contains("bị chặn"));
    }
}
