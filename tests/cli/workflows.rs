//! The GitHub integration files: the example registry's workflows (the comment job never
//! runs or checks out pull-request code, the check keeps full history and a read-only
//! token), its CODEOWNERS against the registry's logins, the action and the pre-commit hook.
//! Each file is read with miniapp's own YAML loader.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

/// Event fields a pull request's author controls, or that name the pull request's code.
const UNTRUSTED: [&str; 8] = [
    "github.event.workflow_run",
    "github.event.pull_request",
    "github.event.issue",
    "github.event.comment",
    "github.event.review",
    "github.event.head_commit",
    "github.head_ref",
    "github.event.commits",
];

/// Words that make a checkout `ref` point at the pull request's head.
const PULL_REQUEST_REFS: [&str; 6] =
    ["head_sha", "head_ref", "head_branch", "github.event.pull_request", "refs/pull", "pull/"];

fn read(relative: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {relative}: {error}"))
}

/// Loads a YAML file of this package with `miniapp::yaml::load`, which must find nothing.
fn load(relative: &str) -> Value {
    let loaded = miniapp::yaml::load(relative, &read(relative), &Default::default());
    assert!(loaded.diagnostics.is_empty(), "{relative}: {:?}", loaded.diagnostics);
    loaded.document.expect("a document").value().clone()
}

fn workflow(name: &str) -> Value {
    load(&format!("example-registry/.github/workflows/{name}"))
}

/// Lists every step of every job.
fn steps(workflow: &Value) -> Vec<&Value> {
    let jobs = workflow["jobs"].as_object().expect("`jobs` is a mapping");
    assert!(!jobs.is_empty(), "a workflow has jobs");
    jobs.values().flat_map(|job| job["steps"].as_array().expect("each job lists steps")).collect()
}

fn uses(step: &Value, action: &str) -> bool {
    step["uses"].as_str().is_some_and(|uses| uses.starts_with(&format!("{action}@")))
}

fn run_scripts(steps: &[&Value]) -> Vec<String> {
    steps.iter().filter_map(|step| step["run"].as_str().map(str::to_owned)).collect()
}

/// Returns the expressions (`${{ … }}`) of a text.
fn expressions(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        let end = after.find("}}").unwrap_or(after.len());
        found.push(after[..end].trim());
        rest = &after[end..];
    }
    found
}

#[test]
fn comment_runs_on_workflow_run_of_check_only() {
    let comment = workflow("comment.yml");
    let on = comment["on"].as_object().expect("`on` is a mapping");
    assert_eq!(on.keys().collect::<Vec<_>>(), ["workflow_run"], "no other trigger");
    assert_eq!(on["workflow_run"], json!({ "workflows": ["check"], "types": ["completed"] }));
    assert_eq!(
        comment["permissions"],
        json!({ "contents": "read", "issues": "write", "pull-requests": "write" })
    );
    let check = workflow("check.yml");
    assert_eq!(check["name"], "check", "`workflows: [check]` names check.yml");
}

#[test]
fn comment_never_checks_out_the_pull_request() {
    let comment = workflow("comment.yml");
    let steps = steps(&comment);
    let checkouts: Vec<&&Value> = steps.iter().filter(|s| uses(s, "actions/checkout")).collect();
    assert_eq!(checkouts.len(), 1, "one checkout: the default branch");
    for checkout in checkouts {
        let reference = checkout["with"]["ref"].as_str().unwrap_or_default();
        for word in PULL_REQUEST_REFS {
            assert!(!reference.contains(word), "checkout ref `{reference}` names `{word}`");
        }
        assert_eq!(reference, "${{ github.event.repository.default_branch }}");
        assert!(checkout["with"]["repository"].is_null(), "the base repository only");
    }
    for step in &steps {
        assert!(!uses(step, "actions/download-artifact"), "artifacts are not trusted");
        let action = step["uses"].as_str().unwrap_or_default();
        assert!(!action.starts_with("./"), "no local action: `{action}` could be the PR's");
    }
    let scripts = run_scripts(&steps).join("\n");
    assert!(scripts.contains("git fetch --no-tags --no-write-fetch-head origin \"$HEAD_SHA\""));
    for forbidden in ["git checkout", "git switch", "git worktree", "git reset", "git merge"] {
        assert!(!scripts.contains(forbidden), "comment.yml runs `{forbidden}`");
    }
    assert!(scripts.contains("miniapp comment --repo \"$REPOSITORY\""));
}

#[test]
fn comment_scripts_interpolate_no_expression() {
    let comment = workflow("comment.yml");
    for script in run_scripts(&steps(&comment)) {
        assert_eq!(expressions(&script), Vec::<&str>::new(), "in:\n{script}");
    }
    let head = steps(&comment)
        .into_iter()
        .find_map(|step| step["env"]["HEAD_SHA"].as_str())
        .expect("the head commit comes in through `env`");
    assert_eq!(head, "${{ github.event.workflow_run.head_sha }}");
}

#[test]
fn no_run_script_interpolates_untrusted_event_fields() {
    let mut files: Vec<String> = ["check.yml", "comment.yml", "promote.yml"]
        .iter()
        .map(|name| format!("example-registry/.github/workflows/{name}"))
        .collect();
    files.push(".github/workflows/ci.yml".to_owned());
    for file in files {
        for script in run_scripts(&steps(&load(&file))) {
            for expression in expressions(&script) {
                for field in UNTRUSTED {
                    assert!(!expression.contains(field), "{file}: `{expression}` in a script");
                }
            }
        }
    }
}

