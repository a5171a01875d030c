//! Reads from git everything the replay needs of one first-parent commit, before the replay
//! applies it: the commit's changes and, for a merge, the commits it brought in with the
//! rollout and review blobs they touched. Reading is most of a replay's work and needs no
//! lifecycle state, so a long line is read on a second thread while this one applies it.

use std::collections::{BTreeMap, HashSet};
use std::sync::mpsc;

use git2::Oid;

use crate::history::{CommitInfo, HistoryError, Repository, Step};
use crate::lifecycle::ItemId;
use crate::lifecycle::replay::rollout_of;
use crate::registry;

/// Lines shorter than this are read on the replaying thread: a thread and a second handle
/// on the repository cost more than they save.
const BACKGROUND_FROM: usize = 64;
/// Commits the reading thread may run ahead of the replay.
const AHEAD: usize = 256;

/// Everything the replay reads of one first-parent commit.
#[derive(Debug)]
pub(in crate::lifecycle) struct Prepared {
    /// The commit and its changes against its first parent.
    pub(super) step: Step,
    /// For a merge, every commit it brought in, oldest first.
    pub(super) merged: Vec<Oid>,
    /// The non-merge commits among them, with the rollouts each touched.
    pub(super) side: Vec<SideCommit>,
}

/// A commit a merge brought in, with the rollouts it touched.
#[derive(Debug)]
pub(super) struct SideCommit {
    /// The commit.
    pub(super) commit: CommitInfo,
    /// The rollouts whose request or review it changed, in id order.
    pub(super) touched: Vec<Touched>,
}

/// A rollout a merged commit touched, and its files at that commit.
#[derive(Debug)]
pub(super) struct Touched {
    /// The rollout.
    pub(super) rollout: ItemId,
    /// The first file of it the commit changed, for provenance.
    pub(super) file: String,
    /// The rollout request's path.
    pub(super) rollout_path: String,
    /// The request's blob at the commit.
    pub(super) rollout_blob: Option<Oid>,
    /// The review's blob at the commit.
    pub(super) review_blob: Option<Oid>,
    /// Whether the commit changed the review.
    pub(super) review_changed: bool,
}

/// Reads commit `id`; `known` holds every commit reachable from its first parent.
pub(super) fn prepare(
    repo: &Repository,
    id: Oid,
    known: &HashSet<Oid>,
) -> Result<Prepared, HistoryError> {
    let step = repo.step(id)?;
    if !step.commit.is_merge {
        return Ok(Prepared { step, merged: Vec::new(), side: Vec::new() });
    }
    let merged = repo.merged_commits(id, known)?;
    let mut side = Vec::new();
    for &commit in &merged {
        let step = repo.step(commit)?;
        if step.commit.is_merge {
            continue;
        }
        let mut files = BTreeMap::new();
        for change in &step.changes {
            if let Some(rollout) = rollout_of(&change.path) {
                files.entry(rollout).or_insert_with(|| change.path.clone());
            }
        }
        let mut touched = Vec::new();
        for (rollout, file) in files {
            let ItemId::Rollout(partner, app, rollout_id) = &rollout else { continue };
            let rollout_path = registry::rollout_path(partner, app, rollout_id);
            let review_path = registry::review_path(partner, app, rollout_id);
            touched.push(Touched {
                rollout_blob: repo.blob_at(commit, &rollout_path)?,
                review_blob: repo.blob_at(commit, &review_path)?,
                review_changed: step.changes.iter().any(|change| change.path == review_path),
                rollout,
                file,
                rollout_path,
            });
        }
        side.push(SideCommit { commit: step.commit, touched });
    }
    Ok(Prepared { step, merged, side })
}

/// Reads commit `id` like `prepare`, then adds it and the commits it merged to `known`, which
/// then holds every commit reachable from `id`, ready for the next commit of the line.
fn prepare_next(
    repo: &Repository,
    id: Oid,
    known: &mut HashSet<Oid>,
) -> Result<Prepared, HistoryError> {
    let prepared = prepare(repo, id, known)?;
    known.extend(prepared.merged.iter().copied());
    known.insert(id);
    Ok(prepared)
}

