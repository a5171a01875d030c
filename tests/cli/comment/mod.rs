//! `miniapp comment` against a local wiremock server on 127.0.0.1: the requests it sends
//! for the example registry's open branches, and the faults it survives. Answers carry
//! the headers and bodies of the recorded exchanges in /work/shared/github-api.

mod content;
mod faults;
mod regressions;
mod runs;

use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const CHANGES_REQUESTED: &str = "partner/an-binh-hcm/gui-hang-1.0.0";
pub const APPROVED: &str = "partner/an-binh-hcm/dat-ve-xe-1.1.0";
pub const REPO: &str = "/repos/octo/registry";
pub const ROLLOUT: &str = "partners/an-binh-hcm/apps/gui-hang/rollouts/1.0.0.yaml";
pub const REVIEW: &str = "partners/an-binh-hcm/apps/gui-hang/reviews/1.0.0.yaml";

/// Headers the real API sends with every answer, as recorded in
/// /work/shared/github-api (rate-limit headers, media type, request id).
pub fn github_answer(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/json; charset=utf-8")
        .insert_header("cache-control", "private, max-age=60, s-maxage=60")
        .insert_header("etag", "\"00000000000000000000000000000000\"")
        .insert_header("x-ratelimit-limit", "5000")
        .insert_header("x-ratelimit-remaining", "4999")
        .insert_header("x-ratelimit-reset", "1507651200")
        .insert_header("x-ratelimit-resource", "core")
        .insert_header("x-ratelimit-used", "1")
        .insert_header("x-github-media-type", "github.v3; format=json")
        .insert_header("x-github-request-id", "0000:00000:0000000:0000000:00000000")
}

/// A label as GitHub lists it (see add-labels-to-issue.json).
pub fn label(id: u64, name: &str) -> Value {
    json!({"id": id, "node_id": "MDA6RW50aXR5MQ==",
        "url": format!("https://api.github.com/repos/octo/registry/labels/{name}"),
        "name": name, "color": "ededed", "default": false, "description": null})
}

/// A 422 as GitHub words it (see errors.json).
pub fn validation_failed(resource: &str, field: &str) -> Value {
    json!({"message": "Validation Failed",
        "errors": [{"resource": resource, "code": "invalid", "field": field}],
        "documentation_url": "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request"})
}

/// The example registry, made once per test binary and copied for each test: `init
/// --example` writes a whole history, which is slower than a copy.
pub fn example() -> tempfile::TempDir {
    static TEMPLATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temp folder");
        Command::cargo_bin("miniapp")
            .expect("the binary")
            .arg("init")
            .arg("--example")
            .arg(dir.path().join("registry"))
            .assert()
            .success();
        dir
    });
    let dir = tempfile::tempdir().expect("a temp folder");
    crate::support::copy_tree(template.path(), dir.path(), false);
    dir
}

/// The command for one run on PR 7 of `octo/registry`, before the caller's additions.
pub fn command(root: &Path, server: &MockServer, head: &str, extra: &[&str]) -> Command {
    let base = if extra.contains(&"--base") { &[][..] } else { &["--base", "main"][..] };
    let mut command = Command::cargo_bin("miniapp").expect("the binary");
    command
        .current_dir(root.join("registry"))
        .env("GITHUB_API_URL", server.uri())
        .env("GITHUB_TOKEN", "ghs_test_token")
        .env("MINIAPP_GITHUB_BACKOFF_MS", "10")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["comment", "--repo", "octo/registry", "--pr", "7"])
        .args(base)
        .args(["--head", head, "--actor", "dang-quoc-viet"])
        .args(extra);
    command
}

pub fn run(root: &Path, server: &MockServer, head: &str, extra: &[&str]) -> Output {
    command(root, server, head, extra).output().expect("the binary runs")
}

/// Mounts empty lists and accepting writes for everything a run touches.
pub async fn mount_defaults(server: &MockServer) {
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
    for write in ["POST", "PATCH"] {
        Mock::given(method(write))
            .respond_with(github_answer(201).set_body_json(json!({"id": 1})))
            .mount(server)
            .await;
    }
    Mock::given(method("DELETE"))
        .respond_with(github_answer(200).set_body_json(json!([])))
        .mount(server)
        .await;
}

pub struct Sent {
    pub method: String,
    pub path: String,
    pub body: Value,
}

