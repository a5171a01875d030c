//! Computes every item's lifecycle for `status` and `history`: replays the production
//! branch, then each branch not merged into it for the rollouts open there.

use std::collections::HashMap;
use std::io::IsTerminal;

use git2::Oid;
use time::{Duration, OffsetDateTime, UtcOffset};

use crate::diagnostic::Diagnostic;
use crate::history::{BranchTip, HistoryError, Repository};
use crate::lifecycle::documents::{Documents, Fact};
use crate::lifecycle::replay::Line;
use crate::lifecycle::{
    Item, ItemId, Reader, ReviewStanding, State, Transition, UNAPPROVED_ON_PRODUCTION, app_state,
};
use crate::lifecycle::{branches, cache};
use crate::model::{self, CooperationStatus, ReviewVerdict};
use crate::registry;
use crate::validate::Typed;

/// Says what to compute and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Reads documents; `validate::read_typed` in the binary.
    pub reader: Reader,
    /// Reads the production line from this revision instead of the production branch,
    /// and skips open branches (`--at`).
    pub revision: Option<String>,
    /// The clock for ages and overdue items (`--now`).
    pub now: OffsetDateTime,
    /// Whether to draw a progress bar on stderr (only drawn when it is a terminal).
    pub progress: bool,
}

/// Reports why the lifecycle could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    /// The repository is a shallow clone.
    #[error("the repository is a shallow clone, so its history is incomplete")]
    Shallow,
    /// The repository has no commit.
    #[error("the repository has no commits yet")]
    Empty,
    /// The revision read has no `registry.yaml`.
    #[error("no registry at `{revision}`: `registry.yaml` is missing")]
    NoRegistry {
        /// The revision read.
        revision: String,
    },
    /// The production branch exists neither locally nor as a remote-tracking branch.
    #[error("the production branch `{branch}` does not exist")]
    ProductionMissing {
        /// The branch `registry.yaml` names.
        branch: String,
    },
    /// Reading history failed.
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// Holds every item's computed lifecycle and the settings it was computed with.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every item, by id; an item open on several branches appears once per branch.
    pub items: Vec<Item>,
    /// The registry settings read at the revision.
    pub settings: model::Registry,
    /// The offset times are displayed in.
    pub offset: UtcOffset,
    /// The production branch's name, or the revision given with `--at`.
    pub production: String,
    /// The clock used.
    pub now: OffsetDateTime,
}

/// Computes every item's lifecycle from a repository's history.
pub fn compute(repo: &Repository, options: &Options) -> Result<Report, LifecycleError> {
    compute_with(repo, options, false)
}

/// Computes every item's lifecycle like `compute`, reusing and then updating the cache in
/// the repository's git folder (`.git/miniapp/`), with the same result.
pub fn compute_cached(repo: &Repository, options: &Options) -> Result<Report, LifecycleError> {
    compute_with(repo, options, true)
}

