//! `miniapp schema`: prints the embedded JSON Schema of a kind, or lists the kinds.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::SchemaArgs;
use crate::commands::{self, EXIT_CLEAN};
use crate::registry::Kind;

/// Runs `miniapp schema`.
pub fn run(args: &SchemaArgs) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    let Some(name) = &args.kind else {
        for kind in Kind::ALL {
            writeln!(stdout, "{}", kind.name()).context("failed to write to stdout")?;
        }
        writeln!(stdout, "{}", crate::catalog::KIND).context("failed to write to stdout")?;
        return Ok(ExitCode::from(EXIT_CLEAN));
    };
    if name.eq_ignore_ascii_case(crate::catalog::KIND) {
        // Not a registry document, so not a `Kind`: the output of `miniapp promote`.
        stdout.write_all(crate::catalog::SCHEMA.as_bytes()).context("failed to write to stdout")?;
        return Ok(ExitCode::from(EXIT_CLEAN));
    }
    let Some(kind) = Kind::from_name(name) else {
        let known: Vec<&str> = Kind::ALL.iter().map(|kind| kind.name()).collect();
        return Err(commands::with_hint(
            format!("unknown kind `{name}`"),
            format!("known kinds: {}", known.join(", ")),
        ));
    };
    stdout
        .write_all(crate::schema::source(kind).as_bytes())
        .context("failed to write to stdout")?;
    Ok(ExitCode::from(EXIT_CLEAN))
}
