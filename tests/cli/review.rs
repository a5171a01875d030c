//! `miniapp review`: the review file validates, moves the rollout's state, commits only
//! itself, and refuses codes and pointers the catalog and rollout do not allow.

use std::fs;
use std::path::Path;

use crate::support::{example_repository, run_in};

const BRANCH: &str = "partner/cafe-sang/the-qua-tang-1.0.0";
const ROLLOUT: &str = "cafe-sang/the-qua-tang/1.0.0";
const REVIEW: &str = "partners/cafe-sang/apps/the-qua-tang/reviews/1.0.0.yaml";
const NOW: &str = "2025-06-20T10:00:00+07:00";

/// Checks out the branch the rollout is open on and sets a committer identity.
fn on_branch(root: &Path) -> git2::Repository {
    let repo = git2::Repository::open(root).expect("the example repository");
    repo.set_head(&format!("refs/heads/{BRANCH}")).expect("the branch exists");
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force())).expect("a checkout");
    let mut config = repo.config().expect("repository config");
    config.set_str("user.name", "Lê Hoàng Nam").expect("config");
    config.set_str("user.email", "nam.le@momo.example").expect("config");
    repo
}

fn rollout_state(root: &Path) -> String {
    let (code, stdout, stderr) =
        run_in(root, &["status", ROLLOUT, "--format", "json", "--now", NOW]);
    assert_eq!(code, 0, "{stderr}");
    let items: serde_json::Value = serde_json::from_str(&stdout).expect("status json");
    let items = items.as_array().expect("an array");
    let rollout = items.iter().find(|item| item["kind"] == "rollout").expect("the rollout");
    assert_eq!(rollout["branch"], BRANCH);
    rollout["state"].as_str().expect("a state").to_owned()
}

#[test]
fn an_approval_committed_on_the_branch_moves_the_rollout_to_approved() {
    let temp = example_repository();
    let root = temp.path().join("registry");
    let repo = on_branch(&root);
    // An unrelated staged change must stay staged and out of the review's commit.
    fs::write(root.join("README.md"), "edited\n").expect("writable");
    let mut index = repo.index().expect("index");
    index.add_path(Path::new("README.md")).expect("stage");
    index.write().expect("write index");
    assert_eq!(rollout_state(&root), "submitted");

    // The reviewer comes from `user.email`, matched against `registry.yaml`.
    let (code, _, stderr) =
        run_in(&root, &["review", ROLLOUT, "--approve", "--note", "Đạt.", "--commit"]);

    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("approved by `le-hoang-nam`"), "{stderr}");
    let review = fs::read_to_string(root.join(REVIEW)).expect("the review file");
    assert!(review.starts_with(
        "# yaml-language-server: $schema=../../../../../schemas/review.schema.json\n"
    ));
    assert!(review.contains("reviewer: le-hoang-nam\nverdict: approved\nnote: Đạt.\n"), "{review}");
    assert_eq!(rollout_state(&root), "approved");
    let head = repo.head().expect("head").peel_to_commit().expect("a commit");
    assert_eq!(head.summary(), Ok(Some("Review cafe-sang/the-qua-tang 1.0.0: approved")));
    assert_eq!(head.author().name().ok(), Some("Lê Hoàng Nam"));
    let parent = head.parent(0).expect("a parent");
    let diff = repo
        .diff_tree_to_tree(
            Some(&parent.tree().expect("tree")),
            Some(&head.tree().expect("tree")),
            None,
        )
        .expect("a diff");
    let changed: Vec<String> = diff
        .deltas()
        .filter_map(|delta| delta.new_file().path().map(|path| path.display().to_string()))
        .collect();
    assert_eq!(changed, [REVIEW]);
    let statuses = repo.statuses(None).expect("statuses");
    let staged: Vec<String> = statuses
        .iter()
        .filter(|entry| entry.status().is_index_modified())
        .filter_map(|entry| entry.path().ok().map(str::to_owned))
        .collect();
    assert_eq!(staged, ["README.md"], "the other change is still staged");
    let (code, stdout, stderr) = run_in(&root, &["validate"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn changes_requested_pairs_each_note_with_the_defect_before_it() {
    let temp = example_repository();
    let root = temp.path().join("registry");
    on_branch(&root);

    let args = [
        "review",
        "partners/cafe-sang/apps/the-qua-tang/rollouts/1.0.0.yaml",
        "--note",
        "Cần sửa hai lỗi.",
        "--request-changes",
        "--defect",
        "WEBVIEW_LINK_INVALID@/webview/production",
        "--note",
        "Link trả về 404.",
        "--defect",
        "FUNC_BROKEN",
        "--reviewer",
        "nguyen-thu-ha",
        "--commit",
    ];
    let (code, _, stderr) = run_in(&root, &args);

    assert_eq!(code, 0, "{stderr}");
    let review = fs::read_to_string(root.join(REVIEW)).expect("the review file");
    let expected = "verdict: changes-requested\ndefects:\n  - code: WEBVIEW_LINK_INVALID\n    \
                    pointer: \"/webview/production\"\n    note: Link trả về 404.\n  - code: \
                    FUNC_BROKEN\nnote: Cần sửa hai lỗi.\n";
    assert!(review.contains(expected), "{review}");
    assert_eq!(rollout_state(&root), "changes-requested");
}

#[test]
fn review_refuses_bad_codes_notes_and_pointers_without_writing() {
    let temp = example_repository();
    let root = temp.path().join("registry");
    on_branch(&root);
    let defects = fs::read_to_string(root.join("defects.yaml")).expect("defects.yaml");
    let retired = defects.replacen("  FUNC_BROKEN:\n", "  FUNC_BROKEN:\n    deprecated: true\n", 1);
    assert_ne!(retired, defects, "the catalog has FUNC_BROKEN");
    fs::write(root.join("defects.yaml"), retired).expect("writable");

    let args = [
        "review",
        ROLLOUT,
        "--request-changes",
        "--defect",
        "NOT_A_CODE",
        "--defect",
        "FUNC_BROKEN",
        "--defect",
        "OTHER",
        "--defect",
        "WEBVIEW_LINK_INVALID@/webview/missing",
        "--reviewer",
        "nguyen-thu-ha",
    ];
    let (code, _, stderr) = run_in(&root, &args);

    assert_eq!(code, 2);
    assert!(stderr.contains("4 problems"), "{stderr}");
    assert!(stderr.contains("`NOT_A_CODE` is not a defect code"), "{stderr}");
    assert!(stderr.contains("`FUNC_BROKEN` is deprecated"), "{stderr}");
    assert!(stderr.contains("`OTHER` needs a note"), "{stderr}");
    assert!(stderr.contains("`/webview/missing`"), "{stderr}");
    assert!(!root.join(REVIEW).exists());

    let (code, _, stderr) =
        run_in(&root, &["review", ROLLOUT, "--approve", "--reviewer", "nobody"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`nobody` is neither a reviewer nor an admin"), "{stderr}");
    let (code, _, stderr) = run_in(&root, &["review", ROLLOUT, "--request-changes"]);
    assert_eq!(code, 2, "{stderr}");
}
