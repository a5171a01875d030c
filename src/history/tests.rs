//! Tests of the history reader against libgit2's own walks and diffs on small histories.

use std::collections::HashSet;

use git2::{Oid, Sort};

use crate::history::Repository;
use crate::testing::TestRepo;

const WHO: (&str, &str) = ("An", "an@example.com");

fn commit(repo: &mut TestRepo, message: &str) -> Oid {
    repo.commit(WHO.0, WHO.1, message)
}

fn merge(repo: &mut TestRepo, other: Oid, message: &str) -> Oid {
    let head = repo.head_commit().expect("a commit to merge into");
    repo.commit_with_parents(WHO.0, WHO.1, message, &[head, other])
}

fn message(repo: &Repository, id: Oid) -> String {
    let commit = repo.git().find_commit(id).expect("commit");
    String::from_utf8_lossy(commit.message_bytes()).trim().to_owned()
}

/// Every commit reachable from `tip`, by libgit2's walk.
fn reachable(repo: &Repository, tip: Oid) -> HashSet<Oid> {
    let mut walk = repo.git().revwalk().expect("walk");
    walk.push(tip).expect("push");
    walk.set_sorting(Sort::TOPOLOGICAL).expect("sort");
    walk.map(|id| id.expect("walk")).collect()
}

/// A history with every shape of merge: a plain branch, a branch merged twice, a branch that
/// took main in before it was merged, and a merge of three parents.
fn merges() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("registry.yaml", "a");
    commit(&mut repo, "root");

    repo.branch("plain").write("partners/a/partner.yaml", "1");
    commit(&mut repo, "plain 1");
    repo.write("partners/a/partner.yaml", "2");
    let plain = commit(&mut repo, "plain 2");
    repo.switch("main");
    merge(&mut repo, plain, "merge plain");

    repo.branch("twice").write("partners/b/partner.yaml", "1");
    let first = commit(&mut repo, "twice 1");
    repo.switch("main");
    merge(&mut repo, first, "merge twice, first time");
    repo.switch("twice").write("partners/b/partner.yaml", "2");
    let second = commit(&mut repo, "twice 2");
    repo.switch("main").write("registry.yaml", "b");
    commit(&mut repo, "main moves on");
    merge(&mut repo, second, "merge twice, second time");

    repo.branch("takes-main").write("partners/c/partner.yaml", "1");
    commit(&mut repo, "takes-main 1");
    repo.switch("main").write("registry.yaml", "c");
    let main_tip = commit(&mut repo, "main moves again");
    repo.switch("takes-main");
    merge(&mut repo, main_tip, "take main in");
    repo.write("partners/c/partner.yaml", "2");
    let took = commit(&mut repo, "takes-main 2");
    repo.switch("main");
    merge(&mut repo, took, "merge takes-main");

    repo.branch("one").write("partners/d/partner.yaml", "1");
    let one = commit(&mut repo, "one");
    repo.switch("main").branch("two").write("partners/e/partner.yaml", "1");
    let two = commit(&mut repo, "two");
    repo.switch("main");
    let head = repo.head_commit().expect("main");
    repo.commit_with_parents(WHO.0, WHO.1, "octopus", &[head, one, two]);
    repo
}

#[test]
fn merged_commits_agree_with_the_full_walk_on_every_shape_of_merge() {
    let test = merges();
    let repo = Repository::open(test.path()).expect("open");
    let tip = repo.resolve("main").expect("main");
    let mut known = HashSet::new();
    let mut merges = 0;
    for id in repo.first_parent_line(tip).expect("line") {
        let merged = repo.merged_commits(id, &known).expect("merged commits");
        assert_eq!(merged, repo.side_commits(id).expect("side commits"), "at {id}");
        if let Some(parent) = repo.first_parent(id).expect("parent") {
            assert_eq!(known, reachable(&repo, parent), "known is what the parent reaches");
        }
        merges += usize::from(!merged.is_empty());
        known.extend(merged);
        known.insert(id);
    }
    assert_eq!(merges, 5, "every merge brought commits in");
}

#[test]
fn a_branch_merged_a_second_time_brings_only_its_new_commits() {
    let test = merges();
    let repo = Repository::open(test.path()).expect("open");
    let tip = repo.resolve("main").expect("main");
    let line = repo.first_parent_line(tip).expect("line");
    let second = line
        .iter()
        .find(|id| message(&repo, **id) == "merge twice, second time")
        .expect("the second merge");
    let parent = repo.first_parent(*second).expect("parent").expect("a parent");
    let merged = repo.merged_commits(*second, &reachable(&repo, parent)).expect("merged");
    let messages: Vec<String> = merged.iter().map(|id| message(&repo, *id)).collect();
    assert_eq!(messages, ["twice 2"]);
}

#[test]
fn changes_agree_with_libgit2s_diff() {
    let mut test = TestRepo::new();
    test.write("registry.yaml", "a").write("partners/a/partner.yaml", "1");
    test.write("partners/a/apps/x/app.yaml", "1").write("partners/b/partner.yaml", "1");
    test.write("outside.md", "1");
    commit(&mut test, "first");
    // An edit, an addition, a removal, a file that becomes a folder, a symlink, and a change
    // outside the tracked paths.
    test.write("partners/a/partner.yaml", "2").write("partners/c/partner.yaml", "1");
    test.remove("partners/b/partner.yaml").remove("partners/a/apps/x/app.yaml");
    test.write("partners/a/apps/x", "now a file").symlink("partners/a/link", "partner.yaml");
    test.write("outside.md", "2");
    commit(&mut test, "second");
    test.remove("partners/a/apps/x").write("partners/a/apps/x/app.yaml", "3");
    commit(&mut test, "third");

    let repo = Repository::open(test.path()).expect("open");
    let tip = repo.resolve("main").expect("main");
    let line = repo.first_parent_line(tip).expect("line");
    for (at, id) in line.iter().enumerate() {
        let ours: Vec<(String, Option<Oid>, Option<Oid>)> = repo
            .step(*id)
            .expect("step")
            .changes
            .into_iter()
            .map(|change| (change.path, change.before, change.after))
            .collect();
        let git = repo.git();
        let tree = |id: Oid| git.find_commit(id).expect("commit").tree().expect("tree");
        let old = at.checked_sub(1).map(|before| tree(line[before]));
        let diff = git.diff_tree_to_tree(old.as_ref(), Some(&tree(*id)), None).expect("diff");
        let mut theirs: Vec<(String, Option<Oid>, Option<Oid>)> = diff
            .deltas()
            .filter_map(|delta| {
                let path = delta.new_file().path().or(delta.old_file().path())?;
                let path = path.to_string_lossy().into_owned();
                let tracked = path.starts_with("partners/") || path == "registry.yaml";
                let side = |file: git2::DiffFile<'_>| (!file.id().is_zero()).then(|| file.id());
                tracked.then(|| (path, side(delta.old_file()), side(delta.new_file())))
            })
            .collect();
        theirs.sort();
        assert_eq!(ours, theirs, "commit {at}");
    }
    let found = |path: &str| repo.blob_at(tip, path).expect("lookup").is_some();
    assert!(found("partners/a/link"), "a symlink is a blob");
    assert!(found("partners/a/apps/x/app.yaml"));
    assert!(!found("partners/a/apps/x"), "a folder is not a blob");
    assert!(!found("partners/b/partner.yaml"), "removed");
    assert!(!found("partners/a/partner.yaml/deeper"), "below a file");
}
