//! Where each rollout the change adds or edits stands with its review, and the
//! findings that follow: missing, stale, changes requested, or approved by its author.

use crate::diagnostic::Diagnostic;
use crate::gate::authorship::{self, Currency};
use crate::gate::{ChangeStatus, Context, ownership, short};
use crate::history::Repository;
use crate::model::ReviewVerdict;
use crate::registry::{self, Kind, Place};
use crate::validate::Typed;

/// Says where a rollout the change adds or edits stands with its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Approval {
    /// A current review approves it.
    Approved,
    /// Its current review requests changes.
    ChangesRequested,
    /// Its review was written for other content.
    Stale,
    /// It has no review.
    Missing,
}

/// Describes one rollout the change adds or edits.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RolloutOutcome {
    /// Path of the rollout file.
    pub path: String,
    /// Where it stands with its review.
    pub approval: Approval,
}

/// Judges every rollout the change adds or edits against its review.
pub(super) fn approvals(
    repository: &Repository,
    context: &Context<'_>,
) -> Result<(Vec<RolloutOutcome>, Vec<Diagnostic>), git2::Error> {
    let change = context.change;
    let mut outcomes = Vec::new();
    let mut findings = Vec::new();
    for file in &change.files {
        if file.status == ChangeStatus::Deleted {
            continue;
        }
        let Place::Document { kind: Kind::RolloutRequest, ids } = registry::classify(&file.path)
        else {
            continue;
        };
        let (Some(partner), Some(app), Some(id)) = (ids.partner, ids.app, ids.rollout) else {
            continue;
        };
        let review_path = registry::review_path(&partner, &app, &id);
        let review = match ownership::typed(&change.head_snapshot, &review_path) {
            Some(Typed::Review(review)) => Some(review),
            _ => None,
        };
        let approval = match &review {
            None => Approval::Missing,
            Some(review) => {
                match authorship::review_currency(
                    repository,
                    change.head,
                    &review_path,
                    &file.path,
                )? {
                    Currency::Stale => Approval::Stale,
                    Currency::Current if review.verdict == ReviewVerdict::Approved => {
                        Approval::Approved
                    }
                    Currency::Current => Approval::ChangesRequested,
                }
            }
        };
        findings.extend(approval_finding(&file.path, &review_path, approval));
        if let Some(review) = review.filter(|_| approval == Approval::Approved) {
            findings.extend(self_approval_finding(context, &file.path, &review_path, &review));
        }
        outcomes.push(RolloutOutcome { path: file.path.clone(), approval });
    }
    Ok((outcomes, findings))
}

fn approval_finding(path: &str, review_path: &str, approval: Approval) -> Option<Diagnostic> {
    let (code, message, help) = match approval {
        Approval::Approved => return None,
        Approval::Missing => (
            "gate-approval-missing",
            format!("`{path}` waits for a MoMo review"),
            format!("a reviewer approves it by adding `{review_path}`"),
        ),
        Approval::Stale => (
            "gate-approval-stale",
            format!("`{path}` changed after its review in `{review_path}`"),
            "the review covers other content; a reviewer must review the new content".to_owned(),
        ),
        Approval::ChangesRequested => (
            "gate-changes-requested",
            format!("the review of `{path}` requests changes"),
            format!("fix the defects listed in `{review_path}`, then ask for a new review"),
        ),
    };
    Some(Diagnostic::warning(code, path, message).with_help(help))
}

fn self_approval_finding(
    context: &Context<'_>,
    rollout_path: &str,
    review_path: &str,
    review: &crate::model::Review,
) -> Option<Diagnostic> {
    let author = context.authorship.last_change(rollout_path)?;
    if !author.login.eq_ignore_ascii_case(&review.reviewer) {
        return None;
    }
    Some(
        Diagnostic::error(
            "gate-self-approval",
            review_path,
            format!(
                "`{}` approved `{rollout_path}`, whose content they authored in commit `{}`",
                review.reviewer,
                short(author.id)
            ),
        )
        .with_pointer("/reviewer")
        .with_help("another reviewer must review this rollout"),
    )
}
