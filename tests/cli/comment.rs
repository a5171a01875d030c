//! `miniapp comment` against a local wiremock server on 127.0.0.1: the requests it sends
//! for the example registry's open branches, and the faults it survives.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CHANGES_REQUESTED: &str = "partner/an-binh-hcm/gui-hang-1.0.0";
const APPROVED: &str = "partner/an-binh-hcm/dat-ve-xe-1.1.0";
const REPO: &str = "/repos/octo/registry";

/// Headers the real API sends with every answer (see /work/shared/github-api).
fn github_answer(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/json; charset=utf-8")
        .insert_header("x-ratelimit-limit", "5000")
        .insert_header("x-ratelimit-remaining", "4999")
        .insert_header("x-ratelimit-reset", "1507651200")
        .insert_header("x-github-media-type", "github.v3; format=json")
}

fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp folder");
    let target = dir.path().join("registry");
    Command::cargo_bin("miniapp")
        .expect("the binary")
        .arg("init")
        .arg("--example")
        .arg(&target)
        .assert()
        .success();
    dir
}

fn run(root: &Path, server: &MockServer, head: &str, extra: &[&str]) -> Output {
    let base = if extra.contains(&"--base") { &[][..] } else { &["--base", "main"][..] };
    Command::cargo_bin("miniapp")
        .expect("the binary")
        .current_dir(root.join("registry"))
        .env("GITHUB_API_URL", server.uri())
        .env("GITHUB_TOKEN", "ghs_test_token")
        .env("MINIAPP_GITHUB_BACKOFF_MS", "10")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["comment", "--repo", "octo/registry", "--pr", "7"])
        .args(base)
        .args(["--head", head, "--actor", "dang-quoc-viet"])
        .args(extra)
        .output()
        .expect("the binary runs")
}

/// Mounts empty lists and accepting writes for everything a run touches.
async fn mount_defaults(server: &MockServer) {
    for list in ["/issues/7/comments", "/pulls/7/comments", "/issues/7/labels"] {
        Mock::given(method("GET"))
            .and(path(format!("{REPO}{list}")))
            .respond_with(github_answer(200).set_body_json(json!([])))
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/7/requested_reviewers")))
        .respond_with(github_answer(200).set_body_json(json!({"users": [], "teams": []})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/7")))
        .respond_with(github_answer(200).set_body_json(json!({"number": 7})))
        .mount(server)
        .await;
    for write in ["POST", "PATCH", "DELETE"] {
        Mock::given(method(write))
            .respond_with(github_answer(201).set_body_json(json!({"id": 1})))
            .mount(server)
            .await;
    }
}

struct Sent {
    method: String,
    path: String,
    body: Value,
}

async fn sent(server: &MockServer) -> Vec<Sent> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|request| Sent {
            method: request.method.to_string(),
            path: request.url.path().to_owned(),
            body: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
        })
        .collect()
}

fn writes<'a>(sent: &'a [Sent], verb: &str, suffix: &str) -> Vec<&'a Sent> {
    sent.iter().filter(|s| s.method == verb && s.path.ends_with(suffix)).collect()
}

fn summary_of(sent: &[Sent]) -> String {
    let posted = writes(sent, "POST", "/issues/7/comments");
    posted[0].body["body"].as_str().expect("a body").to_owned()
}

#[tokio::test]
async fn first_run_creates_one_summary_and_one_review() {
    let root = example();
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    let output = run(root.path(), &server, CHANGES_REQUESTED, &[]);

    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let sent = sent(&server).await;
    assert_eq!(writes(&sent, "POST", "/issues/7/comments").len(), 1);
    let reviews = writes(&sent, "POST", "/pulls/7/reviews");
    assert_eq!(reviews.len(), 1);
    let comments = reviews[0].body["comments"].as_array().expect("comments");
    assert_eq!(comments.len(), 3, "the three defects with a pointer are inline");
    assert!(comments.iter().all(|c| c["side"] == "RIGHT"));
    let summary = summary_of(&sent);
    assert!(summary.starts_with("<!-- miniapp:summary -->"));
    assert!(summary.contains("<!-- miniapp:verdict changes-requested -->"));
    assert!(summary.contains("`OTHER`"), "a defect without a pointer goes to the summary");
    assert!(summary.contains("Lỗi do người kiểm duyệt ghi nhận"), "Vietnamese from registry.yaml");
    let labels = writes(&sent, "POST", "/issues/7/labels");
    assert_eq!(labels[0].body, json!({"labels": ["miniapp: changes-requested"]}));
    let reviewers = writes(&sent, "POST", "/requested_reviewers");
    assert_eq!(reviewers[0].body, json!({"reviewers": ["nguyen-thu-ha"]}));
    assert!(
        sent.iter().all(|s| !s.body.to_string().contains("ghs_test_token")),
        "the token is never in a body"
    );
}

#[tokio::test]
async fn english_when_asked() {
    let root = example();
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    run(root.path(), &server, CHANGES_REQUESTED, &["--lang", "en"]);

    let summary = summary_of(&sent(&server).await);
    assert!(summary.contains("Reviewer defects") && summary.contains("changes requested"));
}