pub async fn sent(server: &MockServer) -> Vec<Sent> {
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

pub fn writes<'a>(sent: &'a [Sent], verb: &str, suffix: &str) -> Vec<&'a Sent> {
    sent.iter().filter(|s| s.method == verb && s.path.ends_with(suffix)).collect()
}

pub fn summary_of(sent: &[Sent]) -> String {
    let posted = writes(sent, "POST", "/issues/7/comments");
    posted[0].body["body"].as_str().expect("a body").to_owned()
}

/// Replays a first run's posts as the server's existing comments: the summary as
/// comment 41, the inline comments as 100, 101, … in the review's order.
pub async fn second_server(first: &[Sent], summary_verdict: Option<&str>) -> MockServer {
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
        .map(|(index, c)| {
            json!({"id": 100 + index, "path": c["path"], "line": c["line"],
            "body": c["body"]})
        })
        .collect();
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/7/comments")))
        .respond_with(github_answer(200).set_body_json(Value::Array(existing)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/labels")))
        .respond_with(
            github_answer(200).set_body_json(json!([label(1000, "miniapp: changes-requested")])),
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

/// A MoMo reviewer of the example registry, as `registry.yaml` lists their email.
pub const REVIEWER: (&str, &str) = ("Lê Hoàng Nam", "nam.le@momo.example");

/// A maintainer of `an-binh-hcm`, the partner of the example's open rollouts.
pub const PARTNER: (&str, &str) = ("Đặng Quốc Việt", "viet.dang@anbinh.example.vn");

/// Commits `files` on top of `branch` in the example registry as `author`, at a fixed
/// time, and moves the branch; returns the new commit id.
pub fn commit_on(
    root: &Path,
    branch: &str,
    author: (&str, &str),
    files: &[(&str, String)],
    message: &str,
) -> String {
    let repo = git2::Repository::open(root.join("registry")).expect("the example repository");
    let reference = format!("refs/heads/{branch}");
    let parent = repo.find_reference(&reference).and_then(|r| r.peel_to_commit()).expect("tip");
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (path, text) in files {
        let blob = repo.blob(text.as_bytes()).expect("a blob");
        update.upsert(path, blob, git2::FileMode::Blob);
    }
    let tree_id = update.create_updated(&repo, &parent.tree().expect("a tree")).expect("tree");
    let tree = repo.find_tree(tree_id).expect("the tree");
    let when = git2::Time::new(parent.time().seconds() + 3600, 420);
    let signature = git2::Signature::new(author.0, author.1, &when).expect("a signature");
    let id = repo
        .commit(Some(&reference), &signature, &signature, message, &tree, &[&parent])
        .expect("a commit");
    id.to_string()
}

/// A review of gui-hang 1.0.0 that requests changes with the given defects.
pub fn review_yaml(defects: &[(&str, Option<&str>, String)]) -> String {
    let mut text = String::from(
        "apiVersion: miniapp.momo.vn/v1\nkind: Review\nrollout: 1.0.0\npartner: an-binh-hcm\n\
         app: gui-hang\nreviewer: le-hoang-nam\nverdict: changes-requested\ndefects:\n",
    );
    for (code, pointer, note) in defects {
        text.push_str(&format!("  - code: {code}\n"));
        if let Some(pointer) = pointer {
            text.push_str(&format!("    pointer: {pointer}\n"));
        }
        text.push_str(&format!("    note: {}\n", serde_json::to_string(note).expect("text")));
    }
    text
}

/// Replaces what changes from machine to machine and run to run: commit ids (full and
/// short), dates, and the temp folder.
pub fn normalise(text: &str, root: &Path) -> String {
    let text = text.replace(&root.display().to_string(), "[tmp]");
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        let run = chars[index..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
        let bounded = index == 0 || !chars[index - 1].is_ascii_alphanumeric();
        let after = chars.get(index + run).is_none_or(|c| !c.is_ascii_alphanumeric());
        let digits = chars[index..index + run].iter().any(|c| c.is_ascii_digit());
        if bounded && after && digits && (run == 40 || run == 10 || run == 7) {
            out.push_str("[sha]");
            index += run;
            continue;
        }
        let date = chars.get(index..index + 10).is_some_and(|window| {
            window
                .iter()
                .enumerate()
                .all(|(at, c)| if at == 4 || at == 7 { *c == '-' } else { c.is_ascii_digit() })
        });
        if bounded && date {
            out.push_str("[date]");
            index += 10;
            continue;
        }
        out.push(chars[index]);
        index += 1;
    }
    out
}
