//! Lifecycle computed over git histories built here with fixed signatures and times,
//! read with a JSON reader (JSON is YAML) so the states do not wait on the YAML loader.

use std::path::Path;

use git2::{IndexEntry, IndexTime, Oid, Signature, Time};
use miniapp::history::Repository;
use miniapp::lifecycle::{self, Item, Options, Report, State};
use miniapp::registry::{self, Kind, Place};
use miniapp::validate::Typed;
use time::OffsetDateTime;

/// 2024-03-01T00:00:00Z.
pub const START: i64 = 1_709_251_200;
pub const DAY: i64 = 86_400;

/// Builds a repository commit by commit, with a clock that moves one hour per commit.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub repo: git2::Repository,
    pub clock: std::cell::Cell<i64>,
    pub author: (String, String),
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = git2::Repository::init(dir.path()).expect("init");
        repo.set_head("refs/heads/main").expect("set head");
        Self {
            dir,
            repo,
            clock: std::cell::Cell::new(START),
            author: ("Partner Dev".to_owned(), "dev@acme.example".to_owned()),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn now(&self) -> i64 {
        self.clock.get()
    }

    pub fn as_author(&mut self, name: &str, email: &str) {
        self.author = (name.to_owned(), email.to_owned());
    }

    fn signature(&self) -> Signature<'static> {
        self.clock.set(self.clock.get() + 3600);
        let time = Time::new(self.clock.get(), 0);
        Signature::new(&self.author.0, &self.author.1, &time).expect("sig")
    }

    pub fn tip(&self, branch: &str) -> Option<Oid> {
        self.repo.refname_to_id(&format!("refs/heads/{branch}")).ok()
    }

    /// Creates `branch` at the tip of `from`.
    pub fn branch(&self, branch: &str, from: &str) {
        let tip = self.repo.find_commit(self.tip(from).expect("from exists")).expect("commit");
        self.repo.branch(branch, &tip, false).expect("branch");
    }

    /// Commits changes (`None` removes) on top of `branch`.
    pub fn commit(&self, branch: &str, changes: &[(&str, Option<&str>)]) -> Oid {
        self.commit_with_mode(branch, changes, 0o100644)
    }

    pub fn commit_with_mode(
        &self,
        branch: &str,
        changes: &[(&str, Option<&str>)],
        mode: u32,
    ) -> Oid {
        let parent = self.tip(branch).map(|id| self.repo.find_commit(id).expect("parent"));
        let mut index = git2::Index::new().expect("index");
        if let Some(parent) = &parent {
            index.read_tree(&parent.tree().expect("tree")).expect("read tree");
        }
        for (path, content) in changes {
            match content {
                Some(content) => {
                    let entry = IndexEntry {
                        ctime: IndexTime::new(0, 0),
                        mtime: IndexTime::new(0, 0),
                        dev: 0,
                        ino: 0,
                        mode,
                        uid: 0,
                        gid: 0,
                        file_size: content.len() as u32,
                        id: self.repo.blob(content.as_bytes()).expect("blob"),
                        flags: 0,
                        flags_extended: 0,
                        path: path.as_bytes().to_vec(),
                    };
                    index.add(&entry).expect("add");
                }
                None => index.remove_path(Path::new(path)).expect("remove"),
            }
        }
        let tree = index.write_tree_to(&self.repo).expect("write tree");
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.write_commit(branch, tree, &parents)
    }

    fn write_commit(&self, branch: &str, tree: Oid, parents: &[&git2::Commit<'_>]) -> Oid {
        let signature = self.signature();
        let tree = self.repo.find_tree(tree).expect("tree");
        let id = self
            .repo
            .commit(None, &signature, &signature, "change", &tree, parents)
            .expect("commit");
        self.repo
            .reference(&format!("refs/heads/{branch}"), id, true, "test")
            .expect("update branch");
        id
    }

    fn merged_tree(&self, into: &str, from: &str) -> (Oid, git2::Commit<'_>, git2::Commit<'_>) {
        let ours = self.repo.find_commit(self.tip(into).expect("into")).expect("ours");
        let theirs = self.repo.find_commit(self.tip(from).expect("from")).expect("theirs");
        let mut index = self.repo.merge_commits(&ours, &theirs, None).expect("merge");
        assert!(!index.has_conflicts(), "the fixture merge has conflicts");
        (index.write_tree_to(&self.repo).expect("write tree"), ours, theirs)
    }

    /// Merges `from` into `into` with a merge commit.
    pub fn merge(&self, into: &str, from: &str) -> Oid {
        let (tree, ours, theirs) = self.merged_tree(into, from);
        let signature = self.signature();
        let tree = self.repo.find_tree(tree).expect("tree");
        let id = self
            .repo
            .commit(None, &signature, &signature, "merge", &tree, &[&ours, &theirs])
            .expect("commit");
        self.repo.reference(&format!("refs/heads/{into}"), id, true, "merge").expect("ref");
        id
    }

    /// Squash-merges `from` into `into`: one ordinary commit with the merged tree.
    pub fn squash(&self, into: &str, from: &str) -> Oid {
        let (tree, ours, _) = self.merged_tree(into, from);
        let signature = self.signature();
        let tree = self.repo.find_tree(tree).expect("tree");
        let id = self
            .repo
            .commit(None, &signature, &signature, "squash", &tree, &[&ours])
            .expect("commit");
        self.repo.reference(&format!("refs/heads/{into}"), id, true, "squash").expect("ref");
        id
    }
}

