//! The lifecycle of the items a pull request touches, from `lifecycle::compute`: a table
//! of each partner, app and rollout with its name and state, and a Mermaid timeline of
//! their transitions. A rollout is read on the branch under review (the pull request's
//! head), an app and a partner on the production branch.

use std::collections::BTreeSet;

use git2::Oid;
use time::{OffsetDateTime, UtcOffset};

use crate::comment::Messages;
use crate::gate::{Approval, Outcome};
use crate::history::Repository;
use crate::lifecycle::{self, ItemId, ReviewStanding, State};
use crate::model::ReviewVerdict;
use crate::registry::{self, Kind, Place, Snapshot};
use crate::render::markdown;
use crate::validate::{self, Typed};

/// Most transitions the timeline shows per item, newest kept.
const MAX_STEPS: usize = 12;

/// Holds one touched item as the summary shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Which item.
    pub id: ItemId,
    /// Its display name from the head's documents, unescaped.
    pub name: Option<String>,
    /// Its transitions, oldest first: the date, the state and the short commit.
    pub steps: Vec<(String, State, String)>,
}

/// Returns the lifecycle section: heading, item table and a fenced Mermaid timeline;
/// empty when the change touches no partner, app or rollout.
pub fn lifecycle_timeline(
    repository: &Repository,
    outcome: &Outcome,
    messages: &Messages,
) -> String {
    let entries = touched_entries(repository, outcome);
    render(&entries, messages)
}

/// Lists the touched items with their transitions, partners first.
fn touched_entries(repository: &Repository, outcome: &Outcome) -> Vec<Entry> {
    let ids = touched(outcome);
    if ids.is_empty() {
        return Vec::new();
    }
    let options = lifecycle::Options {
        reader: validate::read_typed,
        revision: None,
        now: OffsetDateTime::now_utc(),
        progress: false,
    };
    let report = match lifecycle::compute(repository, &options) {
        Ok(report) => Some(report),
        Err(error) => {
            tracing::debug!(%error, "no lifecycle for the summary");
            None
        }
    };
    let offset = report.as_ref().map_or(UtcOffset::UTC, |report| report.offset);
    let head = outcome.change.head;
    let snapshot = &outcome.change.head_snapshot;
    ids.into_iter()
        .map(|id| {
            let items = report.as_ref().map(|report| report.items.as_slice()).unwrap_or_default();
            let item = match &id {
                // A rollout under review is open on the head, whatever the branch's name.
                ItemId::Rollout(..) => items.iter().find(|item| {
                    item.id == id
                        && item.branch.as_deref().is_some_and(|name| {
                            repository.resolve(name).is_ok_and(|tip| tip == head)
                        })
                }),
                _ => items.iter().find(|item| item.id == id && item.branch.is_none()),
            };
            let mut steps: Vec<(String, State, String)> = match item {
                Some(item) => item
                    .timeline
                    .iter()
                    .map(|t| {
                        let provenance = &t.provenance;
                        (date(provenance.time, offset), t.state, short(provenance.commit))
                    })
                    .collect(),
                None => fallback(repository, outcome, &id, offset).into_iter().collect(),
            };
            let skip = steps.len().saturating_sub(MAX_STEPS);
            steps.drain(..skip);
            Entry { name: name(snapshot, &id), id, steps }
        })
        .collect()
}

/// Names the partners, apps and rollouts the change touches: each rollout it adds or
/// edits, the rollout's app and partner, and every partner it touches.
fn touched(outcome: &Outcome) -> BTreeSet<ItemId> {
    let mut ids = BTreeSet::new();
    for partner in &outcome.partners {
        ids.insert(ItemId::Partner(partner.clone()));
    }
    for rollout in &outcome.rollouts {
        let Place::Document { kind: Kind::RolloutRequest, ids: path } =
            registry::classify(&rollout.path)
        else {
            continue;
        };
        let (Some(partner), Some(app), Some(id)) = (path.partner, path.app, path.rollout) else {
            continue;
        };
        ids.insert(ItemId::Partner(partner.clone()));
        ids.insert(ItemId::App(partner.clone(), app.clone()));
        ids.insert(ItemId::Rollout(partner, app, id));
    }
    ids
}

/// Derives a rollout's state on the head from the gate's approval, for a head the
/// lifecycle did not read as a branch (a bare commit id).
fn fallback(
    repository: &Repository,
    outcome: &Outcome,
    id: &ItemId,
    offset: UtcOffset,
) -> Option<(String, State, String)> {
    let ItemId::Rollout(partner, app, rollout) = id else { return None };
    let path = registry::rollout_path(partner, app, rollout);
    let approval = outcome.rollouts.iter().find(|found| found.path == path)?.approval;
    let standing = match approval {
        Approval::Approved => ReviewStanding::Current(ReviewVerdict::Approved),
        Approval::ChangesRequested => ReviewStanding::Current(ReviewVerdict::ChangesRequested),
        Approval::Stale => ReviewStanding::Stale,
        Approval::Missing => ReviewStanding::Missing,
    };
    let head = outcome.change.head;
    let time = repository
        .commit_info(head)
        .map(|info| date(info.time, offset))
        .unwrap_or_else(|_| "head".to_owned());
    Some((time, lifecycle::review_state(standing), short(head)))
}

