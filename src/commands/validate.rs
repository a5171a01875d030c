//! `miniapp validate`: checks every registry file and reports the findings.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::ValidateArgs;
use crate::commands::{self, EXIT_CLEAN, EXIT_FINDINGS};
use crate::render::{self, Report};
use crate::settings::Settings;

/// Runs `miniapp validate` in the settings' folder.
pub fn run(settings: &Settings, args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let root = &settings.directory;
    ensure_registry(root)?;
    let validation = crate::validate::validate_dir(root)
        .with_context(|| format!("failed to read the registry at `{}`", root.display()))?;
    tracing::debug!(files = validation.checked, root = %root.display(), "validated registry");

    let prefix = repository_prefix(root);
    let report = Report {
        diagnostics: &validation.diagnostics,
        sources: &validation.sources,
        path_prefix: &prefix,
    };
    let mut stdout = std::io::stdout().lock();
    render::write_report(args.format, &report, settings.color_stdout, &mut stdout)
        .context("failed to write the report")?;
    stdout.flush().context("failed to write the report")?;
    if !settings.quiet {
        let (errors, warnings, notes) = commands::count(&validation.diagnostics);
        eprintln!(
            "checked {}: {}, {}, {}",
            commands::plural(validation.checked, "file", "files"),
            commands::plural(errors, "error", "errors"),
            commands::plural(warnings, "warning", "warnings"),
            commands::plural(notes, "note", "notes"),
        );
    }
    let failed = commands::fails(&validation.diagnostics, args.fail_level);
    Ok(ExitCode::from(if failed { EXIT_FINDINGS } else { EXIT_CLEAN }))
}

/// Refuses to run where there is no registry, with a hint on what one looks like.
///
/// Anything at `registry.yaml` counts as a registry: a folder, FIFO or unreadable file
/// there is a finding of the run, not a reason to stop it.
pub fn ensure_registry(root: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(root.join("registry.yaml")) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(commands::with_hint(
            format!("no registry at `{}`: `registry.yaml` is missing", root.display()),
            "run miniapp in a registry's root folder, or pass `-C DIR`; \
             `miniapp init --example DIR` creates one to start from",
        )),
        Err(error) => Err(commands::with_hint(
            format!(
                "cannot read the registry at `{}`: {}",
                root.display(),
                crate::registry::describe_io(&error, "look for `registry.yaml`")
            ),
            "check the folder's permissions, or pass another `-C DIR`",
        )),
    }
}

/// Returns the registry's folder relative to its git work tree, with a trailing `/`,
/// so annotations name files from the repository root; empty outside a repository.
fn repository_prefix(root: &Path) -> String {
    match git2::Repository::discover(root) {
        Ok(repository) => crate::history::registry_prefix(&repository, root),
        Err(_) => String::new(),
    }
}
