//! Walks of a repository's commit graph: branches and their tips, first-parent lines, the
//! commits a merge brings in, and merge bases.

use std::collections::HashSet;

use git2::{BranchType, Oid, Sort};

use crate::history::{BranchTip, HistoryError, Repository, git};

impl Repository {
    /// Finds the production branch: the local branch, else a remote-tracking one
    /// (`origin` first), as CI checkouts often hold only `origin/<branch>`.
    pub fn branch_tip(&self, branch: &str) -> Option<BranchTip> {
        if let Ok(found) = self.repo.find_branch(branch, BranchType::Local)
            && let Some(tip) = found.get().target()
        {
            return Some(BranchTip { name: branch.to_owned(), tip });
        }
        let mut remotes = self.branches(BranchType::Remote);
        remotes.sort_by_key(|remote| !remote.name.starts_with("origin/"));
        remotes
            .into_iter()
            .find(|remote| remote.name.split_once('/').is_some_and(|(_, name)| name == branch))
    }

    /// Lists local and remote-tracking branches whose tips are not merged into `production`,
    /// one per tip (a local branch wins over its remote-tracking twin).
    pub fn open_branches(&self, production: Oid) -> Result<Vec<BranchTip>, HistoryError> {
        let mut open: Vec<BranchTip> = Vec::new();
        let candidates =
            self.branches(BranchType::Local).into_iter().chain(self.branches(BranchType::Remote));
        for candidate in candidates {
            if candidate.tip == production || open.iter().any(|seen| seen.tip == candidate.tip) {
                continue;
            }
            // Merged when the tip is an ancestor of production: then it is their merge base.
            let merged = self.merge_base(production, candidate.tip) == Some(candidate.tip);
            if !merged {
                open.push(candidate);
            }
        }
        Ok(open)
    }

    fn branches(&self, kind: BranchType) -> Vec<BranchTip> {
        let Ok(branches) = self.repo.branches(Some(kind)) else { return Vec::new() };
        let mut tips = Vec::new();
        for (branch, _) in branches.flatten() {
            // `origin/HEAD` is a symbolic alias of another remote branch, not a branch.
            if branch.get().symbolic_target_bytes().is_some() {
                continue;
            }
            let (Ok(Some(name)), Some(tip)) = (branch.name(), branch.get().target()) else {
                continue;
            };
            tips.push(BranchTip { name: name.to_owned(), tip });
        }
        tips
    }

    /// Returns the first-parent line ending at `tip`, oldest first.
    pub fn first_parent_line(&self, tip: Oid) -> Result<Vec<Oid>, HistoryError> {
        let mut walk = self.repo.revwalk().map_err(git("start a history walk"))?;
        walk.push(tip).map_err(git("start a history walk"))?;
        walk.simplify_first_parent().map_err(git("start a history walk"))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).map_err(git("sort the history"))?;
        walk.collect::<Result<Vec<_>, _>>().map_err(git("walk the history"))
    }

    /// Returns every commit reachable from `tips`, each once, in no particular order.
    pub fn reachable(&self, tips: &[Oid]) -> Result<Vec<Oid>, HistoryError> {
        let mut walk = self.repo.revwalk().map_err(git("start a history walk"))?;
        for tip in tips {
            walk.push(*tip).map_err(git("start a history walk"))?;
        }
        walk.collect::<Result<Vec<_>, _>>().map_err(git("walk the history"))
    }

    /// Returns the commits a merge brings in besides its first parent's line, oldest first
    /// in topological order; empty for a commit with one parent.
    pub fn side_commits(&self, merge: Oid) -> Result<Vec<Oid>, HistoryError> {
        let commit = self.find_commit(merge)?;
        if commit.parent_count() < 2 {
            return Ok(Vec::new());
        }
        let mut walk = self.repo.revwalk().map_err(git("start a history walk"))?;
        for parent in commit.parent_ids().skip(1) {
            walk.push(parent).map_err(git("walk a merged branch"))?;
        }
        walk.hide(commit.parent_id(0).map_err(git("read a merge's parents"))?)
            .map_err(git("walk a merged branch"))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).map_err(git("sort the history"))?;
        walk.collect::<Result<Vec<_>, _>>().map_err(git("walk a merged branch"))
    }

    /// Returns the commits a merge brings in besides its first parent's line, oldest first,
    /// like [`Repository::side_commits`], given `known`: every commit reachable from the
    /// merge's first parent. A merged branch that is a plain line of commits is found by
    /// following it back to the first commit `known` holds, which reads only the branch's own
    /// commits; anything else (a branch holding merges, or several merged branches) falls
    /// back to the full walk, whose order it then keeps.
    pub fn merged_commits(
        &self,
        merge: Oid,
        known: &HashSet<Oid>,
    ) -> Result<Vec<Oid>, HistoryError> {
        let commit = self.commit(merge)?;
        let [_, mut at] = commit.parents[..] else { return self.side_commits(merge) };
        let mut chain = Vec::new();
        loop {
            if known.contains(&at) {
                chain.reverse();
                return Ok(chain);
            }
            let side = self.commit(at)?;
            let [parent] = side.parents[..] else { return self.side_commits(merge) };
            chain.push(at);
            at = parent;
        }
    }

    /// Returns the best common ancestor of two commits, `None` when they share none.
    /// Each pair is computed once per run: the open-branch check and the branch replay ask
    /// for the same ones.
    pub fn merge_base(&self, one: Oid, two: Oid) -> Option<Oid> {
        let key = if one <= two { (one, two) } else { (two, one) };
        if let Some(base) = self.merge_bases.borrow().get(&key) {
            return *base;
        }
        let base = with_object_cache(|| self.repo.merge_base(one, two)).ok();
        self.merge_bases.borrow_mut().insert(key, base);
        base
    }
}

/// Runs a libgit2 graph walk (merge bases, reachability) with libgit2's object cache on. The
/// walks of one run cover much the same commits, and without the cache each one inflates
/// them all again: on 100,000 commits, `status` after one new commit spent three quarters of
/// its time there. The cache is off again for the replay, which keeps its own.
fn with_object_cache<T>(walk: impl FnOnce() -> T) -> T {
    git2::opts::enable_caching(true);
    let result = walk();
    git2::opts::enable_caching(false);
    result
}
