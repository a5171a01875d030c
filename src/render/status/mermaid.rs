//! Mermaid state diagrams that GitHub renders: the lifecycle with every item placed in its
//! state for `status`, and one item's path through it for `history`.

use std::io::{self, Write};

use time::UtcOffset;

use crate::lifecycle::{Item, ItemKind, State};
use crate::render::status::{display_time, short};

/// The edges of each kind's state machine, as `docs/lifecycle.md` draws them.
pub(super) const EDGES: &[(ItemKind, Option<State>, State)] = &[
    (ItemKind::Partner, None, State::PendingVerification),
    (ItemKind::Partner, Some(State::PendingVerification), State::Verified),
    (ItemKind::Partner, Some(State::PendingVerification), State::Rejected),
    (ItemKind::App, None, State::Requested),
    (ItemKind::App, Some(State::Requested), State::Cooperating),
    (ItemKind::App, Some(State::Cooperating), State::Development),
    (ItemKind::App, Some(State::Development), State::InReview),
    (ItemKind::App, Some(State::InReview), State::Live),
    (ItemKind::App, Some(State::Live), State::Updating),
    (ItemKind::App, Some(State::Updating), State::Live),
    (ItemKind::App, Some(State::Requested), State::Declined),
    (ItemKind::App, Some(State::Cooperating), State::Declined),
    (ItemKind::Rollout, None, State::Submitted),
    (ItemKind::Rollout, Some(State::Submitted), State::ChangesRequested),
    (ItemKind::Rollout, Some(State::ChangesRequested), State::Resubmitted),
    (ItemKind::Rollout, Some(State::Resubmitted), State::ChangesRequested),
    (ItemKind::Rollout, Some(State::Submitted), State::Approved),
    (ItemKind::Rollout, Some(State::Resubmitted), State::Approved),
    (ItemKind::Rollout, Some(State::Approved), State::Resubmitted),
    (ItemKind::Rollout, Some(State::Approved), State::Live),
    (ItemKind::Rollout, Some(State::Live), State::Superseded),
    (ItemKind::Rollout, Some(State::Submitted), State::Cancelled),
    (ItemKind::Rollout, Some(State::ChangesRequested), State::Cancelled),
    (ItemKind::Rollout, Some(State::Resubmitted), State::Cancelled),
    (ItemKind::Rollout, Some(State::Approved), State::Cancelled),
];

fn node(kind: ItemKind, state: State) -> String {
    format!("{}_{}", kind.as_str(), state.as_str().replace('-', "_"))
}

/// Keeps only characters Mermaid reads as plain text in a state description.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() || "._/-@ +".contains(c) { c } else { '_' })
        .collect()
}

/// Writes the lifecycle of every kind, each state listing the items in it.
pub(super) fn status(items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "stateDiagram-v2")?;
    writeln!(out, "    direction LR")?;
    for kind in [ItemKind::Partner, ItemKind::App, ItemKind::Rollout] {
        let mut states: Vec<State> = Vec::new();
        for (_, from, to) in EDGES.iter().filter(|(edge_kind, ..)| *edge_kind == kind) {
            let from = from.map_or_else(|| "[*]".to_owned(), |from| node(kind, from));
            writeln!(out, "    {from} --> {}", node(kind, *to))?;
            if !states.contains(to) {
                states.push(*to);
            }
        }
        for state in states {
            let id = node(kind, state);
            writeln!(out, "    {id} : {} {}", kind.as_str(), state.as_str())?;
            let here = items.iter().filter(|item| item.id.kind() == kind && item.state() == state);
            for item in here {
                let mut line = plain(&item.id.to_string());
                if let Some(branch) = &item.branch {
                    line.push_str(&format!(" on {}", plain(branch)));
                }
                if item.overdue {
                    line.push_str(" overdue");
                }
                writeln!(out, "    {id} : {line}")?;
            }
        }
    }
    Ok(())
}

/// Writes each item's transitions as a chain of states, oldest first.
pub(super) fn history(offset: UtcOffset, items: &[&Item], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "stateDiagram-v2")?;
    for (index, item) in items.iter().enumerate() {
        let mut previous = "[*]".to_owned();
        for (step, transition) in item.timeline.iter().enumerate() {
            let id = format!("i{index}_{step}");
            let provenance = &transition.provenance;
            writeln!(out, "    {previous} --> {id}")?;
            writeln!(out, "    {id} : {}", transition.state.as_str())?;
            writeln!(out, "    {id} : {}", plain(&item.id.to_string()))?;
            writeln!(
                out,
                "    {id} : {} {}",
                plain(&display_time(provenance.time, offset)),
                short(provenance)
            )?;
            previous = id;
        }
    }
    Ok(())
}