fn compute_with(
    repo: &Repository,
    options: &Options,
    use_cache: bool,
) -> Result<Report, LifecycleError> {
    if repo.is_shallow() {
        return Err(LifecycleError::Shallow);
    }
    if repo.is_empty()? {
        return Err(LifecycleError::Empty);
    }
    let revision = options.revision.clone().unwrap_or_else(|| "HEAD".to_owned());
    let at = repo.resolve(&revision)?;
    let Some(bytes) = repo.file_at(at, "registry.yaml")? else {
        return Err(LifecycleError::NoRegistry { revision });
    };
    let settings = match (options.reader)("registry.yaml", &bytes) {
        Some(Typed::Registry(settings)) => settings,
        _ => model::Registry::default(),
    };
    let offset = parse_offset(&settings.timezone);
    let (production, tip) = match &options.revision {
        Some(revision) => (revision.clone(), at),
        None => {
            let branch = repo.branch_tip(&settings.production_branch).ok_or_else(|| {
                LifecycleError::ProductionMissing { branch: settings.production_branch.clone() }
            })?;
            (branch.name, branch.tip)
        }
    };
    tracing::debug!(production, %tip, "reading the production line");

    let progress = progress_bar(options.progress);
    let mut documents = Documents::new(options.reader);
    let cached = if use_cache { cache::load(repo) } else { None };
    let (cached_line, cached_branches) = match cached {
        Some(cache) => (Some((cache.tip, cache.line)), cache.branches),
        None => (None, Vec::new()),
    };
    let open = match options.revision {
        Some(_) => Vec::new(),
        None => submissions(repo, tip, at)?,
    };
    let resumed = resume(repo, tip, cached_line, &mut documents, &progress)?;
    // Without a line to resume, the production line is replayed in the branches' pass.
    let (main, entries) =
        branches::read(repo, tip, resumed, &open, &cached_branches, &mut documents, &progress)?;
    progress.finish_and_clear();
    // A run with `--at` reads an older line: it leaves the cache to the production branch.
    // A run that met an unreadable object computed states without it: never keep those.
    if use_cache && options.revision.is_none() && !crate::integrity::any() {
        cache::save(repo, tip, &main, &entries);
    }
    let mut open_items = Vec::new();
    for (entry, branch) in entries.iter().zip(&open) {
        open_items.extend(branches::items(&main, entry, branch));
    }
    let overlays = open_rollout_overlays(&open_items, &main, &mut documents, repo);
    // The production line is consumed here: its timelines move into the items, uncopied.
    let mut items = production_items(main, &production, overlays);
    items.extend(open_items);

    mark_overdue(&mut items, &settings.limits, options.now);
    items.sort_by(|a, b| (&a.id, &a.branch).cmp(&(&b.id, &b.branch)));
    Ok(Report { items, settings, offset, production, now: options.now })
}

/// Resumes the cached production line up to `tip` when the cached tip is on `tip`'s
/// first-parent line; `None` when there is no such line to resume (no cache, or a
/// rewritten history), and the line must be replayed from the root.
fn resume(
    repo: &Repository,
    tip: Oid,
    cached: Option<(Oid, Line)>,
    documents: &mut Documents,
    progress: &indicatif::ProgressBar,
) -> Result<Option<Line>, HistoryError> {
    let Some((cached_tip, mut line)) = cached.filter(|(_, line)| line.items.production) else {
        return Ok(None);
    };
    let mut newer = Vec::new();
    let mut at = Some(tip);
    while let Some(id) = at {
        if id == cached_tip {
            tracing::debug!(%cached_tip, new = newer.len(), "resuming from the lifecycle cache");
            newer.reverse();
            progress.set_length(newer.len() as u64);
            line.advance_all(repo, &newer, documents, progress)?;
            return Ok(Some(line));
        }
        newer.push(id);
        at = repo.first_parent(id)?;
    }
    tracing::debug!(%cached_tip, "the cached tip is not on the production line: replaying all");
    Ok(None)
}

/// Lists the branches to read open rollouts from, with a detached HEAD as `HEAD`.
fn submissions(repo: &Repository, tip: Oid, head: Oid) -> Result<Vec<BranchTip>, HistoryError> {
    let mut branches = repo.open_branches(tip)?;
    let head_is_new = head != tip && !branches.iter().any(|branch| branch.tip == head);
    if repo.is_head_detached() && head_is_new && repo.merge_base(head, tip) != Some(head) {
        branches.push(BranchTip { name: "HEAD".to_owned(), tip: head });
    }
    Ok(branches)
}

/// Turns the production line's tracks into items, with each app's overlay transition.
fn production_items(
    main: Line,
    production: &str,
    mut overlays: HashMap<ItemId, Transition>,
) -> Vec<Item> {
    let Line { files, items: tracks } = main;
    let mut items = Vec::new();
    for (id, track) in tracks.into_tracks() {
        if track.timeline.is_empty() {
            continue;
        }
        let mut findings = Vec::new();
        if let ItemId::Rollout(partner, app, rollout) = &id {
            let path = registry::rollout_path(partner, app, rollout);
            let approved = track.standing == Some(ReviewStanding::Current(ReviewVerdict::Approved));
            if files.has(&path) && !approved {
                findings.push(unapproved_finding(&path, rollout, production));
            }
        }
        let mut timeline = track.timeline;
        timeline.extend(overlays.remove(&id));
        items.push(Item {
            id,
            timeline,
            revisions: track.revisions,
            branch: None,
            overdue: false,
            findings,
        });
    }
    items
}

