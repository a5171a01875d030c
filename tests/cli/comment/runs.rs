//! Runs on the example's branches: what the first run posts, what later runs post again,
//! edit or remove, and the request bodies pinned as snapshots.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use super::{
    CHANGES_REQUESTED, REPO, REVIEW, REVIEWER, commit_on, example, github_answer, label,
    mount_defaults, normalise, review_yaml, run, second_server, sent, summary_of, writes,
};

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

    let review = &reviews[0].body;
    insta::assert_snapshot!("first_run_summary", normalise(&summary, root.path()));
    let mut review = review.clone();
    review["commit_id"] =
        Value::String(normalise(review["commit_id"].as_str().unwrap_or(""), root.path()));
    insta::assert_json_snapshot!("first_run_review", review);
}

#[tokio::test]
async fn the_summary_shows_the_lifecycle_of_the_touched_items() {
    let root = example();
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let summary = summary_of(&sent(&server).await);
    let section = &summary[summary.find("### Vòng đời").expect("the lifecycle section")..];
    let app = "| `an-binh-hcm/gui-hang` | Gửi hàng An Bình | đang kiểm duyệt (`in-review`) |";
    assert!(section.contains(app), "{section}");
    let rollout =
        "| `an-binh-hcm/gui-hang/rollouts/1.0.0` |  | cần chỉnh sửa (`changes-requested`) |";
    assert!(section.contains(rollout), "{section}");
    let block = &section[section.find("```mermaid\ntimeline\n").expect("a timeline")..];
    let rollout =
        &block[block.find("    section an-binh-hcm/gui-hang/rollouts/1.0.0\n").expect("s")..];
    let states: Vec<&str> = rollout
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("        "))
        .map(|line| {
            let step = line.split(" : ").nth(1).unwrap_or("");
            step.rsplit_once(' ').map_or(step, |(state, _commit)| state)
        })
        .collect();
    assert_eq!(states, ["đã gửi", "cần chỉnh sửa"], "read on the branch under review, in words");
    assert!(block.contains("    section an-binh-hcm/gui-hang\n        "));
    assert!(!summary.contains("section commits"), "no longer built from the change's commits");
}

#[tokio::test]
async fn a_head_on_no_branch_is_read_as_the_branch_under_review() {
    let root = example();
    let head = commit_on(root.path(), CHANGES_REQUESTED, REVIEWER, &[], "Nothing new");
    // Put the branch back, so the head is a bare commit no branch points at.
    let repo = git2::Repository::open(root.path().join("registry")).expect("the repository");
    let tip = repo.revparse_single(&format!("{head}~1")).expect("the parent").id();
    repo.reference(&format!("refs/heads/{CHANGES_REQUESTED}"), tip, true, "reset")
        .expect("the branch moves back");
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    run(root.path(), &server, &head, &[]);

    let summary = summary_of(&sent(&server).await);
    let row = "| `an-binh-hcm/gui-hang/rollouts/1.0.0` |  | cần chỉnh sửa (`changes-requested`) |";
    assert!(summary.contains(row), "{summary}");
    let short = &head[..10];
    assert!(
        summary.contains(&format!(" : cần chỉnh sửa {short}\n```")),
        "the gate's standing on the head, at the head: {summary}"
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
    assert!(summary.contains("### Lifecycle\n\n| Item | Name | State |"));
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
async fn a_fixed_defect_marks_its_inline_comment_resolved() {
    let root = example();
    let first = MockServer::start().await;
    mount_defaults(&first).await;
    run(root.path(), &first, CHANGES_REQUESTED, &[]);
    let first_sent = sent(&first).await;
    let posted = writes(&first_sent, "POST", "/pulls/7/reviews")[0].body["comments"].clone();
    let fixed = posted
        .as_array()
        .expect("comments")
        .iter()
        .position(|c| c["body"].as_str().unwrap_or("").contains("DATA_REPEATED_ASK"))
        .expect("the defect was inline");
    // The reviewer's next round drops DATA_REPEATED_ASK and keeps the other two.
    let defects = [
        ("PAY_NO_RESULT_REDIRECT", Some("/android/build"), "Vẫn quay về trang chủ.".to_owned()),
        ("WEBVIEW_LINK_INVALID", Some("/webview/production"), "Vẫn lỗi 404.".to_owned()),
    ];
    commit_on(
        root.path(),
        CHANGES_REQUESTED,
        REVIEWER,
        &[(REVIEW, review_yaml(&defects))],
        "Review again",
    );
    let server = second_server(&first_sent, None).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let sent = sent(&server).await;
    let edits = writes(&sent, "PATCH", "");
    let inline_edits: Vec<_> =
        edits.iter().filter(|s| s.path.contains("/pulls/comments/")).collect();
    assert_eq!(inline_edits.len(), 1, "only the fixed one is edited");
    assert_eq!(inline_edits[0].path, format!("{REPO}/pulls/comments/{}", 100 + fixed));
    let body = inline_edits[0].body["body"].as_str().expect("a body");
    assert!(body.starts_with("✅ đã khắc phục\n\n"), "{body}");
    assert!(body.contains("DATA_REPEATED_ASK"), "the original text stays below the mark");
    assert!(writes(&sent, "POST", "/pulls/7/reviews").is_empty(), "the others were posted");
}

#[tokio::test]
async fn a_state_change_removes_the_other_state_labels() {
    let root = example();
    let server = MockServer::start().await;
    let current = json!([
        label(1000, "miniapp: waiting-for-review"),
        label(1001, "bug"),
        label(1002, "miniapp: blocked")
    ]);
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/labels")))
        .respond_with(github_answer(200).set_body_json(current))
        .mount(&server)
        .await;
    mount_defaults(&server).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let sent = sent(&server).await;
    let mut removed: Vec<&str> =
        writes(&sent, "DELETE", "").iter().map(|s| s.path.as_str()).collect();
    removed.sort_unstable();
    assert_eq!(
        removed,
        [
            "/repos/octo/registry/issues/7/labels/miniapp%3A%20blocked",
            "/repos/octo/registry/issues/7/labels/miniapp%3A%20waiting-for-review",
        ],
        "the other state labels, never `bug`"
    );
    let added = writes(&sent, "POST", "/issues/7/labels");
    assert_eq!(added[0].body, json!({"labels": ["miniapp: changes-requested"]}));
}

#[tokio::test]
async fn repeated_defects_on_one_pointer_are_each_inline() {
    let root = example();
    let defects = [
        ("PAY_NO_RESULT_REDIRECT", Some("/android/build"), "Sau khi thanh toán cước.".to_owned()),
        ("PAY_NO_RESULT_REDIRECT", Some("/android/build"), "Sau khi hủy thanh toán.".to_owned()),
    ];
    commit_on(
        root.path(),
        CHANGES_REQUESTED,
        REVIEWER,
        &[(REVIEW, review_yaml(&defects))],
        "Two rounds",
    );
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let sent = sent(&server).await;
    let comments = writes(&sent, "POST", "/pulls/7/reviews")[0].body["comments"].clone();
    let bodies: Vec<&str> =
        comments.as_array().expect("comments").iter().filter_map(|c| c["body"].as_str()).collect();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    let markers: Vec<&str> =
        bodies.iter().filter_map(|body| body.rsplit("<!-- miniapp:finding ").next()).collect();
    assert_ne!(markers[0], markers[1], "each has its own fingerprint");
}