/// Replays a first run's posts as the server's existing comments.
async fn second_server(first: &[Sent], summary_verdict: Option<&str>) -> MockServer {
    let server = MockServer::start().await;
    let mut summary = summary_of(first);
    if let Some(verdict) = summary_verdict {
        summary = summary.replace("verdict changes-requested", verdict);
    }
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .respond_with(github_answer(200).set_body_json(json!([{"id": 41, "body": summary}])))
        .mount(&server)
        .await;
    let review = writes(first, "POST", "/pulls/7/reviews")[0].body["comments"].clone();
    let existing: Vec<Value> = review
        .as_array()
        .expect("comments")
        .iter()
        .enumerate()
        .map(|(index, c)| json!({"id": 100 + index, "body": c["body"]}))
        .collect();
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/7/comments")))
        .respond_with(github_answer(200).set_body_json(Value::Array(existing)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/labels")))
        .respond_with(
            github_answer(200).set_body_json(json!([{"name": "miniapp: changes-requested"}])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/7/requested_reviewers")))
        .respond_with(github_answer(200).set_body_json(json!({"users": [{"login": "x"}]})))
        .mount(&server)
        .await;
    mount_defaults(&server).await;
    server
}

#[tokio::test]
async fn second_run_with_the_same_findings_sends_nothing_new() {
    let root = example();
    let first = MockServer::start().await;
    mount_defaults(&first).await;
    run(root.path(), &first, CHANGES_REQUESTED, &[]);
    let server = second_server(&sent(&first).await, None).await;

    let output = run(root.path(), &server, CHANGES_REQUESTED, &[]);

    assert_eq!(output.status.code(), Some(1));
    let writes: Vec<String> = sent(&server)
        .await
        .into_iter()
        .filter(|s| s.method != "GET")
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert!(writes.is_empty(), "no write at all: {writes:?}");
}

#[tokio::test]
async fn a_verdict_change_posts_a_new_summary() {
    let root = example();
    let first = MockServer::start().await;
    mount_defaults(&first).await;
    run(root.path(), &first, CHANGES_REQUESTED, &[]);
    let server = second_server(&sent(&first).await, Some("verdict approved")).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let sent = sent(&server).await;
    assert_eq!(writes(&sent, "POST", "/issues/7/comments").len(), 1);
    assert!(writes(&sent, "PATCH", "/issues/comments/41").is_empty());
}

#[tokio::test]
async fn a_finding_on_an_unchanged_line_is_not_inline() {
    let root = example();
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    // Base is the commit that added the rollout: the change adds only the review, so
    // the defects point at rollout lines outside the diff.
    let base = format!("{CHANGES_REQUESTED}~1");
    run(root.path(), &server, CHANGES_REQUESTED, &["--base", &base]);

    let sent = sent(&server).await;
    assert!(writes(&sent, "POST", "/pulls/7/reviews").is_empty());
    assert!(writes(&sent, "POST", "/pulls/7/comments").is_empty());
    let summary = summary_of(&sent);
    for code in ["PAY_NO_RESULT_REDIRECT", "DATA_REPEATED_ASK", "WEBVIEW_LINK_INVALID"] {
        assert!(summary.contains(code), "{code} in the summary");
    }
}

#[tokio::test]
async fn a_read_only_token_falls_back_to_annotations() {
    let root = example();
    let server = MockServer::start().await;
    let refused = json!({"message": "Resource not accessible by integration"});
    Mock::given(method("POST"))
        .respond_with(github_answer(403).set_body_json(refused))
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    let output = run(root.path(), &server, CHANGES_REQUESTED, &[]);

    assert_eq!(output.status.code(), Some(1), "the exit code is still the verdict");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("::error file=partners/an-binh-hcm/apps/gui-hang/rollouts/1.0.0.yaml"));
    assert!(stdout.contains("::warning file="));
    let sent = sent(&server).await;
    assert!(writes(&sent, "POST", "/issues/7/labels").is_empty(), "no writes after a refusal");
}

#[tokio::test]
async fn a_422_on_one_inline_comment_moves_it_to_the_summary() {
    let root = example();
    let server = MockServer::start().await;
    let invalid = json!({"message": "Validation Failed",
        "errors": [{"resource": "PullRequestReviewComment", "code": "invalid", "field": "line"}]});
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
                .set_body_json(json!({"message": "You have exceeded a secondary rate limit"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    let started = std::time::Instant::now();
    let output = run(root.path(), &server, CHANGES_REQUESTED, &[]);

    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
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
    let next =
        format!("<{}{REPO}/issues/7/comments?per_page=100&page=2>; rel=\"next\"", server.uri());
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .and(query_param("page", "2"))
        .respond_with(github_answer(200).set_body_json(Value::Array(second)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .respond_with(github_answer(200).insert_header("link", next).set_body_json(page(0..100)))
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let sent = sent(&server).await;
    let pages = sent.iter().filter(|s| s.method == "GET" && s.path.ends_with("/issues/7/comments"));
    assert_eq!(pages.count(), 2);
    // The summary on page 2 names another verdict: a new one is posted, none edited.
    assert_eq!(writes(&sent, "POST", "/issues/7/comments").len(), 1);
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
