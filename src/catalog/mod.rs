//! The production catalog: every live app with its info, live builds and webview links,
//! and for each part the rollout and commit that made it live, built from the lifecycle
//! report. Computing states is left to `lifecycle`; tagging to `tags`.

mod tags;

use std::collections::BTreeMap;

use git2::Oid;
use serde::Serialize;
use time::UtcOffset;
use time::format_description::well_known::Rfc3339;

use crate::history::{HistoryError, Repository};
use crate::lifecycle::{ItemId, Provenance, Report, State};
use crate::model::{self, RolloutPart, Support};
use crate::registry::{self, Snapshot};
use crate::validate::{Typed, read_typed};

pub use tags::{TagOutcome, tag_live_rollouts};

/// The catalog's JSON Schema (2020-12), `schemas/catalog.schema.json`.
pub const SCHEMA: &str = include_str!("../../schemas/catalog.schema.json");

/// The `kind` of a catalog document.
pub const KIND: &str = "Catalog";

/// Holds `catalog.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    /// Always `miniapp.momo.vn/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: &'static str,
    /// Always `Catalog`.
    pub kind: &'static str,
    /// The production branch (or revision) and the commit read.
    pub production: Production,
    /// Every live app, by partner and app slug.
    pub apps: Vec<CatalogApp>,
}

/// Names the production revision a catalog was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Production {
    /// The branch name, or the revision given with `--at`.
    pub branch: String,
    /// The commit read.
    pub commit: String,
}

/// Describes one live app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogApp {
    /// Partner slug.
    pub partner: String,
    /// App slug.
    pub app: String,
    /// The AppId MoMo assigned.
    pub app_id: Option<String>,
    /// App info as live: `app.yaml` overlaid with every landed rollout's info, in order.
    pub info: LiveInfo,
    /// The live Android build.
    pub android: Option<LiveBuild>,
    /// The live iOS build.
    pub ios: Option<LiveBuild>,
    /// The live webview links, overlaid like the info.
    pub webview: model::Webview,
    /// For each part, the rollout that last brought it live.
    pub parts: BTreeMap<RolloutPart, PartSource>,
}

/// Describes live app info; the icon as a registry path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LiveInfo {
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Short description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_description: Option<String>,
    /// Icon file, registry-relative (`partners/<p>/apps/<a>/icon.png`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Support contacts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<Support>,
    /// Category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// Describes one platform's live build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveBuild {
    /// Semantic version.
    pub version: String,
    /// Build number.
    pub build: u64,
    /// `NORMAL`, `IMMEDIATELY` or `NOTIFY`.
    pub install_mode: String,
}

/// Names the rollout that made a part live and the production commit that landed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartSource {
    /// The rollout id.
    pub rollout: String,
    /// The commit on the production branch's first-parent line that landed it.
    pub commit: String,
    /// That commit's time, RFC 3339 at the registry's offset.
    pub landed: String,
}

/// Holds a rollout that has been live, with what it carried and when it landed.
#[derive(Debug, Clone)]
pub struct Landed {
    /// Partner, app and rollout id.
    pub partner: String,
    /// App slug.
    pub app: String,
    /// Rollout id.
    pub id: String,
    /// The rollout's content at the production tip, when readable.
    pub rollout: Option<model::RolloutRequest>,
    /// What made it live.
    pub provenance: Provenance,
    /// Its landing commit's place on the first-parent line.
    position: usize,
}

/// Reports a failure to build the catalog.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// Reading history failed.
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// Lists every rollout on the production line (at `tip`, read as `snapshot`) that has been
/// live, in landing order.
fn landed(
    repo: &Repository,
    report: &Report,
    tip: Oid,
    snapshot: &Snapshot,
) -> Result<Vec<Landed>, CatalogError> {
    let positions: BTreeMap<Oid, usize> = repo
        .first_parent_line(tip)?
        .into_iter()
        .enumerate()
        .map(|(position, id)| (id, position))
        .collect();
    let mut landed = Vec::new();
    for item in report.items.iter().filter(|item| item.branch.is_none()) {
        let ItemId::Rollout(partner, app, id) = &item.id else { continue };
        let Some(live) = item.timeline.iter().find(|transition| transition.state == State::Live)
        else {
            continue;
        };
        let path = registry::rollout_path(partner, app, id);
        let rollout = match snapshot.file(&path).and_then(|bytes| read_typed(&path, bytes)) {
            Some(Typed::RolloutRequest(rollout)) => Some(rollout),
            _ => None,
        };
        landed.push(Landed {
            partner: partner.clone(),
            app: app.clone(),
            id: id.clone(),
            rollout,
            provenance: live.provenance.clone(),
            position: positions.get(&live.provenance.commit).copied().unwrap_or(usize::MAX),
        });
    }
    landed.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
    Ok(landed)
}

