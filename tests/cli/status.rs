//! `miniapp status` and `miniapp history` run as a binary: output formats, exit codes and
//! the environment errors (no repository, shallow clone, missing branch).

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

use crate::history::{APP, DAY, Fixture, PARTNER, REGISTRY, rollout, rollout_path};

mod faults;

pub(crate) const NOW: &str = "2024-03-10T00:00:00+07:00";

pub(crate) fn miniapp(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("miniapp")
        .expect("the binary builds")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env_remove("MINIAPP_NOW")
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A registry whose partner and app landed on `main`, read without parsing documents.
pub(crate) fn requested_app() -> Fixture {
    let fixture = Fixture::new();
    fixture.commit("main", &[("registry.yaml", Some(REGISTRY)), (PARTNER, Some("{}"))]);
    fixture.commit("main", &[(APP, Some("{}"))]);
    fixture
}

#[test]
fn status_json_lists_items_with_provenance_and_overdue() {
    let fixture = requested_app();

    let (code, stdout, stderr) =
        miniapp(fixture.path(), &["status", "--format", "json", "--now", NOW]);

    assert_eq!(code, 0, "{stderr}");
    let items: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let app = &items[1];
    assert_eq!(app["kind"], "app");
    assert_eq!(app["id"], "acme/shop");
    assert_eq!(app["state"], "requested");
    assert_eq!(app["since"], "2024-03-01T09:00:00+07:00", "second commit, shown at +07:00");
    assert_eq!(app["overdue"], true, "requested for more than 5 days");
    assert_eq!(app["branch"], serde_json::Value::Null);
    assert_eq!(app["provenance"]["file"], APP);
    assert_eq!(app["provenance"]["author"]["name"], "Partner Dev");
    assert_eq!(app["commit"].as_str().map(str::len), Some(40));
    assert_eq!(items[0]["state"], "pending-verification");
}

#[test]
fn status_table_names_open_branches_and_filters_items() {
    let fixture = requested_app();
    fixture.branch("submit", "main");
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 1, &[])))]);

    let (code, stdout, stderr) = miniapp(fixture.path(), &["status", "acme/shop", "--now", NOW]);

    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("KIND"), "{stdout}");
    assert!(lines.iter().all(|line| !line.starts_with("partner")), "filtered: {stdout}");
    let rollout_line = lines.iter().find(|line| line.contains("rollouts/1.0.0")).expect("row");
    assert!(rollout_line.contains("submitted") && rollout_line.ends_with("submit"), "{stdout}");
    assert!(rollout_line.contains("2024-03-01 10:00 +07:00"), "{stdout}");
    assert!(lines.iter().any(|line| line.contains("acme/shop ") && line.contains("overdue")));
}

#[test]
fn history_prints_one_line_per_transition() {
    let fixture = requested_app();
    fixture.branch("submit", "main");
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 1, &[])))]);
    fixture.commit("submit", &[(&rollout_path("1.0.0"), None)]);

    let (code, stdout, stderr) = miniapp(fixture.path(), &["history", "acme/shop/1.0.0"]);

    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "acme/shop/rollouts/1.0.0 on branch `submit` (0 revisions)");
    assert!(lines[1].contains("submitted") && lines[1].contains("Partner Dev <dev@acme.example>"));
    assert!(lines[2].contains("cancelled") && lines[2].ends_with(&rollout_path("1.0.0")));
    assert_eq!(lines.len(), 3, "{stdout}");

    let (_, mermaid, _) =
        miniapp(fixture.path(), &["history", "acme/shop/1.0.0", "--format", "mermaid"]);
    assert!(mermaid.starts_with("stateDiagram-v2\n    [*] --> i0_0\n"), "{mermaid}");
}

#[test]
fn html_escapes_every_value() {
    let mut fixture = Fixture::new();
    fixture.as_author("Eve & \"Co\" 'x' Jr", "eve@example.com");
    fixture.commit("main", &[("registry.yaml", Some(REGISTRY)), (PARTNER, Some("{}"))]);

    let (code, stdout, stderr) = miniapp(fixture.path(), &["status", "--format", "html"]);

    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("<!DOCTYPE html>"));
    assert!(!stdout.contains("Eve & "), "{stdout}");
    assert!(
        stdout.contains("Eve &amp; &quot;Co&quot; &#39;x&#39; Jr &lt;eve@example.com&gt;"),
        "{stdout}"
    );
    assert!(!stdout.contains("http"), "no external assets");
}

#[test]
fn mermaid_and_markdown_place_items_in_their_states() {
    let fixture = requested_app();

    let (_, mermaid, _) = miniapp(fixture.path(), &["status", "--format", "mermaid"]);
    assert!(mermaid.contains("    app_requested : acme/shop"), "{mermaid}");
    assert!(mermaid.contains("    [*] --> rollout_submitted"), "{mermaid}");

    let (_, markdown, _) = miniapp(fixture.path(), &["status", "--format", "markdown"]);
    assert!(markdown.contains("| app | `acme/shop` | requested |"), "{markdown}");
}

