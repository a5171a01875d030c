//! Attempts the gate must refuse, each beside its honest variant, on histories built
//! in a temp dir.

use crate::gate::{self, Approval, Outcome, Request};
use crate::testing::{TestRepo, png};

const ADA: (&str, &str) = ("Ada Admin", "ada@momo.example");
const RITA: (&str, &str) = ("Rita Reviewer", "rita@momo.example");
const RON: (&str, &str) = ("Ron Reviewer", "ron@momo.example");
const ALICE: (&str, &str) = ("Alice Acme", "alice@acme.example");
const BOB: (&str, &str) = ("Bob Beta", "bob@beta.example");

const HEADER: &str = "apiVersion: miniapp.momo.vn/v1\n";

fn registry_yaml(extra_reviewer: &str) -> String {
    format!(
        "{HEADER}kind: Registry\nname: Test registry\nadmins:\n  - login: ada\n    email: ada@momo.example\n\
         reviewers:\n  - login: rita\n    email: rita@momo.example\n  - login: ron\n    email: ron@momo.example\n{extra_reviewer}"
    )
}

fn partner_yaml(id: &str, tax_code: &str, maintainers: &[(&str, &str)]) -> String {
    let mut text = format!(
        "{HEADER}kind: Partner\nid: {id}\norganization:\n  type: enterprise\n  name: Công ty {id}\n  \
         business_field: Bán lẻ\n  tax_code: \"{tax_code}\"\nm4b:\n  status: existing\n  account_id: M4B-{id}\n\
         contacts:\n  - name: Nguyễn Văn A\n    position: Giám đốc\n    email: a@{id}.example\n    phone: \"0912345678\"\nmaintainers:\n"
    );
    for (login, email) in maintainers {
        text.push_str(&format!("  - login: {login}\n    email: {email}\n"));
    }
    text
}

fn app_yaml(partner: &str, app: &str) -> String {
    format!(
        "{HEADER}kind: MiniApp\nid: {app}\npartner: {partner}\ninfo:\n  name: Ứng dụng {app}\n  \
         short_description: Mua sắm nhanh\n  icon: icon.png\n  support:\n    email: help@{partner}.example\n\
         source:\n  repository: https://git.example.vn/{partner}/{app}\n"
    )
}

fn cooperation_yaml(partner: &str, app: &str, app_id: &str) -> String {
    format!(
        "{HEADER}kind: Cooperation\npartner: {partner}\napp: {app}\nstatus: completed\ncontact: rita\napp_id: {app_id}\n"
    )
}

fn rollout_yaml(partner: &str, app: &str, id: &str, android: u64, ios: u64) -> String {
    format!(
        "{HEADER}kind: RolloutRequest\nid: {id}\npartner: {partner}\napp: {app}\ndescription: Bản phát hành {id}\n\
         info:\n  name: Ứng dụng {app}\n  short_description: Mua sắm nhanh\n  icon: icon.png\n  support:\n    email: help@{partner}.example\n\
         android:\n  version: {id}\n  build: {android}\nios:\n  version: {id}\n  build: {ios}\n\
         webview:\n  test: https://test.{partner}.example\n  staging: https://staging.{partner}.example\n  production: https://{partner}.example\n"
    )
}

fn android_rollout_yaml(partner: &str, app: &str, id: &str, build: u64) -> String {
    format!(
        "{HEADER}kind: RolloutRequest\nid: {id}\npartner: {partner}\napp: {app}\ndescription: Sửa lỗi Android\n\
         android:\n  version: {id}\n  build: {build}\n"
    )
}

fn review_yaml(partner: &str, app: &str, id: &str, reviewer: &str, approved: bool) -> String {
    let verdict = if approved {
        "verdict: approved\n".to_owned()
    } else {
        "verdict: changes-requested\ndefects:\n  - code: FUNC_BROKEN\n    pointer: /android\n    note: Ứng dụng bị treo\n".to_owned()
    };
    format!(
        "{HEADER}kind: Review\nrollout: {id}\npartner: {partner}\napp: {app}\nreviewer: {reviewer}\n{verdict}"
    )
}

const DEFECTS: &str = "apiVersion: miniapp.momo.vn/v1\nkind: DefectCatalog\ndefects:\n  FUNC_BROKEN:\n    en: A feature does not work\n    vi: Tính năng không hoạt động\n  OTHER:\n    en: Other\n    vi: Khác\n    blocking: false\n    note_required: true\n";