/// Reads `commits` (a first-parent line, oldest first, continuing from a line that has
/// reached every commit in `known`) and hands each to `apply` in order. Long lines are read on a second
/// thread with its own handle on the repository, at most `AHEAD` commits ahead; the first
/// error, reading or applying, stops both.
pub(in crate::lifecycle) fn each(
    repo: &Repository,
    commits: &[Oid],
    mut known: HashSet<Oid>,
    mut apply: impl FnMut(usize, Prepared) -> Result<(), HistoryError>,
) -> Result<(), HistoryError> {
    if commits.len() < BACKGROUND_FROM {
        for (at, id) in commits.iter().enumerate() {
            apply(at, prepare_next(repo, *id, &mut known)?)?;
        }
        return Ok(());
    }
    let handle = repo.handle();
    let (sender, receiver) = mpsc::sync_channel(AHEAD);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let repo = match handle.open() {
                Ok(repo) => repo,
                Err(error) => {
                    let _ = sender.send(Err(error));
                    return;
                }
            };
            for id in commits {
                let prepared = prepare_next(&repo, *id, &mut known);
                let failed = prepared.is_err();
                // A closed channel means the replay stopped; so does a failure.
                if sender.send(prepared).is_err() || failed {
                    return;
                }
            }
        });
        for (at, prepared) in receiver.into_iter().enumerate() {
            apply(at, prepared?)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestRepo;

    /// A line of `BACKGROUND_FROM` + 40 commits, every fifth a merge of a two-commit branch
    /// that touches a rollout and its review; the registry sits in `folder` of the repository.
    fn long_history_in(folder: &str) -> (TestRepo, Repository, Vec<Oid>) {
        let mut test = TestRepo::new();
        test.write(&format!("{folder}registry.yaml"), "production_branch: main\n");
        test.commit("An", "an@example.com", "root");
        for round in 0..(BACKGROUND_FROM + 40) / 5 {
            for turn in 0..4 {
                let partner = format!("{folder}partners/acme/partner.yaml");
                test.write(&partner, format!("round {round} {turn}\n"));
                test.commit("An", "an@example.com", "edit");
            }
            let rollouts = format!("{folder}partners/acme/apps/shop/rollouts");
            let branch = format!("pr-{round}");
            test.branch(&branch).write(&format!("{rollouts}/1.{round}.0.yaml"), "request\n");
            test.commit("Binh", "binh@example.com", "request");
            let reviews = format!("{folder}partners/acme/apps/shop/reviews");
            test.write(&format!("{reviews}/1.{round}.0.yaml"), "verdict: approved\n");
            let side = test.commit("Chi", "chi@example.com", "review");
            test.switch("main");
            let head = test.head_commit().expect("main");
            test.commit_with_parents("Chi", "chi@example.com", "merge", &[head, side]);
        }
        let dir = test.path().join(folder);
        std::fs::create_dir_all(&dir).expect("the registry folder");
        let repo = Repository::open(&dir).expect("open");
        let tip = repo.resolve("main").expect("main");
        let line = repo.first_parent_line(tip).expect("line");
        (test, repo, line)
    }

    fn long_history() -> (TestRepo, Repository, Vec<Oid>) {
        long_history_in("")
    }

    /// Reads `line` on this thread, then through `each`, and checks both read the same.
    fn read_both_ways(repo: &Repository, line: &[Oid]) -> Vec<(usize, String)> {
        let mut known = HashSet::new();
        let mut here = Vec::new();
        for id in line {
            here.push(format!("{:?}", prepare_next(repo, *id, &mut known).expect("readable")));
        }
        let mut there = Vec::new();
        each(repo, line, HashSet::new(), |at, prepared| {
            there.push((at, format!("{prepared:?}")));
            Ok(())
        })
        .expect("readable");
        let expected: Vec<(usize, String)> = here.into_iter().enumerate().collect();
        assert_eq!(there, expected);
        there
    }

    #[test]
    fn a_line_read_on_a_second_thread_is_read_as_on_this_one() {
        let (_test, repo, line) = long_history();
        assert!(line.len() >= BACKGROUND_FROM, "long enough for the second thread");
        let there = read_both_ways(&repo, &line);
        let touched: usize =
            there.iter().filter(|(_, text)| text.contains("review_changed: true")).count();
        assert!(touched > 10, "merges brought reviewed rollouts in: {touched}");
    }

    #[test]
    fn the_second_thread_reads_a_registry_in_a_subfolder_by_registry_paths() {
        let (_test, repo, line) = long_history_in("registry/");
        assert_eq!(repo.prefix(), "registry/");
        let there = read_both_ways(&repo, &line);
        let text: String = there.into_iter().map(|(_, text)| text).collect();
        assert!(text.contains("\"partners/acme/apps/shop/reviews/1.3.0.yaml\""), "registry paths");
        assert!(!text.contains("registry/partners"), "no repository paths");
        assert!(text.contains("review_changed: true"), "merged reviews found under the folder");
    }

    #[test]
    fn an_unreadable_commit_stops_the_reading_and_the_replay_with_its_error() {
        let (test, repo, line) = long_history();
        let victim = line[line.len() - 10];
        let tree = test.repository.find_commit(victim).expect("commit").tree_id().to_string();
        let object = test.path().join(".git/objects").join(&tree[..2]).join(&tree[2..]);
        std::fs::remove_file(&object).expect("a loose tree object");
        let mut applied = 0;
        let result = each(&repo, &line, HashSet::new(), |_, _| {
            applied += 1;
            Ok(())
        });
        let error = result.expect_err("the missing tree is an error");
        assert!(error.to_string().contains("read tree"), "{error}");
        assert_eq!(applied, line.len() - 10, "every commit before it was applied, none after");
    }

    #[test]
    fn an_error_while_applying_stops_the_reading_thread() {
        let (_test, repo, line) = long_history();
        let mut applied = 0;
        let result = each(&repo, &line, HashSet::new(), |at, _| {
            applied += 1;
            if at == 3 {
                return Err(HistoryError::Git {
                    action: "apply".to_owned(),
                    source: git2::Error::from_str("stop"),
                });
            }
            Ok(())
        });
        assert!(result.is_err());
        assert_eq!(applied, 4);
    }
}
