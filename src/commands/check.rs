//! `miniapp check`: the pull-request gate as a command, with its defaults taken from
//! GitHub Actions' event payload and `GITHUB_ACTOR`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{CheckArgs, DiagnosticFormat};
use crate::commands::status::SHALLOW_HINT;
use crate::commands::{self, EXIT_CLEAN, EXIT_FINDINGS};
use crate::event::Event;
use crate::gate::{self, Approval, GateError, Outcome, Request};
use crate::history::{HistoryError, Repository};
use crate::render::{self, Report};
use crate::settings::Settings;

/// Runs `miniapp check` in the settings' folder.
pub fn run(settings: &Settings, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let event = Event::from_environment().context("failed to read `GITHUB_EVENT_PATH`")?;
    let event = event.unwrap_or_default();
    let repository = Repository::open(&settings.directory).map_err(|_| {
        commands::with_hint(
            format!("`{}` is not inside a git repository", settings.directory.display()),
            "run `miniapp check` in a clone of the registry",
        )
    })?;
    commands::validate::ensure_registry(&settings.directory)?;
    // Refused before the base is looked up: a shallow clone often lacks the base too.
    if repository.is_shallow() {
        return Err(explain(GateError::Shallow));
    }
    if repository.is_empty().unwrap_or(false) {
        return Err(commands::with_hint(
            "the repository has no commits yet",
            "commit `registry.yaml` first",
        ));
    }
    let base = match args.base.clone().or(event.base_sha) {
        Some(base) => base,
        None => default_base(&repository, &settings.directory)?,
    };
    let head = args.head.clone().or(event.head_sha).unwrap_or_else(|| "HEAD".to_owned());
    let actor = match args.actor.clone().or_else(|| std::env::var("GITHUB_ACTOR").ok()) {
        Some(actor) if !actor.is_empty() => actor,
        _ => {
            return Err(commands::with_hint(
                "no actor: the gate needs the pull request author's login",
                "pass `--actor LOGIN` (GitHub Actions sets `GITHUB_ACTOR`)",
            ));
        }
    };
    tracing::debug!(%base, %head, %actor, "checking the change");

    let request = Request { base: &base, head: &head, actor: &actor };
    let outcome = gate::check(&repository, &request).map_err(explain)?;

    let mut stdout = std::io::stdout().lock();
    write_outcome(args.format, &outcome, &actor, settings.color_stdout, &mut stdout)
        .context("failed to write the verdict")?;
    stdout.flush().context("failed to write the verdict")?;
    // The verdict is already out: a summary that cannot be written must not turn it into
    // an environment error, so it is a warning and the verdict keeps its exit code.
    if let Err(error) = append_step_summary(&outcome) {
        eprintln!("warning: {error:#}");
    }
    // Human and Markdown reports end with the verdict on stdout already.
    let verdict_on_stdout =
        matches!(args.format, DiagnosticFormat::Human | DiagnosticFormat::Markdown);
    if !settings.quiet && !verdict_on_stdout {
        eprintln!("{}", verdict_line(&outcome));
    }
    Ok(ExitCode::from(if outcome.mergeable { EXIT_CLEAN } else { EXIT_FINDINGS }))
}

/// Returns the production branch to judge against when neither `--base` nor an event
/// names one: the local branch, else its remote-tracking twin, as `status` finds it.
fn default_base(repository: &Repository, root: &std::path::Path) -> anyhow::Result<String> {
    let branch = production_branch(root);
    match repository.branch_tip(&branch) {
        Some(found) => Ok(found.name),
        None => Err(commands::with_hint(
            format!("the production branch `{branch}` does not exist here"),
            format!(
                "fetch it with `git fetch origin {branch}`, set `production_branch` in \
                 `registry.yaml`, or pass `--base REV`"
            ),
        )),
    }
}

/// Turns a gate failure into one `error:` line with a hint. git's own error text (with
/// its `class=` and `code=`) goes to the `-v` log only; a failed git operation keeps
/// git's plain message as its cause.
fn explain(error: GateError) -> anyhow::Error {
    match error {
        GateError::Shallow => commands::with_hint(
            "the repository is a shallow clone: the gate needs the change's full history",
            SHALLOW_HINT,
        ),
        GateError::NoMergeBase { base, head } => commands::with_hint(
            format!("`{base}` and `{head}` have no common ancestor"),
            format!(
                "a pull request's head must branch off its base: check that `--base` names \
                 the target branch, or rebase `{head}` onto `{base}`"
            ),
        ),
        GateError::History(HistoryError::Resolve { revision, source }) => {
            tracing::debug!(%revision, cause = %source, "git could not resolve the revision");
            commands::with_hint(
                format!("`{revision}` is not a commit"),
                "pass a branch, a tag or a commit id to `--base` and `--head`; `git fetch` \
                 brings in one this clone lacks",
            )
        }
        GateError::History(HistoryError::Git { action, source }) => {
            git_failure(format!("failed to {action}"), &source)
        }
        GateError::Git(source) => git_failure("failed to read the commits of the change", &source),
        GateError::History(other) => {
            tracing::debug!(cause = ?other, "reading history failed");
            anyhow::anyhow!("{other}")
        }
    }
}

fn git_failure(message: impl Into<String>, source: &git2::Error) -> anyhow::Error {
    let message = message.into();
    tracing::debug!(cause = %source, "{message}");
    anyhow::anyhow!("{}", source.message()).context(message)
}

