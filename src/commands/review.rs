//! `miniapp review ROLLOUT`: writes or replaces `reviews/<id>.yaml` with the reviewer's
//! verdict, checked against `defects.yaml` and the rollout, and can commit just that file.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{ReviewArgs, ReviewMark};
use crate::commands::{self, EXIT_CLEAN};
use crate::lifecycle::ItemId;
use crate::model::{self, ReviewVerdict};
use crate::registry::{self, Kind, Place};
use crate::scaffold::{self, commit, review};
use crate::settings::Settings;
use crate::validate::{Typed, read_typed};

/// Runs `miniapp review`.
pub fn run(settings: &Settings, args: &ReviewArgs) -> anyhow::Result<ExitCode> {
    let root = settings.directory.as_path();
    let flags = &args.flags;
    let (partner, app, id) = parse_rollout(root, &flags.rollout)?;
    let rollout_path = registry::rollout_path(&partner, &app, &id);
    let rollout = read_rollout(root, &rollout_path)?;
    let registry_settings = match read_document(root, "registry.yaml")? {
        Some(Typed::Registry(registry)) => registry,
        _ => anyhow::bail!("`registry.yaml` is missing or invalid: run `miniapp validate`"),
    };
    let catalog = match read_document(root, "defects.yaml")? {
        Some(Typed::DefectCatalog(catalog)) => catalog,
        _ => anyhow::bail!("`defects.yaml` is missing or invalid: run `miniapp validate`"),
    };
    let reviewer = reviewer(root, flags.reviewer.as_deref(), &registry_settings)?;

    let verdict =
        if flags.approve { ReviewVerdict::Approved } else { ReviewVerdict::ChangesRequested };
    let marks: Vec<review::Mark> = args
        .marks
        .iter()
        .map(|mark| match mark {
            ReviewMark::Defect(text) => review::Mark::Defect(text.clone()),
            ReviewMark::Note(text) => review::Mark::Note(text.clone()),
        })
        .collect();
    let paired = review::pair(verdict, &marks).map_err(refused)?;
    let problems = review::check(&paired, &catalog, &rollout);
    if !problems.is_empty() {
        return Err(refused(problems));
    }

    let path = registry::review_path(&partner, &app, &id);
    let value = review::document(&partner, &app, &id, &reviewer, &paired);
    let text = scaffold::render(&path, &value)?;
    let target = root.join(&path);
    write_atomic(&target, &text)?;
    eprintln!("wrote `{path}` ({} by `{reviewer}`)", verdict_words(verdict));
    if flags.commit {
        let message = format!("Review {partner}/{app} {id}: {}", verdict_words(verdict));
        let commit = commit::commit_file(&target, &message)
            .with_context(|| format!("failed to commit `{path}`"))?;
        eprintln!("committed `{path}` as {commit}");
    }
    Ok(ExitCode::from(EXIT_CLEAN))
}

fn verdict_words(verdict: ReviewVerdict) -> &'static str {
    match verdict {
        ReviewVerdict::Approved => "approved",
        ReviewVerdict::ChangesRequested => "changes requested",
    }
}

fn refused(problems: Vec<String>) -> anyhow::Error {
    let count = problems.len();
    let mut error = anyhow::anyhow!("{}", problems.join("; "));
    error = error.context(format!(
        "the review was not written: {}",
        commands::plural(count, "problem", "problems")
    ));
    error
}

/// Reads `acme/shop/1.0.0`, `acme/shop/rollouts/1.0.0`, or a rollout or review file's path.
fn parse_rollout(root: &Path, text: &str) -> anyhow::Result<(String, String, String)> {
    if let Some(ItemId::Rollout(partner, app, id)) = ItemId::parse(text) {
        return Ok((partner, app, id));
    }
    let candidate = Path::new(text);
    let relative = candidate
        .canonicalize()
        .ok()
        .zip(root.canonicalize().ok())
        .and_then(|(full, root)| full.strip_prefix(root).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| candidate.to_path_buf());
    let relative = relative.to_string_lossy().replace('\\', "/");
    if let Place::Document { kind: Kind::RolloutRequest | Kind::Review, ids } =
        registry::classify(&relative)
        && let (Some(partner), Some(app), Some(id)) = (ids.partner, ids.app, ids.rollout)
    {
        return Ok((partner, app, id));
    }
    Err(commands::with_hint(
        format!("`{text}` does not name a rollout"),
        "name it as `partner/app/id`, `partner/app/rollouts/id` or by its file's path",
    ))
}

fn read_rollout(root: &Path, path: &str) -> anyhow::Result<serde_json::Value> {
    let bytes = std::fs::read(root.join(path)).map_err(|_| {
        commands::with_hint(
            format!("the rollout `{path}` does not exist here"),
            "check out the branch that holds it first",
        )
    })?;
    let loaded = crate::yaml::load(path, &bytes, &crate::yaml::Limits::default());
    match loaded.document {
        Some(document) => Ok(document.value().clone()),
        None => anyhow::bail!("`{path}` is not readable YAML: run `miniapp validate`"),
    }
}

fn read_document(root: &Path, path: &str) -> anyhow::Result<Option<Typed>> {
    match std::fs::read(root.join(path)) {
        Ok(bytes) => Ok(read_typed(path, &bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("failed to read `{path}`")),
    }
}

/// Names the reviewer: `--reviewer`, else git config `github.user`, else the account of
/// `registry.yaml` whose email is git config `user.email`; it must be a reviewer or admin.
fn reviewer(
    root: &Path,
    given: Option<&str>,
    registry: &model::Registry,
) -> anyhow::Result<String> {
    let accounts = || registry.reviewers.iter().chain(&registry.admins);
    let login = match given {
        Some(login) => login.to_owned(),
        None => {
            match commit::config_value(root, "github.user") {
                Some(login) => login,
                None => {
                    let email = commit::config_value(root, "user.email").ok_or_else(|| {
                        commands::with_hint(
                            "no reviewer: pass `--reviewer LOGIN`",
                            "or set `git config github.user LOGIN`",
                        )
                    })?;
                    accounts()
                    .find(|account| {
                        account.email.as_deref().is_some_and(|known| known.eq_ignore_ascii_case(&email))
                    })
                    .map(|account| account.login.clone())
                    .ok_or_else(|| {
                        commands::with_hint(
                            format!("no reviewer or admin in `registry.yaml` has the email `{email}`"),
                            "pass `--reviewer LOGIN`, or set `git config github.user LOGIN`",
                        )
                    })?
                }
            }
        }
    };
    if !accounts().any(|account| account.login == login) {
        return Err(commands::with_hint(
            format!("`{login}` is neither a reviewer nor an admin in `registry.yaml`"),
            "only MoMo's reviewers and admins write reviews",
        ));
    }
    Ok(login)
}

/// Writes a file through a temporary file in the same folder and a rename.
pub(super) fn write_atomic(target: &Path, text: &str) -> anyhow::Result<()> {
    let folder = target.parent().context("a registry file has a parent folder")?;
    std::fs::create_dir_all(folder)
        .with_context(|| format!("failed to create `{}`", folder.display()))?;
    let name =
        target.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, text)
        .with_context(|| format!("failed to write `{}`", temporary.display()))?;
    std::fs::rename(&temporary, target).with_context(|| {
        let _ = std::fs::remove_file(&temporary);
        format!("failed to write `{}`", target.display())
    })
}
