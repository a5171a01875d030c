//! Reads a registry's git history with git2, behind domain methods: the first-parent line
//! of a ref, what each commit changed under the registry, branches not yet merged, and a
//! tree as a `Snapshot`. What the changes mean is left to `lifecycle`.

mod commit;
mod graph;
mod raw;
mod tree;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::Oid;
use time::OffsetDateTime;

use crate::registry::Snapshot;

/// Paths, relative to the registry root, whose changes the lifecycle reads.
const TRACKED: [&str; 3] = ["partners", "registry.yaml", "defects.yaml"];

/// Reports a failure to read history.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// No git repository holds the folder.
    #[error("`{}` is not inside a git repository", path.display())]
    NotARepository {
        /// The folder searched from.
        path: PathBuf,
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// A revision could not be resolved to a commit.
    #[error("failed to resolve `{revision}` to a commit")]
    Resolve {
        /// The revision as given.
        revision: String,
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// A git operation failed.
    #[error("failed to {action}")]
    Git {
        /// What was being done, lowercase.
        action: String,
        /// The cause.
        #[source]
        source: git2::Error,
    },
}

fn git(action: impl Into<String>) -> impl FnOnce(git2::Error) -> HistoryError {
    let action = action.into();
    move |source| HistoryError::Git { action, source }
}

/// Names a person who authored or committed a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Name, lossily decoded.
    pub name: String,
    /// Email, lossily decoded.
    pub email: String,
}

/// Describes one commit: id, committer time and author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The commit id.
    pub id: Oid,
    /// Committer time.
    pub time: OffsetDateTime,
    /// Author, shared by every record made from this commit.
    pub author: Arc<Person>,
    /// Whether the commit has more than one parent.
    pub is_merge: bool,
}

/// Describes one file a commit changed, by registry-relative path; a rename is a
/// deletion plus an addition, since rename detection is a guess the lifecycle must not make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Registry-relative path with `/` separators.
    pub path: String,
    /// Blob before the commit; `None` when the file was added.
    pub before: Option<Oid>,
    /// Blob after the commit; `None` when the file was removed.
    pub after: Option<Oid>,
}

/// Holds a commit and the changes it brings against its first parent.
#[derive(Debug, Clone)]
pub struct Step {
    /// The commit.
    pub commit: CommitInfo,
    /// Changed registry files, in path order.
    pub changes: Vec<FileChange>,
}

/// Names a branch tip: local (`feature`) or remote-tracking (`origin/feature`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchTip {
    /// Short name.
    pub name: String,
    /// Tip commit.
    pub tip: Oid,
}

/// Names an open repository and its registry folder, to open it again on another thread
/// (a `Repository` stays on the thread that opened it).
#[derive(Debug, Clone)]
pub struct Handle {
    git_dir: PathBuf,
    prefix: String,
}

impl Handle {
    /// Opens the repository again, with the same registry folder.
    pub fn open(&self) -> Result<Repository, HistoryError> {
        tune_libgit2();
        let repo = git2::Repository::open(&self.git_dir).map_err(|source| {
            HistoryError::NotARepository { path: self.git_dir.clone(), source }
        })?;
        Ok(Repository::new(repo, self.prefix.clone()))
    }
}

/// Wraps a git repository that holds a registry, possibly in a subfolder.
pub struct Repository {
    repo: git2::Repository,
    prefix: String,
    trees: raw::Trees,
    commits: commit::Commits,
    merge_bases: RefCell<HashMap<(Oid, Oid), Option<Oid>>>,
}

