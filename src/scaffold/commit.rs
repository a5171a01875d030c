//! Commits one registry file with git2 and nothing else: the new tree is HEAD's tree with
//! that file's blob, so other staged or unstaged changes stay exactly as they were.

use std::path::{Path, PathBuf};

use git2::{IndexEntry, IndexTime, Oid};

/// Reports a failure to commit a file or to read git configuration.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// No git repository holds the folder.
    #[error("`{}` is not inside a git repository", path.display())]
    NotARepository {
        /// The folder searched from.
        path: PathBuf,
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// The repository has no work tree.
    #[error("the repository has no work tree")]
    Bare,
    /// The file lies outside the work tree.
    #[error("`{}` is outside the repository's work tree", path.display())]
    Outside {
        /// The file.
        path: PathBuf,
    },
    /// Git configuration lacks `user.name` or `user.email`.
    #[error("git config has no `user.name` and `user.email` to commit with")]
    NoIdentity {
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// A git operation failed.
    #[error("failed to {action}")]
    Git {
        /// What was being done.
        action: &'static str,
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// The file could not be read.
    #[error("failed to read `{}`", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

fn git(action: &'static str) -> impl FnOnce(git2::Error) -> CommitError {
    move |source| CommitError::Git { action, source }
}

/// Reads git configuration values for the folder's repository (local, global, system).
pub fn config_value(dir: &Path, key: &str) -> Option<String> {
    let repo = git2::Repository::discover(dir).ok()?;
    let config = repo.config().ok()?;
    config.get_string(key).ok().filter(|value| !value.trim().is_empty())
}

/// Commits the file at `file` on the current branch with the configured identity, taking
/// only that file: HEAD's tree plus its present content. Returns the new commit.
pub fn commit_file(file: &Path, message: &str) -> Result<Oid, CommitError> {
    let dir = file.parent().unwrap_or(file);
    let repo = git2::Repository::discover(dir)
        .map_err(|source| CommitError::NotARepository { path: dir.to_path_buf(), source })?;
    let workdir = repo
        .workdir()
        .ok_or(CommitError::Bare)?
        .canonicalize()
        .map_err(|source| CommitError::Read { path: dir.to_path_buf(), source })?;
    let full =
        file.canonicalize().map_err(|source| CommitError::Read { path: file.into(), source })?;
    let relative = full
        .strip_prefix(&workdir)
        .map_err(|_| CommitError::Outside { path: file.to_path_buf() })?
        .to_string_lossy()
        .replace('\\', "/");
    let bytes =
        std::fs::read(&full).map_err(|source| CommitError::Read { path: full.clone(), source })?;
    let signature = repo.signature().map_err(|source| CommitError::NoIdentity { source })?;

    let blob = repo.blob(&bytes).map_err(git("store the file's content"))?;
    let parent = match repo.head() {
        Ok(head) => Some(head.peel_to_commit().map_err(git("read HEAD"))?),
        Err(_) => None,
    };
    let mut staging = git2::Index::new().map_err(git("create an index"))?;
    if let Some(parent) = &parent {
        staging
            .read_tree(&parent.tree().map_err(git("read HEAD's tree"))?)
            .map_err(git("read HEAD's tree"))?;
    }
    staging.add(&entry(&relative, blob, bytes.len())).map_err(git("stage the file"))?;
    let tree_id = staging.write_tree_to(&repo).map_err(git("write the tree"))?;
    let tree = repo.find_tree(tree_id).map_err(git("write the tree"))?;
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    let commit = repo
        .commit(Some("HEAD"), &signature, &signature, message, &tree, &parents)
        .map_err(git("commit"))?;

    // Keep the real index in step for this one path, so it shows no staged change.
    let mut index = repo.index().map_err(git("read the index"))?;
    index.add_path(Path::new(&relative)).map_err(git("update the index"))?;
    index.write().map_err(git("write the index"))?;
    Ok(commit)
}

fn entry(path: &str, id: Oid, size: usize) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
