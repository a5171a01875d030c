//! The pull-request gate: validates what a change touches and judges the change itself
//! (ownership read from the base, change rules, approvals) into a merge verdict.
//! Reading the change is in `change`, rights in `ownership`, commit authors in `authorship`.

mod approval;
mod authorship;
mod change;
mod ownership;
mod rules;

use std::collections::{BTreeMap, BTreeSet};

use git2::Oid;

pub use self::approval::{Approval, RolloutOutcome};
pub use self::change::{ChangeSet, ChangeStatus, FileChange};
pub use self::ownership::Owner;

use self::authorship::Authorship;
use self::ownership::Roles;
use crate::diagnostic::{self, CodeInfo, Diagnostic, Severity};
use crate::history::{HistoryError, Repository};
use crate::validate;

const fn code(code: &'static str, severity: Severity, summary: &'static str) -> CodeInfo {
    CodeInfo { code, severity, summary }
}

/// Codes the gate reports.
pub const CODES: &[CodeInfo] = &[
    code("gate-not-owner", Severity::Error, "the change edits a file its author may not change"),
    code(
        "gate-new-partner-maintainer",
        Severity::Error,
        "a new partner does not list the actor among its maintainers",
    ),
    code("gate-several-partners", Severity::Error, "the change touches more than one partner"),
    code("gate-app-id-changed", Severity::Error, "an AppId once assigned was changed or removed"),
    code("gate-renamed", Severity::Error, "a partner, app or rollout was renamed"),
    code("gate-removed", Severity::Error, "a partner or app file was removed"),
    code(
        "gate-live-rollout-changed",
        Severity::Error,
        "a rollout already on the production branch was edited or removed",
    ),
    code(
        "gate-app-not-ready",
        Severity::Error,
        "a rollout was added for an app that is not in development or live",
    ),
    code(
        "gate-open-rollout-exists",
        Severity::Error,
        "a second open rollout for the same app and platform",
    ),
    code(
        "gate-build-not-newer",
        Severity::Error,
        "a new rollout's build number is not above every earlier build of the app",
    ),
    code(
        "gate-self-approval",
        Severity::Error,
        "a reviewer approved rollout content they authored",
    ),
    code("gate-symlink-escapes", Severity::Error, "a symbolic link points outside the registry"),
    code(
        "gate-approval-missing",
        Severity::Warning,
        "a rollout the change adds or edits has no review yet",
    ),
    code(
        "gate-approval-stale",
        Severity::Warning,
        "the rollout changed after its review: the review is no longer current",
    ),
    code(
        "gate-changes-requested",
        Severity::Warning,
        "the rollout's current review requests changes",
    ),
];

/// Names what a pull request asks the gate about.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The target branch's revision.
    pub base: &'a str,
    /// The pull request's head revision.
    pub head: &'a str,
    /// The GitHub login that opened or pushed the pull request.
    pub actor: &'a str,
}

/// Holds the gate's verdict and its reasons.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Whether the pull request may merge.
    pub mergeable: bool,
    /// Every reason, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Source texts of the head's files, for snippets.
    pub sources: BTreeMap<String, String>,
    /// The rollouts the change adds or edits.
    pub rollouts: Vec<RolloutOutcome>,
    /// The partners the change touches.
    pub partners: BTreeSet<String>,
    /// The change itself.
    pub change: ChangeSet,
}

/// Reports a failure to judge a change.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    /// The repository is a shallow clone: merge base, authors and approvals would be read
    /// from a history cut short.
    #[error("the repository is a shallow clone, so the change's history is incomplete")]
    Shallow,
    /// A revision or the registry at a revision could not be read.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// Base and head share no history.
    #[error("`{base}` and `{head}` have no common ancestor")]
    NoMergeBase {
        /// Base revision.
        base: String,
        /// Head revision.
        head: String,
    },
    /// Reading the commits or the diff of the change failed.
    #[error("failed to read the commits of the change")]
    Git(#[source] git2::Error),
}

/// Judges a pull request's change; a shallow clone is refused, as its history is cut short.
pub fn check(repository: &Repository, request: &Request<'_>) -> Result<Outcome, GateError> {
    if repository.is_shallow() {
        return Err(GateError::Shallow);
    }
    let change = ChangeSet::compute(repository, request.base, request.head)?;
    let roles = Roles::read(&change.base_snapshot);
    let authorship =
        Authorship::read(repository, change.merge_base, change.head, &roles, request.actor)
            .map_err(GateError::Git)?;
    tracing::debug!(
        files = change.files.len(),
        commits = authorship.commits.len(),
        "read the change"
    );

    let validation = validate::validate(&change.head_snapshot);
    let context = Context { change: &change, roles: &roles, authorship: &authorship, request };
    let mut diagnostics = scoped_findings(&change, validation.diagnostics);
    diagnostics.extend(ownership_findings(&context));
    diagnostics.extend(rules::change_findings(&context, &validation.loaded));
    let (rollouts, approval_findings) =
        approval::approvals(repository, &context).map_err(GateError::Git)?;
    diagnostics.extend(approval_findings);
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();

    let blocking = diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error);
    let approved = rollouts.iter().all(|rollout| rollout.approval == Approval::Approved);
    Ok(Outcome {
        mergeable: !blocking && approved,
        diagnostics,
        sources: validation.sources,
        rollouts,
        partners: touched_partners(&change),
        change,
    })
}

