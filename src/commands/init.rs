//! `miniapp init DIR`: creates a new, empty registry repository from flags (asking on a
//! terminal); `miniapp init --example DIR` creates the example registry repository. The
//! repositories themselves are built by `scaffold::repository` and `example`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use git2::Signature;

use crate::cli::{InitArgs, Lang};
use crate::commands::prompt::Asker;
use crate::commands::{self, EXIT_CLEAN};
use crate::example::{self, STORY_NOW};
use crate::scaffold::repository::{self, NewRegistryError, RegistrySetup};
use crate::settings::Settings;

/// Runs `miniapp init`.
pub fn run(settings: &Settings, args: &InitArgs) -> anyhow::Result<ExitCode> {
    let dir = settings.directory.join(&args.dir);
    if args.example {
        return init_example(settings, &dir);
    }
    if !example::is_missing_or_empty(&dir)
        .with_context(|| format!("failed to read `{}`", dir.display()))?
    {
        return Err(not_empty(&dir));
    }

    let setup = ask_setup(args)?;
    let author = author(args.author.as_deref())?;
    let commit = repository::create(&dir, &setup, &author).map_err(|error| match error {
        NewRegistryError::NotEmpty { .. } => not_empty(&dir),
        other => anyhow::Error::new(other)
            .context(format!("failed to create the registry in `{}`", dir.display())),
    })?;

    if !settings.quiet {
        eprintln!(
            "created the registry `{}` in `{}`: commit {} on `{}`",
            setup.name,
            dir.display(),
            &commit.to_string()[..12],
            setup.production_branch
        );
        eprintln!("next: push it to GitHub, then add a partner with:");
        eprintln!("  miniapp -C {} new partner", dir.display());
    }
    Ok(ExitCode::from(EXIT_CLEAN))
}

fn init_example(settings: &Settings, dir: &Path) -> anyhow::Result<ExitCode> {
    let created = example::init(dir)
        .with_context(|| format!("failed to create the example registry in `{}`", dir.display()))?;

    if !settings.quiet {
        eprintln!("created the example registry in `{}`", dir.display());
        eprintln!("branches:");
        for (name, tip) in &created.branches {
            eprintln!("  {name}  {tip}");
        }
        eprintln!("the story ends at {STORY_NOW}; to see every lifecycle state, run:");
        eprintln!("  miniapp -C {} status --now {STORY_NOW}", dir.display());
    }
    Ok(ExitCode::from(EXIT_CLEAN))
}

fn not_empty(dir: &Path) -> anyhow::Error {
    commands::with_hint(
        format!("`{}` exists and is not empty", dir.display()),
        "pick a new folder: `miniapp init` never writes over files",
    )
}

/// Collects the registry's values from flags, asking on a terminal for missing ones.
fn ask_setup(args: &InitArgs) -> anyhow::Result<RegistrySetup> {
    let mut asker = Asker::new();
    let name = asker.require("--name", &args.name, "registry name")?;
    let mut admins = args.admins.clone();
    if admins.is_empty() {
        admins.push(asker.require("--admin", &None, "admin's GitHub login")?);
    }
    let mut reviewers = args.reviewers.clone();
    if reviewers.is_empty() {
        let question = "MoMo reviewer's GitHub login";
        reviewers.extend(asker.optional(&None, question)?);
    }
    asker.finish()?;

    let language = match args.language {
        Lang::En => "en",
        Lang::Vi => "vi",
    };
    Ok(RegistrySetup {
        name,
        admins,
        reviewers,
        language: language.to_owned(),
        production_branch: args.production_branch.clone(),
    })
}

/// Returns the signature of `--author NAME <EMAIL>`, else of git config's identity.
fn author(flag: Option<&str>) -> anyhow::Result<Signature<'static>> {
    let hint = "pass `--author \"NAME <EMAIL>\"`, or set `git config --global user.name` and \
                `user.email`";
    if let Some(text) = flag {
        let (name, email) = parse_author(text).ok_or_else(|| {
            commands::with_hint(format!("`--author {text}` is not `NAME <EMAIL>`"), hint)
        })?;
        return Signature::now(name, email)
            .with_context(|| format!("`--author {text}` is not a usable signature"));
    }
    let config = git2::Config::open_default().context("failed to read git configuration")?;
    let value = |key| config.get_string(key).ok().filter(|value| !value.trim().is_empty());
    match (value("user.name"), value("user.email")) {
        (Some(name), Some(email)) => Signature::now(&name, &email)
            .context("git config's `user.name` and `user.email` are not a usable signature"),
        _ => Err(commands::with_hint("git config has no `user.name` and `user.email`", hint)),
    }
}

/// Splits `NAME <EMAIL>` into its name and email.
fn parse_author(text: &str) -> Option<(&str, &str)> {
    let (name, rest) = text.trim().split_once('<')?;
    let email = rest.strip_suffix('>')?.trim();
    let name = name.trim();
    (!name.is_empty() && email.contains('@') && !email.contains(['<', '>']))
        .then_some((name, email))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_are_name_then_email_in_angle_brackets() {
        let cases = [
            ("Trần Minh Quân <quan@momo.example>", Some(("Trần Minh Quân", "quan@momo.example"))),
            ("  Ha <ha@momo.example>  ", Some(("Ha", "ha@momo.example"))),
            ("<ha@momo.example>", None),
            ("Ha ha@momo.example", None),
            ("Ha <not-an-email>", None),
            ("Ha <a@b> <c@d>", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_author(text), expected, "{text}");
        }
    }
}
