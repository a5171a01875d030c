//! Reads the branches not merged into production. Each branch's first-parent line starts
//! with part of the production line, so that shared part is replayed once, in fork order,
//! and each branch replays only its own commits on top of it, then rolls them back; the
//! result is the same as replaying every branch from the root. Branches whose tip and merge
//! base are unchanged since the cached run reuse their cached rollouts.

use std::collections::{HashMap, HashSet};

use git2::Oid;

use crate::history::{BranchTip, HistoryError, Repository};
use crate::lifecycle::Item;
use crate::lifecycle::cache::{BranchEntry, Candidate};
use crate::lifecycle::documents::Documents;
use crate::lifecycle::replay::{self, Files, Items, Line, prepare};
use crate::lifecycle::{ItemId, State};
use crate::registry;

/// Reads every branch's candidate rollouts, from the cache where it still holds, and returns
/// them with the production line: the `resumed` one, or without it the line replayed from
/// the root in the same pass over its commits.
pub(super) fn read(
    repo: &Repository,
    production_tip: Oid,
    resumed: Option<Line>,
    branches: &[BranchTip],
    cached: &[BranchEntry],
    documents: &mut Documents,
    progress: &indicatif::ProgressBar,
) -> Result<(Line, Vec<BranchEntry>), HistoryError> {
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
    let (main, replayed) = match resumed {
        Some(line) if missing.is_empty() => (line, Vec::new()),
        Some(line) => {
            (line, replay(repo, production_tip, branches, &missing, None, documents, progress)?)
        }
        None => {
            let mut line = Line::new(true);
            let production = Some(&mut line);
            let replayed =
                replay(repo, production_tip, branches, &missing, production, documents, progress)?;
            (line, replayed)
        }
    };
    for (index, entry) in replayed {
        entries[index] = Some(entry);
    }
    Ok((main, entries.into_iter().flatten().collect()))
}

/// A branch to replay: where it leaves the production line, which branch, its merge base
/// and its own commits, oldest first.
type Fork = (Option<usize>, usize, Option<Oid>, Vec<Oid>);

/// Replays the branches at `missing` (index and merge base), sharing the production prefix,
/// and with `production` (an empty production line) the production line too, in one pass
/// over the line's commits; returns each branch's entry by its index.
fn replay(
    repo: &Repository,
    production_tip: Oid,
    branches: &[BranchTip],
    missing: &[(usize, Option<Oid>)],
    production: Option<&mut Line>,
    documents: &mut Documents,
    progress: &indicatif::ProgressBar,
) -> Result<Vec<(usize, BranchEntry)>, HistoryError> {
    let replaying = production.is_some();
    tracing::debug!(
        branches = missing.len(),
        production = replaying,
        "replaying what the cache lacks"
    );
    let line = repo.first_parent_line(production_tip)?;
    let position: HashMap<Oid, usize> = line.iter().enumerate().map(|(at, id)| (*id, at)).collect();
    let mut forks: Vec<Fork> = Vec::new();
    for &(index, base) in missing {
        let (fork, own) = fork_of(repo, branches[index].tip, &position)?;
        forks.push((fork, index, base, own));
    }
    forks.sort_by_key(|(fork, index, ..)| (*fork, *index));

    let mut entries = Vec::new();
    // Branches that share no commit with the production line (sorted first) start empty.
    let rooted = forks.iter().position(|(fork, ..)| fork.is_some()).unwrap_or(forks.len());
    for (_, index, base, own) in &forks[..rooted] {
        let Line { mut files, mut items } = Line::new(false);
        let tip = branches[*index].tip;
        let entry = branch_entry(repo, &mut files, &mut items, own, tip, *base, documents)?;
        entries.push((*index, entry));
    }
    let forks = &forks[rooted..];
    let last_fork = forks.last().and_then(|(fork, ..)| *fork);
    let end = match production {
        Some(_) => line.len(),
        None => last_fork.map_or(0, |fork| fork + 1),
    };
    progress.set_length(end as u64);
    progress.set_position(0);

    // The production line's items and the branches' shared items are two replays of the
    // same commits, so they share one copy of the files.
    let mut prefix_files = Files::default();
    let (files, mut main) = match production {
        Some(line) => (&mut line.files, Some(&mut line.items)),
        None => (&mut prefix_files, None),
    };
    let mut shared = Items::new(false);
    let mut next = 0;
    prepare::each(repo, &line[..end], HashSet::new(), |at, prepared| {
        let mut lines: Vec<&mut Items> = main.iter_mut().map(|items| &mut **items).collect();
        if last_fork.is_some_and(|last| at <= last) {
            lines.push(&mut shared);
        }
        replay::apply(repo, &prepared, files, &mut lines, documents);
        while let Some((Some(fork), index, base, own)) = forks.get(next)
            && *fork == at
        {
            files.begin_journal();
            shared.begin_journal();
            let tip = branches[*index].tip;
            let entry = branch_entry(repo, files, &mut shared, own, tip, *base, documents);
            // The branch's own commits are undone for the branches forking later.
            shared.roll_back();
            files.roll_back();
            entries.push((*index, entry?));
            next += 1;
        }
        progress.inc(1);
        Ok(())
    })?;
    Ok(entries)
}

/// Replays a branch's own commits on the line it forks from, and picks its candidates.
fn branch_entry(
    repo: &Repository,
    files: &mut Files,
    items: &mut Items,
    own: &[Oid],
    tip: Oid,
    base: Option<Oid>,
    documents: &mut Documents,
) -> Result<BranchEntry, HistoryError> {
    for id in own {
        replay::advance(repo, *id, files, items, documents)?;
    }
    let candidates = candidates(repo, files, items, tip, base)?;
    Ok(BranchEntry { tip, base, candidates })
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
    files: &Files,
    items: &Items,
    tip: Oid,
    base: Option<Oid>,
) -> Result<Vec<Candidate>, HistoryError> {
    // One comparison of the two trees names every file whose content differs from the base.
    let differs: HashSet<String> =
        repo.changes_between(base, tip)?.into_iter().map(|change| change.path).collect();
    let mut candidates = Vec::new();
    for (id, track) in items.tracks() {
        let ItemId::Rollout(partner, app, rollout) = id else { continue };
        let Some(state) = track.state() else { continue };
        let path = registry::rollout_path(partner, app, rollout);
        let changed = files.has(&path) && differs.contains(&path);
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
            candidate.changed || (cancelled && main.items.track(&candidate.id).is_none())
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

#[cfg(test)]
mod tests;
