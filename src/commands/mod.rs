//! The command layer: runs each command, turns failures into `error:` lines on
//! stderr, and decides exit codes. The work itself lives in the library modules.

pub(crate) mod check;
mod comment;
mod completions;
mod history;
mod init;
mod man;
mod new;
mod promote;
mod prompt;
mod review;
mod schema;
mod status;
pub(crate) mod validate;

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Command, FailLevel};
use crate::diagnostic::{Diagnostic, Severity};
use crate::settings::Settings;

/// Exit code of a clean run.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code of a run with findings at or above the fail level.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code of a usage, configuration or environment error.
pub const EXIT_ERROR: u8 = 2;

/// Runs one command.
pub fn dispatch(settings: &Settings, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Validate(args) => validate::run(settings, &args),
        Command::Schema(args) => schema::run(&args),
        Command::Init(args) => init::run(settings, &args),
        Command::Check(args) => check::run(settings, &args),
        Command::Status(args) => status::run(settings, &args),
        Command::History(args) => history::run(settings, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(settings, &args),
        Command::Comment(args) => comment::run(settings, &args),
        Command::New(args) => new::run(settings, &args.what),
        Command::Review(args) => review::run(settings, &args),
        Command::Promote(args) => promote::run(settings, &args),
    }
}

/// Carries a hint to print after an error, such as how to fix a shallow clone.
#[derive(Debug)]
pub struct Hint(pub String);

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Hint {}

/// Prints an error as `error:`, `caused by:` and `hint:` lines and returns exit code 2.
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    let mut hints = Vec::new();
    let mut chain = error.chain();
    if let Some(top) = chain.next() {
        let _ = writeln!(stderr, "error: {top}");
    }
    for cause in chain {
        match cause.downcast_ref::<Hint>() {
            Some(hint) => hints.push(hint.0.clone()),
            None => {
                let _ = writeln!(stderr, "  caused by: {cause}");
            }
        }
    }
    for hint in hints {
        let _ = writeln!(stderr, "hint: {hint}");
    }
    ExitCode::from(EXIT_ERROR)
}

/// Returns an error whose chain ends in a hint line.
pub fn with_hint(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Hint(hint.into())).context(message.into())
}

/// Says whether any finding is at or above the fail level.
pub fn fails(diagnostics: &[Diagnostic], level: FailLevel) -> bool {
    let threshold = match level {
        FailLevel::Note => Severity::Note,
        FailLevel::Warning => Severity::Warning,
        FailLevel::Error => Severity::Error,
    };
    diagnostics.iter().any(|diagnostic| diagnostic.severity >= threshold)
}

/// Counts findings by severity: errors, warnings, notes.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize, usize) {
    diagnostics.iter().fold((0, 0, 0), |(errors, warnings, notes), diagnostic| {
        match diagnostic.severity {
            Severity::Error => (errors + 1, warnings, notes),
            Severity::Warning => (errors, warnings + 1, notes),
            Severity::Note => (errors, warnings, notes + 1),
        }
    })
}

/// Words a count with its noun, singular or plural.
pub fn plural(count: usize, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural })
}
