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

/// Prepares `miniapp -C dir check args…` with no GitHub Actions variables set.
fn gate(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut command = miniapp();
    command
        .arg("-C")
        .arg(dir)
        .arg("check")
        .args(args)
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_ACTOR")
        .env_remove("MINIAPP_LOG");
    command
}

/// Runs a prepared command and returns its exit code, stdout and stderr.
fn outputs(command: &mut assert_cmd::Command) -> (i32, String, String) {
    let output = command.output().expect("miniapp runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs git in `dir` with a fixed identity and clock, and returns its stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", "2024-03-01T10:00:00+07:00")
        .env("GIT_COMMITTER_DATE", "2024-03-01T10:00:00+07:00")
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Clones the example repository into `root/name` with extra `git clone` options.
fn clone(root: &Path, name: &str, options: &[&str]) -> std::path::PathBuf {
    let url = format!("file://{}", root.join("demo").display());
    let target = root.join(name);
    let mut args = vec!["clone", "--quiet"];
    args.extend_from_slice(options);
    args.push(&url);
    let target_text = target.to_string_lossy().into_owned();
    args.push(&target_text);
    git(root, &args);
    target
}

/// Fails when stderr carries libgit2's own error text.
fn assert_no_git_codes(stderr: &str) {
    assert!(!stderr.contains("class=") && !stderr.contains("code="), "git's text leaked: {stderr}");
}

#[test]
fn remote_tracking_only_checkout_uses_origin_main() {
    let root = example_repository();
    let clone = clone(root.path(), "ci", &[]);
    git(&clone, &["checkout", "--quiet", "--detach"]);
    git(&clone, &["branch", "--quiet", "-D", "main"]);
    let origin_main = git(&clone, &["rev-parse", "origin/main"]);

    let (code, stdout, stderr) =
        outputs(&mut gate(&clone, &["--actor", "someone", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let verdict: serde_json::Value = serde_json::from_str(&stdout).expect("the verdict is JSON");
    assert_eq!(verdict["base"], origin_main.as_str(), "{verdict:#}");

    // With no remote-tracking twin either, the error names the branch and how to get it.
    git(&clone, &["branch", "--quiet", "-r", "-D", "origin/main"]);
    let (code, _, stderr) = outputs(&mut gate(&clone, &["--actor", "someone"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.starts_with("error: the production branch `main` does not exist"), "{stderr}");
    assert!(stderr.contains("hint: fetch it with `git fetch origin main`"), "{stderr}");
    assert_no_git_codes(&stderr);
}

#[test]
fn shallow_clone_is_refused_with_how_to_fetch_history() {
    let root = example_repository();
    let depths: [&[&str]; 2] = [&["--depth", "1"], &["--depth", "3", "--no-single-branch"]];
    for (index, options) in depths.into_iter().enumerate() {
        let clone = clone(root.path(), &format!("shallow-{index}"), options);
        let (code, stdout, stderr) =
            outputs(&mut gate(&clone, &["--base", "main", "--head", "HEAD", "--actor", "someone"]));
        assert_eq!(code, 2, "{options:?}: {stdout}{stderr}");
        assert!(stdout.is_empty(), "{options:?}: no verdict: {stdout}");
        assert!(stderr.starts_with("error: the repository is a shallow clone"), "{stderr}");
        assert!(
            stderr.contains("fetch-depth: 0") && stderr.contains("git fetch --unshallow"),
            "{options:?}: {stderr}"
        );
    }
}

#[test]
fn bad_revision_prints_one_clean_line() {
    let root = example_repository();
    let demo = root.path().join("demo");
    for revision in ["main:registry.yaml", "nope", "main~99", "main^{tree}"] {
        for flag in ["--base", "--head"] {
            let other = if flag == "--base" { "--head" } else { "--base" };
            let args = [flag, revision, other, "main", "--actor", "someone"];
            let (code, _, stderr) = outputs(&mut gate(&demo, &args));
            assert_eq!(code, 2, "{args:?}: {stderr}");
            let mut lines = stderr.lines();
            assert_eq!(lines.next(), Some(format!("error: `{revision}` is not a commit").as_str()));
            assert!(lines.next().is_some_and(|line| line.starts_with("hint: ")), "{stderr}");
            assert_eq!(lines.next(), None, "{stderr}");
        }
    }
    // git's own words stay available in the debug log.
    let args = ["--head", "main:registry.yaml", "--base", "main", "--actor", "someone"];
    let (code, _, stderr) = outputs(gate(&demo, &args).arg("-v"));
    assert_eq!(code, 2);
    assert!(stderr.contains("DEBUG") && stderr.contains("class="), "{stderr}");
}

#[test]
fn unwritable_step_summary_warns_and_keeps_the_verdict() {
    let root = example_repository();
    let demo = root.path().join("demo");
    let summaries = [root.path().to_path_buf(), root.path().join("missing/summary.md")];
    let heads =
        [("partner/an-binh-hcm/dat-ve-xe-1.1.0", 0), ("partner/cafe-sang/dat-ban-1.0.0", 1)];
    for summary in &summaries {
        for (head, verdict) in heads {
            for format in ["human", "json"] {
                let args = ["--base", "main", "--head", head, "--actor", "someone"];
                let mut command = gate(&demo, &args);
                command.args(["--format", format]).env("GITHUB_STEP_SUMMARY", summary);
                let (code, stdout, stderr) = outputs(&mut command);
                assert_eq!(code, verdict, "{head} {format} {}: {stderr}", summary.display());
                assert!(stdout.contains("mergeable"), "the verdict is printed: {stdout}");
                let warning = stderr.lines().find(|line| line.starts_with("warning: "));
                assert!(
                    warning.is_some_and(|line| line.contains("`GITHUB_STEP_SUMMARY`")
                        && line.contains(&*summary.to_string_lossy())),
                    "{stderr}"
                );
                assert!(!stderr.contains("error:"), "{stderr}");
            }
        }
    }
}

#[test]
fn orphan_base_has_no_common_ancestor_with_a_hint() {
    let root = example_repository();
    let demo = root.path().join("demo");
    git(&demo, &["checkout", "--quiet", "--orphan", "lonely"]);
    git(&demo, &["commit", "--quiet", "-m", "a history of its own"]);
    git(&demo, &["checkout", "--quiet", "main"]);

    let args = ["--base", "lonely", "--head", "main", "--actor", "someone"];
    let (code, stdout, stderr) = outputs(&mut gate(&demo, &args));
    assert_eq!(code, 2, "{stdout}{stderr}");
    let mut lines = stderr.lines();
    assert_eq!(lines.next(), Some("error: `lonely` and `main` have no common ancestor"));
    assert!(lines.next().is_some_and(|line| line.starts_with("hint: ")), "{stderr}");
    assert_no_git_codes(&stderr);
}

#[test]
fn empty_repository_says_so() {
    let root = tempfile::tempdir().expect("a temp folder");
    git(root.path(), &["init", "--quiet", "--initial-branch", "main"]);
    std::fs::write(root.path().join("registry.yaml"), "kind: Registry\n").expect("writable");
    let (code, _, stderr) = outputs(&mut gate(root.path(), &["--actor", "someone"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.starts_with("error: the repository has no commits yet\nhint: "), "{stderr}");
}
