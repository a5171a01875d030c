//! Replays one first-parent line, oldest commit first, and records each item's
//! transitions. Which lines to replay, and what to report, is left to `report`.

pub(in crate::lifecycle) mod prepare;
mod rollout;
mod state;

use std::collections::BTreeMap;
use std::sync::Arc;

use git2::Oid;

use crate::history::{CommitInfo, FileChange, HistoryError, Repository};
use crate::lifecycle::documents::{Documents, Fact};
use crate::lifecycle::{
    ItemId, Provenance, ReviewStanding, State, Transition, app_state, partner_state, review_state,
};
use crate::model::RolloutPart;
use crate::registry::{self, Kind, Place};
pub(in crate::lifecycle) use prepare::Prepared;
use prepare::SideCommit;
use rollout::standing;
pub(in crate::lifecycle) use state::{Files, Items};

/// Every part a rollout can carry, used when a rollout cannot be read.
const ALL_PARTS: [RolloutPart; 4] =
    [RolloutPart::Info, RolloutPart::Android, RolloutPart::Ios, RolloutPart::Webview];

/// Holds what the replay knows of one item.
#[derive(Debug, Clone, Default)]
pub(super) struct Track {
    /// Every state entered, oldest first.
    pub(super) timeline: Vec<Transition>,
    /// Entries into `resubmitted`.
    pub(super) revisions: u32,
    /// Whether the item's file was ever present on this line or a branch merged into it.
    pub(super) seen: bool,
    /// Whether the item's file was ever present on this line itself.
    pub(super) on_line: bool,
    /// The rollout content that last landed approved on the production branch.
    pub(super) landed: Option<Oid>,
    /// Where the review of the present content stands (rollouts only).
    pub(super) standing: Option<ReviewStanding>,
}

impl Track {
    pub(super) fn state(&self) -> Option<State> {
        self.timeline.last().map(|transition| transition.state)
    }

    fn enter(&mut self, state: State, provenance: &Provenance) {
        if self.state() == Some(state) {
            return;
        }
        if state == State::Resubmitted {
            self.revisions += 1;
        }
        self.timeline.push(Transition { state, provenance: provenance.clone() });
    }
}

/// Holds the state of one first-parent line after replaying it.
#[derive(Debug)]
pub(super) struct Line {
    /// What the line's commits left in the registry.
    pub(super) files: Files,
    /// What the replay made of the items.
    pub(super) items: Items,
}

impl Line {
    /// Starts an empty line; `production` turns on landing.
    pub(super) fn new(production: bool) -> Line {
        Line { files: Files::default(), items: Items::new(production) }
    }

    /// Replays `commits` in order: the first one's first parent is the last commit replayed.
    pub(super) fn advance_all(
        &mut self,
        repo: &Repository,
        commits: &[Oid],
        documents: &mut Documents,
        progress: &indicatif::ProgressBar,
    ) -> Result<(), HistoryError> {
        prepare::each(repo, commits, self.files.reached().clone(), |_, prepared| {
            apply(repo, &prepared, &mut self.files, &mut [&mut self.items], documents);
            progress.inc(1);
            Ok(())
        })
    }
}

/// Replays one more commit on `files` and `items`: `id`'s first parent is the last commit
/// replayed.
pub(super) fn advance(
    repo: &Repository,
    id: Oid,
    files: &mut Files,
    items: &mut Items,
    documents: &mut Documents,
) -> Result<(), HistoryError> {
    let prepared = prepare::prepare(repo, id, files.reached())?;
    apply(repo, &prepared, files, &mut [items], documents);
    Ok(())
}

/// Applies one first-parent commit read by `prepare` to the files, then to each replay of
/// the items that shares them.
pub(in crate::lifecycle) fn apply(
    repo: &Repository,
    prepared: &Prepared,
    files: &mut Files,
    lines: &mut [&mut Items],
    documents: &mut Documents,
) {
    for commit in &prepared.side {
        files.absorb_merged(commit);
        for items in lines.iter_mut() {
            items.absorb_merged(repo, documents, files, commit);
        }
    }
    for id in &prepared.merged {
        files.reach(*id);
    }
    let commit = &prepared.step.commit;
    let changes = &prepared.step.changes;
    files.apply(commit, changes);
    for items in lines.iter_mut() {
        items.apply(repo, documents, files, commit, changes);
    }
    files.reach(commit.id);
}

impl Files {
    /// Records the reviews a commit that a merge brought in set.
    fn absorb_merged(&mut self, commit: &SideCommit) {
        for touched in &commit.touched {
            self.intern(&touched.file);
            if let (true, Some(review), Some(content)) =
                (touched.review_changed, touched.review_blob, touched.rollout_blob)
            {
                self.record_review(&touched.rollout_path, review, content);
            }
        }
    }

    /// Applies one first-parent commit's changes, and for a non-merge commit the reviews it
    /// set.
    fn apply(&mut self, commit: &CommitInfo, changes: &[FileChange]) {
        for change in changes {
            self.set_blob(&change.path, change.after);
        }
        if !commit.is_merge {
            self.record_reviews(changes);
        }
    }

    fn record_reviews(&mut self, changes: &[FileChange]) {
        for change in changes {
            let Some(review) = change.after else { continue };
            let Place::Document { kind: Kind::Review, ids } = registry::classify(&change.path)
            else {
                continue;
            };
            let (Some(partner), Some(app), Some(id)) = (ids.partner, ids.app, ids.rollout) else {
                continue;
            };
            let rollout_path = registry::rollout_path(&partner, &app, &id);
            if let Some(content) = self.blob(&rollout_path) {
                self.record_review(&rollout_path, review, content);
            }
        }
    }
}

