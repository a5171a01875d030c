//! The gate's change rules: what no pull request may do, whoever its author
//! (renames, AppId changes, edits of landed rollouts, a second open rollout).

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Location};
use crate::gate::ownership;
use crate::gate::{ChangeStatus, Context, FileChange};
use crate::model::{CooperationStatus, Platform, RolloutRequest};
use crate::registry::{self, Entry, Kind, Place, Snapshot};
use crate::validate::{Loaded, Typed};

/// Runs every change rule.
pub(super) fn change_findings(context: &Context<'_>, head: &Loaded) -> Vec<Diagnostic> {
    let locate = |path: &str, pointer: &str| locate(head, path, pointer);
    let mut findings = Vec::new();
    findings.extend(several_partners(context));
    for file in &context.change.files {
        findings.extend(renamed_or_removed(file));
        findings.extend(app_id_changed(context, file, &locate));
        findings.extend(landed_rollout_changed(context, file));
        findings.extend(symlink_escapes(&context.change.head_snapshot, file));
    }
    findings.extend(new_rollout_findings(context, &locate));
    findings
}

fn locate(loaded: &Loaded, path: &str, pointer: &str) -> Option<Location> {
    loaded.file(path)?.document.as_ref()?.locate(pointer)
}

fn several_partners(context: &Context<'_>) -> Option<Diagnostic> {
    let partners = super::touched_partners(context.change);
    if partners.len() < 2 || context.roles.is_admin(context.request.actor) {
        return None;
    }
    let names: Vec<String> = partners.iter().map(|partner| format!("`{partner}`")).collect();
    Some(
        Diagnostic::error(
            "gate-several-partners",
            "",
            format!("the change touches {} partners: {}", partners.len(), names.join(", ")),
        )
        .with_help("open one pull request per partner"),
    )
}

fn renamed_or_removed(file: &FileChange) -> Option<Diagnostic> {
    if let Some(from) = &file.renamed_from {
        let kinds = [Kind::Partner, Kind::MiniApp, Kind::RolloutRequest];
        let is_item = |path: &str| matches!(registry::classify(path), Place::Document { kind, .. } if kinds.contains(&kind));
        if is_item(from) || is_item(&file.path) {
            return Some(
                Diagnostic::error(
                    "gate-renamed",
                    &file.path,
                    format!("`{from}` was renamed to `{}`", file.path),
                )
                .with_help("ids are the identity of partners, apps and rollouts: keep the old path and add a new item instead"),
            );
        }
    }
    if file.status != ChangeStatus::Deleted || file.renamed_from.is_some() {
        return None;
    }
    let Place::Document { kind: kind @ (Kind::Partner | Kind::MiniApp), .. } =
        registry::classify(&file.path)
    else {
        return None;
    };
    Some(
        Diagnostic::error(
            "gate-removed",
            &file.path,
            format!("the change removes the {} file `{}`", kind.name(), file.path),
        )
        .with_help("partners and apps stay in the registry; ask an admin to retire one"),
    )
}

fn app_id_changed(
    context: &Context<'_>,
    file: &FileChange,
    locate: &dyn Fn(&str, &str) -> Option<Location>,
) -> Option<Diagnostic> {
    if !matches!(registry::classify(&file.path), Place::Document { kind: Kind::Cooperation, .. }) {
        return None;
    }
    let app_id = |snapshot: &Snapshot| match ownership::typed(snapshot, &file.path) {
        Some(Typed::Cooperation(cooperation)) => cooperation.app_id,
        _ => None,
    };
    let before = app_id(&context.change.base_snapshot)?;
    let after = app_id(&context.change.head_snapshot);
    if after.as_deref() == Some(before.as_str()) {
        return None;
    }
    let message = match &after {
        Some(after) => format!("AppId `{before}` was changed to `{after}`"),
        None => format!("AppId `{before}` was removed"),
    };
    Some(
        Diagnostic::error("gate-app-id-changed", &file.path, message)
            .with_pointer("/app_id")
            .at(locate(&file.path, "/app_id"))
            .with_help(format!("an AppId never changes once assigned: keep `{before}`")),
    )
}

/// A rollout on the base branch has landed: it is history, and a new rollout replaces it.
fn landed_rollout_changed(context: &Context<'_>, file: &FileChange) -> Option<Diagnostic> {
    if file.status == ChangeStatus::Added {
        return None;
    }
    if !matches!(registry::classify(&file.path), Place::Document { kind: Kind::RolloutRequest, .. })
    {
        return None;
    }
    context.change.base_snapshot.get(&file.path)?;
    let verb = if file.status == ChangeStatus::Deleted { "removes" } else { "edits" };
    Some(
        Diagnostic::error(
            "gate-live-rollout-changed",
            &file.path,
            format!("the change {verb} `{}`, which is already on the production branch", file.path),
        )
        .with_help("a landed rollout is never changed: create a new rollout with a new id instead"),
    )
}

fn symlink_escapes(head: &Snapshot, file: &FileChange) -> Option<Diagnostic> {
    let Some(Entry::Symlink(target)) = head.get(&file.path) else { return None };
    if stays_inside(&file.path, target) {
        return None;
    }
    Some(
        Diagnostic::error(
            "gate-symlink-escapes",
            &file.path,
            format!("`{}` is a symbolic link to `{target}`, outside the registry", file.path),
        )
        .with_help("registry files must be regular files inside the repository"),
    )
}

