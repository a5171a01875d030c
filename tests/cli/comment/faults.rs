//! The faults a run survives (refusals, rejections, rate limits, 5xx, timeouts), long
//! lists across pages, the dry run, and the `workflow_run` lookup of the pull request.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer};

use super::{
    APPROVED, CHANGES_REQUESTED, REPO, ROLLOUT, command, example, github_answer, mount_defaults,
    run, sent, summary_of, validation_failed, writes,
};

#[tokio::test]
async fn a_read_only_token_falls_back_to_annotations() {
    let root = example();
    let server = MockServer::start().await;
    let refused = json!({"message": "Resource not accessible by integration",
        "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment"});
    Mock::given(method("POST"))
        .respond_with(github_answer(403).set_body_json(refused))
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    let output = run(root.path(), &server, CHANGES_REQUESTED, &[]);

    assert_eq!(output.status.code(), Some(1), "the exit code is still the verdict");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(&format!("::error file={ROLLOUT}")));
    assert!(stdout.contains("::warning file="));
    let sent = sent(&server).await;
    assert!(writes(&sent, "POST", "/issues/7/labels").is_empty(), "no writes after a refusal");
}

#[tokio::test]
async fn a_422_on_one_inline_comment_moves_it_to_the_summary() {
    let root = example();
    let server = MockServer::start().await;
    let invalid = validation_failed("PullRequestReviewComment", "line");
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/pulls/7/reviews")))
        .respond_with(github_answer(422).set_body_json(invalid.clone()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/pulls/7/comments")))
        .and(body_string_contains("DATA_REPEATED_ASK"))
        .respond_with(github_answer(422).set_body_json(invalid))
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let sent = sent(&server).await;
    assert_eq!(writes(&sent, "POST", "/pulls/7/comments").len(), 3, "one by one");
    let summary = summary_of(&sent);
    assert!(summary.contains("DATA_REPEATED_ASK"));
    assert!(!summary.contains("PAY_NO_RESULT_REDIRECT"), "the others stayed inline");
}

#[tokio::test]
async fn waits_out_a_rate_limit_with_retry_after() {
    let root = example();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .respond_with(
            github_answer(403)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"message": "You have exceeded a secondary rate limit",
                    "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    let started = Instant::now();
    let output = run(root.path(), &server, CHANGES_REQUESTED, &[]);

    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(started.elapsed() >= Duration::from_secs(1));
    let sent = sent(&server).await;
    let reads = sent.iter().filter(|s| s.method == "GET" && s.path.ends_with("/issues/7/comments"));
    assert_eq!(reads.count(), 2, "asked again after the wait");
    assert_eq!(writes(&sent, "POST", "/issues/7/comments").len(), 1);
}

#[tokio::test]
async fn a_rate_limit_beyond_the_budget_is_reported() {
    let root = example();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .respond_with(github_answer(429).insert_header("retry-after", "120"))
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    let output = run(root.path(), &server, CHANGES_REQUESTED, &[]);

    assert_eq!(output.status.code(), Some(2), "nothing reported");
    assert!(String::from_utf8_lossy(&output.stderr).contains("rate limit"));
}

#[tokio::test]
async fn retries_a_502_then_succeeds() {
    let root = example();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .respond_with(github_answer(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    let output = run(root.path(), &server, CHANGES_REQUESTED, &[]);

    assert_eq!(output.status.code(), Some(1));
    let sent = sent(&server).await;
    assert_eq!(writes(&sent, "POST", "/issues/7/comments").len(), 2, "the 502, then the retry");
}

#[tokio::test]
async fn retries_a_request_that_timed_out() {
    let root = example();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .respond_with(github_answer(200).set_body_json(json!([])).set_delay(Duration::from_secs(6)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    // The timeout leaves local answers ample time on a loaded machine, and the slow
    // answer is far beyond it.
    let output = command(root.path(), &server, CHANGES_REQUESTED, &[])
        .env("MINIAPP_GITHUB_TIMEOUT_MS", "2000")
        .output()
        .expect("the binary runs");

    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let sent = sent(&server).await;
    let reads = sent.iter().filter(|s| s.method == "GET" && s.path.ends_with("/issues/7/comments"));
    assert_eq!(reads.count(), 2, "the slow answer was given up on and asked again");
    assert_eq!(writes(&sent, "POST", "/issues/7/comments").len(), 1);
}

#[tokio::test]
async fn finds_the_summary_among_150_comments_across_pages() {
    let root = example();
    let first = MockServer::start().await;
    mount_defaults(&first).await;
    run(root.path(), &first, CHANGES_REQUESTED, &[]);
    let summary = summary_of(&sent(&first).await);

    let server = MockServer::start().await;
    let page = |range: std::ops::Range<u64>| -> Value {
        range.map(|id| json!({"id": id, "body": format!("comment {id}")})).collect()
    };
    let mut second = page(100..150).as_array().expect("array").clone();
    second.push(json!({"id": 150, "body": summary.replace("verdict changes-requested", "x")}));
    // As recorded in paginate-issues.json: GitHub's links name the repository by id.
    let pages = format!("{}/repositories/1000/issues/7/comments?per_page=100", server.uri());
    let first_links = format!("<{pages}&page=2>; rel=\"next\", <{pages}&page=2>; rel=\"last\"");
    let second_links = format!("<{pages}&page=1>; rel=\"prev\", <{pages}&page=1>; rel=\"first\"");
    Mock::given(method("GET"))
        .and(path("/repositories/1000/issues/7/comments"))
        .and(query_param("page", "2"))
        .respond_with(
            github_answer(200)
                .insert_header("link", second_links)
                .set_body_json(Value::Array(second)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .respond_with(
            github_answer(200).insert_header("link", first_links).set_body_json(page(0..100)),
        )
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let sent = sent(&server).await;
    let pages = sent.iter().filter(|s| s.method == "GET" && s.path.ends_with("/issues/7/comments"));
    assert_eq!(pages.count(), 2, "page 1, then page 2 from its link, and no further");
    // The summary on page 2 names another verdict: a new one is posted, none edited.
    assert_eq!(writes(&sent, "POST", "/issues/7/comments").len(), 1);
    assert!(writes(&sent, "PATCH", "/issues/comments/150").is_empty());
}

#[tokio::test]
async fn dry_run_prints_the_requests_and_sends_none() {
    let root = example();
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    let output = run(root.path(), &server, APPROVED, &["--dry-run"]);

    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let plan: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(plan["dry_run"], true);
    let requests = plan["requests"].as_array().expect("requests");
    assert!(requests.iter().any(|r| r["path"] == "/repos/octo/registry/issues/7/comments"));
    assert!(sent(&server).await.iter().all(|s| s.method == "GET"), "reads only");
}

#[tokio::test]
async fn dry_run_without_a_token_sends_nothing_at_all() {
    let root = example();
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    let output = command(root.path(), &server, CHANGES_REQUESTED, &["--dry-run"])
        .env_remove("GITHUB_TOKEN")
        .output()
        .expect("the binary runs");

    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(sent(&server).await.is_empty(), "the server received no request");
    let plan: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert!(plan["reads"].as_str().expect("reads").starts_with("skipped"));
    let planned: Vec<String> = plan["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|r| {
            format!("{} {}", r["method"].as_str().unwrap_or(""), r["path"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        planned,
        [
            "POST /repos/octo/registry/pulls/7/reviews",
            "POST /repos/octo/registry/issues/7/comments",
            "POST /repos/octo/registry/issues/7/labels",
            "POST /repos/octo/registry/pulls/7/requested_reviewers",
        ]
    );
    let review = &plan["requests"][0]["body"];
    assert_eq!(review["comments"].as_array().map(Vec::len), Some(3));
    assert!(
        plan["requests"][1]["body"]["body"].as_str().expect("a body").contains("miniapp:summary")
    );
}

/// The recorded payloads live in `../shared/github-events`, which CI has and a user's
/// clone does not: the test says so and skips there.
fn shared_event(name: &str) -> Option<PathBuf> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/github-events").join(name);
    if file.is_file() {
        Some(file)
    } else {
        eprintln!("skipped: `{}` is absent (it exists in CI)", file.display());
        None
    }
}

#[tokio::test]
async fn a_workflow_run_of_a_fork_finds_its_pull_request_from_the_head_commit() {
    let Some(recorded) = shared_event("workflow_run.completed.payload.json") else { return };
    let root = example();
    let head = git2::Repository::open(root.path().join("registry"))
        .and_then(|repo| repo.revparse_single(CHANGES_REQUESTED).map(|object| object.id()))
        .expect("the branch")
        .to_string();
    // The recorded fork payload, its head moved to the example branch's tip.
    let mut payload: Value =
        serde_json::from_str(&std::fs::read_to_string(recorded).expect("payload")).expect("JSON");
    assert_eq!(payload["workflow_run"]["pull_requests"], json!([]), "a fork's run names none");
    payload["workflow_run"]["head_sha"] = Value::String(head.clone());
    let fork = payload["workflow_run"]["head_repository"]["full_name"].clone();
    let event = root.path().join("event.json");
    std::fs::write(&event, payload.to_string()).expect("the event file");

    let server = MockServer::start().await;
    let pull = |number: u64, repo: &Value| {
        json!({"number": number, "state": "open", "user": {"login": "dang-quoc-viet"},
            "base": {"sha": "0000000000000000000000000000000000000000", "ref": "main"},
            "head": {"sha": head, "ref": "gui-hang", "repo": {"full_name": repo}}})
    };
    // A same-commit pull request from another repository must not be picked.
    let pulls = json!([pull(5, &json!("someone/else")), pull(7, &fork)]);
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/commits/{head}/pulls")))
        .respond_with(github_answer(200).set_body_json(pulls))
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    let mut command = assert_cmd::Command::cargo_bin("miniapp").expect("the binary");
    let output = command
        .current_dir(root.path().join("registry"))
        .env("GITHUB_API_URL", server.uri())
        .env("GITHUB_TOKEN", "ghs_test_token")
        .env("GITHUB_EVENT_PATH", &event)
        .env("GITHUB_ACTOR", "dang-quoc-viet")
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["comment", "--repo", "octo/registry", "--base", "main"])
        .output()
        .expect("the binary runs");

    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let sent = sent(&server).await;
    assert!(sent.iter().any(|s| s.path == format!("{REPO}/commits/{head}/pulls")));
    assert_eq!(writes(&sent, "POST", "/issues/7/comments").len(), 1, "posted to #7");
    assert!(sent.iter().all(|s| !s.path.contains("/issues/5/") && !s.path.contains("/pulls/5")));
    let reviews = writes(&sent, "POST", "/pulls/7/reviews");
    assert_eq!(reviews[0].body["commit_id"], Value::String(head));
}
