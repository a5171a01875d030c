//! Posting one run's plan: the review with its inline comments, resolved marks, the
//! summary, the state label and reviewer requests, surviving the faults GitHub answers
//! with. Sending each request is left to `github`.

use std::collections::BTreeSet;

use crate::comment::{Finding, Messages, Plan, State, markers};
use crate::github::{GitHub, GitHubError, InlineComment, StoredComment, SummaryAction};

/// Says what a publish run delivered.
#[derive(Debug, Default)]
pub struct Delivery {
    /// What happened to the summary, when it got through.
    pub summary: Option<SummaryAction>,
    /// Whether GitHub refused a write for lack of permission (a read-only token).
    pub read_only: bool,
    /// Inline comments posted this run.
    pub posted_inline: usize,
    /// Fingerprints whose inline comment GitHub rejected: they go to the summary.
    pub moved: BTreeSet<String>,
    /// Inline comments marked resolved.
    pub resolved: usize,
    /// Inline comments marked outdated: their review no longer holds.
    pub outdated: usize,
    /// Failures that did not stop the run, worded for stderr.
    pub problems: Vec<String>,
    /// The error that kept the summary from being posted, other than permission.
    pub failure: Option<String>,
}

/// Names the pull request a run posts to.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Its number.
    pub number: u64,
    /// The head commit inline comments attach to.
    pub head: &'a str,
}

/// Posts the review: new inline findings in one review, then resolved marks.
pub async fn publish_review(
    github: &mut GitHub,
    target: Target<'_>,
    plan: &Plan,
    messages: &Messages,
    delivery: &mut Delivery,
) -> Result<(), GitHubError> {
    let existing = github.review_comments(target.number).await?;
    let open = |comment: &&StoredComment| is_open(&comment.body);
    let posted: BTreeSet<&str> =
        existing.iter().filter(open).filter_map(|c| markers::read_finding(&c.body)).collect();
    let fresh: Vec<&Finding> = plan
        .findings
        .iter()
        .filter(|finding| finding.in_diff && !posted.contains(finding.fingerprint.as_str()))
        .collect();
    if !fresh.is_empty() {
        post_inline(github, target, &fresh, messages, delivery).await?;
    }

    let current: BTreeSet<&str> = plan.findings.iter().map(|f| f.fingerprint.as_str()).collect();
    for comment in existing.iter().filter(open) {
        let Some(fingerprint) = markers::read_finding(&comment.body) else { continue };
        if current.contains(fingerprint) {
            continue;
        }
        // A defect of a review that no longer holds was not fixed, only set aside.
        let outdated = plan.withheld.contains(fingerprint);
        let mark = if outdated { messages.outdated } else { messages.resolved };
        let body = format!("{mark}\n\n{}", comment.body);
        github.update_review_comment(comment.id, &body).await?;
        if outdated {
            delivery.outdated += 1;
        } else {
            delivery.resolved += 1;
        }
    }
    Ok(())
}

/// Says whether an inline comment is still open: no run marked it resolved or outdated,
/// in either language (the registry's language may have changed since).
fn is_open(body: &str) -> bool {
    let closed = crate::comment::ALL_MESSAGES
        .iter()
        .any(|messages| body.starts_with(messages.resolved) || body.starts_with(messages.outdated));
    !closed
}

async fn post_inline(
    github: &mut GitHub,
    target: Target<'_>,
    fresh: &[&Finding],
    messages: &Messages,
    delivery: &mut Delivery,
) -> Result<(), GitHubError> {
    let comments: Vec<InlineComment> = fresh
        .iter()
        .filter_map(|finding| {
            Some(InlineComment {
                path: finding.path.clone(),
                line: finding.line?,
                body: finding.inline_body(),
            })
        })
        .collect();
    match github.post_review(target.number, target.head, messages.review_body, &comments).await {
        Ok(()) => {
            delivery.posted_inline += comments.len();
            return Ok(());
        }
        Err(GitHubError::Unprocessable { message, .. }) => {
            tracing::warn!(%message, "the review was rejected; posting its comments one by one");
        }
        Err(error) => return Err(error),
    }
    // GitHub rejects a whole review when one comment is off the diff: post each on its own,
    // and move the ones it still rejects to the summary.
    for (finding, comment) in fresh.iter().zip(&comments) {
        match github.post_review_comment(target.number, target.head, comment).await {
            Ok(()) => delivery.posted_inline += 1,
            Err(GitHubError::Unprocessable { .. }) => {
                delivery.moved.insert(finding.fingerprint.clone());
            }
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Returns the findings the summary lists: those outside the diff and those GitHub
/// rejected inline.
pub fn summary_findings<'a>(plan: &'a Plan, delivery: &Delivery) -> Vec<&'a Finding> {
    plan.findings
        .iter()
        .filter(|finding| !finding.in_diff || delivery.moved.contains(&finding.fingerprint))
        .collect()
}

/// Finds and upserts the summary comment.
pub async fn publish_summary(
    github: &mut GitHub,
    number: u64,
    state: State,
    body: &str,
) -> Result<SummaryAction, GitHubError> {
    let existing = github.find_summary(number, markers::SUMMARY).await?;
    let verdict = markers::verdict(state.key());
    github.upsert_summary(number, existing.as_ref(), &verdict, body).await
}

/// Sets the state label and, for a change that adds or edits rollouts with nobody
/// requested yet, requests reviewers.
pub async fn publish_state(
    github: &mut GitHub,
    number: u64,
    state: State,
    reviewers: &[String],
) -> Result<Vec<String>, GitHubError> {
    github.set_state_label(number, state.label(), &crate::comment::STATE_LABELS).await?;
    if reviewers.is_empty() || !github.requested_reviewers(number).await?.is_empty() {
        return Ok(Vec::new());
    }
    github.request_reviewers(number, reviewers).await?;
    Ok(reviewers.to_vec())
}
