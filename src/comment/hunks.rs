//! The lines a pull request's diff shows on its right side, computed locally with git2
//! from the merge base and the head: GitHub accepts inline comments only there.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use git2::{DiffOptions, Oid, Repository};

/// Holds, per file, the head-side line ranges of the diff's hunks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hunks {
    ranges: BTreeMap<String, Vec<RangeInclusive<u32>>>,
}

impl Hunks {
    /// Diffs `from` against `to` with GitHub's three lines of context.
    pub fn compute(repository: &Repository, from: Oid, to: Oid) -> Result<Self, git2::Error> {
        let old = repository.find_commit(from)?.tree()?;
        let new = repository.find_commit(to)?.tree()?;
        let mut options = DiffOptions::new();
        options.context_lines(3);
        let diff = repository.diff_tree_to_tree(Some(&old), Some(&new), Some(&mut options))?;
        let mut hunks = Self::default();
        diff.foreach(
            &mut |_, _| true,
            None,
            Some(&mut |delta, hunk| {
                let path = delta.new_file().path().map(|p| p.to_string_lossy().replace('\\', "/"));
                if let Some(path) = path
                    && hunk.new_lines() > 0
                {
                    let end = hunk.new_start() + hunk.new_lines() - 1;
                    hunks.insert(&path, hunk.new_start()..=end);
                }
                true
            }),
            None,
        )?;
        Ok(hunks)
    }

    /// Adds a range, for tests and for `compute`.
    pub fn insert(&mut self, path: &str, range: RangeInclusive<u32>) {
        self.ranges.entry(path.to_owned()).or_default().push(range);
    }

    /// Says whether a head-side line of a file is inside a hunk.
    pub fn contains(&self, path: &str, line: u32) -> bool {
        self.ranges.get(path).is_some_and(|ranges| ranges.iter().any(|r| r.contains(&line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestRepo;

    #[test]
    fn finds_changed_lines_with_context() {
        let mut repo = TestRepo::new();
        let text: String = (1..=20).map(|n| format!("line {n}\n")).collect();
        let base = repo.write("a.txt", &text).commit("alice", "a@example.com", "base");
        let edited = text.replace("line 10\n", "line ten\n");
        repo.write("a.txt", edited).write("b.txt", "new\n");
        let head = repo.commit("alice", "a@example.com", "edit");

        let hunks = Hunks::compute(&repo.repository, base, head).expect("diff");

        assert!(hunks.contains("a.txt", 10));
        assert!(hunks.contains("a.txt", 7) && hunks.contains("a.txt", 13), "context lines");
        assert!(!hunks.contains("a.txt", 2) && !hunks.contains("a.txt", 18));
        assert!(hunks.contains("b.txt", 1));
        assert!(!hunks.contains("c.txt", 1));
    }
}
