//! The cache never changes an answer: a hit, a resumed run after new commits, a rewritten
//! history and a corrupt file all give what a cold replay gives.

use git2::{Oid, Signature, Time};

use super::*;
use crate::lifecycle::{Options, Report, compute, compute_cached};

fn options() -> Options {
    Options {
        reader: crate::validate::read_typed,
        revision: None,
        now: time::macros::datetime!(2025-01-01 00:00 UTC),
        progress: false,
    }
}

/// Renders everything a report holds, so two reports compare in full.
fn render(report: &Report) -> String {
    format!("{:?}\n{:?}", report.items, report.production)
}

fn example() -> (tempfile::TempDir, Repository) {
    let dir = tempfile::tempdir().expect("a temp dir");
    crate::example::init(dir.path()).expect("the example story plays");
    let repo = Repository::open(dir.path()).expect("the example is a repository");
    (dir, repo)
}

fn cold(repo: &Repository) -> String {
    render(&compute(repo, &options()).expect("the example computes"))
}

fn cached(repo: &Repository) -> String {
    render(&compute_cached(repo, &options()).expect("the example computes"))
}

/// Commits one more change of a registry file on `main`, on top of `parent`.
fn commit_on_main(dir: &std::path::Path, parent: Oid, note: &str) -> Oid {
    let git = git2::Repository::open(dir).expect("the example is a repository");
    let parent = git.find_commit(parent).expect("the parent exists");
    let mut builder = git.treebuilder(Some(&parent.tree().expect("a tree"))).expect("a builder");
    let blob = git.blob(format!("# {note}\n").as_bytes()).expect("a blob");
    builder.insert("defects.yaml", blob, 0o100644).expect("an entry");
    let tree = git.find_tree(builder.write().expect("a tree")).expect("the tree");
    let who = Signature::new("Test", "test@example.com", &Time::new(1_735_000_000, 420))
        .expect("a signature");
    let id = git.commit(None, &who, &who, note, &tree, &[&parent]).expect("a commit");
    git.reference("refs/heads/main", id, true, "test").expect("main moves");
    id
}

#[test]
fn a_cache_hit_gives_the_cold_answer() {
    let (_dir, repo) = example();
    let expected = cold(&repo);

    assert_eq!(cached(&repo), expected, "the run that writes the cache");
    let cache = load(&repo).expect("the cache was written");
    assert_eq!(Some(cache.tip), repo.branch_tip("main").map(|branch| branch.tip));
    assert!(!cache.branches.is_empty(), "the example has open branches");
    assert_eq!(cached(&repo), expected, "the run that reads it");
}

#[test]
fn a_new_commit_resumes_from_the_cache_with_the_cold_answer() {
    let (dir, repo) = example();
    cached(&repo);
    let tip = repo.branch_tip("main").expect("main exists").tip;

    let new_tip = commit_on_main(dir.path(), tip, "one more commit");

    assert_eq!(cached(&repo), cold(&repo));
    assert_eq!(load(&repo).map(|cache| cache.tip), Some(new_tip));
}

#[test]
fn a_rewritten_history_is_not_trusted() {
    let (dir, repo) = example();
    let tip = repo.branch_tip("main").expect("main exists").tip;
    let parent = repo.first_parent(tip).expect("a commit").expect("main has history");
    let amended = commit_on_main(dir.path(), tip, "to be rewritten");
    cached(&repo);

    // Like `git commit --amend` after `git reset --hard HEAD~2`: the cached tip is gone.
    let rewritten = commit_on_main(dir.path(), parent, "rewritten");

    assert_ne!(rewritten, amended);
    assert_eq!(cached(&repo), cold(&repo));
    assert_eq!(load(&repo).map(|cache| cache.tip), Some(rewritten));
}

#[test]
fn a_corrupt_cache_file_is_ignored() {
    let (_dir, repo) = example();
    let expected = cold(&repo);
    cached(&repo);
    let bytes = std::fs::read(path(&repo)).expect("the cache was written");

    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    for garbage in [b"not a cache".to_vec(), bytes[..bytes.len() / 3].to_vec(), flipped] {
        std::fs::write(path(&repo), &garbage).expect("the cache is writable");
        assert_eq!(cached(&repo), expected);
    }
}

#[test]
fn every_truncation_of_a_cache_file_is_refused() {
    let (_dir, repo) = example();
    cached(&repo);
    let bytes = std::fs::read(path(&repo)).expect("the cache was written");
    let header = header(&repo);

    assert!(decode(&bytes, &header).is_ok());
    for len in 0..bytes.len() {
        assert!(decode(&bytes[..len], &header).is_err(), "{len} of {} bytes", bytes.len());
    }
    assert!(decode(&bytes, b"miniapp lifecycle cache\nformat 0\n").is_err(), "another format");
}

#[test]
fn the_same_history_writes_the_same_cache_bytes() {
    let (_dir, repo) = example();
    cached(&repo);
    let first = std::fs::read(path(&repo)).expect("the cache was written");
    std::fs::remove_file(path(&repo)).expect("the cache is removable");
    cached(&repo);
    let second = std::fs::read(path(&repo)).expect("the cache was written again");
    assert_eq!(first, second);
}

#[cfg(unix)]
#[test]
fn a_fifo_at_the_cache_path_is_ignored_not_waited_on() {
    let (_dir, repo) = example();
    let expected = cold(&repo);
    let cache = path(&repo);
    std::fs::create_dir_all(cache.parent().expect("a folder")).expect("the cache folder");
    let made = std::process::Command::new("mkfifo").arg(&cache).status();
    assert!(made.is_ok_and(|status| status.success()), "mkfifo makes the FIFO");

    // Opening a FIFO for reading waits for a writer: a load that opens it never returns.
    let (sender, receiver) = std::sync::mpsc::channel();
    let root = repo.git_dir().to_path_buf();
    std::thread::spawn(move || {
        let repo = Repository::open(root.parent().expect("the work tree")).expect("open");
        let _ = sender.send(load(&repo).is_none());
    });
    let ignored = receiver.recv_timeout(std::time::Duration::from_secs(20));
    assert_eq!(ignored, Ok(true), "the FIFO is ignored at once");
    assert_eq!(cached(&repo), expected, "and replaced by a cache file");
    assert!(std::fs::metadata(&cache).is_ok_and(|metadata| metadata.is_file()));
}
