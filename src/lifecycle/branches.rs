//! Reads the branches not merged into production. Each branch's first-parent line starts
//! with part of the production line, so that shared part is replayed once, in fork order,
//! and each branch replays only its own commits from a copy of it; the result is the same as
//! replaying every branch from the root. Branches whose tip and merge base are unchanged
//! since the cached run reuse their cached rollouts.

use std::collections::{HashMap, HashSet};

use git2::Oid;

use crate::history::{BranchTip, HistoryError, Repository};
use crate::lifecycle::Item;
use crate::lifecycle::cache::{BranchEntry, Candidate};
use crate::lifecycle::documents::Documents;
use crate::lifecycle::replay::Line;
use crate::lifecycle::{ItemId, State};
use crate::registry;

/// Reads every branch's candidate rollouts, from the cache where it still holds.
pub(super) fn read(
    repo: &Repository,
    production_tip: Oid,
    branches: &[BranchTip],
    cached: &[BranchEntry],
    documents: &mut Documents,
) -> Result<Vec<BranchEntry>, HistoryError> {
    let mut entries: Vec<Option<BranchEntry>> = Vec::with_capacity(branches.len());
    let mut missing = Vec::new();
    for (index, branch) in branches.iter().enumerate() {
        let base = repo.merge_base(branch.tip, production_tip);
        let hit = cached.iter().find(|entry| entry.tip == branch.tip && entry.base == base);
        if hit.is_none() {
            missing.push((index, base));
        }
        entries.push(hit.cloned());
    }
    if !missing.is_empty() {
        tracing::debug!(branches = missing.len(), "replaying branches not in the cache");
        for (index, entry) in replay(repo, production_tip, branches, &missing, documents)? {
            entries[index] = Some(entry);
        }
    }
    Ok(entries.into_iter().flatten().collect())
}

/// Replays the branches at `missing` (index and merge base), sharing the production prefix.
fn replay(
    repo: &Repository,
    production_tip: Oid,
    branches: &[BranchTip],
    missing: &[(usize, Option<Oid>)],
    documents: &mut Documents,
) -> Result<Vec<(usize, BranchEntry)>, HistoryError> {
    let line = repo.first_parent_line(production_tip)?;
    let position: HashMap<Oid, usize> = line.iter().enumerate().map(|(at, id)| (*id, at)).collect();
    let mut forks = Vec::new();
    for &(index, base) in missing {
        let (fork, own) = fork_of(repo, branches[index].tip, &position)?;
        forks.push((fork, index, base, own));
    }
    forks.sort_by_key(|(fork, index, ..)| (*fork, *index));

    let mut shared = Line::new(false);
    let mut replayed = 0;
    let mut entries = Vec::new();
    for (fork, index, base, own) in forks {
        let mut branch_line = match fork {
            Some(fork) => {
                for id in &line[replayed..=fork] {
                    shared.advance(repo, *id, documents)?;
                }
                replayed = replayed.max(fork + 1);
                shared.clone()
            }
            None => Line::new(false),
        };
        for id in own {
            branch_line.advance(repo, id, documents)?;
        }
        let candidates = candidates(repo, &branch_line, branches[index].tip, base)?;
        entries.push((index, BranchEntry { tip: branches[index].tip, base, candidates }));
    }
    Ok(entries)
}

/// Follows first parents from `tip` to the production line: returns where it joins the line
/// (`None` when it never does) and the branch's own commits, oldest first.
fn fork_of(
    repo: &Repository,
    tip: Oid,
    position: &HashMap<Oid, usize>,
) -> Result<(Option<usize>, Vec<Oid>), HistoryError> {
    let mut own = Vec::new();
    let mut at = Some(tip);
    while let Some(id) = at {
        if let Some(fork) = position.get(&id) {
            own.reverse();
            return Ok((Some(*fork), own));
        }
        own.push(id);
        at = repo.first_parent(id)?;
    }
    own.reverse();
    Ok((None, own))
}

/// Picks the rollouts a branch changed against the merge base, or cancelled.
fn candidates(
    repo: &Repository,
    line: &Line,
    tip: Oid,
    base: Option<Oid>,
) -> Result<Vec<Candidate>, HistoryError> {
    // One comparison of the two trees names every file whose content differs from the base.
    let differs: HashSet<String> =
        repo.changes_between(base, tip)?.into_iter().map(|change| change.path).collect();
    let mut candidates = Vec::new();
    for (id, track) in &line.tracks {
        let ItemId::Rollout(partner, app, rollout) = id else { continue };
        let Some(state) = track.state() else { continue };
        let path = registry::rollout_path(partner, app, rollout);
        let changed = line.blobs.contains_key(&path) && differs.contains(&path);
        if changed || state == State::Cancelled {
            candidates.push(Candidate {
                id: id.clone(),
                timeline: track.timeline.clone(),
                revisions: track.revisions,
                changed,
            });
        }
    }
    Ok(candidates)
}

/// Turns a branch's candidates into items: what it changed, and what it cancelled that the
/// production branch never had.
pub(super) fn items(main: &Line, entry: &BranchEntry, branch: &BranchTip) -> Vec<Item> {
    entry
        .candidates
        .iter()
        .filter(|candidate| {
            let cancelled = candidate.timeline.last().map(|transition| transition.state)
                == Some(State::Cancelled);
            candidate.changed || (cancelled && !main.tracks.contains_key(&candidate.id))
        })
        .map(|candidate| Item {
            id: candidate.id.clone(),
            timeline: candidate.timeline.clone(),
            revisions: candidate.revisions,
            branch: Some(branch.name.clone()),
            overdue: false,
            findings: Vec::new(),
        })
        .collect()
}
