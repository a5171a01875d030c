//! What `miniapp comment` posts on a pull request: the findings placed inline or in the
//! summary, the summary's body, fingerprints, diff hunks, reviewer choice and the
//! language table. Sending it is left to `github` and `commands::comment`.

mod hunks;
pub mod markers;
mod messages;
mod plan;
pub mod publish;
mod reviewers;
mod reviews;
mod summary;
mod timeline;

pub use self::hunks::Hunks;
pub use self::messages::ALL as ALL_MESSAGES;
pub use self::messages::{Messages, messages};
pub use self::plan::{Finding, Plan, Section};
pub use self::reviewers::pick_reviewers;
pub use self::summary::{MAX_BODY, Verdict, full_text, summary_body};
pub use self::timeline::lifecycle_timeline;

use crate::diagnostic::Severity;
use crate::gate::{Approval, Outcome};

/// Names the state a pull request is in, one label each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// A blocking finding: fix it before anything else.
    Blocked,
    /// A current review requests changes.
    ChangesRequested,
    /// A rollout has no current review.
    WaitingForReview,
    /// Mergeable.
    Approved,
}

/// Every state label, so setting one removes the others.
pub const STATE_LABELS: [&str; 4] = [
    "miniapp: blocked",
    "miniapp: changes-requested",
    "miniapp: waiting-for-review",
    "miniapp: approved",
];

impl State {
    /// Reads the state from the gate's outcome.
    pub fn of(outcome: &Outcome) -> Self {
        let approvals = || outcome.rollouts.iter().map(|rollout| rollout.approval);
        if outcome.diagnostics.iter().any(|d| d.severity == Severity::Error) {
            State::Blocked
        } else if approvals().any(|approval| approval == Approval::ChangesRequested) {
            State::ChangesRequested
        } else if !outcome.mergeable {
            State::WaitingForReview
        } else {
            State::Approved
        }
    }

    fn index(self) -> usize {
        match self {
            State::Blocked => 0,
            State::ChangesRequested => 1,
            State::WaitingForReview => 2,
            State::Approved => 3,
        }
    }

    /// Returns the state's label.
    pub fn label(self) -> &'static str {
        STATE_LABELS[self.index()]
    }

    /// Returns the state's key, as the verdict marker stores it.
    pub fn key(self) -> &'static str {
        self.label().trim_start_matches("miniapp: ")
    }

    /// Words the state in a language.
    pub fn words(self, messages: &Messages) -> &'static str {
        messages.states[self.index()]
    }
}
