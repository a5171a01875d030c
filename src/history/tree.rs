//! Turns a git tree into a registry `Snapshot`: regular files keep their bytes and
//! symbolic links their targets; submodules and files outside the registry are skipped.
//! Also compares two trees file by file for the history walk.

use std::cmp::Ordering;

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
/// top-level names. Identical subtrees are skipped by id, and the entries of two trees are
/// walked side by side in git's order without copying them, so the cost follows the size of
/// the change and the width of the folders on its path, not the size of the registry
/// (libgit2's pathspec diff walks it all).
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
    let old = find(repo, old.and_then(root))?;
    let new = find(repo, root(new))?;
    for name in tracked {
        let side = |tree: &Option<git2::Tree<'_>>| {
            tree.as_ref().and_then(|tree| tree.get_name(name).and_then(|entry| side_of(&entry)))
        };
        compare(repo, name, side(&old), side(&new), &mut changes)?;
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

/// One side of a comparison: a blob or a tree, by id.
type Side = Option<(ObjectType, git2::Oid)>;

fn side_of(entry: &git2::TreeEntry<'_>) -> Side {
    let kind = entry.kind().filter(|kind| matches!(kind, ObjectType::Tree | ObjectType::Blob))?;
    Some((kind, entry.id()))
}

fn find(
    repo: &git2::Repository,
    tree: Option<git2::Oid>,
) -> Result<Option<git2::Tree<'_>>, HistoryError> {
    let Some(id) = tree else { return Ok(None) };
    repo.find_tree(id)
        .map(Some)
        .map_err(|source| HistoryError::Git { action: format!("read tree `{id}`"), source })
}

fn compare(
    repo: &git2::Repository,
    path: &str,
    before: Side,
    after: Side,
    changes: &mut Vec<FileChange>,
) -> Result<(), HistoryError> {
    if before == after {
        return Ok(());
    }
    let blob = |side: Side| side.filter(|(kind, _)| *kind == ObjectType::Blob).map(|(_, id)| id);
    let tree = |side: Side| side.filter(|(kind, _)| *kind == ObjectType::Tree).map(|(_, id)| id);
    let (before_blob, after_blob) = (blob(before), blob(after));
    if before_blob.is_some() || after_blob.is_some() {
        changes.push(FileChange { path: path.to_owned(), before: before_blob, after: after_blob });
    }
    let (old, new) = (find(repo, tree(before))?, find(repo, tree(after))?);
    if old.is_none() && new.is_none() {
        return Ok(());
    }
    let mut old = old.iter().flat_map(|tree| tree.iter()).peekable();
    let mut new = new.iter().flat_map(|tree| tree.iter()).peekable();
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(one), Some(two)) => git_order(one, two),
        };
        let (one, two) = match order {
            Ordering::Less => (old.next(), None),
            Ordering::Greater => (None, new.next()),
            Ordering::Equal => (old.next(), new.next()),
        };
        let (before, after) = (one.as_ref().and_then(side_of), two.as_ref().and_then(side_of));
        if before == after {
            continue;
        }
        let Some(name) = one.as_ref().or(two.as_ref()).and_then(|entry| entry.name().ok()) else {
            continue;
        };
        compare(repo, &format!("{path}/{name}"), before, after, changes)?;
    }
    Ok(())
}

/// Orders tree entries as git sorts them: by name, a folder's name as if it ended in `/`.
fn git_order(one: &git2::TreeEntry<'_>, two: &git2::TreeEntry<'_>) -> Ordering {
    let key = |entry: &git2::TreeEntry<'_>| {
        let slash: &'static [u8] = if entry.kind() == Some(ObjectType::Tree) { b"/" } else { b"" };
        entry.name_bytes().to_owned().into_iter().chain(slash.iter().copied())
    };
    if one.name_bytes() == two.name_bytes() && one.kind() == two.kind() {
        return Ordering::Equal;
    }
    key(one).cmp(key(two))
}
