//! The next build numbers of an app: MoMo's one counter per app across both platforms,
//! Android on odd numbers and iOS on the even one after, above every build ever seen.

use std::collections::HashSet;

use git2::Oid;

use crate::history::{HistoryError, Repository};
use crate::model::Platform;
use crate::registry::{self, Snapshot};
use crate::validate::{Typed, read_typed};

/// Reports a failure to read the builds an app used.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Reading history failed.
    #[error("failed to read the app's builds from history")]
    History(#[from] HistoryError),
}

/// Returns the highest build number any rollout of the app carries: in the working folder,
/// and in every version of every rollout file on the production line (with the branches
/// merged into it) and on each given branch tip.
pub fn highest_build(
    repo: Option<&Repository>,
    tips: &[Oid],
    working: &Snapshot,
    partner: &str,
    app: &str,
) -> Result<u64, BuildError> {
    let folder = format!("{}/rollouts/", registry::app_dir(partner, app));
    let mut highest = 0;
    for (path, _) in working.iter().filter(|(path, _)| path.starts_with(&folder)) {
        if let Some(bytes) = working.file(path) {
            highest = highest.max(rollout_build(path, bytes));
        }
    }
    let Some(repo) = repo else { return Ok(highest) };
    let mut blobs = HashSet::new();
    for commit in repo.reachable(tips)? {
        for change in repo.step(commit)?.changes {
            let Some(blob) = change.after.filter(|_| change.path.starts_with(&folder)) else {
                continue;
            };
            if blobs.insert(blob) {
                highest = highest.max(rollout_build(&change.path, &repo.blob(blob)?));
            }
        }
    }
    Ok(highest)
}

fn rollout_build(path: &str, bytes: &[u8]) -> u64 {
    match read_typed(path, bytes) {
        Some(Typed::RolloutRequest(rollout)) => Platform::ALL
            .iter()
            .filter_map(|platform| rollout.platform(*platform).map(|version| version.build))
            .max()
            .unwrap_or(0),
        _ => 0,
    }
}

/// Returns the next Android and iOS builds above `highest` for the platforms wanted:
/// Android takes the next odd number, iOS the even number after it (or the next even one
/// when Android is not rolled out).
pub fn next_builds(highest: u64, android: bool, ios: bool) -> (Option<u64>, Option<u64>) {
    let next_odd = if highest.is_multiple_of(2) { highest + 1 } else { highest + 2 };
    let android_build = android.then_some(next_odd);
    let floor = android_build.unwrap_or(highest);
    let ios_build = ios.then_some(if floor.is_multiple_of(2) { floor + 2 } else { floor + 1 });
    (android_build, ios_build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_builds_follow_the_shared_counter() {
        let cases = [
            (0, true, true, (Some(1), Some(2))),
            (2, true, true, (Some(3), Some(4))),
            (6, true, true, (Some(7), Some(8))),
            (5, true, true, (Some(7), Some(8))),
            (6, true, false, (Some(7), None)),
            (6, false, true, (None, Some(8))),
            (7, false, true, (None, Some(8))),
            (4, false, false, (None, None)),
        ];
        for (highest, android, ios, expected) in cases {
            assert_eq!(next_builds(highest, android, ios), expected, "{highest} {android} {ios}");
        }
    }
}
