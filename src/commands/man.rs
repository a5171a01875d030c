//! `miniapp man`: prints the man page, generated from the clap types, as roff.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::Cli;
use crate::commands::EXIT_CLEAN;

/// Runs `miniapp man`.
pub fn run() -> anyhow::Result<ExitCode> {
    let page = page().context("failed to render the man page")?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&page).context("failed to write to stdout")?;
    stdout.flush().context("failed to write to stdout")?;
    Ok(ExitCode::from(EXIT_CLEAN))
}

/// Renders `miniapp(1)`: the top-level page, then one section per subcommand with its
/// synopsis, description and options as subsections, so one page documents every command.
pub fn page() -> std::io::Result<Vec<u8>> {
    let command = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    for sub in command.get_subcommands() {
        let name = format!("miniapp {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
        let mut sections = Vec::new();
        man.render_synopsis_section(&mut sections)?;
        man.render_description_section(&mut sections)?;
        man.render_options_section(&mut sections)?;
        writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
        page.extend_from_slice(&as_subsections(&String::from_utf8_lossy(&sections)).into_bytes());
    }
    Ok(page)
}

/// Turns sections rendered on their own into subsections of the page: `.SH` becomes
/// `.SS`, and the quote-string preamble each rendering repeats is dropped (the page's
/// first lines define it once).
fn as_subsections(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for line in roff.lines() {
        if line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq") {
            continue;
        }
        match line.strip_prefix(".SH ") {
            Some(title) => out.push_str(&format!(".SS {title}")),
            None => out.push_str(line),
        }
        out.push('\n');
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
    }
}
