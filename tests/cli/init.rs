//! `miniapp init DIR`: a new, empty registry repository that validates clean, through the
//! binary.

use std::path::Path;

use crate::support;

const AUTHOR: &str = "Trần Minh Quân <quan.tran@momo.example>";

fn init(dir: &Path, extra: &[&str]) -> std::process::Output {
    support::miniapp()
        .arg("init")
        .arg(dir)
        .args(["--name", "MoMo Mini App Registry", "--admin", "tran-minh-quan"])
        .args(["--reviewer", "nguyen-thu-ha", "--reviewer", "le-hoang-nam"])
        .args(extra)
        .write_stdin("")
        .output()
        .expect("runs")
}

#[test]
fn init_creates_a_registry_that_validates_clean_in_one_commit() {
    let root = tempfile::tempdir().expect("a temp folder");
    let dir = root.path().join("registry");
    let output = init(&dir, &["--author", AUTHOR]);
    assert!(output.status.success(), "{output:?}");

    let validate = support::miniapp().arg("-C").arg(&dir).arg("validate").output().expect("runs");
    assert!(validate.status.success(), "{validate:?}");
    assert!(String::from_utf8_lossy(&validate.stderr).contains("0 errors, 0 warnings, 0 notes"));

    let repo = git2::Repository::open(&dir).expect("a repository");
    let head = repo.head().expect("HEAD");
    assert_eq!(head.shorthand().ok(), Some("main"));
    let commit = head.peel_to_commit().expect("a commit");
    assert_eq!(commit.parent_count(), 0, "the first commit");
    assert_eq!(commit.author().name().ok(), Some("Trần Minh Quân"));
    assert_eq!(commit.author().email().ok(), Some("quan.tran@momo.example"));
    assert!(repo.statuses(None).expect("statuses").is_empty(), "everything is committed");

    let tree = commit.tree().expect("a tree");
    for path in [
        "registry.yaml",
        "defects.yaml",
        "README.md",
        ".github/CODEOWNERS",
        ".github/workflows/check.yml",
        ".github/workflows/comment.yml",
        ".github/workflows/promote.yml",
        "schemas/registry.schema.json",
        "schemas/rollout-request.schema.json",
    ] {
        assert!(tree.get_path(Path::new(path)).is_ok(), "{path} is committed");
    }
    assert!(dir.join("partners").is_dir(), "partners/ is there to fill");

    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry");
    let read = |path: &Path| std::fs::read_to_string(path).expect("a readable file");
    assert_eq!(read(&dir.join("defects.yaml")), read(&example.join("defects.yaml")));
    let registry = read(&dir.join("registry.yaml"));
    for line in [
        "name: MoMo Mini App Registry",
        "language: en",
        "  - login: tran-minh-quan",
        "  - login: le-hoang-nam",
    ] {
        assert!(registry.contains(line), "{line} in {registry}");
    }
    let owners = read(&dir.join(".github/CODEOWNERS"));
    assert!(owners.contains("/registry.yaml                      @tran-minh-quan\n"), "{owners}");
    assert!(owners.contains("/partners/**/reviews/               @nguyen-thu-ha @le-hoang-nam"));
}

#[test]
fn init_takes_the_language_and_production_branch() {
    let root = tempfile::tempdir().expect("a temp folder");
    let dir = root.path().join("registry");
    let flags = ["--author", AUTHOR, "--language", "vi", "--production-branch", "production"];
    let output = init(&dir, &flags);
    assert!(output.status.success(), "{output:?}");

    let repo = git2::Repository::open(&dir).expect("a repository");
    assert_eq!(repo.head().expect("HEAD").shorthand().ok(), Some("production"));
    let registry = std::fs::read_to_string(dir.join("registry.yaml")).expect("registry.yaml");
    assert!(registry.contains("language: vi\nproduction_branch: production\n"), "{registry}");
    let check = std::fs::read_to_string(dir.join(".github/workflows/check.yml")).expect("check");
    assert!(check.contains("branches: [production]") && !check.contains("[main]"), "{check}");
    let validate = support::miniapp().arg("-C").arg(&dir).arg("validate").output().expect("runs");
    assert!(validate.status.success(), "{validate:?}");
}

#[test]
fn init_names_every_missing_flag_without_a_terminal() {
    let root = tempfile::tempdir().expect("a temp folder");
    let dir = root.path().join("registry");
    let output = support::miniapp().arg("init").arg(&dir).write_stdin("").output().expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error: missing required flags: `--name`, `--admin`"), "{stderr}");
    assert!(!dir.exists(), "nothing is written");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let root = tempfile::tempdir().expect("a temp folder");
    std::fs::write(root.path().join("notes.txt"), "keep me").expect("a file");
    let output = init(root.path(), &["--author", AUTHOR]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("exists and is not empty"));
    assert!(!root.path().join("registry.yaml").exists());
}

#[test]
fn init_without_an_identity_says_how_to_give_one() {
    let root = tempfile::tempdir().expect("a temp folder");
    let home = tempfile::tempdir().expect("an empty home");
    let dir = root.path().join("registry");
    let output = support::miniapp()
        .arg("init")
        .arg(&dir)
        .args(["--name", "Registry", "--admin", "tran-minh-quan"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .write_stdin("")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("git config has no `user.name` and `user.email`"), "{stderr}");
    assert!(stderr.contains("hint: pass `--author \"NAME <EMAIL>\"`"), "{stderr}");
    assert!(!dir.exists(), "nothing is written");

    let bad = init(&dir, &["--author", "quan.tran@momo.example"]);
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not `NAME <EMAIL>`"));
}
