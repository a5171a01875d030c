//! Fills required values of `new` from flags, else by asking on a terminal; without a
//! terminal every missing flag is collected and reported together as a usage error.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;

use crate::commands;

/// Collects required values, asking for missing ones only when stdin and stderr are
/// both terminals.
#[derive(Debug)]
pub(super) struct Asker {
    interactive: bool,
    missing: Vec<&'static str>,
}

impl Asker {
    /// Creates an asker that prompts when the session is interactive.
    pub(super) fn new() -> Self {
        let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        Self { interactive, missing: Vec::new() }
    }

    /// Returns the flag's value, else asks `question`; records the flag as missing when it
    /// cannot ask (the returned empty string is never used: `finish` fails first).
    pub(super) fn require(
        &mut self,
        flag: &'static str,
        value: &Option<String>,
        question: &str,
    ) -> anyhow::Result<String> {
        if let Some(value) = value.as_deref().map(str::trim).filter(|value| !value.is_empty()) {
            return Ok(value.to_owned());
        }
        if !self.interactive {
            self.missing.push(flag);
            return Ok(String::new());
        }
        loop {
            let answer = ask(question)?;
            if !answer.is_empty() {
                return Ok(answer);
            }
        }
    }

    /// Returns the flag's value, else asks and takes an empty answer as none; without a
    /// terminal, none.
    pub(super) fn optional(
        &mut self,
        value: &Option<String>,
        question: &str,
    ) -> anyhow::Result<Option<String>> {
        if let Some(value) = value.as_deref().map(str::trim).filter(|value| !value.is_empty()) {
            return Ok(Some(value.to_owned()));
        }
        if !self.interactive {
            return Ok(None);
        }
        let answer = ask(&format!("{question} (empty for none)"))?;
        Ok((!answer.is_empty()).then_some(answer))
    }

    /// Fails with one usage error naming every missing flag.
    pub(super) fn finish(self) -> anyhow::Result<()> {
        if self.missing.is_empty() {
            return Ok(());
        }
        let flags: Vec<String> = self.missing.iter().map(|flag| format!("`{flag}`")).collect();
        Err(commands::with_hint(
            format!("missing required flags: {}", flags.join(", ")),
            "pass them, or run on a terminal to be asked for each",
        ))
    }
}

fn ask(question: &str) -> anyhow::Result<String> {
    let mut stderr = std::io::stderr().lock();
    write!(stderr, "{question}: ").and_then(|()| stderr.flush()).context("failed to prompt")?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("failed to read the answer")?;
    Ok(line.trim().to_owned())
}
