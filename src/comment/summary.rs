//! The summary comment's body: hidden markers, the verdict, the findings that are not
//! inline, the lifecycle timeline, cut to GitHub's limit with an honest "and N more".

use crate::comment::{Finding, Messages, Section, State, markers};

/// GitHub's limit on a comment body, in characters.
pub const MAX_BODY: usize = 65_536;

/// Room kept for the "and N more" lines and the closing text.
const TAIL_ROOM: usize = 512;

/// Says what a summary is about: the state, the verdict and the lines on review files
/// whose defects are withheld.
#[derive(Debug, Clone, Copy)]
pub struct Verdict<'a> {
    /// The pull request's state.
    pub state: State,
    /// Whether it may merge.
    pub mergeable: bool,
    /// What the plan says of withheld reviews, escaped.
    pub notices: &'a [String],
}

/// Builds the summary body from the findings not posted inline, at most `limit`
/// characters; the markers and the verdict always fit.
pub fn summary_body(
    verdict: Verdict<'_>,
    findings: &[&Finding],
    timeline: &str,
    messages: &Messages,
    limit: usize,
) -> String {
    let mut body = heading(verdict, messages);
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
        let mut shown = Vec::new();
        for finding in rows {
            let line = finding.row.chars().count() + 1;
            if left_out > 0 || used + line > budget {
                left_out += 1;
                continue;
            }
            body.push_str(&finding.row);
            body.push('\n');
            used += line;
            shown.push(*finding);
        }
        body.push('\n');
        let families = families(&shown, messages);
        if used + families.chars().count() <= budget {
            used += families.chars().count();
            body.push_str(&families);
        }
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
pub fn full_text(verdict: Verdict<'_>, findings: &[Finding], messages: &Messages) -> String {
    let mut text = heading(verdict, messages);
    for (section, title, header) in sections(messages) {
        let rows: Vec<&Finding> = findings.iter().filter(|f| f.section == section).collect();
        if rows.is_empty() {
            continue;
        }
        text.push_str(&format!("### {title}\n\n{header}"));
        for finding in &rows {
            text.push_str(&finding.row);
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&families(&rows, messages));
    }
    text
}

/// The verdict line, then what the plan says of withheld reviews: short, so it always
/// fits.
fn heading(verdict: Verdict<'_>, messages: &Messages) -> String {
    let Verdict { state, mergeable, notices } = verdict;
    let words = if mergeable { messages.mergeable } else { messages.not_mergeable };
    let mut text = format!(
        "{}\n{}\n## miniapp: {words} ({})\n\n",
        markers::SUMMARY,
        markers::verdict(state.key()),
        state.words(messages)
    );
    for notice in notices {
        text.push_str(&format!("- {notice}\n"));
    }
    if !notices.is_empty() {
        text.push('\n');
    }
    text
}

/// One line on each code family among the shown rows, for a language the findings'
/// messages are not written in; empty otherwise.
fn families(rows: &[&Finding], messages: &Messages) -> String {
    let mut families: Vec<(&str, &str)> = rows
        .iter()
        .filter(|finding| finding.section == Section::Gate)
        .filter_map(|finding| messages.family(&finding.code))
        .collect();
    families.sort_unstable();
    families.dedup();
    if families.is_empty() || messages.families_intro.is_empty() {
        return String::new();
    }
    let mut text = format!("{}\n\n", messages.families_intro);
    for (prefix, words) in families {
        text.push_str(&format!("- `{prefix}…`: {words}\n"));
    }
    text.push('\n');
    text
}

fn sections(messages: &Messages) -> [(Section, &'static str, String); 2] {
    let header = |columns: [&str; 5]| {
        format!("| {} |\n| --- | --- | --- | --- | --- |\n", columns.join(" | "))
    };
    [
        (Section::Gate, messages.findings, header(messages.gate_columns)),
        (Section::Defect, messages.defects, header(messages.defect_columns)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comment::messages;
    use crate::diagnostic::Severity;
    use crate::model::Language;

    const BLOCKED: Verdict<'static> =
        Verdict { state: State::Blocked, mergeable: false, notices: &[] };

    fn finding(index: usize) -> Finding {
        Finding {
            fingerprint: format!("{index:016x}"),
            code: format!("rule-{index}"),
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

        let body = summary_body(BLOCKED, &refs, "", english, MAX_BODY);

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
        let body = summary_body(BLOCKED, &refs, "", messages(Language::Vi), MAX_BODY);
        assert_eq!(body.matches("| error |").count(), 3);
        assert!(!body.contains("mục khác"));
        assert!(body.contains("bị chặn"));
        assert!(body.contains("- `rule-…`: "), "one line on the family:\n{body}");
        assert_eq!(body.matches("- `rule-…`").count(), 1, "once per family");
    }
}
