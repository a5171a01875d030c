//! Turns a git tree into a registry `Snapshot`: regular files keep their bytes and
//! symbolic links their targets; submodules and files outside the registry are skipped.

use git2::{ObjectType, TreeWalkMode, TreeWalkResult};

use crate::history::HistoryError;
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
