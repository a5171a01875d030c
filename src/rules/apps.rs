//! Groups a registry's documents by app: its `app.yaml` and its rollouts in rollout order.
//! The rules over each group live in `rollouts` and `icons`.

use std::collections::BTreeMap;

use crate::model::{MiniApp, RolloutRequest};
use crate::registry::Kind;
use crate::validate::{Loaded, LoadedFile};

/// Holds one app's documents: the app file, when it exists, and its typed rollouts.
#[derive(Debug, Default)]
pub struct AppGroup<'a> {
    /// `app.yaml` and its typed view, when it loaded and passed its schema.
    pub app: Option<(&'a LoadedFile, &'a MiniApp)>,
    /// Whether `app.yaml` exists at all, typed or not.
    pub has_app_file: bool,
    /// Typed rollouts, in rollout order (see `order::compare_rollout_ids`).
    pub rollouts: Vec<(&'a LoadedFile, &'a RolloutRequest)>,
}

/// Groups typed apps and rollouts by `(partner, app)` as their paths name them.
pub fn group(loaded: &Loaded) -> BTreeMap<(String, String), AppGroup<'_>> {
    let mut groups: BTreeMap<(String, String), AppGroup<'_>> = BTreeMap::new();
    for (file, app) in loaded.apps() {
        if let Some(key) = app_key(file) {
            groups.entry(key).or_default().app = Some((file, app));
        }
    }
    for (file, rollout) in loaded.rollouts() {
        if file.kind != Kind::RolloutRequest || file.ids.rollout.is_none() {
            continue;
        }
        if let Some(key) = app_key(file) {
            groups.entry(key).or_default().rollouts.push((file, rollout));
        }
    }
    for ((partner, app), group) in &mut groups {
        let app_file = format!("{}/app.yaml", crate::registry::app_dir(partner, app));
        group.has_app_file = loaded.file(&app_file).is_some();
        group.rollouts.sort_by(|(a, _), (b, _)| {
            let id = |file: &LoadedFile| file.ids.rollout.clone().unwrap_or_default();
            super::order::compare_rollout_ids(&id(a), &id(b))
        });
    }
    groups
}

fn app_key(file: &LoadedFile) -> Option<(String, String)> {
    Some((file.ids.partner.clone()?, file.ids.app.clone()?))
}
