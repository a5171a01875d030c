//! Smoke test of the benchmark generator (`examples/generate`): a few hundred files, valid,
//! with no integrity finding, and the same repository (down to its commit ids) for the
//! same seed.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// Finds the generator `cargo test` built beside this test binary (`target/*/examples`).
fn generator() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let profile = exe.parent()?.parent()?;
    let path = profile.join("examples").join(format!("generate{}", std::env::consts::EXE_SUFFIX));
    path.is_file().then_some(path)
}

fn generate(out: &Path) -> String {
    let generator = generator().expect("`cargo test` builds the examples");
    let output = Command::new(generator)
        .args(["--files", "300", "--commits", "700", "--open", "3", "--seed", "11", "--out"])
        .arg(out)
        .output()
        .expect("the generator runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let repo = git2::Repository::open(out).expect("a repository");
    let head = repo.head().expect("a head").target().expect("main points at a commit");
    head.to_string()
}

fn miniapp(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("miniapp")
        .expect("the binary builds")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("the binary runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn generated_registry_is_valid_deterministic_and_has_open_rollouts() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));

    let first = generate(&one);
    let second = generate(&two);

    assert_eq!(first, second, "the same seed writes the same history");
    // The id libgit2's tree builder and `Repository::commit` gave this history, before the
    // generator serialized trees and commits itself: the bytes are git's canonical ones.
    assert_eq!(first, "49921735aceaf71eaa30e824346151de93d65850", "seed 11's history");
    let (code, stdout) = miniapp(&one, &["validate", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
    let (code, stdout) =
        miniapp(&one, &["status", "--format", "json", "--now", "2026-01-01T00:00:00+07:00"]);
    assert_eq!(code, 0, "no integrity finding: {stdout}");
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("json");
    let open = items.iter().filter(|item| !item["branch"].is_null()).count();
    assert_eq!(open, 3, "one open rollout per open branch");
    let live = items.iter().filter(|item| item["state"] == "live").count();
    assert!(live > 10, "rollouts and apps went live: {live}");
}