impl std::fmt::Debug for Repository {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repository")
            .field("path", &self.repo.path())
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl Repository {
    /// Opens the repository that holds `dir`; the registry root is `dir` itself.
    pub fn open(dir: &Path) -> Result<Self, HistoryError> {
        tune_libgit2();
        let repo = git2::Repository::discover(dir)
            .map_err(|source| HistoryError::NotARepository { path: dir.to_path_buf(), source })?;
        let prefix = registry_prefix(&repo, dir);
        tracing::debug!(repository = %repo.path().display(), prefix, "opened repository");
        Ok(Self::new(repo, prefix))
    }

    fn new(repo: git2::Repository, prefix: String) -> Self {
        Self {
            repo,
            prefix,
            trees: raw::Trees::default(),
            commits: commit::Commits::default(),
            merge_bases: RefCell::default(),
        }
    }

    /// Returns what is needed to open the same repository again, on another thread.
    pub fn handle(&self) -> Handle {
        Handle { git_dir: self.repo.path().to_path_buf(), prefix: self.prefix.clone() }
    }

    /// Returns the underlying git2 repository, for diffs the domain methods do not cover.
    pub fn git(&self) -> &git2::Repository {
        &self.repo
    }

    /// Turns a registry path into the repository path of the same file.
    pub fn repository_path(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// Turns a repository path into a registry path; `None` outside the registry's folder.
    pub fn registry_path<'a>(&self, path: &'a str) -> Option<&'a str> {
        path.strip_prefix(self.prefix.as_str())
    }

    /// Returns the repository's git folder (`.git`, or a worktree's own folder in it).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// Returns the registry folder relative to the work tree, with a trailing `/`; empty at
    /// the root.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Returns a commit's first parent, `None` for a root commit.
    pub fn first_parent(&self, id: Oid) -> Result<Option<Oid>, HistoryError> {
        Ok(self.commit(id)?.parents.first().copied())
    }

    /// Says whether the repository is a shallow clone, whose history is cut off.
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// Says whether the repository has no commit at all; libgit2's own test only knows an
    /// unborn `master`, so a repository made with `git init -b main` is checked by its refs.
    pub fn is_empty(&self) -> Result<bool, HistoryError> {
        if self.repo.is_empty().map_err(git("read the repository's references"))? {
            return Ok(true);
        }
        let mut references =
            self.repo.references().map_err(git("read the repository's references"))?;
        let head_born = self.repo.head().is_ok();
        Ok(!head_born && references.next().is_none())
    }

    /// Says whether HEAD points at a commit rather than a branch.
    pub fn is_head_detached(&self) -> bool {
        self.repo.head_detached().unwrap_or(false)
    }

    /// Resolves a revision (`HEAD`, a branch, a commit id, `main~2`) to a commit.
    pub fn resolve(&self, revision: &str) -> Result<Oid, HistoryError> {
        let to_error = |source| HistoryError::Resolve { revision: revision.to_owned(), source };
        let object = self.repo.revparse_single(revision).map_err(to_error)?;
        let commit = object.peel_to_commit().map_err(to_error)?;
        Ok(commit.id())
    }

    /// Reads a commit and the registry files it changed against its first parent.
    pub fn step(&self, id: Oid) -> Result<Step, HistoryError> {
        let commit = self.commit(id)?;
        let parent_tree = match commit.parents.first() {
            Some(parent) => Some(self.commit(*parent)?.tree),
            None => None,
        };
        let changes = tree::changes(
            &self.repo,
            &self.trees,
            parent_tree,
            commit.tree,
            &self.prefix,
            &TRACKED,
        )?;
        Ok(Step { commit: info(id, &commit), changes })
    }

    /// Lists the registry files that differ between two commits' trees; every file of `new`
    /// when `old` is `None`.
    pub fn changes_between(
        &self,
        old: Option<Oid>,
        new: Oid,
    ) -> Result<Vec<FileChange>, HistoryError> {
        let old = match old {
            Some(old) => Some(self.commit(old)?.tree),
            None => None,
        };
        let new = self.commit(new)?.tree;
        tree::changes(&self.repo, &self.trees, old, new, &self.prefix, &TRACKED)
    }

    /// Returns the blob id of a registry file at a commit, `None` when it is absent.
    pub fn blob_at(&self, commit: Oid, path: &str) -> Result<Option<Oid>, HistoryError> {
        let root = self.commit(commit)?.tree;
        tree::blob_at(&self.repo, &self.trees, root, &format!("{}{path}", self.prefix))
    }

    /// Reads a blob's bytes.
    pub fn blob(&self, id: Oid) -> Result<Vec<u8>, HistoryError> {
        let blob = self.repo.find_blob(id).map_err(git(format!("read blob `{id}`")))?;
        Ok(blob.content().to_vec())
    }

