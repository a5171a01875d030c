//! `miniapp check` on the repository `miniapp init --example` creates: each open branch
//! gets the verdict its state implies, and the event payload supplies the defaults.

use std::path::Path;

use crate::support::miniapp;

/// Creates the example repository in a temp folder.
fn example_repository() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("a temp folder");
    miniapp().arg("init").arg("--example").arg(root.path().join("demo")).assert().success();
    root
}

fn check(demo: &Path, head: &str) -> (i32, serde_json::Value) {
    let output = miniapp()
        .arg("-C")
        .arg(demo)
        .args(["check", "--base", "main", "--head", head, "--actor", "someone", "--format", "json"])
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("miniapp runs");
    let json = serde_json::from_slice(&output.stdout).expect("the verdict is JSON");
    (output.status.code().expect("an exit code"), json)
}

#[test]
fn only_the_approved_open_branch_is_mergeable() {
    let root = example_repository();
    let demo = root.path().join("demo");
    let cases = [
        ("partner/an-binh-hcm/dat-ve-xe-1.1.0", 0, "approved"),
        ("partner/an-binh-hcm/gui-hang-1.0.0", 1, "changes-requested"),
        ("partner/cafe-sang/dat-ban-1.0.0", 1, "stale"),
        ("partner/cafe-sang/the-qua-tang-1.0.0", 1, "missing"),
    ];
    for (branch, code, approval) in cases {
        let (exit, verdict) = check(&demo, branch);
        assert_eq!(exit, code, "{branch}: {verdict:#}");
        assert_eq!(verdict["mergeable"], code == 0, "{branch}");
        assert_eq!(verdict["rollouts"][0]["approval"], approval, "{branch}: {verdict:#}");
        assert_eq!(verdict["summary"]["errors"], 0, "{branch}: no blocking finding");
    }
}

#[test]
fn the_event_payload_supplies_base_and_head() {
    let root = example_repository();
    let demo = root.path().join("demo");
    let repository = git2::Repository::open(&demo).expect("the example repository");
    let sha = |rev: &str| repository.revparse_single(rev).expect("a revision").id().to_string();
    let event = serde_json::json!({
        "number": 7,
        "pull_request": {
            "number": 7,
            "base": { "sha": sha("main") },
            "head": { "sha": sha("partner/an-binh-hcm/dat-ve-xe-1.1.0") },
            "user": { "login": "le-hoang-nam" }
        }
    });
    let event_path = root.path().join("event.json");
    std::fs::write(&event_path, event.to_string()).expect("a writable temp folder");
    let summary_path = root.path().join("summary.md");

    let assert = miniapp()
        .arg("-C")
        .arg(&demo)
        .arg("check")
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_ACTOR", "le-hoang-nam")
        .env("GITHUB_STEP_SUMMARY", &summary_path)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("verdict: mergeable"), "{stdout}");
    let summary = std::fs::read_to_string(&summary_path).expect("a step summary");
    assert!(summary.starts_with("## miniapp check: mergeable"), "{summary}");
}

#[test]
fn outside_a_repository_exits_two() {
    let root = tempfile::tempdir().expect("a temp folder");
    std::fs::write(root.path().join("registry.yaml"), "kind: Registry\n").expect("writable");
    let assert = miniapp()
        .arg("-C")
        .arg(root.path())
        .args(["check", "--actor", "someone"])
        .env_remove("GITHUB_EVENT_PATH")
        .env("GIT_CEILING_DIRECTORIES", root.path().parent().expect("a parent"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.starts_with("error: "), "{stderr}");
}

#[test]
fn no_actor_exits_two_with_a_hint() {
    let root = example_repository();
    let assert = miniapp()
        .arg("-C")
        .arg(root.path().join("demo"))
        .arg("check")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_ACTOR")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("hint: pass `--actor LOGIN`"), "{stderr}");
}
