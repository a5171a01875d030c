//! miniapp runs the MoMo Mini App lifecycle as GitOps over a registry repository.
//! The modules follow the pipeline: layout, YAML, schema, rules, history, lifecycle, gate.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod comment;
pub mod diagnostic;
pub mod event;
pub mod example;
pub mod gate;
pub mod github;
pub mod history;
pub mod integrity;
pub mod lifecycle;
pub mod model;
pub mod registry;
pub mod render;
pub mod rules;
pub mod scaffold;
pub mod schema;
pub mod settings;
pub mod validate;
pub mod yaml;

#[cfg(test)]
mod testing;

use std::process::ExitCode;

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: cli::Cli) -> ExitCode {
    let settings = match settings::Settings::resolve(&cli.global) {
        Ok(settings) => settings,
        Err(error) => return commands::report_error(&error),
    };
    settings.init_logging();
    match commands::dispatch(&settings, cli.command) {
        Ok(code) => code,
        Err(error) => commands::report_error(&error),
    }
}
