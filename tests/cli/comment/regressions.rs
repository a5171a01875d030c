//! Regressions of the faults a hostile tester found in `miniapp comment`, one test each:
//! stale defects posted again, a mapping pointer off its key line, a refused review file
//! posted under the bot, and English fixed strings in a Vietnamese summary.

use wiremock::MockServer;

use super::{
    CHANGES_REQUESTED, PARTNER, REVIEW, REVIEWER, ROLLOUT, commit_on, example, mount_defaults,
    review_yaml, run, second_server, sent, summary_of, writes,
};

/// The example's resubmitted rollout: the partner changed it after a review that
/// requested changes, so that review is stale.
const RESUBMITTED: &str = "partner/cafe-sang/dat-ban-1.0.0";
const STALE_CODES: [&str; 2] = ["INFO_NAME_MISLEADING", "INFO_CS_CONTACT_MISSING"];

fn bodies(sent: &[super::Sent]) -> Vec<String> {
    sent.iter().filter(|s| s.method != "GET").map(|s| s.body.to_string()).collect()
}

fn file_at(root: &std::path::Path, branch: &str, path: &str) -> String {
    let repo = git2::Repository::open(root.join("registry")).expect("the example repository");
    let tree = repo.revparse_single(branch).and_then(|o| o.peel_to_tree()).expect("a tree");
    let blob = tree.get_path(std::path::Path::new(path)).expect("the file").id();
    let blob = repo.find_blob(blob).expect("a blob");
    String::from_utf8(blob.content().to_vec()).expect("UTF-8")
}

#[tokio::test]
async fn stale_review_defects_are_not_reposted() {
    let root = example();
    // The run on the reviewed commit posted both defects inline, while they were open.
    let first = MockServer::start().await;
    mount_defaults(&first).await;
    run(root.path(), &first, &format!("{RESUBMITTED}~1"), &[]);
    let first_sent = sent(&first).await;
    let review = writes(&first_sent, "POST", "/pulls/7/reviews");
    let earlier = review[0].body["comments"].as_array().expect("comments").clone();
    let inline =
        |code: &str| earlier.iter().any(|c| c["body"].as_str().is_some_and(|b| b.contains(code)));
    assert!(STALE_CODES.iter().all(|code| inline(code)), "both were inline: {earlier:?}");
    let server = second_server(&first_sent, None).await;

    let output = run(root.path(), &server, RESUBMITTED, &[]);

    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let sent = sent(&server).await;
    assert!(writes(&sent, "POST", "/pulls/7/reviews").is_empty(), "no new inline comment");
    assert!(writes(&sent, "POST", "/pulls/7/comments").is_empty());
    let summary = summary_of(&sent);
    for code in STALE_CODES {
        assert!(!summary.contains(code), "{code} is not listed as open:\n{summary}");
    }
    assert!(summary.contains("đã kiểm duyệt một phiên bản trước của"), "{summary}");
    assert!(summary.contains("2 lỗi trong đó không được liệt kê"), "{summary}");
    let edits: Vec<&super::Sent> = writes(&sent, "PATCH", "")
        .into_iter()
        .filter(|s| s.path.contains("/pulls/comments/"))
        .collect();
    assert_eq!(edits.len(), earlier.len(), "every earlier comment is marked");
    for edit in edits {
        let body = edit.body["body"].as_str().expect("a body");
        if STALE_CODES.iter().any(|code| body.contains(code)) {
            assert!(body.starts_with("⚪ không còn hiệu lực\n\n"), "outdated, not fixed: {body}");
        } else {
            // The gate's own finding on the reviewed version is gone: fixed.
            assert!(body.starts_with("✅ đã khắc phục\n\n"), "{body}");
        }
    }
}

#[tokio::test]
async fn a_mapping_pointer_is_placed_on_its_key_line() {
    let root = example();
    let defects = [
        ("INFO_CS_CONTACT_MISSING", Some("/info"), "Thiếu email hỗ trợ.".to_owned()),
        ("WEBVIEW_LINK_INVALID", Some("/webview"), "Các link đều lỗi.".to_owned()),
    ];
    commit_on(root.path(), CHANGES_REQUESTED, REVIEWER, &[(REVIEW, review_yaml(&defects))], "r");
    let rollout = file_at(root.path(), CHANGES_REQUESTED, ROLLOUT);
    let line_of = |key: &str| {
        rollout.lines().position(|line| line == key).map(|index| index as u64 + 1).expect(key)
    };
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let sent = sent(&server).await;
    let comments = writes(&sent, "POST", "/pulls/7/reviews")[0].body["comments"].clone();
    let placed: Vec<(u64, &str)> = comments
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| (c["line"].as_u64().unwrap_or(0), c["body"].as_str().unwrap_or("")))
        .collect();
    let line = |code: &str| placed.iter().find(|(_, body)| body.contains(code)).map(|(l, _)| *l);
    assert_eq!(line("INFO_CS_CONTACT_MISSING"), Some(line_of("info:")), "{placed:?}");
    assert_eq!(line("WEBVIEW_LINK_INVALID"), Some(line_of("webview:")), "{placed:?}");
}