/// Reads JSON documents into the typed model, standing in for the YAML loader.
pub fn json_reader(path: &str, bytes: &[u8]) -> Option<Typed> {
    let Place::Document { kind, .. } = registry::classify(path) else { return None };
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    fn to<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Option<T> {
        serde_json::from_value(value).ok()
    }
    Some(match kind {
        Kind::Registry => Typed::Registry(to(value)?),
        Kind::DefectCatalog => Typed::DefectCatalog(to(value)?),
        Kind::Partner => Typed::Partner(to(value)?),
        Kind::PartnerVerification => Typed::PartnerVerification(to(value)?),
        Kind::MiniApp => Typed::MiniApp(to(value)?),
        Kind::Cooperation => Typed::Cooperation(to(value)?),
        Kind::RolloutRequest => Typed::RolloutRequest(to(value)?),
        Kind::Review => Typed::Review(to(value)?),
    })
}

/// A `registry.yaml` that passes its schema, since `status` refuses one that does not.
pub const REGISTRY: &str = r#"{"apiVersion": "miniapp.momo.vn/v1", "kind": "Registry", "name": "Test",
"admins": [{"login": "admin"}], "reviewers": [{"login": "reviewer"}],
"limits": {"cooperation_contact_days": 5, "review_days": 3}}"#;
pub const PARTNER: &str = "partners/acme/partner.yaml";
pub const VERIFICATION: &str = "partners/acme/verification.yaml";
pub const APP: &str = "partners/acme/apps/shop/app.yaml";
pub const COOPERATION: &str = "partners/acme/apps/shop/cooperation.yaml";

pub fn rollout_path(id: &str) -> String {
    registry::rollout_path("acme", "shop", id)
}

pub fn review_path(id: &str) -> String {
    registry::review_path("acme", "shop", id)
}

/// A rollout carrying the given parts (`info`, `android`, `ios`, `webview`).
pub fn rollout(id: &str, build: u64, parts: &[&str]) -> String {
    let mut fields = vec![format!(
        r#""id": "{id}", "partner": "acme", "app": "shop", "description": "build {build}""#
    )];
    for part in parts {
        fields.push(match *part {
            "info" => r#""info": {"name": "Shop"}"#.to_owned(),
            "webview" => r#""webview": {"production": "https://shop.example"}"#.to_owned(),
            platform => format!(r#""{platform}": {{"version": "1.0.{build}", "build": {build}}}"#),
        });
    }
    format!("{{{}}}", fields.join(", "))
}

pub const ALL_PARTS: &[&str] = &["info", "android", "ios", "webview"];

pub fn review(id: &str, verdict: &str) -> String {
    format!(
        r#"{{"rollout": "{id}", "partner": "acme", "app": "shop", "reviewer": "rev",
"verdict": "{verdict}"}}"#
    )
}

