//! Cross-file rules: checks that need more than one document, or the files beside it
//! (ids against paths, references, icons, build numbers, first rollout complete).

use crate::diagnostic::{CodeInfo, Diagnostic};
use crate::registry::Snapshot;
use crate::validate::Loaded;

/// Codes the rules report.
pub const CODES: &[CodeInfo] = &[];

/// Runs every cross-file rule over a loaded registry.
pub fn check(loaded: &Loaded, snapshot: &Snapshot) -> Vec<Diagnostic> {
    let _ = (loaded, snapshot);
    Vec::new()
}

/// Reports a symbolic link inside the registry's layout.
pub fn symlink_finding(path: &str, target: &str) -> Diagnostic {
    Diagnostic::error(
        "registry-symlink",
        path,
        format!("`{path}` is a symbolic link to `{target}`"),
    )
    .with_help("registry files must be regular files; replace the link with the file itself")
}

/// Reports a file under `partners/` that has no place in the layout.
pub fn unknown_file_finding(path: &str) -> Diagnostic {
    Diagnostic::error(
        "registry-unknown-file",
        path,
        format!("`{path}` has no place in the registry layout"),
    )
    .with_help("see docs/registry-format.md for where each file goes")
}
