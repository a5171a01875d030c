//! Who wrote each part of a change: every non-merge commit between the merge base and
//! the head, attributed to a registry account by its author email.
//!
//! GitHub does not vouch for a commit's author, so this attribution is only as strong
//! as the repository's branch protection (signed commits); docs/gate.md says so.

use std::collections::{BTreeMap, BTreeSet};

use git2::Oid;

use crate::gate::change::registry_path;
use crate::gate::ownership::Roles;
use crate::history::Repository;

/// Describes one commit of the change.
#[derive(Debug, Clone)]
pub struct ChangeCommit {
    /// The commit id.
    pub id: Oid,
    /// The login it is attributed to: the account whose email is the author's, else the actor.
    pub login: String,
    /// Paths it changed against its parent.
    pub paths: BTreeSet<String>,
}

/// Holds the change's commits, newest first, and who touched each path.
#[derive(Debug, Clone, Default)]
pub struct Authorship {
    /// Commits from the head back to the merge base, merges excluded.
    pub commits: Vec<ChangeCommit>,
    touched_by: BTreeMap<String, BTreeSet<String>>,
}

impl Authorship {
    /// Reads the commits between `merge_base` and `head`.
    pub fn read(
        repository: &Repository,
        merge_base: Oid,
        head: Oid,
        roles: &Roles,
        actor: &str,
    ) -> Result<Self, git2::Error> {
        let git = repository.git();
        let mut walk = git.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL)?;
        walk.push(head)?;
        walk.hide(merge_base)?;

        let mut authorship = Authorship::default();
        for id in walk {
            let id = id?;
            let commit = git.find_commit(id)?;
            if commit.parent_count() > 1 {
                continue;
            }
            let author = commit.author();
            let email = author.email().unwrap_or_default();
            let login = match roles.login_for_email(email) {
                Some(login) => login.to_owned(),
                None => {
                    tracing::debug!(%id, email, actor, "author email unknown: attributed to the actor");
                    actor.to_owned()
                }
            };
            let parent_tree = match commit.parent(0) {
                Ok(parent) => Some(parent.tree()?),
                Err(_) => None,
            };
            let diff = git.diff_tree_to_tree(parent_tree.as_ref(), Some(&commit.tree()?), None)?;
            let mut paths = BTreeSet::new();
            for delta in diff.deltas() {
                for file in [delta.old_file(), delta.new_file()] {
                    if let Some(path) = file.path() {
                        paths.insert(registry_path(repository, path));
                    }
                }
            }
            for path in &paths {
                authorship.touched_by.entry(path.clone()).or_default().insert(login.clone());
            }
            authorship.commits.push(ChangeCommit { id, login, paths });
        }
        Ok(authorship)
    }

    /// Returns the newest commit of the change that changed a path: who last set it.
    pub fn last_change(&self, path: &str) -> Option<&ChangeCommit> {
        self.commits.iter().find(|commit| commit.paths.contains(path))
    }

    /// Returns the logins that changed a path; the actor when only merges touched it.
    pub fn logins_for(&self, path: &str, actor: &str) -> BTreeSet<String> {
        match self.touched_by.get(path) {
            Some(logins) if !logins.is_empty() => logins.clone(),
            _ => BTreeSet::from([actor.to_owned()]),
        }
    }
}

/// Says how a review stands against the rollout's present content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    /// A non-merge commit set the review to its present content while the rollout had its
    /// present content.
    Current,
    /// The review exists but was written for other rollout content.
    Stale,
}

/// Judges whether the review at `review_path` is current for the rollout at `rollout_path`,
/// walking every commit reachable from `head`.
pub fn review_currency(
    repository: &Repository,
    head: Oid,
    review_path: &str,
    rollout_path: &str,
) -> Result<Currency, git2::Error> {
    let git = repository.git();
    let (review_path, rollout_path) =
        (repository.repository_path(review_path), repository.repository_path(rollout_path));
    let (review_path, rollout_path) = (review_path.as_str(), rollout_path.as_str());
    let head_tree = git.find_commit(head)?.tree()?;
    let blob_at = |tree: &git2::Tree<'_>, path: &str| -> Option<Oid> {
        tree.get_path(std::path::Path::new(path)).ok().map(|entry| entry.id())
    };
    let (Some(review_now), Some(rollout_now)) =
        (blob_at(&head_tree, review_path), blob_at(&head_tree, rollout_path))
    else {
        return Ok(Currency::Stale);
    };

    let mut walk = git.revwalk()?;
    walk.push(head)?;
    for id in walk {
        let commit = git.find_commit(id?)?;
        if commit.parent_count() > 1 {
            continue;
        }
        let tree = commit.tree()?;
        if blob_at(&tree, review_path) != Some(review_now)
            || blob_at(&tree, rollout_path) != Some(rollout_now)
        {
            continue;
        }
        let before = match commit.parent(0) {
            Ok(parent) => blob_at(&parent.tree()?, review_path),
            Err(_) => None,
        };
        if before != Some(review_now) {
            return Ok(Currency::Current);
        }
    }
    Ok(Currency::Stale)
}