pub fn cooperation(status: &str) -> String {
    format!(r#"{{"partner": "acme", "app": "shop", "status": "{status}", "contact": "rev"}}"#)
}

pub fn verification(decision: &str) -> String {
    format!(r#"{{"partner": "acme", "decision": "{decision}", "reviewer": "rev"}}"#)
}

/// Commits a registry with a partner and an app whose cooperation is completed.
pub fn registry_in_development(fixture: &Fixture) {
    fixture.commit("main", &[("registry.yaml", Some(REGISTRY)), (PARTNER, Some("{}"))]);
    fixture.commit("main", &[(VERIFICATION, Some(&verification("verified")))]);
    fixture.commit("main", &[(APP, Some("{}"))]);
    fixture.commit("main", &[(COOPERATION, Some(&cooperation("in-progress")))]);
    fixture.commit("main", &[(COOPERATION, Some(&cooperation("completed")))]);
}

pub fn compute_at(fixture: &Fixture, now: i64) -> Report {
    let repo = Repository::open(fixture.path()).expect("open");
    let options = Options {
        reader: json_reader,
        revision: None,
        now: OffsetDateTime::from_unix_timestamp(now).expect("time"),
        progress: false,
    };
    lifecycle::compute(&repo, &options).expect("compute")
}

pub fn compute(fixture: &Fixture) -> Report {
    compute_at(fixture, fixture.now() + 3600)
}

pub fn find<'a>(report: &'a Report, id: &str, branch: Option<&str>) -> &'a Item {
    report
        .items
        .iter()
        .find(|item| item.id.to_string() == id && item.branch.as_deref() == branch)
        .unwrap_or_else(|| panic!("no item `{id}` on {branch:?} in {:#?}", report.items))
}

pub fn states(item: &Item) -> Vec<State> {
    item.timeline.iter().map(|transition| transition.state).collect()
}

const R1: &str = "acme/shop/rollouts/1.0.0";

#[test]
fn partner_and_app_move_through_verification_and_cooperation() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);

    let report = compute(&fixture);

    let partner = find(&report, "acme", None);
    assert_eq!(states(partner), [State::PendingVerification, State::Verified]);
    assert_eq!(&*partner.current().provenance.file, VERIFICATION);
    let app = find(&report, "acme/shop", None);
    assert_eq!(states(app), [State::Requested, State::Cooperating, State::Development]);
    assert_eq!(&*app.current().provenance.file, COOPERATION);
    assert_eq!(app.current().provenance.author.email, "dev@acme.example");
}

#[test]
fn a_rollout_goes_through_review_rounds_on_its_branch_and_lands_with_the_merge() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);
    fixture.branch("submit", "main");
    let v1 = rollout("1.0.0", 1, ALL_PARTS);
    let v2 = rollout("1.0.0", 2, ALL_PARTS);
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&v1))]);
    fixture
        .commit("submit", &[(&review_path("1.0.0"), Some(&review("1.0.0", "changes-requested")))]);
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&v2))]);
    fixture.commit("submit", &[(&review_path("1.0.0"), Some(&review("1.0.0", "approved")))]);

    let before = compute(&fixture);
    let open = find(&before, R1, Some("submit"));
    let expected = [State::Submitted, State::ChangesRequested, State::Resubmitted, State::Approved];
    assert_eq!(states(open), expected);
    assert_eq!(open.revisions, 1);
    assert_eq!(find(&before, "acme/shop", None).state(), State::InReview);

    let merge = fixture.merge("main", "submit");
    let after = compute(&fixture);
    let landed = find(&after, R1, None);
    let mut whole = expected.to_vec();
    whole.push(State::Live);
    assert_eq!(states(landed), whole, "the review rounds come from the merged branch");
    assert_eq!(landed.current().provenance.commit, merge, "live from the merge that landed it");
    assert_eq!(landed.revisions, 1);
    assert!(landed.findings.is_empty(), "{:?}", landed.findings);
    assert_eq!(find(&after, "acme/shop", None).state(), State::Live);
    assert!(after.items.iter().all(|item| item.branch.is_none()), "merged branch is not open");
}

