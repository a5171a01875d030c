//! Branches replayed on the shared prefix, each rolled back before the next, give what each
//! branch's own replay from the root gives.

use git2::{IndexEntry, IndexTime, Signature, Time};

use super::*;

/// Commits `changes` (a path and its new content, or `None` to delete it) on top of
/// `parents[0]`, with `parents` as the parents, and points `refs/heads/{branch}` at it.
fn commit(
    git: &git2::Repository,
    branch: &str,
    parents: &[Oid],
    changes: &[(&str, Option<&str>)],
) -> Oid {
    let first = git.find_commit(parents[0]).expect("the parent exists");
    let mut index = git2::Index::new().expect("an index");
    index.read_tree(&first.tree().expect("a tree")).expect("the parent's tree");
    for (path, content) in changes {
        match content {
            Some(content) => {
                let id = git.blob(content.as_bytes()).expect("a blob");
                let time = IndexTime::new(0, 0);
                let entry = IndexEntry {
                    ctime: time,
                    mtime: time,
                    dev: 0,
                    ino: 0,
                    mode: 0o100644,
                    uid: 0,
                    gid: 0,
                    file_size: 0,
                    id,
                    flags: 0,
                    flags_extended: 0,
                    path: path.as_bytes().to_vec(),
                };
                index.add(&entry).expect("an entry");
            }
            None => index.remove_path(std::path::Path::new(path)).expect("a present path"),
        }
    }
    let tree = git.find_tree(index.write_tree_to(git).expect("a tree")).expect("the tree");
    let parents: Vec<git2::Commit> =
        parents.iter().map(|id| git.find_commit(*id).expect("a parent")).collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    let who = Signature::new("Test", "test@example.com", &Time::new(1_750_000_000, 420))
        .expect("a signature");
    let id = git.commit(None, &who, &who, branch, &tree, &parents).expect("a commit");
    git.reference(&format!("refs/heads/{branch}"), id, true, "test").expect("a branch");
    id
}

/// The example story, plus branches that fork at the same commit and touch the same
/// rollout, delete a landed rollout, fork further back, and merge another branch in.
fn many_branches() -> (tempfile::TempDir, Repository) {
    let dir = tempfile::tempdir().expect("a temp dir");
    crate::example::init(dir.path()).expect("the example story plays");
    let git = git2::Repository::open(dir.path()).expect("the example is a repository");
    let tip = git.refname_to_id("refs/heads/main").expect("main");
    let older = git.find_commit(tip).expect("main").parent_id(0).expect("a parent");
    let apps = "partners/cafe-sang/apps";
    let edited = format!("{apps}/dat-mon/rollouts/1.1.0.yaml");
    let review = format!("{apps}/dat-mon/reviews/1.1.0.yaml");
    let landed = format!("{apps}/dat-ban/rollouts/1.0.0.yaml");
    let new = "partners/an-binh-hcm/apps/gui-hang/rollouts/1.1.0.yaml";
    let new_review = "partners/an-binh-hcm/apps/gui-hang/reviews/1.1.0.yaml";

    let one = commit(&git, "test-one", &[tip], &[(&edited, Some("version: 1.1.1\n"))]);
    commit(&git, "test-one", &[one], &[(&review, Some("verdict: approved\n"))]);
    commit(&git, "test-two", &[tip], &[(&edited, Some("version: 1.1.2\n")), (&landed, None)]);
    let request = commit(&git, "test-old", &[older], &[(new, Some("version: 1.1.0\n"))]);
    let old = commit(&git, "test-old", &[request], &[(new_review, Some("verdict: approved\n"))]);
    let own = commit(&git, "test-merging", &[tip], &[(&edited, Some("version: 1.1.3\n"))]);
    commit(&git, "test-merging", &[own, old], &[]);
    let repo = Repository::open(dir.path()).expect("the example is a repository");
    (dir, repo)
}

#[test]
fn branches_sharing_a_prefix_read_as_if_each_were_replayed_alone() {
    let (_dir, repo) = many_branches();
    let production = repo.branch_tip("main").expect("main").tip;
    let open = repo.open_branches(production).expect("branches");
    assert!(open.len() >= 8, "the example's four and the test's four: {open:?}");
    let progress = indicatif::ProgressBar::hidden();
    let mut documents = Documents::new(crate::validate::read_typed);

    let (main, entries) =
        read(&repo, production, None, &open, &[], &mut documents, &progress).expect("read");

    assert!(main.items.production);
    assert!(!main.items.tracks().is_empty(), "the production line was replayed");
    assert_eq!(entries.len(), open.len());
    for (entry, branch) in entries.iter().zip(&open) {
        let line = repo.first_parent_line(branch.tip).expect("a line");
        let mut alone = Line::new(false);
        alone.advance_all(&repo, &line, &mut documents, &progress).expect("replayed");
        let base = repo.merge_base(branch.tip, production);
        let expected =
            candidates(&repo, &alone.files, &alone.items, branch.tip, base).expect("candidates");
        assert_eq!(format!("{:?}", entry.candidates), format!("{expected:?}"), "{}", branch.name);
    }
    let changed: usize = entries.iter().map(|entry| entry.candidates.len()).sum();
    assert!(changed >= 8, "the branches report their rollouts: {changed}");
}
