//! `miniapp validate`: every fixture case against its `expected.txt`, through the library,
//! and the command's exit codes, formats and summary line, through the binary.

use std::path::Path;

use miniapp::cli::DiagnosticFormat;
use miniapp::diagnostic::{Diagnostic, Severity};
use miniapp::registry::Snapshot;
use miniapp::render::{self, Report};
use miniapp::validate::Validation;

use crate::support::{self, Expected};

/// Validates a composed case with the library, from a snapshot and file by file as
/// `miniapp validate` does; both must give the same findings and the same human report.
fn validate_case(case: &Path) -> Vec<Diagnostic> {
    let root = support::compose(case);
    let snapshot = Snapshot::from_dir(root.path()).expect("a readable composed registry");
    let whole = miniapp::validate::validate(&snapshot);
    let streamed = miniapp::validate::validate_dir(root.path()).expect("a readable registry");
    assert_eq!(streamed.diagnostics, whole.diagnostics, "{}", case.display());
    assert_eq!(streamed.checked, whole.sources.len(), "{}", case.display());
    assert_eq!(human_report(&streamed), human_report(&whole), "{}", case.display());
    whole.diagnostics
}

/// Renders a validation as the human report, with its snippets.
fn human_report(validation: &Validation) -> String {
    let report = Report {
        diagnostics: &validation.diagnostics,
        sources: &validation.sources,
        path_prefix: "",
    };
    let mut out = Vec::new();
    render::write_report(DiagnosticFormat::Human, &report, false, &mut out)
        .expect("writing to memory succeeds");
    String::from_utf8(out).expect("the report is text")
}

/// Compares one case's findings with its expectations; `None` when they agree.
fn mismatch(group: &str, case: &Path) -> Option<String> {
    let diagnostics = validate_case(case);
    let mut expected = support::expected(case);
    let mut found: Vec<String> = diagnostics.iter().map(support::describe).collect();
    let mut wanted: Vec<String> = expected.iter().map(|e| e.finding.clone()).collect();
    found.sort();
    wanted.sort();
    let mut problems = Vec::new();
    if found != wanted {
        let missing: Vec<_> = wanted.iter().filter(|w| !found.contains(w)).collect();
        let extra: Vec<_> = found.iter().filter(|f| !wanted.contains(f)).collect();
        problems.push(format!("missing {missing:?}, unexpected {extra:?} (found {found:?})"));
    }
    expected.retain(|e| !e.related.is_empty());
    for Expected { finding, related } in &expected {
        let places: Vec<String> = diagnostics
            .iter()
            .filter(|d| &support::describe(d) == finding)
            .flat_map(|d| d.related.iter().map(|r| support::place(&r.path, r.location)))
            .collect();
        for place in related {
            if !places.contains(place) {
                problems.push(format!("`{finding}` lacks related {place} (has {places:?})"));
            }
        }
    }
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    if group == "valid" && !errors.is_empty() {
        problems.push(format!(
            "a valid case has errors: {:?}",
            errors.iter().map(|d| support::describe(d)).collect::<Vec<_>>()
        ));
    }
    if group == "invalid" && wanted.is_empty() {
        problems.push("an invalid case expects no finding".to_owned());
    }
    let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    (!problems.is_empty()).then(|| format!("{group}/{name}: {}", problems.join("; ")))
}

