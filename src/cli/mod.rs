//! Command-line types, clap only: what a user can type. Resolving them into
//! settings is left to `settings`, running them to `commands`. Each command's
//! arguments live beside their siblings in this folder.

mod github;
mod lifecycle;
mod scaffold;
mod validate;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use self::github::{CommentArgs, Lang};
pub use self::lifecycle::{HistoryArgs, HistoryFormat, ReadingArgs, StatusArgs, StatusFormat};
pub use self::scaffold::{
    InitArgs, NewAppArgs, NewArgs, NewCommand, NewPartnerArgs, NewRolloutArgs, PromoteArgs,
    ReviewArgs, ReviewFlags, ReviewMark,
};
pub use self::validate::{CheckArgs, SchemaArgs, ValidateArgs};

const AFTER_HELP: &str = "\
Exit codes:
  0  clean: no finding at or above --fail-level (for `check`: mergeable)
  1  findings at or above --fail-level (for `check`: not mergeable)
  2  usage, configuration or environment error";

/// Runs the MoMo Mini App lifecycle as GitOps: validates a registry repository,
/// computes lifecycle states from its history, and gates pull requests.
#[derive(Debug, Parser)]
#[command(name = "miniapp", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run as if started in DIR (like `git -C`).
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub directory: Option<PathBuf>,
    /// When to color output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Log more to stderr (-v debug, -vv trace); `MINIAPP_LOG` overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Print only the report, no summary or progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// Says when to color output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when stdout or stderr is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

/// Names a command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate every registry file: YAML, schemas and cross-file rules.
    Validate(ValidateArgs),
    /// Print the JSON Schema of a kind of registry document.
    Schema(SchemaArgs),
    /// Create a registry repository; `--example` fills it with the bundled example's story.
    Init(InitArgs),
    /// Gate a pull request: validate what it touches and judge the change (exit 0 mergeable).
    Check(CheckArgs),
    /// Show every item's lifecycle state, computed from history.
    Status(StatusArgs),
    /// Show one item's timeline, oldest first.
    History(HistoryArgs),
    /// Print a shell completion script to stdout.
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout, or write one page per command with `--out`.
    Man(ManArgs),
    /// Post the gate's verdict, review defects and state to the pull request on GitHub.
    Comment(CommentArgs),
    /// Scaffold a partner, app or rollout file, valid and in its place.
    New(NewArgs),
    /// Write or update a rollout's review file (for MoMo reviewers).
    Review(ReviewArgs),
    /// Write the production catalog of live apps; optionally tag live rollouts.
    Promote(PromoteArgs),
}

/// Formats for findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Rustc-like text with a source snippet.
    Human,
    /// One JSON document with a `diagnostics` array.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// A Markdown table.
    Markdown,
}

/// Severity threshold for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    /// Fail on notes, warnings and errors.
    Note,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on errors only.
    Error,
}

/// Arguments of `miniapp man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `miniapp.1` and one `miniapp-<command>.1` per command into DIR instead.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `miniapp completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
