//! Reads the few fields of a commit the history walk needs (tree, parents, author, committer
//! time) straight from the object's bytes, with a small cache of recent commits. libgit2's
//! own object cache is turned off for long histories, where it grows to hundreds of
//! megabytes; replaying one commit looks up it and its parent, so a short cache suffices.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use git2::{ObjectType, Oid};

use crate::history::{HistoryError, Person};

/// Commits kept in the cache; the oldest are dropped first.
const CACHE_COMMITS: usize = 4096;

/// The fields of a commit the history walk reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Commit {
    /// Its root tree.
    pub(super) tree: Oid,
    /// Its parents, first parent first.
    pub(super) parents: Vec<Oid>,
    /// Its author.
    pub(super) author: Arc<Person>,
    /// Its committer time, in seconds since the epoch.
    pub(super) time: i64,
}

/// Reads commits through a cache bounded in entries.
#[derive(Debug, Default)]
pub(super) struct Commits {
    cache: RefCell<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    commits: HashMap<Oid, Rc<Commit>>,
    order: VecDeque<Oid>,
}

impl Commits {
    /// Reads the commit `id`, from the cache when it was read lately.
    pub(super) fn read(
        &self,
        repo: &git2::Repository,
        id: Oid,
    ) -> Result<Rc<Commit>, HistoryError> {
        if let Some(commit) = self.cache.borrow().commits.get(&id) {
            return Ok(Rc::clone(commit));
        }
        let failed = |source| HistoryError::Git { action: format!("read commit `{id}`"), source };
        let odb = repo.odb().map_err(failed)?;
        let object = odb.read(id).map_err(failed)?;
        if object.kind() != ObjectType::Commit {
            return Err(failed(git2::Error::from_str("the object is not a commit")));
        }
        let commit = match parse(object.data()) {
            Some(commit) => commit,
            // libgit2 reads some signatures this parser refuses (a `<` in a name, no time), as
            // git does; let it decide, and give its reason when it refuses too.
            None => with_libgit2(repo, id).map_err(failed)?,
        };
        let commit = Rc::new(commit);
        let mut cache = self.cache.borrow_mut();
        cache.commits.insert(id, Rc::clone(&commit));
        cache.order.push_back(id);
        if cache.order.len() > CACHE_COMMITS
            && let Some(oldest) = cache.order.pop_front()
        {
            cache.commits.remove(&oldest);
        }
        Ok(commit)
    }
}

/// Reads the commit with libgit2's own parser.
fn with_libgit2(repo: &git2::Repository, id: Oid) -> Result<Commit, git2::Error> {
    let commit = repo.find_commit(id)?;
    let author = commit.author();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    Ok(Commit {
        tree: commit.tree_id(),
        parents: commit.parent_ids().collect(),
        author: Arc::new(Person {
            name: text(author.name_bytes()),
            email: text(author.email_bytes()),
        }),
        time: commit.committer().when().seconds(),
    })
}

/// Parses a commit's header lines; `None` when the tree, the author or the committer is
/// missing or unreadable.
fn parse(bytes: &[u8]) -> Option<Commit> {
    let mut tree = None;
    let mut parents = Vec::new();
    let mut author = None;
    let mut time = None;
    for line in bytes.split(|&byte| byte == b'\n') {
        if line.is_empty() {
            break;
        }
        let Some(space) = line.iter().position(|&byte| byte == b' ') else { continue };
        let (key, value) = (&line[..space], &line[space + 1..]);
        match key {
            b"tree" if tree.is_none() => tree = Some(hex_id(value)?),
            b"parent" => parents.push(hex_id(value)?),
            b"author" if author.is_none() => author = Some(Arc::new(signature(value)?.0)),
            b"committer" if time.is_none() => time = Some(signature(value)?.1),
            _ => {}
        }
    }
    Some(Commit { tree: tree?, parents, author: author?, time: time? })
}

fn hex_id(value: &[u8]) -> Option<Oid> {
    if value.len() != 40 {
        return None;
    }
    Oid::from_str(std::str::from_utf8(value).ok()?).ok()
}