/// Bundles what every gate rule reads.
struct Context<'a> {
    change: &'a ChangeSet,
    roles: &'a Roles,
    authorship: &'a Authorship,
    request: &'a Request<'a>,
}

/// Keeps the validation findings the change is answerable for: those in the files it
/// touches and in the items around them (the same app, the same partner), or all of
/// them when it touches the registry's own files.
fn scoped_findings(change: &ChangeSet, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let scopes: Vec<String> = change.files.iter().map(|file| scope_of(&file.path)).collect();
    if scopes.iter().any(String::is_empty) {
        return findings;
    }
    findings
        .into_iter()
        .filter(|finding| scopes.iter().any(|scope| finding.path.starts_with(scope.as_str())))
        .collect()
}

/// Returns the path prefix of the item a file belongs to; empty for registry-wide files.
fn scope_of(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    match segments.as_slice() {
        ["partners", partner, "apps", app, ..] => format!("partners/{partner}/apps/{app}/"),
        ["partners", partner, ..] => format!("partners/{partner}/"),
        ["registry.yaml" | "defects.yaml"] => String::new(),
        _ => path.to_owned(),
    }
}

fn touched_partners(change: &ChangeSet) -> BTreeSet<String> {
    change
        .files
        .iter()
        .filter_map(|file| match file.path.split('/').collect::<Vec<_>>().as_slice() {
            ["partners", partner, _, ..] => Some((*partner).to_owned()),
            _ => None,
        })
        .collect()
}

fn ownership_findings(context: &Context<'_>) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let roles = context.roles;
    for file in &context.change.files {
        let owner = Owner::of(&file.path);
        for login in context.authorship.logins_for(&file.path, context.request.actor) {
            let allowed = match &owner {
                Owner::Admin => roles.is_admin(&login),
                Owner::Momo => roles.is_momo(&login),
                Owner::Partner(partner) => {
                    roles.is_admin(&login) || partner_allows(context, partner, &login)
                }
            };
            if !allowed {
                findings.push(
                    Diagnostic::error(
                        "gate-not-owner",
                        &file.path,
                        format!("`{login}` may not change `{}`", file.path),
                    )
                    .with_help(format!(
                        "only {} may change this file, as the base revision lists them",
                        owner.describe()
                    )),
                );
            }
        }
    }
    findings.extend(new_partner_findings(context));
    findings
}

/// A partner's maintainers as the base lists them; a partner new in this change is
/// judged by `new_partner_findings` instead.
fn partner_allows(context: &Context<'_>, partner: &str, login: &str) -> bool {
    match ownership::maintainers(&context.change.base_snapshot, partner) {
        Some(maintainers) => ownership::listed(&maintainers, login),
        None => ownership::maintainers(&context.change.head_snapshot, partner)
            .is_some_and(|maintainers| ownership::listed(&maintainers, login)),
    }
}

fn new_partner_findings(context: &Context<'_>) -> Vec<Diagnostic> {
    let actor = context.request.actor;
    let mut findings = Vec::new();
    for partner in touched_partners(context.change) {
        let path = format!("partners/{partner}/partner.yaml");
        let is_new = context.change.base_snapshot.get(&path).is_none();
        if !is_new || context.roles.is_admin(actor) {
            continue;
        }
        let lists_actor = ownership::maintainers(&context.change.head_snapshot, &partner)
            .is_some_and(|maintainers| ownership::listed(&maintainers, actor));
        if !lists_actor {
            findings.push(
                Diagnostic::error(
                    "gate-new-partner-maintainer",
                    &path,
                    format!(
                        "new partner `{partner}` does not list `{actor}` among its maintainers"
                    ),
                )
                .with_pointer("/maintainers")
                .with_help("add your GitHub login to `maintainers` in the new partner.yaml"),
            );
        }
    }
    findings
}

/// Returns a commit id's first 10 hex digits.
pub fn short(id: Oid) -> String {
    id.to_string().chars().take(10).collect()
}

#[cfg(test)]
mod tests;