/// Runs every case (or those whose name holds `MINIAPP_FIXTURE`) and reports all mismatches.
#[test]
fn fixtures_match_their_expected_findings() {
    let filter = std::env::var("MINIAPP_FIXTURE").unwrap_or_default();
    let mut failures = Vec::new();
    let mut ran = 0;
    for group in ["valid", "invalid"] {
        for case in support::cases(group) {
            if !case.to_string_lossy().contains(&filter) {
                continue;
            }
            ran += 1;
            failures.extend(mismatch(group, &case));
        }
    }
    assert!(ran > 0, "no fixture case matches `{filter}`");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_fixture_suite_is_large_enough() {
    assert!(support::cases("invalid").len() >= 40);
    assert!(support::cases("valid").len() >= 5);
}

#[test]
fn every_expected_code_is_a_known_code() {
    let known: Vec<&str> = miniapp::diagnostic::all_codes().iter().map(|info| info.code).collect();
    let rule_codes: Vec<&str> = miniapp::rules::CODES.iter().map(|info| info.code).collect();
    for group in ["valid", "invalid"] {
        for case in support::cases(group) {
            for expected in support::expected(&case) {
                let code = expected.finding.split(' ').next().unwrap_or_default();
                // Loader and schema codes are checked once those layers list theirs.
                let owned_here = code.starts_with("rule-") || code.starts_with("registry-");
                assert!(
                    !owned_here || rule_codes.contains(&code),
                    "{}: unknown code `{code}`",
                    case.display()
                );
                if owned_here {
                    assert!(known.contains(&code));
                }
            }
        }
    }
}

#[test]
fn a_clean_registry_exits_zero_with_a_summary() {
    let root = support::compose(&support::fixtures().join("valid").join("base"));
    let output = support::miniapp()
        .arg("validate")
        .arg("-C")
        .arg(root.path())
        .output()
        .expect("miniapp runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end(), "checked 5 files: 0 errors, 0 warnings, 0 notes");
    assert!(output.stdout.is_empty(), "a clean human report prints nothing: {output:?}");
}

#[test]
fn findings_exit_one() {
    let root =
        support::compose(&support::fixtures().join("invalid").join("unknown-file-under-partners"));
    let output = support::miniapp()
        .args(["validate", "-C"])
        .arg(root.path())
        .output()
        .expect("miniapp runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("registry-unknown-file"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("checked 5 files: 1 error, 0 warnings, 0 notes"), "{stderr}");
}

#[test]
fn quiet_prints_no_summary() {
    let root = support::compose(&support::fixtures().join("valid").join("base"));
    let output = support::miniapp()
        .args(["validate", "-q", "-C"])
        .arg(root.path())
        .output()
        .expect("miniapp runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "{output:?}");
}

#[test]
fn a_folder_without_registry_yaml_exits_two_with_one_error_line() {
    let empty = tempfile::tempdir().expect("a temp folder");
    let output = support::miniapp()
        .args(["validate", "-C"])
        .arg(empty.path())
        .output()
        .expect("miniapp runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("`registry.yaml` is missing"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn fail_level_warning_fails_on_warnings() {
    let case = support::fixtures().join("invalid").join("build-parity-warning");
    let root = support::compose(&case);
    let run = |extra: &[&str]| {
        support::miniapp()
            .args(["validate", "-C"])
            .arg(root.path())
            .args(extra)
            .output()
            .expect("miniapp runs")
    };
    let default = run(&[]);
    assert_eq!(default.status.code(), Some(0), "a warning alone passes: {default:?}");
    let strict = run(&["--fail-level", "warning"]);
    assert_eq!(strict.status.code(), Some(1), "{strict:?}");
    let notes = run(&["--fail-level", "note"]);
    assert_eq!(notes.status.code(), Some(1), "{notes:?}");
}

#[test]
fn fail_level_note_fails_on_notes_only_when_asked() {
    let root =
        support::compose(&support::fixtures().join("valid").join("notify-install-mode-is-a-note"));
    let run = |level: &str| {
        support::miniapp()
            .args(["validate", "--fail-level", level, "-C"])
            .arg(root.path())
            .output()
            .expect("miniapp runs")
    };
    assert_eq!(run("warning").status.code(), Some(0));
    assert_eq!(run("note").status.code(), Some(1));
}

#[test]
fn json_format_lists_findings_with_their_fields() {
    let root = support::compose(&support::fixtures().join("invalid").join("icon-300x200"));
    let output = support::miniapp()
        .args(["validate", "--format", "json", "-C"])
        .arg(root.path())
        .output()
        .expect("miniapp runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    let diagnostics = report["diagnostics"].as_array().expect("a `diagnostics` array");
    assert_eq!(diagnostics.len(), 4, "{report:#}");
    let first = &diagnostics[0];
    for field in ["code", "severity", "path", "line", "column", "pointer", "message", "help"] {
        assert!(first.get(field).is_some(), "`{field}` missing from {first:#}");
    }
    assert_eq!(first["code"], "rule-icon-not-square");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "partners/acme/apps/shop/app.yaml");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(7), Some(9)));
    assert_eq!(first["pointer"], "/info/icon");
}

#[test]
fn json_format_of_a_clean_registry_is_an_empty_list() {
    let root = support::compose(&support::fixtures().join("valid").join("base"));
    let output = support::miniapp()
        .args(["validate", "--format", "json", "-C"])
        .arg(root.path())
        .output()
        .expect("miniapp runs");
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

/// Validates a composed base registry after `change` altered its folder.
fn validate_changed(change: impl FnOnce(&Path)) -> (tempfile::TempDir, Vec<String>) {
    let root = support::compose(&support::fixtures().join("valid").join("base"));
    change(root.path());
    let snapshot = Snapshot::from_dir(root.path()).expect("a readable registry root");
    let validation = miniapp::validate::validate(&snapshot);
    let found = validation.diagnostics.iter().map(support::describe).collect();
    (root, found)
}

const ROLLOUTS: &str = "partners/acme/apps/shop/rollouts";

#[test]
fn a_fifo_at_a_rollout_place_is_reported_without_hanging() {
    let (_root, found) = validate_changed(|root| {
        let fifo = root.join(ROLLOUTS).join("2.0.0.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
    });
    assert_eq!(found, [format!("registry-not-a-file {ROLLOUTS}/2.0.0.yaml:-")]);
}

#[test]
fn a_folder_named_like_a_rollout_is_reported_as_a_folder() {
    let (_root, found) = validate_changed(|root| {
        std::fs::create_dir(root.join(ROLLOUTS).join("1.1.0.yaml")).expect("a folder");
    });
    assert_eq!(found, [format!("registry-not-a-file {ROLLOUTS}/1.1.0.yaml:-")]);
}

#[test]
fn a_file_name_that_is_not_utf8_is_reported_and_the_run_goes_on() {
    use std::os::unix::ffi::OsStrExt;
    let root = support::compose(&support::fixtures().join("valid").join("base"));
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
    std::fs::write(root.path().join("partners/acme").join(name), "x: 1\n").expect("a file");
    let output = support::miniapp()
        .args(["validate", "--format", "json", "-C"])
        .arg(root.path())
        .output()
        .expect("miniapp runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("a `diagnostics` array")
        .iter()
        .filter_map(|finding| finding["code"].as_str())
        .collect();
    assert_eq!(codes, ["registry-unreadable-file"], "{report:#}");
}

#[test]
fn an_unreadable_file_is_a_finding_not_an_abort() {
    use std::os::unix::fs::PermissionsExt;
    let root = support::compose(&support::fixtures().join("valid").join("base"));
    let locked = root.path().join("partners/acme/partner.yaml");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable_anyway = std::fs::read(&locked).is_ok();
    let output = support::miniapp()
        .args(["validate", "-C"])
        .arg(root.path())
        .output()
        .expect("miniapp runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    if readable_anyway {
        // Running as root: mode 000 does not stop reads, so the registry is clean.
        assert_eq!(output.status.code(), Some(0), "{output:?}");
    } else {
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        assert!(stdout.contains("registry-unreadable-file"), "{stdout}");
        assert!(stdout.contains("partners/acme/partner.yaml"), "{stdout}");
    }
}

#[test]
fn registry_yaml_as_a_folder_is_a_finding_that_says_so() {
    let root = support::compose(&support::fixtures().join("valid").join("base"));
    std::fs::remove_file(root.path().join("registry.yaml")).expect("a removable file");
    std::fs::create_dir(root.path().join("registry.yaml")).expect("a folder");
    let output = support::miniapp()
        .args(["validate", "-C"])
        .arg(root.path())
        .output()
        .expect("miniapp runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("registry-not-a-file"), "{stdout}");
    assert!(stdout.contains("`registry.yaml` is a folder"), "{stdout}");
}

#[test]
fn a_300_mib_icon_is_too_large_and_never_read_whole() {
    let (_root, found) = validate_changed(|root| {
        let icon = std::fs::File::create(root.join("partners/acme/apps/shop/icon.png"))
            .expect("a writable icon");
        // Sparse: the file claims 300 MiB without using the disk.
        icon.set_len(300 << 20).expect("a sparse file");
    });
    assert_eq!(found, ["registry-too-large partners/acme/apps/shop/icon.png:-"]);
}
