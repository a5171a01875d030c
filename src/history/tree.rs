//! Turns a git tree into a registry `Snapshot`: regular files keep their bytes and
//! symbolic links their targets; submodules and files outside the registry are skipped.
//! Also compares two trees file by file for the history walk.

use std::cmp::Ordering;

use git2::{ObjectType, TreeWalkMode, TreeWalkResult};

use crate::history::raw::{self, EntryKind, Tree, Trees};
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

/// Lists the files that differ between two root trees under `prefix`, limited to the
/// tracked top-level names. Identical subtrees are skipped by id, and the entries of two
/// trees are walked side by side in git's order without copying them, so the cost follows
/// the size of the change and the width of the folders on its path, not the size of the
/// registry (libgit2's pathspec diff walks it all).
pub(super) fn changes(
    repo: &git2::Repository,
    trees: &Trees,
    old: Option<git2::Oid>,
    new: git2::Oid,
    prefix: &str,
    tracked: &[&str],
) -> Result<Vec<FileChange>, HistoryError> {
    let reader = Reader { repo, trees };
    let old = match old {
        Some(old) => reader.folder(old, prefix)?,
        None => None,
    };
    let new = reader.folder(new, prefix)?;
    let mut changes = Vec::new();
    for name in tracked {
        let side = |tree: &Option<Tree>| -> Result<Side, HistoryError> {
            let Some(tree) = tree else { return Ok(None) };
            Ok(tree.get(name.as_bytes())?.map(|entry| side_of(&entry)))
        };
        reader.compare(name, side(&old)?, side(&new)?, &mut changes)?;
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

/// Returns the blob id at `path` (`/`-separated, from the root tree), `None` when the path
/// is absent or names a folder.
pub(super) fn blob_at(
    repo: &git2::Repository,
    trees: &Trees,
    root: git2::Oid,
    path: &str,
) -> Result<Option<git2::Oid>, HistoryError> {
    let reader = Reader { repo, trees };
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let Some(tree) = reader.folder(root, folder)? else { return Ok(None) };
    Ok(tree.find(name.as_bytes(), false)?.map(|entry| entry.id()))
}

/// One side of a comparison: a blob or a tree, by id.
type Side = Option<(bool, git2::Oid)>;

fn side_of(entry: &raw::Entry<'_>) -> (bool, git2::Oid) {
    (entry.kind == EntryKind::Tree, entry.id())
}

struct Reader<'a> {
    repo: &'a git2::Repository,
    trees: &'a Trees,
}

impl Reader<'_> {
    fn tree(&self, id: git2::Oid) -> Result<Tree, HistoryError> {
        self.trees.read(self.repo, id)
    }

    /// Follows `folder` (`/`-separated, empty or with a trailing `/` allowed) from `root`.
    fn folder(&self, root: git2::Oid, folder: &str) -> Result<Option<Tree>, HistoryError> {
        let mut tree = self.tree(root)?;
        for name in folder.split('/').filter(|name| !name.is_empty()) {
            let Some(entry) = tree.find(name.as_bytes(), true)? else { return Ok(None) };
            let next = entry.id();
            tree = self.tree(next)?;
        }
        Ok(Some(tree))
    }

    fn compare(
        &self,
        path: &str,
        before: Side,
        after: Side,
        changes: &mut Vec<FileChange>,
    ) -> Result<(), HistoryError> {
        if before == after {
            return Ok(());
        }
        let blob = |side: Side| side.filter(|(folder, _)| !folder).map(|(_, id)| id);
        let tree = |side: Side| side.filter(|(folder, _)| *folder).map(|(_, id)| id);
        let (before_blob, after_blob) = (blob(before), blob(after));
        if before_blob.is_some() || after_blob.is_some() {
            changes.push(FileChange {
                path: path.to_owned(),
                before: before_blob,
                after: after_blob,
            });
        }
        let old = tree(before).map(|id| self.tree(id)).transpose()?;
        let new = tree(after).map(|id| self.tree(id)).transpose()?;
        if old.is_none() && new.is_none() {
            return Ok(());
        }
        let mut old = old.iter().flat_map(Tree::entries).peekable();
        let mut new = new.iter().flat_map(Tree::entries).peekable();
        loop {
            let order = match (old.peek(), new.peek()) {
                (None, None) => break,
                (Some(Err(_)), _) | (_, Some(Err(_))) => Ordering::Equal,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(Ok(one)), Some(Ok(two))) if one == two => {
                    // The same name, kind and id: most entries of a wide folder.
                    old.next();
                    new.next();
                    continue;
                }
                (Some(Ok(one)), Some(Ok(two))) => git_order(one, two),
            };
            let (one, two) = match order {
                Ordering::Less => (old.next().transpose()?, None),
                Ordering::Greater => (None, new.next().transpose()?),
                Ordering::Equal => (old.next().transpose()?, new.next().transpose()?),
            };
            let (before, after) = (one.as_ref().map(side_of), two.as_ref().map(side_of));
            if before == after {
                continue;
            }
            let Some(entry) = one.or(two) else { continue };
            let Ok(name) = std::str::from_utf8(entry.name) else { continue };
            self.compare(&format!("{path}/{name}"), before, after, changes)?;
        }
        Ok(())
    }
}

/// Orders tree entries as git sorts them: by name, a folder's name as if it ended in `/`.
fn git_order(one: &raw::Entry<'_>, two: &raw::Entry<'_>) -> Ordering {
    raw::git_order((one.name, one.kind == EntryKind::Tree), (two.name, two.kind == EntryKind::Tree))
}
