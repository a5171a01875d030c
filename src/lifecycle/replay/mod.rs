//! Replays one first-parent line, oldest commit first, and records each item's
//! transitions. Which lines to replay, and what to report, is left to `report`.

pub(in crate::lifecycle) mod prepare;
mod rollout;

use std::collections::{BTreeMap, HashSet};
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
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) production: bool,
    /// Present blob of every tracked registry file.
    pub(super) blobs: BTreeMap<String, Oid>,
    /// `(rollout path, review blob, rollout blob)` set together by a non-merge commit.
    pub(super) reviewed: HashSet<(String, Oid, Oid)>,
    /// Every item seen, by id.
    pub(super) tracks: BTreeMap<ItemId, Track>,
    /// Which rollout last landed each part of each app: `(partner, app, part)` → rollout id.
    pub(super) ledger: BTreeMap<(String, String, RolloutPart), String>,
    /// Every commit reachable from the last commit replayed: the line and what merges
    /// brought in, so that a merge's own commits are found without walking the history.
    pub(super) reached: HashSet<Oid>,
}

impl Line {
    /// Starts an empty line; `production` turns on landing.
    pub(super) fn new(production: bool) -> Line {
        Line {
            production,
            blobs: BTreeMap::new(),
            reviewed: HashSet::new(),
            tracks: BTreeMap::new(),
            ledger: BTreeMap::new(),
            reached: HashSet::new(),
        }
    }

    /// Replays `commits` in order: the first one's first parent is the last commit replayed.
    pub(super) fn advance_all(
        &mut self,
        repo: &Repository,
        commits: &[Oid],
        documents: &mut Documents,
        progress: &indicatif::ProgressBar,
    ) -> Result<(), HistoryError> {
        prepare::each(repo, commits, self.reached.clone(), |_, prepared| {
            self.apply_prepared(repo, &prepared, documents);
            progress.inc(1);
            Ok(())
        })
    }

    /// Replays one more commit of the line: `id`'s first parent is the last commit replayed.
    pub(super) fn advance(
        &mut self,
        repo: &Repository,
        id: Oid,
        documents: &mut Documents,
    ) -> Result<(), HistoryError> {
        let prepared = prepare::prepare(repo, id, &self.reached)?;
        self.apply_prepared(repo, &prepared, documents);
        Ok(())
    }

    /// Applies one first-parent commit read by `prepare`.
    pub(in crate::lifecycle) fn apply_prepared(
        &mut self,
        repo: &Repository,
        prepared: &Prepared,
        documents: &mut Documents,
    ) {
        self.absorb_merged_branch(repo, &prepared.side, documents);
        self.reached.extend(prepared.merged.iter().copied());
        self.apply(&prepared.step.commit, &prepared.step.changes, documents, repo);
        self.reached.insert(prepared.step.commit.id);
    }

    /// Records the reviews and pre-landing states that a merge brings from its other parents.
    fn absorb_merged_branch(
        &mut self,
        repo: &Repository,
        side: &[SideCommit],
        documents: &mut Documents,
    ) {
        for commit in side {
            for touched in &commit.touched {
                if let (true, Some(review), Some(content)) =
                    (touched.review_changed, touched.review_blob, touched.rollout_blob)
                {
                    self.reviewed.insert((touched.rollout_path.clone(), review, content));
                }
                if self.tracks.get(&touched.rollout).is_some_and(|track| track.on_line) {
                    continue;
                }
                let standing = self.standing(
                    repo,
                    documents,
                    &touched.rollout_path,
                    touched.rollout_blob,
                    touched.review_blob,
                );
                let provenance = provenance(&commit.commit, &touched.file);
                let track = self.tracks.entry(touched.rollout.clone()).or_default();
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
    }

    /// Applies one first-parent commit's changes and moves the items they touch.
    fn apply(
        &mut self,
        commit: &CommitInfo,
        changes: &[FileChange],
        documents: &mut Documents,
        repo: &Repository,
    ) {
        for change in changes {
            match change.after {
                Some(blob) => self.blobs.insert(change.path.clone(), blob),
                None => self.blobs.remove(&change.path),
            };
        }
        if !commit.is_merge {
            self.record_reviews(changes);
        }

        let mut touched: BTreeMap<ItemId, String> = BTreeMap::new();
        for change in changes {
            for item in self.items_touched_by(&change.path) {
                touched.entry(item).or_insert_with(|| change.path.clone());
            }
        }
        // Changed rollouts first (a landing moves the ledger), then the app's other rollouts
        // (which the landing may supersede), then apps (which read their rollouts), then
        // partners.
        let changed: Vec<Option<ItemId>> =
            changes.iter().map(|change| rollout_of(&change.path)).collect();
        let mut ordered: Vec<(ItemId, String)> = touched.into_iter().collect();
        ordered.sort_by_key(|(item, _)| match item {
            ItemId::Rollout(..) if changed.contains(&Some(item.clone())) => 0,
            ItemId::Rollout(..) => 1,
            ItemId::App(..) => 2,
            ItemId::Partner(_) => 3,
        });
        for (item, file) in ordered {
            let provenance = provenance(commit, &file);
            self.move_item(repo, documents, &item, &provenance);
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
            if let Some(content) = self.blobs.get(&rollout_path).copied() {
                self.reviewed.insert((rollout_path, review, content));
            }
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
        item: &ItemId,
        provenance: &Provenance,
    ) {
        match item {
            ItemId::Rollout(partner, app, id) => {
                self.move_rollout(repo, documents, (partner, app, id), item, provenance);
            }
            ItemId::App(partner, app) => {
                let dir = registry::app_dir(partner, app);
                if !self.blobs.contains_key(&format!("{dir}/app.yaml")) {
                    return;
                }
                let cooperation = self
                    .read(repo, documents, &format!("{dir}/cooperation.yaml"))
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
                self.tracks.entry(item.clone()).or_default().enter(state, provenance);
            }
            ItemId::Partner(partner) => {
                if !self.blobs.contains_key(&format!("partners/{partner}/partner.yaml")) {
                    return;
                }
                let decision = self
                    .read(repo, documents, &format!("partners/{partner}/verification.yaml"))
                    .and_then(|fact| match fact {
                        Fact::Verification(decision) => Some(decision),
                        _ => None,
                    });
                self.tracks
                    .entry(item.clone())
                    .or_default()
                    .enter(partner_state(decision), provenance);
            }
        }
    }

    /// Iterates over the tracks of one app's rollouts, in id order.
    pub(super) fn app_rollouts<'a>(
        &'a self,
        partner: &'a str,
        app: &'a str,
    ) -> impl Iterator<Item = (&'a ItemId, &'a Track)> + 'a {
        let start = ItemId::Rollout(partner.to_owned(), app.to_owned(), String::new());
        self.tracks.range(start..).take_while(
            move |(key, _)| matches!(key, ItemId::Rollout(p, a, _) if p == partner && a == app),
        )
    }

    fn read(&self, repo: &Repository, documents: &mut Documents, path: &str) -> Option<Fact> {
        let blob = self.blobs.get(path)?;
        documents.read(repo, path, *blob)
    }
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

fn provenance(commit: &CommitInfo, file: &str) -> Provenance {
    Provenance {
        commit: commit.id,
        time: commit.time,
        author: Arc::clone(&commit.author),
        file: Arc::from(file),
    }
}