    /// Reads a registry file's bytes at a commit, `None` when it is absent.
    pub fn file_at(&self, commit: Oid, path: &str) -> Result<Option<Vec<u8>>, HistoryError> {
        match self.blob_at(commit, path)? {
            Some(id) => self.blob(id).map(Some),
            None => Ok(None),
        }
    }

    /// Describes a commit.
    pub fn commit_info(&self, id: Oid) -> Result<CommitInfo, HistoryError> {
        Ok(info(id, &*self.commit(id)?))
    }

    /// Reads the registry as it was at a revision; symbolic links become `Entry::Symlink`.
    pub fn snapshot_at(&self, revision: &str) -> Result<Snapshot, HistoryError> {
        let id = self.resolve(revision)?;
        let tree = self.find_commit(id)?.tree().map_err(git("read a commit's tree"))?;
        tree::snapshot(&self.repo, &tree, &self.prefix)
    }

    fn commit(&self, id: Oid) -> Result<std::rc::Rc<commit::Commit>, HistoryError> {
        self.commits.read(&self.repo, id)
    }

    fn find_commit(&self, id: Oid) -> Result<git2::Commit<'_>, HistoryError> {
        self.repo.find_commit(id).map_err(git(format!("read commit `{id}`")))
    }
}

/// Sets libgit2's process-wide options for reading long histories, once. Profiling `status`
/// on 20,000 commits showed a fifth of the time re-hashing every object read: libgit2 checks
/// each object against its id, which git itself does not do on reads. Its object cache is
/// turned off: on a long history it grows towards its 256 MiB default with objects read
/// once; the walk keeps its own small caches of commits and trees (`commit`, `raw`).
fn tune_libgit2() {
    static TUNED: std::sync::Once = std::sync::Once::new();
    TUNED.call_once(|| {
        git2::opts::strict_hash_verification(false);
        git2::opts::enable_caching(false);
    });
}

/// Bounds how much of the pack files libgit2 keeps mapped: windows of 4 MiB, at most
/// 32 MiB at once, instead of its defaults of 1 GiB windows up to 8 GiB. Every mapped page
/// read stays resident, so by default replaying a history leaves the whole pack in memory
/// (about 70 MB of the peak at 100,000 commits). Small windows matter: under the same limit,
/// 16 MiB windows evict each other and cost a fifth more time, while 4 MiB windows cost
/// none measurable (`docs/performance.md`).
///
/// # Safety
///
/// libgit2 reads these options without a lock: call this before any thread exists, or at
/// least before any other thread uses libgit2.
#[expect(unsafe_code, reason = "libgit2's pack-window options are unsynchronised globals")]
pub unsafe fn bound_pack_mapping() {
    const WINDOW: usize = 4 << 20;
    const MAPPED: usize = 32 << 20;
    // SAFETY: the caller guarantees no other thread is using libgit2; a failure leaves
    // libgit2's defaults, which are correct, only larger.
    unsafe {
        let _ = git2::opts::set_mwindow_size(WINDOW);
        let _ = git2::opts::set_mwindow_mapped_limit(MAPPED);
    }
}

fn info(id: Oid, commit: &commit::Commit) -> CommitInfo {
    CommitInfo {
        id,
        time: OffsetDateTime::from_unix_timestamp(commit.time)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH),
        author: commit.author.clone(),
        is_merge: commit.parents.len() > 1,
    }
}

/// Returns the registry folder relative to the work tree, with a trailing `/`; empty at the root.
pub fn registry_prefix(repo: &git2::Repository, dir: &Path) -> String {
    let Some(workdir) = repo.workdir() else { return String::new() };
    let (Ok(dir), Ok(workdir)) = (dir.canonicalize(), workdir.canonicalize()) else {
        return String::new();
    };
    match dir.strip_prefix(&workdir) {
        Ok(relative) if !relative.as_os_str().is_empty() => {
            format!("{}/", relative.to_string_lossy().replace('\\', "/"))
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;
