//! Arguments of the checking commands: `validate`, `schema` and `check`.

use clap::Args;

use crate::cli::{DiagnosticFormat, FailLevel};

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
