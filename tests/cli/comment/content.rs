//! What the posted text holds when the registry's content pushes it: a summary past
//! GitHub's 65,536-character limit, and registry names written to mention or break out.

use wiremock::MockServer;

use super::{
    CHANGES_REQUESTED, PARTNER, REVIEW, REVIEWER, command, commit_on, example, mount_defaults,
    review_yaml, run, sent, summary_of,
};

const DEFECTS: usize = 400;

#[tokio::test]
async fn a_summary_past_the_limit_is_cut_and_the_job_summary_holds_everything() {
    let root = example();
    let defects: Vec<(&str, Option<&str>, String)> = (0..DEFECTS)
        .map(|index| {
            let note =
                format!("Ghi chú số {index:03}: {}", "màn hình thanh toán bị lỗi ".repeat(8));
            ("OTHER", None, note)
        })
        .collect();
    commit_on(
        root.path(),
        CHANGES_REQUESTED,
        REVIEWER,
        &[(REVIEW, review_yaml(&defects))],
        "Long review",
    );
    let server = MockServer::start().await;
    mount_defaults(&server).await;
    let step_summary = root.path().join("step-summary.md");

    let output = command(root.path(), &server, CHANGES_REQUESTED, &[])
        .env("GITHUB_STEP_SUMMARY", &step_summary)
        .output()
        .expect("the binary runs");

    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let summary = summary_of(&sent(&server).await);
    assert!(summary.chars().count() <= 65_536, "{} characters", summary.chars().count());
    let shown = summary.matches("Ghi chú số ").count();
    assert!(shown > 50 && shown < DEFECTS, "{shown} rows shown");
    let more = format!("…và {} mục khác không hiển thị ở đây.", DEFECTS - shown);
    assert!(summary.contains(&more), "an honest count: {more}");
    assert!(summary.contains("Danh sách đầy đủ nằm trong phần tóm tắt"));
    assert!(summary.starts_with("<!-- miniapp:summary -->\n<!-- miniapp:verdict "), "markers kept");
    let full = std::fs::read_to_string(&step_summary).expect("the job summary");
    assert_eq!(full.matches("Ghi chú số ").count(), DEFECTS, "the job summary lists all");
    assert!(full.contains("Ghi chú số 399"));
}

#[tokio::test]
async fn a_partner_name_cannot_mention_close_the_marker_or_break_the_table() {
    let root = example();
    let partner = "partners/an-binh-hcm/partner.yaml";
    let original = std::fs::read_to_string(root.path().join("registry").join(partner))
        .expect("the partner file");
    let hostile = "An Bình @everyone <!-- --> | x";
    let edited = original.replace(
        "  name: Chi nhánh Công ty Cổ phần Vận tải An Bình tại Thành phố Hồ Chí Minh\n",
        &format!("  name: \"{hostile}\"\n"),
    );
    assert_ne!(edited, original, "the name line was found");
    let app = "partners/an-binh-hcm/apps/gui-hang/app.yaml";
    let app_text = std::fs::read_to_string(root.path().join("registry").join(app)).expect("app");
    let app_edited = app_text.replace("name: Gửi hàng An Bình", "name: \"Gửi @here | hàng -->\"");
    commit_on(
        root.path(),
        CHANGES_REQUESTED,
        PARTNER,
        &[(partner, edited), (app, app_edited)],
        "Rename the partner",
    );
    let server = MockServer::start().await;
    mount_defaults(&server).await;

    run(root.path(), &server, CHANGES_REQUESTED, &[]);

    let sent = sent(&server).await;
    let summary = summary_of(&sent);
    let row = summary
        .lines()
        .find(|line| line.starts_with("| `an-binh-hcm` |"))
        .unwrap_or_else(|| panic!("the partner's row in:\n{summary}"));
    assert!(row.contains("An Bình"), "{row}");
    assert_eq!(row.replace("\\|", "").matches('|').count(), 4, "three cells: {row}");
    let app_row = summary.lines().find(|line| line.starts_with("| `an-binh-hcm/gui-hang` |"));
    let app_row = app_row.expect("the app's row");
    assert_eq!(app_row.replace("\\|", "").matches('|').count(), 4, "three cells: {app_row}");
    for body in sent.iter().map(|s| s.body.to_string()) {
        assert!(!body.contains("@everyone") && !body.contains("@here"), "no mention: {body}");
    }
    let closings = summary.matches("-->").count();
    let markers = summary.matches("<!-- miniapp:").count();
    assert_eq!(closings, markers, "the only `-->` close our own markers:\n{summary}");
    assert_eq!(summary.matches("<!--").count(), markers, "no comment opens either");
}
