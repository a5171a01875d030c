//! Orders without history: rollout ids in version-aware natural order, and semantic
//! versions by semver precedence. The rules that need an order are in `rollouts`.

use std::cmp::Ordering;

/// Compares two rollout ids in natural order: runs of digits compare as numbers
/// (`1.9.0` < `1.10.0`), other runs as text, and an id that is a prefix of another
/// comes first (`1.0` < `1.0.1`, `2.0.0` < `2.0.0-fix`); ties fall back to plain text.
pub fn compare_rollout_ids(a: &str, b: &str) -> Ordering {
    let (left, right) = (runs(a), runs(b));
    for (x, y) in left.iter().zip(&right) {
        let order = match (x, y) {
            (Run::Number(x), Run::Number(y)) => compare_digits(x, y),
            (Run::Number(_), Run::Text(_)) => Ordering::Less,
            (Run::Text(_), Run::Number(_)) => Ordering::Greater,
            (Run::Text(x), Run::Text(y)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    left.len().cmp(&right.len()).then_with(|| a.cmp(b))
}

enum Run<'a> {
    Number(&'a str),
    Text(&'a str),
}

fn runs(id: &str) -> Vec<Run<'_>> {
    let mut runs = Vec::new();
    let mut start = 0;
    let bytes = id.as_bytes();
    while start < bytes.len() {
        let digit = bytes[start].is_ascii_digit();
        let length = bytes[start..].iter().take_while(|b| b.is_ascii_digit() == digit).count();
        let run = &id[start..start + length];
        runs.push(if digit { Run::Number(run) } else { Run::Text(run) });
        start += length;
    }
    runs
}

/// Compares digit strings as numbers of any length; more leading zeros sort later.
fn compare_digits(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    x.len().cmp(&y.len()).then_with(|| x.cmp(y)).then_with(|| a.len().cmp(&b.len()))
}

/// Holds a parsed semantic version; build metadata is dropped, as precedence ignores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version<'a> {
    core: [u64; 3],
    prerelease: Vec<&'a str>,
}

impl<'a> Version<'a> {
    /// Parses `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`; `None` when it is not one.
    pub fn parse(text: &'a str) -> Option<Self> {
        let without_build = text.split_once('+').map_or(text, |(version, _)| version);
        let (core, prerelease) = match without_build.split_once('-') {
            Some((core, prerelease)) => (core, prerelease.split('.').collect()),
            None => (without_build, Vec::new()),
        };
        let mut numbers = core.split('.').map(|part| {
            (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u64>().ok())
                .flatten()
        });
        let core = [numbers.next()??, numbers.next()??, numbers.next()??];
        if numbers.next().is_some() || prerelease.iter().any(|part: &&str| part.is_empty()) {
            return None;
        }
        Some(Self { core, prerelease })
    }
}

impl Ord for Version<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.core.cmp(&other.core).then_with(|| {
            match (self.prerelease.is_empty(), other.prerelease.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.prerelease, &other.prerelease),
            }
        })
    }
}

impl PartialOrd for Version<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn compare_prerelease(a: &[&str], b: &[&str]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let numeric = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let order = match (numeric(x), numeric(y)) {
            (true, true) => compare_digits(x, y),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollout_ids_sort_naturally() {
        let cases = [
            ("1.9.0", "1.10.0", Ordering::Less),
            ("1.10.0", "1.9.0", Ordering::Greater),
            ("2.0.0", "2.0.0", Ordering::Equal),
            ("1.0", "1.0.1", Ordering::Less),
            ("2.0.0", "2.0.0-fix", Ordering::Less),
            ("v2", "v10", Ordering::Less),
            ("10", "9", Ordering::Greater),
            ("1.01", "1.1", Ordering::Greater),
            ("launch", "1.0.0", Ordering::Greater),
            ("2024-01-15", "2024-02-01", Ordering::Less),
            ("99999999999999999999999", "100000000000000000000000", Ordering::Less),
        ];
        for (a, b, expected) in cases {
            assert_eq!(compare_rollout_ids(a, b), expected, "{a} vs {b}");
        }
    }

    #[test]
    fn versions_follow_semver_precedence() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.2.0",
            "1.10.0",
            "2.0.0",
        ];
        for pair in ordered.windows(2) {
            let (a, b) = (Version::parse(pair[0]), Version::parse(pair[1]));
            assert!(a.is_some() && b.is_some(), "{pair:?}");
            assert!(a < b, "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(Version::parse("1.0.0+build.5"), Version::parse("1.0.0"));
    }

    #[test]
    fn malformed_versions_do_not_parse() {
        for text in ["1.0", "1.0.0.0", "a.b.c", "1..0", "", "1.0.0-", "1.0.-1", "1.0.0-a..b"] {
            assert_eq!(Version::parse(text), None, "{text}");
        }
    }
}