fn unapproved_finding(path: &str, rollout: &str, production: &str) -> Diagnostic {
    Diagnostic::error(
        UNAPPROVED_ON_PRODUCTION,
        path,
        format!("rollout `{rollout}` is on `{production}` without a current approval"),
    )
    .with_help(
        "a rollout lands only with a review that approves its exact content; \
         add an approving review for this content, or revert the change",
    )
}

/// Returns, for each app on the production branch with a rollout open on a branch, the
/// move to `in-review` or `updating` from the time the earliest such rollout was submitted;
/// none for an app already in the state it would move to.
fn open_rollout_overlays(
    open_items: &[Item],
    main: &Line,
    documents: &mut Documents,
    repo: &Repository,
) -> HashMap<ItemId, Transition> {
    let mut earliest: HashMap<ItemId, &Transition> = HashMap::new();
    for item in open_items.iter().filter(|item| item.state().is_open_rollout()) {
        let (ItemId::Rollout(partner, app, _), Some(first)) = (&item.id, item.timeline.first())
        else {
            continue;
        };
        let owner = ItemId::App(partner.clone(), app.clone());
        let slot = earliest.entry(owner).or_insert(first);
        if first.provenance.time < slot.provenance.time {
            *slot = first;
        }
    }
    let mut overlays = HashMap::new();
    for (id, first) in earliest {
        let ItemId::App(partner, app) = &id else { continue };
        let Some(current) = main.items.track(&id).and_then(|track| track.state()) else {
            continue;
        };
        let cooperation = cooperation_of(main, documents, repo, partner, app);
        let has_live = main
            .items
            .app_rollouts(partner, app)
            .any(|(_, track)| track.state() == Some(State::Live));
        let state = app_state(cooperation, has_live, true);
        if state != current {
            overlays.insert(id, Transition { state, provenance: first.provenance.clone() });
        }
    }
    overlays
}

fn cooperation_of(
    main: &Line,
    documents: &mut Documents,
    repo: &Repository,
    partner: &str,
    app: &str,
) -> Option<CooperationStatus> {
    let path = format!("{}/cooperation.yaml", registry::app_dir(partner, app));
    let blob = main.files.blob(&path)?;
    match documents.read(repo, &path, blob) {
        Some(Fact::Cooperation(status)) => Some(status),
        _ => None,
    }
}

/// Marks apps `requested` and rollouts waiting for review longer than the limits allow.
fn mark_overdue(items: &mut [Item], limits: &model::Limits, now: OffsetDateTime) {
    for item in items {
        let limit = match item.state() {
            State::Requested => limits.cooperation_contact_days,
            State::Submitted | State::Resubmitted => limits.review_days,
            _ => continue,
        };
        let since = item.current().provenance.time;
        item.overdue = now - since > Duration::days(i64::from(limit));
    }
}

/// Parses a `+07:00`-style offset; the registry default when it cannot be read.
pub fn parse_offset(text: &str) -> UtcOffset {
    let format = time::macros::format_description!("[offset_hour sign:mandatory]:[offset_minute]");
    UtcOffset::parse(text, format).unwrap_or_else(|_| {
        tracing::warn!(timezone = text, "unreadable timezone in `registry.yaml`, using +07:00");
        UtcOffset::from_hms(7, 0, 0).expect("+07:00 is a valid offset")
    })
}

fn progress_bar(wanted: bool) -> indicatif::ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    let style =
        indicatif::ProgressStyle::with_template("{spinner} reading history {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
