//! Arguments of the commands that write registry files: `init`, `new`, `review`, `promote`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::cli::Lang;

/// Arguments of `miniapp init`; missing required ones are asked for on a terminal.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Fill the new repository with the bundled example registry and its history.
    #[arg(
        long,
        conflicts_with_all = ["name", "admins", "reviewers", "language", "production_branch", "author"]
    )]
    pub example: bool,
    /// The registry's display name.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// An admin's GitHub login (repeatable; at least one).
    #[arg(long = "admin", value_name = "LOGIN")]
    pub admins: Vec<String>,
    /// A MoMo reviewer's GitHub login (repeatable).
    #[arg(long = "reviewer", value_name = "LOGIN")]
    pub reviewers: Vec<String>,
    /// Language of the texts posted to pull requests.
    #[arg(long, value_enum, value_name = "LANG", default_value_t = Lang::En)]
    pub language: Lang,
    /// The branch whose history is production; the first commit goes there.
    #[arg(long, value_name = "BRANCH", default_value = "main")]
    pub production_branch: String,
    /// Commit as `NAME <EMAIL>` instead of git config's `user.name` and `user.email`.
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
    /// Folder to create; it must not exist or be empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// Arguments of `miniapp new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[command(subcommand)]
    pub what: NewCommand,
}

/// Names what `miniapp new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write `partners/<id>/partner.yaml` for a partner that already has an M4B account.
    Partner(NewPartnerArgs),
    /// Write `partners/<partner>/apps/<id>/app.yaml`.
    App(NewAppArgs),
    /// Write a rollout request with the app's next build numbers.
    Rollout(NewRolloutArgs),
}

/// Arguments of `miniapp new partner`; missing ones are asked for on a terminal.
#[derive(Debug, Args)]
pub struct NewPartnerArgs {
    /// The partner's slug, such as `cafe-sang`.
    #[arg(long, value_name = "SLUG")]
    pub id: Option<String>,
    /// The organization's legal name.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// The organization type: enterprise, branch, household-business, individual or other.
    #[arg(long = "type", value_name = "TYPE")]
    pub organization_type: Option<String>,
    /// The business field.
    #[arg(long, value_name = "TEXT")]
    pub business_field: Option<String>,
    /// The Vietnamese tax code; spaces and dots are dropped.
    #[arg(long, value_name = "CODE")]
    pub tax_code: Option<String>,
    /// The contact person's name.
    #[arg(long, value_name = "TEXT")]
    pub contact_name: Option<String>,
    /// The contact person's position.
    #[arg(long, value_name = "TEXT")]
    pub contact_position: Option<String>,
    /// The contact person's email.
    #[arg(long, value_name = "EMAIL")]
    pub contact_email: Option<String>,
    /// The contact person's mobile (`0903 418 267`, `84…` or `+84…`), stored as E.164.
    #[arg(long, value_name = "PHONE")]
    pub contact_phone: Option<String>,
    /// The GitHub login allowed to change the partner's files (repeatable).
    #[arg(long = "maintainer", value_name = "LOGIN")]
    pub maintainers: Vec<String>,
    /// The partner's existing MoMo for Business account id.
    #[arg(long, value_name = "ID")]
    pub m4b_account: Option<String>,
}

/// Arguments of `miniapp new app`; missing ones are asked for on a terminal.
#[derive(Debug, Args)]
pub struct NewAppArgs {
    /// The partner's slug.
    #[arg(long, value_name = "SLUG")]
    pub partner: Option<String>,
    /// The app's slug.
    #[arg(long, value_name = "SLUG")]
    pub id: Option<String>,
    /// The display name.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// The short description.
    #[arg(long, value_name = "TEXT")]
    pub short_description: Option<String>,
    /// The icon's file name in the app's folder (default: `icon.png`).
    #[arg(long, value_name = "FILE")]
    pub icon: Option<String>,
    /// The support email; give it, `--support-phone`, or both.
    #[arg(long, value_name = "EMAIL")]
    pub support_email: Option<String>,
    /// The support phone (mobile or landline), stored as E.164.
    #[arg(long, value_name = "PHONE")]
    pub support_phone: Option<String>,
    /// The https URL of the repository the mini app project is linked to.
    #[arg(long, value_name = "URL")]
    pub repository: Option<String>,
}

