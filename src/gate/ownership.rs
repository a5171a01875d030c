//! Who may change what, read from the base revision so a pull request cannot grant
//! itself rights. The rules that use it are in the gate's `mod.rs`.

use std::collections::BTreeSet;

use crate::model;
use crate::registry::{self, Kind, Place, Snapshot};
use crate::validate::{self, Typed};

/// Names who owns a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owner {
    /// A partner's files: its maintainers, or admins.
    Partner(String),
    /// MoMo-owned files (verification, cooperation, reviews, defects.yaml): reviewers or admins.
    Momo,
    /// `registry.yaml`, `schemas/` and everything outside `partners/`: admins only.
    Admin,
}

impl Owner {
    /// Returns the owner of a registry-relative path.
    pub fn of(path: &str) -> Owner {
        match registry::classify(path) {
            Place::Document { kind, ids } => match kind {
                Kind::Registry => Owner::Admin,
                Kind::DefectCatalog
                | Kind::PartnerVerification
                | Kind::Cooperation
                | Kind::Review => Owner::Momo,
                Kind::Partner | Kind::MiniApp | Kind::RolloutRequest => {
                    Owner::Partner(ids.partner.unwrap_or_default())
                }
            },
            Place::Icon { partner, .. } => Owner::Partner(partner),
            Place::Unknown => match path.split('/').nth(1) {
                Some(partner) if !partner.is_empty() => Owner::Partner(partner.to_owned()),
                _ => Owner::Admin,
            },
            // Workflows, CODEOWNERS, schemas and docs steer the registry itself.
            Place::Outside => Owner::Admin,
        }
    }

    /// Describes who may change files of this owner, for messages.
    pub fn describe(&self) -> String {
        match self {
            Owner::Partner(partner) => format!("maintainers of partner `{partner}` or admins"),
            Owner::Momo => "MoMo reviewers or admins".to_owned(),
            Owner::Admin => "admins".to_owned(),
        }
    }
}

/// Holds the accounts with rights, as the base revision lists them.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    admins: BTreeSet<String>,
    reviewers: BTreeSet<String>,
    accounts: Vec<model::Account>,
}

impl Roles {
    /// Reads the roles from a snapshot (the base revision).
    pub fn read(snapshot: &Snapshot) -> Self {
        let registry = match typed(snapshot, "registry.yaml") {
            Some(Typed::Registry(registry)) => registry,
            _ => model::Registry::default(),
        };
        let mut accounts: Vec<model::Account> =
            registry.admins.iter().chain(&registry.reviewers).cloned().collect();
        for (path, _) in snapshot.iter() {
            if let Some(Typed::Partner(partner)) =
                path.ends_with("/partner.yaml").then(|| typed(snapshot, path)).flatten()
            {
                accounts.extend(partner.maintainers);
            }
        }
        Self { admins: logins(&registry.admins), reviewers: logins(&registry.reviewers), accounts }
    }

    /// Says whether a login is an admin.
    pub fn is_admin(&self, login: &str) -> bool {
        contains(&self.admins, login)
    }

    /// Says whether a login is a reviewer or an admin.
    pub fn is_momo(&self, login: &str) -> bool {
        contains(&self.reviewers, login) || self.is_admin(login)
    }

    /// Finds the login of a git author by the email the registry lists for accounts.
    pub fn login_for_email(&self, email: &str) -> Option<&str> {
        self.accounts
            .iter()
            .find(|account| {
                account.email.as_deref().is_some_and(|known| known.eq_ignore_ascii_case(email))
            })
            .map(|account| account.login.as_str())
    }
}

/// Returns the maintainers' logins of a partner in a snapshot, if it has a partner file.
pub fn maintainers(snapshot: &Snapshot, partner: &str) -> Option<BTreeSet<String>> {
    match typed(snapshot, &format!("partners/{partner}/partner.yaml")) {
        Some(Typed::Partner(partner)) => Some(logins(&partner.maintainers)),
        _ => None,
    }
}

/// Reads a snapshot's file into the typed model, if it parses.
pub fn typed(snapshot: &Snapshot, path: &str) -> Option<Typed> {
    snapshot.file(path).and_then(|bytes| validate::read_typed(path, bytes))
}

fn logins(accounts: &[model::Account]) -> BTreeSet<String> {
    accounts.iter().map(|account| account.login.to_ascii_lowercase()).collect()
}

/// GitHub logins are case-insensitive.
fn contains(set: &BTreeSet<String>, login: &str) -> bool {
    set.contains(&login.to_ascii_lowercase())
}

/// Says whether a login is among a set of lowercased logins.
pub fn listed(set: &BTreeSet<String>, login: &str) -> bool {
    contains(set, login)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_follow_the_layout() {
        let cases = [
            ("registry.yaml", Owner::Admin),
            ("schemas/partner.schema.json", Owner::Admin),
            (".github/workflows/check.yml", Owner::Admin),
            ("defects.yaml", Owner::Momo),
            ("partners/acme/verification.yaml", Owner::Momo),
            ("partners/acme/apps/shop/cooperation.yaml", Owner::Momo),
            ("partners/acme/apps/shop/reviews/1.0.0.yaml", Owner::Momo),
            ("partners/acme/partner.yaml", Owner::Partner("acme".into())),
            ("partners/acme/apps/shop/app.yaml", Owner::Partner("acme".into())),
            ("partners/acme/apps/shop/icon.png", Owner::Partner("acme".into())),
            ("partners/acme/apps/shop/rollouts/1.0.0.yaml", Owner::Partner("acme".into())),
            ("partners/acme/notes.txt", Owner::Partner("acme".into())),
        ];
        for (path, owner) in cases {
            assert_eq!(Owner::of(path), owner, "{path}");
        }
    }
}
