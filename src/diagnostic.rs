//! Findings about registry files, the one shape every layer reports in.
//! Rendering them is left to `render`; deciding the exit code to `commands`.

use std::fmt;

use serde::Serialize;

/// Describes one stable diagnostic code for the docs and the uniqueness test.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    /// The stable code, kebab-case, never reused for another meaning.
    pub code: &'static str,
    /// The severity the code is reported with.
    pub severity: Severity,
    /// One line on what the code means.
    pub summary: &'static str,
}

/// Lists every diagnostic code the tool can report, across all layers.
pub fn all_codes() -> Vec<CodeInfo> {
    [
        crate::yaml::CODES,
        crate::schema::CODES,
        crate::rules::CODES,
        crate::lifecycle::CODES,
        crate::gate::CODES,
    ]
    .concat()
}

/// Ranks how serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run unless `--fail-level note`.
    Note,
    /// Likely wrong; fails a run with `--fail-level warning`.
    Warning,
    /// Wrong; fails a run by default.
    Error,
}

impl Severity {
    /// Returns the lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Points at a place in a file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// Names a second place that explains a finding, such as the first of two duplicate keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Path relative to the registry root, with `/` separators.
    pub path: String,
    /// Where in that file, when known.
    #[serde(flatten)]
    pub location: Option<Location>,
    /// What is at that place.
    pub message: String,
}

/// Reports one finding: a stable code, where it is, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, documented in `docs/diagnostics.md`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Path relative to the registry root, with `/` separators; empty for the registry itself.
    pub path: String,
    /// Where in the file, when the finding has a place.
    #[serde(flatten)]
    pub location: Option<Location>,
    /// JSON Pointer into the document, when the finding concerns one value.
    pub pointer: Option<String>,
    /// What is wrong, lowercase, with values in backticks.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// Other places that explain the finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// Creates a finding with the given code and severity about a file.
    pub fn new(
        code: &'static str,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            severity,
            path: path.into(),
            location: None,
            pointer: None,
            message: message.into(),
            help: None,
            related: Vec::new(),
        }
    }

    /// Creates an error finding.
    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, path, message)
    }

    /// Creates a warning finding.
    pub fn warning(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Warning, path, message)
    }

    /// Sets the place in the file.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Sets the JSON Pointer of the value concerned.
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related place.
    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }
}

/// Orders findings by file, then place, then code, so every output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.location, a.code, &a.message).cmp(&(&b.path, b.location, b.code, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Returns the code each `### ` heading of a Markdown text names: its first word,
    /// backticks removed. Headings inside fenced code blocks are not headings.
    fn documented_codes(markdown: &str) -> Vec<String> {
        let mut in_fence = false;
        let mut codes = Vec::new();
        for line in markdown.lines() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
                continue;
            }
            if let (false, Some(heading)) = (in_fence, line.strip_prefix("### ")) {
                let word = heading.split_whitespace().next().unwrap_or_default();
                codes.push(word.trim_matches('`').to_owned());
            }
        }
        codes
    }

    #[test]
    fn reads_code_headings_outside_fences_only() {
        let markdown = "## Group\n\n### `yaml-syntax`\n\ntext\n\n### schema-type (error)\n\n\
                        ```markdown\n### not-a-heading\n```\n#### deeper\n";
        assert_eq!(documented_codes(markdown), ["yaml-syntax", "schema-type"]);
    }

    #[test]
    fn every_code_is_unique_kebab_case_and_documented_exactly_once() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md");
        let markdown = std::fs::read_to_string(path).expect("docs/diagnostics.md is readable");
        let documented = documented_codes(&markdown);
        let codes = all_codes();

        let mut seen = BTreeMap::new();
        for info in &codes {
            *seen.entry(info.code).or_insert(0) += 1;
            let kebab = !info.code.is_empty()
                && info.code.split('-').all(|part| {
                    !part.is_empty()
                        && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                });
            assert!(kebab, "code `{}` is not kebab-case", info.code);
            assert!(!info.summary.is_empty(), "code `{}` has no summary", info.code);
        }
        let repeated: Vec<_> = seen.iter().filter(|(_, count)| **count > 1).collect();
        assert!(repeated.is_empty(), "codes listed more than once: {repeated:?}");

        for info in &codes {
            let headings = documented.iter().filter(|code| *code == info.code).count();
            assert_eq!(headings, 1, "`### {}` headings in docs/diagnostics.md", info.code);
            let severity = format!("### `{}`\n\nSeverity: {}.", info.code, info.severity);
            assert!(markdown.contains(&severity), "`{}` documents another severity", info.code);
        }
        for code in &documented {
            assert!(
                seen.contains_key(code.as_str()),
                "docs/diagnostics.md documents `{code}`, which no module lists in its CODES"
            );
        }
    }
}
