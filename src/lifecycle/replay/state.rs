//! What a replay keeps, in two halves. `Files` is what the commits left in the registry: the
//! present blobs, the review records and the commits reached. It is the same for every
//! replay of the same commits, so one copy serves the production line and the branches'
//! shared prefix. `Items` is what one replay made of the items. Each half can keep a journal
//! of its changes and roll back to where the journal began: a branch is replayed on top of
//! the shared prefix and then undone, instead of on a copy of it.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use git2::Oid;

use crate::lifecycle::ItemId;
use crate::lifecycle::replay::Track;
use crate::model::RolloutPart;

/// Names a part of an app: `(partner, app, part)`.
pub(in crate::lifecycle) type PartKey = (String, String, RolloutPart);

/// What the commits replayed left in the registry.
#[derive(Debug, Default)]
pub(in crate::lifecycle) struct Files {
    /// Every registry path met, held once: blob keys, review records and provenance share
    /// these, since a long history names the same paths in many places.
    paths: HashSet<Arc<str>>,
    /// Present blob of every tracked registry file.
    blobs: BTreeMap<Arc<str>, Oid>,
    /// `(rollout path, review blob, rollout blob)` set together by a non-merge commit.
    reviewed: HashSet<(Arc<str>, Oid, Oid)>,
    /// Every commit reachable from the last commit replayed: the line and what merges
    /// brought in, so that a merge's own commits are found without walking the history.
    reached: HashSet<Oid>,
    /// What changed since `begin_journal`, when a journal is kept.
    journal: Option<FilesJournal>,
}

/// How to undo the changes to `Files`: each entry is what a change replaced.
#[derive(Debug, Default)]
struct FilesJournal {
    blobs: Vec<(Arc<str>, Option<Oid>)>,
    reviewed: Vec<(Arc<str>, Oid, Oid)>,
    reached: Vec<Oid>,
}

impl Files {
    /// Returns the one shared copy of `path`, adding it when it is new.
    pub(in crate::lifecycle) fn intern(&mut self, path: &str) -> Arc<str> {
        if let Some(held) = self.paths.get(path) {
            return Arc::clone(held);
        }
        let held: Arc<str> = Arc::from(path);
        self.paths.insert(Arc::clone(&held));
        held
    }

    /// Returns the shared copy of `path` when it was met, else a new one.
    pub(in crate::lifecycle) fn path(&self, path: &str) -> Arc<str> {
        self.paths.get(path).map_or_else(|| Arc::from(path), Arc::clone)
    }

    /// Returns the present blob of `path`.
    pub(in crate::lifecycle) fn blob(&self, path: &str) -> Option<Oid> {
        self.blobs.get(path).copied()
    }

    /// Says whether `path` is present.
    pub(in crate::lifecycle) fn has(&self, path: &str) -> bool {
        self.blobs.contains_key(path)
    }

    /// Iterates over the present files and their blobs, in path order.
    pub(in crate::lifecycle) fn blobs(&self) -> impl Iterator<Item = (&str, Oid)> {
        self.blobs.iter().map(|(path, blob)| (&**path, *blob))
    }

    /// Sets the blob of `path`, or removes it with `None`.
    pub(in crate::lifecycle) fn set_blob(&mut self, path: &str, blob: Option<Oid>) {
        let path = self.intern(path);
        let before = match blob {
            Some(blob) => self.blobs.insert(Arc::clone(&path), blob),
            None => self.blobs.remove(&path),
        };
        if let Some(journal) = &mut self.journal
            && before != blob
        {
            journal.blobs.push((path, before));
        }
    }

    /// Records that a non-merge commit set the review of `rollout_path` to `review` while
    /// the request held `content`.
    pub(in crate::lifecycle) fn record_review(
        &mut self,
        rollout_path: &str,
        review: Oid,
        content: Oid,
    ) {
        let record = (self.intern(rollout_path), review, content);
        if let Some(journal) = &mut self.journal
            && !self.reviewed.contains(&record)
        {
            journal.reviewed.push(record.clone());
        }
        self.reviewed.insert(record);
    }

    /// Says whether some non-merge commit recorded `review` for `rollout_path` holding
    /// `content`.
    pub(in crate::lifecycle) fn is_reviewed(
        &self,
        rollout_path: &str,
        review: Oid,
        content: Oid,
    ) -> bool {
        let Some(path) = self.paths.get(rollout_path) else { return false };
        self.reviewed.contains(&(Arc::clone(path), review, content))
    }

