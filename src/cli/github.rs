//! Arguments of `comment`, which posts to a pull request on GitHub.

use clap::{Args, ValueEnum};

/// Arguments of `miniapp comment`.
#[derive(Debug, Args)]
pub struct CommentArgs {
    /// The repository, `OWNER/NAME` (default: `GITHUB_REPOSITORY`).
    #[arg(long, value_name = "OWNER/NAME", env = "GITHUB_REPOSITORY")]
    pub repo: String,
    /// The pull request's number (default: from `GITHUB_EVENT_PATH`).
    #[arg(long, value_name = "N")]
    pub pr: Option<u64>,
    /// The target branch's revision (default: the event's or pull request's base).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// The pull request's head revision (default: the event's head, else `HEAD`).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// GitHub login of the pull request's author (default: the event's, else `GITHUB_ACTOR`).
    #[arg(long, value_name = "LOGIN")]
    pub actor: Option<String>,
    /// Language of the posted texts (default: `registry.yaml`'s `language`).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Print the requests as JSON instead of sending them.
    #[arg(long)]
    pub dry_run: bool,
}

/// Names a language for posted texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Vietnamese.
    Vi,
}