/// Sums the verdict up in one line.
pub fn verdict_line(outcome: &Outcome) -> String {
    let (errors, _, _) = commands::count(&outcome.diagnostics);
    let waiting =
        outcome.rollouts.iter().filter(|rollout| rollout.approval != Approval::Approved).count();
    if outcome.mergeable {
        return format!(
            "verdict: mergeable ({} changed, {} approved)",
            commands::plural(outcome.change.files.len(), "file", "files"),
            commands::plural(outcome.rollouts.len(), "rollout", "rollouts"),
        );
    }
    format!(
        "verdict: not mergeable ({} blocking, {} without a current approval)",
        commands::plural(errors, "finding", "findings"),
        commands::plural(waiting, "rollout", "rollouts"),
    )
}

fn write_outcome(
    format: DiagnosticFormat,
    outcome: &Outcome,
    actor: &str,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let report =
        Report { diagnostics: &outcome.diagnostics, sources: &outcome.sources, path_prefix: "" };
    if format != DiagnosticFormat::Json {
        render::write_report(format, &report, color, out)?;
        if matches!(format, DiagnosticFormat::Human | DiagnosticFormat::Markdown) {
            writeln!(out, "{}", verdict_line(outcome))?;
        }
        return Ok(());
    }
    // The JSON verdict is the findings document with the verdict's fields added, so both
    // commands share one documented shape.
    let mut buffer = Vec::new();
    render::write_report(format, &report, false, &mut buffer)?;
    let mut document: serde_json::Value =
        serde_json::from_slice(&buffer).context("failed to build the JSON verdict")?;
    if let Some(object) = document.as_object_mut() {
        let change = &outcome.change;
        object.insert("mergeable".into(), outcome.mergeable.into());
        object.insert("actor".into(), actor.into());
        object.insert("base".into(), change.base.to_string().into());
        object.insert("head".into(), change.head.to_string().into());
        object.insert("merge_base".into(), change.merge_base.to_string().into());
        object.insert("partners".into(), serde_json::to_value(&outcome.partners)?);
        object.insert("rollouts".into(), serde_json::to_value(&outcome.rollouts)?);
    }
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)?;
    Ok(())
}

/// Appends a Markdown summary to `GITHUB_STEP_SUMMARY` when GitHub Actions sets it.
fn append_step_summary(outcome: &Outcome) -> anyhow::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|path| !path.is_empty()) else {
        return Ok(());
    };
    let mut text = Vec::new();
    let heading = if outcome.mergeable { "mergeable" } else { "not mergeable" };
    writeln!(text, "## miniapp check: {heading}\n")?;
    let report =
        Report { diagnostics: &outcome.diagnostics, sources: &outcome.sources, path_prefix: "" };
    render::write_report(DiagnosticFormat::Markdown, &report, false, &mut text)?;
    writeln!(text)?;
    let failed = || {
        format!(
            "failed to append the step summary to `GITHUB_STEP_SUMMARY` (`{}`)",
            path.to_string_lossy()
        )
    };
    let mut file =
        std::fs::OpenOptions::new().create(true).append(true).open(&path).with_context(failed)?;
    file.write_all(&text).with_context(failed)
}

/// Returns the production branch `registry.yaml` names, or `main`.
pub(crate) fn production_branch(root: &std::path::Path) -> String {
    let registry = std::fs::read(root.join("registry.yaml"))
        .ok()
        .and_then(|bytes| crate::validate::read_typed("registry.yaml", &bytes));
    match registry {
        Some(crate::validate::Typed::Registry(registry)) => registry.production_branch,
        _ => crate::model::Registry::default().production_branch,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use git2::{ErrorClass, ErrorCode};

    use super::*;

    fn git_error() -> git2::Error {
        git2::Error::new(ErrorCode::NotFound, ErrorClass::Reference, "revspec 'main' not found")
    }

    /// Every line `report_error` would print for an error: the chain, hints included.
    fn printed(error: &anyhow::Error) -> Vec<String> {
        error.chain().map(ToString::to_string).collect()
    }

    #[test]
    fn every_gate_error_prints_without_git_codes() {
        assert!(git_error().to_string().contains("class="), "the probe carries git's codes");
        let cases = [
            (GateError::Shallow, "the repository is a shallow clone"),
            (
                GateError::NoMergeBase { base: "main".into(), head: "feature".into() },
                "`main` and `feature` have no common ancestor",
            ),
            (
                GateError::History(HistoryError::Resolve {
                    revision: "main:registry.yaml".into(),
                    source: git_error(),
                }),
                "`main:registry.yaml` is not a commit",
            ),
            (
                GateError::History(HistoryError::Git {
                    action: "walk a tree".into(),
                    source: git_error(),
                }),
                "failed to walk a tree",
            ),
            (
                GateError::History(HistoryError::NotARepository {
                    path: PathBuf::from("/nowhere"),
                    source: git_error(),
                }),
                "`/nowhere` is not inside a git repository",
            ),
            (GateError::Git(git_error()), "failed to read the commits of the change"),
        ];
        for (error, first) in cases {
            let lines = printed(&explain(error));
            assert!(lines.first().is_some_and(|line| line.starts_with(first)), "{lines:?}");
            for line in &lines {
                assert!(!line.contains("class=") && !line.contains("code="), "{lines:?}");
            }
        }
    }

    #[test]
    fn a_failed_git_operation_keeps_gits_plain_message() {
        let lines = printed(&explain(GateError::Git(git_error())));
        assert_eq!(lines, ["failed to read the commits of the change", "revspec 'main' not found"]);
    }
}
