//! Lifecycle states computed from history: the states of partners, mini apps and rollout
//! requests, the rules that move them, and the integrity findings. Reading git is left to
//! `history`, printing to `render::status`; the rules are described in `docs/lifecycle.md`.

mod branches;
mod cache;
mod documents;
mod replay;
mod report;

use std::fmt;
use std::sync::Arc;

use git2::Oid;
use serde::Serialize;
use time::OffsetDateTime;

use crate::diagnostic::{CodeInfo, Diagnostic, Severity};
use crate::history::Person;
use crate::model::{CooperationStatus, ReviewVerdict, VerificationDecision};
use crate::validate::Typed;

pub use report::{LifecycleError, Options, Report, compute, compute_cached, parse_offset};

/// Code of a rollout on the production branch without a current approving review.
pub const UNAPPROVED_ON_PRODUCTION: &str = "lifecycle-unapproved-on-production";

/// Codes the lifecycle reports.
pub const CODES: &[CodeInfo] = &[CodeInfo {
    code: UNAPPROVED_ON_PRODUCTION,
    severity: Severity::Error,
    summary: "a rollout is on the production branch without a review approving its exact content",
}];

/// Reads one document's bytes into the typed model; `validate::read_typed` in the binary.
pub type Reader = fn(&str, &[u8]) -> Option<Typed>;

/// Names the kind of item a state belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A partner.
    Partner,
    /// A mini app.
    App,
    /// A rollout request.
    Rollout,
}

impl ItemKind {
    /// Returns the lowercase name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Partner => "partner",
            ItemKind::App => "app",
            ItemKind::Rollout => "rollout",
        }
    }
}

/// Identifies an item: `acme`, `acme/shop` or `acme/shop/rollouts/2.1.0`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemId {
    /// A partner by slug.
    Partner(String),
    /// A mini app by partner and app slug.
    App(String, String),
    /// A rollout by partner, app and rollout id.
    Rollout(String, String, String),
}

impl ItemId {
    /// Returns the kind of item.
    pub fn kind(&self) -> ItemKind {
        match self {
            ItemId::Partner(_) => ItemKind::Partner,
            ItemId::App(..) => ItemKind::App,
            ItemId::Rollout(..) => ItemKind::Rollout,
        }
    }

    /// Parses `acme`, `acme/shop`, `acme/shop/rollouts/2.1.0` or `acme/shop/2.1.0`.
    pub fn parse(text: &str) -> Option<ItemId> {
        let segments: Vec<&str> = text.trim_matches('/').split('/').collect();
        let slug = |segment: &str| crate::registry::is_slug(segment);
        let rollout = |segment: &str| crate::registry::is_rollout_id(segment);
        match segments.as_slice() {
            [partner] if slug(partner) => Some(ItemId::Partner((*partner).to_owned())),
            [partner, app] if slug(partner) && slug(app) => {
                Some(ItemId::App((*partner).to_owned(), (*app).to_owned()))
            }
            [partner, app, "rollouts", id] | [partner, app, id]
                if slug(partner) && slug(app) && rollout(id) =>
            {
                Some(ItemId::Rollout((*partner).to_owned(), (*app).to_owned(), (*id).to_owned()))
            }
            _ => None,
        }
    }

    /// Says whether this item is `other` or lies inside it (an app inside its partner).
    pub fn is_within(&self, other: &ItemId) -> bool {
        let mine = self.to_string();
        let theirs = other.to_string();
        mine == theirs || mine.starts_with(&format!("{theirs}/"))
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemId::Partner(partner) => write!(f, "{partner}"),
            ItemId::App(partner, app) => write!(f, "{partner}/{app}"),
            ItemId::Rollout(partner, app, id) => write!(f, "{partner}/{app}/rollouts/{id}"),
        }
    }
}

/// Names a lifecycle state; `live` is shared by apps and rollouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Partner: waiting for MoMo's verification.
    PendingVerification,
    /// Partner: verified by MoMo.
    Verified,
    /// Partner: refused by MoMo.
    Rejected,
    /// App: registered on the production branch, waiting for MoMo's contact.
    Requested,
    /// App: cooperation in progress.
    Cooperating,
    /// App: cooperation completed, AppId assigned.
    Development,
    /// App: its first rollout is open.
    InReview,
    /// App or rollout: in production.
    Live,
    /// App: live, with a later rollout open.
    Updating,
    /// App: MoMo declined cooperation.
    Declined,
    /// Rollout: no review of it yet.
    Submitted,
    /// Rollout: the current review lists defects.
    ChangesRequested,
    /// Rollout: changed since its last review.
    Resubmitted,
    /// Rollout: the current review approves it.
    Approved,
    /// Rollout: newer live rollouts cover all its parts.
    Superseded,
    /// Rollout: removed before it was ever live.
    Cancelled,
}

