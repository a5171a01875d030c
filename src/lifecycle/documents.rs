//! Reads registry documents out of blobs once each, since a long history holds the same
//! content many times, and keeps only the one fact of each the replay reads; what the facts
//! mean is left to `replay`.

use std::collections::HashMap;

use git2::Oid;

use crate::history::Repository;
use crate::lifecycle::Reader;
use crate::model::{CooperationStatus, ReviewVerdict, RolloutPart, VerificationDecision};
use crate::registry::{self, Kind, Place};
use crate::validate::Typed;

/// The part of a document the replay reads: keeping this rather than the whole document
/// keeps memory small on a long history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fact {
    /// A cooperation's status.
    Cooperation(CooperationStatus),
    /// A verification's decision.
    Verification(VerificationDecision),
    /// The parts a rollout request carries.
    Parts(Vec<RolloutPart>),
    /// A review's verdict.
    Review(ReviewVerdict),
}

impl Fact {
    fn of(typed: Typed) -> Option<Fact> {
        match typed {
            Typed::Cooperation(cooperation) => Some(Fact::Cooperation(cooperation.status)),
            Typed::PartnerVerification(verification) => {
                Some(Fact::Verification(verification.decision))
            }
            Typed::RolloutRequest(rollout) => Some(Fact::Parts(rollout.parts())),
            Typed::Review(review) => Some(Fact::Review(review.verdict)),
            _ => None,
        }
    }
}

/// Reads documents once per blob, since a long history holds the same content many times.
pub(crate) struct Documents {
    reader: Reader,
    cache: HashMap<(Oid, Kind), Option<Fact>>,
}

impl Documents {
    pub(crate) fn new(reader: Reader) -> Self {
        Self { reader, cache: HashMap::new() }
    }

    /// Reads the fact of the document `path` holds as `blob`; `None` when the blob cannot be
    /// read as that kind of document.
    pub(crate) fn read(&mut self, repo: &Repository, path: &str, blob: Oid) -> Option<Fact> {
        let Place::Document { kind, .. } = registry::classify(path) else { return None };
        if let Some(cached) = self.cache.get(&(blob, kind)) {
            return cached.clone();
        }
        let typed = match repo.blob(blob) {
            Ok(bytes) => (self.reader)(path, &bytes).and_then(Fact::of),
            Err(error) => {
                // The command stops on this after compute: states computed without the
                // document would be made up.
                tracing::debug!(%error, path, "found an unreadable blob");
                crate::integrity::record(blob, path, &error_chain(&error));
                None
            }
        };
        self.cache.insert((blob, kind), typed.clone());
        typed
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
