//! The change a pull request makes: the files that differ between the merge base of
//! base and head and the head, read with git2. Judging them is left to the gate's rules.

use git2::{Delta, DiffFindOptions, Oid, Repository};

use crate::registry::{Entry, Snapshot};

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

/// Reports a failure to compute the change.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// A revision did not resolve to a commit.
    #[error("failed to resolve `{rev}` to a commit")]
    Resolve {
        /// The revision as given.
        rev: String,
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// Base and head share no history.
    #[error("`{base}` and `{head}` have no common ancestor")]
    NoMergeBase {
        /// Base revision.
        base: String,
        /// Head revision.
        head: String,
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// Reading trees or diffing failed.
    #[error("failed to read the change between `{base}` and `{head}`")]
    Diff {
        /// Base revision.
        base: String,
        /// Head revision.
        head: String,
        /// The cause.
        #[source]
        source: git2::Error,
    },
}

impl ChangeSet {
    /// Computes the change from the merge base of `base` and `head` to `head`.
    pub fn compute(repository: &Repository, base: &str, head: &str) -> Result<Self, ChangeError> {
        let resolve = |rev: &str| {
            repository
                .revparse_single(rev)
                .and_then(|object| object.peel_to_commit())
                .map(|commit| commit.id())
                .map_err(|source| ChangeError::Resolve { rev: rev.to_owned(), source })
        };
        let base_id = resolve(base)?;
        let head_id = resolve(head)?;
        let merge_base = repository.merge_base(base_id, head_id).map_err(|source| {
            ChangeError::NoMergeBase { base: base.to_owned(), head: head.to_owned(), source }
        })?;
        let diff_error =
            |source| ChangeError::Diff { base: base.to_owned(), head: head.to_owned(), source };

        let files = changed_files(repository, merge_base, head_id).map_err(diff_error)?;
        Ok(Self {
            base: base_id,
            merge_base,
            head: head_id,
            base_snapshot: snapshot_at(repository, base_id).map_err(diff_error)?,
            merge_base_snapshot: snapshot_at(repository, merge_base).map_err(diff_error)?,
            head_snapshot: snapshot_at(repository, head_id).map_err(diff_error)?,
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
    let old_tree = repository.find_commit(from)?.tree()?;
    let new_tree = repository.find_commit(to)?.tree()?;
    let mut diff = repository.diff_tree_to_tree(Some(&old_tree), Some(&new_tree), None)?;
    // Renames are found so the gate can name them; an exact or near copy of a deleted
    // file under a new path is what a renamed partner, app or rollout looks like.
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;

    let mut files = Vec::new();
    for delta in diff.deltas() {
        let old_path = delta.old_file().path().map(|path| path.to_string_lossy().into_owned());
        let new_path = delta.new_file().path().map(|path| path.to_string_lossy().into_owned());
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

/// Reads the registry files of a commit's tree into a snapshot.
fn snapshot_at(repository: &Repository, commit: Oid) -> Result<Snapshot, git2::Error> {
    let tree = repository.find_commit(commit)?.tree()?;
    let mut snapshot = Snapshot::new();
    let mut failure = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return git2::TreeWalkResult::Ok;
        }
        let Ok(name) = entry.name() else { return git2::TreeWalkResult::Skip };
        let path = format!("{root}{name}");
        match repository.find_blob(entry.id()) {
            Ok(blob) => {
                let bytes = blob.content().to_vec();
                // Mode 0o120000 marks a symbolic link; its blob holds the target.
                let value = if entry.filemode() == 0o120000 {
                    Entry::Symlink(String::from_utf8_lossy(&bytes).into_owned())
                } else {
                    Entry::File(bytes)
                };
                snapshot.insert(path, value);
                git2::TreeWalkResult::Ok
            }
            Err(error) => {
                failure = Some(error);
                git2::TreeWalkResult::Abort
            }
        }
    })?;
    match failure {
        Some(error) => Err(error),
        None => Ok(snapshot),
    }
}
