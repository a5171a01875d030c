//! Plans each partner's story as a list of actions (direct commits, pull-request branches,
//! merges) and decides, from the commit budget, how many review rounds each rollout takes.

use std::collections::VecDeque;

use crate::content::{self, PartnerNames, REVIEWERS};
use crate::random::Random;

/// Who makes a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The partner's maintainer.
    Partner,
    /// A MoMo reviewer, by index into `REVIEWERS`.
    Reviewer(usize),
}

/// One step of a partner's story.
#[derive(Debug, Clone)]
pub enum Action {
    /// A commit straight on the production branch.
    Main { message: String, who: Who, files: Vec<(String, File)> },
    /// Opens the partner's pull-request branch from the production branch's tip.
    Open { name: String },
    /// A commit on the open branch.
    Branch { message: String, who: Who, files: Vec<(String, File)> },
    /// Merges the open branch into the production branch with a merge commit.
    Merge { message: String },
}

/// A file's content: text, or the shared icon.
#[derive(Debug, Clone)]
pub enum File {
    Text(String),
    Icon,
}

/// How one rollout reaches the production branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Rollout and approving review in one commit (a squash merge): 1 commit.
    Squash,
    /// A branch with `rounds` changes-requested rounds, then approval and a merge commit:
    /// 3 + 2 × rounds commits.
    PullRequest { rounds: usize },
}

/// Picks rollout routes so the whole history comes near `budget` commits.
#[derive(Debug, Clone, Copy)]
pub struct Routes {
    /// Chance of a pull request instead of a squash, in millionths.
    pull_request: u64,
    /// Review rounds every pull request takes.
    rounds: usize,
    /// Chance of one more round, in millionths.
    extra_round: u64,
}

impl Routes {
    /// Spreads `budget` commits over `rollouts` rollouts.
    pub fn new(budget: usize, rollouts: usize) -> Self {
        let per = budget as f64 / rollouts.max(1) as f64;
        if per < 3.0 {
            let chance = ((per - 1.0) / 2.0).clamp(0.0, 1.0);
            return Self { pull_request: (chance * 1e6) as u64, rounds: 0, extra_round: 0 };
        }
        let rounds = (per - 3.0) / 2.0;
        Self {
            pull_request: 1_000_000,
            rounds: rounds.floor() as usize,
            extra_round: (rounds.fract() * 1e6) as u64,
        }
    }

    /// Picks one rollout's route.
    pub fn pick(&self, random: &mut Random) -> Route {
        if random.below(1_000_000) >= self.pull_request {
            return Route::Squash;
        }
        let extra = usize::from(random.below(1_000_000) < self.extra_round);
        Route::PullRequest { rounds: self.rounds + extra }
    }
}

/// Commits a partner's story takes before its rollouts.
pub fn commits_before_rollouts(apps: usize) -> usize {
    2 + 3 * apps
}

/// Plans partner `names`'s whole story: registration, verification, each app's
/// registration and cooperation, then its rollouts one after the other.
pub fn partner_story(
    names: &PartnerNames,
    apps: usize,
    rollouts: usize,
    routes: &Routes,
    random: &mut Random,
) -> VecDeque<Action> {
    let mut story = VecDeque::new();
    let base = format!("partners/{}", names.slug);
    let reviewer = random.below(REVIEWERS.len() as u64) as usize;
    let reviewer_login = REVIEWERS[reviewer];
    let main = |message: String, who: Who, files: Vec<(String, File)>| Action::Main {
        message,
        who,
        files,
    };
    story.push_back(main(
        format!("Register partner {}", names.slug),
        Who::Partner,
        vec![(format!("{base}/partner.yaml"), File::Text(content::partner(names)))],
    ));
    story.push_back(main(
        format!("Verify partner {}", names.slug),
        Who::Reviewer(reviewer),
        vec![(
            format!("{base}/verification.yaml"),
            File::Text(content::verification(names, reviewer_login)),
        )],
    ));
    for app in 0..apps {
        let slug = content::app_slug(app);
        let dir = format!("{base}/apps/{slug}");
        story.push_back(main(
            format!("Register app {}/{slug}", names.slug),
            Who::Partner,
            vec![
                (format!("{dir}/app.yaml"), File::Text(content::app(names, &slug))),
                (format!("{dir}/icon.png"), File::Icon),
            ],
        ));
        for completed in [false, true] {
            let text = content::cooperation(names, &slug, reviewer_login, completed);
            story.push_back(main(
                format!("Cooperation with {}/{slug}", names.slug),
                Who::Reviewer(reviewer),
                vec![(format!("{dir}/cooperation.yaml"), File::Text(text))],
            ));
        }
    }
    for index in 0..rollouts {
        for app in 0..apps {
            let route = routes.pick(random);
            rollout_story(names, app, index, route, reviewer, &mut story);
        }
    }
    story
}

/// Plans one rollout along its route.
pub fn rollout_story(
    names: &PartnerNames,
    app: usize,
    index: usize,
    route: Route,
    reviewer: usize,
    story: &mut VecDeque<Action>,
) {
    let slug = content::app_slug(app);
    let dir = format!("partners/{}/apps/{slug}", names.slug);
    let id = content::rollout_id(index);
    let rollout_path = format!("{dir}/rollouts/{id}.yaml");
    let review_path = format!("{dir}/reviews/{id}.yaml");
    let login = REVIEWERS[reviewer];
    let review = |round| File::Text(content::review(names, &slug, index, login, round));
    let rollout = |revision| File::Text(content::rollout(names, &slug, index, revision));
    let rounds = match route {
        Route::Squash => {
            story.push_back(Action::Main {
                message: format!("Roll out {}/{slug} {id}", names.slug),
                who: Who::Reviewer(reviewer),
                files: vec![(rollout_path, rollout(0)), (review_path, review(None))],
            });
            return;
        }
        Route::PullRequest { rounds } => rounds,
    };
    let branch = |message: String, who: Who, files| Action::Branch { message, who, files };
    story.push_back(Action::Open { name: format!("rollout/{}/{slug}/{id}", names.slug) });
    story.push_back(branch(
        format!("Request rollout {id}"),
        Who::Partner,
        vec![(rollout_path.clone(), rollout(0))],
    ));
    for round in 0..rounds {
        story.push_back(branch(
            format!("Request changes to {id}"),
            Who::Reviewer(reviewer),
            vec![(review_path.clone(), review(Some(round)))],
        ));
        story.push_back(branch(
            format!("Address review round {}", round + 1),
            Who::Partner,
            vec![(rollout_path.clone(), rollout(round + 1))],
        ));
    }
    story.push_back(branch(
        format!("Approve {id}"),
        Who::Reviewer(reviewer),
        vec![(review_path, review(None))],
    ));
    story.push_back(Action::Merge { message: format!("Merge rollout {}/{slug} {id}", names.slug) });
}
