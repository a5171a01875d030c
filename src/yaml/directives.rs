//! Checks the `%YAML` directive, which saphyr reads but does not expose: a major version
//! other than 1 is reported. A later 1.x is read as 1.2, as the YAML spec asks.

use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::{codes, position};

/// Reports each `%YAML` directive of the prologue that names a version other than `1.<n>`.
pub(crate) fn check_version(path: &str, text: &str) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (index, line) in position::lines(text).enumerate() {
        let trimmed = line.trim();
        // The prologue ends at the first line that is not a directive, comment or blank.
        if !(trimmed.is_empty() || trimmed.starts_with('#') || line.starts_with('%')) {
            break;
        }
        let Some(version) = line.strip_prefix("%YAML").filter(|rest| rest.starts_with([' ', '\t']))
        else {
            continue;
        };
        let version = version.split('#').next().unwrap_or_default().trim();
        let minor = version.strip_prefix("1.");
        if minor.is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit()))
        {
            continue;
        }
        let location = Location { line: u32::try_from(index + 1).unwrap_or(u32::MAX), column: 1 };
        findings.push(
            Diagnostic::error(
                codes::UNSUPPORTED_VERSION,
                path,
                format!("`%YAML {version}` names a YAML version miniapp does not read"),
            )
            .at(Some(location))
            .with_help("registry files are YAML 1.2: write `%YAML 1.2`, or remove the directive"),
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yaml_1_versions_pass() {
        let cases = [
            ("%YAML 1.2\n---\na: 1\n", 0),
            ("%YAML 1.1\n---\na: 1\n", 0),
            ("# c\n%YAML 2.0\n---\na: 1\n", 1),
            ("%YAML 1.3 # comment\n---\na: 1\n", 0),
            ("%YAML 1.\n---\na: 1\n", 1),
            ("%YAML 3\n---\na: 1\n", 1),
            ("a: 1\n%YAML 2.0\n", 0),
            ("%YAMLX 2.0\n---\na: 1\n", 0),
        ];
        for (text, expected) in cases {
            assert_eq!(check_version("f.yaml", text).len(), expected, "{text:?}");
        }
    }
}