#[test]
fn changing_an_approved_rollout_makes_the_approval_stale_and_changing_it_back_current() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);
    fixture.branch("submit", "main");
    let v1 = rollout("1.0.0", 1, ALL_PARTS);
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&v1))]);
    fixture.commit("submit", &[(&review_path("1.0.0"), Some(&review("1.0.0", "approved")))]);
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 9, ALL_PARTS)))]);

    let stale = compute(&fixture);
    assert_eq!(find(&stale, R1, Some("submit")).state(), State::Resubmitted);

    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&v1))]);
    let back = compute(&fixture);
    let item = find(&back, R1, Some("submit"));
    let expected = [State::Submitted, State::Approved, State::Resubmitted, State::Approved];
    assert_eq!(states(item), expected);
}

#[test]
fn a_merge_never_refreshes_a_review() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);
    fixture.branch("submit", "main");
    fixture.branch("reviewer", "main");
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 1, ALL_PARTS)))]);
    // The review is written where the rollout does not exist, then merged into the branch.
    fixture.commit("reviewer", &[(&review_path("1.0.0"), Some(&review("1.0.0", "approved")))]);
    fixture.merge("submit", "reviewer");

    let report = compute(&fixture);
    assert_eq!(find(&report, R1, Some("submit")).state(), State::Resubmitted);
}

#[test]
fn a_squash_merge_of_an_approved_rollout_lands_it() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);
    fixture.branch("submit", "main");
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 1, ALL_PARTS)))]);
    fixture.commit("submit", &[(&review_path("1.0.0"), Some(&review("1.0.0", "approved")))]);
    let squash = fixture.squash("main", "submit");
    fixture.repo.find_branch("submit", git2::BranchType::Local).expect("b").delete().expect("d");

    let report = compute(&fixture);
    let item = find(&report, R1, None);
    assert_eq!(states(item), [State::Live]);
    assert_eq!(item.current().provenance.commit, squash);
    assert!(item.findings.is_empty());
}

#[test]
fn reverting_an_approval_sends_the_rollout_back_to_review() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);
    fixture.branch("submit", "main");
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 1, ALL_PARTS)))]);
    fixture.commit("submit", &[(&review_path("1.0.0"), Some(&review("1.0.0", "approved")))]);
    fixture.commit("submit", &[(&review_path("1.0.0"), None)]);

    let report = compute(&fixture);
    let item = find(&report, R1, Some("submit"));
    assert_eq!(states(item), [State::Submitted, State::Approved, State::Submitted]);
    assert_eq!(*item.current().provenance.file, *review_path("1.0.0"));
}

#[test]
fn a_rollout_removed_before_approval_is_cancelled() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);
    fixture.branch("submit", "main");
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 1, ALL_PARTS)))]);
    fixture.commit("submit", &[(&rollout_path("1.0.0"), None)]);

    let report = compute(&fixture);
    let item = find(&report, R1, Some("submit"));
    assert_eq!(states(item), [State::Submitted, State::Cancelled]);
    assert_eq!(find(&report, "acme/shop", None).state(), State::Development);
}

fn land(fixture: &Fixture, id: &str, build: u64, parts: &[&str]) {
    let branch = format!("submit-{id}");
    fixture.branch(&branch, "main");
    fixture.commit(&branch, &[(&rollout_path(id), Some(&rollout(id, build, parts)))]);
    fixture.commit(&branch, &[(&review_path(id), Some(&review(id, "approved")))]);
    fixture.merge("main", &branch);
}