#[test]
fn check_has_full_history_and_a_read_only_token() {
    let check = workflow("check.yml");
    let on = check["on"].as_object().expect("`on` is a mapping");
    assert_eq!(on.keys().collect::<Vec<_>>(), ["pull_request"]);
    assert_eq!(check["permissions"], json!({ "contents": "read" }));
    let steps = steps(&check);
    let checkouts: Vec<&&Value> = steps.iter().filter(|s| uses(s, "actions/checkout")).collect();
    assert!(!checkouts.is_empty());
    for checkout in checkouts {
        assert_eq!(checkout["with"]["fetch-depth"], json!(0), "the gate needs full history");
    }
    let scripts = run_scripts(&steps).join("\n");
    assert!(scripts.contains("miniapp check --format github"));
    assert!(scripts.contains("miniapp check --format json"));
    assert!(steps.iter().any(|step| uses(step, "actions/upload-artifact")));
}

#[test]
fn promote_runs_on_push_to_main_with_write_access() {
    let promote = workflow("promote.yml");
    assert_eq!(promote["on"], json!({ "push": { "branches": ["main"] } }));
    assert_eq!(promote["permissions"], json!({ "contents": "write" }));
    let steps = steps(&promote);
    let checkout = steps.iter().find(|s| uses(s, "actions/checkout")).expect("a checkout");
    assert_eq!(checkout["with"]["fetch-depth"], json!(0));
    let scripts = run_scripts(&steps).join("\n");
    assert!(scripts.contains("miniapp promote --out catalog --tag"));
    assert!(scripts.contains("git push --tags origin"));
}

#[test]
fn the_action_runs_no_expression_inside_its_scripts() {
    let action = load("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let steps: Vec<&Value> =
        action["runs"]["steps"].as_array().expect("composite steps").iter().collect();
    for script in run_scripts(&steps) {
        assert_eq!(expressions(&script), Vec::<&str>::new(), "in:\n{script}");
    }
    let inputs = action["inputs"].as_object().expect("inputs");
    for (name, input) in inputs {
        assert!(input["description"].as_str().is_some_and(|d| !d.is_empty()), "{name}");
    }
    assert!(inputs.contains_key("args"));
    let scripts = run_scripts(&steps).join("\n");
    assert!(scripts.contains("cargo \"+$TOOLCHAIN\" install --locked --path \"$SOURCE\""));
}

#[test]
fn the_pre_commit_hook_validates_the_whole_registry() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "miniapp-validate");
    assert_eq!(hook["entry"], "miniapp validate");
    assert_eq!(hook["pass_filenames"], false);
    assert_eq!(hook["language"], "rust");
}

/// Reads CODEOWNERS into `(pattern, owners)` lines, comments and blank lines left out.
fn codeowners() -> Vec<(String, BTreeSet<String>)> {
    let text = String::from_utf8(read("example-registry/.github/CODEOWNERS")).expect("UTF-8");
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut words = line.split_whitespace();
            let pattern = words.next().expect("a pattern").to_owned();
            let owners = words.map(|owner| owner.trim_start_matches('@').to_owned()).collect();
            (pattern, owners)
        })
        .collect()
}

fn logins(document: &Value, list: &str) -> BTreeSet<String> {
    document[list]
        .as_array()
        .unwrap_or_else(|| panic!("`{list}` is a list"))
        .iter()
        .map(|person| person["login"].as_str().expect("a login").to_owned())
        .collect()
}

#[test]
fn codeowners_follow_the_gates_rights() {
    let registry = load("example-registry/registry.yaml");
    let admins = logins(&registry, "admins");
    let momo: BTreeSet<String> = admins.union(&logins(&registry, "reviewers")).cloned().collect();
    let lines = codeowners();
    let owners = |pattern: &str| -> &BTreeSet<String> {
        &lines.iter().find(|(p, _)| p == pattern).unwrap_or_else(|| panic!("no `{pattern}`")).1
    };

    let partners = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry/partners");
    let mut ids: Vec<String> = std::fs::read_dir(&partners)
        .expect("partners/")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    for id in &ids {
        let partner = load(&format!("example-registry/partners/{id}/partner.yaml"));
        assert_eq!(owners(&format!("/partners/{id}/")), &logins(&partner, "maintainers"), "{id}");
    }
    let is_partner_folder =
        |p: &str| p.starts_with("/partners/") && p.matches('/').count() == 3 && !p.contains('*');
    let partner_lines = lines.iter().filter(|(p, _)| is_partner_folder(p) && p.ends_with('/'));
    let partner_lines = partner_lines.count();
    assert_eq!(partner_lines, ids.len(), "one line per partner, no stale partner");

    for pattern in [
        "/partners/*/verification.yaml",
        "/partners/**/cooperation.yaml",
        "/partners/**/reviews/",
        "/defects.yaml",
    ] {
        assert_eq!(owners(pattern), &momo, "{pattern}");
    }
    for pattern in ["*", "/registry.yaml", "/schemas/", "/.github/"] {
        assert_eq!(owners(pattern), &admins, "{pattern}");
    }
    assert_eq!(lines[0].0, "*", "the catch-all comes first: the last match wins");
}
