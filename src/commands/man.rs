//! `miniapp man`: renders the man pages from the clap types as roff, either one page
//! documenting every command on stdout, or `miniapp.1` plus a page per command in a folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{ArgAction, CommandFactory};

use crate::cli::{Cli, ManArgs};
use crate::commands::EXIT_CLEAN;
use crate::settings::Settings;

/// Runs `miniapp man`.
pub fn run(settings: &Settings, args: &ManArgs) -> anyhow::Result<ExitCode> {
    if let Some(out) = &args.out {
        let dir = settings.directory.join(out);
        let written = write_pages(&dir)
            .with_context(|| format!("failed to write the man pages to `{}`", dir.display()))?;
        if !settings.quiet {
            eprintln!("wrote {} man pages to `{}`", written.len(), dir.display());
        }
        return Ok(ExitCode::from(EXIT_CLEAN));
    }
    let page = page().context("failed to render the man page")?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&page).context("failed to write to stdout")?;
    stdout.flush().context("failed to write to stdout")?;
    Ok(ExitCode::from(EXIT_CLEAN))
}

/// Returns the command tree ready to render: built (so global options reach every
/// command), without the `help` command, and with synopses that name option values.
fn command() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    with_synopses(command)
}

/// Renders `miniapp(1)`: the top-level page, then one section per command with its
/// synopsis, description and options as subsections, so one page documents every
/// command. It names no `miniapp-<command>(1)` page: those exist only with `--out`.
pub fn page() -> std::io::Result<Vec<u8>> {
    let command = command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut page)?;
    let mut sections = Vec::new();
    man.render_name_section(&mut sections)?;
    man.render_synopsis_section(&mut sections)?;
    man.render_description_section(&mut sections)?;
    man.render_options_section(&mut sections)?;
    man.render_extra_section(&mut sections)?;
    man.render_version_section(&mut sections)?;
    let sections = without_preamble(&String::from_utf8_lossy(&sections))
        .replace(".SH EXTRA\n", ".SH \"EXIT STATUS\"\n");
    page.extend_from_slice(sections.as_bytes());
    for sub in command.get_subcommands() {
        command_sections(sub, &mut page)?;
    }
    Ok(page)
}

/// Appends a command's section (synopsis, description, options), then its subcommands'.
fn command_sections(command: &clap::Command, page: &mut Vec<u8>) -> std::io::Result<()> {
    let name = command.get_bin_name().unwrap_or(command.get_name());
    let man = clap_mangen::Man::new(command.clone());
    let mut sections = Vec::new();
    man.render_synopsis_section(&mut sections)?;
    man.render_description_section(&mut sections)?;
    man.render_options_section(&mut sections)?;
    writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
    page.extend_from_slice(&as_subsections(&String::from_utf8_lossy(&sections)).into_bytes());
    for sub in command.get_subcommands() {
        command_sections(sub, page)?;
    }
    Ok(())
}

/// Writes `miniapp.1` and a page per command, nested ones included (`miniapp-new-app.1`),
/// into `dir`, creating it; returns the files written.
pub fn write_pages(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    fn write(command: &clap::Command, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        out.push(clap_mangen::Man::new(command.clone()).generate_to(dir)?);
        for sub in command.get_subcommands() {
            write(sub, dir, out)?;
        }
        Ok(())
    }
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    write(&command(), dir, &mut written)?;
    Ok(written)
}

/// Sets every command's usage to a synopsis that names option values (`[-C DIR]`):
/// clap_mangen 0.3 prints options without their values otherwise.
fn with_synopses(command: clap::Command) -> clap::Command {
    let usage = synopsis(&command);
    let mut command = command.override_usage(usage);
    let names: Vec<String> =
        command.get_subcommands().map(|sub| sub.get_name().to_owned()).collect();
    for name in names {
        command = command.mut_subcommand(name, with_synopses);
    }
    command
}

/// Writes one command's synopsis: its name, options, positionals, then its subcommand.
fn synopsis(command: &clap::Command) -> String {
    let mut parts = vec![command.get_bin_name().unwrap_or(command.get_name()).to_owned()];
    let visible = |arg: &&clap::Arg| !arg.is_hide_set();
    for arg in command.get_arguments().filter(visible).filter(|arg| !arg.is_positional()) {
        let flag = match (arg.get_short(), arg.get_long()) {
            (Some(short), Some(long)) => format!("-{short}|--{long}"),
            (Some(short), None) => format!("-{short}"),
            (None, Some(long)) => format!("--{long}"),
            (None, None) => continue,
        };
        let value = if takes_value(arg) { format!(" {}", value_name(arg)) } else { String::new() };
        parts.push(bracket(arg.is_required_set(), &format!("{flag}{value}"), repeats(arg)));
    }
    for arg in command.get_positionals().filter(visible) {
        parts.push(bracket(arg.is_required_set(), &value_name(arg), repeats(arg)));
    }
    if command.has_subcommands() {
        parts.push(bracket(command.is_subcommand_required_set(), "COMMAND", false));
    }
    parts.join(" ")
}

fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_num_args().is_some_and(|range| range.takes_values())
        && !matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count)
}

fn value_name(arg: &clap::Arg) -> String {
    match arg.get_value_names() {
        Some(names) if !names.is_empty() => {
            names.iter().map(|name| name.as_str()).collect::<Vec<_>>().join(" ")
        }
        _ => arg.get_id().as_str().to_uppercase(),
    }
}

fn repeats(arg: &clap::Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Append | ArgAction::Count)
}

fn bracket(required: bool, text: &str, repeats: bool) -> String {
    let dots = if repeats { "..." } else { "" };
    if required { format!("<{text}>{dots}") } else { format!("[{text}]{dots}") }
}

/// Turns sections rendered on their own into subsections of the page: `.SH` becomes
/// `.SS`, and the preamble is dropped.
fn as_subsections(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for line in without_preamble(roff).lines() {
        match line.strip_prefix(".SH ") {
            Some(title) => out.push_str(&format!(".SS {title}")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Drops the quote-string preamble that each rendering of a section repeats; the page's
/// title defines it once.
fn without_preamble(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for line in roff.lines() {
        if !(line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq")) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_roff_and_documents_every_subcommand() {
        let page = String::from_utf8(page().expect("renders")).expect("roff is UTF-8");
        assert!(page.starts_with(".ie"), "a roff page: {:?}", page.lines().next());
        assert!(page.contains(".TH miniapp 1"), "titled miniapp(1)");
        for name in ["validate", "schema", "init", "check", "completions", "man"] {
            assert!(page.contains(&format!(".SH \"MINIAPP {}\"", name.to_uppercase())));
        }
        assert!(page.contains("\\fB\\-\\-base\\fR"), "the options of `check` are rendered");
        assert_eq!(page.matches(".ds Aq").count(), 2, "the preamble is not repeated");
        assert!(page.contains(".SS SYNOPSIS"), "subcommands get subsections");
        assert!(page.contains(".SH \"EXIT STATUS\"\nExit codes:"), "the exit codes are documented");
    }

    #[test]
    fn the_single_page_names_no_page_that_is_not_written() {
        let page = String::from_utf8(page().expect("renders")).expect("roff is UTF-8");
        assert!(!page.contains("miniapp\\-validate(1)"), "no cross reference");
        assert!(!page.contains("(1)"), "no cross reference at all");
        assert!(!page.contains("MINIAPP HELP"), "no page for the help command");
    }

    #[test]
    fn synopses_name_the_values_of_options() {
        let page = String::from_utf8(page().expect("renders")).expect("roff is UTF-8");
        let synopsis = page
            .lines()
            .skip_while(|line| *line != ".SH SYNOPSIS")
            .nth(1)
            .expect("a synopsis line");
        assert!(synopsis.contains("[\\-C DIR]"), "{synopsis}");
        assert!(synopsis.contains("[\\-\\-color COLOR]"), "{synopsis}");
        assert!(synopsis.contains("[\\-v|\\-\\-verbose]..."), "{synopsis}");
        assert!(synopsis.contains("<COMMAND>"), "{synopsis}");
        assert!(!page.contains("[\\fB\\-C \\fR]"), "the bare `-C` of clap_mangen is gone");
        assert!(page.contains("miniapp init\\fR [\\-\\-example]"), "subcommands get synopses too");
    }

    #[test]
    fn out_writes_a_page_for_every_command_the_pages_name() {
        let dir = tempfile::tempdir().expect("a temp folder");
        let written = write_pages(dir.path()).expect("writes");
        let names: Vec<String> = written
            .iter()
            .map(|path| path.file_name().expect("a file").to_string_lossy().into_owned())
            .collect();
        for expected in ["miniapp.1", "miniapp-validate.1", "miniapp-new.1", "miniapp-new-app.1"] {
            assert!(names.iter().any(|name| name == expected), "{expected} in {names:?}");
        }
        assert!(!names.iter().any(|name| name.contains("help")), "{names:?}");
        for path in &written {
            let text = std::fs::read_to_string(path).expect("a written page");
            for reference in text.split("\n").filter_map(|line| line.strip_suffix("(1)")) {
                let file = format!("{}.1", reference.replace("\\-", "-"));
                assert!(names.contains(&file), "{} names missing {file}", path.display());
            }
        }
    }
}