impl State {
    /// Returns the kebab-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            State::PendingVerification => "pending-verification",
            State::Verified => "verified",
            State::Rejected => "rejected",
            State::Requested => "requested",
            State::Cooperating => "cooperating",
            State::Development => "development",
            State::InReview => "in-review",
            State::Live => "live",
            State::Updating => "updating",
            State::Declined => "declined",
            State::Submitted => "submitted",
            State::ChangesRequested => "changes-requested",
            State::Resubmitted => "resubmitted",
            State::Approved => "approved",
            State::Superseded => "superseded",
            State::Cancelled => "cancelled",
        }
    }

    /// Says whether a rollout in this state is still open: neither live, superseded nor
    /// cancelled.
    pub fn is_open_rollout(self) -> bool {
        matches!(
            self,
            State::Submitted | State::ChangesRequested | State::Resubmitted | State::Approved
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Records what moved an item into a state: the commit, its time, its author and the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The commit; on the production branch, the first-parent commit that landed the change.
    pub commit: Oid,
    /// Its committer time.
    pub time: OffsetDateTime,
    /// Its author, shared with the other records of the commit.
    pub author: Arc<Person>,
    /// The registry file whose change moved the item.
    pub file: Arc<str>,
}

/// Records one entry into a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The state entered.
    pub state: State,
    /// What moved the item there.
    pub provenance: Provenance,
}

/// Holds an item's computed lifecycle: its state, timeline and what is wrong with it.
#[derive(Debug, Clone)]
pub struct Item {
    /// Which item.
    pub id: ItemId,
    /// Every state it entered, oldest first; never empty.
    pub timeline: Vec<Transition>,
    /// Review rounds: how often the rollout changed after a review of it.
    pub revisions: u32,
    /// The branch it is open on; `None` on the production branch.
    pub branch: Option<String>,
    /// Whether it has been in its state longer than the registry allows.
    pub overdue: bool,
    /// Integrity findings about it.
    pub findings: Vec<Diagnostic>,
}

impl Item {
    /// Returns the transition into the current state.
    pub fn current(&self) -> &Transition {
        self.timeline.last().expect("an item is only built with at least one transition")
    }

    /// Returns the current state.
    pub fn state(&self) -> State {
        self.current().state
    }
}

/// Says where a rollout's review stands against the rollout's present content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStanding {
    /// No readable review file.
    Missing,
    /// A non-merge commit set the review to its present content while the rollout had its
    /// present content.
    Current(ReviewVerdict),
    /// The review was written for other content of the rollout.
    Stale,
}

/// Returns a rollout's state, before it lands, from where its review stands.
pub fn review_state(standing: ReviewStanding) -> State {
    match standing {
        ReviewStanding::Missing => State::Submitted,
        ReviewStanding::Current(ReviewVerdict::Approved) => State::Approved,
        ReviewStanding::Current(ReviewVerdict::ChangesRequested) => State::ChangesRequested,
        ReviewStanding::Stale => State::Resubmitted,
    }
}

/// Returns a mini app's state from its cooperation and its rollouts.
pub fn app_state(cooperation: Option<CooperationStatus>, has_live: bool, has_open: bool) -> State {
    match cooperation {
        Some(CooperationStatus::Declined) => State::Declined,
        _ if has_live && has_open => State::Updating,
        _ if has_live => State::Live,
        Some(CooperationStatus::Completed) if has_open => State::InReview,
        Some(CooperationStatus::Completed) => State::Development,
        Some(CooperationStatus::InProgress) => State::Cooperating,
        None => State::Requested,
    }
}

/// Returns a partner's state from its verification decision.
pub fn partner_state(decision: Option<VerificationDecision>) -> State {
    match decision {
        None => State::PendingVerification,
        Some(VerificationDecision::Verified) => State::Verified,
        Some(VerificationDecision::Rejected) => State::Rejected,
    }
}

#[cfg(test)]
mod tests;
