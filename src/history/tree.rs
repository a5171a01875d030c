//! Turns a git tree into a registry `Snapshot`: regular files keep their bytes and
//! symbolic links their targets; submodules and files outside the registry are skipped.
//! Also compares two trees file by file for the history walk.

use git2::{ObjectType, TreeWalkMode, TreeWalkResult};

use crate::history::{FileChange, HistoryError};
use crate::registry::{Entry, Snapshot};

/// Git's file mode of a symbolic link.
const SYMLINK_MODE: i32 = 0o120000;

/// Reads every blob of `tree` under `prefix` into a snapshot keyed by registry-relative path.
pub(super) fn snapshot(
    repo: &git2::Repository,
    tree: &git2::Tree<'_>,
    prefix: &str,
) -> Result<Snapshot, HistoryError> {
    let mut snapshot = Snapshot::new();
    let mut failure = None;
    let walked = tree.walk(TreeWalkMode::PreOrder, |parent, entry| {
        if entry.kind() != Some(ObjectType::Blob) {
            return TreeWalkResult::Ok;
        }
        let Ok(name) = entry.name() else { return TreeWalkResult::Ok };
        let full = format!("{parent}{name}");
        let Some(path) = full.strip_prefix(prefix) else { return TreeWalkResult::Ok };
        let blob = match repo.find_blob(entry.id()) {
            Ok(blob) => blob,
            Err(source) => {
                failure = Some(HistoryError::Git { action: format!("read `{full}`"), source });
                return TreeWalkResult::Abort;
            }
        };
        let content = blob.content();
        let item = if entry.filemode() == SYMLINK_MODE {
            Entry::Symlink(String::from_utf8_lossy(content).into_owned())
        } else {
            Entry::File(content.to_vec())
        };
        snapshot.insert(path.to_owned(), item);
        TreeWalkResult::Ok
    });
    if let Some(failure) = failure {
        return Err(failure);
    }
    walked.map_err(|source| HistoryError::Git { action: "walk a tree".to_owned(), source })?;
    Ok(snapshot)
}

/// Lists the files that differ between two trees under `prefix`, limited to the tracked
/// top-level names. Identical subtrees are skipped by id, so the cost follows the size of
/// the change rather than the size of the registry (libgit2's pathspec diff walks it all).
pub(super) fn changes(
    repo: &git2::Repository,
    old: Option<&git2::Tree<'_>>,
    new: &git2::Tree<'_>,
    prefix: &str,
    tracked: &[&str],
) -> Result<Vec<FileChange>, HistoryError> {
    let root = |tree: &git2::Tree<'_>| -> Option<git2::Oid> {
        if prefix.is_empty() {
            return Some(tree.id());
        }
        let entry = tree.get_path(std::path::Path::new(prefix.trim_end_matches('/'))).ok()?;
        (entry.kind() == Some(ObjectType::Tree)).then(|| entry.id())
    };
    let mut changes = Vec::new();
    let (old, new) = (old.and_then(root), root(new));
    let old = load(repo, old)?;
    let new = load(repo, new)?;
    for name in tracked {
        let (before, after) = (old.get(*name).copied(), new.get(*name).copied());
        compare(repo, name, before, after, &mut changes)?;
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

type Listing = std::collections::BTreeMap<String, (ObjectType, git2::Oid)>;

fn load(repo: &git2::Repository, tree: Option<git2::Oid>) -> Result<Listing, HistoryError> {
    let Some(id) = tree else { return Ok(Listing::new()) };
    let tree = repo
        .find_tree(id)
        .map_err(|source| HistoryError::Git { action: format!("read tree `{id}`"), source })?;
    Ok(tree
        .iter()
        .filter_map(|entry| {
            let kind =
                entry.kind().filter(|kind| matches!(kind, ObjectType::Tree | ObjectType::Blob))?;
            Some((entry.name().ok()?.to_owned(), (kind, entry.id())))
        })
        .collect())
}

fn compare(
    repo: &git2::Repository,
    path: &str,
    before: Option<(ObjectType, git2::Oid)>,
    after: Option<(ObjectType, git2::Oid)>,
    changes: &mut Vec<FileChange>,
) -> Result<(), HistoryError> {
    if before == after {
        return Ok(());
    }
    let blob = |side: Option<(ObjectType, git2::Oid)>| {
        side.filter(|(kind, _)| *kind == ObjectType::Blob).map(|(_, id)| id)
    };
    let tree = |side: Option<(ObjectType, git2::Oid)>| {
        side.filter(|(kind, _)| *kind == ObjectType::Tree).map(|(_, id)| id)
    };
    let (before_blob, after_blob) = (blob(before), blob(after));
    if before_blob.is_some() || after_blob.is_some() {
        changes.push(FileChange { path: path.to_owned(), before: before_blob, after: after_blob });
    }
    let (before_tree, after_tree) = (tree(before), tree(after));
    if before_tree.is_none() && after_tree.is_none() {
        return Ok(());
    }
    let old = load(repo, before_tree)?;
    let new = load(repo, after_tree)?;
    let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let (before, after) = (old.get(name).copied(), new.get(name).copied());
        compare(repo, &format!("{path}/{name}"), before, after, changes)?;
    }
    Ok(())
}