/// A production branch with two verified partners, a live app each, and an app of acme's
/// still waiting for MoMo; the returned repository is on a fresh `pr` branch.
fn scenario() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("registry.yaml", registry_yaml(""))
        .write("defects.yaml", DEFECTS)
        .write(
            "partners/acme/partner.yaml",
            partner_yaml("acme", "0100233488", &[("alice", ALICE.1)]),
        )
        .write("partners/beta/partner.yaml", partner_yaml("beta", "0314409058", &[("bob", BOB.1)]));
    for (partner, app, app_id) in
        [("acme", "shop", "vn.momo.shop"), ("beta", "cafe", "vn.momo.cafe")]
    {
        repo.write(&format!("partners/{partner}/apps/{app}/app.yaml"), app_yaml(partner, app))
            .write(&format!("partners/{partner}/apps/{app}/icon.png"), png(512))
            .write(
                &format!("partners/{partner}/apps/{app}/cooperation.yaml"),
                cooperation_yaml(partner, app, app_id),
            );
    }
    repo.write("partners/acme/apps/later/app.yaml", app_yaml("acme", "later"))
        .write("partners/acme/apps/later/icon.png", png(512));
    repo.commit(ADA.0, ADA.1, "Set up the registry");
    repo.write(
        "partners/acme/apps/shop/rollouts/1.0.0.yaml",
        rollout_yaml("acme", "shop", "1.0.0", 1, 2),
    );
    repo.commit(ALICE.0, ALICE.1, "Submit shop 1.0.0");
    repo.write(
        "partners/acme/apps/shop/reviews/1.0.0.yaml",
        review_yaml("acme", "shop", "1.0.0", "rita", true),
    );
    repo.commit(RITA.0, RITA.1, "Approve shop 1.0.0");
    repo.branch("pr");
    repo
}

fn judge(repo: &TestRepo, actor: &str) -> Outcome {
    let repository = crate::history::Repository::open(repo.path()).expect("a repository");
    gate::check(&repository, &Request { base: "main", head: "pr", actor }).expect("the gate runs")
}

fn codes(outcome: &Outcome) -> Vec<&'static str> {
    outcome.diagnostics.iter().map(|diagnostic| diagnostic.code).collect()
}

fn refused(outcome: &Outcome, code: &str) {
    assert!(!outcome.mergeable, "expected not mergeable: {:#?}", outcome.diagnostics);
    assert!(codes(outcome).contains(&code), "expected `{code}` in {:#?}", outcome.diagnostics);
    let finding = outcome.diagnostics.iter().find(|d| d.code == code).expect("finding");
    assert!(!finding.message.is_empty());
}

fn no_errors(outcome: &Outcome) {
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "expected no blocking finding: {errors:#?}");
}

const NEW_ROLLOUT: &str = "partners/acme/apps/shop/rollouts/1.1.0.yaml";
const NEW_REVIEW: &str = "partners/acme/apps/shop/reviews/1.1.0.yaml";

#[test]
fn the_scenario_itself_is_valid() {
    let mut repo = scenario();
    repo.write("partners/acme/apps/shop/README.txt", "oops");
    repo.commit(ALICE.0, ALICE.1, "Add a stray file");
    let outcome = judge(&repo, "alice");
    // Only the stray file is wrong: the base registry validates clean.
    assert_eq!(codes(&outcome), vec!["registry-unknown-file"], "{:#?}", outcome.diagnostics);
}

#[test]
fn partner_editing_another_partners_app() {
    let mut repo = scenario();
    repo.write(
        "partners/beta/apps/cafe/app.yaml",
        app_yaml("beta", "cafe").replace("Mua sắm nhanh", "Cà phê"),
    );
    repo.commit(ALICE.0, ALICE.1, "Edit beta's app");
    refused(&judge(&repo, "alice"), "gate-not-owner");

    let mut honest = scenario();
    honest.write(
        "partners/acme/apps/shop/app.yaml",
        app_yaml("acme", "shop").replace("Mua sắm nhanh", "Mua sắm"),
    );
    honest.commit(ALICE.0, ALICE.1, "Edit my app");
    let outcome = judge(&honest, "alice");
    no_errors(&outcome);
    assert!(outcome.mergeable);
}