/// Splits `Name <email> 1700000000 +0700` into the person and the time.
fn signature(value: &[u8]) -> Option<(Person, i64)> {
    let open = value.iter().position(|&byte| byte == b'<')?;
    let close = open + value[open..].iter().position(|&byte| byte == b'>')?;
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes.trim_ascii()).into_owned();
    let person = Person { name: text(&value[..open]), email: text(&value[open + 1..close]) };
    let seconds = value[close + 1..].trim_ascii().split(|&byte| byte == b' ').next()?;
    let time = std::str::from_utf8(seconds).ok()?.parse().ok()?;
    Some((person, time))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const PARENT: &str = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";

    #[test]
    fn reads_tree_parents_author_and_committer_time() {
        let text = format!(
            "tree {TREE}\nparent {PARENT}\nparent {TREE}\n\
             author Nguyễn Văn An <an@example.vn> 1700000000 +0700\n\
             committer Bot <bot@example.com> 1700003600 +0000\n\nMerge\n\ntree {PARENT}\n"
        );
        let commit = parse(text.as_bytes()).expect("a well-formed commit");
        assert_eq!(commit.tree, Oid::from_str(TREE).expect("hex"));
        assert_eq!(
            commit.parents,
            [Oid::from_str(PARENT).expect("hex"), Oid::from_str(TREE).expect("hex")]
        );
        assert_eq!(commit.author.name, "Nguyễn Văn An");
        assert_eq!(commit.author.email, "an@example.vn");
        assert_eq!(commit.time, 1_700_003_600, "the committer's time, not the author's");
    }

    #[test]
    fn a_root_commit_has_no_parents() {
        let text =
            format!("tree {TREE}\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 2 +0000\n\nroot\n");
        assert_eq!(parse(text.as_bytes()).expect("well-formed").parents, []);
    }

    #[test]
    fn signatures_this_parser_refuses_are_read_as_libgit2_reads_them() {
        let test = crate::testing::TestRepo::new();
        let repo = &test.repository;
        let tree = repo.treebuilder(None).expect("builder").write().expect("empty tree");
        let odd = [
            "author a<b <d>e@x> 1674812000 +0700",
            "author Dev <<dev@x.example>> 1674812000 +0700",
            "author Dev <dev@x.example>",
        ];
        for author in odd {
            let text = format!(
                "tree {tree}\n{author}\ncommitter Dev <dev@x.example> 1674812000 +0700\n\nodd\n"
            );
            assert_eq!(parse(text.as_bytes()), None, "{author}: refused here");
            let odb = repo.odb().expect("odb");
            let id = odb.write(ObjectType::Commit, text.as_bytes()).expect("written as is");
            let read = Commits::default().read(repo, id).expect("read through libgit2");
            let theirs = repo.find_commit(id).expect("libgit2 reads it");
            assert_eq!(read.author.name, String::from_utf8_lossy(theirs.author().name_bytes()));
            assert_eq!(read.author.email, String::from_utf8_lossy(theirs.author().email_bytes()));
            assert_eq!(read.time, 1_674_812_000);
            assert_eq!(read.tree, tree);
        }
    }

    #[test]
    fn a_commit_neither_parser_reads_is_an_error_with_libgit2s_reason() {
        let test = crate::testing::TestRepo::new();
        let odb = test.repository.odb().expect("odb");
        let id = odb.write(ObjectType::Commit, b"tree nothex\n\nbroken\n").expect("written");
        let error = Commits::default().read(&test.repository, id).expect_err("unreadable");
        assert!(error.to_string().contains(&id.to_string()), "{error}");
    }

    #[test]
    fn malformed_commits_are_refused_not_guessed() {
        let author = "author A <a@x> 1 +0000\n";
        let committer = "committer A <a@x> 2 +0000\n";
        let cases = [
            format!("{author}{committer}\n"),
            format!("tree {TREE}\n{committer}\n"),
            format!("tree {TREE}\n{author}\n"),
            format!("tree 1234\n{author}{committer}\n"),
            format!("tree {TREE}\nparent nothex\n{author}{committer}\n"),
            format!("tree {TREE}\nauthor A a@x 1 +0000\n{committer}\n"),
            format!("tree {TREE}\n{author}committer A <a@x> soon +0000\n\n"),
        ];
        for case in cases {
            assert_eq!(parse(case.as_bytes()), None, "{case:?}");
        }
    }
}
