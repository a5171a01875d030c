//! Arguments of the commands that read history: `status` and `history`.

use clap::{Args, ValueEnum};

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

/// Options of the commands that read history: which revision, and the clock.
#[derive(Debug, Args)]
pub struct ReadingArgs {
    /// Read history at this revision instead of the production branch; skips open branches.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// Fix the clock, as RFC 3339 (`2024-03-01T10:00:00+07:00`).
    #[arg(long, value_name = "TIME", env = "MINIAPP_NOW")]
    pub now: Option<String>,
}

/// Arguments of `miniapp status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Items to show (`acme`, `acme/shop`, `acme/shop/rollouts/2.1.0`) and what they hold;
    /// omit to show every item.
    #[arg(value_name = "ITEM")]
    pub items: Vec<String>,
    /// Which history to read, and the clock.
    #[command(flatten)]
    pub reading: ReadingArgs,
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
    /// Which history to read, and the clock.
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,
}