#[test]
fn partner_approving_its_own_rollout() {
    let mut repo = scenario();
    repo.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 3, 4));
    repo.commit(ALICE.0, ALICE.1, "Submit 1.1.0");
    repo.write(NEW_REVIEW, review_yaml("acme", "shop", "1.1.0", "rita", true));
    repo.commit(ALICE.0, ALICE.1, "Approve it myself");
    refused(&judge(&repo, "alice"), "gate-not-owner");

    let mut honest = scenario();
    honest.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 3, 4));
    honest.commit(ALICE.0, ALICE.1, "Submit 1.1.0");
    let waiting = judge(&honest, "alice");
    no_errors(&waiting);
    assert!(!waiting.mergeable, "a rollout without review waits");
    assert_eq!(waiting.rollouts[0].approval, Approval::Missing);
    honest.write(NEW_REVIEW, review_yaml("acme", "shop", "1.1.0", "rita", true));
    honest.commit(RITA.0, RITA.1, "Approve 1.1.0");
    let approved = judge(&honest, "alice");
    no_errors(&approved);
    assert!(approved.mergeable, "{:#?}", approved.diagnostics);
}

#[test]
fn partner_adding_itself_as_reviewer() {
    let extra = "  - login: alice\n    email: alice@acme.example\n";
    let mut repo = scenario();
    repo.write("registry.yaml", registry_yaml(extra));
    repo.commit(ALICE.0, ALICE.1, "Make me a reviewer");
    refused(&judge(&repo, "alice"), "gate-not-owner");

    let mut honest = scenario();
    honest.write("registry.yaml", registry_yaml(extra));
    honest.commit(ADA.0, ADA.1, "Add alice as reviewer");
    let outcome = judge(&honest, "ada");
    no_errors(&outcome);
    assert!(outcome.mergeable);
}

#[test]
fn partner_adding_itself_to_another_partner_and_editing_its_app() {
    let maintainers = [("bob", BOB.1), ("alice", ALICE.1)];
    let mut repo = scenario();
    repo.write("partners/beta/partner.yaml", partner_yaml("beta", "0314409058", &maintainers));
    repo.write(
        "partners/beta/apps/cafe/app.yaml",
        app_yaml("beta", "cafe").replace("Mua sắm nhanh", "Cà phê"),
    );
    repo.commit(ALICE.0, ALICE.1, "Join beta and edit its app");
    let outcome = judge(&repo, "alice");
    refused(&outcome, "gate-not-owner");
    let refused_paths: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "gate-not-owner")
        .map(|d| d.path.as_str())
        .collect();
    assert!(refused_paths.contains(&"partners/beta/apps/cafe/app.yaml"), "{refused_paths:?}");

    let mut honest = scenario();
    honest.write("partners/beta/partner.yaml", partner_yaml("beta", "0314409058", &maintainers));
    honest.commit(BOB.0, BOB.1, "Bob adds alice");
    no_errors(&judge(&honest, "bob"));
}

#[test]
fn reviewer_approving_a_rollout_they_authored() {
    let mut repo = scenario();
    repo.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 3, 4));
    repo.commit(RITA.0, RITA.1, "Rita writes the rollout");
    repo.write(NEW_REVIEW, review_yaml("acme", "shop", "1.1.0", "rita", true));
    repo.commit(RITA.0, RITA.1, "Rita approves it");
    let outcome = judge(&repo, "rita");
    // Rita may not write acme's rollout either; the self-approval is refused on its own.
    refused(&outcome, "gate-self-approval");

    let mut honest = scenario();
    honest.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 3, 4));
    honest.commit(ALICE.0, ALICE.1, "Submit 1.1.0");
    honest.write(NEW_REVIEW, review_yaml("acme", "shop", "1.1.0", "ron", true));
    honest.commit(RON.0, RON.1, "Ron approves");
    let outcome = judge(&honest, "alice");
    no_errors(&outcome);
    assert!(outcome.mergeable);
}

#[test]
fn change_after_approval_makes_it_stale() {
    let mut repo = scenario();
    repo.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 3, 4));
    repo.commit(ALICE.0, ALICE.1, "Submit 1.1.0");
    repo.write(NEW_REVIEW, review_yaml("acme", "shop", "1.1.0", "rita", true));
    repo.commit(RITA.0, RITA.1, "Approve 1.1.0");
    repo.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 5, 6));
    repo.commit(ALICE.0, ALICE.1, "Change the builds after approval");
    let outcome = judge(&repo, "alice");
    assert!(!outcome.mergeable);
    assert_eq!(outcome.rollouts[0].approval, Approval::Stale);
    assert!(codes(&outcome).contains(&"gate-approval-stale"));

    // Changing it back to the reviewed content makes the approval current again.
    repo.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 3, 4));
    repo.commit(ALICE.0, ALICE.1, "Back to the reviewed builds");
    let outcome = judge(&repo, "alice");
    assert!(outcome.mergeable, "{:#?}", outcome.diagnostics);
}