#[test]
fn newer_live_rollouts_supersede_an_older_one_part_by_part() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);
    land(&fixture, "1.0.0", 1, ALL_PARTS);
    land(&fixture, "1.1.0", 2, &["android"]);

    let partial = compute(&fixture);
    assert_eq!(find(&partial, R1, None).state(), State::Live, "still live for info, ios, webview");
    assert_eq!(find(&partial, "acme/shop/rollouts/1.1.0", None).state(), State::Live);

    land(&fixture, "1.2.0", 3, &["info", "ios", "webview"]);
    fixture.branch("next", "main");
    fixture.commit("next", &[(&rollout_path("1.3.0"), Some(&rollout("1.3.0", 4, &["ios"])))]);
    let report = compute(&fixture);
    assert_eq!(
        states(find(&report, R1, None)),
        [State::Submitted, State::Approved, State::Live, State::Superseded]
    );
    assert_eq!(find(&report, "acme/shop/rollouts/1.1.0", None).state(), State::Live);
    assert_eq!(find(&report, "acme/shop/rollouts/1.3.0", Some("next")).state(), State::Submitted);
    assert_eq!(find(&report, "acme/shop", None).state(), State::Updating);
}

#[test]
fn requested_apps_become_overdue_after_the_contact_limit() {
    let fixture = Fixture::new();
    fixture.commit("main", &[("registry.yaml", Some(REGISTRY)), (PARTNER, Some("{}"))]);
    fixture.commit("main", &[(APP, Some("{}"))]);
    let landed = fixture.now();

    let early = compute_at(&fixture, landed + 4 * DAY);
    assert!(!find(&early, "acme/shop", None).overdue);
    let late = compute_at(&fixture, landed + 6 * DAY);
    let app = find(&late, "acme/shop", None);
    assert_eq!(app.state(), State::Requested);
    assert!(app.overdue);
}

#[test]
fn a_rollout_merged_without_approval_is_an_integrity_finding() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);
    fixture.branch("submit", "main");
    fixture.commit("submit", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 1, ALL_PARTS)))]);
    fixture.merge("main", "submit");

    let report = compute_at(&fixture, fixture.now() + 4 * DAY);
    let item = find(&report, R1, None);
    assert_eq!(item.state(), State::Submitted);
    assert!(item.overdue, "waiting for review longer than 3 days");
    let codes: Vec<&str> = item.findings.iter().map(|finding| finding.code).collect();
    assert_eq!(codes, [lifecycle::UNAPPROVED_ON_PRODUCTION]);
    assert_eq!(find(&report, "acme/shop", None).state(), State::InReview);
}

#[test]
fn a_detached_head_is_read_as_an_open_submission() {
    let fixture = Fixture::new();
    registry_in_development(&fixture);
    fixture.branch("submit", "main");
    let head = fixture
        .commit("submit", &[(&rollout_path("1.0.0"), Some(&rollout("1.0.0", 1, ALL_PARTS)))]);
    fixture.repo.set_head_detached(head).expect("detach");
    fixture.repo.find_branch("submit", git2::BranchType::Local).expect("b").delete().expect("d");

    let report = compute(&fixture);
    assert_eq!(find(&report, R1, Some("HEAD")).state(), State::Submitted);
}

#[test]
fn snapshot_at_reads_files_and_symlinks() {
    let fixture = Fixture::new();
    fixture.commit("main", &[("registry.yaml", Some(REGISTRY))]);
    fixture.commit_with_mode("main", &[("partners/acme/link.yaml", Some("../x"))], 0o120000);
    let repo = Repository::open(fixture.path()).expect("open");

    let snapshot = repo.snapshot_at("main").expect("snapshot");
    assert_eq!(snapshot.file("registry.yaml"), Some(REGISTRY.as_bytes()));
    assert_eq!(
        snapshot.get("partners/acme/link.yaml"),
        Some(&registry::Entry::Symlink("../x".to_owned()))
    );
    let first = repo.snapshot_at("main~1").expect("snapshot");
    assert_eq!(first.len(), 1);
}
