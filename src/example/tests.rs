//! Tests of `init --example`: the repository, its branches, trees and fixed commit ids.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use git2::{Oid, Repository};

use super::*;
use crate::example::steps::OPEN_BRANCHES;

/// Files that only open branches hold.
const BRANCH_ONLY: [&str; 7] = [
    "partners/cafe-sang/apps/dat-ban/rollouts/1.0.0.yaml",
    "partners/cafe-sang/apps/dat-ban/reviews/1.0.0.yaml",
    "partners/cafe-sang/apps/the-qua-tang/rollouts/1.0.0.yaml",
    "partners/an-binh-hcm/apps/gui-hang/rollouts/1.0.0.yaml",
    "partners/an-binh-hcm/apps/gui-hang/reviews/1.0.0.yaml",
    "partners/an-binh-hcm/apps/dat-ve-xe/rollouts/1.1.0.yaml",
    "partners/an-binh-hcm/apps/dat-ve-xe/reviews/1.1.0.yaml",
];

fn tree_files(repo: &Repository, tip: Oid) -> BTreeMap<String, Vec<u8>> {
    let tree = repo.find_commit(tip).expect("tip exists").tree().expect("commit has a tree");
    let mut files = BTreeMap::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            let blob = repo.find_blob(entry.id()).expect("blob exists");
            let name = entry.name().expect("names are UTF-8");
            files.insert(format!("{root}{name}"), blob.content().to_vec());
        }
        git2::TreeWalkResult::Ok
    })
    .expect("tree walk succeeds");
    files
}

fn schema_paths() -> BTreeSet<String> {
    files::SCHEMAS.iter().map(|(name, _)| format!("schemas/{name}")).collect()
}

#[test]
fn init_creates_a_repository_with_main_and_the_open_branches() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("registry");
    let created = init(&target).expect("init succeeds");

    let names: BTreeSet<&str> = created.branches.iter().map(|(name, _)| name.as_str()).collect();
    let mut expected: BTreeSet<&str> = OPEN_BRANCHES.into_iter().collect();
    expected.insert("main");
    assert_eq!(names, expected);

    let repo = Repository::open(&target).expect("a repository");
    assert_eq!(repo.head().expect("HEAD").shorthand().ok(), Some("main"));
    let mut on_disk: Vec<String> = repo
        .branches(Some(git2::BranchType::Local))
        .expect("branches")
        .map(|branch| branch.expect("branch").0.name().expect("name").expect("utf-8").to_owned())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, expected.iter().map(|name| name.to_string()).collect::<Vec<_>>());
    assert!(target.join("registry.yaml").is_file(), "main is checked out");
    assert!(target.join("schemas/partner.schema.json").is_file(), "schemas are written");
}

#[test]
fn main_holds_every_file_except_the_open_branches_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let created = init(dir.path()).expect("init succeeds");
    let repo = Repository::open(dir.path()).expect("a repository");
    let main = tree_files(&repo, created.tip("main").expect("main"));

    let mut expected: BTreeSet<String> = files::FILES
        .iter()
        .map(|(path, _)| (*path).to_owned())
        .filter(|path| !BRANCH_ONLY.contains(&path.as_str()))
        .collect();
    expected.extend(schema_paths());
    assert_eq!(main.keys().cloned().collect::<BTreeSet<_>>(), expected);
    for (path, bytes) in files::FILES {
        if let Some(committed) = main.get(*path) {
            assert_eq!(committed, bytes, "{path} on main differs from example-registry/");
        }
    }
}

#[test]
fn the_folder_is_the_union_of_every_branch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let created = init(dir.path()).expect("init succeeds");
    let repo = Repository::open(dir.path()).expect("a repository");

    let mut union: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, tip) in &created.branches {
        for (path, bytes) in tree_files(&repo, *tip) {
            if let Some(seen) = union.get(&path) {
                assert_eq!(seen, &bytes, "{path} differs between branches (seen on {name})");
            }
            union.insert(path, bytes);
        }
    }
    let schemas = schema_paths();
    union.retain(|path, _| !schemas.contains(path));
    let embedded: BTreeMap<String, Vec<u8>> =
        files::FILES.iter().map(|(path, bytes)| ((*path).to_owned(), bytes.to_vec())).collect();
    assert_eq!(union, embedded);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    init(dir.path()).expect("first init succeeds");
    let error = init(dir.path()).expect_err("second init is refused");
    assert!(matches!(error, InitError::NotEmpty { .. }), "{error:?}");

    let other = tempfile::tempdir().expect("temp dir");
    std::fs::write(other.path().join("notes.txt"), "x").expect("write");
    assert!(matches!(init(other.path()), Err(InitError::NotEmpty { .. })));
}