pub(crate) fn assert_environment_error(dir: &Path, args: &[&str], message: &str) -> String {
    let (code, stdout, stderr) = miniapp(dir, args);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: ") && first.contains(message), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn environment_errors_exit_2_with_one_clear_line() {
    let outside = tempfile::tempdir().expect("temp dir");
    assert_environment_error(outside.path(), &["status"], "is not inside a git repository");

    let empty = Fixture::new();
    assert_environment_error(empty.path(), &["status"], "has no commits yet");

    let no_registry = Fixture::new();
    no_registry.commit("main", &[(PARTNER, Some("{}"))]);
    assert_environment_error(no_registry.path(), &["status"], "`registry.yaml` is missing");

    let elsewhere = Fixture::new();
    elsewhere.commit("trunk", &[("registry.yaml", Some(REGISTRY))]);
    elsewhere.repo.set_head("refs/heads/trunk").expect("head");
    let stderr =
        assert_environment_error(elsewhere.path(), &["status"], "production branch `main`");
    assert!(stderr.contains("hint: "), "{stderr}");

    let fixture = requested_app();
    assert_environment_error(fixture.path(), &["status", "--now", "tomorrow"], "RFC 3339");
    assert_environment_error(fixture.path(), &["status", "--at", "nope"], "`nope`");
    assert_environment_error(fixture.path(), &["history", "acme/nothing"], "no item");
}

#[test]
fn a_detached_head_works_with_at() {
    let fixture = requested_app();
    let first = fixture.repo.revparse_single("main~1").expect("rev").id();
    fixture.repo.set_head_detached(first).expect("detach");
    fixture.repo.find_reference("refs/heads/main").expect("main").delete().expect("delete");

    let (code, stdout, stderr) =
        miniapp(fixture.path(), &["status", "--at", "HEAD", "--format", "json"]);

    assert_eq!(code, 0, "{stderr}");
    let items: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(items.as_array().map(Vec::len), Some(1), "only the partner existed: {stdout}");
    assert_eq!(items[0]["id"], "acme");
}

#[test]
fn a_shallow_clone_is_refused_with_how_to_fetch_history() {
    let fixture = requested_app();
    let clone = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", fixture.path().display());
    let cloned = Command::new("git")
        .args(["clone", "--quiet", "--depth", "1", &url])
        .arg(clone.path().join("registry"))
        .output()
        .expect("git runs");
    assert!(cloned.status.success(), "{}", String::from_utf8_lossy(&cloned.stderr));

    let stderr = assert_environment_error(&clone.path().join("registry"), &["status"], "shallow");
    assert!(stderr.contains("fetch-depth: 0") && stderr.contains("git fetch --unshallow"));
}

#[test]
fn status_json_is_the_documented_shape() {
    let fixture = Fixture::new();
    let first = fixture.commit("main", &[("registry.yaml", Some(REGISTRY)), (PARTNER, Some("{}"))]);

    let (code, stdout, stderr) =
        miniapp(fixture.path(), &["status", "--format", "json", "--now", NOW]);

    assert_eq!(code, 0, "{stderr}");
    let items: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let expected = serde_json::json!([{
        "kind": "partner",
        "id": "acme",
        "state": "pending-verification",
        "since": "2024-03-01T08:00:00+07:00",
        "age_seconds": 8 * DAY + 16 * 3600, // 2024-03-01T01:00Z to 2024-03-09T17:00Z
        "overdue": false,
        "branch": null,
        "commit": first.to_string(),
        "revisions": 0,
        "provenance": {
            "commit": first.to_string(),
            "time": "2024-03-01T08:00:00+07:00",
            "author": { "name": "Partner Dev", "email": "dev@acme.example" },
            "file": PARTNER,
        },
        "findings": [],
    }]);
    assert_eq!(items, expected);
}

#[test]
fn a_rollout_on_production_without_approval_exits_1() {
    let fixture = requested_app();
    fixture.commit("main", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 1, &[])))]);

    let (code, stdout, stderr) = miniapp(fixture.path(), &["status", "--now", NOW]);

    assert_eq!(code, 1, "{stderr}");
    let finding = stdout.lines().last().unwrap_or_default();
    assert_eq!(
        finding,
        format!(
            "error[lifecycle-unapproved-on-production]: {}: rollout `1.0.0` is on `main` \
             without a current approval",
            rollout_path("1.0.0")
        )
    );
    assert!(stderr.contains("1 integrity finding"), "{stderr}");
}