/// Says whether a link's target, resolved from the link's folder, stays in the repository.
fn stays_inside(link: &str, target: &str) -> bool {
    if target.starts_with('/') || target.contains('\\') || target.contains(':') {
        return false;
    }
    let mut depth: i64 = link.matches('/').count() as i64;
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => depth -= 1,
            _ => depth += 1,
        }
        if depth < 0 {
            return false;
        }
    }
    true
}

/// Rules for the rollouts the change adds: the app must be ready, one open rollout per
/// platform, builds above every earlier build of the app.
fn new_rollout_findings(
    context: &Context<'_>,
    locate: &dyn Fn(&str, &str) -> Option<Location>,
) -> Vec<Diagnostic> {
    let change = context.change;
    let mut findings = Vec::new();
    let mut open: BTreeMap<(String, String, Platform), Vec<String>> = BTreeMap::new();
    for file in change.files.iter().filter(|file| file.status == ChangeStatus::Added) {
        let Some(Typed::RolloutRequest(rollout)) =
            ownership::typed(&change.head_snapshot, &file.path)
        else {
            continue;
        };
        if !matches!(
            registry::classify(&file.path),
            Place::Document { kind: Kind::RolloutRequest, .. }
        ) {
            continue;
        }
        findings.extend(app_not_ready(context, &file.path, &rollout));
        findings.extend(build_not_newer(context, &file.path, &rollout, locate));
        for platform in Platform::ALL {
            if rollout.platform(platform).is_some() {
                let key = (rollout.partner.clone(), rollout.app.clone(), platform);
                open.entry(key).or_default().push(file.path.clone());
            }
        }
    }
    for ((partner, app, platform), paths) in open {
        for path in paths.iter().skip(1) {
            findings.push(
                Diagnostic::error(
                    "gate-open-rollout-exists",
                    path,
                    format!(
                        "`{partner}/{app}` already has an open {} rollout in this change: `{}`",
                        platform.key(),
                        paths[0]
                    ),
                )
                .with_pointer(format!("/{}", platform.key()))
                .at(locate(path, &format!("/{}", platform.key())))
                .with_help(
                    "one open rollout per app and platform: fold the builds into one rollout",
                ),
            );
        }
    }
    findings
}

fn app_not_ready(
    context: &Context<'_>,
    path: &str,
    rollout: &RolloutRequest,
) -> Option<Diagnostic> {
    let cooperation =
        format!("{}/cooperation.yaml", registry::app_dir(&rollout.partner, &rollout.app));
    let ready = matches!(
        ownership::typed(&context.change.base_snapshot, &cooperation),
        Some(Typed::Cooperation(cooperation)) if cooperation.status == CooperationStatus::Completed
    );
    if ready {
        return None;
    }
    Some(
        Diagnostic::error(
            "gate-app-not-ready",
            path,
            format!(
                "`{}/{}` is not in development yet: MoMo has not completed cooperation on the production branch",
                rollout.partner, rollout.app
            ),
        )
        .with_help("a rollout can be submitted once `cooperation.yaml` says `status: completed`"),
    )
}

fn build_not_newer(
    context: &Context<'_>,
    path: &str,
    rollout: &RolloutRequest,
    locate: &dyn Fn(&str, &str) -> Option<Location>,
) -> Vec<Diagnostic> {
    let prefix = format!("{}/rollouts/", registry::app_dir(&rollout.partner, &rollout.app));
    let highest = context
        .change
        .base_snapshot
        .iter()
        .filter(|(other, _)| other.starts_with(&prefix) && *other != path)
        .filter_map(|(other, _)| match ownership::typed(&context.change.base_snapshot, other) {
            Some(Typed::RolloutRequest(earlier)) => Some(earlier),
            _ => None,
        })
        .flat_map(|earlier| {
            Platform::ALL
                .into_iter()
                .filter_map(move |platform| earlier.platform(platform).map(|version| version.build))
        })
        .max();
    let Some(highest) = highest else { return Vec::new() };
    Platform::ALL
        .into_iter()
        .filter_map(|platform| {
            let version = rollout.platform(platform)?;
            (version.build <= highest).then(|| {
                let pointer = format!("/{}/build", platform.key());
                Diagnostic::error(
                    "gate-build-not-newer",
                    path,
                    format!(
                        "{} build {} is not above {highest}, the app's highest build on the production branch",
                        platform.key(),
                        version.build
                    ),
                )
                .at(locate(path, &pointer))
                .with_pointer(pointer)
                .with_help(format!("use a build number above {highest}"))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlink_targets_are_resolved_from_the_link() {
        let cases = [
            ("partners/acme/apps/shop/icon.png", "other.png", true),
            ("partners/acme/apps/shop/icon.png", "../../../../README.md", true),
            ("partners/acme/apps/shop/icon.png", "../../../../../etc/passwd", false),
            ("README.md", "/etc/passwd", false),
            ("docs/x.md", "../../x", false),
            ("docs/x.md", "..\\..\\x", false),
        ];
        for (link, target, inside) in cases {
            assert_eq!(stays_inside(link, target), inside, "{link} -> {target}");
        }
    }
}