#[test]
fn changes_requested_is_not_mergeable() {
    let mut repo = scenario();
    repo.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 3, 4));
    repo.commit(ALICE.0, ALICE.1, "Submit 1.1.0");
    repo.write(NEW_REVIEW, review_yaml("acme", "shop", "1.1.0", "rita", false));
    repo.commit(RITA.0, RITA.1, "Request changes");
    let outcome = judge(&repo, "alice");
    assert!(!outcome.mergeable);
    assert_eq!(outcome.rollouts[0].approval, Approval::ChangesRequested);
}

#[test]
fn renaming_an_app_directory() {
    let mut repo = scenario();
    repo.write("partners/acme/apps/soon/app.yaml", app_yaml("acme", "soon"))
        .write("partners/acme/apps/soon/icon.png", png(512))
        .remove("partners/acme/apps/later/app.yaml")
        .remove("partners/acme/apps/later/icon.png");
    repo.commit(ALICE.0, ALICE.1, "Rename later to soon");
    refused(&judge(&repo, "alice"), "gate-renamed");

    let mut honest = scenario();
    honest
        .write("partners/acme/apps/soon/app.yaml", app_yaml("acme", "soon"))
        .write("partners/acme/apps/soon/icon.png", png(512));
    honest.commit(ALICE.0, ALICE.1, "Add a new app");
    no_errors(&judge(&honest, "alice"));
}

#[test]
fn editing_a_live_rollout() {
    let mut repo = scenario();
    repo.write(
        "partners/acme/apps/shop/rollouts/1.0.0.yaml",
        rollout_yaml("acme", "shop", "1.0.0", 1, 2).replace("Bản phát hành", "Phát hành"),
    );
    repo.commit(ALICE.0, ALICE.1, "Edit the live rollout");
    refused(&judge(&repo, "alice"), "gate-live-rollout-changed");

    let mut honest = scenario();
    honest.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 3, 4));
    honest.commit(ALICE.0, ALICE.1, "A new rollout instead");
    no_errors(&judge(&honest, "alice"));
}

#[test]
fn second_open_android_rollout() {
    let mut repo = scenario();
    repo.write(NEW_ROLLOUT, android_rollout_yaml("acme", "shop", "1.1.0", 3));
    repo.write(
        "partners/acme/apps/shop/rollouts/1.1.1.yaml",
        android_rollout_yaml("acme", "shop", "1.1.1", 5),
    );
    repo.commit(ALICE.0, ALICE.1, "Two Android rollouts");
    refused(&judge(&repo, "alice"), "gate-open-rollout-exists");

    let mut honest = scenario();
    honest.write(NEW_ROLLOUT, android_rollout_yaml("acme", "shop", "1.1.0", 3));
    honest.commit(ALICE.0, ALICE.1, "One Android rollout");
    no_errors(&judge(&honest, "alice"));
}

#[test]
fn rollout_for_an_app_still_requested() {
    let mut repo = scenario();
    repo.write(
        "partners/acme/apps/later/rollouts/1.0.0.yaml",
        rollout_yaml("acme", "later", "1.0.0", 1, 2),
    );
    repo.commit(ALICE.0, ALICE.1, "Roll out an app MoMo has not contacted");
    refused(&judge(&repo, "alice"), "gate-app-not-ready");
}

#[test]
fn change_touching_two_partners() {
    let note = "note: Đã liên hệ lại\n";
    let mut repo = scenario();
    for (partner, app, app_id) in
        [("acme", "shop", "vn.momo.shop"), ("beta", "cafe", "vn.momo.cafe")]
    {
        let path = format!("partners/{partner}/apps/{app}/cooperation.yaml");
        repo.write(&path, cooperation_yaml(partner, app, app_id) + note);
    }
    repo.commit(RITA.0, RITA.1, "Notes on two partners");
    refused(&judge(&repo, "rita"), "gate-several-partners");

    let mut honest = scenario();
    let path = "partners/acme/apps/shop/cooperation.yaml";
    honest.write(path, cooperation_yaml("acme", "shop", "vn.momo.shop") + note);
    honest.commit(RITA.0, RITA.1, "A note on one partner");
    no_errors(&judge(&honest, "rita"));
}