impl Items {
    /// Records the pre-landing states that a commit a merge brought in gives the rollouts
    /// it touched; `files` already holds its reviews.
    fn absorb_merged(
        &mut self,
        repo: &Repository,
        documents: &mut Documents,
        files: &Files,
        commit: &SideCommit,
    ) {
        for touched in &commit.touched {
            if self.track(&touched.rollout).is_some_and(|track| track.on_line) {
                continue;
            }
            let standing = standing(
                repo,
                documents,
                files,
                &touched.rollout_path,
                touched.rollout_blob,
                touched.review_blob,
            );
            let provenance = provenance(&commit.commit, files.path(&touched.file));
            let track = self.track_mut(&touched.rollout);
            match touched.rollout_blob {
                Some(_) => {
                    track.seen = true;
                    track.enter(review_state(standing), &provenance);
                }
                None if track.seen => track.enter(State::Cancelled, &provenance),
                None => {}
            }
        }
    }

    /// Moves the items one first-parent commit's changes touch; `files` already holds them.
    fn apply(
        &mut self,
        repo: &Repository,
        documents: &mut Documents,
        files: &Files,
        commit: &CommitInfo,
        changes: &[FileChange],
    ) {
        let mut touched: BTreeMap<ItemId, &str> = BTreeMap::new();
        for change in changes {
            for item in self.items_touched_by(&change.path) {
                touched.entry(item).or_insert(&change.path);
            }
        }
        // Changed rollouts first (a landing moves the ledger), then the app's other rollouts
        // (which the landing may supersede), then apps (which read their rollouts), then
        // partners.
        let changed: Vec<Option<ItemId>> =
            changes.iter().map(|change| rollout_of(&change.path)).collect();
        let mut ordered: Vec<(ItemId, &str)> = touched.into_iter().collect();
        ordered.sort_by_key(|(item, _)| match item {
            ItemId::Rollout(..) if changed.contains(&Some(item.clone())) => 0,
            ItemId::Rollout(..) => 1,
            ItemId::App(..) => 2,
            ItemId::Partner(_) => 3,
        });
        for (item, file) in ordered {
            let provenance = provenance(commit, files.path(file));
            self.move_item(repo, documents, files, &item, &provenance);
        }
    }

    fn items_touched_by(&self, path: &str) -> Vec<ItemId> {
        let Place::Document { kind, ids } = registry::classify(path) else { return Vec::new() };
        let partner = ids.partner.unwrap_or_default();
        let app = ids.app.unwrap_or_default();
        // A branch reports only rollouts, and a rollout's state reads no partner's or app's,
        // so lines other than production track rollouts alone.
        match kind {
            Kind::Partner | Kind::PartnerVerification if self.production => {
                vec![ItemId::Partner(partner)]
            }
            Kind::MiniApp | Kind::Cooperation if self.production => vec![ItemId::App(partner, app)],
            Kind::RolloutRequest | Kind::Review => {
                let own =
                    ItemId::Rollout(partner.clone(), app.clone(), ids.rollout.unwrap_or_default());
                let mut items = vec![own.clone()];
                if self.production {
                    items.push(ItemId::App(partner.clone(), app.clone()));
                    // A landing can supersede the app's other landed rollouts.
                    let landed = self
                        .app_rollouts(&partner, &app)
                        .filter(|(key, track)| **key != own && track.landed.is_some())
                        .map(|(key, _)| key.clone())
                        .collect::<Vec<_>>();
                    items.extend(landed);
                }
                items
            }
            _ => Vec::new(),
        }
    }

    fn move_item(
        &mut self,
        repo: &Repository,
        documents: &mut Documents,
        files: &Files,
        item: &ItemId,
        provenance: &Provenance,
    ) {
        match item {
            ItemId::Rollout(partner, app, id) => {
                self.move_rollout(repo, documents, files, (partner, app, id), item, provenance);
            }
            ItemId::App(partner, app) => {
                let dir = registry::app_dir(partner, app);
                if !files.has(&format!("{dir}/app.yaml")) {
                    return;
                }
                let cooperation = read(repo, documents, files, &format!("{dir}/cooperation.yaml"))
                    .and_then(|fact| match fact {
                        Fact::Cooperation(status) => Some(status),
                        _ => None,
                    });
                let states: Vec<State> = self
                    .app_rollouts(partner, app)
                    .filter_map(|(_, track)| track.state())
                    .collect();
                let has_live = states.contains(&State::Live);
                let has_open = states.iter().any(|state| state.is_open_rollout());
                let state = app_state(cooperation, has_live, has_open);
                self.track_mut(item).enter(state, provenance);
            }
            ItemId::Partner(partner) => {
                if !files.has(&format!("partners/{partner}/partner.yaml")) {
                    return;
                }
                let decision =
                    read(repo, documents, files, &format!("partners/{partner}/verification.yaml"))
                        .and_then(|fact| match fact {
                            Fact::Verification(decision) => Some(decision),
                            _ => None,
                        });
                self.track_mut(item).enter(partner_state(decision), provenance);
            }
        }
    }
}

/// Reads the fact of the document present at `path`.
fn read(repo: &Repository, documents: &mut Documents, files: &Files, path: &str) -> Option<Fact> {
    documents.read(repo, path, files.blob(path)?)
}

/// Returns the rollout a rollout or review path belongs to.
pub(super) fn rollout_of(path: &str) -> Option<ItemId> {
    match registry::classify(path) {
        Place::Document { kind: Kind::RolloutRequest | Kind::Review, ids } => {
            Some(ItemId::Rollout(ids.partner?, ids.app?, ids.rollout?))
        }
        _ => None,
    }
}

fn provenance(commit: &CommitInfo, file: Arc<str>) -> Provenance {
    Provenance { commit: commit.id, time: commit.time, author: Arc::clone(&commit.author), file }
}
