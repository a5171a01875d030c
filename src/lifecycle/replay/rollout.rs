//! The rollout half of the replay: where a rollout's review stands, landing on the
//! production branch, and the ledger of which rollout holds each part.

use git2::Oid;

use crate::history::Repository;
use crate::lifecycle::documents::{Documents, Fact};
use crate::lifecycle::replay::{ALL_PARTS, Line};
use crate::lifecycle::{ItemId, Provenance, ReviewStanding, State, review_state};
use crate::model::RolloutPart;
use crate::registry;

impl Line {
    pub(super) fn move_rollout(
        &mut self,
        repo: &Repository,
        documents: &mut Documents,
        (partner, app, id): (&String, &String, &String),
        item: &ItemId,
        provenance: &Provenance,
    ) {
        let rollout_path = registry::rollout_path(partner, app, id);
        let review_path = registry::review_path(partner, app, id);
        let content = self.blobs.get(&rollout_path).copied();
        let review = self.blobs.get(&review_path).copied();
        let standing = self.standing(repo, documents, &rollout_path, content, review);

        let Some(content) = content else {
            let track = self.tracks.entry(item.clone()).or_default();
            track.standing = None;
            if track.seen && track.landed.is_none() {
                track.enter(State::Cancelled, provenance);
            } else if track.landed.is_some() {
                let state = self.landed_state(partner, app, id);
                self.tracks.entry(item.clone()).or_default().enter(state, provenance);
            }
            return;
        };
        if self.production
            && standing == ReviewStanding::Current(crate::model::ReviewVerdict::Approved)
            && self.tracks.get(item).and_then(|track| track.landed) != Some(content)
        {
            for part in self.parts(repo, documents, &rollout_path, content) {
                self.ledger.insert((partner.clone(), app.clone(), part), id.clone());
            }
            self.tracks.entry(item.clone()).or_default().landed = Some(content);
        }
        let landed = self.tracks.get(item).is_some_and(|track| track.landed.is_some());
        let state =
            if landed { self.landed_state(partner, app, id) } else { review_state(standing) };
        let track = self.tracks.entry(item.clone()).or_default();
        track.seen = true;
        track.on_line = true;
        track.standing = Some(standing);
        track.enter(state, provenance);
    }

    fn landed_state(&self, partner: &str, app: &str, id: &str) -> State {
        let holds_a_part = ALL_PARTS.iter().any(|part| {
            self.ledger
                .get(&(partner.to_owned(), app.to_owned(), *part))
                .is_some_and(|holder| holder == id)
        });
        if holds_a_part { State::Live } else { State::Superseded }
    }

    fn parts(
        &self,
        repo: &Repository,
        documents: &mut Documents,
        path: &str,
        content: Oid,
    ) -> Vec<RolloutPart> {
        match documents.read(repo, path, content) {
            Some(Fact::Parts(parts)) => parts,
            _ => ALL_PARTS.to_vec(),
        }
    }

    pub(super) fn standing(
        &self,
        repo: &Repository,
        documents: &mut Documents,
        rollout_path: &str,
        content: Option<Oid>,
        review: Option<Oid>,
    ) -> ReviewStanding {
        let (Some(content), Some(review)) = (content, review) else {
            return ReviewStanding::Missing;
        };
        let review_path = rollout_path.replacen("/rollouts/", "/reviews/", 1);
        let verdict = match documents.read(repo, &review_path, review) {
            Some(Fact::Review(verdict)) => verdict,
            _ => return ReviewStanding::Missing,
        };
        if self.reviewed.contains(&(rollout_path.to_owned(), review, content)) {
            ReviewStanding::Current(verdict)
        } else {
            ReviewStanding::Stale
        }
    }
}