/// Builds the catalog of every app that is live (or updating) on the production line, and
/// returns it with the rollouts that have been live, in landing order (what `--tag` tags).
pub fn build(repo: &Repository, report: &Report) -> Result<(Catalog, Vec<Landed>), CatalogError> {
    let tip = repo.resolve(&report.production)?;
    let snapshot = repo.snapshot_at(&tip.to_string())?;
    let landed = landed(repo, report, tip, &snapshot)?;
    let mut apps = Vec::new();
    for item in report.items.iter().filter(|item| item.branch.is_none()) {
        let ItemId::App(partner, app) = &item.id else { continue };
        if !matches!(item.state(), State::Live | State::Updating) {
            continue;
        }
        let rollouts = landed.iter().filter(|one| one.partner == *partner && one.app == *app);
        apps.push(live_app(&snapshot, partner, app, rollouts, report.offset));
    }
    apps.sort_by(|a, b| (&a.partner, &a.app).cmp(&(&b.partner, &b.app)));
    let catalog = Catalog {
        api_version: "miniapp.momo.vn/v1",
        kind: KIND,
        production: Production { branch: report.production.clone(), commit: tip.to_string() },
        apps,
    };
    Ok((catalog, landed))
}

fn live_app<'a>(
    snapshot: &Snapshot,
    partner: &str,
    app: &str,
    rollouts: impl Iterator<Item = &'a Landed>,
    offset: UtcOffset,
) -> CatalogApp {
    let dir = registry::app_dir(partner, app);
    let mut info = match read(snapshot, &format!("{dir}/app.yaml")) {
        Some(Typed::MiniApp(document)) => document.info,
        _ => model::AppInfo::default(),
    };
    let app_id = match read(snapshot, &format!("{dir}/cooperation.yaml")) {
        Some(Typed::Cooperation(cooperation)) => cooperation.app_id,
        _ => None,
    };
    let mut live = CatalogApp {
        partner: partner.to_owned(),
        app: app.to_owned(),
        app_id,
        info: LiveInfo::default(),
        android: None,
        ios: None,
        webview: model::Webview::default(),
        parts: BTreeMap::new(),
    };
    for landed in rollouts {
        let Some(rollout) = &landed.rollout else { continue };
        if let Some(changes) = &rollout.info {
            overlay_info(&mut info, changes);
        }
        if let Some(links) = &rollout.webview {
            overlay_links(&mut live.webview, links);
        }
        let build = |version: &model::PlatformVersion| LiveBuild {
            version: version.version.clone(),
            build: version.build,
            install_mode: version.install_mode.clone(),
        };
        live.android = rollout.android.as_ref().map(build).or(live.android);
        live.ios = rollout.ios.as_ref().map(build).or(live.ios);
        for part in rollout.parts() {
            live.parts.insert(part, source(landed, offset));
        }
    }
    live.info = LiveInfo {
        name: info.name,
        short_description: info.short_description,
        icon: info.icon.map(|icon| format!("{dir}/{icon}")),
        support: info.support,
        category: info.category,
    };
    live
}

fn source(landed: &Landed, offset: UtcOffset) -> PartSource {
    let time = landed.provenance.time.to_offset(offset);
    PartSource {
        rollout: landed.id.clone(),
        commit: landed.provenance.commit.to_string(),
        landed: time.format(&Rfc3339).unwrap_or_default(),
    }
}

fn overlay_info(info: &mut model::AppInfo, changes: &model::AppInfo) {
    let fields = [
        (&mut info.name, &changes.name),
        (&mut info.short_description, &changes.short_description),
        (&mut info.icon, &changes.icon),
        (&mut info.category, &changes.category),
    ];
    for (field, change) in fields {
        if change.is_some() {
            field.clone_from(change);
        }
    }
    if changes.support.is_some() {
        info.support.clone_from(&changes.support);
    }
}

fn overlay_links(links: &mut model::Webview, changes: &model::Webview) {
    let fields = [
        (&mut links.test, &changes.test),
        (&mut links.staging, &changes.staging),
        (&mut links.production, &changes.production),
    ];
    for (field, change) in fields {
        if change.is_some() {
            field.clone_from(change);
        }
    }
}

fn read(snapshot: &Snapshot, path: &str) -> Option<Typed> {
    snapshot.file(path).and_then(|bytes| read_typed(path, bytes))
}

/// Renders the catalog as pretty JSON with a final newline; the same input gives the same
/// bytes, since every map is ordered and no clock is read.
pub fn to_json(catalog: &Catalog) -> String {
    let mut text =
        serde_json::to_string_pretty(catalog).expect("a catalog of strings and numbers serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests;
