//! Plays the story into a git repository with git2: trees built in memory, fixed
//! signatures and times, so the same story always yields the same commit ids.

use std::collections::BTreeMap;
use std::path::Path;

use git2::{Oid, Repository, Signature, Time};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::example::files;
use crate::example::story::{Change, MAIN, Person, Step};

/// Reports a failure to play the story into a repository.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A git operation failed.
    #[error("failed to {operation}")]
    Git {
        /// What was being done.
        operation: String,
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// The story names a file that is not embedded.
    #[error("the story names `{0}`, which is not an embedded example file")]
    MissingFile(&'static str),
    /// The story names a branch that does not exist at that step.
    #[error("the story uses branch `{0}` before creating it")]
    MissingBranch(&'static str),
    /// The story holds a time that is not RFC 3339.
    #[error("the story's time `{0}` is not RFC 3339")]
    BadTime(&'static str),
}

/// Holds a branch while the story plays: its tip, its files, and the files at its fork.
#[derive(Debug, Clone)]
struct BranchState {
    tip: Oid,
    files: BTreeMap<String, Vec<u8>>,
    base: BTreeMap<String, Vec<u8>>,
}

/// Plays steps into a fresh repository and returns the branches left, name and tip.
pub fn play(repo: &Repository, steps: &[Step]) -> Result<BTreeMap<String, Oid>, BuildError> {
    let mut branches: BTreeMap<&'static str, BranchState> = BTreeMap::new();
    for step in steps {
        match step {
            Step::Branch(name) => {
                let main = branches.get(MAIN).ok_or(BuildError::MissingBranch(MAIN))?;
                let state = BranchState { base: main.files.clone(), ..main.clone() };
                branches.insert(name, state);
            }
            Step::Commit { branch, author, committer, at, message, changes } => {
                let (tip, mut files) = match branches.get(branch) {
                    Some(state) => (Some(state.tip), state.files.clone()),
                    None if *branch == MAIN => (None, BTreeMap::new()),
                    None => return Err(BuildError::MissingBranch(branch)),
                };
                apply(&mut files, changes)?;
                let author_signature = signature(author, at)?;
                let committer_signature = signature(committer.unwrap_or(author), at)?;
                let parents: Vec<Oid> = tip.into_iter().collect();
                let oid = commit(
                    repo,
                    &author_signature,
                    &committer_signature,
                    message,
                    &files,
                    &parents,
                )?;
                let base = branches.get(branch).map(|state| state.base.clone()).unwrap_or_default();
                branches.insert(branch, BranchState { tip: oid, files, base });
            }
            Step::Merge { branch, by, at, message } => {
                let topic = branches.remove(branch).ok_or(BuildError::MissingBranch(branch))?;
                let main = branches.get_mut(MAIN).ok_or(BuildError::MissingBranch(MAIN))?;
                let files = merged(&main.files, &topic);
                let merger = signature(by, at)?;
                let oid = commit(repo, &merger, &merger, message, &files, &[main.tip, topic.tip])?;
                main.tip = oid;
                main.files = files;
            }
        }
    }
    Ok(branches.into_iter().map(|(name, state)| (name.to_owned(), state.tip)).collect())
}

/// Applies a commit's changes to a branch's files.
fn apply(files: &mut BTreeMap<String, Vec<u8>>, changes: &[Change]) -> Result<(), BuildError> {
    for change in changes {
        match change {
            Change::Put(path) => {
                let bytes = files::file(path).ok_or(BuildError::MissingFile(path))?;
                files.insert((*path).to_owned(), bytes.to_vec());
            }
            Change::Text(path, text) => {
                files.insert((*path).to_owned(), text.as_bytes().to_vec());
            }
            Change::Remove(path) => {
                files.remove(*path).ok_or(BuildError::MissingFile(path))?;
            }
            Change::Schemas => {
                for (name, text) in files::SCHEMAS {
                    files.insert(format!("schemas/{name}"), text.as_bytes().to_vec());
                }
            }
        }
    }
    Ok(())
}

/// Returns `main`'s files with a topic branch's own changes applied; the story never lets
/// the two sides touch the same file, so there is nothing to resolve.
fn merged(main: &BTreeMap<String, Vec<u8>>, topic: &BranchState) -> BTreeMap<String, Vec<u8>> {
    let mut files = main.clone();
    for (path, bytes) in &topic.files {
        if topic.base.get(path) != Some(bytes) {
            files.insert(path.clone(), bytes.clone());
        }
    }
    for path in topic.base.keys() {
        if !topic.files.contains_key(path) {
            files.remove(path);
        }
    }
    files
}

/// Builds a signature from a person and an RFC 3339 time.
fn signature(person: &Person, at: &'static str) -> Result<Signature<'static>, BuildError> {
    let moment = OffsetDateTime::parse(at, &Rfc3339).map_err(|_| BuildError::BadTime(at))?;
    let offset_minutes = i32::from(moment.offset().whole_minutes());
    let time = Time::new(moment.unix_timestamp(), offset_minutes);
    Signature::new(person.name, person.email, &time).map_err(|source| BuildError::Git {
        operation: format!("make a signature for `{}`", person.email),
        source,
    })
}

/// Writes the tree of `files` and a commit on top of `parents`, touching no reference.
fn commit(
    repo: &Repository,
    author: &Signature<'_>,
    committer: &Signature<'_>,
    message: &str,
    files: &BTreeMap<String, Vec<u8>>,
    parents: &[Oid],
) -> Result<Oid, BuildError> {
    let git = |operation: &str| {
        let operation = operation.to_owned();
        move |source| BuildError::Git { operation, source }
    };
    let entries: Vec<(&str, &[u8])> =
        files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice())).collect();
    let tree_id = write_tree(repo, &entries)?;
    let tree = repo.find_tree(tree_id).map_err(git("read a written tree"))?;
    let parent_commits = parents
        .iter()
        .map(|oid| repo.find_commit(*oid))
        .collect::<Result<Vec<_>, _>>()
        .map_err(git("read a parent commit"))?;
    let parent_refs: Vec<&git2::Commit<'_>> = parent_commits.iter().collect();
    repo.commit(None, author, committer, message, &tree, &parent_refs)
        .map_err(git("write a commit"))
}

/// Writes a tree from `(path, bytes)` entries sorted by path, recursing into folders.
fn write_tree(repo: &Repository, entries: &[(&str, &[u8])]) -> Result<Oid, BuildError> {
    let git = |source| BuildError::Git { operation: "write a tree".to_owned(), source };
    let mut builder = repo.treebuilder(None).map_err(git)?;
    let mut folders: BTreeMap<&str, Vec<(&str, &[u8])>> = BTreeMap::new();
    for (path, bytes) in entries {
        match path.split_once('/') {
            Some((folder, rest)) => folders.entry(folder).or_default().push((rest, bytes)),
            None => {
                let blob = repo.blob(bytes).map_err(git)?;
                builder.insert(path, blob, 0o100644).map_err(git)?;
            }
        }
    }
    for (folder, children) in folders {
        let subtree = write_tree(repo, &children)?;
        builder.insert(folder, subtree, 0o040000).map_err(git)?;
    }
    builder.write().map_err(git)
}

/// Points `refs/heads/<name>` at each tip, then checks out `main` into the work tree.
pub fn publish(repo: &Repository, branches: &BTreeMap<String, Oid>) -> Result<(), BuildError> {
    let git = |operation: &str| {
        let operation = operation.to_owned();
        move |source| BuildError::Git { operation, source }
    };
    for (name, tip) in branches {
        repo.reference(&format!("refs/heads/{name}"), *tip, true, "miniapp init --example")
            .map_err(git(&format!("create branch `{name}`")))?;
    }
    repo.set_head(&format!("refs/heads/{MAIN}")).map_err(git("point HEAD at `main`"))?;
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force();
    repo.checkout_head(Some(&mut checkout)).map_err(git("check out `main`"))
}

/// Says whether a folder is missing or empty, the only places `init` may write.
pub fn is_missing_or_empty(dir: &Path) -> std::io::Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(error) => Err(error),
    }
}
