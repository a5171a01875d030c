//! The lifecycle of the items a pull request touches, as a Mermaid timeline. It is built
//! from the gate's change alone (the change's commits and each rollout's approval), the
//! one function to switch over when the lifecycle module can say more.

use git2::{Repository, Sort};

use crate::comment::Messages;
use crate::gate::{Approval, Outcome};

/// Most commits the timeline shows.
const MAX_COMMITS: usize = 20;

/// Returns a fenced Mermaid timeline: the change's commits, oldest first, then where
/// each rollout stands; empty when the history cannot be read.
pub fn lifecycle_timeline(
    repository: &Repository,
    outcome: &Outcome,
    messages: &Messages,
) -> String {
    let mut lines = vec!["```mermaid".to_owned(), "timeline".to_owned()];
    lines.push(format!("    title {}", sanitize(messages.lifecycle)));
    let commits = commits(repository, outcome).unwrap_or_default();
    if !commits.is_empty() {
        lines.push("    section commits".to_owned());
        lines.extend(commits.iter().map(|(date, text)| format!("        {date} : {text}")));
    }
    for rollout in &outcome.rollouts {
        lines.push(format!("    section {}", sanitize(&rollout.path)));
        let state = match rollout.approval {
            Approval::Approved => messages.states[3],
            Approval::ChangesRequested => messages.states[1],
            Approval::Stale | Approval::Missing => messages.states[2],
        };
        lines.push(format!("        {} : {}", sanitize(state), approval_key(rollout.approval)));
    }
    lines.push("```".to_owned());
    format!("### {}\n\n{}\n", messages.lifecycle, lines.join("\n"))
}

fn approval_key(approval: Approval) -> &'static str {
    match approval {
        Approval::Approved => "approved",
        Approval::ChangesRequested => "changes-requested",
        Approval::Stale => "stale",
        Approval::Missing => "missing",
    }
}

fn commits(
    repository: &Repository,
    outcome: &Outcome,
) -> Result<Vec<(String, String)>, git2::Error> {
    let mut walk = repository.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    walk.push(outcome.change.head)?;
    walk.hide(outcome.change.merge_base)?;
    let mut commits = Vec::new();
    for id in walk.take(MAX_COMMITS) {
        let commit = repository.find_commit(id?)?;
        let date = time::OffsetDateTime::from_unix_timestamp(commit.time().seconds())
            .map(|moment| {
                format!("{:04}-{:02}-{:02}", moment.year(), u8::from(moment.month()), moment.day())
            })
            .unwrap_or_default();
        let subject: String =
            commit.summary().ok().flatten().unwrap_or("").chars().take(60).collect();
        commits.push((date, format!("{} {}", crate::gate::short(commit.id()), sanitize(&subject))));
    }
    Ok(commits)
}

/// Keeps text inside one timeline entry: no fence, no separator, no line break, no HTML.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '`' | ':' | '#' | ';' | '<' | '>' | '\n' | '\r' | '{' | '}' => ' ',
            '@' => '＠',
            other => other,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_keeps_an_entry_on_its_line() {
        assert_eq!(sanitize("fix: a ```x``` #1;\n@team <b>"), "fix  a    x     1  ＠team  b");
        assert_eq!(sanitize("Gửi hàng"), "Gửi hàng");
    }
}