/// Arguments of `miniapp new rollout`.
#[derive(Debug, Args)]
pub struct NewRolloutArgs {
    /// The partner's slug.
    #[arg(long, value_name = "SLUG")]
    pub partner: Option<String>,
    /// The app's slug.
    #[arg(long, value_name = "SLUG")]
    pub app: Option<String>,
    /// The rollout id, such as `1.2.0`.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// What the rollout changes, for the reviewer.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Roll out this Android version (a first rollout defaults to the id when it is semver).
    #[arg(long, value_name = "VERSION")]
    pub android_version: Option<String>,
    /// Roll out this iOS version (a first rollout defaults to the id when it is semver).
    #[arg(long, value_name = "VERSION")]
    pub ios_version: Option<String>,
    /// Install mode of the builds: NORMAL, IMMEDIATELY or NOTIFY.
    #[arg(long, value_name = "MODE", default_value = "NORMAL")]
    pub install_mode: String,
    /// Carry the app info of `app.yaml` (always carried by a first rollout).
    #[arg(long)]
    pub info: bool,
    /// The test webview link.
    #[arg(long, value_name = "URL")]
    pub webview_test: Option<String>,
    /// The staging webview link.
    #[arg(long, value_name = "URL")]
    pub webview_staging: Option<String>,
    /// The production webview link.
    #[arg(long, value_name = "URL")]
    pub webview_production: Option<String>,
}

/// Flags of `miniapp review`, before `--defect` and `--note` are paired by position.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("verdict").required(true).args(["approve", "request_changes"]))]
pub struct ReviewFlags {
    /// The rollout: `acme/shop/1.0.0`, `acme/shop/rollouts/1.0.0` or its file's path.
    #[arg(value_name = "ROLLOUT")]
    pub rollout: String,
    /// Approve the rollout.
    #[arg(long)]
    pub approve: bool,
    /// Request changes; needs at least one `--defect`.
    #[arg(long, requires = "defect")]
    pub request_changes: bool,
    /// A defect code of `defects.yaml`, optionally with a JSON Pointer into the rollout
    /// (`WEBVIEW_LINK_INVALID@/webview/production`); repeatable.
    #[arg(long, value_name = "CODE[@POINTER]", conflicts_with = "approve")]
    pub defect: Vec<String>,
    /// A note: after a `--defect` it belongs to that defect, otherwise to the review.
    #[arg(long, value_name = "TEXT")]
    pub note: Vec<String>,
    /// The reviewer's login (default: git config `github.user`, else the login whose email
    /// in `registry.yaml` is git config `user.email`).
    #[arg(long, value_name = "LOGIN")]
    pub reviewer: Option<String>,
    /// Commit the review file, and only it, with the author from git config.
    #[arg(long)]
    pub commit: bool,
}

/// Holds one `--defect` or `--note`, in command-line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewMark {
    /// A `--defect` value.
    Defect(String),
    /// A `--note` value.
    Note(String),
}

/// Arguments of `miniapp review`: the flags, and every `--defect` and `--note` in the order
/// given, since a note belongs to the defect before it.
#[derive(Debug)]
pub struct ReviewArgs {
    /// The parsed flags.
    pub flags: ReviewFlags,
    /// `--defect` and `--note` values in command-line order.
    pub marks: Vec<ReviewMark>,
}

impl clap::FromArgMatches for ReviewArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let flags = ReviewFlags::from_arg_matches(matches)?;
        let mut marks: Vec<(usize, ReviewMark)> = Vec::new();
        let indexed = |id: &str| -> Vec<(usize, String)> {
            let indices = matches.indices_of(id).into_iter().flatten();
            let values = matches.get_many::<String>(id).into_iter().flatten().cloned();
            indices.zip(values).collect()
        };
        marks.extend(indexed("defect").into_iter().map(|(at, v)| (at, ReviewMark::Defect(v))));
        marks.extend(indexed("note").into_iter().map(|(at, v)| (at, ReviewMark::Note(v))));
        marks.sort_by_key(|(at, _)| *at);
        Ok(Self { flags, marks: marks.into_iter().map(|(_, mark)| mark).collect() })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for ReviewArgs {
    fn augment_args(command: clap::Command) -> clap::Command {
        ReviewFlags::augment_args(command)
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        ReviewFlags::augment_args_for_update(command)
    }
}

/// Arguments of `miniapp promote`.
#[derive(Debug, Args)]
pub struct PromoteArgs {
    /// Folder to write `catalog.json` into; created when missing.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Create an annotated tag `rollout/<partner>/<app>/<id>` for each live rollout
    /// that has none yet.
    #[arg(long)]
    pub tag: bool,
    /// Read production at this revision instead of the production branch.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}
