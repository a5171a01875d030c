//! Settings resolved once, before any work: flags, `MINIAPP_*` and `NO_COLOR` from the
//! environment, then defaults. Registry-level settings come from `registry.yaml` in `validate`.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::{ColorChoice, GlobalArgs};

/// Holds what every command needs to know before it starts.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The folder the command runs in (`-C`, else the current folder).
    pub directory: PathBuf,
    /// Whether stdout output is colored.
    pub color_stdout: bool,
    /// Whether stderr output is colored.
    pub color_stderr: bool,
    /// `-v` count.
    pub verbose: u8,
    /// `-q`.
    pub quiet: bool,
}

impl Settings {
    /// Resolves settings from the global flags and the environment.
    pub fn resolve(global: &GlobalArgs) -> anyhow::Result<Self> {
        let current = std::env::current_dir().context("failed to read the current folder")?;
        let directory = match &global.directory {
            Some(dir) => current.join(dir),
            None => current,
        };
        anyhow::ensure!(directory.is_dir(), "`{}` is not a folder", directory.display());
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        let decide = |is_terminal: bool| match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color,
        };
        Ok(Self {
            directory,
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
            verbose: global.verbose,
            quiet: global.quiet,
        })
    }

    /// Starts logging to stderr: warnings by default, `-v` debug, `-vv` trace, `MINIAPP_LOG` wins.
    pub fn init_logging(&self) {
        let level = match self.verbose {
            0 => "miniapp=warn",
            1 => "miniapp=debug",
            _ => "miniapp=trace",
        };
        let filter = std::env::var("MINIAPP_LOG").unwrap_or_else(|_| level.to_owned());
        let filter = tracing_subscriber::EnvFilter::try_new(&filter)
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
        // A second initialisation (in tests running several commands) is harmless.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(self.color_stderr)
            .without_time()
            .try_init();
    }
}