    /// Iterates over the review records, in no particular order.
    pub(in crate::lifecycle) fn reviews(&self) -> impl Iterator<Item = (&str, Oid, Oid)> {
        self.reviewed.iter().map(|(path, review, content)| (&**path, *review, *content))
    }

    /// Adds `id` to the commits reached.
    pub(in crate::lifecycle) fn reach(&mut self, id: Oid) {
        if self.reached.insert(id)
            && let Some(journal) = &mut self.journal
        {
            journal.reached.push(id);
        }
    }

    /// Returns every commit reached.
    pub(in crate::lifecycle) fn reached(&self) -> &HashSet<Oid> {
        &self.reached
    }

    /// Starts keeping a journal of changes, to roll back to this point.
    pub(in crate::lifecycle) fn begin_journal(&mut self) {
        debug_assert!(self.journal.is_none(), "journals do not nest");
        self.journal = Some(FilesJournal::default());
    }

    /// Undoes every change since `begin_journal` and stops the journal. Paths met since
    /// stay interned: they change no state.
    pub(in crate::lifecycle) fn roll_back(&mut self) {
        let Some(journal) = self.journal.take() else { return };
        for (path, before) in journal.blobs.into_iter().rev() {
            match before {
                Some(blob) => self.blobs.insert(path, blob),
                None => self.blobs.remove(&path),
            };
        }
        for record in journal.reviewed {
            self.reviewed.remove(&record);
        }
        for id in journal.reached {
            self.reached.remove(&id);
        }
    }
}

/// What one replay made of the items.
#[derive(Debug)]
pub(in crate::lifecycle) struct Items {
    /// Whether this is the production line, where approved rollouts land.
    pub(in crate::lifecycle) production: bool,
    /// Every item seen, by id.
    tracks: BTreeMap<ItemId, Track>,
    /// Which rollout last landed each part of each app.
    ledger: BTreeMap<PartKey, String>,
    /// What changed since `begin_journal`, when a journal is kept.
    journal: Option<ItemsJournal>,
}

/// How to undo the changes to `Items`: each item's track and each part's holder as they
/// were before their first change.
#[derive(Debug, Default)]
struct ItemsJournal {
    tracks: Vec<(ItemId, Option<Track>)>,
    saved: HashSet<ItemId>,
    ledger: Vec<(PartKey, Option<String>)>,
}

impl Items {
    /// Starts with no items; `production` turns on landing.
    pub(in crate::lifecycle) fn new(production: bool) -> Items {
        Items { production, tracks: BTreeMap::new(), ledger: BTreeMap::new(), journal: None }
    }

    /// Returns every item's track, by id.
    pub(in crate::lifecycle) fn tracks(&self) -> &BTreeMap<ItemId, Track> {
        &self.tracks
    }

    /// Returns every item's track, by id, consuming the items.
    pub(in crate::lifecycle) fn into_tracks(self) -> BTreeMap<ItemId, Track> {
        self.tracks
    }

    /// Returns an item's track.
    pub(in crate::lifecycle) fn track(&self, id: &ItemId) -> Option<&Track> {
        self.tracks.get(id)
    }

    /// Returns an item's track to change, starting an empty one for a new item.
    pub(in crate::lifecycle) fn track_mut(&mut self, id: &ItemId) -> &mut Track {
        if let Some(journal) = &mut self.journal
            && journal.saved.insert(id.clone())
        {
            journal.tracks.push((id.clone(), self.tracks.get(id).cloned()));
        }
        self.tracks.entry(id.clone()).or_default()
    }