#[test]
fn commit_ids_are_the_same_on_every_run() {
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    let one = init(first.path()).expect("init succeeds");
    let two = init(second.path()).expect("init succeeds");
    assert_eq!(one, two);
}

#[test]
fn history_has_merges_a_squash_and_fixed_times() {
    let dir = tempfile::tempdir().expect("temp dir");
    let created = init(dir.path()).expect("init succeeds");
    let repo = Repository::open(dir.path()).expect("a repository");
    let now =
        time::OffsetDateTime::parse(STORY_NOW, &time::format_description::well_known::Rfc3339)
            .expect("STORY_NOW is RFC 3339")
            .unix_timestamp();

    let mut walk = repo.revwalk().expect("revwalk");
    for (_, tip) in &created.branches {
        walk.push(*tip).expect("push tip");
    }
    let mut merges = 0;
    let mut commits = 0;
    let registry = String::from_utf8_lossy(files::file("registry.yaml").expect("embedded"));
    let mut people = registry.into_owned();
    for (path, bytes) in files::FILES {
        if path.ends_with("partner.yaml") {
            people.push_str(&String::from_utf8_lossy(bytes));
        }
    }
    for oid in walk {
        let commit = repo.find_commit(oid.expect("oid")).expect("commit");
        commits += 1;
        if commit.parent_count() == 2 {
            merges += 1;
        }
        assert!(commit.time().seconds() < now, "commit {} is after STORY_NOW", commit.id());
        assert_eq!(commit.time().offset_minutes(), 420);
        let email = commit.author().email().expect("utf-8").to_owned();
        assert!(people.contains(&format!("email: {email}")), "unknown author {email}");
    }
    assert_eq!(merges, 8);
    assert_eq!(
        commits,
        steps::STEPS.iter().filter(|step| !matches!(step, story::Step::Branch(_))).count()
    );

    let main = repo.find_commit(created.tip("main").expect("main")).expect("commit");
    assert_eq!(main.time().seconds(), 1_749_607_200, "main ends with the 2025-06-11 merge");
    let squash = repo.revparse_single("main").expect("main").peel_to_commit().expect("commit");
    let mut first_parent = Some(squash);
    let mut squashes = 0;
    while let Some(commit) = first_parent {
        if commit.author().email() != commit.committer().email() && commit.parent_count() == 1 {
            squashes += 1;
        }
        first_parent = commit.parent(0).ok();
    }
    assert_eq!(squashes, 1, "one pull request is squash-merged");
}

#[test]
fn schema_headers_resolve_inside_the_created_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    init(dir.path()).expect("init succeeds");
    for (path, bytes) in files::FILES {
        if !path.ends_with(".yaml") {
            continue;
        }
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        let first = text.lines().next().expect("a first line");
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{path} lacks the header"));
        // Resolved lexically: branch-only folders are not checked out on `main`.
        let mut resolved: Vec<&str> = path.split('/').collect();
        resolved.pop();
        for part in target.split('/') {
            match part {
                ".." => assert!(resolved.pop().is_some(), "{path}: `{target}` leaves the root"),
                _ => resolved.push(part),
            }
        }
        let resolved = resolved.join("/");
        assert!(dir.path().join(&resolved).is_file(), "{path}: `{resolved}` is missing");
    }
}

#[test]
fn the_embedded_list_matches_the_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry");
    let mut on_disk = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(&root).expect("under root");
            on_disk.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    let embedded: BTreeSet<String> =
        files::FILES.iter().map(|(path, _)| (*path).to_owned()).collect();
    assert_eq!(on_disk, embedded);
}