#[tokio::test]
async fn a_refused_review_file_posts_no_notes() {
    let root = example();
    // The partner rewrites the reviewer's file: the gate refuses it (`gate-not-owner`).
    let forged = [("INFO_NAME_MISLEADING", Some("/info/name"), "GHI CHÚ GIẢ MẠO".to_owned())];
    commit_on(root.path(), CHANGES_REQUESTED, PARTNER, &[(REVIEW, review_yaml(&forged))], "x");
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    let output = run(root.path(), &server, CHANGES_REQUESTED, &[]);

    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let sent = sent(&server).await;
    for body in bodies(&sent) {
        assert!(!body.contains("GHI CHÚ GIẢ MẠO"), "the forged note is not posted: {body}");
        assert!(!body.contains("INFO_NAME_MISLEADING"), "nor its defect: {body}");
    }
    let summary = summary_of(&sent);
    assert!(summary.contains("`gate-not-owner`"), "{summary}");
    let refused = format!("Thay đổi ở `{REVIEW}` bị từ chối (`gate-not-owner`)");
    assert!(summary.contains(&refused), "{summary}");
    assert!(summary.contains("<!-- miniapp:verdict blocked -->"));
}

/// The fixed strings of the English table, and the lifecycle state names: none may be
/// read in a Vietnamese summary outside code spans, markers and the findings' own
/// message and help, which stay English.
const ENGLISH: &[&str] = &[
    "Severity",
    "Code",
    "Location",
    "Message",
    "Help",
    "error",
    "warning",
    "note",
    "Gate findings",
    "No findings",
    "Reviewer defects",
    "Rollout",
    "Checklist item",
    "Where",
    "Note",
    "Lifecycle",
    "Item",
    "Name",
    "State",
    "mergeable",
    "not mergeable",
    "blocked",
    "changes requested",
    "waiting for review",
    "approved",
    "more, not shown here",
    "The full list",
    "reviewed an earlier version",
    "was refused",
    "outdated",
    "resolved",
    "at",
    "pending-verification",
    "verified",
    "requested",
    "cooperating",
    "development",
    "in-review",
    "submitted",
    "changes-requested",
    "resubmitted",
];

/// Keeps what a reader reads as the summary's own words: drops markers, code spans and
/// the message and help cells of the gate table.
fn own_words(summary: &str) -> String {
    let mut text = String::new();
    for line in summary.lines().filter(|line| !line.starts_with("<!--")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        let kept = if line.starts_with("| ") && cells.len() == 5 && !line.contains("| --- |") {
            cells[..3].join(" | ")
        } else {
            line.to_owned()
        };
        text.push_str(&kept);
        text.push('\n');
    }
    let mut out = String::new();
    for (index, part) in text.split('`').enumerate() {
        if index % 2 == 0 {
            out.push_str(part);
        }
    }
    out
}

fn contains_words(text: &str, phrase: &str) -> bool {
    let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
    text.match_indices(phrase).any(|(at, _)| {
        bounded(text[..at].chars().next_back()) && bounded(text[at + phrase.len()..].chars().next())
    })
}

#[tokio::test]
async fn a_vi_summary_has_no_english_fixed_string() {
    let root = example();
    let forged = [("OTHER", None, "x".to_owned())];
    let refused = "partner/an-binh-hcm/forged";
    let repo = git2::Repository::open(root.path().join("registry")).expect("the repository");
    let tip = repo.revparse_single(CHANGES_REQUESTED).expect("tip").id();
    repo.reference(&format!("refs/heads/{refused}"), tip, false, "branch").expect("a branch");
    commit_on(root.path(), refused, PARTNER, &[(REVIEW, review_yaml(&forged))], "forged");
    let mut summaries = Vec::new();
    for head in [CHANGES_REQUESTED, RESUBMITTED, refused, super::APPROVED] {
        let server = MockServer::start().await;
        mount_defaults(&server).await;
        run(root.path(), &server, head, &[]);
        summaries.push((head, summary_of(&sent(&server).await)));
    }

    for (head, summary) in &summaries {
        let words = own_words(summary);
        assert!(words.contains("### Vòng đời"), "the lifecycle is read: {words}");
        let english: Vec<&&str> =
            ENGLISH.iter().filter(|phrase| contains_words(&words, phrase)).collect();
        assert!(english.is_empty(), "{head}: English {english:?} in:\n{words}");
    }
    let all: String = summaries.iter().map(|(_, summary)| summary.as_str()).collect();
    for vietnamese in
        ["| Mức độ | Mã | Vị trí | Thông báo | Hướng dẫn |", "| cảnh báo |", "| lỗi |"]
    {
        assert!(all.contains(vietnamese), "{vietnamese} is used");
    }
}
