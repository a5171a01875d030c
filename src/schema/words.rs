//! Small text helpers for messages: edit distance, "did you mean" suggestions, readable
//! paths for JSON Pointers and lists of names in backticks.

use serde_json::Value;

/// Returns the edit distance between two strings (insertions, deletions, substitutions and
/// swaps of two neighbours, each costing one), counted in characters.
pub fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let mut before_previous: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for i in 0..left.len() {
        let mut current = vec![i + 1; right.len() + 1];
        for j in 0..right.len() {
            let substitution = previous[j] + usize::from(left[i] != right[j]);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && left[i] == right[j - 1] && left[i - 1] == right[j] {
                best = best.min(before_previous[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        before_previous = std::mem::replace(&mut previous, current);
    }
    previous[right.len()]
}

/// Picks the candidate a mistyped word most likely meant, if any is close enough.
///
/// Close means: equal ignoring case and `_`/`-`, a prefix of at least four characters
/// (`short_desc` for `short_description`), or within a third of the word's length in edits.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = fold(word);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .filter_map(|candidate| {
            let candidate_folded = fold(candidate);
            let distance = edit_distance(&folded, &candidate_folded);
            let shorter = folded.len().min(candidate_folded.len());
            let rank = if folded == candidate_folded {
                0
            } else if shorter >= 4
                && (candidate_folded.starts_with(&folded) || folded.starts_with(&candidate_folded))
            {
                1
            } else if distance <= (folded.chars().count() / 3).max(1) {
                2
            } else {
                return None;
            };
            Some((rank, distance, candidate))
        })
        .min()
        .map(|(_, _, candidate)| candidate)
}

fn fold(word: &str) -> String {
    word.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
}

/// Writes a JSON Pointer as a path a person reads: `/contacts/0/phone` as `contacts[0].phone`.
pub fn display_path(root: &Value, pointer: &str) -> String {
    let mut out = String::new();
    let mut current = Some(root);
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        match current {
            Some(Value::Array(items)) => {
                out.push_str(&format!("[{segment}]"));
                current = segment.parse::<usize>().ok().and_then(|index| items.get(index));
            }
            other => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&segment);
                current = other.and_then(|value| value.get(&segment));
            }
        }
    }
    out
}

/// Escapes a key as one JSON Pointer segment.
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Joins names as a list in backticks: `` `a`, `b`, `c` ``.
pub fn backticked<S: AsRef<str>>(names: &[S]) -> String {
    names.iter().map(|name| format!("`{}`", name.as_ref())).collect::<Vec<_>>().join(", ")
}

/// Writes a JSON value as it would read in a message: strings bare, the rest as JSON.
pub fn show_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn measures_edit_distance() {
        let cases = [
            ("", "", 0),
            ("abc", "", 3),
            ("kitten", "sitting", 3),
            ("tên", "ten", 1),
            ("nmae", "name", 1),
        ];
        for (left, right, expected) in cases {
            assert_eq!(edit_distance(left, right), expected, "{left:?} {right:?}");
        }
    }

    #[test]
    fn suggests_close_keys() {
        let keys = ["name", "short_description", "icon", "support", "category"];
        let cases = [
            ("short_desc", Some("short_description")),
            ("shortDescription", Some("short_description")),
            ("suport", Some("support")),
            ("Icon", Some("icon")),
            ("nmae", Some("name")),
            ("colour", None),
            ("x", None),
        ];
        for (word, expected) in cases {
            assert_eq!(closest(word, keys), expected, "{word:?}");
        }
    }

    #[test]
    fn writes_readable_paths() {
        let root = json!({"contacts": [{"phone": "1"}], "a/b": {"0": 1}});
        let cases = [
            ("", ""),
            ("/contacts", "contacts"),
            ("/contacts/0/phone", "contacts[0].phone"),
            ("/a~1b/0", "a/b.0"),
            ("/missing/0", "missing.0"),
        ];
        for (pointer, expected) in cases {
            assert_eq!(display_path(&root, pointer), expected, "{pointer:?}");
        }
    }
}
