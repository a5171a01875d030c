//! What an app must carry as a whole: its first rollout brings complete info, both
//! platforms and all webview links, and its effective info keeps a support contact.

use super::apps::AppGroup;
use crate::diagnostic::Diagnostic;
use crate::model::{AppInfo, RolloutRequest, Support};
use crate::validate::LoadedFile;

const HELP: &str = "the first rollout of an app carries full info (name, short description, \
                    icon, support), Android and iOS builds, and test, staging and production \
                    webview links";

/// Reports every part the app's first rollout (in rollout order) leaves out.
pub fn first_rollout(group: &AppGroup<'_>) -> Vec<Diagnostic> {
    if !group.has_app_file {
        // `rule-missing-app` already reports these rollouts; which is first is moot.
        return Vec::new();
    }
    let Some((file, rollout)) = group.rollouts.first() else { return Vec::new() };
    missing_parts(rollout)
        .into_iter()
        .map(|(parent, key)| {
            let id = rollout.id.as_str();
            super::missing_under(
                super::FIRST_ROLLOUT_INCOMPLETE,
                file,
                parent,
                key,
                format!("`{id}` is the app's first rollout but has no `{}`", dotted(parent, key)),
            )
            .with_help(HELP)
        })
        .collect()
}

/// Lists what a first rollout lacks, as `(parent pointer, key)`.
fn missing_parts(rollout: &RolloutRequest) -> Vec<(&'static str, &'static str)> {
    let mut missing = Vec::new();
    match &rollout.info {
        None => missing.push(("", "info")),
        Some(info) => {
            let fields = [
                ("name", info.name.is_some()),
                ("short_description", info.short_description.is_some()),
                ("icon", info.icon.is_some()),
                ("support", info.support.as_ref().is_some_and(has_contact)),
            ];
            missing.extend(fields.iter().filter(|(_, has)| !has).map(|(key, _)| ("/info", *key)));
        }
    }
    if rollout.android.is_none() {
        missing.push(("", "android"));
    }
    if rollout.ios.is_none() {
        missing.push(("", "ios"));
    }
    match &rollout.webview {
        None => missing.push(("", "webview")),
        Some(webview) => {
            let links = [
                ("test", webview.test.is_some()),
                ("staging", webview.staging.is_some()),
                ("production", webview.production.is_some()),
            ];
            missing.extend(links.iter().filter(|(_, has)| !has).map(|(key, _)| ("/webview", *key)));
        }
    }
    missing
}

fn dotted(parent: &str, key: &str) -> String {
    match parent.strip_prefix('/') {
        Some(parent) => format!("{parent}.{key}"),
        None => key.to_owned(),
    }
}

/// Reports an app whose effective info (`app.yaml`, then each rollout's changes in order)
/// has neither a support email nor a support phone.
pub fn support(group: &AppGroup<'_>) -> Option<Diagnostic> {
    let (file, app) = group.app?;
    let mut support = app.info.support.clone();
    let mut source: &LoadedFile = file;
    for (rollout_file, rollout) in &group.rollouts {
        if let Some(AppInfo { support: Some(changed), .. }) = &rollout.info {
            support = Some(changed.clone());
            source = rollout_file;
        }
    }
    if support.as_ref().is_some_and(has_contact) {
        return None;
    }
    let finding = super::missing_under(
        super::SUPPORT_MISSING,
        source,
        "/info",
        "support",
        format!("app `{}` has neither a support email nor a support phone", app.id),
    )
    .with_help("add `support.email` or `support.phone` to the app's info");
    Some(finding)
}

fn has_contact(support: &Support) -> bool {
    let given =
        |value: &Option<String>| value.as_deref().is_some_and(|text| !text.trim().is_empty());
    given(&support.email) || given(&support.phone)
}
