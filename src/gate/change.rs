//! The change a pull request makes: the files that differ between the merge base of
//! base and head and the head, read with git2. Judging them is left to the gate's rules.

use git2::{Delta, DiffFindOptions, Oid};

use crate::gate::GateError;
use crate::history::Repository;
use crate::registry::Snapshot;

/// Names how a pull request changed one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeStatus {
    /// The file is new.
    Added,
    /// The file's content or mode changed.
    Modified,
    /// The file is gone.
    Deleted,
}

/// Describes one changed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Registry-relative path (the new path for an addition, the old one for a deletion).
    pub path: String,
    /// How it changed.
    pub status: ChangeStatus,
    /// For an addition that git sees as a rename, the path it was renamed from.
    pub renamed_from: Option<String>,
}

/// Holds a pull request's change: the commits it spans and the files it touches.
#[derive(Debug, Clone)]
pub struct ChangeSet {
    /// The base revision (the target branch).
    pub base: Oid,
    /// The merge base of base and head: what the change is measured from.
    pub merge_base: Oid,
    /// The head revision.
    pub head: Oid,
    /// The registry at the base revision: ownership is read from here.
    pub base_snapshot: Snapshot,
    /// The registry at the merge base.
    pub merge_base_snapshot: Snapshot,
    /// The registry at the head revision.
    pub head_snapshot: Snapshot,
    /// Every changed file, in path order.
    pub files: Vec<FileChange>,
}

impl ChangeSet {
    /// Computes the change from the merge base of `base` and `head` to `head`.
    pub fn compute(repository: &Repository, base: &str, head: &str) -> Result<Self, GateError> {
        let base_id = repository.resolve(base)?;
        let head_id = repository.resolve(head)?;
        let merge_base = repository.merge_base(base_id, head_id).ok_or_else(|| {
            GateError::NoMergeBase { base: base.to_owned(), head: head.to_owned() }
        })?;
        let snapshot = |id: Oid| repository.snapshot_at(&id.to_string());

        let files = changed_files(repository, merge_base, head_id).map_err(GateError::Git)?;
        Ok(Self {
            base: base_id,
            merge_base,
            head: head_id,
            base_snapshot: snapshot(base_id)?,
            merge_base_snapshot: snapshot(merge_base)?,
            head_snapshot: snapshot(head_id)?,
            files,
        })
    }

    /// Says whether the change touches a path.
    pub fn touches(&self, path: &str) -> bool {
        self.files.iter().any(|file| file.path == path)
    }
}

fn changed_files(
    repository: &Repository,
    from: Oid,
    to: Oid,
) -> Result<Vec<FileChange>, git2::Error> {
    let git = repository.git();
    let old_tree = git.find_commit(from)?.tree()?;
    let new_tree = git.find_commit(to)?.tree()?;
    let mut diff = git.diff_tree_to_tree(Some(&old_tree), Some(&new_tree), None)?;
    // Renames are found so the gate can name them; an exact or near copy of a deleted
    // file under a new path is what a renamed partner, app or rollout looks like.
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;

    let mut files = Vec::new();
    for delta in diff.deltas() {
        let old_path = delta.old_file().path().map(|path| registry_path(repository, path));
        let new_path = delta.new_file().path().map(|path| registry_path(repository, path));
        match (delta.status(), old_path, new_path) {
            (Delta::Added, _, Some(path)) => {
                files.push(FileChange { path, status: ChangeStatus::Added, renamed_from: None });
            }
            (Delta::Deleted, Some(path), _) => {
                files.push(FileChange { path, status: ChangeStatus::Deleted, renamed_from: None });
            }
            (Delta::Renamed, Some(old), Some(new)) => {
                files.push(FileChange {
                    path: old.clone(),
                    status: ChangeStatus::Deleted,
                    renamed_from: None,
                });
                files.push(FileChange {
                    path: new,
                    status: ChangeStatus::Added,
                    renamed_from: Some(old),
                });
            }
            (_, _, Some(path)) => {
                files.push(FileChange { path, status: ChangeStatus::Modified, renamed_from: None });
            }
            _ => {}
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Names a changed file as the registry sees it. A file outside the registry's folder
/// (when the registry is a subfolder) keeps its repository path behind a `/`, so the
/// layout classifies it as outside the registry, which only admins change.
pub(super) fn registry_path(repository: &Repository, path: &std::path::Path) -> String {
    let path = path.to_string_lossy();
    match repository.registry_path(&path) {
        Some(inside) => inside.to_owned(),
        None => format!("/{path}"),
    }
}
