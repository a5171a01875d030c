//! Regression tests for faults a hostile tester found in `status` and `history`: each
//! is named after the fault it guards against.

use std::path::Path;

use crate::history::{Fixture, PARTNER, REGISTRY};
use crate::status::{NOW, assert_environment_error, miniapp, requested_app};
use crate::support::example_repository;

const REVIEW: &str = "partners/cafe-sang/apps/dat-mon/reviews/1.1.0.yaml";

/// Overwrites the loose object of `main:path` with bytes git cannot inflate.
fn corrupt_loose_object(registry: &Path, path: &str) -> git2::Oid {
    let repo = git2::Repository::open(registry).expect("the example is a repository");
    let tree = repo.revparse_single("main^{tree}").expect("main").peel_to_tree().expect("tree");
    let blob = tree.get_path(Path::new(path)).expect("the example holds the review").id();
    let hex = blob.to_string();
    let object = registry.join(".git/objects").join(&hex[..2]).join(&hex[2..]);
    let mut permissions = std::fs::metadata(&object).expect("the object is loose").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&object, permissions).expect("writable");
    std::fs::write(&object, b"not a zlib stream").expect("overwritten");
    blob
}

#[test]
fn corrupt_blob_is_an_environment_error_not_a_lifecycle_violation() {
    let root = example_repository();
    let registry = root.path().join("registry");
    let blob = corrupt_loose_object(&registry, REVIEW);

    let stderr = assert_environment_error(&registry, &["status", "cafe-sang/dat-mon"], "corrupt");
    // The failed run must not have cached states computed without the blob.
    assert_environment_error(&registry, &["status", "cafe-sang/dat-mon"], "corrupt");

    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.contains(&format!("`{REVIEW}`")), "names the path: {stderr}");
    let repo = git2::Repository::open(&registry).expect("open");
    let holder = repo
        .revwalk()
        .and_then(|mut walk| {
            walk.push_head()?;
            walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
            Ok(walk.flatten().collect::<Vec<_>>())
        })
        .expect("walk")
        .into_iter()
        .find(|id| {
            let tree = repo.find_commit(*id).and_then(|commit| commit.tree()).expect("tree");
            tree.get_path(Path::new(REVIEW)).is_ok_and(|entry| entry.id() == blob)
        })
        .expect("a commit holds the blob");
    assert!(first.contains(&format!("at commit `{holder}`")), "names the commit: {stderr}");
    assert!(stderr.contains("git fsck"), "{stderr}");
    assert!(!stderr.contains("lifecycle-unapproved-on-production"), "{stderr}");
    assert!(!stderr.contains("WARN"), "one clear line, no log: {stderr}");

    assert_environment_error(&registry, &["history", "cafe-sang/dat-mon"], "corrupt");
}

#[test]
fn readable_blob_with_broken_yaml_is_a_document_that_does_not_parse() {
    let fixture = requested_app();
    let review = miniapp::registry::review_path("acme", "shop", "1.0.0");
    let rollout = miniapp::registry::rollout_path("acme", "shop", "1.0.0");
    fixture.commit(
        "main",
        &[(&rollout, Some(&crate::history::rollout("1.0.0", 1, &[]))), (&review, Some("a: ["))],
    );

    let (code, stdout, stderr) = miniapp(fixture.path(), &["status", "--now", NOW]);

    assert_eq!(code, 1, "the review reads as missing, not as an error: {stderr}");
    assert!(stdout.contains("lifecycle-unapproved-on-production"), "{stdout}");
}

#[test]
fn invalid_registry_yaml_is_an_error_not_ignored_or_half_applied() {
    let broken = Fixture::new();
    broken.commit(
        "trunk",
        &[("registry.yaml", Some("name: [\nproduction_branch: trunk\n")), (PARTNER, Some("{}"))],
    );
    broken.repo.set_head("refs/heads/trunk").expect("head");
    let stderr = assert_environment_error(
        broken.path(),
        &["status"],
        "`registry.yaml` at `HEAD` is invalid",
    );
    assert!(!stderr.contains("production branch"), "{stderr}");
    let hint = stderr.lines().find(|line| line.starts_with("hint: ")).unwrap_or_default();
    assert!(hint.contains("`yaml-syntax` on line 1"), "{stderr}");
    assert!(hint.contains("miniapp validate"), "{stderr}");

    let zero = Fixture::new();
    let settings = REGISTRY.replace("\"review_days\": 3", "\"review_days\": 0");
    assert_ne!(settings, REGISTRY, "the fixture names `review_days`");
    zero.commit("main", &[("registry.yaml", Some(&settings)), (PARTNER, Some("{}"))]);
    let stderr = assert_environment_error(
        zero.path(),
        &["history", "acme", "--at", "main"],
        "`registry.yaml` at `main` is invalid",
    );
    assert!(stderr.contains("`schema-limit` on line 3"), "{stderr}");
}

#[test]
fn item_that_names_nothing_is_an_error_not_zero_items() {
    let fixture = requested_app();

    let stderr = assert_environment_error(fixture.path(), &["status", "nosuch/item"], "no item");
    assert!(stderr.starts_with("error: no item `nosuch/item`\n"), "{stderr}");
    let stderr = assert_environment_error(fixture.path(), &["status", "acme/shpo"], "no item");
    assert!(stderr.contains("hint: did you mean `acme/shop`?"), "{stderr}");
    let stderr = assert_environment_error(
        fixture.path(),
        &["history", "acme/nothing"],
        "no item `acme/nothing`",
    );
    assert!(stderr.contains("hint: "), "{stderr}");

    let (code, _, stderr) = miniapp(fixture.path(), &["status", "acme", "acme/shop"]);
    assert_eq!(code, 0, "known items still filter: {stderr}");
}

#[test]
fn status_in_a_subfolder_reads_the_registry_above_it() {
    let root = example_repository();
    let registry = root.path().join("registry");
    let args = ["status", "--format", "json", "--now", NOW];
    let (code, expected, stderr) = miniapp(&registry, &args);
    assert_eq!(code, 0, "{stderr}");

    for folder in ["partners", "partners/cafe-sang/apps"] {
        let (code, stdout, stderr) = miniapp(&registry.join(folder), &args);
        assert_eq!(code, 0, "{folder}: {stderr}");
        assert_eq!(stdout, expected, "{folder} reads the same registry");
    }
}

#[test]
fn clock_before_the_newest_event_warns_once() {
    let fixture = requested_app();

    let (code, _, stderr) = miniapp(fixture.path(), &["status", "--now", "1900-01-01T00:00:00Z"]);

    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.matches("warning: ").count(), 1, "{stderr}");
    assert!(stderr.contains("before the newest event"), "{stderr}");
    let (_, _, stderr) =
        miniapp(fixture.path(), &["history", "acme", "--now", "1900-01-01T00:00:00Z"]);
    assert_eq!(stderr.matches("warning: ").count(), 1, "{stderr}");

    let (_, _, stderr) = miniapp(fixture.path(), &["status", "--now", NOW]);
    assert!(!stderr.contains("warning: "), "{stderr}");
}
