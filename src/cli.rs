//! Command-line types, clap only: what a user can type. Resolving them into
//! settings is left to `settings`, running them to `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Print the man page (roff) to stdout.
    Man,
    /// Post the gate's verdict, review defects and state to the pull request on GitHub.
    Comment(CommentArgs),
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

/// Arguments of `miniapp validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Output format of the findings.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    pub fail_level: FailLevel,
}

/// Arguments of `miniapp schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The kind, such as `RolloutRequest` (case-insensitive); omit to list them.
    pub kind: Option<String>,
}

/// Arguments of `miniapp init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Fill the new repository with the bundled example registry and its history.
    #[arg(long)]
    pub example: bool,
    /// Folder to create; it must not exist or be empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// Arguments of `miniapp check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The target branch's revision (default: the event's base, else the production branch).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// The pull request's head revision (default: the event's head, else `HEAD`).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// GitHub login of the pull request's author (default: `GITHUB_ACTOR`).
    #[arg(long, value_name = "LOGIN")]
    pub actor: Option<String>,
    /// Output format of the verdict and its reasons.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
}

/// Formats of `miniapp status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// An aligned text table.
    Table,
    /// A JSON array with one object per item.
    Json,
    /// A Markdown table.
    Markdown,
    /// A Mermaid state diagram, as GitHub renders it.
    Mermaid,
    /// One static HTML page without external assets.
    Html,
}

/// Formats of `miniapp history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// One text line per transition.
    Table,
    /// A JSON array with one object per transition.
    Json,
    /// A Markdown table.
    Markdown,
    /// A Mermaid state diagram of the transitions.
    Mermaid,
}

/// Arguments of `miniapp status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Items to show (`acme`, `acme/shop`, `acme/shop/rollouts/2.1.0`) and what they hold;
    /// omit to show every item.
    #[arg(value_name = "ITEM")]
    pub items: Vec<String>,
    /// Read history at this revision instead of the production branch; skips open branches.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// Fix the clock, as RFC 3339 (`2024-03-01T10:00:00+07:00`).
    #[arg(long, value_name = "TIME", env = "MINIAPP_NOW")]
    pub now: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

/// Arguments of `miniapp history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The item (`acme`, `acme/shop`, `acme/shop/rollouts/2.1.0`).
    #[arg(value_name = "ITEM")]
    pub item: String,
    /// Read history at this revision instead of the production branch; skips open branches.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// Fix the clock, as RFC 3339.
    #[arg(long, value_name = "TIME", env = "MINIAPP_NOW")]
    pub now: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,
}

/// Arguments of `miniapp completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

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