    /// Iterates over the tracks of one app's rollouts, in id order.
    pub(in crate::lifecycle) fn app_rollouts<'a>(
        &'a self,
        partner: &'a str,
        app: &'a str,
    ) -> impl Iterator<Item = (&'a ItemId, &'a Track)> + 'a {
        let start = ItemId::Rollout(partner.to_owned(), app.to_owned(), String::new());
        self.tracks.range(start..).take_while(
            move |(key, _)| matches!(key, ItemId::Rollout(p, a, _) if p == partner && a == app),
        )
    }

    /// Returns the rollout that holds a part of an app.
    pub(in crate::lifecycle) fn holder(&self, key: &PartKey) -> Option<&str> {
        self.ledger.get(key).map(String::as_str)
    }

    /// Iterates over the part holders, in key order.
    pub(in crate::lifecycle) fn ledger(&self) -> impl Iterator<Item = (&PartKey, &str)> {
        self.ledger.iter().map(|(key, holder)| (key, holder.as_str()))
    }

    /// Makes rollout `holder` the holder of a part of an app.
    pub(in crate::lifecycle) fn set_holder(&mut self, key: PartKey, holder: String) {
        let before = self.ledger.insert(key.clone(), holder);
        if let Some(journal) = &mut self.journal {
            journal.ledger.push((key, before));
        }
    }

    /// Starts keeping a journal of changes, to roll back to this point.
    pub(in crate::lifecycle) fn begin_journal(&mut self) {
        debug_assert!(self.journal.is_none(), "journals do not nest");
        self.journal = Some(ItemsJournal::default());
    }

    /// Undoes every change since `begin_journal` and stops the journal.
    pub(in crate::lifecycle) fn roll_back(&mut self) {
        let Some(journal) = self.journal.take() else { return };
        for (id, before) in journal.tracks {
            match before {
                Some(track) => self.tracks.insert(id, track),
                None => self.tracks.remove(&id),
            };
        }
        for (key, before) in journal.ledger.into_iter().rev() {
            match before {
                Some(holder) => self.ledger.insert(key, holder),
                None => self.ledger.remove(&key),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(byte: u8) -> Oid {
        Oid::from_bytes(&[byte; 20]).expect("20 bytes")
    }

    fn snapshot(files: &Files, items: &Items) -> String {
        let mut reviews: Vec<_> = files.reviews().collect();
        reviews.sort();
        let mut reached: Vec<_> = files.reached().iter().collect();
        reached.sort();
        let blobs: Vec<_> = files.blobs().collect();
        let ledger: Vec<_> = items.ledger().collect();
        format!("{blobs:?}\n{reviews:?}\n{reached:?}\n{:?}\n{ledger:?}", items.tracks())
    }

    #[test]
    fn a_roll_back_undoes_every_change_since_the_journal_began() {
        let mut files = Files::default();
        let mut items = Items::new(true);
        let kept = ItemId::Rollout("acme".into(), "shop".into(), "1.0.0".into());
        files.set_blob("a.yaml", Some(oid(1)));
        files.set_blob("b.yaml", Some(oid(2)));
        files.record_review("a.yaml", oid(3), oid(1));
        files.reach(oid(4));
        items.track_mut(&kept).revisions = 1;
        items.set_holder(("acme".into(), "shop".into(), RolloutPart::Info), "1.0.0".into());
        let before = snapshot(&files, &items);

        files.begin_journal();
        items.begin_journal();
        files.set_blob("a.yaml", Some(oid(5)));
        files.set_blob("a.yaml", Some(oid(6)));
        files.set_blob("b.yaml", None);
        files.set_blob("c.yaml", Some(oid(7)));
        files.record_review("a.yaml", oid(3), oid(1));
        files.record_review("c.yaml", oid(8), oid(7));
        files.reach(oid(4));
        files.reach(oid(9));
        items.track_mut(&kept).revisions = 2;
        items.track_mut(&kept).seen = true;
        let new = ItemId::Rollout("acme".into(), "shop".into(), "2.0.0".into());
        items.track_mut(&new).revisions = 1;
        items.set_holder(("acme".into(), "shop".into(), RolloutPart::Info), "2.0.0".into());
        items.set_holder(("acme".into(), "shop".into(), RolloutPart::Ios), "2.0.0".into());
        assert_ne!(snapshot(&files, &items), before);

        files.roll_back();
        items.roll_back();
        assert_eq!(snapshot(&files, &items), before);
        assert!(files.is_reviewed("a.yaml", oid(3), oid(1)));
        assert!(!files.is_reviewed("c.yaml", oid(8), oid(7)));
    }

    #[test]
    fn paths_are_held_once() {
        let mut files = Files::default();
        files.set_blob("partners/acme/partner.yaml", Some(oid(1)));
        let first = files.path("partners/acme/partner.yaml");
        let second = files.intern("partners/acme/partner.yaml");
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(&*files.path("never/met.yaml"), "never/met.yaml");
    }
}