#[test]
fn merging_the_base_into_the_branch_adds_nothing_to_the_change() {
    let mut repo = scenario();
    repo.write(NEW_ROLLOUT, rollout_yaml("acme", "shop", "1.1.0", 3, 4));
    repo.commit(ALICE.0, ALICE.1, "Submit 1.1.0");
    repo.switch("main");
    repo.write(
        "partners/beta/apps/cafe/app.yaml",
        app_yaml("beta", "cafe").replace("Mua sắm nhanh", "Cà phê"),
    );
    repo.commit(BOB.0, BOB.1, "Beta edits its app on main");
    repo.switch("pr");
    repo.write(
        "partners/beta/apps/cafe/app.yaml",
        app_yaml("beta", "cafe").replace("Mua sắm nhanh", "Cà phê"),
    );
    let main = repo.repository.revparse_single("main").expect("main").id();
    let pr = repo.head_commit().expect("pr");
    repo.commit_with_parents(ALICE.0, ALICE.1, "Merge main into pr", &[pr, main]);
    let outcome = judge(&repo, "alice");
    no_errors(&outcome);
    let paths: Vec<&str> = outcome.change.files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(paths, vec![NEW_ROLLOUT]);
}

#[test]
fn symlink_pointing_outside() {
    let mut repo = scenario();
    repo.symlink("docs/secret.md", "../../../etc/passwd");
    repo.commit(ADA.0, ADA.1, "Link outside");
    refused(&judge(&repo, "ada"), "gate-symlink-escapes");

    let mut honest = scenario();
    honest.write("docs/notes.md", "notes");
    honest.commit(ADA.0, ADA.1, "A regular file");
    no_errors(&judge(&honest, "ada"));
}

#[test]
fn changing_an_app_id() {
    let mut repo = scenario();
    repo.write(
        "partners/acme/apps/shop/cooperation.yaml",
        cooperation_yaml("acme", "shop", "vn.momo.other"),
    );
    repo.commit(RITA.0, RITA.1, "Change the AppId");
    let outcome = judge(&repo, "rita");
    refused(&outcome, "gate-app-id-changed");
    let finding =
        outcome.diagnostics.iter().find(|d| d.code == "gate-app-id-changed").expect("finding");
    assert_eq!(finding.location.map(|l| l.line), Some(7), "points at the app_id line");
}

#[test]
fn icon_path_climbing_out() {
    let mut repo = scenario();
    repo.write(
        "partners/acme/apps/shop/app.yaml",
        app_yaml("acme", "shop").replace("icon: icon.png", "icon: ../../../../etc/passwd.png"),
    );
    repo.commit(ALICE.0, ALICE.1, "Icon outside");
    let outcome = judge(&repo, "alice");
    assert!(!outcome.mergeable);
    assert!(
        outcome.diagnostics.iter().any(|d| d.path == "partners/acme/apps/shop/app.yaml"
            && d.severity == crate::diagnostic::Severity::Error),
        "{:#?}",
        outcome.diagnostics
    );
}

#[test]
fn shallow_clone_is_refused() {
    let repo = scenario();
    let first = repo.head_commit().expect("a commit");
    let git_dir = repo.repository.path().to_path_buf();
    std::fs::write(git_dir.join("shallow"), format!("{first}\n")).expect("a writable .git");
    let repository = crate::history::Repository::open(repo.path()).expect("a repository");
    let request = Request { base: "main", head: "pr", actor: "alice" };
    let refused = gate::check(&repository, &request);
    assert!(matches!(refused, Err(gate::GateError::Shallow)), "{refused:?}");
}

#[test]
fn orphan_base_has_no_common_ancestor() {
    let repo = scenario();
    let git = &repo.repository;
    let tree = git.revparse_single("main").and_then(|main| main.peel_to_tree()).expect("a tree");
    let signature = git2::Signature::new(ADA.0, ADA.1, &git2::Time::new(1_709_254_800, 420))
        .expect("a signature");
    let orphan = git
        .commit(None, &signature, &signature, "A history of its own", &tree, &[])
        .expect("an orphan commit")
        .to_string();
    let repository = crate::history::Repository::open(repo.path()).expect("a repository");
    let request = Request { base: &orphan, head: "pr", actor: "alice" };
    let failed = gate::check(&repository, &request);
    assert!(
        matches!(&failed, Err(gate::GateError::NoMergeBase { base, head })
            if base == &orphan && head == "pr"),
        "{failed:?}"
    );
}
