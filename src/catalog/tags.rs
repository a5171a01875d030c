//! Annotated tags for rollouts that have been live: `rollout/<partner>/<app>/<id>` on the
//! commit that landed each, with that commit's committer as tagger, so the same history
//! always gives the same tag objects; existing tags are left alone.

use crate::catalog::Landed;
use crate::history::{HistoryError, Repository};

/// Says what happened to each rollout's tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagOutcome {
    /// The tag was created.
    Created(String),
    /// The tag existed already.
    Existing(String),
}

/// Returns the tag name of a rollout.
pub fn tag_name(landed: &Landed) -> String {
    format!("rollout/{}/{}/{}", landed.partner, landed.app, landed.id)
}

/// Creates the missing tags of every rollout that has been live, in landing order.
pub fn tag_live_rollouts(
    repository: &Repository,
    landed: &[Landed],
) -> Result<Vec<TagOutcome>, HistoryError> {
    let repo = repository.git();
    let mut outcomes = Vec::new();
    for rollout in landed {
        let name = tag_name(rollout);
        if repo.refname_to_id(&format!("refs/tags/{name}")).is_ok() {
            outcomes.push(TagOutcome::Existing(name));
            continue;
        }
        let git = |action: String| move |source| HistoryError::Git { action, source };
        let commit = repo
            .find_commit(rollout.provenance.commit)
            .map_err(git(format!("read commit `{}`", rollout.provenance.commit)))?;
        let tagger = commit.committer().to_owned();
        repo.tag(&name, commit.as_object(), &tagger, &message(rollout), false)
            .map_err(git(format!("create tag `{name}`")))?;
        outcomes.push(TagOutcome::Created(name));
    }
    Ok(outcomes)
}

fn message(landed: &Landed) -> String {
    let mut parts = Vec::new();
    if let Some(rollout) = &landed.rollout {
        if rollout.info.is_some() {
            parts.push("app info".to_owned());
        }
        for (name, build) in [("Android", &rollout.android), ("iOS", &rollout.ios)] {
            if let Some(build) = build {
                parts.push(format!("{name} {} (build {})", build.version, build.build));
            }
        }
        if rollout.webview.is_some() {
            parts.push("webview links".to_owned());
        }
    }
    let carried = if parts.is_empty() { String::new() } else { format!(": {}", parts.join(", ")) };
    format!("Rollout {}/{} {} live{carried}\n", landed.partner, landed.app, landed.id)
}
