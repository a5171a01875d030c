//! The rollout half of the replay: where a rollout's review stands, landing on the
//! production branch, and the ledger of which rollout holds each part.

use git2::Oid;

use crate::history::Repository;
use crate::lifecycle::documents::{Documents, Fact};
use crate::lifecycle::replay::{ALL_PARTS, Files, Items};
use crate::lifecycle::{ItemId, Provenance, ReviewStanding, State, review_state};
use crate::model::RolloutPart;
use crate::registry;

impl Items {
    pub(super) fn move_rollout(
        &mut self,
        repo: &Repository,
        documents: &mut Documents,
        files: &Files,
        (partner, app, id): (&String, &String, &String),
        item: &ItemId,
        provenance: &Provenance,
    ) {
        let rollout_path = registry::rollout_path(partner, app, id);
        let review_path = registry::review_path(partner, app, id);
        let content = files.blob(&rollout_path);
        let review = files.blob(&review_path);
        let standing = standing(repo, documents, files, &rollout_path, content, review);

        let Some(content) = content else {
            let track = self.track_mut(item);
            track.standing = None;
            if track.seen && track.landed.is_none() {
                track.enter(State::Cancelled, provenance);
            } else if track.landed.is_some() {
                let state = self.landed_state(partner, app, id);
                self.track_mut(item).enter(state, provenance);
            }
            return;
        };
        if self.production
            && standing == ReviewStanding::Current(crate::model::ReviewVerdict::Approved)
            && self.track(item).and_then(|track| track.landed) != Some(content)
        {
            for part in parts(repo, documents, &rollout_path, content) {
                self.set_holder((partner.clone(), app.clone(), part), id.clone());
            }
            self.track_mut(item).landed = Some(content);
        }
        let landed = self.track(item).is_some_and(|track| track.landed.is_some());
        let state =
            if landed { self.landed_state(partner, app, id) } else { review_state(standing) };
        let track = self.track_mut(item);
        track.seen = true;
        track.on_line = true;
        track.standing = Some(standing);
        track.enter(state, provenance);
    }

    fn landed_state(&self, partner: &str, app: &str, id: &str) -> State {
        let holds_a_part = ALL_PARTS.iter().any(|part| {
            self.holder(&(partner.to_owned(), app.to_owned(), *part))
                .is_some_and(|holder| holder == id)
        });
        if holds_a_part { State::Live } else { State::Superseded }
    }
}

/// Returns the parts the rollout request `content` carries; every part when it cannot be
/// read.
fn parts(
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

/// Returns where the review `review` of the rollout request `content` stands.
pub(super) fn standing(
    repo: &Repository,
    documents: &mut Documents,
    files: &Files,
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
    if files.is_reviewed(rollout_path, review, content) {
        ReviewStanding::Current(verdict)
    } else {
        ReviewStanding::Stale
    }
}
