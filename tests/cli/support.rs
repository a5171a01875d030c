//! Shared helpers: fixture registries composed from `tests/fixtures/base` and a case
//! folder, their expected findings, and the `miniapp` binary under test.

use std::fs;
use std::path::{Path, PathBuf};

use miniapp::diagnostic::Diagnostic;

/// Files of a case folder that describe the case instead of overlaying the base.
const CASE_FILES: [&str; 3] = ["expected.txt", "remove.txt", "symlinks.txt"];

/// Returns `tests/fixtures` of this package.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

/// Lists the case folders of a group (`valid` or `invalid`), sorted by name.
pub fn cases(group: &str) -> Vec<PathBuf> {
    let dir = fixtures().join(group);
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("a readable fixture entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Builds a registry in a temp folder: the base, then the case's files over it, then
/// the removals of `remove.txt` and the links of `symlinks.txt` (`path -> target`).
pub fn compose(case: &Path) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("a temp folder");
    copy_tree(&fixtures().join("base"), root.path(), false);
    copy_tree(case, root.path(), true);
    for line in case_lines(case, "remove.txt") {
        let path = root.path().join(&line);
        fs::remove_file(&path).unwrap_or_else(|error| panic!("cannot remove {line}: {error}"));
    }
    for line in case_lines(case, "symlinks.txt") {
        let (link, target) =
            line.split_once(" -> ").expect("symlinks.txt lines read `path -> target`");
        make_symlink(&root.path().join(link), target);
    }
    root
}

/// Copies a folder's files into another, skipping the case description files at its top.
pub fn copy_tree(from: &Path, to: &Path, skip_case_files: bool) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.expect("a readable fixture entry");
        let relative = entry.path().strip_prefix(from).expect("walkdir stays under its root");
        let top_level = relative.components().count() == 1;
        let name = relative.to_string_lossy();
        if skip_case_files && top_level && CASE_FILES.contains(&name.as_ref()) {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("a writable temp folder");
        } else {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).expect("a writable temp folder");
            }
            fs::copy(entry.path(), &target).expect("a copyable fixture file");
        }
    }
}

#[cfg(unix)]
fn make_symlink(link: &Path, target: &str) {
    if link.exists() || link.is_symlink() {
        fs::remove_file(link).expect("a removable file");
    }
    if let Some(parent) = link.parent() {
        fs::create_dir_all(parent).expect("a writable temp folder");
    }
    std::os::unix::fs::symlink(target, link).expect("symbolic links in the temp folder");
}

#[cfg(not(unix))]
fn make_symlink(link: &Path, target: &str) {
    // Windows needs a privilege for symbolic links; the case then checks nothing extra.
    let _ = (link, target);
}

fn case_lines(case: &Path, file: &str) -> Vec<String> {
    let Ok(text) = fs::read_to_string(case.join(file)) else { return Vec::new() };
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Holds one expected finding: `code path:line:column` (or `path:-`), and its related places.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    /// `code path:place`.
    pub finding: String,
    /// `path:place` of each `related` line that follows it.
    pub related: Vec<String>,
}

/// Reads a case's `expected.txt`; a missing file expects no finding.
pub fn expected(case: &Path) -> Vec<Expected> {
    let mut expected: Vec<Expected> = Vec::new();
    for line in case_lines(case, "expected.txt") {
        match line.strip_prefix("related ") {
            Some(place) => expected
                .last_mut()
                .expect("a `related` line follows a finding")
                .related
                .push(place.trim().to_owned()),
            None => expected.push(Expected { finding: line, related: Vec::new() }),
        }
    }
    expected
}

/// Formats a finding the way `expected.txt` lists it.
pub fn describe(diagnostic: &Diagnostic) -> String {
    format!("{} {}", diagnostic.code, place(&diagnostic.path, diagnostic.location))
}

/// Formats a path and an optional location as `path:line:column` or `path:-`.
pub fn place(path: &str, location: Option<miniapp::diagnostic::Location>) -> String {
    match location {
        Some(location) => format!("{path}:{}:{}", location.line, location.column),
        None => format!("{path}:-"),
    }
}

/// Returns a command running the `miniapp` binary built for these tests.
pub fn miniapp() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("miniapp").expect("the miniapp binary is built for tests")
}

/// Creates a repository from the bundled example with `miniapp init --example`.
pub fn example_repository() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("a temp folder");
    let output = miniapp()
        .arg("init")
        .arg("--example")
        .arg(root.path().join("registry"))
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    root
}

/// Runs `miniapp -C dir args…` with a clean environment for git and the clock, and
/// returns the exit code, stdout and stderr.
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = miniapp()
        .arg("-C")
        .arg(dir)
        .args(args)
        .env_remove("MINIAPP_NOW")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
