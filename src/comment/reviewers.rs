//! Choosing reviewers from the registry's pool. A reviewer's load is approximated as the
//! number of reviews in the head tree that name them and still request changes: rollouts
//! that wait on their re-review. Least loaded first, ties in pool order.

use std::collections::BTreeMap;

use crate::model::{Registry, ReviewVerdict};
use crate::registry::{Kind, Place, Snapshot};
use crate::validate::{self, Typed};

/// Picks up to `reviewers_per_rollout` reviewers, never the author.
pub fn pick_reviewers(
    registry: &Registry,
    snapshot: &Snapshot,
    author: Option<&str>,
) -> Vec<String> {
    let mut load: BTreeMap<String, usize> = BTreeMap::new();
    for (path, _) in snapshot.iter() {
        if !matches!(crate::registry::classify(path), Place::Document { kind: Kind::Review, .. }) {
            continue;
        }
        let Some(bytes) = snapshot.file(path) else { continue };
        if let Some(Typed::Review(review)) = validate::read_typed(path, bytes)
            && review.verdict == ReviewVerdict::ChangesRequested
        {
            *load.entry(review.reviewer.to_lowercase()).or_default() += 1;
        }
    }
    let mut pool: Vec<(usize, usize, &str)> = registry
        .reviewers
        .iter()
        .enumerate()
        .filter(|(_, account)| {
            author.is_none_or(|author| !account.login.eq_ignore_ascii_case(author))
        })
        .map(|(order, account)| {
            let login = account.login.as_str();
            (load.get(&login.to_lowercase()).copied().unwrap_or(0), order, login)
        })
        .collect();
    pool.sort();
    let wanted = usize::try_from(registry.reviewers_per_rollout).unwrap_or(usize::MAX);
    pool.into_iter().take(wanted).map(|(_, _, login)| login.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Account;
    use crate::registry::Entry;

    fn account(login: &str) -> Account {
        Account { login: login.into(), name: None, email: None }
    }

    #[test]
    fn picks_the_least_loaded_and_never_the_author() {
        let mut registry = Registry {
            reviewers: vec![account("busy"), account("free"), account("author")],
            reviewers_per_rollout: 1,
            ..Registry::default()
        };
        let mut snapshot = Snapshot::new();
        let review = "apiVersion: miniapp.momo.vn/v1\nkind: Review\nrollout: 1.0.0\npartner: p\n\
                      app: a\nreviewer: busy\nverdict: changes-requested\n";
        snapshot.insert("partners/p/apps/a/reviews/1.0.0.yaml", Entry::File(review.into()));

        assert_eq!(pick_reviewers(&registry, &snapshot, Some("author")), ["free"]);
        assert_eq!(pick_reviewers(&registry, &snapshot, Some("free")), ["author"]);
        registry.reviewers_per_rollout = 5;
        assert_eq!(pick_reviewers(&registry, &snapshot, Some("AUTHOR")), ["free", "busy"]);
    }
}