/// Reads an item's display name from the head: the organization's or the app's name.
fn name(snapshot: &Snapshot, id: &ItemId) -> Option<String> {
    let read = |path: &str| validate::read_typed(path, snapshot.file(path)?);
    match id {
        ItemId::Partner(partner) => match read(&format!("partners/{partner}/partner.yaml"))? {
            Typed::Partner(document) => Some(document.organization.name),
            _ => None,
        },
        ItemId::App(partner, app) => {
            match read(&format!("partners/{partner}/apps/{app}/app.yaml"))? {
                Typed::MiniApp(document) => document.info.name,
                _ => None,
            }
        }
        ItemId::Rollout(..) => None,
    }
}

/// Renders the section; every registry value is escaped, and the Mermaid block holds
/// only slugs, dates, state names and commit ids, filtered once more.
pub fn render(entries: &[Entry], messages: &Messages) -> String {
    if entries.is_empty() {
        return String::new();
    }
    let mut text = format!("### {}\n\n", messages.lifecycle);
    let [item, name, state] = messages.lifecycle_columns;
    text.push_str(&format!("| {item} | {name} | {state} |\n| --- | --- | --- |\n"));
    for entry in entries {
        let name = entry.name.as_deref().map(plain_cell).unwrap_or_default();
        let state = match entry.steps.last().map(|(_, state, _)| state.as_str()) {
            Some(key) => match messages.lifecycle_state(key) {
                Some(words) => format!("{words} (`{key}`)"),
                None => format!("`{key}`"),
            },
            None => "`—`".to_owned(),
        };
        text.push_str(&format!(
            "| {} | {name} | {state} |\n",
            markdown::code(&entry.id.to_string())
        ));
    }
    let mut lines = vec!["```mermaid".to_owned(), "timeline".to_owned()];
    lines.push(format!("    title {}", sanitize(messages.lifecycle)));
    for entry in entries.iter().filter(|entry| !entry.steps.is_empty()) {
        lines.push(format!("    section {}", sanitize(&entry.id.to_string())));
        for (date, state, commit) in &entry.steps {
            let words = messages.lifecycle_state(state.as_str()).unwrap_or(state.as_str());
            lines.push(format!(
                "        {} : {} {}",
                sanitize(date),
                sanitize(words),
                sanitize(commit)
            ));
        }
    }
    lines.push("```".to_owned());
    text.push('\n');
    text.push_str(&lines.join("\n"));
    text.push('\n');
    text
}

/// Escapes a name as plain text: no code span survives, so no `-->` or mention either.
fn plain_cell(text: &str) -> String {
    markdown::cell(&text.replace('`', "'"))
}

fn date(moment: OffsetDateTime, offset: UtcOffset) -> String {
    let local = moment.to_offset(offset);
    format!("{:04}-{:02}-{:02}", local.year(), u8::from(local.month()), local.day())
}

fn short(commit: Oid) -> String {
    crate::gate::short(commit)
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
    use crate::comment::messages;
    use crate::model::Language;

    #[test]
    fn sanitize_keeps_an_entry_on_its_line() {
        assert_eq!(sanitize("fix: a ```x``` #1;\n@team <b>"), "fix  a    x     1  ＠team  b");
        assert_eq!(sanitize("Gửi hàng"), "Gửi hàng");
    }

    #[test]
    fn renders_a_table_and_a_timeline_with_names_escaped() {
        let partner = Entry {
            id: ItemId::Partner("acme".into()),
            name: Some("Acme @everyone <!-- --> | x `-->`".into()),
            steps: vec![("2024-03-01".into(), State::Verified, "abc1234".into())],
        };
        let rollout = Entry {
            id: ItemId::Rollout("acme".into(), "shop".into(), "1.0.0".into()),
            name: None,
            steps: vec![
                ("2024-03-02".into(), State::Submitted, "def5678".into()),
                ("2024-03-03".into(), State::ChangesRequested, "0123456".into()),
            ],
        };

        let text = render(&[partner, rollout], messages(Language::En));

        assert!(!text.contains("@everyone") && !text.contains("-->") && !text.contains("<!--"));
        let row = text.lines().find(|line| line.starts_with("| `acme` |")).expect("a row");
        assert_eq!(row.replace("\\|", "").matches('|').count(), 4, "{row}");
        assert!(text.contains("```mermaid\ntimeline\n    title Lifecycle\n"));
        assert!(text.contains("    section acme/shop/rollouts/1.0.0\n"));
        assert!(text.contains("        2024-03-03 : changes-requested 0123456\n"));
        assert!(text.contains("| `changes-requested` |"));
        assert_eq!(render(&[], messages(Language::En)), "");

        let vietnamese = render(&[rollout_only()], messages(Language::Vi));
        assert!(vietnamese.contains("| cần chỉnh sửa (`changes-requested`) |"), "{vietnamese}");
        assert!(
            vietnamese.contains("        2024-03-03 : cần chỉnh sửa 0123456\n"),
            "{vietnamese}"
        );
    }

    fn rollout_only() -> Entry {
        Entry {
            id: ItemId::Rollout("acme".into(), "shop".into(), "1.0.0".into()),
            name: None,
            steps: vec![("2024-03-03".into(), State::ChangesRequested, "0123456".into())],
        }
    }
}
